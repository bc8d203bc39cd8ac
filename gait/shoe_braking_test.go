package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestShoeBrakingG: a shoe's braking g (Contact.PeakDecel) against the
// simulator's fore-aft impact, P·k·b with P = (2.5 + 1.6·v) g and k = 0.6
// (sim doc: "the 'braking g' of a shoe pod"), no step-to-step variability.
// The foot strikes toe-up by (0.10 + 0.03·v)·b rad; read along the foot's
// own forward axis, the vertical impact P·sinθ and gravity's g·sinθ
// cancel part of the deceleration.
func TestShoeBrakingG(t *testing.T) {
	const v = 3.3
	for _, tc := range []struct{ b, rate, noise, gnoise float64 }{{1, 500, 0, 0}, {2, 500, 0, 0}, {1, 200, 0, 0}, {1, 200, 0.3, 0.05}, {2, 200, 0.3, 0.05}} {
		b := tc.b
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 60, Rate: tc.rate, Speed: v, Gyro: true, Braking: b, Variability: -1, Side: 'L', Noise: tc.noise, GyroNoise: tc.gnoise, Seed: 7}
		ss, layout, _ := simulate(t, cfg)
		cs, _ := detect(t, gait.Config{Placement: gait.Shoe, Side: gait.Left}, layout, ss)
		got := medianOf(cs, func(c gait.Contact) float64 { return c.PeakDecel })
		sa := medianOf(cs, func(c gait.Contact) float64 { return c.StrikeAngle })
		want := 0.6 * b * (2.5 + 1.6*v)
		t.Logf("%.0f Hz noise %.1f/%.2f braking ×%.0f: strike angle %.1f°, braking g %.2f, fore-aft impact %.2f g (%+.0f %%)", tc.rate, tc.noise, tc.gnoise, b, sa*180/math.Pi, got, want, 100*(got/want-1))
		if math.Abs(got/want-1) > 0.15 {
			t.Errorf("%.0f Hz braking ×%.0f: braking g %.2f, the simulated fore-aft impact %.2f g", tc.rate, b, got, want)
		}
	}
}
