package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRegularityRate: step and stride regularity of one simulated run
// (no step-to-step variability: every step alike, so Ad1 and Ad2 are near
// 1) read the same at the common rates. The autocorrelation is decimated to
// about 50 Hz and its peak taken at whole lags: a 20 ms lag grid.
func TestRegularityRate(t *testing.T) {
	reg := func(rate float64) (float64, float64) {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 120, Rate: rate, Frame: sensor.FrameAnatomical, AntiAlias: true, Variability: -1, Seed: 7}
		ss, layout, _ := simulate(t, cfg)
		cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		return medianOf(cs, func(c gait.Contact) float64 { return c.StepReg }), medianOf(cs, func(c gait.Contact) float64 { return c.StrideReg })
	}
	var lo, hi [2]float64
	lo = [2]float64{math.Inf(1), math.Inf(1)}
	hi = [2]float64{math.Inf(-1), math.Inf(-1)}
	var log string
	for _, rate := range []float64{100, 120, 200, 240, 500} {
		a, b := reg(rate)
		log += fmt.Sprintf(" %.0f Hz %.3f/%.3f;", rate, a, b)
		lo[0], hi[0] = math.Min(lo[0], a), math.Max(hi[0], a)
		lo[1], hi[1] = math.Min(lo[1], b), math.Max(hi[1], b)
	}
	t.Logf("step/stride regularity:%s", log)
	if hi[0]-lo[0] > 0.005 || hi[1]-lo[1] > 0.005 {
		t.Errorf("regularity spread over rates: step %.3f, stride %.3f", hi[0]-lo[0], hi[1]-lo[1])
	}
}

// TestRegularityCadence: at 100 Hz (decimated to 50 Hz), runs that
// differ only in cadence (160–178 steps/min, the default 2 % variability)
// read step regularity that rises and falls with how close the step lag
// lies to a whole number of 20 ms samples.
func TestRegularityCadence(t *testing.T) {
	lo, hi := math.Inf(1), math.Inf(-1)
	var log string
	for _, cad := range []float64{160, 163, 166, 169, 172, 175, 178} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 300, Rate: 100, Cadence: cad, Frame: sensor.FrameAnatomical, AntiAlias: true, Seed: 7}
		ss, layout, _ := simulate(t, cfg)
		cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		r := medianOf(cs, func(c gait.Contact) float64 { return c.StepReg })
		log += fmt.Sprintf(" %.0f: %.3f (lag %.2f);", cad, r, 60/cad*50)
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	}
	t.Logf("step regularity by cadence (step lag in 50 Hz samples):%s", log)
	if hi-lo > 0.008 {
		t.Errorf("step regularity %.3f–%.3f over cadences 160–178", lo, hi)
	}
}
