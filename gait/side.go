package gait

import "math"

// Side labelling for a single waist sensor (gait-methods §7).
//
// Each contact gets a score s = clamp(f / median|f|, −1, 1) from each of two
// features f, positive meaning "left"; when both exist, their mean weighted
// by each feature's log-odds of being right on this walker or runner,
// log(a/(1 − a)) with a the share of decided sides its sign agreed with
// (exponential average, a prior of 0.75 for the first 8 steps; a clamped
// to 0.5–0.99): the optimal weights of a weighted majority of independent
// voters (Nitzan and Paroush 1982):
//
//   - with a gyroscope, the yaw rate (rotation about the vertical) around
//     IC, less its mean over the surrounding stride (McCamley 2012, the
//     mobgap LrcMcCamley rule); yaw needs only the vertical, so it does not
//     depend on the estimated forward direction;
//   - with a mediolateral accelerometer axis (levelled, and with a sensor
//     frame once the forward direction is known), the change of the
//     mediolateral acceleration across IC, its mean over the 0.1 s after
//     less its mean over the 0.1 s before, along the levelled right
//     direction (after Ben Mansour 2015; mlSignLeft gives the sign); with a
//     gyroscope too, both vote.
//
// Steady gait alternates feet, so single scores are not used directly: the
// parity (odd contacts left, or even contacts left) that maximises
// Σ s_i·(−1)^i over the last sideWindow contacts of the bout decides, and the
// side confidence of a contact is |Σ s_i·(−1)^i| / N over that window,
// unless the step's own score is at least sideOverride and contradicts the
// parity: then the score decides, with confidence |s|·(window confidence).
// The window restarts with each bout (a pause, a gap, a flushed run); the
// feature scales (median magnitudes) and learned weights carry over: they
// belong to the wearer, so a replayed file and a live stream split into
// runs label alike. The next
// contact, already detected when this one is emitted, votes too, with the
// features whose windows have arrived (in practice the mediolateral one):
// the first step of a bout is then judged on two steps, not one.

const sideWindow = 16

// sideOverride is the score magnitude (in units of the feature's median
// magnitude) above which a step's own evidence overrules the alternation
// parity: a missed or extra detection (turns, shuffling) breaks the
// parity, and a clear feature is then more reliable. Scored on mobgap:
// side agreement is flat for 0.3–0.5 and falls beyond.
const sideOverride = 0.4

// Sign conventions, checked on the mobgap recordings (INDIP reference
// sides): in a right-handed levelled frame with z up, a left contact comes
// with yaw rate above its stride mean at IC, and with mediolateral
// acceleration (positive right) rising at IC.
const (
	yawSignLeft = -1.0
	mlSignLeft  = 1.0
)

type sider struct {
	s           [sideWindow]float64
	n           int // step index of the next contact in this bout
	scal, scal2 medianRing
	// agree1, agree2: how often each feature's sign has agreed with the
	// decided side (exponential average over about 1/sideAgreeRate
	// steps); 0 before any decision, read as sideAgreePrior.
	agree1, agree2   float64
	nAgree1, nAgree2 int
	// w1, w2: weight(agree1, nAgree1) and weight(agree2, nAgree2) once
	// combine has computed them, 0 (which weight never returns) until it
	// does and again after each change of the agreement (two logarithms
	// per change instead of four per contact)
	w1, w2 float64
}

// sideAgreeRate is the weight of each new step in a feature's agreement
// average, and sideAgreePrior the agreement assumed until a feature has
// been seen sideAgreeMin times.
const (
	sideAgreeRate  = 0.05
	sideAgreePrior = 0.75
	sideAgreeMin   = 8
)

func (d *sider) reset() {
	d.newBout()
	d.scal.reset()
	d.scal2.reset()
	d.agree1, d.agree2, d.nAgree1, d.nAgree2 = 0, 0, 0, 0
	d.w1, d.w2 = 0, 0
}

// peek scores features like add, without recording them or updating the
// scales: 0 when neither is present or no scale is known yet.
func (d *sider) peek(f, f2 float64) float64 {
	s1, ok1 := scaled(f, &d.scal)
	s2, ok2 := scaled(f2, &d.scal2)
	return d.combine(s1, s2, ok1, ok2)
}

// combine merges the scores of the features that are present: each alone,
// or both weighted by how well each has agreed with the decided sides on
// this walker or runner so far; 0 when neither is.
func (d *sider) combine(s1, s2 float64, ok1, ok2 bool) float64 {
	switch {
	case ok1 && ok2:
		if d.w1 == 0 {
			d.w1 = weight(d.agree1, d.nAgree1)
		}
		if d.w2 == 0 {
			d.w2 = weight(d.agree2, d.nAgree2)
		}
		return (d.w1*s1 + d.w2*s2) / (d.w1 + d.w2)
	case ok1:
		return s1
	case ok2:
		return s2
	}
	return 0
}

// weight is a feature's log-odds of agreeing with the decided sides,
// log(a/(1 − a)) with a clamped to 0.5–0.99 (0 at chance, 4.6 at most),
// at least 0.05 so that it still counts.
func weight(a float64, n int) float64 {
	if n < sideAgreeMin {
		a = sideAgreePrior
	}
	a = max(0.5, min(0.99, a))
	return max(0.05, math.Log(a/(1-a)))
}

// learn updates a feature's agreement with the decided side (s > 0:
// left) and reports whether it did; a zero or missing score teaches
// nothing.
func learn(a *float64, n *int, s float64, left bool) bool {
	if s == 0 || math.IsNaN(s) {
		return false
	}
	v := 0.0
	if (s > 0) == left {
		v = 1
	}
	*n++
	if *n == 1 {
		*a = v
		return true
	}
	r := max(sideAgreeRate, 1/float64(*n))
	*a += r * (v - *a)
	return true
}

// newBout restarts the alternation window; the features' scales, which
// belong to the walker or runner rather than to the bout, are kept.
func (d *sider) newBout() { d.n = 0; d.s = [sideWindow]float64{} }

// score records a feature's magnitude in scal and normalises the feature
// by the median magnitude (see scaled); NaN (no channel) scores 0.
func score(f float64, scal *medianRing) float64 {
	if math.IsNaN(f) {
		return 0
	}
	scal.add(math.Abs(f))
	s, _ := scaled(f, scal)
	return s
}

// scaled is clamp(f / median|f|, −1, 1) with the magnitudes recorded so
// far; ok is false (and the score 0) when f is NaN or no scale is known.
func scaled(f float64, scal *medianRing) (s float64, ok bool) {
	sc := scal.median(0)
	if math.IsNaN(f) || sc == 0 {
		return 0, false
	}
	return max(-1, min(1, f/sc)), true
}

// add records the raw feature of the next contact of the bout and returns
// its side and confidence. NaN features count as 0 (no evidence). skip is
// the number of steps since the previous contact (1 normally, 2 when one
// contact between them was missed), which keeps the parity right.
func (d *sider) add(f, f2 float64, skip int, nf, nf2 float64, nskip int) (Side, float64) {
	if d.n > 0 {
		for k := 1; k < skip; k++ {
			d.s[d.n%sideWindow] = 0
			d.n++
		}
	}
	s1, s2 := score(f, &d.scal), score(f2, &d.scal2)
	s := d.combine(s1, s2, !math.IsNaN(f), !math.IsNaN(f2))
	// the next contact's score, read with the current scales and
	// weights (it is recorded when that contact comes)
	ns := 0.0
	if nskip > 0 {
		ns = d.peek(nf, nf2)
		if nskip%2 == 0 {
			ns = -ns // two steps on: the same foot
		}
	}
	side, conf := d.decide(s, ns)
	if side != SideUnknown {
		if !math.IsNaN(f) && learn(&d.agree1, &d.nAgree1, s1, side == Left) {
			d.w1 = 0
		}
		if !math.IsNaN(f2) && learn(&d.agree2, &d.nAgree2, s2, side == Left) {
			d.w2 = 0
		}
	}
	return side, conf
}

// decide records score s for the next contact and returns its side from
// the alternation parity over the window (see the file comment).
func (d *sider) decide(s, next float64) (Side, float64) {
	i := d.n
	d.s[i%sideWindow] = s
	d.n++
	var sum float64
	m := min(d.n, sideWindow)
	// odd contacts count negated: subtracted (x − s is x + (−1)·s, bit
	// for bit), even ones added, two a step; k ≥ 0 taken unsigned (its
	// remainder a mask)
	k, end := uint(d.n-m), uint(d.n)
	if k%2 == 1 {
		sum -= d.s[k%sideWindow]
		k++
	}
	for ; k+1 < end; k += 2 {
		sum += d.s[k%sideWindow]
		sum -= d.s[(k+1)%sideWindow]
	}
	if k < end {
		sum += d.s[k%sideWindow]
	}
	if next != 0 {
		// the next contact (the other foot): its score votes with the
		// opposite sign at its position
		if d.n%2 == 1 {
			next = -next
		}
		sum += next
		m++
	}
	if sum == 0 {
		// the window's evidence cancels (the first steps of a bout
		// contradicting each other): this step's own evidence decides,
		// with the confidence of one step among m
		switch {
		case s > 0:
			return Left, s / float64(m)
		case s < 0:
			return Right, -s / float64(m)
		}
		return SideUnknown, 0
	}
	conf := math.Abs(sum) / float64(m)
	// sum > 0: even contacts score left
	left := (sum > 0) == (i%2 == 0)
	if math.Abs(s) >= sideOverride && (s > 0) != left {
		// strong evidence against the parity: a missed or extra contact
		// broke the alternation; this step's own evidence wins
		left = s > 0
		conf = math.Abs(s) * conf
	}
	if left {
		return Left, conf
	}
	return Right, conf
}
