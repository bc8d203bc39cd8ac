package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// FuzzEngineStream runs a one-foot sensor (shoe or shank, with or without a
// gyroscope), or a waist (3-axis, V+AP, V), over a simulated recording whose rate (25–500 Hz), speed,
// activity, dropouts, clipping, noise and mount the fuzzer chooses, with
// samples the fuzzer overwrites (spikes, flat stretches) and removes
// (holes of any length). The accelerometer-only stance search
// (fillStances, fillTail) indexes the history by fractional positions a
// stride apart; the properties: no panic; every contact inside the data,
// IC increasing, toe-off after IC where known, finite measures; and the
// same contacts pushed one sample at a time and in blocks of any size.
func FuzzEngineStream(f *testing.F) {
	f.Add(uint8(0), uint8(50), uint8(30), []byte{})
	f.Add(uint8(1), uint8(25), uint8(10), []byte{3, 200, 7, 0, 9, 90})
	f.Add(uint8(6), uint8(40), uint8(60), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint8(7), uint8(143), uint8(90), []byte{255, 0, 255, 0, 128})
	f.Add(uint8(64+4), uint8(100), uint8(31), []byte{40, 140, 90, 10})
	f.Add(uint8(64+32), uint8(8), uint8(32), []byte{})
	f.Fuzz(func(t *testing.T, mode, rate, speed uint8, edits []byte) {
		if len(edits) > 256 {
			return
		}
		c := sim.Config{Placement: sim.Shoe, Activity: sim.Running, Duration: 15, Rate: 25 + float64(rate%200)*2.4,
			Noise: 0.3, AntiAlias: mode&8 == 0, Side: 'L', Seed: uint64(mode) + 1}
		p := gait.Shoe
		if mode&1 == 1 {
			c.Placement, p = sim.Shank, gait.Shank
		}
		c.Speed = 2 + float64(speed%50)/10
		if mode&2 == 2 {
			c.Activity, c.Speed = sim.Walking, 0.6+float64(speed%12)/10
		}
		c.Gyro = mode&4 == 4
		if mode&16 == 16 {
			c.ClipG, c.Tilt = 8, [3]float64{0.2, 0.3, 0.5}
		}
		if mode&64 == 64 { // a waist: 3-axis sensor frame, V+AP or V alone
			c.Placement, p = sim.Waist, gait.Waist
			switch speed % 3 {
			case 1:
				c.Frame, c.Axes = sensor.FrameAnatomical, [3]bool{true, true, false}
			case 2:
				c.Frame, c.Axes = sensor.FrameAnatomical, [3]bool{true, false, false}
			}
		}
		if mode&32 == 32 {
			c.Dropouts = []sim.Gap{{Start: 4 + float64(speed%7), Dur: 0.05 + float64(rate%40)/20}}
		}
		ss, layout, _, err := sim.Generate(c)
		if err != nil {
			return
		}
		// edits: (position, kind) pairs
		for i := 0; i+1 < len(edits); i += 2 {
			at := int(edits[i]) * len(ss) / 256
			switch k := edits[i+1]; {
			case k < 64: // a spike on every axis
				for j := range 3 {
					ss[at].Acc[j] = float64(k-32) * 9.80665 / 2
				}
			case k < 128: // a flat stretch
				for q := at; q < min(len(ss), at+int(k)); q++ {
					ss[q].Acc = [3]float64{0, 0, 9.80665}
				}
			default: // a hole
				n := min(len(ss)-at, int(k-127)*int(c.Rate)/16)
				ss = append(ss[:at:at], ss[at+n:]...)
			}
			if len(ss) == 0 {
				return
			}
		}
		run := func(block int) []gait.Contact {
			e, err := gait.New(gait.Config{Placement: p, Side: gait.Left}, layout)
			if err != nil {
				t.Fatal(err)
			}
			var cs []gait.Contact
			for i := 0; i < len(ss); i += block {
				cs = e.PushBatch(cs, ss[i:min(len(ss), i+block)])
			}
			return e.Flush(cs)
		}
		one := run(1)
		t0, t1 := ss[0].T, ss[len(ss)-1].T
		for i, x := range one {
			if !(x.IC >= t0-1e-9 && x.IC <= t1+1e-9) {
				t.Fatalf("contact %d: IC %.4f outside the data %.4f–%.4f", i, x.IC, t0, t1)
			}
			if i > 0 && !(x.IC > one[i-1].IC) {
				t.Fatalf("contact %d: IC %.4f not after %.4f", i, x.IC, one[i-1].IC)
			}
			if !math.IsNaN(x.FC) && !(x.FC > x.IC) {
				t.Fatalf("contact %d: FC %.4f not after IC %.4f", i, x.FC, x.IC)
			}
			if math.IsInf(x.GCT, 0) || math.IsInf(x.ImpactG, 0) || math.IsInf(x.Step, 0) {
				t.Fatalf("contact %d: infinite measure %+v", i, x)
			}
		}
		for _, block := range []int{7, 128, len(ss)} {
			other := run(block)
			if len(other) != len(one) {
				t.Fatalf("blocks of %d: %d contacts, one at a time %d", block, len(other), len(one))
			}
			for i := range one {
				if !same(one[i], other[i]) {
					t.Fatalf("blocks of %d, contact %d: %+v, one at a time %+v", block, i, other[i], one[i])
				}
			}
		}
	})
}

// same reports whether two contacts are equal, NaN equal to NaN.
func same(a, b gait.Contact) bool {
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return eq(a.IC, b.IC) && eq(a.FC, b.FC) && eq(a.GCT, b.GCT) && eq(a.Step, b.Step) && eq(a.Flight, b.Flight) &&
		eq(a.ImpactG, b.ImpactG) && a.Side == b.Side
}
