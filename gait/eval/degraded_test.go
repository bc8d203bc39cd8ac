package eval_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// degrade turns the davis trial (sacral V+AP at 240 Hz, no sensor noise)
// into what a cheaper or worse-placed sensor would have recorded: resampled
// to rate (4th-order anti-alias low-pass at 0.4·rate, then linear
// interpolation), optionally V only, optionally a tilted 3-axis sensor
// frame (roll, pitch, yaw in rad; the mediolateral axis reads 0), white
// noise of sd m/s², and every axis clipped at ±clip g (0: none). mount
// (rad) turns the V and AP channels in the sagittal plane and keeps them
// named vertical and anteroposterior: a sacral sensor's axes follow the
// sacrum's slope, and a trunk leans on a hill.
func degrade(tb testing.TB, ss []sensor.Sample, rate float64, vOnly bool, tilt [3]float64, mount, noise, clip float64) ([]sensor.Sample, sensor.Layout) {
	tb.Helper()
	const fs0 = 240.0
	lp, err := dsp.LowPass(4, fs0, math.Min(0.4*rate, 50))
	if err != nil {
		tb.Fatal(err)
	}
	var ch [2][]float64
	for k := range ch {
		x := make([]float64, len(ss))
		for i, s := range ss {
			x[i] = s.Acc[k]
		}
		ch[k] = dsp.NewZeroPhase(lp).Apply(nil, x)
	}
	rot := tilted(tilt)
	rng := rand.New(rand.NewPCG(7, uint64(rate)))
	var out []sensor.Sample
	t0, t1 := ss[0].T, ss[len(ss)-1].T
	for k := 0; ; k++ {
		t := t0 + float64(k)/rate
		if t > t1 {
			break
		}
		u := (t - t0) * fs0
		i := min(int(u), len(ss)-2)
		f := u - float64(i)
		a := [3]float64{ch[0][i]*(1-f) + ch[0][i+1]*f, ch[1][i]*(1-f) + ch[1][i+1]*f, 0}
		if vOnly {
			a[1] = 0
		}
		if mount != 0 {
			c, s := math.Cos(mount), math.Sin(mount)
			a[0], a[1] = c*a[0]-s*a[1], s*a[0]+c*a[1]
		}
		if tilt != ([3]float64{}) {
			a = [3]float64{
				rot[0][0]*a[0] + rot[0][1]*a[1] + rot[0][2]*a[2],
				rot[1][0]*a[0] + rot[1][1]*a[1] + rot[1][2]*a[2],
				rot[2][0]*a[0] + rot[2][1]*a[1] + rot[2][2]*a[2],
			}
		}
		for j := range a {
			a[j] += noise * rng.NormFloat64()
			if clip > 0 {
				a[j] = math.Max(-clip*sensor.G0, math.Min(clip*sensor.G0, a[j]))
			}
		}
		out = append(out, sensor.Sample{T: t, Acc: a})
	}
	l := sensor.Layout{Frame: sensor.FrameAnatomical, Acc: [3]bool{true, !vOnly, false}, Rate: rate}
	if tilt != ([3]float64{}) {
		l = sensor.Layout{Frame: sensor.FrameSensor, Acc: [3]bool{true, true, true}, Rate: rate}
	}
	if clip > 0 {
		l.ClipAcc = clip * sensor.G0
	}
	return out, l
}

// tilted is the rotation from the anatomical frame (V, AP, ML) to a sensor
// frame turned by roll about AP, pitch about ML, then yaw about V.
func tilted(a [3]float64) [3][3]float64 {
	sr, cr := math.Sincos(a[0])
	sp, cp := math.Sincos(a[1])
	sy, cy := math.Sincos(a[2])
	rx := [3][3]float64{{cr, 0, -sr}, {0, 1, 0}, {sr, 0, cr}} // roll: V–ML plane
	ry := [3][3]float64{{cp, -sp, 0}, {sp, cp, 0}, {0, 0, 1}} // pitch: V–AP plane
	rz := [3][3]float64{{1, 0, 0}, {0, cy, -sy}, {0, sy, cy}} // yaw: AP–ML plane
	return mul(rz, mul(ry, rx))
}

func mul(a, b [3][3]float64) (c [3][3]float64) {
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

// davisSamples reads the davis force-plate trial's samples (skipping the
// test when the datasets are absent).
func davisSamples(t *testing.T) (*eval.Trial, sensor.Layout, []sensor.Sample) {
	t.Helper()
	tr, err := eval.LoadTrial(filepath.Join(datasets, "davis", "run0021"))
	if err != nil {
		t.Skipf("datasets not available: %v", err)
	}
	ss, l := readSamples(t, tr)
	return tr, l, ss
}

// readSamples reads a trial's whole input.
func readSamples(t *testing.T, tr *eval.Trial) ([]sensor.Sample, sensor.Layout) {
	t.Helper()
	r := openInput(t, tr)
	var ss []sensor.Sample
	for {
		var s sensor.Sample
		if r.Read(&s) != nil {
			break
		}
		ss = append(ss, s)
	}
	return ss, r.Layout()
}

// waistReport is the run summary's report of a waist's contacts cs with
// the engine's counters st.
func waistReport(cs []gait.Contact, st gait.Stats) gait.Report {
	sum := gait.NewSummary(gait.Waist)
	for _, c := range cs {
		sum.Add(c)
	}
	sum.SetStats(st)
	return sum.Report()
}

// runWaist runs a waist engine over the samples and returns its contacts
// and counters.
func runWaist(t *testing.T, in []sensor.Sample, layout sensor.Layout) ([]gait.Contact, gait.Stats) {
	t.Helper()
	e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
	if err != nil {
		t.Fatal(err)
	}
	var cs []gait.Contact
	for _, s := range in {
		cs = e.Push(cs, s)
	}
	return e.Flush(cs), e.Stats()
}

// TestDavisDegraded runs the real force-plate trial through the sensors the
// acceptance sets stand for — lower sample rates, V only, a tilted 3-axis
// mount, noise, clipped channels — and holds each to the acceptance bar
// for recordings we do not have: F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence
// within 1 step/min. Below 50 Hz the figures are logged, not judged (a
// 40 ms sample period cannot time a contact to 20 ms).
func TestDavisDegraded(t *testing.T) {
	tr, _, ss := davisSamples(t)
	type variant struct {
		rate  float64
		vOnly bool
		tilt  [3]float64
		noise float64
		clip  float64
	}
	var vs []variant
	for _, rate := range []float64{200, 143, 120, 100, 60, 50, 25} {
		vs = append(vs, variant{rate: rate}, variant{rate: rate, vOnly: true, noise: 0.3})
	}
	for _, rate := range []float64{200, 100, 50} {
		vs = append(vs,
			variant{rate: rate, noise: 0.3, clip: 2},
			variant{rate: rate, tilt: [3]float64{0.2, 0.3, 1.0}, noise: 0.3},
			variant{rate: rate, tilt: [3]float64{-0.3, -0.15, 2.5}, noise: 0.5, clip: 2.5},
		)
	}
	for _, v := range vs {
		name := fmt.Sprintf("%3.0f Hz vOnly=%v tilt=%v noise=%.1f clip=%.1fg", v.rate, v.vOnly, v.tilt, v.noise, v.clip)
		in, layout := degrade(t, ss, v.rate, v.vOnly, v.tilt, 0, v.noise, v.clip)
		cs, _ := runWaist(t, in, layout)
		s := eval.Match(cs, tr.Truth, eval.Options{})
		gct := eval.Agree(s.GCTErr)
		cad := s.Cadence - s.TrueCadence
		t.Logf("%-60s F1 %.3f  IC MAE %4.1f ms  GCT MAE %4.1f ms (bias %+5.1f)  cadence %+5.2f spm", name, s.F1(), 1e3*eval.Agree(s.ICErr).MAE, 1e3*gct.MAE, 1e3*gct.Bias, cad)
		if v.rate < 50 {
			continue
		}
		if s.F1() < 0.97 || !(gct.MAE <= 0.020) || !(math.Abs(cad) <= 1) {
			t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms, cadence %+.2f spm; want F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence within 1", name, s.F1(), 1e3*gct.MAE, cad)
		}
	}
}

// TestDavisSacralTilt turns the real trial's V and AP channels by up to
// ±30° in the sagittal plane, still named vertical and anteroposterior (a
// sacral sensor sits on the sacrum's slope; the trunk leans on hills), at
// 240 Hz, at 100 and 1000 Hz with noise, and at 2000 Hz. The engine levels
// them (Moe-Nilssen tilt correction), so every contact and the VO come out
// as from the untilted channels: each variant finds all 29 contacts, meets
// the acceptance bar and the VO bar (median within 10 mm of the reference),
// and its IC and GCT MAE and median VO stay within 1 ms and 1 mm of the
// untilted recording's. Unlevelled, 20° read GCT 25 ms short (MAE 24.8 ms)
// and 10° lost a contact; with the gravity estimate restarted from the
// first 64 samples (32 ms at 2000 Hz), the first contact was lost.
func TestDavisSacralTilt(t *testing.T) {
	tr, _, ss := davisSamples(t)
	voRef, ok := tr.Meta.VOReference()
	if !ok {
		t.Fatal("davis has no VO reference")
	}
	for _, v := range []struct{ rate, noise float64 }{{240, 0}, {100, 0.3}, {1000, 0.3}, {2000, 0}} {
		var ic0, gct0, vo0 float64
		for _, mount := range []float64{0, -0.52, -0.35, -0.17, 0.17, 0.35, 0.52} {
			name := fmt.Sprintf("%3.0f Hz noise %.1f, turned %+3.0f°", v.rate, v.noise, mount*180/math.Pi)
			in, layout := degrade(t, ss, v.rate, false, [3]float64{}, mount, v.noise, 0)
			cs, _ := runWaist(t, in, layout)
			s := eval.Match(cs, tr.Truth, eval.Options{})
			ic, gct := eval.Agree(s.ICErr).MAE, eval.Agree(s.GCTErr).MAE
			cad := s.Cadence - s.TrueCadence
			t.Logf("%-30s F1 %.3f  IC MAE %4.1f ms  GCT MAE %4.1f ms  cadence %+5.2f spm  VO %.1f mm", name, s.F1(), 1e3*ic, 1e3*gct, cad, 1e3*s.VO)
			if s.F1() < 0.97 || !(gct <= 0.020) || !(math.Abs(cad) <= 1) || !(math.Abs(1e3*s.VO-voRef) <= 10) {
				t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms, cadence %+.2f spm, VO %.1f mm; want F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence within 1, VO within 10 mm of %.1f", name, s.F1(), 1e3*gct, cad, 1e3*s.VO, voRef)
			}
			if s.FN > 0 {
				// all 29, the first 36 ms into the data included
				t.Errorf("%s: %d of %d contacts missed", name, s.FN, s.TP+s.FN)
			}
			if mount == 0 {
				ic0, gct0, vo0 = ic, gct, s.VO
				continue
			}
			if math.Abs(ic-ic0) > 0.001 || math.Abs(gct-gct0) > 0.001 || math.Abs(s.VO-vo0) > 0.001 {
				t.Errorf("%s: IC MAE %.1f, GCT MAE %.1f ms, VO %.1f mm; untilted %.1f, %.1f ms, %.1f mm", name, 1e3*ic, 1e3*gct, 1e3*s.VO, 1e3*ic0, 1e3*gct0, 1e3*vo0)
			}
		}
	}
}

// TestDavisHoles cuts a hole of 0.05–0.3 s out of the real trial (samples
// missing, as a lost radio packet leaves them). Holes up to the 0.25 s gap
// limit are bridged and counted; a contact lost in one must not leave a
// step spanning two steps (the summary's cadence and VO would take it);
// longer holes are gaps that reset the detector. No contact is placed
// inside a hole.
func TestDavisHoles(t *testing.T) {
	tr, layout, ss := davisSamples(t)
	// the true step and cadence: the mean interval, as the summary's cadence
	trueStep := (tr.Truth[len(tr.Truth)-1].IC - tr.Truth[0].IC) / float64(len(tr.Truth)-1)
	trueCad := 60 / trueStep
	const at = 4.0
	for _, hole := range []float64{0.05, 0.1, 0.15, 0.2, 0.24, 0.3} {
		var in []sensor.Sample
		for _, s := range ss {
			if s.T < at || s.T >= at+hole {
				in = append(in, s)
			}
		}
		cs, st := runWaist(t, in, layout)
		rep := waistReport(cs, st)
		t.Logf("hole %.2f s: %d contacts, bridged %d, gaps %d, cadence %.1f (truth %.1f)", hole, len(cs), st.Bridged, st.Gaps, *rep.CadenceSPM, trueCad)
		if bridged := hole <= 0.25; bridged && (st.Bridged != 1 || st.Gaps != 0) || !bridged && (st.Gaps != 1 || st.Bridged != 0) {
			t.Errorf("hole %.2f s: bridged %d, gaps %d", hole, st.Bridged, st.Gaps)
		}
		// every true contact clear of the hole (50 ms margin around
		// its stance) is found
		for _, tc := range tr.Truth {
			if tc.FC+0.05 > at && tc.IC-0.05 < at+hole {
				continue
			}
			hit := false
			for _, c := range cs {
				hit = hit || math.Abs(c.IC-tc.IC) < 0.05
			}
			if !hit {
				t.Errorf("hole %.2f s: contact at %.3f s, clear of the hole, not found", hole, tc.IC)
			}
		}
		for _, c := range cs {
			if c.IC > at+0.02 && c.IC < at+hole-0.02 {
				t.Errorf("hole %.2f s: contact placed inside the hole at %.3f s", hole, c.IC)
			}
			if c.Step > 1.5*trueStep {
				t.Errorf("hole %.2f s: contact at %.3f s has a %.0f ms step (true steps %.0f ms): it spans a lost contact", hole, c.IC, 1e3*c.Step, 1e3*trueStep)
			}
		}
		if math.Abs(*rep.CadenceSPM-trueCad) > 1 {
			t.Errorf("hole %.2f s: cadence %.1f, truth %.1f", hole, *rep.CadenceSPM, trueCad)
		}
	}
}

// TestDavisCadences stands the real trial in for runners at other cadences
// and sensors with an offset: its time axis stretched by k (0.8–1.3: 220 to
// 135 steps/min, GCT 195–320 ms; the accelerations kept, so each step's
// force profile keeps its shape and its mean of 1 g, and VO scales by k²),
// at 240/k Hz and resampled to 100 Hz with noise; and a vertical channel
// reading 0.05 or 0.1 g high or low (a MEMS accelerometer's zero-g offset).
// Each meets the acceptance bar for unseen recordings (F1 ≥ 0.97, GCT MAE
// ≤ 20 ms, cadence within 1 step/min) and VO within 10 mm of k² times the
// reference. Measured: the toe-off, read where the fall's steepest
// tangent meets the flight level, comes earlier on a slower step's gentler
// fall (GCT bias −3.5 ms at k 0.8, −7 at 1.3; −7 and −13 while it was the
// threshold's crossing, before 2026-11-26), and an offset moves it by
// under 1 ms (by about 85 ms per g while the flight
// level's floor was 0 g rather than the channel's stride mean less 1 g).
func TestDavisCadences(t *testing.T) {
	tr, layout, ss := davisSamples(t)
	voRef, ok := tr.Meta.VOReference()
	if !ok {
		t.Fatal("davis has no VO reference")
	}
	type variant struct {
		k, rate, noise, offset float64 // rate 0: as recorded (240/k Hz)
	}
	var vs []variant
	for _, k := range []float64{0.8, 0.9, 1.1, 1.2, 1.3} {
		vs = append(vs, variant{k: k}, variant{k: k, rate: 100, noise: 0.3})
	}
	for _, off := range []float64{-0.1, -0.05, 0.05, 0.1} {
		vs = append(vs, variant{k: 1, offset: off})
	}
	for _, v := range vs {
		name := fmt.Sprintf("k %.1f (%3.0f Hz, noise %.1f), V offset %+.2f g", v.k, v.rate, v.noise, v.offset)
		in, l := ss, layout
		if v.rate > 0 {
			// degrade resamples the 240 Hz recording; the stretch below
			// turns rate·k into rate
			in, l = degrade(t, ss, v.rate*v.k, false, [3]float64{}, 0, v.noise, 0)
		}
		in = append([]sensor.Sample(nil), in...)
		for i := range in {
			in[i].T *= v.k
			in[i].Acc[0] += v.offset * sensor.G0
		}
		l.Rate /= v.k
		truth := append([]eval.Truth(nil), tr.Truth...)
		for i := range truth {
			truth[i].IC *= v.k
			truth[i].FC *= v.k
		}
		cs, _ := runWaist(t, in, l)
		s := eval.Match(cs, truth, eval.Options{})
		gct := eval.Agree(s.GCTErr)
		cad := s.Cadence - s.TrueCadence
		vo := v.k * v.k * voRef
		t.Logf("%-45s F1 %.3f  IC MAE %4.1f ms  GCT MAE %4.1f ms (bias %+5.1f)  cadence %+5.2f spm  VO %5.1f mm (ref %5.1f)", name, s.F1(), 1e3*eval.Agree(s.ICErr).MAE, 1e3*gct.MAE, 1e3*gct.Bias, cad, 1e3*s.VO, vo)
		if s.F1() < 0.97 || !(gct.MAE <= 0.020) || !(math.Abs(cad) <= 1) || !(math.Abs(1e3*s.VO-vo) <= 10) {
			t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms, cadence %+.2f spm, VO %.1f mm; want F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence within 1, VO within 10 mm of %.1f", name, s.F1(), 1e3*gct.MAE, cad, 1e3*s.VO, vo)
		}
	}
}

// TestDavisSoftTissue adds what a skin-mounted sacral IMU records and the
// trial's markers (low-passed at 20 Hz) do not: the soft tissue under the
// sensor ringing after each impact, a damped sinusoid from IC,
// A·e^(−u/τ)·sin(2πf·u) on the vertical channel (and −0.3 of it on the
// anteroposterior one), f 8–30 Hz, τ 15–30 ms, A 1–3 g, resampled to 100,
// 200 and 500 Hz with noise. Each variant meets the acceptance bar (F1 ≥
// 0.97, GCT MAE ≤ 20 ms) and the running IC bar (MAE ≤ 15 ms). Measured:
// the zero-phase smoothing spreads the ringing's first lobe before IC,
// which comes 4–14 ms early (the more, the larger A and f: 3 g at 30 Hz
// is the nearest the IC bar), and GCT MAE stays 2.9–6.2 ms (3.1–9.4
// before 2026-11-26's toe-off change).
func TestDavisSoftTissue(t *testing.T) {
	tr, _, ss := davisSamples(t)
	for _, rate := range []float64{100, 200, 500} {
		for _, f := range []float64{8, 15, 30} {
			for _, tau := range []float64{0.015, 0.03} {
				for _, A := range []float64{1, 3} {
					in := make([]sensor.Sample, len(ss))
					copy(in, ss)
					for i := range in {
						for _, c := range tr.Truth {
							if u := in[i].T - c.IC; u >= 0 && u < 8*tau {
								r := A * sensor.G0 * math.Exp(-u/tau) * math.Sin(2*math.Pi*f*u)
								in[i].Acc[sensor.AxisV] += r
								in[i].Acc[sensor.AxisAP] -= 0.3 * r
							}
						}
					}
					d, layout := degrade(t, in, rate, false, [3]float64{}, 0, 0.3, 0)
					cs, _ := runWaist(t, d, layout)
					s := eval.Match(cs, tr.Truth, eval.Options{})
					ic, gct := eval.Agree(s.ICErr), eval.Agree(s.GCTErr)
					name := fmt.Sprintf("%3.0f Hz, ringing %2.0f Hz τ %2.0f ms %.0f g", rate, f, 1e3*tau, A)
					t.Logf("%-36s F1 %.3f  IC %+5.1f/%4.1f ms  GCT %+5.1f/%4.1f ms", name, s.F1(), 1e3*ic.Bias, 1e3*ic.MAE, 1e3*gct.Bias, 1e3*gct.MAE)
					if s.F1() < 0.97 || !(gct.MAE <= 0.020) || !(ic.MAE <= 0.015) {
						t.Errorf("%s: F1 %.3f, IC MAE %.1f ms, GCT MAE %.1f ms; want F1 ≥ 0.97, IC MAE ≤ 15 ms, GCT MAE ≤ 20 ms", name, s.F1(), 1e3*ic.MAE, 1e3*gct.MAE)
					}
				}
			}
		}
	}
}
