package sockerr

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestAddrInUse: listening on a port another listener has is recognised,
// wrapped as serve wraps it; other errors are not.
func TestAddrInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback:", err)
	}
	defer busy.Close()
	l, err := net.Listen("tcp", busy.Addr().String())
	if err == nil {
		l.Close()
		t.Skip("the system let a second listener have the port")
	}
	if err := fmt.Errorf("--listen: %w", err); !AddrInUse(err) {
		t.Errorf("AddrInUse(%v) = false", err)
	}
	for _, err := range []error{nil, io.EOF, errors.New("address already in use"), os.ErrPermission, syscall.ECONNRESET} {
		if AddrInUse(err) {
			t.Errorf("AddrInUse(%v) = true", err)
		}
	}
}

// TestConnReset: a connection whose peer closed it with SO_LINGER 0 (an
// RST) is recognised when read; a connection closed in order (EOF) and
// other errors are not.
func TestConnReset(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback:", err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, ok := <-accepted
	if !ok {
		t.Fatal("accept failed")
	}
	s.(*net.TCPConn).SetLinger(0)
	s.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Read(make([]byte, 1))
	if !ConnReset(err) {
		t.Errorf("read after the peer's reset: %v, ConnReset false", err)
	}
	for _, err := range []error{nil, io.EOF, errors.New("connection reset by peer"), syscall.EADDRINUSE} {
		if ConnReset(err) {
			t.Errorf("ConnReset(%v) = true", err)
		}
	}
}
