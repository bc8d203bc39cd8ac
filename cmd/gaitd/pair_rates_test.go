package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairedRatesWarned: a symmetric runner's shoes, the left recorded at
// 200 Hz and the right at 100 Hz. The right foot's impact peaks read lower
// (fewer samples near the peak): SI impact −9.7 % and SI loading rate
// −12.2 % with no impact asymmetry (at one rate 1.3 and 1.2 %), and
// nothing said of the rates. The summary's warnings say it now, naming
// both rates; at one rate nothing is said.
func TestPairedRatesWarned(t *testing.T) {
	foot := func(side byte, rate float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 90, Rate: rate, Gyro: true, Noise: 0.1, Seed: 21})
		return text
	}
	left := writeTemp(t, "L.csv", foot('L', 200))
	for _, c := range []struct {
		rate float64
		warn bool
	}{{100, true}, {200, false}} {
		res := analyzeFile(t, writeTemp(t, "R.csv", foot('R', c.rate)), "--placement", "shoe", left)
		warned := false
		for _, w := range res.sum.Warnings {
			if strings.Contains(w, "sampled at 200 Hz") && strings.Contains(w, "at 100 Hz") {
				warned = true
			}
		}
		if warned != c.warn {
			t.Errorf("right foot at %v Hz: warned %v, want %v; warnings %q", c.rate, warned, c.warn, res.sum.Warnings)
		}
	}
}
