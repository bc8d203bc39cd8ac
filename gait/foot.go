package gait

// Shoe and shank: the sagittal gyro axis and its sign, contact refinement
// between mid-swing peaks or from impacts, and the strike angle.

import (
	"math"
	"slices"
)

// sagittal projects the gyro on its principal axis (the sagittal axis of a
// foot or shank) and returns it signed so that the swing is positive.
//
// The sign rule depends on the segment (see signEvidence): on a shank the
// mid-swing peak is the largest excursion of a stride (Aminian 2002,
// Purcell 2006); on a foot the push-off dip can be deeper, but the first
// large excursion after each still foot-flat is the push-off, which turns
// the foot the other way than the swing.
func (e *Engine) sagittal(r *[3]float64) float64 {
	if !e.gyro { // (layout.HasGyro, read once: it copied the layout on every sample)
		return 0
	}
	// (the rates through a pointer, read once: an array argument was
	// copied into the call's frame in 16-byte loads, which wait for a
	// sample's 8-byte stores made moments before to retire)
	w := [3]float64{r[0], r[1], r[2]}
	// the upper triangle of the rate's covariance, an exponential average
	// (written out: the loops over it were not unrolled)
	a, g := e.galpha, &e.gcov
	g[0][0] += a * (w[0]*w[0] - g[0][0])
	g[0][1] += a * (w[0]*w[1] - g[0][1])
	g[0][2] += a * (w[0]*w[2] - g[0][2])
	g[1][1] += a * (w[1]*w[1] - g[1][1])
	g[1][2] += a * (w[1]*w[2] - g[1][2])
	g[2][2] += a * (w[2]*w[2] - g[2][2])
	if w[0]*w[0]+w[1]*w[1]+w[2]*w[2] > 25*(e.gcov[0][0]+e.gcov[1][1]+e.gcov[2][2]) {
		e.gmoving = true // a swing after standing still
	}
	if e.n&63 == 0 || e.gmoving && e.n%max(1, int64(0.056*e.rate+0.5)) == 0 {
		// every 64 samples; every 56 ms while the axis is moving (8
		// samples at 143 Hz; from a swing after standing still: the
		// standing noise's axis, kept for up to 64 samples, took in the
		// whole first swing of a 143 Hz shank, which was then too low
		// to count as one; every 8 samples was 320 ms at 25 Hz, a
		// whole first swing again — a review)
		e.updateGyroAxis()
	}
	p := w[0]*e.gaxis[0] + w[1]*e.gaxis[1] + w[2]*e.gaxis[2]
	e.signEvidence(p, a)
	return p
}

// swingSign is the sign that makes the swing positive: +1 or −1.
func (e *Engine) swingSign() float64 {
	if e.satBoth == 3 && e.gimp != 0 && e.stats.GyroLimit > 0 && e.cfg.Placement == Shank {
		if e.gimp > 0 {
			return -1
		}
		return 1
	}
	if e.gskew < 0 {
		return -1
	}
	return 1
}

// impactSign is the sign evidence of a shank whose gyroscope saturates
// (a level found, Stats.GyroLimit) on both sides of zero (sat: this
// sample is at the level; satBoth): a range that cuts off the mid-swing
// peak and the toe-off trough alike (±250 °/s on a runner's shank) leaves
// the third moment without its skew, and its sign wrong as often as right
// (4.5–5.5 m/s on the simulator: every contact read a step late, F1 0.1).
// The contact itself still tells: after the impact the tibia turns over
// the foot, the rate below zero (swing positive; Aminian 2002). gimp is
// the exponentially weighted mean of p·w, w the energy of the impacts
// (h², h the high-passed acceleration magnitude a in g: the impact, not
// the swing's slow centripetal hump) averaged over impactWin, so that it
// weighs the stance after each impact; the swing sign is −sign(gimp).
// Weighted by h² alone it read the rate at the impact itself, which on a
// shank still turning forward as the foot lands (the rate crossing zero
// 26 ms after a 14 ms impact in helper 183's independent model) has the
// swing's sign: TestImpactSignAfterImpact; on that model's late-landing
// runs F1 0.62 → 0.84. A range that cuts off the swing's peak only (a fast
// walk's shank at ±250 °/s) keeps the third moment's sign, and the third
// moment is kept.
func (e *Engine) impactSign(a, p float64, sat bool) {
	if sat && p > 0 {
		e.satBoth |= 1
	} else if sat && p < 0 {
		e.satBoth |= 2
	}
	if !e.hpOn {
		e.hp.Prime(a)
		e.hpOn = true
		e.himpK = 1 - math.Exp(-1/(impactWin*e.rate))
	}
	h := e.hp.ProcessOne(a) // (HighPass(2, …): one section)
	e.himp += e.himpK * (h*h - e.himp)
	e.gimp += e.galpha * (e.himp*p - e.gimp)
}

// impactWin, s, is the time constant over which impactSign spreads an
// impact's weight: the first part of the stance after it.
const impactWin = 0.1

// signEvidence updates gskew, whose sign is the swing's, with weight a.
// Shank: the exponentially weighted third moment of the rate. Shoe: the
// foot is still while flat on the ground, and the first large excursion
// (beyond 30 % of the recent peak) after such a quiet spell (|rate| below
// 10 % of the peak for 60 ms) is the push-off, which turns the foot the
// other way than the swing; each counts one vote against its own sign.
func (e *Engine) signEvidence(p, a float64) {
	if e.cfg.Placement == Shank {
		e.gskew += a * (p*p*p - e.gskew)
		return
	}
	e.gpeak = max(math.Abs(p), e.gpeak*(1-a)) // (math.Max is a call on amd64; the builtin agrees with it on ±0, ±Inf and NaN)
	switch {
	case math.Abs(p) < 0.1*e.gpeak:
		e.quiet++
	case math.Abs(p) > 0.3*e.gpeak:
		if float64(e.quiet) >= 0.06*e.rate {
			if p > 0 {
				e.gskew--
			} else {
				e.gskew++
			}
		}
		e.quiet = 0
	}
}

func (e *Engine) primeGyroAxis() {
	e.gcov = [3][3]float64{}
	for _, s := range e.warm {
		w := s.Gyr
		for r := 0; r < 3; r++ {
			for c := r; c < 3; c++ {
				e.gcov[r][c] += w[r] * w[c] / float64(len(e.warm))
			}
		}
	}
	e.gaxis = [3]float64{1, 1, 1}
	for k := 0; k < 8; k++ {
		e.updateGyroAxis()
	}
	e.gskew, e.gpeak, e.quiet = 0, 0, 0
	e.gimp, e.hpOn, e.satBoth, e.himp = 0, false, 0, 0
	defer func() { e.gsign = e.swingSign() }()
	for _, s := range e.warm {
		e.gpeak = math.Max(e.gpeak, math.Abs(s.Gyr[0]*e.gaxis[0]+s.Gyr[1]*e.gaxis[1]+s.Gyr[2]*e.gaxis[2]))
	}
	for _, s := range e.warm {
		// the warm-up second counts as a plain average
		e.signEvidence(s.Gyr[0]*e.gaxis[0]+s.Gyr[1]*e.gaxis[1]+s.Gyr[2]*e.gaxis[2], 1/float64(len(e.warm)))
	}
}

// updateGyroAxis does power iterations on the gyro covariance.
func (e *Engine) updateGyroAxis() {
	c := e.gcov
	v := e.gaxis
	if v == [3]float64{} {
		v = [3]float64{1, 1, 1}
	}
	for it := 0; it < 4; it++ {
		var u [3]float64
		for r := 0; r < 3; r++ {
			for k := 0; k < 3; k++ {
				if k >= r {
					u[r] += c[r][k] * v[k]
				} else {
					u[r] += c[k][r] * v[k]
				}
			}
		}
		n := norm(u)
		if n == 0 {
			return
		}
		v = [3]float64{u[0] / n, u[1] / n, u[2] / n}
	}
	// moved by more than about 3°
	e.gmoving = math.Abs(v[0]*e.gaxis[0]+v[1]*e.gaxis[1]+v[2]*e.gaxis[2]) < 0.9986
	e.gaxis = v
}

// deferredDue refines a held impact as soon as the swing hump after it is
// complete, or a held toe-off burst as soon as the impact that began its
// stance is found (toeOffBurst; it waited for a hump too, and for 0.8 stride
// when none was seen: its contact came out up to 1.4 strides after its IC)
// — probed every 50 ms from 0.3 s on —, and at the latest 0.8 stride (1.2 s
// before the stride is known) after it.
func (e *Engine) deferredDue(dst []Contact) []Contact {
	wait := int64(1.2 * e.rate)
	if st := e.stepMed.median(0); st > 0 {
		wait = int64(1.6 * st * e.rate) // step is half a stride here
	}
	age := e.n - e.deferred
	probe := max(1, int64(0.05*e.rate))
	if age >= wait || age >= int64(0.3*e.rate) && age%probe == 0 && (e.swingSeen(e.deferred) || e.toeOffBurst(e.deferred)) {
		c := e.deferred
		e.deferred = -1
		dst = e.confirmFoot(dst, c, e.n)
	}
	return dst
}

// toeOffBurst reports whether the held accelerometer-only peak at
// segmentation index c is a toe-off burst whose impact toeOffImpact finds
// in the samples so far (as refineFoot will): its contact needs no swing
// after the peak.
func (e *Engine) toeOffBurst(c int64) bool {
	stride := 2.0
	if st := e.stepMed.median(0); st > 0 {
		stride = 2 * st
	}
	center := c - e.segLag
	from := max(center-int64(math.Round(e.rate*clamp(1.3*stride, 0.6, 2.5))), e.oldest())
	if center <= from+4 || center >= e.n-2 {
		return false
	}
	raw := e.av.view(e.x1, from, e.n) // (read only)
	r := int(math.Ceil(0.025 * e.rate))
	pk := argmax(raw, int(center-from)-r, int(center-from)+r)
	return e.toeOffImpact(raw, pk, stride) >= 0
}

// swingSeen reports whether, after the impact at segmentation index c, the
// smoothed |a| has risen into a swing hump of at least 0.5 g and fallen
// half-way back.
func (e *Engine) swingSeen(c int64) bool {
	center := c - e.segLag
	lo := int(0.1 * e.rate)
	if center < e.oldest() || int(e.n-center) <= lo+2 {
		return false
	}
	w := e.filtered(&e.av, e.lpWalk, center, e.n, e.x3)
	end := len(w) - 1
	hump := argmax(w, lo, end)
	trough := w[argmin(w, lo, hump)]
	rise := w[hump] - trough
	return hump < end && rise >= 0.5 && w[end] < w[hump]-0.5*rise
}

// confirmFoot finds the contact of the instrumented foot between the
// mid-swing (gyro) or impact (accelerometer) peak at c and the previous one.
func (e *Engine) confirmFoot(dst []Contact, c, limit int64) []Contact {
	return e.confirmFootIC(dst, c, limit, false)
}

// footResetDrops is how many candidate contacts in a row a one-foot
// sensor may refuse before its stride estimate is forgotten.
const footResetDrops = 4

// confirmFootIC is confirmFoot; with icOnly (accelerometer only, the
// recording ended before the swing) the contact keeps its IC and leaves its
// toe-off unknown.
//
// After footResetDrops refusals in a row (any candidate refused, by either
// method; it has not been seen to fire without a gyro) the stride estimate
// is forgotten and the search windows widen to their defaults: two wrong
// contacts early in a noisy walk gave a stride of half the real one, the
// windows then held no previous mid-swing, every later contact was
// refused, and the estimate could never be corrected (4 steps of 56).
func (e *Engine) confirmFootIC(dst []Contact, c, limit int64, icOnly bool) []Contact {
	if e.stopDue > 0 && e.havePrev && e.gyro && !e.repicking {
		// a mid-swing too far after the last one for this contact's
		// window to reach back to it: the contact after that one, if
		// the foot stopped on it, is looked for first (footStop would
		// come too late: this contact resets its wait)
		if _, near := e.prevSwingReach(c - e.segLag); !near {
			dst = e.footStop(dst)
		}
	}
	before := e.stats.Dropped
	dst = e.refineFoot(dst, c, limit, icOnly)
	if e.repicking {
		// candidates seen again after the swing's sign changed: those
		// already emitted are refused, and four of them forgot the
		// stride estimate (a review: a true contact lost after it)
		return dst
	}
	if e.stats.Dropped == before {
		e.footDrops = 0
		return dst
	}
	if e.footDrops++; e.footDrops >= footResetDrops {
		e.stepMed.reset()
		e.longSteps, e.havePrev, e.footDrops = 0, false, 0
	}
	return dst
}

// refineFoot is confirmFootIC without the stride reset.
func (e *Engine) refineFoot(dst []Contact, c, limit int64, icOnly bool) []Contact {
	// before the first stride is known, search the widest windows (a slow
	// walker's stride lasts up to 2 s)
	stride := 2.0
	if st := e.stepMed.median(0); st > 0 {
		stride = 2 * st
	}
	center := c - e.segLag
	from := center - int64(math.Round(e.rate*clamp(1.3*stride, 0.6, 2.5)))
	if pc, near := e.prevSwingReach(center); e.havePrev && e.gyro && pc < from && near && !e.holeIn(float64(pc), float64(center)) {
		// the window reaches back to the previous mid-swing (a run's
		// stride estimate, 0.7 s, left a walk's first mid-swings out:
		// each contact refused until four in a row forgot the estimate),
		// not across a hole, where the mid-swing before may be lost (the
		// window then held two strides, and a contact took the IC of
		// the stance before)
		from = pc
	}
	if o := e.oldest(); from < o {
		from = o
	}
	to := min(limit, e.n)
	// an accelerometer-only impact in the data's first samples (sample 0
	// of the bout, not merely the oldest held): kept when its rise is in
	// the data (startImpact, below); the guard refused it when the data
	// started up to 20 ms before the IC, a contact the reference keeps
	atStart := from == 0 && center > 0 && !e.gyro
	if center <= from+4 && !atStart || center >= to-2 {
		e.stats.Dropped++
		return dst
	}
	var ic, fc float64
	late := false
	if e.gyro {
		// Between two mid-swing peaks of the sagittal rate: IC is the first
		// local minimum after the first peak that lies well below it
		// (Purcell, shank; on a foot this is Falbriard's first-half
		// minimum, the contact dip before foot-flat), toe-off the deepest
		// minimum before the next peak (both placements).
		x := e.filtered(&e.ap, e.lpFine, from, to, e.x1)
		for i := range x {
			x[i] *= e.gsign
		}
		cur := argmax(x, int(center-from)-int(0.1*e.rate), int(center-from)+int(0.1*e.rate))
		prev := -1
		if e.havePrev {
			prev = int(e.prevFoot.center - from)
		}
		if prev < 0 || prev >= cur {
			// first stride of a bout: the previous mid-swing was not
			// confirmed. Take the largest swing value before this one; it
			// must be swing-like — a peak of at least half this one's
			// height, or the data starting in a swing (a third of it), or
			// late in one (late, checked again below) — else the contact
			// before this mid-swing is cut by the edge of the data.
			prev = argmax(x, 0, cur-int(0.3*e.rate))
			if prev > 0 && x[prev] < 0.5*x[cur] && from == 0 {
				// no swing peak before this one: the data's start is
				// judged (the largest value was the bump between the
				// contact dip and the toe-off trough when the data
				// started 15–45 ms before an IC, and that contact was
				// lost)
				prev = 0
			}
			switch {
			case prev > 0:
				if x[prev] < 0.5*x[cur] {
					e.stats.Dropped++
					return dst
				}
			case x[0] >= 0.3*x[cur]:
				// the data starts in a swing
			case from == 0 && (x[0] >= 0.1*x[cur] || x[1] < x[0] || e.cfg.Placement == Shoe && fallsIntoDip(x, -0.1*x[cur])):
				// the data (not just this window: sample 0 of the bout,
				// not merely the oldest held, which a repick's window
				// can reach) starts late in the swing: still turning the
				// swing's way by a tenth of a mid-swing peak (not a
				// standing sensor's noise), or already falling into the
				// contact dip, or about to (fallsIntoDip: a running
				// shoe's data that started 38–47 ms before an IC rose
				// for a sample or two, to the swing's last turn, before
				// its dip, and that contact was refused; a shoe only: on
				// a shank a rule for that turn made up contacts at
				// walking toe-offs)
				late = true
			default:
				return e.startContact(dst, x, from, to, center, cur)
			}
		} else {
			prev = argmax(x, prev-int(0.1*e.rate), prev+int(0.1*e.rate))
		}
		if m := missedSwing(x, prev, cur); m > 0 && !late {
			// a mid-swing the picker passed over: its minimum distance
			// follows the median stride, which one missed mid-swing early
			// in a bout doubles, and then it passes over every other one
			// for good (a shank run after a 1 s standing start lost a
			// third of its contacts, and the rest had two strides' GCT).
			// The contact before it is confirmed first; the strides it
			// gives bring the median back.
			if ic1, fc1, _, _, _, ok := e.swingContact(x, from, prev, m, true); ok {
				dst = e.addPending(dst, e.footPending(ic1+float64(from), fc1+float64(from), int64(m)+from))
			}
			prev = m
		}
		var d, fi, lo int
		var ok bool
		// (a late start is judged on the plain search: its fallback
		// trough let a wrong-signed restart after a gap make one up)
		ic, fc, d, fi, lo, ok = e.swingContact(x, from, prev, cur, !late)
		// a shank's data may start inside the contact dip, already a
		// tenth of a mid-swing peak below zero and still falling: its
		// fall is then too short to judge, but the stance after it is
		// not a swing's rise — a bump of a tenth of a peak, then the
		// toe-off trough below zero (data that starts in a toe-off
		// trough rises straight into the swing; without the bump 73
		// contacts were made up at walking toe-offs in 1200 random
		// cuts). Not on a shoe, whose swing after the toe-off has such a
		// bump too.
		inDip := late && e.cfg.Placement == Shank && x[0] <= -0.1*x[cur] && fi > lo && x[fi] <= -0.1*x[cur] &&
			x[argmax(x, d, fi)]-math.Max(x[d], x[fi]) >= 0.1*x[cur]
		if late && !inDip && (x[d] > -0.1*x[cur] || fi <= lo || (x[0]-x[d])*e.rate < 2*x[cur]*float64(d)) {
			if from == 0 {
				// (past the dip's lowest point: see startContact)
				return e.startContact(dst, x, from, to, center, cur)
			}
			// a late start must fall into a contact dip (a tenth of a
			// mid-swing peak below zero, not a standing sensor's noise)
			// at two peaks a second or faster (the terminal swing's
			// deceleration; a stance's rate changes slowly: 14 contacts
			// made up in 1440 walking cuts without this) and be followed
			// by a toe-off trough inside the stride; with only the rise
			// out of a trough at the window's start the "dip" was a
			// toe-off, the data started in the stance (whose contact is
			// cut by the edge)
			e.stats.Dropped++
			return dst
		}
		if !ok {
			e.stats.Dropped++
			return dst
		}
	} else {
		// Accelerometer only: IC at the onset of the impact, the
		// steepest rise of |a| before its peak; toe-off at the steepest
		// rise of |a| out of the trough before the swing's centripetal
		// hump (the largest smoothed |a| of the stride after stance).
		raw := e.av.copyTo(e.x1, from, to)
		ci := int(center - from)
		// the energy peak marks the impact; a swing hump nearby can have
		// a larger |a|, so look only a few samples around it
		r := int(math.Ceil(0.025 * e.rate))
		pk := argmax(raw, ci-r, ci+r)
		b := e.toeOffImpact(raw, pk, stride)
		if b < 0 && from == 0 && e.stanceBurst(raw, pk) {
			// the data (sample 0 of the bout) starts in the stance this
			// toe-off burst ends, its impact before the data (or too
			// near its start for toeOffImpact): no contact of its own
			// (taken for an impact, the burst made one up a stride
			// before the first true contact)
			e.stats.Dropped++
			return dst
		}
		if b >= 0 {
			// the peak is a walk's toe-off burst, which outgrew the
			// impacts: the contact is the one whose stance it ends (one
			// already emitted, when the picker took its impact too, is
			// dropped as found twice). The spike itself: the largest
			// |a| near a soft impact is the terminal swing's cusp.
			pk = b
		} else if b := e.impactAfter(raw, pk); b >= 0 {
			// a sharper spike just after it begins the stance: the
			// peak was the terminal swing's cusp before a soft impact
			pk = b
		}
		ic = steepestRise(raw, pk-2*r, pk)
		if center <= from+4 {
			// (an impact at the data's start; its peak on sample 1 leaves
			// no slope before it but the first: the onset is the rise's)
			on := e.startImpact(raw, pk)
			if math.IsNaN(ic) {
				ic = on
			}
			if on < 0 {
				ic = math.NaN()
			}
		}
		if math.IsNaN(ic) {
			e.stats.Dropped++
			return dst
		}
		fc = math.NaN()
		if !icOnly {
			var held bool
			if fc, _, held = e.accToeOffHump(from, to, ic, stride); math.IsNaN(fc) {
				e.stats.Dropped++
				return dst
			}
			if !held {
				// no swing after this IC in the window, which ends (at
				// the next candidate impact, less 50 ms) before a slow
				// walker's swing would: the "toe-off" was the stance's
				// largest |a|, not a rise into a swing. A walk cut 40–120
				// ms after a toe-off, where the rise of |a| at the data's
				// very end was taken for the next impact, read its last
				// contact's toe-off 0.52 s early (GCT MAE 22.5 ms over 27
				// contacts). Its toe-off is left unknown, as fillStances
				// and the recording's end leave it
				// (TestEvalShankAccOnlyEndAfterToeOff)
				fc = math.NaN()
			}
		}
		// the contacts the picker passed over since the last one first
		dst = e.fillStances(dst, ic+float64(from), stride)
		return e.accEmit(dst, e.footPending(ic+float64(from), fc+float64(from), center))
	}
	return e.addPending(dst, e.footPending(ic+float64(from), fc+float64(from), center))
}

// startImpact returns the onset (a fractional index into raw, |a| in g
// from the data's first sample) of an impact whose peak p lies in the
// data's first samples, or -1 when the data does not show its rise. The
// reference keeps a contact whose IC is in the data however close to its
// start, and an impact 0–20 ms into the data left the picker's peak, or
// the mid-swing's first stride, too close to the start to be judged: the
// contact was refused. The data shows it when p is a local maximum 0.5 g
// above the lowest |a| before it and above 1 g (a stance's noise, ±0.3 g
// at 1.5 m/s² on each axis, held a 1.27 g sample 0.57 g over a noise low:
// a contact made up at the data's start, TestFootStartImpactNotNoise) and
// 0.25 g above the samples 15 ms either side (sample 0 when the data
// starts within that), and the data's first sample lies in the first
// fifth of the rise (from 1 g, or from the lowest |a| before the peak
// when that is lower): data that starts part way up the impact, its IC
// before the start, is refused. The onset is
// impactOnset's: the first sample at 20 % of the rise, less half a sample.
func (e *Engine) startImpact(raw []float64, p int) float64 {
	k := max(1, int(math.Round(0.015*e.rate)))
	if p < 1 || p+k >= len(raw) || raw[p] < raw[p-1] || raw[p] < raw[p+1] {
		return -1
	}
	m := argmin(raw, 0, p-1)
	base := math.Min(1, raw[m])
	if raw[p]-raw[m] < 0.5 || raw[p] < 1.5 || raw[p]-(raw[max(p-k, 0)]+raw[p+k])/2 < 0.25 || m == 0 && raw[0]-base > 0.2*(raw[p]-base) {
		return -1
	}
	return riseStart(raw, m, p)
}

// riseStart returns the onset of x's rise from its low at m to its peak
// at p, as a fractional index: the first sample after m at 20 % of the
// rise or more, less half a sample (impactOnset, startImpact).
func riseStart(x []float64, m, p int) float64 {
	th := x[m] + 0.2*(x[p]-x[m])
	i := p
	for i > m+1 && x[i-1] >= th {
		i--
	}
	return float64(i) - 0.5
}

// startContact takes the first contact of a shank whose data starts in the
// contact dip at or past its lowest point (x, the signed sagittal rate of
// the window from the data's first sample, a tenth of the mid-swing peak
// at cur below zero there): the dip's fall, which the late-swing rules
// judge, is not in the data, nor is any swing before it, and the contact
// was refused when its IC came 0–15 ms into the data (walking, up to 40
// ms). The data shows it when |a| holds an impact whose peak lies in the
// first 50 ms and whose
// rise is in the data (startImpact), and a stance follows: a toe-off trough
// a tenth of a peak below zero, from 60 ms after the impact up to the
// mid-swing (data that starts in a toe-off trough rises straight into the
// swing; a standing sensor or a stance has no impact). IC is the impact's
// onset (no dip in the data to anchor), toe-off the trough as
// swingContact's. Anything else is refused, as before.
func (e *Engine) startContact(dst []Contact, x []float64, from, to, center int64, cur int) []Contact {
	if from != 0 || e.cfg.Placement != Shank || !(x[0] <= -0.1*x[cur]) {
		e.stats.Dropped++
		return dst
	}
	raw := e.av.copyTo(e.x2, from, to)
	on := e.startImpact(raw, argmax(raw, 1, int(e.impactN)))
	if on < 0 {
		e.stats.Dropped++
		return dst
	}
	lo := int(math.Ceil(on)) + int(math.Round(0.06*e.rate))
	fi := argmin(x, lo, cur)
	if fi <= lo || fi >= cur || !(x[fi] <= -0.1*x[cur]) {
		e.stats.Dropped++
		return dst
	}
	fi = e.lastTrough(x, from, fi, cur)
	pc := e.footPending(on+float64(from), parabolicMin(x, fi)+float64(from), center)
	pc.icIdx = on + float64(from) // (the impact's own onset, not a dip's less its lag)
	return e.addPending(dst, pc)
}

// accToeOff returns the accelerometer-only toe-off of the contact whose IC
// is at fractional index ic into the window [from, to) of held samples,
// as an index into it, or NaN when none is found; stride is the stride
// estimate, s. The shank (or foot) leaves the ground and swings: the
// swing's centripetal hump is the largest |a| (8 Hz) from 0.1 s after IC
// to 0.75 stride (0.4–1.2 s) after it — to 1.2 s when that holds no rise
// of swingRise (a run's stride estimate on a walk) — and toe-off is the
// onset of the rise into it from the trough before it, where |a| (20 Hz)
// has risen by 20 % of the trough-to-hump difference (the steepest point
// of the rise lags toe-off by 10–25 ms, more at speed). NaN when the hump
// is where the search starts (|a| only falls: no swing after this IC) or
// the onset is not after IC. Overwrites e.x1, e.x2 and e.x3.
func (e *Engine) accToeOff(from, to int64, ic, stride float64) float64 {
	fc, _, _ := e.accToeOffHump(from, to, ic, stride)
	return fc
}

// swingRise is the least rise, g, of the smoothed |a| from its trough
// after IC to a swing's hump (accToeOffHump): a shank's swing hump rose by
// 1.6–3.0 g over its trough in simulated walks and runs at 143 Hz, a
// stance's wobble by 0.03–0.07 g.
const swingRise = 0.2

// accToeOffHump is accToeOff that also returns the index of the swing's
// hump into the window (-1 with NaN before it is looked for), and held:
// false when no hump of swingRise follows IC in the samples held and they
// end less than 1.2 s after it (the swing may not have come yet; fc is
// then read from the stance's largest |a|, not a swing's).
func (e *Engine) accToeOffHump(from, to int64, ic, stride float64) (fc float64, hump int, held bool) {
	w := e.filtered(&e.av, e.lpWalk, from, to, e.x3)
	lo := int(ic) + int(0.1*e.rate)
	hi := min(int(ic)+int(e.rate*clamp(0.75*stride, 0.4, 1.2)), len(w)-1)
	if lo >= hi {
		return math.NaN(), -1, true
	}
	held = true
	hump = argmax(w, lo, hi)
	trough := argmin(w, lo, hump)
	if hump > lo && w[hump]-w[trough] < swingRise {
		// no swing in the window, only the stance's wobble of a few
		// hundredths of a g: the stride estimate is still a run's while
		// a walk has begun (its toe-off, 0.6 stride on, lies past 0.75
		// of a run's stride; the first walking contacts after a run read
		// GCT 0.5–0.6 s short). Look on to 1.2 s, a slow walker's
		// swing, as far as the samples go: the largest |a| there when it
		// is a swing's hump; when there is none and the samples end
		// before 1.2 s, the swing is not yet held (held false)
		wide := min(int(ic)+int(1.2*e.rate), len(w)-1)
		h := argmax(w, lo, wide)
		if th := argmin(w, lo, h); w[h]-w[th] >= swingRise {
			hump, trough = h, th
		} else if wide == len(w)-1 {
			held = false
		}
	}
	x := e.filtered(&e.av, e.lpFine, from, to, e.x1)
	lo2 := argmin(x, trough-int(0.03*e.rate), trough+int(0.03*e.rate))
	hi2 := argmax(x, hump-int(0.03*e.rate), hump+int(0.03*e.rate))
	fc = riseOnset(x, lo2, hi2, 0.2)
	if !(fc > ic) || hump == lo {
		return math.NaN(), hump, held
	}
	return fc, hump, held
}

// toeOffImpact returns, when the accelerometer-only peak of |a| at pk
// (index into raw) is a toe-off burst, the index of the impact that began
// the stance it ends; else -1. Walking, a shank's push-off and swing can
// outgrow a soft impact in the picker's high-frequency energy, and the
// picker then keeps to the toe-offs (detections 0.6 stride after each
// IC). The two differ in what surrounds them: the shank is still, at 1 g,
// in the stance after an impact and swinging before it, and the other way
// round at the toe-off. A peak is a toe-off burst when |a| varies
// less than half as much over the 150 ms before it (from 50 ms before) as
// over the 150 ms after it (from 50 ms after). Its impact is the sharpest
// spike of |a| (standing at least 0.25 g above the mean of the samples 15
// ms either side) from 0.8 stride to 0.12 s before it after which |a|
// stays at 1 g (mean within 0.25 g) and still (varying less than half as
// much as after the burst, and than over the 150 ms before the spike) up
// to 50 ms before the burst: a swing, then a stance up to the burst. When
// the data (the recording, a stretch before a gap, a preview) ends within
// 0.2 s of the peak, before the 150 ms after it that are compared, the
// swing before that stance stands in for the one after the burst: it must
// vary at least twice as much as the 150 ms before the peak (refused for
// want of data, the burst was read as an impact: a contact made up at the
// toe-off, the true one lost, in most walks cut just after one).
func (e *Engine) toeOffImpact(raw []float64, pk int, stride float64) int {
	m, l := int(math.Round(0.05*e.rate)), int(math.Round(0.15*e.rate))
	k := max(1, int(math.Round(0.015*e.rate)))
	if pk-m-l < 0 {
		return -1
	}
	calm := sdev(raw[pk-m-l : pk-m])
	busy := math.Inf(1) // (the data ends before the swing after the peak)
	if pk+m+l <= len(raw) {
		if busy = sdev(raw[pk+m : pk+m+l]); 2*calm >= busy {
			return -1
		}
	}
	lo := max(m+l, k, pk-int(math.Round(0.8*stride*e.rate)))
	best, bd := -1, 0.25
	for i := pk - int(math.Round(0.12*e.rate)); i >= lo; i-- {
		if d := spike(raw, i, k); d > bd && pk-i-2*m >= k {
			// the stance from it to the burst is still, at 1 g; the
			// swing before it not
			st, mu := sdevMean(raw[i+m : pk-m])
			if !(2*st < busy && math.Abs(mu-1) <= 0.25) {
				continue
			}
			if sw := sdev(raw[i-m-l : i-m]); sw >= 2*st && (!math.IsInf(busy, 1) || sw >= 2*calm) {
				best, bd = i, d
			}
		}
	}
	// an impact rings: the spike found can be its rebound, 30–40 ms
	// after it, whose stance 50 ms on is settled where the impact's is
	// still decaying. A sharper spike up to 40 ms before it is the
	// impact when |a| between the two falls to 1 g or under (within the
	// stance's 0.25 g), the shank unloading after it (a running shank
	// model: those contacts read IC 37 ms late); a terminal swing's cusp
	// before a soft impact has |a| decelerating, well above 1 g, between
	if best < 0 {
		return -1
	}
	return e.reboundImpact(raw, best, lo, k)
}

// stanceBurst reports whether the accelerometer-only peak at pk (index into
// raw, |a| in g from the data's first sample) is a toe-off burst by
// toeOffImpact's first rule — |a| varying less than half as much over the
// 150 ms before it (from 50 ms before) as over the 150 ms after it (from 50
// ms after) — with the window before it cut by the data's start when that
// is nearer, but at least half as long — and with |a| lower on average
// before it than after: a burst leaves a still foot for the swing, an
// impact a swing for the stance. (Not toeOffImpact's "at 1 g": a running
// shank's late stance, all the data held of it, averaged 0.73 g, a 6 m/s
// run's 1.3–1.5 g, a running shoe's 1.7–2.3 g. Without the comparison,
// data that starts in the terminal swing 110–190 ms before an impact held
// a swing as steady as a stance, at 2–9 g against the stance's 1.2–2.8 g
// after it: the impact, taken for a burst, was dropped and the data's
// first contact lost; TestFootAccOnlySwingStartKeepsFirstContact.)
func (e *Engine) stanceBurst(raw []float64, pk int) bool {
	m, l := int(math.Round(0.05*e.rate)), int(math.Round(0.15*e.rate))
	if pk-m < l/2 || pk+m+l > len(raw) {
		return false
	}
	sb, mb := sdevMean(raw[max(0, pk-m-l) : pk-m])
	sa, ma := sdevMean(raw[pk+m : pk+m+l])
	return mb < ma && 2*sb < sa
}

// reboundImpact returns the impact whose rebound the spike of |a| (x, g)
// at p may be: the sharpest spike (spike, half-width k) from p back to 40
// ms before it, not before lo, that |a| between it and the later one falls
// to 1.25 g or under after (an impact rings; a terminal swing's cusp
// before a soft impact has |a| well above 1 g between); p when there is
// none.
func (e *Engine) reboundImpact(x []float64, p, lo, k int) int {
	bd := spike(x, p, k)
	for i, mn, end := p-1, math.Inf(1), p-int(math.Round(0.04*e.rate)); i >= max(lo, end); i-- {
		if mn <= 1.25 {
			if d := spike(x, i, k); d > bd {
				p, bd, mn = i, d, math.Inf(1)
				continue
			}
		}
		mn = min(mn, x[i])
	}
	return p
}

// impactAfter returns the index of the sharpest spike of |a| within 0.15
// s after the accelerometer-only peak at pk (index into raw) that is
// sharper than the peak (see toeOffImpact), stands at least 0.25 g above
// the mean of the samples 15 ms either side, and begins a stance: over
// the 150 ms from 50 ms after it |a| is at 1 g (mean within 0.25 g) and
// varies less than half as much as over the 150 ms before it (from 50 ms
// before). Else -1. The terminal swing's deceleration ends in a cusp of
// |a| just before the impact, broader but higher than a soft impact, and
// the largest |a| near the picker's peak was that cusp: IC read 60–80 ms
// early.
func (e *Engine) impactAfter(raw []float64, pk int) int {
	m, l := int(math.Round(0.05*e.rate)), int(math.Round(0.15*e.rate))
	k := max(1, int(math.Round(0.015*e.rate)))
	w := int(math.Round(0.15 * e.rate))
	// the 150 ms before: fewer where the samples start later, at least 50
	// ms of them (a walk whose data started in the terminal swing, its
	// cusp 97 ms in and the impact 59 ms after it, had its first IC read
	// 85 ms early: the check was refused within 0.2 s of the data's start)
	if pk+1-2*m < 0 || pk+k >= len(raw) {
		return -1
	}
	stance := func(i int) bool {
		st, mu := sdevMean(raw[i+m : i+m+l])
		return 2*st < sdev(raw[max(0, i-m-l):i-m]) && math.Abs(mu-1) <= 0.25
	}
	best, bd := -1, math.Max(0.25, raw[pk]-(raw[pk-k]+raw[pk+k])/2)
	for i := pk + 1; i <= min(pk+w, len(raw)-m-l); i++ {
		if d := spike(raw, i, k); d > bd && stance(i) {
			best, bd = i, d
		}
	}
	return best
}

// sdev is the standard deviation of x.
func sdev(x []float64) float64 {
	sd, _ := sdevMean(x)
	return sd
}

// sdevMean returns the standard deviation and the mean of x, in one pass
// (per contact: the values are |a| in g, a few dozen of them, and the
// variances compared are large against the rounding of Σx²).
func sdevMean(x []float64) (sd, mu float64) {
	var s, ss float64
	for _, v := range x {
		s += v
		ss += v * v
	}
	n := float64(len(x))
	mu = s / n
	return math.Sqrt(math.Max(0, ss/n-mu*mu)), mu
}

// fallsIntoDip reports whether x (a sagittal rate, swing positive, from
// the data's first sample) falls without a break from its first local
// maximum to lim or below: data that starts at the terminal swing's last
// turn, the contact dip (lim, a tenth of a mid-swing peak below zero)
// following it.
func fallsIntoDip(x []float64, lim float64) bool {
	k := 0
	for k+1 < len(x) && x[k+1] >= x[k] {
		k++
	}
	for k+1 < len(x) && x[k] > lim && x[k+1] <= x[k] {
		k++
	}
	return x[k] <= lim
}

// missedSwing returns the index of a mid-swing peak between the mid-swing
// peaks prev and cur of the sagittal rate x, or -1: a local maximum in the
// middle half between them at least half as high as the lower of the two.
// Between two consecutive mid-swings there is none (the stance's rate is
// small, a foot's push-off turns the other way).
func missedSwing(x []float64, prev, cur int) int {
	q := (cur - prev) / 4
	lo, hi := prev+q, cur-q
	if q < 2 || lo < 1 || hi >= len(x)-1 {
		return -1
	}
	m := argmax(x, lo, hi)
	if m <= lo || m >= hi || x[m] < x[m-1] || x[m] < x[m+1] || x[m] < 0.5*math.Min(x[prev], x[cur]) {
		return -1
	}
	return m
}

// swingContact finds the contact between the mid-swing peaks prev and cur
// of the sagittal rate x: IC at the first dip after prev that lies well
// below it (firstDip, index d), toe-off at the deepest minimum from 60–80
// ms after IC (index lo) to cur (index fi); fractional indices into x,
// refined by a parabola. ok is false when they are not in that order, or
// when no toe-off trough is found (see below; without fallback, when the
// deepest point is where the search starts).
func (e *Engine) swingContact(x []float64, from int64, prev, cur int, fallback bool) (ic, fc float64, d, fi, lo int, ok bool) {
	d = firstDip(x, prev, cur, min(int(0.2*e.rate), (cur-prev)/4))
	ic = parabolicMin(x, d)
	// the toe-off is looked for from 80 ms after IC (past the contact
	// dip's own ringing), less for short strides, down to 60 ms at a
	// sprint's 0.5 s: a sprinter touches down for 75–100 ms, and at 50 Hz
	// a toe-off on the search's first sample was refused. (A fixed 50 ms
	// lost walks whose contact dip is broad: 4043 misses in 3000 random
	// recordings against 2210.)
	off := clamp(0.12*float64(cur-prev)/e.rate, 0.06, 0.08)
	lo = int(math.Ceil(ic)) + int(math.Round(off*e.rate))
	fi = argmin(x, lo, cur)
	if fi <= lo && fallback {
		// the deepest point is where the search starts: the contact
		// dip's tail reaches past it (a broad dip in a noisy walk) or
		// there is no toe-off at all (a rate that only rises: no contact,
		// an artefact of a wrong segment's sign or of the start-up).
		// The toe-off is then the deepest trough inside the window, one
		// below zero; without one the contact is refused.
		fi = -1
		for i := lo + 1; i < cur && i+1 < len(x); i++ {
			if x[i] < 0 && x[i] <= x[i-1] && x[i] < x[i+1] && (fi < 0 || x[i] < x[fi]) {
				fi = i
			}
		}
		if fi < 0 {
			return ic, math.NaN(), d, lo, lo, false
		}
	}
	fi = e.lastTrough(x, from, fi, cur)
	fc = parabolicMin(x, fi)
	return ic, fc, d, fi, lo, ic > float64(prev) && fc < float64(cur)
}

// lastTrough returns the last local minimum of x (a window from sample
// from on) in the level stretch that follows the deepest point fi before
// the mid-swing peak cur — the samples from fi on no higher than x[fi] by a
// twentieth of the rise from it to cur — or fi when there is none. Toe-off
// ends the stance, and a stance whose rate holds a level plateau up to the
// toe-off (a weak push-off, no trough deeper than the plateau) has its
// deepest point anywhere on the plateau, where its noise puts it: toe-off
// read at mid-stance. A trough that rises out of that level before a later
// one is kept (Purcell's deepest minimum).
//
// Only on a shank, whose stance turns it forward: a shoe's stance is flat
// on the ground and its push-off trough at toe-off deep and single
// (Falbriard's second-half minimum). Only for a level a tenth of the
// mid-swing peak below zero: a still segment's rate is near zero, and its
// toe-off is the trough after it (a running shoe read as a shank had its
// toe-offs moved and was read as walking). Not when the gyro saturated in
// the stretch: a clipped trough is level too, around its hidden vertex (a
// ±500 °/s shoe's toe-off read 48 ms late at its end).
func (e *Engine) lastTrough(x []float64, from int64, fi, cur int) int {
	if e.cfg.Placement != Shank || fi < 0 || cur >= len(x) || fi >= cur || !(x[fi] < -0.1*x[cur]) {
		return fi
	}
	lim := x[fi] + 0.05*(x[cur]-x[fi])
	last := fi
	for i := fi + 1; i < cur && x[i] <= lim; i++ {
		if x[i] <= x[i-1] && x[i] < x[i+1] {
			last = i
		}
	}
	if last == fi {
		return fi
	}
	if e.gyroSatIn(max(from+int64(fi)-2, e.oldest()), min(from+int64(last)+2, e.n-1)) {
		return fi
	}
	return last
}

// gyroSatIn reports whether the gyro read at its saturation level
// (gyroSat) at any held sample in [lo, hi].
func (e *Engine) gyroSatIn(lo, hi int64) bool {
	for j := lo; j <= hi; j++ {
		if e.gsatR.at(j) != 0 {
			return true
		}
	}
	return false
}

// footTail finds, when the recording ends, the contact after the last
// confirmed mid-swing (prevFoot's), which a gyro foot's contacts wait for:
// confirmed by the next mid-swing peak, which a recording that ends in the
// stance or early swing after it does not hold, nor one in which the wearer
// stopped on it. IC is the contact dip after the last mid-swing, as in
// confirmFootIC; the toe-off is the deepest minimum after it when the rate
// has then risen by half a typical mid-swing peak into the next swing (else
// the recording ended in the stance, and the contact keeps its IC only).
//
// More than 2.4 steps after that mid-swing the window would hold the next
// stride (a later contact refused): it is then cut there, and taken only
// when the foot stays in its stance to the window's end — no swing after
// the dip, the rate quiet over its last quarter — a stop (a black-box
// round: the contact a shank stopped on was lost at the end of every trial
// that stood for 3 s, and before every pause of over 2.5 s).
func (e *Engine) footTail(dst []Contact) []Contact {
	from, to := e.prevFoot.center, e.n
	if from < e.oldest() || to-from < int64(0.2*e.rate) {
		return dst
	}
	stride := 2.0 // s, a slow walker's, before the stride is known
	if st := e.stepMed.median(0); st > 0 {
		stride = 2 * st
	}
	stop := false
	if float64(to-from) > 1.2*stride*e.rate {
		to, stop = from+int64(1.2*stride*e.rate), true
	}
	x := e.filtered(&e.ap, e.lpFine, from, to, e.x1)
	for i := range x {
		x[i] *= e.gsign
	}
	prev := argmax(x, 0, min(len(x)-1, int(0.1*e.rate)))
	d := firstDip(x, prev, len(x)-1, int(math.Min(0.2, stride/4)*e.rate))
	if d == prev {
		return dst // no contact dip in the data: it ended in the swing
	}
	ic, fc := parabolicMin(x, d), math.NaN()
	peak := e.peakMed.median(0)
	if lo := d + int(0.08*e.rate); lo < len(x)-1 {
		m := argmin(x, lo, len(x)-1)
		if rise := x[argmax(x, m, len(x)-1)] - x[m]; rise >= 0.5*peak && rise > 0 {
			fc = parabolicMin(x, m) + float64(from)
		}
	}
	if stop {
		if !math.IsNaN(fc) || !(peak > 0) {
			return dst // a swing after it: not a stop
		}
		for _, v := range x[len(x)-len(x)/4:] {
			if math.Abs(v) > 0.2*peak {
				return dst
			}
		}
	}
	return e.addPending(dst, e.footPending(ic+float64(from), fc, to-1))
}

// prevSwingReach returns where a gyro foot's contact window at mid-swing
// index center may reach back to — 0.1 s before the previous contact's
// mid-swing — and whether that lies within footReach.
func (e *Engine) prevSwingReach(center int64) (from int64, near bool) {
	from = e.prevFoot.center - int64(0.1*e.rate)
	return from, float64(center-from)*e.dt <= footReach
}

// footReach is how far back, s, a gyro foot's contact window reaches to
// the previous mid-swing (from 0.1 s before it): a walk's first after a
// run's stride estimate, a contact after a short pause.
const footReach = 2.5

// footStopWait is how long, s, after a gyro foot's last mid-swing the
// contact after it is looked for as a stop (footStop): past the 2.5 s
// within which the next bout's first contact window reaches back to that
// mid-swing (and finds it, with its toe-off), and the next mid-swing's
// confirmation.
const footStopWait = 3.5

// footStop looks, footStopWait after a gyro foot's last mid-swing with
// none since, for the contact it stopped on (footTail), and emits it. The
// next bout then starts as the stream did: its first contact window must
// not reach back into the stance, and its stride is not the last bout's
// (a run's 0.7 s stride, kept over a pause, made the windows of a walk
// after it too short to hold its previous mid-swing: its first three
// contacts were refused, until four refusals in a row forgot it — a whole
// 6 s walk lost; a black-box round).
func (e *Engine) footStop(dst []Contact) []Contact {
	e.stopDue = 0
	if !e.havePrev || e.settling {
		return dst
	}
	dst = e.footTail(dst)
	// with or without the contact it stopped on (none when the data ended
	// in the swing before the stop, or the stance was not still), the
	// next mid-swing starts a bout: a run's stride kept over the pause
	// refused a walk's first contacts after it
	e.stepMed.reset()
	e.longSteps, e.havePrev, e.footDrops = 0, false, 0
	return dst
}

// footPending is a one-foot contact at IC index ic, toe-off index fc (NaN
// when unknown) and segmentation peak center, on the configured side: sure
// when it is given, unknown otherwise.
//
// With a gyro, IC is moved to the impact (anchorIC) and the toe-off is
// refined on the unfiltered rate (fitMin).
func (e *Engine) footPending(ic, fc float64, center int64) pending {
	if e.gyro {
		ic = e.anchorIC(ic)
		if !math.IsNaN(fc) {
			fc = e.fitMin(fc)
		}
	}
	pc := pending{icIdx: ic, fcIdx: fc, center: center}
	if pc.c.Side = e.cfg.Side; pc.c.Side != SideUnknown {
		pc.c.SideConf = 1
	}
	return pc
}

// shoeStrike returns the strike angle and the braking g at foot strike.
// The strike angle is the sole pitch at IC relative to the flat stance,
// rad, toe up positive: the sagittal rate (swing positive, which is toe-up
// on a foot) integrated from IC to foot-flat (the least |rate| in the
// first 60 % of the contact), negated. The braking g is the largest
// deceleration along the foot's forward axis from 10 ms before to 40 ms
// after IC, in g. The forward axis is up × u, with up the direction of
// the mean acceleration over the 40 ms from foot-flat (the foot is still:
// gravity; the 20 ms before foot-flat, the first still sample, are the end
// of the slap, which tilted it 10°) and u the toe-up rotation axis (the sagittal gyro axis, signed
// so the swing is positive): u points to the right, so up × u points
// ahead.
func (e *Engine) shoeStrike(p *pending) (angle, brakingG float64) {
	i0, i1 := int64(math.Round(p.icIdx)), int64(math.Round(p.fcIdx))
	if i0 < e.oldest() || i1 <= i0+2 || i1 > e.n {
		return math.NaN(), math.NaN()
	}
	flat, best := i0, math.Inf(1)
	for i := i0; i <= i0+(i1-i0)*6/10; i++ {
		if a := math.Abs(e.ap.at(i)); a < best { // |rate|: the sign does not matter
			flat, best = i, a
		}
	}
	// trapezoids from the fractional IC: rectangles from the rounded one
	// moved the angle with the rate (on the simulator −0.0° to −3.8° from
	// 50 to 500 Hz with the dip's IC; now −0.6° to −1.7° at every rate,
	// the IC's remaining lateness)
	var a float64
	if k := int64(math.Floor(p.icIdx)); k >= e.oldest() && k+1 < flat {
		u := p.icIdx - float64(k)
		w0, w1 := e.ap.at(k), e.ap.at(k+1)
		a = (1 - u) * (w0 + u*(w1-w0) + w1) / 2
		for i := k + 1; i < flat; i++ {
			a += (e.ap.at(i) + e.ap.at(i+1)) / 2
		}
		a *= e.gsign * e.dt
	}
	angle, brakingG = -a, math.NaN()
	if e.fa[0].buf == nil {
		return angle, brakingG
	}
	h := int64(math.Ceil(0.02 * e.rate))
	if flat+2*h >= e.n { // gravity from the flat phase itself, after its start
		return angle, brakingG
	}
	var up [3]float64
	for k := range up {
		up[k] = e.mean(&e.fa[k], flat, flat+2*h+1)
	}
	u := [3]float64{e.gsign * e.gaxis[0], e.gsign * e.gaxis[1], e.gsign * e.gaxis[2]}
	fwd := [3]float64{up[1]*u[2] - up[2]*u[1], up[2]*u[0] - up[0]*u[2], up[0]*u[1] - up[1]*u[0]}
	n := norm(fwd)
	if n == 0 {
		return angle, brakingG
	}
	brakingG = math.Inf(-1)
	for i := max(i0-h/2, e.oldest()); i <= min(i0+2*h, e.n-1); i++ {
		d := -(fwd[0]*e.fa[0].at(i) + fwd[1]*e.fa[1].at(i) + fwd[2]*e.fa[2].at(i)) / n
		brakingG = max(brakingG, d)
	}
	return angle, brakingG
}

// shankAngle returns a shank's forward tilt at the contact whose IC is at
// fractional index ic, rad, the distal end (the foot) ahead of the knee
// positive, from the stride since the previous contact's IC prev (the
// stride before that one before samples long, 0 when there is none).
//
// The sagittal rate (swing positive: it tilts the foot forward),
// integrated over the stride with its mean removed, is the shank's
// rotation θ(t) from that IC (the shank comes back to its orientation at
// the next IC, so a gyro bias does not build up). Over a stride of steady
// gait the sensor's velocity comes back too, so its linear acceleration
// averages to zero, and the specific force turned back by θ(t) into the
// frame of the stride's start averages to gravity: G, pointing up. In the
// sagittal plane, with e₁ the shank's long axis and e₂ = u × e₁ (u the
// sagittal axis, signed as the swing), up makes the angle
// φ = atan2(G·e₂, G·e₁) with the long axis, and the forward tilt is −φ
// (tilting the foot forward turns up backwards in the sensor's frame),
// moved by the rotation from the sample to the fractional IC.
//
// The long axis is the sensor axis nearest up at contact, G (a sensor
// strapped with an axis along the tibia), made orthogonal to u: the tilt
// lies within ±45°. A mounting turned about u by β reads every angle β
// off (while the tilt less β stays within ±45°, about −37° to +48° at
// 3.5 m/s): the overstriding signal's z-score against the runner's own
// baseline does not see it, its absolute bands do. NaN when the stride is not held whole, is outside
// 0.3–2.5 s or a quarter off the stride before it, or spans a bridged gap,
// once the gyro has read a plateau at its range (its rotation
// cut off), when the stride holds over 40 ms of saturated accelerometer
// samples outside the impacts, when the long axis lies near u, or when
// the force turned back does not average to 1 g (0.85–1.2 g).
func (e *Engine) shankAngle(prev, ic, before float64) float64 {
	i0, i1 := int64(math.Round(prev)), int64(math.Round(ic))
	if i0 < e.oldest() || i1 >= e.n || float64(i1-i0) < 0.3*e.rate || float64(i1-i0) > 2.5*e.rate {
		return math.NaN()
	}
	if !(math.Abs(ic-prev-before) <= 0.25*before) || e.holeIn(prev, ic) {
		// not a stride of steady gait, as long as the one before it to a
		// quarter (a pause, a start, a missed contact: the shank and the
		// sensor do not come back to their orientation and velocity), or
		// one bridged over a gap
		return math.NaN()
	}
	for k := range e.gsat {
		if e.gsat[k].plats > 0 {
			// a rate cut off at the range loses rotation: no angle once
			// an axis has held a plateau at its largest rate (gyroSat),
			// whose samples before the level was taken (three plateaus)
			// are not marked saturated
			return math.NaN()
		}
	}
	if e.layout.ClipAcc > 0 {
		// a force cut off at the range away from the impacts (a fast
		// swing's centripetal pull, 8 g at 6 m/s) takes a piece out of
		// the mean, turned: at ±8 g the simulator's 6 m/s shank, cut off
		// for 60–120 ms a stride, read −9.7° instead of −1.7°; at 5 m/s,
		// 40–60 ms, −2.2° instead of −1.2°; up to 40 ms (and the
		// impact's brief clip) it moved by 0.1°
		n := 0
		for j := i0 + int64(0.06*e.rate); j < i1-int64(0.02*e.rate); j++ {
			if e.clip.at(j) != 0 {
				n++
			}
		}
		if float64(n) > 0.04*e.rate {
			return math.NaN()
		}
	}
	// the stride's samples, as slices of the rings where they do not wrap
	a0 := e.fa[0].view(e.win[0], i0, i1+1)
	a1 := e.fa[1].view(e.win[1], i0, i1+1)
	a2 := e.fa[2].view(e.win[2], i0, i1+1)
	r := e.ap.view(e.winMean, i0, i1+1)
	// the plane's first axis, e1: the sensor axis nearest the mean force
	// over the stride (the long axis is chosen from up at contact, below)
	m := [3]float64{sum(a0), sum(a1), sum(a2)}
	u := [3]float64{e.gsign * e.gaxis[0], e.gsign * e.gaxis[1], e.gsign * e.gaxis[2]}
	e1 := axisNear(m, u)
	n := norm(e1)
	if !(n > 0.5) { // the long axis near the sagittal axis: no plane
		return math.NaN()
	}
	for k := range e1 {
		e1[k] /= n
	}
	e2 := [3]float64{u[1]*e1[2] - u[2]*e1[1], u[2]*e1[0] - u[0]*e1[2], u[0]*e1[1] - u[1]*e1[0]}
	// the mean rate over the stride (trapezoids), removed; the rates and
	// the rotation per sample interval in rad
	last := len(r) - 1
	w := e.gsign * (sum(r) - (r[0]+r[last])/2) / float64(last)
	h := e.gsign * e.dt / 2
	wd := w * e.dt
	// θ by trapezoids, cos θ and sin θ carried by a rotation through each
	// sample's dθ: the series to dθ⁴ and dθ³ (|dθ| ≤ 0.1 rad at 143 Hz)
	// keep its length to 1e-7 a step, so no square root per sample
	c, sn := 1.0, 0.0
	var g1, g2 float64
	a0, a1, a2 = a0[:len(r)], a1[:len(r)], a2[:len(r)] // (one bounds check)
	p1, p2, p3, q1, q2, q3 := e1[0], e1[1], e1[2], e2[0], e2[1], e2[2]
	rp := r[0]
	for j, rj := range r {
		if j > 0 {
			dth := h*(rp+rj) - wd
			rp = rj
			q := dth * dth
			dc, ds := 1-q*(0.5-q/24), dth*(1-q/6)
			c, sn = c*dc-sn*ds, sn*dc+c*ds
		}
		x, y, z := a0[j], a1[j], a2[j]
		f1 := p1*x + p2*y + p3*z
		f2 := q1*x + q2*y + q3*z
		g1 += f1*c - f2*sn
		g2 += f1*sn + f2*c
	}
	if gn := math.Hypot(g1, g2) / float64(len(r)); !(gn > 0.85 && gn < 1.2) {
		// the force turned back must average to gravity, 1 g: 0.95–1.11
		// over the simulator's strides (143 Hz, running 2–4.5 m/s up to
		// 20 % variability, walking); an accelerometer reading 0 (a
		// dead part, the gyro running on) gave 0 (an angle near 0° for
		// the simulator's 7°), a stride whose sensor does not come back
		// to its velocity 1.2–1.8 g (28–50° off)
		return math.NaN()
	}
	// the long axis: the sensor axis nearest up at contact, G (the frame
	// of the stride's start is that of its end), made orthogonal to u; the
	// tilt then lies within ±45°. (The mean force only picks the plane's
	// first axis: it lies 20–29° behind the tibia in the simulator's runs,
	// 1–12° more or less from stride to stride, so a mount pitched 10–20°
	// forward had it nearer the forward axis on some strides, 90° off.)
	G := [3]float64{g1*p1 + g2*q1, g1*p2 + g2*q2, g1*p3 + g2*q3}
	l := axisNear(G, u)
	// G ⊥ u: l·G = |G[ax]| ≥ |G|/√3 > 0, and G·(u × l) = l·(G × u)
	gl := l[0]*G[0] + l[1]*G[1] + l[2]*G[2]
	gm := u[0]*(l[1]*G[2]-l[2]*G[1]) + u[1]*(l[2]*G[0]-l[0]*G[2]) + u[2]*(l[0]*G[1]-l[1]*G[0])
	// the IC between samples: the rotation from i1 to ic
	return -math.Atan2(gm, gl) + (ic-float64(i1))*(e.gsign*r[last]-w)*e.dt
}

// axisNear returns the sensor axis nearest v in direction (±x, ±y or ±z,
// the one of v's largest component, signed as it), less its component
// along the unit vector u (shankAngle: a long axis in the sagittal plane).
func axisNear(v, u [3]float64) [3]float64 {
	ax := 0
	for k := 1; k < 3; k++ {
		if math.Abs(v[k]) > math.Abs(v[ax]) {
			ax = k
		}
	}
	var a [3]float64
	a[ax] = math.Copysign(1, v[ax])
	d := a[0]*u[0] + a[1]*u[1] + a[2]*u[2]
	for k := range a {
		a[k] -= d * u[k]
	}
	return a
}

// riseOnset returns the fractional index where x first rises through
// x[lo] + frac·(x[hi] − x[lo]) between lo and hi, NaN when it does not.
func riseOnset(x []float64, lo, hi int, frac float64) float64 {
	if hi <= lo {
		return math.NaN()
	}
	th := x[lo] + frac*(x[hi]-x[lo])
	for i := lo + 1; i <= hi; i++ {
		if x[i-1] < th && x[i] >= th {
			return float64(i-1) + (th-x[i-1])/(x[i]-x[i-1])
		}
	}
	return math.NaN()
}

// anchorIC moves a gyro foot sensor's IC, found at the contact dip of the
// sagittal rate (fractional index g), to the onset of the impact in |a|.
// The rate's dip is where the segment turns fastest, not where it lands:
// a foot's dip is the middle of the slap that follows heel strike (the
// simulator puts it 10 ms after IC running, 30 ms walking), and Purcell's
// shank dip reads IC 17 ms late against force plates (Kiernan 2023); the
// impact starts when the heel meets the ground. The dip is the steadier
// per-contact timing (one sample of impact at 50 Hz), so the contact keeps
// the dip's timing less the median lag of the dip behind the impact over
// the last 9 contacts whose impact was found: the lag adapts to the runner,
// their speed and the mounting, a contact whose impact was missed or
// mistaken moves nothing. An impact under half the height of the recent
// ones is not taken, nor a lag beyond 60 ms (at 50 Hz a first contact's
// impact can fall between samples, and the spike found instead, 130 ms
// early, moved it that far), nor one below −10 ms (a forefoot slap after
// the dip, standing higher than the heel's impact, flipped the median
// between the two: IC jumps of 40 ms) — except when no impact is taken at
// the dip and one up to 60 ms after it is the first spike of the window
// (a retraction minimum of the terminal swing before the shank lands, the
// first dip after the mid-swing: IC read 25–35 ms early). Until a lag is
// known the dip stands, and again after a change of gait (running ↔
// walking) until the new gait's first lag replaces the old ones. Under 40 Hz — the input's
// own rate, also when it is resampled onto a faster grid — the dip
// stands.
func (e *Engine) anchorIC(g float64) float64 {
	if math.IsNaN(g) || e.rate < 40 || e.inDt > 1.0/40 {
		// under 40 Hz a 20 ms impact is first seen by a sample already
		// part way into it, and its onset reads early (a 25 Hz shank run:
		// IC −10.5 ms, GCT MAE 4.4 → 11.7 ms): the dip stands
		return g
	}
	high := func(h float64) bool { return e.icImp.n < 3 || h >= 0.5*e.icImp.median(0) }
	on, h, _ := e.impactOnset(g, 0.02)
	ok := !math.IsNaN(on) && high(h) && (g-on)*e.dt <= 0.06 && (g-on)*e.dt >= -0.01
	if !ok {
		// none found at the dip: the dip may be the terminal swing's
		// retraction minimum, the shank turning back before it lands,
		// and the impact up to 60 ms after it — taken when nothing
		// before it stands out as an impact would (a heel's impact
		// before a forefoot slap: the slap's lag is refused)
		if on2, h2, first := e.impactOnset(g, 0.06); first && !math.IsNaN(on2) && high(h2) && (g-on2)*e.dt < -0.01 && (g-on2)*e.dt >= -0.06 {
			on, h, ok = on2, h2, true
		}
	}
	if ok {
		if e.icStale {
			e.icLag.reset()
			e.icStale = false
		}
		e.icLag.add(g - on)
	}
	if !math.IsNaN(on) {
		e.icImp.add(h)
	}
	if e.icLag.n == 0 || e.icStale {
		return g // no lag known for this gait yet: the dip stands
	}
	return g - e.icLag.median(0)
}

// impactOnset returns the fractional index of the onset of the impact in
// |a| from 70 ms before the contact dip at g to `after` seconds after it, and its
// height in g (its peak less the low before it), or NaN, and whether it
// is the window's first spike (no local maximum before it stands 0.25 g
// above the mean of the samples 15 ms either side). The
// impact is the spike that stands highest above the mean of the samples
// 15 ms either side (a swing's hump is broad: at 50 Hz the steepest rise
// near a walking shank's IC was the terminal swing's, 140 ms early), at
// least 0.25 g above it and 0.5 g above the lowest |a| in the 30 ms
// before it. Its onset is the first sample from that low at 20 % of the
// rise, less half a sample: the rise begins somewhere in the interval
// before that sample, at any phase, so the estimate has no bias from the
// rate (linear interpolation reads a one-sample rise at its start, early
// by up to half a sample; the steepest slope reads late by a fifth of the
// impact's length).
func (e *Engine) impactOnset(g, after float64) (float64, float64, bool) {
	nan := math.NaN()
	gi := int64(math.Round(g))
	lo := gi - int64(math.Ceil(0.07*e.rate))
	hi := gi + int64(math.Ceil(after*e.rate))
	pre := int64(math.Ceil(0.03*e.rate)) + 1
	k := max(1, int(math.Round(0.015*e.rate)))
	from, to := lo-pre, hi+int64(k)+1
	if from < e.oldest() || to > e.n {
		return nan, nan, false
	}
	x := e.av.copyTo(e.x3, from, to)
	p, best := -1, math.Inf(-1)
	for i := int(pre); i <= int(hi-from); i++ {
		if d := spike(x, i, k); d > best {
			p, best = i, d
		}
	}
	if p < 0 || !(best >= 0.25) {
		return nan, nan, false
	}
	m := p - 1
	for i := max(0, p-int(pre)); i < p; i++ {
		if x[i] <= x[m] {
			m = i
		}
	}
	if !(x[p]-x[m] >= 0.5) {
		return nan, nan, false
	}
	first := true
	for j := int(pre); j < p-k && first; j++ {
		first = !(spike(x, j, k) >= 0.25)
	}
	return riseStart(x, m, p) + float64(from), x[p] - x[m], first
}

// clipVertex places the hidden vertex of a trough of the sagittal rate
// that the gyroscope cut off at its range (a ±250 °/s part on a running
// shank clips its toe-off trough for 100–130 ms, a ±500 °/s one a running
// shoe's), found near fractional index c with a saturated sample in
// [lo, hi]. A trough made of two parabolas with their own curvature,
// y = k + a_L·u² left of the vertex and k + a_R·u² right of it, crosses
// the level L at t_L = t₀ − l and t_R = t₀ + r with a_L·l² = a_R·r² = h,
// where its slopes are s_L = 2h/l and s_R = 2h/r: so
//
//	t₀ = t_L + (t_R − t_L)·s_R/(s_L + s_R)
//
// (the tangents at the two edges meet at the vertex). The saturated run is
// the stretch of samples at the saturation level around c (gsatR), its
// level their mean, the slopes the secants over 7 ms of unsaturated samples
// either side, and each edge where its secant reaches the level. The
// argmin of the low-passed rate lay anywhere on the plateau, where its
// noise and ringing put it: a ±250 °/s shank running at 3.5–5.5 m/s read
// its toe-off 30–45 ms late. c is returned unchanged when the run is not
// wholly held, longer than 0.4 s, or has no falling and rising flank, each
// by 1 % of the level over its 7 ms (then it is no trough, or it began
// before the level was known: the first plateaus, not marked, read as a
// flat flank), or when a flank's secant lies on a knee (kneeSlope). A
// barely clipped trough has shallow flanks at its edges, and its vertex is
// where they point best: 5 % put a 2.5 m/s ±250 °/s shank's toe-off back
// on the plateau (GCT MAE 3.8 → 9.5 ms).
func (e *Engine) clipVertex(c float64, lo, hi int64) float64 {
	ci := int64(math.Round(c))
	// the saturated sample nearest c
	best := int64(-1)
	for j := lo; j <= hi; j++ {
		if e.gsatR.at(j) != 0 && (best < 0 || abs64(j-ci) < abs64(best-ci)) {
			best = j
		}
	}
	if best < 0 {
		return c
	}
	k := max(1, int64(math.Round(0.007*e.rate)))
	maxRun := int64(0.4 * e.rate)
	s0, s1 := best, best
	for s0-1 >= e.oldest() && e.gsatR.at(s0-1) != 0 && best-s0 < maxRun {
		s0--
	}
	for s1+1 < e.n && e.gsatR.at(s1+1) != 0 && s1-best < maxRun {
		s1++
	}
	if s0-1-k < e.oldest() || s1+1+k >= e.n || s1-s0 > maxRun {
		return c
	}
	if e.gyroSatIn(s0-1-k, s0-1) || e.gyroSatIn(s1+1, s1+1+k) {
		return c // a flank's secant would reach into another plateau
	}
	y := func(j int64) float64 { return e.gsign * e.ap.at(j) }
	var lv float64
	for j := s0; j <= s1; j++ {
		lv += y(j)
	}
	lv /= float64(s1 - s0 + 1)
	sl := (y(s0-1-k) - y(s0-1)) / float64(k) // falling into the trough: > 0
	sr := (y(s1+1+k) - y(s1+1)) / float64(k) // rising out of it: > 0
	if !(sl*float64(k) > 0.01*math.Abs(lv) && sr*float64(k) > 0.01*math.Abs(lv)) || !(y(s0-1) > lv) || !(y(s1+1) > lv) {
		return c
	}
	// a trough's flank steepens away from its vertex: a secant whose
	// neighbour further out is far flatter lies on a knee, where the
	// flank leaves a still foot or turns into the swing, not on the
	// trough (a 20–40 ms secant at 25–50 Hz: a ±250 °/s running shoe's
	// left flank rises out of the stance within one sample of the level,
	// its secant a third of the slope at the level, and its toe-off read
	// 30–40 ms late, GCT MAE 22.5 → 32 ms at 50 Hz)
	if j := s0 - 1 - 2*k; j >= e.oldest() && y(j)-y(s0-1-k) < kneeSlope*sl*float64(k) {
		return c
	}
	if j := s1 + 1 + 2*k; j < e.n && y(j)-y(s1+1+k) < kneeSlope*sr*float64(k) {
		return c
	}
	tl := float64(s0-1) + min(1, (y(s0-1)-lv)/sl)
	tr := float64(s1+1) - min(1, (y(s1+1)-lv)/sr)
	// the secants are slopes at their centres, dl and dr outside the
	// edges, and a parabola's slope grows with the distance from its
	// vertex: the tangents' condition l·s_L = r·s_R becomes
	// l·sl·l/(l+dl) = r·sr·r/(r+dr) with l + r = t_R − t_L, solved by
	// bisection (its left side grows with l)
	w := tr - tl
	dl := tl - (float64(s0-1) - float64(k)/2)
	dr := float64(s1+1) + float64(k)/2 - tr
	a, b := 0.0, w
	for range 40 {
		l := (a + b) / 2
		if r := w - l; sl*l*l/(l+dl) > sr*r*r/(r+dr) {
			b = l
		} else {
			a = l
		}
	}
	return tl + (a+b)/2
}

// kneeSlope is the least slope, relative to a clipped trough's flank
// secant, of the secant next to it further out (clipVertex).
const kneeSlope = 0.2

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// fitMin refines a minimum of the sagittal rate found near fractional
// index c on the 20 Hz signal: by least squares on the unfiltered rate
// within 35 ms of it, a parabola with its own curvature either side of
// its vertex t0 (searched within 17 ms of c, to 0.25 ms). A toe-off dip is
// lopsided — the rate falls slowly through push-off and rises fast into
// the swing, or the reverse — and a symmetric low-pass moves its minimum
// towards the slower side, as a three-point parabola does at low rates: a
// walking shank's toe-off read 8 ms early at 143 Hz and 12 ms at 50 Hz, a
// running shoe's 4–5 ms late, on the simulator's noiseless rate (now
// within 1.3 ms at 50–500 Hz).
func (e *Engine) fitMin(c float64) float64 {
	w := max(2, int(math.Round(0.035*e.rate)))
	ci := int64(math.Round(c))
	if ci-int64(w) < e.oldest() || ci+int64(w) >= e.n {
		return c
	}
	if e.gyroSatIn(ci-int64(w), ci+int64(w)) {
		// a saturated trough has no vertex to fit: its flanks say where
		// it is (clipVertex)
		return e.clipVertex(c, ci-int64(w), ci+int64(w))
	}
	y := e.ap.copyTo(e.x3, ci-int64(w), ci+int64(w)+1)
	var sy, syy float64
	for j := range y {
		y[j] *= e.gsign
		sy += y[j]
		syy += y[j] * y[j]
	}
	n := float64(len(y))
	// sse returns the residual of the fit with its vertex at t0 (window
	// coordinates), +Inf when a side does not curve upwards
	sse := func(t0 float64) float64 {
		// normal equations of y ≈ k + aL·l² + aR·r², l = min(u, 0),
		// r = max(u, 0), u = j − t0: the two columns never overlap
		var sl, sr, sl2, sr2, sly, sry float64
		for j, v := range y {
			u := float64(j) - t0
			q := u * u
			if u < 0 {
				sl, sl2, sly = sl+q, sl2+q*q, sly+q*v
			} else {
				sr, sr2, sry = sr+q, sr2+q*q, sry+q*v
			}
		}
		// k eliminated: k = (sy − aL·sl − aR·sr)/n
		a11, a12, a22 := sl2-sl*sl/n, -sl*sr/n, sr2-sr*sr/n
		b1, b2 := sly-sl*sy/n, sry-sr*sy/n
		det := a11*a22 - a12*a12
		if !(det > 1e-12) {
			return math.Inf(1)
		}
		aL, aR := (b1*a22-b2*a12)/det, (a11*b2-a12*b1)/det
		if aL <= 0 || aR <= 0 {
			return math.Inf(1)
		}
		k := (sy - aL*sl - aR*sr) / n
		return syy - k*sy - aL*sly - aR*sry // least squares: Σy² − p·Xᵀy
	}
	// steps of a sample (two from 1 kHz) first, then a golden-section
	// search to 0.25 ms within a step of the best
	o := float64(ci - int64(w))
	st := math.Max(1, math.Floor(0.002*e.rate))
	best, bt := math.Inf(1), c
	for t := c - float64(w/2); t <= c+float64(w/2); t += st {
		if r := sse(t - o); r < best {
			best, bt = r, t
		}
	}
	if math.IsInf(best, 1) {
		return c
	}
	const ig = 0.6180339887498949
	a, b := bt-st, bt+st
	x1, x2 := b-ig*(b-a), a+ig*(b-a)
	f1, f2 := sse(x1-o), sse(x2-o)
	for b-a > 0.0005*e.rate {
		if f1 <= f2 {
			b, x2, f2 = x2, x1, f1
			x1 = b - ig*(b-a)
			f1 = sse(x1 - o)
		} else {
			a, x1, f1 = x1, x2, f2
			x2 = a + ig*(b-a)
			f2 = sse(x2 - o)
		}
	}
	if t := (a + b) / 2; sse(t-o) < best {
		return t
	}
	return bt
}

// Accelerometer-only contacts the picker passed over. The picker finds a
// foot's contacts by the high-frequency energy of their impacts, and a
// 10–20 ms impact sampled at 25–80 Hz keeps anything from a third to all
// of its energy as the samples fall on it (anti-aliased as an IMU's
// output filter does, the simulator's shoes and shanks at 50 Hz: impact
// energies of one runner 1–6 g² from stride to stride), so that a
// threshold learnt from the larger ones passes over the smaller: 10–30 %
// of the contacts were lost at 40–80 Hz, a few at 100 Hz. Every contact
// has a stance, though — the foot or shank on the ground, |a| near 1 g and
// still (the zero-velocity phase a foot-mounted INS detects; Skog 2010,
// docs gait-methods.md) — which lasts several samples at any rate, and
// the contacts between two the picker found are looked for there: each
// stride-spaced stance between them (fillStances) and, should the picker
// not confirm the next contact in time, the one after the last found
// (fillTail). A contact is taken when its stance is as still as the last
// contact's own (its thresholds adapt to the runner, the placement and
// the sensor's noise) and ends an impact: a local maximum of |a|, or a
// bend in its fall from the terminal swing (at 40 Hz and under the
// impact can merge into it), sharper than the stance's own variation.
// Its IC is then read as the picker's contacts' are (the steepest rise
// before the impact's peak) and its toe-off too (accToeOff).

// stanceWin is the length, s, of the window whose mean | |a| − 1 g |
// measures a stance's stillness (at least two samples): a shoe's foot is
// flat for 60–90 ms of a 180–220 ms running contact, a shank turns
// about the ankle through all of it but most slowly in mid-stance.
const stanceWin = 0.05

// stanceSearch is how far, in strides, either side of where a contact is
// expected (a stride after the previous one) its stance is looked for.
const stanceSearch = 0.35

// stillness returns the mean of | x − 1 | over x[i : i+l] (|a| in g).
func stillness(x []float64, i, l int) float64 {
	var s float64
	for _, v := range x[i : i+l] {
		s += math.Abs(v - 1)
	}
	return s / float64(l)
}

// stillest returns the start in [lo, hi] of the stillest window of l
// samples of x that lies inside x, and its stillness; -1 and +Inf when
// there is none.
func stillest(x []float64, lo, hi, l int) (int, float64) {
	lo, hi = max(lo, 0), min(hi, len(x)-l)
	best, bs := -1, math.Inf(1)
	for i := lo; i <= hi; i++ {
		if s := stillness(x, i, l); s < bs {
			best, bs = i, s
		}
	}
	return best, bs
}

// stanceRef returns the stillness of the stance of the contact whose IC
// is at index a into x (|a| in g) — its stillest window of l samples in
// the half stride sp (samples) after it — and the least sharpness, g, of
// the impact that begins a stance: twice that stillness, at least 0.1 g
// (a tenth of the slow walk's at 50 Hz; noise of 0.3 m/s² an axis varies
// |a| by 0.03 g) and spikeNoise times the sensor's noise, noise (g; a
// noisy sensor's spikes were read as impacts).
func stanceRef(x []float64, a, sp float64, l int, noise float64) (ref, minSpike float64) {
	_, ref = stillest(x, int(a), int(a+0.5*sp), l)
	return ref, max(0.1, 2*ref, spikeNoise*noise)
}

// spikeNoise and leaveNoise are how many times the sensor's noise (the
// standard deviation of |a| in g, noiseRing) an impact must stand above
// the samples either side of it (stanceRef: the difference of a sample and
// the mean of two others spreads 1.22 times as much as the noise), and
// |a| leave 1 g two samples in a row to begin a stance (stanceIC). Found
// on simulated walks at 50 and 60 Hz with noise of 0.3–1.5 m/s² an axis
// (2–4 and 3–4 for the two kept the fewest made up with the most found).
const (
	spikeNoise = 2.5
	leaveNoise = 3
)

// stanceIC returns the IC, a fractional index into x (|a| in g), of the
// contact whose stance holds the still window of l samples at i (its
// stillness s), and the index of its impact; NaN and -1 when it has
// none. The stance begins where |a|, going back from the window, first
// leaves 1 g by more than three times s (at least 0.1 g, and leaveNoise
// times the sensor's noise as the stances read it, noiseRing) two samples
// in a row: one sample beyond is the sensor's noise (1 m/s² an axis varies
// |a| by 0.1 g, and a noise sample mid-stance was read as the stance's
// start and a spike of the noise before it as the impact, 0.2–0.35 s after
// the true one; two in a row still were, 0.1–0.34 s after it, in 3 % of a
// noisy walk's contacts at 50–60 Hz, before the noise was read); the
// impact is
// the last local maximum of |a| in the 0.1 s before that standing
// minSpike above the mean of the samples 15 ms either side of it (spike)
// or, when none does, the last bend in |a| as sharp: at 40 Hz a walking
// shank's impact can merge into the fall from the terminal swing (4.0,
// 3.7, 2.5, 1.8, 1.7, then 0.9 g). A sharper spike up to 40 ms before it
// with |a| between the two at 1.25 g or under is the impact, the later
// one its rebound (as in toeOffImpact). IC is the steepest rise of |a|
// in the 50 ms up to the impact (steepestRise), as the picker's contacts
// read it.
func (e *Engine) stanceIC(x []float64, i int, s, minSpike float64) (float64, int) {
	k := max(1, int(math.Round(0.015*e.rate)))
	tau := max(0.1, 3*s, leaveNoise*e.stanceNoise.sigma)
	s0 := i
	for s0 > 0 && (math.Abs(x[s0-1]-1) <= tau || s0 > 1 && math.Abs(x[s0-2]-1) <= tau) {
		s0--
	}
	lo, hi := max(k, s0-int(math.Ceil(0.1*e.rate))), min(s0, len(x)-1-k)
	p := -1
	for q := hi; q >= lo; q-- {
		if spike(x, q, k) >= minSpike {
			p = q
			break
		}
	}
	for q := hi; q >= lo && p < 0; q-- {
		if x[q]-(x[q-k]+x[q+k])/2 >= minSpike {
			p = q
		}
	}
	if p < 0 {
		return math.NaN(), -1
	}
	p = e.reboundImpact(x, p, k, k)
	r := int(math.Ceil(0.025 * e.rate))
	return steepestRise(x, p-2*r, p), p
}

// swung reports whether |a| (x, g) left 1 g by at least three times
// minSpike (at least 0.3 g) in the half stride (sp samples) before the IC
// at fractional index ic into x, at most 0.2 s, up to 30 ms before it:
// every contact ends a swing, which moves a foot's or shank's |a| by a g
// or more even in a slow walk, and the impact follows the terminal swing
// at once (a half stride back from an IC read mid-stance reaches the true
// contact's impact). A stance in quiet standing has none — its "impact" a spike of
// the sensor's noise (0.1 g of a 0.3 m/s² noise an axis) — and a pause of
// several strides was filled with such contacts (one 1.8 s after the last
// step of a run that stopped, at 60 Hz). False for a NaN ic.
func (e *Engine) swung(x []float64, ic, sp, minSpike float64) bool {
	if math.IsNaN(ic) {
		return false
	}
	lo, hi := max(0, int(ic-min(0.5*sp, 0.2*e.rate))), min(len(x), int(ic-0.03*e.rate))
	th := max(0.3, 3*minSpike)
	for _, v := range x[lo:max(lo, hi)] {
		if math.Abs(v-1) >= th {
			return true
		}
	}
	return false
}

// accEmit emits an accelerometer-only contact of a foot and schedules the
// look for the next (fillDue): once it is a stride and then 0.8 stride
// (at least 0.45 s: its stance and the swing hump after its toe-off) past
// this one's IC, with no candidate of the picker held then. The stride is
// fillStride, taken from the picker's step estimate as soon as it holds
// one (the bout's first step).
func (e *Engine) accEmit(dst []Contact, pc pending) []Contact {
	dst = e.addPending(dst, pc)
	e.fillK = 0
	if e.haveFootIC && e.lastFootIC == pc.icIdx {
		e.noteStanceNoise(pc.icIdx, pc.fcIdx)
	}
	e.fillDue = math.MaxInt64
	if m := e.stepMed.median(0); e.fillStride <= 0 && m > 0 {
		// the stride from the bout's first step (fillStances takes it
		// only at the next contact refined: a contact the picker passed
		// over after the second came out with the next it confirmed, up
		// to 1.8 strides after its IC; TestFootAccOnlyFirstStrideLatency)
		e.fillStride = 2 * m
	}
	if s := e.fillStride; e.haveFootIC && s > 0 {
		e.fillDue = int64(math.Ceil(e.lastFootIC + e.rate*(s+max(0.8*s, 0.45))))
	}
	return dst
}

// noiseWin is the length, s, of the stance window whose samples
// noteStanceNoise reads: at least 4 samples (5 took in a walking shank's
// turning at 25 Hz, and read noise of 0.03 g as 0.04), at most noiseMax.
const noiseWin = 0.1

// noiseMax is the most samples noteStanceNoise reads in a stance.
const noiseMax = 16

// noiseMin is the fewest second differences noiseRing reads the noise
// from: four stances at 50 Hz (one stance alone, whose toe-off was read in
// the next swing, read 1.2 g, and a running shoe at 40 Hz lost 11 contacts).
const noiseMin = 12

// noiseRing holds the last absolute second differences of |a|, g, read
// in accelerometer-only foot stances (noteStanceNoise), in arrival order,
// and the sensor's noise they give (sigma).
type noiseRing struct {
	v       [64]float64
	n, next int
	// sigma is the standard deviation, g, of Gaussian noise whose
	// second differences have the median absolute value of those held
	// (0.6745·√1.5 σ); 0 while fewer than noiseMin are.
	sigma float64
}

// add adds the absolute second difference d (g); update reads sigma
// again.
func (r *noiseRing) add(d float64) {
	r.v[r.next] = d
	if r.next++; r.next == len(r.v) {
		r.next = 0
	}
	r.n = min(r.n+1, len(r.v))
}

// update sets sigma from the differences held (once a stance: a sort of
// up to 64).
func (r *noiseRing) update() {
	if r.n < noiseMin {
		return
	}
	var v [len(r.v)]float64
	s := v[:r.n]
	copy(s, r.v[:r.n])
	slices.Sort(s)
	r.sigma = s[r.n/2] / (0.6745 * math.Sqrt(1.5))
}

// noteStanceNoise reads the sensor's noise in the stance of the
// accelerometer-only contact just emitted, IC and toe-off at sample
// indices ic and fc: the second differences x[i] − (x[i−1] + x[i+1])/2 of
// |a| (g) over its noiseWin (w samples) between ic and fc whose mean lies
// nearest 1 g go to stanceNoise. Second differences take out the stance's
// slow changes (a shank turning over the foot); the window is chosen by
// its mean, which for Gaussian noise does not depend on the spread about
// it (chosen by its stillness, it held the samples nearest 1 g, and read
// half the noise at 50 Hz). Only a stance of 3w or more is read (a walk's:
// a run's at 25–50 Hz is all impact and push-off, whose changes read as
// 0.05–0.6 g of noise on a quiet sensor); the sensor's noise, read in a
// walk, holds for a run after it. Not a stance with no toe-off.
func (e *Engine) noteStanceNoise(ic, fc float64) {
	w := min(noiseMax, max(4, int(math.Round(noiseWin*e.rate))))
	if !(fc-ic >= float64(3*w)) { // (false for a NaN toe-off)
		return
	}
	lo, hi := int64(math.Ceil(ic)), min(e.n, int64(fc))
	if lo < e.oldest() || hi-lo < int64(w) {
		return
	}
	x := e.av.view(e.x3, lo, hi) // (read only)
	best, bd := -1, math.Inf(1)
	for i := 0; i+w <= len(x); i++ {
		var m float64
		for _, v := range x[i : i+w] {
			m += v
		}
		if d := math.Abs(m/float64(w) - 1); d < bd {
			best, bd = i, d
		}
	}
	for k := best + 1; best >= 0 && k < best+w-1; k++ {
		e.stanceNoise.add(math.Abs(x[k] - (x[k-1]+x[k+1])/2))
	}
	e.stanceNoise.update()
}

// fillStances emits, before an accelerometer-only contact whose IC is at
// fractional index b, the contacts the picker passed over since the last
// one emitted (lastFootIC, a): with S the stride (stride, s, remembered
// over the picker's resets of its step estimate while it has none), the
// k = round((b − a)/S) − 1 contacts between, the j-th's stance looked for
// within stanceSearch of a stride of a + j·(b − a)/(k + 1) — its stillest
// window — and taken when it is no more than twice as far from 1 g as the
// previous contact's stance, plus 0.05 g, and ends an impact (stanceIC),
// after the previous contact's toe-off (footEnd), at least 1.6 MinStep
// from the contacts either side, not across a bridged hole (holeIn: its
// samples are interpolated), and with a toe-off of its own before the
// next (a stance that lasts to the next contact is a pause).
//
// Two contacts about a stride apart (k = 0; 0.75 S or more, two footGaps
// or more) may be two strides apart, the picker passing over every other
// impact with its stride read twice the true one: its minimum distance
// between impacts (0.6 of that stride) then passes over them for as long
// as it lasts, and fillTail looks for the next contact a doubled stride on,
// where the picker finds it anyway. So a contact is looked for halfway
// between them too, by the same rules and with a stance as still as the
// previous contact's own (plus 0.02 g). Found, the stride is taken as half
// (halfStride; fillTail then looks for the next contact half a stride
// on), and when it is found halfway again at the next contact, or fillTail
// finds the next one so, the picker's stride estimate is halved
// (halveStride) and the contact emitted. The first one found halfway is
// not: a stance halfway between two contacts a true stride apart (a
// walk's late stance, a run's swing) is refused by those rules, but not
// always — taken at once, and without the stillness asked, contacts were
// made up in runs at 50–60 Hz with noise of 1 m/s² (13 of 339 for a shoe
// at 60 Hz, none before).
func (e *Engine) fillStances(dst []Contact, b, stride float64) []Contact {
	if e.halfHits > 0 {
		// the half stride taken at a first contact found halfway
		// (halfStride) was for fillTail's look half a stride on; the
		// contact at hand leaves it unconfirmed, and the stride held is
		// again the one it was found in
		e.fillStride *= 2
	}
	if e.stepMed.n > 0 {
		e.fillStride = stride
	}
	if !e.haveFootIC || e.fillStride <= 0 {
		e.halfHits = 0 // (a new stretch or bout)
		return dst
	}
	a := e.lastFootIC
	k := int(math.Round((b-a)/(e.fillStride*e.rate))) - 1
	ai, bi := int64(math.Floor(a)), int64(math.Ceil(b))
	half := k == 0 && b-a >= 0.75*e.fillStride*e.rate && b-a >= 2*e.footGap()*e.rate
	if half {
		k = 1
	}
	if k < 1 || ai < e.oldest() || bi > e.n {
		e.halfHits = 0
		return dst
	}
	x := e.av.copyTo(e.x4, ai, bi)
	sp := (b - a) / float64(k+1)
	l := max(2, int(math.Round(stanceWin*e.rate)))
	ref, minSpike := stanceRef(x, a-float64(ai), sp, l, e.stanceNoise.sigma)
	for j := 1; j <= k; j++ {
		t := a - float64(ai) + float64(j)*sp
		i, s := stillest(x, int(t-stanceSearch*sp), int(t+stanceSearch*sp), l)
		if i < 0 || !(s <= 2*ref+0.05) {
			continue
		}
		ic, p, ok := e.stanceContact(x, ai, i, l, s, sp, minSpike)
		if !ok || !(b-ic >= e.footGap()*e.rate) {
			continue
		}
		from := max(e.oldest(), int64(ic)-int64(0.2*e.rate))
		st := e.fillStride
		if half {
			st = sp / e.rate
		}
		fc := e.accToeOff(from, bi, ic-float64(from), st)
		if math.IsNaN(fc) {
			continue // no swing after it before the next contact: a pause, not a stance
		}
		if half {
			if !(s <= ref+0.02) {
				continue // (halfStride: as still as the last contact's)
			}
			if e.halfHits++; e.halfHits < 2 {
				e.fillStride = st // (halfStride)
				return dst
			}
			e.halveStride(st)
		}
		dst = e.accEmit(dst, e.footPending(ic, fc+float64(from), ai+int64(p)))
	}
	e.halfHits = 0
	return dst
}

// halveStride takes the stride as stride, s, found twice in a row half the
// one held (fillStances' halfStride): the picker's stride estimate, when
// it is over 1.5 times stride, is halved, and its minimum distance between
// impacts and look-ahead follow (tune). Once halved its step estimate
// holds the true one's values, and the contacts it finds and those found
// by their stances add more; kept twice, it passed over every other impact
// until stride-spaced ones came in.
func (e *Engine) halveStride(stride float64) {
	e.fillStride, e.halfHits = stride, 0
	if m := e.stepMed.median(0); m > 0 && 2*m > 1.5*stride {
		e.stepMed.scale(0.5)
		e.tune()
	}
}

// stanceContact returns the IC (a fractional sample index) and impact
// (an index into x) of the contact whose stance holds the still window
// of l samples at i of x (|a| in g from sample ai; its stillness s), sp
// samples a stride: ok is false when the stance has no impact
// (stanceIC), no swing before it (swung: standing, its "impact" the
// noise's), lies within footGap of the last contact or before its
// toe-off, or on a bridged hole (the interpolation's).
func (e *Engine) stanceContact(x []float64, ai int64, i, l int, s, sp, minSpike float64) (ic float64, p int, ok bool) {
	ic, p = e.stanceIC(x, i, s, minSpike)
	if !e.swung(x, ic, sp, minSpike) {
		return 0, 0, false
	}
	ic += float64(ai)
	if !(ic-e.lastFootIC >= e.footGap()*e.rate && ic > e.footEnd()) || e.holeIn(ic, float64(ai)+float64(i+l)) {
		return 0, 0, false
	}
	return ic, p, true
}

// fillAgain has fillTail look again in 50 ms, while the sample index is
// under until.
func (e *Engine) fillAgain(until float64) {
	if float64(e.n) < until {
		e.fillDue = e.n + max(1, int64(0.05*e.rate))
	}
}

// footGap is the least time, s, between two contacts of one foot
// (addFoot refuses a closer one): 1.6 MinStep.
func (e *Engine) footGap() float64 { return 2 * 0.8 * e.cfg.MinStep }

// footEnd returns the toe-off index of the last one-foot contact emitted,
// or its IC when its toe-off is not known: the same foot's next contact
// begins after it. (A run's stride kept into a walk after it put the
// contact looked for inside the walk's stance, 0.6 s before its end.)
func (e *Engine) footEnd() float64 {
	if e.havePrev && e.prevFoot.icIdx == e.lastFootIC && e.prevFoot.fcIdx > e.lastFootIC {
		return e.prevFoot.fcIdx
	}
	return e.lastFootIC
}

// holds reports whether the picker's candidate or held peak at
// segmentation index c (none when negative) lies in [lo, hi] (sample
// indices, its segmentation filter's delay taken off).
func (e *Engine) holds(c int64, lo, hi float64) bool {
	pk := float64(c) - e.segDelay
	return c >= 0 && pk >= lo && pk <= hi
}

// fillTail looks, at fillDue or at the end of a stretch of data (final),
// for the contact a stride after the last one emitted (a), as fillStances
// looks between two: within stanceSearch of a stride of a + S. Before the
// end of the data it waits while the picker holds a candidate that may be
// this contact's (holds: from stanceSearch of a stride before a + S to a
// quarter stride after the still part of its stance, where a walk's
// toe-off burst can outgrow a soft impact), and takes it only with its toe-off and the
// swing hump after it held; else it looks again 50 ms later, up to 1.5
// strides after a + S, and then leaves it to fillStances. When the
// stride's stance holds no contact (not still enough, or no impact and
// swing before it) it looks a stride further on (fillNext), up to
// tailStrides from a, for a stance as still as a's own (plus 0.02 g, as
// fillStances' halfway search asks); a contact found there has those
// between looked for first (fillStances). At the end it takes it with what
// the data holds, and the next one after it in turn.
func (e *Engine) fillTail(dst []Contact, final bool) []Contact {
	e.fillDue = math.MaxInt64
	for e.haveFootIC && e.fillStride > 0 {
		a := e.lastFootIC
		S := e.fillStride * e.rate
		ai := int64(math.Floor(a))
		l := max(2, int(math.Round(stanceWin*e.rate)))
		m := 1 + e.fillK
		t := a + float64(m)*S
		if ai < e.oldest() || int64(t+stanceSearch*S)+int64(l) > e.n {
			return dst
		}
		x := e.av.copyTo(e.x4, ai, e.n)
		ref, minSpike := stanceRef(x, a-float64(ai), S, l, e.stanceNoise.sigma)
		i, s := stillest(x, int(t-stanceSearch*S)-int(ai), int(t+stanceSearch*S)-int(ai), l)
		// past the stride held, a stance as still as a's own (with a
		// first contact found halfway the stride held is twice S: its
		// second look is the held stride's first)
		further := m > 1 && !(e.halfHits > 0 && m == 2)
		if i < 0 || !(s <= 2*ref+0.05) || further && !(s <= ref+0.02) {
			e.fillNext(a, S, final)
			return dst
		}
		if !final {
			// the picker may hold this contact's candidate: its impact
			// (from stanceSearch of a stride before t) or a walk's toe-off
			// burst (up to a quarter stride after the stance's still
			// part ends), not a later one's terminal swing
			end := i + l
			for end < len(x) && math.Abs(x[end]-1) <= max(0.1, 3*s) {
				end++
			}
			lo, hi := t-stanceSearch*S, float64(ai)+float64(end)+0.25*S
			if e.holds(e.cand, lo, hi) || e.holds(e.deferred, lo, hi) {
				e.fillAgain(t + 1.5*S)
				return dst
			}
		}
		ic, p, ok := e.stanceContact(x, ai, i, l, s, S, minSpike)
		if !ok {
			e.fillNext(a, S, final)
			return dst
		}
		from := max(e.oldest(), int64(ic)-int64(0.2*e.rate))
		fc, hump, held := e.accToeOffHump(from, e.n, ic-float64(from), e.fillStride)
		if !final && (math.IsNaN(fc) || hump >= int(e.n-from)-1-int(0.05*e.rate)) {
			e.fillAgain(t + 1.5*S) // its swing not yet held whole
			return dst
		}
		if !held {
			// no swing after it in the samples held, which end before a
			// slow walker's swing would: a walk's first contact after a
			// run, whose "toe-off" was the stance's wobble (GCT 0.5–0.6 s
			// short). Waiting for its swing would emit it more than a
			// stride after its IC; its toe-off is left unknown
			fc = math.NaN()
		} else if fc+float64(from)-ic < 0.1*e.rate {
			// |a| rises into a swing's hump within 0.1 s of this
			// "IC": no stance, the shank passing the vertical mid-swing
			// (|a| near 1 g for a few tens of ms), where a walk's first
			// swing after a run lies a run's stride on; taken, the
			// walk's true contact 0.24 s later was lost
			// (TestShankAccOnlyWalkAfterRunNoSwingStance)
			e.fillNext(a, S, final)
			return dst
		}
		if e.halfHits > 0 && m == 1 {
			// half the stride on from the last contact, which was
			// found halfway after the one before it: found again
			e.halveStride(e.fillStride)
		}
		pc := e.footPending(ic, fc+float64(from), ai+int64(p))
		if m > 1 {
			st := e.fillStride
			if e.halfHits > 0 {
				st *= 2 // (the stride held: see fillStances)
			}
			dst = e.fillStances(dst, ic, st)
		}
		dst = e.accEmit(dst, pc)
		if !final {
			return dst
		}
	}
	return dst
}

// tailStrides is how many strides on from the last contact fillTail looks
// for the next one, a stride further each time the one before holds none.
const tailStrides = 3

// fillNext has fillTail look for the contact a stride further on than
// where it found none (fillK), up to tailStrides strides from the last
// contact emitted, at a (sample index; S the stride in samples), once its
// stance and swing are held: the stride the contacts are looked for at is
// the picker's last estimate, which a change of pace leaves short — after
// a run, the walk's first contacts lie past a run's stride and fillTail
// found none of them, its contact that the picker passed over coming out
// with the next it confirmed, 1.7–1.8 strides after its IC. Not at the
// end of the data (final), where fillTail has looked at them all.
func (e *Engine) fillNext(a, S float64, final bool) {
	if final || e.fillK+1 >= tailStrides {
		return
	}
	e.fillK++
	e.fillDue = int64(math.Ceil(a + float64(1+e.fillK)*S + e.rate*max(0.8*S/e.rate, 0.45)))
}
