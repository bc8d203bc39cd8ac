package gait_test

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestFootOrderRandom: over random simulated recordings of a shoe or shank
// with a gyro (running and walking, 50–200 Hz, noise, tilt, jitter,
// standing starts, a dropout in a third), contacts come out in time order
// and each once, every toe-off before the next contact, and the same
// however the samples are split into PushBatch calls. A review's harness
// found recordings that broke the order: after the swing's sign flipped or
// the stride estimate was forgotten, a first-stride window reached back
// past contacts already emitted (1.650 s after 3.175 s, one IC twice). Of
// the 4000 recordings this test generates, three did (751, 1030, 1288);
// every 8th runs here, and those three (GAITD_ORDER_ALL=1 runs all: 5 s).
func TestFootOrderRandom(t *testing.T) {
	known := map[int]bool{751: true, 1030: true, 1288: true}
	step := 8
	if os.Getenv("GAITD_ORDER_ALL") != "" {
		step = 1
	}
	if raceEnabled {
		step = 64
	}
	rng := rand.New(rand.NewPCG(7, 9))
	for k := 0; k < 4000; k++ {
		c := sim.Config{Gyro: true, Seed: uint64(k + 1), Side: 'L'}
		if rng.IntN(2) == 0 {
			c.Activity, c.Speed = sim.Running, 2+5*rng.Float64()
		} else {
			c.Activity, c.Speed = sim.Walking, 0.6+1.2*rng.Float64()
		}
		c.Placement = sim.Shoe
		if rng.IntN(2) == 0 {
			c.Placement = sim.Shank
		}
		c.Rate = []float64{50, 64, 100, 128, 200}[rng.IntN(5)]
		c.Duration = 8 + 30*rng.Float64()
		c.Noise = 0.5 * rng.Float64()
		c.GyroNoise = 0.3 * rng.Float64()
		c.Jitter = 0.004 * rng.Float64() / (c.Rate / 100)
		c.Tilt = [3]float64{rng.Float64() - 0.5, rng.Float64() - 0.5, rng.Float64() - 0.5}
		c.Variability = 0.05 * rng.Float64()
		if rng.IntN(3) == 0 {
			c.Standing = 3 * rng.Float64()
		}
		if rng.IntN(3) == 0 {
			st := 2 + rng.Float64()*(c.Duration-4)
			c.Dropouts = []sim.Gap{{Start: st, Dur: 0.3 + 2*rng.Float64()}}
		}
		chunks := rng.Uint64()
		if k%step != 0 && !known[k] {
			continue
		}
		ss, layout, _, err := sim.Generate(c)
		if err != nil {
			continue // a combination the simulator refuses
		}
		p := gait.Shank
		if c.Placement == sim.Shoe {
			p = gait.Shoe
		}
		cfg := gait.Config{Placement: p, Side: 'L'}
		a, _ := detect(t, cfg, layout, ss)
		e, err := gait.New(cfg, layout)
		if err != nil {
			t.Fatal(err)
		}
		cr := rand.New(rand.NewPCG(chunks, 1))
		var b []gait.Contact
		for i := 0; i < len(ss); {
			j := min(len(ss), i+1+cr.IntN(300))
			b = e.PushBatch(b, ss[i:j])
			i = j
		}
		b = e.Flush(b)
		if len(a) != len(b) {
			t.Errorf("recording %d: %d contacts pushed one by one, %d in blocks", k, len(a), len(b))
		}
		for i := 1; i < len(a); i++ {
			if d := a[i].IC - a[i-1].IC; d < 0.25 {
				t.Errorf("recording %d (%v %v %.1f m/s %.0f Hz): contact %.3f s after %.3f s", k, p, c.Activity, c.Speed, c.Rate, a[i].IC, a[i-1].IC)
			}
			if !math.IsNaN(a[i-1].FC) && a[i-1].FC >= a[i].IC {
				t.Errorf("recording %d: toe-off %.3f s after the next contact %.3f s", k, a[i-1].FC, a[i].IC)
			}
		}
	}
}
