package gait

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestImpactRiseWander: the impact rise's standard-error rule alone (its
// bands set so low that they never decide) reads a steady runner whose
// impacts wander slowly under independent scatter (an AR(1) of ρ 0.95
// holding half the variance, CV 10 %, as TestFatigueWander's) as risen
// in no more runs than FatigueSE (2) standard errors allow a rise (one
// side of 4.55 %, 2.28 %), within twice the sampling error of 1000 runs.
// Judged beyond 2 normal standard errors it did in 4.6 %: the widening f
// is read from about nine independent stretches a third, and its error
// fattens the tail; beyond the Student t critical value of f's degrees
// of freedom (as fatigue's changes, changeSE) in 3.2 %. Impacts that
// scatter independently are judged as before (hundreds of degrees of
// freedom, a critical value of 2.01): a +5 % step from 120 s is found in
// 91.5 % of runs, before and now.
func TestImpactRiseWander(t *testing.T) {
	if testing.Short() {
		t.Skip("1000 simulated runs")
	}
	cfg := SignalConfig{ImpactTrendWatch: 1e-9, ImpactTrendFlag: 2e-9}
	rate := func(rho, share, rise float64, runs int) float64 {
		n := 0
		for seed := range uint64(runs) {
			rng := rand.New(rand.NewPCG(seed, 7))
			u := wander(rng, 514, rho)
			for i := range u {
				u[i] = math.Sqrt(share)*u[i] + math.Sqrt(1-share)*rng.NormFloat64()
			}
			cs := steady(514, func(i int, c *Contact) {
				c.ImpactG = 2.5 * (1 + 0.1*u[i])
				if c.IC >= 120 {
					c.ImpactG *= 1 + rise
				}
			})
			for _, e := range signalMap(RunSignals(cs, waistGyro, cfg))[SignalImpact].Evidence {
				if e.Name == "impact rise" && e.Fired {
					n++
				}
			}
		}
		return float64(n) / float64(runs)
	}
	// a rise beyond 2 standard errors (one side of 4.55 %) and twice its
	// sampling error over 1000 runs
	p := math.Erfc(2/math.Sqrt2) / 2
	limit := p + 2*math.Sqrt(p*(1-p)/1000)
	if r := rate(0.95, 0.5, 0, 1000); r > limit {
		t.Errorf("slow wander under scatter: the impact rise's standard-error rule fired in %.1f %% of 1000 steady runs, want at most %.1f %%", 100*r, 100*limit)
	} else {
		t.Logf("slow wander under scatter: fired in %.1f %% of 1000 steady runs (at most %.1f %%)", 100*r, 100*limit)
	}
	if r := rate(0, 1, 0.05, 200); r < 0.9 {
		t.Errorf("independent impacts, +5 %% from 120 s: the impact rise fired in %.1f %% of 200 runs, want 90 %% or more", 100*r)
	}
}
