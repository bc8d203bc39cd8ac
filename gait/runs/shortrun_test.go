package runs

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRecorderShortRunScale: a run stopped a fraction of a second after
// it opened (a stop pressed a few steps in) is not warned that its
// acceleration is read at the wrong scale. Its own share of the vertical
// channel, 0–45 samples, is part of a stride, whose mean is no gravity:
// it read 0.00 g (no sample yet on the engine's grid), 0.39, 0.70, 0.77 g
// running and 1.29 g walking, each said to be a wrong --acc-unit. The
// device's mean so far is taken for so short a share, as before runs had
// their own.
func TestRecorderShortRunScale(t *testing.T) {
	for _, act := range []sim.Activity{sim.Running, sim.Walking} {
		for _, extra := range []int{5, 10, 15, 20, 45} {
			ss, layout, _, err := sim.Generate(sim.Config{Activity: act, Duration: 30, Rate: 100, Gyro: true, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			r, err := NewRecorder(Config{DataDir: dir, Device: "belt", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: clock()})
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for ; i < len(ss) && !r.Live().Running; i++ {
				r.Push(ss[i])
			}
			for k := 0; k < extra && i < len(ss); k++ {
				r.Push(ss[i])
				i++
			}
			if _, err := r.Stop(); err != nil {
				t.Fatal(err)
			}
			recs, err := List(dir)
			if err != nil || len(recs) != 1 {
				t.Fatalf("%v %d: runs %v %v", act, extra, recs, err)
			}
			if w := warning(recs[0], "vertical acceleration averages"); w != "" {
				t.Errorf("%v, stopped %d samples after the run opened (%d steps): %q", act, extra, recs[0].Steps, w)
			}
		}
	}
}
