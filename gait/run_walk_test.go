package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRunThenWalk: a walk after a run — a cool-down, run/walk intervals —
// is found from its first seconds, with or without a standing pause
// between. The run's loading peaks (2.5–3.5 g) had set the peak picker's
// height threshold above every walking peak, and with no peak confirmed
// it never came down: after 10 s at 3 or 4.5 m/s, no contact of a 0.9 m/s
// walk was found, even after 5 s of standing (a review; a 1.4 m/s walk's
// were).
func TestRunThenWalk(t *testing.T) {
	for _, l := range waistLayouts {
		for _, runSpeed := range []float64{3, 4.5} {
			for _, walkSpeed := range []float64{0.9, 1.4} {
				for _, pause := range []float64{0, 2, 5} {
					name := fmt.Sprintf("%s/run%.1f/walk%.1f/pause%.0f", l.name, runSpeed, walkSpeed, pause)
					t.Run(name, func(t *testing.T) {
						run, walk := l.cfg, l.cfg
						run.Activity, run.Placement, run.Rate, run.Noise, run.Seed = sim.Running, sim.Waist, 100, 0.1, 1
						run.Duration, run.Speed = 10, runSpeed
						walk.Activity, walk.Placement, walk.Rate, walk.Noise, walk.Seed = sim.Walking, sim.Waist, 100, 0.1, 2
						walk.Duration, walk.Speed, walk.Standing = 30+pause, walkSpeed, pause
						ss, layout, truth, off := joinSim(t, run, walk)
						cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
						// the walk's contacts from 1.5 s into it (the picker
						// forgets the run after 2.5 of its steps, at most
						// MaxStep, without a contact)
						sc := scoreFrom(cs, truth, off+pause+1.5, gait.SideUnknown)
						if sc.Recall() < 0.97 || sc.FP > 0 {
							t.Errorf("the walk after the run: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
						}
					})
				}
			}
		}
	}
}

// TestFootRunThenWalk: the same for a shoe or shank sensor at 143 Hz
// clipped at ±8 g, with and without a gyroscope (the acceptance's shank
// recordings). Accelerometer only, the run's impacts set the picker's
// thresholds above every impact of the walk: none of its contacts was
// found. With a gyroscope the run's stride estimate (0.7 s) kept the
// walk's previous mid-swing out of each contact's window: the walk's
// first 4–6 contacts were refused, until four refusals in a row forgot
// the estimate.
func TestFootRunThenWalk(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shoe, sim.Shank} {
		for _, gyro := range []bool{true, false} {
			for _, runSpeed := range []float64{3, 4.5} {
				for _, walkSpeed := range []float64{0.9, 1.4} {
					for _, pause := range []float64{0, 3} {
						name := fmt.Sprintf("%v/gyro=%v/run%.1f/walk%.1f/pause%.0f", pl, gyro, runSpeed, walkSpeed, pause)
						t.Run(name, func(t *testing.T) {
							run := sim.Config{Placement: pl, Gyro: gyro, Activity: sim.Running, Rate: 143, Noise: 0.1, ClipG: 8, Seed: 1, Duration: 10, Speed: runSpeed}
							walk := run
							walk.Activity, walk.Seed, walk.Duration, walk.Speed, walk.Standing = sim.Walking, 2, 30+pause, walkSpeed, pause
							// the instrumented (left) foot's contacts from
							// 3.5 s into the walk (the picker forgot the
							// run after two MaxSteps without a contact;
							// now sooner, TestFootRunThenWalkSoon)
							walkAfterRun(t, run, walk, pause+3.5)
						})
					}
				}
			}
		}
	}
}

// TestFootRunThenWalkSoon: an accelerometer-only shoe or shank finds a
// walk that follows a run once 2.5 of the run's strides (at least MaxStep,
// 1.5 s) have passed without an impact, not two MaxSteps: a run's stride
// lasts 0.9 s or less, so a silence of 2.5 of them is a stop or a walk. Waiting two
// MaxSteps lost the walk's first one to three contacts after every run
// (a black-box round: a shank at 143 Hz clipped at ±8 g going from 5.5 m/s
// to a 1.4 m/s walk, F1 0.957 over a one-minute walk/run/walk file).
func TestFootRunThenWalkSoon(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shoe, sim.Shank} {
		for _, runSpeed := range []float64{3, 5.5} {
			for _, walkSpeed := range []float64{0.9, 1.4} {
				for _, pause := range []float64{0, 3} {
					name := fmt.Sprintf("%v/run%.1f/walk%.1f/pause%.0f", pl, runSpeed, walkSpeed, pause)
					t.Run(name, func(t *testing.T) {
						run := sim.Config{Placement: pl, Activity: sim.Running, Rate: 143, Noise: 0.3, ClipG: 8, Seed: 3, Duration: 10, Speed: runSpeed,
							Tilt: [3]float64{0.2, 0.3, 0.5}}
						walk := run
						walk.Activity, walk.Seed, walk.Duration, walk.Speed, walk.Standing = sim.Walking, 4, 20+pause, walkSpeed, pause
						// the instrumented (left) foot's contacts from
						// 1.6 s into the walk (MaxStep after the run's last
						// impact, and the sample's own lag)
						walkAfterRun(t, run, walk, pause+1.6)
					})
				}
			}
		}
	}
}

// TestFootWalkThenRun: an accelerometer-only shoe or shank keeps every
// stride of a run that follows a walk. The walk's stride (1.0–1.2 s) set
// the picker's minimum distance, 0.6 of it, over a run's stride (0.6–0.7 s):
// every other impact of the run was passed over, and the doubled strides
// kept the median a walk's for the whole run (a stress test: run recall
// under 0.7 in about 30 % of such recordings). Running, the minimum
// distance is now at most 0.45 s (a stride at 220 steps/min lasts 0.55 s).
func TestFootWalkThenRun(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shoe, sim.Shank} {
		for _, rate := range []float64{128, 250} {
			for _, walkSpeed := range []float64{0.74, 1.55} {
				for _, runSpeed := range []float64{3.3, 4.5} {
					name := fmt.Sprintf("%v/%.0fHz/walk%.2f/run%.1f", pl, rate, walkSpeed, runSpeed)
					t.Run(name, func(t *testing.T) {
						walk := sim.Config{Placement: pl, Activity: sim.Walking, Rate: rate, Noise: 0.2, AntiAlias: true, Tilt: [3]float64{-0.14, -0.08, 0.16}, Seed: 684733, Duration: 38, Speed: walkSpeed, FatigueDrift: 0.17}
						run := walk
						run.Activity, run.Seed, run.Duration, run.Speed, run.FatigueDrift = sim.Running, 518693, 30, runSpeed, 0
						ss, layout, truth, off := joinSim(t, walk, run)
						p := gait.Shoe
						if pl == sim.Shank {
							p = gait.Shank
						}
						cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, ss)
						sc := scoreFrom(cs, truth, off+5, gait.Left)
						if sc.Recall() < 0.97 || sc.FP > 0 {
							t.Errorf("the run after the walk: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
						}
					})
				}
			}
		}
	}
}

// TestRunThenWalkForced: the same with the activity forced to walking
// (--activity walking on a recording that starts with a run): the picker
// still forgets the run. The running vote was not kept when the activity
// was forced, and no contact of the walk was found (a review).
func TestRunThenWalkForced(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Waist, sim.Shoe} {
		for _, pause := range []float64{0, 3} {
			t.Run(fmt.Sprintf("%v/pause%.0f", pl, pause), func(t *testing.T) {
				run := sim.Config{Placement: pl, Activity: sim.Running, Rate: 100, Noise: 0.1, Seed: 1, Duration: 10, Speed: 3}
				walk := run
				walk.Activity, walk.Seed, walk.Duration, walk.Speed, walk.Standing = sim.Walking, 2, 30+pause, 0.9, pause
				ss, layout, truth, off := joinSim(t, run, walk)
				cfg, from, side := gait.Config{Placement: gait.Waist, Activity: gait.Walking}, off+pause+1.5, gait.SideUnknown
				if pl == sim.Shoe {
					cfg, from, side = gait.Config{Placement: gait.Shoe, Side: gait.Left, Activity: gait.Walking}, off+pause+3.5, gait.Left
				}
				cs, _ := detect(t, cfg, layout, ss)
				sc := scoreFrom(cs, truth, from, side)
				if sc.Recall() < 0.97 || sc.FP > 0 {
					t.Errorf("the walk after the run, walking forced: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
				}
			})
		}
	}
}

// TestGyroFootRunThenWalkHole: a gyro shoe or shank keeps the walk's
// contacts around a short hole in the data well into a walk after a fast
// run. Its stride median took the walk's strides (over 1.6 times the
// run's) in only three at a time and still held the run's 12 s into the
// walk; the contact window, sized by it, holds no previous mid-swing, and
// it may not reach back across a hole: the walk's contacts after the hole
// were refused until four in a row forgot the estimate (4 lost, a stress
// test). The stride estimate is now forgotten when the activity changes.
func TestGyroFootRunThenWalkHole(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shoe, sim.Shank} {
		t.Run(fmt.Sprint(pl), func(t *testing.T) {
			run := sim.Config{Placement: pl, Gyro: true, Activity: sim.Running, Rate: 100, Noise: 0.05, GyroNoise: 0.05, ClipG: 6, AntiAlias: true, Tilt: [3]float64{-0.08, 0.12, 0.02}, Seed: 269680, Duration: 40, Speed: 5.27, Variability: 0.09}
			walk := run
			walk.Activity, walk.Seed, walk.Duration, walk.Speed, walk.Variability = sim.Walking, 320410, 26, 0.86, 0
			walk.Dropouts = []sim.Gap{{Start: 12.6, Dur: 0.08}}
			ss, layout, truth, off := joinSim(t, run, walk)
			p := gait.Shoe
			if pl == sim.Shank {
				p = gait.Shank
			}
			cs, st := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, ss)
			if st.Bridged == 0 {
				t.Fatalf("no bridged hole (stats %+v)", st)
			}
			sc := scoreFrom(cs, truth, off+3.5, gait.Left)
			if sc.Recall() < 0.97 || sc.FP > 0 {
				t.Errorf("the walk: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
			}
		})
	}
}

// TestWalkThenSlowerWalk: a walker who slows from 1.8 to 0.9 m/s, with or
// without a moment of standing, keeps being found: the slower walk's
// loading peaks (1.17–1.19 g) lay under the height threshold the faster
// walk set (1.20 g), and the walk was missed whole (29 of 356 such parts in
// a stress test). A rhythm of peaks under the thresholds (underRhythm) now
// scales the faster walk's down to them (forgetWalk).
func TestWalkThenSlowerWalk(t *testing.T) {
	for _, l := range waistLayouts {
		for _, rate := range []float64{100, 200} {
			for _, pause := range []float64{0, 0.7} {
				t.Run(fmt.Sprintf("%s/%.0fHz/pause%.1f", l.name, rate, pause), func(t *testing.T) {
					fast, slow := l.cfg, l.cfg
					fast.Activity, fast.Placement, fast.Rate, fast.Noise, fast.Seed = sim.Walking, sim.Waist, rate, 0.1, 11
					fast.Duration, fast.Speed = 20, 1.8
					slow.Activity, slow.Placement, slow.Rate, slow.Noise, slow.Seed = sim.Walking, sim.Waist, rate, 0.1, 12
					slow.Duration, slow.Speed, slow.Standing = 20+pause, 0.92, pause
					ss, layout, truth, off := joinSim(t, fast, slow)
					cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
					sc := scoreFrom(cs, truth, off+pause+3, gait.SideUnknown)
					if sc.Recall() < 0.97 || sc.FP > 0 {
						t.Errorf("the slower walk: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
					}
				})
			}
		}
	}
}

// waistLayouts are a waist sensor's channel sets for the transition tests:
// anatomical V+AP+ML and V alone, and a tilted sensor frame with a gyro.
var waistLayouts = []struct {
	name string
	cfg  sim.Config
}{
	{"V+AP+ML", sim.Config{Frame: sensor.FrameAnatomical}},
	{"V", sim.Config{Frame: sensor.FrameAnatomical, Axes: [3]bool{true}}},
	{"sensor + gyro", sim.Config{Frame: sensor.FrameSensor, Tilt: [3]float64{0.1, -0.2, 0.4}, Gyro: true}},
}

// scoreFrom scores the contacts cs against the truth from time from, s,
// on: the truth's contacts with their IC at or after from (one foot's, for
// side L or R), the contacts from 50 ms before it.
func scoreFrom(cs []gait.Contact, truth []eval.Truth, from float64, side gait.Side) *eval.Score {
	var tw []eval.Truth
	for _, tr := range truth {
		if tr.IC >= from && (side == gait.SideUnknown || tr.Side == side) {
			tw = append(tw, tr)
		}
	}
	var cw []gait.Contact
	for _, c := range cs {
		if c.IC >= from-0.05 {
			cw = append(cw, c)
		}
	}
	return eval.Match(cw, tw, eval.Options{})
}

// joinSim simulates the parts and joins them in time, each starting one
// sample after the last; it returns the samples, the first part's layout,
// every part's truth and the last part's start, s.
func joinSim(tb testing.TB, parts ...sim.Config) ([]sensor.Sample, sensor.Layout, []eval.Truth, float64) {
	tb.Helper()
	var out []sensor.Sample
	var truth []eval.Truth
	var layout sensor.Layout
	off, start := 0.0, 0.0
	for i, p := range parts {
		ss, l, tr := simulate(tb, p)
		if i == 0 {
			layout = l
		}
		start = off
		for _, s := range ss {
			s.T += off
			out = append(out, s)
		}
		for _, x := range tr {
			x.IC += off
			x.FC += off
			truth = append(truth, x)
		}
		off = out[len(out)-1].T + 1/p.Rate
	}
	return out, layout, truth, start
}

// walkAfterRun joins the simulated foot recordings run and walk (the
// instrumented foot the left, placement from run), detects its contacts
// and requires the walk's from from s into it on all found (recall ≥ 0.97)
// and none made up.
func walkAfterRun(t *testing.T, run, walk sim.Config, from float64) {
	t.Helper()
	ss, layout, truth, off := joinSim(t, run, walk)
	p := gait.Shoe
	if run.Placement == sim.Shank {
		p = gait.Shank
	}
	cs, _ := detect(t, gait.Config{Placement: p, Side: gait.Left}, layout, ss)
	sc := scoreFrom(cs, truth, off+from, gait.Left)
	if sc.Recall() < 0.97 || sc.FP > 0 {
		t.Errorf("the walk after the run: P %.3f R %.3f (%d contacts for %d)", sc.Precision(), sc.Recall(), sc.TP+sc.FP, sc.TP+sc.FN)
	}
}

// TestRunThenWalkAtOnce: a walk straight after a run (no slowing, no
// stop) is found from its second contact on, each within a stride of its
// IC. The walk's first 2–3 contacts were lost (0.55–0.61 and 1.10–1.16 s
// into it, in 149 of 162 such recordings): the last six steps' vote
// still called them running, and a running contact without a toe-off was
// dropped; after a 3–4.5 m/s run the walk's loading peaks (1.2–1.3 g at
// 0.9 m/s) also stood under the run's height threshold until the picker
// forgot it, MaxStep after the run's last peak. (The walk's first contact,
// 50 ms into its part, is the join's: the run's last stance is cut there.)
func TestRunThenWalkAtOnce(t *testing.T) {
	for _, l := range waistLayouts {
		for _, rate := range []float64{100, 200} {
			for _, runSpeed := range []float64{2.2, 3, 4.5} {
				for _, walkSpeed := range []float64{0.9, 1.2, 1.6} {
					name := fmt.Sprintf("%s/%.0fHz/run%.1f/walk%.1f", l.name, rate, runSpeed, walkSpeed)
					t.Run(name, func(t *testing.T) {
						run, walk := l.cfg, l.cfg
						run.Activity, run.Placement, run.Rate, run.Noise, run.Seed = sim.Running, sim.Waist, rate, 0.3, 2
						run.Duration, run.Speed = 10, runSpeed
						walk.Activity, walk.Placement, walk.Rate, walk.Noise, walk.Seed = sim.Walking, sim.Waist, rate, 0.3, 102
						walk.Duration, walk.Speed = 10, walkSpeed
						ss, layout, truth, off := joinSim(t, run, walk)
						e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
						if err != nil {
							t.Fatal(err)
						}
						// a stride of the walk: its first two true steps
						var stride float64
						for k, tr := range truth {
							if tr.IC > off+0.3 {
								stride = truth[k+2].IC - tr.IC
								break
							}
						}
						var cs, out []gait.Contact
						worst := 0.0
						for _, s := range ss {
							out = e.Push(out[:0], s)
							for _, c := range out {
								if c.IC > off+0.3 && c.IC < off+2 {
									worst = max(worst, (s.T-c.IC)/stride)
								}
							}
							cs = append(cs, out...)
						}
						cs = e.Flush(cs)
						sc := walkStartScore(cs, truth, off)
						if sc.FN > 0 || sc.FP > 0 || worst > 1 {
							t.Errorf("the walk's contacts 0.3–2 s into it: %d found of %d, %d made up; worst latency %.2f strides", sc.TP, sc.TP+sc.FN, sc.FP, worst)
						}
					})
				}
			}
		}
	}
}

// walkStartScore scores the contacts cs against the truth over the walk's
// start, 0.3–2 s after the join at off, s (scoreFrom; the walk's first
// contact, the join's, left out).
func walkStartScore(cs []gait.Contact, truth []eval.Truth, off float64) *eval.Score {
	var win []gait.Contact
	for _, c := range cs {
		if c.IC < off+2 {
			win = append(win, c)
		}
	}
	var tw []eval.Truth
	for _, tr := range truth {
		if tr.IC < off+2-0.05 {
			tw = append(tw, tr)
		}
	}
	return scoreFrom(win, tw, off+0.3, gait.SideUnknown)
}
