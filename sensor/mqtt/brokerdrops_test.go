package mqtt

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mochi-mqtt/server/v2/packets"
)

// TestBrokerCountsInflightDrops: gaitd's own client subscribes at QoS 1 (its
// default). When it reads its messages but does not acknowledge them,
// mochi drops what comes beyond MaximumInflight (8192) unacknowledged
// messages with no hook, only its server-wide Info.InflightDropped — drops
// gaitd counted nowhere (the writes-pending drops of TestBrokerCountsDrops
// are the QoS 0 case; at QoS 1 the in-flight store, which holds the
// pending writes too, is full first). Each is now counted as
// DropInflightFull, exactly (the broker has no other subscriber), and
// logged. (A client that stops reading altogether loses nothing at QoS 1:
// mochi holds the client's lock while its write blocks, and the
// publishers wait on it.)
func TestBrokerCountsInflightDrops(t *testing.T) {
	b, logs := mustBrokerLog(t, BrokerConfig{})
	u, p := b.InternalCredential()
	own := rawClient(t, b.InternalAddr(), b.InternalClientID(), u, p, false)
	rawSubscribe(t, own, "gait/#", 1)
	go io.Copy(io.Discard, own) // read, never acknowledged
	waitFor(t, "subscription", 5*time.Second, func() bool { return b.hook.ownQoS("gait/belt/imu") == 1 })
	// a phone publishing at QoS 1 as fast as the broker acknowledges
	// (written raw: paho's publisher would hold its tokens)
	pub := rawClient(t, b.Addr(), "phone", "", "", true)
	go io.Copy(io.Discard, pub) // its PUBACKs
	var frame bytes.Buffer
	deadline := time.Now().Add(30 * time.Second)
	for id := 1; atomic.LoadInt64(&b.srv.Info.InflightDropped) < 100; id++ {
		if time.Now().After(deadline) {
			t.Fatal("the broker dropped nothing at the in-flight limit after 30 s of publishing to a client that does not acknowledge")
		}
		frame.Reset()
		pk := packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Publish, Qos: 1}, ProtocolVersion: 4,
			TopicName: "gait/belt/imu", PacketID: uint16(id%65535 + 1), Payload: make([]byte, 4096)}
		if err := pk.PublishEncode(&frame); err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Write(frame.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // the publish being handled
	// (the publisher's last message is handled before its PUBACK is sent)
	mochiCount := uint64(atomic.LoadInt64(&b.srv.Info.InflightDropped))
	d := b.Drops()
	if d[DropInflightFull] != mochiCount {
		t.Errorf("in-flight drops counted: %d, mochi's count: %d (all drops %v)", d[DropInflightFull], mochiCount, d)
	}
	if b.Dropped() < mochiCount {
		t.Errorf("Dropped() = %d, under mochi's %d in-flight drops", b.Dropped(), mochiCount)
	}
	if out := logs.String(); !strings.Contains(out, "dropped messages to gaitd's own client") || !strings.Contains(out, "inflight_full=") {
		t.Errorf("in-flight drops not logged: %q", out)
	}
	// mochi's own warning came once per message dropped
	if n := strings.Count(logs.String(), "client store quota reached"); n > 0 {
		t.Errorf("mochi's line per dropped message logged %d times", n)
	}
}

// rawClient connects to addr in plain MQTT 3.1.1, on a connection the test
// reads only when it wants.
func rawClient(t *testing.T, addr, id, user, pass string, clean bool) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	var buf bytes.Buffer
	pk := packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Connect}, ProtocolVersion: 4,
		Connect: packets.ConnectParams{ProtocolName: []byte("MQTT"), Clean: clean, Keepalive: 60, ClientIdentifier: id,
			UsernameFlag: user != "", Username: []byte(user), PasswordFlag: pass != "", Password: []byte(pass)}}
	if err := pk.ConnectEncode(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Write(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	ack := make([]byte, 4)
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(nc, ack); err != nil || ack[0] != 0x20 || ack[3] != 0 {
		t.Fatalf("CONNACK: % x %v", ack, err)
	}
	nc.SetReadDeadline(time.Time{})
	return nc
}

// rawSubscribe subscribes a rawClient to filter at qos (its SUBACK left
// unread).
func rawSubscribe(t *testing.T, nc net.Conn, filter string, qos byte) {
	t.Helper()
	var buf bytes.Buffer
	sub := packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Subscribe, Qos: 1}, ProtocolVersion: 4, PacketID: 1,
		Filters: packets.Subscriptions{{Filter: filter, Qos: qos}}}
	if err := sub.SubscribeEncode(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Write(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}

// TestBrokerCountsDiscarded: QoS 1 messages the broker holds for gaitd's
// own client unacknowledged are thrown away when its session ends (a clean
// session's connection closing; likewise one expiring, or a message
// expiring): mochi's OnQosDropped, counted as DropDiscarded. A session
// handed over to the client's next connection loses nothing and counts
// nothing.
func TestBrokerCountsDiscarded(t *testing.T) {
	for _, clean := range []bool{true, false} {
		b := mustBroker(t, BrokerConfig{})
		u, p := b.InternalCredential()
		own := rawClient(t, b.InternalAddr(), b.InternalClientID(), u, p, clean)
		rawSubscribe(t, own, "gait/#", 1)
		waitFor(t, "subscription", 5*time.Second, func() bool { return b.hook.ownQoS("gait/belt/imu") == 1 })
		pub := mustPublisher(t, "tcp://"+b.Addr(), "phone", nil)
		for range 20 {
			publish(t, pub, "gait/belt/imu", 1, []byte("x"))
		}
		waitFor(t, "20 messages in flight", 5*time.Second, func() bool {
			cl, ok := b.srv.Clients.Get(b.InternalClientID())
			return ok && cl.State.Inflight.Len() == 20
		})
		own.Close() // never acknowledged
		if clean {
			waitFor(t, "20 discarded", 5*time.Second, func() bool { return b.Drops()[DropDiscarded] == 20 })
		} else {
			// the session kept, then taken over by the next connection:
			// its 20 messages go on to it
			u, p := b.InternalCredential()
			rawClient(t, b.InternalAddr(), b.InternalClientID(), u, p, false)
			time.Sleep(200 * time.Millisecond)
			if d := b.Drops(); d != ([numDropReasons]uint64{}) {
				t.Errorf("session taken over: drops %v", d)
			}
		}
		pub.Disconnect(0)
		b.Close()
	}
}

// TestBrokerTooLargeRefusedUnread: a PUBLISH over the packet limit is
// refused from its fixed header, before its body is read (a header claiming
// 200 MiB, followed by nothing, closes the connection at once: the broker
// did not wait for, nor buffer, the body), counted as DropTooLarge and
// logged at most every 10 s with the count since the last line.
func TestBrokerTooLargeRefusedUnread(t *testing.T) {
	b, logs := mustBrokerLog(t, BrokerConfig{})
	for i := range 3 {
		nc := rawClient(t, b.Addr(), "phone-big", "", "", true)
		// PUBLISH QoS 0, remaining length 200 MiB (variable-length
		// encoding), then no body
		n := 200 << 20
		hdr := []byte{0x30}
		for {
			c := byte(n % 128)
			n /= 128
			if n > 0 {
				c |= 0x80
			}
			hdr = append(hdr, c)
			if n == 0 {
				break
			}
		}
		if _, err := nc.Write(hdr); err != nil {
			t.Fatal(err)
		}
		nc.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, err := nc.Read(make([]byte, 1)); err == nil || strings.Contains(err.Error(), "timeout") {
			t.Fatalf("publish %d: connection not closed on the oversized header alone: %v", i+1, err)
		}
		waitFor(t, "refusal counted", 5*time.Second, func() bool { return b.Drops()[DropTooLarge] == uint64(i+1) })
	}
	if n := strings.Count(logs.String(), "over the broker's packet limit"); n != 1 {
		t.Errorf("3 refusals within 10 s logged in %d lines, want 1:\n%s", n, logs.String())
	}
	b.Close() // logs the 2 since
	if l := logs.String(); !strings.Contains(l, "refused=2") {
		t.Errorf("refusals since the last line not logged at Close:\n%s", l)
	}
}

// TestBrokerCountsExpiredSession: gaitd's own client's session expiring
// while it is away (an hour) deletes the messages it held with no
// OnQosDropped: OnClientExpired counts them as DropDiscarded (an hour is
// too long to wait for: the hook is called as mochi's expiry loop does).
func TestBrokerCountsExpiredSession(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	for _, id := range []string{b.InternalClientID(), "dashboard"} {
		cl := b.srv.NewClient(nil, "internal", id, false)
		for i := range 3 {
			cl.State.Inflight.Set(packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Publish, Qos: 1}, PacketID: uint16(i + 1)})
		}
		cl.State.Inflight.Set(packets.Packet{FixedHeader: packets.FixedHeader{Type: packets.Pubrec}, PacketID: 9}) // not a message
		b.hook.OnClientExpired(cl)
	}
	if d := b.Drops(); d[DropDiscarded] != 3 || b.Dropped() != 3 {
		t.Errorf("drops %v, want 3 discarded (gaitd's own client's; not another's)", d)
	}
}

// TestBrokerCountsDisconnected: a QoS 0 message that comes while gaitd's own
// client is away, its session and QoS 1 subscription kept, is skipped by
// mochi unannounced (it keeps QoS 1 messages only): counted as
// DropDisconnected. The QoS 1 messages of that time are kept and count
// nothing.
func TestBrokerCountsDisconnected(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	u, p := b.InternalCredential()
	own := rawClient(t, b.InternalAddr(), b.InternalClientID(), u, p, false)
	rawSubscribe(t, own, "gait/#", 1)
	waitFor(t, "subscription", 5*time.Second, func() bool { return b.hook.ownQoS("gait/belt/imu") == 1 })
	own.Close()
	waitFor(t, "client away", 5*time.Second, func() bool {
		cl, ok := b.srv.Clients.Get(b.InternalClientID())
		return ok && cl.Closed()
	})
	pub := mustPublisher(t, "tcp://"+b.Addr(), "phone", nil)
	defer pub.Disconnect(0)
	for range 5 {
		publish(t, pub, "gait/belt/imu", 0, []byte("x"))
		publish(t, pub, "gait/belt/imu", 1, []byte("y"))
	}
	waitFor(t, "5 counted", 5*time.Second, func() bool { return b.Drops()[DropDisconnected] == 5 })
	time.Sleep(100 * time.Millisecond)
	if d := b.Drops(); d != ([numDropReasons]uint64{DropDisconnected: 5}) {
		t.Errorf("drops %v, want 5 disconnected alone", d)
	}
}
