package live

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestHubClockBackBurst: a device clock that jumps back by 1–3 s over MQTT
// or HTTP push (the --reorder hold on) while the samples around the jump
// come in a burst (a network hiccup, a loaded machine): the old clock's
// last 2.5 s and the new clock's first 0.5 s arrive at once, within the
// hold. Sorted in by time, the two clocks' samples were interleaved, and
// those of the new clock with a time of the old one's were dropped as
// duplicates: lost, in neither gaitd_samples_total nor
// gaitd_rejected_samples_total (here 80 dropped and 20 refused of a jump
// of 1 s, 43 refused of 1.234 s, 80 and 30 dropped of 2 and 3 s; under
// load, TestHubClockBackShort once counted 751 samples of 801). The old
// clock's tail now goes out first and the new clock starts the next run.
// The wall clock is the test's (Config.Now): a 100 Hz stream in real time.
func TestHubClockBackBurst(t *testing.T) {
	for _, back := range []float64{1, 1.234, 2, 3} { // (1.234: off the old clock's times)
		wall := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
		h := clockHub(t, 250*time.Millisecond, &wall)
		ss, layout := jumpedRunner(t, 3, back) // the clock jumps back at 3 s
		for k := 0; k < len(ss); k += 10 {
			// in real time, 10 samples a message, but nothing from 0.5 s
			// to 3.5 s, which then comes at once
			if k < 50 || k >= 350 {
				wall = wall.Add(100 * time.Millisecond)
			} else if k == 50 {
				wall = wall.Add(3 * time.Second)
			}
			if err := h.PushUnordered("phone", layout, ss[k:min(k+10, len(ss))]); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
		c := countsOf(h, "phone")
		n, rej, dups, runs, resets := c.samples, c.rejected, c.dups, c.runs, c.resets
		t.Logf("back %v s: %v samples in, %v refused, %v duplicates, %v runs, %v clock resets", back, n, rej, dups, runs, resets)
		if n != float64(len(ss)) || rej != 0 || dups != 0 {
			t.Errorf("back %v s: gaitd_samples_total = %v, rejected %v, duplicates %v; want %d, 0 and 0", back, n, rej, dups, len(ss))
		}
		if runs != 2 || resets != 1 {
			t.Errorf("back %v s: gaitd_runs_total = %v, gaitd_clock_resets_total = %v; want 2 and 1", back, runs, resets)
		}
	}
}

// TestHubSwapsNoSplit: samples that come a period or two out of order
// (neighbours swapped in arrival, 10 % of them; timestamps jittered by up
// to ±35 % of the period, or whole messages swapped) are put in order by
// the --reorder hold and none is lost. The check for a clock gone back
// (overClock) took every late sample for one — its neighbours held less
// than 1.5 of the period it read from arrivals apart — and released the
// samples held before it early: 11 refused at no jitter, 43 at ±35 %.
func TestHubSwapsNoSplit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		jit   float64 // of the period, either way
		swap  float64 // share of samples swapped with the next
		batch bool    // whole messages swapped instead
	}{
		{"samples swapped", 0, 0.1, false},
		{"samples swapped, jittered", 0.35, 0.1, false},
		{"messages swapped, jittered", 0.35, 0.2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wall := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
			h := clockHub(t, 250*time.Millisecond, &wall)
			ss, layout := runner(t, 7, 20)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range ss {
				ss[i].T += 1000 + tc.jit*0.01*(2*rng.Float64()-1)
			}
			var msgs [][]sensor.Sample
			for k := 0; k < len(ss); k += 10 {
				msgs = append(msgs, ss[k:min(k+10, len(ss))])
			}
			if tc.batch {
				for i := 0; i+1 < len(msgs); i++ {
					if rng.Float64() < tc.swap {
						msgs[i], msgs[i+1] = msgs[i+1], msgs[i]
						i++
					}
				}
			} else {
				for i := 1; i+1 < len(ss); i++ {
					if rng.Float64() < tc.swap {
						ss[i], ss[i+1] = ss[i+1], ss[i]
						i++
					}
				}
			}
			for _, m := range msgs {
				wall = wall.Add(100 * time.Millisecond)
				if err := h.PushUnordered("phone", layout, m); err != nil {
					t.Fatal(err)
				}
			}
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			c := countsOf(h, "phone")
			n, rej, dups, runs := c.samples, c.rejected, c.dups, c.runs
			if n != float64(len(ss)) || rej != 0 || dups != 0 || runs != 1 {
				t.Errorf("%v samples in of %d, %v refused, %v duplicates, %v runs; want all, 0, 0, 1", n, len(ss), rej, dups, runs)
			}
		})
	}
}

// counts are a device's sample counters after a hub's Close.
type counts struct{ samples, rejected, dups, runs, resets float64 }

// countsOf reads device dev's counters: gaitd_samples_total,
// gaitd_rejected_samples_total, the duplicates dropped, gaitd_runs_total
// and gaitd_clock_resets_total.
func countsOf(h *Hub, dev string) counts {
	return counts{
		samples:  testutil.ToFloat64(h.m.samples.WithLabelValues(dev)),
		rejected: testutil.ToFloat64(h.m.rejected.WithLabelValues(dev)),
		dups:     testutil.ToFloat64(h.m.dups.WithLabelValues(dev)),
		runs:     testutil.ToFloat64(h.m.runs.WithLabelValues(dev)),
		resets:   testutil.ToFloat64(h.m.clockResets.WithLabelValues(dev)),
	}
}

// clockHub returns a hub analysing waist sensors whose wall clock
// (Config.Now) is *wall, with the reorder hold given.
func clockHub(t *testing.T, reorder time.Duration, wall *time.Time) *Hub {
	t.Helper()
	h, err := New(Config{DataDir: t.TempDir(), Reorder: reorder, Idle: 5 * time.Second,
		Engine: gait.Config{Placement: gait.Waist}, Now: func() time.Time { return *wall }})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// jumpedRunner returns runner's 8 s (seed 7) on a clock from 1000 s that
// goes back by back s at 1000 + at s.
func jumpedRunner(t *testing.T, at, back float64) ([]sensor.Sample, sensor.Layout) {
	t.Helper()
	ss, layout := runner(t, 7, 8)
	const t0 = 1000.0
	for i := range ss {
		ss[i].T += t0
		if ss[i].T >= t0+at {
			ss[i].T -= back
		}
	}
	return ss, layout
}
