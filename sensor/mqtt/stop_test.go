package mqtt

import (
	"context"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"
)

// A Source stopped while a connection attempt is in flight (a broker that
// took the TCP connection and has not answered the CONNECT yet) says
// nothing more once Run has returned: paho ends the attempt later, in its
// own goroutine, and its failure was logged as "mqtt connect failed" and
// stored as the last error after the daemon's last line, as if the
// source were still trying.
func TestNoCallbacksAfterRun(t *testing.T) {
	addr, accepted, release := stalledBroker(t)

	logs := new(lockedBuffer)
	s, err := New(Config{Broker: "tcp://" + addr, ClientID: "gaitd-stop-mid-attempt"}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx, nil, nil); close(done) }()
	select {
	case <-accepted:
	case <-time.After(5 * time.Second):
		t.Fatal("no connection attempt")
	}
	time.Sleep(100 * time.Millisecond) // the CONNECT sent, its CONNACK awaited
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5 s of cancel")
	}
	before, lastErr := logs.String(), s.Stats().LastError
	// the attempt ends now (its connection closed, the broker gone)
	release()
	time.Sleep(time.Second)
	if after := logs.String(); after != before {
		t.Errorf("logged after Run returned:\n%s", after[len(before):])
	}
	if e := s.Stats().LastError; e != lastErr {
		t.Errorf("last error changed after Run returned: %q → %q", lastErr, e)
	}
}

// stalledBroker listens on a local port and holds every connection open
// without a byte in answer: a broker that took the TCP connection and never
// answers the CONNECT. accepted is signalled at each connection (without
// blocking); release closes the listener and the connections (also at the
// test's end).
func stalledBroker(t *testing.T) (addr string, accepted <-chan struct{}, release func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	acc := make(chan struct{}, 1)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
			select {
			case acc <- struct{}{}:
			default:
			}
		}
	}()
	release = func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		conns = nil
		mu.Unlock()
	}
	t.Cleanup(release)
	return ln.Addr().String(), acc, release
}
