package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeMQTTBadLineRate: a 100 Hz device over MQTT whose fourth csv
// line is corrupt (a NaN where a value was) is analysed at 100 Hz. The
// line, skipped, left an interval of two periods among the first second's
// the rate is estimated on, counted as one: the device was analysed on a
// 99 Hz grid, every time and duration 1 % long.
func TestServeMQTTBadLineRate(t *testing.T) {
	ss, _ := simRun(t, 20)
	f := func(v float64) string { return strconv.FormatFloat(float64(float32(v)), 'g', -1, 64) }
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = fmt.Sprintf("%.3f,%s,%s,%s,%s,%s,%s", 1000+float64(i)/100, f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), f(s.Gyr[0]), f(s.Gyr[1]), f(s.Gyr[2]))
	}
	lines[3] = "1000.030,NaN,1,2,3,4,5" // the sample at 1000.03 s lost
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.mqtt.accUnit, o.mqtt.gyroUnit = "mps2", "rads"
	rec, _ := servedRun(t, o, "esp-7", int64(len(ss))-1, func(h, broker string) {
		c := mqttPublisher(t, broker, "test-publisher-lost")
		defer c.Disconnect(100)
		for k := 0; k < len(lines); k += 10 {
			publish(t, c, "gait/esp-7/imu", []byte(strings.Join(lines[k:min(k+10, len(lines))], "\n")+"\n"))
			time.Sleep(time.Millisecond)
		}
	})
	if rec.RateHz != 100 {
		t.Errorf("analysed at %v Hz, want 100", rec.RateHz)
	}
	if rec.BadLines != 1 {
		t.Errorf("run bad_lines %d, want 1", rec.BadLines)
	}
}
