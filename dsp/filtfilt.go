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
	w := z.w
	if len(w.sections) == 1 {
		if f := &w.sections[0]; f.B2 == f.B0 {
			return z.even(dst, src, pad)
		}
		return z.direct(dst, src, pad)
	}
	x0, xn := src[0], src[n-1]
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

// direct is Apply for one section (with b2 ≠ b0: a first-order design or a
// first-order band-pass; even takes the others), in direct form I with the
// coefficients and state in locals: y = (b0·x + b1·x₁ + b2·x₂ − a2·y₂) −
// a1·y₁ has a shorter dependency chain (one product and one difference per
// sample) than the transposed form of Biquad.Process; the result agrees
// with it to rounding. pad is Apply's padding length, len(dst) = len(src)
// ≥ 1.
func (z *ZeroPhase) direct(dst, src []float64, pad int) []float64 {
	n := len(src)
	x0, xn := src[0], src[n-1]
	// Each pass starts in the steady state of its first input (x₁ = x₂ =
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
	f := &z.w.sections[0]
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

// even is direct for a section whose numerator is symmetric, b2 = b0 (every
// second-order low-pass and high-pass design: b ∝ [1, ±2, 1]): b2·x₂ is
// then b0·x₂, the product b0·x formed two samples before, bit for bit (the
// same operands). Each input's products b0·x and b1·x are formed once, when
// it is read, and kept as the state instead of the inputs: four products a
// sample instead of five, and y = ((b0·x + b1·x₁ + b0·x₂) − a2·y₂) − a1·y₁
// with the same operations in the same order on the same values as direct.
// Every loop takes four samples an iteration (a, b, c, d, each with the one
// before as its x₁, y₁), then the rest one at a time: the state moves down
// once in four samples, and a group's samples are read and written through
// a slice of length 4, one bounds check a group.
func (z *ZeroPhase) even(dst, src []float64, pad int) []float64 {
	n := len(src)
	fw := z.ext[:n+pad]
	f := &z.w.sections[0]
	b0, b1, a1, a2 := f.B0, f.B1, f.A1, f.A2
	// state: p1 = b0·x₁, p2 = b0·x₂, q1 = b1·x₁, y1, y2
	x, t := src[0], 2*src[0] // the first padded sample; 2·x0
	if pad > 0 {
		x = t - src[pad]
	}
	p1, q1, y1 := b0*x, b1*x, f.dcGain()*x
	p2, y2 := p1, y1
	// forward, the front padding: 2·x0 − src[k], k = pad … 1 (state only)
	k := pad
	for ; k >= 4; k -= 4 {
		s := src[k-3 : k+1 : k+1]
		pa, qa := b0*(t-s[3]), b1*(t-s[3])
		ya := (pa + q1 + p2 - a2*y2) - a1*y1
		pb, qb := b0*(t-s[2]), b1*(t-s[2])
		yb := (pb + qa + p1 - a2*y1) - a1*ya
		pc, qc := b0*(t-s[1]), b1*(t-s[1])
		yc := (pc + qb + pa - a2*ya) - a1*yb
		pd, qd := b0*(t-s[0]), b1*(t-s[0])
		yd := (pd + qc + pb - a2*yb) - a1*yc
		p2, p1, q1, y2, y1 = pc, pd, qd, yc, yd
	}
	for ; k >= 1; k-- {
		x := t - src[k]
		p, q := b0*x, b1*x
		y := (p + q1 + p2 - a2*y2) - a1*y1
		p2, p1, q1, y2, y1 = p1, p, q, y1, y
	}
	// src itself, into mid
	mid := fw[:n]
	i := 0
	for ; i+4 <= n; i += 4 {
		s, o := src[i:i+4:i+4], mid[i:i+4:i+4]
		pa, qa := b0*s[0], b1*s[0]
		ya := (pa + q1 + p2 - a2*y2) - a1*y1
		pb, qb := b0*s[1], b1*s[1]
		yb := (pb + qa + p1 - a2*y1) - a1*ya
		pc, qc := b0*s[2], b1*s[2]
		yc := (pc + qb + pa - a2*ya) - a1*yb
		pd, qd := b0*s[3], b1*s[3]
		yd := (pd + qc + pb - a2*yb) - a1*yc
		o[0], o[1], o[2], o[3] = ya, yb, yc, yd
		p2, p1, q1, y2, y1 = pc, pd, qd, yc, yd
	}
	for ; i < n; i++ {
		x := src[i]
		p, q := b0*x, b1*x
		y := (p + q1 + p2 - a2*y2) - a1*y1
		mid[i] = y
		p2, p1, q1, y2, y1 = p1, p, q, y1, y
	}
	// the end padding, 2·xn − src[n−2−k], k = 0 … pad−1, into hi
	hi := fw[n:]
	t = 2 * src[n-1]
	k = 0
	for ; k+4 <= len(hi); k += 4 {
		s, o := src[n-5-k:n-1-k:n-1-k], hi[k:k+4:k+4]
		pa, qa := b0*(t-s[3]), b1*(t-s[3])
		ya := (pa + q1 + p2 - a2*y2) - a1*y1
		pb, qb := b0*(t-s[2]), b1*(t-s[2])
		yb := (pb + qa + p1 - a2*y1) - a1*ya
		pc, qc := b0*(t-s[1]), b1*(t-s[1])
		yc := (pc + qb + pa - a2*ya) - a1*yb
		pd, qd := b0*(t-s[0]), b1*(t-s[0])
		yd := (pd + qc + pb - a2*yb) - a1*yc
		o[0], o[1], o[2], o[3] = ya, yb, yc, yd
		p2, p1, q1, y2, y1 = pc, pd, qd, yc, yd
	}
	for ; k < len(hi); k++ {
		x := t - src[n-2-k]
		p, q := b0*x, b1*x
		y := (p + q1 + p2 - a2*y2) - a1*y1
		hi[k] = y
		p2, p1, q1, y2, y1 = p1, p, q, y1, y
	}
	// backward: the end padding only moves the state on; src's own
	// samples go straight to dst
	x = fw[len(fw)-1]
	p1, q1, y1 = b0*x, b1*x, f.dcGain()*x
	p2, y2 = p1, y1
	k = len(hi)
	for ; k >= 4; k -= 4 {
		s := hi[k-4 : k : k]
		pa, qa := b0*s[3], b1*s[3]
		ya := (pa + q1 + p2 - a2*y2) - a1*y1
		pb, qb := b0*s[2], b1*s[2]
		yb := (pb + qa + p1 - a2*y1) - a1*ya
		pc, qc := b0*s[1], b1*s[1]
		yc := (pc + qb + pa - a2*ya) - a1*yb
		pd, qd := b0*s[0], b1*s[0]
		yd := (pd + qc + pb - a2*yb) - a1*yc
		p2, p1, q1, y2, y1 = pc, pd, qd, yc, yd
	}
	for k--; k >= 0; k-- {
		x := hi[k]
		p, q := b0*x, b1*x
		y := (p + q1 + p2 - a2*y2) - a1*y1
		p2, p1, q1, y2, y1 = p1, p, q, y1, y
	}
	out := dst[:n]
	i = n
	for ; i >= 4; i -= 4 {
		s, o := mid[i-4:i:i], out[i-4:i:i]
		pa, qa := b0*s[3], b1*s[3]
		ya := (pa + q1 + p2 - a2*y2) - a1*y1
		pb, qb := b0*s[2], b1*s[2]
		yb := (pb + qa + p1 - a2*y1) - a1*ya
		pc, qc := b0*s[1], b1*s[1]
		yc := (pc + qb + pa - a2*ya) - a1*yb
		pd, qd := b0*s[0], b1*s[0]
		yd := (pd + qc + pb - a2*yb) - a1*yc
		o[3], o[2], o[1], o[0] = ya, yb, yc, yd
		p2, p1, q1, y2, y1 = pc, pd, qd, yc, yd
	}
	for i--; i >= 0; i-- {
		x := mid[i]
		p, q := b0*x, b1*x
		y := (p + q1 + p2 - a2*y2) - a1*y1
		out[i] = y
		p2, p1, q1, y2, y1 = p1, p, q, y1, y
	}
	return dst
}
