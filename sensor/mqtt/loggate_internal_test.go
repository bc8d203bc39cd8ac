package mqtt

import (
	"context"
	"log/slog"
	"testing"
	"time"
)

// blockHandler holds each record until release is closed.
type blockHandler struct {
	slog.Handler
	entered, release chan struct{}
	wrote            chan string
}

func (h blockHandler) Handle(_ context.Context, r slog.Record) error {
	close(h.entered)
	<-h.release
	h.wrote <- r.Message
	return nil
}

// A broker record being written when the broker closes is out before the
// close returns (so before the daemon's last line), and one after it is
// dropped: with an atomic flag tested first, a record that had passed the
// test was written after "gaitd stopped" (TestServeStoppedLogsLast failed
// under -race in CI).
func TestLogGateWaitsForRecordInFlight(t *testing.T) {
	g := new(logGate)
	bh := blockHandler{Handler: slog.DiscardHandler, entered: make(chan struct{}), release: make(chan struct{}), wrote: make(chan string, 2)}
	h := redactHandler{bh, g}
	go func() {
		_ = h.Handle(context.Background(), slog.NewRecord(time.Now(), slog.LevelWarn, "in flight", 0))
	}()
	<-bh.entered
	shut := make(chan struct{})
	go func() { g.shut(); close(shut) }()
	select {
	case <-shut:
		t.Fatal("shut returned while a record was being written")
	case <-time.After(100 * time.Millisecond):
	}
	close(bh.release)
	<-shut
	if m := <-bh.wrote; m != "in flight" {
		t.Fatalf("wrote %q", m)
	}
	if err := h.Handle(context.Background(), slog.NewRecord(time.Now(), slog.LevelWarn, "after", 0)); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-bh.wrote:
		t.Fatalf("record %q written after shut", m)
	default:
	}
}
