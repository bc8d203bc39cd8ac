package live

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestHubZeroGyroFirstLookahead: the gyroscope's check reads the first
// sensor.MaxLookahead samples, as the CSV reader's lookahead does, also
// when more came before it could be made (a batch bigger than the
// lookahead, or a fast device whose rate is estimated over 1 s): a
// gyroscope reading 0 through the first 512 samples and waking after
// them was read live, and not by analyze on a CSV file of the same
// numbers.
func TestHubZeroGyroFirstLookahead(t *testing.T) {
	walk := shankWalk
	walk.Gyro = true
	ss, layout, _, err := sim.Generate(walk)
	if err != nil {
		t.Fatal(err)
	}
	if layout.Rate == 0 {
		t.Fatal("want a layout with its rate")
	}
	for i := range ss[:sensor.MaxLookahead+100] {
		ss[i].Gyr = [3]float64{} // a gyroscope that wakes late
	}
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, MaxDevices: 2, Engine: gait.Config{Placement: gait.Shank, Side: gait.Left}, Sources: []string{"mqtt"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Push("late", layout, ss[:1000]); err != nil { // one batch over the lookahead
		t.Fatal(err)
	}
	if err := h.Push("late", layout, ss[1000:]); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := runs.List(dir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("runs %v, %v; want one", recs, err)
	}
	if !strings.Contains(recs[0].Input, "gyro=none") {
		t.Errorf("a gyroscope reading 0 through the first %d samples: input %q, want it not read (as the CSV reader's lookahead)", sensor.MaxLookahead, recs[0].Input)
	}
}
