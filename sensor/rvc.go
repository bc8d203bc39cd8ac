package sensor

import "io"

// BNO08x UART-RVC (protocols.md §2): 19-byte frames at a fixed 100 Hz
//
//	offset 0   AA AA
//	       2   index (8-bit, rolling)
//	       3   yaw, pitch, roll int16 LE, 0.01°
//	       9   ax, ay, az int16 LE, mg
//	      15   3 reserved bytes
//	      18   sum(bytes 2..17) & 0xFF
const (
	rvcSize = 19
	rvcSync = 0xAA
	rvcRate = 100
)

var rvcFormat = frameFormat{size: rvcSize, sync: rvcSync, nsync: 2, ok: rvcSumOK}

func rvcSumOK(f []byte) bool {
	var s byte
	for _, b := range f[2:18] {
		s += b
	}
	return s == f[18]
}

// splitRVC is a bufio.SplitFunc-style framer for RVC frames; see
// frameFormat.split.
func splitRVC(data []byte, atEOF bool) (advance int, token []byte, err error) {
	return rvcFormat.split(data, atEOF)
}

// rvcFrame is one decoded RVC frame in raw units.
type rvcFrame struct {
	index            byte
	yaw, pitch, roll int16    // 0.01°
	acc              [3]int16 // mg
}

// parseRVC checks and decodes one 19-byte frame.
func parseRVC(frame []byte) (rvcFrame, error) {
	if len(frame) != rvcSize || frame[0] != rvcSync || frame[1] != rvcSync {
		return rvcFrame{}, ErrSync
	}
	if !rvcSumOK(frame) {
		return rvcFrame{}, ErrChecksum
	}
	return rvcFrame{
		index: frame[2],
		yaw:   getLE16(frame[3:]),
		pitch: getLE16(frame[5:]),
		roll:  getLE16(frame[7:]),
		acc:   [3]int16{getLE16(frame[9:]), getLE16(frame[11:]), getLE16(frame[13:])},
	}, nil
}

// RVCReader decodes a BNO08x UART-RVC byte stream into samples. It
// implements Source. RVC carries acceleration (mg, sensor frame, gravity
// included) and orientation but no angular rate: Gyr is always 0 and
// Layout reports no gyro axes.
//
// Timestamps come from the rolling 8-bit index, unwrapped: T = n/Rate
// with n = 0 at the first frame and Rate = 100 Hz unless
// BinaryOptions.Rate says otherwise. An index step of k > 1 counts k−1
// dropped frames (Stats.Dropped; frames lost to corruption are counted
// there too) and advances T by k periods; no samples are invented. A
// repeated index is ignored (Stats.Ignored). A loss of 256 frames or more
// cannot be seen in the index (a live serial port's silence is timed by
// the wall clock in sensor/serial, which picks the number of wraps).
type RVCReader struct {
	fr      frameReader
	opt     BinaryOptions
	rate    float64
	stats   BinaryStats
	started bool
	index   byte
	n       int64 // unwrapped index relative to the first frame
	end     int64 // SampleEnd
}

var _ Source = (*RVCReader)(nil)

// NewRVCReader returns a reader of RVC frames from r. It does not read.
// It panics if opt.Rate is negative or not finite.
func NewRVCReader(r io.Reader, opt BinaryOptions) *RVCReader {
	checkBinaryOptions(opt)
	if opt.Name == "" {
		opt.Name = "bno08x-rvc"
	}
	rr := &RVCReader{opt: opt, rate: opt.Rate}
	if rr.rate == 0 {
		rr.rate = rvcRate
	}
	rr.fr = newFrameReader(&rvcFormat, r, opt.Name, &rr.stats)
	return rr
}

// Layout returns sensor-frame x, y, z acceleration, no gyro, and the rate.
func (r *RVCReader) Layout() Layout {
	return Layout{Frame: FrameSensor, Acc: [3]bool{true, true, true}, Rate: r.rate}
}

// Stats returns the counts so far.
func (r *RVCReader) Stats() BinaryStats { return r.stats }

// SampleEnd returns the stream offset just past the frame of the sample
// the last successful Read returned (0 before one): a frame is returned
// once the next one's header has arrived, so a caller that dates samples
// by the arrival of their bytes goes by this offset (see WitReader's).
func (r *RVCReader) SampleEnd() int64 { return r.end }

// Read fills s with the next sample: Acc in m/s² (mg × G0/1000), Gyr 0,
// T from the index as described for RVCReader. It returns io.EOF at the
// end of the stream and a *FrameError (byte offset of the span, wrapping
// ErrChecksum or ErrSync) for each run of corrupt or unframed bytes;
// reading may continue after it. A failing reader's error is returned
// once the bytes before it are decoded, and io.ErrNoProgress after 100
// empty reads in a row.
func (r *RVCReader) Read(s *Sample) error {
	for {
		frame, off, err := r.fr.next()
		if err != nil {
			return err
		}
		r.stats.Frames++
		f, _ := parseRVC(frame) // checked by split
		if r.started {
			d := f.index - r.index
			if d == 0 {
				r.stats.Ignored++
				continue
			}
			r.n += int64(d)
			r.stats.Dropped += int64(d) - 1
		}
		r.started, r.index = true, f.index
		s.T = float64(r.n) / r.rate
		for i, v := range f.acc {
			s.Acc[i] = float64(v) * (G0 / 1000)
		}
		s.Gyr = [3]float64{}
		r.end = off + int64(len(frame))
		r.stats.Samples++
		return nil
	}
}
