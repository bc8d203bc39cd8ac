package main

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemoRunsTotalScrapable: compose.demo.yaml shows the dashboard's "Runs
// written" panel with gaitd demo; with --linger the runs it writes are
// counted on /metrics while it still serves (without it they are written at
// shutdown, and a 5 s scrape interval almost never sees them). Only the
// lingering case is asserted: without it a scrape can still land between
// the shutdown's run writes and the HTTP server's stop — the test's 0.1 s
// polls did once in a CI run under the race detector, on a loaded machine.
func TestDemoRunsTotalScrapable(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and a simulated runner")
	}
	for _, tc := range []struct {
		linger string
		want   bool
	}{{"7s", true}} {
		t.Run("linger "+tc.linger, func(t *testing.T) {
			var addr string
			done := make(chan error, 1)
			start := func() {
				l, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				addr = l.Addr().String()
				l.Close()
				go func() {
					_, _, err := runCmd(t, "demo", "--runners", "1", "--duration", "20s", "--speed", "20", "--linger", tc.linger, "--listen", addr, "--data", t.TempDir())
					done <- err
				}()
			}
			start()
			retries := 3 // the free port taken by another test's listener between Close and demo's bind
			written := regexp.MustCompile(`(?m)^gaitd_runs_total\{device="runner-1"\} [1-9]`)
			seen := false
			for {
				select {
				case err := <-done:
					if err != nil && strings.Contains(err.Error(), "address already in use") && retries > 0 {
						retries--
						start()
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					if seen != tc.want {
						t.Fatalf("gaitd_runs_total > 0 seen on /metrics: %v, want %v", seen, tc.want)
					}
					return
				case <-time.After(100 * time.Millisecond):
				}
				if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					seen = seen || written.Match(b)
				}
			}
		})
	}
}
