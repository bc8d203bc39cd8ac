package sensor

import (
	"cmp"
	"fmt"
	"math"
)

// PayloadUnits decides the units of one device's csv and single-json
// messages whose values come without a unit (Payload.AccGiven, GyrGiven
// false: read as m/s² and rad/s by DecodePayload), from gravity, as the
// CSV reader does from its lookahead: an ESP32 printing g over MQTT was
// read as m/s², 1 g as 0.1 g, and found no step and said nothing.
//
// It holds the device's first unitless samples until it has UnitSamples of
// them, or UnitSpan seconds of their time, decides, and passes them on in
// one batch, rescaled; later messages are rescaled as they come. Units a
// message gives (a csv header's ax_g, single-json "unit") are kept for the
// device's later messages without them, and decide what is held. The
// decision is made once. Use one PayloadUnits per device, from one
// goroutine; the zero value is ready.
type PayloadUnits struct {
	acc, gyr float64 // factors on unitless values (read at 1): 0 undecided
	// the scales of the units the device's messages last gave (a csv
	// header), 0 if none
	msgAcc, msgGyr float64
	held           []Sample
	meta           Payload // the first held message's fields
	span           float64 // s of the held samples' time
	// the mean acceleration vector of the first UnitSamples samples whose
	// unit was given, m/s² (see Add)
	sum     [3]float64
	n       int
	checked bool
	// still is the number of held samples of a standing start, when
	// there was one: the gyroscope's unit is decided on those after it
	still int
	// vSign is an anatomical vertical's (acc_v's) sign: 0 undecided, −1
	// when it points down and is read negated, as the CSV reader reads it
	// (CSVStats.NegatedV), else 1; decided on the samples held as a unit
	// is, also when the units are given
	vSign float64
	// zeroSaid: the error of samples 0 on every axis was returned (see
	// decide)
	zeroSaid bool
}

// Thresholds of PayloadUnits: the samples or seconds it decides on.
const (
	UnitSamples = 100 // as the CSV reader's default lookahead
	UnitSpan    = 2.0 // s, with at least 10 samples (a slow or batched device)
	// UnitStillSpan: samples of a sensor that stands still, which cannot
	// tell its gyroscope's unit (|ω| is noise in either), are held until
	// it moves, for up to this many seconds of their time (or
	// UnitStillSamples samples); then its gyroscope is read as deg/s with
	// g and rad/s with m/s², said as assumed
	UnitStillSpan    = 10.0
	UnitStillSamples = 4096
)

// Holding reports whether samples wait for the units to be decided (see
// Flush).
func (u *PayloadUnits) Holding() bool { return len(u.held) > 0 }

// Add passes p's samples to deliver, rescaled where p gave no unit and one
// is decided; while none is, it holds them and delivers nothing. When the
// units are decided, deliver gets the held samples first, in a Payload of
// their own (the first held message's fields). decided describes the
// decision when Add made it ("acceleration in g (detected from gravity
// over 100 samples), angular rate in deg/s"); err tells why the
// acceleration's unit could not be detected (ErrUnit, ErrNoGravity): the
// values are then read as m/s² and rad/s, as before — or, once, why the
// unit given (by the message, a header, PayloadOptions or the format)
// looks wrong: over the first UnitSamples samples read in it the mean
// acceleration is under 0.3 g or over 5 g, where gravity reads about 1 g
// (m/s² forced on values in g read 0.1 g, and no step was found, nothing
// said). An anatomical vertical (acc_v) that averages under −0.5 g over
// the samples held points down: it is read negated from the first, said
// in decided, as the CSV reader reads it (a waist sending it positive down
// found no step where analyze read the same text). deliver must not keep
// the Payload or its samples past its return.
func (u *PayloadUnits) Add(p *Payload, deliver func(*Payload)) (decided string, err error) {
	gyro := p.Layout.HasGyro()
	if p.Format == PayloadCSV || p.Format == PayloadSingleJSON {
		// a unit the device's own message gave (a header) holds for its
		// later messages, before PayloadOptions' (for payloads giving none)
		switch {
		case p.AccGiven && !p.accOpt:
			u.msgAcc = p.accScale
		case p.accOpt && u.msgAcc != 0 && u.msgAcc != p.accScale:
			scale(p.Samples, true, false, u.msgAcc/p.accScale, 1)
		}
		switch {
		case p.GyrGiven && !p.gyrOpt && gyro:
			u.msgGyr = p.gyrScale
		case p.gyrOpt && u.msgGyr != 0 && u.msgGyr != p.gyrScale:
			scale(p.Samples, false, true, 1, u.msgGyr/p.gyrScale)
		}
	}
	if p.AccGiven && u.acc == 0 {
		u.acc = p.accScale
	}
	if p.GyrGiven && gyro && u.gyr == 0 {
		u.gyr = p.gyrScale
	}
	needAcc, needGyr := !p.AccGiven, !p.GyrGiven && gyro
	needV := vertical(p.Layout) && u.vSign == 0
	if (!needAcc || u.acc != 0) && (!needGyr || u.gyr != 0) && !needV {
		if len(u.held) > 0 {
			// the units came in a message (a header) before the
			// samples held were enough to decide
			decided, err = u.decide(deliver)
		}
		scale(p.Samples, needAcc, needGyr, u.acc, u.gyr)
		if !needAcc && !u.checked {
			err = cmp.Or(err, u.check(p.Samples))
		}
		u.orient(p)
		deliver(p)
		return decided, err
	}
	if len(u.held) > 0 && p.Layout != u.meta.Layout {
		// another layout (7 fields after 4): decide on what is held
		if decided, err = u.decide(deliver); u.acc != 0 && (!needGyr || u.gyr != 0) && (!vertical(p.Layout) || u.vSign != 0) {
			scale(p.Samples, needAcc, needGyr, u.acc, u.gyr)
			u.orient(p)
			deliver(p)
			return decided, err
		}
	}
	if len(u.held) == 0 {
		u.meta = *p
		u.meta.Samples, u.meta.BadLines = nil, nil
		u.span = 0
	}
	if !needAcc { // known already: the held samples are in m/s²
		u.meta.AccGiven = true
	}
	u.held = append(u.held, p.Samples...)
	u.span = u.held[len(u.held)-1].T - u.held[0].T
	if len(u.held) >= UnitSamples || u.span >= UnitSpan && len(u.held) >= 10 {
		// a sensor not read yet (a board sending before its IMU is
		// up): 0 on every axis tells no unit, and decided on them the
		// unit was m/s², assumed, for the device's life. The units are
		// decided on as many samples after them as without them (with
		// them, a standing start after them read as moving, and the
		// gyroscope's unit was decided on it)
		z := zeroLead(u.held)
		rest := u.held[z:]
		if len(u.held) < UnitStillSamples && u.span < UnitStillSpan && len(rest) < UnitSamples && !(len(rest) >= 10 && rest[len(rest)-1].T-rest[0].T >= UnitSpan) {
			return decided, err
		}
		if needGyr && u.gyr == 0 && len(u.held) < UnitStillSamples && u.span < UnitStillSpan {
			// the wearer waits to start: nothing tells the gyroscope's
			// unit yet (decided on these 100 samples, g and rad/s was
			// read as deg/s, the rates 57 times too small — a black-box
			// round); no contact is lost by waiting for the movement,
			// and UnitSamples of it decide (its first turn or step
			// beside a long standing start can read either way)
			if stillGyro(rest) {
				u.still = len(u.held)
				return decided, err
			}
			if u.still > 0 && len(u.held)-u.still < UnitSamples {
				return decided, err
			}
		}
		d, e := u.decide(deliver)
		return joinNote(decided, d), cmp.Or(err, e)
	}
	return decided, err
}

// zeroLead returns how many samples at the start of ss read 0 on every
// acceleration axis.
func zeroLead(ss []Sample) int {
	for i, s := range ss {
		if s.Acc != [3]float64{} {
			return i
		}
	}
	return len(ss)
}

// check adds ss, read in a unit given, to the mean acceleration of the
// first UnitSamples such samples, and when it has them, tells whether that
// unit looks wrong (see Add).
func (u *PayloadUnits) check(ss []Sample) error {
	for _, s := range ss {
		if u.n == UnitSamples {
			break
		}
		for k := range 3 {
			u.sum[k] += s.Acc[k]
		}
		u.n++
	}
	if u.n < UnitSamples {
		return nil
	}
	u.checked = true
	mv := math.Hypot(math.Hypot(u.sum[0], u.sum[1]), u.sum[2]) / float64(u.n) / G0
	if mv < 0.3 || mv > maxGravityG {
		return fmt.Errorf("%w: with the unit given the mean acceleration is %.3g g over %d samples, where gravity reads about 1 g: the unit looks wrong (or the values have no gravity)", ErrUnit, mv, u.n)
	}
	return nil
}

// Flush decides on the samples held, however few (the device fell silent
// or the stream ends), and delivers them; see Add.
func (u *PayloadUnits) Flush(deliver func(*Payload)) (decided string, err error) {
	if len(u.held) == 0 {
		return "", nil
	}
	return u.decide(deliver)
}

// decide settles the units still undecided from the held samples, delivers
// them rescaled and empties the hold.
func (u *PayloadUnits) decide(deliver func(*Payload)) (decided string, err error) {
	ss := u.held
	needAcc, needGyr := !u.meta.AccGiven, !u.meta.GyrGiven && u.meta.Layout.HasGyro()
	z := zeroLead(ss) // a sensor's zeros before it was read
	if z == len(ss) {
		// 0 on every axis, decided on before any sample after them (a
		// silence: an IMU starting up; a layout that changes once it
		// is read): they read 0 in any unit and tell none, so they go
		// as they are, the units left to the samples after them
		// (decided on them, m/s² was assumed for the device's life);
		// said once
		if needAcc && u.acc == 0 && !u.zeroSaid {
			u.zeroSaid = true
			err = fmt.Errorf("%d samples: %w: the acceleration is 0 on every axis: a sensor that was not read (not connected, or not initialised)", len(ss), ErrNotRecording)
		}
		scale(ss, false, needGyr && u.gyr != 0, 1, u.gyr)
		q := u.meta
		q.Samples = ss
		deliver(&q)
		u.held, u.still = ss[:0], 0
		return "", err
	}
	rows := make([][]float64, len(ss))
	for i, s := range ss {
		rows[i] = []float64{s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]}
	}
	accCols := [3]int{0, 1, 2}
	norms, mean := accNorms(rows, accCols)
	accBy, gyrBy := "", ""
	if needAcc && u.acc == 0 {
		var name string
		u.acc, name, err = guessAccUnit(fmt.Sprintf("%d samples", len(ss)), norms, mean, len(ss))
		if err != nil {
			u.acc, name = 1, "m/s²"
		}
		by := "detected from gravity"
		if err != nil {
			by = "assumed: not detected"
		}
		accBy = fmt.Sprintf("acceleration in %s (%s over %d samples)", name, by, len(ss))
	}
	if needGyr && u.gyr == 0 {
		accScale := 1.0 // |a| of rows in m/s² once read at u.acc
		if needAcc {
			accScale = u.acc
		}
		dps, by := false, "detected"
		if err == nil {
			// (after a standing start, or a sensor's zeros before it
			// was read)
			if from := max(u.still, z); from > 0 && from < len(ss) {
				moved, _ := accNorms(rows[from:], accCols) // (norms leaves zero rows out: not rows' index)
				dps = detectDPS(rows[from:], [3]int{3, 4, 5}, moved, accScale)
			} else {
				dps = detectDPS(rows, [3]int{3, 4, 5}, norms, accScale)
			}
			if stillGyro(ss) {
				by = "assumed: the sensor was still"
			}
		} else {
			// the acceleration's unit unknown: only what needs none of
			// it (|ω| far beyond any body's rad/s)
			dps, by = loudDPS(rateSpread(rows, [3]int{3, 4, 5})), "assumed: not detected"
			if dps {
				by = "detected"
			}
		}
		u.gyr, gyrBy = 1, "angular rate in rad/s"
		if dps {
			u.gyr, gyrBy = math.Pi/180, "angular rate in deg/s"
		}
		gyrBy += fmt.Sprintf(" (%s over %d samples)", by, len(ss))
	}
	scale(ss, needAcc, needGyr, u.acc, u.gyr)
	var vBy string
	if read := ss[z:]; vertical(u.meta.Layout) && u.vSign == 0 && len(read) > 0 {
		// (a sensor's zeros before it was read are no direction)
		sum := 0.0
		for _, s := range read {
			sum += s.Acc[AxisV]
		}
		u.vSign = 1
		if mv := sum / float64(len(read)); mv < vDown*G0 {
			u.vSign = -1
			vBy = fmt.Sprintf("acc_v negated: it averages %.2f g over %d samples, positive down", mv/G0, len(read))
		}
	}
	q := u.meta
	q.Samples = ss
	u.orient(&q)
	deliver(&q)
	u.held, u.still = ss[:0], 0
	return joinNote(joinNote(accBy, gyrBy), vBy), err
}

// vertical reports whether l has an anatomical vertical (acc_v), whose
// sign PayloadUnits decides.
func vertical(l Layout) bool { return l.Frame == FrameAnatomical && l.Acc[AxisV] }

// orient negates p's anatomical vertical when it points down (vSign).
func (u *PayloadUnits) orient(p *Payload) {
	if u.vSign >= 0 || !vertical(p.Layout) {
		return
	}
	for i := range p.Samples {
		p.Samples[i].Acc[AxisV] = -p.Samples[i].Acc[AxisV]
	}
}

// stillGyro reports whether samples cannot tell their gyroscope's unit:
// the sensor still (|a| within 3 % of its mean, in any unit: gravity alone)
// and |ω| quiet (median at most 0.5, 95th percentile at most 20, in the
// unit read), the case detectDPS settles by the acceleration's unit alone.
func stillGyro(ss []Sample) bool {
	if len(ss) == 0 {
		return false
	}
	rows := make([][]float64, len(ss))
	var mean float64
	for i, s := range ss {
		rows[i] = []float64{s.Gyr[0], s.Gyr[1], s.Gyr[2]}
		mean += math.Hypot(math.Hypot(s.Acc[0], s.Acc[1]), s.Acc[2])
	}
	mean /= float64(len(ss))
	var sq float64
	for _, s := range ss {
		d := math.Hypot(math.Hypot(s.Acc[0], s.Acc[1]), s.Acc[2]) - mean
		sq += d * d
	}
	if !(mean > 0) || math.Sqrt(sq/float64(len(ss))) >= 0.03*mean {
		return false
	}
	med, p95 := rateSpread(rows, [3]int{0, 1, 2})
	return med <= 0.5 && !loudDPS(med, p95)
}

// scale multiplies the acceleration (when acc) and angular rate (when gyr)
// of ss by the factors a and g.
func scale(ss []Sample, acc, gyr bool, a, g float64) {
	if acc && a != 1 {
		for i := range ss {
			ss[i].Acc = [3]float64{ss[i].Acc[0] * a, ss[i].Acc[1] * a, ss[i].Acc[2] * a}
		}
	}
	if gyr && g != 1 {
		for i := range ss {
			ss[i].Gyr = [3]float64{ss[i].Gyr[0] * g, ss[i].Gyr[1] * g, ss[i].Gyr[2] * g}
		}
	}
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ", " + b
}
