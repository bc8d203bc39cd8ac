package sim

import "math"

// Waist on a grade. The running factors below follow Gottschall & Kram
// (2005, J Biomech 38:445), who measured the ground reaction normal and
// parallel to a force treadmill's belt at 3 m/s on 0, ±3, ±6 and ±9°
// (see "Waist on a grade" in the package documentation):
//
//   - the normal impact peak is 54 % larger at −9° and absent at +9°;
//   - the parallel braking peak is 73 % larger at −9°, the parallel
//     propulsive peak 75 % larger at +9°;
//   - the normal active peak does not change.
//
// The factors are linear in the angle between these points and held at
// their ±9° values beyond (the paper measured no steeper slopes). The
// uphill braking peak and the downhill propulsive peak are the mirror of
// the measured ones (smaller by 73 % and 75 % at ±9°): the paper's
// abstract gives only the direction of those changes, not their size.
const (
	gkDeg        = 9.0  // steepest slope measured, degrees
	gkImpactDown = 0.54 // normal impact peak, relative increase at −9°
	gkBrakeDown  = 0.73 // parallel braking peak, relative increase at −9°
	gkPropUp     = 0.75 // parallel propulsive peak, relative increase at +9°
	gkFracLo     = 0.15 // braking share of stance, bounds on a grade
	gkFracHi     = 0.75
)

// gradeAngle returns sin and cos of the slope angle atan(grade).
func gradeAngle(grade float64) (s, c float64) {
	return math.Sincos(math.Atan(grade))
}

// gradeFactors returns the running waist's factors on a grade: normal
// impact ki, parallel braking kb and propulsion kp peaks relative to level.
func gradeFactors(grade float64) (ki, kb, kp float64) {
	d := math.Atan(grade) * 180 / math.Pi / gkDeg // −1 at −9°, +1 at +9°
	d = math.Min(math.Max(d, -1), 1)
	if d < 0 {
		ki = 1 - gkImpactDown*d
	} else {
		ki = 1 - d // absent at +9°
	}
	kb = 1 - gkBrakeDown*d
	kp = 1 + gkPropUp*d
	return ki, kb, kp
}

// gradeContact is the factor on a running waist's mean contact time on a
// grade that keeps the normal active peak at its level value (Gottschall
// & Kram: it does not change) for a step of T0 s at v m/s: the stance
// half-sine of amplitude A over tc and the impact bump carry the normal
// impulse g0·cos θ·T0, so with A fixed, tc ∝ g0·cos θ·T0 − (impact area).
// The impact shrinks uphill, so contact lengthens and flight shortens
// (about +7 % at +9°, 3–3.3 m/s); downhill it shortens (about −6 % at
// −9°).
func gradeContact(grade, v, T0 float64) float64 {
	_, c := gradeAngle(grade)
	ki, _, _ := gradeFactors(grade)
	imp := runImpact(v) * 2 * impDur / math.Pi
	return (g0*c*T0 - ki*imp) / (g0*T0 - imp)
}

// runImpact is the running waist's mean impact bump amplitude on level
// ground at v m/s, m/s².
func runImpact(v float64) float64 { return g0 * 0.45 * v }

// gradeStep sets the running stance of step st on a grade: the normal
// half-sine's amplitude (the normal impulse over the step is g0·cos θ·T),
// and the parallel braking and propulsion. The braking lobe's peak is kb
// times level's, the propulsion's kp times the level propulsion of the
// same step; the braking share of stance bf is then what makes the
// parallel impulse over the step g0·sin θ·T (the share of the body's
// weight along the slope, which the ground must push at constant speed).
// When that share falls outside gkFracLo..gkFracHi it is held there and
// the propulsion's peak gives way. impL is the step's impact bump on
// level ground (before ki); the fore-aft part of the impact scales with
// the braking (kb), not with the normal impact (ki).
func (m *model) gradeStep(st *step, impL float64) {
	tc := st.tc
	st.av = (g0*m.gc*st.T - st.imp*2*impDur/math.Pi) * math.Pi / (2 * tc)
	bk0 := m.brkBase * st.brk
	q := m.kp * (bk0*brakeFrac*tc + apImpact*impL*st.brk*impDur) / ((1 - brakeFrac) * tc)
	// the whole parallel braking, its impact transient included, scales
	// with kb: Gottschall & Kram's braking peak is the parallel force's
	// deepest, which the transient makes here (level: 0.74 g at 3 m/s)
	bk := m.kb * bk0
	ai := m.kb * apImpact * impL * st.brk
	net := g0 * m.gs * st.T * math.Pi / 2 // in units of half-sine amplitude × duration
	f := (q*tc - ai*impDur - net) / ((q + bk) * tc)
	f = math.Min(math.Max(f, gkFracLo), gkFracHi)
	st.bf, st.bk, st.ai = f, bk, ai
	st.pp = (bk*f*tc + ai*impDur + net) / ((1 - f) * tc)
}
