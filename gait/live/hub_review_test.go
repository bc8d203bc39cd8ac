package live

import (
	"math"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// histo returns the latency histogram's count and sum.
func histo(t *testing.T, h *Hub) (uint64, float64) {
	var m dto.Metric
	if err := h.m.latency.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.Histogram.GetSampleCount(), m.Histogram.GetSampleSum()
}

// TestQuietCloseNoLatency: the contacts a quiet close releases were not
// emitted by a sample and are not timed (they were charged the wall time
// since the last sample, ≥ Idle, as contact latency).
func TestQuietCloseNoLatency(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Idle: 2 * time.Second, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 20)
	now := float64(time.Now().UnixNano()) / 1e9
	shift := now - ss[len(ss)-1].T // the last sample is "now", Unix time
	for i := range ss {
		ss[i].T += shift
	}
	// push in 100 ms batches as fast as possible
	for k := 0; k < len(ss); k += 10 {
		if err := h.Push("d", layout, ss[k:min(k+10, len(ss))]); err != nil {
			t.Fatal(err)
		}
	}
	h.refresh()
	n0, s0 := histo(t, h)
	time.Sleep(2500 * time.Millisecond)
	h.quiet(time.Now())
	n1, s1 := histo(t, h)
	t.Logf("before quiet: %d observations; the quiet close added %d, mean %.2f s", n0, n1-n0, (s1-s0)/float64(max(1, n1-n0)))
	if n1 > n0 && (s1-s0)/float64(n1-n0) >= 2 {
		t.Errorf("quiet close recorded %d contact latencies of ≈ %.1f s (the idle time), not a sample→gauge latency", n1-n0, (s1-s0)/float64(n1-n0))
	}
}

// TestLatencyOffClock: contacts of samples whose Unix time is far from the
// daemon's clock (a replay of an old recording on its own epoch times) are
// not timed; they filled the histogram's +Inf bucket and fired the latency
// alert. The same run on the daemon's clock is timed.
func TestLatencyOffClock(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ago   float64 // s, the last sample's time before now
		timed bool
	}{{"now", 0, true}, {"three years ago", 3 * 365 * 86400, false}, {"two minutes ago", 120, false}, {"two minutes ahead", -120, false}} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}})
			if err != nil {
				t.Fatal(err)
			}
			ss, layout := runner(t, 1, 20)
			shift := float64(time.Now().UnixNano())/1e9 - tc.ago - ss[len(ss)-1].T
			for i := range ss {
				ss[i].T += shift
			}
			for k := 0; k < len(ss); k += 10 {
				if err := h.Push("d", layout, ss[k:min(k+10, len(ss))]); err != nil {
					t.Fatal(err)
				}
				if k%500 == 0 {
					h.refresh()
				}
			}
			h.refresh()
			n, sum := histo(t, h)
			t.Logf("%d contacts timed, mean %.3g s", n, sum/float64(max(1, n)))
			if tc.timed && n == 0 {
				t.Errorf("no contact timed on the daemon's clock")
			}
			if !tc.timed && n > 0 {
				t.Errorf("%d contacts timed %.3g s on average, from samples %.0f s off the daemon's clock", n, sum/float64(n), tc.ago)
			}
		})
	}
}

// TestRejectedNaNOnce: a device the engine refuses, on the reordered path,
// with a NaN-time sample in its first batch, counts that sample once (it
// was counted again with the next push).
func TestRejectedNaNOnce(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Reorder: 50 * time.Millisecond, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	bad := sensor.Layout{Rate: 100} // no axes: refused by the engine
	ss := []sensor.Sample{{T: math.NaN()}, {T: 0.01}, {T: 0.02}}
	err1 := h.PushUnordered("x", bad, ss)
	err2 := h.PushUnordered("x", bad, []sensor.Sample{{T: 0.03}})
	time.Sleep(60 * time.Millisecond)
	h.refresh()
	got := testutil.ToFloat64(h.m.rejected.WithLabelValues("x"))
	t.Logf("errs %v / %v; rejected %v for 4 samples pushed", err1, err2, got)
	if got != 4 {
		t.Errorf("gaitd_rejected_samples_total = %v, want 4", got)
	}
}
