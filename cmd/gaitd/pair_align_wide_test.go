package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeAlignWholeStrides: two shoe loggers started 3.4 s apart (the
// right one later: its clock reads 3.4 s less), over a run at 3.0, 4.5 and
// 3.0 m/s with a stand between. --align paired them within half a stride
// (+0.3 s: five strides off, every figure plausible, nothing said); the
// cadence changes both feet share now fix the whole strides: the right
// clock is shifted by +3.4 s and the pair reads as on one clock. A steady
// run's shift is a guess, which the summary's reason says.
func TestAnalyzeAlignWholeStrides(t *testing.T) {
	foot := func(side byte) string {
		var b strings.Builder
		t0 := 0.0
		for i, seg := range []struct{ speed, dur float64 }{{3.0, 50}, {4.5, 30}, {3.0, 40}} {
			text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: seg.dur, Rate: 200,
				Gyro: true, Speed: seg.speed, Noise: 0.1, Standing: 4, Seed: uint64(40 + i)})
			lines := strings.SplitAfter(text, "\n")
			if i == 0 {
				b.WriteString(lines[0])
			}
			b.WriteString(mapTimes(strings.Join(lines, ""), func(v float64) float64 { return v + t0 })[len(lines[0]):])
			t0 += seg.dur + 4.005
		}
		return b.String()
	}
	left, right := writeTemp(t, "L.csv", foot('L')), foot('R')
	one := analyzeFile(t, writeTemp(t, "R.csv", right), "--placement", "shoe", "--align", left)
	late := analyzeFile(t, writeTemp(t, "R.csv", mapTimes(right, func(v float64) float64 { return v - 3.4 })), "--placement", "shoe", "--align", left)
	var shift *float64
	json.Unmarshal(late.sum.raw["right_clock_shift_s"], &shift)
	if shift == nil || math.Abs(*shift-3.4) > 0.02 {
		t.Errorf("right logger 3.4 s late: right_clock_shift_s %s, want +3.4", fmtPtr(shift))
	}
	if b, b0 := late.sum.GCTBalancePct, one.sum.GCTBalancePct; b == nil || b0 == nil || math.Abs(*b-*b0) > 0.3 {
		t.Errorf("balance %s, one clock %s", fmtPtr(b), fmtPtr(b0))
	}
	if strings.Contains(late.sum.Reason, "--align") {
		t.Errorf("reason %q: the whole strides were found, not guessed", late.sum.Reason)
	}

	// one steady pace: nothing tells one stride from another
	steady := func(side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 90, Rate: 200, Gyro: true, Noise: 0.1, Seed: 9})
		return text
	}
	res := analyzeFile(t, writeTemp(t, "R.csv", mapTimes(steady('R'), func(v float64) float64 { return v - 3.4 })), "--placement", "shoe", "--align", writeTemp(t, "L.csv", steady('L')))
	t.Logf("steady: reason %q", res.sum.Reason)
	json.Unmarshal(res.sum.raw["right_clock_shift_s"], &shift)
	if !strings.Contains(res.sum.Reason, "--align") && (shift == nil || math.Abs(*shift-3.4) > 0.02) {
		t.Errorf("steady run 3.4 s late: shift %s and no word of a guess (reason %q)", fmtPtr(shift), res.sum.Reason)
	}
}
