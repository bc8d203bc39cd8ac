package gait

import (
	"math"
	"math/rand/v2"
	"testing"
)

// wander returns n values of a stationary AR(1) series with lag-1
// autocorrelation rho and unit variance.
func wander(rng *rand.Rand, n int, rho float64) []float64 {
	out := make([]float64, n)
	u := rng.NormFloat64()
	for i := range out {
		out[i] = u
		u = rho*u + math.Sqrt(1-rho*rho)*rng.NormFloat64()
	}
	return out
}

// TestFatigueWander: a steady runner whose impacts wander from stride to
// stride (an AR(1) series, lag-1 autocorrelation 0.6, CV 10 %) is read as
// changed by fatigue's impact change in about the 5 % of runs a
// 2-standard-error rule allows (21.5 % when each third's error was σ/√n),
// while a real rise is still found.
func TestFatigueWander(t *testing.T) {
	const seeds = 200
	for _, tc := range []struct {
		name      string
		rho, rise float64
		maxRate   float64 // of the runs whose impact change fires
		minRate   float64
	}{
		{"independent", 0, 0, 0.06, 0},
		{"wandering", 0.6, 0, 0.08, 0},
		{"wandering, +15 % from 120 s", 0.6, 0.15, 1, 0.9},
	} {
		fires, rises := 0, 0
		for seed := range uint64(seeds) {
			rng := rand.New(rand.NewPCG(seed, 7))
			u := wander(rng, 514, tc.rho)
			cs := steady(514, func(i int, c *Contact) {
				c.ImpactG = 2.5 * (1 + 0.1*u[i])
				if c.IC >= 120 {
					c.ImpactG *= 1 + tc.rise
				}
			})
			s := signalMap(RunSignals(cs, waistGyro, SignalConfig{}))
			for _, e := range s[SignalFatigue].Evidence {
				if e.Name == "impact change" && e.Fired {
					fires++
				}
			}
			for _, e := range s[SignalImpact].Evidence {
				if e.Name == "impact rise" && e.Fired {
					rises++
				}
			}
		}
		rate := float64(fires) / seeds
		t.Logf("%s: impact change fired in %d of %d runs, impact rise in %d", tc.name, fires, seeds, rises)
		if rate > tc.maxRate || rate < tc.minRate {
			t.Errorf("%s: impact change fired in %.1f %% of runs, want %.0f–%.0f %%", tc.name, 100*rate, 100*tc.minRate, 100*tc.maxRate)
		}
	}
}

// TestInflation: averaged over many series of 171 values (a third of a
// 3-minute run), inflation reads an AR(1)'s (1+ρ)/(1−ρ) within 15 %
// (not below 1), and 1 for fewer than 8 values or no spread.
func TestInflation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rho := range []float64{0, 0.3, 0.6, 0.8} {
		var sum float64
		const runs = 400
		for range runs {
			sum += inflation(wander(rng, 171, rho))
		}
		got, want := sum/runs, max(1, (1+rho)/(1-rho))
		t.Logf("ρ %.1f: inflation %.2f, AR(1) %.2f", rho, got, want)
		if got < want/1.15 || got > want*1.15 {
			t.Errorf("ρ %.1f: mean inflation %.2f, want %.2f ± 15 %%", rho, got, want)
		}
	}
	for _, x := range [][]float64{nil, {1, 2, 3, 4, 5, 6, 7}, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}} {
		if got := inflation(x); got != 1 {
			t.Errorf("inflation(%v) = %v, want 1", x, got)
		}
	}
}
