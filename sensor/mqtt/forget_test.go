package mqtt

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestForget: with Config.Forget, a device with no message for that long
// frees its pipeline and its place among MaxDevices, so a new device is
// taken (one at once, when it finds them all taken), and a device that
// comes back gets a new pipeline; without it, the places stayed taken
// until restart (rotating device IDs were refused for good).
func TestForget(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-forget", MaxDevices: 2, Forget: 300 * time.Millisecond}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-forget", nil)
	msg := gaitdBatch("", 0, 1, 1_700_000_000_000_000_000)
	publish(t, pub, "gait/s1/imu", 1, msg)
	publish(t, pub, "gait/s2/imu", 1, msg)
	publish(t, pub, "gait/s3/imu", 1, msg) // beyond the limit: refused
	waitFor(t, "three messages", 5*time.Second, func() bool {
		st := src.Stats()
		return st.Devices["s1"].Samples == 1 && st.Devices["s2"].Samples == 1 && st.Devices[UnknownDevice].Messages == 1
	})
	// s1 keeps sending, s2 falls silent: s2's place goes to s3 (found by
	// s3's own arrival or the ticker)
	for deadline := time.Now().Add(600 * time.Millisecond); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		publish(t, pub, "gait/s1/imu", 1, msg)
	}
	publish(t, pub, "gait/s3/imu", 1, msg)
	waitFor(t, "s3 taken", 5*time.Second, func() bool { return col.count("s3") == 1 })
	if names := src.DeviceNames(); !slices.Equal(names, []string{"s1", "s3"}) {
		t.Errorf("pipelines %v, want s1 and s3", names)
	}
	if _, ok := src.Stats().Devices["s2"]; ok {
		t.Error("s2's counters still in Stats")
	}
	// all silent: every pipeline goes (the ticker)
	waitFor(t, "all forgotten", 5*time.Second, func() bool { return len(src.DeviceNames()) == 0 })
	// s2 comes back: a new pipeline, its samples delivered
	publish(t, pub, "gait/s2/imu", 1, msg)
	waitFor(t, "s2 again", 5*time.Second, func() bool { return col.count("s2") == 2 })
	if st := src.Stats(); st.Devices["s2"].Samples != 1 || st.Devices[UnknownDevice].Messages != 1 {
		t.Errorf("stats %+v: s2 from 0 again, one unrouted message", st.Devices)
	}
}

// TestEvictUndecoded: devices whose payloads never decode (junk on their
// topics) give up their places among MaxDevices to a new device once they
// have had undecodedGrace to send one that does; they held them until
// Forget (10 min by default), and a real device was refused all that time
// (an audit). A device with a sample decoded keeps its place.
func TestEvictUndecoded(t *testing.T) {
	old := undecodedGrace
	undecodedGrace = 300 * time.Millisecond
	t.Cleanup(func() { undecodedGrace = old }) // (after the source's own cleanup: registered first)
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-evict", MaxDevices: 3}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-evict", nil)
	msg := gaitdBatch("", 0, 1, 1_700_000_000_000_000_000)
	publish(t, pub, "gait/good/imu", 1, msg)
	publish(t, pub, "gait/junk1/imu", 1, []byte("garbage"))
	publish(t, pub, "gait/junk2/imu", 1, []byte("garbage"))
	waitFor(t, "three devices", 5*time.Second, func() bool {
		st := src.Stats()
		return st.Devices["good"].Samples == 1 && st.Devices["junk1"].DecodeErrors == 1 && st.Devices["junk2"].DecodeErrors == 1
	})
	// within the grace the junk keeps its places: the new device is refused
	publish(t, pub, "gait/real/imu", 1, msg)
	waitFor(t, "real refused", 5*time.Second, func() bool { return src.Stats().Devices[UnknownDevice].Messages == 1 })
	time.Sleep(400 * time.Millisecond)
	publish(t, pub, "gait/real/imu", 1, msg)
	waitFor(t, "real taken", 5*time.Second, func() bool { return col.count("real") == 1 })
	if names := src.DeviceNames(); !slices.Equal(names, []string{"good", "real"}) {
		t.Errorf("pipelines %v, want good and real", names)
	}
}

// TestEvictUndecodedHeld: a device whose samples decode but are held while
// their units are decided (csv without a unit: up to 100 samples, 2 s of
// them, or 10 s of a sensor standing still), with a bad line among them,
// has delivered no sample yet but is no device of junk: it keeps its place.
// evictUndecoded read the samples delivered, and gave its place away
// after undecodedGrace (the same 10 s as a still sensor is held): its
// later messages were refused as beyond MaxDevices.
func TestEvictUndecodedHeld(t *testing.T) {
	old := undecodedGrace
	undecodedGrace = 300 * time.Millisecond
	t.Cleanup(func() { undecodedGrace = old })
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-evict-held", MaxDevices: 1}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-evict-held", nil)
	var sb strings.Builder
	for i := range 20 {
		if i == 10 {
			sb.WriteString("garbage\n")
		}
		fmt.Fprintf(&sb, "%.2f,0.01,0.02,0.99,0.5,0.2,0.1\n", float64(i)/100)
	}
	publish(t, pub, "gait/held/imu", 1, []byte(sb.String()))
	waitFor(t, "the bad line", 5*time.Second, func() bool { return src.Stats().Devices["held"].DecodeErrors == 1 })
	if n := col.count("held"); n != 0 {
		t.Fatalf("%d samples delivered, want them held for their units", n)
	}
	time.Sleep(400 * time.Millisecond) // past the grace, within unitWait (2 s)
	publish(t, pub, "gait/other/imu", 1, gaitdBatch("", 0, 1, 1_700_000_000_000_000_000))
	waitFor(t, "other refused", 5*time.Second, func() bool { return src.Stats().Devices[UnknownDevice].Messages == 1 })
	if names := src.DeviceNames(); !slices.Equal(names, []string{"held"}) {
		t.Errorf("pipelines %v, want held's alone", names)
	}
	waitFor(t, "held's samples", 5*time.Second, func() bool { return col.count("held") == 20 })
}

// TestForgetKeep: Config.Keep holds the pipeline of a device its consumer
// still holds, however long it has been quiet: a new device beyond
// MaxDevices is refused until Keep lets it go, then taken at once.
func TestForgetKeep(t *testing.T) {
	var keep atomic.Bool
	keep.Store(true)
	cfg := Config{NoClient: true, MaxDevices: 1, Forget: 100 * time.Millisecond,
		Keep: func(name string) bool { return name == "a" && keep.Load() }}
	col := newCollector()
	var s *Source
	runSource(t, cfg, col, func(s2 *Source) { s = s2 })
	waitFor(t, "running", 5*time.Second, func() bool { return s.Started() })
	msg := gaitdBatch("", 0, 1, 1_700_000_000_000_000_000)
	if err := s.Deliver("a", "http", msg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a's sample", 5*time.Second, func() bool { return col.count("a") == 1 })
	time.Sleep(1200 * time.Millisecond) // the ticker has run past Forget
	if err := s.Deliver("b", "http", msg); !errors.Is(err, ErrRefused) {
		t.Fatalf("a new device while a is kept: %v, want ErrRefused", err)
	}
	if names := s.DeviceNames(); !slices.Equal(names, []string{"a"}) {
		t.Errorf("pipelines %v, want a's", names)
	}
	keep.Store(false)
	if err := s.Deliver("b", "http", msg); err != nil {
		t.Fatalf("a new device once a is let go: %v", err)
	}
	waitFor(t, "b's sample", 5*time.Second, func() bool { return col.count("b") == 1 })
	if names := s.DeviceNames(); !slices.Equal(names, []string{"b"}) {
		t.Errorf("pipelines %v, want b's", names)
	}
}
