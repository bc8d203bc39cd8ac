package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestRunningStanceStaysPositive: on every running waist configuration New
// accepts, the vertical specific force between the impact and toe-off
// stays above 0 g. The stance half-sine gets what the impact bump leaves
// of the step's impulse g0·T, so a large ImpactAsym at high speed and
// cadence (downhill, where the bump grows, the more so) left it
// negative — the ground pulling the runner down: Speed 7, Cadence 240,
// ImpactAsym 2, Grade −0.2 read −0.79 g through every right stance.
// Such configurations are refused, naming ImpactAsym.
func TestRunningStanceStaysPositive(t *testing.T) {
	for _, v := range []float64{3.3, 5, 7} {
		for _, cad := range []float64{0, 200, 240} {
			for _, asym := range []float64{0, 1, 2} {
				for _, grade := range []float64{-0.2, 0, 0.2} {
					cfg := Config{Activity: Running, Duration: 4, Rate: 500, Speed: v, Cadence: cad, ImpactAsym: asym, Grade: grade,
						Frame: sensor.FrameAnatomical, Variability: -1, Seed: 1}
					xs, _, truth, err := Generate(cfg)
					if err != nil {
						if !strings.HasPrefix(err.Error(), "sim: ImpactAsym ") && !strings.HasPrefix(err.Error(), "sim: GCT ") {
							t.Errorf("%+v: %v", cfg, err)
						}
						continue
					}
					lo := math.Inf(1)
					for _, c := range truth {
						for _, x := range xs {
							if x.T > c.IC+0.06 && x.T < c.FC-0.02 {
								lo = math.Min(lo, x.Acc[sensor.AxisV])
							}
						}
					}
					if lo <= 0 {
						t.Errorf("%.1f m/s, cadence %v, ImpactAsym %v, grade %v: stance force down to %.2f g", v, cad, asym, grade, lo/g0)
					}
				}
			}
		}
	}
	_, err := New(Config{Activity: Running, Duration: 10, Speed: 7, Cadence: 240, ImpactAsym: 2, Grade: -0.2})
	if err == nil || !strings.HasPrefix(err.Error(), "sim: ImpactAsym 2: ") {
		t.Errorf("got %v, want an error naming ImpactAsym", err)
	}
}
