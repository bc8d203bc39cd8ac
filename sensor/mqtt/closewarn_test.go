package mqtt

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuf is a bytes.Buffer safe for the broker's goroutines.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestBrokerCloseNoWarnings: closing the embedded broker, an orderly stop
// of serve, logs no warning for the connections it closes itself. Each
// connected client's end was a WARN, "mqtt broker: client connection
// error … use of closed network connection" (or EOF), gaitd's own client's
// too: one per publisher at every restart (a black-box round: 4 WARN lines
// with three phones connected; 500 with the load test's sensors). They
// are logged at DEBUG. A connection lost while the broker runs is still a
// warning.
func TestBrokerCloseNoWarnings(t *testing.T) {
	var buf syncBuf
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0"}, log)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		mustPublisher(t, "tcp://"+b.Addr(), fmt.Sprintf("phone-%d", i), nil)
	}
	// a client gone without DISCONNECT while the broker runs (a phone
	// out of reach): still a warning
	conn, err := net.Dial("tcp", b.Addr())
	if err != nil {
		t.Fatal(err)
	}
	id := "phone-gone"
	connect := append([]byte{0x10, byte(12 + len(id)), 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, byte(len(id))}, id...)
	if _, err := conn.Write(connect); err != nil {
		t.Fatal(err)
	}
	ack := make([]byte, 4)
	if _, err := io.ReadFull(conn, ack); err != nil || ack[0] != 0x20 || ack[3] != 0 {
		t.Fatalf("CONNACK % x: %v", ack, err)
	}
	conn.Close()
	for deadline := time.Now().Add(3 * time.Second); !strings.Contains(buf.String(), "level=WARN msg=\"mqtt broker: client connection error\""); {
		if time.Now().After(deadline) {
			t.Fatalf("a connection lost while the broker runs was not a warning:\n%s", buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	before := len(buf.String())
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()[before:]
	var warns, debug int
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, "client connection error") {
			continue
		}
		switch {
		case strings.Contains(l, "level=WARN"):
			warns++
			t.Errorf("at close: %s", l)
		case strings.Contains(l, "level=DEBUG"):
			debug++
		}
	}
	t.Logf("at close: %d connection ends at DEBUG, %d at WARN", debug, warns)
	if debug != 3 {
		t.Errorf("at close: %d connection ends at DEBUG, want 3, one per phone", debug)
	}
}

// TestRedactHandlerClosing: while the broker closes, a record of a
// connection it closed is DEBUG whatever its message (mochi's "error
// processing packet" for a PUBACK it could no longer write was a WARN at
// a black-box stop); before it closes, the same record stays a WARN.
func TestRedactHandlerClosing(t *testing.T) {
	closedErr := &net.OpError{Op: "write", Net: "tcp", Err: net.ErrClosed}
	for _, tc := range []struct {
		closing bool
		msg     string
		err     error
		want    string
	}{
		{false, "error processing packet", closedErr, "level=WARN"},
		{true, "error processing packet", closedErr, "level=DEBUG"},
		{true, "", io.EOF, "level=DEBUG"},
		{true, "error processing packet", io.ErrUnexpectedEOF, "level=WARN"},
	} {
		var buf bytes.Buffer
		g := new(logGate)
		if tc.closing {
			g.close()
		}
		log := slog.New(redactHandler{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), g})
		log.Warn(tc.msg, "error", tc.err)
		if out := buf.String(); !strings.Contains(out, tc.want) {
			t.Errorf("closing %v, %q, %v: %s want %s", tc.closing, tc.msg, tc.err, out, tc.want)
		}
	}
}
