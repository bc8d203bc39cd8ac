package gait_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// csvOf writes samples as a CSV recording in g and deg/s under the given
// acceleration column names (gyro as gx, gy, gz, the datasets' layout) and
// reads it back through the CSV reader, so the layout is the one the
// reader detects.
func csvOf(t *testing.T, ss []sensor.Sample, acc [3]string, gyro bool) ([]sensor.Sample, sensor.Layout, string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("t," + strings.Join(acc[:], ","))
	if gyro {
		b.WriteString(",gx,gy,gz")
	}
	b.WriteString("\n")
	for _, s := range ss {
		fmt.Fprintf(&b, "%.6f,%.5f,%.5f,%.5f", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
		if gyro {
			fmt.Fprintf(&b, ",%.4f,%.4f,%.4f", s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
		}
		b.WriteString("\n")
	}
	r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []sensor.Sample
	var s sensor.Sample
	for r.Read(&s) == nil {
		out = append(out, s)
	}
	return out, r.Layout(), r.Describe()
}

// TestOwnFrameGyro: the datasets' layout names rates gx, gy, gz whatever
// the acceleration's frame, so a shank recording may come as acc_v, acc_ap,
// acc_ml beside gx, gy, gz. The reader keeps those rates as the sensor's
// own (Layout.GyrOwnFrame) and a shank engine uses them — its detector
// reads only |a| and the swing's principal axis — so the contacts are
// those of the same recording given in the sensor frame (running and
// walking at 143 Hz clipped at ±8 g), not those of the accelerometer-only
// detector (before, the rates were ignored: IC and GCT of the
// accelerometer-only method, up to several ms apart). A waist engine,
// which needs rates in the acceleration's frame, ignores them: its
// contacts and run info are those of the recording without them.
func TestOwnFrameGyro(t *testing.T) {
	anat := [3]string{"acc_v", "acc_ap", "acc_ml"}
	for _, act := range []sim.Activity{sim.Running, sim.Walking} {
		cfg := sim.Config{Activity: act, Placement: sim.Shank, Speed: 3.5, Rate: 143, ClipG: 8, Gyro: true, Duration: 30, Noise: 0.3, Side: 'L', Seed: 21}
		if act == sim.Walking {
			cfg.Speed = 1.2
		}
		// the sensor frame untilted is the anatomical frame with the
		// mediolateral axis reversed: the same |a| and principal axis
		ssS, _, truth := simulate(t, cfg)
		cfg.Frame = sensor.FrameAnatomical
		ssA, _, _ := simulate(t, cfg)
		inS, lS, _ := csvOf(t, ssS, [3]string{"ax", "ay", "az"}, true)
		inA, lA, desc := csvOf(t, ssA, anat, true)
		if !lA.HasGyro() || !lA.GyrOwnFrame || lA.Frame != sensor.FrameAnatomical {
			t.Fatalf("%v: layout %+v (%s), want anatomical acceleration with the sensor's own rates", act, lA, desc)
		}
		gc := gait.Config{Placement: gait.Shank, Side: gait.Left}
		csS, _ := detect(t, gc, lS, inS)
		csA, _ := detect(t, gc, lA, inA)
		lN := lA
		lN.Gyr, lN.GyrOwnFrame = [3]bool{}, false
		csN, _ := detect(t, gc, lN, inA)
		var judged []eval.Truth
		for _, c := range truth {
			if c.Side == gait.Left && c.IC > inA[0].T && c.FC < inA[len(inA)-1].T {
				judged = append(judged, c)
			}
		}
		s := eval.Match(csA, judged, eval.Options{Step: 60 / 170.0})
		gct := eval.Agree(s.GCTErr)
		t.Logf("%v: %d contacts (sensor frame %d, accelerometer only %d), F1 %.3f, GCT MAE %.1f ms", act, len(csA), len(csS), len(csN), s.F1(), 1e3*gct.MAE)
		if s.F1() < 0.97 || !(gct.MAE <= 0.020) {
			t.Errorf("%v: F1 %.3f, GCT MAE %.1f ms; want ≥ 0.97, ≤ 20 ms", act, s.F1(), 1e3*gct.MAE)
		}
		if len(csA) != len(csS) {
			t.Fatalf("%v: %d contacts from acc_v… + gx…, %d from the sensor frame", act, len(csA), len(csS))
		}
		// |a − b|, 0 when both are unknown (NaN), +Inf when one is
		diff := func(a, b float64) float64 {
			switch {
			case math.IsNaN(a) && math.IsNaN(b):
				return 0
			case math.IsNaN(a) || math.IsNaN(b):
				return math.Inf(1)
			}
			return math.Abs(a - b)
		}
		var worst, fromAccOnly float64
		for i := range csA {
			worst = max(worst, diff(csA[i].IC, csS[i].IC), diff(csA[i].GCT, csS[i].GCT))
		}
		for i := range min(len(csA), len(csN)) {
			fromAccOnly = max(fromAccOnly, diff(csA[i].IC, csN[i].IC), diff(csA[i].GCT, csN[i].GCT))
		}
		t.Logf("%v: IC and GCT within %.2f ms of the sensor frame's (the accelerometer-only method's: %.1f ms)", act, 1e3*worst, 1e3*fromAccOnly)
		if worst > 0.001 {
			t.Errorf("%v: IC or GCT %.1f ms from the sensor frame's: the rates were not read", act, 1e3*worst)
		}
	}

	// waist: the rates are ignored
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Rate: 100, Gyro: true, Duration: 20, Noise: 0.2, Frame: sensor.FrameAnatomical, Seed: 22}
	ss, _, _ := simulate(t, cfg)
	in, l, _ := csvOf(t, ss, anat, true)
	_, lN, _ := csvOf(t, ss, anat, false)
	gc := gait.Config{Placement: gait.Waist}
	cs, _ := detect(t, gc, l, in)
	csN, _ := detect(t, gc, lN, in)
	if len(cs) == 0 || fmt.Sprint(cs) != fmt.Sprint(csN) {
		t.Errorf("waist: %d contacts with the sensor's own rates, %d without; want the same contacts", len(cs), len(csN))
	}
	if gait.NewRunInfo(gc, l).Gyro {
		t.Error("waist: run info says a gyroscope is read")
	}
	if !gait.NewRunInfo(gait.Config{Placement: gait.Shank}, l).Gyro {
		t.Error("shank: run info says no gyroscope is read")
	}
}
