package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
)

func TestRunMetricsLintAndValues(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	r := gait.Report{Steps: 170, CadenceSPM: v(171.5), GCTms: v(238), FlightMs: v(114), VOmm: v(75), DutyFactor: v(0.34), GCTBalancePct: v(48.5),
		Signals: []gait.Signal{
			{Name: gait.SignalUnevenLoad, State: gait.StateWatch, Value: v(1.5)},
			{Name: gait.SignalTrunkLean, State: gait.StateUnavailable},
		}}
	m := newRunMetrics()
	m.set("treadmill", r)
	problems, err := testutil.GatherAndLint(m.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	want := `
# HELP gait_gct_balance_ratio Left share of ground contact time, 0-1 (0.5 = symmetric).
# TYPE gait_gct_balance_ratio gauge
gait_gct_balance_ratio{device="treadmill"} 0.485
# HELP gait_ground_contact_time_seconds Median ground contact time of the run.
# TYPE gait_ground_contact_time_seconds gauge
gait_ground_contact_time_seconds{device="treadmill"} 0.238
# HELP gait_signal_state Form signal state: 0 ok, 1 watch, 2 flag, -1 unavailable.
# TYPE gait_signal_state gauge
gait_signal_state{device="treadmill",signal="trunk_lean"} -1
gait_signal_state{device="treadmill",signal="uneven_load"} 1
# HELP gait_signal_value Headline value of a form signal, in the unit README documents for it.
# TYPE gait_signal_value gauge
gait_signal_value{device="treadmill",signal="uneven_load"} 1.5
`
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "gait_gct_balance_ratio", "gait_ground_contact_time_seconds", "gait_signal_state", "gait_signal_value"); err != nil {
		t.Error(err)
	}
}

// TestAnalyzeMetricsFile writes the demo run's gauges as a textfile.
func TestAnalyzeMetricsFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "gait.prom")
	if _, stderr, err := runCmd(t, "analyze", "-q", "--metrics", name, "--device", "demo", "../../testdata/demo/run_waist.csv"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`gait_cadence_steps_per_minute{device="demo"} 170.`, `gait_signal_state{device="demo",signal="overstriding"} 0`, `gait_run_steps{device="demo"} 170`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("textfile lacks %q:\n%s", want, b)
		}
	}
}
