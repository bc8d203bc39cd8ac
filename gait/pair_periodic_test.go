package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// periodicRun is the true ICs of both feet (s) of a run of exactly
// repeating intervals from −70 s to end: n strides of fast s, then n of
// easy e, again and again, every step half its stride, so the whole run
// after a period (n·(f+e) s) is the run before it, step for step.
func periodicRun(n int, f, e, end float64) (l, r []float64) {
	t := -70.0
	for i := 0; t < end; i++ {
		s := f
		if i/n%2 == 1 {
			s = e
		}
		l, r = append(l, t), append(r, t+s/2)
		t += s
	}
	return l, r
}

// TestAlignPeriodicIntervals: intervals repeating exactly, stride for
// stride (a metronome or a treadmill program: 20 to 40 strides fast, as
// many easy, for 8 minutes), the loggers 3.4 to 45 s apart. A shift by
// one period (14 to 55 s) pairs every contact as well as the true one;
// nothing the feet share tells them apart: ambiguous, or the right offset.
func TestAlignPeriodicIntervals(t *testing.T) {
	for _, n := range []int{10, 20, 40} {
		l, r := periodicRun(n, 0.64, 0.74, 480)
		for _, off := range []float64{3.4, -17, 45} {
			for _, jit := range []float64{0.002, 0.006} {
				left, right := loggers(uint64(n)+uint64(1e3*jit), l, r, off, jit)
				a := gait.AlignWide(left, right, gait.AlignSpan)
				t.Logf("%d strides, %+.1f s, %.0f ms: %+.3f, fit %.1f ms, next %+.3f s %.1f ms, ambiguous %v", n, off, 1e3*jit, a.Offset, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, a.Ambiguous)
				if !a.Ambiguous && math.Abs(a.Offset-off) > 0.015 {
					t.Errorf("period of %d+%d strides, %+.1f s, %.0f ms scatter: %+.3f s, %d strides off, not said to be ambiguous", n, n, off, 1e3*jit, a.Offset, int(math.Round((a.Offset-off)/0.69)))
				}
			}
		}
	}
}
