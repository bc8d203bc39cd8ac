package sim

import "math"

// Waveform building blocks. All are closed-form, so a sample costs a few
// trigonometric calls and no state, whatever the timestamp.

// sinc returns sin(x)/x.
func sinc(x float64) float64 {
	if math.Abs(x) < 1e-4 {
		return 1 - x*x/6
	}
	return math.Sin(x) / x
}

// sinInt returns ∫_{τ1}^{τ2} sin(φ − κτ) dτ = Δ·sin(φ − κ·m)·sinc(κΔ/2),
// with Δ = τ2 − τ1 and m = (τ1 + τ2)/2; the form is stable as κ → 0.
func sinInt(phi, k, t1, t2 float64) float64 {
	d := t2 - t1
	return d * math.Sin(phi-k*(t1+t2)/2) * sinc(k*d/2)
}

// lobe returns a unit half-sine pulse low-passed by a Hann kernel:
//
//	s(t) = sin(π(t−a)/(b−a)) for a ≤ t ≤ b, 0 elsewhere
//	k(τ) = (1 + cos(2πτ/w))/w for |τ| ≤ w/2 (unit area)
//	lobe(t) = (s ∗ k)(t), evaluated in closed form.
//
// The convolution keeps the area 2(b−a)/π exactly and spreads the pulse
// by w/2 on each side; its gain is |K(f)| = |sinc(πfw)/(1 − (fw)²)|,
// one half at f = 1/w. w = 0 returns s itself. g must be
// lobeGain(b−a, w): where the kernel lies wholly inside [a, b] the result
// is g·s(t).
func lobe(t, a, b, w, g float64) float64 {
	h := w / 2
	if t <= a-h || t >= b+h {
		return 0
	}
	om := math.Pi / (b - a)
	phi := om * (t - a)
	if t-a >= h && b-t >= h {
		return g * math.Sin(phi)
	}
	t1 := math.Max(t-b, -h)
	t2 := math.Min(t-a, h)
	beta := 2 * math.Pi / w
	return (sinInt(phi, om, t1, t2) +
		0.5*sinInt(phi, om-beta, t1, t2) +
		0.5*sinInt(phi, om+beta, t1, t2)) / w
}

// lobeGain returns the gain of the Hann kernel of width w at the angular
// frequency π/d of a half-sine of duration d:
// sinc(ωw/2) + ½·sinc((ω−β)w/2) + ½·sinc((ω+β)w/2), β = 2π/w.
func lobeGain(d, w float64) float64 {
	if w <= 0 {
		return 1
	}
	om, h := math.Pi/d, w/2
	beta := 2 * math.Pi / w
	return sinc(om*h) + 0.5*sinc((om-beta)*h) + 0.5*sinc((om+beta)*h)
}

// pulse returns a raised-cosine pulse on [a, b] peaking at p: 0 at a,
// rising as (1 − cos)/2 to 1 at p, falling as (1 + cos)/2 to 0 at b, 0
// outside. It and its first derivative are continuous; its area is
// (b − a)/2.
func pulse(t, a, p, b float64) float64 {
	switch {
	case t <= a || t >= b:
		return 0
	case t < p:
		return (1 - math.Cos(math.Pi*(t-a)/(p-a))) / 2
	}
	return (1 + math.Cos(math.Pi*(t-p)/(b-p))) / 2
}

// vec2 is a vector in the sagittal plane: [0] forward, [1] up.
type vec2 [2]float64

// rot2 rotates v by θ (positive turns forward towards up).
func rot2(th float64, v vec2) vec2 {
	s, c := math.Sincos(th)
	return vec2{c*v[0] - s*v[1], s*v[0] + c*v[1]}
}

// perp rotates v by +90°: J·v.
func perp(v vec2) vec2 { return vec2{-v[1], v[0]} }

// quint is a quintic Hermite segment p(t) on [t0, t0+h] matching position,
// velocity and acceleration at both ends, per coordinate.
type quint struct {
	t0, h float64
	c     [2][6]float64 // coefficients in u = (t−t0)/h
}

func newQuint(t0, t1 float64, p0, v0, a0, p1, v1, a1 vec2) quint {
	q := quint{t0: t0, h: t1 - t0}
	h := q.h
	for i := range 2 {
		c0, c1, c2 := p0[i], v0[i]*h, a0[i]*h*h/2
		P := p1[i] - (c0 + c1 + c2)
		V := v1[i]*h - (c1 + 2*c2)
		A := a1[i]*h*h - 2*c2
		q.c[i] = [6]float64{c0, c1, c2, 10*P - 4*V + A/2, -15*P + 7*V - A, 6*P - 3*V + A/2}
	}
	return q
}

// acc returns p”(t).
func (q *quint) acc(t float64) vec2 {
	u := (t - q.t0) / q.h
	var a vec2
	for i := range 2 {
		c := &q.c[i]
		a[i] = (2*c[2] + u*(6*c[3]+u*(12*c[4]+u*20*c[5]))) / (q.h * q.h)
	}
	return a
}

// pos returns p(t) (used by tests).
func (q *quint) pos(t float64) vec2 {
	u := (t - q.t0) / q.h
	var p vec2
	for i := range 2 {
		c := &q.c[i]
		p[i] = c[0] + u*(c[1]+u*(c[2]+u*(c[3]+u*(c[4]+u*c[5]))))
	}
	return p
}

// vec3 is a vector in a right-handed frame (x, y, z).
type vec3 [3]float64

// mat3 is a rotation matrix, row major.
type mat3 [3][3]float64

// tmul returns mᵀ·v.
func (m *mat3) tmul(v vec3) vec3 {
	return vec3{
		m[0][0]*v[0] + m[1][0]*v[1] + m[2][0]*v[2],
		m[0][1]*v[0] + m[1][1]*v[1] + m[2][1]*v[2],
		m[0][2]*v[0] + m[1][2]*v[1] + m[2][2]*v[2],
	}
}

func (m mat3) times(n mat3) mat3 {
	var r mat3
	for i := range 3 {
		for j := range 3 {
			r[i][j] = m[i][0]*n[0][j] + m[i][1]*n[1][j] + m[i][2]*n[2][j]
		}
	}
	return r
}

// Right-handed rotations about the body axes x = up, y = forward,
// z = left.
//
// rotX (yaw) turns forward towards left (counter-clockwise seen from
// above); rotY (roll) turns up towards right; rotZ (pitch) turns up
// towards forward (a forward lean).
func rotX(a float64) mat3 {
	s, c := math.Sincos(a)
	return mat3{{1, 0, 0}, {0, c, -s}, {0, s, c}}
}

func rotY(a float64) mat3 {
	s, c := math.Sincos(a)
	return mat3{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}
}

func rotZ(a float64) mat3 {
	s, c := math.Sincos(a)
	return mat3{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}
}

// orient returns R = rotX(yaw)·rotZ(pitch)·rotY(roll): yaw, then pitch,
// then roll about the moving axes.
func orient(roll, pitch, yaw float64) mat3 {
	return rotX(yaw).times(rotZ(pitch)).times(rotY(roll))
}

// orientRate returns the angular velocity in the rotated (body) frame of
// R = rotX(a)·rotZ(b)·rotY(c) given the angle rates:
// ω = rotY(c)ᵀ·(rotZ(b)ᵀ·(ȧ·x̂) + ḃ·ẑ) + ċ·ŷ.
func orientRate(roll, pitch, rollD, pitchD, yawD float64) vec3 {
	rz := rotZ(pitch)
	w := rz.tmul(vec3{yawD, 0, 0})
	w[2] += pitchD
	ry := rotY(roll)
	w = ry.tmul(w)
	w[1] += rollD
	return w
}
