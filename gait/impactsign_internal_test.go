package gait

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestImpactSignAfterImpact: the swing sign of a shank whose gyroscope
// saturates both ways (impactSign), on strides where the shank still
// turns forward when the foot lands: the rate on the swing's side through
// a sharp 14 ms impact, crossing zero 26 ms after it, then the stance's
// forward turn of the tibia over the foot below zero (an independent shank
// model's late retraction, helper 183: F1 0.1–0.5 there). The rate at the
// impact itself has the swing's sign, and weighted by the impact's energy
// alone the evidence read the swing the wrong way; weighted over the 0.1 s
// after each impact it reads the stance, and the sign holds. The raw rate
// is the swing-positive one negated (a shank worn the other way round).
func TestImpactSignAfterImpact(t *testing.T) {
	for _, rate := range []float64{100, 143, 500} {
		e, err := New(Config{Placement: Shank}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}})
		if err != nil {
			t.Fatal(err)
		}
		e.stats.GyroLimit = 4.36
		const clip = 4.36 // rad/s
		stride := 0.7     // s
		n := int(stride * rate)
		for k := 0; k < 12*n; k++ {
			tt := math.Mod(float64(k)/rate, stride) // 0 = mid-swing
			var p float64                           // swing positive, rad/s
			switch {
			case tt < 0.2: // mid-swing to late swing
				p = 10 * math.Cos(math.Pi*tt/0.4)
			case tt < 0.3: // late swing, still turning forward at the impact (0.25 s)
				p = 0.5 * (0.276 - tt) / 0.026
			case tt < 0.55: // stance: the tibia turns over the foot, toe-off trough at 0.5
				p = -1 - 5*math.Exp(-math.Pow((tt-0.5)/0.04, 2))
			default: // into the swing
				p = -1 + 11*(tt-0.55)/0.15
			}
			p = max(-clip, min(clip, p))
			a := 1 + 2*math.Exp(-math.Pow((tt-0.1)/0.08, 2)) // the swing's slow hump, g
			if d := tt - 0.25; d >= 0 && d < 0.014 {
				a += 8 * (1 - math.Abs(d-0.007)/0.007) // the impact
			}
			e.impactSign(a, -p, math.Abs(p) >= clip)
		}
		if got := e.swingSign(); got != -1 {
			t.Errorf("%.0f Hz: swing sign %+.0f, want −1 (gimp %.3g)", rate, got, e.gimp)
		}
	}
}
