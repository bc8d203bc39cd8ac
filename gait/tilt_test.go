package gait_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnatomicalTilt: anatomical channels (V, AP, ML and gyro) from a
// sensor pitched 20° and rolled −12° on the trunk, still named vertical,
// anteroposterior and mediolateral, give the contacts, sides, VO and
// braking of the untilted channels: the engine levels them (Moe-Nilssen
// tilt correction), turning the gyroscope's rates with the acceleration.
// Each contact's IC and GCT within 2 ms, its side the same, its VO within
// 3 mm and braking within 0.03 m/s. Unlevelled, the pitch moved ICs by
// 4 ms on the simulator and by more on the real davis trial
// (TestDavisSacralTilt).
func TestAnatomicalTilt(t *testing.T) {
	for _, axes := range [][3]bool{{true, true, true}, {true, true, false}} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 40, Rate: 100, Frame: sensor.FrameAnatomical,
			Axes: axes, Gyro: axes[2], Noise: 0.2, Seed: 71}
		ss, layout, _ := simulate(t, cfg)
		want, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		pitch, roll := 0.35, -0.2
		if !axes[2] {
			roll = 0
		}
		// the mounted axes: (V, AP, ML) = Rᵀ·(AP′, ML″, V″), R the
		// correction of a mean (cosθ·cosφ, sinθ·cosφ, sinφ)
		r, _ := dsp.TiltCorrection([3]float64{math.Cos(pitch) * math.Cos(roll), math.Sin(pitch) * math.Cos(roll), math.Sin(roll)})
		mount := func(x [3]float64) [3]float64 {
			l := [3]float64{x[1], x[2], x[0]}
			var y [3]float64
			for j := range 3 {
				for k := range 3 {
					y[j] += r[k][j] * l[k]
				}
			}
			return y
		}
		tilted := make([]sensor.Sample, len(ss))
		for i, s := range ss {
			tilted[i] = sensor.Sample{T: s.T, Acc: mount(s.Acc), Gyr: mount(s.Gyr)}
			if !axes[2] {
				tilted[i].Acc[2] = 0
			}
		}
		got, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, tilted)
		if len(got) != len(want) || len(want) < 100 {
			t.Fatalf("axes %v: %d contacts tilted, %d untilted", axes, len(got), len(want))
		}
		for i := range want {
			w, g := want[i], got[i]
			if math.Abs(g.IC-w.IC) > 0.002 || math.Abs(g.GCT-w.GCT) > 0.002 || g.Side != w.Side ||
				math.Abs(g.VO-w.VO) > 0.003 || math.Abs(g.Braking-w.Braking) > 0.03 {
				t.Errorf("axes %v, contact %d: tilted IC %.3f GCT %.3f side %v VO %.3f braking %.3f; untilted %.3f %.3f %v %.3f %.3f",
					axes, i, g.IC, g.GCT, g.Side, g.VO, g.Braking, w.IC, w.GCT, w.Side, w.VO, w.Braking)
			}
		}
	}
}

// TestTiltReported: the summary carries the angle the tilt correction
// levelled (tilt_deg) and, beyond its reach (a vertical channel 85° off:
// a horizontal axis named vertical), warns instead of levelling.
func TestTiltReported(t *testing.T) {
	for _, tc := range []struct {
		mount float64 // degrees
		warn  bool
	}{{0, false}, {20, false}, {-35, false}, {85, true}} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: 100, Frame: sensor.FrameAnatomical,
			Axes: [3]bool{true, true, false}, Noise: 0.2, Seed: 72}
		ss, layout, _ := simulate(t, cfg)
		c, s := math.Cos(tc.mount*math.Pi/180), math.Sin(tc.mount*math.Pi/180)
		for i := range ss {
			v, a := ss[i].Acc[0], ss[i].Acc[1]
			ss[i].Acc[0], ss[i].Acc[1] = c*v-s*a, s*v+c*a
		}
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		sum := gait.NewSummary(gait.Waist)
		for _, x := range cs {
			sum.Add(x)
		}
		sum.SetStats(st)
		r := sum.Report()
		if r.TiltDeg == nil || math.Abs(*r.TiltDeg-math.Abs(tc.mount)) > 1 {
			t.Errorf("mount %v°: tilt_deg %v, want %v ± 1", tc.mount, show(r.TiltDeg), math.Abs(tc.mount))
		}
		warned := false
		for _, w := range r.Warnings {
			warned = warned || strings.Contains(w, "not levelled")
		}
		if warned != tc.warn {
			t.Errorf("mount %v°: warned %v, want %v: %q", tc.mount, warned, tc.warn, r.Warnings)
		}
	}
}
