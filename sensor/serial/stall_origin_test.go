package serial

import (
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// countTextConfig is a count-timed text port (a header ax,ay,az in g, no
// time column, 100 Hz given) with a lookahead of 8 lines.
func countTextConfig(path string) Config {
	cfg := Config{Device: path, Format: FormatText, Rate: 100}
	cfg.Text.AccUnit = "g"
	cfg.Text.Lookahead = 8
	return cfg
}

// wantOneGap checks that ss, count-timed at 100 Hz, steps by one period
// everywhere but before sample from, where T moves on by wall ± 0.15 s.
func wantOneGap(t *testing.T, ss []sensor.Sample, from int, wall float64) {
	t.Helper()
	var jump float64
	for i, d := range jumps(ss) {
		if i != from {
			t.Errorf("sample %d (T %.3f): T step %.3f s, want the gap before sample %d", i, ss[i].T, d, from)
			continue
		}
		jump = d
	}
	t.Logf("T moved on by %.3f s across a silence of %.3f s", jump, wall)
	if math.Abs(jump-wall) > 0.15 {
		t.Errorf("T before sample %d moved on by %.3f s, want the silence, %.3f s ± 0.15", from, jump, wall)
	}
}

// TestStallTextOrigin: a count-timed text session whose decoder does not
// read the port's lines as they came — the earlier session's header put
// in (a device that prints it once, at boot), a header printed again after
// blank lines, a boot banner, lines skipped after a header that could not
// be read — and whose device pauses 1.5 s inside the lookahead resumes
// after a gap of the pause. Such a session was dated by the port's last
// read: its lookahead came out in one burst after the pause, and the two
// sides were spliced (or, with blank lines before a header printed again,
// dated by lines counted from the header, not the port's first line: the
// gap two samples late).
func TestStallTextOrigin(t *testing.T) {
	for _, tc := range []struct {
		name   string
		replug bool
		first  string // written before the first data line
		from   int    // data lines before the pause
	}{
		{"the earlier header put in", true, "", 4},
		{"the earlier header put in, pause after the first line", true, "", 1},
		{"blank lines, then the header again", true, "\r\n\r\nax,ay,az\r\n", 4},
		{"a boot banner, the earlier header put in", true, "ESP-ROM:esp32s3-20210327\r\nIMU ready\r\n", 4},
		{"lines skipped to a header", false, "foo,bar,baz\r\n1,2,3\r\n4,5,6\r\nax,ay,az\r\n", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, link := mustLinkedPTY(t)
				r := mustRun(t, countTextConfig(link))
				before := 0
				if tc.replug {
					m, before = bootThenReplug(t, r, m, link), 50
				}
				const silent = 150
				total := 300 + silent
				at := device(t, m, total, tc.from, tc.from+silent, 0, func(n int) []byte {
					if n == 0 {
						return append([]byte(tc.first), textLine(0)...)
					}
					return textLine(n)
				})
				waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= before+295 })
				return func() {
					time.Sleep(50 * time.Millisecond)
					ss := r.c.collected()[before:]
					wantOneGap(t, ss, tc.from, at[tc.from+silent].Sub(at[tc.from-1]).Seconds())
					if st := r.src.Stats(); st.Stalls != 1 {
						t.Errorf("Stalls = %d, want 1", st.Stalls)
					}
				}
			})
		})
	}
}

// TestStallTextBlankInLookahead: a blank or comment line inside the
// lookahead after a pause does not move the gap: the rows before it were
// dated a line late (by the lines before the first row, Lines − Rows,
// which counted it), the last row before the pause by a line that came
// after it — the gap one sample early.
func TestStallTextBlankInLookahead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra string // written with the first line after the pause
		look  int
		from  int
	}{
		{"a comment, lookahead 8", "# note\r\n", 8, 4},
		{"a blank line, lookahead 8", "\r\n", 8, 4},
		{"two blank lines, lookahead 8", "\r\n\r\n", 8, 2},
		{"a comment, the default lookahead", "# battery 3.9 V\r\n", 0, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				cfg := stallConfig(path, FormatText)
				cfg.Text.Lookahead = tc.look
				r := mustRun(t, cfg)
				const silent = 150
				total := 300 + silent
				at := device(t, m, total, tc.from, tc.from+silent, 0, func(n int) []byte {
					if n == tc.from+silent {
						return append([]byte(tc.extra), textLine(n)...)
					}
					return textLine(n)
				})
				waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 295 })
				return func() {
					time.Sleep(50 * time.Millisecond)
					wantOneGap(t, r.c.collected(), tc.from, at[tc.from+silent].Sub(at[tc.from-1]).Seconds())
					if st := r.src.Stats(); st.Stalls != 1 {
						t.Errorf("Stalls = %d, want 1", st.Stalls)
					}
					if n := len(r.c.bad); n != 0 {
						t.Errorf("bad input reported: %v", r.c.bad)
					}
				}
			})
		})
	}
}
