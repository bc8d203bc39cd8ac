package live

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
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
		ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 8, Rate: tc.rate, Gyro: true, Seed: 5, Jitter: tc.jitter})
		if err != nil {
			t.Fatal(err)
		}
		const epoch = 1.7e9
		var kept []sensor.Sample
		for i := range ss {
			if tc.ms {
				ss[i].T = (math.Floor(ss[i].T*1000+0.3) + epoch*1000) / 1000
			} else {
				ss[i].T += epoch
			}
			lost := false
			for _, k := range tc.lost {
				lost = lost || i == k
			}
			if !lost {
				kept = append(kept, ss[i])
			}
		}
		layout.Rate = 0
		dir := t.TempDir()
		h, err := New(Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < len(kept); k += 10 {
			if err := h.Push("d", layout, kept[k:min(k+10, len(kept))]); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
		recs, err := runs.List(dir)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%v Hz: runs %v %+v", tc.rate, err, recs)
		}
		if recs[0].RateHz != tc.rate {
			t.Errorf("%v Hz (ms clock %v, jitter %v s), samples %v lost: analysed at %v Hz", tc.rate, tc.ms, tc.jitter, tc.lost, recs[0].RateHz)
		}
	}
}
