package serial

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// chunkPort is a port of bytes in memory, read in chunks of the sizes
// given (cycled; 0 stands for 1).
type chunkPort struct {
	b     []byte
	sizes []byte
	i     int
}

func (p *chunkPort) Read(b []byte) (int, error) {
	if len(p.b) == 0 {
		return 0, io.EOF
	}
	n := len(p.b)
	if len(p.sizes) > 0 {
		n = max(1, int(p.sizes[p.i%len(p.sizes)]))
		p.i++
	}
	n = copy(b, p.b[:min(n, len(p.b))])
	p.b = p.b[n:]
	return n, nil
}

func (p *chunkPort) Close() error { return nil }

// sessionFormats are the formats FuzzSession reads with; the fuzzer picks
// one by index.
var sessionFormats = []Config{
	{Format: FormatWitMotion},
	{Format: FormatWitMotion, Rate: 100},
	{Format: FormatRVC},
	{Format: FormatWitBLE, Rate: 100},
	{Format: FormatText},
	{Format: FormatText, Rate: 100},
	{Format: FormatHyperIMU, Rate: 50},
}

// sessionResult is what the sessions of a Source delivered.
type sessionResult struct {
	samples []sensor.Sample
	bad     []string
	n       []int64 // bytes read, by session
	err     []error // how each session ended
}

// runSession reads each part as a session of a new Source, the later ones
// as the port reopened, each in chunks of sizes.
func runSession(t *testing.T, cfg Config, parts [][]byte, sizes []byte) (sessionResult, *Source) {
	t.Helper()
	src, err := Open(cfg, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var r sessionResult
	for i, data := range parts {
		if i > 0 {
			src.reconnects.Add(1) // (as Run counts a reopened port)
		}
		n, _, err := src.session(context.Background(), &chunkPort{b: data, sizes: sizes},
			func(s sensor.Sample) { r.samples = append(r.samples, s) },
			func(err error) { r.bad = append(r.bad, err.Error()) })
		r.n, r.err = append(r.n, n), append(r.err, err)
	}
	return r, src
}

// FuzzSession reads bytes as a serial device's session (every format the
// port takes) from memory, in chunks; with which's top bit, as two
// sessions (the port reopened) split at the first 0 byte. Properties: no panic or hang; every
// byte is read; the session ends with io.EOF; a text session of data
// lines gives samples or bad lines, never nothing; samples are finite; every
// bad frame or line is a FrameError or LineError naming the device; the
// counters agree with what was delivered; the same samples and errors
// however the bytes are chunked; and a binary format gives what its sensor
// decoder gives reading the same bytes (no silences: nothing to move).
func FuzzSession(f *testing.F) {
	wit, _, _ := witStream(40, 0.1, 1)
	var rvc []byte
	for i := range 30 {
		rvc = appendRVCFrame(rvc, byte(i), [3]int16{100, -100, 1000})
	}
	var ble []byte
	for i := range 30 {
		ble = sensor.AppendWitBLE(ble, sensor.Sample{T: float64(i) / 100, Acc: [3]float64{0, 0, 1}, Gyr: [3]float64{0.1, 0, 0}}, 16)
	}
	text := textStream(40)
	reset := append(textStream(20), []byte("0.00,0.1,0.1,1.0\r\n0.01,0.1,0.1,1.0\r\n0.02,0.1,0.1,1.0\r\n0.03,0.1,0.1,1.0\r\n")...)
	for i, cfg := range sessionFormats {
		var d []byte
		switch cfg.Format {
		case FormatWitMotion:
			d = wit
		case FormatRVC:
			d = rvc
		case FormatWitBLE:
			d = ble
		case FormatText:
			d = text
			f.Add(byte(i), reset, []byte{7, 13})
			// the port reopened: the stream starts without its header,
			// or with a banner
			f.Add(byte(i)|0x80, append(append(textStream(10), 0), textStream(10)[12:]...), []byte{})
			f.Add(byte(i)|0x80, append(append(textStream(10), 0), []byte("boot v1.2\r\nready\r\n0.50,0.1,0.0,1.0\r\n0.51,0.1,0.0,1.0\r\n")...), []byte{9})
			f.Add(byte(i), []byte("boot v1.2\r\n0.1,0.2,1.0\r\n0.2,0.2,1.0\r\n"), []byte{})
		case FormatHyperIMU:
			d = []byte("1700000000000,0.1,0.2,9.8#1700000000020,0.1,0.2,9.8#1700000000040,0.1,0.3,9.7#")
		}
		f.Add(byte(i), d, []byte{})
		f.Add(byte(i), d, []byte{1, 5, 19, 64})
		f.Add(byte(i)|0x80, append(append(d[:len(d)/2:len(d)/2], 0), d[len(d)/2:]...), []byte{})
		f.Add(byte(i), d[:len(d)*2/3], []byte{3})
	}
	f.Fuzz(func(t *testing.T, which byte, data, sizes []byte) {
		if len(data) > 1<<16 {
			return
		}
		cfg := sessionFormats[int(which&0x7f)%len(sessionFormats)]
		cfg.Device = "fuzzdev"
		parts := [][]byte{data}
		if i := bytes.IndexByte(data, 0); which&0x80 != 0 && i >= 0 {
			// two sessions: the port reopened (an earlier session's
			// text header is used for a stream that starts without one)
			parts = [][]byte{data[:i], data[i+1:]}
		}
		r, src := runSession(t, cfg, parts, sizes)
		restarted := src.Stats().Restarts > 0
		var total int64
		hasData := false // a session's whole lines hold a data line
		for k, part := range parts {
			text := part // what the decoders read
			if cfg.Format == FormatHyperIMU {
				text, _ = io.ReadAll(sensor.NewHyperIMULines(bytes.NewReader(part)))
			}
			total += r.n[k]
			hasData = hasData || holdsData(text[:bytes.LastIndexByte(text, '\n')+1])
			switch {
			case errors.Is(r.err[k], io.EOF):
				if r.n[k] != int64(len(text)) {
					t.Errorf("session %d: read %d bytes of %d", k+1, r.n[k], len(text))
				}
			case restarted && strings.HasPrefix(r.err[k].Error(), "text stream after the device restarted: "):
				// (a clock restart whose lines cannot be read as
				// configured ends the session: Run opens the port again)
			default:
				t.Errorf("session %d ended with %v, want io.EOF", k+1, r.err[k])
			}
		}
		if cfg.text() && hasData && len(r.samples)+len(r.bad) == 0 {
			t.Errorf("data lines, and neither a sample nor a bad line")
		}
		for i, s := range r.samples {
			for _, v := range [...]float64{s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("sample %d not finite: %+v", i, s)
				}
			}
		}
		for _, e := range r.bad {
			if !strings.Contains(e, "fuzzdev") {
				t.Errorf("bad frame or line without the device: %q", e)
			}
		}
		st := src.Stats()
		if st.Samples != int64(len(r.samples)) || st.BadFrames != int64(len(r.bad)) || st.Bytes != total {
			t.Errorf("Stats %+v; delivered %d samples, %d bad, of %d bytes", st, len(r.samples), len(r.bad), total)
		}
		whole, wsrc := runSession(t, cfg, parts, nil)
		if st.Stalls+wsrc.Stats().Stalls > 0 {
			return // (a read 0.5 s after the one before, on a loaded machine: a silence the stall watch weighs)
		}
		if !reflect.DeepEqual(whole.samples, r.samples) || !reflect.DeepEqual(whole.bad, r.bad) {
			t.Errorf("chunked: %d samples, bad %q\nwhole:   %d samples, bad %q", len(r.samples), r.bad, len(whole.samples), whole.bad)
		}
		if cfg.text() {
			return
		}
		var want []sensor.Sample
		var wantBad []string
		for _, part := range parts {
			dec, err := src.decoder(bytes.NewReader(part))
			if err != nil {
				t.Fatal(err)
			}
			for {
				var s sensor.Sample
				err := dec.Read(&s)
				if err == io.EOF {
					break
				}
				if err != nil {
					wantBad = append(wantBad, err.Error())
					continue
				}
				want = append(want, s)
			}
		}
		if !reflect.DeepEqual(want, r.samples) || !reflect.DeepEqual(wantBad, r.bad) {
			t.Errorf("session: %d samples, bad %q\ndecoder: %d samples, bad %q", len(r.samples), r.bad, len(want), wantBad)
		}
	})
}

// appendRVCFrame appends an RVC frame of index idx, yaw-pitch-roll 0 and
// acceleration acc (mg).
func appendRVCFrame(b []byte, idx byte, acc [3]int16) []byte {
	f := [19]byte{0xAA, 0xAA, idx}
	for i, v := range acc {
		f[9+2*i], f[10+2*i] = byte(v), byte(uint16(v)>>8)
	}
	var sum byte
	for _, c := range f[2:18] {
		sum += c
	}
	f[18] = sum
	return append(b, f[:]...)
}
