package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestLoneAxisFarOffWarned: a lone vertical axis averaging under 0.5 g is
// not scaled (Engine.lone): at 62° from vertical a run keeps 1–2 of its
// ~115–170 contacts, and the summary said nothing — no reason (there are
// contacts), no warning (the lone-axis one began at 0.5 g; a review).
func TestLoneAxisFarOffWarned(t *testing.T) {
	for _, act := range []sim.Activity{sim.Running, sim.Walking} {
		ss, l, _ := simulate(t, sim.Config{Activity: act, Placement: sim.Waist, Duration: 60, Rate: 100, Frame: sensor.FrameAnatomical, Noise: 0.1, Seed: 3})
		th := 62 * math.Pi / 180
		nl := sensor.Layout{Rate: l.Rate, Frame: sensor.FrameAnatomical}
		nl.Acc[sensor.AxisV] = true
		in := make([]sensor.Sample, len(ss))
		for i, s := range ss {
			in[i] = sensor.Sample{T: s.T, Acc: [3]float64{math.Cos(th)*s.Acc[0] + math.Sin(th)*s.Acc[1], 0, 0}}
		}
		cs, st := detect(t, gait.Config{Placement: gait.Waist}, nl, in)
		sum := gait.NewSummary(gait.Waist)
		for _, c := range cs {
			sum.Add(c)
		}
		sum.SetStats(st)
		r := sum.Report()
		if len(cs) > 0 && len(cs) < 20 && r.Reason == "" && len(r.Warnings) == 0 {
			t.Errorf("%v, lone axis 62° off (mean %.2f g): %d contacts in 60 s, no reason, no warning", act, st.MeanVertical, len(cs))
		}
	}
}
