package gait_test

import (
	"fmt"
	"log"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A Summary of a minute on a treadmill at 3.3 m/s: with the speed known
// it adds step length (speed · step time) and vertical ratio (VO / step
// length); Window cuts the run into stretches of that many seconds.
func ExampleSummary() {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 100, Speed: 3.3, Gyro: true, Seed: 5})
	if err != nil {
		log.Fatal(err)
	}
	cfg := gait.Config{Placement: gait.Waist}
	e, err := gait.New(cfg, layout)
	if err != nil {
		log.Fatal(err)
	}
	sum := gait.NewSummary(gait.Waist)
	sum.Speed = 3.3 // m/s
	sum.Window = 20 // s
	sum.SetRunInfo(gait.NewRunInfo(cfg, layout))
	for _, c := range e.Flush(e.PushBatch(nil, ss)) {
		sum.Add(c)
	}
	sum.SetStats(e.Stats())
	sum.Span(ss[0].T, ss[len(ss)-1].T)

	r := sum.Report()
	fmt.Printf("%s, %d steps in %.0f s\n", r.Activity, r.Steps, r.DurationS)
	fmt.Printf("cadence %.0f steps/min, step %.0f ms, GCT %.0f ms, duty factor %.2f\n", *r.CadenceSPM, *r.StepMs, *r.GCTms, *r.DutyFactor)
	fmt.Printf("step length %.2f m, VO %.0f mm, vertical ratio %.1f %%\n", *r.StepLengthM, *r.VOmm, *r.VerticalRatioPct)
	for _, w := range r.Windows {
		fmt.Printf("%2.0f–%2.0f s: %.0f steps/min\n", w.StartS, w.EndS, *w.CadenceSPM)
	}
	// Output:
	// running, 170 steps in 60 s
	// cadence 170 steps/min, step 353 ms, GCT 242 ms, duty factor 0.34
	// step length 1.16 m, VO 71 mm, vertical ratio 6.1 %
	//  0–20 s: 170 steps/min
	// 20–40 s: 170 steps/min
	// 40–60 s: 170 steps/min
}
