package gait_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// trulyClipped counts the true contacts (IC to FC) during which a sample
// read an accelerometer axis at its limit clip (m/s²).
func trulyClipped(ss []sensor.Sample, truth []sim.Contact, clip float64) int {
	n, i := 0, 0
	for _, c := range truth {
		for i > 0 && ss[i-1].T >= c.IC {
			i--
		}
		for i < len(ss) && ss[i].T < c.IC {
			i++
		}
		for j := i; j < len(ss) && ss[j].T <= c.FC; j++ {
			if math.Abs(ss[j].Acc[0]) >= 0.995*clip || math.Abs(ss[j].Acc[1]) >= 0.995*clip || math.Abs(ss[j].Acc[2]) >= 0.995*clip {
				n++
				break
			}
		}
	}
	return n
}

// TestClipFoundInStream: a shoe or shank at 143 Hz clipped at ±8 g that
// starts with 5 s of standing, pushed with a layout that does not give the
// limit (a CSV reader's lookahead saw only the standing; a binary or live
// stream has no lookahead), has its clipped contacts flagged from the
// strides after the rail is found: most of the truly clipped ones, none
// beyond them.
func TestClipFoundInStream(t *testing.T) {
	for _, pl := range []sim.Placement{sim.Shank, sim.Shoe} {
		for _, gyro := range []bool{false, true} {
			name := fmt.Sprintf("%v gyro=%v", pl, gyro)
			c := sim.Config{Activity: sim.Running, Placement: pl, Speed: 3.5, Duration: 60, Rate: 143, ClipG: 8, Gyro: gyro, Noise: 0.3, Standing: 5, Side: 'L', Seed: 31}
			ss, layout, truth, err := sim.Generate(c)
			if err != nil {
				t.Fatal(err)
			}
			want := trulyClipped(ss, truth, 8*sensor.G0)
			cfg := gait.Config{Placement: gait.Shank}
			if pl == sim.Shoe {
				cfg.Placement = gait.Shoe
			}
			_, known := detect(t, cfg, layout, ss)
			layout.ClipAcc = 0
			_, st := detect(t, cfg, layout, ss)
			t.Logf("%s: %d contacts truly clipped, %d flagged with the limit given, %d found in the stream", name, want, known.Clipped, st.Clipped)
			if want < 20 {
				t.Fatalf("%s: the simulation clipped %d contacts", name, want)
			}
			if st.Clipped == 0 || st.Clipped > known.Clipped || float64(st.Clipped) < 0.75*float64(want) {
				t.Errorf("%s: %d contacts flagged clipped, %d truly clipped (%d with the limit given)", name, st.Clipped, want, known.Clipped)
			}
		}
	}
}

// TestClipNotFoundUnclipped: unclipped simulated shoe and shank runs,
// 50–1000 Hz, read exactly, in 0.01 g steps and in an int16 part's steps,
// and the real recordings read as a shank, flag no contact clipped.
func TestClipNotFoundUnclipped(t *testing.T) {
	quant := func(ss []sensor.Sample, q float64) {
		for i := range ss {
			for k := range ss[i].Acc {
				ss[i].Acc[k] = math.Round(ss[i].Acc[k]/(q*sensor.G0)) * q * sensor.G0
			}
		}
	}
	seed := uint64(40)
	for _, pl := range []sim.Placement{sim.Shank, sim.Shoe} {
		for _, act := range []sim.Activity{sim.Running, sim.Walking} {
			for _, rate := range []float64{50, 100, 143, 200, 500, 1000} {
				seed++
				c := sim.Config{Activity: act, Placement: pl, Duration: 60, Rate: rate, Gyro: seed%2 == 0, Noise: 0.1 * float64(seed%3), Standing: float64(seed % 4), Side: 'L', Seed: seed}
				ss, layout, _, err := sim.Generate(c)
				if err != nil {
					t.Fatal(err)
				}
				cfg := gait.Config{Placement: gait.Shank}
				if pl == sim.Shoe {
					cfg.Placement = gait.Shoe
				}
				peak := 0.0
				for _, s := range ss {
					peak = max(peak, math.Abs(s.Acc[0]), math.Abs(s.Acc[1]), math.Abs(s.Acc[2]))
				}
				lsb := 16.0 / 32768 // g, an int16 part's step at ±16 g
				if peak < 8*sensor.G0 {
					lsb = 8.0 / 32768
				}
				for _, q := range []float64{0, 0.01, lsb} {
					rs := append([]sensor.Sample(nil), ss...)
					if q > 0 {
						quant(rs, q)
					}
					if _, st := detect(t, cfg, layout, rs); st.Clipped != 0 {
						t.Errorf("%v %v %g Hz, read in steps of %g g: %d contacts flagged clipped", pl, act, rate, q, st.Clipped)
					}
				}
			}
		}
	}
	trials, _ := filepath.Glob("../../shared/datasets/*/*/input.csv")
	if len(trials) == 0 {
		t.Log("datasets not available")
		return
	}
	for _, name := range trials {
		for _, p := range []gait.Placement{gait.Shank, gait.Shoe} {
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			r, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			sum, _, err := gait.Analyze(r, gait.Config{Placement: p}, nil, nil)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if n := sum.Report().ClippedSteps; n != 0 {
				t.Errorf("%s read as a %v: %d contacts flagged clipped", name, p, n)
			}
		}
	}
	t.Logf("%d real recordings read as a shank and as a shoe", len(trials))
}

// TestClippedImpactFigures: a shank at 143 Hz running at 4.5 m/s, whose
// impacts read 8.7–11.5 g, unclipped, clipped at ±10.5 g (about a third of
// the contacts saturate) and at ±8 g (all do). The run's figures of acceleration peaks
// — impact_g, the per-side and symmetry figures, the impact signal — are
// medians, exact while fewer than half of the contacts saturated (their
// peaks read the range, above every other): with a few clipped the summary
// reads the unclipped run's impact, and with most clipped it gives no
// impact, saying why, where it gave the range (8 g) as the runner's.
func TestClippedImpactFigures(t *testing.T) {
	report := func(clip float64) (r gait.Report, clipped, contacts int) {
		c := sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 4.5, Duration: 60, Rate: 143, ClipG: clip, Noise: 0.3, Side: 'L', Seed: 7}
		ss, layout, truth, err := sim.Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		cs, st := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Left}, layout, ss)
		sum := gait.NewSummary(gait.Shank)
		for _, c := range cs {
			sum.Add(c)
		}
		sum.SetStats(st)
		n := 0
		if clip > 0 {
			n = trulyClipped(ss, truth, clip*sensor.G0)
		}
		t.Logf("clip %g g: %d of %d true contacts clipped, %d flagged; impact_g %v (%s)", clip, n, len(truth), st.Clipped, show(sum.Report().ImpactG), sum.Report().ImpactReason)
		return sum.Report(), int(st.Clipped), len(cs)
	}
	impactSignal := func(r gait.Report) gait.Signal {
		for _, s := range r.Signals {
			if s.Name == gait.SignalImpact {
				return s
			}
		}
		t.Fatal("no impact signal")
		return gait.Signal{}
	}
	clean, _, _ := report(0)
	if clean.ImpactG == nil || *clean.ImpactG < 9 {
		t.Fatalf("unclipped: impact_g %v, want the shank's 9 g or more", show(clean.ImpactG))
	}
	few, nFew, n := report(10.5)
	if nFew == 0 || 2*nFew >= n {
		t.Fatalf("clipped at 10.5 g: %d of %d contacts flagged, want a few", nFew, n)
	}
	if few.ImpactG == nil || math.Abs(*few.ImpactG-*clean.ImpactG) > 0.02**clean.ImpactG {
		t.Errorf("clipped at 10.5 g (%d of %d contacts): impact_g %v, unclipped %.2f", nFew, n, show(few.ImpactG), *clean.ImpactG)
	}
	most, nMost, n2 := report(8)
	if 2*nMost < n2 {
		t.Fatalf("clipped at 8 g: %d of %d contacts flagged, want most", nMost, n2)
	}
	if most.ImpactG != nil || !strings.Contains(most.ImpactReason, "saturated") {
		t.Errorf("clipped at 8 g (%d of %d contacts): impact_g %v (%q), want none and why", nMost, n2, show(most.ImpactG), most.ImpactReason)
	}
	for side, sr := range most.Sides {
		if sr.ImpactG != nil {
			t.Errorf("clipped at 8 g: side %s impact_g %.2f", side, *sr.ImpactG)
		}
	}
	if s := impactSignal(most); s.State != gait.StateUnavailable || !strings.Contains(s.Reason, "saturated") {
		t.Errorf("clipped at 8 g: impact signal %s %s (%s), want unavailable for the saturation", s.State, show(s.Value), s.Reason)
	}
	if s := impactSignal(clean); s.State == gait.StateUnavailable {
		t.Errorf("unclipped: impact signal unavailable (%s)", s.Reason)
	}
}
