package gait

import (
	"math"
	"testing"
)

// tCritRef is tCrit as it was before its log gamma functions were read
// once and its bisection stopped once it no longer narrows.
func tCritRef(z, nu float64) float64 {
	nu = max(nu, 1)
	p := math.Erfc(z / math.Sqrt2)
	if math.IsInf(nu, 1) || !(p > 0) {
		return z
	}
	tail := func(t float64) float64 { return regIncBeta(nu/2, 0.5, nu/(nu+t*t)) }
	lo, hi := z, 2*z
	for tail(hi) > p {
		lo, hi = hi, 2*hi
	}
	for range 60 {
		m := (lo + hi) / 2
		if tail(m) > p {
			lo = m
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}

// TestTCritSame: tCrit gives tCritRef's values bit for bit over the z and
// ν the signals read (and beyond).
func TestTCritSame(t *testing.T) {
	for _, z := range []float64{0.5, 1, 1.96, 2, 2.5, 3, 4} {
		for nu := 0.5; nu < 2000; nu *= 1.0137 {
			for _, v := range []float64{nu, math.Round(nu), math.Round(nu) / 3} {
				if got, want := tCrit(z, v), tCritRef(z, v); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("tCrit(%v, %v) = %v, want %v", z, v, got, want)
				}
			}
		}
	}
	for _, c := range [][2]float64{{2, math.Inf(1)}, {2, math.NaN()}, {math.NaN(), 5}, {0, 5}, {40, 5}} {
		if got, want := tCrit(c[0], c[1]), tCritRef(c[0], c[1]); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("tCrit(%v, %v) = %v, want %v", c[0], c[1], got, want)
		}
	}
}
