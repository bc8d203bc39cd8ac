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
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/internal/join"
	"github.com/gaitd/gaitd/sensor/internal/link"
)

// Android sensor type names.
const (
	Accelerometer = "android.sensor.accelerometer"
	Gyroscope     = "android.sensor.gyroscope"
)

// GyroWait is how long (phone time) an accelerometer event waits for a
// gyroscope event after it before the last rate is held.
const GyroWait = join.Wait

// Config says where the phone is.
type Config struct {
	// URL is the app's address as it shows it, ws://192.168.1.20:8080
	// (a path, when given, is used as is: the app's /sensor/connect?type=…
	// and /sensors/connect?types=[…] must ask for the accelerometer, and
	// the gyroscope with Gyro).
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
	types, ok, err := endpointTypes(u)
	if err != nil {
		return fmt.Errorf("sensorserver: URL %q: %w", c.URL, err)
	}
	for _, want := range []string{Accelerometer, Gyroscope} {
		if ok && !slices.Contains(types, want) && (want == Accelerometer || c.Gyro) {
			what := ""
			if want == Gyroscope {
				what = " (Gyro)"
			}
			return fmt.Errorf("sensorserver: URL %q: asks for %s, not %s%s: give the address the app shows, without a path", c.URL, strings.Join(types, ", "), want, what)
		}
	}
	return nil
}

// endpointTypes returns the sensor types the app's endpoint in u sends:
// /sensor/connect's type (its events untyped), /sensors/connect's types;
// ok false for another path (used as is).
func endpointTypes(u *url.URL) (types []string, ok bool, err error) {
	q := u.Query()
	switch u.Path {
	case "/sensor/connect":
		if q.Get("type") == "" {
			return nil, false, fmt.Errorf("no type: want type=%s, or the address the app shows without a path", Accelerometer)
		}
		return []string{q.Get("type")}, true, nil
	case "/sensors/connect":
		if err := json.Unmarshal([]byte(q.Get("types")), &types); err != nil {
			return nil, false, fmt.Errorf("types %q: not a JSON list of sensor types, such as [%q]", q.Get("types"), Accelerometer)
		}
		return types, true, nil
	}
	return nil, false, nil
}

// ErrMessage is wrapped by the errors of messages that are not sensor
// events (not JSON, values not three numbers, an unknown type).
var ErrMessage = errors.New("sensorserver: message not understood")

// Source reads one phone.
type Source struct {
	cfg     Config
	addr    string // the URL with the endpoint's path and query
	untyped string // the sensor type of events without one: /sensor/connect's
	log     *slog.Logger

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
	untyped := Accelerometer
	if u.Path == "/sensor/connect" {
		untyped = u.Query().Get("type")
	}
	return &Source{cfg: cfg, addr: u.String(), untyped: untyped, log: logger.With("source", "sensorserver", "url", cfg.URL)}, nil
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
		conn, resp, err := s.dial(ctx)
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

// keepAlive sets the connection's TCP keepalive probes: after 5 s without
// a byte from the phone, then every 3 s, 4 unanswered ending the
// connection. A phone gone without closing it (off the Wi-Fi, its
// sockets dropped, or out of battery) is noticed 17 s after its last
// message, and one back on the network without the connection at its
// next probe (its reset); with Go's default (15 s idle, then the system's
// 9 probes 15 s apart) the connection read as open for about 2.5 min, and
// a phone back after a few seconds was read again only up to 15 s later.
// A phone that is there answers the probes from its kernel. (As the
// serial source's TCP connections; Linux rounds to whole seconds.)
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 3 * time.Second, Count: 4}

// dial opens a connection to the phone. The handshake's reply is read
// without watching ctx (only the handshake timeout's deadline): the
// connection is closed when ctx ends, so a peer that never answers does
// not hold Run's return.
func (s *Source) dial(ctx context.Context) (*websocket.Conn, *http.Response, error) {
	var stop func() bool
	d := websocket.Dialer{HandshakeTimeout: s.cfg.Timeout, Proxy: http.ProxyFromEnvironment,
		NetDialContext: func(dctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{KeepAliveConfig: keepAlive}).DialContext(dctx, network, addr)
			if err == nil {
				stop = context.AfterFunc(ctx, func() { c.Close() })
			}
			return c, err
		}}
	conn, resp, err := d.DialContext(ctx, s.addr, nil)
	if stop != nil {
		stop()
	}
	return conn, resp, err
}

// maxMessage is the longest message read, bytes: an event is about 100
// (one sensor's values, its time and accuracy). A longer one is not the
// app's, and ends the connection (websocket.ErrReadLimit) rather than
// being held whole in memory, whatever its size.
const maxMessage = 64 << 10

// read reads one connection's messages until it fails; it returns the
// number of messages read.
func (s *Source) read(conn *websocket.Conn, out func([]sensor.Sample), bad func(error)) (int, error) {
	var (
		j    = join.Joiner{Gyro: s.cfg.Gyro}
		ss   []sensor.Sample
		ev   event
		n    int
		last = -1.0 // the last sample's time: events out of order are dropped
	)
	conn.SetReadLimit(maxMessage)
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			// what waits for a gyroscope event comes with the last rate
			var held int
			if ss, held = j.Flush(ss[:0]); len(ss) > 0 {
				s.held.Add(uint64(held))
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
		if ev.Type == "" {
			ev.Type = s.untyped // (the one-sensor endpoint's)
		}
		switch ev.Type {
		case Accelerometer:
			if t <= last {
				continue // (a repeated or late event)
			}
			last = t
			j.Acc(t, [3]float64(ev.Values))
		case Gyroscope:
			j.Rate(t, [3]float64(ev.Values))
		default:
			s.link.Count()
			bad(fmt.Errorf("%w: sensor type %q (want %s or %s)", ErrMessage, ev.Type, Accelerometer, Gyroscope))
			continue
		}
		var held int
		if ss, held = j.Ready(ss[:0]); len(ss) > 0 {
			s.held.Add(uint64(held))
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
