package mqtt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/gorilla/websocket"
	"github.com/mochi-mqtt/server/v2/packets"
)

// tryConnect reports whether a raw client gets in.
func tryConnect(broker, id, user, pw string) bool {
	o := paho.NewClientOptions().AddBroker(broker).SetClientID(id).SetUsername(user).SetPassword(pw).
		SetConnectTimeout(2 * time.Second).SetAutoReconnect(false)
	c := paho.NewClient(o)
	tok := c.Connect()
	ok := tok.WaitTimeout(3*time.Second) && tok.Error() == nil
	c.Disconnect(10)
	return ok
}

// TestBrokerAccess: who the embedded broker lets in. A users file with no
// user yet (a non-nil empty map) lets in only the internal credential —
// it used to open the broker to everyone; the internal client ID is for
// the internal credential only, so no listed user (or, on an open broker,
// anyone) can take gaitd's session over.
func TestBrokerAccess(t *testing.T) {
	for _, tc := range []struct {
		name  string
		users map[string]string
		id    string // InternalClientID
		tries []struct {
			id, user, pw string
			ok           bool
		}
	}{
		{name: "empty users file", users: map[string]string{}, tries: []struct {
			id, user, pw string
			ok           bool
		}{{"a", "", "", false}, {"b", "phone", "pw", false}}},
		{name: "users", users: map[string]string{"phone": "pw"}, id: "gaitd-vm", tries: []struct {
			id, user, pw string
			ok           bool
		}{{"a", "phone", "pw", true}, {"gaitd-vm", "phone", "pw", false}, {"c", "", "", false}}},
		{name: "open", users: nil, id: "gaitd-vm", tries: []struct {
			id, user, pw string
			ok           bool
		}{{"a", "", "", true}, {"b", "anyone", "x", true}, {"gaitd-vm", "", "", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := mustBroker(t, BrokerConfig{Users: tc.users, InternalClientID: tc.id})
			broker := "tcp://" + b.Addr()
			for _, c := range tc.tries {
				if got := tryConnect(broker, c.id, c.user, c.pw); got != c.ok {
					t.Errorf("client %q user %q: connected %v, want %v", c.id, c.user, got, c.ok)
				}
			}
			u, p := b.InternalCredential()
			if !tryConnect("tcp://"+b.InternalAddr(), b.InternalClientID(), u, p) {
				t.Error("the internal credential is refused on the loopback listener")
			}
			// the loopback listener is gaitd's alone, and its credential
			// is good there only
			if tryConnect(broker, "x", u, p) {
				t.Error("the internal credential works on the outside listener")
			}
			if tc.users != nil {
				for user, pw := range tc.users {
					if tryConnect("tcp://"+b.InternalAddr(), "y", user, pw) {
						t.Errorf("listed user %q got in on the loopback listener (no TLS, no certificate there)", user)
					}
				}
			}
			if tryConnect("tcp://"+b.InternalAddr(), "z", "", "") {
				t.Error("an anonymous client got in on the loopback listener")
			}
			if tc.id == "" && len(b.InternalClientID()) < 20 {
				t.Errorf("internal client ID %q: want a random one", b.InternalClientID())
			}
		})
	}
}

// TestBrokerMaxPacket: the embedded broker refuses a packet larger than
// gaitd decodes (it held four 200 MB publishes in memory before gaitd
// rejected each): the publisher is disconnected and nothing reaches a
// subscriber, while a 1 MiB message still goes through.
func TestBrokerMaxPacket(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	got := make(chan int, 4)
	sub := mustPublisher(t, broker, "sub", nil)
	if tok := sub.Subscribe("big/#", 1, func(_ paho.Client, m paho.Message) { got <- len(m.Payload()) }); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	pub := mustPublisher(t, broker, "pub", nil)
	ok := bytes.Repeat([]byte{1}, DefaultMaxMessage)
	if tok := pub.Publish("big/ok", 1, false, ok); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	select {
	case n := <-got:
		if n != DefaultMaxMessage {
			t.Fatalf("got %d bytes", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the 1 MiB message did not arrive")
	}
	pub.Publish("big/huge", 1, false, bytes.Repeat([]byte{2}, 8<<20)).WaitTimeout(3 * time.Second)
	select {
	case n := <-got:
		t.Fatalf("an %d-byte message went through", n)
	case <-time.After(time.Second):
	}
	if pub.IsConnectionOpen() {
		t.Error("the publisher of an oversized packet is still connected")
	}
}

// TestBrokerGuard: a connection that sends no CONNECT is closed after the
// connect timeout, connections beyond the cap are refused at once, and a
// client that logged in is not cut by that deadline.
func TestBrokerGuard(t *testing.T) {
	defer func(d time.Duration, n int) { brokerConnectTimeout, maxConns = d, n }(brokerConnectTimeout, maxConns)
	brokerConnectTimeout, maxConns = 300*time.Millisecond, 3
	logs := &lockedBuffer{}
	b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0"}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	idle, err := net.Dial("tcp", b.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	start := time.Now()
	idle.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := idle.Read(make([]byte, 1)); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("an idle connection: read %v after %v, want it closed after 300 ms", err, time.Since(start))
	}
	// a logged-in client outlives the connect deadline
	c := mustPublisher(t, "tcp://"+b.Addr(), "late", nil)
	time.Sleep(600 * time.Millisecond)
	if tok := c.Publish("gait/x/imu", 1, false, []byte("{}")); !tok.WaitTimeout(3*time.Second) || tok.Error() != nil {
		t.Errorf("publish after the connect deadline: %v", tok.Error())
	}
	// the cap: c holds one slot; two more idle connections fill it, the
	// next is closed at once
	var conns []net.Conn
	for range 3 {
		nc, err := net.Dial("tcp", b.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		conns = append(conns, nc)
	}
	last := conns[2]
	last.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := last.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("a connection beyond the cap: %v, want it closed at once", err)
	}
	// the refusal is logged, once a minute at most
	if extra, err := net.Dial("tcp", b.Addr()); err == nil {
		extra.SetReadDeadline(time.Now().Add(time.Second))
		extra.Read(make([]byte, 1))
		extra.Close()
	}
	if got := logs.String(); strings.Count(got, "connection refused, all connections of the listener in use") != 1 || !strings.Contains(got, "listener=tcp max=3") {
		t.Errorf("refusals logged:\n%s", got)
	}
}

// TestBrokerPrivacy: with users, a listed phone may publish but not
// subscribe (every device's samples are patients' data), nothing is
// retained, and gaitd's own client gets in over the loopback listener with
// its credential even when the outside listener speaks TLS.
func TestBrokerPrivacy(t *testing.T) {
	b := mustBroker(t, BrokerConfig{Users: map[string]string{"phone": "pw"}})
	broker := "tcp://" + b.Addr()
	phone := mustPublisher(t, broker, "phone", func(o *paho.ClientOptions) { o.SetUsername("phone").SetPassword("pw") })
	tok := phone.Subscribe("gait/#", 1, func(paho.Client, paho.Message) {})
	tok.WaitTimeout(3 * time.Second)
	if st, ok := tok.(*paho.SubscribeToken); !ok || st.Result()["gait/#"] != 0x80 {
		t.Errorf("a phone's subscription: %v, want refused (0x80)", tok.(*paho.SubscribeToken).Result())
	}
	publish(t, phone, "gait/a/imu", 1, []byte("retained?"))
	phone.Publish("gait/b/imu", 1, true, []byte("retained")).WaitTimeout(3 * time.Second)
	u, p := b.InternalCredential()
	got := make(chan string, 4)
	own := mustPublisher(t, "tcp://"+b.InternalAddr(), b.InternalClientID(), func(o *paho.ClientOptions) { o.SetUsername(u).SetPassword(p) })
	// a retained message comes on subscribing with its retain flag set
	// (a live delivery of a late publish would not have it)
	if tok := own.Subscribe("gait/#", 1, func(_ paho.Client, m paho.Message) {
		if m.Retained() {
			got <- m.Topic()
		}
	}); !tok.WaitTimeout(3*time.Second) || tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	select {
	case topic := <-got:
		t.Errorf("a retained message (%s) was kept", topic)
	case <-time.After(500 * time.Millisecond):
	}
}

// TestRedactHandlerClosed: once the broker is closed its records are
// dropped (a client connected at shutdown had its connection's end logged
// after the daemon's last line, "gaitd stopped": TestServeStoppedLogsLast
// failed now and then), those before it kept.
func TestRedactHandlerClosed(t *testing.T) {
	var buf bytes.Buffer
	closed := new(logGate)
	log := slog.New(redactHandler{slog.NewTextHandler(&buf, nil), closed}).With("component", "mqtt-broker")
	log.Info("mochi mqtt server stopped")
	closed.shut()
	log.Warn("", "error", "use of closed network connection")
	if out := buf.String(); !strings.Contains(out, "server stopped") || strings.Contains(out, "closed network connection") {
		t.Errorf("log %q", out)
	}
}

// TestRedactHandler: mochi's packet attributes reach the log as the packet
// type only (a CONNECT carries the password).
func TestRedactHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(redactHandler{Handler: slog.NewTextHandler(&buf, nil)})
	pk := packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Connect}}
	pk.Connect.Password = []byte("s3cret-pw")
	log.Warn("error processing packet", "pk", pk, "client", "phone")
	if out := buf.String(); strings.Contains(out, "s3cret") || !strings.Contains(out, "packet_type=1") || !strings.Contains(out, "client=phone") {
		t.Errorf("log %q", out)
	}
	// mochi logs some connection errors without a message
	buf.Reset()
	log.Warn("", "error", "packet too large")
	if out := buf.String(); !strings.Contains(out, `msg="mqtt broker: client connection error"`) || !strings.Contains(out, `error="packet too large"`) {
		t.Errorf("log %q", out)
	}
}

// TestBrokerBurstNoLoss: 16 publishers flushing 300 QoS 1 batches each at
// once (phones after a network gap) lose nothing on the way to gaitd's own
// client: at per-client limits of 256 writes and 1024 in flight the broker
// dropped 39 % of such a burst (64 publishers) after acknowledging it.
func TestBrokerBurstNoLoss(t *testing.T) {
	b := mustBroker(t, BrokerConfig{Users: map[string]string{"phone": "pw"}})
	u, p := b.InternalCredential()
	col := newCollector()
	src, _ := runSource(t, Config{Broker: "tcp://" + b.InternalAddr(), ClientID: b.InternalClientID(), Username: u, Password: p, MaxQueuedBytes: 1 << 30}, col, nil)
	waitSubscribed(t, src)
	const pubs, msgs, per = 16, 300, 5
	done := make(chan error, pubs)
	for i := range pubs {
		go func() {
			o := paho.NewClientOptions().AddBroker("tcp://" + b.Addr()).SetClientID(fmt.Sprintf("phone-%d", i)).
				SetUsername("phone").SetPassword("pw").SetConnectTimeout(5 * time.Second)
			c := paho.NewClient(o)
			if tok := c.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
				done <- fmt.Errorf("connect: %v", tok.Error())
				return
			}
			defer c.Disconnect(50)
			toks := make([]paho.Token, 0, msgs)
			for k := range msgs {
				toks = append(toks, c.Publish(fmt.Sprintf("gait/p%d/imu", i), 1, false, gaitdBatch("", k, per, int64(1_700_000_000_000_000_000)+int64(k)*50_000_000)))
			}
			for _, tok := range toks {
				if !tok.WaitTimeout(20*time.Second) || tok.Error() != nil {
					done <- fmt.Errorf("publish: %v", tok.Error())
					return
				}
			}
			done <- nil
		}()
	}
	for range pubs {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	// every acknowledged message reaches gaitd's client (what it then does
	// with a burst — its own queues may drop, counted — is another matter)
	received := func() (n uint64) {
		for _, d := range src.Stats().Devices {
			n += d.Messages
		}
		return n
	}
	waitFor(t, "every acknowledged message at gaitd's client", 20*time.Second, func() bool { return received() == pubs*msgs })
	if d := b.Dropped(); d != 0 {
		t.Errorf("%d messages dropped", d)
	}
}

// TestBrokerGuardWebSocket: the WebSocket listener has the TCP listener's
// CONNECT deadline too — a socket that never upgrades, and an upgraded
// WebSocket that never sends CONNECT, are closed after it (mochi's own
// listener kept the latter open for good) — and a WebSocket MQTT client
// outlives it.
func TestBrokerGuardWebSocket(t *testing.T) {
	defer func(d time.Duration) { brokerConnectTimeout = d }(brokerConnectTimeout)
	brokerConnectTimeout = 300 * time.Millisecond
	b := mustBroker(t, BrokerConfig{WebSocket: "127.0.0.1:0"})
	closedSoon := func(what string, read func() error) {
		t.Helper()
		start := time.Now()
		if err := read(); err == nil || time.Since(start) > 2*time.Second {
			t.Errorf("%s: read %v after %v, want it closed after 300 ms", what, err, time.Since(start))
		}
	}
	raw, err := net.Dial("tcp", b.WebSocketAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetReadDeadline(time.Now().Add(3 * time.Second))
	closedSoon("a socket that never upgrades", func() error { _, err := raw.Read(make([]byte, 1)); return err })

	ws, _, err := websocket.DefaultDialer.Dial("ws://"+b.WebSocketAddr()+"/mqtt", http.Header{"Sec-WebSocket-Protocol": {"mqtt"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(3 * time.Second))
	closedSoon("an upgraded WebSocket without CONNECT", func() error { _, _, err := ws.ReadMessage(); return err })

	// a plain HTTP request is answered and its connection closed (an idle
	// keep-alive connection would hold a slot for good)
	get, err := net.Dial("tcp", b.WebSocketAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer get.Close()
	get.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	get.SetReadDeadline(time.Now().Add(3 * time.Second))
	closedSoon("a plain GET's connection", func() error { _, err := io.ReadAll(get); return errors.Join(err, io.EOF) })

	c := mustPublisher(t, "ws://"+b.WebSocketAddr()+"/mqtt", "ws-late", nil)
	time.Sleep(600 * time.Millisecond)
	if tok := c.Publish("gait/x/imu", 1, false, []byte("{}")); !tok.WaitTimeout(3*time.Second) || tok.Error() != nil {
		t.Errorf("publish over WebSocket after the connect deadline: %v", tok.Error())
	}
}

// TestBrokerCloseWithPending: a connection that has not sent its CONNECT
// does not hold the broker's Close (it waited for the connection's deadline
// and then gave up after 5 s with a warning).
func TestBrokerCloseWithPending(t *testing.T) {
	b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0", WebSocket: "127.0.0.1:0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{b.Addr(), b.WebSocketAddr()} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	time.Sleep(100 * time.Millisecond) // accepted
	start := time.Now()
	b.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v with two connections pending", d)
	}
}

// TestBrokerCountsDrops: when gaitd's own client stops reading (here a
// paho client on its credential whose handler blocks), the broker drops
// what it cannot queue for it and counts it in Dropped (exported by serve
// as gaitd_broker_dropped_messages_total) — and logs it.
func TestBrokerCountsDrops(t *testing.T) {
	var logs lockedBuffer
	b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0"}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	u, p := b.InternalCredential()
	stall := make(chan struct{})
	var unstall sync.Once
	defer unstall.Do(func() { close(stall) })
	own := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + b.InternalAddr()).SetClientID(b.InternalClientID()).
		SetUsername(u).SetPassword(p).SetOrderMatters(true))
	if tok := own.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("connect: %v", tok.Error())
	}
	defer own.Disconnect(0)
	if tok := own.Subscribe("gait/#", 0, func(paho.Client, paho.Message) { <-stall }); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("subscribe: %v", tok.Error())
	}
	pub := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + b.Addr()).SetClientID("phone"))
	if tok := pub.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("connect: %v", tok.Error())
	}
	defer pub.Disconnect(0)
	msg := make([]byte, 4096)
	// 8192 writes pending plus what the sockets hold (a few MiB) fit in
	// about 10 000 of these; publish until the broker has dropped some
	deadline := time.Now().Add(30 * time.Second)
	for b.Dropped() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no drop counted after 30 s of publishing to a client that does not read")
		}
		for range 1000 {
			pub.Publish("gait/belt/imu", 0, false, msg)
		}
		pub.Publish("gait/belt/imu", 1, false, msg).WaitTimeout(5 * time.Second)
	}
	unstall.Do(func() { close(stall) })
	own.Disconnect(0)
	b.Close() // logs the drops since the last line
	if out := logs.String(); !strings.Contains(out, "dropped messages to gaitd's own client") {
		t.Errorf("drops not logged: %q", out)
	}
}

// TestBrokerMaxConns: BrokerConfig.MaxConns sets the cap of each listener
// (gaitd serve: its --max-devices and a few more, at least 256: 500
// sensors found 244 of their connections closed at a fixed 256).
func TestBrokerMaxConns(t *testing.T) {
	for _, tc := range []struct{ max, open int }{{2, 2}, {5, 5}} {
		b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0", MaxConns: tc.max}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var conns []net.Conn
		for range tc.open + 1 {
			nc, err := net.Dial("tcp", b.Addr())
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, nc)
		}
		for i, nc := range conns {
			nc.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			_, err := nc.Read(make([]byte, 1))
			closed := err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
			if closed != (i >= tc.open) {
				t.Errorf("MaxConns %d: connection %d: %v", tc.max, i+1, err)
			}
			nc.Close()
		}
		b.Close()
	}
}

// TestBrokerPacketTooLarge: a client cut off for a message over the packet
// limit is named in a warning, with the limit; mochi's own line named
// neither the client nor the limit (an audit: a 10 MB payload).
func TestBrokerPacketTooLarge(t *testing.T) {
	var logs lockedBuffer
	b, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0"}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pub := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + b.Addr()).SetClientID("phone-big").SetAutoReconnect(false))
	if tok := pub.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("connect: %v", tok.Error())
	}
	defer pub.Disconnect(0)
	pub.Publish("gait/phone/imu", 0, false, make([]byte, maxPacketSize+1))
	want := `client=phone-big`
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no warning naming the client in 5 s:\n%s", logs.String())
		}
	}
	if l := logs.String(); !strings.Contains(l, "over the broker's packet limit") || !strings.Contains(l, fmt.Sprintf("limit_bytes=%d", maxPacketSize)) {
		t.Errorf("warning:\n%s", l)
	}
}
