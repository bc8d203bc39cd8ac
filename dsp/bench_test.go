package dsp

import (
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// BenchmarkLowPass4 measures one sample through a 4th-order low-pass (two
// biquads).
func BenchmarkLowPass4(b *testing.B) {
	c, _ := LowPass(4, 100, 10)
	x := randomSignal(20, 1024)
	var y float64
	i := 0
	for b.Loop() {
		y += c.Process(x[i&1023])
		i++
	}
	_ = y
}

// BenchmarkResampler measures one Push of a jittered 100 Hz stream onto a
// 100 Hz grid (about one output sample per push).
func BenchmarkResampler(b *testing.B) {
	in := jittered(21, 4096, 0, 100, 0.003)
	r, _ := NewResampler(100, 0.1)
	buf := make([]sensor.Sample, 0, 8)
	var t0 float64
	i := 0
	for b.Loop() {
		s := in[i&4095]
		s.T += t0
		buf, _, _ = r.Push(buf[:0], s)
		i++
		if i&4095 == 0 {
			t0 += 4096.0 / 100
		}
	}
}

// BenchmarkFiltFilt measures FiltFilt of 60 s at 100 Hz (6000 samples)
// through a 4th-order low-pass.
func BenchmarkFiltFilt(b *testing.B) {
	c, _ := LowPass(4, 100, 10)
	x := randomSignal(22, 6000)
	dst := make([]float64, len(x))
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		FiltFilt(c, dst, x)
	}
}

// BenchmarkZeroPhaseWindow measures what the waist detector does per
// contact: a zero-phase second-order low-pass over a window of 48 samples
// (about half a running step at 100 Hz).
func BenchmarkZeroPhaseWindow(b *testing.B) {
	c, _ := LowPass(2, 100, 20)
	z := NewZeroPhase(c)
	x := randomSignal(23, 48)
	dst := make([]float64, len(x))
	z.Reserve(len(x))
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		z.Apply(dst, x)
	}
}
