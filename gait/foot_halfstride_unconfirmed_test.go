package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlyHalfStrideUnconfirmedForgotten: an accelerometer-only
// shoe that runs (3.5 m/s) and then walks (1.3 m/s) at 40 Hz has every
// contact of the walk found and none made up. A stance found halfway in
// the run's last stride took the stride as half (halfStride); when the
// next contact was not found half a stride on, that half stayed the stride
// held, for as long as the picker had no stride of its own (it forgets the
// run's when the walk begins), and the stance search looked for the walk's
// contacts half a run's stride apart: the one after the walk's first was
// lost. (Seeds 58 and 60 lose 2–3 of the walk's contacts here before the
// halfway search was added, and still do: not this.)
func TestFootAccOnlyHalfStrideUnconfirmedForgotten(t *testing.T) {
	for _, seed := range []uint64{57, 59, 61} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ss, layout, truth, off := runThenWalk40(t, seed)
			cs, _ := detect(t, gait.Config{Placement: gait.Shoe, Side: gait.Left}, layout, ss)
			if sc := scoreFrom(cs, truth, off, gait.Left); sc.FN > 0 || sc.FP > 0 {
				t.Errorf("walk: %d contacts found, %d missed, %d made up", sc.TP, sc.FN, sc.FP)
			}
		})
	}
}

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
			ss, layout, _, _ := runThenWalk40(t, seed)
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

// runThenWalk40 is an accelerometer-only left shoe at 40 Hz running at
// 3.5 m/s for 25 s and then walking at 1.3 m/s, joined (joinSim).
func runThenWalk40(t *testing.T, seed uint64) ([]sensor.Sample, sensor.Layout, []eval.Truth, float64) {
	t.Helper()
	run := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 25, Rate: 40, Speed: 3.5, Noise: 0.3, AntiAlias: true, Side: 'L', Seed: seed}
	walk := run
	walk.Activity, walk.Speed, walk.Seed = sim.Walking, 1.3, seed+10
	return joinSim(t, run, walk)
}
