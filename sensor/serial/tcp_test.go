package serial

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestTCPDial: tcp://host:port reads text lines from a serial-over-TCP
// server (ser2net, ESP-Link, an ESP32's WiFiServer) exactly as from a
// port, and connects again when the server drops the connection.
func TestTCPDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	stream := textStream(700)
	cfg := Config{Device: "tcp://" + ln.Addr().String(), Format: FormatText}
	cr, err := sensor.NewCSVReader(bytes.NewReader(stream), cfg.withDefaults().Text)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reference(t, cr)

	r := mustRun(t, cfg)
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c.Write(stream)
	waitFor(t, 5*time.Second, "700 samples", func() bool { return r.c.count() >= 700 })
	c.Close()
	// the server drops the connection and takes the next one
	c2, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	waitFor(t, 5*time.Second, "a reconnection", func() bool { return r.src.Stats().Reconnects == 1 && r.src.Stats().Connected })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples[:700], want) {
		t.Errorf("text samples over TCP differ from NewCSVReader on the same bytes")
	}
	if st := r.src.Stats(); st.Bytes != int64(len(stream)) {
		t.Errorf("stats %+v, want %d bytes", st, len(stream))
	}
}

// TestTCPListen: tcp-listen://addr waits for the device to connect (a
// WitMotion WiFi sensor sending its frames to a server): its frames read
// as from a port, and a device that connects again is a new session.
func TestTCPListen(t *testing.T) {
	stream, _, _ := witStream(500, 0, 1)
	want, _ := reference(t, sensor.NewWitReader(bytes.NewReader(stream), sensor.BinaryOptions{Rate: 100}))
	r := mustRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatWitMotion, Rate: 100})
	waitFor(t, 5*time.Second, "the listener", func() bool { return r.src.Addr() != "" })
	c, err := net.Dial("tcp", r.src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	c.Write(stream)
	waitFor(t, 5*time.Second, "499 samples", func() bool { return r.c.count() >= 499 })
	c.Close()
	waitFor(t, 5*time.Second, "the end of the session", func() bool { return r.c.count() == 501 && !r.src.Stats().Connected })
	c2, err := net.Dial("tcp", r.src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	waitFor(t, 5*time.Second, "a second session", func() bool { return r.src.Stats().Connected && r.src.Stats().Reconnects == 1 })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples[:501], want) {
		t.Errorf("frames over TCP differ from NewWitReader on the same bytes")
	}
}

// TestTCPConfig: a network device's address is checked; an address that
// cannot be listened on stops Run with the reason.
func TestTCPConfig(t *testing.T) {
	for dev, want := range map[string]string{
		"tcp://esp32.local":       "tcp://esp32.local: want tcp://host:port",
		"tcp://:23":               "tcp://:23: want tcp://host:port",
		"tcp-listen://5555":       "tcp-listen://5555: want tcp-listen://:port or tcp-listen://address:port",
		"tcp-listen://:5555":      "",
		"tcp://192.168.4.1:23/":   "",
		"tcp-listen://[::1]:5555": "",
		"udp-listen://:4210":      "",
		"udp-listen://4210":       "udp-listen://4210: want udp-listen://:port or udp-listen://address:port",
	} {
		err := Config{Device: dev, Format: FormatText}.Validate()
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", dev, err, want)
		}
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	src, err := Open(Config{Device: "tcp-listen://" + busy.Addr().String(), Format: FormatText}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Run(t.Context(), func(sensor.Sample) {}, nil); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("address in use: %v", err)
	}
}

// TestUDPListen: udp-listen://addr reads the datagrams sent to it as one
// stream (an app or an ESP32 sending CSV lines by UDP), exactly as the
// same bytes from a port; a second sender's datagrams (another IP
// address) are dropped while the first sends.
func TestUDPListen(t *testing.T) {
	stream := textStream(700)
	cfg := Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText}
	cr, err := sensor.NewCSVReader(bytes.NewReader(stream), cfg.withDefaults().Text)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reference(t, cr)
	r := mustRun(t, cfg)
	waitFor(t, 5*time.Second, "the socket", func() bool { return r.src.Addr() != "" })
	c, err := net.Dial("udp", r.src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	other := dialUDPFrom(t, "127.0.0.2", r.src.Addr())
	lines := bytes.SplitAfter(stream, []byte("\n"))
	for k := 0; k < len(lines); k += 10 {
		c.Write(bytes.Join(lines[k:min(k+10, len(lines))], nil))
		if k == 200 && other != nil {
			other.Write([]byte("9.99,1,2,3\n"))
		}
		time.Sleep(200 * time.Microsecond) // (a local socket's buffer)
	}
	waitFor(t, 5*time.Second, "700 samples", func() bool { return r.c.count() >= 700 })
	r.stop(t)
	if !reflect.DeepEqual(r.c.samples, want) {
		t.Errorf("text samples over UDP differ from NewCSVReader on the same bytes (%d, want %d)", len(r.c.samples), len(want))
	}
	if st := r.src.Stats(); st.BadFrames != 0 || len(r.c.bad) != 0 {
		t.Errorf("the other sender's line was read: %d bad, %v", st.BadFrames, r.c.bad)
	}
}

// logRun runs a Source of cfg with its log kept; stop cancels Run, waits
// for it and returns the log.
func logRun(t *testing.T, cfg Config) (src *Source, stop func() string) {
	t.Helper()
	src, _, stop = liveLogRun(t, cfg)
	return src, stop
}

// liveLogRun is logRun whose log can also be read while Run runs.
func liveLogRun(t *testing.T, cfg Config) (src *Source, log, stop func() string) {
	t.Helper()
	logs := new(lockedLog)
	src, err := Open(cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, func(sensor.Sample) {}, nil) }()
	t.Cleanup(cancel)
	log = logs.String
	return src, log, func() string {
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run: %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		return logs.String()
	}
}

// TestNetworkCancelQuiet: serve stopped while it waits for a device to
// connect (or dials one) says nothing of it: it logged "serial port
// unavailable, retrying" err="context canceled" at every shutdown.
func TestNetworkCancelQuiet(t *testing.T) {
	// a dial that hangs: an address that drops SYNs is not portable; a
	// listener whose backlog is full is not either, so a dial that is
	// refused and retried stands for it, cancelled in its backoff or in
	// the dial itself
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := free.Addr().String()
	free.Close()
	for _, dev := range []string{"tcp-listen://127.0.0.1:0", "udp-listen://127.0.0.1:0", "tcp://" + refused} {
		t.Run(dev, func(t *testing.T) {
			_, stop := logRun(t, Config{Device: dev, Format: FormatText})
			time.Sleep(300 * time.Millisecond)
			if logs := stop(); strings.Contains(logs, "canceled") {
				t.Errorf("the cancellation was logged:\n%s", logs)
			}
		})
	}
}

// TestTCPListenSecondDevice: a device that connects while another is
// connected is not left in the listener's backlog for as long as the first
// stays. The first silent for senderQuiet (a WitMotion WiFi sensor that
// rebooted: its old connection half-open, never closed) gives way to it;
// the first sending, it is closed — it waited, its lines queued, until
// the first went.
func TestTCPListenSecondDevice(t *testing.T) {
	src, stop := logRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText})
	defer stop()
	waitFor(t, 5*time.Second, "the listener", func() bool { return src.Addr() != "" })
	stream := textStream(300)
	lines := bytes.SplitAfter(stream, []byte("\n"))

	// the first device sends, then goes silent without closing
	a, err := net.Dial("tcp", src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.Write(stream)
	waitFor(t, 5*time.Second, "the first device's lines", func() bool { return src.Stats().Samples == 300 })

	// the device back with a new connection
	start := time.Now()
	b, err := net.Dial("tcp", src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Write(stream)
	waitFor(t, 3*senderQuiet, "the new connection read", func() bool { return src.Stats().Reconnects == 1 && src.Stats().Bytes == 2*int64(len(stream)) })
	if d := time.Since(start); d > senderQuiet+time.Second {
		t.Errorf("the new connection waited %v", d)
	}
	if _, err := a.Read(make([]byte, 1)); err == nil {
		t.Errorf("the silent connection was not closed")
	}

	// b sends on; a third device is closed, not queued behind it
	sending := make(chan struct{})
	go func() {
		defer close(sending)
		for i := 0; i < 80; i++ {
			if _, err := b.Write(lines[1+i%299]); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	c, err := net.Dial("tcp", src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(2 * senderQuiet))
	if _, err := c.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("a device connecting while another sends: %v, want its connection closed", err)
	}
	if st := src.Stats(); st.Reconnects != 1 || !st.Connected {
		t.Errorf("the sending device's connection was dropped for another: %+v", st)
	}
	<-sending
}

// TestUDPNewSender: the datagrams of a new sender (the app restarted on
// a new port, another phone, once the first has been silent for
// senderQuiet) are a new session, as a new connection is: its header is
// read as a header and its clock, from 0 again, is not a clock gone back.
// They were read on as the first's stream: the header a bad line, the
// first lines of the new clock refused (three samples lost) and the
// change counted as a device restart; a sender whose lines have other
// columns had every line refused.
func TestUDPNewSender(t *testing.T) {
	r := mustRun(t, Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText})
	waitFor(t, 5*time.Second, "the socket", func() bool { return r.src.Addr() != "" })
	if st := r.src.Stats(); st.Connected {
		t.Errorf("connected before any datagram: %+v", st)
	}
	send := func(stream []byte) {
		c, err := net.Dial("udp", r.src.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		lines := bytes.SplitAfter(stream, []byte("\n"))
		for k := 0; k < len(lines); k += 10 {
			c.Write(bytes.Join(lines[k:min(k+10, len(lines))], nil))
			time.Sleep(200 * time.Microsecond)
		}
	}
	send(textStream(300))
	waitFor(t, 5*time.Second, "the first sender's samples", func() bool { return r.c.count() == 300 })
	if st := r.src.Stats(); !st.Connected || st.Reconnects != 0 {
		t.Errorf("after the first sender: %+v", st)
	}
	time.Sleep(senderQuiet + 100*time.Millisecond)
	// the second sends lines with a gyro column, its clock from 0
	var b strings.Builder
	b.WriteString("t,ax,ay,az,gx\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%.2f,0.1,0.2,%.3f,%d\n", float64(i)/100, 1+0.5*math.Sin(float64(i)/9), i%7)
	}
	send([]byte(b.String()))
	waitFor(t, 5*time.Second, "the second sender's samples", func() bool { return r.c.count() >= 600 })
	r.stop(t)
	st := r.src.Stats()
	if len(r.c.bad) != 0 || st.Restarts != 0 || st.Reconnects != 1 {
		t.Errorf("stats %+v, bad %v", st, r.c.bad)
	}
	if l, _ := r.src.Layout(); !l.Gyr[0] {
		t.Errorf("layout %+v: the second sender's header not read", l)
	}
}

// TestTCPDialBusy: a server that answers each connection with a line and
// closes it (ser2net's "Port already in use" while another client has
// the port) is dialled again with the backoff, not at once: a session
// that read bytes counted as one that worked, and serve connected
// thousands of times a second, logging each.
func TestTCPDialBusy(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Write([]byte("Port already in use\r\n"))
			c.Close()
		}
	}()
	r := mustRun(t, Config{Device: "tcp://" + ln.Addr().String(), Format: FormatText})
	time.Sleep(1500 * time.Millisecond)
	r.stop(t)
	// 0, 0.2, 0.6, 1.4 s
	if n := conns.Load(); n > 5 {
		t.Errorf("%d connections in 1.5 s", n)
	}
}

// TestTCPQuietKept: a device whose connection is alive but quiet (its
// sensor not streaming) is not disconnected by the keepalive probes,
// which its kernel answers: with probes after 1 s idle, 1 s apart, one
// unanswered ending the connection, 2.5 s of silence on a tcp:// and on
// a tcp-listen:// connection leave the session as it was, and the lines
// sent after it are read on in it.
func TestTCPQuietKept(t *testing.T) {
	old := keepAlive
	keepAlive = net.KeepAliveConfig{Enable: true, Idle: time.Second, Interval: time.Second, Count: 1}
	t.Cleanup(func() { keepAlive = old }) // (after the subtests: they are parallel)
	lines := bytes.SplitAfter(textStream(400), []byte("\n"))
	quiet := func(t *testing.T, r *running, c net.Conn) {
		c.Write(bytes.Join(lines[:201], nil)) // the header and 200 lines
		waitFor(t, 5*time.Second, "200 samples", func() bool { return r.c.count() == 200 })
		time.Sleep(2500 * time.Millisecond)
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("the quiet connection: %v, want it open", err)
		}
		if st := r.src.Stats(); !st.Connected || st.Reconnects != 0 {
			t.Errorf("after the silence: %+v", st)
		}
		c.Write(bytes.Join(lines[201:], nil))
		waitFor(t, 5*time.Second, "400 samples", func() bool { return r.c.count() == 400 })
		if st := r.src.Stats(); st.Reconnects != 0 || len(r.c.bad) != 0 {
			t.Errorf("after the silence: %+v, bad %v", st, r.c.bad)
		}
	}
	t.Run("tcp", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		r := mustRun(t, Config{Device: "tcp://" + ln.Addr().String(), Format: FormatText})
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		quiet(t, r, c)
		r.stop(t)
	})
	t.Run("tcp-listen", func(t *testing.T) {
		t.Parallel()
		r := mustRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText})
		waitFor(t, 5*time.Second, "the listener", func() bool { return r.src.Addr() != "" })
		c, err := net.Dial("tcp", r.src.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		quiet(t, r, c)
		r.stop(t)
	})
}

// dialUDPFrom returns a UDP socket from the address ip (another loopback
// address than 127.0.0.1: a second device) connected to addr, or nil,
// logged, where ip cannot be bound (127.0.0.2 can on Linux, not on macOS).
func dialUDPFrom(t *testing.T, ip, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.UDPAddr{IP: net.ParseIP(ip)}}
	c, err := d.Dial("udp", addr)
	if err != nil {
		t.Logf("no second sender from %s: %v", ip, err)
		return nil
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestUDPPortPerDatagram: a sender is its IP address. An app that sends
// each datagram from a new socket (a new source port each time, as phone
// apps often do) gets every sample, exactly as from one socket; a datagram
// from another IP address meanwhile is dropped. The same address from a
// new port after a silence of senderQuiet or more (the device rebooted) is
// a new session: its header read as one. The datagrams of a new port were
// another sender's, dropped while the first port's sender sent: only the
// first datagram's lines were read.
func TestUDPPortPerDatagram(t *testing.T) {
	r := mustRun(t, Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText})
	waitFor(t, 5*time.Second, "the socket", func() bool { return r.src.Addr() != "" })
	other := dialUDPFrom(t, "127.0.0.2", r.src.Addr())
	send := func(stream []byte) {
		lines := bytes.SplitAfter(stream, []byte("\n"))
		for k := 0; k < len(lines); k += 10 {
			c, err := net.Dial("udp", r.src.Addr()) // a new port each datagram
			if err != nil {
				t.Fatal(err)
			}
			c.Write(bytes.Join(lines[k:min(k+10, len(lines))], nil))
			c.Close()
			if k == 300 && other != nil {
				other.Write([]byte("9.99,1,2,3\n"))
			}
			time.Sleep(200 * time.Microsecond)
		}
	}
	stream := textStream(700)
	cr, err := sensor.NewCSVReader(bytes.NewReader(stream), r.src.Config().Text)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reference(t, cr)
	send(stream)
	waitFor(t, 5*time.Second, "700 samples", func() bool { return r.c.count() >= 700 })
	r.c.mu.Lock()
	same := reflect.DeepEqual(r.c.samples, want)
	r.c.mu.Unlock()
	if !same {
		t.Errorf("a port per datagram: the samples differ from NewCSVReader on the same bytes")
	}
	if st := r.src.Stats(); st.Reconnects != 0 || st.BadFrames != 0 {
		t.Errorf("a port per datagram: %+v, bad %v", st, r.c.bad)
	}

	// the device back after a reboot, with a header of other columns
	time.Sleep(senderQuiet + 100*time.Millisecond)
	var b strings.Builder
	b.WriteString("t,ax,ay,az,gx\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%.2f,0.1,0.2,%.3f,%d\n", float64(i)/100, 1+0.5*math.Sin(float64(i)/9), i%7)
	}
	send([]byte(b.String()))
	waitFor(t, 5*time.Second, "the new session's samples", func() bool { return r.c.count() >= 1000 })
	r.stop(t)
	if st := r.src.Stats(); st.Reconnects != 1 || st.Restarts != 0 || len(r.c.bad) != 0 {
		t.Errorf("after the reboot: %+v, bad %v", st, r.c.bad)
	}
	if l, _ := r.src.Layout(); !l.Gyr[0] {
		t.Errorf("layout %+v: the new session's header not read", l)
	}
}

// TestNetworkSessionEndLogged: the end of a network device's session is
// logged as what happened, with the remote address: the connection closed
// by the server (tcp://) or the device (tcp-listen://), a silent
// connection replaced by the device's new one, a UDP sender replaced by a
// new one; a connection reset is "connection lost" with the error. All
// were logged "serial port lost" with the error alone (EOF, a read on a
// closed connection, a new sender); a serial port still is,
// and a network device's new session is "serial stream connected" with
// its address (it was "serial port reconnected").
func TestNetworkSessionEndLogged(t *testing.T) {
	lines := bytes.SplitAfter(textStream(200), []byte("\n"))
	stream := bytes.Join(lines, nil)
	t.Run("tcp closed", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		src, stop := logRun(t, Config{Device: "tcp://" + ln.Addr().String(), Format: FormatText})
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		c.Write(stream)
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == 200 })
		c.Close()
		c2, err := ln.Accept() // dialled again
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		waitFor(t, 5*time.Second, "the reconnection", func() bool { return src.Stats().Reconnects == 1 })
		logs := stop()
		wantLog(t, logs, "serial stream: connection closed by the server", "level=WARN", "remote="+ln.Addr().String())
		wantLog(t, logs, "serial stream connected", "remote="+ln.Addr().String(), "reconnects=1")
	})
	t.Run("tcp-listen reset", func(t *testing.T) {
		t.Parallel()
		src, log, stop := liveLogRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText})
		waitFor(t, 5*time.Second, "the listener", func() bool { return src.Addr() != "" })
		c, err := net.Dial("tcp", src.Addr())
		if err != nil {
			t.Fatal(err)
		}
		c.Write(stream)
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == 200 })
		c.(*net.TCPConn).SetLinger(0) // Close sends a RST
		c.Close()
		waitLogged(t, log, "the end of the session", `level=WARN msg="serial`)
		wantLog(t, stop(), "serial stream: connection lost", "level=WARN", "remote="+c.LocalAddr().String(), `err="read tcp`)
	})
	t.Run("tcp-listen closed", func(t *testing.T) {
		t.Parallel()
		src, log, stop := liveLogRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText})
		waitFor(t, 5*time.Second, "the listener", func() bool { return src.Addr() != "" })
		c, err := net.Dial("tcp", src.Addr())
		if err != nil {
			t.Fatal(err)
		}
		c.Write(stream)
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == 200 })
		c.Close()
		waitLogged(t, log, "the end of the session", `level=WARN msg="serial`)
		wantLog(t, stop(), "serial stream: connection closed by the device", "level=WARN", "remote="+c.LocalAddr().String())
	})
	t.Run("tcp-listen replaced", func(t *testing.T) {
		t.Parallel()
		src, stop := logRun(t, Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText})
		waitFor(t, 5*time.Second, "the listener", func() bool { return src.Addr() != "" })
		a, err := net.Dial("tcp", src.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		a.Write(stream)
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == 200 })
		b, err := net.Dial("tcp", src.Addr()) // taken once a has been silent for senderQuiet
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		waitFor(t, 3*senderQuiet, "the new connection", func() bool { return src.Stats().Reconnects == 1 })
		logs := stop()
		wantLog(t, logs, "serial stream: a new connection replaced the silent one", "level=INFO", "remote="+a.LocalAddr().String(), "by="+b.LocalAddr().String(), "silent=2")
		wantLog(t, logs, "serial stream connected", "remote="+b.LocalAddr().String(), "reconnects=1")
	})
	t.Run("udp replaced", func(t *testing.T) {
		t.Parallel()
		src, stop := logRun(t, Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText})
		waitFor(t, 5*time.Second, "the socket", func() bool { return src.Addr() != "" })
		from := twoSenders(t, src, src.Addr(), lines)
		logs := stop()
		wantLog(t, logs, "serial stream: a new sender replaced the last one", "level=INFO", "remote="+from[0], "by="+from[1], "silent=2")
		wantLog(t, logs, "serial stream connected", "remote="+from[1], "reconnects=1")
	})
	t.Run("serial port", func(t *testing.T) {
		t.Parallel()
		m, path := mustPTY(t)
		src, log, stop := liveLogRun(t, Config{Device: path, Format: FormatText})
		waitFor(t, 5*time.Second, "the port", func() bool { return src.Stats().Connected })
		if err := <-writeAll(t, m, stream); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == 200 })
		m.Close()
		waitLogged(t, log, "the end of the session", `level=WARN msg="serial`)
		if logs := stop(); !strings.Contains(logs, `msg="serial port lost"`) || strings.Contains(logs, "serial stream") {
			t.Errorf("a serial port lost:\n%s", logs)
		}
	})
}

// waitLogged waits up to 5 s for a line of log with want in it (the end
// of a session is logged after Stats().Connected turns false).
func waitLogged(t *testing.T, log func() string, what, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log(), want); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("timed out after 5s waiting for %s logged:\n%s", what, log())
			return
		}
	}
}

// wantLog checks that logs (slog's text) have a line of message msg with
// each of attrs, and no "serial port lost".
func wantLog(t *testing.T, logs, msg string, attrs ...string) {
	t.Helper()
	if strings.Contains(logs, "serial port lost") {
		t.Errorf("a network device logged as a serial port:\n%s", logs)
	}
lines:
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, " msg="+strconv.Quote(msg)+" ") {
			continue
		}
		for _, a := range attrs {
			if !strings.Contains(line, " "+a) {
				continue lines
			}
		}
		return
	}
	t.Errorf("no log line %q with %v:\n%s", msg, attrs, logs)
}

// TestUDPSecondSocketSameAddress: two devices behind one address (two
// phones behind a NAT router, two apps on one phone) each send from a
// socket of their own. The first sends from one port; the second's
// datagrams, from another port of the same address, are another sender's
// and dropped while the first sends: the first's samples come through
// exactly, none of the second's mixed in (a sender being its IP address,
// they were taken as the first's and their lines interleaved with its).
func TestUDPSecondSocketSameAddress(t *testing.T) {
	r := mustRun(t, Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText})
	waitFor(t, 5*time.Second, "the socket", func() bool { return r.src.Addr() != "" })
	a, err := net.Dial("udp", r.src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := net.Dial("udp", r.src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	stream := textStream(700)
	cr, err := sensor.NewCSVReader(bytes.NewReader(stream), r.src.Config().Text)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reference(t, cr)
	lines := bytes.SplitAfter(stream, []byte("\n"))
	for k := 0; k < len(lines); k += 10 {
		a.Write(bytes.Join(lines[k:min(k+10, len(lines))], nil))
		if k >= 300 {
			// the second device's own stream, in step with the first's
			b.Write(fmt.Appendf(nil, "%.3f,0.500,0.500,1.500\r\n", float64(k)/100+0.005))
		}
		time.Sleep(200 * time.Microsecond)
	}
	waitFor(t, 5*time.Second, "700 samples", func() bool { return r.c.count() >= 700 })
	time.Sleep(100 * time.Millisecond) // (anything more)
	r.stop(t)
	r.c.mu.Lock()
	same := reflect.DeepEqual(r.c.samples, want)
	n := len(r.c.samples)
	r.c.mu.Unlock()
	if !same {
		t.Errorf("%d samples, not the first device's %d (NewCSVReader on its bytes)", n, len(want))
	}
	if st := r.src.Stats(); st.Reconnects != 0 || st.BadFrames != 0 {
		t.Errorf("%+v, bad %v", st, r.c.bad)
	}
}

// TestUDPSenderIPv4: on a socket of both IPv6 and IPv4 (udp-listen://:port,
// as the docs write it) an IPv4 sender's address arrives IPv4-mapped; it
// is logged as the IPv4 address it is, as tcp-listen:// logs a
// connection's (it was "[::ffff:127.0.0.1]:port").
func TestUDPSenderIPv4(t *testing.T) {
	lines := bytes.SplitAfter(textStream(200), []byte("\n"))
	src, stop := logRun(t, Config{Device: "udp-listen://:0", Format: FormatText})
	waitFor(t, 5*time.Second, "the socket", func() bool { return src.Addr() != "" })
	_, port, err := net.SplitHostPort(src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	from := twoSenders(t, src, "127.0.0.1:"+port, lines)
	logs := stop()
	wantLog(t, logs, "serial stream connected", "remote="+from[0])
	wantLog(t, logs, "serial stream: a new sender replaced the last one", "remote="+from[0], "by="+from[1])
}

// TestListenBeforeRun: Listen binds a listener device's socket before Run
// (a datagram sent then is read by Run), says an address in use at once,
// does nothing for other devices, and Close releases a socket Run never
// used (the address can be bound again).
func TestListenBeforeRun(t *testing.T) {
	src, err := Open(Config{Device: "udp-listen://127.0.0.1:0", Format: FormatText}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Listen(t.Context()); err != nil || src.Addr() == "" {
		t.Fatalf("Listen: %v, addr %q", err, src.Addr())
	}
	c, err := net.Dial("udp", src.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("t,ax,ay,az\n0.00,0.1,0.2,9.8\n0.01,0.1,0.2,9.8\n")) // before Run
	var (
		mu sync.Mutex
		n  int
	)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- src.Run(ctx, func(sensor.Sample) { mu.Lock(); n++; mu.Unlock() }, nil)
	}()
	for i := range 200 {
		c.Write(fmt.Appendf(nil, "%.2f,0.1,0.2,9.8\n", 0.02+float64(i)/100))
	}
	waitFor(t, 5*time.Second, "the samples", func() bool { mu.Lock(); defer mu.Unlock(); return n >= 202 })
	cancel()
	<-done

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tcp, _ := Open(Config{Device: "tcp-listen://" + busy.Addr().String(), Format: FormatText}, nil)
	if err := tcp.Listen(t.Context()); err == nil || !strings.HasPrefix(err.Error(), "serial: tcp-listen://"+busy.Addr().String()+": listen tcp "+busy.Addr().String()+": bind: ") || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("address in use: %v", err)
	}
	dial, _ := Open(Config{Device: "tcp://127.0.0.1:1", Format: FormatText}, nil)
	if err := dial.Listen(t.Context()); err != nil || dial.Addr() != "" {
		t.Errorf("a dialled device: Listen %v, addr %q", err, dial.Addr())
	}

	free, _ := Open(Config{Device: "tcp-listen://127.0.0.1:0", Format: FormatText}, nil)
	if err := free.Listen(t.Context()); err != nil {
		t.Fatal(err)
	}
	addr := free.Addr()
	free.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("after Close, %s: %v", addr, err)
	}
	ln.Close()
}

// twoSenders sends the 200 lines to addr from one socket, then, after
// senderQuiet, from another, each time waiting until src has read them;
// it returns the two senders' addresses.
func twoSenders(t *testing.T, src *Source, addr string, lines [][]byte) []string {
	t.Helper()
	var from []string
	for range 2 {
		c, err := net.Dial("udp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		from = append(from, c.LocalAddr().String())
		for k := 0; k < len(lines); k += 10 {
			c.Write(bytes.Join(lines[k:min(k+10, len(lines))], nil))
			time.Sleep(200 * time.Microsecond)
		}
		waitFor(t, 5*time.Second, "the lines", func() bool { return src.Stats().Samples == int64(200*len(from)) })
		if len(from) == 1 {
			time.Sleep(senderQuiet + 100*time.Millisecond)
		}
	}
	return from
}
