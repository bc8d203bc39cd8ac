package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestServeMQTTEarlyBadLines: malformed input of an MQTT device before its
// first samples reach the hub — a NaN line in its first csv message, a
// garbage message while its units are being detected from its first 100
// samples — counts under the device and in its run's bad_lines. It was
// counted under device "unknown" (the device's pipeline starts with its
// first samples), and its run said bad_lines 0 (a black-box round).
func TestServeMQTTEarlyBadLines(t *testing.T) {
	ss, _ := simRun(t, 30)
	f := func(v float64) string { return strconv.FormatFloat(float64(float32(v)), 'g', -1, 64) }
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = fmt.Sprintf("%.2f,%s,%s,%s,%s,%s,%s", float64(i)/100, f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), f(s.Gyr[0]), f(s.Gyr[1]), f(s.Gyr[2]))
	}
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	var metrics string
	rec, _ := servedRun(t, o, "esp-9", int64(len(ss))-1, func(h, broker string) {
		c := mqttPublisher(t, broker, "test-publisher-early")
		defer c.Disconnect(100)
		for k, m := 0, 0; k < len(lines); k, m = k+10, m+1 {
			msg := lines[k:min(k+10, len(lines))]
			if m == 0 {
				msg = slicesWith(msg, 3, "0.035,NaN,1,2,3,4,5") // a bad line in the first message
			}
			publish(t, c, "gait/esp-9/imu", []byte(strings.Join(msg, "\n")+"\n"))
			if m == 2 {
				publish(t, c, "gait/esp-9/imu", []byte("\x00\x01garbage\xff")) // while the units wait
			}
			time.Sleep(time.Millisecond)
		}
		for deadline := time.Now().Add(10 * time.Second); deviceSamples(t, h) < int64(len(ss))-1 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		metrics = metricsText(t, h)
	})
	for _, want := range []string{`gaitd_decode_errors_total{device="esp-9"} 2`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(metrics, "gaitd_decode_errors_total"))
		}
	}
	if strings.Contains(metrics, `gaitd_decode_errors_total{device="unknown"} `) && !strings.Contains(metrics, `gaitd_decode_errors_total{device="unknown"} 0`) {
		t.Errorf("errors counted under device unknown:\n%s", grepLines(metrics, "gaitd_decode_errors_total"))
	}
	if rec.BadLines != 2 {
		t.Errorf("run bad_lines %d, want 2", rec.BadLines)
	}
}

// slicesWith returns a copy of s with v inserted at i.
func slicesWith(s []string, i int, v string) []string {
	out := append([]string(nil), s[:i]...)
	out = append(out, v)
	return append(out, s[i:]...)
}

// TestServeMQTTPayloadDeviceBadMessages: with --payload-device, a
// malformed message on a topic whose payloads name the device (a relay, or
// Sensor Logger's topic and deviceId) counts under the payload's device and
// in its run's bad_lines, as a topic-named device's do. It was
// counted under the topic's name, which the hub does not run: device
// "unknown", and the run said bad_lines 0.
func TestServeMQTTPayloadDeviceBadMessages(t *testing.T) {
	ss, layout := simRun(t, 20)
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.mqtt.payloadDevice = true
	var metrics string
	rec, _ := servedRun(t, o, "shoe-7", int64(len(ss)), func(h, broker string) {
		c := mqttPublisher(t, broker, "test-publisher-relay-bad")
		defer c.Disconnect(100)
		for k := 0; k < len(ss); k += 10 {
			b, err := sensor.AppendBinaryPayload(nil, sensor.BinaryPayloadHeader{Device: "shoe-7", T0: int64(k) * 1e7, Rate: layout.Rate, Gyro: true, Float32: true, Seq: -1}, ss[k:min(k+10, len(ss))])
			if err != nil {
				t.Fatal(err)
			}
			if k == 200 || k == 500 {
				publish(t, c, "gait/relay/imu", []byte("\x00\x01garbage\xff"))
			}
			publish(t, c, "gait/relay/imu", b)
			time.Sleep(time.Millisecond)
		}
		for deadline := time.Now().Add(10 * time.Second); deviceSamples(t, h) < int64(len(ss)) && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		metrics = metricsText(t, h)
	})
	if want := `gaitd_decode_errors_total{device="shoe-7"} 2`; !strings.Contains(metrics, want) {
		t.Errorf("/metrics lacks %s:\n%s", want, grepLines(metrics, "gaitd_decode_errors_total"))
	}
	if rec.BadLines != 2 {
		t.Errorf("run bad_lines %d, want 2", rec.BadLines)
	}
}
