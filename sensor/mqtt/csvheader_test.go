package mqtt

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// A device's csv header places the columns of its later messages without
// one; a header in the other frame than the device's first message's
// (acc_v … after x, y, z: the hub analyses a device in its first frame)
// is refused, and so are the messages read by it; a header whose names
// cannot be placed is refused naming the column, and so are the
// messages after it without one; a device that never sent a header is
// read by position. Each refusal is a counted decode error.
func TestCSVPayloadHeaderPerDevice(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-csvhdr", Payload: sensor.PayloadOptions{AccUnit: "mps2", GyrUnit: "rads"}}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-csvhdr", nil)
	for _, m := range []struct{ topic, msg string }{
		{"gait/devH/imu", "t,az,ay,ax\n1700000000.00,3,2,1\n"},
		{"gait/devH/imu", "1700000000.01,3,2,1\n"},
		{"gait/devH/imu", "t,acc_v,acc_ap,acc_ml\n1700000000.02,1,2,3\n"},
		{"gait/devH/imu", "1700000000.03,1,2,3\n"},
		{"gait/devU/imu", "t,ax,ay,temp\n1700000000.00,1,2,3\n"},
		{"gait/devU/imu", "1700000000.01,1,2,3\n"},
		{"gait/devP/imu", "1700000000.00,1,2,3\n"},
	} {
		publish(t, pub, m.topic, 1, []byte(m.msg))
	}
	waitFor(t, "the messages", 5*time.Second, func() bool {
		st := src.Stats().Devices
		return st["devH"].Samples == 2 && st["devH"].DecodeErrors == 2 && st["devU"].DecodeErrors == 2 && st["devP"].Samples == 1
	})
	stop()
	for _, s := range col.get("devH") {
		if s.Acc != [3]float64{1, 2, 3} {
			t.Errorf("devH: %+v, want acc 1,2,3", s)
		}
	}
	if ss := col.get("devP"); len(ss) != 1 || ss[0].Acc != [3]float64{1, 2, 3} {
		t.Errorf("devP: %+v", ss)
	}
	for dev, want := range map[string][]string{
		"devH": {`csv: header "t,acc_v,acc_ap,acc_ml" names anatomical axes where the device's first message had sensor axes: a device's frame is set by its first message`,
			`csv: the device's header "t,acc_v,acc_ap,acc_ml" (of an earlier message; this one has none) names anatomical axes where`},
		"devU": {`csv: line 1: header "t,ax,ay,temp": no column for the acceleration's z axis`,
			`csv: the device's header "t,ax,ay,temp" (of an earlier message; this one has none): no column for the acceleration's z axis`},
	} {
		errs := col.bad[dev]
		if len(errs) != len(want) {
			t.Errorf("%s: errors %v, want %d", dev, errs, len(want))
			continue
		}
		for i, w := range want {
			if !strings.HasPrefix(errs[i].Error(), w) {
				t.Errorf("%s: error %d: %v\nwant %s…", dev, i, errs[i], w)
			}
		}
	}
}

// A device that sends its csv header as a message of its own, then data
// lines without it: the header places their columns (it was refused as
// an unrecognised format, a counted decode error, and the lines after it
// read by position: Sensor Logger's z,y,x order delivered mirrored). The
// header message is no decode error; it is said once in the log.
func TestCSVPayloadHeaderAloneMQTT(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-test-csvhdralone", Payload: sensor.PayloadOptions{AccUnit: "mps2"}}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-csvhdralone", nil)
	for _, m := range []struct{ topic, msg string }{
		{"gait/devA/imu", "t,az,ay,ax\n"},
		{"gait/devA/imu", "1700000000.01,3,2,1\n1700000000.02,3,2,1\n"},
		{"gait/devQ/imu", "\"t\",\"az\",\"ay\",\"ax\"\n1700000000.01,3,2,1\n"},
	} {
		publish(t, pub, m.topic, 1, []byte(m.msg))
	}
	waitFor(t, "the messages", 5*time.Second, func() bool {
		st := src.Stats().Devices
		return st["devA"].Messages == 2 && st["devA"].Samples == 2 && st["devQ"].Samples == 1
	})
	st := src.Stats().Devices
	if st["devA"].DecodeErrors != 0 || st["devQ"].DecodeErrors != 0 || len(col.bad["devA"]) != 0 {
		t.Errorf("decode errors: %+v %v", st, col.bad["devA"])
	}
	for _, d := range []string{"devA", "devQ"} {
		for _, s := range col.get(d) {
			if s.Acc != [3]float64{1, 2, 3} {
				t.Errorf("%s: %+v, want acc 1,2,3", d, s)
			}
		}
	}
	if !strings.Contains(logs.String(), `mqtt csv header: kept for the device's messages without one`) {
		t.Errorf("log:\n%s", logs.String())
	}
}

// A device's status line ("imu,ready,fw,1.2.0") is one decode error, not a
// header kept for its later messages: they are read (they were refused,
// every one, by the status line taken for a refused header; a review).
func TestCSVPayloadStatusLineMQTT(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-status", Payload: sensor.PayloadOptions{AccUnit: "mps2"}}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-status", nil)
	publish(t, pub, "gait/devS/imu", 1, []byte("imu,ready,fw,1.2.0"))
	for i := range 5 {
		publish(t, pub, "gait/devS/imu", 1, fmt.Appendf(nil, "1700000000.%02d,3,2,1\n1700000000.%02d,3,2,1\n", 2*i+1, 2*i+2))
	}
	waitFor(t, "the messages", 5*time.Second, func() bool { return src.Stats().Devices["devS"].Messages == 6 })
	stop()
	st := src.Stats().Devices["devS"]
	if st.Samples != 10 || st.DecodeErrors != 1 {
		t.Errorf("%d samples, %d decode errors (%v); want 10 and 1", st.Samples, st.DecodeErrors, col.bad["devS"])
	}
}
