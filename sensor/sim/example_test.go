package sim_test

import (
	"fmt"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A ten-second run seen by a waist sensor, with its ground truth.
func Example() {
	s, err := sim.New(sim.Config{
		Activity: sim.Running,
		Duration: 10,
		Rate:     100,
		Speed:    3.3,
		Frame:    sensor.FrameAnatomical,
		Gyro:     true,
		Seed:     1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var x sensor.Sample
	n := 0
	for s.Read(&x) == nil {
		n++
	}
	truth := s.Truth()
	c := truth[1]
	fmt.Printf("%d samples at %v Hz, %d contacts\n", n, s.Layout().Rate, len(truth))
	fmt.Printf("contact 1: %c IC %.3f s, GCT %.0f ms, VO %.0f mm, braking %.2f m/s\n",
		c.Side, c.IC, (c.FC-c.IC)*1e3, c.VO*1e3, c.Braking)
	// Output:
	// 1001 samples at 100 Hz, 29 contacts
	// contact 1: R IC 0.387 s, GCT 224 ms, VO 71 mm, braking 0.30 m/s
}
