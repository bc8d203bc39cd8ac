package runs

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestLiveWindowSteps: the live figures cover the last Config.Window steps
// of both legs (--window, "steps behind the live gauges"), whatever the
// placement. A shoe's or shank's contact is every other step, and the
// window held Window of its contacts: twice the steps asked for, so after
// a pace change the gauges still read half the old pace when a waist
// sensor's read the new one (171 steps/min, not 200, with Window 20).
func TestLiveWindowSteps(t *testing.T) {
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	for _, tc := range []struct {
		p       gait.Placement
		perStep int // steps each contact stands for
	}{{gait.Waist, 1}, {gait.Shoe, 2}, {gait.Shank, 2}} {
		const window = 20
		r, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "d", Engine: gait.Config{Placement: tc.p, Side: gait.Left}, Layout: layout, Window: window, Clock: clock()})
		if err != nil {
			t.Fatal(err)
		}
		// 60 steps at 0.4 s (150 steps/min), then Window steps at 0.3 s
		// (200 steps/min): a contact's Step is a step's time (for one
		// foot, half the stride ending at it)
		ic := 10.0
		add := func(steps int, step float64) {
			for range steps / tc.perStep {
				side := gait.Left
				if tc.perStep == 1 && int(ic/step)%2 == 1 {
					side = gait.Right
				}
				r.contact(gait.Contact{IC: ic, FC: math.NaN(), GCT: math.NaN(), Flight: math.NaN(), Step: step, Side: side, SideConf: 0.9,
					ImpactG: 2, VO: math.NaN(), Braking: math.NaN(), PeakDecel: math.NaN(), LoadingRate: math.NaN(), Pitch: math.NaN(), Roll: math.NaN(), Yaw: math.NaN(),
					Turn: math.NaN(), StrikeAngle: math.NaN(), HarmonicRatio: math.NaN(), StepReg: math.NaN(), StrideReg: math.NaN(), PeakRate: math.NaN(), Activity: gait.Running})
				ic += step * float64(tc.perStep)
			}
		}
		add(60, 0.4)
		add(window, 0.3)
		if got := r.Live().CadenceSPM; !(math.Abs(got-200) < 0.5) {
			t.Errorf("%v: live cadence %.1f steps/min over the last %d steps, want 200", tc.p, got, window)
		}
	}
}
