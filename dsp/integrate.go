package dsp

import (
	"math"
)

// Integrator integrates a signal sampled at fs Hz by the trapezoidal rule,
// with a second-order Butterworth high-pass at fc Hz before and after the
// integration to keep drift bounded (gait-methods §6, mobgap style: HP on
// the input, ∫, HP on the output). For an input in m/s² the output is in
// m/s; chain two Integrators for displacement in m.
//
// With T = 1/fs, the trapezoidal integrator I(z) = (T/2)·(1 + z⁻¹)/(1 − z⁻¹)
// and the high-pass Hp(z) = g·(1 − z⁻¹)²/A(z), the transfer function is
//
//	H(z) = Hp(z) · I(z) · Hp(z) = Hp(z) · (T/2)·g·(1 − z⁻²)/A(z)
//
// The integrator's pole at z = 1 cancels one of the output high-pass's
// zeros, so the second stage is run as the stable biquad on the right: the
// state stays bounded however long the stream, unlike a running sum. At
// frequency f the gain is |Hp(f)|² · (πf/fs)/tan(πf/fs) / (2πf), that is
// 1/(2πf) to within 1 % for fc ≤ f/5 and f ≤ fs/25.
//
// The first sample after NewIntegrator or Reset primes the input high-pass
// (Cascade.Prime), so a constant offset such as an accelerometer bias gives
// no start-up transient. Call Reset after a gap.
type Integrator struct {
	in, out Biquad
	primed  bool
}

// NewIntegrator returns an Integrator for sample rate fs Hz with high-pass
// corner fc Hz. It returns ErrCutoff unless 0 < fc < fs/2, or if fc is
// too near 0 or fs/2 for float64 sections (see ErrCutoff).
func NewIntegrator(fs, fc float64) (*Integrator, error) {
	if err := checkDesign("integrator high-pass", 2, fs, fc, fc); err != nil {
		return nil, err
	}
	hp, err := HighPass(2, fs, fc)
	if err != nil {
		return nil, err
	}
	s := hp.sections[0]
	k := s.B0 / (2 * fs)
	return &Integrator{
		in:  Biquad{B0: s.B0, B1: s.B1, B2: s.B2, A1: s.A1, A2: s.A2},
		out: Biquad{B0: k, B1: 0, B2: -k, A1: s.A1, A2: s.A2},
	}, nil
}

// Process integrates one sample and returns the high-passed integral. It
// does not allocate.
func (i *Integrator) Process(x float64) float64 {
	if !i.primed {
		i.in.prime(x)
		i.primed = true
	}
	return i.out.Process(i.in.Process(x))
}

// Reset clears the state; the next sample primes the input high-pass again.
func (i *Integrator) Reset() {
	i.in.Reset()
	i.out.Reset()
	i.primed = false
}

// Detrend removes the least-squares straight line from x in place:
// x[i] ← x[i] − (m + s·(i − (n−1)/2)), with m the mean and
// s = Σ (i − (n−1)/2)·x[i] / Σ (i − (n−1)/2)². A single sample becomes 0.
func Detrend(x []float64) {
	n := len(x)
	RemoveMean(x)
	if n < 2 {
		return
	}
	c := float64(n-1) / 2
	var sxy float64
	for i, v := range x {
		sxy += (float64(i) - c) * v
	}
	nf := float64(n)
	s := sxy / (nf * (nf*nf - 1) / 12) // Σ (i−c)² = n(n²−1)/12
	for i := range x {
		x[i] -= s * (float64(i) - c)
	}
}

// RemoveMean subtracts the arithmetic mean from x in place and returns the
// mean (0 for an empty slice).
func RemoveMean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	m := sum / float64(len(x))
	for i := range x {
		x[i] -= m
	}
	return m
}

// CumTrapz writes the cumulative trapezoidal integral of src, sampled at fs
// Hz, into dst and returns dst:
//
//	dst[0] = 0,  dst[i] = dst[i−1] + (src[i−1] + src[i])/(2·fs)
//
// (scipy.integrate.cumulative_trapezoid with initial=0 and dx = 1/fs). If
// dst is nil a new slice is allocated; otherwise len(dst) must equal
// len(src) (it panics with "dsp: destination length mismatch"). dst may be
// src. It panics if fs is not positive and finite.
func CumTrapz(dst, src []float64, fs float64) []float64 {
	if !(fs > 0) || math.IsInf(fs, 0) {
		panic("dsp: CumTrapz needs fs > 0")
	}
	dst = destination(dst, len(src))
	if len(src) == 0 {
		return dst
	}
	h := 1 / (2 * fs)
	prev := src[0]
	var acc float64
	dst[0] = 0
	for i := 1; i < len(src); i++ {
		cur := src[i]
		acc += (prev + cur) * h
		dst[i] = acc
		prev = cur
	}
	return dst
}
