package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait/eval"
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

// TestUnorderedNoteValues: the note's two ic_s differ as written: at
// three decimals alone, rows out of order by under half a millisecond read
// "ic_s 1.000, under line 3, 1.000", in order to the eye. Truth without
// lines, a single row and repeated times say nothing.
func TestUnorderedNoteValues(t *testing.T) {
	for _, tc := range []struct {
		truth []eval.Truth
		want  string
	}{
		{[]eval.Truth{{IC: 1.0001, Line: 2}, {IC: 1.0002, Line: 3}, {IC: 1.00015, Line: 4}},
			"truth.csv's rows are not in time order (1 row(s) before the row above them; first line 4, ic_s 1.00015, under line 3, 1.0002): read sorted by ic_s"},
		{[]eval.Truth{{IC: 2, Line: 2}, {IC: 1.5, Line: 3}},
			"truth.csv's rows are not in time order (1 row(s) before the row above them; first line 3, ic_s 1.500, under line 2, 2.000): read sorted by ic_s"},
		{[]eval.Truth{{IC: 2}, {IC: 1}}, ""},
		{[]eval.Truth{{IC: 1, Line: 2}}, ""},
		{[]eval.Truth{{IC: 1, Line: 2}, {IC: 1, Line: 3}}, ""},
	} {
		if got := unorderedNote(tc.truth); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.truth, got, tc.want)
		}
	}
}
