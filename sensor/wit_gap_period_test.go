package sensor

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
	"testing/iotest"
	"time"
)

// TestWitGapPeriod: a WitMotion stream with 0x50 time frames and no Rate
// (serve's --rate 0: "from the data") times a cycle without a time frame
// at the period measured between time frames. A gap — whole cycles lost
// in transit, a Bluetooth link that stalls — shows as a time frame more
// than 0.1 s ahead of its cycle count; kept (the next cycle has no time
// frame to judge it by), it was taken as one period: the period became the
// gap, and the next cycle without a time frame was put a whole gap ahead,
// the samples after it going back (1 s ahead here, then 1 s back).
func TestWitGapPeriod(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 34, 56, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		gap    int          // cycles lost in transit after cycle 99
		noTime map[int]bool // cycles whose time frame is lost
	}{
		{"1 s gap, next two cycles without time", 100, map[int]bool{201: true, 202: true}},
		{"0.5 s gap, next three cycles without time", 50, map[int]bool{151: true, 152: true, 153: true}},
		{"1 s gap, time frames throughout", 100, nil},
		// cycles lost under witJump (0.1 s): the time frame after them
		// is anchored, but their time is no period either
		{"30 ms lost, the cycle after the next without time", 3, map[int]bool{104: true}},
		{"50 ms lost, two cycles after the next without time", 5, map[int]bool{106: true, 107: true}},
		{"90 ms lost, a later cycle without time", 9, map[int]bool{112: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b []byte
			var truth []float64
			for i := range 300 {
				if i >= 100 && i < 100+tc.gap {
					continue
				}
				tm := t0.Add(time.Duration(i) * 10 * time.Millisecond)
				if !tc.noTime[i] {
					b = AppendWitFrame(b, witTime, witTimeValues(tm))
				}
				b = AppendWitFrame(b, witAcc, [4]int16{int16(i), 0, 2048, 0})
				b = AppendWitFrame(b, witGyro, [4]int16{1, 2, 3, 0})
				truth = append(truth, float64(tm.UnixMilli())/1000)
			}
			r := NewWitReader(bytes.NewReader(b), BinaryOptions{Name: "wit"})
			res := binDrain(t, r)
			if len(res.errs) != 0 || len(res.samples) != len(truth) {
				t.Fatalf("%d samples, errors %v; want %d, none", len(res.samples), res.errs, len(truth))
			}
			for i, s := range res.samples {
				if d := s.T - truth[i]; math.Abs(d) > 1e-6 {
					t.Errorf("sample %d (cycle %d): T off by %+.3f s", i, int(math.Round(s.Acc[0]/G0*2048)), d)
				}
				if i > 0 && s.T <= res.samples[i-1].T {
					t.Errorf("sample %d: T %.3f after %.3f", i, s.T, res.samples[i-1].T)
				}
			}
		})
	}
}

// TestWitRateDown: a device whose rate goes down (100 → 50 Hz, time frames
// on every cycle) is not taken for one losing a cycle each time: after
// witLonger cycles at the new rate its period is 20 ms, and a cycle
// without a time frame is put at its own time.
func TestWitRateDown(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 34, 56, 0, time.UTC)
	var b []byte
	var truth []float64
	at := t0
	for i := range 200 {
		if i > 0 {
			step := 10 * time.Millisecond
			if i > 100 {
				step = 20 * time.Millisecond
			}
			at = at.Add(step)
		}
		if i != 130 && i != 150 {
			b = AppendWitFrame(b, witTime, witTimeValues(at))
		}
		b = AppendWitFrame(b, witAcc, [4]int16{int16(i), 0, 2048, 0})
		truth = append(truth, float64(at.UnixMilli())/1000)
	}
	res := binDrain(t, NewWitReader(bytes.NewReader(b), BinaryOptions{Name: "wit"}))
	if len(res.errs) != 0 || len(res.samples) != len(truth) {
		t.Fatalf("%d samples, errors %v; want %d, none", len(res.samples), res.errs, len(truth))
	}
	for i, s := range res.samples {
		if d := s.T - truth[i]; math.Abs(d) > 1e-6 {
			t.Errorf("sample %d: T off by %+.3f s", i, d)
		}
	}
}

// TestWitLaterSpans: corrupt spans after a cycle's acceleration frame are
// held while it waits for its gyro frame (a cut cycle's error comes
// first), witLater of them at most. Past that the cycle was dropped as
// "cut by the end of the stream" though the stream went on: its gyro
// frame, when it came after them, was lost with the sample, and one that
// did not come was said cut by an end the garbage stood between. Its gyro
// frame is now taken as lost among them: it waits no more for the end, the
// errors are given, and the cycle gives its sample, with its own angular
// rate when its gyro frame comes after all, else carrying the last one
// (GyroMissing).
func TestWitLaterSpans(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 34, 56, 0, time.UTC)
	head := func() []byte {
		var b []byte
		for i := range 10 {
			b = AppendWitFrame(b, witTime, witTimeValues(t0.Add(time.Duration(i)*10*time.Millisecond)))
			b = AppendWitFrame(b, witAcc, [4]int16{int16(i), 0, 2048, 0})
			b = AppendWitFrame(b, witGyro, [4]int16{1, 2, 3, 0})
		}
		b = AppendWitFrame(b, witTime, witTimeValues(t0.Add(100*time.Millisecond)))
		b = AppendWitFrame(b, witAcc, [4]int16{10, 0, 2048, 0})
		return append(b, make([]byte, witLater*maxBadSpan)...) // witLater spans of garbage
	}
	for _, tc := range []struct {
		name    string
		tail    []byte
		samples int
		gyr     float64 // sample 10's Gyr[0], raw
		missing int64
	}{
		{"its gyro frame after them", AppendWitFrame(AppendWitFrame(nil, witGyro, [4]int16{7, 8, 9, 0}), witTime, witTimeValues(t0.Add(110*time.Millisecond))), 11, 7, 0},
		{"the end after them", nil, 11, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append(head(), tc.tail...)
			for _, one := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(b)
				if one {
					r = iotest.OneByteReader(r)
				}
				res := binDrain(t, NewWitReader(r, BinaryOptions{Name: "wit"}))
				for _, e := range res.errs {
					if errors.Is(e, ErrCycleCut) {
						t.Errorf("one byte %v: %v", one, e)
					}
				}
				if len(res.errs) != witLater || len(res.samples) != tc.samples || res.stats.GyroMissing != tc.missing {
					t.Fatalf("one byte %v: %d errors, %d samples, %d gyro missing; want %d, %d, %d", one, len(res.errs), len(res.samples), res.stats.GyroMissing, witLater, tc.samples, tc.missing)
				}
				if s := res.samples[10]; math.Round(s.Gyr[0]/w2r) != tc.gyr || math.Abs(s.T-float64(t0.Unix())-0.1) > 1e-6 {
					t.Errorf("one byte %v: sample 10 %+v, want raw gyro x %v at +0.1 s", one, s, tc.gyr)
				}
			}
		})
	}
}

// w2r is one raw angular rate unit in rad/s.
const w2r = 2000.0 / 32768 * math.Pi / 180
