package gait_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestMobgapMissedStepFilled: on mobgap's daily-life walks, the loading
// peaks of turning and shuffling steps the peak picker passes over (under
// the height threshold that steady steps set) are found in the middle of
// the two-step interval they leave (gait.Stats.Filled): each contact the
// search adds lies within 25 ms of an insole reference IC, and the
// contacts found without it are found with it at the same ICs.
func TestMobgapMissedStepFilled(t *testing.T) {
	filled := 0
	for _, name := range []string{"HA001_Test11_Trial1", "MS001_Test11_Trial1"} {
		dir := filepath.Join("../../shared/datasets/mobgap", name)
		tr, err := eval.LoadTrial(dir)
		if err != nil {
			t.Skipf("datasets not available: %v", err)
		}
		run := func(fill bool) ([]gait.Contact, gait.Stats) {
			f, err := os.Open(tr.Input())
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: tr.Input()})
			if err != nil {
				t.Fatal(err)
			}
			e, err := gait.New(gait.Config{Placement: gait.Waist}, r.Layout())
			if err != nil {
				t.Fatal(err)
			}
			if !fill {
				gait.NoFill(e)
			}
			var cs []gait.Contact
			for {
				var s sensor.Sample
				if r.Read(&s) != nil {
					break
				}
				cs = e.Push(cs, s)
			}
			return e.Flush(cs), e.Stats()
		}
		without, st0 := run(false)
		with, st := run(true)
		if st0.Filled != 0 {
			t.Fatalf("%s: %d filled with the search off", name, st0.Filled)
		}
		added := 0
		for _, c := range with {
			if hasIC(without, c.IC, 1e-6) {
				continue
			}
			added++
			if !nearTruth(tr.Truth, c.IC, 0.025) {
				t.Errorf("%s: the contact added at %.3f s is not a reference contact's (within 25 ms)", name, c.IC)
			}
		}
		for _, c := range without {
			if !hasIC(with, c.IC, 1e-6) {
				t.Errorf("%s: the contact at %.3f s is lost with the search on", name, c.IC)
			}
		}
		if int64(added) != st.Filled {
			t.Errorf("%s: %d contacts added, Stats.Filled %d", name, added, st.Filled)
		}
		filled += added
		t.Logf("%s: %d contacts, %d filled", name, len(with), added)
	}
	if filled == 0 {
		t.Error("no missed step found on either walk")
	}
}

// TestWalkMissedStepNotMadeUp: a simulated walk whose step's loading is
// scaled down to 0 or 0.2 of the others' (under the search's 0.3 of
// the walker's loading prominence) loses that step, and nothing is made up
// in the two-step interval it leaves or elsewhere.
func TestWalkMissedStepNotMadeUp(t *testing.T) {
	layouts := []struct {
		name string
		cfg  sim.Config
	}{
		{"V", sim.Config{Frame: sensor.FrameAnatomical, Axes: [3]bool{true}}},
		{"V+AP+ML", sim.Config{Frame: sensor.FrameAnatomical}},
		{"tilted sensor + gyro", sim.Config{Frame: sensor.FrameSensor, Tilt: [3]float64{0.2, -0.3, 0.5}, Gyro: true}},
	}
	for _, l := range layouts {
		for _, rate := range []float64{50, 100, 143} {
			for _, speed := range []float64{0.9, 1.4} {
				cfg := l.cfg
				cfg.Activity, cfg.Placement = sim.Walking, sim.Waist
				cfg.Duration, cfg.Rate, cfg.Speed, cfg.Noise, cfg.Seed = 20, rate, speed, 0.05, 3
				t.Run(fmt.Sprintf("%s/%.0fHz/%.1fm_s", l.name, rate, speed), func(t *testing.T) {
					weakStep(t, cfg)
				})
			}
		}
	}
}

func weakStep(t *testing.T, cfg sim.Config) {
	ss, layout, truth := simulate(t, cfg)
	// the step to weaken: the first whose IC is past 10 s
	k := 0
	for k < len(truth)-1 && truth[k].IC < 10 {
		k++
	}
	ic, next := truth[k].IC, truth[k+1].IC
	var mean [3]float64
	for _, s := range ss {
		for a := range mean {
			mean[a] += s.Acc[a] / float64(len(ss))
		}
	}
	// squash returns ss with the acceleration's deviation from its mean
	// scaled by f over step k, from a quarter step before its IC to a
	// quarter step before the next, the scale tapering (raised cosine)
	// over 0.1 s at each end
	squash := func(f float64) []sensor.Sample {
		out := append([]sensor.Sample(nil), ss...)
		a, b, ramp := ic-0.25*(next-ic), next-0.25*(next-ic), 0.1
		for i := range out {
			s := &out[i]
			var w float64 // 1 inside, 0 outside
			switch {
			case s.T <= a-ramp || s.T >= b+ramp:
				continue
			case s.T < a:
				w = 0.5 - 0.5*math.Cos(math.Pi*(s.T-a+ramp)/ramp)
			case s.T > b:
				w = 0.5 + 0.5*math.Cos(math.Pi*(s.T-b)/ramp)
			default:
				w = 1
			}
			g := 1 - w*(1-f)
			for a := range mean {
				if layout.Acc[a] {
					s.Acc[a] = mean[a] + g*(s.Acc[a]-mean[a])
				}
			}
		}
		return out
	}
	full, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	if !hasIC(full, ic, 0.025) {
		t.Fatalf("the unweakened step at %.3f s is not found", ic)
	}
	for _, f := range []float64{0, 0.2} {
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, squash(f))
		if hasIC(cs, ic, 0.025) || st.Filled > 0 || len(cs) != len(full)-1 {
			t.Errorf("step at %.3f s weakened to %.1f: found %v, filled %d, %d contacts of the unweakened %d", ic, f, hasIC(cs, ic, 0.025), st.Filled, len(cs), len(full))
		}
		for _, c := range cs {
			if !nearTruth(truth, c.IC, 0.04) {
				t.Errorf("step at %.3f s weakened to %.1f: a contact made up at %.3f s", ic, f, c.IC)
			}
		}
	}
}

// hasIC tells whether a contact of cs has its IC within tol of ic.
func hasIC(cs []gait.Contact, ic, tol float64) bool {
	for _, c := range cs {
		if math.Abs(c.IC-ic) <= tol {
			return true
		}
	}
	return false
}

// nearTruth tells whether a true contact's IC lies within tol of ic.
func nearTruth(truth []eval.Truth, ic, tol float64) bool {
	for _, tr := range truth {
		if math.Abs(tr.IC-ic) <= tol {
			return true
		}
	}
	return false
}

// TestWalkSlowingNotFilled: a walker who slows from 120 to 65 steps/min
// keeps the faster walk's median step for a while (long steps join it only
// three at a time), so every slow step reads as 1.7–2 steps; its middle,
// with the noise's bumps, must not become a contact. (A review: at 50 Hz
// with 0.5 m/s² noise, 25 contacts made up in 100 recordings, each in the
// middle of a slow step.) Nor is a contact filled in a standing start
// whose noise made up two before the walk (the step median then rests on
// one interval).
func TestWalkSlowingNotFilled(t *testing.T) {
	for _, rate := range []float64{50, 100} {
		filled, made := 0, 0
		for seed := uint64(1); seed <= 30; seed++ {
			fast := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 12, Rate: rate, Cadence: 120, Speed: 1.3, Noise: 0.5, Seed: seed}
			slow := fast
			slow.Duration, slow.Cadence, slow.Speed, slow.Seed = 15, 65, 0.7, seed+1000
			ss, layout, truth, _ := joinSim(t, fast, slow)
			for _, c := range filledContacts(t, layout, ss) {
				filled++
				if !nearTruth(truth, c.IC, 0.1) {
					made++
					t.Errorf("%.0f Hz, seed %d: a contact made up at %.3f s", rate, seed, c.IC)
				}
			}
		}
		t.Logf("%.0f Hz: 30 recordings, %d filled, %d made up in the slow walk", rate, filled, made)
	}
	for _, rate := range []float64{25, 50} {
		for seed := uint64(1); seed <= 60; seed++ {
			c := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 12, Rate: rate, Speed: 1.3, Noise: 0.5, Standing: 2.5, Seed: seed, Gyro: true, Tilt: [3]float64{0, -0.17, 0.5}}
			ss, layout, truth := simulate(t, c)
			for _, x := range filledContacts(t, layout, ss) {
				if !nearTruth(truth, x.IC, 0.1) {
					t.Errorf("%.0f Hz, seed %d: a contact made up at %.3f s (the walk starts at %.3f s)", rate, seed, x.IC, truth[0].IC)
				}
			}
		}
	}
}

// filledContacts runs a waist engine over ss with and without the search
// for steps in the rhythm and returns the contacts only the first found.
func filledContacts(t *testing.T, layout sensor.Layout, ss []sensor.Sample) []gait.Contact {
	t.Helper()
	run := func(fill bool) []gait.Contact {
		e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
		if err != nil {
			t.Fatal(err)
		}
		if !fill {
			gait.NoFill(e)
		}
		cs := e.PushBatch(nil, ss)
		return e.Flush(cs)
	}
	with, without := run(true), run(false)
	var out []gait.Contact
	for _, c := range with {
		if !hasIC(without, c.IC, 1e-6) {
			out = append(out, c)
		}
	}
	return out
}
