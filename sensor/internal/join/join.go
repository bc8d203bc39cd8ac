// Package join pairs accelerometer samples with a gyroscope's angular rate
// at their time, for phone apps that send the two sensors apart, each on
// its own clock ticks (SensorServer's events, phyphox's buffers).
//
// Each accelerometer sample waits for the first gyroscope reading at or
// after its time and takes the rate interpolated linearly between the two
// readings around it; one that has waited Wait (on the samples' own clock:
// an accelerometer sample Wait newer came) without one takes the last rate
// held, and is counted.
package join

import (
	"sort"

	"github.com/gaitd/gaitd/sensor"
)

// Wait is how long (s on the samples' clock) an accelerometer sample waits
// for a gyroscope reading at or after its time before the last rate is
// held.
const Wait = 0.1

// maxRates bounds the gyroscope readings kept (the accelerometer stopped,
// the gyroscope not): 5 s at 200 Hz.
const maxRates = 1000

// Joiner pairs accelerometer samples (Acc) with gyroscope readings (Rate).
// Its zero value joins nothing: set Gyro to wait for rates.
type Joiner struct {
	// Gyro: samples wait for rates. Without, Ready gives every sample as
	// it came, Gyr zero.
	Gyro    bool
	pending []sensor.Sample // accelerometer samples waiting for a rate
	// rates are the gyroscope readings in time order from the last one at
	// or before the oldest accelerometer sample that may still come (the
	// first pending, or after the last one joined): the two sensors'
	// readings are not sent in one time order, an accelerometer sample
	// may come after several gyroscope readings later than it.
	rates   []rate
	lastAcc float64 // the last accelerometer sample's time
}

type rate struct {
	t float64
	v [3]float64
}

// Acc adds an accelerometer sample at t (s), a in m/s²; the caller gives
// them in time order.
func (j *Joiner) Acc(t float64, a [3]float64) {
	j.pending = append(j.pending, sensor.Sample{T: t, Acc: a})
	j.lastAcc = t
}

// Rate adds a gyroscope reading at t (s), v in rad/s; one not after the
// last reading is dropped (repeated or late).
func (j *Joiner) Rate(t float64, v [3]float64) {
	if n := len(j.rates); n > 0 && t <= j.rates[n-1].t {
		return
	}
	if len(j.rates) == maxRates {
		j.rates = append(j.rates[:0], j.rates[1:]...)
	}
	j.rates = append(j.rates, rate{t, v})
}

// last is the last rate (zero before any).
func (j *Joiner) last() [3]float64 {
	if n := len(j.rates); n > 0 {
		return j.rates[n-1].v
	}
	return [3]float64{}
}

// Ready appends to dst the samples that can be given, in time order: all
// without a gyroscope; with one, those at or before the last rate's time
// (interpolated), and those that waited Wait with the last rate held
// (held of them).
func (j *Joiner) Ready(dst []sensor.Sample) (out []sensor.Sample, held int) {
	if !j.Gyro {
		dst = append(dst, j.pending...)
		j.pending = j.pending[:0]
		return dst, 0
	}
	k := 0
	for _, p := range j.pending {
		switch {
		case len(j.rates) > 0 && p.T <= j.rates[len(j.rates)-1].t:
			p.Gyr = j.at(p.T)
		case j.pending[len(j.pending)-1].T-p.T >= Wait:
			p.Gyr = j.last()
			held++
		default:
			j.pending[k] = p
			k++
			continue
		}
		dst = append(dst, p)
	}
	// (both conditions hold for a prefix of pending, which is in time
	// order: samples leave in order)
	j.pending = j.pending[:k]
	// the rates no accelerometer sample to come can need: before the last
	// one at or before the oldest of them
	oldest := j.lastAcc
	if len(j.pending) > 0 {
		oldest = j.pending[0].T
	}
	if i := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].t > oldest }) - 1; i > 0 {
		j.rates = append(j.rates[:0], j.rates[i:]...)
	}
	return dst, held
}

// Flush appends to dst what waits, with the last rate held (held of
// them), as when the stream ends.
func (j *Joiner) Flush(dst []sensor.Sample) (out []sensor.Sample, held int) {
	for _, p := range j.pending {
		if j.Gyro {
			p.Gyr = j.last()
			held++
		}
		dst = append(dst, p)
	}
	j.pending = j.pending[:0]
	return dst, held
}

// Reset forgets the samples waiting and the rates kept, as for a new
// stream whose clock starts again (Flush first to keep what waits).
func (j *Joiner) Reset() {
	j.pending, j.rates, j.lastAcc = j.pending[:0], j.rates[:0], 0
}

// at is the rate at t, interpolated between the rates around it (t at or
// before the last), or the first one's when t is before all kept.
func (j *Joiner) at(t float64) [3]float64 {
	i := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].t >= t })
	if i == len(j.rates) {
		return j.last()
	}
	r1 := j.rates[i]
	if i == 0 || r1.t == t {
		return r1.v
	}
	r0 := j.rates[i-1]
	f := (t - r0.t) / (r1.t - r0.t)
	var v [3]float64
	for k := range v {
		v[k] = sensor.Lerp(r0.v[k], r1.v[k], f)
	}
	return v
}
