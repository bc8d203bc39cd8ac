package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// iosFiles are a recording exported as iOS Sensor Logger writes it (no
// TotalAcceleration.csv): Accelerometer.csv (user acceleration, gravity
// removed), Gravity.csv and Gyroscope.csv, all time,seconds_elapsed,z,y,x
// in m/s² and rad/s; total is the same recording as one
// TotalAcceleration.csv (as Android writes it), for comparison.
type iosFiles struct{ acc, grav, gyr, total string }

// writeIOS writes samples (m/s², rad/s) as iosFiles. Gravity is the
// acceleration's centred 1 s moving mean (the slowly turning vector an
// attitude filter gives) and the user acceleration the rest, so that the
// two add up to the recording; gravity is written for every gravEvery-th
// sample only (2: a 50 Hz gravity file beside 100 Hz acceleration), and
// not from holeFrom to holeTo s (none when equal).
func writeIOS(t *testing.T, ss []sensor.Sample, gravEvery int, holeFrom, holeTo float64) iosFiles {
	t.Helper()
	dir := t.TempDir()
	f := iosFiles{filepath.Join(dir, "Accelerometer.csv"), filepath.Join(dir, "Gravity.csv"), filepath.Join(dir, "Gyroscope.csv"), filepath.Join(dir, "TotalAcceleration.csv")}
	half := 50
	var grav [][3]float64
	var sum [3]float64
	lo, hi := 0, 0 // the window [lo, hi)
	for i := range ss {
		for hi < len(ss) && hi <= i+half {
			for k := range 3 {
				sum[k] += ss[hi].Acc[k]
			}
			hi++
		}
		for lo < i-half {
			for k := range 3 {
				sum[k] -= ss[lo].Acc[k]
			}
			lo++
		}
		n := float64(hi - lo)
		grav = append(grav, [3]float64{sum[0] / n, sum[1] / n, sum[2] / n})
	}
	var files [4]*bufio.Writer
	for k, name := range []string{f.acc, f.grav, f.gyr, f.total} {
		fh, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		files[k] = bufio.NewWriter(fh)
		fmt.Fprintln(files[k], "time,seconds_elapsed,z,y,x")
	}
	for i, s := range ss {
		epoch := 1698501144000000000 + int64(math.Round(s.T*1e9))
		row := func(w *bufio.Writer, v [3]float64) {
			fmt.Fprintf(w, "%d,%.5f,%.9g,%.9g,%.9g\n", epoch, s.T, v[2], v[1], v[0])
		}
		g := grav[i]
		// the user acceleration as written, so that the sum of the two
		// files' values is the recording's to the written digits
		row(files[0], [3]float64{s.Acc[0] - g[0], s.Acc[1] - g[1], s.Acc[2] - g[2]})
		if i%gravEvery == 0 && (s.T < holeFrom || s.T >= holeTo) {
			row(files[1], g)
		}
		row(files[2], s.Gyr)
		row(files[3], s.Acc)
	}
	for _, w := range files {
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// TestAnalyzeGravityFile: a waist recording exported as iOS Sensor Logger
// writes it — user acceleration in Accelerometer.csv, gravity in
// Gravity.csv — and read with --gravity (and --gyro) gives the contacts and
// sides of the same recording as one TotalAcceleration.csv; gravity at half
// the rate, interpolated, gives them within a millisecond; a gravity file
// missing a stretch leaves those samples out with a warning that counts
// them; and without --gravity the file is refused with advice naming it.
// A real lower-back walk (mobgap) too, when the datasets are present.
func TestAnalyzeGravityFile(t *testing.T) {
	simRun, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 40, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.7}, Seed: 12})
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string][]sensor.Sample{"simulated run": simRun}
	if walk := mobgapWalk(t); walk != nil {
		recs["mobgap walk"] = walk
	} else {
		t.Log("datasets not present: the simulated run only")
	}
	for name, ss := range recs {
		t.Run(name, func(t *testing.T) {
			f := writeIOS(t, ss, 1, 0, 0)
			want := analyzeFile(t, f.total, "--gyro", f.gyr)
			got := analyzeFile(t, f.acc, "--gravity", f.grav, "--gyro", f.gyr)
			if !strings.Contains(got.sum.Input, "gravity from "+f.grav+": format=sensorlogger") || !strings.Contains(got.sum.Input, "gyroscope from "+f.gyr) {
				t.Errorf("input %q", got.sum.Input)
			}
			if len(want.events) < 40 || len(got.events) != len(want.events) {
				t.Fatalf("%d contacts, want %d", len(got.events), len(want.events))
			}
			for i, e := range got.events {
				if w := want.events[i]; math.Abs(e.IC-w.IC) > 1e-6 || e.Side != w.Side {
					t.Fatalf("contact %d: %+v, want %+v", i, e, w)
				}
			}

			half := analyzeFile(t, writeIOS(t, ss, 2, 0, 0).acc, "--gravity", writeIOS(t, ss, 2, 0, 0).grav)
			noGyro := analyzeFile(t, f.total)
			if len(half.events) != len(noGyro.events) {
				t.Fatalf("gravity at half the rate: %d contacts, want %d", len(half.events), len(noGyro.events))
			}
			worst := 0.0
			for i, e := range half.events {
				worst = max(worst, math.Abs(e.IC-noGyro.events[i].IC))
			}
			if worst > 1e-3 {
				t.Errorf("gravity at half the rate: contacts up to %.1f ms off", worst*1e3)
			}
			t.Logf("%d contacts; gravity at half the rate: worst IC %.3f ms off", len(got.events), worst*1e3)

			// 10–11 s missing from the gravity file: the samples between
			// its rows 1.01 s apart are left out
			hole := writeIOS(t, ss, 1, 10, 11)
			res := analyzeFile(t, hole.acc, "--gravity", hole.grav)
			const left = "1.0 s of the accelerometer recording had no gravity recording sample within 0.10 s and were left out (100 samples: 0 before the gravity recording starts, 0 after it ends, 100 in its gaps)"
			if !strings.Contains(res.stderr, "gaitd: --gravity: "+left) || !strings.Contains(res.sum.Input, "100 accelerometer samples without gravity left out (100 in its gaps over 0.10 s)") {
				t.Errorf("stderr %q, input %q", res.stderr, res.sum.Input)
			}

			if _, err := tryAnalyze(t, f.acc); err == nil || !strings.Contains(err.Error(), "gaitd analyze adds its Gravity.csv with --gravity") {
				t.Errorf("without --gravity: %v", err)
			}
		})
	}
}

// TestAnalyzeGravityFileErrors: --gravity refuses what it cannot join,
// naming the file and the reason, before writing anything.
func TestAnalyzeGravityFileErrors(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 10, Rate: 100, Gyro: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	f := writeIOS(t, ss, 1, 0, 0)
	dir := t.TempDir()
	epoch := writeTemp(t, "epoch.csv", "t,x (m/s^2),y (m/s^2),z (m/s^2)\n1700000000.00,0,0,9.8\n1700000000.01,0,0,9.8\n1700000000.02,0,0,9.8\n")
	late := writeTemp(t, "late.csv", "time,seconds_elapsed,z,y,x\n1,100.00,9.8,0,0\n2,100.01,9.8,0,0\n3,100.02,9.8,0,0\n")
	withGyro := writeTemp(t, "g6.csv", "t,ax,ay,az,gx,gy,gz\n0.00,0,0,1,1,2,3\n0.01,0,0,1,1,2,3\n0.02,0,0,1,1,2,3\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--gravity", filepath.Join(dir, "none.csv"), f.acc}, "--gravity: open " + filepath.Join(dir, "none.csv")},
		{[]string{"--gravity", dir, f.acc}, "--gravity " + dir + ": a folder, not a file"},
		{[]string{"--gravity", f.acc, f.grav}, "--gravity " + f.acc + ": user acceleration, not gravity: the recording and the gravity file swapped? (gaitd analyze --gravity Gravity.csv Accelerometer.csv)"},
		{[]string{"--gravity", f.grav, f.total}, f.total + ": acceleration includes gravity: the mean acceleration is"},
		{[]string{"--gravity", f.grav, f.total}, "gravity is there already and would be added twice; analyse it without a gravity recording"},
		{[]string{"--gravity", withGyro, f.acc}, "--gravity " + withGyro + ": the file has gyroscope channels: not a gravity recording"},
		{[]string{"--gravity", f.grav, f.grav}, f.grav + " is given twice"},
		{[]string{"--gravity", epoch, "--acc-unit", "mps2", f.acc}, f.acc + ", " + epoch + ": cannot join the gravity recording: the accelerometer starts at"},
		{[]string{"--gravity", late, f.acc}, f.acc + ", " + late + ": no accelerometer sample lies within 0.10 s of a gravity recording sample (1001 before the gravity recording starts at 100.00 s): not of one session, or not on one time base?"},
		{[]string{"--placement", "shoe", "--gravity", f.grav, f.acc, f.acc}, "--gravity: joins a gravity file to one recording, not to two foot recordings"},
		{[]string{"--format", "witmotion", "--rate", "100", "--gravity", f.grav, f.acc}, "--gravity: --format witmotion frames carry acceleration with gravity"},
		{[]string{"--gravity", "-", "-"}, "--gravity -: standard input is already read for another file"},
		{[]string{"--gravity", "-", "--gyro", "-", f.acc}, "standard input"},
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

// mobgapWalk returns the samples of the real mobgap walk HA001 Test11 as
// analyze reads them, nil when ../shared/datasets is absent.
func mobgapWalk(t *testing.T) []sensor.Sample {
	t.Helper()
	r, err := os.Open("../../../shared/datasets/mobgap/HA001_Test11_Trial1/input.csv")
	if err != nil {
		return nil
	}
	defer r.Close()
	src, err := sensor.NewCSVReader(r, sensor.CSVOptions{Name: "mobgap"})
	if err != nil {
		t.Fatal(err)
	}
	var walk []sensor.Sample
	for {
		var s sensor.Sample
		if err := src.Read(&s); err != nil {
			return walk
		}
		walk = append(walk, s)
	}
}

// TestAnalyzeGravityAccRange: a shank clipped at ±8 g exported as user
// acceleration and a gravity file whose share of an axis is against the
// way that axis saturates (the user acceleration reads 8.9 g there: the
// range and gravity's 0.9 g). --acc-range 8 bounds the sum, the
// acceleration the part measured: the recording is read and its contacts
// flagged as the one file's with gravity are; the user acceleration was
// checked against the range alone and the file refused ("reads 8.89 g …
// beyond the accelerometer range given"). Without --acc-range the limit is
// found in the sum, in the stream: the user acceleration's plateau, at
// the range less gravity's share (87 m/s²), was taken for it, which the
// sum never reached — no contact flagged and impact_g the range's.
func TestAnalyzeGravityAccRange(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 4.5, Duration: 30, Rate: 200, ClipG: 8, Noise: 0.3, Side: 'L', Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var mean [3]float64
	for _, s := range ss {
		for k := range 3 {
			mean[k] += s.Acc[k]
		}
	}
	n := math.Sqrt(mean[0]*mean[0] + mean[1]*mean[1] + mean[2]*mean[2])
	var g [3]float64
	for k := range 3 {
		g[k] = -mean[k] / n * sensor.G0
	}
	var acc, grav, total strings.Builder
	for _, b := range []*strings.Builder{&acc, &grav, &total} {
		b.WriteString("time,seconds_elapsed,z,y,x\n")
	}
	over := 0.0
	for _, s := range ss {
		row := func(b *strings.Builder, v [3]float64) {
			fmt.Fprintf(b, "%d,%.5f,%.9g,%.9g,%.9g\n", 1698501144000000000+int64(math.Round(s.T*1e9)), s.T, v[2], v[1], v[0])
		}
		u := [3]float64{s.Acc[0] - g[0], s.Acc[1] - g[1], s.Acc[2] - g[2]}
		over = max(over, math.Abs(u[0]), math.Abs(u[1]), math.Abs(u[2]))
		row(&acc, u)
		row(&grav, g)
		row(&total, s.Acc)
	}
	if over < 8.5*sensor.G0 {
		t.Fatalf("the user acceleration reaches %.2f g, want beyond the range", over/sensor.G0)
	}
	accF, gravF, totalF := writeTemp(t, "Accelerometer.csv", acc.String()), writeTemp(t, "Gravity.csv", grav.String()), writeTemp(t, "TotalAcceleration.csv", total.String())
	flags := []string{"--placement", "shank", "--side", "L"}
	want := analyzeFile(t, totalF, append(flags, "--acc-range", "8")...)
	if want.sum.ClippedSteps < 30 {
		t.Fatalf("the total acceleration with --acc-range 8: %d contacts flagged", want.sum.ClippedSteps)
	}
	got, err := tryAnalyze(t, accF, append(flags, "--acc-range", "8", "--gravity", gravF)...)
	if err != nil {
		t.Fatalf("--acc-range 8 --gravity: %v", err)
	}
	if got.sum.ClippedSteps != want.sum.ClippedSteps || len(got.events) != len(want.events) {
		t.Errorf("--acc-range 8 --gravity: %d contacts, %d flagged; the one file %d, %d", len(got.events), got.sum.ClippedSteps, len(want.events), want.sum.ClippedSteps)
	}
	if strings.Contains(got.sum.Input, "Gravity.csv: format=sensorlogger time=seconds_elapsed(s) acc=x,y,z(m/s²) gyro=none rate=200.0Hz frame=sensor clip") {
		t.Errorf("the gravity file read with a range: %s", got.sum.Input)
	}
	found := analyzeFile(t, accF, append(flags, "--gravity", gravF)...)
	t.Logf("--acc-range 8: %d of %d contacts flagged; found in the stream: %d (input %s)", got.sum.ClippedSteps, len(got.events), found.sum.ClippedSteps, found.sum.Input)
	if imp := string(found.sum.raw["impact_g"]); found.sum.ClippedSteps < want.sum.ClippedSteps*3/4 || imp != "null" {
		t.Errorf("--gravity without --acc-range: %d contacts flagged (%d with it), impact_g %s", found.sum.ClippedSteps, want.sum.ClippedSteps, imp)
	}
}
