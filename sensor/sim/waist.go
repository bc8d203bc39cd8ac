package sim

import "math"

// Waist model. All functions take the step slice st and the index j of the
// step containing t (st[j].ic ≤ t < st[j+1].ic) and return quantities in
// the earth-levelled frame that travels with the runner: vertical up,
// anteroposterior forward, mediolateral right. Neighbouring steps are
// consulted because smoothing and walking stances reach across ICs.

// vert returns the vertical specific force a_v (gravity included), m/s².
func (m *model) vert(st []step, j int, t float64) float64 {
	if m.run {
		var a float64
		for i := max(j-1, 0); i <= j+1 && i < len(st); i++ {
			s := &st[i]
			a += s.av*lobe(t, s.ic, s.ic+s.tc, m.w, s.gSt) +
				s.imp*lobe(t, s.ic+impOff, s.ic+impOff+impDur, m.w, m.gImp)
		}
		return a
	}
	s := &st[j]
	a := g0 + s.aw*s.walkShape(t-s.ic)
	if j+1 < len(st) && wp.on < 0 {
		n := &st[j+1]
		a += n.aw * n.wl * pulse(t-n.ic, wp.on, wp.rise, wp.rise+wp.fall)
	}
	return a
}

// walkValley returns the valley lobe's start and minimum, s after IC.
func (s *step) walkValley() (v0, vm float64) {
	return wp.v0 * s.ds, s.ds + wp.vMin*(s.T-s.ds)
}

// walkBumpW returns the half-width of the toe-off bump, s.
func (s *step) walkBumpW() float64 {
	return math.Min(wp.bumpW, math.Min(s.ds, (s.T-s.ds)/2))
}

// walkShape returns the walking vertical waveform of step s at dt after
// its IC, in units of s.aw.
func (s *step) walkShape(dt float64) float64 {
	if dt < 0 || dt >= s.T {
		return 0
	}
	a := math.Cos(2 * math.Pi * (dt/s.T - wp.phase))
	a += s.wl * pulse(dt, wp.on, wp.rise, wp.rise+wp.fall)
	wb := s.walkBumpW()
	tb := s.ds + wp.bumpOff
	a += wp.bump * pulse(dt, tb-wb, tb, tb+wb)
	v0, vm := s.walkValley()
	a -= s.wn * pulse(dt, v0, vm, s.T)
	return a
}

// walkStep sets the walking waveform amplitudes of st from st.T, st.ds
// and st.imp.
func (m *model) walkStep(st *step) {
	st.aw = m.awK * zijlstra(m.v*st.T) / (st.T * st.T)
	st.wl = wp.load * st.imp / m.impBase
	v0, _ := st.walkValley()
	area := st.wl*(wp.rise+wp.fall-wp.on)/2 + wp.bump*st.walkBumpW()
	st.wn = area * 2 / (st.T - v0)
}

// walkScale sets awK so that a nominal step (T0, mean contact time, mean
// impact) has the vertical excursion of the pendulum.
func (m *model) walkScale() {
	s := step{T: m.T0, ds: m.c.GCT - m.T0, imp: m.impBase}
	m.awK = 1
	m.walkStep(&s)
	var a, v [truthN + 1]float64
	h := s.T / truthN
	for k := range a {
		a[k] = s.walkShape(float64(k) * h)
	}
	e := excursion(a[:], v[:], h) // metres per unit aw
	m.awK = m.T0 * m.T0 / e
}

// ap returns the forward acceleration, m/s².
func (m *model) ap(st []step, j int, t float64) float64 {
	var a float64
	for i := max(j-1, 0); i <= j+1 && i < len(st); i++ {
		s := &st[i]
		bk := m.brkBase * s.brk
		if m.run {
			ai := apImpact * s.imp * s.brk
			tb := s.ic + brakeFrac*s.tc
			pp := (bk*brakeFrac*s.tc + ai*impDur) / ((1 - brakeFrac) * s.tc)
			a += -bk*lobe(t, s.ic, tb, m.w, s.gBr) -
				ai*lobe(t, s.ic+impOff, s.ic+impOff+impDur, m.w, m.gImp) +
				pp*lobe(t, tb, s.ic+s.tc, m.w, s.gPr)
		} else {
			dt := t - s.ic
			b0 := wp.b0
			b1 := s.ds + wp.bEnd*(s.T-s.ds)
			bm := b0 + wp.bPk*(b1-b0)
			p1 := s.T + b0
			pm := math.Min(math.Max(s.T-wp.pLead, b1+0.1*(p1-b1)), p1-0.1*(p1-b1))
			a += -bk*pulse(dt, b0, bm, b1) + bk*(b1-b0)/(p1-b1)*pulse(dt, b1, pm, p1)
		}
	}
	return a
}

// ml returns the rightward acceleration, m/s².
func (m *model) ml(st []step, j int, t float64) float64 {
	var a float64
	for i := max(j-2, 0); i <= j+1 && i < len(st); i++ {
		s := &st[i]
		a += sgn(s.side) * m.mlA * m.tcRef / s.tc * lobe(t, s.ic, s.ic+s.tc, m.w, s.gSt)
	}
	s := &st[j]
	a += sgn(s.side) * m.swayA * m.T0 / s.T * math.Sin(math.Pi*(t-s.ic)/s.T)
	return a
}

// trunk returns the trunk oscillation angles (roll, pitch without Lean,
// yaw) in rad and their rates in rad/s.
func (m *model) trunk(st []step, j int, t float64) (ang, rate vec3) {
	s := &st[j]
	u := (t - s.ic) / s.T
	k := math.Pi / s.T
	sn, cs := math.Sincos(math.Pi * u)
	sn2, cs2 := math.Sincos(2 * math.Pi * u)
	g := sgn(s.side)
	ang = vec3{m.rollA * g * sn, m.pitchA * sn2, -m.yawA * g * sn}
	rate = vec3{m.rollA * g * k * cs, m.pitchA * 2 * k * cs2, -m.yawA * g * k * cs}
	return ang, rate
}

// waist returns the levelled specific force (x up, y forward, z left) and
// the trunk orientation and body angular velocity at t.
func (m *model) waist(st []step, j int, t float64) (f vec3, rb mat3, w vec3) {
	f = vec3{m.vert(st, j, t), m.ap(st, j, t), -m.ml(st, j, t)}
	ang, rate := m.trunk(st, j, t)
	pitch := m.c.Lean + ang[1]
	rb = orient(ang[0], pitch, ang[2])
	w = orientRate(ang[0], pitch, rate[0], rate[1], rate[2])
	return f, rb, w
}
