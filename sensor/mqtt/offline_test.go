package mqtt

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// The reconnection's line says how long the source was offline: the
// gap in which QoS 0 messages were lost and the samples of QoS 1 ones come
// late. The lines said "connection lost" and "connected reconnect=true",
// the length of the outage to be worked out from their times.
func TestReconnectSaysOffline(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	g := newGate(t, b.Addr())
	src, logs := runSourceLog(t, Config{Broker: "tcp://" + g.addr(), ClientID: "gaitd-offline"}, newCollector())
	waitSubscribed(t, src)
	g.shut()
	waitFor(t, "the loss", 5*time.Second, func() bool { return !src.Stats().Connected })
	time.Sleep(500 * time.Millisecond)
	g.open()
	waitFor(t, "the reconnection", 15*time.Second, func() bool { st := src.Stats(); return st.Reconnects == 1 && st.Subscribed })
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "mqtt connected") && strings.Contains(l, "reconnect=true") {
			line = l
		}
	}
	m := regexp.MustCompile(`offline=([0-9.]+m?s)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("the reconnection's line does not say how long the source was offline:\n%s", logs.String())
	}
	if d, err := time.ParseDuration(m[1]); err != nil || d < 500*time.Millisecond || d > 15*time.Second {
		t.Errorf("offline %s (%v), want the outage's length, at least 0.5 s", m[1], err)
	}
}
