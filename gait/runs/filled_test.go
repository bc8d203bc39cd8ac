package runs

import (
	"os"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestRunFilledStepsPerRun: a run's filled_steps counts the contacts found
// in the step rhythm during that run, as its gaps, bridged holes and
// rejected samples count its own: a device's runs together hold the
// engine's count, each at most its steps. It took the engine's count since
// the device started, so every run after one with filled steps reported
// them again (on mobgap's daily-life walk, split by stops).
func TestRunFilledStepsPerRun(t *testing.T) {
	const walk = "../../../shared/datasets/mobgap/HA001_Test11_Trial1/input.csv"
	f, err := os.Open(walk)
	if err != nil {
		t.Skipf("datasets not available: %v", err)
	}
	defer f.Close()
	src, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: walk})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r, err := NewRecorder(Config{DataDir: dir, Device: "belt", Engine: gait.Config{Placement: gait.Waist}, Layout: src.Layout(), Idle: time.Hour, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	next := 20.0 // a stop every 20 s of the walk
	for {
		var s sensor.Sample
		if src.Read(&s) != nil {
			break
		}
		if err := r.Push(s); err != nil {
			t.Fatal(err)
		}
		if s.T >= next {
			if _, err := r.Stop(); err != nil {
				t.Fatal(err)
			}
			next += 20
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	total := r.Stats().Filled
	if total == 0 {
		t.Fatal("no contact filled on the walk: the test needs some")
	}
	recs, err := List(dir)
	if err != nil || len(recs) < 3 {
		t.Fatalf("%d runs (%v)", len(recs), err)
	}
	var sum int64
	for _, rec := range recs {
		sum += rec.FilledSteps
		if rec.FilledSteps > int64(rec.Steps) {
			t.Errorf("run %s: filled_steps %d of %d steps", rec.ID, rec.FilledSteps, rec.Steps)
		}
	}
	if sum != total {
		t.Errorf("the %d runs' filled_steps add up to %d; %d contacts were filled", len(recs), sum, total)
	}
}
