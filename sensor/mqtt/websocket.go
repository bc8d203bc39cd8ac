package mqtt

// The WebSocket listener of the embedded broker: mochi-mqtt's
// listeners.Websocket (MIT licence, © mochi-co; listeners/websocket.go of
// v2.7.9), served on a guard listener so that WebSocket connections get the
// same CONNECT deadline and connection cap as TCP ones (mochi's own listener
// binds inside its http.Server, which cannot be wrapped). The gorilla
// WebSocket upgrader and the net.Conn adapter are mochi's.

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mochi-mqtt/server/v2/listeners"
)

// wsListener serves MQTT over WebSocket (any path, subprotocol "mqtt") on
// a net.Listener.
type wsListener struct {
	mu        sync.Mutex
	id        string
	ln        net.Listener // guarded; TLS wrapped inside the guard when set
	srv       *http.Server
	log       *slog.Logger
	establish listeners.EstablishFn
	upgrader  *websocket.Upgrader
	timeout   time.Duration // for the CONNECT after the upgrade
	end       atomic.Bool
}

func newWSListener(id string, ln net.Listener) *wsListener {
	return &wsListener{id: id, ln: ln, timeout: brokerConnectTimeout, upgrader: &websocket.Upgrader{
		Subprotocols: []string{"mqtt"},
		CheckOrigin:  func(*http.Request) bool { return true }, // phones' apps send no browser origin to check
	}}
}

func (l *wsListener) ID() string       { return l.id }
func (l *wsListener) Address() string  { return l.ln.Addr().String() }
func (l *wsListener) Protocol() string { return "ws" }

func (l *wsListener) Init(log *slog.Logger) error {
	l.log = log
	mux := http.NewServeMux()
	mux.HandleFunc("/", l.handler)
	// the guard's deadline bounds the upgrade and the CONNECT; mochi sets
	// the keep-alive deadline after that
	// one request per connection: an idle keep-alive connection would
	// clear the guard's deadline and hold its slot for good; net/http's
	// own messages (TLS handshake errors from scanners) go to the debug log
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: l.timeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	l.srv.SetKeepAlivesEnabled(false)
	return nil
}

func (l *wsListener) handler(w http.ResponseWriter, r *http.Request) {
	c, err := l.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	// the upgrade clears the connection's deadlines: the CONNECT must
	// still come in time (mochi sets the keep-alive deadline after it)
	_ = c.UnderlyingConn().SetDeadline(time.Now().Add(l.timeout))
	if err := l.establish(l.id, &wsConn{Conn: c.UnderlyingConn(), c: c}); err != nil {
		l.log.Warn("websocket client ended", "error", err)
	}
}

func (l *wsListener) Serve(establish listeners.EstablishFn) {
	l.establish = establish
	if err := l.srv.Serve(l.ln); err != nil && !l.end.Load() && !errors.Is(err, http.ErrServerClosed) {
		l.log.Error("websocket listener failed", "error", err, "listener", l.id)
	}
}

func (l *wsListener) Close(closeClients listeners.CloseFn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.end.CompareAndSwap(false, true) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = l.srv.Shutdown(ctx)
	}
	closeClients(l.id)
}

// wsConn is a WebSocket connection as a net.Conn of binary messages.
type wsConn struct {
	net.Conn
	c *websocket.Conn
	r io.Reader // the current message's reader, nil between messages
}

// errNotBinary: MQTT over WebSocket is carried in binary messages.
var errNotBinary = errors.New("websocket message not binary")

func (ws *wsConn) Read(p []byte) (int, error) {
	if ws.r == nil {
		op, r, err := ws.c.NextReader()
		if err != nil {
			return 0, err
		}
		if op != websocket.BinaryMessage {
			return 0, errNotBinary
		}
		ws.r = r
	}
	var n int
	for n < len(p) {
		br, err := ws.r.Read(p[n:])
		n += br
		if err != nil {
			// any error ends the current message (io.EOF: its end)
			ws.r = nil
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return n, err
		}
	}
	return n, nil
}

func (ws *wsConn) Write(p []byte) (int, error) {
	if err := ws.c.WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (ws *wsConn) Close() error { return ws.Conn.Close() }
