package runs

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
)

// fakeContacts makes n alternating running contacts at side confidence
// conf (GCT 240/260 ms: a 48 % balance).
func fakeContacts(n int, conf float64) []gait.Contact {
	var cs []gait.Contact
	for i := 0; i < n; i++ {
		side := gait.Left
		gct := 0.24
		if i%2 == 1 {
			side, gct = gait.Right, 0.26
		}
		ic := 10 + 0.35*float64(i)
		cs = append(cs, gait.Contact{IC: ic, FC: ic + gct, GCT: gct, Step: 0.35, Flight: 0.35 - gct, Side: side, SideConf: conf,
			ImpactG: 2, VO: 0.08, Braking: math.NaN(), PeakDecel: math.NaN(), LoadingRate: math.NaN(), Pitch: math.NaN(), Roll: math.NaN(), Yaw: math.NaN(),
			Turn: math.NaN(), StrikeAngle: math.NaN(), HarmonicRatio: math.NaN(), StepReg: math.NaN(), StrideReg: math.NaN(), PeakRate: math.NaN(), Activity: gait.Running})
	}
	return cs
}

// TestLiveBalanceSideFloor: the live balance gauge takes the configured
// side floor, as the run's summary does (it kept 0.6: NaN live for sides of
// confidence 0.5 and a floor of 0.4), and needs a quarter of the window's
// steps per foot (5 of 20), not a quarter of the steps so far.
func TestLiveBalanceSideFloor(t *testing.T) {
	dir := t.TempDir()
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout,
		Signals: gait.SignalConfig{SideFloor: 0.4}, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	cs := fakeContacts(40, 0.5)
	for i, c := range cs {
		r.contact(c)
		// 8 contacts: 4 a foot, under a quarter of the window (5)
		if b := r.Live().BalancePct; i == 7 && !math.IsNaN(b) {
			t.Errorf("live balance %v from 4 contacts a foot", b)
		}
	}
	live := r.Live().BalancePct
	if !(math.Abs(live-48) <= 1e-9) {
		t.Errorf("live balance %v, want 48 (GCT 240/260 ms at side confidence 0.5, floor 0.4)", live)
	}
	id, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Load(dir, "d", id)
	if err != nil {
		t.Fatal(err)
	}
	var sum any = nil
	if rec.GCTBalancePct != nil {
		sum = *rec.GCTBalancePct
	}
	t.Logf("live balance %v, run summary balance %v", live, sum)
	if rec.GCTBalancePct == nil || !(math.Abs(*rec.GCTBalancePct-live) <= 1e-9) {
		t.Errorf("live gauge and summary disagree on the configured side floor: live %v, summary %v", live, sum)
	}
}

// TestRunIDCollision: two runs opened in the same millisecond are both
// kept, and each summary.json holds its own folder's name as id (the
// second held the first's).
func TestRunIDCollision(t *testing.T) {
	dir := t.TempDir()
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	fixed := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: func() time.Time { return fixed }})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for k := 0; k < 2; k++ {
		for _, c := range fakeContacts(30, 0.9) {
			c.IC += float64(k) * 100
			c.FC += float64(k) * 100
			r.contact(c)
		}
		id, err := r.Stop()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		b, _ := os.ReadFile(filepath.Join(dir, "d", id, "summary.json"))
		var m map[string]any
		json.Unmarshal(b, &m)
		if m["id"] != id {
			t.Errorf("folder %s: summary.json id %v", id, m["id"])
		}
	}
}

// TestRetryAfterClockRestart: a write that failed once (and then
// succeeded) does not hold back the idle closes of a later stream on a
// clock that restarted below it (the retry's wait was kept: one run of 255
// steps for two bouts 40 s apart with Idle 10 s).
func TestRetryAfterClockRestart(t *testing.T) {
	dir := t.TempDir()
	ss, layout := session(t) // 60 s run, 40 s standing, 30 s run
	wall := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Idle: 10 * time.Second,
		Clock: clock(), Now: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	push := func(ss []sensor.Sample, shift float64) {
		for _, s := range ss {
			s.T += shift
			wall = wall.Add(10 * time.Millisecond)
			if err := r.Push(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	push(ss[:2000], 3600)                             // 20 s of running on a clock at 3600 s
	os.WriteFile(filepath.Join(dir, "d"), nil, 0o644) // a file where the device's folder goes
	if _, err := r.Stop(); err == nil {
		t.Fatal("want a write failure")
	}
	os.Remove(filepath.Join(dir, "d"))
	if _, err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	push(ss, 0) // the device reboots: the same session on a clock from 0
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	recs, _ := List(dir)
	t.Logf("%d runs written, restarts %d", len(recs), r.Restarts())
	for _, rec := range recs {
		t.Logf("  %s steps %d", rec.ID, rec.Steps)
	}
	for _, rec := range recs {
		if rec.Steps > 200 {
			t.Errorf("run %s of %d steps: the 60 s and 30 s bouts 40 s apart (Idle 10 s) were not split", rec.ID, rec.Steps)
		}
	}
}

// TestLiveBalanceWindowQuarter: the live balance needs a quarter of the
// window's steps per foot (README: 5 of the default 20), also at the start
// of a run (it took a quarter of the steps so far: 2 a foot).
func TestLiveBalanceWindowQuarter(t *testing.T) {
	layout := sensor.Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	r, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Clock: clock()})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range fakeContacts(10, 0.9) {
		r.contact(c)
		b := r.Live().BalancePct
		if n := (i + 1) / 2; n < 5 && !math.IsNaN(b) || n == 5 && !(math.Abs(b-48) <= 1e-9) {
			t.Errorf("%d contacts (%d a foot): live balance %v", i+1, n, b)
		}
	}
}
