//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package serialtest

import (
	"errors"
	"os"
	"runtime"
	"testing"
)

// PTY would open a pseudo-terminal pair; there are none on this system,
// so the test is skipped.
func PTY(tb testing.TB) (master *os.File, path string) {
	tb.Helper()
	tb.Skipf("pseudo-terminals unavailable on %s", runtime.GOOS)
	return nil, ""
}

// MakeRaw is cfmakeraw(3), which this system does not have.
func MakeRaw(fd int) error {
	return errors.New("serialtest: no termios on " + runtime.GOOS)
}
