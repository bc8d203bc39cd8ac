package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestWaistFirstContactTilt: a tilted anatomical waist sensor's (V+AP)
// first contact reads as the same contact in the whole recording, wherever
// in the stride the data starts. The tilt that levels the warm-up is the
// warm-up's mean acceleration; over 0.5 s of running, under a stride, the
// stance's fore-aft braking leant it (the davis run cut at 93 phases: 5.6°
// on average, up to 13.4°), the levelled vertical took in AP and the first
// contact's IC moved (there up to 8 ms, −28 ms against −21 further in). In
// simulated runs with strong braking (2–3×) cut 0.05–0.2 s before each of
// 46 contacts, the first IC was 0.6–1.3 ms from the whole recording's on
// average, up to 3.4 ms; with the first warm-up of 1 s, 0.2–0.3 ms, at
// most 1.5 ms. Walks, whose first IC agreed before, still do.
func TestWaistFirstContactTilt(t *testing.T) {
	for _, tc := range []struct {
		act     sim.Activity
		rate    float64
		braking float64
	}{
		{sim.Running, 100, 2},
		{sim.Running, 100, 3},
		{sim.Running, 143, 2},
		{sim.Running, 143, 3},
		{sim.Running, 100, 1},
		{sim.Walking, 100, 3},
	} {
		cfg := sim.Config{Activity: tc.act, Placement: sim.Waist, Duration: 20, Rate: tc.rate, Frame: sensor.FrameAnatomical,
			Axes: [3]bool{true, true, false}, Noise: 0.2, AntiAlias: true, Seed: 3, Braking: tc.braking}
		ss, layout, truth := simulate(t, cfg)
		whole, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		var worst, sum float64
		n := 0
		for k := 3; k+8 < len(truth); k++ {
			ic := truth[k].IC
			var w *gait.Contact
			for i := range whole {
				if math.Abs(whole[i].IC-ic) < 0.05 {
					w = &whole[i]
				}
			}
			for _, d := range []float64{0.05, 0.08, 0.11, 0.14, 0.17, 0.2} {
				var cut []sensor.Sample
				for _, s := range ss {
					if s.T >= ic-d && s.T < ic-d+5 {
						cut = append(cut, s)
					}
				}
				cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, cut)
				if len(cs) == 0 || w == nil || math.Abs(cs[0].IC-ic) > 0.05 {
					t.Errorf("%v %.0f Hz, braking %g: data from %.2f s before the IC at %.3f s: its contact not found first", tc.act, tc.rate, tc.braking, d, ic)
					continue
				}
				dw := math.Abs(cs[0].IC - w.IC)
				sum += dw
				worst = math.Max(worst, dw)
				n++
			}
		}
		if n == 0 {
			t.Fatalf("%v %.0f Hz, braking %g: no cuts", tc.act, tc.rate, tc.braking)
		}
		mean := sum / float64(n)
		t.Logf("%v %.0f Hz, braking %g: first IC against the whole recording's, %d cuts: mean %.2f ms, worst %.2f ms", tc.act, tc.rate, tc.braking, n, 1e3*mean, 1e3*worst)
		if mean > 0.0005 || worst > 0.002 {
			t.Errorf("%v %.0f Hz, braking %g: first IC %.2f ms from the whole recording's on average, up to %.2f ms, want at most 0.5 and 2 ms", tc.act, tc.rate, tc.braking, 1e3*mean, 1e3*worst)
		}
	}
}

// TestWaistFirstContactSensorFrame: the same for a 3-axis waist sensor in
// its own frame, in any mounting: the smallest rotation that levels it
// starts from the warm-up's mean too, and over 0.5 s of running the
// braking leant it the same way (the davis run as a sensor frame cut at 93
// phases: a first IC 0.05–0.35 s into the data up to 22.6 ms from the same
// contact in the whole recording). In simulated runs with strong braking
// (2–3×) cut 0.05–0.2 s before each of 46 contacts, the first IC was
// 0.6–1.3 ms from the whole recording's on average, up to 4.4 ms; with the
// first warm-up of 1 s, 0.2–0.4 ms, at most 1.5 ms. Walks agree either way.
func TestWaistFirstContactSensorFrame(t *testing.T) {
	for _, tc := range []struct {
		act     sim.Activity
		rate    float64
		braking float64
		tilt    [3]float64 // mounting: roll, pitch, yaw, rad
		gyro    bool
	}{
		{sim.Running, 100, 2, [3]float64{0.3, 0.35, -0.5}, false},
		{sim.Running, 100, 3, [3]float64{0.3, 0.35, -0.5}, false},
		{sim.Running, 143, 2, [3]float64{-1.2, 0.6, 2.0}, false},
		{sim.Running, 143, 3, [3]float64{-1.2, 0.6, 2.0}, false},
		{sim.Running, 100, 3, [3]float64{math.Pi / 2, 0, 0}, true},
		{sim.Running, 100, 1, [3]float64{0.2, 1.4, 0.7}, false},
		{sim.Walking, 100, 3, [3]float64{0.3, 0.35, -0.5}, false},
	} {
		cfg := sim.Config{Activity: tc.act, Placement: sim.Waist, Duration: 20, Rate: tc.rate, Frame: sensor.FrameSensor,
			Tilt: tc.tilt, Gyro: tc.gyro, Noise: 0.2, AntiAlias: true, Seed: 3, Braking: tc.braking}
		ss, layout, truth := simulate(t, cfg)
		whole, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		var worst, sum float64
		n := 0
		for k := 3; k+8 < len(truth); k++ {
			ic := truth[k].IC
			var w *gait.Contact
			for i := range whole {
				if math.Abs(whole[i].IC-ic) < 0.05 {
					w = &whole[i]
				}
			}
			for _, d := range []float64{0.05, 0.08, 0.11, 0.14, 0.17, 0.2} {
				var cut []sensor.Sample
				for _, s := range ss {
					if s.T >= ic-d && s.T < ic-d+5 {
						cut = append(cut, s)
					}
				}
				cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, cut)
				if len(cs) == 0 || w == nil || math.Abs(cs[0].IC-ic) > 0.05 {
					t.Errorf("%v %.0f Hz, braking %g, mounting %.2f: data from %.2f s before the IC at %.3f s: its contact not found first", tc.act, tc.rate, tc.braking, tc.tilt, d, ic)
					continue
				}
				dw := math.Abs(cs[0].IC - w.IC)
				sum += dw
				worst = math.Max(worst, dw)
				n++
			}
		}
		if n == 0 {
			t.Fatalf("%v %.0f Hz, braking %g, mounting %.2f: no cuts", tc.act, tc.rate, tc.braking, tc.tilt)
		}
		mean := sum / float64(n)
		t.Logf("%v %.0f Hz, braking %g, mounting %.2f, gyro %v: first IC against the whole recording's, %d cuts: mean %.2f ms, worst %.2f ms", tc.act, tc.rate, tc.braking, tc.tilt, tc.gyro, n, 1e3*mean, 1e3*worst)
		if mean > 0.0005 || worst > 0.002 {
			t.Errorf("%v %.0f Hz, braking %g, mounting %.2f: first IC %.2f ms from the whole recording's on average, up to %.2f ms, want at most 0.5 and 2 ms", tc.act, tc.rate, tc.braking, tc.tilt, 1e3*mean, 1e3*worst)
		}
	}
}
