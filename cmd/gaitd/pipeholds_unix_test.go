//go:build unix && !linux

package main

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// fionread is FIONREAD, _IOR('f', 127, int) on macOS, the BSDs, Solaris
// and AIX (golang.org/x/sys/unix does not name it there).
const fionread = 0x4004667f

// pipeHolds returns the bytes written to the pipe whose read end is f and
// not read yet (FIONREAD).
func pipeHolds(t *testing.T, f *os.File) int {
	n, err := unix.IoctlGetInt(int(f.Fd()), fionread)
	if err != nil {
		t.Fatalf("FIONREAD: %v", err)
	}
	return n
}
