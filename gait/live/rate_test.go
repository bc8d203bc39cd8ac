package live

import (
	"math"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A device whose payloads declare no rate (csv, single-json, Sensor Logger,
// SenML) is analysed at its own rate, as `analyze` reads it, also when its
// clock ticks in whole milliseconds (an ESP32's millis(), a payload's epoch
// ms) or jitters (a phone). The median interval of its first 32 samples,
// used before, read 104 Hz in ms (9 or 10 ms) as 100 Hz, 208 Hz as 200 or
// 250, 416 Hz as 333 or 500, and a 104 Hz phone clock jittering by 2 ms as
// 108: the engine resampled the stream to that grid, and a shoe at 208 Hz
// had its impacts 5 % and loading rates 12 % under analyze's of the same
// samples (a black-box round over MQTT).
func TestHubRateOfCoarseClock(t *testing.T) {
	for _, tc := range []struct {
		rate, jitter float64
		ms           bool // timestamps in whole ms (else as generated)
		batch        int
	}{
		{52, 0, true, 10}, {100, 0, true, 10}, {104, 0, true, 10}, {104, 0, true, 1}, {208, 0, true, 20},
		{416, 0, true, 40}, {1000, 0, true, 100}, {104, 0.002, false, 10}, {100, 0.002, false, 1}, {200, 0.001, false, 10}, {50, 0.004, false, 5},
	} {
		ss, layout := clockSamples(t, tc.rate, tc.jitter, tc.ms)
		recs := hubRuns(t, layout, ss, tc.batch)
		if recs[0].RateHz != tc.rate {
			t.Errorf("%v Hz (ms clock %v, jitter %v s): analysed at %v Hz", tc.rate, tc.ms, tc.jitter, recs[0].RateHz)
		}
	}
}

// A device that sent too little to span the time the rate estimate waits
// for (at least 32 samples) and then stopped is still analysed at
// shutdown, as before.
func TestHubShortDeviceAnalysedAtClose(t *testing.T) {
	ss, layout := runner(t, 3, 1)
	layout.Rate = 0
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Push("d", layout, ss[:60]); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if d := h.lookup("d"); d == nil || d.rec == nil {
		t.Error("no recorder started at shutdown")
	}
	if v := testutil.ToFloat64(h.m.rejected.WithLabelValues("d")); v != 0 {
		t.Errorf("gaitd_rejected_samples_total = %v, want 0", v)
	}
}

// clockSamples simulates 8 s of running at rate Hz with the given timestamp
// jitter (s), on the epoch, in whole ms when ms is set (an ESP32's
// millis(), a payload's epoch ms); the layout declares no rate.
func clockSamples(t *testing.T, rate, jitter float64, ms bool) ([]sensor.Sample, sensor.Layout) {
	t.Helper()
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 8, Rate: rate, Gyro: true, Seed: 5, Jitter: jitter})
	if err != nil {
		t.Fatal(err)
	}
	const epoch = 1.7e9
	for i := range ss {
		if ms {
			ss[i].T = (math.Floor(ss[i].T*1000+0.3) + epoch*1000) / 1000
		} else {
			ss[i].T += epoch
		}
	}
	layout.Rate = 0
	return ss, layout
}

// hubRuns pushes ss through a hub's device in batches of batch samples,
// closes the hub and returns its one run's record.
func hubRuns(t *testing.T, layout sensor.Layout, ss []sensor.Sample, batch int) []runs.Record {
	t.Helper()
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < len(ss); k += batch {
		if err := h.Push("d", layout, ss[k:min(k+batch, len(ss))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := runs.List(dir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d samples: runs %v %+v", len(ss), err, recs)
	}
	return recs
}
