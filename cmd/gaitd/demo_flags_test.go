package main

import (
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDemoDurationBound: a --duration the simulator cannot make (over
// 48 h) is refused by its flag before anything starts; it was taken, the
// broker and HTTP server started and the addresses printed, and then the
// demo ended on "sim: Duration 176400: must be in (0, 172800] s".
func TestDemoDurationBound(t *testing.T) {
	out, _, err := runCmd(t, "demo", "--duration", "49h", "--listen", "127.0.0.1:0", "--data", t.TempDir())
	if want := "demo: --duration 49h0m0s: want 5s to 48h"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("demo --duration 49h: error %v, want %q", err, want)
	}
	if out != "" {
		t.Errorf("demo --duration 49h started:\n%s", out)
	}
}

// TestDemoLongRunMemory: each runner is simulated as it is published, not
// made whole before it starts: two 12-hour runners, stopped a second after
// the demo has started, allocate a few megabytes (each runner's 4.3
// million samples were made first, 240 MB apiece — 500 runners for an
// hour, 10 GB — and a stop waited for them, then ended the demo on
// "connect …: <nil>", the broker gone). Real time: serve's own work on
// the samples is small.
func TestDemoLongRunMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the embedded broker and two simulated runners")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	out := &notifyWriter{started: started}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--runners", "2", "--duration", "12h", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, out, io.Discard)
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("demo ended before it started: %v", err)
	}
	time.Sleep(time.Second)
	stopped := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := time.Since(stopped); d > 5*time.Second {
		t.Errorf("demo took %v to stop", d.Round(time.Millisecond))
	}
	runtime.ReadMemStats(&after)
	if mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6; mb > 150 {
		t.Errorf("a second of two 12-hour runners allocated %.0f MB", mb)
	}
}

// notifyWriter closes started at its first write.
type notifyWriter struct {
	mu      sync.Mutex
	b       strings.Builder
	started chan struct{}
}

func (w *notifyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.b.Len() == 0 {
		close(w.started)
	}
	return w.b.Write(p)
}

// TestDemoFlagErrorOneLine: a bad flag value or an unknown flag is said in
// one line, the error (an unknown flag's nearest name suggested, as serve
// does); the whole usage came first on stderr, and the flag package's
// message twice.
func TestDemoFlagErrorOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--runners", "abc"}, `demo: invalid value "abc" for flag -runners: parse error`},
		{[]string{"--speed", "fast"}, `demo: invalid value "fast" for flag -speed: parse error`},
		{[]string{"--duration", "10"}, `demo: invalid value "10" for flag -duration: 10 has no unit`},
		{[]string{"--runner", "3"}, `demo: flag provided but not defined: -runner, did you mean --runners?`},
		{[]string{"--bogus"}, `demo: flag provided but not defined: -bogus (gaitd demo -h lists the flags)`},
	} {
		out, stderr, err := runCmd(t, append([]string{"demo"}, tc.args...)...)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("demo %v: error %v, want %q", tc.args, err, tc.want)
		}
		if out != "" || stderr != "" {
			t.Errorf("demo %v: stdout %q, stderr %q, want neither", tc.args, out, stderr)
		}
	}
}
