package runs

import (
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRunNotSplitByActivityOrSource: what does not end a run (package
// doc) — a change of activity (a walk into a run and back, no pause) and a
// change of the device's source (SetSource: another port, another message
// format, under the same device name) — leaves one run holding every
// contact of one analysis of the stream; its summary judges the main
// activity, and its input names the source at the run's end.
func TestRunNotSplitByActivityOrSource(t *testing.T) {
	var ss []sensor.Sample
	var layout sensor.Layout
	for i, act := range []sim.Activity{sim.Walking, sim.Running, sim.Walking} {
		dur := []float64{30, 60, 20}[i]
		part, l, _, err := sim.Generate(sim.Config{Activity: act, Duration: dur, Rate: 100, Gyro: true, Seed: uint64(30 + i)})
		if err != nil {
			t.Fatal(err)
		}
		layout = l
		t0 := 0.0
		if len(ss) > 0 {
			t0 = ss[len(ss)-1].T + 0.01
		}
		for _, s := range part {
			s.T += t0
			ss = append(ss, s)
		}
	}
	cfg := gait.Config{Placement: gait.Waist}
	want := analyzeAll(t, cfg, layout, ss)
	acts := map[gait.Activity]int{}
	for _, c := range want {
		acts[c.Activity]++
	}
	if acts[gait.Walking] < 20 || acts[gait.Running] < 100 {
		t.Fatalf("one analysis: %v contacts by activity; the stream does not change activity", acts)
	}
	dir := t.TempDir()
	r, err := NewRecorder(Config{DataDir: dir, Device: "belt", Source: "serial:/dev/ttyUSB0 format=witmotion", Engine: cfg, Layout: layout,
		Idle: 10 * time.Second, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range ss {
		if i == len(ss)/2 {
			r.SetSource("serial:/dev/ttyUSB1 format=witmotion")
		}
		if err := r.Push(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := List(dir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d runs (%v), want 1", len(recs), err)
	}
	rec := recs[0]
	t.Logf("one analysis: %d contacts %v; run: %d steps, activity %s", len(want), acts, rec.Steps, rec.Activity)
	if rec.Steps != len(want) {
		t.Errorf("run of %d steps, one analysis %d", rec.Steps, len(want))
	}
	if rec.Activity != gait.Running.String() {
		t.Errorf("run activity %q, want running (its main activity)", rec.Activity)
	}
	if !strings.HasPrefix(rec.Input, "serial:/dev/ttyUSB1 ") {
		t.Errorf("run input %q, want the source at its end", rec.Input)
	}
}
