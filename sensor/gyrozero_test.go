package sensor

import (
	"math"
	"testing"
)

func TestGyroAbsent(t *testing.T) {
	all := Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}}
	// moving: |a| swings ±50 % about 9.81; still: ±0.5 %
	stream := func(n int, swing float64, gyr func(i int) float64) []Sample {
		ss := make([]Sample, n)
		for i := range ss {
			ss[i].Acc[2] = 9.81 * (1 + swing*math.Sin(float64(i)/5))
			g := gyr(i)
			ss[i].Gyr = [3]float64{g, g, g}
		}
		return ss
	}
	zero := func(int) float64 { return 0 }
	for _, tc := range []struct {
		name            string
		ss              []Sample
		l               Layout
		n               int
		absent, decided bool
	}{
		{"zeros, moving, lookahead full", stream(512, 0.5, zero), all, 512, true, true},
		{"zeros, moving, lookahead not full", stream(100, 0.5, zero), all, 512, false, false},
		{"zeros, moving, the stream's end", stream(100, 0.5, zero), all, 100, true, true},
		{"zeros, still", stream(512, 0.005, zero), all, 512, false, true},
		{"NaN counts as 0", stream(512, 0.5, func(int) float64 { return math.NaN() }), all, 512, true, true},
		{"a rate at the 3rd sample: read at once", stream(3, 0.5, func(i int) float64 { return float64(i / 2) }), all, 512, false, true},
		{"a rate on one axis alone", func() []Sample {
			ss := stream(512, 0.5, zero)
			ss[400].Gyr[1] = -0.01
			return ss
		}(), all, 512, false, true},
		{"no gyroscope axes", stream(3, 0.5, zero), Layout{Acc: [3]bool{true, true, true}}, 512, false, true},
		{"an awake sensor's zeros left out", func() []Sample {
			ss := stream(512, 0.005, zero)
			for i := range 300 {
				ss[i].Acc = [3]float64{}
			}
			return ss
		}(), all, 512, false, true},
		{"nothing yet", nil, all, 512, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			absent, decided := GyroAbsent(tc.ss, tc.l, tc.n)
			if absent != tc.absent || decided != tc.decided {
				t.Errorf("GyroAbsent = %v, %v; want %v, %v", absent, decided, tc.absent, tc.decided)
			}
		})
	}
}
