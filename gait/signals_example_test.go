package gait_test

import (
	"fmt"
	"log"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// RunSignals judges a whole run's form from its contacts: here 150 s of a
// simulated runner whose left foot stays on the ground longer (56 % of
// the two feet's contact time); the mean force over a step being body
// weight, the right foot's shorter contact peaks higher. Each signal is
// ok, watch, flag or unavailable; the evidence that fired says why.
func ExampleRunSignals() {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 150, Rate: 100, Gyro: true, GCTBalance: 56, Noise: 0.2, Seed: 3})
	if err != nil {
		log.Fatal(err)
	}
	cfg := gait.Config{Placement: gait.Waist}
	e, err := gait.New(cfg, layout)
	if err != nil {
		log.Fatal(err)
	}
	cs := e.Flush(e.PushBatch(nil, ss))
	for _, s := range gait.RunSignals(cs, gait.NewRunInfo(cfg, layout), gait.SignalConfig{}) {
		v := "null"
		if s.Value != nil {
			v = fmt.Sprintf("%.1f %s", *s.Value, s.Unit)
		}
		fmt.Printf("%s: %s, %s\n", s.Name, s.State, v)
		for _, ev := range s.Evidence {
			if ev.Fired {
				fmt.Printf("  %s %.1f %s (%s)\n", ev.Name, *ev.Value, ev.Unit, ev.Level)
			}
		}
	}
	// Output:
	// overstriding: ok, 0.2 sd
	// uneven_load: flag, 5.8 points
	//   GCT balance (left share) 55.8 % (flag)
	//   SI GCT -23.2 % (flag)
	//   SI impact 18.4 % (flag)
	//   SI loading rate 14.5 % (flag)
	//   SI braking -13.0 % (flag)
	// trunk_lean: ok, -0.1 deg
	// pelvic_drop_rotation: ok, 0.5 %
	// impact: flag, 1.7 g
	//   SI impact 18.4 % (flag)
	//   SI loading rate 14.5 % (flag)
	// fatigue_drift: ok, 0.5 %
	// pace_variability: ok, 1.9 %
}

// A Monitor judges the form signals as the contacts come, as serve does:
// the runner lands unevenly (a 56 % left share of contact time). Until the
// window holds enough contacts of each side the signal is unavailable;
// then it reads ok, and a flag is reported only once it has held for
// Sustain seconds of contact time.
func ExampleMonitor() {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 120, Rate: 100, Gyro: true, GCTBalance: 56, Noise: 0.2, Seed: 3})
	if err != nil {
		log.Fatal(err)
	}
	cfg := gait.Config{Placement: gait.Waist}
	e, err := gait.New(cfg, layout)
	if err != nil {
		log.Fatal(err)
	}
	m, err := gait.NewMonitor(gait.NewRunInfo(cfg, layout), gait.SignalConfig{})
	if err != nil {
		log.Fatal(err)
	}
	last := ""
	for i := 0; i < len(ss); i += 100 { // a second at a time, as a live stream
		for _, c := range e.PushBatch(nil, ss[i:min(i+100, len(ss))]) {
			m.Add(c)
		}
		for _, s := range m.Signals() {
			if s.Name == gait.SignalUnevenLoad && string(s.State) != last {
				fmt.Printf("%.0f s: uneven load %s\n", ss[i].T, s.State)
				last = string(s.State)
			}
		}
	}
	// Output:
	// 0 s: uneven load unavailable
	// 7 s: uneven load ok
	// 37 s: uneven load flag
}
