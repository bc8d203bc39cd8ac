package gait

import (
	"math"
	"testing"
)

// TestImpactValueIsImpactG: a whole run's impact signal reads the
// summary's impact_g, turning steps included, and so compares like with
// like with earlier runs' impact_g (--history). It took the median of the
// straight steps alone (TurnMax): mobgap HA001 Test11 read impact 1.39 g
// beside impact_g 1.34 g, and against three summaries of itself "impact vs
// earlier runs" +3.8 %.
func TestImpactValueIsImpactG(t *testing.T) {
	mk := func(turnEvery int) []Contact {
		cs := make([]Contact, 120)
		for i := range cs {
			c := Contact{IC: 0.55 * float64(i), Step: 0.55, Side: Left, SideConf: 0.9, Activity: Walking,
				FC: math.NaN(), GCT: math.NaN(), Flight: math.NaN(), VO: 0.04, Braking: math.NaN(), PeakDecel: math.NaN(),
				LoadingRate: 10, ImpactG: 1.6 + 0.001*float64(i%7), Turn: 0,
				Pitch: math.NaN(), Roll: math.NaN(), Yaw: math.NaN(), StrikeAngle: math.NaN(),
				StepReg: math.NaN(), StrideReg: math.NaN(), HarmonicRatio: math.NaN()}
			if i%2 == 1 {
				c.Side = Right
			}
			if turnEvery > 0 && i%turnEvery < turnEvery/2 {
				c.Turn, c.ImpactG = 0.5, 1.2+0.001*float64(i%5) // turning: 29° a step, softer
			}
			cs[i] = c
		}
		return cs
	}
	for _, tc := range []struct {
		name      string
		turnEvery int
	}{{"straight", 0}, {"turning steps", 10}} {
		s := NewSummary(Waist)
		for _, c := range mk(tc.turnEvery) {
			s.Add(c)
		}
		first := s.Report()
		if first.ImpactG == nil {
			t.Fatalf("%s: no impact_g", tc.name)
		}
		info := s.RunInfo()
		info.PastRuns = []PastRun{{Impact: *first.ImpactG}, {Impact: *first.ImpactG}, {Impact: *first.ImpactG}}
		s.SetRunInfo(info)
		r := s.Report()
		var sig *Signal
		for i := range r.Signals {
			if r.Signals[i].Name == SignalImpact {
				sig = &r.Signals[i]
			}
		}
		if sig == nil || sig.Value == nil {
			t.Fatalf("%s: impact signal %+v", tc.name, sig)
		}
		if math.Abs(*sig.Value-*r.ImpactG) > 1e-12 {
			t.Errorf("%s: impact signal %.4f g, impact_g %.4f g", tc.name, *sig.Value, *r.ImpactG)
		}
		for _, e := range sig.Evidence {
			if e.Name != "impact vs earlier runs" {
				continue
			}
			if e.Value == nil || math.Abs(*e.Value) > 1e-9 {
				v := math.NaN()
				if e.Value != nil {
					v = *e.Value
				}
				t.Errorf("%s: the run against three summaries of itself: %s %.2f %% (%s)", tc.name, e.Name, v, e.Note)
			}
		}
	}
}
