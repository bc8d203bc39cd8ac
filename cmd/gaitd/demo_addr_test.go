package main

import (
	"strings"
	"testing"
)

// TestDemoAllInterfaces: with --listen and --broker on all interfaces
// (":0", as compose.demo.yaml's ":9464"), the addresses said are ones to
// open or connect to — 127.0.0.1 and the port — and the runners connect
// to that; "http://[::]:9464/metrics" was said, and the runners connected
// to the unspecified address, which Windows refuses.
func TestDemoAllInterfaces(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and a simulated runner")
	}
	out, stderr, err := runCmd(t, "demo", "--runners", "1", "--duration", "10s", "--speed", "20", "--listen", ":0", "--broker", ":0", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"  metrics  http://127.0.0.1:", "  broker   tcp://127.0.0.1:", "\n1 runs written:\n  runner-1 "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[::]") || strings.Contains(out, "0.0.0.0") {
		t.Errorf("an unspecified address said:\n%s", out)
	}
}
