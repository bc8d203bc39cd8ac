package sensor

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// influx: InfluxDB line protocol, as Telegraf's MQTT output publishes it
// (data_format = "influx", protocols §11), one line per sample:
//
//	imu,device=esp32-01 ax=0.01,ay=0.02,az=9.81,gx=0.1,gy=0,gz=0 1700000000123000000
//
// A line is a measurement name, optional tags (",key=value"), a space, the
// fields ("key=value", comma-separated) and, after a space, an integer
// timestamp. Keys and tag values escape ',', '=' and ' ' with a
// backslash; a field value is a float, an integer ending in "i" or "u", a
// quoted string or a boolean (strings and booleans are not read). Lines
// end in "\n" or "\r\n"; blank lines and lines starting with '#' are
// skipped; several lines make a batch (Telegraf's batch = true).
//
// The fields are the columns of a csv payload with a header (see csv):
// placed by their keys' names (ax, acc_x, x …, acc_v …, gx, gyr_x …),
// units from those names (ax_g, gx_dps), else PayloadOptions, else m/s²
// and rad/s decided per device by PayloadUnits (Payload.AccGiven and
// GyrGiven false), keys of no acceleration or rate (temp, mx, a "time"
// field) not read (Payload.CSVIgnored). The first line's keys set the
// message's columns; a later line without one of them is a bad line.
// The timestamp's unit is PayloadOptions.TimeUnit, else decided as a csv
// time's, by its step and magnitude (the protocol's default, ns, has 19
// digits; Telegraf's precision "1ms" 13; whole seconds hold no gait). A
// message of one line may omit it (the receive time, PayloadOptions.Now,
// is used); in a batch every line
// needs one. The tag "device" names the device (Payload.Device). All lines
// of a message are of one measurement: lines of another (a gyroscope's
// x,y,z beside an accelerometer's) are bad lines, read as they would be
// as acceleration otherwise.
//
// Bad lines (a field that is not a finite number, one missing, no
// timestamp in a batch, a time out of line) are skipped and named in
// Payload.BadLines with their line, as csv's are; a message none of whose
// lines reads is an error. Decoding allocates nothing in the steady state
// but a string when the first line's keys change.

// decodeInflux translates the message into csv lines under a header of
// the first line's numeric field keys ("t,ax,ay,az,…"), one csv line for
// each message line so that line numbers stay the message's, and reads
// them with decodePayloadCSV; errors are then renamed to this format.
func decodeInflux(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadInflux
	sc := p.sc
	out := sc.inflCSV[:0]
	num := sc.inflNum[:0]   // a line's numeric field keys (raw)
	keys := sc.inflKeys[:0] // the first data line's keys read, the columns
	var meas []byte         // the first data line's measurement (raw)
	line, good, first := 0, 0, true
	var bad []error
	// (named csv until the csv lines are read, as theirs are: renamed
	// with them)
	badLine := func(msg string, args ...any) {
		bad = append(bad, perr(PayloadCSV, fmt.Sprintf("line %d", line), msg, args...))
	}
	batch := influxLines(data) > 1
	var vals [csvMaxFields][]byte
	for rest := data; len(rest) > 0; {
		var l []byte
		l, rest = nextLine(rest)
		line++
		if line > 1 {
			out = append(out, '\n')
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		m, tags, fields, ts, why := influxSplit(l)
		if why != "" {
			badLine("%s", why)
			continue
		}
		if first {
			first, meas = false, m
			if d, ok := influxTag(tags, "device"); ok && len(d) > 0 {
				sc.dev = influxUnescape(sc.dev[:0], d)
			}
			// the columns: the numeric fields whose keys name an axis
			// of acceleration or rate, classified again only when the
			// keys change
			raw := sc.inflRaw[:0]
			num = num[:0]
			for k, v := range influxFields(fields) {
				if influxNumber(v) {
					num = append(num, k)
					raw = append(influxUnescape(raw, k), 0)
				}
			}
			sc.inflRaw = raw
			if len(num) == 0 {
				return perr(F, fmt.Sprintf("line %d", line), "no numeric field (want ax=…,ay=…,az=…)")
			}
			if !bytes.Equal(raw, sc.inflLast) {
				sc.inflLast = append(sc.inflLast[:0], raw...)
				influxColumns(sc, raw)
			}
			if sc.inflBad != "" {
				return perr(F, fmt.Sprintf("line %d", line), "%s", sc.inflBad)
			}
			keys = keys[:0]
			for i, k := range num {
				if sc.inflKeep[i] {
					keys = append(keys, k)
				}
			}
		} else if !bytes.Equal(m, meas) {
			badLine("measurement %q after lines of %q: want one line per sample with all its fields (ax=…,ay=…,az=…,gx=…)", influxUnescape(nil, m), influxUnescape(nil, meas))
			continue
		}
		switch {
		case len(ts) > 0:
		case batch:
			badLine("no timestamp: in a message of several lines every line needs one")
			continue
		case opt.Now == 0:
			badLine("no timestamp (and no receive time in PayloadOptions.Now)")
			continue
		}
		// the values in the columns' order
		missing := -1
		for i, k := range keys {
			v, ok := influxField(fields, k)
			if !ok {
				missing = i
				break
			}
			if last := len(v) - 1; last > 0 && (v[last] == 'i' || v[last] == 'u') {
				v = v[:last]
			}
			vals[i] = v
		}
		if missing >= 0 {
			badLine("no field %s (the message's first line has %s)", influxUnescape(nil, keys[missing]), sc.inflHdrStr[2:])
			continue
		}
		if len(ts) == 0 {
			// the receive time, in the unit the csv decoder reads the
			// times in (ns unless PayloadOptions.TimeUnit names one)
			per, ok := nsPerUnit(opt.TimeUnit)
			if !ok {
				per = 1
			}
			out = strconv.AppendInt(out, opt.Now/per, 10)
		} else {
			out = append(out, ts...)
		}
		for _, v := range vals[:len(keys)] {
			out = append(out, ',')
			out = append(out, v...)
		}
		good++
	}
	sc.inflCSV, sc.inflNum, sc.inflKeys = out, num, keys
	if good == 0 {
		p.BadLines = append(p.BadLines[:0], bad...)
		for _, e := range bad {
			renamePayloadError(e, F)
		}
		switch len(bad) {
		case 0:
			return perr(F, "", "no samples")
		case 1:
			return bad[0]
		}
		return perr(F, "", "no line reads: %s (and %d more)", strings.TrimPrefix(bad[0].Error(), F+": "), len(bad)-1)
	}
	o := *opt
	o.CSVHeader, o.SecondsTime = sc.inflHdrStr, false
	p.BadLines = append(p.BadLines, bad...)
	err := decodePayloadCSV(p, out, &o)
	// this format's name in every error
	for _, e := range p.BadLines {
		renamePayloadError(e, F)
	}
	renamePayloadError(err, F)
	p.CSVIgnored, p.SecondsTime = sc.inflIgnored, false
	return err
}

// influxFirstLine reports whether the first line of b reads as line
// protocol: a measurement name without '=', then fields "key=value".
func influxFirstLine(b []byte) bool {
	l, _ := nextLine(b)
	_, _, fields, _, why := influxSplit(bytes.TrimSpace(l))
	return why == "" && bytes.IndexByte(fields, '=') > 0
}

// influxLines counts the lines of data that are neither blank nor comments.
func influxLines(data []byte) int {
	n := 0
	for len(data) > 0 {
		var l []byte
		l, data = nextLine(data)
		if l = bytes.TrimSpace(l); len(l) > 0 && l[0] != '#' {
			n++
		}
	}
	return n
}

// influxColumns classifies the numeric field keys raw (unescaped, each
// ended by a 0 byte): sc.inflKeep tells which are read (an axis of
// acceleration or rate), sc.inflIgnored names the others, sc.inflHdrStr
// is the csv header "t,<keys read>", and sc.inflBad says why the keys
// cannot be placed ("" when they can; checked as csv checks a header, in
// sc.csvHdr, which decodePayloadCSV then finds read).
func influxColumns(sc *payloadScratch, raw []byte) {
	sc.inflKeep, sc.inflIgnored, sc.inflBad = sc.inflKeep[:0], nil, ""
	hdr := append(sc.inflHdr[:0], 't')
	n := 0
	for k := range bytes.SplitSeq(raw[:max(len(raw)-1, 0)], []byte{0}) {
		c := classifyColumn(string(k))
		keep := c.role != roleNone && c.role != roleTime && !bytes.ContainsAny(k, ",;\t \"")
		sc.inflKeep = append(sc.inflKeep, keep)
		if !keep {
			sc.inflIgnored = append(sc.inflIgnored, c.name)
			continue
		}
		if n++; n == csvMaxFields {
			sc.inflBad = fmt.Sprintf("more than %d fields of acceleration and rate", csvMaxFields-1)
			return
		}
		hdr = append(append(hdr, ','), k...)
	}
	sc.inflHdr, sc.inflHdrStr = hdr, string(hdr)
	if n == 0 {
		sc.inflBad = fmt.Sprintf("no field of acceleration or rate (%s not read; want ax=…,ay=…,az=…)", strings.Join(sc.inflIgnored, ","))
		sc.inflLast = sc.inflLast[:0]
		return
	}
	var f [csvMaxFields + 1][]byte
	h := &sc.csvHdr
	h.read(hdr, f[:csvFields(hdr, &f, &sc.csvNum)])
	if why := h.bad; why != "" {
		// "field 2 (ax) cannot be placed": the csv header's field
		// numbers count the time; the key names it here
		if i := strings.Index(why, " ("); strings.HasPrefix(why, "field ") && i > 0 {
			why = "key " + strings.Replace(why[i+2:], ") ", " ", 1)
		}
		why = strings.Replace(why, "(want a time t, time, timestamp, millis …; ", "(want ", 1)
		sc.inflBad = fmt.Sprintf("fields %s: %s", sc.inflHdrStr[2:], why)
		sc.inflLast = sc.inflLast[:0] // judged again next message
	}
}

// renamePayloadError sets the format a *PayloadError of the csv lines
// names, and names a field by its key ("line 7: key ax", not the csv
// line's "line 7: field 2 (ax)", whose count includes the time).
func renamePayloadError(err error, format string) {
	pe, ok := err.(*PayloadError)
	if !ok || pe.Format != PayloadCSV {
		return
	}
	pe.Format = format
	if i := strings.Index(pe.Where, ": field "); i >= 0 {
		if j := strings.Index(pe.Where[i:], " ("); j >= 0 && strings.HasSuffix(pe.Where, ")") {
			pe.Where = pe.Where[:i] + ": key " + pe.Where[i+j+2:len(pe.Where)-1]
		}
	}
}

// influxSplit splits a line of line protocol into its measurement, tags
// (",k=v,…" after the measurement, raw), fields (raw) and timestamp (""
// when absent); a non-empty msg says why the line is malformed.
func influxSplit(l []byte) (meas, tags, fields, ts []byte, msg string) {
	i := influxScan(l, 0, ", ", false)
	meas = l[:i]
	if len(meas) == 0 {
		return nil, nil, nil, nil, "no measurement name"
	}
	if bytes.IndexByte(meas, '=') >= 0 {
		return nil, nil, nil, nil, "no measurement name before the fields"
	}
	if i < len(l) && l[i] == ',' {
		j := influxScan(l, i+1, " ", false)
		tags = l[i+1 : j]
		i = j
	}
	for i < len(l) && l[i] == ' ' {
		i++
	}
	if i == len(l) {
		return nil, nil, nil, nil, "no fields"
	}
	j := influxScan(l, i, " ", true)
	fields = l[i:j]
	ts = bytes.TrimSpace(l[j:])
	for k, c := range ts {
		if !(c >= '0' && c <= '9' || k == 0 && c == '-') {
			return nil, nil, nil, nil, fmt.Sprintf("timestamp %q is not an integer", ts)
		}
	}
	return meas, tags, fields, ts, ""
}

// influxScan returns the index of the first byte of l from i on that is in
// stop and not escaped by a backslash (nor, with quotes, inside a double-
// quoted string value), or len(l).
func influxScan(l []byte, i int, stop string, quotes bool) int {
	in := false
	for ; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '\\' && i+1 < len(l):
			i++
		case quotes && c == '"':
			in = !in
		case !in && strings.IndexByte(stop, c) >= 0:
			return i
		}
	}
	return i
}

// influxFields yields the key and raw value of each field of a line's
// field set.
func influxFields(fields []byte) func(yield func(k, v []byte) bool) {
	return func(yield func(k, v []byte) bool) {
		for i := 0; i < len(fields); {
			j := influxScan(fields, i, ",", true)
			f := fields[i:j]
			e := influxScan(f, 0, "=", false)
			if e < len(f) && !yield(f[:e], f[e+1:]) {
				return
			}
			i = j + 1
		}
	}
}

// influxField returns the raw value of the field with raw key k.
func influxField(fields, k []byte) ([]byte, bool) {
	for key, v := range influxFields(fields) {
		if bytes.Equal(key, k) {
			return v, true
		}
	}
	return nil, false
}

// influxTag returns the raw value of tag key in a line's tags.
func influxTag(tags []byte, key string) ([]byte, bool) {
	for k, v := range influxFields(tags) {
		if string(k) == key {
			return v, true
		}
	}
	return nil, false
}

// influxNumber reports whether a raw field value is a number (not a
// string or a boolean): it starts with a digit, a sign or '.'.
func influxNumber(v []byte) bool {
	return len(v) > 0 && (v[0] >= '0' && v[0] <= '9' || v[0] == '-' || v[0] == '+' || v[0] == '.')
}

// influxUnescape appends s to dst without its escaping backslashes.
func influxUnescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		dst = append(dst, s[i])
	}
	return dst
}
