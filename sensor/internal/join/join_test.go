package join

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

func TestJoiner(t *testing.T) {
	type ev struct {
		gyro bool
		t, v float64
	}
	for _, tc := range []struct {
		name  string
		gyro  bool
		evs   []ev
		flush bool
		want  [][2]float64 // T, Gyr[0]
		held  int
	}{
		{name: "no gyro: as they come", evs: []ev{{false, 0.01, 0}, {false, 0.02, 0}},
			want: [][2]float64{{0.01, 0}, {0.02, 0}}},
		{name: "interpolated between the rates around", gyro: true,
			evs:  []ev{{true, 0, 0}, {false, 0.005, 0}, {true, 0.01, 1}, {false, 0.0075, 0}},
			want: [][2]float64{{0.005, 0.5}, {0.0075, 0.75}}},
		{name: "waits for a rate after it", gyro: true,
			evs:  []ev{{true, 0, 0}, {false, 0.02, 0}, {false, 0.03, 0}},
			want: nil},
		{name: "a rate at its time exactly", gyro: true,
			evs:  []ev{{true, 0, 2}, {true, 0.01, 4}, {false, 0.01, 0}},
			want: [][2]float64{{0.01, 4}}},
		{name: "before every rate: the first", gyro: true,
			evs:  []ev{{true, 0.05, 3}, {false, 0.01, 0}},
			want: [][2]float64{{0.01, 3}}},
		{name: "waited Wait: the last rate held", gyro: true,
			evs:  []ev{{true, 0, 7}, {false, 0.01, 0}, {false, 0.05, 0}, {false, 0.12, 0}},
			want: [][2]float64{{0.01, 7}}, held: 1},
		{name: "a late rate dropped", gyro: true,
			evs:  []ev{{true, 0.02, 1}, {true, 0.01, 9}, {false, 0.015, 0}},
			want: [][2]float64{{0.015, 1}}},
		{name: "flushed: held", gyro: true, flush: true,
			evs:  []ev{{true, 0, 5}, {false, 0.01, 0}, {false, 0.02, 0}},
			want: [][2]float64{{0.01, 5}, {0.02, 5}}, held: 2},
		{name: "flushed before any rate: zero", gyro: true, flush: true,
			evs:  []ev{{false, 0.01, 0}},
			want: [][2]float64{{0.01, 0}}, held: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := Joiner{Gyro: tc.gyro}
			var got []sensor.Sample
			held := 0
			for _, e := range tc.evs {
				if e.gyro {
					j.Rate(e.t, [3]float64{e.v, -e.v, 0})
				} else {
					j.Acc(e.t, [3]float64{0, 0, sensor.G0})
				}
				var h int
				got, h = j.Ready(got)
				held += h
			}
			if tc.flush {
				var h int
				got, h = j.Flush(got)
				held += h
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d samples %+v, want %v", len(got), got, tc.want)
			}
			for i, w := range tc.want {
				if got[i].T != w[0] || math.Abs(got[i].Gyr[0]-w[1]) > 1e-12 || got[i].Gyr[1] != -got[i].Gyr[0] || got[i].Acc[2] != sensor.G0 {
					t.Errorf("sample %d = %+v, want T %v, Gyr[0] %v", i, got[i], w[0], w[1])
				}
			}
			if held != tc.held {
				t.Errorf("held %d, want %d", held, tc.held)
			}
		})
	}
}

// TestJoinerReset: after Reset, nothing waits and no rate of the old
// stream is used.
func TestJoinerReset(t *testing.T) {
	j := Joiner{Gyro: true}
	j.Rate(10, [3]float64{1})
	j.Acc(10.5, [3]float64{})
	j.Reset()
	j.Rate(0.01, [3]float64{2})
	j.Acc(0.005, [3]float64{})
	got, held := j.Ready(nil)
	if len(got) != 1 || got[0].T != 0.005 || got[0].Gyr[0] != 2 || held != 0 {
		t.Fatalf("after Reset: %+v (held %d)", got, held)
	}
}
