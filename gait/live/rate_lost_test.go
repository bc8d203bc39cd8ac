package live

import (
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestHubRateLostSamples: samples lost within the first second a device's
// rate is estimated on — a bad csv line skipped, a dropped packet — left
// intervals of two periods, each counted as one: one lost at 100 Hz set a
// 99 Hz grid, three at 50 Hz 47 Hz. Where the clock resolves the period
// (a fine clock, ms at up to about 200 Hz, a phone's jitter well under a
// period) those intervals are gaps, left out, and the rate is exact.
func TestHubRateLostSamples(t *testing.T) {
	for _, tc := range []struct {
		rate, jitter float64
		ms           bool  // timestamps in whole ms (else as generated)
		lost         []int // indices of the samples lost
	}{
		{100, 0, false, []int{3}},
		{100, 0, true, []int{3}},
		{100, 0, true, []int{3, 40, 41, 77}},
		{50, 0, false, []int{5, 20, 33}},
		{104, 0, true, []int{10, 60}},
		{208, 0, true, []int{100}},
		{100, 0.0005, false, []int{3, 50}},
		{416, 0, true, []int{50}},
		{300, 0, false, []int{100}},
		{200, 0, false, []int{1, 150}},
	} {
		ss, layout := clockSamples(t, tc.rate, tc.jitter, tc.ms)
		var kept []sensor.Sample
		for i := range ss {
			lost := false
			for _, k := range tc.lost {
				lost = lost || i == k
			}
			if !lost {
				kept = append(kept, ss[i])
			}
		}
		recs := hubRuns(t, layout, kept, 10)
		if recs[0].RateHz != tc.rate {
			t.Errorf("%v Hz (ms clock %v, jitter %v s), samples %v lost: analysed at %v Hz", tc.rate, tc.ms, tc.jitter, tc.lost, recs[0].RateHz)
		}
	}
}
