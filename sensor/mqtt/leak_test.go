package mqtt

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// sourceGoroutines returns the stacks of the goroutines of paho and of
// this package's Source (not the broker's, not the test's) by their
// "goroutine N" line.
func sourceGoroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "paho.mqtt.golang") || strings.Contains(g, "mqtt.(*Source)") {
			id, _, _ := strings.Cut(g, " [")
			out[id] = g
		}
	}
	return out
}

// A Source stopped while connected, with devices running, leaves no
// goroutine behind once Run has returned: paho's (connection, keep-alive,
// router) and the device pipelines' are gone. So does one whose refused
// subscription is being asked again (onConnect waits out
// subscribeRetry, 10 s, unless the stop ends it).
func TestStopLeavesNoGoroutine(t *testing.T) {
	// (those of earlier tests' sources and publishers, on their way out)
	before := sourceGoroutines()
	stopped := func(t *testing.T, s *Source, cancel func(), done chan struct{}) {
		t.Helper()
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return")
		}
		var left []string
		for range 20 { // (a goroutine that has returned may still be on its way out)
			left = left[:0]
			for id, g := range sourceGoroutines() {
				if _, ok := before[id]; !ok {
					left = append(left, g)
				}
			}
			if len(left) == 0 {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Errorf("%d goroutines left after Run returned:\n%s", len(left), strings.Join(left, "\n\n"))
	}
	start := func(t *testing.T, broker string, col *collector) (*Source, func(), chan struct{}) {
		s, err := New(Config{Broker: broker, ClientID: "gaitd-leak", Topics: []string{"gait/+/imu"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx, col.out, col.badf); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		return s, cancel, done
	}

	t.Run("connected", func(t *testing.T) {
		b := mustBroker(t, BrokerConfig{})
		broker := "tcp://" + b.Addr()
		col := newCollector()
		s, cancel, done := start(t, broker, col)
		waitSubscribed(t, s)
		pub := mustPublisher(t, broker, "pub-leak", nil)
		for i, dev := range []string{"a", "b", "c"} {
			publish(t, pub, "gait/"+dev+"/imu", 1, gaitdBatch("", i, 5, 1_700_000_000_000_000_000))
		}
		waitFor(t, "the samples", 5*time.Second, func() bool { return col.count("a")+col.count("b")+col.count("c") == 15 })
		pub.Disconnect(100) // (its goroutines are paho's too)
		stopped(t, s, cancel, done)
	})
	t.Run("subscription refused", func(t *testing.T) {
		s, cancel, done := start(t, rawBroker(t, new(denySubscribe), nil), newCollector())
		waitFor(t, "the refusal", 5*time.Second, func() bool { return strings.Contains(s.Stats().LastError, "refused") })
		stopped(t, s, cancel, done)
	})
}
