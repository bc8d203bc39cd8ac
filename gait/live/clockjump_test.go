package live

import (
	"testing"
	"time"
)

// TestHubClockBackShort: a device clock that jumps back by 1–3 s (a phone's
// NTP correction, a sensor rebooting onto a clock close to the old one)
// over serial (Push, in order) and over MQTT / HTTP push (PushUnordered,
// the --reorder hold on). The new clock's samples are kept: the run of the
// old clock is closed and the new clock starts a new one, counted in
// gaitd_clock_resets_total. They were held as a possible restart only while
// 1 s or more behind the newest sample analysed, and a restart needed 2 s
// of them: the jump's worth of samples was refused, in order and reordered
// (100, 150, 200 and 300 samples at 100 Hz, one run).
func TestHubClockBackShort(t *testing.T) {
	for _, tc := range []struct {
		name      string
		back      float64 // s the clock jumps back
		unordered bool
	}{
		{"back 1 s", 1, false},
		{"back 1.5 s", 1.5, false},
		{"back 2 s", 2, false},
		{"back 3 s", 3, false},
		{"back 1 s, reordered", 1, true},
		{"back 1.5 s, reordered", 1.5, true},
		{"back 2 s, reordered", 2, true},
		{"back 3 s, reordered", 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wall := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
			h := clockHub(t, 100*time.Millisecond, &wall)
			ss, layout := jumpedRunner(t, 3, tc.back) // the clock jumps back at 3 s
			// 4× real time: 100 ms of samples every 25 ms, on the test's
			// wall clock (Config.Now). On the machine's, a loaded machine
			// delivered the new clock's samples within the 1 s of wall
			// clock a restart needs (the pusher behind, then catching
			// up): refused, 100–300 of them, and no restart
			for k := 0; k < len(ss); k += 10 {
				wall = wall.Add(25 * time.Millisecond)
				var err error
				if tc.unordered {
					err = h.PushUnordered("phone", layout, ss[k:min(k+10, len(ss))])
				} else {
					err = h.Push("phone", layout, ss[k:min(k+10, len(ss))])
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			c := countsOf(h, "phone")
			n, rej, dups, runs, resets := c.samples, c.rejected, c.dups, c.runs, c.resets
			t.Logf("%v samples in, %v refused, %v duplicates, %v runs, %v clock resets", n, rej, dups, runs, resets)
			if rej != 0 {
				t.Errorf("gaitd_rejected_samples_total = %v, want 0: the new clock's samples were refused", rej)
			}
			if n != float64(len(ss)) {
				t.Errorf("gaitd_samples_total = %v, want %d", n, len(ss))
			}
			if runs != 2 || resets != 1 {
				t.Errorf("gaitd_runs_total = %v, gaitd_clock_resets_total = %v; want 2 and 1", runs, resets)
			}
		})
	}
}
