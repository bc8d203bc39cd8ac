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
		{[]string{"--duration", "1s"}, "demo: --duration 1s: want 5s to 48h"},
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

// TestDemoREADME: the runs README "Run it" shows the demo writing are the
// ones it writes (the demo is deterministic; the run ids are the time, so
// each line is compared after its id). Its
// GCT, VO and balance went stale without a test noticing — an audit.
func TestDemoREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and three simulated runners")
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## Run it\n")
	_, ex, ok2 := strings.Cut(sec, "\n3 runs written:\n")
	ex, _, ok3 := strings.Cut(ex, "\n```\n")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README.md: no demo runs in "Run it"`)
	}
	out, stderr, err := runCmd(t, "demo", "--speed", "20", "--listen", "127.0.0.1:0", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	figures := func(l string) string { // device and figures, without the run id
		f := strings.Fields(l)
		if len(f) < 3 {
			return l
		}
		return f[0] + " " + strings.Join(f[2:], " ")
	}
	got := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  runner-") {
			got[figures(l)] = true
		}
	}
	for _, l := range strings.Split(ex, "\n") {
		if !got[figures(l)] {
			t.Errorf("README demo line is not in the output: %q\n%s", l, out)
		}
	}
}
