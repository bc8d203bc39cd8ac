package sensor

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestCSVStatedRateUnits: a rate a preamble or comment states is taken in
// Hz (none, Hz, sps, samples/s) or kHz, and not in another unit: "Sample
// rate (ms): 20", a period, was read as 20 Hz, and "data rate: 115200
// baud", "Sampling rate: 1 kHz" as 115200 and 1 Hz (a black-box round).
func TestCSVStatedRateUnits(t *testing.T) {
	body := func(pre string) string {
		var b strings.Builder
		b.WriteString(pre + "ax,ay,az\n")
		for i := range 600 {
			fmt.Fprintf(&b, "%.3f,%.3f,%.3f\n", 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
		}
		return b.String()
	}
	for pre, want := range map[string]float64{
		"# Sample rate (ms): 20\n":                  0,
		"# data rate: 115200 baud\n":                0,
		"# Data rate: 1.5 MB/s\n":                   0,
		"# sample rate 0.01 s\n":                    0,
		"# Sampling rate: 1 kHz\n":                  1000,
		"# Sampling rate (kHz): 0.2\n":              200,
		"# Sampling rate (Hz): 50\n":                50,
		"# sampling rate: 100 samples per second\n": 100,
		"// Update Rate: 100.0Hz\n":                 100,
		"# data_rate: 60 sps\n":                     60,
		// a decimal comma, told from a separator by the unit after it
		// (it was cut short: 51 Hz; a review)
		"# Sampling rate: 51,2 Hz\n": 51.2,
		"# Sample rate;51,2Hz\n":     51.2,
		"# Sample rate,100,16\n":     100,
	} {
		r, err := NewCSVReader(strings.NewReader(body(pre)), CSVOptions{Name: "x.csv"})
		switch {
		case want == 0 && !errors.Is(err, ErrNoRate):
			t.Errorf("%q: err %v, want ErrNoRate (no rate taken)", pre, err)
		case want > 0 && err != nil:
			t.Errorf("%q: %v", pre, err)
		case want > 0 && r.Layout().Rate != want:
			t.Errorf("%q: rate %v, want %v", pre, r.Layout().Rate, want)
		}
	}
}
