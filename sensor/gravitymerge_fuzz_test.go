package sensor

import (
	"errors"
	"io"
	"math"
	"testing"
)

// FuzzGravityMerge is FuzzGyroMerge for a GravityMerge (an iOS export's
// Accelerometer.csv and Gravity.csv): for increasing times with line
// errors in both, it ends, gives every accelerometer sample with gravity
// added or counts it left out (Merged + LeftOut = accelerometer samples),
// passes every line error on, keeps the samples' own angular rate, and
// the gravity added lies between the two gravity samples around the
// sample (or is the held edge value) and is finite. Each byte: 0xff a
// line error, 0xfe a read failure (only at the end), else a sample this
// many ms after the previous one.
func FuzzGravityMerge(f *testing.F) {
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"), []byte("\x02\x02\x00\x02\x02\x02"), 0.0, 100.0)
	f.Add([]byte("\x0a\x0a\x0a\xff\x0a\x0a"), []byte("\x05\x05\xfe\x05\x80\x05\x05"), 0.013, 0.0)
	f.Add([]byte("\x01"), []byte("\x01"), -3600.5, 20.0)
	f.Add([]byte("\x05\x05\x05\x05\xfe"), []byte("\x02\x02\x02"), 0.0, 0.0)
	f.Add([]byte("\x05\x05\x05\x05\x05\x05"), []byte("\x02\x02\xfe"), 0.0, 0.0)
	f.Fuzz(func(t *testing.T, accB, gravB []byte, offset, gravRate float64) {
		if len(accB) > 2000 || len(gravB) > 2000 || !(math.Abs(offset) < 1e6) || !(gravRate >= 0 && gravRate < 1e6) {
			return
		}
		build := func(b []byte, grav bool) (*fuzzItemSource, int, int) {
			src := &fuzzItemSource{layout: Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{!grav, !grav, !grav}}}
			tm, ns, nerr := 0.0, 0, 0
			for i, c := range b {
				switch c {
				case 0xff:
					src.items = append(src.items, &LineError{File: "x", Line: i + 1, Err: ErrParse})
					nerr++
				case 0xfe:
					if i == len(b)-1 {
						src.items = append(src.items, errFuzzFatal)
					}
				default:
					tm += float64(int(c)+1) / 1000
					s := Sample{T: tm}
					if grav {
						v := float64(int8(c)) * 1e306 // large: interpolation must not overflow
						s.Acc = [3]float64{v, -v, 9.8}
					} else {
						s.Acc = [3]float64{0, float64(i), 0}
						s.Gyr = [3]float64{float64(i), 1, 2}
					}
					src.items = append(src.items, s)
					ns++
				}
			}
			return src, ns, nerr
		}
		acc, nAcc, accErrs := build(accB, false)
		grav, nGrav, gravErrs := build(gravB, true)
		m, err := NewGravityMerge(acc, grav, GyroMergeOptions{AccName: "a", GyroName: "g", Offset: offset, GyroRate: gravRate})
		if err != nil {
			t.Fatal(err)
		}
		var gravTimes []float64
		for _, it := range grav.items {
			if s, ok := it.(Sample); ok {
				gravTimes = append(gravTimes, s.T+offset)
			}
		}
		merged, lineErrs := 0, 0
		var final error
		for i := 0; ; i++ {
			if i > 10*(len(accB)+len(gravB))+10 {
				t.Fatal("Read does not end")
			}
			var s Sample
			err := m.Read(&s)
			var le *LineError
			if errors.As(err, &le) {
				lineErrs++
				continue
			}
			if err != nil {
				final = err
				break
			}
			merged++
			if !finite3(s.Acc) || s.Acc[2] != 9.8 || s.Gyr[1] != 1 || s.Gyr[2] != 2 {
				t.Fatalf("merged sample %+v: gravity not finite, or its own channels changed", s)
			}
			// the gravity samples around s.T bound the gravity added
			lo, hi := math.Inf(1), math.Inf(-1)
			for j, gt := range gravTimes {
				near := gt == s.T || gt < s.T && (j+1 == len(gravTimes) || gravTimes[j+1] >= s.T) || gt > s.T && (j == 0 || gravTimes[j-1] <= s.T)
				if near {
					g := gyroItem(grav, j)
					lo, hi = math.Min(lo, g.Acc[0]), math.Max(hi, g.Acc[0])
				}
			}
			if !(s.Acc[0] >= lo-1e-9*math.Abs(lo) && s.Acc[0] <= hi+1e-9*math.Abs(hi)) {
				t.Fatalf("gravity %v added at %v outside the neighbours' [%v, %v]", s.Acc[0], s.T, lo, hi)
			}
			if s.Gyr[0] != float64(int(s.Gyr[0])) || s.Gyr[0] < 0 || int(s.Gyr[0]) >= len(accB) {
				t.Fatalf("merged sample %+v: not an accelerometer sample's angular rate", s)
			}
		}
		st := m.Stats()
		switch {
		case nGrav == 0 || nAcc == 0:
			return
		case errors.Is(final, ErrGravityMerge):
			return // time bases apart
		case errors.Is(final, errFuzzFatal):
			return
		case final != io.EOF:
			t.Fatalf("final error %v", final)
		}
		if st.Merged != merged || st.Merged+st.LeftOut() != nAcc {
			t.Fatalf("stats %+v: %d merged, %d accelerometer samples", st, merged, nAcc)
		}
		if lineErrs < accErrs || lineErrs > accErrs+gravErrs {
			t.Fatalf("%d line errors passed on, %d + %d in the inputs", lineErrs, accErrs, gravErrs)
		}
	})
}
