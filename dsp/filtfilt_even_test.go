package dsp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestZeroPhaseEvenBits: Apply's path for a section with b2 = b0 (even)
// must give direct's output bit for bit — the same operations in the same
// order on the same values — on random windows of 1–299 samples (both
// parities, shorter than the padding too), with offsets and scales from
// 1e-300 to 1e300, subnormal, zero and non-finite samples, for low- and
// high-pass designs at several rates, and in place (dst = src).
func TestZeroPhaseEvenBits(t *testing.T) {
	var cs []*Cascade
	for _, d := range []struct {
		hp     bool
		fs, fc float64
	}{{false, 100, 20}, {false, 100, 8}, {false, 1000, 8}, {false, 143, 0.5}, {false, 100, 49.9}, {true, 100, 20}, {true, 50, 0.1}} {
		var c *Cascade
		var err error
		if d.hp {
			c, err = HighPass(2, d.fs, d.fc)
		} else {
			c, err = LowPass(2, d.fs, d.fc)
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := c.sections[0]; s.B2 != s.B0 {
			t.Fatalf("%+v: b2 %v ≠ b0 %v", d, s.B2, s.B0)
		}
		cs = append(cs, c)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	special := []float64{0, math.Copysign(0, -1), 5e-324, -1e-310, 2.2250738585072014e-308, 1e-300, 1e300, -1.7e308, math.Inf(1), math.Inf(-1), math.NaN()}
	for ci, c := range cs {
		for trial := range 400 {
			n := 1 + rng.IntN(299)
			if trial < 40 {
				n = 1 + trial
			}
			x := make([]float64, n)
			scale := math.Pow(10, float64(rng.IntN(601)-300))
			off := []float64{0, 1, -9.8, 1e5}[rng.IntN(4)] * scale
			for i := range x {
				x[i] = off + scale*rng.NormFloat64()
				if trial%5 == 4 && rng.IntN(8) == 0 {
					x[i] = special[rng.IntN(len(special))]
				}
				if trial%7 == 6 {
					x[i] = 0 // zeros, and then a subnormal or two
					if rng.IntN(16) == 0 {
						x[i] = float64(rng.IntN(5)-2) * 5e-324
					}
				}
			}
			z := NewZeroPhase(c)
			pad := min(3*(2*len(z.w.sections)+1-z.first), n-1)
			z.Reserve(n)
			want := z.direct(make([]float64, n), x, pad)
			got := z.even(make([]float64, n), x, pad)
			same := func(what string, got []float64) {
				t.Helper()
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
						t.Fatalf("filter %d, trial %d, n=%d, %s: sample %d = %v (%#x), want %v (%#x)", ci, trial, n, what, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
					}
				}
			}
			same("even", got)
			same("Apply", z.Apply(nil, x))
			in := append([]float64(nil), x...)
			same("Apply in place", z.Apply(in, in))
		}
	}
}
