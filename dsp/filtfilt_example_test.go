package dsp_test

import (
	"fmt"
	"math"

	"github.com/gaitd/gaitd/dsp"
)

// argmax returns the index of the largest value of x.
func argmax(x []float64) int {
	k := 0
	for i, v := range x {
		if v > x[k] {
			k = i
		}
	}
	return k
}

// Filtering forward and backward removes the filter's delay: the peak of a
// 1 Hz wave stays where it was, while one causal pass moves it later.
func ExampleFiltFilt() {
	const fs = 100.0
	lp, err := dsp.LowPass(2, fs, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 2 s of a 1 Hz wave, peaks at 0.25 s and 1.25 s, with 25 Hz noise.
	x := make([]float64, 200)
	for i := range x {
		t := float64(i) / fs
		x[i] = math.Sin(2*math.Pi*t) + 0.3*math.Sin(2*math.Pi*25*t)
	}
	zero := dsp.FiltFilt(lp, nil, x)
	causal := lp.Clone()
	causal.Prime(x[0])
	one := causal.ProcessBlock(nil, x)

	second := func(y []float64) string { // the second peak, clear of the start
		k := 100 + argmax(y[100:])
		return fmt.Sprintf("%.2f s, %.3f", float64(k)/fs, y[k])
	}
	fmt.Println("input:    ", second(x))
	fmt.Println("FiltFilt: ", second(zero))
	fmt.Println("one pass: ", second(one))
	// Output:
	// input:     1.25 s, 1.300
	// FiltFilt:  1.25 s, 0.999
	// one pass:  1.31 s, 1.002
}

// A ZeroPhase keeps its buffers: filtering one window after another (a
// detector's per-step windows) allocates only for a longer window than
// before, and gives what FiltFilt gives.
func ExampleZeroPhase() {
	hp, err := dsp.HighPass(2, 100, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	z := dsp.NewZeroPhase(hp)
	z.Reserve(64)
	win, dst := make([]float64, 64), make([]float64, 64)
	for w := range 3 {
		for i := range win { // a 2 Hz wave on an offset of w
			win[i] = float64(w) + math.Sin(2*math.Pi*2*float64(i)/100)
		}
		z.Apply(dst, win)
		ref := dsp.FiltFilt(hp, nil, win)
		diff := 0.0
		for i := range dst {
			diff = math.Max(diff, math.Abs(dst[i]-ref[i]))
		}
		fmt.Printf("window %d: mean %.3f → %.3f, max |ZeroPhase − FiltFilt| = %g\n", w, mean(win), mean(dst), diff)
	}
	// Output:
	// window 0: mean 0.140 → 0.043, max |ZeroPhase − FiltFilt| = 0
	// window 1: mean 1.140 → 0.043, max |ZeroPhase − FiltFilt| = 0
	// window 2: mean 2.140 → 0.043, max |ZeroPhase − FiltFilt| = 0
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
