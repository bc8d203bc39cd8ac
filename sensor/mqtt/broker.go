package mqtt

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
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
	// Subscribers are the users of Users allowed to subscribe besides the
	// in-process client (a dashboard, another gaitd); the others may only
	// publish. With Users nil anyone may subscribe.
	Subscribers []string
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
	// MaxConns is the most connections each listener keeps open at once
	// (0: 256); a connection beyond is closed at once. One a sensor: at
	// least the devices the broker's users publish as (gaitd serve: its
	// --max-devices and a few more).
	MaxConns int
}

// Broker is an embedded MQTT broker (mochi-mqtt, MQTT 3.1.1 and 5). It
// keeps sessions in memory only: a restarted broker has forgotten every
// persistent session and subscription, and clients must subscribe again
// (a Source does so on every connect).
type Broker struct {
	srv       *mochi.Server
	tcp       *listeners.Net
	wsAddr    string
	closeOnce sync.Once

	// the in-process credential and client ID (see InternalCredential)
	internalUser, internalPass, internalID string
	hook                                   *authHook
	internal                               *listeners.Net // loopback, for gaitd's own client
	log                                    *slog.Logger
	// logClosed silences mochi's log once Close has stopped the server
	// (see redactHandler)
	logClosed *logGate
}

// sessionExpiry is the longest a disconnected session is kept, s.
const sessionExpiry = 3600

// Limits of the outside TCP listener: a connection must send its CONNECT
// within brokerConnectTimeout (mochi sets the keep-alive deadline after it), and
// at most maxConns (BrokerConfig.MaxConns) are open at once (mochi reads a packet's whole declared
// length, up to MaximumPacketSize, before it can check a login).
// (Variables for the tests.)
var (
	brokerConnectTimeout = 10 * time.Second
	maxConns             = 256
)

// guard is a listener that refuses connections beyond maxConns and gives
// each a deadline for its CONNECT. Refusals are logged, at most once a
// minute per listener, with their count since the last line.
//
// Close also closes the connections it handed out that are still open (one
// that has not sent its CONNECT would otherwise hold the broker's Close
// until its deadline).
type guard struct {
	net.Listener
	slots   chan struct{}
	timeout time.Duration
	mu      sync.Mutex
	open    map[*guardConn]struct{}
	closed  bool

	log        *slog.Logger
	name       string    // the listener, in logs: "tcp", "websocket"
	refused    int       // refusals not logged yet (Accept's goroutine)
	lastRefuse time.Time // the last refusal logged
}

// refusedLogEvery is the least time between two log lines about refused
// connections of a listener.
const refusedLogEvery = time.Minute

func newGuard(ln net.Listener, name string, max int, log *slog.Logger) *guard {
	if max <= 0 {
		max = maxConns
	}
	return &guard{Listener: ln, slots: make(chan struct{}, max), timeout: brokerConnectTimeout, open: map[*guardConn]struct{}{},
		name: name, log: log}
}

func (g *guard) Close() error {
	err := g.Listener.Close()
	g.mu.Lock()
	g.closed = true
	conns := make([]*guardConn, 0, len(g.open))
	for c := range g.open {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
	return err
}

func (g *guard) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case g.slots <- struct{}{}:
		default:
			// full: refused at once
			g.refused++
			if now := time.Now(); now.Sub(g.lastRefuse) >= refusedLogEvery {
				g.log.Warn("mqtt broker: connection refused, all connections of the listener in use", "listener", g.name,
					"max", cap(g.slots), "remote", c.RemoteAddr().String(), "refused", g.refused)
				g.refused, g.lastRefuse = 0, now
			}
			_ = c.Close()
			continue
		}
		_ = c.SetDeadline(time.Now().Add(g.timeout))
		gc := &guardConn{Conn: c, g: g}
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			_ = c.Close()
			<-g.slots
			return nil, net.ErrClosed
		}
		g.open[gc] = struct{}{}
		g.mu.Unlock()
		return gc, nil
	}
}

type guardConn struct {
	net.Conn
	g    *guard
	once sync.Once
}

func (c *guardConn) Close() error {
	c.once.Do(func() {
		c.g.mu.Lock()
		delete(c.g.open, c)
		c.g.mu.Unlock()
		<-c.g.slots
	})
	return c.Conn.Close()
}

// redactHandler cuts packet attributes ("pk", "packet") of mochi's log
// records to the packet's type: a CONNECT carries a password, a PUBLISH a
// patient's samples. A record mochi logs without a message (an error on a
// client's connection: a packet too large, a connection closed at
// shutdown) gets one: a line reading msg="" said nothing of what it was.
//
// Once the broker is closed (closed set) its records are dropped: a client
// connected at shutdown has its connection's end logged by its own
// goroutine after the server's Close returned, which came after the
// daemon's last line, "gaitd stopped". A record being written when the
// gate shuts is written before shut returns (a record that had passed an
// atomic test, then was written after the daemon's last line, failed
// TestServeStoppedLogsLast under -race).
type redactHandler struct {
	slog.Handler
	closed *logGate
}

// logGate drops the broker's log records once shut; shut waits for a
// record being written.
type logGate struct {
	mu     sync.RWMutex
	closed bool
	// closing: the broker is closing its connections itself; their ends
	// (net.ErrClosed, io.EOF) are logged at DEBUG, not as warnings
	closing bool
}

// close marks the broker as closing (see closing).
func (g *logGate) close() {
	g.mu.Lock()
	g.closing = true
	g.mu.Unlock()
}

// shut drops every record from now on, once those being written are out.
func (g *logGate) shut() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.closed != nil {
		h.closed.mu.RLock()
		defer h.closed.mu.RUnlock()
		if h.closed.closed {
			return nil
		}
	}
	msg, level := r.Message, r.Level
	if msg == "" {
		msg = "mqtt broker: client connection error"
	}
	if h.closed != nil && h.closed.closing && level > slog.LevelDebug && closedByUs(r) {
		// a connection the closing broker ended: each connected client's
		// was a WARN at every orderly stop (also "error processing
		// packet" for an acknowledgement it could no longer write)
		if !h.Handler.Enabled(ctx, slog.LevelDebug) {
			return nil
		}
		level = slog.LevelDebug
	}
	if msg == "client store quota reached" && level > slog.LevelDebug {
		// a line per message dropped at a client's in-flight limit:
		// counted and logged at most every 10 s by authHook instead
		if !h.Handler.Enabled(ctx, slog.LevelDebug) {
			return nil
		}
		level = slog.LevelDebug
	}
	out := slog.NewRecord(r.Time, level, msg, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "pk" || a.Key == "packet" {
			if pk, ok := a.Value.Any().(packets.Packet); ok {
				a = slog.Int("packet_type", int(pk.FixedHeader.Type))
			} else {
				a = slog.String(a.Key, "(redacted)")
			}
		}
		out.AddAttrs(a)
		return true
	})
	return h.Handler.Handle(ctx, out)
}

// closedByUs tells whether a record's error is a connection's end as the
// broker closing it causes: its socket closed under the read
// (net.ErrClosed), or the client's end seen as it went (io.EOF).
func closedByUs(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && a.Key == "error" {
			found = errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF)
			return false
		}
		return true
	})
	return found
}

func (h redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return redactHandler{h.Handler.WithAttrs(as), h.closed}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h.Handler.WithGroup(name), h.closed}
}

// authHook lets a client connect when it presents the internal credential,
// or, but for the internal client ID, a user and password of users (any
// client when users is nil). Every connected client may publish and
// subscribe to any topic.
//
// It also counts every message the broker drops on the way to gaitd's own
// client, by reason (DropWritesPending…), and logs them at most every 10 s
// with their counts.
type authHook struct {
	mochi.HookBase
	users                                  map[string]string
	subscribers                            []string
	internalUser, internalPass, internalID string
	log                                    *slog.Logger
	srv                                    *mochi.Server // set once, before Serve

	drops [numDropReasons]atomic.Uint64
	mu    sync.Mutex
	// per publisher (mochi handles a client's PUBLISHes one after the
	// other, on its connection's goroutine): what became of the message
	// being delivered to gaitd's own client
	delivery map[string]*delivery
	lastLog  time.Time
	sinceLog [numDropReasons]uint64
	// refusals of packets over the size limit, logged apart (they name the
	// client that sent one)
	lastTooLarge  time.Time
	sinceTooLarge uint64
}

// delivery is what became of a PUBLISH on its way to gaitd's own client.
type delivery struct {
	subscribed bool // gaitd's own client subscribed to its topic with QoS > 0 as it came in
	queued     bool // mochi took it in for gaitd's client (OnQosPublish)
	dropped    bool // mochi dropped it and said so (OnPublishDropped)
}

// Reasons the embedded broker drops a message (the reason label of
// gaitd_broker_dropped_messages_total).
const (
	// DropWritesPending: gaitd's own client fell MaximumClientWritesPending
	// (8192) writes behind (mochi's OnPublishDropped).
	DropWritesPending = iota
	// DropInflightFull: gaitd's own client had MaximumInflight (8192) QoS
	// 1/2 messages unacknowledged; mochi drops the next one with no hook
	// (only its server-wide Info.InflightDropped), so it is found by the
	// message having gone to neither the client's queue nor
	// OnPublishDropped.
	DropInflightFull
	// DropDiscarded: a QoS 1/2 message held for gaitd's own client was
	// thrown away before it acknowledged it: it expired (mochi's
	// MaximumMessageExpiryInterval, a day), the client came back on a
	// clean session, or its session expired while it was away.
	DropDiscarded
	// DropDisconnected: a QoS 0 message (or one for a QoS 0 subscription)
	// came while gaitd's own client was away, its session kept: mochi
	// keeps only QoS 1/2 messages for it and skips this one unannounced.
	// (Seen as the message comes in: a client leaving or coming back in
	// that instant may be miscounted by one.)
	DropDisconnected
	// DropTooLarge: a client sent a packet over the broker's packet limit
	// (maxPacketSize); it is refused as its header is read, before its
	// body is, and the client's connection closed. Counted whatever the
	// client (it is a publisher's message).
	DropTooLarge
	numDropReasons
)

// DropReasons names the drop reasons, by their constant.
var DropReasons = [numDropReasons]string{"writes_pending", "inflight_full", "discarded", "disconnected", "too_large"}

// dropLogEvery is the least time between two log lines about the broker's
// drops.
const dropLogEvery = 10 * time.Second

func (h *authHook) ID() string { return "gaitd-auth" }

func (h *authHook) Provides(b byte) bool {
	switch b {
	case mochi.OnConnectAuthenticate, mochi.OnACLCheck, mochi.OnPublishDropped, mochi.OnPublish, mochi.OnPacketRead, mochi.OnDisconnect,
		mochi.OnPublished, mochi.OnQosPublish, mochi.OnQosDropped, mochi.OnClientExpired:
		return true
	}
	return false
}

// drop counts n messages dropped for reason and logs the drops since the
// last line if it was dropLogEvery ago.
func (h *authHook) drop(reason int, n uint64, topic string) {
	h.drops[reason].Add(n)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sinceLog[reason] += n
	if now := time.Now(); now.Sub(h.lastLog) >= dropLogEvery {
		h.logDropsLocked(topic)
		h.lastLog = now
	}
}

func (h *authHook) logDropsLocked(topic string) {
	var attrs []any
	var n uint64
	for r, c := range h.sinceLog {
		if c > 0 {
			attrs = append(attrs, DropReasons[r], c)
			n += c
		}
	}
	if n == 0 {
		return
	}
	if topic != "" {
		attrs = append(attrs, "topic", topic)
	}
	attrs = append(attrs, "messages", n, "total", h.total())
	h.log.Warn("embedded broker dropped messages to gaitd's own client (logged at most every 10 s; counts by reason: see gaitd_broker_dropped_messages_total)", attrs...)
	h.sinceLog = [numDropReasons]uint64{}
}

// total is the count of messages dropped on the way to gaitd's own client
// (DropTooLarge apart).
func (h *authHook) total() uint64 {
	return h.drops[DropWritesPending].Load() + h.drops[DropInflightFull].Load() + h.drops[DropDiscarded].Load() + h.drops[DropDisconnected].Load()
}

func (h *authHook) OnPublishDropped(cl *mochi.Client, pk packets.Packet) {
	if cl.ID != h.internalID {
		return // another subscriber's backlog: not gaitd's data
	}
	h.mu.Lock()
	if d := h.delivery[pk.Origin]; d != nil {
		d.dropped = true
	}
	h.mu.Unlock()
	h.drop(DropWritesPending, 1, pk.TopicName)
}

// OnQosPublish notes that a QoS 1/2 message went into gaitd's own client's
// in-flight store (its first send: a resend is a duplicate).
func (h *authHook) OnQosPublish(cl *mochi.Client, pk packets.Packet, sent int64, resends int) {
	if cl.ID != h.internalID || pk.FixedHeader.Type != packets.Publish || pk.FixedHeader.Dup || resends > 0 {
		return
	}
	h.mu.Lock()
	if d := h.delivery[pk.Origin]; d != nil {
		d.queued = true
	}
	h.mu.Unlock()
}

// ownQoS is the QoS at which gaitd's own client is subscribed to topic, -1
// if it is not.
func (h *authHook) ownQoS(topic string) int {
	if h.srv == nil {
		return -1
	}
	sub, ok := h.srv.Topics.Subscribers(topic).Subscriptions[h.internalID]
	if !ok {
		return -1
	}
	return int(sub.Qos)
}

// OnPublished: a message for gaitd's own client at QoS 1/2 that went
// neither into its in-flight store nor to OnPublishDropped was dropped at
// its in-flight limit (mochi has no hook for it).
func (h *authHook) OnPublished(cl *mochi.Client, pk packets.Packet) {
	h.mu.Lock()
	d := h.delivery[cl.ID]
	delete(h.delivery, cl.ID)
	h.mu.Unlock()
	if d == nil || !d.subscribed || d.queued || d.dropped {
		return
	}
	// still subscribed after the delivery (a subscription made or ended
	// meanwhile is not counted as a drop)
	if min(int(pk.FixedHeader.Qos), h.ownQoS(pk.TopicName)) > 0 {
		h.drop(DropInflightFull, 1, pk.TopicName)
	}
}

// OnQosDropped counts the QoS 1/2 messages for gaitd's own client that
// mochi threw away unacknowledged: expired, or its session cleared. Not
// those handed over to the client's new connection (a session taken over:
// mochi clears the old one's store after copying it), nor the second call
// mochi makes for an expired message (a packet with only its ID).
func (h *authHook) OnQosDropped(cl *mochi.Client, pk packets.Packet) {
	if cl.ID != h.internalID || pk.FixedHeader.Type != packets.Publish || cl.IsTakenOver() {
		return
	}
	h.drop(DropDiscarded, 1, pk.TopicName)
}

// OnClientExpired: gaitd's own client's session expired while it was away
// (an hour): mochi deletes it with the messages it held, unannounced.
func (h *authHook) OnClientExpired(cl *mochi.Client) {
	if cl.ID != h.internalID {
		return
	}
	var n uint64
	for _, pk := range cl.State.Inflight.GetAll(false) {
		if pk.FixedHeader.Type == packets.Publish {
			n++
		}
	}
	if n > 0 {
		h.drop(DropDiscarded, n, "")
	}
}

// flushLog reports the drops counted since the last log line (at Close).
func (h *authHook) flushLog() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.logDropsLocked("")
	if h.sinceTooLarge > 0 {
		h.log.Warn("embedded broker closed clients' connections: they sent messages over the broker's packet limit (send smaller batches)",
			"refused", h.sinceTooLarge, "total", h.drops[DropTooLarge].Load(), "limit_bytes", maxPacketSize)
		h.sinceTooLarge = 0
	}
}

func (h *authHook) OnConnectAuthenticate(cl *mochi.Client, pk packets.Packet) bool {
	user, pass := string(pk.Connect.Username), pk.Connect.Password
	internal := cl.Net.Listener == "internal"
	if user == h.internalUser || internal {
		// the loopback listener is gaitd's own client's alone (it has no
		// TLS: a listed user there would bypass a client certificate),
		// and the in-process credential is good there only
		return user == h.internalUser && internal && subtle.ConstantTimeCompare(pass, []byte(h.internalPass)) == 1
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

// OnACLCheck: every client may publish; with Users set, only gaitd's own
// client and the Subscribers may subscribe (the samples are patients' data:
// a phone's credential must not read every other device's stream). An open
// broker (Users nil) lets everyone subscribe.
func (h *authHook) OnACLCheck(cl *mochi.Client, topic string, write bool) bool {
	if write || h.users == nil {
		return true
	}
	u := string(cl.Properties.Username)
	return u == h.internalUser || slices.Contains(h.subscribers, u)
}

// OnPublish clears the retain flag: the broker keeps no retained messages
// (each would hold up to a packet's size for good).
//
// It also notes, for OnPublished, whether gaitd's own client is to get the
// message at QoS 1/2.
func (h *authHook) OnPublish(cl *mochi.Client, pk packets.Packet) (packets.Packet, error) {
	pk.FixedHeader.Retain = false
	own := h.ownQoS(pk.TopicName)
	if own == 0 || own > 0 && pk.FixedHeader.Qos == 0 {
		if c, ok := h.srv.Clients.Get(h.internalID); ok && c.Closed() {
			h.drop(DropDisconnected, 1, pk.TopicName)
		}
	}
	if min(int(pk.FixedHeader.Qos), own) > 0 {
		h.mu.Lock()
		if h.delivery == nil {
			h.delivery = map[string]*delivery{}
		}
		h.delivery[cl.ID] = &delivery{subscribed: true}
		h.mu.Unlock()
	}
	return pk, nil
}

// OnDisconnect says which client the broker cut off for a message over its
// packet limit, and what the limit is: mochi's own line, "client
// connection error ... packet too large", named neither (an audit: a 10 MB
// payload; a phone app batching too long a period would see its
// connection dropped again and again).
//
// Such refusals are counted (DropTooLarge) and logged at most every 10 s,
// with their count since the last line (a phone retrying its batch on every
// reconnect would otherwise log a line a second).
func (h *authHook) OnDisconnect(cl *mochi.Client, err error, expire bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.delivery, cl.ID) // (a publish its connection's end cut short)
	if !errors.Is(err, packets.ErrPacketTooLarge) {
		return
	}
	h.drops[DropTooLarge].Add(1)
	h.sinceTooLarge++
	if now := time.Now(); now.Sub(h.lastTooLarge) >= dropLogEvery {
		h.log.Warn("embedded broker closed a client's connection: it sent a message over the broker's packet limit (send smaller batches)",
			"client", cl.ID, "remote", cl.Net.Remote, "user", string(cl.Properties.Username), "limit_bytes", maxPacketSize,
			"refused", h.sinceTooLarge, "total", h.drops[DropTooLarge].Load())
		h.lastTooLarge, h.sinceTooLarge = now, 0
	}
}

// OnPacketRead caps the session lifetime an MQTT 5 client asks for in its
// DISCONNECT, which mochi would otherwise take beyond
// MaximumSessionExpiryInterval.
func (h *authHook) OnPacketRead(cl *mochi.Client, pk packets.Packet) (packets.Packet, error) {
	if pk.FixedHeader.Type == packets.Disconnect && pk.Properties.SessionExpiryInterval > sessionExpiry {
		pk.Properties.SessionExpiryInterval = sessionExpiry
	}
	return pk, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("mqtt: broker internal credential: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Dropped is the number of messages the broker dropped on their way to the
// in-process client (every reason but DropTooLarge; see Drops).
func (b *Broker) Dropped() uint64 { return b.hook.total() }

// Drops returns the broker's drops by reason (DropWritesPending…): those
// of messages to the in-process client, and the packets refused as over
// the broker's size limit.
func (b *Broker) Drops() [numDropReasons]uint64 {
	var d [numDropReasons]uint64
	for r := range d {
		d[r] = b.hook.drops[r].Load()
	}
	return d
}

// maxPacketSize is the largest MQTT packet the embedded broker accepts,
// bytes: a message gaitd decodes (DefaultMaxMessage) and its header.
const maxPacketSize = DefaultMaxMessage + 64<<10

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
	// mochi logs whole packets on some errors (a second CONNECT carries
	// its password): those attributes are cut to the packet's type
	logClosed := new(logGate)
	opts := &mochi.Options{Logger: slog.New(redactHandler{logger.Handler(), logClosed}).With("component", "mqtt-broker")}
	// bounded memory: no packet beyond what gaitd decodes (DefaultMaxMessage
	// plus headers: it rejects larger payloads anyway) and disconnected
	// sessions kept for an hour, not forever. The backlogs of writes and of
	// unacknowledged QoS 1 messages per subscriber keep mochi's 8192: with
	// users set only gaitd's own client (and Subscribers) subscribe, and at
	// 256 and 1024 a burst of 64 phones flushing their backlogs lost 39 % of
	// messages the broker had acknowledged to them.
	caps := mochi.NewDefaultServerCapabilities()
	caps.MaximumPacketSize = maxPacketSize
	caps.MaximumSessionExpiryInterval = sessionExpiry
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
	h := &authHook{users: cfg.Users, subscribers: cfg.Subscribers, internalUser: iu, internalPass: ip, internalID: id, log: logger}
	for u, pw := range cfg.Users {
		if u == "" || pw == "" {
			return nil, fmt.Errorf("mqtt: broker Users: user %q needs a name and a password", u)
		}
	}
	h.srv = srv
	if err := srv.AddHook(h, nil); err != nil {
		return nil, fmt.Errorf("mqtt: broker auth: %w", err)
	}
	if cfg.WebSocketTLS && (cfg.TLS == nil || cfg.WebSocket == "") {
		_ = srv.Close()
		return nil, errors.New("mqtt: broker WebSocketTLS needs TLS and a WebSocket address")
	}
	b := &Broker{srv: srv, internalUser: iu, internalPass: ip, internalID: id, hook: h, log: logger, logClosed: logClosed}
	ln, err := net.Listen("tcp", cfg.TCP)
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker TCP %s: %w", cfg.TCP, err)
	}
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS)
	}
	b.tcp = listeners.NewNet("tcp", newGuard(ln, "tcp", cfg.MaxConns, logger))
	if err := srv.AddListener(b.tcp); err != nil {
		_ = ln.Close()
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker TCP %s: %w", cfg.TCP, err)
	}
	// gaitd's own client connects over loopback in plain MQTT, whatever
	// TLS and address the outside listener has (its certificate names a
	// host, and a client CA would want a client certificate)
	iln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker internal listener: %w", err)
	}
	b.internal = listeners.NewNet("internal", iln)
	if err := srv.AddListener(b.internal); err != nil {
		_ = iln.Close()
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker internal listener: %w", err)
	}
	if cfg.WebSocket != "" {
		// the same guard as TCP: a CONNECT deadline (covering the TLS
		// handshake and the upgrade) and the connection cap
		wln, err := net.Listen("tcp", cfg.WebSocket)
		if err != nil {
			_ = srv.Close()
			return nil, fmt.Errorf("mqtt: broker WebSocket %s: %w", cfg.WebSocket, err)
		}
		b.wsAddr = wln.Addr().String()
		var guarded net.Listener = newGuard(wln, "websocket", cfg.MaxConns, logger)
		if cfg.WebSocketTLS {
			guarded = tls.NewListener(guarded, cfg.TLS)
		}
		if err := srv.AddListener(newWSListener("ws", guarded)); err != nil {
			_ = wln.Close()
			_ = srv.Close()
			return nil, fmt.Errorf("mqtt: broker WebSocket %s: %w", b.wsAddr, err)
		}
	}
	if err := srv.Serve(); err != nil { // starts the listeners' goroutines
		_ = srv.Close()
		return nil, fmt.Errorf("mqtt: broker: %w", err)
	}
	return b, nil
}

// internalCredential makes the in-process credential: a user name and a
// password from crypto/rand, the name not one of users.
func internalCredential(users map[string]string) (user, password string, err error) {
	for {
		if user, err = randomHex(12); err != nil {
			return "", "", err
		}
		user = "gaitd-internal-" + user
		if _, taken := users[user]; !taken {
			break
		}
	}
	if password, err = randomHex(32); err != nil {
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

// InternalAddr is the loopback address (plain MQTT, 127.0.0.1) on which the
// in-process client connects with InternalCredential.
func (b *Broker) InternalAddr() string { return b.internal.Address() }

// WebSocketAddr returns the WebSocket listener's address, "" when off.
func (b *Broker) WebSocketAddr() string { return b.wsAddr }

// StopPublishers closes the broker's listeners for publishers (TCP,
// WebSocket) and disconnects their clients, so that nothing more is
// acknowledged to them, then waits, up to timeout, until gaitd's own
// client has acknowledged every message the broker holds for it. Call it
// before that client disconnects: a QoS 1 message the broker acknowledged
// to a phone in the meantime was kept only in the broker's memory for the
// disconnected client and lost at Close — the last batch of a third of
// the devices at each orderly stop (TestBrokerStopPublishers). A
// publisher keeps what was not acknowledged and sends it to the next
// broker it reaches. Close still closes everything.
func (b *Broker) StopPublishers(timeout time.Duration) {
	b.logClosed.close() // the ends of those connections are ours
	deadline := time.Now().Add(timeout)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, id := range []string{"tcp", "ws"} {
			b.srv.Listeners.Close(id, func(id string) {
				for _, cl := range b.srv.Clients.GetByListener(id) {
					_ = b.srv.DisconnectClient(cl, packets.ErrServerShuttingDown)
				}
			})
		}
	}()
	select {
	case <-done:
	case <-time.After(timeout): // (mochi's locks: see Close)
		return
	}
	// a publish being handled as its client was disconnected still goes
	// to the subscribers: the in-flight count must stay 0 a little while
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cl, ok := b.srv.Clients.Get(b.internalID); ok && !cl.Closed() && cl.State.Inflight.Len() > 0 {
			quiet = 0
		} else {
			quiet++
		}
	}
}

// Close disconnects every client and stops the listeners. Sessions are
// lost. Further calls do nothing.
//
// mochi's Close can deadlock against a client disconnecting at the same
// moment (a read lock taken twice, with a writer waiting between): after
// 5 s Close gives up waiting, logs it and returns, so a shutdown that has
// written its runs is not held until SIGKILL.
func (b *Broker) Close() error {
	var err error
	b.closeOnce.Do(func() {
		b.hook.flushLog()
		if n := atomic.LoadInt64(&b.srv.Info.InflightDropped); n > 0 {
			// every subscriber's, gaitd's own client's among them (those
			// are also in Drops, and logged by flushLog)
			b.log.Warn("embedded broker dropped QoS 1/2 messages at a subscriber's in-flight limit", "messages", n)
		}
		b.logClosed.close()
		done := make(chan error, 1)
		go func() { done <- b.srv.Close() }()
		select {
		case err = <-done:
			b.logClosed.shut()
		case <-time.After(5 * time.Second):
			b.log.Warn("embedded MQTT broker did not close within 5 s (mochi lock contention); going on without it")
		}
	})
	return err
}
