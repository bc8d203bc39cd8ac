package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"testing"
)

// witBLEHex is a worked notification: 55 61, az = 2048 (1 g at ±16 g),
// wx = 0x0400 (1024: 62.5 °/s), yaw = 0x1000 (22.5°).
const witBLEHex = "55 61 00 00 00 00 00 08 00 04 00 00 00 00 00 00 00 00 00 10"

func TestWitBLEWorkedFrame(t *testing.T) {
	in := hexBytes(t, witBLEHex)
	res := binDrain(t, NewWitBLEReader(bytes.NewReader(in), BinaryOptions{Rate: 50}))
	if res.final != io.EOF || len(res.errs) != 0 || len(res.samples) != 1 {
		t.Fatalf("final %v, errors %v, %d samples", res.final, res.errs, len(res.samples))
	}
	s := res.samples[0]
	if s.T != 0 || s.Acc != [3]float64{0, 0, G0} || math.Abs(s.Gyr[0]-62.5*math.Pi/180) > 1e-12 || s.Gyr[1] != 0 || s.Gyr[2] != 0 {
		t.Errorf("sample %+v, want az 1 g, wx 62.5 °/s", s)
	}
	if st := res.stats; st.Frames != 1 || st.Samples != 1 {
		t.Errorf("stats %+v", st)
	}
	if l := NewWitBLEReader(nil, BinaryOptions{Rate: 50, AccRange: 8}).Layout(); l.Rate != 50 || !l.HasGyro() || l.AccAxes() != 3 || l.ClipAcc != 8*G0 || l.Frame != FrameSensor {
		t.Errorf("layout %+v", l)
	}
}

// witBLEStream is n frames of distinct samples from AppendWitBLE (at ±8
// g), a register reply after every 50th, and the samples a reader at rate
// must give.
func witBLEStream(rng *rand.Rand, n int, rate float64) ([]byte, []Sample) {
	var data []byte
	var want []Sample
	for i := range n {
		s := Sample{T: float64(i) / rate}
		for k := range 3 {
			s.Acc[k] = (rng.Float64()*16 - 8) * G0
			s.Gyr[k] = (rng.Float64()*4000 - 2000) * math.Pi / 180
		}
		data = AppendWitBLE(data, s, 8)
		// what the frame holds, read back
		for k := range 3 {
			s.Acc[k] = float64(getLE16(data[len(data)-18+2*k:])) * (8 * G0 / 32768)
			s.Gyr[k] = float64(getLE16(data[len(data)-12+2*k:])) * (2000 * math.Pi / 180 / 32768)
		}
		want = append(want, s)
		if i%50 == 49 {
			reply := make([]byte, witBLESize)
			reply[0], reply[1], reply[2] = witSync, witBLEReply, 0x3a
			data = append(data, reply...)
		}
	}
	return data, want
}

// TestWitBLERoundTrip: AppendWitBLE's frames read back as the samples
// they hold, on the rate's grid; register replies are ignored (counted);
// the same however the stream is chunked.
func TestWitBLERoundTrip(t *testing.T) {
	data, want := witBLEStream(rand.New(rand.NewPCG(3, 4)), 400, 100)
	open := func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100, AccRange: 8}) }
	ref := binDrain(t, open(bytes.NewReader(data)))
	if ref.final != io.EOF || len(ref.errs) != 0 {
		t.Fatalf("final %v, errors %v", ref.final, ref.errs)
	}
	binCheckSamples(t, ref.samples, want)
	if st := ref.stats; st.Frames != 408 || st.Ignored != 8 || st.Samples != 400 || st.SkippedBytes != 0 {
		t.Errorf("stats %+v", st)
	}
	binCompareReaders(t, data, ref, open)
}

// TestWitBLECorrupt: garbage between frames, a frame whose type byte was
// hit, and a truncated tail are corrupt spans at their offsets; every
// intact frame is read, including one after bytes 55 61 that begin a
// "frame" reaching into it.
func TestWitBLECorrupt(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data, want := witBLEStream(rng, 12, 100)
	// frame k starts at 20·k (+20 past the reply after frame 49: none here)
	var in []byte
	var wantOff []int64
	var keep []Sample
	for k := range 12 {
		f := data[20*k : 20*k+20]
		switch k {
		case 3: // garbage before it, ending in 55 61: a chance header
			wantOff = append(wantOff, int64(len(in)))
			in = append(in, 1, 2, 3, witSync, witBLEData)
		case 6: // its type byte hit: the frame is lost
			g := bytes.Clone(f)
			g[1] = 0x62
			wantOff = append(wantOff, int64(len(in)))
			in = append(in, g...)
			continue
		}
		in = append(in, f...)
		keep = append(keep, want[k])
	}
	wantOff = append(wantOff, int64(len(in)))
	in = append(in, data[:7]...) // a truncated tail
	ref := binDrain(t, NewWitBLEReader(bytes.NewReader(in), BinaryOptions{Rate: 100, AccRange: 8}))
	if len(ref.samples) != len(keep) {
		t.Fatalf("%d samples, want %d", len(ref.samples), len(keep))
	}
	for i := range keep {
		a, b := ref.samples[i], keep[i]
		if a.Acc != b.Acc || a.Gyr != b.Gyr {
			t.Fatalf("sample %d: %+v, want the values of %+v", i, a, b)
		}
		if a.T != float64(i)/100 {
			t.Fatalf("sample %d at %v s: the frames carry no time, counted at 100 Hz", i, a.T)
		}
	}
	if got := binErrOffsets(ref.errs); fmt.Sprint(got) != fmt.Sprint(wantOff) {
		t.Errorf("error offsets %v, want %v", got, wantOff)
	}
	if n := len(ref.errs); n == 0 || !errors.Is(ref.errs[n-1], ErrSync) {
		t.Errorf("truncated tail: %v", ref.errs)
	}
	if st := ref.stats; st.Frames*witBLESize+st.SkippedBytes != int64(len(in)) {
		t.Errorf("bytes unaccounted: %+v of %d", st, len(in))
	}
	binCompareReaders(t, in, ref, func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100, AccRange: 8}) })
}

// TestWitBLETruncated: a frame cut short (bytes lost on the way) whose
// 20 bytes reach a 55 among the next frame's values is not taken as a
// frame: that 55 is followed by no frame type, so the real frame inside
// it is read (the cut frame was taken, a sample of both frames' bytes,
// and the real one after it lost).
func TestWitBLETruncated(t *testing.T) {
	data, want := witBLEStream(rand.New(rand.NewPCG(7, 8)), 6, 100)
	f := func(k int) []byte { return bytes.Clone(data[20*k : 20*k+20]) }
	next := f(3)
	next[8], next[9] = witSync, 0x12 // wx: 0x1255, a 55 where the cut frame's 20 bytes end
	want[3].Gyr[0] = float64(getLE16(next[8:])) * (2000 * math.Pi / 180 / 32768)
	var in []byte
	in = append(in, f(0)...)
	in = append(in, f(1)...)
	in = append(in, f(2)[:12]...) // the last 8 bytes lost
	in = append(in, next...)
	in = append(in, f(4)...)
	in = append(in, f(5)...)
	ref := binDrain(t, NewWitBLEReader(bytes.NewReader(in), BinaryOptions{Rate: 100, AccRange: 8}))
	keep := []Sample{want[0], want[1], want[3], want[4], want[5]}
	if len(ref.samples) != len(keep) {
		t.Fatalf("%d samples, want %d (errors %v)", len(ref.samples), len(keep), ref.errs)
	}
	for i := range keep {
		if a, b := ref.samples[i], keep[i]; a.Acc != b.Acc || a.Gyr != b.Gyr {
			t.Errorf("sample %d: %+v, want the values of %+v", i, a, b)
		}
	}
	if got := binErrOffsets(ref.errs); fmt.Sprint(got) != "[40]" {
		t.Errorf("error offsets %v, want [40] (the cut frame)", got)
	}
	if st := ref.stats; st.Frames != 5 || st.SkippedBytes != 12 {
		t.Errorf("stats %+v", st)
	}
	binCompareReaders(t, in, ref, func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100, AccRange: 8}) })
}

func TestWitBLENeedsRate(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewWitBLEReader without a rate did not panic")
		}
	}()
	NewWitBLEReader(nil, BinaryOptions{})
}

func FuzzWitBLEReader(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzSource(t, data, witBLESize, func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100}) })
		// sample i at i/Rate, values within the int16 range
		for i, s := range binDrain(t, NewWitBLEReader(bytes.NewReader(data), BinaryOptions{Rate: 100})).samples {
			if s.T != float64(i)/100 {
				t.Fatalf("sample %d at %v s, want %v", i, s.T, float64(i)/100)
			}
			for k := range 3 {
				if math.Abs(s.Acc[k]) > 16*G0 || math.Abs(s.Gyr[k]) > 2000*math.Pi/180 {
					t.Fatalf("sample %d beyond full scale: %+v", i, s)
				}
			}
		}
	})
}

func BenchmarkWitBLEReader(b *testing.B) {
	data, _ := witBLEStream(rand.New(rand.NewPCG(1, 1)), 10000, 100)
	frames := len(data) / witBLESize
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var s Sample
	n := 0
	for b.Loop() {
		r := NewWitBLEReader(bytes.NewReader(data), BinaryOptions{Rate: 100, AccRange: 8})
		for r.Read(&s) == nil {
		}
		n++
	}
	b.ReportMetric(float64(frames*n)/b.Elapsed().Seconds(), "frames/s")
}

// TestWitBLEHeaderInValues: a real frame holding 55 61 (or 55 71) among
// its values, followed by a frame whose header was damaged, is read; the
// damaged frame alone is lost, one corrupt span at its offset. The bytes
// 55 61 inside the real frame started a "frame" that reached into the
// damaged one and, with no next header to confirm either, rejected the
// real frame: it was lost (reported as lost frame sync at its offset) and
// a sample made of its tail and the damaged frame's head took its place
// (a 12 g acceleration from a roll of 136.9° here).
func TestWitBLEHeaderInValues(t *testing.T) {
	frame := func(v [9]int16) []byte {
		f := []byte{0x55, 0x61}
		for _, x := range v {
			f = append(f, byte(uint16(x)), byte(uint16(x)>>8))
		}
		return f
	}
	for pos := 2; pos <= 18; pos++ {
		for _, typ := range []byte{0x61, 0x71} {
			for _, hit := range []int{0, 1} {
				name := fmt.Sprintf("55 %02x at byte %d, next header byte %d hit", typ, pos, hit)
				var in []byte
				var want [][3]float64 // the samples' acceleration, m/s²
				var off int64         // the damaged frame's
				for i := range 8 {
					v := [9]int16{int16(100 * i), -300, 2048, 50, -50, 25, 1000, -2000, 3000}
					f := frame(v)
					if i == 3 {
						f[pos], f[pos+1] = 0x55, typ // the header bytes among its values
					}
					if i == 4 {
						f[hit] ^= 0x01
						off = int64(len(in))
					} else {
						a := func(k int) float64 { return float64(getLE16(f[2+2*k:])) * (16 * G0 / 32768) }
						want = append(want, [3]float64{a(0), a(1), a(2)})
					}
					in = append(in, f...)
				}
				res := binDrain(t, NewWitBLEReader(bytes.NewReader(in), BinaryOptions{Rate: 100}))
				if len(res.samples) != len(want) {
					t.Errorf("%s: %d samples, want %d; errors %v", name, len(res.samples), len(want), res.errs)
					continue
				}
				for i, s := range res.samples {
					if s.Acc != want[i] {
						t.Errorf("%s: sample %d: acc %.3f m/s², want %.3f", name, i, s.Acc, want[i])
					}
				}
				if got := fmt.Sprint(binErrOffsets(res.errs)); got != fmt.Sprint([]int64{off}) {
					t.Errorf("%s: errors %v, want one at byte %d", name, res.errs, off)
				}
				binCompareReaders(t, in, res, func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100}) })
			}
		}
	}
}
