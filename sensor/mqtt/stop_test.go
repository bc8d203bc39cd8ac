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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	accepted := make(chan struct{}, 1)
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
			case accepted <- struct{}{}:
			default:
			}
		}
	}()
	release := func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		conns = nil
		mu.Unlock()
	}
	t.Cleanup(release)

	logs := new(lockedBuffer)
	s, err := New(Config{Broker: "tcp://" + ln.Addr().String(), ClientID: "gaitd-stop-mid-attempt"}, slog.New(slog.NewTextHandler(logs, nil)))
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
