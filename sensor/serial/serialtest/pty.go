//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package serialtest

import (
	"os"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// PTY opens a pseudo-terminal pair with the slave in raw mode (before any
// byte is written: protocols.md §12's raw-mode trap) and returns the
// master and the slave's path. The slave stays open until the test ends,
// so that its settings stay; the code under test opens the path itself.
// The test is skipped where pseudo-terminals are unavailable.
func PTY(tb testing.TB) (master *os.File, path string) {
	tb.Helper()
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		tb.Skipf("pseudo-terminals unavailable (/dev/ptmx: %v)", err)
	}
	m, s, err := pty.Open()
	if err != nil {
		tb.Skipf("pseudo-terminals unavailable: pty.Open: %v", err)
	}
	if err := MakeRaw(int(s.Fd())); err != nil {
		m.Close()
		s.Close()
		tb.Fatalf("raw mode: %v", err)
	}
	tb.Cleanup(func() {
		m.Close()
		s.Close()
	})
	return m, s.Name()
}

// MakeRaw is cfmakeraw(3).
func MakeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(fd, ioctlSetTermios, t)
}
