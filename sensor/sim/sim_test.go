package sim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

var demo = flag.Bool("demo", false, "write the demo recording to ../../testdata/demo")

func mustNew(tb testing.TB, cfg Config) *Stream {
	tb.Helper()
	s, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

func mustGenerate(tb testing.TB, cfg Config) ([]sensor.Sample, sensor.Layout, []Contact) {
	tb.Helper()
	xs, l, c, err := Generate(cfg)
	if err != nil {
		tb.Fatalf("Generate: %v", err)
	}
	return xs, l, c
}

// window returns the times and values of ch over [t0, t1] with the end
// values linearly interpolated, for non-uniform trapezoid integration.
func window(xs []sensor.Sample, ch func(*sensor.Sample) float64, t0, t1 float64) (ts, vs []float64) {
	i := sort.Search(len(xs), func(i int) bool { return xs[i].T > t0 })
	at := func(t float64, k int) float64 { // k: first sample with T > t
		a, b := &xs[k-1], &xs[k]
		return ch(a) + (ch(b)-ch(a))*(t-a.T)/(b.T-a.T)
	}
	ts = append(ts, t0)
	vs = append(vs, at(t0, i))
	for ; i < len(xs) && xs[i].T < t1; i++ {
		ts = append(ts, xs[i].T)
		vs = append(vs, ch(&xs[i]))
	}
	ts = append(ts, t1)
	vs = append(vs, at(t1, i))
	return ts, vs
}

// excursionNU is the VO procedure of Contact.VO on non-uniform samples.
func excursionNU(ts, a []float64) float64 {
	n := len(ts)
	T := ts[n-1] - ts[0]
	var sa float64
	for k := 1; k < n; k++ {
		sa += (a[k-1] + a[k]) / 2 * (ts[k] - ts[k-1])
	}
	ma := sa / T
	v := make([]float64, n)
	var sv float64
	for k := 1; k < n; k++ {
		h := ts[k] - ts[k-1]
		v[k] = v[k-1] + ((a[k-1]+a[k])/2-ma)*h
		sv += (v[k-1] + v[k]) / 2 * h
	}
	mv := sv / T
	var z, lo, hi float64
	for k := 1; k < n; k++ {
		z += ((v[k-1]+v[k])/2 - mv) * (ts[k] - ts[k-1])
		lo, hi = math.Min(lo, z), math.Max(hi, z)
	}
	return hi - lo
}

func accV(s *sensor.Sample) float64  { return s.Acc[sensor.AxisV] }
func accAP(s *sensor.Sample) float64 { return s.Acc[sensor.AxisAP] }

func TestTruthConsistency(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"run waist", Config{Activity: Running, Duration: 60, Seed: 1}},
		{"run waist 180spm", Config{Activity: Running, Duration: 60, Cadence: 180, Speed: 4, Seed: 2}},
		{"run waist start R", Config{Activity: Running, Duration: 60, StartSide: 'R', Seed: 3}},
		{"walk waist", Config{Activity: Walking, Duration: 60, Seed: 4}},
		{"walk waist slow", Config{Activity: Walking, Speed: 0.8, Duration: 60, Seed: 5}},
		{"run shoe R", Config{Activity: Running, Placement: Shoe, Side: 'R', Duration: 60, Seed: 6}},
		{"walk shank", Config{Activity: Walking, Placement: Shank, Duration: 60, Seed: 7}},
		{"run standing", Config{Activity: Running, Duration: 60, Standing: 3, Seed: 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, tc.cfg)
			c := s.Config()
			truth := s.Truth()
			if len(truth) < 20 {
				t.Fatalf("%d contacts", len(truth))
			}
			first := c.Standing + 0.05
			if c.Placement != Waist && c.Side != c.StartSide {
				first = truth[0].IC // the other foot lands first
				if d := first - (c.Standing + 0.05); d < 0.8*60/c.Cadence || d > 1.2*60/c.Cadence {
					t.Errorf("first %c contact at %v, one step after %v expected", c.Side, first, c.Standing+0.05)
				}
			}
			if got := truth[0].IC; math.Abs(got-first) > 1e-9 {
				t.Errorf("first IC %v, want %v", got, first)
			}
			if truth[0].Side != c.StartSide && c.Placement == Waist {
				t.Errorf("first side %c, want %c", truth[0].Side, c.StartSide)
			}
			for i, x := range truth {
				if x.IC < 0 || x.IC > c.Duration {
					t.Fatalf("contact %d: IC %v outside [0, %v]", i, x.IC, c.Duration)
				}
				if !(x.FC > x.IC) {
					t.Fatalf("contact %d: FC %v <= IC %v", i, x.FC, x.IC)
				}
				if i > 0 && !(x.IC > truth[i-1].IC) {
					t.Fatalf("contact %d: IC not increasing", i)
				}
				switch {
				case c.Placement != Waist && x.Side != c.Side:
					t.Fatalf("contact %d: side %c on a %c %v", i, x.Side, c.Side, c.Placement)
				case c.Placement == Waist && i > 0 && x.Side == truth[i-1].Side:
					t.Fatalf("contact %d: sides do not alternate", i)
				}
				if c.Placement == Waist && i+1 < len(truth) {
					next := truth[i+1].IC
					if c.Activity == Running && !(x.FC < next) {
						t.Fatalf("contact %d: running without flight", i)
					}
					if c.Activity == Walking && !(x.FC > next) {
						t.Fatalf("contact %d: walking without double support", i)
					}
				}
			}
			// Step time matches cadence.
			per := 1.0
			if c.Placement != Waist {
				per = 2 // stride between contacts of one foot
			}
			mean := (truth[len(truth)-1].IC - truth[0].IC) / float64(len(truth)-1) / per
			if want := 60 / c.Cadence; math.Abs(mean/want-1) > 0.01 {
				t.Errorf("mean step time %.4f s, want %.4f (cadence %.1f)", mean, want, c.Cadence)
			}
		})
	}
}

func TestGCTBalance(t *testing.T) {
	for _, b := range []float64{50, 48, 53, 45} {
		for _, act := range []Activity{Running, Walking} {
			cfg := Config{Activity: act, Duration: 60, GCTBalance: b, Seed: uint64(b)}
			s := mustNew(t, cfg)
			var sum [2]float64
			var n [2]int
			for _, x := range s.Truth() {
				i := sideIndex(x.Side)
				sum[i] += x.FC - x.IC
				n[i]++
			}
			l, r := sum[0]/float64(n[0]), sum[1]/float64(n[1])
			got := l / (l + r) * 100
			if math.Abs(got-b) > 0.2 {
				t.Errorf("%v balance %v: truth gives %.3f", act, b, got)
			}
			gct := (sum[0] + sum[1]) / float64(n[0]+n[1])
			if want := s.Config().GCT; math.Abs(gct/want-1) > 0.01 {
				t.Errorf("%v balance %v: mean GCT %.4f, want %.4f", act, b, gct, want)
			}
		}
	}
}

// anatomical returns a noise-free, level, 1 kHz waist configuration.
func anatomical(act Activity, seed uint64) Config {
	return Config{Activity: act, Duration: 20, Rate: 1000, Frame: sensor.FrameAnatomical, Gyro: true, Seed: seed}
}

func TestMeanVerticalIsG0(t *testing.T) {
	for _, act := range []Activity{Running, Walking} {
		xs, _, truth := mustGenerate(t, anatomical(act, 11))
		// Whole strides: from the first contact to the last contact of the
		// same side.
		last := len(truth) - 1
		if (last % 2) == 1 {
			last--
		}
		ts, vs := window(xs, accV, truth[0].IC, truth[last].IC)
		var area float64
		for k := 1; k < len(ts); k++ {
			area += (vs[k-1] + vs[k]) / 2 * (ts[k] - ts[k-1])
		}
		mean := area / (ts[len(ts)-1] - ts[0])
		if math.Abs(mean/g0-1) > 1e-4 {
			t.Errorf("%v: mean a_v over %d strides = %.6f m/s², want g0", act, last/2, mean)
		}
	}
}

func TestVOTruth(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    Config
		lo, hi float64 // plausible VO range, m
	}{
		{"running", anatomical(Running, 21), 0.04, 0.11},
		{"running fast", func() Config { c := anatomical(Running, 22); c.Speed = 5.5; return c }(), 0.03, 0.11},
		{"walking", anatomical(Walking, 23), 0.02, 0.07},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs, _, truth := mustGenerate(t, tc.cfg)
			var worst float64
			for i := 0; i+1 < len(truth); i++ {
				ts, vs := window(xs, accV, truth[i].IC, truth[i+1].IC)
				vo := excursionNU(ts, vs)
				d := math.Abs(vo - truth[i].VO)
				worst = math.Max(worst, d)
				if d > 0.001 {
					t.Errorf("contact %d: integrated VO %.2f mm, truth %.2f mm", i, vo*1e3, truth[i].VO*1e3)
				}
				if truth[i].VO < tc.lo || truth[i].VO > tc.hi {
					t.Errorf("contact %d: VO %.1f mm outside plausible range", i, truth[i].VO*1e3)
				}
			}
			t.Logf("%d steps, worst |VO − truth| = %.3f mm", len(truth)-1, worst*1e3)
		})
	}
}

// TestVOMorin checks the vertical model against the closed form of the
// spring-mass sine model (Morin 2005) with smoothing and impact removed:
// VO = F/m·tc²/π² − g0·tc²/8 (stance drop) + g0·tf²/8 (flight rise).
func TestVOMorin(t *testing.T) {
	c, err := normalize(Config{Activity: Running, Duration: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(c)
	m.w = 0
	m.impBase = 0
	for _, x := range m.contacts() {
		tc := x.FC - x.IC
		tf := x.Length/m.v - tc
		fm := g0 * math.Pi / 2 * (tf/tc + 1)
		want := fm*tc*tc/(math.Pi*math.Pi) - g0*tc*tc/8 + g0*tf*tf/8
		if math.Abs(x.VO-want) > 1e-4 {
			t.Errorf("IC %.3f: VO %.3f mm, Morin %.3f mm", x.IC, x.VO*1e3, want*1e3)
		}
	}
}

func TestBrakingTruth(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"running", anatomical(Running, 31)},
		{"running overstride", func() Config { c := anatomical(Running, 32); c.Braking = 2; return c }()},
		{"walking", anatomical(Walking, 33)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs, _, truth := mustGenerate(t, tc.cfg)
			var mean float64
			for i := 0; i+1 < len(truth); i++ {
				end := math.Min(truth[i].FC, truth[i+1].IC)
				ts, vs := window(xs, accAP, truth[i].IC, end)
				var dv, lo float64
				for k := 1; k < len(ts); k++ {
					dv += (vs[k-1] + vs[k]) / 2 * (ts[k] - ts[k-1])
					lo = math.Min(lo, dv)
				}
				if d := math.Abs(-lo - truth[i].Braking); d > 0.002 {
					t.Errorf("contact %d: integrated speed loss %.4f m/s, truth %.4f", i, -lo, truth[i].Braking)
				}
				mean += truth[i].Braking
			}
			mean /= float64(len(truth) - 1)
			t.Logf("mean speed loss %.3f m/s", mean)
			if mean < 0.05 || mean > 1 {
				t.Errorf("mean speed loss %.3f m/s implausible", mean)
			}
		})
	}
	// Overstriding brakes harder.
	_, _, a := mustGenerate(t, anatomical(Running, 34))
	c := anatomical(Running, 34)
	c.Braking = 2
	_, _, b := mustGenerate(t, c)
	if !(b[5].Braking > 1.5*a[5].Braking) {
		t.Errorf("Braking 2 loses %.3f m/s, Braking 1 %.3f", b[5].Braking, a[5].Braking)
	}
}

func TestDeterminism(t *testing.T) {
	cfg := Config{Activity: Running, Placement: Waist, Duration: 5, Gyro: true, Noise: 0.1, GyroNoise: 0.01,
		Jitter: 0.001, Tilt: [3]float64{0.1, 0.2, 0.3}, Dropouts: []Gap{{1, 0.5}}, Seed: 42}
	a, la, ta := mustGenerate(t, cfg)
	b, lb, tb := mustGenerate(t, cfg)
	if !reflect.DeepEqual(a, b) || la != lb || !reflect.DeepEqual(ta, tb) {
		t.Fatal("same seed gave different output")
	}
	cfg.Seed = 43
	c, _, tc := mustGenerate(t, cfg)
	if reflect.DeepEqual(a, c) || reflect.DeepEqual(ta, tc) {
		t.Fatal("different seeds gave the same output")
	}
	// The same seed gives the same schedule whatever the placement.
	cfg.Placement = Shoe
	_, _, ts := mustGenerate(t, cfg)
	for _, x := range ts {
		i := sort.Search(len(tc), func(i int) bool { return tc[i].IC >= x.IC })
		if i == len(tc) || tc[i].IC != x.IC || tc[i].FC != x.FC {
			t.Fatalf("shoe contact at %v not in the waist schedule", x.IC)
		}
	}
}

func TestReadDoesNotAllocate(t *testing.T) {
	for _, p := range []Placement{Waist, Shoe, Shank} {
		cfg := Config{Activity: Running, Placement: p, Duration: 3 * 3600, Gyro: true, Noise: 0.1, GyroNoise: 0.01,
			Jitter: 0.0005, Dropouts: []Gap{{100, 1}}, ClipG: 8, Seed: 1}
		s := mustNew(t, cfg)
		var x sensor.Sample
		if n := testing.AllocsPerRun(20000, func() {
			if err := s.Read(&x); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%v: %v allocations per Read", p, n)
		}
	}
}

func TestLongStreamMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := mustNew(t, Config{Activity: Running, Duration: 3 * 3600, Gyro: true, Seed: 1})
	var x sensor.Sample
	for range 200000 {
		if err := s.Read(&x); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 64<<10 {
		t.Errorf("New and 200000 reads of a 3 h stream allocated %d bytes", d)
	}
}

func TestClip(t *testing.T) {
	cfg := Config{Activity: Running, Placement: Shank, Speed: 5, Duration: 20, Rate: 500, ClipG: 8, Noise: 0.2, Seed: 5}
	xs, l, truth := mustGenerate(t, cfg)
	if l.ClipAcc != 8*g0 {
		t.Errorf("layout ClipAcc %v", l.ClipAcc)
	}
	var clipped int
	for _, x := range xs {
		for _, a := range x.Acc {
			if math.Abs(a) > 8*g0 {
				t.Fatalf("|%v| exceeds the clip", a)
			}
			if math.Abs(a) == 8*g0 {
				clipped++
			}
		}
	}
	if clipped == 0 {
		t.Error("no sample reached the clip")
	}
	var peak float64
	for _, c := range truth {
		peak = math.Max(peak, c.ImpactG)
	}
	if peak <= 8 {
		t.Errorf("largest true impact %.1f g does not exceed the clip", peak)
	}
}

func TestDropouts(t *testing.T) {
	gaps := []Gap{{5, 0.013}, {2, 0.5}, {2.2, 0.1}, {9.95, 1}}
	xs, _, truth := mustGenerate(t, Config{Activity: Walking, Duration: 10, Rate: 100, Jitter: 0.002, Dropouts: gaps, Seed: 9})
	for _, x := range xs {
		for _, g := range gaps {
			if x.T >= g.Start && x.T < g.Start+g.Dur {
				t.Fatalf("sample at %v inside gap %+v", x.T, g)
			}
		}
	}
	if n := len(xs); n < 940 || n > 950 {
		t.Errorf("%d samples, want about 1001 − 50 − 1 − 5", n)
	}
	var inGap bool
	for _, c := range truth {
		inGap = inGap || (c.IC >= 2 && c.IC < 2.5)
	}
	if !inGap {
		t.Error("truth lost the contacts inside a gap")
	}
}

func TestTimestamps(t *testing.T) {
	for _, j := range []float64{0, 0.0003, 0.01} {
		xs, _, _ := mustGenerate(t, Config{Activity: Running, Duration: 30, Rate: 200, Jitter: j, Seed: 3})
		if len(xs) != 6001 {
			t.Errorf("jitter %v: %d samples, want 6001", j, len(xs))
		}
		var sd float64
		for i, x := range xs {
			if i > 0 && !(x.T > xs[i-1].T) {
				t.Fatalf("jitter %v: timestamps not increasing at %d", j, i)
			}
			if x.T < 0 || x.T > 30+0.45/200 {
				t.Fatalf("jitter %v: timestamp %v out of range", j, x.T)
			}
			d := x.T - float64(i)/200
			sd += d * d
		}
		sd = math.Sqrt(sd / float64(len(xs)))
		// Deviations are clamped to ±0.45/Rate = ±2.25 ms.
		lo, hi := 0.0, 0.0
		switch j {
		case 0.0003:
			lo, hi = 0.00027, 0.00033
		case 0.01:
			lo, hi = 0.0019, 0.00225
		}
		if sd < lo || sd > hi {
			t.Errorf("jitter %v: rms deviation %v, want %v..%v", j, sd, lo, hi)
		}
	}
}

func TestTilt(t *testing.T) {
	for _, p := range []Placement{Waist, Shoe, Shank} {
		base := Config{Activity: Running, Placement: p, Duration: 5, Rate: 200, Gyro: true, Seed: 4}
		if p == Waist {
			base.Lean = 0.1
		}
		tilted := base
		tilted.Tilt = [3]float64{0.3, -0.5, 2.0}
		a, _, _ := mustGenerate(t, base)
		b, _, _ := mustGenerate(t, tilted)
		for i := range a {
			na, nb := math.Hypot(math.Hypot(a[i].Acc[0], a[i].Acc[1]), a[i].Acc[2]), math.Hypot(math.Hypot(b[i].Acc[0], b[i].Acc[1]), b[i].Acc[2])
			ga, gb := math.Hypot(math.Hypot(a[i].Gyr[0], a[i].Gyr[1]), a[i].Gyr[2]), math.Hypot(math.Hypot(b[i].Gyr[0], b[i].Gyr[1]), b[i].Gyr[2])
			if math.Abs(na-nb) > 1e-9 || math.Abs(ga-gb) > 1e-9 {
				t.Fatalf("%v sample %d: |a| %v vs %v, |ω| %v vs %v", p, i, na, nb, ga, gb)
			}
			if d := math.Abs(a[i].Acc[0] - b[i].Acc[0]); i > 100 && d == 0 {
				t.Fatalf("%v: tilt changed nothing", p)
			}
		}
	}
	// Untilted sensor frame = anatomical frame with ML mirrored
	// (x up, y forward, z left), for a segment.
	cfg := Config{Activity: Walking, Placement: Shoe, Duration: 3, Gyro: true, Seed: 5}
	s, _, _ := mustGenerate(t, cfg)
	cfg.Frame = sensor.FrameAnatomical
	a, _, _ := mustGenerate(t, cfg)
	for i := range s {
		if s[i].Acc[0] != a[i].Acc[0] || s[i].Acc[1] != a[i].Acc[1] || s[i].Acc[2] != -a[i].Acc[2] || s[i].Gyr[2] != -a[i].Gyr[2] {
			t.Fatalf("sample %d: sensor %v %v, anatomical %v %v", i, s[i].Acc, s[i].Gyr, a[i].Acc, a[i].Gyr)
		}
	}
}

// TestTiltDirection pins the mounting convention with a standing subject:
// pitching the sensor forward by p puts −sin p of gravity on y (forward),
// rolling it right by r puts +sin r on z (left).
func TestTiltDirection(t *testing.T) {
	for _, tc := range []struct {
		tilt [3]float64
		want vec3
	}{
		{[3]float64{0, 0.2, 0}, vec3{math.Cos(0.2), -math.Sin(0.2), 0}}, // pitched forward
		{[3]float64{0.2, 0, 0}, vec3{math.Cos(0.2), 0, math.Sin(0.2)}},  // rolled right: left axis rises
		{[3]float64{0, 0, 0.7}, vec3{1, 0, 0}},                          // yaw keeps gravity on x
		{[3]float64{0, math.Pi / 2, 0}, vec3{0, -1, 0}},                 // lying face down: y points down
		{[3]float64{0.2, 0.3, 0}, vec3{math.Cos(0.2) * math.Cos(0.3), -math.Sin(0.3), math.Sin(0.2) * math.Cos(0.3)}},
		{[3]float64{0, 0.3, math.Pi / 2}, vec3{math.Cos(0.3), -math.Sin(0.3), 0}}, // yaw about gravity changes nothing
	} {
		s := mustNew(t, Config{Activity: Walking, Duration: 1, Standing: 5, Tilt: tc.tilt})
		var x sensor.Sample
		if err := s.Read(&x); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if math.Abs(x.Acc[i]/g0-tc.want[i]) > 1e-12 {
				t.Errorf("tilt %v: acc %v g, want %v", tc.tilt, scale(x.Acc, 1/g0), tc.want)
				break
			}
		}
	}
}

func scale(v [3]float64, k float64) [3]float64 { return [3]float64{v[0] * k, v[1] * k, v[2] * k} }

func TestLean(t *testing.T) {
	cfg := anatomical(Running, 6)
	cfg.Lean = 0.15
	cfg.Rate = 200
	xs, _, truth := mustGenerate(t, cfg)
	ts, vs := window(xs, accAP, truth[0].IC, truth[len(truth)-1-(len(truth)-1)%2].IC)
	var area float64
	for k := 1; k < len(ts); k++ {
		area += (vs[k-1] + vs[k]) / 2 * (ts[k] - ts[k-1])
	}
	mean := area / (ts[len(ts)-1] - ts[0])
	if want := -g0 * math.Sin(0.15); math.Abs(mean-want) > 0.01 {
		t.Errorf("mean AP %.4f m/s², want −g0·sin(Lean) = %.4f", mean, want)
	}
}

func TestStanding(t *testing.T) {
	for _, p := range []Placement{Waist, Shoe, Shank} {
		xs, _, truth := mustGenerate(t, Config{Activity: Walking, Placement: p, Duration: 10, Standing: 2, Gyro: true, Frame: sensor.FrameAnatomical, Seed: 1})
		for _, x := range xs {
			if x.T >= 2 {
				break
			}
			if x.Acc != [3]float64{g0, 0, 0} || x.Gyr != [3]float64{} {
				t.Fatalf("%v: standing sample %+v", p, x)
			}
		}
		if truth[0].IC < 2 {
			t.Errorf("%v: first contact at %v during standing", p, truth[0].IC)
		}
	}
}

func TestFatigue(t *testing.T) {
	const d = 0.1
	s := mustNew(t, Config{Activity: Running, Duration: 300, FatigueDrift: d, Seed: 12})
	truth := s.Truth()
	c := s.Config()
	var gEarly, gLate, tEarly, tLate float64
	var nEarly, nLate int
	for i := 0; i+1 < len(truth); i++ {
		x := truth[i]
		switch {
		case x.IC < 0.6*c.Duration:
			gEarly += x.FC - x.IC
			tEarly += truth[i+1].IC - x.IC
			nEarly++
		case x.IC > 0.95*c.Duration:
			gLate += x.FC - x.IC
			tLate += truth[i+1].IC - x.IC
			nLate++
		}
	}
	g := (gLate / float64(nLate)) / (gEarly / float64(nEarly))
	st := (tLate / float64(nLate)) / (tEarly / float64(nEarly))
	// At the end the ramp is ≈ 0.975: GCT × 1.0975, cadence × 0.9025.
	if g < 1.08 || g > 1.115 {
		t.Errorf("late/early GCT %.4f, want ≈ 1.0975", g)
	}
	if st < 1.095 || st > 1.125 {
		t.Errorf("late/early step time %.4f, want ≈ 1.108", st)
	}
}

func TestSideSignals(t *testing.T) {
	for _, act := range []Activity{Running, Walking} {
		cfg := anatomical(act, 13)
		cfg.Rate = 200
		xs, _, truth := mustGenerate(t, cfg)
		for i, c := range truth {
			if c.FC > xs[len(xs)-1].T {
				break
			}
			k := sort.Search(len(xs), func(k int) bool { return xs[k].T >= c.IC })
			yaw, roll := xs[k].Gyr[0], xs[k].Gyr[1]
			if (c.Side == 'L') != (yaw < 0) || (c.Side == 'L') != (roll > 0) {
				t.Errorf("%v contact %d (%c): yaw %.3f, roll %.3f rad/s at IC", act, i, c.Side, yaw, roll)
			}
			// Mediolateral acceleration over stance points towards the
			// other side (positive = right for a left stance).
			ts, vs := window(xs, func(s *sensor.Sample) float64 { return s.Acc[sensor.AxisML] }, c.IC, c.FC)
			var area float64
			for k := 1; k < len(ts); k++ {
				area += (vs[k-1] + vs[k]) / 2 * (ts[k] - ts[k-1])
			}
			if (c.Side == 'L') != (area > 0) {
				t.Errorf("%v contact %d (%c): ML impulse over stance %.3f", act, i, c.Side, area)
			}
		}
	}
}

// TestShoeKinematics integrates the clean shoe signals strapdown-style
// from one foot-flat period to the next: the pitch rate and the
// specific force are consistent, so the foot ends one stride length ahead,
// level and at rest, as a ZUPT algorithm expects.
func TestShoeKinematics(t *testing.T) {
	for _, act := range []Activity{Running, Walking} {
		cfg := Config{Activity: act, Placement: Shoe, Duration: 12, Rate: 1000, Frame: sensor.FrameAnatomical, Gyro: true, Seed: 14}
		xs, _, truth := mustGenerate(t, cfg)
		for i := 0; i+1 < len(truth); i++ {
			a, b := truth[i], truth[i+1]
			t0 := a.IC + 0.3*(a.FC-a.IC)
			t1 := b.IC + 0.3*(b.FC-b.IC)
			if t1 > xs[len(xs)-1].T {
				break
			}
			k := sort.Search(len(xs), func(k int) bool { return xs[k].T >= t0 })
			// Foot flat: gravity only.
			if x := xs[k]; math.Abs(x.Acc[0]-g0) > 1e-9 || math.Abs(x.Acc[1]) > 1e-9 || math.Abs(x.Gyr[2]) > 1e-12 {
				t.Fatalf("%v contact %d: not at rest at %.3f s: %v %v", act, i, x.T, x.Acc, x.Gyr)
			}
			var th, vx, vz, px, pz float64
			prevA := [2]float64{0, 0}
			prevW := 0.0
			for ; xs[k].T < t1; k++ {
				x := xs[k+1]
				h := x.T - xs[k].T
				w := x.Gyr[2]
				th += (prevW + w) / 2 * h
				s, c := math.Sincos(th)
				ax := c*x.Acc[1] - s*x.Acc[0]
				az := s*x.Acc[1] + c*x.Acc[0] - g0
				nvx, nvz := vx+(prevA[0]+ax)/2*h, vz+(prevA[1]+az)/2*h
				px += (vx + nvx) / 2 * h
				pz += (vz + nvz) / 2 * h
				vx, vz = nvx, nvz
				prevA = [2]float64{ax, az}
				prevW = w
			}
			if math.Abs(px-a.Length) > 0.01 || math.Abs(pz) > 0.01 || math.Abs(th) > 0.002 || math.Hypot(vx, vz) > 0.01 {
				t.Errorf("%v stride %d: moved %.4f m (truth %.4f), dz %.4f m, dθ %.4f rad, v %.4f m/s",
					act, i, px, a.Length, pz, th, math.Hypot(vx, vz))
			}
		}
	}
}

// TestLimbRanges checks the magnitudes promised in the package doc.
func TestLimbRanges(t *testing.T) {
	for _, tc := range []struct {
		act           Activity
		p             Placement
		v             float64
		swingLo, swHi float64 // mid-swing pitch rate peak, deg/s
		impLo, impHi  float64 // impact, g
	}{
		{Running, Shoe, 2.5, 400, 800, 5, 15},
		{Running, Shoe, 3.3, 400, 800, 5, 15},
		{Running, Shoe, 5, 400, 800, 5, 16},
		{Running, Shank, 2.5, 350, 800, 5, 15},
		{Running, Shank, 3.3, 400, 800, 5, 15},
		{Running, Shank, 5, 400, 800, 5, 15},
		{Walking, Shoe, 1.3, 250, 450, 2, 6},
		{Walking, Shank, 1.3, 250, 450, 1.5, 5},
	} {
		cfg := Config{Activity: tc.act, Placement: tc.p, Speed: tc.v, Duration: 10, Rate: 1000, Frame: sensor.FrameAnatomical, Gyro: true, Seed: 15}
		xs, _, truth := mustGenerate(t, cfg)
		var peak float64
		for _, x := range xs {
			peak = math.Max(peak, x.Gyr[2]*180/math.Pi)
		}
		if peak < tc.swingLo || peak > tc.swHi {
			t.Errorf("%v %v %.1f m/s: swing peak %.0f deg/s", tc.act, tc.p, tc.v, peak)
		}
		for i, c := range truth {
			if c.ImpactG < tc.impLo || c.ImpactG > tc.impHi {
				t.Errorf("%v %v %.1f m/s contact %d: impact %.1f g", tc.act, tc.p, tc.v, i, c.ImpactG)
				break
			}
			// IC is the first pitch-rate minimum after mid-swing: the
			// rate at IC is below the rate 30 ms before.
			k := sort.Search(len(xs), func(k int) bool { return xs[k].T >= c.IC })
			if k >= 30 && k+5 < len(xs) && !(xs[k+5].Gyr[2] < xs[k-30].Gyr[2]) {
				t.Errorf("%v %v contact %d: pitch rate does not fall into IC", tc.act, tc.p, i)
			}
		}
	}
}

func TestValidation(t *testing.T) {
	ok := Config{Activity: Running, Duration: 10}
	for _, tc := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Duration = 0 }, "Duration"},
		{func(c *Config) { c.Duration = math.NaN() }, "Duration"},
		{func(c *Config) { c.Rate = 10 }, "Rate"},
		{func(c *Config) { c.Rate = 2000 }, "Rate"},
		{func(c *Config) { c.Speed = 1 }, "Speed"},
		{func(c *Config) { c.Activity = Walking; c.Speed = 3 }, "Speed"},
		{func(c *Config) { c.Cadence = 300 }, "Cadence"},
		{func(c *Config) { c.GCT = 0.5 }, "GCT"},
		{func(c *Config) { c.GCT = -1 }, "GCT"},
		{func(c *Config) { c.Activity = Walking; c.GCT = 0.3 }, "GCT"},
		{func(c *Config) { c.GCTBalance = 80 }, "GCTBalance"},
		{func(c *Config) { c.ImpactAsym = 5 }, "ImpactAsym"},
		{func(c *Config) { c.RollAsym = -1 }, "RollAsym"},
		{func(c *Config) { c.YawAsym = 3 }, "YawAsym"},
		{func(c *Config) { c.Braking = -1 }, "Braking"},
		{func(c *Config) { c.Lean = 1 }, "Lean"},
		{func(c *Config) { c.Placement = Shoe; c.Lean = 0.1 }, "Lean"},
		{func(c *Config) { c.Placement = Shank; c.RollAsym = 0.3 }, "RollAsym"},
		{func(c *Config) { c.Placement = Shoe; c.YawAsym = -0.2 }, "YawAsym"},
		{func(c *Config) { c.Tilt[1] = math.Inf(1) }, "Tilt"},
		{func(c *Config) { c.Frame = 7 }, "Frame"},
		{func(c *Config) { c.Activity = 9 }, "Activity"},
		{func(c *Config) { c.Placement = 9 }, "Placement"},
		{func(c *Config) { c.Noise = -1 }, "Noise"},
		{func(c *Config) { c.GyroNoise = -1 }, "GyroNoise"},
		{func(c *Config) { c.Jitter = -1 }, "Jitter"},
		{func(c *Config) { c.Dropouts = []Gap{{1, 0}} }, "Dropouts[0]"},
		{func(c *Config) { c.ClipG = 0.5 }, "ClipG"},
		{func(c *Config) { c.GyroClip = -1 }, "GyroClip"},
		{func(c *Config) { c.GyroClip = math.NaN() }, "GyroClip"},
		{func(c *Config) { c.Side = 'X' }, "Side"},
		{func(c *Config) { c.StartSide = 'x' }, "StartSide"},
		{func(c *Config) { c.FatigueDrift = 0.9 }, "FatigueDrift"},
		{func(c *Config) { c.Variability = 0.5 }, "Variability"},
		{func(c *Config) { c.Standing = -1 }, "Standing"},
		{func(c *Config) { c.Bias[2] = math.NaN() }, "Bias"},
	} {
		c := ok
		tc.mod(&c)
		_, err := New(c)
		if err == nil || !strings.HasPrefix(err.Error(), "sim: "+tc.want+" ") {
			t.Errorf("want error naming %s, got %v", tc.want, err)
		}
	}
	if _, err := New(ok); err != nil {
		t.Errorf("valid config: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	s := mustNew(t, Config{Activity: Running, Duration: 1})
	c := s.Config()
	if c.Rate != 100 || c.Speed != 3.3 || math.Abs(c.Cadence-169.8) > 1e-9 || math.Abs(c.GCT-0.234) > 1e-9 ||
		c.GCTBalance != 50 || c.Braking != 1 || c.Variability != 0.02 || c.Side != 'L' || c.StartSide != 'L' ||
		c.Axes != [3]bool{true, true, true} {
		t.Errorf("running defaults: %+v", c)
	}
	s = mustNew(t, Config{Activity: Walking, Duration: 1, Variability: -1})
	c = s.Config()
	if c.Speed != 1.3 || math.Abs(c.Cadence-114.5) > 1e-9 || math.Abs(c.GCT-0.61*2*60/114.5) > 1e-9 || c.Variability >= 0 {
		t.Errorf("walking defaults: %+v", c)
	}
	// No variability: every step is identical.
	truth := s.Truth()
	for i := 1; i+1 < len(truth); i++ {
		if d := (truth[i+1].IC - truth[i].IC) - (truth[1].IC - truth[0].IC); math.Abs(d) > 1e-9 {
			t.Fatalf("variability -1 still varies step time by %v", d)
		}
	}
}

func TestLobe(t *testing.T) {
	for _, tc := range []struct{ a, b, w float64 }{
		{0, 0.25, 0.04},
		{0.1, 0.13, 0.04},
		{0, 0.02, 0.04}, // ω = β: the kernel's own frequency
		{0, 0.5, 0.05},
		{0, 0.25, 0},
	} {
		// Numerical convolution with the Hann kernel.
		num := func(t float64) float64 {
			if tc.w == 0 {
				if t < tc.a || t > tc.b {
					return 0
				}
				return math.Sin(math.Pi * (t - tc.a) / (tc.b - tc.a))
			}
			const n = 4000
			var sum float64
			for k := 0; k <= n; k++ {
				tau := -tc.w/2 + tc.w*float64(k)/n
				x := t - tau
				wt := 1.0
				if k == 0 || k == n {
					wt = 0.5
				}
				if x > tc.a && x < tc.b {
					sum += wt * (1 + math.Cos(2*math.Pi*tau/tc.w)) / tc.w * math.Sin(math.Pi*(x-tc.a)/(tc.b-tc.a))
				}
			}
			return sum * tc.w / n
		}
		var area float64
		const steps = 2000
		lo, hi := tc.a-tc.w, tc.b+tc.w
		for k := 0; k <= steps; k++ {
			x := lo + (hi-lo)*float64(k)/steps
			got := lobe(x, tc.a, tc.b, tc.w, lobeGain(tc.b-tc.a, tc.w))
			if want := num(x); math.Abs(got-want) > 2e-4 {
				t.Fatalf("lobe(%v, %v, %v, %v) = %v, numerical %v", x, tc.a, tc.b, tc.w, got, want)
			}
			area += got * (hi - lo) / steps
		}
		if want := 2 * (tc.b - tc.a) / math.Pi; math.Abs(area-want) > 1e-4*want+1e-6 {
			t.Errorf("lobe area %v, want %v", area, want)
		}
	}
}

func TestQuint(t *testing.T) {
	p0, v0, a0 := vec2{1, 2}, vec2{-1, 0.5}, vec2{3, -2}
	p1, v1, a1 := vec2{4, -1}, vec2{2, 0}, vec2{-5, 1}
	q := newQuint(1, 1.5, p0, v0, a0, p1, v1, a1)
	const e = 1e-5
	for _, c := range []struct {
		t       float64
		p, v, a vec2
	}{{1, p0, v0, a0}, {1.5, p1, v1, a1}} {
		p := q.pos(c.t)
		v := vec2{(q.pos(c.t + e)[0] - q.pos(c.t - e)[0]) / (2 * e), (q.pos(c.t + e)[1] - q.pos(c.t - e)[1]) / (2 * e)}
		a := q.acc(c.t)
		for i := range 2 {
			if math.Abs(p[i]-c.p[i]) > 1e-9 || math.Abs(v[i]-c.v[i]) > 1e-5 || math.Abs(a[i]-c.a[i]) > 1e-9 {
				t.Errorf("t %v: p %v v %v a %v, want %v %v %v", c.t, p, v, a, c.p, c.v, c.a)
			}
		}
	}
}

func TestWriteCSV(t *testing.T) {
	for _, tc := range []struct {
		cfg    Config
		header string
	}{
		{Config{Activity: Running, Duration: 2, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}},
			"t,acc_v,acc_ap"},
		{Config{Activity: Walking, Duration: 2, Frame: sensor.FrameAnatomical}, "t,acc_v,acc_ap,acc_ml"},
		// anatomical rates under anatomical names: gx,gy,gz beside acc_v
		// are sensor-frame rates to the reader, and not read
		{Config{Activity: Running, Duration: 2, Frame: sensor.FrameAnatomical, Gyro: true}, "t,acc_v,acc_ap,acc_ml,gyr_v,gyr_ap,gyr_ml"},
		{Config{Activity: Running, Duration: 2, Gyro: true, Noise: 0.1}, "t,ax,ay,az,gx,gy,gz"},
		{Config{Activity: Running, Placement: Shoe, Duration: 2, Axes: [3]bool{false, true, true}}, "t,ay,az"},
	} {
		xs, l, _ := mustGenerate(t, tc.cfg)
		var buf bytes.Buffer
		if err := WriteCSV(&buf, mustNew(t, tc.cfg)); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rows[0], ","); got != tc.header {
			t.Errorf("header %q, want %q", got, tc.header)
		}
		if len(rows)-1 != len(xs) {
			t.Fatalf("%d rows for %d samples", len(rows)-1, len(xs))
		}
		for i, r := range rows[1:] {
			x := xs[i]
			var want []float64
			want = append(want, x.T)
			for k, ok := range l.Acc {
				if ok {
					want = append(want, x.Acc[k]/g0)
				}
			}
			for k, ok := range l.Gyr {
				if ok {
					want = append(want, x.Gyr[k]*180/math.Pi)
				}
			}
			if len(r) != len(want) {
				t.Fatalf("row %d has %d fields, want %d", i, len(r), len(want))
			}
			for k, f := range r {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil || math.Abs(v-want[k]) > 1e-4 {
					t.Fatalf("row %d field %d: %q, want %v", i, k, f, want[k])
				}
			}
		}
	}
}

type failingSource struct{ n int }

func (f *failingSource) Layout() sensor.Layout { return sensor.Layout{Acc: [3]bool{true, true, true}} }
func (f *failingSource) Read(s *sensor.Sample) error {
	if f.n++; f.n > 3 {
		return &sensor.LineError{Line: 5, Err: sensor.ErrParse}
	}
	return nil
}

func TestWriteCSVError(t *testing.T) {
	err := WriteCSV(io.Discard, &failingSource{})
	if !errors.Is(err, sensor.ErrParse) {
		t.Errorf("got %v, want the source's error", err)
	}
}

func TestWriteTruthCSV(t *testing.T) {
	var buf bytes.Buffer
	c := []Contact{{IC: 0.05, FC: 0.2891234567, Side: 'L'}, {IC: 0.4, FC: 0.61, Side: 'R'}}
	if err := WriteTruthCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	want := "ic_s,fc_s,side\n0.050000,0.289123,L\n0.400000,0.610000,R\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// TestWriteDemo writes the demo recording used by the daemon's demo mode:
// go test ./sensor/sim -run TestWriteDemo -demo
func TestWriteDemo(t *testing.T) {
	if !*demo {
		t.Skip("run with -demo to write ../../testdata/demo")
	}
	dir := filepath.Join("..", "..", "testdata", "demo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := mustNew(t, DemoConfig())
	write := func(name string, fn func(*os.File) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("run_waist.csv", func(f *os.File) error { return WriteCSV(f, s) })
	write("run_waist_truth.csv", func(f *os.File) error { return WriteTruthCSV(f, s.Truth()) })
}

func BenchmarkRead(b *testing.B) {
	for _, bc := range []struct {
		name string
		cfg  Config
	}{
		{"waist-run", Config{Activity: Running, Gyro: true, Noise: 0.05, GyroNoise: 0.005, Tilt: [3]float64{0.1, 0.1, 0.1}}},
		{"waist-walk", Config{Activity: Walking, Gyro: true, Noise: 0.05, GyroNoise: 0.005}},
		{"shoe-run", Config{Activity: Running, Placement: Shoe, Gyro: true, Noise: 0.05, GyroNoise: 0.005}},
		{"shank-run", Config{Activity: Running, Placement: Shank, Gyro: true, Noise: 0.05, GyroNoise: 0.005}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.cfg.Duration = maxDuration
			bc.cfg.Rate = 1000
			s := mustNew(b, bc.cfg)
			var x sensor.Sample
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Read(&x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// lowPass2 filters x (sampled at fs) forward and backward with a
// second-order Butterworth low-pass at fc: zero phase, like the 20 Hz
// smoothing of the McCamley waist method.
func lowPass2(x []float64, fc, fs float64) []float64 {
	k := math.Tan(math.Pi * fc / fs)
	n := 1 / (1 + math.Sqrt2*k + k*k)
	b0, b1, b2 := k*k*n, 2*k*k*n, k*k*n
	a1, a2 := 2*(k*k-1)*n, (1-math.Sqrt2*k+k*k)*n
	y := slices.Clone(x)
	for range 2 {
		x1, x2, y1, y2 := y[0], y[0], y[0], y[0]
		for i, v := range y {
			o := b0*v + b1*x1 + b2*x2 - a1*y1 - a2*y2
			x2, x1, y2, y1 = x1, v, y1, o
			y[i] = o
		}
		slices.Reverse(y)
	}
	return y
}

// TestWalkingWaistTiming pins the timing of the walking waist waveform to
// the features of the IC-aligned mobgap lower-back recordings (see the
// package documentation): the vertical rises steeply from IC into a
// loading peak 20 ms later; in a long double support a trough precedes a
// bump at the other foot's toe-off; the forward acceleration peaks just
// before IC and brakes after it; the trunk pitches forward after IC. (The
// earlier sinusoidal model had the steepest rise of its 20 Hz vertical
// 40–55 ms before IC at 100 Hz.)
func TestWalkingWaistTiming(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		ds   bool // long double support: check trough and toe-off bump
	}{
		{"1.3 m/s", Config{Speed: 1.3}, false},
		{"1.3 m/s, 100 Hz", Config{Speed: 1.3, Rate: 100}, false},
		{"0.8 m/s", Config{Speed: 0.8}, false},
		{"1.8 m/s", Config{Speed: 1.8}, false},
		{"as HA001", Config{Speed: 1.04, Cadence: 103.4, GCT: 0.80}, true},
		{"as HA001, 100 Hz", Config{Speed: 1.04, Cadence: 103.4, GCT: 0.80, Rate: 100}, false},
		{"as HA001, variable", Config{Speed: 1.04, Cadence: 103.4, GCT: 0.80, Variability: 0.05}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			if cfg.Rate == 0 {
				cfg.Rate = 1000
			}
			fs := cfg.Rate
			cfg.Activity, cfg.Duration, cfg.Frame, cfg.Gyro, cfg.Seed = Walking, 20, sensor.FrameAnatomical, true, 16
			xs, _, truth := mustGenerate(t, cfg)
			v := make([]float64, len(xs))
			for i, x := range xs {
				v[i] = x.Acc[sensor.AxisV]
			}
			sm := lowPass2(v, 20, fs)
			at := func(s float64) int { return int(math.Round(s * fs)) } // xs[k].T = k/fs
			argExt := func(x []float64, a, b float64, sign float64) (int, float64) {
				best := at(a)
				for k := at(a); k <= at(b); k++ {
					if sign*x[k] > sign*x[best] {
						best = k
					}
				}
				return best, float64(best) / fs
			}
			var n int
			var sumRise, sumPeak, sumPeakG float64
			for i, c := range truth {
				if i == 0 || c.IC < 1 || c.IC > cfg.Duration-1 {
					continue
				}
				n++
				ic := c.IC
				// Steepest rise of the smoothed vertical near IC.
				best := at(ic - 0.15)
				for k := at(ic - 0.15); k <= at(ic+0.1); k++ {
					if sm[k+1]-sm[k-1] > sm[best+1]-sm[best-1] {
						best = k
					}
				}
				if d := float64(best)/fs - ic; math.Abs(d) > 0.015 {
					t.Errorf("IC %.3f: steepest rise of the 20 Hz vertical %+.0f ms from IC", ic, d*1e3)
				}
				sumRise += float64(best)/fs - ic
				// Loading peak.
				kl, tp := argExt(v, ic-0.05, ic+0.1, 1)
				sumPeak += tp - ic
				sumPeakG += v[kl] / g0
				if d := tp - ic; d < 0.015 || d > 0.05 {
					t.Errorf("IC %.3f: loading peak %+.0f ms after IC", ic, d*1e3)
				}
				// Forward: peak before IC, braking after it.
				ap := func(k int) float64 { return xs[k].Acc[sensor.AxisAP] }
				kp := at(ic - 0.15)
				km := at(ic)
				for k := at(ic - 0.15); k <= at(ic+0.25); k++ {
					if k <= at(ic) && ap(k) > ap(kp) {
						kp = k
					}
					if k >= at(ic) && ap(k) < ap(km) {
						km = k
					}
				}
				if d := float64(kp)/fs - ic; d < -0.08 || d > 0 || ap(at(ic)) <= 0 {
					t.Errorf("IC %.3f: forward peak %+.0f ms from IC, %.2f m/s² at IC", ic, d*1e3, ap(at(ic)))
				}
				if d := float64(km)/fs - ic; d < 0.08 || d > 0.25 || ap(km) > -0.1*g0 {
					t.Errorf("IC %.3f: braking minimum %.2f m/s² %+.0f ms after IC", ic, ap(km), d*1e3)
				}
				// Trunk pitch rate (anatomical: about the right axis, so
				// forward pitching is negative) crosses zero at IC.
				if p0, p1 := -xs[at(ic-0.1)].Gyr[sensor.AxisML], -xs[at(ic+0.1)].Gyr[sensor.AxisML]; !(p0 < 0 && p1 > 0) {
					t.Errorf("IC %.3f: pitch rate %.3f before, %.3f rad/s after IC", ic, p0, p1)
				}
				if !tc.ds {
					continue
				}
				// Trough before and bump at the other foot's toe-off.
				to := truth[i-1].FC
				kt, tt := argExt(v, ic+0.06, to, -1)
				kb, tb := argExt(v, tt, to+0.05, 1)
				if f := (tt - ic) / (to - ic); f < 0.5 || f > 0.85 {
					t.Errorf("IC %.3f: trough at %.2f of double support", ic, f)
				}
				if d := tb - to; math.Abs(d) > 0.025 || v[kb]-v[kt] < 0.03*g0 {
					t.Errorf("IC %.3f: bump %+.0f ms from the other toe-off, %.2f g above the trough", ic, d*1e3, (v[kb]-v[kt])/g0)
				}
			}
			if n < 20 {
				t.Fatalf("%d contacts checked", n)
			}
			k := float64(n)
			t.Logf("%d contacts: steepest rise %+.1f ms, loading peak %+.1f ms, %.2f g", n, sumRise/k*1e3, sumPeak/k*1e3, sumPeakG/k)
		})
	}
}

// TestShankToeOffAtGyroMinimum checks the shank's sagittal rate against
// the Purcell rule (TC = deepest rate minimum before mid-swing; published
// bias +3.5 ms against force plates): the deepest minimum of the clean
// rate between IC and the mid-swing peak lies within 10 ms of the true
// toe-off.
func TestShankToeOffAtGyroMinimum(t *testing.T) {
	for _, tc := range []struct {
		act Activity
		v   float64
	}{{Walking, 0.8}, {Walking, 1.3}, {Walking, 1.8}, {Running, 2.5}, {Running, 3.3}, {Running, 5}} {
		cfg := Config{Activity: tc.act, Placement: Shank, Speed: tc.v, Duration: 20, Rate: 1000,
			Frame: sensor.FrameAnatomical, Gyro: true, Variability: 0.05, Seed: 17}
		xs, _, truth := mustGenerate(t, cfg)
		rate := func(k int) float64 { return xs[k].Gyr[sensor.AxisML] } // distal end forward
		var worst, sum float64
		var n int
		for i := 0; i+1 < len(truth); i++ {
			c, next := truth[i], truth[i+1]
			if next.IC > xs[len(xs)-1].T {
				break
			}
			at := func(s float64) int { return int(math.Round(s * 1000)) }
			ms := at(c.FC)
			for k := at(c.FC); k < at(next.IC); k++ {
				if rate(k) > rate(ms) {
					ms = k
				}
			}
			lo := at(c.IC)
			for k := at(c.IC); k < ms; k++ {
				if rate(k) < rate(lo) {
					lo = k
				}
			}
			d := xs[lo].T - c.FC
			sum += d
			n++
			if math.Abs(d) > math.Abs(worst) {
				worst = d
			}
		}
		if n < 10 {
			t.Fatalf("%v %.1f m/s: %d strides", tc.act, tc.v, n)
		}
		t.Logf("%v %.1f m/s: rate minimum − TC %+.1f ms mean, worst %+.1f ms (%d strides)", tc.act, tc.v, sum/float64(n)*1e3, worst*1e3, n)
		if math.Abs(worst) > 0.010 {
			t.Errorf("%v %.1f m/s: rate minimum %+.1f ms from TC", tc.act, tc.v, worst*1e3)
		}
	}
}

// TestAntiAlias: with AntiAlias each sample is the mean of the clean signal
// at its time and 7 earlier eighths of a period, i.e. of 8 consecutive
// samples of the same recording taken at 8 times the rate (the schedule
// does not depend on the rate), for every placement and both frames.
func TestAntiAlias(t *testing.T) {
	for _, c := range []Config{
		{Activity: Running, Placement: Shank, Speed: 4, Gyro: true, Tilt: [3]float64{0.2, 0.3, 0.5}},
		{Activity: Walking, Placement: Shoe, Gyro: true},
		{Activity: Running, Placement: Waist, Gyro: true, Frame: sensor.FrameAnatomical, Standing: 0.3},
	} {
		c.Duration, c.Rate, c.Seed = 6, 50, 9
		aa := c
		aa.AntiAlias = true
		xs, _, _ := mustGenerate(t, aa)
		fine := c
		fine.Rate = 8 * c.Rate
		ys, _, _ := mustGenerate(t, fine)
		worst, spread := 0.0, 0.0
		for k := 1; k < len(xs); k++ {
			for i := range 3 {
				m := ys[8*k].Acc[i]
				g := ys[8*k].Gyr[i]
				for j := 1; j < 8; j++ {
					m += ys[8*k-j].Acc[i]
					g += ys[8*k-j].Gyr[i]
				}
				worst = math.Max(worst, math.Abs(xs[k].Acc[i]-m/8))
				worst = math.Max(worst, math.Abs(xs[k].Gyr[i]-g/8))
				spread = math.Max(spread, math.Abs(xs[k].Acc[i]-ys[8*k].Acc[i]))
			}
		}
		if worst > 1e-9 {
			t.Errorf("%v %v: a sample differs from the mean of its period by %.3g", c.Placement, c.Activity, worst)
		}
		if spread < 0.5 {
			// the mean must differ from the instant somewhere, or the test
			// compares a stream with itself
			t.Errorf("%v %v: the mean never differs from the instant by more than %.3g m/s²", c.Placement, c.Activity, spread)
		}
	}
}
