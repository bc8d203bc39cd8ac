package sim

import (
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/gaitd/gaitd/sensor"
)

// Stream is a simulated IMU. It implements sensor.Source, computing each
// sample when it is read: memory does not grow with Duration (it keeps a
// window of a dozen steps). A Stream is not safe for concurrent Read calls;
// Truth may be called from any goroutine.
type Stream struct {
	m      *model
	layout sensor.Layout
	sc     scheduler
	win    [winN]step // consecutive steps around the current time
	n      int
	cyc    limbCycle // current cycle of the instrumented limb
	cycOK  bool

	rng  *rand.Rand // jitter and noise
	k    int        // index of the next nominal sample
	kmax int
	last float64 // previous timestamp
	gaps []Gap   // sorted by Start
	gi   int

	rt   mat3 // mounting rotation (FrameSensor)
	rl   mat3 // lean rotation (waist, FrameAnatomical)
	clip float64

	truthOnce sync.Once
	truth     []Contact
}

const winN = 12

var _ sensor.Source = (*Stream)(nil)

// New validates cfg and returns a stream positioned before the first
// sample. It does no I/O and allocates O(1) memory (plus a copy of
// cfg.Dropouts).
func New(cfg Config) (*Stream, error) {
	c, err := normalize(cfg)
	if err != nil {
		return nil, err
	}
	m := newModel(c)
	s := &Stream{
		m:    m,
		sc:   newScheduler(m),
		rng:  rand.New(rand.NewPCG(c.Seed, 0xd1b54a32d192ed03)),
		kmax: int(math.Floor(c.Duration*c.Rate + 1e-9)),
		last: math.Inf(-1),
		gaps: slices.Clone(c.Dropouts),
		rt:   orient(c.Tilt[0], c.Tilt[1], c.Tilt[2]),
		rl:   rotZ(c.Lean),
		clip: c.ClipG * g0,
	}
	slices.SortFunc(s.gaps, func(a, b Gap) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	s.layout = sensor.Layout{Frame: c.Frame, Acc: c.Axes, Rate: c.Rate, ClipAcc: s.clip}
	if c.Gyro {
		s.layout.Gyr = [3]bool{true, true, true}
	}
	return s, nil
}

// Layout describes the channels: Frame and Axes from the Config, all three
// gyro axes when Gyro is set, Rate, and ClipAcc = ClipG·g0.
func (s *Stream) Layout() sensor.Layout { return s.layout }

// Config returns the configuration with defaults applied.
func (s *Stream) Config() Config {
	c := s.m.c
	c.Dropouts = slices.Clone(c.Dropouts)
	return c
}

// Read fills x with the next sample and returns io.EOF after the last one
// (the sample at or before Duration). Timestamps are k/Rate plus jitter,
// strictly increasing, and skip the dropout gaps. Read does not allocate.
func (s *Stream) Read(x *sensor.Sample) error {
	c := &s.m.c
	for {
		if s.k > s.kmax {
			return io.EOF
		}
		k := s.k
		s.k++
		t := float64(k) / c.Rate
		if c.Jitter > 0 {
			lim := 0.45 / c.Rate
			t += math.Min(math.Max(s.rng.NormFloat64()*c.Jitter, -lim), lim)
			t = math.Max(t, 0)
		}
		if t <= s.last {
			t = math.Nextafter(s.last, math.Inf(1))
		}
		for s.gi < len(s.gaps) && t >= s.gaps[s.gi].Start+s.gaps[s.gi].Dur {
			s.gi++
		}
		if s.gi < len(s.gaps) && t >= s.gaps[s.gi].Start {
			continue
		}
		s.last = t
		acc, gyr := s.clean(t)
		if c.AntiAlias {
			acc, gyr = s.mean(t, acc, gyr)
		}
		*x = sensor.Sample{T: t}
		for i := range 3 {
			if !s.layout.Acc[i] {
				continue
			}
			a := acc[i] + c.Bias[i]
			if c.Noise > 0 {
				a += s.rng.NormFloat64() * c.Noise
			}
			if s.clip > 0 {
				a = math.Min(math.Max(a, -s.clip), s.clip)
			}
			x.Acc[i] = a
		}
		if c.Gyro {
			for i := range 3 {
				g := gyr[i]
				if c.GyroNoise > 0 {
					g += s.rng.NormFloat64() * c.GyroNoise
				}
				if c.GyroClip > 0 {
					g = math.Min(math.Max(g, -c.GyroClip), c.GyroClip)
				}
				x.Gyr[i] = g
			}
		}
		return nil
	}
}

// aaSub is the number of sub-samples AntiAlias averages.
const aaSub = 8

// mean is the mean of the clean signal over the sample period that ends at
// t (acc, gyr are its values at t), from aaSub sub-samples at t − j/(aaSub·
// Rate), j = 0 … aaSub−1, none before 0.
func (s *Stream) mean(t float64, acc, gyr vec3) (vec3, vec3) {
	dt := 1 / (aaSub * s.m.c.Rate)
	n := 1.0
	for j := 1; j < aaSub; j++ {
		u := t - float64(j)*dt
		if u < 0 {
			break
		}
		a, g := s.clean(u)
		for i := range 3 {
			acc[i] += a[i]
			gyr[i] += g[i]
		}
		n++
	}
	for i := range 3 {
		acc[i] /= n
		gyr[i] /= n
	}
	return acc, gyr
}

// ensure extends the step window so that it holds the step containing t,
// at least 8 steps before it (when generated) and 3 after, and returns the
// index of the step containing t.
func (s *Stream) ensure(t float64) int {
	for {
		j := s.n - 1
		for j >= 0 && s.win[j].ic > t {
			j--
		}
		if s.n-1-j >= 3 {
			return j
		}
		if s.n == winN {
			copy(s.win[:], s.win[1:])
			s.n--
		}
		s.win[s.n] = s.sc.next()
		s.n++
	}
}

// clean returns the noise-free acceleration (m/s²) and angular rate
// (rad/s) at t in the output frame.
func (s *Stream) clean(t float64) (acc, gyr vec3) {
	m := s.m
	if t < m.c.Standing {
		return s.output(vec3{g0, 0, 0}, vec3{}, true)
	}
	j := s.ensure(t)
	st := s.win[:s.n]
	if m.c.Placement == Waist {
		f, rb, w := m.waist(st, j, t)
		if m.c.Frame == sensor.FrameAnatomical {
			return s.output(s.rl.tmul(f), w, false)
		}
		return s.output(rb.tmul(f), w, false)
	}
	if !s.cycOK || t < s.cyc.t0 || t >= s.cyc.t1 {
		a := j
		for a >= 0 && st[a].side != m.c.Side {
			a--
		}
		s.cyc = m.newCycle(&st[a], &st[a+2])
		s.cycOK = true
	}
	f, w := s.cyc.eval(t)
	return s.output(vec3{f[1], f[0], 0}, vec3{0, 0, -w}, false)
}

// output maps a body- or segment-frame vector pair (x up, y forward,
// z left, right-handed) to the output frame. standing applies the trunk
// lean to the static posture (waist).
func (s *Stream) output(f, w vec3, standing bool) (acc, gyr vec3) {
	m := s.m
	if standing && m.c.Placement == Waist {
		f = s.rl.tmul(f)
	}
	if m.c.Frame == sensor.FrameAnatomical {
		return vec3{f[0], f[1], -f[2]}, vec3{w[0], w[1], -w[2]}
	}
	return s.rt.tmul(f), s.rt.tmul(w)
}

// Truth returns the ground truth: every contact of the gait with IC in
// [Standing + 0.05 s, Duration] (both feet for the waist, the instrumented
// foot for shoe and shank), in time order. The contact in progress when
// the gait starts (walking: at t = 0 or Standing one foot is already on
// the ground) is not listed, though its toe-off is in the signal. It is computed on the first call, by regenerating the
// schedule and integrating each contact (about 0.1 ms per contact, a
// couple of seconds for a 3-hour waist run), and the same slice is returned
// afterwards; callers must not modify it.
func (s *Stream) Truth() []Contact {
	s.truthOnce.Do(func() { s.truth = s.m.contacts() })
	return s.truth
}

// Generate runs a stream to the end and returns its samples, layout and
// truth. It materialises the whole recording; use New and Read for long
// durations.
func Generate(cfg Config) ([]sensor.Sample, sensor.Layout, []Contact, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, sensor.Layout{}, nil, err
	}
	out := make([]sensor.Sample, 0, s.kmax+1)
	for {
		var x sensor.Sample
		if err := s.Read(&x); err != nil {
			if err == io.EOF {
				break
			}
			return nil, sensor.Layout{}, nil, err
		}
		out = append(out, x)
	}
	return out, s.layout, s.Truth(), nil
}
