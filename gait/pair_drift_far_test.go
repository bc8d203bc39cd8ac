package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestAlignDriftFarFromChanges: a 30-minute run whose cadence changes only
// in its first or last 5 minutes (intervals, then a steady 0.7 s; or the
// other way round), the loggers 3.4 or 17 s apart, the right crystal 500
// to 2000 ppm off (0.9 to 3.6 s over the run; AlignWide's documented
// bound is 2000 ppm). AlignWide finds the whole strides where the cadence
// changes; AlignDrift put its map within half a stride of AlignWide's
// Offset at the middle of the right contacts, 15 minutes away, where the
// drift had moved the right foot one to five strides: every right
// contact that many strides off, the pair confident. The map's whole
// strides are now those the drift-corrected contacts fit: each right
// contact within 15 ms of its true IC.
func TestAlignDriftFarFromChanges(t *testing.T) {
	early := func(t float64) float64 {
		if t < 300 {
			return varied(t)
		}
		return 0.7
	}
	late := func(t float64) float64 {
		if t > 1500 {
			return varied(t - 1500 + 60)
		}
		return 0.7
	}
	for _, tc := range []struct {
		name     string
		stride   func(float64) float64
		off, ppm float64
	}{
		{"early", early, 3.4, 500}, {"early", early, -17, 2000}, {"early", early, 17, -1000},
		{"late", late, 3.4, 1000}, {"late", late, -17, -2000},
	} {
		l, r := wideRun(21, 1800, tc.stride, nil, 0)
		left, right := loggers(22, l, r, tc.off, 0.006)
		var truth []float64
		k := 1 + tc.ppm*1e-6 // the right clock's rate
		for i := range right {
			truth = append(truth, right[i].IC+tc.off)
			right[i].IC, right[i].FC = k*right[i].IC, k*right[i].FC
		}
		a := gait.AlignWide(left, right, gait.AlignSpan)
		m, ok := gait.AlignDriftFrom(left, right, a)
		worst := 0.0
		for i, c := range right {
			worst = math.Max(worst, math.Abs(m.At(c.IC)-truth[i]))
		}
		t.Logf("%s %+.1f s %+.0f ppm: wide %+.3f (ambiguous %v); map %+.3f s, drift %+.0f ppm: worst %.0f ms", tc.name, tc.off, tc.ppm, a.Offset, a.Ambiguous, m.Offset, -1e6*m.Drift, 1e3*worst)
		if a.Ambiguous {
			continue // said: the near offset is a guess
		}
		if !ok || worst > 0.015 {
			t.Errorf("%s, %+.1f s, %+.0f ppm: a right contact %.0f ms off its true IC after the map (offset %+.3f s, drift %+.0f ppm), not said to be ambiguous", tc.name, tc.off, tc.ppm, 1e3*worst, m.Offset, -1e6*m.Drift)
		}
	}
}
