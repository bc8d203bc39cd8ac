package gait_test

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// BenchmarkMonitorAdd is the live form signals' cost a contact: a waist
// run's contacts, with gyro and sides, judged one at a time by a Monitor
// as gaitd serve judges each device's (b.N contacts; the run's replayed
// as often as needed, each pass a new Monitor).
func BenchmarkMonitorAdd(b *testing.B) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 300, Rate: 100, Gyro: true, Noise: 0.2, Tilt: waistTilt, Seed: 54}
	ss, layout, _ := simulate(b, cfg)
	ecfg := gait.Config{Placement: gait.Waist}
	cs, _ := detect(b, ecfg, layout, ss)
	if len(cs) < 100 {
		b.Fatalf("%d contacts", len(cs))
	}
	info := gait.NewRunInfo(ecfg, layout)
	b.ReportAllocs()
	b.ResetTimer()
	var m *gait.Monitor
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		if k == 0 {
			b.StopTimer()
			var err error
			if m, err = gait.NewMonitor(info, gait.SignalConfig{}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		m.Add(cs[k])
	}
}
