package gait_test

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

func norm3(v [3]float64) float64 { return math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]) }

// TestFootFirstSwingAfterStanding: a shank (or shoe) with a gyro that
// stands still, then walks or runs off with a whole first swing. The
// gyro's sagittal axis, learnt from the standing noise, was updated every
// 64 samples: the first swing (0.3–0.45 s at 143 Hz) was projected on the
// noise's axis, read a fraction of its height, was not taken for a swing,
// and the first contact was lost (an independent shank model: 6 of 125
// trials under F1 0.97 from it). A sample whose rate dwarfs the running
// covariance (25 times its trace) now sets the axis moving, and a moving
// axis is updated every 8 samples. The gait is the simulator's, cut where the
// left foot's rate turns from its toe-off into the swing (small) and
// joined to 2 s of standing still at that sample's acceleration: every contact after the
// join is found, the first within 15 ms.
func TestFootFirstSwingAfterStanding(t *testing.T) {
	for _, tc := range []struct {
		pl    sim.Placement
		act   sim.Activity
		speed float64
		rate  float64
		tilt  [3]float64
	}{
		{sim.Shank, sim.Walking, 1.0, 143, [3]float64{0.2, 0.3, 0.5}},
		{sim.Shank, sim.Walking, 1.4, 143, [3]float64{1.2, -0.4, 2.5}},
		{sim.Shank, sim.Running, 3, 143, [3]float64{0.2, 0.3, 0.5}},
		{sim.Shank, sim.Running, 4.5, 143, [3]float64{-2, 0.5, 1}},
		{sim.Shank, sim.Walking, 1.2, 100, [3]float64{0.7, 0.1, -1.5}},
		// the update's interval in time, not samples: every 8 samples
		// was a whole first swing at 25 Hz (a review)
		{sim.Shank, sim.Walking, 1.2, 25, [3]float64{0.7, 0.1, -1.5}},
		{sim.Shank, sim.Running, 3, 25, [3]float64{0.2, 0.3, 0.5}},
		{sim.Shoe, sim.Walking, 1.2, 143, [3]float64{0.2, 0.3, 0.5}},
	} {
		for _, seed := range []uint64{1, 2, 3} {
			t.Run(fmt.Sprintf("%v/%v/v%.1f/%.0fHz/seed%d", tc.pl, tc.act, tc.speed, tc.rate, seed), func(t *testing.T) {
				cfg := sim.Config{Activity: tc.act, Placement: tc.pl, Speed: tc.speed, Rate: tc.rate, ClipG: 8, Gyro: true, Noise: 0.3,
					GyroNoise: 0.01, Side: 'L', Tilt: tc.tilt, Seed: seed, Duration: 20, AntiAlias: true}
				ss, layout, tr := simulate(t, cfg)
				left := sideTruth(tr, gait.Left)
				// the join: where the rate turns from the toe-off into the
				// swing (|rate| least within 0.2 s after the toe-off)
				k := -1
				for i, s := range ss {
					if s.T > left[2].FC && s.T < left[2].FC+0.2 && (k < 0 || norm3(s.Gyr) < norm3(ss[k].Gyr)) {
						k = i
					}
				}
				cut := ss[k].T
				const stand = 2.0
				r := rand.New(rand.NewSource(int64(seed)))
				var in []sensor.Sample
				for i := 0; float64(i)/tc.rate < stand; i++ {
					s := sensor.Sample{T: float64(i) / tc.rate, Acc: ss[k].Acc}
					for ax := 0; ax < 3; ax++ {
						s.Acc[ax] += 0.3 * r.NormFloat64()
						s.Gyr[ax] = 0.01 * r.NormFloat64()
					}
					in = append(in, s)
				}
				for _, s := range ss[k:] {
					s.T += stand - ss[k].T
					in = append(in, s)
				}
				var truth []eval.Truth
				for _, x := range left {
					if x.IC > cut && x.FC < ss[len(ss)-1].T {
						x.IC += stand - ss[k].T
						x.FC += stand - ss[k].T
						truth = append(truth, x)
					}
				}
				pl := gait.Shank
				if tc.pl == sim.Shoe {
					pl = gait.Shoe
				}
				cs, _ := detect(t, gait.Config{Placement: pl, Side: gait.Left}, layout, in)
				s := eval.Match(cs, truth, eval.Options{})
				first := math.Inf(1)
				for _, c := range cs {
					if d := c.IC - truth[0].IC; math.Abs(d) < math.Abs(first) {
						first = d
					}
				}
				// (within 15 ms, or a sample period at 25 Hz: the
				// contacts after it are no closer there)
				tol := max(0.015, 1.1/tc.rate)
				if s.F1() < 1 || !(math.Abs(first) <= tol) {
					t.Errorf("F1 %.3f (TP %d FP %d FN %d), first contact after standing (%.3f s) found %+.0f ms off; want all, the first within %.0f ms",
						s.F1(), s.TP, s.FP, s.FN, truth[0].IC, 1000*first, 1000*tol)
				}
			})
		}
	}
}
