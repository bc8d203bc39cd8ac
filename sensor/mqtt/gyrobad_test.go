package mqtt

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestGyroAllBadCounted: a SenML or Sensor Logger message from a device
// whose first message had angular rates, every rate element of which is
// bad (a value that is no number), is refused as one without rates is —
// the device is analysed with its gyroscope (b052c82: rates of zero are
// a sensor held still, a foot's contacts lost), and the hub has no sample
// without rates — but it is no message without rates: each bad element is
// counted and named, the first saying that the message's samples, whose
// acceleration reads, are refused with them and why. Before, the message
// was counted once as "no angular rates where the device's first message
// had them", its bad elements unnamed (BadLines dropped). A message with
// no rate element at all, and one with some good, are as before.
func TestGyroAllBadCounted(t *testing.T) {
	const n = 5
	// senml is n samples from sample from, their gyroscope values v(i, c)
	senml := func(from int, gv func(i, c int) string) []byte {
		var rs []string
		for i := from; i < from+n; i++ {
			for c, ch := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				v := fmt.Sprintf("%.2f", 0.1*float64(c+i%3))
				if c >= 3 {
					if v = gv(i, c); v == "" {
						continue
					}
				}
				rs = append(rs, fmt.Sprintf(`{"n":%q,"t":%.2f,"v":%s}`, ch, 1700000000+float64(i)/100, v))
			}
		}
		return []byte("[" + strings.Join(rs, ",") + "]")
	}
	sl := func(from int, gv func(i, c int) string) []byte {
		var es []string
		for i := from; i < from+n; i++ {
			ns := int64(1700000000)*1e9 + int64(i)*1e7
			es = append(es, fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":9.8,"z":%.2f}}`, ns, 0.1*float64(i%3)))
			if v := gv(i, 3); v != "" {
				es = append(es, fmt.Sprintf(`{"name":"gyroscope","time":%d,"values":{"x":%s,"y":0.2,"z":0.3}}`, ns+1000, v))
			}
		}
		return []byte(fmt.Sprintf(`{"messageId":%d,"sessionId":"s","payload":[%s]}`, from, strings.Join(es, ",")))
	}
	good := func(i, c int) string { return "0.5" }
	allBad := func(i, c int) string { return `"x"` }
	none := func(i, c int) string { return "" }
	oneBad := func(i, c int) string {
		if i == n+1 && c == 3 {
			return "null"
		}
		return "0.5"
	}
	tests := []struct {
		name      string
		msg       func(from int, gv func(i, c int) string) []byte
		gv        func(i, c int) string // the second message's rates
		delivered int                   // samples of the 3 messages
		errs      int
		first     string // in the first error
	}{
		{"senml every rate bad", senml, allBad, 2 * n, 3 * n,
			"senml: [3].v: not a finite number; every angular rate in the message is bad, so its 5 samples, whose acceleration reads, are refused with them"},
		{"sensorlogger every rate bad", sl, allBad, 2 * n, n,
			"sensorlogger: payload[1].values.x: not a finite number; every angular rate in the message is bad, so its 5 samples, whose acceleration reads, are refused with them"},
		{"senml no rates", senml, none, 2 * n, 1, "no angular rates where the device's first message had them"},
		{"sensorlogger no rates", sl, none, 2 * n, 1, "no angular rates where the device's first message had them"},
		{"senml one rate bad", senml, oneBad, 3*n - 1, 1, "senml: [9].v: null"},
		{"sensorlogger one rate bad", sl, oneBad, 3 * n, 1, "sensorlogger: payload[3].values.x: null"},
	}
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, _ := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-gyroallbad", Topics: []string{"gait/+/imu"}, DeviceFrom: "gait/{device}/imu"}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-gyroallbad", nil)
	for k, tc := range tests {
		dev := fmt.Sprintf("d%d", k)
		topic := "gait/" + dev + "/imu"
		publish(t, pub, topic, 1, tc.msg(0, good))
		publish(t, pub, topic, 1, tc.msg(n, tc.gv))
		publish(t, pub, topic, 1, tc.msg(2*n, good))
	}
	waitFor(t, "the messages", 5*time.Second, func() bool {
		for k := range tests {
			dev := fmt.Sprintf("d%d", k)
			if col.count(dev) < 2*n || src.Stats().Devices[dev].DecodeErrors == 0 {
				return false
			}
		}
		return true
	})
	time.Sleep(300 * time.Millisecond) // (the third messages, any late error)
	for k, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dev := fmt.Sprintf("d%d", k)
			col.mu.Lock()
			bad := col.bad[dev]
			col.mu.Unlock()
			if got := col.count(dev); got != tc.delivered {
				t.Errorf("%d samples delivered, want %d", got, tc.delivered)
			}
			if got := src.Stats().Devices[dev].DecodeErrors; got != uint64(tc.errs) || len(bad) != tc.errs {
				t.Errorf("%d decode errors, %d reported, want %d", got, len(bad), tc.errs)
			}
			if len(bad) == 0 || !strings.Contains(bad[0].Error(), tc.first) {
				t.Errorf("errors %q, want the first to say %q", bad, tc.first)
			}
			for _, s := range col.get(dev) {
				if s.Gyr == [3]float64{} {
					t.Fatalf("a sample without rates delivered: %+v", s)
				}
			}
		})
	}
}

// TestGyroAllBadFirstSaid: a device whose first message sends angular
// rates, none of which reads, is analysed without a gyroscope, as that
// message was; the warning when its later rates are not read says so,
// where it said its first message had none.
func TestGyroAllBadFirstSaid(t *testing.T) {
	msg := func(from int, gv string) []byte {
		var rs []string
		for i := from; i < from+3; i++ {
			for c, ch := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				v := fmt.Sprintf("%.2f", 0.1*float64(c+i%3))
				if c >= 3 {
					v = gv
				}
				rs = append(rs, fmt.Sprintf(`{"n":%q,"t":%.2f,"v":%s}`, ch, 1700000000+float64(i)/100, v))
			}
		}
		return []byte("[" + strings.Join(rs, ",") + "]")
	}
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-gyrobadfirst", Topics: []string{"gait/+/imu"}, DeviceFrom: "gait/{device}/imu"}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-gyrobadfirst", nil)
	publish(t, pub, "gait/d/imu", 1, msg(0, `"x"`))
	publish(t, pub, "gait/d/imu", 1, msg(3, "0.5"))
	waitFor(t, "the messages", 5*time.Second, func() bool { return col.count("d") == 6 })
	want := "angular rates not read: its first message's were all bad"
	waitFor(t, "the warning", 5*time.Second, func() bool { return strings.Contains(logs.String(), want) })
	if strings.Contains(logs.String(), "its first message had none") {
		t.Errorf("the warning says the first message had no rates:\n%s", logs.String())
	}
	for _, s := range col.get("d") {
		if s.Gyr != [3]float64{} {
			t.Fatalf("a sample with rates delivered from a device analysed without: %+v", s)
		}
	}
}
