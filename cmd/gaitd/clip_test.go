package main

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeClipAfterStanding: a shank at 143 Hz clipped at ±8 g whose
// recording starts with 5 s of standing (the CSV reader's lookahead holds
// no saturation plateau) has its saturation found in the stream:
// clipped_steps counts most of the truly clipped contacts, and the summary
// notes it. With --acc-range 8 every one is flagged, from the first.
func TestAnalyzeClipAfterStanding(t *testing.T) {
	for _, gyro := range []bool{false, true} {
		t.Run(fmt.Sprintf("gyro=%v", gyro), func(t *testing.T) {
			cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 3.5, Duration: 60, Rate: 143, ClipG: 8, Gyro: gyro, Noise: 0.3, Standing: 5, Side: 'L', Seed: 23}
			ss, _, truth, err := sim.Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			clip := 8 * sensor.G0
			want := 0
			for _, c := range truth {
				for _, s := range ss {
					if s.T >= c.IC && s.T <= c.FC && (math.Abs(s.Acc[0]) >= 0.995*clip || math.Abs(s.Acc[1]) >= 0.995*clip || math.Abs(s.Acc[2]) >= 0.995*clip) {
						want++
						break
					}
				}
			}
			text, _ := simCSV(t, cfg)
			file := writeTemp(t, "shank.csv", text)
			res := analyzeFile(t, file, "--placement", "shank", "--side", "L")
			got := res.sum.ClippedSteps
			t.Logf("%d contacts, %d truly clipped, %d flagged; input %s", len(res.events), want, got, res.sum.Input)
			if want < 20 {
				t.Fatalf("the simulation clipped %d contacts", want)
			}
			if got == 0 || got > want || float64(got) < 0.75*float64(want) {
				t.Errorf("clipped_steps %d, %d contacts truly clipped", got, want)
			}
			if note := fmt.Sprintf("accelerometer saturated in %d contacts", got); !strings.Contains(res.stdout, note) {
				t.Errorf("no %q in the summary:\n%s", note, res.stdout)
			}
			// the range given: flagged from the first sample, every one
			ranged := analyzeFile(t, file, "--placement", "shank", "--side", "L", "--acc-range", "8")
			t.Logf("--acc-range 8: %d flagged; input %s", ranged.sum.ClippedSteps, ranged.sum.Input)
			if d := ranged.sum.ClippedSteps - want; d < -1 || d > 0 {
				t.Errorf("--acc-range 8: clipped_steps %d, %d contacts truly clipped", ranged.sum.ClippedSteps, want)
			}
			if len(ranged.events) != len(res.events) {
				t.Errorf("--acc-range 8: %d contacts, %d without", len(ranged.events), len(res.events))
			}
		})
	}
}

// TestAnalyzeWaistClipAfterStanding: a sacral V+AP sensor at 100 Hz
// clipped at ±2 g, running at 6 m/s after 6 s of standing (the CSV
// reader's lookahead holds no saturation plateau), reads as with
// --acc-range 2: its saturation is found in the stream, clipped_steps
// counts most of the truly clipped contacts, impact_g is null (it read
// 2.00 g, the range, and the impact signal "ok"), and the median GCT is
// that of --acc-range 2 within 1 ms (it read 196 ms against 191: the
// clipped strides' lowered mean was taken for a zero-g offset).
func TestAnalyzeWaistClipAfterStanding(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Speed: 6, Duration: 36, Rate: 100, ClipG: 2,
		Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Noise: 0.2, Standing: 6, Seed: 11}
	text, truth := simCSV(t, cfg)
	want := 0
	for _, c := range truth {
		if c.IC > cfg.Duration {
			break
		}
		want++
	}
	file := writeTemp(t, "sacrum.csv", text)
	res := analyzeFile(t, file, "--placement", "waist")
	ranged := analyzeFile(t, file, "--placement", "waist", "--acc-range", "2")
	t.Logf("%d contacts, %d flagged (%d with --acc-range 2); GCT %v ms (%v); impact_g %s; input %s",
		len(res.events), res.sum.ClippedSteps, ranged.sum.ClippedSteps, fmtPtr(res.sum.GCTms), fmtPtr(ranged.sum.GCTms), res.sum.raw["impact_g"], res.sum.Input)
	if ranged.sum.ClippedSteps < want*9/10 {
		t.Fatalf("--acc-range 2: %d contacts flagged clipped of %d", ranged.sum.ClippedSteps, want)
	}
	if got := res.sum.ClippedSteps; got > ranged.sum.ClippedSteps || got < ranged.sum.ClippedSteps*3/4 {
		t.Errorf("clipped_steps %d, %d with --acc-range 2", got, ranged.sum.ClippedSteps)
	}
	if s := string(res.sum.raw["impact_g"]); s != "null" {
		t.Errorf("impact_g %s, want null (cut off at the range)", s)
	}
	if g, g0 := res.sum.GCTms, ranged.sum.GCTms; g == nil || g0 == nil || math.Abs(*g-*g0) > 1 {
		t.Errorf("gct_ms %v, %v with --acc-range 2; want within 1 ms", fmtPtr(g), fmtPtr(g0))
	}
}
