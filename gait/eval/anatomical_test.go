package eval_test

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// TestMobgapAnatomical reads each real mobgap walk (a lower-back sensor with
// gyro, tilted 17° from vertical on the healthy subject, 1–4° on the other)
// twice: as recorded, in the sensor frame, and relabelled as anatomical axes
// as mounted (relabel), which the tilt correction levels. Both must find the same contacts: every IC and GCT
// within 1 ms and VO within 1 mm, and the sides agree on 90 % of them (the
// sensor frame learns its forward axis, the anatomical one is given it).
// Read unlevelled (the engine before the tilt correction), the relabelled
// HA001 Test11 walk gave 54 contacts for the sensor frame's 62, and 41 of
// those 62 had no relabelled contact within 1 ms.
func TestMobgapAnatomical(t *testing.T) {
	dirs, err := eval.FindTrials(filepath.Join(datasets, "mobgap"))
	if err != nil || len(dirs) == 0 {
		t.Skipf("datasets not available: %v", err)
	}
	maxTilt := 0.0
	for _, d := range dirs {
		tr, err := eval.LoadTrial(d)
		if err != nil {
			t.Fatal(err)
		}
		ss, l := readSamples(t, tr)
		if l.Frame != sensor.FrameSensor || !l.HasGyro() {
			t.Fatalf("%s: %v, want a sensor frame with gyro", d, l)
		}
		want, _ := runWaist(t, ss, l)
		an, al := relabel(ss, l)
		got, st := runWaist(t, an, al)
		name := filepath.Base(d)
		if !st.TiltKnown {
			t.Errorf("%s: no tilt estimate", name)
		}
		maxTilt = max(maxTilt, st.Tilt)
		if len(got) != len(want) {
			t.Errorf("%s: %d contacts relabelled, %d as recorded", name, len(got), len(want))
			continue
		}
		same := 0
		for i := range want {
			w, g := want[i], got[i]
			if math.Abs(g.IC-w.IC) > 0.001 || !(math.Abs(g.GCT-w.GCT) <= 0.001 || math.IsNaN(g.GCT) && math.IsNaN(w.GCT)) ||
				!(math.Abs(g.VO-w.VO) <= 0.001 || math.IsNaN(g.VO) && math.IsNaN(w.VO)) {
				t.Errorf("%s contact %d: relabelled IC %.3f GCT %.3f VO %.4f, as recorded %.3f %.3f %.4f", name, i, g.IC, g.GCT, g.VO, w.IC, w.GCT, w.VO)
			}
			if g.Side == w.Side {
				same++
			}
		}
		if len(want) > 0 && float64(same) < 0.9*float64(len(want)) {
			t.Errorf("%s: sides agree on %d of %d contacts", name, same, len(want))
		}
		t.Logf("%s: %d contacts, tilt %.1f°, sides agree on %d", name, len(want), st.Tilt, same)
	}
	if maxTilt < 10 {
		t.Errorf("largest tilt %.1f°: no walk exercised the levelling", maxTilt)
	}
}

// TestAPReversed: the real recordings' AP channels read the trunk's braking
// at contact as a drop (Stats.APBrake 0.060–0.245 g) and raise no warning;
// reversed (acc_ap positive backward, ML turned with it) they read the same
// rise and the summary says the channel looks reversed.
func TestAPReversed(t *testing.T) {
	type rec struct {
		name string
		ss   []sensor.Sample
		l    sensor.Layout
	}
	var recs []rec
	if tr, err := eval.LoadTrial(filepath.Join(datasets, "davis", "run0021")); err == nil {
		ss, l := readSamples(t, tr)
		recs = append(recs, rec{"davis", ss, l})
	}
	dirs, _ := eval.FindTrials(filepath.Join(datasets, "mobgap"))
	for _, d := range dirs {
		tr, err := eval.LoadTrial(d)
		if err != nil {
			t.Fatal(err)
		}
		an, l := relabel(readSamples(t, tr))
		recs = append(recs, rec{filepath.Base(d), an, l})
	}
	if len(recs) == 0 {
		t.Skip("datasets not available")
	}
	for _, rc := range recs {
		for _, sign := range []float64{1, -1} {
			in := make([]sensor.Sample, len(rc.ss))
			for i, s := range rc.ss {
				// reversed: turned 180° about the vertical (AP and ML)
				s.Acc[1], s.Acc[2], s.Gyr[1], s.Gyr[2] = sign*s.Acc[1], sign*s.Acc[2], sign*s.Gyr[1], sign*s.Gyr[2]
				in[i] = s
			}
			cs, st := runWaist(t, in, rc.l)
			warned := false
			for _, w := range waistReport(cs, st).Warnings {
				warned = warned || strings.Contains(w, "acc_ap) looks reversed")
			}
			t.Logf("%s, AP sign %+.0f: APBrake %+.3f g over %d contacts, warned %v", rc.name, sign, st.APBrake(), st.APBrakeN, warned)
			if st.APBrakeN < 10 || sign*st.APBrake() < 0.05 || warned != (sign < 0) {
				t.Errorf("%s, AP sign %+.0f: APBrake %+.3f g over %d contacts, warned %v", rc.name, sign, st.APBrake(), st.APBrakeN, warned)
			}
		}
	}
}

// relabel turns mobgap's sensor-frame samples (x up, y right, z forward)
// into anatomical axes as mounted: (V, AP, ML) = (x, z, y), the rates alike.
func relabel(ss []sensor.Sample, l sensor.Layout) ([]sensor.Sample, sensor.Layout) {
	an := make([]sensor.Sample, len(ss))
	for i, s := range ss {
		an[i] = sensor.Sample{T: s.T, Acc: [3]float64{s.Acc[0], s.Acc[2], s.Acc[1]}, Gyr: [3]float64{s.Gyr[0], s.Gyr[2], s.Gyr[1]}}
	}
	l.Frame = sensor.FrameAnatomical
	return an, l
}

// TestAPDropFastCadence: the real running trial's time axis compressed by
// k (its accelerations kept: a runner of the same force profile at 195,
// 220 and 251 steps/min, contact 218–170 ms). Its trunk brakes in a short
// dip after contact, the AP acceleration positive again within 60 ms. The
// drop across contact was taken over a fixed 80 ms either side, which at
// 220 steps/min reaches past the dip into the propulsion: the forward
// channel read a rise (−0.04 g), the summary called it reversed, and a
// sensor-frame waist, which learns its forward axis from the same drop,
// turned it sideways (braking 0.06 m/s for the anatomical 0.33). The
// windows are a fifth of the step, at most 80 ms (walking keeps 80 ms), so
// the drop reads alike at every cadence. Each compression must read a drop
// of at least 0.05 g with no warning, and its sensor-frame twins (tilted,
// turned about the vertical, noisy) the anatomical braking within 10 %.
func TestAPDropFastCadence(t *testing.T) {
	_, layout, ss := davisSamples(t)
	for _, k := range []float64{0.9, 0.8, 0.7} {
		in := append([]sensor.Sample(nil), ss...)
		for i := range in {
			in[i].T *= k
		}
		l := layout
		l.Rate /= k
		cs, st := runWaist(t, in, l)
		warned := false
		for _, w := range waistReport(cs, st).Warnings {
			warned = warned || strings.Contains(w, "acc_ap) looks reversed")
		}
		ref := medianBraking(cs)
		// the sensor frame: the compressed recording resampled to 100 Hz
		// (degrade works on the 240 Hz original: 100·k Hz there), tilted
		// and turned about the vertical, with noise
		for _, yaw := range []float64{0.6, 2.3, 4.0, 5.4} {
			sf, sl := degrade(t, ss, 100*k, false, [3]float64{0.25, 0.2, yaw}, 0, 0.2, 0)
			for i := range sf {
				sf[i].T *= k
			}
			sl.Rate /= k
			scs, _ := runWaist(t, sf, sl)
			got := medianBraking(scs)
			t.Logf("k %.1f, yaw %.1f: braking %.3f m/s sensor frame, %.3f anatomical", k, yaw, got, ref)
			if !(math.Abs(got-ref) <= 0.1*ref) {
				t.Errorf("k %.1f, yaw %.1f: sensor-frame braking %.3f m/s, anatomical %.3f: its forward axis was not found", k, yaw, got, ref)
			}
		}
		t.Logf("k %.1f: APBrake %+.3f g over %d contacts, warned %v", k, st.APBrake(), st.APBrakeN, warned)
		if st.APBrakeN < 10 || st.APBrake() < 0.05 || warned {
			t.Errorf("k %.1f: APBrake %+.3f g over %d contacts, warned %v; want a drop of 0.05 g or more, no warning", k, st.APBrake(), st.APBrakeN, warned)
		}
	}
}

// medianBraking is the median of the contacts' braking, m/s (NaN: none).
func medianBraking(cs []gait.Contact) float64 {
	var b []float64
	for _, c := range cs {
		if !math.IsNaN(c.Braking) {
			b = append(b, c.Braking)
		}
	}
	if len(b) == 0 {
		return math.NaN()
	}
	slices.Sort(b)
	return b[len(b)/2]
}
