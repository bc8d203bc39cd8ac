package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Detection: NewCSVReader buffers the first lines, finds the header (or
// decides there is none), maps columns to channels and decides units, rate
// and clipping from the buffered data lines.

// lineKind classifies a buffered line.
type lineKind uint8

const (
	lineText    lineKind = iota
	lineNumeric          // every field is a number
	lineMixed            // mostly numbers, some text such as a date
	linePlotter          // Key:value tokens
)

// lineInfo is the shape of a line.
type lineInfo struct {
	kind   lineKind
	sep    byte
	dec    byte
	nf     int
	keys   string // Serial Plotter keys joined by NUL
	finite int    // fields holding a finite number (not NaN or Inf)
}

func (i lineInfo) dataLike() bool { return i.kind != lineText }

func (i lineInfo) sameShape(j lineInfo) bool {
	return (i.kind == linePlotter) == (j.kind == linePlotter) && i.sep == j.sep && i.nf == j.nf && i.keys == j.keys
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// classifyLine finds the separator, decimal mark and kind of a line.
func classifyLine(t []byte) lineInfo {
	if keys, sep, fin, ok := plotterKeys(t); ok {
		// (finite counted as for other lines: a plotter line left it
		// 0, so none counted among the lookahead's data lines, and a
		// serial port read 1 MiB of them before its first sample)
		return lineInfo{kind: linePlotter, sep: sep, dec: '.', nf: len(keys), keys: strings.Join(keys, "\x00"), finite: fin}
	}
	sep := detectSep(t)
	dec := byte('.')
	if sep != ',' && countOutside(t, ',') > 0 {
		dec = ','
	}
	fields := splitFields(t, sep)
	if dec == '.' && commaDecimals(fields) {
		dec = ',' // quoted: "0,78094";"-0,11149" or "0,78","-0,11"
	}
	num, fin := 0, 0
	for _, f := range fields {
		v, err := parseNumber([]byte(f), dec)
		if err == nil || errors.Is(err, strconv.ErrRange) {
			num++
			if err == nil && finite(v) {
				fin++
			}
		}
	}
	info := lineInfo{sep: sep, dec: dec, nf: len(fields), finite: fin}
	switch {
	case num > 0 && num == len(fields):
		info.kind = lineNumeric
	case num >= 2 && 2*num >= len(fields):
		info.kind = lineMixed
	}
	return info
}

// commaDecimals reports whether a field (unquoted) is a number with a
// decimal comma that cannot be a thousands separator: digits, one comma,
// then other than three digits, or a zero integer part ("0,780", "-0,11",
// "9,81" — not "1,234", nor "16,384" raw counts). Unquoted decimal commas
// with another separator are found by detectSep's caller; in quotes
// (every field quoted, as some exports write them) they hide from it.
func commaDecimals(fields []string) bool {
	for _, f := range fields {
		f = strings.TrimLeft(f, "+-")
		i, frac, ok := strings.Cut(f, ",")
		if !ok || i == "" || frac == "" || strings.Trim(i, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
			continue
		}
		if len(frac) != 3 || strings.Trim(i, "0") == "" {
			return true
		}
	}
	return false
}

// plotterKeys recognises an Arduino Serial Plotter line,
// "AccelX:0.12,AccelY:-0.34,AccelZ:9.81, GyroX:0.00", and returns its keys
// and the number of its values that are finite.
func plotterKeys(t []byte) (keys []string, sep byte, fin int, ok bool) {
	if bytes.IndexByte(t, ':') < 0 {
		return nil, 0, 0, false
	}
	switch {
	case bytes.IndexByte(t, ',') >= 0:
		sep = ','
	case bytes.IndexByte(t, '\t') >= 0:
		sep = '\t'
	default:
		sep = ' '
	}
	for _, f := range splitFields(t, sep) {
		k, v, found := strings.Cut(f, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		x, err := parseNumber([]byte(v), '.')
		if !found || k == "" || !isLetter(k[0]) || err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, 0, 0, false
		}
		if err == nil && finite(x) {
			fin++
		}
		keys = append(keys, k)
	}
	return keys, sep, fin, len(keys) > 0
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' || c == '_' }

// detectSep picks the separator: tab, semicolon or comma, whichever is
// present in that order outside quotes, else runs of blanks. A tab next
// to a comma (",\t": a sketch printing a comma and a tab between values)
// is no separator: the comma is.
func detectSep(t []byte) byte {
	for _, c := range []byte{'\t', ';', ','} {
		if countOutside(t, c) > 0 && !(c == '\t' && commaByTab(t)) {
			return c
		}
	}
	return ' '
}

// commaByTab reports whether a comma in t stands next to a tab, spaces
// between them aside.
func commaByTab(t []byte) bool {
	for i, c := range t {
		if c != ',' {
			continue
		}
		j := i + 1
		for j < len(t) && t[j] == ' ' {
			j++
		}
		k := i - 1
		for k >= 0 && t[k] == ' ' {
			k--
		}
		if j < len(t) && t[j] == '\t' || k >= 0 && t[k] == '\t' {
			return true
		}
	}
	return false
}

func countOutside(t []byte, c byte) int {
	n, inQ := 0, false
	for _, b := range t {
		switch {
		case b == '"':
			inQ = !inQ
		case b == c && !inQ:
			n++
		}
	}
	return n
}

// binaryNote says what binary input is, from its first bytes ("": not
// known): an archive, or frames gaitd reads with --format.
func (r *CSVReader) binaryNote() string {
	b := r.head.head
	switch {
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return ": gzip-compressed: decompress it first (gunzip)"
	case len(b) >= 4 && string(b[:4]) == "PK\x03\x04":
		return ": a zip archive: extract the recording first"
	}
	switch FrameFormat(b) {
	case "witmotion":
		return ": WitMotion frames: read them with --format witmotion --rate <the sensor's output rate>"
	case "rvc":
		return ": BNO08x UART-RVC frames: read them with --format rvc"
	case "witmotion-ble":
		return ": WitMotion Bluetooth 5.0 frames: read them with --format witmotion-ble --rate <the sensor's output rate>"
	}
	return ""
}

// unfilledTail reports whether header fields f name more columns than the
// data lines hold because the last ones are not filled there: the lines'
// fields are the header's first ones, and it names acceleration among them
// — "t,acc_v,acc_ap,note" over "0.01,0.98,0.02," (a trailing separator
// opens no field, see splitFields; a trailing tab is stripped), or a
// sketch's "t,ax,ay,az,gx,gy,gz" over lines whose gyro it left out. Those
// columns are not read (a channel they name is absent). Without this the
// header did not match the data and the file was read as headerless, its
// time column taken as ax.
func (r *CSVReader) unfilledTail(f []string) bool {
	return r.sep != ' ' && len(f) > r.nf && hasAcc(f[:r.nf])
}

// markCutLine looks for a first data line that is a bad line although it
// parses, refused when served (r.cutLine; detection has read it: one line
// among the lookahead's):
//
//   - cut at its start, as a capture or a serial connection that begins
//     mid-line delivers it: "29960,0.1,…" of "129960,0.1,…" has the shape
//     of the lines after it and passed for one, 100 s before them (a
//     replugged text device's run was split by it). Only where the time
//     column is the first field, where a cut shows: the line is cut when
//     its time jumps to the next line's by more than 100 times the steady
//     step of the lines after, and its digits are the end of the time the
//     line would have had (the next line's less that step, written as
//     the line or the next line writes it), of two characters or more after
//     its leading zeros and not zeros alone, or lacking the decimal
//     separator the next line writes — a clock started at 0 before a
//     pause is not cut.
//   - ahead of the lines after it (r.cutAhead): its time more than two
//     steady steps after the next line's, which with the lines after it
//     runs on steadily (each step within three times their median). Read
//     lets the first line's time stand, and a wrong one (72.0 before
//     0.01, 0.02, …) made the rest of the file go backwards (a review).
func (r *CSVReader) markCutLine() {
	tc := r.kindCol[colTime]
	if r.timeDiv == 0 || tc < 0 {
		return
	}
	var v []float64
	var cell, next string // the first and second data lines' times, as written
	first := -1
	for i := 0; i < len(r.pending) && len(v) < 10; i++ {
		p := r.pending[i]
		if !p.info.dataLike() || p.tooLong {
			continue
		}
		f := splitFields(r.lineText(i), r.sep)
		if len(f) <= tc {
			return
		}
		x, err := parseNumber([]byte(f[tc]), r.dec)
		if err != nil || !finite(x) {
			return
		}
		if first < 0 {
			first, cell = i, f[tc]
		} else if len(v) == 1 {
			next = f[tc]
		}
		v = append(v, x)
	}
	if len(v) < 5 {
		return
	}
	d := make([]float64, 0, len(v)-2)
	for i := 2; i < len(v); i++ {
		if !(v[i] > v[i-1]) {
			return // not a clock running on
		}
		d = append(d, v[i]-v[i-1])
	}
	step := median(d)
	if v[0]-v[1] > 2*step && slices.Max(d) <= 3*step {
		r.cutLine, r.cutAhead = r.pending[first].no, true
		return
	}
	if tc != 0 || !(v[1]-v[0] > 100*step) {
		return
	}
	// Enough of the cell to match: two characters as written after its
	// leading zeros, and not zeros alone ("3.00000" of "53.00000", "3000"
	// of "53000"; a whole second cut off, they were read as samples 50 s
	// early and a replugged device's session put 53 s late — a black-box
	// round; "0", "0.000" are a clock started at 0) — or a cell that lacks
	// the decimal separator the next line writes ("00000" of "53.00000":
	// the cut took it).
	sep := string(r.dec)
	cutSep := !strings.Contains(cell, sep) && strings.Contains(next, sep)
	if cutSep && len(cell) < 2 || !cutSep && (len(strings.TrimLeft(cell, "+-0")) < 2 || strings.Trim(cell, "+-0."+sep) == "") {
		return
	}
	// its digits end the time the line would have had, written as
	// this line or as the next writes it
	for _, c := range []string{cell, next} {
		decimals := 0
		if k := strings.IndexByte(c, r.dec); k >= 0 {
			decimals = len(c) - k - 1
		}
		whole := strconv.FormatFloat(v[1]-step, 'f', decimals, 64)
		if r.dec != '.' {
			whole = strings.Replace(whole, ".", sep, 1)
		}
		if strings.HasSuffix(whole, cell) {
			r.cutLine = r.pending[first].no
			return
		}
	}
}

// isGyro reports whether a column role is an angular rate.
func isGyro(r role) bool { return r == roleGyr || r == roleGyrAnat }

// emptyColumn reports whether field i is empty on every data line of the
// lookahead from pending line start on.
func (r *CSVReader) emptyColumn(start, i int) bool {
	n := 0
	for k := start; k < len(r.pending); k++ {
		if !r.pending[k].info.dataLike() || r.pending[k].tooLong {
			continue
		}
		if f := splitFields(r.lineText(k), r.sep); i < len(f) && f[i] != "" {
			return false
		}
		n++
	}
	return n > 0
}

// splitFields splits a line for detection (it allocates), trimming blanks
// and quotes. A trailing separator does not open a field.
func splitFields(t []byte, sep byte) []string {
	s := string(t)
	if sep == ' ' {
		f := strings.Fields(s)
		for i := range f {
			f[i] = unquote(f[i])
		}
		return f
	}
	var out []string
	inQ, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			inQ = !inQ
		case c == sep && !inQ:
			out = append(out, unquote(s[start:i]))
			start = i + 1
		}
	}
	if start < len(s) || len(out) == 0 {
		out = append(out, unquote(s[start:]))
	}
	return out
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(strings.ReplaceAll(s[1:len(s)-1], `""`, `"`))
	}
	return s
}

// fillLookahead reads lines until CSVOptions.Lookahead (default
// lookaheadRows) data-like lines, the byte limit, EOF, or too many text
// lines without data.
func (r *CSVReader) fillLookahead() (lastComment []byte, lastCommentLine int, err error) {
	dataLike, text, skipped := 0, 0, 0
	rows := r.opt.Lookahead
	if rows == 0 {
		rows = lookaheadRows
	}
	for dataLike < rows && len(r.arena) < lookaheadBytes {
		if dataLike == 0 && text > maxPreamble+1 { // (the header among them)
			break
		}
		line, tooLong, err := r.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w", r.name, r.stats.Lines+1, err)
		}
		if r.stats.Lines == 1 && !tooLong {
			if bytes.HasPrefix(line, []byte{0xff, 0xfe}) || bytes.HasPrefix(line, []byte{0xfe, 0xff}) {
				return nil, 0, fmt.Errorf("%s:1: %w: UTF-16 text (save the file as UTF-8)", r.name, ErrNotRecording)
			}
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if !tooLong && isBlankLine(line) {
			r.stats.Skipped++
			skipped++
			if dataLike == 0 {
				if c := bytes.TrimLeft(line, " \t"); len(c) > 0 {
					lastComment = append(lastComment[:0], bytes.TrimLeft(c[1:], "# \t")...)
					lastCommentLine = r.stats.Lines
					r.stateRate(c, r.stats.Lines)
				}
			}
			continue
		}
		var info lineInfo
		if !tooLong {
			info = classifyLine(line)
		}
		off := len(r.arena)
		r.arena = append(r.arena, line...)
		r.pending = append(r.pending, pendingLine{off: off, end: len(r.arena), no: r.stats.Lines, tooLong: tooLong, info: info, skipped: skipped})
		skipped = 0
		switch {
		case info.dataLike() && info.finite < 2:
			// a time and NaN cells (a sensor that has not started,
			// as phyphox writes it): kept, but not counted among the
			// lookahead's data lines, which 600 such lines filled,
			// refusing the file
		case info.dataLike():
			dataLike++
		case dataLike == 0:
			text++
		}
	}
	return lastComment, lastCommentLine, nil
}

func (r *CSVReader) lineText(i int) []byte {
	p := r.pending[i]
	return r.arena[p.off:p.end]
}

// notRec builds an ErrNotRecording error at a line (0: no line).
func (r *CSVReader) notRec(line int, format string, args ...any) error {
	return fmt.Errorf("%s: %w: %s", r.where(line), ErrNotRecording, fmt.Sprintf(format, args...))
}

// detectLayout runs the whole detection.
func (r *CSVReader) detectLayout() error {
	r.detect = true
	comment, commentLine, err := r.fillLookahead()
	r.detect = false
	if err != nil {
		return err
	}
	if b := r.head.head; len(b) >= 4 && string(b[:4]) == "PK\x03\x04" || len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		// an archive whatever the text inside: a zip that stores its
		// file uncompressed reads as that file after a first line of
		// binary (analysed, one "bad line"; a Sensor Logger export's
		// zip refused for another reason)
		return r.notRec(0, "binary data at byte 0%s", r.binaryNote())
	}
	if len(r.pending) == 0 {
		switch {
		case r.offset == 0:
			return r.notRec(0, "empty file")
		case r.ctlAt >= 0:
			return r.notRec(0, "binary data at byte %d%s", r.ctlAt, r.binaryNote())
		}
		return r.notRec(0, "no data: only blank or comment lines")
	}

	// The template is the first data line whose shape the next data line
	// shares (a capture may start mid-line), else the first data line.
	// With Columns, only lines with that many fields qualify: numeric
	// lines of another shape before them (calibration offsets a device
	// prints) are preamble.
	want := len(r.opt.Columns)
	fits := func(p pendingLine) bool { return p.info.dataLike() && (want == 0 || p.info.nf == want) }
	first, tmpl, prev := -1, -1, -1
	for i, p := range r.pending {
		if !p.info.dataLike() {
			continue
		}
		if first < 0 {
			first = i
		}
		if prev >= 0 && r.pending[prev].info.sameShape(p.info) && fits(r.pending[prev]) {
			tmpl = prev
			break
		}
		prev = i
	}
	if tmpl < 0 && want > 0 {
		for i, p := range r.pending {
			if fits(p) {
				tmpl = i
				break
			}
		}
	}
	if tmpl < 0 {
		tmpl = first
	}
	// Control bytes before any data line, or on a quarter of the lines,
	// mean binary data; a few glitches in text are bad lines.
	if r.ctlAt >= 0 && (first < 0 || r.ctlLine*4 >= r.stats.Lines) {
		return r.notRec(0, "binary data at byte %d%s", r.ctlAt, r.binaryNote())
	}
	if l := r.lineText(0); bytes.IndexByte(l, '\r') >= 0 {
		return r.notRec(r.pending[0].no, "lines end in CR only (classic Mac); convert them to LF or CRLF")
	}

	if first < 0 {
		return r.noDataError()
	}

	ti := r.pending[tmpl].info
	r.sep, r.dec, r.nf = ti.sep, ti.dec, ti.nf
	r.readPreamble(tmpl)
	r.dateOrder()
	var (
		cols    []column
		start   int // first data line in pending
		hdrLine int // header line number, 0 without one
		hdrText string
		format  string
		dateLed bool // headerless, a date and time first
	)
	switch {
	case len(r.opt.Columns) > 0:
		if ti.kind == linePlotter {
			return r.notRec(r.pending[tmpl].no, "columns are given but the lines are Key:value pairs, which name their own fields")
		}
		if ti.nf != len(r.opt.Columns) {
			return r.notRec(r.pending[tmpl].no, "lines have %d fields; columns name %d (%s)", ti.nf, len(r.opt.Columns), strings.Join(r.opt.Columns, ","))
		}
		for _, n := range r.opt.Columns {
			cols = append(cols, classifyColumn(n))
		}
		// Lines before the template (a header the device prints, boot
		// messages, a line cut by the start of a capture) are preamble.
		start, format = tmpl, FormatCSV
		hdrText = strings.Join(r.opt.Columns, ",")
	case ti.kind == linePlotter:
		keys := strings.Split(ti.keys, "\x00")
		r.keys = make([][]byte, len(keys))
		for i, k := range keys {
			r.keys[i] = []byte(k)
			cols = append(cols, classifyColumn(k))
		}
		// Lines before the template (boot messages, a line cut by the
		// start of a capture) are preamble.
		start, format = tmpl, FormatArduino
		hdrLine = r.pending[tmpl].no
		hdrText = strings.Join(keys, ",")
	default:
		// The header is the line of the data's field count that names
		// acceleration, else the one that names the most columns gaitd
		// reads (a time, a gyroscope), else the first of that count. A
		// preamble's key,value lines padded to the data's field count
		// ("Device,AX6,,", "Accelerometer range,8,g,", as a spreadsheet
		// saves them) name one at most; the first of them was taken
		// for the header of a file whose header names no acceleration
		// (a gyroscope's for --gyro), and one naming an accelerometer
		// was taken before the real header.
		hdr, fallback, mismatch := -1, -1, -1
		best, bestAcc := 0, false
		for i := 0; i < tmpl; i++ {
			p := r.pending[i]
			if p.info.dataLike() || p.tooLong {
				continue
			}
			f := splitFields(r.lineText(i), r.sep)
			if len(f) != r.nf && !r.unfilledTail(f) {
				if hasAcc(f) && mismatch < 0 {
					mismatch = i // a header, but not of these lines
				}
				continue
			}
			if fallback < 0 {
				fallback = i
			}
			acc, named := hasAcc(f), namedColumns(f)
			if acc && !bestAcc || acc == bestAcc && named > best {
				hdr, best, bestAcc = i, named, acc
			}
		}
		if hdr >= 0 && !bestAcc {
			fallback, hdr = hdr, -1 // (after a comment line naming acceleration)
		}
		var names []string
		switch {
		case hdr >= 0:
			names, start, hdrLine = splitFields(r.lineText(hdr), r.sep), hdr+1, r.pending[hdr].no
			r.header = string(bytes.TrimRight(r.lineText(hdr), "\r\n"))
		case comment != nil && len(splitFields(comment, r.sep)) == r.nf && hasAcc(splitFields(comment, r.sep)):
			names, start, hdrLine = splitFields(comment, r.sep), first, commentLine
			r.header = string(bytes.TrimRight(comment, "\r\n"))
		case fallback >= 0:
			names, start, hdrLine = splitFields(r.lineText(fallback), r.sep), fallback+1, r.pending[fallback].no
			r.header = string(bytes.TrimRight(r.lineText(fallback), "\r\n"))
		case mismatch >= 0:
			// reading the lines as headerless would misname their
			// columns (a time column read as ax): refuse instead
			f := splitFields(r.lineText(mismatch), r.sep)
			return r.notRec(r.pending[mismatch].no, "the header names %d columns (%s) but the data lines have %d fields (line %d)",
				len(f), strings.Join(f, ","), r.nf, r.pending[tmpl].no)
		case ti.kind == lineNumeric:
			start = tmpl
		case ti.kind == lineMixed && r.dateLeads(tmpl):
			// a date and time, then numbers: an Axivity AX3/AX6
			// export (OmGui, cwa-convert), t,ax,ay,az[,gx,gy,gz]
			start, dateLed = tmpl, true
		case r.opt.Format != FormatHyperIMU && bytes.Count(r.lineText(tmpl), []byte{'#'}) >= 2:
			// (a short file of them: one line under the length limit)
			return r.notRec(r.pending[tmpl].no, "no header line, and data line has non-numeric fields, with '#' bytes inside: packets ended by '#' (HyperIMU)? read them with format hyperimu")
		default:
			return r.notRec(r.pending[tmpl].no, "no header line, and data line has non-numeric fields")
		}
		if names != nil {
			filled := r.nf // the fields of the template line
			r.nf = len(names)
			gyroCut := false
			for i, n := range names {
				cols = append(cols, classifyColumn(n))
				if i >= filled && cols[i].role != roleNone && r.emptyColumn(start, i) {
					// the header's last columns are not filled on the
					// data lines (unfilledTail): a channel they name
					// is absent (an acc_ml column left empty is a V+AP
					// recording). Not when later lines of the
					// lookahead fill it (a gyroscope that starts late:
					// the lines before are bad lines, counted)
					gyroCut = gyroCut || isGyro(cols[i].role)
					r.emptyCols = append(r.emptyCols, cols[i].name)
					cols[i].role = roleNone
				}
			}
			if gyroCut {
				// the rest of the gyroscope's columns, when they are as
				// empty ("…,0.99,,,": a gyroscope that starts late, its
				// last cell cut with the trailing separators): the
				// gyroscope is absent, not read as two axes
				for i := range min(filled, len(cols)) {
					if isGyro(cols[i].role) && r.emptyColumn(start, i) {
						r.emptyCols = append(r.emptyCols, cols[i].name)
						cols[i].role = roleNone
					}
				}
				slices.SortFunc(r.emptyCols, func(a, b string) int { return slices.Index(names, a) - slices.Index(names, b) })
			}
			if hdrLine > 0 && start <= tmpl && start > 0 {
				start = r.unitRows(cols, start, tmpl)
			}
			// a line may leave off trailing columns that are not read
			// (a note filled on some lines, empty and cut on others)
			need := 0
			for i, c := range cols {
				if c.role != roleNone {
					need = i + 1
				}
			}
			if need < r.nf {
				r.minNF = need
			}
			format = sniffFormat(names)
			hdrText = strings.Join(names, ",")
		} else {
			format = FormatArduino
			if dateLed {
				format = FormatCSV // not a sketch's numbers
			}
		}
	}
	r.stats.Skipped += start
	r.pending = r.pending[start:]

	if err := r.checkFormat(format, hdrLine, hdrText); err != nil {
		return err
	}
	if r.opt.Format != "" && r.opt.Format != FormatAuto {
		format = r.opt.Format
	}
	r.stats.Format = format

	data := r.lookaheadValues()
	if cols == nil {
		var err error
		if cols, err = r.headerless(data, dateLed); err != nil {
			return err
		}
	}
	if err := r.decide(cols, data, format, hdrLine, hdrText); err != nil {
		return err
	}
	r.markCutLine()
	return nil
}

// fineUnit is the unit of an Xsens/Movella SampleTimeFine column: ticks
// of 100 µs from an MTi or MTw (MT Manager), µs from a Movella DOT. A
// median step under 1000 is 100 µs ticks (10–10000 Hz; µs would be over
// 1000 Hz), else µs.
func fineUnit(t []float64) string {
	if step, ok := medianStep(t); ok && step < 1000 {
		return "100us"
	}
	return "us"
}

// medianStep is the median of the steps by which times t rise (steps back
// or of zero left out); ok is false when none rises.
func medianStep(t []float64) (step float64, ok bool) {
	var d []float64
	for i := 1; i < len(t); i++ {
		if t[i] > t[i-1] {
			d = append(d, t[i]-t[i-1])
		}
	}
	if len(d) == 0 {
		return 0, false
	}
	return median(d), true
}

// unitRows reads the text lines between a header and the data (from
// pending line start, before tmpl) that give each column's unit or
// calibration, as a Shimmer export's "ms, m/(s^2), deg/s" and
// ShimmerCapture's "CAL, RAW" rows: a unit fills the hint of a time,
// acceleration or rate column without one, and a RAW or UNCAL column (ADC
// counts) is not read when a calibrated column of the same channel is
// (calibratedTwin); the only column of its channel is read, in counts. It returns the first line after them. A line is
// such a row when it has the header's fields, none of them a number, and
// names a unit or CAL/RAW in one at least.
func (r *CSVReader) unitRows(cols []column, start, tmpl int) int {
	for ; start < tmpl; start++ {
		p := r.pending[start]
		if p.tooLong || p.info.dataLike() {
			break
		}
		f := splitFields(r.lineText(start), r.sep)
		if len(f) != len(cols) {
			break
		}
		units := make([]string, len(f))
		known := 0
		for i, cell := range f {
			cell = strings.TrimSpace(strings.Trim(strings.TrimSpace(cell), `"'`))
			if _, err := parseNumber([]byte(cell), r.dec); err == nil {
				return start
			}
			switch u := normUnit(cell); {
			case strings.EqualFold(cell, "cal"):
				known++
			case strings.EqualFold(cell, "raw") || strings.EqualFold(cell, "uncal"):
				units[i] = "raw"
				known++
			case u != "" && u != "other":
				units[i] = u
				known++
			}
		}
		if known == 0 {
			break
		}
		for i, u := range units {
			c := &cols[i]
			switch {
			case u == "raw" && calibratedTwin(cols, units, i):
				c.role = roleNone
			case u == "raw":
				// the only column of its channel: kept, in counts
				// (its unit found from gravity, or --acc-unit raw:)
			case c.unit != "":
			case c.role == roleTime:
				c.unit = keepUnit(u, "s", "ms", "us", "ns", "min")
			case c.role == roleAcc || c.role == roleAccAnat || c.role == roleLinAcc:
				c.unit = keepUnit(u, "g", "mg", "mps2")
			case isGyro(c.role):
				c.unit = keepUnit(u, "dps", "rads")
			}
		}
	}
	return start
}

// calibratedTwin reports whether a column other than cols[i] that a units
// row does not mark RAW or UNCAL (units) has cols[i]'s role, axis and
// device: a calibrated copy of the same channel (ShimmerCapture writes a
// RAW timestamp beside the CAL one). Another device's calibrated column is
// none (a Consensys export of several: the first device's RAW
// accelerometer was dropped for the second's, and the second read).
func calibratedTwin(cols []column, units []string, i int) bool {
	for j, c := range cols {
		if j != i && units[j] != "raw" && c.role != roleNone && c.role == cols[i].role && c.axis == cols[i].axis && c.device == cols[i].device {
			return true
		}
	}
	return false
}

// actiGraphRate and actiGraphDates find the sample rate and date format in
// the first line of an ActiGraph ActiLife CSV export: "------------ Data
// File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date
// format M/d/yyyy at 100 Hz  Filter Normal -----------".
var (
	actiGraphRate  = regexp.MustCompile(`(?i)\bat\s+([0-9]+(?:\.[0-9]+)?)\s*Hz\b`)
	actiGraphDates = regexp.MustCompile(`(?i)\bdate\s+format\s+(\S+)`)
)

// readPreamble reads what the lines before the template line state: a
// sample rate (headerRate, which times the samples of a file without a
// time column when no rate is given): an ActiGraph export's "at 100 Hz",
// else another's statedRate; an ActiGraph export's date order (dayFirst
// for d/M/yyyy, dd/MM/yyyy) and whether it holds activity counts
// (countEpochs). Comment lines ('#') before the data state rates too
// (fillLookahead).
func (r *CSVReader) readPreamble(tmpl int) {
	actiGraph := false
	for i := range tmpl {
		l := r.lineText(i)
		if r.pending[i].tooLong {
			continue
		}
		low := bytes.ToLower(l)
		switch {
		case !actiGraph && bytes.Contains(low, []byte("actigraph")):
			actiGraph = true
			if m := actiGraphRate.FindSubmatch(l); m != nil {
				if f, err := strconv.ParseFloat(string(m[1]), 64); err == nil && f > 0 {
					r.headerRate, r.headerRateBy = f, fmt.Sprintf("the ActiGraph header, line %d", r.pending[i].no)
				}
			}
			if m := actiGraphDates.FindSubmatch(l); m != nil {
				r.dayFirst = m[1][0] == 'd' || m[1][0] == 'D'
				r.dateKnown = true
			}
		case actiGraph && bytes.HasPrefix(low, []byte("epoch period")):
			// "Epoch Period (hh:mm:ss) 00:00:10": counts per epoch,
			// not raw samples (00:00:00)
			f := bytes.Fields(l)
			r.countEpochs = len(f) > 0 && strings.Trim(string(f[len(f)-1]), "0:") != ""
		case !r.pending[i].info.dataLike():
			r.stateRate(l, r.pending[i].no)
		}
	}
}

// statedRate finds a sample rate stated in a preamble or comment line:
// "// Update Rate: 100.0Hz" (Xsens MT Manager), "Output rate:,60Hz," (a
// Movella DOT export), "# data_rate: 100 Hz" (PicoQuake), "Sampling rate
// (Hz): 50". Between the name and the number, any blanks and ':', '=',
// ',' or ';' (the DOT's "rate:," is two of them); a decimal comma is read
// when the rate's unit follows its digits (decimalCommaRate). Submatches:
// the unit in parentheses, the number, the unit after it (see rateScale).
var statedRate = regexp.MustCompile(`(?i)\b(?:update|output|sample|sampling|data)[ _-]?rate\b\s*(?:\(([^)]*)\))?[\s:;=,]*([0-9]+(?:\.[0-9]+)?)[ \t]*([a-zµ/]+)?`)

// decimalCommaRate matches the rest of a stated rate written with a
// decimal comma, after its whole part: ",2 Hz" of "51,2 Hz" (a rate's unit
// must follow).
var decimalCommaRate = regexp.MustCompile(`(?i)^,([0-9]+)[ \t]*(hz|khz|sps)\b`)

// rateScale returns the factor to Hz of the unit a stated rate is given
// in: 1 without one, in Hz or in samples a second (sps, samples/s), 1000
// in kHz. ok is false for any other unit: a unit of time (s, ms, µs …: a
// period, not a rate), MHz or mHz (which case alone tells apart), a serial
// line's bits a second ("data rate: 115200 baud"), bytes a second.
func rateScale(unit string) (scale float64, ok bool) {
	switch strings.ToLower(unit) {
	case "", "hz", "hertz", "sps", "samples", "sample", "samples/s", "sample/s", "s/s":
		return 1, true
	case "khz":
		return 1000, true
	}
	// a unit of time, MHz/mHz, bits or bytes a second, or any other: not
	// known to be a rate (an allow-list: "1.5 MB/s" was read as 1.5 Hz)
	return 0, false
}

// stateRate takes the first rate a line before the data states
// (statedRate) as headerRate, naming the line. A number given in a unit
// of time ("Sample rate (ms): 10", "data rate: 10 ms") is no rate.
func (r *CSVReader) stateRate(line []byte, no int) {
	if r.headerRate > 0 {
		return
	}
	ix := statedRate.FindSubmatchIndex(line)
	if ix == nil {
		return
	}
	m := make([][]byte, len(ix)/2)
	for k := range m {
		if ix[2*k] >= 0 {
			m[k] = line[ix[2*k]:ix[2*k+1]]
		}
	}
	if dm := decimalCommaRate.FindSubmatch(line[ix[5]:]); dm != nil {
		// "Sampling rate: 51,2 Hz": a decimal comma, told from a
		// field separator by the rate's unit right after its digits
		// ("Sample rate,100,16" is 100)
		m[2] = []byte(string(m[2]) + "." + string(dm[1]))
		m[3] = dm[2]
		m[0] = line[ix[0] : ix[5]+len(dm[0])]
	}
	unit := string(bytes.TrimSpace(m[1]))
	if len(m[3]) > 0 {
		unit = string(m[3])
	}
	scale, ok := rateScale(unit)
	if !ok {
		return
	}
	if f, err := strconv.ParseFloat(string(m[2]), 64); err == nil && f > 0 {
		r.headerRate = f * scale
		r.headerRateBy = fmt.Sprintf("line %d, %q", no, bytes.TrimSpace(m[0]))
	}
}

// slashDate matches a date M/d/yyyy or d/M/yyyy (or with '-') leading a
// cell.
var slashDate = regexp.MustCompile(`^\s*"?([0-9]{1,2})([/-])([0-9]{1,2})[/-][0-9]{4}[ T]`)

// dateOrder sets dayFirst from the lookahead's dates d/M/yyyy or M/d/yyyy
// when no preamble said it: a first number over 12 is a day. Dates that
// cannot tell (both numbers 12 or under) are read M/d/yyyy, ActiGraph's
// default, until a change of day shows their order (settleDateOrder).
func (r *CSVReader) dateOrder() {
	if r.dateKnown {
		return
	}
	for i, p := range r.pending {
		if p.tooLong || !p.info.dataLike() {
			continue
		}
		for _, f := range splitFields(r.lineText(i), r.sep) {
			m := slashDate.FindStringSubmatch(f)
			if m == nil {
				continue
			}
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[3])
			switch {
			case a > 12:
				r.dayFirst, r.dateKnown = true, true
				return
			case b > 12:
				r.dateKnown = true
				return
			}
		}
	}
}

// monthDays returns the number of days in month mo (1–12) of year y,
// Gregorian: February has 29 in years divisible by 4, except centuries not
// divisible by 400.
func monthDays(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateLeads reports whether pending line i is a date and time followed by
// numbers only.
func (r *CSVReader) dateLeads(i int) bool {
	f := splitFields(r.lineText(i), r.sep)
	if len(f) < 2 {
		return false
	}
	if _, ok := parseDateTime([]byte(f[0]), r.dayFirst); !ok {
		return false
	}
	for _, c := range f[1:] {
		if _, err := parseNumber([]byte(c), r.dec); err != nil && !errors.Is(err, strconv.ErrRange) {
			return false
		}
	}
	return true
}

// noDataError explains a lookahead without any data line.
func (r *CSVReader) noDataError() error {
	p := r.pending[0]
	t := bytes.TrimSpace(r.lineText(0))
	switch {
	case p.tooLong && r.longCR:
		return r.notRec(p.no, "line longer than %d bytes, with CR bytes inside: lines end in CR only (classic Mac)? convert them to LF or CRLF", maxLine)
	case p.tooLong && r.longHash && r.opt.Format != FormatHyperIMU:
		return r.notRec(p.no, "line longer than %d bytes, with '#' bytes inside: packets ended by '#' (HyperIMU)? read them with format hyperimu", maxLine)
	case p.tooLong:
		return r.notRec(p.no, "line longer than %d bytes", maxLine)
	case len(t) > 0 && t[0] == '<':
		return r.notRec(p.no, "HTML or XML document, not CSV")
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		return r.notRec(p.no, "JSON document, not CSV")
	}
	f := splitFields(t, detectSep(t))
	if hasAcc(f) && len(r.pending) > maxPreamble+1 {
		// the reader stopped looking (the rest of the file is unread)
		return r.notRec(p.no, "no numeric data lines in the %d lines after the header", len(r.pending)-1)
	}
	if hasAcc(f) {
		return r.notRec(p.no, "no numeric data lines after the header")
	}
	return r.notRec(p.no, "%s: %s", noAccReason(f), strings.Join(f, ","))
}

// namedColumns counts the names that classifyColumn gives a role.
func namedColumns(names []string) int {
	n := 0
	for _, name := range names {
		if classifyColumn(name).role != roleNone {
			n++
		}
	}
	return n
}

// hasAcc reports whether names name acceleration: a column that
// placeColumns reads, or linear acceleration (refused for itself). A weak
// bare name (v, si) alone is none (rankWeakAnat).
func hasAcc(names []string) bool {
	for _, n := range names {
		switch c := classifyColumn(n); c.role {
		case roleAcc, roleLinAcc:
			return true
		case roleAccAnat:
			if c.rank < rankWeakAnat {
				return true
			}
		}
	}
	return false
}

func noAccReason(names []string) string {
	for _, n := range names {
		if l := strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(n), `"'`))); strings.HasPrefix(l, "freeacc") {
			// Xsens MT Manager, Movella DOT ("Complete" measurement
			// modes): gravity removed, in the Earth frame — neither
			// the sensor's acceleration nor a --gravity file's partner
			return "no acceleration columns in header (" + n + "… is free acceleration: gravity removed, in the Earth frame; record or export the sensor's acceleration, Acc_X,Acc_Y,Acc_Z — on a Movella DOT a measurement mode that outputs it)"
		}
		switch classifyColumn(n).role {
		case roleGyr, roleGyrAnat:
			return "no acceleration columns in header (gyroscope only: gaitd analyze takes it with --gyro beside the accelerometer's file)"
		}
	}
	for _, n := range names {
		if c := classifyColumn(n); c.role == roleAccAnat && c.rank == rankWeakAnat {
			// v or si alone: a velocity, a voltage as well
			return fmt.Sprintf("no acceleration columns in header (%q alone is not read as the vertical acceleration: it may be a velocity or a voltage; name it acc_v or vertical, or give its unit, %s (g))", c.name, c.name)
		}
	}
	return "no acceleration columns in header"
}

// checkFormat compares an explicit format with what the header says.
func (r *CSVReader) checkFormat(detected string, line int, hdr string) error {
	want := r.opt.Format
	ok := true
	switch want {
	case "", FormatAuto:
	case FormatCSV:
		ok = r.keys == nil
	case FormatArduino:
		ok = detected == FormatArduino || detected == FormatCSV
	case FormatHyperIMU:
		ok = r.keys == nil && (detected == FormatArduino || detected == FormatCSV)
	default:
		ok = detected == want
	}
	if ok {
		return nil
	}
	have := "have " + hdr
	switch {
	case r.keys != nil:
		have = "have Key:value lines " + hdr
	case detected != FormatCSV && detected != FormatArduino:
		have = "have a " + detected + " header: " + hdr
	case hdr == "":
		have = "have a headerless file"
	}
	return fmt.Errorf("%s: %w %q: %s; %s", r.where(line), ErrFormatMismatch, want, formatWant[want], have)
}

// lookaheadValues parses the buffered data lines: one slice of nf values
// per line with the right field count, NaN for cells that are not finite
// numbers. Line order is kept; other lines are nil.
func (r *CSVReader) lookaheadValues() [][]float64 {
	out := make([][]float64, len(r.pending))
	for i, p := range r.pending {
		if p.tooLong {
			continue
		}
		out[i] = r.lineValues(r.lineText(i))
	}
	return out
}

// lineValues parses a data line's cells as lookaheadValues does (NaN for
// a cell that holds no number); nil for a line of another field count.
func (r *CSVReader) lineValues(t []byte) []float64 {
	f := splitFields(t, r.sep)
	if r.sep != ' ' && len(f) == r.nf-1 && bytes.HasSuffix(bytes.TrimRight(t, " \t\r\n"), []byte{r.sep}) {
		// "…,0.99,,," under t,ax,ay,az,gx,gy,gz: its last cell
		// empty, as parseRow reads it (a gyroscope that starts
		// late). Left out, 508 such lines of 512 left 4 to decide
		// the acceleration's unit on, and refused the file (a
		// review)
		f = append(f, "")
	}
	if r.minNF > 0 && len(f) >= r.minNF && len(f) < r.nf {
		f = append(f, make([]string, r.nf-len(f))...) // the unfilled columns
	}
	if len(f) != r.nf {
		return nil
	}
	v := make([]float64, r.nf)
	for j, cell := range f {
		if r.keys != nil {
			k, val, ok := strings.Cut(cell, ":")
			if !ok || strings.TrimSpace(k) != string(r.keys[j]) {
				v[j] = math.NaN()
				continue
			}
			cell = strings.TrimSpace(val)
		}
		x, err := parseNumber([]byte(cell), r.dec)
		if err != nil {
			x = math.NaN()
			if t, ok := parseDateTime([]byte(cell), r.dayFirst); ok {
				// (a time column of date and time text: taken as
				// one when the column is the time's, dateCols)
				x = t
				r.dateCols = append(r.dateCols, j)
			}
		}
		v[j] = x
	}
	return v
}

// parseDateTime reads a date and time of day as Unix time in s: UTC when
// it gives no offset (the times between samples are right whatever the
// zone). The date is yyyy-MM-dd ("2018-10-03 17:23:55.4640", Physics
// Toolbox on iOS; "2018-10-03T17:23:55.464Z", ISO 8601, an offset ±hh:mm
// allowed; "2014-05-07 09:37:29.000", an Axivity AX3/AX6 export),
// yyyy/MM/dd, or M/d/yyyy ("5/17/2021 09:00:00.010", ActiGraph's default
// date format), d/M/yyyy when dayFirst, and so with '-' between them (an
// ActiLife export in a Dutch locale, dd-MM-yyyy); d.M.yyyy always day
// first (a German locale's dd.MM.yyyy), or dd-MMM-yyyy with an English
// month's abbreviation (MATLAB's datetime, "17-May-2024"); then ' ' or 'T'
// and H:mm:ss with an optional fraction after '.' or ',' (or three digits
// of milliseconds after ':', GENEActiv's "10:00:00:250"), and " AM" or
// " PM" after a 12-hour clock; or that time of day alone, as seconds since
// midnight ("09:00:00.123": WitMotion's PC software, loggers with a clock
// but no date; over midnight the reader runs it on into the next day,
// nearestDay). A date that does not exist (31/02, 2/29 of a common
// year) is no date: time.Date would carry it into the next month, a
// corrupt cell read as a time days ahead. It does not allocate.
func parseDateTime(b []byte, dayFirst bool) (float64, bool) {
	b = trimCell(b)
	p := 0
	digits := func(least, most int) (int, bool) {
		v, n := 0, 0
		for p < len(b) && n < most && b[p] >= '0' && b[p] <= '9' {
			v = 10*v + int(b[p]-'0')
			p++
			n++
		}
		return v, n >= least && (p == len(b) || b[p] < '0' || b[p] > '9')
	}
	lit := func(c byte) bool {
		if p < len(b) && b[p] == c {
			p++
			return true
		}
		return false
	}
	var y, mo, d int
	a, ok := digits(1, 4)
	if !ok || p >= len(b) {
		return 0, false
	}
	sep := b[p]
	timeOnly := false
	switch {
	case p <= 2 && sep == ':':
		// a time of day alone, "09:00:00.123": the seconds since
		// midnight (of 1 January 1970)
		y, mo, d, p, timeOnly = 1970, 1, 1, 0, true
	case p == 4 && (sep == '-' || sep == '/'):
		p++
		y = a
		var ok1, ok2, ok3 bool
		mo, ok1 = digits(1, 2)
		ok2 = lit(sep)
		d, ok3 = digits(1, 2)
		if !ok1 || !ok2 || !ok3 {
			return 0, false
		}
	case p <= 2 && sep == '-' && p+4 < len(b) && b[p+4] == '-' && monthName(b[p+1:p+4]) > 0:
		// dd-MMM-yyyy, MATLAB's datetime ("17-May-2024 09:00:00.000")
		mo = monthName(b[p+1 : p+4])
		d, p = a, p+5
		var ok1 bool
		if y, ok1 = digits(4, 4); !ok1 {
			return 0, false
		}
	case p <= 2 && (sep == '/' || sep == '-' || sep == '.'):
		p++
		c, ok1 := digits(1, 2)
		ok2 := lit(sep)
		var ok3 bool
		y, ok3 = digits(4, 4)
		if !ok1 || !ok2 || !ok3 {
			return 0, false
		}
		mo, d = a, c
		if dayFirst || sep == '.' {
			// d.M.yyyy is day first in every locale that writes it
			mo, d = c, a
		}
	default:
		return 0, false
	}
	if !timeOnly && !lit(' ') && !lit('T') {
		return 0, false
	}
	h, ok1 := digits(1, 2)
	ok2 := lit(':')
	mi, ok3 := digits(2, 2)
	ok4 := lit(':')
	s, ok5 := digits(2, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return 0, false
	}
	if mo < 1 || mo > 12 || d < 1 || d > monthDays(y, mo) || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	frac := 0.0
	if p+4 == len(b) && b[p] == ':' {
		// HH:mm:ss:SSS, GENEActiv's milliseconds after a date,
		// Physics Toolbox's on Android without one (17:23:55:464)
		p++
		ms, ok := digits(3, 3)
		if !ok {
			return 0, false
		}
		frac = float64(ms) / 1000
	} else if p < len(b) && (b[p] == '.' || b[p] == ',') {
		p++
		scale, k := 0.1, 0
		for ; p < len(b) && b[p] >= '0' && b[p] <= '9'; p++ {
			frac += float64(b[p]-'0') * scale
			scale /= 10
			k++
		}
		if k == 0 {
			return 0, false
		}
	}
	if n := len(b) - p; n >= 3 && b[p] == ' ' && (b[p+1]|0x20 == 'a' || b[p+1]|0x20 == 'p') && b[p+2]|0x20 == 'm' && (n == 3 || b[p+3] == ' ') {
		// a 12-hour clock, "5/17/2021 1:00:00.010 PM"
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if b[p+1]|0x20 == 'p' {
			h += 12
		}
		p += 3
		if p < len(b) {
			p++ // the space before an offset or 'Z'
		}
	}
	rest := b[p:]
	off := 0
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && rest[0] == 'Z':
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		p++
		oh, ok1 := digits(2, 2)
		ok2 := lit(':')
		om, ok3 := digits(2, 2)
		if !ok1 || !ok2 || !ok3 {
			return 0, false
		}
		off = 60 * (60*oh + om)
		if rest[0] == '-' {
			off = -off
		}
	default:
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC).Unix() - int64(off)
	return float64(t) + frac, true
}

// monthName is the month (1–12) an English three-letter abbreviation
// names, any case, else 0.
func monthName(b []byte) int {
	if len(b) != 3 {
		return 0
	}
	for i, m := range [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if b[0]|0x20 == m[0] && b[1]|0x20 == m[1] && b[2]|0x20 == m[2] {
			return i + 1
		}
	}
	return 0
}

// unread takes the mapped columns of ch out of the mapping (-1) and adds
// their names to names: a channel that is there but not read.
func unread(ch *[3]int, cols []column, names *[]string) {
	for k, c := range ch {
		if c >= 0 {
			*names = append(*names, cols[c].name)
			ch[k] = -1
		}
	}
}

// twoClocks refuses two time columns of one name whose values differ on a
// line: the buffers of two sensors side by side, each with its own time
// (a phyphox export whose set holds the accelerometer's and the
// gyroscope's buffers). Read as one recording, one sensor's values would
// be paired with the other's times row by row. Sensor Logger's time and
// seconds_elapsed, or MetaBase's epoch and elapsed columns, are one clock
// under two names and are not compared.
func (r *CSVReader) twoClocks(cols []column, cands []int, ok [][]float64, hdrLine int) error {
	for i, a := range cands {
		for _, b := range cands[i+1:] {
			if !strings.EqualFold(strings.TrimSpace(cols[a].name), strings.TrimSpace(cols[b].name)) {
				continue
			}
			for _, v := range ok {
				if finite(v[a]) && finite(v[b]) && math.Abs(v[a]-v[b]) > 1e-9*max(1, math.Abs(v[a])) {
					first, second := min(a, b), max(a, b)
					what, advice := "two sensors' buffers side by side, each with its own time (as phyphox exports a set of several sensors)", "export each sensor on its own (gaitd analyze joins a gyroscope file with --gyro)"
					if k := compact(strings.ToLower(cols[a].name)); strings.HasPrefix(k, "x(") || strings.HasPrefix(k, "x[") {
						// Delsys: an X[s] column before each channel
						what, advice = "channels at different rates side by side, each with its own time (as Delsys EMGworks and Trigno Discover export EMG beside ACC)", "export the accelerometer's channels (and the gyroscope's) alone"
					}
					return fmt.Errorf("%s: %w: two time columns %q (fields %d and %d) differ (%v and %v on one line): %s; %s",
						r.where(hdrLine), ErrNotRecording, cols[a].name, first+1, second+1, v[first], v[second], what, advice)
				}
			}
		}
	}
	return nil
}

// headerless maps a file without header: ax,ay,az[,gx,gy,gz], or
// t,ax,ay,az[,gx,gy,gz] when the first column strictly increases. Without
// a time column the sample rate must be set; with one it is read from it,
// as for a file with a header.
func (r *CSVReader) headerless(data [][]float64, dateLed bool) ([]column, error) {
	names := []string{"ax", "ay", "az", "gx", "gy", "gz"}
	if dateLed {
		return r.dateLedColumns(data)
	}
	switch r.nf {
	case 3, 6:
		if r.opt.Rate == 0 && r.headerRate > 0 {
			// a preamble states it: an ActiGraph raw export written
			// without its column header ("at 100 Hz")
			r.opt.Rate, r.rateBy = r.headerRate, r.headerRateBy
		}
		if r.opt.Rate == 0 {
			return nil, fmt.Errorf("%s: %w: headerless file without a time column: set the sample rate (columns are taken as ax,ay,az[,gx,gy,gz], or t,ax,ay,az[,gx,gy,gz] when the first column increases)", r.name, ErrNoRate)
		}
		names = names[:r.nf]
	case 4, 7:
		if r.opt.TimeUnit == "none" {
			// the first column is not a time to read (a counter, a
			// clock not to be trusted): the rate times the lines
			if r.opt.Rate == 0 {
				return nil, fmt.Errorf("%s: %w: headerless file whose first column is not read as a time (time unit none): set the sample rate", r.name, ErrNoRate)
			}
			names = append([]string{"-"}, names[:r.nf-1]...)
			break
		}
		last := math.Inf(-1)
		counts := true // every step exactly 1: a sample counter, or millis() at 1 kHz
		steps, down := 0, 0
		for _, v := range data {
			if v == nil || math.IsNaN(v[0]) {
				continue
			}
			if !math.IsInf(last, -1) {
				steps++
				switch {
				case !(v[0] > last):
					// a clock that wraps round or restarts (millis()
					// at a board's reset), or a wrong time: the reader
					// unwraps the one and refuses the other's lines
					down++
				case v[0]-last != 1:
					counts = false
				}
			}
			last = v[0]
		}
		if down > max(1, steps/50) {
			return nil, fmt.Errorf("%s:%d: %w: headerless file with %d columns whose first column does not increase (down in %d of %d steps; want ax,ay,az[,gx,gy,gz] or t,ax,ay,az[,gx,gy,gz])",
				r.name, r.pending[0].no, ErrNotRecording, r.nf, down, steps)
		}
		switch {
		case counts && r.opt.TimeUnit == "" && r.opt.Rate == 0:
			// read as milliseconds it would be a 1 kHz recording: a
			// guess either way
			return nil, fmt.Errorf("%s: %w: headerless file whose first column counts up by 1 (a sample counter, or millis() at 1 kHz?): set the sample rate (the column is then a counter), or the time unit (ms) if it is a time", r.name, ErrNoRate)
		case counts && r.opt.TimeUnit == "":
			// with a rate: a sample counter, not read (T = line / rate)
			names = append([]string{"-"}, names[:r.nf-1]...)
		default:
			names = append([]string{"t"}, names[:r.nf-1]...)
		}
	default:
		return nil, fmt.Errorf("%s:%d: %w: headerless file with %d columns (want ax,ay,az[,gx,gy,gz] or t,ax,ay,az[,gx,gy,gz])",
			r.name, r.pending[0].no, ErrNotRecording, r.nf)
	}
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = classifyColumn(n)
	}
	return cols, nil
}

// dateLedColumns maps a headerless file whose lines are a date and time
// then numbers (an Axivity AX3/AX6 export): t,ax,ay,az, then gx,gy,gz
// when the next three columns can be angular rates, and any further
// columns not read — cwa-convert's -light, -temp and -batt add the
// light sensor's reading, the temperature and the battery after the
// channels, which are not rates: a column of one sign steady within 2 %
// (temperature, battery) is not a gyroscope's axis, whose noise alone
// moves it by more. The columns not read are said in the description
// (extraCols).
func (r *CSVReader) dateLedColumns(data [][]float64) ([]column, error) {
	if r.nf < 4 {
		return nil, fmt.Errorf("%s:%d: %w: headerless file of a date and time then %d values (want t,ax,ay,az[,gx,gy,gz])",
			r.name, r.pending[0].no, ErrNotRecording, r.nf-1)
	}
	names := []string{"t", "ax", "ay", "az"}
	rest := r.nf - 4
	if rest >= 3 {
		steady := -1
		var at float64
		for j := 4; j < 7 && steady < 0; j++ {
			var v []float64
			for _, row := range data {
				if j < len(row) && !math.IsNaN(row[j]) {
					v = append(v, row[j])
				}
			}
			if len(v) == 0 {
				continue
			}
			lo, hi := slices.Min(v), slices.Max(v)
			m := median(v)
			if (lo > 0 || hi < 0) && hi-lo <= 0.02*math.Abs(m) {
				steady, at = j, m
			}
		}
		if steady < 0 {
			names = append(names, "gx", "gy", "gz")
		} else {
			r.extraCols = fmt.Sprintf("columns 5–%d not read: column %d is steady at %.4g, not an angular rate: light, temperature, battery?", r.nf, steady+1, at)
		}
	}
	if len(names) < r.nf && r.extraCols == "" {
		span := fmt.Sprintf("columns %d–%d", len(names)+1, r.nf)
		if len(names)+1 == r.nf {
			span = fmt.Sprintf("column %d", r.nf)
		}
		r.extraCols = span + " not read: light, temperature, battery?"
	}
	for len(names) < r.nf {
		names = append(names, "-")
	}
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = classifyColumn(n)
	}
	return cols, nil
}

// oneDevice keeps the channels of one device of a Shimmer export that
// holds several (Consensys writes each paired device's columns side by
// side): the first with an accelerometer, else the first. The others'
// are not read, said in the description (otherDevices): read by role, a
// file's time, accelerometer and gyroscope came from different sensors
// (one's wide-range accelerometer, another's gyroscope).
func (r *CSVReader) oneDevice(cols []column) {
	keep := ""
	for _, c := range cols {
		if c.device != "" && c.role != roleNone && (keep == "" || c.role == roleAcc) {
			keep = c.device
			if c.role == roleAcc {
				break
			}
		}
	}
	if keep == "" {
		return
	}
	for i, c := range cols {
		if c.device != "" && c.device != keep && c.role != roleNone {
			cols[i].role = roleNone
			if !slices.Contains(r.otherDevices, c.device) {
				r.otherDevices = append(r.otherDevices, c.device)
			}
		}
	}
}

// unitFactor maps time units to divisors giving seconds.
var timeUnits = []struct {
	name string
	div  float64
}{{"s", 1}, {"ms", 1e3}, {"us", 1e6}, {"ns", 1e9}}

func timeDiv(u string) float64 {
	switch u {
	case "100us":
		return 1e4 // Xsens SampleTimeFine (fineUnit)
	case "min":
		return 1.0 / 60 // only as named: t_min, "time (min)"
	case "day":
		return 1.0 / 86400 // an Excel serial day (excelDays), detected
	}
	for _, t := range timeUnits {
		if t.name == u {
			return t.div
		}
	}
	return 0
}

// decide maps columns to channels and decides units, rate and clipping.
func (r *CSVReader) decide(cols []column, data [][]float64, format string, hdrLine int, hdrText string) error {
	if r.opt.GyroOnly {
		// a gyroscope file: bare axes are angular rates
		for i, c := range cols {
			switch {
			case c.role == roleAcc && c.rank == 2 && c.unit == "":
				cols[i].role = roleGyr // x, y, z, x-axis
			case c.role == roleAccAnat && c.rank >= rankBareAnat && c.unit == "":
				cols[i].role = roleGyrAnat // vertical, ap, ml
			}
		}
	}
	r.oneDevice(cols)
	acc, gyr, frame, ownGyr, found := placeColumns(cols, r.opt.GyroOnly, r.opt.OwnFrameRates)
	grav := [3]int{-1, -1, -1}
	if user, g, ok := deviceMotion(cols); !found && !r.opt.GyroOnly && ok {
		// SensorLog's device motion alone, without its accelerometer:
		// user acceleration plus gravity is the acceleration, in g and
		// Core Motion's convention as the accelerometer's (mirrored)
		for k, c := range user {
			cols[c].role, cols[c].rank, cols[c].mirror = roleAcc, 1, true
			cols[c].unit = keepUnit(cols[c].unit, "g", "mg", "mps2")
			for _, v := range data {
				if v != nil {
					v[c] += v[g[k]]
				}
			}
		}
		grav = g
		acc, gyr, frame, ownGyr, found = placeColumns(cols, r.opt.GyroOnly, r.opt.OwnFrameRates)
	}
	switch {
	case found:
	case r.opt.GyroOnly:
		return r.notRec(hdrLine, "no gyroscope columns in header: %s", hdrText)
	default:
		var lin []string
		for _, c := range cols {
			if c.role == roleLinAcc {
				lin = append(lin, c.name)
			}
		}
		if lin != nil {
			advice := `pass acceleration including gravity (phyphox "Acceleration with g", Sensor Logger TotalAcceleration.csv)`
			if strings.HasPrefix(strings.ToLower(lin[0]), "motionuseracceleration") {
				// SensorLog with only Core Motion's device motion on
				advice = "log SensorLog's accelerometer too (its accelerometerAcceleration… columns, gravity included), or device motion's gravity (motionGravity…, added to the user acceleration)"
			}
			return fmt.Errorf("%s: %w: columns %s are linear acceleration (gravity removed); %s",
				r.where(hdrLine), ErrNoGravity, strings.Join(lin, ","), advice)
		}
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		reason := noAccReason(names)
		if r.countEpochs {
			reason += " (an ActiGraph epoch export: activity counts per epoch, not acceleration — export the raw data, ActiLife's \"Export Raw Data to CSV\")"
		}
		return r.notRec(hdrLine, "%s: %s", reason, hdrText)
	}

	// Sensor Logger writes every axis of a sensor (time,seconds_elapsed,
	// z,y,x): one missing is a damaged file, not a sensor with two axes
	// (with x gone it was read as two axes and refused as lacking gravity)
	if format == FormatSensorLogger {
		ch := acc
		if r.opt.GyroOnly {
			ch = gyr
		}
		var missing []string
		for k, c := range ch {
			if c < 0 {
				missing = append(missing, [3]string{"x", "y", "z"}[k])
			}
		}
		if missing != nil && len(missing) < 3 {
			return fmt.Errorf("%s: %w: a Sensor Logger header without column %s (it writes time,seconds_elapsed,z,y,x): %s",
				r.where(hdrLine), ErrNotRecording, strings.Join(missing, ","), hdrText)
		}
	}

	// Anatomical acceleration without its vertical axis: not analysable
	// (a waist's contacts are found on the vertical channel), and was
	// refused as lacking gravity, the vertical column's name unread
	// (acc_si before SI was known)
	if !r.opt.GyroOnly && frame == FrameAnatomical && acc[AxisV] < 0 {
		var read []string
		for _, c := range acc {
			if c >= 0 {
				read = append(read, cols[c].name)
			}
		}
		return r.notRec(hdrLine, "anatomical acceleration (%s) without a vertical column: name it acc_v, vertical, VT or SI, or name the columns with --columns: %s",
			strings.Join(read, ","), hdrText)
	}

	// Rows whose acceleration (gyroscope-only: angular rate) cells are
	// all finite.
	need := acc
	if r.opt.GyroOnly {
		need = gyr
	}
	var ok [][]float64
	for _, v := range data {
		if v == nil {
			continue
		}
		good := true
		for _, c := range need {
			if c >= 0 && !finite(v[c]) {
				good = false
			}
		}
		if good {
			ok = append(ok, v)
		}
	}
	if len(ok) == 0 {
		return r.notRec(hdrLine, "no numeric data lines in the first %d lines after the header", len(data))
	}
	// A gyroscope without one finite value in the lookahead (empty or NaN
	// cells: one that starts later, or never) is absent, said like an
	// empty column: read, its cells made every line a bad line, and a file
	// whose gyroscope is NaN throughout gave no sample at all (a review)
	if !r.opt.GyroOnly && gyr != [3]int{-1, -1, -1} && !slices.ContainsFunc(ok, func(v []float64) bool {
		return slices.ContainsFunc(gyr[:], func(c int) bool { return c >= 0 && finite(v[c]) })
	}) {
		unread(&gyr, cols, &r.emptyCols)
		ownGyr = false
	}
	// A gyroscope reading exactly 0 on every axis of every row of the
	// lookahead while the acceleration moves (gait, not a standing
	// start) is no gyroscope: an export's columns for a part the sensor
	// lacks, or one switched off. Read, a foot's detector took the flat
	// rates for a foot that never swings: a shank file with gx,gy,gz all
	// 0 gave no contact at all, where the same file without them scored
	// F1 1.000 (helper 273's sweep; TestCSVZeroGyroNotRead). At rest a
	// part can read exactly 0 (whole °/s, a bias-removed rate printed to 2
	// decimals): a still lookahead keeps it.
	if !r.opt.GyroOnly && !r.opt.IgnoreGyro && gyr != [3]int{-1, -1, -1} && accMoves(ok, acc) && !slices.ContainsFunc(ok, func(v []float64) bool {
		return slices.ContainsFunc(gyr[:], func(c int) bool { return c >= 0 && v[c] != 0 && !math.IsNaN(v[c]) })
	}) {
		unread(&gyr, cols, &r.zeroCols)
		r.lookRows = len(ok)
		ownGyr = false
	}
	if r.opt.IgnoreGyro {
		unread(&gyr, cols, &r.ignored)
		ownGyr = false
	}

	// Time column.
	tcol, tby, tunit := -1, "", ""
	var unusable string // why a time column was passed over
	var reversed error  // the first time column that runs backwards
	var cands []int     // time columns, best ranked first
	coarse := false     // the time column repeats on rows that differ
	var long []int      // coarse in ticks of more than four rows: their rows (longTicks)
	longCol := -1       // the first such column, taken when no other is usable
	var longRuns []int  // its rows per tick
	if r.opt.TimeUnit != "none" {
		for i, c := range cols {
			if c.role == roleTime {
				cands = append(cands, i)
			}
		}
		slices.SortStableFunc(cands, func(a, b int) int {
			if cols[a].rank != cols[b].rank {
				return cols[a].rank - cols[b].rank
			}
			// an app's own name, a location's, after a plain one
			// (column.soft)
			return cmpBool(cols[a].soft, cols[b].soft)
		})
		if err := r.twoClocks(cols, cands, ok, hdrLine); err != nil {
			return err
		}
		for _, c := range cands {
			// Usable: numeric in 90 % of the lines with valid
			// acceleration, increasing in 75 % of the steps, or never
			// (but for a bad line or two) decreasing and increasing in
			// a quarter: a time written coarser than the sample period
			// (240 Hz in 0.01 s, 2000 Hz in whole ms), or every row
			// written twice.
			// (a row written again, its time and values the row
			// before's, is left out: a duplicate, a bad line)
			n, steps, up, down, same := 0, 0, 0, 0, 0
			for _, v := range ok {
				if finite(v[c]) {
					n++
				}
			}
			prev := math.NaN()
			var prevRow []float64
			var runs []int   // rows per time, of rows that differ
			var ts []float64 // the times of rows that differ (burstClock)
			for _, v := range data {
				if v == nil || !finite(v[c]) {
					continue
				}
				if !math.IsNaN(prev) {
					if v[c] == prev && sameChannels(v, prevRow, acc, gyr) {
						same++
						continue
					}
					steps++
					switch {
					case v[c] > prev:
						up++
					case v[c] < prev:
						down++
					}
				}
				if v[c] == prev && len(runs) > 0 {
					runs[len(runs)-1]++
				} else {
					runs = append(runs, 1)
				}
				prev, prevRow = v[c], v
				ts = append(ts, v[c])
			}
			repeats := steps - up - down
			stalls := up*4 >= steps && down*100 <= steps
			switch {
			case n*10 < len(ok)*9 || n == 0:
				if unusable == "" {
					unusable = fmt.Sprintf("time column %q is not numeric", cols[c].name)
				}
			case down*4 >= steps*3 && steps >= 8:
				// not a frozen clock (which a rate can stand in for):
				// the rows run backwards — unless another time column
				// is usable
				if reversed == nil {
					reversed = fmt.Errorf("%s: %w: time column %q decreases in %d of %d steps: rows in reverse order? sort them by time", r.name, ErrTimeOrder, cols[c].name, down, steps)
				}
			case up*4 < steps && down*100 <= steps && longTicks(runs):
				// a clock of whole seconds (ActiGraph's without ms):
				// taken only when no other time column is usable (an
				// RTC's epoch seconds beside millis(): the whole
				// seconds spread the samples evenly, hiding drops, and
				// won over the millis — a review)
				if longCol < 0 {
					longCol, longRuns = c, runs
				}
			case up == 0 && steps+same > 0 || up*4 < steps*3 && !stalls:
				if unusable == "" {
					unusable = fmt.Sprintf("time column %q does not increase", cols[c].name)
				}
			default:
				tcol = c
				// repeated on a tenth of the rows that differ, in runs
				// of about one length (the samples a tick holds): a
				// coarse clock, whose repeats are samples. One long
				// run is a clock that froze for a while, its repeats
				// duplicates (read as a coarse clock, 60 lines at one
				// time made a 100 Hz file 115 Hz, samples off by up to
				// 0.26 s; a review)
				// A clock whose time moves on in steps mostly under
				// half a sample period (burstClock: a phone app
				// stamping each sample of a Bluetooth packet as its
				// loop reaches it, 0 or 1 ms apart, then a jump to the
				// next packet) is timed as a coarse one too: its
				// repeats and small steps are samples (read as a
				// 1000 Hz clock, half of a 143 Hz shank's rows were
				// skipped as duplicate timestamps and the rest
				// interpolated)
				coarse = repeats*10 >= steps && regularRuns(runs) || burstClock(ts)
			}
			if tcol >= 0 {
				break
			}
		}
		if tcol < 0 && longCol >= 0 {
			tcol, coarse, long = longCol, true, longRuns
		}
	}
	if tcol < 0 && reversed != nil {
		return reversed
	}
	var rawT []float64 // time cells of the lookahead, in file order
	r.epochOff = math.NaN()
	if tcol >= 0 {
		r.timeText = slices.Contains(r.dateCols, tcol)
		var prevRow []float64
		for _, v := range data {
			if v != nil && finite(v[tcol]) {
				if prevRow != nil && v[tcol] == prevRow[tcol] && sameChannels(v, prevRow, acc, gyr) {
					continue // a row written again
				}
				t := v[tcol]
				if r.timeText && t < timeOfDayEnd && len(rawT) > 0 {
					// a time of day alone over midnight (nearestDay)
					t = dayNearest(t, rawT[len(rawT)-1])
				}
				rawT = append(rawT, t)
				prevRow = v
			}
		}
		switch u := cols[tcol].unit; {
		case r.opt.TimeUnit != "":
			tunit, tby = r.opt.TimeUnit, "option"
		case u == "fine":
			tunit, tby = fineUnit(rawT), "detected"
		case timeDiv(u) != 0:
			tunit, tby = u, "header"
		case r.timeText:
			tunit, tby = "s", "detected" // a date and time: Unix time
		case long != nil:
			// ticks of many rows: the unit in which a row's share of
			// a tick is a sample period
			tunit, tby = detectTimeUnit([]float64{rawT[0], rawT[0] + tickStep(rawT, long)}), "detected"
		default:
			tunit, tby = detectTimeUnit(rawT), "detected"
		}
		r.timeDiv = timeDiv(tunit)
		if tunit == "day" {
			// days since 1899-12-30: Unix time from 1970-01-01, day
			// 25569 (every later time moved by it, as a wrap's is)
			r.tOff = -excelUnixDay
		}
		switch {
		case long != nil:
			r.longTickClock(rawT, long)
		case coarse:
			r.coarseClock(rawT)
		}
		if len(rawT) > 0 && rawT[0]/r.timeDiv > 1e8 {
			r.epochOff = 0 // the time column is epoch time itself
		} else {
			r.epochOff = epochOffset(cols, data, cands, tcol, r.timeDiv)
		}
	} else {
		if r.opt.Rate == 0 && r.headerRate > 0 {
			r.opt.Rate, r.rateBy = r.headerRate, r.headerRateBy
			if unusable != "" {
				// said, not passed over in silence: the samples are
				// timed from 0, not on the file's clock
				r.rateBy += "; " + unusable + ", not read"
			}
		}
		if r.opt.Rate == 0 {
			msg := "no time column"
			if unusable != "" {
				msg = unusable
			}
			if r.opt.TimeUnit == "none" {
				msg = `time column ignored (time unit "none")`
			}
			return fmt.Errorf("%s: %w: %s; set the sample rate", r.name, ErrNoRate, msg)
		}
		r.rate = r.opt.Rate
		tunit = "none"
	}

	var aby, aname string
	var ascale float64
	var norms []float64
	if r.opt.GyroOnly {
		aname = "none"
	} else {
		if !r.opt.GravityFree && len(ok) > 0 && zeroAcc(ok[:1], acc) {
			// the first lines read 0 on every axis: a logger writing
			// before its sensor was read; Read skips them
			r.zeroLead, r.slow = true, true
		}
		if !r.opt.GravityFree && r.opt.Lookahead == 0 && zeroAcc(ok, acc) {
			// a logger that wrote 0 until its sensor was read (0.5 s
			// fills the lookahead at 1000 Hz): the units, the vertical's
			// sign, the gyroscope and the clipping are told by the lines
			// after the zeros (the file was refused)
			if more := r.pastZeros(acc, grav, len(ok)); more != nil {
				ok = more
			}
		}
		var err error
		if ascale, aname, aby, norms, err = r.accUnit(ok, acc, cols, format); err != nil {
			return err
		}
	}
	r.accScale = [3]float64{ascale, ascale, ascale}
	for i, c := range acc {
		if c >= 0 && (cols[c].mirror || r.opt.Mirrored) {
			// Core Motion's convention: negated, the sensor's frame
			// rather than its mirror image (CSVStats.Mirrored)
			r.accScale[i] = -ascale
			r.stats.Mirrored = true
		}
	}
	if frame == FrameAnatomical && acc[AxisV] >= 0 && !r.opt.GravityFree {
		// an acc_v that averages under −0.5 g points down (a sensor's
		// own z axis, positive down, named vertical): gravity tells which
		// way is up, as it tells the unit, so it is read negated (it
		// found no gait, saying to negate the column)
		sum, n := 0.0, 0
		for _, v := range ok {
			sum += v[acc[AxisV]]
			n++
		}
		if n > 0 && sum/float64(n)*ascale < vDown*G0 {
			r.accScale[AxisV] = -ascale
			r.stats.NegatedV, r.stats.MeanV = true, sum/float64(n)*ascale/G0
		}
	}

	// Gyro unit.
	gby, gname := "", "none"
	if gyr != [3]int{-1, -1, -1} {
		switch {
		case r.opt.GyroUnit != "":
			r.gyrScale, gname, _ = gyroUnitScale(r.opt.GyroUnit)
			gby = "option"
		case commonUnit(cols, gyr[:]) != "":
			r.gyrScale, gname, _ = gyroUnitScale(commonUnit(cols, gyr[:]))
			gby = "header"
		case format == FormatSensorLogger || format == FormatPhyphox:
			r.gyrScale, gname, gby = 1, "rad/s", "format"
		case r.opt.GyroOnly && slices.ContainsFunc(cols, func(c column) bool { return c.role == roleAcc || c.role == roleAccAnat }):
			return fmt.Errorf("%s: %w: the gyroscope's unit is not in the header (%s), and the file has acceleration columns: give it as the recording itself, not as a gyroscope file", r.where(hdrLine), ErrUnit, hdrText)
		case r.opt.GyroOnly:
			return fmt.Errorf("%s: %w: the gyroscope's unit is not in the header (%s): set it (dps or rads); without acceleration it cannot be detected", r.where(hdrLine), ErrUnit, hdrText)
		default:
			gby = "detected"
			dps, sure := judgeDPS(ok, gyr, norms, ascale)
			if !sure && r.opt.Lookahead == 0 {
				// still through the lookahead: read on to the first
				// movement (a standing start; the lookahead is 0.5 s at
				// 1000 Hz), in windows of at least the lookahead's
				// 5.12 s at 100 Hz (0.5 s of a slow turn before the
				// first step reads as a still sensor's offset of deg/s)
				rate := r.opt.Rate
				switch {
				case rate > 0:
				case tcol >= 0 && r.cPeriod > 0:
					rate = 1 / r.cPeriod
				case tcol >= 0:
					rate = estimateRate(rawT, r.timeDiv)
				}
				w := len(ok)
				if rate > 0 && rate < 1e5 {
					w = max(w, int(math.Ceil(lookaheadRows/100.0*rate)))
				}
				if d, ok := r.dpsPastStill(ok, acc, gyr, grav, ascale, w); ok {
					dps = d
				}
			}
			if dps {
				r.gyrScale, gname = math.Pi/180, "deg/s"
			} else {
				r.gyrScale, gname = 1, "rad/s"
			}
		}
	}

	if r.opt.GyroOnly {
		if err := r.checkRates(ok, gyr, hdrLine, hdrText); err != nil {
			return err
		}
	}

	// Layout.
	l := Layout{Frame: frame, GyrOwnFrame: ownGyr}
	for i := range 3 {
		l.Acc[i] = acc[i] >= 0
		l.Gyr[i] = gyr[i] >= 0
	}
	if tcol >= 0 && r.cPeriod > 0 {
		r.timeRate = 1 / r.cPeriod
	} else if tcol >= 0 {
		r.timeRate = estimateRate(rawT, r.timeDiv)
		if !(r.timeRate > 0) && r.opt.Rate == 0 {
			// (a file of one data line: "sample rate 0 Hz" from the
			// engine said nothing of why)
			return fmt.Errorf("%s: %w: time column %q: %d data line(s), too few to read a rate from; set the sample rate", r.name, ErrNoRate, cols[tcol].name, len(rawT))
		}
	}
	if r.timeRate > 0 {
		r.jumpRaw = 2 * r.timeDiv / r.timeRate // two periods
	}
	if r.cPeriod > 0 {
		r.jumpRaw = 3 * r.cQuant * r.timeDiv // three of the clock's ticks
	}
	l.Rate = r.timeRate
	if r.opt.Rate > 0 {
		l.Rate = r.opt.Rate
	}
	if !r.opt.GravityFree {
		// a user acceleration's plateau lies at the range less gravity's
		// share of the axis: the engine finds the limit of the sum
		l.ClipAcc = detectClip(ok, acc, ascale)
	}
	if rg := r.opt.AccRange; rg > 0 && !r.opt.GyroOnly {
		plateau := l.ClipAcc
		l.ClipAcc = rg * G0
		if plateau > 0 && plateau < 0.99*l.ClipAcc {
			// the data saturate under the range given (±16 g given
			// for a part set to ±8 g): the plateau is the part's, and
			// the contacts at it are flagged (none were, and impacts
			// at the plateau read as the runner's)
			l.ClipAcc, r.plateauUnder = plateau, true
		}
		// the range bounds the acceleration with gravity: a user
		// acceleration, without it, reaches up to 1 g beyond
		limit := 1.01 * l.ClipAcc
		if r.opt.GravityFree {
			limit += G0
		}
		for i, v := range data {
			for k, c := range acc {
				if v == nil || c < 0 || !(math.Abs(v[c])*ascale > limit) {
					continue
				}
				return fmt.Errorf("%s: the acceleration reads %.2f g in column %q, beyond the accelerometer range given, ±%g g: the part's range is wider (or the unit is not %s)",
					r.where(r.pending[i].no), v[c]*ascale/G0, cols[acc[k]].name, rg, aname)
			}
		}
	}
	r.layout = l

	// Hot-path tables.
	r.cols = make([]colKind, r.nf)
	r.names = make([]string, r.nf)
	for i := range r.kindCol {
		r.kindCol[i] = -1
	}
	set := func(field int, k colKind) {
		r.cols[field] = k
		r.kindCol[k] = field
	}
	for i, c := range cols {
		r.names[i] = c.name
	}
	if tcol >= 0 {
		set(tcol, colTime)
	}
	for i := range 3 {
		if acc[i] >= 0 {
			set(acc[i], colAcc0+colKind(i))
		}
		if grav[i] >= 0 {
			set(grav[i], colGrav0+colKind(i))
			r.addGrav = true
		}
		if gyr[i] >= 0 {
			set(gyr[i], colGyr0+colKind(i))
		}
	}

	// Descriptions.
	st := &r.stats
	st.AccUnit, st.AccUnitBy = aname, aby
	st.GyroIgnored = len(r.ignored)
	st.GyroUnit, st.GyroUnitBy = gname, gby
	st.TimeUnit, st.TimeUnitBy = tunit, tby
	st.TimeRate = r.timeRate
	st.EpochOffset = r.epochOff
	r.describe(cols, tcol, acc, gyr)
	return nil
}

// deviceMotion finds SensorLog's device-motion acceleration: user
// acceleration (motionUserAccelerationX(G) …, gravity removed) and gravity
// (motionGravityX(G) …), all three axes of each; ok is false without them.
func deviceMotion(cols []column) (user, grav [3]int, ok bool) {
	user, grav = [3]int{-1, -1, -1}, [3]int{-1, -1, -1}
	for i, c := range cols {
		name := strings.ToLower(c.name)
		for _, m := range []struct {
			prefix string
			dst    *[3]int
		}{{"motionuseracceleration", &user}, {"motiongravity", &grav}} {
			if rest, found := strings.CutPrefix(name, m.prefix); found && rest != "" && isAxis(rest[0]) && (len(rest) == 1 || rest[1] == '(') {
				m.dst[rest[0]-'x'] = i
			}
		}
	}
	for k := range 3 {
		if user[k] < 0 || grav[k] < 0 {
			return user, grav, false
		}
	}
	return user, grav, true
}

// placeColumns picks the acceleration's and the angular rate's columns
// among classified header names (indices into cols, -1 for an axis
// absent), as CSVReader and csv payloads with a header read them:
// anatomical acceleration (acc_v …) wins over sensor-frame columns, and
// makes the frame anatomical, when it has a vertical column — bare anatomical names (vertical, ap) only
// without sensor-frame acceleration, and a bare v or si only beside
// another anatomical column (rankBareAnat, rankWeakAnat); among sensor-frame columns the best-ranked
// group; rates beside anatomical acceleration are anatomical ones (gyr_v
// …), else — with ownFrameRates — the sensor's own (ownGyr). A gyroscope
// file (gyroOnly) picks rates alone. found is false when there is no
// acceleration (with gyroOnly, no angular rate).
func placeColumns(cols []column, gyroOnly, ownFrameRates bool) (acc, gyr [3]int, frame Frame, ownGyr, found bool) {
	acc, gyr = [3]int{-1, -1, -1}, [3]int{-1, -1, -1}
	cols = shadowSoft(cols)
	pick := func(dst *[3]int, want role, rank int) bool {
		found := false
		for i, c := range cols {
			if c.role == want && (rank < 0 || c.rank == rank) && dst[c.axis] < 0 {
				dst[c.axis] = i
				found = true
			}
		}
		return found
	}
	bestRank := func(want role) int {
		b := -1
		for _, c := range cols {
			if c.role == want && (b < 0 || c.rank < b) {
				b = c.rank
			}
		}
		return b
	}
	// pickAnat picks anatomical columns: prefixed ones (acc_v, gyr_ap)
	// first, then bare ones (vertical, ap) when no sensor-frame column
	// of the kind (sensor) is there, then weak ones (v, si) beside
	// either (rankBareAnat, rankWeakAnat)
	pickAnat := func(dst *[3]int, want role, sensor role) bool {
		found := false
		for _, most := range [...]int{rankBareAnat - 1, rankBareAnat, rankWeakAnat} {
			if most >= rankBareAnat && bestRank(sensor) >= 0 || most == rankWeakAnat && !found {
				break
			}
			for i, c := range cols {
				if c.role == want && c.rank <= most && dst[c.axis] < 0 {
					dst[c.axis] = i
					found = true
				}
			}
		}
		return found
	}
	anat := [3]int{-1, -1, -1}
	hasAnat := !gyroOnly && pickAnat(&anat, roleAccAnat, roleAcc)
	if hasAnat && anat[AxisV] < 0 && bestRank(roleAcc) >= 0 {
		// anatomical columns without their vertical (t,ax,ay,az,acc_lat)
		// beside the sensor's own acceleration: the sensor's axes are
		// read (the file was refused as anatomical without a vertical)
		hasAnat = false
	}
	switch {
	case gyroOnly:
		if pickAnat(&gyr, roleGyrAnat, roleGyr) {
			frame = FrameAnatomical
		} else if b := bestRank(roleGyr); b >= 0 {
			pick(&gyr, roleGyr, b)
		} else {
			return acc, gyr, frame, false, false
		}
	case hasAnat:
		acc, frame = anat, FrameAnatomical
		if !pickAnat(&gyr, roleGyrAnat, roleGyr) {
			// gx, gy, gz beside aligned acceleration: rates about the
			// sensor's own axes (Layout.GyrOwnFrame)
			if b := bestRank(roleGyr); b >= 0 && ownFrameRates {
				pick(&gyr, roleGyr, b)
				ownGyr = true
			}
		}
	case bestRank(roleAcc) >= 0:
		pick(&acc, roleAcc, bestRank(roleAcc))
		if b := bestRank(roleGyr); b >= 0 {
			pick(&gyr, roleGyr, b)
		}
	default:
		return acc, gyr, frame, false, false
	}
	return acc, gyr, frame, ownGyr, true
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// shadowSoft returns cols without their soft channels (column.soft: a
// body location's, a device's) when a plain acceleration or rate column
// is there beside them, as before such names were read: "t,x,y,z,heel_ax"
// reads x, y and z, not heel_ax alone (ranked before a bare x);
// "t,ax,ay,az,Pelvis Acc V" reads ax, ay, az in the sensor's frame, not
// the vertical axis alone; "t,ax,ay,az,L_Shank_Gyr_X…" no rates of
// another sensor. (A bare anatomical name, not read before, is no plain
// column.) cols is returned as is when none is shadowed.
func shadowSoft(cols []column) []column {
	channel := func(c column) bool {
		switch c.role {
		case roleAcc, roleGyr:
			return true
		case roleAccAnat, roleGyrAnat:
			return c.soft || c.rank < rankBareAnat
		}
		return false
	}
	if !slices.ContainsFunc(cols, func(c column) bool { return channel(c) && !c.soft }) {
		return cols
	}
	var out []column
	for i, c := range cols {
		if channel(c) && c.soft {
			if out == nil {
				out = slices.Clone(cols)
			}
			out[i].role = roleNone
		}
	}
	if out == nil {
		return cols
	}
	return out
}

// checkRates refuses a gyroscope-only file whose values cannot be a body's
// angular rate: a vector that averages over 2 rad/s in one direction across
// the lookahead (a body segment does not keep turning one way for seconds;
// gravity and the magnetic field do — Sensor Logger's Gravity.csv and
// Magnetometer.csv have Gyroscope.csv's columns), or a median |ω| over
// 35 rad/s (2000 °/s, a gyroscope's usual full scale: the unit is wrong).
func (r *CSVReader) checkRates(rows [][]float64, gyr [3]int, hdrLine int, hdrText string) error {
	var mean [3]float64
	norms := make([]float64, 0, len(rows))
	for _, v := range rows {
		var n2 float64
		for k, c := range gyr {
			if c >= 0 {
				w := v[c] * r.gyrScale
				mean[k] += w
				n2 += w * w
			}
		}
		norms = append(norms, math.Sqrt(n2))
	}
	n := float64(len(rows))
	m := math.Sqrt(mean[0]*mean[0]+mean[1]*mean[1]+mean[2]*mean[2]) / n
	switch med := median(norms); {
	case m > 2:
		return r.notRec(hdrLine, "not an angular rate: the vector averages %.3g rad/s in one direction over %d lines (%s), which no body segment keeps up; gravity, a magnetic field or an accelerometer file with the same columns, or the wrong unit?", m, len(rows), hdrText)
	case med > 35:
		return fmt.Errorf("%s: %w: the median angular rate is %.3g rad/s over %d lines, beyond a gyroscope's 2000 °/s: the unit looks wrong", r.where(hdrLine), ErrUnit, med, len(rows))
	}
	return nil
}

// epochOffset returns E = epoch − t, s, for a file whose time column tcol
// (divisor div to seconds) is relative while another time column holds
// absolute (Unix epoch) time, from the first lookahead line with both; NaN
// without such a column. Files that restart their relative time each
// (MetaBase's elapsed (s)) are aligned by it.
func epochOffset(cols []column, data [][]float64, cands []int, tcol int, div float64) float64 {
	for _, c := range cands {
		if c == tcol {
			continue
		}
		var raw []float64
		for _, v := range data {
			if v != nil && finite(v[c]) {
				raw = append(raw, v[c])
			}
		}
		if len(raw) < 2 {
			continue
		}
		d := timeDiv(cols[c].unit)
		if d == 0 {
			d = timeDiv(detectTimeUnit(raw))
		}
		for _, v := range data {
			if v == nil || !finite(v[c]) || !finite(v[tcol]) {
				continue
			}
			if e := v[c]/d - v[tcol]/div; v[c]/d > 1e8 && math.Abs(e) > 1e8 {
				return e // after 1973: an epoch, not another relative clock
			}
			break
		}
	}
	return math.NaN()
}

// accUnit decides the acceleration unit from the option, the header, the
// format or gravity, and checks that gravity is there. norms are the rows'
// |a| in the file's unit.
func (r *CSVReader) accUnit(ok [][]float64, acc [3]int, cols []column, format string) (ascale float64, aname, aby string, norms []float64, err error) {
	norms, mean := accNorms(ok, acc)
	med := median(norms)
	if med == 0 && !r.opt.GravityFree {
		// every row 0 on every axis (accNorms keeps zero rows only
		// then): no sensor reads that with gravity or in motion (it was
		// called user acceleration, "the mean vector NaN")
		return 0, "", "", nil, r.notRec(0, "the acceleration is 0 on every axis over %d lines: a sensor that was not read (not connected, or not initialised)", len(ok))
	}
	ratio := math.Hypot(math.Hypot(mean[0], mean[1]), mean[2]) / med
	switch {
	case r.opt.AccUnit != "":
		ascale, aname, _ = accUnitScale(r.opt.AccUnit)
		aby = "option"
	case commonUnit(cols, acc[:]) != "":
		ascale, aname, _ = accUnitScale(commonUnit(cols, acc[:]))
		aby = "header"
	case format == FormatSensorLogger:
		// always m/s²: a gravity-free Accelerometer.csv must not pass
		// for a file in g because its dynamic mean is about 1
		ascale, aname, aby = 1, "m/s²", "format"
	case r.opt.GravityFree && r.opt.GravityUnit != "":
		ascale, aname, _ = accUnitScale(r.opt.GravityUnit)
		aby = "gravity recording"
	case r.opt.GravityFree:
		return 0, "", "", nil, fmt.Errorf("%s: %w: acceleration without gravity: its unit cannot be told from gravity; set the acceleration unit", r.name, ErrUnit)
	default:
		aby = "detected"
		if ascale, aname, err = guessAccUnit(r.name, norms, mean, len(ok)); err != nil {
			return 0, "", "", nil, err
		}
	}
	mvG, medG := math.Hypot(math.Hypot(mean[0], mean[1]), mean[2])*ascale/G0, med*ascale/G0
	free := r.opt.GravityFree
	switch {
	case free && mvG >= 0.75 && mvG <= 1.3 && ratio >= 0.6 && ratio <= 1.2:
		// User acceleration (GravityFree): no gravity to check, but a
		// trunk's file that has gravity already is refused — its mean
		// vector about 1 g and 0.6–1.2 of the median |a| (0.8–1.05
		// running and walking on the simulator, 0.95–1.0 on mobgap's
		// walks), where user acceleration averages out toward 0 over
		// strides, and a foot's, as long (the swing's centripetal
		// part), has a far shorter median (stance is still: ratio
		// 2.2–2.4 walking). A foot's mean vector with gravity, swing
		// included, is longer (1.4–2.1 g): not caught.
		return 0, "", "", nil, fmt.Errorf("%s: %w: the mean acceleration is %.2f g over %d lines (with unit %s), nearly the median |a|: gravity is there already and would be added twice; analyse it without a gravity recording", r.name, ErrHasGravity, mvG, len(ok), aname)
	case !free && aby == "option" && mvG < 0.75 && mvG > 0 && ratio >= 0.6:
		// gravity is there (the mean vector most of the median |a|,
		// where user acceleration averages out) at the wrong size: the
		// unit given is wrong (data at 4096 counts per g read with
		// raw:16384 was called user acceleration — a black-box round)
		hint := ""
		if n, ok := strings.CutPrefix(aname, "raw:"); ok {
			if lsb, err := strconv.ParseFloat(n, 64); err == nil {
				// (MEMS scales are powers of two: 16384 counts per g at
				// ±2 g, 4096 at ±8 g)
				want := lsb * mvG
				if p2 := math.Exp2(math.Round(math.Log2(want))); math.Abs(want/p2-1) < 0.1 {
					want = p2
				}
				hint = fmt.Sprintf(" (raw:%.0f would make it about 1 g)", want)
			}
		}
		return 0, "", "", nil, fmt.Errorf("%s: %w: with acceleration unit %s the mean acceleration is %.3g g over %d lines, where gravity reads 1 g: the unit looks wrong%s", r.name, ErrUnit, aname, mvG, len(ok), hint)
	case !free && mvG < 0.3:
		if aby == "detected" {
			aname = "" // a guess: do not state it
		}
		err := r.noGravity(med, ratio, aname, len(ok))
		if aby == "format" {
			err = fmt.Errorf("%w (a Sensor Logger header: m/s² assumed; give --acc-unit g if this file is in g)", err)
		}
		return 0, "", "", nil, err
	case medG > 8 || !free && mvG > maxGravityG:
		return 0, "", "", nil, fmt.Errorf("%s: %w: with acceleration unit %s the median |a| is %.3g g over %d lines; the unit looks wrong", r.name, ErrUnit, aname, medG, len(ok))
	case !free && quantile(norms, 0.95)-quantile(norms, 0.05) < 0.1*med && (medG < 0.6 || medG > 1.6):
		// |a| steady (within ±5 %) is a still accelerometer, which reads
		// gravity alone: 1 g. Another sensor's file with the same
		// columns reads steady at something else — Sensor Logger's
		// Magnetometer.csv (its 20–65 µT in m/s² is 2–6.6 g) was
		// analysed as acceleration and found "no gait".
		err := fmt.Errorf("%s: %w: |a| is steady at %.3g g over %d lines (with acceleration unit %s), where a still accelerometer reads 1 g: not acceleration including gravity (another sensor's file with the same columns, such as a magnetometer's?), or the unit is wrong", r.name, ErrUnit, medG, len(ok), aname)
		if aby == "format" {
			err = fmt.Errorf("%w (a Sensor Logger header: m/s² assumed)", err)
		}
		return 0, "", "", nil, err
	}
	return ascale, aname, aby, norms, nil
}

// guessAccUnit tells the unit of acceleration from gravity: norms are |a|
// of n lines in the unknown unit and mean their mean vector (accNorms). It
// returns the scale to m/s² and the unit's name, or an error wrapping
// ErrUnit or ErrNoGravity that names the input.
func guessAccUnit(name string, norms []float64, mean [3]float64, n int) (scale float64, unit string, err error) {
	med := median(norms)
	if med == 0 {
		// every value 0 (accNorms keeps zero rows only then): no sensor
		// reads that with gravity or in motion ("the mean vector NaN")
		return 0, "", fmt.Errorf("%s: %w: the acceleration is 0 on every axis: a sensor that was not read (not connected, or not initialised)", name, ErrNotRecording)
	}
	ratio := math.Hypot(math.Hypot(mean[0], mean[1]), mean[2]) / med
	// The mean acceleration vector is gravity (dynamic acceleration
	// averages out over strides), about 1 in g and 9.8 in m/s², on the
	// trunk; it tells a gravity-free (linear acceleration) file by
	// being ≈ 0. A shank or foot adds the centripetal acceleration of
	// its swing, which points the same way in the sensor's frame
	// stride after stride: its mean vector grows with speed, 1.4–2 g
	// running at 2–3.3 m/s and up to 4.5 g at 7 m/s on the simulator
	// (ω² r: 12 rad/s at 0.3 m is 4.4 g), and swings hard: the
	// interquartile range of its |a| is 0.9–1.4 times the median
	// there. A moving sensor is therefore in g up to 2.5, and up to
	// maxGravityG when it swings that hard; in m/s² from 6 (0.6 g, less
	// than any segment's mean in gait) to 2.5 g; beyond that it is mg or
	// raw counts, or (swinging hard, up to maxGravityG in m/s²) a fast
	// foot in m/s² that cannot be told from raw counts of a running
	// trunk, which swings as hard: refused with both. A still one (90 %
	// of |a| within ±5 % of its median) reads gravity alone: 0.75–1.3
	// in g, 7.5–12.5 in m/s².
	mv := math.Hypot(math.Hypot(mean[0], mean[1]), mean[2])
	iqr := quantile(norms, 0.75) - quantile(norms, 0.25)
	// still: all but the extremes within ±5 % (the interquartile
	// range alone called a file still whose first seconds were
	// standing and the rest a fast run: 1.3–1.4 g, refused)
	still := quantile(norms, 0.95)-quantile(norms, 0.05) < 0.1*med
	swing := iqr >= 0.5*med
	switch {
	case mv < 0.3:
		return 0, "", noGravityError(name, med, ratio, "", n)
	case still && mv >= 0.75 && mv <= 1.3, !still && mv <= 2.5, swing && mv <= maxGravityG:
		return G0, "g", nil
	case still && mv >= 7.5 && mv <= 12.5, !still && mv >= 6 && mv <= 2.5*G0:
		return 1, "m/s²", nil
	case swing && mv > 2.5*G0 && mv <= maxGravityG*G0:
		// a fast foot in m/s², or raw counts of a trunk (a running
		// trunk swings as hard, flight to stance: 32 counts per g
		// passed for m/s², impacts 7.7 g): the user must say
		return 0, "", fmt.Errorf("%s: %w: mean acceleration %.4g over %d lines: m/s² from a fast foot or shank, or raw counts? set the acceleration unit (mps2, or raw:<lsb_per_g>)", name, ErrUnit, mv, n)
	case mv > 2.5*G0:
		return 0, "", fmt.Errorf("%s: %w: mean acceleration %.4g over %d lines: raw counts or mg? set the acceleration unit (mg or raw:<lsb_per_g>)", name, ErrUnit, mv, n)
	default:
		return 0, "", fmt.Errorf("%s: %w: mean acceleration %.4g over %d lines, neither ≈1 (g) nor ≈9.8 (m/s²); set the acceleration unit", name, ErrUnit, mv, n)
	}
}

// maxGravityG is the longest mean acceleration vector of a moving sensor
// read as g, in g: a sprinting foot's gravity and swing (see accUnit).
const maxGravityG = 5

// noGravity explains ErrNoGravity: med is the median |a| in the file's
// unit, ratio the length of the mean vector over med.
func (r *CSVReader) noGravity(med, ratio float64, unit string, n int) error {
	return noGravityError(r.name, med, ratio, unit, n)
}

// noGravityError is CSVReader.noGravity for the input name.
func noGravityError(name string, med, ratio float64, unit string, n int) error {
	why := fmt.Sprintf("median |a| is %.3g %s over %d lines", med, unit, n)
	if unit == "" {
		why = fmt.Sprintf("median |a| is %.3g over %d lines", med, n)
	}
	if ratio < 0.25 {
		why += fmt.Sprintf(" and the mean vector is only %.2f of it", ratio)
	} else {
		// the median alone may look like gravity's: the mean vector,
		// which gravity would hold, is what is missing
		why += fmt.Sprintf(" and the mean vector %.3g", ratio*med)
		if unit != "" {
			why += " " + unit
		}
	}
	return fmt.Errorf("%s: %w: %s: this is user (linear) acceleration, such as iOS Sensor Logger Accelerometer.csv (gaitd analyze adds its Gravity.csv with --gravity), or another sensor with the same columns (such as Gyroscope.csv, which gaitd analyze takes with --gyro), or the unit is wrong; else pass acceleration including gravity (Sensor Logger TotalAcceleration.csv, phyphox \"Acceleration with g\")",
		name, ErrNoGravity, why)
}

// commonUnit returns the unit hint shared by all mapped columns, or "".
func commonUnit(cols []column, idx []int) string {
	u := ""
	for _, i := range idx {
		if i < 0 {
			continue
		}
		switch c := cols[i].unit; {
		case c == "" || c == "other":
			return ""
		case u == "":
			u = c
		case u != c:
			return ""
		}
	}
	return u
}

// accMoves reports whether |a| over rows varies by more than 5 % of its
// mean (its standard deviation: a walk's or a run's is 20 % and more, a
// sensor at rest's its noise, under 1 %), in any unit.
func accMoves(rows [][]float64, acc [3]int) bool {
	norms, _ := accNorms(rows, acc)
	return varies(norms)
}

// varies reports whether the standard deviation of the magnitudes |a|
// exceeds 5 % of their mean: acceleration that moves (accMoves, and
// GyroAbsent for samples). False for fewer than 2.
func varies(norms []float64) bool {
	if len(norms) < 2 {
		return false
	}
	var sum, sq float64
	for _, n := range norms {
		sum += n
	}
	mean := sum / float64(len(norms))
	for _, n := range norms {
		sq += (n - mean) * (n - mean)
	}
	return mean > 0 && math.Sqrt(sq/float64(len(norms)-1)) > 0.05*mean
}

// accNorms returns |a| over the present axes per row, and the mean vector,
// in the file's unit. Rows that read exactly 0 on every axis are left out
// of both (a sensor not yet awake writes them; no accelerometer with
// gravity reads them: 300 of them ahead of an m/s² walk widened the
// spread of |a| until it passed for a foot's in g), unless every row does.
func accNorms(rows [][]float64, acc [3]int) (norms []float64, mean [3]float64) {
	norms = make([]float64, 0, len(rows))
	live := make([][]float64, 0, len(rows))
	for _, v := range rows {
		var s float64
		for _, c := range acc {
			if c >= 0 {
				s += v[c] * v[c]
			}
		}
		if s != 0 {
			norms = append(norms, math.Sqrt(s))
			live = append(live, v)
		}
	}
	if len(live) == 0 {
		live = rows
		norms = make([]float64, len(rows))
	}
	// the mean leaves out rows beyond ten times the upper quartile of |a|
	// (a corrupt value must not decide the unit; the median would not do:
	// a fast runner's trunk is in flight, near 0 g, more than half the
	// time, and ten times that left out every contact)
	lim := 10 * quantile(norms, 0.75)
	n := 0
	for i, v := range live {
		if norms[i] > lim {
			continue
		}
		n++
		for k, c := range acc {
			if c >= 0 {
				mean[k] += v[c]
			}
		}
	}
	for k := range mean {
		mean[k] /= float64(max(n, 1))
	}
	return norms, mean
}

// median returns the median of x, ignoring NaNs; NaN for no values.
func median(x []float64) float64 {
	s := sortedFinite(x)
	switch n := len(s); {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return s[n/2]
	default:
		return (s[n/2-1] + s[n/2]) / 2
	}
}

func sortedFinite(x []float64) []float64 {
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return s
}

// quantile returns the q-quantile (nearest rank) of x, which it does not
// modify; NaNs are ignored.
func quantile(x []float64, q float64) float64 {
	s := sortedFinite(x)
	if len(s) == 0 {
		return math.NaN()
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// detectTimeUnit decides the unit of a time column without a hint. The
// magnitude of the first value sets the finest plausible epoch unit (ns
// above 1e17, µs above 1e14, ms above 1e11, else s); then the unit from
// there in which the median step is 0.1 ms to 0.1 s (10 Hz to 10 kHz; the
// units are 1000 apart, so one at most) wins, else the coarsest in which
// it is below 1 s, since no gait sensor samples at 1 Hz or slower (a
// micros() column at 2 kHz, steps of 500, was read in ms at 2 Hz). A relative column whose median
// step is 1 or more is therefore in ms (µs from 1000, ns from 1e6): an
// Arduino millis() column at 1000 Hz steps by exactly 1.
func detectTimeUnit(t []float64) string {
	if excelDays(t) {
		return "day"
	}
	floor := 0
	switch a := math.Abs(t[0]); {
	case a > 1e17:
		floor = 3
	case a > 1e14:
		floor = 2
	case a > 1e11:
		floor = 1
	}
	step, ok := medianStep(t)
	if !ok {
		return timeUnits[floor].name
	}
	for u := floor; u < len(timeUnits); u++ {
		// the unit in which the step is a gait sensor's period, 0.1 ms
		// to 0.1 s (a range of 1000: one unit at most): micros() at
		// 2 kHz steps by 500, 0.5 s in ms
		if gaitPeriod(step / timeUnits[u].div) {
			return timeUnits[u].name
		}
	}
	for u := floor; u < len(timeUnits); u++ {
		if step/timeUnits[u].div < 1 {
			return timeUnits[u].name
		}
	}
	return "ns"
}

// gaitPeriod reports whether a step of s seconds is a gait sensor's sample
// period: over 0.1 ms and at most 0.1 s (10 Hz to 10 kHz; units 1000 apart
// put one step in this range in one unit at most). The bounds allow a few
// units in the last place: a 10 Hz column written as i·0.1 has a median
// step of 0.1000000000000014, which put it in ms, at 10 kHz (an audit).
func gaitPeriod(s float64) bool { return s > 1e-4*(1+1e-12) && s <= 0.1*(1+1e-12) }

// excelUnixDay is 1970-01-01 as an Excel serial day (days since
// 1899-12-30).
const excelUnixDay = 25569

// excelDays reports whether times t are Excel serial days (days since
// 1899-12-30, the day's fraction its time: 45579.4168 is 2024-10-14
// 10:00:11), as an Axivity OmGui export writes them: the first between
// 10000 and 100000 (1927–2173), the median step under 0.1 ms in seconds
// (over 10 kHz: no gait sensor's) yet 0.1 ms to 1 s in days. Read in
// seconds, an AX3 at 100 Hz was 8.64 MHz. A float64 of 45579 days holds
// its time to 0.6 µs.
func excelDays(t []float64) bool {
	if len(t) == 0 || !(t[0] >= 1e4 && t[0] < 1e5) {
		return false
	}
	step, ok := medianStep(t)
	return ok && step < 1e-4 && step*86400 >= 1e-4 && step*86400 <= 1
}

// estimateRate returns 1 / mean interval in Hz, over the intervals within
// ±50 % of the median one (gaps excluded), rounded to an integer when
// within 0.05 % of it; 0 without intervals. Timestamps written to a
// resolution as coarse as the interval (800 Hz in whole ms: 1, 1, 1, 2 ms)
// count their doubled intervals too (quantizedPair): the 1 ms median read
// 1000 Hz.
func estimateRate(t []float64, div float64) float64 {
	var d []float64
	for i := 1; i < len(t); i++ {
		if t[i] > t[i-1] {
			d = append(d, (t[i]-t[i-1])/div)
		}
	}
	if len(d) == 0 {
		return 0
	}
	m := median(d)
	hi := 1.5 * m
	if quantizedPair(d, m) {
		hi = 2.5 * m
	}
	var sum float64
	n := 0
	for _, x := range d {
		if x >= m/2 && x <= hi {
			sum += x
			n++
		}
	}
	rate := float64(n) / sum
	if r := math.Round(rate); math.Abs(rate-r) <= 5e-4*rate {
		rate = r // timestamp jitter and rounding, not a real offset
	}
	return rate
}

// regularRuns reports whether runs (rows per time of a time column) look
// like a clock coarser than the samples: no run over twice the median and
// one (a tick holds about the same number of samples, give or take one).
func regularRuns(runs []int) bool {
	if len(runs) < 8 {
		return false
	}
	m := median(intsToFloats(runs))
	return float64(slices.Max(runs)) <= 2*m+1
}

func intsToFloats(x []int) []float64 {
	f := make([]float64, len(x))
	for i, v := range x {
		f[i] = float64(v)
	}
	return f
}

// sameChannels reports whether rows a and b hold the same values in the
// acceleration and gyroscope columns.
func sameChannels(a, b []float64, acc, gyr [3]int) bool {
	if b == nil {
		return false
	}
	for _, ch := range [2][3]int{acc, gyr} {
		for _, c := range ch {
			if c >= 0 && a[c] != b[c] && !(math.IsNaN(a[c]) && math.IsNaN(b[c])) {
				return false
			}
		}
	}
	return true
}

// coarseClock sets the reader to time the samples of a clock coarser than
// their period (several rows per tick, each tick cQuant s; see parseRow):
// the period is the slope of a least-squares line through the lookahead's
// times against their row numbers, over its longest stretch without a
// gap (a step over two ticks), rounded to a whole rate in Hz within
// 0.1 %. The end points alone are off by up to a tick, 0.5 % of 240 Hz
// over the lookahead in 0.01 s ticks.
func (r *CSVReader) coarseClock(rawT []float64) {
	// the tick: the median step of those over half the period the rows
	// take (rowPeriod), so that a burst clock's (burstClock) steps
	// within a packet, shorter than a sample period, are not read as
	// its tick (its stretches without a gap were then a packet long,
	// too short to time it); a coarse clock's steps are all over it
	p := rowPeriod(rawT)
	var d []float64
	for i := 1; i < len(rawT); i++ {
		if x := rawT[i] - rawT[i-1]; x > 0 && !(x < p/2) {
			d = append(d, x)
		}
	}
	if len(d) == 0 {
		return
	}
	q := median(d)
	best0, best1 := 0, 0
	for i0 := 0; i0 < len(rawT); {
		i1 := i0 + 1
		for i1 < len(rawT) && rawT[i1]-rawT[i1-1] <= 2*q {
			i1++
		}
		if i1-i0 > best1-best0 {
			best0, best1 = i0, i1
		}
		i0 = i1
	}
	n := float64(best1 - best0)
	if n < 8 {
		return
	}
	var sx, sy, sxx, sxy float64
	for i, y := range rawT[best0:best1] {
		x := float64(i)
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx) / r.timeDiv
	if !(slope > 0) {
		return
	}
	rate := 1 / slope
	if k := math.Round(rate); math.Abs(rate-k) <= 1e-3*rate {
		rate = k
	}
	r.cPeriod, r.cQuant = 1/rate, q/r.timeDiv
	r.slow = true // (Read's common case has no place for it)
}

// rowPeriod is the time a row of times t takes: the median over windows
// of k rows (a tenth of them, at least 8) of the window's time over k.
// A window spans several ticks or packets of a coarse or burst clock, so
// it is near the sample period whichever way the rows are stamped, and
// the median leaves out the windows a gap falls in. NaN under 2k rows.
func rowPeriod(t []float64) float64 {
	k := max(8, len(t)/10)
	if len(t) < 2*k {
		return math.NaN()
	}
	w := make([]float64, 0, len(t)-k)
	for i := k; i < len(t); i++ {
		w = append(w, (t[i]-t[i-k])/float64(k))
	}
	return median(w)
}

// burstClock reports whether times t (of rows that differ, in file order)
// move on in steps mostly shorter than half the time a row takes
// (rowPeriod): the median of the steps, repeats counted, under half of
// it. A clock of one sample a tick, jittered or not, steps about a period
// each row; a coarse clock's repeats and whole ticks leave its median
// step at 0 or a tick; a burst clock stamps the samples of a packet
// together, 0 or 1 ms apart (a phone's Bluetooth callback), and the
// packet's worth of time in one jump. Those repeats and small steps are
// samples, not duplicates: the clock is timed as a coarse one
// (coarseClock, coarseTime).
func burstClock(t []float64) bool {
	p := rowPeriod(t)
	if !(p > 0) {
		return false
	}
	d := make([]float64, 0, len(t))
	for i := 1; i < len(t); i++ {
		if x := t[i] - t[i-1]; x >= 0 {
			d = append(d, x)
		}
	}
	return len(d) > 0 && median(d) < p/2
}

// longTicks reports whether runs (rows per time of a time column, in file
// order) are a clock's ticks of more than four samples each: at least
// two whole ones (between the first and last, which the lookahead may
// cut) of one length give or take one (a sample clock not locked to the
// time's: 100.4 Hz in whole seconds is 100 and 101 rows), or two (a
// sample near a tick's edge, its time jittered, in the tick before or
// after), and the first and last no longer.
func longTicks(runs []int) bool {
	if len(runs) < 4 {
		return false
	}
	in := runs[1 : len(runs)-1]
	lo, hi := slices.Min(in), slices.Max(in)
	return lo > 4 && hi-lo <= 2 && runs[0] <= hi && runs[len(runs)-1] <= hi
}

// tickStep is the time a row of a clock of long ticks (longTicks) takes,
// raw: the median tick over the mean whole tick's rows.
func tickStep(rawT []float64, runs []int) float64 {
	q, _ := medianStep(rawT)
	in := runs[1 : len(runs)-1]
	n := 0
	for _, k := range in {
		n += k
	}
	return q * float64(len(in)) / float64(n)
}

// longTickClock sets the reader to time a clock of ticks of more than four
// samples (longTicks; see coarseTime): the period is the tick over the
// mean whole tick's rows (runs between the first and last), or the rate a
// preamble states when within a row a tick of it; a first tick cut short
// leads its samples in by the rows it lacks.
func (r *CSVReader) longTickClock(rawT []float64, runs []int) {
	q, ok := medianStep(rawT)
	if !ok {
		return
	}
	q /= r.timeDiv
	in := runs[1 : len(runs)-1]
	rate := r.timeDiv / tickStep(rawT, runs)
	if k := math.Round(rate); math.Abs(rate-k) <= 1e-3*rate {
		rate = k
	}
	if h := r.headerRate; h > 0 && math.Abs(h-rate)*q <= 1 {
		rate = h
	}
	r.cPeriod, r.cQuant, r.cLong = 1/rate, q, true
	if lack := float64(slices.Max(in) - runs[0]); lack > 0 {
		r.cLead = lack / rate
	}
	r.slow = true
}

// quantizedPair reports whether the intervals d (median m; 50 or more)
// are whole multiples of m, none of them 3m or 4m, with at least 10 % of
// them 2m: timestamps quantized to the median interval, at a rate between
// 1/(2m) and 1/m — not a stream with a missing sample now and then, whose
// doubled intervals are rare, nor a handful of lines.
func quantizedPair(d []float64, m float64) bool {
	if !(m > 0) || len(d) < 50 {
		return false
	}
	two := 0
	for _, x := range d {
		k := math.Round(x / m)
		if math.Abs(x-k*m) > 1e-6*m || k == 3 || k == 4 {
			// three or four steps: samples lost, which quantization
			// does not make (a longer hole is a gap either way)
			return false
		}
		if k == 2 {
			two++
		}
	}
	return two*10 >= len(d)
}

// detectDPS decides whether angular rate without a unit hint is in deg/s:
// yes when large (95th percentile of |ω| above 20 or median above 5, which
// in rad/s no body segment sustains), or when the sensor is still (|a|
// moves by less than 0.03 g, its sensor noise left out: lagCov) yet |ω|
// has a median above 0.5. A moving
// sensor's rotation scales with its acceleration: the 95th percentile of
// |ω| over the 95th percentile of |a|'s distance from its median, in g (the
// active part of the window on both sides, so a window that is mostly a
// standing start is judged by its steps; up to 5 % corrupt rows cannot
// decide it), is 0.7–19 in rad/s — real lower-back walks from their start,
// from 10 s and 30 s in (≤ 18.7), the simulator's waist, shoe and shank,
// running and walking, with standing starts of up to 4.5 s of the 5.12 s
// window (≤ 15) — and 57.3 times that in deg/s, so below 30 it is rad/s.
// (The interquartile range of |a| it replaced read a window that was mostly
// a standing start as nearly still: p95 |ω| over it 130–231 in rad/s on the
// simulator's shoe and shank, 308 and 82 on two mobgap walks from their
// start, over its threshold of 80: taken for deg/s.) Otherwise the unit
// that usually comes with the acceleration unit: deg/s with g, rad/s with
// m/s².
func detectDPS(rows [][]float64, gyr [3]int, accNorm []float64, ascale float64) bool {
	dps, _ := judgeDPS(rows, gyr, accNorm, ascale)
	return dps
}

// judgeDPS is detectDPS, and whether the rows decided it: not when the
// sensor is still and its rates small, which leaves the unit that comes
// with the acceleration's.
func judgeDPS(rows [][]float64, gyr [3]int, accNorm []float64, ascale float64) (dps, decided bool) {
	med, p95 := rateSpread(rows, gyr)
	var mean float64
	for _, a := range accNorm {
		mean += a
	}
	mean /= float64(len(accNorm))
	// the sensor's white noise varies |a| sample by sample, movement over
	// several: the covariance of consecutive samples keeps the movement's
	// variance and not the noise's, so a still sensor with a noisy
	// accelerometer (0.05 g a sample, a cheap part or one read at 1 kHz)
	// is still, not a sensor moving under a gyroscope too slow for deg/s
	// (a still standing start's deg/s rates were read as rad/s)
	still := math.Sqrt(max(lagCov(accNorm, mean), 0))*ascale/G0 < 0.03
	m := median(accNorm)
	dev := make([]float64, 0, len(accNorm))
	for _, a := range accNorm {
		dev = append(dev, math.Abs(a-m))
	}
	spread := quantile(dev, 0.95) * ascale / G0
	switch {
	case loudDPS(med, p95):
		return true, true
	case still && med > 0.5:
		return true, true
	case !still && spread > 0:
		return p95/spread >= 30, true
	}
	return ascale != 1, false
}

// dpsPastStill judges the gyroscope's unit (judgeDPS) past a lookahead
// through which the sensor was still, on the lines after it, w rows at a
// time, to the first window that decides it: a standing start of any
// length, as a stream's payloads are held until the sensor moves
// (PayloadUnits). At the end of the input, the lines after the last whole
// window are judged with the lines before them, look's (the lookahead's)
// when no window was read, as one window: a sensor that moves only in its
// last seconds (a standing start, a few steps, the logger stopped) had
// them left out, every window still, and its rad/s taken for deg/s by the
// rule for a still sensor (with g). The lines read stay in the lookahead,
// served by Read; at most 4 MiB more are read. ok is false when none
// decides it before the end of the input, a line too long or that limit.
func (r *CSVReader) dpsPastStill(look [][]float64, acc, gyr, grav [3]int, ascale float64, w int) (dps, ok bool) {
	w = max(w, MinLookahead)
	var win [][]float64
	prev := look // the last window judged
	r.readOn(acc, gyr, grav, w, func(rows [][]float64) bool {
		win = append(win, rows...)
		if len(win) >= w {
			norms, _ := accNorms(win, acc)
			if d, sure := judgeDPS(win, gyr, norms, ascale); sure {
				dps, ok = d, true
				return true
			}
			prev, win = win, nil
		}
		return false
	})
	if !ok && r.eof && len(win) > 0 {
		// the input ended short of a window: the last w lines
		last := append(prev[max(0, len(prev)-(w-len(win))):len(prev):len(prev)], win...)
		norms, _ := accNorms(last, acc)
		dps, ok = judgeDPS(last, gyr, norms, ascale)
	}
	return dps, ok
}

// readOn reads the input on past the lines held (the lookahead, and what
// an earlier readOn read), w lines at a time, and hands each batch's data
// rows to batch — acceleration columns acc (with device motion's gravity
// grav added), every cell of acc, grav and gyr finite — until batch
// returns true, the input ends, a line is too long, or 4 MiB more would
// be held (a batch is read only when it fits, by the mean length of the
// lines held; checked only between batches, a batch of 5.12 s at a high
// rate went past it). The lines read stay held, served by Read.
func (r *CSVReader) readOn(acc, gyr, grav [3]int, w int, batch func(rows [][]float64) bool) {
	limit := len(r.arena) + 4*lookaheadBytes
	n := len(r.pending) - r.next // lines looked at
	for len(r.arena) < limit {
		if mean := len(r.arena) / max(1, len(r.pending)); (limit-len(r.arena))/max(1, mean) < w {
			return
		}
		lines := r.peekRows(n + w)
		if len(lines) <= n {
			return
		}
		var rows [][]float64
	row:
		for _, l := range lines[n:] {
			v := r.lineValues(l)
			if v == nil {
				continue
			}
			for k, c := range acc {
				if c >= 0 && !finite(v[c]) || grav[k] >= 0 && !finite(v[grav[k]]) || gyr[k] >= 0 && !finite(v[gyr[k]]) {
					continue row // (a bad line to Read, as one without rates)
				}
				if c >= 0 && grav[k] >= 0 {
					v[c] += v[grav[k]] // device motion: user acceleration plus gravity
				}
			}
			rows = append(rows, v)
		}
		n = len(lines)
		if batch(rows) {
			return
		}
	}
}

// zeroAcc reports whether every row reads 0 on every acceleration column.
func zeroAcc(rows [][]float64, acc [3]int) bool {
	for _, v := range rows {
		for _, c := range acc {
			if c >= 0 && v[c] != 0 {
				return false
			}
		}
	}
	return true
}

// pastZeros reads on past a lookahead whose acceleration is 0 on every
// axis (readOn, as dpsPastStill past a still one) and returns the first
// want rows from the first whose acceleration is not all 0 — fewer, at
// least MinLookahead, when the input ends first — or nil.
func (r *CSVReader) pastZeros(acc, grav [3]int, want int) [][]float64 {
	want = max(want, MinLookahead)
	var out [][]float64
	full := false
	r.readOn(acc, [3]int{-1, -1, -1}, grav, want, func(rows [][]float64) bool {
		for _, v := range rows {
			if len(out) == 0 && zeroAcc([][]float64{v}, acc) {
				continue
			}
			if out = append(out, v); len(out) == want {
				full = true
				return true
			}
		}
		return false
	})
	if full || len(out) >= MinLookahead {
		return out
	}
	return nil
}

// lagCov returns the covariance of consecutive values of x about mean,
// in x's unit squared:
//
//	c = Σ_{i=1}^{n−1} (x[i] − mean)·(x[i−1] − mean) / (n − 1)
//
// the variance of what x does over more than one sample, without white
// noise's (independent from sample to sample, its products average to 0;
// c may then come out negative). 0 with fewer than two values.
func lagCov(x []float64, mean float64) float64 {
	if len(x) < 2 {
		return 0
	}
	var c float64
	for i := 1; i < len(x); i++ {
		c += (x[i] - mean) * (x[i-1] - mean)
	}
	return c / float64(len(x)-1)
}

// rateSpread returns the median and 95th percentile of |ω| over rows, on
// the columns gyr (−1: absent); a bad cell's NaN is ignored.
func rateSpread(rows [][]float64, gyr [3]int) (med, p95 float64) {
	w := make([]float64, len(rows))
	for i, v := range rows {
		var s float64
		for _, c := range gyr {
			if c >= 0 {
				s += v[c] * v[c]
			}
		}
		w[i] = math.Sqrt(s) // NaN for a bad gyro cell: ignored by quantile
	}
	return median(w), quantile(w, 0.95)
}

// loudDPS is detectDPS's test that needs no acceleration unit: |ω| whose
// 95th percentile is over 20 or median over 5 is deg/s (as rad/s: 1150 °/s
// and 290 °/s, beyond any body).
func loudDPS(med, p95 float64) bool { return p95 > 20 || med > 5 }

// detectClip looks for a saturation plateau: the largest |a| on any axis,
// at least 1.5 g, reached (within 0.1 %: either rail of a two's-complement
// range) by 3 or more cells including a run of
// consecutive lines on one axis longer than any run of one repeated value
// elsewhere in the upper quarter of the range (|a| ≥ 0.75 of it; at least
// 2 lines). A logger that writes each value several times (an MPU6050
// read faster than its output rate) repeats every value, its peak
// included: its peak is not a plateau unless it lasts longer than the
// other values do. It returns that magnitude in m/s², or 0.
func detectClip(rows [][]float64, acc [3]int, scale float64) float64 {
	m := 0.0
	for _, v := range rows {
		for _, c := range acc {
			if c >= 0 {
				m = max(m, math.Abs(v[c]))
			}
		}
	}
	if m*scale < 1.5*G0 {
		return 0
	}
	n, plateau, held := 0, 0, 1
	for _, c := range acc {
		if c < 0 {
			continue
		}
		run := 0
		for i, v := range rows {
			a := math.Abs(v[c])
			if i > 0 && v[c] == rows[i-1][c] {
				run++
			} else {
				run = 1
			}
			switch {
			case a >= m*(1-1e-3):
				// a rail: within 0.1 % of the largest (an int16's
				// +32767 and −32768 counts: +15.9995 and −16 g)
				n++
				plateau = max(plateau, run)
			case a >= 0.75*m:
				held = max(held, run)
			}
		}
	}
	if n >= 3 && plateau >= 2 && plateau > held {
		return m * scale
	}
	return 0
}

// vDown is the mean of an anatomical acc_v, g, under which it points down
// and is read negated (CSV files: CSVStats.NegatedV; payloads:
// PayloadUnits): upright it averages gravity, +1 g.
const vDown = -0.5

var axisNames = [2][3]string{{"x", "y", "z"}, {"V", "AP", "ML"}}

// describe builds Describe and Stats.Mapping.
func (r *CSVReader) describe(cols []column, tcol int, acc, gyr [3]int) {
	st := &r.stats
	unitNote := func(u, by string) string {
		if by == "detected" {
			return u + " detected"
		}
		return u
	}
	list := func(idx [3]int) string {
		var n []string
		for _, i := range idx {
			if i >= 0 {
				base, _ := splitUnit(cols[i].name)
				n = append(n, base)
			}
		}
		return strings.Join(n, ",")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "format=%s", st.Format)
	if tcol >= 0 {
		base, _ := splitUnit(cols[tcol].name)
		fmt.Fprintf(&b, " time=%s(%s)", base, unitNote(st.TimeUnit, st.TimeUnitBy))
	} else {
		fmt.Fprintf(&b, " time=none(index/%.1fHz", r.rate)
		if r.rateBy != "" {
			fmt.Fprintf(&b, " from %s", r.rateBy)
		}
		b.WriteString(")")
	}
	if st.AccUnit != "none" {
		fmt.Fprintf(&b, " acc=%s(%s)", list(acc), unitNote(st.AccUnit, st.AccUnitBy))
		if r.addGrav {
			fmt.Fprintf(&b, "(plus gravity, %s)", list([3]int{r.kindCol[colGrav0], r.kindCol[colGrav1], r.kindCol[colGrav2]}))
		}
		if st.NegatedV {
			fmt.Fprintf(&b, "(acc_v negated: it averages %.2f g, positive down)", st.MeanV)
		}
		switch {
		case st.Mirrored && r.opt.Mirrored:
			b.WriteString("(negated: given as mirrored)")
		case st.Mirrored:
			b.WriteString("(negated: Apple Core Motion reads -1 g up)")
		}
	}
	if st.GyroUnit == "none" {
		b.WriteString(" gyro=none")
	} else {
		fmt.Fprintf(&b, " gyro=%s(%s)", list(gyr), unitNote(st.GyroUnit, st.GyroUnitBy))
		if r.layout.GyrOwnFrame {
			b.WriteString("(the sensor's own axes beside aligned acceleration)")
		}
	}
	// sensor-frame rate columns beside anatomical acceleration, not asked
	// for (OwnFrameRates) or beside anatomical rates: their axes are not
	// known to be the anatomical ones, so they are not read — say so rather
	// than drop them unmentioned
	var skipped []string
	for _, c := range cols {
		if c.role == roleGyr && r.layout.Frame == FrameAnatomical && !r.layout.GyrOwnFrame {
			base, _ := splitUnit(c.name)
			skipped = append(skipped, base)
		}
	}
	if skipped != nil {
		why := "beside acc_v… a waist needs anatomical rates gyr_v,gyr_ap,gyr_ml; a shoe or shank reads them"
		if r.layout.HasGyro() {
			why = "beside the anatomical rates"
		}
		fmt.Fprintf(&b, "(%s ignored: %s)", strings.Join(skipped, ","), why)
	}
	if r.emptyCols != nil {
		fmt.Fprintf(&b, " (%s empty: not read)", strings.Join(r.emptyCols, ","))
	}
	if r.ignored != nil {
		fmt.Fprintf(&b, " (%s ignored)", strings.Join(r.ignored, ","))
	}
	if r.zeroCols != nil {
		fmt.Fprintf(&b, " (%s read 0 throughout the first %d rows: no gyroscope, not read)", strings.Join(r.zeroCols, ","), r.lookRows)
	}
	if r.extraCols != "" {
		fmt.Fprintf(&b, " (%s)", r.extraCols)
	}
	if r.otherDevices != nil {
		fmt.Fprintf(&b, " (%s's columns not read: one device a recording)", strings.Join(r.otherDevices, ", "))
	}
	fmt.Fprintf(&b, " rate=%.1fHz", r.layout.Rate)
	if r.timeRate > 0 && math.Abs(r.timeRate-r.layout.Rate) > 0.01*r.timeRate {
		fmt.Fprintf(&b, "(option; the time column's %.1fHz resampled)", r.timeRate)
	}
	fmt.Fprintf(&b, " frame=%s", r.layout.Frame)
	if r.layout.ClipAcc > 0 {
		// in g, as ranges are given (--acc-range 8) and as data sheets
		// state them, whatever the file's unit (an input in g said
		// "clip=19.6m/s²(given)" for --acc-range 2, an audit)
		fmt.Fprintf(&b, " clip=±%.3gg", r.layout.ClipAcc/G0)
		switch {
		case r.plateauUnder:
			fmt.Fprintf(&b, "(a saturation plateau under the range given, ±%g g)", r.opt.AccRange)
		case r.opt.AccRange > 0:
			b.WriteString("(given)")
		}
	}
	if r.dec != '.' {
		b.WriteString(" decimal=comma")
	}
	r.desc = b.String()

	ax := axisNames[r.layout.Frame]
	var m []string
	for i, c := range cols {
		use := "unused"
		switch k := r.cols[i]; {
		case k == colTime:
			use = "t (" + st.TimeUnit + ")"
		case k >= colAcc0 && k <= colAcc2:
			use = "acc " + ax[k-colAcc0] + " (" + st.AccUnit + ")"
		case k >= colGyr0 && k <= colGyr2:
			use = "gyro " + ax[k-colGyr0] + " (" + st.GyroUnit + ")"
		}
		m = append(m, fmt.Sprintf("%s: %s", c.name, use))
	}
	st.Mapping = strings.Join(m, "; ")
}
