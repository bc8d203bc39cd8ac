package eval_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// TestMobgapWalkEdges cuts the healthy subject's straight walks (mobgap
// HA001 Test5, 100 Hz, sensor frame with gyro) at every 0.05 s of the walk:
// the data starting there, or resuming there after a 0.3 s gap. Every
// reference contact whose IC comes at least 40 ms after the edge is found,
// and every
// detection near the edge is a reference contact. Before, a walking
// contact whose IC came 0.02–0.13 s after the edge was dropped (its loading
// peak lay within 0.15 s of the start, read as data starting in the rise):
// a black-box probe lost one at 38 of ~200 gap positions.
func TestMobgapWalkEdges(t *testing.T) {
	for _, name := range []string{"HA001_Test5_Trial1", "HA001_Test5_Trial2"} {
		tr, err := eval.LoadTrial(filepath.Join(datasets, "mobgap", name))
		if err != nil {
			t.Skipf("datasets not available: %v", err)
		}
		ss, layout := readSamples(t, tr)
		first, last := tr.Truth[0].IC, tr.Truth[len(tr.Truth)-1].IC
		lost, cuts := 0, 0
		for edge := first - 0.3; edge < last-0.5; edge += 0.05 {
			for _, gap := range []float64{0, 0.3} {
				var in []sensor.Sample
				for _, s := range ss {
					if gap > 0 && s.T < edge-gap || s.T >= edge {
						in = append(in, s)
					}
				}
				cs, _ := runWaist(t, in, layout)
				cuts++
				for _, tc := range tr.Truth {
					if tc.IC < edge+0.04 {
						continue
					}
					if !nearIC(cs, tc.IC, 0.05) {
						lost++
						t.Errorf("%s, data from %.2f s (gap %.1f s before): contact at %.2f s not found", name, edge, gap, tc.IC)
					}
				}
				for _, c := range cs {
					if c.IC > edge-0.05 && c.IC < edge+0.5 && !nearTruth(tr.Truth, c.IC, 0.05) {
						t.Errorf("%s, data from %.2f s (gap %.1f s before): contact at %.3f s is no reference contact", name, edge, gap, c.IC)
					}
				}
			}
		}
		t.Logf("%s: %d cuts, %d contacts lost", name, cuts, lost)
	}
}

// nearIC reports whether a contact's IC lies within tol of ic, s.
func nearIC(cs []gait.Contact, ic, tol float64) bool {
	for _, c := range cs {
		if math.Abs(c.IC-ic) < tol {
			return true
		}
	}
	return false
}

// nearTruth reports whether a reference IC lies within tol of ic, s.
func nearTruth(truth []eval.Truth, ic, tol float64) bool {
	for _, tc := range truth {
		if math.Abs(tc.IC-ic) < tol {
			return true
		}
	}
	return false
}
