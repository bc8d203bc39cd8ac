package gait_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// stopInStance cuts a simulated foot recording at the middle of the
// instrumented foot's first stance after cut s and holds the sensor there
// for stand s (its acceleration that of the cut sample, its rate falling
// to zero over 0.1 s, plus noise): a walker or runner who stops on that
// foot. It returns the samples and the stopping contact's IC.
func stopInStance(tb testing.TB, cfg sim.Config, cut, stand float64) ([]sensor.Sample, float64) {
	tb.Helper()
	ss, _, truth, err := sim.Generate(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var end, ic float64
	for _, c := range truth {
		if c.Side == cfg.Side && c.IC > cut {
			end, ic = (c.IC+c.FC)/2, c.IC
			break
		}
	}
	var out []sensor.Sample
	for _, s := range ss {
		if s.T < end {
			out = append(out, s)
		}
	}
	last := out[len(out)-1]
	rng := uint64(1)
	noise := func() float64 { // a small deterministic jitter, ±0.05 m/s²
		rng = rng*6364136223846793005 + 1442695040888963407
		return 0.1 * (float64(rng>>11)/(1<<53) - 0.5)
	}
	for k := 1; float64(k) < stand*cfg.Rate; k++ {
		s := last
		s.T += float64(k) / cfg.Rate
		f := math.Max(0, 1-float64(k)/(0.1*cfg.Rate))
		for j := range 3 {
			s.Acc[j] += noise()
			s.Gyr[j] *= f
		}
		out = append(out, s)
	}
	return out, ic
}

// TestGyroFootStop: a shank or shoe with a gyroscope finds the contact on
// which the wearer stops. Each contact was confirmed by the mid-swing after
// it, and its window reaches back to the previous mid-swing only within
// 2.5 s: the stopping contact, with no swing after it, was lost — at the
// end of a recording that stands for more than 2.4 steps after its last
// mid-swing, and before every pause longer than about 2.5 s (a black-box
// round: a 10 s shank trial at 143 Hz, ±8 g, standing 3 s at each end lost
// 1 of its 7–14 contacts, F1 0.92–0.97). It is now taken from a window of
// 2.4 steps after that mid-swing in which the foot stays in its stance
// (IC only, the toe-off unknown), at the end of the data or, while the
// stream goes on, 3.5 s after that mid-swing; and the gait after the
// pause is found from its first contact, nothing made up — the pause spent
// standing (the next part's gait starting abruptly) or on the stopping
// foot, which then takes off. After such a stop the stride estimate is
// forgotten: a run's, kept, made the windows of a walk after the pause too
// short to hold its previous mid-swing, and the walk's first three
// contacts were refused. When the next bout's first contact comes before
// footStop's wait is over, from a mid-swing too far from the last one to
// reach back to it, the stopping contact is looked for first (pauses of
// about 1.8 s on the stopping foot lost it).
func TestGyroFootStop(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shank, sim.Shoe} {
		for _, act := range []sim.Activity{sim.Walking, sim.Running} {
			for _, stand := range []float64{1, 1.5, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3, 5} {
				for _, resume := range []string{"", "same", "walk", "same/stance", "walk/stance"} {
					if strings.HasPrefix(resume, "walk") && act == sim.Walking {
						continue
					}
					fromStance := strings.HasSuffix(resume, "/stance")
					name := fmt.Sprintf("%v/%v/stand%.1f/resume=%s", pl, act, stand, resume)
					t.Run(name, func(t *testing.T) {
						speed := 1.3
						if act == sim.Running {
							speed = 3.5
						}
						cfg := sim.Config{Placement: pl, Activity: act, Speed: speed, Rate: 143, ClipG: 8, Gyro: true, Noise: 0.3,
							Side: 'L', Tilt: [3]float64{0.2, 0.3, 0.5}, Duration: 12, Seed: 7}
						hold := stand
						if resume != "" && !fromStance {
							// the rest of the pause standing as the next
							// part's own start (its gait then starts
							// abruptly, in mid-step)
							hold = 0.3
						}
						ss, ic := stopInStance(t, cfg, 8, hold)
						var truth []float64 // the instrumented foot's ICs
						_, _, tc, _ := sim.Generate(cfg)
						for _, c := range tc {
							if c.Side == 'L' && c.IC <= ic {
								truth = append(truth, c.IC)
							}
						}
						layout := sensor.Layout{Frame: sensor.FrameSensor, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}, Rate: 143, ClipAcc: 8 * sensor.G0}
						off, gaitStart := 0.0, 0.0
						if resume != "" {
							// the same gait again after the pause, or a walk
							cfg2 := cfg
							cfg2.Seed, cfg2.Standing = 8, stand-hold
							cfg2.Duration = 10 + cfg2.Standing
							gaitStart = cfg2.Standing
							if strings.HasPrefix(resume, "walk") {
								cfg2.Activity, cfg2.Speed = sim.Walking, 1.3
							}
							from := 0.0 // the part's samples from there on
							if fromStance {
								// or from the middle of a stance, as if the
								// pause were spent on that foot, which then
								// takes off
								cfg2.Standing, cfg2.Duration, gaitStart = 0, 10, -1
								_, _, t2, _ := sim.Generate(cfg2)
								for _, c := range t2 {
									if c.Side == 'L' && c.IC > 1 {
										from = (c.IC + c.FC) / 2
										break
									}
								}
							}
							s2, _, t2, err := sim.Generate(cfg2)
							if err != nil {
								t.Fatal(err)
							}
							off = ss[len(ss)-1].T + 1/cfg.Rate - from
							for _, s := range s2 {
								if s.T >= from {
									s.T += off
									ss = append(ss, s)
								}
							}
							for _, c := range t2 {
								if c.Side == 'L' && c.IC > max(cfg2.Standing, from) && c.IC < cfg2.Duration-0.02 {
									truth = append(truth, c.IC+off)
								}
							}
						}
						p := gait.Shank
						if pl == sim.Shoe {
							p = gait.Shoe
						}
						cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, ss)
						found := map[int]bool{}
						for _, c := range cs {
							best := -1
							for i, x := range truth {
								if math.Abs(c.IC-x) < 0.1 && (best < 0 || math.Abs(c.IC-x) < math.Abs(c.IC-truth[best])) {
									best = i
								}
							}
							if best < 0 || found[best] {
								t.Errorf("a contact at %.3f s that is none of the true ones", c.IC)
								continue
							}
							found[best] = true
						}
						for i, x := range truth {
							// (the simulated part's first contact, 50 ms after
							// its gait starts abruptly from standing, is not
							// one a sensor shows: TestFootStartsBeforeIC)
							if !found[i] && x > 0.5 && !(x > off+gaitStart && x < off+gaitStart+0.5) {
								t.Errorf("the contact at %.3f s (stopping contact %.3f s) is not found", x, ic)
							}
						}
					})
				}
			}
		}
	}
}
