package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"testing"
	"testing/iotest"
	"time"
)

// witGyroStream builds n cycles of time frame (when withTime), acc frame
// (acc x = i) and, when gyro(i), gyro frame (x = i+1).
func witGyroStream(n int, withTime bool, gyro func(i int) bool) []byte {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	var b []byte
	for i := range n {
		if withTime {
			b = AppendWitFrame(b, witTime, witTimeValues(t0.Add(time.Duration(i)*10*time.Millisecond)))
		}
		b = AppendWitFrame(b, witAcc, [4]int16{int16(i), 0, 2048})
		if gyro(i) {
			b = AppendWitFrame(b, witGyro, [4]int16{int16(i + 1)})
		}
		b = AppendWitFrame(b, witAngle, [4]int16{})
	}
	return b
}

// TestWitGyroLayout: Layout reports gyro axes only when the stream has
// 0x52 frames among its first 8 cycles, whether it is asked before the
// first Read or after, and however the reads cut the bytes; the look-ahead
// loses nothing. A WitMotion set to acceleration only was read as a gyro
// stuck at 0 (a shoe found no steps).
func TestWitGyroLayout(t *testing.T) {
	gyrLSB := 2000.0 / 32768 * math.Pi / 180
	for _, tc := range []struct {
		name     string
		data     []byte
		gyro     bool
		missing  int64 // BinaryStats.GyroMissing
		ignored  int64 // BinaryStats.Ignored
		firstGyr int   // first sample with a rate (gyro streams)
	}{
		{"acc and gyro", witGyroStream(20, false, func(int) bool { return true }), true, 0, 20, 0},
		{"acc only", witGyroStream(20, false, func(int) bool { return false }), false, 0, 20, 0},
		{"time, acc only", witGyroStream(20, true, func(int) bool { return false }), false, 0, 20, 0},
		{"three cycles, acc only", witGyroStream(3, false, func(int) bool { return false }), false, 0, 3, 0},
		{"gyro from the 5th cycle", witGyroStream(20, false, func(i int) bool { return i >= 4 }), true, 4, 20, 4},
		{"gyro from the 10th cycle: not seen", witGyroStream(20, false, func(i int) bool { return i >= 9 }), false, 0, 20 + 11, 0},
		{"garbage first", append(bytes.Repeat([]byte{0x55, 1, 2}, 50), witGyroStream(20, false, func(int) bool { return true })...), true, 0, 20, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ref binResult
			for k, open := range []func() (*WitReader, io.Reader){
				func() (*WitReader, io.Reader) { return nil, bytes.NewReader(tc.data) },
				func() (*WitReader, io.Reader) { return nil, iotest.OneByteReader(bytes.NewReader(tc.data)) },
				func() (*WitReader, io.Reader) { return nil, iotest.HalfReader(bytes.NewReader(tc.data)) },
			} {
				for _, layoutFirst := range []bool{true, false} {
					_, r := open()
					w := NewWitReader(r, BinaryOptions{Rate: 100})
					var l Layout
					if layoutFirst {
						l = w.Layout()
					}
					res := binDrain(t, w)
					if !layoutFirst {
						l = w.Layout()
					}
					if l.HasGyro() != tc.gyro || l.Gyr[0] != l.Gyr[2] {
						t.Fatalf("reader %d, layout first %v: Gyr %v, want gyro %v", k, layoutFirst, l.Gyr, tc.gyro)
					}
					if k == 0 && layoutFirst {
						ref = res
					} else if res.stats != ref.stats || fmt.Sprint(res.errs) != fmt.Sprint(ref.errs) || len(res.samples) != len(ref.samples) {
						t.Fatalf("reader %d, layout first %v: %+v, want %+v", k, layoutFirst, res.stats, ref.stats)
					}
				}
			}
			if res := ref; res.final != io.EOF || res.stats.GyroMissing != tc.missing || res.stats.Ignored != tc.ignored {
				t.Fatalf("final %v, stats %+v: want GyroMissing %d, Ignored %d", res.final, res.stats, tc.missing, tc.ignored)
			}
			for i, s := range ref.samples {
				want := [3]float64{}
				if tc.gyro && i >= tc.firstGyr {
					want[0] = float64(i+1) * gyrLSB
				}
				if s.Gyr != want || s.Acc[0] != float64(i)*16/32768*G0 {
					t.Fatalf("sample %d: Acc %v Gyr %v, want Gyr %v", i, s.Acc, s.Gyr, want)
				}
			}
		})
	}
}

// TestWitGyroMissing: in a stream with gyro frames, cycles without one
// carry the last rate and are counted (gyro frames that stop part way
// gave a stale rate without a word).
func TestWitGyroMissing(t *testing.T) {
	gyrLSB := 2000.0 / 32768 * math.Pi / 180
	for _, tc := range []struct {
		name     string
		from, to int // cycles without a gyro frame
	}{
		{"none missing", 0, 0},
		{"one lost", 50, 51},
		{"twenty missing", 40, 60},
		{"stopping at 90", 90, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			miss := func(i int) bool { return i >= tc.from && i < tc.to }
			data := witGyroStream(100, true, func(i int) bool { return !miss(i) })
			w := NewWitReader(bytes.NewReader(data), BinaryOptions{Rate: 100})
			res := binDrain(t, w)
			if !w.Layout().HasGyro() || len(res.samples) != 100 || len(res.errs) != 0 || res.stats.GyroMissing != int64(tc.to-tc.from) {
				t.Fatalf("layout %+v, %d samples, errors %v, stats %+v", w.Layout(), len(res.samples), res.errs, res.stats)
			}
			for i, s := range res.samples {
				g := i + 1
				if miss(i) {
					g = tc.from // the rate of the cycle before the run
				}
				if s.Gyr[0] != float64(g)*gyrLSB {
					t.Fatalf("sample %d: Gyr %v, want x %v", i, s.Gyr, float64(g)*gyrLSB)
				}
			}
		})
	}
}

// TestWitBadTimeFrame: a time frame whose checksum passes but whose date
// cannot be, or that jumps ahead alone (the next time frame keeps to the
// time before it), is refused as a FrameError at its offset, after the
// sample of the cycle before it, and counted; its cycle and all others
// keep their times. Month 13 moved every later sample by 306 days, an
// hour ahead in one frame moved them an hour.
func TestWitBadTimeFrame(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	const n, at = 100, 50
	for _, tc := range []struct {
		name string
		edit func(i int, v [4]int16) [4]int16 // the time frame of cycle i
		err  error                            // wrapped by the error at cycle at's time frame; nil: none
		jump float64                          // s added to samples from cycle at on (a kept jump)
	}{
		{"clean", nil, nil, 0},
		{"month 13", setByte(at, 1, 13), ErrBadTimeFrame, 0},
		{"month 0", setByte(at, 1, 0), ErrBadTimeFrame, 0},
		{"day 0", setByte(at, 2, 0), ErrBadTimeFrame, 0},
		{"day 32", setByte(at, 2, 32), ErrBadTimeFrame, 0},
		{"hour 24", setByte(at, 3, 24), ErrBadTimeFrame, 0},
		{"minute 60", setByte(at, 4, 60), ErrBadTimeFrame, 0},
		{"second 60", setByte(at, 5, 60), ErrBadTimeFrame, 0},
		{"ms 1000", func(i int, v [4]int16) [4]int16 {
			if i == at {
				v[3] = 1000
			}
			return v
		}, ErrBadTimeFrame, 0},
		{"one frame an hour ahead", shiftFrom(at, at+1, time.Hour), ErrAhead, 0},
		{"one frame 2 s ahead", shiftFrom(at, at+1, 2*time.Second), ErrAhead, 0},
		{"one frame 0.2 s ahead", shiftFrom(at, at+1, 200*time.Millisecond), ErrAhead, 0},
		{"an hour ahead from there on: a gap", shiftFrom(at, n, time.Hour), nil, 3600},
		{"the last frame an hour ahead: kept", shiftFrom(n-1, n, time.Hour), nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			var offAt int64
			for i := range n {
				v := witTimeValues(t0.Add(time.Duration(i) * 10 * time.Millisecond))
				if tc.edit != nil {
					v = tc.edit(i, v)
				}
				if i == at {
					offAt = int64(len(data))
				}
				data = AppendWitFrame(data, witTime, v)
				data = AppendWitFrame(data, witAcc, [4]int16{int16(i)})
				data = AppendWitFrame(data, witGyro, [4]int16{})
			}
			w := NewWitReader(bytes.NewReader(data), BinaryOptions{Rate: 100})
			var got []Sample
			var errs []error
			errAfter := -1  // samples returned before the error
			wantAfter := at // a bad date: after the sample before it
			if tc.err == ErrAhead {
				wantAfter = at + 1 // a jump: after the sample of its cycle
			}
			for {
				var s Sample
				err := w.Read(&s)
				if err == io.EOF {
					break
				}
				if err != nil {
					errs = append(errs, err)
					errAfter = len(got)
					continue
				}
				got = append(got, s)
			}
			st := w.Stats()
			if tc.err == nil {
				if len(errs) != 0 || st.BadTime != 0 {
					t.Fatalf("errors %v, stats %+v", errs, st)
				}
			} else {
				var fe *FrameError
				if len(errs) != 1 || !errors.As(errs[0], &fe) || !errors.Is(fe, tc.err) || fe.Offset != offAt || st.BadTime != 1 || errAfter != wantAfter {
					t.Fatalf("errors %v after %d samples, stats %+v; want one wrapping %v at byte %d after %d samples", errs, errAfter, st, tc.err, offAt, wantAfter)
				}
			}
			if len(got) != n || st.Rebased != 0 {
				t.Fatalf("%d samples, stats %+v", len(got), st)
			}
			base := float64(t0.Unix())
			for i, s := range got {
				want := base + float64(i)/100
				if i >= at {
					want += tc.jump
				}
				if tc.name == "the last frame an hour ahead: kept" && i == n-1 {
					want += 3600
				}
				if math.Abs(s.T-want) > 1e-6 {
					t.Fatalf("sample %d: T = %.3f, want %.3f", i, s.T-base, want-base)
				}
			}
		})
	}
}

// setByte returns an edit setting byte k (0 year … 5 second) of cycle
// at's time frame to x.
func setByte(at, k int, x byte) func(int, [4]int16) [4]int16 {
	return func(i int, v [4]int16) [4]int16 {
		if i == at {
			u := uint16(v[k/2])
			u = u&^(0xFF<<(8*(k%2))) | uint16(x)<<(8*(k%2))
			v[k/2] = int16(u)
		}
		return v
	}
}

// shiftFrom returns an edit moving the time frames of cycles from…to−1 by d.
func shiftFrom(from, to int, d time.Duration) func(int, [4]int16) [4]int16 {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	return func(i int, v [4]int16) [4]int16 {
		if i >= from && i < to {
			return witTimeValues(t0.Add(time.Duration(i)*10*time.Millisecond + d))
		}
		return v
	}
}

// TestWitCycleCutAtEnd: a stream with gyro frames that ends after a
// cycle's acceleration frame and before its gyro frame (a port closed
// mid-cycle, a dump cut short), with or without the gyro frame's first
// bytes: that cycle's sample came out with the previous cycle's rate and
// its gyro frame was counted missing. It is reported as cut, at its
// acceleration frame and before the cut bytes, however the reads split
// the bytes; the samples before it are unchanged. A stream whose gyro
// frames had already stopped carries the rate to its last cycle as to the
// ones before.
func TestWitCycleCutAtEnd(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from     int // the cycles from here on have no gyro frame
		keep     int // bytes of the last cycle's gyro frame kept
		samples  int
		offsets  string
		missing  int64
		lastGyro int16
	}{
		{"cut after acc", 100, 0, 19, "[847]", 0, 19},
		{"cut in gyro", 100, 5, 19, "[847 858]", 0, 19},
		{"gyro stopped before", 15, 0, 20, "[]", 5, 15},
		{"gyro stopped before, cut bytes", 15, 5, 20, "[814]", 5, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// 19 whole cycles (time, acc, gyro, angle: 44 bytes; 33 without
			// gyro), then
			// cycle 19's time and acc frames (and the start of its gyro)
			data := witGyroStream(19, true, func(i int) bool { return i < tc.from })
			last := witGyroStream(20, true, func(i int) bool { return i < tc.from })[len(data):]
			data = append(data, last[:22]...)
			if tc.keep > 0 {
				data = append(data, AppendWitFrame(nil, witGyro, [4]int16{20})[:tc.keep]...)
			}
			for _, one := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(data)
				if one {
					r = iotest.OneByteReader(r)
				}
				res := binDrain(t, NewWitReader(r, BinaryOptions{}))
				if len(res.samples) != tc.samples || fmt.Sprint(binErrOffsets(res.errs)) != tc.offsets || res.final != io.EOF {
					t.Fatalf("one byte %v: %d samples, errors %v (%v); want %d samples, errors at %s", one, len(res.samples), binErrOffsets(res.errs), res.errs, tc.samples, tc.offsets)
				}
				if tc.from == 100 && !errors.Is(res.errs[0], ErrCycleCut) {
					t.Errorf("error %v, want ErrCycleCut", res.errs[0])
				}
				if res.stats.GyroMissing != tc.missing {
					t.Errorf("GyroMissing %d, want %d", res.stats.GyroMissing, tc.missing)
				}
				for i, s := range res.samples {
					if s.Acc[0] != float64(i)*16/32768*G0 || math.Abs(s.T-res.samples[0].T-float64(i)*0.01) > 1e-6 {
						t.Fatalf("sample %d: %+v", i, s)
					}
				}
				if g := res.samples[len(res.samples)-1].Gyr[0]; math.Abs(g-float64(tc.lastGyro)*2000/32768*math.Pi/180) > 1e-9 {
					t.Errorf("last sample's rate %v, want raw %d", g, tc.lastGyro)
				}
			}
		})
	}
}
