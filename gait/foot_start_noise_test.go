package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootStartImpactNotNoise: an accelerometer-only shank or shoe walking
// with noisy |a| (1.5 m/s² on each axis: ±0.3 g on |a| in the stance)
// whose data starts in the stance, after its IC, has no contact made up at
// the data's start. startImpact, which judges a peak in the data's first
// samples (the guard of 4 samples is lifted there), took a stance's noise
// for an impact: a sample of 1.27 g, 0.57 g over a noise low of 0.70 g
// before it and 0.45 g over the samples 20 ms either side, read as a
// contact 5–49 ms into the data with the stance's own toe-off, a stride
// before the first true contact (these 24 starts; none before
// startImpact), and a standing sample 23–46 ms into a standing start. An
// impact's peak stands 0.5 g over 1 g as well as over the low before it
// (the walking impacts here peak at 2–3 g; TestFootStartsAtIC's are all
// still found). Judged: contacts in the data's first 60 ms (a stance's
// noise read farther in, by the picker, is another matter: a shoe here at
// 1.3 m/s takes one 115–145 ms in, as before startImpact).
func TestFootStartImpactNotNoise(t *testing.T) {
	for _, c := range []struct {
		pl     sim.Placement
		rate   float64
		speed  float64
		seed   uint64
		lo, hi float64 // the data's start after an IC (the 4th or 5th of the foot), s
	}{
		{sim.Shank, 100, 1.0, 1, 0.215, 0.265},
		{sim.Shank, 100, 1.3, 2, 0.19, 0.23},
		{sim.Shank, 143, 1.0, 1, 0.115, 0.142},
		{sim.Shoe, 100, 1.0, 1, 0.245, 0.255},
		{sim.Shoe, 100, 1.0, 1, 0.485, 0.505},
		{sim.Shoe, 100, 1.3, 2, 0.19, 0.23},
		{sim.Shoe, 143, 1.0, 1, 0.115, 0.142},
	} {
		cfg := sim.Config{Activity: sim.Walking, Placement: c.pl, Duration: 12, Rate: c.rate, Speed: c.speed, ClipG: 8, Noise: 1.5,
			Tilt: [3]float64{0.3, 0.4, -0.6}, Side: 'L', Seed: c.seed}
		p := gait.Shank
		if c.pl == sim.Shoe {
			p = gait.Shoe
		}
		ss, layout, truth := simulate(t, cfg)
		own := leftOf(truth)
		var cut [][2]float64
		for _, y := range own {
			cut = append(cut, [2]float64{y.IC, y.FC})
		}
		for j := 3; j <= 4; j++ {
			for i0 := range ss {
				if d := ss[i0].T - own[j].IC; d < c.lo || d > c.hi {
					continue
				}
				sub := ss[i0:cutEnd(ss, i0, 4)]
				t0 := sub[0].T
				cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, sub)
				for _, x := range cs {
					if x.IC < t0+0.06 && x.IC < own[j+1].IC-0.05 && !justCut(x.IC, cut, t0, c.rate) {
						t.Errorf("%s: data from %.0f ms after an IC: a contact made up %.0f ms into the data (toe-off %.0f ms in), the first true %.0f ms in",
							fmt.Sprintf("%v %.0f Hz %.1f m/s seed %d", c.pl, c.rate, c.speed, c.seed), 1e3*(t0-own[j].IC), 1e3*(x.IC-t0), 1e3*(x.FC-t0), 1e3*(own[j+1].IC-t0))
					}
				}
			}
		}
	}
	// the data starts standing (2 s), noise as above: a standing sample
	// was read as an impact at the data's start, 23 ms (100 Hz) or 46 ms
	// (50 Hz) into it
	for _, rate := range []float64{50, 100} {
		for _, pl := range []sim.Placement{sim.Shank, sim.Shoe} {
			cfg := sim.Config{Activity: sim.Walking, Placement: pl, Duration: 10, Standing: 2, Rate: rate, ClipG: 8, Noise: 1.5,
				Tilt: [3]float64{0.2, 0.3, 0.5}, Side: 'L', Seed: 5}
			p := gait.Shank
			if pl == sim.Shoe {
				p = gait.Shoe
			}
			ss, layout, _ := simulate(t, cfg)
			cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, ss)
			for _, x := range cs {
				if x.IC < ss[0].T+0.06 {
					t.Errorf("%v %.0f Hz, 2 s standing: a contact made up %.0f ms into the data", pl, rate, 1e3*(x.IC-ss[0].T))
				}
			}
		}
	}
}
