package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestCSVExcelDays: a time column of Excel serial days (days since
// 1899-12-30, as Axivity's OmGui exports an AX3's or AX6's samples) is
// read as Unix time: each sample on the file's own clock, within the
// cells' rounding (%.8f days: 0.86 ms). It was read in seconds, an AX3 at
// 100 Hz taken for 8.64 MHz and refused. A time in seconds from 10000,
// stepping by the sample period, is still seconds.
func TestCSVExcelDays(t *testing.T) {
	start := time.Date(2024, 10, 14, 10, 0, 11, 520e6, time.UTC)
	day := 45579 + (36011.52)/86400 // start as an Excel serial day
	for _, tc := range []struct {
		name, hdr, cell string
		t0, step        float64 // the time cell's first value and step
		unit            string  // want, in the description
		first, tol      float64 // the first sample's time, its tolerance and the steps'
	}{
		{"headerless, %.10f", "", "%.10f", day, 1.0 / 100 / 86400, "time=t(day detected)", float64(start.Unix()) + 0.52, 1e-4},
		{"header, %.8f", "Time,Ax,Ay,Az\n", "%.8f", day, 1.0 / 100 / 86400, "time=Time(day detected)", float64(start.Unix()) + 0.52, 1e-3},
		{"seconds from 10000", "t,ax,ay,az\n", "%.2f", 10000, 0.01, "time=t(s detected)", 10000, 1e-6},
	} {
		var b strings.Builder
		b.WriteString(tc.hdr)
		for i := range 1000 {
			fmt.Fprintf(&b, tc.cell+",%.4f,%.4f,%.4f\n", tc.t0+float64(i)*tc.step, 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "ax3.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := r.Describe(); !strings.Contains(got, tc.unit) || r.Layout().Rate != 100 {
			t.Errorf("%s: describe %q, rate %v; want %q, 100 Hz", tc.name, got, r.Layout().Rate, tc.unit)
		}
		res := readAll(t, r)
		if len(res.samples) != 1000 || len(res.errs) != 0 {
			t.Fatalf("%s: %d samples, errors %v; want 1000, none", tc.name, len(res.samples), res.errs)
		}
		for i, s := range res.samples {
			if want := tc.first + float64(i)/100; math.Abs(s.T-want) > tc.tol {
				t.Errorf("%s: sample %d at %.6f, want %.6f", tc.name, i, s.T, want)
				break
			}
		}
	}
}
