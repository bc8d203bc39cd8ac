// Package sensor holds the sample type every source produces and the readers
// and decoders that turn recorded files and device byte streams into samples.
//
// Units inside gaitd are SI: seconds, metres per second squared (specific
// force, gravity included, so a sensor at rest reads ≈ 9.80665 m/s² upwards)
// and radians per second. Readers convert at the edge.
package sensor

import (
	"errors"
	"fmt"
)

// G0 is standard gravity in m/s².
const G0 = 9.80665

// Sample is one IMU reading.
//
// T is the device timestamp in seconds on the source's own time base (the
// numbers of a file's time column, or sample index / rate). Acc is specific
// force in m/s² with gravity included; Gyr is angular rate in rad/s. How the
// three axes are to be read, and which of them carry data, is given by the
// stream's Layout, not by the sample.
type Sample struct {
	T   float64
	Acc [3]float64
	Gyr [3]float64
}

// Frame tells how the axes of a stream are oriented.
type Frame uint8

const (
	// FrameSensor: x, y, z of the sensor itself, mounted in an unknown
	// orientation. gaitd estimates the vertical and forward directions.
	FrameSensor Frame = iota
	// FrameAnatomical: axes already aligned with the body. Index 0 is vertical
	// (positive up), 1 is anteroposterior (positive forward), 2 is
	// mediolateral (positive right).
	FrameAnatomical
)

// Anatomical axis indices, valid when Layout.Frame is FrameAnatomical.
const (
	AxisV  = 0 // vertical, up
	AxisAP = 1 // anteroposterior, forward
	AxisML = 2 // mediolateral, right
)

// String returns "sensor" or "anatomical".
func (f Frame) String() string {
	switch f {
	case FrameSensor:
		return "sensor"
	case FrameAnatomical:
		return "anatomical"
	}
	return fmt.Sprintf("Frame(%d)", uint8(f))
}

// Layout describes the channels of a stream.
type Layout struct {
	Frame Frame
	// Acc and Gyr tell which axes carry data; absent axes read 0.
	Acc [3]bool
	Gyr [3]bool
	// Rate is the nominal sample rate in Hz, 0 when unknown (then derived
	// from the timestamps).
	Rate float64
	// ClipAcc is the magnitude in m/s² at which the accelerometer saturates,
	// 0 when unknown.
	ClipAcc float64
	// GyrOwnFrame: the rates are about the sensor's own axes (gx, gy, gz,
	// mounted in an unknown orientation) while Frame, which the
	// acceleration follows, is FrameAnatomical — a recording whose
	// acceleration was aligned to the body and whose rates were not, or are
	// not known to be. A consumer that needs both in one frame ignores the
	// rates (a waist engine); one that reads only the swing's principal
	// axis uses them (a shoe or shank engine).
	GyrOwnFrame bool
}

// AccAxes returns how many accelerometer axes carry data.
func (l Layout) AccAxes() int { return count(l.Acc) }

// HasGyro reports whether all three gyro axes carry data.
func (l Layout) HasGyro() bool { return count(l.Gyr) == 3 }

func count(b [3]bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// Source is what the engine consumes: a stream of samples with a layout.
//
// Read fills s (every field) with the next sample. It returns io.EOF at
// the end of the stream. A *LineError or *FrameError (use errors.As)
// describes one bad record: the record is not returned, readers count it
// in their statistics, and reading may continue. Any other error ends the
// stream, as io.EOF does: ErrTooManyBadLines (a text recording with too
// many bad lines), the underlying reader's error, or io.ErrNoProgress (a
// reader that keeps returning no data).
type Source interface {
	Layout() Layout
	Read(s *Sample) error
}

// ErrNotRecording is returned when a file does not look like an IMU
// recording at all (no acceleration columns, binary data, and so on).
var ErrNotRecording = errors.New("not an IMU recording")

// LineError describes a bad line of a text recording. It names the file,
// the 1-based line number and what was wrong, in the style of
// encoding/csv's ParseError.
type LineError struct {
	File   string // file name or device; may be empty
	Line   int    // 1-based line number
	Column string // offending column, may be empty
	Err    error
}

// Error returns "file:line: what", with the column when known.
func (e *LineError) Error() string {
	where := e.File
	if where == "" {
		where = "input"
	}
	if e.Column != "" {
		return fmt.Sprintf("%s:%d: column %q: %v", where, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", where, e.Line, e.Err)
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *LineError) Unwrap() error { return e.Err }

// FrameError describes a corrupt frame of a binary stream at a byte offset.
type FrameError struct {
	Source string // file name or device
	Offset int64  // byte offset of the frame's first byte
	Err    error
}

// Error returns "source: byte offset: what".
func (e *FrameError) Error() string {
	where := e.Source
	if where == "" {
		where = "stream"
	}
	return fmt.Sprintf("%s: byte %d: %v", where, e.Offset, e.Err)
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *FrameError) Unwrap() error { return e.Err }

// Errors wrapped by LineError and FrameError, for errors.Is.
var (
	ErrParse       = errors.New("unparsable value")
	ErrNonFinite   = errors.New("value is NaN or Inf")
	ErrBackwards   = errors.New("timestamp goes backwards")
	ErrAhead       = errors.New("timestamp jumps ahead of the lines around it")
	ErrMagnitude   = errors.New("absurd magnitude")
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrChecksum    = errors.New("checksum mismatch")
	ErrSync        = errors.New("lost frame sync")
	ErrDuplicateTS = errors.New("duplicate timestamp")
)
