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
	u := (t - s.ic) / s.T
	return g0 + s.aw*math.Cos(2*math.Pi*(u-walkPeak)) + s.imp*shock((t-s.ic)/walkShockDur)
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
			tb := s.ic + walkBrake*s.T
			a += -bk*lobe(t, s.ic, tb, m.w, s.gBr) +
				bk*walkBrake/(1-walkBrake)*lobe(t, tb, s.ic+s.T, m.w, s.gPr)
		}
	}
	if !m.run {
		s := &st[j]
		a -= walkAPShock * s.imp * s.brk * shock((t-s.ic)/walkShockDur)
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
