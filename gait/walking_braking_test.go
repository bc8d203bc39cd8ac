package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestWalkingBrakingOwnStep: a walking contact's FC (the toe-off the
// next contact's refinement finds) comes after the next IC, so
// integrating the forward acceleration from IC to FC runs into the next
// step's braking. The simulator's truth stops at min(FC, next IC). A walk
// with a long double support (GCT 70 % of the stride, so the other foot's
// toe-off is found) must read braking within 4 % of it.
func TestWalkingBrakingOwnStep(t *testing.T) {
	const v = 1.0
	T0 := 60 / (95 + 15*v)
	cfg := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 60, Rate: 100, Speed: v, GCT: 0.70 * 2 * T0, Frame: sensor.FrameAnatomical, Seed: 5}
	ss, layout, truth, err := sim.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	var d, tr []float64
	j := 0
	for _, c := range cs {
		for j < len(truth) && truth[j].IC < c.IC-0.05 {
			j++
		}
		if j < len(truth) && math.Abs(truth[j].IC-c.IC) < 0.05 && !math.IsNaN(c.Braking) {
			d = append(d, c.Braking-truth[j].Braking)
			tr = append(tr, truth[j].Braking)
		}
	}
	t.Logf("%d of %d walking contacts with braking: bias %+.3f m/s of %.3f (%+.1f %%)", len(d), len(cs), mean(d), mean(tr), 100*mean(d)/mean(tr))
	if len(d) < 80 {
		t.Fatalf("only %d contacts with braking", len(d))
	}
	if math.Abs(mean(d)) > 0.04*mean(tr) {
		t.Errorf("walking braking bias %+.3f m/s, %.1f %% of the truth", mean(d), 100*mean(d)/mean(tr))
	}
}
