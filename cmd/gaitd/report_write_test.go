package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
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

// TestAnalyzeDeviceWriteFails: --events and --summary written to a device
// that is full name it once: "write /dev/full: write /dev/full: no space
// left on device" before (a black-box round).
func TestAnalyzeDeviceWriteFails(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	for _, flag := range []string{"--events", "--summary"} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"analyze", "-q", flag, "/dev/full", "../../testdata/demo/run_waist.csv"}, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), "no space left on device") || strings.Count(err.Error(), "/dev/full") != 1 {
			t.Errorf("%s /dev/full: %v", flag, err)
		}
	}
}

// TestAnalyzeEventsFailKeepsSummary: an events file that cannot be written
// (a full disk) no longer loses the rest: the summary, the metrics file
// and the report are still written from the contacts, and the command
// still fails naming the events file. Before, the events write's error
// returned at once and the summary asked for beside it was never written.
func TestAnalyzeEventsFailKeepsSummary(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dir := t.TempDir()
	sum, met := filepath.Join(dir, "run.json"), filepath.Join(dir, "run.prom")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"analyze", "--events", "/dev/full", "--summary", sum, "--metrics", met, "../../testdata/demo/run_waist.csv"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "/dev/full") || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("err %v, want the events file's write error\n%s", err, stderr.String())
	}
	b, rerr := os.ReadFile(sum)
	if rerr != nil {
		t.Fatalf("the summary was not written: %v", rerr)
	}
	var s struct {
		Steps int `json:"steps"`
	}
	if err := json.Unmarshal(b, &s); err != nil || s.Steps < 100 {
		t.Errorf("summary: steps %d, %v\n%s", s.Steps, err, b)
	}
	if m, err := os.ReadFile(met); err != nil || !strings.Contains(string(m), "gait_cadence") {
		t.Errorf("metrics file: %v\n%s", err, m)
	}
	if !strings.Contains(stdout.String(), "cadence") {
		t.Errorf("no report on stdout:\n%s", stdout.String())
	}
}
