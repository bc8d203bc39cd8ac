package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalBoutsOutOfOrder: meta.json's bouts out of time order, none
// holding a contact: the error says the span they cover, from the earliest
// start to the latest end. It said the first bout's start and the last
// one's end as listed, "(1000.000–960.000 s)", a span ending before it
// starts.
func TestEvalBoutsOutOfOrder(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, filepath.Join(root, "set", "bouts"), run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1000, 1020}, {950, 960}}})
	for _, flags := range [][]string{nil, {"--bout-span"}} {
		_, stderr, err := runCmd(t, append(append([]string{"eval"}, flags...), root)...)
		if err == nil || !strings.Contains(stderr, "set/bouts: meta.json's 2 bout(s) (950.000–1020.000 s) hold none of truth.csv's") {
			t.Errorf("eval %v: error %v, stderr %q; want the bouts' span 950.000–1020.000 s", flags, err, stderr)
		}
	}
}
