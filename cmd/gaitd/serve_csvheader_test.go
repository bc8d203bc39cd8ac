package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A recording published as csv payloads in Sensor Logger's axis order,
// t,az,ay,ax,gz,gy,gx, its header in the first message and every 50th
// (the others without one), gives exactly the events, sides included, of
// `gaitd analyze` on the same text as a file: a simulated run, and a real
// lower-back walk (mobgap) when the datasets are present. The payload's
// columns were taken by position whatever its header said: the sensor
// mirrored, 58 of 63 sides of the mobgap walk swapped against analyze (a
// black-box round).
func TestServeMQTTCSVHeaderOrder(t *testing.T) {
	recs := map[string][]sensor.Sample{}
	recs["simulated run"], _ = simRun(t, 60)
	if walk := mobgapWalk(t); walk != nil {
		recs["mobgap walk"] = walk
	} else {
		t.Log("datasets not present: the simulated run only")
	}
	const header = "t,az,ay,ax,gz,gy,gx"
	f := func(v float64) string { return strconv.FormatFloat(float64(float32(v)), 'g', -1, 64) }
	for name, ss := range recs {
		t.Run(name, func(t *testing.T) {
			lines := make([]string, len(ss))
			for i, s := range ss {
				lines[i] = fmt.Sprintf("%.2f,%s,%s,%s,%s,%s,%s", float64(i)/100, f(s.Acc[2]), f(s.Acc[1]), f(s.Acc[0]), f(s.Gyr[2]), f(s.Gyr[1]), f(s.Gyr[0]))
			}
			sum, events := analyzedSI(t, header+"\n"+strings.Join(lines, "\n")+"\n")

			var o serveOptions
			o.mqtt.listen = "127.0.0.1:0"
			o.mqtt.accUnit, o.mqtt.gyroUnit = "mps2", "rads" // as analyzedSI reads them
			rec, steps := servedRun(t, o, "phone-2", int64(len(ss)), func(_, broker string) {
				publishCSVLines(t, broker, "test-publisher-csv", "gait/phone-2/imu", header, lines)
			})
			// the sides first: what the mirrored sensor swapped
			a, b := strings.Split(steps, "\n"), strings.Split(events, "\n")
			swapped := 0
			for i := 1; i < min(len(a), len(b)); i++ {
				fa, fb := strings.Split(a[i], ","), strings.Split(b[i], ",")
				if len(fa) > 2 && len(fb) > 2 && fa[2] != fb[2] {
					swapped++
				}
			}
			if swapped > 0 {
				t.Errorf("%d of %d sides differ from analyze's", swapped, len(b)-2)
			}
			if name == "simulated run" {
				sameAsAnalyze(t, rec, steps, sum, events)
			} else if steps != events {
				t.Errorf("events differ from analyze's:\nserve:\n%s\nanalyze:\n%s", steps, events)
			}
		})
	}
}

// TestServeMQTTCSVVerticalDown: a waist's csv payloads naming acc_v,
// acc_ap, acc_ml, acc_v positive down (averaging −1 g), give live the
// events of `gaitd analyze` on the same text as a file, which reads acc_v
// negated; serve found no step (and wrote no run) and said nothing. The
// device's log says acc_v was negated.
func TestServeMQTTCSVVerticalDown(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 40, Rate: 100, Noise: 0.2, Seed: 7, Frame: sensor.FrameAnatomical})
	if err != nil {
		t.Fatal(err)
	}
	const header = "t,acc_v,acc_ap,acc_ml"
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = fmt.Sprintf("%.2f,%.5f,%.5f,%.5f", float64(i)/100, -s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
	}
	_, events := analyzed(t, "--acc-unit", "g", writeTemp(t, "run.csv", header+"\n"+strings.Join(lines, "\n")+"\n"))
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.mqtt.accUnit, o.mqtt.gyroUnit = "g", "dps"
	_, steps, logs := servedRunLogs(t, o, "belt-1", int64(len(ss)), func(_, broker string) {
		publishCSVLines(t, broker, "test-publisher-down", "gait/belt-1/imu", header, lines)
	})
	if n := strings.Count(events, "\n") - 1; n < 100 {
		t.Fatalf("analyze: %d contacts", n)
	}
	if steps != events {
		t.Errorf("events differ from analyze's: %d lines live, %d from analyze", strings.Count(steps, "\n"), strings.Count(events, "\n"))
	}
	if !strings.Contains(logs, "acc_v negated: it averages -1.0") {
		t.Errorf("no word of acc_v negated in the log:\n%s", grepLines(logs, "belt-1"))
	}
}

// publishCSVLines publishes lines as csv payloads of 10 lines to topic,
// header in front of every 50th message (a device's first and, now and
// then, again), about 10× real time at 100 Hz.
func publishCSVLines(t *testing.T, broker, client, topic, header string, lines []string) {
	t.Helper()
	c := mqttPublisher(t, broker, client)
	defer c.Disconnect(100)
	for k, m := 0, 0; k < len(lines); k, m = k+10, m+1 {
		msg := strings.Join(lines[k:min(k+10, len(lines))], "\n") + "\n"
		if m%50 == 0 {
			msg = header + "\n" + msg
		}
		publish(t, c, topic, []byte(msg))
		time.Sleep(time.Millisecond)
	}
}
