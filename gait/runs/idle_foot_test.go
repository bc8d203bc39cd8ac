package runs

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRecorderIdleOneFoot: a one-foot sensor's contacts come a stride
// apart (1.0–1.1 s walking) and the engine reports each up to 1.4 s after
// its IC, so the idle clock, counted from the last contact reported, ran
// past 2 s before every contact: with Idle 2 s a walker's shoe or shank
// made a run per contact (57 runs for 58 contacts). Idle means a pause
// between contacts longer than Idle: a continuous walk or run is one run,
// and a standing pause longer than Idle splits it (one shorter by 1 s, the
// most a contact is found after its IC, does not),
// the runs together holding every contact of one analysis, as it finds
// it.
func TestRecorderIdleOneFoot(t *testing.T) {
	for _, tc := range []struct {
		name string
		pl   sim.Placement
		act  sim.Activity
		gp   gait.Placement
	}{
		{"shoe walking", sim.Shoe, sim.Walking, gait.Shoe},
		{"shank walking", sim.Shank, sim.Walking, gait.Shank},
		{"shoe slow walking", sim.Shoe, sim.Walking, gait.Shoe},
		{"shoe running", sim.Shoe, sim.Running, gait.Shoe},
	} {
		t.Run(tc.name, func(t *testing.T) {
			speed := 0.0
			if tc.name == "shoe slow walking" {
				speed = 0.7
			}
			a, layout, _, err := sim.Generate(sim.Config{Activity: tc.act, Placement: tc.pl, Speed: speed, Duration: 40, Rate: 100, Gyro: true, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			// then standing 4 s, and on again
			b, _, _, err := sim.Generate(sim.Config{Activity: tc.act, Placement: tc.pl, Speed: speed, Duration: 30, Standing: 4, Rate: 100, Gyro: true, Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			ss := append([]sensor.Sample(nil), a...)
			t0 := a[len(a)-1].T + 0.01
			for _, s := range b {
				s.T += t0
				ss = append(ss, s)
			}
			cfg := gait.Config{Placement: tc.gp, Side: gait.Left}
			want := analyzeAll(t, cfg, layout, ss)
			var stride, pause float64 // the longest IC to IC in the walk, and the pause
			for i := 1; i < len(want); i++ {
				d := want[i].IC - want[i-1].IC
				if want[i].IC < t0 {
					stride = math.Max(stride, d)
				} else {
					pause = math.Max(pause, d)
				}
			}
			if stride > 1.3 || pause < 4 {
				t.Fatalf("strides up to %.2f s, a pause of %.2f s: the test needs a walk and a pause", stride, pause)
			}
			for _, idle := range []struct {
				d    float64
				runs int
			}{{2, 2}, {pause - 0.3, 2}, {pause + 1, 1}} {
				dir := t.TempDir()
				var got []gait.Contact
				r, err := NewRecorder(Config{DataDir: dir, Device: "foot", Engine: cfg, Layout: layout, Idle: time.Duration(idle.d * float64(time.Second)), Clock: clock(),
					OnContact: func(c gait.Contact) { got = append(got, c) }})
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range ss {
					if err := r.Push(s); err != nil {
						t.Fatal(err)
					}
				}
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				recs, err := List(dir)
				if err != nil || len(recs) != idle.runs {
					t.Errorf("Idle %.2f s (strides up to %.2f s, a pause of %.2f s): %d runs (%v), want %d", idle.d, stride, pause, len(recs), err, idle.runs)
				}
				if len(got) != len(want) {
					t.Errorf("Idle %.2f s: %d contacts, %d in one analysis", idle.d, len(got), len(want))
					continue
				}
				for i := range got {
					if g, w := fmt.Sprintf("%+v", got[i]), fmt.Sprintf("%+v", want[i]); g != w {
						t.Errorf("Idle %.2f s: contact %d\n%s, in one analysis\n%s", idle.d, i, g, w)
					}
				}
			}
		})
	}
}
