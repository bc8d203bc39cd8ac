package gait

import (
	"math"
	"strings"
	"testing"
)

// steady returns n alternating running contacts (left first), 0.35 s
// apart, with every measure set and a small deterministic step-to-step
// variation (−2 … +2 %, the same for both feet). mod, when not nil,
// changes contact i.
func steady(n int, mod func(i int, c *Contact)) []Contact {
	out := make([]Contact, n)
	for i := range out {
		j := 1 + 0.01*float64((i*7)%5-2)
		c := Contact{
			IC: float64(i) * 0.35, Step: 0.35 * j, GCT: 0.24 * j,
			Side: Left, SideConf: 0.9, Activity: Running,
			ImpactG: 2.5 * j, VO: 0.08 * j, Braking: 0.3 * j, PeakDecel: 1.2 * j, LoadingRate: 60 * j,
			Pitch: 5 / deg, PitchRef: true, Roll: 0.07 * j, Yaw: 0.1 * j, StrikeAngle: math.NaN(),
			HarmonicRatio: 2.5, StepReg: 0.8, StrideReg: 0.85,
		}
		if i%2 == 1 {
			c.Side = Right
		}
		if mod != nil {
			mod(i, &c)
		}
		c.FC = c.IC + c.GCT
		c.Flight = math.Max(0, c.Step-c.GCT)
		out[i] = c
	}
	return out
}

func near(p *float64, want, tol float64) bool { return p != nil && math.Abs(*p-want) <= tol }

func TestMeasureAsymmetry(t *testing.T) {
	t.Run("symmetry indices", func(t *testing.T) {
		cs := steady(40, func(i int, c *Contact) {
			c.Step, c.Braking, c.Roll = 0.35, 0.3, 0.07 // no variation
			c.GCT = 0.24
			if c.Side == Right {
				c.GCT, c.ImpactG, c.Roll = 0.26, 2.75, 0.084
			} else {
				c.ImpactG = 2.5
			}
		})
		a := MeasureAsymmetry(cs, 0.6)
		for _, tc := range []struct {
			name string
			got  *float64
			want float64
		}{
			{"balance", a.GCTBalancePct, 48},
			{"SI GCT", a.SIGCTPct, 8},                        // (0.26 − 0.24) / 0.25
			{"SI impact", a.SIImpactPct, 0.25 / 2.625 * 100}, // 9.52
			{"SI step", a.SIStepPct, 0},
			{"SI flight", a.SIFlightPct, (0.09 - 0.11) / 0.1 * 100},
			{"SI braking", a.SIBrakingPct, 0},
			{"SI roll", a.SIRollPct, 0.014 / 0.077 * 100},
			{"step regularity", a.StepRegularity, 0.8},
			{"stride regularity", a.StrideRegularity, 0.85},
			{"regularity symmetry", a.RegularitySymmetry, 0.05},
			{"regularity index", a.RegularityIndex, 1 - 2*0.05/1.65},
			{"harmonic ratio", a.HarmonicRatio, 2.5},
		} {
			if !near(tc.got, tc.want, 1e-9) {
				t.Errorf("%s = %v, want %.6g", tc.name, show(tc.got), tc.want)
			}
		}
		if a.LeftSteps != 20 || a.RightSteps != 20 || len(a.Reasons) != 0 {
			t.Errorf("steps %d/%d, reasons %v", a.LeftSteps, a.RightSteps, a.Reasons)
		}
	})
	t.Run("null with reasons", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			cs     []Contact
			key    string
			reason string
		}{
			{"no sides", steady(40, func(i int, c *Contact) { c.Side, c.SideConf = SideUnknown, 0 }), "si_gct_pct", "sides unknown"},
			{"low confidence", steady(40, func(i int, c *Contact) { c.SideConf = 0.4 }), "gct_balance_pct", "side confidence 0.40 below the floor 0.60"},
			{"one foot", steady(40, func(i int, c *Contact) { c.Side = Left }), "si_impact_pct", "only one foot"},
			{"no gyro", steady(40, func(i int, c *Contact) { c.Roll, c.Yaw = math.NaN(), math.NaN() }), "si_roll_pct", "no pelvic roll ranges"},
			{"walking: no flight", steady(40, func(i int, c *Contact) { c.GCT = 0.5; c.Activity = Walking }), "si_flight_pct", "mean is zero"},
			{"no regularity", steady(40, func(i int, c *Contact) { c.StepReg, c.StrideReg = math.NaN(), math.NaN() }), "regularity_index", "not measured"},
		} {
			a := MeasureAsymmetry(tc.cs, 0.6)
			if got := a.Reasons[tc.key]; !strings.Contains(got, tc.reason) {
				t.Errorf("%s: reason[%s] = %q, want %q", tc.name, tc.key, got, tc.reason)
			}
		}
	})
}

func TestSummaryAsymmetryPerWindow(t *testing.T) {
	s := NewSummary(Waist)
	for _, c := range steady(400, func(i int, c *Contact) {
		if c.Side == Right && c.IC >= 60 {
			c.GCT = 0.26 // asymmetric from 60 s
		}
	}) {
		s.Add(c)
	}
	r := s.Report()
	if len(r.Windows) != 5 {
		t.Fatalf("%d windows", len(r.Windows))
	}
	if b := r.Windows[0].Asymmetry.GCTBalancePct; !near(b, 50, 0.05) {
		t.Errorf("first window balance %v, want 50", show(b))
	}
	if si := r.Windows[3].Asymmetry.SIGCTPct; !near(si, 8, 0.5) {
		t.Errorf("fourth window SI GCT %v, want ≈ 8", show(si))
	}
	if r.Asymmetry.GCTBalancePct == nil || *r.Asymmetry.GCTBalancePct != *r.GCTBalancePct {
		t.Errorf("run asymmetry balance %v, report %v", show(r.Asymmetry.GCTBalancePct), show(r.GCTBalancePct))
	}
	if len(r.Signals) != len(signalNames) {
		t.Errorf("%d signals in the report", len(r.Signals))
	}
}

func show(v *float64) any {
	if v == nil {
		return "null"
	}
	return *v
}

// TestAsymmetryClippedPeaks: the right foot lands 20 % harder (3.0 g,
// ±2 % step to step) and the accelerometer saturates at a range its
// hardest contacts reach, where they read the range. While fewer than half
// of a foot's contacts saturated, its median, and the impact and
// loading-rate indices, are the unclipped run's; from half on the indices
// are null, saying which foot saturated, where they read the range against
// the other foot.
func TestAsymmetryClippedPeaks(t *testing.T) {
	hard := func(limit float64) func(i int, c *Contact) {
		return func(i int, c *Contact) {
			if c.Side != Right {
				return
			}
			c.ImpactG *= 1.2
			c.LoadingRate *= 1.2
			if c.ImpactG >= limit {
				// the loading rate is read off the same rise, cut alike
				c.LoadingRate *= limit / c.ImpactG
				c.ImpactG, c.Clipped = limit, true
			}
		}
	}
	clean := MeasureAsymmetry(steady(80, hard(10)), 0.6)
	for _, tc := range []struct {
		limit float64 // g
		cut   bool
	}{{3.05, false}, {3.02, false}, {2.99, true}, {2.5, true}} {
		a := MeasureAsymmetry(steady(80, hard(tc.limit)), 0.6)
		for _, m := range []struct {
			key        string
			got, clean *float64
		}{{"si_impact_pct", a.SIImpactPct, clean.SIImpactPct}, {"si_loading_rate_pct", a.SILoadingRatePct, clean.SILoadingRatePct}} {
			switch {
			case tc.cut && (m.got != nil || !strings.Contains(a.Reasons[m.key], "right foot: the accelerometer saturated")):
				t.Errorf("saturated at %.2f g: %s %v (%q), want null and why", tc.limit, m.key, show(m.got), a.Reasons[m.key])
			case !tc.cut && (m.got == nil || m.clean == nil || math.Abs(*m.got-*m.clean) > 1e-9):
				t.Errorf("saturated at %.2f g: %s %v, unclipped %v", tc.limit, m.key, show(m.got), show(m.clean))
			}
		}
		if a.SIGCTPct == nil {
			t.Errorf("saturated at %.2f g: SI GCT null (%s)", tc.limit, a.Reasons["si_gct_pct"])
		}
	}
}
