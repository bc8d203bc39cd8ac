package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestWaistRunStartsOnRise: a sacral run whose data starts up to 5 ms
// after a contact's IC, on the lower part of its rise, keeps that contact
// (its IC at or after the first sample, its toe-off within a sample of the
// whole recording's), at 25–100 Hz. When the data's first sample lay above
// the contact threshold the crossing was before the data and the contact
// was dropped: the davis run resampled to 25–60 Hz and cut at a
// force-plate IC, or 2–5 ms before it, lost its first contact (its
// smoothed rise crosses the threshold ~7 ms before the plate's IC). A
// start 35 ms or more after IC, well up the rise, still gives no contact
// there, and none is made up.
func TestWaistRunStartsOnRise(t *testing.T) {
	for _, rate := range []float64{25, 30, 40, 50, 60, 100} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: rate, Frame: sensor.FrameAnatomical,
			Axes: [3]bool{true, true, false}, Noise: 0.2, AntiAlias: true, Seed: 11}
		ss, layout, truth := simulate(t, cfg)
		whole, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
		near := func(cs []gait.Contact, ic, tol float64) *gait.Contact {
			for i := range cs {
				if math.Abs(cs[i].IC-ic) <= tol {
					return &cs[i]
				}
			}
			return nil
		}
		kept, refused := 0, 0
		for k := 5; k+1 < len(truth)-5; k++ {
			ic, next := truth[k].IC, truth[k+1].IC
			for _, d := range []float64{0.002, 0.004, 0.006, 0.008, 0.035, 0.05} {
				var cut []sensor.Sample
				for _, s := range ss {
					if s.T >= ic+d {
						cut = append(cut, s)
					}
				}
				t0 := cut[0].T
				off := t0 - ic
				cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, cut)
				switch {
				case off <= 0.005:
					kept++
					c, w := near(cs, ic, 0.03), near(whole, ic, 0.03)
					if c == nil || w == nil || c.IC < t0 {
						first := math.NaN()
						if len(cs) > 0 {
							first = cs[0].IC - t0
						}
						t.Errorf("%.0f Hz: data from %.1f ms after the IC at %.3f s: no contact at or after its first sample (whole recording's: %v; first %.3f s in)", rate, 1e3*off, ic, w != nil, first)
						continue
					}
					if math.Abs(c.FC-w.FC) > 1/rate {
						t.Errorf("%.0f Hz: data from %.1f ms after the IC at %.3f s: FC %.3f s, the whole recording's %.3f s", rate, 1e3*off, ic, c.FC, w.FC)
					}
				case off >= 0.035:
					refused++
					if len(cs) > 0 && cs[0].IC < next-0.05 {
						t.Errorf("%.0f Hz: data from %.1f ms after the IC at %.3f s: a contact at %.3f s before the next IC at %.3f s", rate, 1e3*off, ic, cs[0].IC, next)
					}
				}
			}
		}
		t.Logf("%.0f Hz: %d starts on a rise, %d well up it", rate, kept, refused)
		if kept < 5 || refused < 5 {
			t.Fatalf("%.0f Hz: %d starts on a rise, %d well up it: too few to judge", rate, kept, refused)
		}
	}
}
