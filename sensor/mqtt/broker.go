package mqtt

import (
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/listeners"
	"github.com/mochi-mqtt/server/v2/packets"
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
	// refused. A non-nil empty map (a users file with no user yet) lets in
	// only the internal credential. A nil map allows every client,
	// anonymous or not: for development on a trusted network only.
	Users map[string]string
	// InternalClientID is the client ID of the in-process client (gaitd's
	// own subscriber): only the internal credential may connect with it, so
	// no other client can take its session over. Empty: a random one (see
	// Broker.InternalClientID).
	InternalClientID string
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

	// the in-process credential and client ID (see InternalCredential)
	internalUser, internalPass, internalID string
	hook                                   *authHook
}

// authHook lets a client connect when it presents the internal credential,
// or, but for the internal client ID, a user and password of users (any
// client when users is nil). Every connected client may publish and
// subscribe to any topic.
//
// It also counts and logs (at most every 10 s) the messages the broker drops
// for gaitd's own client when it falls MaximumClientWritesPending behind.
type authHook struct {
	mochi.HookBase
	users                                  map[string]string
	internalUser, internalPass, internalID string
	log                                    *slog.Logger
	dropped                                atomic.Uint64
	mu                                     sync.Mutex
	lastLog                                time.Time
	sinceLog                               uint64
}

func (h *authHook) ID() string { return "gaitd-auth" }

func (h *authHook) Provides(b byte) bool {
	return b == mochi.OnConnectAuthenticate || b == mochi.OnACLCheck || b == mochi.OnPublishDropped
}

func (h *authHook) OnPublishDropped(cl *mochi.Client, pk packets.Packet) {
	if cl.ID != h.internalID {
		return // another subscriber's backlog: not gaitd's data
	}
	h.dropped.Add(1)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sinceLog++
	if now := time.Now(); now.Sub(h.lastLog) >= 10*time.Second {
		h.log.Warn("embedded broker dropped messages to gaitd's own client: it fell behind", "topic", pk.TopicName, "messages", h.sinceLog, "total", h.dropped.Load())
		h.lastLog, h.sinceLog = now, 0
	}
}

func (h *authHook) OnConnectAuthenticate(cl *mochi.Client, pk packets.Packet) bool {
	user, pass := string(pk.Connect.Username), pk.Connect.Password
	if user == h.internalUser {
		return subtle.ConstantTimeCompare(pass, []byte(h.internalPass)) == 1
	}
	if cl.ID == h.internalID {
		return false // gaitd's own client's ID: its session is not for others
	}
	if h.users == nil {
		return true
	}
	want, ok := h.users[user]
	return ok && user != "" && subtle.ConstantTimeCompare(pass, []byte(want)) == 1
}

func (h *authHook) OnACLCheck(cl *mochi.Client, topic string, write bool) bool { return true }

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("mqtt: broker internal credential: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Dropped is the number of messages the broker dropped for the in-process
// client because it fell MaximumClientWritesPending (256) writes behind.
func (b *Broker) Dropped() uint64 { return b.hook.dropped.Load() }

// InternalClientID is the client ID reserved for the in-process client:
// BrokerConfig.InternalClientID, or a random one.
func (b *Broker) InternalClientID() string { return b.internalID }

// StartBroker starts the broker's listeners and returns once they accept
// connections.
func StartBroker(cfg BrokerConfig, logger *slog.Logger) (*Broker, error) {
	if cfg.TCP == "" {
		return nil, errors.New("mqtt: broker TCP: missing listen address")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts := &mochi.Options{Logger: logger.With("component", "mqtt-broker")}
	// bounded memory: no packet beyond what gaitd decodes (DefaultMaxMessage
	// plus headers: it rejects larger payloads anyway), a bounded backlog
	// of writes and of unacknowledged QoS 1/2 messages per client, and
	// disconnected sessions kept for an hour, not forever
	caps := mochi.NewDefaultServerCapabilities()
	caps.MaximumPacketSize = DefaultMaxMessage + 64<<10
	caps.MaximumClientWritesPending = 256
	caps.MaximumInflight = 1024
	caps.MaximumSessionExpiryInterval = 3600
	opts.Capabilities = caps
	srv := mochi.New(opts)
	iu, ip, err := internalCredential(cfg.Users)
	if err != nil {
		return nil, err
	}
	id := cfg.InternalClientID
	if id == "" {
		if id, err = randomHex(12); err != nil {
			return nil, err
		}
		id = "gaitd-self-" + id
	}
	h := &authHook{users: cfg.Users, internalUser: iu, internalPass: ip, internalID: id, log: logger}
	for u, pw := range cfg.Users {
		if u == "" || pw == "" {
			return nil, fmt.Errorf("mqtt: broker Users: user %q needs a name and a password", u)
		}
	}
	if err := srv.AddHook(h, nil); err != nil {
		return nil, fmt.Errorf("mqtt: broker auth: %w", err)
	}
	if cfg.WebSocketTLS && (cfg.TLS == nil || cfg.WebSocket == "") {
		_ = srv.Close()
		return nil, errors.New("mqtt: broker WebSocketTLS needs TLS and a WebSocket address")
	}
	b := &Broker{srv: srv, tcp: listeners.NewTCP(listeners.Config{ID: "tcp", Address: cfg.TCP, TLSConfig: cfg.TLS}),
		internalUser: iu, internalPass: ip, internalID: id, hook: h}
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
