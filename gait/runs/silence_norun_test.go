package runs

import (
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRecorderSilenceBeforeRunOpens: a bout too short for the engine to
// have given a contact yet — a sensor switched on, a few steps, switched
// off; a phone that drops out a second into a run, and does not come back
// — and then Idle of wall-clock silence: the silence writes the bout as a
// run, with the contacts a shutdown there gives, as it does when a run is
// open. No run being open, the silence did nothing: the contacts stayed in
// the engine until the shutdown, days later perhaps, which wrote them as a
// run stamped with its own time. After an earlier run too (the bout after
// a pause).
func TestRecorderSilenceBeforeRunOpens(t *testing.T) {
	for _, tc := range []struct {
		name  string
		act   sim.Activity
		pl    sim.Placement
		gpl   gait.Placement
		after bool // a 20 s run and a pause before the bout
	}{
		{"waist walking", sim.Walking, sim.Waist, gait.Waist, false},
		{"waist running", sim.Running, sim.Waist, gait.Waist, false},
		{"shoe walking", sim.Walking, sim.Shoe, gait.Shoe, false},
		{"waist walking after a run", sim.Walking, sim.Waist, gait.Waist, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, layout, _, err := sim.Generate(sim.Config{Activity: tc.act, Placement: tc.pl, Duration: 20, Rate: 100, Gyro: true, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			var lead []sensor.Sample // the earlier run and a pause of 40 s
			if tc.after {
				lead = append(lead, a...)
				t0 := a[len(a)-1].T
				for i := 1; i <= 4000; i++ {
					lead = append(lead, sensor.Sample{T: t0 + float64(i)/100, Acc: [3]float64{sensor.G0, 0, 0}})
				}
			}
			cfg := gait.Config{Placement: tc.gpl}
			tested := 0
			for n := 50; n <= 250; n += 10 {
				ss := append([]sensor.Sample(nil), lead...)
				t0 := 0.0
				if len(lead) > 0 {
					t0 = lead[len(lead)-1].T + 0.01
				}
				for _, s := range a[:n] {
					s.T += t0
					ss = append(ss, s)
				}
				want := len(analyzeAll(t, cfg, layout, ss))
				dir := t.TempDir()
				var seen int
				r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: cfg, Layout: layout, Idle: 10 * time.Second, Clock: clock(),
					OnContact: func(gait.Contact) { seen++ }})
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range ss {
					if err := r.Push(s); err != nil {
						t.Fatal(err)
					}
				}
				before, open := r.Runs(), r.Live().Running
				if open {
					continue // a run is open: TestRecorderSilence's case
				}
				if err := r.Quiet(10 * time.Second); err != nil {
					t.Fatal(err)
				}
				atQuiet := r.Runs() - before
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				runs := r.Runs() - before
				if seen == 0 {
					continue // no contact at all: nothing to write
				}
				tested++
				if atQuiet != 1 || runs != 1 || seen != want {
					t.Errorf("%d samples of the bout: %d runs written at the silence, %d by the end, %d contacts (one analysis %d)",
						n, atQuiet, runs, seen, want)
				}
				recs, err := List(dir)
				if err != nil || len(recs) != before+1 {
					t.Fatalf("%d runs listed (%v), want %d", len(recs), err, before+1)
				}
				// the stream comes back on the same clock (a backlog):
				// no contact lost or twice, those after the silence as
				// one analysis finds them (as TestRecorderSilence); the
				// bout's first, in the closed run, are as a stream
				// ending at the silence gives them (in the engine's
				// first second, an IC up to 13 ms from one analysis)
				full := append([]sensor.Sample(nil), ss...)
				for _, s := range a[n:] {
					s.T += t0
					full = append(full, s)
				}
				wantAll := analyzeAll(t, cfg, layout, full)
				var got []gait.Contact
				r, err = NewRecorder(Config{DataDir: t.TempDir(), Device: "d", Engine: cfg, Layout: layout, Idle: 10 * time.Second, Clock: clock(),
					OnContact: func(c gait.Contact) { got = append(got, c) }})
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range full {
					if err := r.Push(s); err != nil {
						t.Fatal(err)
					}
					if i == len(ss)-1 {
						must(t, r.Quiet(10*time.Second))
					}
				}
				must(t, r.Close())
				if len(got) != len(wantAll) {
					t.Errorf("%d samples of the bout, resumed: %d contacts, one analysis %d", n, len(got), len(wantAll))
					continue
				}
				cut := ss[len(ss)-1].T
				for i, w := range wantAll {
					if w.IC <= cut {
						continue
					}
					if math.Abs(got[i].IC-w.IC) > 1e-4 || !(math.Abs(got[i].FC-w.FC) <= 1e-4 || math.IsNaN(got[i].FC) && math.IsNaN(w.FC)) {
						t.Errorf("%d samples of the bout, resumed: contact %d at %.4f s (FC %.4f), one analysis %.4f (%.4f)", n, i, got[i].IC, got[i].FC, w.IC, w.FC)
						break
					}
				}
			}
			if tested == 0 {
				t.Fatal("no bout short enough: the test does not test")
			}
			t.Logf("%d bout lengths with contacts and no run open at the silence", tested)
		})
	}
}
