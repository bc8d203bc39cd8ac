package live

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
)

// TestHubForget: a device with no sample for Config.Forget and no open
// run frees its place, and its metric series go; one with an open run, a
// pinned (serial) one, and all of them with Forget 0, stay. Devices were
// never dropped: rotating device IDs (a phone app naming each session
// anew) filled MaxDevices until restart.
func TestHubForget(t *testing.T) {
	var mu sync.Mutex
	var forgotten []string
	h, err := New(Config{DataDir: t.TempDir(), MaxDevices: 3, Idle: 5 * time.Second, Forget: time.Minute, Engine: gait.Config{Placement: gait.Waist},
		OnForget: func(name string) { mu.Lock(); forgotten = append(forgotten, name); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.AddDevice("serial-1"); err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 20)
	if err := h.Push("phone-a", layout, ss); err != nil {
		t.Fatal(err)
	}
	if err := h.Push("phone-b", layout, ss[:10]); err != nil { // (too few to tell a rate: pending)
		t.Fatal(err)
	}
	if err := h.Push("phone-c", layout, ss); !errors.Is(err, ErrTooManyDevices) {
		t.Fatalf("a fourth device: %v, want refused", err)
	}
	series := func(name string) int { return deviceSeries(h, name) }
	if series("phone-a") == 0 || series("phone-b") == 0 {
		t.Fatal("no series of the devices")
	}
	// under the forget time: kept
	h.quiet(time.Now().Add(30 * time.Second))
	if len(h.all()) != 3 {
		t.Fatalf("%d devices after 30 s, want 3", len(h.all()))
	}
	// the open run of phone-a closes by the idle time (30 s), so after a
	// minute both phones go; serial-1 stays
	h.quiet(time.Now().Add(61 * time.Second))
	if names := deviceNames(h); strings.Join(names, ",") != "serial-1" {
		t.Fatalf("devices %v after 61 s, want serial-1", names)
	}
	mu.Lock()
	if strings.Join(forgotten, ",") != "phone-a,phone-b" && strings.Join(forgotten, ",") != "phone-b,phone-a" {
		t.Errorf("OnForget got %v", forgotten)
	}
	mu.Unlock()
	if n := series("phone-a") + series("phone-b"); n != 0 {
		t.Errorf("%d series of forgotten devices left", n)
	}
	if recs, err := runs.List(h.cfg.DataDir); err != nil || len(recs) != 1 || recs[0].Device != "phone-a" {
		t.Errorf("runs %v %+v, want phone-a's", err, recs)
	}
	// the place is free: a new device is taken, and the old name comes
	// back as a new device (its counters from 0)
	if err := h.Push("phone-c", layout, ss[:500]); err != nil {
		t.Fatalf("a new device after two were forgotten: %v", err)
	}
	if err := h.Push("phone-a", layout, ss[:500]); err != nil {
		t.Fatalf("phone-a again: %v", err)
	}
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("phone-a")); v != 0 {
		t.Errorf("phone-a's runs_total %v, want 0 (a new device)", v)
	}
}

// An open run keeps its device (a forget time under the idle time): it is
// forgotten once the idle time has closed and written its run.
func TestHubForgetOpenRun(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Idle: 2 * time.Minute, Forget: time.Minute, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ss, layout := runner(t, 1, 20)
	if err := h.Push("phone-a", layout, ss); err != nil {
		t.Fatal(err)
	}
	h.quiet(time.Now().Add(90 * time.Second))
	if len(h.all()) != 1 {
		t.Fatalf("a device with an open run forgotten")
	}
	h.quiet(time.Now().Add(121 * time.Second))
	if len(h.all()) != 0 {
		t.Errorf("devices %v after the idle time, want none", deviceNames(h))
	}
	if recs, err := runs.List(h.cfg.DataDir); err != nil || len(recs) != 1 {
		t.Errorf("runs %v %+v, want the one written by the idle close", err, recs)
	}
}

// With Forget 0 no device is forgotten.
func TestHubForgetNever(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Idle: time.Second, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ss, layout := runner(t, 1, 5)
	h.Push("phone-a", layout, ss)
	h.quiet(time.Now().Add(time.Hour))
	h.quiet(time.Now().Add(100 * time.Hour))
	if len(h.all()) != 1 {
		t.Errorf("devices %v, want phone-a kept", deviceNames(h))
	}
}

func deviceNames(h *Hub) []string {
	var out []string
	for _, d := range h.all() {
		out = append(out, d.name)
	}
	slices.Sort(out)
	return out
}

// A run closed whose write failed keeps its device past the forget time,
// and waits for its retry: the forget check, every second, does not write
// it each time (each an ERROR line), and a shutdown writes it.
func TestHubForgetUnwrittenRun(t *testing.T) {
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Idle: 5 * time.Second, Forget: time.Minute, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 20)
	if err := h.Push("phone-a", layout, ss); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "phone-a") // a file where the device's folder goes
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h.quiet(time.Now().Add(10 * time.Second)) // the run closes; its write fails
	for _, s := range []time.Duration{61, 62, 63} {
		h.quiet(time.Now().Add(s * time.Second))
	}
	if names := deviceNames(h); len(names) != 1 {
		t.Fatalf("devices %v: the device of a run not written was forgotten", names)
	}
	if v := testutil.ToFloat64(h.m.writeErrs.WithLabelValues("phone-a")); v != 1 {
		t.Errorf("%v write failures, want 1 (the retry waits)", v)
	}
	os.Remove(blocker)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if recs, err := runs.List(dir); err != nil || len(recs) != 1 {
		t.Errorf("runs %v %+v, want the one written at shutdown", err, recs)
	}
}

// deviceSeries counts the metric series of h labelled with device name.
func deviceSeries(h *Hub, name string) int {
	mfs, _ := h.reg.Gather()
	k := 0
	for _, mf := range mfs {
		for _, m := range mf.Metric {
			for _, l := range m.Label {
				if l.GetName() == "device" && l.GetValue() == name {
					k++
				}
			}
		}
	}
	return k
}
