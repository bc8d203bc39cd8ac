package sensor

import (
	"bytes"
	"io"
)

// BinaryOptions configures NewWitReader and NewRVCReader.
type BinaryOptions struct {
	// Name names the device or file in errors (FrameError.Source).
	Name string
	// Rate is the sample rate in Hz. WitMotion: required when the stream
	// carries no 0x50 time frames (the device has no other clock), and used
	// to extrapolate across missing time frames. BNO08x RVC: 0 means the
	// fixed 100 Hz of the protocol.
	Rate float64
	// AccRange is the WitMotion accelerometer full scale in g (the ±range
	// set on the device): a[g] = v/32768·AccRange. 0 means 16. Ignored for
	// RVC, which sends mg.
	AccRange float64
}

// BinaryStats counts what a binary decoder has seen so far.
type BinaryStats struct {
	Frames         int64 // frames with a valid checksum, of any type
	Samples        int64 // samples returned by Read
	ChecksumErrors int64 // corrupt spans reported as a FrameError wrapping ErrChecksum
	SyncErrors     int64 // garbage or truncated spans reported wrapping ErrSync
	SkippedBytes   int64 // bytes outside valid frames (sum of all corrupt spans)
	Dropped        int64 // RVC: frames missing according to the rolling index (lost in transit or to corruption)
	Ignored        int64 // valid frames not turned into samples (other WitMotion types, repeated RVC index)
	Untimed        int64 // WitMotion: samples without a time base (Rate 0 and no time frame), reported as FrameError
	Rebased        int64 // WitMotion: time frames shifted onto the stream's time base (starting part way, going back)
	// GyroMissing counts WitMotion samples of a stream with gyro frames
	// (Layout reports gyro axes) whose cycle had no 0x52 frame: lost, or
	// no longer sent. Their Gyr is the last rate received (0 before the
	// first).
	GyroMissing int64
	// BadTime counts WitMotion 0x50 time frames refused, each reported as
	// a FrameError at its offset: a field out of range (wrapping
	// ErrBadTimeFrame), or a lone jump ahead (wrapping ErrAhead). Their
	// cycles are timed as cycles without a time frame.
	BadTime int64
}

// maxBadSpan bounds a corrupt span: a longer run of garbage (a wrong baud
// rate, say) is reported in pieces of this many bytes, so that the caller
// keeps hearing about it.
const maxBadSpan = 4096

// frameFormat describes a fixed-length frame with a one- or two-byte sync
// header and a checksum, or a frame type byte after the header instead.
type frameFormat struct {
	size  int
	sync  byte // header byte, repeated nsync times
	nsync int
	ok    func(frame []byte) bool // checksum of a complete frame
	// typ, for a format without a checksum (ok nil), tells the frame
	// types: a frame is valid when the byte after its header is one, and
	// where split confirms a frame the next frame's header is a header
	// byte and a type, as a 55 among values is not. A header whose byte
	// after is no type is lost sync (ErrSync), not a checksum mismatch.
	typ func(b byte) bool
}

// valid reports whether a complete frame passes its checksum, or has a
// frame type (typ).
func (ff *frameFormat) valid(frame []byte) bool {
	if ff.ok == nil {
		return ff.typ(frame[ff.nsync])
	}
	return ff.ok(frame)
}

// bad is the error of a header whose frame is not valid.
func (ff *frameFormat) bad() error {
	if ff.ok == nil {
		return ErrSync
	}
	return ErrChecksum
}

// syncAt reports whether a frame header starts at data[p]. more is true
// when data ends inside what may be a header.
func (ff *frameFormat) syncAt(data []byte, p int) (match, more bool) {
	for i := 0; i < ff.nsync; i++ {
		if p+i >= len(data) {
			return false, true
		}
		if data[p+i] != ff.sync {
			return false, false
		}
	}
	return true, false
}

// nextAt reports whether the next frame's header (and type byte, with
// typ) starts at data[p], the confirmation of the frame before it; more is
// true when data ends inside it.
func (ff *frameFormat) nextAt(data []byte, p int) (match, more bool) {
	m, more := ff.syncAt(data, p)
	if !m || ff.typ == nil {
		return m, more
	}
	if p+ff.nsync >= len(data) {
		return false, true
	}
	return ff.typ(data[p+ff.nsync]), false
}

// syncIndex returns the index of the first possible frame start in data,
// len(data) if there is none. A header cut by the end of data counts as
// possible.
func (ff *frameFormat) syncIndex(data []byte) int {
	for k := 0; k < len(data); {
		j := bytes.IndexByte(data[k:], ff.sync)
		if j < 0 {
			return len(data)
		}
		p := k + j
		if m, more := ff.syncAt(data, p); m || more {
			return p
		}
		k = p + 1
	}
	return len(data)
}

// looksLike reports whether data holds three consecutive frames of this
// format that pass their checksums (one passes by chance once in 256 tries;
// three in a row, each at the next one's header, do not).
func (ff *frameFormat) looksLike(data []byte) bool {
	for k := 0; k+3*ff.size <= len(data); k++ {
		p := ff.syncIndex(data[k:]) + k
		if p+3*ff.size > len(data) {
			return false
		}
		n := 0
		for ; n < 3; n++ {
			f := data[p+n*ff.size : p+(n+1)*ff.size]
			if m, _ := ff.syncAt(f, 0); !m || !ff.valid(f) {
				break
			}
		}
		if n == 3 {
			return true
		}
		k = p
	}
	return false
}

// FrameFormat names the binary frames data holds — "witmotion", "rvc" or
// "witmotion-ble", the names of gaitd's --format, when three valid frames
// of that format follow each other in it — or returns "" (text, noise).
// It tells a port what its device sends when that is not what it was
// configured for.
func FrameFormat(data []byte) string {
	switch {
	case witFormat.looksLike(data):
		return "witmotion"
	case rvcFormat.looksLike(data):
		return "rvc"
	case witBLEFormat.looksLike(data):
		return "witmotion-ble"
	}
	return ""
}

// split is a bufio.SplitFunc-style framer with the resynchronisation rule
// of the WitMotion SDK: skip to the next header; with a whole frame
// buffered check the checksum; on a mismatch drop one byte and rescan.
//
// It returns (n, frame, nil) for a valid frame of n bytes; (0, nil, nil)
// when more data is needed; (n, nil, ErrSync) for n bytes before the next
// possible header, or a frame cut by the end of the stream; (1, nil,
// ErrChecksum) for a header whose frame fails the checksum (ErrSync
// for one without a frame type, with typ). Unlike a
// bufio.Scanner split error these are not fatal: the caller advances and
// calls again.
//
// An 8-bit checksum passes by chance once in 256 tries, so a header byte
// in line noise, or in the data of a damaged frame, can make a "frame"
// that swallows the start of the real one after it. To never lose that
// real frame, a frame that passes its checksum is confirmed: it is
// accepted when another header follows it (or the stream ends there);
// otherwise it is rejected with ErrChecksum if a header inside it starts
// a frame that also passes (for a format without a checksum, a frame that
// is itself confirmed: a frame type among the values is no evidence).
// Confirmation needs the first header byte(s)
// of the next frame (and its type byte, for a format with typ), so a
// frame is returned once those have arrived.
func (ff *frameFormat) split(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if len(data) == 0 {
		return 0, nil, nil
	}
	if i := ff.syncIndex(data); i > 0 {
		return i, nil, ErrSync
	}
	n := ff.size
	if len(data) < n {
		if atEOF {
			return len(data), nil, ErrSync
		}
		return 0, nil, nil
	}
	if !ff.valid(data[:n]) {
		return 1, nil, ff.bad()
	}
	m, more := ff.nextAt(data, n)
	switch {
	case m || (more && atEOF):
		return n, data[:n], nil
	case more:
		return 0, nil, nil
	}
	for q := 1; q < n; q++ {
		m, more := ff.syncAt(data, q)
		if !m && !more {
			continue
		}
		if q+n > len(data) {
			if atEOF {
				break
			}
			return 0, nil, nil
		}
		if !ff.valid(data[q : q+n]) {
			continue
		}
		if ff.ok == nil {
			// Without a checksum a frame type is weak evidence: the
			// frame inside rejects this one only when it is confirmed
			// itself (noise, or a frame cut short, before a real frame
			// that the next header follows). Unconfirmed, it is most
			// likely a 55 61 among this real frame's values running
			// into a next frame whose header was damaged: taken, it
			// lost this frame and made a sample of its tail and the
			// damaged frame's head.
			m, more := ff.nextAt(data, q+n)
			if more && !atEOF {
				return 0, nil, nil
			}
			if !m && !more {
				continue
			}
		}
		return 1, nil, ff.bad()
	}
	return n, data[:n], nil
}

// frameReader buffers an io.Reader and hands out valid frames, merging
// consecutive corrupt bytes into one FrameError per span.
type frameReader struct {
	ff     *frameFormat
	r      io.Reader
	name   string
	stats  *BinaryStats
	buf    []byte
	lo, hi int   // unread bytes are buf[lo:hi]
	off    int64 // stream offset of buf[lo]
	eof    bool
	err    error // read error, returned once the buffer is drained

	bad    bool // inside a corrupt span
	badOff int64
	badErr error
	badLen int
}

func newFrameReader(ff *frameFormat, r io.Reader, name string, st *BinaryStats) frameReader {
	return frameReader{ff: ff, r: r, name: name, stats: st, buf: make([]byte, 4096)}
}

// next returns the next valid frame, which stays valid until the next
// call, and its stream offset. It returns a *FrameError for a corrupt
// span (the frame that ends the span comes with the following call),
// io.EOF at the end, io.ErrNoProgress after 100 empty reads in a row, or
// the reader's error.
func (fr *frameReader) next() ([]byte, int64, error) {
	for {
		adv, tok, err := fr.ff.split(fr.buf[fr.lo:fr.hi], fr.eof)
		switch {
		case err != nil:
			if !fr.bad {
				fr.bad, fr.badOff, fr.badErr, fr.badLen = true, fr.off, err, 0
			}
			// a span ends at maxBadSpan bytes exactly, not where the
			// skip that crossed it ended: that depends on how much was
			// buffered, and so did the spans (a fuzz run found one
			// span of 4114 bytes read whole, two read a byte at a time)
			adv = min(adv, maxBadSpan-fr.badLen)
			fr.lo += adv
			fr.off += int64(adv)
			fr.badLen += adv
			fr.stats.SkippedBytes += int64(adv)
			if fr.badLen >= maxBadSpan {
				return nil, 0, fr.flush()
			}
		case tok != nil:
			if fr.bad {
				return nil, 0, fr.flush() // tok is split again on the next call
			}
			off := fr.off
			fr.lo += adv
			fr.off += int64(adv)
			return tok, off, nil
		default:
			if fr.eof {
				if fr.bad {
					return nil, 0, fr.flush()
				}
				if fr.err != nil {
					return nil, 0, fr.err
				}
				return nil, 0, io.EOF
			}
			if err := fr.fill(); err != nil {
				return nil, 0, err
			}
		}
	}
}

func (fr *frameReader) flush() error {
	fr.bad = false
	if fr.badErr == ErrChecksum {
		fr.stats.ChecksumErrors++
	} else {
		fr.stats.SyncErrors++
	}
	return &FrameError{Source: fr.name, Offset: fr.badOff, Err: fr.badErr}
}

// fill reads more bytes. split asks for more only with fewer than
// 2·size+1 bytes unread, so moving them to the front always makes room.
func (fr *frameReader) fill() error {
	if fr.lo > 0 {
		fr.hi = copy(fr.buf, fr.buf[fr.lo:fr.hi])
		fr.lo = 0
	}
	for range 100 {
		n, err := fr.r.Read(fr.buf[fr.hi:])
		if n < 0 || n > len(fr.buf)-fr.hi {
			n = 0
			if err == nil {
				err = io.ErrShortBuffer
			}
		}
		fr.hi += n
		if err != nil {
			fr.eof = true
			if err != io.EOF {
				fr.err = err
			}
			return nil
		}
		if n > 0 {
			return nil
		}
	}
	return io.ErrNoProgress
}

func getLE16(b []byte) int16 { return int16(uint16(b[0]) | uint16(b[1])<<8) }
