package phyphox_test

import (
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// TestRunPausedOutOfReach: an experiment read while it measures, paused
// while the phone was out of reach and seen paused only when the phone is
// back, measures again 0.3 s later: the samples after the pause come the
// whole pause after those before it. The pause was dated by the poll that
// saw it, not by when the experiment's clock stopped: understated by the
// time out of reach, and spliced (the 0.3 s seen, under PauseGap). It
// begins when the clock read its last time, by the clock's wall time from
// the polls that saw it measure.
func TestRunPausedOutOfReach(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	start := time.Now() // sample i measured at start + i × 10 ms, until the pause
	feed := func(from, to int, start time.Time) {
		for i := from; i < to; {
			for n := int(time.Since(start) / (10 * time.Millisecond)); i < min(n, to); i++ {
				p.Add(float64(i)/100, 0, 0, 9.81)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Interval: 20 * time.Millisecond})
	feed(0, 100, start)
	waitFor(t, "100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	p.SetDown(true)
	feed(100, 150, start) // measured out of reach
	p.SetMeasuring(false)
	paused := time.Now()
	time.Sleep(time.Second)
	p.SetDown(false)
	waitFor(t, "150 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 150 })
	time.Sleep(300 * time.Millisecond)
	resumed := time.Now()
	p.SetMeasuring(true)
	feed(150, 300, resumed.Add(-1500*time.Millisecond))
	waitFor(t, "300 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 300 })
	stop()
	ss, _, _ := c.snapshot()
	want := resumed.Sub(paused).Seconds() + 0.01
	gap := ss[150].T - ss[149].T
	t.Logf("samples after the pause %.3f s after those before it; paused %.3f s", gap, want)
	if math.Abs(gap-want) > 0.2 {
		t.Errorf("samples after the pause %.3f s after those before it, want the pause, %.3f s ± 0.2", gap, want)
	}
	for i := 1; i < len(ss); i++ {
		if d := ss[i].T - ss[i-1].T; i != 150 && math.Abs(d-0.01) > 1e-9 {
			t.Errorf("sample %d: step %v", i, d)
		}
	}
	if st := src.Stats(); st.Pauses != 1 {
		t.Errorf("stats %+v, want 1 pause", st)
	}
}
