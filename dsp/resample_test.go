package dsp

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// jittered returns samples at nominal rate fs with uniform timestamp jitter
// of ±jit seconds, starting at t0, carrying a 2.8 Hz sine on Acc[0] and
// Gyr[2] (cosine) and constants on the other axes.
func jittered(seed uint64, n int, t0, fs, jit float64) []sensor.Sample {
	rng := rand.New(rand.NewPCG(seed, 0))
	ss := make([]sensor.Sample, n)
	for i := range ss {
		t := t0 + float64(i)/fs + jit*(2*rng.Float64()-1)
		ss[i] = sineSample(t)
	}
	return ss
}

const sineF, sineA = 2.8, 3.0

func sineSample(t float64) sensor.Sample {
	w := 2 * math.Pi * sineF
	return sensor.Sample{
		T:   t,
		Acc: [3]float64{sineA * math.Sin(w*t), 1, sensor.G0},
		Gyr: [3]float64{0, -0.5, sineA * math.Cos(w*t)},
	}
}

func mustResampler(tb testing.TB, rate, maxGap float64) *Resampler {
	tb.Helper()
	r, err := NewResampler(rate, maxGap)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func pushAll(tb testing.TB, r *Resampler, in []sensor.Sample) (out []sensor.Sample, gaps []int) {
	tb.Helper()
	for i, s := range in {
		var gap bool
		var err error
		out, gap, err = r.Push(out, s)
		if err != nil {
			tb.Fatalf("sample %d: %v", i, err)
		}
		if gap {
			gaps = append(gaps, i)
		}
	}
	return out, gaps
}

// TestResamplerSine resamples a 2.8 Hz sine sampled at 100 Hz ± 3 ms jitter
// onto grids of 50, 100 and 208 Hz. Every output lies on t0 + k/rate
// exactly and matches the sine within the linear-interpolation bound
// A·ω²·Δt²/8 with Δt the largest input interval (16 ms), ≈ 0.0099.
func TestResamplerSine(t *testing.T) {
	const fsIn, jit, n = 100.0, 0.003, 3000
	in := jittered(4, n, 12.5, fsIn, jit)
	w := 2 * math.Pi * sineF
	bound := sineA * w * w * sq(1/fsIn+2*jit) / 8
	for _, rate := range []float64{50, 100, 208} {
		r := mustResampler(t, rate, 0.1)
		out, gaps := pushAll(t, r, in)
		if len(gaps) != 0 {
			t.Fatalf("rate %g: gaps at %v", rate, gaps)
		}
		wantN := int(math.Floor((in[n-1].T-in[0].T)*rate)) + 1
		if len(out) != wantN {
			t.Errorf("rate %g: %d samples, want %d", rate, len(out), wantN)
		}
		for k, s := range out {
			if want := in[0].T + float64(k)/rate; s.T != want {
				t.Fatalf("rate %g: sample %d at %v, want %v", rate, k, s.T, want)
			}
			ref := sineSample(s.T)
			if e := math.Abs(s.Acc[0] - ref.Acc[0]); e > bound {
				t.Fatalf("rate %g: sample %d Acc[0] error %g > %g", rate, k, e, bound)
			}
			if e := math.Abs(s.Gyr[2] - ref.Gyr[2]); e > bound {
				t.Fatalf("rate %g: sample %d Gyr[2] error %g > %g", rate, k, e, bound)
			}
			if math.Abs(s.Acc[1]-1) > 1e-15 || math.Abs(s.Acc[2]-sensor.G0) > 1e-14 || math.Abs(s.Gyr[1]+0.5) > 1e-15 {
				t.Fatalf("rate %g: sample %d constants disturbed: %+v", rate, k, s)
			}
		}
	}
}

// TestResamplerChunking pushes the same input accumulating into one slice,
// into a fresh slice per call and into a reused dst[:0]; all must agree
// bit for bit.
func TestResamplerChunking(t *testing.T) {
	in := jittered(5, 500, 0, 100, 0.004)
	in = append(in, jittered(6, 200, in[len(in)-1].T+0.5, 100, 0.004)...) // with a gap
	ref, _ := pushAll(t, mustResampler(t, 60, 0.1), in)

	var fresh, reused []sensor.Sample
	r1, r2 := mustResampler(t, 60, 0.1), mustResampler(t, 60, 0.1)
	buf := make([]sensor.Sample, 0, 8)
	for _, s := range in {
		o, _, _ := r1.Push(nil, s)
		fresh = append(fresh, o...)
		buf, _, _ = r2.Push(buf[:0], s)
		reused = append(reused, buf...)
	}
	if len(fresh) != len(ref) || len(reused) != len(ref) {
		t.Fatalf("lengths %d, %d, want %d", len(fresh), len(reused), len(ref))
	}
	for i := range ref {
		if fresh[i] != ref[i] || reused[i] != ref[i] {
			t.Fatalf("sample %d: %+v, %+v, want %+v", i, fresh[i], reused[i], ref[i])
		}
	}
}

// TestResamplerGap checks that an interval above maxGap is reported on the
// sample after it, that no output falls inside it, and that the grid
// restarts on that sample.
func TestResamplerGap(t *testing.T) {
	a := jittered(7, 300, 100, 100, 0.002)
	restart := a[len(a)-1].T + 0.73
	b := jittered(8, 300, restart, 100, 0) // b[0].T == restart
	in := append(a, b...)

	r := mustResampler(t, 50, 0.1)
	out, gaps := pushAll(t, r, in)
	if len(gaps) != 1 || gaps[0] != len(a) {
		t.Fatalf("gaps reported at %v, want [%d]", gaps, len(a))
	}
	var k int
	for k = range out {
		if out[k].T > a[len(a)-1].T {
			break
		}
	}
	if out[k].T != restart || out[k] != b[0] {
		t.Fatalf("first sample after the gap %+v, want %+v", out[k], b[0])
	}
	if out[k-1].T > a[len(a)-1].T {
		t.Fatalf("sample at %v invented inside the gap", out[k-1].T)
	}
	for i, s := range out[k:] {
		if want := restart + float64(i)/50; s.T != want {
			t.Fatalf("after the gap sample %d at %v, want %v", i, s.T, want)
		}
	}

	// An interval of exactly maxGap is not a gap.
	r = mustResampler(t, 10, 0.5)
	pushAll(t, r, []sensor.Sample{{T: 0}})
	if _, gap, _ := r.Push(nil, sensor.Sample{T: 0.5}); gap {
		t.Error("interval equal to maxGap reported as a gap")
	}
	// +Inf disables gap detection.
	r = mustResampler(t, 10, math.Inf(1))
	out, gaps = pushAll(t, r, []sensor.Sample{{T: 0}, {T: 1000}})
	if len(gaps) != 0 || len(out) != 10001 {
		t.Errorf("maxGap=+Inf: gaps %v, %d samples", gaps, len(out))
	}
}

// TestResamplerRejects checks that non-increasing and non-finite timestamps
// are rejected with the sensor errors and leave no trace: the output equals
// that of the clean input.
func TestResamplerRejects(t *testing.T) {
	clean := jittered(9, 200, 0, 100, 0.003)
	ref, _ := pushAll(t, mustResampler(t, 100, 0.1), clean)

	r := mustResampler(t, 100, 0.1)
	var out []sensor.Sample
	bad := 0
	for i, s := range clean {
		var err error
		out, _, err = r.Push(out, s)
		if err != nil {
			t.Fatal(err)
		}
		if i%17 != 5 {
			continue
		}
		for _, tc := range []struct {
			t    float64
			want error
		}{
			{s.T, sensor.ErrDuplicateTS},
			{s.T - 0.001, sensor.ErrBackwards},
			{s.T - 1000, sensor.ErrBackwards},
			{math.NaN(), sensor.ErrNonFinite},
			{math.Inf(1), sensor.ErrNonFinite},
		} {
			n := len(out)
			o, gap, err := r.Push(out, sensor.Sample{T: tc.t, Acc: [3]float64{1e9}})
			if !errors.Is(err, tc.want) || gap || len(o) != n {
				t.Fatalf("T=%v after %v: got (%d new, %v, %v), want error %v", tc.t, s.T, len(o)-n, gap, err, tc.want)
			}
			bad++
		}
	}
	if bad == 0 || len(out) != len(ref) {
		t.Fatalf("%d rejected, %d samples, want %d", bad, len(out), len(ref))
	}
	for i := range ref {
		if out[i] != ref[i] {
			t.Fatalf("sample %d = %+v, want %+v", i, out[i], ref[i])
		}
	}
}

func TestResamplerReset(t *testing.T) {
	in := jittered(10, 100, 3, 100, 0.003)
	r := mustResampler(t, 40, 0.1)
	want, _ := pushAll(t, r, in)
	r.Reset()
	// Earlier timestamps are fine after Reset, and the first is no gap.
	pushAll(t, r, []sensor.Sample{{T: -50}})
	r.Reset()
	got, _ := pushAll(t, r, in)
	if len(got) != len(want) {
		t.Fatalf("%d samples after Reset, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestNewResamplerErrors(t *testing.T) {
	for _, tc := range []struct {
		rate, gap float64
		want      error
	}{
		{0, 1, ErrRate},
		{-100, 1, ErrRate},
		{math.NaN(), 1, ErrRate},
		{math.Inf(1), 1, ErrRate},
		{100, 0, ErrMaxGap},
		{100, -1, ErrMaxGap},
		{100, math.NaN(), ErrMaxGap},
	} {
		if r, err := NewResampler(tc.rate, tc.gap); !errors.Is(err, tc.want) || r != nil {
			t.Errorf("NewResampler(%v, %v) = %v, %v; want %v", tc.rate, tc.gap, r, err, tc.want)
		}
	}
}

func TestEstimateRate(t *testing.T) {
	regular := func(n int, fs float64) []float64 {
		ts := make([]float64, n)
		for i := range ts {
			ts[i] = 5 + float64(i)/fs
		}
		return ts
	}
	withGap := regular(101, 100)
	for i := 60; i < len(withGap); i++ {
		withGap[i] += 3
	}
	var jit []float64
	for _, s := range jittered(11, 1001, 0, 208, 0.0005) {
		jit = append(jit, s.T)
	}
	for _, tc := range []struct {
		name string
		ts   []float64
		want float64
		tol  float64
	}{
		{"empty", nil, 0, 0},
		{"one", []float64{1}, 0, 0},
		{"all equal", []float64{1, 1, 1}, 0, 0},
		{"100 Hz", regular(100, 100), 100, 1e-9},
		{"even count", []float64{0, 0.01, 0.03}, 1 / 0.015, 1e-9},
		{"milliseconds", regular(50, 0.1), 0.1, 1e-12},
		{"gap", withGap, 100, 1e-9},
		{"duplicates and a step back", []float64{0, 0.01, 0.01, 0.02, 0.015, 0.03, 0.04, 0.05}, 100, 1e-9},
		{"208 Hz jittered", jit, 208, 2},
	} {
		if got := EstimateRate(tc.ts); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: EstimateRate = %v, want %v ± %v", tc.name, got, tc.want, tc.tol)
		}
	}
}

// TestResamplerEpochPassThrough: a regular stream stamped in epoch seconds
// (whole ms at 1 kHz) passes through Push unchanged: each sample within its
// timestamp's rounding of the grid is on it (with a tolerance of 1e-9 of a
// period alone, 4 in 10 were interpolated, by up to 2.4e-4 of a step).
func TestResamplerEpochPassThrough(t *testing.T) {
	r, err := NewResampler(1000, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	const t0ms = 1700000000123
	var out []sensor.Sample
	changed := 0
	for i := range 100000 {
		s := sensor.Sample{T: float64(t0ms+int64(i)) / 1000, Acc: [3]float64{float64(i % 7), 0, 9.8}}
		out, _, err = r.Push(out[:0], s)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Acc != s.Acc {
				changed++
			}
		}
	}
	if changed != 0 {
		t.Errorf("%d of 100000 samples interpolated", changed)
	}
}

// TestResamplerDuplicateAfterSnap: Snap records the grid time of a sample
// it takes a little late; the same sample pushed again is still a
// duplicate (it was accepted, uncounted), and one a little earlier still
// goes back.
func TestResamplerDuplicateAfterSnap(t *testing.T) {
	const t0 = 1.7e9
	for _, tc := range []struct {
		t    float64
		want error
	}{{t0 + 0.01 + 1e-6, sensor.ErrDuplicateTS}, {t0 + 0.01 + 0.5e-6, sensor.ErrBackwards}} {
		r, _ := NewResampler(100, 1)
		r.Push(nil, sensor.Sample{T: t0})
		s := sensor.Sample{T: t0 + 0.01 + 1e-6}
		if !r.OnGrid(&s) {
			t.Fatal("not snapped")
		}
		out, gap, err := r.Push(nil, sensor.Sample{T: tc.t})
		if !errors.Is(err, tc.want) || len(out) != 0 || gap {
			t.Errorf("%.7f after a snapped %.7f: out %v gap %v err %v, want %v", tc.t-t0, 0.01+1e-6, out, gap, err, tc.want)
		}
	}
}

// TestResamplerSnapNonFinite: Snap and OnGrid take no sample whose
// timestamp is not finite, as Push rejects it. With maxGap = +Inf the
// interval to +Inf passed the gap test and made the tolerance +Inf, so
// Snap took the sample as the next grid point; its timestamp was then the
// last accepted one and every later sample was rejected as going back.
func TestResamplerSnapNonFinite(t *testing.T) {
	for _, maxGap := range []float64{0.1, math.Inf(1)} {
		for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
			r := mustResampler(t, 100, maxGap)
			pushAll(t, r, []sensor.Sample{{T: 0}, {T: 0.01}})
			s := sensor.Sample{T: bad}
			if tt, ok := r.Snap(&s); ok {
				t.Errorf("maxGap %g: Snap(T=%g) = %g, true; want false", maxGap, bad, tt)
			}
			if r.OnGrid(&s) {
				t.Errorf("maxGap %g: OnGrid(T=%g) = true; want false", maxGap, bad)
			}
			if _, _, err := r.Push(nil, s); !errors.Is(err, sensor.ErrNonFinite) {
				t.Errorf("maxGap %g: Push(T=%g): %v, want ErrNonFinite", maxGap, bad, err)
			}
			// the stream goes on after the rejected sample
			next := sensor.Sample{T: 0.02}
			if !r.OnGrid(&next) {
				out, _, err := r.Push(nil, next)
				t.Errorf("maxGap %g: after T=%g, the next grid sample is not on the grid (Push: %v, %v)", maxGap, bad, out, err)
			}
		}
	}
}

// TestResamplerEarlyOnGrid: a sample within its timestamp's rounding of a
// grid time is taken as it is on either side of it. Epoch seconds in
// whole ms at 200 Hz round below the grid time t0 + k/200 for 8 samples in
// 100 (one unit in the last place, 2.4e-7 s). Such a grid time is not due
// until the next sample (Push emits the grid times up to the sample's own
// time), which interpolated it between the two, 4.8e-5 of the way to the
// next sample's values, instead of taking the early sample's.
func TestResamplerEarlyOnGrid(t *testing.T) {
	r := mustResampler(t, 200, 0.25)
	const t0ms = 1712345678901
	t0 := float64(t0ms) / 1000
	var in, out []sensor.Sample
	early := 0
	for i := range 20000 {
		s := sensor.Sample{T: float64(t0ms+5*int64(i)) / 1000, Acc: [3]float64{float64(i % 7), 0, 9.8}}
		if s.T < t0+float64(i)/200 {
			early++
		}
		in = append(in, s)
		var err error
		if out, _, err = r.Push(out, s); err != nil {
			t.Fatal(err)
		}
	}
	if early == 0 {
		t.Fatal("no timestamp below its grid time: the test tests nothing")
	}
	if len(out) != len(in) {
		t.Fatalf("%d samples out of %d", len(out), len(in))
	}
	bad := 0
	for i, o := range out {
		if o.T != t0+float64(i)/200 || o.Acc != in[i].Acc {
			if bad++; bad <= 3 {
				t.Errorf("sample %d at %.7f: %+v, want %+v at the grid time", i, in[i].T, o, in[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d samples not passed through (%d stamped below the grid)", bad, len(in), early)
	}
	// a sample a unit in the last place before a grid time
	r = mustResampler(t, 100, 1)
	r.Push(nil, sensor.Sample{T: 10})
	s := sensor.Sample{T: math.Nextafter(10.01, 0), Acc: [3]float64{1, 2, 3}}
	o1, _, _ := r.Push(nil, s)
	o2, _, _ := r.Push(nil, sensor.Sample{T: 10.02, Acc: [3]float64{4, 5, 6}})
	if len(o1) != 0 || len(o2) != 2 || o2[0].T != 10.01 || o2[0].Acc != s.Acc {
		t.Errorf("one ulp before the grid: %+v, then %+v", o1, o2)
	}
}

// TestResamplerLastAfterSnap pins what Last reports for a sample Snap took
// off its grid time: the grid time (its doc said the sample's time).
func TestResamplerLastAfterSnap(t *testing.T) {
	r := mustResampler(t, 100, 1)
	r.Push(nil, sensor.Sample{T: 5})
	s := sensor.Sample{T: 5.01 + 3e-9}
	if _, ok := r.Snap(&s); !ok {
		t.Fatal("not snapped")
	}
	if last, ok := r.Last(); !ok || last != 5.01 {
		t.Errorf("Last() = %.12g, %v; want the grid time 5.01", last, ok)
	}
}
