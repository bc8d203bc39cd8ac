package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalRepeatedLines: rows of truth.csv written twice are scored as
// documented (each a contact to match) and said with their lines, so that
// the reference's copy can be found and mended. The note said how many
// only ("truth.csv repeats 1 contact(s) …"), in a file of hundreds of rows.
func TestEvalRepeatedLines(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "dup")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, dir, run, true, map[string]any{"placement": "waist"})
	p := filepath.Join(dir, "truth.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	// line 11 written again after line 20 (as line 21), line 30 twice (as
	// lines 31 and 32)
	out := joinParts(lines[:20], lines[10:11], lines[20:30], lines[29:30], lines[30:])
	if err := os.WriteFile(p, []byte(strings.Join(out, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "set/dup: truth.csv repeats 2 contact(s) within 1 ms of another (line 21 repeats line 11, line 32 line 31): each counts as a contact to match") {
		t.Errorf("stderr %q: want the repeated rows' lines", stderr)
	}
}

func joinParts(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
