package runs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestWriteErrorNamesPath: a run write that fails says where the run was
// to go — its folder's full path, DATA/<device>/<run id> — and why, at a
// stop (kept for a retry) and at shutdown (lost). It named the run as
// "<device>/<run id>", relative to a data directory the message did not
// give, and the cause named only the temporary folder, removed since.
func TestWriteErrorNamesPath(t *testing.T) {
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	fixed := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		block func(data string) error // makes the write fail
		cause error
	}{
		{"device folder a file", func(data string) error { return os.WriteFile(filepath.Join(data, "d"), nil, 0o644) }, syscall.ENOTDIR},
		{"data directory a file", func(data string) error {
			if err := os.RemoveAll(data); err != nil {
				return err
			}
			return os.WriteFile(data, nil, 0o644)
		}, syscall.ENOTDIR},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			must(t, os.Mkdir(data, 0o755))
			r, err := NewRecorder(Config{DataDir: data, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout,
				Clock: func() time.Time { return fixed }})
			must(t, err)
			must(t, tc.block(data))
			want := filepath.Join(data, "d", runID(fixed))
			for _, end := range []bool{false, true} {
				for _, c := range fakeContacts(30, 0.9) {
					r.contact(c)
				}
				var err error
				if end {
					_, err = r.End()
				} else {
					_, err = r.Stop()
				}
				t.Logf("end %v: %v", end, err)
				if err == nil {
					t.Fatal("no error")
				}
				if !strings.Contains(err.Error(), want+" ") {
					t.Errorf("end %v: the error does not name the run's folder %s: %v", end, want, err)
				}
				if !errors.Is(err, tc.cause) || !errors.Is(err, ErrNotWritten) {
					t.Errorf("end %v: the error is not %v and ErrNotWritten: %v", end, tc.cause, err)
				}
			}
		})
	}
}
