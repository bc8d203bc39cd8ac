package runs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestRunFolderRemoved: the device's folder, or the whole data directory,
// removed while serve runs (an operator's rm -r, a clean-up job) is made
// again at the next run's write; the run is written, not lost or kept.
func TestRunFolderRemoved(t *testing.T) {
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	for _, tc := range []struct {
		name   string
		remove func(data string) string // removes, returns what
	}{
		{"device folder", func(data string) string { return filepath.Join(data, "d") }},
		{"data directory", func(data string) string { return data }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			must(t, os.Mkdir(data, 0o755))
			r, err := NewRecorder(Config{DataDir: data, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: clock()})
			must(t, err)
			for k := 0; k < 2; k++ {
				for _, c := range fakeContacts(30, 0.9) {
					c.IC += float64(k) * 100
					c.FC += float64(k) * 100
					r.contact(c)
				}
				id, err := r.Stop()
				if err != nil || id == "" {
					t.Fatalf("run %d: %q %v", k+1, id, err)
				}
				if k == 0 {
					must(t, os.RemoveAll(tc.remove(data)))
				}
			}
			recs, err := List(data)
			if err != nil || len(recs) != 1 || recs[0].Steps != 30 || r.Unwritten() != 0 {
				t.Fatalf("after the removal: %v %+v, %d kept", err, recs, r.Unwritten())
			}
		})
	}
}
