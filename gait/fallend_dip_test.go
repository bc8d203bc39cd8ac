package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestToeOffBeforeNextIC: a running toe-off read at the fall's tangent
// (fallEnd) is not moved past the bottom of the dip between two stances.
// In a short flight sampled at 25 Hz the smoothed dip stays above the
// runner's flight level, so "the first sample at or below the level"
// bounded nothing: the tangent ran on past the dip into the next stance's
// rise, and the toe-off came after the next contact's IC (a negative
// flight, GCT longer than the step: 3 contacts in 30 s of 4 such runs).
func TestToeOffBeforeNextIC(t *testing.T) {
	type run struct {
		rate, flight float64
		axes         [3]bool
		seed         uint64
	}
	var runs []run
	for _, rate := range []float64{25, 50} {
		for _, flight := range []float64{0.03, 0.04} {
			for _, axes := range [][3]bool{{true, false, false}, {true, true, false}} {
				for _, seed := range []uint64{5, 49, 50} {
					runs = append(runs, run{rate, flight, axes, seed})
				}
			}
		}
	}
	total := 0
	for _, tc := range runs {
		cad := 180.0
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: tc.rate, Speed: 2, Cadence: cad,
			GCT: 60/cad - tc.flight, Frame: sensor.FrameAnatomical, Axes: tc.axes, Noise: 0.2, Seed: tc.seed}
		name := fmt.Sprintf("%.0f Hz, flight %.0f ms, axes %v, seed %d", tc.rate, 1e3*tc.flight, tc.axes, tc.seed)
		ss, layout, _ := simulate(t, cfg)
		cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		bad, n := 0, 0
		for i, c := range cs {
			if c.Activity != gait.Running || math.IsNaN(c.FC) {
				continue
			}
			n++
			if i+1 < len(cs) && c.FC >= cs[i+1].IC || !math.IsNaN(c.Step) && c.GCT >= c.Step {
				bad++
				t.Logf("%s: contact at %.3f s: toe-off %.4f s, next IC %.4f s, GCT %.1f ms, step %.1f ms",
					name, c.IC, c.FC, cs[i+1].IC, 1e3*c.GCT, 1e3*c.Step)
			}
		}
		if bad > 0 || n < 60 {
			t.Errorf("%s: %d of %d running toe-offs at or after the next IC", name, bad, n)
		}
		total += bad
	}
	t.Logf("%d toe-offs at or after the next IC in %d runs", total, len(runs))
}
