package sensor

import (
	"errors"
	"io"
	"math"
	"time"
)

// WitMotion "Wit standard protocol" (protocols.md §1): 11-byte frames
//
//	0x55, type, v0, v1, v2, v3 (int16 little-endian), SUM = (byte0 + … + byte9) & 0xFF
//
//	0x50 time    YY−2000, MM, DD, hh, mm, ss (one byte each), ms (uint16)
//	0x51 acc     a[g] = v/32768·range (±16 g default), v3 temperature
//	0x52 gyro    w[°/s] = v/32768·2000
//	0x53 angle   angle[°] = v/32768·180 (roll, pitch, yaw)
const (
	witSize  = 11
	witSync  = 0x55
	witTime  = 0x50
	witAcc   = 0x51
	witGyro  = 0x52
	witAngle = 0x53
	witReply = 0x5F // register read reply: not part of the output cycle
)

// ErrNoTimeBase is wrapped by the FrameError for a WitMotion sample that
// cannot be timed: the stream has no 0x50 time frame to go by and
// BinaryOptions.Rate is 0.
var ErrNoTimeBase = errors.New("no time base: no time frame and no rate given")

// ErrBadTimeFrame is wrapped by the FrameError for a WitMotion 0x50 time
// frame whose checksum passes but whose date cannot be: month outside
// 1–12, day outside 1–31, hour ≥ 24, minute or second ≥ 60, or
// milliseconds ≥ 1000.
var ErrBadTimeFrame = errors.New("time frame out of range")

// ErrCycleCut is wrapped by the FrameError for a WitMotion stream's last
// cycle when the stream ends after its acceleration frame and before its
// gyro frame (a stream with gyro frames, see WitReader): the end of the
// input cut it, so it gives no sample rather than one with the previous
// cycle's angular rate.
var ErrCycleCut = errors.New("last cycle cut by the end of the stream before its gyro frame")

// witProbeAcc and witProbeBytes bound the look-ahead that decides whether
// a WitMotion stream carries gyro frames: up to the 9th acceleration
// frame (8 whole cycles) within the first 2048 bytes.
const (
	witProbeAcc   = 8
	witProbeBytes = 2048
)

// witJump is how far, in seconds, a time frame may be ahead of the time
// its cycle count predicts from the previous time frame before the next
// time frame is asked to confirm it (see WitReader): well above the
// jitter of the device clock's milliseconds, below a step.
const witJump = 0.1

var witFormat = frameFormat{size: witSize, sync: witSync, nsync: 1, ok: witSumOK}

func witSumOK(f []byte) bool {
	var s byte
	for _, b := range f[:10] {
		s += b
	}
	return s == f[10]
}

// splitWit is a bufio.SplitFunc-style framer for WitMotion frames; see
// frameFormat.split for the results and the confirmation rule.
func splitWit(data []byte, atEOF bool) (advance int, token []byte, err error) {
	return witFormat.split(data, atEOF)
}

// witFrame is one decoded WitMotion frame: its type and four raw values.
type witFrame struct {
	typ byte
	v   [4]int16
}

// parseWit checks and decodes one 11-byte frame.
func parseWit(frame []byte) (witFrame, error) {
	if len(frame) != witSize || frame[0] != witSync {
		return witFrame{}, ErrSync
	}
	if !witSumOK(frame) {
		return witFrame{}, ErrChecksum
	}
	f := witFrame{typ: frame[1]}
	for i := range f.v {
		f.v[i] = getLE16(frame[2+2*i:])
	}
	return f, nil
}

// time returns a 0x50 frame's date as seconds since the Unix epoch,
// reading the device clock as UTC; ok is false when a field is out of
// range (month 1–12, day 1–31, hour 0–23, minute and second 0–59,
// milliseconds 0–999). A day past the end of its month (31 February) is
// carried into the next, as time.Date does.
func (f witFrame) time() (t float64, ok bool) {
	b := func(i int) int { return int(uint16(f.v[i/2]) >> (8 * (i % 2)) & 0xFF) }
	ms := int(uint16(f.v[3]))
	mo, d, h, mi, sec := b(1), b(2), b(3), b(4), b(5)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 || ms > 999 {
		return 0, false
	}
	tm := time.Date(2000+b(0), time.Month(mo), d, h, mi, sec, 0, time.UTC)
	return float64(tm.Unix()) + float64(ms)/1000, true
}

// angles returns a 0x53 frame's roll, pitch and yaw in degrees.
func (f witFrame) angles() (roll, pitch, yaw float64) {
	const k = 180.0 / 32768
	return float64(f.v[0]) * k, float64(f.v[1]) * k, float64(f.v[2]) * k
}

// WitReader decodes a WitMotion byte stream (serial port, Bluetooth SPP
// rfcomm node, recorded dump, pty) into samples. It implements Source.
//
// Frames are grouped into output cycles: the device sends its enabled
// outputs once per sample in ascending type order (0x50 time, 0x51 acc,
// 0x52 gyro, 0x53 angle, …), so a frame whose type is not above the
// previous one starts a new cycle. A cycle that contains an acceleration
// frame gives one sample, returned when the first frame of the next cycle
// arrives (or at the end of the stream): one cycle of latency, so that
// acceleration and angular rate are paired from the same cycle. Angle,
// magnetometer, quaternion and other frames are checked and counted but
// not used.
//
// Gyro: a sensor may be set to send no 0x52 frames (acceleration only).
// Before its first sample is returned — at the first call of Layout or
// Read — the reader looks ahead over the start of the stream, up to its
// 9th 0x51 frame (8 whole cycles) and at most 2048 bytes, without
// consuming them; Layout reports gyro axes when a 0x52 frame is among
// them, and none otherwise (Gyr then reads 0, and 0x52 frames that come
// later are counted in BinaryStats.Ignored). In a stream with gyro, a
// cycle whose 0x52 frame is missing (lost in transit, or no longer sent)
// carries the most recent angular rate (0 before the first) and is
// counted in BinaryStats.GyroMissing: right for an isolated lost frame, a
// stale rate for a longer run, which the caller should report. The last
// cycle of the stream is different when the cycle before it had its gyro
// frame: when the input ends after its acceleration frame and before its
// gyro frame (a port closed or lost mid-cycle, a dump cut short) its rate
// is not lost but was never read, so it gives no sample rather than one
// with the previous cycle's rate: it is reported as a FrameError wrapping
// ErrCycleCut at the offset of its acceleration frame (before the error
// of the cut frame's bytes, if any) and not counted in GyroMissing. The
// errors of corrupt bytes after a cycle's acceleration frame wait until
// its gyro frame, the next cycle or the end comes (a live stream that
// stalls holds them), 16 spans at most: past those, its gyro frame is
// taken as lost among them, and the cycle carries the most recent rate
// unless its gyro frame still comes. (A
// last cycle that cannot be timed is reported as untimed instead; one
// after cycles already without gyro frames carries the rate, as they do.)
//
// Timestamps: a cycle's 0x50 time frame gives T in seconds since the Unix
// epoch, the device clock read as UTC, with millisecond resolution. A
// cycle without one is timed from the nearest earlier time frame (or the
// next one, for the very first cycle) plus whole cycles at 1/Rate, or at
// the period measured between time frames when Rate is 0 (not across a
// jump ahead that is kept: a gap's lost cycles were not counted). A stream
// without time frames is timed by cycle count: T = n/Rate with n = 0 at
// the first sample; the device has no other clock, so bytes lost in
// transit shift later samples unless at least one frame of each lost
// cycle got through and the frames that did keep the cycle boundary in
// view: a cycle starts at a frame whose type is not above the previous
// one's, so when a cycle's last frames and the next one's first are lost
// together (acc of one cycle followed by gyro of the next) the two read as
// one cycle, and later samples are one period early. With neither time
// frames nor Rate the sample is reported as a FrameError wrapping
// ErrNoTimeBase.
//
// The stream keeps one time base: when time frames start part way through
// a stream so far timed by count, or a time frame goes back from the last
// one (the device clock reset or re-synced), that frame's time is taken
// as the one its cycle count predicts and later frames are shifted by the
// same amount (counted in BinaryStats.Rebased). A clock that jumps
// forward is kept: a pause in the recording is a gap.
//
// Bad time frames: a time frame whose checksum passes but whose date
// cannot be (see ErrBadTimeFrame) is refused. So is a lone jump ahead: a
// time frame more than 0.1 s ahead of the time its cycle count predicts
// from the previous time frame, when the time frame that closes its cycle
// (the next cycle's first frame) keeps to that prediction within 0.1 s
// and not to the jump (a frame corrupted so that its checksum still
// passes). Each is reported as a FrameError at the time frame's offset
// (wrapping ErrBadTimeFrame or ErrAhead; for a jump, after the sample of
// its cycle) and counted in BinaryStats.BadTime; its cycle is timed as
// one without a time frame. This adds no latency: the cycle is returned
// at that next frame anyway. Limits: a jump is only judged when the next
// cycle starts with a time frame and no corrupt bytes come between, else
// it is kept (a gap); a stream's first time frame cannot be judged; a
// lone error of 0.1 s or less is kept, and the frames after it, which go
// back from it, are rebased onto it; a lone jump back is rebased and
// undone by the next frame, as above.
type WitReader struct {
	fr       frameReader
	opt      BinaryOptions
	accScale float64 // raw → m/s²
	gyrScale float64 // raw → rad/s
	stats    BinaryStats
	layout   Layout

	started  bool
	lastType byte
	cycle    int64 // index of the current cycle
	cur      witCycle
	gyr      [3]int16 // most recent angular rate
	ended    bool
	lastGyr  bool  // the most recent cycle with an acceleration frame had its gyro frame (true before the first)
	lastEnd  int64 // SampleEnd
	probed   bool  // the look-ahead for gyro frames is done (layout.Gyr set)

	// held is a FrameError for bytes after the current cycle's
	// acceleration frame, returned by the next Read: the cycle's
	// ErrNoTimeBase error went first, so offsets stay in stream order.
	held *FrameError

	timeSeen bool    // a time frame has been decoded
	anchorC  int64   // cycle of the most recent time frame
	anchorT  float64 // its time
	period   float64 // measured between time frames, 0 until known
	longer   int     // measurements in a row longer than period, not taken (setAnchor)

	// later are the errors of corrupt spans after the acceleration frame
	// of cycle laterC, held while it waited for its gyro (Read).
	later  []*FrameError
	laterC int64
	idx0   int64   // first cycle timed by count, -1 before
	shift  float64 // subtracted from time frames to continue the time base, s

	// jump is a time frame ahead of its prediction (see witJump), in
	// the current cycle, waiting for the next time frame to confirm it.
	jump    bool
	jumpOff int64   // its offset
	jumpC   int64   // its cycle
	jumpT   float64 // its time on the stream's time base, s
}

// witCycle accumulates one output cycle.
type witCycle struct {
	off     int64 // offset of its acceleration frame
	hasAcc  bool
	acc     [3]int16
	hasGyr  bool
	gyrLost bool // its gyro frame is taken as lost among witLater corrupt spans: no cut cycle
	hasTime bool
	t       float64
}

var _ Source = (*WitReader)(nil)

// NewWitReader returns a reader of WitMotion frames from r. It does not
// read. It panics if opt.Rate or opt.AccRange is negative or not finite.
func NewWitReader(r io.Reader, opt BinaryOptions) *WitReader {
	checkBinaryOptions(opt)
	if opt.AccRange == 0 {
		opt.AccRange = 16
	}
	if opt.Name == "" {
		opt.Name = "witmotion"
	}
	w := &WitReader{
		opt:      opt,
		accScale: opt.AccRange / 32768 * G0,
		gyrScale: 2000.0 / 32768 * math.Pi / 180,
		idx0:     -1,
		lastGyr:  true,
		layout: Layout{
			Frame:   FrameSensor,
			Acc:     [3]bool{true, true, true},
			Rate:    opt.Rate,
			ClipAcc: opt.AccRange * G0,
		},
	}
	w.fr = newFrameReader(&witFormat, r, opt.Name, &w.stats)
	return w
}

func checkBinaryOptions(opt BinaryOptions) {
	for _, v := range []float64{opt.Rate, opt.AccRange} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			panic("sensor: invalid BinaryOptions rate or range")
		}
	}
}

// Layout returns sensor-frame x, y, z acceleration, angular rate when the
// stream carries 0x52 gyro frames, Rate from the options (0 when not
// given) and ClipAcc = AccRange·G0. Called before the first Read, it
// reads the look-ahead described for WitReader (blocking until those
// bytes arrive); a read error met then is returned by Read once the bytes
// before it are decoded.
func (w *WitReader) Layout() Layout {
	w.probe()
	return w.layout
}

// probe looks ahead over the start of the stream, once, for a 0x52 frame
// before the (witProbeAcc+1)-th 0x51 frame and within witProbeBytes, and
// sets layout.Gyr. The bytes stay buffered; stats are not touched (split
// is pure), so offsets and counts are those of a reader without it. The
// result depends on the bytes only, not on how the reads cut them.
func (w *WitReader) probe() {
	if w.probed {
		return
	}
	w.probed = true
	fr := &w.fr
	acc, k := 0, 0 // acceleration frames seen; scanned bytes after fr.lo
	for {
		n := min(fr.hi-fr.lo, witProbeBytes)
		data := fr.buf[fr.lo : fr.lo+n]
		atEOF := fr.eof && n == fr.hi-fr.lo
		for k < n {
			adv, tok, _ := witFormat.split(data[k:], atEOF)
			if adv == 0 {
				break // more bytes needed
			}
			if tok != nil {
				switch tok[1] {
				case witGyro:
					w.layout.Gyr = [3]bool{true, true, true}
					return
				case witAcc:
					if acc++; acc > witProbeAcc {
						return
					}
				}
			}
			k += adv
		}
		if fr.eof || n == witProbeBytes {
			return
		}
		if fr.fill() != nil {
			return // io.ErrNoProgress: next meets it again
		}
	}
}

// Stats returns the counts so far.
func (w *WitReader) Stats() BinaryStats { return w.stats }

// SampleEnd returns the stream offset just past the acceleration frame of
// the sample the last successful Read returned (0 before one). A cycle is
// returned when the next one's first frame is confirmed by the header
// after it, one to two frames after its own (two when the acceleration
// frame is a cycle's only one): a caller that dates samples by the
// arrival of their bytes (a live port that went silent) goes by this
// offset, not by what was read last.
func (w *WitReader) SampleEnd() int64 { return w.lastEnd }

// CountTimed reports whether the samples so far are timed by cycle count
// (T = n/Rate): no 0x50 time frame has been decoded and Rate is set. Such
// a stream has no device clock: a pause of the device does not show in T.
func (w *WitReader) CountTimed() bool { return !w.timeSeen && w.opt.Rate > 0 }

// Read fills s with the next sample: Acc in m/s² (gravity included),
// Gyr in rad/s (0 when Layout reports no gyro), T as described for
// WitReader. It returns io.EOF at the end of the stream and a *FrameError
// (byte offset of the span, wrapping ErrChecksum or ErrSync) for each run
// of corrupt or unframed bytes, ErrNoTimeBase for an untimed sample (at
// the offset of its acceleration frame), or ErrBadTimeFrame or ErrAhead
// for a refused time frame (at its offset); reading may continue after a
// FrameError. FrameErrors come in the order of their offsets. A failing
// reader's error is returned once the bytes before it are decoded, and
// io.ErrNoProgress after 100 empty reads in a row.
func (w *WitReader) Read(s *Sample) error {
	w.probe()
	if fe := w.nextLater(); fe != nil {
		return fe
	}
	if fe := w.held; fe != nil {
		w.held = nil
		return fe
	}
	for {
		if fe := w.nextLater(); fe != nil {
			return fe
		}
		frame, off, err := w.fr.next()
		if err != nil && w.jump {
			// corrupt bytes before the next time frame, or the end: the
			// jump cannot be judged (and its error would come after
			// theirs), so it is kept
			w.keepJump()
		}
		if fe, corrupt := err.(*FrameError); corrupt && w.cur.hasAcc && w.mayBeUntimed() {
			// Corrupt bytes after the acceleration frame of a cycle that
			// may not be timed: report the cycle first, so the errors'
			// offsets are in stream order. (With a single time frame seen
			// so far, a next cycle's time frame could have given the period
			// and timed it; that cycle is reported untimed all the same.)
			w.held = fe
			w.cur.hasAcc = false
			return w.untimed()
		}
		if fe, corrupt := err.(*FrameError); corrupt && !(w.fr.eof && w.fr.lo == w.fr.hi) && w.cycleCut() {
			// Corrupt bytes after the acceleration frame of a cycle still
			// waiting for its gyro: whether the end of the input cuts it
			// (its error at its own, earlier offset) is not known yet, so
			// their error waits until the cycle is complete, cut, or
			// followed by another (nextLater). After witLater such spans
			// its gyro frame is taken as lost among them, not cut by the
			// end: the cycle waits no more (gyrLost), and they are given.
			// (Taken as cut, the cycle was dropped though its gyro frame
			// could still come, and said cut by an end the garbage stood
			// between.)
			if len(w.later) == 0 {
				w.laterC = w.cycle
			}
			w.later = append(w.later, fe)
			if len(w.later) >= witLater {
				w.cur.gyrLost = true
			}
			continue
		}
		if fe, corrupt := err.(*FrameError); corrupt && w.fr.eof && w.fr.lo == w.fr.hi && w.cycleCut() {
			// the bytes of a frame cut by the end of the input, after
			// the acceleration frame of a cycle still waiting for its
			// gyro: the cycle goes first, in offset order
			w.held = fe
			return w.cut()
		}
		if err != nil {
			// At the end of the input (io.EOF or the reader's error) the
			// last cycle is complete.
			if _, corrupt := err.(*FrameError); !corrupt && w.fr.eof && !w.ended {
				w.ended = true
				if w.cycleCut() {
					return w.cut()
				}
				if w.cur.hasAcc {
					return w.emit(s)
				}
			}
			return err
		}
		w.stats.Frames++
		f, _ := parseWit(frame) // checked by split
		if f.typ < witTime || f.typ >= witReply {
			w.stats.Ignored++
			continue
		}
		boundary := w.started && f.typ <= w.lastType
		w.started, w.lastType = true, f.typ
		if boundary {
			w.cycle++
		}
		var bad *FrameError // a refused time frame, returned after the sample it closes
		timed := false
		if f.typ == witTime {
			raw, ok := f.time()
			switch {
			case !ok:
				if w.jump {
					w.keepJump()
				}
				w.stats.BadTime++
				bad = &FrameError{Source: w.opt.Name, Offset: off, Err: ErrBadTimeFrame}
			case w.jump:
				// the time frame after a jump ahead: it confirms the
				// jump, or keeps to the time before it
				t := raw - w.shift
				p := w.periodOr()
				exp := w.anchorT + float64(w.cycle-w.anchorC)*p
				if math.Abs(t-exp) <= witJump && math.Abs(t-(w.jumpT+float64(w.cycle-w.jumpC)*p)) > witJump {
					w.jump = false
					w.stats.BadTime++
					w.cur.hasTime = false // timed from its neighbours
					bad = &FrameError{Source: w.opt.Name, Offset: w.jumpOff, Err: ErrAhead}
				} else {
					w.keepJump()
				}
				timed = w.timeFrame(raw, off)
			default:
				timed = w.timeFrame(raw, off)
			}
		} else if boundary && w.jump {
			w.keepJump() // the next cycle has no time frame to judge it by
		}
		var done bool
		if boundary && w.cur.hasAcc {
			done = true
			err = w.emit(s) // before the new frame touches the cycle state
		}
		if boundary {
			if w.cur.hasAcc {
				w.lastGyr = w.cur.hasGyr
			}
			w.cur = witCycle{}
		}
		switch f.typ {
		case witTime:
			if timed {
				w.cur.hasTime, w.cur.t = true, w.anchorT
			}
			if w.jump {
				w.cur.hasTime, w.cur.t = true, w.jumpT
			}
		case witAcc:
			w.cur.hasAcc, w.cur.off = true, off
			copy(w.cur.acc[:], f.v[:3])
		case witGyro:
			if w.layout.Gyr[0] {
				w.cur.hasGyr = true
				copy(w.gyr[:], f.v[:3])
			} else {
				w.stats.Ignored++
			}
		default:
			w.stats.Ignored++
		}
		if bad != nil {
			if !done {
				return bad
			}
			w.held = bad // after the sample (or error) of the cycle before it
		}
		if done {
			return err
		}
	}
}

// timeFrame takes a valid time frame's raw time (seconds since the epoch)
// onto the stream's time base and makes it the anchor, or, when it jumps
// ahead of its prediction by more than witJump, holds it as w.jump (the
// anchor unchanged) until the next time frame. It reports whether the
// anchor was set.
func (w *WitReader) timeFrame(raw float64, off int64) bool {
	t := raw - w.shift
	if w.shift != 0 && w.timeSeen && w.cycle > w.anchorC && w.periodOr() > 0 {
		// a clock that was set back and is now restored: its own
		// time continues the stream again, without the shift
		exp := w.anchorT + float64(w.cycle-w.anchorC)*w.periodOr()
		if math.Abs(raw-exp) < math.Abs(t-exp) {
			w.shift, t = 0, raw
		}
	}
	switch {
	case !w.timeSeen && w.idx0 >= 0:
		// time frames start part way through a stream timed by
		// count: its time base goes on, the frames' clock shifted
		// onto it
		exp := float64(w.cycle-w.idx0) / w.opt.Rate
		w.shift += t - exp
		t = exp
		w.stats.Rebased++
	case w.timeSeen && w.cycle > w.anchorC && t < w.anchorT && w.periodOr() > 0:
		// the device clock went back (reset, re-synced): the
		// stream's times go on from the cycles counted since
		exp := w.anchorT + float64(w.cycle-w.anchorC)*w.periodOr()
		w.shift += t - exp
		t = exp
		w.stats.Rebased++
	case w.timeSeen && w.cycle > w.anchorC && w.periodOr() > 0 &&
		t-(w.anchorT+float64(w.cycle-w.anchorC)*w.periodOr()) > witJump:
		// ahead of its prediction: a pause, or a corrupt frame; the
		// next time frame tells
		w.jump, w.jumpOff, w.jumpC, w.jumpT = true, off, w.cycle, t
		return false
	}
	w.setAnchor(w.cycle, t)
	return true
}

// setAnchor makes t the time of cycle c and the anchor, and measures the
// period from the previous anchor: (t − anchorT)/(c − anchorC). A
// measurement longer than the period known by more than half a period (and
// 1.5 ms, the time frames' millisecond resolution) is cycles lost in
// transit under witJump, which were not counted: it anchors without
// measuring, or the next cycle without a time frame would be put the lost
// cycles late (5 cycles lost at 100 Hz: 50 ms, and the sample after it
// back in time). Eight such in a row are the device's rate gone down, and
// the last is taken.
func (w *WitReader) setAnchor(c int64, t float64) {
	if w.timeSeen && c > w.anchorC && t > w.anchorT {
		p := (t - w.anchorT) / float64(c-w.anchorC)
		excess := t - w.anchorT - float64(c-w.anchorC)*w.period
		if w.period == 0 || excess <= max(0.5*w.period, 0.0015) || w.longer >= witLonger-1 {
			w.period, w.longer = p, 0
		} else {
			w.longer++
		}
	}
	w.timeSeen, w.anchorC, w.anchorT = true, c, t
}

// witLonger is the number of measurements in a row longer than the period
// (setAnchor) that are taken for a new period.
const witLonger = 8

// keepJump accepts the held jump ahead as the time of its cycle (a gap),
// anchoring the times after it. A gap measures no period: the cycles it
// lost were not counted, so the period stays the one measured before.
func (w *WitReader) keepJump() {
	w.jump = false
	w.anchorC, w.anchorT = w.jumpC, w.jumpT
}

// emit turns the current cycle (cycle number w.cycle, or w.cycle−1 when
// the frame that closed it has already been counted) into s.
func (w *WitReader) emit(s *Sample) error {
	c := w.cycle
	if !w.ended {
		c-- // called on the first frame of the next cycle
	}
	var t float64
	switch p := w.periodOr(); {
	case w.cur.hasTime:
		t = w.cur.t
	case w.timeSeen && p > 0:
		t = w.anchorT + float64(c-w.anchorC)*p
	case !w.timeSeen && w.opt.Rate > 0:
		if w.idx0 < 0 {
			w.idx0 = c
		}
		t = float64(c-w.idx0) / w.opt.Rate
	default:
		return w.untimed()
	}
	s.T = t
	if w.layout.Gyr[0] && !w.cur.hasGyr {
		w.stats.GyroMissing++ // w.gyr carried
	}
	for i := range 3 {
		s.Acc[i] = float64(w.cur.acc[i]) * w.accScale
		s.Gyr[i] = float64(w.gyr[i]) * w.gyrScale
	}
	w.stats.Samples++
	w.lastEnd = w.cur.off + witSize
	return nil
}

// mayBeUntimed tells whether the current cycle may turn out untimed in
// emit: no rate, no time frame in the cycle and no period measured yet.
// (A period, once measured, stays positive.)
func (w *WitReader) mayBeUntimed() bool {
	return w.opt.Rate == 0 && !w.cur.hasTime && w.period == 0
}

// cycleCut tells whether the current cycle, at the end of the input, is
// cut: it has its acceleration frame and, in a stream with gyro frames
// still coming (the cycle before had one), not its gyro frame; it could
// be timed (else it is untimed, not cut).
func (w *WitReader) cycleCut() bool {
	return w.cur.hasAcc && w.layout.Gyr[0] && !w.cur.hasGyr && !w.cur.gyrLost && w.lastGyr && !w.mayBeUntimed()
}

// nextLater returns the first of the errors held while a cycle waited for
// its gyro (Read), once that cycle is complete, cut, or followed by
// another; nil otherwise.
func (w *WitReader) nextLater() *FrameError {
	if len(w.later) == 0 || (w.cycle == w.laterC && w.cycleCut()) {
		return nil
	}
	fe := w.later[0]
	n := copy(w.later, w.later[1:])
	w.later = w.later[:n]
	return fe
}

// witLater is the number of corrupt spans after a cycle's acceleration
// frame, its gyro frame not come, at which its gyro frame is taken as lost
// among them (Read): it bounds the errors held.
const witLater = 16

// cut drops the current cycle as cut by the end of the input and returns
// its error.
func (w *WitReader) cut() error {
	w.cur.hasAcc = false
	return &FrameError{Source: w.opt.Name, Offset: w.cur.off, Err: ErrCycleCut}
}

// untimed counts the current cycle as untimed and returns its error.
func (w *WitReader) untimed() error {
	w.stats.Untimed++
	return &FrameError{Source: w.opt.Name, Offset: w.cur.off, Err: ErrNoTimeBase}
}

func (w *WitReader) periodOr() float64 {
	if w.opt.Rate > 0 {
		return 1 / w.opt.Rate
	}
	return w.period
}

// AppendWit appends s as a WitMotion output cycle — a 0x51 acceleration
// frame and a 0x52 angular-rate frame — to dst and returns it: the bytes a
// WitMotion sensor set to ±accRange g (0 means 16) and ±2000 °/s sends.
// Values are rounded to the raw units (accRange/32768 g, 2000/32768 °/s)
// and saturate at full scale; s.T is not sent (no 0x50 time frame), so a
// reader times the stream by BinaryOptions.Rate. It replays recordings to
// serial ports (tests, gaitd demo).
func AppendWit(dst []byte, s Sample, accRange float64) []byte {
	if accRange == 0 {
		accRange = 16
	}
	raw := func(v, full float64) int16 {
		x := math.Round(v / full * 32768)
		return int16(math.Max(-32768, math.Min(32767, x)))
	}
	var a, g [4]int16
	for i := range 3 {
		a[i] = raw(s.Acc[i]/G0, accRange)
		g[i] = raw(s.Gyr[i]*180/math.Pi, 2000)
	}
	dst = AppendWitFrame(dst, witAcc, a)
	return AppendWitFrame(dst, witGyro, g)
}

// AppendWitFrame appends one 11-byte WitMotion frame to dst and returns
// it: 0x55, typ (0x50 time, 0x51 acceleration, 0x52 angular rate, 0x53
// angle, …), the four values as int16 little-endian, and the checksum
// (the low byte of the sum of the first ten bytes).
func AppendWitFrame(dst []byte, typ byte, v [4]int16) []byte {
	f := [witSize]byte{witSync, typ}
	for i, x := range v {
		f[2+2*i], f[3+2*i] = byte(uint16(x)), byte(uint16(x)>>8)
	}
	for _, c := range f[:10] {
		f[10] += c
	}
	return append(dst, f[:]...)
}
