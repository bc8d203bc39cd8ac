package sim

import "math"

// Waist model. All functions take the step slice st and the index j of the
// step containing t (st[j].ic ≤ t < st[j+1].ic) and return quantities in
// the earth-levelled frame that travels with the runner: vertical up,
// anteroposterior forward, mediolateral right. Neighbouring steps are
// consulted because smoothing and walking stances reach across ICs.

// vert returns the vertical specific force a_v (gravity included), m/s².
// On a grade it is the earth-vertical part of the ground reaction built
// normal (norm) and parallel (par) to the ground: n·cos θ + p·sin θ.
func (m *model) vert(st []step, j int, t float64) float64 {
	if !m.grade {
		return m.norm(st, j, t)
	}
	return m.gc*m.norm(st, j, t) + m.gs*m.par(st, j, t)
}

// ap returns the forward acceleration, m/s²: on a grade the
// earth-horizontal part of the ground reaction, −n·sin θ + p·cos θ.
func (m *model) ap(st []step, j int, t float64) float64 {
	if !m.grade {
		return m.par(st, j, t)
	}
	return m.gc*m.par(st, j, t) - m.gs*m.norm(st, j, t)
}

// norm returns the specific force normal to the ground (level: vertical),
// m/s²; its mean over a step is g0·cos θ.
func (m *model) norm(st []step, j int, t float64) float64 {
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
	if m.grade {
		return g0*m.gc + s.aw*s.walkShape(t-s.ic)
	}
	return g0 + s.aw*s.walkShape(t-s.ic)
}

// Walking vertical waveform. Step s spans [0, T) after its IC; DS = s.ds
// is the double support before the other foot's toe-off. In units of
// s.aw, with raised-cosine pulses P(a, p, b) (see pulse):
//
//	cos(2π(u − walkPhase))                         pendulum, u = dt/T
//	+ wl·P(0, walkRise, walkRise + walkFall)       loading (heel strike)
//	− walkTrough·P(trough)                         unloading in double support
//	+ walkBump·P(bump)                             at the other foot's toe-off
//	− wn·P(DS, DS + walkValley·(T − DS), T)        single-support valley
//
// Every term lies inside [0, T) and wn makes the step's area zero, so the
// mean over each step is exactly g0.

// walkTrough returns the centre and half-width of the trough, s after IC.
func (s *step) walkTrough() (tt, wt float64) {
	d := math.Max(s.ds-walkRise, 0)
	return walkRise + walkTroughAt*d, math.Min(walkTroughW, 0.4*d)
}

// walkBump returns the centre and half-width of the toe-off bump, s after
// IC.
func (s *step) walkBump() (tb, wb float64) {
	return s.ds + walkBumpAt, math.Min(walkBumpW, math.Min(0.4*s.ds, (s.T-s.ds)/2))
}

// walkShape returns the walking vertical waveform of step s at dt after
// its IC, in units of s.aw (0 outside the step).
func (s *step) walkShape(dt float64) float64 {
	if dt < 0 || dt >= s.T {
		return 0
	}
	a := math.Cos(2*math.Pi*(dt/s.T-walkPhase)) + s.wl*pulse(dt, 0, walkRise, walkRise+walkFall)
	tt, wt := s.walkTrough()
	tb, wb := s.walkBump()
	a += walkBump*pulse(dt, tb-wb, tb, tb+wb) - walkTrough*pulse(dt, tt-wt, tt, tt+wt)
	return a - s.wn*pulse(dt, s.ds, s.ds+walkValley*(s.T-s.ds), s.T)
}

// walkStep sets the walking waveform amplitudes of st from st.T, st.ds
// and st.imp (the loading pulse's peak in m/s²): the pulses' areas are
// (b − a)/2, and the valley takes the sum of the others.
func (m *model) walkStep(st *step) {
	st.aw = m.awK * zijlstra(m.v*st.T) / (st.T * st.T)
	st.wl = st.imp / st.aw
	_, wt := st.walkTrough()
	_, wb := st.walkBump()
	area := st.wl*(walkRise+walkFall)/2 + walkBump*wb - walkTrough*wt
	st.wn = area * 2 / (st.T - st.ds)
}

// walkScale sets awK so that the nominal step (T0, DS = GCT − T0, loading
// walkLoad) has the vertical excursion h of the pendulum, and impBase, the
// mean impact, to that step's loading pulse amplitude in m/s². Other steps
// scale as h/T², like the pendulum's acceleration; their VO differs from h
// as their double support and impact differ (about ±6 % at the default
// variability).
func (m *model) walkScale() {
	s := step{T: m.T0, ds: m.c.GCT - m.T0, aw: 1, imp: walkLoad}
	m.awK = m.T0 * m.T0 / zijlstra(m.v*m.T0) // aw = 1 for now
	m.walkStep(&s)
	var a, v [truthN + 1]float64
	h := s.T / truthN
	for k := range a {
		a[k] = s.walkShape(float64(k) * h)
	}
	e := excursion(a[:], v[:], h) // metres per unit aw
	m.awK = m.T0 * m.T0 / e
	m.impBase = walkLoad * zijlstra(m.v*m.T0) / e
}

// par returns the forward acceleration parallel to the ground (level:
// horizontal), m/s²; its mean over a step is g0·sin θ.
func (m *model) par(st []step, j int, t float64) float64 {
	var a float64
	for i := max(j-1, 0); i <= j+1 && i < len(st); i++ {
		s := &st[i]
		bk := m.brkBase * s.brk
		if m.run {
			ai := apImpact * s.imp * s.brk
			tb := s.ic + brakeFrac*s.tc
			pp := (bk*brakeFrac*s.tc + ai*impDur) / ((1 - brakeFrac) * s.tc)
			if m.grade {
				bk, ai, pp, tb = s.bk, s.ai, s.pp, s.ic+s.bf*s.tc
			}
			a += -bk*lobe(t, s.ic, tb, m.w, s.gBr) -
				ai*lobe(t, s.ic+impOff, s.ic+impOff+impDur, m.w, m.gImp) +
				pp*lobe(t, tb, s.ic+s.tc, m.w, s.gPr)
		} else {
			// Braking from walkBrake0 after IC into early single
			// support, propulsion of equal area until walkBrake0 after
			// the next IC, peaking walkPropLead before it.
			dt := t - s.ic
			b1 := s.ds + walkBrakeEnd*(s.T-s.ds)
			p1 := s.T + walkBrake0
			pm := math.Min(math.Max(s.T-walkPropLead, b1+0.1*(p1-b1)), p1-0.1*(p1-b1))
			a += -bk*pulse(dt, walkBrake0, walkBrake0+walkBrakePk*(b1-walkBrake0), b1) +
				bk*(b1-walkBrake0)/(p1-b1)*pulse(dt, b1, pm, p1)
		}
	}
	if m.grade && !m.run {
		// walking: the level waveform taken as parallel to the ground,
		// plus the share of weight along the slope, constant (a foot is
		// always on the ground)
		a += g0 * m.gs
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
	rollA, yawA := m.rollA, m.yawA
	if s.side == 'R' {
		// per-side amplitudes: the angle is 0 at each IC, so it stays
		// continuous; the rate steps at IC
		rollA *= 1 + m.c.RollAsym
		yawA *= 1 + m.c.YawAsym
	}
	ang = vec3{rollA * g * sn, m.pitchA * sn2, -yawA * g * sn}
	rate = vec3{rollA * g * k * cs, m.pitchA * 2 * k * cs2, -yawA * g * k * cs}
	if !m.run {
		// Walking: most backward at IC, pitching forward through the
		// loading response.
		ang[1], rate[1] = -m.pitchA*cs2, m.pitchA*2*k*sn2
	}
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
