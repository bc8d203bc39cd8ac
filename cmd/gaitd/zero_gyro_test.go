package main

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

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
