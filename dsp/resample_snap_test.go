package dsp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// snapPlain is Snap's decision as it was written before its fast paths:
// the started test first, then the tolerance formed for every sample.
func snapPlain(r *Resampler, ts float64) (float64, bool) {
	if !r.started {
		return 0, false
	}
	dt := ts - r.prev.T
	if !(dt > 0) || dt > r.maxGap || math.IsInf(ts, 1) {
		return 0, false
	}
	t := r.tk
	tol := 1e-6*dt + 8*2.220446049250313e-16*math.Abs(t)
	if math.Abs(ts-t) > tol {
		return 0, false
	}
	return t, true
}

// TestSnapMatchesPlain: Snap's exact-grid shortcut, its started test
// folded into prev.T = +Inf and its range test 0 < dt ≤ maxGap on the
// bits of dt take and refuse the same samples at the same grid times as
// the plain form, on streams exactly on the grid, within and just beyond
// the tolerance, early and late, with epoch and negative times,
// duplicates, the least dt, dt at maxGap and a unit either side, gaps,
// non-finite times, before the first sample and after Reset, and with
// maxGap = +Inf (times whose difference overflows).
func TestSnapMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for trial := range 300 {
		rate := []float64{100, 143, 1000, 50, 3}[trial%5]
		maxGap := []float64{0.5, math.Inf(1), 0.01, 5e-324}[trial%4]
		r, err := NewResampler(rate, maxGap)
		if err != nil {
			t.Fatal(err)
		}
		t0 := []float64{0, 1.7e9, -12.5, 1e15}[rng.IntN(4)]
		var buf []sensor.Sample
		for i := range 400 {
			if i == 200 && trial%3 == 0 {
				r.Reset()
			}
			ts := t0 + float64(i)/rate
			switch rng.IntN(12) {
			case 0:
				ts += (rng.Float64() - 0.5) * 4e-6 / rate // near the tolerance
			case 1:
				ts = math.Nextafter(ts, math.Inf(1))
			case 2:
				ts = math.Nextafter(ts, math.Inf(-1))
			case 3:
				ts += 0.3 / rate // off the grid: interpolated
			case 4:
				ts = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e308, -1e308, 0, t0 + 2}[rng.IntN(7)]
			case 5:
				if r.started {
					ts = r.prev.T // a duplicate
				}
			case 6:
				if r.started {
					// the gap's edge: dt = maxGap, a unit either side
					ts = r.prev.T + r.maxGap
					ts = math.Nextafter(ts, ts+float64(rng.IntN(3)-1))
				}
			case 7:
				if r.started {
					ts = math.Nextafter(r.prev.T, math.Inf(1)) // the least dt
				}
			}
			s := sensor.Sample{T: ts, Acc: [3]float64{float64(i), 1, 2}}
			wantT, wantOK := snapPlain(r, ts)
			gotT, gotOK := r.Snap(&s)
			if gotOK != wantOK || math.Float64bits(gotT) != math.Float64bits(wantT) {
				t.Fatalf("trial %d, sample %d at %v: Snap = %v, %v; plain %v, %v", trial, i, ts, gotT, gotOK, wantT, wantOK)
			}
			if !gotOK && (!r.started || math.Abs(ts-r.prev.T) < 10) {
				// (not times the grid cannot step through: Push would
				// emit grid times up to 1e308)
				buf, _, _ = r.Push(buf[:0], s)
			}
		}
	}
	// a difference that overflows with maxGap = +Inf: dt = +Inf, its
	// tolerance +Inf, taken by both
	r, _ := NewResampler(100, math.Inf(1))
	r.Push(nil, sensor.Sample{T: -1e308})
	s := sensor.Sample{T: 1e308}
	wantT, wantOK := snapPlain(r, s.T)
	gotT, gotOK := r.Snap(&s)
	if gotOK != wantOK || gotT != wantT {
		t.Errorf("overflowing difference: Snap = %v, %v; plain %v, %v", gotT, gotOK, wantT, wantOK)
	}
}
