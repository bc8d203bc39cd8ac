package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestGyroRange250Running: a foot sensor's gyroscope left at ±250 °/s (the
// default range of common MEMS parts) on a runner, 143 Hz, accelerometer
// clipped at ±8 g, tilted mount. Both the mid-swing peak and the toe-off
// trough are cut off: a shank's third-moment sign evidence lost its skew
// and read contacts a step late (F1 0 at 4.5 and 5.5 m/s), now signed by
// the rate at the impacts (impactSign): every contact found; the flat
// toe-off trough put the toe-off anywhere on the plateau (GCT MAE of what
// was matched: shank 18.4 ms, shoe 24.3 ms), now at the vertex its flanks
// point to (clipVertex): 8.7 and 10.3 ms.
func TestGyroRange250Running(t *testing.T) {
	for _, tc := range []struct {
		pl     sim.Placement
		maxGCT float64 // s, MAE over all speeds
	}{
		{sim.Shank, 0.012},
		{sim.Shoe, 0.015},
	} {
		var gct []float64
		for k, v := range []float64{2.5, 3.5, 4.5, 5.5} {
			for seed := uint64(1); seed <= 2; seed++ {
				c := sim.Config{Activity: sim.Running, Placement: tc.pl, Duration: 20, Rate: 143, Speed: v, Gyro: true, ClipG: 8,
					Noise: 0.3, GyroNoise: 0.02, GyroClip: 250 * 3.141592653589793 / 180, Tilt: [3]float64{0.1, 0.15, 0.05 * float64(seed)},
					Side: 'L', Seed: uint64(10*k) + seed}
				s, _ := rvRun(t, c, 0, 0)
				a := eval.Agree(s.GCTErr)
				t.Logf("%v %.1f m/s seed %d: F1 %.3f, GCT bias %+.1f MAE %.1f ms", tc.pl, v, seed, s.F1(), 1e3*a.Bias, 1e3*a.MAE)
				if s.F1() < 0.97 {
					t.Errorf("%v %.1f m/s seed %d: F1 %.3f", tc.pl, v, seed, s.F1())
				}
				gct = append(gct, s.GCTErr...)
			}
		}
		if a := eval.Agree(gct); !(a.MAE <= tc.maxGCT) {
			t.Errorf("%v: GCT MAE %.1f ms > %.0f", tc.pl, 1e3*a.MAE, 1e3*tc.maxGCT)
		}
	}
}

// TestGyroRange250LowRate: the same ±250 °/s runner sampled at 25–50 Hz,
// where clipVertex's 7 ms secant is one sample, 20–40 ms long. A running
// shoe's toe-off trough rises out of the still stance within a sample or
// two of the level: the secant before the plateau lay on that knee, a
// third of the slope at the level, and put the toe-off 30–40 ms late (GCT
// bias +28.6 ms, MAE 32–34 ms at 40–50 Hz, the plateau's argmin 22–23);
// a shank at 25 Hz +17.5 ms, MAE 19.7 (16.6). A secant whose neighbour
// further out is far flatter is no trough's flank (kneeSlope): 21–22 ms
// and 14.9 ms.
func TestGyroRange250LowRate(t *testing.T) {
	for _, tc := range []struct {
		pl     sim.Placement
		rates  []float64
		maxGCT float64 // s, MAE over all speeds and rates
	}{
		{sim.Shoe, []float64{40, 50}, 0.026},
		{sim.Shank, []float64{25}, 0.017},
	} {
		var gct []float64
		for _, rate := range tc.rates {
			for k, v := range []float64{2.5, 3.5, 4.5, 5.5} {
				for seed := uint64(1); seed <= 3; seed++ {
					c := sim.Config{Activity: sim.Running, Placement: tc.pl, Duration: 15, Rate: rate, Speed: v, Gyro: true, ClipG: 8,
						Noise: 0.3, GyroNoise: 0.02, GyroClip: 250 * 3.141592653589793 / 180, Tilt: [3]float64{0.1, 0.1, 0.03 * float64(seed)},
						Side: 'L', Seed: uint64(10*k) + seed}
					s, _ := rvRun(t, c, 0, 0)
					gct = append(gct, s.GCTErr...)
				}
			}
		}
		a := eval.Agree(gct)
		t.Logf("%v %v Hz: GCT bias %+.1f MAE %.1f ms (n %d)", tc.pl, tc.rates, 1e3*a.Bias, 1e3*a.MAE, len(gct))
		if !(a.MAE <= tc.maxGCT) {
			t.Errorf("%v %v Hz: GCT MAE %.1f ms > %.0f", tc.pl, tc.rates, 1e3*a.MAE, 1e3*tc.maxGCT)
		}
	}
}

// TestGyroRangeInt16Limits: a ±250 °/s part whose counts are scaled by
// its 131 LSB per °/s reads its two limits as −32768/131 and +32767/131
// °/s, 3e-5 apart. The level search counted a plateau only at its largest
// value to 1e-9, so the side 1 count short never counted: the level took
// twice the strides, and a running shank's swing sign stayed wrong for the
// first 1–1.5 s (a review: 8 contacts made up and 11 missed in 177). A
// plateau within 1e-4 of the largest value (the tolerance a found level
// already had) counts: every contact found.
func TestGyroRangeInt16Limits(t *testing.T) {
	const lsb = 131.0 // counts per °/s at ±250 °/s
	hi, lo := 32767/lsb*math.Pi/180, -32768/lsb*math.Pi/180
	for k, v := range []float64{4.5, 5.0, 5.5} {
		for seed := uint64(1); seed <= 3; seed++ {
			c := sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 10, Rate: 143, Speed: v, Gyro: true, ClipG: 8,
				Noise: 0.3, GyroNoise: 0.02, GyroClip: 250 * math.Pi / 180, Tilt: [3]float64{0.1, 0.15, 0.05 * float64(seed)},
				Side: 'L', Seed: uint64(20*k) + seed}
			ss, layout, tc, err := sim.Generate(c)
			if err != nil {
				t.Fatal(err)
			}
			for i := range ss {
				for j, w := range ss[i].Gyr {
					switch {
					case w >= c.GyroClip:
						ss[i].Gyr[j] = hi
					case w <= -c.GyroClip:
						ss[i].Gyr[j] = lo
					}
				}
			}
			cs, _ := detect(t, gait.Config{Placement: gait.Shank, Side: gait.Left}, layout, ss)
			s := eval.Match(cs, leftTruth(tc, 0), eval.Options{})
			t.Logf("%.1f m/s seed %d: F1 %.3f (made up %d, missed %d)", v, seed, s.F1(), s.FP, s.FN)
			if s.FP > 0 || s.FN > 0 {
				t.Errorf("%.1f m/s seed %d: %d contacts made up, %d missed", v, seed, s.FP, s.FN)
			}
		}
	}
}
