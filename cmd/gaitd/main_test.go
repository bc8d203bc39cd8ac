package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/output"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

func runCmd(t testing.TB, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestAnalyzeDemo runs the README's command on the shipped demo recording
// and checks the output contract: events CSV columns and summary keys.
func TestAnalyzeDemo(t *testing.T) {
	dir := t.TempDir()
	ev, sum := filepath.Join(dir, "steps.csv"), filepath.Join(dir, "run.json")
	stdout, stderr, err := runCmd(t, "analyze", "--placement", "waist", "--events", ev, "--summary", sum, "../../testdata/demo/run_waist.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"activity running", "cadence", "GCT", "flight", "VO"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(ev)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != output.EventsHeader {
		t.Fatalf("events header %q", got)
	}
	if !strings.HasPrefix(output.EventsHeader, "ic_s,fc_s,side,gct_ms,flight_ms,step_ms,vo_mm,impact_g") {
		t.Fatal("contract columns moved")
	}
	b, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cadence_spm", "gct_ms", "flight_ms", "vo_mm", "steps", "duration_s", "gct_balance_pct", "placement", "activity"} {
		if _, ok := m[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if m["activity"] != "running" || m["placement"] != "waist" {
		t.Errorf("activity %v placement %v", m["activity"], m["placement"])
	}
	// the demo truth: steps found match the events rows
	if n := int(m["steps"].(float64)); n != len(rows)-1 || n < 160 {
		t.Errorf("steps %d, events rows %d", n, len(rows)-1)
	}
	// README "Run it" shows this output, cut ("…"): each line it shows
	// must be the output's (its GCT IQR and a signal's value went stale
	// without a test noticing — an audit)
	b, err = os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## Run it\n")
	_, ex, ok2 := strings.Cut(sec, "testdata/demo/run_waist.csv\n```\n")
	_, ex, ok3 := strings.Cut(ex, "and prints:\n\n```\n")
	ex, _, ok4 := strings.Cut(ex, "\n```\n")
	if !ok || !ok2 || !ok3 || !ok4 || !strings.Contains(ex, "  GCT ") {
		t.Fatal(`README.md: no example output of analyze in "Run it"`)
	}
	for _, l := range strings.Split(ex, "\n") {
		if strings.TrimSpace(l) != "…" && !strings.Contains(stdout, l+"\n") {
			t.Errorf("README \"Run it\" line is not in the output: %q", l)
		}
	}
}

func TestAnalyzeErrors(t *testing.T) {
	dir := t.TempDir()
	notrec := filepath.Join(dir, "notes.csv")
	os.WriteFile(notrec, []byte("name,age\nann,3\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("t,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n0.02,x,0,1\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"analyze"}, "analyze: want one recording (or two foot recordings)"},
		{[]string{"analyze", "a.csv", "b.csv"}, "analyze: two recordings are paired only for shoe or shank sensors (--placement)"},
		{[]string{"analyze", "a.csv", "-q"}, "analyze: -q after the recording: flags go before it"},
		{[]string{"analyze", "--placement", "shoe", "a.csv", "b.csv", "--align"}, "analyze: --align after the recording: flags go before it"},
		{[]string{"analyze", "--placement", "shoe", "--", "a.csv", "-b.csv"}, "open a.csv: no such file"}, // names after --: read, not refused as flags
		{[]string{"eval", dir, "--acc-only"}, "eval: --acc-only after the directory: flags go before it"},
		{[]string{"analyze", "--placement", "knee", notrec}, `--placement: unknown placement "knee" (want waist, shoe or shank)`},
		{[]string{"analyze", filepath.Join(dir, "missing.csv")}, "no such file or directory"},
		{[]string{"analyze", notrec}, "not an IMU recording"},
		// a folder given whole that is not an export of one file per
		// sensor (TestAnalyzeExport): what it holds is named
		{[]string{"analyze", dir}, dir + ": a folder without an accelerometer file (an export's TotalAcceleration.csv, Accelerometer.csv or …Accelerometer….csv) and of more than one data file: give the recording itself (it holds bad.csv, notes.csv)"},
		{[]string{"analyze", "--format", "witmotion", "--rate", "100", "--acc-mirrored", notrec}, "--acc-mirrored is for CSV files: --format witmotion frames come from a sensor's own right-handed axes"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tc := range tests {
		_, _, err := runCmd(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
	// a bad line is reported with file and line, and skipped
	stdout, stderr, err := runCmd(t, "analyze", "--rate", "100", bad)
	if err != nil {
		t.Fatalf("bad line was fatal: %v", err)
	}
	if !strings.Contains(stderr, "bad.csv:4: column \"ax\"") || !strings.Contains(stdout, "1 bad lines skipped") {
		t.Errorf("stderr %q stdout %q", stderr, stdout)
	}
	if !strings.Contains(stdout, "recording too short") {
		t.Errorf("empty result does not say why:\n%s", stdout)
	}
}

func TestEvalDatasets(t *testing.T) {
	const dir = "../../../shared/datasets/davis"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("datasets not available")
	}
	stdout, stderr, err := runCmd(t, "eval", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "davis/run0021") || !strings.Contains(stdout, "1.000 1.000 1.000") {
		t.Errorf("eval output:\n%s", stdout)
	}
}

// writeLongCSV writes an hour of simulated running at 100 Hz (360 000
// lines of t,ax,ay,az,gx,gy,gz).
func writeLongCSV(tb testing.TB) string {
	tb.Helper()
	name := filepath.Join(tb.TempDir(), "long.csv")
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sim.New(sim.Config{Activity: sim.Running, Duration: 3600, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.05, 0.1, 0.3}, Seed: 21})
	if err != nil {
		tb.Fatal(err)
	}
	if err := sim.WriteCSV(f, s); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return name
}

// BenchmarkAnalyzeCSV measures `gaitd analyze` end to end: CSV file in,
// events CSV out.
func BenchmarkAnalyzeCSV(b *testing.B) { benchAnalyze(b, false) }

// BenchmarkAnalyzeCSVSummary adds the run summary (metrics, asymmetry per
// window, form signals), computed once per run.
func BenchmarkAnalyzeCSVSummary(b *testing.B) { benchAnalyze(b, true) }

func benchAnalyze(b *testing.B, summary bool) {
	name := writeLongCSV(b)
	dir := b.TempDir()
	const samples = 360000
	args := []string{"analyze", "-q", "--events", filepath.Join(dir, "e.csv")}
	if summary {
		args = append(args, "--summary", filepath.Join(dir, "s.json"))
	}
	args = append(args, name)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, stderr, err := runCmd(b, args...)
		if err != nil {
			b.Fatalf("%v %s", err, stderr)
		}
	}
	b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// TestAnalyzeHistory: a run with a higher impact than five earlier runs
// (new shoes, a harder surface) is flagged against them.
func TestAnalyzeHistory(t *testing.T) {
	dir := t.TempDir()
	// earlier runs: impact about 1.30 g; three at this run's speed, two of
	// them with a higher cadence than the demo's ≈ 171 steps/min, one
	// faster and two of unknown speed (not speed-matched), one of another
	// placement
	for i, r := range []struct{ g, speed, cad float64 }{{1.30, 3.3, 184}, {1.32, 3.4, 185}, {1.29, 3.2, 0}, {1.28, 4.5, 170}, {1.31, 0, 150}, {1.29, 0, 0}} {
		js := fmt.Sprintf(`{"placement":"waist","impact_g":%v,"speed_m_s":%v,"cadence_spm":%v}`, r.g, r.speed, r.cad)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("run%d.json", i)), []byte(js), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "shoe.json"), []byte(`{"placement":"shoe","impact_g":9,"speed_m_s":3.3,"cadence_spm":100}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"x":1}`), 0o644)
	// walks (in a subfolder, as serve writes them) do not enter a running
	// baseline: counted, their 3 g would hide this run's rise
	os.MkdirAll(filepath.Join(dir, "belt", "walks"), 0o755)
	for i := range 6 {
		os.WriteFile(filepath.Join(dir, "belt", "walks", fmt.Sprintf("w%d.json", i)), []byte(`{"placement":"waist","activity":"walking","impact_g":3,"speed_m_s":3.3,"cadence_spm":110}`), 0o644)
	}
	sum := filepath.Join(t.TempDir(), "run.json")
	_, stderr, err := runCmd(t, "analyze", "-q", "--speed", "3.3", "--history", dir, "--summary", sum, "../../testdata/demo/run_waist.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "notes.json is not a run summary, skipped") {
		t.Errorf("stderr %q", stderr)
	}
	b, _ := os.ReadFile(sum)
	var r struct {
		Signals []gait.Signal `json:"signals"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, s := range r.Signals {
		for _, e := range s.Evidence {
			switch {
			case s.Name == gait.SignalImpact && e.Name == "impact vs earlier runs":
				// the demo's impact is about 1.66 g: +28 % over the
				// 1.30 of the three runs at 3.3 ± 0.25 m/s
				if e.Value == nil || *e.Value < 20 || !e.Fired || s.State != gait.StateFlag || !strings.Contains(e.Note, "mean of 3 earlier runs at 3.30 ± 0.25 m/s") {
					t.Errorf("impact vs earlier runs: %+v, state %s", e, s.State)
				}
				found[e.Name] = true
			case s.Name == gait.SignalOverstriding && e.Name == "cadence drop vs runs at this speed":
				// baseline: the median of 184 and 185 (the 4.5 m/s run and
				// the shoe are left out); the demo runs ≈ 171: ≈ 7 % lower
				if e.Value == nil || *e.Value < 5 || *e.Value > 9 || !e.Fired || !strings.Contains(e.Note, "baseline 184.5 steps/min: median of 2 runs") {
					t.Errorf("cadence vs runs at this speed: %+v", e)
				}
				found[e.Name] = true
			}
		}
	}
	if !found["impact vs earlier runs"] || !found["cadence drop vs runs at this speed"] {
		t.Fatalf("evidence found: %v", found)
	}

	// the summary written into the history folder is not its own history:
	// a second run of the same command judges against the same runs
	own := filepath.Join(dir, "this-run.json")
	for range 2 {
		if _, stderr, err := runCmd(t, "analyze", "-q", "--speed", "3.3", "--history", dir, "--summary", own, "../../testdata/demo/run_waist.csv"); err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
	}
	if b, _ := os.ReadFile(own); !strings.Contains(string(b), "median of 2 runs") {
		t.Errorf("the run's own earlier summary counted in its history:\n%s", b)
	}

	// no earlier run at this speed: the evidence says so
	_, stderr, err = runCmd(t, "analyze", "-q", "--speed", "2.5", "--history", dir, "--summary", sum, "../../testdata/demo/run_waist.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, _ = os.ReadFile(sum)
	if !strings.Contains(string(b), "no earlier run within 0.25 m/s of 2.50 m/s") {
		t.Errorf("no speed-matched run: evidence missing from\n%s", b)
	}
}

// signalLines returns the lines of the stdout signals block, keyed by the
// printed signal name, and the names in their printed order.
func signalLines(t *testing.T, stdout string) (map[string]string, []string) {
	t.Helper()
	_, block, ok := strings.Cut(stdout, "\n  signals\n")
	if !ok {
		t.Fatalf("stdout has no signals block:\n%s", stdout)
	}
	lines := map[string]string{}
	var order []string
	for _, l := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		if !strings.HasPrefix(l, "    ") || len(l) < 4+21 {
			t.Fatalf("signals block line %q:\n%s", l, stdout)
		}
		name := strings.TrimSpace(l[4 : 4+21])
		lines[name] = l
		order = append(order, name)
	}
	return lines, order
}

// signalState returns the state printed on a signals block line.
func signalState(line string) string {
	f := strings.Fields(line[4+21:])
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// TestAnalyzeSignalsBlock checks the signals block of analyze's stdout on
// the demo recording against the summary JSON: one line per signal, in
// order, with the signal's name, state and value, and the reason of an
// unavailable one.
func TestAnalyzeSignalsBlock(t *testing.T) {
	sum := filepath.Join(t.TempDir(), "run.json")
	stdout, stderr, err := runCmd(t, "analyze", "--summary", sum, "../../testdata/demo/run_waist.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Signals []gait.Signal `json:"signals"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	want := []string{"overstriding", "uneven load", "trunk lean", "pelvic drop rotation", "impact", "fatigue drift", "pace variability"}
	lines, order := signalLines(t, stdout)
	if strings.Join(order, ",") != strings.Join(want, ",") || len(r.Signals) != len(want) {
		t.Fatalf("signals block lists %q (summary: %d signals), want %q:\n%s", order, len(r.Signals), want, stdout)
	}
	states := map[string]string{}
	for _, s := range r.Signals {
		name := strings.ReplaceAll(s.Name, "_", " ")
		l := lines[name]
		states[name] = signalState(l)
		if signalState(l) != string(s.State) {
			t.Errorf("%s: stdout state %q, summary %s:\n%s", name, signalState(l), s.State, l)
		}
		switch {
		case s.Value != nil && !strings.Contains(l, fmt.Sprintf(" %.1f %s", *s.Value, s.Unit)):
			t.Errorf("%s: stdout lacks the value %.1f %s:\n%s", name, *s.Value, s.Unit, l)
		case s.State == gait.StateUnavailable && !strings.HasSuffix(l, " "+s.Reason):
			t.Errorf("%s: unavailable without its reason %q:\n%s", name, s.Reason, l)
		}
	}
	// the demo's 60 s of clean running
	for name, st := range map[string]string{"overstriding": "ok", "uneven load": "ok", "trunk lean": "unavailable", "fatigue drift": "unavailable", "pace variability": "ok"} {
		if states[name] != st {
			t.Errorf("%s %q, want %s:\n%s", name, states[name], st, lines[name])
		}
	}
	if !strings.Contains(lines["fatigue drift"], "run too short: 60 s of gait, need 120 s") {
		t.Errorf("fatigue drift: %s", lines["fatigue drift"])
	}
}

// TestAnalyzeSignalsFile: --signals FILE sets the thresholds; a narrower
// band changes a state, and a field SignalConfig lacks, a value of the
// wrong type or an impossible band is refused with the field's name.
func TestAnalyzeSignalsFile(t *testing.T) {
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const demo = "../../testdata/demo/run_waist.csv"
	pace := func(args ...string) string {
		t.Helper()
		stdout, stderr, err := runCmd(t, append(append([]string{"analyze"}, args...), demo)...)
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		lines, _ := signalLines(t, stdout)
		return lines["pace variability"]
	}
	// the demo's step-time CV is about 2 %: ok at the default 4 / 6 %
	if l := pace(); signalState(l) != "ok" {
		t.Fatalf("default bands: %s", l)
	}
	if l := pace("--signals", file("narrow.json", `{"StepCVWatch": 1, "StepCVFlag": 1.5}`)); signalState(l) != "flag" || !strings.Contains(l, "step time CV 1.9 % (flag)") {
		t.Errorf("StepCVFlag 1.5: %s", l)
	}
	if l := pace("--signals", file("watch.json", `{"StepCVWatch": 1.5, "StepCVFlag": 3}`)); signalState(l) != "watch" || !strings.Contains(l, "(watch)") {
		t.Errorf("StepCVWatch 1.5: %s", l)
	}
	if l := pace("--signals", file("other.json", `{"BalanceWatch": 0.5, "BalanceFlag": 1.5}`)); signalState(l) != "ok" {
		t.Errorf("other bands changed pace variability: %s", l)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown.json", `{"StepCVWatch": 1, "StepCVWach": 2}`, `unknown field "StepCVWach"`},
		{"type.json", `{"StepCVWatch": "high"}`, "SignalConfig.StepCVWatch"},
		{"order.json", `{"StepCVWatch": 8}`, "SignalConfig.StepCVFlag = 6: must not be below StepCVWatch (8)"},
	} {
		p := file(tc.name, tc.body)
		stdout, _, err := runCmd(t, "analyze", "--signals", p, demo)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--signals "+p) {
			t.Errorf("%s: error %v, want --signals %s: …%s", tc.body, err, p, tc.want)
		}
		if stdout != "" {
			t.Errorf("%s: printed a report after a bad --signals file:\n%s", tc.body, stdout)
		}
	}
	if _, _, err := runCmd(t, "analyze", "--signals", filepath.Join(dir, "missing.json"), demo); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing --signals file: %v", err)
	}
}

// samples replays samples as a sensor.Source.
type samples struct {
	l  sensor.Layout
	ss []sensor.Sample
}

func (s *samples) Layout() sensor.Layout { return s.l }

func (s *samples) Read(x *sensor.Sample) error {
	if len(s.ss) == 0 {
		return io.EOF
	}
	*x, s.ss = s.ss[0], s.ss[1:]
	return nil
}

// writeOverstridingCSV writes the recording of README "Form signals"
// (the overstriding run of gait's TestSignalsSimulated): 90 s of clean
// running, then 90 s braking twice as hard at 158 steps/min, waist sensor
// with gyro at 100 Hz, as CSV.
func writeOverstridingCSV(t *testing.T) string {
	t.Helper()
	a := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 90, Rate: 100, Gyro: true, Noise: 0.2,
		Tilt: [3]float64{0.05, 0.15, 0.8}, Seed: 54}
	b := a
	b.Seed, b.Braking, b.Cadence = 55, 2, 158
	src := &samples{}
	off := 0.0
	for _, c := range []sim.Config{a, b} {
		ss, l, _, err := sim.Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		src.l = l
		for _, s := range ss {
			s.T += off
			src.ss = append(src.ss, s)
		}
		off = src.ss[len(src.ss)-1].T + 1/l.Rate
	}
	name := filepath.Join(t.TempDir(), "overstriding.csv")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.WriteCSV(f, src); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestAnalyzeSignalsSimulated runs analyze on the README's form-signals
// example and prints its stdout (go test ./cmd/gaitd -run
// AnalyzeSignalsSimulated -v): overstriding flags on braking against the
// baseline with the cadence drop as support.
func TestAnalyzeSignalsSimulated(t *testing.T) {
	stdout, stderr, err := runCmd(t, "analyze", "--placement", "waist", writeOverstridingCSV(t))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	t.Logf("gaitd analyze --placement waist overstriding.csv\n%s", stdout)
	lines, order := signalLines(t, stdout)
	if len(order) != 7 {
		t.Fatalf("signals block lists %q", order)
	}
	o := lines["overstriding"]
	for _, want := range []string{"braking vs baseline", "peak deceleration vs baseline", "cadence drop vs baseline"} {
		if !strings.Contains(o, want) {
			t.Errorf("overstriding lacks %q: %s", want, o)
		}
	}
	if signalState(o) != "flag" || !strings.Contains(o, "(support)") {
		t.Errorf("overstriding: %s", o)
	}
	for _, name := range []string{"uneven load", "trunk lean", "pelvic drop rotation", "impact"} {
		if st := signalState(lines[name]); st != "ok" {
			t.Errorf("%s %s, want ok: %s", name, st, lines[name])
		}
	}
	// the cadence drops 7 % between the halves: a drift and a change of pace
	if st := signalState(lines["fatigue drift"]); st != "flag" || !strings.Contains(lines["fatigue drift"], "cadence change") {
		t.Errorf("fatigue drift: %s", lines["fatigue drift"])
	}
	if st := signalState(lines["pace variability"]); st != "watch" && st != "flag" {
		t.Errorf("pace variability: %s", lines["pace variability"])
	}
	// README "Form signals" shows these lines: they must be the output
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## Form signals\n")
	_, ex, ok2 := strings.Cut(sec, "\n```\n")
	ex, _, ok3 := strings.Cut(ex, "\n```\n")
	if !ok || !ok2 || !ok3 || !strings.Contains(ex, "  signals\n") {
		t.Fatal(`README.md: no example output in "Form signals"`)
	}
	for _, l := range strings.Split(ex, "\n") {
		if !strings.Contains(stdout, l+"\n") {
			t.Errorf("README example line is not in the output: %q", l)
		}
	}
}

// TestAnalyzeHistoryProblems: a --history folder that is not there is an
// error; one without a usable summary is a warning, not silence.
func TestAnalyzeHistoryProblems(t *testing.T) {
	_, _, err := runCmd(t, "analyze", "-q", "--history", filepath.Join(t.TempDir(), "none"), "../../testdata/demo/run_waist.csv")
	if err == nil || !strings.Contains(err.Error(), "--history") {
		t.Errorf("missing folder: %v", err)
	}
	_, stderr, err := runCmd(t, "analyze", "-q", "--history", t.TempDir(), "--summary", filepath.Join(t.TempDir(), "s.json"), "../../testdata/demo/run_waist.csv")
	if err != nil || !strings.Contains(stderr, "--history: no earlier waist running summaries in") {
		t.Errorf("empty folder: %v, stderr %q", err, stderr)
	}
}

// TestAnalyzeFlagErrors: a bad --format, --speed or --signals file is an
// error that says what (and, for the file, where).
func TestAnalyzeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	n := 0
	sig := func(text string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("s%d.json", n))
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "wit"}, `--format "wit": want auto, csv, sensorlogger, phyphox, metabase, arduino, hyperimu, witmotion, witmotion-ble or rvc`},
		{[]string{"--speed", "1e9"}, "faster than any runner"},
		{[]string{"--window", "1e-320"}, "--window: want a number of seconds, at least 1, not 1e-320"},
		{[]string{"--window", "0.5"}, "--window: want a number of seconds, at least 1, not 0.5"},
		{[]string{"--speed", "1e-9"}, "--speed 1e-09 m/s: slower than any walk"},
		{[]string{"--side", "L"}, "--side L: the instrumented foot of a shoe or shank sensor; a waist sensor sees both feet"},
		{[]string{"--placement", "shoe", "--side", "L", "../../testdata/demo/run_waist.csv"}, "--side L: with two foot recordings the first is the left foot and the second the right"},
		{[]string{"--placement", "shoe", "./../../testdata/demo/run_waist.csv"}, "../../testdata/demo/run_waist.csv is given twice"},
		{[]string{"--signals", sig("")}, "empty file"},
		{[]string{"--signals", sig("{\n  \"Sustain\": \"x\"}")}, ":2:"},
		{[]string{"--signals", sig(`{"Sustain": 20} {"x": 1}`)}, "more after the JSON object"},
		{[]string{"--signals", sig("{x}")}, ".json:1:2: invalid character 'x'"},
		{[]string{"--signals", sig("{}}")}, ".json:1:3: more after the JSON object"},
		// names as written: Go's JSON matched any letter case, and a name
		// given twice kept the last, silently (a black-box round)
		{[]string{"--signals", sig("{\"BalanceWatch\": 3,\n \"balancewatch\": 4}")}, `.json:2:2: "balancewatch": field names are case-sensitive: BalanceWatch`},
		{[]string{"--signals", sig(`{"SideFloor": 0.6, "SideFloor": 0.7}`)}, `.json:1:20: "SideFloor" given twice`},
		{[]string{"--signals", filepath.Join(dir, "none.json")}, "--signals: open "},
		// units no file could be read in: the flag named at once (they
		// were the file's error)
		{[]string{"--acc-unit", "kg"}, `--acc-unit: unknown acceleration unit "kg"`},
		{[]string{"--acc-unit", "raw:0"}, `--acc-unit: acceleration unit "raw:0": want raw:<lsb_per_g>, a positive number of counts per g`},
		{[]string{"--gyro-unit", "raw:NaN"}, `--gyro-unit: gyro unit "raw:NaN": want raw:<lsb_per_dps>, a positive number`},
		{[]string{"--gyro-unit", "foo"}, `--gyro-unit: unknown gyro unit "foo"`},
		// binary dumps carry their units: only a WitMotion range is taken
		// (they were accepted and did nothing)
		{[]string{"--format", "witmotion", "--rate", "100", "--acc-unit", "g"}, "--acc-unit g: --format witmotion takes raw:<counts per g>, its range set on the device: raw:16384 (±2 g)"},
		{[]string{"--format", "witmotion", "--rate", "100", "--time-unit", "ms"}, "--time-unit is for CSV time columns: --format witmotion frames carry their own time (or --rate)"},
		{[]string{"--format", "rvc", "--gyro-unit", "dps"}, "--gyro-unit: --format rvc frames carry no angular rate (UART-RVC sends no gyroscope)"},
		{[]string{"--format", "witmotion", "--rate", "100", "--gyro-unit", "dps"}, "--gyro-unit: --format witmotion frames carry their own gyro unit (±2000 °/s)"},
		{[]string{"--format", "rvc", "--acc-unit", "raw:1000"}, "--acc-unit: --format rvc frames carry their acceleration in mg"},
		// the accelerometer's range
		{[]string{"--acc-range", "0.5"}, "--acc-range 0.5: the accelerometer's full scale in g, 1 to 50"},
		{[]string{"--acc-range", "NaN"}, "--acc-range NaN: the accelerometer's full scale in g"},
		{[]string{"--format", "rvc", "--acc-range", "16"}, "--acc-range: --format rvc frames come from a BNO08x, whose range is fixed at ±8 g"},
		{[]string{"--format", "witmotion", "--rate", "100", "--acc-range", "2.5"}, "--acc-range 2.5: a WitMotion accelerometer is set to ±2, 4, 8 or 16 g"},
		{[]string{"--format", "witmotion", "--rate", "100", "--acc-range", "8", "--acc-unit", "raw:2048"}, "--acc-range 8 and --acc-unit raw:2048 (±16 g) disagree: give one"},
		{[]string{"--acc-range", "2"}, `the acceleration reads`}, // the demo run's 2.5 g peaks
		// outputs: the flag named; "-" is no file name (a file named
		// "-" was written)
		{[]string{"--events", "-"}, "--events -: give a file name (standard output: /dev/stdout"},
		{[]string{"--summary", "-"}, "--summary -: give a file name"},
		{[]string{"--summary", filepath.Join(dir, "none", "s.json")}, "--summary: " + filepath.Join(dir, "none", "s.json") + ": no such file or directory"},
		{[]string{"--events", filepath.Join(dir, "none", "e.csv")}, "--events: " + filepath.Join(dir, "none", "e.csv") + ": no such file or directory"},
		{[]string{"--metrics", filepath.Join(dir, "m.prom"), "--device", ""}, `--device "": the --metrics series' device label`},
		{[]string{"--rate", "-100"}, "--rate -100: want 20 to 2000 Hz"},
		{[]string{"--rate", "5000"}, "--rate 5000: want 20 to 2000 Hz"},
	} {
		_, _, err := runCmd(t, append(append([]string{"analyze", "-q"}, tc.args...), "../../testdata/demo/run_waist.csv")...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, _, err := runCmd(t, "analyze", "--placement", "shoe", "-", "-"); err == nil || err.Error() != "standard input (-) given twice: it can be read once" {
		t.Errorf("- -: error %v", err)
	}
	if _, _, err := runCmd(t, "analyze", "--placement", "shoe", "-", "/dev/stdin"); err == nil || !strings.HasPrefix(err.Error(), "standard input is given twice (as - and /dev/stdin)") {
		t.Errorf("- /dev/stdin: error %v", err)
	}
}

// TestAnalyzeHistoryFolders: --history through a link is followed, serve's
// temporary run folders (dot folders) are not read, and an unreadable file
// is skipped with a warning rather than ending the analysis.
func TestAnalyzeHistoryFolders(t *testing.T) {
	real := t.TempDir()
	run := `{"placement":"waist","activity":"running","impact_g":1.30}`
	os.MkdirAll(filepath.Join(real, "belt", "r1"), 0o755)
	os.WriteFile(filepath.Join(real, "belt", "r1", "summary.json"), []byte(run), 0o644)
	os.MkdirAll(filepath.Join(real, "belt", ".r2.tmp123"), 0o755)
	os.WriteFile(filepath.Join(real, "belt", ".r2.tmp123", "summary.json"), []byte(run), 0o644)
	os.Symlink(filepath.Join(real, "gone.json"), filepath.Join(real, "dangling.json"))
	link := filepath.Join(t.TempDir(), "hist")
	os.Symlink(real, link)
	var stderr bytes.Buffer
	runs, err := readHistory(link, gait.Waist, "running", "", &stderr)
	if err != nil || len(runs) != 1 || runs[0].Impact != 1.30 || !strings.Contains(stderr.String(), "dangling.json") {
		t.Errorf("runs %v, err %v, stderr %q; want one run and the dangling link skipped", runs, err, stderr.String())
	}
	// this run's own summary (an earlier version of it) is not history,
	// named through the link or not
	os.WriteFile(filepath.Join(real, "own.json"), []byte(run), 0o644)
	runs, _ = readHistory(link, gait.Waist, "running", filepath.Join(link, "own.json"), &stderr)
	if len(runs) != 1 {
		t.Errorf("%d runs with this run's own summary in the folder, want 1", len(runs))
	}
}

// TestAnalyzeWrongPlacement: the demo's waist recording analysed as a
// shoe is warned of on stderr, in the report and in the summary; as what
// it is, it is not.
func TestAnalyzeWrongPlacement(t *testing.T) {
	sum := filepath.Join(t.TempDir(), "run.json")
	for _, p := range []string{"waist", "shoe"} {
		stdout, stderr, err := runCmd(t, "analyze", "--placement", p, "--summary", sum, "../../testdata/demo/run_waist.csv")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		b, err := os.ReadFile(sum)
		if err != nil {
			t.Fatal(err)
		}
		var js struct{ Warnings []string }
		if err := json.Unmarshal(b, &js); err != nil {
			t.Fatal(err)
		}
		warned := strings.Contains(stderr, "run_waist.csv: warning: ") && strings.Contains(stdout, "  warning    ")
		if p == "waist" {
			if warned || len(js.Warnings) > 0 || strings.Contains(string(b), `"warnings"`) {
				t.Errorf("right placement warned:\n%s\n%s\n%s", stdout, stderr, b)
			}
			continue
		}
		if !warned || len(js.Warnings) == 0 || !strings.Contains(js.Warnings[0], "candidate contacts were refused") {
			t.Errorf("as %s: stderr %q, summary warnings %q\n%s", p, stderr, js.Warnings, stdout)
		}
	}
}

// TestAnalyzePairedWrongPlacement: two waist recordings read as a pair of
// shoes warn as one does — the feet's refused candidates are summed into
// the run's (they were not, and a pair never warned).
func TestAnalyzePairedWrongPlacement(t *testing.T) {
	var files []string
	for _, seed := range []uint64{5, 6} {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 60, Rate: 100, Gyro: true, Noise: 0.2, Seed: seed})
		files = append(files, writeTemp(t, fmt.Sprintf("waist%d.csv", seed), text))
	}
	sum := filepath.Join(t.TempDir(), "run.json")
	_, stderr, err := runCmd(t, append([]string{"analyze", "--placement", "shoe", "--align", "--summary", sum}, files...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "candidate contacts were refused") {
		t.Errorf("no refused-candidates warning for two waists read as shoes:\n%s\n%s", stderr, b)
	}
}

// TestAnalyzePairedWrongFoot: a waist recording given as the right shoe
// beside a real left shoe keeps the warning it gets alone, named by its
// file. Paired, its refused candidates (53) no longer outnumbered the two
// feet's contacts (109), and nothing was said (the balance read 23 %).
func TestAnalyzePairedWrongFoot(t *testing.T) {
	shoe, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'L', Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	waist, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	left, right := writeTemp(t, "left.csv", shoe), writeTemp(t, "right.csv", waist)
	sum := filepath.Join(t.TempDir(), "run.json")
	_, stderr, err := runCmd(t, "analyze", "--placement", "shoe", "--align", "--summary", sum, left, right)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	js := readSummary(t, sum)
	found := false
	for _, w := range js.Warnings {
		if strings.HasPrefix(w, right+": ") && strings.Contains(w, "candidate contacts were refused") {
			found = true
		}
		if strings.HasPrefix(w, left+": ") {
			t.Errorf("the real shoe warned: %q", w)
		}
	}
	if !found || !strings.Contains(stderr, "warning: "+right+": ") {
		t.Errorf("no warning naming %s:\n%q\n%s", right, js.Warnings, stderr)
	}
}

// TestAnalyzePairedMixedGyro: one shoe with a gyroscope and one without
// are both read with the accelerometer-only method, and the run says so:
// their contact times came from two methods, and a true 48 % GCT balance
// read 57.6 % (37.7 % the other way round) without a word.
func TestAnalyzePairedMixedGyro(t *testing.T) {
	for _, gyroLeft := range []bool{true, false} {
		foot := func(side byte, gyro bool) string {
			text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 60, Gyro: gyro, Noise: 0.1, GCTBalance: 48, Seed: 5})
			return writeTemp(t, string(side)+".csv", text)
		}
		left, right := foot('L', gyroLeft), foot('R', !gyroLeft)
		sum := filepath.Join(t.TempDir(), "run.json")
		_, stderr, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", sum, left, right)
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		js := readSummary(t, sum)
		withGyro := left
		if !gyroLeft {
			withGyro = right
		}
		note := withGyro + ": its gyroscope is not used"
		// both read without a gyroscope: their contact times end at
		// heel-off (TestShoeAccOnlyToeOffWarned)
		heel := strings.Contains(strings.Join(js.Warnings, "\n"), "end where the heel lifts")
		if js.GCTBalancePct == nil || math.Abs(*js.GCTBalancePct-48) > 1.5 || !strings.Contains(strings.Join(js.Warnings, "\n"), note) || !strings.Contains(stderr, note) || !heel {
			bal := "null"
			if js.GCTBalancePct != nil {
				bal = fmt.Sprintf("%.1f", *js.GCTBalancePct)
			}
			t.Errorf("gyro on the left %v: balance %s (true 48), warnings %q\n%s", gyroLeft, bal, js.Warnings, stderr)
		}
	}
}

// TestAnalyzePairedDeadFootGyro: a left shoe with a gyroscope beside a
// right file without one that finds no contacts (standing) is the left
// foot's run alone, read with its gyroscope — the mixed-gyroscope rule is
// for a pair's balance, and there is none (it was read without: GCT 151
// for 227 ms alone).
func TestAnalyzePairedDeadFootGyro(t *testing.T) {
	shoe, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'L', Duration: 60, Gyro: true, Noise: 0.1, Seed: 5})
	still, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'R', Duration: 60, Standing: 60, Noise: 0.1, Seed: 6})
	still = strings.Join(strings.Split(still, "\n")[:5000], "\n") + "\n" // 50 s standing
	left, right := writeTemp(t, "left.csv", shoe), writeTemp(t, "right.csv", still)
	dir := t.TempDir()
	alone, pair := filepath.Join(dir, "alone.json"), filepath.Join(dir, "pair.json")
	if _, se, err := runCmd(t, "analyze", "--placement", "shoe", "--side", "L", "--summary", alone, left); err != nil {
		t.Fatalf("%v\n%s", err, se)
	}
	_, se, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", pair, left, right)
	if err != nil {
		t.Fatalf("%v\n%s", err, se)
	}
	a, p := readSummary(t, alone), readSummary(t, pair)
	if a.GCTms == nil || p.GCTms == nil || *a.GCTms != *p.GCTms || a.Steps != p.Steps || strings.Contains(se, "gyroscope is not used") {
		t.Errorf("alone: %d steps, GCT %v; beside a dead right file without gyro: %d steps, GCT %v\n%s", a.Steps, a.GCTms, p.Steps, p.GCTms, se)
	}
}

// TestAnalyzePairedWarningsOnce: a warning the pair gives itself is not
// repeated from the foot it came from (a saturated left gyroscope was
// warned of twice, two waist files read as shoes three times).
func TestAnalyzePairedWarningsOnce(t *testing.T) {
	foot := func(side byte, clip float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 60, Gyro: true, GyroClip: clip, Noise: 0.1, Seed: 5})
		return writeTemp(t, string(side)+".csv", text)
	}
	sum := filepath.Join(t.TempDir(), "run.json")
	_, se, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", sum, foot('L', 4.36), foot('R', 0))
	if err != nil {
		t.Fatalf("%v\n%s", err, se)
	}
	n := 0
	ws := readSummary(t, sum).Warnings
	for _, w := range ws {
		if strings.Contains(w, "saturated") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the left gyroscope's saturation warned of %d times: %q", n, ws)
	}
}

// TestOneDecimal: a signal value that rounds to zero prints without a
// sign ("-0.0 deg" read as a backward lean).
func TestOneDecimal(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{-0.04, "0.0"}, {math.Copysign(0, -1), "0.0"}, {0.04, "0.0"}, {-0.06, "-0.1"}, {0.06, "0.1"}, {18.66, "18.7"}, {-2.25, "-2.2"}} {
		if got := oneDecimal(tc.v); got != tc.want {
			t.Errorf("oneDecimal(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestAnalyzeLevelled: a V+AP recording whose channels lean 20° (the
// simulator's Lean pitches the anatomical channels) says it was levelled,
// and by how much; an untilted one does not.
func TestAnalyzeLevelled(t *testing.T) {
	for _, tc := range []struct {
		lean float64
		want string
	}{{0.349, "levelled   the anatomical axes were tilted 20° from vertical (tilt correction)"}, {0, ""}} {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Lean: tc.lean, Noise: 0.2, Seed: 81})
		out, stderr, err := runCmd(t, "analyze", writeTemp(t, "vap.csv", text))
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		if got := strings.Contains(out, "levelled"); got != (tc.want != "") || tc.want != "" && !strings.Contains(out, tc.want) {
			t.Errorf("lean %v: output\n%s\nwant %q", tc.lean, out, tc.want)
		}
	}
}

// A WitMotion set to ±8 g is read with --acc-unit raw:4096 (4096 counts
// per g) as its ±16 g dump is by default; without it, its gravity reads
// 2 g and its impacts double.
func TestAnalyzeWitRange(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 30, Rate: 100, Gyro: true, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var w8, w16 []byte
	for _, s := range ss {
		w8, w16 = sensor.AppendWit(w8, s, 8), sensor.AppendWit(w16, s, 16)
	}
	dir := t.TempDir()
	f8, f16 := filepath.Join(dir, "r8.wit"), filepath.Join(dir, "r16.wit")
	os.WriteFile(f8, w8, 0o644)
	os.WriteFile(f16, w16, 0o644)
	base := analyzeFile(t, f16, "--format", "witmotion", "--rate", "100")
	got := analyzeFile(t, f8, "--format", "witmotion", "--rate", "100", "--acc-unit", "raw:4096")
	if got.sum.Steps != base.sum.Steps || len(got.events) != len(base.events) || !strings.Contains(got.sum.Input, "0x51 acc ±8 g") {
		t.Fatalf("±8 g with raw:4096: %d steps (%q), want %d", got.sum.Steps, got.sum.Input, base.sum.Steps)
	}
	for i, e := range got.events {
		if math.Abs(e.IC-base.events[i].IC) > 0.011 {
			t.Fatalf("contact %d at %.3f s, ±16 g's at %.3f s", i, e.IC, base.events[i].IC)
		}
	}
	impact := func(r robustResult) float64 {
		var v float64
		if err := json.Unmarshal(r.sum.raw["impact_g"], &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	wrong := analyzeFile(t, f8, "--format", "witmotion", "--rate", "100")
	if b, g, w := impact(base), impact(got), impact(wrong); math.Abs(g/b-1) > 0.02 || math.Abs(w/b-2) > 0.1 {
		t.Errorf("impact %.2f g with raw:4096 and %.2f g without, ±16 g's %.2f g: want the same, and double", g, w, b)
	}
	// read at the default range, the waist's gravity reads 2 g: said
	// (it was not), and not of the right range
	scale := func(r robustResult) bool {
		return slices.ContainsFunc(r.sum.Warnings, func(w string) bool { return strings.Contains(w, "read at the wrong scale") })
	}
	if !scale(wrong) || !slices.ContainsFunc(wrong.sum.Warnings, func(w string) bool { return strings.Contains(w, "averages 2.0") }) || scale(base) || scale(got) {
		t.Errorf("the scale warned: ±8 g read at ±16 g %q; right ranges %q, %q", wrong.sum.Warnings, base.sum.Warnings, got.sum.Warnings)
	}
}
