package mqtt

import (
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConnectFailedLoggedSparingly: a broker that stays down is said at
// its first failed attempt and then at most once a minute (a line at
// every attempt, every 2–10 s, filled the log over a night); after a
// connection, the next outage's first failure is said at once.
func TestConnectFailedLoggedSparingly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	src, logs := runSourceLog(t, Config{Broker: "tcp://" + addr, ClientID: "gaitd-down"}, newCollector())
	time.Sleep(2*connectRetryInterval + time.Second) // three attempts
	if n := strings.Count(logs.String(), "mqtt connect failed"); n != 1 || !strings.Contains(logs.String(), "attempts=1") {
		t.Fatalf("%d lines over three failed attempts, want the first alone:\n%s", n, logs.String())
	}
	if st := src.Stats(); st.Connected || !strings.Contains(st.LastError, "refused") {
		t.Errorf("stats %+v, want the refusal as the last error", st)
	}
	// the broker comes up: connected; then it goes down again
	b := mustBroker(t, BrokerConfig{TCP: addr})
	waitFor(t, "connected", 15*time.Second, func() bool { return src.Stats().Connected })
	b.Close()
	waitFor(t, "the new outage's first failure said", 15*time.Second, func() bool {
		return strings.Count(logs.String(), "mqtt connect failed") == 2
	})
}

// TestRootText: attempts that fail alike read alike, whatever local port
// their connection had.
func TestRootText(t *testing.T) {
	reset := func(port int) error {
		return &net.OpError{Op: "read", Net: "tcp", Source: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 2), Port: port},
			Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 1883}, Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}
	}
	if a, b := rootText(reset(54321)), rootText(reset(54322)); a != b || a != syscall.ECONNRESET.Error() {
		t.Errorf("%q and %q, want both %q", a, b, syscall.ECONNRESET.Error())
	}
	if got := rootText(errors.New("not authorised")); got != "not authorised" {
		t.Errorf("%q", got)
	}
	if got := rootText(nil); got != "<nil>" {
		t.Errorf("nil: %q", got)
	}
}
