//go:build unix

package runs

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/internal/childtest"
	"github.com/gaitd/gaitd/sensor"
)

// TestRunThatDoesNotFit: a run whose write fails for itself — a long
// run's steps.csv that does not fit (a nearly full SD card, a quota; here
// a file size limit, RLIMIT_FSIZE, which fails it with EFBIG) — does not
// hold back the shorter runs after it, which fit: they are written at
// their stop, at a retry and at shutdown, and the long one is kept and
// retried, written once there is room. Writes stopped at the first run
// that failed, oldest first: every later run of the device waited behind
// the one that could not be written, and a shutdown lost them all.
//
// The file-size limit holds for the whole process, so the test runs in a
// child of the test binary (childtest).
func TestRunThatDoesNotFit(t *testing.T) {
	if !childtest.Child(t) {
		return
	}
	const limit = 32 << 10 // bytes: a run of 1000 steps is over, one of 30 under
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	// a stop: the stopped run written, its id returned beside the long
	// run's error ("": read as not written, an HTTP stop's 500;
	// TestStopOlderKept)
	stop := func(r *Recorder) error {
		id, err := r.Stop()
		if recs, _ := List(r.cfg.DataDir); len(recs) != 1 || id != recs[0].ID {
			return fmt.Errorf("stop returned run %q, the folder holds %d run(s) (%v)", id, len(recs), err)
		}
		return err
	}
	for _, tc := range []struct {
		name string
		// end closes the short run after the long one: a stop, a
		// silence (Quiet) after the retry's wait, a shutdown
		end func(r *Recorder) error
	}{
		{name: "stop", end: stop},
		{name: "silence", end: func(r *Recorder) error { return r.Quiet(time.Hour) }},
		{name: "shutdown", end: func(r *Recorder) error { _, err := r.End(); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			now := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
			r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: clock(),
				Now: func() time.Time { return now }})
			must(t, err)
			add := func(n int, at float64) {
				for _, c := range fakeContacts(n, 0.9) {
					c.IC += at
					c.FC += at
					r.contact(c)
				}
			}
			var old syscall.Rlimit
			must(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
			must(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}))
			restore := func() { must(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)) }
			defer restore()

			add(1000, 0) // the long run: does not fit
			if _, err := r.Stop(); !errors.Is(err, syscall.EFBIG) || r.Unwritten() != 1 {
				t.Fatalf("long run: %v, %d kept; want EFBIG and the run kept", err, r.Unwritten())
			}
			now = now.Add(time.Hour) // past the retry's wait
			add(30, 1000)            // a short run
			err = tc.end(r)
			if !errors.Is(err, syscall.EFBIG) {
				t.Errorf("%s: %v, want the long run's EFBIG", tc.name, err)
			}
			if r.Runs() != 1 || r.Unwritten() != 1 {
				t.Fatalf("%s: %d runs written, %d kept; want the short one written, the long one kept", tc.name, r.Runs(), r.Unwritten())
			}
			if recs, _ := List(dir); len(recs) != 1 || recs[0].Steps != 30 {
				t.Fatalf("%s: runs in the folder %+v, want the short one", tc.name, recs)
			}
			restore() // room again: the long run is written at the next try
			if _, err := r.End(); err != nil {
				t.Fatal(err)
			}
			recs, err := List(dir)
			must(t, err)
			if len(recs) != 2 || recs[0].Steps+recs[1].Steps != 1030 || r.Unwritten() != 0 {
				t.Fatalf("after room: %d runs %+v, %d kept", len(recs), recs, r.Unwritten())
			}
			left, _ := filepath.Glob(filepath.Join(dir, "d", ".*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}
