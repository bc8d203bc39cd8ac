package sensor

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// A device that stands still when it starts — the wearer waiting to walk,
// as nearly every live session begins — cannot tell its gyroscope's unit:
// |ω| is noise in either. Its samples are held until it moves (UnitStillSpan
// at most), and the unit is decided on the movement. Decided on the first
// 100 samples, a waist sensor in g and rad/s that stood for 3 s was read in
// deg/s, its rates 57 times too small — roll and yaw ranges of 0.1° where
// analyze of the same recording read 4.3° and 3.0°, a form signal moved from
// watch to flag; five of the six mobgap walks sent so over MQTT (a
// black-box round). Still to the end (a sensor on a table), it is decided
// after UnitStillSpan as before, and said to be assumed.
func TestPayloadUnitsStandingStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rate, stand = 100, 300
	for _, tc := range []struct {
		name     string
		accDiv   float64 // from m/s²
		gyrDiv   float64 // from rad/s
		walk     int     // samples of walking after the standing start
		decided  string
		heldMost int // messages that deliver nothing
	}{
		{"g and rad/s", G0, 1, 300, "acceleration in g (detected from gravity over 410 samples), angular rate in rad/s (detected over 410 samples)", 40},
		{"m/s² and deg/s", 1, math.Pi / 180, 300, "acceleration in m/s² (detected from gravity over 410 samples), angular rate in deg/s (detected over 410 samples)", 40},
		{"g and deg/s", G0, math.Pi / 180, 300, "acceleration in g (detected from gravity over 410 samples), angular rate in deg/s (detected over 410 samples)", 40},
		{"still throughout", G0, 1, 1200, "acceleration in g (detected from gravity over 1010 samples), angular rate in deg/s (assumed: the sensor was still over 1010 samples)", 100},
	} {
		var want []Sample
		for i := range stand {
			want = append(want, Sample{T: float64(i) / rate,
				Acc: [3]float64{0.1 + 0.01*rng.NormFloat64(), G0 + 0.01*rng.NormFloat64(), 0.2 + 0.01*rng.NormFloat64()},
				Gyr: [3]float64{0.004 * rng.NormFloat64(), 0.004 * rng.NormFloat64(), 0.004 * rng.NormFloat64()}})
		}
		for i, s := range walkSamples(tc.walk, rate) {
			if tc.name == "still throughout" {
				s = want[i%stand]
			}
			s.T = float64(stand+i) / rate
			want = append(want, s)
		}
		var u PayloadUnits
		var p Payload
		var got []Sample
		var notes []string
		held := 0
		deliver := func(q *Payload) { got = append(got, q.Samples...) }
		for k := 0; k < len(want); k += 10 {
			var b strings.Builder
			for _, s := range want[k:min(k+10, len(want))] {
				b.WriteString(strconv.FormatFloat(s.T, 'f', 2, 64))
				for _, v := range []float64{s.Acc[0] / tc.accDiv, s.Acc[1] / tc.accDiv, s.Acc[2] / tc.accDiv, s.Gyr[0] / tc.gyrDiv, s.Gyr[1] / tc.gyrDiv, s.Gyr[2] / tc.gyrDiv} {
					b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
				}
				b.WriteByte('\n')
			}
			if err := DecodePayload(&p, "d", []byte(b.String()), PayloadOptions{}); err != nil {
				t.Fatal(err)
			}
			before := len(got)
			note, _ := u.Add(&p, deliver)
			if len(got) == before {
				held++
			}
			if note != "" {
				notes = append(notes, note)
			}
		}
		if len(notes) != 1 || notes[0] != tc.decided {
			t.Errorf("%s: decided %q, want %q", tc.name, notes, tc.decided)
		}
		if held != tc.heldMost || len(got) != len(want) {
			t.Errorf("%s: %d messages held, %d of %d samples delivered; want %d held", tc.name, held, len(got), len(want), tc.heldMost)
			continue
		}
		for i, s := range got {
			if tc.name == "still throughout" {
				// its rates, in rad/s, read as deg/s: the default for g
				for k := range 3 {
					s.Gyr[k] /= math.Pi / 180
				}
			}
			if d := maxDiff(s, want[i]); s.T != want[i].T || d > 1e-9*(1+maxAbs(want[i])) {
				t.Errorf("%s: sample %d: %+v, want %+v", tc.name, i, s, want[i])
				break
			}
		}
	}
}
