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
	// the longest step still counted as one: 0.75 of the median stride,
	// so a contact missed on one foot leaves a gap instead of a long step
	var strides []float64
	for _, side := range [][]Contact{left, right} {
		for i := 1; i < len(side); i++ {
			strides = append(strides, side[i].IC-side[i-1].IC)
		}
	}
	maxStep := math.Inf(1)
	if len(strides) > 0 {
		sort.Float64s(strides)
		maxStep = 0.75 * strides[len(strides)/2]
	}
	for i := range out {
		c := &out[i]
		c.Step, c.Flight = math.NaN(), math.NaN()
		if i+1 < len(out) && out[i+1].Side != c.Side {
			if d := out[i+1].IC - c.IC; d <= maxStep {
				c.Step = d
				if !math.IsNaN(c.GCT) {
					c.Flight = math.Max(0, d-c.GCT)
				}
			}
		}
	}
	return out
}

// Align estimates the offset to add to the right foot's clock so that its
// contacts fall half-way between the left foot's, as in steady gait: the
// circular mean of the right ICs' phase within the left strides, moved to
// half a stride. It resolves offsets modulo one stride only (the clocks
// must agree to within half a stride), and returns 0 with ok false when
// either foot has fewer than four contacts.
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
	var sx, sy float64
	for _, r := range right {
		// phase of r relative to the nearest earlier left IC
		j := sort.Search(len(left), func(k int) bool { return left[k].IC > r.IC }) - 1
		if j < 0 || j+1 >= len(left) {
			continue
		}
		ph := 2 * math.Pi * (r.IC - left[j].IC) / (left[j+1].IC - left[j].IC)
		sx += math.Cos(ph)
		sy += math.Sin(ph)
	}
	if sx == 0 && sy == 0 {
		return 0, false
	}
	mean := math.Atan2(sy, sx) // phase of the right contacts, rad
	shift := math.Pi - mean    // to half a stride
	shift = math.Remainder(shift, 2*math.Pi)
	return shift / (2 * math.Pi) * T, true
}
