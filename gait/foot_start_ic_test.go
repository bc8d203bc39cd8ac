package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootStartsAtIC: a shank at 143 Hz clipped at ±8 g, with and without
// gyro, on either leg, running 2.5–5.5 m/s and walking 0.8–1.6 m/s, whose
// data starts 0–60 ms before an IC of its own leg (every sample from the
// one at the IC back to 60 ms before it, at two phases of the sample
// grid). The reference keeps that contact (only contacts cut by the
// trial's edges are left out), and a 6 s trial that lost it scored F1
// 0.89–0.94. It was refused when the IC came 0–20 ms into the data: an
// accelerometer-only impact's picker peak fell within 4 samples of the
// data's start, where no contact was refined, and a gyro shank's data
// started in the contact dip at or past its lowest point, where the
// late-swing rules saw no fall into the dip (walking, IC up to 40 ms into
// the data). Each trial is scored as gaitd eval scores it (its own leg's
// contacts whose stance lies in the data, the trial's median step): the
// contact is found, with IC and GCT within 20 ms of the truth, nothing is
// made up (precision 1), and F1 is 1. Starts from 400 ms before an IC to
// a stride after it in 10 ms steps (terminal and mid-swing, stance,
// toe-off) and after 1 s standing make up no contact either, as scored:
// the scoring does not judge a contact a stride before the first it keeps,
// and there an accelerometer-only shank whose data starts in a stance
// takes its toe-off for an impact (14 of these starts, running 2.5 m/s,
// right leg; the same before startImpact), which this test does not
// count.
func TestFootStartsAtIC(t *testing.T) {
	type rec struct {
		act   sim.Activity
		speed float64
	}
	recs := []rec{{sim.Running, 2.5}, {sim.Running, 4}, {sim.Running, 5.5}, {sim.Walking, 0.8}, {sim.Walking, 1.2}, {sim.Walking, 1.6}}
	tilts := [][3]float64{{0.1, -0.2, 0.3}, {0.3, 0.4, -0.6}}
	missed, madeUp, leads, cuts := 0, 0, 0, 0
	for ri, r := range recs {
		for _, gyro := range []bool{false, true} {
			for li, side := range []byte{'L', 'R'} {
				c := sim.Config{Activity: r.act, Placement: sim.Shank, Speed: r.speed, Rate: 143, ClipG: 8, Noise: 0.3, GyroNoise: 0.02,
					Gyro: gyro, Tilt: tilts[(ri+li)%2], Duration: 16, Side: side, Seed: uint64(41 + 5*ri + li)}
				name := fmt.Sprintf("%v %.1f m/s gyro %v %c", r.act, r.speed, gyro, side)
				ss, layout, truth := simulate(t, c)
				step := eval.MedianStep(truth)
				own := ownLeg(truth, side)
				// run scores the trial of the samples from i0, 6 s long
				run := func(i0 int) (*eval.Score, []gait.Contact, []eval.Truth) {
					return cutTrial(t, gait.Config{Placement: gait.Shank, Side: gait.Side(side)}, layout, ss, i0, own, step)
				}
				var cut [][2]float64
				for _, y := range own {
					cut = append(cut, [2]float64{y.IC, y.FC})
				}
				whole, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Side(side)}, layout, ss)
				for _, j := range []int{3, 4} {
					ic := own[j]
					// the GCT error of this contact found in the whole recording
					gctWhole := math.NaN()
					for _, x := range whole {
						if math.Abs(x.IC-ic.IC) < 0.05 {
							gctWhole = (x.FC - x.IC) - (ic.FC - ic.IC)
						}
					}
					at := 0 // the sample at or just before the IC
					for at+1 < len(ss) && ss[at+1].T <= ic.IC {
						at++
					}
					for back := 0; ic.IC-ss[at-back].T <= 0.06; back++ {
						i0 := at - back
						lead := ic.IC - ss[i0].T
						sc, cs, tr := run(i0)
						leads++
						for _, x := range cs {
							if x.IC < tr[0].IC-0.05 && !justCut(x.IC, cut, ss[i0].T, c.Rate) {
								madeUp++
								t.Errorf("%s, data from %.0f ms before an IC: a contact at %.3f s into the data, before the first (%.3f s)", name, 1e3*lead, x.IC-ss[i0].T, tr[0].IC-ss[i0].T)
							}
						}
						var got *gait.Contact
						for k := range cs {
							if math.Abs(cs[k].IC-ic.IC) < 0.05 {
								got = &cs[k]
							}
						}
						switch {
						case got == nil:
							missed++
							t.Errorf("%s, data from %.0f ms before an IC: the contact is not found (F1 %.3f)", name, 1e3*lead, sc.F1())
						case math.Abs(got.IC-ic.IC) > 0.02:
							t.Errorf("%s, data from %.0f ms before an IC: its IC %.0f ms off", name, 1e3*lead, 1e3*(got.IC-ic.IC))
						case !math.IsNaN(got.FC) && math.Abs((got.FC-got.IC)-(ic.FC-ic.IC)) > math.Max(0.02, math.Abs(gctWhole)+0.005):
							t.Errorf("%s, data from %.0f ms before an IC: its GCT %.0f ms off (%.0f ms in the whole recording)", name, 1e3*lead, 1e3*((got.FC-got.IC)-(ic.FC-ic.IC)), 1e3*gctWhole)
						}
						if sc.FP > 0 || sc.F1() < 1 {
							t.Errorf("%s, data from %.0f ms before an IC: P %.3f R %.3f F1 %.3f", name, 1e3*lead, sc.Precision(), sc.Recall(), sc.F1())
						}
					}
				}
				if ri%2 == 0 {
					// starts all over the stride: none made up
					ic := own[3].IC
					for i0 := 0; i0 < len(ss) && ss[i0].T < own[4].IC; i0 += 1 + int(0.01*c.Rate) {
						if ss[i0].T < ic-0.4 {
							continue
						}
						if sc, _, _ := run(i0); sc.FP > 0 {
							madeUp++
							t.Errorf("%s, data from %.0f ms after an IC: %d contacts made up", name, 1e3*(ss[i0].T-ic), sc.FP)
						}
						cuts++
					}
				}
			}
		}
	}
	// a standing start: the data begins standing still, 1 s before gait
	for i, a := range []sim.Activity{sim.Running, sim.Walking} {
		for _, gyro := range []bool{false, true} {
			c := sim.Config{Activity: a, Placement: sim.Shank, Rate: 143, ClipG: 8, Noise: 0.3, GyroNoise: 0.02, Gyro: gyro,
				Tilt: tilts[i], Standing: 1, Duration: 7, Side: 'L', Seed: uint64(61 + i)}
			ss, layout, truth := simulate(t, c)
			cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: 'L'}, layout, ss)
			for _, x := range cs {
				if _, hit := foundOf([]gait.Contact{x}, truth, gait.Left); hit == 0 {
					madeUp++
					t.Errorf("%v gyro %v after 1 s standing: contact at %.3f s made up", a, gyro, x.IC)
				}
			}
		}
	}
	t.Logf("%d trials starting 0–60 ms before an IC: %d of those contacts missed; %d other starts; %d contacts made up", leads, missed, cuts, madeUp)
}
