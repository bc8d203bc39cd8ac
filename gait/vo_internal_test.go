package gait

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// plainVO is vo written out as the three passes it stands for: the
// acceleration read at the step's points (Catmull–Rom), less its trapezoid
// mean, integrated to a velocity; that less its trapezoid mean integrated
// to a displacement; the displacement's range, m.
func plainVO(x []float64, i0 int64, a, b, rate float64) float64 {
	sub := max(1, int(math.Ceil(voRate/rate)))
	n := int(math.Ceil((b - a) * float64(sub)))
	h := (b - a) / float64(n)
	y := make([]float64, n+1)
	for j := range y {
		p := a + h*float64(j) - float64(i0)
		k := min(int(p), len(x)-3)
		f := p - float64(k)
		x0, x1, x2, x3 := x[k-1], x[k], x[k+1], x[k+2]
		y[j] = x1 + 0.5*f*(x2-x0+f*(2*x0-5*x1+4*x2-x3+f*(3*(x1-x2)+x3-x0)))
	}
	dt := h / rate
	trapMean := func(v []float64) float64 {
		s := 0.0
		for _, w := range v {
			s += w
		}
		return (s - 0.5*(v[0]+v[n])) / float64(n)
	}
	m := trapMean(y)
	v := make([]float64, n+1)
	for k := 1; k <= n; k++ {
		v[k] = v[k-1] + 0.5*(y[k]+y[k-1]-2*m)*dt
	}
	mv := trapMean(v)
	var d, lo, hi float64
	for k := 1; k <= n; k++ {
		d += 0.5 * (v[k] + v[k-1] - 2*mv) * dt
		lo, hi = min(lo, d), max(hi, d)
	}
	return (hi - lo) * sensor.G0
}

// TestVOClosedForm holds vo's one pass (its two trapezoid integrals, then
// the displacement as U_k − m·k²/2 − k·c) to the three passes it replaces,
// within rounding, at rates with 1 to 4 points a sample and on steps that
// start and end between samples.
func TestVOClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rate := range []float64{25, 50, 100, 143, 500} {
		e, err := New(Config{Placement: Waist}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}})
		if err != nil {
			t.Fatal(err)
		}
		n := int64(len(e.av.buf)) // the history held
		x := make([]float64, n)
		for i := range x {
			// a runner's vertical acceleration, g: a stance hump and an
			// impact every 0.35 s, noise
			ph := math.Mod(float64(i)/rate, 0.35) / 0.35
			x[i] = 1 + 1.6*math.Sin(2*math.Pi*ph) + 0.8*math.Exp(-ph*40) + 0.05*rng.NormFloat64()
			e.av.set(int64(i), x[i])
		}
		e.n = n
		for trial := range 40 {
			a := 2 + (float64(n)-rate-5)*rng.Float64()
			b := a + rate*(0.25+0.5*rng.Float64())
			if trial == 0 {
				a, b = math.Round(a), math.Round(b) // on samples
			}
			i0 := int64(math.Floor(a)) - 1
			got := e.vo(a, b)
			want := plainVO(x[i0:], i0, a, b, rate)
			if math.IsNaN(got) || math.Abs(got-want) > 1e-12+1e-9*want {
				t.Errorf("%.0f Hz, step %.3f–%.3f: VO %.15g m, the three passes %.15g", rate, a, b, got, want)
			}
		}
	}
}
