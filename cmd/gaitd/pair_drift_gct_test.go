package main

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairedDriftGCTOnLeftClock: with a drift taken out by --align the
// right foot's contact and toe-off go on the left clock, and so does its
// contact time: gct_ms is fc_s − ic_s on the events' own time base. The
// right foot's GCT stayed on its own clock, 0.5 % fast: 1.2 ms longer than
// its fc_s − ic_s in every right row (and in the balance).
func TestPairedDriftGCTOnLeftClock(t *testing.T) {
	foot := func(side byte) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 120, Rate: 200, Gyro: true, Seed: 5})
		return text
	}
	right := foot('R')
	lines := strings.Split(strings.TrimRight(right, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		t0, rest, _ := strings.Cut(lines[i], ",")
		v, _ := strconv.ParseFloat(t0, 64)
		lines[i] = strconv.FormatFloat(1.005*v+0.05, 'f', 6, 64) + "," + rest
	}
	res := analyzeFile(t, writeTemp(t, "R.csv", strings.Join(lines, "\n")+"\n"), "--placement", "shoe", "--align", writeTemp(t, "L.csv", foot('L')))
	if _, ok := res.sum.raw["right_clock_drift_ppm"]; !ok {
		t.Fatalf("no drift found: %s", res.sum.Reason)
	}
	n, bad := 0, 0
	for _, e := range res.events {
		if math.IsNaN(e.FC) || math.IsNaN(e.GCTms) {
			continue
		}
		n++
		if d := 1000*(e.FC-e.IC) - e.GCTms; math.Abs(d) > 0.15 {
			if bad < 3 {
				t.Errorf("%s contact at %.4f s: gct_ms %.1f, fc_s − ic_s %.2f ms", e.Side, e.IC, e.GCTms, 1000*(e.FC-e.IC))
			}
			bad++
		}
	}
	if n < 300 || bad > 0 {
		t.Errorf("%d of %d contacts' gct_ms is not fc_s − ic_s", bad, n)
	}
}
