package dsp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

func norm3(v [3]float64) float64 { return math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]) }

func unit3(v [3]float64) [3]float64 {
	m := math.Max(math.Abs(v[0]), math.Max(math.Abs(v[1]), math.Abs(v[2])))
	v = [3]float64{v[0] / m, v[1] / m, v[2] / m}
	n := norm3(v)
	return [3]float64{v[0] / n, v[1] / n, v[2] / n}
}

func cross3(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func (r Rotation) mul(s Rotation) Rotation {
	var p Rotation
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				p[i][j] += r[i][k] * s[k][j]
			}
		}
	}
	return p
}

func (r Rotation) transpose() Rotation {
	var t Rotation
	for i := range 3 {
		for j := range 3 {
			t[i][j] = r[j][i]
		}
	}
	return t
}

func (r Rotation) det() float64 {
	return r[0][0]*(r[1][1]*r[2][2]-r[1][2]*r[2][1]) -
		r[0][1]*(r[1][0]*r[2][2]-r[1][2]*r[2][0]) +
		r[0][2]*(r[1][0]*r[2][1]-r[1][1]*r[2][0])
}

// rotZ, rotX: rotations by a about Z and X.
func rotZ(a float64) Rotation {
	c, s := math.Cos(a), math.Sin(a)
	return Rotation{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}
}

func rotX(a float64) Rotation {
	c, s := math.Cos(a), math.Sin(a)
	return Rotation{{1, 0, 0}, {0, c, -s}, {0, s, c}}
}

// checkRotation fails t unless r is orthonormal (RᵀR = I) with det 1, to tol.
func checkRotation(t *testing.T, r Rotation, tol float64) {
	t.Helper()
	rr := r.transpose().mul(r)
	for i := range 3 {
		for j := range 3 {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(rr[i][j]-want) > tol {
				t.Errorf("RᵀR[%d][%d] = %g", i, j, rr[i][j])
			}
		}
	}
	if d := r.det(); math.Abs(d-1) > tol {
		t.Errorf("det R = %v", d)
	}
}

// TestRotateToUp checks, for vectors all round the sphere including ones
// within 1e-12 rad of −Z: R·û = +Z, R orthonormal with det 1 (tolerance
// 1e-14), and that R is the smallest rotation: it turns by θ = angle(û, ẑ)
// (trace R = 1 + 2cosθ) about the horizontal axis u × ẑ, which it leaves
// fixed.
func TestRotateToUp(t *testing.T) {
	const tol = 1e-14
	z := [3]float64{0, 0, 1}
	for _, u := range [][3]float64{
		{0, 0, 1}, {0, 0, 9.81}, {1e-10, 0, 1}, {0, -3e-9, 1},
		{1, 0, 0}, {0, -1, 0}, {1, 2, 3}, {-0.3, 0.2, -0.9}, {9.8, 0.1, -0.2},
		{0.6, -0.8, 0}, {1, 1, -1e-9},
		{0, 0, -1}, {0, 0, -9.81}, {1e-9, 0, -1}, {0, 1e-12, -1}, {3e-8, -2e-8, -1},
		{1e-5, 1e-5, -1}, {-1e-3, 2e-3, -1},
		{1e-200, 2e-200, 3e-200}, {1e200, -1e200, 1e200},
	} {
		t.Run(fmt.Sprint(u), func(t *testing.T) {
			r := RotateToUp(u)
			uh := unit3(u)
			got := r.Apply(uh)
			if math.Abs(got[0]) > tol || math.Abs(got[1]) > tol || math.Abs(got[2]-1) > tol {
				t.Errorf("R·û = %v, want (0, 0, 1)", got)
			}
			checkRotation(t, r, tol)
			cosTheta := uh[2]
			if tr := r[0][0] + r[1][1] + r[2][2]; math.Abs(tr-(1+2*cosTheta)) > 1e-13 {
				t.Errorf("trace %v, want %v: not the smallest rotation", tr, 1+2*cosTheta)
			}
			if k := cross3(uh, z); norm3(k) > 1e-300 {
				k = unit3(k)
				rk := r.Apply(k)
				for i := range 3 {
					if math.Abs(rk[i]-k[i]) > tol {
						t.Errorf("axis %v moved to %v", k, rk)
						break
					}
				}
			}
		})
	}
	if r := RotateToUp([3]float64{0, 0, -2}); r != (Rotation{{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}) {
		t.Errorf("exact −Z: %v", r)
	}
	for _, u := range [][3]float64{{}, {math.NaN(), 0, 1}, {math.Inf(1), 0, 0}} {
		if r := RotateToUp(u); r != identity {
			t.Errorf("RotateToUp(%v) = %v, want identity", u, r)
		}
	}
}

// running returns the body-frame specific force at time t of a synthetic
// runner at 2.8 steps/s: vertical g0 + 1.5·g0·max(0, sin θ) pulses
// (θ = 2π·2.8·t), forward −0.5·g0·sin 2θ during each pulse (braking while
// the vertical acceleration rises, propulsion while it falls), lateral sway
// 0.3·g0·sin(θ/2) at stride frequency, plus white noise of σ = 0.3 m/s².
// Components are (forward, left, up).
func running(rng *rand.Rand, t float64) [3]float64 {
	const g = sensor.G0
	th := 2 * math.Pi * 2.8 * t
	var fwd, up float64
	if s := math.Sin(th); s > 0 {
		up = 1.5 * g * s
		fwd = -0.5 * g * math.Sin(2*th)
	}
	return [3]float64{
		fwd + 0.3*rng.NormFloat64(),
		0.3*g*math.Sin(th/2) + 0.3*rng.NormFloat64(),
		g + up + 0.3*rng.NormFloat64(),
	}
}

func angleDeg(ax, ay, bx, by float64) float64 {
	return math.Abs(math.Atan2(ax*by-ay*bx, ax*bx+ay*by)) * 180 / math.Pi
}

// TestTiltCorrection checks the Moe-Nilssen levelling of tilted anatomical
// axes: the mean goes to (0, 0, |m|), R is orthonormal with det 1, the
// forward row has no mediolateral part (levelling pitches the AP axis in
// the sagittal plane), a sample is levelled as the sequential formulas of
// gait-methods §2.2 level it (exactly Moe-Nilssen's sinθ_AP = mean a_AP,
// sinθ_ML = mean a_ML in units of |m| when one tilt is zero), and
// misalignments over 80° are refused.
func TestTiltCorrection(t *testing.T) {
	const tol = 1e-14
	for _, a := range [][2]float64{{0, 0}, {0.3, 0}, {-0.5, 0}, {0, 0.2}, {0.35, -0.25}, {-1, 0.1}, {0.6, 0.6}, {1.35, 0}, {0.3, -1.3}} {
		pitch, roll := a[0], a[1]
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			n := 9.81
			m := [3]float64{n * math.Cos(pitch) * math.Cos(roll), n * math.Sin(pitch) * math.Cos(roll), n * math.Sin(roll)}
			r, ok := TiltCorrection(m)
			if !ok {
				t.Fatalf("refused a %.0f° tilt", math.Acos(m[0]/n)*180/math.Pi)
			}
			if got := r.Apply(m); math.Abs(got[0]) > 1e-13 || math.Abs(got[1]) > 1e-13 || math.Abs(got[2]-n) > 1e-13 {
				t.Errorf("R·m = %v, want (0, 0, %g)", got, n)
			}
			// rows (AP′, ML″, V″) from columns (V, AP, ML): the untilted
			// map is a cyclic permutation, det 1
			checkRotation(t, r, tol)
			if r[0][2] != 0 {
				t.Errorf("forward row %v takes in the mediolateral axis", r[0])
			}
			// the sequential formulas on a sample, with the pitch that zeroes
			// the mean's AP′ (tanθ = m_AP/m_V); with one tilt alone this is
			// Moe-Nilssen's sinθ = mean a_AP (in units of |m|)
			x := [3]float64{12.5, -3.2, 1.7}
			st, sm := m[1]/math.Hypot(m[0], m[1]), m[2]/n
			if pitch == 0 || roll == 0 {
				st = m[1] / n
			}
			ct, cm := math.Sqrt(1-st*st), math.Sqrt(1-sm*sm)
			ap1 := x[1]*ct - x[0]*st
			v1 := x[1]*st + x[0]*ct
			ml2 := x[2]*cm - v1*sm
			v2 := x[2]*sm + v1*cm
			if got := r.Apply(x); math.Abs(got[0]-ap1) > 1e-12 || math.Abs(got[1]-ml2) > 1e-12 || math.Abs(got[2]-v2) > 1e-12 {
				t.Errorf("R·x = %v, Moe-Nilssen %v", got, [3]float64{ap1, ml2, v2})
			}
		})
	}
	if r, ok := TiltCorrection([3]float64{9.81, 0, 0}); !ok || r != (Rotation{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}) {
		t.Errorf("untilted: %v %v, want the exact permutation", r, ok)
	}
	for _, m := range [][3]float64{{}, {math.NaN(), 0, 0}, {math.Inf(1), 1, 0}, {-9.81, 0, 0}, {1, 5.8, 0}, {1, 0, -5.8}, {1, 4, -4.2}, {0, 9.81, 0}, {-1, 9.81, 0}} {
		if r, ok := TiltCorrection(m); ok || r != (Rotation{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}) {
			t.Errorf("TiltCorrection(%v) = %v, %v; want refused", m, r, ok)
		}
	}
}

// TestHeading feeds the synthetic running signal, already levelled and
// turned by a known yaw, and expects Forward to point along the yaw within
// 2°, sign included.
func TestHeading(t *testing.T) {
	const fs = 100.0
	for _, yawDeg := range []float64{0, 37, 100, 180, 190, -135, -90} {
		rng := rand.New(rand.NewPCG(12, uint64(yawDeg+360)))
		yaw := yawDeg * math.Pi / 180
		c, s := math.Cos(yaw), math.Sin(yaw)
		h := NewHeading(fs, 10)
		for i := range int(60 * fs) {
			a := running(rng, float64(i)/fs)
			h.Push(c*a[0]-s*a[1], s*a[0]+c*a[1], a[2])
			if i < int(10*fs)-1 {
				if _, _, ok := h.Forward(); ok {
					t.Fatalf("yaw %g: ok after %d samples, before tau", yawDeg, i+1)
				}
			}
		}
		fx, fy, ok := h.Forward()
		if !ok {
			t.Fatalf("yaw %g: not ok", yawDeg)
		}
		if math.Abs(math.Hypot(fx, fy)-1) > 1e-12 {
			t.Errorf("yaw %g: |forward| = %v", yawDeg, math.Hypot(fx, fy))
		}
		if d := angleDeg(fx, fy, c, s); d > 2 {
			t.Errorf("yaw %g: forward (%.3f, %.3f) is %.2f° off", yawDeg, fx, fy, d)
		}
	}
}

// TestHeadingWalkingSway: mediolateral sway at stride frequency, larger than
// the anteroposterior signal, must not be taken for forward.
func TestHeadingWalkingSway(t *testing.T) {
	const fs = 100.0
	const f = 1.8 // steps/s
	for _, yawDeg := range []float64{0, 60, -120} {
		yaw := yawDeg * math.Pi / 180
		c, s := math.Cos(yaw), math.Sin(yaw)
		h := NewHeading(fs, 10)
		for i := range int(60 * fs) {
			tt := float64(i) / fs
			w := 2 * math.Pi * f * tt
			v := sensor.G0 + 2*math.Sin(w) // step-periodic vertical
			ap := -1.2 * math.Cos(w)       // brakes while v rises
			ml := 2.5 * math.Sin(w/2+0.3)  // sway at stride frequency
			h.Push(c*ap-s*ml, s*ap+c*ml, v)
		}
		fx, fy, ok := h.Forward()
		if !ok {
			t.Fatalf("yaw %g: not ok", yawDeg)
		}
		if d := angleDeg(fx, fy, c, s); d > 3 {
			t.Errorf("yaw %g: forward (%.3f, %.3f) is %.1f° off (sway taken for forward?)", yawDeg, fx, fy, d)
		}
	}
}

// TestHeadingNotOK covers the cases where Forward must decline.
func TestHeadingNotOK(t *testing.T) {
	const fs = 100.0
	rng := rand.New(rand.NewPCG(13, 0))
	for _, tc := range []struct {
		name string
		f    func(t float64) (hx, hy, v float64)
	}{
		{"standing still", func(float64) (float64, float64, float64) {
			return 0.001 * rng.NormFloat64(), 0.001 * rng.NormFloat64(), sensor.G0 + 0.001*rng.NormFloat64()
		}},
		{"no vertical motion", func(t float64) (float64, float64, float64) {
			return 3 * math.Sin(2*math.Pi*2.8*t), 0, sensor.G0
		}},
		{"vertical uncorrelated", func(t float64) (float64, float64, float64) {
			return 3 * math.Sin(2*math.Pi*2.8*t), 0, sensor.G0 + 3*math.Sin(2*math.Pi*1.3*t)
		}},
	} {
		h := NewHeading(fs, 5)
		for i := range int(60 * fs) {
			h.Push(tc.f(float64(i) / fs))
		}
		if fx, fy, ok := h.Forward(); ok {
			t.Errorf("%s: Forward = (%v, %v, true)", tc.name, fx, fy)
		}
	}

	// Reset returns to the initial state; Restart keeps the estimate.
	h := NewHeading(fs, 2)
	for i := range int(20 * fs) {
		a := running(rng, float64(i)/fs)
		h.Push(a[0], a[1], a[2])
	}
	if _, _, ok := h.Forward(); !ok {
		t.Fatal("not ok after 20 s of running")
	}
	h.Restart()
	if _, _, ok := h.Forward(); !ok {
		t.Error("Restart lost the estimate")
	}
	h.Reset()
	if _, _, ok := h.Forward(); ok {
		t.Error("ok right after Reset")
	}
}

// TestLevelAndHeading runs the whole chain on a sensor mounted at a known
// tilt and yaw: Gravity → RotateToUp → Apply → Heading. Up must match the
// mounting within 1°, and the forward direction found in the levelled frame
// must be the body's forward axis carried through the same rotations,
// within 3°.
func TestLevelAndHeading(t *testing.T) {
	const fs = 100.0
	for _, m := range []struct{ tilt, yaw float64 }{{0, 0}, {20, 50}, {-35, 200}, {80, -30}, {135, 10}} {
		// q maps body (forward, left, up) to sensor coordinates.
		q := rotZ(m.yaw * math.Pi / 180).mul(rotX(m.tilt * math.Pi / 180))
		rng := rand.New(rand.NewPCG(14, 0))
		g := NewGravity(fs, 5)
		h := NewHeading(fs, 10)
		for i := range int(90 * fs) {
			a := q.Apply(running(rng, float64(i)/fs))
			g.Push(a)
			l := RotateToUp(g.Up()).Apply(a)
			h.Push(l[0], l[1], l[2])
		}
		up := g.Up()
		want := q.Apply([3]float64{0, 0, 1})
		if d := math.Acos(math.Min(1, up[0]*want[0]+up[1]*want[1]+up[2]*want[2])) * 180 / math.Pi; d > 1 {
			t.Errorf("mount %+v: Up %v is %.2f° from %v", m, up, d, want)
		}
		fx, fy, ok := h.Forward()
		if !ok {
			t.Fatalf("mount %+v: heading not ok", m)
		}
		f := RotateToUp(up).Apply(q.Apply([3]float64{1, 0, 0}))
		if d := angleDeg(fx, fy, f[0], f[1]); d > 3 {
			t.Errorf("mount %+v: forward (%.3f, %.3f) is %.2f° from (%.3f, %.3f)", m, fx, fy, d, f[0], f[1])
		}
	}
}

// TestGravityBlocks: PushMean of a block's mean is n Pushes of it; Start
// averages with equal weight (a running mean) until the exponential
// average's weight is the larger, after fs·tau samples; Start with n = 0
// is replaced by what is pushed next.
func TestGravityBlocks(t *testing.T) {
	a, b := NewGravity(100, 4), NewGravity(100, 4)
	a.Prime([3]float64{0, 0, 9.8})
	b.Prime([3]float64{0, 0, 9.8})
	m := [3]float64{1.5, -2, 9.1}
	for range 5 {
		a.PushMean(m, 64)
		for range 64 {
			b.Push(m)
		}
	}
	for i := range 3 {
		if d := a.Mean()[i] - b.Mean()[i]; math.Abs(d) > 1e-12 {
			t.Errorf("PushMean: %v, n Pushes: %v", a.Mean(), b.Mean())
		}
	}
	// a running mean from Start: 50 samples of x, then samples of y
	x, y := [3]float64{1, 0, 9}, [3]float64{-1, 0.5, 10}
	g := NewGravity(100, 4)
	g.Start(x, 50)
	for k := 1; k <= 600; k++ {
		g.Push(y)
		want := (50*x[0] + float64(k)*y[0]) / float64(50+k)
		if k+50 > 400 {
			// past fs·tau = 400 samples: exponential, x's weight decays
			// by 1 − α a sample from its running-mean weight at 400
			want = y[0] + (x[0]-y[0])*50/400*math.Pow(1-(1-math.Exp(-1.0/400)), float64(k+50-400))
		}
		if math.Abs(g.Mean()[0]-want) > 1e-9 {
			t.Fatalf("sample %d after Start: %v, want %v", k, g.Mean()[0], want)
		}
	}
	g.Start(x, 0)
	g.PushMean(y, 64)
	if g.Mean() != y {
		t.Errorf("Start with n = 0, then a block: %v, want the block's mean %v", g.Mean(), y)
	}
	g.PushMean(x, 0) // nothing
	if g.Mean() != y {
		t.Errorf("PushMean of no samples changed the estimate to %v", g.Mean())
	}
}

func TestGravity(t *testing.T) {
	g := NewGravity(100, 2)
	if up := g.Up(); up != [3]float64{0, 0, 1} {
		t.Errorf("Up before data = %v", up)
	}
	g.Push([3]float64{0, 9.80665, 0}) // first Push primes
	if up := g.Up(); up != [3]float64{0, 1, 0} {
		t.Errorf("Up after first Push = %v", up)
	}
	// A step to a new direction approaches it with time constant tau:
	// after tau the old direction keeps the weight e⁻¹.
	for range 200 {
		g.Push([3]float64{9.80665, 0, 0})
	}
	if m := g.Mean(); math.Abs(m[1]-9.80665*math.Exp(-1)) > 1e-9 || math.Abs(m[0]-9.80665*(1-math.Exp(-1))) > 1e-9 {
		t.Errorf("Mean after tau = %v", m)
	}
	g.Prime([3]float64{0, 0, -3})
	if up := g.Up(); up != [3]float64{0, 0, -1} {
		t.Errorf("Up after Prime = %v", up)
	}
	g0 := NewGravity(100, 0)
	g0.Push([3]float64{1, 0, 0})
	g0.Push([3]float64{0, 2, 0})
	if up := g0.Up(); up != [3]float64{0, 1, 0} {
		t.Errorf("tau 0: Up = %v", up)
	}
	for _, args := range [][2]float64{{0, 1}, {100, -1}, {math.NaN(), 1}, {100, math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewGravity(%v) did not panic", args)
				}
			}()
			NewGravity(args[0], args[1])
		}()
	}
}

// TestOrientScale: TiltCorrection ("any unit") and Gravity.Up work on
// vectors whose squares under- or overflow: 1e200 and 1e-200 along a
// direction 5.7° from vertical were refused, and Up of a mean of 1e200
// was (0, 0, 1). Ordinary magnitudes give bit-identical results.
func TestOrientScale(t *testing.T) {
	want, ok := TiltCorrection([3]float64{1, 0.1, 0})
	if !ok {
		t.Fatal("TiltCorrection(1, 0.1, 0) refused")
	}
	for _, k := range []float64{1e200, 1e-200} {
		got, ok := TiltCorrection([3]float64{k, 0.1 * k, 0})
		if !ok {
			t.Errorf("TiltCorrection(%g·(1, 0.1, 0)) refused", k)
			continue
		}
		for i := range got {
			for j := range got[i] {
				if math.Abs(got[i][j]-want[i][j]) > 1e-15 {
					t.Errorf("TiltCorrection(%g·(1, 0.1, 0)) = %v, want %v", k, got, want)
				}
			}
		}
	}
	for _, m := range [][3]float64{{1e200, 0, 0}, {0, -1e-200, 0}, {3, 4, 12}} {
		g := NewGravity(100, 5)
		g.Prime(m)
		u := g.Up()
		w := unit3(m)
		if math.Abs(u[0]-w[0]) > 1e-15 || math.Abs(u[1]-w[1]) > 1e-15 || math.Abs(u[2]-w[2]) > 1e-15 {
			t.Errorf("Up() of a mean %v = %v, want %v", m, u, w)
		}
	}
	for _, m := range [][3]float64{{}, {math.NaN(), 0, 1}, {math.Inf(1), 0, 0}} {
		if _, ok := TiltCorrection(m); ok {
			t.Errorf("TiltCorrection(%v) accepted", m)
		}
		g := NewGravity(100, 5)
		g.Prime(m)
		if u := g.Up(); u != [3]float64{0, 0, 1} {
			t.Errorf("Up() of a mean %v = %v, want (0, 0, 1)", m, u)
		}
	}
}

// TestHeadingLongTau: Forward waits fs·tau samples however long tau is.
// NewHeading converted ⌈fs·tau⌉ to int unchecked; beyond the int range
// that conversion is implementation-defined, and on amd64 it gave the
// least int, so the count needed became 1: ok after 3 samples (with a
// signal strong enough to pass the variance floor once weighted by α).
func TestHeadingLongTau(t *testing.T) {
	const fs = 100.0
	for _, tc := range []struct{ tau, amp float64 }{{1e17, 1e80}, {1e300, 1e160}} {
		tau := tc.tau
		h := NewHeading(fs, tau)
		for i := range 200 {
			s := math.Sin(2 * math.Pi * 2.8 * float64(i) / fs)
			c := math.Cos(2 * math.Pi * 2.8 * float64(i) / fs)
			h.Push(tc.amp*s, 0, tc.amp*c)
		}
		if fx, fy, ok := h.Forward(); ok {
			t.Errorf("tau %g s: Forward = (%v, %v, true) after 2 s", tau, fx, fy)
		}
	}
}
