package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootAccOnlySoftImpactsEnd: an accelerometer-only walk whose toe-off
// bursts outgrow its soft impacts (TestFootAccOnlySoftImpacts), cut 0–0.15
// s after a toe-off (a recording's end, a stretch before a gap, or the
// preview a live run is closed with), keeps the contact that toe-off ends
// and makes none up in its last 0.5 s. The burst was told from an impact
// by the swing after it, which such data does not hold: it was read as an
// impact, a contact made up at the toe-off and the true one lost — 24–66
// of 88 cuts made one up, the contact was found in 20–72. The swing before
// the stance now stands in for the one after the burst: none made up (the
// shoe 6), the contact found in 80–88 (65–78 when that was written).
func TestFootAccOnlySoftImpactsEnd(t *testing.T) {
	for _, tc := range []struct {
		pl   sim.Placement
		asym float64
		rate float64
	}{
		{sim.Shank, -0.5, 143}, {sim.Shank, -0.7, 143}, {sim.Shank, -0.7, 100}, {sim.Shoe, -0.7, 143},
	} {
		name := fmt.Sprintf("%v impacts %+.0f%% %.0f Hz", tc.pl, 100*tc.asym, tc.rate)
		t.Run(name, func(t *testing.T) {
			p := gait.Shank
			if tc.pl == sim.Shoe {
				p = gait.Shoe
			}
			c := sim.Config{Activity: sim.Walking, Placement: tc.pl, Duration: 60, Rate: tc.rate, ClipG: 8, Noise: 0.3,
				ImpactAsym: tc.asym, Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 3, Side: 'R', AntiAlias: true, Speed: 1.2}
			ss, layout, truth := simulate(t, c)
			var right []gait.Contact
			for _, y := range truth {
				if y.Side == gait.Right {
					right = append(right, gait.Contact{IC: y.IC, FC: y.FC})
				}
			}
			n, found, made := 0, 0, 0
			for k := 3; k+9 < len(right); k += 2 {
				last := right[k+8]
				for _, after := range []float64{0, 0.05, 0.1, 0.15} {
					var cut []sensor.Sample
					for _, s := range ss {
						if s.T >= right[k].IC-0.3 && s.T < last.FC+after {
							cut = append(cut, s)
						}
					}
					cs, _ := detect(t, gait.Config{Placement: p, Side: 'R'}, layout, cut)
					n++
					for _, x := range cs {
						if math.Abs(x.IC-last.IC) < 0.06 {
							found++
						}
						hit := false
						for _, y := range right {
							hit = hit || math.Abs(x.IC-y.IC) < 0.06
						}
						if !hit && x.IC > last.FC+after-0.5 {
							made++ // (in the data's last 0.5 s)
						}
					}
				}
			}
			t.Logf("%d cuts after a toe-off: its contact found in %d, %d made up", n, found, made)
			if 10*found < 7*n || 10*made > n {
				t.Errorf("%d cuts after a toe-off: its contact found in %d, %d made up", n, found, made)
			}
		})
	}
}
