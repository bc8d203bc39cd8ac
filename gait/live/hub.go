// Package live is the daemon's core: it keeps one run recorder per device
// (package runs), publishes the devices' live figures as Prometheus metrics
// on a private registry, and serves the HTTP API (/metrics, /api/devices,
// /api/runs).
//
// Sources (serial ports, MQTT subscriptions) call Push from their own
// goroutines with the samples they decoded; a Hub serialises the calls for
// each device with that device's lock, so the engine and recorder stay
// plain synchronous code. The number of devices is bounded by
// Config.MaxDevices: samples for further devices are refused and counted,
// so a publisher inventing device names cannot exhaust memory or metric
// cardinality.
package live

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
)

// LiveEvery is the shortest interval between two updates of a device's
// gauges; a contact is in the gauges at most about 2·LiveEvery after it
// was found.
const LiveEvery = 200 * time.Millisecond

// DefaultMaxDevices is Config.MaxDevices when zero.
const DefaultMaxDevices = 64

// ErrTooManyDevices is returned by Push for a new device when MaxDevices
// devices exist already.
var ErrTooManyDevices = errors.New("live: too many devices")

// Config sets up a Hub.
type Config struct {
	// DataDir receives the run folders (see package runs).
	DataDir string
	// MaxDevices bounds the number of devices (default 64).
	MaxDevices int
	// Idle ends a run after this long without contacts (default 30 s).
	Idle time.Duration
	// Engine configures every device's engine (placement, speed, …).
	Engine gait.Config
	// Devices overrides Engine for the devices it names.
	Devices map[string]gait.Config
	// Reorder is how long samples pushed with PushUnordered wait to be put
	// in time order (0: not at all), up to 8 times as long while they keep
	// arriving out of order. It adds to the latency of the gauges.
	Reorder time.Duration
	// Window is the number of recent steps behind the live gauges
	// (default 20).
	Window int
	// Signals sets the thresholds and hold time (Sustain) of the form
	// signals: the live ones (gaitd_signal_state, /api/devices) and those
	// of the written run summaries. Zero fields keep their defaults. Each
	// run is judged on its own: its live signals start afresh (baseline,
	// hold times, window) when it opens, and read unavailable between runs.
	Signals gait.SignalConfig
	// Sources names the sources whose connection state is exported
	// (gaitd_source_connected); SetConnected accepts only these, which
	// keeps the label bounded.
	Sources []string
	// Version is exported in gaitd_build_info.
	Version string
	// Logger receives the hub's log records (devices started and refused,
	// runs written, write errors); nil discards them.
	Logger *slog.Logger
	// Clock stamps run ids (default time.Now).
	Clock func() time.Time
	// Now is the wall clock that times the samples' arrivals: the reorder
	// hold (Reorder) and the recorders' clock-restart check (default
	// time.Now); tests set it.
	Now func() time.Time
	// Forget frees the place (among MaxDevices) of a device that has sent
	// no sample for this long of wall-clock time and has no open run: a
	// phone app that names each session's device anew would otherwise
	// fill MaxDevices until restart. Its metric series are removed (its
	// label value would otherwise stay exported for good), and it leaves
	// /api/devices; its written runs stay. A device that comes back is a
	// new one: its counters start at 0 (a counter reset, which rate() and
	// increase() take in their stride). Devices registered with AddDevice
	// (serial ports) are never forgotten. 0: never.
	Forget time.Duration
	// OnForget, when set, is called with the name of each device
	// forgotten, outside the Hub's locks.
	OnForget func(name string)
}

// Hub follows every device. Create it with New; it is safe for concurrent
// use.
type Hub struct {
	cfg Config
	log *slog.Logger
	reg *prometheus.Registry
	m   *metrics

	mu      sync.Mutex
	devs    map[string]*device
	closed  bool
	sources map[string]bool
	closing atomic.Bool // Close has begun (read under a device's lock)

	// the messages dropped for no device the hub holds ("unknown"),
	// under mu: not said yet, and the time of the last line about them
	dropUnknown dropLog
}

// dropLog is what DroppedMessages has said of a name's dropped messages:
// how many it has not said yet, and when its last line was.
type dropLog struct {
	n    int
	last time.Time
}

type device struct {
	name string
	mu   sync.Mutex
	// pinned: registered by AddDevice (a serial port), never forgotten;
	// gone: forgotten (see Config.Forget) — a caller that found it before
	// looks again
	pinned, gone bool
	// ending: its last samples are being analysed (Close, forget): the
	// rate is estimated from what came
	ending bool
	rec    *runs.Recorder
	// last wall-clock time a sample arrived
	lastWall time.Time
	prev     gait.Stats // counters already exported
	// samples the engine refused since the last log line about them, and
	// that line's time (one a minute at most)
	refusedN   int64
	refusedLog time.Time
	// metric children, resolved once
	pending            []sensor.Sample // samples held until the rate is known and the gyroscope read (gyroRead)
	gyroRead           bool            // the layout's gyroscope checked (sensor.GyroAbsent)
	layout             sensor.Layout   // from the first Push
	source             string          // see SetSource
	haveLayout         bool
	ro                 []arrived       // reorder buffer, sorted by time
	disorder           time.Time       // the last arrival put in order (see cutoff)
	ahead              aheadCheck      // a sample ahead in arrival order (see hold)
	badT               []sensor.Sample // samples with NaN time, passed on to be refused
	early              []sensor.Sample // a clock's tail released by hold, before the next clock's samples
	seq                uint64          // arrivals put in the reorder buffer
	backSeq            uint64          // the last of them that came behind the one before it
	failed             bool            // the recorder could not be created: samples are refused
	restarts           int             // clock restarts seen (logged, counted in clockResets)
	clockResets        prometheus.Counter
	out                []sensor.Sample // scratch for ready
	lastOut            float64         // time of the last sample ready gave out (NaN before the first)
	dups               prometheus.Counter
	curT               float64     // time of the sample being pushed
	trig               [64]float64 // times of the samples that emitted contacts not yet in the gauges
	nTrig              int
	dirty              bool      // a contact since the last update
	lastLive           time.Time // last gauge update
	steps              map[gait.Side]prometheus.Counter
	gctHist, stepHist  map[gait.Side]prometheus.Observer
	samples, gaps      prometheus.Counter
	bridged            prometheus.Counter
	rejected           prometheus.Counter
	runsTotal          prometheus.Counter
	writeErrs          prometheus.Counter
	failedWrites       int
	cadence, gct, fl   prometheus.Gauge
	vo, balance, activ prometheus.Gauge
	written            int
	closed             int // runs closed, written or not (Recorder.Runs + Unwritten), as update last saw
	decodeErrs         prometheus.Counter
	lastLog            time.Time
	suppressed         int     // decode errors not logged since lastLog
	lastBad            error   // the last of them
	dropped            dropLog // messages dropped (DroppedMessages), under mu
	// badEarly counts decode errors before the device's recorder exists
	// (its first samples are still held for reordering): the first run
	// gets them
	badEarly int64
}

// New returns a Hub with its metrics registered on a new private registry.
func New(cfg Config) (*Hub, error) {
	if cfg.MaxDevices == 0 {
		cfg.MaxDevices = DefaultMaxDevices
	}
	if cfg.MaxDevices < 0 {
		return nil, fmt.Errorf("live: Config.MaxDevices %d is negative", cfg.MaxDevices)
	}
	if cfg.DataDir == "" {
		return nil, errors.New("live: Config.DataDir is empty")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := writableDir(cfg.DataDir); err != nil {
		// found now, not when the first run is written (and lost at
		// shutdown)
		return nil, fmt.Errorf("live: data directory: %w", err)
	}
	if cfg.Version == "" {
		cfg.Version = "devel"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	// Check the run configuration once, with a placeholder device.
	if _, err := runs.NewRecorder(runs.Config{DataDir: cfg.DataDir, Device: "check", Engine: cfg.Engine, Layout: sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}, Idle: cfg.Idle, Window: cfg.Window, Signals: cfg.Signals}); err != nil {
		return nil, err
	}
	for name, ecfg := range cfg.Devices {
		if _, err := runs.NewRecorder(runs.Config{DataDir: cfg.DataDir, Device: name, Engine: ecfg, Layout: sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}, Idle: cfg.Idle, Window: cfg.Window, Signals: cfg.Signals}); err != nil {
			return nil, fmt.Errorf("live: device %q: %w", name, err)
		}
	}
	h := &Hub{cfg: cfg, log: cfg.Logger, reg: prometheus.NewRegistry(), devs: map[string]*device{}, sources: map[string]bool{}}
	h.m = newMetrics(h.reg, cfg.Version)
	for _, s := range cfg.Sources {
		h.sources[s] = true
		h.m.connected.WithLabelValues(s).Set(0)
	}
	h.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return h, nil
}

// Registry returns the Hub's private registry.
func (h *Hub) Registry() *prometheus.Registry { return h.reg }

// Push feeds one device's samples, in time order, through its engine and
// recorder. The device is created at its first Push with the given layout
// (later layouts are ignored). Push returns ErrTooManyDevices (and counts
// the samples in gaitd_device_rejected_samples_total) when the device is
// new and MaxDevices exist, and an error when a run could not be written.
func (h *Hub) Push(name string, layout sensor.Layout, ss []sensor.Sample) error {
	return h.push(name, layout, ss, false)
}

// PushUnordered is Push for sources whose batches can arrive out of time
// order or twice (MQTT QoS 1 redelivery after a reconnect, HTTP pushes):
// with Config.Reorder > 0 the samples wait that long (wall-clock time;
// longer while they keep arriving out of order) in a buffer sorted by
// time, duplicates (same timestamp) are dropped and counted, and they go
// to the engine in time order; a clock gone back whose samples run over
// the times of ones held goes after them (see overClock). Samples arriving after
// later ones were already analysed are refused by the engine and counted
// as rejected.
func (h *Hub) PushUnordered(name string, layout sensor.Layout, ss []sensor.Sample) error {
	return h.push(name, layout, ss, true)
}

func (h *Hub) push(name string, layout sensor.Layout, ss []sensor.Sample, unordered bool) error {
	var d *device
	for {
		var err error
		if d, err = h.device(name); err != nil {
			h.m.devRejected.Add(float64(len(ss)))
			return err
		}
		d.mu.Lock()
		if !d.gone {
			break
		}
		d.mu.Unlock() // forgotten meanwhile: a new device of the name
	}
	defer d.mu.Unlock()
	now := h.cfg.Now()
	d.lastWall = now
	if !d.haveLayout {
		d.layout, d.haveLayout = layout, true
	}
	if unordered && h.cfg.Reorder > 0 {
		if dup := d.hold(ss, now); dup > 0 {
			d.dups.Add(float64(dup))
		}
		if len(d.early) > 0 {
			// the old clock's tail, out before the new clock's samples
			// (see hold)
			early := d.early
			d.early = d.early[:0]
			if err := h.ingest(d, early); err != nil {
				return err
			}
		}
		if len(d.badT) > 0 {
			// cleared first: an ingest that fails (a refused device) left
			// them to be counted again with the next push
			bad := d.badT
			d.badT = d.badT[:0]
			if err := h.ingest(d, bad); err != nil {
				return err
			}
		}
		ss = d.ready(h.cutoff(d, now))
	}
	return h.ingest(d, ss)
}

// ingest runs samples through the device's recorder; it runs under d.mu.
func (h *Hub) ingest(d *device, ss []sensor.Sample) error {
	if len(ss) == 0 {
		return nil
	}
	if d.failed {
		d.rejected.Add(float64(len(ss)))
		return nil
	}
	name, layout := d.name, d.layout
	if d.rec == nil {
		// The engine needs the sample rate: from the layout, the
		// configuration, or else estimated from the first samples.
		d.pending = append(d.pending, ss...)
		rate := h.knownRate(d)
		if rate == 0 {
			if rate = estimateRate(d.pending, h.closing.Load() || d.ending); rate == 0 {
				if len(d.pending) > 4096 {
					d.rejected.Add(float64(len(d.pending)))
					d.pending = d.pending[:0]
					h.log.Warn("no usable timestamps: cannot tell the sample rate; samples refused", "device", name)
				}
				return nil
			}
		}
		layout.Rate = rate
		if !d.gyroRead {
			// a gyroscope reading 0 throughout while the device moves is
			// none (sensor.GyroAbsent): held until told, at most
			// MaxLookahead samples, as the CSV reader's lookahead is
			// (the first MaxLookahead alone, also when more came before
			// the rate was known or in one batch: a replay's lookahead
			// reads no more)
			look := d.pending[:min(len(d.pending), sensor.MaxLookahead)]
			n := sensor.MaxLookahead
			if h.closing.Load() || d.ending {
				n = len(look)
			}
			absent, decided := sensor.GyroAbsent(look, layout, n)
			if !decided {
				return nil
			}
			d.gyroRead = true
			if absent {
				layout.Gyr, layout.GyrOwnFrame = [3]bool{}, false
				h.log.Warn("gyroscope reads 0 on every axis while the accelerometer moves: no gyroscope, not read", "device", name, "samples", len(d.pending))
			}
		}
		ecfg, ok := h.cfg.Devices[name]
		if !ok {
			ecfg = h.cfg.Engine
		}
		rec, err := runs.NewRecorder(runs.Config{DataDir: h.cfg.DataDir, Device: name, Source: d.source, Engine: ecfg, Layout: layout, Idle: h.cfg.Idle,
			Window: h.cfg.Window, Signals: h.cfg.Signals, Clock: h.cfg.Clock, Now: h.cfg.Now, OnContact: d.contact})
		if err != nil {
			// a layout or rate the engine refuses will not change: refuse
			// this device's samples from now on, once logged
			d.rejected.Add(float64(len(d.pending)))
			d.pending, d.failed = nil, true
			h.log.Error("device refused: its stream cannot be analysed", "device", name, "err", err)
			return fmt.Errorf("live: device %q: %w", name, err)
		}
		d.rec = rec
		rec.Bad(d.badEarly)
		d.badEarly = 0
		// with its settings, so that a device the config's devices: did
		// not reach (a name spelt otherwise) shows as analysed by default
		act := ecfg.Activity.String()
		if ecfg.Activity == gait.Unknown {
			act = "auto" // (detected)
		}
		args := []any{"device", name, "placement", ecfg.Placement.String(), "activity", act}
		if ecfg.Placement.Foot() {
			args = append(args, "side", ecfg.Side.String())
		}
		h.log.Info("device started", append(args, "acc_axes", layout.AccAxes(), "gyro", layout.HasGyro(), "rate_hz", rate)...)
		ss, d.pending = d.pending, nil
	}
	var werr error
	for i := range ss {
		d.curT = ss[i].T
		if err := d.rec.Push(ss[i]); err != nil && werr == nil {
			werr = err
		}
	}
	if n := d.rec.Restarts(); n > d.restarts {
		d.clockResets.Add(float64(n - d.restarts))
		d.restarts = n
		h.log.Warn("device clock went back: its run was closed and a new one started", "device", name, "t", d.curT)
	}
	// Gauges follow every contact at once (Live is not free, so not
	// after every sample); the run's state also after Stop, Quiet, Close.
	h.update(d, false)
	if werr != nil {
		h.log.Error("writing run", "device", name, "err", werr)
	}
	return werr
}

// writableDir creates dir if needed and checks that files can be created
// in it.
func writableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".gaitd-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// DroppedMessages counts n messages of a device lost before they reached
// the Hub (a full MQTT hand-off queue, or the byte budget all of them
// share used up).
//
// Each is counted at once (gaitd_dropped_messages_total); a device's are
// said at most once every badLogEvery, with the count since its last line
// (a source that polls its queues twice a second said them twice a second
// while a device overran its queue), and what is left unsaid when its
// decode errors are (logSuppressed: the quiet check, shutdown). A device
// forgotten meanwhile (Config.Forget) gets no series again: its messages
// count as "unknown", as those of a device the hub never held.
func (h *Hub) DroppedMessages(name string, n int) {
	if h.countHeld(name, h.m.droppedMsgs, float64(n), func(d *device) { h.logDropped(name, &d.dropped, n, time.Now(), false) }) {
		return
	}
	h.mu.Lock()
	h.logDropped("unknown", &h.dropUnknown, n, time.Now(), false)
	h.mu.Unlock()
}

// countHeld adds n to vec's series of device name and runs also (when not
// nil) under the device's lock, and reports whether the hub holds the
// device; a device it does not hold, or forgot meanwhile, has n counted as
// "unknown". (Under the lock: forget removes a device's series under it,
// and one bumped after that was made anew for a device gone.)
func (h *Hub) countHeld(name string, vec *prometheus.CounterVec, n float64, also func(d *device)) bool {
	if d := h.lookup(name); d != nil {
		d.mu.Lock()
		defer d.mu.Unlock()
		if !d.gone {
			vec.WithLabelValues(name).Add(n)
			if also != nil {
				also(d)
			}
			return true
		}
	}
	vec.WithLabelValues("unknown").Add(n)
	return false
}

// logDropped adds n dropped messages to l and says those not said yet
// when badLogEvery has passed since l's last line, or at the end (force).
func (h *Hub) logDropped(name string, l *dropLog, n int, now time.Time, force bool) {
	l.n += n
	if l.n == 0 || !force && now.Sub(l.last) < badLogEvery {
		return
	}
	h.log.Warn("messages dropped: the device's hand-off queue or the queues' byte budget was full", "device", name, "messages", l.n)
	l.n, l.last = 0, now
}

// LostFrames counts n frames of a device lost in transit that its decoder
// could tell (serial: BNO08x RVC frames missing from the index, WitMotion
// cycles without their gyro frame), as gaitd_lost_frames_total.
func (h *Hub) LostFrames(name string, n int64) {
	if n <= 0 {
		return
	}
	h.countHeld(name, h.m.lostFrames, float64(n), nil)
}

// Unrouted counts n MQTT messages that no device pipeline took: devices
// beyond the source's device limit, or topics that name no device.
func (h *Hub) Unrouted(n int) { h.m.unrouted.Add(float64(n)) }

// SetSource says how a device's samples arrive and are decoded (see
// runs.Config.Source): its run summaries' input starts with it. A device
// the hub does not hold (not yet pushed to or added, or forgotten) is
// left alone: call it after Push, or after AddDevice.
func (h *Hub) SetSource(name, src string) {
	d := h.lookup(name)
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.source = src
	if d.rec != nil {
		d.rec.SetSource(src)
	}
}

// Holds reports whether the hub holds device name: it has pushed samples
// (or was added) and has not been forgotten (Config.Forget).
func (h *Hub) Holds(name string) bool { return h.lookup(name) != nil }

// AddDevice registers a configured device (a serial port) before its
// first sample arrives: its decode errors are then counted and logged
// under its name even when nothing it sends can be decoded.
func (h *Hub) AddDevice(name string) error {
	d, err := h.device(name)
	if err == nil {
		d.mu.Lock()
		d.pinned = true
		d.mu.Unlock()
	}
	return err
}

// DecodeError counts a malformed frame or message of a device and logs it,
// at most once per 10 s per device: the ones in between are counted, and
// their number and the last of them are logged with the next error, by
// Run once the 10 s have passed, or at Close. Errors of unknown devices
// are counted under device "unknown" — the label stays bounded.
func (h *Hub) DecodeError(name string, err error) {
	d := h.lookup(name)
	if d == nil {
		h.m.decodeErrs.WithLabelValues("unknown").Inc()
		return
	}
	d.mu.Lock()
	if d.gone {
		d.mu.Unlock()
		h.DecodeError(name, err) // forgotten meanwhile
		return
	}
	d.decodeErrs.Inc()
	if d.rec != nil {
		d.rec.Bad(1)
	} else {
		d.badEarly++
	}
	now := time.Now()
	if now.Sub(d.lastLog) >= badLogEvery {
		h.log.Warn("bad input", "device", name, "err", err, "suppressed", d.suppressed)
		d.lastLog, d.suppressed, d.lastBad = now, 0, nil
	} else {
		d.suppressed++
		d.lastBad = err
	}
	d.mu.Unlock()
}

// badLogEvery is the least time between two "bad input" log lines of a
// device.
const badLogEvery = 10 * time.Second

// logSuppressed logs the decode errors of d not logged yet, when badLogEvery
// has passed since the last line or at the end (force). It runs under d.mu.
func (h *Hub) logSuppressed(d *device, now time.Time, force bool) {
	h.logDropped(d.name, &d.dropped, 0, now, force)
	if d.suppressed == 0 || !force && now.Sub(d.lastLog) < badLogEvery {
		return
	}
	h.log.Warn("bad input not logged yet", "device", d.name, "count", d.suppressed, "last", d.lastBad)
	d.lastLog, d.suppressed, d.lastBad = now, 0, nil
}

// SetConnected exports a source's connection state; names not in
// Config.Sources are ignored.
func (h *Hub) SetConnected(source string, up bool) {
	if !h.sources[source] {
		return
	}
	v := 0.0
	if up {
		v = 1
	}
	h.m.connected.WithLabelValues(source).Set(v)
}

// ErrNoDevice is returned by Stop for a device the Hub has not seen.
var ErrNoDevice = errors.New("live: no such device")

// Stop ends the device's open run and writes it; it returns the run id, or
// "" when no run was open. The device's stream goes on into its next run,
// and no contact is lost at the boundary (runs.Recorder.Stop, which also
// says what an error beside an id means).
func (h *Hub) Stop(name string) (string, error) {
	d := h.lookup(name)
	if d == nil {
		return "", ErrNoDevice
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return "", ErrNoDevice
	}
	h.drain(d, h.cfg.Now().Add(time.Hour))
	if d.rec == nil {
		return "", nil
	}
	d.curT = math.NaN() // its contacts were not emitted by a sample: no latency
	id, err := d.rec.Stop()
	h.runEnded(d)
	return id, err
}

// DeviceState is a device's current figures as served by /api/devices;
// null where unknown. The figures are those of its runs.Recorder (Live:
// over the last Config.Window steps) in the run summary's units: cadence
// in steps/min, GCT and flight time in ms, VO in mm, GCT balance as the
// left share in %; Steps and Samples are the Recorder's counters.
// LastSample is the wall-clock time samples were last pushed, UTC,
// RFC 3339.
type DeviceState struct {
	Device     string        `json:"device"`
	Running    bool          `json:"running"`
	RunID      string        `json:"run_id,omitempty"`
	LastSample string        `json:"last_sample"`
	CadenceSPM *float64      `json:"cadence_spm"`
	GCTms      *float64      `json:"gct_ms"`
	FlightMs   *float64      `json:"flight_ms"`
	VOmm       *float64      `json:"vo_mm"`
	BalancePct *float64      `json:"gct_balance_pct"`
	Steps      int64         `json:"steps"`
	Samples    int64         `json:"samples"`
	Signals    []gait.Signal `json:"signals"`
}

// Devices returns the state of every device, sorted by name.
func (h *Hub) Devices() []DeviceState {
	h.mu.Lock()
	ds := make([]*device, 0, len(h.devs))
	for _, d := range h.devs {
		ds = append(ds, d)
	}
	h.mu.Unlock()
	sort.Slice(ds, func(i, j int) bool { return ds[i].name < ds[j].name })
	out := make([]DeviceState, 0, len(ds))
	for _, d := range ds {
		d.mu.Lock()
		if d.rec == nil || d.gone {
			d.mu.Unlock()
			continue
		}
		l := d.rec.Live()
		last := d.lastWall
		d.mu.Unlock()
		num := func(v, scale float64) *float64 {
			if math.IsNaN(v) {
				return nil
			}
			v *= scale
			return &v
		}
		out = append(out, DeviceState{Device: d.name, Running: l.Running, RunID: l.RunID, LastSample: last.UTC().Format(time.RFC3339Nano),
			CadenceSPM: num(l.CadenceSPM, 1), GCTms: num(l.GCT, 1e3), FlightMs: num(l.Flight, 1e3), VOmm: num(l.VO, 1e3), BalancePct: num(l.BalancePct, 1),
			Steps: l.Steps, Samples: l.Samples, Signals: l.Signals})
	}
	return out
}

// Run updates the gauges of devices with contacts not yet shown (every
// LiveEvery) and checks every second for devices that went quiet (no
// samples for the idle time of wall-clock time: a sensor switched off),
// closing their runs. When ctx ends it flushes every open run (Close) and
// returns.
func (h *Hub) Run(ctx context.Context) error {
	period := LiveEvery
	if r := h.cfg.Reorder / 2; r > 0 && r < period {
		period = r
	}
	t := time.NewTicker(period)
	defer t.Stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return h.Close()
		case now := <-t.C:
			if now.Sub(last) >= time.Second {
				h.quiet(now)
				last = now
			}
			h.refresh()
		}
	}
}

// refresh releases the reordered samples that waited long enough and
// updates the gauges of the devices with contacts not yet shown.
func (h *Hub) refresh() {
	now := h.cfg.Now()
	for _, d := range h.all() {
		d.mu.Lock()
		h.drain(d, h.cutoff(d, now))
		if d.dirty {
			h.update(d, true)
		}
		d.mu.Unlock()
	}
}

func (h *Hub) quiet(now time.Time) {
	h.mu.Lock()
	h.logDropped("unknown", &h.dropUnknown, 0, now, false)
	h.mu.Unlock()
	for _, d := range h.all() {
		d.mu.Lock()
		if d.gone {
			d.mu.Unlock()
			continue
		}
		h.logSuppressed(d, now, false)
		if d.rec != nil {
			d.curT = math.NaN() // contacts a quiet close releases have no latency
			if err := d.rec.Quiet(now.Sub(d.lastWall)); err != nil {
				h.log.Error("writing run", "device", d.name, "err", err)
			}
			// (a run it closed, written or not, update shows at once and
			// says what it refused; otherwise the refused samples wait for
			// their minute: runEnded here said them every second, a line
			// each)
			h.update(d, false)
		}
		forgot := h.forget(d, now)
		d.mu.Unlock()
		if forgot && h.cfg.OnForget != nil {
			h.cfg.OnForget(d.name)
		}
	}
}

// forget removes d when Config.Forget says so: no sample for that long,
// no open run, not pinned. What it still holds is analysed first, as at
// shutdown (a run written then is logged). It runs under d.mu and reports
// whether d was removed.
func (h *Hub) forget(d *device, now time.Time) bool {
	quiet := now.Sub(d.lastWall)
	// (a run closed whose write failed keeps it too: it is retried after
	// its wait, not by a shutdown's End every second, each an ERROR line)
	if h.cfg.Forget <= 0 || d.pinned || quiet < h.cfg.Forget || h.closing.Load() || d.rec != nil && (d.rec.Live().Running || d.rec.Unwritten() > 0) {
		return false
	}
	// (a run written now is logged by update, as an idle close)
	if _, err := h.finish(d); err != nil || d.rec != nil && (d.rec.Live().Running || d.rec.Unwritten() > 0) {
		// a run that cannot be written keeps the device (and retries)
		if err != nil {
			h.log.Error("writing run", "device", d.name, "err", err)
		}
		return false
	}
	h.mu.Lock()
	if h.devs[d.name] == d {
		delete(h.devs, d.name)
	}
	n := len(h.devs)
	h.mu.Unlock()
	d.gone = true
	h.logDropped(d.name, &d.dropped, 0, now, true) // (its last word on them)
	h.m.forget(d.name)
	h.log.Info("device forgotten: no sample and no open run for the forget time; its place and metric series are freed", "device", d.name,
		"quiet", quiet.Round(time.Second).String(), "devices", n)
	return true
}

// Close writes every open run; later Pushes for new devices are refused.
// It returns the first write error.
func (h *Hub) Close() error {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.closing.Store(true)
	var first error
	for _, d := range h.all() {
		d.mu.Lock()
		if d.gone {
			d.mu.Unlock()
			continue
		}
		h.logSuppressed(d, time.Now(), true)
		_, err := h.finish(d) // (the runs it writes are logged by update)
		d.mu.Unlock()
		if err != nil {
			h.log.Error("writing run", "device", d.name, "err", err)
			if first == nil {
				first = err
			}
		}
	}
	h.mu.Lock()
	h.logDropped("unknown", &h.dropUnknown, 0, time.Now(), true)
	h.mu.Unlock()
	return first
}

// finish analyses what the device still holds and writes its open run
// (Close, forget); it returns the run id, "" when none was open. It runs
// under d.mu.
func (h *Hub) finish(d *device) (id string, err error) {
	d.ending = true
	defer func() { d.ending = false }()
	h.drain(d, h.cfg.Now().Add(time.Hour))
	if d.rec != nil {
		d.curT = math.NaN() // (as for Stop)
		id, err = d.rec.End()
		h.runEnded(d)
	}
	if d.rec == nil && (len(d.pending) >= 32 || h.knownRate(d) > 0 && len(d.pending) > 0) && !d.failed {
		// samples spanning less than the rate estimate waits for
		// (rateSpan): estimated from what came, as they were before; or
		// samples of a known rate held for the gyroscope's check
		// (sensor.GyroAbsent): checked on what came
		pend := d.pending
		d.pending = nil
		h.ingest(d, pend)
		if d.rec != nil {
			d.curT = math.NaN()
			id, err = d.rec.End()
			h.runEnded(d)
		}
	}
	if n := len(d.pending); n > 0 && d.rec == nil {
		// too few to tell the rate (under 32, a third of a second):
		// refused and counted, not lost without a word (a
		// black-box round: a device of 30 samples counted nowhere)
		d.rejected.Add(float64(n))
		d.pending = nil
		h.log.Warn("samples not analysed: too few to tell the device's rate", "device", d.name, "samples", n)
	}
	return id, err
}

// knownRate returns the device's sample rate in Hz as given — by its
// layout, its configuration or the engine's — and 0 when it is to be
// estimated from the timestamps.
func (h *Hub) knownRate(d *device) float64 {
	for _, r := range []float64{d.layout.Rate, h.cfg.Devices[d.name].Rate, h.cfg.Engine.Rate} {
		if r != 0 {
			return r
		}
	}
	return 0
}

func (h *Hub) all() []*device {
	h.mu.Lock()
	defer h.mu.Unlock()
	ds := make([]*device, 0, len(h.devs))
	for _, d := range h.devs {
		ds = append(ds, d)
	}
	return ds
}

func (h *Hub) lookup(name string) *device {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.devs[name]
}

func (h *Hub) device(name string) (*device, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d := h.devs[name]; d != nil {
		return d, nil
	}
	if h.closed {
		return nil, errors.New("live: hub is closed")
	}
	if !runs.ValidDevice(name) {
		return nil, fmt.Errorf("live: device name %q: want 1–64 letters, digits, '.', '-' or '_'", name)
	}
	if len(h.devs) >= h.cfg.MaxDevices {
		return nil, fmt.Errorf("%w: device %q refused, %d devices already", ErrTooManyDevices, name, len(h.devs))
	}
	d := &device{name: name, lastWall: h.cfg.Now(), ahead: newAheadCheck(), lastOut: math.NaN(), steps: map[gait.Side]prometheus.Counter{}, gctHist: map[gait.Side]prometheus.Observer{}, stepHist: map[gait.Side]prometheus.Observer{}}
	m := h.m
	for _, s := range []gait.Side{gait.Left, gait.Right, gait.SideUnknown} {
		lbl := s.String()
		if lbl == "" {
			lbl = "unknown"
		}
		d.steps[s] = m.steps.WithLabelValues(name, lbl)
		d.gctHist[s] = m.gctHist.WithLabelValues(name, lbl)
		d.stepHist[s] = m.stepHist.WithLabelValues(name, lbl)
	}
	d.samples, d.gaps = m.samples.WithLabelValues(name), m.gaps.WithLabelValues(name)
	d.bridged = m.bridged.WithLabelValues(name)
	d.rejected = m.rejected.WithLabelValues(name)
	d.runsTotal, d.decodeErrs = m.runs.WithLabelValues(name), m.decodeErrs.WithLabelValues(name)
	d.writeErrs = m.writeErrs.WithLabelValues(name)
	d.dups = m.dups.WithLabelValues(name)
	d.clockResets = m.clockResets.WithLabelValues(name)
	m.droppedMsgs.WithLabelValues(name) // exported at 0, so a first loss shows as an increase
	m.lostFrames.WithLabelValues(name)
	d.cadence, d.gct, d.fl = m.cadence.WithLabelValues(name), m.gct.WithLabelValues(name), m.flight.WithLabelValues(name)
	d.vo, d.balance, d.activ = m.vo.WithLabelValues(name), m.balance.WithLabelValues(name), m.active.WithLabelValues(name)
	for _, g := range []prometheus.Gauge{d.cadence, d.gct, d.fl, d.vo, d.balance} {
		g.Set(math.NaN()) // unknown until the first steps, as after a run (a 0 balance would read "0 % left")
	}
	h.devs[name] = d
	h.log.Info("new device", "device", name)
	return d, nil
}

// estimateRate returns the rate in Hz, rounded to 1 Hz, from the samples'
// timestamps, or 0 when they cannot tell it yet: fewer than 32 samples, or
// intervals that span less than rateSpan s (unless final, at shutdown, or
// 1024 samples or more). It is the mean interval over the intervals up to
// 2.5 times the median (longer ones are gaps, left out), so a clock's
// jitter and its rounding average out over the span: a clock in whole ms
// (an ESP32's millis(), a payload's epoch ms) at 104 Hz steps 9 or 10 ms,
// at 800 Hz 1, 1, 1, 2 ms. A sample lost within the span (an interval of
// two periods) counts as two where the clock resolves the period (see
// below), else as one: 1 % off per sample lost in 100. The
// median interval of the first 32 samples, used before, read such clocks
// at their tick: 104 Hz as 100, 208 Hz as 200 or 250, 416 as 333 or 500 —
// the stream was resampled to that grid (a shoe at 208 Hz: impacts 5 % and
// loading rates 12 % under analyze's of the same samples) — and a phone
// clock at 104 Hz jittering by 2 ms as 108 (TestHubRateOfCoarseClock).
func estimateRate(ss []sensor.Sample, final bool) float64 {
	if len(ss) < 32 {
		return 0
	}
	dt := make([]float64, 0, len(ss)-1)
	for i := 1; i < len(ss); i++ {
		if d := ss[i].T - ss[i-1].T; d > 0 && !math.IsInf(d, 0) {
			dt = append(dt, d)
		}
	}
	if len(dt) == 0 {
		return 0
	}
	sorted := slices.Clone(dt)
	sort.Float64s(sorted)
	m := sorted[len(sorted)/2]
	var sum float64
	n := 0
	for _, d := range dt {
		if d <= 2.5*m {
			sum += d
			n++
		}
	}
	if sum > 0 {
		// A sample lost (a bad line skipped, a dropped packet) leaves an
		// interval of two periods, which counted as one: 1 % off per
		// sample lost in 100, a bad line in a device's first second
		// set a 99 Hz grid (TestHubRateLostSamples). Where the clock
		// resolves the period — its intervals under 1.5 periods spread
		// by under half a period: 6 σ (from their median absolute
		// deviation), twice the shortest interval's shortfall (a lost
		// sample only lengthens one) and its tick (ms at 104 Hz: 9 or 10
		// ms, at 416 Hz 2 or 3; 1 ms at least when every interval is
		// whole ms) — an interval over 1.5 periods is such a gap, and
		// counts its periods (so the times' rounding still cancels out
		// over the span). A clock whose tick is half the period or more
		// (ms at 500 Hz and over: 800 Hz steps 1, 1, 1, 2 ms) cannot tell
		// a lost sample from its tick, nor can one that jitters by a
		// twelfth of the period or more (σ): they keep the mean as it
		// was, 1 % off per sample lost in 100.
		p := sum / float64(n)
		var dev []float64
		tick, ms := 0.0, true
		for i, d := range sorted {
			if d <= 2.5*m {
				ms = ms && math.Abs(d*1000-math.Round(d*1000)) < 1e-3
			}
			if d > 1.5*p {
				continue
			}
			dev = append(dev, math.Abs(d-m))
			if g := d - sorted[max(i-1, 0)]; g > 1e-3*m && (tick == 0 || g < tick) {
				tick = g
			}
		}
		if ms {
			tick = max(tick, 1e-3)
		}
		sort.Float64s(dev)
		if sigma := 1.4826 * dev[len(dev)/2]; max(6*sigma, 2*(p-sorted[0]), tick) < p/2 {
			for _, d := range dt {
				if d > 1.5*p && d <= 2.5*m {
					n += int(math.Round(d/p)) - 1
				}
			}
		}
	}
	if !(sum > 0) || sum < rateSpan && !final && len(ss) < 1024 {
		return 0
	}
	return math.Round(float64(n) / sum)
}

// latencyClock is how far, in s, a sample's Unix time may be from the
// daemon's clock for the contact it completes to be timed (the contact
// latency histogram).
const latencyClock = 60.0

// rateSpan is the time in s the intervals estimateRate averages must span:
// a clock in whole ms is then read within 0.1 %.
const rateSpan = 1.0

// arrived is a sample waiting in the reorder buffer.
type arrived struct {
	s   sensor.Sample
	at  time.Time
	seq uint64 // its place in arrival order
}

// hold inserts samples into the reorder buffer (sorted by T) and returns
// the number of duplicates dropped. It runs under d.mu.
func (d *device) hold(ss []sensor.Sample, now time.Time) (dup int) {
	for _, s := range ss {
		if math.IsNaN(s.T) {
			// cannot be ordered: the engine refuses and counts it
			d.badT = append(d.badT, s)
			continue
		}
		prev := d.ahead.prev // the time of the sample that arrived before
		if t, wrong := d.ahead.next(s.T); wrong {
			// the sample before came ahead of the stream and this one
			// back behind it: its time was wrong. Sorted in, it went to
			// the engine after the samples that came within the hold,
			// which were then refused, or took a later sample's place
			// (a duplicate): refused and counted now, as the run
			// recorder refuses one it sees (runs.AheadJump)
			if i, ok := slices.BinarySearchFunc(d.ro, t, func(a arrived, t float64) int { return cmp.Compare(a.s.T, t) }); ok {
				bad := d.ro[i].s
				bad.T = math.NaN()
				d.badT = append(d.badT, bad)
				d.ro = slices.Delete(d.ro, i, i+1)
			}
		}
		d.seq++
		if s.T < prev-runs.ClockBack {
			// a step back as far as a clock gone back (runs.ClockBack):
			// one sample behind its neighbour, late by a period or two
			// (disorder), is not, and split then released the samples
			// held before their late neighbours came (TestHubSwapsNoSplit)
			d.backSeq = d.seq
		}
		if d.overClock(&s) {
			d.split()
		}
		n := len(d.ro)
		if s.T < prev && n > 0 && s.T < d.ro[n-1].s.T && !(s.T < d.lastOut) {
			d.disorder = now // put in order (see cutoff)
		}
		if n == 0 || s.T > d.ro[n-1].s.T {
			d.ro = append(d.ro, arrived{s, now, d.seq})
			continue
		}
		i := sort.Search(n, func(i int) bool { return d.ro[i].s.T >= s.T })
		if i < n && d.ro[i].s.T == s.T {
			dup++ // (the same values: overClock)
			continue
		}
		d.ro = append(d.ro, arrived{})
		copy(d.ro[i+1:], d.ro[i:])
		d.ro[i] = arrived{s, now, d.seq}
	}
	return dup
}

// overClock tells whether s, which came after a step back in arrival
// order of runs.ClockBack or more (backSeq), runs over the time of
// samples held that arrived before that step back: it has the time of one with other values, or falls between
// two (or the last given out and the first held) under 1.5 typical periods
// apart. That is a second clock over the same times — a device clock gone
// back (a phone's NTP correction, a sensor rebooting) whose first samples
// reach the buffer while the old clock's tail is still held: a burst, or
// a hold lengthened by disorder (see cutoff). Late samples fill a hole
// (their neighbours held are further apart), and ones sent again have the
// same values (duplicates). Sorted in by time, the two clocks' samples
// were interleaved, and those of the new clock with a time of the old
// one's dropped as duplicates: lost, counted in neither
// gaitd_samples_total nor gaitd_rejected_samples_total
// (TestHubClockBackBurst: 50–100 samples of a clock gone back 1–3 s). It
// runs under d.mu.
func (d *device) overClock(s *sensor.Sample) bool {
	n := len(d.ro)
	i := sort.Search(n, func(i int) bool { return d.ro[i].s.T >= s.T })
	if i < n && d.ro[i].s.T == s.T {
		return d.ro[i].seq < d.backSeq && !sameValues(&d.ro[i].s, s)
	}
	typ := d.ahead.typ
	if !(typ > 0) || i == n || d.ro[i].seq >= d.backSeq {
		return false
	}
	prev := d.lastOut
	if i > 0 {
		if d.ro[i-1].seq >= d.backSeq {
			return false
		}
		prev = d.ro[i-1].s.T
	}
	return d.ro[i].s.T-prev <= 1.5*typ
}

// split releases the samples held that arrived before the last step back
// in arrival order (into d.early, in time order): the old clock's tail,
// analysed before the new clock's samples, which start afresh (the last
// given out no longer theirs to sort against). It runs under d.mu.
func (d *device) split() {
	k := 0
	for _, a := range d.ro {
		if a.seq < d.backSeq {
			d.early = append(d.early, a.s)
		} else {
			d.ro[k] = a
			k++
		}
	}
	d.ro = d.ro[:k]
	d.lastOut = math.NaN()
	d.disorder = time.Time{} // the step back was a clock's, not disorder
}

// sameValues tells whether a and b have the same values (bit for bit).
func sameValues(a, b *sensor.Sample) bool {
	for k := range 3 {
		if math.Float64bits(a.Acc[k]) != math.Float64bits(b.Acc[k]) || math.Float64bits(a.Gyr[k]) != math.Float64bits(b.Gyr[k]) {
			return false
		}
	}
	return true
}

// aheadCheck finds, in a device's arrival order, a sample whose time was
// wrong ahead: one more than runs.AheadSteps typical steps after the
// sample before it, followed by one that comes back to go on from that
// one (within two steps of it). A real gap goes on from it; two lines
// swapped, or a late batch, move less than that or do not come back to go
// on. The typical step is the median of the last 16 steps forward in
// arrival order. (Known: a one-sample message that overtakes the ones
// before it by over five steps reads the same, and is refused.)
type aheadCheck struct {
	prev    float64 // time of the sample before, NaN at first
	sus     float64 // time of a sample ahead, NaN if none
	susPrev float64 // the time before it
	steps   [16]float64
	n, i    int
	typ     float64 // the median of steps, recomputed every 16 (and at 4)
}

func newAheadCheck() aheadCheck {
	return aheadCheck{prev: math.NaN(), sus: math.NaN()}
}

// next takes the next arrival's time t; it returns the time of the sample
// before it, and true, when that sample's time was wrong (see aheadCheck).
func (a *aheadCheck) next(t float64) (wrongT float64, wrong bool) {
	if !math.IsNaN(a.sus) {
		wrongT, wrong = a.sus, t < a.sus && t > a.susPrev && t <= a.susPrev+2*a.typ
		a.sus = math.NaN()
	}
	if step := t - a.prev; step > 0 && !wrong {
		if a.n >= 4 && step > runs.AheadSteps*a.typ {
			a.sus, a.susPrev = t, a.prev
		} else {
			a.steps[a.i] = step
			a.i = (a.i + 1) % len(a.steps)
			a.n = min(a.n+1, len(a.steps))
			if a.i == 0 || a.n == 4 {
				a.typ = a.typical()
			}
		}
	}
	a.prev = t
	return wrongT, wrong
}

// typical is the median of the steps kept.
func (a *aheadCheck) typical() float64 {
	var s [16]float64
	v := s[:a.n]
	copy(v, a.steps[:a.n])
	slices.Sort(v)
	return v[len(v)/2]
}

// ready removes from the reorder buffer, in time order, every sample up to
// the last one that arrived at or before cutoff, and returns them (in a
// buffer reused by the next call). Samples that sort before an aged one go
// with it even if they arrived later: held back, they would come after it
// and be refused. (Releasing only up to the first later arrival instead
// would let the new samples of a clock that went back, sorting ahead, pin
// the old clock's tail until they age.) It runs under d.mu.
//
// Samples behind the last one given out are released among themselves,
// by the same rule, after the others: a clock that went back (a phone
// re-syncing, a sensor rebooting) has its first samples in the buffer
// beside the old clock's last ones, and sorted ahead of them they went out
// with them, reached the recorder first, and were refused — as behind the
// newest analysed, or held as a possible restart and refused when the old
// clock's tail came after (TestHubClockBackReordered: 30–50 samples of a
// clock gone back 10 or 100 s; TestHubClockBackShort: 22 of one gone back
// 1 s, when only those runs.ClockBack behind went after). After the tail
// they start the new stream, as without reordering. (A late sample, behind
// the ones given out, goes after the samples that are on time, where the
// recorder refuses it as it would before them.)
func (d *device) ready(cutoff time.Time) []sensor.Sample {
	// the ones behind sort first
	b, _ := slices.BinarySearchFunc(d.ro, d.lastOut, func(a arrived, t float64) int { return cmp.Compare(a.s.T, t) })
	if math.IsNaN(d.lastOut) {
		b = 0
	}
	aged := func(ro []arrived) int {
		k := 0
		for i, a := range ro {
			if !a.at.After(cutoff) {
				k = i + 1
			}
		}
		return k
	}
	kb, kr := aged(d.ro[:b]), aged(d.ro[b:])
	d.out = d.out[:0]
	for _, a := range d.ro[b : b+kr] {
		d.out = append(d.out, a.s)
	}
	// every sample of the others that came before these went out above
	for _, a := range d.ro[:kb] {
		d.out = append(d.out, a.s)
	}
	if n := len(d.out); n > 0 {
		d.lastOut = d.out[n-1].T
	}
	n := copy(d.ro, d.ro[kb:b])
	n += copy(d.ro[n:], d.ro[b+kr:])
	d.ro = d.ro[:n]
	return d.out
}

// maxDisorder is how many times Config.Reorder the reorder hold lasts at
// most while a device's samples keep arriving out of order (see cutoff).
const maxDisorder = 8

// cutoff returns the arrival time up to which d's reordered samples go to
// the analysis at now: Config.Reorder before now, or while samples keep
// arriving out of order (one behind the sample that arrived just before
// it was sorted in before a sample held, less than Config.Reorder ago),
// maxDisorder times that. (A sample behind the last given out is too late
// to be put in order, or a clock gone back: its samples, in order among
// themselves, are not held longer.) A backlog resent in no order after a
// broker restart (paho resends its store unordered), beside the
// publisher's new messages, reaches the daemon over more than the hold on
// a loaded machine: each sample went out Config.Reorder after its arrival,
// and the resends that came later than newer ones were refused
// (TestHubBacklogSpread: 340 samples, 73 steps of 85; TestServeBrokerRestart
// once gave 77 of 85 under load, every sample received: such a loss). A
// stream in order is never held longer.
func (h *Hub) cutoff(d *device, now time.Time) time.Time {
	c := now.Add(-h.cfg.Reorder)
	if d.disorder.After(c) {
		c = now.Add(-maxDisorder * h.cfg.Reorder)
	}
	return c
}

// drain sends the samples of the reorder buffer that arrived at or before
// cutoff to the engine (all of them before a stop or shutdown). It runs
// under d.mu. (ingest logs a run it cannot write, and a device it
// refuses: logged here too, each such failure was two ERROR lines.)
func (h *Hub) drain(d *device, cutoff time.Time) {
	if len(d.ro) == 0 {
		return
	}
	_ = h.ingest(d, d.ready(cutoff))
}

// contact updates the per-step metrics; it runs under d.mu (inside Push).
func (d *device) contact(c gait.Contact) {
	d.dirty = true
	if d.nTrig < len(d.trig) {
		d.trig[d.nTrig] = d.curT
		d.nTrig++
	}
	d.steps[c.Side].Inc()
	if !math.IsNaN(c.GCT) {
		d.gctHist[c.Side].Observe(c.GCT)
	}
	if !math.IsNaN(c.Step) {
		d.stepHist[c.Side].Observe(c.Step)
	}
}

// runEnded exports a device's figures and says what the engine refused,
// once its run ended (stopped, closed quiet, finished), so that none goes
// unsaid; under d.mu.
func (h *Hub) runEnded(d *device) {
	h.update(d, true)
	h.sayRefused(d)
}

// sayRefused logs the samples the engine refused since the last such line
// (update; and when a run ends, so that none goes unsaid); under d.mu.
func (h *Hub) sayRefused(d *device) {
	if d.refusedN == 0 {
		return
	}
	h.log.Warn("samples refused by the analysis: time going back, NaN or infinite, or beyond any sensor's range (gaitd_rejected_samples_total)",
		"device", d.name, "samples", d.refusedN)
	d.refusedLog, d.refusedN = time.Now(), 0
}

// update exports the device's counter increments and, when a contact came
// or force is set, its rolling figures; it runs under d.mu.
func (h *Hub) update(d *device, force bool) {
	if d.rec == nil {
		return
	}
	st := d.rec.Stats()
	d.samples.Add(float64(st.Samples - d.prev.Samples))
	d.gaps.Add(float64(st.Gaps - d.prev.Gaps))
	d.bridged.Add(float64(st.Bridged - d.prev.Bridged))
	if n := st.Rejected - d.prev.Rejected; n > 0 {
		d.rejected.Add(float64(n))
		// said, not only counted (an audit: 593 samples of a clock that
		// stepped back refused with no line); a minute apart at most
		d.refusedN += n
		if time.Since(d.refusedLog) >= time.Minute {
			h.sayRefused(d)
		}
	}
	d.prev = st
	if n := d.rec.WriteFailures(); n > d.failedWrites {
		d.writeErrs.Add(float64(n - d.failedWrites))
		d.failedWrites = n
	}
	if n := d.rec.Runs(); n > d.written {
		// every run, also those a Close writes before the last of a
		// device (samples still held for reordering can end a run by
		// idle time): Close logged the last alone
		msg := "run written"
		if h.closing.Load() {
			msg = "run written at shutdown"
		}
		for _, id := range d.rec.Written()[d.written:n] {
			h.log.Info(msg, "device", d.name, "run", id)
		}
		d.runsTotal.Add(float64(n - d.written))
		d.written = n
		force = true // a run closed (idle): show it at once
	}
	if n := d.rec.Runs() + d.rec.Unwritten(); n != d.closed {
		d.closed = n
		force = true    // also one whose write failed
		h.sayRefused(d) // what the run that ended had refused
	}
	// Live (a rolling summary and the form signals) is not free: after a
	// contact it is computed at most every LiveEvery; Run's ticker catches
	// the contacts left pending.
	now := time.Now()
	if !force && (!d.dirty || now.Sub(d.lastLive) < LiveEvery) {
		return
	}
	d.dirty, d.lastLive = false, now
	// Latency: from the sample that let the engine emit a contact to the
	// gauges showing it, for devices whose time is Unix time (MQTT
	// payloads with epoch timestamps) — so it includes batching and
	// transport, not the engine's own wait for the next step. Samples
	// over latencyClock s away from the daemon's clock, either way, are
	// not timed: a replay of a recording on its own epoch times, or a
	// publisher's clock far off, read its age (a replay of 2023 data put
	// every contact in +Inf and fired the latency alert).
	nowS := float64(now.UnixNano()) / 1e9
	for _, t := range d.trig[:d.nTrig] {
		if t > 1e9 && math.Abs(nowS-t) < latencyClock {
			h.m.latency.Observe(math.Max(0, nowS-t))
		}
	}
	d.nTrig = 0
	l := d.rec.Live()
	d.cadence.Set(l.CadenceSPM / 60)
	d.gct.Set(l.GCT)
	d.fl.Set(l.Flight)
	d.vo.Set(l.VO)
	d.balance.Set(l.BalancePct / 100)
	if l.Running {
		d.activ.Set(1)
	} else {
		d.activ.Set(0)
	}
	for _, s := range l.Signals {
		h.m.sigState.WithLabelValues(d.name, s.Name).Set(float64(s.State.Level()))
		v := math.NaN()
		if s.Value != nil {
			v = *s.Value
		}
		h.m.sigValue.WithLabelValues(d.name, s.Name).Set(v)
	}
}

type metrics struct {
	cadence, gct, flight, vo, balance, active *prometheus.GaugeVec
	gctHist, stepHist                         *prometheus.HistogramVec
	steps, samples, gaps, rejected            *prometheus.CounterVec
	bridged                                   *prometheus.CounterVec
	runs, decodeErrs, droppedMsgs, dups       *prometheus.CounterVec
	lostFrames, clockResets                   *prometheus.CounterVec
	writeErrs                                 *prometheus.CounterVec
	devRejected                               prometheus.Counter
	latency                                   prometheus.Histogram
	unrouted                                  prometheus.Counter
	connected, sigState, sigValue             *prometheus.GaugeVec
}

// forget removes the series of a forgotten device.
func (m *metrics) forget(name string) {
	l := prometheus.Labels{"device": name}
	for _, v := range []*prometheus.GaugeVec{m.cadence, m.gct, m.flight, m.vo, m.balance, m.active, m.sigState, m.sigValue} {
		v.DeletePartialMatch(l)
	}
	for _, v := range []*prometheus.HistogramVec{m.gctHist, m.stepHist} {
		v.DeletePartialMatch(l)
	}
	for _, v := range []*prometheus.CounterVec{m.steps, m.samples, m.gaps, m.rejected, m.bridged, m.runs, m.decodeErrs, m.droppedMsgs, m.dups, m.lostFrames, m.clockResets, m.writeErrs} {
		v.DeletePartialMatch(l)
	}
}

func newMetrics(reg *prometheus.Registry, version string) *metrics {
	dev := []string{"device"}
	g := func(name, help string, labels ...string) *prometheus.GaugeVec {
		v := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
		reg.MustRegister(v)
		return v
	}
	c := func(name, help string, labels ...string) *prometheus.CounterVec {
		v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
		reg.MustRegister(v)
		return v
	}
	h := func(name, help string, buckets []float64) *prometheus.HistogramVec {
		v := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, []string{"device", "side"})
		reg.MustRegister(v)
		return v
	}
	m := &metrics{
		cadence: g("gaitd_cadence_steps_per_second", "Cadence over the last steps (both feet), steps per second; NaN when unknown.", dev...),
		gct:     g("gaitd_ground_contact_time_seconds", "Median ground contact time over the last steps, seconds.", dev...),
		flight:  g("gaitd_flight_time_seconds", "Median flight time over the last steps, seconds.", dev...),
		vo:      g("gaitd_vertical_oscillation_meters", "Median vertical oscillation over the last steps, meters (waist).", dev...),
		balance: g("gaitd_gct_balance_ratio", "Left share of left+right ground contact time over the last steps (0.5 is even).", dev...),
		active:  g("gaitd_run_active", "1 while a run is open on the device.", dev...),
		gctHist: h("gaitd_step_ground_contact_seconds", "Ground contact time per step whose toe-off was found, seconds.", []float64{.12, .15, .18, .2, .22, .24, .26, .28, .3, .35, .4, .5, .6, .7, .8, .9, 1, 1.2, 1.4, 1.7, 2}), // (walking: 0.6–1.6 s)
		stepHist: h("gaitd_step_duration_seconds", "Step time per step (IC to next IC; half the stride for a shoe or shank sensor), seconds.",
			[]float64{.25, .28, .3, .32, .34, .36, .38, .4, .45, .5, .55, .6, .7, .8, 1, 1.5}),
		steps:       c("gaitd_steps_total", "Foot contacts found.", "device", "side"),
		samples:     c("gaitd_samples_total", "Samples received.", dev...),
		gaps:        c("gaitd_gaps_total", "Gaps in the sample timestamps longer than the bridging limit (each restarts the detector).", dev...),
		bridged:     c("gaitd_bridged_holes_total", "Shorter holes in the sample timestamps (two or more samples missing) filled by interpolation.", dev...),
		rejected:    c("gaitd_rejected_samples_total", "Samples refused: NaN/Inf, time going backwards, absurd values, held samples of a device clock that went back, a stream the engine cannot analyse or whose rate cannot be told.", dev...),
		droppedMsgs: c("gaitd_dropped_messages_total", "MQTT messages lost before analysis: a full hand-off queue or byte budget.", dev...),
		lostFrames:  c("gaitd_lost_frames_total", "Serial frames lost in transit that the decoder can tell: BNO08x RVC frames missing from the index, WitMotion cycles without their gyro frame.", dev...),
		dups:        c("gaitd_duplicate_samples_total", "Samples received twice (same timestamp; QoS 1 redelivery), dropped.", dev...),
		runs:        c("gaitd_runs_total", "Runs written to the data directory.", dev...),
		clockResets: c("gaitd_clock_resets_total", "Times the device's clock went back and ran on (a phone re-syncing, a sensor rebooting): its run was closed and the new clock started a new one.", dev...),
		writeErrs:   c("gaitd_run_write_errors_total", "Failed attempts to write a run to the data directory (the run is kept and retried).", dev...),
		decodeErrs:  c("gaitd_decode_errors_total", "Malformed frames, lines or messages.", dev...),
		devRejected: prometheus.NewCounter(prometheus.CounterOpts{Name: "gaitd_device_rejected_samples_total", Help: "Samples refused before analysis: the device limit was reached, the device name is invalid, or the hub was closing."}),
		connected:   g("gaitd_source_connected", "1 while the source is connected: a serial port open, an MQTT broker connected and the subscriptions granted.", "source"),
		sigState:    g("gaitd_signal_state", "Live form signal state: -1 unavailable, 0 ok, 1 watch, 2 flag.", "device", "signal"),
		sigValue:    g("gaitd_signal_value", "Live form signal value in the signal's unit (see README).", "device", "signal"),
	}
	m.latency = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gaitd_contact_latency_seconds",
		Help:    "Time from the sample that completed a contact (device time, when it is Unix time) to the gauges showing it.",
		Buckets: []float64{.05, .1, .15, .2, .25, .3, .4, .5, .6, .8, 1, 1.5, 2, 5}})
	m.unrouted = prometheus.NewCounter(prometheus.CounterOpts{Name: "gaitd_mqtt_unrouted_messages_total",
		Help: "MQTT messages no device took: devices beyond the limit, topics that name no device, invalid device names, or names of serial devices."})
	reg.MustRegister(m.devRejected, m.latency, m.unrouted)
	bi := g("gaitd_build_info", "Build information; the value is 1.", "version", "goversion")
	bi.WithLabelValues(version, runtime.Version()).Set(1)
	return m
}
