package gait_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestInjectedBalance: a runner with a 48/52 GCT balance is measured within
// 0.5 points, with gyro and with the accelerometer only; a symmetric runner
// reads 50 ± 0.5.
func TestInjectedBalance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		balance float64
		gyro    bool
	}{
		{"48/52 with gyro", 48, true},
		{"48/52 accelerometer only", 48, false},
		{"symmetric with gyro", 50, true},
		{"53/47 accelerometer only", 53, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 120, Rate: 100, Gyro: tc.gyro,
				GCTBalance: tc.balance, Noise: 0.2, Tilt: [3]float64{0.05, 0.15, 0.8}, Seed: 31}
			ss, layout, truth := simulate(t, cfg)
			cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
			sum := gait.NewSummary(gait.Waist)
			for _, c := range cs {
				sum.Add(c)
			}
			r := sum.Report()
			s := eval.Match(cs, truth, eval.Options{})
			t.Logf("balance %v, side agreement %.3f, side confidence %v", show(r.GCTBalancePct), s.SideAccuracy(), show(r.SideConfidence))
			if r.GCTBalancePct == nil {
				t.Fatal("balance unknown")
			}
			if d := math.Abs(*r.GCTBalancePct - tc.balance); d > 0.5 {
				t.Errorf("balance %.2f, injected %.1f", *r.GCTBalancePct, tc.balance)
			}
		})
	}
}

func show(v *float64) any {
	if v == nil {
		return "null"
	}
	return *v
}

// TestBrakingAndVO compares the per-step braking and VO with the
// simulator's exact values (anatomical frame, where they are exact).
func TestBrakingAndVO(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 200, Frame: sensor.FrameAnatomical, Braking: 1.5, Noise: 0.05, Seed: 32}
	ss, layout, _, err := sim.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, _, truth, _ := sim.Generate(cfg)
	cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	var dv, db []float64
	j := 0
	for _, c := range cs {
		for j < len(truth) && truth[j].IC < c.IC-0.05 {
			j++
		}
		if j == len(truth) || math.Abs(truth[j].IC-c.IC) > 0.05 || math.IsNaN(c.VO) || math.IsNaN(c.Braking) {
			continue
		}
		dv = append(dv, c.VO-truth[j].VO)
		db = append(db, c.Braking-truth[j].Braking)
	}
	vo, br := eval.Agree(dv), eval.Agree(db)
	t.Logf("%d steps: VO bias %.1f mm MAE %.1f mm; braking bias %.3f MAE %.3f m/s", len(dv), 1e3*vo.Bias, 1e3*vo.MAE, br.Bias, br.MAE)
	if len(dv) < 150 {
		t.Fatalf("only %d steps compared", len(dv))
	}
	if vo.MAE > 0.003 {
		t.Errorf("VO MAE %.1f mm > 3 mm", 1e3*vo.MAE)
	}
	if br.MAE > 0.03 {
		t.Errorf("braking MAE %.3f m/s > 0.03", br.MAE)
	}
}

// TestVORates compares per-step VO with the simulator's at the rates
// sensors record at: the double integration over one step must close (its
// means are the trapezoid rule's own), or the impact samples at the step's
// ends leave a velocity whose parabola adds to VO, more at lower rates
// (plain means: +2.0, +3.8, +6.6, +10.3 mm at 200, 100, 50, 25 Hz; then
// −0.2, −0.4, −1.8, −6.6 mm from integrating between whole samples, the
// step rounded to them and its peaks read on the samples; now −0.1, −0.4,
// −0.4, −0.4 mm, the step integrated from IC to IC with the acceleration
// interpolated between samples, and within 1 mm is asked of each rate).
func TestVORates(t *testing.T) {
	for _, tc := range []struct {
		rate, maxBias float64 // Hz, m
	}{{200, 0.001}, {100, 0.001}, {50, 0.001}, {25, 0.001}} {
		t.Run(fmt.Sprintf("%.0fHz", tc.rate), func(t *testing.T) {
			cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: tc.rate, Frame: sensor.FrameAnatomical, Seed: 7}
			ss, layout, truth, err := sim.Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
			var dv []float64
			j := 0
			for _, c := range cs {
				for j < len(truth) && truth[j].IC < c.IC-0.05 {
					j++
				}
				if j == len(truth) || math.Abs(truth[j].IC-c.IC) > 0.05 || math.IsNaN(c.VO) {
					continue
				}
				dv = append(dv, c.VO-truth[j].VO)
			}
			vo := eval.Agree(dv)
			t.Logf("%d steps: VO bias %+.1f mm, MAE %.1f mm", len(dv), 1e3*vo.Bias, 1e3*vo.MAE)
			if len(dv) < 150 {
				t.Fatalf("only %d steps compared", len(dv))
			}
			if math.Abs(vo.Bias) > tc.maxBias {
				t.Errorf("VO bias %+.1f mm, more than %.0f mm", 1e3*vo.Bias, 1e3*tc.maxBias)
			}
		})
	}
}
