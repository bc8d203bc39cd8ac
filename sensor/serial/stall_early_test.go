package serial

import (
	"math"
	"os"
	"testing"
	"time"
)

// witAccOnly is a WitMotion cycle set to acceleration alone: one frame.
func witAccOnly(n int) []byte { return witCycle(n)[:11] }

// TestStallEarly: a count-timed binary stream whose device pauses 1.5 s
// right at the start — after its first frame, or inside WitMotion's
// look-ahead for gyro frames (up to 8 cycles of a sensor set to
// acceleration alone) — resumes after a gap of the pause, as a later
// pause does. The samples before the pause came out only after it (a frame
// is taken once the next header arrives; the look-ahead holds its cycles),
// so the watcher had no sample before the silence and spliced the two
// sides. And an acceleration-only WitMotion cycle comes out two frames
// after its own (its frame confirmed by the next header, its cycle closed
// by the next frame): its last sample before any pause was dated after it,
// the gap put one sample early. Samples are now dated by the arrival of
// their own bytes (the decoder's SampleEnd).
func TestStallEarly(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format string
		from   int // frames before the pause
		frame  func(n int) []byte
	}{
		{"witmotion after the first cycle", FormatWitMotion, 1, witCycle},
		{"witmotion acc-only in the look-ahead", FormatWitMotion, 4, witAccOnly},
		{"witmotion acc-only later", FormatWitMotion, 150, witAccOnly},
		{"witmotion-ble after the first frame", FormatWitBLE, 1, witBLEFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, path := mustPTY(t)
			r := mustRun(t, stallConfig(path, tc.format))
			const silent = 150
			total := 300 + silent
			at := device(t, m, total, tc.from, tc.from+silent, 0, tc.frame)
			waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 295 })
			time.Sleep(50 * time.Millisecond)
			ss := r.c.collected()
			wall := at[tc.from+silent].Sub(at[tc.from-1]).Seconds()
			var jump float64
			for i, d := range jumps(ss) {
				if i != tc.from {
					t.Errorf("sample %d (T %.3f): T step %.3f s", i, ss[i].T, d)
					continue
				}
				jump = d
			}
			t.Logf("T moved on by %.3f s across a silence of %.3f s", jump, wall)
			if math.Abs(jump-wall) > 0.15 {
				t.Errorf("T after sample %d moved on by %.3f s, want the silence, %.3f s ± 0.15", tc.from-1, jump, wall)
			}
			if st := r.src.Stats(); st.Stalls != 1 {
				t.Errorf("Stalls = %d, want 1", st.Stalls)
			}
		})
	}
}

// TestStallEarlyTextKnownGap: a count-timed text stream whose device
// pauses within the text decoder's lookahead (the first second of lines by
// default) is still spliced: the lookahead's lines come out in one burst
// after the pause, and which of them came before it cannot be told from
// outside the decoder (sensor.CSVReader tells neither a row's line nor its
// bytes). Measured: a 1.5 s pause after 30 lines of a 100 Hz stream, no
// gap. Skipped unless GAITD_KNOWN_GAPS=1.
func TestStallEarlyTextKnownGap(t *testing.T) {
	if os.Getenv("GAITD_KNOWN_GAPS") != "1" {
		t.Skip("known gap: a pause in a text stream's lookahead is spliced (GAITD_KNOWN_GAPS=1 to run)")
	}
	m, path := mustPTY(t)
	cfg := stallConfig(path, FormatText)
	cfg.Text.Lookahead = 0 // about 1 s of lines
	r := mustRun(t, cfg)
	const from, silent = 30, 150
	at := device(t, m, 300+silent, from, from+silent, 0, textLine)
	waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 295 })
	ss := r.c.collected()
	wall := at[from+silent].Sub(at[from-1]).Seconds()
	if j := jumps(ss)[from]; math.Abs(j-wall) > 0.15 {
		t.Errorf("T after line %d moved on by %.3f s, want the silence, %.3f s ± 0.15", from-1, j, wall)
	}
}
