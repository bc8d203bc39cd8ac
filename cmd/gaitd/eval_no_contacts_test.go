package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalNoContactsReason: a trial in which the engine finds no contact
// is scored 0 and the engine's reason said beside it, in eval's terms:
// the placement comes from meta.json (eval has no --placement). The
// reason said "check --placement and the axes", a flag eval refuses, where
// the analyze warnings beside it already said "meta.json's placement".
func TestEvalNoContactsReason(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "still")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, dir, run, true, map[string]any{"placement": "waist"})
	// the recording of a sensor lying still: 1 g on one axis
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 2000 {
		b.WriteString(strconv.FormatFloat(float64(i)/100, 'f', -1, 64) + ",0,0,1\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "input.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if f := rows["set/still"]; len(f) < 5 || f[1] != "0.000" || f[2] != "0.000" || f[4] != "0" {
		t.Errorf("row %v, want P 0, R 0, n 0", f)
	}
	if !strings.Contains(stderr, "set/still: no contacts: ") {
		t.Fatalf("stderr %q: want the engine's reason", stderr)
	}
	if strings.Contains(stderr, "--placement") || !strings.Contains(stderr, "meta.json's placement") {
		t.Errorf("stderr %q: want meta.json's placement, not --placement", stderr)
	}
}
