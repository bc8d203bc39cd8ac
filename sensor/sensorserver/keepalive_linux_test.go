//go:build linux

package sensorserver

import (
	"net"
	"syscall"
	"testing"
)

// TestKeepAliveOptions: the phone's connection carries keepalive probes
// after 5 s idle, every 3 s, 4 unanswered closing it: a phone gone off the
// Wi-Fi without closing the WebSocket (half-open) is noticed 17 s after
// its last message, and one back without the connection at its next probe.
// It had Go's default, 15 s idle then 9 probes of 15 s: "connected" for
// 2.5 min, and a phone back after 5 s read again only 10 s later. Read
// back from the socket.
func TestKeepAliveOptions(t *testing.T) {
	p := newPhone(t) // (the session stays open, silent)
	src, err := New(Config{URL: p.url()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := src.dial(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	raw, err := conn.NetConn().(*net.TCPConn).SyscallConn()
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
		if err := raw.Control(func(fd uintptr) { got, gerr = syscall.GetsockoptInt(int(fd), o.level, o.opt) }); err != nil || gerr != nil {
			t.Fatalf("%s: %v %v", o.name, err, gerr)
		}
		if got != o.want {
			t.Errorf("%s = %d, want %d", o.name, got, o.want)
		}
	}
}
