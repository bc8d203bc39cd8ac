package gait_test

import (
	"fmt"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// joinAtStance joins two simulated one-foot recordings a and b as one whose
// gait changes within a stride: a from its start to the middle of its
// instrumented foot's first stance after 10 s, then b from the middle of
// that foot's first stance after 1.5 s, one sample period later. It returns
// the samples, the layout, the instrumented foot's reference contacts that
// lie whole inside a part, and the time of the join, s.
func joinAtStance(tb testing.TB, a, b sim.Config) ([]sensor.Sample, sensor.Layout, []eval.Truth, float64) {
	tb.Helper()
	mid := func(tr []eval.Truth, t float64) float64 {
		for _, c := range tr {
			if c.Side == gait.Left && c.IC >= t {
				return (c.IC + c.FC) / 2
			}
		}
		tb.Fatalf("no stance after %.1f s", t)
		return 0
	}
	sa, layout, ta := simulate(tb, a)
	sb, _, tbr := simulate(tb, b)
	ea, sb0 := mid(ta, 10), mid(tbr, 1.5)
	var out []sensor.Sample
	var truth []eval.Truth
	for _, s := range sa {
		if s.T < ea {
			out = append(out, s)
		}
	}
	join := out[len(out)-1].T + 1/a.Rate
	shift := join - sb0
	for _, s := range sb {
		if s.T >= sb0 {
			s.T += shift
			out = append(out, s)
		}
	}
	for _, c := range leftOf(ta) {
		if c.FC < ea {
			truth = append(truth, c)
		}
	}
	for _, c := range leftOf(tbr) {
		if c.IC >= sb0 {
			c.IC += shift
			c.FC += shift
			truth = append(truth, c)
		}
	}
	return out, layout, truth, join
}

// TestShankAccOnlyWalkAfterRunNoSwingStance: an accelerometer-only shank
// (143 Hz, ±8 g, noise 0.3 m/s²) that runs at 3–5.5 m/s and walks on at
// 0.9–1.5 m/s within a stride has every contact of the walk found and none
// made up. The stance search looks for the contact after the run's last
// one a run's stride on (fillTail), where the walk's shank is in its swing:
// passing the vertical it reads |a| near 1 g for a few tens of ms, still
// enough (0.07 g against the run stances' 0.01 g, under the 2·ref + 0.05 g
// asked) to be taken for a stance, with a "toe-off" 73–80 ms after it, and
// the walk's true contact 0.24 s later was then lost (a 58 s file switching
// between walking and running: F1 0.992, cadence +0.61 step/min). A
// stance whose |a| rises into the swing's hump within 0.1 s of its IC is
// none: the search goes on a stride further (fillNext). Before, 3 of these
// 108 joins (5.5 m/s, then 0.9 m/s) lost a contact of the walk.
func TestShankAccOnlyWalkAfterRunNoSwingStance(t *testing.T) {
	for _, vr := range []float64{3, 4.5, 5.5} {
		for _, vw := range []float64{0.9, 1.2, 1.5} {
			for seed := uint64(1); seed <= 12; seed++ {
				name := fmt.Sprintf("run%.1f/walk%.1f/seed%d", vr, vw, seed)
				run, walk := shankRunWalk(16, vr, vw, seed, seed+1)
				ss, layout, truth, join := joinAtStance(t, run, walk)
				cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Left}, layout, ss)
				// from the join (the contact it cuts, whose IC is before
				// it, is left out of the reference and of those judged)
				if sc := scoreFrom(cs, truth, join+0.05, gait.Left); sc.FP > 0 || sc.FN > 0 {
					t.Errorf("%s: %d contacts made up, %d missed in the walk", name, sc.FP, sc.FN)
				}
			}
		}
	}
}
