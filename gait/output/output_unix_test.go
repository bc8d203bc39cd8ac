//go:build unix

package output

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAtomicPermissions: a new file has 0666 less the umask, as os.Create
// gives, and a file replaced keeps its permissions (every output was 0644
// whatever the umask and the file before: a summary written under umask
// 077, or over a private one, came out readable by everyone — an audit).
func TestAtomicPermissions(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	write := func(name string) {
		t.Helper()
		if err := WriteJSON(name, map[string]int{"steps": 1}); err != nil {
			t.Fatal(err)
		}
	}
	perm := func(name string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	for _, tc := range []struct {
		name  string
		umask int
		prev  os.FileMode // the file there before (0: none)
		want  os.FileMode
	}{
		{"new, umask 077", 0o077, 0, 0o600},
		{"new, umask 022", 0o022, 0, 0o644},
		{"new, umask 027", 0o027, 0, 0o640},
		{"over a private file, umask 022", 0o022, 0o600, 0o600},
		{"over a group-writable file, umask 077", 0o077, 0o664, 0o664},
	} {
		syscall.Umask(tc.umask)
		name := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
		if tc.prev != 0 {
			if err := os.WriteFile(name, []byte("{}"), tc.prev); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(name, tc.prev); err != nil { // (the umask applied)
				t.Fatal(err)
			}
		}
		write(name)
		if got := perm(name); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAtomicPrivateWhileWritten: the temporary file that replaces a
// private file is private while it is written, not 0666 less the umask
// until Commit gives it the old file's permissions: another user could
// open it meanwhile (an open descriptor outlives the chmod) and read what
// the private file held.
func TestAtomicPrivateWhileWritten(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	name := filepath.Join(t.TempDir(), "summary.json")
	if err := os.WriteFile(name, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	fi, err := f.File.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if p := fi.Mode().Perm(); p&^0o600 != 0 {
		t.Errorf("temporary file %v while written over a 0600 file, want none of its bits beyond -rw-------", p)
	}
	f.WriteString("{}")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("committed: %v %v, want -rw-------", fi.Mode().Perm(), err)
	}
}

// TestAtomicFIFONoReader: a FIFO that nobody reads is an error at once, not
// a wait before the analysis in which Ctrl-C goes unheard.
func TestAtomicFIFONoReader(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := CreateAtomic(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "a FIFO that no process reads") {
			t.Errorf("error %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still waiting for a reader after 5 s")
	}
}

// TestAtomicNotRegular: a name that is not a regular file (a FIFO here,
// /dev/null or /dev/stdout for a user) is written in place and never
// replaced or removed: renamed over, a user's `--events /dev/null` (run as
// root) left a regular file where /dev/null was.
func TestAtomicNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	// (the reader goroutine must have the pipe open first: without one,
	// CreateAtomic fails at once instead of blocking)
	var err error
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(10 * time.Millisecond) {
		if err = WriteJSON(fifo, map[string]int{"steps": 3}); err == nil || !strings.Contains(err.Error(), "no process reads") {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if string(b) != "{\n  \"steps\": 3\n}\n" {
			t.Errorf("read %q from the pipe", b)
		}
	case <-time.After(5 * time.Second):
		fi, _ := os.Lstat(fifo)
		t.Fatalf("nothing written to the pipe in 5 s; the name is now %v", fi.Mode())
	}
	for _, abort := range []bool{false, true} {
		go func() { // a reader for the open below
			if f, err := os.Open(fifo); err == nil {
				io.Copy(io.Discard, f)
				f.Close()
			}
		}()
		var a *AtomicFile
		var err error
		for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(10 * time.Millisecond) {
			if a, err = CreateAtomic(fifo); err == nil || !strings.Contains(err.Error(), "no process reads") {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		if abort {
			a.Abort()
		} else if err := a.Commit(); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("after commit/abort (%v): %v, %v: no longer the pipe", abort, fi.Mode(), err)
		}
	}
}
