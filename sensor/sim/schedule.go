package sim

import (
	"math"
	"math/rand/v2"

	"github.com/gaitd/gaitd/sensor"
)

const g0 = sensor.G0

// lead is the number of virtual steps generated before the first contact,
// so the signal at t = 0 is already steady gait (or, with Standing, so the
// limb models have a previous stride).
const lead = 4

// step is one contact of the two-leg schedule: IC of one foot to IC of the
// other.
type step struct {
	ic   float64 // initial contact, s
	T    float64 // step time: next IC − ic, s
	tc   float64 // contact time: toe-off − ic, s
	side byte
	real bool // false for the lead-in before the first contact

	imp float64 // impact peak, m/s² (waist: running bump, walking loading pulse; shoe, shank: deceleration)
	brk float64 // braking scale: Braking × (1 + variability draw)
	vr  float64 // 1 + the same draw: scales limb angles and rates
	ang float64 // limb strike angle, rad: shoe toe-up pitch, shank forward tilt at IC

	av float64 // waist running: amplitude of the stance half-sine, m/s²

	// waist running: braking share of stance (brakeFrac on the level);
	// on a grade (see gradeStep) also the braking, fore-aft impact and
	// propulsion amplitudes (parallel to the ground), m/s²
	bf, bk, ai, pp float64

	// waist walking (see walkShape): scale of the vertical waveform,
	// m/s²; double support (the other foot's toe-off − ic), s; loading and
	// valley amplitudes relative to aw
	aw, ds, wl, wn float64

	// interior gains of the smoothed lobes (see lobe): stance, braking,
	// propulsion
	gSt, gBr, gPr float64
}

// model holds the constants derived from a normalized Config.
type model struct {
	c    Config
	run  bool
	v    float64    // speed, m/s
	T0   float64    // mean step time, s
	gct  [2]float64 // mean contact time, left and right, s
	vari float64    // variability fraction (0 = none)
	t0   float64    // first contact, s
	w    float64    // waist smoothing kernel width, s
	gImp float64    // interior gain of the impact lobe

	// waist
	impBase float64 // impact amplitude, m/s²
	brkBase float64 // braking amplitude, m/s²
	mlA     float64 // ML stance lobe amplitude at tcRef, m/s²
	swayA   float64 // ML stride sway amplitude at T0, m/s²
	tcRef   float64
	yawA    float64 // trunk oscillation amplitudes, rad
	rollA   float64
	pitchA  float64

	awK float64 // waist walking: waveform scale aw = awK·h/T² (see walkScale)

	// waist on a grade (see grade.go): grade != 0; sin and cos of the
	// slope angle; running's braking and propulsion factors
	grade    bool
	gs, gc   float64
	kb, kp   float64
	impLevel float64 // running impact amplitude on level ground, m/s²

	// limb
	limb limbConst
}

func newModel(c Config) *model {
	m := &model{c: c, run: c.Activity == Running, v: c.Speed}
	m.T0 = 60 / c.Cadence
	m.gct[0] = 2 * c.GCT * c.GCTBalance / 100
	m.gct[1] = 2 * c.GCT * (100 - c.GCTBalance) / 100
	m.vari = math.Max(c.Variability, 0)
	m.t0 = c.Standing + 0.05
	m.tcRef = c.GCT
	v := m.v
	m.gc = 1
	if c.Grade != 0 {
		m.grade = true
		m.gs, m.gc = gradeAngle(c.Grade)
	}
	if m.run {
		m.w = 0.04
		m.impBase = runImpact(v)
		if m.grade {
			var ki float64
			ki, m.kb, m.kp = gradeFactors(c.Grade)
			m.impLevel = m.impBase
			m.impBase *= ki
		}
		m.brkBase = g0 * (0.12 + 0.04*v)
		m.mlA = 0.2 * g0
		m.swayA = 0.08 * g0
		m.yawA, m.rollA, m.pitchA = 0.10, 0.07, 0.03
	} else {
		m.w = 0.05
		m.brkBase = g0 * (0.065 + 0.13*v)
		m.mlA = 0.05 * g0
		m.swayA = 0.08 * g0
		m.yawA, m.rollA, m.pitchA = 0.07, 0.05, 0.025
	}
	m.gImp = lobeGain(impDur, m.w)
	if !m.run {
		m.walkScale() // sets impBase
	}
	switch c.Placement {
	case Shoe:
		m.limb = shoeConst(m.run, v)
		m.impBase = m.limb.imp
	case Shank:
		m.limb = shankConst(m.run, v)
		m.impBase = m.limb.imp
	}
	return m
}

// fatigue returns the drift ramp at time t: 0 before 2/3·Duration, rising
// linearly to 1 at Duration.
func (m *model) fatigue(t float64) float64 {
	d := m.c.Duration
	return math.Min(math.Max((t-2*d/3)/(d/3), 0), 1)
}

func sideIndex(s byte) int {
	if s == 'R' {
		return 1
	}
	return 0
}

// sgn is +1 for a left contact and −1 for a right one.
func sgn(s byte) float64 {
	if s == 'R' {
		return -1
	}
	return 1
}

func other(s byte) byte {
	if s == 'R' {
		return 'L'
	}
	return 'R'
}

// Running impact bump and stance shape constants (waist).
const (
	impOff    = 0.004 // s from IC to the start of the impact bump
	impDur    = 0.030 // s, impact bump duration before smoothing
	brakeFrac = 0.4   // braking share of stance
	apImpact  = 0.6   // fore-aft impact as a fraction of the vertical one (× braking)
)

// Walking constants (waist): the vertical waveform (see walkShape), in
// units of the step's scale aw, and the forward lobes. Fitted to the
// IC-aligned mean of the mobgap HA001 straight walks (see the package
// documentation).
const (
	walkPhase    = 0.015 // pendulum cosine maximum, fraction of the step after IC
	walkRise     = 0.020 // s from IC to the loading peak
	walkFall     = 0.075 // s from the loading peak to the end of the loading pulse
	walkLoad     = 1.4   // loading pulse amplitude at the mean impact
	walkTrough   = 0.45  // trough depth
	walkTroughAt = 0.6   // trough centre: walkRise + walkTroughAt·(DS − walkRise)
	walkTroughW  = 0.05  // s, trough half-width (at most 0.4·(DS − walkRise))
	walkBump     = 0.75  // bump height at the other foot's toe-off
	walkBumpAt   = -0.01 // s, bump centre relative to that toe-off
	walkBumpW    = 0.045 // s, bump half-width (at most 0.4·DS)
	walkValley   = 0.75  // valley minimum, fraction of single support
	walkBrake0   = 0.045 // s from IC to the start of braking
	walkBrakeEnd = 0.25  // braking ends at DS + walkBrakeEnd·(T − DS)
	walkBrakePk  = 0.3   // braking minimum, fraction of the braking lobe
	walkPropLead = 0.03  // s from the propulsion peak to the next IC
	legLen       = 0.95  // m, pendulum length (sensor height)
	zijlstraA    = 1.15  // step length correction factor of the pendulum model
)

// zijlstra returns the vertical excursion h of an inverted pendulum of
// length legLen for step length L: L = A·2·sqrt(2·l·h − h²), so
// h = l − sqrt(l² − (L/2A)²).
func zijlstra(L float64) float64 {
	x := L / (2 * zijlstraA)
	x = math.Min(x, 0.9*legLen)
	return legLen - math.Sqrt(legLen*legLen-x*x)
}

// scheduler generates the step schedule sequentially from its own seeded
// generator. Two schedulers built from the same model produce the same
// steps, so the stream (which keeps only a few steps) and Truth (which
// keeps all) agree exactly.
type scheduler struct {
	m    *model
	rng  *rand.Rand
	idx  int     // index of the next step; negative during the lead-in
	ic   float64 // its initial contact
	fc   float64 // toe-off of the step before it
	T    float64 // its step time (drawn one step ahead)
	side byte
}

func newScheduler(m *model) scheduler {
	return scheduler{
		m:    m,
		rng:  rand.New(rand.NewPCG(m.c.Seed, 0x9e3779b97f4a7c15)),
		idx:  -lead,
		ic:   m.t0 - lead*m.T0,
		T:    m.T0,
		side: m.c.StartSide, // lead is even, so step 0 gets StartSide
		fc:   m.t0 - (lead+1)*m.T0 + m.gct[sideIndex(other(m.c.StartSide))],
	}
}

// draw returns a standard normal draw clamped to ±3.
func (sc *scheduler) draw() float64 {
	return math.Min(math.Max(sc.rng.NormFloat64(), -3), 3)
}

func (sc *scheduler) next() step {
	m := sc.m
	c := &m.c
	if sc.idx == 0 {
		sc.ic = m.t0
	}
	st := step{ic: sc.ic, T: sc.T, side: sc.side, real: sc.idx >= 0, ds: sc.fc - sc.ic}
	nextIC := sc.ic + sc.T
	Tn := m.T0
	if sc.idx+1 >= 0 {
		Tn = m.T0 / (1 - c.FatigueDrift*m.fatigue(nextIC)) * (1 + m.vari*sc.draw())
	}
	var n2, n3, n4, f float64
	if st.real {
		n2, n3, n4 = sc.draw(), sc.draw(), sc.draw()
		f = m.fatigue(st.ic)
	}
	tc := m.gct[sideIndex(st.side)] * (1 + c.FatigueDrift*f) * (1 + m.vari*n2)
	if m.run {
		tc = math.Min(math.Max(tc, 0.25*st.T), st.T-math.Max(0.02, 0.05*st.T))
	} else {
		tc = math.Min(math.Max(tc, st.T+0.02), st.T+0.9*Tn)
	}
	st.tc = tc
	imp := m.impBase * (1 + m.vari*n3)
	if st.side == 'R' {
		imp *= 1 + c.ImpactAsym
	}
	st.imp = imp
	st.vr = 1 + m.vari*n4
	st.brk = c.Braking * st.vr
	st.ang = m.limb.ang * st.brk
	st.gSt = lobeGain(tc, m.w)
	st.bf = brakeFrac
	if m.run && m.grade {
		impL := m.impLevel * (1 + m.vari*n3)
		if st.side == 'R' {
			impL *= 1 + c.ImpactAsym
		}
		m.gradeStep(&st, impL)
	}
	if m.run {
		st.gBr = lobeGain(st.bf*tc, m.w)
		st.gPr = lobeGain((1-st.bf)*tc, m.w)
	}
	if m.run && !m.grade {
		// Mean specific force over the step must be g0: the half-sine of
		// amplitude av over tc has area av·2tc/π, the impact bump
		// imp·2·impDur/π.
		st.av = (g0*st.T - imp*2*impDur/math.Pi) * math.Pi / (2 * tc)
	} else if !m.run {
		m.walkStep(&st)
	}
	sc.fc = st.ic + tc
	sc.idx++
	sc.ic = nextIC
	sc.T = Tn
	sc.side = other(st.side)
	return st
}
