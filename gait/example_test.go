package gait_test

import (
	"fmt"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// Samples go in one at a time; contacts come out as they become final.
func ExampleEngine() {
	stream, _ := sim.New(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Gyro: true, Seed: 7})
	e, _ := gait.New(gait.Config{Placement: gait.Waist}, stream.Layout())
	sum := gait.NewSummary(gait.Waist)
	var buf []gait.Contact
	var s sensor.Sample
	for stream.Read(&s) == nil {
		buf = e.Push(buf[:0], s)
		for _, c := range buf {
			sum.Add(c)
		}
	}
	for _, c := range e.Flush(buf[:0]) {
		sum.Add(c)
	}
	r := sum.Report()
	fmt.Printf("%s, %d steps, cadence %.0f steps/min, GCT %.0f ms\n", r.Activity, r.Steps, *r.CadenceSPM, *r.GCTms)
	// Output:
	// running, 56 steps, cadence 170 steps/min, GCT 238 ms
}
