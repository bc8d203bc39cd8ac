// Package output writes what gaitd records: the per-contact events CSV and
// the run summary JSON. Files are written atomically (to a temporary file in
// the same directory, synced, then renamed), so a reader never sees half a
// file and an interrupted run leaves the previous file intact.
package output

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/gaitd/gaitd/gait"
)

// EventsHeader is the header of the events CSV. The first eight columns are
// the stable contract used by acceptance scripts.
const EventsHeader = "ic_s,fc_s,side,gct_ms,flight_ms,step_ms,vo_mm,impact_g,side_conf,braking_m_s,activity,clipped," +
	"peak_decel_g,loading_rate_g_s,pitch_deg,roll_deg,yaw_deg,strike_angle_deg,turn_deg"

// EventsWriter writes one CSV row per contact. Unknown values are empty.
type EventsWriter struct {
	w   *bufio.Writer
	buf []byte
	n   int
}

// NewEventsWriter writes the header to w and returns the writer.
func NewEventsWriter(w io.Writer) (*EventsWriter, error) {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(EventsHeader + "\n"); err != nil {
		return nil, err
	}
	return &EventsWriter{w: bw, buf: make([]byte, 0, 160)}, nil
}

func appendNum(b []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b
	}
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	return noNegZero(b, n)
}

// noNegZero drops the sign of the number appended to b from n when it
// reads zero: a turn of −0.03° was written "-0.0", a value the other side
// of zero to a reader (and to a diff of two runs, whose "0.0" it was).
func noNegZero(b []byte, n int) []byte {
	if len(b) == n || b[n] != '-' {
		return b
	}
	for _, c := range b[n+1:] {
		if c != '0' && c != '.' {
			return b
		}
	}
	return append(b[:n], b[n+1:]...)
}

// appendDown appends v with prec decimals, rounded down: a side confidence
// written 0.60 is one the summary counts at its floor of 0.6 (0.596,
// rounded to 0.60, was not counted, and the balance recomputed from the
// CSV read 53.39 % for the summary's 53.58 %: mobgap HA001 Test11).
func appendDown(b []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b
	}
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	if r, err := strconv.ParseFloat(string(b[n:]), 64); err == nil && r > v {
		b = strconv.AppendFloat(b[:n], r-math.Pow(10, -float64(prec)), 'f', prec, 64)
	}
	return b
}

// Write appends one contact row.
func (e *EventsWriter) Write(c gait.Contact) error {
	b := e.buf[:0]
	b = appendNum(b, c.IC, 4)
	b = append(b, ',')
	b = appendNum(b, c.FC, 4)
	b = append(b, ',')
	b = append(b, c.Side.String()...)
	b = append(b, ',')
	b = appendNum(b, 1000*c.GCT, 1)
	b = append(b, ',')
	b = appendNum(b, 1000*c.Flight, 1)
	b = append(b, ',')
	b = appendNum(b, 1000*c.Step, 1)
	b = append(b, ',')
	b = appendNum(b, 1000*c.VO, 1)
	b = append(b, ',')
	b = appendNum(b, c.ImpactG, 2)
	b = append(b, ',')
	if c.Side != gait.SideUnknown {
		b = appendDown(b, c.SideConf, 2)
	}
	b = append(b, ',')
	b = appendNum(b, c.Braking, 3)
	b = append(b, ',')
	if c.Activity != gait.Unknown {
		b = append(b, c.Activity.String()...)
	}
	b = append(b, ',')
	if c.Clipped {
		b = append(b, '1')
	} else {
		b = append(b, '0')
	}
	const deg = 180 / math.Pi
	b = append(b, ',')
	b = appendNum(b, c.PeakDecel, 3)
	b = append(b, ',')
	b = appendNum(b, c.LoadingRate, 1)
	b = append(b, ',')
	b = appendNum(b, deg*c.Pitch, 1)
	b = append(b, ',')
	b = appendNum(b, deg*c.Roll, 1)
	b = append(b, ',')
	b = appendNum(b, deg*c.Yaw, 1)
	b = append(b, ',')
	b = appendNum(b, deg*c.StrikeAngle, 1)
	b = append(b, ',')
	b = appendNum(b, deg*c.Turn, 1)
	b = append(b, '\n')
	e.buf = b
	e.n++
	_, err := e.w.Write(b)
	return err
}

// Flush writes buffered rows through.
func (e *EventsWriter) Flush() error { return e.w.Flush() }

// AtomicFile is a file that appears under its name only when committed.
type AtomicFile struct {
	*os.File
	name    string // the user's name
	target  string // the path the temporary file is renamed to
	done    bool
	direct  bool // not a regular file: written in place
	noClose bool // the process's own descriptor (stdout, stderr, /dev/fd/N)
	// the permissions of the file replaced, given to the new one (when
	// replace: else none was there, and the temporary file's, 0666 less
	// the umask, stand)
	perm    os.FileMode
	replace bool
}

// CreateAtomic opens a temporary file beside name. Commit renames it into
// place; Abort (or Commit failing) removes it. A symbolic link to a regular
// file (or to none yet) is followed: the file it points to is replaced
// atomically and the link kept. A name that is not a regular file is
// written in place, not truncated, never removed: /dev/stdout, /dev/stderr,
// /dev/fd/N and /proc/self/fd/N through the descriptor the process already
// has (its offset and append mode: `>> log` keeps the log), /dev/null or a
// device as it is, a FIFO once a reader has it open (an error at once when
// none has: waiting would leave Ctrl-C unheard). Renamed over, as root,
// /dev/null and /dev/stdout became regular files for the whole machine.
// A file replaced keeps its permissions, and its owner and group as far as
// the process may set them (keepOwner); a new one has 0666 less the
// process's umask, as os.Create gives.
func CreateAtomic(name string) (*AtomicFile, error) {
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", name)
	}
	if fi, err := os.Stat(name); err == nil {
		// a name of stdout or stderr (/dev/stdout, /dev/fd/2, a link to
		// them, the file the shell redirected them to): through the
		// descriptor, or `>> log` lost the log
		for _, std := range []*os.File{os.Stdout, os.Stderr} {
			if si, err := std.Stat(); err == nil && os.SameFile(fi, si) {
				return &AtomicFile{File: std, name: name, direct: true, noClose: true}, nil
			}
		}
	}
	if f := ownDescriptor(name); f != nil {
		if _, err := f.Stat(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err) // not open: now, not after the analysis
		}
		return &AtomicFile{File: f, name: name, direct: true, noClose: true}, nil
	}
	target, err := followLinks(name)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		// O_NONBLOCK: a FIFO without a reader fails (ENXIO) rather than
		// block before the analysis starts
		f, err := os.OpenFile(target, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			if errors.Is(err, syscall.ENXIO) && fi.Mode()&os.ModeNamedPipe != 0 {
				return nil, fmt.Errorf("%s: a FIFO that no process reads (start its reader first)", name)
			}
			return nil, err
		}
		return &AtomicFile{File: f, name: name, direct: true}, nil
	}
	perm, replace := os.FileMode(0o666), false
	old, err := os.Stat(target)
	if err == nil {
		perm, replace = old.Mode().Perm(), true
	}
	dir := filepath.Dir(target)
	// (created with the replaced file's permissions, not 0666: a private
	// file's content was readable by others while it was written, and a
	// descriptor opened then outlives Commit's chmod)
	f, err := createTemp(dir, "."+tempBase(filepath.Base(target))+".tmp", perm)
	if err != nil {
		// name the user's path, not the temporary file's
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if replace {
		keepOwner(f, old)
	}
	pending.Store(f.Name(), struct{}{})
	return &AtomicFile{File: f, name: name, target: target, perm: perm, replace: replace}, nil
}

// createTemp creates a new file in dir whose name is prefix and a random
// number, as os.CreateTemp does, but with permissions 0666 less the
// process's umask, as a file the user's shell or os.Create makes (one
// from os.CreateTemp is 0600, and was then set to 0644 whatever the umask:
// a summary written under umask 077 came out readable by everyone, an
// audit).
//
// perm is the permissions asked for (less the umask): 0666, or the
// replaced file's.
func createTemp(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &os.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// tempBase is base cut to 200 bytes, at a rune's start, for a temporary
// file's name: with the dot, ".tmp" and the number added to it, a name
// of 241–255 bytes, which the file system takes, made one it refused ("file
// name too long", a 250-byte events file name).
func tempBase(base string) string {
	const max = 200
	if len(base) <= max {
		return base
	}
	n := max
	for n > 0 && !utf8.RuneStart(base[n]) {
		n--
	}
	return base[:n]
}

// pending holds the temporary files of the AtomicFiles not yet committed
// or aborted (their names), for RemovePending.
var pending sync.Map

// RemovePending removes the temporary file of every AtomicFile not yet
// committed or aborted, for a process about to exit at once (gaitd's
// second Ctrl-C), which left them beside the outputs: a partly written
// .events.csv.tmp1234 of megabytes (a review). The files stay open; a
// Commit after it fails.
func RemovePending() {
	pending.Range(func(k, _ any) bool {
		os.Remove(k.(string))
		return true
	})
}

// followLinks returns the path name's symbolic links lead to — the file to
// replace (or create: a link to a file not there yet), so that the link
// stays a link — or name itself when it is not a link.
func followLinks(name string) (string, error) {
	p := name
	for range 40 {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return p, nil // the file, or the one to create
		}
		l, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(l) {
			l = filepath.Join(filepath.Dir(p), l)
		}
		p = l
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", name)
}

// ownDescriptor returns the process's own open file for /dev/fd/N and
// /proc/self/fd/N (not to be closed), or nil; stdout and stderr are found
// by CreateAtomic before. Opened again by name it would be a new open file
// at offset 0, without the shell's append mode.
func ownDescriptor(name string) *os.File {
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(name, dir); ok {
			if fd, err := strconv.Atoi(n); err == nil && fd >= 0 {
				// kept for the process's life: an *os.File that is
				// collected closes its descriptor (its finalizer), and
				// the descriptor is the user's. Made only once per
				// descriptor: one made and not kept (LoadOrStore's
				// argument when the descriptor was there already, named
				// a second time) closed it at the next collection
				ownMu.Lock()
				defer ownMu.Unlock()
				f, ok := ownFiles[fd]
				if !ok {
					f = os.NewFile(uintptr(fd), name)
					ownFiles[fd] = f
				}
				return f
			}
		}
	}
	return nil
}

// ownFiles holds the *os.File of each descriptor ownDescriptor handed out
// (under ownMu).
var (
	ownMu    sync.Mutex
	ownFiles = map[int]*os.File{}
)

// Commit syncs, closes and renames the file into place, then syncs its
// directory so that the rename is durable. An error from that last step
// means the file is in place but may not survive a power cut.
func (a *AtomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
	defer pending.Delete(a.File.Name())
	if a.direct {
		if a.noClose {
			return nil
		}
		if err := a.File.Close(); err != nil {
			return WriteError(a.name, err)
		}
		return nil
	}
	if err := a.File.Sync(); err != nil {
		a.File.Close()
		os.Remove(a.File.Name())
		return WriteError(a.name, err)
	}
	if err := a.File.Close(); err != nil {
		os.Remove(a.File.Name())
		return WriteError(a.name, err)
	}
	if a.replace {
		// the file replaced keeps its permissions (a summary made
		// private stays private)
		if err := os.Chmod(a.File.Name(), a.perm); err != nil {
			os.Remove(a.File.Name())
			return WriteError(a.name, err)
		}
	}
	if err := os.Rename(a.File.Name(), a.target); err != nil {
		os.Remove(a.File.Name())
		return WriteError(a.name, err)
	}
	if err := SyncDir(filepath.Dir(a.target)); err != nil {
		return WriteError(a.name, err)
	}
	return nil
}

// SyncDir flushes directory dir to stable storage, so that a rename into
// it survives a power cut as the renamed file's data does. File systems
// that cannot sync a directory (EINVAL) are not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := syncDir(d); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// Abort discards the file.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	defer pending.Delete(a.File.Name())
	if a.noClose {
		return
	}
	a.File.Close()
	if !a.direct {
		os.Remove(a.File.Name())
	}
}

// WriteError is err, from writing the file name, said as "write name: …"
// — as it is, when it is the *fs.PathError of name itself (a device
// written in place, /dev/full: "write /dev/full: write /dev/full: no
// space left on device" before).
func WriteError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == name {
		return err
	}
	return fmt.Errorf("write %s: %w", name, err)
}

// WriteJSON writes v as indented JSON to name atomically.
func WriteJSON(name string, v any) error {
	f, err := CreateAtomic(name)
	if err != nil {
		return err
	}
	return f.WriteJSON(v)
}

// WriteJSON encodes v as indented JSON into the file and commits it.
func (a *AtomicFile) WriteJSON(v any) error {
	name := a.name
	enc := json.NewEncoder(a)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		a.Abort()
		return WriteError(name, err)
	}
	return a.Commit()
}
