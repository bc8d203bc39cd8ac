//go:build unix

package runs

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestRunPermissions: a run's folder and files follow the daemon's umask,
// as os.Mkdir and os.Create would make them (the folder was 0755 and the
// files 0644 whatever the umask: a daemon run under UMask=0077 showed its
// runs to every user of the machine).
func TestRunPermissions(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, tc := range []struct {
		umask      int
		file, want os.FileMode // the files', the folder's
	}{
		{0o077, 0o600, 0o700},
		{0o027, 0o640, 0o750},
		{0o022, 0o644, 0o755},
	} {
		syscall.Umask(tc.umask)
		data := t.TempDir()
		name, err := writeRun(data, "belt-1", "20261124T120000000Z", Record{Device: "belt-1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(data, "belt-1", name)
		perm := func(name string) os.FileMode {
			fi, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			return fi.Mode().Perm()
		}
		if p := perm(got); p != tc.want {
			t.Errorf("umask %03o: run folder %v, want %v", tc.umask, p, tc.want)
		}
		for _, f := range []string{"summary.json", "steps.csv"} {
			if p := perm(filepath.Join(got, f)); p != tc.file {
				t.Errorf("umask %03o: %s %v, want %v", tc.umask, f, p, tc.file)
			}
		}
	}
}
