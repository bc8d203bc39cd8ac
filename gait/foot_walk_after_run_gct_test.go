package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestShankAccOnlyWalkAfterRunToeOff: an accelerometer-only shank (143 Hz,
// clipped at ±8 g, noise 0.3 m/s², tilted mount) that runs at 3–5.5 m/s and
// then walks at 0.9–1.3 m/s reads the walk's contact times as it reads a
// walk alone: every toe-off given within 50 ms of the true one, the walk's
// GCT MAE within 20 ms. The toe-off's search for the swing hump ends 0.75
// of the stride estimate after IC, still a run's (0.65–0.75 s) on the
// walk's first contacts, whose toe-off comes 0.6–0.7 s after IC: the
// largest |a| there was the stance's wobble (0.03–0.07 g over its
// trough), and the toe-off was read 73–100 ms after IC, GCT 0.5–0.6 s
// short on the first one or two contacts of each walk (a 145 s shank file
// switching between walking and running: GCT MAE 20.2 ms over the file,
// 45–57 ms over a walk after a run). A window with no swing hump in it is
// now looked on to 1.2 s; when the samples held end before a swing (the
// stance search of a contact the picker passed over, fillTail), the
// toe-off is left unknown rather than the contact emitted a stride late
// (TestFootAccOnlyRunThenWalkLatency): two contacts of each walk here.
// shankRunWalk is a left accelerometer-only shank at 143 Hz, ±8 g, noise
// 0.3 m/s², tilted: a run of dur s at vr m/s (seed runSeed) and a walk at
// vw m/s (seed walkSeed) to join after it.
func shankRunWalk(dur, vr, vw float64, runSeed, walkSeed uint64) (run, walk sim.Config) {
	run = sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: dur, Rate: 143, Speed: vr, ClipG: 8, Noise: 0.3,
		Tilt: [3]float64{0.2, 0.3, 0.5}, Side: 'L', Seed: runSeed}
	walk = run
	walk.Activity, walk.Speed, walk.Seed = sim.Walking, vw, walkSeed
	return run, walk
}

func TestShankAccOnlyWalkAfterRunToeOff(t *testing.T) {
	for _, vr := range []float64{3, 4.5, 5.5} {
		for _, vw := range []float64{0.9, 1.3} {
			for seed := uint64(1); seed <= 2; seed++ {
				name := fmt.Sprintf("run%.1f/walk%.1f/seed%d", vr, vw, seed)
				run, walk := shankRunWalk(15, vr, vw, seed, seed+20)
				ss, layout, truth, off := joinSim(t, run, walk)
				cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Left}, layout, ss)
				lt := leftOf(truth)
				var sum float64
				var n, unknown int
				for _, c := range cs {
					if c.IC < off {
						continue
					}
					k := -1
					for j := range lt {
						if math.Abs(lt[j].IC-c.IC) <= 0.1 {
							k = j
						}
					}
					if k < 0 {
						continue
					}
					if math.IsNaN(c.FC) {
						unknown++
						continue
					}
					d := (c.FC - c.IC) - (lt[k].FC - lt[k].IC)
					if math.Abs(d) > 0.05 {
						t.Errorf("%s: the contact at %.3f s: GCT %.0f ms, true %.0f ms", name, c.IC, 1000*(c.FC-c.IC), 1000*(lt[k].FC-lt[k].IC))
					}
					sum += math.Abs(d)
					n++
				}
				if n < 10 || unknown > 2 {
					t.Errorf("%s: %d walking contacts with a toe-off, %d without", name, n, unknown)
				} else if mae := 1000 * sum / float64(n); mae > 20 {
					t.Errorf("%s: the walk's GCT MAE %.1f ms, want at most 20", name, mae)
				}
			}
		}
	}
}
