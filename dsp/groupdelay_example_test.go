package dsp_test

import (
	"fmt"

	"github.com/gaitd/gaitd/dsp"
)

func ExampleCascade_GroupDelay() {
	// How late a causal filter's output is, in s: a 4th-order Butterworth
	// low-pass at 10 Hz for a 100 Hz stream delays a 3 Hz step rhythm by
	// about 4 samples. FiltFilt and ZeroPhase, run forward and backward,
	// have no delay.
	lp, err := dsp.LowPass(4, 100, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []float64{0, 3, 10} {
		fmt.Printf("τ(%g Hz) = %.1f ms\n", f, lp.GroupDelay(f)*1e3)
	}
	// Output:
	// τ(0 Hz) = 40.2 ms
	// τ(3 Hz) = 42.1 ms
	// τ(10 Hz) = 62.9 ms
}
