package mqtt

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDeliverNoClient: a Source without an MQTT client (gaitd serve's HTTP
// push without a broker) takes messages through Deliver into the same
// device pipelines: decoded in order, a malformed one reaching bad, and
// the refusals said by the error — too large (still counted as the
// device's decode error), an invalid name, a device beyond MaxDevices,
// a full queue, and a Source not running or stopped.
func TestDeliverNoClient(t *testing.T) {
	cfg := Config{NoClient: true, MaxDevices: 2, MaxMessage: 4 << 10, Queue: 4,
		ValidDevice: func(n string) bool { return !strings.ContainsAny(n, "!/") }}
	s, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := func(id int, t0 int64) []byte {
		return fmt.Appendf(nil, `{"messageId":%d,"sessionId":"s1","deviceId":"phone-7","payload":[
		 {"name":"totalacceleration","time":%d,"values":{"x":0.061,"y":-0.001,"z":9.81}},
		 {"name":"totalacceleration","time":%d,"values":{"x":0.07,"y":0.002,"z":9.79}}]}`, id, t0, t0+10_000_000)
	}
	if err := s.Deliver("phone", "http", msg(1, 1)); !errors.Is(err, ErrRefused) {
		t.Errorf("before Run: %v, want ErrRefused", err)
	}
	col := newCollector()
	block := make(chan struct{})
	col.block = block
	_, stop := runSource(t, cfg, col, func(s2 *Source) { s = s2 })
	waitFor(t, "running", 5*time.Second, func() bool { return s.ready.Load() })

	// the first message is taken by the device's goroutine and held in
	// out (block); the queue of 4 takes four more, the sixth is dropped
	t0 := int64(1_700_000_000_000_000_000)
	for i := range 6 {
		err := s.Deliver("phone", "http", msg(i, t0+int64(i)*20_000_000))
		if i == 0 {
			waitFor(t, "first message taken", 5*time.Second, func() bool {
				s.mu.RLock()
				defer s.mu.RUnlock()
				return len(s.devices["phone"].ch) == 0
			})
		}
		if want := i == 5; errors.Is(err, ErrDropped) != want || (err != nil && !want) {
			t.Errorf("message %d: %v", i, err)
		}
	}
	close(block)
	waitFor(t, "samples", 5*time.Second, func() bool { return col.count("phone") == 10 })
	got := col.get("phone")
	for i := 1; i < len(got); i++ {
		if got[i].T <= got[i-1].T {
			t.Fatalf("samples out of order at %d: %v after %v", i, got[i].T, got[i-1].T)
		}
	}

	if err := s.Deliver("phone", "http", []byte(`{"messageId":9,"payload":[`)); err != nil {
		t.Errorf("malformed message: %v (decoded later, said to bad)", err)
	}
	big := make([]byte, 5<<10)
	if err := s.Deliver("phone", "http", big); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "5120 bytes exceed the limit of 4096") {
		t.Errorf("too large: %v", err)
	}
	waitFor(t, "decode errors", 5*time.Second, func() bool {
		col.mu.Lock()
		defer col.mu.Unlock()
		return len(col.bad["phone"]) == 2
	})
	if err := s.Deliver("bad!name", "http", msg(1, t0)); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "not valid") {
		t.Errorf("invalid name: %v", err)
	}
	if err := s.Deliver("watch", "http", msg(1, t0)); err != nil {
		t.Errorf("second device: %v", err)
	}
	if err := s.Deliver("third", "http", msg(1, t0)); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "beyond the limit of 2 devices") {
		t.Errorf("third device: %v", err)
	}
	st := s.Stats()
	if d := st.Devices["phone"]; d.Messages != 8 || d.Dropped != 0 || d.Refused != 1 || d.DecodeErrors != 2 || st.Connected {
		t.Errorf("stats: %+v, connected %v", d, st.Connected)
	}
	stop()
	if err := s.Deliver("phone", "http", msg(7, t0)); !errors.Is(err, ErrRefused) {
		t.Errorf("after stop: %v, want ErrRefused", err)
	}
}

// TestNoClientConfig: a NoClient Source needs no broker, and its pipeline
// fields are still checked.
func TestNoClientConfig(t *testing.T) {
	if err := (Config{NoClient: true}).Validate(); err != nil {
		t.Errorf("no broker: %v", err)
	}
	if err := (Config{NoClient: true, MaxMessage: -1}).Validate(); err == nil || !strings.Contains(err.Error(), "MaxMessage") {
		t.Errorf("negative MaxMessage: %v", err)
	}
	if err := (Config{}).Validate(); err == nil {
		t.Error("a client without a broker validated")
	}
}

// TestDeliverNewDeviceRetiredRace: a new device's pipeline made by one
// Deliver can be retired (forgotten: Forget elapsed, its queue empty) by
// another Deliver's device at the limit before the first one queues its
// message; the message then went to a closed channel, a panic. Concurrent
// Deliver calls for new devices, MaxDevices 1 and a Forget of 1 ns make
// that window as wide as it gets.
func TestDeliverNewDeviceRetiredRace(t *testing.T) {
	cfg := Config{NoClient: true, MaxDevices: 1, Forget: time.Nanosecond}
	col := newCollector()
	s, stop := runSource(t, cfg, col, nil)
	defer stop()
	waitFor(t, "running", 5*time.Second, func() bool { return s.ready.Load() })
	msg := gaitdBatch("x", 0, 2, 1_700_000_000_000_000_000)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			// (a send on a closed channel panics: the test binary fails)
			for i := range 2000 {
				err := s.Deliver(fmt.Sprintf("d%d-%d", g, i), "test", msg)
				if err != nil && !errors.Is(err, ErrRefused) && !errors.Is(err, ErrDropped) {
					t.Errorf("Deliver: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
