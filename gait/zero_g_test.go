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

// TestVerticalOffsetGCT: a sacral sensor whose vertical channel reads a
// zero-g offset (a MEMS part's ±20–80 mg, and more) times the same contacts
// as without it. The running contact threshold sits between the runner's
// flight level and the stance peak; that level was held at or above 0 g,
// which an offset moves: in simulated runs at 2.5–6 m/s, −0.1 g read GCT
// 6–8 ms shorter and +0.1 g 3–6 ms longer than the same run without it.
// The floor is now the channel's own free-fall reading, its mean over the
// last stride less 1 g (the ground's mean push is body weight): every
// contact is found, as running, and GCT's bias stays within 1.5 ms of the
// unbiased run's (measured: within 0.2 ms).
func TestVerticalOffsetGCT(t *testing.T) {
	type row struct {
		speed float64
		frame sensor.Frame
		bias  float64 // g, on the vertical channel (sensor x in a sensor frame)
	}
	var rows []row
	for _, speed := range []float64{2.5, 4, 6} {
		for _, b := range []float64{-0.1, 0.1} {
			rows = append(rows, row{speed, sensor.FrameAnatomical, b})
		}
	}
	rows = append(rows, row{4, sensor.FrameSensor, -0.1}, row{4, sensor.FrameSensor, 0.1})
	for _, r := range rows {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Speed: r.speed,
			Frame: r.frame, Noise: 0.2, Seed: 3}
		if r.frame == sensor.FrameAnatomical {
			cfg.Axes = [3]bool{true, true, false} // sacral V+AP
		} else {
			cfg.Tilt = [3]float64{0.1, 0.25, 0.7}
		}
		ref, _, _ := scoreRun(t, cfg)
		cfg.Bias[0] = r.bias * sensor.G0
		s, whole, walking := scoreRun(t, cfg)
		g, g0 := eval.Agree(s.GCTErr), eval.Agree(ref.GCTErr)
		name := fmt.Sprintf("%.1f m/s, %v, vertical offset %+.2f g", r.speed, r.frame, r.bias)
		t.Logf("%s: GCT bias %+.1f ms (%+.1f without the offset), MAE %.1f ms", name, 1e3*g.Bias, 1e3*g0.Bias, 1e3*g.MAE)
		if s.FN > 0 || s.FP > 0 || walking > 0 || !(math.Abs(g.Bias-g0.Bias) <= 0.0015) {
			t.Errorf("%s: %d missed, %d made up of %d, %d read as walking, GCT bias %+.1f ms, %+.1f without the offset; want all found, as running, within 1.5 ms",
				name, s.FN, s.FP, whole, walking, 1e3*g.Bias, 1e3*g0.Bias)
		}
	}
}

// TestVerticalGainGCT: a sensitivity error is not taken for a zero-g
// offset when it is larger than any offset a MEMS part has: at a gain of
// 0.8 or 1.2 (a part read at the wrong range, an uncalibrated phone) the
// stride mean is 0.8 or 1.2 g, and the contact threshold's floor stays at
// free fall's 0 g, so GCT's bias stays within 1 ms of the run at gain 1
// (the threshold's own share of the step, 8 %, scales with the gain).
// With the summary's scale bounds, 0.8–1.25 g, taken for offsets, a gain
// of 1.2 moved GCT by up to 10 ms (a review). A gain within ±15 % cannot
// be told from an offset by a stride's mean, and is read as one.
func TestVerticalGainGCT(t *testing.T) {
	for _, speed := range []float64{2.5, 6} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Speed: speed,
			Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Noise: 0.2, Seed: 4}
		ss, layout, truth := simulate(t, cfg)
		var in []eval.Truth
		for _, c := range truth {
			if c.IC > ss[0].T && c.FC < ss[len(ss)-1].T {
				in = append(in, c)
			}
		}
		var g0 float64
		for _, k := range []float64{1, 0.8, 1.2} {
			scaled := make([]sensor.Sample, len(ss))
			for i, s := range ss {
				for a := range 3 {
					s.Acc[a] *= k
				}
				scaled[i] = s
			}
			cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, scaled)
			sc := eval.Match(cs, in, eval.Options{})
			g := eval.Agree(sc.GCTErr).Bias
			if k == 1 {
				g0 = g
			}
			t.Logf("%.1f m/s, gain %.1f: GCT bias %+.1f ms", speed, k, 1e3*g)
			if sc.FN > 0 || sc.FP > 0 || !(math.Abs(g-g0) <= 0.001) {
				t.Errorf("%.1f m/s, gain %.1f: %d missed, %d made up, GCT bias %+.1f ms, %+.1f at gain 1; want within 1 ms", speed, k, sc.FN, sc.FP, 1e3*g, 1e3*g0)
			}
		}
	}
}
