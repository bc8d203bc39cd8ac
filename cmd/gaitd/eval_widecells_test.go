package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalWideCells: an agreement cell wider than its column's 22
// characters (a reference whose toe-offs scatter by ±0.1 s reads
// "-75.0/125.0 [-320,+170]", 23) widens that column on every line of both
// tables, so that each row's later columns stay under their headings: at a
// fixed 22 the wide cell pushed the rest of its row one character right
// (MS001_Test11's FC and GCT cells on the datasets).
func TestEvalWideCells(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, filepath.Join(root, "set", "plain"), run, true, map[string]any{"placement": "waist"})
	wide := filepath.Join(root, "set", "wide")
	writeTrial(t, wide, run, true, map[string]any{"placement": "waist"})
	// every other toe-off 0.2 s early, the rest 0.05 s late
	path := filepath.Join(wide, "truth.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		fc, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			fc -= 0.2
		} else {
			fc += 0.05
		}
		f[1] = strconv.FormatFloat(fc, 'f', 6, 64)
		lines[i] = strings.Join(f, ",")
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "eval", root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	// each table's heading gives where its columns start; every row's
	// cells start there (after the name, cells are ASCII or "—")
	var heads []int // starts of the FC and GCT headings, end of the cadence one
	widest := 0
	for _, l := range strings.Split(strings.TrimRight(stdout, "\n"), "\n") {
		r := []rune(l)
		switch {
		case l == "":
			heads = nil
			continue
		case strings.HasPrefix(l, "trial ") || strings.HasPrefix(l, "set (pooled) "):
			heads = nil
			for _, h := range []string{"FC bias", "GCT bias", "cad err", "|cad|max"} {
				if i := strings.Index(l, h); i >= 0 {
					if h[0] == 'F' || h[0] == 'G' {
						heads = append(heads, len([]rune(l[:i])))
					} else {
						heads = append(heads, len([]rune(l[:i]))+len(h))
					}
				}
			}
			if len(heads) != 3 {
				t.Fatalf("heading %q: columns at %v", l, heads)
			}
			continue
		}
		if heads == nil {
			t.Fatalf("row before a heading: %q\n%s", l, stdout)
		}
		// the FC and GCT cells start at their headings, each after a blank
		for k, at := range heads[:2] {
			if at >= len(r) || r[at-1] != ' ' || r[at] == ' ' {
				t.Errorf("row %q: column %d does not start at %d:\n%s", l, k+1, at, stdout)
			}
		}
		// the cadence column is right-aligned: it ends where its heading does
		if end := heads[2]; end > len(r) || r[end-1] == ' ' || (end < len(r) && r[end] != ' ') {
			t.Errorf("row %q: cadence cell does not end at %d:\n%s", l, end, stdout)
		}
		widest = max(widest, heads[1]-heads[0]-1)
	}
	if widest <= 22 {
		t.Fatalf("no FC cell wider than 22 (widest column %d): the test did not test\n%s", widest, stdout)
	}
}

// TestEvalInterruptedBeforeATrial: eval interrupted before any trial ran
// prints no table (a header over nothing, a review), and says it was
// interrupted.
func TestEvalInterruptedBeforeATrial(t *testing.T) {
	root := t.TempDir()
	writeTrial(t, filepath.Join(root, "set", "one"), sim.Config{Activity: sim.Running, Duration: 10, Rate: 100, Seed: 3}, true, map[string]any{"placement": "waist"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"eval", root}, &stdout, &stderr)
	if err == nil || stdout.Len() != 0 {
		t.Errorf("err %v, stdout %q, want an error and nothing printed", err, stdout.String())
	}
}
