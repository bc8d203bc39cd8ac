package sensor

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updatePayloads = flag.Bool("update-payloads", false, "rewrite testdata/payloads/*.gdb from the encoder")

const payloadDir = "../testdata/payloads"

func readPayload(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(payloadDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// binaryFixtures are the gaitd-binary files, written by the encoder
// (go test ./sensor -run TestBinaryFixtures -update-payloads).
var binaryFixtures = []struct {
	name string
	h    BinaryPayloadHeader
	n    int
}{
	{"gaitd_shoe-r_int16.gdb", BinaryPayloadHeader{Device: "shoe-r", T0: 1700000000000000000, Rate: 100, Gyro: true, Seq: 7}, 16},
	{"gaitd_noname_acc_int16.gdb", BinaryPayloadHeader{T0: 1700000000250000000, Rate: 52, Seq: -1}, 8},
	{"gaitd_waist_float32.gdb", BinaryPayloadHeader{Device: "waist", T0: 1698501144401773000, Rate: 200, Gyro: true, Float32: true, Seq: 4294967295}, 4},
}

// walk returns n walking-like samples at rate Hz.
func walkSamples(n int, rate float64) []Sample {
	s := make([]Sample, n)
	for i := range s {
		t := float64(i) / rate
		s[i] = Sample{T: t,
			Acc: [3]float64{0.35 * math.Sin(2*math.Pi*1.8*t), G0 + 2.1*math.Sin(2*math.Pi*1.8*t+0.4), 0.6 * math.Cos(2*math.Pi*0.9*t)},
			Gyr: [3]float64{0.8 * math.Sin(2*math.Pi*0.9*t), 0.05 * math.Cos(2*math.Pi*1.8*t), -0.12 * math.Sin(2*math.Pi*1.8*t)}}
	}
	return s
}

func TestBinaryFixtures(t *testing.T) {
	for _, f := range binaryFixtures {
		b, err := AppendBinaryPayload(nil, f.h, walkSamples(f.n, f.h.Rate))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(payloadDir, f.name)
		if *updatePayloads {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got := readPayload(t, f.name); string(got) != string(b) {
			t.Errorf("%s differs from the encoder's output; run with -update-payloads", f.name)
		}
	}
}

func TestDecodePayloadFixtures(t *testing.T) {
	tests := []struct {
		file, topic string
		opt         PayloadOptions
		format      string
		device      string
		n           int
		gyro        bool
		seq         int64
		t0          int64
		rate        float64
		first       Sample // checked to 1e-6 (1e-3 for int16 encodings)
		tol         float64
	}{
		{file: "gaitd_shoe-l.json", topic: "ignored", format: PayloadGaitdJSON, device: "shoe-l", n: 10, gyro: true, seq: 42,
			t0: 1700000000000000000, rate: 100, first: Sample{T: 1.7e9, Acc: [3]float64{0, 9.80665 + 2.1*math.Sin(0.4), 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-3},
		{file: "gaitd_waist_g.json", format: PayloadGaitdJSON, device: "waist", n: 5, seq: -1, t0: 1700000000123456789, rate: 50,
			opt: PayloadOptions{Epoch: 1700000000000000000}, first: Sample{T: 0.123456789, Acc: [3]float64{0, 1.0833 * G0, 0.0612 * G0}}, tol: 1e-9},
		{file: "gaitd_shoe-r_int16.gdb", format: PayloadGaitdBinary, device: "shoe-r", n: 16, gyro: true, seq: 7, t0: 1700000000000000000, rate: 100,
			first: Sample{T: 1.7e9, Acc: walkSamples(1, 1)[0].Acc, Gyr: walkSamples(1, 1)[0].Gyr}, tol: 0.005},
		{file: "gaitd_noname_acc_int16.gdb", topic: "ankle", format: PayloadGaitdBinary, device: "ankle", n: 8, seq: -1, t0: 1700000000250000000, rate: 52,
			opt: PayloadOptions{Epoch: 1700000000000000000}, first: Sample{T: 0.25, Acc: walkSamples(1, 1)[0].Acc}, tol: 0.005},
		{file: "gaitd_waist_float32.gdb", format: PayloadGaitdBinary, device: "waist", n: 4, gyro: true, seq: 4294967295, t0: 1698501144401773000, rate: 200,
			opt: PayloadOptions{Epoch: 1698501144000000000}, first: Sample{T: 0.401773, Acc: walkSamples(1, 1)[0].Acc, Gyr: walkSamples(1, 1)[0].Gyr}, tol: 1e-6},
		{file: "sensorlogger_android.json", topic: "sensor-logger", format: PayloadSensorLogger, device: "8c3f1d2a-pixel7", n: 4, gyro: true, seq: 12,
			t0: 1698501144401773000, opt: PayloadOptions{Epoch: 1698501144000000000},
			first: Sample{T: 0.401773, Acc: [3]float64{0, 10.624, 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-9},
		{file: "sensorlogger_ios.json", format: PayloadSensorLogger, device: "iPhone-15", n: 3, gyro: true, seq: 3,
			t0: 1698501144401773000, opt: PayloadOptions{Epoch: 1698501144401773000},
			first: Sample{T: 0, Acc: [3]float64{0, 0.817 + 9.80665, 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-9},
		{file: "senml_esp32.json", format: PayloadSenML, device: "urn:dev:mac:0024befffe804ff1", n: 3, gyro: true, seq: -1,
			t0: 1700000000500000000, opt: PayloadOptions{Epoch: 1700000000000000000},
			first: Sample{T: 0.5, Acc: [3]float64{0, 10.624, 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-9},
		{file: "single_esp32.json", topic: "esp32-01", format: PayloadSingleJSON, device: "esp32-01", n: 1, gyro: true, seq: -1,
			t0: 1700000000123000000, opt: PayloadOptions{Epoch: 1700000000000000000},
			first: Sample{T: 0.123, Acc: [3]float64{0.12, 9.79, -0.31}, Gyr: [3]float64{0.01, -0.02, 0.5}}, tol: 1e-12},
		{file: "single_millis_g.json", topic: "x", format: PayloadSingleJSON, device: "esp32-07", n: 1, seq: -1, t0: 123456000000,
			first: Sample{T: 123.456, Acc: [3]float64{0.012 * G0, 0.998 * G0, -0.031 * G0}}, tol: 1e-12},
		{file: "single_batch_esp32.json", topic: "x", format: PayloadSingleJSON, device: "esp32-09", n: 5, gyro: true, seq: -1, t0: 123456000000, rate: 100,
			first: Sample{T: 123.456, Acc: [3]float64{0.012 * G0, 0.998 * G0, -0.031 * G0}, Gyr: [3]float64{1.5 * math.Pi / 180, 0, -3 * math.Pi / 180}}, tol: 1e-12},
		{file: "telegraf_imu.influx", topic: "x", format: PayloadInflux, device: "esp32-04", n: 5, gyro: true, seq: -1, t0: 1700000000000000000,
			opt: PayloadOptions{Epoch: 1700000000000000000}, first: Sample{T: 0, Acc: [3]float64{0, 10.6244, 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-12},
		{file: "esp32_lines.csv", topic: "esp32-02", format: PayloadCSV, device: "esp32-02", n: 5, gyro: true, seq: -1, t0: 123450000000,
			first: Sample{T: 123.45, Acc: [3]float64{0, 10.624, 0.6}, Gyr: [3]float64{0, 0.05, 0}}, tol: 1e-12},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var p Payload
			if err := DecodePayload(&p, tc.topic, readPayload(t, tc.file), tc.opt); err != nil {
				t.Fatal(err)
			}
			if p.Format != tc.format || p.Device != tc.device || len(p.Samples) != tc.n || p.Seq != tc.seq || p.T0 != tc.t0 {
				t.Fatalf("got format %q device %q %d samples seq %d t0 %d, want %q %q %d %d %d",
					p.Format, p.Device, len(p.Samples), p.Seq, p.T0, tc.format, tc.device, tc.n, tc.seq, tc.t0)
			}
			if p.Layout.HasGyro() != tc.gyro || p.Layout.AccAxes() != 3 || p.Layout.Rate != tc.rate {
				t.Errorf("layout %+v, want gyro %v rate %g", p.Layout, tc.gyro, tc.rate)
			}
			s := p.Samples[0]
			if math.Abs(s.T-tc.first.T) > 1e-6 {
				t.Errorf("T = %.9f, want %.9f", s.T, tc.first.T)
			}
			for k := range 3 {
				if math.Abs(s.Acc[k]-tc.first.Acc[k]) > tc.tol || math.Abs(s.Gyr[k]-tc.first.Gyr[k]) > tc.tol {
					t.Errorf("sample 0 = %v %v, want %v %v", s.Acc, s.Gyr, tc.first.Acc, tc.first.Gyr)
					break
				}
			}
			for i := 1; i < len(p.Samples); i++ {
				if p.Samples[i].T <= p.Samples[i-1].T {
					t.Errorf("sample %d: T %v not after %v", i, p.Samples[i].T, p.Samples[i-1].T)
				}
			}
			// The same bytes with the format forced decode the same.
			var q Payload
			opt := tc.opt
			opt.Format = tc.format
			if err := DecodePayload(&q, tc.topic, readPayload(t, tc.file), opt); err != nil || len(q.Samples) != tc.n {
				t.Errorf("forced format: %v, %d samples", err, len(q.Samples))
			}
		})
	}
}

// TestPayloadExactNS: epoch-ns timestamps survive without a float64 detour.
func TestPayloadExactNS(t *testing.T) {
	const ns = 1698501144401773000
	msgs := map[string]string{
		PayloadSensorLogger:   `{"payload":[{"name":"totalacceleration","time":1698501144401773000,"values":{"x":0,"y":9.8,"z":0}}]}`,
		"sensorlogger-quoted": `{"payload":[{"name":"totalacceleration","time":"1698501144401773000","values":{"x":0,"y":9.8,"z":0}}]}`,
		PayloadGaitdJSON:      `{"t0_ns":1698501144401773000,"rate_hz":100,"acc":[[0,9.8,0]]}`,
		PayloadSingleJSON:     `{"ts":1698501144401773000,"ax":0,"ay":9.8,"az":0}`,
		PayloadCSV:            "1698501144401773000,0,9.8,0\n",
		"csv-seconds":         "1698501144.401773,0,9.8,0",
		PayloadSenML:          `[{"bt":1698501144.401773,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`,
		"senml-split":         `[{"bt":1698501144,"n":"ax","t":0.401773,"v":0},{"n":"ay","t":0.401773,"v":9.8},{"n":"az","t":0.401773,"v":0}]`,
	}
	if float64(int64(float64(ns))) == ns && int64(float64(ns)) == ns {
		t.Fatal("test value is exact in float64; pick another")
	}
	bin, err := AppendBinaryPayload(nil, BinaryPayloadHeader{T0: ns, Rate: 100, Seq: -1}, []Sample{{Acc: [3]float64{0, 9.8, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	msgs[PayloadGaitdBinary] = string(bin)
	for name, m := range msgs {
		var p Payload
		if err := DecodePayload(&p, "", []byte(m), PayloadOptions{Epoch: 1698501144000000000}); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if p.T0 != ns {
			t.Errorf("%s: T0 = %d, want %d", name, p.T0, int64(ns))
		}
		if got := p.Samples[0].T; math.Abs(got-0.401773) > 1e-12 {
			t.Errorf("%s: T = %.12f, want 0.401773", name, got)
		}
	}
}

func TestLiteralNS(t *testing.T) {
	tests := []struct {
		lit  string
		per  int64
		want int64
		ok   bool
	}{
		{"1698501144401773000", 1, 1698501144401773000, true},
		{"1698501144.401773", 1e9, 1698501144401773000, true},
		{"1698501144.4017730009", 1e9, 1698501144401773000, true},
		{"-1.5", 1e9, -1500000000, true},
		{"123456", 1e6, 123456000000, true},
		{"1.5e3", 1e6, 1500000000, true},
		{"9223372036854775807", 1, math.MaxInt64, true},
		{"9223372036854775808", 1, 0, false},
		{"9300000000", 1e9, 0, false},
		{"1e400", 1, 0, false},
		{"", 1, 0, false},
		{"-", 1, 0, false},
		{".", 1, 0, false},
		{"12a", 1, 0, false},
		{"NaN", 1, 0, false},
	}
	for _, tc := range tests {
		got, ok := literalNS([]byte(tc.lit), tc.per)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("literalNS(%q, %d) = %d, %v, want %d, %v", tc.lit, tc.per, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	in := walkSamples(50, 100)
	for _, h := range []BinaryPayloadHeader{
		{Device: "shoe-l", T0: 1700000000000000000, Rate: 100, Gyro: true, Seq: 1},
		{Device: "", T0: -5, Rate: 100, Seq: -1},
		{Device: "ü-ß", T0: 1, Rate: 100, Gyro: true, Float32: true, Seq: 0},
	} {
		b, err := AppendBinaryPayload([]byte("prefix"), h, in)
		if err != nil {
			t.Fatal(err)
		}
		var p Payload
		if err := DecodePayload(&p, "topic", b[len("prefix"):], PayloadOptions{Epoch: h.T0}); err != nil {
			t.Fatal(err)
		}
		wantDev := h.Device
		if wantDev == "" {
			wantDev = "topic"
		}
		if p.Device != wantDev || p.Seq != h.Seq || p.T0 != h.T0 || len(p.Samples) != len(in) || p.Layout.HasGyro() != h.Gyro {
			t.Fatalf("%+v: got device %q seq %d t0 %d n %d layout %+v", h, p.Device, p.Seq, p.T0, len(p.Samples), p.Layout)
		}
		tolA, tolG := gdbAccLSB/2, gdbGyrLSB/2
		if h.Float32 {
			tolA, tolG = 1e-5, 1e-6
		}
		for i, s := range p.Samples {
			if math.Abs(s.T-in[i].T) > 1e-9 {
				t.Fatalf("sample %d: T %v, want %v", i, s.T, in[i].T)
			}
			for k := range 3 {
				if math.Abs(s.Acc[k]-in[i].Acc[k]) > tolA*1.0001 {
					t.Fatalf("sample %d: acc %v, want %v", i, s.Acc, in[i].Acc)
				}
				if h.Gyro && math.Abs(s.Gyr[k]-in[i].Gyr[k]) > tolG*1.0001 {
					t.Fatalf("sample %d: gyr %v, want %v", i, s.Gyr, in[i].Gyr)
				}
			}
		}
	}
}

func TestAppendBinaryPayloadErrors(t *testing.T) {
	ok := []Sample{{Acc: [3]float64{0, G0, 0}}}
	tests := []struct {
		name string
		h    BinaryPayloadHeader
		s    []Sample
	}{
		{"no samples", BinaryPayloadHeader{Rate: 100, Seq: -1}, nil},
		{"too many", BinaryPayloadHeader{Rate: 100, Seq: -1}, make([]Sample, 65536)},
		{"rate 0", BinaryPayloadHeader{Seq: -1}, ok},
		{"rate NaN", BinaryPayloadHeader{Rate: math.NaN(), Seq: -1}, ok},
		{"long name", BinaryPayloadHeader{Device: strings.Repeat("x", 256), Rate: 100, Seq: -1}, ok},
		{"seq", BinaryPayloadHeader{Rate: 100, Seq: 1 << 32}, ok},
		{"acc range", BinaryPayloadHeader{Rate: 100, Seq: -1}, []Sample{{Acc: [3]float64{40 * G0, 0, 0}}}},
		{"gyro range", BinaryPayloadHeader{Rate: 100, Seq: -1, Gyro: true}, []Sample{{Gyr: [3]float64{400, 0, 0}}}},
		{"NaN", BinaryPayloadHeader{Rate: 100, Seq: -1}, []Sample{{Acc: [3]float64{math.NaN(), 0, 0}}}},
		{"Inf float32", BinaryPayloadHeader{Rate: 100, Seq: -1, Float32: true}, []Sample{{Acc: [3]float64{1e300, 0, 0}}}},
	}
	for _, tc := range tests {
		b, err := AppendBinaryPayload([]byte("x"), tc.h, tc.s)
		if !errors.Is(err, ErrBinaryEncode) || string(b) != "x" {
			t.Errorf("%s: got %q, %v; want ErrBinaryEncode and b unchanged", tc.name, b, err)
		}
	}
}

func mustGDB(tb testing.TB, h BinaryPayloadHeader, s []Sample) string {
	b, err := AppendBinaryPayload(nil, h, s)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestDecodePayloadErrors(t *testing.T) {
	bin := mustGDB(t, BinaryPayloadHeader{Device: "d", T0: 1, Rate: 100, Gyro: true, Seq: -1}, walkSamples(3, 100))
	f32 := mustGDB(t, BinaryPayloadHeader{T0: 1, Rate: 100, Float32: true, Seq: -1}, walkSamples(1, 100))
	nan := f32[:len(f32)-4] + "\x00\x00\xc0\x7f" // float32 NaN as az
	huge := bin[:20] + "\xff\xff" + bin[22:]     // count 65535, three samples' bytes
	badRate := bin[:16] + "\x00\x00\xc0\x7f" + bin[20:]
	tests := []struct {
		name, format, data string
		opt                PayloadOptions
		unit               bool // ErrPayloadUnit rather than ErrPayloadFormat
		want               string
	}{
		{"empty", "", "", PayloadOptions{}, false, "payload: empty message"},
		{"spaces", "", " \r\n", PayloadOptions{}, false, "payload: empty message"},
		{"garbage", "", "hello", PayloadOptions{}, false, `payload: byte 0: unrecognised format (starts with "hello")`},
		{"unknown object", "", `{"temp":21.5}`, PayloadOptions{}, false, "unrecognised JSON object"},
		{"unknown format option", "", `{}`, PayloadOptions{Format: "xml"}, false, `unknown format "xml"`},

		{"gaitd truncated", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,9.8,0],[0,9`, PayloadOptions{}, false, "gaitd-json: byte 46: invalid JSON: unexpected end of JSON input"},
		{"gaitd t0 float", "", `{"t0_ns":1.7e18,"rate_hz":100,"acc":[[0,9.8,0]]}`, PayloadOptions{}, false, "gaitd-json: t0_ns: not an integer"},
		{"gaitd t0 missing", "", `{"rate_hz":100,"acc":[[0,9.8,0]]}`, PayloadOptions{}, false, "gaitd-json: t0_ns: missing"},
		{"gaitd rate string", "", `{"t0_ns":1,"rate_hz":"100","acc":[[0,9.8,0]]}`, PayloadOptions{}, false, "gaitd-json: rate_hz: not a finite number"},
		{"gaitd rate 0", "", `{"t0_ns":1,"rate_hz":0,"acc":[[0,9.8,0]]}`, PayloadOptions{}, false, "gaitd-json: rate_hz: 0 out of range"},
		{"gaitd empty", "", `{"t0_ns":1,"rate_hz":100,"acc":[]}`, PayloadOptions{}, false, "gaitd-json: acc: missing or empty"},
		{"gaitd pair", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,9.8]]}`, PayloadOptions{}, false, "gaitd-json: acc[0]: 2 values, want 3"},
		{"gaitd acc string", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,"9.8",0]]}`, PayloadOptions{}, false, `gaitd-json: acc[0][1]: string "9.8" where a number expected`},
		{"gaitd acc not array", "", `{"t0_ns":1,"rate_hz":100,"acc":{"x":1}}`, PayloadOptions{}, false, "gaitd-json: acc (byte 32): object where an array expected"},
		{"gaitd gyr count", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,9.8,0]],"gyr":[[0,0,0],[0,0,0]]}`, PayloadOptions{}, false, "gaitd-json: gyr: 2 triples for 1 acc triples"},
		{"gaitd unit", "", `{"t0_ns":1,"rate_hz":100,"unit":"furlong","acc":[[0,9.8,0]]}`, PayloadOptions{}, true, `gaitd-json: unit: unknown acceleration unit "furlong"`},
		{"gaitd gyr unit", "", `{"t0_ns":1,"rate_hz":100,"gyr_unit":"rpm","acc":[[0,9.8,0]]}`, PayloadOptions{}, true, `gaitd-json: gyr_unit: unknown gyro unit "rpm"`},
		{"gaitd overflow g", "", `{"t0_ns":1,"rate_hz":100,"unit":"g","acc":[[0,1e308,0]]}`, PayloadOptions{}, false, "gaitd-json: acc[0]: value overflows"},
		{"gaitd NaN literal", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,NaN,0]]}`, PayloadOptions{}, false, "invalid JSON"},
		{"gaitd max", "", `{"t0_ns":1,"rate_hz":100,"acc":[[0,9.8,0],[0,9.8,0],[0,9.8,0]]}`, PayloadOptions{MaxSamples: 2}, false, "gaitd-json: acc: 3 samples, more than the limit of 2"},
		{"gaitd t0 overflow", "", `{"t0_ns":9223372036854775807,"rate_hz":100,"acc":[[0,9.8,0],[0,9.8,0]]}`, PayloadOptions{}, false, "sample 1's time overflows int64"},

		{"binary truncated", "", bin[:len(bin)-1], PayloadOptions{}, false, "gaitd-binary: byte 57: 57 bytes for 3 samples of 12 bytes after a 22-byte header, want 58"},
		{"binary header", "", bin[:10], PayloadOptions{}, false, "gaitd-binary: byte 10: truncated header (10 bytes, want 22)"},
		{"binary magic only", "", "GDB1", PayloadOptions{}, false, "gaitd-binary: byte 4: truncated header (4 bytes)"},
		{"binary version", "", bin[:4] + "\x02" + bin[5:], PayloadOptions{}, false, "gaitd-binary: byte 4: unsupported version 2"},
		{"binary flags", "", bin[:5] + "\x81" + bin[6:], PayloadOptions{}, false, "gaitd-binary: byte 5: unknown flags 0x81"},
		{"binary huge count", "", huge, PayloadOptions{}, false, "65535 samples"},
		{"binary trailing", "", bin + "\x00", PayloadOptions{}, false, "gaitd-binary: byte 59: 59 bytes"},
		{"binary NaN", "", nan, PayloadOptions{}, false, "gaitd-binary: byte 21: sample 0: NaN or Inf"},
		{"binary rate NaN", "", badRate, PayloadOptions{}, false, "gaitd-binary: byte 16: rate NaN out of range"},
		{"binary forced on JSON", PayloadGaitdBinary, `{"t0_ns":1}`, PayloadOptions{}, false, `gaitd-binary: byte 0: bad magic "{\"t0"`},

		{"sl values missing z", "", `{"payload":[{"name":"gyroscope","time":1,"values":{"x":0,"y":0,"z":0}},{"name":"totalacceleration","time":2,"values":{"x":0,"y":9.8}}]}`, PayloadOptions{}, false, `sensorlogger: payload[1].values: missing "z"`},
		{"sl value string", "", `{"payload":[{"name":"totalacceleration","time":1,"values":{"x":"0","y":9.8,"z":0}}]}`, PayloadOptions{}, false, `sensorlogger: payload[0].values.x: not a finite number`},
		{"sl time float", "", `{"payload":[{"name":"totalacceleration","time":1.6985011444017731e18,"values":{"x":0,"y":9.8,"z":0}}]}`, PayloadOptions{}, false, "sensorlogger: payload[0].time: not an integer (epoch ns)"},
		{"sl time missing", "", `{"payload":[{"name":"gyroscope","values":{"x":0,"y":9.8,"z":0}}]}`, PayloadOptions{}, false, "sensorlogger: payload: no accelerometer or totalacceleration entries; 1 bad entries skipped, the first payload[0].time: missing"},
		{"sl values null", "", `{"payload":[{"name":"totalacceleration","time":1,"values":null}]}`, PayloadOptions{}, false, "sensorlogger: payload[0].values: missing or null"},
		{"sl payload not array", "", `{"payload":{"name":"x"}}`, PayloadOptions{}, false, "sensorlogger: payload (byte 12): object where an array expected"},
		{"sl empty", "", `{"messageId":1,"payload":[]}`, PayloadOptions{}, false, "sensorlogger: payload: missing or empty"},
		{"sl gyro only", "", `{"payload":[{"name":"gyroscope","time":1,"values":{"x":0,"y":0,"z":0}}]}`, PayloadOptions{}, false, "sensorlogger: payload: no accelerometer or totalacceleration entries"},
		{"sl no gravity", "", `{"payload":[{"name":"accelerometer","time":1,"values":{"x":0,"y":0.1,"z":0}}]}`, PayloadOptions{}, false, `sensorlogger: payload: "accelerometer" entries are user acceleration`},
		{"sl messageId", "", `{"messageId":"x","payload":[{"name":"totalacceleration","time":1,"values":{"x":0,"y":9.8,"z":0}}]}`, PayloadOptions{}, false, "sensorlogger: messageId: not an integer"},
		{"sl truncated", "", `{"messageId":1,"payload":[{"name":"totalacceleration","time":16985`, PayloadOptions{}, false, "sensorlogger: byte 66: invalid JSON"},

		{"csv fields", "", "1,2,3\n", PayloadOptions{}, false, "csv: line 1: 3 fields, want 4"},
		// (a message none of whose lines reads: TestPayloadCSVBadLines
		// for one whose other lines do)
		{"csv NaN", "", "\n20,0,NaN,0\n", PayloadOptions{}, false, `csv: line 2: field 3 (ay): not a finite number: "NaN"`},
		{"csv Inf", "", "20,0,+Inf,0\n", PayloadOptions{}, false, `csv: line 1: field 3 (ay): not a finite number: "+Inf"`},
		{"csv more fields", "", "10,0,9.8,0,1,2,3,4\n", PayloadOptions{}, false, "csv: line 1: 8 fields, want 4 (t,ax,ay,az) or 7 (t,ax,ay,az,gx,gy,gz)"},
		{"csv over 16 fields", "", "10" + strings.Repeat(",1", 16) + "\n", PayloadOptions{}, false, "csv: line 1: more than 16 fields"},
		{"csv time", "", "2x,0,9.8,0\n3x,0,9.8,0\n", PayloadOptions{}, false, `csv: no line reads: line 1: field 1 (t): not a number: "2x" (and 1 more)`},
		{"csv header only", PayloadCSV, "t,ax,ay,az\n", PayloadOptions{}, false, `csv: line 1: header "t,ax,ay,az": a header alone, no data lines`},
		{"csv unit", "", "1,0,1,0", PayloadOptions{AccUnit: "gee"}, true, `csv: unknown acceleration unit "gee" in options`},
		{"csv max", "", "1,0,1,0\n2,0,1,0\n", PayloadOptions{MaxSamples: 1}, false, "csv: line 2: more than 1 samples"},

		{"senml gram", "", string(readPayload(t, "senml_gram.json")), PayloadOptions{}, true, `senml: [0].u: unit "g" is the SenML gram, not standard gravity: send m/s2`},
		{"senml relative", "", `[{"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`, PayloadOptions{}, false, "senml: [0].t: relative time"},
		{"senml missing az", "", `[{"bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8}]`, PayloadOptions{}, false, "senml: [0]: no az at time 1700000000.000000000 s"},
		{"senml dup", "", `[{"bt":1700000000,"n":"ax","v":0},{"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`, PayloadOptions{}, false, "senml: [1]: second value of ax at the same time"},
		{"senml vs", "", `[{"bt":1700000000,"n":"ax","vs":"0"},{"n":"ay","v":9.8},{"n":"az","v":0}]`, PayloadOptions{}, false, "senml: [0].v: missing"},
		{"senml v string", "", `[{"bt":1700000000,"n":"ax","v":"0"}]`, PayloadOptions{}, false, "senml: [0].v: not a finite number"},
		{"senml gyro unit", "", `[{"bt":1700000000,"n":"gx","u":"deg/s","v":0}]`, PayloadOptions{}, true, `senml: [0].u: unit "deg/s" for gx (want rad/s)`},
		{"senml none", "", `[{"bt":1700000000,"n":"temp","u":"Cel","v":21}]`, PayloadOptions{}, false, "senml: no acceleration records"},
		{"senml empty", "", `[]`, PayloadOptions{}, false, "senml: empty record array"},
		{"senml object", PayloadSenML, `{"n":"ax"}`, PayloadOptions{}, false, "senml: byte 1: object where an array expected"},
		{"senml bn type", "", `[{"bn":5,"n":"ax","v":1}]`, PayloadOptions{}, false, "senml: [0].bn: not a string"},

		{"single missing az", "", `{"ts":1,"ax":0,"ay":9.8}`, PayloadOptions{}, false, "single-json: az: missing"},
		{"single gyro partial", "", `{"ts":1,"ax":0,"ay":9.8,"az":0,"gx":1}`, PayloadOptions{}, false, "single-json: gy: missing"},
		{"single no time", "", `{"ax":0,"ay":9.8,"az":0}`, PayloadOptions{}, false, "single-json: ts: missing (and no receive time"},
		{"single ts string", "", `{"ts":"now","ax":0,"ay":9.8,"az":0}`, PayloadOptions{}, false, "single-json: ts: not a number"},
		{"single ax bool", "", `{"ts":1,"ax":true,"ay":9.8,"az":0}`, PayloadOptions{}, false, "single-json: ax: not a finite number"},
		{"single overflow g", "", `{"ts":1,"unit":"g","ax":0,"ay":1e308,"az":0}`, PayloadOptions{}, false, "single-json: ay: value overflows"},
		// (a batch's lone sample: the others of a longer batch are read,
		// TestSingleJSONBadSampleOverflow)
		{"single batch overflow g", "", `{"ts":1,"rate_hz":100,"ax":[0],"ay":[1],"az":[-1e308],"gx":[0],"gy":[0],"gz":[0]}`, PayloadOptions{AccUnit: "g"}, false, "single-json: az[0]: value overflows"},
		{"single unit", "", `{"ts":1,"unit":"G","ax":0,"ay":9.8,"az":0}`, PayloadOptions{}, true, `single-json: unit: unknown acceleration unit "G"`},
		{"single truncated", "", `{"ts":1,"ax":0,"ay":9.`, PayloadOptions{}, false, "single-json: byte 22: invalid JSON"},
		{"batch lengths", "", `{"t0":1,"dt_ms":10,"ax":[0,0],"ay":[9.8,9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: ay: 3 values, want 2 as ax"},
		{"batch null", "", `{"t0":1,"dt_ms":10,"ax":[null,null],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: no sample reads: ax[0]: null (JSON.stringify writes NaN as null) (and 1 more)"},
		{"batch string", "", `{"t0":1,"dt_ms":10,"ax":[0],"ay":["x"],"az":[0]}`, PayloadOptions{}, false, "single-json: ay[0]: not a finite number"},
		{"batch mixed", "", `{"t0":1,"dt_ms":10,"ax":[0,0],"ay":9.8,"az":[0,0]}`, PayloadOptions{}, false, "single-json: ay: a number where ax is an array"},
		{"batch mixed first", "", `{"t0":1,"dt_ms":10,"ax":0,"ay":[9.8],"az":[0]}`, PayloadOptions{}, false, "single-json: ay: an array where ax is a number"},
		{"batch gyro mixed", "", `{"t0":1,"dt_ms":10,"ax":[0],"ay":[9.8],"az":[0],"gx":1,"gy":[1],"gz":[1]}`, PayloadOptions{}, false, "single-json: gx: an array and a number mixed with ax"},
		{"batch gyro lengths", "", `{"t0":1,"dt_ms":10,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0],"gx":[1],"gy":[1,1],"gz":[1,1]}`, PayloadOptions{}, false, "single-json: gx: 1 values, want 2 as ax"},
		{"batch no spacing", "", `{"t0":1,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: dt_ms: missing: a batch needs its sample spacing"},
		{"batch both spacings", "", `{"t0":1,"dt_ms":10,"rate_hz":100,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: dt_ms: and rate_hz both given"},
		{"batch zero spacing", "", `{"t0":1,"dt_ms":0,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: dt_ms: want a positive number of ms"},
		{"batch rate", "", `{"t0":1,"rate_hz":1e9,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: rate_hz: a rate of 1e+09 Hz, out of range (0, 100000]"},
		{"batch spacing", "", `{"t0":1,"dt_ms":1e-9,"ax":[0,0],"ay":[9.8,9.8],"az":[0,0]}`, PayloadOptions{}, false, "single-json: dt_ms: a rate of 1e+12 Hz, out of range (0, 100000]"},
		{"batch empty", "", `{"t0":1,"dt_ms":10,"ax":[],"ay":[],"az":[]}`, PayloadOptions{}, false, "single-json: ax: no samples"},
		{"batch too long", "", `{"t0":1,"dt_ms":10,"ax":[0,0,0],"ay":[9.8,9.8,9.8],"az":[0,0,0]}`, PayloadOptions{MaxSamples: 2}, false, "single-json: ax: 3 samples, over the limit of 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Payload{Samples: make([]Sample, 3)}
			opt := tc.opt
			if tc.format != "" {
				opt.Format = tc.format
			}
			err := DecodePayload(&p, "topic", []byte(tc.data), opt)
			if err == nil {
				t.Fatalf("no error; %d samples", len(p.Samples))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\n does not contain %q", err, tc.want)
			}
			sentinel := ErrPayloadFormat
			if tc.unit {
				sentinel = ErrPayloadUnit
			}
			if !errors.Is(err, sentinel) {
				t.Errorf("error %q does not wrap %v", err, sentinel)
			}
			var pe *PayloadError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *PayloadError", err)
			}
			if len(p.Samples) != 0 {
				t.Errorf("%d samples left after an error", len(p.Samples))
			}
		})
	}
}

func TestSensorLoggerNoGravityWraps(t *testing.T) {
	msg := []byte(`{"payload":[{"name":"accelerometer","time":1,"values":{"x":0,"y":9.8,"z":0}}]}`)
	var p Payload
	err := DecodePayload(&p, "", msg, PayloadOptions{})
	if !errors.Is(err, ErrNoGravity) || !errors.Is(err, ErrPayloadFormat) {
		t.Fatalf("err = %v, want ErrNoGravity and ErrPayloadFormat", err)
	}
	if err := DecodePayload(&p, "", msg, PayloadOptions{AccIncludesGravity: true}); err != nil || p.Samples[0].Acc[1] != 9.8 {
		t.Fatalf("AccIncludesGravity: %v %v", err, p.Samples)
	}
}

// TestSensorLoggerPairing: unsorted entries are sorted; gravity and gyro
// are taken from the nearest time.
func TestSensorLoggerPairing(t *testing.T) {
	msg := `{"payload":[
	{"name":"accelerometer","time":2000,"values":{"x":1,"y":0,"z":0}},
	{"name":"accelerometer","time":1000,"values":{"x":2,"y":0,"z":0}},
	{"name":"gravity","time":990,"values":{"x":0,"y":9,"z":0}},
	{"name":"gravity","time":1900,"values":{"x":0,"y":8,"z":0}},
	{"name":"gyroscope","time":1600,"values":{"x":0,"y":0,"z":3}},
	{"name":"gyroscope","time":1400,"values":{"x":0,"y":0,"z":4}},
	{"name":"magnetometer","time":1000,"values":{"x":40,"y":1,"z":2}}]}`
	var p Payload
	if err := DecodePayload(&p, "phone", []byte(msg), PayloadOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []Sample{
		{T: 1e-6, Acc: [3]float64{2, 9, 0}, Gyr: [3]float64{0, 0, 4}},
		{T: 2e-6, Acc: [3]float64{1, 8, 0}, Gyr: [3]float64{0, 0, 3}},
	}
	if len(p.Samples) != 2 || p.Samples[0] != want[0] || p.Samples[1] != want[1] || p.Device != "phone" || p.Seq != -1 {
		t.Fatalf("got %+v device %q seq %d, want %+v", p.Samples, p.Device, p.Seq, want)
	}
}

func TestDeviceAndTimePrecedence(t *testing.T) {
	var p Payload
	// SenML: bn names the device; structured n without bn too.
	for msg, want := range map[string]string{
		`[{"bt":1700000000,"n":"urn:dev:ow:10e2073a01080063:ax","v":0},{"n":"urn:dev:ow:10e2073a01080063:ay","v":9.8},{"n":"urn:dev:ow:10e2073a01080063:az","v":0}]`: "urn:dev:ow:10e2073a01080063",
		`[{"bn":"imu-3/","bt":1700000000,"n":"acc_x","v":0},{"n":"acc_y","v":9.8},{"n":"Acc-Z","v":0}]`:                                                              "imu-3",
		`[{"bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`:                                                                                     "from-topic",
	} {
		if err := DecodePayload(&p, "from-topic", []byte(msg), PayloadOptions{}); err != nil || p.Device != want {
			t.Errorf("%s: device %q, %v; want %q", msg, p.Device, err, want)
		}
	}
	// SenML relative times use Now.
	now := int64(1700000000000000000)
	if err := DecodePayload(&p, "", []byte(`[{"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0},{"n":"ax","t":0.01,"v":0},{"n":"ay","t":0.01,"v":9.8},{"n":"az","t":0.01,"v":0}]`),
		PayloadOptions{Now: now, Epoch: now}); err != nil || len(p.Samples) != 2 || p.Samples[1].T != 0.01 || p.T0 != now {
		t.Errorf("relative SenML: %v %+v", err, p.Samples)
	}
	// single-json time units by magnitude and by option.
	for _, tc := range []struct {
		ts   string
		unit string
		want int64
	}{
		{"123456", "", 123456e6},               // millis() since boot
		{"1700000000", "", 1700000000e9},       // epoch s
		{"1700000000123", "", 1700000000123e6}, // epoch ms
		{"1700000000123456", "", 1700000000123456e3},
		{"12.5", "", 12.5e9},
		{"123456", "us", 123456e3},
	} {
		msg := `{"ts":` + tc.ts + `,"ax":0,"ay":9.8,"az":0}`
		if err := DecodePayload(&p, "", []byte(msg), PayloadOptions{TimeUnit: tc.unit}); err != nil || p.T0 != tc.want {
			t.Errorf("ts %s unit %q: T0 %d, %v; want %d", tc.ts, tc.unit, p.T0, err, tc.want)
		}
	}
}

// TestDecodePayloadReuse: a Payload decodes a sequence of messages of
// different formats and sizes; stale entries never leak into later ones.
func TestDecodePayloadReuse(t *testing.T) {
	var p Payload
	big := readPayload(t, "sensorlogger_android.json")
	small := []byte(`{"messageId":13,"payload":[{"name":"totalacceleration","time":5,"values":{"x":1,"y":2}}]}`)
	if err := DecodePayload(&p, "", big, PayloadOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := DecodePayload(&p, "", small, PayloadOptions{}); err == nil || !strings.Contains(err.Error(), `payload[0].values: missing "z"`) {
		t.Fatalf("stale values leaked: err = %v", err)
	}
	g := []byte(`{"t0_ns":1,"rate_hz":100,"acc":[[1,2,3],[4,5,6]],"gyr":[[1,1,1],[2,2,2]]}`)
	g2 := []byte(`{"t0_ns":1,"rate_hz":100,"acc":[[1,2,3]]}`)
	if err := DecodePayload(&p, "t", g, PayloadOptions{}); err != nil || len(p.Samples) != 2 || !p.Layout.HasGyro() {
		t.Fatal(err, p.Samples)
	}
	if err := DecodePayload(&p, "t", g2, PayloadOptions{}); err != nil || len(p.Samples) != 1 || p.Layout.HasGyro() || p.Samples[0].Gyr != [3]float64{} {
		t.Fatal(err, p.Samples, p.Layout)
	}
	s1 := []byte(`[{"bn":"a:","bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`)
	s2 := []byte(`[{"bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`)
	if err := DecodePayload(&p, "t", s1, PayloadOptions{}); err != nil || p.Device != "a" {
		t.Fatal(err, p.Device)
	}
	if err := DecodePayload(&p, "t", s2, PayloadOptions{}); err != nil || p.Device != "t" {
		t.Fatal(err, p.Device)
	}
}

// TestDecodePayloadReviewFixes: a null among gaitd-json's values makes
// its sample a bad one, named in BadLines, not read (encoding/json left the
// reused triple's earlier value in its place, or 0 in a new one:
// JSON.stringify writes NaN as null), a message of such samples alone an
// error; PayloadOptions'
// GyrUnit is gaitd-json's default as AccUnit is; SenML counts samples, not
// records, against MaxSamples; a failed decode leaves no device of an
// earlier message.
func TestDecodePayloadReviewFixes(t *testing.T) {
	var p Payload
	m1 := []byte(`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"acc":[[1,2,3],[4,5,6]],"gyr":[[7,8,9],[1,1,1]]}`)
	if err := DecodePayload(&p, "d", m1, PayloadOptions{}); err != nil || p.Device != "a" {
		t.Fatal(err, p.Device)
	}
	for _, m := range []struct{ data, want string }{
		{`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[null,0,9.8],[0,0,9.8]]}`, "gaitd-json: acc[0][0]: null"},
		{`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[0,0,9.8],[0,0,9.8]],"gyr":[[0,0,0],[0,null,0]]}`, "gaitd-json: gyr[1][1]: null"},
		{`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[0,0,9.8],[0,0,9.8],[0,0,9.8],[null,0,9.8]]}`, "gaitd-json: acc[3][0]: null"}, // a triple not reused
	} {
		err := DecodePayload(&p, "d", []byte(m.data), PayloadOptions{})
		if err != nil || len(p.BadLines) != 1 || !strings.Contains(p.BadLines[0].Error(), m.want) {
			t.Errorf("%s: err %v, BadLines %q; want none, %q", m.data, err, p.BadLines, m.want)
		}
		for _, s := range p.Samples {
			if s.Acc != [3]float64{0, 0, 9.8} || s.Gyr != [3]float64{} {
				t.Errorf("%s: sample %v: an earlier message's values", m.data, s)
			}
		}
		if err := DecodePayload(&p, "d", m1, PayloadOptions{}); err != nil || p.Device != "a" {
			t.Fatal(err, p.Device)
		}
	}
	if err := DecodePayload(&p, "d", []byte(`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[null,0,9.8]]}`), PayloadOptions{}); err == nil || !strings.Contains(err.Error(), "gaitd-json: acc[0][0]: null") {
		t.Errorf("a null alone: err %v; want acc[0][0]: null", err)
	}
	if p.Device != "" {
		t.Errorf("device %q left from an earlier message after an error", p.Device)
	}
	g := []byte(`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[0,0,1]],"gyr":[[90,0,0]]}`)
	if err := DecodePayload(&p, "d", g, PayloadOptions{AccUnit: "g", GyrUnit: "dps"}); err != nil || math.Abs(p.Samples[0].Gyr[0]-math.Pi/2) > 1e-12 || math.Abs(p.Samples[0].Acc[2]-G0) > 1e-12 {
		t.Errorf("GyrUnit dps: err %v, acc %v gyr %v", err, p.Samples[0].Acc, p.Samples[0].Gyr)
	}
	if err := DecodePayload(&p, "d", g, PayloadOptions{GyrUnit: "rpm"}); err == nil || !strings.Contains(err.Error(), `unknown gyro unit "rpm" in options`) {
		t.Errorf("GyrUnit rpm: err %v", err)
	}
	s := []byte(`[{"bn":"dev:","bt":1700000000,"n":"ax","v":1},{"n":"ay","v":1},{"n":"az","v":1},{"n":"ax","t":0.01,"v":1},{"n":"ay","t":0.01,"v":1},{"n":"az","t":0.01,"v":1}]`)
	if err := DecodePayload(&p, "d", s, PayloadOptions{MaxSamples: 1}); err == nil || !strings.Contains(err.Error(), "more than 1 samples") {
		t.Errorf("SenML, two samples with MaxSamples 1: err %v, %d samples", err, len(p.Samples))
	}
	if err := DecodePayload(&p, "d", s, PayloadOptions{MaxSamples: 2}); err != nil || len(p.Samples) != 2 {
		t.Errorf("SenML, two samples with MaxSamples 2: err %v, %d samples", err, len(p.Samples))
	}
}

func TestDecodePayloadAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	bin, err := AppendBinaryPayload(nil, BinaryPayloadHeader{Device: "shoe-l", T0: 1700000000000000000, Rate: 100, Gyro: true, Seq: 1}, walkSamples(100, 100))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		max  float64
	}{
		{"gaitd-binary", bin, 0},
		{"csv", readPayload(t, "esp32_lines.csv"), 0},
		{"gaitd-json", readPayload(t, "gaitd_shoe-l.json"), 8},
		{"sensorlogger", readPayload(t, "sensorlogger_android.json"), 10}, // + sessionId string
		{"senml", readPayload(t, "senml_esp32.json"), 8},
		{"single-json", readPayload(t, "single_esp32.json"), 8},
		{"single-json batch", readPayload(t, "single_batch_esp32.json"), 8},
	}
	for _, tc := range tests {
		var p Payload
		if err := DecodePayload(&p, "dev", tc.data, PayloadOptions{}); err != nil {
			t.Fatal(tc.name, err)
		}
		n := testing.AllocsPerRun(50, func() {
			if err := DecodePayload(&p, "dev", tc.data, PayloadOptions{}); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: %.0f allocs/message (%d samples)", tc.name, n, len(p.Samples))
		if n > tc.max {
			t.Errorf("%s: %.0f allocs per message, want ≤ %.0f", tc.name, n, tc.max)
		}
	}
}

// TestPayloadCSVBadLines: a csv message's bad lines are skipped and named
// in BadLines, its other lines read (one NaN cost the whole message: a
// hole in a live stream that analyze of the same lines did not have); a
// line whose time is ahead of or behind the lines around it by more than
// two steps is one of them (sorted into the message, one line at t×1000
// was taken for a jump, and the next message for a clock gone back), two
// lines swapped are put in order.
func TestPayloadCSVBadLines(t *testing.T) {
	// 10 lines at 100 Hz in ms from 5000; line k (1-based) replaced
	msg := func(repl map[int]string) string {
		var b strings.Builder
		for k := 1; k <= 10; k++ {
			if l, ok := repl[k]; ok {
				b.WriteString(l + "\n")
				continue
			}
			fmt.Fprintf(&b, "%d,0,9.8,%d\n", 5000+10*k, k)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		repl map[int]string
		keep []int    // the lines read, in order (their az)
		bad  []string // BadLines
	}{
		{"clean", nil, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, nil},
		{"bad cells and shapes", map[int]string{2: "5020,0,NaN,2", 4: "garbage", 6: "5060,0,9.8,6,1,2,3", 8: "50x0,0,9.8,8"},
			[]int{1, 3, 5, 7, 9, 10}, []string{
				`csv: line 2: field 3 (ay): not a finite number: "NaN"`,
				"csv: line 4: 1 fields, want 4 (t,ax,ay,az) or 7 (t,ax,ay,az,gx,gy,gz)",
				"csv: line 6: 7 fields after lines of 4",
				`csv: line 8: field 1 (t): not a number: "50x0"`}},
		{"a time ×1000 and one 0.5 s back", map[int]string{3: "5030000,0,9.8,3", 7: "4570,0,9.8,7"},
			[]int{1, 2, 4, 5, 6, 8, 9, 10}, []string{
				"csv: line 3: field 1 (t): time out of line with the lines around it in the message",
				"csv: line 7: field 1 (t): time out of line with the lines around it in the message"}},
		{"first and last lines", map[int]string{1: "65010,0,9.8,1", 10: "10,0,9.8,10"},
			[]int{2, 3, 4, 5, 6, 7, 8, 9}, []string{
				"csv: line 1: field 1 (t): time out of line with the lines around it in the message",
				"csv: line 10: field 1 (t): time out of line with the lines around it in the message"}},
		// the good line beside a bad one at a message's edge is kept
		{"the second line back", map[int]string{2: "4570,0,9.8,2"}, []int{1, 3, 4, 5, 6, 7, 8, 9, 10}, []string{
			"csv: line 2: field 1 (t): time out of line with the lines around it in the message"}},
		{"the last but one ahead", map[int]string{9: "65090,0,9.8,9"}, []int{1, 2, 3, 4, 5, 6, 7, 8, 10}, []string{
			"csv: line 9: field 1 (t): time out of line with the lines around it in the message"}},
		{"two lines swapped", map[int]string{4: "5050,0,9.8,4", 5: "5040,0,9.8,5"}, []int{1, 2, 3, 5, 4, 6, 7, 8, 9, 10}, nil},
	} {
		var p Payload
		if err := DecodePayload(&p, "d", []byte(msg(tc.repl)), PayloadOptions{Format: PayloadCSV, TimeUnit: "ms"}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got []int
		for i, s := range p.Samples {
			got = append(got, int(s.Acc[2]))
			if i > 0 && !(s.T > p.Samples[i-1].T) {
				t.Errorf("%s: sample %d at %v s after %v", tc.name, i, s.T, p.Samples[i-1].T)
			}
		}
		var bad []string
		for _, e := range p.BadLines {
			bad = append(bad, e.Error())
		}
		if !slices.Equal(got, tc.keep) || !slices.Equal(bad, tc.bad) {
			t.Errorf("%s: lines %v, bad %q; want %v, %q", tc.name, got, bad, tc.keep, tc.bad)
		}
		if want := int64(5000+10*tc.keep[0]) * 1e6; tc.name != "two lines swapped" && p.T0 != want {
			t.Errorf("%s: T0 %d, want %d", tc.name, p.T0, want)
		}
	}
}

// Epoch milliseconds written as a fraction — Python's time.time()*1000
// serialised by json.dumps, f"{…:.3f}" in a csv line, a JavaScript float —
// or with an exponent are ms (µs, ns likewise from 1e14, 1e17), as the
// integers of that size are: "a fraction is s" held for all of them, so
// 1700000000123.456 read as seconds overflowed and every message was
// refused ("time … out of range", in csv "not a number"). A fraction
// under 1e11 (seconds up to the year 5138) is still s.
func TestPayloadFractionalEpochMS(t *testing.T) {
	for _, c := range []struct {
		msg string
		t0  int64 // ns
		dt  int64 // ns to the second sample, 0: one sample
	}{
		{`{"ts":1700000000123.456,"ax":0.01,"ay":0.02,"az":9.8}`, 1700000000123456000, 0},
		{`{"ts":1.700000000123e12,"ax":0.01,"ay":0.02,"az":9.8}`, 1700000000123000064, 0}, // (through float64)
		{`{"t0":1700000000123.0,"dt_ms":10,"ax":[0.1,0.2],"ay":[0.1,0.2],"az":[9.8,9.7]}`, 1700000000123000000, 10e6},
		{"1700000000123.456,0.1,0.2,9.8\n1700000000133.456,0.1,0.2,9.8\n", 1700000000123456000, 10e6},
		{"1700000000123456.5,0.1,0.2,9.8\n1700000000133456.5,0.1,0.2,9.8\n", 1700000000123456500, 10e6},
		// seconds, as before
		{`{"ts":1700000000.123,"ax":0.01,"ay":0.02,"az":9.8}`, 1700000000123000000, 0},
		{"12.34,0.1,0.2,9.8\n12.35,0.1,0.2,9.8\n", 12340000000, 10e6},
		{"1999999999.5,0.1,0.2,9.8\n1999999999.51,0.1,0.2,9.8\n", 1999999999500000000, 10e6},
	} {
		var p Payload
		err := DecodePayload(&p, "dev", []byte(c.msg), PayloadOptions{})
		if err != nil || p.T0 != c.t0 {
			t.Errorf("%s: %v, T0 %d, want %d", c.msg, err, p.T0, c.t0)
			continue
		}
		if c.dt != 0 && (len(p.Samples) != 2 || math.Abs((p.Samples[1].T-p.Samples[0].T)*1e9-float64(c.dt)) > 1e3) {
			t.Errorf("%s: samples %+v, want %d ns apart", c.msg, p.Samples, c.dt)
		}
	}
}

// A csv time that is a number but not one in int64 ns is said so, not
// "not a number".
func TestPayloadCSVTimeOutOfRange(t *testing.T) {
	var p Payload
	err := DecodePayload(&p, "dev", []byte("1e300,0.1,0.2,9.8\n"), PayloadOptions{})
	if err == nil || !strings.Contains(err.Error(), `csv: line 1: field 1 (t): time out of range: "1e300"`) {
		t.Errorf("%v", err)
	}
}

// A message that starts with a UTF-8 byte-order mark (a Windows or .NET
// publisher, a file saved with one and published as it is) decodes as
// without it: detection skipped the mark, the decoders did not — a csv
// header's first name read "\ufefft", so the header was a bad line and
// the lines after it were read by position (t,az,ay,ax mirrored), a
// headerless line's time was not a number, and JSON was invalid.
func TestPayloadBOM(t *testing.T) {
	const bom = "\ufeff"
	for _, m := range []string{
		"t,az,ay,ax\n1000,9.8,0.1,0.2\n",
		"1000,0.2,0.1,9.8\n",
		`{"ts":1000,"ax":0.2,"ay":0.1,"az":9.8}`,
		`{"device":"d","t0_ns":1000000000,"rate_hz":100,"acc":[[0.2,0.1,9.8]]}`,
		`[{"bn":"d:","bt":1.0,"bu":"m/s2","n":"ax","v":0.2},{"n":"ay","v":0.1},{"n":"az","v":9.8}]`,
		`{"messageId":1,"payload":[{"name":"totalacceleration","time":1000000000,"values":{"x":0.2,"y":0.1,"z":9.8}}]}`,
	} {
		var want, got Payload
		errW := DecodePayload(&want, "dev", []byte(m), PayloadOptions{Now: 1})
		errG := DecodePayload(&got, "dev", []byte(bom+m), PayloadOptions{Now: 1})
		if errW != nil || errG != nil || len(got.Samples) != 1 || len(got.BadLines) != 0 || got.Samples[0] != want.Samples[0] || got.Samples[0].Acc != [3]float64{0.2, 0.1, 9.8} {
			t.Errorf("%s: with the mark %v %+v (bad lines %v), without %v %+v", m, errG, got.Samples, got.BadLines, errW, want.Samples)
		}
	}
}

// TestPayloadWholeSeconds: a time in seconds printed in the shortest form
// writes a whole second as "1". A csv message whose first line is such a
// time, with a fraction in its other lines' times, is in seconds (it was
// read in ms, by the first line alone); a message with no fraction of its
// own is in seconds when the device's earlier ones were
// (PayloadOptions.SecondsTime, from Payload.SecondsTime); millis() and
// epoch times are read as before.
func TestPayloadWholeSeconds(t *testing.T) {
	for _, c := range []struct {
		msg      string
		secs     bool // PayloadOptions.SecondsTime
		want     []float64
		wantSecs bool
	}{
		{"1,0,0,9.8\n1.01,0,0,9.8\n1.02,0,0,9.8\n", false, []float64{1, 1.01, 1.02}, true},
		{"0,0,0,9.8\n0.01,0,0,9.8\n", false, []float64{0, 0.01}, true},
		{"2,0,0,9.8\n", true, []float64{2}, true},
		{"2,0,0,9.8\n", false, []float64{0.002}, false},
		{"1500,0,0,9.8\n1510,0,0,9.8\n", false, []float64{1.5, 1.51}, false},
		{"1700000000,0,0,9.8\n1700000000.01,0,0,9.8\n", true, []float64{1700000000, 1700000000.01}, false},
		{"1700000000000,0,0,9.8\n", true, []float64{1700000000}, false},
		{`{"t":1,"ax":0,"ay":0,"az":9.8}`, true, []float64{1}, true},
		{`{"t":1,"ax":0,"ay":0,"az":9.8}`, false, []float64{0.001}, false},
		{`{"t":0.99,"ax":0,"ay":0,"az":9.8}`, false, []float64{0.99}, true},
		{`{"ts":123456,"ax":0,"ay":0,"az":9.8}`, true, []float64{123456}, true},
	} {
		var p Payload
		if err := DecodePayload(&p, "d", []byte(c.msg), PayloadOptions{SecondsTime: c.secs}); err != nil {
			t.Fatalf("%q: %v", c.msg, err)
		}
		var got []float64
		for _, s := range p.Samples {
			got = append(got, s.T)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) || p.SecondsTime != c.wantSecs {
			t.Errorf("%q (SecondsTime %v): times %v, SecondsTime %v; want %v, %v", c.msg, c.secs, got, p.SecondsTime, c.want, c.wantSecs)
		}
	}
}

// TestPayloadMirrored: PayloadOptions.Mirrored negates every acceleration
// axis of every format's samples, and leaves the angular rate as sent.
func TestPayloadMirrored(t *testing.T) {
	for _, m := range []string{
		"1000,0.2,0.1,9.8,1,2,3\n1010,0.2,0.1,9.8,1,2,3\n",
		`{"ts":1000,"ax":0.2,"ay":0.1,"az":9.8,"gx":1,"gy":2,"gz":3}`,
		`{"device":"d","t0_ns":1000000000,"rate_hz":100,"acc":[[0.2,0.1,9.8]],"gyr":[[1,2,3]]}`,
	} {
		var plain, mirrored Payload
		if err := DecodePayload(&plain, "dev", []byte(m), PayloadOptions{}); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if err := DecodePayload(&mirrored, "dev", []byte(m), PayloadOptions{Mirrored: true}); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		for i, s := range mirrored.Samples {
			p := plain.Samples[i]
			if s.T != p.T || s.Gyr != p.Gyr || s.Acc != [3]float64{-p.Acc[0], -p.Acc[1], -p.Acc[2]} || p.Acc[2] == 0 {
				t.Errorf("%s: sample %d %+v, plain %+v", m, i, s, p)
			}
		}
	}
}

// TestPayloadBOMOffset: an error in a message that starts with a
// byte-order mark names the byte in the message, the mark counted (the
// offset without the mark, plus 3): its decoders are given it without the
// mark, and said 3 bytes early.
func TestPayloadBOMOffset(t *testing.T) {
	const bom = "\ufeff"
	for _, tc := range []struct{ msg, want, wantBOM string }{
		{`{"ax":1,"ay":2,"az":x}`, "single-json: byte 21: invalid JSON", "single-json: byte 24: invalid JSON"},
		{`{"device":"d","t0_ns":1,,"acc":[]}`, "gaitd-json: byte 25: invalid JSON", "gaitd-json: byte 28: invalid JSON"},
		{"~1000,0.2,0.1,9.8\n", "payload: byte 0: unrecognised format", "payload: byte 3: unrecognised format"},
	} {
		var p Payload
		err := DecodePayload(&p, "dev", []byte(tc.msg), PayloadOptions{Now: 1})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.msg, err, tc.want)
		}
		err = DecodePayload(&p, "dev", []byte(bom+tc.msg), PayloadOptions{Now: 1})
		if err == nil || !strings.Contains(err.Error(), tc.wantBOM) {
			t.Errorf("%q: %v, want %q", bom+tc.msg, err, tc.wantBOM)
		}
	}
}
