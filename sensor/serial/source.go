package serial

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unicode"

	"go.bug.st/serial"

	"github.com/gaitd/gaitd/sensor"
)

// Stats is a snapshot of a Source's counters since Open.
type Stats struct {
	Bytes     int64 // bytes read from the port (hyperimu: as text lines, the MAC addresses left out)
	Samples   int64 // samples passed to out
	BadFrames int64 // errors passed to bad: *sensor.FrameError, *sensor.LineError, text that cannot be analysed
	// LostFrames counts frames a binary decoder found lost in transit:
	// BNO08x RVC frames missing from the rolling index
	// (sensor.BinaryStats.Dropped) and WitMotion cycles without their
	// gyro frame (GyroMissing), over all sessions.
	LostFrames int64
	Reconnects int64 // successful reopenings after the port was lost
	// Stalls counts silences of an open port after which a stream timed
	// by sample count had its clock moved on (a gap of about the
	// silence's length; see Run and stall.go).
	Stalls int64
	// Restarts counts text decoders restarted on an open port: a device
	// whose clock went back (reset), read on as a new session.
	Restarts  int64
	Connected bool // the port is open now
	// FirstByte is the wall time the current session's first byte arrived
	// (zero before it), or, after a text session restarted on an open
	// port (see Restarts), the arrival of the line of the new clock's
	// first sample (set as that sample comes out): the moment data
	// resumed, before any lookahead a text decoder waits for.
	FirstByte time.Time
	// Paused is the wall time the data stopped before the current
	// session: the previous session's last byte, or the arrival of the
	// last line before a restart's new clock; zero in the first session.
	// FirstByte − Paused is how long the device was away (the arrival of
	// the lines, not their delivery: a text decoder hands out its
	// lookahead in a burst).
	Paused time.Time
}

// Source reads samples from one serial device. Create it with Open, run it
// with Run; Stats may be called from any goroutine.
type Source struct {
	cfg Config
	log *slog.Logger
	// ln is a tcp-listen:// Device's listener (Run's goroutine only),
	// lnAddr its address
	ln     *tcpListener
	lnAddr atomic.Pointer[string]
	// udp is a udp-listen:// Device's socket (Run's goroutine only)
	udp *datagrams

	running    atomic.Bool
	bytes      atomic.Int64
	samples    atomic.Int64
	bad        atomic.Int64
	lost       atomic.Int64 // see Stats.LostFrames
	reconnects atomic.Int64
	restarts   atomic.Int64
	stalls     atomic.Int64
	connected  atomic.Bool
	firstByte  atomic.Int64 // Unix ns, 0 before the session's first byte
	paused     atomic.Int64 // Unix ns, see Stats.Paused
	layout     atomic.Pointer[sensor.Layout]

	// autoLook: Text.Lookahead was not given; the text decoder's
	// lookahead is about textLookTime of lines (see tryText)
	autoLook bool

	modemWarned bool   // owned by Run's goroutine
	textWarned  bool   // likewise
	header      string // likewise: the text header of an earlier session
	// textOrigin: the port's lines before the first line the last text
	// decoder tryText started read, less the lines put in before its
	// data (an earlier session's header): its data line l is the
	// session's line textOrigin + l
	textOrigin int64
}

// Open validates cfg and returns a Source. It does not touch the device:
// the port is opened by Run. A nil logger discards logs.
func Open(cfg Config, logger *slog.Logger) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	auto := cfg.text() && cfg.Text.Lookahead == 0
	cfg = cfg.withDefaults()
	return &Source{cfg: cfg, autoLook: auto, log: logger.With("device", cfg.Device, "format", cfg.Format)}, nil
}

// Layout returns the channels of the current session's decoder (for text,
// known once the header was read); ok is false before the first session.
// It is safe to call from out.
func (s *Source) Layout() (l sensor.Layout, ok bool) {
	if p := s.layout.Load(); p != nil {
		return *p, true
	}
	return l, false
}

// Config returns the configuration with defaults applied.
func (s *Source) Config() Config { return s.cfg }

// Stats returns the counters. It is safe to call concurrently with Run.
func (s *Source) Stats() Stats {
	st := Stats{
		Bytes:      s.bytes.Load(),
		Samples:    s.samples.Load(),
		BadFrames:  s.bad.Load(),
		LostFrames: s.lost.Load(),
		Reconnects: s.reconnects.Load(),
		Restarts:   s.restarts.Load(),
		Stalls:     s.stalls.Load(),
		Connected:  s.connected.Load(),
	}
	if ns := s.firstByte.Load(); ns != 0 {
		st.FirstByte = time.Unix(0, ns)
	}
	if ns := s.paused.Load(); ns != 0 {
		st.Paused = time.Unix(0, ns)
	}
	return st
}

// Run opens the port and decodes it until ctx ends, calling out for each
// sample and bad for each *sensor.FrameError or *sensor.LineError (both on
// Run's goroutine, in stream order; they must not block for long, the
// kernel buffer of the port is small). Samples are in the units of
// sensor.Sample.
//
// The port is opened in raw mode with the configured baud rate, data
// bits, parity and stop bits, and no read timeout; DTR and RTS are raised,
// and a failure to do so (ptys, rfcomm, some USB-CDC devices) is only
// logged. When the port cannot be opened, or is lost (read error: device
// unplugged, pty master closed, node removed), it is closed and reopened
// with exponential backoff from Config.Reconnect up to MaxReconnect, for
// as long as ctx lasts; each successful reopening counts in
// Stats.Reconnects.
//
// Time base: every (re)opening starts a new decoder, so T restarts on
// that decoder's time base (0 at the first sample for streams timed by
// count or RVC index; text lines with a device clock and WitMotion time
// frames keep the device's clock). Callers that need one continuous time
// line should watch Stats().Reconnects from out, which runs on Run's
// goroutine after the counter is updated, and treat a change as a gap
// (Stats().FirstByte dates its end). A text device that restarts its clock
// while the port stays open (a reset button, a watchdog) shows as text
// lines whose time goes back: after three in a row the decoder is started
// again as for a new session, counted in Stats().Restarts, to be treated
// as a reconnection.
//
// A stream timed by sample count (WitMotion without 0x50 time frames, RVC,
// text lines without a time column) that goes silent while the port stays
// open (no bytes for 0.5 s or more) and resumes has its T moved on by the
// time its count missed, from the arrival of the port's bytes, so that the
// silence shows as a gap of about its real length; a count that accounts
// for the silence (bytes buffered while the reader was descheduled, a late
// burst) is left as it is. The samples after such a silence are delivered
// up to 1 s late (3 s when silences follow each other), once, whether or
// not bytes follow them (the port's reads wait until the hold ends at
// most). Each move counts in Stats().Stalls; the rule
// and its thresholds are in stall.go. Samples are dated by the arrival of
// their own bytes where the decoder tells them (WitMotion, WitMotion BLE; a
// text row by the arrival of its own line, counted from the session's
// first line — a header put in, lines skipped, blank and comment lines
// counted as they came), so a silence before the first sample came out,
// or inside a text decoder's lookahead, is weighed too, each of several
// at its own sample.
//
// The text decoder reads a header and its lookahead (Text.Lookahead data
// lines; when 0, about 1 s of lines: DefaultTextLookahead, and a faster
// stream's — or one whose units those cannot decide — up to 512) before
// its first sample, after each reopening too. A device that prints its header once, at boot, does not
// print it again when its cable is replugged: when a reopened text stream
// starts with a data line, the header of the earlier session is used.
//
// On a lost port the decoder first returns what the bytes already read
// complete (a WitMotion cycle waits for the next frame to be complete; it
// is delivered then). The same happens when ctx is cancelled: ctx closes
// the port, which unblocks a pending read, and Run returns ctx.Err().
// Run returns another error only for a configuration the port driver
// rejects (unsupported baud rate, data bits, parity, stop bits), a path
// that is not a serial port (a directory, a regular file, a device
// without a terminal interface such as /dev/null), or when called while
// already running. A missing path and a refused permission are retried,
// the warning repeated every five minutes while the error stays.
func (s *Source) Run(ctx context.Context, out func(sensor.Sample), bad func(error)) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("serial: Run called twice")
	}
	defer s.running.Store(false)
	defer s.unlisten()
	if bad == nil {
		bad = func(error) {}
	}
	backoff := s.cfg.Reconnect
	opened := false // a port has been opened before: the next open is a reconnection
	var lastErr string
	var lastWarn time.Time
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		port, err := s.open(ctx)
		if err != nil {
			if ctx.Err() != nil {
				// cancelled in Accept or Dial: not a port that failed
				return ctx.Err()
			}
			if permanent(err) {
				return fmt.Errorf("serial: open %s: %w", s.cfg.Device, err)
			}
			if msg := err.Error(); msg != lastErr || time.Since(lastWarn) >= stillWarn {
				// a new error, or a reminder that the port is still away
				args := []any{"err", err, "backoff", backoff}
				if h := openHint(err, s.cfg.Device); h != "" {
					args = append(args, "hint", h)
				}
				s.log.Warn("serial port unavailable, retrying", args...)
				lastErr, lastWarn = msg, time.Now()
			}
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
			backoff = min(2*backoff, MaxReconnect)
			continue
		}
		lastErr = ""
		if opened {
			s.reconnects.Add(1)
		}
		remote := remoteAddr(port)
		switch nw, _ := network(s.cfg.Device); {
		case nw != "" && opened:
			s.log.Info("serial stream connected", "remote", remote, "reconnects", s.reconnects.Load())
		case nw != "":
			s.log.Info("serial stream connected", "remote", remote)
		case opened:
			s.log.Info("serial port reconnected", "reconnects", s.reconnects.Load())
		default:
			s.log.Info("serial port open", "baud", s.cfg.Baud)
		}
		opened = true
		s.connected.Store(true)
		began := time.Now()
		n, last, err := s.session(ctx, port, out, bad)
		s.connected.Store(false)
		if last != 0 {
			s.paused.Store(last)
		}
		port.Close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.logEnd(port, remote, err)
		if n > 0 && time.Since(began) >= workedFor {
			backoff = s.cfg.Reconnect // it worked for a while: start over
			continue                  // and try again at once
		}
		// Nothing was read, or only for a moment (a server that answers
		// each connection with a line and closes it: ser2net's "Port
		// already in use"): do not spin on a port that opens and fails.
		if !sleep(ctx, backoff) {
			return ctx.Err()
		}
		backoff = min(2*backoff, MaxReconnect)
	}
}

// logEnd logs why the session of port, whose other end is remote (see
// remoteAddr), ended with err. A serial port's end is "serial port lost";
// a network device's says what happened, with remote: a silent tcp-listen
// connection replaced by a new one, or a UDP sender by a new one (at Info:
// the device is back); the connection closed by the server (tcp://) or the
// device (tcp-listen://); the connection lost (a reset, or no answer to
// the keepalive probes: "connection timed out"); otherwise (a stream that
// cannot be read on) the session ended, with err.
func (s *Source) logEnd(p port, remote string, err error) {
	nw, _ := network(s.cfg.Device)
	var r *replacement
	if c, ok := p.(*tcpConn); ok {
		r = c.replaced.Load()
	}
	var ns *newSenderError
	var op *net.OpError
	switch {
	case nw == "":
		s.log.Warn("serial port lost", "err", err)
	case r != nil:
		s.log.Info("serial stream: a new connection replaced the silent one", "remote", remote, "by", r.by, "silent", r.silent)
	case errors.As(err, &ns):
		s.log.Info("serial stream: a new sender replaced the last one", "remote", remote, "by", ns.sender, "silent", ns.silent)
	case errors.Is(err, io.EOF) && nw == "tcp":
		s.log.Warn("serial stream: connection closed by the server", "remote", remote)
	case errors.Is(err, io.EOF) && nw == "tcp-listen":
		s.log.Warn("serial stream: connection closed by the device", "remote", remote)
	case errors.As(err, &op) && nw != "udp-listen":
		s.log.Warn("serial stream: connection lost", "remote", remote, "err", err)
	default:
		s.log.Warn("serial stream: session ended", "remote", remote, "err", err)
	}
}

// port is what a session reads: a serial port, or a TCP connection.
type port interface {
	io.Reader
	Close() error
}

// tcpListener accepts a tcp-listen:// Device's connections in the
// background and hands Run one at a time. A connection that comes while
// another is read waits, up to senderQuiet, for that one to end; if the
// one read has been silent for senderQuiet (a device that came back
// after a reboot or a WiFi loss: its old connection half-open, never
// closed — TCP keepalive takes 17 s to tell, see keepAlive), it is closed and
// the new one read; otherwise (another device, while the first sends)
// the new one is closed. None is left in the backlog behind a connection
// that may never end.
type tcpListener struct {
	ln    net.Listener
	log   *slog.Logger
	conns chan *tcpConn // the next session's connection
	done  chan struct{}
	exit  chan struct{} // closed when accept returns
	cur   *tcpConn      // the connection handed out last (accept's goroutine)
}

// tcpConn is an accepted connection that knows when it last brought
// bytes and whether it was closed.
type tcpConn struct {
	net.Conn
	last     atomic.Int64 // Unix ns of the last read with bytes, or of the accept
	closed   atomic.Bool
	replaced atomic.Pointer[replacement] // set when a new connection took its place
}

// replacement is the connection that took a silent one's place: its
// remote address, and how long the silent one had been silent.
type replacement struct {
	by     string
	silent time.Duration
}

func (c *tcpConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (c *tcpConn) Close() error {
	c.closed.Store(true)
	return c.Conn.Close()
}

func listenTCP(ln net.Listener, log *slog.Logger) *tcpListener {
	l := &tcpListener{ln: ln, log: log, conns: make(chan *tcpConn, 1), done: make(chan struct{}), exit: make(chan struct{})}
	go l.accept()
	return l
}

// close stops accepting and closes the connections not handed out.
func (l *tcpListener) close() {
	close(l.done)
	l.ln.Close()
	<-l.exit
	select {
	case c := <-l.conns:
		c.Close()
	default:
	}
}

func (l *tcpListener) accept() {
	defer close(l.exit)
	var lastLog time.Time
	refused := 0
	for {
		c, err := l.ln.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			case <-time.After(100 * time.Millisecond): // (out of file descriptors: not a spin)
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		nc := &tcpConn{Conn: c}
		nc.last.Store(time.Now().UnixNano())
		ok, quit := l.turn(nc)
		if quit {
			nc.Close()
			return
		}
		if !ok {
			nc.Close()
			refused++
			if time.Since(lastLog) >= 10*time.Second {
				l.log.Warn("serial stream: connection closed, another device is connected and sending (one at a time)", "from", c.RemoteAddr().String(), "connected", l.cur.RemoteAddr().String(), "refused", refused)
				lastLog = time.Now()
			}
			continue
		}
		l.cur = nc
		select {
		case l.conns <- nc:
		case <-l.done:
			nc.Close()
			return
		}
	}
}

// turn waits until nc may be read: the connection read before it ended,
// or was silent for senderQuiet (then it is closed). ok is false when the
// one read sent on for senderQuiet, quit when the listener closed.
func (l *tcpListener) turn(nc *tcpConn) (ok, quit bool) {
	deadline := time.Now().Add(senderQuiet)
	for {
		cur := l.cur
		if cur == nil || cur.closed.Load() {
			return true, false
		}
		if silent := time.Since(time.Unix(0, cur.last.Load())); silent >= senderQuiet {
			// (Run logs it as the session's end)
			cur.replaced.Store(&replacement{by: nc.RemoteAddr().String(), silent: silent.Round(time.Millisecond)})
			cur.Close()
			return true, false
		}
		if time.Now().After(deadline) {
			return false, false
		}
		select {
		case <-l.done:
			return false, true
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// keepAlive is the TCP keepalive of tcp:// and tcp-listen:// connections:
// after Idle without a segment from the peer the kernel sends a probe,
// then one every Interval; Count probes unanswered end the connection (a
// read error: the session ends and Run reconnects or waits for the device
// again). A device gone without closing its connection — an ESP32 that
// lost its WiFi or its power, a cable pulled between it and the network —
// is noticed Idle + Count×Interval = 17 s after its last byte, where Go's
// default (15 s idle, then the system's 9 probes 15 s apart) took about
// 2.5 min. A device that is there answers the probes from its kernel, so
// a connection is kept however long its sensor stays quiet. The probes
// alone decide: gaitd never writes to the connection, so no data waits
// for an acknowledgement that TCP_USER_TIMEOUT could bound. (Linux rounds
// each duration up to whole seconds.) A variable for the tests.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 3 * time.Second, Count: 4}

// remoteAddr is the other end of a TCP connection, or a UDP session's
// sender; "" for a serial port.
func remoteAddr(p port) string {
	switch c := p.(type) {
	case net.Conn:
		return c.RemoteAddr().String()
	case *udpStream:
		return c.sender
	}
	return ""
}

// Listen binds a tcp-listen:// or udp-listen:// Device's socket now (Addr
// says where), so that a caller knows it listens — or why it cannot, an
// address in use — before it starts Run, which then uses it; for other
// devices it does nothing. Run binds it itself when Listen was not called,
// and closes it when it returns; Close releases it when Run is not to be
// called. Neither may be called while Run runs.
func (s *Source) Listen(ctx context.Context) error {
	if s.running.Load() {
		return errors.New("serial: Listen called while Run runs")
	}
	if err := s.listen(ctx); err != nil {
		return fmt.Errorf("serial: %s: %w", s.cfg.Device, err)
	}
	return nil
}

// Close releases the socket Listen bound, for a Source whose Run is not
// to be called; it does nothing while Run runs (Run closes it).
func (s *Source) Close() error {
	if s.running.CompareAndSwap(false, true) {
		defer s.running.Store(false)
		s.unlisten()
	}
	return nil
}

// listen binds a tcp-listen:// or udp-listen:// Device's socket, when not
// yet bound; other devices have none.
func (s *Source) listen(ctx context.Context) error {
	switch nw, addr := network(s.cfg.Device); {
	case nw == "udp-listen" && s.udp == nil:
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return err
		}
		s.udp = &datagrams{pc: pc.(*net.UDPConn), log: s.log, buf: make([]byte, 64<<10)}
		a := pc.LocalAddr().String()
		s.lnAddr.Store(&a)
		s.log.Info("serial stream: waiting for datagrams", "listen", a)
	case nw == "tcp-listen" && s.ln == nil:
		lc := net.ListenConfig{KeepAliveConfig: keepAlive} // (of the accepted connections)
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		s.ln = listenTCP(ln, s.log)
		a := ln.Addr().String()
		s.lnAddr.Store(&a)
		s.log.Info("serial stream: waiting for the device to connect", "listen", a)
	}
	return nil
}

// unlisten closes the socket listen bound.
func (s *Source) unlisten() {
	if s.ln != nil {
		s.ln.close()
		s.ln = nil
	}
	if s.udp != nil {
		s.udp.pc.Close()
		s.udp = nil
	}
}

// open opens the port and raises the modem lines; for a network Device it
// connects, or waits for the device to connect.
func (s *Source) open(ctx context.Context) (port, error) {
	// a listener's socket, when Listen did not bind it (nothing for
	// other devices)
	if err := s.listen(ctx); err != nil {
		// (an address in use or not this host's will not change)
		return nil, fmt.Errorf("%w: %s: %v", errNotSerial, s.cfg.Device, err)
	}
	switch nw, addr := network(s.cfg.Device); nw {
	case "tcp":
		d := net.Dialer{Timeout: 5 * time.Second, KeepAliveConfig: keepAlive}
		return d.DialContext(ctx, "tcp", addr)
	case "udp-listen":
		// a session begins with its sender's first datagram
		if err := s.udp.wait(ctx); err != nil {
			return nil, err
		}
		return &udpStream{d: s.udp, sender: s.udp.sender}, nil
	case "tcp-listen":
		select {
		case c := <-s.ln.conns:
			return c, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.openSerial()
}

// Addr is the address a tcp-listen:// or udp-listen:// Device listens on
// (with the port resolved when it asked for port 0), "" before Listen or
// Run has bound it, or for another Device.
func (s *Source) Addr() string {
	if a := s.lnAddr.Load(); a != nil {
		return *a
	}
	return ""
}

// openSerial opens the serial port and raises the modem lines.
func (s *Source) openSerial() (serial.Port, error) {
	p, _ := parity(s.cfg.Parity) // validated
	stop := serial.OneStopBit
	if s.cfg.StopBits == 2 {
		stop = serial.TwoStopBits
	}
	mode := &serial.Mode{BaudRate: s.cfg.Baud, DataBits: s.cfg.DataBits, Parity: p, StopBits: stop}
	port, err := serial.Open(s.cfg.Device, mode)
	if err != nil {
		if fi, serr := os.Stat(s.cfg.Device); serr == nil && fi.Mode()&os.ModeCharDevice == 0 {
			return nil, fmt.Errorf("%w: %s is a %s, not a device node such as /dev/ttyUSB0 (%v)", errNotSerial, s.cfg.Device, fileKind(fi.Mode()), err)
		}
		// the driver's PortError does not wrap the errno: its text does
		// (tcgetattr on a device without a terminal interface)
		if strings.Contains(err.Error(), syscall.ENOTTY.Error()) {
			return nil, fmt.Errorf("%w: %s has no terminal interface (%v)", errNotSerial, s.cfg.Device, err)
		}
		return nil, err // port is a nil interface here
	}
	if err := port.SetReadTimeout(serial.NoTimeout); err != nil {
		port.Close()
		return nil, err
	}
	// Linux raises DTR and RTS on open already; some USB-CDC devices only
	// send while DTR is set. Ptys and rfcomm nodes answer ENOTTY.
	for _, set := range []struct {
		line string
		f    func(bool) error
	}{{"DTR", port.SetDTR}, {"RTS", port.SetRTS}} {
		if err := set.f(true); err != nil {
			if !s.modemWarned {
				s.log.Warn("cannot set modem line (ignored)", "line", set.line, "err", err)
			}
			s.modemWarned = true
		}
	}
	return port, nil
}

// session decodes port until a read fails. It returns the number of bytes
// read, the arrival of the last of them (Unix ns) and the error that
// ended it.
func (s *Source) session(ctx context.Context, port port, out func(sensor.Sample), bad func(error)) (int64, int64, error) {
	stop := context.AfterFunc(ctx, func() { port.Close() })
	defer stop()
	s.firstByte.Store(0)
	bp := bounded(port) // nil: its reads cannot be bounded (a test's port)
	var r io.Reader = port
	if bp != nil {
		r = bp
	}
	if s.cfg.Format == FormatHyperIMU {
		// (below the count: the decoders' byte offsets, which date a
		// restart's pause, are the counted bytes)
		r = sensor.NewHyperIMULines(r)
	}
	cr := &countingReader{r: r, bp: bp, total: &s.bytes, first: &s.firstByte, head: make([]byte, 0, 256)}
	var dec sensor.Source
	var err error
	var feed *textFeed // text: what its decoders read
	var wl *wholeLines // text: the port's bytes, whole lines
	if s.cfg.text() {
		// a lost port ends the text as the end of a file would: the
		// lines already read (a lookahead not yet full) become samples
		cr.eof = true
		wl = &wholeLines{r: cr}
		feed = &textFeed{r: wl}
		dec, err = s.openText(ctx, feed, cr, bad, true)
	} else {
		dec, err = s.decoder(cr)
	}
	if err != nil {
		if cr.err != nil {
			err = cr.err
		}
		return cr.n, cr.lastAt(), err
	}
	// A text session numbers its lines among those it read from the
	// port, from 1 (after a restart, from the first line given back):
	// not from a header put in front of them, nor from a header it
	// skipped lines to (lineBase: the port's lines before its first)
	var lineBase int64
	numberLines := func() {
		dec.(*sensor.CSVReader).NumberLinesFrom(int(lineBase-s.textOrigin) + 1)
	}
	if feed != nil {
		numberLines()
	}
	l := dec.Layout()
	s.layout.Store(&l)
	samples0, bad0 := s.samples.Load(), s.bad.Load()
	var smp sensor.Sample
	decoded, hinted := false, false
	back := 0              // consecutive text lines whose time went back
	shape := 0             // consecutive text lines with the wrong number of fields
	anchor := int64(-1)    // after a restart: the byte offset of the new session's first line
	lost0 := s.lost.Load() // lost frames of the sessions before
	emit := func(smp sensor.Sample) {
		s.samples.Add(1)
		out(smp)
	}
	// sw moves a count-timed stream's clock on across silences of the
	// port (stall.go); one per decoder
	var sw *stallWatch
	watch := func() {
		if sw != nil {
			sw.flush()
		}
		sw = nil
		if wrap, ok := countTimed(dec); ok {
			seen := cr.silences
			_, text := dec.(*sensor.CSVReader)
			if _, ok := dec.(sampleEnder); ok || text {
				// its samples are dated by their own bytes (see
				// below): a silence before any sample came out (after
				// the first frame or line, in WitMotion's look-ahead
				// for gyro frames, in a text decoder's lookahead) is
				// weighed too
				seen = 0
			}
			sw = newStallWatch(s.log, &s.stalls, emit, wrap, !s.cfg.text(), seen, dec.Layout().Rate)
		}
	}
	watch()
	// A hold that runs out with no bytes to end it (the reads stopped
	// within stallHold of a silence, the port open) is released when its
	// time comes: the reads wait until then at most (stall.go)
	cr.due = func() int64 { return sw.due(cr) }
	cr.expire = func(now int64) {
		if sw != nil {
			sw.expire(cr, now)
		}
	}
	// A text row is dated by the arrival of its own line (the decoder's
	// RowLine, counted from the port's first line of the session:
	// textOrigin), not by the port's last read: the decoder hands its
	// lookahead out in one burst after its lines arrived, reads a blank or
	// comment line after a row before it hands the row out, and its buffer
	// may be behind or ahead of the port.
	rowAt := func() int64 {
		c := dec.(*sensor.CSVReader)
		return cr.lineAt(s.textOrigin + int64(c.RowLine()))
	}
	storeLost := func() {
		if sw != nil && sw.holding {
			// an index jump across a silence may yet be a gap, not
			// lost frames: the counter does not go back
			return
		}
		if b, ok := dec.(interface{ Stats() sensor.BinaryStats }); ok {
			if st := b.Stats(); st.Dropped+st.GyroMissing > 0 {
				var not int64
				if sw != nil {
					not = sw.notLost
				}
				s.lost.Store(lost0 + st.Dropped + st.GyroMissing - not)
			}
		}
	}
	defer func() {
		sw.flush()
		storeLost()
	}()
	for {
		err := dec.Read(&smp)
		storeLost()
		var fe *sensor.FrameError
		var le *sensor.LineError
		switch {
		case err == nil:
			decoded = true
			back, shape = 0, 0
			if anchor >= 0 {
				// the new clock's first sample: its line has arrived now
				// (it may not have when the restart was seen)
				_, first := cr.around(anchor)
				s.firstByte.Store(first)
				anchor = -1
			}
			if sw == nil {
				emit(smp)
				break
			}
			if !sw.frozen && !stillCountTimed(dec) {
				// time frames began: the device's clock from now on,
				// rebased on the count (and so on the offset)
				sw.freeze()
			}
			var at int64 // the arrival of the sample's bytes, when known
			if feed != nil {
				at = rowAt()
			}
			if d, ok := dec.(sampleEnder); ok {
				// (a frame comes out once the next one's header has
				// come, a WitMotion cycle one or two frames after its
				// acceleration frame: after a silence, or from the
				// look-ahead for gyro frames, what was read last is
				// not when it came)
				_, at = cr.around(d.SampleEnd() - 1)
			}
			sw.sample(smp, cr, at)
		case errors.As(err, &fe), errors.As(err, &le):
			if fe != nil && ctx.Err() != nil && (errors.Is(err, sensor.ErrSync) && cr.n-fe.Offset < maxFrame || errors.Is(err, sensor.ErrCycleCut)) {
				// the port closed mid-frame because Run is stopping:
				// the frame cut short, and the WitMotion cycle whose
				// gyro frame it was, are not the device's doing (the
				// cycle is not a sample: its rate was never read)
				break
			}
			s.bad.Add(1)
			bad(err)
			if fe != nil && !decoded && !hinted && len(cr.head) == cap(cr.head) {
				if textLike(cr.head) {
					// nothing decodes and the bytes are printable: the
					// device prints lines
					s.log.Warn("the port sends text, not "+s.cfg.Format+" frames: is it --format text?", "first_bytes", string(cr.head[:min(len(cr.head), 80)]))
					hinted = true
				} else if f := sensor.FrameFormat(cr.head); f != "" && f != s.cfg.Format {
					// nothing decodes and the bytes are another
					// format's frames
					s.log.Warn("the port sends "+f+" frames, not "+s.cfg.Format+" frames: is it --format "+f+"?", "first_bytes", fmt.Sprintf("% x", cr.head[:min(len(cr.head), 40)]))
					hinted = true
				}
			}
			if feed != nil && errors.Is(err, sensor.ErrFieldCount) {
				// lines of another shape, one after another: a device
				// that changed (a firmware update) without a replug
				if shape++; shape == reshapeLines {
					s.log.Warn("text lines changed shape on consecutive lines: a changed device needs to print its header again (or --columns); they are refused until then", "lines", shape, "err", err)
				}
			} else {
				shape = 0
			}
			if feed == nil || !errors.Is(err, sensor.ErrBackwards) {
				// a repeated time (a clock that stalls) is not a restart
				back = 0
				break
			}
			if back++; back < clockResetLines {
				break
			}
			// The device restarted its clock on an open port (a reset
			// button, a watchdog, a USB-UART bridge that stayed
			// plugged): every line would be refused until the new clock
			// passed the old one. Read on as a new session, from the
			// lines the decoder had read and not handed out.
			s.log.Warn("text stream's time went back on consecutive lines: the device restarted; reading on as a new session", "lines", back, "err", err)
			rest := dec.(*sensor.CSVReader).Unread()
			// The device was away between the arrival of the last line
			// of the old clock and the first of the new: the longest
			// pause between reads around where the new clock began in
			// the port's bytes (before the lines not handed out, less
			// the ones that showed the restart, at the session's mean
			// line length, give or take two lines). The new session is
			// dated from the next line's arrival, its first sample.
			lines := max(1, s.samples.Load()-samples0+s.bad.Load()-bad0)
			used := cr.n - int64(len(rest)+len(feed.pre)+len(wl.held)) // the bytes of those lines
			avg := used / lines
			paused, _ := cr.longestPause(used-int64(back+2)*avg, used)
			s.paused.Store(paused)
			anchor = used // dated when its first sample comes out
			s.restarts.Add(1)
			back = 0
			feed.unread(rest)
			lineBase = feed.origin()
			if dec, err = s.openText(ctx, feed, cr, bad, false); err != nil {
				if cr.err != nil {
					err = cr.err
				}
				return cr.n, cr.lastAt(), fmt.Errorf("text stream after the device restarted: %w", err)
			}
			numberLines()
			l := dec.Layout()
			s.layout.Store(&l)
			watch()
		default:
			if c, ok := dec.(*sensor.CSVReader); ok && wl.cut > 0 && ctx.Err() == nil {
				// the port was lost mid-line: what came of that line
				// is not a line (its last value cut, "0." for 0.98)
				s.bad.Add(1)
				bad(&sensor.LineError{File: s.textName(), Line: int(s.textOrigin-lineBase) + c.Stats().Lines + 1,
					Err: fmt.Errorf("%w: a line cut short by the end of the session (%d bytes without a line end), dropped", sensor.ErrParse, wl.cut)})
			}
			if cr.err != nil {
				err = cr.err
			}
			return cr.n, cr.lastAt(), err
		}
	}
}

// wholeLines passes a text session's bytes on up to the last line end
// read, holding the start of a line back until its end arrives (the text
// decoder waits for it anyway; a line longer than sensor.MaxLine, which
// the decoder refuses, is passed on as it comes). When the port fails
// mid-line (an unplug, a connection closed by its peer) the text ends
// with the lines before it: the line cut short is dropped, its length
// kept in cut, rather than read as the last line of a file would be — its
// last value cut ("0." of 0.98: a sample of 0 g). A line too long that is
// cut is not counted in cut: the decoder has its start, and refuses it.
type wholeLines struct {
	r    io.Reader
	held []byte // read from r and not passed on
	err  error  // r's error, returned once the whole lines are passed on
	cut  int
	// open: the bytes passed on last end inside a line (a line too long,
	// passed on as it comes): its rest is not a line of its own
	open bool
}

func (w *wholeLines) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		end := bytes.LastIndexByte(w.held, '\n') + 1
		if end == 0 && len(w.held) >= sensor.MaxLine {
			end = len(w.held)
		}
		if end > 0 {
			n := copy(p, w.held[:end])
			w.open = p[n-1] != '\n'
			w.held = w.held[:copy(w.held, w.held[n:])]
			return n, nil
		}
		if w.err != nil {
			if !w.open {
				// (the rest of a line too long is not a line cut
				// short: the decoder has that line, read to the end of
				// the text, and refuses it as too long — counted twice,
				// the second at a line after the last)
				w.cut += len(w.held)
			}
			w.held = w.held[:0]
			return 0, w.err
		}
		if len(w.held) == cap(w.held) {
			w.held = append(w.held, make([]byte, 4096)...)[:len(w.held)]
		}
		n, err := w.r.Read(w.held[len(w.held):cap(w.held)])
		w.held = w.held[:len(w.held)+n]
		if err != nil {
			w.err = err
		}
	}
}

// sampleEnder is a binary decoder that tells where the bytes of the sample
// it returned last end (sensor.WitReader, sensor.WitBLEReader, sensor.RVCReader).
type sampleEnder interface{ SampleEnd() int64 }

// maxFrame is the longest binary frame, bytes (WitMotion BLE's; WitMotion
// 11, RVC 19).
const maxFrame = 20

// reshapeLines is how many consecutive text lines with the wrong number of
// fields show a device whose lines changed, rather than corrupted lines.
const reshapeLines = 20

// clockResetLines is how many consecutive text lines whose time goes back
// show a device that restarted its clock, rather than a corrupted line.
const clockResetLines = 3

// textFeed is the text of a session as its decoders read it: bytes given
// back (what a failed attempt read, a decoder's unserved lookahead, a
// header put in) before the rest of the port's bytes. Every decoder gets a
// buffer of its own over it, so none nests in another.
type textFeed struct {
	pre   []byte
	r     io.Reader
	lines int64 // line ends read from r: the port's lines taken in
}

func (f *textFeed) Read(p []byte) (int, error) {
	if len(f.pre) > 0 {
		n := copy(p, f.pre)
		f.pre = f.pre[n:]
		return n, nil
	}
	n, err := f.r.Read(p)
	f.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
	return n, err
}

// origin returns the port's lines before the next line f gives (at a
// line's start): those taken in, less those given back. A line put in
// (an earlier session's header) counts as given back, so for the lines
// after it, the data lines, the result is their number in what a reader
// starting now reads less their number among the port's lines.
func (f *textFeed) origin() int64 {
	return f.lines - int64(bytes.Count(f.pre, []byte{'\n'}))
}

// unread puts b back in front of the bytes not read yet.
func (f *textFeed) unread(b []byte) {
	if len(b) > 0 {
		f.pre = append(append(make([]byte, 0, len(b)+len(f.pre)), b...), f.pre...)
	}
}

// giveBack puts what br holds and has not handed out back into f.
func (f *textFeed) giveBack(br *bufio.Reader) {
	b, _ := br.Peek(br.Buffered())
	f.unread(b)
}

// openText starts a text decoder on f. A stream that starts with a data
// line after an earlier session learned the header (a device that prints
// it once, at boot) is read with that header; one that starts with another
// line (a boot banner) is tried as it is and, if that fails, again with the
// header put before its first data line — the failed attempt's bytes are
// replayed, so nothing is lost. With persist, a stream that cannot be read
// as configured is reported, and lines are skipped to the next that could
// be a header; without, the error is returned.
func (s *Source) openText(ctx context.Context, f *textFeed, cr *countingReader, bad func(error), persist bool) (sensor.Source, error) {
	var misfit string // the earlier header cannot fit the lines
	if s.header != "" {
		in := bufio.NewReaderSize(f, sensor.MaxLine)
		line, hdr, ok := firstLine(ctx, in)
		nf, nh := countFields(line), countFields([]byte(s.header))
		f.giveBack(in)
		switch {
		case ok && !hdr && nf != nh:
			misfit = fmt.Sprintf("its lines have %d fields and the earlier session's header (%s) %d: a changed device needs to print its header again, or --columns", nf, s.header, nh)
		case ok && !hdr:
			s.log.Info("text stream starts without a header; using the earlier session's", "header", s.header)
			f.unread([]byte(s.header + "\n"))
		}
	}
	dec, read, err := s.tryText(f)
	if err != nil && misfit != "" {
		err = fmt.Errorf("text stream: %s (read without a header: %w)", misfit, err)
	}
	if err != nil && s.header != "" && misfit == "" && !bytes.HasPrefix(read, []byte(s.header+"\n")) && ctx.Err() == nil {
		// a header-like first line that was not one: the earlier
		// header before the first data line
		replay, at := insertHeader(read, s.header)
		f.unread(replay)
		var read2 []byte
		var err2 error
		if dec, read2, err2 = s.tryText(f); err2 == nil {
			s.log.Info("text stream unreadable on its own; read with the earlier session's header", "err", err, "header", s.header)
			err = nil
		} else {
			// give back what was read, less the header put in; the
			// attempt may have stopped inside the header (a buffer's
			// fill ending there: a banner of 64 KiB of whole lines),
			// whose rest is still in f
			all := append(read2, f.pre...)
			f.pre = append(all[:at:at], all[at+len(s.header)+1:]...)
			err = fmt.Errorf("%w; with the earlier session's header (%s) neither: %v", err, s.header, err2)
		}
	} else if err != nil && persist {
		f.unread(read)
	}
	reported, said := false, ""
	news := true // data lines were skipped since the failure last said: a new header
	for err != nil && persist && cr.err == nil && ctx.Err() == nil {
		// The port works but its text cannot be read as configured (no
		// rate, unknown columns): reopening it would not help. Say so
		// once, count it, and skip lines until one that could be a
		// header (it has letters: a device may print its header later,
		// at any point), then try again from that line. A failed try
		// gives back what it read but that line, or the same line would
		// be found again (it dropped all it read: a good header that
		// came in the same read as a bad one was lost, and the stream
		// with it).
		// A try that failed as the one said before, with no data line
		// skipped since (the lines given back, whose first is a
		// header or banner line: the same lines read again, from the
		// same or the next of those lines), is not news (it was reported
		// twice: a review); one that fails otherwise (more lines had
		// come), or after data lines, from a header printed again, is.
		// Failures are compared without their numbers: a try from the
		// next of those lines (a banner's dropped) tells the same
		// failure at another line ("tty:1:" for "tty:2:"), and was
		// reported again.
		if news || unnumbered(err.Error()) != said {
			said = unnumbered(err.Error())
			if !s.textWarned {
				s.log.Error("serial text stream cannot be analysed as configured; still reading", "err", err)
				s.textWarned = true
			}
			s.bad.Add(1)
			bad(err)
			reported = true
		}
		in := bufio.NewReaderSize(f, sensor.MaxLine)
		moved, ok := skipToHeader(ctx, in)
		f.giveBack(in)
		if !ok {
			break // the port failed or ctx ended
		}
		news = moved
		var retried []byte
		if dec, retried, err = s.tryText(f); err != nil {
			_, rest, _ := bytes.Cut(retried, []byte{'\n'})
			f.unread(rest)
		}
	}
	if err != nil && !reported && cr.err != nil && ctx.Err() == nil && holdsData(read) {
		// The session ended (an unplug, a device that sends a few lines
		// and disconnects) before its data lines could be read as
		// configured: fewer than the lookahead, they are not samples.
		// Say why, as for a longer session, rather than leave it to the
		// session's end (io.EOF), which does not.
		if !s.textWarned {
			s.log.Error("serial text session ended before its lines could be analysed as configured", "err", err)
			s.textWarned = true
		}
		s.bad.Add(1)
		bad(err)
	}
	if err != nil {
		return nil, err
	}
	s.textWarned = false // a later failure is news again
	if h := dec.(*sensor.CSVReader).HeaderLine(); h != "" {
		s.header = h
	}
	return dec, nil
}

// unnumbered is msg with each run of digits replaced by "#": a failure
// told from where its reader began (the line numbers of a retry that
// starts a line or more later) compared as the same failure.
func unnumbered(msg string) string {
	var b strings.Builder
	digits := false
	for _, c := range msg {
		d := c >= '0' && c <= '9'
		switch {
		case d && !digits:
			b.WriteByte('#')
		case !d:
			b.WriteRune(c)
		}
		digits = d
	}
	return b.String()
}

// tryText starts a text decoder on f; when that fails it returns the bytes
// the attempt took from f.
//
// Without a Text.Lookahead given, the lookahead is about textLookTime of
// lines, whatever the rate: DefaultTextLookahead lines tell the rate, and
// a faster stream is read again, its lines given back, with as many more
// as a second holds, up to sensor's 512 — also when those lines could not
// decide the units (a running shoe in m/s² over 0.1 s of a 1 kHz stream:
// every 1 kHz device refused unless its lookahead was set). A stream that
// fails with the longer lookahead where the shorter one did not is read
// with the shorter. No line is dropped: each attempt's bytes are replayed.
func (s *Source) tryText(f *textFeed) (dec sensor.Source, read []byte, err error) {
	look := s.cfg.Text.Lookahead
	origin := f.origin() // (each attempt starts here: the one before given back)
	defer func() {
		if err == nil {
			s.textOrigin = origin
		}
	}()
	rec := &recorder{r: f, on: true}
	dec, err = s.textDecoder(bufio.NewReaderSize(rec, sensor.MaxLine), look)
	if s.autoLook {
		want := 0
		switch {
		case err == nil:
			want = min(int(math.Ceil(dec.Layout().Rate*textLookTime)), sensor.MaxLookahead)
		case errors.Is(err, sensor.ErrUnit):
			want = sensor.MaxLookahead // the rate unknown: as many as may be
		}
		if want > look {
			f.unread(rec.buf)
			rec2 := &recorder{r: f, on: true}
			dec2, err2 := s.textDecoder(bufio.NewReaderSize(rec2, sensor.MaxLine), want)
			switch {
			case err2 == nil || err != nil:
				dec, err, rec, look = dec2, err2, rec2, want
			default:
				// more lines refused what fewer took: as before
				f.unread(rec2.buf)
				rec = &recorder{r: f, on: true}
				dec, err = s.textDecoder(bufio.NewReaderSize(rec, sensor.MaxLine), look)
			}
		}
	}
	rec.on = false // the decoder reads on through it
	if err != nil {
		return nil, rec.buf, err
	}
	s.log.Info("text stream", "layout", dec.(*sensor.CSVReader).Describe(), "lookahead", look)
	return dec, nil, nil
}

// textLookTime is the time, s, of lines the text decoder's lookahead holds
// when Text.Lookahead is not given: DefaultTextLookahead lines at 100 Hz.
const textLookTime = 1.0

// insertHeader returns text with header put before its first data line
// (non-blank, not header-like), and where it went: lines before it (a boot
// banner) stay preamble.
func insertHeader(text []byte, header string) ([]byte, int) {
	rest := text
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := rest[:i+1]
		if len(bytes.TrimSpace(line)) > 0 && !headerLike(line) {
			break
		}
		rest = rest[i+1:]
	}
	at := len(text) - len(rest)
	out := make([]byte, 0, len(text)+len(header)+1)
	out = append(out, text[:at]...)
	out = append(out, header...)
	out = append(out, '\n')
	return append(out, rest...), at
}

// holdsData reports whether text has a line that is neither blank nor
// header-like: a data line.
func holdsData(text []byte) bool {
	for len(text) > 0 {
		var line []byte
		line, text, _ = bytes.Cut(text, []byte{'\n'})
		if len(bytes.TrimSpace(line)) > 0 && !headerLike(line) {
			return true
		}
	}
	return false
}

// recorder keeps what is read through it while on.
type recorder struct {
	r   io.Reader
	on  bool
	buf []byte
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if r.on {
		r.buf = append(r.buf, p[:n]...)
	}
	return n, err
}

// skipToHeader discards lines of br until the next one that could be a
// header — it has a field that is not a number — and leaves that line
// unread; moved tells whether a line that was not blank was discarded.
// ok is false when reading fails or ctx ends.
func skipToHeader(ctx context.Context, br *bufio.Reader) (moved, ok bool) {
	for {
		line, ok := peekLine(ctx, br)
		if !ok {
			return moved, false
		}
		if headerLike(line) {
			return moved, true
		}
		moved = moved || len(bytes.TrimSpace(line)) > 0
		br.Discard(len(line))
	}
}

// firstLine discards blank lines of br and returns the next line, left
// unread (valid until br is read), and whether it could be a header (see
// headerLike); ok is false when reading failed or ctx ended first.
func firstLine(ctx context.Context, br *bufio.Reader) (line []byte, header, ok bool) {
	for {
		line, ok := peekLine(ctx, br)
		if !ok {
			return nil, false, false
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, headerLike(line), true
		}
		br.Discard(len(line))
	}
}

// countFields counts the fields of a line as headerLike splits it.
func countFields(line []byte) int {
	return len(bytes.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || unicode.IsSpace(r) }))
}

// peekLine waits until br holds a whole line (or a full buffer: a line
// longer than it) and returns it unread, its '\n' included; ok is false
// when reading fails or ctx ends first.
func peekLine(ctx context.Context, br *bufio.Reader) (line []byte, ok bool) {
	for ctx.Err() == nil {
		n := br.Buffered()
		b, _ := br.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i+1], true
		}
		if n == br.Size() {
			return b, true
		}
		if _, err := br.Peek(n + 1); err != nil { // wait for more
			return nil, false
		}
	}
	return nil, false
}

// headerLike tells a possible header line (a field that is not a number,
// such as "t" or "ax") from a data line (numbers, 1.0e-02 included).
func headerLike(line []byte) bool {
	for _, f := range bytes.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || unicode.IsSpace(r) }) {
		if _, err := strconv.ParseFloat(string(f), 64); err != nil && bytes.ContainsFunc(f, unicode.IsLetter) {
			return true
		}
	}
	return false
}

// countTimed tells whether dec times its samples by count, with no device
// clock, and for RVC the period of its rolling index (256 frames), s.
func countTimed(dec sensor.Source) (wrap float64, ok bool) {
	switch d := dec.(type) {
	case *sensor.RVCReader:
		return 256 / d.Layout().Rate, true
	case *sensor.WitReader:
		return 0, d.CountTimed()
	case *sensor.WitBLEReader:
		return 0, true
	case *sensor.CSVReader:
		return 0, d.Stats().TimeRate == 0
	}
	return 0, false
}

// stillCountTimed tells whether a decoder countTimed took is still timed
// by count: a WitMotion stream whose 0x50 time frames begin part way is
// timed by the device's clock from then on.
func stillCountTimed(dec sensor.Source) bool {
	w, ok := dec.(*sensor.WitReader)
	return !ok || w.CountTimed()
}

// decoder returns the sensor decoder for the configured format.
func (s *Source) decoder(r io.Reader) (sensor.Source, error) {
	opt := sensor.BinaryOptions{Name: s.cfg.Device, Rate: s.cfg.Rate, AccRange: s.cfg.AccRange}
	switch s.cfg.Format {
	case FormatWitMotion:
		return sensor.NewWitReader(r, opt), nil
	case FormatRVC:
		return sensor.NewRVCReader(r, opt), nil
	case FormatWitBLE:
		return sensor.NewWitBLEReader(r, opt), nil
	case FormatText, FormatHyperIMU:
		return s.textDecoder(r, s.cfg.Text.Lookahead)
	}
	panic("serial: unknown format " + s.cfg.Format) // validated by Open
}

// textDecoder returns the text decoder with a lookahead of look lines.
func (s *Source) textDecoder(r io.Reader, look int) (sensor.Source, error) {
	opt := s.cfg.Text
	opt.Lookahead = look
	if s.cfg.AccRange != 0 {
		opt.AccRange = s.cfg.AccRange
	}
	opt.Name = s.textName()
	cr, err := sensor.NewCSVReader(r, opt)
	if err != nil {
		return nil, fmt.Errorf("text header: %w", err)
	}
	return cr, nil
}

// textName is the text decoder's name: the device's, and after the first
// session which session it is — line numbers start again with each (a bad
// line 5000 lines into the stream read "tty:2").
func (s *Source) textName() string {
	if n := s.reconnects.Load() + s.restarts.Load(); n > 0 {
		return fmt.Sprintf("%s (session %d)", s.cfg.Text.Name, n+1)
	}
	return s.cfg.Text.Name
}

// countingReader counts bytes into total and remembers the first error.
// A read error ends the session, so a nil-error zero-byte read (a port
// with a timeout, which Run sets only as below) is reported as io.EOF
// rather than letting the decoders spin.
//
// While due gives a time (the stall watch holds samples: stall.go), a
// read of a port that can be bounded (bp) waits until then at most: when
// no bytes came by then, expire is called with the time and the read
// goes on waiting, unbounded or to the next due. The decoders above never
// see it: the held samples come out of the read they are waiting in (on
// Run's goroutine, as every sample).
type countingReader struct {
	r      io.Reader
	bp     *boundedPort    // the port below r, when its reads can be bounded
	due    func() int64    // when a read must return with nothing (Unix ns), 0: never
	expire func(now int64) // called when a read waited until due with no bytes
	total  *atomic.Int64
	first  *atomic.Int64 // set to the wall time (Unix ns) of the first byte
	head   []byte        // the first cap(head) bytes read
	eof    bool          // report a read error as io.EOF (err keeps it)
	n      int64
	err    error
	// marks holds the byte count after each of the last reads that
	// brought data, with its wall time (Unix ns), oldest first from next
	// (at one line a read, more than the longest lookahead: a restart's
	// first line is still known when the lookahead hands it out).
	marks [keptReads][3]int64
	// lines counts the line ends read ('\n'), the third value of each
	// mark (text: a line's arrival, lineAt)
	lines int64
	next  int
	// silences counts reads that brought bytes stallSilence or more
	// after the previous one; sils dates the last keptReads of them,
	// the k-th at (k−1) mod keptReads (the arrival of the reads before
	// and after, Unix ns; see silence).
	silences int64
	sils     [keptReads][2]int64
}

// keptReads is how many of its last reads that brought data, and of its
// last silences, a countingReader keeps.
const keptReads = 1024

// silence returns the arrival of the reads before and after the
// session's k-th silence (1-based, k ≤ silences, and k > silences −
// len(sils): the ones kept), Unix ns.
func (c *countingReader) silence(k int64) (from, to int64) {
	s := c.sils[(k-1)%int64(len(c.sils))]
	return s[0], s[1]
}

// lastAt returns the arrival of the last byte read (Unix ns), 0 before any.
func (c *countingReader) lastAt() int64 {
	return c.marks[(c.next+len(c.marks)-1)%len(c.marks)][1]
}

// longestPause returns the arrival times (Unix ns) of the two reads with
// the longest pause between them among those that brought bytes of
// [from, to): where a device that was away stopped and started again.
func (c *countingReader) longestPause(from, to int64) (paused, resumed int64) {
	k := len(c.marks)
	var prev [3]int64
	best := int64(-1)
	for i := range k {
		m := c.marks[(c.next+i)%k]
		if m[1] == 0 {
			continue // not used yet
		}
		if prev[1] != 0 && m[0] > from && prev[0] < to && m[1]-prev[1] > best {
			best, paused, resumed = m[1]-prev[1], prev[1], m[1]
		}
		prev = m
	}
	if best < 0 {
		return c.around(from)
	}
	return paused, resumed
}

// around returns the arrival times (Unix ns) of the read that brought the
// bytes up to offset off and of the next one: the data paused and resumed
// there. Offsets older than the marks kept give the oldest mark; offsets
// not read yet, the last.
func (c *countingReader) around(off int64) (paused, resumed int64) {
	k := len(c.marks)
	for i := range k {
		m := c.marks[(c.next+i)%k]
		if m[1] == 0 {
			continue // not used yet
		}
		if m[0] > off {
			if paused == 0 {
				paused = m[1]
			}
			return paused, m[1]
		}
		paused = m[1]
	}
	return paused, paused
}

// lineAt returns the arrival (Unix ns) of the read that brought the end of
// the session's line l (1-based); a line older than the marks kept gives
// the oldest mark, one not read yet the last.
func (c *countingReader) lineAt(l int64) int64 {
	k := len(c.marks)
	// oldest first from next: the unused marks (zero) first, then the
	// line counts in order
	i := sort.Search(k, func(i int) bool {
		m := c.marks[(c.next+i)%k]
		return m[1] != 0 && m[2] >= l
	})
	if i == k {
		return c.lastAt() // not read yet
	}
	return c.marks[(c.next+i)%k][1] // (older than the marks kept: the oldest)
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.err != nil {
		if c.eof {
			return 0, io.EOF
		}
		return 0, c.err
	}
	n, err := c.read(p)
	if n > 0 {
		if c.n == 0 && c.first != nil {
			c.first.Store(time.Now().UnixNano())
		}
		if k := cap(c.head) - len(c.head); k > 0 {
			c.head = append(c.head, p[:min(k, n)]...)
		}
		now := time.Now().UnixNano()
		if prev := c.lastAt(); prev != 0 && now-prev >= int64(stallSilence) {
			c.sils[c.silences%int64(len(c.sils))] = [2]int64{prev, now}
			c.silences++
		}
		c.n += int64(n)
		c.total.Add(int64(n))
		c.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
		c.marks[c.next] = [3]int64{c.n, now, c.lines}
		c.next = (c.next + 1) % len(c.marks)
	} else if err == nil && len(p) > 0 {
		err = io.EOF
	}
	if err != nil {
		c.err = err
		if c.eof {
			err = io.EOF
		}
	}
	return n, err
}

// read reads r, bounded by due (see countingReader).
func (c *countingReader) read(p []byte) (int, error) {
	for {
		var due int64
		if c.bp != nil && c.due != nil && len(p) > 0 {
			due = c.due()
		}
		if c.bp != nil {
			if err := c.bp.bound(due); err != nil {
				return 0, err
			}
		}
		n, err := c.r.Read(p)
		if n == 0 && err == nil && due != 0 {
			c.expire(time.Now().UnixNano())
			continue
		}
		return n, err
	}
}

// boundedPort is a port whose reads can be bounded in time: a read that
// gets no bytes by the bound returns (0, nil) — a serial port's read
// timeout; a connection's read deadline, whose error is made that — so
// that the readers above it (HyperIMU's) pass it on as it is.
type boundedPort struct {
	port
	timeout  func(d time.Duration) error // a serial port's SetReadTimeout
	deadline func(t time.Time) error     // a connection's SetReadDeadline
	until    int64                       // the bound set, Unix ns; 0: none
}

// bounded returns port as a boundedPort, or nil for a port whose reads
// cannot be bounded.
func bounded(p port) *boundedPort {
	switch c := p.(type) {
	case serial.Port:
		return &boundedPort{port: p, timeout: c.SetReadTimeout}
	case *udpStream:
		return &boundedPort{port: p, deadline: c.setReadDeadline}
	case net.Conn:
		return &boundedPort{port: p, deadline: c.SetReadDeadline}
	}
	return nil
}

// bound makes the next reads return (0, nil) when no bytes came by until
// (Unix ns; one already past polls); 0 lets them wait.
func (b *boundedPort) bound(until int64) error {
	if b.timeout != nil {
		// (relative to each read of the port: Read sets what is left)
		if until == 0 && b.until != 0 {
			b.until = 0
			return b.timeout(serial.NoTimeout)
		}
		b.until = until
		return nil
	}
	if until == b.until {
		return nil
	}
	b.until = until
	if until == 0 {
		return b.deadline(time.Time{})
	}
	// (a deadline already past fails a read before it looks for bytes)
	return b.deadline(time.Unix(0, max(until, time.Now().Add(time.Millisecond).UnixNano())))
}

func (b *boundedPort) Read(p []byte) (int, error) {
	if b.timeout != nil && b.until != 0 {
		// what is left of the bound, at each read of the port: the
		// reader above (HyperIMU's) reads again when the bytes it got
		// make no output, and a timeout set once for the session's read
		// waited its whole length again from their arrival
		if err := b.timeout(max(time.Duration(b.until-time.Now().UnixNano()), time.Millisecond)); err != nil {
			return 0, err
		}
	}
	n, err := b.port.Read(p)
	if n == 0 && b.deadline != nil && b.until != 0 && errors.Is(err, os.ErrDeadlineExceeded) {
		return 0, nil
	}
	return n, err
}

// textLike tells bytes that are almost all printable ASCII (text lines)
// from binary frames.
func textLike(b []byte) bool {
	printable := 0
	for _, c := range b {
		if c >= 0x20 && c < 0x7f || c == '\r' || c == '\n' || c == '\t' {
			printable++
		}
	}
	return printable*100 >= 95*len(b)
}

// parity maps Config.Parity to the driver's value.
func parity(p string) (serial.Parity, error) {
	switch p {
	case "", "none":
		return serial.NoParity, nil
	case "even":
		return serial.EvenParity, nil
	case "odd":
		return serial.OddParity, nil
	}
	return 0, fmt.Errorf("unknown parity %q (want none, even or odd)", p)
}

// fileKind names what a path that is not a character device is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m.IsRegular():
		return "regular file"
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeSocket != 0:
		return "socket"
	}
	return "block device or special file"
}

// workedFor is how long a session that read bytes must have lasted for
// Run to open the port again at once, its backoff started over.
const workedFor = time.Second

// stillWarn is how often Run repeats the warning of a port that stays
// unavailable with the same error.
const stillWarn = 5 * time.Minute

// permanent reports whether an open error is one that retrying cannot
// fix: a configuration the driver rejects, or a path that is not a serial
// port (a directory, a regular file, a device without a terminal
// interface such as /dev/null). A missing path (not plugged in yet) and a
// refused permission (a udev rule may fix it) are retried.
func permanent(err error) bool {
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.InvalidSpeed, serial.InvalidDataBits, serial.InvalidParity, serial.InvalidStopBits:
			return true
		}
	}
	return errors.Is(err, errNotSerial)
}

// openHint says what to do about a port that would not open and is
// retried, "" when the error says it already. The driver's errors are
// its own words alone ("Serial port busy", "Permission denied"), without
// the port or a cause.
func openHint(err error, device string) string {
	var pe *serial.PortError
	switch {
	case errors.As(err, &pe) && pe.Code() == serial.PortBusy:
		return "another program has the port open (ModemManager probing a new USB device as a modem, a serial monitor, another gaitd): `fuser -v " + device + "` names it; retried until it is free"
	case errors.As(err, &pe) && pe.Code() == serial.PermissionDenied, errors.Is(err, fs.ErrPermission):
		return "this user may not open the port: add it to the port's group (`ls -l " + device + "`: dialout on Debian and Ubuntu, uucp on Arch), or run the systemd unit, which has it; retried"
	case errors.Is(err, fs.ErrNotExist):
		return "no such port (yet): plugged in? `gaitd devices` lists the ports; retried until it appears"
	}
	return ""
}

// errNotSerial marks a device path that exists but is not a serial port.
var errNotSerial = errors.New("not a serial port")

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// PortInfo describes a serial port found on the system.
type PortInfo struct {
	Name         string // device node, such as /dev/ttyUSB0
	IsUSB        bool   // a USB device (a USB–serial adapter, a CDC ACM board)
	VID, PID     string // USB vendor and product ID, lower-case hex on Linux
	Product      string // USB product string, when available
	SerialNumber string // USB serial number, when available
	// Links are the stable udev links to the node (/dev/serial/by-id/…,
	// then /dev/serial/by-path/…), the names to put in a configuration:
	// they survive replugging into another USB port or a renumbering.
	Links []string
}

// Ports lists the serial ports of the system with their USB details, for
// `gaitd devices`. On Linux the underlying enumeration opens every
// ttyS*/ttyHS* node to see whether it is real (protocols.md §12): call it
// on demand, never poll it. Pseudo-terminals are not listed.
func Ports() ([]PortInfo, error) {
	// The enumeration's list, unless it gives a port without
	// /sys/class/tty/<port>/device (a Bluetooth /dev/rfcomm0, as
	// WitMotion's Bluetooth 2.0 sensors are bound) an entry with no name —
	// listed blank — or fails whole on one port whose sysfs entry it cannot
	// read: the names are then the plain list's, each with its details
	// where the enumeration has them. (The plain list always would probe
	// the ttyS nodes twice, and on macOS names each port as cu.X and tty.X.)
	details, derr := detailedPorts()
	var names []string
	if derr != nil || slices.ContainsFunc(details, func(d *portDetails) bool { return d == nil || d.Name == "" }) {
		var err error
		if names, err = serial.GetPortsList(); err != nil {
			return nil, fmt.Errorf("serial: list ports: %w", errors.Join(err, derr))
		}
	} else {
		for _, d := range details {
			names = append(names, d.Name)
		}
	}
	return portInfos(names, details, udevLinks("/dev/serial/by-id", "/dev/serial/by-path")), nil
}

// portInfos describes each port of names (in their order) with its entry
// of details, matched by name (entries without one are passed over), and
// its udev links.
func portInfos(names []string, details []*portDetails, links map[string][]string) []PortInfo {
	byName := make(map[string]*portDetails, len(details))
	for _, d := range details {
		if d != nil && d.Name != "" {
			byName[d.Name] = d
		}
	}
	ports := make([]PortInfo, 0, len(names))
	for _, n := range names {
		p := PortInfo{Name: n, Links: links[n]}
		if d := byName[n]; d != nil {
			p.IsUSB, p.VID, p.PID, p.Product, p.SerialNumber = d.IsUSB, d.VID, d.PID, d.Product, d.SerialNumber
		}
		ports = append(ports, p)
	}
	return ports
}

// udevLinks maps device nodes to the symbolic links in dirs that resolve
// to them, in the order of dirs and then by name. Missing directories
// (no USB serial device plugged in) and broken links are skipped.
func udevLinks(dirs ...string) map[string][]string {
	m := map[string][]string{}
	for _, d := range dirs {
		entries, err := os.ReadDir(d) // sorted by name
		if err != nil {
			continue
		}
		for _, e := range entries {
			link := filepath.Join(d, e.Name())
			target, err := filepath.EvalSymlinks(link)
			if err != nil || target == link {
				continue
			}
			m[target] = append(m[target], link)
		}
	}
	return m
}

// datagrams is a udp-listen:// Device's socket, read as a byte stream:
// each datagram's bytes in turn (lines, or binary frames). A sender is an
// IP address, whatever its source port: an app that sends each datagram
// from a new socket (a new port each time, common on phones) is one
// sender. But a sender that has sent steadyDatagrams datagrams in a row
// from one port sends from a socket it keeps: another port of its
// address is then another device behind the same address (two phones
// behind one NAT router, two apps on one phone), dropped as another
// address's would be. One sender at a time: datagrams from another
// address are dropped (logged at most every 10 s) until the sender has
// been silent for senderQuiet, so two devices sending to one port do not
// interleave their lines (two behind one address that both send each
// datagram from a new socket cannot be told apart). The socket lasts as
// long as Run; each sender's datagrams are a session (a udpStream), as a
// connection is. A datagram from the sender's address but a new port
// after a silence of senderQuiet or more starts a new session too (a
// device that rebooted: its new stream begins with its header); from the
// same port it continues the session (a stream that paused).
type datagrams struct {
	pc       *net.UDPConn
	log      *slog.Logger
	buf      []byte
	rest     []byte         // of the last datagram, not yet read
	sender   string         // the address (ip:port) of the session's first datagram
	ip       netip.Addr     // the sender: its address (IPv4 unmapped)
	from     netip.AddrPort // the address of the last datagram taken (unmapped)
	lastFrom time.Time      // the arrival of the last datagram taken
	inRow    int            // datagrams taken in a row from from's port
	silent   time.Duration  // on a new session: how long the last sender had been silent
	dropped  int
	lastLog  time.Time
}

// senderQuiet is how long the sender must be silent before another
// address's datagrams are taken, or its own from a new port are a new
// session (and a tcp-listen:// connection before another takes its
// place).
const senderQuiet = 2 * time.Second

// steadyDatagrams is how many datagrams in a row from one port show a
// sender that keeps its socket. (An app that opens a socket for each
// datagram gets a random port each time: three in a row from one port
// are about one in 10⁹ of its datagrams.)
const steadyDatagrams = 3

// newSenderError ends a udp-listen:// session: another sender's
// datagrams were taken, or the sender's own from a new port after a
// silence.
type newSenderError struct {
	sender string        // the new session's, ip:port
	silent time.Duration // how long the last sender had been silent
}

func (e *newSenderError) Error() string { return "datagrams from a new sender: " + e.sender }

// next reads datagrams until one is taken into rest; newSender tells that
// it begins a new session (see datagrams): d.sender is then its address,
// d.silent how long the last sender had been silent.
func (d *datagrams) next() (newSender bool, err error) {
	for {
		n, from, err := d.pc.ReadFromUDPAddrPort(d.buf)
		if err != nil {
			return false, err
		}
		if n == 0 {
			continue
		}
		now := time.Now()
		// (an IPv4 sender to a socket of both IPv6 and IPv4 comes
		// IPv4-mapped: logged as the IPv4 address it is)
		ip := from.Addr().Unmap()
		from = netip.AddrPortFrom(ip, from.Port())
		quiet := now.Sub(d.lastFrom) >= senderQuiet
		// another address's, or another port's of a sender that keeps
		// its socket: another device's
		other := ip != d.ip || from != d.from && d.inRow >= steadyDatagrams
		switch {
		case d.sender == "":
			newSender = false // the first
		case other:
			if !quiet {
				d.dropped++
				if now.Sub(d.lastLog) >= 10*time.Second {
					d.log.Warn("datagrams from another sender dropped (one sender at a time)", "sender", d.sender, "from", from.String(), "dropped", d.dropped)
					d.lastLog = now
				}
				continue
			}
			newSender = true
		case from != d.from:
			newSender = quiet // the sender from a new port: rebooted when it was silent
		default:
			newSender = false
		}
		if d.sender == "" || newSender {
			d.sender, d.ip = from.String(), ip
			d.silent = now.Sub(d.lastFrom).Round(time.Millisecond)
		}
		if from == d.from {
			d.inRow++
		} else {
			d.inRow = 1
		}
		d.from, d.lastFrom = from, now
		d.rest = d.buf[:n]
		return newSender, nil
	}
}

// wait reads until a datagram is taken (the next session's first), or
// ctx ends.
func (d *datagrams) wait(ctx context.Context) error {
	d.pc.SetReadDeadline(time.Time{}) // (the last session's Close set it)
	if len(d.rest) > 0 {
		return nil // (the new sender's, which ended the last session)
	}
	stop := context.AfterFunc(ctx, func() { d.pc.SetReadDeadline(time.Now()) })
	defer stop()
	_, err := d.next()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// udpStream is one sender's session of a datagrams socket: it ends when
// another sender's datagram is taken (left for the next session) or when
// closed.
type udpStream struct {
	d      *datagrams
	sender string
	closed atomic.Bool
}

func (u *udpStream) Read(p []byte) (int, error) {
	d := u.d
	for len(d.rest) == 0 {
		if u.closed.Load() {
			return 0, net.ErrClosed
		}
		newSender, err := d.next()
		if err != nil {
			if u.closed.Load() {
				err = net.ErrClosed
			}
			return 0, err
		}
		if newSender {
			return 0, &newSenderError{sender: d.sender, silent: d.silent}
		}
	}
	n := copy(p, d.rest)
	d.rest = d.rest[n:]
	return n, nil
}

// setReadDeadline bounds the session's reads (boundedPort): a read
// waiting when no datagram came by t fails with os.ErrDeadlineExceeded.
// It does not undo Close's.
func (u *udpStream) setReadDeadline(t time.Time) error {
	if err := u.d.pc.SetReadDeadline(t); err != nil {
		return err
	}
	if u.closed.Load() {
		return u.d.pc.SetReadDeadline(time.Now())
	}
	return nil
}

// Close ends the session (a read waiting returns); the socket stays.
func (u *udpStream) Close() error {
	u.closed.Store(true)
	return u.d.pc.SetReadDeadline(time.Now())
}
