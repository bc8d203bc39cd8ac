package sensor

import (
	"io"
	"math"
)

// WitMotion Bluetooth 5.0 sensors (BWT901BLE5.0, WT901BLECL, …;
// protocols.md §1, WITMOTION/WitBluetooth_BWT901BLE5_0 device_model.py)
// notify one 20-byte frame per sample, with no checksum:
//
//	offset 0   55 61
//	       2   ax, ay, az int16 LE   a[g]   = v/32768·AccRange (±16 g by default)
//	       8   wx, wy, wz int16 LE   w[°/s] = v/32768·2000
//	      14   roll, pitch, yaw      angle[°] = v/32768·180
//
// A register read's reply comes as 55 71, the register's address and
// eight int16 values: the same size, ignored.
const (
	witBLESize  = 20
	witBLEData  = 0x61
	witBLEReply = 0x71
)

// witBLEFormat frames the notifications. With no checksum, the second
// byte stands in for one: a frame starts 55 61 or 55 71, and split
// accepts it once the next frame's 55 61 or 55 71 follows (or the stream
// ends), so a 55 61 inside a frame's values does not take the real frame
// after it, nor does a frame cut short whose 20 bytes end at a 55 among
// the next one's values; a 55 61 among a frame's values rejects that frame
// only when the "frame" it starts is confirmed itself, so a real frame
// followed by a damaged header is kept.
var witBLEFormat = frameFormat{size: witBLESize, sync: witSync, nsync: 1, typ: witBLEType}

func witBLEType(b byte) bool { return b == witBLEData || b == witBLEReply }

// WitBLEReader decodes the frames a WitMotion Bluetooth 5.0 sensor
// notifies (as a bridge relays them over a serial port, TCP or UDP, or a
// dump of them) into samples. It implements Source.
//
// The frames carry no time: sample n (counting 55 61 frames from 0) is at
// T = n/Rate, Rate the sensor's output rate (BinaryOptions.Rate, required:
// 10 Hz by default on the device, set to 50–200 Hz for gait). A frame lost
// in transit cannot be seen in the stream (a live port's silence is timed
// by the wall clock in sensor/serial). Register replies (55 71) are
// counted in Stats.Ignored; bytes outside frames as corrupt spans.
type WitBLEReader struct {
	fr    frameReader
	opt   BinaryOptions
	stats BinaryStats
	n     int64 // 55 61 frames decoded
	end   int64 // SampleEnd
	// a count's acceleration (m/s²) and angular rate (rad/s)
	accLSB, gyrLSB float64
}

var _ Source = (*WitBLEReader)(nil)

// NewWitBLEReader returns a reader of WitMotion BLE frames from r. It does
// not read. It panics if opt.Rate is not over 0 and finite, or
// opt.AccRange negative or not finite.
func NewWitBLEReader(r io.Reader, opt BinaryOptions) *WitBLEReader {
	checkBinaryOptions(opt)
	if opt.Rate == 0 {
		panic("sensor: NewWitBLEReader needs BinaryOptions.Rate: the frames carry no time")
	}
	if opt.Name == "" {
		opt.Name = "witmotion-ble"
	}
	if opt.AccRange == 0 {
		opt.AccRange = 16
	}
	w := &WitBLEReader{opt: opt, accLSB: opt.AccRange * G0 / 32768, gyrLSB: 2000 * math.Pi / 180 / 32768}
	w.fr = newFrameReader(&witBLEFormat, r, opt.Name, &w.stats)
	return w
}

// Layout returns sensor-frame x, y, z acceleration and angular rate, the
// rate from the options and ClipAcc = AccRange·G0.
func (w *WitBLEReader) Layout() Layout {
	return Layout{Frame: FrameSensor, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}, Rate: w.opt.Rate, ClipAcc: w.opt.AccRange * G0}
}

// Stats returns the counts so far.
func (w *WitBLEReader) Stats() BinaryStats { return w.stats }

// SampleEnd returns the stream offset just past the frame of the sample
// the last successful Read returned (0 before one): a frame is returned
// once the next one's header has arrived, so a caller that dates samples
// by the arrival of their bytes goes by this offset (see WitReader's).
func (w *WitBLEReader) SampleEnd() int64 { return w.end }

// Read fills s with the next sample: Acc in m/s² (v/32768·AccRange·G0),
// Gyr in rad/s (v/32768·2000·π/180), T = n/Rate. It returns io.EOF at the
// end of the stream and a *FrameError (byte offset of the span, wrapping
// ErrSync: bytes that are not a frame, a 55 not followed by 61 or 71
// where a frame should start, or a frame cut by the end) for each run of
// corrupt or unframed bytes (Stats.SyncErrors); reading
// may continue after it. A failing reader's error is returned once the
// bytes before it are decoded, and io.ErrNoProgress after 100 empty reads
// in a row.
func (w *WitBLEReader) Read(s *Sample) error {
	for {
		frame, off, err := w.fr.next()
		if err != nil {
			return err
		}
		w.stats.Frames++
		if frame[1] != witBLEData {
			w.stats.Ignored++
			continue
		}
		for i := range 3 {
			s.Acc[i] = float64(getLE16(frame[2+2*i:])) * w.accLSB
			s.Gyr[i] = float64(getLE16(frame[8+2*i:])) * w.gyrLSB
		}
		s.T = float64(w.n) / w.opt.Rate
		w.n++
		w.end = off + int64(len(frame))
		w.stats.Samples++
		return nil
	}
}

// AppendWitBLE appends the 20-byte 55 61 frame of sample s to dst for a
// sensor of ±accRange g (0: 16), as a WitMotion BLE sensor notifies it,
// and returns it; values beyond the int16 range saturate, and the angles
// are 0. For tests and simulators.
func AppendWitBLE(dst []byte, s Sample, accRange float64) []byte {
	if accRange == 0 {
		accRange = 16
	}
	raw := func(v, full float64) uint16 {
		return uint16(int16(math.Max(-32768, math.Min(32767, math.Round(v/full*32768)))))
	}
	f := [witBLESize]byte{witSync, witBLEData}
	for i := range 3 {
		a, g := raw(s.Acc[i]/G0, accRange), raw(s.Gyr[i]*180/math.Pi, 2000)
		f[2+2*i], f[3+2*i] = byte(a), byte(a>>8)
		f[8+2*i], f[9+2*i] = byte(g), byte(g>>8)
	}
	return append(dst, f[:]...)
}
