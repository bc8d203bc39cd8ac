package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// stanceFigures are one running waist step's ground reaction figures on a
// grade, measured on the model's clean signals normal and parallel to the
// ground (1 kHz over the step): what Gottschall & Kram (2005) measured on
// their force treadmill, per unit body mass.
type stanceFigures struct {
	impact    bool    // the normal force has a local maximum in the first 60 ms (an impact peak)
	impactG   float64 // the normal force's peak in the first 50 ms, g
	activeG   float64 // the normal force's peak after 50 ms, g
	brakeG    float64 // the parallel force's deepest braking, g (positive)
	propG     float64 // the parallel force's highest propulsion, g
	brakeImp  float64 // parallel braking impulse, m/s: −∫ of the parallel force where negative, over the stance
	propImp   float64 // parallel propulsive impulse, m/s
	tc, tf    float64 // contact and flight, s
	meanNorm  float64 // means over the step, m/s²: normal, parallel, earth vertical, earth forward
	meanPar   float64
	meanVert  float64
	meanFwd   float64
	speedLoss float64 // truth's Braking (earth-horizontal speed lost), m/s
}

// gradeFigures returns the mean figures of the steps of a 3 m/s run
// without variability on grade, the contacts between 2 and 8 s.
func gradeFigures(t *testing.T, grade float64) stanceFigures {
	t.Helper()
	c, err := normalize(Config{Activity: Running, Duration: 10, Speed: 3, Variability: -1, Grade: grade, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(c)
	sc := newScheduler(m)
	var st []step
	for len(st) == 0 || st[len(st)-1].ic < 10 {
		st = append(st, sc.next())
	}
	truth := m.contacts()
	var f stanceFigures
	n := 0
	for j := range st {
		s := &st[j]
		if s.ic < 2 || s.ic > 8 {
			continue
		}
		const h = 1e-3
		k := int(math.Round(s.T / h))
		var x stanceFigures
		prev := 0.0
		var sn, sp, sv, sf float64
		for i := 0; i < k; i++ {
			tt := s.ic + float64(i)*h
			nn, pp := m.norm(st, j, tt), m.par(st, j, tt)
			sn, sp, sv, sf = sn+nn, sp+pp, sv+m.vert(st, j, tt), sf+m.ap(st, j, tt)
			dt := float64(i) * h
			if dt < 0.05 {
				x.impactG = math.Max(x.impactG, nn/g0)
			} else if dt < s.tc {
				x.activeG = math.Max(x.activeG, nn/g0)
			}
			if dt > 0 && dt < 0.06 && nn > prev && nn >= m.norm(st, j, tt+h) {
				x.impact = true
			}
			prev = nn
			if dt <= s.tc+0.02 {
				x.brakeG = math.Max(x.brakeG, -pp/g0)
				x.propG = math.Max(x.propG, pp/g0)
				if pp < 0 {
					x.brakeImp -= pp * h
				} else {
					x.propImp += pp * h
				}
			}
		}
		x.meanNorm, x.meanPar, x.meanVert, x.meanFwd = sn/float64(k), sp/float64(k), sv/float64(k), sf/float64(k)
		x.tc, x.tf = s.tc, s.T-s.tc
		for _, tr := range truth {
			if tr.IC == s.ic {
				x.speedLoss = tr.Braking
			}
		}
		if n == 0 {
			f.impact = x.impact
		}
		f.impact = f.impact && x.impact
		f.impactG += x.impactG
		f.activeG += x.activeG
		f.brakeG += x.brakeG
		f.propG += x.propG
		f.brakeImp += x.brakeImp
		f.propImp += x.propImp
		f.tc += x.tc
		f.tf += x.tf
		f.meanNorm += x.meanNorm
		f.meanPar += x.meanPar
		f.meanVert += x.meanVert
		f.meanFwd += x.meanFwd
		f.speedLoss += x.speedLoss
		n++
	}
	k := float64(n)
	f.impactG /= k
	f.activeG /= k
	f.brakeG /= k
	f.propG /= k
	f.brakeImp /= k
	f.propImp /= k
	f.tc /= k
	f.tf /= k
	f.meanNorm /= k
	f.meanPar /= k
	f.meanVert /= k
	f.meanFwd /= k
	f.speedLoss /= k
	return f
}

func (f stanceFigures) String() string {
	return fmt.Sprintf("impact peak %v %.2f g, active %.2f g, braking %.2f g, propulsion %.2f g, braking impulse %.3f, propulsive %.3f m/s, contact %.0f ms, flight %.0f ms, speed loss %.3f m/s",
		f.impact, f.impactG, f.activeG, f.brakeG, f.propG, f.brakeImp, f.propImp, 1e3*f.tc, 1e3*f.tf, f.speedLoss)
}

// TestGradeGottschallKram: on a grade the running waist's ground reaction,
// normal and parallel to the ground, changes as Gottschall & Kram (2005)
// measured at 3 m/s: the normal impact peak grows downhill (+54 % at −9°)
// and is gone uphill (none at +9°); the parallel braking peak grows
// downhill (+73 % at −9°), the propulsive peak uphill (+75 % at +9°); the
// normal active peak stays. The braking impulse falls and the propulsive
// impulse rises uphill (and the reverse downhill), contact lengthens and
// flight shortens uphill. Over each step the ground reaction's mean is
// g0 normal·cos θ and g0·sin θ parallel, which is 1 g straight up in the
// earth frame (constant speed on the treadmill).
func TestGradeGottschallKram(t *testing.T) {
	level := gradeFigures(t, 0)
	t.Logf("level: %v", level)
	prev := stanceFigures{}
	for i, d := range []float64{-9, -6, -3, 0, 3, 6, 9} {
		grade := math.Tan(d * math.Pi / 180)
		f := gradeFigures(t, grade)
		t.Logf("%+2.0f° (grade %+.3f): %v", d, grade, f)
		s, c := gradeAngle(grade)
		if math.Abs(f.meanNorm-g0*c) > 2e-3*g0 || math.Abs(f.meanPar-g0*s) > 2e-3*g0 ||
			math.Abs(f.meanVert-g0) > 2e-3*g0 || math.Abs(f.meanFwd) > 2e-3*g0 {
			t.Errorf("%+.0f°: step means normal %.3f, parallel %.3f, vertical %.3f, forward %.3f m/s²; want %.3f, %.3f, %.3f, 0",
				d, f.meanNorm, f.meanPar, f.meanVert, f.meanFwd, g0*c, g0*s, g0)
		}
		if math.Abs(f.activeG/level.activeG-1) > 0.03 {
			t.Errorf("%+.0f°: active peak %.2f g, level %.2f g: want within 3 %%", d, f.activeG, level.activeG)
		}
		if i > 0 {
			// monotone in the slope
			if !(f.impactG < prev.impactG && f.brakeG < prev.brakeG && f.propG > prev.propG &&
				f.brakeImp < prev.brakeImp && f.propImp > prev.propImp && f.tc > prev.tc && f.tf < prev.tf) {
				t.Errorf("%+.0f° against 3° less: %v\n\tafter %v", d, f, prev)
			}
		}
		switch d {
		case -9:
			// the impact bump's own height (over level's) +54 %: the
			// peak in 50 ms, which sits on the rising stance, grows less
			if r := f.impactG / level.impactG; r < 1.15 || r > 1.54 {
				t.Errorf("−9°: impact peak ×%.2f of level", r)
			}
			if r := f.brakeG / level.brakeG; math.Abs(r-1.73) > 0.2 {
				t.Errorf("−9°: braking peak ×%.2f of level, Gottschall & Kram ×1.73", r)
			}
			if !f.impact {
				t.Errorf("−9°: no impact peak")
			}
		case 9:
			if f.impact {
				t.Errorf("+9°: an impact peak; Gottschall & Kram found none")
			}
			if r := f.propG / level.propG; math.Abs(r-1.75) > 0.2 {
				t.Errorf("+9°: propulsive peak ×%.2f of level, Gottschall & Kram ×1.75", r)
			}
		case 0:
			if !f.impact {
				t.Errorf("level: no impact peak")
			}
		}
		prev = f
	}
}

// TestGradeTruth: on a grade the truth keeps its definitions. Running and
// walking at −15 %, +10 % and +20 %, FrameAnatomical with Lean 0 outputs
// the earth-levelled signals, so integrating its samples reproduces every
// contact's VO (1 mm) and Braking (2 mm/s) as on level ground; over whole
// strides the vertical channel averages g0 and the forward one 0 (constant
// speed on the treadmill: the ground's mean push is the body's weight,
// straight up, whatever the slope). The running impact (truth ImpactG)
// is larger downhill and smaller uphill than on the level.
func TestGradeTruth(t *testing.T) {
	for _, act := range []Activity{Running, Walking} {
		var levelImpact float64
		for _, grade := range []float64{0, -0.15, 0.10, 0.20} {
			cfg := anatomical(act, 41)
			cfg.Grade = grade
			xs, _, truth := mustGenerate(t, cfg)
			var worstVO, worstBr, impact float64
			for i := 0; i+1 < len(truth); i++ {
				ts, vs := window(xs, accV, truth[i].IC, truth[i+1].IC)
				worstVO = math.Max(worstVO, math.Abs(excursionNU(ts, vs)-truth[i].VO))
				ts, vs = window(xs, accAP, truth[i].IC, math.Min(truth[i].FC, truth[i+1].IC))
				var dv, lo float64
				for k := 1; k < len(ts); k++ {
					dv += (vs[k-1] + vs[k]) / 2 * (ts[k] - ts[k-1])
					lo = math.Min(lo, dv)
				}
				worstBr = math.Max(worstBr, math.Abs(-lo-truth[i].Braking))
				impact += truth[i].ImpactG / float64(len(truth)-1)
			}
			last := len(truth) - 1
			if last%2 == 1 {
				last--
			}
			var mean [2]float64
			for k, ch := range []func(*sensor.Sample) float64{accV, accAP} {
				ts, vs := window(xs, ch, truth[0].IC, truth[last].IC)
				for j := 1; j < len(ts); j++ {
					mean[k] += (vs[j-1] + vs[j]) / 2 * (ts[j] - ts[j-1])
				}
				mean[k] /= ts[len(ts)-1] - ts[0]
			}
			t.Logf("%v grade %+.2f: worst VO %.3f mm, braking %.4f m/s; means %.4f, %+.4f m/s²; impact %.2f g", act, grade, 1e3*worstVO, worstBr, mean[0], mean[1], impact)
			if worstVO > 0.001 || worstBr > 0.002 {
				t.Errorf("%v grade %+.2f: integrated output off the truth by %.2f mm VO, %.4f m/s braking", act, grade, 1e3*worstVO, worstBr)
			}
			if math.Abs(mean[0]/g0-1) > 1e-3 || math.Abs(mean[1]) > 1e-3*g0 {
				t.Errorf("%v grade %+.2f: stride means %.4f and %+.4f m/s², want g0 and 0", act, grade, mean[0], mean[1])
			}
			if act != Running {
				continue
			}
			switch {
			case grade == 0:
				levelImpact = impact
			case grade < 0 && !(impact > levelImpact), grade > 0 && !(impact < levelImpact):
				t.Errorf("running grade %+.2f: impact %.2f g, level %.2f g", grade, impact, levelImpact)
			}
		}
	}
}

// TestGradeLimit: the grade's model tends to the level one as the grade
// goes to 0 (the braking share solved from the parallel impulse is then
// level's 40 %), though the level output does not go through it.
func TestGradeLimit(t *testing.T) {
	for _, act := range []Activity{Running, Walking} {
		cfg := anatomical(act, 43)
		cfg.Rate = 200
		a, _, ta := mustGenerate(t, cfg)
		cfg.Grade = 1e-9
		b, _, tb := mustGenerate(t, cfg)
		var worst float64
		for i := range a {
			for k := range 3 {
				worst = math.Max(worst, math.Abs(a[i].Acc[k]-b[i].Acc[k]))
			}
		}
		if worst > 1e-6 || len(ta) != len(tb) || math.Abs(ta[3].FC-tb[3].FC) > 1e-9 {
			t.Errorf("%v: grade 1e-9 differs from level by %.3g m/s²", act, worst)
		}
	}
}

// TestGradeConfig: Grade is range-checked, waist only; on a grade a
// running GCT derived from speed lengthens uphill and shortens downhill,
// while a GCT or cadence given is kept as given.
func TestGradeConfig(t *testing.T) {
	for _, c := range []Config{
		{Activity: Running, Duration: 10, Grade: 0.21},
		{Activity: Running, Duration: 10, Grade: -0.21},
		{Activity: Running, Duration: 10, Grade: math.NaN()},
		{Activity: Running, Duration: 10, Grade: 0.1, Placement: Shoe},
		{Activity: Walking, Duration: 10, Grade: -0.1, Placement: Shank},
	} {
		if _, err := New(c); err == nil || !strings.HasPrefix(err.Error(), "sim: Grade ") {
			t.Errorf("%+v: want an error naming Grade, got %v", c, err)
		}
	}
	gct := func(c Config) (float64, float64) {
		s := mustNew(t, c)
		return s.Config().GCT, s.Config().Cadence
	}
	lvl, cad := gct(Config{Activity: Running, Duration: 10})
	up, cu := gct(Config{Activity: Running, Duration: 10, Grade: 0.15})
	down, cd := gct(Config{Activity: Running, Duration: 10, Grade: -0.15})
	if !(up > 1.03*lvl && down < 0.98*lvl) || cu != cad || cd != cad {
		t.Errorf("GCT %.3f s uphill, %.3f level, %.3f downhill; cadence %.1f, %.1f, %.1f", up, lvl, down, cu, cad, cd)
	}
	if g, c := gct(Config{Activity: Running, Duration: 10, Grade: 0.15, GCT: 0.25, Cadence: 170}); g != 0.25 || c != 170 {
		t.Errorf("given GCT 0.25 s and cadence 170 on a grade: %.3f s, %.1f", g, c)
	}
}
