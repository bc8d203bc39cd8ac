package serial

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// TestStallRVCEarly: a BNO08x in RVC mode that pauses right after its
// first frames for longer than its index's wrap (256 frames, 2.56 s at
// 100 Hz) resumes after a gap of the pause, measured by the arrival of its
// frames, not by the index: a frame is handed out once the next one's
// header has come, so the frames before the pause came out after it and
// the watcher had nothing before it to weigh it by — the index alone timed
// it, modulo 2.56 s (a 4 s pause read as 1.45 s, its frames counted lost).
// A pause under a wrap is the index's, to the frame, its frames lost.
func TestStallRVCEarly(t *testing.T) {
	for _, tc := range []struct {
		from, silent int
		stalls       int64
	}{{1, 400, 1}, {3, 400, 1}, {1, 650, 1}, {1, 150, 0}} {
		t.Run(fmt.Sprintf("%d frames, then %d periods", tc.from, tc.silent), func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				r := mustRun(t, stallConfig(path, FormatRVC))
				total := 200 + tc.silent
				at := device(t, m, total, tc.from, tc.from+tc.silent, 0, rvcFrame)
				return func() {
					waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 195 })
					time.Sleep(50 * time.Millisecond)
					ss := r.c.collected()
					wantOneGap(t, ss, tc.from, at[tc.from+tc.silent].Sub(at[tc.from-1]).Seconds())
					if d := ss[tc.from].T - ss[tc.from-1].T; tc.stalls == 0 && math.Abs(d-float64(tc.silent+1)/100) > 1e-9 {
						t.Errorf("T moved on by %.3f s, want the index's %.2f s", d, float64(tc.silent+1)/100)
					}
					st := r.src.Stats()
					if st.Stalls != tc.stalls {
						t.Errorf("Stalls = %d, want %d", st.Stalls, tc.stalls)
					}
					// a gap moved on by the wall time counts no frame lost; one
					// under a wrap is the index's, its frames lost
					if want := int64(tc.silent) * (1 - tc.stalls); st.LostFrames != want {
						t.Errorf("LostFrames = %d, want %d", st.LostFrames, want)
					}
				}
			})
		})
	}
}
