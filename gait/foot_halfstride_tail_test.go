package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlyHalfStrideUnconfirmedLatency: an accelerometer-only shoe
// that runs (3.5 m/s) and then walks (1.3 m/s) at 40 Hz gives every
// contact within 1.2 s of its IC. A stance found halfway in the run's last
// stride (its swing) took the stride as half for fillTail's look half a
// stride on (halfStride); finding none there, fillTail looked a stride
// further (fillNext), where the stride held — twice that half — ends, but
// asked of it the stillness of a stance past the stride held (as still as
// the last contact's own): the walk's first contact, 0.55 s on, was
// refused there and came out with the next the picker confirmed, 2.8 s
// after its IC (5.8 run strides).
func TestFootAccOnlyHalfStrideUnconfirmedLatency(t *testing.T) {
	for _, seed := range []uint64{57, 58, 59} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			run := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 25, Rate: 40, Speed: 3.5, Noise: 0.3, AntiAlias: true, Side: 'L', Seed: seed}
			walk := run
			walk.Activity, walk.Speed, walk.Seed = sim.Walking, 1.3, seed+10
			ss, layout, _, _ := joinSim(t, run, walk)
			e, err := gait.New(gait.Config{Placement: gait.Shoe, Side: gait.Left}, layout)
			if err != nil {
				t.Fatal(err)
			}
			var out []gait.Contact
			worst := 0.0
			for _, s := range ss {
				out = e.Push(out[:0], s)
				for _, x := range out {
					worst = max(worst, s.T-x.IC)
					if s.T-x.IC > 1.2 {
						t.Errorf("the contact at %.3f s came out at %.3f s, %.2f s after its IC; want within 1.2 s", x.IC, s.T, s.T-x.IC)
					}
				}
			}
			t.Logf("latest %.2f s after its IC", worst)
		})
	}
}
