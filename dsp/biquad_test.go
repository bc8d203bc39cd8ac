package dsp

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// Reference coefficients for order-2 sections. The closed forms, with
// K = tan(π·fc/fs), n = 1/(1 + √2·K + K²), are
//
//	low-pass:  b = K²·n·[1, 2, 1],  a = [1, 2(K²−1)·n, (1 − √2·K + K²)·n]
//	high-pass: b = n·[1, −2, 1],    a as for the low-pass
//
// and for the band-pass of prototype order 1 (a single biquad), with
// Wlo = tan(π·lo/fs), Whi = tan(π·hi/fs), ω0² = Wlo·Whi, B = Whi − Wlo,
// H(s) = B·s/(s² + B·s + ω0²) and s = (1 − z⁻¹)/(1 + z⁻¹):
//
//	b = [B, 0, −B]/d,  a = [1, 2(ω0² − 1)/d, (ω0² − B + 1)/d],  d = ω0² + B + 1.
//
// The literal rows are scipy.signal.butter(2, 0.2, output='ba') and
// butter(2, 0.2, 'highpass', output='ba') (fs = 2, fc = 0.2), as printed in
// scipy's documentation and examples, rounded to 8 digits; scipy itself is
// not a test dependency.
func TestOrder2Coefficients(t *testing.T) {
	lp := func(fs, fc float64) Biquad {
		k := math.Tan(math.Pi * fc / fs)
		n := 1 / (1 + math.Sqrt2*k + k*k)
		return Biquad{B0: k * k * n, B1: 2 * k * k * n, B2: k * k * n,
			A1: 2 * (k*k - 1) * n, A2: (1 - math.Sqrt2*k + k*k) * n}
	}
	hp := func(fs, fc float64) Biquad {
		k := math.Tan(math.Pi * fc / fs)
		n := 1 / (1 + math.Sqrt2*k + k*k)
		return Biquad{B0: n, B1: -2 * n, B2: n,
			A1: 2 * (k*k - 1) * n, A2: (1 - math.Sqrt2*k + k*k) * n}
	}
	bp := func(fs, lo, hi float64) Biquad {
		wl, wh := math.Tan(math.Pi*lo/fs), math.Tan(math.Pi*hi/fs)
		w0, b := wl*wh, wh-wl
		d := w0 + b + 1
		return Biquad{B0: b / d, B1: 0, B2: -b / d, A1: 2 * (w0 - 1) / d, A2: (w0 - b + 1) / d}
	}
	tests := []struct {
		name string
		got  func() (*Cascade, error)
		want Biquad
		tol  float64
	}{
		{"scipy butter(2,0.2) low", func() (*Cascade, error) { return LowPass(2, 2, 0.2) },
			Biquad{B0: 0.06745527, B1: 0.13491055, B2: 0.06745527, A1: -1.1429805, A2: 0.4128016}, 1e-8},
		{"scipy butter(2,0.2) high", func() (*Cascade, error) { return HighPass(2, 2, 0.2) },
			Biquad{B0: 0.63894553, B1: -1.27789105, B2: 0.63894553, A1: -1.1429805, A2: 0.4128016}, 1e-8},
		{"low 100/10", func() (*Cascade, error) { return LowPass(2, 100, 10) }, lp(100, 10), 1e-15},
		{"low 200/20", func() (*Cascade, error) { return LowPass(2, 200, 20) }, lp(200, 20), 1e-15},
		{"low 100/0.5", func() (*Cascade, error) { return LowPass(2, 100, 0.5) }, lp(100, 0.5), 1e-15},
		{"low 50/24", func() (*Cascade, error) { return LowPass(2, 50, 24) }, lp(50, 24), 1e-14},
		{"high 100/0.5", func() (*Cascade, error) { return HighPass(2, 100, 0.5) }, hp(100, 0.5), 1e-15},
		{"high 208/1", func() (*Cascade, error) { return HighPass(2, 208, 1) }, hp(208, 1), 1e-15},
		{"high 100/30", func() (*Cascade, error) { return HighPass(2, 100, 30) }, hp(100, 30), 1e-14},
		{"band 100/0.25-7", func() (*Cascade, error) { return BandPass(1, 100, 0.25, 7) }, bp(100, 0.25, 7), 1e-15},
		{"band 200/5-40", func() (*Cascade, error) { return BandPass(1, 200, 5, 40) }, bp(200, 5, 40), 1e-15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.got()
			if err != nil {
				t.Fatal(err)
			}
			s := c.Sections()
			if len(s) != 1 {
				t.Fatalf("got %d sections, want 1", len(s))
			}
			got := []float64{s[0].B0, s[0].B1, s[0].B2, s[0].A1, s[0].A2}
			want := []float64{tt.want.B0, tt.want.B1, tt.want.B2, tt.want.A1, tt.want.A2}
			for i := range got {
				if math.Abs(got[i]-want[i]) > tt.tol {
					t.Errorf("coefficient %d = %.17g, want %.17g (tol %g)", i, got[i], want[i], tt.tol)
				}
			}
		})
	}
}

type design struct {
	name  string
	kind  kind
	order int
	fs    float64
	lo    float64 // cut-off for low/high-pass
	hi    float64
}

func (d design) build() (*Cascade, error) {
	switch d.kind {
	case kindLow:
		return LowPass(d.order, d.fs, d.lo)
	case kindHigh:
		return HighPass(d.order, d.fs, d.lo)
	}
	return BandPass(d.order, d.fs, d.lo, d.hi)
}

// mag2 is the ideal Butterworth |H(f)|² after the bilinear transform with
// pre-warping, derived from the analog prototype 1/(1 + Ω^(2n)).
func (d design) mag2(f float64) float64 {
	w := math.Tan(math.Pi * f / d.fs)
	wl := math.Tan(math.Pi * d.lo / d.fs)
	var omega float64
	switch d.kind {
	case kindLow:
		omega = w / wl
	case kindHigh:
		omega = wl / w
	case kindBand:
		wh := math.Tan(math.Pi * d.hi / d.fs)
		omega = (w*w - wl*wh) / (w * (wh - wl))
	}
	return 1 / (1 + math.Pow(omega*omega, float64(d.order)))
}

func (d design) centre() float64 {
	wl := math.Tan(math.Pi * d.lo / d.fs)
	wh := math.Tan(math.Pi * d.hi / d.fs)
	return d.fs / math.Pi * math.Atan(math.Sqrt(wl*wh))
}

func designs() []design {
	var ds []design
	for n := 1; n <= 10; n++ {
		ds = append(ds,
			design{"low", kindLow, n, 100, 10, 0},
			design{"low-slow", kindLow, n, 208, 0.5, 0},
			design{"low-fast", kindLow, n, 50, 22, 0},
			design{"high", kindHigh, n, 100, 1, 0},
			design{"high-fast", kindHigh, n, 100, 40, 0},
		)
	}
	for n := 1; n <= 6; n++ {
		ds = append(ds,
			design{"band", kindBand, n, 100, 0.25, 7},
			design{"band-narrow", kindBand, n, 100, 2.5, 3.1},
			design{"band-wide", kindBand, n, 200, 0.1, 90},
		)
	}
	return ds
}

func (d design) String() string {
	return fmt.Sprintf("%s/order%d", d.name, d.order)
}

// TestMagnitude checks |H(f)|² against the analog Butterworth response at
// the pre-warped frequency on a grid of 200 frequencies, and the landmark
// gains: LP |H(0)| = 1, |H(fc)| = 1/√2, |H(fs/2)| = 0; HP the mirror; BP
// H(centre) = 1 (zero phase), |H(lo)| = |H(hi)| = 1/√2, |H(0)| = |H(fs/2)| = 0.
func TestMagnitude(t *testing.T) {
	const tol = 1e-9
	for _, d := range designs() {
		t.Run(d.String(), func(t *testing.T) {
			c, err := d.build()
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < 200; i++ {
				f := d.fs / 2 * float64(i) / 200
				got := sq(cmplx.Abs(c.Response(f)))
				if want := d.mag2(f); math.Abs(got-want) > tol {
					t.Errorf("|H(%g)|² = %.12g, want %.12g", f, got, want)
				}
			}
			check := func(what string, f, want float64) {
				t.Helper()
				if got := cmplx.Abs(c.Response(f)); math.Abs(got-want) > tol {
					t.Errorf("%s: |H(%g)| = %.15g, want %.15g", what, f, got, want)
				}
			}
			switch d.kind {
			case kindLow:
				check("DC", 0, 1)
				check("cut-off", d.lo, 1/math.Sqrt2)
				check("Nyquist", d.fs/2, 0)
				if h := c.Response(0); math.Abs(imag(h)) > tol || real(h) < 0 {
					t.Errorf("H(0) = %v, want +1", h)
				}
			case kindHigh:
				check("DC", 0, 0)
				check("cut-off", d.lo, 1/math.Sqrt2)
				check("Nyquist", d.fs/2, 1)
			case kindBand:
				check("DC", 0, 0)
				check("lower edge", d.lo, 1/math.Sqrt2)
				check("upper edge", d.hi, 1/math.Sqrt2)
				check("Nyquist", d.fs/2, 0)
				if h := c.Response(d.centre()); cmplx.Abs(h-1) > tol {
					t.Errorf("H(centre %g) = %v, want 1", d.centre(), h)
				}
			}
		})
	}
}

// TestPoles checks the pole count (order for LP/HP, 2·order for BP), the
// number of sections, stability (all poles strictly inside the unit circle)
// and scipy's ordering (pole radius non-decreasing).
func TestPoles(t *testing.T) {
	for _, d := range designs() {
		c, err := d.build()
		if err != nil {
			t.Fatal(err)
		}
		poles, prev := 0, 0.0
		for i, s := range c.Sections() {
			var r float64
			if s.A2 == 0 && s.B2 == 0 {
				poles++
				r = math.Abs(s.A1)
			} else {
				poles += 2
				// Roots of z² + a1·z + a2.
				disc := complex(s.A1*s.A1-4*s.A2, 0)
				q1 := (complex(-s.A1, 0) + cmplx.Sqrt(disc)) / 2
				q2 := (complex(-s.A1, 0) - cmplx.Sqrt(disc)) / 2
				r = math.Max(cmplx.Abs(q1), cmplx.Abs(q2))
			}
			if !(r < 1) {
				t.Errorf("%v: section %d pole radius %g, unstable", d, i, r)
			}
			if r < prev-1e-12 {
				t.Errorf("%v: section %d pole radius %g after %g", d, i, r, prev)
			}
			prev = r
		}
		want := d.order
		if d.kind == kindBand {
			want *= 2
		}
		if poles != want {
			t.Errorf("%v: %d poles, want %d", d, poles, want)
		}
		if ns := len(c.Sections()); ns != (want+1)/2 {
			t.Errorf("%v: %d sections, want %d", d, ns, (want+1)/2)
		}
	}
}

func TestDesignErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func() (*Cascade, error)
		want error
	}{
		{"low order 0", func() (*Cascade, error) { return LowPass(0, 100, 10) }, ErrOrder},
		{"high order -1", func() (*Cascade, error) { return HighPass(-1, 100, 10) }, ErrOrder},
		{"band order 0", func() (*Cascade, error) { return BandPass(0, 100, 1, 10) }, ErrOrder},
		{"low fc 0", func() (*Cascade, error) { return LowPass(2, 100, 0) }, ErrCutoff},
		{"low fc negative", func() (*Cascade, error) { return LowPass(2, 100, -1) }, ErrCutoff},
		{"low fc Nyquist", func() (*Cascade, error) { return LowPass(2, 100, 50) }, ErrCutoff},
		{"low fc NaN", func() (*Cascade, error) { return LowPass(2, 100, math.NaN()) }, ErrCutoff},
		{"low fs 0", func() (*Cascade, error) { return LowPass(2, 0, 10) }, ErrCutoff},
		{"low fs Inf", func() (*Cascade, error) { return LowPass(2, math.Inf(1), 10) }, ErrCutoff},
		{"high fc above Nyquist", func() (*Cascade, error) { return HighPass(2, 100, 60) }, ErrCutoff},
		{"band reversed", func() (*Cascade, error) { return BandPass(2, 100, 10, 1) }, ErrCutoff},
		{"band empty", func() (*Cascade, error) { return BandPass(2, 100, 5, 5) }, ErrCutoff},
		{"band hi Nyquist", func() (*Cascade, error) { return BandPass(2, 100, 5, 50) }, ErrCutoff},
		{"band lo 0", func() (*Cascade, error) { return BandPass(2, 100, 0, 5) }, ErrCutoff},
	}
	for _, tt := range tests {
		c, err := tt.f()
		if !errors.Is(err, tt.want) || c != nil {
			t.Errorf("%s: got (%v, %v), want error %v", tt.name, c, err, tt.want)
		}
	}
}

func randomSignal(seed uint64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([]float64, n)
	for i := range x {
		x[i] = 9.8 + 3*math.Sin(2*math.Pi*2.8*float64(i)/100) + rng.NormFloat64()
	}
	return x
}

// TestChunkInvariance feeds a signal whole and in chunks of 1, 2, 7 and 64
// samples; the outputs must be bit-identical (crc32 TestGolden style).
func TestChunkInvariance(t *testing.T) {
	x := randomSignal(1, 1000)
	for _, d := range []design{
		{"low", kindLow, 4, 100, 10, 0},
		{"high", kindHigh, 3, 100, 0.5, 0},
		{"band", kindBand, 2, 100, 0.25, 7},
	} {
		proto, err := d.build()
		if err != nil {
			t.Fatal(err)
		}
		whole := proto.Clone().ProcessBlock(nil, x)
		for _, chunk := range []int{1, 2, 7, 64, len(x)} {
			c := proto.Clone()
			got := make([]float64, 0, len(x))
			for i := 0; i < len(x); i += chunk {
				src := x[i:min(i+chunk, len(x))]
				got = append(got, c.ProcessBlock(make([]float64, len(src)), src)...)
			}
			for i := range whole {
				if math.Float64bits(got[i]) != math.Float64bits(whole[i]) {
					t.Fatalf("%v chunk %d: sample %d = %v, want %v", d, chunk, i, got[i], whole[i])
				}
			}
		}
		// In place and sample by sample agree too.
		inPlace := append([]float64(nil), x...)
		proto.Clone().ProcessBlock(inPlace, inPlace)
		c := proto.Clone()
		for i := range x {
			if y := c.Process(x[i]); y != whole[i] || inPlace[i] != whole[i] {
				t.Fatalf("%v: sample %d differs: Process %v, in place %v, block %v", d, i, y, inPlace[i], whole[i])
			}
		}
	}
}

func TestProcessBlockLengthMismatch(t *testing.T) {
	defer func() {
		if r := recover(); r != "dsp: destination length mismatch" {
			t.Errorf("recovered %v", r)
		}
	}()
	c, _ := LowPass(2, 100, 10)
	c.ProcessBlock(make([]float64, 3), make([]float64, 4))
}

// TestPrime checks that a primed filter fed the same constant has no
// transient: the output is H(0)·x from the first sample on. The tolerance,
// 1e-10 relative to x, allows for rounding: the fixed point of the
// floating-point recursion differs from the exact steady state by the
// rounding error of one step divided by 1 + a1 + a2, ≈ 1e-12 relative for a
// 0.5 Hz low-pass at 208 Hz. A transient would be of order 1.
func TestPrime(t *testing.T) {
	const x = 9.80665
	for _, d := range designs() {
		c, err := d.build()
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		if d.kind == kindLow {
			want = x
		}
		c.Process(123) // state that Prime must overwrite
		c.Prime(x)
		for i := range 500 {
			if y := c.Process(x); math.Abs(y-want) > 1e-10*x {
				t.Fatalf("%v: sample %d = %.17g, want %g", d, i, y, want)
			}
		}
	}
}

func TestResetAndClone(t *testing.T) {
	c, _ := BandPass(2, 100, 0.25, 7)
	x := randomSignal(2, 300)
	ref := c.Clone().ProcessBlock(nil, x)

	c.ProcessBlock(nil, x[:100])
	d := c.Clone() // fresh state even though c has state
	c.Reset()
	a := c.ProcessBlock(nil, x)
	b := d.ProcessBlock(nil, x)
	for i := range ref {
		if a[i] != ref[i] || b[i] != ref[i] {
			t.Fatalf("sample %d: after Reset %v, clone %v, want %v", i, a[i], b[i], ref[i])
		}
	}
	if d.SampleRate() != 100 {
		t.Errorf("clone sample rate %v", d.SampleRate())
	}

	var zero Cascade
	if zero.Process(1.5) != 1.5 || zero.Response(3) != 1 || zero.GroupDelay(3) != 0 {
		t.Error("zero Cascade is not the identity")
	}
}

// TestGroupDelay compares GroupDelay with a numerical derivative of the
// unwrapped phase of Response (central difference, step 1e-4 Hz; tolerance
// 1e-7 s), checks a one-sample delay exactly and the limits at zeros on the
// unit circle.
func TestGroupDelay(t *testing.T) {
	delay := &Cascade{fs: 50, sections: []Biquad{{B1: 1}}}
	for _, f := range []float64{0, 1, 12.5, 25} {
		if got := delay.GroupDelay(f); math.Abs(got-1.0/50) > 1e-15 {
			t.Errorf("unit delay: GroupDelay(%g) = %g, want 0.02", f, got)
		}
	}
	for _, d := range []design{
		{"low", kindLow, 4, 100, 10, 0},
		{"low", kindLow, 3, 100, 10, 0},
		{"high", kindHigh, 2, 100, 1, 0},
		{"band", kindBand, 2, 100, 0.25, 7},
	} {
		c, _ := d.build()
		for _, f := range []float64{0.05, 0.3, 1, 2.8, 7, 10, 20, 45} {
			const h = 1e-4
			num := -cmplx.Phase(c.Response(f+h)/c.Response(f-h)) / (2 * math.Pi * 2 * h)
			if got := c.GroupDelay(f); math.Abs(got-num) > 1e-7 {
				t.Errorf("%v: GroupDelay(%g) = %.10g, numerical %.10g", d, f, got, num)
			}
		}
	}
	// Limits at zeros on the unit circle: finite and equal to the value just
	// beside them.
	lp, _ := LowPass(3, 100, 10)
	hp, _ := HighPass(3, 100, 1)
	for _, tc := range []struct {
		c    *Cascade
		f, g float64
	}{{lp, 50, 50 - 1e-3}, {hp, 0, 1e-3}} {
		got, near := tc.c.GroupDelay(tc.f), tc.c.GroupDelay(tc.g)
		if math.IsNaN(got) || math.Abs(got-near) > 1e-6 {
			t.Errorf("GroupDelay(%g) = %g, at %g: %g", tc.f, got, tc.g, near)
		}
	}
}

func sq(x float64) float64 { return x * x }

// TestGroupDelayLowCutoff: a pole pair close to z = 1 (a very low cut-off)
// is not a double root. The check for one took any discriminant within
// 1e-12·p1² of zero, negative ones too, and gave twice the delay at DC for
// fc/fs below ≈ 2e-7 (order 2) to 1e-6 (order 10). Reference: the
// analogue Butterworth's DC delay, 1/(sin(π/2n)·Ωc) with the prewarped
// Ωc = 2fs·tan(π·fc/fs), which the bilinear transform keeps at DC.
func TestGroupDelayLowCutoff(t *testing.T) {
	for _, order := range []int{2, 4, 10} {
		for _, fc := range []float64{1e-5, 1e-4, 1e-3, 0.1} {
			const fs = 100.0
			c, err := LowPass(order, fs, fc)
			if err != nil {
				t.Fatal(err)
			}
			want := 1 / (math.Sin(math.Pi/float64(2*order)) * 2 * fs * math.Tan(math.Pi*fc/fs))
			if got := c.GroupDelay(0); math.Abs(got/want-1) > 1e-3 {
				t.Errorf("LowPass(%d, %g, %g).GroupDelay(0) = %.6g s, want %.6g s", order, fs, fc, got, want)
			}
		}
	}
}

// TestGroupDelayNearZeros: GroupDelay is continuous at the zeros on the
// unit circle (z = −1 of a low-pass, z = 1 of a high-pass). Each such zero
// contributes ½ sample at every frequency; evaluated next to it, 1 − r·z⁻¹
// lost its real part to cancellation and the value jumped by ½ sample per
// zero (1.5 samples for a third-order low-pass 1e-7 Hz below Nyquist).
func TestGroupDelayNearZeros(t *testing.T) {
	lp, _ := LowPass(3, 100, 10)
	hp, _ := HighPass(2, 100, 0.5)
	for _, tc := range []struct {
		name   string
		c      *Cascade
		f0, df float64
	}{{"LowPass(3, 100, 10) below 50 Hz", lp, 50, -1}, {"HighPass(2, 100, 0.5) above 0 Hz", hp, 0, 1}} {
		ref := tc.c.GroupDelay(tc.f0)
		for _, d := range []float64{1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9} {
			if e := (tc.c.GroupDelay(tc.f0+tc.df*d) - ref) * tc.c.SampleRate(); math.Abs(e) > 1e-3 {
				t.Errorf("%s: GroupDelay(%g) − GroupDelay(%g) = %+.4f samples", tc.name, tc.f0+tc.df*d, tc.f0, e)
			}
		}
	}
}

// TestDesignErrorNames: a low- or high-pass error names its cut-off, not a
// band (a NaN cut-off read "band NaN–NaN Hz"), and the integrator's says
// which filter once.
func TestDesignErrorNames(t *testing.T) {
	_, err := LowPass(2, 100, math.NaN())
	if err == nil || !errors.Is(err, ErrCutoff) || err.Error() != "dsp: low-pass cut-off NaN Hz at fs 100 Hz: "+ErrCutoff.Error() {
		t.Errorf("LowPass(2, 100, NaN): %v", err)
	}
	// a reversed or empty band has both edges in range: the message says
	// what is wrong instead of only "out of range"
	for _, e := range [][2]float64{{10, 1}, {5, 5}} {
		_, err = BandPass(2, 100, e[0], e[1])
		want := fmt.Sprintf("dsp: band-pass band %g–%g Hz at fs 100 Hz: lower edge not below upper edge: %v", e[0], e[1], ErrCutoff)
		if !errors.Is(err, ErrCutoff) || err.Error() != want {
			t.Errorf("BandPass(2, 100, %g, %g): %v", e[0], e[1], err)
		}
	}
	_, err = NewIntegrator(100, 60)
	if err == nil || !errors.Is(err, ErrCutoff) || err.Error() != "dsp: integrator high-pass cut-off 60 Hz at fs 100 Hz: "+ErrCutoff.Error() {
		t.Errorf("NewIntegrator(100, 60): %v", err)
	}
}

// TestScaleState: after ScaleState(r), a cascade fed r·x goes on exactly
// as r times the same cascade fed x without it (to rounding).
func TestScaleState(t *testing.T) {
	a, err := LowPass(4, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	b := a.Clone()
	x := func(i int) float64 { return 1 + 0.5*math.Sin(0.3*float64(i)) + 0.2*math.Sin(1.7*float64(i)) }
	for i := range 200 {
		a.Process(x(i))
		b.Process(x(i))
	}
	const r = 1.37
	b.ScaleState(r)
	for i := 200; i < 400; i++ {
		ya, yb := a.Process(x(i)), b.Process(r*x(i))
		if math.Abs(yb-r*ya) > 1e-12 {
			t.Fatalf("sample %d: %v, want %v", i, yb, r*ya)
		}
	}
}

// TestCopyState: a clone given a cascade's state with CopyState goes on
// bit for bit as the cascade does, from any point, while the cascade's own
// output is untouched; designs of other orders are refused.
func TestCopyState(t *testing.T) {
	x := randomSignal(4, 600)
	for _, order := range []int{1, 2, 5} {
		a, err := LowPass(order, 100, 3)
		if err != nil {
			t.Fatal(err)
		}
		ref := a.Clone().ProcessBlock(nil, x)
		snap := a.Clone()
		for i, v := range x[:300] {
			if y := a.Process(v); y != ref[i] {
				t.Fatalf("order %d, sample %d: %v, want %v", order, i, y, ref[i])
			}
		}
		snap.CopyState(a)
		for i := 300; i < len(x); i++ {
			if y := snap.Process(x[i]); y != ref[i] {
				t.Fatalf("order %d: the copy at sample %d: %v, want %v", order, i, y, ref[i])
			}
		}
		for i := 300; i < len(x); i++ {
			if y := a.Process(x[i]); y != ref[i] {
				t.Fatalf("order %d: the original at sample %d: %v, want %v", order, i, y, ref[i])
			}
		}
	}
	a, _ := LowPass(2, 100, 3)
	b, _ := LowPass(4, 100, 3)
	defer func() {
		if r := recover(); r != "dsp: CopyState of another design" {
			t.Errorf("CopyState of a 4th-order design into a 2nd-order one: %v", r)
		}
	}()
	a.CopyState(b)
}

// TestChunkInvarianceRandom feeds every kind at orders 1–8 in random chunk
// sizes (0 to 97 samples, a new split per design), mixing ProcessBlock
// into a fresh slice, ProcessBlock in place and Process; the output must
// equal Process sample by sample bit for bit.
func TestChunkInvarianceRandom(t *testing.T) {
	x := randomSignal(2, 2000)
	rng := rand.New(rand.NewPCG(3, 0))
	for order := 1; order <= 8; order++ {
		for _, d := range []design{
			{"low", kindLow, order, 100, 7, 0},
			{"high", kindHigh, order, 100, 0.5, 0},
			{"band", kindBand, order, 100, 0.5, 12},
		} {
			proto, err := d.build()
			if err != nil {
				t.Fatal(err)
			}
			want := proto.Clone()
			ref := make([]float64, len(x))
			for i, v := range x {
				ref[i] = want.Process(v)
			}
			c := proto.Clone()
			got := make([]float64, 0, len(x))
			for i := 0; i < len(x); {
				n := min(rng.IntN(98), len(x)-i)
				src := x[i : i+n]
				switch rng.IntN(3) {
				case 0:
					got = append(got, c.ProcessBlock(nil, src)...)
				case 1:
					buf := append([]float64(nil), src...)
					got = append(got, c.ProcessBlock(buf, buf)...)
				default:
					for _, v := range src {
						got = append(got, c.Process(v))
					}
				}
				i += n
			}
			for i := range ref {
				if math.Float64bits(got[i]) != math.Float64bits(ref[i]) {
					t.Fatalf("%v: sample %d = %v, want %v", d, i, got[i], ref[i])
				}
			}
		}
	}
}

// TestGroupDelayPoleNearCircle: a pole within 1e-12 of the unit circle is
// still a pole inside it. GroupDelay took any root that near the circle
// for one of the designed zeros on it (½ sample at every frequency), the
// poles too, and returned 0 s at DC for a first-order low-pass with fc/fs
// under ≈ 1.6e-13 and at the centre of a first-order band-pass 1e-11 Hz
// wide at 100 Hz, where the delay is 10¹⁰ s and more. References: the
// realised first-order section's DC delay, ½ + r/(1 − r) samples with
// r = −a1 (exact: 1 + a1 is), and the band-pass's analogue centre delay
// 2/B carried through the bilinear transform, (1 + W0²)/B samples.
func TestGroupDelayPoleNearCircle(t *testing.T) {
	const fs = 100.0
	for _, fc := range []float64{1e-6, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13} {
		c, err := LowPass(1, fs, fc)
		if err != nil {
			t.Fatalf("LowPass(1, %g, %g): %v", fs, fc, err)
		}
		s := c.sections[0]
		want := (0.5 + -s.A1/(1+s.A1)) / fs
		if got := c.GroupDelay(0); !(math.Abs(got/want-1) < 1e-9) {
			t.Errorf("LowPass(1, %g, %g).GroupDelay(0) = %.6g s, want %.6g s", fs, fc, got, want)
		}
	}
	for _, bw := range []float64{1e-6, 1e-9, 1e-10, 1e-11} {
		const lo = 10.0
		c, err := BandPass(1, fs, lo, lo+bw)
		if err != nil {
			t.Fatalf("BandPass(1, %g, %g, %g): %v", fs, lo, lo+bw, err)
		}
		wlo, whi := math.Tan(math.Pi*lo/fs), math.Tan(math.Pi*(lo+bw)/fs)
		f0 := fs / math.Pi * math.Atan(math.Sqrt(wlo*whi))
		want := (1 + wlo*whi) / (whi - wlo) / fs
		if got := c.GroupDelay(f0); !(math.Abs(got/want-1) < 1e-2) {
			t.Errorf("BandPass(1, %g, %g, %g).GroupDelay(%g) = %.6g s, want %.6g s", fs, lo, lo+bw, f0, got, want)
		}
	}
}

// TestProcessOne: ProcessOne is Process bit for bit on every one-section
// design (second-order low- and high-pass, first-order band-pass), through
// Prime, ScaleState and Reset, and panics on a cascade of another length.
func TestProcessOne(t *testing.T) {
	lp, _ := LowPass(2, 100, 20)
	hp, _ := HighPass(2, 143, 15)
	bp, _ := BandPass(1, 100, 2, 10)
	x := randomSignal(31, 500)
	for ci, c := range []*Cascade{lp, hp, bp} {
		a, b := c.Clone(), c.Clone()
		a.Prime(x[0])
		b.Prime(x[0])
		for i, v := range x {
			switch i {
			case 100:
				a.ScaleState(0.7)
				b.ScaleState(0.7)
			case 300:
				a.Reset()
				b.Reset()
			}
			if got, want := a.ProcessOne(v), b.Process(v); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("design %d, sample %d: ProcessOne %v, Process %v", ci, i, got, want)
			}
		}
	}
	lp4, _ := LowPass(4, 100, 20)
	for _, c := range []*Cascade{{}, lp4} {
		func() {
			defer func() {
				if r := recover(); r != "dsp: ProcessOne of a cascade not of one section" {
					t.Errorf("%d sections: recovered %v", len(c.sections), r)
				}
			}()
			c.ProcessOne(1)
		}()
	}
}
