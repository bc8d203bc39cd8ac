package sensor

import (
	"math"
	"strings"
	"testing"
)

// TestCSVPayloadTimeUnitByStep: a csv message's integer times without a
// unit are read in the unit in which the step to its next line is a gait
// sensor's period (0.1 ms–0.1 s), the magnitude's unit first: a millis()
// counter reaching 10 digits (11.6 days up) was read as epoch seconds,
// its steps of 10 as 10 s, and micros() under 10 digits as ms. A message
// of one line has no step: magnitude reads it still.
func TestCSVPayloadTimeUnitByStep(t *testing.T) {
	for _, tc := range []struct {
		name  string
		times []string
		want  []float64 // s
	}{
		{"millis, 9 digits", []string{"999999980", "999999990"}, []float64{999999.98, 999999.99}},
		{"millis, 10 digits", []string{"1000000000", "1000000010"}, []float64{1000000, 1000000.01}},
		{"micros at 2 kHz", []string{"500000", "500500", "501000"}, []float64{0.5, 0.5005, 0.501}},
		{"micros, 10 digits", []string{"2000000000", "2000010000"}, []float64{2000, 2000.01}},
		{"epoch ms", []string{"1700000000000", "1700000000010"}, []float64{1.7e9, 1.7e9 + 0.01}},
		{"epoch s, a fraction", []string{"1700000000.00", "1700000000.01"}, []float64{1.7e9, 1.7e9 + 0.01}},
		{"one line: by magnitude", []string{"1000000010"}, []float64{1000000010}},
		// a whole-ms clock at 1 kHz repeats a time: the step is the first
		// to another (magnitude decided: epoch s — a review)
		{"millis at 1 kHz, a time repeated", []string{"1000000003", "1000000003", "1000000004", "1000000005"}, []float64{1000000.003, 1000000.003, 1000000.004, 1000000.005}},
	} {
		var b strings.Builder
		for _, ts := range tc.times {
			b.WriteString(ts + ",0,0,9.8\n")
		}
		var p Payload
		if err := DecodePayload(&p, "dev", []byte(b.String()), PayloadOptions{}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(p.Samples) != len(tc.want) {
			t.Errorf("%s: %d samples, want %d", tc.name, len(p.Samples), len(tc.want))
			continue
		}
		for i, s := range p.Samples {
			if math.Abs(s.T-tc.want[i]) > 1e-6 {
				t.Errorf("%s: sample %d at %v s, want %v", tc.name, i, s.T, tc.want[i])
			}
		}
	}
}
