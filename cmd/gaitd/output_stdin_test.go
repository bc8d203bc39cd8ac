package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNotTheRedirectedInput: a recording given as standard input
// redirected from a file (`analyze --events run.csv - < run.csv`) is that
// file, and an output path that is it is refused, as the recording's own
// path is: the events were renamed over it, exit 0, and the recording
// was lost. A standard input that is no regular file (a pipe, a terminal,
// which /dev/stdout may share) refuses nothing.
func TestOutputNotTheRedirectedInput(t *testing.T) {
	text, _ := simCSV(t, runningCfg(47, 10))
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.csv")
	os.WriteFile(rec, []byte(text), 0o644)
	withStdin := func(f *os.File, fn func()) {
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old }()
		fn()
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--events", rec, "-"}, "--events " + rec + ": that is the recording being analysed"},
		{[]string{"--summary", rec, "-"}, "--summary " + rec + ": that is the recording being analysed"},
	} {
		f, err := os.Open(rec)
		if err != nil {
			t.Fatal(err)
		}
		withStdin(f, func() {
			_, _, err = runCmd(t, append([]string{"analyze", "-q"}, tc.args...)...)
		})
		f.Close()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		if b, _ := os.ReadFile(rec); string(b) != text {
			t.Fatalf("%v: the recording was changed: %.40q", tc.args, b)
		}
	}
	// from a pipe: written
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString(text); w.Close() }()
	ev := filepath.Join(dir, "ev.csv")
	withStdin(r, func() {
		_, _, err = runCmd(t, "analyze", "-q", "--events", ev, "-")
	})
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(ev); !strings.HasPrefix(string(b), "ic_s,") || strings.Count(string(b), "\n") < 10 {
		t.Errorf("events from a pipe: %.60q", b)
	}
}
