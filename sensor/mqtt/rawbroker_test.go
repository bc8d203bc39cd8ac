package mqtt

import (
	"log/slog"
	"testing"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/listeners"
)

// rawBroker starts a mochi broker with hook (its permissions) and, when
// caps is not nil, those capabilities, on a free local port — a broker
// StartBroker would not make (one that refuses subscriptions, or grants
// QoS 0 alone) — and returns its tcp:// URL; it is closed when the test
// ends.
func rawBroker(t *testing.T, hook mochi.Hook, caps *mochi.Capabilities) string {
	t.Helper()
	srv := mochi.New(&mochi.Options{Logger: slog.New(slog.DiscardHandler), Capabilities: caps})
	if err := srv.AddHook(hook, nil); err != nil {
		t.Fatal(err)
	}
	tcp := listeners.NewTCP(listeners.Config{ID: "t", Address: "127.0.0.1:0"})
	if err := srv.AddListener(tcp); err != nil {
		t.Fatal(err)
	}
	if err := srv.Serve(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return "tcp://" + tcp.Address()
}
