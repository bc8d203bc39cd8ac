package gait

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestImpactRiseShortPart: the impact rise's critical value and degrees of
// freedom are changeSE's for the same parts. MinSteps 4 lets the rise
// compare parts of two impacts (MinSteps/2), which longRun leaves out:
// with both parts of two, its ν is 1, "of no values" (changeSE), and the
// rise was judged beyond 13.97 standard errors (Student t, 1 degree of
// freedom) where each part's two values about their median hold one
// degree of freedom, changeSE's ν 2 (4.53).
func TestImpactRiseShortPart(t *testing.T) {
	cfg := SignalConfig{MinSteps: 4}.WithDefaults()
	mk := func(t0 float64, impacts ...float64) []Contact {
		var cs []Contact
		for i, g := range impacts {
			cs = append(cs, Contact{IC: t0 + 0.5*float64(i), Step: 0.35, GCT: math.NaN(), VO: math.NaN(), FC: math.NaN(), ImpactG: g, LoadingRate: math.NaN()})
		}
		return cs
	}
	for _, tc := range []struct{ e, l []float64 }{
		{[]float64{2.0, 2.1}, []float64{2.6, 2.7}},
		{[]float64{2.0, 2.1}, []float64{2.6, 2.7, 2.5, 2.65, 2.55}},
	} {
		early, late := mk(0, tc.e...), mk(100, tc.l...)
		in := sigInput{info: waistGyro, cfg: cfg, all: append(append([]Contact(nil), early...), late...), early: early, late: late, trendDesc: "first vs last third"}
		_, crit, nu := changeSE(tc.e, tc.l, cfg.FatigueSE)
		want := fmt.Sprintf("beyond %.2f counts (Student t, %.0f degrees of freedom)", crit, nu)
		found := false
		for _, ev := range impact(in).Evidence {
			if ev.Name != "impact rise" {
				continue
			}
			found = true
			if len(tc.l) == 2 && !ev.Fired {
				// a rise of 28 %, 6.5 standard errors
				t.Errorf("impact rise of %v vs %v not counted: %s", tc.e, tc.l, ev.Note)
			}
			if !strings.Contains(ev.Note, want) {
				t.Errorf("impact rise of %v vs %v: note %q, want %q (changeSE's)", tc.e, tc.l, ev.Note, want)
			}
		}
		if !found {
			t.Errorf("impact rise of %v vs %v: no evidence", tc.e, tc.l)
		}
	}
}
