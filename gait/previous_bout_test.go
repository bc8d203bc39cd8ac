package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPreviousBout: the same run, after a 20 s standing pause that ends
// the bout, gives the same per-contact measures whether a walk or a run
// came before the pause.
func TestPreviousBout(t *testing.T) {
	run := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: 100, Frame: sensor.FrameAnatomical, Gyro: true, Seed: 81}
	walk := run
	walk.Activity, walk.Seed = sim.Walking, 82
	stand := run
	stand.Duration, stand.Standing = 20, 21
	second := func(before sim.Config) []gait.Contact {
		ss, layout := concat(t, before, stand, run)
		cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		var out []gait.Contact
		for _, c := range cs {
			if c.IC > 50 {
				out = append(out, c)
			}
		}
		return out
	}
	a, b := second(run), second(walk)
	if len(a) != len(b) || len(a) < 60 {
		t.Fatalf("%d and %d contacts in the second run", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if i < 5 {
			t.Logf("contact %d: activity %v after a walk, %v after a run", i+1, y.Activity, x.Activity)
		}
		for _, m := range []struct {
			name string
			f    func(gait.Contact) float64
			tol  float64
		}{
			{"IC s", func(c gait.Contact) float64 { return c.IC }, 1e-4},
			{"GCT s", func(c gait.Contact) float64 { return c.GCT }, 1e-4},
			{"braking m/s", func(c gait.Contact) float64 { return c.Braking }, 0.005},
			{"peak decel g", func(c gait.Contact) float64 { return c.PeakDecel }, 0.005},
			{"VO m", func(c gait.Contact) float64 { return c.VO }, 0.0005},
		} {
			if d := m.f(y) - m.f(x); !(math.Abs(d) <= m.tol) && !(math.IsNaN(m.f(x)) && math.IsNaN(m.f(y))) {
				t.Errorf("contact %d (%.2f s): %s %.4f after a walk, %.4f after a run", i+1, x.IC, m.name, m.f(y), m.f(x))
			}
		}
	}
}
