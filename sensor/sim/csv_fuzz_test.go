package sim

// Round trips of the two writers through the readers that take their
// files: WriteCSV through sensor.NewCSVReader, WriteTruthCSV through
// eval.ReadTruth.

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// sliceSource replays samples under a layout.
type sliceSource struct {
	layout sensor.Layout
	ss     []sensor.Sample
}

func (s *sliceSource) Layout() sensor.Layout { return s.layout }
func (s *sliceSource) Read(x *sensor.Sample) error {
	if len(s.ss) == 0 {
		return io.EOF
	}
	*x, s.ss = s.ss[0], s.ss[1:]
	return nil
}

// halfDecimal is the largest error of x written with d decimals and read
// back: half the last decimal, and a few ulps of x.
func halfDecimal(d int, x float64) float64 {
	return 0.5*math.Pow(10, -float64(d)) + 1e-15*(1+math.Abs(x))
}

// FuzzWriteCSVRoundTrip: a recording WriteCSV writes (t in s with 6
// decimals, acceleration in g with 5, rates in deg/s with 4), NewCSVReader
// reads back — its units given, as the header does not name them: every
// sample, no bad line, the same channels and frame, times within 0.5 µs,
// acceleration within 0.5e-5 g and rates within 0.5e-4 deg/s of what was
// written (and a few ulps: halfDecimal). vals gives each sample's six
// values as int16: acceleration 1 g up plus up to ±1 g, rates up to
// ±1000 deg/s; samples come at a steady rate (sel picks it, the frame and
// the gyroscope) from a start time (t0, s). The errors allowed are the
// reader's refusals of values that are no accelerometer's with gravity: a
// mean vector under 0.3 g (ErrNoGravity), an |a| steady away from 1 g
// (ErrUnit).
func FuzzWriteCSVRoundTrip(f *testing.F) {
	f.Add([]byte("\x00\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0"), uint8(0), 0.0)
	f.Add(bytes.Repeat([]byte{0xff, 0x7f, 0x00, 0x80, 0x01, 0x00}, 30), uint8(5), 12.345678)
	f.Add(bytes.Repeat([]byte{0x13, 0x37}, 200), uint8(10), 1.7e3)
	f.Fuzz(func(t *testing.T, vals []byte, sel uint8, t0 float64) {
		if !(t0 >= 0 && t0 < 1e5) {
			return
		}
		rate := []float64{100, 50, 200, 52}[sel%4]
		frame := []sensor.Frame{sensor.FrameSensor, sensor.FrameAnatomical}[sel/4%2]
		gyro := sel/8%2 == 1
		l := sensor.Layout{Frame: frame, Acc: [3]bool{true, true, true}, Rate: rate}
		if gyro {
			l.Gyr = [3]bool{true, true, true}
		}
		n := max(sensor.MinLookahead+2, len(vals)/12)
		up := 2 // the sensor frame's z, the anatomical vertical
		if frame == sensor.FrameAnatomical {
			up = sensor.AxisV
		}
		ss := make([]sensor.Sample, n)
		for i := range ss {
			ss[i].T = t0 + float64(i)/rate
			ss[i].Acc[up] = g0
			for k := range 6 {
				var raw int16
				if j := 2 * (i*6 + k); j+1 < len(vals) {
					raw = int16(uint16(vals[j]) | uint16(vals[j+1])<<8)
				}
				if k < 3 {
					ss[i].Acc[k] += float64(raw) / 32768 * g0
				} else if gyro {
					ss[i].Gyr[k-3] = float64(raw) / 32768 * 1000 * math.Pi / 180
				}
			}
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, &sliceSource{layout: l, ss: append([]sensor.Sample(nil), ss...)}); err != nil {
			t.Fatal(err)
		}
		r, err := sensor.NewCSVReader(bytes.NewReader(b.Bytes()), sensor.CSVOptions{Name: "sim.csv", AccUnit: "g", GyroUnit: "dps", TimeUnit: "s"})
		if errors.Is(err, sensor.ErrUnit) || errors.Is(err, sensor.ErrNoGravity) {
			return // no gravity in the mean, or |a| steady away from 1 g
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, b.Bytes()[:min(b.Len(), 500)])
		}
		got := r.Layout()
		if got.Frame != l.Frame || got.Acc != l.Acc || got.Gyr != l.Gyr || got.GyrOwnFrame {
			t.Fatalf("layout %+v, written %+v", got, l)
		}
		const deg = math.Pi / 180
		for i, want := range ss {
			var s sensor.Sample
			if err := r.Read(&s); err != nil {
				t.Fatalf("sample %d of %d: %v", i, n, err)
			}
			if math.Abs(s.T-want.T) > halfDecimal(6, want.T) {
				t.Fatalf("sample %d at %v s, written %v s", i, s.T, want.T)
			}
			for k := range 3 {
				if math.Abs(s.Acc[k]-want.Acc[k]) > halfDecimal(5, want.Acc[k]/g0)*g0 || math.Abs(s.Gyr[k]-want.Gyr[k]) > halfDecimal(4, want.Gyr[k]/deg)*deg {
					t.Fatalf("sample %d axis %d: read %v, %v; written %v, %v", i, k, s.Acc[k], s.Gyr[k], want.Acc[k], want.Gyr[k])
				}
			}
		}
		var s sensor.Sample
		if err := r.Read(&s); err != io.EOF {
			t.Fatalf("after %d samples: %v", n, err)
		}
		if st := r.Stats(); st.Samples != n || st.BadLines != 0 {
			t.Fatalf("stats %+v for %d samples", st, n)
		}
	})
}

// FuzzWriteTruthCSVRoundTrip: the contacts WriteTruthCSV writes (times in
// s with 6 decimals, FC NaN when unknown), eval.ReadTruth reads back, in
// IC order, within 0.5 µs and with their sides. Each contact is built
// from 3 bytes: its IC 1 to 255 ms after the previous one, its contact
// time (0: no FC) and its side.
func FuzzWriteTruthCSVRoundTrip(f *testing.F) {
	f.Add([]byte("\x80\x40\x00\x80\x40\x01\x7f\x00\x02"), 0.0)
	f.Add([]byte("\x01\x01\x00\x01\x01\x01"), 1234.5678905)
	f.Fuzz(func(t *testing.T, b []byte, t0 float64) {
		if !(t0 >= 0 && t0 < 1e5) || len(b) < 3 {
			return
		}
		var cs []Contact
		ic := t0
		for i := 0; i+2 < len(b); i += 3 {
			ic += float64(max(1, int(b[i]))) / 1000
			c := Contact{IC: ic, FC: math.NaN(), Side: []byte{'L', 'R'}[b[i+2]%2]}
			if b[i+1] != 0 {
				c.FC = ic + float64(b[i+1])/1000
			}
			cs = append(cs, c)
		}
		var buf bytes.Buffer
		if err := WriteTruthCSV(&buf, cs); err != nil {
			t.Fatal(err)
		}
		truth, err := eval.ReadTruth(&buf, "truth.csv")
		if err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
		if len(truth) != len(cs) {
			t.Fatalf("%d contacts read, %d written", len(truth), len(cs))
		}
		for i, c := range cs {
			got := truth[i]
			side := map[byte]gait.Side{'L': gait.Left, 'R': gait.Right}[c.Side]
			if math.Abs(got.IC-c.IC) > halfDecimal(6, c.IC) || math.IsNaN(got.FC) != math.IsNaN(c.FC) || math.Abs(got.FC-c.FC) > halfDecimal(6, c.FC) || got.Side != side {
				t.Fatalf("contact %d: read %+v, written %+v", i, got, c)
			}
		}
	})
}
