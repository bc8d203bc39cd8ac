package output

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestEventsSideConfFloor: the events CSV's side_conf is rounded down, so
// a contact that reads at or above the summary's side floor (0.6) in the
// CSV is one the summary counted. 0.596 read 0.60, and a balance
// recomputed from the CSV took a contact the summary left out (mobgap
// HA001 Test11: 53.39 % for 53.58 %).
func TestEventsSideConfFloor(t *testing.T) {
	for _, tc := range []struct {
		conf float64
		want string
	}{
		{0.596, "0.59"}, {0.5999999, "0.59"}, {0.6, "0.60"}, {0.6049, "0.60"}, {0.57, "0.57"},
		{0.999, "0.99"}, {1, "1.00"}, {0.004, "0.00"}, {0, "0.00"},
	} {
		var b bytes.Buffer
		w, err := NewEventsWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		nan := math.NaN()
		c := gait.Contact{IC: 1, FC: nan, Side: gait.Left, SideConf: tc.conf, GCT: nan, Flight: nan, Step: nan, VO: nan, ImpactG: nan,
			Braking: nan, PeakDecel: nan, LoadingRate: nan, Pitch: nan, Roll: nan, Yaw: nan, StrikeAngle: nan, Turn: nan}
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		row := strings.Split(strings.Split(b.String(), "\n")[1], ",")
		if got := row[8]; got != tc.want {
			t.Errorf("side confidence %v: side_conf %q, want %q", tc.conf, got, tc.want)
		}
	}
}
