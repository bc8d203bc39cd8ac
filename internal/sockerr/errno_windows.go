package sockerr

import "syscall"

// Winsock's numbers (winerror.h), which sockets return as syscall.Errno.
const (
	wsaeaddrinuse syscall.Errno = 10048
	wsaeconnreset syscall.Errno = 10054
)

// Go's invented syscall.EADDRINUSE and ECONNRESET stay in the lists, for
// an error made with them rather than returned by a socket call.
var (
	addrInUse = []syscall.Errno{wsaeaddrinuse, syscall.EADDRINUSE}
	connReset = []syscall.Errno{wsaeconnreset, syscall.ECONNRESET}
)
