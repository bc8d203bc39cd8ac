package mqtt

import (
	"strings"
	"testing"
	"time"
)

// A clinic's sensors under one room's topic level, clinic/room1/<sensor>/imu,
// subscribed with the default device rule (the second level): every
// sensor's messages went to device "room1", their samples analysed as one
// foot's, and nothing said so. The source now says it once, naming two
// of the topics; with DeviceFrom naming the sensor's level the devices
// are apart and nothing is said.
func TestDeviceOnSeveralTopicsSaid(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	pub := mustPublisher(t, broker, "pub-clinic", nil)
	t0 := int64(1_700_000_000_000_000_000)
	const warn = "messages on more than one topic"

	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-clinic", Topics: []string{"clinic/room1/+/imu"}}, col)
	waitSubscribed(t, src)
	for i := range 4 {
		publish(t, pub, "clinic/room1/s1/imu", 1, gaitdBatch("", i, 5, t0+int64(i)*100_000_000))
		publish(t, pub, "clinic/room1/s2/imu", 1, gaitdBatch("", i, 5, t0+int64(i)*100_000_000+5_000_000))
	}
	waitFor(t, "the samples", 5*time.Second, func() bool { return col.count("room1") == 40 })
	l := logs.String()
	if strings.Count(l, warn) != 1 || !strings.Contains(l, "clinic/room1/s1/imu") || !strings.Contains(l, "clinic/room1/s2/imu") {
		t.Errorf("want one line saying device room1 takes messages of two topics, naming them:\n%s", l)
	}

	col2 := newCollector()
	src2, logs2 := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-clinic-2", Topics: []string{"clinic/room1/+/imu"}, DeviceFrom: "clinic/room1/{device}/imu"}, col2)
	waitSubscribed(t, src2)
	for i := range 2 {
		publish(t, pub, "clinic/room1/s1/imu", 1, gaitdBatch("", 10+i, 5, t0+int64(10+i)*100_000_000))
		publish(t, pub, "clinic/room1/s2/imu", 1, gaitdBatch("", 10+i, 5, t0+int64(10+i)*100_000_000))
	}
	waitFor(t, "the samples by sensor", 5*time.Second, func() bool { return col2.count("s1") == 10 && col2.count("s2") == 10 })
	if l := logs2.String(); strings.Contains(l, warn) {
		t.Errorf("said with the devices apart:\n%s", l)
	}
}
