package sensor

// Fuzz targets for properties the decoders document: chunk independence of
// the stream readers, the payload invariants the Payload docs state (and a
// reused Payload decoding as a fresh one), the gaitd-binary round trip and
// the gyroscope merge; with the repro tests of what they found.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// fuzzChunkReader returns at most a random 1..max bytes per Read, and now
// and then (never three times in a row) an empty read.
type fuzzChunkReader struct {
	r       io.Reader
	rng     *rand.Rand
	max     int
	empties int
}

func newFuzzChunkReader(r io.Reader, seed uint64) *fuzzChunkReader {
	maxes := []int{1, 2, 3, 7, 11, 19, 64, 1000, 5000}
	return &fuzzChunkReader{r: r, rng: rand.New(rand.NewPCG(seed, seed>>7|1)), max: maxes[seed%uint64(len(maxes))]}
}

func (c *fuzzChunkReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if c.empties < 2 && c.rng.IntN(8) == 0 {
		c.empties++
		return 0, nil
	}
	c.empties = 0
	return c.r.Read(p[:min(len(p), 1+c.rng.IntN(c.max))])
}

func sameBits(a, b Sample) bool {
	eq := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	if !eq(a.T, b.T) {
		return false
	}
	for i := range 3 {
		if !eq(a.Acc[i], b.Acc[i]) || !eq(a.Gyr[i], b.Gyr[i]) {
			return false
		}
	}
	return true
}

// csvRun is everything NewCSVReader and Read produce for one input.
type csvRun struct {
	initErr, desc, header, layout string
	samples                       []Sample
	errs                          []string
	final                         string
	stats                         string
}

func drainCSV(t *testing.T, r io.Reader, opt CSVOptions, limit int) csvRun {
	t.Helper()
	var res csvRun
	cr, err := NewCSVReader(r, opt)
	if err != nil {
		res.initErr = err.Error()
		if !strings.HasPrefix(res.initErr, opt.Name) {
			t.Fatalf("NewCSVReader error does not name the input: %v", err)
		}
		return res
	}
	res.desc, res.header, res.layout = cr.Describe(), cr.HeaderLine(), fmt.Sprintf("%+v", cr.Layout())
	for i := 0; ; i++ {
		if i > limit {
			t.Fatal("Read does not end")
		}
		var s Sample
		err := cr.Read(&s)
		if err == nil {
			res.samples = append(res.samples, s)
			continue
		}
		var le *LineError
		if errors.As(err, &le) {
			if le.File != opt.Name || le.Line < 1 || le.Line > cr.Stats().Lines {
				t.Fatalf("line error %v: file %q, line %d of %d read", err, le.File, le.Line, cr.Stats().Lines)
			}
			res.errs = append(res.errs, err.Error())
			continue
		}
		if err != io.EOF && !strings.HasPrefix(err.Error(), opt.Name) {
			t.Fatalf("Read error does not name the input: %v", err)
		}
		res.final = err.Error()
		break
	}
	res.stats = fmt.Sprintf("%+v", cr.Stats())
	return res
}

func compareCSVRuns(t *testing.T, what string, got, want csvRun) {
	t.Helper()
	if got.initErr != want.initErr || got.desc != want.desc || got.header != want.header || got.layout != want.layout {
		t.Fatalf("%s: NewCSVReader differs:\n got %q %q %q %s\nwant %q %q %q %s", what,
			got.initErr, got.desc, got.header, got.layout, want.initErr, want.desc, want.header, want.layout)
	}
	if got.final != want.final || got.stats != want.stats || len(got.samples) != len(want.samples) || strings.Join(got.errs, "\n") != strings.Join(want.errs, "\n") {
		t.Fatalf("%s: reading differs:\n got final %q, %d samples, %d errors, stats %s\nwant final %q, %d samples, %d errors, stats %s\n got errs %q\nwant errs %q", what,
			got.final, len(got.samples), len(got.errs), got.stats, want.final, len(want.samples), len(want.errs), want.stats, got.errs, want.errs)
	}
	for i := range want.samples {
		if !sameBits(got.samples[i], want.samples[i]) {
			t.Fatalf("%s: sample %d is %+v, want %+v", what, i, got.samples[i], want.samples[i])
		}
	}
}

// FuzzCSVChunks: NewCSVReader and Read give the same detection, samples,
// line errors, final error and stats whether the input arrives whole, one
// byte at a time or in random chunks with empty reads; errors name the
// input and line errors a line that was read. mode picks the options as
// in FuzzCSVReader.
func FuzzCSVChunks(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(formatsDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for i, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 64<<10 {
			b = b[:64<<10]
		}
		f.Add(b, uint8(i%4), uint64(i))
	}
	f.Add([]byte("boot\n1,0,0,1\n2,0,0,1\n"), uint8(6), uint64(1))
	f.Add([]byte("0,0,1,5\n0,0,1,6\n"), uint8(11), uint64(2))
	f.Add([]byte("0.1;0;0;9,8;1;2;3\n0.2;0;0;9,8;1;2;3\n"), uint8(13), uint64(3))
	f.Add([]byte("t,x,y,z (deg/s)\n0,1,2,3\n0.01,1,2,3\n"), uint8(16), uint64(4))
	f.Add([]byte("t,ax,ay,az\r\n0,0,0,1\r\n0.01,0,0,1\r\n0.02,x,0,1\r\n0.01,0,0,1\r\n"), uint8(1), uint64(5))
	f.Add([]byte("\ufeff# comment\nax:0.1 ay:0.2 az:9.8\nax:0.1 ay:0.2 az:9.8\n"), uint8(0), uint64(6))
	columns := [][]string{nil, {"t_ms", "ax", "ay", "az"}, {"ax", "ay", "az", "-"}, {"t", "acc_v", "acc_ap", "-", "gx", "gy", "gz (deg/s)"}}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8, seed uint64) {
		opt := CSVOptions{Name: "fuzz", Rate: []float64{0, 100}[mode/64%2], Lookahead: []int{0, 8, 9, 16}[mode%4], Columns: columns[mode/4%4],
			GyroOnly: mode/16%2 == 1, OwnFrameRates: mode/32%2 == 1, MaxBadLines: []int{0, -1}[mode/128]}
		limit := 4*len(data) + 10
		want := drainCSV(t, bytes.NewReader(data), opt, limit)
		compareCSVRuns(t, "OneByteReader", drainCSV(t, iotest.OneByteReader(bytes.NewReader(data)), opt, limit), want)
		compareCSVRuns(t, fmt.Sprintf("random chunks (seed %d)", seed), drainCSV(t, newFuzzChunkReader(bytes.NewReader(data), seed), opt, limit), want)
		compareCSVRuns(t, "DataErrReader", drainCSV(t, iotest.DataErrReader(bytes.NewReader(data)), opt, limit), want)
	})
}

// FuzzBinaryChunks: the WitMotion (with and without a rate), RVC and
// WitMotion BLE readers give the same samples (bit for bit), frame errors, final error
// and stats in random chunks with empty reads as from one whole reader.
func FuzzBinaryChunks(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		seed := uint64(len(data))
		if len(data) >= 8 {
			for _, b := range data[:8] {
				seed = seed<<8 | uint64(b)
			}
		}
		opens := []func(io.Reader) statSource{
			func(r io.Reader) statSource { return NewWitReader(r, BinaryOptions{Rate: 100}) },
			func(r io.Reader) statSource { return NewWitReader(r, BinaryOptions{}) },
			func(r io.Reader) statSource { return NewRVCReader(r, BinaryOptions{}) },
			func(r io.Reader) statSource { return NewWitBLEReader(r, BinaryOptions{Rate: 100}) },
		}
		for k, open := range opens {
			want := binDrain(t, open(bytes.NewReader(data)))
			for c, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(data)), newFuzzChunkReader(bytes.NewReader(data), seed), newFuzzChunkReader(bytes.NewReader(data), seed+1)} {
				got := binDrain(t, open(r))
				if got.final != want.final || got.stats != want.stats || fmt.Sprint(got.errs) != fmt.Sprint(want.errs) || len(got.samples) != len(want.samples) {
					t.Fatalf("reader %d, chunking %d: final %v stats %+v errs %v (%d samples); whole: %v %+v %v (%d samples)",
						k, c, got.final, got.stats, got.errs, len(got.samples), want.final, want.stats, want.errs, len(want.samples))
				}
				for i := range want.samples {
					if !sameBits(got.samples[i], want.samples[i]) {
						t.Fatalf("reader %d, chunking %d: sample %d is %+v, whole: %+v", k, c, i, got.samples[i], want.samples[i])
					}
				}
			}
		}
	})
}

// prevMessage is decoded into a reused Payload before the fuzzed one: a
// Sensor Logger message with a device, a session and a gyroscope.
const prevMessage = `{"messageId":7,"sessionId":"prev-session","deviceId":"prev-device","payload":[
{"name":"totalacceleration","time":"1700000000000000000","values":{"x":1,"y":2,"z":9.8}},
{"name":"gyroscope","time":"1700000000000000000","values":{"x":0.1,"y":0.2,"z":0.3}},
{"name":"totalacceleration","time":"1700000000010000000","values":{"x":1,"y":2,"z":9.8}}]}`

// prevCSV is a csv message with a header, decoded into the reused Payload
// after prevMessage.
const prevCSV = "time,gx_dps,gy_dps,gz_dps,acc_v (g),acc_ap (g),acc_ml (g)\n0.01,1,2,3,4,5,6\n"

func payloadSnapshot(p *Payload, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "err=%v device=%q session=%q seq=%d t0=%d format=%q layout=%+v csvheader=%q given=%v,%v gyrallbad=%d n=%d", err, p.Device, p.Session, p.Seq, p.T0, p.Format, p.Layout, p.CSVHeader, p.AccGiven, p.GyrGiven, p.GyrAllBad, len(p.Samples))
	for _, s := range p.Samples {
		fmt.Fprintf(&b, " %x", [7]uint64{math.Float64bits(s.T), math.Float64bits(s.Acc[0]), math.Float64bits(s.Acc[1]), math.Float64bits(s.Acc[2]),
			math.Float64bits(s.Gyr[0]), math.Float64bits(s.Gyr[1]), math.Float64bits(s.Gyr[2])})
	}
	return b.String()
}

// FuzzPayloadInvariants checks what the Payload and DecodePayload docs
// state, under varied options: an error is a *PayloadError wrapping
// ErrPayloadFormat or ErrPayloadUnit, leaves no samples, device or
// session, and a byte offset or line it names lies inside the message
// (whereInside); decoded samples are finite and in time order, with
// Samples[0].T the T0 the payload reports (less Epoch); and decoding into
// a Payload that held another message gives the same result as decoding
// into a fresh one.
func FuzzPayloadInvariants(f *testing.F) {
	for i, b := range payloadFixtures(f) {
		f.Add(b, uint8(0), uint8(i))
	}
	f.Add([]byte("1000,0,0,9.8\n1010,0,0,9.8\n"), uint8(4), uint8(0))
	f.Add([]byte("1000,0,0,9.8,1,2,3\n1010,0,0,9.8,1,2,3\n"), uint8(4), uint8(128))
	f.Add([]byte("t,gz,gy,gx,az,ay,ax\n1000,0,0,9.8,1,2,3\n"), uint8(0), uint8(128))
	f.Add([]byte("t,ax,ay,mx\n1000,0,0,9.8\n"), uint8(0), uint8(0))
	f.Add([]byte(`[{"bn":"dev","bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`), uint8(5), uint8(3))
	// a base unit null or no string; rates all bad
	f.Add([]byte(`[{"bn":"d:","bt":1700000000,"bu":5,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","u":"m/s2","v":0},{"bu":null,"n":"ax","t":0.01,"v":0},{"bu":"m/s2","n":"ay","t":0.01,"v":9.8},{"n":"az","t":0.01,"v":0}]`), uint8(5), uint8(0))
	f.Add([]byte(`[{"bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0},{"n":"gx","v":"x"},{"n":"gy","v":null},{"n":"gz","t":"?","v":1}]`), uint8(5), uint8(0))
	f.Add([]byte(`{"payload":[{"name":"totalacceleration","time":1700000000000000000,"values":{"x":0,"y":9.8,"z":0}},{"name":"gyroscope","time":1700000000000000000,"values":{"x":"NaN","y":0,"z":0}}]}`), uint8(3), uint8(0))
	formats := fuzzPayloadFormats
	f.Fuzz(func(t *testing.T, data []byte, format, o uint8) {
		opt := PayloadOptions{
			Format:             formats[int(format)%len(formats)],
			Epoch:              []int64{0, 1700000000000000000}[o%2],
			AccUnit:            []string{"", "g", "mg", "mps2"}[o/2%4],
			GyrUnit:            []string{"", "dps"}[o/8%2],
			TimeUnit:           []string{"", "", "ms", "s"}[o/16%4],
			Now:                1700000000000000000,
			MaxSamples:         4096,
			AccIncludesGravity: o/64%2 == 1,
			// a device's earlier csv header
			CSVHeader: []string{"", "t,az_g,ay_g,ax_g,gz,gy,gx"}[o/128%2],
		}
		var fresh Payload
		err := DecodePayload(&fresh, "topic", data, opt)
		var reused Payload
		if perr := DecodePayload(&reused, "other", []byte(prevMessage), PayloadOptions{}); perr != nil {
			t.Fatal(perr)
		}
		// (and a csv message with another header: its columns and units
		// are not the next message's)
		if perr := DecodePayload(&reused, "other", []byte(prevCSV), PayloadOptions{}); perr != nil {
			t.Fatal(perr)
		}
		err2 := DecodePayload(&reused, "topic", data, opt)
		if a, b := payloadSnapshot(&fresh, err), payloadSnapshot(&reused, err2); a != b {
			t.Fatalf("reused Payload differs from a fresh one:\nfresh  %s\nreused %s", a, b)
		}
		if err != nil {
			var pe *PayloadError
			if !errors.As(err, &pe) || pe.Format == "" || !errors.Is(err, ErrPayloadFormat) && !errors.Is(err, ErrPayloadUnit) {
				t.Fatalf("error %v (%T) is not a PayloadError wrapping ErrPayloadFormat or ErrPayloadUnit", err, err)
			}
			if len(fresh.Samples) != 0 || fresh.Device != "" || fresh.Session != "" {
				t.Fatalf("after error %v: %d samples, device %q, session %q", err, len(fresh.Samples), fresh.Device, fresh.Session)
			}
			if !whereInside(pe.Where, data) {
				t.Fatalf("error %v: %q is not a place in the %d-byte, %d-line message", err, pe.Where, len(data), lineCount(data))
			}
			return
		}
		p := &fresh
		if k := p.GyrAllBad; k != -1 && (k < 0 || k >= len(p.BadLines) || p.Layout.HasGyro() || p.Format != PayloadSenML && p.Format != PayloadSensorLogger) {
			t.Fatalf("%s: GyrAllBad %d, %d BadLines, rates %v", p.Format, k, len(p.BadLines), p.Layout.HasGyro())
		}
		if p.Layout.AccAxes() == 0 || !(p.Layout.Rate >= 0) || math.IsInf(p.Layout.Rate, 0) {
			t.Fatalf("layout %+v", p.Layout)
		}
		if want := secondsOf(p.T0, &opt); math.Float64bits(p.Samples[0].T) != math.Float64bits(want) {
			t.Fatalf("Samples[0].T = %v, T0 %d gives %v", p.Samples[0].T, p.T0, want)
		}
		for i, s := range p.Samples {
			if !payloadFinite(s.T) || !finite3(s.Acc) || !finite3(s.Gyr) {
				t.Fatalf("%s: sample %d not finite: %+v", p.Format, i, s)
			}
			if i > 0 && s.T < p.Samples[i-1].T {
				t.Fatalf("%s: sample %d at %v after %v: not in time order", p.Format, i, s.T, p.Samples[i-1].T)
			}
		}
	})
}

// whereInside reports whether a PayloadError's Where that gives a byte
// offset ("byte 17") or a line ("line 2: field 1 (t)") points inside data:
// an offset at most len(data), a line from 1 to the number of lines. Other
// places (JSON paths, keys) are not checked.
func whereInside(where string, data []byte) bool {
	var n int
	switch {
	case strings.HasPrefix(where, "byte "):
		_, err := fmt.Sscanf(where, "byte %d", &n)
		return err == nil && n >= 0 && n <= len(data)
	case strings.HasPrefix(where, "line "):
		_, err := fmt.Sscanf(where, "line %d", &n)
		return err == nil && n >= 1 && n <= lineCount(data)
	}
	return true
}

// lineCount bounds the number of lines of data, whether they end in LF, CRLF
// or CR alone.
func lineCount(data []byte) int {
	return bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
}

// fuzzInt16 returns the n-th little-endian int16 of b, 0 past its end.
func fuzzInt16(b []byte, n int) int16 {
	if j := 2 * n; j+1 < len(b) {
		return int16(uint16(b[j]) | uint16(b[j+1])<<8)
	}
	return 0
}

// FuzzBinaryPayloadRoundTrip: what AppendBinaryPayload encodes,
// DecodePayload reads back: the header's device, seq, T0 and rate (as
// float32), sample i at T0 + round(i·1e9/rate) ns, and values within half
// an LSB (int16) or exactly as float32.
func FuzzBinaryPayloadRoundTrip(f *testing.F) {
	f.Add([]byte("\x00\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0"), "shoe-l", int64(1700000000000000000), 100.0, uint8(3), int64(5))
	f.Add([]byte{}, "", int64(0), 52.5, uint8(0), int64(-1))
	f.Add(bytes.Repeat([]byte{0xff, 0x7f}, 40), "ü", int64(-1), 0.001, uint8(2), int64(math.MaxUint32))
	f.Fuzz(func(t *testing.T, vals []byte, device string, t0 int64, rate float64, flags uint8, seq int64) {
		h := BinaryPayloadHeader{Device: device, T0: t0, Rate: rate, Gyro: flags&1 != 0, Float32: flags&2 != 0, Seq: seq}
		per := 3
		if h.Gyro {
			per = 6
		}
		n := max(1, len(vals)/(2*per))
		samples := make([]Sample, n)
		for i := range samples {
			for k := range per {
				v := float64(fuzzInt16(vals, i*per+k)) * 0.01 // ±327 m/s², rad/s
				if k < 3 {
					samples[i].Acc[k] = v
				} else {
					samples[i].Gyr[k-3] = v
				}
			}
		}
		b, err := AppendBinaryPayload([]byte("prefix"), h, samples)
		if err != nil {
			if string(b) != "prefix" {
				t.Fatalf("error %v but b changed", err)
			}
			return
		}
		var p Payload
		if err := DecodePayload(&p, "topic", b[len("prefix"):], PayloadOptions{MaxSamples: math.MaxUint16}); err != nil {
			t.Fatalf("encoded %+v does not decode: %v", h, err)
		}
		wantSeq := h.Seq
		if wantSeq < 0 {
			wantSeq = -1
		}
		wantDev := device
		if device == "" {
			wantDev = "topic"
		}
		if p.Format != PayloadGaitdBinary || p.Device != wantDev || p.Seq != wantSeq || p.T0 != t0 || p.Layout.Rate != float64(float32(rate)) || p.Layout.HasGyro() != h.Gyro || len(p.Samples) != n {
			t.Fatalf("header %+v read as format %q device %q seq %d t0 %d layout %+v, %d samples", h, p.Format, p.Device, p.Seq, p.T0, p.Layout, len(p.Samples))
		}
		r := float64(float32(rate))
		for i, s := range p.Samples {
			ns := t0 + int64(math.Round(float64(i)*1e9/r))
			if want := float64(ns) / 1e9; math.Abs(s.T-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Fatalf("sample %d at %v, want %v", i, s.T, want)
			}
			for k := range 3 {
				tolA, tolG := gdbAccLSB/2+1e-12, gdbGyrLSB/2+1e-12
				if h.Float32 {
					tolA, tolG = math.Abs(samples[i].Acc[k])*1e-7, math.Abs(samples[i].Gyr[k])*1e-7
				}
				if math.Abs(s.Acc[k]-samples[i].Acc[k]) > tolA {
					t.Fatalf("sample %d acc %d: %v, sent %v", i, k, s.Acc[k], samples[i].Acc[k])
				}
				wantG := 0.0
				if h.Gyro {
					wantG = samples[i].Gyr[k]
				}
				if math.Abs(s.Gyr[k]-wantG) > tolG {
					t.Fatalf("sample %d gyr %d: %v, sent %v", i, k, s.Gyr[k], wantG)
				}
			}
		}
	})
}

// fuzzItemSource replays samples and errors.
type fuzzItemSource struct {
	layout Layout
	items  []any // Sample or error
	i      int
}

func (s *fuzzItemSource) Layout() Layout { return s.layout }
func (s *fuzzItemSource) Read(x *Sample) error {
	if s.i >= len(s.items) {
		return io.EOF
	}
	it := s.items[s.i]
	s.i++
	if e, ok := it.(error); ok {
		return e
	}
	*x = it.(Sample)
	return nil
}

// FuzzGyroMerge: for increasing accelerometer and gyroscope times (as a
// CSVReader gives them) with line errors in both, GyroMerge ends, returns
// every accelerometer sample merged or counts it left out (Merged +
// LeftOut = accelerometer samples), passes every line error on, and
// merged rates lie between the two gyroscope samples around the sample
// (or equal the held edge value) and are finite.
func FuzzGyroMerge(f *testing.F) {
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"), []byte("\x02\x02\x00\x02\x02\x02"), 0.0, 100.0)
	f.Add([]byte("\x0a\x0a\x0a\xff\x0a\x0a"), []byte("\x05\x05\xfe\x05\x80\x05\x05"), 0.013, 0.0)
	f.Add([]byte("\x01"), []byte("\x01"), -3600.5, 20.0)
	f.Add([]byte("\x05\x05\x05\x05\xfe"), []byte("\x02\x02\x02"), 0.0, 0.0)
	f.Add([]byte("\x05\x05\x05\x05\x05\x05"), []byte("\x02\x02\xfe"), 0.0, 0.0)
	f.Fuzz(func(t *testing.T, accB, gyrB []byte, offset, gyroRate float64) {
		if len(accB) > 2000 || len(gyrB) > 2000 || !(math.Abs(offset) < 1e6) || !(gyroRate >= 0 && gyroRate < 1e6) {
			return
		}
		// each byte: 0xff a line error, 0xfe a non-line error (only at
		// the end), else a sample this many ms after the previous one
		// (0 repeats no time: steps are ≥ 1 ms).
		build := func(b []byte, gyro bool) (*fuzzItemSource, int, int) {
			src := &fuzzItemSource{layout: Layout{Acc: [3]bool{!gyro, !gyro, !gyro}, Gyr: [3]bool{gyro, gyro, gyro}}}
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
					v := float64(int8(c)) * 1e306 // large rates: interpolation must not overflow
					if gyro {
						s.Gyr = [3]float64{v, -v, float64(i)}
					} else {
						s.Acc = [3]float64{0, 0, 9.8}
					}
					src.items = append(src.items, s)
					ns++
				}
			}
			return src, ns, nerr
		}
		acc, nAcc, accErrs := build(accB, false)
		gyr, nGyr, gyrErrs := build(gyrB, true)
		m, err := NewGyroMerge(acc, gyr, GyroMergeOptions{AccName: "a", GyroName: "g", Offset: offset, GyroRate: gyroRate})
		if err != nil {
			t.Fatal(err)
		}
		var gyroTimes []float64
		for _, it := range gyr.items {
			if s, ok := it.(Sample); ok {
				gyroTimes = append(gyroTimes, s.T+offset)
			}
		}
		merged, lineErrs := 0, 0
		var final error
		for i := 0; ; i++ {
			if i > 10*(len(accB)+len(gyrB))+10 {
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
			for k := range 3 {
				if !finite(s.Gyr[k]) {
					t.Fatalf("merged sample %+v: rate not finite", s)
				}
			}
			// the gyroscope samples around s.T bound its rates
			lo, hi := math.Inf(1), math.Inf(-1)
			for j, gt := range gyroTimes {
				near := gt == s.T || gt < s.T && (j+1 == len(gyroTimes) || gyroTimes[j+1] >= s.T) || gt > s.T && (j == 0 || gyroTimes[j-1] <= s.T)
				if near {
					g := gyroItem(gyr, j)
					lo, hi = math.Min(lo, g.Gyr[0]), math.Max(hi, g.Gyr[0])
				}
			}
			if !(s.Gyr[0] >= lo-1e-9*math.Abs(lo) && s.Gyr[0] <= hi+1e-9*math.Abs(hi)) {
				t.Fatalf("merged rate %v at %v outside the neighbours' [%v, %v]", s.Gyr[0], s.T, lo, hi)
			}
		}
		st := m.Stats()
		switch {
		case nGyr == 0 || nAcc == 0:
			return // ErrGyroMerge, or no samples to merge
		case errors.Is(final, ErrGyroMerge):
			return // time bases apart
		case errors.Is(final, errFuzzFatal):
			return // a source failed: its error is passed on
		case final != io.EOF:
			t.Fatalf("final error %v", final)
		}
		if st.Merged != merged || st.Merged+st.LeftOut() != nAcc {
			t.Fatalf("stats %+v: %d merged, %d accelerometer samples", st, merged, nAcc)
		}
		if lineErrs < accErrs || lineErrs > accErrs+gyrErrs {
			t.Fatalf("%d line errors passed on, %d + %d in the inputs", lineErrs, accErrs, gyrErrs)
		}
	})
}

// errFuzzFatal is a source's read failure (not a line error) in FuzzGyroMerge.
var errFuzzFatal = errors.New("read failure")

func gyroItem(src *fuzzItemSource, j int) Sample {
	k := 0
	for _, it := range src.items {
		if s, ok := it.(Sample); ok {
			if k == j {
				return s
			}
			k++
		}
	}
	panic("no such gyroscope sample")
}

// TestSensorLoggerGravityOverflow: finite accelerometer and gravity
// entries whose sum overflows give no sample with +Inf acceleration: the
// entry is a bad one (TestSensorLoggerGravityOverflowSkipped).
func TestSensorLoggerGravityOverflow(t *testing.T) {
	msg := `{"payload":[{"name":"accelerometer","time":1700000000000000000,"values":{"x":1e308,"y":0,"z":0}},
{"name":"gravity","time":1700000000000000000,"values":{"x":1e308,"y":0,"z":9.8}}]}`
	var p Payload
	err := DecodePayload(&p, "topic", []byte(msg), PayloadOptions{})
	if err == nil && !finite3(p.Samples[0].Acc) {
		t.Errorf("no error, and sample %+v is not finite", p.Samples[0])
	}
}

// TestPayloadCSVTimeOrder: Payload.Samples is documented "in time order";
// a csv payload whose lines go back is put in order (it was decoded as it
// stood), as SenML entries are, not refused: every sample of the message
// kept, T0 the earliest.
func TestPayloadCSVTimeOrder(t *testing.T) {
	var p Payload
	senml := `[{"bn":"d","bt":1700000000,"t":0.02,"n":"ax","v":0},{"t":0.02,"n":"ay","v":9.8},{"t":0.02,"n":"az","v":0},` +
		`{"t":0.01,"n":"ax","v":0},{"t":0.01,"n":"ay","v":9.8},{"t":0.01,"n":"az","v":0}]`
	if err := DecodePayload(&p, "d", []byte(senml), PayloadOptions{}); err != nil || len(p.Samples) != 2 || p.Samples[0].T > p.Samples[1].T {
		t.Fatalf("senml: %v, %+v", err, p.Samples)
	}
	csv := "1700000000.02,0,9.8,0\n1700000000.01,0,9.7,0\n1700000000.03,0,9.6,0\n"
	if err := DecodePayload(&p, "d", []byte(csv), PayloadOptions{}); err != nil || len(p.Samples) != 3 {
		t.Fatalf("csv: %v, %d samples", err, len(p.Samples))
	}
	for i, want := range []float64{9.7, 9.8, 9.6} {
		if p.Samples[i].Acc[1] != want {
			t.Errorf("sample %d: %+v, want ay %v", i, p.Samples[i], want)
		}
	}
	if p.T0 != 1700000000010000000 {
		t.Errorf("T0 %d, want the earliest line's", p.T0)
	}
}

// TestSensorLoggerReuseError: the error for an entry without "values"
// depends on the message decoded before into the same Payload.
func TestSensorLoggerReuseError(t *testing.T) {
	msg := []byte(`{"payload":[{"name":"totalacceleration","time":1}]}`)
	var fresh, reused Payload
	e1 := DecodePayload(&fresh, "topic", msg, PayloadOptions{})
	if err := DecodePayload(&reused, "x", []byte(prevMessage), PayloadOptions{}); err != nil {
		t.Fatal(err)
	}
	if e2 := DecodePayload(&reused, "topic", msg, PayloadOptions{}); e1.Error() != e2.Error() {
		t.Errorf("fresh Payload: %v; reused: %v", e1, e2)
	}
}

// TestGyroMergeInterpolationOverflow: rates the CSV reader accepts
// (finite, rad/s) come out of GyroMerge as ±Inf between two samples of
// opposite sign: ω₀ + w·(ω₁ − ω₀) overflows where (1 − w)·ω₀ + w·ω₁ would
// not.
func TestGyroMergeInterpolationOverflow(t *testing.T) {
	acc, err := NewCSVReader(strings.NewReader("t,ax,ay,az\n0.000,0,0,1\n0.005,0,0,1\n0.010,0,0,1\n0.015,0,0,1\n0.020,0,0,1\n0.025,0,0,1\n0.030,0,0,1\n0.035,0,0,1\n0.040,0,0,1\n"), CSVOptions{Name: "acc.csv"})
	if err != nil {
		t.Fatal(err)
	}
	gyr, err := NewCSVReader(strings.NewReader("t,gx (rad/s),gy (rad/s),gz (rad/s)\n0.00,-1e308,0,0\n0.01,1e308,0,0\n0.02,0,0,0\n0.03,0,0,0\n0.04,0,0,0\n0.05,0,0,0\n0.06,0,0,0\n0.07,0,0,0\n0.08,0,0,0\n"), CSVOptions{Name: "gyr.csv", GyroOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewGyroMerge(acc, gyr, GyroMergeOptions{AccName: "acc.csv", GyroName: "gyr.csv"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		var s Sample
		if err := m.Read(&s); err != nil {
			break
		}
		if !finite3(s.Gyr) {
			t.Fatalf("sample %+v: rate not finite", s)
		}
	}
}

// TestPayloadDetectErrorKeepsDevice: DecodePayload documents that after an
// error Device and Session are empty, "not an earlier message's"; a
// message whose format cannot be detected (or a forced unknown format)
// leaves them, and Format, as the earlier message set them.
func TestPayloadDetectErrorKeepsDevice(t *testing.T) {
	var p Payload
	if err := DecodePayload(&p, "x", []byte(prevMessage), PayloadOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		msg string
		opt PayloadOptions
	}{{"A", PayloadOptions{}}, {"", PayloadOptions{}}, {`{"x":1}`, PayloadOptions{}}, {"1,0,0,9.8", PayloadOptions{Format: "nope"}}, {"#\n", PayloadOptions{}}, {"t,ax,ay,az\n", PayloadOptions{}}} {
		err := DecodePayload(&p, "topic", []byte(tc.msg), tc.opt)
		if err == nil || p.Device != "" || p.Session != "" {
			t.Errorf("%q: error %v, then Device %q Session %q Format %q", tc.msg, err, p.Device, p.Session, p.Format)
		}
	}
}

// TestCSVChunksLongLines: lines over MaxLine (in the lookahead, after it,
// CR-only, with control bytes, unterminated) read the same in any chunks.
func TestCSVChunksLongLines(t *testing.T) {
	var rows strings.Builder
	for i := range 40 {
		fmt.Fprintf(&rows, "%.2f,0,0,1\n", float64(i)/100)
	}
	long := strings.Repeat("9", MaxLine+10)
	inputs := map[string]string{
		"long in lookahead":     "t,ax,ay,az\n" + rows.String()[:60] + long + "\n" + rows.String()[60:],
		"long after lookahead":  "t,ax,ay,az\n" + rows.String() + long + "\n0.50,0,0,1\n",
		"long CR":               "t,ax,ay,az\r" + strings.Repeat("0,0,0,1\r", 9000),
		"long with ctl":         "t,ax,ay,az\n" + rows.String() + strings.Repeat("\x01", MaxLine+5) + "\n0.50,0,0,1\n",
		"long header":           long + "\n" + rows.String(),
		"exact max":             "t,ax,ay,az\n" + rows.String() + strings.Repeat(" ", MaxLine-1) + "\n0.50,0,0,1\n",
		"exact max2":            "t,ax,ay,az\n" + rows.String() + "0.45,0,0,1" + strings.Repeat(" ", MaxLine-11) + "\n0.50,0,0,1\n",
		"no final newline long": "t,ax,ay,az\n" + rows.String() + long,
	}
	for name, in := range inputs {
		for _, la := range []int{0, 8} {
			opt := CSVOptions{Name: "fuzz", Lookahead: la}
			data := []byte(in)
			want := drainCSV(t, bytes.NewReader(data), opt, 1e6)
			compareCSVRuns(t, name+" one byte", drainCSV(t, iotest.OneByteReader(bytes.NewReader(data)), opt, 1e6), want)
			for seed := range uint64(9) {
				compareCSVRuns(t, fmt.Sprintf("%s seed %d", name, seed), drainCSV(t, newFuzzChunkReader(bytes.NewReader(data), seed), opt, 1e6), want)
			}
		}
	}
}

// FuzzWitRoundTrip: what AppendWit encodes, WitReader reads back, for any
// accelerometer range and rate: every cycle a sample (two frames, no
// error, no byte skipped), timed i/Rate, values within half a raw unit of
// what was sent (full scale clips) — and AppendWit of a decoded sample
// gives back the bytes it was decoded from. vals holds each sample's six
// values as int16 raw units plus a fraction of a unit (from frac) that
// the encoder rounds away.
func FuzzWitRoundTrip(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x01"), []byte{0, 0x7f, 0x81}, uint8(0))
	f.Add(bytes.Repeat([]byte{0xff, 0x7f, 0x00, 0x80}, 9), []byte{0x40}, uint8(7))
	f.Add([]byte{}, []byte{}, uint8(12))
	f.Fuzz(func(t *testing.T, vals, frac []byte, sel uint8) {
		accRange := []float64{0, 2, 4, 8, 16}[sel%5]
		rate := []float64{100, 50, 200, 143.7, 1000}[sel/5%5]
		full := accRange
		if full == 0 {
			full = 16
		}
		lsb := [2]float64{full / 32768 * G0, 2000.0 / 32768 * math.Pi / 180} // m/s², rad/s
		n := max(1, len(vals)/12)
		sent := make([]Sample, n)
		var b []byte
		for i := range sent {
			for k := range 6 {
				raw := fuzzInt16(vals, i*6+k)
				d := 0.0 // strictly inside (−½, ½) of a unit
				if j := i*6 + k; j < len(frac) {
					d = float64(int8(frac[j])) / 257
				}
				if k < 3 {
					sent[i].Acc[k] = (float64(raw) + d) * lsb[0]
				} else {
					sent[i].Gyr[k-3] = (float64(raw) + d) * lsb[1]
				}
			}
			b = AppendWit(b, sent[i], accRange)
		}
		r := NewWitReader(bytes.NewReader(b), BinaryOptions{Name: "rt", Rate: rate, AccRange: accRange})
		if l := r.Layout(); l.AccAxes() != 3 || !l.HasGyro() || l.Rate != rate || l.ClipAcc != full*G0 {
			t.Fatalf("layout %+v", l)
		}
		var again []byte
		for i := range n {
			var s Sample
			if err := r.Read(&s); err != nil {
				t.Fatalf("sample %d of %d: %v", i, n, err)
			}
			if want := float64(i) / rate; math.Abs(s.T-want) > 1e-9*(1+want) {
				t.Fatalf("sample %d at %v s, want %v", i, s.T, want)
			}
			for k := range 3 {
				for c, pair := range [2][2]float64{{s.Acc[k], sent[i].Acc[k]}, {s.Gyr[k], sent[i].Gyr[k]}} {
					got, want := pair[0], math.Max(-32768*lsb[c], math.Min(32767*lsb[c], pair[1]))
					if math.Abs(got-want) > lsb[c]/2*(1+1e-9) {
						t.Fatalf("sample %d, %s axis %d: read %v, sent %v (unit %v)", i, [2]string{"acc", "gyr"}[c], k, got, pair[1], lsb[c])
					}
				}
			}
			again = AppendWit(again, s, accRange)
		}
		var s Sample
		if err := r.Read(&s); err != io.EOF {
			t.Fatalf("after %d samples: %v, %+v", n, err, s)
		}
		if st := r.Stats(); st.Frames != int64(2*n) || st.Samples != int64(n) || st.SkippedBytes != 0 || st.ChecksumErrors+st.SyncErrors+st.Untimed+st.GyroMissing != 0 {
			t.Fatalf("stats %+v for %d cycles", st, n)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("decoded samples encode to other bytes:\n% x\nwant\n% x", again, b)
		}
	})
}
