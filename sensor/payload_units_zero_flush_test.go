package sensor

import (
	"errors"
	"math"
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
	for _, tc := range []struct {
		name  string
		flush bool // a silence after the zeros; else the layout changes
	}{{"silence", true}, {"layout", false}} {
		f := unitsFeed{t: t}
		for k := 0; k < 50; k += 10 {
			var zs []Sample
			for i := k; i < k+10; i++ {
				zs = append(zs, Sample{T: float64(i) / 100})
			}
			f.add(boardLines(zs, false))
		}
		if tc.flush {
			f.flush()
		}
		walk := walkSamples(300, 100)
		for k := 0; k < len(walk); k += 10 {
			ws := append([]Sample(nil), walk[k:k+10]...)
			for i := range ws {
				ws[i].T += 1
			}
			f.add(boardLines(ws, !tc.flush))
		}
		got, notes, errs := f.got, f.notes, f.errs
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
