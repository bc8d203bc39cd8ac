package runs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestRunNameTaken: whatever holds a run's name in the device folder — a
// run folder, an empty folder, a file, a link to a folder, a link to
// nothing (an archived run's link whose disk is unmounted) — the run is
// written beside it under a name of its own, the entry there is left as it
// was, and the summary holds the folder's name as id. A link to nothing
// was taken for a free name (os.Stat follows links), the folder's rename
// onto it failed ("not a directory") at every retry, and the run, and
// every later run of the device (written oldest first), was never written
// — all lost at shutdown. Such a name comes back when the clock does: a
// board without a real-time clock restores the same saved time at every
// boot (fake-hwclock), and its run ids repeat.
func TestRunNameTaken(t *testing.T) {
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	fixed := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	id := runID(fixed)
	for _, tc := range []struct {
		name string
		make func(t *testing.T, p string) // makes the entry p
	}{
		{"run folder", func(t *testing.T, p string) {
			must(t, os.MkdirAll(p, 0o755))
			must(t, os.WriteFile(filepath.Join(p, "summary.json"), []byte(`{"id":"`+id+`"}`), 0o644))
		}},
		{"empty folder", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) }},
		{"file", func(t *testing.T, p string) { must(t, os.WriteFile(p, nil, 0o644)) }},
		{"link to a folder", func(t *testing.T, p string) { must(t, os.Symlink(t.TempDir(), p)) }},
		{"link to nothing", func(t *testing.T, p string) { must(t, os.Symlink(filepath.Join(t.TempDir(), "gone"), p)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			taken := filepath.Join(data, "d", id)
			must(t, os.MkdirAll(filepath.Dir(taken), 0o755))
			tc.make(t, taken)
			before, err := os.Lstat(taken)
			must(t, err)
			r, err := NewRecorder(Config{DataDir: data, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout,
				Clock: func() time.Time { return fixed }})
			must(t, err)
			for k := 0; k < 2; k++ { // two runs: the second is not held back by the first
				for _, c := range fakeContacts(30, 0.9) {
					c.IC += float64(k) * 100
					c.FC += float64(k) * 100
					r.contact(c)
				}
				got, err := r.Stop()
				if err != nil {
					t.Fatalf("run %d: %v", k+1, err)
				}
				if got == id {
					t.Fatalf("run %d written as %s, over the entry there", k+1, got)
				}
				b, err := os.ReadFile(filepath.Join(data, "d", got, "summary.json"))
				must(t, err)
				var rec Record
				must(t, json.Unmarshal(b, &rec))
				if rec.ID != got || rec.Steps != 30 {
					t.Errorf("run %d in %s: summary id %q, %d steps", k+1, got, rec.ID, rec.Steps)
				}
			}
			after, err := os.Lstat(taken)
			must(t, err)
			if after.Mode() != before.Mode() || !os.SameFile(before, after) {
				t.Errorf("%s: %v before, %v after", taken, before.Mode(), after.Mode())
			}
			if r.Unwritten() != 0 || r.Runs() != 2 {
				t.Errorf("%d runs written, %d kept", r.Runs(), r.Unwritten())
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
