//go:build unix

package output_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gaitd/gaitd/gait/output"
)

// TestAtomicKeepsOwner: a file replaced keeps its owner and group. Root
// replacing a user's summary (`sudo gaitd analyze --summary ~/run.json`)
// left it owned by root, and the user's next run could not replace it.
func TestAtomicKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file another owner")
	}
	const uid, gid = 65534, 65533
	path := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
	a, err := output.CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.WriteString("new"); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != uid || st.Gid != gid || fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced file: owner %d:%d mode %v, want %d:%d -rw-r-----", st.Uid, st.Gid, fi.Mode().Perm(), uid, gid)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	// a new file is the process's own
	fresh := filepath.Join(filepath.Dir(path), "new.json")
	if err := output.WriteJSON(fresh, 1); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Sys().(*syscall.Stat_t).Uid != 0 {
		t.Errorf("new file: %v %v", fi.Sys(), err)
	}
}
