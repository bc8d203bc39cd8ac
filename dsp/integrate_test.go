package dsp

import (
	"errors"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// TestIntegratorDisplacement double-integrates a 2.8 Hz sine acceleration
// of amplitude 12 m/s² with a constant bias through two Integrators and
// compares the displacement amplitude over the last 20 s of 60 s with A/ω²
// (≈ 38.8 mm); the tolerance is 2 %. The amplitude is (max − min)/2 for
// noise-free input and the least-squares 2.8 Hz sine fit when white noise
// is added (σ = 0.2 m/s², whose double integral wanders by millimetres near
// fc and would inflate max − min).
func TestIntegratorDisplacement(t *testing.T) {
	const a, f = 12.0, 2.8
	w := 2 * math.Pi * f
	want := a / (w * w)
	for _, tc := range []struct{ fs, fc, bias, noise float64 }{
		{100, 0.5, 0, 0},
		{100, 0.5, 0.5, 0},
		{100, 0.3, -2, 0},
		{208, 0.5, 9.80665, 0}, // gravity left in
		{60, 0.5, 0.5, 0},
		{100, 0.5, 0.5, 0.2},
		{208, 0.3, -1, 0.2},
	} {
		vel, err := NewIntegrator(tc.fs, tc.fc)
		if err != nil {
			t.Fatal(err)
		}
		pos, _ := NewIntegrator(tc.fs, tc.fc)
		rng := rand.New(rand.NewPCG(15, 0))
		lo, hi := math.Inf(1), math.Inf(-1)
		var ss, sc float64
		n := int(60 * tc.fs)
		m := int(20 * tc.fs) // 56 whole cycles
		for i := range n {
			ti := float64(i) / tc.fs
			x := a*math.Sin(w*ti) + tc.bias + tc.noise*rng.NormFloat64()
			p := pos.Process(vel.Process(x))
			if i >= n-m {
				lo, hi = math.Min(lo, p), math.Max(hi, p)
				ss += p * math.Sin(w*ti)
				sc += p * math.Cos(w*ti)
			}
		}
		got := math.Hypot(ss, sc) * 2 / float64(m)
		if tc.noise == 0 {
			got = (hi - lo) / 2
			if mid := (hi + lo) / 2; math.Abs(mid) > 0.02*want {
				t.Errorf("%+v: displacement centred on %.5f m, drift not controlled", tc, mid)
			}
		}
		if math.Abs(got/want-1) > 0.02 {
			t.Errorf("%+v: amplitude %.5f m, want %.5f m ± 2 %%", tc, got, want)
		}
	}
}

// TestIntegratorEquivalence checks the documented structure against a
// literal implementation: high-pass (primed on the first sample) →
// cumulative trapezoid from zero → high-pass; agreement within 1e-9 of the
// output scale.
func TestIntegratorEquivalence(t *testing.T) {
	const fs, fc = 100.0, 0.5
	x := randomSignal(16, 3000)
	in, _ := HighPass(2, fs, fc)
	out := in.Clone()
	in.Prime(x[0])
	var acc, prev, scale float64
	want := make([]float64, len(x))
	for i, v := range x {
		u := in.Process(v)
		acc += (prev + u) / (2 * fs)
		prev = u
		want[i] = out.Process(acc)
		scale = math.Max(scale, math.Abs(want[i]))
	}
	ig, _ := NewIntegrator(fs, fc)
	for i, v := range x {
		if got := ig.Process(v); math.Abs(got-want[i]) > 1e-9*scale {
			t.Fatalf("sample %d = %.12g, want %.12g", i, got, want[i])
		}
	}
	ig.Reset()
	for i, v := range x[:100] {
		if got := ig.Process(v); math.Abs(got-want[i]) > 1e-9*scale {
			t.Fatalf("after Reset: sample %d = %.12g, want %.12g", i, got, want[i])
		}
	}
}

// TestIntegratorBias: a constant input integrates to exactly 0 (primed),
// and a bias step decays instead of growing as b·t.
func TestIntegratorBias(t *testing.T) {
	ig, _ := NewIntegrator(100, 0.5)
	for i := range 1000 {
		if y := ig.Process(0.7); y != 0 {
			t.Fatalf("constant input: sample %d = %g", i, y)
		}
	}
	var y float64
	for range 3000 { // 30 s after a 0.3 m/s² step
		y = ig.Process(1.0)
	}
	if math.Abs(y) > 1e-6 {
		t.Errorf("30 s after a bias step: %g m/s", y)
	}
	if _, err := NewIntegrator(100, 0); !errors.Is(err, ErrCutoff) {
		t.Errorf("NewIntegrator(100, 0): %v", err)
	}
	if _, err := NewIntegrator(100, 50); !errors.Is(err, ErrCutoff) {
		t.Errorf("NewIntegrator(100, 50): %v", err)
	}
}

func TestDetrend(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 0))
	for _, n := range []int{0, 1, 2, 3, 10, 1001} {
		x := make([]float64, n)
		for i := range x {
			x[i] = 4.2 - 0.37*float64(i) + math.Sin(float64(i)) + 0.1*rng.NormFloat64()
		}
		Detrend(x)
		// The residual is orthogonal to 1 and i.
		var s0, s1, scale float64
		for i, v := range x {
			s0 += v
			s1 += float64(i) * v
			scale += math.Abs(v)
		}
		if math.Abs(s0) > 1e-9*(1+scale) || math.Abs(s1) > 1e-9*(1+scale)*float64(n) {
			t.Errorf("n=%d: Σr = %g, Σ i·r = %g", n, s0, s1)
		}
	}
	x := []float64{1, 3, 5, 7, 9}
	Detrend(x)
	for i, v := range x {
		if math.Abs(v) > 1e-14 {
			t.Errorf("line: sample %d = %g", i, v)
		}
	}
}

func TestRemoveMean(t *testing.T) {
	x := []float64{1, 2, 3, 6}
	if m := RemoveMean(x); m != 3 || x[0] != -2 || x[3] != 3 {
		t.Errorf("RemoveMean: %v, %v", m, x)
	}
	if m := RemoveMean(nil); m != 0 {
		t.Errorf("RemoveMean(nil) = %v", m)
	}
}

// TestCumTrapz: the trapezoidal rule is exact for a linear integrand,
// ∫(2 + 3t)dt = 2t + 1.5t² (tolerance 1e-12).
func TestCumTrapz(t *testing.T) {
	const fs = 50.0
	src := make([]float64, 200)
	for i := range src {
		src[i] = 2 + 3*float64(i)/fs
	}
	check := func(name string, y []float64) {
		t.Helper()
		for i, v := range y {
			ti := float64(i) / fs
			if want := 2*ti + 1.5*ti*ti; math.Abs(v-want) > 1e-12 {
				t.Fatalf("%s: sample %d = %.15g, want %.15g", name, i, v, want)
			}
		}
	}
	check("nil dst", CumTrapz(nil, src, fs))
	check("dst", CumTrapz(make([]float64, len(src)), src, fs))
	check("in place", CumTrapz(src, src, fs))
	if y := CumTrapz(nil, nil, fs); len(y) != 0 {
		t.Errorf("empty: %v", y)
	}
	if y := CumTrapz(nil, []float64{5}, fs); y[0] != 0 {
		t.Errorf("one sample: %v", y)
	}
	defer func() {
		if r := recover(); r != "dsp: destination length mismatch" {
			t.Errorf("recovered %v", r)
		}
	}()
	CumTrapz(make([]float64, 2), src, fs)
}

// TestIntegratorGain checks the gain stated on Integrator over the whole
// region it is claimed for: the realised response of the two sections at
// f equals |Hp(f)|²·(πf/fs)/tan(πf/fs)/(2πf) to 1e-9 relative (Hp the
// Butterworth high-pass by its closed form), and is 1/(2πf) within 1 % for
// every fc ≤ f/5 and f ≤ fs/25, here on a log grid of f from 5·fc to fs/25
// for rates from 25 Hz to 1 kHz and corners from 1e-3·fs down to 0.05 Hz.
// It also checks that the 1 % is not loose: at the corner of the region
// (f = 5·fc = fs/25) the error is above 0.5 %.
func TestIntegratorGain(t *testing.T) {
	var worst float64
	for _, fs := range []float64{25, 50, 60, 100, 208, 1000} {
		for _, fc := range []float64{0.05, 0.1, 0.3, 0.5, fs / 1000, fs / 125} {
			ig, err := NewIntegrator(fs, fc)
			if err != nil {
				t.Fatal(err)
			}
			fmax := fs / 25
			for i := 0; i <= 60; i++ {
				f := 5 * fc * math.Pow(fmax/(5*fc), float64(i)/60)
				if f > fmax || f < 5*fc {
					continue
				}
				zi := cmplx.Exp(complex(0, -2*math.Pi*f/fs))
				got := cmplx.Abs(ig.in.response(zi) * ig.out.response(zi))
				r := math.Tan(math.Pi*fc/fs) / math.Tan(math.Pi*f/fs)
				hp2 := 1 / (1 + r*r*r*r)
				x := math.Pi * f / fs
				want := hp2 * x / math.Tan(x) / (2 * math.Pi * f)
				if math.Abs(got/want-1) > 1e-9 {
					t.Errorf("fs %g fc %g: |H(%g Hz)| = %.12g, doc formula %.12g", fs, fc, f, got, want)
				}
				e := math.Abs(got*2*math.Pi*f - 1)
				worst = math.Max(worst, e)
				if e > 0.01 {
					t.Errorf("fs %g fc %g: |H(%g Hz)|·2πf = %.6f, not within 1 %% of 1", fs, fc, f, got*2*math.Pi*f)
				}
			}
		}
	}
	if worst < 0.005 {
		t.Errorf("worst gain error %.4f: the region's 1 %% claim was not approached", worst)
	}
	t.Logf("worst |gain·2πf − 1| in the claimed region: %.4f", worst)
}
