package live_test

import (
	"fmt"
	"log"
	"os"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/sensor/sim"
)

// Devices gives each device's live figures, as /api/devices serves them:
// over the last Window steps, in the run summary's units (steps/min, ms,
// mm, % left).
func ExampleHub_Devices() {
	dir, err := os.MkdirTemp("", "gaitd-live")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	h, err := live.New(live.Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	samples, layout, _, _ := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Seed: 3})
	for k := 0; k < len(samples); k += 50 { // half a second at a time
		h.Push("belt-1", layout, samples[k:min(k+50, len(samples))])
	}
	for _, d := range h.Devices() {
		fmt.Printf("%s: run open %v, %d steps\n", d.Device, d.Running, d.Steps)
		fmt.Printf("cadence %.0f steps/min, GCT %.0f ms, flight %.0f ms, VO %.0f mm, balance %.1f %%\n",
			*d.CadenceSPM, *d.GCTms, *d.FlightMs, *d.VOmm, *d.BalancePct)
	}
	// Output:
	// belt-1: run open true, 55 steps
	// cadence 170 steps/min, GCT 243 ms, flight 110 ms, VO 71 mm, balance 50.3 %
}
