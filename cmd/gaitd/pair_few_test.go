package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairFewContactsKeepsOtherFoot: a right file of 1.5 s (two contacts)
// beside a left one of 60 s refused the whole analysis ("too little to
// pair them"), the left foot's minute of gait with it, where a right file
// with no contact gave the left foot's run with a reason. Now the run is
// the left foot's alone, its reason saying why.
func TestPairFewContactsKeepsOtherFoot(t *testing.T) {
	foot := func(side byte, dur float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: dur, Rate: 100, Gyro: true, Noise: 0.1, Seed: 8})
		return text
	}
	left := writeTemp(t, "L.csv", foot('L', 60))
	alone := analyzeFile(t, left, "--placement", "shoe")
	res := analyzeFile(t, writeTemp(t, "R.csv", foot('R', 1.5)), "--placement", "shoe", left) // analyze … L.csv R.csv
	if !strings.Contains(res.sum.Reason, "too few to pair") || !strings.Contains(res.sum.Reason, "the run is the left foot's alone") {
		t.Errorf("reason %q", res.sum.Reason)
	}
	if res.sum.Steps != alone.sum.Steps || len(res.events) != len(alone.events) {
		t.Errorf("%d steps, %d events; the left alone %d, %d", res.sum.Steps, len(res.events), alone.sum.Steps, len(alone.events))
	}
}
