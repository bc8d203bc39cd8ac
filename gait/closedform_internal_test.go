package gait

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestAngleRangesClosedForm holds angleRanges' one pass and scan to the
// plain form it replaces: each rate's mean over the step taken first
// (Engine.mean), then the rate less it integrated sample by sample and the
// running angle's range read, within rounding, on steps that wrap around
// the rings' end and not.
func TestAngleRangesClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, rate := range []float64{50, 100, 200} {
		e, err := New(Config{Placement: Waist}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}})
		if err != nil {
			t.Fatal(err)
		}
		ang := 0.7
		e.fwd = [2]float64{math.Cos(ang), math.Sin(ang)}
		hist := int64(len(e.av.buf))
		n := hist + hist/2 // the rings have wrapped
		for i := range n {
			ph := 2 * math.Pi * float64(i) / rate / 0.7 // a stride of 0.7 s
			e.gxl.set(i, 0.3*math.Sin(ph)+0.05*rng.NormFloat64())
			e.gyl.set(i, -0.2*math.Cos(ph+0.4)+0.05*rng.NormFloat64())
			e.yaw.set(i, 0.4*math.Sin(ph+1)+0.1+0.05*rng.NormFloat64())
		}
		e.n = n
		for trial := range 60 {
			i0 := e.oldest() + rng.Int64N(hist-int64(rate))
			i1 := i0 + 4 + rng.Int64N(int64(0.6*rate))
			if trial == 0 {
				// across the rings' end
				i0 = (n/hist)*hist - 5
				i1 = i0 + int64(0.35*rate)
			}
			roll, yaw, my := e.angleRanges(i0, i1)
			// the plain form
			fx, fy := e.fwd[0], e.fwd[1]
			mr := fx*e.mean(&e.gxl, i0, i1) + fy*e.mean(&e.gyl, i0, i1)
			wy := e.mean(&e.yaw, i0, i1)
			var ar, ay, rlo, rhi, ylo, yhi float64
			for i := i0; i < i1; i++ {
				ar += (fx*e.gxl.at(i) + fy*e.gyl.at(i) - mr) * e.dt
				ay += (e.yaw.at(i) - wy) * e.dt
				rlo, rhi, ylo, yhi = min(rlo, ar), max(rhi, ar), min(ylo, ay), max(yhi, ay)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"roll range", roll, rhi - rlo}, {"yaw range", yaw, yhi - ylo}, {"mean yaw rate", my, wy}} {
				if math.IsNaN(c.got) || math.Abs(c.got-c.want) > 1e-12*(1+math.Abs(c.want)) {
					t.Errorf("%.0f Hz, [%d, %d): %s %.15g, the plain form %.15g", rate, i0, i1, c.name, c.got, c.want)
				}
			}
		}
	}
}

// TestBrakingClosedForm holds braking's passes (the forward acceleration's
// sum over the mean's window, its trapezoid integral over the contact,
// then a scan) to the plain form they replace: the mean taken first
// (Engine.mean of each channel), then the speed integrated sample by
// sample less it, its deepest fall and the largest deceleration in the
// first 40 % read on the way; within rounding, on contacts that wrap
// around the rings' end and not, with the step known and not.
func TestBrakingClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, rate := range []float64{50, 100, 200} {
		e, err := New(Config{Placement: Waist}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}})
		if err != nil {
			t.Fatal(err)
		}
		e.fwd = [2]float64{math.Cos(-0.4), math.Sin(-0.4)}
		hist := int64(len(e.av.buf))
		n := hist + hist/2 // the rings have wrapped
		for i := range n {
			ph := math.Mod(float64(i)/rate, 0.36) / 0.36 // a step of 0.36 s
			e.ap.set(i, -0.4*math.Sin(2*math.Pi*ph)+0.05*rng.NormFloat64())
			e.ml.set(i, 0.2*math.Cos(2*math.Pi*ph)+0.05*rng.NormFloat64())
		}
		e.n = n
		for trial := range 60 {
			ic := float64(e.oldest()) + rate + rng.Float64()*float64(hist-3*int64(rate))
			fc := ic + rate*(0.1+0.2*rng.Float64())
			step := 0.3 + 0.1*rng.Float64()
			if trial == 0 {
				ic = float64((n/hist)*hist) - 4.3 // across the rings' end
				fc = ic + 0.2*rate
			}
			if trial%3 == 1 {
				step = math.NaN() // the recent median's
			}
			got, gotDecel := e.braking(ic, fc, step)
			// the plain form
			i0, i1 := int64(math.Round(ic)), min(int64(math.Round(fc)), e.n-1)
			st := step
			if math.IsNaN(st) {
				st = e.stepMed.median(0.35)
			}
			half := int64(0.5 * st * e.rate)
			lo, hi := max((i0+i1)/2-half, e.oldest()), min((i0+i1)/2+half, e.n)
			m := e.fwd[0]*e.mean(&e.ap, lo, hi) + e.fwd[1]*e.mean(&e.ml, lo, hi)
			var v, minv float64
			decel := math.Inf(-1)
			early := i0 + (i1-i0)*4/10
			for i := i0; i <= i1; i++ {
				x := e.fwd[0]*e.ap.at(i) + e.fwd[1]*e.ml.at(i)
				if i > i0 {
					prev := e.fwd[0]*e.ap.at(i-1) + e.fwd[1]*e.ml.at(i-1)
					v += 0.5 * (x + prev - 2*m) * sensor.G0 * e.dt
					minv = min(minv, v)
				}
				if i <= early {
					decel = max(decel, m-x)
				}
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"speed loss", got, -minv}, {"peak deceleration", gotDecel, decel}} {
				if math.IsNaN(c.got) || math.Abs(c.got-c.want) > 1e-12*(1+math.Abs(c.want)) {
					t.Errorf("%.0f Hz, IC %.2f, FC %.2f, step %.3f: %s %.15g, the plain form %.15g", rate, ic, fc, step, c.name, c.got, c.want)
				}
			}
		}
	}
}
