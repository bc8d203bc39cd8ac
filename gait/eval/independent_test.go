package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// refScore is the datasets' scoring rule written again from the README and
// the package's documented conventions, without Match, MedianStep,
// Cadence, median or Agree: the tolerance is a quarter of the median
// interval between consecutive true ICs (rows within 1 ms of the previous
// one are no step; 0.4 s without an interval), at most 0.1 s; a detection
// is a candidate between the first true IC − tol and the last + tol, and
// inside a bout widened by tol where bouts are given; pairs within tol are
// matched nearest first, by brute force (the nearest unmatched pair left,
// distances to the nanosecond, ties to the earlier detection, then the
// earlier contact); a detection is judged inside the span and bouts as
// given, or in the tolerance's margin when it matches a contact inside
// them; a true contact inside them left unmatched is missed.
type refScore struct {
	tp, fp, fn            int
	ic, fc, gct           []float64 // by detection time
	sideJudged, sideRight int
	cadence, trueCadence  float64
}

func refScoreOf(det []gait.Contact, truth []Truth, bouts [][2]float64) refScore {
	var iv []float64
	for i := 1; i < len(truth); i++ {
		if d := truth[i].IC - truth[i-1].IC; d > 0.001 {
			iv = append(iv, d)
		}
	}
	step := 0.4
	if len(iv) > 0 {
		slices.Sort(iv)
		if n := len(iv); n%2 == 1 {
			step = iv[n/2]
		} else {
			step = 0.5 * (iv[n/2-1] + iv[n/2])
		}
	}
	tol := 0.25 * step
	if tol > 0.1 {
		tol = 0.1
	}
	within := func(t, w float64) bool {
		if t < truth[0].IC-w || t > truth[len(truth)-1].IC+w {
			return false
		}
		in := len(bouts) == 0
		for _, b := range bouts {
			in = in || b[0]-w <= t && t <= b[1]+w
		}
		return in
	}
	candidate := func(t float64) bool { return within(t, tol) }
	var r refScore
	dm := make([]int, len(det)) // matched contact + 1, 0 for none
	tm := make([]bool, len(truth))
	for {
		bi, bj, bd := -1, -1, math.Inf(1)
		for i, d := range det {
			if dm[i] != 0 || !candidate(d.IC) {
				continue
			}
			for j, c := range truth {
				dist := math.Abs(d.IC - c.IC)
				if tm[j] || dist > tol {
					continue
				}
				if ns := math.Round(dist * 1e9); ns < bd {
					bi, bj, bd = i, j, ns
				}
			}
		}
		if bi < 0 {
			break
		}
		dm[bi], tm[bj] = bj+1, true
	}
	var jd, jt []float64
	for i, d := range det {
		if !within(d.IC, 0) && (dm[i] == 0 || !within(truth[dm[i]-1].IC, 0)) {
			continue
		}
		jd = append(jd, d.IC)
		if dm[i] == 0 {
			r.fp++
			continue
		}
		c := truth[dm[i]-1]
		r.tp++
		r.ic = append(r.ic, d.IC-c.IC)
		if !math.IsNaN(d.FC) && !math.IsNaN(c.FC) {
			r.fc = append(r.fc, d.FC-c.FC)
			r.gct = append(r.gct, (d.FC-d.IC)-(c.FC-c.IC))
		}
		if c.Side != gait.SideUnknown {
			r.sideJudged++
			if d.Side == c.Side {
				r.sideRight++
			}
		}
	}
	for j, c := range truth {
		if within(c.IC, 0) {
			jt = append(jt, c.IC)
			if !tm[j] {
				r.fn++
			}
		}
	}
	cad := func(ts []float64) float64 {
		var d []float64
		for i := 1; i < len(ts); i++ {
			if x := ts[i] - ts[i-1]; x > 0.001 {
				d = append(d, x)
			}
		}
		if len(d) < 2 {
			return math.NaN()
		}
		s := slices.Sorted(slices.Values(d))
		med := s[len(s)/2]
		if len(s)%2 == 0 {
			med = 0.5 * (s[len(s)/2-1] + s[len(s)/2])
		}
		sum, n := 0.0, 0
		for _, x := range d {
			if x <= 1.5*med {
				sum += x
				n++
			}
		}
		return 60 * float64(n) / sum
	}
	r.cadence, r.trueCadence = cad(jd), cad(jt)
	return r
}

// TestMatchIndependent: Match scores random trials — irregular steps,
// repeated rows, missed and doubled contacts, detections up to 150 ms
// off, false alarms, bouts in any order and overlapping — as refScore
// does, and Agree's figures are those of the errors computed here
// (mean; mean |e|; bias ± 1.96 × the sample SD).
func TestMatchIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	sides := []gait.Side{gait.Left, gait.Right, gait.SideUnknown}
	for trial := range 2000 {
		var truth []Truth
		var det []gait.Contact
		x := rng.Float64()
		step := 0.25 + 0.5*rng.Float64()
		for k := range 5 + rng.IntN(30) {
			x += step * (0.5 + rng.Float64())
			fc := x + 0.2 + 0.3*rng.Float64()
			if rng.IntN(6) == 0 {
				fc = math.NaN()
			}
			c := Truth{IC: x, FC: fc, Side: sides[(k%2+3*min(rng.IntN(8), 1))%3]}
			truth = append(truth, c)
			if rng.IntN(15) == 0 {
				truth = append(truth, c) // a repeated row
			}
			for range []int{1, 1, 1, 1, 0, 2, 2}[rng.IntN(7)] {
				d := gait.Contact{IC: x + 0.15*(2*rng.Float64()-1), FC: fc + 0.1*(2*rng.Float64()-1), Side: sides[rng.IntN(3)], VO: math.NaN()}
				if rng.IntN(4) == 0 {
					d.IC = math.Round(d.IC*100) / 100 // a 100 Hz grid: ties
				}
				det = append(det, d)
			}
		}
		for range rng.IntN(4) {
			det = append(det, gait.Contact{IC: x * rng.Float64(), FC: math.NaN(), VO: math.NaN()})
		}
		slices.SortFunc(det, func(a, b gait.Contact) int { return cmpF(a.IC, b.IC) })
		var bouts [][2]float64
		for range rng.IntN(3) {
			a := x * rng.Float64()
			bouts = append(bouts, [2]float64{a, a + x*rng.Float64()/2})
		}
		want := refScoreOf(det, truth, bouts)
		got := Match(det, truth, Options{Bouts: bouts})
		if got.TP != want.tp || got.FP != want.fp || got.FN != want.fn || got.SideJudged != want.sideJudged || got.SideRight != want.sideRight {
			t.Fatalf("trial %d: TP/FP/FN %d/%d/%d, sides %d of %d; want %d/%d/%d, %d of %d", trial,
				got.TP, got.FP, got.FN, got.SideRight, got.SideJudged, want.tp, want.fp, want.fn, want.sideRight, want.sideJudged)
		}
		for _, e := range []struct {
			what      string
			got, want []float64
		}{{"IC", got.ICErr, want.ic}, {"FC", got.FCErr, want.fc}, {"GCT", got.GCTErr, want.gct}} {
			if !slices.Equal(e.got, e.want) {
				t.Fatalf("trial %d: %s errors %v, want %v", trial, e.what, e.got, e.want)
			}
			a := Agree(e.got)
			if len(e.want) < 2 {
				continue
			}
			n := float64(len(e.want))
			mean, mae := 0.0, 0.0
			for _, v := range e.want {
				mean += v / n
				mae += math.Abs(v) / n
			}
			ss := 0.0
			for _, v := range e.want {
				ss += (v - mean) * (v - mean)
			}
			sd := math.Sqrt(ss / (n - 1))
			for _, c := range [][2]float64{{a.Bias, mean}, {a.MAE, mae}, {a.SD, sd}, {a.LoALow, mean - 1.96*sd}, {a.LoAHigh, mean + 1.96*sd}} {
				if math.Abs(c[0]-c[1]) > 1e-12 {
					t.Fatalf("trial %d: %s agreement %+v, want bias %g MAE %g SD %g", trial, e.what, a, mean, mae, sd)
				}
			}
		}
		for _, c := range [][2]float64{{got.Cadence, want.cadence}, {got.TrueCadence, want.trueCadence}} {
			if math.IsNaN(c[0]) != math.IsNaN(c[1]) || math.Abs(c[0]-c[1]) > 1e-9 {
				t.Fatalf("trial %d: cadence %g and %g, want %g and %g", trial, got.Cadence, got.TrueCadence, want.cadence, want.trueCadence)
			}
		}
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
