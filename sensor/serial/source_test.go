package serial

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
)

func mustPTY(tb testing.TB) (*os.File, string) { return serialtest.PTY(tb) }

// mustLinkedPTY is mustPTY with the port opened through a symlink, as
// udev names a device (/dev/serial/by-id/…): the link is the device's path.
func mustLinkedPTY(tb testing.TB) (*os.File, string) {
	m, path := mustPTY(tb)
	link := filepath.Join(tb.TempDir(), "imu")
	if err := os.Symlink(path, link); err != nil {
		tb.Fatal(err)
	}
	return m, link
}

// witStream returns n cycles of acceleration and gyro frames of a walking
// like signal at 100 Hz, with a fraction bad of the frames corrupted (a
// checksum off by one), the number of corrupted frames, and a trailing
// cycle (acceleration and gyro frames, clean) whose first frame completes
// the last of the n: its own sample comes at the end of the stream (a
// cycle cut after its acceleration frame would give none). lostAcc counts the
// corrupted acceleration frames: each costs its cycle's sample.
func witStream(n int, badFrac float64, seed uint64) (stream []byte, corrupted, lostAcc int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for i := range n {
		ph := 2 * math.Pi * float64(i) / 55
		az := int16(2048 + 600*math.Sin(ph) + rng.NormFloat64()*20) // 1 g = 2048 at ±16 g
		ax := int16(200*math.Cos(ph) + rng.NormFloat64()*20)
		ay := int16(rng.NormFloat64() * 30)
		gx := int16(3000 * math.Sin(ph+1))
		for j, f := range [][]byte{
			sensor.AppendWitFrame(nil, 0x51, [4]int16{ax, ay, az, 2500}),
			sensor.AppendWitFrame(nil, 0x52, [4]int16{gx, -gx / 2, int16(rng.IntN(200)), 0}),
		} {
			if rng.Float64() < badFrac {
				f[10]++
				corrupted++
				if j == 0 {
					lostAcc++
				}
			}
			b.Write(f)
		}
	}
	b.Write(sensor.AppendWitFrame(nil, 0x51, [4]int16{0, 0, 2048, 2500}))
	b.Write(sensor.AppendWitFrame(nil, 0x52, [4]int16{}))
	return b.Bytes(), corrupted, lostAcc
}

// reference decodes stream with r the way Source does, from memory.
func reference(t *testing.T, r sensor.Source) (samples []sensor.Sample, bad int) {
	t.Helper()
	for {
		var s sensor.Sample
		err := r.Read(&s)
		var fe *sensor.FrameError
		var le *sensor.LineError
		switch {
		case err == nil:
			samples = append(samples, s)
		case errors.As(err, &fe), errors.As(err, &le):
			bad++
		case err == io.EOF:
			return samples, bad
		default:
			t.Fatalf("reference decoder: %v", err)
		}
	}
}

// collector gathers what a Source delivers.
type collector struct {
	mu      sync.Mutex
	samples []sensor.Sample
	bad     []error
}

func (c *collector) out(s sensor.Sample) {
	c.mu.Lock()
	c.samples = append(c.samples, s)
	c.mu.Unlock()
}

func (c *collector) badf(err error) {
	c.mu.Lock()
	c.bad = append(c.bad, err)
	c.mu.Unlock()
}

func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.samples)
}

// running is a Source running in the background.
type running struct {
	src    *Source
	c      *collector
	cancel context.CancelFunc
	done   chan error
}

func mustRun(t *testing.T, cfg Config) *running {
	t.Helper()
	src, err := Open(cfg, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{src: src, c: &collector{}, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- src.Run(ctx, r.c.out, r.c.badf) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and waits for it; it returns how long that took.
func (r *running) stop(t *testing.T) time.Duration {
	t.Helper()
	if r.done == nil {
		return 0
	}
	start := time.Now()
	r.cancel()
	select {
	case err := <-r.done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	r.done = nil
	return time.Since(start)
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// writeAll writes b to the master in chunks of odd sizes, from a goroutine
// (the pty buffer is a few KiB; the Source drains it).
func writeAll(t *testing.T, m *os.File, b []byte) <-chan error {
	errc := make(chan error, 1)
	go func() {
		for len(b) > 0 {
			n := min(len(b), 997)
			if _, err := m.Write(b[:n]); err != nil {
				errc <- err
				return
			}
			b = b[n:]
		}
		errc <- nil
	}()
	return errc
}

func TestWitMotionOverPTY(t *testing.T) {
	m, path := mustPTY(t)
	stream, _, _ := witStream(500, 0, 1)
	want, wantBad := reference(t, sensor.NewWitReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: path, Rate: 100}))
	if len(want) != 501 || wantBad != 0 {
		t.Fatalf("reference: %d samples, %d bad; want 501, 0", len(want), wantBad)
	}

	r := mustRun(t, Config{Device: path, Format: FormatWitMotion, Rate: 100})
	if err := <-writeAll(t, m, stream); err != nil {
		t.Fatal(err)
	}
	// A frame is confirmed by the header of the next one, and a cycle is
	// complete when the next cycle's first frame is: the last two samples
	// come when Run stops and the decoder sees the end of the stream.
	waitFor(t, 5*time.Second, "499 samples", func() bool { return r.c.count() >= 499 })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples, want) {
		t.Errorf("samples over the pty differ from NewWitReader on the same bytes: got %d, want %d", len(r.c.samples), len(want))
	}
	st := r.src.Stats()
	if st.Bytes != int64(len(stream)) || st.Samples != int64(len(want)) || st.BadFrames != 0 || st.Reconnects != 0 || st.Connected {
		t.Errorf("Stats = %+v, want %d bytes, %d samples, nothing else", st, len(stream), len(want))
	}
}

func TestWitMotionCorruptFrames(t *testing.T) {
	m, path := mustPTY(t)
	const cycles = 6000 // 60 s at 100 Hz
	stream, corrupted, lostAcc := witStream(cycles, 0.01, 2)
	want, wantBad := reference(t, sensor.NewWitReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: path, Rate: 100}))
	t.Logf("%d frames, %d corrupted (%d acceleration); reference: %d samples, %d bad", 2*cycles+1, corrupted, lostAcc, len(want), wantBad)
	// Every cycle whose acceleration frame is clean gives its sample.
	if corrupted < 60 || wantBad < corrupted*9/10 || len(want) != cycles+1-lostAcc {
		t.Fatalf("test stream: %d corrupted, reference %d samples, %d bad", corrupted, len(want), wantBad)
	}

	r := mustRun(t, Config{Device: path, Format: FormatWitMotion, Rate: 100})
	if err := <-writeAll(t, m, stream); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 8*time.Second, "all but the last two samples", func() bool { return r.c.count() >= len(want)-2 })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples, want) {
		t.Errorf("got %d samples, want the %d clean samples of the reference", len(r.c.samples), len(want))
	}
	if len(r.c.bad) != wantBad {
		t.Errorf("bad = %d, want %d", len(r.c.bad), wantBad)
	}
	for _, err := range r.c.bad {
		if !errors.Is(err, sensor.ErrChecksum) && !errors.Is(err, sensor.ErrSync) {
			t.Errorf("bad error %v does not wrap ErrChecksum or ErrSync", err)
			break
		}
	}
	if st := r.src.Stats(); st.BadFrames != int64(wantBad) || st.Samples != int64(len(want)) {
		t.Errorf("Stats = %+v, want %d bad frames, %d samples", st, wantBad, len(want))
	}
}

func textStream(n int) []byte {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	for i := range n {
		ph := 2 * math.Pi * float64(i) / 55
		fmt.Fprintf(&b, "%.2f,%.3f,%.3f,%.3f\r\n", float64(i)/100, 0.2*math.Cos(ph), 0.05*math.Sin(3*ph), 1+0.5*math.Sin(ph))
	}
	return []byte(b.String())
}

func TestTextOverPTY(t *testing.T) {
	m, path := mustPTY(t)
	// The text decoder reads a 100-line lookahead before its first sample.
	stream := textStream(700)
	opt := Config{Device: path, Format: FormatText}.withDefaults().Text
	cr, err := sensor.NewCSVReader(bytes.NewReader(stream), opt)
	if err != nil {
		t.Fatal(err)
	}
	want, wantBad := reference(t, cr)
	if len(want) != 700 || wantBad != 0 {
		t.Fatalf("reference: %d samples, %d bad", len(want), wantBad)
	}
	if want[1].T != 0.01 || math.Abs(want[0].Acc[2]-1.0*sensor.G0) > 1e-9 {
		t.Fatalf("reference sample 0, 1: %+v %+v", want[0], want[1])
	}

	r := mustRun(t, Config{Device: path, Format: FormatText})
	if err := <-writeAll(t, m, stream); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "700 samples", func() bool { return r.c.count() >= 700 })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples, want) {
		t.Errorf("text samples over the pty differ from NewCSVReader on the same bytes")
	}
}

// TestTextColumnsOverPTY reads headerless lines named by Text.Columns
// from a device that prints a boot banner, with an 8-line lookahead: all
// ten lines come out as samples while the device is still connected and
// silent.
func TestTextColumnsOverPTY(t *testing.T) {
	m, path := mustPTY(t)
	cfg := Config{Device: path, Format: FormatText}
	cfg.Text.Columns = []string{"t_ms", "ax", "ay", "az"}
	cfg.Text.AccUnit = "g"
	cfg.Text.Lookahead = 8
	r := mustRun(t, cfg)
	var b strings.Builder
	b.WriteString("ESP32 IMU v2 ready\r\n")
	for i := range 10 {
		fmt.Fprintf(&b, "%d,0.01,-0.02,%.2f\r\n", 5000+10*i, 1+0.1*float64(i%3))
	}
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "10 samples", func() bool { return r.c.count() >= 10 })
	r.stop(t)
	for i, s := range r.c.samples {
		if want := 5 + 0.01*float64(i); math.Abs(s.T-want) > 1e-9 || math.Abs(s.Acc[2]-(1+0.1*float64(i%3))*sensor.G0) > 1e-9 {
			t.Errorf("sample %d = %+v, want T %.2f", i, s, want)
		}
	}
}

func TestReconnect(t *testing.T) {
	m1, path1 := mustPTY(t)
	link := filepath.Join(t.TempDir(), "imu")
	if err := os.Symlink(path1, link); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, Config{Device: link, Format: FormatWitMotion, Rate: 100})

	stream, _, _ := witStream(100, 0, 3)
	if err := <-writeAll(t, m1, stream); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "99 samples before unplug", func() bool { return r.c.count() >= 99 })

	// Unplug: the master goes, the slave node with it.
	m1.Close()
	waitFor(t, 2*time.Second, "disconnect", func() bool { return !r.src.Stats().Connected })
	before := r.c.count()
	time.Sleep(300 * time.Millisecond) // let the backoff grow a little

	// Plug in again: a new pty, the link moved to it atomically.
	m2 := replug(t, link)
	plugged := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // a device streaming at 100 Hz
		frame := witStream
		b, _, _ := frame(1, 0, 4)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if _, err := m2.Write(b[:22]); err != nil {
					return
				}
			}
		}
	}()
	waitFor(t, 2*time.Second, "samples after replug", func() bool { return r.c.count() >= before+5 })
	t.Logf("reading resumed %v after the new node appeared", time.Since(plugged).Round(time.Millisecond))
	if st := r.src.Stats(); st.Reconnects != 1 || !st.Connected {
		t.Errorf("Stats = %+v, want 1 reconnect, connected", st)
	}
}

// replug moves link to a new pty, as udev moves a by-id link when a
// device comes back, and returns the new master.
func replug(t *testing.T, link string) *os.File {
	t.Helper()
	m, path := mustPTY(t)
	tmp := link + ".new"
	if err := os.Symlink(path, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	return m
}

// bootThenReplug has the device behind master m print its header and 50
// text lines at boot (the first session), then be unplugged and plugged in
// again at link; it returns the new device's master once r has
// reconnected.
func bootThenReplug(t *testing.T, r *running, m *os.File, link string) *os.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("ax,ay,az\r\n")
	for n := range 50 {
		b.Write(textLine(n))
	}
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the first session", func() bool { return r.c.count() >= 50 })
	m.Close()
	waitFor(t, 2*time.Second, "disconnect", func() bool { return !r.src.Stats().Connected })
	m = replug(t, link)
	waitFor(t, 3*time.Second, "reconnect", func() bool { return r.src.Stats().Connected })
	return m
}

// textReplugged runs a text source on a device that sends textStream(n),
// is unplugged and plugged in again; it returns the source, reconnected,
// and the new device's master.
func textReplugged(t *testing.T, n int) (*running, *os.File) {
	t.Helper()
	m1, path1 := mustPTY(t)
	link := filepath.Join(t.TempDir(), "imu")
	if err := os.Symlink(path1, link); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, Config{Device: link, Format: FormatText})
	if err := <-writeAll(t, m1, textStream(n)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, fmt.Sprintf("%d samples", n), func() bool { return r.c.count() >= n })
	m1.Close()
	waitFor(t, 2*time.Second, "disconnect", func() bool { return !r.src.Stats().Connected })
	m2 := replug(t, link)
	waitFor(t, 3*time.Second, "reconnect", func() bool { return r.src.Stats().Connected })
	return r, m2
}

// TestTextReconnectHeader: a device that prints its header once, at boot,
// does not print it again when its cable is replugged: the stream is read
// on with the earlier session's header (it used to fail as a headerless
// file without a rate, for good). A device that does print a header again
// — another one, after a firmware update — is read with the new one.
func TestTextReconnectHeader(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string // printed after the replug; "" none
		az     int    // field of the vertical axis after the replug
	}{
		{"no header again", "", 3},
		{"blank lines, no header", "\r\n\r\n", 3},
		{"a new header", "t,az,ay,ax\r\n", 1},
		{"a boot banner, no header", "ESP-ROM:esp32s3-20210327\r\nIMU ready\r\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, m2 := textReplugged(t, 300)
			var b strings.Builder
			b.WriteString(tc.header)
			for i := range 300 {
				f := []string{fmt.Sprintf("%.2f", 10+float64(i)/100), "0.100", "0.000", "0.100"}
				f[tc.az] = fmt.Sprintf("%.3f", 1+0.5*math.Sin(2*math.Pi*float64(i)/55))
				b.WriteString(strings.Join(f, ",") + "\r\n")
			}
			written := time.Now()
			if err := <-writeAll(t, m2, []byte(b.String())); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "300 samples after the replug", func() bool { return r.c.count() >= 600 })
			// the session's data began when the device wrote again, not
			// when its first sample came out of the lookahead
			if fb := r.src.Stats().FirstByte; fb.Before(written) || fb.After(time.Now()) {
				t.Errorf("FirstByte %v, data written from %v", fb, written)
			}
			r.stop(t)
			for i, s := range r.c.samples[300:] {
				want := 1 + 0.5*math.Sin(2*math.Pi*float64(i)/55)
				if math.Abs(s.T-(10+float64(i)/100)) > 1e-9 || math.Abs(s.Acc[2]/sensor.G0-want) > 1e-3 {
					t.Fatalf("sample %d after the replug = %+v, want T %.2f, az %.3f g", i, s, 10+float64(i)/100, want)
				}
			}
			if len(r.c.bad) != 0 {
				t.Errorf("bad input reported: %v", r.c.bad)
			}
		})
	}
}

// TestNotASerialPort: a path that exists but is not a serial port ends Run
// at once with an error that says so (it was retried for good, with one
// warning); a missing path is waited for.
func TestNotASerialPort(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "capture.bin")
	os.WriteFile(file, []byte("not a port"), 0o644)
	for _, tc := range []struct{ path, want string }{
		{dir, "is a directory, not a device node"},
		{file, "is a regular file, not a device node"},
		{"/dev/null", "has no terminal interface"},
	} {
		src, err := Open(Config{Device: tc.path, Format: FormatWitMotion, Rate: 100}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = src.Run(ctx, func(sensor.Sample) {}, nil)
		cancel()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, errNotSerial) {
			t.Errorf("%s: Run = %v, want %q", tc.path, err, tc.want)
		}
	}
	src, _ := Open(Config{Device: filepath.Join(dir, "ttyUSB9"), Format: FormatWitMotion, Rate: 100}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := src.Run(ctx, func(sensor.Sample) {}, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("missing path: Run = %v, want it retried until ctx ends", err)
	}
}

// TestWrongFormatHint: text lines on a port configured for WitMotion
// frames are not only counted as lost frame sync: the log says once that
// the port sends text; WitMotion frames raise no such hint.
func TestWrongFormatHint(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream []byte
		hint   bool
	}{
		{"text", textStream(200), true},
		{"witmotion", func() []byte { b, _, _ := witStream(200, 0.3, 9); return b }(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, path := mustPTY(t)
			logs := new(lockedLog)
			src, err := Open(Config{Device: path, Format: FormatWitMotion, Rate: 100}, slog.New(slog.NewTextHandler(logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- src.Run(ctx, func(sensor.Sample) {}, nil) }()
			if err := <-writeAll(t, m, tc.stream); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "the stream read", func() bool { return src.Stats().Bytes >= int64(len(tc.stream)) })
			cancel()
			<-done
			got := logs.String()
			if n := strings.Count(got, "the port sends text, not witmotion frames: is it --format text?"); n != map[bool]int{true: 1, false: 0}[tc.hint] {
				t.Errorf("hint logged %d times:\n%s", n, got)
			}
		})
	}
}

// lockedLog is a log's destination that a test reads while a Source
// writes to it from Run's goroutines.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was logged so far.
func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTextClockReset: a text device that restarts its clock while its
// port stays open (a reset button, a watchdog) is read on as a new
// session after three lines whose time went back — it used to lose every
// line until the new clock passed the old one — and a session shorter than
// the lookahead, cut by an unplug, still gives its samples.
func TestTextClockReset(t *testing.T) {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText})
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	for k := range 2 { // the second pass restarts the clock at 0
		for i := range 300 {
			fmt.Fprintf(&b, "%.2f,0.1,0.0,%.3f\r\n", float64(i)/100, 1+0.5*math.Sin(float64(i+k)))
		}
	}
	b.WriteString("garbage,line\r\n") // a bad line in the new session
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "597 samples and 4 bad lines", func() bool { return r.c.count() >= 597 && r.src.Stats().BadFrames >= 4 })
	r.stop(t)
	if st := r.src.Stats(); st.Restarts != 1 || st.BadFrames != 4 {
		t.Errorf("stats %+v, want 1 restart, the 3 lines that showed it refused, and the bad line", st)
	}
	// its line number is the new session's, and says so
	r.c.mu.Lock()
	last := r.c.bad[len(r.c.bad)-1]
	r.c.mu.Unlock()
	if !strings.Contains(last.Error(), path+" (session 2):") {
		t.Errorf("the new session's bad line: %v, want it to name session 2", last)
	}
	for i, s := range r.c.samples[300:] {
		if want := float64(i+3) / 100; math.Abs(s.T-want) > 1e-9 {
			t.Fatalf("sample %d after the reset: T %v, want %v", i, s.T, want)
		}
	}

	// a session of 50 lines, under the 100-line lookahead, then unplugged
	m2, path2 := mustPTY(t)
	r2 := mustRun(t, Config{Device: path2, Format: FormatText})
	if err := <-writeAll(t, m2, textStream(50)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	m2.Close()
	waitFor(t, 3*time.Second, "the 50 samples of a short session", func() bool { return r2.c.count() >= 50 })
}

func TestCancelWhileReading(t *testing.T) {
	_, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatRVC})
	waitFor(t, 2*time.Second, "port open", func() bool { return r.src.Stats().Connected })
	time.Sleep(50 * time.Millisecond) // Read is blocked: no data
	if d := r.stop(t); d > 500*time.Millisecond {
		t.Errorf("Run took %v to return after cancel, want < 500ms", d)
	}
	if r.src.Stats().Connected {
		t.Error("still connected after Run returned")
	}
}

func TestCancelWhileDeviceAbsent(t *testing.T) {
	r := mustRun(t, Config{Device: filepath.Join(t.TempDir(), "none"), Format: FormatRVC, Reconnect: MaxReconnect})
	time.Sleep(50 * time.Millisecond)
	if d := r.stop(t); d > 500*time.Millisecond {
		t.Errorf("Run took %v to return after cancel during backoff", d)
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Device: "/dev/ttyUSB0", Format: FormatWitMotion}
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"ok", func(*Config) {}, ""},
		{"full", func(c *Config) {
			c.Baud, c.DataBits, c.Parity, c.StopBits, c.Rate, c.Reconnect = 9600, 7, "even", 2, 100, time.Second
		}, ""},
		{"text", func(c *Config) { c.Format, c.Text.AccUnit = FormatText, "g" }, ""},
		{"no device", func(c *Config) { c.Device = "" }, "Device"},
		{"baud", func(c *Config) { c.Baud = -1 }, "Baud"},
		{"data bits", func(c *Config) { c.DataBits = 9 }, "DataBits"},
		{"parity", func(c *Config) { c.Parity = "mark" }, "Parity"},
		{"stop bits", func(c *Config) { c.StopBits = 3 }, "StopBits"},
		{"no format", func(c *Config) { c.Format = "" }, "Format"},
		{"format", func(c *Config) { c.Format = "nmea" }, "Format"},
		{"rate", func(c *Config) { c.Rate = -100 }, "Rate"},
		{"rate NaN", func(c *Config) { c.Rate = math.NaN() }, "Rate"},
		{"rvc at 100 Hz", func(c *Config) { c.Format, c.Rate = FormatRVC, 100 }, ""},
		{"rvc at another rate", func(c *Config) { c.Format, c.Rate = FormatRVC, 50 }, "Rate"},
		{"witmotion-ble at 50 Hz", func(c *Config) { c.Format, c.Rate = FormatWitBLE, 50 }, ""},
		{"witmotion-ble without a rate", func(c *Config) { c.Format = FormatWitBLE }, "Rate"},
		{"reconnect", func(c *Config) { c.Reconnect = 3 * time.Second }, "Reconnect"},
		{"negative reconnect", func(c *Config) { c.Reconnect = -time.Second }, "Reconnect"},
		{"text unit", func(c *Config) { c.Format, c.Text.AccUnit = FormatText, "furlong" }, "Text"},
		{"text format", func(c *Config) { c.Format, c.Text.Format = FormatText, "xml" }, "Text"},
		{"text lookahead", func(c *Config) { c.Format, c.Text.Lookahead = FormatText, 2 }, "Text"},
		{"text columns with a headed format", func(c *Config) {
			c.Format, c.Text.Format, c.Text.Columns = FormatText, "phyphox", []string{"t", "ax", "ay", "az"}
		}, "Text"},
		{"columns without text", func(c *Config) { c.Text.Columns = []string{"t", "ax", "ay", "az"} }, "Text"},
		{"lookahead without text", func(c *Config) { c.Text.Lookahead = 20 }, "Text"},
		{"hyperimu", func(c *Config) { c.Format, c.Text.Columns = FormatHyperIMU, []string{"t_ms", "ax", "ay", "az", "-"} }, ""},
		// (the text reader's own conversion would hold bytes a restart's
		// unread lines leave out)
		{"hyperimu as the text format", func(c *Config) { c.Format, c.Text.Format = FormatText, "hyperimu" }, "Text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Validate = %v, want a FieldError for %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
			if _, err := Open(c, nil); err == nil {
				t.Error("Open accepted the config")
			}
		})
	}
}

func TestOpenDoesNotTouchDevice(t *testing.T) {
	src, err := Open(Config{Device: "/nonexistent/tty", Format: FormatWitMotion, Rate: 100}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := src.Config(); got.Baud != 115200 || got.DataBits != 8 || got.Parity != "none" || got.StopBits != 1 || got.Reconnect != 200*time.Millisecond {
		t.Errorf("defaults: %+v", got)
	}
	if st := src.Stats(); st != (Stats{}) {
		t.Errorf("Stats = %+v before Run", st)
	}
}

// TestUdevLinks builds a /dev/serial-like tree: links are grouped by the
// node they resolve to, by-id before by-path, and broken links and
// missing directories are skipped.
func TestUdevLinks(t *testing.T) {
	dev := t.TempDir()
	usb0, acm0 := filepath.Join(dev, "ttyUSB0"), filepath.Join(dev, "ttyACM0")
	for _, n := range []string{usb0, acm0} {
		if err := os.WriteFile(n, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	byID, byPath := filepath.Join(dev, "by-id"), filepath.Join(dev, "by-path")
	links := map[string]string{
		filepath.Join(byID, "usb-FTDI_FT232R_A10K1XYZ-if00-port0"):  "../ttyUSB0",
		filepath.Join(byID, "usb-Espressif_ESP32-S3_7C:DF-if00"):    "../ttyACM0",
		filepath.Join(byID, "usb-gone-if00"):                        "../ttyUSB9",
		filepath.Join(byPath, "pci-0000:00:14.0-usb-0:2:1.0-port0"): "../ttyUSB0",
	}
	for _, d := range []string{byID, byPath} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for l, target := range links {
		if err := os.Symlink(target, l); err != nil {
			t.Fatal(err)
		}
	}
	got := udevLinks(byID, byPath, filepath.Join(dev, "missing"))
	want := map[string][]string{
		usb0: {filepath.Join(byID, "usb-FTDI_FT232R_A10K1XYZ-if00-port0"), filepath.Join(byPath, "pci-0000:00:14.0-usb-0:2:1.0-port0")},
		acm0: {filepath.Join(byID, "usb-Espressif_ESP32-S3_7C:DF-if00")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("udevLinks = %v, want %v", got, want)
	}
}

// TestPorts lists this machine's ports: whatever is found must be a node
// that exists, and its links must resolve to it.
func TestPorts(t *testing.T) {
	ports, err := Ports()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ports {
		if _, err := os.Stat(p.Name); err != nil {
			t.Errorf("port %s: %v", p.Name, err)
		}
		for _, l := range p.Links {
			if target, err := filepath.EvalSymlinks(l); err != nil || target != p.Name {
				t.Errorf("port %s: link %s resolves to %q, %v", p.Name, l, target, err)
			}
		}
	}
	t.Logf("%d ports", len(ports))
}

// TestTextUnreadableKeepsPort: text the reader cannot analyse as
// configured (headerless lines without a rate or a time column it can
// use) is reported as bad input while the port stays open, and a header
// the device prints later is read: no reconnect loop that throws away each
// second of data.
func TestTextUnreadableKeepsPort(t *testing.T) {
	for _, tc := range []struct {
		look, lines int
		format      string // of the headerless lines
	}{{8, 3, "0.01,-0.02,%.2f"}, {8, 40, "0.01,-0.02,%.2f"}, {8, 43, "0.01,-0.02,%.2f"}, {0, 600, "0.01,-0.02,%.2f"}, {8, 41, "1.0e-02,-2.0e-02,%.2e"}} {
		t.Run(fmt.Sprintf("lookahead %d, %d lines like %s", tc.look, tc.lines, tc.format), func(t *testing.T) {
			textUnreadable(t, tc.look, tc.lines, tc.format)
		})
	}
}

func textUnreadable(t *testing.T, look, lines int, format string) {
	m, path := mustPTY(t)
	cfg := Config{Device: path, Format: FormatText}
	cfg.Text.Lookahead = look
	r := mustRun(t, cfg)
	var b strings.Builder
	for i := range lines { // no time column, no --rate
		fmt.Fprintf(&b, format+"\r\n", 1+0.1*float64(i%3))
	}
	b.WriteString("t,ax,ay,az\r\n") // the device's header, late
	for i := range 200 {            // more than the lookahead the detection waits for
		fmt.Fprintf(&b, "%.2f,0.01,-0.02,%.2f\r\n", 0.01*float64(i), 1+0.1*float64(i%3))
	}
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "samples after the header", func() bool { return r.c.count() >= 199 })
	st := r.src.Stats()
	r.c.mu.Lock()
	nbad := len(r.c.bad)
	r.c.mu.Unlock()
	if st.Reconnects != 0 || nbad == 0 || st.BadFrames != int64(nbad) {
		t.Errorf("stats %+v, %d bad reported; want no reconnect and the unreadable text counted", st, nbad)
	}
}

// textRun writes stream to a pty read as text and waits wait.
func textRun(t *testing.T, stream string, wait time.Duration) *running {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText})
	if err := <-writeAll(t, m, []byte(stream)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(wait)
	return r
}

// TestTextClockFreeze: a clock that stalls for 40 lines (repeated times)
// costs those lines, not the stream: repeated times do not count as a
// restart (whose new lookahead, all repeats, would fail detection and
// wait for a header that never comes).
func TestTextClockFreeze(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	tt := 0.0
	for i := range 1200 {
		if i < 300 || i >= 340 {
			tt = float64(i) / 100
		}
		fmt.Fprintf(&b, "%.2f,0.1,0.0,%.3f\r\n", tt, 1+0.5*math.Sin(float64(i)/9))
	}
	r := textRun(t, b.String(), 1200*time.Millisecond)
	if n := r.c.count(); n < 1100 {
		t.Errorf("samples %d of 1200 lines (40 frozen); stats %+v", n, r.src.Stats())
	}
}

// TestTextResetInLookahead: a clock reset inside the first lookahead
// loses only the three lines that show it: the lines the first decoder had
// read and not handed out go to the next.
func TestTextResetInLookahead(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	for i := range 20 {
		fmt.Fprintf(&b, "%.2f,0.1,0.0,%.3f\r\n", 50+float64(i)/100, 1+0.5*math.Sin(float64(i)/9))
	}
	for i := range 400 {
		fmt.Fprintf(&b, "%.2f,0.1,0.0,%.3f\r\n", float64(i)/100, 1+0.5*math.Sin(float64(i)/9))
	}
	r := textRun(t, b.String(), time.Second)
	if n := r.c.count(); n < 417 {
		t.Errorf("samples %d, want 417 (420 - the 3 that show the reset); stats %+v", n, r.src.Stats())
	}
}

// TestTextRestartsDoNotNest: a device resetting over and over (a
// brown-out loop) does not make memory grow with each restart (each used
// to wrap the last in another 64 KiB buffer: 21 MiB after 300).
func TestTextRestartsDoNotNest(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	const resets = 300
	for k := range resets {
		for i := range 110 {
			fmt.Fprintf(&b, "%.2f,0.1,0.0,%.3f\r\n", float64(i)/100, 1+0.5*math.Sin(float64(i+k)/9))
		}
	}
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	r := textRun(t, b.String(), 0)
	waitFor(t, 20*time.Second, "restarts", func() bool { return r.src.Stats().Restarts >= resets-1 })
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	if g := float64(int64(ms1.HeapInuse)-int64(ms0.HeapInuse)) / (1 << 20); g > 5 {
		t.Errorf("heap grew %.1f MiB over %d restarts", g, r.src.Stats().Restarts)
	}
}

// TestTextResetTimedByArrival: a device that resets 50 lines into a
// session, inside the decoder's lookahead, and is silent for a second:
// the new session is dated by when its lines arrived, not by when the
// lookahead handed them out (all at once, so the second of silence
// vanished and every later step came out a second early).
func TestTextResetTimedByArrival(t *testing.T) {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText})
	var before, after strings.Builder
	before.WriteString("t,ax,ay,az\r\n")
	for i := range 50 {
		fmt.Fprintf(&before, "%.2f,0.1,0.0,%.3f\r\n", 100+float64(i)/100, 1+0.5*math.Sin(float64(i)/9))
	}
	for i := range 300 {
		fmt.Fprintf(&after, "%.2f,0.1,0.0,%.3f\r\n", float64(i)/100, 1+0.5*math.Sin(float64(i)/9))
	}
	if err := <-writeAll(t, m, []byte(before.String())); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the device restarting
	if err := <-writeAll(t, m, []byte(after.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "347 samples", func() bool { return r.c.count() >= 347 })
	st := r.src.Stats()
	if away := st.FirstByte.Sub(st.Paused); st.Restarts != 1 || away < 800*time.Millisecond || away > 1500*time.Millisecond {
		t.Errorf("restarts %d, away %v (paused %v, resumed %v), want 1 and ≈ 1 s", st.Restarts, away, st.Paused, st.FirstByte)
	}

	// the same after the lookahead, the lines paced at 100 Hz as a device
	// sends them (the pause must be found among reads of one line each)
	m2, path2 := mustPTY(t)
	r2 := mustRun(t, Config{Device: path2, Format: FormatText})
	paced := func(lines []string) {
		for _, l := range lines {
			if _, err := m2.Write([]byte(l)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	var old, fresh []string
	old = append(old, "t,ax,ay,az\r\n")
	for i := range 150 {
		old = append(old, fmt.Sprintf("%.2f,0.1,0.0,%.3f\r\n", 100+float64(i)/100, 1+0.5*math.Sin(float64(i)/9)))
	}
	for i := range 120 {
		fresh = append(fresh, fmt.Sprintf("%.2f,0.1,0.0,%.3f\r\n", float64(i)/100, 1+0.5*math.Sin(float64(i)/9)))
	}
	paced(old)
	time.Sleep(time.Second)
	paced(fresh)
	waitFor(t, 3*time.Second, "267 samples", func() bool { return r2.c.count() >= 267 })
	st = r2.src.Stats()
	// from the last old line to the first new one delivered (the fourth)
	if away := st.FirstByte.Sub(st.Paused); st.Restarts != 1 || away < 900*time.Millisecond || away > 1300*time.Millisecond {
		t.Errorf("paced: restarts %d, away %v, want 1 and ≈ 1.04 s", st.Restarts, away)
	}
}

// TestTextReconnectMisfit: a device that comes back with lines of another
// shape (a firmware update) and no header is refused with a message that
// says why: the earlier header does not fit (it said only that a
// headerless file needs a sample rate).
func TestTextReconnectMisfit(t *testing.T) {
	r, m2 := textReplugged(t, 150)
	var b strings.Builder
	for i := range 150 {
		fmt.Fprintf(&b, "%.2f,0.1,0.0,1.0,0.5\r\n", 10+float64(i)/100)
	}
	if err := <-writeAll(t, m2, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	want := "its lines have 5 fields and the earlier session's header (t,ax,ay,az) 4"
	waitFor(t, 3*time.Second, "the error", func() bool {
		r.c.mu.Lock()
		defer r.c.mu.Unlock()
		return len(r.c.bad) > 0 && strings.Contains(r.c.bad[len(r.c.bad)-1].Error(), want)
	})
}

// TestTextReshapeHint: lines that change shape on an open port (a firmware
// update without a replug) are refused, and the log says once why and what
// to do (it only counted "wrong number of fields", line after line).
func TestTextReshapeHint(t *testing.T) {
	m, path := mustPTY(t)
	logs := new(lockedLog)
	src, err := Open(Config{Device: path, Format: FormatText}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, func(sensor.Sample) {}, nil) }()
	b := textStream(150)
	for i := range 60 {
		b = fmt.Appendf(b, "%.2f,0.1,0.0,1.0,0.5\r\n", 2+float64(i)/100)
	}
	if err := <-writeAll(t, m, b); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the lines read", func() bool { return src.Stats().BadFrames >= 60 })
	cancel()
	<-done
	got := logs.String()
	if n := strings.Count(got, "text lines changed shape on consecutive lines"); n != 1 {
		t.Errorf("hint logged %d times:\n%s", n, got)
	}
}

// maxLate is how late a write of a paced device (device, devicePauses)
// may come — its sleep overrun, the writer descheduled, the pty full —
// for its stream to be the one the test describes. A write later than
// that is a silence the test did not ask for, followed by a burst: a
// silence of 0.5 s (stallSilence) is one the source must move its clock
// on by, and 0.15 s is the tolerance of the gaps the tests measure. On a
// loaded machine (go test -race beside other packages and a CPU hog) the
// writer fell 0.3–1 s behind and the stall tests failed: "Stalls = 2,
// want 1", "T step 0.362 s", a gap 0.28 s short of a wall time between
// writes that held the writer's own delay.
const maxLate = 100 * time.Millisecond

// lateness holds, by test, how late the latest write of its paced device
// came (a time.Duration), for paced.
var lateness sync.Map

// noteLate records a write of t's paced device d late.
func noteLate(t *testing.T, d time.Duration) {
	if v, ok := lateness.Load(t); ok && v.(time.Duration) >= d {
		return
	}
	lateness.Store(t, d)
}

// paced runs attempt — a scenario whose device writes at 100 Hz (device,
// devicePauses) — then the checks it returns, on the first of three
// attempts whose device kept its schedule to maxLate. An attempt whose
// writer fell behind is set aside unchecked (its source and pty are
// closed at the end of the test): what its source read is not the stream
// the test describes. When no attempt kept it, the test is skipped, saying
// so: the machine was too busy to pace a device.
func paced(t *testing.T, attempt func() (check func())) {
	t.Helper()
	const attempts = 3
	for i := 1; ; i++ {
		lateness.Delete(t)
		check := attempt()
		v, _ := lateness.LoadAndDelete(t)
		late, _ := v.(time.Duration)
		if late <= maxLate {
			check()
			return
		}
		if i == attempts {
			t.Skipf("a write of the device came %v late in each of %d attempts (over %v): the machine is too busy to pace a device at 100 Hz", late, attempts, maxLate)
		}
		t.Logf("attempt %d: a write of the device came %v late (over %v), a silence the test did not ask for: again", i, late, maxLate)
	}
}

// device writes frames to a pty master as a device streaming at 100 Hz
// does: frame(n) at n periods (10 ms) from the start, n < total. It is
// silent from period from to period to; with burstTo > to, the frames
// from from to burstTo come at once at period to (a link that buffered
// the silence's frames, and some beyond), and the stream goes on paced
// from there, frame burstTo a period after the burst (its count stays
// ahead: no second silence). It returns the wall time of its writes by
// period, and notes how late they came for paced.
func device(t *testing.T, m *os.File, total, from, to, burstTo int, frame func(n int) []byte) map[int]time.Time {
	t.Helper()
	const period = 10 * time.Millisecond
	at := map[int]time.Time{}
	start := time.Now()
	ahead := 0 // periods the count is ahead of the wall clock
	write := func(n int, b []byte) {
		due := start.Add(time.Duration(n-ahead) * period)
		time.Sleep(time.Until(due))
		if _, err := m.Write(b); err != nil {
			t.Error(err)
		}
		at[n] = time.Now()
		noteLate(t, at[n].Sub(due))
	}
	for n := range from {
		write(n, frame(n))
	}
	next := to
	if burstTo > to {
		var b []byte
		for k := from; k < burstTo; k++ {
			b = append(b, frame(k)...)
		}
		write(to, b)
		next, ahead = burstTo, burstTo-to-1
	}
	for n := next; n < total; n++ {
		write(n, frame(n))
	}
	return at
}

func witCycle(n int) []byte {
	ph := 2 * math.Pi * float64(n) / 55
	b := sensor.AppendWitFrame(nil, 0x51, [4]int16{int16(200 * math.Cos(ph)), 0, int16(2048 + 600*math.Sin(ph)), 2500})
	return sensor.AppendWitFrame(b, 0x52, [4]int16{int16(3000 * math.Sin(ph+1)), 0, 0, 0})
}

// textLine is a headerless line without a time column (--columns
// ax,ay,az): timed by its count.
func textLine(n int) []byte {
	return fmt.Appendf(nil, "0.01,-0.02,%.3f\r\n", 1+0.3*math.Sin(2*math.Pi*float64(n)/55))
}

// witBLEFrame is a WitMotion BLE notification: no time, timed by its
// count.
func witBLEFrame(n int) []byte {
	ph := 2 * math.Pi * float64(n) / 55
	return sensor.AppendWitBLE(nil, sensor.Sample{Acc: [3]float64{0.1 * math.Cos(ph) * sensor.G0, 0, (1 + 0.3*math.Sin(ph)) * sensor.G0}, Gyr: [3]float64{3 * math.Sin(ph+1)}}, 16)
}

func rvcFrame(n int) []byte {
	f := [19]byte{0xAA, 0xAA, byte(n)}
	az := int16(1000 + 300*math.Sin(2*math.Pi*float64(n)/55))
	f[13], f[14] = byte(uint16(az)), byte(uint16(az)>>8)
	for _, c := range f[2:18] {
		f[18] += c
	}
	return f[:]
}

// collected returns a copy of the samples delivered so far.
func (c *collector) collected() []sensor.Sample {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]sensor.Sample(nil), c.samples...)
}

// stallConfig is the stall tests' port at 100 Hz; a text stream's lines
// are textLine's (ax,ay,az in g, no time column: timed by count).
func stallConfig(path, format string) Config {
	cfg := Config{Device: path, Format: format, Rate: 100}
	if format == FormatText {
		cfg.Text.Columns = []string{"ax", "ay", "az"}
		cfg.Text.AccUnit = "g"
		cfg.Text.Lookahead = 8
	}
	return cfg
}

// jumps returns the steps of T between consecutive samples other than
// one period (10 ms), by the index of the sample after.
func jumps(ss []sensor.Sample) map[int]float64 {
	j := map[int]float64{}
	for i := 1; i < len(ss); i++ {
		if d := ss[i].T - ss[i-1].T; math.Abs(d-0.01) > 1e-6 {
			j[i] = d
		}
	}
	return j
}

// TestStallMovesClock: a stream timed by sample count (WitMotion without
// time frames, BNO08x RVC) whose device goes silent while the port stays
// open resumes with T moved on by about the silence (it used to resume
// where its count stopped: no gap, a stride spliced across the pause).
// RVC's index runs on through the silence (frames lost on the link): 4 s
// is more than one wrap of its 8-bit index (2.56 s), and the wall time
// picks the number of wraps, so T is the device's to the frame; an RVC
// sensor that stops its output (its index resumes where it stopped) is
// moved on by the wall time. The tolerance, 0.15 s, covers the pacing of
// the writer and the pty on a loaded machine (tens of ms) and is far
// below the silences (a missing move is off by the whole silence).
func TestStallMovesClock(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format string
		silent int // periods of 10 ms
		frame  func(n int) []byte
		exact  bool // T after the silence is the device's, to the frame
		stalls int64
	}{
		{"witmotion 1s", FormatWitMotion, 100, witCycle, false, 1},
		{"witmotion-ble 1s", FormatWitBLE, 100, witBLEFrame, false, 1},
		{"text 1s", FormatText, 100, textLine, false, 1},
		// the index alone times a silence under one wrap
		{"rvc 1s", FormatRVC, 100, rvcFrame, true, 0},
		{"rvc 4s", FormatRVC, 400, rvcFrame, true, 1},
		{"rvc 4s index stopped", FormatRVC, 400, func(n int) []byte {
			if n >= 150 {
				n -= 400 // the index resumes where it stopped
			}
			return rvcFrame(n)
		}, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				r := mustRun(t, stallConfig(path, tc.format))
				total := 300 + tc.silent
				at := device(t, m, total, 150, 150+tc.silent, 0, tc.frame)
				return func() {
					waitFor(t, 3*time.Second, "the samples after the silence", func() bool { return r.c.count() >= 295 })
					time.Sleep(50 * time.Millisecond)
					ss := r.c.collected()
					wall := at[150+tc.silent].Sub(at[149]).Seconds()
					var jump float64
					for i, d := range jumps(ss) {
						if i != 150 {
							t.Errorf("sample %d (T %.3f): T step %.3f s", i, ss[i].T, d)
							continue
						}
						jump = d
					}
					t.Logf("T moved on by %.3f s across a silence of %.3f s", jump, wall)
					if math.Abs(jump-wall) > 0.15 {
						t.Errorf("T after the silence moved on by %.3f s, want the silence, %.3f s ± 0.15", jump, wall)
					}
					if want := float64(tc.silent+1) / 100; tc.exact && math.Abs(jump-want) > 1e-9 {
						t.Errorf("T after the silence moved on by %.3f s, want the index's %.2f s", jump, want)
					}
					if st := r.src.Stats(); st.Stalls != tc.stalls {
						t.Errorf("Stalls = %d, want %d", st.Stalls, tc.stalls)
					}
					// a silence moved on is a gap, no frame of it lost; one
					// under a wrap is timed by the index, its frames lost
					if st := r.src.Stats(); tc.format == FormatRVC && st.LostFrames != int64(tc.silent)*(1-tc.stalls) {
						t.Errorf("LostFrames = %d, want %d", st.LostFrames, int64(tc.silent)*(1-tc.stalls))
					}
				}
			})
		})
	}
}

// TestStallLateBurst: bytes that come late in a burst (the device kept
// measuring; the link or the kernel buffered them while the reader saw
// nothing for 1.5 s: 2 s of frames at once) account for the silence by
// their count: no gap is inserted, T runs on a period a sample.
func TestStallLateBurst(t *testing.T) {
	for _, tc := range []struct {
		format string
		frame  func(n int) []byte
	}{{FormatWitMotion, witCycle}, {FormatWitBLE, witBLEFrame}, {FormatRVC, rvcFrame}, {FormatText, textLine}} {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				r := mustRun(t, stallConfig(path, tc.format))
				device(t, m, 400, 100, 250, 300, tc.frame)
				return func() {
					waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 398 })
					time.Sleep(50 * time.Millisecond)
					ss := r.c.collected()
					for i, d := range jumps(ss) {
						t.Errorf("sample %d (T %.2f): T step %.3f s, want no gap", i, ss[i].T, d)
					}
					if st := r.src.Stats(); st.Stalls != 0 {
						t.Errorf("Stalls = %d, want 0", st.Stalls)
					}
				}
			})
		})
	}
}

// TestStallSlowReader: a reader that does not read for 1 s (descheduled,
// or a consumer that blocked) while the device streams on finds the bytes
// in the kernel's buffer: a silence between its reads, but the count of
// the buffered samples accounts for it, and no gap is inserted.
func TestStallSlowReader(t *testing.T) {
	paced(t, func() func() {
		m, path := mustPTY(t)
		src, err := Open(Config{Device: path, Format: FormatWitMotion, Rate: 100}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := &collector{}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- src.Run(ctx, func(s sensor.Sample) {
				if c.count() == 100 {
					time.Sleep(time.Second) // 2.2 KB wait in the pty
				}
				c.out(s)
			}, nil)
		}()
		t.Cleanup(func() { cancel(); <-done })
		device(t, m, 300, 0, 0, 0, witCycle)
		return func() {
			waitFor(t, 3*time.Second, "the samples", func() bool { return c.count() >= 298 })
			ss := c.collected()
			for i, d := range jumps(ss) {
				t.Errorf("sample %d (T %.2f): T step %.3f s, want no gap", i, ss[i].T, d)
			}
			if st := src.Stats(); st.Stalls != 0 {
				t.Errorf("Stalls = %d, want 0", st.Stalls)
			}
		}
	})
}
