package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeAlignDropouts: two shoe loggers 3.4 s apart over a steady
// run, each losing 12 s of samples (the left at 80 s, the right at 110 s)
// while the runner goes on. Each stretch read as a stand, the other
// foot's contacts in it unpaired (a quarter stride² each) at every
// offset but the one that laid the two stretches on each other (30 s
// off): every offset fit 34 ms and --align guessed within half a stride
// (−0.13 s), where the steps' shared variation (2 %, as
// TestAlignSharedStrideVariability's) tells the strides. A foot running
// on through the other's stretch is a dropout now: +3.4 s, sure.
func TestAnalyzeAlignDropouts(t *testing.T) {
	foot := func(side byte, gap float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 200, Rate: 100,
			Gyro: true, Noise: 0.1, Seed: 11, Dropouts: []sim.Gap{{Start: gap, Dur: 12}}})
		return text
	}
	left := writeTemp(t, "L.csv", foot('L', 80))
	right := writeTemp(t, "R.csv", mapTimes(foot('R', 110), func(v float64) float64 { return v - 3.4 }))
	res := analyzeFile(t, right, "--placement", "shoe", "--align", left)
	var shift *float64
	json.Unmarshal(res.sum.raw["right_clock_shift_s"], &shift)
	t.Logf("shift %s, reason %q", fmtPtr(shift), res.sum.Reason)
	if strings.Contains(res.sum.Reason, "--align") || shift == nil || math.Abs(*shift-3.4) > 0.02 {
		t.Errorf("right logger 3.4 s late, 12 s dropouts: right_clock_shift_s %s, want +3.4 (reason %q)", fmtPtr(shift), res.sum.Reason)
	}
}
