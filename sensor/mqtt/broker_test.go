package mqtt

import (
	"bytes"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
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
			if !tryConnect(broker, b.InternalClientID(), u, p) {
				t.Error("the internal credential is refused")
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
