package sensor

import (
	"fmt"
	"strings"
	"testing"
)

// TestClassifyTimeOtherUnit checks that a t whose unit is no time's is
// still a time column unless that unit is a temperature's (T(°), T (°C))
// or an acceleration's or rate's (t_g): "t (UTC)", "t (epoch)", "T (local)"
// were time columns, and refused as none after T(°) became a temperature
// (no time column: the sample rate unknown).
func TestClassifyTimeOtherUnit(t *testing.T) {
	for _, tt := range []struct {
		name string
		role role
	}{
		{"t (UTC)", roleTime},
		{"t (epoch)", roleTime},
		{"t (unix)", roleTime},
		{"T (local)", roleTime},
		{"t (GMT)", roleTime},
		{"t (hh:mm:ss)", roleTime},
		{"t (h)", roleTime},
		{"T (ms)", roleTime},
		{"t [sec]", roleTime},
		{"T(°)", roleNone},
		{"T (°C)", roleNone},
		{"T (ºC)", roleNone},
		{"T (degC)", roleNone},
		{"T (C)", roleNone},
		{"T (K)", roleNone},
		{"t (°F)", roleNone},
		{"t_g", roleNone},
		{"t (deg/s)", roleNone},
	} {
		if c := classifyColumn(tt.name); c.role != tt.role {
			t.Errorf("classifyColumn(%q) = role %d (unit %q); want %d", tt.name, c.role, c.unit, tt.role)
		}
	}
}

// TestCSVTimeOtherUnit reads files whose time column is "t (UTC)" or
// "t (epoch)": unix seconds, or a date and time.
func TestCSVTimeOtherUnit(t *testing.T) {
	for _, tt := range []struct {
		hdr  string
		cell func(t float64) string
	}{
		{"t (UTC),ax,ay,az", func(t float64) string { return fmt.Sprintf("%.3f", 1.7e9+t) }},
		{"t (epoch),ax,ay,az", func(t float64) string { return fmt.Sprintf("%.0f", 1.7e12+1000*t) }},
		{"T (local),ax,ay,az", func(t float64) string { return stamp(t, "2006-01-02 15:04:05.000") }},
	} {
		in := exportRecording(tt.hdr, "", ",", func(i int, t float64, a, g [3]float64) []string {
			return []string{tt.cell(t), fmt.Sprintf("%.5f", a[0]), fmt.Sprintf("%.5f", a[1]), fmt.Sprintf("%.5f", a[2])}
		})
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "t.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		res := readAll(t, r)
		if len(res.samples) != 400 || len(res.errs) > 0 || !strings.Contains(r.Describe(), "time="+tt.hdr[:1]) || !strings.Contains(r.Describe(), "rate=100.0Hz") {
			t.Errorf("%s: %d samples, errors %v, %s", tt.hdr, len(res.samples), res.errs, r.Describe())
		}
	}
}
