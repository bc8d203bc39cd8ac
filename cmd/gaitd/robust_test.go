package main

// End-to-end robustness tests of `gaitd analyze`: every shipped format
// fixture, a simulated run transformed the ways real files differ (column
// names and order, units, epoch time, no time column, separators, line ends,
// corrupt lines, holes, jitter, stdin), accelerometer-only and single-axis
// inputs, shank sensors, output-file failures and a very short recording.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// robustSummary is the part of the summary JSON these tests read.
type robustSummary struct {
	Placement        string   `json:"placement"`
	Activity         string   `json:"activity"`
	Steps            int      `json:"steps"`
	DurationS        float64  `json:"duration_s"`
	CadenceSPM       *float64 `json:"cadence_spm"`
	GCTms            *float64 `json:"gct_ms"`
	StepMs           *float64 `json:"step_ms"`
	VOmm             *float64 `json:"vo_mm"`
	BrakingMS        *float64 `json:"braking_m_s"`
	GCTBalancePct    *float64 `json:"gct_balance_pct"`
	StepLengthM      *float64 `json:"step_length_m"`
	VerticalRatioPct *float64 `json:"vertical_ratio_pct"`
	SpeedMS          *float64 `json:"speed_m_s"`
	Gaps             int      `json:"gaps"`
	Rejected         int      `json:"rejected_samples"`
	ClippedSteps     int      `json:"clipped_steps"`
	BadLines         int      `json:"bad_lines"`
	RateHz           float64  `json:"rate_hz"`
	Input            string   `json:"input"`
	Reason           string   `json:"reason"`
	Warnings         []string `json:"warnings"`

	raw map[string]json.RawMessage
}

// robustEvent is one row of the events CSV.
type robustEvent struct {
	IC, FC, GCTms, Braking float64
	Side                   string
}

// robustResult is what one `gaitd analyze` run produced.
type robustResult struct {
	stdout, stderr string
	sum            robustSummary
	events         []robustEvent
}

// analyzeFile runs `gaitd analyze` with --events and --summary into a temp
// directory and the extra flags before the recording; it fails the test on
// an error.
func analyzeFile(t *testing.T, recording string, flags ...string) robustResult {
	t.Helper()
	res, err := tryAnalyze(t, recording, flags...)
	if err != nil {
		t.Fatalf("analyze %s %v: %v\nstderr:\n%s", recording, flags, err, res.stderr)
	}
	return res
}

func tryAnalyze(t *testing.T, recording string, flags ...string) (robustResult, error) {
	t.Helper()
	dir := t.TempDir()
	ev, sum := filepath.Join(dir, "events.csv"), filepath.Join(dir, "summary.json")
	args := append([]string{"analyze", "--events", ev, "--summary", sum}, flags...)
	args = append(args, recording)
	var res robustResult
	var err error
	res.stdout, res.stderr, err = runCmd(t, args...)
	if err != nil {
		return res, err
	}
	res.sum = readSummary(t, sum)
	res.events = readEvents(t, ev)
	return res, nil
}

func readSummary(t *testing.T, name string) robustSummary {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var s robustSummary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := json.Unmarshal(b, &s.raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func readEvents(t *testing.T, name string) []robustEvent {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no header", name)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(row []string, name string) float64 {
		s := row[col[name]]
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("events %s: %q: %v", name, s, err)
		}
		return v
	}
	var out []robustEvent
	for _, r := range rows[1:] {
		out = append(out, robustEvent{IC: num(r, "ic_s"), FC: num(r, "fc_s"), GCTms: num(r, "gct_ms"), Braking: num(r, "braking_m_s"), Side: r[col["side"]]})
	}
	return out
}

// contacts turns events rows into gait contacts for eval.Match.
func (r robustResult) contacts() []gait.Contact {
	out := make([]gait.Contact, len(r.events))
	for i, e := range r.events {
		out[i] = gait.Contact{IC: e.IC, FC: e.FC, Side: parseSide(e.Side), VO: math.NaN()}
	}
	return out
}

func parseSide(s string) gait.Side {
	switch s {
	case "L":
		return gait.Left
	case "R":
		return gait.Right
	}
	return gait.SideUnknown
}

func simTruth(c []sim.Contact) []eval.Truth {
	out := make([]eval.Truth, len(c))
	for i, x := range c {
		s := gait.Left
		if x.Side == 'R' {
			s = gait.Right
		}
		out[i] = eval.Truth{IC: x.IC, FC: x.FC, Side: s}
	}
	return out
}

// simCSV simulates cfg and returns the CSV text sim.WriteCSV writes and the
// ground truth.
func simCSV(t *testing.T, cfg sim.Config) (string, []sim.Contact) {
	t.Helper()
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := sim.WriteCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String(), s.Truth()
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// robustTable splits CSV text into the header fields and the data rows' fields.
func robustTable(text string) ([]string, [][]string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	rows := make([][]string, 0, len(lines)-1)
	for _, l := range lines[1:] {
		rows = append(rows, strings.Split(l, ","))
	}
	return strings.Split(lines[0], ","), rows
}

// robustJoin writes a header and rows with a separator and line end.
func robustJoin(header []string, rows [][]string, sep, eol string) string {
	var b strings.Builder
	b.WriteString(strings.Join(header, sep) + eol)
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep) + eol)
	}
	return b.String()
}

func robustFloat(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func robustFmt(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// runningCfg is the simulated run the format variants start from: 30 s of
// running from a tilted waist sensor with gyro, 100 Hz.
func runningCfg(seed uint64, dur float64) sim.Config {
	return sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.05, 0.1, 0.3}, Seed: seed}
}

// sameRun compares a variant's summary with the clean run's.
func sameRun(t *testing.T, clean, got robustSummary, stepTol int) {
	t.Helper()
	if d := got.Steps - clean.Steps; d < -stepTol || d > stepTol {
		t.Errorf("steps %d, clean %d (tolerance ±%d)", got.Steps, clean.Steps, stepTol)
	}
	if got.CadenceSPM == nil || math.Abs(*got.CadenceSPM-*clean.CadenceSPM) > 0.5 {
		t.Errorf("cadence %v, clean %.2f spm (tolerance 0.5)", fmtPtr(got.CadenceSPM), *clean.CadenceSPM)
	}
	if got.GCTms == nil || math.Abs(*got.GCTms-*clean.GCTms) > 5 {
		t.Errorf("GCT median %v, clean %.1f ms (tolerance 5)", fmtPtr(got.GCTms), *clean.GCTms)
	}
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.2f", *p)
}

// TestRobustFormatFixtures runs every file of testdata/formats through
// analyze: recordings give a result (contacts of the ≈ 107 steps/min
// walking-like signal, or a reason), other files an error naming the file
// and the problem.
func TestRobustFormatFixtures(t *testing.T) {
	const dir = "../../testdata/formats"
	// files without a usable time column, and their true rate
	rates := map[string]string{
		"arduino_plotter.txt":         "100",
		"arduino_plotter_capture.txt": "100",
	}
	// files that are not (usable) recordings, and the error they must give
	notRec := map[string]string{
		"metabase_Gyroscope.csv":              "metabase_Gyroscope.csv:1: not an IMU recording: no acceleration columns in header (gyroscope only: gaitd analyze takes it with --gyro beside the accelerometer's file)",
		"sensorlogger_Gyroscope.csv":          "sensorlogger_Gyroscope.csv: acceleration lacks gravity: median |a| is 0.331 m/s² over 250 lines and the mean vector is only 0.10 of it: this is user (linear) acceleration, such as iOS Sensor Logger Accelerometer.csv (gaitd analyze adds its Gravity.csv with --gravity), or another sensor with the same columns (such as Gyroscope.csv, which gaitd analyze takes with --gyro)",
		"notrec_empty.csv":                    "notrec_empty.csv: not an IMU recording: empty file",
		"notrec_header_only.csv":              "notrec_header_only.csv:1: not an IMU recording: no numeric data lines after the header",
		"notrec_no_acc.csv":                   "notrec_no_acc.csv:1: not an IMU recording: no acceleration columns in header: a,b,c",
		"notrec_page.html":                    "notrec_page.html:1: not an IMU recording: HTML or XML document, not CSV",
		"notrec_sensorlogger.json":            "notrec_sensorlogger.json:1: not an IMU recording: JSON document, not CSV",
		"notrec_sensorlogger_Orientation.csv": "notrec_sensorlogger_Orientation.csv:1: not an IMU recording: no acceleration columns in header: time,seconds_elapsed,qz,qy,qx,qw,roll,pitch,yaw",
		"notrec_witmotion.bin":                "notrec_witmotion.bin: not an IMU recording: binary data at byte 2",
		"phyphox_Linear_Acceleration.csv":     "phyphox_Linear_Acceleration.csv:1: acceleration lacks gravity: columns Linear Acceleration x (m/s^2)",
		"sensorlogger_Accelerometer_ios.csv":  "sensorlogger_Accelerometer_ios.csv: acceleration lacks gravity: median |a| is 1.9",
	}
	// clipped_8g.csv has an impact every 0.345 s
	cadence := map[string]float64{"clipped_8g.csv": 60 / 0.345}
	// recordings that must give an empty result, and why
	empty := map[string]string{"bad_lines.csv": "recording too short: no complete step"}

	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || name == "README.md" {
			continue
		}
		seen++
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if want, ok := notRec[name]; ok {
				_, _, err := runCmd(t, "analyze", path)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("error %v, want one containing %q", err, want)
				}
				return
			}
			if rate, ok := rates[name]; ok {
				// without --rate: refused, naming the file and what to do
				_, _, err := runCmd(t, "analyze", path)
				if err == nil || !strings.Contains(err.Error(), name+": sample rate unknown") || !strings.Contains(err.Error(), "set the sample rate") {
					t.Errorf("without --rate: error %v", err)
				}
				res := analyzeFile(t, path, "--rate", rate)
				checkFixtureResult(t, name, res, cadence, empty)
				return
			}
			res := analyzeFile(t, path)
			checkFixtureResult(t, name, res, cadence, empty)
		})
	}
	if seen < 25 {
		t.Errorf("only %d fixtures in %s", seen, dir)
	}
}

func checkFixtureResult(t *testing.T, name string, res robustResult, cadence map[string]float64, empty map[string]string) {
	t.Helper()
	s := res.sum
	if !strings.HasPrefix(res.stdout, filepath.Join("../../testdata/formats", name)+"\n") {
		t.Errorf("stdout does not start with the file name:\n%s", res.stdout)
	}
	if why, ok := empty[name]; ok {
		if s.Reason != why || s.CadenceSPM != nil || s.Steps != 0 || len(res.events) != 0 {
			t.Errorf("reason %q cadence %s steps %d events %d, want an empty result because %q", s.Reason, fmtPtr(s.CadenceSPM), s.Steps, len(res.events), why)
		}
		if !strings.Contains(res.stdout, "result     "+why) {
			t.Errorf("stdout does not give the reason:\n%s", res.stdout)
		}
		return
	}
	if s.Steps == 0 {
		// an empty result must say why, and print no numbers
		if s.Reason == "" || s.CadenceSPM != nil || !strings.Contains(res.stdout, s.Reason) || strings.Contains(res.stdout, "cadence") {
			t.Errorf("empty result without a reason: %+v\n%s", s, res.stdout)
		}
		return
	}
	// a result with steps has no reason, but for one whose contacts have
	// no step to a next one (cadence null): it says so
	switch {
	case s.CadenceSPM != nil && s.Reason != "":
		t.Errorf("reason %q with %d steps", s.Reason, s.Steps)
	case s.CadenceSPM == nil && (!strings.Contains(s.Reason, "no step time") || !strings.Contains(res.stdout, "result     "+s.Reason)):
		t.Errorf("cadence null with %d steps, reason %q (want it to say no step time, on stdout too)", s.Steps, s.Reason)
	}
	if s.Steps != len(res.events) {
		t.Errorf("summary steps %d, events rows %d", s.Steps, len(res.events))
	}
	// the fixtures' walking-like signal: |a| stance peaks 0.54–0.56 s
	// apart. A file of about a second holds a single complete contact:
	// then there is no step interval and cadence is null.
	want := 108.0
	if c, ok := cadence[name]; ok {
		want = c
	}
	switch {
	case s.CadenceSPM == nil && len(res.events) >= 3:
		t.Errorf("cadence null with %d contacts", len(res.events))
	case s.CadenceSPM != nil && math.Abs(*s.CadenceSPM-want) > 0.1*want:
		t.Errorf("cadence %s spm, want %.1f ± 10 %%", fmtPtr(s.CadenceSPM), want)
	}
	if s.DurationS <= 0 || s.RateHz < 20 {
		t.Errorf("duration %.2f s, rate %.1f Hz", s.DurationS, s.RateHz)
	}
}

// TestRobustRunningVariants writes one simulated run the ways real files
// differ and checks each gives the clean run's summary.
func TestRobustRunningVariants(t *testing.T) {
	text, _ := simCSV(t, runningCfg(11, 30))
	clean := analyzeFile(t, writeTemp(t, "clean.csv", text))
	cs := clean.sum
	if cs.Steps < 80 || cs.CadenceSPM == nil || cs.GCTms == nil || cs.Activity != "running" {
		t.Fatalf("clean run: %+v", cs)
	}
	header, rows := robustTable(text)
	if strings.Join(header, ",") != "t,ax,ay,az,gx,gy,gz" {
		t.Fatalf("sim header %v", header)
	}
	cleanICs := make([]float64, len(clean.events))
	for i, e := range clean.events {
		cleanICs[i] = e.IC
	}

	t.Run("reordered_renamed", func(t *testing.T) {
		// t,ax,ay,az,gx,gy,gz → gyr_z,acc_y,timestamp,acc_x,gyr_x,acc_z,gyr_y
		perm := []int{6, 2, 0, 1, 4, 3, 5}
		names := []string{"timestamp", "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"}
		h := make([]string, len(perm))
		out := make([][]string, len(rows))
		for i, p := range perm {
			h[i] = names[p]
		}
		for k, r := range rows {
			out[k] = make([]string, len(perm))
			for i, p := range perm {
				out[k][i] = r[p]
			}
		}
		res := analyzeFile(t, writeTemp(t, "reordered.csv", robustJoin(h, out, ",", "\n")))
		sameRun(t, cs, res.sum, 1)
		if !strings.Contains(res.sum.Input, "time=timestamp") || !strings.Contains(res.sum.Input, "acc=acc_x,acc_y,acc_z") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("mps2", func(t *testing.T) {
		out := make([][]string, len(rows))
		for k, r := range rows {
			out[k] = append([]string(nil), r...)
			for i := 1; i <= 3; i++ {
				out[k][i] = robustFmt(robustFloat(r[i])*sensor.G0, 4)
			}
		}
		res := analyzeFile(t, writeTemp(t, "mps2.csv", robustJoin(header, out, ",", "\n")))
		sameRun(t, cs, res.sum, 1)
		if !strings.Contains(res.sum.Input, "(m/s² detected)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("epoch_ms", func(t *testing.T) {
		const base = 1_700_000_000_123 // ms
		h := append([]string{"time_ms"}, header[1:]...)
		out := make([][]string, len(rows))
		for k, r := range rows {
			out[k] = append([]string{strconv.FormatInt(base+int64(math.Round(robustFloat(r[0])*1000)), 10)}, r[1:]...)
		}
		res := analyzeFile(t, writeTemp(t, "epoch.csv", robustJoin(h, out, ",", "\n")))
		sameRun(t, cs, res.sum, 1)
		// events on the input's own time base: epoch seconds
		checkShiftedICs(t, res.events, cleanICs, base/1000.0, 0.002)
		if math.Abs(res.sum.DurationS-cs.DurationS) > 0.011 {
			t.Errorf("duration %.3f s, clean %.3f s", res.sum.DurationS, cs.DurationS)
		}
	})
	t.Run("no_time_rate", func(t *testing.T) {
		out := make([][]string, len(rows))
		for k, r := range rows {
			out[k] = r[1:]
		}
		res := analyzeFile(t, writeTemp(t, "notime.csv", robustJoin(header[1:], out, ",", "\n")), "--rate", "100")
		sameRun(t, cs, res.sum, 1)
		t0 := robustFloat(rows[0][0])
		checkShiftedICs(t, res.events, cleanICs, -t0, 0.002)
	})
	t.Run("semicolon", func(t *testing.T) {
		res := analyzeFile(t, writeTemp(t, "semi.csv", robustJoin(header, rows, ";", "\n")))
		sameRun(t, cs, res.sum, 1)
	})
	t.Run("crlf", func(t *testing.T) {
		res := analyzeFile(t, writeTemp(t, "crlf.csv", robustJoin(header, rows, ",", "\r\n")))
		sameRun(t, cs, res.sum, 1)
	})
	t.Run("corrupt_1pct", func(t *testing.T) {
		out := make([][]string, len(rows))
		for k, r := range rows {
			out[k] = append([]string(nil), r...)
		}
		// every 100th data row from row 50, cycling through four kinds
		type bad struct {
			line int
			msg  string
		}
		var bads []bad
		for k, i := 50, 0; k < len(out); k, i = k+100, i+1 {
			line := k + 2 // 1-based, after the header
			switch i % 4 {
			case 0:
				out[k][1] = "1.2.3"
				bads = append(bads, bad{line, `column "ax": unparsable value: "1.2.3"`})
			case 1:
				out[k][2] = "NaN"
				bads = append(bads, bad{line, `column "ay": value is NaN or Inf: "NaN"`})
			case 2:
				back := robustFloat(rows[k][0]) - 0.5
				out[k][0] = robustFmt(back, 6)
				bads = append(bads, bad{line, fmt.Sprintf(`column "t": timestamp goes backwards: %v after %v`, back, robustFloat(rows[k-1][0]))})
			case 3:
				out[k][3] = "80.00000"
				bads = append(bads, bad{line, `column "az": absurd magnitude: 784.5 m/s² (limit 490.3 m/s², 50 g)`})
			}
		}
		if want := len(rows) / 100; len(bads) != want {
			t.Fatalf("%d bad lines, want %d", len(bads), want)
		}
		res := analyzeFile(t, writeTemp(t, "corrupt.csv", robustJoin(header, out, ",", "\n")))
		for _, b := range bads[:5] {
			want := fmt.Sprintf("/corrupt.csv:%d: %s\n", b.line, b.msg)
			if !strings.Contains(res.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
			}
		}
		if !strings.Contains(res.stderr, "gaitd: more bad lines skipped; all are counted (the report's problems line, the summary's bad_lines)\n") || strings.Count(res.stderr, "\n") != 6 {
			t.Errorf("stderr should list the first 5 bad lines then say more were skipped:\n%s", res.stderr)
		}
		if res.sum.BadLines != len(bads) {
			t.Errorf("bad_lines %d, want %d", res.sum.BadLines, len(bads))
		}
		if !strings.Contains(res.stdout, fmt.Sprintf("%d bad lines skipped", len(bads))) {
			t.Errorf("stdout:\n%s", res.stdout)
		}
		sameRun(t, cs, res.sum, 2)
	})
	t.Run("hole_3s", func(t *testing.T) {
		const h0, h1 = 13.0, 16.0
		var out [][]string
		for _, r := range rows {
			if tt := robustFloat(r[0]); tt < h0 || tt >= h1 {
				out = append(out, r)
			}
		}
		res := analyzeFile(t, writeTemp(t, "hole.csv", robustJoin(header, out, ",", "\n")))
		if res.sum.Gaps != 1 {
			t.Errorf("gaps %d, want 1", res.sum.Gaps)
		}
		for _, e := range res.events {
			if e.IC >= h0 && e.IC < h1 {
				t.Errorf("contact at %.3f s inside the hole [%g, %g)", e.IC, h0, h1)
			}
			if e.IC < h0 && !math.IsNaN(e.FC) && e.FC >= h0 {
				t.Errorf("contact %.3f–%.3f s bridges the hole", e.IC, e.FC)
			}
		}
		// about 3 s of steps are missing, not more than 3 s + a couple of steps either side
		lost := cs.Steps - res.sum.Steps
		spm := *cs.CadenceSPM
		if lo, hi := int(3*spm/60)-1, int(3*spm/60)+5; lost < lo || lost > hi {
			t.Errorf("%d steps lost in the hole, want %d..%d", lost, lo, hi)
		}
		if res.sum.CadenceSPM == nil || math.Abs(*res.sum.CadenceSPM-spm) > 0.5 {
			t.Errorf("cadence %s, clean %.2f (a step bridging the hole?)", fmtPtr(res.sum.CadenceSPM), spm)
		}
	})
	t.Run("jitter_2ms", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		out := make([][]string, len(rows))
		prev := math.Inf(-1)
		for k, r := range rows {
			tt := robustFloat(r[0]) + (rng.Float64()*2-1)*0.002
			if tt <= prev {
				t.Fatal("jittered times not increasing")
			}
			prev = tt
			out[k] = append([]string{robustFmt(tt, 6)}, r[1:]...)
		}
		res := analyzeFile(t, writeTemp(t, "jitter.csv", robustJoin(header, out, ",", "\n")))
		sameRun(t, cs, res.sum, 1)
		if res.sum.Rejected != 0 || res.sum.Gaps != 0 {
			t.Errorf("rejected %d gaps %d", res.sum.Rejected, res.sum.Gaps)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		f, err := os.Open(writeTemp(t, "stdin.csv", text))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old }()
		res := analyzeFile(t, "-")
		sameRun(t, cs, res.sum, 0)
		if !strings.HasPrefix(res.stdout, "stdin\n") {
			t.Errorf("stdout does not name stdin:\n%s", res.stdout)
		}
		if len(res.events) != len(clean.events) {
			t.Errorf("%d events, clean %d", len(res.events), len(clean.events))
		}
	})
}

// checkShiftedICs checks got's ICs are the clean ICs plus shift, within tol.
func checkShiftedICs(t *testing.T, got []robustEvent, clean []float64, shift, tol float64) {
	t.Helper()
	if len(got) == 0 {
		t.Error("no events")
		return
	}
	n := 0
	for _, e := range got {
		want := e.IC - shift
		i := sort.SearchFloat64s(clean, want-tol)
		if i < len(clean) && math.Abs(clean[i]-want) <= tol {
			n++
		}
	}
	if n < len(got)-1 {
		t.Errorf("%d of %d events are not on the clean ICs shifted by %.3f s (first ic_s %.4f, clean %.4f)", len(got)-n, len(got), shift, got[0].IC, clean[0])
	}
}

// TestRobustAnatomicalSubsets analyses a run given as the vertical axis
// only and as vertical + anteroposterior (anatomical frame, no gyro).
func TestRobustAnatomicalSubsets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		axes   [3]bool
		header string
	}{
		{"V", [3]bool{true, false, false}, "t,acc_v"},
		{"V_AP", [3]bool{true, true, false}, "t,acc_v,acc_ap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Frame: sensor.FrameAnatomical, Axes: tc.axes, Noise: 0.2, Seed: 5}
			text, truth := simCSV(t, cfg)
			if h, _, _ := strings.Cut(text, "\n"); h != tc.header {
				t.Fatalf("header %q, want %q", h, tc.header)
			}
			res := analyzeFile(t, writeTemp(t, "run.csv", text))
			sc := eval.Match(res.contacts(), simTruth(truth), eval.Options{})
			t.Logf("%s: %d contacts, TP %d FP %d FN %d, F1 %.3f, IC MAE %.1f ms", tc.name, len(res.events), sc.TP, sc.FP, sc.FN, sc.F1(), 1000*eval.Agree(sc.ICErr).MAE)
			if sc.F1() < 0.98 {
				t.Errorf("F1 %.3f < 0.98 (TP %d FP %d FN %d)", sc.F1(), sc.TP, sc.FP, sc.FN)
			}
			s := res.sum
			if s.Activity != "running" {
				t.Errorf("activity %q", s.Activity)
			}
			// no side information in V or V+AP: balance null, and the key is there
			if s.GCTBalancePct != nil || string(s.raw["gct_balance_pct"]) != "null" {
				t.Errorf("gct_balance_pct %s, want null", s.raw["gct_balance_pct"])
			}
			if !strings.Contains(res.stdout, "balance    — (sides unknown (no gyro or mediolateral axis))") {
				t.Errorf("stdout:\n%s", res.stdout)
			}
			var trueBrk []float64
			for _, c := range truth {
				trueBrk = append(trueBrk, c.Braking)
			}
			sort.Float64s(trueBrk)
			if tc.axes[1] {
				// braking needs the AP axis
				med := trueBrk[len(trueBrk)/2]
				if s.BrakingMS == nil || *s.BrakingMS <= 0 {
					t.Errorf("braking_m_s %s with AP, truth median %.3f", fmtPtr(s.BrakingMS), med)
				} else {
					t.Logf("braking %.3f m/s, truth median %.3f", *s.BrakingMS, med)
				}
				n := 0
				for _, e := range res.events {
					if !math.IsNaN(e.Braking) {
						n++
					}
				}
				if n < len(res.events)*9/10 {
					t.Errorf("braking in %d of %d events", n, len(res.events))
				}
			} else if s.BrakingMS != nil {
				t.Errorf("braking_m_s %.3f from the vertical axis alone", *s.BrakingMS)
			}
		})
	}
}

// TestRobustShank analyses a shank sensor, clipped at 8 g at 143 Hz, with
// and without gyro, given --placement shank --side L.
func TestRobustShank(t *testing.T) {
	for _, gyro := range []bool{true, false} {
		t.Run(fmt.Sprintf("gyro=%v", gyro), func(t *testing.T) {
			const dur = 20
			cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Side: 'L', Duration: dur, Rate: 143, ClipG: 8, Gyro: gyro, Noise: 0.2, Tilt: [3]float64{0.1, 0.05, 0.2}, Seed: 9}
			text, truth := simCSV(t, cfg)
			res := analyzeFile(t, writeTemp(t, "shank.csv", text), "--placement", "shank", "--side", "L")
			s := res.sum
			// Judge the contacts after the first swing (the gyro rule needs
			// the mid-swing before a contact) up to the last contact that
			// ends inside the recording (see TestRobustEdgeContacts).
			tr := simTruth(truth)
			last := 0.0
			for _, c := range tr {
				if c.FC <= dur {
					last = c.IC
				}
			}
			sc := eval.Match(res.contacts(), tr, eval.Options{Bouts: [][2]float64{{0.5, last}}})
			t.Logf("%d contacts, %d truth, F1 %.3f (TP %d FP %d FN %d), IC MAE %.1f ms, GCT MAE %.1f ms, clipped %d, input %s",
				len(res.events), len(truth), sc.F1(), sc.TP, sc.FP, sc.FN, 1000*eval.Agree(sc.ICErr).MAE, 1000*eval.Agree(sc.GCTErr).MAE, s.ClippedSteps, s.Input)
			if sc.F1() < 0.98 {
				t.Errorf("F1 %.3f (TP %d FP %d FN %d)", sc.F1(), sc.TP, sc.FP, sc.FN)
			}
			if s.Placement != "shank" || s.Activity != "running" {
				t.Errorf("placement %q activity %q", s.Placement, s.Activity)
			}
			if s.Steps != 2*len(res.events) {
				t.Errorf("steps %d, contacts %d: want steps = 2 × contacts", s.Steps, len(res.events))
			}
			ics := make([]float64, len(truth))
			for i, c := range truth {
				ics[i] = c.IC
			}
			want := 2 * eval.Cadence(ics) // one foot's contacts: strides/min
			if s.CadenceSPM == nil || math.Abs(*s.CadenceSPM-want) > 1 {
				t.Errorf("cadence %s, truth %.2f steps/min", fmtPtr(s.CadenceSPM), want)
			}
			for _, e := range res.events {
				if e.Side != "L" {
					t.Errorf("contact at %.3f s: side %q, want L", e.IC, e.Side)
					break
				}
			}
			// No balance from one foot; the clipping at 8 g hits single
			// samples only (no plateau), so it is not detected from the file.
			if s.GCTBalancePct != nil {
				t.Errorf("gct_balance_pct %.1f from one foot", *s.GCTBalancePct)
			}
			t.Run("balance_wording", func(t *testing.T) {
				if strings.Contains(res.stdout, "sides unknown") {
					t.Errorf("stdout claims the sides are unknown although every contact is L:\n%s", res.stdout)
				}
			})
		})
	}
}

// TestRobustEdgeContacts cuts recordings inside a contact: a contact that
// began before the first sample or ends after the last must be dropped or
// reported with its true times, never with times pinned to the cut.
func TestRobustEdgeContacts(t *testing.T) {
	t.Run("waist_running_cut_in_stance", func(t *testing.T) {
		cfg := runningCfg(23, 10)
		cfg.Gyro = false
		text, truth := simCSV(t, cfg)
		header, rows := robustTable(text)
		// start 100 ms into contact 2, end 100 ms into the 4th-last contact
		t0, t1 := truth[2].IC+0.1, truth[len(truth)-4].IC+0.1
		var out [][]string
		for _, r := range rows {
			if tt := robustFloat(r[0]); tt >= t0 && tt <= t1 {
				out = append(out, r)
			}
		}
		res := analyzeFile(t, writeTemp(t, "cut.csv", robustJoin(header, out, ",", "\n")))
		checkAgainstTruth(t, res.events, truth, 0.02, 0.02)
		for _, e := range res.events {
			if e.IC < t0+0.05 || e.IC > t1-0.05 {
				t.Errorf("contact at %.3f s at the edge of the cut recording %.3f–%.3f s", e.IC, t0, t1)
			}
		}
	})
	for _, gyro := range []bool{true, false} {
		t.Run(fmt.Sprintf("shank_end_in_stance_gyro=%v", gyro), func(t *testing.T) {
			cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Side: 'L', Duration: 10, Rate: 143, ClipG: 8, Gyro: gyro, Noise: 0.2, Tilt: [3]float64{0.1, 0.05, 0.2}, Seed: 22}
			text, truth := simCSV(t, cfg)
			header, rows := robustTable(text)
			for _, k := range []int{len(truth) - 3, len(truth) - 5} {
				t1 := truth[k].IC + 0.15
				var out [][]string
				for _, r := range rows {
					if robustFloat(r[0]) <= t1 {
						out = append(out, r)
					}
				}
				res := analyzeFile(t, writeTemp(t, "cut.csv", robustJoin(header, out, ",", "\n")), "--placement", "shank", "--side", "L")
				t.Logf("cut at %.3f s, 150 ms into the contact %.3f–%.3f s", t1, truth[k].IC, truth[k].FC)
				checkAgainstTruth(t, res.events, truth, 0.02, 0.03)
			}
		})
	}
	t.Run("walking_fixture_start_in_rise", func(t *testing.T) {
		const name = "../../testdata/formats/anatomical_v_only.tsv"
		full := analyzeFile(t, name)
		var ics []float64
		for _, e := range full.events {
			ics = append(ics, e.IC)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		for start := 0.40; start < 0.70; start += 0.02 {
			out := []string{lines[0]}
			for _, l := range lines[1:] {
				f, _, _ := strings.Cut(l, "\t")
				if robustFloat(f) >= start-1e-9 {
					out = append(out, l)
				}
			}
			res := analyzeFile(t, writeTemp(t, "cut.tsv", strings.Join(out, "\n")+"\n"))
			for _, e := range res.events {
				i := sort.SearchFloat64s(ics, e.IC-0.015)
				if i == len(ics) || math.Abs(ics[i]-e.IC) > 0.015 {
					t.Errorf("from t ≥ %.2f s: contact at %.4f s, not one of the full file's %v", start, e.IC, ics)
				}
			}
		}
		// phyphox_Accelerometer.csv (1 s) starts during a rise: only the
		// contact at 0.539 s is complete
		ph := analyzeFile(t, "../../testdata/formats/phyphox_Accelerometer.csv")
		if len(ph.events) != 1 || math.Abs(ph.events[0].IC-0.539) > 0.015 {
			t.Errorf("phyphox_Accelerometer.csv: %d contacts (%v), want the one at 0.539 s", len(ph.events), ph.events)
		}
	})
}

// checkAgainstTruth checks that every event is a true contact (IC within
// icTol) and that its FC, when given, is within fcTol of the true FC.
func checkAgainstTruth(t *testing.T, events []robustEvent, truth []sim.Contact, icTol, fcTol float64) {
	t.Helper()
	if len(events) == 0 {
		t.Error("no events")
	}
	for _, e := range events {
		best := -1
		for j, c := range truth {
			if math.Abs(c.IC-e.IC) <= icTol && (best < 0 || math.Abs(c.IC-e.IC) < math.Abs(truth[best].IC-e.IC)) {
				best = j
			}
		}
		if best < 0 {
			t.Errorf("contact at %.4f s is no true contact", e.IC)
			continue
		}
		c := truth[best]
		if !math.IsNaN(e.FC) && math.Abs(e.FC-c.FC) > fcTol {
			t.Errorf("contact %.4f–%.4f s (GCT %.1f ms), truth %.4f–%.4f s (GCT %.1f ms)", e.IC, e.FC, e.GCTms, c.IC, c.FC, 1000*(c.FC-c.IC))
		}
	}
}

// TestRobustOutputFiles checks the output-file failures and the summary's
// contract: every key present, null where unknown, and the vertical ratio
// computed from the summary's own numbers.
func TestRobustOutputFiles(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 10, Rate: 100, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Noise: 0.2, Seed: 17})
	rec := writeTemp(t, "run.csv", text)

	// tmpLeft lists the temporary files left in dir.
	tmpLeft := func(t *testing.T, dir string) []string {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp") {
				left = append(left, e.Name())
			}
		}
		return left
	}

	t.Run("events_dir_missing", func(t *testing.T) {
		dir := t.TempDir()
		ev := filepath.Join(dir, "nodir", "steps.csv")
		sum := filepath.Join(dir, "run.json")
		stdout, _, err := runCmd(t, "analyze", "--events", ev, "--summary", sum, rec)
		if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
			t.Fatalf("error %v, want no such file or directory", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "nodir")); !os.IsNotExist(err) {
			t.Errorf("nodir: %v", err)
		}
		if _, err := os.Stat(sum); !os.IsNotExist(err) {
			t.Errorf("summary written although the events file failed: %v", err)
		}
		if stdout != "" {
			t.Errorf("stdout on failure:\n%s", stdout)
		}
		if left := tmpLeft(t, dir); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
	t.Run("events_dir_missing_error_names_path", func(t *testing.T) {
		dir := t.TempDir()
		ev := filepath.Join(dir, "nodir", "steps.csv")
		_, _, err := runCmd(t, "analyze", "--events", ev, rec)
		if err == nil || !strings.Contains(err.Error(), ev) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("error %v does not name %s", err, ev)
		}
	})
	t.Run("summary_is_dir", func(t *testing.T) {
		dir := t.TempDir()
		sum := filepath.Join(dir, "out")
		if err := os.Mkdir(sum, 0o755); err != nil {
			t.Fatal(err)
		}
		_, _, err := runCmd(t, "analyze", "-q", "--summary", sum, rec)
		if err == nil || !strings.Contains(err.Error(), sum+": is a directory") {
			t.Fatalf("error %v, want one naming %s", err, sum)
		}
		if fi, err := os.Stat(sum); err != nil || !fi.IsDir() {
			t.Errorf("the directory was replaced: %v %v", fi, err)
		}
		if ents, _ := os.ReadDir(sum); len(ents) != 0 {
			t.Errorf("files written into the directory: %v", ents)
		}
		if left := tmpLeft(t, dir); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
	t.Run("events_is_dir", func(t *testing.T) {
		dir := t.TempDir()
		ev := filepath.Join(dir, "out")
		if err := os.Mkdir(ev, 0o755); err != nil {
			t.Fatal(err)
		}
		_, _, err := runCmd(t, "analyze", "-q", "--events", ev, rec)
		if err == nil || !strings.Contains(err.Error(), ev+": is a directory") {
			t.Fatalf("error %v, want one naming %s", err, ev)
		}
		if fi, err := os.Stat(ev); err != nil || !fi.IsDir() {
			t.Errorf("the directory was replaced: %v %v", fi, err)
		}
		if left := tmpLeft(t, dir); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})

	res := analyzeFile(t, rec)
	// every documented key
	keys := []string{"placement", "activity", "steps", "duration_s", "gait_duration_s", "cadence_spm", "gct_ms", "flight_ms",
		"step_ms", "vo_mm", "duty_factor", "impact_g", "braking_m_s", "gct_ms_dist", "flight_ms_dist", "vo_mm_dist",
		"duty_factor_dist", "gct_balance_pct", "side_confidence", "step_length_m", "vertical_ratio_pct", "speed_m_s",
		"windows", "running_steps", "walking_steps", "gaps", "rejected_samples", "clipped_steps", "bad_lines", "input", "rate_hz"}
	for _, k := range keys {
		if _, ok := res.sum.raw[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	for _, k := range []string{"gct_balance_pct", "side_confidence", "step_length_m", "vertical_ratio_pct", "speed_m_s"} {
		if v := string(res.sum.raw[k]); v != "null" {
			t.Errorf("%s = %s, want null (no side information, no --speed)", k, v)
		}
	}
	for _, k := range []string{"cadence_spm", "gct_ms", "flight_ms", "step_ms", "vo_mm", "duty_factor", "impact_g", "braking_m_s"} {
		if v := string(res.sum.raw[k]); v == "null" || v == "" {
			t.Errorf("%s = %q on a clean V+AP run", k, v)
		}
	}
	if _, ok := res.sum.raw["reason"]; ok {
		t.Errorf("reason %s on a run with steps", res.sum.raw["reason"])
	}
	if !strings.Contains(res.stdout, "vert ratio — (give --speed)") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
	t.Run("sides_key", func(t *testing.T) {
		if _, ok := res.sum.raw["sides"]; !ok {
			t.Error("summary lacks \"sides\" (want null when sides are unknown)")
		}
	})

	t.Run("speed", func(t *testing.T) {
		sp := analyzeFile(t, rec, "--speed", "3.3")
		s := sp.sum
		if s.SpeedMS == nil || *s.SpeedMS != 3.3 || s.StepMs == nil || s.VOmm == nil || s.StepLengthM == nil || s.VerticalRatioPct == nil {
			t.Fatalf("speed %s step_ms %s vo_mm %s step_length_m %s vertical_ratio_pct %s", fmtPtr(s.SpeedMS), fmtPtr(s.StepMs), fmtPtr(s.VOmm), fmtPtr(s.StepLengthM), fmtPtr(s.VerticalRatioPct))
		}
		sl := 3.3 * *s.StepMs / 1000
		if math.Abs(*s.StepLengthM-sl) > 1e-9 {
			t.Errorf("step_length_m %.6f, want speed·step_ms = %.6f", *s.StepLengthM, sl)
		}
		vr := *s.VOmm / 1000 / *s.StepLengthM * 100
		if math.Abs(*s.VerticalRatioPct-vr) > 1e-9 {
			t.Errorf("vertical_ratio_pct %.6f, want VO/step length·100 = %.6f", *s.VerticalRatioPct, vr)
		}
		if vr < 3 || vr > 15 {
			t.Errorf("vertical ratio %.1f %% is not a running figure", vr)
		}
		want := fmt.Sprintf("vert ratio %.1f %% (step length %.2f m at 3.30 m/s)", vr, sl)
		if !strings.Contains(sp.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, sp.stdout)
		}
		// the rest of the summary does not change with --speed
		if s.Steps != res.sum.Steps || *s.VOmm != *res.sum.VOmm {
			t.Errorf("steps %d vo %.2f with --speed, %d %.2f without", s.Steps, *s.VOmm, res.sum.Steps, *res.sum.VOmm)
		}
	})
}

// TestRobustShortRecording analyses 5 s of running: the first complete
// step (the first simulated contact, at 0.05 s) is found, and every
// contact of the recording.
func TestRobustShortRecording(t *testing.T) {
	for _, gyro := range []bool{true, false} {
		t.Run(fmt.Sprintf("gyro=%v", gyro), func(t *testing.T) {
			cfg := runningCfg(13, 5)
			if !gyro {
				cfg = runningCfg(14, 5)
				cfg.Gyro = false
			}
			text, truth := simCSV(t, cfg)
			res := analyzeFile(t, writeTemp(t, "short.csv", text))
			if res.sum.Reason != "" || len(res.events) == 0 {
				t.Fatalf("reason %q, %d events", res.sum.Reason, len(res.events))
			}
			first, e := truth[0], res.events[0]
			t.Logf("first contact %.4f–%.4f s, truth %.4f–%.4f s", e.IC, e.FC, first.IC, first.FC)
			if math.Abs(e.IC-first.IC) > 0.015 || math.Abs(e.FC-first.FC) > 0.015 {
				t.Errorf("first contact %.4f–%.4f s, truth %.4f–%.4f s (tolerance 15 ms)", e.IC, e.FC, first.IC, first.FC)
			}
			// every contact that lies wholly inside the recording
			var complete []eval.Truth
			for _, c := range simTruth(truth) {
				if c.FC <= cfg.Duration {
					complete = append(complete, c)
				}
			}
			sc := eval.Match(res.contacts(), complete, eval.Options{})
			if sc.FN != 0 || sc.FP != 0 {
				t.Errorf("TP %d FP %d FN %d", sc.TP, sc.FP, sc.FN)
			}
			if res.sum.Activity != "running" || res.sum.CadenceSPM == nil {
				t.Errorf("activity %q cadence %s", res.sum.Activity, fmtPtr(res.sum.CadenceSPM))
			}
		})
	}
}

// TestRobustFailsPartWay: a recording that turns unreadable part way (a
// second log appended whose values are corrupt, so every later line is bad
// until too many are: a clock that restarts is now read on,
// TestAnalyzeClockReset) ends with an error, and what was read before it is
// still written: events, summary and report.
func TestRobustFailsPartWay(t *testing.T) {
	text, truth := simCSV(t, runningCfg(41, 20))
	header, rows := robustTable(text)
	corrupt := make([][]string, len(rows))
	for i, r := range rows {
		corrupt[i] = append([]string{r[0]}, r[1:]...)
		corrupt[i][1] = "0x" + corrupt[i][1]
	}
	name := writeTemp(t, "twice.csv", robustJoin(header, append(rows, corrupt...), ",", "\n"))
	dir := t.TempDir()
	ev, sumName := filepath.Join(dir, "events.csv"), filepath.Join(dir, "summary.json")
	stdout, _, err := runCmd(t, "analyze", "--events", ev, "--summary", sumName, name)
	if err == nil || !strings.Contains(err.Error(), "too many bad lines") || !strings.Contains(err.Error(), "results above cover the 20.0 s read before it") {
		t.Fatalf("error %v, want too many bad lines and the span read", err)
	}
	// with -q nothing is printed above the error: it says what was written
	if _, _, err := runCmd(t, "analyze", "-q", "--events", ev, "--summary", sumName, name); err == nil || !strings.Contains(err.Error(), "(what was written covers the 20.0 s read before it)") {
		t.Errorf("-q: error %v, want what was written and the span read", err)
	}
	sum, events := readSummary(t, sumName), readEvents(t, ev)
	if !strings.Contains(sum.Reason, "the input failed part way; these results cover the 20.0 s read before it") {
		t.Errorf("summary reason %q: does not say it is partial", sum.Reason)
	}
	if sum.Steps < len(truth)-3 || len(events) != sum.Steps || sum.BadLines == 0 || !strings.Contains(stdout, "steps") {
		t.Errorf("summary %d steps, %d bad lines, %d events (truth %d); stdout:\n%s", sum.Steps, sum.BadLines, len(events), len(truth), stdout)
	}
	// the summary counts the bad lines the error counts, the last included
	var inRow, bad, lines int
	if _, e := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "too many bad lines: "):], "too many bad lines: %d in a row, %d of %d data lines", &inRow, &bad, &lines); e != nil {
		t.Fatalf("error %q: %v", err, e)
	}
	if sum.BadLines != bad {
		t.Errorf("summary: %d bad lines, the error: %d", sum.BadLines, bad)
	}
}

// TestRobustRateOutOfRange: a rate the engine refuses names the file and
// how the rate was read.
func TestRobustRateOutOfRange(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%.2f,0.01,0.02,%.3f\n", float64(i)*0.08, 0.98+0.1*math.Sin(float64(i)))
	}
	name := writeTemp(t, "slow.csv", b.String())
	_, err := tryAnalyze(t, name)
	if err == nil || !strings.Contains(err.Error(), "slow.csv: gait: sample rate 12.5 Hz out of range") || !strings.Contains(err.Error(), "--time-unit or --rate") {
		t.Errorf("error %v", err)
	}
	// 10 Hz written as i·0.1 (Python's repr): its median step, 0.1 and a
	// few units in the last place, was over the unit guess's 0.1 s bound
	// and read in ms, "sample rate 1e+04 Hz" (an audit)
	b.Reset()
	b.WriteString("t,ax,ay,az\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%s,0.01,0.02,%.3f\n", strconv.FormatFloat(float64(i)*0.1, 'g', -1, 64), 0.98+0.1*math.Sin(float64(i)))
	}
	_, err = tryAnalyze(t, writeTemp(t, "ten.csv", b.String()))
	if err == nil || !strings.Contains(err.Error(), "ten.csv: gait: sample rate 10 Hz out of range") || !strings.Contains(err.Error(), "time=t(s detected)") {
		t.Errorf("10 Hz: error %v", err)
	}
	// a rate read in a wrong unit is said without an exponent
	_, err = tryAnalyze(t, writeTemp(t, "fast.csv", b.String()), "--time-unit", "ms")
	if err == nil || !strings.Contains(err.Error(), "sample rate 10000 Hz out of range") || !strings.Contains(err.Error(), "the rate was read as 10000 Hz") {
		t.Errorf("10 Hz in ms: error %v", err)
	}
}

// TestRobustOutputPaths: an output path that is the recording itself, or
// that two outputs share, is refused before anything is written, and so is
// an unusable --metrics path; the recording is left as it was.
func TestRobustOutputPaths(t *testing.T) {
	text, _ := simCSV(t, runningCfg(43, 10))
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.csv")
	os.WriteFile(rec, []byte(text), 0o644)
	alias := filepath.Join(dir, "alias.csv")
	os.Symlink(rec, alias)
	out := filepath.Join(dir, "out")
	// a link to the output not there yet: both were written into out
	// (a black-box round)
	toOut := filepath.Join(dir, "to-out")
	os.Symlink("out", toOut)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--events", rec}, "--events " + rec + ": that is the recording being analysed"},
		{[]string{"--summary", alias}, "that is the recording being analysed"},
		{[]string{"--summary", out, "--events", out}, "--events and --summary are both " + out},
		{[]string{"--summary", toOut, "--events", out}, "--events and --summary are both " + out},
		{[]string{"--events", out, "--metrics", filepath.Join(dir, "no", "m.prom")}, "--metrics: " + filepath.Join(dir, "no", "m.prom") + ": no such file or directory"},
	} {
		_, _, err := runCmd(t, append(append([]string{"analyze", "-q"}, tc.args...), rec)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		if b, _ := os.ReadFile(rec); string(b) != text {
			t.Fatalf("%v: the recording was changed", tc.args)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: an output was written before the refusal", tc.args)
			os.Remove(out)
		}
	}
	// a good --metrics file parses as the text exposition format
	m := filepath.Join(dir, "m.prom")
	if _, _, err := runCmd(t, "analyze", "-q", "--metrics", m, rec); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(m)
	p := expfmt.NewTextParser(model.UTF8Validation)
	if mfs, err := p.TextToMetricFamilies(bytes.NewReader(b)); err != nil || len(mfs) < 5 {
		t.Errorf("metrics file: %v, %d families:\n%s", err, len(mfs), b)
	}
}

// TestRobustNotADump: a file that is not a serial dump of the format given
// is an error saying nothing was decoded (not "no gait found", exit 0).
func TestRobustNotADump(t *testing.T) {
	text, _ := simCSV(t, runningCfg(44, 5))
	csvFile := writeTemp(t, "run.csv", text)
	empty := writeTemp(t, "empty.bin", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "witmotion", "--rate", "100", csvFile}, "run.csv: no samples decoded"},
		{[]string{"--format", "rvc", empty}, "empty.bin: no samples decoded (0 bad frames)"},
		{[]string{"--format", "rvc", "--rate", "50", empty}, "--format rvc: --rate 50: the BNO08x UART-RVC output rate is fixed at 100 Hz"},
	} {
		_, _, err := runCmd(t, append([]string{"analyze", "-q"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestRobustPairedFeet: two shoe recordings of one run are merged when
// they fit together, and refused with a reason when they cannot be one
// run: a copy of one file, clocks that differ (the merge gave 3700
// steps/min), no time in common. A right clock 0.25 s off is found by
// --align; a right recording of part of the run, and right contacts away
// from mid-stride, are said in the reason.
func TestRobustPairedFeet(t *testing.T) {
	foot := func(side byte, dur float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: dur, Rate: 200, Gyro: true, Noise: 0.1, Seed: 21})
		return text
	}
	// shift adds off to the time column (the first)
	shift := func(text string, off float64) string {
		return mapTimes(text, func(v float64) float64 { return v + off })
	}
	// stretch multiplies the time column by k; restart takes cut s out at
	// at and starts the clock again from 0 after it
	stretch := func(text string, k float64) string { return mapTimes(text, func(v float64) float64 { return v * k }) }
	restart := func(text string, at, cut float64) string {
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		out := lines[:1]
		for _, l := range lines[1:] {
			t0, rest, _ := strings.Cut(l, ",")
			switch v, _ := strconv.ParseFloat(t0, 64); {
			case v < at:
				out = append(out, l)
			case v >= at+cut:
				out = append(out, strconv.FormatFloat(v-at-cut, 'f', 4, 64)+","+rest)
			}
		}
		return strings.Join(out, "\n") + "\n"
	}
	left, right := writeTemp(t, "L.csv", foot('L', 40)), foot('R', 40)
	ok := analyzeFile(t, writeTemp(t, "R.csv", right), "--placement", "shoe", left)
	// a right logger that rebooted at 20 s: said on stderr and in the
	// warnings, as a file of its own says it (the pair said nothing)
	if res, err := tryAnalyze(t, writeTemp(t, "R.csv", restart(right, 20, 1)), "--placement", "shoe", left); err != nil ||
		!strings.Contains(res.stderr, "R.csv: the clock restarted 1 time(s)") || !strings.Contains(res.stderr, "R.csv: its clock restarted 1 time(s): its contacts after a restart are placed 3 s after") {
		t.Errorf("a right clock restarted: %v\n%s", err, res.stderr)
	}
	if ok.sum.CadenceSPM == nil || math.Abs(*ok.sum.CadenceSPM-170) > 3 || ok.sum.Reason != "" {
		t.Fatalf("aligned pair: cadence %s, reason %q", fmtPtr(ok.sum.CadenceSPM), ok.sum.Reason)
	}
	for _, tc := range []struct {
		name, right string
		flags       []string
		err         string // refused with this, or
		reason      string // merged, the reason saying this
	}{
		{"a copy of the left file", foot('L', 40), nil, "hold the same contacts", ""},
		{"a copy, --align", foot('L', 40), []string{"--align"}, "hold the same contacts", ""},
		{"right clock +0.37 s", shift(right, 0.37), nil, "of the left stride (steady gait: about 50 %): the two recordings' clocks differ", ""},
		{"right clock +0.25 s, --align", shift(right, 0.25), []string{"--align"}, "", ""},
		{"right clock +0.1 s", shift(right, 0.1), nil, "", "% of the left stride (step-time asymmetry 56 %): a gait this asymmetric, or clocks 99 ms apart"},
		// 30 ms: a step-time asymmetry of 17 %, which flags uneven load;
		// said from 10 % (it waited for 40–60 % of the stride, 40 %)
		{"right clock +0.03 s", shift(right, 0.03), nil, "", "% of the left stride (step-time asymmetry 17 %): a gait this asymmetric, or clocks 29 ms apart"},
		{"no time in common", shift(right, 200), nil, "have no stretch of gait in common", ""},
		{"no time in common, --align", shift(right, 200), []string{"--align"}, "have no stretch of gait in common", ""},
		{"right file in epoch time", shift(right, 1.7e9), nil, "R.csv has epoch time and ", ""},
		{"right foot for 15 s of 40", foot('R', 15), nil, "", "both feet were recorded for"},
		// a logger clock 0.6 % fast sweeps the right foot across the left
		// stride; over the run its phase still read within 40–60 %
		{"right clock 0.6 % fast", stretch(right, 1.006), nil, "", "the two clocks drift apart (a logger's clock fast or slow) or one restarted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags := append(append([]string{"--placement", "shoe"}, tc.flags...), left)
			res, err := tryAnalyze(t, writeTemp(t, "R.csv", tc.right), flags...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, res.stderr)
			}
			if tc.reason == "" && res.sum.Reason != "" || !strings.Contains(res.sum.Reason, tc.reason) || !strings.Contains(res.stderr, tc.reason) {
				t.Errorf("reason %q (stderr %q), want %q", res.sum.Reason, res.stderr, tc.reason)
			}
			if res.sum.CadenceSPM == nil || math.Abs(*res.sum.CadenceSPM-170) > 3 {
				t.Errorf("cadence %s, want ≈ 170", fmtPtr(res.sum.CadenceSPM))
			}
			// --align's shift is in the summary
			var shift *float64
			json.Unmarshal(res.sum.raw["right_clock_shift_s"], &shift)
			if slices.Contains(tc.flags, "--align") != (shift != nil) || shift != nil && math.Abs(*shift+0.25) > 0.01 {
				t.Errorf("right_clock_shift_s %s with flags %v", fmtPtr(shift), tc.flags)
			}
		})
	}
	// Files with epoch time beside a relative clock that restarts in each
	// (MetaBase's epoch (ms) and elapsed (s)), the right one started 1.3 s
	// later: the right foot goes on the left's clock by the epochs, with
	// and without --align (before: paired on the files' own clocks, and
	// --align, modulo a stride, put every right contact two strides early)
	metabase := func(text string, start float64) string {
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		out := []string{"epoch (ms),elapsed (s)," + strings.SplitN(lines[0], ",", 2)[1]}
		for _, l := range lines[1:] {
			t0, rest, _ := strings.Cut(l, ",")
			v, _ := strconv.ParseFloat(t0, 64)
			if v < start-1e-9 {
				continue
			}
			out = append(out, fmt.Sprintf("%d,%.3f,%s", 1677000000000+int64(math.Round(v*1000)), v-start, rest))
		}
		return strings.Join(out, "\n") + "\n"
	}
	mbLeft, mbRight := writeTemp(t, "L_Accelerometer.csv", metabase(foot('L', 40), 0)), writeTemp(t, "R_Accelerometer.csv", metabase(right, 1.3))
	for _, flags := range [][]string{nil, {"--align"}} {
		res, err := tryAnalyze(t, mbRight, append(append([]string{"--placement", "shoe"}, flags...), mbLeft)...)
		if err != nil {
			t.Fatalf("epoch-aligned pair %v: %v\n%s", flags, err, res.stderr)
		}
		var shift *float64
		json.Unmarshal(res.sum.raw["right_clock_shift_s"], &shift)
		if shift == nil || math.Abs(*shift-1.3) > 0.002 || !strings.Contains(res.stderr, "right clock shifted by +1.300 s (the two files' epoch time)") {
			t.Errorf("epoch-aligned pair %v: right_clock_shift_s %s, stderr %q", flags, fmtPtr(shift), res.stderr)
		}
		// the right contacts are those of the pair recorded together
		// (on the left's clock; the right file starts 1.3 s in)
		var want []float64
		for _, c := range ok.events {
			if c.Side == "R" && c.IC > 1.35 {
				want = append(want, c.IC)
			}
		}
		matched, n := 0, 0
		for _, c := range res.events {
			if c.Side != "R" {
				continue
			}
			n++
			if slices.ContainsFunc(want, func(w float64) bool { return math.Abs(w-c.IC) <= 0.003 }) {
				matched++
			}
		}
		if len(want) < 20 || n < len(want)-1 || matched < n-1 {
			t.Errorf("epoch-aligned pair %v: %d right contacts, %d within 3 ms of the %d recorded together", flags, n, matched, len(want))
		}
	}
	if _, err := tryAnalyze(t, left, "--placement", "shoe", "--side", "L", "--align"); err == nil || !strings.Contains(err.Error(), "--align aligns the clocks of two foot recordings") {
		t.Errorf("--align with one file: %v", err)
	}
	// two still sensors: an empty run that says why (it panicked). Their
	// gyroscopes read their noise (0.005 rad/s), as a live part does: one
	// reading exactly 0 throughout is no gyroscope (TestCSVZeroGyroNotRead)
	still := func(side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 10, Standing: 10, Rate: 200, Gyro: true, Noise: 0.1, GyroNoise: 0.005, Seed: 22})
		return writeTemp(t, string(side)+".csv", text)
	}
	res, err := tryAnalyze(t, still('R'), "--placement", "shoe", still('L'))
	if err != nil || res.sum.Steps != 0 || !strings.Contains(res.sum.Reason, "no gait found") {
		t.Errorf("two still sensors: %v, steps %d, reason %q", err, res.sum.Steps, res.sum.Reason)
	}
}

// TestRobustInterrupted: Ctrl-C (the context cancelled) while a recording
// streams in ends the input there, also while the read waits on a writer
// that holds the pipe open and writes nothing; what was read is written,
// and the summary's reason and the error say the results are partial (the
// reason used to be empty, the error "context canceled"; a waiting read
// was not interrupted at all).
func TestRobustInterrupted(t *testing.T) {
	text, _ := simCSV(t, runningCfg(44, 40))
	half := strings.Index(text[len(text)/2:], "\n") + len(text)/2 + 1 // 20 s
	dir, fifo, ctx, cancel, release := liveFIFO(t)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(text[:half])
		time.Sleep(300 * time.Millisecond) // analysed up to here, waiting
		cancel()
		select { // the pipe held open, nothing written
		case <-release:
		case <-time.After(10 * time.Second): // (a read not interrupted)
		}
		f.WriteString(text[half:])
	}()
	start := time.Now()
	ev, sumName := filepath.Join(dir, "events.csv"), filepath.Join(dir, "summary.json")
	var out, errb bytes.Buffer
	err := run(ctx, []string{"analyze", "--events", ev, "--summary", sumName, fifo}, &out, &errb)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("analyze ended %.1f s after it started, 0.3 s after the interrupt", d.Seconds())
	}
	if err == nil || !strings.HasPrefix(err.Error(), "interrupted: the results above cover the ") {
		t.Fatalf("error %v, want interrupted and what the results cover", err)
	}
	sum, events := readSummary(t, sumName), readEvents(t, ev)
	if !strings.HasPrefix(sum.Reason, "interrupted; these results cover the ") {
		t.Errorf("summary reason %q", sum.Reason)
	}
	// the first 20 s (less if the analysis had not caught up when the
	// signal came), never what was written after it
	if sum.DurationS < 5 || sum.DurationS > 21 || len(events) != sum.Steps || sum.Steps < 10 {
		t.Errorf("%.1f s read, %d steps, %d events; want at most the first 20 s", sum.DurationS, sum.Steps, len(events))
	}
}

// TestRobustInterruptedEarly: Ctrl-C (the context cancelled) before the
// input has given anything, or while its first seconds are still being
// read to detect the format, from a FIFO whose writer holds it open:
//   - no writer has opened the FIFO yet: the open waited in the kernel and
//     the first Ctrl-C did nothing (a review); now the wait ends at once,
//     nothing is written, and the error says so;
//   - a writer that sends nothing: an error saying it was interrupted, not
//     "not an IMU recording: empty file";
//   - 3 s of samples sent, then nothing: the 3 s are analysed (the samples
//     the readers held were dropped: "results cover the 0.0 s read").
func TestRobustInterruptedEarly(t *testing.T) {
	text, _ := simCSV(t, runningCfg(45, 20))
	lines := strings.SplitAfter(text, "\n")
	first := strings.Join(lines[:301], "") // header and 3 s at 100 Hz
	for _, tc := range []struct {
		name   string
		writer bool   // a writer opens the FIFO
		send   string // and writes this, then holds it open
		errHas string
		steps  bool // a summary with contacts is written
	}{
		{"no writer", false, "", "interrupted while waiting for a writer to open the FIFO: nothing read, nothing written", false},
		{"writer sends nothing", true, "", "interrupted before a recording was read", false},
		{"writer sends 3 s", true, first, "interrupted: the results above cover the 3.0 s", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, fifo, ctx, cancel, release := liveFIFO(t)
			if tc.writer {
				go func() {
					f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
					if err != nil {
						return
					}
					defer f.Close()
					f.WriteString(tc.send)
					<-release // held open, nothing more written
				}()
			}
			time.AfterFunc(500*time.Millisecond, cancel)
			start := time.Now()
			sumName := filepath.Join(dir, "summary.json")
			var out, errb bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"analyze", "--summary", sumName, fifo}, &out, &errb) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				// a writer ends a wait in open; EOF ends the analysis
				if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				<-done
				t.Fatalf("analyze had not ended 9.5 s after the interrupt")
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("analyze ended %.1f s after it started, 0.5 s after the interrupt", d.Seconds())
			}
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("error %v, want one with %q", err, tc.errHas)
			}
			if !tc.writer {
				// the abandoned open ends when a writer comes
				if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
			}
			if !tc.steps {
				ents, _ := os.ReadDir(dir)
				if len(ents) != 1 {
					t.Errorf("files left: %v, want the FIFO alone", ents)
				}
				return
			}
			sum := readSummary(t, sumName)
			if !strings.HasPrefix(sum.Reason, "interrupted; these results cover the 3.0 s") || sum.Steps < 6 || sum.DurationS < 2.9 {
				t.Errorf("summary: %d steps in %.2f s, reason %q; want the 3 s sent", sum.Steps, sum.DurationS, sum.Reason)
			}
		})
	}
}

// TestRobustInterruptWholeLines: Ctrl-C while a regular file is read ends
// the input between two 64 KiB reads, mid-line; the CSV reader parsed the
// cut line — a spurious "skipped: …: wrong number of fields" and bad_lines
// 1, or silently a value cut short ("…,9.4" for "…,9.4725"). The line
// reader hands over whole lines only (a review).
func TestRobustInterruptWholeLines(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	rec := writeTemp(t, "run.csv", text)
	for at := int64(2); at <= 6; at++ {
		c := &errCountCtx{Context: context.Background(), at: at}
		sum := filepath.Join(t.TempDir(), "s.json")
		var out, errb bytes.Buffer
		run(c, []string{"analyze", "--summary", sum, rec}, &out, &errb)
		s := readSummary(t, sum)
		if strings.Contains(errb.String(), "skipped") || s.BadLines != 0 {
			t.Errorf("interrupt at ctx check %d: bad_lines %d, stderr %q", at, s.BadLines, errb.String())
		}
	}
}

// TestRobustInterruptGyroJoin: with --gyro, an interrupt leaves the two
// files read to different points; the accelerometer's samples after the
// gyroscope's last were reported as "had no gyroscope sample … left out …
// analyse without --gyro to use all of it" (a review).
func TestRobustInterruptGyroJoin(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	acc, gyr := splitSensorLogger(t, writeTemp(t, "in.csv", text), 0, 0)
	for at := int64(3); at <= 12; at++ {
		c := &errCountCtx{Context: context.Background(), at: at}
		sum := filepath.Join(t.TempDir(), "s.json")
		var out, errb bytes.Buffer
		run(c, []string{"analyze", "-q", "--summary", sum, "--gyro", gyr, acc}, &out, &errb)
		s := readSummary(t, sum)
		if strings.Contains(s.Reason, "left out") || strings.Contains(errb.String(), "skipped") {
			t.Errorf("interrupt at ctx check %d: reason %q\nstderr %s", at, s.Reason, errb.String())
		}
	}
}

// TestRobustInterruptJoinedFIFOEarly: a --gravity or --gyro FIFO whose
// writer has sent nothing, interrupted, says so as the recording's does
// (it ended "not an IMU recording: empty file"; a review).
func TestRobustInterruptJoinedFIFOEarly(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Gyro: true, Noise: 0.1, Seed: 5})
	rec := writeTemp(t, "run.csv", text)
	for _, flag := range []string{"--gravity", "--gyro"} {
		fifo := filepath.Join(t.TempDir(), "join.csv")
		mkfifo(t, fifo)
		release := make(chan struct{})
		go func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer f.Close()
			<-release
		}()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		var out, errb bytes.Buffer
		err := run(ctx, []string{"analyze", "-q", flag, fifo, rec}, &out, &errb)
		close(release)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("%s FIFO, Ctrl-C before any line: error %v, want one saying it was interrupted", flag, err)
		}
	}
}

// TestRobustPairedPipes: two named pipes written one after the other (a
// shell's `(cat L > FL; cat R > FR) & gaitd analyze … FL FR`) are read in
// turn: opening both before reading either hung for ever, the writer
// blocked on the full first pipe and the open of the second waiting for
// its writer.
func TestRobustPairedPipes(t *testing.T) {
	dir := t.TempDir()
	var fifos, texts [2]string
	for k, side := range []byte{'L', 'R'} {
		texts[k], _ = simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 300, Gyro: true, Noise: 0.1, Seed: 5})
		fifos[k] = filepath.Join(dir, string(side)+".csv")
		mkfifo(t, fifos[k])
	}
	go func() {
		for k := range fifos {
			f, err := os.OpenFile(fifos[k], os.O_WRONLY, 0)
			if err != nil {
				return
			}
			f.WriteString(texts[k])
			f.Close()
		}
	}()
	done := make(chan error, 1)
	sum := filepath.Join(dir, "run.json")
	go func() {
		_, _, err := runCmd(t, "analyze", "--placement", "shoe", "-q", "--summary", sum, fifos[0], fifos[1])
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("analyze of two pipes written in turn did not finish in 30 s")
	}
	if s := readSummary(t, sum); s.Steps < 800 || s.GCTBalancePct == nil {
		t.Errorf("%d steps, balance %v", s.Steps, s.GCTBalancePct)
	}
}

// errCountCtx reads as cancelled from its at-th Err call on: a Ctrl-C at
// a chosen point of the reading of regular files (its Done never closes:
// nothing waits on it there). Err is called from one goroutine.
type errCountCtx struct {
	context.Context
	n, at int64
}

func (c *errCountCtx) Err() error {
	if c.n++; c.n >= c.at {
		return context.Canceled
	}
	return nil
}

// TestRobustPairedReReadInterrupted: a left shoe with a gyroscope and a
// right one without are read once each; the left is then read again
// accelerometer-only. An interrupt during that second reading keeps the
// complete first ones (the partial re-read replaced them: the run became
// the right foot's alone, or "0.4 s of gait in common"), and the note
// says the balance compares two methods.
func TestRobustPairedReReadInterrupted(t *testing.T) {
	l, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'L', Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	r, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'R', Duration: 60, Noise: 0.1, Seed: 5})
	left, right := writeTemp(t, "L.csv", l), writeTemp(t, "R.csv", r)
	runAt := func(at int64) (robustSummary, string, int64, error) {
		c := &errCountCtx{Context: context.Background(), at: at}
		sum := filepath.Join(t.TempDir(), "s.json")
		var out, errb bytes.Buffer
		err := run(c, []string{"analyze", "--placement", "shoe", "-q", "--summary", sum, left, right}, &out, &errb)
		return readSummary(t, sum), errb.String(), c.n, err
	}
	_, _, total, err := runAt(1 << 60)
	if err != nil {
		t.Fatal(err)
	}
	// the context is asked once a read of the file (the readers' buffer,
	// 64 KiB), and twice more after the re-read has ended: the re-read's
	// reads are the 3rd to the (2 + reads)th call from the end — its
	// first, middle and last
	reads := int64(len(l)+64<<10-1) / (64 << 10)
	for _, back := range []int64{3, 3 + reads/2, 2 + reads} {
		s, se, _, err := runAt(total - back)
		if err == nil || s.Steps < 160 || !strings.Contains(s.Reason, "interrupted; these results cover 60.0 s of "+left+" and 60.0 s of "+right) || !strings.Contains(se, "the balance compares them; give --acc-only ("+left+": its second reading was interrupted)") {
			t.Errorf("interrupt %d calls before the end: err %v, %d steps, reason %q\n%s", back, err, s.Steps, s.Reason, se)
		}
	}
}

// TestRobustPairedReReadGyroRows: the automatic accelerometer-only
// re-read leaves the gyroscope cells unread, as --acc-only does: 600 rows
// whose gyroscope reads NaN are not bad lines then (they were counted 600
// and left a gap).
func TestRobustPairedReReadGyroRows(t *testing.T) {
	lt, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'L', Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	rt, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'R', Duration: 60, Noise: 0.1, Seed: 5})
	lines := strings.Split(lt, "\n")
	for i := 1000; i < 1600; i++ {
		f := strings.Split(lines[i], ",")
		f[4], f[5], f[6] = "NaN", "NaN", "NaN"
		lines[i] = strings.Join(f, ",")
	}
	left, right := writeTemp(t, "L.csv", strings.Join(lines, "\n")), writeTemp(t, "R.csv", rt)
	var got [2]robustSummary
	for k, extra := range [][]string{nil, {"--acc-only"}} {
		sum := filepath.Join(t.TempDir(), "s.json")
		if _, se, err := runCmd(t, append(append([]string{"analyze", "--placement", "shoe", "-q", "--summary", sum}, extra...), left, right)...); err != nil {
			t.Fatalf("%v\n%s", err, se)
		}
		got[k] = readSummary(t, sum)
	}
	if a, b := got[0], got[1]; a.BadLines != 0 || a.Gaps != b.Gaps || a.Steps != b.Steps || *a.GCTms != *b.GCTms || !strings.Contains(a.Input, "gyroscope ignored (the other foot has none)") {
		t.Errorf("re-read: %d bad lines, %d gaps, %d steps, GCT %.1f, input %q; --acc-only: %d, %d, %d, %.1f", a.BadLines, a.Gaps, a.Steps, *a.GCTms, a.Input, b.BadLines, b.Gaps, b.Steps, *b.GCTms)
	}
}

// TestRobustPairedWarningsWhichFoot: each foot's saturated gyroscope is
// warned of with its file's name; the pair's own warning (the larger
// share only, unnamed) gives way (the right one's was dropped).
func TestRobustPairedWarningsWhichFoot(t *testing.T) {
	foot := func(side byte, clip float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 60, Gyro: true, GyroClip: clip, Noise: 0.1, Seed: 5})
		return writeTemp(t, string(side)+".csv", text)
	}
	left, right := foot('L', 4.36), foot('R', 5.5)
	sum := filepath.Join(t.TempDir(), "run.json")
	if _, se, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", sum, left, right); err != nil {
		t.Fatalf("%v\n%s", err, se)
	}
	var named [2]int
	ws := readSummary(t, sum).Warnings
	for _, w := range ws {
		switch {
		case !strings.Contains(w, "saturated"):
		case strings.HasPrefix(w, left+": "):
			named[0]++
		case strings.HasPrefix(w, right+": "):
			named[1]++
		default:
			t.Errorf("unnamed: %q", w)
		}
	}
	if named != [2]int{1, 1} {
		t.Errorf("saturation warnings per foot %v: %q", named, ws)
	}
}

// mkfifo makes a named pipe at path, skipping the test where the system
// has none.
// liveFIFO makes the FIFO live.csv in a new temporary folder for an
// analysis that is interrupted: it returns the folder, the FIFO, a context
// to interrupt with (cancelled at the test's end) and a channel the test's
// writers wait on, closed at its end before the context is cancelled.
func liveFIFO(t *testing.T) (dir, fifo string, ctx context.Context, cancel context.CancelFunc, release chan struct{}) {
	t.Helper()
	dir = t.TempDir()
	fifo = filepath.Join(dir, "live.csv")
	mkfifo(t, fifo)
	ctx, cancel = context.WithCancel(context.Background())
	t.Cleanup(cancel)
	release = make(chan struct{})
	t.Cleanup(func() { close(release) })
	return dir, fifo, ctx, cancel, release
}

// TestAnalyzeClockReset: a log whose clock restarts part way (a second
// session appended, its time from 0 again, a boot banner between) is read
// whole: the second session's contacts are the first's, 3 s after its end
// (one gap); and one whose millisecond counter wraps round at 2³² reads as
// the clean file, with the wrap said. Both lost the rest of the file.
func TestAnalyzeClockReset(t *testing.T) {
	text, _ := simCSV(t, runningCfg(41, 20))
	header, rows := robustTable(text)
	one := analyzeFile(t, writeTemp(t, "once.csv", text))
	var last float64
	if _, err := fmt.Sscan(rows[len(rows)-1][0], &last); err != nil {
		t.Fatal(err)
	}
	twice := robustJoin(header, rows, ",", "\n") + "ESP32 boot, sensor found\n" + robustJoin(nil, rows, ",", "\n")[1:]
	res := analyzeFile(t, writeTemp(t, "reset.csv", twice))
	if len(res.events) != 2*len(one.events) || res.sum.Gaps != 1 || !strings.Contains(res.stderr, "the clock restarted 1 time(s)") {
		t.Fatalf("%d contacts, %d gaps; want %d, 1", len(res.events), res.sum.Gaps, 2*len(one.events))
	}
	for i, e := range one.events {
		// (a run's last contact, cut by the data's end, has its IC only:
		// FC and GCT are NaN in both sessions)
		near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-6 || math.IsNaN(x) && math.IsNaN(y) }
		if a, b := res.events[i], res.events[len(one.events)+i]; a.IC != e.IC || !(a.FC == e.FC || math.IsNaN(a.FC) && math.IsNaN(e.FC)) || a.Side != e.Side || !near(b.IC, e.IC+last+3) || !near(b.FC, e.FC+last+3) || !near(b.GCTms, e.GCTms) {
			t.Fatalf("contact %d: %+v and %+v; want %+v, and it %.6f s later", i, a, b, e, last+3)
		}
	}

	// milliseconds from 2³² − 5 s
	ms := make([][]string, len(rows))
	for i, r := range rows {
		var s float64
		if _, err := fmt.Sscan(r[0], &s); err != nil {
			t.Fatal(err)
		}
		ms[i] = append([]string{fmt.Sprint((1<<32 - 5000 + int64(math.Round(s*1000))) % (1 << 32))}, r[1:]...)
	}
	hms := append([]string{"time_ms"}, header[1:]...)
	wrapped := analyzeFile(t, writeTemp(t, "wrap.csv", robustJoin(hms, ms, ",", "\n")))
	if len(wrapped.events) != len(one.events) || !strings.Contains(wrapped.stderr, "the time column wrapped round 1 time(s)") {
		t.Fatalf("%d contacts (want %d), stderr %q", len(wrapped.events), len(one.events), wrapped.stderr)
	}
	for i, e := range one.events {
		if w := wrapped.events[i]; math.Abs(w.IC-(e.IC+1<<32/1000.0-5)) > 1e-6 || math.Abs(w.GCTms-e.GCTms) > 0.5 {
			t.Fatalf("contact %d: %+v, want %+v on the counter's time", i, w, e)
		}
	}
}

// TestAnalyzeUnitHints: a unit the reader cannot decide, or one given
// wrong, is refused naming the flags that set it, and a raw scale given
// wrong with the scale that reads 1 g (the raw file was called user
// acceleration, and the refusals named no flag — a black-box round).
func TestAnalyzeUnitHints(t *testing.T) {
	text, _ := simCSV(t, runningCfg(41, 10))
	header, rows := robustTable(text)
	raw := make([][]string, len(rows))
	for i, r := range rows {
		raw[i] = []string{r[0]}
		for _, c := range r[1:4] {
			var g float64
			if _, err := fmt.Sscan(c, &g); err != nil {
				t.Fatal(err)
			}
			raw[i] = append(raw[i], fmt.Sprint(math.Round(g*4096))) // (the simulator writes g)
		}
	}
	name := writeTemp(t, "raw.csv", robustJoin(header[:4], raw, ",", "\n"))
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{nil, "set the acceleration unit (mg or raw:<lsb_per_g>) (--acc-unit, --gyro-unit)"},
		{[]string{"--acc-unit", "raw:16384"}, "the unit looks wrong (raw:4096 would make it about 1 g) (--acc-unit, --gyro-unit)"},
	} {
		if _, err := tryAnalyze(t, name, tc.flags...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.flags, err, tc.want)
		}
	}
}

// TestAnalyzeRateHint: a recording without a time column (Serial
// Plotter lines, PicoQuake's count column, a headerless CSV) or with one
// that gives no rate is refused naming --rate, as a refused unit names
// --acc-unit: it said "set the sample rate", naming no flag (a black-box
// round).
func TestAnalyzeRateHint(t *testing.T) {
	var plotter, pico, bare strings.Builder
	pico.WriteString("# PicoQuake\ncount,a_x,a_y,a_z,g_x,g_y,g_z\n")
	for i := range 600 {
		a := 9.81 + math.Sin(float64(i)/10)
		fmt.Fprintf(&plotter, "AccelX:0.12,AccelY:-0.34,AccelZ:%.2f, GyroX:0.00,GyroY:-0.01,GyroZ:0.02\r\n", a)
		fmt.Fprintf(&pico, "%d,0.01,0.02,%.4f,1,2,3\n", i, a/9.81)
		fmt.Fprintf(&bare, "0.12,-0.34,%.3f\n", a)
	}
	for name, text := range map[string]string{"plotter.txt": plotter.String(), "pico.csv": pico.String(), "bare.csv": bare.String()} {
		_, err := tryAnalyze(t, writeTemp(t, name, text))
		if err == nil || !strings.Contains(err.Error(), "sample rate unknown") || !strings.Contains(err.Error(), "(--rate, or --time-unit for a time column)") {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := tryAnalyze(t, writeTemp(t, name, text), "--rate", "100"); err != nil && strings.Contains(err.Error(), "sample rate unknown") {
			t.Errorf("%s --rate 100: %v", name, err)
		}
	}
}

// TestAnalyzeGravityAlone: Sensor Logger's Gravity.csv given as the
// recording (gravity alone: a still accelerometer) says what it is and
// what to analyse instead; it said only "no gait found" (a black-box
// round).
func TestAnalyzeGravityAlone(t *testing.T) {
	var b strings.Builder
	b.WriteString("time,seconds_elapsed,z,y,x\n")
	for i := range 3000 {
		a := 0.05 * math.Sin(float64(i)/100)
		fmt.Fprintf(&b, "%d,%.3f,%.5f,%.5f,0\n", 1698501144401773000+int64(i)*10000000, float64(i)/100, 9.80665*math.Sin(a), 9.80665*math.Cos(a))
	}
	res := analyzeFile(t, writeTemp(t, "Gravity.csv", b.String()))
	if res.sum.Steps != 0 || !strings.Contains(res.stderr, "Sensor Logger's Gravity.csv") || !strings.Contains(res.stderr, "--gravity Gravity.csv") {
		t.Errorf("%d steps, stderr %q", res.sum.Steps, res.stderr)
	}
}

// TestRobustVerticalDown: an anatomical acc_v that points down (a
// recording whose vertical is positive down, or a sensor worn upside down)
// is read negated, as gravity says which way is up: the contacts of the
// recording with acc_v up, and a warning that says so, for V+AP and for
// acc_v alone. It found no gait, the reason saying to negate the column
// (before that "wrong axis or unit?", a black-box round).
func TestRobustVerticalDown(t *testing.T) {
	for _, axes := range [][3]bool{{true, true, false}, {true, false, false}} {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Frame: sensor.FrameAnatomical, Axes: axes, Noise: 0.2, Seed: 5})
		head, rows := robustTable(text)
		v := slices.Index(head, "acc_v")
		if v < 0 {
			t.Fatalf("no acc_v in %q", head)
		}
		var b strings.Builder
		b.WriteString(strings.Join(head, ",") + "\n")
		for _, r := range rows {
			x, err := strconv.ParseFloat(r[v], 64)
			if err != nil {
				t.Fatal(err)
			}
			r[v] = strconv.FormatFloat(-x, 'f', -1, 64)
			b.WriteString(strings.Join(r, ",") + "\n")
		}
		up := analyzeFile(t, writeTemp(t, "up.csv", text), "--placement", "waist")
		down := analyzeFile(t, writeTemp(t, "down.csv", b.String()), "--placement", "waist")
		same := fmt.Sprint(down.events) == fmt.Sprint(up.events) // (NaN braking without an AP axis)
		warned := slices.ContainsFunc(down.sum.Warnings, func(w string) bool { return strings.Contains(w, "it points down, and was read negated") })
		if up.sum.Steps < 50 || !same || !warned || !strings.Contains(down.sum.Input, "acc_v negated") {
			t.Errorf("%v: %d contacts negated, %d up (the same %v); warnings %q; input %q", head, len(down.events), len(up.events), same, down.sum.Warnings, down.sum.Input)
		}
		if slices.ContainsFunc(up.sum.Warnings, func(w string) bool { return strings.Contains(w, "negated") }) {
			t.Errorf("%v: acc_v up warned: %q", head, up.sum.Warnings)
		}
	}
}

// TestAnalyzeGyroUnitWrongWarned: a waist recording in deg/s analysed with
// --gyro-unit rads reads its rates 57 times too high — the trunk's turning
// at thousands of °/s, beyond any segment's swing and a ±2000 °/s part's
// range. The warning blamed the placement ("is the sensor on a foot or
// shank? (check --placement)", mobgap HA001 Test11 at 4379 °/s; a black-box
// round); it now names the gyroscope's unit. In deg/s, no warning.
func TestAnalyzeGyroUnitWrongWarned(t *testing.T) {
	for _, cfg := range []sim.Config{runningCfg(43, 20), {Activity: sim.Walking, Duration: 30, Rate: 100, Gyro: true, Noise: 0.1, Seed: 43}} {
		text, _ := simCSV(t, cfg)
		name := writeTemp(t, "waist.csv", text)
		if res := analyzeFile(t, name); strings.Contains(res.stderr, "warning") {
			t.Errorf("%v: deg/s warned: %s", cfg.Activity, res.stderr)
		}
		res := analyzeFile(t, name, "--gyro-unit", "rads")
		if !strings.Contains(res.stderr, "beyond any body segment's swing") || !strings.Contains(res.stderr, "deg/s read as rad/s? (check --gyro-unit") || strings.Contains(res.stderr, "is the sensor on a foot or shank?") {
			t.Errorf("%v: --gyro-unit rads on deg/s: stderr %s", cfg.Activity, res.stderr)
		}
		// the other way round: rates in rad/s read as deg/s, 57 times
		// too low — the pelvis's rotation ranges read 0.1° for 4–6°,
		// nothing said (an audit)
		rads := writeTemp(t, "waist_rads.csv", gyroScaled(t, text, math.Pi/180))
		if res := analyzeFile(t, rads); strings.Contains(res.stderr, "warning") {
			t.Errorf("%v: rad/s detected, still warned: %s", cfg.Activity, res.stderr)
		}
		res = analyzeFile(t, rads, "--gyro-unit", "dps")
		if !strings.Contains(res.stderr, "rad/s read as deg/s, or one that does not move? (check --gyro-unit)") {
			t.Errorf("%v: --gyro-unit dps on rad/s: stderr %s", cfg.Activity, res.stderr)
		}
	}
}

// gyroScaled returns CSV text with its gx, gy, gz columns multiplied by k.
func gyroScaled(t *testing.T, text string, k float64) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	head := strings.Split(lines[0], ",")
	var cols []int
	for i, h := range head {
		if h == "gx" || h == "gy" || h == "gz" {
			cols = append(cols, i)
		}
	}
	if len(cols) != 3 {
		t.Fatalf("gyro columns %v in %q", cols, lines[0])
	}
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		r := strings.Split(l, ",")
		for _, c := range cols {
			x, err := strconv.ParseFloat(r[c], 64)
			if err != nil {
				t.Fatal(err)
			}
			r[c] = strconv.FormatFloat(x*k, 'g', 8, 64)
		}
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}
