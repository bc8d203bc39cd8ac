package gait

import (
	"math"
	"testing"
)

// TestToeOffImpactRebound: an accelerometer-only shank whose toe-off burst
// outgrew its impacts is read at the impact that began the stance the
// burst ends (toeOffImpact): the sharpest spike after which |a| settles at
// 1 g. An impact rings: on an independent running shank model (143 Hz, ±8
// g, 3.0 m/s; its |a| below) |a| fell to 0.76 g 14 ms after the impact's
// spike and rose to a duller rebound 35 ms after it, and from 50 ms after
// the impact to the burst the stance still held the rebound's decay (mean
// 1.25 g, SD 0.43 g) where from 50 ms after the rebound it did not (1.14,
// 0.27): the rebound was taken, IC 37–38 ms late in those contacts (that
// trial's IC MAE 17.5 ms, GCT MAE 21.0). The guard is another model's
// walk (1.2 m/s, half its heel rise), whose terminal swing's cusp, 49 ms
// before the spike its contact is read at and sharper than it, has |a|
// over 3.9 g between the two: a cusp is not an impact (taking any sharper
// spike up to 40 ms before read that walk's IC 83 ms early; it reads 25 ms
// early, as before).
func TestToeOffImpactRebound(t *testing.T) {
	// |a|, g, at 143 Hz, from 0.36 s before the IC (run) and 0.53 s (walk)
	run := []float64{5.27, 5.63, 5.91, 6.15, 6.27, 6.31, 6.26, 6.11, 5.86, 5.52, 5.10, 4.59, 3.99, 3.50, 3.02, 2.60, 2.27, 2.23, 2.52, 3.06,
		3.64, 4.13, 4.42, 4.45, 4.22, 3.75, 3.06, 2.18, 1.14, 0.21, 1.15, 2.27, 3.30, 4.24, 5.03, 5.66, 6.16, 6.53, 6.78, 6.92,
		6.95, 6.88, 6.73, 6.46, 6.08, 5.51, 4.79, 3.89, 2.92, 2.24, 2.43, 3.26, 3.15, 4.55, 1.59, 0.76, 1.39, 2.86, 3.30, 3.09,
		2.63, 2.07, 1.53, 1.16, 0.97, 0.94, 0.93, 0.93, 0.93, 0.92, 0.91, 0.90, 0.90, 0.88, 0.88, 1.09, 1.38, 1.50, 1.53, 1.51,
		1.45, 1.43, 1.44, 1.47, 1.50, 1.47, 1.36, 1.14, 0.80, 0.52, 5.99, 3.89, 3.38, 3.43, 3.75, 4.17, 4.63, 5.05, 5.43, 5.73,
		5.96, 6.09, 6.12, 6.04, 5.85, 5.51, 4.98, 4.25, 3.29, 2.07, 0.76, 0.69, 2.00, 3.24, 4.33, 5.11, 5.61, 5.82, 5.70, 5.24,
		4.59, 3.68, 2.63, 1.52, 0.45, 0.86, 1.88, 2.82, 3.68, 4.41, 5.04, 5.57, 6.01, 6.34, 6.61, 6.80}
	walk := []float64{1.02, 0.93, 1.09, 1.14, 1.18, 1.03, 1.13, 1.11, 1.12, 1.06, 1.17, 1.09, 1.12, 1.11, 1.10, 1.14, 1.14, 1.15, 1.10, 1.15,
		1.11, 1.05, 1.15, 1.20, 1.16, 1.22, 1.08, 1.36, 2.01, 3.41, 5.20, 6.45, 6.79, 6.27, 5.46, 4.30, 3.35, 3.21, 3.52, 3.88,
		3.93, 3.28, 2.72, 2.60, 2.56, 2.15, 1.89, 1.84, 2.13, 2.40, 2.59, 2.81, 2.77, 2.76, 2.66, 2.46, 2.29, 2.09, 2.05, 2.12,
		2.39, 2.80, 3.25, 3.72, 4.16, 4.61, 4.90, 4.90, 4.70, 4.51, 4.01, 3.92, 3.98, 4.31, 4.15, 3.87, 3.04, 2.93, 3.14, 2.91,
		2.59, 2.70, 2.55, 2.25, 1.96, 1.72, 1.58, 1.47, 1.26, 1.22, 1.18, 1.12, 1.17, 1.01, 0.93, 0.95, 0.94, 0.90, 0.95, 0.89,
		0.98, 0.96, 0.91, 0.88, 0.93, 0.94, 0.83, 0.99, 0.87, 0.92, 0.93, 0.97, 0.95, 0.96, 0.87, 1.02, 1.08, 0.96, 1.04, 0.91,
		0.95, 1.07, 1.05, 1.02, 0.96, 0.88, 0.99, 1.04, 0.95, 1.02, 0.98, 1.01, 0.92, 0.98, 0.93, 0.98, 1.07, 1.08, 1.11, 1.05,
		0.99, 1.03, 1.13, 1.04, 1.15, 1.10, 1.09, 1.08, 1.21, 1.16, 1.17, 1.14, 1.09, 1.23, 1.14, 1.18, 1.20, 1.17, 1.14, 1.16,
		1.17, 1.16, 1.15, 1.20, 1.38, 2.10, 3.19, 4.52, 5.30, 5.43, 5.18, 4.62, 3.89, 3.16, 2.71, 2.51, 2.68, 3.01, 2.93, 2.68,
		2.23, 2.20, 2.28, 2.19, 1.83, 1.57, 1.41, 1.57, 1.68, 1.77, 1.86, 1.99, 1.97, 1.92, 1.95, 1.89, 1.84, 1.72, 1.66, 1.73,
		1.99, 2.07, 2.40, 2.74, 3.11}
	for _, tc := range []struct {
		name   string
		raw    []float64
		stride float64 // s
		burst  int     // the toe-off burst's sample
		ic     float64 // the model's IC, fractional sample
		tol    float64 // ms
	}{
		// (the engine read the run's 37 ms late, its walk's 25 ms early)
		{"running, the impact rings", run, 0.68, 90, 51.06, 15},
		{"walking, a cusp before the soft impact", walk, 1.0, 169, 75.89, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const rate = 143
			e := &Engine{rate: rate}
			if argmax(tc.raw, tc.burst-3, tc.burst+3) != tc.burst {
				t.Fatalf("sample %d is not the burst", tc.burst)
			}
			// as refineFoot reads the IC from the impact's spike
			pk := e.toeOffImpact(tc.raw, tc.burst, tc.stride)
			r := int(math.Ceil(0.025 * rate))
			ic := steepestRise(tc.raw, pk-2*r, pk)
			d := 1000 * (ic - tc.ic) / rate
			t.Logf("IC %+.0f ms from the model's", d)
			if pk < 0 || !(math.Abs(d) <= tc.tol) {
				t.Errorf("IC %+.0f ms from the model's (spike at sample %d, %.2f g), want within %.0f ms", d, pk, tc.raw[max(0, pk)], tc.tol)
			}
		})
	}
}
