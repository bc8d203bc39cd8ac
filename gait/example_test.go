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
	// running, 56 steps, cadence 170 steps/min, GCT 241 ms
}

// Samples that arrive in blocks (a decoded payload, a buffer of a file) go
// in with PushBatch: the same contacts as Push, without a copy per sample.
func ExampleEngine_PushBatch() {
	ss, layout, _, _ := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Gyro: true, Seed: 7})
	e, _ := gait.New(gait.Config{Placement: gait.Waist}, layout)
	var contacts []gait.Contact
	for i := 0; i < len(ss); i += 64 {
		contacts = e.PushBatch(contacts, ss[i:min(i+64, len(ss))])
	}
	contacts = e.Flush(contacts)
	fmt.Printf("%d contacts, the first at %.2f s\n", len(contacts), contacts[0].IC)
	// Output:
	// 56 contacts, the first at 0.04 s
}
