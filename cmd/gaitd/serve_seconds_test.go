package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeMQTTWholeSeconds: a publisher that prints its time in seconds
// in the shortest form (JavaScript, %g, strconv 'g' -1) writes a whole
// second as "1", not "1.0". Each message's time unit was decided by
// magnitude on its own first line: a csv message starting at a whole
// second, and a single-json message at one, was read in ms — 1 ms instead
// of 1 s, every 100th sample thrown back (a black-box round: the csv
// device's rate read as 127 Hz, 78 holes bridged, a different GCT; the
// single-json one's as 101 Hz). A fraction in the message's other times,
// or in the device's earlier ones, makes such an integer seconds: the
// live run has exactly the events of `gaitd analyze` on the same lines.
func TestServeMQTTWholeSeconds(t *testing.T) {
	ss, _ := simRun(t, 60)
	f := func(v float64) string { return strconv.FormatFloat(float64(float32(v)), 'g', -1, 64) }
	ts := func(i int) string { return strconv.FormatFloat(float64(i)/100, 'g', -1, 64) }
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s", ts(i), f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), f(s.Gyr[0]), f(s.Gyr[1]), f(s.Gyr[2]))
	}
	if lines[100][:2] != "1," {
		t.Fatalf("line 100 is %q: want a whole second printed as 1", lines[100])
	}
	sum, events := analyzedSI(t, "t,ax,ay,az,gx,gy,gz\n"+strings.Join(lines, "\n")+"\n")
	for _, format := range []string{"csv", "single-json"} {
		t.Run(format, func(t *testing.T) {
			var o serveOptions
			o.mqtt.listen = "127.0.0.1:0"
			o.mqtt.accUnit, o.mqtt.gyroUnit = "mps2", "rads" // as analyzedSI reads them
			rec, steps := servedRun(t, o, "js-1", int64(len(ss)), func(h, broker string) {
				c := mqttPublisher(t, broker, "test-publisher-"+format)
				defer c.Disconnect(100)
				if format == "csv" {
					// 10 lines a message: every 10th starts at a whole second
					for k := 0; k < len(lines); k += 10 {
						publish(t, c, "gait/js-1/imu", []byte(strings.Join(lines[k:min(k+10, len(lines))], "\n")+"\n"))
						time.Sleep(time.Millisecond)
					}
					return
				}
				for i, s := range ss {
					if i%50 == 0 {
						// one message a sample: kept within the device's
						// hand-off queue (256 messages; more are dropped)
						for deadline := time.Now().Add(10 * time.Second); deviceSamples(t, h) < int64(i-150) && time.Now().Before(deadline); {
							time.Sleep(5 * time.Millisecond)
						}
					}
					msg := fmt.Sprintf(`{"t":%s,"ax":%s,"ay":%s,"az":%s,"gx":%s,"gy":%s,"gz":%s}`, ts(i), f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), f(s.Gyr[0]), f(s.Gyr[1]), f(s.Gyr[2]))
					publish(t, c, "gait/js-1/imu", []byte(msg))
				}
			})
			sameAsAnalyze(t, rec, steps, sum, events)
			if rec.Bridged != 0 || rec.Gaps != 0 {
				t.Errorf("%d holes bridged, %d gaps", rec.Bridged, rec.Gaps)
			}
		})
	}
}
