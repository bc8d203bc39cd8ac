package gait_test

import (
	"fmt"

	"github.com/gaitd/gaitd/gait"
)

// Two shoe sensors, each on its own clock: the right one started 0.20 s
// after the left, so its times read 0.20 s early. Align finds the offset
// that puts the right strikes half-way between the left ones; Pair merges
// both feet into one run of alternating steps.
func ExampleAlign() {
	var left, right []gait.Contact
	for i := range 20 { // a 0.70 s stride, 0.22 s contacts
		ic := 1 + 0.70*float64(i)
		left = append(left, gait.Contact{IC: ic, FC: ic + 0.22, GCT: 0.22, Side: gait.Left})
		ic += 0.35 - 0.20 // half a stride later, on a clock 0.20 s behind
		right = append(right, gait.Contact{IC: ic, FC: ic + 0.22, GCT: 0.22, Side: gait.Right})
	}
	off, ok := gait.Align(left, right)
	fmt.Printf("offset %+.2f s, %v\n", off, ok)

	run := gait.Pair(left, right, off)
	var steps []float64
	for _, c := range run[:4] {
		fmt.Printf("%v IC %.2f s, step %.2f s, flight %.2f s\n", c.Side, c.IC, c.Step, c.Flight)
	}
	for _, c := range run {
		steps = append(steps, c.Step)
	}
	fmt.Printf("%d contacts, cadence %.0f steps/min\n", len(run), gait.Cadence(steps))
	// Output:
	// offset +0.20 s, true
	// L IC 1.00 s, step 0.35 s, flight 0.13 s
	// R IC 1.35 s, step 0.35 s, flight 0.13 s
	// L IC 1.70 s, step 0.35 s, flight 0.13 s
	// R IC 2.05 s, step 0.35 s, flight 0.13 s
	// 40 contacts, cadence 171 steps/min
}
