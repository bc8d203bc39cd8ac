package serial

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bug "go.bug.st/serial"

	"github.com/gaitd/gaitd/sensor"
)

// TestOpenHint: a port retried because it would not open is logged with
// what to do — the driver's words alone ("Serial port busy", "Permission
// denied") named neither the port nor a cause.
func TestOpenHint(t *testing.T) {
	const dev = "/dev/ttyUSB7"
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"busy", &bug.PortError{}, "fuser -v /dev/ttyUSB7"}, // (the zero code is PortBusy)
		{"permission", &fs.PathError{Op: "open", Path: dev, Err: syscall.EACCES}, "ls -l /dev/ttyUSB7"},
		{"missing", &fs.PathError{Op: "open", Path: dev, Err: syscall.ENOENT}, "gaitd devices"},
		{"other", errors.New("input/output error"), ""},
	} {
		if h := openHint(tc.err, dev); tc.want == "" && h != "" || !strings.Contains(h, tc.want) {
			t.Errorf("%s: hint %q, want %q in it", tc.name, h, tc.want)
		}
	}
	if (&bug.PortError{}).Code() != bug.PortBusy {
		t.Fatal("the zero PortError is no longer PortBusy: the busy case above tests nothing")
	}

	// a port not plugged in: its retry's log line says what to do
	path := filepath.Join(t.TempDir(), "ttyUSB9")
	logs := new(lockedLog)
	src, err := Open(Config{Device: path, Format: FormatText}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	src.Run(ctx, func(sensor.Sample) {}, nil)
	if !strings.Contains(logs.String(), "serial port unavailable, retrying") || !strings.Contains(logs.String(), "gaitd devices") {
		t.Errorf("log:\n%s\nwant the retry with its hint", logs.String())
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the port exists")
	}
}
