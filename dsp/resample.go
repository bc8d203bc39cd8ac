package dsp

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/gaitd/gaitd/sensor"
)

// Errors returned by NewResampler, wrapped with the offending value.
var (
	// ErrRate reports a sample rate that is not positive and finite.
	ErrRate = errors.New("sample rate must be positive and finite")
	// ErrMaxGap reports a maximum gap that is not positive (+Inf is allowed
	// and disables gap detection).
	ErrMaxGap = errors.New("maximum gap must be positive")
)

// Resampler turns an irregularly timed stream into samples on a uniform
// grid t0 + k/rate (k = 0, 1, 2, …) by linear interpolation of Acc and Gyr
// between the two input samples that bracket each grid time:
//
//	out(t) = (1−w)·a + w·b,  w = (t − a.T)/(b.T − a.T),  a.T < t ≤ b.T
//
// t0 is the timestamp of the first sample, which is emitted unchanged. A
// jump between consecutive input timestamps larger than maxGap seconds is a
// gap: no samples are invented across it; Push reports it and the grid
// restarts at the sample after the gap (t0 = its timestamp, emitted
// unchanged). Timestamps that do not increase are rejected, not
// interpolated. A sample within its timestamp's rounding of a grid time
// (1e-9 of the interval plus 8 units in the last place of t: up to ≈ 3 µs
// with epoch seconds) is taken as it is, not interpolated, on either side
// of it (one just before its grid time is emitted by the next Push, when
// that time is due). Going down in rate there is no anti-aliasing:
// low-pass the input first (a 90 Hz sine at 1 kHz resampled to 100 Hz
// comes out as a 10 Hz one).
//
// The output depends only on the sequence of samples pushed, never on how a
// caller batches them. The zero Resampler is not usable; call NewResampler.
type Resampler struct {
	rate    float64 // output rate, Hz
	maxGap  float64 // s
	gapBits uint64  // math.Float64bits(maxGap): Snap's range test

	started bool
	prev    sensor.Sample // last accepted input sample (at its grid time when Snap took it); T = +Inf before the first
	raw     float64       // the last accepted input sample's own timestamp, s
	t0      float64       // start of the current grid, s
	k       int64         // index of the next grid point to emit
	tk      float64       // t0 + k/rate, the next grid time
}

// NewResampler returns a Resampler producing rate samples per second (Hz)
// that treats an interval between input samples longer than maxGap seconds
// as a gap. maxGap = +Inf disables gap detection. It returns ErrRate or
// ErrMaxGap for invalid values.
func NewResampler(rate, maxGap float64) (*Resampler, error) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, fmt.Errorf("dsp: resampler rate %g Hz: %w", rate, ErrRate)
	}
	if !(maxGap > 0) {
		return nil, fmt.Errorf("dsp: resampler maximum gap %g s: %w", maxGap, ErrMaxGap)
	}
	r := &Resampler{rate: rate, maxGap: maxGap, gapBits: math.Float64bits(maxGap)}
	r.Reset()
	return r, nil
}

// Push adds one input sample and appends to dst the uniform samples that
// became available: every grid time t with prev.T < t ≤ s.T, where prev is
// the previous accepted sample (zero or more samples; about rate/input-rate
// on average). It returns the extended dst and whether a gap was detected
// between the previous sample and s; in that case the only sample appended
// is s itself, starting the new grid.
//
// A sample whose timestamp is not finite, equal to the previous one or
// earlier is rejected: Push returns dst unchanged, false and
// sensor.ErrNonFinite, sensor.ErrDuplicateTS or sensor.ErrBackwards, and the
// state is unchanged (the next sample is compared with the last accepted
// one).
//
// Push does not allocate when dst has enough spare capacity; dst may be
// reused between calls (for example dst[:0]).
func (r *Resampler) Push(dst []sensor.Sample, s sensor.Sample) (out []sensor.Sample, gap bool, err error) {
	if math.IsNaN(s.T) || math.IsInf(s.T, 0) {
		return dst, false, sensor.ErrNonFinite
	}
	if !r.started {
		r.restart(s)
		return append(dst, s), false, nil
	}
	a := &r.prev // read before r.prev is replaced at the end
	switch {
	case s.T == a.T || s.T == r.raw:
		// (a sample Snap took a little late sits at its grid time in
		// prev: the same sample again is a duplicate all the same)
		return dst, false, sensor.ErrDuplicateTS
	case s.T < a.T || s.T < r.raw:
		return dst, false, sensor.ErrBackwards
	}
	dt := s.T - a.T
	if dt > r.maxGap {
		r.restart(s)
		return append(dst, s), true, nil
	}
	inv := 1 / dt
	// r.tk is always t0 + k/rate: each grid time is computed once
	for t := r.tk; t <= s.T; t = r.tk {
		dst = append(dst, sensor.Sample{})
		o := &dst[len(dst)-1]
		tol := 1e-9*dt + 8*2.220446049250313e-16*math.Abs(t)
		if s.T-t <= tol {
			// on the grid (regular input): no interpolation needed;
			// within the timestamp's own rounding too (epoch seconds:
			// one unit in the last place is 2.4e-7 s, and 1e-9·dt alone
			// interpolated 4 in 10 samples of a regular 1 kHz stream)
			setSample(o, t, &s)
		} else if t-a.T <= tol {
			// the previous sample, stamped within its rounding before t
			// (not yet due when it came): on the grid as well (epoch
			// seconds in whole ms at 200 Hz: 8 stamps in 100 are a unit
			// in the last place below their grid time)
			setSample(o, t, a)
		} else {
			w := (t - a.T) * inv
			v := 1 - w
			o.T = t
			for i := range 3 {
				o.Acc[i] = v*a.Acc[i] + w*s.Acc[i]
				o.Gyr[i] = v*a.Gyr[i] + w*s.Gyr[i]
			}
		}
		r.k++
		r.tk = r.t0 + float64(r.k)/r.rate
	}
	setSample(&r.prev, s.T, &s)
	r.raw = s.T
	return dst, false, nil
}

// setSample sets *p to s at time t, field by field: a block copy reads s
// in 16-byte loads, which cannot be forwarded from the 8-byte stores that
// wrote it moments before (a caller spilling its argument) and stall until
// they retire — a fifth of the regular-input path's time.
func setSample(p *sensor.Sample, t float64, s *sensor.Sample) {
	p.T = t
	p.Acc[0], p.Acc[1], p.Acc[2] = s.Acc[0], s.Acc[1], s.Acc[2]
	p.Gyr[0], p.Gyr[1], p.Gyr[2] = s.Gyr[0], s.Gyr[1], s.Gyr[2]
}

// Last returns the time of the last accepted input sample, s, and false
// before any sample (or after Reset). For a sample Snap or OnGrid took
// that is the grid time it was taken at, not its own timestamp (they
// differ by at most 1e-6 of the interval plus a few units in the last
// place; Push's duplicate and backwards checks use both).
func (r *Resampler) Last() (float64, bool) {
	if !r.started {
		return 0, false
	}
	return r.prev.T, true
}

// OnGrid is the fast path for regular input: when s lies on the next grid
// time (within 1e-6 of the sampling interval plus a few units in the last
// place of the timestamp, so epoch seconds qualify) and is the only sample
// due, it snaps s.T to the grid, takes s as the next uniform sample and
// returns true, with the effect of Push appending one sample, except that
// the sample's values are taken as they are (Push would interpolate the
// few parts in 10⁶ of a sample period it is off the grid, or, for a sample
// slightly early, emit it with the next one). Otherwise it changes nothing
// and returns false: call Push.
func (r *Resampler) OnGrid(s *sensor.Sample) bool {
	t, ok := r.Snap(s)
	if ok {
		s.T = t
	}
	return ok
}

// Snap is OnGrid without changing s: when s is the next uniform sample it
// returns the grid time s stands for, and true.
func (r *Resampler) Snap(s *sensor.Sample) (float64, bool) {
	ts := s.T
	dt := ts - r.prev.T
	// 0 < dt ≤ maxGap as one unsigned comparison: the bits of positive
	// floats (up to +Inf) are in their order, and less one they put ±0, a
	// negative dt and NaN (sign bit or an all-ones exponent with a
	// fraction) at or above those of maxGap > 0, +Inf at most
	if math.Float64bits(dt)-1 >= r.gapBits || math.IsInf(ts, 1) {
		// (not after the last sample, a gap, or not finite: +Inf passes
		// the gap test when maxGap is +Inf, and its tolerance is +Inf;
		// NaN and −Inf fail dt > 0; before the first sample prev.T is
		// +Inf, so dt is −Inf or NaN: no test of started)
		return 0, false
	}
	t := r.tk
	// exactly on the grid (a regular stream whose times are t0 + k/rate
	// as the grid's are computed) needs no tolerance: tol ≥ 0, never NaN
	// (dt > 0, t finite), so |ts − t| = 0 never exceeds it
	if ts != t {
		tol := 1e-6*dt + 8*2.220446049250313e-16*math.Abs(t)
		// (ts − t and t − ts are each other's negation exactly, rounding
		// being symmetric: one test of the magnitude for the two sides)
		if math.Abs(ts-t) > tol {
			return 0, false
		}
	}
	setSample(&r.prev, t, s)
	r.raw = ts
	r.k++
	r.tk = r.t0 + float64(r.k)/r.rate
	return t, true
}

func (r *Resampler) restart(s sensor.Sample) {
	r.started = true
	r.prev = s
	r.raw = s.T
	r.t0 = s.T
	r.k = 1
	r.tk = r.t0 + 1/r.rate
}

// Reset forgets all input: the next sample pushed starts a new grid as the
// first one did (it is not reported as a gap).
func (r *Resampler) Reset() {
	r.started = false
	r.prev = sensor.Sample{T: math.Inf(1)}
	r.raw = 0
	r.t0 = 0
	r.k = 0
	r.tk = 0
}

// EstimateRate returns the sampling rate in Hz implied by timestamps ts (in
// seconds): 1/median(Δt) over the positive differences between consecutive
// timestamps, which ignores isolated gaps, duplicates and backward jumps. It
// returns 0 when there is no positive difference. It allocates a scratch
// slice of len(ts)−1 values and does not modify ts. Timestamps quantized
// coarser than the period read the quantized rate (800 Hz in whole ms:
// 1000 Hz); the CSV reader's own estimate allows for that.
func EstimateRate(ts []float64) float64 {
	if len(ts) < 2 {
		return 0
	}
	d := make([]float64, 0, len(ts)-1)
	for i := 1; i < len(ts); i++ {
		if dt := ts[i] - ts[i-1]; dt > 0 && !math.IsInf(dt, 0) {
			d = append(d, dt)
		}
	}
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	m := d[len(d)/2]
	if len(d)%2 == 0 {
		m = (d[len(d)/2-1] + m) / 2
	}
	return 1 / m
}
