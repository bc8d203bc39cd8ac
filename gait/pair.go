package gait

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Pair merges the contacts of two one-foot sensors of one runner (a shoe
// or shank sensor per foot) into one run of alternating steps. Both lists
// must be on the same time base and sorted by IC. Each contact keeps its
// IC, FC, GCT and per-foot measures; Step becomes the time to the next IC
// of either foot (as for a waist sensor) and Flight = Step − GCT, so
// cadence, flight and GCT balance describe both legs.
//
// offset, in seconds, is added to the right foot's times first; Align
// estimates it when the two clocks differ.
func Pair(left, right []Contact, offset float64) []Contact {
	out := make([]Contact, 0, len(left)+len(right))
	for _, c := range left {
		c.Side, c.SideConf = Left, 1
		out = append(out, c)
	}
	for _, c := range right {
		c.Side, c.SideConf = Right, 1
		c.IC += offset
		c.FC += offset
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].IC < out[j].IC })
	// the longest step still counted as one: 0.75 of the foot's own
	// stride there (the shorter of those to its next and from its
	// previous contact), so
	// a contact missed on one foot, or the other foot's recording ending,
	// leaves a gap instead of a long step. The whole run's median stride
	// only where the foot has no stride of its own: a walk before a run
	// lost its steps (0.52–0.55 s) to the run's 0.53 s limit
	var strides []float64
	for _, side := range [][]Contact{left, right} {
		for i := 1; i < len(side); i++ {
			strides = append(strides, side[i].IC-side[i-1].IC)
		}
	}
	median := math.Inf(1)
	if len(strides) > 0 {
		sort.Float64s(strides)
		median = strides[len(strides)/2]
	}
	for i := range out {
		c := &out[i]
		c.Step, c.Flight = math.NaN(), math.NaN()
		if i+1 < len(out) && out[i+1].Side != c.Side {
			if d := out[i+1].IC - c.IC; d <= 0.75*footStride(out, i, median) {
				c.Step = d
				if !math.IsNaN(c.GCT) {
					c.Flight = math.Max(0, d-c.GCT)
				}
			}
		}
	}
	return out
}

// footStride is the stride of contact i's foot at it, s: the shorter of
// the times to that foot's next contact and from its previous one (one of
// them can span a contact the foot missed), within maxStride; def when it
// has neither.
func footStride(cs []Contact, i int, def float64) float64 {
	next, prev := sameSide(cs, i, 1), sameSide(cs, i, -1)
	switch {
	case math.IsNaN(next) && math.IsNaN(prev):
		return def
	case math.IsNaN(next):
		return prev
	case math.IsNaN(prev):
		return next
	}
	return math.Min(next, prev)
}

// Align estimates the offset, s, to add to the right foot's clock so that
// its contacts fall half-way between the left foot's, as in steady gait.
// It is AlignWide's Offset over ±AlignSpan: the right stride found from
// what the two feet share when the clocks differ by many strides, and,
// where nothing tells the strides apart (a steady pace: Ambiguous), the
// offset within half a stride, as Align gave before — AlignWide says which.
// It returns 0 with ok false when either foot has fewer than four
// contacts or no right contact falls within the left foot's strides.
func Align(left, right []Contact) (offset float64, ok bool) {
	a := AlignWide(left, right, AlignSpan)
	return a.Offset, a.OK
}

// AlignSpan is the largest clock offset, s, Align and AlignDrift look for:
// two loggers started by hand, one after the other or a phone app's
// button, are seconds to a minute apart. Farther candidates only add
// chances of a wrong stride looking as good (and time: each is a pass
// over the contacts), and leave less of the run in common to judge them.
const AlignSpan = 60.0

// Alignment is how AlignWide put the right foot's clock on the left's.
type Alignment struct {
	// Offset is the shift, s, to add to the right foot's times (Pair's
	// offset); OK is false, Offset 0, when either foot has fewer than
	// four contacts or no right contact falls within the left strides.
	Offset float64
	OK     bool
	// Near is the offset within half a median left stride (T/2) that
	// puts the right contacts mid-stride: T·rem(1/2 − φ̄, 1), φ̄ the
	// circular mean phase of the right ICs within the left strides with
	// no shift. Strides is round((Offset − Near)/T): the whole strides
	// the clocks differ by beyond it.
	Near    float64
	Strides int
	// Ambiguous: the contacts do not tell which whole stride (see
	// AlignWide); Offset is then Near, which is right only if the clocks
	// agree to within half a stride, and Reason says why, to be printed.
	Ambiguous bool
	Reason    string
	// Fit is the deviation, s, of the contacts at Offset from where their
	// neighbours put them (the rms of alignCost); NextOffset and Next the
	// best offset a stride or more from it and its deviation (NaN without
	// one). Candidates counts the offsets compared.
	Fit, Next, NextOffset float64
	Candidates            int
}

// AlignWide estimates the offset, s, to add to the right foot's times to
// put them on the left foot's clock, looking over ±span s (AlignSpan) for
// the whole strides as well as the fraction of a stride.
//
// The fraction of a stride comes from the phase, as in steady gait: the
// right ICs fall half-way through the left strides. The whole strides come
// from what the two feet share over the run: changes of cadence
// (intervals, a ramp, a hill) and stops. Paired a stride or more off, the
// right foot's stride there differs from the left stride it is set in as
// much as the cadence changed over those strides: its phase in the left
// strides moves where the cadence changes (by k·ΔT over the change, for k
// strides off and a stride change ΔT), and its contacts fall in the
// other foot's stand (unpaired).
//
// Candidates: from Near, every half median stride T out to ±span, each
// moved to the nearest offset whose right contacts fall mid-stride on
// average (o + T·rem(1/2 − φ̄(o), 1)); those within T/2 of one kept are
// the same. Each is scored by alignCost: the mean square, c, of each
// contact's phase from the circular mean phase of its alignWindow
// neighbours (½ for a contact in the other foot's stand), both ways round
// (right ICs in left strides at +o, left ICs in right strides at −o);
// Fit = T·√c. A candidate with under alignMinCount contacts counted
// either way is not scored.
//
// The best candidate is taken when the best other one (NextOffset, a
// stride or more away) deviates at least 1 + max(alignRatioMin,
// alignZ/√n) times as much (n contacts counted) and alignFloor more.
// Steady gait, where every whole stride fits about as well (the contacts'
// own scatter telling them apart by chance), and fewer than two
// candidates scored (a short recording) are Ambiguous, with Offset =
// Near. A runner's step-to-step variation is shared by the feet, and with
// a detector's scatter of a few ms can tell the strides of a steady run.
// The taken offset is moved mid-stride (three times o + T·rem(1/2 −
// φ̄(o), 1), each T the median of the left strides that hold right ICs
// there); the near candidate gives Near exactly.
//
// It assumes the two clocks run at one rate to within a stride's fraction
// over alignWindow contacts (under ±2000 ppm at 0.7 s strides; a crystal
// drifts tens of ppm): AlignDrift takes out the drift after. Each
// candidate is a pass over both feet's contacts with a binary search
// each: about 4·span/T passes, a third of a second for an hour's run at
// ±60 s.
func AlignWide(left, right []Contact, span float64) Alignment {
	nan := math.NaN()
	a := Alignment{Fit: nan, Next: nan, NextOffset: nan}
	if len(left) < 4 || len(right) < 4 {
		return a
	}
	T := medianStrideOf(left)
	mean, _ := phase(left, right, 0)
	if math.IsNaN(mean) {
		return a
	}
	a.OK = true
	a.Near = math.Remainder(0.5-mean, 1) * T
	a.Offset = a.Near
	// the candidates, the near one first
	type cand struct {
		off, cost float64
		n         int
		ok        bool
	}
	cands := []cand{{off: a.Near}}
	k := math.Ceil(2 * span / T)
	for i := -k; i <= k; i++ {
		o := a.Near + i*T/2
		m, _ := phase(left, right, o)
		if math.IsNaN(m) {
			continue
		}
		o += math.Remainder(0.5-m, 1) * T
		if math.Abs(o) > span+T/2 {
			continue
		}
		dup := false
		for _, c := range cands {
			if math.Abs(c.off-o) < T/2 {
				dup = true
				break
			}
		}
		if !dup {
			cands = append(cands, cand{off: o})
		}
	}
	best, next := -1, -1
	fl, fr := readStrides(left), readStrides(right)
	for i := range cands {
		c := &cands[i]
		c.cost, c.n, c.ok = alignCost(left, right, fl, fr, c.off)
		if c.ok && (best < 0 || c.cost < cands[best].cost) {
			best = i
		}
	}
	for i, c := range cands {
		if c.ok && best >= 0 && math.Abs(c.off-cands[best].off) >= T/2 && (next < 0 || c.cost < cands[next].cost) {
			next = i
		}
		if c.ok {
			a.Candidates++
		}
	}
	if best < 0 || next < 0 {
		a.Ambiguous = true
		where := "any offset"
		if best >= 0 {
			where = "any other offset"
		}
		a.Reason = fmt.Sprintf("fewer than %d contacts of each foot within the other's strides at %s within ±%.0f s: too little in common to tell how many whole strides the clocks differ by; the offset is taken within half a stride (%+.3f s), right only if the clocks agree that closely",
			alignMinCount, where, span, a.Near)
		if best >= 0 {
			a.Fit = T * math.Sqrt(cands[best].cost)
		}
		return a
	}
	a.Fit = T * math.Sqrt(cands[best].cost)
	a.Next = T * math.Sqrt(cands[next].cost)
	a.NextOffset = cands[next].off
	if own := math.Hypot(ownScatter(left), ownScatter(right)) / math.Sqrt2; a.Fit > alignFitMax*own {
		a.Ambiguous = true
		a.Reason = fmt.Sprintf("no offset within ±%.0f s fits the two feet's contacts as one run: the best (%+.2f s) deviates %.1f ms rms, over %.1f times the %.1f ms the feet's own stride-to-stride scatter allows (the clocks more than %.0f s apart, or not one run); the offset is taken within half a stride (%+.3f s), right only if the clocks agree that closely",
			span, cands[best].off, 1e3*a.Fit, alignFitMax, 1e3*own, span, a.Near)
		return a
	}
	ratio := 1 + max(alignRatioMin, alignZ/math.Sqrt(float64(cands[best].n)))
	if a.Next < ratio*a.Fit || a.Next-a.Fit < alignFloor {
		a.Ambiguous = true
		a.Reason = fmt.Sprintf("the two feet's contacts fit about as well at offsets %.0f stride(s) apart (%+.2f s: %.1f ms rms; %+.2f s: %.1f ms, not %.2f times and %.1f ms more): the cadence does not change enough over the run (a steady pace) to tell how many whole strides the clocks differ by; the offset is taken within half a stride (%+.3f s), right only if the clocks agree that closely",
			math.Abs(math.Round((a.NextOffset-cands[best].off)/T)), cands[best].off, 1e3*a.Fit, a.NextOffset, 1e3*a.Next, ratio, 1e3*alignFloor, a.Near)
		return a
	}
	if best == 0 {
		return a // the near one
	}
	o := cands[best].off
	for range 3 {
		m, _ := phase(left, right, o)
		if math.IsNaN(m) {
			break
		}
		o += math.Remainder(0.5-m, 1) * heldStride(left, right, o, T)
	}
	a.Offset = o
	a.Strides = int(math.Round((o - a.Near) / T))
	return a
}

// heldStride is the median of the left strides, s, that hold the right
// ICs shifted by offset (def without any).
func heldStride(left, right []Contact, offset, def float64) float64 {
	var s []float64
	for _, r := range right {
		if j, ok := heldBy(left, r.IC+offset); ok {
			s = append(s, left[j+1].IC-left[j].IC)
		}
	}
	if len(s) == 0 {
		return def
	}
	return medianOf(s)
}

// alignWindow is the number of a foot's contacts whose circular mean phase
// in the other foot's strides alignCost measures each from: about 30 s,
// long enough for a change of cadence a stride off to move the phase
// against it, short enough that the clocks' drift (100 ppm: 3 ms) does not.
const alignWindow = 2 * phaseWindow

// alignMinCount is the fewest contacts of each foot within the other's
// strides at an offset for AlignWide to score it: a shorter stretch in
// common fits as well as the run at a wrong stride by chance.
const alignMinCount = 2 * phaseWindow

// alignRatioMin, alignZ and alignFloor: AlignWide takes the best whole
// stride when the next best deviates 1 + max(alignRatioMin, alignZ/√n)
// times as much (n the contacts counted at the best) and alignFloor s
// more (the floor for contacts without scatter, where both are 0). At
// one cadence the whole strides' deviations differ by the contacts'
// scatter alone: steady runs of 30 s to 15 min, 4 to 20 ms of scatter,
// none or 2 % of contacts missed, put the next best within
// 1 + 2.1/√n of the best (16 % at n 100, 7 % at 875, 2 % at 2600; 40
// runs each). A stride off where the cadence changed by 10 % deviates
// tens of ms for each contact near the change (next/best 2 to 3 with
// 6 ms scatter); a contact in the other foot's stand, half a stride; a
// runner's 2 % step-to-step variation, the two steps' (10 ms: 1.3 to 1.6
// with 4 ms scatter).
const (
	alignRatioMin = 0.15
	alignZ        = 6
	alignFloor    = 0.0005
)

// ownScatter is the scatter of a foot's own strides from one to the next,
// s: 1.4826 times the median absolute deviation of the second
// differences of its ICs, IC[i+1] − 2·IC[i] + IC[i−1] (robust to a
// missed contact or a stand; NaN with fewer than three contacts). A
// detector's scatter σ on each IC gives √6·σ; the feet's phases in each
// other's strides at the right offset deviate about √1.5·σ, half of it.
func ownScatter(cs []Contact) float64 {
	var d []float64
	for i := 1; i+1 < len(cs); i++ {
		d = append(d, cs[i+1].IC-2*cs[i].IC+cs[i-1].IC)
	}
	if len(d) == 0 {
		return math.NaN()
	}
	m := medianOf(d)
	for i := range d {
		d[i] = math.Abs(d[i] - m)
	}
	return 1.4826 * medianOf(d)
}

// alignFitMax: AlignWide's best offset deviating (Fit) over alignFitMax
// times the feet's own scatter (ownScatter, the rms of the two feet's)
// fits nowhere: the clocks are farther apart than the span, or the files
// are not one run. At the right offset Fit is about half the own scatter
// (a detector's scatter: √1.5·σ against √6·σ; a step-to-step variation
// the feet share, a third): 0.29 to 0.58 over the tests, drifts of 1000
// ppm included. The clocks 62 s apart, outside ±60 s, the best of the
// wrong offsets deviated 38 ms, 2.2 times the own 17 ms, and was taken as
// sure, 3 strides off; two runs of one interval schedule, their steps
// varying each on its own, 0.85.
const alignFitMax = 0.75

// alignStand is how many times as long as the strides round it (see
// footStrides) a stride is to be a stand, a stop of the runner or the
// recording's gap, rather than missed contacts: a contact of the other
// foot in it is unpaired (see alignEdge). Up to three contacts missed in
// a row are not a stand: at 2.5, two left contacts missed in a row (a
// 2.1 s stride) of a steady 15-minute run, 2 % of contacts missed, held
// a right contact at every offset but one, where the right foot had
// missed its contacts there: that offset, −42.8 s for the true −13.4 s,
// fit 4.7 ms against 8.6 and was taken.
const alignStand = 4

// alignEdge: a contact within a stand of the other foot more than
// alignEdge strides (the other foot's strides round the stand) from its
// ends is unpaired; nearer, it is the last step before the stop or the
// first after (a step, half a stride, from the other foot's), not
// counted. A stop at one cadence either side does not tell a stride from
// none by its edges (the one foot stops a stride later, the other starts
// a stride later, every step as before); two strides or more put
// contacts into the other foot's stand.
const alignEdge = 0.75

// alignCost scores the offset o of the right foot's clock (s): the mean
// square, in strides², of each contact's phase from the circular mean
// phase of the alignWindow contacts around it (at most alignCap), the
// right ICs (+o) within the left strides and the left ICs (−o) within the
// right strides; fl and fr are the two feet's strides (readStrides). A
// contact within a stand of the other foot more than alignEdge of its
// local stride from the stand's ends is ½, unpaired (none of them
// counted where the foot does not stop within the stand too: a dropout
// of the other foot's logger, see phaseScatter); one in a stride
// spanning missed contacts, or outside the other foot's contacts, is not
// counted; n is how many were. ok is false with fewer than
// alignMinCount contacts counted either way.
func alignCost(left, right []Contact, fl, fr footStrides, o float64) (cost float64, n int, ok bool) {
	s1, n1 := phaseScatter(left, right, fl, fr, o)
	s2, n2 := phaseScatter(right, left, fr, fl, -o)
	if n1 < alignMinCount || n2 < alignMinCount {
		return math.NaN(), n1 + n2, false
	}
	return (s1 + s2) / float64(n1+n2), n1 + n2, true
}

// alignCap caps a paired contact's phase deviation in alignCost, strides:
// a stride split by a spurious contact, or a few strides of odd gait, in
// the stretch one offset has in common and another not, weigh no more
// than a contact a quarter stride off.
const alignCap = 0.25

// phaseScatter is alignCost one way round: the sum of squared phase
// deviations of b's ICs (+o) within a's strides (fa), and how many
// counted; fb is b's strides.
//
// A stand of a is a stop of the runner only where b stops too: where a
// stand of b (+o) overlaps it (standWithin) and b's contacts inside it
// (beyond alignEdge of the ends) fill at most half of it (their count ≤
// ½·stand/med, med a's strides round it), they are unpaired, ½ stride
// each: those a stride or more off puts there. Otherwise b ran on
// through it: a's logger lost its contacts (a dropout), and none of them
// is counted. Counted as unpaired, a dropout cost every offset but the
// one that laid it on the other foot's own dropout, which was taken
// (steady run, 15 s dropouts 30 s apart: 38 strides off, sure). Either
// test alone flipped a stride from the truth: the right logger started
// inside the left's gap held 12 contacts in it at the true offset (under
// half: a stand) and 13 a stride off; the two feet's dropouts overlapped
// by 3 s at the true offset (both stopped, by the overlap alone), not
// at the period of exactly repeating intervals, which was taken.
func phaseScatter(a, b []Contact, fa, fb footStrides, o float64) (sum float64, n int) {
	type pt struct {
		x, y, ph float64
		paired   bool
		stand    int // unpaired: the stride of a that holds it
	}
	pts := make([]pt, 0, len(b))
	inStand := map[int]int{} // b's contacts inside each stand of a
	for _, c := range b {
		ic := c.IC + o
		j := sort.Search(len(a), func(k int) bool { return a[k].IC > ic }) - 1
		if j < 0 || j+1 >= len(a) {
			continue
		}
		switch fa.kind[j] {
		case strideStand:
			// unpaired away from the stand's ends
			if min(ic-a[j].IC, a[j+1].IC-ic) > alignEdge*fa.med[j] {
				pts = append(pts, pt{stand: j})
				inStand[j]++
			}
			continue
		case strideMissed:
			continue
		}
		ph := (ic - a[j].IC) / (a[j+1].IC - a[j].IC)
		pts = append(pts, pt{math.Cos(2 * math.Pi * ph), math.Sin(2 * math.Pi * ph), ph, true, 0})
	}
	if len(inStand) > 0 {
		// a's dropouts: their contacts not counted
		stop := map[int]bool{}
		for j, k := range inStand {
			stop[j] = float64(k) <= 0.5*(a[j+1].IC-a[j].IC)/fa.med[j] && standWithin(b, fb, a[j].IC-o, a[j+1].IC-o)
		}
		kept := pts[:0]
		for _, p := range pts {
			if p.paired || stop[p.stand] {
				kept = append(kept, p)
			}
		}
		pts = kept
	}
	// prefix sums of the paired contacts' unit phases
	px, py := make([]float64, len(pts)+1), make([]float64, len(pts)+1)
	for i, p := range pts {
		px[i+1], py[i+1] = px[i]+p.x, py[i]+p.y
	}
	for i, p := range pts {
		if !p.paired {
			sum += 0.25
			continue
		}
		lo, hi := max(0, i-alignWindow/2), min(len(pts), i+alignWindow/2+1)
		x, y := px[hi]-px[lo], py[hi]-py[lo]
		ref := math.Atan2(y, x) / (2 * math.Pi)
		d := math.Min(math.Abs(math.Remainder(p.ph-ref, 1)), alignCap)
		sum += d * d
	}
	return sum, len(pts)
}

// standWithin reports whether a stand of cs (strides f) overlaps from to
// to (s, cs's clock) by over alignStandOverlap of its local strides: the
// foot stops there too. A stride or less is a stand beside the stretch
// (a logger's dropout ending as the runner stopped: at the true offset
// the other foot's stand overlapped it by 0.3 s, a stride off by none).
func standWithin(cs []Contact, f footStrides, from, to float64) bool {
	k := max(0, sort.Search(len(cs), func(i int) bool { return cs[i].IC > from })-1)
	for ; k+1 < len(cs) && cs[k].IC < to; k++ {
		if f.kind[k] == strideStand && min(cs[k+1].IC, to)-max(cs[k].IC, from) > alignStandOverlap*f.med[k] {
			return true
		}
	}
	return false
}

// alignStandOverlap is how many of its strides a stand of one foot must
// overlap the other's to be one stop of both (see standWithin).
const alignStandOverlap = 2

// footStrides is a foot's strides as alignCost reads them: for each
// stride j (cs[j] to cs[j+1]), med the median of the strides from j−10 to
// j+10 (s), and kind whether it is over 1.5 times that (strideMissed: a
// contact missed, or more in a row) or over alignStand times
// (strideStand). Against the strides round it rather than the two beside
// it (spansGap): every other contact missed leaves two strides of 1.4 s
// side by side, read as strides, the other foot at a quarter and three
// quarters of them.
type footStrides struct {
	med  []float64
	kind []uint8
}

const (
	strideMissed = 1 + iota
	strideStand
)

// readStrides reads cs's strides for alignCost.
func readStrides(cs []Contact) footStrides {
	n := max(0, len(cs)-1)
	f := footStrides{med: make([]float64, n), kind: make([]uint8, n)}
	w := make([]float64, 0, 21)
	for j := range n {
		w = w[:0]
		for k := max(0, j-10); k <= min(n-1, j+10); k++ {
			w = append(w, cs[k+1].IC-cs[k].IC)
		}
		sort.Float64s(w)
		f.med[j] = w[len(w)/2]
		switch s := cs[j+1].IC - cs[j].IC; {
		case s > alignStand*f.med[j]:
			f.kind[j] = strideStand
		case s > 1.5*f.med[j]:
			f.kind[j] = strideMissed
		}
	}
	return f
}

// heldBy returns the left stride j, from left[j].IC to left[j+1].IC, that
// holds time t (s, the left clock), ok false before the first left IC,
// from the last on, or in a stride spanning a gap of left's contacts
// (spansGap).
func heldBy(left []Contact, t float64) (j int, ok bool) {
	j = sort.Search(len(left), func(k int) bool { return left[k].IC > t }) - 1
	return j, j >= 0 && j+1 < len(left) && !spansGap(left, j)
}

// phase returns the circular mean phase, 0 to 1, of the right ICs (offset
// added) within the left strides that hold them, and how many there were
// (NaN, 0 without any).
func phase(left, right []Contact, offset float64) (float64, int) {
	var sx, sy float64
	n := 0
	for _, r := range right {
		ic := r.IC + offset
		j, ok := heldBy(left, ic)
		if !ok {
			continue
		}
		ph := (ic - left[j].IC) / (left[j+1].IC - left[j].IC)
		sx += math.Cos(2 * math.Pi * ph)
		sy += math.Sin(2 * math.Pi * ph)
		n++
	}
	if sx == 0 && sy == 0 {
		return math.NaN(), n
	}
	m := math.Atan2(sy, sx) / (2 * math.Pi)
	if m < 0 {
		m++
	}
	return m, n
}

// phases is phase, also returning, in lo and hi, the two stretches of
// phaseWindow successive right ICs within left strides (stepping by half
// of it) whose circular mean phases are farthest apart round the stride,
// the earlier first.
func phases(left, right []Contact, offset float64) (mean float64, n int, lo, hi PhaseStretch) {
	var sx, sy float64
	type pt struct{ ic, x, y float64 } // x, y: the phase on the unit circle
	pts := make([]pt, 0, len(right))
	for _, r := range right {
		ic := r.IC + offset
		j, ok := heldBy(left, ic)
		if !ok {
			continue
		}
		ph := (ic - left[j].IC) / (left[j+1].IC - left[j].IC)
		x, y := math.Cos(2*math.Pi*ph), math.Sin(2*math.Pi*ph)
		sx += x
		sy += y
		pts = append(pts, pt{ic, x, y})
	}
	n = len(pts)
	circ := func(x, y float64) float64 {
		if x == 0 && y == 0 {
			return math.NaN()
		}
		m := math.Atan2(y, x) / (2 * math.Pi)
		if m < 0 {
			m++
		}
		return m
	}
	nan := math.NaN()
	lo, hi = PhaseStretch{nan, nan, nan}, PhaseStretch{nan, nan, nan}
	if n == 0 {
		return nan, n, lo, hi
	}
	var ws []PhaseStretch
	for a := 0; a+phaseWindow <= n; a += phaseWindow / 2 {
		var x, y float64
		for _, p := range pts[a : a+phaseWindow] {
			x += p.x
			y += p.y
		}
		if m := circ(x, y); !math.IsNaN(m) {
			ws = append(ws, PhaseStretch{Phase: m, From: pts[a].ic, To: pts[a+phaseWindow-1].ic})
		}
	}
	// the two stretches farthest apart round the stride, earlier first
	far := -1.0
	for i := range ws {
		for j := i + 1; j < len(ws); j++ {
			if d := math.Abs(math.Remainder(ws[j].Phase-ws[i].Phase, 1)); d > far {
				far, lo, hi = d, ws[i], ws[j]
			}
		}
	}
	return circ(sx, sy), n, lo, hi
}

// spansGap reports whether the left stride from left[j] to left[j+1] is
// over 1.5 times as long as each of the strides beside it: the left
// recording's gap (a dropout) or a left contact missed, not a stride. The
// right contacts inside it have no phase in a stride: a 20 s dropout of the
// left file held some 28 right contacts spread round the "stride", and
// the 20-contact stretches over it read 33 % and 67 % — "the two clocks
// drift apart or one restarted" of a pair on one clock. A stride with no
// stride beside it is kept.
func spansGap(left []Contact, j int) bool {
	s := left[j+1].IC - left[j].IC
	n := 0
	if j >= 1 {
		if s <= 1.5*(left[j].IC-left[j-1].IC) {
			return false
		}
		n++
	}
	if j+2 < len(left) {
		if s <= 1.5*(left[j+2].IC-left[j+1].IC) {
			return false
		}
		n++
	}
	return n > 0
}

// phaseWindow is the number of right contacts a PhaseStretch spans: about
// 20 strides, long enough that a step-time asymmetry's scatter averages
// out, short enough to see one foot's clock drift or restart.
const phaseWindow = 20

// PhaseStretch is a stretch of a pair's right contacts (From, To: their
// first and last IC, s, on the left clock) and the circular mean phase of
// those contacts within the left strides (0 to 1).
type PhaseStretch struct {
	Phase, From, To float64
}

// PairFit tells how the contacts of two foot recordings fit together as
// one run, the right foot's times shifted by an offset (see Pair): where
// both feet have contacts, and where the right foot lands within the left
// stride.
type PairFit struct {
	// Left and Right are each foot's first and last IC, s (Right shifted).
	Left, Right [2]float64
	// Overlap is how long both feet have contacts, s (0 if never).
	Overlap float64
	// Phase is the circular mean phase of the right ICs within the left
	// strides, 0 to 1: about 0.5 in steady gait, the step-time asymmetry
	// moving it by its half; NaN when no right IC falls in a left stride.
	Phase float64
	// InStrides counts the right ICs within left strides; Coincident
	// those within 2 ms of a left IC (one recording given twice).
	InStrides, Coincident int
	// Lo and Hi are the two stretches of 20 right contacts whose phases
	// are farthest apart round the stride, the earlier first (NaN fields
	// with fewer than two): a few percent apart in steady gait, far more
	// where the two clocks drift apart (a logger's clock 0.25 % fast) or
	// one restarted, which Phase alone, over the whole run, can still
	// read as about 0.5.
	Lo, Hi PhaseStretch
}

// FitPair measures how right, shifted by offset (s), fits with left. Both
// lists must be sorted by IC; an empty one fits nowhere (spans NaN).
func FitPair(left, right []Contact, offset float64) PairFit {
	if len(left) == 0 || len(right) == 0 {
		nan := math.NaN()
		return PairFit{Left: [2]float64{nan, nan}, Right: [2]float64{nan, nan}, Phase: nan, Lo: PhaseStretch{nan, nan, nan}, Hi: PhaseStretch{nan, nan, nan}}
	}
	f := PairFit{
		Left:  [2]float64{left[0].IC, left[len(left)-1].IC},
		Right: [2]float64{right[0].IC + offset, right[len(right)-1].IC + offset},
	}
	f.Overlap = math.Max(0, math.Min(f.Left[1], f.Right[1])-math.Max(f.Left[0], f.Right[0]))
	f.Phase, f.InStrides, f.Lo, f.Hi = phases(left, right, offset)
	for _, r := range right {
		ic := r.IC + offset
		j := sort.Search(len(left), func(k int) bool { return left[k].IC >= ic-0.002 })
		if j < len(left) && left[j].IC <= ic+0.002 {
			f.Coincident++
		}
	}
	return f
}

// ClockMap puts a time t of the right foot's clock on the left foot's:
// t + Offset + Drift·(t − T0), s. Drift is the right clock's rate error
// against the left's, negated: −0.0025 for a right clock 0.25 % fast.
type ClockMap struct {
	Offset, Drift, T0 float64
}

// At returns t on the left foot's clock.
func (m ClockMap) At(t float64) float64 { return t + m.Offset + m.Drift*(t-m.T0) }

// AlignDrift estimates the map from the right foot's clock to the left's
// when the two drift apart (two loggers' crystals, tens to thousands of
// ppm): as Align, the right contacts are put half-way between the left
// ones, but at every point of the run rather than on average. Each right
// IC, shifted by Align's offset, is read as its distance from the middle
// of the left stride that holds it (s; left strides over 1.5 times the
// median, pauses and missed contacts, are left out), unwrapped by whole
// strides against the one before (a drift carries the right foot past a
// left contact): measured from the middle of the stride as many strides
// before as it was carried past, the one that held it, not as this
// stride's length times their count (strides' lengths change over a run).
// The medians of each phaseWindow successive distances and times are
// fitted with the Theil–Sen line (the median of the pairwise slopes,
// robust to a stretch of odd steps), which the map takes out.
// Drift is 0 with fewer than three such windows. The whole strides of the
// offset are AlignWide's over ±AlignSpan: the map puts the right foot,
// at the middle of its contacts (the median IC counted, t_c), within half
// a stride of AlignWide's Offset. Where the drift moves the right foot
// over a quarter stride in the run (|drift|·(last − first right IC) >
// T/4, T the median left stride), AlignWide's whole strides hold only
// where the cadence changed, not at t_c (1000 ppm over 15 min is a
// stride): they are taken from a second AlignWide over the right
// contacts with the drift taken out, unless that one or the first is
// Ambiguous. Otherwise, where AlignWide is Ambiguous, or its Offset is
// the one within half a stride (Near), the offset at the right foot's
// first contact is within half a stride, as before. ok is
// AlignWide's.
//
// Like Align it assumes steady gait, now throughout the run: a step-time
// asymmetry that grows over the run is taken out with the drift.
func AlignDrift(left, right []Contact) (m ClockMap, ok bool) {
	return AlignDriftFrom(left, right, AlignWide(left, right, AlignSpan))
}

// AlignDriftFrom is AlignDrift from a, AlignWide's alignment of the same
// contacts (a caller that prints a's Reason need not search twice).
func AlignDriftFrom(left, right []Contact, a Alignment) (m ClockMap, ok bool) {
	if !a.OK {
		return ClockMap{}, false
	}
	off := a.Offset
	m = ClockMap{Offset: off, T0: right[0].IC}
	T := medianStrideOf(left)
	var ts, ds []float64
	prev, k := math.NaN(), 0 // k: the left strides the drift carried the right foot past
	for _, r := range right {
		ic := r.IC + off
		j := sort.Search(len(left), func(k int) bool { return left[k].IC > ic }) - 1
		if j < 0 || j+1 >= len(left) {
			continue
		}
		s := left[j+1].IC - left[j].IC
		if s > 1.5*T {
			continue
		}
		d := ic - (left[j].IC + s/2)
		if !math.IsNaN(prev) {
			k += int(math.Round((prev - d) / s))
		}
		prev = d
		// the distance from the middle of the stride k before, the one
		// that held the contact: k times this stride's length is off by
		// k times its change since (a cadence 3 % up 25 strides on is
		// most of a stride)
		if p := j - k; p >= 0 && p+1 < len(left) {
			d = ic - (left[p].IC+left[p+1].IC)/2
		} else {
			d += float64(k) * s
		}
		ts, ds = append(ts, r.IC), append(ds, d)
	}
	var wt, wd []float64
	for a := 0; a+phaseWindow <= len(ts); a += phaseWindow {
		wt = append(wt, medianOf(ts[a:a+phaseWindow]))
		wd = append(wd, medianOf(ds[a:a+phaseWindow]))
	}
	if len(wt) < 3 {
		return m, true // off: AlignWide's
	}
	var slopes []float64
	for i := range wt {
		for j := i + 1; j < len(wt); j++ {
			if dt := wt[j] - wt[i]; dt > 0 {
				slopes = append(slopes, (wd[j]-wd[i])/dt)
			}
		}
	}
	if len(slopes) == 0 {
		return m, true // off: AlignWide's
	}
	b := medianOf(slopes)
	res := make([]float64, len(wt))
	for i := range wt {
		res[i] = wd[i] - b*(wt[i]-m.T0)
	}
	// the shift at the right foot's first contact resolved, as Align's,
	// to within half a stride: a drift that sweeps the right foot round
	// the stride leaves the whole run's mean phase, and Align's offset,
	// anywhere
	m.Drift = -b
	if moved := math.Abs(b) * (ts[len(ts)-1] - ts[0]); !a.Ambiguous && moved > T/4 {
		// the drift moves the right foot a quarter stride or more over
		// the run: a's whole strides hold where the cadence changed,
		// which may be far from the middle of the run (1000 ppm over
		// 15 min is a stride), and a's Offset, its mean phase over the
		// whole run, is anywhere round that stride. The whole strides
		// are those AlignWide finds with the drift taken out.
		rc := slices.Clone(right)
		for i := range rc {
			rc[i].IC += m.Drift * (rc[i].IC - m.T0)
			rc[i].FC += m.Drift * (rc[i].FC - m.T0)
		}
		if a2 := AlignWide(left, rc, AlignSpan); a2.OK && !a2.Ambiguous {
			m.Offset = off - medianOf(res)
			m.Offset += math.Round((a2.Offset-m.Offset)/T) * T
			return m, true
		}
	}
	if off == a.Near {
		m.Offset = math.Remainder(off-medianOf(res), T)
		return m, true
	}
	// AlignWide's whole strides: its Offset holds over the run, at the
	// middle of the right contacts, where the map is put within half a
	// stride of it (the shift at the first contact, unwrapped from
	// there, is some strides off when the drift carries the right foot
	// that far over half the run)
	m.Offset = off - medianOf(res)
	tc := medianOf(ts)
	m.Offset += math.Round((off-(m.At(tc)-tc))/T) * T
	return m, true
}

// medianStrideOf is the median interval between successive ICs of cs, s
// (NaN with fewer than two).
func medianStrideOf(cs []Contact) float64 {
	var d []float64
	for i := 1; i < len(cs); i++ {
		d = append(d, cs[i].IC-cs[i-1].IC)
	}
	if len(d) == 0 {
		return math.NaN()
	}
	return medianOf(d)
}
