//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
)

// TestServeHangup runs `gaitd serve` as a process reading a serial sensor
// over a pseudo-terminal and sends it SIGHUP mid-run: it stops as for
// SIGTERM, writing the open run (it was killed at once and the run lost:
// a black-box round; gaitd has no reload). Started with SIGHUP ignored
// (nohup), it goes on, and SIGTERM still writes the run. A SIGTERM sent
// twice at once is one request: the run is written.
func TestServeHangup(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary as gaitd")
	}
	ss, _ := simRun(t, 20)
	var wit []byte
	for _, s := range ss {
		wit = sensor.AppendWit(wit, s, 16)
	}
	for _, tc := range []struct {
		name    string
		ignored bool // started under nohup
		twice   bool // the stop sent twice at once, as `timeout` does
	}{{"hangup", false, false}, {"nohup", true, false}, {"SIGTERM twice at once", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			master, path := serialtest.PTY(t)
			data := t.TempDir()
			cmd := exec.Command(os.Args[0], "serve", "--serial", path, "--rate", "100", "--device", "belt-1",
				"--listen", "127.0.0.1:0", "--data", data, "--idle", "1m")
			cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1")
			if tc.ignored {
				// the child ignores SIGHUP before it execs gaitd, as
				// nohup does (TestMain). Ignored here, in the test
				// process, it stayed ignored for good: signal.Reset
				// does not undo signal.Ignore of a signal the process
				// handles, so a later "hangup" case (go test -count=2)
				// started gaitd with SIGHUP ignored and failed "still
				// running 10 s after the signal", and any child started
				// meanwhile by a parallel test inherited it too
				cmd.Env = append(cmd.Env, "GAITD_TEST_NOHUP=1")
			}
			sc := startServeChild(t, cmd, 10*time.Second)
			h, exited := sc.addr, sc.exited
			go master.Write(wit)
			for deadline := time.Now().Add(10 * time.Second); deviceSamples(t, h) < int64(len(ss))-2; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("%d samples", deviceSamples(t, h))
				}
			}
			if tc.twice {
				// `timeout` signals its child, then the child's group: a
				// second request within microseconds, which ended serve
				// at once with its runs unwritten (an audit)
				cmd.Process.Signal(syscall.SIGTERM)
				cmd.Process.Signal(syscall.SIGTERM)
			} else {
				cmd.Process.Signal(syscall.SIGHUP)
			}
			if tc.ignored {
				select {
				case err := <-exited:
					t.Fatalf("ended by SIGHUP under nohup: %v", err)
				case <-time.After(500 * time.Millisecond):
				}
				cmd.Process.Signal(syscall.SIGTERM)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("exit: %v", err)
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 10 s after the signal")
			}
			recs, err := runs.List(data)
			if err != nil || len(recs) != 1 || recs[0].Steps < 40 {
				t.Fatalf("runs %v %+v\n%s", err, recs, sc.Logs())
			}
		})
	}
}

// TestSecondSignal runs `gaitd analyze` as a process whose events go to a
// FIFO that its reader does not drain, so the analysis is held in a write
// and the first Ctrl-C cannot end it. The second ends the process at once
// with status 130 and removes the summary's temporary file, which a killed
// process left beside the output (a review: .s.json.tmp1234, and a partly
// written .e.csv.tmp of megabytes).
func TestSecondSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary as gaitd")
	}
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.csv")
	text, _ := simCSV(t, runningCfg(46, 600)) // ≈ 1700 events, over a pipe's 64 KiB
	if err := os.WriteFile(rec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "events.csv")
	mkfifo(t, fifo)
	rd, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0) // open, never read
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "analyze", "--events", fifo, "--summary", filepath.Join(out, "s.json"), rec)
	cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// the events fill the pipe (its unread bytes, FIONREAD, reach its
	// 64 KiB), then the analysis waits in a write
	for start := time.Now(); pipeHolds(t, rd) < 60<<10; time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 30*time.Second {
			cmd.Process.Kill()
			t.Fatalf("the events pipe holds %d bytes after 30 s; stderr %s", pipeHolds(t, rd), stderr.String())
		}
	}
	time.Sleep(200 * time.Millisecond)
	// the summary's temporary file exists from the start
	tmp, _ := filepath.Glob(filepath.Join(out, ".s.json.tmp*"))
	if len(tmp) != 1 {
		t.Fatalf("temporary summary files %v, want one while the analysis runs", tmp)
	}
	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-exited:
		t.Fatalf("ended after the first signal (%v): the events pipe did not hold it; stderr %s", err, stderr.String())
	case <-time.After(500 * time.Millisecond):
	}
	cmd.Process.Signal(os.Interrupt)
	var werr error
	select {
	case werr = <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Fatal("still running 10 s after the second signal")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %v (status %d), want status 130", werr, code)
	}
	if !strings.Contains(stderr.String(), "interrupt again: stopping at once; what was not yet written (open runs, output files) is lost") {
		t.Errorf("stderr %q: the second signal's loss not said", stderr.String())
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*")); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
