package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runServeFor starts serve with the command line args (flags only), waits
// until it is ready, calls during with its addresses, stops it as SIGTERM
// does and returns its log.
func runServeFor(t *testing.T, args []string, during func(httpAddr, brokerAddr string)) string {
	t.Helper()
	var o serveOptions
	parseServe(t, "test", args, &o)
	type addrs struct{ h, b string }
	ready := make(chan addrs, 1)
	o.ready = func(h, b string) { ready <- addrs{h, b} }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logs := new(syncLog)
	go func() { done <- serve(ctx, o, logs) }()
	select {
	case a := <-ready:
		if during != nil {
			during(a.h, a.b)
		}
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, logs)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, logs)
		}
	case <-time.After(8 * time.Second):
		t.Fatalf("serve did not stop\n%s", logs)
	}
	return logs.String()
}

// "gaitd stopped" is the daemon's last line: it was logged before the
// embedded broker's own shutdown lines (the broker was closed by a defer
// after it), so a log said stopped and then went on.
func TestServeStoppedLogsLast(t *testing.T) {
	logs := runServeFor(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")},
		func(_, broker string) {
			// a client connected at shutdown: the broker logs its end
			if _, err := connect(t, broker, "phone-1", "", ""); err != nil {
				t.Fatal(err)
			}
		})
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if !strings.Contains(lines[len(lines)-1], `msg="gaitd stopped"`) {
		t.Errorf("last log line %q, want gaitd stopped\n%s", lines[len(lines)-1], logs)
	}
}
