package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlyHalfStride: an accelerometer-only shank running at 60 Hz
// whose impact picker, after missing an impact in the first strides, read
// the stride as twice the true one and passed over every other impact
// (its minimum distance between impacts, 0.6 of that stride, over the true
// stride). The contacts between were looked for only a stride apart —
// where the picker found them anyway — and lost: the stride read double
// from 2 to 10 s (2.5 m/s) and 2 to 6 s (4.5 m/s), 3 and 5 contacts
// missed after 4 s and one emitted 1.66 strides after its IC. Now a
// contact is looked for halfway between two a stride apart, and when it
// is found there the stride is taken as half and then halved
// (halveStride): from 4 s on every contact is found (but the last, which
// the data's end cuts), none made up, and each comes out within 1.1
// strides of its IC.
func TestFootAccOnlyHalfStride(t *testing.T) {
	for _, v := range []float64{2.5, 4.5} {
		for _, noise := range []float64{0.02, 0.05, 0.1} {
			t.Run(fmt.Sprintf("%.1fm/s/noise%.2f", v, noise), func(t *testing.T) {
				cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 20, Rate: 60, Speed: v, Noise: noise, AntiAlias: true, Side: 'L', Seed: 32}
				ss, layout, truth := simulate(t, cfg)
				st := strideOf(leftOf(truth))
				e, err := gait.New(gait.Config{Placement: gait.Shank, Side: gait.Left}, layout)
				if err != nil {
					t.Fatal(err)
				}
				var cs, out []gait.Contact
				for _, s := range ss {
					out = e.Push(out[:0], s)
					for _, x := range out {
						if late := (s.T - x.IC) / st; x.IC > 4 && late > 1.1 {
							t.Errorf("the contact at %.3f s came out at %.3f s, %.2f strides after its IC; want within 1.1", x.IC, s.T, late)
						}
					}
					cs = append(cs, out...)
				}
				cs = e.Flush(cs)
				// (the last contact, whose stance the data's end cuts,
				// is not judged)
				var tr []eval.Truth
				for _, x := range truth {
					if x.IC < cfg.Duration-0.5 {
						tr = append(tr, x)
					}
				}
				if sc := scoreFrom(cs, tr, 4, gait.Left); sc.FN > 0 || sc.FP > 0 {
					t.Errorf("from 4 s: %d of %d contacts found, %d made up", sc.TP, sc.TP+sc.FN, sc.FP)
				}
			})
		}
	}
}

// leftOf returns the left foot's contacts of truth.
func leftOf(truth []eval.Truth) []eval.Truth {
	var out []eval.Truth
	for _, x := range truth {
		if x.Side == gait.Left {
			out = append(out, x)
		}
	}
	return out
}
