package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairRefusedSaysFootWarning: a right recording of another placement
// (a shank sensor's file given with --placement shoe) finds few contacts of
// a shoe's shape, and those off mid-stride: the pair is refused as clocks
// that differ ("--align estimates the offset"), and the right file's own
// warning, which names the cause (its candidate contacts mostly refused:
// "check --placement"), was not said anywhere. It is said on stderr now,
// beside the refusal.
func TestPairRefusedSaysFootWarning(t *testing.T) {
	foot := func(p sim.Placement, side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: p, Side: side, Duration: 60, Rate: 200, Gyro: true, Noise: 0.1, Seed: 21})
		return text
	}
	left := writeTemp(t, "L.csv", foot(sim.Shoe, 'L'))
	right := writeTemp(t, "R.csv", foot(sim.Shank, 'R'))
	res, err := tryAnalyze(t, right, "--placement", "shoe", left)
	if err == nil {
		t.Fatalf("a shank file paired as a shoe's: not refused; reason %q", res.sum.Reason)
	}
	if !strings.Contains(res.stderr, "R.csv: warning:") || !strings.Contains(res.stderr, "check --placement") {
		t.Errorf("refused (%v), stderr does not give the right file's own warning:\n%s", err, res.stderr)
	}
}
