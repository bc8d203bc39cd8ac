package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestCSVTimeUnitByStep: a time column without a unit is read in the unit
// in which its median step is a gait sensor's period (0.1 ms to 0.1 s),
// whatever its magnitude: micros() at 2 kHz (steps of 500) was read in ms
// at 2 Hz. A millis() or micros() counter of 10 digits (11.6 days, 17
// minutes of uptime) is not epoch seconds; whole seconds of epoch time
// stepping by 0.01 are seconds.
func TestCSVTimeUnitByStep(t *testing.T) {
	for _, tc := range []struct {
		name     string
		t0, step float64 // the time cells
		format   string
		unit     string  // want
		rate     float64 // want, Hz
	}{
		{"micros at 2 kHz", 1e6, 500, "%.0f", "us", 2000},
		{"micros at 2 kHz, 10 digits", 1.2e9, 500, "%.0f", "us", 2000},
		{"micros at 100 Hz, 10 digits", 2e9, 10000, "%.0f", "us", 100},
		{"millis at 100 Hz, 10 digits", 1.0e9, 10, "%.0f", "ms", 100},
		{"millis at 1 kHz", 123456, 1, "%.0f", "ms", 1000}, // (headerless, a counter or millis(): --rate or --time-unit)
		{"epoch seconds at 100 Hz", 1.7e9, 0.01, "%.2f", "s", 100},
	} {
		for _, hdr := range []string{"t,ax,ay,az\n", ""} {
			if hdr == "" && tc.step == 1 {
				continue
			}
			var b strings.Builder
			b.WriteString(hdr)
			for i := range 1000 {
				fmt.Fprintf(&b, tc.format+",%.4f,%.4f,%.4f\n", tc.t0+float64(i)*tc.step, 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "t.csv"})
			if err != nil {
				t.Errorf("%s %q: %v", tc.name, hdr, err)
				continue
			}
			st := r.Stats()
			if st.TimeUnit != tc.unit || r.Layout().Rate != tc.rate {
				t.Errorf("%s %q: unit %s at %v Hz, want %s at %v Hz (%s)", tc.name, hdr, st.TimeUnit, r.Layout().Rate, tc.unit, tc.rate, r.Describe())
			}
		}
	}
}
