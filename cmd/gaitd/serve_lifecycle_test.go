package main

import (
	"context"
	"os"
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

// serve removes, at start, the temporary run folders a serve killed while
// writing (a second signal) left, and says so; a folder of the pattern
// holding someone else's file is left, and said. They stayed hidden in the
// data directory for good.
func TestServeRemovesStaleRunFolders(t *testing.T) {
	data := t.TempDir()
	stale := filepath.Join(data, "phone-1", ".20261124T015500.123Z.tmp2890142")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "summary.json"), []byte(`{"device":"phone-1"}`), 0o644)
	os.WriteFile(filepath.Join(stale, ".steps.csv.tmp77"), []byte("t_ic"), 0o644)
	foreign := filepath.Join(data, "phone-1", ".20261124T015501.000Z.tmp5")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	userDot := filepath.Join(data, "phone-1", ".backup")
	os.MkdirAll(userDot, 0o755)

	logs := runServeFor(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", data}, nil)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want removed\n%s", stale, err, logs)
	}
	for _, p := range []string{filepath.Join(foreign, "notes.txt"), userDot} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v, want kept", p, err)
		}
	}
	if !strings.Contains(logs, `msg="removed a temporary run folder left by an interrupted write`) || !strings.Contains(logs, "path="+stale) {
		t.Errorf("the removal is not logged with its path:\n%s", logs)
	}
	if !strings.Contains(logs, "left a folder named as a temporary run folder") || !strings.Contains(logs, "path="+foreign) || strings.Contains(logs, ".backup") {
		t.Errorf("the folder left is not logged (or another is):\n%s", logs)
	}
}
