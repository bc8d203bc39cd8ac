//go:build linux

package serial

import (
	"net"
	"syscall"
	"testing"
	"time"
)

// TestTCPKeepAliveOptions: the connections of tcp:// (dialled) and
// tcp-listen:// (accepted) carry keepalive probes after 5 s idle, every
// 3 s, 4 unanswered closing the connection: a device gone without closing
// it (an ESP32 that lost its WiFi or its power) is noticed 17 s after its
// last byte. They had Go's default, 15 s idle then 9 probes of 15 s: the
// session stayed "connected" for 2.5 min. Read back from the sockets.
func TestTCPKeepAliveOptions(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	src, err := Open(Config{Device: "tcp://" + ln.Addr().String(), Format: FormatText}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := src.open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	wantKeepAlive(t, "tcp://", p.(*net.TCPConn))

	src, err = Open(Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dialled := make(chan net.Conn, 1)
	go func() {
		for src.Addr() == "" {
			time.Sleep(5 * time.Millisecond)
		}
		c, err := net.Dial("tcp", src.Addr())
		if err != nil {
			t.Error(err)
			c = nil
		}
		dialled <- c
	}()
	p, err = src.open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer src.ln.close()
	defer p.Close()
	if c := <-dialled; c != nil {
		defer c.Close()
	}
	wantKeepAlive(t, "tcp-listen://", p.(*tcpConn).Conn.(*net.TCPConn))
}

// wantKeepAlive checks c's keepalive socket options (Linux: seconds).
func wantKeepAlive(t *testing.T, what string, c *net.TCPConn) {
	t.Helper()
	raw, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		name       string
		level, opt int
		want       int
	}{
		{"SO_KEEPALIVE", syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1},
		{"TCP_KEEPIDLE", syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, 5},
		{"TCP_KEEPINTVL", syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, 3},
		{"TCP_KEEPCNT", syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT, 4},
	} {
		var got int
		var gerr error
		if err := raw.Control(func(fd uintptr) { got, gerr = syscall.GetsockoptInt(int(fd), o.level, o.opt) }); err != nil {
			t.Fatal(err)
		}
		if gerr != nil {
			t.Fatalf("%s %s: %v", what, o.name, gerr)
		}
		if got != o.want {
			t.Errorf("%s %s = %d, want %d", what, o.name, got, o.want)
		}
	}
}
