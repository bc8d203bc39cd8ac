// Package sockerr recognises socket errors by what they mean, whatever
// number the system gives them. On Windows a port in use is WSAEADDRINUSE
// (10048) and a reset connection WSAECONNRESET (10054), which
// errors.Is(err, syscall.EADDRINUSE) or syscall.ECONNRESET never matches:
// there those are numbers Go invented, which no socket call returns.
package sockerr

import (
	"errors"
	"syscall"
)

// AddrInUse reports whether err is, or wraps, "address already in use"
// (EADDRINUSE; WSAEADDRINUSE on Windows): a listen or bind on an address
// that another socket has.
func AddrInUse(err error) bool { return isAny(err, addrInUse) }

// ConnReset reports whether err is, or wraps, "connection reset by peer"
// (ECONNRESET; WSAECONNRESET on Windows).
func ConnReset(err error) bool { return isAny(err, connReset) }

func isAny(err error, errnos []syscall.Errno) bool {
	if err == nil {
		return false
	}
	for _, e := range errnos {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
