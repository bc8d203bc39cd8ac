package gait

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// minSide is the number of contacts each foot needs before a per-side
// figure (a symmetry index, the GCT balance) is computed: half the signals'
// default MinSteps, so that the run's balance and the uneven-load signal
// agree on what is enough.
const minSide = 10

// Asymmetry compares the two feet of a run or of one window
// (gait-methods §8). Per-side measures use only the contacts whose side
// confidence is at least the side floor; the side-free measures need no
// labels. Every value is null when it cannot be computed, and Reasons
// (keyed by the JSON name of the value) says why.
//
// The symmetry index of a per-step quantity X is
//
//	SI = (X_R − X_L) / (0.5·(X_R + X_L)) · 100 %
//
// with X_L, X_R the medians of the left and right contacts (Robinson 1987):
// positive when the right foot's value is larger. GCT balance is the left
// share of the mean contact times, B_L = GCT_L / (GCT_L + GCT_R) · 100.
type Asymmetry struct {
	// LeftSteps and RightSteps count the contacts used per foot.
	LeftSteps  int `json:"left_steps"`
	RightSteps int `json:"right_steps"`

	GCTBalancePct *float64 `json:"gct_balance_pct"`
	// Symmetry indices, %.
	SIGCTPct         *float64 `json:"si_gct_pct"`
	SIStepPct        *float64 `json:"si_step_time_pct"`
	SIFlightPct      *float64 `json:"si_flight_pct"`
	SIImpactPct      *float64 `json:"si_impact_pct"`
	SIVOPct          *float64 `json:"si_vo_pct"`
	SILoadingRatePct *float64 `json:"si_loading_rate_pct"`
	SIBrakingPct     *float64 `json:"si_braking_pct"`
	SIRollPct        *float64 `json:"si_roll_pct"`
	SIYawPct         *float64 `json:"si_yaw_pct"`

	// Side-free measures (waist, vertical acceleration; Moe-Nilssen and
	// Helbostad 2004, Angelini 2020, Roche 2013): medians over the
	// contacts of the autocorrelation at the step lag (Ad1) and at the
	// stride lag (Ad2), the symmetry |Ad1 − Ad2| (0 = symmetric), the
	// regularity index 1 − 2·|Ad2 − Ad1| / (Ad2 + Ad1) (1 = symmetric) and
	// the vertical harmonic ratio (higher = smoother, more symmetric).
	StepRegularity     *float64 `json:"step_regularity"`
	StrideRegularity   *float64 `json:"stride_regularity"`
	RegularitySymmetry *float64 `json:"regularity_symmetry"`
	RegularityIndex    *float64 `json:"regularity_index"`
	HarmonicRatio      *float64 `json:"harmonic_ratio"`

	// Reasons says why a value is null, keyed by its JSON name.
	Reasons map[string]string `json:"reasons,omitempty"`
}

// symmetryIndex is (r − l) / (0.5·(r + l)) · 100, NaN when the mean is not
// positive.
func symmetryIndex(l, r float64) float64 {
	m := 0.5 * (l + r)
	if !(m > 0) {
		return math.NaN()
	}
	return (r - l) / m * 100
}

// splitSides returns the contacts with a confident side, per foot (nil
// for a foot with none). Both are cut from one allocation of their exact
// size, each capped: grown by append from nil, the live signals' many
// calls a contact (each SI, each window) churned about 0.4 MB a contact
// over a minute's window, two thirds of all gaitd demo allocated.
func splitSides(cs []Contact, floor float64) (l, r []Contact) {
	nl, nr := sideCounts(cs, floor)
	if nl+nr == 0 {
		return nil, nil
	}
	return splitSidesInto(make([]Contact, nl+nr), cs, floor, nl)
}

// sideCounts returns the numbers of contacts of cs with a confident left
// and right side.
func sideCounts(cs []Contact, floor float64) (nl, nr int) {
	for i := range cs {
		if cs[i].SideConf < floor {
			continue
		}
		switch cs[i].Side {
		case Left:
			nl++
		case Right:
			nr++
		}
	}
	return nl, nr
}

// splitSidesInto is splitSides(cs, floor) written to buf, of as many
// contacts as cs has with a confident side, nl of them left.
func splitSidesInto(buf, cs []Contact, floor float64, nl int) (l, r []Contact) {
	il, ir := 0, nl
	for i := range cs {
		if cs[i].SideConf < floor {
			continue
		}
		switch cs[i].Side {
		case Left:
			buf[il] = cs[i]
			il++
		case Right:
			buf[ir] = cs[i]
			ir++
		}
	}
	if nl > 0 {
		l = buf[:nl:nl]
	}
	if len(buf) > nl {
		r = buf[nl:]
	}
	return l, r
}

// sideReason says why cs gives no per-side figures.
func sideReason(cs []Contact, floor float64) string {
	if len(cs) == 0 {
		return "no contacts"
	}
	var n int
	var conf float64
	var nl, nr int
	for _, c := range cs {
		if c.Side == SideUnknown {
			continue
		}
		n++
		conf += c.SideConf
		if c.SideConf >= floor {
			if c.Side == Left {
				nl++
			} else {
				nr++
			}
		}
	}
	switch {
	case n == 0:
		return "sides unknown (no contact carries a side)"
	case nl == 0 && nr == 0:
		return fmt.Sprintf("side confidence %.2f below the floor %.2f", conf/float64(n), floor)
	case nl == 0 || nr == 0:
		return fmt.Sprintf("only one foot has confident contacts (L %d, R %d)", nl, nr)
	}
	return fmt.Sprintf("too few contacts per side (L %d, R %d; need %d each)", nl, nr, minSide)
}

// MeasureAsymmetry computes the asymmetry of the contacts cs, counting
// per-side only contacts with side confidence ≥ floor.
func MeasureAsymmetry(cs []Contact, floor float64) Asymmetry {
	l, r := splitSides(cs, floor)
	return measureAsymmetry(cs, l, r, floor, collect, false, nil)
}

// measureAsymmetry is MeasureAsymmetry with cs already split by side (l
// and r: splitSides(cs, floor)), taking the figures with collect (the
// live signals: sigInput.collect, cut from their arena). With
// signalsOnly it leaves out what no form signal reads (the flight and VO
// indices and the side-free measures, with their reasons): 9 of its 23
// figures, which a Monitor took at every contact. keep, when set, is
// given each index's per-side values and medians by its key.
func measureAsymmetry(cs, l, r []Contact, floor float64, collect func([]Contact, func(Contact) float64) []float64, signalsOnly bool, keep func(key string, xl, xr []float64, ml, mr float64)) Asymmetry {
	var a Asymmetry
	why := func(key, reason string) {
		if a.Reasons == nil {
			a.Reasons = map[string]string{}
		}
		a.Reasons[key] = reason
	}
	a.LeftSteps, a.RightSteps = len(l), len(r)
	sided := len(l) >= minSide && len(r) >= minSide
	sr := ""
	if !sided {
		sr = sideReason(cs, floor)
	}

	if sided {
		a.GCTBalancePct = balance(l, r, minSide)
		if a.GCTBalancePct == nil {
			if gl, gr := countGCT(l), countGCT(r); gl == 0 && gr == 0 {
				why("gct_balance_pct", "no contact times: no toe-off found, or too few for the run to report")
			} else {
				why("gct_balance_pct", fmt.Sprintf("too few contacts with a contact time per side (L %d, R %d; need %d each)", gl, gr, minSide))
			}
		}
	} else {
		why("gct_balance_pct", sr)
	}
	for _, m := range []struct {
		key  string
		dst  **float64
		f    func(Contact) float64
		need string // what a missing value needs
		peak bool   // an acceleration peak, cut off by saturation (cutOff)
	}{
		{"si_gct_pct", &a.SIGCTPct, func(c Contact) float64 { return c.GCT }, "contact times (toe-off found)", false},
		{"si_step_time_pct", &a.SIStepPct, func(c Contact) float64 { return c.Step }, "step times", false},
		{"si_flight_pct", &a.SIFlightPct, func(c Contact) float64 { return c.Flight }, "flight times (running)", false},
		{"si_impact_pct", &a.SIImpactPct, impactOf, "impact peaks", true},
		{"si_vo_pct", &a.SIVOPct, func(c Contact) float64 { return c.VO }, "vertical oscillation (waist)", false},
		{"si_loading_rate_pct", &a.SILoadingRatePct, loadingRateOf, "loading rates", true},
		{"si_braking_pct", &a.SIBrakingPct, func(c Contact) float64 { return c.Braking }, "braking (waist with a forward axis)", false},
		{"si_roll_pct", &a.SIRollPct, func(c Contact) float64 { return c.Roll }, "pelvic roll ranges (waist with gyro)", false},
		{"si_yaw_pct", &a.SIYawPct, func(c Contact) float64 { return c.Yaw }, "pelvic yaw ranges (waist with gyro)", false},
	} {
		if signalsOnly && (m.key == "si_flight_pct" || m.key == "si_vo_pct") {
			continue
		}
		if !sided {
			why(m.key, sr)
			continue
		}
		xl, xr := collect(l, m.f), collect(r, m.f)
		switch {
		case len(xl) == 0 && len(xr) == 0:
			why(m.key, "no "+m.need+" measured")
			continue
		case len(xl) < minSide || len(xr) < minSide:
			why(m.key, fmt.Sprintf("too few %s per side (L %d, R %d)", m.need, len(xl), len(xr)))
			continue
		}
		if m.peak {
			if cl, cr := cutOff(l, m.f, cutMedian), cutOff(r, m.f, cutMedian); cl != "" || cr != "" {
				why(m.key, cutSides(cl, cr))
				continue
			}
		}
		ml, mr := medianOf(xl), medianOf(xr)
		if keep != nil {
			keep(m.key, xl, xr, ml, mr)
		}
		v := symmetryIndex(ml, mr)
		if math.IsNaN(v) {
			why(m.key, "the sides' mean is zero: the index is undefined")
			continue
		}
		*m.dst = ptr(v)
	}

	if signalsOnly {
		return a
	}
	// side-free measures
	// (the regularity is first measured on a bout's 16th contact, the
	// harmonic ratio, one stride's, on its 32nd: a 29-contact trial had
	// the regularity and its harmonic ratio "needs 16 contacts")
	need := "needs 16 contacts of steady gait in a bout (then every 32nd updates it) from a waist sensor's vertical axis"
	needHR := "needs 32 contacts of steady gait in a bout (one stride's ratio on every 32nd contact) from a waist sensor's vertical axis"
	ad1 := collect(cs, func(c Contact) float64 { return c.StepReg })
	ad2 := collect(cs, func(c Contact) float64 { return c.StrideReg })
	var sym, ri []float64
	for _, c := range cs {
		if math.IsNaN(c.StepReg) || math.IsNaN(c.StrideReg) {
			continue
		}
		sym = append(sym, math.Abs(c.StepReg-c.StrideReg))
		if s := c.StepReg + c.StrideReg; s > 0 {
			ri = append(ri, 1-2*math.Abs(c.StrideReg-c.StepReg)/s)
		}
	}
	for _, m := range []struct {
		key  string
		dst  **float64
		x    []float64
		need string
	}{
		{"step_regularity", &a.StepRegularity, ad1, need},
		{"stride_regularity", &a.StrideRegularity, ad2, need},
		{"regularity_symmetry", &a.RegularitySymmetry, sym, need},
		{"regularity_index", &a.RegularityIndex, ri, need},
		{"harmonic_ratio", &a.HarmonicRatio, collect(cs, func(c Contact) float64 { return c.HarmonicRatio }), needHR},
	} {
		if len(m.x) == 0 {
			why(m.key, "not measured: "+m.need)
			continue
		}
		*m.dst = ptr(medianOf(m.x))
	}
	return a
}

// medianOf returns the median of x (NaN when empty); x is not changed. It
// is quantile(sorted x, 0.5) bit for bit — the middle value, or the two
// middle ones' mean, weighted as quantile weighs them — found by selection,
// not by sorting: the live signals take dozens of medians of a minute's
// window at every contact, and sorting them was 29 % of their cost
// (BenchmarkMonitorAdd; TestMedianOfSelect). With a NaN it sorts, as
// sort.Float64s orders NaN first.
func medianOf(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	if n < 16 || slices.ContainsFunc(x, math.IsNaN) {
		s := append([]float64(nil), x...)
		sort.Float64s(s)
		return quantile(s, 0.5)
	}
	// the copy selection reorders: on the stack for a window's values
	var buf [medianStack]float64
	var s []float64
	if n <= len(buf) {
		s = buf[:n]
	} else {
		s = make([]float64, n)
	}
	copy(s, x)
	return medianSelect(s)
}

// medianStack is the most values medianOf and spread take on the stack,
// not the heap: a Monitor's window (WindowSteps, default 60) and its
// baseline's running steps fit, and the live signals take dozens of
// medians a contact (BenchmarkMonitorAdd: a third of its allocation).
const medianStack = 256

// medianSelect is medianOf(s) for s of 16 values or more without NaN, by
// selection; it reorders s.
func medianSelect(s []float64) float64 {
	n := len(s)
	i := (n - 1) / 2
	selectNth(s, i)
	next := s[i+1] // the (i+1)-th smallest: the least after s[i]
	for _, v := range s[i+2:] {
		if v < next {
			next = v
		}
	}
	f := 0.0 // quantile's weight of the upper middle value: 0, or 0.5 for even n
	if n%2 == 0 {
		f = 0.5
	}
	return s[i]*(1-f) + next*f
}

// selectNth reorders s (no NaN) so that s[k] is the value sorted s would
// hold there, every value before it ≤ it and every one after it ≥ it
// (Hoare's selection with a median-of-three pivot).
func selectNth(s []float64, k int) {
	lo, hi := 0, len(s)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		// the median of s[lo], s[mid], s[hi] as the pivot
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		p := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < p {
				i++
			}
			for p < s[j] {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		// s[lo..j] ≤ p ≤ s[i..hi], and j < i
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // s[j+1..i-1] all equal p
		}
	}
}
