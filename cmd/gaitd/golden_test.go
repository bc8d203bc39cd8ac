package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// TestDemoGolden runs the README's command on the demo recording and
// compares the events CSV and the summary JSON with the golden files in
// testdata/golden (regenerate with go test ./cmd/gaitd -run Golden -update
// after a deliberate change, and review the diff).
func TestDemoGolden(t *testing.T) {
	dir := t.TempDir()
	ev, sum := filepath.Join(dir, "steps.csv"), filepath.Join(dir, "run.json")
	if _, stderr, err := runCmd(t, "analyze", "-q", "--events", ev, "--summary", sum, "../../testdata/demo/run_waist.csv"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, f := range []struct{ got, golden string }{
		{ev, "demo_events.csv"},
		{sum, "demo_summary.json"},
	} {
		got, err := os.ReadFile(f.got)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, f.golden, got)
	}
}

// checkGolden compares got with testdata/golden/name, after writing it
// there with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after a deliberate change):\n%s", golden, got)
	}
}
