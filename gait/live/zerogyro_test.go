package live

import (
	"bytes"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// shankWalk is the zero-gyroscope tests' walk: a left shank at the
// acceptance's 143 Hz, clipped at ±8 g, tilted, without a gyroscope.
var shankWalk = sim.Config{Activity: sim.Walking, Placement: sim.Shank, Speed: 1.2, Rate: 143, ClipG: 8, Duration: 30, Noise: 0.3,
	Side: 'L', Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 7}

// TestHubZeroGyroNotRead: a live device whose gyroscope reads exactly 0
// on every axis while it walks — a shank pod without the part whose
// firmware still sends gx,gy,gz — is analysed as accelerometer only, as
// the CSV reader reads such a file (TestCSVZeroGyroNotRead). Read, its
// flat rates gave no contact at all live. The decision waits for the
// first samples (at most sensor.MaxLookahead) and comes at once for a
// gyroscope that reads anything else; one reading 0 only through a
// standing start (whole °/s) is kept; a device that stops before the
// lookahead is full is checked on what it sent.
func TestHubZeroGyroNotRead(t *testing.T) {
	walk := shankWalk
	accOnly, layout, truth, err := sim.Generate(walk)
	if err != nil {
		t.Fatal(err)
	}
	if layout.HasGyro() {
		t.Fatal("the walk has a gyroscope already")
	}
	zeros := layout
	zeros.Gyr = [3]bool{true, true, true} // its samples' rates read 0
	still := walk
	still.Standing, still.Gyro, still.Duration = 8, true, 20
	held, heldLayout, _, err := sim.Generate(still)
	if err != nil {
		t.Fatal(err)
	}
	for i := range held {
		for k := range held[i].Gyr {
			// whole °/s, back in rad/s: exactly 0 at rest
			held[i].Gyr[k] = math.Round(held[i].Gyr[k]*180/math.Pi) * math.Pi / 180
		}
	}
	short := accOnly[:300] // 2.1 s: under the lookahead

	dir := t.TempDir()
	var logs bytes.Buffer
	h, err := New(Config{DataDir: dir, MaxDevices: 8, Engine: gait.Config{Placement: gait.Shank, Side: gait.Left}, Sources: []string{"mqtt"},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	push := func(name string, l sensor.Layout, ss []sensor.Sample) {
		t.Helper()
		for i := 0; i < len(ss); i += 7 { // small messages, as MQTT brings
			if err := h.Push(name, l, ss[i:min(i+7, len(ss))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	push("zeros", zeros, accOnly)
	push("none", layout, accOnly)
	push("still", heldLayout, held)
	push("short", zeros, short)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	rec := func(name string) runs.Record {
		t.Helper()
		recs, err := runs.List(dir)
		if err != nil {
			t.Fatal(err)
		}
		var have []string
		for _, r := range recs {
			if r.Device == name {
				return r
			}
			have = append(have, r.Device)
		}
		t.Fatalf("no run of %s; runs of %v", name, have)
		return runs.Record{}
	}
	z, n := rec("zeros"), rec("none")
	if want := 2 * len(truth); z.Steps < want-4 || z.Steps > want+4 || z.Steps != n.Steps {
		t.Errorf("gyroscope all 0: %d steps, without one %d; want about %d, the same", z.Steps, n.Steps, want)
	}
	if !strings.Contains(z.Input, "gyro=none") {
		t.Errorf("gyroscope all 0: input %q, want it not read", z.Input)
	}
	if s := rec("still"); !strings.Contains(s.Input, "gyro=x,y,z") || s.Steps < 10 {
		t.Errorf("a gyroscope reading 0 through a standing start: input %q, %d steps; want it read, and steps", s.Input, s.Steps)
	}
	if s := rec("short"); !strings.Contains(s.Input, "gyro=none") {
		t.Errorf("a device that stopped within the lookahead: input %q, want its gyroscope checked on what came", s.Input)
	}
	if got := strings.Count(logs.String(), "gyroscope reads 0"); got != 2 {
		t.Errorf("%d log lines about a gyroscope reading 0, want 2 (zeros, short):\n%s", got, logs.String())
	}
}

// TestHubGyroReadAtOnce: a device whose gyroscope reads anything but 0
// is not held for the check: its engine starts with its first push.
func TestHubGyroReadAtOnce(t *testing.T) {
	ss, layout := runner(t, 3, 5)
	h, err := New(Config{DataDir: t.TempDir(), MaxDevices: 1, Engine: gait.Config{Placement: gait.Waist}, Sources: []string{"mqtt"}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.Push("belt", layout, ss[:10]); err != nil {
		t.Fatal(err)
	}
	d, err := h.device("belt")
	if err != nil {
		t.Fatal(err)
	}
	d.mu.Lock()
	started, held := d.rec != nil, len(d.pending)
	d.mu.Unlock()
	if !started || held != 0 {
		t.Errorf("after one push of a moving gyroscope: engine started %v, %d samples held; want started, none held", started, held)
	}
}
