package gait

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLagCorr2 holds lagCorr and lagCorr2 to the autocorrelation summed as
// the regularity summed it before them (four partial sums taken off the
// fronts of the two slices), bit for bit, at every lag of random vectors
// of 2–300 values spanning seven decades.
func TestLagCorr2(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	plain := func(x []float64, lag int, v float64) float64 {
		m := len(x)
		a, b := x[:m-lag], x[lag:m]
		var s0, s1, s2, s3 float64
		for len(a) >= 4 && len(b) >= 4 {
			s0 += a[0] * b[0]
			s1 += a[1] * b[1]
			s2 += a[2] * b[2]
			s3 += a[3] * b[3]
			a, b = a[4:], b[4:]
		}
		for j := range a {
			s0 += a[j] * b[j]
		}
		return (s0 + s1 + s2 + s3) / float64(m-lag) / v
	}
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for it := 0; it < 3000; it++ {
		m := 2 + rng.IntN(299)
		x := make([]float64, m)
		for i := range x {
			x[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
		v := 0.37 + rng.Float64()
		for lag := 0; lag+1 < m; lag++ {
			r0, r1 := lagCorr2(x, lag, v)
			if p0, p1 := plain(x, lag, v), plain(x, lag+1, v); !same(r0, p0) || !same(r1, p1) || !same(lagCorr(x, lag, v), p0) {
				t.Fatalf("m %d lag %d: lagCorr2 %v %v, lagCorr %v, plain %v %v", m, lag, r0, r1, lagCorr(x, lag, v), p0, p1)
			}
		}
	}
}
