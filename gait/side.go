package gait

import "math"

// Side labelling for a single waist sensor (gait-methods §7).
//
// Each contact gets a score s = clamp(f / median|f|, −1, 1) from each of two
// features f, positive meaning "left" (the mean of both when both exist):
//
//   - with a gyroscope, the yaw rate (rotation about the vertical) around
//     IC, less its mean over the surrounding stride (McCamley 2012, the
//     mobgap LrcMcCamley rule); yaw needs only the vertical, so it does not
//     depend on the estimated forward direction;
//   - with a mediolateral accelerometer axis only, the slope of the
//     low-passed mediolateral acceleration at IC (Ben Mansour 2015).
//
// Steady gait alternates feet, so single scores are not used directly: the
// parity (odd contacts left, or even contacts left) that maximises
// Σ s_i·(−1)^i over the last sideWindow contacts of the bout decides, and the
// side confidence of a contact is |Σ s_i·(−1)^i| / N over that window,
// unless the step's own score is at least sideOverride and contradicts the
// parity: then the score decides, with confidence |s|·(window confidence).
// The window restarts with each bout (a gap or a pause).

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
}

func (d *sider) reset() { d.n = 0; d.s = [sideWindow]float64{}; d.scal.reset(); d.scal2.reset() }

// score normalises a feature by the median of its magnitude: clamp(f /
// median|f|, −1, 1); NaN (no channel) scores 0.
func score(f float64, scal *medianRing) float64 {
	if math.IsNaN(f) {
		return 0
	}
	scal.add(math.Abs(f))
	sc := scal.median(0)
	if sc == 0 {
		return 0
	}
	return math.Max(-1, math.Min(1, f/sc))
}

// add records the raw feature of the next contact of the bout and returns
// its side and confidence. NaN features count as 0 (no evidence). skip is
// the number of steps since the previous contact (1 normally, 2 when one
// contact between them was missed), which keeps the parity right.
func (d *sider) add(f, f2 float64, skip int) (Side, float64) {
	if d.n > 0 {
		for k := 1; k < skip; k++ {
			d.s[d.n%sideWindow] = 0
			d.n++
		}
	}
	s1, s2 := score(f, &d.scal), score(f2, &d.scal2)
	s := s1
	switch {
	case math.IsNaN(f):
		s = s2
	case !math.IsNaN(f2):
		s = (s1 + s2) / 2
	}
	i := d.n
	d.s[i%sideWindow] = s
	d.n++
	var sum float64
	m := min(d.n, sideWindow)
	for k := d.n - m; k < d.n; k++ {
		v := d.s[k%sideWindow]
		if k%2 == 1 {
			v = -v
		}
		sum += v
	}
	if sum == 0 {
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
