package gait

import (
	"fmt"
	"math"
	"testing"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor/sim"
)

// sameCascadeState tells whether a and b (of one design) go on alike: their
// outputs for the same input agree over a few samples.
func sameCascadeState(a, b *dsp.Cascade) bool {
	x, y := a.Clone(), b.Clone()
	x.CopyState(a)
	y.CopyState(b)
	for range 8 {
		if u, v := x.Process(1), y.Process(1); math.Abs(u-v) > 1e-12*(1+math.Abs(u)) {
			return false
		}
	}
	return true
}

// TestSearchBackNested: a search back can start within another one (a
// peak it finds, then a silence of 2.5 of the run's steps again while the
// vote still says running: 4 of 4080 search backs over 3000 random
// sequences of runs, walks and standing). The inner search then must
// leave the outer one's filter where the outer had it — after sample i,
// whose output it has read — and leave it the filter the picker reads
// (segCur), whose state a peak confirmed afterwards is snapshotted from.
// It reset segCur to the live filter (the outer search's next snapshots
// taken from the live filter, many samples on: a later search back then
// filtered from a state that did not belong to its sample) and left the
// outer's filter a sample behind (sample i skipped in its state).
func TestSearchBackNested(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		at   float64 // s into a run
	}{
		{100, 4.03}, {100, 6.51}, {50, 5.2}, {200, 3.77},
	} {
		t.Run(fmt.Sprintf("%.0fHz/%.2fs", tc.rate, tc.at), func(t *testing.T) {
			ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Rate: tc.rate, Duration: 8, Noise: 0.3, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			e, err := New(Config{Placement: Waist}, layout)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if s.T > tc.at {
					break
				}
				e.Push(nil, s)
			}
			i := e.n - 1
			if e.snapAt <= 0 || e.snapAt >= i {
				t.Fatalf("no peak confirmed before sample %d (snapAt %d)", i, e.snapAt)
			}
			// as within an outer search back that has read sample i
			e.segRe.CopyState(e.seg)
			e.segCur = e.segRe
			e.searchBack(nil, i)
			if e.segCur != e.segRe {
				t.Errorf("after a search back within one, the picker reads the live filter")
			}
			if !sameCascadeState(e.segRe, e.seg) {
				t.Errorf("after a search back within one, the outer search's filter is not after sample %d", i)
			}
		})
	}
}
