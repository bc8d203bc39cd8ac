package dsp_test

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

func ExampleHighPass() {
	// A 2nd-order Butterworth high-pass at 0.5 Hz for a 100 Hz stream
	// takes gravity's constant out of a vertical acceleration and keeps a
	// runner's 3 Hz step rhythm: |H(0)| = 0, |H(fc)| = 1/√2.
	hp, err := dsp.HighPass(2, 100, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []float64{0, 0.5, 3} {
		fmt.Printf("|H(%g Hz)| = %.3f\n", f, cmplx.Abs(hp.Response(f)))
	}

	// 1 g plus a ±2 m/s² step rhythm. Prime starts the filter on the
	// constant (without it, the step from 0 to 1 g would ring for
	// seconds); after the rhythm's own onset has settled, the output is
	// the rhythm alone, a little ahead in phase (arg H(3 Hz) > 0).
	hp.Prime(sensor.G0)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range 1000 { // 10 s
		y := hp.Process(sensor.G0 + 2*math.Sin(2*math.Pi*3*float64(i)/100))
		if i >= 800 { // the last 2 s
			lo, hi = min(lo, y), max(hi, y)
		}
	}
	fmt.Printf("output %.2f to %.2f m/s²\n", lo, hi)
	fmt.Printf("phase at 3 Hz %.1f°\n", cmplx.Phase(hp.Response(3))*180/math.Pi)
	// Output:
	// |H(0 Hz)| = 0.000
	// |H(0.5 Hz)| = 0.707
	// |H(3 Hz)| = 1.000
	// output -2.00 to 2.00 m/s²
	// phase at 3 Hz 13.6°
}
