package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalUnorderedTruth: truth.csv's rows out of time order are read
// sorted (documented in eval.ReadTruth) and said, with the first row out of
// place: they were sorted without a word, though an export whose rows came
// out of order may have lost or mixed up others. A file in order says
// nothing.
func TestEvalUnorderedTruth(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "swap")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, dir, run, true, map[string]any{"placement": "waist"})
	_, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.Contains(stderr, "not in time order") {
		t.Fatalf("a truth.csv in order: %q", stderr)
	}
	p := filepath.Join(dir, "truth.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	// lines 15 and 16 (file lines, 1-based) swapped
	lines[14], lines[15] = lines[15], lines[14]
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, stderr2, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr2)
	}
	if !strings.Contains(stderr2, "set/swap: truth.csv's rows are not in time order (1 row(s) before the row above them; first line 16, ic_s ") || !strings.Contains(stderr2, "under line 15, ") {
		t.Errorf("stderr %q: want the swapped rows said", stderr2)
	}
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
}
