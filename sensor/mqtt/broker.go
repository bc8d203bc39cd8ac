package mqtt

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/hooks/auth"
	"github.com/mochi-mqtt/server/v2/listeners"
)

// BrokerConfig configures the embedded broker.
type BrokerConfig struct {
	// TCP is the MQTT listen address, e.g. "127.0.0.1:1883"; port 0 picks
	// a free port (see Broker.Addr).
	TCP string
	// WebSocket is the MQTT-over-WebSocket listen address (any path,
	// subprotocol "mqtt"), e.g. "127.0.0.1:8000" for Sensor Logger; empty
	// turns it off. Port 0 picks a free port (see Broker.WebSocketAddr).
	WebSocket string
	// Users maps user names to passwords. Clients must present one of
	// them; anonymous clients are refused. An empty map allows every
	// client, anonymous or not: for development on a trusted network only.
	Users map[string]string
	// TLS, when set, makes the TCP listener speak MQTT over TLS (clients
	// use ssl://); set ClientAuth and ClientCAs in it to require client
	// certificates.
	TLS *tls.Config
	// WebSocketTLS makes the WebSocket listener speak TLS too (clients use
	// wss://), with the same TLS configuration, which it requires.
	WebSocketTLS bool
}

// Broker is an embedded MQTT broker (mochi-mqtt, MQTT 3.1.1 and 5). It
// keeps sessions in memory only: a restarted broker has forgotten every
// persistent session and subscription, and clients must subscribe again
// (a Source does so on every connect).
type Broker struct {
	srv       *mochi.Server
	tcp       *listeners.TCP
	wsAddr    string
	closeOnce sync.Once
}

// StartBroker starts the broker's listeners and returns once they accept
// connections.
func StartBroker(cfg BrokerConfig, logger *slog.Logger) (*Broker, error) {
	if cfg.TCP == "" {
		return nil, errors.New("mqtt: broker TCP: missing listen address")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	srv := mochi.New(&mochi.Options{
		Logger: logger.With("component", "mqtt-broker"),
	})
	var err error
	if len(cfg.Users) == 0 {
		err = srv.AddHook(new(auth.AllowHook), nil)
	} else {
		users := make(auth.Users, len(cfg.Users))
		for u, pw := range cfg.Users {
			if u == "" || pw == "" {
				return nil, fmt.Errorf("mqtt: broker Users: user %q needs a name and a password", u)
			}
			users[u] = auth.UserRule{Username: auth.RString(u), Password: auth.RString(pw)}
		}
		err = srv.AddHook(new(auth.Hook), &auth.Options{Ledger: &auth.Ledger{Users: users}})
	}
	if err != nil {
		return nil, fmt.Errorf("mqtt: broker auth: %w", err)
	}
	if cfg.WebSocketTLS && (cfg.TLS == nil || cfg.WebSocket == "") {
		_ = srv.Close()
		return nil, errors.New("mqtt: broker WebSocketTLS needs TLS and a WebSocket address")
	}
	b := &Broker{srv: srv, tcp: listeners.NewTCP(listeners.Config{ID: "tcp", Address: cfg.TCP, TLSConfig: cfg.TLS})}
	if err := srv.AddListener(b.tcp); err != nil { // binds now
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker TCP %s: %w", cfg.TCP, err)
	}
	if cfg.WebSocket != "" {
		// mochi's WebSocket listener binds inside Serve and only logs a
		// failure: resolve port 0 and check the address here.
		addr, err := freeAddr(cfg.WebSocket)
		if err != nil {
			_ = srv.Close()
			return nil, fmt.Errorf("mqtt: broker WebSocket %s: %w", cfg.WebSocket, err)
		}
		b.wsAddr = addr
		wc := listeners.Config{ID: "ws", Address: addr}
		if cfg.WebSocketTLS {
			wc.TLSConfig = cfg.TLS
		}
		if err := srv.AddListener(listeners.NewWebsocket(wc)); err != nil {
			_ = srv.Close()
			return nil, fmt.Errorf("mqtt: broker WebSocket %s: %w", addr, err)
		}
	}
	if err := srv.Serve(); err != nil { // starts the listeners' goroutines
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker: %w", err)
	}
	if b.wsAddr != "" {
		if err := waitListening(b.wsAddr, 2*time.Second); err != nil {
			_ = srv.Close()
			return nil, fmt.Errorf("mqtt: broker WebSocket %s: %w", b.wsAddr, err)
		}
	}
	return b, nil
}

// Addr returns the TCP listener's address (host:port), with the port
// resolved when BrokerConfig.TCP asked for port 0.
func (b *Broker) Addr() string { return b.tcp.Address() }

// WebSocketAddr returns the WebSocket listener's address, "" when off.
func (b *Broker) WebSocketAddr() string { return b.wsAddr }

// Close disconnects every client and stops the listeners. Sessions are
// lost. Further calls do nothing.
func (b *Broker) Close() error {
	var err error
	b.closeOnce.Do(func() { err = b.srv.Close() })
	return err
}

// freeAddr checks that addr can be listened on and resolves port 0 to a
// free port. (A port resolved so could be taken by another process before
// the broker binds it; StartBroker then fails.)
func freeAddr(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	a := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", err
	}
	return a, nil
}

// waitListening dials addr until it accepts or the timeout passes.
func waitListening(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not listening: %w", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
