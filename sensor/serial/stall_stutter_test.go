package serial

import (
	"io"
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// stallFeeder writes a device's frames (frame(n) for sample n: witCycle,
// rvcFrame) to a pty master, paced as the device sends them or in a
// burst, and remembers when (the stutter tests' own writer: device writes
// one silence at most).
type stallFeeder struct {
	t     *testing.T
	m     io.Writer
	frame func(n int) []byte
	i     int       // next sample
	last  time.Time // the last write
}

// paced writes n samples in real time, five every 50 ms.
func (f *stallFeeder) paced(n int) (first time.Time) {
	start := time.Now()
	for k := 0; k < n; k += 5 {
		time.Sleep(time.Until(start.Add(time.Duration(k) * 10 * time.Millisecond)))
		var b []byte
		for range min(5, n-k) {
			b = append(b, f.frame(f.i)...)
			f.i++
		}
		f.write(b)
		if k == 0 {
			first = f.last
		}
	}
	return first
}

// burst writes n samples at once.
func (f *stallFeeder) burst(n int) time.Time {
	var b []byte
	for range n {
		b = append(b, f.frame(f.i)...)
		f.i++
	}
	f.write(b)
	return f.last
}

func (f *stallFeeder) write(b []byte) {
	f.t.Helper()
	if _, err := f.m.Write(b); err != nil {
		f.t.Fatal(err)
	}
	f.last = time.Now()
}

// bigSteps returns the steps in T of more than 0.1 s (or none), in order,
// and the samples they lead to.
func bigSteps(ss []sensor.Sample) (steps []float64, at []int) {
	for i := 1; i < len(ss); i++ {
		if d := ss[i].T - ss[i-1].T; d > 0.1 || d <= 0 {
			steps, at = append(steps, d), append(at, i)
		}
	}
	return steps, at
}

// TestStallStutter: a link that stutters while the device keeps measuring
// — 0.6 s silent, 5 frames, 0.7 s silent, then the whole backlog — must
// get no gap: the count catches up with the wall time. It gets 0.56 s:
// the second silence decides the first on its 5 frames, long after the
// 0.25 s hold ran out with no sample to end it.
func TestStallStutter(t *testing.T) {
	for _, format := range []string{FormatWitMotion, FormatRVC} {
		t.Run(format, func(t *testing.T) {
			r, f := startStallFeeder(t, format)
			f.paced(150)
			time.Sleep(600 * time.Millisecond)
			f.burst(5)
			time.Sleep(700 * time.Millisecond)
			f.burst(150)
			f.paced(150)
			waitFor(t, 5*time.Second, "454 samples", func() bool { return r.c.count() >= 454 })
			r.stop(t)
			if j, at := bigSteps(r.c.samples); len(j) != 0 {
				t.Errorf("time steps %.3f s before samples %d, want none", j, at)
			}
			if st := r.src.Stats(); st.Stalls != 0 {
				t.Errorf("Stats %+v, want no stalls", st)
			}
		})
	}
}

// TestStallTwoInHold: two real stalls, the second 0.3 s after the first
// ended (within the hold): each gets its own gap, at its own sample.
func TestStallTwoInHold(t *testing.T) {
	for _, format := range []string{FormatWitMotion, FormatRVC} {
		t.Run(format, func(t *testing.T) {
			r, f := startStallFeeder(t, format)
			f.paced(150)
			a := f.last
			time.Sleep(800 * time.Millisecond)
			b := f.paced(30)
			s1 := b.Sub(a).Seconds()
			a = f.last
			time.Sleep(600 * time.Millisecond)
			b = f.paced(150)
			s2 := b.Sub(a).Seconds()
			waitFor(t, 5*time.Second, "329 samples", func() bool { return r.c.count() >= 329 })
			r.stop(t)
			j, at := bigSteps(r.c.samples)
			t.Logf("time steps %.3f s before samples %d; silences %.3f, %.3f s", j, at, s1, s2)
			if len(j) != 2 || math.Abs(j[0]-s1) > 0.15 || math.Abs(j[1]-s2) > 0.15 || at[0] != 150 || at[1] != 180 {
				t.Errorf("time steps %.3f s before samples %d, want %.3f and %.3f ±0.15 before 150 and 180", j, at, s1, s2)
			}
			if st := r.src.Stats(); st.Stalls != 2 || st.LostFrames != 0 {
				t.Errorf("Stats %+v, want 2 stalls, no lost frames", st)
			}
		})
	}
}

// startStallFeeder opens a 100 Hz stream of format (WitMotion or RVC) on a
// pseudo-terminal and returns it with the feeder writing its frames.
func startStallFeeder(t *testing.T, format string) (*running, *stallFeeder) {
	t.Helper()
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: format, Rate: 100})
	f := &stallFeeder{t: t, m: m, frame: witCycle}
	if format == FormatRVC {
		f.frame = rvcFrame
	}
	return r, f
}
