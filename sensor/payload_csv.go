package sensor

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// csv: text lines "t,ax,ay,az" or "t,ax,ay,az,gx,gy,gz", one or several
// per message, as an ESP32 sketch prints them to MQTT. Lines end in "\n"
// or "\r\n"; blank lines and lines starting with '#' are skipped. A
// header line (first field not a number, 4 or 7 fields) before the first
// data line places the columns by their names, as a CSV file's header
// does (see CSVReader: t, time, timestamp, millis …; ax, acc_x, x …, or
// anatomical acc_v, acc_ap, acc_ml, which make Layout.Frame anatomical;
// gx, gyr_x …, or gyr_v …; sensor-frame rates beside anatomical
// acceleration are Layout.GyrOwnFrame), in any order ("t,az,ay,ax,gz,gy,gx"
// is Sensor Logger's): a time column, the three axes of the acceleration
// and none or all three of the angular rate's. A header with a name it
// cannot place, or without one of those, refuses the message, naming the
// column. A message without a header is read by PayloadOptions.CSVHeader
// (a device's earlier header), else by position: t,ax,ay,az[,gx,gy,gz].
// A message that is a header alone (a device sending it once, as a
// message of its own) is an error wrapping ErrCSVHeaderOnly, its header
// in Payload.CSVHeader for the device's later messages.
// Fields are separated by ',' (spaces around fields are allowed, and a
// comma that ends the line, as a sketch printing one after every value
// writes it, opens no field), or by ';' (likewise) or a tab, a comma in a
// field then a decimal comma ("1000;0,12;-0,34;9,81"), or by blanks (see
// csvSep); every
// data line of a message has the same field count, 4 or 7 (that of its
// header, else of its first data line).
//
// A bad line (a cell that is not a finite number, another field count, a
// value that overflows in its unit's m/s² or rad/s — or, an acceleration
// whose unit the message does not give, in g, a unit PayloadUnits may
// decide for it: "line 2: field 2 (ax): value "5e307" overflows in m/s²
// if read in g …") is
// skipped and named in Payload.BadLines, the other lines read (one NaN
// cost a whole message of 10 samples, a hole in the stream); a message
// none of whose lines reads is an error.
// Units come from a header's names (ax_g, "gx (deg/s)"), else from
// PayloadOptions, else m/s² and rad/s (Payload.AccGiven, GyrGiven false:
// see PayloadUnits). The time unit is
// the header's (its time column's name: t_ms, millis, t_us, time_s),
// else PayloadOptions.TimeUnit, else decided once per message from the
// first data line as for single-json (but for integer times whose step to
// the next line is a period of 0.1 ms–0.1 s in one unit: stepUnit): a
// fraction means s (under 1e11; a
// larger one, epoch ms as a float, is read as the integers), integers with
// ≥ 18 digits ns, ≥ 15 µs, ≥ 12 ms, ≥ 10 s, shorter ones ms — unless a
// later line's time in the message, or the device's earlier times
// (PayloadOptions.SecondsTime), have a fraction: then s ("1" between
// "0.99" and "1.01" is a whole second, not 1 ms). Integer and plain
// decimal times convert exactly to ns. A line whose time is out of line
// with the lines around it in the message — ahead of both (a logger that
// wrote one wrong time: t×1000, 60 s on) or behind both, by more than two
// of the message's steps — is a bad line;
// the first or last line of a message is judged on the two lines after or
// before it. Other lines whose time goes back are put in time order (a
// stable sort), as SenML and Sensor Logger entries are. Decoding allocates
// nothing in the steady state.

func decodePayloadCSV(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadCSV
	ascale, gscale, err := optScales(F, opt)
	if err != nil {
		return err
	}
	var per int64
	if opt.TimeUnit != "" {
		var ok bool
		if per, ok = nsPerUnit(opt.TimeUnit); !ok {
			return perr(F, "", "unknown time unit %q in options (want s, ms, us or ns)", opt.TimeUnit)
		}
	}
	defer func() { p.accScale, p.gyrScale = ascale, gscale }()
	nf := 0
	line := 0
	lines := p.sc.csvLine[:0] // each sample's message line
	nss := p.sc.csvNS[:0]     // and its time, ns
	// the columns: by position, until a header places them
	mp := &csvPositional
	defer func() { p.CSVIgnored = mp.ignored }()
	own, optRead := false, false // a header of the message's own; opt.CSVHeader read
	ownLine := 0                 // its line
	perSet := false              // the time unit decided, at the first data line
	// bad names line (its field k, 1-based; 0: the line) as skipped
	bad := func(k int, msg string, args ...any) {
		where := fmt.Sprintf("line %d", line)
		if k > 0 {
			where += fmt.Sprintf(": field %d (%s)", k, mp.names[k-1])
		}
		p.BadLines = append(p.BadLines, perr(F, where, msg, args...))
	}
	// useHeader takes the units a header's names give (ax_g, "gx
	// (deg/s)"): they count before the options', which are for payloads
	// that give none (and not an earlier header's: the device's, read
	// for a first line that was not a header, then the message's own)
	a0, g0, given0, opt0 := ascale, gscale, [2]bool{p.AccGiven, p.GyrGiven}, [2]bool{p.accOpt, p.gyrOpt}
	useHeader := func(h *csvMap) {
		mp = h
		ascale, gscale = a0, g0
		p.AccGiven, p.GyrGiven, p.accOpt, p.gyrOpt = given0[0], given0[1], opt0[0], opt0[1]
		if h.accOK {
			ascale, p.AccGiven, p.accOpt = h.acc, true, false
		}
		if h.gyrOK {
			gscale, p.GyrGiven, p.gyrOpt = h.gyr, true, false
		}
	}
	for len(data) > 0 {
		var l []byte
		l, data = nextLine(data)
		line++
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		var f [csvMaxFields + 1][]byte
		n := csvFields(l, &f, &p.sc.csvNum)
		if nf == 0 && len(p.Samples) == 0 {
			if c := f[0]; len(c) > 0 && (c[0]|0x20 >= 'a' && c[0]|0x20 <= 'z' || c[0] == '"') && n >= 4 && n <= csvMaxFields {
				// a header: its names place the columns (read once
				// for a header that repeats, message after message)
				h := &p.sc.csvHdr
				h.read(l, f[:n])
				if h.bad != "" && h.known == 0 {
					if _, more := nextFields(data, n, &f, &p.sc.csvNum2); !more && !own {
						// words naming no column gaitd reads, alone in
						// their message (a device's status line,
						// "imu,ready,fw,1.2.0"): no header kept for the
						// device's later messages, which it refused,
						// every one, when it was. (With data lines it
						// is refused as a header: read by position they
						// would be "Zeit,Beschl_Z,…"'s axes reversed)
						return perr(F, fmt.Sprintf("line %d", line), "not a header: %q names no time, acceleration or rate, and no data line follows", h.str)
					}
				}
				p.CSVHeader, own, ownLine = h.str, true, line
				if h.bad != "" {
					return perr(F, fmt.Sprintf("line %d", line), "header %q: %s", h.str, h.bad)
				}
				useHeader(h)
				continue
			}
		}
		if !own && !optRead && opt.CSVHeader != "" {
			// no header of its own: the device's earlier one
			optRead = true
			h := &p.sc.csvHdr
			if hl := strings.TrimSpace(opt.CSVHeader); string(h.line) != hl || h.line == nil {
				var hf [csvMaxFields + 1][]byte
				b := []byte(hl)
				h.read(b, hf[:csvFields(b, &hf, &p.sc.csvNum)])
			}
			if h.bad != "" {
				return perr(F, "", "the device's header %q (of an earlier message; this one has none): %s", h.str, h.bad)
			}
			useHeader(h)
		}
		switch {
		case n == len(f):
			bad(0, "more than %d fields", csvMaxFields)
			continue
		case mp.nf != 0 && n != mp.nf:
			bad(0, "%d fields, the header %q names %d", n, mp.str, mp.nf)
			continue
		case mp.nf == 0 && n != 4 && n != 7:
			bad(0, "%d fields, want 4 (t,ax,ay,az) or 7 (t,ax,ay,az,gx,gy,gz)", n)
			continue
		case nf == 0:
			nf = n
		case n != nf:
			bad(0, "%d fields after lines of %d", n, nf)
			continue
		}
		tc := mp.time
		switch {
		case perSet:
		case mp.tper > 0:
			// the header's name gives it (t_ms, millis, t_us), before
			// the options', as its units do: a fraction of a ms, or
			// micros() in 8–10 digits, read by magnitude as s or ms
			per = mp.tper
		case per == 0:
			// a whole second printed as "1" is not ms: another of the
			// message's times, or the device's earlier ones, have a
			// fraction
			frac := opt.SecondsTime || bootInteger(f[tc]) && laterFraction(data, tc, n, &p.sc.csvNum2)
			per, p.SecondsTime = magnitudeSeconds(f[tc], frac)
			if s := stepUnit(f[tc], data, tc, n, &p.sc.csvNum2, per); !frac && s > 0 {
				// the step to the next line says it: a millis()
				// counter of 10 digits (11.6 days up) is not epoch s
				per, p.SecondsTime = s, false
			}
		}
		perSet = true
		ns, ok := literalNS(f[tc], per)
		if !ok {
			if v, err := strconv.ParseFloat(string(f[tc]), 64); err == nil && payloadFinite(v) {
				bad(tc+1, "time out of range: %q", f[tc]) // (a number, not one in int64 ns)
			} else {
				bad(tc+1, "not a number: %q", f[tc])
			}
			continue
		}
		if len(p.Samples) >= opt.MaxSamples {
			return perr(F, fmt.Sprintf("line %d", line), "more than %d samples", opt.MaxSamples)
		}
		var s Sample
		ok = true
		as := ascale
		if mp.neg {
			as = -as
		}
		// an acceleration whose unit the message does not give may be
		// read in g yet (PayloadUnits): a value that would overflow
		// there is a bad line now, not a sample delivered +Inf
		undecided := !p.AccGiven || p.accOpt
		for k := 0; k < n && ok; k++ {
			if k == tc {
				continue
			}
			d := mp.dst[k]
			if d == 0 {
				continue // a column the header names and gaitd does not read (temp, mx)
			}
			v, err := strconv.ParseFloat(string(f[k]), 64)
			switch {
			case err != nil || !payloadFinite(v):
				ok = false
				bad(k+1, "not a finite number: %q", f[k])
			case d <= 3:
				s.Acc[d-1] = v * as
				if !finite(s.Acc[d-1]) {
					ok = false
					bad(k+1, "value overflows")
				} else if undecided && !finite(v*G0) {
					ok = false
					bad(k+1, "value %q overflows in m/s² if read in g (%s)", f[k], undecidedWhy(p.accOpt))
				}
			default:
				if s.Gyr[d-4] = v * gscale; !finite(s.Gyr[d-4]) {
					ok = false
					bad(k+1, "value overflows")
				}
			}
		}
		if !ok {
			continue
		}
		p.Samples = append(p.Samples, s)
		nss = append(nss, ns)
		lines = append(lines, line)
	}
	p.sc.csvLine, p.sc.csvNS = lines, nss
	if len(p.Samples) == 0 {
		if len(p.BadLines) > 0 {
			err := p.BadLines[0]
			if len(p.BadLines) > 1 {
				err = perr(F, "", "no line reads: %s (and %d more)", strings.TrimPrefix(err.Error(), F+": "), len(p.BadLines)-1)
			}
			return err
		}
		if own {
			// a header alone: kept by the caller for the device's
			// later messages (Payload.CSVHeader), said as such
			return pwrap(F, fmt.Sprintf("line %d", ownLine), ErrPayloadFormat, ErrCSVHeaderOnly, fmt.Sprintf("header %q", p.CSVHeader))
		}
		return perr(F, "", "no samples")
	}
	csvInLine(p, nss, lines)
	sorted := true
	p.T0 = p.sc.csvNS[0]
	for i, ns := range p.sc.csvNS {
		p.Samples[i].T = secondsOf(ns, opt)
		if i > 0 && ns < p.sc.csvNS[i-1] {
			sorted = false
		}
		p.T0 = min(p.T0, ns)
	}
	if !sorted {
		// Payload.Samples is in time order: lines that go back are put
		// in order, as SenML's and Sensor Logger's entries are
		slices.SortStableFunc(p.Samples, func(a, b Sample) int { return cmp.Compare(a.T, b.T) })
	}
	p.Mirrored = mp.neg
	g := nf == 7
	if mp.nf != 0 {
		g = mp.gyro
	}
	p.Layout = Layout{Frame: mp.frame, Acc: [3]bool{true, true, true}, Gyr: [3]bool{g, g, g}, GyrOwnFrame: g && mp.ownGyr}
	return nil
}

// nextLine splits data at its first '\n': the line before it, and the
// rest after it (nil when there is none).
func nextLine(data []byte) (line, rest []byte) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i], data[i+1:]
	}
	return data, nil
}

// stepUnit returns the ns per unit of an integer time lit whose step to
// the message's next data line (in data, of n fields) is a gait sensor's
// period, 0.1 ms to 0.1 s: in the unit magnitude gives (mag), else in ms,
// µs or ns (one at most); 0 when in none (or lit or the next time is not
// an integer): magnitude decides then. A millis() counter of 10 digits
// was read as epoch seconds (its steps of 10 as 10 s), micros() under 10
// digits as ms.
func stepUnit(lit, data []byte, tc, n int, num *[]byte, mag int64) int64 {
	t0, ok := literalNS(lit, 1)
	if !ok || bytes.ContainsAny(lit, ".eE") {
		return 0
	}
	var f [csvMaxFields + 1][]byte
	// the first line with another time: a clock in whole ms repeats its
	// time at 1 kHz and over, which left magnitude to decide (a 10-digit
	// millis() read as ms in one message, as epoch s in the next)
	var t1 int64
	for {
		var more bool
		if data, more = nextFields(data, n, &f, num); !more {
			return 0
		}
		if t1, ok = literalNS(f[tc], 1); !ok || t1 != t0 {
			break
		}
	}
	if d := t1 - t0; ok && !bytes.ContainsAny(f[tc], ".eE") && d > 0 && d <= 1e8 {
		for _, per := range [...]int64{mag, 1e6, 1e3, 1} {
			if gaitPeriod(float64(d*per) / 1e9) {
				return per
			}
		}
	}
	return 0
}

// nextFields splits data's next data line of n fields into f (blank and
// comment lines, and lines of another field count, passed over) and
// returns the data after it; ok is false when there is none.
func nextFields(data []byte, n int, f *[csvMaxFields + 1][]byte, num *[]byte) (rest []byte, ok bool) {
	for len(data) > 0 {
		var l []byte
		l, data = nextLine(data)
		l = bytes.TrimSpace(l)
		if len(l) > 0 && l[0] != '#' && csvFields(l, f, num) == n {
			return data, true
		}
	}
	return nil, false
}

// laterFraction tells whether a data line of data (the message's lines
// after the first data line), of n fields, has a fraction in its time
// field tc. num is its scratch for decimal commas, not the caller's line's
// (that may be held in p.sc.csvNum): a nil one allocated per line, every
// message of integer times and decimal-comma values.
func laterFraction(data []byte, tc, n int, num *[]byte) bool {
	var f [csvMaxFields + 1][]byte
	for {
		var ok bool
		if data, ok = nextFields(data, n, &f, num); !ok {
			return false
		}
		if t := f[tc]; bytes.ContainsAny(t, ".eE") && epochDigits(t) < 10 {
			if _, err := strconv.ParseFloat(string(t), 64); err == nil {
				return true
			}
		}
	}
}

// csvFields splits a csv payload line into f at its separator (see
// csvSep), trimming blanks, and returns the field count (len(f) when there
// are more). A comma or ';' that ends the line (a sketch that prints one
// after every value) ends the last field: it opens none (a tab there is
// trimmed as a blank). With another
// separator than ',', a comma in a field is a decimal comma: the field is
// copied into num with a '.' for it.
func csvFields(l []byte, f *[csvMaxFields + 1][]byte, num *[]byte) int {
	n := 0
	l = bytes.TrimSpace(l)
	sep := csvSep(l)
	if (sep == ',' || sep == ';') && len(l) > 1 && l[len(l)-1] == sep {
		l = l[:len(l)-1]
	}
	for rest := l; ; {
		var i int
		if sep == ' ' {
			i = bytes.IndexAny(rest, " \t")
		} else {
			i = bytes.IndexByte(rest, sep)
		}
		if n == len(f) {
			return n
		}
		if i < 0 {
			f[n] = bytes.TrimSpace(rest)
			n++
			break
		}
		f[n] = bytes.TrimSpace(rest[:i])
		n++
		rest = rest[i+1:]
		if sep == ' ' {
			rest = bytes.TrimLeft(rest, " \t")
		}
	}
	if sep != ',' {
		b := (*num)[:0]
		for k := range n {
			if bytes.IndexByte(f[k], ',') >= 0 {
				b = append(b, f[k]...)
				c := b[len(b)-len(f[k]):]
				for j := range c {
					if c[j] == ',' {
						c[j] = '.'
					}
				}
				f[k] = c
			}
		}
		if cap(b) > cap(*num) {
			// grown: the fields point into the new array, kept for
			// the next line (the old one's fields are not used after)
			*num = b[:0]
		}
	}
	return n
}

// csvSep picks a csv payload line's separator, as an Arduino sketch or a
// spreadsheet locale writes them (protocols §3, §6): ';' when the line has
// one (its commas decimal commas), else a tab (likewise) unless a comma
// stands next to one (",\t", a sketch's comma and tab between values),
// else ',', else blanks (spaces or tabs, any number).
func csvSep(l []byte) byte {
	switch {
	case bytes.IndexByte(l, ';') >= 0:
		return ';'
	case bytes.IndexByte(l, '\t') >= 0 && !commaByTab(l):
		return '\t'
	case bytes.IndexByte(l, ',') >= 0:
		return ','
	}
	return ' '
}

// csvMap places the fields of a csv payload's lines: a header's names, or
// the positional default t,ax,ay,az[,gx,gy,gz].
type csvMap struct {
	line  []byte   // the header line read (the cache's key), trimmed
	str   string   // the same
	names []string // the field names, for errors
	nf    int      // the header's field count; 0: positional (4 or 7)
	time  int      // the time's field
	gyro  bool     // the angular rate's three axes are placed
	// ignored names the fields it does not read: names gaitd does not
	// know (temp, mx, idx), as a CSV file's are left unread
	ignored []string
	tper    int64 // ns per unit of the time its name gives (t_ms, millis); 0: none
	// dst is each field's channel: 1–3 the acceleration's axis 0–2,
	// 4–6 the angular rate's (the time's is unused)
	dst          [csvMaxFields]int8
	frame        Frame
	ownGyr       bool // rates about the sensor's axes beside acc_v … (Layout.GyrOwnFrame)
	acc, gyr     float64
	accOK, gyrOK bool   // the names gave these units
	bad          string // why the names cannot be placed; "" when they can
	// known counts the names of a time, acceleration or rate (placed or
	// not): a line of words naming none is no header
	known int
	// neg: the acceleration is Apple Core Motion's (SensorLog's
	// accelerometerAcceleration…), read negated (CSVStats.Mirrored)
	neg bool
}

var csvPositional = csvMap{names: csvPayloadCols[:], dst: [csvMaxFields]int8{0, 1, 2, 3, 4, 5, 6}}

// csvMaxFields is the most fields a csv payload line may have: a time, six
// channels and up to nine columns a header names and gaitd does not read
// (temperature, a magnetometer, a counter).
const csvMaxFields = 16

// read places the fields f of header line l by their names, as CSVReader
// does a file's header (placeColumns): every field must be placed — a time
// column, the acceleration's three axes and none or all three of the
// angular rate's — else bad says which is not. A line read before is not
// read again.
func (h *csvMap) read(l []byte, f [][]byte) {
	if h.line != nil && bytes.Equal(h.line, l) {
		return
	}
	*h = csvMap{line: append(h.line[:0], l...), str: string(l), nf: len(f), time: -1}
	cols := make([]column, len(f))
	h.names = make([]string, len(f))
	for i, n := range f {
		cols[i] = classifyColumn(string(n))
		h.names[i] = cols[i].name
		if cols[i].role != roleNone {
			h.known++
		}
	}
	acc, gyr, frame, own, found := placeColumns(cols, false, true)
	h.frame, h.ownGyr = frame, own
	for i, c := range cols {
		if c.role == roleTime && (h.time < 0 || c.rank < cols[h.time].rank || c.rank == cols[h.time].rank && cols[h.time].soft && !c.soft) {
			h.time = i
		}
	}
	if h.time >= 0 {
		switch u := cols[h.time].unit; u {
		case "min":
			h.tper = 60e9
		case "fine":
			// Xsens ticks of 100 µs or 1 µs, which a CSV file's steps
			// tell apart (fineUnit); a message's few lines do not
			h.bad = fmt.Sprintf("field %d (%s): Xsens SampleTimeFine ticks (100 µs or 1 µs, told apart by a file's steps, not a message's): send the time in s, ms, us or ns", h.time+1, cols[h.time].name)
			return
		default:
			h.tper, _ = nsPerUnit(u)
		}
	}
	placed := [csvMaxFields]bool{}
	if h.time >= 0 {
		placed[h.time] = true
	}
	for k := range 3 {
		if found && acc[k] >= 0 {
			h.dst[acc[k]], placed[acc[k]] = int8(1+k), true
			// SensorLog's accelerometerAcceleration…: Core Motion's
			// −1 g up, negated as the CSV reader negates it
			h.neg = h.neg || cols[acc[k]].mirror
		}
		if found && gyr[k] >= 0 {
			h.dst[gyr[k]], placed[gyr[k]] = int8(4+k), true
			h.gyro = true
		}
	}
	for i, c := range cols {
		if placed[i] {
			continue
		}
		if (c.role == roleNone || c.rank >= rawRank || c.soft) && i != h.time {
			// not a name of a time, acceleration or rate: not read
			// (nor a soft one, not read before it was known:
			// "t,ax,ay,az,unix_timestamp", "…,left_ax")
			h.ignored = append(h.ignored, c.name)
			continue
		}
		why := "a name gaitd does not know"
		switch {
		case c.role == roleTime:
			why = "a second time column"
		case c.role == roleLinAcc:
			why = "linear acceleration (gravity removed): send acceleration including gravity"
		case !found:
			why = "angular rate without acceleration"
		case c.role == roleGyrAnat && frame == FrameSensor:
			why = "an anatomical rate beside sensor-frame acceleration"
		case c.role == roleAcc && frame == FrameAnatomical:
			why = "sensor-frame acceleration beside anatomical acceleration"
		case c.role != roleNone:
			why = "its axis is named twice, or unlike the other axes"
		}
		h.bad = fmt.Sprintf("field %d (%s) cannot be placed: %s (want a time t, time, timestamp, millis …; acceleration ax,ay,az, acc_x …, x,y,z or acc_v,acc_ap,acc_ml; angular rate gx,gy,gz, gyr_x … or gyr_v,gyr_ap,gyr_ml)", i+1, c.name, why)
		return
	}
	axes := axisNames[frame]
	switch {
	case h.time < 0:
		h.bad = "no time column (t, time, timestamp, millis …)"
	case slices.Contains(acc[:], -1):
		h.bad = fmt.Sprintf("no column for the acceleration's %s axis", axes[slices.Index(acc[:], -1)])
	case slices.Contains(gyr[:], -1) && slices.ContainsFunc(gyr[:], func(i int) bool { return i >= 0 }):
		if own {
			axes = axisNames[FrameSensor]
		}
		h.bad = fmt.Sprintf("no column for the angular rate's %s axis", axes[slices.Index(gyr[:], -1)])
	}
	if h.bad != "" {
		return
	}
	var an, gn [3][]byte
	for k := range 3 {
		an[k] = f[acc[k]]
		if gyr[k] >= 0 {
			gn[k] = f[gyr[k]]
		}
	}
	h.acc, h.accOK = headerUnit(an[:], payloadAccScale)
	if gyr[0] >= 0 {
		h.gyr, h.gyrOK = headerUnit(gn[:], payloadGyrScale)
	}
}

// csvInLine drops from p.Samples, and from their times nss (ns) and
// message lines, the samples whose time is out of line with those around
// them by more than two of the message's steps (the median step forward),
// naming each in p.BadLines: inside the message, ahead of the next line or
// behind the one before while those two are within four steps of each
// other; the first, ahead of the second while the second and third are
// within two steps; the last, behind the one before it while the two
// before it are within two steps. All are judged on the message as sent. It leaves
// p.sc.csvNS the times of the samples kept.
func csvInLine(p *Payload, nss []int64, lines []int) {
	n := len(nss)
	if n < 3 {
		return
	}
	// the message's step: the median of its lines' steps forward
	steps := p.sc.csvDrop[:0]
	for i := 1; i < n; i++ {
		if d := nss[i] - nss[i-1]; d > 0 {
			steps = append(steps, int(d))
		}
	}
	if len(steps) == 0 {
		return
	}
	slices.Sort(steps)
	lim := 2 * int64(steps[len(steps)/2])
	// out: more than two steps from where it would fit, while the lines
	// it is judged on are in step with each other (two lines swapped are
	// put in order; a good line beside a bad one is kept)
	near := func(a, b int) bool { d := nss[b] - nss[a]; return d > 0 && d <= lim }
	out := func(i int) bool {
		switch {
		case i == 0:
			return near(1, 2) && nss[0]-nss[1] > lim
		case i == n-1:
			return near(n-3, n-2) && nss[n-2]-nss[n-1] > lim
		}
		d := nss[i+1] - nss[i-1]
		return d > 0 && d <= 2*lim && (nss[i]-nss[i+1] > lim || nss[i-1]-nss[i] > lim)
	}
	drop := steps[:0] // (its scratch, read before written)
	for i := range n {
		if out(i) {
			drop = append(drop, i)
		}
	}
	p.sc.csvDrop = drop
	if len(drop) == 0 {
		return
	}
	k, d := 0, 0
	for i := range n {
		if d < len(drop) && drop[d] == i {
			d++
			p.BadLines = append(p.BadLines, perr(PayloadCSV, fmt.Sprintf("line %d: field 1 (t)", lines[i]), "time out of line with the lines around it in the message"))
			continue
		}
		p.Samples[k], nss[k], lines[k] = p.Samples[i], nss[i], lines[i]
		k++
	}
	p.Samples, p.sc.csvNS = p.Samples[:k], nss[:k]
}

var csvPayloadCols = [7]string{"t", "ax", "ay", "az", "gx", "gy", "gz"}

// headerUnit returns the scale of the unit that every name in names gives
// (a suffix or a bracketed unit, as in a CSV file's header), read by
// scale; false when they give none, or differ.
func headerUnit(names [][]byte, scale func(string) (float64, bool)) (float64, bool) {
	u := ""
	for i, n := range names {
		c := classifyColumn(string(n)).unit
		if c == "" || c == "other" || i > 0 && c != u {
			return 0, false
		}
		u = c
	}
	return scale(u)
}
