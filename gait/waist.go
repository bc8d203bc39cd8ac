package gait

// Waist (belt, sacrum, lower back): contact refinement for running and
// walking, heading, side evidence, vertical oscillation and braking.

import (
	"math"
	"math/bits"
	"slices"

	"github.com/gaitd/gaitd/sensor"
)

// confirmWaist finds IC and FC around the stance hump of a waist signal.
func (e *Engine) confirmWaist(dst []Contact, c int64) []Contact {
	step := e.stepMed.median(0.5)
	center := c - e.segLag
	// the window holds the flight (or single support) before this stance
	from := center - int64(math.Round(e.rate*clamp(0.6*step, 0.25, 0.8)))
	if o := e.oldest(); from < o {
		from = o
	}
	to := e.n
	// a walking contact's loading peak up to 2 samples into the data is
	// judged (its IC from the next contact's lag, addPending); a run's
	// stance hump there is not. A peak picked within the segmentation
	// filter's delay of the start has its centre before the first sample:
	// it is judged as at the first sample (refused, a walk starting 0–8 ms
	// before an IC lost that contact in a third of the cuts at 100–143 Hz)
	nearStart := center <= from+2
	if nearStart && from == 0 {
		center = max(center, 0)
	}
	if nearStart && from != 0 || center >= to-2 {
		e.stats.Dropped++
		return dst
	}
	if k := len(e.pend); k > 0 {
		// never search before the previous contact's IC
		if p := int64(math.Ceil(e.pend[k-1].icIdx)) + 1; p > from {
			from = p
		}
		if center <= from+2 {
			e.stats.Dropped++
			return dst
		}
	}
	x := e.filtered(&e.av, e.lpFine, from, to, e.x1)
	ci := int(center - from)
	half := int(math.Round(e.rate * clamp(0.3*step, 0.08, 0.3)))
	m := argmax(x, ci-half, ci+half)
	// lowest point after the hump (flight or single support), within 0.9
	// of a step: m can be the impact at the stance's start, and a long
	// contact (70–80 % of the step) puts the flight most of a step later
	after := int(math.Round(e.rate * clamp(0.9*step, 0.15, 0.8)))
	la, lb := argmin(x, m, m+after), argmin(x, 0, m)
	lowAfter, lowBefore := x[la], x[lb]
	if e.lastFound > 0 && (float64(center)-e.lastFound)*e.dt > e.cfg.MaxStep {
		// the first contact after a pause: the steps before it do not
		// vote on its activity (after a walk, a run's first two contacts
		// were read as walking: no GCT, no braking). Reset here, not when
		// the pause is noticed: a contact cut by the data's end right
		// after an explicit stop keeps the run's vote (and, running, is
		// dropped without its toe-off)
		e.actBits, e.actN = 0, 0
		e.zN, e.zNext = 0, 0 // (nor on its zero-g offset)
	}
	if nearStart && e.cfg.Activity != Walking && (e.cfg.Activity == Running || lowAfter*e.loneG0 < e.cfg.FlightLevel) {
		e.stats.Dropped++ // (a run's, before it votes)
		return dst
	}
	running := e.classify(lowAfter * e.loneG0) // (the flight level is in g of a vertical axis)
	byWalk := false                            // a running-voted contact refined as a walk's
	mean, whole := e.strideMean(center)
	var ic, fc float64
	peak, edge := math.NaN(), false
	prom := math.NaN() // a walking contact's loading prominence, g
	if running {
		L := e.minMed.median(min(lowAfter, lowBefore))
		if whole {
			e.zMeans[e.zNext] = mean
			e.zNext, e.zN = (e.zNext+1)%len(e.zMeans), min(e.zN+1, len(e.zMeans))
		}
		L = max(L, e.zeroG())
		P := x[m]
		th := L + e.cfg.ContactFraction*(P-L)
		e.minMed.add(min(lowAfter, lowBefore))
		bridge := e.bridgeN // ⌈0.012·rate⌉
		ic = crossBack(x, m, th, bridge)
		fc = crossFwd(x, m, th, bridge)
		fcLev := L
		// a short flight (a slow jog, a slope) whose smoothed dip stays
		// above the runner's usual flight level: the same fraction of
		// this step's own rise from its own lowest point, when that is a
		// dip (not the first or last sample searched: a contact cut by
		// the data's end read GCT 30 ms short) — a 40 ms flight at 170
		// steps/min lost one contact in ten
		if math.IsNaN(ic) && lb > 0 && lowBefore*e.loneG0 < e.cfg.FlightLevel {
			ic = crossBack(x, m, lowBefore+e.cfg.ContactFraction*(P-lowBefore), 0)
		}
		if math.IsNaN(ic) && from == 0 && lb == 0 && m > 0 && x[1] > x[0] && x[0]-L <= 0.25*(P-L) {
			// the data (the recording, or its stretch after a gap) starts
			// on this contact's rise, in its first quarter: the contact
			// began at or just before the first sample, which is its IC
			// (dropped before: the davis run at 25–60 Hz cut at a
			// force-plate IC, or 2–5 ms before it, lost that contact —
			// its smoothed rise crosses th ~7 ms before the plate's IC)
			ic = 0
		}
		if math.IsNaN(fc) && la < min(m+after, len(x)-1) && lowAfter*e.loneG0 < e.cfg.FlightLevel {
			fc = crossFwd(x, m, lowAfter+e.cfg.ContactFraction*(P-lowAfter), 0)
			fcLev = lowAfter
		}
		if !math.IsNaN(fc) {
			fc = fallEnd(x, fc, fcLev)
		}
		if (math.IsNaN(ic) || math.IsNaN(fc)) && e.cfg.Activity != Running && lowAfter*e.loneG0 >= e.cfg.FlightLevel &&
			lowAfter*e.loneG0 < 1 {
			// running by the last steps' vote, but no flight after this
			// stance (yet) and no running contact in it: the stance's IC
			// is read as a walk's, its toe-off unknown, its label still
			// the vote's. A run followed at once by a walk lost the
			// walk's first 2–3 contacts, which the vote, lagging by as
			// many steps, still called running; a run's last contact,
			// cut by the data's end, was dropped
			byWalk = true
		}
	}
	if !running || byWalk {
		w := e.filtered(&e.av, e.lpWalk, from, to, e.x3)
		mw := argmax(w, ci-half, ci+half)
		lo := mw - int(0.15*e.rate)
		ic = steepestRise(x, riseFoot(w, lo, mw), mw)
		if lo < 1 && from == 0 && !(ic*e.dt >= 0.04 && ic >= 2) && !riseInData(x, mw) {
			// the data (the recording, or its stretch after a gap)
			// starts during this contact's rise: its IC may be before
			// the first sample. Only then — a loading peak within
			// 0.15 s of the start is not enough: a walk's 8 Hz peak
			// lies 30–60 ms after IC, and every contact 0.02–0.13 s
			// into the data was dropped (on mobgap, after one gap in
			// six). A steepest rise 40 ms (and two samples) or more
			// into the data had gentler slopes before it; nearer the
			// start, where the filter's edge and noise can make one,
			// the rise's foot must be in the data (riseInData).
			// Otherwise its IC is read from the next contact (edge,
			// addPending): dropped here, a walk cut 10–40 ms before a
			// contact lost it (at 25–40 Hz, nearly always)
			edge = true
			if math.IsNaN(ic) || ic < 0 {
				ic = 0 // (provisional: addPending sets it)
			}
		}
		peak = float64(mw)
		fc = math.NaN()
		// this walker's loading prominence: the 8 Hz peak over its lowest
		// point in the 0.25 s before it (learnt once the contact is kept)
		prom = w[mw] - w[argmin(w, mw-int(math.Round(0.25*e.rate)), mw)]
		if !math.IsNaN(ic) {
			dst = e.fillMissed(dst, ic+float64(from))
		}
		// toe-off of the other foot: first local maximum after the first
		// local minimum after the loading peak.
		if of := otherFC(w, mw, mw+int(e.rate*clamp(0.7*step, 0.25, 0.6))); !math.IsNaN(of) && len(e.pend) > 0 {
			p := &e.pend[len(e.pend)-1]
			// (not from a duplicate of p, which addPending refuses; nor
			// for a contact labelled running: a running contact has its
			// own toe-off, and one refined as a walk's (byWalk) keeps it
			// unknown — a walk's toe-off gave it a walk's GCT, 0.64–0.87
			// s, under the Running label, and after a run cut to a stop
			// one from a peak 1.2 s into the standing, GCT 1.445 s)
			if d := (ic + float64(from) - p.icIdx) * e.dt; of+float64(from) > p.icIdx && math.IsNaN(p.fcIdx) && p.c.Activity != Running && d <= e.cfg.MaxStep && d >= 0.8*e.cfg.MinStep {
				p.fcIdx = of + float64(from)
			}
		}
	}
	if math.IsNaN(ic) || (running && !byWalk && math.IsNaN(fc)) {
		e.stats.Dropped++
		return dst
	}
	pc := pending{icIdx: ic + float64(from), fcIdx: math.NaN(), center: center, peak: peak + float64(from), edge: edge}
	if running {
		pc.fcIdx = fc + float64(from)
		pc.c.Activity = Running
	} else {
		pc.c.Activity = Walking
	}
	if dst = e.addPending(dst, pc); !math.IsNaN(prom) && !edge && e.lastFound == pc.icIdx {
		e.walkProm.add(prom)
	}
	return dst
}

// riseInData reports whether the rise of x up to its loading peak at mw
// starts inside x: the slope at the first sample, x₁ − x₀, is at most half
// the steepest one before mw, so the rise's foot, and its steepest point
// after it, are in the data. Data starting part way up the rise reads
// about its full slope at once (a 50 Hz walk cut 9 ms after IC: 0.9 of
// the steepest, which the filter's edge then moved 39 ms later).
func riseInData(x []float64, mw int) bool {
	if mw < 2 || mw >= len(x) {
		return false
	}
	steep := 0.0
	for i := 1; i <= mw; i++ {
		steep = max(steep, x[i]-x[i-1])
	}
	return steep > 0 && x[1]-x[0] <= 0.5*steep
}

// actWindow is how many recent steps vote on running or walking.
const actWindow = 6

// classify decides whether a step has flight, from the lowest smoothed
// vertical acceleration after its stance, in g.
func (e *Engine) classify(low float64) bool {
	// the majority of the last six steps (this one included), a tie going
	// to this step: a change of gait shows after three or four steps, and
	// one odd step does not switch it. The vote is kept when the activity
	// is forced: the picker's limits follow the signal (tune), and it must
	// still forget a run the data holds (ranLast)
	flight := low < e.cfg.FlightLevel
	e.vote(flight)
	switch e.cfg.Activity {
	case Running:
		return true
	case Walking:
		return false
	}
	run := bits.OnesCount8(e.actBits)
	walk := e.actN - run
	return run > walk || run == walk && flight
}

// learnHeading updates the forward direction of a sensor-frame waist
// sensor from a contact at fractional index ic. At each initial contact
// the trunk brakes: the horizontal acceleration drops along forward, while
// its mediolateral part switches sign in alternate directions from step to
// step. So the change of the levelled horizontal acceleration across IC
// (dropAtIC's windows), averaged over contacts, points
// backward; mediolateral sway cancels between left and right steps. Turns
// do not matter: the levelled frame turns with the sensor.
func (e *Engine) learnHeading(ic float64) {
	// (dropAtIC's windows found once for both channels)
	i0, q, ok := e.dropWindows(ic)
	if !ok {
		return
	}
	dx := e.heldMean(&e.ap, i0-q, i0) - e.heldMean(&e.ap, i0, i0+q)
	dy := e.heldMean(&e.ml, i0-q, i0) - e.heldMean(&e.ml, i0, i0+q)
	e.nBrake++
	a := max(1/float64(e.nBrake), 0.05) // running mean, then the last ~20 contacts
	e.brakeSum[0] += a * (dx - e.brakeSum[0])
	e.brakeSum[1] += a * (dy - e.brakeSum[1])
	n := math.Hypot(e.brakeSum[0], e.brakeSum[1])
	if e.nBrake < 2 || n < 0.005 {
		return
	}
	e.fwd = [2]float64{e.brakeSum[0] / n, e.brakeSum[1] / n}
	// right = forward × up in a right-handed levelled frame with z up
	e.right = [2]float64{e.fwd[1], -e.fwd[0]}
	e.fwdKnown = true
}

// dropWindow and dropStep bound the windows of dropAtIC: dropWindow s, and
// at most dropStep of the median step. The running trunk brakes in a short
// dip, its forward acceleration positive again within about 60 ms of IC
// (the davis run); fixed 80 ms windows reached into the propulsion at fast
// cadences, and the davis run compressed to 220 steps/min read a rise (a
// reversed acc_ap warned of, a sensor frame's forward axis turned). A
// fifth of the step reads the same drop at every cadence (0.225–0.227 g
// at 195–251 steps/min, TestAPDropFastCadence); walking steps, over 0.4 s,
// keep 80 ms.
const (
	dropWindow = 0.08
	dropStep   = 0.2
)

// dropAtIC is the drop of channel r across the initial contact at
// fractional index ic: its mean over the window before less its mean over
// the window after, each dropWindow or dropStep of the median step,
// whichever is shorter; ok is false when either window is not held.
func (e *Engine) dropAtIC(r *ring, ic float64) (d float64, ok bool) {
	i0, q, ok := e.dropWindows(ic)
	if !ok {
		return 0, false
	}
	return e.heldMean(r, i0-q, i0) - e.heldMean(r, i0, i0+q), true
}

// dropWindows are dropAtIC's windows for the initial contact at
// fractional index ic, [i0 − q, i0) and [i0, i0 + q) (q ≥ 1 samples), and
// whether both are held.
func (e *Engine) dropWindows(ic float64) (i0, q int64, ok bool) {
	i0 = int64(math.Round(ic))
	w := dropWindow
	if st := e.stepMed.median(0); st > 0 {
		w = min(w, dropStep*st)
	}
	q = int64(math.Ceil(w * e.rate))
	return i0, q, i0-q >= e.oldest() && i0+q <= e.n
}

// heldMean is mean(r, a, b) for a window known to be held and not empty
// (oldest ≤ a < b ≤ n): the same sum, without mean's clamping.
func (e *Engine) heldMean(r *ring, a, b int64) float64 {
	return sum(r.view(e.winMean, a, b)) / float64(b-a)
}

// checkAP adds the drop of anatomical input's levelled AP acceleration
// across the initial contact at fractional index ic to Stats.APBrakeSum:
// the trunk brakes at contact, so a forward AP axis reads a drop (the
// sensor frame finds its forward axis from the same drop, learnHeading).
func (e *Engine) checkAP(ic float64) {
	if d, ok := e.dropAtIC(&e.ap, ic); ok {
		e.stats.APBrakeSum += d
		e.stats.APBrakeN++
	}
}

// sideFeatures returns the raw left/right evidence of a contact at
// fractional index ic (see side.go), positive for left: from the yaw rate
// and from the mediolateral acceleration, each NaN when the layout lacks
// the channel or, with heldOnly, when its window has not fully arrived.
// heldOnly is the next contact's call: the window means it reads around
// that contact's IC are kept (e.sideNext) and read back when the contact
// is emitted, while their windows are still held (TestSideNextMeans).
func (e *Engine) sideFeatures(ic, step float64, heldOnly bool) (yaw, ml float64) {
	if math.IsNaN(step) {
		step = e.stepMed.median(0.5)
	}
	i0 := int64(math.Round(ic))
	held := func(h int64) bool { return !heldOnly || i0-h >= e.oldest() && i0+h <= e.n }
	// the next contact's means, when they are this one's
	memo := &e.sideNext
	reuse := !heldOnly && memo.set && memo.i0 == i0 && !e.noMemo
	if heldOnly {
		*memo = sideMeans{i0: i0, set: true}
	}
	yaw, ml = math.NaN(), math.NaN()
	if e.sideYaw {
		w := e.nearN // ⌈0.05·rate⌉
		h := int64(math.Round(step * e.rate))
		if held(h + 1) {
			var near float64
			if reuse && memo.yawOK && i0-w >= e.oldest() {
				near = memo.yaw
			} else {
				near = e.mean(&e.yaw, i0-w, i0+w+1)
			}
			if heldOnly {
				// kept only whole: held is the step's window, which a
				// step under 0.05 s leaves shorter than this one
				memo.yaw, memo.yawOK = near, i0+w+1 <= e.n
			}
			yaw = yawSignLeft * (near - e.mean(&e.yaw, i0-h, i0+h+1))
		}
	}
	if e.sideAccSensor && e.fwdKnown || e.sideAccAnatomical {
		// the mediolateral acceleration switches sign within ~50 ms of IC
		// (mobgap: side agreement 97 % with 0.08–0.1 s, 87 % with 0.2 s)
		q := e.sideAccN // round(0.1·rate)
		if held(q) {
			var a1, a2 float64
			if reuse && memo.accOK && i0-q >= e.oldest() {
				a1, a2 = memo.a1, memo.a2
			} else {
				a1 = e.mean(&e.ap, i0, i0+q) - e.mean(&e.ap, i0-q, i0)
				a2 = e.mean(&e.ml, i0, i0+q) - e.mean(&e.ml, i0-q, i0)
			}
			if heldOnly {
				memo.a1, memo.a2, memo.accOK = a1, a2, true
			}
			ml = mlSignLeft * (e.right[0]*a1 + e.right[1]*a2)
		}
	}
	return yaw, ml
}

// sideMeans are the window means of sideFeatures at IC sample i0: the yaw
// rate's over the 0.05 s either side (yawOK: whole when read), the changes of the levelled
// horizontal pair across IC (accOK).
type sideMeans struct {
	i0           int64
	set          bool
	yawOK, accOK bool
	yaw, a1, a2  float64
}

// vo is the peak-to-peak vertical displacement between two ICs, m: the
// vertical acceleration (gravity removed by taking off its mean over the
// step, which is exact for periodic gait) is integrated twice, removing
// the mean velocity, gait-methods §6 per-step window. Both means are
// trapezoid means, (Σx − (x₀ + xₙ)/2)/n over the n intervals, the weights of
// the trapezoid integration itself, so the velocity and the displacement
// both return to 0 at the step's end: with plain means of the n + 1 samples
// the step's end samples (the impact) left a velocity at the end, whose
// parabola added 2 mm to VO at 200 Hz, 4 mm at 100 Hz and 10 mm at 25 Hz
// (TestVORates; davis: +1.9 mm against the markers, then −0.1 mm; read
// between samples, below, +0.2 mm).
func (e *Engine) vo(a, b float64) float64 {
	// the step is integrated from IC to IC as found, at fractional
	// samples: the acceleration is read between samples by cubic
	// (Catmull–Rom) interpolation, ⌈voRate / rate⌉ points a sample. Rounded to whole
	// samples, a step of 8.5 samples at 25 Hz was read over 8 and 9 in
	// turn, its mean taken over a window that was not one step, and the
	// displacement's range read on 8 samples: VO alternated 78 and 64 mm
	// on the davis run at 25 Hz (72 mm for the markers' 82; TestVORates)
	i0, i1 := int64(math.Floor(a))-1, int64(math.Ceil(b))+1
	if i0 < e.oldest() || i1 >= e.n || b-a < 4 {
		return math.NaN()
	}
	x := e.av.view(e.x1, i0, i1+1) // read only
	sub := e.voSub                 // ⌈voRate / rate⌉, at least 1
	n := int(math.Ceil((b - a) * float64(sub)))
	if cap(e.voBuf) < n+1 {
		e.voBuf = make([]float64, n+1)
	}
	u := e.voBuf[:n+1]
	h := (b - a) / float64(n)
	last := len(x) - 1
	// one pass: y_j, the acceleration at point j, and its trapezoid
	// integrals T_j = Σ_{i≤j} (y_i + y_{i−1})/2 and U_j = Σ_{i≤j}
	// (T_i + T_{i−1})/2 (U stored; kept as 2T and 4U, which saves the
	// halvings), in units of the point spacing. With m = T_n/n the
	// trapezoid mean of y, the velocity less its mean is v_k =
	// dt·(T_k − k·m) and the displacement less its mean velocity's drift
	// d_k = dt²·(U_k − m·k²/2 − k·c), c = (U_n − m·n²/2)/n, so that d_0 =
	// d_n = 0: the same sums as integrating twice, each pass after its
	// mean is known (TestVOClosedForm), in one pass and a scan.
	//
	// The points' positions in x, p0 + h·j, 1 ≤ p ≤ last−1, step
	// through x's intervals in order (h ≤ 1: at most one a point); on
	// interval k the cubic in f = p − k is x_k + f·(m1 + f·(c2 + f·c3)),
	// its coefficients (the Catmull–Rom spline in Hermite form: tangents
	// m1, m2 the central differences at k and k+1) found once an interval.
	p := a - float64(i0)
	k := min(int(p), last-2)
	fk := float64(k)
	m1, m2, d := 0.5*(x[k+1]-x[k-1]), 0.5*(x[k+2]-x[k]), x[k+1]-x[k]
	base, c2, c3 := x[k], 3*d-2*m1-m2, m1+m2-2*d
	// point 0 lies on that first interval (p₀ = a − i0 < k + 1, or k is
	// the last one), and its integrals are 0
	f := p - fk
	p += h
	yp := base + f*(m1+f*(c2+f*c3))
	u[0] = 0
	var t2, u4 float64
	kmax := last - 2
	for j := 1; j < len(u); j++ {
		for p >= fk+1 && k < kmax {
			k++
			fk++
			xk := x[k : k+3 : k+3] // (one bounds check, not three)
			m1, m2, d = m2, 0.5*(xk[2]-xk[0]), xk[1]-xk[0]
			base, c2, c3 = xk[0], 3*d-2*m1-m2, m1+m2-2*d
		}
		f := p - fk
		p += h
		y := base + f*(m1+f*(c2+f*c3))
		s := y + yp       // 2·(T_j − T_{j−1})
		u4 += t2 + t2 + s // 4·U_j
		t2 += s
		u[j] = u4
		yp = y
	}
	fn := float64(n)
	m := t2 / (2 * fn)
	c4 := (u4 - 2*m*fn*fn) / fn // 4c
	m2x := 2 * m                // (2m once, not a product a point)
	var lo, hi float64
	for k, uk := range u {
		fk := float64(k)
		d := uk - fk*(m2x*fk+c4) // 4·d_k / dt²
		if d < lo {
			lo = d
		} else if d > hi {
			hi = d
		}
	}
	dt := h * e.dt
	return 0.25 * (hi - lo) * dt * dt * sensor.G0
}

// voRate is the rate, Hz, at or above which vo reads the acceleration at
// one point a sample; under it ⌈voRate / rate⌉ points a sample (25 Hz: 4,
// the davis run's VO 82.7 mm, where one point a sample read 74.5 and 8
// points 83.2; 240 Hz: 83.2–83.3 mm, with truth's ICs).
const voRate = 100.0

// braking is the forward speed lost during stance, m/s (gait-methods §9):
// the forward acceleration, less its mean over the contact's step (step,
// s; NaN: the recent median), is integrated from IC; the deepest fall of that speed before fc (the
// caller's: FC, or the next IC when that comes first), negated.
// peakDecel is the largest deceleration (that mean less the forward
// acceleration) in the first 40 % of the contact, g.
func (e *Engine) braking(ic, fc, step float64) (speedLoss, peakDecel float64) {
	// (an FC within half a sample of the newest one rounded to e.n, not
	// yet written: the ring's stale sample there was read; a review)
	i0, i1 := int64(math.Round(ic)), min(int64(math.Round(fc)), e.n-1)
	if i0 < e.oldest() || i1-i0 < 3 {
		return math.NaN(), math.NaN()
	}
	// mean over a window centred on the contact, one step long: its own
	// step where known (the median of the recent steps carried the bout
	// before a pause into the next one's first contacts)
	if math.IsNaN(step) {
		step = e.stepMed.median(0.35)
	}
	half := int64(0.5 * step * e.rate)
	lo, hi := max((i0+i1)/2-half, e.oldest()), min((i0+i1)/2+half, e.n)
	// x is the forward acceleration at sample i0 + k, g (fwd · the
	// levelled horizontal pair), over the buffers themselves where they
	// do not wrap. One pass sums it over the mean's window (the two
	// channels' means in one); one over the contact takes its trapezoid
	// integral T_k, the speed less the mean's drift being G0·dt·(T_k −
	// k·m) (the same sums as integrating x less its mean: one add chain
	// a sample, the mean's subtraction off it; TestBrakingClosedForm), and
	// x's least value in the first 40 %
	f0, f1 := e.fwd[0], e.fwd[1]
	m := math.NaN() // (no window: NaN, no speed lost, no deceleration)
	if hi > lo {
		ap := e.ap.view(e.win[0], lo, hi)
		ml := e.ml.view(e.win[1], lo, hi)[:len(ap)]
		var sx float64
		for k, a := range ap {
			sx += f0*a + f1*ml[k]
		}
		m = sx / float64(len(ap))
	}
	ap := e.ap.view(e.win[0], i0, i1+1)
	ml := e.ml.view(e.win[1], i0, i1+1)[:len(ap)]
	ke := int((i1 - i0) * 4 / 10)
	minx := f0*ap[0] + f1*ml[0]
	prev := minx
	var t, fk, minv float64 // minv: the speed's deepest fall, in units of G0·dt
	// (two loops: the first 40 %, which also looks for x's least value,
	// then the rest; ke < len(ap))
	for k := 1; k <= ke; k++ {
		x := f0*ap[k] + f1*ml[k]
		t += 0.5 * (x + prev)
		fk++
		if v := t - fk*m; v < minv {
			minv = v
		}
		if x < minx {
			minx = x
		}
		prev = x
	}
	for k := max(ke+1, 1); k < len(ap); k++ {
		x := f0*ap[k] + f1*ml[k]
		t += 0.5 * (x + prev)
		fk++
		if v := t - fk*m; v < minv {
			minv = v
		}
		prev = x
	}
	peakDecel = math.Inf(-1)
	if !math.IsNaN(m) {
		peakDecel = m - minx
	}
	return -minv * sensor.G0 * e.dt, peakDecel
}

// fillMissed looks for a walking step the peak picker passed over between
// the last pending contact and a new one whose IC is at sample index
// icNew: a turning or shuffling step whose loading peak, narrow and low,
// stays under the height and prominence thresholds that steady steps set
// on the 3 Hz segmentation signal. With m the median of the last five step
// intervals as they were (raw), the interval must be missedStep to 2.5 m
// (and at most MaxStep, with no hole in the data), and the step before it
// at most 1.25 m (a walker slowing down has long steps in a row). The most
// prominent local maximum of the 8 Hz vertical at least 0.5 m after the
// previous IC and 0.35 m before the new one is then a contact if
//
//   - it stands out on both sides — its height over the lowest point
//     within 0.25 s before it and over that within 0.25 s after it, the
//     smaller of the two — by 0.3 of this walker's median loading
//     prominence (walkProm) or more, and
//   - its IC, the steepest rise in the 0.15 s before the peak as any
//     walking contact's, splits the interval into two steps within 4:3 of
//     each other, each at least 0.8 MinStep (shorter, addPending would
//     take one for a duplicate): a long step of a walker slowing or
//     turning has no such middle, and a bump off the middle is no step.
//
// The previous contact's toe-off (the other foot's) is then looked for
// after the new contact's loading peak, and the contact is queued before
// the one at icNew.
func (e *Engine) fillMissed(dst []Contact, icNew float64) []Contact {
	k := len(e.pend)
	if k == 0 || e.walkProm.n < 3 || e.nRaw < len(e.raw) || e.noFill {
		return dst
	}
	p := &e.pend[k-1]
	d := (icNew - p.icIdx) * e.dt
	if p.c.Activity != Walking || d > e.cfg.MaxStep || e.holeIn(p.icIdx, icNew) {
		return dst
	}
	// the step: the median of the last five intervals as they were, not
	// stepMed, which takes long steps in only three at a time — a walker
	// who slowed would keep the faster walk's step for many seconds, and
	// every slow step read as two
	steps := e.raw
	slices.Sort(steps[:])
	m := steps[len(steps)/2]
	if !(d >= missedStep*m && d <= 2.5*m) {
		return dst
	}
	if e.lastIC > 0 && (p.icIdx-e.lastIC)*e.dt > 1.25*m {
		// the step before was long too: the walker is slowing
		return dst
	}
	from, to := max(int64(math.Ceil(p.icIdx)), e.oldest()), int64(icNew)
	if to-from < 16 {
		return dst
	}
	w := e.filtered(&e.av, e.lpWalk, from, to, e.x4)
	lo := max(1, int(math.Ceil(p.icIdx+0.5*m*e.rate)-float64(from)))
	hi := min(len(w)-1, int(icNew-0.35*m*e.rate-float64(from)))
	span := int(math.Round(0.25 * e.rate))
	best, bestP := -1, 0.3*e.walkProm.median(0)
	for i := lo; i < hi; i++ {
		if !(w[i] > w[i-1] && w[i] >= w[i+1]) {
			continue
		}
		l, r := w[argmin(w, i-span, i)], w[argmin(w, i+1, i+span)]
		if pr := w[i] - max(l, r); pr >= bestP {
			best, bestP = i, pr
		}
	}
	if best < 0 {
		return dst
	}
	x := e.filtered(&e.av, e.lpFine, from, to, e.x5)
	ic := steepestRise(x, riseFoot(w, best-int(0.15*e.rate), best), best) // (from the rise's foot, as confirmWaist)
	if math.IsNaN(ic) {
		return dst
	}
	s1, s2 := (ic+float64(from)-p.icIdx)*e.dt, (icNew-ic-float64(from))*e.dt
	if max(s1, s2) > 4.0/3*min(s1, s2) || min(s1, s2) < 0.8*e.cfg.MinStep {
		// (under 0.8 MinStep addPending would take it, or the contact
		// at icNew, for a duplicate)
		return dst
	}
	if of := otherFC(w, best, best+int(e.rate*clamp(0.7*m, 0.25, 0.6))); !math.IsNaN(of) && math.IsNaN(p.fcIdx) {
		p.fcIdx = of + float64(from)
	}
	e.stats.Filled++
	pc := pending{icIdx: ic + float64(from), fcIdx: math.NaN(), center: from + int64(best)}
	pc.c.Activity = Walking
	return e.addPending(dst, pc)
}

// strideMean is the levelled vertical channel's mean over the last stride,
// g, and whether the data hold one: from the stance centre of the contact
// two before this one to this one's, c. The channel's running sum at c is
// kept for each contact (the sum now less the samples since c: no work per
// sample), and the stride's is the difference. Not when its two steps are
// not steps (MinStep–MaxStep, within 4:3 of each other: a contact missed
// or made up between, a pause), when a sample in it saturated (a stance
// peak clipped at 2 g lowers the mean), nor when the mean is more than
// maxZeroG from 1 g.
func (e *Engine) strideMean(c int64) (float64, bool) {
	if !e.levelled || c < e.oldest() || c >= e.n {
		e.zSnapN = 0
		return 0, false
	}
	cur := vSnap{n: c, sum: e.sumV - sum(e.av.view(e.x2, c, e.n))}
	o, ok := e.zSnap, e.zSnapN == 2
	e.zSnap[0], e.zSnap[1] = e.zSnap[1], cur
	e.zSnapN = min(e.zSnapN+1, 2)
	if !ok {
		return 0, false
	}
	d1, d2 := float64(o[1].n-o[0].n)*e.dt, float64(c-o[1].n)*e.dt
	if !(min(d1, d2) >= e.cfg.MinStep && max(d1, d2) <= e.cfg.MaxStep && max(d1, d2) <= 4.0/3*min(d1, d2)) {
		return 0, false
	}
	if e.layout.ClipAcc > 0 {
		for i := o[0].n; i < c; i++ {
			if e.clip.at(i) != 0 {
				return 0, false
			}
		}
	}
	m := (cur.sum - o[0].sum) / float64(c-o[0].n)
	// (a mean further off is no zero-g offset: a gain error — a stride
	// cannot tell one from an offset, and the summary's scale bounds,
	// 0.8–1.25 g, let a gain of 1.2 move GCT by 10 ms —, a range read at
	// the wrong scale, or a sensor that turns with a limb: a shank read as
	// a waist averages 1.8 g, its swing's centripetal pull)
	return m, math.Abs(m-1) <= maxZeroG
}

// maxZeroG is the largest zero-g offset strideMean takes, g: MEMS
// accelerometers' are within ±20–80 mg; a stride mean further from 1 g is
// taken for another error (a review measured GCT moved 5–14 ms by gains of
// 0.9–1.2 with bounds of 0.8–1.25 g).
const maxZeroG = 0.15

// zeroG is the levelled vertical's reading in free fall, g: the median of
// its last three stride means (strideMean; one odd stride — a stumble, a
// step interval not yet learnt — does not move it) less 1 g — over
// whole strides of steady gait the mean vertical specific force is 1 g,
// the ground's mean push being body weight, so the difference is the
// channel's zero-g offset. 0 before a stride is measured.
func (e *Engine) zeroG() float64 {
	z := &e.zMeans
	switch e.zN {
	case 0:
		return 0
	case 1:
		return z[0] - 1
	case 2:
		return (z[0]+z[1])/2 - 1
	}
	return max(min(z[0], z[1]), min(max(z[0], z[1]), z[2])) - 1
}
