package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputReportNotIntoInput: a report whose standard output is the
// recording being analysed (`analyze run.csv >> run.csv`) is refused
// before anything is written, as an output file that is it is: the report
// was appended to the recording, exit 0 — its next reading counted the
// report's lines as bad lines. With -q nothing goes to standard output,
// and the run is not refused.
func TestOutputReportNotIntoInput(t *testing.T) {
	text, _ := simCSV(t, runningCfg(48, 10))
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.csv")
	os.WriteFile(rec, []byte(text), 0o644)
	runTo := func(args ...string) (string, error) {
		f, err := os.OpenFile(rec, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var errb bytes.Buffer
		err = run(context.Background(), args, f, &errb)
		return errb.String(), err
	}
	_, err := runTo("analyze", rec)
	if want := "standard output is " + rec + ", the recording being analysed"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
	if b, _ := os.ReadFile(rec); string(b) != text {
		t.Fatalf("the recording was changed: %d bytes for %d", len(b), len(text))
	}
	ev := filepath.Join(dir, "ev.csv")
	if stderr, err := runTo("analyze", "-q", "--events", ev, rec); err != nil {
		t.Fatalf("-q: %v\n%s", err, stderr)
	}
	if b, _ := os.ReadFile(rec); string(b) != text {
		t.Fatalf("-q: the recording was changed")
	}
}
