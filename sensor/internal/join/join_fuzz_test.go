package join

import (
	"reflect"
	"sort"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// refJoiner is Joiner without its trimming: every rate kept, the same
// rules.
type refJoiner struct {
	pending []sensor.Sample
	rates   []rate
}

func (r *refJoiner) at(t float64) [3]float64 {
	i := sort.Search(len(r.rates), func(i int) bool { return r.rates[i].t >= t })
	switch {
	case i == len(r.rates):
		return r.rates[i-1].v
	case i == 0 || r.rates[i].t == t:
		return r.rates[i].v
	}
	r0, r1 := r.rates[i-1], r.rates[i]
	var v [3]float64
	for k := range v {
		v[k] = sensor.Lerp(r0.v[k], r1.v[k], (t-r0.t)/(r1.t-r0.t))
	}
	return v
}

func (r *refJoiner) last() [3]float64 {
	if len(r.rates) == 0 {
		return [3]float64{}
	}
	return r.rates[len(r.rates)-1].v
}

func (r *refJoiner) ready(flush bool) (out []sensor.Sample, held int) {
	for len(r.pending) > 0 {
		p := r.pending[0]
		switch {
		case len(r.rates) > 0 && p.T <= r.rates[len(r.rates)-1].t:
			p.Gyr = r.at(p.T)
		case flush || r.pending[len(r.pending)-1].T-p.T >= Wait:
			p.Gyr = r.last()
			held++
		default:
			return out, held
		}
		out = append(out, p)
		r.pending = r.pending[1:]
	}
	return out, held
}

// FuzzJoiner: the joiner of SensorServer's events and phyphox's buffers
// gives every accelerometer sample once, in order, with the rate a joiner
// that keeps every gyroscope reading gives it (its trimming of the
// readings no sample to come can need loses none that one needs). Each
// byte is an event: its top two bits the kind (accelerometer sample,
// gyroscope reading, Ready, a late gyroscope reading, dropped after one),
// the rest the time step (ms) of its sensor's clock.
func FuzzJoiner(f *testing.F) {
	f.Add([]byte{0x40, 0x05, 0x45, 0x03, 0x80})
	f.Add([]byte{0x0a, 0x0a, 0x0a, 0x4f, 0x80, 0x3f, 0x3f, 0x80, 0x41, 0x80})
	f.Add([]byte{0x7f, 0x7f, 0x7f, 0x01, 0x01, 0x80, 0xc0, 0x41, 0x80, 0x14, 0x14, 0x14, 0x14, 0x14, 0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= maxRates {
			return // (more readings than kept: the oldest go)
		}
		j := Joiner{Gyro: true}
		var ref refJoiner
		var accT, rateT float64
		var got, want []sensor.Sample
		heldGot, heldWant := 0, 0
		nAcc := 0
		for i, b := range data {
			dt := float64(b&0x3f) / 1000
			switch b >> 6 {
			case 0:
				accT += dt
				s := sensor.Sample{T: accT, Acc: [3]float64{float64(i), 0, 9.8}}
				j.Acc(s.T, s.Acc)
				ref.pending = append(ref.pending, s)
				nAcc++
			case 1, 3:
				rt := rateT + dt
				if b>>6 == 3 {
					rt = rateT - dt // late: dropped after a reading
				} else {
					rateT = rt
				}
				v := [3]float64{float64(i), -float64(i), 1e300 * float64(i%3-1)}
				j.Rate(rt, v)
				if n := len(ref.rates); n == 0 || rt > ref.rates[n-1].t {
					ref.rates = append(ref.rates, rate{rt, v})
				}
			case 2:
				var h int
				got, h = j.Ready(got)
				heldGot += h
				out, h := ref.ready(false)
				want, heldWant = append(want, out...), heldWant+h
			}
		}
		var h int
		got, h = j.Ready(got)
		heldGot += h
		out, h := ref.ready(false)
		want, heldWant = append(want, out...), heldWant+h
		got, h = j.Flush(got)
		heldGot += h
		out, h = ref.ready(true)
		want, heldWant = append(want, out...), heldWant+h
		if len(got) != nAcc {
			t.Fatalf("%d samples out of %d", len(got), nAcc)
		}
		for i := 1; i < len(got); i++ {
			if got[i].T < got[i-1].T || got[i].Acc[0] <= got[i-1].Acc[0] {
				t.Fatalf("samples out of order: %+v then %+v", got[i-1], got[i])
			}
		}
		if !reflect.DeepEqual(got, want) || heldGot != heldWant {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("sample %d: %+v, want %+v", i, got[i], want[i])
				}
			}
			t.Fatalf("%d samples (%d held), want %d (%d)", len(got), heldGot, len(want), heldWant)
		}
	})
}
