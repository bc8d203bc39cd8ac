package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeQuietEmptySaysWhy: an empty result says why on stderr also
// with -q, which keeps the report off stdout. A script's `analyze -q
// --events steps.csv short.csv` got a header-only events file, status 0 and
// not a word.
func TestAnalyzeQuietEmptySaysWhy(t *testing.T) {
	rec := writeTemp(t, "short.csv", "t,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n0.02,0,0,1\n")
	for _, flags := range [][]string{
		{"-q"},
		{"-q", "--events", filepath.Join(t.TempDir(), "steps.csv")},
		{"-q", "--summary", filepath.Join(t.TempDir(), "run.json")},
	} {
		stdout, stderr, err := runCmd(t, append(append([]string{"analyze"}, flags...), rec)...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", flags, err, stderr)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q", flags, stdout)
		}
		if !strings.Contains(stderr, "short.csv: recording too short: no complete step") {
			t.Errorf("%v: stderr %q, want the empty result's reason", flags, stderr)
		}
	}
	// without -q the report's result line says it, once
	stdout, stderr, err := runCmd(t, "analyze", rec)
	if err != nil || !strings.Contains(stdout, "result     recording too short") || strings.Contains(stderr, "too short") {
		t.Errorf("without -q: err %v\nstdout %s\nstderr %s", err, stdout, stderr)
	}
}
