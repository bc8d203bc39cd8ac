package sensorserver

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gaitd/gaitd/sensor"
)

// phone is a WebSocket server that answers /sensors/connect as the app
// does; each connection gets the messages of the next entry of sessions.
type phone struct {
	srv      *httptest.Server
	mu       sync.Mutex
	sessions [][]string
	queries  []string
}

func newPhone(t *testing.T, sessions ...[]string) *phone {
	p := &phone{sessions: sessions}
	up := websocket.Upgrader{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sensors/connect" {
			http.NotFound(w, r)
			return
		}
		p.mu.Lock()
		p.queries = append(p.queries, r.URL.Query().Get("types"))
		var msgs []string
		if len(p.sessions) > 0 {
			msgs, p.sessions = p.sessions[0], p.sessions[1:]
		}
		p.mu.Unlock()
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for _, m := range msgs {
			if c.WriteMessage(websocket.TextMessage, []byte(m)) != nil {
				return
			}
		}
		if msgs == nil {
			// the last session stays open, silent, until the client goes
			c.ReadMessage()
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *phone) url() string { return "ws" + strings.TrimPrefix(p.srv.URL, "http") }

type got struct {
	mu       sync.Mutex
	ss       []sensor.Sample
	sessions int
	bad      []error
}

func run(t *testing.T, cfg Config) (*Source, *got, func()) {
	t.Helper()
	src, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &got{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- src.Run(ctx, func(ss []sensor.Sample) {
			g.mu.Lock()
			g.ss = append(g.ss, ss...)
			g.mu.Unlock()
		}, func() { g.mu.Lock(); g.sessions++; g.mu.Unlock() }, func(err error) { g.mu.Lock(); g.bad = append(g.bad, err); g.mu.Unlock() })
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("Run did not return")
			}
		})
	}
	t.Cleanup(stop)
	return src, g, stop
}

func (g *got) n() int { g.mu.Lock(); defer g.mu.Unlock(); return len(g.ss) }

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func accEvent(i int, typed bool) string {
	typ := ""
	if typed {
		typ = `,"type":"android.sensor.accelerometer"`
	}
	return fmt.Sprintf(`{"values":[%g,%g,9.81],"timestamp":%d,"accuracy":3%s}`, 0.01*float64(i), -float64(i), int64(5e12)+int64(i)*10_000_000, typ)
}

// TestAccelerometer: the accelerometer's events become samples on the
// boot clock, every one once and in order, across a lost connection
// (opened again, a new session said); messages that are not events are
// said and skipped.
func TestAccelerometer(t *testing.T) {
	var s1, s2 []string
	for i := range 300 {
		s1 = append(s1, accEvent(i, false))
		if i == 100 {
			s1 = append(s1, `not json`, `{"values":[1,2],"timestamp":5}`, accEvent(i, false)) // (and a repeat)
		}
	}
	for i := 300; i < 400; i++ {
		s2 = append(s2, accEvent(i, true))
	}
	p := newPhone(t, s1, s2)
	src, g, stop := run(t, Config{URL: p.url()})
	waitFor(t, "400 samples", func() bool { return g.n() == 400 })
	waitFor(t, "the third connection", func() bool { return src.Stats().Connects == 3 })
	stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, s := range g.ss {
		want := sensor.Sample{T: 5000 + float64(i)*0.01, Acc: [3]float64{0.01 * float64(i), -float64(i), 9.81}}
		if math.Abs(s.T-want.T) > 1e-9 || s.Acc != want.Acc || s.Gyr != [3]float64{} {
			t.Fatalf("sample %d: %+v, want %+v", i, s, want)
		}
	}
	if len(g.bad) != 2 || !errors.Is(g.bad[0], ErrMessage) || !strings.Contains(g.bad[1].Error(), "2 values, want 3") || g.sessions != 3 {
		t.Errorf("bad %v, sessions %d", g.bad, g.sessions)
	}
	if p.queries[0] != `["android.sensor.accelerometer"]` {
		t.Errorf("asked for %s", p.queries[0])
	}
}

// TestGyroscope: with the gyroscope, each accelerometer event gets the
// rate interpolated at its time between the gyroscope events around it
// (a rate linear in time comes out exact), and the last ones, after the
// last gyroscope event, the last rate held when the connection ends.
func TestGyroscope(t *testing.T) {
	rate := func(t float64) [3]float64 { return [3]float64{t - 5000, 2 * (t - 5000), -1} }
	var msgs []string
	for i := range 200 {
		msgs = append(msgs, accEvent(i, true))
		if i < 190 {
			// 3 ms after the accelerometer's
			tg := 5000 + float64(i)*0.01 + 0.003
			r := rate(tg)
			msgs = append(msgs, fmt.Sprintf(`{"values":[%g,%g,%g],"timestamp":%d,"type":"android.sensor.gyroscope"}`, r[0], r[1], r[2], int64(5e12)+int64(i)*10_000_000+3_000_000))
		}
	}
	p := newPhone(t, msgs)
	src, g, stop := run(t, Config{URL: p.url(), Gyro: true})
	waitFor(t, "200 samples", func() bool { return g.n() == 200 })
	stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, s := range g.ss {
		want := rate(s.T)
		if i == 0 || i >= 190 {
			continue // before the first rate; after the last (held)
		}
		for k := range 3 {
			if math.Abs(s.Gyr[k]-want[k]) > 1e-6 {
				t.Fatalf("sample %d at %.3f: rate %v, want %v", i, s.T, s.Gyr, want)
			}
		}
	}
	last := rate(5000 + 189*0.01 + 0.003)
	if g.ss[199].Gyr != last || src.Stats().GyroHeld < 9 {
		t.Errorf("last sample's rate %v (want the last rate held, %v), held %d", g.ss[199].Gyr, last, src.Stats().GyroHeld)
	}
	if !strings.Contains(p.queries[0], Gyroscope) || !src.Layout().HasGyro() {
		t.Errorf("asked for %s; layout %+v", p.queries[0], src.Layout())
	}
}

func TestConfigValidate(t *testing.T) {
	for url, want := range map[string]string{
		"192.168.1.20:8080":      `sensorserver: URL "192.168.1.20:8080": want the address the app shows, such as ws://192.168.1.20:8080`,
		"http://192.168.1.20":    `want the address the app shows`,
		"ws://192.168.1.20:8080": "",
	} {
		err := Config{URL: url}.Validate()
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", url, err, want)
		}
	}
}

// TestGyroscopeLateAccelerometer: accelerometer events that arrive after
// gyroscope events later than them (the two sensors' events are not sent
// in one time order: one sensor's come in bursts, or a few ms behind)
// still get the rate interpolated between the gyroscope events around
// their time. With only the last two rates kept, an event older than
// both took the older one's rate: at 200 Hz and 20 ms late, the rate
// 15–20 ms after it.
func TestGyroscopeLateAccelerometer(t *testing.T) {
	rate := func(t float64) [3]float64 { return [3]float64{10 * (t - 5000), -3 * (t - 5000), 1} }
	gyro := func(i int) string { // 200 Hz
		ns := int64(5e12) + int64(i)*5_000_000
		r := rate(float64(ns) / 1e9)
		return fmt.Sprintf(`{"values":[%g,%g,%g],"timestamp":%d,"type":"android.sensor.gyroscope"}`, r[0], r[1], r[2], ns)
	}
	acc := func(i int) string { // 100 Hz, 2 ms after a gyroscope event
		return fmt.Sprintf(`{"values":[0,0,9.81],"timestamp":%d,"type":"android.sensor.accelerometer"}`, int64(5e12)+int64(i)*10_000_000+2_000_000)
	}
	var msgs []string
	for i := range 400 {
		msgs = append(msgs, gyro(i))
		if i%2 == 1 && i >= 5 {
			// the accelerometer event of 20 ms before
			msgs = append(msgs, acc((i-5)/2))
		}
	}
	p := newPhone(t, msgs)
	_, g, stop := run(t, Config{URL: p.url(), Gyro: true})
	waitFor(t, "198 samples", func() bool { return g.n() == 198 })
	stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, s := range g.ss {
		want := rate(s.T)
		for k := range 3 {
			if math.Abs(s.Gyr[k]-want[k]) > 1e-6 {
				t.Fatalf("sample %d at %.3f: rate %v, want %v", i, s.T, s.Gyr, want)
			}
		}
	}
}

// TestReconnectShort: a server that sends a message and closes each
// connection (another WebSocket server at the address, a phone app that
// refuses with a text) is connected to again with the backoff, not at
// once: any message read reset the backoff, thousands of connections a
// second.
func TestReconnectShort(t *testing.T) {
	var conns atomic.Int64
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		conns.Add(1)
		c.WriteMessage(websocket.TextMessage, []byte(accEvent(int(conns.Load()), true)))
		c.Close()
	}))
	defer srv.Close()
	_, _, stop := run(t, Config{URL: "ws" + strings.TrimPrefix(srv.URL, "http")})
	time.Sleep(1500 * time.Millisecond)
	stop()
	if n := conns.Load(); n > 3 {
		t.Errorf("%d connections in 1.5 s", n)
	}
}

// TestStopDuringHandshake: a peer that accepts the connection and never
// answers the WebSocket handshake (an app hung, a wrong host's port) does
// not hold Run's return when ctx ends: it held it until the handshake's
// timeout, 5 s, and serve's shutdown with it.
func TestStopDuringHandshake(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c // held open, never answered
		}
	}()
	src, err := New(Config{URL: "ws://" + ln.Addr().String()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, func([]sensor.Sample) {}, nil, nil) }()
	var c net.Conn
	select {
	case c = <-accepted:
		defer c.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("no connection")
	}
	time.Sleep(100 * time.Millisecond) // (the request written, its reply awaited)
	began := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		if d := time.Since(began); d > time.Second {
			t.Errorf("Run returned %v after ctx ended", d.Round(time.Millisecond))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}

// TestMessageLimit: a message over maxMessage (a peer that is not the app)
// ends the connection, not read into memory whatever its size; the
// connection after it is read as any other. Before, 2 MiB was read whole,
// said as a bad event, and the connection read on.
func TestMessageLimit(t *testing.T) {
	var s1, s2 []string
	for i := range 10 {
		s1 = append(s1, accEvent(i, true))
	}
	s1 = append(s1, `{"values":[`+strings.Repeat("1,", 1<<20)+`1],"timestamp":1}`)
	for i := 10; i < 20; i++ {
		s1 = append(s1, accEvent(i, true))
	}
	for i := 20; i < 30; i++ {
		s2 = append(s2, accEvent(i, true))
	}
	p := newPhone(t, s1, s2)
	src, g, stop := run(t, Config{URL: p.url()})
	waitFor(t, "the second connection's samples", func() bool { return g.n() >= 20 })
	time.Sleep(200 * time.Millisecond)
	stop()
	if n := g.n(); n != 20 {
		t.Errorf("%d samples, want the 10 before the long message and the second connection's 10", n)
	}
	if st := src.Stats(); st.Connects < 2 || st.Messages != 20 {
		t.Errorf("stats %+v: want the first connection ended at the long message, 20 messages read", st)
	}
}
