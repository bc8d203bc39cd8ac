package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestAlignDropoutAtStart: the left logger loses 17.4 s of contacts
// (39.8 to 57.3 s) round the time the right logger starts, 48.2 s late,
// over an interval run with a 17 s stand; 12 ms detector scatter, steps
// varying 2 %, the right crystal 95 ppm slow. The right contacts in the
// left's gap (the right having started inside it) fill part of it: at
// the true offset 12 of the 25 strides' room, under half, counted as
// unpaired as in a stand (a quarter stride² each); a stride earlier 13,
// over half, read as the left's dropout and none counted. That stride
// off won, sure: +47.545 s, 16.9 ms against 46.5 at the truth. A gap of
// one foot is a stop only where the other foot stops too.
func TestAlignDropoutAtStart(t *testing.T) {
	l, r := wideRun(438, 271.27499504164143+48.21640142715458, func(t float64) float64 { return varied(t + 242.38548421770633) },
		[][2]float64{{158.84537766622918, 175.98090209022257}}, 0.02)
	off := 48.21640142715458
	left, right := loggers(1438, l, r, off, 0.012)
	left = without(without(left, 9.4092009002537846, 20.203792834812077), 39.811260542740243, 57.256880863784048)
	for i := range right {
		right[i].IC *= 1 - 94.803235886782147e-6
	}
	a := gait.AlignWide(left, right, gait.AlignSpan)
	t.Logf("%+.3f s: %+.3f, fit %.1f ms, next %+.3f s %.1f ms, ambiguous %v: %s", off, a.Offset, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, a.Ambiguous, a.Reason)
	if !a.Ambiguous && math.Abs(a.Offset-off) > 0.03 {
		t.Errorf("%+.3f s, a left gap round the right's start: %+.3f s, %.0f strides off, not said to be ambiguous", off, a.Offset, math.Round((a.Offset-off)/0.7))
	}
}
