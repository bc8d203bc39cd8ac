package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeWitClockJumps: a WitMotion dump whose 0x50 time frames start
// part way, or whose device clock goes back an hour, is analysed on one
// time base (the recording spans its 60 s, every step is found) and the
// input line says the frames were shifted; it used to span decades, or
// lose the half after the jump as samples out of order.
func TestAnalyzeWitClockJumps(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 60, Rate: 100, Gyro: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	frame := func(b []byte, at time.Time) []byte {
		v := [4]int16{int16(uint16(at.Year()-2000) | uint16(at.Month())<<8), int16(uint16(at.Day()) | uint16(at.Hour())<<8),
			int16(uint16(at.Minute()) | uint16(at.Second())<<8), int16(at.Nanosecond() / 1e6)}
		return sensor.AppendWitFrame(b, 0x50, v)
	}
	dir := t.TempDir()
	clean := analyzeBytes(t, dir, "clean.bin", func() []byte {
		var b []byte
		for _, s := range ss {
			b = sensor.AppendWit(frame(b, t0.Add(time.Duration(s.T*1e9))), s, 16)
		}
		return b
	}())
	for _, tc := range []struct {
		name string
		at   func(s sensor.Sample) (time.Time, bool)
	}{
		{"partway.bin", func(s sensor.Sample) (time.Time, bool) { return t0.Add(time.Duration(s.T * 1e9)), s.T >= 20 }},
		{"back.bin", func(s sensor.Sample) (time.Time, bool) {
			at := t0.Add(time.Duration(s.T * 1e9))
			if s.T >= 30 {
				at = at.Add(-time.Hour)
			}
			return at, true
		}},
	} {
		var b []byte
		for _, s := range ss {
			if at, ok := tc.at(s); ok {
				b = frame(b, at)
			}
			b = sensor.AppendWit(b, s, 16)
		}
		res := analyzeBytes(t, dir, tc.name, b)
		if res.sum.DurationS < 59.9 || res.sum.DurationS > 60 || len(res.events) != len(clean.events) || res.sum.Steps != clean.sum.Steps {
			t.Errorf("%s: %.1f s, %d contacts (clean %d)", tc.name, res.sum.DurationS, len(res.events), len(clean.events))
		}
		if !strings.Contains(res.sum.Input, "1 time frames did not continue the stream's time") {
			t.Errorf("%s: input %q", tc.name, res.sum.Input)
		}
	}
}

func analyzeBytes(t *testing.T, dir, name string, b []byte) robustResult {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return analyzeFile(t, p, "--format", "witmotion", "--rate", "100")
}
