package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lockDataDir is lock_unix.go's, with LockFileEx for flock: an exclusive
// lock on dir's lock file for serve's lifetime, dropped when the file is
// closed or the process ends, and its pid written in the file. A second
// serve on the same directory is refused, naming the holder.
//
// Windows locks are mandatory, so the byte locked is one far past the
// pid (at 2⁶²), which the refused serve can then still read.
func lockDataDir(dir string) (release func(), err error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ol := &windows.Overlapped{OffsetHigh: 1 << 30}
	if err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol); err != nil {
		holder, _ := os.ReadFile(p)
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, dataDirInUse(p, holder)
		}
		return nil, fmt.Errorf("lock %s: %w", p, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(fmt.Sprintf("pid %d\n", os.Getpid())), 0)
	}
	return func() { f.Close() }, nil
}
