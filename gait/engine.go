package gait

import (
	"errors"
	"fmt"
	"math"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

// Config sets up an Engine. The zero value of each field selects a default;
// every threshold the detectors use is a field here.
type Config struct {
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
	// runner's own flight level (never below free fall, 0 g) and stance
	// peak of vertical acceleration: th = L + f·(P − L) (default 0.08).
	ContactFraction float64
	// FlightLevel, g: a step whose smoothed vertical acceleration falls
	// below this level after its stance has a flight phase (default 0.45).
	FlightLevel float64
	// MinStep and MaxStep bound the step interval, s (defaults 0.2 and 1.5).
	MinStep, MaxStep float64
}

func (c *Config) defaults(rate float64) error {
	if c.Rate == 0 {
		c.Rate = rate
	}
	if c.Rate < 20 || c.Rate > 2000 || math.IsNaN(c.Rate) {
		return fmt.Errorf("gait: sample rate %.4g Hz out of range 20–2000 Hz", c.Rate)
	}
	if c.MaxGap == 0 {
		c.MaxGap = math.Max(0.25, 5/c.Rate)
	}
	if c.ContactFraction == 0 {
		c.ContactFraction = 0.08
	}
	if c.FlightLevel == 0 {
		c.FlightLevel = 0.45
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
	if c.MinStep >= c.MaxStep {
		return errors.New("gait: MinStep must be below MaxStep")
	}
	return nil
}

// Stats counts what the engine saw.
type Stats struct {
	Samples  int64 // input samples pushed
	Rejected int64 // input samples refused (timestamps not increasing)
	Gaps     int64 // holes longer than MaxGap (each resets the detector)
	Contacts int64 // contacts emitted
	Dropped  int64 // candidate contacts rejected (no valid IC/FC found)
	Clipped  int64 // contacts during which the accelerometer saturated
	// MeanVertical is the mean of the detector's vertical channel, g: about
	// 1 for a right vertical axis (waist) or |a| (foot).
	MeanVertical float64
}

// pending is a contact found but not yet emitted (its step needs the next IC).
type pending struct {
	c      Contact
	step   float64 // s, when known at detection (foot placements), else NaN
	icIdx  float64 // fractional sample index of IC
	fcIdx  float64
	center int64 // stance hump or mid-swing index
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

	grav *dsp.Gravity
	rot  dsp.Rotation
	// horizontal axes: ap/ml rings hold h1, h2; AP = fwd·h, ML = right·h.
	// Anatomical frames: h = (AP, ML) with fwd = (1,0), right = (0,1).
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

	nEmitted        int64   // contacts emitted, for the periodic measures
	prevEmitIC      float64 // index of the previous emitted contact's IC, or -1
	stepReg, strReg float64 // last autocorrelation regularity (NaN until computed)
	hrLast          float64 // last harmonic ratio
	single          int     // index of the only acc axis, or -1

	// gyro principal axis (foot placements)
	gcov   [3][3]float64
	gaxis  [3]float64
	gskew  float64 // sign evidence of the sagittal gyro, see sagittal
	gsign  float64 // current swing sign, ±1 (the ap ring holds the raw projection)
	gpeak  float64
	quiet  int // samples of the current quiet spell (shoe)
	galpha float64

	n      int64 // samples since the last reset
	t0     float64
	av, ap ring // vertical and forward specific force, g (waist); |a| and sagittal gyro (foot)
	ml     ring
	yaw    ring // rate of turn about the vertical, rad/s (waist)
	clip   ring
	side   sider
	lastIC float64 // index of the last emitted contact's IC, for side parity

	seg      *dsp.Cascade
	hp       *dsp.Cascade // impact energy high-pass (foot, accelerometer only)
	segDelay float64      // samples
	lpFine   *dsp.ZeroPhase
	lpWalk   *dsp.ZeroPhase
	x1, x2   []float64
	x3       []float64

	// peak picker on the segmentation signal
	cand     int64
	deferred int64 // impact waiting for its toe-off (foot, accelerometer only), or -1
	candV    float64
	lastPeak int64
	valley   float64
	postMin  float64
	prevY    float64

	// adaptive picker parameters, see tune
	minDist, look    int64
	heightTh, promTh float64

	stepMed, peakMed, minMed, promMed medianRing
	nRun, nWalk                       int

	pend []pending

	sumV float64 // Σ vertical channel, g, for Stats.MeanVertical
	nV   int64

	prevFoot pending // last contact of a one-foot sensor, when havePrev
	havePrev bool
	stats    Stats
}

// ErrLayout is returned by New when the layout has no usable channel for
// the placement.
var ErrLayout = errors.New("gait: layout has no usable channel")

// New returns an Engine for a stream with the given layout. The layout's
// Rate (or cfg.Rate) must be known; readers estimate it from timestamps.
func New(cfg Config, layout sensor.Layout) (*Engine, error) {
	if err := cfg.defaults(layout.Rate); err != nil {
		return nil, err
	}
	if layout.AccAxes() == 0 {
		return nil, fmt.Errorf("%w: no accelerometer axis", ErrLayout)
	}
	foot := cfg.Placement == Shoe || cfg.Placement == Shank
	if !foot && layout.Frame == sensor.FrameAnatomical && !layout.Acc[sensor.AxisV] {
		return nil, fmt.Errorf("%w: waist placement needs the vertical axis (acc_v)", ErrLayout)
	}
	e := &Engine{cfg: cfg, layout: layout, rate: cfg.Rate, dt: 1 / cfg.Rate, foot: foot, gyro: layout.HasGyro(), single: -1}
	var err error
	if e.res, err = dsp.NewResampler(e.rate, cfg.MaxGap); err != nil {
		return nil, err
	}
	e.rbuf = make([]sensor.Sample, 0, 64+int(cfg.MaxGap*e.rate))
	if layout.Frame == sensor.FrameSensor && layout.AccAxes() == 1 {
		for i, ok := range layout.Acc {
			if ok {
				e.single = i
			}
		}
	}
	warm := 0.5
	if foot && layout.HasGyro() {
		warm = 1.5 // long enough to see a foot-flat and fix the gyro sign
	}
	e.warm = make([]sensor.Sample, 0, int(warm*e.rate)+1)
	e.grav = dsp.NewGravity(e.rate, 4)
	e.galpha = 1 - math.Exp(-1/(5*e.rate))
	capN := int(5 * e.rate)
	e.av, e.ap, e.ml, e.clip, e.yaw = newRing(capN), newRing(capN), newRing(capN), newRing(capN), newRing(capN)
	if e.gyro && !foot {
		e.gxl, e.gyl = newRing(capN), newRing(capN)
	}
	e.stepReg, e.strReg, e.hrLast = math.NaN(), math.NaN(), math.NaN()
	e.x1, e.x2, e.x3 = make([]float64, capN), make([]float64, capN), make([]float64, capN)
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
	if e.nV > 0 {
		st.MeanVertical = e.sumV / float64(e.nV)
	}
	return st
}

func (e *Engine) reset(t0 float64) {
	e.n = 0
	e.t0 = t0
	e.warm = e.warm[:0]
	e.warmed = false
	e.seg.Reset()
	e.cand = -1
	e.deferred = -1
	e.havePrev = false
	e.lastPeak = math.MinInt64 / 2
	e.valley = math.Inf(1)
	e.prevY = math.Inf(1)
	e.stepMed.reset()
	e.peakMed.reset()
	e.minMed.reset()
	e.promMed.reset()
	e.nRun, e.nWalk = 0, 0
	e.side.reset()
	e.lastIC = 0
	e.prevEmitIC = -1
	e.tune()
}

// Push adds one sample and appends to dst the contacts that became final.
// It returns dst. Push does not allocate when dst has spare capacity.
func (e *Engine) Push(dst []Contact, s sensor.Sample) []Contact {
	e.stats.Samples++
	if e.res.OnGrid(&s) {
		return e.process(dst, &s)
	}
	out, gap, err := e.res.Push(e.rbuf[:0], s)
	e.rbuf = out[:0]
	if err != nil {
		e.stats.Rejected++
		return dst
	}
	if gap {
		e.stats.Gaps++
		dst = e.flushPending(dst)
		if len(out) > 0 {
			e.reset(out[0].T)
		} else {
			e.reset(s.T)
		}
	}
	for i := range out {
		dst = e.process(dst, &out[i])
	}
	return dst
}

// Flush ends the stream: contacts still waiting for their successor are
// emitted (with Step and Flight unknown) and appended to dst.
func (e *Engine) Flush(dst []Contact) []Contact {
	if !e.warmed && len(e.warm) > 0 {
		dst = e.startFromWarm(dst)
	}
	if e.cand >= 0 {
		dst = e.confirm(dst, e.cand)
		e.cand = -1
	}
	if e.deferred >= 0 {
		// the recording ended before this impact's swing: its toe-off is
		// not in the data, so the contact is cut by the end (dropped)
		if e.swingSeen(e.deferred) {
			dst = e.confirmFoot(dst, e.deferred, e.n)
		} else {
			e.stats.Dropped++
		}
		e.deferred = -1
	}
	dst = e.flushPending(dst)
	e.res.Reset()
	e.reset(0)
	return dst
}

func (e *Engine) process(dst []Contact, s *sensor.Sample) []Contact {
	if !e.warmed {
		if len(e.warm) == 0 {
			e.t0 = s.T
		}
		e.warm = append(e.warm, *s)
		if len(e.warm) < cap(e.warm) {
			return dst
		}
		return e.startFromWarm(dst)
	}
	return e.sample(dst, s)
}

// startFromWarm primes the orientation estimate with the mean of the
// warm-up samples and then runs them through the detector.
func (e *Engine) startFromWarm(dst []Contact) []Contact {
	var m [3]float64
	for _, s := range e.warm {
		for k := 0; k < 3; k++ {
			m[k] += s.Acc[k]
		}
	}
	for k := range m {
		m[k] /= float64(len(e.warm))
	}
	e.grav.Prime(m)
	e.rot = dsp.RotateToUp(e.grav.Up())
	if !e.haveRef {
		e.setLeanRef(m)
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

// setLeanRef records the lean reference from the first warm-up, mean
// acceleration m: a standing calibration when the sensor was still (the
// spread of |a| below 0.03 g).
func (e *Engine) setLeanRef(m [3]float64) {
	e.haveRef = true
	mn := norm(m)
	if mn == 0 {
		e.haveRef = false
		return
	}
	var sd float64
	for _, s := range e.warm {
		d := norm(s.Acc) - mn
		sd += d * d
	}
	sd = math.Sqrt(sd / float64(len(e.warm)))
	e.calibrated = sd < 0.03*sensor.G0 && len(e.warm) >= int(0.25*e.rate)
	e.gRef = [3]float64{m[0] / mn, m[1] / mn, m[2] / mn}
	if e.layout.Frame == sensor.FrameAnatomical {
		e.apRef = m[sensor.AxisAP] / sensor.G0
	}
}

// vertical returns the first channel of the detector in g, without updating
// orientation state (used to prime filters).
func (e *Engine) vertical(s sensor.Sample) float64 {
	if e.foot {
		return norm(s.Acc) / sensor.G0
	}
	if e.layout.Frame == sensor.FrameAnatomical {
		return s.Acc[sensor.AxisV] / sensor.G0
	}
	if e.single >= 0 {
		return math.Abs(s.Acc[e.single]) / sensor.G0
	}
	return e.rot.Apply(s.Acc)[2] / sensor.G0
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
	var y float64
	if e.foot {
		a := norm(s.Acc) / sensor.G0
		p := e.sagittal(s.Gyr) // raw projection; the ring keeps it unsigned
		g := e.gsign * p
		if sg := e.swingSign(); sg != e.gsign {
			// the evidence changed the swing's sign: restart the picker
			e.gsign = sg
			g = sg * p
			e.seg.Prime(g)
			e.cand, e.havePrev = -1, false
		}
		e.av.set(i, a)
		e.ap.set(i, p)
		if e.gyro {
			y = g
		} else {
			// impacts stand out by their high-frequency energy; the swing's
			// centripetal hump is as large but slow
			h := e.hp.Process(a)
			y = h * h
		}
	} else {
		var v, f, l, yw float64
		switch {
		case e.layout.Frame == sensor.FrameAnatomical:
			v, f, l, yw = s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0]
			if e.gyro {
				e.gxl.set(i, s.Gyr[sensor.AxisAP])
				e.gyl.set(i, s.Gyr[sensor.AxisML])
			}
		case e.single >= 0:
			v = s.Acc[e.single]
			if e.grav.Up()[e.single] < 0 {
				v = -v
			}
		default:
			e.grav.Push(s.Acc)
			if i&63 == 0 {
				e.rot = dsp.RotateToUp(e.grav.Up())
			}
			a := e.rot.Apply(s.Acc)
			v = a[2]
			if e.gyro {
				w := e.rot.Apply(s.Gyr)
				yw = w[2]
				e.gxl.set(i, w[0])
				e.gyl.set(i, w[1])
			}
			// levelled horizontal components; forward within them is
			// estimated from the contacts (see learnHeading)
			f, l = a[0], a[1]
		}
		v *= 1 / sensor.G0
		e.av.set(i, v)
		e.ap.set(i, f*(1/sensor.G0)) // AP, or levelled x in the sensor frame
		e.ml.set(i, l*(1/sensor.G0)) // ML, or levelled y
		if e.gyro {
			e.yaw.set(i, yw)
		}
		y = v
	}
	e.sumV += e.av.at(i)
	e.nV++
	if e.layout.ClipAcc > 0 {
		c := 0.0
		if e.clipped(s) {
			c = 1
		}
		e.clip.set(i, c)
	}
	y = e.seg.Process(y)
	e.n++
	if e.deferred >= 0 {
		dst = e.deferredDue(dst)
	}
	return e.pick(dst, i, y)
}

// sagittal projects the gyro on its principal axis (the sagittal axis of a
// foot or shank) and returns it signed so that the swing is positive.
//
// The sign rule depends on the segment (see signEvidence): on a shank the
// mid-swing peak is the largest excursion of a stride (Aminian 2002,
// Purcell 2006), while on a foot the push-off dip can be deeper, but the
// swing is the longest single-signed lobe because foot-flat keeps the
// stance excursions short.
func (e *Engine) sagittal(w [3]float64) float64 {
	if !e.layout.HasGyro() {
		return 0
	}
	a := e.galpha
	for r := 0; r < 3; r++ {
		for c := r; c < 3; c++ {
			e.gcov[r][c] += a * (w[r]*w[c] - e.gcov[r][c])
		}
	}
	if e.n&63 == 0 {
		e.updateGyroAxis()
	}
	p := w[0]*e.gaxis[0] + w[1]*e.gaxis[1] + w[2]*e.gaxis[2]
	e.signEvidence(p, a)
	return p
}

// swingSign is the sign that makes the swing positive: +1 or −1.
func (e *Engine) swingSign() float64 {
	if e.gskew < 0 {
		return -1
	}
	return 1
}

// signEvidence updates gskew, whose sign is the swing's, with weight a.
// Shank: the exponentially weighted third moment of the rate. Shoe: the
// foot is still while flat on the ground, and the first large excursion
// (beyond 30 % of the recent peak) after such a quiet spell (|rate| below
// 10 % of the peak for 60 ms) is the push-off, which turns the foot the
// other way than the swing; each counts one vote against its own sign.
func (e *Engine) signEvidence(p, a float64) {
	if e.cfg.Placement == Shank {
		e.gskew += a * (p*p*p - e.gskew)
		return
	}
	e.gpeak = math.Max(math.Abs(p), e.gpeak*(1-a))
	switch {
	case math.Abs(p) < 0.1*e.gpeak:
		e.quiet++
	case math.Abs(p) > 0.3*e.gpeak:
		if float64(e.quiet) >= 0.06*e.rate {
			if p > 0 {
				e.gskew--
			} else {
				e.gskew++
			}
		}
		e.quiet = 0
	}
}

func (e *Engine) primeGyroAxis() {
	e.gcov = [3][3]float64{}
	for _, s := range e.warm {
		w := s.Gyr
		for r := 0; r < 3; r++ {
			for c := r; c < 3; c++ {
				e.gcov[r][c] += w[r] * w[c] / float64(len(e.warm))
			}
		}
	}
	e.gaxis = [3]float64{1, 1, 1}
	for k := 0; k < 8; k++ {
		e.updateGyroAxis()
	}
	e.gskew, e.gpeak, e.quiet = 0, 0, 0
	defer func() { e.gsign = e.swingSign() }()
	for _, s := range e.warm {
		e.gpeak = math.Max(e.gpeak, math.Abs(s.Gyr[0]*e.gaxis[0]+s.Gyr[1]*e.gaxis[1]+s.Gyr[2]*e.gaxis[2]))
	}
	for _, s := range e.warm {
		// the warm-up second counts as a plain average
		e.signEvidence(s.Gyr[0]*e.gaxis[0]+s.Gyr[1]*e.gaxis[1]+s.Gyr[2]*e.gaxis[2], 1/float64(len(e.warm)))
	}
}

// updateGyroAxis does power iterations on the gyro covariance.
func (e *Engine) updateGyroAxis() {
	c := e.gcov
	v := e.gaxis
	if v == [3]float64{} {
		v = [3]float64{1, 1, 1}
	}
	for it := 0; it < 4; it++ {
		var u [3]float64
		for r := 0; r < 3; r++ {
			for k := 0; k < 3; k++ {
				if k >= r {
					u[r] += c[r][k] * v[k]
				} else {
					u[r] += c[k][r] * v[k]
				}
			}
		}
		n := norm(u)
		if n == 0 {
			return
		}
		v = [3]float64{u[0] / n, u[1] / n, u[2] / n}
	}
	e.gaxis = v
}

// pick runs the causal peak picker on the segmentation signal y at sample i.
// A peak is the largest value at least minDist after the previous peak and
// not exceeded during the following look-ahead; it must rise above the
// adaptive height and prominence thresholds.
func (e *Engine) pick(dst []Contact, i int64, y float64) []Contact {
	if e.cand >= 0 {
		if y > e.candV {
			e.cand, e.candV, e.postMin = i, y, y
		} else if i-e.cand >= e.look {
			c := e.cand
			e.cand = -1
			if e.candV-e.valley >= e.promTh {
				e.promMed.add(e.candV - e.valley)
				e.lastPeak = c
				e.valley = math.Min(e.postMin, y)
				dst = e.confirm(dst, c)
				e.tune()
			}
		} else if y < e.postMin {
			e.postMin = y
		}
	} else if i-e.lastPeak >= e.minDist && y > e.heightTh && y >= e.prevY {
		e.cand, e.candV, e.postMin = i, y, y
	}
	if e.cand < 0 && y < e.valley {
		e.valley = y
	}
	e.prevY = y
	return dst
}

// tune recomputes the picker's adaptive parameters from the medians of the
// recent steps; it runs once per confirmed peak, not per sample.
func (e *Engine) tune() {
	step := e.stepMed.median(0)
	e.minDist = int64(math.Round(e.rate * clamp(0.6*step, e.cfg.MinStep, 0.45)))
	// look-ahead: enough to refine the contact (running FC, or the other
	// foot's toe-off after a walking IC), short enough to emit each contact
	// within one stride
	e.look = int64(math.Round(e.rate * clamp(0.3*step, 0.08, 0.4)))
	if step == 0 {
		e.minDist = int64(e.rate * e.cfg.MinStep)
		e.look = int64(e.rate * 0.15)
	}
	if e.foot {
		// one peak per stride (step is half a stride here)
		e.minDist = int64(math.Round(e.rate * clamp(1.2*step, 0.4, 2.0)))
		e.look = int64(math.Round(e.rate * clamp(0.3*step, 0.1, 0.5)))
		if step == 0 {
			e.minDist = int64(e.rate * 0.4)
			e.look = int64(e.rate * 0.15)
		}
	}
	e.heightTh = e.heightThreshold()
	e.promTh = e.promThreshold()
}

func (e *Engine) heightThreshold() float64 {
	switch {
	case e.foot && e.layout.HasGyro():
		// rad/s: mid-swing peaks are several rad/s
		return math.Max(1.0, 0.3*e.peakMed.median(0))
	case e.foot:
		// impact energy, g²
		return math.Max(0.02, 0.3*e.peakMed.median(0))
	}
	return 1 + math.Max(0.04, 0.3*(e.peakMed.median(1)-1))
}

func (e *Engine) promThreshold() float64 {
	switch {
	case e.foot && e.layout.HasGyro():
		return math.Max(0.8, 0.3*e.promMed.median(0))
	case e.foot:
		return math.Max(0.02, 0.3*e.promMed.median(0))
	}
	return math.Max(0.06, 0.3*e.promMed.median(0))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// window returns the oldest sample index still held for analysis.
func (e *Engine) oldest() int64 {
	o := e.n - int64(len(e.av.buf)) + 1
	if o < 0 {
		return 0
	}
	return o
}

// confirm refines the contact belonging to the segmentation peak at index c.
func (e *Engine) confirm(dst []Contact, c int64) []Contact {
	e.peakMed.add(e.segPeakValue(c))
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

// deferredDue refines a held impact as soon as the swing hump after it is
// complete (probed every 50 ms from 0.3 s on), and at the latest 0.8 stride
// (1.2 s before the stride is known) after it.
func (e *Engine) deferredDue(dst []Contact) []Contact {
	wait := int64(1.2 * e.rate)
	if st := e.stepMed.median(0); st > 0 {
		wait = int64(1.6 * st * e.rate) // step is half a stride here
	}
	age := e.n - e.deferred
	probe := max(1, int64(0.05*e.rate))
	if age >= wait || age >= int64(0.3*e.rate) && age%probe == 0 && e.swingSeen(e.deferred) {
		c := e.deferred
		e.deferred = -1
		dst = e.confirmFoot(dst, c, e.n)
	}
	return dst
}

// swingSeen reports whether, after the impact at segmentation index c, the
// smoothed |a| has risen into a swing hump of at least 0.5 g and fallen
// half-way back.
func (e *Engine) swingSeen(c int64) bool {
	center := c - int64(math.Round(e.segDelay))
	lo := int(0.1 * e.rate)
	if center < e.oldest() || int(e.n-center) <= lo+2 {
		return false
	}
	w := e.filtered(&e.av, e.lpWalk, center, e.n, e.x3)
	end := len(w) - 1
	hump := argmax(w, lo, end)
	trough := w[argmin(w, lo, hump)]
	rise := w[hump] - trough
	return hump < end && rise >= 0.5 && w[end] < w[hump]-0.5*rise
}

func (e *Engine) segPeakValue(c int64) float64 { return e.candV }

// fine returns the zero-phase filtered copy of channel r over [from, to) in
// e.x1 (the slice is reused).
func (e *Engine) filtered(r *ring, lp *dsp.ZeroPhase, from, to int64, dst []float64) []float64 {
	raw := r.copyTo(e.x2, from, to)
	if to-from < 16 || lp == nil {
		return append(dst[:0], raw...)
	}
	return lp.Apply(dst[:len(raw)], raw)
}

// confirmWaist finds IC and FC around the stance hump of a waist signal.
func (e *Engine) confirmWaist(dst []Contact, c int64) []Contact {
	step := e.stepMed.median(0.5)
	center := c - int64(math.Round(e.segDelay))
	from := center - int64(math.Round(e.rate*clamp(0.9*step, 0.3, 1.2)))
	if o := e.oldest(); from < o {
		from = o
	}
	to := e.n
	if center <= from+2 || center >= to-2 {
		e.stats.Dropped++
		return dst
	}
	if k := len(e.pend); k > 0 {
		// never search before the previous contact's IC
		if p := int64(math.Ceil(e.pend[k-1].icIdx)) + 1; p > from {
			from = p
		}
		if center <= from+2 {
			e.stats.Dropped++
			return dst
		}
	}
	x := e.filtered(&e.av, e.lpFine, from, to, e.x1)
	ci := int(center - from)
	half := int(math.Round(e.rate * clamp(0.3*step, 0.08, 0.3)))
	m := argmax(x, ci-half, ci+half)
	// lowest point after the hump (flight or single support)
	after := int(math.Round(e.rate * clamp(0.6*step, 0.15, 0.8)))
	lowAfter := x[argmin(x, m, m+after)]
	lowBefore := x[argmin(x, 0, m)]
	running := e.classify(lowAfter)
	var ic, fc float64
	if running {
		L := e.minMed.median(math.Min(lowAfter, lowBefore))
		L = math.Max(L, 0)
		P := e.peakLevel(x[m])
		th := L + e.cfg.ContactFraction*(P-L)
		e.minMed.add(math.Min(lowAfter, lowBefore))
		bridge := int(math.Ceil(0.012 * e.rate))
		ic = crossBack(x, m, th, bridge)
		fc = crossFwd(x, m, th, bridge)
	} else {
		w := e.filtered(&e.av, e.lpWalk, from, to, e.x3)
		mw := argmax(w, ci-half, ci+half)
		lo := mw - int(0.15*e.rate)
		if lo < 1 && from == 0 {
			// the recording starts during this contact's rise: its IC
			// is before the first sample
			e.stats.Dropped++
			return dst
		}
		ic = steepestRise(x, lo, mw)
		fc = math.NaN()
		// toe-off of the other foot: first local maximum after the first
		// local minimum after the loading peak.
		if of := otherFC(w, mw, mw+int(e.rate*clamp(0.7*step, 0.25, 0.6))); !math.IsNaN(of) && len(e.pend) > 0 {
			p := &e.pend[len(e.pend)-1]
			if of+float64(from) > p.icIdx && math.IsNaN(p.fcIdx) && (ic+float64(from)-p.icIdx)*e.dt <= e.cfg.MaxStep {
				p.fcIdx = of + float64(from)
			}
		}
	}
	if math.IsNaN(ic) || (running && math.IsNaN(fc)) {
		e.stats.Dropped++
		return dst
	}
	pc := pending{icIdx: ic + float64(from), fcIdx: math.NaN(), center: center}
	if running {
		pc.fcIdx = fc + float64(from)
		pc.c.Activity = Running
	} else {
		pc.c.Activity = Walking
	}
	return e.addPending(dst, pc)
}

func (e *Engine) peakLevel(v float64) float64 { return v }

// classify decides whether a step has flight, from the lowest smoothed
// vertical acceleration after its stance, in g.
func (e *Engine) classify(low float64) bool {
	switch e.cfg.Activity {
	case Running:
		return true
	case Walking:
		return false
	}
	if low < e.cfg.FlightLevel {
		e.nRun++
	} else {
		e.nWalk++
	}
	// majority of recent steps with hysteresis through the counts
	if e.nRun+e.nWalk > 6 {
		e.nRun = e.nRun * 6 / (e.nRun + e.nWalk)
		e.nWalk = 6 - e.nRun
	}
	return e.nRun > e.nWalk || (e.nRun == e.nWalk && low < e.cfg.FlightLevel)
}

// confirmFoot finds the contact of the instrumented foot between the
// mid-swing (gyro) or impact (accelerometer) peak at c and the previous one.
func (e *Engine) confirmFoot(dst []Contact, c, limit int64) []Contact {
	stride := 2 * e.stepMed.median(0.5)
	center := c - int64(math.Round(e.segDelay))
	from := center - int64(math.Round(e.rate*clamp(1.3*stride, 0.6, 2.5)))
	if o := e.oldest(); from < o {
		from = o
	}
	to := min(limit, e.n)
	if center <= from+4 || center >= to-2 {
		e.stats.Dropped++
		return dst
	}
	var ic, fc float64
	if e.layout.HasGyro() {
		// Between two mid-swing peaks of the sagittal rate: IC is the first
		// local minimum after the first peak that lies well below it
		// (Purcell, shank; on a foot this is Falbriard's first-half
		// minimum, the contact dip before foot-flat), toe-off the deepest
		// minimum before the next peak (both placements).
		x := e.filtered(&e.ap, e.lpFine, from, to, e.x1)
		for i := range x {
			x[i] *= e.gsign
		}
		cur := argmax(x, int(center-from)-int(0.1*e.rate), int(center-from)+int(0.1*e.rate))
		prev := -1
		if e.havePrev {
			prev = int(e.prevFoot.center - from)
		}
		if prev < 0 || prev >= cur {
			// first stride of a bout: the previous mid-swing was not
			// confirmed. Take the largest swing value before this one; it
			// must be swing-like (a peak of at least half this one's height,
			// or the recording starting late in a swing), else the contact
			// before this mid-swing is cut by the edge of the data.
			prev = argmax(x, 0, cur-int(0.3*e.rate))
			if x[prev] < 0.3*x[cur] || (prev > 0 && x[prev] < 0.5*x[cur]) {
				return dst
			}
		} else {
			prev = argmax(x, prev-int(0.1*e.rate), prev+int(0.1*e.rate))
		}
		ic = parabolicMin(x, firstDip(x, prev, cur))
		fc = parabolicMin(x, argmin(x, int(math.Ceil(ic))+int(0.08*e.rate), cur))
		if !(ic > float64(prev) && fc > ic && fc < float64(cur)) {

			e.stats.Dropped++
			return dst
		}
	} else {
		// Accelerometer only: IC at the onset of the impact, the
		// steepest rise of |a| before its peak; toe-off at the steepest
		// rise of |a| out of the trough before the swing's centripetal
		// hump (the largest smoothed |a| of the stride after stance).
		raw := e.av.copyTo(e.x1, from, to)
		ci := int(center - from)
		// the energy peak marks the impact; a swing hump nearby can have
		// a larger |a|, so look only a few samples around it
		r := int(math.Ceil(0.025 * e.rate))
		pk := argmax(raw, ci-r, ci+r)
		ic = steepestRise(raw, pk-2*r, pk)
		w := e.filtered(&e.av, e.lpWalk, from, to, e.x3)
		lo := int(ic) + int(0.1*e.rate)
		hi := min(int(ic)+int(e.rate*clamp(0.75*stride, 0.4, 1.2)), len(w)-1)
		if lo >= hi || math.IsNaN(ic) {
			e.stats.Dropped++
			return dst
		}
		hump := argmax(w, lo, hi)
		trough := argmin(w, lo, hump)
		// the shank (or foot) leaves the ground and its angular
		// acceleration peaks: the steepest rise of |a| into the hump
		x := e.filtered(&e.av, e.lpFine, from, to, e.x1)
		fc = steepestRise(x, trough, hump)
		if !(fc > ic) || hump == lo {
			e.stats.Dropped++
			return dst
		}
	}
	pc := pending{icIdx: ic + float64(from), fcIdx: fc + float64(from), center: center}
	pc.c.Side = e.cfg.Side
	if pc.c.Side != SideUnknown {
		pc.c.SideConf = 1
	}
	return e.addPending(dst, pc)
}

// addPending queues a contact; the previous one becomes final now that its
// successor's IC is known.
func (e *Engine) addPending(dst []Contact, pc pending) []Contact {
	if e.foot {
		return e.addFoot(dst, pc)
	}
	if k := len(e.pend); k > 0 && (pc.icIdx-e.pend[k-1].icIdx)*e.dt > e.cfg.MaxStep {
		// a pause: the previous bout ended
		dst = e.flushPending(dst)
		e.side.reset()
		e.lastIC = 0
	}
	if k := len(e.pend); k > 0 {
		d := (pc.icIdx - e.pend[k-1].icIdx) * e.dt
		if d < e.cfg.MinStep*0.8 {
			// duplicate detection of the same contact: keep the earlier one
			e.stats.Dropped++
			return dst
		}
		e.stepMed.add(d)
	}
	e.pend = append(e.pend, pc)
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
	if e.havePrev {
		d := (pc.icIdx - e.prevFoot.icIdx) * e.dt / 2
		if d < e.cfg.MinStep*0.8 {
			e.stats.Dropped++
			return dst
		}
		if d <= e.cfg.MaxStep {
			pc.step = d
			e.stepMed.add(d)
		}
	}
	e.prevFoot, e.havePrev = pc, true
	e.pend = append(e.pend[:0], pc)
	dst = e.emit(dst, 0, nil)
	e.pend = e.pend[:0]
	return dst
}

func (e *Engine) flushPending(dst []Contact) []Contact {
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
	if e.foot {
		c.Step = p.step
		if !math.IsNaN(c.GCT) {
			c.Flight = math.Max(0, c.Step-c.GCT)
		}
		// duty factor: running has a flight phase, GCT < half a stride
		switch {
		case e.cfg.Activity != Unknown:
			c.Activity = e.cfg.Activity
		case math.IsNaN(c.Step) || math.IsNaN(c.GCT):
		case c.GCT < c.Step:
			c.Activity = Running
		default:
			c.Activity = Walking
		}
	} else if next != nil {
		if d := (next.icIdx - p.icIdx) * e.dt; d <= e.cfg.MaxStep {
			c.Step = d
			if !math.IsNaN(c.GCT) {
				c.Flight = math.Max(0, d-c.GCT)
			}
			if !e.foot {
				c.VO = e.vo(p.icIdx, next.icIdx)
			}
		}
	}
	if !e.foot && e.layout.Frame == sensor.FrameSensor && e.single < 0 {
		e.learnHeading(p.icIdx)
	}
	e.measure(&c, p)
	e.form(&c, p, next)
	if !e.foot {
		skip := 1
		if st := e.stepMed.median(0); st > 0 && e.lastIC > 0 {
			skip = int(clamp(math.Round((p.icIdx-e.lastIC)*e.dt/st), 1, 3))
		}
		yaw, ml := e.sideFeatures(p.icIdx, c.Step)
		c.Side, c.SideConf = e.side.add(yaw, ml, skip)
		e.lastIC = p.icIdx
	}
	e.stats.Contacts++
	if c.Clipped {
		e.stats.Clipped++
	}
	return append(dst, c)
}

// measure fills impact, braking and clipping from the held signals.
func (e *Engine) measure(c *Contact, p *pending) {
	c.ImpactG = math.NaN()
	i0 := int64(math.Floor(p.icIdx))
	if i0 < e.oldest() {
		return
	}
	end := i0 + int64(0.08*e.rate) + 1
	if !math.IsNaN(p.fcIdx) {
		end = i0 + int64(0.5*(p.fcIdx-p.icIdx)) + 2
	}
	if end > e.n {
		end = e.n
	}
	imp := math.Inf(-1)
	for i := i0; i < end; i++ {
		imp = math.Max(imp, e.av.at(i))
	}
	if !math.IsInf(imp, -1) {
		c.ImpactG = imp
	}
	fcEnd := end
	if !math.IsNaN(p.fcIdx) {
		fcEnd = int64(math.Ceil(p.fcIdx)) + 1
	}
	if fcEnd > e.n {
		fcEnd = e.n
	}
	for i := i0; i < fcEnd; i++ {
		if e.clip.at(i) != 0 {
			c.Clipped = true
			break
		}
	}
	if !e.foot && e.fwdKnown && !math.IsNaN(p.fcIdx) {
		c.Braking, c.PeakDecel = e.braking(p.icIdx, p.fcIdx)
	}
}

// form fills the measures behind the form signals: loading rate, strike
// angle (shoe), trunk pitch, pelvic roll and yaw ranges, and on every 16th
// contact the harmonic ratio and the step/stride regularity (waist).
func (e *Engine) form(c *Contact, p *pending, next *pending) {
	i0 := int64(math.Round(p.icIdx))
	h := max(1, int64(math.Round(0.01*e.rate))) // ±10 ms central difference
	if i0-h < e.oldest() {
		return
	}
	end := i0 + int64(0.06*e.rate)
	if !math.IsNaN(p.fcIdx) {
		end = i0 + int64((p.fcIdx-p.icIdx)/3)
	}
	end = min(end, e.n-1-h)
	lr := math.Inf(-1)
	for i := i0; i <= end; i++ {
		lr = math.Max(lr, (e.av.at(i+h)-e.av.at(i-h))/(2*float64(h)*e.dt))
	}
	if !math.IsInf(lr, -1) {
		c.LoadingRate = lr
	}
	if e.foot {
		if e.cfg.Placement == Shoe && e.gyro && !math.IsNaN(p.fcIdx) {
			c.StrikeAngle = e.strikeAngle(p)
		}
		return
	}
	i1 := i0 + int64(math.Round(e.stepMed.median(0.5)*e.rate))
	if next != nil {
		i1 = int64(math.Round(next.icIdx))
	}
	i1 = min(i1, e.n-1)
	c.Pitch, c.PitchRef = e.pitch(i0, i1)
	if e.gyro && e.fwdKnown {
		c.Roll, c.Yaw = e.angleRanges(i0, i1)
	}
	// run-level statistics, sampled on every 16th contact
	e.nEmitted++
	if e.nEmitted%16 == 0 && e.prevEmitIC >= 0 && next != nil {
		c.HarmonicRatio = e.harmonicRatio(int64(math.Round(e.prevEmitIC)), int64(math.Round(next.icIdx)))
	}
	if e.nEmitted%16 == 8 {
		e.regularity()
	}
	c.StepReg, c.StrideReg = e.stepReg, e.strReg
	e.prevEmitIC = p.icIdx
}

// pitch is the forward lean of the trunk over samples [i0, i1), rad, and
// whether it is relative to a standing calibration. Sensor frame: the
// forward direction learnt while running, expressed in sensor coordinates
// (R^T·(fx, fy, 0)), against the reference gravity direction g_ref:
// θ = asin(g_ref · f). Anatomical frame: θ = asin(−(mean a_AP − a_AP,ref))
// in g, as a forward lean tilts the AP axis down.
func (e *Engine) pitch(i0, i1 int64) (float64, bool) {
	if !e.haveRef || i1 <= i0 {
		return math.NaN(), false
	}
	switch {
	case e.layout.Frame == sensor.FrameAnatomical && e.layout.Acc[sensor.AxisAP]:
		ref := 0.0
		if e.calibrated {
			ref = e.apRef
		}
		return math.Asin(clamp(-(e.mean(&e.ap, i0, i1) - ref), -1, 1)), e.calibrated
	case e.layout.Frame == sensor.FrameSensor && e.single < 0 && e.fwdKnown:
		r := &e.rot
		fx, fy := e.fwd[0], e.fwd[1]
		f := [3]float64{r[0][0]*fx + r[1][0]*fy, r[0][1]*fx + r[1][1]*fy, r[0][2]*fx + r[1][2]*fy}
		return math.Asin(clamp(e.gRef[0]*f[0]+e.gRef[1]*f[1]+e.gRef[2]*f[2], -1, 1)), e.calibrated
	}
	return math.NaN(), false
}

// angleRanges are the ranges (max − min) of the pelvis rotation angles
// over samples [i0, i1), rad, integrating each rate less its mean over the
// interval: about the forward axis (roll) and the vertical (yaw).
func (e *Engine) angleRanges(i0, i1 int64) (roll, yaw float64) {
	if i1-i0 < 4 || i0 < e.oldest() {
		return math.NaN(), math.NaN()
	}
	fx, fy := e.fwd[0], e.fwd[1]
	var mr, my float64
	for i := i0; i < i1; i++ {
		mr += fx*e.gxl.at(i) + fy*e.gyl.at(i)
		my += e.yaw.at(i)
	}
	n := float64(i1 - i0)
	mr, my = mr/n, my/n
	var ar, ay, rlo, rhi, ylo, yhi float64
	for i := i0; i < i1; i++ {
		ar += (fx*e.gxl.at(i) + fy*e.gyl.at(i) - mr) * e.dt
		ay += (e.yaw.at(i) - my) * e.dt
		if ar < rlo {
			rlo = ar
		} else if ar > rhi {
			rhi = ar
		}
		if ay < ylo {
			ylo = ay
		} else if ay > yhi {
			yhi = ay
		}
	}
	return rhi - rlo, yhi - ylo
}

// harmonicRatio of the vertical acceleration over one stride [i0, i1)
// (Roche 2013): Σ|X(2k·f)| / Σ|X((2k−1)·f)| for k = 1…10, f the stride
// frequency, by direct DFT.
func (e *Engine) harmonicRatio(i0, i1 int64) float64 {
	n := int(i1 - i0)
	if n < 16 || i0 < e.oldest() || float64(n)*e.dt > 2.5 {
		return math.NaN()
	}
	x := e.av.copyTo(e.x1, i0, i1)
	dsp.RemoveMean(x)
	var even, odd float64
	for k := 1; k <= 20; k++ {
		w := 2 * math.Pi * float64(k) / float64(n)
		c, s := math.Cos(w), math.Sin(w)
		var re, im float64
		cr, sr := 1.0, 0.0
		for _, v := range x {
			re += v * cr
			im -= v * sr
			cr, sr = cr*c-sr*s, sr*c+cr*s
		}
		if k%2 == 0 {
			even += math.Hypot(re, im)
		} else {
			odd += math.Hypot(re, im)
		}
	}
	if odd == 0 {
		return math.NaN()
	}
	return even / odd
}

// regularity updates the step and stride regularity: the unbiased
// autocorrelation of vertical acceleration over the last 4 s (decimated
// to about 50 Hz), at its peaks near one and two median steps
// (Moe-Nilssen and Helbostad 2004).
func (e *Engine) regularity() {
	step := e.stepMed.median(0)
	if step == 0 {
		return
	}
	d := max(1, int64(math.Round(e.rate/50)))
	span := min(int64(4*e.rate), e.n-e.oldest()-1)
	if float64(span)*e.dt < 2.4*step+1 {
		return
	}
	m := int(span / d)
	x := e.x1[:m]
	from := e.n - span
	for j := range x {
		x[j] = e.av.at(from + int64(j)*d)
	}
	dsp.RemoveMean(x)
	var v float64
	for _, a := range x {
		v += a * a
	}
	v /= float64(m)
	if v == 0 {
		return
	}
	l1 := step * e.rate / float64(d)
	peak := func(lo, hi float64) float64 {
		best := math.Inf(-1)
		for lag := int(lo); lag <= int(math.Ceil(hi)) && lag < m-1; lag++ {
			var s float64
			for j := 0; j+lag < m; j++ {
				s += x[j] * x[j+lag]
			}
			best = math.Max(best, s/float64(m-lag)/v)
		}
		return best
	}
	e.stepReg, e.strReg = peak(0.8*l1, 1.2*l1), peak(1.6*l1, 2.4*l1)
}

// strikeAngle is the sole pitch at IC relative to the flat stance, rad,
// toe up positive: the sagittal rate (swing positive, which is toe-up on a
// foot) integrated from IC to foot-flat (the least |rate| in the first 60 %
// of the contact), negated.
func (e *Engine) strikeAngle(p *pending) float64 {
	i0, i1 := int64(math.Round(p.icIdx)), int64(math.Round(p.fcIdx))
	if i0 < e.oldest() || i1 <= i0+2 || i1 > e.n {
		return math.NaN()
	}
	flat, best := i0, math.Inf(1)
	for i := i0; i <= i0+(i1-i0)*6/10; i++ {
		if a := math.Abs(e.ap.at(i)); a < best { // |rate|: the sign does not matter
			flat, best = i, a
		}
	}
	var a float64
	for i := i0; i < flat; i++ {
		a += e.gsign * e.ap.at(i) * e.dt
	}
	return -a
}

// sideFeatures returns the raw left/right evidence of a contact at
// fractional index ic (see side.go), positive for left: from the yaw rate
// and from the mediolateral acceleration, each NaN when the layout lacks
// the channel.
func (e *Engine) sideFeatures(ic, step float64) (yaw, ml float64) {
	if math.IsNaN(step) {
		step = e.stepMed.median(0.5)
	}
	i0 := int64(math.Round(ic))
	yaw, ml = math.NaN(), math.NaN()
	if e.gyro && (e.layout.Frame == sensor.FrameSensor || e.layout.Gyr[sensor.AxisV]) {
		w := int64(math.Ceil(0.05 * e.rate))
		h := int64(math.Round(step * e.rate))
		yaw = yawSignLeft * (e.mean(&e.yaw, i0-w, i0+w+1) - e.mean(&e.yaw, i0-h, i0+h+1))
	}
	if e.layout.Frame == sensor.FrameSensor && e.layout.AccAxes() == 3 && e.fwdKnown || e.layout.Frame == sensor.FrameAnatomical && e.layout.Acc[sensor.AxisML] {
		// the mediolateral acceleration switches sign within ~50 ms of IC
		// (mobgap: side agreement 97 % with 0.08–0.1 s, 87 % with 0.2 s)
		q := int64(math.Round(0.1 * e.rate))
		a1 := e.mean(&e.ap, i0, i0+q) - e.mean(&e.ap, i0-q, i0)
		a2 := e.mean(&e.ml, i0, i0+q) - e.mean(&e.ml, i0-q, i0)
		ml = mlSignLeft * (e.right[0]*a1 + e.right[1]*a2)
	}
	return yaw, ml
}

// mean averages ring r over [a, b), clamped to the samples held.
func (e *Engine) mean(r *ring, a, b int64) float64 {
	a, b = max(a, e.oldest()), min(b, e.n)
	if b <= a {
		return math.NaN()
	}
	var s float64
	for i := a; i < b; i++ {
		s += r.at(i)
	}
	return s / float64(b-a)
}

// vo is the peak-to-peak vertical displacement between two ICs, m: the
// vertical acceleration (gravity removed by taking off its mean over the
// step, which is exact for periodic gait) is integrated twice, removing
// the mean velocity, gait-methods §6 per-step window.
func (e *Engine) vo(a, b float64) float64 {
	i0, i1 := int64(math.Round(a)), int64(math.Round(b))
	if i0 < e.oldest() || i1 > e.n || i1-i0 < 4 {
		return math.NaN()
	}
	x := e.av.copyTo(e.x1, i0, i1+1)
	dsp.RemoveMean(x)
	for i := range x {
		x[i] *= sensor.G0
	}
	v := dsp.CumTrapz(e.x2[:len(x)], x, e.rate)
	dsp.RemoveMean(v)
	d := dsp.CumTrapz(x, v, e.rate)
	lo, hi := d[0], d[0]
	for _, z := range d {
		if z < lo {
			lo = z
		} else if z > hi {
			hi = z
		}
	}
	return hi - lo
}

// braking is the forward speed lost during stance, m/s (gait-methods §9):
// the forward acceleration, less its mean over the contact's step, is
// integrated from IC; the deepest fall of that speed before FC, negated.
// peakDecel is the largest deceleration (that mean less the forward
// acceleration) in the first 40 % of the contact, g.
func (e *Engine) braking(ic, fc float64) (speedLoss, peakDecel float64) {
	i0, i1 := int64(math.Round(ic)), int64(math.Round(fc))
	if i0 < e.oldest() || i1 > e.n || i1-i0 < 3 {
		return math.NaN(), math.NaN()
	}
	// mean over a window centred on the contact, about one step long
	half := int64(0.5 * e.stepMed.median(0.35) * e.rate)
	lo, hi := max((i0+i1)/2-half, e.oldest()), min((i0+i1)/2+half, e.n)
	var m float64
	for i := lo; i < hi; i++ {
		m += e.apAt(i)
	}
	m /= float64(hi - lo)
	var v, minv float64
	peakDecel = math.Inf(-1)
	early := i0 + (i1-i0)*4/10
	prev := e.apAt(i0)
	for i := i0; i <= i1; i++ {
		x := e.apAt(i)
		if i > i0 {
			v += 0.5 * (x + prev - 2*m) * sensor.G0 * e.dt
			if v < minv {
				minv = v
			}
		}
		if i <= early && m-x > peakDecel {
			peakDecel = m - x
		}
		prev = x
	}
	return -minv, peakDecel
}

// apAt is the forward acceleration at sample i, g.
func (e *Engine) apAt(i int64) float64 {
	return e.fwd[0]*e.ap.at(i) + e.fwd[1]*e.ml.at(i)
}

// learnHeading updates the forward direction of a sensor-frame waist
// sensor from a contact at fractional index ic. At each initial contact
// the trunk brakes: the horizontal acceleration drops along forward, while
// its mediolateral part switches sign in alternate directions from step to
// step. So the change of the levelled horizontal acceleration across IC
// (mean over 80 ms after less 80 ms before), averaged over contacts, points
// backward; mediolateral sway cancels between left and right steps. Turns
// do not matter: the levelled frame turns with the sensor.
func (e *Engine) learnHeading(ic float64) {
	i0 := int64(math.Round(ic))
	q := int64(math.Ceil(0.08 * e.rate))
	if i0-q < e.oldest() || i0+q > e.n {
		return
	}
	d1 := e.mean(&e.ap, i0, i0+q) - e.mean(&e.ap, i0-q, i0)
	d2 := e.mean(&e.ml, i0, i0+q) - e.mean(&e.ml, i0-q, i0)
	e.nBrake++
	a := math.Max(1/float64(e.nBrake), 0.05) // running mean, then the last ~20 contacts
	e.brakeSum[0] += a * (-d1 - e.brakeSum[0])
	e.brakeSum[1] += a * (-d2 - e.brakeSum[1])
	n := math.Hypot(e.brakeSum[0], e.brakeSum[1])
	if e.nBrake < 4 || n < 0.005 {
		return
	}
	e.fwd = [2]float64{e.brakeSum[0] / n, e.brakeSum[1] / n}
	// right = forward × up in a right-handed levelled frame with z up
	e.right = [2]float64{e.fwd[1], -e.fwd[0]}
	e.fwdKnown = true
}

func argmax(x []float64, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(x)-1)
	b := lo
	for i := lo; i <= hi; i++ {
		if x[i] > x[b] {
			b = i
		}
	}
	return b
}

func argmin(x []float64, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(x)-1)
	b := lo
	for i := lo; i <= hi; i++ {
		if x[i] < x[b] {
			b = i
		}
	}
	return b
}

// crossBack walks back from m to the last upward crossing of th that is
// preceded by at least bridge samples at or below th; it returns the
// fractional index of the crossing or NaN.
func crossBack(x []float64, m int, th float64, bridge int) float64 {
	i := m
	for i > 0 {
		if x[i-1] <= th && x[i] > th {
			// check the signal stays below for bridge samples before
			ok := true
			for j := i - 1; j >= 0 && j >= i-bridge; j-- {
				if x[j] > th {
					ok = false
					break
				}
			}
			if ok {
				return float64(i-1) + (th-x[i-1])/(x[i]-x[i-1])
			}
		}
		i--
	}
	return math.NaN()
}

// crossFwd walks forward from m to the first downward crossing of th that
// is followed by at least bridge samples at or below th.
func crossFwd(x []float64, m int, th float64, bridge int) float64 {
	for i := m; i+1 < len(x); i++ {
		if x[i] > th && x[i+1] <= th {
			ok := true
			for j := i + 1; j < len(x) && j <= i+1+bridge; j++ {
				if x[j] > th {
					ok = false
					break
				}
			}
			if ok {
				return float64(i) + (x[i]-th)/(x[i]-x[i+1])
			}
		}
	}
	return math.NaN()
}

// steepestRise returns the fractional index of the largest positive slope
// of x in [lo, hi], refined by a parabola through the neighbouring slopes.
func steepestRise(x []float64, lo, hi int) float64 {
	lo, hi = max(lo, 1), min(hi, len(x)-1)
	if hi <= lo {
		return math.NaN()
	}
	b := lo
	for i := lo; i <= hi; i++ {
		if x[i]-x[i-1] > x[b]-x[b-1] {
			b = i
		}
	}
	// slope at b is centred on b-0.5
	pos := float64(b) - 0.5
	if b-2 >= 0 && b+1 < len(x) {
		s0, s1, s2 := x[b-1]-x[b-2], x[b]-x[b-1], x[b+1]-x[b]
		if den := s0 - 2*s1 + s2; den < 0 {
			pos += clamp(0.5*(s0-s2)/den, -0.5, 0.5)
		}
	}
	return pos
}

// firstDip returns the first local minimum of x after the peak at lo that
// lies below 30 % of the peak value (and below zero), or lo if none before
// hi.
func firstDip(x []float64, lo, hi int) int {
	lim := math.Min(0, 0.3*x[lo])
	for i := lo + 1; i < hi && i+1 < len(x); i++ {
		if x[i] < lim && x[i] <= x[i-1] && x[i] < x[i+1] {
			return i
		}
	}
	return lo
}

// parabolicMin refines a discrete minimum at i by a parabola.
func parabolicMin(x []float64, i int) float64 {
	if i <= 0 || i >= len(x)-1 {
		return float64(i)
	}
	den := x[i-1] - 2*x[i] + x[i+1]
	if den <= 0 {
		return float64(i)
	}
	return float64(i) + clamp(0.5*(x[i-1]-x[i+1])/den, -0.5, 0.5)
}

// otherFC finds, after the loading peak at m, the first local minimum and
// then the first local maximum; that maximum marks the other foot's toe-off
// (walking). NaN when not found before hi.
func otherFC(w []float64, m, hi int) float64 {
	hi = min(hi, len(w)-2)
	j := m + 1
	for j < hi && !(w[j] <= w[j-1] && w[j] < w[j+1]) {
		j++
	}
	for j++; j < hi; j++ {
		if w[j] >= w[j-1] && w[j] > w[j+1] {
			return float64(j)
		}
	}
	return math.NaN()
}
