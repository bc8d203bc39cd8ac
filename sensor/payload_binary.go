package sensor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// gaitd-binary ("GDB1"): the gaitd-json batch in compact form for small
// MQTT packets: within PubSubClient's default 256-byte packet (about 20
// bytes of it go to the MQTT header and topic "gait/shoe-l/imu") fit 34
// int16 acc-only samples or 17 with gyro. All fields little-endian:
//
//	offset  size  field
//	0       4     magic "GDB1"
//	4       1     version, 1
//	5       1     flags: bit 0 gyro present, bit 1 float32 values (else
//	              int16), bit 2 seq present; other bits must be 0
//	6       1     n, device name length (0 = none, use the topic)
//	7       n     device name, UTF-8
//	7+n     8     t0, int64 ns since the Unix epoch, time of sample 0
//	15+n    4     rate, float32 Hz, in (0, 100000]; sample i is at
//	              t0 + round(i·1e9/rate) ns
//	19+n    2     count, uint16, ≥ 1
//	21+n    4     seq, uint32 (only when flag bit 2 is set)
//	h       …     count records, each acc x, y, z then, with gyro, gyr x, y, z:
//	              int16: acc in mg (0.001·9.80665 m/s², ±32.767 g),
//	                     gyro in 0.01 rad/s (±327.67 rad/s)
//	              float32: acc in m/s², gyro in rad/s (finite)
//
// The message is exactly h + count·record bytes (record = 6 or 12 bytes
// for int16, 12 or 24 for float32); shorter or longer is an error. A
// float32 record with a NaN or infinite value is skipped and named in
// Payload.BadLines ("byte 45: sample 2: NaN or Inf"), the other records
// read at their own times; a message none of whose records reads is an
// error, BadLines naming each.
// Decoding allocates nothing in the steady state.

var gdbMagic = [4]byte{'G', 'D', 'B', '1'}

// Binary payload flags.
const (
	gdbGyro    = 1 << 0
	gdbFloat32 = 1 << 1
	gdbSeq     = 1 << 2
	gdbVersion = 1
)

// Scales of the int16 encoding.
const (
	gdbAccLSB = G0 / 1000 // m/s² per count (1 mg)
	gdbGyrLSB = 0.01      // rad/s per count
)

// BinaryPayloadHeader describes a gaitd-binary message for
// AppendBinaryPayload.
type BinaryPayloadHeader struct {
	Device  string  // ≤ 255 bytes of UTF-8; "" to rely on the topic
	T0      int64   // time of the first sample, ns since the Unix epoch
	Rate    float64 // Hz, stored as float32
	Gyro    bool    // include the samples' Gyr
	Float32 bool    // float32 SI values instead of int16 mg and 0.01 rad/s
	Seq     int64   // sequence number 0 … 2³²−1, or −1 for none
}

// ErrBinaryEncode is wrapped by AppendBinaryPayload's errors.
var ErrBinaryEncode = errors.New("cannot encode gaitd-binary payload")

// AppendBinaryPayload appends the gaitd-binary encoding of samples to b
// and returns the extended slice. The samples' T is not stored: times are
// h.T0 + i/h.Rate. In int16 mode values are rounded to 1 mg and
// 0.01 rad/s; values out of the int16 range, non-finite values, more than
// 65535 samples or none are errors (b is then returned unchanged).
func AppendBinaryPayload(b []byte, h BinaryPayloadHeader, samples []Sample) ([]byte, error) {
	fail := func(msg string, args ...any) ([]byte, error) {
		return b, fmt.Errorf("%w: %s", ErrBinaryEncode, fmt.Sprintf(msg, args...))
	}
	switch {
	case len(h.Device) > 255 || !utf8.ValidString(h.Device):
		return fail("device name longer than 255 bytes or not UTF-8")
	case !(h.Rate > 0 && h.Rate <= maxPayloadRate) || float32(h.Rate) <= 0:
		return fail("rate %g out of range", h.Rate)
	case len(samples) == 0 || len(samples) > math.MaxUint16:
		return fail("%d samples (want 1 … 65535)", len(samples))
	case h.Seq < -1 || h.Seq > math.MaxUint32:
		return fail("seq %d out of range", h.Seq)
	}
	start := len(b)
	var flags byte
	if h.Gyro {
		flags |= gdbGyro
	}
	if h.Float32 {
		flags |= gdbFloat32
	}
	if h.Seq >= 0 {
		flags |= gdbSeq
	}
	b = append(b, gdbMagic[:]...)
	b = append(b, gdbVersion, flags, byte(len(h.Device)))
	b = append(b, h.Device...)
	b = binary.LittleEndian.AppendUint64(b, uint64(h.T0))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(h.Rate)))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(samples)))
	if h.Seq >= 0 {
		b = binary.LittleEndian.AppendUint32(b, uint32(h.Seq))
	}
	put := func(v, lsb float64) bool {
		if h.Float32 {
			f := float32(v)
			if !payloadFinite(float64(f)) {
				return false
			}
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
			return true
		}
		c := math.Round(v / lsb)
		if !(c >= math.MinInt16 && c <= math.MaxInt16) {
			return false
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(int16(c)))
		return true
	}
	// bad says which value of which sample cannot be sent, and why.
	bad := func(i int, ch string, k int, v, lsb float64, unit string) error {
		why := "not a finite float32"
		if !h.Float32 {
			why = fmt.Sprintf("out of the int16 range ±%.4g %s", math.MaxInt16*lsb, unit)
		}
		return fmt.Errorf("%w: sample %d: %s[%d] = %g %s: %s", ErrBinaryEncode, i, ch, k, v, unit, why)
	}
	for i := range samples {
		s := &samples[i]
		for k, v := range s.Acc {
			if !put(v, gdbAccLSB) {
				return b[:start], bad(i, "acc", k, v, gdbAccLSB, "m/s²")
			}
		}
		if h.Gyro {
			for k, v := range s.Gyr {
				if !put(v, gdbGyrLSB) {
					return b[:start], bad(i, "gyr", k, v, gdbGyrLSB, "rad/s")
				}
			}
		}
	}
	return b, nil
}

func decodeGaitdBinary(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadGaitdBinary
	at := func(off int) string { return fmt.Sprintf("byte %d", off) }
	if len(data) < 7 {
		return perr(F, at(len(data)), "truncated header (%d bytes)", len(data))
	}
	if [4]byte(data[:4]) != gdbMagic {
		return perr(F, at(0), "bad magic %q (want \"GDB1\")", data[:4])
	}
	if data[4] != gdbVersion {
		return perr(F, at(4), "unsupported version %d (want 1)", data[4])
	}
	flags := data[5]
	if flags&^(gdbGyro|gdbFloat32|gdbSeq) != 0 {
		return perr(F, at(5), "unknown flags %#02x", flags)
	}
	n := int(data[6])
	h := 7 + n + 8 + 4 + 2
	if flags&gdbSeq != 0 {
		h += 4
	}
	if len(data) < h {
		return perr(F, at(len(data)), "truncated header (%d bytes, want %d)", len(data), h)
	}
	name := data[7 : 7+n]
	if !utf8.Valid(name) {
		return perr(F, at(7), "device name is not UTF-8")
	}
	o := 7 + n
	t0 := int64(binary.LittleEndian.Uint64(data[o:]))
	rate := float64(math.Float32frombits(binary.LittleEndian.Uint32(data[o+8:])))
	if !(rate > 0 && rate <= maxPayloadRate) {
		return perr(F, at(o+8), "rate %g out of range (0, %d]", rate, maxPayloadRate)
	}
	count := int(binary.LittleEndian.Uint16(data[o+12:]))
	if count == 0 {
		return perr(F, at(o+12), "no samples")
	}
	if count > opt.MaxSamples {
		return perr(F, at(o+12), "%d samples, more than the limit of %d", count, opt.MaxSamples)
	}
	if flags&gdbSeq != 0 {
		p.Seq = int64(binary.LittleEndian.Uint32(data[o+14:]))
	}
	hasGyr := flags&gdbGyro != 0
	f32 := flags&gdbFloat32 != 0
	vals := 3
	if hasGyr {
		vals = 6
	}
	size := 2
	if f32 {
		size = 4
	}
	rec := vals * size
	if want := h + count*rec; len(data) != want {
		return perr(F, at(len(data)), "%d bytes for %d samples of %d bytes after a %d-byte header, want %d",
			len(data), count, rec, h, want)
	}
	p.sc.dev = append(p.sc.dev[:0], name...)
	p.T0 = t0
	p.Samples = growSamples(p.Samples, count)
	d := data[h:]
	j := 0 // samples kept
	for i := range count {
		s := &p.Samples[j]
		var v [6]float64
		for k := range vals {
			if f32 {
				v[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(d[k*4:])))
			} else {
				c := float64(int16(binary.LittleEndian.Uint16(d[k*2:])))
				if k < 3 {
					v[k] = c * gdbAccLSB
				} else {
					v[k] = c * gdbGyrLSB
				}
			}
		}
		s.Acc = [3]float64{v[0], v[1], v[2]}
		s.Gyr = [3]float64{v[3], v[4], v[5]}
		ns, ok := rateTime(t0, i, rate)
		if !ok {
			p.BadLines = p.BadLines[:0] // (the message's time base: refused whole)
			return perr(F, at(o), "sample %d's time overflows int64", i)
		}
		if !finite3(s.Acc) || !finite3(s.Gyr) {
			// skipped, the others read (their times are their own)
			p.BadLines = append(p.BadLines, perr(F, at(len(data)-len(d)), "sample %d: NaN or Inf", i))
			d = d[rec:]
			continue
		}
		if j == 0 {
			p.T0 = ns
		}
		s.T = secondsOf(ns, opt)
		d = d[rec:]
		j++
	}
	p.Samples = p.Samples[:j]
	if j == 0 {
		return noneReads(F, p) // (each sample named in BadLines, and counted)
	}
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{hasGyr, hasGyr, hasGyr}, Rate: rate}
	return nil
}
