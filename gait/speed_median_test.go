package gait

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMedianRingAddOneWay holds medianRing.add, which moves a value down
// or else up, to the form it replaced (down, then up: the second never
// moved after the first had), bit for bit: the sorted copy, arrival order
// and median after every add of random values with repeats, ±0, ±Inf and
// NaN.
func TestMedianRingAddOneWay(t *testing.T) {
	plain := func(m *medianRing, x float64) {
		const n = len(m.v)
		s := &m.sorted
		if m.n == n {
			old := m.v[m.next]
			j := 0
			for j < n-1 && s[j] != old {
				j++
			}
			for j > 0 && s[j-1] > x {
				s[j] = s[j-1]
				j--
			}
			for j < n-1 && s[j+1] < x {
				s[j] = s[j+1]
				j++
			}
			s[j] = x
		} else {
			j := m.n
			for j > 0 && s[j-1] > x {
				s[j] = s[j-1]
				j--
			}
			s[j] = x
			m.n++
		}
		m.v[m.next] = x
		m.next = (m.next + 1) % n
	}
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	rng := rand.New(rand.NewPCG(7, 8))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1, -1}
	for it := 0; it < 2000; it++ {
		var a, b medianRing
		kinds := rng.IntN(4)
		for k := 0; k < 60; k++ {
			var x float64
			switch r := rng.IntN(10); {
			case kinds > 0 && r == 0:
				x = special[rng.IntN(len(special))]
			case r < 4:
				x = float64(rng.IntN(5)) // repeats
			default:
				x = rng.NormFloat64()
			}
			a.add(x)
			plain(&b, x)
			if a.n != b.n || a.next != b.next {
				t.Fatalf("run %d add %d: n %d next %d, want %d %d", it, k, a.n, a.next, b.n, b.next)
			}
			for i := range a.v {
				if !same(a.v[i], b.v[i]) || !same(a.sorted[i], b.sorted[i]) {
					t.Fatalf("run %d add %d: %v %v, want %v %v", it, k, a.v, a.sorted, b.v, b.sorted)
				}
			}
			if !same(a.median(-1), b.median(-1)) {
				t.Fatalf("run %d add %d: median %v, want %v", it, k, a.median(-1), b.median(-1))
			}
		}
	}
}
