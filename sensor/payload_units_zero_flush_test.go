package sensor

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestPayloadUnitsZerosFlushed: a board's zeros (0 on every axis, its IMU
// not read yet) decided on before any sample after them — its stream
// silent a while after them (Flush: an IMU's start-up) or its messages
// changing layout once the IMU is read (gyroscope columns added) — are
// delivered as they are, 0 in any unit, and the units are decided on the
// samples after them. Decided on the zeros, the acceleration was m/s²,
// assumed, for the device's life: its walk in g read at a tenth, no step.
// Said once, as a sensor not read.
func TestPayloadUnitsZerosFlushed(t *testing.T) {
	line := func(b *strings.Builder, s Sample, gyro bool) {
		b.WriteString(strconv.FormatFloat(s.T, 'f', 2, 64))
		vs := []float64{s.Acc[0] / G0, s.Acc[1] / G0, s.Acc[2] / G0}
		if gyro {
			vs = append(vs, s.Gyr[0], s.Gyr[1], s.Gyr[2])
		}
		for _, v := range vs {
			b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	for _, tc := range []struct {
		name  string
		flush bool // a silence after the zeros; else the layout changes
	}{{"silence", true}, {"layout", false}} {
		var u PayloadUnits
		var p Payload
		var got []Sample
		var notes []string
		var errs []error
		deliver := func(q *Payload) { got = append(got, q.Samples...) }
		add := func(msg string) {
			if err := DecodePayload(&p, "d", []byte(msg), PayloadOptions{}); err != nil {
				t.Fatal(err)
			}
			note, err := u.Add(&p, deliver)
			if note != "" {
				notes = append(notes, note)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}
		for k := 0; k < 50; k += 10 {
			var b strings.Builder
			for i := k; i < k+10; i++ {
				line(&b, Sample{T: float64(i) / 100}, false)
			}
			add(b.String())
		}
		if tc.flush {
			note, err := u.Flush(deliver)
			if note != "" {
				notes = append(notes, note)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}
		walk := walkSamples(300, 100)
		for k := 0; k < len(walk); k += 10 {
			var b strings.Builder
			for _, s := range walk[k : k+10] {
				s.T += 1
				line(&b, s, !tc.flush)
			}
			add(b.String())
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrNotRecording) {
			t.Errorf("%s: errors %v, want one saying the sensor was not read", tc.name, errs)
		}
		if len(notes) != 1 || !strings.HasPrefix(notes[0], "acceleration in g (detected from gravity") {
			t.Errorf("%s: decided %q, want g detected on the walk", tc.name, notes)
		}
		if len(got) != 350 {
			t.Errorf("%s: %d samples delivered of 350", tc.name, len(got))
			continue
		}
		for i, s := range got[50:] {
			if math.Abs(s.Acc[1]-walk[i].Acc[1]) > 1e-9 {
				t.Errorf("%s: walk sample %d: acc_y %g, want %g (read in g)", tc.name, i, s.Acc[1], walk[i].Acc[1])
				break
			}
		}
	}
}
