package dsp

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"testing"
)

// TestDesignDegenerate sweeps the cut-off of every kind and order 1–8 down
// to the smallest positive float and up to the last float below fs/2. A
// cut-off inside (0, fs/2) can still be too close to an end for float64
// sections: the realised poles round onto the unit circle (scipy's rows do
// the same there: butter(2, 1e-9, fs=100) has 1 + a1 + a2 = 0, a pole at
// z = 1). The constructor must then return ErrCutoff, never a filter that
// is silent (b = 0), unstable or gives NaN after Prime. Every filter it
// does return must be strictly stable section by section (Jury: |a2| < 1,
// 1 ± a1 + a2 > 0), have finite coefficients, unit gain at its reference
// frequency, and finite outputs primed and from rest.
func TestDesignDegenerate(t *testing.T) {
	const fs = 100.0
	var fcs []float64
	for e := -1.0; e >= -324; e -= 0.5 {
		fcs = append(fcs, fs*math.Pow(10, e))
	}
	fcs = append(fcs, math.SmallestNonzeroFloat64)
	for _, e := range []float64{1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-13, 1e-14, 1e-15} {
		fcs = append(fcs, fs/2*(1-e))
	}
	fcs = append(fcs, math.Nextafter(fs/2, 0))
	rejected := 0
	for order := 1; order <= 8; order++ {
		for _, fc := range fcs {
			type tc struct {
				name string
				ref  float64 // Hz, where the gain is 1
				c    *Cascade
				err  error
			}
			var cases []tc
			c, err := LowPass(order, fs, fc)
			cases = append(cases, tc{fmt.Sprintf("LowPass(%d, %g, %g)", order, fs, fc), 0, c, err})
			c, err = HighPass(order, fs, fc)
			cases = append(cases, tc{fmt.Sprintf("HighPass(%d, %g, %g)", order, fs, fc), fs / 2, c, err})
			if fc < fs/4 {
				lo, hi := fc, 2*fc
				c, err = BandPass(order, fs, lo, hi)
				w0 := math.Sqrt(math.Tan(math.Pi*lo/fs) * math.Tan(math.Pi*hi/fs))
				cases = append(cases, tc{fmt.Sprintf("BandPass(%d, %g, %g, %g)", order, fs, lo, hi), fs / math.Pi * math.Atan(w0), c, err})
			} else {
				lo := fs/2 - 2*(fs/2-fc)
				c, err = BandPass(order, fs, lo, fc)
				w0 := math.Sqrt(math.Tan(math.Pi*lo/fs) * math.Tan(math.Pi*fc/fs))
				cases = append(cases, tc{fmt.Sprintf("BandPass(%d, %g, %g, %g)", order, fs, lo, fc), fs / math.Pi * math.Atan(w0), c, err})
			}
			for _, k := range cases {
				if k.err != nil {
					if !errors.Is(k.err, ErrCutoff) || k.c != nil {
						t.Errorf("%s: (%v, %v), want nil and ErrCutoff", k.name, k.c, k.err)
					}
					rejected++
					continue
				}
				if msg := degenerate(k.c, k.ref); msg != "" {
					t.Errorf("%s: returned without error but %s", k.name, msg)
				}
			}
		}
	}
	// NewIntegrator designs its high-pass the same way: before, fc = 1e-300
	// gave NaN from the first sample.
	for _, fc := range []float64{1e-12 * fs, 1e-300, math.Nextafter(fs/2, 0)} {
		if ig, err := NewIntegrator(fs, fc); !errors.Is(err, ErrCutoff) || ig != nil {
			t.Errorf("NewIntegrator(%g, %g): (%v, %v), want nil and ErrCutoff", fs, fc, ig, err)
		}
	}
	if rejected == 0 {
		t.Error("no design rejected: the sweep does not reach the degenerate cut-offs")
	}
}

// degenerate describes what is wrong with c, or returns "".
func degenerate(c *Cascade, ref float64) string {
	for i, s := range c.sections {
		for _, v := range []float64{s.B0, s.B1, s.B2, s.A1, s.A2} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Sprintf("section %d has a non-finite coefficient: %+v", i, s)
			}
		}
		if s.B0 == 0 && s.B1 == 0 && s.B2 == 0 {
			return fmt.Sprintf("section %d is silent (b = 0): %+v", i, s)
		}
		// den(±1) = 1 ± a1 + a2 > 0: 1 ± a1 is exact where the sum is
		// near 0 (a1 near ∓1 or beyond), so the sign is right
		if !(math.Abs(s.A2) < 1 && (1+s.A1)+s.A2 > 0 && (1-s.A1)+s.A2 > 0) {
			return fmt.Sprintf("section %d is not strictly stable: %+v", i, s)
		}
	}
	if g := cmplx.Abs(c.Response(ref)); !(math.Abs(g-1) < 1e-6) {
		return fmt.Sprintf("|H(%g Hz)| = %g, want 1", ref, g)
	}
	p := c.Clone()
	p.Prime(1)
	z := c.Clone()
	for n := range 64 {
		x := 0.0
		if n == 0 {
			x = 1
		}
		if y1, y2 := p.Process(1), z.Process(x); math.IsNaN(y1) || math.IsInf(y1, 0) || math.IsNaN(y2) || math.IsInf(y2, 0) {
			return fmt.Sprintf("sample %d: primed output %g, impulse response %g", n, y1, y2)
		}
	}
	return ""
}
