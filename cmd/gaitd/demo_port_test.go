package main

import (
	"net"
	"strings"
	"testing"
)

// TestDemoPortInUse: a demo whose --listen (or --broker) address is taken —
// a gaitd serve already running on the default 127.0.0.1:9464 — says so
// in one line with what to do: stop the other, or take any free port. It
// said only "--listen: listen tcp …: bind: address already in use".
func TestDemoPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr := l.Addr().String()
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--listen", addr}, []string{"demo: --listen " + addr + " is in use", "another gaitd", "--listen 127.0.0.1:0"}},
		{[]string{"--broker", addr, "--listen", "127.0.0.1:0"}, []string{"demo: --broker " + addr + " is in use", "another gaitd", "--broker 127.0.0.1:0"}},
	} {
		_, _, err := runCmd(t, append(append([]string{"demo"}, tc.args...), "--data", t.TempDir())...)
		if err == nil {
			t.Fatalf("demo %v started", tc.args)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) || strings.Contains(err.Error(), "\n") {
				t.Errorf("demo %v: error %q, want one line with %q", tc.args, err, w)
			}
		}
	}
}
