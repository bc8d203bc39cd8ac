package runs

import (
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

func signal(sigs []gait.Signal, name string) gait.Signal {
	for _, s := range sigs {
		if s.Name == name {
			return s
		}
	}
	return gait.Signal{}
}

// Every run is judged against its own baseline: the live form signals
// (Monitor) start afresh when a run closes. Run 1 brakes normally; run 2
// brakes much harder. Against run 1's baseline run 2 would flag
// overstriding; judged on its own, its baseline is still forming.
func TestRecorderSignalsPerRun(t *testing.T) {
	gen := func(seed uint64, braking, dur float64) ([]sensor.Sample, sensor.Layout) {
		ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Seed: seed, Braking: braking})
		if err != nil {
			t.Fatal(err)
		}
		return ss, layout
	}
	a, layout := gen(1, 1, 70)
	b, _ := gen(2, 1.8, 50)
	r, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Idle: 10 * time.Second,
		Signals: gait.SignalConfig{Sustain: 5}, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a {
		r.Push(s)
	}
	if o := signal(r.Live().Signals, gait.SignalOverstriding); o.State == gait.StateUnavailable || !strings.Contains(o.Reason, "vs the baseline") {
		t.Fatalf("run 1 overstriding: %s %q", o.State, o.Reason)
	}
	// run 2 starts 20 s later: its first sample closes run 1 (idle) once
	// the second shows the jump real (AheadJump)
	t0 := a[len(a)-1].T + 20
	for i := range b {
		b[i].T += t0
	}
	if err := r.Push(b[0]); err != nil || !r.Live().Running || len(r.Written()) != 0 {
		t.Fatalf("run 1 closed by a sample 20 s on before the next: %v %+v", err, r.Written())
	}
	if err := r.Push(b[1]); err != nil || r.Live().Running || len(r.Written()) != 1 {
		t.Fatalf("run 1 not closed by the idle time: %v %+v", err, r.Written())
	}
	// between runs: as before the first run
	fresh, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout})
	if err != nil {
		t.Fatal(err)
	}
	between, want := r.Live(), fresh.Live()
	for i, s := range between.Signals {
		if w := want.Signals[i]; s.Name != w.Name || s.State != w.State || s.Value != nil || s.Reason != w.Reason {
			t.Errorf("between runs: %s %s %v %q, want %s %q", s.Name, s.State, s.Value, s.Reason, w.State, w.Reason)
		}
	}
	for _, s := range b[2:] {
		r.Push(s)
	}
	o := signal(r.Live().Signals, gait.SignalOverstriding)
	if o.State == gait.StateFlag || !strings.Contains(o.Reason, "baseline forming") {
		t.Errorf("run 2 judged against run 1's baseline: %s %q", o.State, o.Reason)
	}
	// and a Stop starts the next run afresh too
	if id, err := r.Stop(); err != nil || id == "" {
		t.Fatalf("stop: %q %v", id, err)
	}
	if o := signal(r.Live().Signals, gait.SignalOverstriding); o.State != gait.StateUnavailable || o.Reason != "no contacts yet" {
		t.Errorf("after stop: %s %q", o.State, o.Reason)
	}
}
