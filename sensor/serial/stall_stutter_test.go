package serial

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// stallFeeder writes a device's frames to a pty master, paced as the device
// sends them or in a burst, and remembers when (the stutter tests' own
// feeder: TestStallMovesClock writes its frames inline).
type stallFeeder struct {
	t     *testing.T
	m     *os.File
	rvc   bool
	text  bool      // lines without a time column
	clock bool      // text: with a time column; WitMotion: with time frames (T = sample/100 s)
	i     int       // next sample
	idx   byte      // RVC: next index
	last  time.Time // the last write
}

// frame returns sample i's frames: a WitMotion acceleration and gyro frame,
// or an RVC frame with the next index.
func (f *stallFeeder) frame() []byte {
	ph := 2 * math.Pi * float64(f.i) / 55
	az := int16(2048 + 600*math.Sin(ph))
	ax := int16(200 * math.Cos(ph))
	f.i++
	if f.text {
		line := fmt.Sprintf("%.4f,0.0,%.4f\r\n", float64(ax)/2048, float64(az)/2048)
		hdr := "ax,ay,az\r\n"
		if f.clock {
			line = fmt.Sprintf("%.2f,", float64(f.i-1)/100) + line
			hdr = "t," + hdr
		}
		if f.i == 1 {
			line = hdr + line
		}
		return []byte(line)
	}
	if !f.rvc {
		var b []byte
		if f.clock {
			c := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(f.i-1) * 10 * time.Millisecond)
			b = sensor.AppendWitFrame(b, 0x50, [4]int16{int16(c.Year()-2000) | int16(c.Month())<<8, int16(c.Day()) | int16(c.Hour())<<8,
				int16(c.Minute()) | int16(c.Second())<<8, int16(c.Nanosecond() / 1e6)})
		}
		gx := int16(3000 * math.Sin(ph+1))
		return sensor.AppendWitFrame(sensor.AppendWitFrame(b, 0x51, [4]int16{ax, 0, az, 2500}), 0x52, [4]int16{gx, -gx / 2, 0, 0})
	}
	b := []byte{0xAA, 0xAA, f.idx, 0, 0, 0, 0, 0, 0, byte(ax), byte(ax >> 8), 0, 0, byte(az / 2), byte(az / 2 >> 8), 0, 0, 0, 0}
	f.idx++
	var sum byte
	for _, c := range b[2:18] {
		sum += c
	}
	b[18] = sum
	return b
}

// paced writes n samples in real time, five every 50 ms.
func (f *stallFeeder) paced(n int) (first time.Time) {
	start := time.Now()
	for k := 0; k < n; k += 5 {
		time.Sleep(time.Until(start.Add(time.Duration(k) * 10 * time.Millisecond)))
		var b []byte
		for range min(5, n-k) {
			b = append(b, f.frame()...)
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
		b = append(b, f.frame()...)
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
			m, path := mustPTY(t)
			r := mustRun(t, Config{Device: path, Format: format, Rate: 100})
			f := &stallFeeder{t: t, m: m, rvc: format == FormatRVC}
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
			m, path := mustPTY(t)
			r := mustRun(t, Config{Device: path, Format: format, Rate: 100})
			f := &stallFeeder{t: t, m: m, rvc: format == FormatRVC}
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
