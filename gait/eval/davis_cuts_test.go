package eval_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// TestDavisShortCuts cuts the real force-plate trial into 5 and 6 s pieces
// starting every 0.15 s (as recorded at 240 Hz, and resampled to 100 Hz with
// noise of 0.3 m/s²), the reference contacts cut by an edge left out, and
// holds each piece to the acceptance bar: F1 ≥ 0.97, GCT MAE ≤ 20 ms,
// cadence within 1 step/min. On so short a trial the cadence error is the
// first and last contacts' IC errors over the span between them: this
// runner's IC errors (240 Hz) scatter from −20 to +7 ms, 5 of the 29
// contacts, all of one foot, 11–20 ms early, and a piece that starts on
// one of those and ends on an on-time one reads most of a step/min off.
// Measured 2026-11-25: all 120 pieces F1 1.000, GCT MAE 9.0–12.9 ms (5.9–8.6
// since 2026-11-26's toe-off change),
// cadence error up to 0.97 step/min (100 Hz, the 6 s from 2.55 s; `gaitd
// eval` on the same pieces written as CSV: up to 0.93) — 0.03 from the
// bar, the narrowest margin of the acceptance-like cases.
func TestDavisShortCuts(t *testing.T) {
	tr, layout, ss := davisSamples(t)
	variants := []struct {
		name   string
		in     []sensor.Sample
		layout sensor.Layout
	}{{"240 Hz", ss, layout}}
	in, l := degrade(t, ss, 100, false, [3]float64{}, 0, 0.3, 0)
	variants = append(variants, struct {
		name   string
		in     []sensor.Sample
		layout sensor.Layout
	}{"100 Hz, noise 0.3", in, l})
	end := ss[len(ss)-1].T
	worst, n := 0.0, 0
	minF1, gLo, gHi, worstName := 1.0, math.Inf(1), 0.0, ""
	for _, v := range variants {
		for _, L := range []float64{5, 6} {
			for a := ss[0].T; a+L <= end; a += 0.15 {
				var cut []sensor.Sample
				for _, s := range v.in {
					if s.T >= a && s.T < a+L {
						cut = append(cut, s)
					}
				}
				var truth []eval.Truth
				for _, c := range tr.Truth {
					if c.IC >= cut[0].T && c.FC <= cut[len(cut)-1].T {
						truth = append(truth, c)
					}
				}
				cs, _ := runWaist(t, cut, v.layout)
				s := eval.Match(cs, truth, eval.Options{})
				gct := eval.Agree(s.GCTErr)
				cad := s.Cadence - s.TrueCadence
				n++
				name := fmt.Sprintf("%s, %.0f s from %.2f s", v.name, L, a)
				if math.Abs(cad) > worst {
					worst, worstName = math.Abs(cad), name
				}
				minF1, gLo, gHi = math.Min(minF1, s.F1()), math.Min(gLo, gct.MAE), math.Max(gHi, gct.MAE)
				if s.F1() < 0.97 || !(gct.MAE <= 0.020) || !(math.Abs(cad) <= 1) {
					t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms, cadence %+.2f spm; want F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence within 1", name, s.F1(), 1e3*gct.MAE, cad)
				}
			}
		}
	}
	t.Logf("%d pieces: F1 ≥ %.3f, GCT MAE %.1f–%.1f ms, largest cadence error %.2f step/min (%s)", n, minF1, 1e3*gLo, 1e3*gHi, worst, worstName)
}
