package main

import (
	"strings"
	"testing"
)

// TestDemoListsItsOwnRuns runs the demo twice into one data folder (as
// compose.demo.yaml does with its volume): each lists only the runs it
// wrote, not the earlier demo's.
func TestDemoListsItsOwnRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and a simulated runner")
	}
	data := t.TempDir()
	for i := range 2 {
		out, stderr, err := runCmd(t, "demo", "--runners", "1", "--duration", "20s", "--speed", "20", "--listen", "127.0.0.1:0", "--data", data)
		if err != nil {
			t.Fatalf("demo %d: %v\n%s", i+1, err, stderr)
		}
		if !strings.Contains(out, "\n1 runs written:\n  runner-1") {
			t.Errorf("demo %d output:\n%s", i+1, out)
		}
	}
}
