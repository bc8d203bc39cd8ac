package gait

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// Form signals (issue 4, gait-methods §8–§9): overstriding, uneven load,
// trunk lean, pelvic drop and rotation, impact, fatigue drift and pace
// variability. Each is a Signal with a state, a headline value and the
// evidence behind it. RunSignals judges a whole run; a Monitor judges a
// live stream over a rolling window and reports a state only once it has
// held for SignalConfig.Sustain seconds.
//
// None of the bands is a validated clinical cut-off ("there are no
// cutoffs", Souza; gait-methods §9): they are the device bands of
// gait-methods §1 where those exist and documented conventions elsewhere,
// and every one is a SignalConfig field.

// State is the verdict of a signal.
type State string

const (
	StateOK          State = "ok"          // no band crossed
	StateWatch       State = "watch"       // a watch band crossed
	StateFlag        State = "flag"        // a flag band crossed
	StateUnavailable State = "unavailable" // cannot be judged; Signal.Reason says why
)

// Level returns the state as a number for gauges: ok 0, watch 1, flag 2,
// unavailable −1.
func (s State) Level() int {
	switch s {
	case StateOK:
		return 0
	case StateWatch:
		return 1
	case StateFlag:
		return 2
	}
	return -1
}

// Signal names, in the order RunSignals and Monitor report them.
const (
	SignalOverstriding = "overstriding"
	SignalUnevenLoad   = "uneven_load"
	SignalTrunkLean    = "trunk_lean"
	SignalPelvis       = "pelvic_drop_rotation"
	SignalImpact       = "impact"
	SignalFatigue      = "fatigue_drift"
	SignalPace         = "pace_variability"
)

var signalNames = []string{SignalOverstriding, SignalUnevenLoad, SignalTrunkLean, SignalPelvis, SignalImpact, SignalFatigue, SignalPace}

// Signal is one form signal with its evidence. Value is the headline
// number in Unit (documented per signal in README "Form signals"); Watch
// and Flag are the thresholds that apply to it (null when the state comes
// from the evidence alone). The state is the most severe level any
// evidence fired at. Reason explains an unavailable signal, a missing
// baseline or calibration, and where the judged stretch lies.
type Signal struct {
	Name     string     `json:"name"`
	State    State      `json:"state"`
	Value    *float64   `json:"value"`
	Unit     string     `json:"unit"`
	Watch    *float64   `json:"watch"`
	Flag     *float64   `json:"flag"`
	Evidence []Evidence `json:"evidence"`
	Reason   string     `json:"reason,omitempty"`
}

// Evidence is one number behind a signal. Fired tells whether it crossed
// its threshold; Level is the state it supports when fired ("watch",
// "flag", or "support" for supporting evidence that never raises the
// state by itself); Threshold is the band it was judged against (the
// crossed one, else the watch band). Note says why Value is null, or how
// it was computed.
type Evidence struct {
	Name      string   `json:"name"`
	Value     *float64 `json:"value"`
	Unit      string   `json:"unit"`
	Fired     bool     `json:"fired"`
	Level     string   `json:"level,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// RunInfo says what the signals can expect from a recording.
type RunInfo struct {
	Placement Placement
	// Vertical, AP and ML tell which body axes the accelerometer resolves
	// (vertical, anteroposterior, mediolateral); Gyro whether a
	// three-axis gyroscope is present.
	Vertical, AP, ML, Gyro bool
	// Activity is the activity forced by the configuration, Unknown when
	// each contact is classified.
	Activity Activity
	// Speed is the running speed in m/s when known, 0 otherwise.
	Speed float64
	// Rate is the sample rate, Hz (0: unknown).
	Rate float64
	// Standing tells that a standing calibration exists. Trunk lean is
	// judged against it only where the contacts carry PitchRef.
	Standing bool
	// Paired tells that the contacts come from a sensor on each foot
	// (Summary.Paired): the per-side measures then leave out the
	// contacts the other foot's sensor did not record around (recordedBoth).
	Paired bool
	// PastRuns holds earlier runs of the same runner, placement and
	// activity (run history): their cadence for the speed-matched cadence
	// baseline of overstriding, their impact for the impact trend across
	// runs (shoes, surfaces) — both compared only with runs at this run's
	// speed (within SignalConfig.SpeedMatch) when the speed is known.
	PastRuns []PastRun
}

// PastRun is what an earlier run's summary says: speed, m/s, cadence,
// steps/min, median impact, g; 0 where unknown.
type PastRun struct {
	Speed, Cadence, Impact float64
}

// NewRunInfo describes a stream with the given engine configuration and
// layout. A sensor-frame accelerometer with three axes resolves all three
// body axes; with two, vertical and forward; with one, vertical only.
func NewRunInfo(cfg Config, l sensor.Layout) RunInfo {
	l = usableLayout(cfg, l)
	info := RunInfo{Placement: cfg.Placement, Activity: cfg.Activity, Gyro: l.HasGyro(), Rate: l.Rate}
	if l.Frame == sensor.FrameAnatomical {
		info.Vertical, info.AP, info.ML = l.Acc[sensor.AxisV], l.Acc[sensor.AxisAP], l.Acc[sensor.AxisML]
		return info
	}
	n := l.AccAxes()
	info.Vertical, info.AP, info.ML = n >= 1, n >= 2, n >= 3
	return info
}

// SignalConfig holds every threshold of the form signals. The zero value
// of each field selects the default in its comment; README "Form signals"
// gives their sources. Angles are in degrees, fractions in 0…1, and
// percentages in %.
type SignalConfig struct {
	// SideFloor is the side confidence below which a contact does not
	// count towards per-side figures (default: the Summary's, else 0.6).
	// Set in a Summary's SignalConfig, it is the floor of the whole report
	// (balance, windows, asymmetry), not of the signals alone.
	SideFloor float64
	// TurnMax is the heading change per step, degrees, beyond which a
	// contact counts as turning (waist gyro: Contact.Turn) and is left
	// out of the judged sets: turns shift load between the legs
	// (default 10).
	TurnMax float64
	// MinSteps is the least number of contacts a judged set needs
	// (default 20); per-side figures need half of it per foot.
	MinSteps int
	// Sustain is how long, s of contact time, a live state must hold
	// before the Monitor reports it, and the length of the stretches a
	// run is judged on against its baseline (default 30).
	Sustain float64
	// WindowSteps is the Monitor's rolling window, contacts (default 60).
	WindowSteps int
	// BaselineS is the runner's own baseline: the first BaselineS seconds
	// of gait (default 60); per run at most BaselineFraction of it
	// (default 1/3).
	BaselineS        float64
	BaselineFraction float64
	// TrendMinS is the least gait duration, s, for the first-to-last-third
	// comparisons (fatigue, impact trend, uncalibrated lean; default 120).
	TrendMinS float64

	// Overstriding. ZWatch and ZFlag bound the z-score of a stretch's
	// median against the baseline: z = (median − baseline median) / s,
	// s = max(1.4826·MAD of the baseline, ZMinSpread·|baseline median|)
	// (defaults 1, 2 and 0.05).
	ZWatch, ZFlag, ZMinSpread float64
	// BrakingWatch and BrakingFlag are absolute bands of the forward speed
	// lost per step, m/s (waist; defaults 0.6 and 0.8).
	BrakingWatch, BrakingFlag float64
	// DecelWatch and DecelFlag are absolute bands of the peak forward
	// deceleration, g (waist; defaults 2 and 3).
	DecelWatch, DecelFlag float64
	// StrikeAngleHeel (toe-up strike angle, °, default 8: a rearfoot
	// strike) and BrakingGShoe (braking g of a shoe, default 8): together
	// they flag (gait-methods §9); each alone is supporting evidence.
	StrikeAngleHeel, BrakingGShoe float64
	// ShankAngleWatch and ShankAngleFlag bound the forward tilt of the
	// shank at contact, ° (defaults 10 and 15).
	ShankAngleWatch, ShankAngleFlag float64
	// CadenceDrop is the relative drop of cadence below the baseline that
	// counts as supporting evidence (default 0.05); a rise of as much caps
	// the overstriding state at watch (a faster pace raises braking too).
	// CadenceLow, steps/min, is supporting evidence while running
	// (default 160).
	CadenceDrop, CadenceLow float64
	// SpeedMatch, m/s (default 0.25): earlier runs (RunInfo.PastRuns)
	// whose speed is within this of the run's form its speed-matched
	// cadence baseline; a drop of CadenceDrop below it is supporting
	// evidence of overstriding.
	SpeedMatch float64

	// Uneven load. BalanceWatch and BalanceFlag bound |GCT balance − 50|,
	// points (Garmin: 0.7 and 2.2; COROS: 0.5 and 1.5). SIWatch and
	// SIFlag bound |SI| of GCT, step time, impact and braking, % (5, 10);
	// an SI (these and the pelvis's) counts only beyond FatigueSE
	// standard errors of the sides' medians.
	BalanceWatch, BalanceFlag float64
	SIWatch, SIFlag           float64

	// Trunk lean, ° relative to standing: forward beyond LeanWatch or
	// LeanFlag (8, 12), backward below LeanBackWatch or LeanBackFlag (−2,
	// −5; must be negative). Without calibration the change from the
	// first to the last third is judged against LeanDriftWatch and
	// LeanDriftFlag (3, 6).
	LeanWatch, LeanFlag           float64
	LeanBackWatch, LeanBackFlag   float64
	LeanDriftWatch, LeanDriftFlag float64

	// Pelvic drop and rotation: |SI| of roll and yaw ranges, % (10, 20).
	PelvisSIWatch, PelvisSIFlag float64

	// Impact: rise of the median impact or loading rate from the first to
	// the last third, % (10, 20), counted when it also exceeds FatigueSE
	// standard errors.
	ImpactTrendWatch, ImpactTrendFlag float64

	// Fatigue drift: a metric's change from the first to the last third
	// counts when it exceeds FatigueSE pooled standard errors (default 2)
	// and FatigueWatch or FatigueFlag percent (3, 6); GCT balance when it
	// moves FatigueBalanceWatch or FatigueBalanceFlag points (1, 2).
	FatigueSE                               float64
	FatigueWatch, FatigueFlag               float64
	FatigueBalanceWatch, FatigueBalanceFlag float64

	// Pace variability: robust coefficient of variation of step time,
	// % (4, 6), and per run the CV of cadence across Sustain-long
	// stretches, % (3, 6).
	StepCVWatch, StepCVFlag       float64
	CadenceCVWatch, CadenceCVFlag float64
}

// WithDefaults returns c with every zero field set to its default.
func (c SignalConfig) WithDefaults() SignalConfig {
	def := func(p *float64, v float64) {
		if *p == 0 {
			*p = v
		}
	}
	def(&c.SideFloor, 0.6)
	def(&c.TurnMax, 10)
	if c.MinSteps == 0 {
		c.MinSteps = 20
	}
	def(&c.Sustain, 30)
	if c.WindowSteps == 0 {
		c.WindowSteps = 60
	}
	def(&c.BaselineS, 60)
	def(&c.BaselineFraction, 1.0/3)
	def(&c.TrendMinS, 120)
	def(&c.ZWatch, 1)
	def(&c.ZFlag, 2)
	def(&c.ZMinSpread, 0.05)
	def(&c.BrakingWatch, 0.6)
	def(&c.BrakingFlag, 0.8)
	def(&c.DecelWatch, 2)
	def(&c.DecelFlag, 3)
	def(&c.StrikeAngleHeel, 8)
	def(&c.BrakingGShoe, 8)
	def(&c.ShankAngleWatch, 10)
	def(&c.ShankAngleFlag, 15)
	def(&c.CadenceDrop, 0.05)
	def(&c.CadenceLow, 160)
	def(&c.SpeedMatch, 0.25)
	def(&c.BalanceWatch, 0.7)
	def(&c.BalanceFlag, 2.2)
	def(&c.SIWatch, 5)
	def(&c.SIFlag, 10)
	def(&c.LeanWatch, 8)
	def(&c.LeanFlag, 12)
	def(&c.LeanBackWatch, -2)
	def(&c.LeanBackFlag, -5)
	def(&c.LeanDriftWatch, 3)
	def(&c.LeanDriftFlag, 6)
	def(&c.PelvisSIWatch, 10)
	def(&c.PelvisSIFlag, 20)
	def(&c.ImpactTrendWatch, 10)
	def(&c.ImpactTrendFlag, 20)
	def(&c.FatigueSE, 2)
	def(&c.FatigueWatch, 3)
	def(&c.FatigueFlag, 6)
	def(&c.FatigueBalanceWatch, 1)
	def(&c.FatigueBalanceFlag, 2)
	def(&c.StepCVWatch, 4)
	def(&c.StepCVFlag, 6)
	def(&c.CadenceCVWatch, 3)
	def(&c.CadenceCVFlag, 6)
	return c
}

// Validate reports the first impossible field of c (after defaults),
// naming it.
func (c SignalConfig) Validate() error {
	d := c.WithDefaults()
	bad := func(field string, v any, why string) error {
		return fmt.Errorf("gait: SignalConfig.%s = %v: %s", field, v, why)
	}
	type fv struct {
		name string
		v    float64
	}
	positive := []fv{
		{"Sustain", d.Sustain}, {"BaselineS", d.BaselineS}, {"TrendMinS", d.TrendMinS},
		{"ZWatch", d.ZWatch}, {"ZFlag", d.ZFlag}, {"BrakingWatch", d.BrakingWatch}, {"BrakingFlag", d.BrakingFlag},
		{"DecelWatch", d.DecelWatch}, {"DecelFlag", d.DecelFlag}, {"StrikeAngleHeel", d.StrikeAngleHeel},
		{"BrakingGShoe", d.BrakingGShoe}, {"ShankAngleWatch", d.ShankAngleWatch}, {"ShankAngleFlag", d.ShankAngleFlag},
		{"CadenceLow", d.CadenceLow}, {"SpeedMatch", d.SpeedMatch}, {"BalanceWatch", d.BalanceWatch}, {"BalanceFlag", d.BalanceFlag},
		{"SIWatch", d.SIWatch}, {"SIFlag", d.SIFlag}, {"LeanWatch", d.LeanWatch}, {"LeanFlag", d.LeanFlag},
		{"LeanDriftWatch", d.LeanDriftWatch}, {"LeanDriftFlag", d.LeanDriftFlag},
		{"PelvisSIWatch", d.PelvisSIWatch}, {"PelvisSIFlag", d.PelvisSIFlag},
		{"ImpactTrendWatch", d.ImpactTrendWatch}, {"ImpactTrendFlag", d.ImpactTrendFlag},
		{"FatigueSE", d.FatigueSE}, {"FatigueWatch", d.FatigueWatch}, {"FatigueFlag", d.FatigueFlag},
		{"FatigueBalanceWatch", d.FatigueBalanceWatch}, {"FatigueBalanceFlag", d.FatigueBalanceFlag},
		{"StepCVWatch", d.StepCVWatch}, {"StepCVFlag", d.StepCVFlag},
		{"CadenceCVWatch", d.CadenceCVWatch}, {"CadenceCVFlag", d.CadenceCVFlag},
	}
	for _, f := range positive {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return bad(f.name, f.v, "must be a positive number")
		}
	}
	for _, f := range []fv{{"SideFloor", d.SideFloor}, {"BaselineFraction", d.BaselineFraction}, {"ZMinSpread", d.ZMinSpread}, {"CadenceDrop", d.CadenceDrop}} {
		if !(f.v > 0 && f.v <= 1) {
			return bad(f.name, f.v, "must be in (0, 1]")
		}
	}
	if d.BaselineFraction > 0.5 {
		return bad("BaselineFraction", d.BaselineFraction, "must be at most 0.5 (the rest of the run is judged against it)")
	}
	if d.MinSteps < 4 {
		return bad("MinSteps", d.MinSteps, "must be at least 4")
	}
	if d.WindowSteps < d.MinSteps {
		return bad("WindowSteps", d.WindowSteps, fmt.Sprintf("must be at least MinSteps (%d)", d.MinSteps))
	}
	for _, p := range [][2]fv{
		{{"ZWatch", d.ZWatch}, {"ZFlag", d.ZFlag}},
		{{"BrakingWatch", d.BrakingWatch}, {"BrakingFlag", d.BrakingFlag}},
		{{"DecelWatch", d.DecelWatch}, {"DecelFlag", d.DecelFlag}},
		{{"ShankAngleWatch", d.ShankAngleWatch}, {"ShankAngleFlag", d.ShankAngleFlag}},
		{{"BalanceWatch", d.BalanceWatch}, {"BalanceFlag", d.BalanceFlag}},
		{{"SIWatch", d.SIWatch}, {"SIFlag", d.SIFlag}},
		{{"LeanWatch", d.LeanWatch}, {"LeanFlag", d.LeanFlag}},
		{{"LeanDriftWatch", d.LeanDriftWatch}, {"LeanDriftFlag", d.LeanDriftFlag}},
		{{"PelvisSIWatch", d.PelvisSIWatch}, {"PelvisSIFlag", d.PelvisSIFlag}},
		{{"ImpactTrendWatch", d.ImpactTrendWatch}, {"ImpactTrendFlag", d.ImpactTrendFlag}},
		{{"FatigueWatch", d.FatigueWatch}, {"FatigueFlag", d.FatigueFlag}},
		{{"FatigueBalanceWatch", d.FatigueBalanceWatch}, {"FatigueBalanceFlag", d.FatigueBalanceFlag}},
		{{"StepCVWatch", d.StepCVWatch}, {"StepCVFlag", d.StepCVFlag}},
		{{"CadenceCVWatch", d.CadenceCVWatch}, {"CadenceCVFlag", d.CadenceCVFlag}},
	} {
		if p[1].v < p[0].v {
			return bad(p[1].name, p[1].v, "must not be below "+p[0].name+fmt.Sprintf(" (%v)", p[0].v))
		}
	}
	if !(d.LeanBackWatch < 0) {
		return bad("LeanBackWatch", d.LeanBackWatch, "must be negative (a backward lean)")
	}
	if !(d.LeanBackFlag <= d.LeanBackWatch) {
		return bad("LeanBackFlag", d.LeanBackFlag, fmt.Sprintf("must not be above LeanBackWatch (%v)", d.LeanBackWatch))
	}
	return nil
}

// ---- evaluation ----

// sigInput is what every signal is judged on.
type sigInput struct {
	info RunInfo
	cfg  SignalConfig
	live bool
	// cadence is the run's cadence as its summary states it (cadence_spm:
	// Cadence of the main activity's steps), steps/min; 0 live or without
	// steps. The speed-matched baseline compares it with earlier runs'.
	cadence float64
	// impact is the run's median impact as its summary states it
	// (impact_g: the main activity's contacts, turning ones too, both
	// feet over strides), g; 0 live or without impacts. It is the impact
	// signal's value, and what is compared with earlier runs' impact_g.
	impact float64
	// all is the judged set: the run's contacts of its main activity, or
	// the live window.
	all []Contact
	// turns is the number of the judged activity's contacts left out of
	// all as turning (TurnMax; run only): the summary's per-side figures
	// and balance count them, unless otherMain: the summary's main
	// activity (all contacts') is another than the judged one (the
	// straight contacts').
	turns     int
	otherMain bool
	// base is the runner's own baseline (nil when there is none; baseWhy
	// says why) and baseDesc describes it.
	base     []Contact
	baseWhy  string
	baseDesc string
	// blocks are the stretches judged against the baseline (run: Sustain
	// long after the baseline; live: the window).
	blocks [][]Contact
	// early and late are compared for trends (run: first and last third;
	// live: baseline and window); nil with trendWhy saying why.
	early, late []Contact
	trendWhy    string
	trendDesc   string
	// stretches are Sustain-long pieces of the whole run (pace; run only).
	stretches [][]Contact
	// memo holds what the signals of one evaluation share (nil: nothing
	// is kept).
	memo *sigMemo
	// crit keeps tCrit's values by (z, ν) across evaluations (a
	// Monitor's; nil: none kept).
	crit critCache
}

// critCache keeps tCrit's values by their (z, ν). A Monitor's fatigue and
// impact rise read six critical values a contact, each a bisection of 60
// incomplete beta functions (a quarter of BenchmarkMonitorAdd), and with
// a full window and a fixed baseline ν mostly repeats (the golden streams:
// 388 distinct of 9503). Values are kept until critCacheMax are, then
// all are dropped: ν is continuous where the values wander.
type critCache map[[2]float64]float64

const critCacheMax = 512

// tCrit is tCrit(z, nu), kept in in.crit.
func (in sigInput) tCrit(z, nu float64) float64 {
	if in.crit == nil || nu != nu || z != z {
		return tCrit(z, nu)
	}
	k := [2]float64{z, nu}
	if t, ok := in.crit[k]; ok {
		return t
	}
	t := tCrit(z, nu)
	if len(in.crit) >= critCacheMax {
		clear(in.crit)
	}
	in.crit[k] = t
	return t
}

// sigMemo keeps, for one evaluation, the per-side splits, running subsets
// and asymmetries the signals take of the same contacts: a Monitor's
// signals split the window by side nine times a contact, and measured its
// asymmetry three times, each a copy of the window's contacts
// (BenchmarkMonitorAdd: half its allocation). Entries are keyed by the
// slice (its first element and length), which the evaluation does not
// change, and hold it so that its memory is not reused for another; the
// results are shared and read only.
type sigMemo struct {
	sides []sidesEntry
	run   []runEntry
	asym  []asymEntry
	// floats is the arena the evaluation's collected values are cut
	// from (sigInput.collect); a Monitor empties it before each
	// evaluation, as nothing kept outlives one
	floats []float64
	// contacts is the arena of the per-side splits of other slices than
	// the judged baseline (whose entries are kept across evaluations);
	// emptied with floats
	contacts []Contact
	// base keeps figures of the judged baseline (ofBase)
	base []baseEntry
}

type baseEntry struct {
	cs  []Contact
	key string
	v   any
}

// ofBase returns f(), kept by key while cs is the judged baseline or its
// running contacts (a slice that stays the same from one contact to the
// next): a Monitor's overstriding, fatigue and impact rise read medians,
// spreads and trimmed values of a baseline of about three times the
// window's contacts at every contact. key must name what f computes of
// cs alone; f must not take from the arena (what it returns is kept).
func (in sigInput) ofBase(cs []Contact, key string, f func() any) any {
	if in.memo == nil || !in.isBase(cs) {
		return f()
	}
	for _, e := range in.memo.base {
		if e.key == key && sameSlice(e.cs, cs) {
			return e.v
		}
	}
	v := f()
	in.memo.base = append(in.memo.base, baseEntry{cs, key, v})
	return v
}

// isBase reports whether cs is the judged baseline or its kept running
// contacts.
func (in sigInput) isBase(cs []Contact) bool {
	if sameSlice(cs, in.base) {
		return true
	}
	for _, e := range in.memo.run {
		if sameSlice(e.cs, in.base) && sameSlice(e.run, cs) {
			return true
		}
	}
	return false
}

// baseStat is what ofBase keeps of one figure of the baseline: its
// number of values, median and spread, and the values themselves where
// they are compared (trimmed, for fatigue) with the window's.
type baseStat struct {
	n              int
	med, spr, mean float64
	x              []float64
}

// take returns an empty slice with room for n values, cut from the
// arena: appending up to n stays in its own part.
func (m *sigMemo) take(n int) []float64 {
	if cap(m.floats)-len(m.floats) < n {
		// a new arena; slices of the old one stay valid
		m.floats = make([]float64, 0, max(2*cap(m.floats), n, 1024))
	}
	k := len(m.floats)
	m.floats = m.floats[:k+n]
	return m.floats[k : k : k+n]
}

// collect is collect(cs, f) with the values cut from the arena. The
// slice is the caller's to read, not to keep beyond the evaluation.
func (in sigInput) collect(cs []Contact, f func(Contact) float64) []float64 {
	if in.memo == nil {
		return collect(cs, f)
	}
	out := in.memo.take(len(cs))
	for i := range cs {
		if v := f(cs[i]); !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

type sidesEntry struct {
	cs    []Contact
	floor float64
	l, r  []Contact
}

type runEntry struct{ cs, run []Contact }

type asymEntry struct {
	cs    []Contact
	floor float64
	a     Asymmetry
	// figs holds each index's per-side values and medians by its key
	// (measureAsymmetry's), for siEvidence; nil for a kept baseline's
	// entry (the values are cut from the arena)
	figs map[string]sideFigs
}

// sideFigs are the per-side values of one symmetry index and their
// medians.
type sideFigs struct {
	xl, xr []float64
	ml, mr float64
}

// sideFigs returns the per-side values and medians the evaluation's
// asymmetry of cs took for index key, if it did.
func (in sigInput) sideFigs(cs []Contact, key string) (sideFigs, bool) {
	if in.memo == nil || key == "" {
		return sideFigs{}, false
	}
	for _, e := range in.memo.asym {
		if e.floor == in.cfg.SideFloor && sameSlice(e.cs, cs) {
			f, ok := e.figs[key]
			return f, ok
		}
	}
	return sideFigs{}, false
}

// keepOnly drops the entries of other slices than cs (all for an empty
// cs) and its running contacts: those of cs stay valid while its
// contacts do not change.
func (m *sigMemo) keepOnly(cs []Contact) {
	m.sides = slices.DeleteFunc(m.sides, func(e sidesEntry) bool { return !sameSlice(e.cs, cs) })
	m.run = slices.DeleteFunc(m.run, func(e runEntry) bool { return !sameSlice(e.cs, cs) })
	m.asym = slices.DeleteFunc(m.asym, func(e asymEntry) bool { return !sameSlice(e.cs, cs) })
	var run []Contact // cs's running contacts, when kept
	for _, e := range m.run {
		run = e.run
	}
	m.base = slices.DeleteFunc(m.base, func(e baseEntry) bool { return !sameSlice(e.cs, cs) && !sameSlice(e.cs, run) })
}

// sameSlice reports whether a and b are the same non-empty slice.
func sameSlice(a, b []Contact) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// split is splitSides(cs, floor), kept for the evaluation.
func (in sigInput) split(cs []Contact, floor float64) (l, r []Contact) {
	if in.memo == nil || len(cs) == 0 {
		return splitSides(cs, floor)
	}
	for _, e := range in.memo.sides {
		if e.floor == floor && sameSlice(e.cs, cs) {
			return e.l, e.r
		}
	}
	if sameSlice(cs, in.base) {
		l, r = splitSides(cs, floor) // kept: not from the arena
	} else if nl, nr := sideCounts(cs, floor); nl+nr > 0 {
		m := in.memo
		if cap(m.contacts)-len(m.contacts) < nl+nr {
			// a new arena; slices of the old one stay valid
			m.contacts = make([]Contact, 0, max(2*cap(m.contacts), nl+nr, 128))
		}
		k := len(m.contacts)
		m.contacts = m.contacts[:k+nl+nr]
		l, r = splitSidesInto(m.contacts[k:k+nl+nr:k+nl+nr], cs, floor, nl)
	}
	in.memo.sides = append(in.memo.sides, sidesEntry{cs, floor, l, r})
	return l, r
}

// running is runningOnly(cs), kept for the evaluation.
func (in sigInput) running(cs []Contact) []Contact {
	if in.memo == nil || len(cs) == 0 {
		return runningOnly(cs)
	}
	for _, e := range in.memo.run {
		if sameSlice(e.cs, cs) {
			return e.run
		}
	}
	run := runningOnly(cs)
	in.memo.run = append(in.memo.run, runEntry{cs, run})
	return run
}

// asymmetry is MeasureAsymmetry(cs, floor) as far as the signals read it
// (measureAsymmetry's signalsOnly), kept for the evaluation.
func (in sigInput) asymmetry(cs []Contact, floor float64) Asymmetry {
	if in.memo == nil || len(cs) == 0 {
		return MeasureAsymmetry(cs, floor)
	}
	for _, e := range in.memo.asym {
		if e.floor == floor && sameSlice(e.cs, cs) {
			return e.a
		}
	}
	l, r := in.split(cs, floor)
	var figs map[string]sideFigs
	var keep func(key string, xl, xr []float64, ml, mr float64)
	if !in.isBase(cs) {
		figs = map[string]sideFigs{}
		keep = func(key string, xl, xr []float64, ml, mr float64) { figs[key] = sideFigs{xl, xr, ml, mr} }
	}
	a := measureAsymmetry(cs, l, r, floor, in.collect, true, keep)
	in.memo.asym = append(in.memo.asym, asymEntry{cs, floor, a, figs})
	return a
}

// mainActivity returns the contacts of the main activity, as the summary
// takes them (mainSet: MainActivity's rule; contacts of unknown activity
// are kept with it).
func mainActivity(cs []Contact) []Contact {
	set, _, _, _ := mainSet(cs)
	return set
}

// twoSides reports whether contacts cs come from both feet (a pair of
// foot sensors labels each contact with its foot).
// paired reports whether the run's contacts are two foot sensors' (see
// cutMedianOf).
func (in sigInput) paired() bool { return in.info.Placement.Foot() && twoSides(in.all) }

func twoSides(cs []Contact) bool {
	var l, r bool
	for _, c := range cs {
		l, r = l || c.Side == Left, r || c.Side == Right
	}
	return l && r
}

// runningOnly returns the running contacts of cs: cs itself, capped,
// when all are running (as a run's and a running window's are), else a
// copy of them.
func runningOnly(cs []Contact) []Contact {
	all := true
	for i := range cs {
		all = all && cs[i].Activity == Running
	}
	if all {
		return cs[:len(cs):len(cs)]
	}
	out := make([]Contact, 0, len(cs))
	for _, c := range cs {
		if c.Activity == Running {
			out = append(out, c)
		}
	}
	return out
}

// between returns the contacts with t0 ≤ IC < t1.
func between(cs []Contact, t0, t1 float64) []Contact {
	var out []Contact
	for _, c := range cs {
		if c.IC >= t0 && c.IC < t1 {
			out = append(out, c)
		}
	}
	return out
}

// chunks cuts cs into consecutive pieces of length d seconds from the
// first contact; a last piece whose contacts do not reach the end of its d
// seconds (its last contact more than 1.5 of its mean step before it)
// joins the one before, so every piece is judged on d seconds or more (a
// 30 s episode counts as sustained, a shorter one at the run's end does not
// stand alone).
func chunks(cs []Contact, d float64) [][]Contact {
	if len(cs) == 0 {
		return nil
	}
	t0 := cs[0].IC
	var out [][]Contact
	i := 0
	var end float64 // of the last piece's d seconds
	for i < len(cs) {
		k := math.Floor((cs[i].IC - t0) / d)
		end = t0 + (k+1)*d
		j := i
		for j < len(cs) && cs[j].IC < end {
			j++
		}
		out = append(out, cs[i:j])
		i = j
	}
	if n := len(out); n > 1 && !reaches(out[n-1], end) {
		last := out[n-1]
		prev := out[n-2]
		out[n-2] = prev[:len(prev)+len(last)] // contiguous in cs
		out = out[:n-1]
	}
	return out
}

// reaches reports whether piece p's contacts reach its end time, s: its
// last contact within 1.5 mean steps of it (one missing contact allowed).
func reaches(p []Contact, end float64) bool {
	if len(p) < 2 {
		return false
	}
	last := p[len(p)-1].IC
	step := (last - p[0].IC) / float64(len(p)-1)
	return last+1.5*step >= end
}

// runInput prepares a whole run for judging.
func runInput(cs []Contact, info RunInfo, cfg SignalConfig) sigInput {
	in := sigInput{info: info, cfg: cfg, memo: &sigMemo{}}
	set, mainAct, _, _ := mainSet(cs)
	if len(set) > 0 {
		// as the summary's cadence_spm of one sensor (a pair's takes half
		// of each foot's strides, see Summary.cadenceSteps)
		steps := in.collect(set, func(c Contact) float64 { return c.Step })
		if info.Paired {
			// a pair's from each foot's own strides, a contact the other
			// foot's sensor did not record around counted twice
			// (Summary.cadenceSteps); its Step, half its stride here
			// (aloneSteps), counted once read 166.2 steps/min for the
			// summary's 164.0 (TestPairedStretchCadence's run)
			steps = (&Summary{Placement: info.Placement, Paired: true}).cadenceSteps(set)
		}
		if c := Cadence(steps); c > 0 {
			in.cadence = c
		}
		// as the summary's impact_g: the judged set below leaves out
		// turning steps, and its median compared with earlier runs'
		// impact_g read a walk against itself as +3.8 % (mobgap HA001
		// Test11: 1.39 g of its straight steps, 1.34 g of all)
		alternate := !info.Placement.Foot() || twoSides(set)
		if m := medianOf(bothFeetOf(set, alternate, func(i int) float64 { return set[i].ImpactG })); m > 0 {
			in.impact = m
		}
	}
	main, act, _, _ := mainSet(straight(cs, cfg.TurnMax))
	in.all = main
	// the turning contacts of the activity judged (the straight
	// contacts' main one): all contacts' main activity, whose contacts
	// the summary's per-side figures count, may be another (a shuttle
	// run walking its turnarounds: the running judged, the walking
	// summed up), and its turns were not left out of this set
	other := otherActivity(act)
	for _, c := range cs {
		if turning(c, cfg.TurnMax) && (other == Unknown || c.Activity != other) {
			in.turns++
		}
	}
	in.otherMain = act != mainAct
	if len(main) == 0 {
		in.baseWhy, in.trendWhy = "no contacts", "no contacts"
		return in
	}
	t0, t1 := main[0].IC, main[len(main)-1].IC
	span := t1 - t0
	in.stretches = chunks(main, cfg.Sustain)

	// baseline and the stretches after it (overstriding: running only)
	run := in.running(main)
	if len(run) >= cfg.MinSteps {
		r0 := run[0].IC
		bl := math.Min(cfg.BaselineS, cfg.BaselineFraction*(run[len(run)-1].IC-r0))
		base := between(run, r0, r0+bl)
		rest := between(run, r0+bl, math.Inf(1))
		switch {
		case len(base) < cfg.MinSteps || len(rest) < cfg.MinSteps:
			in.baseWhy = fmt.Sprintf("run too short for a baseline: %.0f s of running; the baseline is its first %.0f s, at most %.0f %%, and the rest must have %d contacts",
				run[len(run)-1].IC-r0, cfg.BaselineS, 100*cfg.BaselineFraction, cfg.MinSteps)
		default:
			in.base = base
			in.baseDesc = "baseline " + spanText(r0, r0+bl)
			in.blocks = chunks(rest, cfg.Sustain)
		}
	} else {
		in.baseWhy = fmt.Sprintf("%d running contacts, need %d", len(run), cfg.MinSteps)
	}

	// thirds (of the time span; the gait in it, pauses left out, must
	// reach TrendMinS)
	if g := gaitTime(main); g < cfg.TrendMinS {
		in.trendWhy = fmt.Sprintf("run too short: %s s of gait, need %.0f s to compare its first and last thirds", below(g, cfg.TrendMinS), cfg.TrendMinS)
		return in
	}
	in.early = between(main, t0, t0+span/3)
	in.late = between(main, t0+2*span/3, math.Inf(1))
	if len(in.early) < cfg.MinSteps || len(in.late) < cfg.MinSteps {
		in.early, in.late = nil, nil
		in.trendWhy = fmt.Sprintf("too few contacts in the first or last third (need %d)", cfg.MinSteps)
		return in
	}
	in.trendDesc = "first third " + spanText(t0, t0+span/3) + " vs last third " + spanText(t0+2*span/3, t1)
	return in
}

// below formats x (< lim) in whole units, or with as many decimals as it
// takes not to read as lim (119.7 s of a 120 s need printed "120 s of
// gait, need 120 s").
func below(x, lim float64) string {
	for d := 0; d < 6; d++ {
		s := strconv.FormatFloat(x, 'f', d, 64)
		if v, _ := strconv.ParseFloat(s, 64); v < lim {
			return s
		}
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// gaitTime is the time in gait of sorted contacts cs, s: the sum of the
// intervals between consecutive contacts, leaving out those over 2.5 times
// the median interval (pauses, bouts' ends).
func gaitTime(cs []Contact) float64 {
	if len(cs) < 2 {
		return 0
	}
	d := make([]float64, 0, len(cs)-1)
	for i := 1; i < len(cs); i++ {
		d = append(d, cs[i].IC-cs[i-1].IC)
	}
	lim := 2.5 * medianOf(d)
	var sum float64
	for _, v := range d {
		if v <= lim {
			sum += v
		}
	}
	return sum
}

// RunSignals judges a whole run: every signal, in the order of
// signalNames, each unavailable with a reason when the contacts or the
// sensor (info) cannot support it. An invalid cfg makes every signal
// unavailable with the validation error as the reason.
func RunSignals(cs []Contact, info RunInfo, cfg SignalConfig) []Signal {
	if err := cfg.Validate(); err != nil {
		return allUnavailable(err.Error())
	}
	cfg = cfg.WithDefaults()
	if len(cs) == 0 {
		return allUnavailable("no foot contacts")
	}
	return evaluate(runInput(cs, info, cfg))
}

func allUnavailable(why string) []Signal {
	out := make([]Signal, len(signalNames))
	for i, n := range signalNames {
		out[i] = Signal{Name: n, State: StateUnavailable, Evidence: []Evidence{}, Reason: why}
	}
	return out
}

func evaluate(in sigInput) []Signal {
	out := []Signal{overstriding(in), unevenLoad(in), trunkLean(in), pelvis(in), impact(in), fatigue(in), pace(in)}
	for i := range out {
		if out[i].Evidence == nil {
			out[i].Evidence = []Evidence{}
		}
	}
	return out
}

// ---- evidence helpers ----

func evInfo(name string, v float64, unit string) Evidence {
	return Evidence{Name: name, Value: ptr(v), Unit: unit}
}

func evMissing(name, unit, note string) Evidence {
	return Evidence{Name: name, Unit: unit, Note: note}
}

// fire judges x (which may differ from the displayed value, e.g. |SI|)
// against watch and flag bands: x > flag → flag, x > watch → watch.
func (e *Evidence) fire(x, watch, flag float64) {
	switch {
	case math.IsNaN(x):
		return
	case x > flag:
		e.Fired, e.Level, e.Threshold = true, string(StateFlag), ptr(flag)
	case x > watch:
		e.Fired, e.Level, e.Threshold = true, string(StateWatch), ptr(watch)
	default:
		e.Threshold = ptr(watch)
	}
}

// fireBelow judges x against lower bands: x < flag → flag, x < watch → watch.
func (e *Evidence) fireBelow(x, watch, flag float64) {
	switch {
	case math.IsNaN(x):
		return
	case x < flag:
		e.Fired, e.Level, e.Threshold = true, string(StateFlag), ptr(flag)
	case x < watch:
		e.Fired, e.Level, e.Threshold = true, string(StateWatch), ptr(watch)
	default:
		e.Threshold = ptr(watch)
	}
}

func judged(name string, v float64, unit string, watch, flag float64) Evidence {
	e := evInfo(name, v, unit)
	e.fire(v, watch, flag)
	return e
}

// finish sets the state from the evidence.
func finish(s Signal) Signal {
	s.State = StateOK
	for _, e := range s.Evidence {
		if !e.Fired {
			continue
		}
		switch State(e.Level) {
		case StateFlag:
			s.State = StateFlag
		case StateWatch:
			if s.State == StateOK {
				s.State = StateWatch
			}
		}
	}
	return s
}

func unavailable(s Signal, why string) Signal {
	s.State, s.Value, s.Reason = StateUnavailable, nil, why
	if s.Evidence == nil {
		s.Evidence = []Evidence{}
	}
	return s
}

// firedNames lists the evidence that fired, for reasons.
func firedNames(ev []Evidence) string {
	var n []string
	for _, e := range ev {
		if e.Fired {
			n = append(n, e.Name)
		}
	}
	return strings.Join(n, ", ")
}

// ---- statistics ----

const deg = 180 / math.Pi

// spread is 1.4826 · the median absolute deviation (≈ SD for normal data).
func spread(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	m := medianOf(x)
	// the deviations on the stack for a window's values, reordered in
	// place by the selection medianOf makes of its copy
	var buf [medianStack]float64
	var d []float64
	if len(x) <= len(buf) {
		d = buf[:len(x)]
	} else {
		d = make([]float64, len(x))
	}
	for i, v := range x {
		d[i] = math.Abs(v - m)
	}
	if len(d) < 16 || slices.ContainsFunc(d, math.IsNaN) {
		return 1.4826 * medianOf(d)
	}
	return 1.4826 * medianSelect(d)
}

// trimmed drops values further than 4 robust SDs from the median
// (misdetected steps), keeping all when the spread is zero.
func trimmed(x []float64) []float64 { return sigInput{}.trimmed(x) }

// trimmed is trimmed(x), the values kept cut from the evaluation's arena.
func (in sigInput) trimmed(x []float64) []float64 {
	m, s := medianOf(x), spread(x)
	if !(s > 0) {
		return x
	}
	var out []float64
	if in.memo != nil {
		out = in.memo.take(len(x))
	} else {
		out = make([]float64, 0, len(x))
	}
	for _, v := range x {
		if math.Abs(v-m) <= 4*s {
			out = append(out, v)
		}
	}
	return out
}

// medianSE is the standard error of the median of x from its order
// statistics: half the distance between the values ranked √n/2 below and
// above the middle (for normal data 1.2533·σ/√n; it holds for the flat or
// two-peaked spread of a figure sampled once in 20 ms, where 1.2533·σ/√n
// is too small). 0 for fewer than 2 values.
func medianSE(x []float64) float64 {
	n := len(x)
	if n < 2 {
		return 0
	}
	// the sorted copy on the stack for a window's values
	var buf [medianStack]float64
	var s []float64
	if n <= len(buf) {
		s = buf[:n]
	} else {
		s = make([]float64, n)
	}
	copy(s, x)
	slices.Sort(s)
	// the value at fractional rank r (0 … n−1), interpolated
	at := func(r float64) float64 {
		r = min(max(r, 0), float64(n-1))
		i := min(int(r), n-2)
		return s[i] + (r-float64(i))*(s[i+1]-s[i])
	}
	h := math.Sqrt(float64(n)) / 2
	return (at(float64(n-1)/2+h) - at(float64(n-1)/2-h)) / 2
}

// inflation is the factor by which the variance of the mean of a part of
// the run exceeds the σ²/n of independent values, ≥ 1: the long-run
// variance of the values over their variance γ₀ (longRun's f).
func inflation(parts ...[]float64) float64 {
	f, _ := longRun(parts...)
	return f
}

// inflation2 is inflation(e, l), the residuals cut from the evaluation's
// arena.
func (in sigInput) inflation2(e, l []float64) float64 {
	var res [2][]float64
	taken := res[:0]
	for _, x := range [2][]float64{e, l} {
		if len(x) >= 3 { // (a part of fewer than 3 is not taken)
			taken = append(taken, in.residuals(x))
		}
	}
	f, _ := longRunOf(taken)
	return f
}

// phiLags is the number of autocovariances, γ₁ … γ_phiLags, from which
// longRun reads the AR coefficient φ.
const phiLags = 5

// longRun reads how the values of parts wander from stride to stride: f
// is the factor by which the variance of a part's mean exceeds the σ²/n
// of independent values (≥ 1; the long-run variance of the values over
// their variance γ₀), and nu the degrees of freedom of that estimate, for
// a Student t critical value (tCrit). parts are the stretches compared
// (each in time order: a run's first and last thirds, or a live baseline
// and window); each is taken about its own least-squares line (residuals:
// its mean and its trend over its index), so that the change between
// them and a steady change within them (what is judged) are no part of
// the wander, and their autocovariances are pooled,
//
//	γ_k = Σ_parts Σ_i r_i·r_{i−k} / Σ_parts n,  r the residuals.
//
// Taken about each part's mean alone, a trend within a part read as a
// slow wander: the simulator's fatigue drift, rising over the last third
// (TestSignalsSimulated), had its cadence fall of 7.6 % read as 2.5
// standard errors (f about 60), 34.7 about the lines.
//
// The values are modelled as an AR(1) plus independent scatter — an
// ARMA(1,1), whose autocovariances are γ_k = γ₁·φ^(k−1) for k ≥ 1 — and
// the long-run variance is γ₀ + 2·Σ_{k≥1} γ_k = γ₀ + 2·γ₁/(1−φ), so
//
//	f = 1 + 2·ρ₁/(1−φ),  ρ₁ = γ₁/γ₀,  φ = Σ_{k=1}^{4} γ_k·γ_{k+1} / Σ_{k=1}^{4} γ_k² (0…0.97),
//
// φ the least-squares fit of γ_{k+1} = φ·γ_k over the first phiLags
// lags, taken as 0 unless ρ₁ exceeds 2/√N (N the values in all): it is
// noise over a lag-1 autocorrelation that is. γ₂/γ₁ alone, used before,
// is spread widely by the noise of a slow wander's small γ₁ (with it and
// the Student t below, parts taken about their means, a steady runner
// under the slow wander described next was read as fatigued in 8.9 % of
// 1000 simulated runs, 6.6 % with the fit); the fit weights each lag by
// its γ_k, so that for a small φ the lags that are only noise count
// little. For an AR(1) alone φ = ρ₁ and f = (1+ρ)/(1−ρ): 4 for ρ = 0.6. A runner's step times,
// contact times and impacts wander from stride to stride rather than
// scatter independently (stride intervals are long-range correlated:
// Hausdorff et al. 1995, J Appl Physiol 78:349; in running, Jordan et al.
// 2006, Gait Posture 24:120), and the standard error of a stretch's mean
// taken as σ/√n is then too small: a steady runner is read as changed
// (TestFatigueWander). A slow wander under the stride-to-stride scatter
// (an AR(1) of ρ 0.95 holding half the variance) has a small ρ₁ but a φ
// near 1: an AR(1) prewhitened Newey–West estimate (Andrews and Monahan
// 1992), used before, read it as 2 where it is 17. Each term fitted to a
// part (its mean, its slope) takes about f·γ₀ from its sum of squares,
// which every γ_k lacks: it is put back (K = 2P terms for P parts of N
// values), iterating f.
//
// f is read from about N(1−φ)/(1+φ) effectively independent values
// (Bayley and Hammersley 1946, J R Stat Soc Suppl 8:184), few when the
// values wander slowly (about 9 a third for the slow wander above), and an
// error of f then widens the tail of the change over its standard error:
// with a normal critical value such a runner was read as fatigued in 15 %
// of runs, not 5 % (Zwiers and von Storch 1995, J Climate 8:336, on tests
// of the mean with an estimated equivalent sample size). nu matches the
// variance of log f to that of a chi-square over its degrees of freedom,
// 2/ν (Satterthwaite 1946, Biometrics Bull 2:110): for a Gaussian AR(1)
// the estimates of φ and of the innovation variance σ² are independent
// with variances (1−φ²)/N and 2σ⁴/N (Box and Jenkins), and the long-run
// variance σ²/(1−φ)² has Var(log) = 2(3+φ)/(N(1−φ)); each part's mean
// and slope takes one of the effectively independent values, N(1−φ) −
// K(1+φ) in place of N(1−φ), so
//
//	ν = (N(1−φ) − K(1+φ)) / (3+φ),  K = 2P,
//
// (N−K)/3 where φ is taken as 0 (ρ₁ read), 2.4 for the slow wander above
// and two thirds of a run of 514 strides (a critical value of 3.9
// standard errors for FatigueSE 2, against 2.02 for ν = 113). That slow
// wander still fires in 8.6 % of 1000 steady runs, not 4.55 %: f is not
// too small on average but in its lower tail — the runs that fire are
// those whose φ came out low (median 0.85 against 0.95), with f too small
// and ν, read at that φ, too large (median 11.5 against 2.4). A
// first-order bias correction of φ (Marriott and Pope 1954; Quenouille's
// jackknife), the ARMA(1,1) ν, other lags or f for a finite n leave
// 7–8 % and trade power at the same false-fire rate; only more values
// help, and the middle third, which would, hides a change within it
// (docs/form-signals.md).
//
// Where f is 1 — negative ρ₁ (values alternating, such as a left/right
// difference), fewer than 8 values or no spread — only the variance is
// estimated and ν = N − K, so values that scatter independently are
// judged as before.
func longRun(parts ...[]float64) (f, nu float64) {
	res := make([][]float64, 0, len(parts))
	for _, x := range parts {
		if len(x) >= 3 { // (a part of fewer than 3 is not taken)
			res = append(res, residuals(x))
		}
	}
	return longRunOf(res)
}

// longRunOf is longRun from the parts' residuals about their lines
// (residuals), each of 3 values or more.
func longRunOf(res [][]float64) (f, nu float64) {
	var g [phiLags + 1]float64
	n, np := 0, 0 // values and parts taken
	for _, d := range res {
		np++
		for i := range d {
			for k := 0; k <= min(i, phiLags); k++ {
				g[k] += d[i] * d[i-k]
			}
		}
		n += len(d)
	}
	nN, nK := float64(n), float64(2*np)
	if n < 8 || !(g[0] > 0) {
		return 1, max(nN-nK, 1)
	}
	f = 1.0
	phi := 0.0
	for range 8 {
		// each term fitted to a part (its mean, its slope) takes about
		// f·γ₀ from its sum of squares, which every γ_k lacks: put back
		// (K terms over N values in all)
		b := f * nK / nN * g[0]
		r1 := (g[1] + b) / (g[0] + b)
		phi = 0.0
		if r1 > 2/math.Sqrt(nN) {
			var num, den float64
			for k := 1; k < phiLags; k++ {
				num += (g[k+1] + b) * (g[k] + b)
				den += (g[k] + b) * (g[k] + b)
			}
			phi = min(max(num/den, 0), 0.97)
		}
		f = max(1, 1+2*r1/(1-phi))
	}
	if f == 1 {
		return 1, max(nN-nK, 1)
	}
	return f, max((nN*(1-phi)-nK*(1+phi))/(3+phi), 1)
}

// residuals returns x less its least-squares line over its index (its
// mean and its trend).
func residuals(x []float64) []float64 {
	return residualsInto(make([]float64, len(x)), x)
}

// residualsInto is residuals(x) written to out (of len(x) values).
func residualsInto(out, x []float64) []float64 {
	n := float64(len(x))
	m, c := mean(x), (n-1)/2
	var sxy, sxx float64
	for i, v := range x {
		sxy += (float64(i) - c) * (v - m)
		sxx += (float64(i) - c) * (float64(i) - c)
	}
	beta := 0.0
	if sxx > 0 {
		beta = sxy / sxx
	}
	for i, v := range x {
		out[i] = v - m - beta*(float64(i)-c)
	}
	return out
}

// residuals is residuals(x), cut from the evaluation's arena.
func (in sigInput) residuals(x []float64) []float64 {
	if in.memo == nil {
		return residuals(x)
	}
	return residualsInto(in.memo.take(len(x))[:len(x)], x)
}

// tCrit is the critical value, in standard errors, of a Student t with nu
// degrees of freedom at the two-sided tail probability that z standard
// errors have under a normal distribution: z itself for nu = +Inf; for
// z = 2, 2.01 for nu = 340, 3.14 for nu = 3.3, 14.0 for nu = 1. nu is
// taken as at least 1.
func tCrit(z, nu float64) float64 {
	nu = max(nu, 1)
	p := math.Erfc(z / math.Sqrt2)
	if math.IsInf(nu, 1) || !(p > 0) {
		return z
	}
	// P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2), falling in t ≥ z; the log
	// gamma functions of ν/2 and 1/2 are the same at every t
	a, b := nu/2, 0.5
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	tail := func(t float64) float64 { return regIncBetaLG(a, b, nu/(nu+t*t), la, lb, lab) }
	lo, hi := z, 2*z
	for tail(hi) > p {
		lo, hi = hi, 2*hi
	}
	for range 60 {
		m := (lo + hi) / 2
		// with m at an end the interval no longer narrows: after this
		// step every further one leaves lo and hi as they are
		stuck := m == lo || m == hi
		if tail(m) > p {
			lo = m
		} else {
			hi = m
		}
		if stuck {
			break
		}
	}
	return (lo + hi) / 2
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), from
// its continued fraction evaluated by the modified Lentz method (Press et
// al., Numerical Recipes, §6.4), for a, b > 0 and 0 ≤ x ≤ 1.
func regIncBeta(a, b, x float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return regIncBetaLG(a, b, x, la, lb, lab)
}

// regIncBetaLG is regIncBeta(a, b, x) given la, lb and lab, the log gamma
// functions of a, b and a+b: tCrit's bisection reads I at many x for the
// same a and b.
func regIncBetaLG(a, b, x, la, lb, lab float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	case x > (a+1)/(a+b+2):
		return 1 - regIncBetaLG(b, a, 1-x, lb, la, lab) // where the fraction converges fast
	}
	front := math.Exp(lab-la-lb+a*math.Log(x)+b*math.Log1p(-x)) / a
	const tiny = 1e-300
	clamp := func(v float64) float64 {
		if math.Abs(v) < tiny {
			return tiny
		}
		return v
	}
	f, c, d := 1.0, 1.0, 0.0
	for i := 0; i <= 400; i++ {
		m := float64(i / 2)
		num := 1.0
		switch {
		case i == 0:
		case i%2 == 0:
			num = m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m))
		default:
			num = -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))
		}
		d = 1 / clamp(1+num*d)
		c = clamp(1 + num/c)
		f *= c * d
		if math.Abs(1-c*d) < 1e-14 {
			break
		}
	}
	return front * (f - 1)
}

func meanVar(x []float64) (m, v float64) {
	m = mean(x)
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	if len(x) > 1 {
		v /= float64(len(x) - 1)
	}
	return m, v
}

func sq(x float64) float64 { return x * x }

func pct(f float64) string { return fmt.Sprintf("%.0f %%", 100*f) }

// ---- overstriding ----

type overComp struct {
	name, unit  string
	f           func(Contact) float64
	watch, flag float64 // absolute bands; 0: none
	and         bool    // shoe: absolute bands fire watch alone, flag together
	// floor is the least spread of the z-score, in the unit: angles
	// take angleFloor, since a median near 0° (a midfoot strike) would
	// make any change large with the relative floor alone.
	floor float64
}

// angleFloor, degrees, is the least spread of an angle's z-score against
// the baseline: well below the 2.7° error of a foot sensor's strike angle
// (docs/accuracy.md, TestStrikeAngle), so a real change still shows.
const angleFloor = 1.0

func overstriding(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalOverstriding, Unit: "sd", Watch: ptr(cfg.ZWatch), Flag: ptr(cfg.ZFlag)}
	run := in.running(in.all)
	if len(run) < cfg.MinSteps {
		if in.info.Activity == Walking || len(run) == 0 {
			return unavailable(s, "defined for running only: no running contacts")
		}
		return unavailable(s, fmt.Sprintf("%d running contacts, need %d", len(run), cfg.MinSteps))
	}
	var comps []overComp
	var why string
	switch in.info.Placement {
	case Waist:
		if !in.info.AP {
			return unavailable(s, "no forward (anteroposterior) axis: braking cannot be measured")
		}
		comps = []overComp{
			{"braking", "m/s", func(c Contact) float64 { return c.Braking }, cfg.BrakingWatch, cfg.BrakingFlag, false, 0},
			{"peak deceleration", "g", func(c Contact) float64 { return c.PeakDecel }, cfg.DecelWatch, cfg.DecelFlag, false, 0},
		}
		why = "the engine measured no braking (forward direction not learnt)"
	case Shoe:
		comps = []overComp{
			{"strike angle", "deg", func(c Contact) float64 { return c.StrikeAngle * deg }, cfg.StrikeAngleHeel, 0, true, angleFloor},
			{"braking g", "g", func(c Contact) float64 { return c.PeakDecel }, cfg.BrakingGShoe, 0, true, 0},
		}
		why = "no strike angle (needs a gyro) and no braking g measured"
		if !in.info.Gyro {
			why = "no gyroscope: the strike angle cannot be measured, and no braking g was measured"
		}
	case Shank:
		comps = []overComp{
			{"shank angle at contact", "deg", func(c Contact) float64 { return c.StrikeAngle * deg }, cfg.ShankAngleWatch, cfg.ShankAngleFlag, false, angleFloor},
		}
		why = "no shank angle at contact measured (a gyroscope or accelerometer saturated in the strides, or no stride of 0.3–2.5 s held whole)"
		if !in.info.Gyro {
			why = shankNoGyro
		}
	}
	var have []overComp
	for _, c := range comps {
		if len(in.collect(run, c.f)) >= cfg.MinSteps {
			have = append(have, c)
		}
	}
	if len(have) == 0 {
		return unavailable(s, why)
	}

	var base []Contact
	if in.base != nil {
		base = in.running(in.base)
	}
	blocks := in.blocks
	if base == nil || len(blocks) == 0 {
		blocks = [][]Contact{run}
	}
	best := Signal{State: StateUnavailable}
	bestZ := math.Inf(-1)
	var bestSpan [2]float64
	for _, b := range blocks {
		b = in.running(b)
		if len(b) < cfg.MinSteps {
			continue
		}
		sig, z := overBlock(s, have, base, b, in)
		if r, br := sig.State.Level(), best.State.Level(); r > br || (r == br && z > bestZ) {
			best, bestZ = sig, z
			bestSpan = [2]float64{b[0].IC, b[len(b)-1].IC}
		}
	}
	if best.State == StateUnavailable {
		return unavailable(s, fmt.Sprintf("no stretch with %d running contacts", cfg.MinSteps))
	}
	var reason []string
	switch {
	case base == nil:
		reason = append(reason, "no baseline ("+in.baseWhy+"): judged on the absolute bands only")
	case in.live:
		reason = append(reason, fmt.Sprintf("last %d contacts vs the %s", len(in.all), in.baseDesc))
	default:
		reason = append(reason, "worst stretch "+spanText(bestSpan[0], bestSpan[1])+" vs the "+in.baseDesc)
	}
	if best.Reason != "" {
		reason = append(reason, best.Reason)
	}
	best.Reason = strings.Join(reason, "; ")
	return best
}

// shankNoGyro is why overstriding is unavailable from a shank sensor
// without a gyroscope.
const shankNoGyro = "no gyroscope: the shank angle at contact cannot be measured, and braking needs a waist sensor or a shoe sensor with gyro"

// overBlock judges one stretch b against the baseline base (nil: none),
// returning the signal and its largest z-score.
func overBlock(s Signal, comps []overComp, base, b []Contact, in sigInput) (Signal, float64) {
	cfg := in.cfg
	maxZ := math.Inf(-1)
	var ev []Evidence
	var absFired int
	for _, c := range comps {
		cur := in.collect(b, c.f)
		if len(cur) < cfg.MinSteps/2 {
			ev = append(ev, evMissing(c.name, c.unit, "too few values in this stretch"))
			continue
		}
		med := medianOf(cur)
		e := evInfo(c.name, med, c.unit)
		if c.and {
			e.fire(med, c.watch, math.Inf(1))
			if e.Fired {
				e.Level = "support" // alone it is no overstriding (§9)
				absFired++
			}
		} else {
			e.fire(med, c.watch, c.flag)
		}
		ev = append(ev, e)
		if base == nil {
			continue
		}
		bst := in.ofBase(base, "overstriding "+c.name, func() any {
			bv := collect(base, c.f)
			st := baseStat{n: len(bv)}
			if len(bv) >= cfg.MinSteps {
				st.med, st.spr = medianOf(bv), spread(bv)
			}
			return st
		}).(baseStat)
		if bst.n < cfg.MinSteps {
			ev = append(ev, evMissing(c.name+" vs baseline", "sd", "too few baseline values"))
			continue
		}
		bm := bst.med
		sd := max(bst.spr, cfg.ZMinSpread*math.Abs(bm), c.floor)
		if !(sd > 0) {
			continue
		}
		z := (med - bm) / sd
		ez := judged(c.name+" vs baseline", z, "sd", cfg.ZWatch, cfg.ZFlag)
		ez.Note = fmt.Sprintf("baseline median %.3g %s", bm, c.unit)
		ev = append(ev, ez)
		maxZ = math.Max(maxZ, z)
	}
	if absFired == 2 {
		// shoe: heel strike with high braking g (gait-methods §9)
		for i := range ev {
			if ev[i].Fired && ev[i].Level == "support" {
				ev[i].Level = string(StateFlag)
			}
		}
	}
	if in.info.Speed > 0 && in.info.Placement == Waist {
		if bk := in.collect(b, func(c Contact) float64 { return c.Braking }); len(bk) > 0 {
			e := evInfo("braking, share of speed", 100*medianOf(bk)/in.info.Speed, "%")
			e.Note = fmt.Sprintf("at %.2f m/s", in.info.Speed)
			ev = append(ev, e)
		}
	}
	// cadence: supporting evidence only
	var reason string
	var paceUp bool
	step := strideSteps(b)
	if len(step) > 0 {
		cad := 60 / medianOf(step) // foot sensors: Step is half the stride
		e := evInfo("cadence", cad, "steps/min")
		e.Threshold = ptr(cfg.CadenceLow)
		if cad < cfg.CadenceLow {
			e.Fired, e.Level = true, "support"
			e.Note = fmt.Sprintf("below %.0f steps/min while running", cfg.CadenceLow)
		}
		ev = append(ev, e)
		if base != nil {
			bst := in.ofBase(base, "overstriding cadence", func() any {
				bs := strideSteps(base)
				st := baseStat{n: len(bs)}
				if len(bs) >= cfg.MinSteps {
					st.med = medianOf(bs)
				}
				return st
			}).(baseStat)
			if bst.n >= cfg.MinSteps {
				drop := 1 - cad/(60/bst.med)
				ed := evInfo("cadence drop vs baseline", 100*drop, "%")
				ed.Threshold = ptr(100 * cfg.CadenceDrop)
				if drop >= cfg.CadenceDrop {
					ed.Fired, ed.Level = true, "support"
				}
				ev = append(ev, ed)
				paceUp = -drop >= cfg.CadenceDrop
			}
		}
		if e, ok := speedMatchedCadence(in.cadence, in.info, cfg); ok && in.cadence > 0 {
			ev = append(ev, e)
		}
	}
	s.Evidence = ev
	if !math.IsInf(maxZ, -1) {
		s.Value = ptr(maxZ)
	}
	s = finish(s)
	if paceUp && s.State == StateFlag {
		s.State = StateWatch
		reason = fmt.Sprintf("capped at watch: cadence rose %s or more over the baseline, and a faster pace raises braking too", pct(cfg.CadenceDrop))
	}
	s.Reason = reason
	return s, maxZ
}

// strideSteps returns the step times behind overstriding's cadence of
// contacts cs, s: where the feet alternate (a waist sensor, a pair of foot
// sensors) the mean of each two consecutive contacts' steps, one of each
// foot, half their stride; else (a one-foot sensor, whose Step is already
// half its stride, or no two consecutive steps) each contact's Step. A
// foot whose steps are longer than the other's, or two foot sensors'
// clocks 50 ms apart, made the median step one foot's or the other's by
// the parity of the count: "cadence 155.9 steps/min (support)" beside a
// cadence_spm of 169.5.
func strideSteps(cs []Contact) []float64 {
	out := make([]float64, 0, len(cs))
	for i := range cs {
		if consecutive(cs, i) {
			if m := (cs[i].Step + cs[i+1].Step) / 2; !math.IsNaN(m) && !math.IsInf(m, 0) {
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 {
		return collect(cs, func(c Contact) float64 { return c.Step })
	}
	return out
}

// speedMatchedCadence compares the run's cadence, steps/min, measured as
// its summary's cadence_spm (Cadence of the main activity's steps, the
// figure the earlier runs' summaries hold; summaries written before
// 2026-11-22 hold 60 / mean of every step, lower by the missed contacts
// and pauses of their runs), with the median cadence of earlier
// runs at the same speed (within SpeedMatch):
// drop = 1 − cadence/baseline, supporting evidence of overstriding at
// CadenceDrop or more (a runner who overstrides takes fewer, longer steps
// at a given speed; gait-methods §9). Not reported (ok false) when the
// run's speed is unknown or there is no run history at all.
// speedWithin reports whether speeds a and b, m/s, are within tol of each
// other, the bound included: speeds given to the centimetre per second
// differ by a rounding error in float64 (4.03 − 3.78 is 0.2500000000000004),
// which left runs exactly ±SpeedMatch apart out.
func speedWithin(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol+1e-9
}

// noSpeedNote says how many earlier runs have no speed, which no
// speed-matched comparison can use ("" when all have one): serve's runs,
// and analyze's without --speed. "No earlier run at 3.30 m/s" alone, beside
// a history of such runs, read as if none had been found.
func noSpeedNote(past []PastRun) string {
	n := 0
	for _, r := range past {
		if !(r.Speed > 0) {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d of the %d earlier runs have no speed (serve's runs, analyze's without --speed) and are not compared", n, len(past))
}

func speedMatchedCadence(cad float64, info RunInfo, cfg SignalConfig) (Evidence, bool) {
	const name = "cadence drop vs runs at this speed"
	if info.Speed <= 0 || len(info.PastRuns) == 0 {
		return Evidence{}, false
	}
	var cs []float64
	for _, r := range info.PastRuns {
		if r.Speed > 0 && r.Cadence > 0 && speedWithin(r.Speed, info.Speed, cfg.SpeedMatch) {
			cs = append(cs, r.Cadence)
		}
	}
	if len(cs) == 0 {
		return evMissing(name, "%", fmt.Sprintf("no earlier run within %.2f m/s of %.2f m/s%s", cfg.SpeedMatch, info.Speed, noSpeedNote(info.PastRuns))), true
	}
	base := medianOf(cs)
	drop := 1 - cad/base
	e := evInfo(name, 100*drop, "%")
	e.Threshold = ptr(100 * cfg.CadenceDrop)
	e.Note = fmt.Sprintf("baseline %.1f steps/min: median of %d runs at %.2f ± %.2f m/s", base, len(cs), info.Speed, cfg.SpeedMatch)
	if drop >= cfg.CadenceDrop {
		e.Fired, e.Level = true, "support"
	}
	return e, true
}

// ---- uneven load ----

// layoutSideWhy says why a sensor cannot tell the sides, or "".
func layoutSideWhy(info RunInfo) string {
	switch {
	case info.Placement.Foot():
		return "one foot instrumented: left/right figures need a sensor on each foot"
	case !info.ML && !info.Gyro:
		return "no mediolateral axis and no gyroscope: left and right steps cannot be told apart"
	}
	return ""
}

// sidesOK reports whether cs has enough confident contacts per side, and
// if not why.
func sidesOK(cs []Contact, in sigInput) (bool, string) {
	l, r := in.split(cs, in.cfg.SideFloor)
	need := max(in.cfg.MinSteps/2, minSide)
	if len(l) >= need && len(r) >= need {
		return true, ""
	}
	// two paired foot sensors carry both sides: judge by the data first
	if w := layoutSideWhy(in.info); w != "" {
		return false, w
	}
	if len(l) > 0 && len(r) > 0 && len(l) >= minSide && len(r) >= minSide {
		return false, fmt.Sprintf("too few confident contacts per side (L %d, R %d; need %d each)", len(l), len(r), need)
	}
	return false, sideReason(cs, in.cfg.SideFloor)
}

// sided returns the contacts of cs the per-side measures compare: for a
// pair of foot sensors, those the other foot's sensor recorded around
// (recordedBoth); else cs.
func (in sigInput) sided(cs []Contact) []Contact {
	if !in.info.Paired {
		return cs
	}
	return recordedBoth(cs)
}

// siEvidence judges a symmetry index v of figure f over the sides of cs
// against watch and flag, % — when the sides' medians also differ by more
// than FatigueSE standard errors (medianSE), as the impact rise and
// fatigue's changes are judged: a clean walker's waist sensor at 50 Hz
// spreads its loading rate by ±20 % from step to step, and the per-side
// medians of 160 contacts read an SI of 5–8 %, of 30 a side (live) up to
// 10 % (TestSINoise).
//
// key is the index's key in the asymmetry (MeasureAsymmetry's Reasons)
// when f is the figure the asymmetry took for it: its per-side values
// and medians are then read from the evaluation's asymmetry of cs
// (sideFigs) rather than taken again ("" for none).
func siEvidence(name string, v *float64, why string, watch, flag float64, in sigInput, cs []Contact, f func(Contact) float64, key string) Evidence {
	if v == nil {
		return evMissing(name, "%", why)
	}
	e := evInfo(name, *v, "%")
	fig, ok := in.sideFigs(cs, key)
	if !ok {
		l, r := in.split(cs, in.cfg.SideFloor)
		fig.xl, fig.xr = in.collect(l, f), in.collect(r, f)
		if len(fig.xl) > 0 && len(fig.xr) > 0 {
			fig.ml, fig.mr = medianOf(fig.xl), medianOf(fig.xr)
		}
	}
	xl, xr := fig.xl, fig.xr
	if len(xl) > 0 && len(xr) > 0 {
		// the index's standard error, %: that of the difference of the
		// medians over the sides' mean (symmetryIndex)
		se := math.Hypot(medianSE(xl), medianSE(xr)) * 100 / math.Abs((fig.ml+fig.mr)/2)
		n := math.Abs(*v) / se
		e.Note = fmt.Sprintf("%.1f standard errors", n)
		if !(n > in.cfg.FatigueSE) {
			e.Threshold = ptr(watch)
			e.Note += ": within the sides' step-to-step spread"
			return e
		}
	}
	e.fire(math.Abs(*v), watch, flag)
	return e
}

// turnsNote says, for uneven load's counts (and its reasons for too few
// contacts), how many turning contacts were left out ("" for none): the
// summary's sides and balance count them, so its counts (and a balance it
// gives) are not these.
func (in sigInput) turnsNote() string {
	switch {
	case in.turns == 0:
		return ""
	case in.otherMain:
		return fmt.Sprintf(" (%d turning contacts left out)", in.turns)
	}
	return fmt.Sprintf(" (%d turning contacts left out, which the summary's per-side figures count)", in.turns)
}

func unevenLoad(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalUnevenLoad, Unit: "points", Watch: ptr(cfg.BalanceWatch), Flag: ptr(cfg.BalanceFlag)}
	if len(in.all) < cfg.MinSteps {
		return unavailable(s, fmt.Sprintf("%d contacts, need %d", len(in.all), cfg.MinSteps)+in.turnsNote())
	}
	both := in.sided(in.all)
	if ok, why := sidesOK(both, in); !ok {
		return unavailable(s, why+in.turnsNote())
	}
	a := in.asymmetry(both, cfg.SideFloor)
	noBalance := ""
	if a.GCTBalancePct != nil {
		b := *a.GCTBalancePct
		e := evInfo("GCT balance (left share)", b, "%")
		e.fire(math.Abs(b-50), cfg.BalanceWatch, cfg.BalanceFlag)
		e.Note = "judged on |balance − 50|"
		s.Evidence = append(s.Evidence, e)
		s.Value = ptr(math.Abs(b - 50))
	} else {
		noBalance = a.Reasons["gct_balance_pct"]
		if noBalance == "" {
			noBalance = "not measured"
		}
		s.Evidence = append(s.Evidence, evMissing("GCT balance (left share)", "%", noBalance))
	}
	s.Evidence = append(s.Evidence,
		siEvidence("SI GCT", a.SIGCTPct, a.Reasons["si_gct_pct"], cfg.SIWatch, cfg.SIFlag, in, both, func(c Contact) float64 { return c.GCT }, "si_gct_pct"),
		siEvidence("SI step time", a.SIStepPct, a.Reasons["si_step_time_pct"], cfg.SIWatch, cfg.SIFlag, in, both, func(c Contact) float64 { return c.Step }, "si_step_time_pct"),
		siEvidence("SI impact", a.SIImpactPct, a.Reasons["si_impact_pct"], cfg.SIWatch, cfg.SIFlag, in, both, impactOf, "si_impact_pct"),
	)
	if in.info.Placement == Waist {
		s.Evidence = append(s.Evidence, siEvidence("SI loading rate", a.SILoadingRatePct, a.Reasons["si_loading_rate_pct"], cfg.SIWatch, cfg.SIFlag, in, both, loadingRateOf, "si_loading_rate_pct"))
	}
	if len(in.running(in.all))*2 > len(in.all) {
		s.Evidence = append(s.Evidence, siEvidence("SI braking", a.SIBrakingPct, a.Reasons["si_braking_pct"], cfg.SIWatch, cfg.SIFlag, in, both, func(c Contact) float64 { return c.Braking }, "si_braking_pct"))
	} else {
		// walking braking is small and its per-side medians noisy
		s.Evidence = append(s.Evidence, evMissing("SI braking", "%", "judged while running only"))
	}
	counts := fmt.Sprintf("%d left and %d right contacts with side confidence ≥ %.2f", a.LeftSteps, a.RightSteps, cfg.SideFloor)
	if in.live {
		counts += fmt.Sprintf(" in the last %d", len(in.all))
	}
	counts += in.turnsNote()
	if noBalance != "" {
		// the headline value is missing: the state, if any, comes from
		// the symmetry indices, and the balance bands do not apply
		measured := false
		for _, e := range s.Evidence {
			measured = measured || e.Value != nil
		}
		if !measured {
			return unavailable(s, "no GCT balance ("+noBalance+") and no symmetry index measured; "+counts)
		}
		s.Watch, s.Flag = nil, nil
		s = finish(s)
		s.Reason = "no GCT balance (" + noBalance + "): judged on the symmetry indices alone; " + counts
		return s
	}
	s = finish(s)
	s.Reason = counts
	return s
}

// ---- trunk lean ----

func trunkLean(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalTrunkLean, Unit: "deg"}
	if in.info.Placement != Waist {
		return unavailable(s, "trunk lean needs a waist sensor")
	}
	if !in.info.AP {
		return unavailable(s, "no forward (anteroposterior) axis: the trunk pitch cannot be measured")
	}
	run := in.running(in.all)
	pitch := func(c Contact) float64 { return c.Pitch * deg }
	pv := in.collect(run, pitch)
	if len(pv) < cfg.MinSteps {
		if len(run) < cfg.MinSteps {
			return unavailable(s, fmt.Sprintf("judged while running: %d running contacts, need %d", len(run), cfg.MinSteps))
		}
		return unavailable(s, "the engine measured no trunk pitch (forward direction or reference not found)")
	}
	var nref int
	for _, c := range run {
		if c.PitchRef && !math.IsNaN(c.Pitch) {
			nref++
		}
	}
	calibrated := 2*nref >= len(pv)
	change := math.NaN()
	if in.trendWhy == "" {
		e, l := in.collect(in.running(in.early), pitch), in.collect(in.running(in.late), pitch)
		if len(e) >= cfg.MinSteps/2 && len(l) >= cfg.MinSteps/2 {
			change = medianOf(l) - medianOf(e)
		}
	}
	if calibrated {
		med := medianOf(pv)
		s.Value, s.Watch, s.Flag = ptr(med), ptr(cfg.LeanWatch), ptr(cfg.LeanFlag)
		fwd := judged("forward lean vs standing", med, "deg", cfg.LeanWatch, cfg.LeanFlag)
		back := evInfo("backward lean vs standing", med, "deg")
		back.fireBelow(med, cfg.LeanBackWatch, cfg.LeanBackFlag)
		s.Evidence = append(s.Evidence, fwd, back)
		if !math.IsNaN(change) {
			e := evInfo("change of lean", change, "deg")
			e.fire(math.Abs(change), cfg.LeanDriftWatch, cfg.LeanDriftFlag)
			e.Note = in.trendDesc
			s.Evidence = append(s.Evidence, e)
		} else {
			s.Evidence = append(s.Evidence, evMissing("change of lean", "deg", in.trendWhy))
		}
		s = finish(s)
		s.Reason = "median pitch while running relative to the standing calibration (conventions, not validated cut-offs)"
		return s
	}
	if math.IsNaN(change) {
		why := in.trendWhy
		if why == "" {
			why = "too few pitch values in the compared parts"
		}
		return unavailable(s, "no standing calibration, so only a change of lean can be judged, and "+why)
	}
	s.Value, s.Watch, s.Flag = ptr(change), ptr(cfg.LeanDriftWatch), ptr(cfg.LeanDriftFlag)
	e := evInfo("change of lean", change, "deg")
	e.fire(math.Abs(change), cfg.LeanDriftWatch, cfg.LeanDriftFlag)
	e.Note = in.trendDesc
	s.Evidence = append(s.Evidence, e, Evidence{Name: "pitch (uncalibrated)", Value: ptr(medianOf(pv)), Unit: "deg",
		Note: "not a lean: without a standing calibration the reference is the sensor's own (its mounting axes, or its posture in the recording's first second for a sensor-frame one), not upright"})
	s = finish(s)
	s.Reason = "no standing calibration: the absolute lean is unknown, only its change is judged (" + in.trendDesc + ")"
	return s
}

// ---- pelvic drop and rotation ----

func pelvis(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalPelvis, Unit: "%", Watch: ptr(cfg.PelvisSIWatch), Flag: ptr(cfg.PelvisSIFlag)}
	if in.info.Placement != Waist {
		return unavailable(s, "pelvic drop and rotation need a waist sensor with a gyroscope")
	}
	if !in.info.Gyro {
		return unavailable(s, "no gyroscope: pelvic roll and yaw cannot be measured")
	}
	roll := func(c Contact) float64 { return c.Roll * deg }
	yaw := func(c Contact) float64 { return c.Yaw * deg }
	rv, yv := in.collect(in.all, roll), in.collect(in.all, yaw)
	if len(rv) < cfg.MinSteps && len(yv) < cfg.MinSteps {
		return unavailable(s, "the engine measured no pelvic roll or yaw (needs the forward direction and a gyro)")
	}
	s.Evidence = append(s.Evidence, evInfo("roll range (pelvic drop)", medianOf(rv), "deg"), evInfo("yaw range (pelvic rotation)", medianOf(yv), "deg"))
	if ok, why := sidesOK(in.all, in); !ok {
		s = unavailable(s, "per-side comparison: "+why)
		return s
	}
	l, r := in.split(in.all, cfg.SideFloor)
	for _, p := range []struct {
		name string
		f    func(Contact) float64
	}{{"roll range", roll}, {"yaw range", yaw}} {
		for _, side := range []struct {
			n  string
			cs []Contact
		}{{"L", l}, {"R", r}} {
			if x := in.collect(side.cs, p.f); len(x) > 0 {
				s.Evidence = append(s.Evidence, evInfo(p.name+" "+side.n, medianOf(x), "deg"))
			}
		}
	}
	a := in.asymmetry(in.all, cfg.SideFloor)
	er := siEvidence("SI roll range", a.SIRollPct, a.Reasons["si_roll_pct"], cfg.PelvisSIWatch, cfg.PelvisSIFlag, in, in.all, roll, "")
	ey := siEvidence("SI yaw range", a.SIYawPct, a.Reasons["si_yaw_pct"], cfg.PelvisSIWatch, cfg.PelvisSIFlag, in, in.all, yaw, "")
	s.Evidence = append(s.Evidence, er, ey)
	v := math.NaN()
	for _, p := range []*float64{a.SIRollPct, a.SIYawPct} {
		if p != nil && !(math.Abs(*p) <= v) {
			v = math.Abs(*p)
		}
	}
	if math.IsNaN(v) {
		return unavailable(s, "no per-side roll or yaw ranges")
	}
	s.Value = ptr(v)
	s = finish(s)
	s.Reason = "largest |SI| of the per-side roll and yaw ranges (a convention, not a validated cut-off)"
	return s
}

// ---- impact ----

func impact(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalImpact, Unit: "g"}
	iv := in.collect(in.all, func(c Contact) float64 { return c.ImpactG })
	// the value is the summary's impact_g (both feet over strides, see
	// bothFeetOf; a whole run's in.impact, live the window's), which
	// --history reads back as an earlier run's impact
	alternate := !in.info.Placement.Foot() || twoSides(in.all)
	feet := bothFeetOf(in.all, alternate, func(i int) float64 { return in.all[i].ImpactG })
	if len(iv) < cfg.MinSteps {
		return unavailable(s, fmt.Sprintf("%d contacts with an impact peak, need %d", len(iv), cfg.MinSteps))
	}
	if why := cutMedianOf(in.all, in.paired(), alternate, impactOf); why != "" {
		return unavailable(s, why)
	}
	cur := medianOf(feet)
	if in.impact > 0 {
		cur = in.impact // a whole run's: its summary's impact_g
	}
	s.Value = ptr(cur)
	s.Evidence = append(s.Evidence, evInfo("impact", cur, "g"))
	lr := in.collect(in.all, func(c Contact) float64 { return c.LoadingRate })
	if why := cutMedianOf(in.all, in.paired(), false, loadingRateOf); why != "" {
		s.Evidence = append(s.Evidence, evMissing("loading rate", "g/s", why))
	} else if len(lr) > 0 {
		s.Evidence = append(s.Evidence, evInfo("loading rate", medianOf(lr), "g/s"))
	} else {
		s.Evidence = append(s.Evidence, evMissing("loading rate", "g/s", "not measured"))
	}
	var notes []string
	if ok, why := sidesOK(in.sided(in.all), in); ok {
		l, r := in.split(in.sided(in.all), cfg.SideFloor)
		for _, p := range []struct {
			name, unit string
			f          func(Contact) float64
		}{{"impact", "g", impactOf}, {"loading rate", "g/s", loadingRateOf}} {
			if cutOff(l, p.f, cutMedian) != "" || cutOff(r, p.f, cutMedian) != "" {
				continue // the SI says why
			}
			if xl, xr := in.collect(l, p.f), in.collect(r, p.f); len(xl) > 0 && len(xr) > 0 {
				s.Evidence = append(s.Evidence, evInfo(p.name+" L", medianOf(xl), p.unit), evInfo(p.name+" R", medianOf(xr), p.unit))
			}
		}
		a := in.asymmetry(in.sided(in.all), cfg.SideFloor)
		s.Evidence = append(s.Evidence, siEvidence("SI impact", a.SIImpactPct, a.Reasons["si_impact_pct"], cfg.SIWatch, cfg.SIFlag, in, in.sided(in.all), impactOf, "si_impact_pct"))
		if in.info.Placement == Waist {
			s.Evidence = append(s.Evidence, siEvidence("SI loading rate", a.SILoadingRatePct, a.Reasons["si_loading_rate_pct"], cfg.SIWatch, cfg.SIFlag, in, in.sided(in.all), loadingRateOf, "si_loading_rate_pct"))
		}
	} else {
		notes = append(notes, "no per-side figures: "+why)
	}
	// a foot sensor's loading rate depends on where the samples fall on a
	// 20 ms impact: it wanders by tens of percent in a steady run
	footLR := in.info.Placement != Waist
	for _, p := range []struct {
		name string
		f    func(Contact) float64
	}{{"impact rise", impactOf}, {"loading rate rise", loadingRateOf}} {
		if in.trendWhy != "" {
			s.Evidence = append(s.Evidence, evMissing(p.name, "%", in.trendWhy))
			continue
		}
		if why := cutThirds(in, p.f, cutMedian); why != "" {
			s.Evidence = append(s.Evidence, evMissing(p.name, "%", why))
			continue
		}
		est := in.ofBase(in.early, "impact "+p.name, func() any {
			e := collect(in.early, p.f)
			return baseStat{n: len(e), x: e, med: medianOf(e), spr: spread(e)}
		}).(baseStat)
		e, l := est.x, in.collect(in.late, p.f)
		if len(e) < cfg.MinSteps/2 || len(l) < cfg.MinSteps/2 {
			s.Evidence = append(s.Evidence, evMissing(p.name, "%", "too few values"))
			continue
		}
		me, ml := est.med, medianOf(l)
		if !(me > 0) {
			continue
		}
		// standard error of the difference of two medians, ≈ 1.2533·σ/√n
		// each, widened by the values' wander from stride to stride
		// (longRun's f, as fatigue's changes), and counted beyond the
		// Student t critical value of f's degrees of freedom (changeSE):
		// judged beyond 2 normal standard errors, a steady runner under a
		// slow wander (TestImpactRiseWander) had a rise beyond them in
		// 4.6 % of 1000 runs, where they stand for 2.28 % (a rise: one
		// side of 4.55 %), beyond the t critical value in 3.2 %. The
		// critical value and ν are changeSE's: a part of two values
		// (MinSteps 4), which longRun leaves out, adds its degree of
		// freedom (with both such, longRun's ν, 1, was of no values:
		// 13.97 standard errors where 4.53, TestImpactRiseShortPart)
		f := in.inflation2(e, l)
		_, nu := in.changeSENu(e, l)
		crit := in.tCrit(cfg.FatigueSE, nu)
		se := 1.2533 * math.Sqrt(f*(sq(est.spr)/float64(len(e))+sq(spread(l))/float64(len(l))))
		ev := evInfo(p.name, 100*(ml/me-1), "%")
		ev.Note = fmt.Sprintf("%s; %.1f standard errors, beyond %.2f counts (Student t, %.0f degrees of freedom)", in.trendDesc, math.Abs(ml-me)/se, crit, nu)
		switch {
		case footLR && p.name == "loading rate rise":
			ev.Note += "; not judged: a foot sensor's loading rate is too coarse"
		case math.Abs(ml-me) > crit*se:
			ev.fire(100*(ml/me-1), cfg.ImpactTrendWatch, cfg.ImpactTrendFlag)
		default:
			ev.Threshold = ptr(cfg.ImpactTrendWatch)
		}
		s.Evidence = append(s.Evidence, ev)
	}
	s.Evidence = append(s.Evidence, pastImpact(cur, in.info, cfg))
	s = finish(s)
	notes = append(notes, "impact has no absolute bands: it depends on the sensor and its mounting; judged on side asymmetry and its rise")
	s.Reason = strings.Join(notes, "; ")
	return s
}

// pastImpact compares a run's median impact with earlier runs': the change
// from their mean, %, judged with the impact-rise bands when it also lies
// beyond twice their spread (a change of shoes or surface, or fatigue
// across a training block). Impact grows with speed, so when the run's
// speed is known only earlier runs within SpeedMatch of it count.
func pastImpact(cur float64, info RunInfo, cfg SignalConfig) Evidence {
	const name = "impact vs earlier runs"
	var past []float64
	for _, r := range info.PastRuns {
		if r.Impact > 0 && (info.Speed <= 0 || r.Speed > 0 && speedWithin(r.Speed, info.Speed, cfg.SpeedMatch)) {
			past = append(past, r.Impact)
		}
	}
	switch {
	case len(info.PastRuns) == 0:
		return evMissing(name, "%", "no run history (gaitd analyze --history DIR)")
	case len(past) == 0 && info.Speed > 0:
		return evMissing(name, "%", fmt.Sprintf("no earlier run with an impact at %.2f ± %.2f m/s (impact grows with speed)%s", info.Speed, cfg.SpeedMatch, noSpeedNote(info.PastRuns)))
	case len(past) == 0:
		return evMissing(name, "%", "earlier runs have no impact")
	}
	var m float64
	for _, v := range past {
		m += v
	}
	m /= float64(len(past))
	ev := evInfo(name, 100*(cur/m-1), "%")
	if len(past) < 3 {
		ev.Note = fmt.Sprintf("%d earlier runs: too few to judge", len(past))
		return ev
	}
	var ss float64
	for _, v := range past {
		ss += (v - m) * (v - m)
	}
	sd := math.Sqrt(ss / float64(len(past)-1))
	ev.Note = fmt.Sprintf("mean of %d earlier runs %.2f g, spread %.2f g", len(past), m, sd)
	if info.Speed > 0 {
		ev.Note = fmt.Sprintf("mean of %d earlier runs at %.2f ± %.2f m/s %.2f g, spread %.2f g", len(past), info.Speed, cfg.SpeedMatch, m, sd)
	}
	if math.Abs(cur-m) > 2*sd {
		ev.fire(100*(cur/m-1), cfg.ImpactTrendWatch, cfg.ImpactTrendFlag)
	} else {
		ev.Threshold = ptr(cfg.ImpactTrendWatch)
	}
	return ev
}

// ---- fatigue drift ----

func fatigue(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalFatigue, Unit: "%", Watch: ptr(cfg.FatigueWatch), Flag: ptr(cfg.FatigueFlag)}
	if in.trendWhy != "" {
		return unavailable(s, in.trendWhy)
	}
	v := math.NaN()
	for _, m := range []struct {
		name    string
		f       func(Contact) float64
		inverse bool // cadence from step time
	}{
		{"cadence", func(c Contact) float64 { return c.Step }, true},
		{"GCT", func(c Contact) float64 { return c.GCT }, false},
		{"VO", func(c Contact) float64 { return c.VO }, false},
		{"impact", impactOf, false},
	} {
		if m.name == "impact" {
			if why := cutThirds(in, m.f, cutMean); why != "" {
				s.Evidence = append(s.Evidence, evMissing(m.name+" change", "%", why))
				continue
			}
		}
		est := in.ofBase(in.early, "fatigue "+m.name, func() any {
			e := collect(in.early, m.f)
			st := baseStat{n: len(e), x: trimmed(e)}
			st.mean = mean(st.x)
			return st
		}).(baseStat)
		l := in.collect(in.late, m.f)
		if est.n < cfg.MinSteps/2 || len(l) < cfg.MinSteps/2 {
			if est.n == 0 && len(l) == 0 {
				continue // not measured by this sensor
			}
			s.Evidence = append(s.Evidence, evMissing(m.name+" change", "%", "too few values"))
			continue
		}
		e, l := est.x, in.trimmed(l)
		me, ml := est.mean, mean(l)
		if !(me > 0 && ml > 0) {
			continue
		}
		se, nu := in.changeSENu(e, l)
		crit := in.tCrit(cfg.FatigueSE, nu)
		ch := 100 * (ml/me - 1)
		if m.inverse {
			ch = 100 * (me/ml - 1)
		}
		ev := evInfo(m.name+" change", ch, "%")
		ev.Note = fmt.Sprintf("%.1f standard errors, beyond %.2f counts (Student t, %.0f degrees of freedom)", math.Abs(ml-me)/se, crit, nu)
		if math.Abs(ml-me) > crit*se {
			ev.fire(math.Abs(ch), cfg.FatigueWatch, cfg.FatigueFlag)
		} else {
			ev.Threshold = ptr(cfg.FatigueWatch)
		}
		s.Evidence = append(s.Evidence, ev)
		if !(math.Abs(ch) <= v) {
			v = math.Abs(ch)
		}
	}
	le, re := in.split(in.sided(in.early), cfg.SideFloor)
	ll, rl := in.split(in.sided(in.late), cfg.SideFloor)
	be, bl := balance(le, re, minSide), balance(ll, rl, minSide)
	if be != nil && bl != nil {
		ev := evInfo("GCT balance change", *bl-*be, "points")
		ev.fire(math.Abs(*bl-*be), cfg.FatigueBalanceWatch, cfg.FatigueBalanceFlag)
		s.Evidence = append(s.Evidence, ev)
	} else {
		s.Evidence = append(s.Evidence, evMissing("GCT balance change", "points", balanceWhy(in, be == nil)))
	}
	if math.IsNaN(v) {
		return unavailable(s, "no metric measured in both compared parts")
	}
	s.Value = ptr(v)
	s = finish(s)
	s.Reason = in.trendDesc
	return s
}

// changeSE is the standard error of the difference of the means of e and
// l, two parts of a run each in time order, and the number of standard
// errors beyond which it counts at the two-sided level of z standard
// errors of a normal distribution: crit = tCrit(z, ν), with f and ν from
// longRun (Student t with the degrees of freedom of the long-run variance
// estimate, so the threshold widens where the values wander slowly and an
// error of f is likely, and stays z where they scatter independently).
// Each part's variance is read about its own least-squares line (as in
// longRun: a steady change within a part is not scatter), a sum of
// squares SS_p whose expectation is (n−2f)·γ₀, not (n−2)·γ₀, when the
// values wander:
//
//	se² = f · Σ_parts SS_p/(n_p−2f) / n_p.
//
// A part of fewer than 3 values (fatigue judges parts of MinSteps/2, 2 for
// MinSteps 4), which longRun leaves out, is read about its mean alone: a
// line through two values fits them exactly and left no spread, so that
// two such parts had a standard error of 0 and any change counted. Its SS_p
// is then over n_p−f, and its n_p−1 degrees of freedom add to ν.
func changeSE(e, l []float64, z float64) (se, crit, nu float64) {
	se, nu = changeSENu(e, l)
	return se, tCrit(z, nu), nu
}

// changeSENu is changeSE's standard error and ν, without the critical
// value.
func changeSENu(e, l []float64) (se, nu float64) { return sigInput{}.changeSENu(e, l) }

// changeSENu is changeSENu(e, l), the residuals cut from the
// evaluation's arena.
func (in sigInput) changeSENu(e, l []float64) (se, nu float64) {
	parts := [2][]float64{e, l}
	var res [2][]float64 // each part's residuals about its line, read once
	taken := res[:0]
	for _, x := range parts {
		if len(x) >= 3 {
			taken = append(taken, in.residuals(x))
		}
	}
	f, nu := longRunOf(taken)
	short := 0.0 // degrees of freedom of the parts longRun left out
	k := 0
	for _, x := range parts {
		n := float64(len(x))
		if len(x) < 3 {
			_, v := meanVar(x) // (SS_p/(n_p−1))
			se += f * v * max(n-1, 0) / max(n-f, 1) / n
			short += max(n-1, 0)
			continue
		}
		var ss float64
		for _, r := range taken[k] {
			ss += r * r
		}
		k++
		se += f * ss / max(n-2*f, 1) / n
	}
	switch {
	case max(len(e), len(l)) < 3:
		nu = max(short, 1) // (longRun took neither part: its ν, 1, is of no values)
	default:
		nu += short
	}
	return math.Sqrt(se), nu
}

// balanceWhy says why the GCT balance of the first (early) or last third
// (live: the baseline or the window) is missing: one foot instrumented, or
// what the contacts lack.
func balanceWhy(in sigInput, early bool) string {
	var hasL, hasR bool
	for _, c := range in.all {
		hasL = hasL || c.Side == Left
		hasR = hasR || c.Side == Right
	}
	// two paired foot sensors carry both sides: judge by the data first
	if w := layoutSideWhy(in.info); w != "" && !(hasL && hasR) {
		return w
	}
	part, name := in.late, "last third"
	if early {
		part, name = in.early, "first third"
	}
	if in.live {
		name = fmt.Sprintf("last %d contacts", len(in.late))
		if early {
			name = "baseline"
		}
	}
	if l, r := in.split(part, in.cfg.SideFloor); len(l) >= minSide && len(r) >= minSide {
		return name + ": too few contact times per side"
	}
	return name + ": " + sideReason(part, in.cfg.SideFloor)
}

// ---- pace variability ----

func pace(in sigInput) Signal {
	cfg := in.cfg
	s := Signal{Name: SignalPace, Unit: "%", Watch: ptr(cfg.StepCVWatch), Flag: ptr(cfg.StepCVFlag)}
	st := in.collect(in.all, func(c Contact) float64 { return c.Step })
	if len(st) < cfg.MinSteps {
		return unavailable(s, fmt.Sprintf("%d step times, need %d", len(st), cfg.MinSteps))
	}
	// step-to-step variability within stretches, so that a change of pace
	// between them (judged below) does not count twice
	var cvs []float64
	parts := in.stretches
	if in.live {
		parts = [][]Contact{in.all}
	}
	perSide := false
	for _, b := range parts {
		if cv, side, ok := stepCV(in, b, cfg.SideFloor, cfg.MinSteps/2); ok {
			cvs = append(cvs, cv)
			perSide = perSide || side
		}
	}
	if len(cvs) == 0 {
		cv, side, _ := stepCV(in, in.all, cfg.SideFloor, cfg.MinSteps)
		cvs, perSide = append(cvs, cv), side
	}
	cv := medianOf(cvs)
	s.Value = ptr(cv)
	e := judged("step time CV", cv, "%", cfg.StepCVWatch, cfg.StepCVFlag)
	e.Note = "robust: 1.4826·MAD / median"
	if perSide {
		e.Note += ", each foot's steps apart, averaged"
	}
	if !in.live {
		e.Note += ", median of " + stretchCount(len(cvs), cfg.Sustain)
	}
	s.Evidence = append(s.Evidence, e)
	if !in.live {
		// each stretch's cadence as the summary's cadence_spm (Cadence):
		// a step a missed contact made of two is left out, or an
		// accelerometer-only shoe at 100 Hz, missing one contact in
		// eight, read a steady pace as surging (TestPaceCadenceMissedContacts)
		var cad []float64
		for _, b := range in.stretches {
			if x := in.collect(b, func(c Contact) float64 { return c.Step }); len(x) >= cfg.MinSteps/2 {
				cad = append(cad, Cadence(x))
			}
		}
		if len(cad) >= 3 {
			m, v := meanVar(cad)
			ec := judged("cadence CV across stretches", 100*math.Sqrt(v)/m, "%", cfg.CadenceCVWatch, cfg.CadenceCVFlag)
			ec.Note = stretchCount(len(cad), cfg.Sustain)
			s.Evidence = append(s.Evidence, ec)
		} else {
			s.Evidence = append(s.Evidence, evMissing("cadence CV across stretches", "%", fmt.Sprintf("needs 3 stretches of %.0f s", cfg.Sustain)))
		}
	}
	s = finish(s)
	return s
}

// stepCV is the robust step-time CV of contacts cs, %: 1.4826·MAD /
// median of their Step. Where both feet have at least need/2 steps with
// side confidence ≥ floor, it is taken for each foot's steps apart and
// averaged (perSide), so that steps alternating short and long — an
// asymmetric gait, judged by uneven load, or two foot sensors' clocks a
// few ms apart — do not read as variability: a steady pair 10 ms apart read
// 4.1 % (watch) from all steps together. ok is false with fewer than need
// steps.
func stepCV(in sigInput, cs []Contact, floor float64, need int) (cv float64, perSide, ok bool) {
	step := func(c Contact) float64 { return c.Step }
	robust := func(x []float64) float64 { return 100 * spread(x) / medianOf(x) }
	l, r := in.split(cs, floor)
	xl, xr := in.collect(l, step), in.collect(r, step)
	if n := max(need/2, 1); len(xl) >= n && len(xr) >= n {
		return (robust(xl) + robust(xr)) / 2, true, true
	}
	x := in.collect(cs, step)
	if len(x) < max(need, 1) {
		return math.NaN(), false, false
	}
	return robust(x), false, true
}

// stretchCount says how many stretches of d seconds were judged: "1
// stretch of 30 s", "3 stretches of 30 s" (the last can be up to 2·d long,
// see chunks).
func stretchCount(n int, d float64) string {
	if n == 1 {
		return fmt.Sprintf("1 stretch of %.0f s", d)
	}
	return fmt.Sprintf("%d stretches of %.0f s", n, d)
}

// ---- live ----

// pauseS is the longest time between two contacts that keeps a state's
// hold time running; a longer pause restarts it.
const pauseS = 5.0

// Monitor judges the form signals live. Add each contact as the engine
// reports it; Signals reads the current verdicts without changing state.
// Each signal is computed on the last WindowSteps contacts against the
// baseline of the window's activity (the first BaselineS seconds of
// running, or of walking: a walking warm-up is not the baseline of the run
// that follows, whose every trend it flagged), and a state is
// reported only once it has held continuously for Sustain seconds of
// contact time; it is withdrawn likewise only after the signal has been
// below it for Sustain seconds. A signal that cannot be computed is
// reported unavailable at once. Memory is bounded by the window and the
// baseline (with the scratch space each contact's judging reuses, and
// what it keeps of a done baseline and of tCrit: see sigMemo and
// critCache). A Monitor is not safe for concurrent use.
type Monitor struct {
	info RunInfo
	cfg  SignalConfig

	win  []Contact // ring of the last WindowSteps contacts
	next int
	full bool
	// base holds the baselines of running (0) and walking (1), each the
	// first BaselineS seconds from that activity's first contact
	base        [2]baseline
	last        float64
	started     bool
	sus         []holder
	out         []Signal
	scratchWind []Contact
	crit        critCache // tCrit's values (see critCache)
	// memo is the evaluations' sigMemo, its entries of the judged
	// baseline (a done baseline's fixed slice) kept from one contact to
	// the next, all others dropped
	memo *sigMemo
}

// baseline is the first BaselineS seconds of one activity in a Monitor.
type baseline struct {
	cs            []Contact
	t0            float64 // the activity's first contact, s
	started, done bool
	// main is mainActivity(cs), kept once done (haveMain): the judged
	// baseline stays the same slice, so what the signals take of it is
	// kept across contacts (Monitor.memo)
	main     []Contact
	haveMain bool
}

// mainSet returns mainActivity(b.cs), the same slice at every call once
// the baseline is done.
func (b *baseline) mainSet() []Contact {
	if !b.done {
		return mainActivity(b.cs)
	}
	if !b.haveMain {
		b.main, b.haveMain = mainActivity(b.cs), true
	}
	return b.main
}

// add offers c (of this activity, or of none) to the baseline.
func (b *baseline) add(c Contact, span float64) {
	switch {
	case b.done:
	case !b.started:
		b.started, b.t0 = true, c.IC
		b.cs = append(b.cs, c)
	case c.IC-b.t0 < span:
		b.cs = append(b.cs, c)
	default:
		b.done = true
	}
}

// baseIndex is the index of activity a's baseline in Monitor.base, or -1.
func baseIndex(a Activity) int {
	switch a {
	case Running:
		return 0
	case Walking:
		return 1
	}
	return -1
}

// holder applies the Sustain rule to one signal.
type holder struct {
	on    [3]bool    // levels 1 (watch) and 2 (flag) reported
	since [3]float64 // time the raw level was first ≥ k continuously
	below [3]float64 // time the raw level was first < k continuously
}

func newHolder() holder {
	n := math.NaN()
	return holder{since: [3]float64{n, n, n}, below: [3]float64{n, n, n}}
}

func (h *holder) restart() {
	on := h.on
	*h = newHolder()
	h.on = on
}

// update takes the raw state at time t and returns the reported state
// with a note on a pending change.
func (h *holder) update(raw State, t, hold float64) (State, string) {
	if raw == StateUnavailable {
		*h = newHolder()
		return StateUnavailable, ""
	}
	lvl := raw.Level()
	for k := 1; k <= 2; k++ {
		if lvl >= k {
			h.below[k] = math.NaN()
			if math.IsNaN(h.since[k]) {
				h.since[k] = t
			}
			if t-h.since[k] >= hold {
				h.on[k] = true
			}
		} else {
			h.since[k] = math.NaN()
			if math.IsNaN(h.below[k]) {
				h.below[k] = t
			}
			if t-h.below[k] >= hold {
				h.on[k] = false
			}
		}
	}
	rep := StateOK
	switch {
	case h.on[2]:
		rep = StateFlag
	case h.on[1]:
		rep = StateWatch
	}
	note := ""
	switch r := rep.Level(); {
	case lvl > r:
		note = fmt.Sprintf("%s pending: held %.0f of %.0f s", raw, t-h.since[lvl], hold)
	case lvl < r:
		note = fmt.Sprintf("easing to %s: %.0f of %.0f s", raw, t-h.below[r], hold)
	}
	return rep, note
}

// NewMonitor returns a Monitor for a stream described by info.
func NewMonitor(info RunInfo, cfg SignalConfig) (*Monitor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	m := &Monitor{info: info, cfg: cfg, win: make([]Contact, cfg.WindowSteps), sus: make([]holder, len(signalNames)), crit: critCache{}, memo: &sigMemo{}}
	for i := range m.sus {
		m.sus[i] = newHolder()
	}
	m.out = allUnavailable("no contacts yet")
	return m, nil
}

// window returns the window's contacts in time order (reusing a buffer).
func (m *Monitor) window() []Contact {
	w := m.scratchWind[:0]
	if m.full {
		w = append(w, m.win[m.next:]...)
	}
	w = append(w, m.win[:m.next]...)
	m.scratchWind = w
	return w
}

// Add judges the signals with one more contact. Contacts must come in
// time order, as the engine emits them.
func (m *Monitor) Add(c Contact) {
	cfg := m.cfg
	if turning(c, cfg.TurnMax) {
		return // turns are not judged
	}
	if !m.started {
		m.started = true
	} else if c.IC-m.last > pauseS {
		for i := range m.sus {
			m.sus[i].restart()
		}
	}
	m.last = c.IC
	if k := baseIndex(c.Activity); k >= 0 {
		m.base[k].add(c, cfg.BaselineS)
	} else {
		// no activity (a foot's first contact): neutral, it joins the
		// baselines forming
		for k := range m.base {
			if m.base[k].started {
				m.base[k].add(c, cfg.BaselineS)
			}
		}
	}
	m.win[m.next] = c
	m.next++
	if m.next == len(m.win) {
		m.next, m.full = 0, true
	}

	in := sigInput{info: m.info, cfg: cfg, live: true, crit: m.crit}
	var act Activity
	in.all, act, _, _ = mainSet(m.window())
	b := &m.base[0]
	if k := baseIndex(act); k >= 0 {
		b = &m.base[k]
	} else if !b.started {
		b = &m.base[1]
	}
	base := b.mainSet()
	what := "of " + act.String()
	if act == Unknown {
		what = "of gait"
	}
	switch {
	case !b.started:
		in.baseWhy = "no baseline yet"
	case !b.done:
		in.baseWhy = fmt.Sprintf("baseline forming: first %.0f s %s, %s s so far", cfg.BaselineS, what, below(c.IC-b.t0, cfg.BaselineS))
	case len(base) < cfg.MinSteps:
		in.baseWhy = fmt.Sprintf("baseline has %d contacts, need %d", len(base), cfg.MinSteps)
	default:
		in.base = base
		in.baseDesc = "baseline " + spanText(base[0].IC, base[len(base)-1].IC)
		in.blocks = [][]Contact{in.all}
	}
	switch {
	case in.base == nil:
		in.trendWhy = in.baseWhy
	case c.IC-b.t0 < cfg.TrendMinS:
		in.trendWhy = fmt.Sprintf("%s s %s, need %.0f s to compare with the baseline", below(c.IC-b.t0, cfg.TrendMinS), what, cfg.TrendMinS)
	case len(in.all) < cfg.MinSteps:
		in.trendWhy = fmt.Sprintf("%d contacts in the window, need %d", len(in.all), cfg.MinSteps)
	default:
		in.early, in.late = in.base, in.all
		in.trendDesc = fmt.Sprintf("%s vs the last %d contacts", in.baseDesc, len(in.all))
	}
	// what was taken of the window (its buffer is reused) is dropped;
	// of the baseline, kept
	m.memo.keepOnly(in.base)
	m.memo.floats = m.memo.floats[:0]
	clear(m.memo.contacts) // (no stale copies held)
	m.memo.contacts = m.memo.contacts[:0]
	in.memo = m.memo
	raw := evaluate(in)
	for i := range raw {
		st, note := m.sus[i].update(raw[i].State, c.IC, cfg.Sustain)
		raw[i].State = st
		if note != "" {
			if raw[i].Reason != "" {
				raw[i].Reason += "; "
			}
			raw[i].Reason += note
		}
	}
	m.out = raw
}

// Signals returns the current verdicts, in the order of RunSignals. It
// does not change the Monitor; the returned slice is the caller's.
func (m *Monitor) Signals() []Signal {
	return append([]Signal(nil), m.out...)
}

// ---- summary ----

// SetRunInfo tells the Summary what the recording can support (placement,
// axes, activity, calibration); Analyze sets it from the engine's layout.
// Without it the signals are judged from what the contacts carry.
func (s *Summary) SetRunInfo(info RunInfo) { s.info, s.haveInfo = info, true }

// RunInfo returns the information the form signals are judged with: the
// one set by SetRunInfo, with the Summary's placement and speed, and
// Standing set when any contact is relative to a standing calibration.
func (s *Summary) RunInfo() RunInfo {
	info := s.info
	if !s.haveInfo {
		// layout unknown: let the contacts tell what was measured
		info = RunInfo{Vertical: true, AP: true, ML: true, Gyro: true}
	}
	info.Placement = s.Placement
	info.Paired = s.Paired
	if info.Speed == 0 {
		info.Speed = s.Speed
	}
	for _, c := range s.contacts {
		if c.PitchRef {
			info.Standing = true
			break
		}
	}
	return info
}

// formSignals fills the report's asymmetry and form signals.
func (s *Summary) formSignals(r *Report) {
	cfg := s.SignalConfig
	cfg.SideFloor = s.floor()
	main, _, _, _ := mainSet(s.contacts)
	r.Asymmetry = s.asymmetry(s.recordedBoth(main), cfg.SideFloor)
	r.Signals = RunSignals(s.aloneSteps(s.contacts), s.RunInfo(), cfg)
}

// aloneSteps returns the contacts of a paired run with a step time for
// those the other foot's sensor did not record around (alone, Step NaN:
// no step between the feet): half their own stride, as a one-foot sensor
// gives it; other runs' contacts as they are. The signals' cadence (pace,
// fatigue, overstriding) then covers a stretch one foot alone was
// recorded in: a right file ending at 150 s of a 240 s run whose cadence
// fell over its last third read fatigue's cadence change as "too few
// values" (TestPairedStretchFatigue). The per-side measures leave those
// contacts out (recordedBoth).
func (s *Summary) aloneSteps(cs []Contact) []Contact {
	if !s.Paired {
		return cs
	}
	var out []Contact
	for i := range cs {
		if !math.IsNaN(cs[i].Step) || !alone(cs, i) {
			continue
		}
		st := sameSide(cs, i, 1)
		if math.IsNaN(st) {
			st = sameSide(cs, i, -1)
		}
		if math.IsNaN(st) {
			continue
		}
		if out == nil {
			out = slices.Clone(cs)
		}
		out[i].Step = st / 2
	}
	if out == nil {
		return cs
	}
	return out
}

// turning reports whether a contact's step turns more than maxDeg degrees.
func turning(c Contact, maxDeg float64) bool {
	return !math.IsNaN(c.Turn) && math.Abs(c.Turn)*180/math.Pi > maxDeg
}

// straight returns the contacts that are not turning (cs itself when none
// is).
func straight(cs []Contact, maxDeg float64) []Contact {
	n := 0
	for _, c := range cs {
		if turning(c, maxDeg) {
			n++
		}
	}
	if n == 0 {
		return cs
	}
	out := make([]Contact, 0, len(cs)-n)
	for _, c := range cs {
		if !turning(c, maxDeg) {
			out = append(out, c)
		}
	}
	return out
}

// spanText writes a stretch of the input's time base, s, for a reason:
// "20–60 s" on a recording's own clock, and as UTC clock times when the
// times are Unix epoch seconds (after 1973: a live device's payload time),
// "20:31:16–20:31:56 UTC", which "1795379476–1795379516 s" was.
func spanText(a, b float64) string {
	if a > 1e8 && b > 1e8 {
		f := func(t float64) string { return time.Unix(int64(math.Round(t)), 0).UTC().Format("15:04:05") }
		return f(a) + "–" + f(b) + " UTC"
	}
	return fmt.Sprintf("%.0f–%.0f s", a, b)
}
