package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRunThenWalkRunningContactsNoWalkGCT: a contact the running vote
// still labels Running after a run, refined as a walk's (IC only), keeps
// its toe-off unknown: the next walking contact's "other foot's toe-off"
// gave it a walk's contact time (0.64–0.87 s, flight 0) under the Running
// label, and after a run cut to a standstill the run's last contact took
// the toe-off of a peak 1.2 s into the standing (GCT 1.445 s for a true
// 0.247 s). A simulated run's contact is 0.14–0.32 s long.
func TestRunThenWalkRunningContactsNoWalkGCT(t *testing.T) {
	for _, tc := range []struct {
		layout            int // waistLayouts
		rate              float64
		run, walk, noise  float64
		runSeed, walkSeed uint64
		pause             float64
	}{
		{1, 100, 5.2, 0.9, 0.2, 2009, 3009, 0},
		{0, 200, 2.8, 1.1, 0.4, 2005, 3005, 0},
		{2, 200, 2.8, 1.1, 0.4, 2005, 3005, 0},
		{2, 100, 6.0, 1.2, 0.2, 2003, 3003, 0},
		{2, 100, 4.0, 1.0, 0.3, 2007, 3007, 0},
		{0, 200, 2.0, 0.8, 0.4, 2011, 3011, 0},
		{1, 100, 3.2, 1.8, 0.4, 2002, 3002, 3},
	} {
		l := waistLayouts[tc.layout]
		name := fmt.Sprintf("%s/%.0fHz/run%.1f/walk%.1f/pause%.0f", l.name, tc.rate, tc.run, tc.walk, tc.pause)
		t.Run(name, func(t *testing.T) {
			run, walk := l.cfg, l.cfg
			run.Activity, run.Placement, run.Rate, run.Noise, run.Seed = sim.Running, sim.Waist, tc.rate, tc.noise, tc.runSeed
			run.Duration, run.Speed = 10, tc.run
			walk.Activity, walk.Placement, walk.Rate, walk.Noise, walk.Seed = sim.Walking, sim.Waist, tc.rate, tc.noise, tc.walkSeed
			walk.Duration, walk.Speed, walk.Standing = 12+tc.pause, tc.walk, tc.pause
			ss, layout, _, _ := joinSim(t, run, walk)
			cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
			for _, c := range cs {
				if c.Activity == gait.Running && !math.IsNaN(c.GCT) && c.GCT > 0.45 {
					t.Errorf("a running contact at %.3f s with GCT %.3f s (flight %.3f s, step %.3f s)", c.IC, c.GCT, c.Flight, c.Step)
				}
			}
		})
	}
}
