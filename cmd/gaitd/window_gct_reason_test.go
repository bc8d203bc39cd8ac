package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestWindowsGCTReason: every window whose gct_ms is null says why. A
// walking warm-up before a run (waist: no toe-off in its first 30 s, one in
// the next) read a null GCT without a reason in one window beside "toe-off
// found for only 1 of 59 steps" in the next; and when the run's own rule
// left it without GCT, no window said why.
func TestWindowsGCTReason(t *testing.T) {
	walk, _ := simCSV(t, sim.Config{Activity: sim.Walking, Duration: 60, Speed: 1.4, Gyro: true, Seed: 4})
	run, _ := simCSV(t, sim.Config{Activity: sim.Running, Duration: 120, Gyro: true, Seed: 5})
	var mixed strings.Builder
	mixed.WriteString(walk)
	for _, l := range strings.Split(strings.TrimSpace(run), "\n")[1:] {
		f := strings.SplitN(l, ",", 2)
		tt, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&mixed, "%.6f,%s\n", tt+60.01, f[1])
	}
	for _, tc := range []struct{ name, text, want string }{
		{"walk then run", mixed.String(), ""},
		{"waist walk", walk, "the run's: "},
	} {
		res := analyzeFile(t, writeTemp(t, "rec.csv", tc.text))
		var ws []struct {
			Start  float64  `json:"start_s"`
			GCT    *float64 `json:"gct_ms"`
			Reason string   `json:"gct_reason"`
		}
		if err := json.Unmarshal(res.sum.raw["windows"], &ws); err != nil {
			t.Fatal(err)
		}
		nulls := 0
		for _, w := range ws {
			if w.GCT == nil {
				nulls++
				if w.Reason == "" || !strings.HasPrefix(w.Reason, tc.want) {
					t.Errorf("%s: window at %.0f s: gct_ms null, reason %q", tc.name, w.Start, w.Reason)
				}
			}
		}
		if nulls == 0 {
			t.Errorf("%s: no window without GCT: the recording no longer probes this", tc.name)
		}
	}
}
