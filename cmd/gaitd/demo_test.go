package main

import (
	"net"
	"os"
	"strings"
	"testing"
)

// TestDemoListsItsOwnRuns runs the demo twice into one data folder (as
// compose.demo.yaml does with its volume): each lists only the runs it
// wrote, not the earlier demo's.
func TestDemoListsItsOwnRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and a simulated runner")
	}
	data := t.TempDir()
	for i := range 2 {
		out, stderr, err := runCmd(t, "demo", "--runners", "1", "--duration", "20s", "--speed", "20", "--listen", "127.0.0.1:0", "--data", data)
		if err != nil {
			t.Fatalf("demo %d: %v\n%s", i+1, err, stderr)
		}
		if !strings.Contains(out, "\n1 runs written:\n  runner-1") {
			t.Errorf("demo %d output:\n%s", i+1, out)
		}
	}
}

// TestDemoRefuses: each bad value is named by its flag (one message for
// all of them before), a stray argument is refused (it was ignored), and
// a demo that cannot start — its --listen address taken — leaves no empty
// temporary data folder behind (one was left at every failed start).
func TestDemoRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--runners", "0"}, "demo: --runners 0: want 1 to 500"},
		{[]string{"--duration", "1s"}, "demo: --duration 1s: want at least 5s"},
		{[]string{"--speed", "0"}, "demo: --speed 0: want a replay speed of 0.01 to 1000"},
		{[]string{"--speed", "1e9"}, "demo: --speed 1e+09: want a replay speed"},
		{[]string{"--linger", "-1s"}, "demo: --linger -1s"},
		{[]string{"extra"}, `demo: unexpected argument "extra"`},
	} {
		if _, _, err := runCmd(t, append([]string{"demo"}, tc.args...)...); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("demo %v: error %v, want %q", tc.args, err, tc.want)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if _, _, err := runCmd(t, "demo", "--listen", l.Addr().String()); err == nil {
		t.Fatal("demo on a --listen address in use started")
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
