package dsp

import (
	"math"
	"math/cmplx"
	"testing"
)

// TestFiltFiltSine checks zero phase and squared magnitude: a sine of
// frequency f through FiltFilt must come out as |H(f)|²·sine with no delay
// away from the ends (the middle 40 % of n samples, n long enough for the
// edge transients to decay: they last about 1/fc seconds for the lowest
// corner fc; tolerance 1e-9 of the amplitude), and its best-matching lag
// must be 0.
func TestFiltFiltSine(t *testing.T) {
	const fs = 100.0
	for _, tc := range []struct {
		d design
		f float64
		n int
	}{
		{design{"low", kindLow, 4, fs, 10, 0}, 2.8, 1000},
		{design{"low", kindLow, 4, fs, 10, 0}, 10, 1000}, // at the cut-off: gain 1/2
		{design{"low", kindLow, 3, fs, 5, 0}, 6, 1000},
		{design{"high", kindHigh, 2, fs, 1, 0}, 2.8, 2000},
		{design{"band", kindBand, 2, fs, 0.25, 7}, 2.8, 8000},
		{design{"band", kindBand, 2, fs, 0.25, 7}, 9, 8000},
	} {
		n := tc.n
		lo, hi := 3*n/10, 7*n/10
		c, err := tc.d.build()
		if err != nil {
			t.Fatal(err)
		}
		w := 2 * math.Pi * tc.f / fs
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Sin(w*float64(i) + 0.3)
		}
		y := FiltFilt(c, nil, x)
		g := sq(cmplx.Abs(c.Response(tc.f)))
		if tc.f == tc.d.lo && tc.d.kind == kindLow && math.Abs(g-0.5) > 1e-12 {
			t.Errorf("%v: |H(fc)|² = %g, want 0.5", tc.d, g)
		}
		var maxErr float64
		for i := lo; i < hi; i++ {
			maxErr = math.Max(maxErr, math.Abs(y[i]-g*x[i]))
		}
		if maxErr > 1e-9 {
			t.Errorf("%v at %g Hz: max |y − |H|²·x| = %g in the middle", tc.d, tc.f, maxErr)
		}
		best, bestLag := math.Inf(1), 99
		for lag := -5; lag <= 5; lag++ {
			var e float64
			for i := lo; i < hi; i++ {
				e += sq(y[i] - g*x[i+lag])
			}
			if e < best {
				best, bestLag = e, lag
			}
		}
		if bestLag != 0 {
			t.Errorf("%v at %g Hz: best lag %d, want 0", tc.d, tc.f, bestLag)
		}
	}
}

// TestFiltFiltEdges checks the odd-reflection padding and priming: a
// constant comes out unchanged through a low-pass (1e-9) and as 0 through a
// high-pass, and a straight line passes a low-pass unchanged everywhere but
// near the ends (1e-6 over samples 100…399 of 500).
func TestFiltFiltEdges(t *testing.T) {
	lp, _ := LowPass(4, 100, 5)
	hp, _ := HighPass(2, 100, 1)
	x := make([]float64, 500)
	for i := range x {
		x[i] = 9.80665
	}
	for i, y := range FiltFilt(lp, nil, x) {
		if math.Abs(y-x[i]) > 1e-9 {
			t.Fatalf("low-pass of constant: sample %d = %.15g", i, y)
		}
	}
	for i, y := range FiltFilt(hp, nil, x) {
		if math.Abs(y) > 1e-9 {
			t.Fatalf("high-pass of constant: sample %d = %.15g", i, y)
		}
	}
	for i := range x {
		x[i] = 0.01*float64(i) - 1
	}
	y := FiltFilt(lp, nil, x)
	for i := 100; i < 400; i++ {
		if math.Abs(y[i]-x[i]) > 1e-6 {
			t.Fatalf("low-pass of a line: sample %d = %.15g, want %.15g", i, y[i], x[i])
		}
	}
}

// TestFiltFiltContract checks that c's state is not used or changed, that
// dst may alias src, that short inputs (down to 0 samples) work, and the
// length check.
func TestFiltFiltContract(t *testing.T) {
	c, _ := BandPass(2, 100, 0.25, 7)
	x := randomSignal(3, 400)
	want := FiltFilt(c, nil, x)

	c.ProcessBlock(nil, x[:50]) // give c some state
	before := *c
	before.sections = append([]Biquad(nil), c.sections...)
	got := FiltFilt(c, nil, x)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d depends on c's state: %v, want %v", i, got[i], want[i])
		}
	}
	for i := range c.sections {
		if c.sections[i] != before.sections[i] {
			t.Fatalf("FiltFilt changed section %d of c", i)
		}
	}

	inPlace := append([]float64(nil), x...)
	FiltFilt(c, inPlace, inPlace)
	for i := range want {
		if inPlace[i] != want[i] {
			t.Fatalf("in place: sample %d = %v, want %v", i, inPlace[i], want[i])
		}
	}

	for n := range 20 { // padlen clamps to n−1 for short inputs
		y := FiltFilt(c, nil, x[:n])
		if len(y) != n {
			t.Fatalf("len %d: got %d samples", n, len(y))
		}
		for i, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("len %d: sample %d = %v", n, i, v)
			}
		}
	}

	defer func() {
		if r := recover(); r != "dsp: destination length mismatch" {
			t.Errorf("recovered %v", r)
		}
	}()
	FiltFilt(c, make([]float64, 3), x)
}

// TestZeroPhaseOneSection: a second-order design takes Apply's direct-form-I
// loop; it must agree with the cascade's own transposed recursion (odd
// padding, steady-state starts) to rounding, across rates and corners
// where the poles sit close to z = 1.
func TestZeroPhaseOneSection(t *testing.T) {
	lp1, _ := LowPass(2, 100, 20)
	lp2, _ := LowPass(2, 1000, 8)
	hp, _ := HighPass(2, 100, 20)
	for ci, c := range []*Cascade{lp1, lp2, hp} {
		for _, n := range []int{2, 5, 48, 400} {
			x := randomSignal(uint64(5+n), n)
			for i := range x {
				x[i] += 1 // an offset, as gravity is
			}
			got := NewZeroPhase(c).Apply(nil, x)
			// reference: the padded signal through Cascade.Process
			pad := min(9, n-1)
			ext := make([]float64, 0, n+2*pad)
			for k := pad; k >= 1; k-- {
				ext = append(ext, 2*x[0]-x[k])
			}
			ext = append(ext, x...)
			for k := 1; k <= pad; k++ {
				ext = append(ext, 2*x[n-1]-x[n-1-k])
			}
			w := c.Clone()
			w.Prime(ext[0])
			for i, v := range ext {
				ext[i] = w.Process(v)
			}
			w.Prime(ext[len(ext)-1])
			for i := len(ext) - 1; i >= 0; i-- {
				ext[i] = w.Process(ext[i])
			}
			for i := range x {
				if d := math.Abs(got[i] - ext[pad+i]); d > 1e-11 {
					t.Fatalf("filter %d, n=%d: sample %d = %.15g, want %.15g", ci, n, i, got[i], ext[pad+i])
				}
			}
		}
	}
}
