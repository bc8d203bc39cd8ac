package mqtt

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
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
	// them (or the broker's InternalCredential); anonymous clients are
	// refused. An empty map allows every client, anonymous or not: for
	// development on a trusted network only.
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

	// the in-process credential (see InternalCredential)
	internalUser, internalPass string
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
	iu, ip, err := internalCredential(cfg.Users)
	if err != nil {
		return nil, err
	}
	if len(cfg.Users) == 0 {
		err = srv.AddHook(new(auth.AllowHook), nil)
	} else {
		users := make(auth.Users, len(cfg.Users)+1)
		for u, pw := range cfg.Users {
			if u == "" || pw == "" {
				return nil, fmt.Errorf("mqtt: broker Users: user %q needs a name and a password", u)
			}
			users[u] = auth.UserRule{Username: auth.RString(u), Password: auth.RString(pw)}
		}
		users[iu] = auth.UserRule{Username: auth.RString(iu), Password: auth.RString(ip)}
		err = srv.AddHook(new(auth.Hook), &auth.Options{Ledger: &auth.Ledger{Users: users}})
	}
	if err != nil {
		return nil, fmt.Errorf("mqtt: broker auth: %w", err)
	}
	if cfg.WebSocketTLS && (cfg.TLS == nil || cfg.WebSocket == "") {
		_ = srv.Close()
		return nil, errors.New("mqtt: broker WebSocketTLS needs TLS and a WebSocket address")
	}
	b := &Broker{srv: srv, tcp: listeners.NewTCP(listeners.Config{ID: "tcp", Address: cfg.TCP, TLSConfig: cfg.TLS}),
		internalUser: iu, internalPass: ip}
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

// internalCredential makes the in-process credential: a user name and a
// password from crypto/rand, the name not one of users.
func internalCredential(users map[string]string) (user, password string, err error) {
	random := func(n int) (string, error) {
		b := make([]byte, n)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("mqtt: broker internal credential: %w", err)
		}
		return hex.EncodeToString(b), nil
	}
	for {
		if user, err = random(12); err != nil {
			return "", "", err
		}
		user = "gaitd-internal-" + user
		if _, taken := users[user]; !taken {
			break
		}
	}
	if password, err = random(32); err != nil {
		return "", "", err
	}
	return user, password, nil
}

// InternalCredential returns a user name and password that the broker
// accepts whatever BrokerConfig.Users holds, for a client in the same
// process (gaitd's own subscriber): both are made from crypto/rand at
// start, exist only in this process's memory, and the name is none of
// Users (a users file cannot take or replace it). With no Users the broker
// accepts every client anyway. The credential must not be logged.
func (b *Broker) InternalCredential() (username, password string) {
	return b.internalUser, b.internalPass
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
