package sensor

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const framesDir = "../testdata/frames"

func hexBytes(tb testing.TB, s string) []byte {
	tb.Helper()
	var b []byte
	for _, f := range strings.Fields(s) {
		var v byte
		if _, err := fmt.Sscanf(f, "%02x", &v); err != nil {
			tb.Fatalf("bad hex %q: %v", f, err)
		}
		b = append(b, v)
	}
	return b
}

// Worked frames of protocols.md §1 and §2, checksums as printed there.
const (
	witAccHex   = "55 51 00 00 00 00 00 08 c4 09 7b"
	witAngleHex = "55 53 1c 07 00 00 00 00 00 00 cb"
	witTimeHex  = "55 50 18 03 0f 0c 22 38 15 03 4d"
	rvcHex      = "aa aa 07 28 23 00 00 00 00 00 00 00 00 e8 03 00 00 00 3d"
)

// --- encoders: frames from known values -------------------------------

// AppendWit round-trips through the reader within one raw unit.
func TestAppendWit(t *testing.T) {
	in := []Sample{
		{Acc: [3]float64{0, 0, G0}, Gyr: [3]float64{0.1, -0.2, 3}},
		{Acc: [3]float64{-3 * G0, 15.9 * G0, 0.01}, Gyr: [3]float64{-1, 0, 0.5}},
		{Acc: [3]float64{40 * G0, 0, 0}}, // saturates at +16 g
	}
	var b []byte
	for _, s := range in {
		b = AppendWit(b, s, 0)
	}
	r := NewWitReader(bytes.NewReader(b), BinaryOptions{Rate: 100})
	for i, want := range in {
		var got Sample
		if err := r.Read(&got); err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		if got.T != float64(i)/100 {
			t.Errorf("sample %d: T %v", i, got.T)
		}
		for k := range 3 {
			wa := math.Max(-16*G0, math.Min(32767.0/32768*16*G0, want.Acc[k]))
			if math.Abs(got.Acc[k]-wa) > 16*G0/32768 || math.Abs(got.Gyr[k]-want.Gyr[k]) > 2000.0/32768*math.Pi/180 {
				t.Errorf("sample %d axis %d: got %v %v, want %v %v", i, k, got.Acc[k], got.Gyr[k], wa, want.Gyr[k])
			}
		}
	}
}

func witTimeValues(t time.Time) [4]int16 {
	t = t.UTC()
	p := func(lo, hi int) int16 { return int16(uint16(lo) | uint16(hi)<<8) }
	return [4]int16{
		p(t.Year()-2000, int(t.Month())), p(t.Day(), t.Hour()),
		p(t.Minute(), t.Second()), int16(t.Nanosecond() / 1e6),
	}
}

func appendRVC(b []byte, idx byte, ypr, acc [3]int16) []byte {
	f := [rvcSize]byte{rvcSync, rvcSync, idx}
	for i, x := range append(ypr[:], acc[:]...) {
		f[3+2*i], f[4+2*i] = byte(uint16(x)), byte(uint16(x)>>8)
	}
	for _, c := range f[2:18] {
		f[18] += c
	}
	return append(b, f[:]...)
}

// rawCycle is one device output cycle in raw units.
type rawCycle struct {
	acc, gyr, ang [3]int16
	t             time.Time // zero: no time frame
}

func genCycles(rng *rand.Rand, n int, t0 time.Time, rate float64) []rawCycle {
	cs := make([]rawCycle, n)
	r16 := func() int16 { return int16(rng.IntN(65536) - 32768) }
	for i := range cs {
		for j := range 3 {
			cs[i].acc[j], cs[i].gyr[j], cs[i].ang[j] = r16(), r16(), r16()
		}
		if !t0.IsZero() {
			cs[i].t = t0.Add(time.Duration(float64(i) / rate * float64(time.Second)).Round(time.Millisecond))
		}
	}
	return cs
}

// witStream is an encoded stream with the position of every frame.
type witStream struct {
	data   []byte
	frames []streamFrame
}

type streamFrame struct {
	off     int
	cycle   int
	typ     byte
	corrupt bool
}

// corruptor decides, per frame, garbage to insert before it and whether
// to flip one of its bytes.
type corruptor func(i int) (garbage []byte, flip int)

func encodeWitCycles(cs []rawCycle, bad corruptor) witStream {
	var s witStream
	i := 0
	for c, cy := range cs {
		type fr struct {
			typ byte
			v   [4]int16
		}
		var list []fr
		if !cy.t.IsZero() {
			list = append(list, fr{witTime, witTimeValues(cy.t)})
		}
		list = append(list,
			fr{witAcc, [4]int16{cy.acc[0], cy.acc[1], cy.acc[2], 2500}},
			fr{witGyro, [4]int16{cy.gyr[0], cy.gyr[1], cy.gyr[2], 0}},
			fr{witAngle, [4]int16{cy.ang[0], cy.ang[1], cy.ang[2], 0}})
		for _, f := range list {
			flip := -1
			if bad != nil {
				var g []byte
				g, flip = bad(i)
				s.data = append(s.data, g...)
			}
			off := len(s.data)
			s.data = AppendWitFrame(s.data, f.typ, f.v)
			if flip >= 0 {
				s.data[off+flip] ^= 0x5A
			}
			s.frames = append(s.frames, streamFrame{off: off, cycle: c, typ: f.typ, corrupt: flip >= 0})
			i++
		}
	}
	return s
}

// wantWit models the decoder: one sample per cycle with a clean acc
// frame, carrying the latest clean gyro; T from the cycle's time frame or
// cycle/rate. It assumes no cycle loses all of its frames.
func wantWit(cs []rawCycle, s witStream, rate float64) []Sample {
	clean := map[[2]int]bool{}
	for _, f := range s.frames {
		if !f.corrupt {
			clean[[2]int{f.cycle, int(f.typ)}] = true
		}
	}
	var out []Sample
	var g [3]int16
	first := -1
	for c, cy := range cs {
		if clean[[2]int{c, witGyro}] {
			g = cy.gyr
		}
		if !clean[[2]int{c, witAcc}] {
			continue
		}
		var smp Sample
		switch {
		case !cy.t.IsZero() && clean[[2]int{c, witTime}]:
			smp.T = float64(cy.t.Unix()) + float64(cy.t.Nanosecond()/1e6)/1000
		case !cy.t.IsZero():
			smp.T = math.NaN() // extrapolated: checked loosely
		default:
			if first < 0 {
				first = c
			}
			smp.T = float64(c-first) / rate
		}
		for j := range 3 {
			smp.Acc[j] = float64(cy.acc[j]) * (16.0 / 32768 * G0)
			smp.Gyr[j] = float64(g[j]) * (2000.0 / 32768 * math.Pi / 180)
		}
		out = append(out, smp)
	}
	return out
}

// wantErrOffsets returns the start of each maximal run of corrupt bytes
// (inserted garbage and flipped frames).
func wantErrOffsets(s witStream) []int64 {
	var offs []int64
	end := 0 // end of the previous frame
	inBad := false
	for _, f := range s.frames {
		if f.off > end && !inBad { // inserted garbage
			offs = append(offs, int64(end))
			inBad = true
		}
		if f.corrupt && !inBad {
			offs = append(offs, int64(f.off))
		}
		inBad = f.corrupt
		end = f.off + witSize
	}
	return offs
}

// binResult is everything a Source produced, for comparing runs.
type binResult struct {
	samples []Sample
	errs    []*FrameError
	final   error
	stats   BinaryStats
}

type statSource interface {
	Source
	Stats() BinaryStats
}

func binDrain(tb testing.TB, src statSource) binResult {
	tb.Helper()
	var res binResult
	for i := 0; ; i++ {
		if i > 1e7 {
			tb.Fatal("Read does not end")
		}
		var s Sample
		err := src.Read(&s)
		if err == nil {
			res.samples = append(res.samples, s)
			continue
		}
		var fe *FrameError
		if errors.As(err, &fe) {
			res.errs = append(res.errs, fe)
			continue
		}
		res.final = err
		break
	}
	res.stats = src.Stats()
	return res
}

func binSameSample(a, b Sample) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	if !eq(a.T, b.T) {
		return false
	}
	for i := range 3 {
		if a.Acc[i] != b.Acc[i] || a.Gyr[i] != b.Gyr[i] {
			return false
		}
	}
	return true
}

func binCheckSamples(t *testing.T, got, want []Sample) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d samples, want %d", len(got), len(want))
	}
	for i := range want {
		w := want[i]
		if math.IsNaN(w.T) { // extrapolated time: within a millisecond of the neighbours' grid
			w.T = got[i].T
		}
		if !binSameSample(got[i], w) {
			t.Fatalf("sample %d:\n got %+v\nwant %+v", i, got[i], w)
		}
	}
}

func binErrOffsets(errs []*FrameError) []int64 {
	var o []int64
	for _, e := range errs {
		o = append(o, e.Offset)
	}
	return o
}

// --- worked examples --------------------------------------------------

func TestParseWitWorkedFrames(t *testing.T) {
	f, err := parseWit(hexBytes(t, witAccHex))
	if err != nil || f.typ != witAcc || f.v != [4]int16{0, 0, 2048, 2500} {
		t.Fatalf("acc frame: %+v, %v", f, err)
	}
	if g := float64(f.v[2]) / 32768 * 16; g != 1 {
		t.Errorf("az = %v g, want 1", g)
	}
	if c := float64(f.v[3]) / 100; c != 25 {
		t.Errorf("T = %v °C, want 25", c)
	}

	f, err = parseWit(hexBytes(t, witAngleHex))
	if err != nil || f.typ != witAngle {
		t.Fatalf("angle frame: %+v, %v", f, err)
	}
	if roll, pitch, yaw := f.angles(); math.Abs(roll-10) > 0.005 || pitch != 0 || yaw != 0 {
		t.Errorf("angles = %v %v %v, want 10.0 0 0", roll, pitch, yaw)
	}

	f, err = parseWit(hexBytes(t, witTimeHex))
	if err != nil || f.typ != witTime {
		t.Fatalf("time frame: %+v, %v", f, err)
	}
	want := time.Date(2024, 3, 15, 12, 34, 56, 789e6, time.UTC)
	if got, ok := f.time(); !ok || got != float64(want.Unix())+0.789 {
		t.Errorf("time = %v, want %v (%s)", got, float64(want.Unix())+0.789, want)
	}

	bad := hexBytes(t, witAccHex)
	bad[10]++
	if _, err := parseWit(bad); err != ErrChecksum {
		t.Errorf("bad checksum: err = %v", err)
	}
	if _, err := parseWit(bad[:10]); err != ErrSync {
		t.Errorf("short frame: err = %v", err)
	}
}

func TestWitReaderWorkedFrames(t *testing.T) {
	in := hexBytes(t, witTimeHex+" "+witAccHex+" "+witAngleHex)
	res := binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{}))
	if res.final != io.EOF || len(res.errs) != 0 || len(res.samples) != 1 {
		t.Fatalf("got %+v", res)
	}
	s := res.samples[0]
	wantT := float64(time.Date(2024, 3, 15, 12, 34, 56, 0, time.UTC).Unix()) + 0.789
	if s.T != wantT || s.Acc != [3]float64{0, 0, G0} || s.Gyr != [3]float64{} {
		t.Errorf("sample = %+v, want T=%v Acc=[0 0 %v]", s, wantT, G0)
	}
	want := BinaryStats{Frames: 3, Samples: 1, Ignored: 1}
	if res.stats != want {
		t.Errorf("stats = %+v, want %+v", res.stats, want)
	}
}

func TestParseRVCWorkedFrame(t *testing.T) {
	f, err := parseRVC(hexBytes(t, rvcHex))
	want := rvcFrame{index: 7, yaw: 9000, acc: [3]int16{0, 0, 1000}}
	if err != nil || f != want {
		t.Fatalf("got %+v, %v; want %+v", f, err, want)
	}
	if f.yaw != 9000 { // 90.00°
		t.Errorf("yaw = %v", f.yaw)
	}
	res := binDrain(t, NewRVCReader(bytes.NewReader(hexBytes(t, rvcHex)), BinaryOptions{}))
	if res.final != io.EOF || len(res.samples) != 1 || len(res.errs) != 0 {
		t.Fatalf("got %+v", res)
	}
	if s := res.samples[0]; s.T != 0 || s.Acc != [3]float64{0, 0, 1000 * (G0 / 1000)} || math.Abs(s.Acc[2]-G0) > 1e-12 {
		t.Errorf("sample = %+v", s)
	}
}

// --- split functions --------------------------------------------------

func TestSplitWit(t *testing.T) {
	acc := hexBytes(t, witAccHex)
	bad := append([]byte(nil), acc...)
	bad[5] ^= 1
	tests := []struct {
		name  string
		data  []byte
		atEOF bool
		adv   int
		tok   bool
		err   error
	}{
		{"empty", nil, false, 0, false, nil},
		{"empty at EOF", nil, true, 0, false, nil},
		{"frame at EOF", acc, true, 11, true, nil},
		{"frame, header follows", append(append([]byte(nil), acc...), witSync), false, 11, true, nil},
		{"frame, next byte unseen", acc, false, 0, false, nil},
		{"frame, no header follows", append(append([]byte(nil), acc...), 0), false, 11, true, nil},
		{"partial", acc[:7], false, 0, false, nil},
		{"truncated at EOF", acc[:7], true, 7, false, ErrSync},
		{"garbage then frame", append([]byte{1, 2, 3}, acc...), false, 3, false, ErrSync},
		{"all garbage", []byte{1, 2, 3}, false, 3, false, ErrSync},
		{"bad checksum", bad, false, 1, false, ErrChecksum},
	}
	for _, tt := range tests {
		adv, tok, err := splitWit(tt.data, tt.atEOF)
		if adv != tt.adv || (tok != nil) != tt.tok || err != tt.err {
			t.Errorf("%s: splitWit = %d, %x, %v; want %d, token %v, %v", tt.name, adv, tok, err, tt.adv, tt.tok, tt.err)
		}
	}
}

func TestSplitRVC(t *testing.T) {
	fr := hexBytes(t, rvcHex)
	tests := []struct {
		name  string
		data  []byte
		atEOF bool
		adv   int
		tok   bool
		err   error
	}{
		{"frame at EOF", fr, true, 19, true, nil},
		{"frame, header follows", append(append([]byte(nil), fr...), 0xAA, 0xAA), false, 19, true, nil},
		{"frame, half a header follows", append(append([]byte(nil), fr...), 0xAA), false, 0, false, nil},
		{"single AA is not a header", append([]byte{0xAA, 1}, fr...), false, 2, false, ErrSync},
		{"AAA: header at the second AA", append([]byte{0xAA}, fr...), false, 1, false, ErrChecksum},
		{"trailing AA kept", []byte{5, 6, 0xAA}, false, 2, false, ErrSync},
		{"partial", fr[:18], false, 0, false, nil},
		{"truncated at EOF", fr[:18], true, 18, false, ErrSync},
	}
	for _, tt := range tests {
		adv, tok, err := splitRVC(tt.data, tt.atEOF)
		if adv != tt.adv || (tok != nil) != tt.tok || err != tt.err {
			t.Errorf("%s: splitRVC = %d, %x, %v; want %d, token %v, %v", tt.name, adv, tok, err, tt.adv, tt.tok, tt.err)
		}
	}
}

// --- WitMotion streams ------------------------------------------------

func TestWitRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2025, 6, 1, 9, 59, 59, 0, time.UTC)
	for _, tc := range []struct {
		name string
		t0   time.Time
		opt  BinaryOptions
	}{
		{"index time", time.Time{}, BinaryOptions{Rate: 100}},
		{"time frames", t0, BinaryOptions{}},
		{"time frames and rate", t0, BinaryOptions{Rate: 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rate := tc.opt.Rate
			if rate == 0 {
				rate = 100
			}
			cs := genCycles(rng, 500, tc.t0, rate)
			s := encodeWitCycles(cs, nil)
			res := binDrain(t, NewWitReader(bytes.NewReader(s.data), tc.opt))
			if res.final != io.EOF || len(res.errs) != 0 {
				t.Fatalf("final %v, errors %v", res.final, res.errs)
			}
			binCheckSamples(t, res.samples, wantWit(cs, s, rate))
			// Back to raw counts: exact.
			for i, smp := range res.samples {
				for j := range 3 {
					if a := int16(math.Round(smp.Acc[j] / (16.0 / 32768 * G0))); a != cs[i].acc[j] {
						t.Fatalf("sample %d acc[%d] = %d, want %d", i, j, a, cs[i].acc[j])
					}
					if g := int16(math.Round(smp.Gyr[j] / (2000.0 / 32768 * math.Pi / 180))); g != cs[i].gyr[j] {
						t.Fatalf("sample %d gyr[%d] = %d, want %d", i, j, g, cs[i].gyr[j])
					}
				}
			}
			n := int64(len(s.frames))
			want := BinaryStats{Frames: n, Samples: 500, Ignored: 500}
			if res.stats != want {
				t.Errorf("stats = %+v, want %+v", res.stats, want)
			}
		})
	}
}

func TestWitAccRange(t *testing.T) {
	in := AppendWitFrame(nil, witAcc, [4]int16{16384, -16384, 4096, 0})
	res := binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{Rate: 50, AccRange: 2}))
	if len(res.samples) != 1 || res.samples[0].Acc != [3]float64{G0, -G0, G0 / 4} {
		t.Fatalf("got %+v", res)
	}
	r := NewWitReader(bytes.NewReader(in), BinaryOptions{Rate: 50, AccRange: 2})
	if l := r.Layout(); l.Rate != 50 || l.ClipAcc != 2*G0 || l.HasGyro() || l.AccAxes() != 3 { // acc frames only: no gyro
		t.Errorf("layout = %+v", l)
	}
}

// corruptStream builds a stream with random garbage (including 0x55
// bytes) before about 3 % of frames and one flipped byte in about 3 %.
func corruptStream(rng *rand.Rand, cs []rawCycle, pGarbage, pFlip float64) witStream {
	return encodeWitCycles(cs, func(i int) ([]byte, int) {
		if i < 4 { // the first cycle stays clean: it anchors the time base
			return nil, -1
		}
		var g []byte
		if rng.Float64() < pGarbage {
			g = make([]byte, 1+rng.IntN(10))
			for k := range g {
				g[k] = byte(rng.IntN(256))
				if rng.IntN(4) == 0 {
					g[k] = witSync
				}
			}
		}
		flip := -1
		if rng.Float64() < pFlip {
			flip = rng.IntN(witSize)
		}
		return g, flip
	})
}

func TestWitCorruptStream(t *testing.T) {
	for _, withTime := range []bool{false, true} {
		t.Run(fmt.Sprint("time=", withTime), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			var t0 time.Time
			if withTime {
				t0 = time.Date(2024, 12, 31, 23, 59, 50, 0, time.UTC)
			}
			cs := genCycles(rng, 2000, t0, 100)
			s := corruptStream(rng, cs, 0.03, 0.03)
			res := binDrain(t, NewWitReader(bytes.NewReader(s.data), BinaryOptions{Name: "dump.bin", Rate: 100}))
			if res.final != io.EOF {
				t.Fatal(res.final)
			}
			binCheckSamples(t, res.samples, wantWit(cs, s, 100))
			wantOff := wantErrOffsets(s)
			if got := binErrOffsets(res.errs); fmt.Sprint(got) != fmt.Sprint(wantOff) {
				t.Fatalf("error offsets:\n got %v\nwant %v", got, wantOff)
			}
			var clean, corrupt int64
			for _, f := range s.frames {
				if f.corrupt {
					corrupt++
				} else {
					clean++
				}
			}
			st := res.stats
			if st.Frames != clean || st.ChecksumErrors+st.SyncErrors != int64(len(wantOff)) ||
				st.SkippedBytes != int64(len(s.data))-clean*witSize {
				t.Errorf("stats %+v: want %d frames, %d spans, %d bytes skipped",
					st, clean, len(wantOff), int64(len(s.data))-clean*witSize)
			}
			t.Logf("%d frames, %d corrupt, %d error spans, stats %+v", len(s.frames), corrupt, len(wantOff), st)
			e := res.errs[0]
			if e.Source != "dump.bin" || !strings.HasPrefix(e.Error(), fmt.Sprintf("dump.bin: byte %d: ", e.Offset)) ||
				!(errors.Is(e, ErrChecksum) || errors.Is(e, ErrSync)) {
				t.Errorf("error %q", e)
			}
		})
	}
}

// TestWitOnePercent: 60 s at 100 Hz, 1 % of the frames with a flipped
// byte: each is counted once and every sample with a clean acceleration
// frame is decoded.
func TestWitOnePercent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cs := genCycles(rng, 6000, time.Time{}, 100)
	s := corruptStream(rng, cs, 0, 0.01)
	res := binDrain(t, NewWitReader(bytes.NewReader(s.data), BinaryOptions{Rate: 100}))
	want := wantWit(cs, s, 100)
	binCheckSamples(t, res.samples, want)
	var corrupt int64
	for _, f := range s.frames {
		if f.corrupt {
			corrupt++
		}
	}
	spans := int64(len(wantErrOffsets(s)))
	st := res.stats
	if st.ChecksumErrors+st.SyncErrors != spans || st.Frames != int64(len(s.frames))-corrupt {
		t.Errorf("stats %+v; want %d corrupt frames in %d spans", st, corrupt, spans)
	}
	t.Logf("%d frames, %d corrupt (%d spans), %d samples; stats %+v", len(s.frames), corrupt, spans, len(want), st)
}

// TestWitReaders: any split of the input gives identical results.
func TestWitReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cs := genCycles(rng, 300, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 50)
	s := corruptStream(rng, cs, 0.05, 0.05)
	s.data = AppendWitFrame(s.data, witGyro, [4]int16{})                           // clean, then
	s.data = append(s.data, AppendWitFrame(nil, witAcc, [4]int16{1, 2, 3})[:6]...) // a truncated tail
	ref := binDrain(t, NewWitReader(bytes.NewReader(s.data), BinaryOptions{Rate: 50}))
	if n := len(ref.errs); n == 0 || !errors.Is(ref.errs[n-1], ErrSync) || ref.errs[n-1].Offset != int64(len(s.data)-6) {
		t.Fatalf("truncated tail: last error %v", ref.errs[n-1])
	}
	binCompareReaders(t, s.data, ref, func(r io.Reader) statSource { return NewWitReader(r, BinaryOptions{Rate: 50}) })
}

func binCompareReaders(t *testing.T, data []byte, ref binResult, open func(io.Reader) statSource) {
	t.Helper()
	wrap := map[string]func(io.Reader) io.Reader{
		"OneByteReader": iotest.OneByteReader,
		"HalfReader":    iotest.HalfReader,
		"DataErrReader": iotest.DataErrReader,
		"chunks of 7":   func(r io.Reader) io.Reader { return &binChunkReader{r: r, n: 7} },
		"chunks of 64":  func(r io.Reader) io.Reader { return &binChunkReader{r: r, n: 64} },
		"empty reads":   func(r io.Reader) io.Reader { return &binChunkReader{r: r, n: 5, empty: 3} },
	}
	for name, w := range wrap {
		got := binDrain(t, open(w(bytes.NewReader(data))))
		if got.final != ref.final || got.stats != ref.stats || len(got.samples) != len(ref.samples) ||
			fmt.Sprint(got.errs) != fmt.Sprint(ref.errs) {
			t.Errorf("%s: final %v stats %+v, %d errors, %d samples; want %v %+v, %d, %d", name,
				got.final, got.stats, len(got.errs), len(got.samples), ref.final, ref.stats, len(ref.errs), len(ref.samples))
			continue
		}
		for i := range ref.samples {
			if !binSameSample(got.samples[i], ref.samples[i]) {
				t.Errorf("%s: sample %d differs", name, i)
				break
			}
		}
	}
}

// binChunkReader returns at most n bytes per Read, after empty (0, nil)
// reads.
type binChunkReader struct {
	r     io.Reader
	n     int
	empty int
	k     int
}

func (c *binChunkReader) Read(p []byte) (int, error) {
	if c.k < c.empty {
		c.k++
		return 0, nil
	}
	c.k = 0
	return c.r.Read(p[:min(len(p), c.n)])
}

// TestWitChanceFrame: garbage ending in 0x55 whose 11 bytes with the
// start of the next frame pass the checksum by chance. The real frame
// must win.
func TestWitChanceFrame(t *testing.T) {
	real := AppendWitFrame(nil, witAcc, [4]int16{100, 200, 300, 0})
	// Find garbage g (2 bytes: 0x55, x) so that g + real[:9] has a valid sum.
	var in []byte
	for x := range 256 {
		cand := append([]byte{witSync, byte(x)}, real[:9]...)
		if witSumOK(cand) {
			in = AppendWitFrame(nil, witGyro, [4]int16{})
			in = append(in, 7, witSync, byte(x))
			in = append(in, real...)
			in = append(in, real...)
			break
		}
	}
	if in == nil {
		t.Skip("no chance frame for this payload")
	}
	res := binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{Rate: 10}))
	if len(res.samples) != 2 || res.samples[0].Acc[0] != 100*(16.0/32768*G0) {
		t.Fatalf("samples %+v", res.samples)
	}
	if fmt.Sprint(binErrOffsets(res.errs)) != "[11]" {
		t.Errorf("errors %v", res.errs)
	}
}

func TestWitStartMidCycle(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	var in []byte
	in = append(in, AppendWitFrame(nil, witAcc, [4]int16{1, 2, 3})[5:]...) // cut frame
	in = AppendWitFrame(in, witAcc, [4]int16{1, 2, 3})
	in = AppendWitFrame(in, witGyro, [4]int16{4, 5, 6})
	for i := range 3 {
		in = AppendWitFrame(in, witTime, witTimeValues(t0.Add(time.Duration(i)*10*time.Millisecond)))
		in = AppendWitFrame(in, witAcc, [4]int16{int16(i)})
		in = AppendWitFrame(in, witGyro, [4]int16{})
	}
	res := binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{Rate: 100}))
	base := float64(t0.Unix())
	if len(res.samples) != 4 || len(res.errs) != 1 || res.errs[0].Offset != 0 {
		t.Fatalf("got %+v", res)
	}
	for i, want := range []float64{base - 0.01, base, base + 0.01, base + 0.02} {
		if math.Abs(res.samples[i].T-want) > 1e-6 {
			t.Errorf("sample %d: T = %.3f, want %.3f", i, res.samples[i].T, want)
		}
	}
	if res.samples[0].Gyr[0] != 4*(2000.0/32768*math.Pi/180) {
		t.Errorf("gyro of the first cycle not paired: %v", res.samples[0].Gyr)
	}

	// Without a rate the partial cycle cannot be timed before the period is known.
	res = binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{}))
	if len(res.samples) != 3 || len(res.errs) != 2 || !errors.Is(res.errs[1], ErrNoTimeBase) || res.stats.Untimed != 1 {
		t.Fatalf("no rate: got %+v", res)
	}
}

func TestWitNoTimeBase(t *testing.T) {
	in := AppendWitFrame(nil, witAcc, [4]int16{})
	in = AppendWitFrame(in, witAcc, [4]int16{})
	res := binDrain(t, NewWitReader(bytes.NewReader(in), BinaryOptions{Name: "ttyUSB0"}))
	if len(res.samples) != 0 || len(res.errs) != 2 || res.final != io.EOF {
		t.Fatalf("got %+v", res)
	}
	if got := res.errs[1].Error(); got != "ttyUSB0: byte 11: no time base: no time frame and no rate given" {
		t.Errorf("error %q", got)
	}
}

// TestWitNoTimeBaseOrder: without a rate, a cycle's ErrNoTimeBase error
// (at its acceleration frame) comes before the errors of corrupt bytes
// after that frame, which the reader meets before the cycle closes.
func TestWitNoTimeBaseOrder(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	acc := func(in []byte, v int16) []byte { return AppendWitFrame(in, witAcc, [4]int16{v}) }
	gyr := func(in []byte) []byte { return AppendWitFrame(in, witGyro, [4]int16{}) }
	tim := func(in []byte, i int) []byte {
		return AppendWitFrame(in, witTime, witTimeValues(t0.Add(time.Duration(i)*10*time.Millisecond)))
	}
	junk := func(in []byte) []byte { return append(in, 1, 2, 3) }
	for _, tc := range []struct {
		name    string
		in      []byte
		offsets string // of the errors, in the order returned
		untimed int
		samples int
	}{
		// A 0 | junk 11 | G 14 | A 25 | junk 36 | A 39: no time base at all.
		{"no time frames", acc(junk(acc(gyr(junk(acc(nil, 1))), 2)), 3), "[0 11 25 36 39]", 3, 0},
		// the junk comes after the cycle's gyro frame, before the next cycle
		{"junk after gyro", junk(acc(junk(gyr(acc(nil, 1))), 2)), "[0 22 25 36]", 2, 0},
		// T 0 A 11 | A 22 | junk 33 | T 36 A 47: the cycle at 22 has no time
		// frame and the period is unknown when the junk comes.
		{"one time frame", acc(tim(junk(acc(acc(tim(nil, 0), 1), 2)), 2), 3), "[22 33]", 1, 2},
		// T A | T A | A | junk | T A: the period is known, the cycle is timed.
		{"period known", acc(tim(junk(acc(acc(tim(acc(tim(nil, 0), 1), 1), 2), 3)), 3), 4), "[55]", 0, 4},
		// truncated frame at the end of the stream
		{"junk at the end", junk(acc(nil, 1)), "[0 11]", 1, 0},
		{"truncated end 2", append(acc(nil, 1), acc(nil, 2)[:5]...), "[0 11]", 1, 0},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(tc.in)
			if one {
				r = iotest.OneByteReader(r)
			}
			res := binDrain(t, NewWitReader(r, BinaryOptions{}))
			if got := fmt.Sprint(binErrOffsets(res.errs)); got != tc.offsets || res.final != io.EOF {
				t.Errorf("%s (one byte %v): error offsets %s (%v), want %s", tc.name, one, got, res.errs, tc.offsets)
			}
			if res.stats.Untimed != int64(tc.untimed) || len(res.samples) != tc.samples {
				t.Errorf("%s (one byte %v): %d samples, stats %+v; want %d samples, %d untimed", tc.name, one, len(res.samples), res.stats, tc.samples, tc.untimed)
			}
			n := 0
			for _, e := range res.errs {
				if errors.Is(e, ErrNoTimeBase) {
					n++
				}
			}
			if n != tc.untimed {
				t.Errorf("%s: %d ErrNoTimeBase errors, want %d", tc.name, n, tc.untimed)
			}
		}
	}

	// The seed of the fuzz test that showed it: offsets were 0, 44, 33, ….
	b, err := os.ReadFile(filepath.Join(framesDir, "wit_garbage.bin"))
	if err != nil {
		t.Fatal(err)
	}
	res := binDrain(t, NewWitReader(bytes.NewReader(b), BinaryOptions{}))
	if !slices.IsSortedFunc(res.errs, func(a, b *FrameError) int { return cmp.Compare(a.Offset, b.Offset) }) || res.stats.Untimed == 0 {
		t.Errorf("wit_garbage.bin without a rate: offsets %v, %+v", binErrOffsets(res.errs), res.stats)
	}
}

func TestWitReadError(t *testing.T) {
	in := AppendWitFrame(nil, witAcc, [4]int16{1})
	in = AppendWitFrame(in, witAcc, [4]int16{2})
	boom := errors.New("port closed")
	r := io.MultiReader(bytes.NewReader(in), iotest.ErrReader(boom))
	res := binDrain(t, NewWitReader(r, BinaryOptions{Rate: 1}))
	if len(res.samples) != 2 || res.final != boom {
		t.Fatalf("got %+v", res)
	}
	res = binDrain(t, NewWitReader(&binChunkReader{r: bytes.NewReader(in), n: 1, empty: 1000}, BinaryOptions{Rate: 1}))
	if res.final != io.ErrNoProgress {
		t.Fatalf("empty reads: got %v", res.final)
	}
}

func TestBinaryOptionsPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a negative rate")
		}
	}()
	NewWitReader(nil, BinaryOptions{Rate: -1})
}

// --- RVC streams ------------------------------------------------------

func TestRVCIndexWrapAndGaps(t *testing.T) {
	var in []byte
	var want []Sample
	idx := byte(250)
	n := 0
	dropped := 0
	for i := range 600 {
		skip := i%97 == 50 || i%211 == 100 || (i >= 400 && i < 403) // lost frames
		if skip {
			idx++
			n++
			dropped++
			continue
		}
		acc := [3]int16{int16(i), -int16(i), 1000}
		in = appendRVC(in, idx, [3]int16{int16(i), 0, 0}, acc)
		want = append(want, Sample{T: float64(n) / 100, Acc: [3]float64{
			float64(acc[0]) * (G0 / 1000), float64(acc[1]) * (G0 / 1000), float64(acc[2]) * (G0 / 1000)}})
		if i == 300 { // a repeated frame is ignored
			in = appendRVC(in, idx, [3]int16{}, [3]int16{})
		}
		idx++
		n++
	}
	res := binDrain(t, NewRVCReader(bytes.NewReader(in), BinaryOptions{}))
	if res.final != io.EOF || len(res.errs) != 0 {
		t.Fatalf("final %v errs %v", res.final, res.errs)
	}
	binCheckSamples(t, res.samples, want)
	st := res.stats
	if st.Dropped != int64(dropped) || st.Ignored != 1 || st.Samples != int64(len(want)) || st.Frames != int64(len(want))+1 {
		t.Errorf("stats %+v, want %d dropped", st, dropped)
	}
	if l := NewRVCReader(nil, BinaryOptions{}).Layout(); l.Rate != 100 || l.HasGyro() || l.AccAxes() != 3 {
		t.Errorf("layout %+v", l)
	}
}

func TestRVCCorruptStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var in []byte
	var want []Sample
	var wantOff []int64
	prevBad := false
	for i := range 3000 {
		if i > 2 && rng.Float64() < 0.03 {
			if !prevBad {
				wantOff = append(wantOff, int64(len(in)))
			}
			prevBad = true
			for range 1 + rng.IntN(25) {
				b := byte(rng.IntN(256))
				if rng.IntN(3) == 0 {
					b = rvcSync
				}
				in = append(in, b)
			}
		}
		acc := [3]int16{int16(rng.IntN(65536) - 32768), int16(rng.IntN(65536) - 32768), int16(rng.IntN(65536) - 32768)}
		off := len(in)
		in = appendRVC(in, byte(i), [3]int16{1, 2, 3}, acc)
		if i > 2 && rng.Float64() < 0.01 {
			in[off+1+rng.IntN(rvcSize-1)] ^= 0x24
			if !prevBad {
				wantOff = append(wantOff, int64(off))
			}
			prevBad = true
			continue
		}
		prevBad = false
		want = append(want, Sample{T: float64(i) / 100, Acc: [3]float64{
			float64(acc[0]) * (G0 / 1000), float64(acc[1]) * (G0 / 1000), float64(acc[2]) * (G0 / 1000)}})
	}
	ref := binDrain(t, NewRVCReader(bytes.NewReader(in), BinaryOptions{}))
	binCheckSamples(t, ref.samples, want)
	if got := binErrOffsets(ref.errs); fmt.Sprint(got) != fmt.Sprint(wantOff) {
		t.Fatalf("error offsets:\n got %v\nwant %v", got, wantOff)
	}
	if ref.stats.Dropped != int64(3000-len(want)) {
		t.Errorf("dropped %d, want %d", ref.stats.Dropped, 3000-len(want))
	}
	t.Logf("stats %+v", ref.stats)
	binCompareReaders(t, in, ref, func(r io.Reader) statSource { return NewRVCReader(r, BinaryOptions{}) })
}

// --- fuzzing ----------------------------------------------------------

func addFrameSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(framesDir, "*.bin"))
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatal("no seeds in " + framesDir)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fuzzSource checks what any decoder must do on any input: end, report
// in-order offsets inside the input, return finite samples, account for
// every byte, and give the same results one byte at a time.
func fuzzSource(t *testing.T, data []byte, size int, open func(io.Reader) statSource) {
	res := binDrain(t, open(bytes.NewReader(data)))
	if res.final != io.EOF {
		t.Fatalf("final error %v", res.final)
	}
	prev := int64(-1)
	for _, e := range res.errs {
		if e.Offset <= prev || e.Offset >= int64(len(data)) {
			t.Fatalf("offset %d after %d, input %d bytes", e.Offset, prev, len(data))
		}
		prev = e.Offset
	}
	for _, s := range res.samples {
		for _, v := range append(append([]float64{s.T}, s.Acc[:]...), s.Gyr[:]...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite sample %+v", s)
			}
		}
	}
	st := res.stats
	if st.Frames*int64(size)+st.SkippedBytes != int64(len(data)) {
		t.Fatalf("bytes unaccounted: %+v, input %d", st, len(data))
	}
	if st.Samples != int64(len(res.samples)) {
		t.Fatalf("stats count %d samples, %d returned", st.Samples, len(res.samples))
	}
	one := binDrain(t, open(iotest.OneByteReader(bytes.NewReader(data))))
	if one.stats != st || fmt.Sprint(one.errs) != fmt.Sprint(res.errs) {
		t.Fatalf("OneByteReader differs: %+v vs %+v", one.stats, st)
	}
}

// FuzzWitReader runs the checks of fuzzSource with a rate and without
// one (samples timed by time frames only, ErrNoTimeBase errors among the
// corrupt spans).
func FuzzWitReader(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, rate := range []float64{100, 0} {
			fuzzSource(t, data, witSize, func(r io.Reader) statSource { return NewWitReader(r, BinaryOptions{Rate: rate}) })
		}
	})
}

// FuzzRVCReader runs the checks of fuzzSource, and those of the index:
// T rises by whole periods, each step past one counted as dropped frames.
func FuzzRVCReader(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzSource(t, data, rvcSize, func(r io.Reader) statSource { return NewRVCReader(r, BinaryOptions{}) })
		res := binDrain(t, NewRVCReader(bytes.NewReader(data), BinaryOptions{}))
		var n int64 // periods from the first sample
		for i, s := range res.samples {
			k := math.Round(s.T * rvcRate)
			if math.Abs(s.T*rvcRate-k) > 1e-9 || (i == 0 && k != 0) || (i > 0 && int64(k) <= n) {
				t.Fatalf("sample %d at %v s after %d periods: not the next whole period", i, s.T, n)
			}
			n = int64(k)
		}
		if len(res.samples) > 0 && res.stats.Dropped != n+1-int64(len(res.samples)) {
			t.Fatalf("%d samples over %d periods, %d counted dropped", len(res.samples), n+1, res.stats.Dropped)
		}
	})
}

// TestFrameFiles checks the fuzz seeds in testdata/frames;
// GAITD_UPDATE_FRAMES=1 go test -run FrameFiles ./sensor rewrites them.
func TestFrameFiles(t *testing.T) {
	files := frameFiles(t)
	for name, data := range files {
		got, err := os.ReadFile(filepath.Join(framesDir, name))
		if os.Getenv("GAITD_UPDATE_FRAMES") != "" {
			if err := os.MkdirAll(framesDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(framesDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: out of date or missing (%v); run with GAITD_UPDATE_FRAMES=1", name, err)
		}
	}
}

// frameFiles builds the seed files deterministically.
func frameFiles(t *testing.T) map[string][]byte {
	rng := rand.New(rand.NewPCG(11, 12))
	wclean := encodeWitCycles(genCycles(rng, 20, time.Date(2024, 3, 15, 12, 34, 56, 0, time.UTC), 100), nil).data
	wclean = append(hexBytes(t, witTimeHex+" "+witAccHex+" "+witAngleHex), wclean...)
	wgarb := corruptStream(rng, genCycles(rng, 30, time.Time{}, 100), 0.2, 0.1).data
	var rclean []byte
	for i := range 40 {
		rclean = appendRVC(rclean, byte(250+i), [3]int16{9000, int16(i), -int16(i)}, [3]int16{int16(3 * i), -20, 1000})
	}
	rclean = append(hexBytes(t, rvcHex), rclean...)
	rgarb := append([]byte{0xAA, 0x00, 0xAA}, rclean[7:]...)
	rgarb[100] ^= 0xFF
	bclean, _ := witBLEStream(rng, 60, 100)
	bclean = append(hexBytes(t, witBLEHex), bclean...)
	bgarb := append([]byte{0x55, 0x61, 0x55}, bclean[9:]...)
	bgarb[201] = 0x62
	return map[string][]byte{
		"witble_clean.bin":     bclean,
		"witble_garbage.bin":   bgarb,
		"witble_truncated.bin": bclean[:len(bclean)-9],
		"wit_clean.bin":        wclean,
		"wit_garbage.bin":      wgarb,
		"wit_truncated.bin":    wclean[5 : len(wclean)-4],
		"rvc_clean.bin":        rclean,
		"rvc_garbage.bin":      rgarb,
		"rvc_truncated.bin":    rclean[:len(rclean)-7],
	}
}

// --- benchmarks -------------------------------------------------------

func BenchmarkWitReader(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	data := encodeWitCycles(genCycles(rng, 10000, time.Time{}, 100), nil).data
	frames := len(data) / witSize
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var s Sample
	n := 0
	for b.Loop() {
		r := NewWitReader(bytes.NewReader(data), BinaryOptions{Rate: 100})
		for r.Read(&s) == nil {
		}
		n++
	}
	b.ReportMetric(float64(frames*n)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkRVCReader(b *testing.B) {
	var data []byte
	for i := range 10000 {
		data = appendRVC(data, byte(i), [3]int16{1, 2, 3}, [3]int16{4, 5, 1000})
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var s Sample
	n := 0
	for b.Loop() {
		r := NewRVCReader(bytes.NewReader(data), BinaryOptions{})
		for r.Read(&s) == nil {
		}
		n++
	}
	b.ReportMetric(float64(10000*n)/b.Elapsed().Seconds(), "frames/s")
}

// TestWitTimeRebase: the stream keeps one time base when its 0x50 time
// frames start part way (after cycles timed by count) or go back (the
// device clock reset): every sample is then i/100 s after the first, and
// the shifts are counted. A clock that jumps forward stays a gap.
func TestWitTimeRebase(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	stream := func(clock func(i int) (time.Time, bool)) []byte {
		var in []byte
		for i := range 300 {
			if ct, ok := clock(i); ok {
				in = AppendWitFrame(in, witTime, witTimeValues(ct))
			}
			in = AppendWitFrame(in, witAcc, [4]int16{int16(i)})
			in = AppendWitFrame(in, witGyro, [4]int16{})
		}
		return in
	}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 10 * time.Millisecond) }
	for _, tc := range []struct {
		name    string
		clock   func(i int) (time.Time, bool)
		rebased int64
		first   float64 // T of sample 0; later samples i/100 s after it
		jump    int     // sample from which T is jump s later (0: none)
		by      float64
	}{
		{"time frames from sample 100 on", func(i int) (time.Time, bool) { return at(i), i >= 100 }, 1, 0, 0, 0},
		{"clock back an hour at sample 150", func(i int) (time.Time, bool) {
			if i >= 150 {
				return at(i).Add(-time.Hour), true
			}
			return at(i), true
		}, 1, float64(t0.Unix()), 0, 0},
		{"clock reset to 2000 for samples 100–199, then restored", func(i int) (time.Time, bool) {
			if i >= 100 && i < 200 {
				return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i-100) * 10 * time.Millisecond), true
			}
			return at(i), true
		}, 1, float64(t0.Unix()), 0, 0},
		{"clock forward an hour at sample 150: a gap", func(i int) (time.Time, bool) {
			if i >= 150 {
				return at(i).Add(time.Hour), true
			}
			return at(i), true
		}, 0, float64(t0.Unix()), 150, 3600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := binDrain(t, NewWitReader(bytes.NewReader(stream(tc.clock)), BinaryOptions{Rate: 100}))
			if len(res.samples) != 300 || len(res.errs) != 0 || res.stats.Rebased != tc.rebased {
				t.Fatalf("%d samples, errors %v, %d rebased (want %d)", len(res.samples), res.errs, res.stats.Rebased, tc.rebased)
			}
			for i, s := range res.samples {
				want := tc.first + float64(i)/100
				if tc.jump > 0 && i >= tc.jump {
					want += tc.by
				}
				if math.Abs(s.T-want) > 1e-6 {
					t.Fatalf("sample %d: T = %.3f, want %.3f", i, s.T, want)
				}
			}
		})
	}
}
