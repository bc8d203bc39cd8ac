package main

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalShankAccOnlyEndAfterToeOff: an accelerometer-only shank walk
// (143–153 Hz, ±8 g) cut 66 ms after its last reference contact's toe-off,
// from a randomized acceptance-like sweep. The rise of |a| into the swing
// at the data's very end was taken for the next impact, and the last
// contact, confirmed in a window that ended before its swing, took the
// stance's largest |a| for its toe-off: 0.52 s early (GCT 0.18 s for 0.70;
// GCT MAE 22.5 ms over the sweep's 27 contacts). Its toe-off is left
// unknown, as when the recording ends before the swing.
func TestEvalShankAccOnlyEndAfterToeOff(t *testing.T) {
	root := t.TempDir()
	cfg := sim.Config{Activity: sim.Walking, Placement: sim.Shank, Duration: 30.312586752914612, Rate: 152.5914322214775, Speed: 1.1673279853258722,
		Cadence: 118.54095467572894, GCTBalance: 48.279550701665684, ImpactAsym: -0.19804132263615298, Braking: 0.9130819326592694,
		Tilt: [3]float64{-0.3635525738316686, 0.10739740774967377, 1.0574474783660746}, Noise: 0.5207555528506589,
		Bias: [3]float64{0.03439069796628358, -0.32102048126431504, -0.12197449575945951}, Jitter: 0.0016480138692107147, ClipG: 8,
		Side: 'R', StartSide: 'L', FatigueDrift: 0.01619534057382237, Variability: 0.055505118474499945, AntiAlias: true, Seed: 300153}
	// the last right contact's toe-off is at 29.743 s; the data ends 66 ms later
	writeCutTrial(t, filepath.Join(root, "shank", "end"), cfg, 19.8115, 29.8095, map[string]any{"placement": "shank", "side": "R"})
	f1, _, mae, cad, f := evalRow(t, root, "shank/end")
	if f1 < 1 || !(mae <= 10) || math.Abs(cad) > 1 {
		t.Errorf("F1 %.3f, GCT MAE %.1f ms, cadence error %+.2f (row %v)", f1, mae, cad, f)
	}
}
