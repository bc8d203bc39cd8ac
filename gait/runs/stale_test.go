package runs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait/output"
)

// TestRemoveStale: the temporary folders of run writes that were cut short
// (a second signal while serve wrote its runs) are removed, and nothing
// else: not a written run, a user's dot folder, a folder of the pattern
// holding a file a write does not make, a link of the pattern, or a match
// outside a device folder. Before, nothing removed them: they stayed
// hidden in the data directory for good. The ids are a Recorder's (runID):
// the pattern had a decimal point that run ids do not have, and this test,
// written with such ids, passed while no real folder was ever matched (an
// audit).
func TestRemoveStale(t *testing.T) {
	data := t.TempDir()
	dev := filepath.Join(data, "belt-1")
	os.MkdirAll(dev, 0o755)
	id := runID(time.Date(2026, 11, 24, 1, 55, 0, 123e6, time.UTC)) // as a Recorder names its runs
	if id != "20261124T015500123Z" {
		t.Fatalf("run id %q", id)
	}
	written, err := writeRun(data, "belt-1", id, Record{Device: "belt-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// cut short as writeRun names them: summary written, steps.csv's
	// atomic file not committed; and one cut before any file
	tmp1, _ := os.MkdirTemp(dev, "."+id+".tmp")
	if err := output.WriteJSON(filepath.Join(tmp1, "summary.json"), Record{}); err != nil {
		t.Fatal(err)
	}
	f, err := output.CreateAtomic(filepath.Join(tmp1, "steps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close() // killed: neither Commit nor Abort
	os.MkdirAll(filepath.Join(data, "shoe-l"), 0o755)
	tmp2, _ := os.MkdirTemp(filepath.Join(data, "shoe-l"), ".20261124T015501000Z.tmp")

	// not ours
	userDot := filepath.Join(dev, ".notes")
	os.MkdirAll(userDot, 0o755)
	withUserFile := filepath.Join(dev, ".20261124T015502000Z.tmp42")
	os.MkdirAll(withUserFile, 0o755)
	os.WriteFile(filepath.Join(withUserFile, "mine.txt"), []byte("keep"), 0o644)
	target := filepath.Join(t.TempDir(), "elsewhere")
	os.MkdirAll(target, 0o755)
	link := filepath.Join(dev, ".20261124T015503000Z.tmp7")
	os.Symlink(target, link)
	outside := filepath.Join(data, ".hidden", ".20261124T015504000Z.tmp9")
	os.MkdirAll(outside, 0o755)
	lookalike := filepath.Join(dev, ".20261124T015505000Z.tmpx")
	os.MkdirAll(lookalike, 0o755)

	removed, kept, err := RemoveStale(data)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if want := []string{tmp1, tmp2}; !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	if !slices.Equal(kept, []string{withUserFile}) {
		t.Errorf("kept %q, want %q", kept, withUserFile)
	}
	for _, p := range []string{tmp1, tmp2} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want removed", p, err)
		}
	}
	for _, p := range []string{filepath.Join(dev, written, "summary.json"), userDot, filepath.Join(withUserFile, "mine.txt"), link, target, outside, lookalike} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s: %v, want kept", p, err)
		}
	}
	if recs, err := List(data); err != nil || len(recs) != 1 {
		t.Errorf("runs after: %v %+v", err, recs)
	}
	if r, k, err := RemoveStale(filepath.Join(data, "nonexistent")); r != nil || k != nil || err != nil {
		t.Errorf("a missing data directory: %v %v %v", r, k, err)
	}
}
