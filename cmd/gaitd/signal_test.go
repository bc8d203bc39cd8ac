package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
)

// TestMain runs gaitd's own main when GAITD_TEST_MAIN is set, so that a
// test can run the command as a process (signals, exit status).
func TestMain(m *testing.M) {
	if os.Getenv("GAITD_TEST_NOHUP") == "1" {
		// as nohup does: SIGHUP ignored, then the command run in this
		// process (an ignored signal stays ignored across exec)
		signal.Ignore(syscall.SIGHUP)
		exe, err := os.Executable()
		if err == nil {
			env := slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, "GAITD_TEST_NOHUP=") })
			err = syscall.Exec(exe, os.Args, env)
		}
		fmt.Fprintln(os.Stderr, "nohup:", err)
		os.Exit(127)
	}
	if os.Getenv("GAITD_TEST_MAIN") == "1" {
		os.Args = append([]string{"gaitd"}, os.Args[1:]...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSignalStatus: a process ended by a signal exits as a shell reports
// one killed by it, 128 + the signal's number.
func TestSignalStatus(t *testing.T) {
	for _, tc := range []struct {
		s    os.Signal
		want int
	}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}} {
		if got := signalStatus(tc.s); got != tc.want {
			t.Errorf("signalStatus(%v) = %d, want %d", tc.s, got, tc.want)
		}
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

// pipeHolds returns the bytes written to the pipe whose read end is f and
// not read yet (FIONREAD).
func pipeHolds(t *testing.T, f *os.File) int {
	var n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("FIONREAD: %v", e)
	}
	return int(n)
}

// TestLineReader: whole lines are handed over; at the input's end the last
// line without its line end is too, unless the input ended because of an
// interrupt (then it is a line cut short); 64 KiB without a line end are
// handed over as they are, not held while the rest of the input is read.
func TestLineReader(t *testing.T) {
	read := func(ctx context.Context, r io.Reader) string {
		b, err := io.ReadAll(newLineReader(ctx, r))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	text := "t,ax\n0,1\n0.01,1.25"
	if got := read(context.Background(), iotest.OneByteReader(strings.NewReader(text))); got != text {
		t.Errorf("to the end: %q", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := read(ctx, strings.NewReader(text)); got != "t,ax\n0,1\n" {
		t.Errorf("interrupted: %q, want the whole lines", got)
	}
	long := &io.LimitedReader{R: zeros{}, N: 1 << 30}
	lr := newLineReader(context.Background(), long)
	if n, err := lr.Read(make([]byte, 1<<20)); n != sensor.MaxLine || err != nil || 1<<30-long.N > 2*sensor.MaxLine {
		t.Errorf("no line end: handed %d bytes (%v) after reading %d", n, err, 1<<30-long.N)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

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
