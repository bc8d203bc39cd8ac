package runs_test

import (
	"fmt"
	"os"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A Recorder follows one device: contacts open a run, an explicit stop
// (or Idle without contacts, or Close at shutdown) writes it.
func ExampleRecorder() {
	dir, _ := os.MkdirTemp("", "gaitd-runs")
	defer os.RemoveAll(dir)
	samples, layout, _, _ := sim.Generate(sim.Config{Activity: sim.Running, Duration: 30, Rate: 100, Seed: 7})
	r, err := runs.NewRecorder(runs.Config{DataDir: dir, Device: "belt-1", Engine: gait.Config{Placement: gait.Waist}, Layout: layout,
		Clock: func() time.Time { return time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC) }})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range samples {
		r.Push(s)
	}
	id, err := r.Stop()
	fmt.Println(id, err)
	recs, _ := runs.List(dir)
	fmt.Println(len(recs), recs[0].Device, recs[0].Activity, recs[0].Steps > 80)
	// Output:
	// 20261122T070000000Z <nil>
	// 1 belt-1 running true
}
