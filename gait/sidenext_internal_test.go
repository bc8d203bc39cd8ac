package gait

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestSideNextMeans: the side evidence's window means read for the next
// contact and used again when it is emitted (sideNext) change no output:
// an engine that reads every mean afresh labels a tilted sensor-frame run
// with gyro (and a gap, which restarts the sample indexes) bit for bit
// alike. The memo is read only for the same IC sample, and only while its
// windows are held.
func TestSideNextMeans(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true,
		Frame: sensor.FrameSensor, Tilt: [3]float64{0.1, 0.2, 0.3}, Noise: 0.05, Seed: 11,
		Dropouts: []sim.Gap{{Start: 30, Dur: 3}}}
	ss, layout, _, err := sim.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run := func(memo bool) []Contact {
		e, err := New(Config{Placement: Waist}, layout)
		if err != nil {
			t.Fatal(err)
		}
		e.noMemo = !memo
		return e.Flush(e.PushBatch(nil, ss))
	}
	with, without := run(true), run(false)
	if len(with) != len(without) || len(with) < 100 {
		t.Fatalf("%d contacts with the memo, %d without", len(with), len(without))
	}
	for i := range with {
		a, b := with[i], without[i]
		if a.Side != b.Side || math.Float64bits(a.SideConf) != math.Float64bits(b.SideConf) || math.Float64bits(a.IC) != math.Float64bits(b.IC) {
			t.Fatalf("contact %d at %.3f s: %v %.17g with the memo, %v %.17g without", i, a.IC, a.Side, a.SideConf, b.Side, b.SideConf)
		}
	}

	// reuse: a poisoned memo shows in the mediolateral evidence at its
	// own IC sample while the windows are held, and nowhere else
	e, err := New(Config{Placement: Waist}, layout)
	if err != nil {
		t.Fatal(err)
	}
	e.PushBatch(nil, ss[:2000])
	if !e.fwdKnown {
		t.Fatal("no forward direction after 20 s")
	}
	ic := float64(e.n - 40)
	_, fresh := e.sideFeatures(ic, 0.35, false)
	_, next := e.sideFeatures(ic, 0.35, true)
	if math.IsNaN(next) || next != fresh {
		t.Fatalf("next contact's evidence %v, read afresh %v", next, fresh)
	}
	e.sideNext.a1 += 100 * e.right[0] // +100 g along the right direction
	e.sideNext.a2 += 100 * e.right[1]
	if _, got := e.sideFeatures(ic, 0.35, false); got == fresh {
		t.Errorf("the memo at the same IC sample is not read")
	}
	if _, got := e.sideFeatures(ic+1, 0.35, false); math.Abs(got-fresh) > 1 {
		t.Errorf("the memo is read for another IC sample")
	}
	poisoned := e.sideNext
	e.PushBatch(nil, ss[2000:2000+len(e.av.buf)-30]) // the windows fall out of the rings
	e.sideNext = poisoned
	if _, got := e.sideFeatures(ic, 0.35, false); math.Abs(got) > 1 {
		t.Errorf("the memo is read after its windows left the rings: %v", got)
	}
}

// TestSideNextWholeWindow: the next contact's yaw-rate mean near its IC
// (±0.05 s) is kept only when its window had fully arrived when read. Its
// held check is on the step's window (±step), which a step under 0.05 s
// (Config.MinStep allows it) leaves shorter: read early, that mean was
// cut at the newest sample, and reused at the contact's own turn it gave
// other evidence than the whole window read afresh there.
func TestSideNextWholeWindow(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		lag  int64 // samples held after the IC when the next contact is read
	}{
		{25, 2},
		{100, 4},
		{1000, 30},
	} {
		cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: tc.rate, Gyro: true,
			Frame: sensor.FrameAnatomical, Noise: 0.05, Seed: 3}
		ss, layout, _, err := sim.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(Config{Placement: Waist, MinStep: 0.01}, layout)
		if err != nil {
			t.Fatal(err)
		}
		const step = 0.02 // s: under the 0.05 s either side of IC
		k := int(10 * tc.rate)
		e.PushBatch(nil, ss[:k])
		ic := float64(e.n - tc.lag)
		if w, h := math.Ceil(0.05*e.rate), math.Round(step*e.rate); h+1 > float64(tc.lag) || w < float64(tc.lag) {
			t.Fatalf("%v Hz: the case needs the step's window held (%v ≤ %d) and the near one not (%v ≥ %d)", tc.rate, h+1, tc.lag, w, tc.lag)
		}
		if y, _ := e.sideFeatures(ic, step, true); math.IsNaN(y) {
			t.Fatalf("%v Hz: no yaw evidence for the next contact", tc.rate)
		}
		memo := e.sideNext
		e.PushBatch(nil, ss[k:k+int(0.2*tc.rate)]) // the near window arrives
		e.noMemo = true
		fresh, _ := e.sideFeatures(ic, step, false)
		e.noMemo = false
		e.sideNext = memo
		got, _ := e.sideFeatures(ic, step, false)
		if math.IsNaN(fresh) || math.Float64bits(got) != math.Float64bits(fresh) {
			t.Errorf("%v Hz: yaw evidence at its own turn %.17g, read afresh %.17g", tc.rate, got, fresh)
		}
	}
}
