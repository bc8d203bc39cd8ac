package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestCSVZeroGyroNotRead: gyroscope columns that read exactly 0 on every
// row — an export's columns for a part the sensor lacks — are not read,
// and the input line says so: a shank recording with gx,gy,gz all 0 gave
// no contact at all ("no gait found"), the same recording without them
// every contact (helper 273's acceptance-like sweep: 14 of 14 trials).
// A gyroscope that reads anything else is read.
func TestCSVZeroGyroNotRead(t *testing.T) {
	cfg := sim.Config{Activity: sim.Walking, Placement: sim.Shank, Speed: 1.2, Rate: 143, ClipG: 8, Duration: 30, Noise: 0.3,
		Side: 'L', Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 7}
	text, truth := simCSV(t, cfg)
	if strings.Contains(strings.SplitN(text, "\n", 2)[0], "gx") {
		t.Fatal("the simulated recording has a gyroscope already")
	}
	with := func(cell func(i int) string) string {
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		lines[0] += ",gx,gy,gz"
		for i := 1; i < len(lines); i++ {
			c := cell(i)
			lines[i] += "," + c + "," + c + "," + c
		}
		return strings.Join(lines, "\n") + "\n"
	}
	steps := func(name, csv string) (int, string) {
		t.Helper()
		in, sum := writeTemp(t, "in.csv", csv), writeTemp(t, "sum.json", "")
		stdout, stderr, err := runCmd(t, "analyze", "--placement", "shank", "--side", "L", "--summary", sum, in)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, stderr)
		}
		b, _ := os.ReadFile(sum)
		var s struct {
			Steps int `json:"steps"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s.Steps, stdout
	}
	// (steps count both legs: twice the instrumented foot's contacts)
	n, out := steps("zeros", with(func(int) string { return "0" }))
	if want := 2 * len(truth); n < want-4 || n > want+4 {
		t.Errorf("gyro all 0: %d steps, want about %d\n%s", n, want, out)
	}
	if !strings.Contains(out, "gx,gy,gz read 0 throughout") || !strings.Contains(out, "gyro=none") {
		t.Errorf("gyro all 0: the input line does not say it is not read:\n%s", out)
	}
	// one that reads 0 at rest, then moves (whole °/s after a standing
	// start) is read: the lookahead still, the gyroscope kept (a review)
	still := cfg
	still.Standing, still.Gyro, still.Duration = 8, true, 20
	stillText, _ := simCSV(t, still)
	lines := strings.Split(strings.TrimRight(stillText, "\n"), "\n")
	hdr := strings.Split(lines[0], ",")
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		for k, h := range hdr {
			if h == "gx" || h == "gy" || h == "gz" {
				// whole °/s, from the simulator's rad/s
				v, _ := strconv.ParseFloat(f[k], 64)
				f[k] = strconv.Itoa(int(math.Round(v * 180 / math.Pi)))
			}
		}
		lines[i] = strings.Join(f, ",")
	}
	n, out = steps("zeros at rest", strings.Join(lines, "\n")+"\n")
	if strings.Contains(out, "read 0 throughout") || strings.Contains(out, "gyro=none") || n < 10 {
		t.Errorf("a gyroscope reading 0 through a standing start was not read, or no steps (%d):\n%s", n, out)
	}
	// a gyroscope that moves is read (here a bad one: its contacts are not judged)
	_, out = steps("moving", with(func(i int) string { return []string{"0", "0.5"}[i%2] }))
	if strings.Contains(out, "read 0 throughout") || strings.Contains(out, "gyro=none") {
		t.Errorf("a gyroscope that reads values was not read:\n%s", out)
	}
}

// TestServeMQTTZeroGyroMatchesAnalyze: a shank pod without a gyroscope
// whose payloads still carry gx,gy,gz as 0 gives, live over MQTT, exactly
// the events `gaitd analyze` gives for a CSV file of the same numbers:
// both read it as accelerometer only (the hub's check and the CSV
// reader's lookahead rule are one rule). Live, it found no contact at all.
func TestServeMQTTZeroGyroMatchesAnalyze(t *testing.T) {
	// (a run: sameEvents wants 150 contacts of the instrumented foot)
	ss, layout, truth, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 3.5, Rate: 100, ClipG: 8, Duration: 115,
		Noise: 0.3, Side: 'L', Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("t,ax,ay,az,gx,gy,gz\n")
	f := func(v float64) string { return strconv.FormatFloat(float64(float32(v)), 'g', -1, 64) }
	for i := range ss {
		ss[i].T = float64(i) / 100
		ss[i].Gyr = [3]float64{}
		for k := range 3 {
			ss[i].Acc[k] = float64(float32(ss[i].Acc[k]))
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%s,0,0,0\n", strconv.FormatFloat(ss[i].T, 'g', -1, 64), f(ss[i].Acc[0]), f(ss[i].Acc[1]), f(ss[i].Acc[2]))
	}
	sum, events := analyzedSI(t, csv.String(), "--placement", "shank", "--side", "L")

	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.engine = engineFlags{placement: "shank", activity: "auto", side: "L"}
	rec, steps, logs := servedRunLogs(t, o, "shank-1", int64(len(ss)), func(_, broker string) {
		c := mqttPublisher(t, broker, "test-publisher")
		defer c.Disconnect(100)
		var buf []byte
		for k := 0; k < len(ss); k += 10 {
			buf = binaryBatch(t, buf, layout, ss, k) // (with gyroscope columns, all 0)
			publish(t, c, "gait/shank-1/imu", buf)
			time.Sleep(time.Millisecond)
		}
	})
	if want := 2 * len(truth); rec.Steps < want-4 || rec.Steps > want+4 {
		t.Errorf("%d steps live, want about %d", rec.Steps, want)
	}
	sameEvents(t, rec, steps, sum, events)
	if !strings.Contains(rec.Input, "gyro=none") || !strings.Contains(logs, "gyroscope reads 0 on every axis") {
		t.Errorf("input %q; the log does not say the gyroscope is not read:\n%s", rec.Input, logs)
	}
}
