package gait_test

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// TestWaistClipNotScale: a waist accelerometer whose range cuts off every
// contact's peak averages under 1 g, the cut-off area missing: the summary
// says the saturation lowered it and that VO and braking read low with it,
// not that the acceleration is read at the wrong scale, naming --acc-unit.
// The real davis run (sacrum, peaks of 2.5–3 g) clipped at ±1.5 g read
// "averages 0.76 g, not 1 g: … read at the wrong scale", its VO 62 mm for
// 82; at ±2 g it averages 0.9 g, within the scale's bounds: nothing said
// but the clipped contacts, as unclipped. A scale that is wrong is still
// warned of (TestAnalyzeWitRange).
func TestWaistClipNotScale(t *testing.T) {
	const name = "../../shared/datasets/davis/run0021/input.csv"
	b, err := os.ReadFile(name)
	if err != nil {
		t.Skipf("datasets not available: %v", err)
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r", ""), "\n"), "\n")
	for _, tc := range []struct {
		clip float64 // g, 0: none
		want string  // in a warning, "": no warning
	}{
		{1.5, "the accelerometer saturated in"},
		{2, ""},
		{0, ""},
	} {
		var sb strings.Builder
		sb.WriteString(lines[0] + "\n")
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			for k := 1; k < len(f) && tc.clip > 0; k++ {
				x, err := strconv.ParseFloat(f[k], 64)
				if err != nil {
					t.Fatal(err)
				}
				f[k] = strconv.FormatFloat(max(-tc.clip, min(tc.clip, x)), 'f', 5, 64)
			}
			sb.WriteString(strings.Join(f, ",") + "\n")
		}
		r, err := sensor.NewCSVReader(strings.NewReader(sb.String()), sensor.CSVOptions{Name: fmt.Sprintf("davis ±%g g", tc.clip)})
		if err != nil {
			t.Fatal(err)
		}
		sum, _, err := gait.Analyze(r, gait.Config{Placement: gait.Waist}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		rep := sum.Report()
		all := strings.Join(rep.Warnings, "\n")
		if tc.want == "" && len(rep.Warnings) != 0 || tc.want != "" && (len(rep.Warnings) != 1 || !strings.Contains(all, tc.want) || strings.Contains(all, "wrong scale")) {
			t.Errorf("clipped at ±%g g: %d steps, %d clipped; warnings:\n%s\nwant one naming %q", tc.clip, rep.Steps, rep.ClippedSteps, all, tc.want)
		}
	}
}

// TestClipScaleBound: saturation explains a mean down to clipMeanMin (the
// davis run clipped at ±1.5 g, a range under any real part's, averages
// 0.76 g); a lower mean with most contacts clipped is a wrong scale as well
// (a ±16 g part read at half its range reads 0.5 g), said as one.
func TestClipScaleBound(t *testing.T) {
	for _, tc := range []struct {
		mean float64
		want string
	}{
		{0.76, "the accelerometer saturated in"},
		{0.5, "read at the wrong scale"},
		{1.0, ""},
	} {
		s := gait.NewSummary(gait.Waist)
		for i := range 20 {
			s.Add(gait.Contact{IC: float64(i) * 0.35, FC: float64(i)*0.35 + 0.22, GCT: 0.22, Step: 0.35, Flight: 0.13, VO: 0.08, ImpactG: 2.5, PeakRate: math.NaN()})
		}
		s.SetStats(gait.Stats{Samples: 1000, Contacts: 20, Clipped: 20, MeanVertical: tc.mean})
		all := strings.Join(s.Report().Warnings, "\n")
		if tc.want == "" && strings.Contains(all, "averages") || tc.want != "" && !strings.Contains(all, tc.want) {
			t.Errorf("mean %.2f g, every contact clipped: warnings\n%s\nwant %q", tc.mean, all, tc.want)
		}
	}
}
