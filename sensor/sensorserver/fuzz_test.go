package sensorserver

import (
	"errors"
	"testing"

	"github.com/gaitd/gaitd/sensor/internal/join"
)

// FuzzEvent: whatever a message holds, decode refuses it with ErrMessage
// or gives an event of three values and a positive time, which the joiner
// turns into samples in time order — never a panic.
func FuzzEvent(f *testing.F) {
	f.Add([]byte(`{"values":[0.3189,-0.9780,10.0499],"timestamp":3925657519043709,"accuracy":2}`), true)
	f.Add([]byte(`{"values":[1,2,3],"timestamp":5,"type":"android.sensor.gyroscope"}`), true)
	f.Add([]byte(`{"values":[1,2],"timestamp":5}`), false)
	f.Add([]byte(`{"values":null,"timestamp":-1}`), false)
	f.Fuzz(func(t *testing.T, msg []byte, gyro bool) {
		var ev event
		if err := decode(msg, &ev); err != nil {
			if !errors.Is(err, ErrMessage) {
				t.Fatalf("error %v does not wrap ErrMessage", err)
			}
			return
		}
		if len(ev.Values) != 3 || ev.Timestamp <= 0 {
			t.Fatalf("accepted %+v", ev)
		}
		j := join.Joiner{Gyro: gyro}
		tt := float64(ev.Timestamp) / 1e9
		j.Rate(tt-0.001, [3]float64(ev.Values))
		j.Acc(tt, [3]float64(ev.Values))
		j.Acc(tt+0.2, [3]float64(ev.Values))
		ss, _ := j.Ready(nil)
		ss, _ = j.Flush(ss)
		if len(ss) != 2 || !(ss[0].T < ss[1].T) {
			t.Fatalf("samples %+v", ss)
		}
	})
}
