package main

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestEvalShankAccOnlyStartInTerminalSwing: an accelerometer-only shank
// walk (125 Hz, ±8 g) whose data starts 144 ms before an IC, in the
// terminal swing, from a randomized acceptance-like sweep. The swing's
// cusp of |a| (5.1 g, 97 ms in) outgrew the impact after it (2.5 g, 59 ms
// later); the check that a sharper spike after the picker's peak begins a
// stance (impactAfter) needed 0.2 s of samples before the peak and was not
// made, and the first IC read 85 ms early: cadence −1.01 step/min over the
// 11.8 s trial.
func TestEvalShankAccOnlyStartInTerminalSwing(t *testing.T) {
	root := t.TempDir()
	cfg := sim.Config{Activity: sim.Walking, Placement: sim.Shank, Duration: 14.168166133049459, Rate: 124.73598197116053, Speed: 1.0625099509922329,
		Cadence: 116.3932723581789, GCTBalance: 49.27180933495737, ImpactAsym: -0.23778754361026455, Braking: 1.2951341450680554,
		Tilt: [3]float64{-0.06471498706041767, -0.20937000586770502, -0.20219861226963376}, Noise: 0.3085733455883702,
		Bias: [3]float64{-0.35113197624027914, -0.015577077870808309, -0.10841409808340519}, Jitter: 0.0016732136477518318, ClipG: 8,
		Side: 'R', StartSide: 'R', Variability: 0.05255435280788674, Seed: 900046}
	writeCutTrial(t, filepath.Join(root, "shank", "start"), cfg, 1.8509929654758237, 13.668166133049459, map[string]any{"placement": "shank", "side": "R"})
	f1, mae, _, cad, f := evalRow(t, root, "shank/start")
	if f1 < 1 || !(mae <= 10) || math.Abs(cad) > 0.5 {
		t.Errorf("F1 %.3f, IC MAE %.1f ms, cadence error %+.2f (row %v)", f1, mae, cad, f)
	}
}

// evalRow runs eval on root and returns trial name's row as figures: F1,
// the IC and GCT mean absolute errors (ms) and the cadence error.
func evalRow(t *testing.T, root, name string) (f1, icMAE, gctMAE, cad float64, row []string) {
	t.Helper()
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	f := rows[name]
	if f == nil {
		t.Fatalf("no row %s: %v", name, rows)
	}
	mae := func(cell string) float64 {
		parts := strings.Split(cell, "/")
		v, _ := strconv.ParseFloat(parts[len(parts)-1], 64)
		return v
	}
	f1, _ = strconv.ParseFloat(f[3], 64)
	cad, _ = strconv.ParseFloat(f[11], 64)
	return f1, mae(f[5]), mae(f[9]), cad, f
}
