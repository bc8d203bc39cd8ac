//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock (flock) on dir's lock file for
// serve's lifetime and writes its pid in it; release closes it, which
// drops the lock (the file stays; so does the lock's end if the process
// dies, with the descriptor). A second serve on the same directory would
// write its runs beside the first's and, at start, take the temporary
// folders the first is writing for stale (runs.RemoveStale): it is
// refused, naming the holder.
func lockDataDir(dir string) (release func(), err error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(p)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, dataDirInUse(p, holder)
		}
		return nil, fmt.Errorf("lock %s: %w", p, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(fmt.Sprintf("pid %d\n", os.Getpid())), 0)
	}
	return func() { f.Close() }, nil
}
