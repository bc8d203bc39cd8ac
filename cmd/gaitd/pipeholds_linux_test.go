//go:build linux

package main

import (
	"os"
	"syscall"
	"testing"
	"unsafe"
)

// pipeHolds returns the bytes written to the pipe whose read end is f and
// not read yet (FIONREAD).
func pipeHolds(t *testing.T, f *os.File) int {
	var n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("FIONREAD: %v", e)
	}
	return int(n)
}
