package gait

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Summary accumulates contacts into a run report. Like hash.Hash, Add
// accumulates and Report reads without changing state. It keeps one small
// record per contact, so memory grows with the number of steps only.
type Summary struct {
	Placement Placement
	// Speed is the running speed in m/s when known (treadmill), used for
	// step length and vertical ratio; 0 when unknown.
	Speed float64
	// Window is the length of the over-time windows, s (default 30;
	// shorter than MinWindow is taken as MinWindow).
	Window float64
	// SideFloor is the side confidence below which a contact does not
	// count towards per-side figures (default 0.6; a nonzero
	// SignalConfig.SideFloor takes its place, so that the balance, the
	// windows, the asymmetry block and the signals share one floor).
	SideFloor float64
	// MinPerSide is how many contacts with a contact time each foot needs
	// for the GCT balance (0: 10, as the uneven-load signal). A live window
	// of a few dozen steps takes fewer (gait/runs: a quarter of it).
	MinPerSide int
	// Paired: the contacts come from one sensor on each foot (see Pair), so
	// each contact is one step, as for a waist sensor.
	Paired bool
	// SignalConfig sets the thresholds of the form signals (zero fields:
	// defaults; a zero SideFloor takes the Summary's).
	SignalConfig SignalConfig
	// Partial, when set, is the report's reason although contacts were
	// found: what the result lacks (e.g. one foot of two).
	Partial string
	// Warn holds warnings from outside the contacts, reported after the
	// run's own (analyze: each foot's of a paired run, named by its file).
	Warn []string
	// RightShift, when set, is the offset added to the right foot's clock
	// of a paired run (analyze: the two files' epoch time and/or --align),
	// s.
	RightShift *float64
	// RightDrift, when set, is the right foot's clock rate error against
	// the left's that --align took out, ppm (positive: fast).
	RightDrift *float64

	info RunInfo // see SetRunInfo
	// runGCT, in the copy Report makes, is why the run has no contact
	// time (gctShortfall): the reason of its windows left without one
	runGCT     string
	haveInfo   bool
	contacts   []Contact
	start, end float64 // time span of the samples seen
	haveSpan   bool
	stats      Stats
}

// NewSummary returns an empty Summary for a placement.
func NewSummary(p Placement) *Summary {
	return &Summary{Placement: p, Window: 30, SideFloor: 0.6}
}

// Add records a contact.
func (s *Summary) Add(c Contact) { s.contacts = append(s.contacts, c) }

// Span records the time span of the recording, s (first and last sample).
func (s *Summary) Span(start, end float64) {
	if !s.haveSpan || start < s.start {
		s.start = start
	}
	if !s.haveSpan || end > s.end {
		s.end = end
	}
	s.haveSpan = true
}

// SetStats records the engine's counters for the report.
func (s *Summary) SetStats(st Stats) { s.stats = st }

// Contacts returns the contacts added so far (not a copy).
func (s *Summary) Contacts() []Contact { return s.contacts }

// Dist is the median and interquartile range (Q1 to Q3) of a per-step
// quantity, in the unit of the figure it describes (gct_ms_dist: ms), or,
// for a figure of both feet taken over strides, of the means of each two
// consecutive contacts (N counts those pairs; see bothFeetOf).
type Dist struct {
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	N      int     `json:"n"`
}

// SideReport holds the medians of one foot's contacts.
type SideReport struct {
	Steps    int      `json:"steps"`
	GCTms    *float64 `json:"gct_ms"`
	FlightMs *float64 `json:"flight_ms"`
	StepMs   *float64 `json:"step_ms"`
	ImpactG  *float64 `json:"impact_g"`
	VOmm     *float64 `json:"vo_mm"`
}

// WindowReport holds the metrics of one stretch of the run.
type WindowReport struct {
	StartS     float64  `json:"start_s"`
	EndS       float64  `json:"end_s"`
	Steps      int      `json:"steps"`
	CadenceSPM *float64 `json:"cadence_spm"`
	GCTms      *float64 `json:"gct_ms"`
	FlightMs   *float64 `json:"flight_ms"`
	VOmm       *float64 `json:"vo_mm"`
	BalancePct *float64 `json:"gct_balance_pct"`
	// GCTReason says why gct_ms, flight_ms and balance are null: the
	// window's contacts have too few toe-offs, or none, the run's rule
	// (see Report), or the run has none by that rule ("the run's: …").
	GCTReason string `json:"gct_reason,omitempty"`
	// Asymmetry of the window's contacts.
	Asymmetry Asymmetry `json:"asymmetry"`
}

// Report is the run summary: the JSON written by `gaitd analyze --summary`.
// Each figure's unit ends its name: per-step times in ms and VO in mm, as
// runners read them, spans in s (_s), cadence in steps/min (_spm), impact
// in g, braking and speed in m/s (_m_s), step length in m, shares in %
// (_pct); null where unknown. The per-step figures are medians over the
// contacts of the run's main activity.
type Report struct {
	Placement string  `json:"placement"`
	Activity  string  `json:"activity"`
	Steps     int     `json:"steps"`
	StartS    float64 `json:"start_s"` // time of the first sample, on the input's time base
	// DurationS is the recording's span, s (last sample − first);
	// GaitS the time in gait within it, s: the sum of the steps' own
	// times, pauses left out.
	DurationS float64 `json:"duration_s"`
	GaitS     float64 `json:"gait_duration_s"`
	// CadenceSPM is steps/min (see Cadence); GCTms, FlightMs and StepMs
	// are contact, flight and step time, ms (StepMs: half of each
	// contact's stride); VOmm vertical oscillation, mm; DutyFactor
	// GCT / stride time (0…1); ImpactG the impact peak, g; BrakingMS the
	// forward speed lost per contact, m/s; GCTBalancePct the left share
	// of the contact times, % (see Asymmetry).
	CadenceSPM    *float64 `json:"cadence_spm"`
	GCTms         *float64 `json:"gct_ms"`
	FlightMs      *float64 `json:"flight_ms"`
	StepMs        *float64 `json:"step_ms"`
	VOmm          *float64 `json:"vo_mm"`
	DutyFactor    *float64 `json:"duty_factor"`
	ImpactG       *float64 `json:"impact_g"`
	BrakingMS     *float64 `json:"braking_m_s"`
	GCTBalancePct *float64 `json:"gct_balance_pct"`
	// With the speed known (Summary.Speed, m/s): StepLengthM = speed ·
	// StepMs / 1000, m, and VerticalRatioPct = VO / step length · 100 %.
	StepLengthM      *float64 `json:"step_length_m"`
	VerticalRatioPct *float64 `json:"vertical_ratio_pct"`
	SpeedMS          *float64 `json:"speed_m_s"`

	GCTDist    *Dist `json:"gct_ms_dist"`
	FlightDist *Dist `json:"flight_ms_dist"`
	VODist     *Dist `json:"vo_mm_dist"`
	DutyDist   *Dist `json:"duty_factor_dist"`

	SideConfidence *float64               `json:"side_confidence"`
	Sides          map[string]*SideReport `json:"sides"`
	Windows        []WindowReport         `json:"windows"`

	RunningSteps int   `json:"running_steps"`
	WalkingSteps int   `json:"walking_steps"`
	Gaps         int64 `json:"gaps"`
	Bridged      int64 `json:"bridged_holes"`
	// FilledSteps counts the walking contacts found in the step rhythm
	// (Stats.Filled): a loading peak under the picker's thresholds in the
	// middle of a two-step interval.
	FilledSteps  int64 `json:"filled_steps"`
	Rejected     int64 `json:"rejected_samples"`
	ClippedSteps int64 `json:"clipped_steps"`

	// Reason explains an empty or partial result ("no gait found", …).
	Reason string `json:"reason,omitempty"`
	// RightClockShiftS is the offset added to the right foot's clock of
	// a paired run when one was applied (analyze: the files' epoch time,
	// --align's estimate, or both), s.
	RightClockShiftS *float64 `json:"right_clock_shift_s,omitempty"`
	// RightClockDriftPPM is the right foot's clock rate error against the
	// left's that --align took out of a paired run, ppm (positive: the
	// right clock fast); RightClockShiftS is then the shift at the right
	// clock's 0.
	RightClockDriftPPM *float64 `json:"right_clock_drift_ppm,omitempty"`
	// TiltDeg: a waist's anatomical input with an AP or ML channel, the
	// angle of its vertical axis from gravity that the tilt correction in
	// use levels (Stats.Tilt).
	TiltDeg *float64 `json:"tilt_deg,omitempty"`
	// GCTReason says why gct_ms, flight_ms and duty_factor are null
	// although contacts were found: toe-offs for too few of them (under
	// one step in five), overall or of one foot's.
	GCTReason string `json:"gct_reason,omitempty"`
	// BalanceReason says why gct_balance_pct is null.
	BalanceReason string `json:"gct_balance_reason,omitempty"`
	// ImpactReason says why impact_g is null although contacts have an
	// impact peak: the accelerometer saturated in half of them or more,
	// whose peaks read its range (see cutOff), and the median would be the
	// range, not the runner's.
	ImpactReason string `json:"impact_reason,omitempty"`
	// ActivityNote, when the run mixes running and walking, says that the
	// figures are the main activity's (see Report).
	ActivityNote string `json:"activity_note,omitempty"`
	// Warnings name the run's figures that the placement it was analysed
	// as does not produce (a foot's angular rates or impacts from a
	// "waist", a trunk's from a "shoe", half a runner's cadence, …): most
	// often the wrong --placement. See plausible.go for the ranges. A
	// foot's gyroscope saturating is warned of here too.
	Warnings []string `json:"warnings,omitempty"`

	// Asymmetry compares the feet over the run; Signals are the form
	// signals (see RunSignals).
	Asymmetry Asymmetry `json:"asymmetry"`
	Signals   []Signal  `json:"signals"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Report computes the run summary. It does not change the Summary.
//
// The run's figures (cadence, contact and flight times, VO, duty factor,
// impact, braking, per-side medians and balance) come from the contacts of
// its main activity when it mixes running and walking (a warm-up or
// cool-down walk would otherwise pull a runner's cadence down by 15–20
// steps/min); ActivityNote then says so. Steps, windows and the stream's
// counters cover every contact.
//
// When a toe-off was found for fewer than one of those contacts in five
// (minGCTShare), or, with sides known, for fewer than one in five of
// one foot's (the other foot's contact time alone would stand for the
// run), the run has no GCT, flight or duty factor at all (nor per side,
// balance, braking or the signals that use them, nor per window but for
// the other activity's contacts, which keep their own): the report is made
// as if no contact of the main activity had a toe-off, and GCTReason (and
// that of each window left without one) says why.
func (s *Summary) Report() Report {
	main, _, _, _ := mainSet(s.contacts)
	reason := s.gctShortfall(main)
	if reason == "" {
		return s.report()
	}
	t := *s
	t.runGCT = reason
	some := countGCT(main) > 0
	if some {
		// report as if none of the main activity's contacts had a
		// toe-off: the few would stand for the run. The other
		// activity's keep theirs, which its windows report (a walk's
		// running intervals read gct_ms null in every window, "the
		// run's: toe-off found for only 8 of 308 steps", the walking
		// steps', beside 86 running steps with a toe-off each)
		t.contacts = withoutGCTOf(s.contacts, main)
	}
	r := t.report()
	r.GCTReason = reason
	if s.Placement == Waist && r.WalkingSteps > r.RunningSteps {
		r.GCTReason += " (walking, a waist sensor reads the other foot's toe-off from the trunk's rise after the loading peak, which not every step shows)"
	}
	if some && r.GCTBalancePct == nil {
		r.BalanceReason = "no ground contact times: " + r.GCTReason
	}
	return r
}

// gctShortfall says why the contacts cs do not give the run a contact time
// ("" when they do).
func (s *Summary) gctShortfall(cs []Contact) string {
	n, with := len(cs), countGCT(cs)
	switch {
	case n == 0:
		return ""
	case with == 0:
		return fmt.Sprintf("no toe-off found in %d steps", n)
	case with*minGCTShare < n:
		return fmt.Sprintf("toe-off found for only %d of %d steps", with, n)
	}
	l, r := splitSides(cs, s.floor())
	if len(l) < minSide || len(r) < minSide {
		return ""
	}
	gl, gr := countGCT(l), countGCT(r)
	if gl*minGCTShare < len(l) || gr*minGCTShare < len(r) {
		return fmt.Sprintf("toe-off found for %d of %d left and %d of %d right steps: one foot's contact time would stand for the run", gl, len(l), gr, len(r))
	}
	return ""
}

// withoutGCT returns a copy of cs with no toe-off: FC, GCT and flight
// unknown, and braking and peak deceleration too, which are measured over
// the stance up to the toe-off.
func withoutGCT(cs []Contact) []Contact {
	out := make([]Contact, len(cs))
	for i, c := range cs {
		out[i] = noToeOff(c)
	}
	return out
}

// withoutGCTOf returns a copy of cs in which the contacts of main (cs's
// main activity, mainSet) have no toe-off (noToeOff); those of the other
// activity keep theirs.
func withoutGCTOf(cs, main []Contact) []Contact {
	if len(main) == len(cs) {
		return withoutGCT(cs)
	}
	_, act, _, _ := mainSet(cs)
	other := Walking
	if act == Walking {
		other = Running
	}
	out := make([]Contact, len(cs))
	for i, c := range cs {
		if c.Activity != other {
			c = noToeOff(c)
		}
		out[i] = c
	}
	return out
}

// noToeOff is c with FC, GCT, flight, braking and peak deceleration
// unknown.
func noToeOff(c Contact) Contact {
	c.FC, c.GCT, c.Flight = math.NaN(), math.NaN(), math.NaN()
	c.Braking, c.PeakDecel = math.NaN(), math.NaN()
	return c
}

func countGCT(cs []Contact) int {
	n := 0
	for _, c := range cs {
		if !math.IsNaN(c.GCT) {
			n++
		}
	}
	return n
}

// mainSet returns the contacts of the main activity (MainActivity): all of
// them but those of the other activity, which only a run that mixes
// running and walking has. It also returns the activity and the counts of
// running and walking contacts. The summary's figures and the form signals
// both judge this set.
func mainSet(cs []Contact) (set []Contact, act Activity, running, walking int) {
	act, running, walking = MainActivity(cs)
	if act == Unknown || running == 0 || walking == 0 {
		return cs, act, running, walking
	}
	other := otherActivity(act)
	set = make([]Contact, 0, len(cs))
	for _, c := range cs {
		if c.Activity != other {
			set = append(set, c)
		}
	}
	return set, act, running, walking
}

// otherActivity is walking for running and running for walking: the
// activity whose contacts mainSet leaves out of act's (Unknown for
// Unknown: none is).
func otherActivity(act Activity) Activity {
	switch act {
	case Running:
		return Walking
	case Walking:
		return Running
	}
	return Unknown
}

func (s *Summary) report() Report {
	r := Report{Placement: s.Placement.String(), Activity: Unknown.String(), Steps: len(s.contacts)}
	if s.haveSpan {
		r.StartS, r.DurationS = s.start, s.end-s.start
	}
	r.Gaps, r.Rejected, r.ClippedSteps = s.stats.Gaps, s.stats.Rejected, s.stats.Clipped
	if s.stats.TiltKnown {
		r.TiltDeg = ptr(s.stats.Tilt)
	}
	r.Bridged, r.FilledSteps = s.stats.Bridged, s.stats.Filled
	if s.Speed > 0 {
		r.SpeedMS = ptr(s.Speed)
	}
	cs := s.contacts
	r.Reason = s.Partial
	r.RightClockShiftS = s.RightShift
	r.RightClockDriftPPM = s.RightDrift
	if len(cs) == 0 {
		mv := s.stats.MeanVertical
		switch {
		case r.DurationS > 0 && r.DurationS < 2:
			r.Reason = "recording too short: no complete step"
		case s.stats.Samples > 0 && mv < -0.7 && s.Placement == Waist:
			r.Reason = fmt.Sprintf("no gait found: the vertical axis averages %.2f g: it points down — is acc_v positive up? Negate the column, or give the sensor's three axes (ax,ay,az), whose vertical is found from gravity", mv)
		case s.stats.Samples > 0 && (mv < 0.7 || mv > 1.5) && s.Placement == Waist:
			r.Reason = fmt.Sprintf("no gait found: the vertical axis averages %.2f g, not 1 g (wrong axis or unit?)", mv)
		default:
			r.Reason = "no gait found: no foot contacts detected (check --placement and the axes)"
		}
		r.Windows = []WindowReport{}
		s.formSignals(&r)
		r.Warnings = append(s.saturation(), s.Warn...)
		return r
	}
	r.Steps = s.stepCount(cs)
	main, act, running, walking := mainSet(cs)
	r.RunningSteps, r.WalkingSteps = s.activitySteps(cs)
	if act != Unknown {
		r.Activity = act.String()
	}
	if len(main) < len(cs) {
		n, other, no := running, Walking, walking
		if act == Walking {
			n, other, no = walking, Running, running
		}
		r.ActivityNote = fmt.Sprintf("the run's figures are from its %d %s contacts; its %d %s contacts are counted but left out of them",
			n, act, no, other)
	}
	// time in gait: the steps' own times (pauses, whose steps are
	// unknown, left out), within the recording's span
	for i, c := range cs {
		switch {
		case s.Placement.Foot() && !s.Paired:
			r.GaitS += 2 * nanZero(c.Step) // Step is half the stride
		case s.Paired && s.alone(cs, i):
			r.GaitS += nanZero(s.stride(cs, i))
		case s.Paired && math.IsNaN(c.Step) && i+1 < len(cs) && cs[i+1].Side == c.Side:
			// the last contact before the other foot's recording stops
			// (or misses a contact): its step, to the unrecorded
			// contact, is half its stride
			r.GaitS += nanZero(s.stride(cs, i)) / 2
		default:
			r.GaitS += nanZero(c.Step)
		}
	}
	if s.haveSpan {
		r.GaitS = min(r.GaitS, r.DurationS)
	}
	gct := s.bothFeet(main, func(i int) float64 { return 1000 * main[i].GCT })
	fl := s.bothFeet(main, func(i int) float64 { return 1000 * main[i].Flight })
	stp := s.halfStrides(main)
	df := s.bothFeet(main, func(i int) float64 { return main[i].GCT / s.ownStride(main, i) })
	vo := s.bothFeet(main, func(i int) float64 { return 1000 * main[i].VO })
	imp := s.bothFeet(main, func(i int) float64 { return main[i].ImpactG })
	brk := s.bothFeet(main, func(i int) float64 { return main[i].Braking })
	r.CadenceSPM = ptr(Cadence(s.cadenceSteps(main)))
	if r.CadenceSPM == nil && r.Reason == "" {
		// contacts, but none of the main activity's has a step to a
		// next one (a 0.6 s piece: one walking and one running
		// contact, cadence and every median null with no word why)
		r.Reason = fmt.Sprintf("recording too short: no step time among its %d %s contact(s) (no complete step to the next contact)", len(main), act)
	}
	r.GCTms, r.GCTDist = dist(gct)
	r.FlightMs, r.FlightDist = dist(fl)
	r.StepMs, _ = dist(stp)
	r.VOmm, r.VODist = dist(vo)
	r.DutyFactor, r.DutyDist = dist(df)
	r.ImpactG, _ = dist(imp)
	if why := cutMedianOf(main, s.Paired, !s.Placement.Foot() || s.Paired, impactOf); why != "" && r.ImpactG != nil {
		r.ImpactG, r.ImpactReason = nil, why
	}
	r.BrakingMS, _ = dist(brk)
	if s.Speed > 0 && r.StepMs != nil {
		sl := s.Speed * *r.StepMs / 1000
		r.StepLengthM = ptr(sl)
		if r.VOmm != nil {
			r.VerticalRatioPct = ptr(*r.VOmm / 1000 / sl * 100)
		}
	}
	s.sides(&r, s.recordedBoth(main))
	if r.GCTBalancePct == nil {
		r.BalanceReason = s.balanceReason(&r, s.recordedBoth(main))
	}
	r.Windows = s.windows()
	s.formSignals(&r)
	plaus := s.plausibility(&r, main)
	if len(plaus) == 0 { // else the sensor may not be where it is said to be
		plaus = append(append(s.scale(), s.shoeToeOff(&r)...), s.shankToeOff(&r)...)
	}
	r.Warnings = append(append(s.saturation(), plaus...), s.Warn...)
	return r
}

func (s *Summary) sides(r *Report, cs []Contact) {
	var l, rt []Contact
	var conf float64
	var nconf int
	for _, c := range cs {
		if c.Side == SideUnknown {
			continue
		}
		conf += c.SideConf
		nconf++
		if c.SideConf < s.floor() {
			continue
		}
		if c.Side == Left {
			l = append(l, c)
		} else {
			rt = append(rt, c)
		}
	}
	if nconf > 0 {
		r.SideConfidence = ptr(conf / float64(nconf))
	}
	if len(l) == 0 && len(rt) == 0 {
		return
	}
	r.Sides = map[string]*SideReport{}
	for name, set := range map[string][]Contact{"L": l, "R": rt} {
		if len(set) == 0 {
			continue
		}
		sr := &SideReport{Steps: len(set)}
		sr.GCTms, _ = dist(collect(set, func(c Contact) float64 { return 1000 * c.GCT }))
		sr.FlightMs, _ = dist(collect(set, func(c Contact) float64 { return 1000 * c.Flight }))
		sr.StepMs, _ = dist(collect(set, func(c Contact) float64 { return 1000 * c.Step }))
		if cutOff(set, impactOf, cutMedian) == "" {
			sr.ImpactG, _ = dist(collect(set, impactOf))
		}
		sr.VOmm, _ = dist(collect(set, func(c Contact) float64 { return 1000 * c.VO }))
		r.Sides[name] = sr
	}
	r.GCTBalancePct = balance(l, rt, s.minPerSide())
}

// asymmetry is MeasureAsymmetry of contacts cs for the report and its
// windows. One foot's sensor gives no left/right figures, and they say
// so, as gct_balance_reason does: they said "sides unknown (no contact
// carries a side)", or with --side "only one foot has confident contacts
// (L 86, R 0)", as if the side labelling had failed.
func (s *Summary) asymmetry(cs []Contact, floor float64) Asymmetry {
	a := MeasureAsymmetry(cs, floor)
	if s.Placement.Foot() && !s.Paired && len(cs) > 0 {
		for k := range a.Reasons {
			if k == "gct_balance_pct" || strings.HasPrefix(k, "si_") {
				a.Reasons[k] = "one foot instrumented: left/right figures need a sensor on each foot"
			}
		}
	}
	return a
}

// floor is the side confidence below which a contact does not count
// towards the report's per-side figures: SignalConfig.SideFloor when set,
// else SideFloor — one floor for the balance, the windows, the asymmetry
// block and the signals.
func (s *Summary) floor() float64 {
	if s.SignalConfig.SideFloor != 0 {
		return s.SignalConfig.SideFloor
	}
	return s.SideFloor
}

func (s *Summary) minPerSide() int {
	if s.MinPerSide > 0 {
		return s.MinPerSide
	}
	return minSide
}

func (s *Summary) balanceReason(r *Report, cs []Contact) string {
	switch {
	case s.Placement.Foot() && !s.Paired:
		return "one foot instrumented"
	case r.GCTms == nil:
		return "no contact times (toe-off not found)"
	case r.SideConfidence == nil:
		return "sides unknown (no gyro or mediolateral axis)"
	case *r.SideConfidence < s.floor():
		return fmt.Sprintf("side confidence %.2f below %.2f", *r.SideConfidence, s.floor())
	}
	l, rt := splitSides(cs, s.floor())
	return fmt.Sprintf("too few contacts per side (L %d, R %d with a contact time; need %d each)", countGCT(l), countGCT(rt), s.minPerSide())
}

// balance is the left share of ground contact time, % (gait-methods §8):
// B_L = mean GCT_L / (mean GCT_L + mean GCT_R) · 100, from at least n
// contact times per foot (nil otherwise).
func balance(l, r []Contact, n int) *float64 {
	gl := collect(l, func(c Contact) float64 { return c.GCT })
	gr := collect(r, func(c Contact) float64 { return c.GCT })
	if len(gl) < n || len(gr) < n {
		return nil
	}
	ml, mr := mean(gl), mean(gr)
	return ptr(100 * ml / (ml + mr))
}

// MinWindow is the shortest over-time window, s: about two steps of the
// slowest walking.
const MinWindow = 1.0

func (s *Summary) windows() []WindowReport {
	out := []WindowReport{}
	w := s.Window
	if !(w > 0) || math.IsInf(w, 0) {
		w = 30
	}
	// (a window of 1e-320 s overflowed the window index to +Inf, and
	// the summary could not be written)
	w = math.Max(w, MinWindow)
	cs := s.contacts
	t0 := cs[0].IC
	if s.haveSpan {
		t0 = s.start
	}
	for i := 0; i < len(cs); {
		// group by the window index each contact computes, so rounding
		// at a window edge cannot stall the loop
		k := math.Floor((cs[i].IC - t0) / w)
		ws, we := t0+k*w, t0+(k+1)*w
		if s.haveSpan && we > s.end {
			we = s.end // the last window ends with the recording
		}
		j := i + 1
		for j < len(cs) && math.Floor((cs[j].IC-t0)/w) == k {
			j++
		}
		set := cs[i:j]
		own := countGCT(set) // (after the run's rule, see Report)
		wr := WindowReport{StartS: ws, EndS: we}
		for k := i; k < j; k++ {
			// a paired contact's weight (1, or 2 alone) is judged in the
			// whole run: one at a window's edge has its neighbours in the
			// next window (the windows summed to more than the run)
			wr.Steps += s.stepWeight(cs, k)
		}
		if reason := s.gctShortfall(set); reason != "" {
			// the run's rule, per window: a few toe-offs do not stand
			// for the window (a walk inside a run read 900 ms from 1 of
			// 58 steps); none at all is said too (a walking warm-up's
			// window was null without a reason beside one with it)
			if countGCT(set) > 0 {
				set = withoutGCT(set)
			}
			wr.GCTReason = reason
		}
		if s.runGCT != "" && own == 0 {
			// the run's rule took the window's toe-offs (or it had
			// none, as the run): say the run's reason, not "no toe-off
			// found" of the stripped set
			wr.GCTReason = "the run's: " + s.runGCT
		}
		wr.CadenceSPM = ptr(Cadence(s.cadenceSteps(set)))
		wr.GCTms, _ = dist(s.bothFeet(set, func(i int) float64 { return 1000 * set[i].GCT }))
		wr.FlightMs, _ = dist(s.bothFeet(set, func(i int) float64 { return 1000 * set[i].Flight }))
		wr.VOmm, _ = dist(s.bothFeet(set, func(i int) float64 { return 1000 * set[i].VO }))
		var l, r []Contact
		for _, c := range s.recordedBoth(set) {
			if c.SideConf >= s.floor() {
				if c.Side == Left {
					l = append(l, c)
				} else if c.Side == Right {
					r = append(r, c)
				}
			}
		}
		wr.BalancePct = balance(l, r, s.minPerSide())
		wr.Asymmetry = s.asymmetry(s.recordedBoth(set), s.floor())
		out = append(out, wr)
		i = j
	}
	return out
}

// Cadence is steps per minute from step times in s: 60 / mean step time,
// leaving out steps longer than 1.5 × the median (a contact the detector
// missed makes one step of two; a pause), which would otherwise pull it
// down. NaN without steps. gait/eval scores cadence with the same rule.
func Cadence(steps []float64) float64 {
	if len(steps) == 0 {
		return math.NaN()
	}
	sorted := append([]float64(nil), steps...)
	sort.Float64s(sorted)
	lim := 1.5 * quantile(sorted, 0.5)
	var sum float64
	n := 0
	for _, v := range steps {
		if v <= lim {
			sum += v
			n++
		}
	}
	return 60 * float64(n) / sum
}

// stepCount is how many steps of both legs contacts cs stand for, the sum
// of their stepWeight.
func (s *Summary) stepCount(cs []Contact) int {
	n := 0
	for i := range cs {
		n += s.stepWeight(cs, i)
	}
	return n
}

// activitySteps counts the running and walking steps of cs as Steps
// counts them (stepWeight): one foot's contact is two steps. They counted
// contacts, and one shoe's 58-contact walk read walking_steps 57 of steps
// 116.
func (s *Summary) activitySteps(cs []Contact) (running, walking int) {
	for i, c := range cs {
		switch c.Activity {
		case Running:
			running += s.stepWeight(cs, i)
		case Walking:
			walking += s.stepWeight(cs, i)
		}
	}
	return running, walking
}

// stepWeight is how many steps of both legs contact i of cs stands for:
// one from a waist sensor or a pair of foot sensors, two from one foot's
// sensor, and two from a paired run's contact that the other foot's
// sensor did not record around (alone: the right file started late or the
// left one ended early, or the other foot missed two contacts in a row).
func (s *Summary) stepWeight(cs []Contact, i int) int {
	switch {
	case s.Placement.Foot() && !s.Paired:
		return 2
	case s.Paired && s.alone(cs, i):
		return 2
	}
	return 1
}

// alone reports whether contact i of a paired run has contacts of its own
// foot on both sides (or the run's end): the other foot was not recorded
// there, and the contact stands for two steps, as from a one-foot sensor.
func (s *Summary) alone(cs []Contact, i int) bool { return alone(cs, i) }

func alone(cs []Contact, i int) bool {
	c := cs[i]
	return (i == 0 || cs[i-1].Side == c.Side) && (i+1 == len(cs) || cs[i+1].Side == c.Side)
}

// recordedBoth returns, for a paired run, the contacts of cs that the other
// foot's sensor recorded around (not alone), which the per-side figures,
// the GCT balance and the symmetry indices compare; for other runs cs.
// A stretch one foot alone was recorded in compared that foot's contacts
// there with none of the other's: a right file ending at 150 s of a
// 240 s run whose runner tired read a balance of 51.0 % for the 50.0 %
// over the stretch both feet cover (TestPairedStretchBalance).
func (s *Summary) recordedBoth(cs []Contact) []Contact {
	if !s.Paired {
		return cs
	}
	return recordedBoth(cs)
}

func recordedBoth(cs []Contact) []Contact {
	for i := range cs {
		if alone(cs, i) {
			out := slices.Clone(cs[:i])
			for j := i + 1; j < len(cs); j++ {
				if !alone(cs, j) {
					out = append(out, cs[j])
				}
			}
			return out
		}
	}
	return cs
}

// stride is the time from contact i to its own foot's next contact, s (NaN
// when that is over maxStride away, a pause, or there is none).
func (s *Summary) stride(cs []Contact, i int) float64 { return sameSide(cs, i, 1) }

// sameSide is the time between contact i of cs and the nearest contact of
// the same side after it (dir 1) or before it (dir −1), s: that foot's
// stride. NaN when it is over maxStride away (a pause) or there is none.
func sameSide(cs []Contact, i, dir int) float64 {
	for j := i + dir; j >= 0 && j < len(cs) && math.Abs(cs[j].IC-cs[i].IC) <= maxStride; j += dir {
		if cs[j].Side == cs[i].Side {
			return math.Abs(cs[j].IC - cs[i].IC)
		}
	}
	return math.NaN()
}

// The figures of both feet of a run whose feet alternate (a waist sensor,
// or a pair of foot sensors) are taken over strides, not steps: a foot
// whose values differ from the other's (an asymmetry; between two foot
// sensors, also their clocks' offset, which every step between the feet
// carries one way and then the other) makes the per-contact values of two
// kinds, and their pooled median jumped from one foot's to the mean with
// the parity of the count (0.34/0.37 s steps: step_ms 355 for 201 contacts,
// 340 for 202; a 30 ms clock offset moved the flight 127 → 140 ms; feet at
// 205 and 250 ms read gct_ms 239 or 213 as one file or the other was cut a
// contact shorter).

// halfStrides returns the step times behind step_ms, ms: half of each
// contact's own stride (to its foot's next contact). A one-foot sensor's
// Step is already half a stride.
func (s *Summary) halfStrides(cs []Contact) []float64 {
	out := make([]float64, 0, len(cs))
	for i := range cs {
		if st := s.ownStride(cs, i); !math.IsNaN(st) && !math.IsInf(st, 0) {
			out = append(out, 1000*st/2)
		}
	}
	return out
}

// bothFeet is bothFeetOf for the Summary's run: its feet alternate from a
// waist sensor or a pair of foot sensors.
func (s *Summary) bothFeet(cs []Contact, v func(i int) float64) []float64 {
	return bothFeetOf(cs, !s.Placement.Foot() || s.Paired, v)
}

// bothFeetOf returns v(i) over contacts cs as a figure of both feet takes
// it: when the feet alternate, the mean of each two consecutive contacts'
// values (one of each foot; for flight, (stride − GCT_L − GCT_R)/2), else
// (a one-foot sensor) each contact's. Values that are NaN leave out their
// pair; when the pairs hold fewer than one in minGCTShare of the values
// (a waist walking with one foot's toe-offs found: two pairs around the
// other foot's one would stand for fifty contacts), each contact's value
// is taken.
func bothFeetOf(cs []Contact, alternate bool, v func(i int) float64) []float64 {
	vals := make([]float64, len(cs)) // each once (a duty factor's looks for its stride)
	single := make([]float64, 0, len(cs))
	for i := range cs {
		vals[i] = v(i)
		if x := vals[i]; !math.IsNaN(x) && !math.IsInf(x, 0) {
			single = append(single, x)
		}
	}
	if !alternate {
		return single
	}
	out := make([]float64, 0, len(cs))
	for i := range cs {
		if consecutive(cs, i) {
			if m := (vals[i] + vals[i+1]) / 2; !math.IsNaN(m) && !math.IsInf(m, 0) {
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 || len(out)*minGCTShare < len(single) {
		return single
	}
	return out
}

// ownStride is the time from contact i of cs to its own foot's next
// contact, s: twice Step for a one-foot sensor (the stride ending at its
// IC), the next contact of its side for a pair of foot sensors, and for a
// waist sensor the two steps from it when none of the contacts between is
// missing from cs. At a bout's or the run's end, where there is no next,
// the stride before it; with one step known (a bout of two contacts),
// twice that step. NaN when unknown.
func (s *Summary) ownStride(cs []Contact, i int) float64 {
	switch {
	case s.Placement.Foot() && !s.Paired:
		return 2 * cs[i].Step
	case s.Paired:
		if st := sameSide(cs, i, 1); !math.IsNaN(st) {
			return st
		}
		return sameSide(cs, i, -1)
	case consecutive(cs, i) && consecutive(cs, i+1):
		return cs[i].Step + cs[i+1].Step
	case i >= 2 && consecutive(cs, i-2) && consecutive(cs, i-1):
		return cs[i-2].Step + cs[i-1].Step
	case consecutive(cs, i):
		// one step known (a bout of two contacts): twice it
		return 2 * cs[i].Step
	case i >= 1 && consecutive(cs, i-1):
		return 2 * cs[i-1].Step
	}
	return math.NaN()
}

// consecutive reports whether cs[i+1] is the contact after cs[i], the one
// its Step reaches (for a waist or a pair: the next contact of either
// foot), with none left out of cs between them. (The tolerance, 0.1 ms,
// is far above the rounding of epoch-second times, 2.4e-7 s, and far
// below any step.)
func consecutive(cs []Contact, i int) bool {
	return i+1 < len(cs) && math.Abs(cs[i+1].IC-cs[i].IC-cs[i].Step) < 1e-4
}

// nanZero is x, or 0 when x is NaN.
func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// maxStride is the longest interval between two contacts of one foot
// that counts as a stride of a paired run, s: longer than the strides of
// the slowest walking (about 2 s); a longer one is a pause.
const maxStride = 4.0

// cadenceSteps returns the step times behind the cadence of contacts cs,
// s, in time order: each contact's Step; for a paired run (a sensor on
// each foot, see Pair) half of each foot's own stride, the time to its
// next contact of the same side. A foot's stride does not depend on the
// other foot, so neither a gait that puts one foot's contacts off
// mid-stride nor two clocks slightly apart skews the cadence (the steps
// between the feet then alternate short and long, and the rule of Cadence
// left the long ones out: 237 steps/min for 170), and a stretch where one
// foot was not recorded still counts, each of its contacts twice, as it
// stands for two steps (stepWeight): counted once, such a stretch weighed
// half as much as one where both feet were recorded, and a right foot
// recorded for the first 150 s of a 240 s run whose cadence fell at its
// end read 166.2 steps/min, where the left foot alone read the true 164.0.
func (s *Summary) cadenceSteps(cs []Contact) []float64 {
	if !s.Paired {
		return collect(cs, func(c Contact) float64 { return c.Step })
	}
	out := make([]float64, 0, len(cs))
	for i, c := range cs {
		for j := i + 1; j < len(cs) && cs[j].IC-c.IC <= maxStride; j++ {
			if cs[j].Side == c.Side {
				for range s.stepWeight(cs, i) {
					out = append(out, (cs[j].IC-c.IC)/2)
				}
				break
			}
		}
	}
	return out
}

func collect(cs []Contact, f func(Contact) float64) []float64 {
	out := make([]float64, 0, len(cs))
	for _, c := range cs {
		if v := f(c); !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// quantile returns the q-quantile of sorted x by linear interpolation.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	p := q * float64(len(sorted)-1)
	i := int(p)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := p - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}

// MainActivity is the activity of most contacts (running wins a tie only
// when it has more; Unknown when none is running or walking), with the
// counts of running and walking contacts.
func MainActivity(cs []Contact) (a Activity, running, walking int) {
	for _, c := range cs {
		switch c.Activity {
		case Running:
			running++
		case Walking:
			walking++
		}
	}
	switch {
	case running > walking:
		a = Running
	case walking > 0:
		a = Walking
	}
	return a, running, walking
}

// minGCTShare: the run's GCT, flight and duty factor are reported when a
// toe-off was found for at least one step in this many.
const minGCTShare = 5

func dist(x []float64) (*float64, *Dist) {
	if len(x) == 0 {
		return nil, nil
	}
	sort.Float64s(x)
	d := &Dist{Median: quantile(x, 0.5), Q1: quantile(x, 0.25), Q3: quantile(x, 0.75), N: len(x)}
	return ptr(d.Median), d
}
