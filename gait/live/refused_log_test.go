package live

import (
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestHubRefusedLoggedOnceAMinute: samples the engine refuses now and
// then while a run goes on (a bad value every second) are said one line a
// minute at most, as documented, with what is left said when the run
// ends — at shutdown, or closed by the idle time as the stream goes on.
// The hub's quiet check, every second, said them each time (it took every
// device's state as a run that ended): 30 lines in 30 s.
func TestHubRefusedLoggedOnceAMinute(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stand int // seconds of standing after the running: over Idle (5 s), the run closes
	}{{"shutdown", 0}, {"idle close", 10}} {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder // the hub logs on the calling goroutine: no Run here
			h, err := New(Config{DataDir: t.TempDir(), Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist},
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ss, layout := runner(t, 1, 30)
			for i := 50; i < len(ss); i += 100 {
				ss[i].Acc[0] = math.NaN() // one bad sample a second
			}
			t0 := ss[len(ss)-1].T
			for i := 1; i <= 100*tc.stand; i++ {
				ss = append(ss, sensor.Sample{T: t0 + float64(i)/100, Acc: [3]float64{sensor.G0, 0, 0}})
			}
			for k := 0; k < len(ss); k += 100 { // a second of samples, then the hub's 1 s tick
				if err := h.Push("belt", layout, ss[k:min(k+100, len(ss))]); err != nil {
					t.Fatal(err)
				}
				h.quiet(time.Now())
			}
			lines := func() int { return strings.Count(logs.String(), "samples refused by the analysis") }
			before := lines()
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			if v := testutil.ToFloat64(h.m.rejected.WithLabelValues("belt")); v != 30 {
				t.Errorf("rejected %v, want 30", v)
			}
			want := 1 // the first at once; the other 29 when the run ends
			if tc.stand > 0 {
				want = 2 // (it ended before the shutdown)
			}
			if before != want || lines() != 2 || !strings.Contains(logs.String(), "device=belt samples=29") {
				t.Errorf("%d lines about refused samples before the shutdown and %d in all; want %d and 2 (the first at once, the other 29 when the run ends):\n%s",
					before, lines(), want, logs.String())
			}
		})
	}
}
