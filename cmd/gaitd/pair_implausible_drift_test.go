package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairedImplausibleDriftSaid: --align takes any drift out as a clock's;
// two files of different runs (cadences apart) were merged at −36 759 ppm
// with only the drift said. A drift over 1 % is now said to be more than a
// clock drifts; 0.25 % (TestPairedClockDrift's logger) is not.
func TestPairedImplausibleDriftSaid(t *testing.T) {
	foot := func(side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 120, Rate: 200, Gyro: true, Noise: 0.1, Seed: 12})
		return text
	}
	left, right := writeTemp(t, "L.csv", foot('L')), foot('R')
	for _, tc := range []struct {
		k    float64
		said bool
	}{{1.0025, false}, {1.03, true}} {
		res := analyzeFile(t, writeTemp(t, "R.csv", mapTimes(right, func(v float64) float64 { return tc.k * v })), "--placement", "shoe", "--align", left)
		if !strings.Contains(res.sum.Reason, "ppm against the left") {
			t.Errorf("×%v: reason %q, want the drift taken out", tc.k, res.sum.Reason)
		}
		if said := strings.Contains(res.sum.Reason, "more than a clock drifts"); said != tc.said {
			t.Errorf("×%v: implausible drift said %v, want %v: %q", tc.k, said, tc.said, res.sum.Reason)
		}
	}
}
