package sensor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// senml: SenML JSON (RFC 8428, application/senml+json), protocols.md §11:
//
//	[{"bn":"urn:dev:mac:0024befffe804ff1:","bt":1700000000.5,"bu":"m/s2","n":"ax","v":0.12},
//	 {"n":"ay","v":0.3},{"n":"az","v":9.79},{"n":"ax","t":0.01,"v":0.13},…]
//
// Base fields bn, bt, bu, bv apply to the record that carries them and all
// later ones (§4.1). A record's name is bn+n; the channel is the part after
// the last ':' or '/', matched without case, '_', '-' or '.': ax|accx|
// accelx|accelerationx|accelerometerx (likewise y, z) and gx|gyrx|gyrox|
// gyroscopex (likewise y, z). Records of other channels are ignored. The
// device name is the part before the channel with trailing ':' and '/'
// trimmed (normally the bn).
//
// Time is bt+t in seconds, converted exactly from the decimal literals to
// ns; a resolved time below 2^28 s is relative to now (§4.5.3) and needs
// PayloadOptions.Now. Records with the same time form one sample, which
// needs all of ax, ay, az and either all or none of gx, gy, gz.
//
// Units (u, else bu): m/s2 for acceleration, rad/s for angular rate; a
// record without a unit uses PayloadOptions.AccUnit / GyrUnit. SenML "g"
// is the gram: an error wrapping ErrPayloadUnit, as is any other unit.
// Values are v (+bv); vs, vb and vd records on these channels are errors.
//
// A record of these channels whose value is missing, null, not finite or
// overflows, whose time or name does not read, whose u is no string (null
// is none), that has no u and a bu applying to it that is no string
// ("[6].u: none, and its base unit [0].bu is not a string"; a null bu is
// none, the earlier bu still applying), or that is no object, is
// skipped and named in Payload.BadLines by its index ("[14].v: null …"),
// and so is a time that lacks a channel (unless a bad record at that time
// was named) or has one twice; the other samples are read. A record
// whose name, u or bu is no string is a bad record at its time, as one with a
// bad value is, when that time reads. A record whose time does not read
// (or that is no object) and the sample that lacks its channel for it are
// one bad element, named once: "[13].t: not a number, so the sample at time
// 1700000000.020000000 s lacks ay and is skipped" (a record lying among
// the sample's own, else next to them, of a channel it lacks or of none
// known, else the first in the message of a channel it lacks). A
// message whose gx, gy, gz records are all bad reads without rates,
// Payload.GyrAllBad the first's index in BadLines. A
// message none of whose samples reads is an error, BadLines naming each;
// a bad base field (bn, bt, bv: they apply to later records), a unit
// or a relative time without PayloadOptions.Now refuses the message.

type senmlRecord struct {
	Bn json.RawMessage `json:"bn"`
	Bt jsonLit         `json:"bt"`
	Bu json.RawMessage `json:"bu"`
	Bv jsonFloat       `json:"bv"`
	N  json.RawMessage `json:"n"`
	U  json.RawMessage `json:"u"`
	V  jsonFloat       `json:"v"`
	T  jsonLit         `json:"t"`
	// bad is the error of a record that did not decode (not an object),
	// set by senmlRecords
	bad error
}

type senmlPoint struct {
	ns int64
	ch int // 0..2 acc x, y, z; 3..5 gyr x, y, z
	v  float64
	i  int // record index
}

// senmlRelative is 2^28 s in ns: smaller resolved times are relative.
const senmlRelative = int64(1<<28) * 1e9

func senmlChannel(name []byte) int {
	var buf [24]byte
	k := 0
	for _, c := range name {
		switch {
		case c == '_' || c == '-' || c == '.':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if k == len(buf) {
			return -1
		}
		buf[k] = c
		k++
	}
	if k < 2 {
		return -1
	}
	axis := int(buf[k-1]) - 'x'
	if axis < 0 || axis > 2 {
		return -1
	}
	switch string(buf[:k-1]) {
	case "a", "acc", "accel", "acceleration", "accelerometer":
		return axis
	case "g", "gyr", "gyro", "gyroscope":
		return 3 + axis
	}
	return -1
}

func decodeSenML(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadSenML
	recs := p.sc.rec[:cap(p.sc.rec)]
	for i := range recs {
		r := &recs[i]
		*r = senmlRecord{Bn: r.Bn[:0], Bt: jsonLit{b: r.Bt.b[:0]}, Bu: r.Bu[:0], N: r.N[:0], U: r.U[:0], T: jsonLit{b: r.T.b[:0]}}
	}
	p.sc.rec = recs[:0]
	if err := json.Unmarshal(data, &p.sc.rec); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || senmlRecords(p.sc, data) != nil {
			return jsonErr(F, err)
		}
	}
	recs = p.sc.rec
	var badNS []int64      // times of samples a bad record was in (nil unless one is)
	var loose []senmlLoose // (in record order)
	var claimAt [6]int     // (see senmlClaimFirst)
	bad := p.BadLines[:0]
	firstGyr := -1 // the first bad gx, gy or gz record's error in bad
	// badRec skips a record of channel c, naming it; ns is its time,
	// known when ok
	badRec := func(err error, c int, ns int64, ok bool) {
		if c >= 3 && firstGyr < 0 {
			firstGyr = len(bad)
		}
		bad = append(bad, err)
		if ok {
			badNS = append(badNS, ns)
		}
	}
	// badLoose skips record i whose time (and maybe channel, c < 0) is
	// not known: the sample it belongs to is found by what it lacks
	badLoose := func(err error, i, c int) {
		if c >= 3 && firstGyr < 0 {
			firstGyr = len(bad)
		}
		loose = append(loose, senmlLoose{i: i, ch: c, at: len(bad)})
		bad = append(bad, err)
	}
	if len(recs) == 0 {
		return perr(F, "", "empty record array")
	}
	optAcc, optGyr, err := optScales(F, opt)
	if err != nil {
		return err
	}
	pts := p.sc.pts[:0]
	var bn, bu []byte
	buBad := -1 // the record whose bu, no string, applies (-1: none)
	var bt int64
	var bv float64
	devSet := false
	// badField skips record r (i), whose own field other than its time
	// is bad: at its time when that reads, as a bad value's record is
	// (matched by its place or channel, it was taken for another
	// sample's), else as one whose time does not read
	badField := func(err error, r *senmlRecord, i, c int) {
		if ns, ok := senmlTime(r, bt, opt.Now); ok {
			badRec(err, c, ns, true)
		} else {
			badLoose(err, i, c)
		}
	}
	for i := range recs {
		r := &recs[i]
		where := func(f string) string { return fmt.Sprintf("[%d].%s", i, f) }
		if r.bad != nil {
			badLoose(r.bad, i, -1)
			continue
		}
		if len(r.Bn) > 0 {
			var ok bool
			if bn, ok = rawString(r.Bn, nil); !ok {
				return perr(F, where("bn"), "not a string")
			}
		}
		if r.Bt.bad {
			return perr(F, where("bt"), "not a number")
		}
		if r.Bt.ok {
			var ok bool
			if bt, ok = literalNS(r.Bt.b, 1e9); !ok {
				return perr(F, where("bt"), "time %s out of range", r.Bt.b)
			}
		}
		if len(r.Bu) > 0 && string(r.Bu) != "null" {
			// (a null bu is none: the earlier one still applies, as
			// after a null bt or bv)
			var ok bool
			if bu, ok = rawString(r.Bu, nil); ok {
				buBad = -1
			} else {
				// the unit of no record: the records it applies to
				// are skipped, not the message (as a bad u's is)
				buBad = i
			}
		}
		if r.Bv.bad {
			return perr(F, where("bv"), "not a finite number")
		}
		if r.Bv.ok {
			bv = r.Bv.v
		}
		n, ok := rawString(r.N, nil)
		if len(r.N) > 0 && string(r.N) != "null" && !ok {
			badField(perr(F, where("n"), "not a string"), r, i, -1)
			continue
		}
		// The full name is bn+n; split it at the last ':' or '/'.
		var prefix, ch []byte
		switch {
		case len(n) > 0:
			if j := bytes.LastIndexAny(n, ":/"); j >= 0 {
				prefix, ch = n[:j+1], n[j+1:]
				if len(bn) > 0 {
					prefix = nil // bn and a structured n: keep bn
				}
			} else {
				ch = n
			}
			if prefix == nil {
				prefix = bn
			}
		case len(bn) > 0:
			j := bytes.LastIndexAny(bn, ":/")
			prefix, ch = bn[:j+1], bn[j+1:]
		}
		c := senmlChannel(ch)
		if !devSet && len(prefix) > 0 {
			if d := bytes.TrimRight(prefix, ":/"); len(d) > 0 {
				p.sc.dev = append(p.sc.dev[:0], d...)
				devSet = true
			}
		}
		if c < 0 {
			continue
		}
		u := bu
		if len(r.U) > 0 && string(r.U) != "null" {
			if u, ok = rawString(r.U, nil); !ok {
				// the record's own field: it is skipped, not the
				// message (as a bad n is; a null u is none)
				badField(perr(F, where("u"), "not a string"), r, i, c)
				continue
			}
		} else if buBad >= 0 {
			// no u of its own, and its base unit is no string: a bad
			// record, as one whose u is no string
			if buBad == i {
				badField(perr(F, where("bu"), "not a string"), r, i, c)
			} else {
				badField(perr(F, where("u"), "none, and its base unit [%d].bu is not a string", buBad), r, i, c)
			}
			continue
		}
		scale := optAcc
		switch {
		case c < 3 && string(u) == "m/s2", c >= 3 && string(u) == "rad/s":
			scale = 1
		case len(u) == 0 && c >= 3:
			scale = optGyr
		case len(u) == 0:
		case string(u) == "g":
			return punit(F, where("u"), `unit "g" is the SenML gram, not standard gravity: send m/s2`)
		default:
			want := "m/s2"
			if c >= 3 {
				want = "rad/s"
			}
			return punit(F, where("u"), "unit %q for %s (want %s)", u, ch, want)
		}
		if r.T.bad {
			badLoose(perr(F, where("t"), "not a number"), i, c)
			continue
		}
		ns := bt
		if r.T.ok {
			t, ok := literalNS(r.T.b, 1e9)
			if !ok || (t > 0 && ns > math.MaxInt64-t) || (t < 0 && ns < math.MinInt64-t) {
				badLoose(perr(F, where("t"), "time %s out of range", r.T.b), i, c)
				continue
			}
			ns += t
		}
		if ns < senmlRelative {
			if opt.Now == 0 {
				p.BadLines = p.BadLines[:0]
				return perr(F, where("t"), "relative time (below 2^28 s) and no receive time in PayloadOptions.Now")
			}
			ns += opt.Now
		}
		if !r.V.ok {
			_, err := r.V.check(F, where("v"))
			if r.V.null {
				err = perr(F, where("v"), "null (JSON.stringify writes NaN as null)")
			}
			badRec(err, c, ns, true)
			continue
		}
		val := (r.V.v + bv) * scale
		if !payloadFinite(val) {
			badRec(perr(F, where("v"), "value overflows"), c, ns, true)
			continue
		}
		if len(pts) >= 6*opt.MaxSamples {
			return perr(F, where("v"), "more than %d samples", opt.MaxSamples)
		}
		pts = append(pts, senmlPoint{ns: ns, ch: c, v: val, i: i})
	}
	p.sc.pts = pts
	p.BadLines = bad
	if len(pts) == 0 {
		if len(bad) > 0 {
			return noneReads(PayloadSenML, p)
		}
		return perr(F, "", "no acceleration records (names ax, ay, az or accX, accY, accZ)")
	}
	slices.Sort(badNS) // (searched for each sample that lacks a channel)
	slices.SortStableFunc(pts, func(a, b senmlPoint) int {
		switch {
		case a.ns != b.ns:
			if a.ns < b.ns {
				return -1
			}
			return 1
		}
		return a.ch - b.ch
	})
	hasGyr := false
	for _, pt := range pts {
		if pt.ch >= 3 {
			hasGyr = true
			break
		}
	}
	// the samples lacking a channel that a bad record lying among their
	// own, whose time did not read, is taken for first (group starts, in
	// order): before the other samples take one by its place next to
	// them or its channel alone (an earlier sample lacking the same
	// channel took the record lying in a later one)
	var near []int
	if len(loose) > 0 {
		for j := 0; j < len(pts); {
			k, have, twice := senmlGroup(pts, j)
			if !twice && senmlLacks(&have, hasGyr) {
				if _, found := slices.BinarySearch(badNS, pts[j].ns); !found && senmlClaimNear(loose, p.BadLines, pts[j:k], &have, hasGyr, false) {
					near = append(near, j)
				}
			}
			j = k
		}
	}
	for j := 0; j < len(pts); {
		k := j
		var have [6]bool
		var s Sample
		var why error
		for ; k < len(pts) && pts[k].ns == pts[j].ns; k++ {
			pt := pts[k]
			if have[pt.ch] && why == nil {
				why = perr(F, fmt.Sprintf("[%d]", pt.i), "second value of %s at the same time", channelName(pt.ch))
			}
			have[pt.ch] = true
			if pt.ch < 3 {
				s.Acc[pt.ch] = pt.v
			} else {
				s.Gyr[pt.ch-3] = pt.v
			}
		}
		for c := range 6 {
			if !have[c] && (c < 3 || hasGyr) && why == nil {
				why = perr(F, fmt.Sprintf("[%d]", pts[j].i), "no %s at time %s s", channelName(c), nsSeconds(pts[j].ns))
				if _, found := slices.BinarySearch(badNS, pts[j].ns); found {
					why = errSenMLCounted // (its bad record is named already)
				} else if len(near) > 0 && near[0] == j {
					near = near[1:]
					why = errSenMLCounted // (the record among its own whose time did not read: named with it)
				} else if senmlClaimNear(loose, p.BadLines, pts[j:k], &have, hasGyr, true) || senmlClaimFirst(loose, &claimAt, p.BadLines, pts[j:k], &have, hasGyr) {
					why = errSenMLCounted // (the record whose time did not read: named with it)
				}
			}
		}
		if why != nil {
			// the sample is skipped, the others read
			if why != errSenMLCounted {
				p.BadLines = append(p.BadLines, why)
			}
			j = k
			continue
		}
		if len(p.Samples) == 0 {
			p.T0 = pts[j].ns
		}
		if len(p.Samples) == opt.MaxSamples {
			// (the record count above bounds the records at six a
			// sample: an accelerometer alone has three)
			return perr(F, fmt.Sprintf("[%d]", pts[j].i), "more than %d samples", opt.MaxSamples)
		}
		s.T = secondsOf(pts[j].ns, opt)
		p.Samples = append(p.Samples, s)
		j = k
	}
	if len(p.Samples) == 0 {
		return noneReads(PayloadSenML, p)
	}
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{hasGyr, hasGyr, hasGyr}}
	if !hasGyr {
		p.GyrAllBad = firstGyr // (-1: no gx, gy or gz record)
	}
	return nil
}

// senmlTime is record r's time, bt+t made absolute as decodeSenML makes
// it (a relative one by now, the receive time), and whether it reads.
func senmlTime(r *senmlRecord, bt, now int64) (int64, bool) {
	if r.T.bad {
		return 0, false
	}
	ns := bt
	if r.T.ok {
		t, ok := literalNS(r.T.b, 1e9)
		if !ok || (t > 0 && ns > math.MaxInt64-t) || (t < 0 && ns < math.MinInt64-t) {
			return 0, false
		}
		ns += t
	}
	if ns < senmlRelative {
		if now == 0 {
			return 0, false
		}
		ns += now
	}
	return ns, true
}

// senmlLoose is a bad SenML record whose time did not read (or that did
// not decode at all): record i, its channel ch (-1 when unknown), and its
// error at bad[at].
type senmlLoose struct {
	i, ch, at int
	claimed   bool
}

// senmlGroup returns the end k of the points from j that are at one time
// (a sample: pts[j:k]), the channels they have, and whether one is there
// twice.
func senmlGroup(pts []senmlPoint, j int) (k int, have [6]bool, twice bool) {
	for k = j; k < len(pts) && pts[k].ns == pts[j].ns; k++ {
		twice = twice || have[pts[k].ch]
		have[pts[k].ch] = true
	}
	return k, have, twice
}

// senmlLacks reports whether a sample with the channels have lacks one.
func senmlLacks(have *[6]bool, hasGyr bool) bool {
	for c := range 6 {
		if !have[c] && (c < 3 || hasGyr) {
			return true
		}
	}
	return false
}

// senmlClaimNear and senmlClaimFirst find the bad record of loose (in
// record order) that the sample of the points grp (one time, its
// channels in have) lacks. senmlClaimNear looks among the records
// between its own (edge: or next to them, within one of their indices)
// for one of a channel it lacks or of no known channel (at most 16 looked
// at); decodeSenML asks it for every sample first without edge, so that
// a record lying among a sample's own is that sample's, then in time
// order with edge, else senmlClaimFirst, which takes the first in the
// message of a channel it lacks not claimed yet (cur holds, per channel,
// where that search is: the searches take linear time in all, a MiB of
// bad records no quadratic cost). The record's error in bad
// then says that the sample is skipped for it, so the two are one bad
// element, counted once (they were two: "[13].t: not a number" and "[12]:
// no ay at time …", where a publisher wrote one bad record). Each
// reports whether one was found.
func senmlClaimNear(loose []senmlLoose, bad []error, grp []senmlPoint, have *[6]bool, hasGyr bool, edge bool) bool {
	lo, hi := grp[0].i, grp[0].i
	for _, pt := range grp {
		lo, hi = min(lo, pt.i), max(hi, pt.i)
	}
	if !edge {
		lo, hi = lo+2, hi-2 // (the window is one wider)
	}
	k, _ := slices.BinarySearchFunc(loose, lo-1, func(l senmlLoose, i int) int { return l.i - i })
	for end := min(k+16, len(loose)); k < end && loose[k].i <= hi+1; k++ {
		if l := &loose[k]; !l.claimed && (l.ch < 0 || senmlLacking(have, hasGyr, l.ch)) {
			senmlClaimed(l, bad, grp, have, hasGyr)
			return true
		}
	}
	return false
}

func senmlClaimFirst(loose []senmlLoose, cur *[6]int, bad []error, grp []senmlPoint, have *[6]bool, hasGyr bool) bool {
	for c := range 6 {
		if !senmlLacking(have, hasGyr, c) {
			continue
		}
		for ; cur[c] < len(loose); cur[c]++ {
			if l := &loose[cur[c]]; l.ch == c && !l.claimed {
				senmlClaimed(l, bad, grp, have, hasGyr)
				return true
			}
		}
	}
	return false
}

// senmlLacking reports whether a sample with the channels have lacks c.
func senmlLacking(have *[6]bool, hasGyr bool, c int) bool { return !have[c] && (c < 3 || hasGyr) }

// senmlClaimed marks l claimed by the sample of grp, its error in bad
// saying the sample is skipped for it.
func senmlClaimed(l *senmlLoose, bad []error, grp []senmlPoint, have *[6]bool, hasGyr bool) {
	l.claimed = true
	lacks := l.ch
	for c := 5; c >= 0 && l.ch < 0; c-- {
		if senmlLacking(have, hasGyr, c) {
			lacks = c
		}
	}
	if pe := (*PayloadError)(nil); errors.As(bad[l.at], &pe) {
		what := pe.Err.Error()
		bad[l.at] = perr(PayloadSenML, pe.Where, "%s, so the sample at time %s s lacks %s and is skipped", what, nsSeconds(grp[0].ns), channelName(lacks))
	}
}

// errSenMLCounted marks a SenML sample that lacks a channel whose record
// at its time was bad, and named already.
var errSenMLCounted = errors.New("counted")

// noneReads is the error of a message of format F none of whose samples
// reads, each bad one (a SenML message's bad records too) named in
// p.BadLines and counted there: the first's error, with how many more
// when there are others.
func noneReads(F string, p *Payload) error {
	err := p.BadLines[0]
	if len(p.BadLines) > 1 {
		err = perr(F, "", "no sample reads: %s (and %d more)", strings.TrimPrefix(err.Error(), F+": "), len(p.BadLines)-1)
	}
	return err
}

// senmlRecords decodes the records of a SenML message that json.Unmarshal
// refused with a type error (a record not an object) one by one into
// sc.rec: a record that does not decode keeps its error in bad. It
// returns an error when the message is no array of JSON values.
func senmlRecords(sc *payloadScratch, data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	sc.rec = slices.Grow(sc.rec[:0], len(raw))[:len(raw)]
	for i, r := range raw {
		rec := &sc.rec[i]
		*rec = senmlRecord{Bn: rec.Bn[:0], Bt: jsonLit{b: rec.Bt.b[:0]}, Bu: rec.Bu[:0], N: rec.N[:0], U: rec.U[:0], T: jsonLit{b: rec.T.b[:0]}}
		rec.bad = decodeElement(PayloadSenML, "", i, false, r, rec)
	}
	return nil
}

// decodeElement decodes element i of a batch's JSON array, r, into v and
// returns what is wrong with it as format F's error at prefix[i] (with
// the field a type error names after it, when field is set): a value
// that is no object, said without a decoder (a MiB of them is no GB);
// a type error as "number where an object expected"; otherwise invalid
// JSON. Nil when it decodes.
func decodeElement(F, prefix string, i int, field bool, r []byte, v any) error {
	if k := jsonScalarKind(r); k != "" {
		return perr(F, elementAt(prefix, i), "%s where an object expected", k)
	}
	err := json.Unmarshal(r, v)
	if err == nil {
		return nil
	}
	where, what := elementAt(prefix, i), "invalid JSON"
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if field && te.Field != "" {
			where += "." + te.Field
		}
		what = fmt.Sprintf("%s where %s expected", te.Value, jsonKind(te.Type.Kind().String()))
	}
	return perr(F, where, "%s", what)
}

// elementAt is "prefix[i]", in one allocation (a MiB of bad elements
// makes one each).
func elementAt(prefix string, i int) string {
	var b [40]byte
	w := append(b[:0], prefix...)
	w = append(strconv.AppendInt(append(w, '['), int64(i), 10), ']')
	return string(w)
}

// jsonScalarKind says what the JSON value r of valid JSON is when it is
// no object and not null, as encoding/json's UnmarshalTypeError says it
// ("string", "number", "bool", "array"); "" for an object or null.
func jsonScalarKind(r []byte) string {
	r = bytes.TrimLeft(r, " \t\r\n")
	if len(r) == 0 {
		return ""
	}
	switch r[0] {
	case '{', 'n':
		return ""
	case '"':
		return "string"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// nsSeconds writes a time in ns as decimal seconds, exactly
// ("1700000000.020000000"; a float64 wrote …019999981).
func nsSeconds(ns int64) string {
	sign := ""
	u := uint64(ns)
	if ns < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%09d", sign, u/1e9, u%1e9)
}

func channelName(c int) string {
	return [6]string{"ax", "ay", "az", "gx", "gy", "gz"}[c]
}
