package gait_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// TestDavisGradePitch stands the real davis trial (sacral V+AP at 240 Hz,
// force-plate truth) in for a treadmill whose incline changes under the
// runner: the trunk, which stays near gravity's vertical, leans further
// forward uphill and less downhill, so a sacral sensor's V and AP channels
// turn in the sagittal plane while they are still named vertical and
// anteroposterior. The pitch (positive: the sensor's top forward, AP
// reading −g·sin) ramps over the trial, steps at its middle, or is held
// back, at 240 Hz as recorded and resampled to 100 Hz with noise. Each
// variant finds every contact and meets the acceptance bar (F1 ≥ 0.97,
// GCT MAE ≤ 20 ms, cadence within 1 step/min), with IC and GCT MAE within
// 3 ms of the unturned recording's. (TestDavisSacralTilt turns the trial
// by fixed angles up to ±30°.)
func TestDavisGradePitch(t *testing.T) {
	dir := filepath.Join("../../shared/datasets", "davis", "run0021")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("datasets not available: %v", err)
	}
	tr, err := eval.LoadTrial(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(tr.Input())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: tr.Input()})
	if err != nil {
		t.Fatal(err)
	}
	var ss []sensor.Sample
	for {
		var s sensor.Sample
		if r.Read(&s) != nil {
			break
		}
		ss = append(ss, s)
	}
	layout := r.Layout()
	t0, t1 := ss[0].T, ss[len(ss)-1].T
	mid := (t0 + t1) / 2
	for _, rate := range []float64{240, 100} {
		noise := 0.0
		if rate != 240 {
			noise = 0.3
		}
		var ic0, gct0 float64
		for _, v := range []struct {
			name  string
			pitch func(t float64) float64 // rad
		}{
			{"level", func(float64) float64 { return 0 }},
			{"ramp 0→+12°", func(t float64) float64 { return 12 * deg * (t - t0) / (t1 - t0) }},
			{"ramp +5→−5°", func(t float64) float64 { return 5 * deg * (1 - 2*(t-t0)/(t1-t0)) }},
			{"step +8° mid-trial", func(t float64) float64 { return 8 * deg * b2f(t >= mid) }},
			{"step −6° mid-trial", func(t float64) float64 { return -6 * deg * b2f(t >= mid) }},
			{"held +10°", func(float64) float64 { return 10 * deg }},
		} {
			in, l := pitchedDavis(t, ss, layout, rate, noise, v.pitch)
			e, err := gait.New(gait.Config{Placement: gait.Waist}, l)
			if err != nil {
				t.Fatal(err)
			}
			var cs []gait.Contact
			for _, s := range in {
				cs = e.Push(cs, s)
			}
			cs = e.Flush(cs)
			s := eval.Match(cs, tr.Truth, eval.Options{})
			ic, gct := eval.Agree(s.ICErr), eval.Agree(s.GCTErr)
			cad := s.Cadence - s.TrueCadence
			name := fmt.Sprintf("%3.0f Hz noise %.1f, %s", rate, noise, v.name)
			t.Logf("%-36s F1 %.3f  IC MAE %4.1f ms  GCT bias %+5.1f MAE %4.1f ms  cadence %+5.2f spm", name, s.F1(), 1e3*ic.MAE, 1e3*gct.Bias, 1e3*gct.MAE, cad)
			if s.F1() < 0.97 || s.FN > 0 || !(gct.MAE <= 0.020) || !(math.Abs(cad) <= 1) {
				t.Errorf("%s: F1 %.3f (%d missed), GCT MAE %.1f ms, cadence %+.2f spm; want every contact, GCT MAE ≤ 20 ms, cadence within 1",
					name, s.F1(), s.FN, 1e3*gct.MAE, cad)
			}
			if v.name == "level" {
				ic0, gct0 = ic.MAE, gct.MAE
			} else if math.Abs(ic.MAE-ic0) > 0.003 || math.Abs(gct.MAE-gct0) > 0.003 {
				t.Errorf("%s: IC MAE %.1f, GCT MAE %.1f ms; level %.1f, %.1f ms", name, 1e3*ic.MAE, 1e3*gct.MAE, 1e3*ic0, 1e3*gct0)
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// pitchedDavis resamples the davis V+AP channels to rate (4th-order
// zero-phase low-pass at 0.4·rate, linear interpolation; as recorded at
// 240 Hz), turns them by pitch(t) in the sagittal plane (V′ = cos·V +
// sin·AP, AP′ = −sin·V + cos·AP: the top of the sensor forward for a
// positive pitch) and adds white noise of sd noise m/s².
func pitchedDavis(t *testing.T, ss []sensor.Sample, l sensor.Layout, rate, noise float64, pitch func(float64) float64) ([]sensor.Sample, sensor.Layout) {
	t.Helper()
	const fs0 = 240.0
	ch := [2][]float64{make([]float64, len(ss)), make([]float64, len(ss))}
	for i, s := range ss {
		ch[0][i], ch[1][i] = s.Acc[sensor.AxisV], s.Acc[sensor.AxisAP]
	}
	if rate != fs0 {
		lp, err := dsp.LowPass(4, fs0, 0.4*rate)
		if err != nil {
			t.Fatal(err)
		}
		for k := range ch {
			ch[k] = dsp.NewZeroPhase(lp).Apply(nil, ch[k])
		}
	}
	rng := rand.New(rand.NewPCG(11, uint64(rate)))
	var out []sensor.Sample
	t0, t1 := ss[0].T, ss[len(ss)-1].T
	for k := 0; ; k++ {
		tt := t0 + float64(k)/rate
		if tt > t1 {
			break
		}
		u := (tt - t0) * fs0
		i := min(int(u), len(ss)-2)
		f := u - float64(i)
		v, ap := ch[0][i]*(1-f)+ch[0][i+1]*f, ch[1][i]*(1-f)+ch[1][i+1]*f
		s, c := math.Sincos(pitch(tt))
		x := sensor.Sample{T: tt}
		x.Acc[sensor.AxisV] = c*v + s*ap + noise*rng.NormFloat64()
		x.Acc[sensor.AxisAP] = -s*v + c*ap + noise*rng.NormFloat64()
		out = append(out, x)
	}
	l.Rate = rate
	return out, l
}
