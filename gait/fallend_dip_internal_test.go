package gait

import (
	"math"
	"testing"
)

// TestFallEndDip: fallEnd moves a toe-off's crossing on to where the
// fall's steepest tangent meets the flight level, never back before the
// crossing, and never past the end of the fall itself: the first sample at or below the flight level, or the bottom of
// a dip that stays above it (a short flight at 25–50 Hz, whose smoothed
// dip is one sample above the level, then the next stance's rise). The
// steepest tangent reaches the level past that bottom, in the next rise.
func TestFallEndDip(t *testing.T) {
	for _, tc := range []struct {
		name    string
		x       []float64
		th, lev float64
		lo, hi  float64 // the toe-off's bounds
	}{
		// the dip at 4 (0.09) stays above the level 0: the tangent
		// through 3–4 reaches 0 at 4.18, in the next stance's rise
		{"dip above the level", []float64{1.6, 1.6, 1.1, 0.6, 0.09, 0.65, 1.2}, 0.13, 0, 3.9, 4},
		// the same dip a sample wide
		{"flat dip above the level", []float64{1.6, 1.6, 1.1, 0.6, 0.09, 0.09, 0.65, 1.2}, 0.13, 0, 3.9, 4},
		// the dip reaches the level: a straight fall from 2.4 g (0.4 a
		// sample, reaching 0 at 7), its foot rounded, crossed at 0.2
		// between 6 and 7: the tangent's foot, 7
		{"dip at the level", []float64{2.4, 2.4, 2.0, 1.6, 1.2, 0.8, 0.4, 0.15, 0.05, 0.02, 0.0, 0.0}, 0.2, 0, 7, 7},
		// a level above the tangent's foot: never moved back before the
		// crossing (6.8)
		{"level above the tangent's foot", []float64{2.4, 2.4, 2.0, 1.6, 1.2, 0.8, 0.4, 0.15, 0.05, 0.02, 0.0, 0.0}, 0.2, 0.3, 6.8, 6.8},
		// a cliff to the level: not past its first sample there
		{"cliff", []float64{2, 2, 1.9, 1.85, 0.0, 0.0}, 0.925, 0, 3.5, 4},
		// the data end during the fall (Flush mid-stance): not past the last sample
		{"data end in the fall", []float64{2, 1.5, 1.0, 0.5, 0.2}, 0.3, 0, 3.6, 4},
		// a wiggle at the fall's foot (ringing at toe-off)
		{"ringing at the foot", []float64{2, 1.5, 1.0, 0.5, 0.12, 0.14, 0.02, 0}, 0.16, 0, 3.8, 4},
	} {
		c := crossFwd(tc.x, 0, tc.th, 0)
		if math.IsNaN(c) {
			t.Fatalf("%s: no crossing of %v (the test's premise)", tc.name, tc.th)
		}
		got := fallEnd(tc.x, c, tc.lev)
		if !(got >= c && got >= tc.lo-1e-9 && got <= tc.hi+1e-9) {
			t.Errorf("%s: fallEnd(crossing %.3f) = %.3f, want within [%v, %v]", tc.name, c, got, tc.lo, tc.hi)
		}
	}
	// no fall at the crossing (a flat x): unchanged
	if got := fallEnd([]float64{1, 1, 1, 1}, 1.5, 0); got != 1.5 {
		t.Errorf("fallEnd on a flat x = %v, want 1.5", got)
	}
}
