package live

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
)

// TestHubBacklogSpread: after a broker restart a QoS 1 publisher resends
// the 5 s of batches it queued, in no order (paho resends its store
// unordered), while its new batches go on beside them; on a loaded machine
// the resends reach the daemon over more than the reorder hold
// (TestServeBrokerRestart once gave 77 steps for 85 so). Every sample
// is still analysed in time order, as an uninterrupted stream is: the hold
// lasts while samples keep arriving out of order. It released each sample
// --reorder after its arrival, and the resends that came later than the
// new batches after them were refused (here 340 samples, 73 steps for 85).
func TestHubBacklogSpread(t *testing.T) {
	ss, layout := runner(t, 5, 30)
	var batches [][]sensor.Sample
	for k := 0; k < len(ss); k += 10 {
		batches = append(batches, ss[k:min(k+10, len(ss))])
	}
	// the test's wall clock (Config.Now): on the machine's, a loaded
	// machine that stalled the pushes over the hold let samples go before
	// the resends sorting ahead of them came
	wall := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	h, err := New(Config{DataDir: t.TempDir(), Reorder: 100 * time.Millisecond, Idle: time.Minute, Engine: gait.Config{Placement: gait.Waist},
		Now: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	push := func(b []sensor.Sample) {
		if err := h.PushUnordered("d", layout, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range batches[:100] { // 10 s, then the broker goes
		push(b)
	}
	wall = wall.Add(150 * time.Millisecond) // (past the hold: released by the next push)
	backlog := append([][]sensor.Sample(nil), batches[100:150]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(backlog), func(i, j int) { backlog[i], backlog[j] = backlog[j], backlog[i] })
	// the resends and the new batches, one of each every 6 ms: 300 ms
	for i, b := range backlog {
		push(b)
		push(batches[150+i])
		wall = wall.Add(6 * time.Millisecond)
	}
	for _, b := range batches[200:] {
		push(b)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := runs.List(h.cfg.DataDir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v, %d runs", err, len(recs))
	}
	want := analyzedSteps(t, layout, ss)
	rej := testutil.ToFloat64(h.m.rejected.WithLabelValues("d"))
	t.Logf("%d steps (%d in order), %v samples refused", recs[0].Steps, want, rej)
	if rej != 0 || recs[0].Steps != want {
		t.Errorf("%v samples refused, %d steps; want 0 and %d, as in order", rej, recs[0].Steps, want)
	}
}

// analyzedSteps is the steps of one run of ss pushed in order.
func analyzedSteps(t *testing.T, layout sensor.Layout, ss []sensor.Sample) int {
	t.Helper()
	h, err := New(Config{DataDir: t.TempDir(), Idle: time.Minute, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Push("d", layout, ss); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := runs.List(h.cfg.DataDir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v, %d runs", err, len(recs))
	}
	return recs[0].Steps
}
