package gait

import (
	"math"
	"strings"
	"testing"
)

// TestAsymmetryOneFootReasons: one shoe's or shank's summary says its
// left/right figures are missing because one foot is instrumented, in the
// run's asymmetry and in each window's, as gct_balance_reason does. They
// said "sides unknown (no contact carries a side)", or, with --side,
// "only one foot has confident contacts (L 60, R 0)".
func TestAsymmetryOneFootReasons(t *testing.T) {
	for _, side := range []Side{SideUnknown, Left} {
		s := NewSummary(Shoe)
		for i := range 60 {
			c := Contact{IC: 0.7 * float64(i), Step: 0.35, GCT: 0.23, Flight: 0.12, Side: side, Activity: Running,
				ImpactG: 8, VO: math.NaN(), Braking: math.NaN(), PeakDecel: 5, LoadingRate: 400,
				StepReg: math.NaN(), StrideReg: math.NaN(), HarmonicRatio: math.NaN(), Roll: math.NaN(), Yaw: math.NaN()}
			if side != SideUnknown {
				c.SideConf = 1
			}
			c.FC = c.IC + c.GCT
			s.Add(c)
		}
		r := s.Report()
		if !strings.Contains(r.BalanceReason, "one foot instrumented") {
			t.Fatalf("side %q: gct_balance_reason %q", side.String(), r.BalanceReason)
		}
		as := []Asymmetry{r.Asymmetry}
		for _, w := range r.Windows {
			as = append(as, w.Asymmetry)
		}
		for i, a := range as {
			for _, k := range []string{"gct_balance_pct", "si_gct_pct", "si_step_time_pct", "si_impact_pct"} {
				if why := a.Reasons[k]; !strings.Contains(why, "one foot instrumented") {
					t.Errorf("side %q, asymmetry %d (0: the run's): %s: reason %q", side.String(), i, k, why)
				}
			}
		}
	}
}
