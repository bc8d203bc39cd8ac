package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestSummaryDistKeys pins the distributions README lists: gct_ms_dist,
// flight_ms_dist, vo_mm_dist and duty_factor_dist, and no other *_dist key
// (docs/analyze.md's "their distributions (`gct_ms_dist` …)" after seven medians had
// a reader look for impact_g_dist).
func TestSummaryDistKeys(t *testing.T) {
	text, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 20, Gyro: true, Seed: 7})
	res := analyzeFile(t, writeTemp(t, "rec.csv", text))
	var got []string
	for k := range res.sum.raw {
		if strings.HasSuffix(k, "_dist") {
			got = append(got, k)
		}
	}
	slices.Sort(got)
	if want := []string{"duty_factor_dist", "flight_ms_dist", "gct_ms_dist", "vo_mm_dist"}; !slices.Equal(got, want) {
		t.Errorf("summary distributions %v, README lists %v", got, want)
	}
}
