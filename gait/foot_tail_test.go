package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlyRunThenWalkLatency: an accelerometer-only shank that runs
// (4 m/s) and then walks (1.3 m/s) at 50–80 Hz gives every contact of the
// walk within 1.1 strides of its IC. The impact picker forgets the run's
// stride 2.5 run strides after its last impact, and the stance search
// looked for the contact after the last one found a run's stride on only
// (fillTail): the walk's first contacts, which lie past it, were not found
// there, and those the picker passed over came out with the next it
// confirmed, 1.7–1.8 strides after their IC (16 contacts here). It now looks
// a stride further on when the stride's stance holds no contact
// (fillNext), up to three strides.
func TestFootAccOnlyRunThenWalkLatency(t *testing.T) {
	for _, rate := range []float64{50, 60, 80} {
		for seed := uint64(1); seed <= 3; seed++ {
			for _, noise := range []float64{0.05, 0.3} {
				t.Run(fmt.Sprintf("%.0fHz/seed%d/noise%.2f", rate, seed, noise), func(t *testing.T) {
					run := sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 20, Rate: rate, Speed: 4, Noise: noise, AntiAlias: true, Side: 'L', Seed: seed}
					walk := run
					walk.Activity, walk.Speed, walk.Seed = sim.Walking, 1.3, seed+10
					ss, layout, truth, off := joinSim(t, run, walk)
					lt := leftOf(truth)
					e, err := gait.New(gait.Config{Placement: gait.Shank, Side: gait.Left}, layout)
					if err != nil {
						t.Fatal(err)
					}
					var out []gait.Contact
					for _, s := range ss {
						out = e.Push(out[:0], s)
						for _, x := range out {
							if x.IC < off {
								continue
							}
							if st := strideAt(lt, x.IC); (s.T-x.IC)/st > 1.1 {
								t.Errorf("the contact at %.3f s came out at %.3f s, %.2f strides after its IC; want within 1.1", x.IC, s.T, (s.T-x.IC)/st)
							}
						}
					}
				})
			}
		}
	}
}

// strideAt returns the true stride, s, that ends at the contact of lt (one
// foot's) nearest after ic − 0.1 s.
func strideAt(lt []eval.Truth, ic float64) float64 {
	for k := 1; k < len(lt); k++ {
		if lt[k].IC > ic-0.1 {
			return lt[k].IC - lt[k-1].IC
		}
	}
	return lt[len(lt)-1].IC - lt[len(lt)-2].IC
}
