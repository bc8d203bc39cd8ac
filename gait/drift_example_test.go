package gait_test

import (
	"fmt"
	"math"

	"github.com/gaitd/gaitd/gait"
)

// Two shoe loggers whose crystals disagree: the right one's clock runs
// 0.25 % fast and started 0.20 s after the left. Over 20 minutes the
// right foot's times drift 3 s — several strides — so one offset
// (Align) cannot put both feet on one clock. AlignDrift fits the offset
// and the rate error (Drift, −0.0025/1.0025 here: the right clock's rate
// error against the left's, negated); At maps each right time onto the
// left clock.
func ExampleAlignDrift() {
	const stride, gct = 0.70, 0.22 // s
	var left, right []gait.Contact
	for i := range 1700 { // 20 min
		ic := 1 + stride*float64(i)
		left = append(left, gait.Contact{IC: ic, FC: ic + gct, GCT: gct, Side: gait.Left})
		t := ic + stride/2       // the right strike, on the left clock
		r := (t - 0.20) * 1.0025 // on the right clock
		right = append(right, gait.Contact{IC: r, FC: r + gct*1.0025, GCT: gct * 1.0025, Side: gait.Right})
	}
	m, ok := gait.AlignDrift(left, right)
	fmt.Printf("ok %v, drift %.0f ppm\n", ok, m.Drift*1e6)
	for _, i := range []int{0, 850, 1699} {
		fmt.Printf("right IC %7.2f s -> %7.2f s (true %7.2f s)\n", right[i].IC, m.At(right[i].IC), left[i].IC+stride/2)
	}
	worst := 0.0
	for i, c := range right {
		worst = max(worst, math.Abs(m.At(c.IC)-(left[i].IC+stride/2)))
	}
	fmt.Printf("largest error %.1f ms\n", worst*1e3)
	// Output:
	// ok true, drift -2494 ppm
	// right IC    1.15 s ->    1.35 s (true    1.35 s)
	// right IC  597.64 s ->  596.35 s (true  596.35 s)
	// right IC 1193.43 s -> 1190.65 s (true 1190.65 s)
	// largest error 0.0 ms
}
