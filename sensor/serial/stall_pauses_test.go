package serial

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// pause is a silence of a paced device: after sample from, none for
// periods of 10 ms.
type pause struct{ from, periods int }

// devicePauses writes frame(n) for n < total to a pty master as a device
// streaming at 100 Hz does, silent for each pause's periods before its
// sample from (device writes one silence at most). It returns the wall
// time of each write, and notes how late they came for paced.
func devicePauses(t *testing.T, m *os.File, total int, pauses []pause, frame func(n int) []byte) []time.Time {
	t.Helper()
	const period = 10 * time.Millisecond
	at := make([]time.Time, total)
	start := time.Now()
	off := 0 // periods of the pauses so far
	for n := range total {
		for _, p := range pauses {
			if p.from == n {
				off += p.periods
			}
		}
		due := start.Add(time.Duration(n+off) * period)
		time.Sleep(time.Until(due))
		if _, err := m.Write(frame(n)); err != nil {
			t.Fatal(err)
		}
		at[n] = time.Now()
		noteLate(t, at[n].Sub(due))
	}
	return at
}

// wantGaps checks that ss, count-timed at 100 Hz, steps by one period
// everywhere but before each pause's sample from, where T moves on by the
// wall time between the writes around it ± 0.15 s.
func wantGaps(t *testing.T, ss []sensor.Sample, pauses []pause, at []time.Time) {
	t.Helper()
	want := map[int]float64{}
	for _, p := range pauses {
		want[p.from] = at[p.from].Sub(at[p.from-1]).Seconds()
	}
	got := jumps(ss)
	for i, d := range got {
		w, ok := want[i]
		if !ok {
			t.Errorf("sample %d (T %.3f): T step %.3f s, want a gap only before samples %v", i, ss[i].T, d, pauses)
			continue
		}
		t.Logf("T moved on by %.3f s before sample %d across a silence of %.3f s", d, i, w)
		if math.Abs(d-w) > 0.15 {
			t.Errorf("T before sample %d moved on by %.3f s, want the silence, %.3f s ± 0.15", i, d, w)
		}
	}
	for i, w := range want {
		if _, ok := got[i]; !ok {
			t.Errorf("no gap before sample %d, want the silence, %.3f s (spliced)", i, w)
		}
	}
}

// TestStallPausesInLookahead: a count-timed stream whose device pauses
// twice before its first sample comes out — inside a text decoder's
// lookahead (8 lines, or the first second of lines), a session started
// with the earlier session's header put in, WitMotion's look-ahead for
// gyro frames (8 cycles of a sensor set to acceleration alone) — gets a
// gap of each pause at its own sample. Only the last silence was weighed:
// the samples before the one before it were spliced to those after it,
// and that gap was not counted.
func TestStallPausesInLookahead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format string
		look   int // text: 0 for about 1 s of lines
		replug bool
		pauses []pause
		frame  func(n int) []byte
	}{
		{"text, lookahead 8", FormatText, 8, false, []pause{{2, 120}, {5, 100}}, textLine},
		{"text, lookahead 8, the second within the hold", FormatText, 8, false, []pause{{2, 80}, {5, 60}}, textLine},
		{"text, after the first line and before the last", FormatText, 8, false, []pause{{1, 70}, {7, 90}}, textLine},
		{"text, three in the default lookahead", FormatText, 0, false, []pause{{20, 70}, {45, 100}, {70, 60}}, textLine},
		{"text, the earlier header put in", FormatText, 8, true, []pause{{2, 120}, {5, 100}}, textLine},
		{"witmotion acc-only in the look-ahead", FormatWitMotion, 0, false, []pause{{2, 120}, {5, 100}}, witAccOnly},
		{"witmotion acc-only, the second within the hold", FormatWitMotion, 0, false, []pause{{2, 80}, {5, 60}}, witAccOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, link := mustLinkedPTY(t)
				cfg := stallConfig(link, tc.format)
				if tc.replug {
					cfg = countTextConfig(link)
				}
				if tc.format == FormatText {
					cfg.Text.Lookahead = tc.look
				}
				r := mustRun(t, cfg)
				before := 0
				if tc.replug {
					m, before = bootThenReplug(t, r, m, link), 50
				}
				const total = 300
				at := devicePauses(t, m, total, tc.pauses, tc.frame)
				return func() {
					waitFor(t, 4*time.Second, "the samples", func() bool { return r.c.count() >= before+total-5 })
					time.Sleep(50 * time.Millisecond)
					wantGaps(t, r.c.collected()[before:], tc.pauses, at)
					if st := r.src.Stats(); st.Stalls != int64(len(tc.pauses)) {
						t.Errorf("Stalls = %d, want %d", st.Stalls, len(tc.pauses))
					}
				}
			})
		})
	}
}
