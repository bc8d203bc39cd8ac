package gait

// Per-contact measures behind the summary and the form signals.

import (
	"math"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

// measure fills impact, braking and clipping from the held signals.
func (e *Engine) measure(c *Contact, p *pending) {
	c.ImpactG = math.NaN()
	i0 := int64(math.Floor(p.icIdx))
	if i0 < e.oldest() {
		return
	}
	// impact: the first 50 ms after IC (at most half the contact), the
	// transient before the active peak of stance
	end := i0 + e.impactN + 1 // (⌈0.05·rate⌉)
	if !math.IsNaN(p.fcIdx) {
		end = min(end, i0+int64(0.5*(p.fcIdx-p.icIdx))+2)
	}
	if end > e.n {
		end = e.n
	}
	imp := math.Inf(-1)
	for _, a := range e.av.view(e.win[0], i0, end) {
		if a > imp { // the ring holds no NaN
			imp = a
		}
	}
	if !math.IsInf(imp, -1) {
		c.ImpactG = imp
	}
	fcEnd := end
	if !math.IsNaN(p.fcIdx) {
		fcEnd = int64(math.Ceil(p.fcIdx)) + 1
	}
	if fcEnd > e.n {
		fcEnd = e.n
	}
	if e.layout.ClipAcc > 0 {
		// (the clip ring is written only once ClipAcc is known, and a
		// known ClipAcc stays known: without one the ring holds zeros)
		for i := i0; i < fcEnd; i++ {
			if e.clip.at(i) != 0 {
				c.Clipped = true
				break
			}
		}
	}
	if !e.foot && e.fwdKnown && !math.IsNaN(p.fcIdx) {
		// the contact's own step: a walking FC comes after the next IC
		end := p.fcIdx
		if !math.IsNaN(c.Step) {
			end = min(end, p.icIdx+c.Step*e.rate)
		}
		c.Braking, c.PeakDecel = e.braking(p.icIdx, end, c.Step)
	}
}

// form fills the measures behind the form signals: loading rate, strike
// angle (shoe), trunk pitch, pelvic roll and yaw ranges, and on every 32nd
// contact the harmonic ratio and the step/stride regularity (waist).
func (e *Engine) form(c *Contact, p *pending, next *pending) {
	i0 := int64(math.Round(p.icIdx))
	// the rise over a fixed 20 ms (s samples, one at 50 Hz) ending at each
	// sample from IC to the first third of stance
	s := e.riseN // max(1, round(0.02·rate))
	if i0-s < e.oldest() {
		return
	}
	end := i0 + int64(0.06*e.rate)
	if !math.IsNaN(p.fcIdx) {
		end = i0 + int64((p.fcIdx-p.icIdx)/3)
	}
	end = min(end, e.n-1)
	rise := 0.0
	// x[k] is sample i0 − s + k: the rise ending there is x[k] − x[k−s]
	x := e.av.view(e.win[0], i0-s, end+1)
	if n := len(x) - int(s); n > 0 {
		// (the two ends of each rise as two slices of one length)
		to, from := x[s:], x[:n]
		for k, b := range to {
			if d := b - from[k]; d > rise {
				rise = d
			}
		}
	}
	if rise > 0 {
		c.LoadingRate = rise / (float64(s) * e.dt)
	}
	if e.foot {
		if e.cfg.Placement == Shoe && e.gyro && !math.IsNaN(p.fcIdx) {
			c.StrikeAngle, c.PeakDecel = e.shoeStrike(p)
		}
		if e.cfg.Placement == Shank && e.fa[0].buf != nil && e.prevFootIC >= 0 {
			c.StrikeAngle = e.shankAngle(e.prevFootIC, p.icIdx, e.prevFootStride)
		}
		e.prevFootStride = 0
		if e.prevFootIC >= 0 {
			e.prevFootStride = p.icIdx - e.prevFootIC
		}
		e.prevFootIC = p.icIdx
		return
	}
	i1 := i0 + int64(math.Round(e.stepMed.median(0.5)*e.rate))
	if next != nil {
		i1 = int64(math.Round(next.icIdx))
	}
	i1 = min(i1, e.n-1)
	c.Pitch, c.PitchRef = e.pitch(i0, i1)
	held := i1 > i0 && i0 >= e.oldest()
	my := math.NaN() // mean yaw rate over the step, rad/s
	switch {
	case e.gyro && e.fwdKnown && i1-i0 >= 4 && held:
		c.Roll, c.Yaw, my = e.angleRanges(i0, i1)
	case e.gyro && held:
		my = e.mean(&e.yaw, i0, i1)
	}
	if e.gyro && next != nil && held {
		// yaw rate about the vertical, integrated over the step
		c.Turn = my * float64(i1-i0) * e.dt
	}
	// run-level statistics, sampled on every 32nd contact
	e.nEmitted++
	if e.nEmitted%32 == 0 && e.prevEmitIC >= 0 && next != nil {
		c.HarmonicRatio = e.harmonicRatio(int64(math.Round(e.prevEmitIC)), int64(math.Round(next.icIdx)))
	}
	if e.nEmitted%32 == 16 {
		e.regularity()
	}
	c.StepReg, c.StrideReg = e.stepReg, e.strReg
	e.prevEmitIC = p.icIdx
}

// stepPeakRate is Contact.PeakRate for pending contact p: the largest
// angular rate, rad/s, over the step from p to the next contact (waist:
// |ω| of the three levelled rates; to one median step on when the next is
// not known) or over the stride that ends at p (shoe, shank: the sagittal
// rate, |ω| projected on the gyro's principal axis; one median stride
// back when the stride is not known, 1 s before any stride is). NaN when
// the interval is unknown or no longer held, and for a waist sensor read
// on one accelerometer axis.
func (e *Engine) stepPeakRate(p, next *pending, step float64) float64 {
	i1 := int64(math.Round(p.icIdx))
	var i0 int64
	switch {
	case e.foot:
		if math.IsNaN(step) {
			step = e.stepMed.median(0.5) // half a stride here; 1 s before any
		}
		i0 = i1 - int64(math.Round(2*step*e.rate))
	case e.layout.Frame != sensor.FrameAnatomical && e.single >= 0:
		return math.NaN() // one accelerometer axis: the rates are not levelled into the rings
	case next != nil:
		i0, i1 = i1, int64(math.Round(next.icIdx))
	default:
		i0, i1 = i1, i1+int64(math.Round(e.stepMed.median(0.5)*e.rate))
	}
	i1 = min(i1, e.n)
	if i0 < e.oldest() || i1 <= i0 {
		return math.NaN()
	}
	m := 0.0
	if e.foot {
		for i := i0; i < i1; i++ {
			m = max(m, math.Abs(e.ap.at(i)))
		}
		return m
	}
	gx := e.gxl.view(e.win[0], i0, i1)
	gy, gz := e.gyl.view(e.win[1], i0, i1)[:len(gx)], e.yaw.view(e.win[2], i0, i1)[:len(gx)]
	for k, x := range gx {
		y, z := gy[k], gz[k]
		m = max(m, x*x+y*y+z*z)
	}
	return math.Sqrt(m)
}

// pitch is the forward lean of the trunk over samples [i0, i1), rad, and
// whether it is relative to a standing calibration. Sensor frame: the
// forward direction learnt while running, expressed in sensor coordinates
// (R^T·(fx, fy, 0)), against the reference gravity direction g_ref:
// θ = asin(g_ref · f). Anatomical frame: θ = asin(−(ḡ_AP − a_AP,ref)) in
// g, as a forward lean tilts the AP axis down, ḡ_AP the AP axis's gravity
// estimate (the mean acceleration, τ = 4 s, that levels the channels, as
// it levels the sensor frame's forward axis). It is NaN for an empty step.
func (e *Engine) pitch(i0, i1 int64) (float64, bool) {
	if !e.haveRef || i1 <= i0 {
		return math.NaN(), false
	}
	switch {
	case e.layout.Frame == sensor.FrameAnatomical && e.layout.Acc[sensor.AxisAP]:
		ref := 0.0
		if e.calibrated {
			ref = e.apRef
		}
		// the AP axis as mounted: its gravity estimate, the mean that
		// levels it (the step's levelled channels turned back by the
		// current rotation were levelled by their own blocks' rotations:
		// 3° off while the estimate settled, 15° at 1000 Hz)
		a := e.grav.Mean()[sensor.AxisAP] / sensor.G0
		return math.Asin(clamp(-(a - ref), -1, 1)), e.calibrated
	case e.layout.Frame == sensor.FrameSensor && e.single < 0 && e.fwdKnown:
		r := &e.rot
		fx, fy := e.fwd[0], e.fwd[1]
		f := [3]float64{r[0][0]*fx + r[1][0]*fy, r[0][1]*fx + r[1][1]*fy, r[0][2]*fx + r[1][2]*fy}
		return math.Asin(clamp(e.gRef[0]*f[0]+e.gRef[1]*f[1]+e.gRef[2]*f[2], -1, 1)), e.calibrated
	}
	return math.NaN(), false
}

// angleRanges are the ranges (max − min) of the pelvis rotation angles
// over samples [i0, i1), rad, integrating each rate less its mean over the
// interval: about the forward axis (roll) and the vertical (yaw); my is
// the yaw rate's mean over the interval, rad/s. Needs i1 − i0 ≥ 4 and
// [i0, i1) held.
//
// One pass sums the two rates, R_k and Y_k over the samples up to k
// (stored), whose totals give their means; the angles less the means'
// drift are then dt·(R_k − (k+1)·mean) and dt·(Y_k − (k+1)·my), scanned
// for their ranges: the sums of integrating each rate less its mean, once
// the means are known (TestAngleRangesClosedForm), without the means' own
// passes.
func (e *Engine) angleRanges(i0, i1 int64) (roll, yaw, my float64) {
	fx, fy := e.fwd[0], e.fwd[1]
	gx := e.gxl.view(e.win[0], i0, i1)
	gy, gz := e.gyl.view(e.win[1], i0, i1)[:len(gx)], e.yaw.view(e.win[2], i0, i1)[:len(gx)]
	rs, ys := e.x4[:len(gx)], e.x5[:len(gx)]
	var sr, sy float64
	for k, x := range gx {
		sr += fx*x + fy*gy[k]
		sy += gz[k]
		rs[k], ys[k] = sr, sy
	}
	n := float64(len(gx))
	mr := sr / n
	my = sy / n
	var rlo, rhi, ylo, yhi float64
	for k, r := range rs {
		fk := float64(k + 1)
		ar, ay := r-fk*mr, ys[k]-fk*my
		if ar < rlo {
			rlo = ar
		} else if ar > rhi {
			rhi = ar
		}
		if ay < ylo {
			ylo = ay
		} else if ay > yhi {
			yhi = ay
		}
	}
	return (rhi - rlo) * e.dt, (yhi - ylo) * e.dt, my
}

// harmonicRatio of the vertical acceleration over one stride [i0, i1)
// (Roche 2013): Σ|X(2k·f)| / Σ|X((2k−1)·f)| for k = 1…10 (those pairs
// below Nyquist: 2k < n/2), f the stride frequency, by Goertzel's
// algorithm.
func (e *Engine) harmonicRatio(i0, i1 int64) float64 {
	n := int(i1 - i0)
	if n < 16 || i0 < e.oldest() || float64(n)*e.dt > 2.5 {
		return math.NaN()
	}
	x := e.av.copyTo(e.x1, i0, i1)
	dsp.RemoveMean(x)
	// Goertzel's recurrence, s_j = x_j + 2cos(ω)·s_{j−1} − s_{j−2}, then
	// X(ω) = s_{n−1} − e^{−iω}·s_{n−2} up to a phase: |X| =
	// |s_{n−1} − cos(ω)·s_{n−2} + i·sin(ω)·s_{n−2}| (the complex end step;
	// s² + s'² − 2cos(ω)·s·s' cancels badly for a small bin). Harmonics k
	// and k+1 share a pass (two independent recurrences).
	var even, odd float64
	// only bins below Nyquist, in even–odd pairs: above n/2, bin k reads
	// bin n − k, of the other parity (a 35-sample stride, running at 50
	// Hz, read 21.7 for a ratio of 6721)
	tr := e.harmonicTrig(n)
	for k := 1; k <= 20 && k+1 < (n+1)/2; k += 2 {
		s1, c1 := tr.sin[k-1], tr.cos[k-1]
		s2, c2 := tr.sin[k], tr.cos[k]
		w1, w2 := 2*c1, 2*c2
		var p1, q1, p2, q2 float64 // s_{j−1}, s_{j−2} of each
		// two samples a step, the pair's roles swapped in turn (s_j
		// written over s_{j−2}): no moves between them
		j := 1
		for ; j < len(x); j += 2 {
			v0, v1 := x[j-1], x[j]
			q1 = v0 + w1*p1 - q1
			q2 = v0 + w2*p2 - q2
			p1 = v1 + w1*q1 - p1
			p2 = v1 + w2*q2 - p2
		}
		if j == len(x) {
			v := x[j-1]
			p1, q1 = v+w1*p1-q1, p1
			p2, q2 = v+w2*p2-q2, p2
		}
		// k is odd, k+1 even
		odd += math.Hypot(p1-c1*q1, s1*q1)
		even += math.Hypot(p2-c2*q2, s2*q2)
	}
	if odd == 0 {
		return math.NaN()
	}
	return even / odd
}

// harmonicTrig holds sin and cos of 2π·k/n for harmonics k = 1…20 of a
// stride of n samples, those harmonicRatio reads (its pairs below Nyquist).
type harmonicTrig struct {
	n        int // 0: not filled
	sin, cos [20]float64
}

// harmonicTrig returns the sines and cosines of harmonicRatio's bins for a
// stride of n ≥ 16 samples: kept for the last four lengths, which a steady
// gait repeats (a stride's length varies by a sample or two), so that
// math.Sincos runs only for a length not among them.
func (e *Engine) harmonicTrig(n int) *harmonicTrig {
	for i := range e.hrTrig {
		if e.hrTrig[i].n == n {
			return &e.hrTrig[i]
		}
	}
	t := &e.hrTrig[e.hrNext]
	e.hrNext = (e.hrNext + 1) % len(e.hrTrig)
	t.n = n
	for k := 1; k <= 20 && k+1 < (n+1)/2; k += 2 {
		t.sin[k-1], t.cos[k-1] = math.Sincos(2 * math.Pi * float64(k) / float64(n))
		t.sin[k], t.cos[k] = math.Sincos(2 * math.Pi * float64(k+1) / float64(n))
	}
	return t
}

// regularity updates the step and stride regularity: the unbiased
// autocorrelation of vertical acceleration over the last 4 s (decimated
// to about 50 Hz by 20 ms means), at its peaks near one and two median
// steps, each refined by a parabola through its neighbouring lags
// (Moe-Nilssen and Helbostad 2004).
func (e *Engine) regularity() {
	step := e.stepMed.median(0)
	if step == 0 {
		return
	}
	d := max(1, int64(math.Round(e.rate/50)))
	span := min(int64(4*e.rate), e.n-e.oldest()-1)
	if float64(span)*e.dt < 2.4*step+1 {
		return
	}
	m := int(span / d)
	x := e.x1[:m]
	from := e.n - span
	// (read through a view of the samples: no index masking a read)
	raw := e.av.view(e.x2, from, from+int64(m)*d)
	dd, fd := int(d), float64(d)
	// the boxcar means, their sum taken in the same pass (dsp.RemoveMean's
	// sum, in its order), then the mean removed and the variance summed in
	// one more: the sums of the three passes these were, bit for bit
	var tot float64
	if dd == 2 {
		// (100 Hz: the pair's sum as the loop below takes it, 0 + a + b)
		for j := range x {
			p := raw[2*j : 2*j+2 : 2*j+2]
			var sum float64
			sum += p[0]
			sum += p[1]
			xj := sum / fd
			x[j] = xj
			tot += xj
		}
	} else {
		for j := range x {
			// the mean of each d samples (a boxcar of about 20 ms at any
			// rate: sample picking aliased differently at 120 and 240 Hz,
			// whose grids are 60 and 48 Hz)
			var sum float64
			for _, a := range raw[j*dd : j*dd+dd : j*dd+dd] {
				sum += a
			}
			xj := sum / fd
			x[j] = xj
			tot += xj
		}
	}
	mean := tot / float64(m)
	var v float64
	for j, a := range x {
		a -= mean
		x[j] = a
		v += a * a
	}
	v /= float64(m)
	if v == 0 {
		return
	}
	l1 := step * e.rate / float64(d)
	// r is the unbiased autocorrelation at a whole lag, normalised
	r := func(lag int) float64 { return lagCorr(x, lag, v) }
	// peak is the largest value over the lags lo…hi, refined by the
	// parabola through it and its neighbours: the decimated lag grid is
	// 20 ms, and the peak at whole lags rose and fell with how near the
	// step came to a whole number of them (0.962–0.982 over cadences
	// 160–178 at 100 Hz). The neighbours' values read in the scan are
	// kept (before: r(at−1), after: r(at+1)), not computed again. The
	// lags are read two at a time (lagCorr2).
	peak := func(lo, hi float64) float64 {
		best, at := math.Inf(-1), -1
		var prev, before, after float64
		haveBefore, haveAfter := false, false
		first := int(lo)
		visit := func(lag int, v float64) {
			if lag == at+1 {
				after, haveAfter = v, true
			}
			if v > best {
				best, at = v, lag
				before, haveBefore = prev, lag > first
				haveAfter = false
			}
			prev = v
		}
		last := min(int(math.Ceil(hi)), m-2) // (lag < m − 1)
		for lag := first; lag <= last; lag += 2 {
			if lag < last {
				v0, v1 := lagCorr2(x, lag, v)
				visit(lag, v0)
				visit(lag+1, v1)
			} else {
				visit(lag, r(lag))
			}
		}
		if at > 0 && at+1 < m-1 {
			if !haveBefore {
				before = r(at - 1)
			}
			if !haveAfter {
				after = r(at + 1)
			}
			a, c := before, after
			if k := a - 2*best + c; k < 0 {
				best -= (a - c) * (a - c) / (8 * k)
			}
		}
		return best
	}
	e.stepReg, e.strReg = peak(0.8*l1, 1.2*l1), peak(1.6*l1, 2.4*l1)
}

// lagCorr is the unbiased autocorrelation of x at a whole lag, over v
// (the variance): Σ_{j<m−lag} x_j·x_{j+lag} / (m − lag) / v, m = len(x).
// Four partial sums: independent adds instead of one chain (s0 takes
// products 0, 4, 8 … and the tail); the pairs are read four at a time
// through full slice expressions of length 4, one check a group and none
// a product (20 % fewer instructions than taking them off the fronts of
// the two slices).
func lagCorr(x []float64, lag int, v float64) float64 {
	m := len(x)
	a, b := x[:m-lag], x[lag:m]
	n4 := len(a) &^ 3
	var s0, s1, s2, s3 float64
	for j := 0; j < n4; j += 4 {
		p, q := a[j:j+4:j+4], b[j:j+4:j+4]
		s0 += p[0] * q[0]
		s1 += p[1] * q[1]
		s2 += p[2] * q[2]
		s3 += p[3] * q[3]
	}
	for j := n4; j < len(a); j++ {
		s0 += a[j] * b[j]
	}
	return (s0 + s1 + s2 + s3) / float64(m-lag) / v
}

// lagCorr2 is lagCorr at lag and at lag + 1 (lag + 1 < len(x)) from one
// pass: each group of four x_j is read once for both lags' products, and
// x_{j+lag} … x_{j+lag+4} once for both. Each lag's products go to its own
// four partial sums in lagCorr's order (the shorter lag's last group, when
// it has one more, and each lag's tail after), so both values are
// lagCorr's, bit for bit (TestLagCorr2).
func lagCorr2(x []float64, lag int, v float64) (float64, float64) {
	m := len(x)
	a, b := x[:m-lag], x[lag:m]
	n0, n1 := len(a)&^3, (len(a)-1)&^3 // (n1 = n0 or n0 − 4)
	var s0, s1, s2, s3, t0, t1, t2, t3 float64
	for j := 0; j < n1; j += 4 {
		p, q := a[j:j+4:j+4], b[j:j+5:j+5]
		s0 += p[0] * q[0]
		t0 += p[0] * q[1]
		s1 += p[1] * q[1]
		t1 += p[1] * q[2]
		s2 += p[2] * q[2]
		t2 += p[2] * q[3]
		s3 += p[3] * q[3]
		t3 += p[3] * q[4]
	}
	if n0 > n1 {
		p, q := a[n1:n1+4:n1+4], b[n1:n1+4:n1+4]
		s0 += p[0] * q[0]
		s1 += p[1] * q[1]
		s2 += p[2] * q[2]
		s3 += p[3] * q[3]
	}
	for j := n0; j < len(a); j++ {
		s0 += a[j] * b[j]
	}
	for j := n1; j < len(a)-1; j++ {
		t0 += a[j] * b[j+1]
	}
	return (s0 + s1 + s2 + s3) / float64(m-lag) / v, (t0 + t1 + t2 + t3) / float64(m-lag-1) / v
}
