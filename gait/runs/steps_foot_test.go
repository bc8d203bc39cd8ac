package runs

import (
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestLiveStepsOneFoot: a shoe sensor's contacts are every other step, and
// the run it writes counts two steps for each (Summary.stepWeight); the
// live steps (/api/devices "steps") counted one and read half the run's —
// 58 for a written run of 116 — beside a cadence of both legs.
func TestLiveStepsOneFoot(t *testing.T) {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 40, Rate: 100, Gyro: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    gait.Placement
	}{{"shoe", gait.Shoe}} {
		dir := t.TempDir()
		r, err := NewRecorder(Config{DataDir: dir, Device: "shoe-1", Engine: gait.Config{Placement: tc.p}, Layout: layout, Idle: 10 * time.Second, Clock: clock()})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			if err := r.Push(s); err != nil {
				t.Fatal(err)
			}
		}
		live := r.Live()
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		recs, err := List(dir)
		if err != nil || len(recs) != 1 {
			t.Fatalf("runs %v %v", recs, err)
		}
		if math.Abs(live.CadenceSPM-170) > 8 {
			t.Errorf("%s: live cadence %.1f steps/min, want ≈ 170", tc.name, live.CadenceSPM)
		}
		// the open run's last contacts wait for the flush at Close
		if d := recs[0].Steps - int(live.Steps); d < 0 || d > 4 {
			t.Errorf("%s: live steps %d, the written run's %d", tc.name, live.Steps, recs[0].Steps)
		}
	}
}
