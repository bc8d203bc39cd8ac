package dsp

import (
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestAllocs checks that the per-sample hot paths do not allocate.
func TestAllocs(t *testing.T) {
	lp, _ := LowPass(4, 100, 10)
	bp, _ := BandPass(3, 100, 0.25, 7)
	rs, _ := NewResampler(100, 0.1)
	g := NewGravity(100, 5)
	h := NewHeading(100, 10)
	ig, _ := NewIntegrator(100, 0.5)
	buf := make([]sensor.Sample, 0, 16)
	block := make([]float64, 64)
	// ZeroPhase: after Reserve (or one call as long), Apply does not
	// allocate, for one section (its direct-form path) and several, in
	// place or not, for any length up to the reserved one
	zp1, zp3 := NewZeroPhase(lp.Clone()), NewZeroPhase(bp)
	lp2, _ := LowPass(2, 100, 8)
	zp2 := NewZeroPhase(lp2)
	zp1.Reserve(len(block))
	zp2.Reserve(len(block))
	zp3.Reserve(len(block))
	zdst := make([]float64, len(block))
	snapRS, _ := NewResampler(100, 0.1)
	_, _, _ = snapRS.Push(make([]sensor.Sample, 0, 4), sensor.Sample{T: 0}) // (starts its grid)
	var k float64
	var i float64
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"Cascade.Process", func() { lp.Process(i); bp.Process(i) }},
		{"Cascade.ProcessBlock", func() { lp.ProcessBlock(block, block) }},
		{"Cascade.Prime", func() { lp.Prime(i) }},
		{"Resampler.Push", func() {
			i++
			buf, _, _ = rs.Push(buf[:0], sensor.Sample{T: i * 0.0097, Acc: [3]float64{i}})
		}},
		{"Resampler.Push rejected", func() { buf, _, _ = rs.Push(buf[:0], sensor.Sample{T: -1}) }},
		{"Gravity.Push", func() { i++; g.Push([3]float64{i, 1, 9.8}); _ = g.Up() }},
		{"Gravity.PushMean", func() { i++; g.PushMean([3]float64{i, 1, 9.8}, 64); _ = g.Mean() }},
		{"TiltCorrection", func() { i++; r, _ := TiltCorrection([3]float64{9.8, 1 / i, 0.5}); _ = r.Apply([3]float64{1, 2, 3}) }},
		{"Heading.Push", func() { i++; h.Push(i, -i, i*i); h.Forward() }},
		{"Integrator.Process", func() { i++; ig.Process(i) }},
		{"ZeroPhase.Apply", func() {
			i++
			n := 1 + int(i)%len(block)
			zp1.Apply(zdst[:n], block[:n])
			zp2.Apply(zdst[:n], block[:n])
			zp2.Apply(block[:n], block[:n])
			zp3.Apply(zdst[:n], block[:n])
		}},
		{"Resampler.OnGrid", func() {
			k++
			s := sensor.Sample{T: k / 100, Acc: [3]float64{k}}
			if !snapRS.OnGrid(&s) {
				panic("not on the grid")
			}
		}},
		{"Resampler.Snap", func() { _, _ = snapRS.Snap(&sensor.Sample{T: (k + 1) / 100}) }},
		{"Heading.Forward", func() { _, _, _ = h.Forward() }},
		{"Cascade.ScaleState", func() { lp.ScaleState(1) }},
		{"Cascade.CopyState", func() { lp.CopyState(lp) }},
		{"RotateToUp", func() { i++; _ = RotateToUp([3]float64{i, 1, -9.8}).Apply([3]float64{1, 2, 3}) }},
	} {
		if n := testing.AllocsPerRun(1000, tc.f); n != 0 {
			t.Errorf("%s: %v allocations per call", tc.name, n)
		}
	}
}
