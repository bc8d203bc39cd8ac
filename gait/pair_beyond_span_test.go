package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestAlignBeyondSpan: the loggers 62 to 100 s apart, farther than
// AlignSpan looks, over the interval run of TestAlignWholeStrides. No
// candidate is right; the best of them, 3 strides off at 62 s (+59.96 s
// for +62), fit 38 ms against 45 and was taken as sure. The right offset
// fits within half the feet's own stride-to-stride scatter (17 ms here),
// a wrong one does not: ambiguous, with the reason.
func TestAlignBeyondSpan(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		l, r := wideRun(seed, 600, varied, [][2]float64{{300, 308}}, 0.01)
		for _, off := range []float64{62, 65, 90, -64, -70, -100} {
			left, right := loggers(uint64(100+off*10), l, r, off, 0.006)
			a := gait.AlignWide(left, right, gait.AlignSpan)
			t.Logf("seed %d, %+.0f s: %+.3f, fit %.1f ms, next %+.3f s %.1f ms, ambiguous %v: %s", seed, off, a.Offset, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, a.Ambiguous, a.Reason)
			if !a.Ambiguous || a.Reason == "" {
				t.Errorf("seed %d, clocks %+.0f s apart (outside ±%.0f s): %+.3f s, %.0f strides off, ambiguous %v", seed, off, gait.AlignSpan, a.Offset, math.Round((a.Offset-off)/0.7), a.Ambiguous)
			}
		}
	}
}

// TestAlignTwoRuns: the left file of one run, the right of another of the
// same interval schedule (the same cadence changes at the same times, the
// steps varying 1 % each on its own), the right started 3.4 to 40 s
// later. They were paired as sure (fit 14 ms against 23): not one run,
// ambiguous.
func TestAlignTwoRuns(t *testing.T) {
	l, _ := wideRun(77, 460, varied, [][2]float64{{300, 308}}, 0.01)
	_, r := wideRun(78, 460, varied, [][2]float64{{300, 308}}, 0.01)
	for _, off := range []float64{3.4, -17, 40} {
		left, right := loggers(14, l, r, off, 0.006)
		a := gait.AlignWide(left, right, gait.AlignSpan)
		t.Logf("%+.1f s: %+.3f, fit %.1f ms, next %+.3f s %.1f ms, ambiguous %v: %s", off, a.Offset, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, a.Ambiguous, a.Reason)
		if !a.Ambiguous {
			t.Errorf("two runs, %+.1f s: paired as one at %+.3f s, not ambiguous", off, a.Offset)
		}
	}
}
