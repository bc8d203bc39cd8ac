package sensor

import "io"

// FormatHyperIMU is the CSV stream of the HyperIMU Android app
// (ianovir/HIMUServer; protocols.md §8), sent over UDP or TCP or written to a
// file: one packet a sample, its values separated by commas and ended by
// '#' or a line end — an optional timestamp (epoch ms), an optional MAC
// address, then three values per sensor in the order the user chose
// (accelerometer m/s², gyroscope rad/s), and GPS values last when enabled.
// There is no header: the fields are read as a headerless text line's
// (time, acceleration and gyroscope found from the values), or named by
// CSVOptions.Columns when the sensors or GPS make that ambiguous. The MAC
// address is left out before the line is read.
const FormatHyperIMU = "hyperimu"

// hyperIMULines reads a HyperIMU stream as text lines: each packet end
// ('#', "\r\n", '\r' or '\n'; '#' and a line end after it are one end, as
// in a file of packets one a line) becomes one '\n', and a field shaped
// like a MAC address (six pairs of hex digits joined by ':' or '-') is
// dropped with its comma. The output does not depend on how the input is
// split into reads.
type hyperIMULines struct {
	r   io.Reader
	out []byte // converted; out[off:] not yet read
	off int
	// field holds the start of the current field while it may still be a
	// MAC address (held; at most heldMax bytes)
	field []byte
	held  bool
	comma bool // a ',' is due before the next field passed on
	// end: the previous byte ended a packet, and what may follow as part
	// of that end: after '#' a line end, after '\r' a '\n'
	end   byte
	ended bool // the end of the input was converted
	err   error
	buf   [4096]byte
}

// macLen is the length of a MAC address, aa:bb:cc:dd:ee:ff; heldMax
// leaves room for spaces around it.
const macLen, heldMax = 17, 24

// NewHyperIMULines returns a reader of r's HyperIMU packets as text lines
// ('\n'-ended, the MAC address left out): what NewCSVReader reads with
// format hyperimu. A live source that looks at lines before the CSV
// reader does (gaitd serve's serial text path) reads through it and gives
// the CSV reader the result; converting lines again changes nothing.
func NewHyperIMULines(r io.Reader) io.Reader { return newHyperIMULines(r) }

func newHyperIMULines(r io.Reader) *hyperIMULines {
	return &hyperIMULines{r: r, held: true, field: make([]byte, 0, heldMax)}
}

func (h *hyperIMULines) Read(p []byte) (int, error) {
	for h.off == len(h.out) {
		h.out, h.off = h.out[:0], 0
		if h.err != nil {
			if !h.ended { // a last packet without its end
				h.ended = true
				h.endField(0)
				continue
			}
			return 0, h.err
		}
		n, err := h.r.Read(h.buf[:])
		h.convert(h.buf[:n])
		if err != nil {
			h.err = err
		}
		if n == 0 && err == nil {
			return 0, nil
		}
	}
	n := copy(p, h.out[h.off:])
	h.off += n
	return n, nil
}

// convert turns the bytes b into output.
func (h *hyperIMULines) convert(b []byte) {
	for _, c := range b {
		prev := h.end
		h.end = 0
		switch {
		case c == '\n' && prev != 0:
			// (the '#' or '\r' before it ended the line)
		case c == '\r' && prev == '#':
			h.end = '\r' // (and a '\n' after it)
		case c == '\n' || c == '#' || c == '\r':
			h.endField('\n')
			if c != '\n' {
				h.end = c
			}
		case c == ',':
			h.endField(',')
		case !h.held:
			h.out = append(h.out, c)
		case len(h.field) < heldMax && (isHex(c) || c == ':' || c == '-' || c == ' '):
			h.field = append(h.field, c)
		default:
			// not a MAC address: the field is passed on as it comes
			h.pass()
			h.out = append(h.out, c)
			h.held = false
		}
	}
}

// pass passes on the comma due and the field held.
func (h *hyperIMULines) pass() {
	if h.comma {
		h.out = append(h.out, ',')
		h.comma = false
	}
	h.out = append(h.out, h.field...)
	h.field = h.field[:0]
}

// endField ends the current field with sep (',' or '\n'; 0 at the end of
// the input). A MAC address is dropped with the comma after it, or, last
// on its line, the comma before it; anything else is passed on.
func (h *hyperIMULines) endField(sep byte) {
	if h.held && isMAC(h.field) {
		h.field = h.field[:0]
		if sep != ',' {
			h.comma = false
		}
	} else {
		h.pass()
		h.comma = sep == ','
	}
	if sep == '\n' {
		h.out = append(h.out, sep)
	}
	h.held = true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isMAC reports whether f is six pairs of hex digits joined by ':' or '-'
// (spaces around it allowed).
func isMAC(f []byte) bool {
	i, j := 0, len(f)
	for i < j && f[i] == ' ' {
		i++
	}
	for j > i && f[j-1] == ' ' {
		j--
	}
	f = f[i:j]
	if len(f) != macLen {
		return false
	}
	for k, c := range f {
		if k%3 == 2 {
			if c != ':' && c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}
