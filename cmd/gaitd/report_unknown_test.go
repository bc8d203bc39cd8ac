package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestPrintReportUnknownHasNoUnit: an unknown figure reads "—" alone, not
// "— ms" (as if it were a value in milliseconds), and the problems line
// calls refused samples refused: the engine refuses values that are not
// finite or absurd as well as times out of order, and the line said "out
// of order" for all of them.
func TestPrintReportUnknownHasNoUnit(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	r := gait.Report{Placement: "waist", Activity: "walking", Steps: 12, Rejected: 3,
		CadenceSPM: v(110), GCTReason: "toe-off found for only 1 of 12 steps"}
	var b strings.Builder
	printReport(&b, "rec.csv", "csv", 0, "lines", nil, r)
	out := b.String()
	for _, want := range []string{
		"  cadence    110.0 steps/min\n",
		"  GCT        —\n",
		"  flight     —\n",
		"  VO         —\n",
		"  impact     —\n",
		"3 samples refused (time not after the last, or a value not finite or absurd)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"— ms", "— mm", "— g", "— steps/min", "out of order"} {
		if strings.Contains(out, bad) {
			t.Errorf("report has %q:\n%s", bad, out)
		}
	}
}
