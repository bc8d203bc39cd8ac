//go:build !windows

package sockerr

import "syscall"

var (
	addrInUse = []syscall.Errno{syscall.EADDRINUSE}
	connReset = []syscall.Errno{syscall.ECONNRESET}
)
