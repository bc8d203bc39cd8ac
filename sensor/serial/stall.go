package serial

import (
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// A stream timed by sample count (WitMotion without 0x50 time frames, RVC,
// text without a time column) has no device clock: when the device goes
// silent while the port stays open (a Bluetooth SPP link that stalls, a
// brown-out behind a USB bridge that stays enumerated, a sensor that
// pauses its output) its count resumes where it stopped, and the pause
// does not show in T. The stall watcher puts it back, from the arrival of
// the port's bytes:
//
//   - A silence is a read that brings bytes stallSilence (0.5 s) or more
//     after the previous one. USB-serial bridges deliver every 1–16 ms,
//     Bluetooth SPP every few tens of ms, a loaded host deschedules a
//     reader for tens of ms: half a second is well over what buffering and
//     scheduling explain, and short enough to keep a stride from being
//     spliced across a pause.
//   - The lag of a sample is its arrival (the read that completed it) less
//     its T. Bytes never arrive before they are measured, so the lag's
//     minimum over the last one to two seconds before the silence is the
//     stream's baseline; the slow drift between the device's crystal and
//     the host clock moves the baseline by well under a millisecond in
//     that window and never triggers anything.
//   - A binary frame is handed out once the next frame's header has
//     arrived (sensor's frame confirmation), so the first sample decoded
//     after a silence was sent before it. WitMotion, WitMotion BLE and
//     RVC say where their sample's bytes end (SampleEnd): their samples
//     are dated by the arrival of those bytes, which also places an
//     acceleration-only WitMotion cycle (handed out two frames after its
//     own) and the samples read before any came out (after the first
//     frame; WitMotion's look-ahead for gyro frames) on the right side of
//     a silence — an RVC pause right after its first frame was timed by
//     the index alone, modulo its wrap. (A binary decoder that did not
//     say would have the first sample after a silence delivered as it
//     is, the samples after it weighed.) A text decoder's lookahead is handed out in one burst
//     after its lines arrived: the session (source.go) dates every row
//     by the arrival of its own line (the decoder's RowLine, counted
//     from the port's first line of the session, whatever was put in or
//     skipped before the decoder began). Each silence is taken at the
//     first sample dated after it, oldest first, so a look-ahead or a
//     lookahead across several pauses has each weighed at its own sample
//     (only the last was: the samples before the one before it were
//     spliced to those after, the gaps put together at the last); two
//     with no sample between them are one.
//   - The samples after the silence are held until the count has caught
//     up with the wall time (their lowest lag is within stallMin of the
//     baseline: the device kept measuring and the kernel or the link
//     buffered its bytes — a descheduled reader, a late burst; nothing is
//     moved) or until stallHold (1 s) of reads after the silence: a
//     kernel's tty buffer of a few KiB drains in milliseconds, but a link
//     that sends its backlog late at line rate (115200 baud is about 5
//     times a 100 Hz WitMotion stream) needs 0.3 s for 1.5 s of it, and
//     one that stutters (silent, a few frames, silent again, then the
//     backlog) comes back after another silence. A silence within
//     stallHold of the last one extends the hold (to stallHoldMax, 3 s,
//     from the first at most) rather than deciding it on the few samples
//     in between. The clock is then moved on at each silence of the hold
//     by the lowest lag of the samples after it (up to the last held)
//     less the baseline, less what the hold's earlier silences moved it,
//     when that is stallMin (0.25 s) or more, so the engine sees a gap of
//     about the silence's length; the samples are delivered at most 1 s
//     late (3 s when silences follow each other) once after such a
//     silence, whether bytes follow or not (below). stallMin is half the shortest silence
//     weighed: a stall leaves an excess of nearly the whole silence, a
//     buffered stream one near 0 (the minima of a few dozen arrivals
//     jitter by tens of ms).
//   - The hold runs out by the wall time as well: when the reads stop
//     within stallHold of the silence while the port stays open (the
//     device stalls, sends a few hundred ms, goes quiet again; the stream
//     ends there) no sample comes to end it, and the samples after the
//     silence were held until more bytes came or the port closed, however
//     long that took. While samples are held the session's read waits
//     until the hold's end at most (due: the time a sample dated then
//     would end it, the silences the port has shown since taken as that
//     sample would take them; a serial port's read timeout, a
//     connection's read deadline — countingReader, boundedPort); a read
//     that gets no bytes by then releases the hold (expire), decided on
//     the samples held as at the end of stallHold of reads. A silence the
//     hold had seen whose first sample has not come stays, weighed at
//     that sample against the samples delivered before it.
//   - RVC: the rolling index gives the time across the silence modulo 256
//     frames (2.56 s at 100 Hz) exactly, and the decoder has already
//     counted that part (its index jump less one as dropped frames). The
//     clock is moved on by the whole number of wraps nearest to the wall
//     time's excess, when that is within stallWrapTol (0.3 s) of it;
//     otherwise (an index that stopped with the output) by the wall time's
//     excess as for the other streams. The frames inside the wraps cannot
//     be counted: the silence is a gap, and the frames its index jump
//     showed (counted by the decoder as dropped) are taken back out of
//     Stats.LostFrames (notLost), so that no part of it counts as lost.
//
// Each such move counts in Stats.Stalls and is logged once with the
// device. Streams with a device clock are left alone.
//
// The count's rate is checked against the wall clock too (not RVC, whose
// rate is fixed): over rateWindow of samples with no silence among them,
// a count that runs outside 0.8–1.25 times the wall clock — the rate
// given is not the sensor's output rate (a WitMotion set to 10 Hz read
// at 100), or a fifth of the frames are lost (a 9600-baud link
// that cannot carry the output) — would put every time off by that
// factor; it is logged once a decoder, with the rate the samples arrive
// at. Nothing is changed: the gaps the silences leave are the only moves.
const (
	stallSilence = 500 * time.Millisecond
	stallMin     = 0.25 // s
	stallHold    = time.Second
	stallHoldMax = 3 * time.Second
	stallWrapTol = 0.3 // s
	stallBucket  = int64(time.Second)
	rateWindow   = 5 * time.Second
)

// stallWatch applies the rule above to one decoder's samples.
type stallWatch struct {
	log    *slog.Logger
	stalls *atomic.Int64
	out    func(sensor.Sample)
	wrap   float64 // RVC: the index's period (256 frames), s; 0 for a plain count
	late   bool    // a sample is handed out after the next frame's header: binary frames
	// frozen: the stream found a device clock (WitMotion time frames
	// began, rebased on the count): the offset stays, nothing is weighed
	frozen bool

	offset float64 // added to the decoder's T, s

	// RVC: the frames the index jump across a silence counted as dropped
	// (the decoder's BinaryStats.Dropped) when the silence became a gap
	notLost int64
	rawLast float64 // the decoder's T of the last sample taken

	// baseline: the lowest lag of the current bucket and of the one
	// before (buckets of stallBucket wall time)
	cur, prev   float64
	bucketStart int64 // Unix ns
	have        bool

	seen int64 // the countingReader's silences handled

	// holding: samples after a silence, waiting for the decision
	held    []sensor.Sample
	heldAt  []int64   // their arrival, Unix ns
	heldLag []float64 // their lag, s (+Inf: sent before a silence of the hold)
	segs    []stallSeg
	since   float64 // the lowest lag since the last silence, s
	base    float64 // the baseline before the hold, s
	holding bool
	// a silence seen, its first sample not taken yet
	pend           bool
	silFrom, silTo int64 // the silence: last read before, first after, Unix ns

	// the count's rate against the wall clock: rate is the one given
	// (0: not checked); the window starts at rateAt0 (Unix ns; 0: not
	// started) with T rateT0, rateLast is the last sample's arrival
	rate              float64
	rateAt0, rateLast int64
	rateT0            float64
	rateWarned        bool
}

// stallSeg is a silence of a hold, from where its samples start in held.
type stallSeg struct {
	start          int
	silFrom, silTo int64
	jump           float64 // the decoder's T across it: its first sample less the one before
}

func newStallWatch(log *slog.Logger, stalls *atomic.Int64, out func(sensor.Sample), wrap float64, late bool, seen int64, rate float64) *stallWatch {
	if wrap > 0 {
		rate = 0 // RVC: fixed, its index counts what is lost
	}
	return &stallWatch{log: log, stalls: stalls, out: out, wrap: wrap, late: late, seen: seen, rate: rate}
}

// sample takes the next sample of a count-timed stream; cr is the
// session's reader. at is the arrival of the sample's bytes (Unix ns) when
// the decoder tells where they are (WitMotion), 0 when not: then its last
// read completed s, or (a binary frame) the one before.
func (w *stallWatch) sample(s sensor.Sample, cr *countingReader, at int64) {
	if w.frozen {
		s.T += w.offset
		w.out(s)
		return
	}
	raw := s.T
	defer func() { w.rawLast = raw }()
	exact := at != 0
	if !exact {
		at = cr.lastAt()
	}
	// The silences before the sample not handled yet, oldest first (a
	// sample known to have come before a silence leaves it, and those
	// after it, for the first sample after it): a lookahead handed out
	// after the port went silent more than once dates each row on its
	// side of each (only the last was weighed, the samples before the
	// one before it spliced to those after). Silences with no sample
	// between them (the bytes between brought none) are one.
	fresh := false
	for w.seen < cr.silences {
		w.seen = max(w.seen, cr.silences-int64(len(cr.sils))) // (older than those kept)
		from, to := cr.silence(w.seen + 1)
		if exact && at < to {
			break
		}
		w.seen++
		if w.pend {
			w.silTo, fresh = to, true
			continue
		}
		if w.holding && len(w.segs) > 0 && to-w.segs[len(w.segs)-1].silTo >= int64(stallHold) {
			w.release() // its time ran out with no sample to end it
		}
		if w.holding || w.have {
			if !w.holding {
				w.holding, w.base = true, min(w.cur, w.prev)
			}
			w.pend, w.silFrom, w.silTo, fresh = true, from, to, true
		}
	}
	if fresh && w.late && !exact {
		// sent before the silence: its arrival is not its own
		s.T += w.offset
		if len(w.held) == 0 {
			w.out(s)
		} else {
			w.hold(s, at, math.Inf(1))
		}
		return
	}
	s.T += w.offset
	if !w.holding {
		w.deliver(s, at)
		return
	}
	if w.pend {
		w.pend = false
		w.segs = append(w.segs, stallSeg{start: len(w.held), silFrom: w.silFrom, silTo: w.silTo, jump: raw - w.rawLast})
		w.since = math.Inf(1)
	}
	lag := float64(at)/1e9 - s.T
	w.hold(s, at, lag)
	w.since = min(w.since, lag)
	last := w.segs[len(w.segs)-1]
	if w.since-w.base < stallMin || at-last.silTo >= int64(stallHold) || at-w.segs[0].silTo >= int64(stallHoldMax) {
		w.release()
	}
}

func (w *stallWatch) hold(s sensor.Sample, at int64, lag float64) {
	w.held = append(w.held, s)
	w.heldAt = append(w.heldAt, at)
	w.heldLag = append(w.heldLag, lag)
}

// due returns when the hold runs out by the wall time alone (Unix ns): 0
// when nothing is held. It is what sample would find at a sample dated
// then: stallHold after the hold's last silence — a silence not weighed
// yet (its first sample to come; the port's silences since, which no
// sample has shown yet, extending it as sample would take them) included
// — and stallHoldMax after its first at most.
func (w *stallWatch) due(cr *countingReader) int64 {
	if w == nil || w.frozen || !w.holding || len(w.held) == 0 {
		return 0
	}
	last, pend := w.segs[len(w.segs)-1].silTo, w.pend
	if pend {
		last = w.silTo
	}
	for k := max(w.seen, cr.silences-int64(len(cr.sils))) + 1; k <= cr.silences; k++ {
		_, to := cr.silence(k)
		if !pend && to-last >= int64(stallHold) {
			break // (sample releases the hold at it: it ran out before)
		}
		last, pend = to, true // (silences with no sample between are one)
	}
	return min(last+int64(stallHold), w.segs[0].silTo+int64(stallHoldMax))
}

// expire releases the hold when its time ran out by now (Unix ns) with no
// sample to end it — the reads stopped within stallHold of the silence,
// the port open: the session's reader waited until due with no bytes —
// deciding it on the samples held, as sample would at a sample dated
// after due. A silence the hold had seen, its first sample not come yet,
// stays, weighed at that sample against those delivered before it (as a
// silence after a hold that ran out is); the port's silences no sample
// has shown yet are taken by the next sample, as they would be.
func (w *stallWatch) expire(cr *countingReader, now int64) {
	if due := w.due(cr); due == 0 || now < due {
		return
	}
	pend, from, to := w.pend, w.silFrom, w.silTo
	w.release()
	if pend && w.have {
		w.holding, w.base = true, min(w.cur, w.prev)
		w.pend, w.silFrom, w.silTo = true, from, to
	}
}

// flush delivers what is held (the session ends, or the decoder changes).
func (w *stallWatch) flush() {
	if w != nil && w.holding {
		w.release()
	}
}

// freeze flushes and keeps the offset from now on without weighing
// silences: the decoder times its samples by a device clock, continued
// from the count (WitMotion time frames that begin part way).
func (w *stallWatch) freeze() {
	w.flush()
	w.frozen = true
}

// release decides on the held samples and delivers them.
func (w *stallWatch) release() {
	w.holding, w.pend = false, false
	if len(w.held) == 0 {
		return // nothing after the silence to weigh
	}
	// what the count misses at each silence: the lowest lag from its
	// samples on, less the baseline
	need := make([]float64, len(w.segs))
	least := math.Inf(1)
	for i := len(w.segs) - 1; i >= 0; i-- {
		end := len(w.held)
		if i+1 < len(w.segs) {
			end = w.segs[i+1].start
		}
		for _, l := range w.heldLag[w.segs[i].start:end] {
			least = min(least, l)
		}
		need[i] = least - w.base
	}
	w.have = false // the baseline starts again from the samples after
	moved, k := 0.0, 0
	for i, g := range w.segs {
		for ; k < g.start; k++ {
			w.deliverHeld(k, moved)
		}
		excess := need[i] - moved
		if excess < stallMin {
			continue
		}
		shift, wraps := excess, 0.0
		if w.wrap > 0 {
			if k := math.Round(excess / w.wrap); k >= 1 && math.Abs(excess-k*w.wrap) <= stallWrapTol {
				shift, wraps = k*w.wrap, k
			}
			w.notLost += max(0, int64(math.Round(g.jump*256/w.wrap))-1)
		}
		moved += shift
		w.stalls.Add(1)
		silence := time.Duration(g.silTo - g.silFrom)
		args := []any{"silence", silence.Round(time.Millisecond), "moved_s", math.Round(shift*1000) / 1000, "stalls", w.stalls.Load()}
		if w.wrap > 0 {
			args = append(args, "index_wraps", wraps)
		}
		w.log.Warn("serial stream went silent on an open port: its sample-count clock is moved on by the time its count missed (a gap)", args...)
	}
	for ; k < len(w.held); k++ {
		w.deliverHeld(k, moved)
	}
	w.offset += moved
	w.held, w.heldAt, w.heldLag, w.segs = w.held[:0], w.heldAt[:0], w.heldLag[:0], w.segs[:0]
}

// deliverHeld delivers held sample k moved on by shift.
func (w *stallWatch) deliverHeld(k int, shift float64) {
	s := w.held[k]
	s.T += shift
	w.deliver(s, w.heldAt[k])
}

// deliver passes s on and adds its lag to the baseline.
func (w *stallWatch) deliver(s sensor.Sample, at int64) {
	w.checkRate(s.T, at)
	lag := float64(at)/1e9 - s.T
	switch {
	case !w.have:
		w.cur, w.prev, w.bucketStart, w.have = lag, lag, at, true
	case at-w.bucketStart >= stallBucket:
		w.prev, w.cur, w.bucketStart = w.cur, lag, at
	default:
		w.cur = min(w.cur, lag)
	}
	w.out(s)
}

// checkRate takes a delivered sample's T and arrival (Unix ns) into the
// check of the count's rate against the wall clock: a window starts again
// after a silence (T may have been moved there), and one of rateWindow
// whose T ran outside 0.8–1.25 times the wall time is logged, once.
func (w *stallWatch) checkRate(t float64, at int64) {
	if w.rate <= 0 || w.rateWarned {
		return
	}
	prev := w.rateLast
	w.rateLast = at
	if w.rateAt0 == 0 || at-prev >= int64(stallSilence) {
		w.rateAt0, w.rateT0 = at, t
		return
	}
	wall := time.Duration(at - w.rateAt0)
	if wall < rateWindow {
		return
	}
	r := (t - w.rateT0) / wall.Seconds()
	w.rateAt0, w.rateT0 = at, t
	if r >= 0.8 && r <= 1.25 {
		return
	}
	w.rateWarned = true
	w.log.Warn("serial stream's samples arrive at a rate other than the one they are timed at: every time and duration is off by that factor; is the rate given the sensor's output rate, or are frames lost?",
		"rate_hz", w.rate, "arriving_hz", math.Round(w.rate*r*10)/10, "over", wall.Round(time.Millisecond))
}
