// Package sensorserver reads an Android phone running the SensorServer app
// (umer0586/SensorServer; protocols.md §5): the phone is a WebSocket server
// and sends one JSON message per sensor event,
//
//	{"values":[0.3189,-0.9780,10.0499],"timestamp":3925657519043709,"accuracy":2,"type":"android.sensor.accelerometer"}
//
// with the acceleration in m/s² (gravity included) and the angular rate in
// rad/s, timestamp in ns since the phone booted. A Source connects to
// /sensors/connect for the accelerometer (and the gyroscope when asked),
// reconnects with backoff when the connection is lost, and delivers
// samples on the phone's boot clock (s).
//
// With the gyroscope, each accelerometer event waits for the first
// gyroscope event at or after its time and takes the rate interpolated
// linearly between the two gyroscope events around it; one that has
// waited GyroWait (in the phone's time) without one takes the last rate
// held, counted in Stats.GyroHeld.
package sensorserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/internal/link"
)

// Android sensor type names.
const (
	Accelerometer = "android.sensor.accelerometer"
	Gyroscope     = "android.sensor.gyroscope"
)

// GyroWait is how long (phone time) an accelerometer event waits for a
// gyroscope event after it before the last rate is held.
const GyroWait = 0.1

// Config says where the phone is.
type Config struct {
	// URL is the app's address as it shows it, ws://192.168.1.20:8080
	// (a path, when given, is used as is).
	URL string
	// Gyro asks for the gyroscope too.
	Gyro bool
	// Timeout bounds the connection's opening, default 5 s.
	Timeout time.Duration
}

// Validate checks the configuration.
func (c Config) Validate() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return fmt.Errorf("sensorserver: URL %q: want the address the app shows, such as ws://192.168.1.20:8080", c.URL)
	}
	if c.Timeout < 0 {
		return errors.New("sensorserver: Timeout: negative")
	}
	return nil
}

// ErrMessage is wrapped by the errors of messages that are not sensor
// events (not JSON, values not three numbers, an unknown type).
var ErrMessage = errors.New("sensorserver: message not understood")

// Source reads one phone.
type Source struct {
	cfg  Config
	addr string // the URL with the endpoint's path and query
	log  *slog.Logger

	messages, samples, connects, held atomic.Uint64
	link                              link.State
}

// New returns a Source for cfg; it does not connect before Run.
func New(cfg Config, logger *slog.Logger) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	u, _ := url.Parse(cfg.URL)
	if u.Path == "" || u.Path == "/" {
		types := `["` + Accelerometer + `"]`
		if cfg.Gyro {
			types = `["` + Accelerometer + `","` + Gyroscope + `"]`
		}
		u.Path, u.RawQuery = "/sensors/connect", "types="+url.QueryEscape(types)
	}
	return &Source{cfg: cfg, addr: u.String(), log: logger.With("source", "sensorserver", "url", cfg.URL)}, nil
}

// Layout is the layout of the samples: three sensor-frame acceleration
// axes, and the gyroscope's with Config.Gyro; the rate from the times.
func (s *Source) Layout() sensor.Layout {
	l := sensor.Layout{Acc: [3]bool{true, true, true}}
	if s.cfg.Gyro {
		l.Gyr = [3]bool{true, true, true}
	}
	return l
}

// Stats are a Source's counters.
type Stats struct {
	Connected bool
	Connects  uint64 // connections opened
	Messages  uint64 // messages read
	Samples   uint64 // samples delivered
	Errors    uint64 // messages not understood, connections failed or lost
	GyroHeld  uint64 // samples given the last rate held (see GyroWait)
	LastError string
	Endpoint  string // the URL connected to
}

// Stats returns the counters; it is safe to call concurrently with Run.
func (s *Source) Stats() Stats {
	return Stats{Connected: s.link.Up(), Connects: s.connects.Load(), Messages: s.messages.Load(), Samples: s.samples.Load(),
		Errors: s.link.Errors(), GyroHeld: s.held.Load(), LastError: s.link.LastError(), Endpoint: s.addr}
}

// event is one message.
type event struct {
	Values    []float64 `json:"values"`
	Timestamp int64     `json:"timestamp"`
	Type      string    `json:"type"`
}

// Run reads until ctx ends and returns nil then. out receives samples in
// time order (T in s on the phone's boot clock); newSession is called
// when a connection opens (a phone that rebooted starts its clock again);
// bad receives each message not understood (wrapping ErrMessage). A
// connection that fails or is lost is logged (at most once a minute while
// it stays down) and opened again: at once after one that read messages
// for a second or more, else after 1 s, backing off to 10 s. All three are
// called from Run's goroutine.
func (s *Source) Run(ctx context.Context, out func([]sensor.Sample), newSession func(), bad func(error)) error {
	if bad == nil {
		bad = func(error) {}
	}
	fail := func(err error) { s.link.Failed(s.log, "sensorserver connection failed (retrying)", err) }
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(s.link.Wait()):
		}
		d := websocket.Dialer{HandshakeTimeout: s.cfg.Timeout, Proxy: http.ProxyFromEnvironment}
		conn, resp, err := d.DialContext(ctx, s.addr, nil)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if resp != nil {
				err = fmt.Errorf("%w (HTTP %s: is the app's server started, and the URL the one it shows?)", err, resp.Status)
			}
			fail(fmt.Errorf("sensorserver: %s: %w", s.addr, err))
			continue
		}
		s.connects.Add(1)
		s.link.SetUp()
		s.log.Info("sensorserver connected", "endpoint", s.addr, "reconnect", s.connects.Load() > 1)
		if newSession != nil {
			newSession()
		}
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		began := time.Now()
		n, err := s.read(conn, out, bad)
		stop()
		conn.Close()
		if ctx.Err() != nil {
			s.link.SetDown()
			return nil
		}
		fail(fmt.Errorf("sensorserver: connection lost: %w", err))
		if n > 0 && time.Since(began) >= time.Second {
			s.link.SetWait(0) // it worked for a while: again at once
		}
	}
}

// read reads one connection's messages until it fails; it returns the
// number of messages read.
func (s *Source) read(conn *websocket.Conn, out func([]sensor.Sample), bad func(error)) (int, error) {
	var (
		j    joiner
		ss   []sensor.Sample
		ev   event
		n    int
		last = -1.0 // the last sample's time: events out of order are dropped
	)
	j.gyro = s.cfg.Gyro
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			// what waits for a gyroscope event comes with the last rate
			if ss = j.flush(ss[:0], &s.held); len(ss) > 0 {
				s.samples.Add(uint64(len(ss)))
				out(ss)
			}
			return n, err
		}
		n++
		s.messages.Add(1)
		ev = event{}
		if err := decode(msg, &ev); err != nil {
			s.link.Count()
			bad(err)
			continue
		}
		t := float64(ev.Timestamp) / 1e9
		switch ev.Type {
		case "", Accelerometer:
			if t <= last {
				continue // (a repeated or late event)
			}
			last = t
			j.acc(t, [3]float64(ev.Values))
		case Gyroscope:
			j.rate(t, [3]float64(ev.Values))
		default:
			s.link.Count()
			bad(fmt.Errorf("%w: sensor type %q (want %s or %s)", ErrMessage, ev.Type, Accelerometer, Gyroscope))
			continue
		}
		if ss = j.ready(ss[:0], &s.held); len(ss) > 0 {
			s.samples.Add(uint64(len(ss)))
			out(ss)
		}
	}
}

// decode reads a message into ev and checks it.
func decode(msg []byte, ev *event) error {
	if err := json.Unmarshal(msg, ev); err != nil {
		return fmt.Errorf("%w: %v: %.80q", ErrMessage, err, msg)
	}
	if len(ev.Values) != 3 {
		return fmt.Errorf("%w: %d values, want 3 (x, y, z): %.80q", ErrMessage, len(ev.Values), msg)
	}
	if ev.Timestamp <= 0 {
		return fmt.Errorf("%w: no timestamp: %.80q", ErrMessage, msg)
	}
	return nil
}

// joiner pairs accelerometer events with the gyroscope's rate at their
// time.
type joiner struct {
	gyro    bool
	pending []sensor.Sample // accelerometer events waiting for a rate
	// rates are the gyroscope events in time order from the last one at
	// or before the oldest accelerometer event that may still come (the
	// first pending, or after the last one joined): the two sensors'
	// events are not sent in one time order, an accelerometer event may
	// come after several gyroscope events later than it.
	rates   []rate
	lastAcc float64 // the last accelerometer event's time
}

type rate struct {
	t float64
	v [3]float64
}

// maxRates bounds the gyroscope events kept (the accelerometer stopped,
// the gyroscope not): 5 s at 200 Hz.
const maxRates = 1000

func (j *joiner) acc(t float64, a [3]float64) {
	j.pending = append(j.pending, sensor.Sample{T: t, Acc: a})
	j.lastAcc = t
}

func (j *joiner) rate(t float64, v [3]float64) {
	if n := len(j.rates); n > 0 && t <= j.rates[n-1].t {
		return // (a repeated or late event)
	}
	if len(j.rates) == maxRates {
		j.rates = append(j.rates[:0], j.rates[1:]...)
	}
	j.rates = append(j.rates, rate{t, v})
}

// last is the last rate (zero before any).
func (j *joiner) last() [3]float64 {
	if n := len(j.rates); n > 0 {
		return j.rates[n-1].v
	}
	return [3]float64{}
}

// ready appends the samples that can be given: all without a gyroscope;
// with one, those at or before the last rate's time (interpolated), and
// those that waited GyroWait (the last rate held, counted in held).
func (j *joiner) ready(dst []sensor.Sample, held *atomic.Uint64) []sensor.Sample {
	if !j.gyro {
		dst = append(dst, j.pending...)
		j.pending = j.pending[:0]
		return dst
	}
	k := 0
	for _, p := range j.pending {
		switch {
		case len(j.rates) > 0 && p.T <= j.rates[len(j.rates)-1].t:
			p.Gyr = j.at(p.T)
		case j.pending[len(j.pending)-1].T-p.T >= GyroWait:
			p.Gyr = j.last()
			held.Add(1)
		default:
			j.pending[k] = p
			k++
			continue
		}
		dst = append(dst, p)
	}
	// (both conditions hold for a prefix of pending, which is in time
	// order: samples leave in order)
	j.pending = j.pending[:k]
	// the rates no accelerometer event to come can need: before the last
	// one at or before the oldest of them
	oldest := j.lastAcc
	if len(j.pending) > 0 {
		oldest = j.pending[0].T
	}
	if i := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].t > oldest }) - 1; i > 0 {
		j.rates = append(j.rates[:0], j.rates[i:]...)
	}
	return dst
}

// flush gives what waits, with the last rate held.
func (j *joiner) flush(dst []sensor.Sample, held *atomic.Uint64) []sensor.Sample {
	for _, p := range j.pending {
		if j.gyro {
			p.Gyr = j.last()
			held.Add(1)
		}
		dst = append(dst, p)
	}
	j.pending = j.pending[:0]
	return dst
}

// at is the rate at t, interpolated between the rates around it (t at or
// before the last), or the first one's when t is before all kept.
func (j *joiner) at(t float64) [3]float64 {
	i := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].t >= t })
	if i == len(j.rates) {
		return j.last()
	}
	r1 := j.rates[i]
	if i == 0 || r1.t == t {
		return r1.v
	}
	r0 := j.rates[i-1]
	f := (t - r0.t) / (r1.t - r0.t)
	var v [3]float64
	for k := range v {
		v[k] = sensor.Lerp(r0.v[k], r1.v[k], f)
	}
	return v
}
