package gait

// Small helpers that locate events in a filtered window.

import "math"

// argmax returns the index of the first largest value of x[lo…hi] (the
// range clipped to x), or lo when the range is empty. The best value so
// far is kept in a register, and the loop ranges over the subslice: no
// bounds check a sample. Not inlined: in a caller as large as
// confirmWaist the loop's index lived on the stack, a load and a store a
// sample (argmin and argmax there 884 instructions a contact, 774 as
// calls).
//
//go:noinline
func argmax(x []float64, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(x)-1)
	if hi <= lo {
		return lo
	}
	b, v := lo, x[lo]
	for i, xi := range x[lo+1 : hi+1] {
		if xi > v {
			b, v = lo+1+i, xi
		}
	}
	return b
}

// spike is how far x[i] stands above the mean of the samples k either
// side of it when it is a local maximum (not below either neighbour), else
// NaN (which compares false): the sharpness of an impact in |a|, which a
// swing's broad hump lacks. Needs k ≤ i < len(x)-k.
func spike(x []float64, i, k int) float64 {
	if x[i] < x[i-1] || x[i] < x[i+1] {
		return math.NaN()
	}
	return x[i] - (x[i-k]+x[i+k])/2
}

// argmin returns the index of the first smallest value of x[lo…hi] (the
// range clipped to x), or lo when the range is empty (as argmax; not
// inlined either).
//
//go:noinline
func argmin(x []float64, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(x)-1)
	if hi <= lo {
		return lo
	}
	b, v := lo, x[lo]
	for i, xi := range x[lo+1 : hi+1] {
		if xi < v {
			b, v = lo+1+i, xi
		}
	}
	return b
}

// crossBack walks back from m to the last upward crossing of th that is
// preceded by at least bridge samples at or below th; it returns the
// fractional index of the crossing or NaN.
func crossBack(x []float64, m int, th float64, bridge int) float64 {
	if m <= 0 {
		return math.NaN()
	}
	// (each sample read once: x[i] is the x[i−1] of the step before)
	cur := x[m] // x[i]
	for i := m; i > 0; i-- {
		prev := x[i-1]
		if prev <= th && cur > th {
			// check the signal stays below for bridge samples before
			ok := true
			for j := i - 1; j >= 0 && j >= i-bridge; j-- {
				if x[j] > th {
					ok = false
					break
				}
			}
			if ok {
				return float64(i-1) + (th-prev)/(cur-prev)
			}
		}
		cur = prev
	}
	return math.NaN()
}

// crossFwd walks forward from m to the first downward crossing of th that
// is followed by at least bridge samples at or below th.
func crossFwd(x []float64, m int, th float64, bridge int) float64 {
	if m+1 >= len(x) {
		return math.NaN()
	}
	cur := x[m] // x[i], the x[i+1] of the step before (read once)
	for i := m; i+1 < len(x); i++ {
		next := x[i+1]
		if cur > th && next <= th {
			ok := true
			for j := i + 1; j < len(x) && j <= i+bridge; j++ {
				if x[j] > th {
					ok = false
					break
				}
			}
			if ok {
				return float64(i) + (cur-th)/(cur-next)
			}
		}
		cur = next
	}
	return math.NaN()
}

// steepestRise returns the fractional index of the largest positive slope
// of x in [lo, hi], refined by a parabola through the neighbouring slopes.
func steepestRise(x []float64, lo, hi int) float64 {
	lo, hi = max(lo, 1), min(hi, len(x)-1)
	if hi <= lo {
		return math.NaN()
	}
	b := lo
	for i := lo; i <= hi; i++ {
		if x[i]-x[i-1] > x[b]-x[b-1] {
			b = i
		}
	}
	// slope at b is centred on b-0.5
	pos := float64(b) - 0.5
	if b-2 >= 0 && b+1 < len(x) {
		s0, s1, s2 := x[b-1]-x[b-2], x[b]-x[b-1], x[b+1]-x[b]
		if den := s0 - 2*s1 + s2; den < 0 {
			pos += clamp(0.5*(s0-s2)/den, -0.5, 0.5)
		}
	}
	return pos
}

// fallEnd moves a downward crossing of x at fractional index c (crossFwd's,
// a running toe-off's: a fraction of the stance's height above the flight
// level lev) on to where the fall's steepest tangent reaches lev, as the
// end of an unloading is read off a force curve: the tangent through the
// steepest pair of samples x[k], x[k+1] of the monotonic fall that ends at
// c, t = k + ½ + ((x[k] + x[k+1])/2 − lev) / (x[k] − x[k+1]), kept within
// [c, the end of the fall after c: its first sample at or below lev, or
// the bottom of a dip that stays above it]. (Bounded by the level alone,
// a short flight's dip one sample above it at 25 Hz let the tangent run on
// into the next stance's rise: a toe-off after the next IC, 12 in 24
// simulated 30 s runs, TestToeOffBeforeNextIC.) The crossing itself lies
// before the end of the fall by the threshold's height over the fall's
// slope near its foot, where the smoothing rounds it: the davis trial's
// toe-offs read 10.4 ms early against its force plate (6.1 from the
// tangent; GCT MAE 11.2 → 7.8 ms), and the simulator's 1.5–4.2 ms early at
// 2.5–6 m/s (0.0–0.4 from the tangent). Not the IC's rise: the same
// tangent there moved davis's ICs from −0.8 to +6.2 ms.
func fallEnd(x []float64, c, lev float64) float64 {
	i := int(math.Floor(c))
	if i < 0 || i+1 >= len(x) {
		return c
	}
	// the steepest pair of the fall, walking back from the crossing while
	// x rises going back (the earliest of equal slopes)
	// (each sample read once: x[k] is the x[k+1] of the step after)
	b, sb := -1, 0.0
	cur, next := x[i], x[i+1] // x[k], x[k+1]
	for k := i; ; k-- {
		if f := cur - next; f > 0 && f >= sb {
			b, sb = k, f
		}
		if k == 0 {
			break
		}
		prev := x[k-1]
		if prev <= cur {
			break
		}
		cur, next = prev, cur
	}
	if b < 0 {
		return c
	}
	t := float64(b) + 0.5 + ((x[b]+x[b+1])/2-lev)/sb
	j := i + 1
	for j < len(x)-1 && x[j] > lev && x[j+1] < x[j] {
		j++
	}
	return clamp(t, c, float64(j))
}

// riseFoot returns the foot of the rise of x that ends at hi: the last
// index k in [lo, hi] from which x rises sample by sample up to hi (x[k−1]
// ≥ x[k], or k = lo). For a walking contact, hi is the smooth (8 Hz)
// loading peak, and the steepest rise of the finer signal is searched
// from this foot on: over the fixed 0.15 s before the peak, the steep
// side of a hump before the smooth signal's valley (the other foot's
// push-off in a slow, noisy walk) was taken for the loading rise, 100–130
// ms early. Simulated waist walks (0.8–1.8 m/s, 50–200 Hz, noise up to
// 0.6 m/s², three layouts, 12 501 contacts): 120 timed beyond the
// matching tolerance, 104 from the foot; IC bias and MAE unchanged (6.6
// and 9.8 ms), and mobgap's walks the same to the bit.
func riseFoot(x []float64, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(x)-1)
	k := hi
	for k > lo && x[k-1] < x[k] {
		k--
	}
	return k
}

// firstDip returns the first local minimum of x after the peak at lo that
// lies below 30 % of the peak value (and below zero), or lo if none before
// hi. A minimum that is neither a tenth of the peak below zero nor followed
// by a rise of a tenth of the peak before x falls under it again is a
// wiggle, not the contact dip: when a minimum that is one follows within win
// samples, that one is returned (a terminal swing whose rate lingers near
// zero before the dip took its noise's first minimum, 110 ms before IC).
func firstDip(x []float64, lo, hi, win int) int {
	lim := min(0, 0.3*x[lo])
	first := -1
	for i := lo + 1; i < hi && i+1 < len(x); i++ {
		if first >= 0 && i > first+win {
			break
		}
		if x[i] < lim && x[i] <= x[i-1] && x[i] < x[i+1] {
			if first < 0 {
				first = i
			}
			if significantDip(x, i, hi, 0.1*x[lo]) {
				return i
			}
		}
	}
	if first >= 0 {
		return first
	}
	return lo
}

// significantDip reports whether the minimum x[i] lies at least m below
// zero or is followed by a rise of at least m before x falls under x[i]
// again (or hi).
func significantDip(x []float64, i, hi int, m float64) bool {
	if x[i] <= -m {
		return true
	}
	for j := i + 1; j < hi && j < len(x) && x[j] >= x[i]; j++ {
		if x[j]-x[i] >= m {
			return true
		}
	}
	return false
}

// parabolicMin refines a discrete minimum at i by a parabola.
func parabolicMin(x []float64, i int) float64 {
	if i <= 0 || i >= len(x)-1 {
		return float64(i)
	}
	den := x[i-1] - 2*x[i] + x[i+1]
	if den <= 0 {
		return float64(i)
	}
	return float64(i) + clamp(0.5*(x[i-1]-x[i+1])/den, -0.5, 0.5)
}

// otherFC finds, after the loading peak at m, the first local minimum and
// then the first local maximum; that maximum marks the other foot's toe-off
// (walking). NaN when not found before hi.
func otherFC(w []float64, m, hi int) float64 {
	hi = min(hi, len(w)-2)
	j := m + 1
	for j < hi && !(w[j] <= w[j-1] && w[j] < w[j+1]) {
		j++
	}
	for j++; j < hi; j++ {
		if w[j] >= w[j-1] && w[j] > w[j+1] {
			return float64(j)
		}
	}
	return math.NaN()
}
