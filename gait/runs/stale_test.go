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
	// complete, killed before the folder's rename: put in place
	done := complete(t, dev, "20261124T015506000Z", 0o700)

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

	removed, recovered, kept, err := RemoveStale(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dev, "20261124T015506000Z"); !slices.Equal(recovered, []string{want}) {
		t.Errorf("recovered %q, want %q", recovered, want)
	}
	if _, err := os.Lstat(done); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want renamed", done, err)
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
	if recs, err := List(data); err != nil || len(recs) != 2 {
		t.Errorf("runs after: %v %+v", err, recs)
	}
	if r, c, k, err := RemoveStale(filepath.Join(data, "nonexistent")); r != nil || c != nil || k != nil || err != nil {
		t.Errorf("a missing data directory: %v %v %v %v", r, c, k, err)
	}
}

// complete makes the folder of a run write killed after its files were
// written, before its rename (writeRun's last step): summary.json, with the
// run's id, and steps.csv in place, the folder still MkdirTemp's.
func complete(t *testing.T, dev, id string, perm os.FileMode) string {
	t.Helper()
	return completeAs(t, dev, id, id, perm)
}

// completeAs is complete with summary.json's id given apart.
func completeAs(t *testing.T, dev, folderID, id string, perm os.FileMode) string {
	t.Helper()
	tmp, err := os.MkdirTemp(dev, "."+folderID+".tmp")
	if err != nil {
		t.Fatal(err)
	}
	if err := output.WriteJSON(filepath.Join(tmp, "summary.json"), Record{Device: filepath.Base(dev), ID: id, Started: "2026-11-24T01:55:06Z"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "steps.csv"), []byte("ic_s,fc_s\n1.0,1.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(tmp, perm)
	return tmp
}

// TestRemoveStaleRecovers: a run folder whose write was complete when the
// process was killed — its files in place, the folder not yet renamed —
// is renamed into place at the next start, readable (0755 from its files'
// 0644, as writeRun makes it), not removed: the run was recorded. A run of
// its id already there keeps it, the recovered one named with a suffix as
// writeRun names two runs of one millisecond. A summary without a valid id
// is removed as before.
func TestRemoveStaleRecovers(t *testing.T) {
	data := t.TempDir()
	dev := filepath.Join(data, "belt")
	os.MkdirAll(dev, 0o755)
	a := complete(t, dev, "20261124T015506000Z", 0o700)
	os.MkdirAll(filepath.Join(dev, "20261124T015507000Z"), 0o755) // taken
	b := complete(t, dev, "20261124T015507000Z", 0o700)
	bad := completeAs(t, dev, "20261124T015508000Z", "../x", 0o700)
	removed, recovered, kept, err := RemoveStale(data)
	if err != nil || len(kept) != 0 {
		t.Fatal(err, kept)
	}
	if !slices.Equal(removed, []string{bad}) {
		t.Errorf("removed %q, want %q", removed, bad)
	}
	suffix := filepath.Base(b)[len(".20261124T015507000Z.tmp"):]
	want := []string{filepath.Join(dev, "20261124T015506000Z"), filepath.Join(dev, "20261124T015507000Z-"+suffix)}
	slices.Sort(recovered)
	if !slices.Equal(recovered, want) {
		t.Errorf("recovered %q, want %q", recovered, want)
	}
	for _, p := range []string{a, b} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want renamed", p, err)
		}
	}
	fi, err := os.Stat(want[0])
	ff, err2 := os.Stat(filepath.Join(want[0], "steps.csv"))
	if p := ff.Mode().Perm(); err != nil || err2 != nil || fi.Mode().Perm() != p|(p&0o444)>>2 {
		t.Errorf("%s: %v (its steps.csv %v): want its files' read bits as search bits too; %v %v", want[0], fi.Mode(), ff.Mode(), err, err2)
	}
	if rec, err := Load(data, "belt", "20261124T015506000Z"); err != nil || rec.ID != "20261124T015506000Z" {
		t.Errorf("recovered run: %+v %v", rec, err)
	}
}
