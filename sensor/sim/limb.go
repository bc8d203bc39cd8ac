package sim

import "math"

// Shoe and shank model: planar rigid-segment kinematics in the sagittal
// plane, one cycle per contact of the instrumented foot (IC to its next IC).
// See the package documentation for the formulas.

// limbConst holds the per-placement, per-activity constants.
type limbConst struct {
	shank bool
	imp   float64 // impact deceleration peak (upwards), m/s², before variability
	kb    float64 // fore-aft impact deceleration / vertical one (× braking)
	dur   float64 // impact duration, s
	ang   float64 // strike angle at Braking 1, rad

	// shoe pitch-rate knots
	pre          float64 // s before IC: the slap rotation starts (rate 0)
	slapB, slapC float64 // s after IC: slap minimum, foot flat
	pushFrac     float64 // heel-off at TC − pushFrac·tc
	toAngle      float64 // foot pitch at toe-off, rad

	// shank pitch-rate knots, rad/s (negative)
	icDip, stRel, toDip float64 // knots at IC, IC + relFrac·tc and TC
	relFrac             float64

	midSwing float64 // swing peak knot at TC + midSwing·swing
	clear    float64 // m, mid-swing lift above the higher swing endpoint
	vmid     float64 // mid-swing forward speed over the mean swing speed

	rho1, rho2 vec2 // lever arms pivot → sensor in the segment frame, m
	piv2       vec2 // second stance pivot relative to the first (shoe toe), m
	pivZ       float64
}

func shoeConst(run bool, v float64) limbConst {
	c := limbConst{
		rho1:     vec2{0.09, 0.035}, // heel contact → sensor on the mid-foot
		rho2:     vec2{-0.08, 0.035},
		piv2:     vec2{0.17, 0}, // heel → metatarsal heads
		pushFrac: 0.4,
		vmid:     1.8,
	}
	if run {
		c.imp = g0 * (2.5 + 1.6*v)
		c.kb = 0.6
		c.dur = 0.02
		c.ang = 0.10 + 0.03*v
		c.pre, c.slapB, c.slapC = 0.02, 0.01, 0.045
		c.toAngle = -(0.4 + 0.045*v)
		c.midSwing = 0.45
		c.clear = 0.08 + 0.03*v
	} else {
		c.imp = g0 * (1 + 1.5*v)
		c.kb = 0.5
		c.dur = 0.03
		c.ang = 0.30
		c.pre, c.slapB, c.slapC = 0.03, 0.03, 0.12
		c.toAngle = -0.5
		c.midSwing = 0.5
		c.clear = 0.07
	}
	return c
}

func shankConst(run bool, v float64) limbConst {
	c := limbConst{
		shank: true,
		rho1:  vec2{0.02, 0.25}, // ankle → sensor on the tibia
		pivZ:  0.08,             // ankle height
		vmid:  1.7,
	}
	if run {
		c.imp = g0 * (1.5 + 1.8*v)
		c.kb = 0.4
		c.dur = 0.02
		c.ang = 0.07 + 0.015*v
		c.icDip, c.stRel, c.toDip = -(1 + 0.6*v), -(0.6 + 0.4*v), -(2 + 1.2*v)
		c.relFrac = 0.35
		c.midSwing = 0.45
		c.clear = 0.10
	} else {
		c.imp = g0 * (0.8 + 1.2*v)
		c.kb = 0.3
		c.dur = 0.03
		c.ang = 0.28
		c.icDip, c.stRel, c.toDip = -(0.5 + 0.6*v), -(0.3 + 0.3*v), -(0.8 + 1.0*v)
		c.relFrac = 0.3
		c.midSwing = 0.5
		c.clear = 0.05
	}
	return c
}

// knot is a point of the piecewise-cubic pitch rate: time, rate ω (rad/s)
// and the pitch angle θ (rad) reached there.
type knot struct{ t, w, th float64 }

// limbCycle is one IC-to-IC cycle of the instrumented segment.
type limbCycle struct {
	t0, tc, t1 float64 // IC, toe-off, next IC (absolute, s)
	k          [8]knot
	nk         int
	ho         float64 // end of the first stance pivot (shoe heel-off; shank = tc)
	r1, r2     vec2
	sw         [2]quint // swing: tc → tm → t1
	tm         float64
	imp        vec2    // impact deceleration peaks (forward, up), m/s²
	dur        float64 // impact duration, s
	len        float64 // stride length, m
}

// bump is the impact deceleration shape on u ∈ [0, 1] (0 outside):
// 16·u²(1−u)², the derivative of the quintic smoothstep
// S(u) = 10u³ − 15u⁴ + 6u⁵ scaled to peak 1 at u = ½; its area is 8/15.
func bump(u float64) float64 {
	if u <= 0 || u >= 1 {
		return 0
	}
	x := u * (1 - u)
	return 16 * x * x
}

// angle returns θ, θ' and θ” at t. Between knots the rate is the cubic
// Hermite ω(u) = ω_a + (ω_b − ω_a)·(3u² − 2u³), so α = 0 at every knot and
// θ(u) = θ_a + h·(ω_a·u + (ω_b − ω_a)·(u³ − u⁴/2)).
func (c *limbCycle) angle(t float64) (th, w, al float64) {
	i := 0
	for i < c.nk-2 && t >= c.k[i+1].t {
		i++
	}
	a, b := c.k[i], c.k[i+1]
	h := b.t - a.t
	u := math.Min(math.Max((t-a.t)/h, 0), 1)
	d := b.w - a.w
	w = a.w + d*u*u*(3-2*u)
	al = d * 6 * u * (1 - u) / h
	th = a.th + h*(a.w*u+d*(u*u*u-u*u*u*u/2))
	return th, w, al
}

// setKnots fills the knot angles by integrating the rate from th0 at the
// first knot.
func (c *limbCycle) setKnots(th0 float64, ks ...knot) {
	c.nk = len(ks)
	th := th0
	for i := range ks {
		if i > 0 {
			th += (ks[i].t - ks[i-1].t) * (ks[i].w + ks[i-1].w) / 2
		}
		ks[i].th = th
		c.k[i] = ks[i]
	}
}

// stanceState returns the sensor's position, velocity and acceleration in
// the world (local) frame for a segment rotating about a fixed pivot q:
// p = q + R(θ)ρ, v = ω·J·R·ρ, a = α·J·R·ρ − ω²·R·ρ.
func stanceState(q vec2, th, w, al float64, rho vec2) (p, v, a vec2) {
	r := rot2(th, rho)
	jr := perp(r)
	p = vec2{q[0] + r[0], q[1] + r[1]}
	v = vec2{w * jr[0], w * jr[1]}
	a = vec2{al*jr[0] - w*w*r[0], al*jr[1] - w*w*r[1]}
	return p, v, a
}

// newCycle builds the cycle starting at contact a (instrumented side) and
// ending at the same foot's next contact b.
func (m *model) newCycle(a, b *step) limbCycle {
	lc := &m.limb
	c := limbCycle{t0: a.ic, tc: a.ic + a.tc, t1: b.ic, r1: lc.rho1, r2: lc.rho1, ho: a.ic + a.tc}
	c.imp = vec2{-lc.kb * a.imp * a.brk, a.imp}
	c.dur = lc.dur
	c.len = m.v * (b.ic - a.ic)
	swing := c.t1 - c.tc
	tf := c.tc + lc.midSwing*swing
	var q1, q2 vec2 // stance pivot at tc, and at the next IC
	if !lc.shank {
		// Foot pitch θ: s0 (toe up) when the slap starts, pre before IC →
		// 0 at foot flat → 0 at heel-off → toAngle at TC → swing → s1
		// when the next slap starts.
		s0, s1 := a.ang, b.ang
		slapC := math.Min(lc.slapC, 0.3*a.tc)
		slapB := math.Min(lc.slapB, slapC/2)
		slap0 := -2 * s0 / (slapC + lc.pre)
		slap1 := -2 * s1 / (math.Min(lc.slapC, 0.3*b.tc) + lc.pre)
		ho := math.Max(c.tc-lc.pushFrac*a.tc, c.t0+slapC+0.005)
		thTo := lc.toAngle * a.vr
		push := 2 * thTo / (c.tc - ho)
		tp := c.t1 - lc.pre
		h1, h2 := tf-c.tc, tp-tf
		peak := (s1 - thTo - push*h1/2) * 2 / (h1 + h2)
		c.setKnots(s0,
			knot{t: c.t0 - lc.pre}, knot{t: c.t0 + slapB, w: slap0}, knot{t: c.t0 + slapC},
			knot{t: ho}, knot{t: c.tc, w: push}, knot{t: tf, w: peak},
			knot{t: tp}, knot{t: c.t1 + math.Min(lc.slapB, math.Min(lc.slapC, 0.3*b.tc)/2), w: slap1})
		c.ho = ho
		c.r2 = lc.rho2
		q1 = lc.piv2
		q2 = vec2{c.len, 0}
	} else {
		// Shank tilt φ (distal end forward positive): rate knots at IC
		// (dip), early stance (relative maximum), TC (dip: the rate's
		// minimum is at toe-off, as Purcell's detector assumes), mid-swing
		// (peak, solved so φ returns to the next strike angle).
		p0, p1 := a.ang, b.ang
		d0, d1 := lc.icDip*a.vr, lc.icDip*b.vr
		sr, td := lc.stRel*a.vr, lc.toDip*a.vr
		tr := c.t0 + lc.relFrac*a.tc
		tt := c.tc
		h01, h12, h23, h34 := tr-c.t0, tt-tr, tf-tt, c.t1-tf
		rest := p1 - p0 - (d0+sr)*h01/2 - (sr+td)*h12/2 - td*h23/2 - d1*h34/2
		peak := rest * 2 / (h23 + h34)
		c.setKnots(p0,
			knot{t: c.t0, w: d0}, knot{t: tr, w: sr}, knot{t: tt, w: td},
			knot{t: tf, w: peak}, knot{t: c.t1, w: d1})
		q1 = vec2{0, lc.pivZ}
		q2 = vec2{c.len, lc.pivZ}
	}
	// Swing: quintic Hermite from the stance state at TC, through a
	// mid-swing point (lifted, moving forward, no acceleration), to the
	// next contact. The segment arrives with an extra velocity vin
	// (down and forward) relative to its stance motion, which the impact
	// removes: the world acceleration gains −vin·S'(u)/D on [IC, IC+D],
	// so the sensor lands vin·D/2 short of its stance position.
	th, w, al := c.angle(c.tc)
	pe, ve, ae := stanceState(q1, th, w, al, c.r2)
	th, w, al = c.angle(c.t1)
	p1, v1, a1 := stanceState(q2, th, w, al, c.r1)
	dv := b.imp * lc.dur * 8 / 15 // area of the impact deceleration
	vin := vec2{lc.kb * b.brk * dv, -dv}
	p1 = vec2{p1[0] - vin[0]*lc.dur/2, p1[1] - vin[1]*lc.dur/2}
	v1 = vec2{v1[0] + vin[0], v1[1] + vin[1]}
	c.tm = (c.tc + c.t1) / 2
	pm := vec2{(pe[0] + p1[0]) / 2, math.Max(pe[1], p1[1]) + lc.clear}
	vm := vec2{lc.vmid * (p1[0] - pe[0]) / swing, 0}
	c.sw[0] = newQuint(c.tc, c.tm, pe, ve, ae, pm, vm, vec2{})
	c.sw[1] = newQuint(c.tm, c.t1, pm, vm, vec2{}, p1, v1, a1)
	return c
}

// eval returns the specific force in the segment frame (forward, up along
// the segment) in m/s² and the pitch rate θ' in rad/s (positive: toe up,
// shank distal end forward) at t ∈ [t0, t1).
func (c *limbCycle) eval(t float64) (f vec2, w float64) {
	th, w, al := c.angle(t)
	var aw, extra vec2 // world acceleration (translation); segment-frame rotation terms
	if t < c.tc {
		r := c.r2
		if t < c.ho {
			r = c.r1
		}
		// R(θ)ᵀ·(α·J·R·ρ − ω²·R·ρ) = α·J·ρ − ω²·ρ
		jr := perp(r)
		extra = vec2{al*jr[0] - w*w*r[0], al*jr[1] - w*w*r[1]}
		if p := bump((t - c.t0) / c.dur); p != 0 {
			aw = vec2{c.imp[0] * p, c.imp[1] * p}
		}
	} else {
		q := &c.sw[0]
		if t >= c.tm {
			q = &c.sw[1]
		}
		aw = q.acc(t)
	}
	aw[1] += g0
	s, co := math.Sincos(th)
	f = vec2{co*aw[0] + s*aw[1] + extra[0], -s*aw[0] + co*aw[1] + extra[1]}
	return f, w
}
