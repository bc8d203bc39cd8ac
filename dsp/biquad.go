package dsp

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sort"
)

// Errors returned by the filter constructors; they are wrapped with the
// offending values, so test them with errors.Is.
var (
	// ErrCutoff reports a cut-off frequency outside (0, fs/2), a band whose
	// lower edge is not below its upper edge, a sample rate that is not
	// positive and finite, or a cut-off inside (0, fs/2) so near 0 or fs/2
	// that float64 sections cannot hold the filter: a pole rounds onto the
	// unit circle or the gain to 0. For orders from 2 that is within about
	// 1.5e-9·fs of 0 or of fs/2 (scipy's rows have a pole at z = ±1 there
	// too); for order 1 within a few units in the last place.
	ErrCutoff = errors.New("cut-off frequency out of range (0, fs/2)")
	// ErrOrder reports a filter order below 1.
	ErrOrder = errors.New("filter order must be at least 1")
)

// Biquad is one second-order IIR section, transposed direct form II:
//
//	y  = b0·x + z1
//	z1 = b1·x − a1·y + z2
//	z2 = b2·x − a2·y
//
// so that H(z) = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²). A
// first-order section has B2 = A2 = 0. The zero Biquad outputs 0.
//
// A Biquad keeps its own delay state (z1, z2); use one per signal channel.
// Copying a Biquad copies its state.
type Biquad struct {
	B0, B1, B2, A1, A2 float64

	z1, z2 float64
}

// Process filters one sample and returns the output sample.
func (f *Biquad) Process(x float64) float64 {
	y := f.B0*x + f.z1
	// b1·x + z2 does not wait for y: the chain from one output to the
	// next is one multiply and two adds
	f.z1 = (f.B1*x + f.z2) - f.A1*y
	f.z2 = f.B2*x - f.A2*y
	return y
}

// Reset clears the delay state, as if the input had been 0 forever.
func (f *Biquad) Reset() { f.z1, f.z2 = 0, 0 }

// dcGain returns H(1) = (b0+b1+b2)/(1+a1+a2).
func (f *Biquad) dcGain() float64 {
	return (f.B0 + f.B1 + f.B2) / (1 + f.A1 + f.A2)
}

// prime sets the state to the steady state for the constant input x and
// returns the corresponding constant output.
func (f *Biquad) prime(x float64) float64 {
	y := f.dcGain() * x
	f.z2 = f.B2*x - f.A2*y
	f.z1 = f.B1*x - f.A1*y + f.z2
	return y
}

// response returns H(z) at z⁻¹ = zi.
func (f *Biquad) response(zi complex128) complex128 {
	num := complex(f.B0, 0) + zi*(complex(f.B1, 0)+zi*complex(f.B2, 0))
	den := 1 + zi*(complex(f.A1, 0)+zi*complex(f.A2, 0))
	return num / den
}

// Cascade is a chain of biquads, the output of each feeding the next: a
// designed filter with H(z) = ∏ Hₖ(z). Build one with LowPass, HighPass or
// BandPass. It carries the sample rate it was designed for.
//
// A Cascade keeps delay state; use one per signal channel and Clone it for
// the others (Clone copies the coefficients with fresh state). The zero
// Cascade passes its input through unchanged.
type Cascade struct {
	fs       float64
	sections []Biquad
}

// Process filters one sample through every section and returns the output.
// It does not allocate.
func (c *Cascade) Process(x float64) float64 {
	s := c.sections
	for i := range s {
		x = s[i].Process(x)
	}
	return x
}

// ProcessOne is Process for a cascade of exactly one section (every
// second-order design: LowPass(2, …), HighPass(2, …), BandPass(1, …)),
// bit for bit, without the loop over the sections: for a filter run once a
// sample on a hot path. It panics with "dsp: ProcessOne of a cascade not of
// one section" otherwise.
func (c *Cascade) ProcessOne(x float64) float64 {
	if len(c.sections) != 1 {
		panic("dsp: ProcessOne of a cascade not of one section")
	}
	return c.sections[0].Process(x)
}

// ProcessBlock filters src sample by sample into dst and returns dst,
// continuing from the current state; the result is identical however a
// signal is split into blocks. If dst is nil a new slice is allocated;
// otherwise len(dst) must equal len(src) (it panics with "dsp: destination
// length mismatch"). dst may be src (in-place filtering).
func (c *Cascade) ProcessBlock(dst, src []float64) []float64 {
	dst = destination(dst, len(src))
	for i, x := range src {
		dst[i] = c.Process(x)
	}
	return dst
}

// Reset clears the state of every section, as if the input had been 0
// forever.
func (c *Cascade) Reset() {
	for i := range c.sections {
		c.sections[i].Reset()
	}
}

// Prime sets the state to the steady state for the constant input x, as if
// x had been applied forever: feeding x afterwards produces the constant
// output H(1)·x with no start-up transient. Use it on the first sample of a
// stream and after a gap instead of Reset. For a high-pass or band-pass
// filter H(1) = 0, so the output starts at 0.
func (c *Cascade) Prime(x float64) {
	for i := range c.sections {
		x = c.sections[i].prime(x)
	}
}

// ScaleState multiplies the state of every section by r, as if every
// input so far had been r times what it was: the filter is linear, so the
// output goes on as that input's would. For a stream whose gain changes
// (a rescaled channel) without a step in the output.
func (c *Cascade) ScaleState(r float64) {
	for i := range c.sections {
		c.sections[i].z1 *= r
		c.sections[i].z2 *= r
	}
}

// CopyState sets c's delay state to src's, so that c goes on as src
// would: a snapshot to filter from again. c and src must be of one design
// (one a Clone of the other); it panics with "dsp: CopyState of another
// design" when their numbers of sections differ. It does not allocate.
func (c *Cascade) CopyState(src *Cascade) {
	if len(c.sections) != len(src.sections) {
		panic("dsp: CopyState of another design")
	}
	for i := range c.sections {
		c.sections[i].z1, c.sections[i].z2 = src.sections[i].z1, src.sections[i].z2
	}
}

// Clone returns a copy of c with the same coefficients and sample rate and a
// cleared state.
func (c *Cascade) Clone() *Cascade {
	n := &Cascade{fs: c.fs, sections: make([]Biquad, len(c.sections))}
	for i, s := range c.sections {
		n.sections[i] = Biquad{B0: s.B0, B1: s.B1, B2: s.B2, A1: s.A1, A2: s.A2}
	}
	return n
}

// Sections returns a copy of the sections, first applied first, with
// cleared state. The overall response is that of scipy.signal.butter(…,
// output='sos'), and so are the denominators (a1, a2) row by row, in
// scipy's order. The numerators differ: the gain is spread so that each
// section has unit gain at the reference frequency (DC, Nyquist or the band
// centre) instead of being held by the first section, and the zeros are
// not always paired with the same poles. For even-order low- and high-passes
// and for order 1, rows differ from scipy's by a constant factor on b0, b1,
// b2; for odd orders from 3 scipy's zpk2sos can give the real pole's row
// a double zero and a pair's row the zero at the origin, and for band-passes
// from order 2 it gives each row two zeros at DC or Nyquist (b ∝ [1, ±2, 1]),
// where this package gives every row one of each (b ∝ [1, 0, −1]).
// TestScipySections, TestScipyResponse and TestScipySectionNumerators check
// these against scipy.
func (c *Cascade) Sections() []Biquad {
	return c.Clone().sections
}

// SampleRate returns the sample rate in Hz the filter was designed for (0
// for the zero Cascade).
func (c *Cascade) SampleRate() float64 { return c.fs }

// Response returns the complex frequency response H(e^{jω}) at f Hz, with
// ω = 2π·f/fs. |H| is the gain and arg H the phase in radians. The zero
// Cascade returns 1.
func (c *Cascade) Response(f float64) complex128 {
	if len(c.sections) == 0 {
		return 1
	}
	zi := cmplx.Exp(complex(0, -2*math.Pi*f/c.fs))
	h := complex(1, 0)
	for i := range c.sections {
		h *= c.sections[i].response(zi)
	}
	return h
}

// GroupDelay returns the group delay τ(f) = −dφ/dω / fs in seconds at f Hz,
// where φ is the phase of Response and ω = 2π·f/fs. The derivative of the
// phase is taken in closed form rather than by finite differences: each
// numerator or denominator polynomial is factored into roots r, and a factor
// (1 − r·e^{−jω}) contributes Re(−u/(1 − u)) samples, u = r·e^{−jω}, to −dφ/dω
// (a factor e^{−jω} contributes 1). At a zero on the unit circle (DC for a
// high-pass, Nyquist for a low-pass) the phase jumps by π; the value
// returned there is the limit from either side, ½ sample per such zero.
func (c *Cascade) GroupDelay(f float64) float64 {
	if len(c.sections) == 0 {
		return 0
	}
	zi := cmplx.Exp(complex(0, -2*math.Pi*f/c.fs))
	var tau float64 // samples
	for _, s := range c.sections {
		tau += polyDelay(s.B0, s.B1, s.B2, zi, true) - polyDelay(1, s.A1, s.A2, zi, false)
	}
	return tau / c.fs
}

// polyDelay returns −d arg P/dω in samples for P = p0 + p1·zi + p2·zi², with
// zi = e^{−jω}; zeros tells whether P is a numerator (see rootDelay).
func polyDelay(p0, p1, p2 float64, zi complex128, zeros bool) float64 {
	switch {
	case p0 == 0 && p1 == 0:
		// P = p2·zi²: two samples of delay (none for P = 0).
		if p2 == 0 {
			return 0
		}
		return 2
	case p0 == 0:
		return 1 + polyDelay(p1, p2, 0, zi, zeros)
	case p2 == 0:
		// P = p0·(1 − r·zi).
		return rootDelay(complex(-p1/p0, 0), zi, zeros)
	}
	// P = p0·(1 − r1·zi)(1 − r2·zi) with r1, r2 the roots of p0·z² + p1·z + p2.
	disc := p1*p1 - 4*p0*p2
	if disc >= 0 && disc <= 1e-12*p1*p1 {
		// Double root, e.g. (1 + z⁻¹)²: treat it exactly, as splitting it
		// by rounding would make the value at the root meaningless.
		return 2 * rootDelay(complex(-p1/(2*p0), 0), zi, zeros)
	}
	sq := cmplx.Sqrt(complex(disc, 0))
	return rootDelay((complex(-p1, 0)+sq)/complex(2*p0, 0), zi, zeros) +
		rootDelay((complex(-p1, 0)-sq)/complex(2*p0, 0), zi, zeros)
}

// rootDelay returns −d arg(1 − r·zi)/dω in samples. A zero (zero true)
// within 1e-12 of the unit circle is taken as on it, as the designed zeros
// at z = ±1 are; a pole never is: realised keeps every pole strictly inside,
// and one that near the circle (a first-order section with fc/fs below
// ≈ 1.6e-13, a band-pass 1e-11 of fs wide) has a delay of 10¹² samples or
// more at its frequency, not ½.
func rootDelay(r, zi complex128, zero bool) float64 {
	if zero && math.Abs(cmplx.Abs(r)-1) <= 1e-12 {
		// root on the unit circle (the zeros at z = ±1): Re(−u/(1−u)) = ½
		// at every ω, and the limit at the root; 1 − u would lose all its
		// real part to cancellation near the root
		return 0.5
	}
	u := r * zi
	d := 1 - u
	if zero && cmplx.Abs(d) <= 1e-12 {
		return 0.5 // zero on the unit circle at ω: the limit from either side
	}
	return real(-u / d)
}

// destination returns dst, allocated if nil, after checking its length.
func destination(dst []float64, n int) []float64 {
	if dst == nil {
		return make([]float64, n)
	}
	if len(dst) != n {
		panic("dsp: destination length mismatch")
	}
	return dst
}

// LowPass designs a Butterworth low-pass filter of the given order with
// cut-off fc Hz (−3 dB, |H| = 1/√2) for sample rate fs Hz:
//
//	|H(f)|² = 1 / (1 + (tan(π·f/fs) / tan(π·fc/fs))^(2·order))
//
// The analog prototype poles pₖ = exp(jπ(2k+order+1)/(2·order)) are scaled to
// the pre-warped cut-off K = tan(π·fc/fs) and mapped by the bilinear
// transform z = (1+s)/(1−s); all zeros lie at z = −1. Pole pairs become
// biquads; an odd order adds one first-order section. The gain at DC is 1.
// The response is that of scipy.signal.butter(order, fc, fs=fs,
// output='sos'); Sections tells how the gain is spread over the sections.
//
// It returns ErrOrder if order < 1 and ErrCutoff unless 0 < fc < fs/2, or
// if fc is too near 0 or fs/2 for float64 sections (see ErrCutoff).
func LowPass(order int, fs, fc float64) (*Cascade, error) {
	if err := checkDesign("low-pass", order, fs, fc, fc); err != nil {
		return nil, err
	}
	k := math.Tan(math.Pi * fc / fs)
	var an []analogSection
	for _, p := range prototype(order) {
		if p.single {
			an = append(an, analogSection{p: [2]complex128{p.p * complex(k, 0)}, single: true})
			continue
		}
		q := p.p * complex(k, 0)
		an = append(an, analogSection{p: [2]complex128{q, cmplx.Conj(q)}})
	}
	return realised("low-pass", fs, fc, fc, build(fs, an, kindLow, 0))
}

// HighPass designs a Butterworth high-pass filter of the given order with
// cut-off fc Hz (−3 dB) for sample rate fs Hz:
//
//	|H(f)|² = 1 / (1 + (tan(π·fc/fs) / tan(π·f/fs))^(2·order))
//
// Design as for LowPass with the low-pass to high-pass transform s → K/s, so
// that all zeros lie at z = +1. The gain at the Nyquist frequency fs/2 is 1.
// The response is that of scipy.signal.butter(order, fc, 'highpass',
// fs=fs, output='sos').
//
// It returns ErrOrder if order < 1 and ErrCutoff unless 0 < fc < fs/2, or
// if fc is too near 0 or fs/2 for float64 sections (see ErrCutoff).
func HighPass(order int, fs, fc float64) (*Cascade, error) {
	if err := checkDesign("high-pass", order, fs, fc, fc); err != nil {
		return nil, err
	}
	k := math.Tan(math.Pi * fc / fs)
	var an []analogSection
	for _, p := range prototype(order) {
		q := complex(k, 0) / p.p
		if p.single {
			an = append(an, analogSection{p: [2]complex128{q}, single: true})
			continue
		}
		an = append(an, analogSection{p: [2]complex128{q, cmplx.Conj(q)}})
	}
	return realised("high-pass", fs, fc, fc, build(fs, an, kindHigh, 0))
}

// BandPass designs a Butterworth band-pass filter from the low-pass
// prototype of the given order by the transform s → (s² + ω0²)/(s·B), with
// the pre-warped edges Wlo = tan(π·lo/fs), Whi = tan(π·hi/fs), ω0² = Wlo·Whi
// and B = Whi − Wlo, then the bilinear transform. It has 2·order poles
// (order biquads), order zeros at z = +1 and order zeros at z = −1, and
//
//	|H(f)|² = 1 / (1 + ((W² − ω0²)/(W·B))^(2·order)),  W = tan(π·f/fs)
//
// so the gain is exactly 1 at the centre frequency f0 = (fs/π)·atan(ω0)
// (the geometric mean of the edges after pre-warping) and −3 dB (1/√2) at lo
// and hi. The response is that of scipy.signal.butter(order, [lo, hi],
// 'bandpass', fs=fs, output='sos').
//
// It returns ErrOrder if order < 1 and ErrCutoff unless 0 < lo < hi < fs/2,
// or if an edge is too near 0 or fs/2 for float64 sections (see ErrCutoff).
func BandPass(order int, fs, lo, hi float64) (*Cascade, error) {
	if err := checkDesign("band-pass", order, fs, lo, hi); err != nil {
		return nil, err
	}
	if !(lo < hi) {
		return nil, fmt.Errorf("dsp: band-pass band %g–%g Hz at fs %g Hz: lower edge not below upper edge: %w", lo, hi, fs, ErrCutoff)
	}
	wlo := math.Tan(math.Pi * lo / fs)
	whi := math.Tan(math.Pi * hi / fs)
	w0sq := wlo * whi
	bw := whi - wlo
	var an []analogSection
	for _, p := range prototype(order) {
		// Roots of s² − p·B·s + ω0² = 0. Take the root of larger magnitude
		// from the quadratic formula and the other from the product ω0², to
		// avoid cancellation.
		pb := p.p * complex(bw, 0)
		d := cmplx.Sqrt(pb*pb - complex(4*w0sq, 0))
		r1 := (pb + d) / 2
		if r := (pb - d) / 2; cmplx.Abs(r) > cmplx.Abs(r1) {
			r1 = r
		}
		r2 := complex(w0sq, 0) / r1
		if p.single {
			// Real prototype pole: r1, r2 are a conjugate pair or both real.
			an = append(an, analogSection{p: [2]complex128{r1, r2}})
			continue
		}
		// p and its conjugate give r1, r1*, r2, r2*.
		an = append(an,
			analogSection{p: [2]complex128{r1, cmplx.Conj(r1)}},
			analogSection{p: [2]complex128{r2, cmplx.Conj(r2)}})
	}
	return realised("band-pass", fs, lo, hi, build(fs, an, kindBand, 2*math.Atan(math.Sqrt(w0sq))))
}

// realised returns c, or ErrCutoff if rounding has made a section of c
// degenerate: a coefficient not finite, a numerator of zeros, or a pole on
// or outside the unit circle (Jury: |a2| < 1 and 1 ± a1 + a2 > 0). That
// happens only for edges within about 1.5e-9·fs of 0 or fs/2, where the
// poles crowd z = ±1 closer than float64 resolves.
func realised(what string, fs, lo, hi float64, c *Cascade) (*Cascade, error) {
	for _, s := range c.sections {
		ok := s.B0 != 0 || s.B1 != 0 || s.B2 != 0
		for _, v := range [...]float64{s.B0, s.B1, s.B2, s.A1, s.A2} {
			ok = ok && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
		// 1 ± a1 is exact where the sum is near 0, so its sign is right
		if !ok || !(math.Abs(s.A2) < 1 && (1+s.A1)+s.A2 > 0 && (1-s.A1)+s.A2 > 0) {
			band := fmt.Sprintf("cut-off %g Hz", lo)
			if what == "band-pass" {
				band = fmt.Sprintf("band %g–%g Hz", lo, hi)
			}
			return nil, fmt.Errorf("dsp: %s %s at fs %g Hz: too near 0 or fs/2 for float64 sections: %w", what, band, fs, ErrCutoff)
		}
	}
	return c, nil
}

func checkDesign(what string, order int, fs, lo, hi float64) error {
	if order < 1 {
		return fmt.Errorf("dsp: %s order %d: %w", what, order, ErrOrder)
	}
	if !(fs > 0) || math.IsInf(fs, 0) || !(lo > 0) || !(hi < fs/2) {
		if lo == hi || what != "band-pass" {
			return fmt.Errorf("dsp: %s cut-off %g Hz at fs %g Hz: %w", what, lo, fs, ErrCutoff)
		}
		return fmt.Errorf("dsp: %s band %g–%g Hz at fs %g Hz: %w", what, lo, hi, fs, ErrCutoff)
	}
	return nil
}

// protoPole is one pole of the normalised analog Butterworth prototype
// (|p| = 1, left half-plane): a pole of the upper half-plane standing for
// itself and its conjugate, or the real pole −1 of an odd order.
type protoPole struct {
	p      complex128
	single bool
}

// prototype returns the poles pₖ = exp(jπ(2k+n+1)/(2n)), k = 0 … ⌈n/2⌉−1.
func prototype(n int) []protoPole {
	poles := make([]protoPole, 0, (n+1)/2)
	for k := 0; k < n/2; k++ {
		th := math.Pi * float64(2*k+n+1) / float64(2*n)
		poles = append(poles, protoPole{p: complex(math.Cos(th), math.Sin(th))})
	}
	if n%2 == 1 {
		poles = append(poles, protoPole{p: -1, single: true})
	}
	return poles
}

// analogSection is one or two analog poles (normalised so that the bilinear
// transform is z = (1+s)/(1−s)) that become one digital section.
type analogSection struct {
	p      [2]complex128
	single bool
}

type kind int

const (
	kindLow  kind = iota // zeros at z = −1, unit gain at DC
	kindHigh             // zeros at z = +1, unit gain at Nyquist
	kindBand             // one zero at +1 and one at −1 per section, unit gain at w0
)

// build maps the analog poles to the z-plane, attaches the zeros of the
// filter kind, normalises each section to unit gain at the reference
// frequency (w0 in rad/sample for a band-pass) and orders the sections by
// increasing pole radius, so that the poles nearest the unit circle come
// last, as scipy's zpk2sos does.
func build(fs float64, an []analogSection, k kind, w0 float64) *Cascade {
	type sec struct {
		bq     Biquad
		radius float64
	}
	secs := make([]sec, len(an))
	for i, a := range an {
		var s sec
		if a.single {
			q := bilinear(a.p[0])
			s.bq.A1 = -real(q)
			s.radius = cmplx.Abs(q)
			switch k {
			case kindLow:
				s.bq.B0, s.bq.B1 = 1, 1
			default:
				s.bq.B0, s.bq.B1 = 1, -1
			}
		} else {
			q1, q2 := bilinear(a.p[0]), bilinear(a.p[1])
			s.bq.A1 = -real(q1 + q2)
			s.bq.A2 = real(q1 * q2)
			s.radius = math.Max(cmplx.Abs(q1), cmplx.Abs(q2))
			switch k {
			case kindLow:
				s.bq.B0, s.bq.B1, s.bq.B2 = 1, 2, 1
			case kindHigh:
				s.bq.B0, s.bq.B1, s.bq.B2 = 1, -2, 1
			case kindBand:
				s.bq.B0, s.bq.B1, s.bq.B2 = 1, 0, -1
			}
		}
		var ref float64 // reference frequency in rad/sample
		switch k {
		case kindHigh:
			ref = math.Pi
		case kindBand:
			ref = w0
		}
		g := 1 / cmplx.Abs(s.bq.response(cmplx.Exp(complex(0, -ref))))
		s.bq.B0 *= g
		s.bq.B1 *= g
		s.bq.B2 *= g
		secs[i] = s
	}
	sort.SliceStable(secs, func(i, j int) bool { return secs[i].radius < secs[j].radius })
	c := &Cascade{fs: fs, sections: make([]Biquad, len(secs))}
	for i, s := range secs {
		c.sections[i] = s.bq
	}
	return c
}

// bilinear maps an analog pole to the z-plane: z = (1+s)/(1−s).
func bilinear(s complex128) complex128 { return (1 + s) / (1 - s) }
