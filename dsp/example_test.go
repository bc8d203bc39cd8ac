package dsp_test

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

func ExampleLowPass() {
	// 2nd-order Butterworth at 10 Hz for a 100 Hz stream, the same filter
	// as scipy.signal.butter(2, 10, fs=100, output='sos').
	lp, err := dsp.LowPass(2, 100, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := lp.Sections()[0]
	fmt.Printf("b = [%.8f %.8f %.8f]\n", s.B0, s.B1, s.B2)
	fmt.Printf("a = [1 %.8f %.8f]\n", s.A1, s.A2)
	fmt.Printf("|H(10 Hz)| = %.6f\n", cmplx.Abs(lp.Response(10)))

	// Start on a constant without a transient, then filter a step.
	lp.Prime(9.81)
	for _, x := range []float64{9.81, 9.81, 19.81, 19.81, 19.81} {
		fmt.Printf("%.3f ", lp.Process(x))
	}
	fmt.Println()
	// Output:
	// b = [0.06745527 0.13491055 0.06745527]
	// a = [1 -1.14298050 0.41280160]
	// |H(10 Hz)| = 0.707107
	// 9.810 9.810 10.485 12.605 15.424
}

func ExampleResampler() {
	// Samples arrive every 10 ms with jitter; a 20 ms grid is wanted, and
	// more than 50 ms without data counts as a gap.
	r, err := dsp.NewResampler(50, 0.05)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := []float64{0.000, 0.011, 0.019, 0.032, 0.041, 0.049, 0.300, 0.310, 0.309, 0.322}
	var out []sensor.Sample
	for _, t := range in {
		s := sensor.Sample{T: t, Acc: [3]float64{100 * t}} // a ramp: easy to check
		var gap bool
		out, gap, err = r.Push(out[:0], s)
		if err != nil {
			fmt.Printf("t=%.3f: %v\n", t, err)
			continue
		}
		if gap {
			fmt.Printf("t=%.3f: gap\n", t)
		}
		for _, o := range out {
			fmt.Printf("t=%.3f: %.3f at %.3f\n", t, o.Acc[0], o.T)
		}
	}
	// Output:
	// t=0.000: 0.000 at 0.000
	// t=0.032: 2.000 at 0.020
	// t=0.041: 4.000 at 0.040
	// t=0.300: gap
	// t=0.300: 30.000 at 0.300
	// t=0.309: timestamp goes backwards
	// t=0.322: 32.000 at 0.320
}

func ExampleTiltCorrection() {
	// A sacral sensor's vertical and anteroposterior channels, its axes
	// pitched 20° back by the sacrum's slope: standing, gravity reads
	// cos 20° g on V and −sin 20° g on AP.
	const deg = math.Pi / 180
	mean := [3]float64{math.Cos(20*deg) * sensor.G0, -math.Sin(20*deg) * sensor.G0, 0}
	r, ok := dsp.TiltCorrection(mean)
	fmt.Println("levelled:", ok)
	// A sample as mounted, (V, AP, ML) in m/s², to (forward, lateral, up).
	a := r.Apply([3]float64{12, -1.5, 0})
	fmt.Printf("forward %.2f, lateral %.2f, up %.2f m/s²\n", a[0], a[1], a[2])
	g := r.Apply(mean)
	fmt.Printf("gravity: up %.2f m/s², none forward: %v\n", g[2], math.Abs(g[0]) < 1e-12)
	// Output:
	// levelled: true
	// forward 2.69, lateral 0.00, up 11.79 m/s²
	// gravity: up 9.81 m/s², none forward: true
}

func ExampleIntegrator() {
	// Vertical acceleration of a trunk bobbing 3 Hz (a runner's step
	// rate) by ±40 mm, sampled at 100 Hz: a(t) = −A·ω²·sin(ωt) m/s²,
	// plus a 0.3 m/s² sensor bias. Two Integrators (high-pass 0.5 Hz)
	// give velocity, then displacement; the bias does not drift in.
	const fs, f, amp = 100.0, 3.0, 0.040
	w := 2 * math.Pi * f
	vel, err := dsp.NewIntegrator(fs, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	pos, _ := dsp.NewIntegrator(fs, 0.5)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range 1000 { // 10 s
		t := float64(i) / fs
		x := pos.Process(vel.Process(-amp*w*w*math.Sin(w*t) + 0.3))
		if t >= 8 { // the high-passes have settled
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	fmt.Printf("peak to peak %.1f mm (true %.1f mm)\n", (hi-lo)*1e3, 2*amp*1e3)
	// Output:
	// peak to peak 79.4 mm (true 80.0 mm)
}

func ExampleCumTrapz() {
	// A constant 2 m/s² for 0.05 s at 100 Hz: velocity rises 0.02 m/s per
	// sample.
	v := dsp.CumTrapz(nil, []float64{2, 2, 2, 2, 2, 2}, 100)
	fmt.Printf("%.2f m/s\n", v)
	// Output:
	// [0.00 0.02 0.04 0.06 0.08 0.10] m/s
}

func ExampleGravity() {
	// A sensor clipped on tilted 30° about its x axis, on a trunk bobbing
	// ±0.5 g vertically at 3 Hz: the 5 s average finds gravity's
	// direction (its length is within 1 % of g0: the bobbing leaves a
	// ripple), and RotateToUp levels the samples with it.
	const fs = 100.0
	tilt := 30 * math.Pi / 180
	up := [3]float64{0, math.Sin(tilt), math.Cos(tilt)} // earth-up in the sensor frame
	g := dsp.NewGravity(fs, 5)
	for i := range 3000 { // 30 s
		a := sensor.G0 * (1 + 0.5*math.Sin(2*math.Pi*3*float64(i)/fs))
		g.Push([3]float64{a * up[0], a * up[1], a * up[2]})
	}
	u := g.Up()
	fmt.Printf("up: %.1f° from the sensor's z, toward y: %v\n", math.Acos(u[2])*180/math.Pi, u[1] > 0)
	m := dsp.RotateToUp(u).Apply(g.Mean())
	fmt.Printf("levelled mean: horizontal %.2f, vertical %.2f m/s²\n", math.Hypot(m[0], m[1]), m[2])
	// Output:
	// up: 30.0° from the sensor's z, toward y: true
	// levelled mean: horizontal 0.00, vertical 9.75 m/s²
}

func ExampleBandPass() {
	// The 0.5–3 Hz band of a 100 Hz stream from a 2nd-order prototype
	// (4 poles, 2 biquads): a 1.5 Hz stride rhythm passes, gravity's
	// constant and 20 Hz vibration do not.
	bp, err := dsp.BandPass(2, 100, 0.5, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []float64{0, 1.5, 20} {
		fmt.Printf("|H(%g Hz)| = %.3f\n", f, cmplx.Abs(bp.Response(f)))
	}
	// Output:
	// |H(0 Hz)| = 0.000
	// |H(1.5 Hz)| = 0.999
	// |H(20 Hz)| = 0.012
}

func ExampleHeading() {
	// A levelled trunk running forward along +y: at each contact its
	// vertical acceleration rises while it brakes (forward acceleration
	// negative) and falls while it is pushed on; it sways sideways (x)
	// by a step rhythm that alternates and does not covary with it.
	const fs = 100.0
	h := dsp.NewHeading(fs, 4)
	for n := range 2000 {
		t := float64(n) / fs
		step := 2 * math.Pi * 2.8 * t // 2.8 steps/s
		v := 1.2 * math.Sin(step)     // vertical, g
		fwd := -0.4 * math.Cos(step)  // braking while v rises
		side := 0.3 * math.Sin(step/2)
		h.Push(side, fwd, v)
	}
	fx, fy, ok := h.Forward() // +y within about a degree
	fmt.Printf("forward (%.2f, %.2f), known %v\n", fx, fy, ok)
	// Output:
	// forward (-0.02, 1.00), known true
}

func ExampleEstimateRate() {
	// A phone's timestamps: 100 Hz with jitter, one sample lost and one
	// repeated; the median interval ignores both.
	ts := []float64{0, 0.0100, 0.0199, 0.0300, 0.0502, 0.0601, 0.0601, 0.0700, 0.0800}
	fmt.Printf("%.1f Hz\n", dsp.EstimateRate(ts))
	// Output:
	// 100.0 Hz
}
