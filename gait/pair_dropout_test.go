package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// without is cs without the contacts from from to to (s): a logger's
// dropout.
func without(cs []gait.Contact, from, to float64) []gait.Contact {
	var out []gait.Contact
	for _, c := range cs {
		if c.IC < from || c.IC >= to {
			out = append(out, c)
		}
	}
	return out
}

// TestAlignOneFootDropouts: each logger loses a stretch of its contacts
// (6 or 15 s: a loose connector, a full buffer), the left at 100 s, the
// right 30 s later, while the runner goes on; the loggers 3.4 to 17 s
// apart. A stretch without contacts of one foot was read as a stand, the
// other foot's contacts in it unpaired (a quarter stride² each): at the
// true offset both dropouts held the other foot's contacts, at the
// offset 30 s off they lay on each other and held none, which fit 5 ms
// against 12 and was taken, 38 strides off, as sure. A foot that goes on
// through most of the other's stretch is a dropout, not a stand: steady
// runs are ambiguous or right, and a run whose cadence changes is
// resolved, as without the dropouts.
func TestAlignOneFootDropouts(t *testing.T) {
	steady := func(float64) float64 { return 0.7 }
	for _, tc := range []struct {
		name   string
		stride func(float64) float64
		vari   float64
		must   bool
	}{
		{"steady", steady, 0, false},
		{"steady, 1 % steps", steady, 0.01, false},
		{"intervals", varied, 0.01, true},
	} {
		l, r := wideRun(31, 400, tc.stride, nil, tc.vari)
		for _, off := range []float64{3.4, -17, 12} {
			for _, d := range []float64{6, 15} {
				left, right := loggers(32, l, r, off, 0.004)
				left, right = without(left, 100, 100+d), without(right, 130-off, 130+d-off)
				a := gait.AlignWide(left, right, gait.AlignSpan)
				t.Logf("%s, %+.1f s, %.0f s dropouts: %+.3f, fit %.1f ms, next %+.3f s %.1f ms, ambiguous %v", tc.name, off, d, a.Offset, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, a.Ambiguous)
				switch {
				case !a.Ambiguous && math.Abs(a.Offset-off) > 0.015:
					t.Errorf("%s, %+.1f s, %.0f s dropouts: %+.3f s, %d strides off, not said to be ambiguous", tc.name, off, d, a.Offset, int(math.Round((a.Offset-off)/0.7)))
				case tc.must && a.Ambiguous:
					t.Errorf("%s, %+.1f s, %.0f s dropouts: ambiguous (%s)", tc.name, off, d, a.Reason)
				}
			}
		}
	}
}
