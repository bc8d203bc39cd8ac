package gait_test

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

func BenchmarkEngineStanding(b *testing.B) {
	cfg := running
	cfg.Duration = 120
	cfg.Standing = 120
	ss, layout, _ := simulate(b, cfg)
	e, _ := gait.New(gait.Config{Placement: gait.Waist}, layout)
	dst := make([]gait.Contact, 0, 8)
	b.ResetTimer()
	off := 0.0
	for i := 0; i < b.N; i++ {
		s := ss[i%len(ss)]
		if i > 0 && i%len(ss) == 0 {
			off += ss[len(ss)-1].T + 0.01
		}
		s.T += off
		dst = e.Push(dst[:0], s)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

var _ = sim.Running

