package sockerr

import (
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"golang.org/x/sys/windows"
)

// TestWinsockErrnos: the table's numbers are Winsock's, and a socket error
// carrying them, wrapped as net and os wrap it, is recognised.
func TestWinsockErrnos(t *testing.T) {
	if wsaeaddrinuse != windows.WSAEADDRINUSE || wsaeconnreset != windows.WSAECONNRESET {
		t.Fatalf("WSAEADDRINUSE %d, WSAECONNRESET %d: not Winsock's", wsaeaddrinuse, wsaeconnreset)
	}
	bind := fmt.Errorf("--listen: %w", &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", windows.WSAEADDRINUSE)})
	if !AddrInUse(bind) || ConnReset(bind) {
		t.Errorf("%v: AddrInUse %v, ConnReset %v", bind, AddrInUse(bind), ConnReset(bind))
	}
	read := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("wsarecv", windows.WSAECONNRESET)}
	if !ConnReset(read) || AddrInUse(read) {
		t.Errorf("%v: ConnReset %v, AddrInUse %v", read, ConnReset(read), AddrInUse(read))
	}
	if !AddrInUse(syscall.EADDRINUSE) || !ConnReset(syscall.ECONNRESET) {
		t.Error("Go's own EADDRINUSE or ECONNRESET not recognised")
	}
}
