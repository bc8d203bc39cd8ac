package mqtt

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"
)

// denySubscribe lets every client connect and publish, and refuses
// subscriptions until allowed is set (a broker whose ACL is fixed while
// gaitd stays connected: mosquitto's dynamic security, EMQX's ACL).
type denySubscribe struct {
	mochi.HookBase
	allowed atomic.Bool
}

func (h *denySubscribe) ID() string { return "deny-subscribe" }
func (h *denySubscribe) Provides(b byte) bool {
	return b == mochi.OnConnectAuthenticate || b == mochi.OnACLCheck
}
func (h *denySubscribe) OnConnectAuthenticate(*mochi.Client, packets.Packet) bool { return true }
func (h *denySubscribe) OnACLCheck(_ *mochi.Client, _ string, write bool) bool {
	return write || h.allowed.Load()
}

// A subscription the broker refuses is asked again while connected:
// refused once, the source stayed connected and subscribed to nothing —
// no sample until it happened to reconnect — though the broker's ACL was
// fixed a minute later.
func TestSubscribeRetriedAfterRefusal(t *testing.T) {
	defer func(d time.Duration) { subscribeRetry = d }(subscribeRetry)
	subscribeRetry = 200 * time.Millisecond
	hook := new(denySubscribe)
	broker := rawBroker(t, hook, nil)

	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-acl"}, col)
	waitFor(t, "the refusal", 5*time.Second, func() bool { return strings.Contains(src.Stats().LastError, "refused") })
	time.Sleep(3 * subscribeRetry)
	if st := src.Stats(); !st.Connected || st.Subscribed {
		t.Fatalf("refused: %+v", st)
	}
	if n := strings.Count(logs.String(), "mqtt subscribe refused"); n != 1 {
		t.Errorf("%d lines about the refusal, want 1 (the retries are not logged each):\n%s", n, logs.String())
	}
	hook.allowed.Store(true)
	waitFor(t, "the subscription", 5*time.Second, func() bool { return src.Stats().Subscribed })
	pub := mustPublisher(t, broker, "pub-acl", nil)
	publish(t, pub, "gait/acl/imu", 1, gaitdBatch("", 0, 5, 1_700_000_000_000_000_000))
	waitFor(t, "the samples", 5*time.Second, func() bool { return col.count("acl") == 5 })
	if st := src.Stats(); st.Reconnects != 0 {
		t.Errorf("subscribed by reconnecting: %+v", st)
	}
	if l := logs.String(); !strings.Contains(l, "mqtt subscribed after") {
		t.Errorf("the subscription at last not said:\n%s", l)
	}
}

// denyOne refuses subscriptions to one filter and counts the requests
// for each filter.
type denyOne struct {
	mochi.HookBase
	deny string
	mu   sync.Mutex
	asks map[string]int
}

func (h *denyOne) ID() string { return "deny-one" }
func (h *denyOne) Provides(b byte) bool {
	return b == mochi.OnConnectAuthenticate || b == mochi.OnACLCheck
}
func (h *denyOne) OnConnectAuthenticate(*mochi.Client, packets.Packet) bool { return true }
func (h *denyOne) OnACLCheck(_ *mochi.Client, topic string, write bool) bool {
	if write {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.asks[topic]++
	return topic != h.deny
}

// A retry asks for the refused filters alone: the granted one, asked again
// at each retry, was replaced and its retained messages sent again (MQTT
// 3.1.1 §3.8.4) every 10 s while another filter stayed refused (a review).
func TestSubscribeRetryRefusedAlone(t *testing.T) {
	defer func(d time.Duration) { subscribeRetry = d }(subscribeRetry)
	subscribeRetry = 100 * time.Millisecond
	hook := &denyOne{deny: "b/+/imu", asks: map[string]int{}}
	broker := rawBroker(t, hook, nil)
	src, _ := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-one", Topics: []string{"a/+/imu", "b/+/imu"}, DeviceFrom: "+/{device}/imu"}, newCollector())
	waitFor(t, "the refusal", 5*time.Second, func() bool { return strings.Contains(src.Stats().LastError, "refused") })
	time.Sleep(6 * subscribeRetry)
	hook.mu.Lock()
	a, b := hook.asks["a/+/imu"], hook.asks["b/+/imu"]
	hook.mu.Unlock()
	if a != 1 || b < 3 {
		t.Errorf("subscriptions asked: a/+/imu %d times (granted: want 1), b/+/imu %d (refused: want each retry)", a, b)
	}
}
