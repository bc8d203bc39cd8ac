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
// acceleration column names (gyro as gx, gy, gz, the datasets' layout),
// the rates turned by rot (another frame than the acceleration's), and
// reads it back through the CSV reader with OwnFrameRates as given, so the
// layout is the one the reader detects.
func csvOf(t *testing.T, ss []sensor.Sample, acc [3]string, gyro bool, rot [3][3]float64, own bool) ([]sensor.Sample, sensor.Layout, string) {
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
			var w [3]float64
			for i := range 3 {
				w[i] = (rot[i][0]*s.Gyr[0] + rot[i][1]*s.Gyr[1] + rot[i][2]*s.Gyr[2]) * 180 / math.Pi
			}
			fmt.Fprintf(&b, ",%.4f,%.4f,%.4f", w[0], w[1], w[2])
		}
		b.WriteString("\n")
	}
	r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{OwnFrameRates: own})
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

// turn is the rotation by a about z, then b about x (rad).
func turn(a, b float64) [3][3]float64 {
	ca, sa := math.Cos(a), math.Sin(a)
	cb, sb := math.Cos(b), math.Sin(b)
	z := [3][3]float64{{ca, -sa, 0}, {sa, ca, 0}, {0, 0, 1}}
	x := [3][3]float64{{1, 0, 0}, {0, cb, -sb}, {0, sb, cb}}
	var r [3][3]float64
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				r[i][j] += x[i][k] * z[k][j]
			}
		}
	}
	return r
}

// TestOwnFrameGyro: the datasets' layout names rates gx, gy, gz whatever
// the acceleration's frame, so a foot recording may come as acc_v, acc_ap,
// acc_ml beside gx, gy, gz — rates about axes the acceleration's are not
// (here turned by 40° and 70° from them). Read with OwnFrameRates (gaitd
// analyze and eval ask for it for a shoe or shank), they are the sensor's
// own (Layout.GyrOwnFrame) and the engine uses them — its detector reads
// only |a| and the swing's principal axis — so the contacts are those of
// the same recording given in the sensor frame (shank running and walking
// at 143 Hz clipped at ±8 g; a shoe running at 200 Hz), not those of the
// accelerometer-only detector (before, the rates were ignored: IC and GCT
// of the accelerometer-only method, up to 15 ms apart). A waist engine,
// which needs rates in the acceleration's frame, ignores them even when
// read: its contacts and run info are those of the recording without them.
func TestOwnFrameGyro(t *testing.T) {
	anat := [3]string{"acc_v", "acc_ap", "acc_ml"}
	id := turn(0, 0)
	other := turn(0.7, 1.2)
	for _, tc := range []struct {
		name string
		cfg  sim.Config
		gc   gait.Config
	}{
		{"shank running", sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 3.5, Rate: 143, ClipG: 8}, gait.Config{Placement: gait.Shank, Side: gait.Left}},
		{"shank walking", sim.Config{Activity: sim.Walking, Placement: sim.Shank, Speed: 1.2, Rate: 143, ClipG: 8}, gait.Config{Placement: gait.Shank, Side: gait.Left}},
		{"shoe running", sim.Config{Activity: sim.Running, Placement: sim.Shoe, Speed: 3.5, Rate: 200}, gait.Config{Placement: gait.Shoe, Side: gait.Left}},
	} {
		cfg := tc.cfg
		cfg.Gyro, cfg.Duration, cfg.Noise, cfg.Side, cfg.Seed = true, 30, 0.3, 'L', 21
		// the sensor frame untilted is the anatomical frame with the
		// mediolateral axis reversed: the same |a|
		ssS, _, truth := simulate(t, cfg)
		cfg.Frame = sensor.FrameAnatomical
		ssA, _, _ := simulate(t, cfg)
		inS, lS, _ := csvOf(t, ssS, [3]string{"ax", "ay", "az"}, true, id, false)
		inA, lA, desc := csvOf(t, ssA, anat, true, other, true)
		if !lA.HasGyro() || !lA.GyrOwnFrame || lA.Frame != sensor.FrameAnatomical {
			t.Fatalf("%s: layout %+v (%s), want anatomical acceleration with the sensor's own rates", tc.name, lA, desc)
		}
		csS, _ := detect(t, tc.gc, lS, inS)
		csA, _ := detect(t, tc.gc, lA, inA)
		lN := lA
		lN.Gyr, lN.GyrOwnFrame = [3]bool{}, false
		csN, _ := detect(t, tc.gc, lN, inA)
		var judged []eval.Truth
		for _, c := range truth {
			if c.Side == gait.Left && c.IC > inA[0].T && c.FC < inA[len(inA)-1].T {
				judged = append(judged, c)
			}
		}
		s := eval.Match(csA, judged, eval.Options{Step: 60 / 170.0})
		gct := eval.Agree(s.GCTErr)
		t.Logf("%s: %d contacts (sensor frame %d, accelerometer only %d), F1 %.3f, GCT MAE %.1f ms", tc.name, len(csA), len(csS), len(csN), s.F1(), 1e3*gct.MAE)
		if s.F1() < 0.97 || !(gct.MAE <= 0.020) {
			t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms; want ≥ 0.97, ≤ 20 ms", tc.name, s.F1(), 1e3*gct.MAE)
		}
		if len(csA) != len(csS) {
			t.Fatalf("%s: %d contacts from acc_v… + gx…, %d from the sensor frame", tc.name, len(csA), len(csS))
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
		t.Logf("%s: IC and GCT within %.2f ms of the sensor frame's (the accelerometer-only method's: %.1f ms)", tc.name, 1e3*worst, 1e3*fromAccOnly)
		if worst > 0.001 {
			t.Errorf("%s: IC or GCT %.1f ms from the sensor frame's: the rates were not read", tc.name, 1e3*worst)
		}
	}

	// waist: the rates are ignored, even when read
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Waist, Rate: 100, Gyro: true, Duration: 20, Noise: 0.2, Frame: sensor.FrameAnatomical, Seed: 22}
	ss, _, _ := simulate(t, cfg)
	in, l, _ := csvOf(t, ss, anat, true, id, true)
	_, lN, _ := csvOf(t, ss, anat, false, id, false)
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
