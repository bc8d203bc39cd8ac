package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestWaistClipFoundInStream: a sacral sensor whose vertical channel
// saturates at ±2 g (impact peaks of 2.5–3.5 g at 2.5–6 m/s), pushed with
// a layout that does not give its range (a binary or live stream; a CSV
// file whose lookahead held only standing), reads its contacts as with the
// range given: the engine finds the rail in the stream — the same value
// held for 20 ms or more, stride after stride, and nothing beyond it — so
// the clipped strides' lowered mean is no longer taken for a zero-g offset
// of the vertical, which had moved the contact threshold's floor and GCT
// (6 m/s: +5 ms against the range given), and the clipped contacts are
// flagged. Measured: GCT bias within 0.2 ms of the run with the range
// given, 93–95 % of the truly clipped contacts flagged (the 5 before the
// rail is found are not).
func TestWaistClipFoundInStream(t *testing.T) {
	for _, tc := range []struct {
		speed    float64
		frame    sensor.Frame
		standing float64
		rate     float64
	}{
		{2.5, sensor.FrameAnatomical, 0, 100},
		{4, sensor.FrameAnatomical, 0, 100},
		{6, sensor.FrameAnatomical, 0, 100},
		{6, sensor.FrameAnatomical, 6, 200},
		{4, sensor.FrameSensor, 0, 100},
	} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: tc.rate, Speed: tc.speed,
			Frame: tc.frame, Noise: 0.2, ClipG: 2, Standing: tc.standing, Seed: 11}
		if tc.frame == sensor.FrameAnatomical {
			cfg.Axes = [3]bool{true, true, false} // sacral V+AP
		} else {
			cfg.Tilt = [3]float64{0.1, 0.25, 0.7}
		}
		name := fmt.Sprintf("%.1f m/s, %v, %.0f Hz, %.0f s standing", tc.speed, tc.frame, tc.rate, tc.standing)
		ss, layout, truth, err := sim.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var in []eval.Truth
		var whole []sim.Contact
		for _, c := range truth {
			if c.IC > ss[0].T && c.FC < ss[len(ss)-1].T {
				in = append(in, eval.Truth{IC: c.IC, FC: c.FC, Side: gait.Side(c.Side)})
				whole = append(whole, c)
			}
		}
		want := trulyClipped(ss, whole, 2*sensor.G0)
		if want < len(whole)*3/4 {
			t.Fatalf("%s: the simulation clipped %d of %d contacts", name, want, len(whole))
		}
		cs0, known := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		layout.ClipAcc = 0
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		s, s0 := eval.Match(cs, in, eval.Options{}), eval.Match(cs0, in, eval.Options{})
		g, g0 := eval.Agree(s.GCTErr).Bias, eval.Agree(s0.GCTErr).Bias
		walking := 0
		for _, c := range cs {
			if c.Activity != gait.Running {
				walking++
			}
		}
		t.Logf("%s: GCT bias %+.1f ms (%+.1f with the range given); %d of %d contacts truly clipped, %d flagged (%d with the range given)",
			name, 1e3*g, 1e3*g0, want, len(whole), st.Clipped, known.Clipped)
		if s.FN > 0 || s.FP > 0 || walking > 0 {
			t.Errorf("%s: %d missed, %d made up, %d read as walking", name, s.FN, s.FP, walking)
		}
		if !(math.Abs(g-g0) <= 0.0005) {
			t.Errorf("%s: GCT bias %+.1f ms, %+.1f with the range given; want within 0.5 ms", name, 1e3*g, 1e3*g0)
		}
		if float64(st.Clipped) < 0.75*float64(want) || st.Clipped > known.Clipped {
			t.Errorf("%s: %d contacts flagged clipped, %d truly clipped (%d with the range given)", name, st.Clipped, want, known.Clipped)
		}
	}
}

// TestWaistClipNotFoundUnclipped: unclipped simulated waist runs and walks,
// 25–1000 Hz, with no noise (and no step-to-step variability: every
// stride's peak the same) or little, read exactly, in 0.01 g steps and in
// a 12-bit ±16 g part's (7.8 mg), flag no contact clipped. A smooth peak
// read in coarse steps holds its top value for a few samples (with no
// step-to-step variability: up to 10 ms, stride after stride), a plateau
// the rail's 20 ms do not take; counted from two samples, 14 such runs
// (100–1000 Hz) were read as clipped.
func TestWaistClipNotFoundUnclipped(t *testing.T) {
	seed := uint64(60)
	for _, act := range []sim.Activity{sim.Walking, sim.Running} {
		for _, rate := range []float64{25, 100, 200, 1000} {
			for _, noise := range []float64{0, 0.03} {
				for _, variability := range []float64{0, -1} {
					seed++
					speed := 1.3
					if act == sim.Running {
						speed = 4
					}
					c := sim.Config{Activity: act, Placement: sim.Waist, Duration: 60, Rate: rate, Speed: speed, Noise: noise,
						Variability: variability, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Seed: seed}
					ss, layout, _, err := sim.Generate(c)
					if err != nil {
						t.Fatal(err)
					}
					for _, q := range []float64{0, 0.01, 32.0 / 4096} {
						rs := append([]sensor.Sample(nil), ss...)
						for i := range rs {
							for k := range rs[i].Acc {
								if q > 0 {
									rs[i].Acc[k] = math.Round(rs[i].Acc[k]/(q*sensor.G0)) * q * sensor.G0
								}
							}
						}
						if _, st := detect(t, gait.Config{Placement: gait.Waist}, layout, rs); st.Clipped != 0 {
							t.Errorf("%v %g Hz, noise %g m/s², variability %g, read in steps of %g g: %d contacts flagged clipped",
								act, rate, noise, variability, q, st.Clipped)
						}
					}
				}
			}
		}
	}
}
