package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// fullWriter fails every write, as standard output redirected to a full
// disk (or /dev/full) does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestAnalyzeReportWriteFails: a report that cannot be written to standard
// output is an error. `gaitd analyze run.csv > report.txt` on a full disk
// left an empty report.txt and exited 0.
func TestAnalyzeReportWriteFails(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"analyze", "../../testdata/demo/run_waist.csv"}, fullWriter{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "standard output") {
		t.Fatalf("err %v, want the report's write error\n%s", err, stderr.String())
	}
	// -q writes nothing there: no error
	if err := run(context.Background(), []string{"analyze", "-q", "../../testdata/demo/run_waist.csv"}, fullWriter{}, &stderr); err != nil {
		t.Fatalf("-q: %v", err)
	}
}
