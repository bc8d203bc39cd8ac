package sensor

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// csv: text lines "t,ax,ay,az" or "t,ax,ay,az,gx,gy,gz", one or several
// per message, as an ESP32 sketch prints them to MQTT. Lines end in "\n"
// or "\r\n"; blank lines and lines starting with '#' are skipped, and so
// is a header line (first field not a number) before the first data line.
// Fields are separated by ',' (spaces around fields are allowed); every
// data line of a message has the same field count, 4 or 7.
//
// Units come from PayloadOptions (default m/s², rad/s). The time unit is
// PayloadOptions.TimeUnit, else decided once per message from the first
// data line as for single-json: a fraction means s, integers with ≥ 18
// digits ns, ≥ 15 µs, ≥ 12 ms, ≥ 10 s, shorter ones ms. Integer and plain
// decimal times convert exactly to ns. Lines whose time goes back are put
// in time order (a stable sort), as SenML and Sensor Logger entries are.
// Decoding allocates nothing in the steady state.

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
	nf := 0
	var prevNS int64 // the previous line's time
	sorted := true   // every line's time at or after the one before
	line := 0
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
				return perr(F, fmt.Sprintf("line %d", line), "more than 7 fields")
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
				continue // header
			}
		}
		if n != 4 && n != 7 {
			return perr(F, fmt.Sprintf("line %d", line), "%d fields, want 4 (t,ax,ay,az) or 7 (t,ax,ay,az,gx,gy,gz)", n)
		}
		if nf == 0 {
			nf = n
		} else if n != nf {
			return perr(F, fmt.Sprintf("line %d", line), "%d fields after lines of %d", n, nf)
		}
		if per == 0 {
			per = timeUnitByMagnitude(f[0])
		}
		ns, ok := literalNS(f[0], per)
		if !ok {
			return perr(F, fmt.Sprintf("line %d: field 1 (t)", line), "not a number: %q", f[0])
		}
		if len(p.Samples) >= opt.MaxSamples {
			return perr(F, fmt.Sprintf("line %d", line), "more than %d samples", opt.MaxSamples)
		}
		var s Sample
		for k := 1; k < n; k++ {
			v, err := strconv.ParseFloat(string(f[k]), 64)
			if err != nil || !payloadFinite(v) {
				return perr(F, fmt.Sprintf("line %d: field %d (%s)", line, k+1, csvPayloadCols[k]), "not a finite number: %q", f[k])
			}
			if k <= 3 {
				s.Acc[k-1] = v * ascale
			} else {
				s.Gyr[k-4] = v * gscale
			}
		}
		if !finite3(s.Acc) || !finite3(s.Gyr) {
			return perr(F, fmt.Sprintf("line %d", line), "value overflows")
		}
		if len(p.Samples) == 0 || ns < p.T0 {
			p.T0 = ns
		}
		if len(p.Samples) > 0 && ns < prevNS {
			sorted = false
		}
		prevNS = ns
		s.T = secondsOf(ns, opt)
		p.Samples = append(p.Samples, s)
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

var csvPayloadCols = [7]string{"t", "ax", "ay", "az", "gx", "gy", "gz"}
