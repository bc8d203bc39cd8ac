package output

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestEventsNoNegativeZero: a value that rounds to zero is written "0.0",
// whatever its sign: "-0.0" (a turn of −0.03°, a braking of −0.0004 m/s)
// read as a value on the other side of zero, and a CSV diff of two runs
// showed "-0.0" against "0.0" for the same figure.
func TestEventsNoNegativeZero(t *testing.T) {
	nan := math.NaN()
	c := gait.Contact{IC: 1, FC: 1.25, Step: 0.35, GCT: 0.25, Flight: 0.1, Side: gait.Left, SideConf: 1, ImpactG: -0.001, VO: -0.00001,
		Braking: -0.0001, Activity: gait.Running, PeakDecel: -0.0004, LoadingRate: -0.01,
		Pitch: -0.0005, Roll: math.Copysign(0, -1), Yaw: -0.0001, StrikeAngle: -0.0002, Turn: -0.0005}
	var b bytes.Buffer
	w, err := NewEventsWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(c); err != nil {
		t.Fatal(err)
	}
	c = gait.Contact{IC: math.Copysign(0, -1), FC: -0.00001, Step: nan, GCT: nan, Flight: math.Copysign(0, -1), ImpactG: nan, VO: nan, Braking: nan,
		PeakDecel: nan, LoadingRate: nan, Pitch: nan, Roll: nan, Yaw: nan, StrikeAngle: nan, Turn: nan}
	if err := w.Write(c); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		for j, cell := range strings.Split(line, ",") {
			if strings.HasPrefix(cell, "-") && strings.Trim(cell, "-0.") == "" {
				t.Errorf("row %d, column %s: %q", i+1, strings.Split(EventsHeader, ",")[j], cell)
			}
		}
	}
}
