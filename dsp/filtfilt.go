package dsp

// FiltFilt applies c forward and then backward over src and writes the
// result to dst, returning dst. The output has zero phase and the squared
// magnitude |H(f)|² of c, like scipy.signal.sosfiltfilt with its defaults
// (padtype='odd', padlen=None):
//
//   - src is extended at both ends by odd reflection of padlen samples,
//     x[−k] = 2·x[0] − x[k] and x[n−1+k] = 2·x[n−1] − x[n−1−k], with
//     padlen = 3·(2·len(sections) + 1 − m), m being the number of first-order
//     sections (scipy's rule), clamped to len(src)−1 (scipy raises an error
//     instead when src is that short);
//   - the forward pass starts primed to the first padded sample and the
//     backward pass primed to the last forward output (scipy's
//     sosfilt_zi·x0), so there is no start-up transient;
//   - the padding is removed.
//
// Only c's coefficients are used; its state is neither read nor changed.
// If dst is nil a new slice is allocated; otherwise len(dst) must equal
// len(src) (it panics with "dsp: destination length mismatch"). dst may be
// src, or overlap it: src is copied into a padded work buffer before dst is
// written. FiltFilt allocates that buffer (len(src) + 2·padlen) and a
// working copy of c on every call; ZeroPhase reuses them.
func FiltFilt(c *Cascade, dst, src []float64) []float64 {
	return NewZeroPhase(c).Apply(dst, src)
}

// ZeroPhase is FiltFilt with buffers kept between calls: Apply allocates
// only when src is longer than any earlier one, so a detector that filters a
// window per step does not allocate in steady state.
type ZeroPhase struct {
	w     *Cascade
	first int
	ext   []float64
}

// NewZeroPhase returns a zero-phase filter with c's coefficients.
func NewZeroPhase(c *Cascade) *ZeroPhase {
	z := &ZeroPhase{w: c.Clone()}
	for _, s := range c.sections {
		if s.B2 == 0 && s.A2 == 0 {
			z.first++
		}
	}
	return z
}

// Reserve makes room for inputs of up to n samples, so that Apply does not
// allocate.
func (z *ZeroPhase) Reserve(n int) {
	pad := 3 * (2*len(z.w.sections) + 1 - z.first)
	if cap(z.ext) < n+2*pad {
		z.ext = make([]float64, n+2*pad)
	}
}

// Apply filters src forward and backward into dst exactly as FiltFilt.
func (z *ZeroPhase) Apply(dst, src []float64) []float64 {
	dst = destination(dst, len(src))
	n := len(src)
	if n == 0 {
		return dst
	}
	pad := min(3*(2*len(z.w.sections)+1-z.first), n-1)
	if cap(z.ext) < n+2*pad {
		z.ext = make([]float64, n+2*pad)
	}
	x0, xn := src[0], src[n-1]
	w := z.w
	if len(w.sections) == 1 {
		// one section (a second-order design), in direct form I with the
		// coefficients and state in locals: y = (b0·x + b1·x₁ + b2·x₂ −
		// a2·y₂) − a1·y₁ has a shorter dependency chain (one product and
		// one difference per sample) than the transposed form of
		// Biquad.Process; the result agrees with it to rounding. Each
		// pass starts in the steady state of its first input (x₁ = x₂ =
		// x, y₁ = y₂ = H(1)·x). The loops over src take two samples an
		// iteration (x_a, then x_b with x_a as its x₁), so that the state
		// does not move down one place a sample: the same operations in
		// the same order, fewer register moves.
		//
		// The padded input is not built: the forward pass reads the
		// front padding's samples, 2·x0 − src[k] for k = pad … 1, as it
		// goes (keeping only its state: the backward pass stops before
		// the front padding, whose outputs are dropped), then src itself,
		// then the end padding's, 2·xn − src[n−1−k] for k = 1 … pad; its
		// outputs for src and the end padding go to fw. The same
		// operations on the same values as over the padded copy, without
		// the copy.
		fw := z.ext[:n+pad]
		f := &w.sections[0]
		b0, b1, b2, a1, a2 := f.B0, f.B1, f.B2, f.A1, f.A2
		g := f.dcGain()
		x1 := x0 // the first padded sample (src's first without padding)
		if pad > 0 {
			x1 = 2*x0 - src[pad]
		}
		x2, y1 := x1, g*x1
		y2 := y1
		for k := pad; k >= 1; k-- {
			x := 2*x0 - src[k]
			y := (b0*x + b1*x1 + b2*x2 - a2*y2) - a1*y1
			x2, x1, y2, y1 = x1, x, y1, y
		}
		mid := fw[:n]
		i := 1
		for ; i < n; i += 2 {
			xa, xb := src[i-1], src[i]
			ya := (b0*xa + b1*x1 + b2*x2 - a2*y2) - a1*y1
			yb := (b0*xb + b1*xa + b2*x1 - a2*y1) - a1*ya
			mid[i-1], mid[i] = ya, yb
			x2, x1, y2, y1 = xa, xb, ya, yb
		}
		if i == n { // (odd length: the last sample alone)
			x := src[i-1]
			y := (b0*x + b1*x1 + b2*x2 - a2*y2) - a1*y1
			mid[i-1] = y
			x2, x1, y2, y1 = x1, x, y1, y
		}
		hi := fw[n:]
		for k := range hi {
			x := 2*xn - src[n-2-k]
			y := (b0*x + b1*x1 + b2*x2 - a2*y2) - a1*y1
			hi[k] = y
			x2, x1, y2, y1 = x1, x, y1, y
		}
		// backward: the end padding only moves the state on; src's own
		// samples go straight to dst
		x1 = fw[len(fw)-1]
		x2, y1 = x1, g*x1
		y2 = y1
		for i := len(hi) - 1; i >= 0; i-- {
			x := hi[i]
			y := (b0*x + b1*x1 + b2*x2 - a2*y2) - a1*y1
			x2, x1, y2, y1 = x1, x, y1, y
		}
		out := dst[:n]
		i = n - 1
		for ; i >= 1; i -= 2 {
			xa, xb := mid[i], mid[i-1]
			ya := (b0*xa + b1*x1 + b2*x2 - a2*y2) - a1*y1
			yb := (b0*xb + b1*xa + b2*x1 - a2*y1) - a1*ya
			out[i], out[i-1] = ya, yb
			x2, x1, y2, y1 = xa, xb, ya, yb
		}
		if i == 0 {
			x := mid[0]
			out[0] = (b0*x + b1*x1 + b2*x2 - a2*y2) - a1*y1
		}
		return dst
	}
	ext := z.ext[:n+2*pad]
	copy(ext[pad:], src)
	// lo[pad−1−k] and hi[k] are ext[pad−k′] and ext[pad+n−1+k′], k′ = k+1 = 1…pad
	lo, hi := ext[:pad], ext[pad+n:]
	hi = hi[:len(lo)]
	for k := range lo {
		lo[len(lo)-1-k] = 2*x0 - src[k+1]
		hi[k] = 2*xn - src[n-2-k]
	}
	w.Prime(ext[0])
	for i, x := range ext {
		ext[i] = w.Process(x)
	}
	w.Prime(ext[len(ext)-1])
	for i := len(ext) - 1; i >= 0; i-- {
		ext[i] = w.Process(ext[i])
	}
	copy(dst, ext[pad:pad+n])
	return dst
}
