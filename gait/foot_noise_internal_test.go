package gait

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestStanceNoise: an accelerometer-only shoe's or shank's stances read
// the sensor's noise (noiseRing.sigma, the standard deviation of |a| in
// g) within 40 % of the simulated one — noise of 0.3–1.5 m/s² an axis,
// 0.031–0.153 g along gravity — in walks at 50–200 Hz, and under 0.01 g
// with no noise; a run's stances are mostly too short to be read
// (noteStanceNoise), and read it as well when they are not. The thresholds of the stance search follow it (stanceRef,
// stanceIC): with fixed ones a noisy sensor's spikes were read as
// impacts (TestFootAccOnlyNoisyWalkNotMadeUp). The engine allocates
// nothing per sample while it does (a noisy walk at 50 Hz).
func TestStanceNoise(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shoe, sim.Shank} {
		for _, rate := range []float64{50, 100, 200} {
			for _, noise := range []float64{0, 0.3, 1, 1.5} {
				for _, act := range []sim.Activity{sim.Walking, sim.Running} {
					name := fmt.Sprintf("%v/%v/%.0fHz/noise%.1f", pl, act, rate, noise)
					cfg := sim.Config{Activity: act, Placement: pl, Duration: 30, Rate: rate, Noise: noise, AntiAlias: true, Side: 'L', Seed: 3, Speed: 1.2}
					if act == sim.Running {
						cfg.Speed = 3.5
					}
					ss, layout, _, err := sim.Generate(cfg)
					if err != nil {
						t.Fatal(err)
					}
					p := Shoe
					if pl == sim.Shank {
						p = Shank
					}
					e, err := New(Config{Placement: p, Side: Left}, layout)
					if err != nil {
						t.Fatal(err)
					}
					dst := make([]Contact, 0, 16)
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					before := ms.Mallocs
					for _, s := range ss {
						dst = e.Push(dst[:0], s)
					}
					runtime.ReadMemStats(&ms)
					if allocs := ms.Mallocs - before; noise == 1 && rate == 50 && act == sim.Walking && allocs > 0 {
						t.Errorf("%s: %d allocations in %d samples", name, allocs, len(ss))
					}
					got, want := e.stanceNoise.sigma, noise/9.81
					t.Logf("%s: noise read %.3f g, simulated %.3f", name, got, want)
					switch {
					case act == sim.Running && got == 0:
						// a run's stances are too short to read
					case noise == 0:
						if !(got < 0.01) {
							t.Errorf("%s: noise read %.3f g; want under 0.01", name, got)
						}
					case !(got >= 0.6*want && got <= 1.4*want):
						t.Errorf("%s: noise read %.3f g; want within 40 %% of %.3f", name, got, want)
					}
				}
			}
		}
	}
}
