package gait

import (
	"fmt"
	"math"

	"github.com/gaitd/gaitd/dsp"
)

// Plausibility of the placement. A recording analysed with the wrong
// --placement (a shoe pod read as a waist sensor, a belt clip read as a
// foot, a shank read as a shoe) still gives contacts, and numbers that
// look like a run's unless one knows what each body part's signal looks
// like. The checks below compare the run's medians with the ranges of the
// placement it was analysed as; each that fails adds a warning to the
// report (Report.Warnings). They are wide on purpose: a warning is for a
// result no runner or walker produces from that placement, not for an
// unusual one.
//
// Ranges, from the literature in ../shared/docs/gait-methods.md and the
// recordings checked (mobgap lower back walking: peak rates 0.6–1.5
// rad/s, impacts 1.3–1.5 g; davis sacral running: 2.2 g):
//   - angular rate: a trunk turns at under ≈ 2 rad/s (115 °/s) running or
//     walking; a foot or shank swings at 5–20 rad/s running and 3.5–7
//     rad/s walking (sagittal peak of the swing). Warn above
//     trunkMaxRate (walking: trunkMaxRateWalk) for a waist, below
//     footMinRate for a foot; below trunkMinRate (a waist) or footRadAsDeg
//     (a foot) the unit is the likelier fault.
//   - contact time: 130 ms or more in running below 220 steps/min (warn
//     under minRunGCT); sprinters at 260–290 steps/min touch down for
//     80–100 ms.
//   - cadence: running 140–200 steps/min, walking 60–140 for adults and up
//     to ≈ 170 for small children (minRunCadence and maxWalkCadence leave
//     room for shuffles and children, not race walking at 180–200; a foot
//     sensor read as a waist doubles or halves the cadence).
//   - impact: a trunk's 1.5–4 g running, under 2 g walking; a foot's or
//     shank's 3–15 g running (minFootImpact; maxTrunkImpact,
//     maxTrunkImpactWalk).
const (
	trunkMaxRate     = 4.0 // rad/s, median per-step peak, waist running
	trunkMaxRateWalk = 3.0 // rad/s, waist walking
	footMinRate      = 2.0 // rad/s, median per-stride sagittal peak, shoe/shank
	// segmentMaxRate is beyond any segment's median per-step peak (a
	// foot's or shank's swing: 200–1000 °/s): a waist reading it has its
	// deg/s read as rad/s (a trunk's 29–80 °/s read 1700–4400 °/s)
	segmentMaxRate = 1500 / deg
	// trunkMinRate is under any trunk's median per-step peak in gait (a
	// pelvis's turning and sway: 35–92 °/s on mobgap's walks, 72 °/s on
	// the demo's run): a waist reading less has its rad/s read as deg/s
	// (57 times too low: 0.6–1.6 °/s) or a gyroscope that does not move;
	// footRadAsDeg the same for a foot's or shank's swing (200–1000 °/s
	// read 3.5–17.5 °/s)
	trunkMinRate       = 5 / deg
	footRadAsDeg       = 20 / deg
	minRunGCT          = 100 // ms, below sprintCadence
	sprintCadence      = 220 // steps/min
	minRunCadence      = 120 // steps/min
	maxWalkCadence     = 180 // steps/min
	minFootImpact      = 3.0 // g, shoe/shank running
	maxTrunkImpact     = 6.0 // g, waist running
	maxTrunkImpactWalk = 3.5 // g, waist walking
	minImpactRate      = 100 // Hz: below it a foot's impact spike is undersampled
	// minAccFootRate, Hz: below it an accelerometer-only foot misses
	// contacts. Its picker passes over the impacts that fall between
	// samples, and their stances find them again (fillStances) down to
	// 50 Hz: on the simulator (60 s runs and walks, anti-aliased, shoe and
	// shank, 2.5–6 m/s and 0.8–1.6 m/s, noise, half clipped at ±8 g in a
	// tilted frame) 98.9–100 % of the contacts at 50–100 Hz, none made
	// up; at 40 Hz 97.9–98.8 %, at 25 Hz 42–95 % and 74–97 % of those
	// given true (TestFootAccOnlyLowRates, 2026-11-26).
	minAccFootRate = 50

	// minPlausibleSteps is how many contacts of the main activity a check
	// of medians needs; minPlausibleRates how many PeakRate samples (one
	// contact in 8); minPlausibleDropped how many refused candidate
	// contacts (more than those kept) make a warning on their own.
	minPlausibleSteps   = 10
	minPlausibleRates   = 3
	minPlausibleDropped = 10
)

// gyroSatShare is the share of a foot sensor's gyroscope samples read at
// its saturation above which the summary warns.
const gyroSatShare = 0.01

// apCheckMin and apReversed: an anatomical AP channel is called reversed
// when over at least apCheckMin contacts its mean drop across IC
// (Stats.APBrake) is a rise of more than apReversed g. Forward channels
// drop by 0.060–0.245 g (the davis run, the six mobgap walks relabelled as
// anatomical axes), reversed ones rise as much.
const (
	apCheckMin = 10
	apReversed = 0.02
	// loneAxisMin is the mean of a waist's lone vertical axis, g, under
	// which the summary warns: cos 20°. The real davis run's V channel
	// turned by 15°, 20° and 25° toward AP read GCT MAE 16.2, 20.4 and
	// 24.5 ms (7.7 untilted; 20.6, 24.8, 28.8 and 11.1 before 2026-11-26's
	// toe-off change), every contact found.
	loneAxisMin = 0.94
	// scaleMin, scaleMax bound a levelled waist's mean vertical
	// acceleration, g, outside which its scale is warned of: 1.003–1.006
	// on the simulator's runs and walks, tilted; a range read at half or
	// double reads 0.5 or 2
	scaleMin, scaleMax = 0.8, 1.25
	// clipMeanMin is the lowest mean saturation explains instead of a
	// wrong scale, g: the davis run clipped at ±1.5 g, under any real
	// part's range, averages 0.76 g; a ±16 g part read at half its range
	// averages 0.5 g, clipped or not
	clipMeanMin = 0.6
)

// unevenSteps bounds a waist's contacts as steps (notSteps): the median
// ratio of consecutive step times (the longer over the shorter). A
// trunk's steps come at an even rhythm: the real recordings as a waist
// read 1.03–1.16, the simulator's waists 1.0. A foot or shank read as a
// waist that gives two contacts a stride, its swing's and its impact's,
// gives them alternately near and far (1.6–3.0). One that gives one
// contact a stride (all of one foot) keeps an even rhythm and is not
// caught here: whether consecutive contacts take the same side would tell
// it, but a waist's side labels do not bear that — mobgap's daily-life
// walks label up to a quarter of consecutive contacts alike (turns), a
// waist with no side-to-side signal (the davis run, V and AP only, turned
// into a 3-axis sensor frame) 35–58 %, as a foot's one contact a stride
// reads 44–92 %.
const unevenSteps = 1.5

// notSteps tells why contacts cs (a waist's, all of them: a foot's two
// contacts a stride can vote running and walking by turns) are not steps,
// or "" when they may be: their step times alternate short and long
// (unevenSteps) over at least minPlausibleSteps pairs of consecutive
// contacts of a bout. Whether a foot or shank read as a waist gives one
// contact a stride or two depends on the peaks its first strides set the
// picker's thresholds and minimum distance with, and so on where in the
// stride the data starts and on the warm-up's first guess of gravity.
func notSteps(cs []Contact) string {
	var ratio, short, long []float64
	for i := 1; i < len(cs); i++ {
		a, b := cs[i-1].Step, cs[i].Step
		if math.IsNaN(a) || math.IsNaN(b) {
			continue // no step time: a waist bout's last contact
		}
		ratio = append(ratio, max(a, b)/min(a, b))
		short, long = append(short, min(a, b)), append(long, max(a, b))
	}
	if len(ratio) >= minPlausibleSteps && medianOf(ratio) >= unevenSteps {
		return fmt.Sprintf("come alternately %.0f and %.0f ms apart (medians)", 1000*medianOf(short), 1000*medianOf(long))
	}
	return ""
}

// saturation warns when a foot or shank sensor's gyroscope saturated in
// more than gyroSatShare of its samples (Stats.GyroSaturated of
// GyroSamples): its swing's rate was cut off, and the toe-offs hidden in
// its troughs are placed from their flanks (clipVertex; at ±250 °/s the
// simulator's running GCT reads 5–15 ms long);
// when an axis read one value for over a second (stuck or not connected);
// when anatomical input's vertical axis is too far from gravity for the
// tilt correction (dsp.MaxTilt); when its AP channel looks reversed; and
// when a waist's lone vertical axis averages under loneAxisMin g (tilted,
// not vertical, or reversed).
func (s *Summary) saturation() []string {
	st := s.stats
	var w []string
	if st.GyroLimit > 0 && st.GyroSamples > 0 && float64(st.GyroSaturated) > gyroSatShare*float64(st.GyroSamples) {
		w = append(w, fmt.Sprintf("the gyroscope saturated at ±%.0f °/s in %.0f %% of the samples: a foot's or shank's swing reaches 600–1000 °/s running, and a toe-off hidden in a cut-off trough is placed from its flanks (at ±250 °/s the simulator's running GCT read 5–15 ms long) — set a wider range if the part has one (±2000 °/s is common)",
			st.GyroLimit*deg, 100*float64(st.GyroSaturated)/float64(st.GyroSamples)))
	}
	switch {
	case !st.TiltKnown || st.TiltEstimate <= dsp.MaxTilt:
	case st.Tilt < 0.5:
		w = append(w, fmt.Sprintf("the vertical channel (acc_v) points %.1f° from gravity, too far to be a tilted vertical axis: not levelled — is it the vertical axis, and the right way up?", st.TiltEstimate))
	default:
		w = append(w, fmt.Sprintf("the vertical channel (acc_v) came to point %.1f° from gravity, beyond the tilt correction's %d°: the last correction within reach (%.1f°) was kept — did the sensor slip or turn?", st.TiltEstimate, dsp.MaxTilt, st.Tilt))
	}
	if st.APBrakeN >= apCheckMin && st.APBrake() < -apReversed {
		w = append(w, fmt.Sprintf("the anteroposterior channel (acc_ap) looks reversed: it rises by %.2f g across contact (mean of %d contacts) where the trunk's braking makes a forward axis drop — is acc_ap positive forward? Braking, overstriding and trunk lean are read from it (and side labels, if the sensor was turned round)", -st.APBrake(), st.APBrakeN))
	}
	mv := st.MeanVertical
	switch {
	case !st.LoneAxis || st.Samples == 0 || mv >= loneAxisMin:
	case len(s.contacts) == 0 && mv < 0.7:
		// the empty run's reason says it (the vertical axis averages …)
	case mv > 0.5:
		w = append(w, fmt.Sprintf("the vertical channel alone averages %.2f g: it points about %.0f° from vertical, and one axis cannot be levelled — the forward acceleration it takes in moves the contact times (give the other axes, or mount it closer to vertical)",
			mv, math.Acos(mv)*deg))
	case mv > -0.5:
		// not scaled (Engine.lone): a walk's or run's loading peaks are
		// a fraction of their height, and most contacts are missed (1–2
		// of 115–170 at 62°, a review)
		w = append(w, fmt.Sprintf("the vertical channel alone averages %.2f g: more than 60° from vertical, it is not a vertical axis, and contacts are missed — give the vertical axis, or all three", mv))
	default:
		w = append(w, fmt.Sprintf("the vertical channel alone averages %.2f g: it points down — is acc_v positive up? A lone acc_v is read as given", mv))
	}
	if st.SlowRate > 0 {
		// a phone that throttles its sensor part way (a screen locked)
		msg := fmt.Sprintf("the input's sample rate fell from %.0f to %.0f Hz from %.1f s, its samples interpolated onto the grid it is analysed on", st.SlowOf, st.SlowRate, st.SlowFrom)
		if s.haveInfo && s.info.Rate > 0 {
			msg = fmt.Sprintf("the input's sample rate fell from %.0f to %.0f Hz from %.1f s, its samples interpolated onto the %.0f Hz grid it is analysed on", st.SlowOf, st.SlowRate, st.SlowFrom, s.info.Rate)
		}
		if lim := s.missRate(); s.Placement.Foot() && st.SlowRate < float64(lim) {
			msg += fmt.Sprintf(": a foot's 10–20 ms impact falls between samples under %d Hz, and contacts are missed", lim)
		}
		w = append(w, msg)
	}
	if s.Placement.Foot() && s.haveInfo && !s.info.Gyro && s.info.Rate > 0 && s.info.Rate < minAccFootRate && st.SlowRate == 0 {
		// an accelerometer-only foot finds its contacts by their
		// impacts, and those the picker passes over by their stances
		// (fillStances): under 50 Hz an impact merges into the swing and
		// a running shoe's foot-flat lasts two samples, and simulated
		// shoes and shanks (anti-aliased as an IMU's output filter does)
		// lost 3–6 % of their contacts at 40 Hz, 5–59 % at 25 Hz; at most
		// 2 % at 50 Hz and up, none with the gyroscope
		// (TestFootAccOnlyLowRates, TestFootSlowNoGyroWarned)
		w = append(w, fmt.Sprintf("a %s sensor at %.0f Hz without a gyroscope: under %d Hz its 10–20 ms impacts fall between samples and its stances last a few samples, and contacts are missed — record at %d Hz or more, or with the gyroscope", s.Placement, s.info.Rate, minAccFootRate, minAccFootRate))
	}
	if st.GyroStuck > 0 {
		w = append(w, fmt.Sprintf("a gyroscope axis read a constant %.0f °/s for over %.0f s: stuck or not connected? Contacts read from it are unreliable — analyse without it (--acc-only)",
			st.GyroStuck*deg, gyroStuckRun))
	}
	return w
}

// missRate is the sample rate, Hz, under which a foot sensor misses
// contacts: minAccFootRate without a gyroscope (an accelerometer-only
// shoe or shank at 100 Hz throttled to 50 Hz, interpolated onto its
// grid, found 99.2–100 % of its contacts after it, at 33 Hz 60–100 %, at
// 25 Hz 7–93 %), minImpactRate with one or when that is not known (not
// measured anew).
func (s *Summary) missRate() int {
	if s.haveInfo && !s.info.Gyro {
		return minAccFootRate
	}
	return minImpactRate
}

// scale warns of a waist's acceleration read at the wrong scale: levelled,
// its vertical averages gravity, 1 g, and a WitMotion dump of a ±8 g part
// read at its default ±16 g reads 2 g (its impacts and VO doubled, with
// nothing said). Only where the placement is not warned of: a foot read
// as a waist averages 1.4–1.9 g as well.
func (s *Summary) scale() []string {
	st := s.stats
	mv := st.MeanVertical
	if s.Placement != Waist || st.LoneAxis || st.Samples == 0 || len(s.contacts) == 0 || mv >= scaleMin && mv <= scaleMax {
		return nil
	}
	if mv >= clipMeanMin && mv < scaleMin && st.Clipped*2 >= int64(len(s.contacts)) {
		// most contacts' peaks cut off by the range: the area missing
		// lowers the mean, not a wrong unit (the real davis run clipped
		// at ±1.5 g averages 0.76 g, its VO 62 mm for 82)
		return []string{fmt.Sprintf("the vertical acceleration averages %.2f g, not 1 g: the accelerometer saturated in %d of %d contacts, their peaks cut off at its range, and VO and braking read low with them — set a wider range if the part has one", mv, st.Clipped, len(s.contacts))}
	}
	return []string{fmt.Sprintf("the vertical acceleration averages %.2f g, not 1 g: the acceleration is read at the wrong scale — its unit (--acc-unit) or, for a WitMotion dump, its range (--acc-range) — and impacts, VO and braking scale with it", mv)}
}

// shoeToeOff warns that a running shoe's contact times read without a
// gyroscope are short: the accelerometer-only toe-off is the rise of |a|
// into the swing, which on a shoe starts when the heel lifts, 75–90 ms
// before the toe leaves the ground on the simulator at 3–4.5 m/s (a shank
// swings from the toe-off: within 4 ms; walking: within 3 ms). Flight is
// as much long, and a balance away from even reads further from it (the
// same milliseconds taken off both feet).
func (s *Summary) shoeToeOff(r *Report) []string {
	if s.Placement != Shoe || !s.haveInfo || s.info.Gyro || r.Activity != Running.String() || r.GCTms == nil {
		return nil
	}
	return []string{"contact times from a shoe without a gyroscope end where the heel lifts, not at toe-off: GCT reads about 80 ms short running (on the simulator), flight as much long, and a GCT balance away from even further from it — a gyroscope on the shoe, or a sensor on the shank, reads the toe-off"}
}

// shankToeOff warns that a shank's contact times read without a gyroscope
// are unverified: the accelerometer-only toe-off is the rise of |a| into
// the swing, within 4 ms on the simulator, whose shank turns about a fixed
// ankle, but 57–112 ms early running and 30–77 ms walking on an
// independent shank model whose ankle rises from heel-off. Nothing
// in the acceleration alone tells which a recording is, so it is said of
// every shank without a gyroscope whose contacts have toe-offs.
func (s *Summary) shankToeOff(r *Report) []string {
	if s.Placement != Shank || !s.haveInfo || s.info.Gyro || r.GCTms == nil {
		return nil
	}
	return []string{"contact times from a shank without a gyroscope are unverified: the toe-off is read where |a| rises into the swing, which holds when the shank swings from the toe-off but was 30–110 ms early on an independent shank model whose ankle rises from heel-off, so GCT may read that much short and flight as much long — a gyroscope on the shank reads the toe-off"}
}

// plausibility returns the warnings for report r, made from contacts main
// (the run's main activity, or all of them when it is unknown).
//
// Checks that would blame the placement for another cause are left out:
// those of the activity's cadence, contact time and impact when the
// activity was forced (--activity: the user's claim, not the signal's),
// the contact time of a foot without a gyro (short by ≈ 85 ms, README),
// impacts when most contacts saturated the accelerometer (a ±2 g part
// caps a foot's at ≈ 3 g) or, for a foot's low impacts, when the sample
// rate is under 100 Hz (its 10–20 ms spike falls between samples).
func (s *Summary) plausibility(r *Report, main []Contact) []string {
	if d, n := s.stats.Dropped, int64(len(s.contacts)); d >= minPlausibleDropped && d > n {
		// the detector's peaks came at a gait's rhythm, but most had no
		// contact where this placement has one (the demo's waist recording
		// read as a shoe: 67 refused, 29 kept in 60 s)
		return []string{fmt.Sprintf("%d candidate contacts were refused and %d kept: the signal has a gait's rhythm but mostly not this placement's contact shape — the sensor is elsewhere, or the movement is not steady walking or running, or too noisy to read (check --placement)", d, n)}
	}
	if len(main) < minPlausibleSteps {
		return nil
	}
	foot := s.Placement.Foot()
	running, walking := r.Activity == Running.String(), r.Activity == Walking.String()
	gyro := s.haveInfo && s.info.Gyro
	forced := s.haveInfo && s.info.Activity != Unknown
	clipped := 0
	for _, c := range main {
		if c.Clipped {
			clipped++
		}
	}
	var w []string
	add := func(format string, a ...any) {
		w = append(w, fmt.Sprintf(format, a...)+" (check --placement)")
	}
	if rates := collect(main, func(c Contact) float64 { return c.PeakRate }); len(rates) >= minPlausibleRates {
		m := medianOf(rates)
		limit := trunkMaxRate
		if walking {
			limit = trunkMaxRateWalk
		}
		switch {
		case !foot && m > segmentMaxRate:
			// a trunk's rates in deg/s read as rad/s (--gyro-unit rads):
			// 57 times too high, which the placement's message blamed
			// on a foot sensor (mobgap HA001 Test11 at 4379 °/s)
			w = append(w, fmt.Sprintf("the angular rate peaks at %.0f °/s a step (median of %d steps), beyond any body segment's swing (a foot's or shank's: 200–1000 °/s): a gyroscope in deg/s read as rad/s? (check --gyro-unit, then --placement)",
				m*deg, len(rates)))
		case !foot && m < trunkMinRate:
			// a trunk's rates in rad/s read as deg/s (--gyro-unit dps):
			// the pelvis's rotation ranges read 0.1° for 4–6° with
			// nothing said (an audit)
			w = append(w, fmt.Sprintf("the angular rate peaks at only %.1f °/s a step (median of %d steps), under any trunk's turning and sway in gait (35–115 °/s): a gyroscope in rad/s read as deg/s, or one that does not move? (check --gyro-unit)",
				m*deg, len(rates)))
		case foot && m < footRadAsDeg:
			w = append(w, fmt.Sprintf("the sagittal angular rate peaks at only %.1f °/s a stride (median of %d strides), under a foot's or shank's swing (200–1000 °/s) and most trunks' turning: a gyroscope in rad/s read as deg/s, or one that does not move? (check --gyro-unit, then --placement)",
				m*deg, len(rates)))
		case !foot && m > limit:
			add("the angular rate peaks at %.0f °/s a step (median of %d steps): a foot's or shank's swing (200–1000 °/s), not a trunk's turning (under ≈ 115 °/s; warned above %.0f °/s %s): is the sensor on a foot or shank?",
				m*deg, len(rates), limit*deg, map[bool]string{true: "walking", false: "running"}[walking])
		case foot && m < footMinRate:
			add("the sagittal angular rate peaks at only %.0f °/s a stride (median of %d strides): a trunk's turning (under ≈ 115 °/s), not a foot's or shank's swing (200–1000 °/s; warned under %.0f °/s): is the sensor on the waist?",
				m*deg, len(rates), footMinRate*deg)
		}
	}
	if forced {
		return w
	}
	cad := math.NaN()
	if r.CadenceSPM != nil {
		cad = *r.CadenceSPM
	}
	// sprinters touch down for 80–100 ms at 260–290 steps/min; below
	// sprintCadence a runner's contact lasts 130 ms or more
	if running && r.GCTms != nil && *r.GCTms < minRunGCT && cad < sprintCadence && (!foot || gyro) {
		add("a contact time of %.0f ms at %.0f steps/min is shorter than any runner's at that cadence (over 130 ms; sprinters at 260–290 steps/min touch down for 80–100 ms)", *r.GCTms, cad)
	}
	switch {
	case running && cad < minRunCadence && !foot:
		add("a running cadence of %.0f steps/min is below any runner's (≈ 140–200): steps were missed, or a foot or shank sensor was read as a waist (one contact a stride)", cad)
	case running && cad < minRunCadence:
		add("a running cadence of %.0f steps/min is below any runner's (≈ 140–200): steps were missed, or the sensor is not on a foot or shank", cad)
	case walking && cad > maxWalkCadence && !foot:
		add("a walking cadence of %.0f steps/min is above any walker's (≈ 60–140, small children up to 170): a foot or shank sensor read as a waist counts its swing as steps", cad)
	case walking && cad > maxWalkCadence:
		add("a walking cadence of %.0f steps/min is above any walker's (≈ 60–140, small children up to 170)", cad)
	case !foot && (running || walking):
		if why := notSteps(s.contacts); why != "" {
			// the rule's margin on a waist is thin for a strongly
			// uneven gait (helper 175): a limp's step-time ratio
			// reads about itself (1.28 for 1.3), and a weak side
			// whose soft impacts are found late adds to it (1.55–
			// 1.71 at 1.2–1.3 with 30 % impacts); the message names
			// those causes too
			add("a %s cadence of %.0f steps/min counts contacts that %s: a foot or shank sensor read as a waist finds one or two contacts a stride; a trunk's steps alternate feet at an even rhythm, so on a waist this is a strongly uneven gait, or one side's contacts found late or missed", r.Activity, cad, why)
		}
	}
	if r.ImpactG != nil && 2*clipped <= len(main) {
		g := *r.ImpactG
		fast := s.info.Rate == 0 || s.info.Rate >= minImpactRate
		switch {
		case foot && running && g < minFootImpact && fast:
			add("impacts of %.1f g are a trunk's: a foot's or shank's are 3–15 g running: is the sensor on the waist?", g)
		case !foot && running && g > maxTrunkImpact:
			add("impacts of %.1f g are a foot's or shank's: a trunk's are 1.5–4 g running: is the sensor on a foot or shank?", g)
		case !foot && walking && g > maxTrunkImpactWalk:
			add("impacts of %.1f g are a foot's or shank's: a trunk's are under 2 g walking: is the sensor on a foot or shank?", g)
		}
	}
	return w
}
