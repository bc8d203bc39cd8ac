package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlyStanceStartNoToeOffContact: an accelerometer-only shank
// (143 Hz, ±8 g, tilted, running 2.5–5.5 m/s and walking 0.8–1.6 m/s,
// either leg, noise 0.3 and 1 m/s²) whose data starts in a stance, at
// least 125 ms before its toe-off, makes up no contact at that toe-off.
// The toe-off burst, the data's first peak, was taken for an impact: its
// stance, which toeOffImpact compares with the swing after it, needs 200
// ms before it, and its impact, before the data, was not found, so the
// burst was refined as one — a contact a stride before the first true
// one, its toe-off the next contact's (29 starts, all a 2.5 m/s run's at
// noise 0.3, 20 to 215 ms after an IC, 16 of them 125 ms or more before the
// toe-off; the scoring leaves a contact before the first it keeps
// unjudged). At the data's start the stance the data holds is now compared
// (at least 75 ms of it, stanceBurst), and a burst whose impact is not
// found makes no contact: 16 → 0. Starts within 125 ms of the toe-off
// still can (13 → 7: too little stance to compare), and a walk's data that
// starts just after an impact can take a spike of its stance for one (not
// counted here).
func TestFootAccOnlyStanceStartNoToeOffContact(t *testing.T) {
	type rec struct {
		act   sim.Activity
		speed float64
	}
	recs := []rec{{sim.Running, 2.5}, {sim.Running, 4}, {sim.Running, 5.5}, {sim.Walking, 0.8}, {sim.Walking, 1.2}, {sim.Walking, 1.6}}
	tilts := [][3]float64{{0.1, -0.2, 0.3}, {0.3, 0.4, -0.6}}
	made, late := 0, 0
	for ri, r := range recs {
		for li, side := range []byte{'L', 'R'} {
			for _, noise := range []float64{0.3, 1} {
				c := sim.Config{Activity: r.act, Placement: sim.Shank, Speed: r.speed, Rate: 143, ClipG: 8, Noise: noise,
					Tilt: tilts[(ri+li)%2], Duration: 16, Side: side, Seed: uint64(41 + 5*ri + li)}
				name := fmt.Sprintf("%v %.1f m/s %c noise %.1f", r.act, r.speed, side, noise)
				ss, layout, truth := simulate(t, c)
				own := ownLeg(truth, side)
				for i0 := 0; i0 < len(ss) && ss[i0].T < own[5].IC; i0 += 1 + int(0.005*c.Rate) {
					t0 := ss[i0].T
					var in *eval.Truth // the stance the data starts in
					for k := range own {
						if own[k].IC < t0 && t0 < own[k].FC {
							in = &own[k]
						}
					}
					if in == nil || t0 < own[3].IC-0.4 {
						continue
					}
					cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Side(side)}, layout, ss[i0:cutEnd(ss, i0, 6)])
					for _, x := range cs {
						if math.Abs(x.IC-in.FC) >= 0.05 {
							continue
						}
						if in.FC-t0 < 0.125 {
							late++
							continue
						}
						made++
						t.Errorf("%s, data from %.0f ms after an IC (%.0f ms before its toe-off): a contact made up at the toe-off, %.3f s", name, 1e3*(t0-in.IC), 1e3*(in.FC-t0), x.IC)
					}
				}
			}
		}
	}
	t.Logf("contacts made up at the toe-off of the stance the data starts in: %d; %d more within 125 ms of it", made, late)
}
