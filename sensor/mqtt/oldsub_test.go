package mqtt

import (
	"strings"
	"testing"
	"time"
)

// A persistent session keeps the subscriptions of the client ID's earlier
// run: gaitd restarted with narrower topics (gait/# → gait/+/imu) went on
// receiving what the old filter took — a device's status messages counted
// as its malformed payloads, devices of topics no longer wanted taking
// pipelines — as MQTT 3.1.1 has no way to list a session's subscriptions
// and only its own are made again. A message whose topic none of the
// configured filters matches is now not taken: counted and logged under
// UnknownDevice.
func TestEarlierSessionSubscriptionIgnored(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	const id = "gaitd-narrowed"
	old, stopOld := runSource(t, Config{Broker: broker, ClientID: id, Topics: []string{"gait/#"}}, newCollector(), nil)
	waitSubscribed(t, old)
	stopOld()

	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: id, Topics: []string{"gait/+/imu"}}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-narrowed", nil)
	t0 := int64(1_700_000_000_000_000_000)
	publish(t, pub, "gait/shoe/status", 1, []byte("battery=80"))
	publish(t, pub, "gait/other/raw", 1, gaitdBatch("", 0, 5, t0))
	publish(t, pub, "gait/shoe/imu", 1, gaitdBatch("", 1, 5, t0))
	waitFor(t, "the live batch", 5*time.Second, func() bool { return col.count("shoe") == 5 })
	time.Sleep(200 * time.Millisecond)
	st := src.Stats()
	if d := st.Devices["shoe"]; d.Messages != 1 || d.DecodeErrors != 0 {
		t.Errorf("device shoe: %+v, want its one imu message alone", d)
	}
	if _, ok := st.Devices["other"]; ok || col.count("other") != 0 {
		t.Errorf("device other (a topic no filter matches) got a pipeline: %+v", st.Devices)
	}
	if u := st.Devices[UnknownDevice]; u.Messages != 2 || u.Dropped != 2 {
		t.Errorf("unknown: %+v, want the 2 messages of the old subscription", u)
	}
	if l := logs.String(); !strings.Contains(l, "no subscribed filter") {
		t.Errorf("not logged:\n%s", l)
	}
}

func TestFilterMatches(t *testing.T) {
	for _, tc := range []struct {
		filter, topic string
		want          bool
	}{
		{"gait/+/imu", "gait/a/imu", true},
		{"gait/+/imu", "gait/a/status", false},
		{"gait/+/imu", "gait//imu", true},
		{"gait/+/imu", "gait/a/imu/x", false},
		{"gait/+/imu", "gait/imu", false},
		{"gait/#", "gait", true},
		{"gait/#", "gait/a/b/c", true},
		{"gait/#", "gaits/a", false},
		{"#", "a/b", true},
		{"#", "$SYS/x", false},
		{"+/imu", "$SYS/imu", false},
		{"$SYS/#", "$SYS/x", true},
		{"sensor-logger", "sensor-logger", true},
		{"sensor-logger", "sensor-logger/x", false},
		{"+", "a", true},
		{"+", "a/b", false},
		{"+/+", "/a", true},
		{"$share/g/gait/+/imu", "gait/a/imu", true},
		{"$share/g/gait/+/imu", "gait/a/x", false},
		{"$queue/gait/#", "gait/a", true},
	} {
		if got := filterMatches(tc.filter, tc.topic); got != tc.want {
			t.Errorf("filter %q topic %q: %v, want %v", tc.filter, tc.topic, got, tc.want)
		}
	}
}
