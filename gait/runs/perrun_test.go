package runs

import (
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// twoRuns pushes a, then b 60 s after a's end, through one Recorder,
// stopping after each, and returns the runs written, oldest first.
func twoRuns(t *testing.T, layout sensor.Layout, a, b []sensor.Sample) []Record {
	t.Helper()
	dir := t.TempDir()
	r, err := NewRecorder(Config{DataDir: dir, Device: "belt", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a {
		r.Push(s)
	}
	if _, err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	t0 := a[len(a)-1].T + 60
	for _, s := range b {
		s.T += t0
		r.Push(s)
	}
	if _, err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	recs, err := List(dir)
	if err != nil || len(recs) != 2 {
		t.Fatalf("runs: %v %v", recs, err)
	}
	if recs[0].Steps < recs[1].Steps {
		recs[0], recs[1] = recs[1], recs[0] // the first run is the longer
	}
	return recs
}

func warning(rec Record, part string) string {
	for _, w := range rec.Warnings {
		if strings.Contains(w, part) {
			return w
		}
	}
	return ""
}

// TestRecorderSlowRatePerRun: a run's summary says the input's rate fell
// only when it fell during that run. A phone throttled for 15 s of a first
// run (100 → 50 Hz) and back to its rate: the second run is not warned. The
// engine keeps the stream's lowest rate, and every later run of the device
// said "the input's sample rate fell from 100 to 50 Hz from 20.0 s" (a
// review).
func TestRecorderSlowRatePerRun(t *testing.T) {
	gen := func(seed uint64, dur float64) ([]sensor.Sample, sensor.Layout) {
		ss, l, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return ss, l
	}
	a, layout := gen(1, 60)
	b, _ := gen(2, 30)
	var slowed []sensor.Sample
	for i, s := range a {
		if s.T >= 20 && s.T < 35 && i%2 != 0 {
			continue // every other sample: 50 Hz
		}
		slowed = append(slowed, s)
	}
	recs := twoRuns(t, layout, slowed, b)
	if w := warning(recs[0], "sample rate fell"); !strings.Contains(w, "to 50 Hz from 2") {
		t.Errorf("first run (throttled): warning %q, want its fall to 50 Hz from about 20 s", w)
	}
	if w := warning(recs[1], "sample rate fell"); w != "" {
		t.Errorf("second run (at its rate throughout): %q", w)
	}
}

// TestRecorderMeanVerticalPerRun: the checks on a waist's vertical channel
// read the run's own mean. A lone acc_v worn upright for 120 s, then
// turned 40° (it reads cos 40° ≈ 0.77 g) for a 30 s run: the second run is
// warned of its own 0.77 g and the first of nothing. Taken over the
// engine's life the second run's mean read 0.95 g, and it said nothing.
func TestRecorderMeanVerticalPerRun(t *testing.T) {
	gen := func(seed uint64, dur, tilt float64) ([]sensor.Sample, sensor.Layout) {
		ss, l, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Frame: sensor.FrameAnatomical,
			Axes: [3]bool{true, true, false}, Noise: 0.2, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		c, s := math.Cos(tilt*math.Pi/180), math.Sin(tilt*math.Pi/180)
		for i := range ss {
			v, ap := ss[i].Acc[sensor.AxisV], ss[i].Acc[sensor.AxisAP]
			ss[i].Acc[sensor.AxisV], ss[i].Acc[sensor.AxisAP] = c*v+s*ap, 0
		}
		l.Acc = [3]bool{true, false, false}
		return ss, l
	}
	a, layout := gen(1, 120, 0)
	b, _ := gen(2, 30, 40)
	recs := twoRuns(t, layout, a, b)
	if w := warning(recs[0], "vertical channel alone averages"); w != "" {
		t.Errorf("first run (upright): %q", w)
	}
	if w := warning(recs[1], "vertical channel alone averages"); !strings.Contains(w, "averages 0.7") {
		t.Errorf("second run (turned 40°): warning %q, want its own mean, 0.77 g", w)
	}
}
