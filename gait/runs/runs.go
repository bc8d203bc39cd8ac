// Package runs turns one device's stream of samples into runs, written to
// the data directory as a folder holding the run summary (summary.json,
// the JSON of `gaitd analyze --summary`) and the per-step events
// (steps.csv). Folders appear atomically: they are written under a
// temporary name and renamed.
//
// A run starts with the first foot contact after the previous run ended.
// It ends:
//
//   - after Config.Idle without contacts, in the device's time (Push);
//   - after Idle of wall-clock silence, no sample at all (Quiet);
//   - on an explicit stop (Stop);
//   - when the device's clock restarts (see ClockBack): the old clock's
//     run is closed, the new clock's samples start the next;
//   - at shutdown (End, Close).
//
// Nothing else ends a run: a change of activity (a walk into a run, no
// pause) and a change of the device's source (SetSource) leave it one run
// (TestRunNotSplitByActivityOrSource); a gap in the samples shorter than
// Idle is a gap within it; a clock that goes back by less than ClockBack
// only has its late samples refused. Each device has its own Recorder and
// folder (DATA/<device>/<run id>): two devices' runs never mix. A run id
// is the wall-clock time the run opened, to the millisecond; a name
// already taken in the folder — two runs in one millisecond, a clock set
// back — gets a suffix (TestRunIDCollision, TestRunNameTaken).
//
// A Recorder is plain synchronous code owned by one goroutine (the device's
// pipeline); it is not safe for concurrent use. Live reads its rolling
// figures for metrics.
package runs

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/output"
	"github.com/gaitd/gaitd/sensor"
)

// Config sets up a Recorder.
type Config struct {
	// DataDir is the root of the run folders: DataDir/<device>/<run id>/.
	DataDir string
	// Device names the sensor; it must be a safe path element (letters,
	// digits, '-', '_', '.').
	Device string
	// Source says how the samples arrive and are decoded, such as
	// "serial:/dev/ttyUSB0 format=witmotion baud=115200" or
	// "mqtt:tcp://broker:1883 format=sensorlogger"; a run summary's input
	// starts with it. SetSource changes it.
	Source string
	// Engine configures the gait engine that finds the contacts (its
	// Placement that of the run summaries); Layout is the device's
	// stream (channels and rate, Hz), fixed for the Recorder's life.
	Engine gait.Config
	Layout sensor.Layout
	// Idle ends a run when no contact has come for this long, in the
	// device's time (default 30 s).
	Idle time.Duration
	// Window is the number of recent steps behind the live figures
	// (default 20).
	Window int
	// Signals sets the form-signal thresholds of the run summaries and of
	// the live signals (zero fields: defaults). Every run gets a fresh
	// Monitor, so a run is never judged against an earlier run's baseline.
	Signals gait.SignalConfig
	// Clock stamps run ids (default time.Now); tests set it.
	Clock func() time.Time
	// Now is the wall clock that times arrivals for the clock-restart
	// check (default time.Now); tests set it.
	Now func() time.Time
	// OnContact, when set, is called synchronously with every contact as
	// it becomes final (metrics use it).
	OnContact func(gait.Contact)
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidDevice reports whether name can name a device (and its folder):
// 1–64 letters, digits, '.', '-' or '_', not starting with '.', '-' or '_'.
func ValidDevice(name string) bool { return safeName.MatchString(name) }

func (c *Config) defaults() error {
	if c.DataDir == "" {
		return errors.New("runs: Config.DataDir is empty")
	}
	if !safeName.MatchString(c.Device) {
		return fmt.Errorf("runs: Config.Device %q: want 1–64 letters, digits, '.', '-' or '_'", c.Device)
	}
	if c.Idle == 0 {
		c.Idle = 30 * time.Second
	}
	if c.Idle < 0 {
		return fmt.Errorf("runs: Config.Idle %v is negative", c.Idle)
	}
	if c.Window == 0 {
		c.Window = 20
	}
	if c.Window < 0 {
		// (taken, the first contact panicked: the live window's trim
		// sliced the recent steps out of range)
		return fmt.Errorf("runs: Config.Window %d is negative: want the number of recent steps behind the live figures (0: 20)", c.Window)
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c.Signals.WithDefaults().Validate()
}

// Live holds a device's current figures over its last Window steps, as
// the run summary (gait.Report) of those steps gives them but in SI
// units; NaN where unknown. Counters cover the Recorder's whole life.
type Live struct {
	Running bool   // a run is open
	RunID   string // the open run's id
	// CadenceSPM is the cadence in steps per minute (both feet).
	CadenceSPM float64
	// GCT (ground contact time) and Flight are in seconds, VO (vertical
	// oscillation, waist) in metres: gait.Report's ms and mm divided by
	// 1000.
	GCT, Flight, VO float64
	// BalancePct is the left foot's share of the left + right ground
	// contact time, in percent (50 is even).
	BalancePct float64
	// Steps counts the steps of both legs since the Recorder started, as
	// the written runs count them: one per contact, two per contact from
	// one foot's sensor (a shoe or shank: every other step).
	Steps                            int64
	Samples, Rejected, Gaps, Dropped int64
	Signals                          []gait.Signal // the open run's live form signals (Monitor); between runs as before the first
}

// Recorder follows one device. Create it with NewRecorder.
type Recorder struct {
	cfg     Config
	eng     *gait.Engine
	buf     []gait.Contact
	run     *gait.Summary
	runID   string
	started time.Time
	first   float64 // IC of the run's first contact, s (device time)
	lastT   float64 // last sample time, s
	lastC   float64 // last contact IC, s
	// seenIC is the IC of the newest contact an idle check's preview
	// found that the engine had not given yet, s (see analyse)
	seenIC    float64
	recent    []gait.Contact
	base      gait.Stats // engine counters when the run opened
	mon       *gait.Monitor
	steps     int64
	written   []string
	lastID    string    // folder name of the last run written
	failures  int       // failed run writes
	streak    int       // failed writes since the last that succeeded
	retryWall time.Time // wall-clock time before which a failed write is not retried (Quiet, Push)
	ending    bool      // End is writing the run: no retry will come
	// runs closed whose write failed, oldest first: tried again before
	// any later run, which is tried too (see close, flush)
	unwritten []unwrittenRun
	echo      float64 // contacts up to this IC are in a run already (see Quiet), s
	// clock restarts (see Push)
	maxT     float64         // newest sample time given to the engine, s
	back     []sensor.Sample // samples behind maxT, held until they prove a restart
	backWall time.Time       // wall-clock arrival of back[0]
	refused  int64           // samples refused here, not by the engine (see restart)
	restarts int
	// the times and contents of the samples analysed over the last
	// seenSpan s, oldest first, and how many of the held samples they
	// covered and were repeats of (see repeat)
	seen              []seenSample
	checked, repeated int
	// a sample over AheadJump after maxT, held until the next shows the
	// jump real or the sample wrong (see Push)
	ahead     sensor.Sample
	haveAhead bool
	aheadJump float64 // s: min(AheadJump, AheadSteps periods)
	bad       int64   // malformed input since the last run was written (see Bad)
	previewed bool    // Quiet previewed the engine with no run open, and no sample came since
	closed    int     // runs closed (unwrittenRun.seq)
}

// ClockBack is how far behind the newest analysed sample, in seconds, a
// sample must be to count as a possible clock restart.
//
// A device clock that restarts (a phone re-syncing, a sensor rebooting)
// sends samples far behind the ones analysed; the engine refuses those.
// Recorder.Push holds samples ClockBack or more behind the newest
// analysed one, and the samples that go on from them (no step back, no
// hole over 0.5 s) wherever they fall, also less than ClockBack behind and
// past the newest analysed; when the held samples form one unbroken stream
// covering 2 s of their own time, delivered over at least 1 s of
// wall-clock time (a live clock, not a backlog redelivered at once), the
// clock has restarted: the run is closed and written, and the held samples
// start a new one (Recorder.Restarts counts these). A clock that goes back
// by 1–3 s loses nothing so: its samples were held only while ClockBack
// behind, so the new clock reached the newest analysed time before it had
// 2 s of its own and all of it was refused, the jump's worth of samples
// (TestRecorderClockBackShort). Held samples go on past the newest
// analysed only when they ran over the times of samples analysed with
// other values (a new clock over the old one's time): late samples that
// fill a hole of the stream (TestRecorderLateFillNotHeld), or ones that
// repeat samples analysed (the same time and values: a QoS 1 redelivery
// of the last messages), are refused when the stream goes on. Anything
// else held — a late batch, a QoS 1 redelivery, however long — is refused
// and counted, as before. (A clock that goes back by less than ClockBack
// is not told from late samples: the engine refuses the samples behind the
// newest analysed.)
const ClockBack = 0.5

// AheadJump, in seconds, and AheadSteps, in sample periods of the
// stream's rate: a sample more than the smaller of the two after the
// newest analysed one is held until the next sample tells whether the jump
// was real — the next goes on from it (a pause, a gap: both are analysed,
// the held one a sample late) — or the held sample was a wrong time — the
// next comes back before it (a logger's one wrong time, t×1000, a line
// 60 s or 0.3 s on: refused and counted). Taken as real, a wrong time over
// a second ahead was a gap, and the stream's next samples, behind it, a
// clock gone back: the run was closed and a new one started; one less than
// a second ahead made the engine refuse every good sample behind it, 24–90
// of them (black-box rounds over MQTT). A held sample is analysed when the
// stream ends, or after AheadWait of silence (Quiet).
//
// Holding costs no sample: when the next sample comes back, one of the
// two is refused either way. It delays a sample by one period, and only
// after a jump, so a steady stream is never held.
const (
	AheadJump  = 1.0
	AheadSteps = 5
)

// AheadWait is the wall-clock silence after which a sample held on a jump
// ahead is analysed without a next sample to judge it (see Quiet).
const AheadWait = 2 * time.Second

// Clock restart detection, see ClockBack.
const (
	clockSpan = 2.0     // s of the held stream's own time
	clockHole = 0.5     // s, the longest hole in the held stream
	maxHeld   = 1 << 14 // samples held at most
	// seenSpan, s: the samples analysed that held ones are compared with
	// (repeat): a hold starts ClockBack behind and has clockSpan to reach
	// the newest analysed time
	seenSpan = ClockBack + clockSpan
)

// seenSample is a sample analysed: its time and a hash of its values.
type seenSample struct {
	t float64
	h uint64
}

// sampleHash hashes a sample's six values (their bits).
func sampleHash(s *sensor.Sample) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range [6]float64{s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]} {
		h = (h ^ math.Float64bits(v)) * 1099511628211
		h ^= h >> 29
	}
	return h
}

// remember keeps s, which went to the engine as the newest sample, among
// the samples seen; it drops those over seenSpan older (maxHeld at most).
func (r *Recorder) remember(s *sensor.Sample) {
	r.seen = append(r.seen, seenSample{s.T, sampleHash(s)})
	k := 0
	for k < len(r.seen) && (r.seen[k].t < s.T-seenSpan || len(r.seen)-k > maxHeld) {
		k++
	}
	if k > 0 && 2*k >= len(r.seen) {
		r.seen = r.seen[:copy(r.seen, r.seen[k:])]
	} else if k > 0 {
		r.seen = r.seen[k:]
	}
}

// repeat tells whether the samples seen cover s's time — one has it, or
// it falls between two under AheadSteps periods apart, not in a hole of
// the stream analysed or outside it — and whether s is one of them
// analysed again: the same time and values.
func (r *Recorder) repeat(s *sensor.Sample) (covered, same bool) {
	n := len(r.seen)
	i := sort.Search(n, func(i int) bool { return r.seen[i].t >= s.T })
	if i == n {
		return false, false
	}
	if r.seen[i].t == s.T {
		return true, r.seen[i].h == sampleHash(s)
	}
	return i > 0 && r.seen[i].t-r.seen[i-1].t <= r.aheadJump, false
}

// NewRecorder returns a Recorder; it creates DataDir/<device> when the
// first run is written, not now.
func NewRecorder(cfg Config) (*Recorder, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	eng, err := gait.New(cfg.Engine, cfg.Layout)
	if err != nil {
		return nil, err
	}
	r := &Recorder{cfg: cfg, eng: eng, buf: make([]gait.Contact, 0, 8), lastT: math.NaN(), maxT: math.NaN(), echo: math.Inf(-1), seenIC: math.Inf(-1)}
	if r.mon, err = r.newMonitor(); err != nil {
		return nil, err
	}
	r.aheadJump = min(AheadJump, AheadSteps/eng.Rate())
	return r, nil
}

// newMonitor returns a fresh Monitor: no contacts, no baseline, no hold
// timers. Each run gets its own (close replaces it), so the live signals
// judge a run against its own first BaselineS seconds, never against an
// earlier run of the device.
func (r *Recorder) newMonitor() (*gait.Monitor, error) {
	return gait.NewMonitor(gait.NewRunInfo(r.cfg.Engine, r.cfg.Layout), r.cfg.Signals)
}

// Push adds one sample. Contacts open a run; a run is closed and written
// when the device's time has moved Idle past its last contact. Samples
// ClockBack or more behind the newest one are held until they show a clock
// restart, which closes the run and starts a new one with them, or are
// refused and counted (see ClockBack).
func (r *Recorder) Push(s sensor.Sample) error {
	if math.IsNaN(s.T) || math.IsInf(s.T, 0) {
		r.buf = r.eng.Push(r.buf[:0], s) // refused and counted
		return nil
	}
	if r.haveAhead {
		r.haveAhead = false
		if s.T < r.ahead.T {
			r.refused++ // it came back: the held sample's time was wrong
		} else if err := r.analyse(r.ahead); err != nil {
			return err
		}
	}
	if s.T-r.maxT > r.aheadJump && len(r.back) == 0 { // (false before the first sample: maxT NaN)
		r.ahead, r.haveAhead = s, true
		return nil
	}
	return r.analyse(s)
}

// releaseAhead analyses a sample held on a jump (see AheadJump) that no
// later sample came to judge: the stream ended or fell silent after it.
func (r *Recorder) releaseAhead() error {
	if !r.haveAhead {
		return nil
	}
	r.haveAhead = false
	return r.analyse(r.ahead)
}

// analyse is Push past the jump ahead: a sample behind the clock is held as
// a possible restart (see ClockBack), others go to the engine.
func (r *Recorder) analyse(s sensor.Sample) error {
	n := len(r.back)
	// s goes on from the held samples: one stream running on (within
	// clockHole while s is ClockBack behind, else within AheadSteps
	// periods: a late batch before the on-time stream is not joined to it)
	hole := clockHole
	if !(s.T < r.maxT-ClockBack) {
		hole = r.aheadJump
	}
	on := n > 0 && s.T > r.back[n-1].T && s.T-r.back[n-1].T <= hole && n < maxHeld
	if on && s.T > r.maxT && !(r.checked > 0 && r.repeated < r.checked) {
		// s goes on from the newest analysed, and the held samples did
		// not run over the times of samples analysed with other values
		// (a new clock over the old one's time): they were late ones
		// filling a hole, or ones sent again (a QoS 1 redelivery). Taken
		// on, s and the stream after it were held with them, 2 s of them
		// a restart: the run closed, the late samples analysed again as
		// a new clock's (TestRecorderLateFillNotHeld)
		on = false
	}
	if s.T < r.maxT-ClockBack || on {
		if n > 0 && !on {
			if err := r.refuseHeld(); err != nil { // not one stream running on
				return err
			}
		}
		if len(r.back) == 0 {
			r.backWall = r.cfg.Now()
		}
		r.back = append(r.back, s)
		if covered, same := r.repeat(&s); covered {
			r.checked++
			if same {
				r.repeated++
			}
		}
		if s.T-r.back[0].T >= clockSpan && r.cfg.Now().Sub(r.backWall).Seconds() >= clockSpan/2 {
			if r.checked > 0 && r.repeated == r.checked {
				return r.refuseHeld() // sent again, see above
			}
			return r.restart()
		}
		return nil
	}
	if n > 0 {
		if err := r.refuseHeld(); err != nil {
			return err
		}
	}
	if !(s.T <= r.maxT) {
		r.maxT = s.T
		r.remember(&s)
	}
	r.lastT = s.T
	r.buf = r.eng.Push(r.buf[:0], s)
	r.previewed = false
	idle := r.cfg.Idle.Seconds()
	var err error
	if len(r.unwritten) > 0 && !r.cfg.Now().Before(r.retryWall) {
		err = r.flush() // a failed write, retried while the stream goes on
	}
	for _, c := range r.buf {
		if r.run != nil && c.IC > r.echo && c.IC-r.lastC > idle {
			// a pause longer than Idle, found only now (the engine
			// reports a contact up to a stride and more after its
			// IC): the run ended at the contact before it
			if cerr := r.close(r.lastC); cerr != nil && err == nil {
				err = cerr
			}
		}
		r.contact(c)
	}
	if err != nil {
		return err
	}
	last := r.lastC // the newest contact, also one the engine still holds
	if h := r.eng.HeldIC(); h > last {
		last = h
	}
	last = math.Max(last, r.seenIC)
	if r.run != nil && s.T-last > idle {
		// No contact given for Idle — but the engine gives a contact only
		// once it is sure of it: a one-foot sensor's after its swing, 1.4
		// s into a walker's stride of 1.1 s (so every contact came over 2
		// s after the one before: with Idle 2 s a run per contact), and
		// the one a walker stops on 3.5 s after the swing before it. The
		// contacts it would give if the stream ended here tell: a newer
		// one than the last given, less than Idle ago, is gait going on.
		r.buf = r.eng.Preview(r.buf[:0])
		if n := len(r.buf); n > 0 && r.buf[n-1].IC > last {
			r.seenIC = r.buf[n-1].IC
			if s.T-r.seenIC <= idle {
				return nil
			}
		}
		// Idle: the contacts the engine has not given go into this run
		// (as at a silence, see Quiet) and come out again later, passed
		// over (echo); the engine keeps its state.
		for _, c := range r.buf {
			if c.IC > r.echo {
				r.contact(c)
				r.echo = math.Max(r.echo, c.IC+echoTol)
			}
		}
		return r.close(r.lastC)
	}
	return nil
}

// release passes the contacts the engine holds for their successor into
// the open run when a pause before t has ended their bout (Engine.EndBout).
func (r *Recorder) release(t float64) {
	r.buf = r.eng.EndBout(r.buf[:0], t)
	for _, c := range r.buf {
		r.contact(c)
	}
}

// refuseHeld passes the held samples behind the newest analysed to the
// engine, which refuses and counts them; those after it (a held stream
// that went on past it, then broke) are analysed as any other.
func (r *Recorder) refuseHeld() error {
	held := r.back
	r.back = nil
	r.checked, r.repeated = 0, 0
	var err error
	for _, b := range held {
		if b.T > r.maxT {
			if aerr := r.analyse(b); aerr != nil && err == nil {
				err = aerr
			}
			continue
		}
		r.buf = r.eng.Push(r.buf[:0], b)
	}
	if r.back == nil {
		r.back = held[:0]
	}
	return err
}

// restart closes the run of the old clock and analyses the held samples as
// the start of a new stream.
func (r *Recorder) restart() error {
	held := r.back
	r.back = nil
	r.checked, r.repeated = 0, 0
	r.buf = r.eng.Flush(r.buf[:0]) // the old clock's last contacts
	for _, c := range r.buf {
		r.contact(c)
	}
	r.echo = math.Inf(-1) // (the new clock's times are not the old one's)
	var err error
	if r.run != nil {
		// a write that fails keeps the old clock's run for a retry, and
		// the new clock's samples start a run of their own as they do
		// when it is written (they were refused, the old run kept open:
		// every new-clock sample for as long as the disk stayed full)
		err = r.close(r.lastT)
	}
	r.maxT = math.NaN() // the engine starts a new time base
	r.seen = r.seen[:0]
	r.seenIC = math.Inf(-1)
	r.restarts++
	for _, b := range held {
		if perr := r.Push(b); perr != nil && err == nil {
			err = perr
		}
	}
	return err
}

// Restarts returns how many times the device's clock restarted: samples
// that went back by ClockBack or more and then ran on as a live stream,
// which closed the run and started a new one (see ClockBack).
func (r *Recorder) Restarts() int { return r.restarts }

func (r *Recorder) contact(c gait.Contact) {
	if c.IC <= r.echo {
		return // in the run a silence closed already (Quiet)
	}
	if r.run == nil {
		r.run = gait.NewSummary(r.cfg.Engine.Placement)
		r.run.SetRunInfo(gait.NewRunInfo(r.cfg.Engine, r.cfg.Layout))
		r.run.SignalConfig = r.cfg.Signals
		r.started = r.cfg.Clock().UTC()
		r.eng.ForgetSlow() // a rate fall before the run is not its own
		r.base = r.Stats()
		r.runID = runID(r.started)
		r.first = c.IC
	}
	r.run.Add(c)
	r.lastC = c.IC
	if r.cfg.OnContact != nil {
		r.cfg.OnContact(c)
	}
	r.steps++
	if r.cfg.Engine.Placement.Foot() {
		r.steps++ // one foot's contact is every other step
	}
	r.mon.Add(c)
	// the live window is Window steps of both legs: for one foot's
	// sensor half as many contacts (it held Window contacts, twice the
	// steps)
	n := r.cfg.Window
	if r.cfg.Engine.Placement.Foot() {
		n = max(1, (n+1)/2)
	}
	if len(r.recent) >= n {
		copy(r.recent, r.recent[1:])
		r.recent = r.recent[:len(r.recent)-1]
	}
	r.recent = append(r.recent, c)
}

// Stop ends the open run now (an explicit stop while the stream goes on)
// and writes it; it returns the run id, or "" when no run was open. The
// contacts the engine holds for their successor go into this run, their
// bout ended (Engine.EndBout: step and flight unknown, as for a bout's last
// contact), and the engine keeps its state: the contact in progress and
// those after it go to the next run as an uninterrupted analysis finds
// them, so no contact is lost. (It flushed the engine, whose restart lost
// the contact in progress: in neither run.) With an error, the id is ""
// when this run's write failed (it is kept for a retry), the run's id when
// it was written and a run kept from an earlier failure still was not.
func (r *Recorder) Stop() (string, error) {
	r.release(math.Inf(1))
	return r.closeNow()
}

// closeNow writes the open run, ending at the last sample, and returns its
// id ("" when no run was open). With no run open it writes the runs whose
// write failed before, and returns the id of the last (see close).
func (r *Recorder) closeNow() (string, error) {
	if r.run == nil {
		if len(r.unwritten) == 0 {
			return "", nil
		}
		if err := r.flush(); err != nil {
			return "", err
		}
		return r.lastID, nil
	}
	if err := r.close(r.lastT); err != nil {
		if n := len(r.unwritten); n > 0 && r.unwritten[n-1].seq == r.closed {
			// this run is among those kept (told by its place, not its
			// id: two runs of one millisecond's id, a clock set back)
			return "", err
		}
		// this run written, an older one kept (flush tries each):
		// its id with the older's error. It read as not written, and
		// an HTTP stop answered 500 with no run (TestStopOlderKept)
		return r.lastID, err
	}
	return r.lastID, nil
}

// End ends the stream (shutdown): the engine is flushed, its last contacts
// go to the open run, which is written (those a silence's run holds
// already are passed over, see Quiet) after the runs kept from failed
// writes; it returns the run id, or "" when no run was open (with none
// open, the id of the last kept run it wrote).
func (r *Recorder) End() (string, error) {
	r.ending = true
	defer func() { r.ending = false }()
	// (a write that fails on the way — a run the held samples close — is
	// kept, and tried again with the open run below: its error is that
	// try's)
	_ = r.releaseAhead()
	if len(r.back) > 0 {
		_ = r.refuseHeld() // held, not proven a new clock: refused and counted
	}
	r.buf = r.eng.Flush(r.buf[:0])
	r.maxT = math.NaN() // the engine starts a new time base
	r.seen = r.seen[:0]
	for _, c := range r.buf {
		r.contact(c)
	}
	return r.closeNow()
}

// Quiet tells the Recorder that no sample has arrived for d of wall-clock
// time (a sensor switched off or out of range, or a network outage): an
// open run idle that long is closed and written, as by Stop — the contacts
// the engine holds go into it and the engine keeps its state, so that
// samples that arrive later on the same clock (a device that buffered
// through the outage) are analysed as one uninterrupted stream would be.
// (It flushed the engine, whose restart changed every contact after: 65
// for 62 on a mobgap walk, sides flipped.)
//
// A sample held on a jump ahead (see AheadJump) is analysed after
// AheadWait of silence, run or not: the stream's last message, after one
// lost, is not kept from the engine until the idle time.
func (r *Recorder) Quiet(d time.Duration) error {
	if r.haveAhead && (d >= AheadWait || r.run != nil && d >= r.cfg.Idle) {
		if err := r.releaseAhead(); err != nil {
			return err
		}
	}
	if d < r.cfg.Idle {
		return nil
	}
	// No run open, but the engine may hold a bout's first contacts, not
	// given yet (a sensor switched on, a few steps, switched off; a phone
	// gone a second into a run): they are a run the silence closes, as
	// when one is open. They stayed in the engine until the shutdown,
	// which wrote them stamped with its own time
	// (TestRecorderSilenceBeforeRunOpens). Previewed once per silence.
	bout := false
	if r.run == nil && !r.previewed {
		r.previewed = true
		r.buf = r.eng.Preview(r.buf[:0])
		for _, c := range r.buf {
			bout = bout || c.IC > r.echo
		}
	}
	if r.run == nil && !bout && len(r.unwritten) == 0 {
		return nil // (also when the sample released closed the run)
	}
	wait := r.streak > 0 && r.cfg.Now().Before(r.retryWall) // a failed write waits (see retryBackoff)
	if r.run == nil && !bout {
		if wait {
			return nil
		}
		return r.flush()
	}
	// the contacts the engine would emit if the stream ended here go
	// into this run — the held ones and the one in progress — and the
	// engine is left as it was: if the stream goes on they come out again
	// and are passed over (echo); if it does not, a shutdown's flush
	// emits them again, passed over too. (A stop's release left the
	// contact in progress to open a run of its own at shutdown: most
	// silences mid-walk; confirming it in the engine itself changed the
	// resumed analysis. A flush restarted the engine: a device buffering
	// through an outage had every later contact analysed afresh.)
	r.buf = r.eng.Preview(r.buf[:0])
	for _, c := range r.buf {
		r.contact(c)
		r.echo = math.Max(r.echo, c.IC+echoTol)
	}
	if wait {
		// the run ends here all the same (samples after the silence
		// start the next); it is written with the failed one
		r.unwritten = append(r.unwritten, r.closeRun(r.lastT))
		return nil
	}
	_, err := r.closeNow()
	return err
}

// retryBackoff is how long Quiet, or the stream's next sample, waits, in
// wall-clock time, before it tries again to write a run whose n-th write
// in a row failed: 5 s, then doubling, at most 5 min. (It tried every
// second, each an ERROR line: a full disk's journal took 3600 an hour per
// device — a black-box round.) A stop, a shutdown and a run closed by the
// device's own time (the idle time, a clock restart) still try at once.
func retryBackoff(n int) time.Duration {
	return min(5*time.Second<<min(n-1, 10), 5*time.Minute)
}

// echoTol, s: a contact the engine emits after a silence within this of the
// last one a preview put into the closed run is that contact again.
const echoTol = 0.1

// Close flushes and writes the open run (shutdown).
func (r *Recorder) Close() error {
	_, err := r.End()
	return err
}

// Stats returns the engine's counters over the Recorder's life (cheap),
// with the samples the Recorder itself refused in Rejected.
func (r *Recorder) Stats() gait.Stats {
	st := r.eng.Stats()
	st.Samples += r.refused
	st.Rejected += r.refused
	return st
}

// WriteFailures returns the number of failed attempts to write a run (the
// run is kept, closed, and the write is retried: see close).
func (r *Recorder) WriteFailures() int { return r.failures }

// Runs returns the number of runs written.
func (r *Recorder) Runs() int { return len(r.written) }

// Written lists the ids of the runs this Recorder wrote.
func (r *Recorder) Written() []string { return append([]string(nil), r.written...) }

// Live returns the current figures.
func (r *Recorder) Live() Live {
	st := r.Stats()
	l := Live{Running: r.run != nil, RunID: r.runID, Steps: r.steps, Samples: st.Samples, Rejected: st.Rejected, Gaps: st.Gaps, Dropped: st.Dropped,
		CadenceSPM: math.NaN(), GCT: math.NaN(), Flight: math.NaN(), VO: math.NaN(), BalancePct: math.NaN(), Signals: r.mon.Signals()}
	if r.run == nil {
		l.RunID = ""
	}
	if len(r.recent) > 0 {
		s := gait.NewSummary(r.cfg.Engine.Placement)
		s.SignalConfig = r.cfg.Signals // its side floor, as the run's summary
		// the live balance from a quarter of the window per foot (10 of
		// the default 20 steps each way would need every step's side)
		s.MinPerSide = max(2, r.cfg.Window/4)
		for _, c := range r.recent {
			s.Add(c)
		}
		rep := s.Report()
		val := func(p *float64, scale float64) float64 {
			if p == nil {
				return math.NaN()
			}
			return *p * scale
		}
		l.CadenceSPM, l.GCT, l.Flight, l.VO = val(rep.CadenceSPM, 1), val(rep.GCTms, 1e-3), val(rep.FlightMs, 1e-3), val(rep.VOmm, 1e-3)
		l.BalancePct = val(rep.GCTBalancePct, 1)
	}
	return l
}

// Record is what the data directory holds about one run.
type Record struct {
	Device  string `json:"device"`
	ID      string `json:"id"`
	Started string `json:"started"` // wall-clock time the run opened, UTC
	gait.Report
	// As in analyze's summary: the stream's channels and rate, the engine's
	// rate, and the malformed frames, lines or messages of the device
	// while the run was open.
	Input    string  `json:"input"`
	RateHz   float64 `json:"rate_hz"`
	BadLines int64   `json:"bad_lines"`
}

// describe names a stream's source and format, frame, channels and rate,
// like the readers' Describe.
func describe(src string, l sensor.Layout) string {
	axes := func(on [3]bool, own bool) string {
		var n []string
		for i, ok := range on {
			if ok {
				n = append(n, [...]string{"x", "y", "z"}[i])
				if l.Frame == sensor.FrameAnatomical && !own {
					n[len(n)-1] = [...]string{"v", "ap", "ml"}[i]
				}
			}
		}
		if len(n) == 0 {
			return "none"
		}
		return strings.Join(n, ",")
	}
	frame := "sensor"
	if l.Frame == sensor.FrameAnatomical {
		frame = "anatomical"
	}
	gyro := axes(l.Gyr, l.GyrOwnFrame)
	if l.GyrOwnFrame && l.HasGyro() {
		gyro += "(the sensor's own axes)"
	}
	d := fmt.Sprintf("acc=%s gyro=%s rate=%.1fHz frame=%s", axes(l.Acc, false), gyro, l.Rate, frame)
	if src != "" {
		d = src + " " + d
	}
	return d
}

// SetSource sets Config.Source: the runs written from now on (the open
// one included) name it in their input.
func (r *Recorder) SetSource(src string) { r.cfg.Source = src }

// Bad counts n malformed frames, lines or messages of the device: they go
// into the open run's bad_lines (or the next run's, between runs).
func (r *Recorder) Bad(n int64) { r.bad += n }

// ErrNotWritten is wrapped by the errors of a run that could not be
// written (disk full, permissions, a file where a folder should be): the
// samples were analysed, and the run is kept as it closed for a retry
// (or, at shutdown, is lost).
var ErrNotWritten = errors.New("runs: run not written")

// notWritten wraps a write failure's error with ErrNotWritten, its text
// unchanged.
type notWritten struct{ error }

func (e notWritten) Unwrap() []error { return []error{e.error, ErrNotWritten} }

// unwrittenRun is a run closed whose write failed: its record and
// contacts as they were when it closed, kept for a retry.
type unwrittenRun struct {
	rec Record
	cs  []gait.Contact
	seq int // the Recorder's count of runs closed when it closed: which run it is (ids can repeat)
}

// close ends the open run at end and writes it, after the runs whose
// write failed before (oldest first). When a write fails (disk full,
// read-only file system) the run is kept as it closed, and a later Stop,
// Quiet, run close, sample (after retryBackoff) or Close tries again; the
// samples and contacts after its end go to the next run as they would if
// it had been written. (It stayed open for the retry, and took them:
// two bouts 40 s apart made one run, a stopped run the steps after its
// stop.)
func (r *Recorder) close(end float64) error {
	r.unwritten = append(r.unwritten, r.closeRun(end))
	return r.flush()
}

// closeRun ends the open run at end and returns it to be written; the next
// contact opens a new run, with fresh live signals.
func (r *Recorder) closeRun(end float64) unwrittenRun {
	run, id := r.run, r.runID
	if math.IsNaN(end) || end < r.first {
		end = r.lastC
	}
	run.Span(r.first, end)
	st := r.Stats() // this run's share of the counters
	st.Samples -= r.base.Samples
	st.Rejected -= r.base.Rejected
	st.Gaps -= r.base.Gaps
	st.Bridged -= r.base.Bridged
	st.Contacts -= r.base.Contacts
	st.Dropped -= r.base.Dropped
	st.Filled -= r.base.Filled
	st.Clipped -= r.base.Clipped
	st.GyroSamples -= r.base.GyroSamples
	st.GyroSaturated -= r.base.GyroSaturated
	st.APBrakeSum -= r.base.APBrakeSum
	st.APBrakeN -= r.base.APBrakeN
	st.VerticalSum -= r.base.VerticalSum
	st.VerticalN -= r.base.VerticalN
	if float64(st.VerticalN) >= minVerticalS*r.eng.Rate() {
		st.MeanVertical = st.VerticalSum / float64(st.VerticalN)
	} // else the device's mean so far (see minVerticalS)
	run.SetStats(st)
	rec := Record{Device: r.cfg.Device, ID: id, Started: r.started.Format(time.RFC3339Nano), Report: run.Report(),
		Input: describe(r.cfg.Source, r.cfg.Layout), RateHz: r.eng.Rate(), BadLines: r.bad}
	r.run, r.runID, r.recent, r.bad = nil, "", r.recent[:0], 0
	// The next run starts its live signals afresh; until it opens they
	// read as before the first run (unavailable, "no contacts yet").
	if mon, err := r.newMonitor(); err == nil { // (cannot fail: NewRecorder made one with this configuration)
		r.mon = mon
	}
	r.closed++
	return unwrittenRun{rec, run.Contacts(), r.closed}
}

// flush writes the runs closed and not written yet, oldest first. One that
// fails is kept, in its place, and the others are still tried: a run's
// write can fail for itself — a long run's steps.csv that does not fit a
// nearly full disk — and the shorter runs after it, which fit, waited
// behind it for good (the writes stopped at the first failure), all lost
// at shutdown (TestRunThatDoesNotFit). The error is the oldest failure's,
// with the number of other runs kept.
func (r *Recorder) flush() error {
	var first error
	var firstRun Record
	kept := r.unwritten[:0]
	for i, u := range r.unwritten {
		r.unwritten[i] = unwrittenRun{}
		final, err := writeRun(r.cfg.DataDir, r.cfg.Device, u.rec.ID, u.rec, u.cs)
		if err != nil {
			r.failures++
			if first == nil {
				first, firstRun = err, u.rec
			}
			kept = append(kept, u)
			continue
		}
		r.written = append(r.written, final)
		r.lastID = final
	}
	if first == nil {
		r.streak = 0
		r.unwritten = nil
		return nil
	}
	r.unwritten = kept
	r.streak++
	r.retryWall = r.cfg.Now().Add(retryBackoff(r.streak))
	more := ""
	if n := len(kept) - 1; n > 0 {
		more = fmt.Sprintf(", and %d other run(s)", n)
	}
	// the run's folder by its full path: the cause names the temporary
	// folder, removed since, and <device>/<id> alone left the data
	// directory to guess (TestWriteErrorNamesPath)
	path := filepath.Join(r.cfg.DataDir, r.cfg.Device, firstRun.ID)
	if r.ending {
		return notWritten{fmt.Errorf("runs: run %s of %d steps%s lost at shutdown, not written: %w", path, firstRun.Steps, more, first)}
	}
	return notWritten{fmt.Errorf("runs: writing run %s (kept%s, will retry): %w", path, more, first)}
}

// Unwritten returns the number of runs closed whose write failed, kept for
// a retry.
func (r *Recorder) Unwritten() int { return len(r.unwritten) }

// minVerticalS is the least of a run's own time, s, whose vertical channel
// its summary's checks read (Stats.MeanVertical: a lone axis's tilt, a
// wrong scale): a run stopped a few steps in has part of a stride, whose
// mean is no gravity (0.00–0.77 g running, 1.29 g walking, each said to
// be a wrong --acc-unit); it takes the device's mean so far.
const minVerticalS = 2.0

// writeRun writes DataDir/device/id/{summary.json,steps.csv} under a
// temporary name and renames the folder into place.
func writeRun(dataDir, device, id string, rec Record, cs []gait.Contact) (string, error) {
	dir := filepath.Join(dataDir, device)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		// a device's first run: its folder, and the data directory's
		// entry for it, made durable before the run's rename is
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		_ = output.SyncDir(dataDir)
	}
	tmp, err := os.MkdirTemp(dir, "."+id+".tmp")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	name := id
	if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
		// two runs opened in the same millisecond: keep both, the id in
		// summary.json the folder's name (it kept the first run's). Any
		// entry takes the name, a link to nothing too (os.Stat, which
		// follows links, took that for a free name, and the rename onto
		// it failed at every retry, holding back every later run:
		// TestRunNameTaken)
		name += "-" + filepath.Base(tmp)[len(id)+5:]
	}
	rec.ID = name
	if err := output.WriteJSON(filepath.Join(tmp, "summary.json"), rec); err != nil {
		return "", err
	}
	f, err := output.CreateAtomic(filepath.Join(tmp, "steps.csv"))
	if err != nil {
		return "", err
	}
	defer f.Abort()
	ev, err := output.NewEventsWriter(f)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if err := ev.Write(c); err != nil {
			return "", err
		}
	}
	if err := ev.Flush(); err != nil {
		return "", err
	}
	if err := f.Commit(); err != nil {
		return "", err
	}
	if err := place(tmp, filepath.Join(dir, name)); err != nil {
		return "", err
	}
	ok = true
	return name, nil
}

// place moves a run folder whose files are written (tmp) to its name
// (final), in the same device folder.
func place(tmp, final string) error {
	// the folder as os.Mkdir would make it under the umask, read from
	// the file just written (0666 less the umask): its read bits are the
	// folder's search bits too (0644 → 0755, 0600 → 0700); MkdirTemp
	// made it 0700, and 0755 whatever the umask showed a private
	// daemon's runs to every user
	fi, err := os.Stat(filepath.Join(tmp, "steps.csv"))
	if err != nil {
		return err
	}
	p := fi.Mode().Perm()
	if err := os.Chmod(tmp, p|(p&0o444)>>2); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	// make the rename durable; the run is in place either way, and a
	// failure here must not make the caller write it a second time
	_ = output.SyncDir(filepath.Dir(final))
	return nil
}

// runID is the id of a run started at t (UTC): its time to the
// millisecond, without the decimal point (20261124T221644799Z).
func runID(t time.Time) string {
	return strings.Replace(t.UTC().Format("20060102T150405.000Z"), ".", "", 1)
}

// staleRun is the name writeRun's os.MkdirTemp gives a run folder being
// written: "." + the run id (runID: 20060102T150405000Z) + ".tmp" +
// digits (the pattern had the id's decimal point, which ids do not have,
// and matched no folder a write left — an audit); and
// staleFile the names a finished or interrupted write leaves inside it
// (output.CreateAtomic's temporary files are "." + name + ".tmp" + digits).
var (
	staleRun  = regexp.MustCompile(`^\.\d{8}T\d{9}Z\.tmp\d+$`)
	staleFile = regexp.MustCompile(`^(summary\.json|steps\.csv|\.(summary\.json|steps\.csv)\.tmp\d+)$`)
)

// RemoveStale removes the temporary run folders (DataDir/<device>/.<run
// id>.tmpNNN) that a Recorder leaves when its process is killed while it
// writes a run — a second signal during shutdown, a SIGKILL, a power cut;
// they are never renamed into place and nothing else removes them. Only a
// folder of writeRun's naming pattern, in a device folder, holding nothing
// but the files a run write makes, is removed; one holding anything else
// is left and returned in kept (it is not the Recorder's alone). A folder
// whose write was complete — summary.json (with a run id) and steps.csv,
// both in place, killed before the folder's rename — is not removed but
// renamed into place, as the write would have, and returned in recovered
// (its final path). Call it before any Recorder of dataDir runs: a folder
// being written is removed too. A dataDir that does not exist has none.
func RemoveStale(dataDir string) (removed, recovered, kept []string, err error) {
	devs, err := os.ReadDir(dataDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	var errs []error
	for _, d := range devs {
		if !d.IsDir() || !safeName.MatchString(d.Name()) {
			continue
		}
		dir := filepath.Join(dataDir, d.Name())
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue // unreadable: not ours
		}
		for _, e := range ents {
			if e.Type() != os.ModeDir || !staleRun.MatchString(e.Name()) {
				continue // (a link is not followed, let alone removed)
			}
			p := filepath.Join(dir, e.Name())
			files, err := os.ReadDir(p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ours := true
			var done int // summary.json and steps.csv in place
			for _, f := range files {
				ours = ours && f.Type().IsRegular() && staleFile.MatchString(f.Name())
				if f.Name() == "summary.json" || f.Name() == "steps.csv" {
					done++
				}
			}
			if !ours {
				kept = append(kept, p)
				continue
			}
			if done == 2 && len(files) == 2 {
				if final, ok := recoverRun(dir, p); ok {
					recovered = append(recovered, final)
					continue
				}
			}
			if err := os.RemoveAll(p); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	return removed, recovered, kept, errors.Join(errs...)
}

// recoverRun renames the complete run folder tmp in the device folder dir
// into place under the id its summary.json holds (with tmp's digits after
// a dash when a run of that id is there: writeRun's naming of two runs in
// one millisecond). It returns the final path, or false when the summary
// cannot be read or holds no valid id, or the rename fails.
func recoverRun(dir, tmp string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(tmp, "summary.json"))
	if err != nil {
		return "", false
	}
	var rec Record
	if json.Unmarshal(b, &rec) != nil || !safeName.MatchString(rec.ID) {
		return "", false
	}
	final := filepath.Join(dir, rec.ID)
	if _, err := os.Lstat(final); err == nil {
		final += "-" + filepath.Base(tmp)[strings.LastIndex(filepath.Base(tmp), ".tmp")+4:]
		if _, err := os.Lstat(final); err == nil {
			return "", false
		}
	}
	if place(tmp, final) != nil {
		return "", false
	}
	return final, true
}

// List returns the runs in dataDir, newest first. Folders being written
// (temporary names), folders that are not device or run folders, and run
// folders without a readable summary.json are skipped.
func List(dataDir string) ([]Record, error) {
	devs, err := os.ReadDir(dataDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Record
	for _, d := range devs {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		if !safeName.MatchString(d.Name()) {
			continue // not a device folder (lost+found, …)
		}
		runs, err := os.ReadDir(filepath.Join(dataDir, d.Name()))
		if err != nil {
			continue // unreadable: not ours
		}
		for _, rd := range runs {
			if !rd.IsDir() || !safeName.MatchString(rd.Name()) {
				continue
			}
			rec, err := Load(dataDir, d.Name(), rd.Name())
			if err != nil {
				continue // not a run folder, or a damaged one: the others still list
			}
			out = append(out, rec)
		}
	}
	// Started is RFC 3339 with a variable number of fraction digits, so
	// compare parsed times, not strings.
	at := func(r Record) time.Time { t, _ := time.Parse(time.RFC3339Nano, r.Started); return t }
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := at(out[i]), at(out[j])
		if ti.Equal(tj) {
			return out[i].ID > out[j].ID
		}
		return ti.After(tj)
	})
	return out, nil
}

// Load reads one run's summary.
func Load(dataDir, device, id string) (Record, error) {
	var rec Record
	if !safeName.MatchString(device) || !safeName.MatchString(id) {
		return rec, fmt.Errorf("runs: bad device or run id %q/%q", device, id)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, device, id, "summary.json"))
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, fmt.Errorf("runs: %s/%s/summary.json: %w", device, id, err)
	}
	rec.ID = id
	return rec, nil
}
