package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"

	"github.com/gaitd/gaitd/sensor"
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
