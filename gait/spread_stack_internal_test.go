package gait

import (
	"math"
	"math/rand/v2"
	"testing"
)

// spreadRef is spread as it was before its deviations were kept on the
// stack.
func spreadRef(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	m := medianOf(x)
	d := make([]float64, len(x))
	for i, v := range x {
		d[i] = math.Abs(v - m)
	}
	return 1.4826 * medianOf(d)
}

// TestSpreadStack: spread gives spreadRef's value bit for bit, on random
// values with repeats, infinities, zeros of both signs and NaN, at every
// length from 1 to 300 (beyond medianStack too), and leaves its input as
// it was.
func TestSpreadStack(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pick := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 3}
	for trial := 0; trial < 5000; trial++ {
		n := 1 + rng.IntN(300)
		x := make([]float64, n)
		for i := range x {
			switch r := rng.IntN(20); {
			case r < 1:
				x[i] = pick[rng.IntN(len(pick))]
			case r < 3:
				x[i] = float64(rng.IntN(5))
			default:
				x[i] = rng.NormFloat64()
			}
		}
		in := append([]float64(nil), x...)
		got, want := spread(x), spreadRef(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("spread(%v) = %v, want %v", x, got, want)
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(in[i]) {
				t.Fatalf("spread changed its input at %d", i)
			}
		}
	}
}
