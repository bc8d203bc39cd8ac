package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
)

var update = flag.Bool("update", false, "update golden files")

func TestEventsGolden(t *testing.T) {
	nan := math.NaN()
	cs := []gait.Contact{
		{IC: 1.2345, FC: 1.4811, Step: 0.341, GCT: 0.2466, Flight: 0.0944, Side: gait.Left, SideConf: 0.875, ImpactG: 2.71, VO: 0.0823, Braking: 0.112, Activity: gait.Running,
			PeakDecel: 0.81, LoadingRate: 71.25, Pitch: 0.1, Roll: 0.07, Yaw: 0.1, StrikeAngle: nan, Turn: -0.02},
		{IC: 1.5755, FC: nan, Step: nan, GCT: nan, Flight: nan, ImpactG: nan, VO: nan, Braking: nan, Activity: gait.Walking, Clipped: true,
			PeakDecel: nan, LoadingRate: nan, Pitch: nan, Roll: nan, Yaw: nan, StrikeAngle: nan, Turn: nan},
		{IC: 1700000000.125, FC: 1700000000.375, Step: 0.55, GCT: 0.25, Flight: 0.3, Side: gait.Right, SideConf: 1, ImpactG: 9.5, VO: nan, Braking: nan,
			PeakDecel: nan, LoadingRate: 120, Pitch: nan, Roll: nan, Yaw: nan, StrikeAngle: 0.16, Turn: nan},
	}
	var b bytes.Buffer
	w, err := NewEventsWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "..", "testdata", "golden", "events.csv")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("events CSV differs from %s:\n%s\nwant:\n%s", golden, b.Bytes(), want)
	}
}

func TestWriteJSONAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "run.json")
	if err := os.WriteFile(name, []byte(`{"old":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// a value that cannot be encoded leaves the old file intact and no
	// temporary file behind
	if err := WriteJSON(name, map[string]any{"bad": math.NaN()}); err == nil {
		t.Fatal("NaN encoded without error")
	}
	if b, _ := os.ReadFile(name); string(b) != `{"old":true}` {
		t.Fatalf("old file changed: %s", b)
	}
	if err := WriteJSON(name, map[string]int{"steps": 12}); err != nil {
		t.Fatal(err)
	}
	var v map[string]int
	b, _ := os.ReadFile(name)
	if err := json.Unmarshal(b, &v); err != nil || v["steps"] != 12 {
		t.Fatalf("read back %s: %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("leftover files: %v", entries)
	}
}

// TestSyncDir: a directory syncs; a missing one is an error (Commit
// reports it rather than claiming a durable write).
func TestSyncDir(t *testing.T) {
	dir := t.TempDir()
	if err := SyncDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := SyncDir(filepath.Join(dir, "gone")); err == nil {
		t.Error("missing directory synced")
	}
}

// TestAtomicSymlink: a name that is a symbolic link (/dev/stdout is one)
// is written through the link, which stays a link (renamed over, it became
// a regular file).
func TestAtomicSymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.json"), filepath.Join(dir, "link.json")
	os.WriteFile(target, []byte("old contents, longer than the new ones\n"), 0o644)
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := WriteJSON(link, 7); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s: %v, %v: no longer a link", link, fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "7\n" {
		t.Errorf("target holds %q", b)
	}
}

// TestAtomicLinkAbort: an aborted write through a link leaves the file it
// points to as it was (it was truncated when the output was opened, before
// the analysis, and left empty by a failure).
func TestAtomicLinkAbort(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "prev.json"), filepath.Join(dir, "latest.json")
	os.WriteFile(target, []byte("{\"prev\": 1}\n"), 0o644)
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	abortPartial(t, link)
	if b, _ := os.ReadFile(target); string(b) != "{\"prev\": 1}\n" {
		t.Errorf("after an abort the target holds %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("%d entries left in the folder, want the file and the link", len(ents))
	}
}

// TestAtomicOwnDescriptor: /dev/fd/N writes through the process's own
// descriptor, keeping its append mode (`gaitd … --summary /dev/stdout >>
// log` truncated the log) and leaving it open.
func TestAtomicOwnDescriptor(t *testing.T) {
	name := filepath.Join(t.TempDir(), "log.txt")
	os.WriteFile(name, []byte("before\n"), 0o644)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := "/dev/fd/" + strconv.Itoa(int(f.Fd()))
	if _, err := os.Stat(fd); err != nil {
		t.Skip("no /dev/fd:", err)
	}
	if err := WriteJSON(fd, 1); err != nil {
		t.Fatal(err)
	}
	stillOpen(t, f, name, "before\n1\n")
}

// stillOpen checks that the user's descriptor f, of file name, is still
// open after collections (an *os.File of it made and dropped would close
// it in its finalizer): a line written to it follows want.
func stillOpen(t *testing.T, f *os.File, name, want string) {
	t.Helper()
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := f.WriteString("after\n"); err != nil {
		t.Fatalf("the descriptor was closed: %v", err)
	}
	if b, _ := os.ReadFile(name); string(b) != want+"after\n" {
		t.Errorf("the log holds %q", b)
	}
}

// TestAtomicOwnDescriptorTwice: a descriptor named twice (/dev/fd/N and
// /proc/self/fd/N, or the same name for two outputs, or one test run
// twice with -count) stays open: the second lookup made an *os.File of it
// that it did not keep, and that file's finalizer closed the user's
// descriptor at the next collection (TestAtomicOwnDescriptor failed under
// go test -count=3: "bad file descriptor").
func TestAtomicOwnDescriptorTwice(t *testing.T) {
	name := filepath.Join(t.TempDir(), "log.txt")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := strconv.Itoa(int(f.Fd()))
	if _, err := os.Stat("/dev/fd/" + n); err != nil {
		t.Skip("no /dev/fd:", err)
	}
	if _, err := os.Stat("/proc/self/fd/" + n); err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	for i, fd := range []string{"/dev/fd/" + n, "/proc/self/fd/" + n, "/dev/fd/" + n} {
		if err := WriteJSON(fd, i); err != nil {
			t.Fatal(err)
		}
	}
	stillOpen(t, f, name, "0\n1\n2\n")
}

// TestAtomicStdoutAlias: another name of the file stdout writes to (a link
// to it, or its path when the shell redirected stdout there) is written
// through stdout, so that `>> log` keeps the log (the link was followed
// to the log, which was replaced).
func TestAtomicStdoutAlias(t *testing.T) {
	dir := t.TempDir()
	log, link := filepath.Join(dir, "log.txt"), filepath.Join(dir, "out.json")
	os.WriteFile(log, []byte("earlier\n"), 0o644)
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved := os.Stdout
	os.Stdout = f // as `gaitd … >> log.txt`
	defer func() { os.Stdout = saved }()
	if err := os.Symlink(log, link); err != nil {
		t.Skip(err)
	}
	for _, name := range []string{link, log} {
		if err := WriteJSON(name, 2); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(log); string(b) != "earlier\n2\n2\n" {
		t.Errorf("the log holds %q", b)
	}
}

// TestAtomicDanglingLink: a link to a file not there yet creates that file
// atomically (the link kept); an aborted write leaves nothing behind.
func TestAtomicDanglingLink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "new.json"), filepath.Join(dir, "latest.json")
	if err := os.Symlink("new.json", link); err != nil { // relative, as ln -s makes them
		t.Skip(err)
	}
	abortPartial(t, link)
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after an abort: %v", err)
	}
	if err := WriteJSON(link, 3); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("no longer a link: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "3\n" {
		t.Errorf("the target holds %q", b)
	}
}

// abortPartial opens name as an output, writes part of it and aborts, as a
// failed analysis does.
func abortPartial(t *testing.T, name string) {
	t.Helper()
	a, err := CreateAtomic(name)
	if err != nil {
		t.Fatal(err)
	}
	a.WriteString("partial")
	a.Abort()
}

// TestRemovePending: the temporary files of atomic files neither
// committed nor aborted are removed; committed and aborted ones are no
// longer pending (a committed file stays).
func TestRemovePending(t *testing.T) {
	dir := t.TempDir()
	open := func(name string) *AtomicFile {
		f, err := CreateAtomic(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(name)
		return f
	}
	kept, dropped, open1 := open("kept.json"), open("dropped.json"), open("open.json")
	if err := kept.Commit(); err != nil {
		t.Fatal(err)
	}
	dropped.Abort()
	tmp := open1.File.Name()
	RemovePending()
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file %s: %v, want removed", tmp, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "kept.json" {
		t.Errorf("left: %v, want kept.json alone", ents)
	}
	open1.Abort()
	pending.Range(func(k, _ any) bool {
		if filepath.Dir(k.(string)) == dir {
			t.Errorf("%s still pending", k)
		}
		return true
	})
}
