package main

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairedClockDrift: a right shoe logger whose clock runs 0.25 % fast
// (its times ×1.0025: 0.6 s, most of a stride, over a 240 s run) and
// starts 0.2 s off (without --align refused: its mean phase reads 92 %).
// With --align the drift is found and taken out (right_clock_drift_ppm), the
// contacts fall mid-stride throughout, and the GCT balance, step time and
// flight read as the pair on one clock does — --align took out the offset
// alone, and said the clocks drift apart. Without drift --align gives no
// drift.
func TestPairedClockDrift(t *testing.T) {
	foot := func(side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 240, Rate: 200, Gyro: true, Noise: 0.1, GCTBalance: 48, Seed: 9})
		return text
	}
	left, right := writeTemp(t, "L.csv", foot('L')), foot('R')
	same := analyzeFile(t, writeTemp(t, "R.csv", right), "--placement", "shoe", "--align", left)
	if d := same.sum.raw["right_clock_drift_ppm"]; d != nil || same.sum.GCTBalancePct == nil || same.sum.Reason != "" {
		t.Fatalf("one clock, --align: drift %s, balance %s, reason %q", d, fmtPtr(same.sum.GCTBalancePct), same.sum.Reason)
	}
	fast := writeTemp(t, "R.csv", mapTimes(right, func(v float64) float64 { return 1.0025*v + 0.2 }))
	res := analyzeFile(t, fast, "--placement", "shoe", "--align", left)
	var ppm, shift *float64
	json.Unmarshal(res.sum.raw["right_clock_drift_ppm"], &ppm)
	json.Unmarshal(res.sum.raw["right_clock_shift_s"], &shift)
	// the map from the right file's clock: v/1.0025 − 0.2/1.0025
	if ppm == nil || math.Abs(*ppm-2500) > 50 || shift == nil || math.Abs(*shift+0.2/1.0025) > 0.01 {
		t.Errorf("0.25 %% fast, 0.2 s off: right_clock_drift_ppm %s (want ≈ 2494), right_clock_shift_s %s (want −0.1995)", fmtPtr(ppm), fmtPtr(shift))
	}
	if strings.Contains(res.sum.Reason, "drift apart") || !strings.Contains(res.sum.Reason, "ppm against the left") {
		t.Errorf("reason %q, want the drift taken out", res.sum.Reason)
	}
	if b, b0 := res.sum.GCTBalancePct, same.sum.GCTBalancePct; b == nil || math.Abs(*b-*b0) > 0.3 {
		t.Errorf("balance %s, one clock %.2f", fmtPtr(b), *b0)
	}
	if s, s0 := res.sum.StepMs, same.sum.StepMs; s == nil || math.Abs(*s-*s0) > 2 {
		t.Errorf("step %s ms, one clock %s", fmtPtr(s), fmtPtr(s0))
	}
	if res.sum.Steps < same.sum.Steps-4 || res.sum.Steps > same.sum.Steps+4 {
		t.Errorf("%d steps, one clock %d", res.sum.Steps, same.sum.Steps)
	}
}

// mapTimes maps the time column (the first) of a CSV recording's text by
// f, written with 4 decimals: a clock shifted, fast or slow.
func mapTimes(text string, f func(float64) float64) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		t0, rest, _ := strings.Cut(lines[i], ",")
		v, _ := strconv.ParseFloat(t0, 64)
		lines[i] = strconv.FormatFloat(f(v), 'f', 4, 64) + "," + rest
	}
	return strings.Join(lines, "\n") + "\n"
}
