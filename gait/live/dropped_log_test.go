package live

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
)

// TestHubDroppedMessagesLogged: messages a device's full hand-off queue
// drops are each counted at once, and said at most once every
// badLogEvery with the count since the last line; what is left is said
// at shutdown (or by the quiet check once badLogEvery has passed, or when
// the device is forgotten). serve's status loop reports drops twice a
// second, and each report was a WARN line: 20 lines in 10 s of overload
// for one device. The same for messages of no device the hub holds
// ("unknown").
func TestHubDroppedMessagesLogged(t *testing.T) {
	var logs strings.Builder // (the hub logs on the calling goroutine: no Run here)
	h, err := New(Config{DataDir: t.TempDir(), Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 5)
	if err := h.Push("belt", layout, ss); err != nil {
		t.Fatal(err)
	}
	for range 20 { // 10 s of reports, twice a second
		h.DroppedMessages("belt", 3)
		h.DroppedMessages("nobody", 2)
	}
	lines := func(dev string) int {
		return strings.Count(logs.String(), "messages dropped: the device's hand-off queue or the queues' byte budget was full\" device="+dev+" ")
	}
	if lines("belt") != 1 || lines("unknown") != 1 || !strings.Contains(logs.String(), "device=belt messages=3") {
		t.Errorf("during the overload: %d lines for belt and %d for unknown, want one each (the first report, at once):\n%s", lines("belt"), lines("unknown"), logs.String())
	}
	if v := testutil.ToFloat64(h.m.droppedMsgs.WithLabelValues("belt")); v != 60 {
		t.Errorf("belt's dropped messages counted %v, want 60 at once", v)
	}
	if v := testutil.ToFloat64(h.m.droppedMsgs.WithLabelValues("unknown")); v != 40 {
		t.Errorf("unknown's dropped messages counted %v, want 40 at once", v)
	}
	h.quiet(time.Now()) // (under badLogEvery since the first line: nothing more)
	if lines("belt") != 1 || lines("unknown") != 1 {
		t.Errorf("a quiet check within %v of the first line said more:\n%s", badLogEvery, logs.String())
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if lines("belt") != 2 || !strings.Contains(logs.String(), "device=belt messages=57") ||
		lines("unknown") != 2 || !strings.Contains(logs.String(), "device=unknown messages=38") {
		t.Errorf("at shutdown: want the rest said, belt 57 and unknown 38, one line each:\n%s", logs.String())
	}
}

// TestHubDroppedAfterForget: messages reported dropped for a device the
// hub has forgotten count as "unknown", and do not bring back the device's
// series that forgetting it removed. (A report that had found the device
// just before it was forgotten bumped its series after forget removed it,
// making it anew; DroppedMessages now bumps it under the device's lock,
// which forget holds, and not once the device is gone.)
func TestHubDroppedAfterForget(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Idle: 5 * time.Second, Forget: time.Minute, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ss, layout := runner(t, 1, 20)
	if err := h.Push("phone", layout, ss); err != nil {
		t.Fatal(err)
	}
	h.DroppedMessages("phone", 1)
	d := h.lookup("phone")
	h.quiet(time.Now().Add(2 * time.Minute)) // (its run closed by the idle time)
	h.quiet(time.Now().Add(2 * time.Minute)) // forgotten
	if h.lookup("phone") != nil {
		t.Fatal("the device was not forgotten")
	}
	d.mu.Lock()
	gone := d.gone
	d.mu.Unlock()
	if !gone {
		t.Fatal("the forgotten device is not marked gone")
	}
	h.DroppedMessages("phone", 4)
	if n := deviceSeries(h, "phone"); n != 0 {
		t.Errorf("%d series of the forgotten device", n)
	}
	if v := testutil.ToFloat64(h.m.droppedMsgs.WithLabelValues("unknown")); v != 4 {
		t.Errorf("unknown's dropped messages %v, want 4", v)
	}
}
