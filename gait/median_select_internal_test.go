package gait

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestMedianOfSelect: medianOf by selection gives what sorting and
// quantile(·, 0.5) gave, bit for bit (a zero's sign aside: −0 and +0 are
// equal to both), on random values with repeats, infinities, zeros of both
// signs and NaN, at every length from 1 to 300, and leaves its input as it
// was.
func TestMedianOfSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, math.Inf(1), math.Inf(-1), 1e-300, -7}
	for trial := 0; trial < 20000; trial++ {
		n := 1 + rng.IntN(300)
		x := make([]float64, n)
		for i := range x {
			switch r := rng.IntN(10); {
			case r < 2:
				x[i] = pick[rng.IntN(len(pick))]
			case r < 3:
				x[i] = float64(rng.IntN(5)) // many repeats
			default:
				x[i] = rng.NormFloat64() * 100
			}
		}
		if trial%50 == 0 {
			x[rng.IntN(n)] = math.NaN()
		}
		orig := append([]float64(nil), x...)
		s := append([]float64(nil), x...)
		sort.Float64s(s)
		want := quantile(s, 0.5)
		got := medianOf(x)
		same := math.Float64bits(got) == math.Float64bits(want) || got == want || math.IsNaN(got) && math.IsNaN(want)
		if !same {
			t.Fatalf("n %d: medianOf %v, sorted quantile %v\n%v", n, got, want, orig)
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(orig[i]) {
				t.Fatalf("n %d: input changed at %d", n, i)
			}
		}
	}
}
