package mqtt

import (
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestMosquittoRetainedCSVHeader: a csv header published alone with the
// retain flag (once, in a sketch's setup(), so that a subscriber that
// comes later learns the columns) is taken, not ignored with the retained
// data batches: it holds no samples, only the columns of the device's
// later messages. Ignored, serve started after the device read its lines
// by position — Sensor Logger's t,az,ay,ax order mirrored the sensor, its
// sides swapped — with nothing said.
func TestMosquittoRetainedCSVHeader(t *testing.T) {
	addr := startMosquitto(t, "127.0.0.1:0", "persistence false\n")
	pub := mustPublisher(t, "tcp://"+addr, "pub-retained-hdr", nil)
	if tok := pub.Publish("gait/hdr/imu", 1, true, []byte("t,az,ay,ax\n")); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("publish: %v", tok.Error())
	}
	col := newCollector()
	src, _ := runSource(t, Config{Broker: "tcp://" + addr, ClientID: "gaitd-retained-hdr", Payload: sensor.PayloadOptions{AccUnit: "mps2"}}, col, nil)
	waitSubscribed(t, src)
	publish(t, pub, "gait/hdr/imu", 1, []byte("1700000000.00,3,2,1\n1700000000.01,3,2,1\n"))
	waitFor(t, "the samples", 5*time.Second, func() bool { return len(col.get("hdr")) >= 2 })
	for _, s := range col.get("hdr") {
		if s.Acc != [3]float64{1, 2, 3} {
			t.Errorf("%+v: want acc 1,2,3, read by the retained header t,az,ay,ax", s)
		}
	}
	if st := src.Stats(); st.Retained != 0 {
		t.Errorf("%d retained messages ignored, want 0", st.Retained)
	}
}
