package gait

import (
	"math"
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
// its contacts fall half-way between the left foot's, as in steady gait: the
// circular mean of the right ICs' phase within the left strides, moved to
// half a stride. It resolves offsets modulo one stride only (the clocks
// must agree to within half a stride), and returns 0 with ok false when
// either foot has fewer than four contacts or no right contact falls
// within the left foot's strides.
func Align(left, right []Contact) (offset float64, ok bool) {
	if len(left) < 4 || len(right) < 4 {
		return 0, false
	}
	var strides []float64
	for i := 1; i < len(left); i++ {
		strides = append(strides, left[i].IC-left[i-1].IC)
	}
	sort.Float64s(strides)
	T := strides[len(strides)/2]
	mean, _ := phase(left, right, 0)
	if math.IsNaN(mean) {
		return 0, false
	}
	shift := 2 * math.Pi * (0.5 - mean) // to half a stride
	shift = math.Remainder(shift, 2*math.Pi)
	return shift / (2 * math.Pi) * T, true
}

// phase returns the circular mean phase, 0 to 1, of the right ICs (offset
// added) within the left strides that hold them, and how many there were
// (NaN, 0 without any).
func phase(left, right []Contact, offset float64) (float64, int) {
	m, n, _, _ := phases(left, right, offset)
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
		// the left stride that holds it
		j := sort.Search(len(left), func(k int) bool { return left[k].IC > ic }) - 1
		if j < 0 || j+1 >= len(left) || spansGap(left, j) {
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
// Drift is 0 with fewer than three such windows. The offset at the right
// foot's first contact is resolved to within half a stride, as Align's
// is over the run. ok is Align's.
//
// Like Align it assumes steady gait, now throughout the run: a step-time
// asymmetry that grows over the run is taken out with the drift.
func AlignDrift(left, right []Contact) (m ClockMap, ok bool) {
	off, ok := Align(left, right)
	if !ok {
		return ClockMap{}, false
	}
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
		return m, true
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
		return m, true
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
	m.Offset = math.Remainder(off-medianOf(res), T)
	m.Drift = -b
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
