package dsp

import "math"

// Gravity tracks the direction of gravity in the sensor frame with a
// first-order low-pass of the acceleration vector (gait-methods §2.1):
//
//	g ← g + α·(a − g),  α = 1 − exp(−1/(fs·tau))
//
// i.e. an exponential moving average with time constant tau seconds at fs
// samples per second. Choose tau of a few strides (for example 5–10 s) so
// that the dynamic acceleration of gait averages out. Acceleration is
// specific force in m/s² (gravity included, so g points up).
//
// The first Push after NewGravity primes the filter with that sample; call
// Prime (a known direction: a sensor standing still) or Start (the mean of
// a short stretch of gait) after a gap or a re-clip of the sensor. The zero
// Gravity is not usable; call NewGravity.
type Gravity struct {
	alpha  float64
	g      [3]float64
	primed bool
	// seen counts the samples averaged since Start; until it reaches
	// need = 1/α the estimate is their running mean (see Start)
	seen, need float64
	// blockN, blockA: PushMean's last n and its weight 1 − (1 − α)ⁿ
	blockN int
	blockA float64
}

// NewGravity returns a Gravity tracker for sample rate fs Hz and time
// constant tau seconds (tau = 0 follows the input without smoothing). It
// panics if fs is not positive and finite or tau is negative or NaN.
func NewGravity(fs, tau float64) *Gravity {
	if !(fs > 0) || math.IsInf(fs, 0) || !(tau >= 0) {
		panic("dsp: NewGravity needs fs > 0 and tau >= 0")
	}
	a := -math.Expm1(-1 / (fs * tau))
	return &Gravity{alpha: a, need: 1 / a}
}

// Push updates the estimate with one acceleration sample in m/s². It does
// not allocate.
func (g *Gravity) Push(acc [3]float64) {
	if !g.primed {
		g.Prime(acc)
		return
	}
	g.blend(acc, 1, g.alpha)
}

// PushMean updates the estimate with the mean m (m/s²) of n consecutive
// samples, as n Pushes of m would once the estimate has settled:
//
//	g ← g + (1 − (1 − α)ⁿ)·(m − g)
//
// (While the running mean after Start or the first Push still counts its
// samples, n Pushes weight each by 1/k and PushMean does not: after
// Start(g, 100) at 100 Hz, τ = 5 s, 1000 Pushes and one PushMean of 1000
// differ by 3 % of m − g; with the engine's 64-sample blocks, by 3.4e-4 of
// a step at 100 Hz.)
//
// A tracker fed block means (a boxcar of n samples, then the exponential
// average) follows the same time constant with n/2 samples more delay, and
// costs the caller three additions a sample instead of Push's dependent
// subtract-multiply-add chain. It does nothing when n < 1.
func (g *Gravity) PushMean(m [3]float64, n int) {
	if n < 1 {
		return
	}
	if !g.primed {
		g.Prime(m)
		return
	}
	if n != g.blockN {
		g.blockN, g.blockA = n, -math.Expm1(float64(n)*math.Log1p(-g.alpha))
	}
	g.blend(m, n, g.blockA)
}

// blend moves the estimate towards m, the mean of n samples, by weight a
// (the exponential average's for n samples), or by the running mean's
// n/seen while that is the larger (see Start).
func (g *Gravity) blend(m [3]float64, n int, a float64) {
	if g.seen < g.need {
		g.seen += float64(n)
		a = max(a, float64(n)/g.seen)
	}
	for i := range 3 {
		g.g[i] += a * (m[i] - g.g[i])
	}
}

// Prime sets the estimate to acc, as if acc had been measured forever.
func (g *Gravity) Prime(acc [3]float64) {
	g.g = acc
	g.primed = true
	g.seen = g.need
}

// Start sets the estimate to mean, the mean acceleration of n samples, and
// weighs it as n samples: later samples are averaged with it at equal
// weight (a running mean, weight 1/k for the k-th sample since the
// start) until the exponential average's weight α is the larger, after
// about fs·tau samples. Half a second of gait is not whole strides, and its
// mean is several degrees off gravity (the running mean's error falls as
// 1/t, the exponential average's primed with it as exp(−t/tau)). With
// n = 0 mean is a first guess that the next Push or PushMean replaces (a
// caller that pushes the same samples again).
func (g *Gravity) Start(mean [3]float64, n int) {
	g.g = mean
	g.primed = true
	g.seen = float64(max(n, 0))
}

// Mean returns the low-passed acceleration vector in m/s², sensor frame;
// its norm is ≈ 9.81 m/s² when the estimate is good.
func (g *Gravity) Mean() [3]float64 { return g.g }

// Up returns the unit vector along the mean specific force, which points up
// (opposite to gravity), in the sensor frame. Before any sample, or if the
// mean is zero, it returns (0, 0, 1).
func (g *Gravity) Up() [3]float64 {
	n := math.Sqrt(g.g[0]*g.g[0] + g.g[1]*g.g[1] + g.g[2]*g.g[2])
	if !(n > 1e-150 && n < 1e150) {
		// the squares under- or overflow (or the mean is zero or not
		// finite): scale first
		if u, ok := unit(g.g); ok {
			return u
		}
		return [3]float64{0, 0, 1}
	}
	return [3]float64{g.g[0] / n, g.g[1] / n, g.g[2] / n}
}

// unit returns v/|v|, scaled by its largest component first so that tiny
// or huge vectors neither underflow nor overflow; ok is false for a zero or
// non-finite v.
func unit(v [3]float64) (u [3]float64, ok bool) {
	m := math.Max(math.Abs(v[0]), math.Max(math.Abs(v[1]), math.Abs(v[2])))
	if !(m > 0) || math.IsInf(m, 0) {
		return u, false
	}
	x, y, z := v[0]/m, v[1]/m, v[2]/m
	n := math.Sqrt(x*x + y*y + z*z)
	return [3]float64{x / n, y / n, z / n}, true
}

// Rotation is a 3×3 rotation matrix acting on column vectors: v' = R·v,
// with R[i][j] the element of row i and column j.
type Rotation [3][3]float64

var identity = Rotation{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

// RotateToUp returns the smallest rotation that maps the direction of u onto
// +Z = (0, 0, 1), built with Rodrigues' formula
//
//	R = I + sinθ·K + (1 − cosθ)·K²
//
// where K is the cross-product matrix of the unit axis k = (u × ẑ)/|u × ẑ|
// and θ the angle between u and ẑ (cosθ = û_z, sinθ = √(û_x² + û_y²)). The
// terms are computed without cancellation for u near ±Z. For u exactly along
// −Z, where every horizontal axis gives a smallest rotation, it returns the
// half-turn about X, diag(1, −1, −1). u need not be a unit vector; for a
// zero or non-finite u it returns the identity.
//
// Applied to samples in the sensor frame with u = Gravity.Up(), it levels
// them: the third component becomes vertical (up) and the first two
// horizontal, with the heading left arbitrary (see Heading). The yaw of the
// levelled horizontal axes depends on u, and ever more strongly as u nears
// −Z: a change δ of direction at an angle ε from −Z turns them by about
// 2δ/ε (two half-turns about horizontal axes Δψ apart compose into a yaw
// of 2Δψ). For a sensor mounted upside down (Up within ≈ 20° of −Z), recompute
// the rotation rarely, or flip the sensor axes first, or Heading will see
// its frame wander.
func RotateToUp(u [3]float64) Rotation {
	v, ok := unit(u)
	if !ok {
		return identity
	}
	x, y, z := v[0], v[1], v[2]
	s := math.Hypot(x, y) // sinθ
	if s == 0 {
		if z > 0 {
			return identity
		}
		return Rotation{{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}
	}
	c := z // cosθ
	var omc float64
	if c < 0 {
		omc = 1 - c
	} else {
		omc = s * s / (1 + c) // 1 − cosθ without cancellation near +Z
	}
	kx, ky := y/s, -x/s // k = u × ẑ / |u × ẑ|, kz = 0
	// K = [[0, 0, ky], [0, 0, −kx], [−ky, kx, 0]];
	// K² = k·kᵀ − I = [[kx²−1, kx·ky, 0], [kx·ky, ky²−1, 0], [0, 0, −1]].
	return Rotation{
		{1 + omc*(kx*kx-1), omc * kx * ky, s * ky},
		{omc * kx * ky, 1 + omc*(ky*ky-1), -s * kx},
		{-s * ky, s * kx, 1 - omc},
	}
}

// MaxTilt is the largest misalignment TiltCorrection corrects, degrees.
const MaxTilt = 80

var maxTiltCos = math.Cos(MaxTilt * math.Pi / 180)

// TiltCorrection returns the rotation that levels a sensor whose axes are
// anatomical — vertical, anteroposterior (forward), mediolateral, in that
// order, as in package sensor — but tilted by the mounting or the trunk's
// lean, from m, the mean specific force in those axes (any unit; for
// example Gravity.Mean over a few strides). It is the tilt correction of
// Moe-Nilssen (1998): a pitch θ about the mediolateral axis, then a roll φ
// about the new anteroposterior axis,
//
//	AP′ = AP·cosθ − V·sinθ,    V′ = AP·sinθ + V·cosθ,    θ = atan2(m_AP, m_V)
//	ML″ = ML·cosφ − V′·sinφ,   V″ = ML·sinφ + V′·cosφ,   φ = atan2(m_ML, √(m_V² + m_AP²))
//
// With |m| = 1 g, sinφ = mean a_ML as in Moe-Nilssen, and sinθ = mean a_AP
// when there is no roll; with both tilts his sinθ = mean a_AP leaves part
// of gravity on AP′ (his formulas are small-angle), this θ none. The
// forward and mediolateral directions stay those of the trunk, turned only
// as far as levelling needs; gravity goes to V″ alone. The rows of the
// result give the levelled sample in RotateToUp's order: R·(V, AP, ML) =
// (AP′, ML″, V″), horizontal forward, horizontal mediolateral, up.
//
// ok is false, and R the untilted permutation (AP, ML, V), when m is zero,
// not finite, or more than 80° from the vertical axis: a vertical axis
// about horizontal or pointing down is mislabelled or upside down, not
// tilted (and which way it turned is not known). The formulas are exact at
// any angle; Moe-Nilssen's small-angle ones are not, and SKDH skips them
// when |mean| exceeds 1 g.
func TiltCorrection(m [3]float64) (r Rotation, ok bool) {
	r = Rotation{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}
	n := math.Sqrt(m[0]*m[0] + m[1]*m[1] + m[2]*m[2])
	if !(n > 1e-150 && n < 1e150) {
		// the squares under- or overflow (any unit): the direction alone
		// matters, so take it scaled (zero and non-finite m fail below)
		m, _ = unit(m)
		n = math.Sqrt(m[0]*m[0] + m[1]*m[1] + m[2]*m[2])
	}
	if !(n > 0) || math.IsInf(n, 0) || !(m[0] >= maxTiltCos*n) {
		return r, false
	}
	h := math.Sqrt(m[0]*m[0] + m[1]*m[1]) // n is finite, so h is
	ct, st := m[0]/h, m[1]/h              // m[0] > 0, so h > 0
	cp, sp := h/n, m[2]/n
	return Rotation{
		{-st, ct, 0},
		{-ct * sp, -st * sp, cp},
		{ct * cp, st * cp, sp},
	}, true
}

// Apply returns R·v.
func (r Rotation) Apply(v [3]float64) [3]float64 {
	return [3]float64{
		r[0][0]*v[0] + r[0][1]*v[1] + r[0][2]*v[2],
		r[1][0]*v[0] + r[1][1]*v[1] + r[1][2]*v[2],
		r[2][0]*v[0] + r[2][1]*v[1] + r[2][2]*v[2],
	}
}

// Heading finds the forward direction in the horizontal plane of a levelled
// frame (gait-methods §2.3).
//
// Forward is the horizontal direction whose acceleration covaries most with
// the time derivative of the vertical acceleration v, with the sign that
// makes that covariance negative: the trunk brakes while the vertical
// acceleration rises after contact and is propelled while it falls before
// toe-off. This is the direction of the cross-covariance vector
// −(cov(hx, v′), cov(hy, v′)). Unlike the principal axis of the horizontal
// acceleration it is not fooled by mediolateral sway, which in walking is
// often the larger horizontal signal but alternates sign from step to step
// and so averages out of the covariance with the step-periodic vertical.
// The derivative is the central difference (v[n] − v[n−2])·fs/2, paired
// with the horizontal sample n−1.
//
// Means and covariances follow the weighted incremental update
// d = x − m; m ← m + α·d; C ← (1 − α)·(C + α·d·dᵀ), α = 1 − exp(−1/(fs·tau)),
// started from the first sample. Push is allocation free. The zero Heading
// is not usable; call NewHeading.
type Heading struct {
	fs, alpha float64
	need      int // samples before Forward may report ok

	n        int // samples accumulated in the covariance
	nv       int // vertical samples seen since the last Restart (saturates at 2)
	v1, v2   float64
	hx1, hy1 float64 // horizontal sample paired with the next derivative

	mx, my, md    float64 // means of hx, hy, dv/dt
	cxx, cxy, cyy float64 // horizontal covariance
	cxd, cyd, cdd float64 // covariances with dv/dt
}

// Thresholds of Heading.Forward.
const (
	// headingMinVar is the horizontal variance, (m/s²)², below which the
	// horizontal acceleration is treated as negligible (0.01 m/s² RMS).
	headingMinVar = 1e-4
	// headingMinCorr is the least |cov(h, v′)| / sqrt(var(h)·var(v′)) for
	// the direction to count as defined.
	headingMinCorr = 0.05
)

// NewHeading returns a Heading for sample rate fs Hz with covariance time
// constant tau seconds (a few strides or more, for example 10 s). Forward
// reports ok only after tau seconds of data, counted from the third sample
// (the central difference of the vertical needs two before it): fs·tau + 2
// samples, at least 3. It panics
// if fs or tau is not positive and finite.
func NewHeading(fs, tau float64) *Heading {
	if !(fs > 0) || math.IsInf(fs, 0) || !(tau > 0) || math.IsInf(tau, 0) {
		panic("dsp: NewHeading needs fs > 0 and tau > 0")
	}
	// (clamped before the conversion: a float beyond the int range
	// converts to an implementation-defined int, the least one on amd64;
	// MaxInt>>1 is 2⁶², exact as a float, where int has 64 bits, and 2³⁰
	// where it has 32 — 1<<62 was beyond it there: 32-bit ARM)
	need := int(math.Min(math.Ceil(fs*tau), math.MaxInt>>1))
	return &Heading{
		fs:    fs,
		alpha: -math.Expm1(-1 / (fs * tau)),
		need:  max(1, need),
	}
}

// Push adds one levelled sample: horizontal acceleration hx, hy and
// vertical acceleration v, in m/s² (gravity may be included in v; only its
// derivative is used). It does not allocate.
func (h *Heading) Push(hx, hy, v float64) {
	if h.nv < 2 {
		h.nv++
		h.v2, h.v1 = h.v1, v
		h.hx1, h.hy1 = hx, hy
		return
	}
	d := (v - h.v2) * h.fs / 2
	x, y := h.hx1, h.hy1
	h.v2, h.v1 = h.v1, v
	h.hx1, h.hy1 = hx, hy

	if h.n == 0 {
		h.mx, h.my, h.md = x, y, d
		h.n = 1
		return
	}
	h.n++
	a := h.alpha
	dx, dy, dd := x-h.mx, y-h.my, d-h.md
	h.mx += a * dx
	h.my += a * dy
	h.md += a * dd
	b := 1 - a
	h.cxx = b * (h.cxx + a*dx*dx)
	h.cxy = b * (h.cxy + a*dx*dy)
	h.cyy = b * (h.cyy + a*dy*dy)
	h.cxd = b * (h.cxd + a*dx*dd)
	h.cyd = b * (h.cyd + a*dy*dd)
	h.cdd = b * (h.cdd + a*dd*dd)
}

// Forward returns the unit forward vector (fx, fy) in the horizontal plane
// of the levelled frame. ok is false until tau seconds of data have been
// pushed, when the horizontal variance is below 1e-4 (m/s²)², or when the
// correlation between horizontal acceleration and v′ is below 0.05 of
// what a fully correlated horizontal signal would give; (0, 0) is
// returned then.
func (h *Heading) Forward() (fx, fy float64, ok bool) {
	if h.n < h.need {
		return 0, 0, false
	}
	tr := h.cxx + h.cyy
	if !(tr >= headingMinVar) || h.cdd == 0 {
		return 0, 0, false
	}
	c := math.Hypot(h.cxd, h.cyd)
	if !(c >= headingMinCorr*math.Sqrt(tr*h.cdd)) {
		return 0, 0, false
	}
	return -h.cxd / c, -h.cyd / c, true
}

// Restart forgets the previous vertical samples so that the next Push does
// not differentiate across a gap; the covariance estimate is kept.
func (h *Heading) Restart() {
	h.nv = 0
}

// Reset forgets everything, as NewHeading left it.
func (h *Heading) Reset() {
	*h = Heading{fs: h.fs, alpha: h.alpha, need: h.need}
}
