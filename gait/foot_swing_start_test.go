package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlySwingStartKeepsFirstContact: an accelerometer-only shank
// or shoe (50–143 Hz, ±8 g, tilted, noise 0.5 m/s², running 2.5 and 6 m/s
// and walking 0.7 m/s) whose 5 s of data start 70–260 ms before an IC of
// its foot, in the terminal swing, finds that contact. stanceBurst, which
// drops a toe-off burst at the data's start (its stance before the data's
// start, TestFootAccOnlyStanceStartNoToeOffContact), judged the impact a
// burst when the data started 110–190 ms before it: the terminal swing it
// then holds (75–140 ms of it) is as steady as a stance, though at 2–9 g,
// where the stance after the impact is at 1.2–2.8 g, and the first contact
// was lost (62 of the 1008 starts here: a 6 m/s run's at every rate on a
// shoe and at 50 Hz on a shank, and at 50 Hz a shoe's 0.7 m/s walk and
// 2.5 m/s run; none before stanceBurst). |a| must now be lower on average
// before the peak than after it: a toe-off burst leaves a still foot for
// the swing, an impact a swing for the stance.
func TestFootAccOnlySwingStartKeepsFirstContact(t *testing.T) {
	lost, n := 0, 0
	for _, pl := range []sim.Placement{sim.Shank, sim.Shoe} {
		for _, rate := range []float64{50, 100, 143} {
			for _, sp := range []float64{0.7, 2.5, 6} {
				act := sim.Running
				if sp < 2 {
					act = sim.Walking
				}
				for seed := uint64(61); seed <= 62; seed++ {
					c := sim.Config{Activity: act, Placement: pl, Speed: sp, Rate: rate, ClipG: 8, Noise: 0.5,
						Tilt: [3]float64{0.3, 0.2, -0.4}, Duration: 9, Side: 'L', Seed: seed}
					ss, layout, truth := simulate(t, c)
					lt := leftOf(truth)
					p := gait.Shoe
					if pl == sim.Shank {
						p = gait.Shank
					}
					for d := 0.07; d <= 0.26; d += 0.007 {
						t0 := lt[2].IC - d
						var cut []sensor.Sample
						for _, s := range ss {
							if s.T >= t0 && s.T < t0+5 {
								cut = append(cut, s)
							}
						}
						cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, cut)
						n++
						found := false
						for _, x := range cs {
							if math.Abs(x.IC-lt[2].IC) < 0.06 {
								found = true
							}
						}
						if !found {
							lost++
							t.Errorf("%s: data from %.0f ms before an IC (%.3f s): that contact lost", fmt.Sprintf("%v %.0f Hz %v %.1f m/s seed %d", pl, rate, act, sp, seed), 1e3*d, lt[2].IC)
						}
					}
				}
			}
		}
	}
	t.Logf("%d of %d first contacts lost", lost, n)
}
