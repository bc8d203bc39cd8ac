//go:build unix

package live

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/internal/childtest"
)

// TestStopOlderKept: POST /api/devices/{id}/stop whose run is written while
// an older run, kept from a failed write, still is not (a long run that
// does not fit a nearly full disk, here a file-size limit) answers 200 with
// the stopped run's id and the older run's error as a warning. It answered
// 500 with no run, as if the stop had failed, though its run was on disk.
// A stop whose own run cannot be written still answers 500.
//
// The file-size limit holds for the whole process, so the test runs in a
// child of the test binary (childtest).
func TestStopOlderKept(t *testing.T) {
	if !childtest.Child(t) {
		return
	}
	const limit = 11 << 10 // bytes: a 60 s run's summary (13 KB) and steps (16 KB) are over, a 5 s run's (7 KB) under
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, MaxDevices: 1, Engine: gait.Config{Placement: gait.Waist}, Sources: []string{"mqtt"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	ss, layout := runner(t, 7, 65)
	split := 6000 // the long run: 60 s
	if err := h.Push("belt", layout, ss[:split]); err != nil {
		t.Fatal(err)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Fatal(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	stop := func() (int, map[string]any) {
		t.Helper()
		res, err := http.Post(srv.URL+"/api/devices/belt/stop", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		json.NewDecoder(res.Body).Decode(&body)
		return res.StatusCode, body
	}
	if code, body := stop(); code != 500 {
		t.Fatalf("the long run's stop: %d %v, want 500 (its write fails)", code, body)
	}
	// the short run: written; the long one still kept
	if err := h.Push("belt", layout, ss[split:]); err != nil {
		t.Fatal(err)
	}
	code, body := stop()
	recs, _ := runs.List(dir)
	if code != 200 || len(recs) != 1 || body["run"] != recs[0].ID {
		t.Fatalf("the short run's stop: %d %v; runs on disk %d, want 200 with the written run's id", code, body, len(recs))
	}
	if w, _ := body["warning"].(string); !strings.Contains(w, "file too large") {
		t.Errorf("warning %q, want the kept run's write error", w)
	}
}
