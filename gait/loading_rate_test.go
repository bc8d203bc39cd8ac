package gait_test

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestLoadingRateRate: the same simulated run (same contacts, an IMU's
// anti-alias filter) recorded at common rates gives the same loading rate
// within 10 % of the 1000 Hz value; the ±10 ms central difference is
// ±1 sample (±20 ms) at 50 Hz, ±2 samples (±13 ms) at 150 Hz, ±8.3 ms at
// 240 Hz.
func TestLoadingRateRate(t *testing.T) {
	for _, act := range []sim.Activity{sim.Running, sim.Walking} {
		lr := func(rate float64) float64 {
			cfg := sim.Config{Activity: act, Placement: sim.Waist, Duration: 60, Rate: rate, Frame: sensor.FrameAnatomical, AntiAlias: true, Seed: 7}
			ss, layout, _ := simulate(t, cfg)
			cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
			return medianOf(cs, func(c gait.Contact) float64 { return c.LoadingRate })
		}
		ref := lr(1000)
		for _, rate := range []float64{100, 150, 200, 240, 500} {
			got := lr(rate)
			t.Logf("%v %4.0f Hz: loading rate %.1f g/s (1000 Hz: %.1f, %+.0f %%)", act, rate, got, ref, 100*(got/ref-1))
			if got < 0.9*ref || got > 1.1*ref {
				t.Errorf("%v %4.0f Hz: loading rate %.1f g/s, 1000 Hz %.1f g/s", act, rate, got, ref)
			}
		}
	}
}

// TestLoadingRateNotNegative: a loading rate is the steepest rise of
// the stance's first third; a contact whose window holds no rise has none
// (NaN), not a negative one.
func TestLoadingRateNotNegative(t *testing.T) {
	for _, gyro := range []bool{true, false} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 60, Rate: 50, Gyro: gyro, AntiAlias: true, Side: 'L', Seed: 7}
		ss, layout, _ := simulate(t, cfg)
		cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Left}, layout, ss)
		neg := 0
		for _, c := range cs {
			if c.LoadingRate < 0 {
				if neg == 0 {
					t.Logf("gyro %v: contact at %.3f s: loading rate %.2f g/s", gyro, c.IC, c.LoadingRate)
				}
				neg++
			}
		}
		t.Logf("gyro %v: %d of %d contacts with a negative loading rate; median %.1f g/s", gyro, neg, len(cs), medianOf(cs, func(c gait.Contact) float64 { return c.LoadingRate }))
		if neg > 0 {
			t.Errorf("gyro %v: %d negative loading rates", gyro, neg)
		}
	}
}
