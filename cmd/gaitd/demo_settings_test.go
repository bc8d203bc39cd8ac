package main

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDemoSaysSettings: the demo says what each runner is simulated with
// (speed, cadence, GCT and GCT balance: sensor/sim derives cadence
// 150 + 6·v and GCT 0.30 − 0.02·v from the speed), how to stop it, and
// where the dashboards are; nothing said them, so the figures on /metrics
// and in the list could not be compared with anything. The list of runs
// written is in runner order (it was newest first: runner-3, runner-1,
// runner-2), and each run's figures are those its runner was simulated
// with (GCT 5–10 ms over: the sacral IC is found before the simulator's,
// docs/accuracy.md).
func TestDemoSaysSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and simulated runners")
	}
	out, stderr, err := runCmd(t, "demo", "--runners", "3", "--duration", "30s", "--speed", "20", "--listen", "127.0.0.1:0", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{
		"Ctrl-C",
		"docker compose -f deploy/compose.yaml -f deploy/compose.demo.yaml up --build",
		"\n  runner-1   3.1 m/s  cadence 168.6 spm  GCT 238 ms  balance 49.0 %L\n",
		"\n  runner-2   3.4 m/s  cadence 170.4 spm  GCT 232 ms  balance 50.0 %L\n",
		"\n  runner-3   3.7 m/s  cadence 172.2 spm  GCT 226 ms  balance 51.0 %L\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	set := regexp.MustCompile(`(?m)^  (runner-\d+) +[\d.]+ m/s  cadence ([\d.]+) spm  GCT (\d+) ms  balance ([\d.]+) %L$`)
	got := regexp.MustCompile(`(?m)^  (runner-\d+) +\S+ +\d+ steps  cadence ([\d.]+) spm  GCT (\d+) ms  VO \d+ mm  balance ([\d.]+) %L$`)
	want := map[string][]float64{}
	for _, m := range set.FindAllStringSubmatch(out, -1) {
		want[m[1]] = floats(t, m[2:])
	}
	var order []string
	for _, m := range got.FindAllStringSubmatch(out, -1) {
		order = append(order, m[1])
		w, f := want[m[1]], floats(t, m[2:])
		if w == nil {
			t.Errorf("%s: no simulated settings said", m[1])
			continue
		}
		if math.Abs(f[0]-w[0]) > 2 || f[1]-w[1] < 0 || f[1]-w[1] > 12 || math.Abs(f[2]-w[2]) > 1 {
			t.Errorf("%s measured cadence %v, GCT %v, balance %v; simulated %v, %v, %v", m[1], f[0], f[1], f[2], w[0], w[1], w[2])
		}
	}
	if strings.Join(order, " ") != "runner-1 runner-2 runner-3" {
		t.Errorf("runs listed %v, want runner-1 runner-2 runner-3:\n%s", order, out)
	}
}

// TestDemoRunnerOrder: more than nine runners are listed by number
// (runner-10 after runner-9, not after runner-1), and the settings of
// runners past the fifth, which repeat the first five's, are said once.
func TestDemoRunnerOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and simulated runners")
	}
	out, stderr, err := runCmd(t, "demo", "--runners", "11", "--duration", "10s", "--speed", "50", "--listen", "127.0.0.1:0", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	_, list, _ := strings.Cut(out, "runs written:\n")
	var order []string
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		order = append(order, strings.Fields(l)[0])
	}
	want := "runner-1 runner-2 runner-3 runner-4 runner-5 runner-6 runner-7 runner-8 runner-9 runner-10 runner-11"
	if strings.Join(order, " ") != want {
		t.Errorf("runs listed\n%s\nwant\n%s", strings.Join(order, " "), want)
	}
	if !strings.Contains(out, "\n  runner-5   2.8 m/s") || regexp.MustCompile(`(?m)^  runner-6 +[\d.]+ m/s`).MatchString(out) ||
		!strings.Contains(out, "runner-6 to runner-11 repeat") {
		t.Errorf("settings of 11 runners:\n%s", out)
	}
}

func floats(t *testing.T, s []string) []float64 {
	t.Helper()
	var f []float64
	for _, x := range s {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatal(err)
		}
		f = append(f, v)
	}
	return f
}
