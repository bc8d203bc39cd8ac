package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestLoneAxisFarOffWarned: a lone vertical axis averaging under 0.5 g is
// not scaled (Engine.lone): at 62° from vertical a run keeps 1–2 of its
// ~115–170 contacts, and the summary said nothing — no reason (there are
// contacts), no warning (the lone-axis one began at 0.5 g; a review).
func TestLoneAxisFarOffWarned(t *testing.T) {
	for _, act := range []sim.Activity{sim.Running, sim.Walking} {
		ss, l, _ := simulate(t, sim.Config{Activity: act, Placement: sim.Waist, Duration: 60, Rate: 100, Frame: sensor.FrameAnatomical, Noise: 0.1, Seed: 3})
		th := 62 * math.Pi / 180
		nl := sensor.Layout{Rate: l.Rate, Frame: sensor.FrameAnatomical}
		nl.Acc[sensor.AxisV] = true
		in := make([]sensor.Sample, len(ss))
		for i, s := range ss {
			in[i] = sensor.Sample{T: s.T, Acc: [3]float64{math.Cos(th)*s.Acc[0] + math.Sin(th)*s.Acc[1], 0, 0}}
		}
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, nl, in)
		r := waistReport(cs, st)
		if len(cs) > 0 && len(cs) < 20 && r.Reason == "" && len(r.Warnings) == 0 {
			t.Errorf("%v, lone axis 62° off (mean %.2f g): %d contacts in 60 s, no reason, no warning", act, st.MeanVertical, len(cs))
		}
	}
}

// TestLoneAxisNearHalfG: a lone axis whose mean drifts across the scale's
// lower end. Its scale stepped from about 2 to 1 when the mean crossed
// 0.5 g, the picker's heights, learnt at double scale, stayed above every
// later peak, and detection stopped for the rest of the run (a stress
// test: F1 0.94 → 0.10 and 0.92 → 0.07, pure tilt); walks at 0.5–0.6 g,
// scaled, were judged running against the unscaled flight level and every
// contact was misplaced. The scale now fades out between 0.7 and 0.6 g,
// the picker's state is rescaled with it (rescalePicker), and the flight
// level is compared in g of vertical.
func TestLoneAxisNearHalfG(t *testing.T) {
	for _, tc := range []struct {
		cfg   sim.Config
		cut   float64
		gain  float64 // of the acceleration (0: 1)
		minF1 float64
	}{
		{sim.Config{Activity: sim.Running, Duration: 37.34, Rate: 100, Speed: 6.5071, Tilt: [3]float64{0.71427, -0.84962, 2.56883}, Axes: [3]bool{true, false, false}, Noise: 0.389, Seed: 6247}, 1.482, 0, 0.9},
		{sim.Config{Activity: sim.Running, Duration: 35.39, Rate: 250, Speed: 5.3658, Tilt: [3]float64{0.99566, -0.42473, 1.99602}, Axes: [3]bool{true, false, false}, Noise: 0.385, Seed: 6551}, 0, 0, 0.88},
		// the scale's first estimate high (0.63–0.70 g from the first
		// blocks), settling at 0.55–0.60 g within a second: the fade took
		// the scale from 1.2–1.4 to 1, and detection stopped until the
		// picker was rescaled with it (F1 0.15; read unscaled, as at the
		// session's start, 0.81)
		{sim.Config{Activity: sim.Running, Duration: 10.06, Rate: 250, Speed: 5.817, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, false, false}, Noise: 0.305, Seed: 6254}, 1.946, 0.5424, 0.8},
	} {
		ss, layout, truth := simulate(t, tc.cfg)
		var in []sensor.Sample
		for _, s := range ss {
			if s.T >= tc.cut {
				if tc.gain > 0 {
					for k := range s.Acc {
						s.Acc[k] *= tc.gain
					}
				}
				in = append(in, s)
			}
		}
		var judged []eval.Truth
		for _, tr := range truth {
			if tr.IC >= tc.cut+0.05 {
				judged = append(judged, tr)
			}
		}
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, in)
		s := eval.Match(cs, judged, eval.Options{})
		t.Logf("seed %d: mean %.3f g, F1 %.3f (%d contacts for %d)", tc.cfg.Seed, st.MeanVertical, s.F1(), len(cs), len(judged))
		if s.F1() < tc.minF1 {
			t.Errorf("seed %d, lone axis averaging %.3f g: F1 %.3f, want ≥ %.2f", tc.cfg.Seed, st.MeanVertical, s.F1(), tc.minF1)
		}
	}
	// walks on one axis pitched 50–60° from vertical (means 0.51–0.65 g):
	// what is found is mostly true, not contacts at a run's phase (with
	// the scale's step: P 0.12–0.89; unscaled, 83bbe90, nothing found but
	// seed 6 at 50°). In the fade (0.6–0.7 g) a walk is found in part: seed
	// 1 at 50°, 13 true of 15
	for _, seed := range []uint64{1, 6} {
		for _, deg := range []float64{50, 54, 57, 60} {
			th := deg * math.Pi / 180
			ss, layout, truth := simulate(t, sim.Config{Activity: sim.Walking, Duration: 30, Rate: 100, Speed: 0.8 + 0.15*float64(seed), Tilt: [3]float64{0, th, 0}, Axes: [3]bool{true, false, false}, Noise: 0.2, Seed: seed})
			cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
			s := eval.Match(cs, truth, eval.Options{})
			t.Logf("walk, seed %d, %.0f°: mean %.3f g, P %.3f R %.3f (%d contacts)", seed, deg, st.MeanVertical, s.Precision(), s.Recall(), len(cs))
			if len(cs) > 5 && s.Precision() < 0.8 {
				t.Errorf("walk (seed %d) on one axis %.0f° off (mean %.3f g): precision %.3f of %d contacts", seed, deg, st.MeanVertical, s.Precision(), len(cs))
			}
		}
	}
}

// TestLoneAxisZeroStart: a lone acc_v (or one sensor axis) recording that
// starts with zero-filled samples, as a logger not yet streaming writes:
// the axis's first mean was exactly 0, its scale 1 + 0·∞ = NaN, and every
// contact was lost for good (0 of 77; a review).
func TestLoneAxisZeroStart(t *testing.T) {
	for _, single := range []bool{false, true} {
		cfg := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 40, Rate: 100, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, false, false}, Noise: 0.1, Seed: 3}
		if single {
			cfg.Frame = sensor.FrameSensor
		}
		ss, layout, truth := simulate(t, cfg)
		var in []sensor.Sample
		for i := 0; i < 100; i++ { // 1 s of zeros
			in = append(in, sensor.Sample{T: float64(i) / 100})
		}
		for _, s := range ss {
			s.T += 1
			in = append(in, s)
		}
		var tr []eval.Truth
		for _, x := range truth {
			x.IC += 1
			x.FC += 1
			tr = append(tr, x)
		}
		ref, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, in)
		f1 := eval.Match(cs, tr, eval.Options{}).F1()
		t.Logf("single=%v: layout %+v: %d contacts (ref %d), F1 %.3f, mean vertical %v", single, layout.Acc, len(cs), len(ref), f1, st.MeanVertical)
		if f1 < 0.8 || math.IsNaN(st.MeanVertical) {
			t.Errorf("single=%v: zero-filled start: F1 %.3f, %d contacts (without the zeros %d)", single, f1, len(cs), len(ref))
		}
	}
}
