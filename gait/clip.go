package gait

import (
	"fmt"
	"math"
)

// Impact peaks and loading rates of contacts during which the accelerometer
// saturated (Contact.Clipped) are cut off at the sensor's range: a shank
// clipped at ±8 g reads about 8 g (|a| with one axis held at the range:
// 8.4–8.7 g on the simulator) for a 12 g impact. Such a contact's peak is a
// lower bound, at or above every unclipped contact's, so it sorts to the
// top: a median over a set of contacts is still exact while fewer than
// half of them saturated, and from half on it is the range, not the
// runner's. Means are off by every clipped value they take in.

// Shares of saturated contacts from which a figure over a set of contacts
// is cut off: a median (cutMedian), a mean of the set trimmed of outliers
// (cutMean; the trimming does not remove values held at the range).
const (
	cutMedian = 0.5
	cutMean   = 0.1
)

// cutOff says why figure f (ImpactG or LoadingRate) over the contacts cs is
// cut off by saturation, "" when it is not: when at least share of the
// contacts with a value of f saturated (see cutMedian, cutMean).
func cutOff(cs []Contact, f func(Contact) float64, share float64) string {
	n, clipped := countClipped(cs, f)
	if clipped == 0 || float64(clipped) < share*float64(n) {
		return ""
	}
	return fmt.Sprintf("the accelerometer saturated in %d of %d contacts: their peaks are cut off at its range", clipped, n)
}

// cutMedianOf says why the median of figure f over the contacts cs, taken
// as bothFeetOf takes it (alternate: the means of consecutive contacts'
// values), is cut off by saturation, "" when it is exact. Beyond cutOff's
// share, the contacts of two foot sensors (pair) give a median exact only
// when every value a saturated contact enters sorts above it: sensors of
// different ranges (a right foot clipped at ±8 g reads under the left's
// unclipped 11 g impacts), or a mean of both feet of which one saturated,
// put such values under the median, which then reads low while fewer than
// half saturated. One sensor's contacts are judged by the share alone: a
// waist's impact, read off the levelled vertical, stays under its range
// (1.67 g flagged at ±2.25 g, as unclipped), and a foot's flagged for a
// saturation after its impact peak reads the peak.
func cutMedianOf(cs []Contact, pair, alternate bool, f func(Contact) float64) string {
	if why := cutOff(cs, f, cutMedian); why != "" || !pair {
		return why
	}
	vals := bothFeetOf(cs, alternate, func(i int) float64 { return f(cs[i]) })
	// the same pairs (a NaN or Inf value leaves its pair out of both)
	cut := bothFeetOf(cs, alternate, func(i int) float64 {
		if x := f(cs[i]); math.IsNaN(x) || math.IsInf(x, 0) || !cs[i].Clipped {
			return x * 0
		}
		return 1
	})
	if len(vals) == 0 || len(cut) != len(vals) {
		return ""
	}
	m, under := medianOf(vals), 0
	for i, v := range vals {
		if cut[i] > 0 && v <= m {
			under++
		}
	}
	if under == 0 {
		return ""
	}
	n, clipped := countClipped(cs, f)
	return fmt.Sprintf("the accelerometer saturated in %d of %d contacts: their peaks are cut off at its range, and %d of the values they enter read at or under the median", clipped, n, under)
}

// countClipped counts the contacts of cs with a finite value of figure f,
// and the saturated ones among them.
func countClipped(cs []Contact, f func(Contact) float64) (n, clipped int) {
	for _, c := range cs {
		if v := f(c); math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		n++
		if c.Clipped {
			clipped++
		}
	}
	return n, clipped
}

// impactOf and loadingRateOf read the two figures saturation cuts off.
func impactOf(c Contact) float64      { return c.ImpactG }
func loadingRateOf(c Contact) float64 { return c.LoadingRate }

// cutSides joins the reasons of cutOff for the left (l) and right (r)
// contacts into one naming the foot or feet.
func cutSides(l, r string) string {
	switch {
	case l != "" && r != "":
		return "left foot: " + l + "; right foot: " + r
	case l != "":
		return "left foot: " + l
	}
	return "right foot: " + r
}

// cutThirds is cutOff for the first and the last third of a run compared
// by a trend (sigInput.early, late).
func cutThirds(in sigInput, f func(Contact) float64, share float64) string {
	cut := func(cs []Contact) string {
		if share == cutMedian {
			return cutMedianOf(cs, in.paired(), false, f)
		}
		return cutOff(cs, f, share)
	}
	if why := cut(in.early); why != "" {
		return "first third: " + why
	}
	if why := cut(in.late); why != "" {
		return "last third: " + why
	}
	return ""
}
