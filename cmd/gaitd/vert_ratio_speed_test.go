package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestVertRatioSpeedGiven: the report's vertical-ratio line asks for
// --speed only when it was not given. A waist run whose VO is unknown (a
// single step) read "vert ratio — (give --speed)" with --speed 3 given.
func TestVertRatioSpeedGiven(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 0.5, Rate: 100, Gyro: true, Seed: 1})
	rec := writeTemp(t, "short.csv", text)
	stdout, stderr, err := runCmd(t, "analyze", "--speed", "3", rec)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "  vert ratio ") || strings.Contains(stdout, "give --speed") {
		t.Errorf("--speed given, VO unknown:\n%s", stdout)
	}
	stdout, _, _ = runCmd(t, "analyze", rec)
	if !strings.Contains(stdout, "vert ratio — (give --speed)") {
		t.Errorf("no --speed:\n%s", stdout)
	}
}
