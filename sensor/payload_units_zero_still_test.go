package sensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPayloadUnitsZeroThenStandingStart: a board that sends 0 on every
// axis before its IMU is read, then stands still before the wearer walks,
// has its gyroscope's unit decided on the walk, as a standing start
// without the zeros has (TestPayloadUnitsStandingStart). The zeros held
// with the standing samples made them read as moving (|a| from 0 to 1 g),
// and the unit was decided on the first still samples: rad/s assumed to
// be deg/s with g, the rates 57 times too small.
func TestPayloadUnitsZeroThenStandingStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rate, zeros, stand = 100, 200, 300
	var want []Sample
	for i := range zeros {
		want = append(want, Sample{T: float64(i) / rate})
	}
	for i := range stand {
		want = append(want, Sample{T: float64(zeros+i) / rate,
			Acc: [3]float64{0.1 + 0.01*rng.NormFloat64(), G0 + 0.01*rng.NormFloat64(), 0.2 + 0.01*rng.NormFloat64()},
			Gyr: [3]float64{0.004 * rng.NormFloat64(), 0.004 * rng.NormFloat64(), 0.004 * rng.NormFloat64()}})
	}
	for i, s := range walkSamples(300, rate) {
		s.T = float64(zeros+stand+i) / rate
		want = append(want, s)
	}
	f := unitsFeed{t: t}
	for k := 0; k < len(want); k += 10 {
		f.add(boardLines(want[k:min(k+10, len(want))], true))
	}
	if len(f.errs) != 0 {
		t.Errorf("errors %v", f.errs)
	}
	got, notes := f.got, f.notes
	if len(notes) != 1 || !strings.Contains(notes[0], "acceleration in g (detected") || !strings.Contains(notes[0], "angular rate in rad/s (detected") {
		t.Errorf("decided %q, want g and rad/s detected", notes)
	}
	if len(got) != len(want) {
		t.Fatalf("%d of %d samples delivered", len(got), len(want))
	}
	for i, s := range got {
		if d := maxDiff(s, want[i]); s.T != want[i].T || d > 1e-9*(1+maxAbs(want[i])) {
			t.Fatalf("sample %d: %+v, want %+v", i, s, want[i])
		}
	}
}

// TestPayloadUnitsZeroThenVerticalDown: an acc_v sent positive down after
// a board's zeros is read negated, as without them: its mean is taken on
// the samples after the zeros. Averaged with 300 zeros, −1 g read −0.25 g,
// not down, and the waist found no step.
func TestPayloadUnitsZeroThenVerticalDown(t *testing.T) {
	f := unitsFeed{t: t, opt: PayloadOptions{AccUnit: "g"}}
	for k := 0; k < 500; k += 10 {
		var b strings.Builder
		b.WriteString("t,acc_v,acc_ap,acc_ml\n")
		for i := k; i < k+10; i++ {
			ti := float64(i) / 100
			if i < 300 {
				fmt.Fprintf(&b, "%.2f,0,0,0\n", ti)
				continue
			}
			fmt.Fprintf(&b, "%.2f,%g,%g,%g\n", ti, -(1 + 0.2*math.Sin(2*math.Pi*2.8*ti)), 0.03*math.Sin(2*math.Pi*1.4*ti), 0.06*math.Cos(2*math.Pi*1.4*ti))
		}
		f.add(b.String())
	}
	if len(f.errs) != 0 {
		t.Errorf("errors %v", f.errs)
	}
	got, notes := f.got, f.notes
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "acc_v negated: it averages -0.99 g over 100 samples") {
		t.Errorf("decided %q, want acc_v negated", notes)
	}
	if len(got) != 500 || got[499].Acc[AxisV] < 0 {
		t.Errorf("%d samples delivered, the last acc_v %v", len(got), got[len(got)-1].Acc)
	}
}
