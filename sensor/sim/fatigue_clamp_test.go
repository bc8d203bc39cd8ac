package sim

import (
	"math"
	"strings"
	"testing"
)

// TestFatigueDriftHonoured: every configuration New accepts gets the
// contact-time drift FatigueDrift documents — each side's contact at the
// end of the drift is its mean contact time × (1 + F·ramp), not a clamp.
// Walking with a large drift (or a side's short contact and a moderate
// one) used to be accepted although the step time outgrows the contact
// (×1/(1 − F) against ×(1 + F)): the schedule's double-support clamp then
// set the contact at T + 20 ms (F 0.5: contact ×1.67 instead of ×1.5;
// F 0.3 with GCTBalance 45: the balance at the end 45.6 %). Such
// configurations are refused, naming FatigueDrift.
func TestFatigueDriftHonoured(t *testing.T) {
	for _, act := range []Activity{Walking, Running} {
		for _, f := range []float64{0.1, 0.2, 0.3, 0.4, 0.5} {
			for _, b := range []float64{40, 45, 50, 55} {
				cfg := Config{Activity: act, Duration: 120, GCTBalance: b, FatigueDrift: f, Variability: -1, Seed: 1}
				if act == Running {
					cfg.Cadence, cfg.GCT = 180, 0.13 // a short contact: 0.25 s × 0.4 at 40 %
				}
				s, err := New(cfg)
				if err != nil {
					if !strings.HasPrefix(err.Error(), "sim: FatigueDrift ") && !strings.HasPrefix(err.Error(), "sim: GCT ") {
						t.Errorf("%v F %v B %v: error %v names neither FatigueDrift nor GCT", act, f, b, err)
					}
					continue
				}
				c := s.Config()
				for _, x := range s.Truth() {
					r := math.Min(math.Max((x.IC-2*c.Duration/3)/(c.Duration/3), 0), 1)
					g := 2 * c.GCT * b / 100
					if x.Side == 'R' {
						g = 2 * c.GCT * (100 - b) / 100
					}
					if want := g * (1 + f*r); math.Abs(x.FC-x.IC-want) > 1e-9 {
						t.Errorf("%v F %v B %v: %c contact at %.2f s lasts %.4f s, FatigueDrift gives %.4f s",
							act, f, b, x.Side, x.IC, x.FC-x.IC, want)
						break
					}
				}
			}
		}
	}
	// The default walk with the largest drift: its contact would fall under
	// the step time.
	_, err := New(Config{Activity: Walking, Duration: 60, FatigueDrift: 0.5})
	if err == nil || !strings.HasPrefix(err.Error(), "sim: FatigueDrift 0.5: ") {
		t.Errorf("walking with FatigueDrift 0.5: %v, want an error naming FatigueDrift", err)
	}
}
