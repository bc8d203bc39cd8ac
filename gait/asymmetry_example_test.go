package gait_test

import (
	"fmt"
	"log"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/sim"
)

// MeasureAsymmetry compares the two feet: here 60 s of a simulated runner
// whose left foot stays on the ground longer (56 % of the two feet's
// contact time). Per-side values use the contacts whose side confidence
// is at least the floor (0.6, SignalConfig's default SideFloor); a symmetry
// index, (R − L) / mean(R, L) · 100 %, is positive when the right foot's
// median is larger.
func ExampleMeasureAsymmetry() {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, GCTBalance: 56, Noise: 0.2, Seed: 3})
	if err != nil {
		log.Fatal(err)
	}
	e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
	if err != nil {
		log.Fatal(err)
	}
	cs := e.Flush(e.PushBatch(nil, ss))
	a := gait.MeasureAsymmetry(cs, 0.6)
	fmt.Printf("%d left, %d right contacts\n", a.LeftSteps, a.RightSteps)
	fmt.Printf("GCT balance %.1f %% left\n", *a.GCTBalancePct)
	fmt.Printf("SI GCT %+.1f %%, SI impact %+.1f %%, SI step time %+.1f %%\n", *a.SIGCTPct, *a.SIImpactPct, *a.SIStepPct)
	fmt.Printf("regularity index %.2f\n", *a.RegularityIndex)

	// The first 15 contacts: too few per foot, so the values are null
	// and Reasons says why.
	a = gait.MeasureAsymmetry(cs[:15], 0.6)
	fmt.Println(a.GCTBalancePct == nil, a.Reasons["gct_balance_pct"])
	// Output:
	// 85 left, 84 right contacts
	// GCT balance 55.8 % left
	// SI GCT -23.3 %, SI impact +18.6 %, SI step time -0.6 %
	// regularity index 0.83
	// true too few contacts per side (L 8, R 7; need 10 each)
}
