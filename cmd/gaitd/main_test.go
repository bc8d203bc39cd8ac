package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/output"
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
		{[]string{"analyze", "--placement", "knee", notrec}, `--placement: unknown placement "knee" (want waist, shoe or shank)`},
		{[]string{"analyze", filepath.Join(dir, "missing.csv")}, "no such file or directory"},
		{[]string{"analyze", notrec}, "not an IMU recording"},
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
	for i, g := range []float64{1.30, 1.32, 1.28, 1.31, 1.29} {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("run%d.json", i)), []byte(fmt.Sprintf(`{"placement":"waist","impact_g":%v}`, g)), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"x":1}`), 0o644)
	sum := filepath.Join(t.TempDir(), "run.json")
	_, stderr, err := runCmd(t, "analyze", "-q", "--history", dir, "--summary", sum, "../../testdata/demo/run_waist.csv")
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
	for _, s := range r.Signals {
		if s.Name != gait.SignalImpact {
			continue
		}
		for _, e := range s.Evidence {
			if e.Name == "impact vs earlier runs" {
				// the demo's impact is about 1.66 g: +28 % over 1.30
				if e.Value == nil || *e.Value < 20 || !e.Fired || s.State != gait.StateFlag {
					t.Errorf("impact vs earlier runs: %+v, state %s", e, s.State)
				}
				return
			}
		}
	}
	t.Fatal("no impact-vs-history evidence")
}
