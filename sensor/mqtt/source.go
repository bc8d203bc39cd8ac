// Package mqtt receives IMU payloads over MQTT and runs an embedded broker.
//
// A Source subscribes to topic filters with a stable client ID, a persistent
// session and QoS 1, resubscribes on every (re)connect and reconnects with
// backoff. The paho callback only copies the message and hands it to the
// device's bounded queue without blocking (a full queue, or one message too
// many for the byte budget all queues share, Config.MaxQueuedBytes, drops
// and counts the message, so a slow consumer never stalls keep-alive pings
// or acks), in arrival order; one goroutine
// per device decodes with sensor.DecodePayload and delivers in arrival
// order. Broker runs mochi-mqtt in process, so phones (Sensor Logger over
// WebSocket) and ESP32 boards can publish straight to gaitd.
//
// This is the only package that imports the MQTT client and broker.
package mqtt

import (
	"bytes"
	"cmp"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/eclipse/paho.mqtt.golang/packets"

	"github.com/gaitd/gaitd/internal/sockerr"
	"github.com/gaitd/gaitd/sensor"
)

// Timing of the client (see protocols.md §13).
const (
	maxReconnectInterval = 10 * time.Second
	connectRetryInterval = 2 * time.Second
	// connectTimeout bounds one connection attempt (TCP, TLS, CONNECT →
	// CONNACK). paho's default, 30 s, let an attempt that reached a
	// broker in the middle of shutting down (TCP accepted, no CONNACK)
	// hold the reconnection for 30 s after the broker was back.
	connectTimeout = 5 * time.Second
	// badLogInterval: at most one log line per device per interval about
	// malformed payloads, with the count since the previous line.
	badLogInterval = 10 * time.Second
	// refusedLogInterval: at most one log line per interval about the
	// broker refusing the client's credentials (it retries every 2–10 s).
	refusedLogInterval = time.Minute
	// shortConnection: a connection lost within this time of being made
	// is short; takeoverAfter short ones in a row are logged as a
	// possible client ID shared with another client (at most once per
	// refusedLogInterval)
	shortConnection   = 15 * time.Second
	takeoverAfter     = 3
	disconnectQuiesce = 250 // ms
)

// Source receives IMU payloads from an MQTT broker. Create it with New and
// start it with Run; Stats may be called at any time from any goroutine.
type Source struct {
	cfg      Config
	password string
	pattern  devicePattern
	log      *slog.Logger
	opts     *paho.ClientOptions

	// keepAlive overrides paho's 30 s keep-alive in tests when non-zero.
	keepAlive time.Duration

	running atomic.Bool
	// ready: Run has set out and bad (Deliver waits for it)
	ready atomic.Bool
	// stopping: Run's context ended. paho's connection callbacks do
	// nothing from then on: a connection attempt in flight at the stop
	// ends in paho's own goroutine after Run has returned, and its
	// failure was logged and stored as the last error after the caller's
	// last line, as if the source were still trying.
	stopping atomic.Bool
	// dialFailed: the current connection attempt's dial failed and was
	// logged (ConnectionNotificationBrokerFailed), so the attempt's
	// Failed notification is not logged again
	dialFailed atomic.Bool
	// failLog: the failed attempts' log line (connectFailed)
	failLog struct {
		sync.Mutex
		text  string    // the error of the last line, "" after a connection
		at    time.Time // its time
		since int       // attempts failed since it
	}

	connected  atomic.Bool
	subscribed atomic.Bool
	connects   atomic.Uint64
	lost       atomic.Uint64
	lastErr    atomic.Pointer[string]

	// the log lines about unrouted messages, refused connections and
	// retained copies, each at most once an interval
	unroutedLog, refusedLog, retainedLog sampledLog
	// retained counts the retained copies ignored (onMessage)
	retained atomic.Uint64
	// connectedAt is the time (Unix ns) of the latest connection; short
	// the connections lost within shortConnection of being made, in a
	// row; takeoverLogAt the time of the last line about them
	connectedAt, takeoverLogAt atomic.Int64
	short                      atomic.Uint64
	// lostAt is the time (Unix ns) the last connection was lost
	lostAt atomic.Int64
	// subscribeLogAt: the time of the last line about a refused or
	// failed subscription
	subscribeLogAt atomic.Int64
	// stop is closed when Run's context ends (a subscription's retry
	// waits on it)
	stop chan struct{}
	// retryEvery is subscribeRetry when New ran (read once: a test that
	// shortens it for one Source, and sets it back, does not race with
	// another's retries)
	retryEvery time.Duration

	// queued is the number of bytes charged for messages queued or being
	// decoded, at most cfg.MaxQueuedBytes.
	queued atomic.Int64

	mu      sync.RWMutex
	devices map[string]*device
	// forgotten: pipelines removed (Config.Forget) whose goroutine may
	// still deliver what it held; a new pipeline of the name waits for it
	forgotten map[string]*device
	unknown   *counters
	closed    bool
	wg        sync.WaitGroup

	out func(string, *sensor.Payload)
	bad func(string, error)
}

// counters are one device's statistics.
type counters struct {
	messages, samples, decodeErrors, dropped, refused atomic.Uint64
}

// device is one device's pipeline: a queue drained by its own goroutine.
type device struct {
	name string
	ch   chan item
	// last is the receive time (Unix ns) of its last message, born that
	// of its first (when its pipeline was made)
	last atomic.Int64
	born int64
	// done is closed when its goroutine ends; prev is the pipeline of
	// the name forgotten before it, whose end it waits for
	done chan struct{}
	prev *device
	// decoded is set by its goroutine on its first payload with samples
	// decoded, delivered or held for their units (evictUndecoded)
	decoded atomic.Bool
	counters
}

// item is one queued message.
type item struct {
	data *[]byte // pooled copy of the payload; nil when err is set
	recv int64   // receive time, Unix ns
	err  error   // message rejected before queueing (too large)
	// topic it came on (paho's string, not copied), for the log
	topic string
	// pushed: given to Deliver, not from the broker
	pushed bool
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// maxPooled is the capacity above which a buffer is not put back in
// bufPool: a burst of large messages does not leave large buffers behind.
const maxPooled = 64 << 10

// putBuf returns a payload buffer to bufPool unless it is large.
func putBuf(bp *[]byte) {
	if cap(*bp) <= maxPooled {
		bufPool.Put(bp)
	}
}

// New checks cfg, applies defaults and reads the password and TLS files.
// It does not touch the network; Run connects.
func New(cfg Config, logger *slog.Logger) (*Source, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pat, _ := parseDeviceFrom(cfg.DeviceFrom)
	s := &Source{
		cfg:        cfg,
		pattern:    pat,
		devices:    make(map[string]*device),
		forgotten:  make(map[string]*device),
		unknown:    new(counters),
		stop:       make(chan struct{}),
		retryEvery: subscribeRetry,
	}
	if cfg.NoClient {
		s.log = logger.With("source", cmp.Or(cfg.Name, "local"))
		return s, nil
	}
	s.log = logger.With("source", "mqtt", "broker", cmp.Or(cfg.Name, cfg.Broker))
	for _, f := range cfg.Topics {
		if !pat.matchesSome(f) {
			// every message of the filter is dropped as naming no
			// device, said only as they come
			s.log.Warn("mqtt DeviceFrom matches no topic of the filter: each of its messages is dropped, counted under device unknown (serve --topic, --device-from)", "filter", f, "device_from", cfg.DeviceFrom)
		}
	}
	pw, err := cfg.password()
	if err != nil {
		return nil, err
	}
	tc, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	s.password = pw
	o := paho.NewClientOptions().AddBroker(cfg.Broker).SetClientID(cfg.ClientID)
	o.SetCleanSession(cfg.CleanSession)
	o.SetAutoReconnect(true).SetConnectRetry(true)
	o.SetConnectRetryInterval(connectRetryInterval).SetMaxReconnectInterval(maxReconnectInterval)
	o.SetConnectTimeout(connectTimeout)
	// Ordered dispatch: paho calls onMessage from its router goroutine, one
	// message after the other, so each device's queue sees the arrival
	// order. This is safe only because onMessage never blocks (a copy and
	// a non-blocking send); with OrderMatters(false) paho starts a
	// goroutine per message and the scheduler reorders bursts.
	o.SetOrderMatters(true)
	// Every message goes to the default handler, once: subscriptions carry
	// no callback, so overlapping filters do not deliver twice, and
	// messages of a resumed session that arrive before SUBSCRIBE completes
	// are not lost.
	o.SetDefaultPublishHandler(s.onMessage)
	o.SetOnConnectHandler(s.onConnect)
	o.SetConnectionLostHandler(s.onLost)
	o.SetConnectionNotificationHandler(s.onNotification)
	if cfg.Username != "" {
		o.SetUsername(cfg.Username)
		o.SetPassword(pw)
	}
	if tc != nil {
		o.SetTLSConfig(tc)
	}
	s.opts = o
	return s, nil
}

// Run connects and delivers payloads until ctx ends, then disconnects,
// lets every device goroutine finish the messages already queued, and
// returns nil. It returns an error only if called twice.
//
// out receives each decoded message, bad each message that failed to
// decode (the error wraps sensor.ErrPayloadFormat or
// sensor.ErrPayloadUnit). Both are called from the device's goroutine, in
// the order the messages arrived, never concurrently for one device;
// different devices run in parallel. device is the name taken from the
// topic (the pipeline key); p.Device is the payload's own device name
// when it has one. p and its Samples are reused after out returns: copy
// what you keep.
//
// A broker that is down or refuses the connection is retried (every 2 s
// at first, backing off to 10 s after a lost connection); Stats tells the
// connection state and the last error.
//
// Once ctx ends, the connection's callbacks do nothing (no log line, no
// change to Stats' connection fields). paho itself does not wait for a
// connection attempt in flight or a reconnection's back-off sleep: its
// goroutine may outlive Run by up to the back-off (10 s) and a connect
// timeout (5 s), then ends without a call into the Source.
func (s *Source) Run(ctx context.Context, out func(device string, p *sensor.Payload), bad func(device string, err error)) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("mqtt: Run called twice")
	}
	if out == nil {
		out = func(string, *sensor.Payload) {}
	}
	if bad == nil {
		bad = func(string, error) {}
	}
	s.out, s.bad = out, bad
	s.ready.Store(true)
	var c paho.Client
	if s.opts != nil {
		if s.keepAlive > 0 {
			s.opts.SetKeepAlive(s.keepAlive).SetPingTimeout(s.keepAlive)
		}
		c = paho.NewClient(s.opts)
		c.Connect() // with ConnectRetry the token completes once connected
	}
	if s.cfg.Forget > 0 {
		t := time.NewTicker(time.Second)
		defer t.Stop()
	wait:
		for {
			select {
			case <-ctx.Done():
				break wait
			case now := <-t.C:
				s.mu.Lock()
				s.forget(now)
				s.mu.Unlock()
			}
		}
	}
	<-ctx.Done()
	s.stopping.Store(true)
	close(s.stop)
	if c != nil {
		c.Disconnect(disconnectQuiesce)
	}
	s.connected.Store(false)
	s.subscribed.Store(false)

	// No callback can send after closed is set (they send under RLock).
	s.mu.Lock()
	s.closed = true
	for _, d := range s.devices {
		close(d.ch)
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

func (s *Source) onConnect(c paho.Client) {
	if s.stopping.Load() {
		return // (Run is disconnecting it)
	}
	n := s.connects.Add(1)
	s.failLog.Lock()
	s.failLog.text, s.failLog.since = "", 0 // (the next outage's first failure is said at once)
	s.failLog.Unlock()
	s.connectedAt.Store(time.Now().UnixNano())
	s.connected.Store(true)
	s.subscribed.Store(false)
	filters := make(map[string]byte, len(s.cfg.Topics))
	for _, t := range subscriptions(s.cfg.Topics) {
		filters[t] = s.cfg.qos()
	}
	args := []any{"client_id", s.cfg.ClientID, "reconnect", n > 1}
	if lost := s.lostAt.Load(); n > 1 && lost != 0 {
		// the gap: QoS 0 messages published meanwhile are lost, QoS 1
		// ones the broker kept for the session come now
		args = append(args, "offline", time.Duration(time.Now().UnixNano()-lost).Round(time.Millisecond))
	}
	if s.cfg.Name != "" && s.cfg.Name != s.cfg.Broker {
		args = append(args, "via", s.cfg.Broker)
	}
	s.log.Info("mqtt connected", args...)
	// OnConnect runs in its own goroutine: waiting here blocks nothing.
	// A subscription refused or failed is asked again every
	// subscribeRetry while the connection lasts: refused once, the
	// source stayed connected and subscribed to nothing until it
	// happened to reconnect, though the broker's ACL was fixed meanwhile
	// (a new connection subscribes itself).
	for attempts := 1; ; attempts++ {
		err := s.subscribe(c, filters)
		if err == nil {
			if attempts > 1 {
				s.log.Info("mqtt subscribed after refused or failed attempts", "topics", s.cfg.Topics, "attempts", attempts)
			}
			break
		}
		if s.stopping.Load() || s.connects.Load() != n || !c.IsConnectionOpen() {
			return // (its connection lost: the next one subscribes)
		}
		s.setErr(err)
		var refused *subscribeRefused
		if errors.As(err, &refused) {
			// the next attempts ask for the refused filters alone: one
			// granted, asked again, is replaced and its retained
			// messages sent again (MQTT 3.1.1 §3.8.4), every retry (a
			// review)
			again := make(map[string]byte, len(refused.topics))
			for _, t := range refused.topics {
				again[t] = filters[t]
			}
			filters = again
		}
		if rateOK(&s.subscribeLogAt, refusedLogInterval) {
			// (at most once a minute, with the attempts so far)
			if refused != nil {
				s.log.Error("mqtt subscribe refused: nothing of these topics arrives until the broker grants them (its ACL); asked again while connected", "topics", refused.topics, "attempts", attempts, "retry_every", s.retryEvery)
			} else {
				s.log.Error("mqtt subscribe failed; asked again while connected", "topics", s.cfg.Topics, "err", err, "attempts", attempts, "retry_every", s.retryEvery)
			}
		}
		select {
		case <-s.stop:
			return
		case <-time.After(s.retryEvery):
		}
		if s.connects.Load() != n || !c.IsConnectionOpen() {
			return
		}
	}
	if s.stopping.Load() {
		return // (Run has set the connection's state for good)
	}
	s.subscribed.Store(true)
}

// subscribeRetry is how often a refused or failed subscription is asked
// again while the connection lasts.
var subscribeRetry = 10 * time.Second

// subscribeRefused: the broker refused filters (SUBACK failure codes).
type subscribeRefused struct{ topics []string }

func (e *subscribeRefused) Error() string {
	return fmt.Sprintf("subscribe %s: refused by broker", strings.Join(e.topics, ", "))
}

// subscribe subscribes to filters; nil when the broker granted every one.
func (s *Source) subscribe(c paho.Client, filters map[string]byte) error {
	t := c.SubscribeMultiple(filters, nil)
	t.Wait()
	if err := t.Error(); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	st, ok := t.(*paho.SubscribeToken)
	if !ok {
		return nil
	}
	var refused, lower []string
	granted := byte(2)
	for topic, code := range st.Result() {
		switch {
		case code > 2: // (0x80 in MQTT 3.1.1; a granted QoS is 0…2)
			refused = append(refused, topic)
		case code < filters[topic]:
			lower, granted = append(lower, topic), min(granted, code)
		}
	}
	if len(lower) > 0 {
		sort.Strings(lower)
		msg := "mqtt broker granted a lower QoS than asked"
		if granted == 0 {
			msg += ": at QoS 0 it keeps nothing for gaitd's session while it is away, and a message lost on the way is not sent again"
		}
		s.log.Warn(msg, "topics", lower, "asked", s.cfg.qos(), "granted", granted)
	}
	if len(refused) > 0 {
		sort.Strings(refused)
		return &subscribeRefused{refused}
	}
	return nil
}

func (s *Source) onLost(_ paho.Client, err error) {
	if s.stopping.Load() {
		return
	}
	s.lostAt.Store(time.Now().UnixNano())
	s.connected.Store(false)
	s.subscribed.Store(false)
	s.lost.Add(1)
	s.setErr(err)
	s.log.Warn("mqtt connection lost", "err", err)
	if time.Now().UnixNano()-s.connectedAt.Load() >= int64(shortConnection) {
		s.short.Store(0)
		return
	}
	// a broker closes a session's connection when another client
	// connects with its client ID: two such clients take it from each
	// other, again and again, and share the session's messages — said
	// only as "connection lost: EOF"
	if n := s.short.Add(1); n >= takeoverAfter && rateOK(&s.takeoverLogAt, refusedLogInterval) {
		s.log.Warn("mqtt connection lost again soon after it was made: is another client connected with the same client ID? Two take the connection from each other and share the session's messages (two gaitd serve on one host both default to gaitd-<hostname>): give each its own --client-id",
			"client_id", s.cfg.ClientID, "short_connections", n)
	}
}

func (s *Source) onNotification(_ paho.Client, n paho.ConnectionNotification) {
	if s.stopping.Load() {
		return
	}
	switch n := n.(type) {
	case paho.ConnectionNotificationBroker:
		s.dialFailed.Store(false) // an attempt starts
	case paho.ConnectionNotificationFailed:
		s.setErr(n.Reason)
		if n.Reason != nil && errors.Is(n.Reason, packets.ErrorNetworkError) && !s.dialFailed.Load() {
			// a broker that took the connection and never answered
			// (no CONNACK within the connect timeout): retried, as a
			// refused one is, and said as that is (it was silent); a
			// failed dial was said already (BrokerFailed)
			s.connectFailed(n.Reason)
		}
		s.refused(n.Reason)
	case paho.ConnectionNotificationBrokerFailed:
		s.dialFailed.Store(true)
		s.setErr(n.Reason)
		s.connectFailed(n.Reason)
	}
}

// rootText is the text of the innermost error err wraps (a refused or
// reset connection's errno, a timeout): what an attempt's failure is,
// without the addresses around it — a reset connection's text names its
// local port, a new one at every attempt.
func rootText(err error) string {
	for err != nil {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	return fmt.Sprint(err)
}

// connectFailed logs a failed connection attempt: at once when its error
// is not the one the last line said (the first failure, or a broker gone
// from refusing the port to failing the handshake), else at most once
// every refusedLogInterval, with the attempts since the line before. A
// broker down for a night logged a line at every attempt, every 2–10 s.
func (s *Source) connectFailed(err error) {
	l := &s.failLog
	l.Lock()
	l.since++
	text, now := rootText(err), time.Now()
	if text == l.text && now.Sub(l.at) < refusedLogInterval {
		l.Unlock()
		return
	}
	n := l.since
	l.text, l.at, l.since = text, now, 0
	l.Unlock()
	s.log.Warn("mqtt connect failed", append(s.failedAttrs(err), "attempts", n)...)
}

// failedAttrs are the log attributes of a failed connection attempt: the
// error, and a hint when it is a TLS failure whose fix the error does not
// say.
func (s *Source) failedAttrs(err error) []any {
	if h := tlsHint(err, s.cfg, s.connects.Load() > 0); h != "" {
		return []any{"err", err, "hint", h}
	}
	return []any{"err", err}
}

// tlsHint says what to change for a TLS failure of a connection attempt,
// "" for another error. A broker's refusal comes as its TLS alert alone
// (an unexported type: matched by its text). connected: the source has
// connected before (a connection closed at once is then not a URL's
// scheme that does not match the port: a broker restarting).
func tlsHint(err error, cfg Config, connected bool) string {
	if err == nil {
		return ""
	}
	var unknownCA x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknownCA) && cfg.CAFile != "":
		return "the broker's certificate is not signed by a CA of CAFile (serve --ca-file): give the CA that signed it (for a self-signed certificate, the certificate itself)"
	case errors.As(err, &unknownCA):
		return "the broker's certificate is not signed by a CA this system trusts: give the CA that signed it in CAFile (serve --ca-file; for a self-signed certificate, the certificate itself)"
	case errors.As(err, &host):
		return "the broker's certificate does not name the host of the broker URL: connect by a name or address the certificate holds"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "the broker's certificate has expired or is not valid yet (or this host's clock is wrong)"
	}
	m := err.Error()
	switch {
	case strings.Contains(m, "remote error: tls: certificate required") && cfg.CertFile == "":
		return "the broker requires a client certificate: give CertFile and KeyFile (serve --cert-file, --key-file)"
	case strings.Contains(m, "remote error: tls: certificate required"):
		// Go sends a client certificate only when the broker's request
		// names its issuer among the CAs it accepts
		return "the client certificate (CertFile) was not sent: the broker accepts client certificates of other CAs than its issuer"
	case strings.Contains(m, "remote error: tls: expired certificate"):
		return "the broker finds the client certificate (CertFile) expired (or its clock, or this host's, is wrong)"
	case (strings.Contains(m, "remote error: tls: unknown certificate authority") || strings.Contains(m, "remote error: tls: bad certificate") ||
		strings.Contains(m, "remote error: tls: unknown certificate")) && cfg.CertFile != "":
		return "the broker refused the client certificate (CertFile): it does not trust its issuer, or the certificate is not for client authentication"
	case strings.Contains(m, "remote error: tls: handshake failure") && cfg.CertFile == "":
		return "the broker refused the TLS handshake: it may require a client certificate (CertFile, KeyFile; serve --cert-file, --key-file)"
	}
	if !connected && (errors.Is(err, io.EOF) || sockerr.ConnReset(err)) {
		// the connection closed at once: a URL whose scheme is not the
		// port's protocol is the common cause (each side reads the
		// other's first bytes as garbage and hangs up)
		scheme, _, _ := strings.Cut(cfg.Broker, "://")
		switch scheme {
		case "ssl", "tls", "mqtts":
			return "the broker closed the connection during the TLS handshake: if the port speaks plain MQTT, use a tcp:// URL (1883 by convention); else the broker refused the client (its log says why)"
		case "tcp", "mqtt":
			return "the broker closed the connection without answering the CONNECT: a TLS port needs an ssl:// URL (8883 by convention); else the broker refused the client (its log says why)"
		}
	}
	return ""
}

// refused logs a connection attempt the broker answered with a refusal
// (CONNACK with an error code), at most once a minute with the number of
// refusals since the previous line. Network errors are logged by
// onNotification already. Refused credentials are an error: nothing
// arrives until they are fixed.
func (s *Source) refused(err error) {
	if err == nil || errors.Is(err, packets.ErrorNetworkError) {
		return
	}
	n, due := s.refusedLog.due(refusedLogInterval)
	if !due {
		return
	}
	if errors.Is(err, packets.ErrorRefusedBadUsernameOrPassword) || errors.Is(err, packets.ErrorRefusedNotAuthorised) {
		user := s.cfg.Username
		if s.cfg.Password != "" {
			user = "(in-process credential)" // never logged
		}
		s.log.Error("mqtt broker refused the client's authentication: no data arrives until the user name and password (or client certificate) are fixed; retrying",
			"username", user, "err", err, "refusals", n)
		return
	}
	s.log.Warn("mqtt broker refused the connection; retrying", "client_id", s.cfg.ClientID, "err", err, "refusals", n)
}

// rateOK reports whether a rate-limited log line may be written now (at
// most one per interval), and if so records the time in last.
func rateOK(last *atomic.Int64, interval time.Duration) bool {
	now := time.Now().UnixNano()
	prev := last.Load()
	return (prev == 0 || now-prev >= int64(interval)) && last.CompareAndSwap(prev, now)
}

// sampledLog counts events of one kind whose log line is written at most
// once an interval, with the number of events since the line before.
type sampledLog struct {
	at    atomic.Int64 // the last line's time, Unix ns
	since atomic.Uint64
}

// due counts one event; when a line is due it returns the events since
// the line before, this one included, and true.
func (l *sampledLog) due(interval time.Duration) (uint64, bool) {
	n := l.since.Add(1)
	if !rateOK(&l.at, interval) {
		return 0, false
	}
	l.since.Add(-n)
	return n, true
}

// shortTopic is a topic as logged: its first 200 bytes.
func shortTopic(topic string) string {
	if len(topic) > 200 {
		return topic[:200] + "…"
	}
	return topic
}

// unrouted counts a message no device pipeline takes and logs it, at most
// once per badLogInterval, with its topic, the reason and the number of
// such messages since the previous line.
func (s *Source) unrouted(topic, reason string) {
	s.unknown.messages.Add(1)
	s.unknown.dropped.Add(1)
	n, due := s.unroutedLog.due(badLogInterval)
	if !due {
		return
	}
	s.log.Warn("mqtt message taken by no device (logged at most every 10 s)", "topic", shortTopic(topic), "reason", reason, "messages", n)
}

// ignoreRetained counts a retained copy that onMessage does not deliver
// and logs it, at most once per badLogInterval, with its topic and the
// number of such messages since the previous line.
func (s *Source) ignoreRetained(topic string) {
	s.retained.Add(1)
	n, due := s.retainedLog.due(badLogInterval)
	if !due {
		return
	}
	s.log.Info("mqtt retained message ignored: the broker's stored copy of an earlier message, sent on subscribing, not live data (logged at most every 10 s)", "topic", shortTopic(topic), "messages", n)
}

func (s *Source) setErr(err error) {
	if err == nil {
		return
	}
	m := err.Error()
	s.lastErr.Store(&m)
}

// onMessage is paho's message callback, called in arrival order from
// paho's router goroutine. It must never block: it copies the payload and
// hands it to the device's queue with a non-blocking send.
func (s *Source) onMessage(_ paho.Client, m paho.Message) {
	recv := time.Now().UnixNano()
	if !s.subscribedTo(m.Topic()) {
		// a persistent session keeps the subscriptions of the client
		// ID's earlier runs (MQTT 3.1.1 cannot list them, and only the
		// configured ones are made again): gaitd restarted with
		// narrower topics (gait/# → gait/+/imu) went on taking what the
		// old filter took — a device's status messages as its
		// malformed payloads, devices of topics no longer wanted
		s.unrouted(m.Topic(), "the topic matches no subscribed filter (a subscription that the broker's persistent session for the client ID kept from an earlier run with other topics)")
		return
	}
	if m.Retained() && !s.headerAlone(m.Payload()) {
		// the broker's stored copy of an earlier message, sent because
		// a subscription was made (a live or queued message comes with
		// the flag cleared, MQTT 3.1.1 §3.3.1.3): at start, data from
		// before gaitd ran; after every reconnect's resubscription, the
		// latest message of the topic a second time. (A csv header
		// alone is taken: no data, the columns of the device's later
		// messages, retained so that a subscriber that comes after the
		// sketch's setup() published it learns them.)
		s.ignoreRetained(m.Topic())
		return
	}
	name, ok := s.pattern.device(m.Topic())
	if !ok {
		s.unrouted(m.Topic(), "the topic names no device")
		return
	}
	s.queue(name, m.Topic(), m.Payload(), recv, false)
}

// subscribedTo reports whether one of Config.Topics matches topic.
func (s *Source) subscribedTo(topic string) bool {
	for _, f := range s.cfg.Topics {
		if filterMatches(f, topic) {
			return true
		}
	}
	return false
}

// headerAlone reports whether payload is a csv header line alone (see
// sensor.ErrCSVHeaderOnly). Only a short single line is decoded: this
// runs in paho's callback.
func (s *Source) headerAlone(payload []byte) bool {
	if len(payload) > 4<<10 || bytes.IndexByte(bytes.TrimSpace(payload), '\n') >= 0 {
		return false
	}
	var p sensor.Payload
	return errors.Is(sensor.DecodePayload(&p, "", payload, s.cfg.Payload), sensor.ErrCSVHeaderOnly)
}

// Errors of Deliver.
var (
	// ErrTooLarge: the message exceeds Config.MaxMessage (counted as the
	// device's decode error, as from the broker).
	ErrTooLarge = errors.New("mqtt: message too large")
	// ErrRefused: no pipeline takes the device — its name is not valid
	// (Config.ValidDevice) or it is beyond Config.MaxDevices (the message
	// is then counted as unrouted), or the Source is not running or is
	// shutting down.
	ErrRefused = errors.New("mqtt: device refused")
	// ErrDropped: the device's queue, or the byte budget of all queues,
	// is full (counted in DeviceStats.Refused); the sender may retry.
	ErrDropped = errors.New("mqtt: message dropped")
)

// Deliver hands a message of device to its pipeline as if it had come
// from the broker, named by device rather than by a topic (topic names
// where it came from in the logs, e.g. gaitd serve's "/api/push/phone").
// It is safe to call concurrently with Run and with itself; the pipeline
// decodes it later, so a message that does not decode returns nil here
// and reaches Run's bad. The error, when not nil, wraps ErrTooLarge,
// ErrRefused or ErrDropped.
func (s *Source) Deliver(device, topic string, payload []byte) error {
	if !s.ready.Load() {
		return fmt.Errorf("%w: not running", ErrRefused)
	}
	return s.queue(device, topic, payload, time.Now().UnixNano(), true)
}

// Started reports whether Run has begun: from then on Deliver takes
// messages (until Run stops). Run is started in a goroutine; a caller that
// says it is ready for Deliver waits for this.
func (s *Source) Started() bool { return s.ready.Load() }

// queue copies a message into the pipeline of the device name. A message
// a full queue or byte budget refuses is counted as dropped, or as refused
// when the sender is told (told: Deliver's caller).
func (s *Source) queue(name, topic string, payload []byte, recv int64, told bool) error {
	var ret error
	it := item{recv: recv, topic: topic, pushed: told}
	if len(payload) > s.cfg.MaxMessage {
		it.err = &sensor.PayloadError{Format: "payload", Err: fmt.Errorf("%w: %d bytes exceed the limit of %d", sensor.ErrPayloadFormat, len(payload), s.cfg.MaxMessage)}
		ret = fmt.Errorf("%w: %d bytes exceed the limit of %d", ErrTooLarge, len(payload), s.cfg.MaxMessage)
	} else {
		bp := bufPool.Get().(*[]byte)
		if cap(*bp) < len(payload) {
			*bp = make([]byte, 0, len(payload)) // exact: charged at its capacity
		}
		*bp = append((*bp)[:0], payload...)
		it.data = bp
	}

	s.mu.RLock()
	unlock := s.mu.RUnlock
	d := s.devices[name]
	reason := ""
	if d == nil {
		s.mu.RUnlock()
		if s.cfg.ValidDevice != nil && !s.cfg.ValidDevice(name) {
			// takes no pipeline: it would hold one of MaxDevices for good
			reason = "the device name is not valid"
			s.mu.RLock()
		} else {
			// a new pipeline is made and given the message under one
			// write lock: between the two, another new device at the
			// limit (a concurrent Deliver) or Run's ticker could
			// forget it, its queue closed — the send panicked
			s.mu.Lock()
			unlock = s.mu.Unlock
			if d = s.addDevice(name); d == nil {
				reason = fmt.Sprintf("a new device beyond the limit of %d devices", s.cfg.MaxDevices)
			}
		}
	}
	if d != nil {
		d.last.Store(recv)
	}
	switch {
	case s.closed:
		// shutting down
		ret = fmt.Errorf("%w: shutting down", ErrRefused)
	case d == nil:
		s.unrouted(topic, reason)
		ret = fmt.Errorf("%w: %s", ErrRefused, reason)
	default:
		d.messages.Add(1)
		lost := &d.dropped
		if told {
			lost = &d.refused
		}
		if !s.charge(&it) {
			lost.Add(1)
			ret = fmt.Errorf("%w: the queues hold their limit of %d bytes", ErrDropped, s.cfg.MaxQueuedBytes)
			break
		}
		select {
		case d.ch <- it:
			it.data = nil
		default:
			s.release(it)
			lost.Add(1)
			ret = fmt.Errorf("%w: the device's queue is full (%d messages)", ErrDropped, s.cfg.Queue)
		}
	}
	unlock()
	if it.data != nil {
		putBuf(it.data)
	}
	return ret
}

// charge reserves the capacity of the item's buffer in the budget shared by all
// queues; it returns false, reserving nothing, when the total would exceed
// MaxQueuedBytes. The total is only ever raised to a value within the
// budget (compare and swap), so the bound holds whatever runs concurrently
// (releases in the device goroutines; charges in onMessage and Deliver),
// also as Stats reads it: adding first and taking back an excess showed
// totals over the budget for an instant (TestQueuedBytesBudget failed so
// once in the full suite, under load; not in 300 runs alone).
func (s *Source) charge(it *item) bool {
	if it.data == nil {
		return true
	}
	n, limit := int64(cap(*it.data)), int64(s.cfg.MaxQueuedBytes)
	for {
		q := s.queued.Load()
		if q+n > limit {
			return false
		}
		if s.queued.CompareAndSwap(q, q+n) {
			return true
		}
	}
}

// release returns the bytes charged for it to the budget.
func (s *Source) release(it item) {
	if it.data != nil {
		s.queued.Add(-int64(cap(*it.data)))
	}
}

// addDevice creates the pipeline of a new device, nil when MaxDevices are
// already running or the source is closing. It runs under s.mu (written).
func (s *Source) addDevice(name string) *device {
	if d := s.devices[name]; d != nil {
		return d
	}
	if !s.closed && len(s.devices) >= s.cfg.MaxDevices {
		now := time.Now()
		s.forget(now) // places of devices gone quiet, at once
		if len(s.devices) >= s.cfg.MaxDevices {
			s.evictUndecoded(now)
		}
	}
	if s.closed || len(s.devices) >= s.cfg.MaxDevices {
		return nil
	}
	d := &device{name: name, ch: make(chan item, s.cfg.Queue), done: make(chan struct{}), prev: s.forgotten[name], born: time.Now().UnixNano()}
	d.last.Store(d.born)
	s.devices[name] = d
	s.wg.Add(1)
	go s.runDevice(d)
	s.log.Info("mqtt device", "device", name, "devices", len(s.devices))
	return d
}

// forget removes the pipelines of the devices with no message for
// Config.Forget that Config.Keep does not hold (their queues closed: the
// goroutines deliver what they hold and end). It runs under s.mu
// (written).
func (s *Source) forget(now time.Time) {
	if s.cfg.Forget <= 0 || s.closed {
		return
	}
	cutoff := now.Add(-s.cfg.Forget).UnixNano()
	for name, d := range s.devices {
		if d.last.Load() > cutoff || len(d.ch) > 0 || s.cfg.Keep != nil && s.cfg.Keep(name) {
			continue
		}
		s.retire(name, d)
		s.log.Debug("mqtt device forgotten: no message for the forget time", "device", name, "devices", len(s.devices))
	}
}

// retire removes device d's pipeline (forget, evictUndecoded): its queue
// is closed, so its goroutine delivers what it holds and ends, and a
// pipeline made for the name later waits for that end (device.prev). It
// runs under s.mu (written).
func (s *Source) retire(name string, d *device) {
	delete(s.devices, name)
	close(d.ch)
	s.forgotten[name] = d
}

// undecodedGrace is how long a device may send payloads none of which
// decodes before its place among MaxDevices is given to a new device.
var undecodedGrace = 10 * time.Second

// evictUndecoded removes the pipelines of the devices that have sent
// messages for undecodedGrace without a sample decoded — every payload
// malformed: a topic of junk, or a publisher of another format — when a
// new device finds every place taken. They held their places until Forget
// (10 min by default) with nothing shown for them, and a real device was
// refused all that time (an audit: eight junk topics locked out the ninth
// device, a real one). It runs under s.mu (written).
func (s *Source) evictUndecoded(now time.Time) {
	cutoff := now.Add(-undecodedGrace).UnixNano()
	for name, d := range s.devices {
		// (decoded, not samples: samples held for their units — up to
		// 10 s of a still sensor — are not delivered yet, and a device
		// with a bad line among them lost its place, its later messages
		// refused)
		if d.decoded.Load() || d.decodeErrors.Load() == 0 || d.born > cutoff || len(d.ch) > 0 {
			continue
		}
		s.retire(name, d)
		s.log.Warn("mqtt device dropped: none of its payloads decoded, and a new device needs its place", "device", name,
			"messages", d.messages.Load(), "decode_errors", d.decodeErrors.Load(), "devices", len(s.devices))
	}
}

// runDevice decodes one device's messages in order until its queue is
// closed and drained.
func (s *Source) runDevice(d *device) {
	defer s.wg.Done()
	defer func() {
		close(d.done)
		s.mu.Lock()
		if s.forgotten[d.name] == d {
			delete(s.forgotten, d.name)
		}
		s.mu.Unlock()
	}()
	if d.prev != nil {
		// the pipeline of the name forgotten before: its last samples
		// first, never two goroutines of a device delivering at once
		<-d.prev.done
		d.prev = nil
	}
	var p sensor.Payload
	opt := s.cfg.Payload
	if s.cfg.Mirrored != nil && s.cfg.Mirrored(d.name) {
		opt.Mirrored = true
	}
	var badCount uint64
	var lastLog time.Time
	auto := opt.Format == "" || opt.Format == "auto"
	last := "" // the format of the device's last message that decoded
	// the device's last csv header: its messages without one are read by
	// it (sensor.PayloadOptions.CSVHeader)
	hdr := ""
	// whether the device's times, by magnitude, had a fraction: its
	// whole seconds ("1") are then not ms
	// (sensor.PayloadOptions.SecondsTime)
	secs := false
	// the frame of the device's first message: the hub analyses the
	// device in it, so a message in the other (a csv header naming acc_v
	// after x, y, z) is refused
	var frame sensor.Frame
	framed := false
	// and whether it had angular rates: the hub analyses the device with
	// its gyroscope or without from then on (see gyroChanged)
	gyro, gyroNoted := false, false
	// gyroBadFirst: the device's first message sent rates, none of which
	// read (it is analysed without a gyroscope, as that message was)
	gyroBadFirst := false
	// units of csv, single-json and influx values that come without one, decided
	// from the device's first samples; those wait at most unitWait for
	// more (a device that sent a few and fell silent)
	var units sensor.PayloadUnits
	var wait *time.Timer
	// the first topic of the device's messages from the broker, and
	// whether another was said (spliced)
	firstTopic, spliced := "", false
	// decode errors of the device before its first samples are
	// delivered (a bad line in its first message, messages while its
	// units are detected): reported after those, so they count under the
	// device and in its first run, whose pipeline the first samples
	// start — reported at once they went to device "unknown"
	var early []error
	delivered := false
	// (soon: samples are on their way — the message's own, or ones held
	// for the units; else the error is reported at once, so a device
	// that sends nothing readable is counted as it sends)
	report := func(err error, soon bool) {
		if !delivered && soon && len(early) < maxEarlyErrors {
			early = append(early, err)
			return
		}
		s.bad(d.name, err)
	}
	flushEarly := func() {
		for _, err := range early {
			s.bad(d.name, err)
		}
		early = nil
	}
	deliver := func(q *sensor.Payload) {
		d.samples.Add(uint64(len(q.Samples)))
		s.out(d.name, q)
		if !delivered {
			delivered = true
			flushEarly()
		}
	}
	logUnits := func(decided string, err error) {
		switch {
		case err != nil && decided == "":
			s.log.Warn("mqtt payload units look wrong (serve --mqtt-acc-unit, --mqtt-gyro-unit; a csv header's names)", "device", d.name, "err", err)
		case err != nil:
			s.log.Warn("mqtt payload units not detected: give them (serve --mqtt-acc-unit, --mqtt-gyro-unit)", "device", d.name, "units", decided, "err", err)
		case decided != "":
			s.log.Info("mqtt payload units", "device", d.name, "units", decided)
		}
	}
	for {
		var it item
		var open bool
		if units.Holding() {
			if wait == nil {
				wait = time.NewTimer(unitWait)
			} else {
				wait.Reset(unitWait)
			}
			select {
			case it, open = <-d.ch:
				wait.Stop()
			case <-wait.C:
				logUnits(units.Flush(deliver))
				flushEarly()
				continue
			}
		} else {
			it, open = <-d.ch
		}
		if !open {
			logUnits(units.Flush(deliver))
			flushEarly() // (a device none of whose samples came)
			return
		}
		if !it.pushed && !spliced && s.pattern.at < 0 {
			switch {
			case firstTopic == "":
				firstTopic = it.topic
			case it.topic != firstTopic:
				// the default rule names the device by the second
				// level: sensors under one fixed level
				// (clinic/room1/<sensor>/imu) are one device, their
				// samples interleaved in one analysis
				s.log.Warn("mqtt device: messages on more than one topic are one device's (the device is named by the topic's second level): if they are different sensors, their samples are analysed as one; name the device's level with DeviceFrom (serve --device-from, e.g. 'clinic/room1/{device}/imu')",
					"device", d.name, "topic", shortTopic(firstTopic), "other_topic", shortTopic(it.topic))
				spliced = true
			}
		}
		err := it.err
		if it.data != nil {
			opt.Now, opt.CSVHeader, opt.SecondsTime = it.recv, hdr, secs
			err = sensor.DecodePayload(&p, d.name, *it.data, opt)
			if err != nil && auto && last != "" && p.Format == "" {
				// detection failed (a csv message whose first line is
				// garbage): read it as the device's earlier messages
				// were, which skips the bad lines
				o := opt
				o.Format = last
				err = sensor.DecodePayload(&p, d.name, *it.data, o)
			}
			headerOnly := errors.Is(err, sensor.ErrCSVHeaderOnly)
			if p.CSVHeader != "" {
				// (also one refused: the messages after it without
				// one are read by it, and refused as it was, not
				// read by position)
				switch {
				case p.CSVHeader != hdr && headerOnly:
					// a header sent as a message of its own: no
					// decode error, said when it changes
					s.log.Info("mqtt csv header: kept for the device's messages without one", "device", d.name, "topic", it.topic, "header", p.CSVHeader, "columns_not_read", strings.Join(p.CSVIgnored, ","))
				case p.CSVHeader != hdr && err == nil && len(p.CSVIgnored) > 0:
					s.log.Info("mqtt csv header: columns not read", "device", d.name, "header", p.CSVHeader, "columns", strings.Join(p.CSVIgnored, ","))
				}
				hdr = p.CSVHeader
			}
			if err == nil && p.SecondsTime {
				secs = true
			}
			if headerOnly {
				last = p.Format
				s.release(it)
				putBuf(it.data)
				continue
			}
			switch {
			case err != nil:
			case framed && p.Layout.Frame != frame:
				err = frameChanged(&p, frame, hdr)
				p.BadLines = p.BadLines[:0] // (the message is refused, not its lines)
			case framed && gyro && !p.Layout.HasGyro() && p.GyrAllBad >= 0:
				// rates sent, none of which reads: refused as a
				// message without them, for the reason above, but
				// each bad element is counted and named, the first
				// saying why the samples are lost with them
				err = gyroAllBad(&p)
			case framed && gyro && !p.Layout.HasGyro():
				err = gyroLost(&p, hdr)
				p.BadLines = p.BadLines[:0]
			case framed && !gyro && p.Layout.HasGyro():
				// rates the device's first message had not: its
				// acceleration is read, the rates not (the engine runs
				// without a gyroscope), said once
				for i := range p.Samples {
					p.Samples[i].Gyr = [3]float64{}
				}
				p.Layout.Gyr, p.Layout.GyrOwnFrame = [3]bool{}, false
				if !gyroNoted {
					first := "its first message had none"
					if gyroBadFirst {
						first = "its first message's were all bad"
					}
					s.log.Warn("mqtt device: angular rates not read: "+first+", and it is analysed without a gyroscope (restart serve, or send under another device name, to use them)", "device", d.name, "topic", it.topic)
					gyroNoted = true
				}
				last = p.Format
			default:
				frame, framed, gyro = p.Layout.Frame, true, p.Layout.HasGyro()
				gyroBadFirst = !gyro && p.GyrAllBad >= 0
				last = p.Format
			}
			s.release(it)
			putBuf(it.data)
		}
		// a message that failed, or the lines a csv message (the samples
		// a batch) skipped
		// (the rest of it is delivered; a csv message none of whose
		// lines reads counts each line, as analyze does)
		errs := p.BadLines
		if err != nil && len(errs) == 0 {
			errs = []error{err}
		}
		soon := it.data != nil && err == nil || units.Holding()
		for _, err := range errs {
			d.decodeErrors.Add(1)
			badCount++
			if now := time.Now(); now.Sub(lastLog) >= badLogInterval {
				s.log.Warn("mqtt malformed payloads", "device", d.name, "topic", it.topic, "count", badCount, "err", err)
				badCount, lastLog = 0, now
			}
			report(err, soon)
		}
		if err != nil {
			if !delivered && !units.Holding() {
				flushEarly()
			}
			continue
		}
		if len(p.Samples) > 0 {
			d.decoded.Store(true)
		}
		logUnits(units.Add(&p, deliver))
		if !delivered && !units.Holding() {
			flushEarly() // (nothing delivered: a unit refused)
		}
	}
}

// maxEarlyErrors bounds the decode errors a device's pipeline keeps until
// its first samples are delivered; later ones are reported at once.
const maxEarlyErrors = 1024

// frameChanged is the error of a message whose axes are in another frame
// than the device's first message's (a csv header naming acc_v, acc_ap,
// acc_ml after x, y, z, or the reverse); hdr is the device's csv header.
func frameChanged(p *sensor.Payload, first sensor.Frame, hdr string) error {
	what := named(p, hdr, fmt.Sprintf("%s axes", p.Layout.Frame))
	return &sensor.PayloadError{Format: p.Format, Err: malformed(fmt.Sprintf("%s where the device's first message had %s axes: a device's frame is set by its first message (send the other frame under another device name, or restart serve)", what, first))}
}

// gyroLost is the error of a message without angular rates from a device
// whose first message had them: the hub analyses it with its gyroscope,
// and rates of zero would be read as a sensor held still (a foot's
// contacts lost), so the message is refused; hdr is the device's csv
// header.
func gyroLost(p *sensor.Payload, hdr string) error {
	what := named(p, hdr, "no angular rates")
	return &sensor.PayloadError{Format: p.Format, Err: malformed(what + " where the device's first message had them: it is analysed with its gyroscope, set by its first message (send without rates under another device name, or restart serve)")}
}

// gyroAllBad is the error of a message from a device whose first message
// had angular rates, whose own rate elements are all bad (SenML records,
// Sensor Logger entries: sensor.Payload.GyrAllBad): its samples have the
// acceleration alone, and are refused as gyroLost says. The bad elements
// stay in p.BadLines, each counted; the first's error, amended, says that
// the samples are refused with them and why.
func gyroAllBad(p *sensor.Payload) error {
	k := p.GyrAllBad
	first := p.BadLines[k]
	where, what := "", first.Error()
	if pe := (*sensor.PayloadError)(nil); errors.As(first, &pe) {
		where, what = pe.Where, pe.Err.Error()
	}
	samples := fmt.Sprintf("its %d samples, whose acceleration reads, are refused with them", len(p.Samples))
	if len(p.Samples) == 1 {
		samples = "its sample, whose acceleration reads, is refused with them"
	}
	p.BadLines[k] = &sensor.PayloadError{Format: p.Format, Where: where, Err: malformed(what + "; every angular rate in the message is bad, so " + samples +
		": the device is analysed with its gyroscope, set by its first message, and a sample without rates would be read as one held still")}
	return p.BadLines[k]
}

// named says what a message's channels are (what: "anatomical axes", "no
// angular rates"), with the csv header that named them: the message's own,
// or the device's earlier one (hdr) it was read by.
func named(p *sensor.Payload, hdr, what string) string {
	switch {
	case p.CSVHeader != "":
		return fmt.Sprintf("header %q names %s", p.CSVHeader, what)
	case p.Format == sensor.PayloadCSV && hdr != "":
		return fmt.Sprintf("the device's header %q (of an earlier message; this one has none) names %s", hdr, what)
	}
	return what
}

// malformed is a message that wraps sensor.ErrPayloadFormat without
// repeating its text.
type malformed string

func (m malformed) Error() string { return string(m) }
func (m malformed) Unwrap() error { return sensor.ErrPayloadFormat }

// unitWait is how long samples held for their units (sensor.PayloadUnits)
// wait for the device's next message before the units are decided on them.
const unitWait = 2 * time.Second

// Stats is a snapshot of a Source's counters.
type Stats struct {
	// Connected tells whether the client is connected; Subscribed whether
	// the subscriptions of the current connection were granted.
	Connected, Subscribed bool
	// Connects counts successful connections; Reconnects those after the
	// first; ConnectionsLost counts lost connections.
	Connects, Reconnects, ConnectionsLost uint64
	// LastError is the latest connection or subscription error, "" if none.
	LastError string
	// QueuedBytes is the number of bytes now held by messages queued or
	// being decoded, across all devices; at most Config.MaxQueuedBytes.
	QueuedBytes int64
	// Retained counts retained messages ignored: a broker's stored copies
	// of earlier messages, sent when a subscription is made (at start
	// and on every reconnect), not live data (a csv header alone is
	// taken). Not in Devices.
	Retained uint64
	// Devices holds per-device counters by device name, with UnknownDevice
	// for messages beyond MaxDevices, on topics DeviceFrom does not match
	// or no filter of Config.Topics matches (a persistent session's
	// subscription of an earlier run),
	// or naming a device Config.ValidDevice refuses.
	Devices map[string]DeviceStats
}

// DeviceStats counts one device's messages.
type DeviceStats struct {
	// Messages received, including dropped ones.
	Messages uint64
	// Samples delivered to out.
	Samples uint64
	// DecodeErrors counts messages that failed to decode and lines a csv
	// or influx message, or samples a batch (a Sensor Logger entry, a
	// SenML record…), skipped (sensor.Payload.BadLines; each passed to
	// bad).
	DecodeErrors uint64
	// Dropped counts messages discarded because the device's queue was
	// full or the queues together held Config.MaxQueuedBytes (or, for
	// UnknownDevice, because no pipeline takes them).
	Dropped uint64
	// Refused counts messages given to Deliver that a full queue or byte
	// budget refused (its error wraps ErrDropped): the sender is told, and
	// may send them again, so they are not counted in Dropped. Messages
	// counts them too.
	Refused uint64
}

// Stats returns a snapshot of the counters. It is safe to call
// concurrently with Run.
func (s *Source) Stats() Stats {
	st := Stats{
		Connected:       s.connected.Load(),
		Subscribed:      s.subscribed.Load(),
		Connects:        s.connects.Load(),
		ConnectionsLost: s.lost.Load(),
		QueuedBytes:     s.queued.Load(),
		Retained:        s.retained.Load(),
	}
	if st.Connects > 0 {
		st.Reconnects = st.Connects - 1
	}
	if e := s.lastErr.Load(); e != nil {
		st.LastError = *e
	}
	s.mu.RLock()
	st.Devices = make(map[string]DeviceStats, len(s.devices)+1)
	for name, d := range s.devices {
		st.Devices[name] = d.counters.snapshot()
	}
	s.mu.RUnlock()
	if u := s.unknown.snapshot(); u.Messages > 0 {
		d := st.Devices[UnknownDevice] // a device may really be called so
		d.Messages += u.Messages
		d.Dropped += u.Dropped
		st.Devices[UnknownDevice] = d
	}
	return st
}

// DeviceNames returns the names of the running device pipelines, sorted.
func (s *Source) DeviceNames() []string {
	s.mu.RLock()
	names := make([]string, 0, len(s.devices))
	for n := range s.devices {
		names = append(names, n)
	}
	s.mu.RUnlock()
	sort.Strings(names)
	return names
}

func (c *counters) snapshot() DeviceStats {
	return DeviceStats{
		Messages:     c.messages.Load(),
		Samples:      c.samples.Load(),
		DecodeErrors: c.decodeErrors.Load(),
		Dropped:      c.dropped.Load(),
		Refused:      c.refused.Load(),
	}
}
