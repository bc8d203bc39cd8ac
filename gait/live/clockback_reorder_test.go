package live

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestHubClockBackReordered: a device whose clock jumps back (a phone
// re-syncing) over MQTT or HTTP push, with the reorder hold on. Its first
// samples on the new clock sat in the reorder buffer beside the old
// clock's last ones and, sorted by time, went to the recorder before them:
// held as a possible restart, they were refused when the old clock's tail
// came after — about the hold's worth of the new stream lost (30 samples
// at 100 Hz with the default 250 ms, a black-box round over the embedded
// broker; 0 with --reorder 0). They now go after it and start the new run.
func TestHubClockBackReordered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		back  float64 // s the clock jumps back
		batch int     // samples a message
	}{
		{"back 100 s", 100, 10},
		{"back 10 s", 10, 10},
		{"back 100 s, one-sample messages", 100, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wall := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
			h := clockHub(t, 100*time.Millisecond, &wall)
			ss, layout := jumpedRunner(t, 2, tc.back) // the clock jumps back at 2 s
			// 4× real time: 100 ms of samples every 25 ms, on the test's
			// wall clock (Config.Now; see TestHubClockBackShort)
			for k := 0; k < len(ss); k += tc.batch {
				wall = wall.Add(time.Duration(tc.batch) * 2500 * time.Microsecond)
				if err := h.PushUnordered("phone", layout, ss[k:min(k+tc.batch, len(ss))]); err != nil {
					t.Fatal(err)
				}
			}
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			rej := testutil.ToFloat64(h.m.rejected.WithLabelValues("phone"))
			n := testutil.ToFloat64(h.m.samples.WithLabelValues("phone"))
			runs := testutil.ToFloat64(h.m.runs.WithLabelValues("phone"))
			t.Logf("%v samples in, %v refused, %v runs", n, rej, runs)
			if rej != 0 {
				t.Errorf("gaitd_rejected_samples_total = %v, want 0: the new clock's first samples were refused", rej)
			}
			if n != float64(len(ss)) {
				t.Errorf("gaitd_samples_total = %v, want %d", n, len(ss))
			}
			if runs != 2 {
				t.Errorf("gaitd_runs_total = %v, want 2 (one a clock)", runs)
			}
		})
	}
}
