package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// splitSensorLogger writes a recording with t,ax,ay,az,gx,gy,gz (g, deg/s)
// as Sensor Logger writes it: TotalAcceleration.csv in m/s² and
// Gyroscope.csv in rad/s, both time,seconds_elapsed,z,y,x. The gyroscope
// file keeps the rows from skipFrom to skipTo s out (none when equal).
func splitSensorLogger(t *testing.T, input string, skipFrom, skipTo float64) (acc, gyr string) {
	t.Helper()
	in, err := os.Open(input)
	if err != nil {
		t.Skip("datasets not present:", err)
	}
	defer in.Close()
	dir := t.TempDir()
	acc, gyr = filepath.Join(dir, "TotalAcceleration.csv"), filepath.Join(dir, "Gyroscope.csv")
	fa, err := os.Create(acc)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	fg, err := os.Create(gyr)
	if err != nil {
		t.Fatal(err)
	}
	defer fg.Close()
	wa, wg := bufio.NewWriter(fa), bufio.NewWriter(fg)
	fmt.Fprintln(wa, "time,seconds_elapsed,z,y,x")
	fmt.Fprintln(wg, "time,seconds_elapsed,z,y,x")
	sc := bufio.NewScanner(in)
	sc.Scan()
	if h := sc.Text(); h != "t,ax,ay,az,gx,gy,gz" {
		t.Fatalf("%s: header %q", input, h)
	}
	for sc.Scan() {
		var v [7]float64
		for i, f := range strings.Split(sc.Text(), ",") {
			if v[i], err = strconv.ParseFloat(f, 64); err != nil {
				t.Fatal(err)
			}
		}
		epoch := 1698501144000000000 + int64(math.Round(v[0]*1e9))
		fmt.Fprintf(wa, "%d,%.5f,%.9g,%.9g,%.9g\n", epoch, v[0], v[3]*sensor.G0, v[2]*sensor.G0, v[1]*sensor.G0)
		if v[0] < skipFrom || v[0] >= skipTo {
			r := math.Pi / 180
			fmt.Fprintf(wg, "%d,%.5f,%.9g,%.9g,%.9g\n", epoch, v[0], v[6]*r, v[5]*r, v[4]*r)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := wa.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := wg.Flush(); err != nil {
		t.Fatal(err)
	}
	return acc, gyr
}

// TestAnalyzeGyroFile: a real lower-back walk exported Sensor Logger style
// (accelerometer and gyroscope in two files) and joined with --gyro gives
// the contacts and sides of the original single file; a gyroscope file
// missing a stretch leaves those samples out with a warning that counts them.
func TestAnalyzeGyroFile(t *testing.T) {
	const input = "../../../shared/datasets/mobgap/HA001_Test11_Trial1/input.csv"
	acc, gyr := splitSensorLogger(t, input, 0, 0)
	want := analyzeFile(t, input)
	got := analyzeFile(t, acc, "--gyro", gyr)
	if !strings.Contains(got.sum.Input, "gyroscope from "+gyr+": format=sensorlogger time=seconds_elapsed(s) gyro=x,y,z(rad/s)") {
		t.Errorf("input %q", got.sum.Input)
	}
	if len(got.events) != len(want.events) || len(want.events) < 40 {
		t.Fatalf("%d contacts, want %d", len(got.events), len(want.events))
	}
	sides := 0
	for i, e := range got.events {
		w := want.events[i]
		if math.Abs(e.IC-w.IC) > 1e-6 || e.Side != w.Side {
			t.Fatalf("contact %d: %+v, want %+v", i, e, w)
		}
		if e.Side != "" {
			sides++
		}
	}
	// without the gyroscope file, sides come from the accelerometer alone:
	// the joined rate must be what decides them
	accOnly := analyzeFile(t, acc)
	differ := 0
	for i, e := range accOnly.events {
		if i < len(got.events) && e.Side != got.events[i].Side {
			differ++
		}
	}
	t.Logf("%d contacts, %d with a side; %d sides differ without --gyro", len(got.events), sides, differ)
	if strings.Contains(accOnly.sum.Input, "gyroscope") || !strings.Contains(accOnly.sum.Input, "gyro=none") {
		t.Errorf("accelerometer only: input %q", accOnly.sum.Input)
	}

	// 20–21 s missing from the gyroscope: its samples around the hole are
	// 1.01 s apart, over MaxGap, so the 100 accelerometer samples between
	// them are left out
	acc, gyr = splitSensorLogger(t, input, 20, 21)
	hole := analyzeFile(t, acc, "--gyro", gyr)
	const left = "1.0 s of the accelerometer recording had no gyroscope sample within 0.10 s and were left out (100 samples: 0 before the gyroscope starts, 0 after it ends, 100 in its gaps); analyse without --gyro to use all of it"
	var reason string
	json.Unmarshal(hole.sum.raw["reason"], &reason)
	if !strings.Contains(hole.stderr, "gaitd: --gyro: "+left) || reason != left {
		t.Errorf("stderr %q, reason %q", hole.stderr, reason)
	}
	if !strings.Contains(hole.sum.Input, "100 accelerometer samples without angular rate left out (100 in its gaps over 0.10 s)") {
		t.Errorf("input %q", hole.sum.Input)
	}
}

// TestAnalyzeGyroFileSimulated is TestAnalyzeGyroFile on a simulated
// waist walk (it runs without the datasets): the two Sensor Logger files
// give the single file's contacts and sides.
func TestAnalyzeGyroFileSimulated(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.7}, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("t,ax,ay,az,gx,gy,gz\n")
	for _, s := range ss {
		r := 180 / math.Pi
		fmt.Fprintf(&b, "%.5f,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0, s.Gyr[0]*r, s.Gyr[1]*r, s.Gyr[2]*r)
	}
	input := writeTemp(t, "walk.csv", b.String())
	acc, gyr := splitSensorLogger(t, input, 0, 0)
	want := analyzeFile(t, input)
	got := analyzeFile(t, acc, "--gyro", gyr)
	sides := 0
	if len(got.events) != len(want.events) || len(want.events) < 80 {
		t.Fatalf("%d contacts, want %d", len(got.events), len(want.events))
	}
	for i, e := range got.events {
		if w := want.events[i]; math.Abs(e.IC-w.IC) > 1e-6 || e.Side != w.Side {
			t.Fatalf("contact %d: %+v, want %+v", i, e, w)
		}
		if e.Side != "" {
			sides++
		}
	}
	if sides < len(got.events)*9/10 {
		t.Errorf("%d of %d contacts with a side", sides, len(got.events))
	}
}

// TestAnalyzeGyroFileRate: --rate is the accelerometer's grid; the
// gyroscope file keeps its own time column (not described as resampled to
// --rate) and takes --rate only when it has none.
func TestAnalyzeGyroFileRate(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 30, Rate: 100, Gyro: true, Seed: 10})
	if err != nil {
		t.Fatal(err)
	}
	var acc, gyr, gyrNoTime strings.Builder
	acc.WriteString("t,ax,ay,az\n")
	gyr.WriteString("t,x (rad/s),y (rad/s),z (rad/s)\n")
	gyrNoTime.WriteString("x (rad/s),y (rad/s),z (rad/s)\n")
	for _, s := range ss {
		fmt.Fprintf(&acc, "%.5f,%.6f,%.6f,%.6f\n", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
		fmt.Fprintf(&gyr, "%.5f,%.6f,%.6f,%.6f\n", s.T, s.Gyr[0], s.Gyr[1], s.Gyr[2])
		fmt.Fprintf(&gyrNoTime, "%.6f,%.6f,%.6f\n", s.Gyr[0], s.Gyr[1], s.Gyr[2])
	}
	a := writeTemp(t, "acc.csv", acc.String())
	withTime := analyzeFile(t, a, "--rate", "50", "--gyro", writeTemp(t, "gyr.csv", gyr.String()))
	if !strings.Contains(withTime.sum.Input, "gyro=x,y,z(rad/s) rate=100.0Hz frame=sensor") {
		t.Errorf("input %q: the gyroscope's own rate", withTime.sum.Input)
	}
	noTime := analyzeFile(t, a, "--rate", "100", "--gyro", writeTemp(t, "gyr_notime.csv", gyrNoTime.String()))
	if len(noTime.events) < 40 || !strings.Contains(noTime.sum.Input, "time=none(index/100.0Hz)") {
		t.Errorf("%d contacts, input %q", len(noTime.events), noTime.sum.Input)
	}
}

// TestAnalyzeGyroFileErrors: --gyro refuses what it cannot join, naming the
// file and the reason.
func TestAnalyzeGyroFileErrors(t *testing.T) {
	dir := t.TempDir()
	accCSV := writeTemp(t, "acc.csv", "t,ax,ay,az\n0.00,0,0,1\n0.01,0,0,1\n0.02,0,0,1\n")
	accCSV2 := writeTemp(t, "acc2.csv", "t,ax,ay,az\n0.00,0,0,1\n0.01,0,0,1\n0.02,0,0,1\n")
	full := writeTemp(t, "full.csv", "t,ax,ay,az,gx,gy,gz\n0.00,0,0,1,1,2,3\n0.01,0,0,1,1,2,3\n0.02,0,0,1,1,2,3\n")
	late := writeTemp(t, "late.csv", "t,x (rad/s),y (rad/s),z (rad/s)\n100.00,0,0,1\n100.01,0,0,1\n100.02,0,0,1\n")
	epoch := writeTemp(t, "epoch.csv", "t,x (rad/s),y (rad/s),z (rad/s)\n1700000000.00,0,0,1\n1700000000.01,0,0,1\n1700000000.02,0,0,1\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--gyro", filepath.Join(dir, "none.csv"), accCSV}, "--gyro: open " + filepath.Join(dir, "none.csv")},
		{[]string{"--gyro", dir, accCSV}, "--gyro " + dir + ": a folder, not a file"},
		{[]string{"--gyro", accCSV2, accCSV}, "--gyro: " + accCSV2 + ":1: not an IMU recording: no gyroscope columns in header: t,ax,ay,az"},
		{[]string{"--gyro", accCSV, accCSV}, accCSV + " is given twice"},
		{[]string{"--gyro", late, full}, "--gyro: " + full + ": cannot join the gyroscope recording: the recording has gyroscope channels of its own"},
		{[]string{"--gyro", epoch, accCSV}, accCSV + ", " + epoch + ": cannot join the gyroscope recording: the accelerometer starts at 0.000 s, the gyroscope at 1700000000.000 s (+1700000000.0 s): not on one time base"},
		{[]string{"--gyro", late, accCSV}, accCSV + ", " + late + ": no accelerometer sample lies within 0.10 s of a gyroscope sample (3 before the gyroscope starts at 100.00 s): not of one session, or not on one time base?"},
		{[]string{"--placement", "shoe", "--gyro", late, accCSV, full}, "--gyro: joins a gyroscope file to one recording, not to two foot recordings"},
		{[]string{"--format", "witmotion", "--rate", "100", "--gyro", late, accCSV}, "--gyro: --format witmotion frames carry their own gyroscope (or none)"},
		{[]string{"--gyro", late, "--events", late, accCSV}, "--events"},
	} {
		sum := filepath.Join(dir, "summary.json")
		_, _, err := runCmd(t, append([]string{"analyze", "--summary", sum}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("analyze %v: %v, want %q", tc.args, err, tc.want)
		}
		if _, err := os.Stat(sum); err == nil {
			t.Errorf("analyze %v: a summary was written for a refused join", tc.args)
			os.Remove(sum)
		}
	}
}

// TestAnalyzeGyroSaturated: a ±250 °/s gyroscope on a fast runner's shank
// (the default range of some MEMS parts) saturates every stride; analyze
// warns (summary and stderr) and names the level, and --acc-only reads the
// same file with the accelerometer-only method, which finds every contact.
// (With the gyroscope, its contacts are found too: TestGyroRange250Running.)
// --acc-only with --gyro is refused.
func TestAnalyzeGyroSaturated(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 5, Rate: 143, Gyro: true, Duration: 30, Noise: 0.3,
		GyroNoise: 0.01, Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 4, Side: 'L', ClipG: 8, GyroClip: 250 * math.Pi / 180}
	text, contacts := simCSV(t, cfg)
	name := writeTemp(t, "shank.csv", text)
	var truth []float64
	for _, c := range contacts {
		if c.IC > 0.1 && c.IC < cfg.Duration-0.3 {
			truth = append(truth, c.IC)
		}
	}
	found := func(r robustResult) int {
		n := 0
		for _, ic := range truth {
			if slices.ContainsFunc(r.events, func(e robustEvent) bool { return math.Abs(e.IC-ic) < 0.06 }) {
				n++
			}
		}
		return n
	}
	gyro := analyzeFile(t, name, "--placement", "shank", "--side", "L")
	warning := string(gyro.sum.raw["warnings"])
	if !strings.Contains(warning, "gyroscope saturated at ±250 °/s") || !strings.Contains(gyro.stderr, "gyroscope saturated") {
		t.Errorf("no saturation warning: %s\nstderr: %s", warning, gyro.stderr)
	}
	acc := analyzeFile(t, name, "--placement", "shank", "--side", "L", "--acc-only")
	if !strings.Contains(acc.sum.Input, "gyroscope ignored (--acc-only)") || strings.Contains(string(acc.sum.raw["warnings"]), "saturated") {
		t.Errorf("--acc-only: input %q, warnings %s", acc.sum.Input, acc.sum.raw["warnings"])
	}
	t.Logf("%d true contacts: %d found with the saturated gyroscope (%d detections), %d with --acc-only (%d)", len(truth), found(gyro), len(gyro.events), found(acc), len(acc.events))
	if found(acc) < len(truth) || len(acc.events) > len(truth)+1 {
		t.Errorf("--acc-only: %d of %d contacts found, %d detections", found(acc), len(truth), len(acc.events))
	}
	if _, err := tryAnalyze(t, name, "--acc-only", "--gyro", name); err == nil || !strings.Contains(err.Error(), "--acc-only") {
		t.Errorf("--acc-only with --gyro: %v", err)
	}
}

// TestAnalyzeOwnFrameRates: gx, gy, gz beside acc_v, acc_ap, acc_ml, in one
// file or joined with --gyro, are read for a shank (the input line says
// they are the sensor's own axes, and the contacts are the sensor-frame
// file's) and not for a waist (named as ignored in the one file; --gyro
// refuses the two frames, as it did, rather than join rates the waist
// would not read and leave out acceleration the gyroscope does not cover).
func TestAnalyzeOwnFrameRates(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 3.5, Duration: 30, Rate: 143, ClipG: 8, Gyro: true, Noise: 0.3, Side: 'L', Seed: 12}
	ssS, _, _, err := sim.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Frame = sensor.FrameAnatomical
	ssA, _, _, err := sim.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var sensorFrame, one, acc, gyr strings.Builder
	sensorFrame.WriteString("t,ax,ay,az,gx,gy,gz\n")
	one.WriteString("t,acc_v,acc_ap,acc_ml,gx,gy,gz\n")
	acc.WriteString("t,acc_v,acc_ap,acc_ml\n")
	gyr.WriteString("t,gx (deg/s),gy (deg/s),gz (deg/s)\n")
	r := 180 / math.Pi
	for i, s := range ssA {
		a := fmt.Sprintf("%.5f,%.5f,%.5f,%.5f", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
		g := fmt.Sprintf("%.4f,%.4f,%.4f", s.Gyr[0]*r, s.Gyr[1]*r, s.Gyr[2]*r)
		fmt.Fprintf(&one, "%s,%s\n", a, g)
		fmt.Fprintf(&acc, "%s\n", a)
		fmt.Fprintf(&gyr, "%.5f,%s\n", s.T, g)
		u := ssS[i]
		fmt.Fprintf(&sensorFrame, "%.5f,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f\n", u.T, u.Acc[0]/sensor.G0, u.Acc[1]/sensor.G0, u.Acc[2]/sensor.G0, u.Gyr[0]*r, u.Gyr[1]*r, u.Gyr[2]*r)
	}
	onePath, accPath, gyrPath := writeTemp(t, "one.csv", one.String()), writeTemp(t, "acc.csv", acc.String()), writeTemp(t, "gyr.csv", gyr.String())
	want := analyzeFile(t, writeTemp(t, "sensor.csv", sensorFrame.String()), "--placement", "shank", "--side", "L")
	for _, tc := range []struct {
		name  string
		flags []string
		path  string
	}{
		{"one file", nil, onePath},
		{"--gyro", []string{"--gyro", gyrPath}, accPath},
	} {
		got := analyzeFile(t, tc.path, append([]string{"--placement", "shank", "--side", "L"}, tc.flags...)...)
		if !strings.Contains(got.stdout, "(the sensor's own axes beside aligned acceleration)") && tc.flags == nil {
			t.Errorf("%s: input line does not say how the rates are read:\n%s", tc.name, got.stdout)
		}
		if len(got.events) != len(want.events) || len(want.events) < 40 {
			t.Fatalf("%s: %d contacts, the sensor frame's %d", tc.name, len(got.events), len(want.events))
		}
		for i, e := range got.events {
			if w := want.events[i]; math.Abs(e.IC-w.IC) > 1e-3 || math.Abs(e.FC-w.FC) > 1e-3 {
				t.Fatalf("%s: contact %d: %+v, the sensor frame's %+v", tc.name, i, e, w)
			}
		}
	}
	waist := analyzeFile(t, onePath)
	if !strings.Contains(waist.stdout, "gyro=none(gx,gy,gz ignored: beside acc_v… a waist needs anatomical rates") {
		t.Errorf("waist: input line does not name the ignored rates:\n%s", waist.stdout)
	}
	if _, err := tryAnalyze(t, accPath, "--gyro", gyrPath); err == nil || !strings.Contains(err.Error(), "axes in different frames (anatomical and sensor)") {
		t.Errorf("waist --gyro: %v, want the frames refused", err)
	}
}

// TestAnalyzeAccOnlyGyroStops: a recording whose gyroscope stops delivering
// half way (its cells empty, as phyphox writes a shorter buffer) lost the
// whole second half, even with --acc-only (its cells were still read);
// the error now says to use --acc-only, which reads the acceleration alone:
// the contacts of the same recording without gyroscope columns.
func TestAnalyzeAccOnlyGyroStops(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var withGyro, accOnly strings.Builder
	withGyro.WriteString("t,ax,ay,az,gx,gy,gz\n")
	accOnly.WriteString("t,ax,ay,az\n")
	for _, s := range ss {
		row := fmt.Sprintf("%.5f,%.6f,%.6f,%.6f", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
		accOnly.WriteString(row + "\n")
		if s.T < 30 {
			fmt.Fprintf(&withGyro, "%s,%.4f,%.4f,%.4f\n", row, s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
		} else {
			withGyro.WriteString(row + ",,,\n")
		}
	}
	name := writeTemp(t, "stops.csv", withGyro.String())
	if _, err := tryAnalyze(t, name); err == nil || !strings.Contains(err.Error(), "gaitd analyze --acc-only") {
		t.Errorf("without --acc-only: %v, want the advice", err)
	}
	got := analyzeFile(t, name, "--acc-only")
	want := analyzeFile(t, writeTemp(t, "acc.csv", accOnly.String()))
	if len(want.events) < 150 || len(got.events) != len(want.events) {
		t.Fatalf("%d contacts, want %d", len(got.events), len(want.events))
	}
	for i, e := range got.events {
		if w := want.events[i]; e.IC != w.IC || e.Side != w.Side {
			t.Fatalf("contact %d: %+v, want %+v", i, e, w)
		}
	}
	if !strings.Contains(got.sum.Input, "gyro=none (gx,gy,gz ignored)") || !strings.Contains(got.sum.Input, "gyroscope ignored (--acc-only)") {
		t.Errorf("input %q", got.sum.Input)
	}
}

// TestAnalyzeFilledSteps: analyze says how many walking contacts it found
// in the step rhythm (filled_steps, and a line of the readable summary),
// and says nothing of it when none were (the davis run).
func TestAnalyzeFilledSteps(t *testing.T) {
	const walk = "../../../shared/datasets/mobgap/HA001_Test11_Trial1/input.csv"
	const run = "../../../shared/datasets/davis/run0021/input.csv"
	for _, f := range []string{walk, run} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("datasets not available: %v", err)
		}
	}
	filled := func(r robustResult) int {
		var n int
		if err := json.Unmarshal(r.sum.raw["filled_steps"], &n); err != nil {
			t.Fatalf("filled_steps %s: %v", r.sum.raw["filled_steps"], err)
		}
		return n
	}
	w := analyzeFile(t, walk)
	if n := filled(w); n < 1 || !strings.Contains(w.stdout, fmt.Sprintf("(%d of them found in the step rhythm", n)) {
		t.Errorf("walk: filled_steps %d, stdout:\n%s", n, w.stdout)
	}
	r := analyzeFile(t, run)
	if n := filled(r); n != 0 || strings.Contains(r.stdout, "step rhythm") {
		t.Errorf("run: filled_steps %d, stdout:\n%s", n, r.stdout)
	}
}

// TestAnalyzeGyroStops: a gyroscope that stops delivering part way, for
// fewer lines than the bad-line limit, cost every sample after it without a
// word (a black-box round: 3 of 11 steps, exit 0). analyze says so, on
// stderr and as the summary's reason, with the lines and --acc-only; with
// --acc-only every step is found and nothing is said.
func TestAnalyzeGyroStops(t *testing.T) {
	cfg := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Speed: 1.3, Rate: 100, Gyro: true, Duration: 20, Noise: 0.2, Seed: 3}
	text, _ := simCSV(t, cfg)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	head := strings.Split(lines[0], ",")
	if len(head) != 7 {
		t.Fatalf("header %q", lines[0])
	}
	for i := 1201; i < len(lines); i++ { // the gyroscope stops 12 s in, for the last 8 s (801 lines)
		f := strings.Split(lines[i], ",")
		f[4], f[5], f[6] = "NaN", "NaN", "NaN"
		lines[i] = strings.Join(f, ",")
	}
	name := writeTemp(t, "gstop.csv", strings.Join(lines, "\n")+"\n")
	want := "the gyroscope gave no value on 801 lines in a row from line 1202 (8.0 s, empty or bad cells): their samples were skipped; --acc-only reads the acceleration alone"
	r := analyzeFile(t, name)
	if !strings.Contains(r.stderr, want) || r.sum.Reason != want {
		t.Errorf("stderr %q, reason %q; want %q", r.stderr, r.sum.Reason, want)
	}
	acc := analyzeFile(t, name, "--acc-only")
	if strings.Contains(acc.stderr, "gave no value") || acc.sum.Reason != "" || acc.sum.Steps < r.sum.Steps+12 { // 8 s at 1.3 m/s: about 14 steps
		t.Errorf("--acc-only: stderr %q, reason %q, %d steps (%d with the gyroscope)", acc.stderr, acc.sum.Reason, acc.sum.Steps, r.sum.Steps)
	}
	// a gyroscope that starts 2 s late (phyphox: NaN until it delivers)
	// is not one that stops: nothing said (it was; a review)
	lines = strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 1; i <= 200; i++ {
		f := strings.Split(lines[i], ",")
		f[4], f[5], f[6] = "NaN", "NaN", "NaN"
		lines[i] = strings.Join(f, ",")
	}
	late := analyzeFile(t, writeTemp(t, "glate.csv", strings.Join(lines, "\n")+"\n"))
	if strings.Contains(late.stderr, "gave no value") || late.sum.Reason != "" {
		t.Errorf("a gyroscope starting late: stderr %q, reason %q", late.stderr, late.sum.Reason)
	}
}
