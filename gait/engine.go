package gait

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

// Config sets up an Engine. The zero value of each field selects a default;
// every threshold the detectors use is a field here.
type Config struct {
	// Placement is where the sensor is worn; the zero value is Waist.
	Placement Placement
	// Activity forces walking or running rules; Unknown classifies each
	// step from its own signal (a step whose vertical acceleration falls
	// near free fall has a flight phase: running).
	Activity Activity
	// Side is the instrumented foot for shoe and shank sensors.
	Side Side
	// Rate is the working sample rate in Hz. Default: the layout's rate.
	Rate float64
	// MaxGap is the longest hole in the timestamps, s, that is bridged by
	// interpolation; a longer one ends the bout and resets the detector
	// (default 0.25 s, or 5 sample periods if longer).
	MaxGap float64
	// ContactFraction places the running contact threshold between the
	// runner's own flight level (never below free fall: 0 g, less the
	// levelled vertical's zero-g offset, its mean over the last stride less
	// 1 g) and stance peak of vertical acceleration: th = L + f·(P − L)
	// (default 0.08).
	ContactFraction float64
	// FlightLevel, g: a step whose smoothed vertical acceleration falls
	// below this level after its stance has a flight phase (default 0.3:
	// between free fall in flight, about 0 g — davis's sacrum reads −0.1 g
	// smoothed — and walking's lowest point, at mid single support, which
	// the inverted pendulum puts at 1 − v²/(g·L), about 0.6 g at 2 m/s with
	// a 0.9 m leg; mobgap's walks read 0.7–0.8 g).
	FlightLevel float64
	// MinStep and MaxStep bound the step interval, s (defaults 0.2 and 1.5).
	MinStep, MaxStep float64
}

// MinRate and MaxRate bound the engine's working sample rate, Hz.
const (
	MinRate = 20
	MaxRate = 2000
)

// FormatHz formats a sample rate in Hz to 4 significant digits, without an
// exponent up to 1e12 ("100000", not "1e+05": a time column read in the
// wrong unit gives such rates, and the messages that say them are read by
// people).
func FormatHz(hz float64) string {
	if hz >= 1e4 && hz < 1e12 {
		return fmt.Sprintf("%.0f", hz)
	}
	return fmt.Sprintf("%.4g", hz)
}

func (c *Config) defaults(rate float64) error {
	if c.Rate == 0 {
		c.Rate = rate
	}
	if c.Rate < MinRate || c.Rate > MaxRate || math.IsNaN(c.Rate) {
		return fmt.Errorf("gait: sample rate %s Hz out of range %d–%d Hz", FormatHz(c.Rate), MinRate, MaxRate)
	}
	if c.MaxGap == 0 {
		c.MaxGap = math.Max(0.25, 5/c.Rate)
	}
	if !(c.MaxGap > 0 && c.MaxGap <= 2.5) {
		// a hole is bridged by interpolation and held while it is: +Inf
		// panicked sizing that buffer, and longer than a slow stride
		// invents steps' worth of signal
		return errors.New("gait: MaxGap must be over 0 and at most 2.5 s")
	}
	if c.ContactFraction == 0 {
		c.ContactFraction = 0.08
	}
	if c.FlightLevel == 0 {
		c.FlightLevel = 0.3
	}
	if c.MinStep == 0 {
		c.MinStep = 0.2
	}
	if c.MaxStep == 0 {
		c.MaxStep = 1.5
	}
	if c.ContactFraction < 0 || c.ContactFraction >= 1 {
		return errors.New("gait: ContactFraction must be in [0, 1)")
	}
	if c.MaxStep > 2.5 {
		// windows of two strides must fit the 5 s history
		return errors.New("gait: MaxStep must be at most 2.5 s")
	}
	if c.MinStep >= c.MaxStep {
		return errors.New("gait: MinStep must be below MaxStep")
	}
	return nil
}

// Stats counts what the engine saw.
type Stats struct {
	Samples  int64 // input samples pushed
	Rejected int64 // input samples refused (timestamps not increasing, values not finite or absurd: see maxMagnitude)
	Gaps     int64 // holes longer than MaxGap (each resets the detector)
	// Bridged counts the shorter holes (two or more samples missing: an
	// interval over 2.5 input periods, at most MaxGap) filled by
	// interpolation. A step that spans one and is
	// 1.6 times the median step or longer has most likely lost a contact
	// in it: its Step, Flight and VO are left unknown.
	Bridged  int64
	Contacts int64 // contacts emitted
	Dropped  int64 // candidate contacts rejected (no valid IC/FC found)
	// Filled counts the walking contacts found in the step rhythm: a
	// loading peak under the picker's thresholds in the middle of an
	// interval of 1.6–2.5 recent steps, splitting it into two steps within
	// 4:3 of each other (a turning or shuffling step; docs/how-it-works.md)
	Filled  int64
	Clipped int64 // contacts during which the accelerometer saturated
	// SlowRate is the lowest input sample rate over a stretch of
	// rateWindow (dropouts left out), Hz, where it was under slowInput of
	// the input's own rate before (a phone that throttles its sensor part
	// way: its samples interpolated onto the grid, a foot's impacts
	// between them); SlowFrom the start of the first such stretch, s on
	// the input's time base; SlowOf the rate it fell from, Hz. All 0 when
	// the input kept its rate.
	SlowRate, SlowFrom, SlowOf float64
	// GyroSamples counts the samples of a foot or shank sensor's gyroscope
	// checked for saturation (on the engine's grid); GyroSaturated those
	// with an axis at its saturation level; GyroLimit is the highest level
	// found, rad/s (0 when none is); GyroStuck the |rate| of an axis that
	// reads one value for over gyroStuckRun, rad/s (0 when none does). See
	// gyroSat.
	GyroSamples, GyroSaturated int64
	GyroLimit, GyroStuck       float64
	// MeanVertical is the mean of the detector's vertical channel, g: about
	// 1 for a right vertical axis (waist) or |a| (foot); VerticalSum /
	// VerticalN, the additive counters it is taken from (Σ g over the
	// samples), so that a part of the stream (a run) has its own.
	MeanVertical float64
	VerticalSum  float64
	VerticalN    int64
	// LoneAxis is true when a waist's vertical channel is one
	// accelerometer axis read as it is (acc_v alone, or a single sensor
	// axis): it cannot be levelled, and MeanVertical is about cos θ for
	// an axis θ from vertical.
	LoneAxis bool
	// Tilt is the angle between anatomical input's vertical axis and
	// gravity that the tilt correction in use levels, degrees (see
	// dsp.TiltCorrection); TiltEstimate the angle in the current gravity
	// estimate: beyond dsp.MaxTilt the correction is not updated, and the
	// one in use is the last within reach (0 if there was none).
	// TiltKnown is false unless the input is a waist's anatomical axes
	// with an AP or ML channel (the only input levelled this way).
	Tilt, TiltEstimate float64
	TiltKnown          bool
	// APBrakeSum adds, over APBrakeN contacts of anatomical input with an
	// AP axis, the drop of the levelled AP acceleration across initial
	// contact, g: its mean over a window before IC less its mean over one
	// after (a fifth of the median step, at most 80 ms). The trunk brakes at contact, so the mean (APBrake) is
	// positive when acc_ap points forward, negative when the channel is
	// reversed (see the summary's warnings). Both are additive counters.
	APBrakeSum float64
	APBrakeN   int64
}

// APBrake is the mean drop of anatomical input's AP acceleration across
// initial contact, g (APBrakeSum / APBrakeN; 0 without contacts).
func (s Stats) APBrake() float64 {
	if s.APBrakeN == 0 {
		return 0
	}
	return s.APBrakeSum / float64(s.APBrakeN)
}

// pending is a contact found but not yet emitted (its step needs the next IC).
type pending struct {
	c      Contact
	step   float64 // s, when known at detection (foot placements), else NaN
	icIdx  float64 // fractional sample index of IC
	fcIdx  float64
	center int64 // stance hump or mid-swing index
	// a waist's walking contact: the fractional index of its 8 Hz
	// loading peak (else NaN), and whether its IC waits for the next
	// contact's lag of that peak behind its IC (edge: the data started
	// on its rise, where no IC can be read)
	peak float64
	edge bool
}

// Engine detects foot contacts in a stream of samples. Create it with New,
// push samples with Push and call Flush at the end of the stream. An Engine
// is not safe for concurrent use; use one per sensor.
type Engine struct {
	cfg    Config
	layout sensor.Layout
	rate   float64
	dt     float64
	foot   bool
	gyro   bool // all three gyro axes present

	res  *dsp.Resampler
	rbuf []sensor.Sample

	// warm-up: the first samples after a (re)start estimate orientation.
	warm   []sensor.Sample
	warmed bool
	// warmShort: a levelled waist sensor's (tilted anatomical axes, or
	// a 2- or 3-axis sensor frame) first warm-up runs on to cap(warm) (warmTilt)
	// unless its first warmShort samples (0.5 s) were a standing
	// calibration; after a gap, a tilted sensor's ends at warmShort, a
	// sensor frame's as its first (warmEnough). 0 for other sensors,
	// whose warm-up is cap(warm)
	warmShort int
	refEarly  bool // the lean reference was set from those samples

	grav *dsp.Gravity
	rot  dsp.Rotation // sensor (or tilted anatomical) axes → levelled (x, y, up)
	// levelled: rot levels the samples, and gravBlock tracks it
	levelled bool
	// tilt: anatomical axes with a horizontal one, levelled by the tilt
	// correction (rot = dsp.TiltCorrection); an anatomical vertical alone
	// is read as it is
	tilt bool
	// pitchOnly: tilt with V and AP alone (no ML axis, no gyro)
	pitchOnly bool
	// gravFrom: the first sample gravBlock feeds to the gravity estimate
	// (the warm-up's samples, replayed, are in it already)
	gravFrom int64
	// lone: a waist's vertical channel is one axis read as it is (acc_v
	// alone, or a single sensor axis), which cannot be levelled. An axis
	// θ from vertical reads about cos θ of the vertical acceleration, so
	// the peak picker's input is scaled by loneK = g0 / the axis's own
	// mean (loneG[0], m/s², τ = 4 s, fed per block of 64 samples from
	// loneFrom on, as gravBlock feeds grav) when that mean is a plausible
	// tilted vertical's (see setLoneK). The rings keep the axis as read: a
	// scale changed at a block's end would make a step in a contact's
	// window (a 50 Hz walk's IC read 31 ms late); the refinement's rules
	// are ratios or crossings the scale does not move, but for the flight
	// level (g), compared on the scaled axis.
	lone     bool
	loneG    *dsp.Gravity
	loneK    float64
	loneFrom int64
	// loneG0: 1/the lone axis's mean m, unfaded, m held within 0.5–1.2 g
	// (1 for a mean of 0 or below): its lows in g of vertical, for the
	// flight level
	loneG0 float64
	// horizontal axes: ap/ml rings hold h1, h2; AP = fwd·h, ML = right·h.
	// Anatomical frames: h = (AP, ML) levelled, with fwd = (1,0), right = (0,1).
	// Sensor frame: h = levelled (x, y), fwd learnt from the contacts.
	fwd, right [2]float64
	fwdKnown   bool
	brakeSum   [2]float64 // smoothed change of h at IC (points backward)
	nBrake     int

	// lean reference: gravity (sensor frame, unit) or mean AP (g,
	// anatomical) of the first warm-up; calibrated when that was quiet
	// standing
	haveRef    bool
	calibrated bool
	gRef       [3]float64
	apRef      float64

	// levelled gyro (waist): rate about levelled x and y, rad/s, for roll
	gxl, gyl ring

	// raw acceleration of a shoe sensor, g, for its fore-aft braking
	fa [3]ring

	nEmitted        int64   // contacts emitted, for the periodic measures
	nRate           int64   // contacts emitted with a gyro, for PeakRate
	prevEmitIC      float64 // index of the previous emitted contact's IC, or -1
	prevFootIC      float64 // index of a foot's previous emitted contact's IC, or -1 (shankAngle)
	prevFootStride  float64 // samples from the one before it to it, or 0
	stepReg, strReg float64 // last autocorrelation regularity (NaN until computed)
	hrLast          float64 // last harmonic ratio
	single          int     // index of the only acc axis, or -1
	// read: how sample reads a waist's channels, fixed by the layout
	read waistRead
	// singleNeg: the single axis points down (gravity's up along it is
	// negative); set by level
	singleNeg bool

	// gyro principal axis (foot placements)
	gcov  [3][3]float64
	gaxis [3]float64
	// gmoving: the last update turned gaxis by more than about 3°, or a
	// swing began after standing still (it is then updated every 56 ms
	// instead of every 64 samples; see sagittal)
	gmoving bool
	gskew   float64 // sign evidence of the sagittal gyro, see sagittal
	gimp    float64 // shank with a saturating gyro: the rate after impacts, see impactSign
	hpOn    bool    // hp runs for impactSign (primed)
	himp    float64 // impact energy averaged over impactWin (impactSign)
	himpK   float64 // its update weight a sample
	satBoth uint8   // bit 1: the gyro read saturated with the projection positive, bit 2: negative
	gsign   float64 // current swing sign, ±1 (the ap ring holds the raw projection)
	gpeak   float64
	quiet   int // samples of the current quiet spell (shoe)
	galpha  float64

	n      int64 // samples since the last reset
	t0     float64
	av, ap ring // vertical and forward specific force, g (waist); |a| and sagittal gyro (foot)
	ml     ring
	yaw    ring // rate of turn about the vertical, rad/s (waist)
	clip   ring
	gsatR  ring // 1 where the gyro read at its saturation level (gyroSat), foot
	side   sider
	lastIC float64 // index of the last emitted contact's IC, for side parity
	// sideNext: the window means behind the next contact's side evidence,
	// read when the contact before it was emitted (sideFeatures, heldOnly)
	// and used again when it is emitted itself: the same windows of the
	// same samples (a ring's held samples never change)
	sideNext sideMeans
	// lastFound is the IC index of the newest waist contact queued, kept
	// across bouts (a pause is measured from it); 0 before any
	lastFound float64
	// the last bridged holes, [from, to] in input time, s (see Stats.Bridged)
	holes  [8][2]float64
	nHoles int
	// holeMin is the shortest interval counted as a hole, s: 2.5 periods
	// of the input (two or more samples missing) or of the engine's grid,
	// whichever is longer (an input slower than the grid is not holes)
	holeMin float64

	seg      *dsp.Cascade
	hp       *dsp.Cascade // impact energy high-pass (foot, accelerometer only)
	segDelay float64      // samples
	lpFine   *dsp.ZeroPhase
	lpWalk   *dsp.ZeroPhase
	x1, x2   []float64
	x3       []float64
	voBuf    []float64 // vo's scratch: the step's twice-integrated acceleration
	x4, x5   []float64 // fillMissed's windows (waist); x4 fillStances' (accelerometer-only foot)
	noFill   bool      // tests: no fillMissed
	noMemo   bool      // tests: sideFeatures reads every mean afresh (no sideNext)
	// fixed by the rate and layout, found once in New (perContact): a
	// contact's windows in samples, and which side evidence the layout has
	segLag            int64 // the segmentation filter's delay, whole samples
	bridgeN           int   // a running contact's crossing bridge (confirmWaist)
	impactN           int64 // the impact's window after IC (measure)
	riseN             int64 // the loading rate's rise (form)
	nearN, sideAccN   int64 // sideFeatures' yaw-rate window either side of IC, and its acceleration windows
	voSub             int   // vo's points a sample
	sideYaw           bool  // the yaw rate's evidence (a gyro's vertical rate)
	sideAccSensor     bool  // the acceleration's, once forward is known (a 3-axis sensor frame)
	sideAccAnatomical bool  // the acceleration's (an anatomical mediolateral axis)
	// harmonicRatio's sines and cosines of the last strides' lengths
	// (harmonicTrig): a function of the length alone
	hrTrig [4]harmonicTrig
	hrNext int

	// a waist's searchBack: segAt, the segmentation filter's state after
	// sample snapAt, where the picker confirmed its last peak, and snapY
	// its output there and a sample before; segRe filters the held
	// samples again from it, and segCur is the filter whose output the
	// picker is reading (seg, or segRe in a search back)
	segAt, segRe, segCur *dsp.Cascade
	snapAt               int64
	snapY                [2]float64

	// forgetN: samples without a confirmed peak after which the picker
	// forgets what it learnt from a walk (MaxStep, a foot's two;
	// forgetWalk), and at most those after a run (forgetRunN)
	forgetN int64
	// forgetRunN: the same after running (forgetRun): a foot's is
	// 2.5 of the run's strides, at least MaxStep and at most forgetN; a
	// waist's 2.5 of its steps, at most MaxStep
	forgetRunN int64
	// prevY2: the picker's input two samples back; ghost: the sample
	// indexes of a waist's last three local maxima under the height
	// threshold, newest first (underRhythm)
	prevY2 float64
	ghost  [3]int64
	ghostV [3]float64 // their heights, g
	// ghostTh: a ghost's least height, over half the height threshold's
	// excess over 1 g (+Inf for a foot)
	ghostTh float64
	// win: scratch for ring.view in the per-contact measures (not x1:
	// a shoe's or shank's confirm holds x1 while it adds a contact),
	// three channels at a time; winMean for mean alone
	win     [3][]float64
	winMean []float64

	// peak picker on the segmentation signal
	cand      int64
	deferred  int64 // impact waiting for its toe-off (foot, accelerometer only), or -1
	replacing bool  // the candidate replaces the deferred impact
	lastPeakV float64
	candV     float64
	lastPeak  int64
	valley    float64
	postMin   float64
	prevY     float64

	// adaptive picker parameters, see tune
	minDist, look    int64
	heightTh, promTh float64

	stepMed, peakMed, minMed, promMed medianRing
	// walkProm: prominence of a walk's loading peaks in the 8 Hz vertical
	// (g), the scale a missed step's peak is judged by (fillMissed)
	walkProm medianRing
	// raw: the last step intervals of a waist, s, long ones too (stepMed
	// takes those in three at a time), nRaw how many were recorded
	raw  [5]float64
	nRaw int
	// icLag: a gyro foot sensor's contact dip less the onset of its
	// impact, samples, and icImp the impacts' heights, g (see anchorIC);
	// kept across bouts, as properties of the wearer and mounting
	icLag, icImp medianRing
	// swingLag: a gyro foot sensor's contacts' confirmation lag, s: the
	// segmentation peak that confirms each (the mid-swing after it) less
	// its IC (see tune: the look-ahead after that peak is kept within
	// the stride)
	swingLag medianRing
	// icStale: the gait changed (running ↔ walking): the next lag found
	// replaces the ones in icLag (the first four running contacts after a
	// walk kept the walk's lag, IC −16 ms)
	icStale bool
	inDt    float64 // mean input sample interval when resampled, s (0: on the grid)
	// the input samples counted over a stretch of time (see rateCheck):
	// its start, s, their count, the holes in it (intervals over holeMin:
	// count, time, s), the gaps at its start, the last sample's time, s,
	// and the highest rate of a stretch so far, Hz, the one a later
	// stretch is judged against
	rateT0, rateLast float64
	rateOn           bool // rateT0 and rateLast set, from the first sample
	rateN, rateHoleN int64
	rateHoleT        float64
	// the longest interval of the stretch, s: one over MaxGap is a gap,
	// which the resampler counts (Stats.Gaps) only after the sample that
	// ends it has closed the stretch
	rateHoleMax float64
	rateGaps    int64
	inRate      float64
	longSteps   int   // consecutive long intervals left out of stepMed
	actBits     uint8 // flight (1) or not of the last actWindow steps, newest in bit 0
	actN        int   // steps in actBits

	pend []pending
	// pendDue is the sample index past which the newest held contact can
	// have no successor (waist): its IC + Config.MaxStep + confirmLag
	pendDue float64

	sumV float64 // Σ vertical channel, g, for Stats.MeanVertical
	nV   int64

	prevFoot pending // last contact of a one-foot sensor, when havePrev
	// stopDue is the sample index past which a gyro foot's contact after
	// prevFoot's mid-swing, with no mid-swing since, is looked for as the
	// one it stopped on (footStop); 0: none
	stopDue int64
	footAct Activity // activity of the last one-foot contact
	footRan bool     // the last one-foot contact measured had a flight (GCT < step)
	// footDrops counts the one-foot candidate contacts refused in a row
	// (see footResetDrops).
	footDrops int
	// lastFootIC is the IC index of the last one-foot contact emitted in
	// this bout (haveFootIC), kept when havePrev is cleared.
	lastFootIC float64
	// fillStride is the stride estimate, s, when the last
	// accelerometer-only contact was confirmed with one known (kept over
	// the picker's resets of it), 0 before one (fillStances).
	fillStride float64
	// fillDue is the sample index from which an accelerometer-only foot
	// looks for a contact the picker passed over (fillTail); MaxInt64
	// while there is none to look for.
	fillDue int64
	// stanceNoise holds the sensor's noise, g, read in the stances of
	// the last accelerometer-only foot contacts (noteStanceNoise)
	stanceNoise noiseRing
	// halfHits counts the contacts found halfway between two a stride
	// apart, in a row (fillStances)
	halfHits int
	// fillK is how many strides past the first after the last contact
	// fillTail looks for the next (fillNext)
	fillK int
	// gyroscope saturation and stuck axes (gyroSat), per axis
	gsat [3]satAxis
	// a sensor whose layout gave no ClipAcc looks for its
	// accelerometer's saturation rail in the samples (railSeen) with an
	// axis at railLo or more (+Inf: it does not look; a foot's 0, a
	// waist's railMin, then within railTol of railMax):
	// railMax is the largest |a| on any axis so far (m/s²), railN the
	// samples within railTol of it, railHits those more than railApart
	// after the previous one, railT the time of the last
	railLo         float64
	railMax, railT float64
	railN          int
	railHits       int
	// railK is 1 for each axis present, 0 for the others; a waist's
	// railLast is the last value tracked, read at railLastT and by the
	// samples in a row since railFrom (s)
	railLast, railLastT, railFrom float64
	railK                         [3]float64
	// satNeed and stuckNeed are gyroSatRun and gyroStuckRun in samples
	satNeed, stuckNeed int
	// repicking is set while repick runs the picker again over held
	// samples: its refusals are mostly contacts already emitted, and do
	// not count toward footResetDrops
	repicking bool
	// inRepick is set for the whole of a repick (a copy of the last
	// contact emitted is recognised by its IC, wherever it is confirmed)
	inRepick bool
	// settling: the swing's sign changed at flipAt (the first change of a
	// spell of changes) and nothing is picked until it has held to
	// repickAt (see repick)
	settling         bool
	flipAt, repickAt int64
	haveFootIC       bool
	havePrev         bool
	stats            Stats

	// zMeans: the levelled vertical's last three stride means, g (zN of
	// them since the reset or pause, the next written at zNext; see
	// zeroG); zSnap: its running sum at the stance centres of the last two
	// waist contacts confirmed (zSnapN of them; see strideMean)
	zMeans    [3]float64
	zN, zNext int
	zSnap     [2]vSnap
	zSnapN    int
}

// waistRead is how sample reads a waist's channels (Engine.read): rotated
// to the levelled frame (a sensor frame's 2 or 3 axes; anatomical axes
// with a horizontal one and ML or a gyro), the anatomical vertical alone
// as it is, the pitch of anatomical V+AP (pitchOnly), or a sensor frame's
// single axis. A switch on it is one test for the first case, where the
// layout's fields took four.
type waistRead uint8

const (
	readRotated waistRead = iota
	readAsIs
	readPitch
	readSingle
)

// ErrLayout is returned by New when the layout has no usable channel for
// the placement.
var ErrLayout = errors.New("gait: layout has no usable channel")

// usableLayout is the part of layout an engine with cfg reads: rates about
// the sensor's own axes beside anatomical acceleration
// (sensor.Layout.GyrOwnFrame) serve a shoe or shank, whose detector takes
// only the swing's principal axis, but not a waist, which needs them in
// the acceleration's frame.
func usableLayout(cfg Config, l sensor.Layout) sensor.Layout {
	if l.GyrOwnFrame && !cfg.Placement.Foot() {
		l.Gyr, l.GyrOwnFrame = [3]bool{}, false
	}
	return l
}

// New returns an Engine for a stream with the given layout. The layout's
// Rate (or cfg.Rate) must be known; readers estimate it from timestamps.
func New(cfg Config, layout sensor.Layout) (*Engine, error) {
	if err := cfg.defaults(layout.Rate); err != nil {
		return nil, err
	}
	layout = usableLayout(cfg, layout)
	if layout.AccAxes() == 0 {
		return nil, fmt.Errorf("%w: no accelerometer axis", ErrLayout)
	}
	foot := cfg.Placement.Foot()
	if !foot && layout.Frame == sensor.FrameAnatomical && !layout.Acc[sensor.AxisV] {
		return nil, fmt.Errorf("%w: waist placement needs the vertical axis (acc_v)", ErrLayout)
	}
	e := &Engine{cfg: cfg, layout: layout, rate: cfg.Rate, dt: 1 / cfg.Rate, foot: foot, gyro: layout.HasGyro(), single: -1}
	var err error
	e.holeMin = 2.5 * e.dt
	if layout.Rate > 0 {
		e.holeMin = 2.5 * math.Max(e.dt, 1/layout.Rate)
	}
	if e.res, err = dsp.NewResampler(e.rate, cfg.MaxGap); err != nil {
		return nil, err
	}
	e.rbuf = make([]sensor.Sample, 0, 64+int(cfg.MaxGap*e.rate))
	e.tilt = !foot && layout.Frame == sensor.FrameAnatomical && (layout.Acc[sensor.AxisAP] || layout.Acc[sensor.AxisML])
	e.pitchOnly = e.tilt && !layout.Acc[sensor.AxisML] && !layout.HasGyro()
	if layout.Frame == sensor.FrameSensor && layout.AccAxes() == 1 {
		for i, ok := range layout.Acc {
			if ok {
				e.single = i
			}
		}
	}
	e.levelled = !foot && (layout.Frame == sensor.FrameSensor && e.single < 0 || e.tilt)
	switch {
	case layout.Frame == sensor.FrameAnatomical && !e.tilt:
		e.read = readAsIs
	case e.pitchOnly:
		e.read = readPitch
	case e.single >= 0:
		e.read = readSingle
	}
	if e.tilt {
		e.rot, _ = dsp.TiltCorrection([3]float64{1, 0, 0}) // untilted until estimated
	}
	warm := 0.5
	if foot && layout.HasGyro() {
		warm = 1.5 // long enough to see a foot-flat and fix the gyro sign
	}
	if e.levelled { // tilted anatomical axes, or a sensor frame
		e.warmShort = int(warm*e.rate) + 1
		warm = warmTilt
	}
	e.warm = make([]sensor.Sample, 0, int(warm*e.rate)+1)
	e.grav = dsp.NewGravity(e.rate, 4)
	e.lone = !foot && !e.levelled
	e.loneG = dsp.NewGravity(e.rate, 4)
	e.loneK, e.loneG0 = 1, 1
	e.galpha = 1 - math.Exp(-1/(5*e.rate))
	e.forgetN = int64(math.Ceil(e.cfg.MaxStep * e.rate))
	if foot {
		e.forgetN *= 2 // one peak a stride
	}
	e.forgetRunN = e.forgetN
	switch {
	case layout.ClipAcc > 0:
		e.railLo = math.Inf(1)
	case !foot:
		e.railLo = railMin
	}
	for k, ok := range layout.Acc {
		if ok {
			e.railK[k] = 1
		}
	}
	e.satNeed = max(3, int(math.Ceil(gyroSatRun*e.rate)))
	e.stuckNeed = int(math.Ceil(gyroStuckRun * e.rate))
	// every ring holds capN samples: sample masks an index once for all
	capN := int(5 * e.rate)
	e.av, e.ap, e.ml, e.clip, e.yaw = newRing(capN), newRing(capN), newRing(capN), newRing(capN), newRing(capN)
	if e.gyro && !foot {
		e.gxl, e.gyl = newRing(capN), newRing(capN)
	}
	if e.gyro && foot {
		e.gsatR = newRing(capN)
	}
	if e.gyro && (cfg.Placement == Shoe || cfg.Placement == Shank) && !layout.GyrOwnFrame {
		// (the braking's fore-aft direction is the cross product of the
		// acceleration's up and the gyro's axis, and a shank's angle the
		// acceleration turned by the gyro's rotation: one frame for both)
		e.fa = [3]ring{newRing(capN), newRing(capN), newRing(capN)}
	}
	e.stepReg, e.strReg, e.hrLast = math.NaN(), math.NaN(), math.NaN()
	// scratch windows as long as the history itself (a power of two ≥ capN)
	hist := len(e.av.buf)
	e.x1, e.x2, e.x3 = make([]float64, hist), make([]float64, hist), make([]float64, hist)
	if !foot {
		// vo's: a step of up to MaxStep at ⌈voRate / rate⌉ points a sample
		e.voBuf = make([]float64, int(math.Ceil(e.cfg.MaxStep*e.rate*math.Ceil(voRate/e.rate)))+2)
	}
	for k := range e.win {
		e.win[k] = make([]float64, hist)
	}
	e.winMean = make([]float64, hist)
	if !foot {
		e.x4, e.x5 = make([]float64, hist), make([]float64, hist)
	} else if !e.gyro {
		e.x4 = make([]float64, hist) // fillStances' |a|
	}
	segFc := 3.0
	switch {
	case foot && layout.HasGyro():
		segFc = 4
	case foot:
		// impact energy: a fast envelope keeps a brief impact above a
		// broad swing hump of similar area
		segFc = math.Min(15, 0.2*cfg.Rate)
	}
	if e.seg, err = dsp.LowPass(2, e.rate, segFc); err != nil {
		return nil, err
	}
	e.segDelay = e.seg.GroupDelay(segFc/2) * e.rate
	e.perContact()
	e.segAt, e.segRe, e.segCur = e.seg.Clone(), e.seg.Clone(), e.seg
	if e.hp, err = dsp.HighPass(2, e.rate, math.Min(20, 0.3*e.rate)); err != nil {
		return nil, err
	}
	fine := math.Min(20, 0.4*e.rate)
	lp, err := dsp.LowPass(2, e.rate, fine)
	if err != nil {
		return nil, err
	}
	e.lpFine = dsp.NewZeroPhase(lp)
	if lp, err = dsp.LowPass(2, e.rate, math.Min(8, 0.4*e.rate)); err != nil {
		return nil, err
	}
	e.lpWalk = dsp.NewZeroPhase(lp)
	// reserve the filters' work buffers now: Push must not allocate
	e.lpFine.Reserve(hist)
	e.lpWalk.Reserve(hist)
	if layout.Frame == sensor.FrameAnatomical {
		e.fwd, e.right = [2]float64{1, 0}, [2]float64{0, 1}
		e.fwdKnown = layout.Acc[sensor.AxisAP]
	}
	e.pend = make([]pending, 0, 4)
	e.reset(0)
	return e, nil
}

// Rate returns the working sample rate in Hz.
func (e *Engine) Rate() float64 { return e.rate }

// Stats returns the counters so far.
func (e *Engine) Stats() Stats {
	st := e.stats
	st.VerticalSum, st.VerticalN = e.sumV, e.nV
	if e.nV > 0 {
		st.MeanVertical = e.sumV / float64(e.nV)
	}
	st.LoneAxis = e.lone
	if m := e.grav.Mean(); e.tilt && e.nV > 0 && norm(m) > 0 {
		// the rotation's vertical row is the unit gravity direction it
		// levels, in the input's axes
		st.Tilt = math.Acos(clamp(e.rot[2][sensor.AxisV], -1, 1)) * 180 / math.Pi
		st.TiltEstimate = math.Acos(clamp(m[sensor.AxisV]/norm(m), -1, 1)) * 180 / math.Pi
		st.TiltKnown = true
	}
	return st
}

func (e *Engine) reset(t0 float64) {
	e.n = 0
	e.sideNext = sideMeans{} // (sample indexes restart)
	e.lastFound = 0
	e.t0 = t0
	e.nHoles = 0 // holes are in input time; a new stream may restart the clock
	e.warm = e.warm[:0]
	e.warmed = false
	e.seg.Reset()
	e.cand = -1
	e.deferred = -1
	e.replacing = false
	e.havePrev = false
	e.stopDue = 0
	e.settling = false
	e.footDrops = 0
	e.haveFootIC = false
	e.fillStride, e.fillDue = 0, math.MaxInt64
	e.lastPeak = math.MinInt64 / 2
	e.valley = math.Inf(1)
	e.prevY, e.prevY2 = math.Inf(1), math.Inf(1)
	e.ghost = [3]int64{math.MinInt64 / 2, math.MinInt64 / 2, math.MinInt64 / 2}
	e.stepMed.reset()
	e.longSteps = 0
	e.nRaw = 0
	e.peakMed.reset()
	e.minMed.reset()
	e.zN, e.zNext, e.zSnapN = 0, 0, 0
	e.promMed.reset()
	e.walkProm.reset()
	e.actBits, e.actN = 0, 0
	// the side features' scales and learned weights belong to the
	// wearer, not to the stretch of data: a gap or a flushed run (live:
	// every closed run) keeps them, as a pause within a file does
	e.newBout()
	e.tune()
}

// newBout starts a bout's per-bout bookkeeping: the side alternation's
// window, the step link, and the regularity (over the last 4 s, it belongs
// to the bout it was measured in: unknown until its 16th contact, not the
// last bout's carried over).
func (e *Engine) newBout() {
	e.side.newBout()
	e.lastIC = 0
	e.prevEmitIC, e.prevFootIC, e.prevFootStride = -1, -1, 0
	e.stepReg, e.strReg = math.NaN(), math.NaN()
	e.nEmitted = 0
}

// maxMagnitude bounds the sum of a sample's six absolute values (m/s² and
// rad/s): 10⁶ is about 80 times a ±400 g accelerometer and ±4000 °/s
// gyro at full scale together (3·3924 + 3·69.8 ≈ 1.2·10⁴). A larger sum
// is a corrupt value, refused like NaN and ±Inf (a finite 10²⁰⁰ overflows
// the filters as surely).
const maxMagnitude = 1e6

// Push adds one sample and appends to dst the contacts that became final.
// It returns dst. Push does not allocate when dst has spare capacity.
func (e *Engine) Push(dst []Contact, s sensor.Sample) []Contact {
	return e.push(dst, &s)
}

// PushBatch is Push of each sample of ss in turn, with the same result; it
// reads the samples in place (ss is not modified), which saves the copy of
// each into Push's argument — about 7 ns a sample on amd64, where the
// copy's loads wait for the stores that filled it. Use it when samples
// arrive in blocks (a decoded payload, a buffer of a file).
func (e *Engine) PushBatch(dst []Contact, ss []sensor.Sample) []Contact {
	for i := range ss {
		dst = e.push(dst, &ss[i])
	}
	return dst
}

// push is Push on a sample it reads but does not change.
func (e *Engine) push(dst []Contact, s *sensor.Sample) []Contact {
	e.stats.Samples++
	// one test for all six values: the sum of their magnitudes is NaN for
	// a NaN, +Inf for an infinity, and over maxMagnitude for a value no
	// sensor reads (one such value would poison every filter state)
	a, g := &s.Acc, &s.Gyr
	x0, x1, x2 := math.Abs(a[0]), math.Abs(a[1]), math.Abs(a[2])
	sa := x0 + x1 + x2
	if !(sa+math.Abs(g[0])+math.Abs(g[1])+math.Abs(g[2]) < maxMagnitude) {
		e.stats.Rejected++
		return dst
	}
	if lo := e.railLo; sa >= lo && (x0 >= lo || x1 >= lo || x2 >= lo) {
		// (the sum first: one test a sample while no axis is near)
		e.railSeen(a, s.T)
	}
	if !e.rateOn {
		// the first stretch starts at the first sample, not at 0: a clock
		// that starts before 0 (times from a trigger) had the seconds
		// before 0 counted into its first 2 s, read as a rate that then
		// fell (a steady 100 Hz from −3 s: "fell from 250 to 100 Hz")
		e.rateOn, e.rateT0, e.rateLast = true, s.T, s.T
	}
	if d := s.T - e.rateLast; d > e.holeMin {
		// a hole (bridged or not) in the stretch counted
		e.rateHoleN++
		e.rateHoleT += d
		e.rateHoleMax = max(e.rateHoleMax, d)
	}
	e.rateLast = s.T
	if !(s.T-e.rateT0 < rateWindow) {
		e.rateCheck(s.T)
	}
	e.rateN++
	if t, ok := e.res.Snap(s); ok {
		if e.warmed {
			// process's common case, without a call through it
			return e.sample(dst, s)
		}
		return e.process(dst, t, s)
	}
	prevT, started := e.res.Last()
	if d := s.T - prevT; started && d > 0 && d < 1 {
		if e.inDt == 0 {
			e.inDt = d
		} else {
			e.inDt += 0.05 * (d - e.inDt)
		}
	}
	out, gap, err := e.res.Push(e.rbuf[:0], *s)
	e.rbuf = out[:0]
	if err != nil {
		e.stats.Rejected++
		return dst
	}
	if started && !gap && s.T-prevT > e.holeMin {
		e.stats.Bridged++
		e.holes[e.nHoles%len(e.holes)] = [2]float64{prevT, s.T}
		e.nHoles++
	}
	if gap {
		e.stats.Gaps++
		dst = e.endBout(dst, false)
		if len(out) > 0 {
			e.reset(out[0].T)
		} else {
			e.reset(s.T)
		}
	}
	for i := range out {
		dst = e.process(dst, out[i].T, &out[i])
	}
	return dst
}

// rateWindow is the stretch over which the input's sample rate is
// counted, s, and slowInput the share of the input's own rate before (the
// highest of a stretch so far) under which it is said (Stats.SlowRate): a
// phone's jitter, a clock in whole ms (100 Hz read as 1000/11 Hz) and a
// Bluetooth link's bursts stay well over it. The input's own, not the
// layout's: a grid finer than the input (analyze --rate 200 on a 100 Hz
// file) set the layout's rate, and read every stretch as slow.
const (
	rateWindow = 2.0
	slowInput  = 0.7
)

// rateCheck ends the stretch of input samples counted (rateT0 to t,
// rateN samples): one whose rate is under slowInput of the highest rate
// of a stretch before it (inRate) is kept in Stats.SlowRate (and the rate
// it fell from in SlowOf). Bridged holes in a minority of its intervals are
// dropouts, their time left out; in most of them, the rate itself (a third
// of the grid's makes every interval one). A new stretch starts at t; one
// over twice rateWindow long (the clock went back and came round), or that
// spans a gap (or ends on one: a gap after the sample that began the
// stretch read as the stretch's rate, 1 sample in 3 s: "fell from 100 to 0
// Hz", an audit), or whose dropouts leave under half of it, is not judged.
func (e *Engine) rateCheck(t float64) {
	d := t - e.rateT0
	if 2*e.rateHoleN <= e.rateN {
		d -= e.rateHoleT
	}
	if t-e.rateT0 < 2*rateWindow && d >= rateWindow/2 && e.stats.Gaps == e.rateGaps && e.rateHoleMax <= e.cfg.MaxGap && e.rateN > 0 {
		r := float64(e.rateN) / d
		if r < slowInput*e.inRate && (e.stats.SlowRate == 0 || r < e.stats.SlowRate) {
			if e.stats.SlowRate == 0 {
				e.stats.SlowFrom = e.rateT0
			}
			e.stats.SlowRate, e.stats.SlowOf = r, e.inRate
		}
		e.inRate = max(e.inRate, r)
	}
	e.rateT0, e.rateN, e.rateHoleN, e.rateHoleT, e.rateHoleMax, e.rateGaps = t, 0, 0, 0, 0, e.stats.Gaps
}

// ForgetSlow clears Stats.SlowRate, SlowFrom and SlowOf, the lowest rate of
// the stream so far: a rate that falls after the call is said again, one
// that fell before is not (a run's summary speaks of its own input, not of
// a phone throttled during an earlier run). The rate it is judged against,
// the input's own before, is kept.
func (e *Engine) ForgetSlow() { e.stats.SlowRate, e.stats.SlowFrom, e.stats.SlowOf = 0, 0, 0 }

// Flush ends the stream: contacts still waiting for their successor are
// emitted (with Step and Flight unknown) and appended to dst.
func (e *Engine) Flush(dst []Contact) []Contact {
	dst = e.endBout(dst, true)
	e.res.Reset()
	e.reset(0)
	return dst
}

// EndBout releases the contacts the engine holds until their successor's
// IC is known (a waist sensor's: the last one or two of the bout) when the
// newest of them lies more than Config.MaxStep before t, s: a pause has
// ended their bout, no contact to come can be their successor, and they
// are emitted as a contact after the pause would emit them (Step and
// Flight unknown). The engine itself releases them once the stream has
// gone confirmLag (1 s) past that (pendDue), so EndBout matters to a
// caller that closes a run sooner or while no samples come. Unlike Flush it keeps the stream's state —
// time base, warm-up, the runner's adaptive thresholds and the side
// alternation's scales — so that what follows is what an uninterrupted
// analysis finds. For a caller that closes a run while the stream goes on
// (runs.Recorder after its idle time, or at an explicit stop with t =
// +Inf: the bout ends there). A one-foot sensor's contacts are not held:
// nothing to release.
func (e *Engine) EndBout(dst []Contact, t float64) []Contact {
	k := len(e.pend)
	if e.foot || k == 0 || !(t-(e.t0+e.pend[k-1].icIdx*e.dt) > e.cfg.MaxStep) {
		return dst
	}
	return e.pauseEnded(dst) // as for a contact that comes after the pause
}

// HeldIC returns the initial contact time, s, of the newest contact the
// engine has found but still holds for its successor (a waist sensor's),
// or NaN when it holds none. A caller timing pauses from the contacts it
// has been given would otherwise count from a contact up to MaxStep + 1 s
// older than the newest one in the samples.
func (e *Engine) HeldIC() float64 {
	if k := len(e.pend); k > 0 {
		return e.t0 + e.pend[k-1].icIdx*e.dt
	}
	return math.NaN()
}

// Preview appends to dst the contacts the engine would emit if the stream
// ended now — those held for their successor and any still in progress,
// found as far as the samples allow (with Step unknown, as at a stream's
// end) — and leaves the engine as it was: the same contacts come out again,
// completed, if the stream goes on. For a caller that must close a run at a
// silence without knowing whether the stream ends there (runs.Recorder).
// The preview runs on a copy of the engine that shares its sample history
// and scratch buffers (read, or rewritten before each use, by the end of a
// bout) and copies what the end of a bout changes. During a warm-up (the
// stream's first, or one after a gap: 0.5 s, up to 1 s for a waist's
// 2- or 3-axis sensor frame or tilted axes, 1.5 s for a foot with a gyro) the preview analyses its
// samples, as a Flush does: the copy primes gravity and the filters afresh
// (its own) and writes the warm-up's samples into the shared history, which
// the engine rewrites, the same, before it reads them. (It gave nothing
// there: a silence in a warm-up closed the run without the contacts a
// shutdown gives.)
func (e *Engine) Preview(dst []Contact) []Contact {
	if !e.warmed && len(e.warm) == 0 {
		return dst
	}
	c := *e
	c.pend = append([]pending(nil), e.pend...)
	if e.settling || !e.warmed {
		c.seg = e.seg.Clone() // re-picking runs the segmentation filter again
		// (and a peak it confirms snapshots it for searchBack: its own)
		c.segAt, c.segRe, c.segCur = e.segAt.Clone(), e.segRe.Clone(), c.seg
	}
	if !e.warmed {
		g, lg, hp := *e.grav, *e.loneG, e.hp.Clone()
		c.grav, c.loneG, c.hp = &g, &lg, hp
	}
	return c.endBout(dst, true)
}

// confirmLag bounds, s, how long after its IC a waist contact is
// confirmed: its stance peak (≤ 0.3 s after the IC) and the picker's
// look-ahead (≤ 0.4 s) and the segmentation filter's delay (< 0.1 s) — so
// that a contact held for its successor is released (pauseEnded) only once
// no contact within Config.MaxStep of it can still be confirmed.
const confirmLag = 1.0

// pauseEnded emits the contacts held for their successor, a pause having
// ended their bout, and starts the next bout's step and side bookkeeping.
func (e *Engine) pauseEnded(dst []Contact) []Contact {
	dst = e.flushPending(dst)
	e.newBout()
	return dst
}

// endBout ends a stretch of data, at the end of the stream (final) or at
// a gap: a peak still in its look-ahead is confirmed, and the contacts
// that wait for what came after them are found as far as the data allows
// and emitted. At the end of the stream the samples still warming up are
// analysed too (a recording shorter than the warm-up); at a gap they are
// dropped, as the start of the next stretch is: fragments between
// dropouts too short to learn the sensor's axes from made up contacts,
// and one could take the standing calibration for good.
func (e *Engine) endBout(dst []Contact, final bool) []Contact {
	if !e.warmed && len(e.warm) > 0 && (final || e.warmShort > 0 && len(e.warm) >= e.warmShort) {
		// (a levelled sensor's longer warm-up, past the usual one:
		// started, as it was at 0.5 s, not dropped with the stretch)
		dst = e.startFromWarm(dst)
	}
	if e.settling {
		// the data ends while the swing's sign settles
		dst = e.repick(dst)
	}
	if e.cand >= 0 && e.candV-e.valley >= e.promTh {
		dst = e.confirm(dst, e.cand)
	}
	e.cand = -1
	if e.deferred >= 0 {
		// the recording ended before this impact's swing: its toe-off is
		// not in the data, so the contact keeps its IC only
		dst = e.confirmFootIC(dst, e.deferred, e.n, !e.swingSeen(e.deferred))
		e.deferred = -1
	}
	if e.foot && e.gyro && e.havePrev {
		dst = e.footTail(dst)
	}
	if e.foot && !e.gyro {
		dst = e.fillTail(dst, true)
	}
	return e.flushPending(dst)
}

// process runs sample s, on the engine's grid at time t (s.T may differ
// from t by rounding), through warm-up or the detector.
func (e *Engine) process(dst []Contact, t float64, s *sensor.Sample) []Contact {
	if !e.warmed {
		if len(e.warm) == 0 {
			e.t0 = t
		}
		e.warm = append(e.warm, *s)
		e.warm[len(e.warm)-1].T = t
		if n := len(e.warm); n < cap(e.warm) && (n != e.warmShort || !e.warmEnough()) {
			return dst
		}
		return e.startFromWarm(dst)
	}
	return e.sample(dst, s)
}

// warmTilt is the warm-up of a levelled waist sensor, s, the first of
// tilted anatomical axes (V with AP or ML) and each of a sensor frame: its
// mean is the first guess of the tilt (of the way up, for a sensor
// frame), which levels the warm-up's samples and the first contacts
// judged on them. Over 0.5 s of running, under a stride, the mean leant
// 5.6° on average and up to 13.4° from the trial's (the davis run cut at
// 93 phases), and a first contact read IC up to 8 ms earlier or later than
// the same contact further in (the levelled vertical's stance hump lower,
// its pre-contact shoulder higher); over 1 s, 0.8° and at most 2.3°. The
// same run as a 3-axis sensor frame, in five mountings, read a first IC
// 0.05–0.35 s into the data up to 22.6 ms from the same contact in the
// whole recording; over 1 s, 2.2 ms.
const warmTilt = 1.0

// warmEnough decides, when a levelled sensor's warm-up reaches warmShort
// samples, whether it ends there, as any other's: after a gap, when the
// mounting found so far levels the data (tilted anatomical axes); or when
// those samples stood still — the first warm-up's are then a standing
// calibration (exact; standing, a longer mean gains nothing, and the lean
// reference is theirs either way). A sensor frame guesses its way up
// afresh from each warm-up's mean (a re-clipped sensor), after a gap as at
// the start, and a gap's fresh start reads as the first one (a clock
// restarted part way: the second session's contacts are the first's).
func (e *Engine) warmEnough() bool {
	if e.haveRef {
		return e.tilt || still(e.warm, norm(warmMean(e.warm)))
	}
	e.setLeanRef(e.warm, warmMean(e.warm))
	e.refEarly = true
	return e.calibrated
}

// warmMean is the mean acceleration of the samples w, sensor frame.
func warmMean(w []sensor.Sample) [3]float64 {
	var m [3]float64
	for _, s := range w {
		for k := 0; k < 3; k++ {
			m[k] += s.Acc[k]
		}
	}
	for k := range m {
		m[k] /= float64(len(w))
	}
	return m
}

// startFromWarm primes the orientation estimate with the mean of the
// warm-up samples and then runs them through the detector.
func (e *Engine) startFromWarm(dst []Contact) []Contact {
	m := warmMean(e.warm)
	first := !e.haveRef || e.refEarly
	if !e.haveRef {
		e.setLeanRef(e.warm, m)
	}
	e.refEarly = false
	// gravity for tilted anatomical axes: exact from a sensor standing
	// still; from the warm-up's gait (a second, warmTilt; not whole
	// strides, its mean a degree or two off) a first guess, then the running mean of the
	// samples (the warm-up's again, as they run through the detector
	// below) until it has the weight of the 4 s average
	// (dsp.Gravity.Start; primed as exact, the davis trial's pelvis
	// turned 10° lost a contact; replaced by the first block of 64
	// samples, 32 ms at 2000 Hz, it read 58° off); after a gap, the
	// mounting found so far.
	// A sensor frame is primed with the warm-up's mean (a second of
	// gait, warmTilt, or a standing half second; a re-clipped sensor
	// starts afresh, after a gap as at the start).
	e.gravFrom = 0
	switch {
	case !e.tilt || first && e.calibrated:
		e.grav.Prime(m)
	case first:
		e.grav.Start(m, len(e.warm))
		e.gravFrom = int64(len(e.warm))
	}
	e.level()
	e.loneFrom = 0 // (after a gap the warm-up's samples are not in loneG)
	if e.lone && first {
		// as the tilted anatomical axes' gravity is started (after a gap
		// the mounting found so far stands)
		mv := [3]float64{m[sensor.AxisV]}
		if e.single >= 0 {
			mv[0] = math.Abs(m[e.single]) // read the way up (see sample)
		}
		if e.calibrated {
			e.loneG.Prime(mv)
		} else {
			e.loneG.Start(mv, len(e.warm))
			e.loneFrom = int64(len(e.warm))
		}
		e.setLoneK()
	}
	if e.foot {
		e.primeGyroAxis()
	}
	e.warmed = true
	y0 := e.vertical(e.warm[0])
	if e.foot && !e.gyro {
		y0 = 0
		e.hp.Prime(norm(e.warm[0].Acc) / sensor.G0)
	}
	e.seg.Prime(y0)
	for i := range e.warm {
		dst = e.sample(dst, &e.warm[i])
	}
	e.warm = e.warm[:0]
	return dst
}

// setLeanRef records the lean reference from the first warm-up's samples
// w, mean acceleration m: a standing calibration when the sensor was still
// (the spread of |a| below 0.03 g).
func (e *Engine) setLeanRef(w []sensor.Sample, m [3]float64) {
	e.haveRef = true
	mn := norm(m)
	if mn == 0 {
		e.haveRef = false
		return
	}
	e.calibrated = still(w, mn) && len(w) >= int(0.25*e.rate)
	e.gRef = [3]float64{m[0] / mn, m[1] / mn, m[2] / mn}
	if e.layout.Frame == sensor.FrameAnatomical {
		e.apRef = m[sensor.AxisAP] / sensor.G0
	}
}

// still tells whether samples w, mean |acceleration| mn, stood still: the
// spread of |a| about mn below 0.03 g.
func still(w []sensor.Sample, mn float64) bool {
	var sd float64
	for _, s := range w {
		d := norm(s.Acc) - mn
		sd += d * d
	}
	return math.Sqrt(sd/float64(len(w))) < 0.03*sensor.G0
}

// vertical returns the first channel of the detector in g, without updating
// orientation state (used to prime filters).
func (e *Engine) vertical(s sensor.Sample) float64 {
	if e.foot {
		return norm(s.Acc) / sensor.G0
	}
	if e.layout.Frame == sensor.FrameAnatomical && !e.tilt {
		return s.Acc[sensor.AxisV] * e.loneK / sensor.G0
	}
	if e.single >= 0 {
		return math.Abs(s.Acc[e.single]) * e.loneK / sensor.G0
	}
	return e.rot.Apply(s.Acc)[2] / sensor.G0
}

// estBlock is the block of samples whose mean feeds the gravity (and a lone
// axis's) estimate: the per-sample path tests i&63 == 63.
const estBlock = 64

// blockFrom returns the first sample i0 of the block that ends with sample
// i, and the offset k in it of the first sample at or after from (an
// estimate's samples before from are in it already); ok is false when the
// whole block is.
func blockFrom(i, from int64) (i0, k int64, ok bool) {
	i0 = i + 1 - estBlock
	k = max(0, from-i0)
	return i0, k, k < estBlock
}

// gravBlock ends the block of 64 samples that ends with sample i, all
// levelled by the same rotation R: the gravity estimate takes the block's
// mean acceleration as mounted, Rᵀ·(mean levelled channels), read back
// from the rings once a block (dsp.Gravity.PushMean; updating the average
// with every sample, a dependent chain through memory, left the per-sample
// path at 21.2–21.5 ns against 19.4–19.9), and the rotation for the next
// block follows.
func (e *Engine) gravBlock(i int64) {
	const n = estBlock
	i0, k, ok := blockFrom(i, e.gravFrom)
	if !ok {
		return
	}
	f, v := blockMean(&e.ap, i0, k), blockMean(&e.av, i0, k)
	l := 0.0
	if !e.pitchOnly {
		l = blockMean(&e.ml, i0, k)
	}
	r := &e.rot
	var m [3]float64
	for j := range m {
		m[j] = (r[0][j]*f + r[1][j]*l + r[2][j]*v) * sensor.G0
	}
	e.grav.PushMean(m, int(n-k))
	e.level()
}

// blockMean is the mean of ring r over the block of estBlock samples from
// i0, its first k samples left out (blockFrom). A whole block (k = 0, the
// common case) is summed as an array (sumBlock): sum's order, a loop of
// fixed length without its slice's bookkeeping.
func blockMean(r *ring, i0, k int64) float64 {
	b := r.block(i0, estBlock)
	if k == 0 {
		return sumBlock((*[estBlock]float64)(b)) / estBlock
	}
	return sum(b[k:]) / float64(estBlock-k)
}

// sumBlock is sum(b[:]), bit for bit: four partial sums, s0 taking b[0],
// b[4] … (estBlock is a multiple of 4: no tail).
func sumBlock(b *[estBlock]float64) float64 {
	var s0, s1, s2, s3 float64
	for j := 0; j < estBlock; j += 4 {
		s0 += b[j]
		s1 += b[j+1]
		s2 += b[j+2]
		s3 += b[j+3]
	}
	return s0 + s1 + s2 + s3
}

// loneBlock ends the block of 64 samples that ends with sample i of a lone
// vertical axis: its mean feeds loneG, and loneK follows.
func (e *Engine) loneBlock(i int64) {
	const n = estBlock
	i0, k, ok := blockFrom(i, e.loneFrom)
	if !ok {
		return
	}
	e.loneG.PushMean([3]float64{blockMean(&e.av, i0, k) * sensor.G0}, int(n-k))
	e.setLoneK()
}

// setLoneK sets the lone vertical axis's scale from its mean m, g:
// k = 1/m for m of 0.7–1.1 g (an axis up to 45° from vertical, or a gain a
// tenth high); 1 below 0.6 g and above 1.2 g — a horizontal or reversed
// axis is not blown up into gait, and one more than 53° off is too far to
// read either way —; in between it fades linearly to 1, so that a mean
// drifting across a limit moves the scale a little, not at once: a step
// from 2 to 1 at a 0.5 g limit left the picker's heights, learnt at the
// double scale, above every later peak, and detection stopped (a stress
// test).
func (e *Engine) setLoneK() {
	m := e.loneG.Mean()[0] / sensor.G0
	var f float64 // the share of the full scale
	switch {
	case m >= 0.7 && m <= 1.1:
		f = 1
	case m > 0.6 && m < 0.7:
		f = (m - 0.6) / 0.1
	case m > 1.1 && m < 1.2:
		f = (1.2 - m) / 0.1
	}
	k := 1.0
	if f > 0 { // (a mean of 0 — a logger's zero-filled start — gave 1 + 0·∞: NaN)
		k = 1 + f*(1/m-1)
	}
	if k != e.loneK {
		e.rescalePicker(k / e.loneK)
		e.loneK = k
	}
	// (held at the ends of 0.5–1.2 g rather than back to 1: no step
	// for the walking/running vote as a mean drifts across them)
	e.loneG0 = 1
	if m > 0 {
		e.loneG0 = 1 / clamp(m, 0.5, 1.2)
	}
}

// rescalePicker puts the peak picker on a lone axis's new scale, its input
// multiplied by r from now on: the segmentation filter's state, the peak
// and prominence medians, the thresholds and the values the picker holds
// are multiplied by r too, as if the axis had always been read at the new
// scale. The scale settles as the axis's mean does, and when it fell, the
// heights learnt at the old one stayed above every later peak: detection
// stopped for the rest of the run (a stress test: the first 64-sample
// blocks read a mean of 0.63–0.70 g that settled at 0.55–0.60 g within a
// second; 2 of 37 contacts).
func (e *Engine) rescalePicker(r float64) {
	if !(r > 0) || math.IsInf(r, 0) {
		return // (never: both scales are finite and positive)
	}
	e.seg.ScaleState(r)
	e.segAt.ScaleState(r)
	e.snapY[0] *= r
	e.snapY[1] *= r
	e.peakMed.scale(r)
	e.promMed.scale(r)
	e.candV *= r
	e.postMin *= r
	e.valley *= r
	e.lastPeakV *= r
	e.prevY *= r
	e.prevY2 *= r
	for k := range e.ghostV {
		e.ghostV[k] *= r
	}
	e.setThresholds() // (a waist's lone axis)
}

// level updates the levelling rotation from the gravity estimate: the
// smallest rotation to up for a sensor frame, the tilt correction of
// anatomical axes (Moe-Nilssen 1998; see dsp.TiltCorrection), which keeps
// them forward and mediolateral. A tilted sacral sensor (the sacrum's
// slope, a trunk leaning on a hill) otherwise leaks the forward
// acceleration's braking pulse into the vertical channel and shifts the
// contacts found from it: the davis trial's pelvis turned by 20° read GCT
// 25 ms short before this.
//
// An estimate beyond the tilt correction's limit (80°) keeps the rotation
// it had: switching between a correction just inside the limit and none
// as the estimate wavered across it lost most contacts of simulated trials
// mounted at the limit (then 60°: 5 of 30 met the bar, 27 keeping it).
func (e *Engine) level() {
	if e.tilt {
		if r, ok := dsp.TiltCorrection(e.grav.Mean()); ok {
			e.rot = r
		}
		return
	}
	up := e.grav.Up()
	e.rot = dsp.RotateToUp(up)
	// a single axis reads the way up (sample): its sign, read here as
	// often as gravity changes, not from Up on every sample
	e.singleNeg = e.single >= 0 && up[e.single] < 0
}

// vSnap is the vertical channel's running sum Σ[0, n).
type vSnap struct {
	n   int64
	sum float64
}

func norm(a [3]float64) float64 { return math.Sqrt(a[0]*a[0] + a[1]*a[1] + a[2]*a[2]) }

func (e *Engine) clipped(s *sensor.Sample) bool {
	c := e.layout.ClipAcc
	if c <= 0 {
		return false
	}
	for k := 0; k < 3; k++ {
		if e.layout.Acc[k] && math.Abs(s.Acc[k]) >= 0.995*c {
			return true
		}
	}
	return false
}

// sample runs one uniform, oriented-ready sample through the detector.
func (e *Engine) sample(dst []Contact, s *sensor.Sample) []Contact {
	i := e.n
	// the slot of sample i in every ring: they all hold capN samples
	j := i & e.av.mask
	var y float64
	if e.foot {
		// (norm's expression, on the sample in place: see sagittal)
		x := &s.Acc
		a := math.Sqrt(x[0]*x[0]+x[1]*x[1]+x[2]*x[2]) / sensor.G0
		if e.fa[0].buf != nil {
			for k := range e.fa {
				e.fa[k].put(j, s.Acc[k]/sensor.G0)
			}
		}
		if e.gyro {
			v := 0.0
			if e.gyroSat(&s.Gyr) {
				v = 1
			}
			e.gsatR.put(j, v)
		}
		p := e.sagittal(&s.Gyr) // raw projection; the ring keeps it unsigned
		if e.stats.GyroLimit > 0 && e.cfg.Placement == Shank {
			e.impactSign(a, p, e.gsatR.at(i) != 0)
		}
		g := e.gsign * p
		if sg := e.swingSign(); sg != e.gsign {
			// the evidence changed the swing's sign: once it has held
			// for signSettle, the held samples are picked again with it
			// (see repick)
			e.gsign = sg
			g = sg * p
			if !e.settling {
				e.flipAt = i
			}
			e.settling = true
			e.repickAt = i + 1 + int64(math.Round(signSettle*e.rate))
		}
		e.av.put(j, a)
		e.sumV += a
		e.ap.put(j, p)
		if e.gyro {
			y = g
		} else {
			// impacts stand out by their high-frequency energy; the swing's
			// centripetal hump is as large but slow
			h := e.hp.ProcessOne(a) // (HighPass(2, …): one section)
			y = h * h
		}
	} else {
		var v, f, l, yw float64
		switch e.read {
		case readRotated:
			// rotate to the levelled frame (through a pointer: copying
			// the matrix per sample costs more than the product)
			a, r := &s.Acc, &e.rot
			f = r[0][0]*a[0] + r[0][1]*a[1] + r[0][2]*a[2]
			l = r[1][0]*a[0] + r[1][1]*a[1] + r[1][2]*a[2]
			v = r[2][0]*a[0] + r[2][1]*a[1] + r[2][2]*a[2]
			if e.gyro {
				w := &s.Gyr
				e.gxl.put(j, r[0][0]*w[0]+r[0][1]*w[1]+r[0][2]*w[2])
				e.gyl.put(j, r[1][0]*w[0]+r[1][1]*w[1]+r[1][2]*w[2])
				yw = r[2][0]*w[0] + r[2][1]*w[1] + r[2][2]*w[2]
			}
			// f, l: levelled horizontal components; forward within them
			// is estimated from the contacts (see learnHeading)
		case readAsIs:
			v, f, l, yw = s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0]
			if e.gyro {
				e.gxl.put(j, s.Gyr[sensor.AxisAP])
				e.gyl.put(j, s.Gyr[sensor.AxisML])
			}
		case readPitch:
			// anatomical V+AP: the tilt correction is a pitch, two
			// products per channel instead of the default case's 3×3
			a := &s.Acc
			c, sn := e.rot[2][0], e.rot[2][1] // V″ = cosθ·V + sinθ·AP
			v = c*a[0] + sn*a[1]
			f = c*a[1] - sn*a[0]
		default: // readSingle
			v = s.Acc[e.single]
			if e.singleNeg {
				v = -v
			}
		}
		v *= 1 / sensor.G0
		e.av.put(j, v)
		e.sumV += v
		e.ap.put(j, f*(1/sensor.G0)) // AP, or levelled x in the sensor frame
		e.ml.put(j, l*(1/sensor.G0)) // ML, or levelled y
		if e.gyro {
			e.yaw.put(j, yw)
		}
		if i&63 == 63 {
			if e.levelled {
				e.gravBlock(i)
			} else if e.lone {
				e.loneBlock(i)
			}
		}
		y = v * e.loneK
	}
	e.nV++
	if e.layout.ClipAcc > 0 {
		c := 0.0
		if e.clipped(s) {
			c = 1
		}
		e.clip.put(j, c)
	}
	y = e.seg.ProcessOne(y) // (LowPass(2, …): one section)
	e.n++
	if !e.foot {
		// (a waist holds contacts for their successor; a foot's are
		// emitted at once, and the states below are a foot's alone)
		if len(e.pend) > 0 && e.cand < 0 && float64(e.n) > e.pendDue {
			// no contact to come can be the held ones' successor: a
			// pause has ended their bout; emitted now, while their
			// samples are held (after a 20 s stop they came out when
			// the next run's first contact did, with every measure
			// that needs samples unknown)
			dst = e.pauseEnded(dst)
		}
	} else {
		if e.deferred >= 0 {
			dst = e.deferredDue(dst)
		}
		if e.n >= e.fillDue {
			dst = e.fillTail(dst, false)
		}
		if e.stopDue > 0 && e.n > e.stopDue {
			dst = e.footStop(dst)
		}
		if e.settling {
			// pick again once the sign has held signSettle, or before the
			// first sample not yet picked leaves the history (a sign that
			// keeps changing: its samples were never picked, and their
			// contacts were lost uncounted — a review forcing a flip every
			// 0.3 s for 8 s lost 4)
			if e.n < e.repickAt && e.n+1-int64(len(e.av.buf)) < e.flipAt-int64(signSettle*e.rate) {
				return dst
			}
			return e.repick(dst)
		}
	}
	// pick's body, not its call (see pick, which the picking again of
	// held samples calls; TestPickInline): the call, a sample's last
	// work, spilled sample's registers and took its arguments again
	if e.cand >= 0 && (y > e.candV || i-e.cand < e.look) {
		if y > e.candV {
			e.cand, e.candV, e.postMin = i, y, y
		} else if y < e.postMin {
			e.postMin = y
		}
	} else if d := i - e.lastPeak; e.cand >= 0 || e.deferred >= 0 || d >= e.minDist && y > e.heightTh && y >= e.prevY ||
		e.peakMed.n > 0 && (d > e.forgetRunN || d > e.forgetN) {
		dst = e.pickPeak(dst, i, y)
	}
	if e.cand < 0 && y < e.valley {
		e.valley = y
	}
	if e.prevY > e.ghostTh && e.prevY > y && e.prevY >= e.prevY2 && e.cand < 0 && i-1-e.ghost[0] >= e.minDist {
		e.ghost = [3]int64{i - 1, e.ghost[0], e.ghost[1]}
		e.ghostV = [3]float64{e.prevY, e.ghostV[0], e.ghostV[1]}
	}
	e.prevY2, e.prevY = e.prevY, y
	return dst
}

// Gyroscope saturation (gyroSat). A part at its range limit reads that
// value for as long as the motion exceeds it (a fast runner's shank at ±250
// °/s: 50–100 ms a stride), on every stride at the same level; a smooth
// swing peak read in whole °/s at 1000 Hz stays within one unit for under
// 10 ms, and its largest value comes once. A level is taken after
// gyroSatPlateaus plateaus of gyroSatRun at an axis's largest |rate| (at
// least gyroSatMin), and values within looseTol of it count as at it,
// before and after the level is taken: an int16 part reads −32768 and
// +32767 counts at its two limits, and an app's bias correction shifts
// them a little (counted exactly, to 1e-9, the side one count short never
// made a plateau: the level took twice the strides, and a running shank's
// swing sign stayed wrong for its first 1–1.5 s, TestGyroRangeInt16Limits;
// a smooth peak stays within 1e-4 of its top for under 3 ms). A larger
// reading clears the level only when it holds two samples (a single
// corrupt value does not). One value held for over gyroStuckRun is a stuck or dead
// axis, not saturation (Stats.GyroStuck).
const (
	gyroSatRun      = 0.02 // s
	gyroSatPlateaus = 3
	gyroSatMin      = 1.75 // rad/s (≈ 100 °/s): no MEMS gyroscope's range is under ±125 °/s
	gyroStuckRun    = 1.0  // s
	looseTol        = 1e-4
)

// satAxis is the saturation state of one gyroscope axis.
type satAxis struct {
	max    float64 // largest |rate| seen (held two samples)
	run    int     // samples in a row at max (or at level)
	plats  int     // plateaus of gyroSatRun at max
	beyond int     // samples in a row beyond max (or level)
	level  float64 // saturation level, 0 until found
	stuck  float64 // the value of a stuck axis, 0 when not stuck
	quiet  float64 // max·(1 − looseTol) while level and stuck are 0, else 0: below it, the common case (gyroSat)
}

// gyroSat tracks the saturation of a foot sensor's gyroscope (see the
// constants above) and counts the samples read at it: the sagittal rate of
// such a stride is cut off or bent (per axis, in the sensor's frame), and
// contacts and toe-offs read from it are unreliable (summary warning).
func (e *Engine) gyroSat(w *[3]float64) bool {
	e.stats.GyroSamples++
	sat := false
	for k := range w {
		a := &e.gsat[k]
		v := math.Abs(w[k])
		if v < a.quiet {
			// nearly every sample: no level, not stuck, below the largest
			// value — the last case below, with one test
			a.beyond, a.run = 0, 0
			continue
		}
		a.quiet = 0 // (set again below when the state allows)
		if a.stuck > 0 {
			if math.Abs(v-a.stuck) <= looseTol*a.stuck {
				continue
			}
			// it moves again
			*a = satAxis{max: v, run: 1}
			e.satStats()
			continue
		}
		if a.level > 0 {
			switch {
			case v > a.level*(1+looseTol):
				if a.beyond++; a.beyond >= 2 {
					// read beyond it: not the range limit
					*a = satAxis{max: v, run: 1}
					e.satStats()
				}
			case v >= a.level*(1-looseTol):
				a.beyond = 0
				sat = true
				if a.run++; a.run > e.stuckNeed {
					e.stuckAxis(a, v)
				}
			default:
				a.beyond, a.run = 0, 0
			}
			continue
		}
		switch {
		case v > a.max*(1+looseTol):
			// a new largest value, once it holds two samples
			if a.beyond++; a.beyond >= 2 || a.max == 0 {
				a.max, a.run, a.plats, a.beyond = v, 1, 0, 0
			}
		case v >= a.max*(1-looseTol) && v >= gyroSatMin:
			a.beyond = 0
			if a.run++; a.run == e.satNeed {
				if a.plats++; a.plats >= gyroSatPlateaus {
					a.level = a.max
					e.satStats()
				}
			} else if a.run > e.stuckNeed {
				e.stuckAxis(a, v)
			}
		default:
			a.beyond, a.run = 0, 0
		}
		if !(a.stuck > 0) && !(a.level > 0) {
			a.quiet = a.max * (1 - looseTol)
		}
	}
	if sat {
		e.stats.GyroSaturated++
	}
	return sat
}

// stuckAxis marks an axis that read one value v for over gyroStuckRun.
func (e *Engine) stuckAxis(a *satAxis, v float64) {
	*a = satAxis{stuck: v}
	e.satStats()
}

// satStats recomputes GyroLimit and GyroStuck from the axes.
func (e *Engine) satStats() {
	e.stats.GyroLimit, e.stats.GyroStuck = 0, 0
	for _, a := range e.gsat {
		e.stats.GyroLimit = math.Max(e.stats.GyroLimit, a.level)
		e.stats.GyroStuck = math.Max(e.stats.GyroStuck, a.stuck)
	}
}

// Accelerometer saturation found in the stream (railSeen), for a shoe or
// shank whose layout gave no ClipAcc: a CSV reader finds a saturation
// plateau in its lookahead only (a recording that starts standing, or
// whose limit is first hit by single samples, gets none), and a binary or
// live stream has no lookahead. A part clipped at its range reads its limit
// on hard impacts, stride after stride, and nothing beyond it (a simulated
// shank at ±8 g running at 143 Hz: one or two samples at it in about two
// contacts of three); an unclipped signal's largest value comes once, and
// a new one replaces it. The largest |a| on any axis (railMin or more)
// becomes Layout.ClipAcc once railSamples samples have read it (within
// railTol: an int16 part's −32768 and +32767 counts are both its limit) in
// railHits hits more than railApart apart (separate strides, not one
// impact's plateau). On 192 unclipped simulated shoe and shank runs
// (walking and running, 50–1000 Hz, 120–300 s, noise 0–0.3 m/s², read
// exactly, in 0.01 g and 0.001 g steps, and in int16 and int12 steps of
// ±2–32 g ranges) the largest value read by 8 samples came in at most 3
// hits (a noiseless shank walk at 1000 Hz), and any value in at most 5; the
// real recordings (../shared/datasets) read as a shank reach neither. The
// clipped runs of TestClipFoundInStream find their limit after their
// first 7–9 clipped contacts. Contacts emitted before the limit is found
// stay unflagged (their samples were not marked when they were held),
// those after it are flagged as with a given ClipAcc. A waist's hits
// are plateaus (railSeen): counted by sample, the simulator's walking
// trunk, which repeats its step peak within 0.01 g, read in 0.01 g steps
// looked clipped at 1.5–2 g (up to 32 hits in 120 s). Its rail matters
// beyond the flags: a clipped stride's mean is under 1 g, and was taken
// for a zero-g offset of the vertical (strideMean).
const (
	railMin     = 1.5 * sensor.G0 // m/s²
	railTol     = 1e-3
	railSamples = 8
	railHits    = 6
	railApart   = 0.2 // s
)

// railSeen tracks the accelerometer's largest |a| (see railMin) for a
// sample's acceleration a at time t, and sets Layout.ClipAcc when it is a
// saturation rail. A foot's hit is a sample at the largest value; a
// waist's a plateau, the same value read by consecutive samples for
// railPlateau or longer (a part's rail reads one count; a smooth peak read
// in coarse steps holds its top value too, but briefly), and once its rail
// is found the stride means taken before it are dropped: they held clipped
// samples (a sacral V+AP part at ±2 g, 6 m/s: GCT +5 ms, the floor of the
// contact threshold moved by the clipped strides' lower mean). Samples
// under railLo, below the largest value, change nothing and are not
// passed in (push).
func (e *Engine) railSeen(a *[3]float64, t float64) {
	m := max(math.Abs(a[0])*e.railK[0], math.Abs(a[1])*e.railK[1], math.Abs(a[2])*e.railK[2])
	if m < e.railLo {
		return
	}
	held := true
	if !e.foot {
		if m != e.railLast || e.railLastT != e.rateLast {
			// (rateLast: the sample before this one)
			e.railFrom = t
		}
		e.railLast, e.railLastT = m, t
		held = t-e.railFrom >= railPlateau
	}
	switch {
	case m > e.railMax*(1+railTol):
		e.railMax, e.railN, e.railHits, e.railT = m, 1, 1, t
		floor := 0.0 // (a foot's: every new largest value is tracked)
		if !e.foot {
			e.railHits, e.railT = 0, math.Inf(-1) // (not yet a plateau)
			floor = railMin
		}
		e.railLo = max(floor, e.railMax*(1-railTol))
	case m >= e.railMax*(1-railTol) && m >= railMin:
		e.railN++
		if !held {
			return
		}
		if t-e.railT > railApart {
			e.railHits++
		}
		e.railT = t
		if e.railN >= railSamples && e.railHits >= railHits {
			e.layout.ClipAcc, e.railLo = e.railMax, math.Inf(1)
			if !e.foot {
				e.zN, e.zNext, e.zSnapN = 0, 0, 0
			}
		}
	}
}

// railPlateau is how long, s, a waist's sample value must be held to be a
// hit of its saturation rail: unclipped simulated waist runs and walks
// with no noise and no step-to-step variability, read in 0.01 g or 12-bit
// ±16 g steps, held their peaks for up to 10 ms, stride after stride (and
// were read as clipped with 10 ms, not with 15); a sacral part at ±2 g
// holds its rail for 10–80 ms at a time (median 50–60 ms) in stances at
// 2.5–6 m/s.
const railPlateau = 0.02

// repickSpan is how far back, s, before the sign changed the picker runs
// again (see repick); signSettle is how long, s, a new sign must hold
// before it does.
const (
	repickSpan = 3.0
	signSettle = 0.5
)

// repick runs the picker of a foot sensor with a gyro again, with the
// swing's new sign, over the held samples from repickSpan seconds before
// the sign changed (at most back to the start of the bout) to now. The
// sign is only known once the data holds a stride or more of gait: after
// a standing start the warm-up sees a fraction of a stride, often of the
// wrong sign, and the first contacts were picked on the swing's mirror
// image and refused (a shank run after 1.2 s standing lost the two
// contacts before the sign settled). While the sign settles (it may change
// back and forth over the first strides) nothing is picked: a short spell
// of the wrong sign picked again emitted a contact 0.2 s before a true one,
// which the order guard then refused (a review: 4 walks in 19 000 random
// recordings). Contacts found again are emitted once and in order
// (addFoot), up to repickSpan + signSettle late (at most the held history,
// 5 s or more, when the sign keeps changing). The samples before flipAt
// were picked once already: candidates refused there again are not counted
// twice in Stats.Dropped, nor toward footResetDrops; those after it are
// seen for the first time and count.
func (e *Engine) repick(dst []Contact) []Contact {
	e.settling = false
	r0 := max(e.oldest(), e.flipAt-int64(math.Round(repickSpan*e.rate)))
	e.cand, e.havePrev = -1, false
	e.lastPeak = math.MinInt64 / 2
	e.valley, e.prevY, e.prevY2 = math.Inf(1), math.Inf(1), math.Inf(1)
	dropped := e.stats.Dropped
	e.seg.Prime(e.gsign * e.ap.at(r0))
	e.repicking, e.inRepick = true, true
	j := r0
	for ; j < min(e.flipAt, e.n); j++ {
		dst = e.pick(dst, j, e.seg.Process(e.gsign*e.ap.at(j)))
	}
	e.repicking = false
	e.stats.Dropped = dropped
	for ; j < e.n; j++ {
		dst = e.pick(dst, j, e.seg.Process(e.gsign*e.ap.at(j)))
	}
	e.inRepick = false
	return dst
}

// pick runs the causal peak picker on the segmentation signal y at sample i.
// A peak is the largest value at least minDist after the previous peak and
// not exceeded during the following look-ahead; it must rise above the
// adaptive height and prominence thresholds. (sample runs a copy of its
// body in place of the call, TestPickInline; this is the picking again of
// held samples.)
func (e *Engine) pick(dst []Contact, i int64, y float64) []Contact {
	// pickPeak's cases, the common ones here without its call (which
	// made every sample spill pick's arguments): a candidate's
	// look-ahead going on, and no case applying at all
	if e.cand >= 0 && (y > e.candV || i-e.cand < e.look) {
		if y > e.candV {
			e.cand, e.candV, e.postMin = i, y, y
		} else if y < e.postMin {
			e.postMin = y
		}
	} else if d := i - e.lastPeak; e.cand >= 0 || e.deferred >= 0 || d >= e.minDist && y > e.heightTh && y >= e.prevY ||
		e.peakMed.n > 0 && (d > e.forgetRunN || d > e.forgetN) {
		// (each case's first tests)
		dst = e.pickPeak(dst, i, y)
	}
	if e.cand < 0 && y < e.valley {
		e.valley = y
	}
	if e.prevY > e.ghostTh && e.prevY > y && e.prevY >= e.prevY2 && e.cand < 0 && i-1-e.ghost[0] >= e.minDist {
		// a waist's local maximum that started no candidate, over half
		// the height threshold's excess: a peak of a gait the thresholds
		// may be too high for (underRhythm)
		e.ghost = [3]int64{i - 1, e.ghost[0], e.ghost[1]}
		e.ghostV = [3]float64{e.prevY, e.ghostV[0], e.ghostV[1]}
	}
	e.prevY2, e.prevY = e.prevY, y
	return dst
}

// pickPeak is pick's part that follows a candidate peak through its
// look-ahead and confirms it at its end, starts a candidate, forgets what
// the picker learnt after a silence, or replaces a held impact.
func (e *Engine) pickPeak(dst []Contact, i int64, y float64) []Contact {
	if e.cand >= 0 {
		if y > e.candV {
			e.cand, e.candV, e.postMin = i, y, y
		} else if i-e.cand >= e.look {
			c := e.cand
			e.cand = -1
			if e.replacing {
				// a much larger impact soon after a held one: the held
				// peak was not an impact (late swing when the recording
				// starts mid-gait); drop it unrefined
				e.replacing = false
				e.deferred = -1
				e.stats.Dropped++
			}
			if e.candV-e.valley >= e.promTh {
				e.promMed.add(e.candV - e.valley)
				e.lastPeak, e.lastPeakV = c, e.candV
				e.valley = min(e.postMin, y)
				if !e.foot {
					// (searchBack's starting point)
					e.segAt.CopyState(e.segCur)
					e.snapAt, e.snapY = i, [2]float64{y, e.prevY}
				}
				dst = e.confirm(dst, c)
				e.tune()
			}
		} else if y < e.postMin {
			e.postMin = y
		}
	} else if i-e.lastPeak >= e.minDist && y > e.heightTh && y >= e.prevY {
		e.cand, e.candV, e.postMin = i, y, y
	} else if i-e.lastPeak > e.forgetRunN && e.peakMed.n > 0 && e.ranLast() {
		e.forgetRun()
		if !e.foot {
			// the silence's walking peaks, under the run's thresholds,
			// are picked again under the stream start's; then sample i
			dst = e.searchBack(dst, i)
			return e.pickPeak(dst, i, y)
		}
	} else if i-e.lastPeak > e.forgetN && e.peakMed.n > 0 && !e.foot && e.underRhythm(i) {
		e.forgetWalk()
	} else if e.deferred >= 0 && e.deferred == e.lastPeak && y > 3*e.lastPeakV && y > e.heightTh && y >= e.prevY {
		// accelerometer-only foot: an impact three times the held peak,
		// within the minimum distance, replaces it
		e.cand, e.candV, e.postMin, e.replacing = i, y, y, true
	}
	return dst
}

// underRhythm tells whether the last three local maxima of the picker's
// input that did not start a candidate (ghost: under the height threshold,
// or within the minimum distance of a peak) and stood over half the
// threshold's excess over 1 g, all since the last peak confirmed and the
// newest within MaxStep of sample i, came at a step's rhythm: intervals of
// 0.3–1.5 s within 4:3 of each other. (Peaks over the height threshold
// that the prominence threshold refuses are not counted: the rule follows
// a gait under the height threshold, its prominences scaled with it.) A walk slower than the one the
// thresholds were learnt on (a walker slowing from 1.8 to 0.9 m/s: its
// loading peaks 1.17–1.19 g under the faster walk's 1.20 g threshold) was
// missed whole; standing has no such peaks, and turning's are irregular.
func (e *Engine) underRhythm(i int64) bool {
	g := e.ghost
	if g[2] <= e.lastPeak || i-g[0] > e.forgetN {
		return false
	}
	d1, d2 := float64(g[0]-g[1])*e.dt, float64(g[1]-g[2])*e.dt
	return d1 >= 0.3 && d2 >= 0.3 && d1 <= 1.5 && d2 <= 1.5 && max(d1, d2) <= 4.0/3*min(d1, d2)
}

// forgetWalk scales the heights and prominences a walk set down to the
// peaks under them that follow at a step's rhythm (underRhythm): the
// learnt heights' excess over 1 g, and the prominences, by the ratio of
// the new peaks' median excess to the learnt median's. The thresholds so
// follow the slower gait's own peaks; forgetting them for the stream
// start's found a few more of mobgap's contacts on the levelled vertical
// and lost more on one tilted axis (its forward acceleration's bumps then
// passed).
func (e *Engine) forgetWalk() {
	g := e.ghostV
	slices.Sort(g[:])
	if r := (g[1] - 1) / (e.peakMed.median(1) - 1); r > 0 && r < 1 {
		e.peakMed.toward(1, r)
		e.promMed.scale(r)
	}
	e.ghost[2] = e.lastPeak // (underRhythm: once per rhythm)
	e.tune()
}

// ranLast tells whether the contacts before the picker's silence were
// running: most of the last six (the last alone was a walk's at 50 Hz and
// under, whose toe-offs are poor, and a stance cut short read as a walk's).
// Not for a foot's gyroscope: its peaks, mid-swings, keep a walk's over the
// thresholds a run sets.
func (e *Engine) ranLast() bool {
	return !(e.foot && e.gyro) && e.mostRan()
}

// mostRan tells whether most of the last actWindow contacts voted running.
func (e *Engine) mostRan() bool { return 2*bits.OnesCount8(e.actBits) > e.actN }

// vote records a contact's running vote (a flight: ran) among the last
// actWindow.
func (e *Engine) vote(ran bool) {
	e.actBits <<= 1
	if ran {
		e.actBits |= 1
	}
	e.actBits &= 1<<actWindow - 1
	e.actN = min(e.actN+1, actWindow)
}

// forgetRun makes the picker forget what it learnt from a run when no peak
// has been confirmed for 2.5 of the run's steps (a waist; at most MaxStep,
// and searchBack follows) or 2.5 of the run's strides (a foot; at least
// MaxStep, at most two MaxSteps) after running: the heights
// and prominences of the run's loading peaks or impacts, its step, and the
// low point since its last peak (its flight, which would make a walk's
// first peak a run's prominence) — the picker's thresholds are then the
// stream start's; the running vote is kept, and
// follows the next contacts. The run stopped or turned into a walk, and
// its thresholds kept every peak of a walk under them for good (a waist's
// 2.5–3.5 g against a slow walk's 1.2–1.3 g: after 10 s at 3 m/s, no
// contact of a 0.9 m/s walk was found, even after 5 s of standing; an
// accelerometer-only shoe or shank found none of a walk at 0.9 or 1.4
// m/s). A walk's thresholds are kept over its pauses: forgetting them
// found a few more of the first steps of mobgap's daily-life bouts, and
// more contacts made up while turning and standing, whose side labels
// broke the alternation (docs/how-it-works.md).
func (e *Engine) forgetRun() {
	e.peakMed.reset()
	e.promMed.reset()
	e.stepMed.reset()
	e.longSteps = 0
	// the lowest point since the run's last peak, its flight, would make
	// the walk's first peak a run's prominence, and the threshold
	// learnt from it would pass over every later one
	e.valley = math.Inf(1)
	e.tune()
}

// searchBack runs a waist's peak picker again, with the thresholds it has
// just forgotten a run's for (forgetRun), over the samples of the silence
// since the run's last peak, up to sample i (not included). A run
// followed at once by a walk (no slowing, no stop) lost the walk's first
// 2–3 contacts: their loading peaks, 1.2–1.3 g, stood under the run's
// thresholds until the picker forgot them. Contacts found again are
// queued as the picker finds them (the first is emitted when its
// successor is confirmed, 2.5 of the run's steps after the run's last
// peak at the earliest).
func (e *Engine) searchBack(dst []Contact, i int64) []Contact {
	if e.snapAt+1 < e.oldest() {
		return dst // (never: the silence is at most MaxStep)
	}
	// the held samples filtered again from the state after the run's last
	// peak was confirmed (the same input, v·loneK, as sample's), picked
	// from where the signal comes back to 1 g after the run's last stance
	// and flight: that flight, a walk's first valley, would make its first
	// peak a run's prominence, and the threshold learnt from it would pass
	// over the walk's later peaks (after a run, 5 s standing and a walk at
	// 0.9 m/s: all of the walk's contacts but its first were lost)
	re, cur := e.segRe, e.segCur
	re.CopyState(e.segAt)
	y1, y2 := e.snapY[0], e.snapY[1] // the outputs a sample and two back
	e.cand = -1
	e.segCur = re
	phase := 0 // 0: the stance, 1: the flight, 2: picking
	for j := e.snapAt + 1; j < i; j++ {
		y := re.Process(e.av.at(j) * e.loneK)
		if phase == 0 && y < 1 {
			phase = 1
		}
		if phase == 1 && y >= 1 {
			phase = 2
			e.prevY2, e.prevY = y2, y1
		}
		if phase == 2 {
			dst = e.pick(dst, j, y)
		} else {
			y2, y1 = y1, y
		}
	}
	if cur == re {
		// a search back within one (a peak it found, then a silence of
		// 2.5 of the run's steps again): the outer search goes on from
		// sample i, whose output it has read, with this filter, and
		// takes its snapshots from it
		re.Process(e.av.at(i) * e.loneK)
	}
	e.segCur = cur
	return dst
}

// tune recomputes the picker's adaptive parameters from the medians of the
// recent steps; it runs once per confirmed peak, not per sample.
func (e *Engine) tune() {
	step := e.stepMed.median(0)
	maxDist := 0.45
	if !e.foot && e.mostRan() {
		// running: one loading hump a step, and a step lasts 0.27 s or
		// more (220 steps/min). A median of two steps (the runner's first
		// steps off a standstill missed, or every other one) set a
		// minimum distance over one step, and every other contact was
		// then passed over for the whole trial (a sacral run started
		// standing: recall 0.5, cadence −82)
		maxDist = 0.25
	}
	e.minDist = int64(math.Round(e.rate * clamp(0.6*step, e.cfg.MinStep, maxDist)))
	// look-ahead: enough to refine the contact (running FC, or the other
	// foot's toe-off after a walking IC), short enough to emit each contact
	// within one stride
	e.look = int64(math.Round(e.rate * clamp(0.3*step, 0.08, 0.4)))
	if step == 0 {
		e.minDist = int64(e.rate * e.cfg.MinStep)
		e.look = int64(e.rate * 0.15)
	}
	if e.foot && e.stepMed.n < 3 {
		// the first strides of a bout: one missed impact or mid-swing
		// would make the first interval, and so the median, two strides,
		// and the minimum distance then passes over every other one for
		// good; the windows stay at their defaults until three strides
		// are known (a waist has the running cap above instead)
		step = 0
	}
	if e.foot {
		// one peak per stride (step is half a stride here)
		e.minDist = int64(math.Round(e.rate * clamp(1.2*step, 0.4, 2.0)))
		if !e.gyro && e.mostRan() {
			// running: a stride lasts 0.55 s or more (220 steps/min); a
			// walk's stride (1.1 s: 0.66 s apart at least) passed over
			// every other stride of the run that followed, and the
			// doubled strides kept the median a walk's
			e.minDist = min(e.minDist, int64(math.Round(0.45*e.rate)))
		}
		e.look = int64(math.Round(e.rate * clamp(0.3*step, 0.1, 0.5)))
		if !e.gyro {
			// accelerometer only: the look-ahead spans the terminal
			// swing (0.35 stride), whose deceleration transient comes
			// up to ~0.3 s before the impact in fast walking; the
			// impact, with more high-frequency energy, must be able to
			// supersede it (0.15 stride let the transient win, then
			// the minimum distance blocked the impact)
			e.look = int64(math.Round(e.rate * clamp(0.7*step, 0.1, 0.5)))
		}
		if step == 0 {
			e.minDist = int64(e.rate * 0.4)
			e.look = int64(e.rate * 0.15)
			if !e.gyro {
				// no stride yet: wait long enough that a late-swing cusp
				// is superseded by the larger impact that follows it
				e.look = int64(e.rate * 0.45)
			}
		}
		if e.gyro && e.stepMed.n > 0 && e.swingLag.n > 0 {
			// a contact comes out when the mid-swing after it is
			// confirmed, at the end of this look-ahead: within one
			// stride of its IC when the look-ahead is no longer than
			// the shortest recent stride less the longest recent lag
			// of that mid-swing behind the IC (walking, 0.15 stride
			// after a mid-swing 0.9 stride after the IC: 51–72 % of a
			// walk's contacts came out 1.00–1.11 strides after their
			// IC, TestGyroFootWalkLatency; from the first stride known,
			// whose default look-ahead, 0.15 s, did the same)
			budget := 2*e.stepMed.sorted[0] - e.swingLag.sorted[e.swingLag.n-1]
			e.look = min(e.look, max(1, int64(e.rate*budget)))
		}
	}
	e.forgetRunN = e.forgetN
	if !e.foot && step > 0 && e.mostRan() {
		// a waist's run: a silence of 2.5 of its steps is a stop or a
		// walk (a step missed leaves a silence of two)
		e.forgetRunN = min(e.forgetN, int64(math.Ceil(e.rate*2.5*step)))
	}
	if e.foot && step > 0 {
		// a run's stride is 0.9 s or less: a silence of 2.5 of them
		// (and MaxStep) is a stop or a walk, whose impacts a foot's
		// thresholds learnt running pass over (a shank running at
		// 5.5 m/s, then walking at 1.4 m/s, missed the walk's first
		// three contacts waiting for two MaxSteps; two strides made
		// up a contact in an accelerometer-only shoe's run at 100 Hz
		// that misses some impacts, TestFootAccOnlyRates)
		e.forgetRunN = min(e.forgetN, int64(math.Ceil(e.rate*max(e.cfg.MaxStep, 5*step))))
	}
	e.setThresholds()
}

// setThresholds sets the picker's height and prominence thresholds from
// what it has learnt, and a waist's ghost threshold: half the height
// threshold's excess over 1 g (+Inf for a foot: the first test of pick's
// ghost, per sample).
func (e *Engine) setThresholds() {
	e.heightTh, e.promTh = e.heightThreshold(), e.promThreshold()
	e.ghostTh = math.Inf(1)
	if !e.foot {
		e.ghostTh = 1 + 0.5*(e.heightTh-1)
	}
}

func (e *Engine) heightThreshold() float64 {
	switch {
	case e.foot && e.gyro:
		// rad/s: mid-swing peaks are several rad/s
		return max(1.0, 0.3*e.peakMed.median(0))
	case e.foot:
		// impact energy, g²
		return max(0.02, 0.3*e.peakMed.median(0))
	}
	return 1 + max(0.04, 0.3*(e.peakMed.median(1)-1))
}

func (e *Engine) promThreshold() float64 {
	switch {
	case e.foot && e.gyro:
		return max(0.8, 0.3*e.promMed.median(0))
	case e.foot:
		return max(0.02, 0.3*e.promMed.median(0))
	}
	return max(0.06, 0.3*e.promMed.median(0))
}

// clamp limits x to [lo, hi]; NaN stays NaN. (Comparisons rather than
// math.Max/Min, which are calls on amd64 and run per contact.)
func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// perContact sets the windows and layout tests a contact's refinement
// reads, which the rate and layout fix: found once, not on every contact.
func (e *Engine) perContact() {
	e.segLag = int64(math.Round(e.segDelay))
	e.bridgeN = int(math.Ceil(0.012 * e.rate))
	e.impactN = int64(math.Ceil(0.05 * e.rate))
	e.riseN = max(1, int64(math.Round(0.02*e.rate)))
	e.nearN = int64(math.Ceil(0.05 * e.rate))
	e.sideAccN = int64(math.Round(0.1 * e.rate))
	e.voSub = max(1, int(math.Ceil(voRate/e.rate)))
	l := &e.layout
	e.sideYaw = e.gyro && (l.Frame == sensor.FrameSensor || l.Gyr[sensor.AxisV])
	e.sideAccSensor = l.Frame == sensor.FrameSensor && l.AccAxes() == 3
	e.sideAccAnatomical = l.Frame == sensor.FrameAnatomical && l.Acc[sensor.AxisML]
}

// oldest returns the oldest sample index still held for analysis.
func (e *Engine) oldest() int64 {
	o := e.n - int64(len(e.av.buf)) + 1
	if o < 0 {
		return 0
	}
	return o
}

// confirm refines the contact belonging to the segmentation peak at index c.
func (e *Engine) confirm(dst []Contact, c int64) []Contact {
	e.peakMed.add(e.candV)
	if e.foot && !e.gyro {
		// accelerometer only: the peak is an impact, and toe-off shows
		// only at the start of the swing, 0.3–0.65 stride later. Refine
		// the previous impact now that the next one bounds its stride,
		// and hold this one until it is bounded or old enough.
		if e.deferred >= 0 {
			dst = e.confirmFoot(dst, e.deferred, c-int64(0.05*e.rate))
		}
		e.deferred = c
		return dst
	}
	if e.foot {
		return e.confirmFoot(dst, c, e.n)
	}
	return e.confirmWaist(dst, c)
}

// filtered returns the zero-phase filtered copy of channel r over [from, to) in
// e.x1 (the slice is reused).
func (e *Engine) filtered(r *ring, lp *dsp.ZeroPhase, from, to int64, dst []float64) []float64 {
	raw := r.view(e.x2, from, to) // Apply copies its input before writing dst
	if to-from < 16 || lp == nil {
		return append(dst[:0], raw...)
	}
	return lp.Apply(dst[:len(raw)], raw)
}

// addPending queues a contact; the previous one becomes final now that its
// successor's IC is known.
func (e *Engine) addPending(dst []Contact, pc pending) []Contact {
	if e.foot {
		return e.addFoot(dst, pc)
	}
	if k := len(e.pend); k > 0 && e.pend[k-1].edge {
		// the contact the data started on: its IC is its loading peak
		// less this one's lag of the peak behind IC; one that began
		// more than 20 ms before the data is not kept (its IC unknown)
		p := &e.pend[k-1]
		ic := p.peak - (pc.peak - pc.icIdx)
		if pc.edge || math.IsNaN(ic) || ic < -0.02*e.rate || (pc.icIdx-max(ic, 0))*e.dt < e.cfg.MinStep*0.8 {
			e.pend = e.pend[:k-1]
			e.stats.Dropped++
		} else {
			p.icIdx, p.edge = max(ic, 0), false
		}
	}
	if k := len(e.pend); k > 0 && (pc.icIdx-e.pend[k-1].icIdx)*e.dt > e.cfg.MaxStep {
		dst = e.pauseEnded(dst) // a pause: the previous bout ended
	}
	if k := len(e.pend); k > 0 {
		d := (pc.icIdx - e.pend[k-1].icIdx) * e.dt
		if d < e.cfg.MinStep*0.8 {
			// duplicate detection of the same contact: keep the earlier one
			e.stats.Dropped++
			return dst
		}
		if d <= e.cfg.MaxStep {
			e.addStep(d)
			e.raw[e.nRaw%len(e.raw)] = d
			e.nRaw++
		}
	}
	e.pend = append(e.pend, pc)
	e.lastFound = pc.icIdx
	e.pendDue = pc.icIdx + (e.cfg.MaxStep+confirmLag)*e.rate
	// emit all but the newest: a walking contact's toe-off was assigned
	// while its successor was being refined
	for len(e.pend) > 1 {
		dst = e.emit(dst, 0, &e.pend[1])
		copy(e.pend, e.pend[1:])
		e.pend = e.pend[:len(e.pend)-1]
	}
	return dst
}

// addFoot emits a contact of a one-foot sensor at once: its Step is half
// the stride that ends at its IC.
func (e *Engine) addFoot(dst []Contact, pc pending) []Contact {
	pc.step = math.NaN()
	// contacts go out in time order, each once: after the swing's sign
	// flips or the stride estimate is forgotten (havePrev cleared in a
	// bout), a first-stride window can reach back past contacts already
	// emitted (a review: 1.650 s after 3.175 s, one IC twice)
	if e.haveFootIC && (pc.icIdx-e.lastFootIC)*e.dt < e.footGap() {
		if e.inRepick && math.Abs(pc.icIdx-e.lastFootIC)*e.dt < 0.8*e.cfg.MinStep {
			// the last contact emitted, found again with the new sign:
			// not a refusal; it is the previous contact of the next one
			// (its Step and Flight were lost), with its mid-swing read
			// the right way
			e.prevFoot, e.havePrev = pc, true
			return dst
		}
		e.stats.Dropped++
		return dst
	}
	if e.havePrev {
		d := (pc.icIdx - e.prevFoot.icIdx) * e.dt / 2
		if d < e.cfg.MinStep*0.8 {
			e.stats.Dropped++
			return dst
		}
		if d <= e.cfg.MaxStep && !e.lostInHole(e.prevFoot.icIdx, pc.icIdx, d) {
			pc.step = d
			e.addStep(d)
		}
	}
	e.prevFoot, e.havePrev = pc, true
	e.lastFootIC, e.haveFootIC = pc.icIdx, true
	if e.gyro {
		e.stopDue = pc.center + int64(footStopWait*e.rate)
		e.swingLag.add((float64(pc.center) + math.Round(e.segDelay) - pc.icIdx) * e.dt)
	}
	e.pend = append(e.pend[:0], pc)
	dst = e.emit(dst, 0, nil)
	e.pend = e.pend[:0]
	return dst
}

// missedStep: a step interval this many times the median step or more
// usually spans a missed contact.
const missedStep = 1.6

// lostInHole tells whether a step from IC index a to IC index b, step
// seconds long, spans a bridged hole and is long enough (missedStep) to
// have lost a contact in it.
func (e *Engine) lostInHole(a, b, step float64) bool {
	m := e.stepMed.median(0)
	if m == 0 || step < missedStep*m {
		return false
	}
	return e.holeIn(a, b)
}

// holeIn tells whether a bridged hole lies between sample indexes a and b.
func (e *Engine) holeIn(a, b float64) bool {
	ta, tb := e.t0+a*e.dt, e.t0+b*e.dt
	for k := range min(e.nHoles, len(e.holes)) {
		if h := e.holes[k]; h[1] > ta && h[0] < tb {
			return true
		}
	}
	return false
}

// addStep records a step interval, s. An interval over 1.6 times the
// median usually spans a missed contact; it is left out unless three in a
// row say the gait really slowed, so misses cannot drift the median up
// until every other contact is skipped.
func (e *Engine) addStep(d float64) {
	if m := e.stepMed.median(0); m > 0 && d > missedStep*m {
		e.longSteps++
		if e.longSteps < 3 {
			return
		}
	}
	e.longSteps = 0
	e.stepMed.add(d)
}

func (e *Engine) flushPending(dst []Contact) []Contact {
	if k := len(e.pend); k > 0 && e.pend[k-1].edge {
		// no contact came after the one the data started on: its IC is
		// not known
		e.pend = e.pend[:k-1]
		e.stats.Dropped++
	}
	for k := range e.pend {
		var next *pending
		if k+1 < len(e.pend) {
			next = &e.pend[k+1]
		}
		dst = e.emit(dst, k, next)
	}
	e.pend = e.pend[:0]
	return dst
}

// emit finalises pending contact k (next may be nil) and appends it.
func (e *Engine) emit(dst []Contact, k int, next *pending) []Contact {
	p := &e.pend[k]
	c := p.c
	c.IC = e.t0 + p.icIdx*e.dt
	c.FC = math.NaN()
	c.GCT = math.NaN()
	if !math.IsNaN(p.fcIdx) {
		c.FC = e.t0 + p.fcIdx*e.dt
		c.GCT = c.FC - c.IC
	}
	c.Step, c.Flight, c.VO, c.Braking = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	c.PeakDecel, c.LoadingRate, c.Pitch, c.Roll, c.Yaw = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	c.StrikeAngle, c.HarmonicRatio, c.StepReg, c.StrideReg = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	c.Turn, c.PeakRate = math.NaN(), math.NaN()
	if e.foot {
		c.Step = p.step
		if !math.IsNaN(c.GCT) {
			c.Flight = max(0, c.Step-c.GCT)
		}
		// duty factor: running has a flight phase, GCT < half a stride
		switch {
		case e.cfg.Activity != Unknown:
			c.Activity = e.cfg.Activity
		case math.IsNaN(c.Step) || math.IsNaN(c.GCT):
			c.Activity = e.footAct // as the contacts before it
		case c.GCT < c.Step:
			c.Activity = Running
		default:
			c.Activity = Walking
		}
		if e.footAct != Unknown && c.Activity != e.footAct {
			e.icStale = true // a new gait: the next lag found replaces the old ones
			e.icImp.reset()
			if e.gyro {
				// and a new stride: the median takes strides over 1.6
				// times its own in only three at a time, so a walk after
				// a run kept the run's for 15 strides, whose windows
				// held no previous mid-swing (refineFoot). (Not without
				// a gyroscope: its toe-offs, and so its activity, are
				// poor at 50 Hz and under.)
				e.stepMed.reset()
				e.longSteps = 0
			}
		}
		e.footAct = c.Activity
		// a foot's running vote, as a waist's (ranLast, tune), on what
		// the contact measured even when the activity is forced (the
		// picker must still forget a run the data holds)
		if !math.IsNaN(c.Step) && !math.IsNaN(c.GCT) {
			e.footRan = c.GCT < c.Step
		}
		e.vote(e.footRan)
	} else if next != nil {
		if d := (next.icIdx - p.icIdx) * e.dt; d <= e.cfg.MaxStep && !e.lostInHole(p.icIdx, next.icIdx, d) {
			c.Step = d
			if !math.IsNaN(c.GCT) {
				c.Flight = max(0, d-c.GCT)
			}
			if !e.foot {
				c.VO = e.vo(p.icIdx, next.icIdx)
			}
		}
	}
	if !e.foot && e.layout.Frame == sensor.FrameSensor && e.single < 0 {
		e.learnHeading(p.icIdx)
	}
	if e.tilt && e.layout.Acc[sensor.AxisAP] {
		e.checkAP(p.icIdx)
	}
	e.measure(&c, p)
	e.form(&c, p, next)
	if e.gyro {
		// run-level plausibility of the placement, sampled on one contact
		// in 8: those whose count hashes (Fibonacci hashing) to 0 in its
		// top 3 bits — every 8th would fall on one parity, all on one kind
		// of contact where a wrong placement makes them alternate
		if e.nRate++; (uint64(e.nRate)*0x9E3779B97F4A7C15)>>61 == 0 {
			c.PeakRate = e.stepPeakRate(p, next, c.Step)
		}
	}
	if !e.foot {
		skip := 1
		if st := e.stepMed.median(0); st > 0 && e.lastIC > 0 {
			skip = int(clamp(math.Round((p.icIdx-e.lastIC)*e.dt/st), 1, 3))
		}
		yaw, ml := e.sideFeatures(p.icIdx, c.Step, false)
		// the next contact's evidence, where its windows are already
		// held: it joins the alternation vote of this one
		nyaw, nml, nskip := math.NaN(), math.NaN(), 0
		if next != nil {
			nyaw, nml = e.sideFeatures(next.icIdx, c.Step, true)
			nskip = 1
			if st := e.stepMed.median(0); st > 0 {
				nskip = int(clamp(math.Round((next.icIdx-p.icIdx)*e.dt/st), 1, 3))
			}
		}
		c.Side, c.SideConf = e.side.add(yaw, ml, skip, nyaw, nml, nskip)
		e.lastIC = p.icIdx
	}
	e.stats.Contacts++
	if c.Clipped {
		e.stats.Clipped++
	}
	return append(dst, c)
}

// mean averages ring r over [a, b), clamped to the samples held.
func (e *Engine) mean(r *ring, a, b int64) float64 {
	a, b = max(a, e.oldest()), min(b, e.n)
	if b <= a {
		return math.NaN()
	}
	// four partial sums (sum): independent additions instead of one
	// chain of them (a step's window is 50–200 samples, several per
	// contact), over the buffer itself where the window does not wrap
	return sum(r.view(e.winMean, a, b)) / float64(b-a)
}
