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
// or "\r\n"; blank lines and lines starting with '#' are skipped, and so
// is a header line (first field not a number) before the first data line.
// Fields are separated by ',' (spaces around fields are allowed); every
// data line of a message has the same field count, 4 or 7 (that of its
// first data line).
//
// A bad line (a cell that is not a finite number, another field count) is
// skipped and named in Payload.BadLines, the other lines read (one NaN
// cost a whole message of 10 samples, a hole in the stream); a message
// none of whose lines reads is an error.
// Units come from a header's names (ax_g, "gx (deg/s)"), else from
// PayloadOptions, else m/s² and rad/s (Payload.AccGiven, GyrGiven false:
// see PayloadUnits). The time unit is
// PayloadOptions.TimeUnit, else decided once per message from the first
// data line as for single-json: a fraction means s, integers with ≥ 18
// digits ns, ≥ 15 µs, ≥ 12 ms, ≥ 10 s, shorter ones ms. Integer and plain
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
	// bad names line (its field k, 1-based; 0: the line) as skipped
	bad := func(k int, msg string, args ...any) {
		where := fmt.Sprintf("line %d", line)
		if k > 0 {
			where += fmt.Sprintf(": field %d (%s)", k, csvPayloadCols[k-1])
		}
		p.BadLines = append(p.BadLines, perr(F, where, msg, args...))
	}
	for len(data) > 0 {
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		line++
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		var f [8][]byte
		n := 0
		for rest := l; ; {
			i := bytes.IndexByte(rest, ',')
			if n == len(f) {
				break
			}
			if i < 0 {
				f[n] = bytes.TrimSpace(rest)
				n++
				break
			}
			f[n] = bytes.TrimSpace(rest[:i])
			n++
			rest = rest[i+1:]
		}
		if nf == 0 && len(p.Samples) == 0 {
			if c := f[0]; len(c) > 0 && (c[0]|0x20 >= 'a' && c[0]|0x20 <= 'z' || c[0] == '"') && (n == 4 || n == 7) {
				// a header: units its names give (ax_g, "gx (deg/s)")
				// count before the options', which are for payloads
				// that give none (read once for a header that
				// repeats, message after message)
				h := &p.sc.csvHdr
				if !bytes.Equal(h.line, l) {
					h.line = append(h.line[:0], l...)
					h.acc, h.accOK = headerUnit(f[1:4], payloadAccScale)
					h.gyr, h.gyrOK = 0, false
					if n == 7 {
						h.gyr, h.gyrOK = headerUnit(f[4:7], payloadGyrScale)
					}
				}
				if h.accOK {
					ascale, p.AccGiven, p.accOpt = h.acc, true, false
				}
				if h.gyrOK {
					gscale, p.GyrGiven, p.gyrOpt = h.gyr, true, false
				}
				continue
			}
		}
		switch {
		case n == len(f):
			bad(0, "more than 7 fields")
			continue
		case n != 4 && n != 7:
			bad(0, "%d fields, want 4 (t,ax,ay,az) or 7 (t,ax,ay,az,gx,gy,gz)", n)
			continue
		case nf == 0:
			nf = n
		case n != nf:
			bad(0, "%d fields after lines of %d", n, nf)
			continue
		}
		if per == 0 {
			per = timeUnitByMagnitude(f[0])
		}
		ns, ok := literalNS(f[0], per)
		if !ok {
			bad(1, "not a number: %q", f[0])
			continue
		}
		if len(p.Samples) >= opt.MaxSamples {
			return perr(F, fmt.Sprintf("line %d", line), "more than %d samples", opt.MaxSamples)
		}
		var s Sample
		ok = true
		for k := 1; k < n && ok; k++ {
			v, err := strconv.ParseFloat(string(f[k]), 64)
			if ok = err == nil && payloadFinite(v); !ok {
				bad(k+1, "not a finite number: %q", f[k])
			} else if k <= 3 {
				s.Acc[k-1] = v * ascale
			} else {
				s.Gyr[k-4] = v * gscale
			}
		}
		if !ok {
			continue
		}
		if !finite3(s.Acc) || !finite3(s.Gyr) {
			bad(0, "value overflows")
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
	g := nf == 7
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{g, g, g}}
	return nil
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
