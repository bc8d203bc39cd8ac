package phyphox

import (
	"errors"
	"math"
	"testing"

	"github.com/gaitd/gaitd/sensor/internal/join"
)

// FuzzReply: whatever a phone (or something else at its address) answers,
// parse either refuses it with ErrReply or gives buffers from which
// samples reads times strictly increasing and over the last one read,
// no more samples than the time buffer has values, and never a panic.
func FuzzReply(f *testing.F) {
	f.Add([]byte(`{"buffer":{"acc_time":{"size":0,"updateMode":"partial","buffer":[1.5,1.51,null,1.53]},"accX":{"buffer":[0.1,null,0.3,0.4]},"accY":{"buffer":[1,2,3,4]},"accZ":{"buffer":[9.8,9.8,9.8]}},"status":{"session":"a","measuring":true}}`), 1.0)
	f.Add([]byte(`{"buffer":{"acc_time":{"buffer":[3,2,1,1e308]}},"status":{}}`), math.Inf(-1))
	f.Add([]byte(`{"buffer":{}}`), 0.0)
	f.Add([]byte(`{"buffer":{"acc_time":{"buffer":[1.5,1.51,1.52]},"accX":{"buffer":[0.1,0.2,0.3]},"accY":{"buffer":[1,2,3]},"accZ":{"buffer":[9.8,9.8,9.8]},"gyr_time":{"buffer":[1.49,1.505,null,1.515,1.6]},"gyrX":{"buffer":[0.1,0.2,0.3,null,0.5]},"gyrY":{"buffer":[1,2,3,4,5]},"gyrZ":{"buffer":[0,0,0,0,0]}},"status":{"session":"a","measuring":true}}`), 1.0)
	f.Add([]byte(`not json`), 0.0)
	f.Fuzz(func(t *testing.T, body []byte, last float64) {
		r, err := parse(body)
		if err != nil {
			if !errors.Is(err, ErrReply) {
				t.Fatalf("error %v does not wrap ErrReply", err)
			}
			return
		}
		ss, end := samples(nil, r, DefaultBuffers, last)
		if len(ss) > len(r.Buffer[DefaultBuffers[0]].Buffer) {
			t.Fatalf("%d samples from %d times", len(ss), len(r.Buffer[DefaultBuffers[0]].Buffer))
		}
		prev := last
		for _, s := range ss {
			if !(s.T > prev) {
				t.Fatalf("time %v after %v", s.T, prev)
			}
			prev = s.T
		}
		if len(ss) > 0 && end != ss[len(ss)-1].T || len(ss) == 0 && end != last && !(math.IsNaN(end) && math.IsNaN(last)) {
			t.Fatalf("last %v after samples %v", end, ss)
		}
		// the gyroscope's buffers joined to them: each sample once, in
		// order
		gs, _ := samples(nil, r, DefaultGyro, last)
		j := join.Joiner{Gyro: true}
		joined, held := joinPoll(&j, nil, ss, gs, true)
		if len(joined) != len(ss) || held > len(ss) {
			t.Fatalf("%d samples joined (%d held) from %d", len(joined), held, len(ss))
		}
		for i := range joined {
			if joined[i].T != ss[i].T || joined[i].Acc != ss[i].Acc && !hasNaN(ss[i].Acc) {
				t.Fatalf("joined sample %d %+v, was %+v", i, joined[i], ss[i])
			}
		}
	})
}

func hasNaN(v [3]float64) bool { return v[0] != v[0] || v[1] != v[1] || v[2] != v[2] }
