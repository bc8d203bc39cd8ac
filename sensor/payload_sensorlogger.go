package sensor

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// sensorlogger: the Sensor Logger push message (protocols.md §4), one per
// batch period, over MQTT (default topic "sensor-logger") or HTTP:
//
//	{"messageId":12,"sessionId":"…","deviceId":"…","payload":[
//	 {"name":"totalacceleration","time":1698501144401773000,"values":{"x":…,"y":…,"z":…}},
//	 {"name":"gyroscope","time":1698501144402000000,"values":{"x":…,"y":…,"z":…}}, …]}
//
// "time" is UTC epoch ns, decoded exactly as int64 (a quoted integer, as in
// the app's JSON export, is accepted). Values are m/s² and rad/s.
//
// Acceleration, in order of preference:
//  1. "totalacceleration" entries (Android; gravity included) when the
//     message has any; "accelerometer" entries are then ignored.
//  2. "accelerometer" entries plus the nearest-in-time "gravity" entry:
//     Sensor Logger's accelerometer is user acceleration without gravity
//     (always on iOS, which has no totalacceleration).
//  3. "accelerometer" entries as they are, only with
//     PayloadOptions.AccIncludesGravity.
//
// Otherwise the message is an error wrapping ErrNoGravity. Each
// acceleration sample takes the nearest-in-time "gyroscope" entry when the
// message has any (Layout.Gyr set); entries are sorted by time first.
// Other sensors (orientation, magnetometer, …) are ignored, and so are
// "accelerometer" entries beside "totalacceleration" ones, unchecked.
// Seq is messageId, Session sessionId, the device name deviceId.
//
// An entry the message reads that is bad — not an object or null, without
// a "name" or with one that is no string, its "time" missing or not an
// integer, "values" missing, null or not an object, an axis missing, null
// or not a finite number — is
// skipped and named in Payload.BadLines ("payload[3].values.x: not a
// finite number"), one error per entry, as csv names its bad lines; the
// message's other entries are read (when every gyroscope entry is bad,
// the samples without rates, Payload.GyrAllBad the first's index). So is
// an accelerometer entry whose values overflow with the nearest gravity entry's added (1e308 + 1e308:
// "payload[4].values.x: overflows with gravity payload[5]'s added"). A
// message none of whose acceleration entries reads (bad, or overflowing
// with gravity added) is an error, and
// BadLines still names them: a sample is an acceleration entry, with the
// nearest gyroscope entry's rate, so its gyroscope and gravity entries
// make none alone, and the first bad acceleration entry's error says they
// are lost with it ("…; the message's only totalacceleration entry, so no
// sample …: its 3 gyroscope entries, which read, are lost with it"). A
// message refused for another reason (no gravity, too many samples) is
// one error, BadLines empty.

type slKind uint8

const (
	slNone  slKind = iota // no "name" (or a null element)
	slOther               // a sensor not read
	slAcc
	slTotal
	slGyro
	slGravity
	slBadName // "name" not a string
)

func (k *slKind) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"accelerometer"`:
		*k = slAcc
	case `"totalacceleration"`:
		*k = slTotal
	case `"gyroscope"`:
		*k = slGyro
	case `"gravity"`:
		*k = slGravity
	case `null`:
		// (encoding/json passes null to an Unmarshaler)
		*k = slNone
	default:
		*k = slOther
		if len(b) > 0 && b[0] != '"' {
			*k = slBadName // (a number, an object: a bad entry, not a sensor not read)
		}
	}
	return nil
}

type slValues struct {
	X jsonFloat `json:"x"`
	Y jsonFloat `json:"y"`
	Z jsonFloat `json:"z"`
}

type slEntry struct {
	Name   slKind    `json:"name"`
	Time   jsonInt   `json:"time"`
	Values *slValues `json:"values"`
	// bad is the error of an entry that did not decode (not an object,
	// "values" not an object), set by slEntries
	bad error
}

type slMessage struct {
	MessageID jsonInt         `json:"messageId"`
	SessionID json.RawMessage `json:"sessionId"`
	DeviceID  json.RawMessage `json:"deviceId"`
	Payload   []slEntry       `json:"payload"`
	// vals backs the entries' Values pointers across messages.
	vals []slValues
}

type slPoint struct {
	ns int64
	v  [3]float64
	i  int // the entry's index in "payload"
}

func decodeSensorLogger(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadSensorLogger
	m := &p.sc.sl
	// Reset, keeping backing arrays. Entries point into m.vals so that
	// decoding "values" does not allocate in the steady state.
	ents := m.Payload[:cap(m.Payload)]
	if len(m.vals) < len(ents) {
		m.vals = make([]slValues, len(ents))
	}
	for i := range ents {
		m.vals[i] = slValues{}
		ents[i] = slEntry{Values: &m.vals[i]}
	}
	*m = slMessage{SessionID: m.SessionID[:0], DeviceID: m.DeviceID[:0], Payload: ents[:0], vals: m.vals}
	if err := json.Unmarshal(data, m); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || slEntries(m, data) != nil {
			return jsonErr(F, err)
		}
	}
	if err := setDevice(F, "deviceId", p.sc, m.DeviceID); err != nil {
		return err
	}
	if len(m.SessionID) > 0 && string(m.SessionID) != "null" {
		s, ok := rawString(m.SessionID, nil)
		if !ok {
			return perr(F, "sessionId", "not a string")
		}
		if string(s) != p.Session {
			p.Session = string(s) // allocates only when the session changes
		}
	} else {
		p.Session = ""
	}
	if m.MessageID.bad {
		return perr(F, "messageId", "not an integer")
	}
	if m.MessageID.ok {
		p.Seq = m.MessageID.v
	}
	if len(m.Payload) == 0 {
		return perr(F, "payload", "missing or empty")
	}
	acc, gyr, gravPts := p.sc.slA[:0], p.sc.slG[:0], p.sc.slV[:0]
	var haveTotal bool
	for i := range m.Payload {
		if m.Payload[i].Name == slTotal {
			haveTotal = true
			break
		}
	}
	bad := p.BadLines[:0]
	nAcc := 0      // acceleration entries, bad ones too
	firstAcc := -1 // the first bad one's error in bad
	firstGyr := -1 // the first bad gyroscope entry's
	for i := range m.Payload {
		e := &m.Payload[i]
		if e.Name == slOther || (haveTotal && e.Name == slAcc) {
			continue
		}
		if e.Name == slAcc || e.Name == slTotal {
			nAcc++
		}
		pt, err := slPointOf(e, i)
		if err != nil {
			if firstAcc < 0 && (e.Name == slAcc || e.Name == slTotal) {
				firstAcc = len(bad)
			}
			if firstGyr < 0 && e.Name == slGyro {
				firstGyr = len(bad)
			}
			bad = append(bad, err) // (skipped: the other entries are read)
			continue
		}
		switch e.Name {
		case slAcc, slTotal:
			acc = append(acc, pt)
		case slGyro:
			gyr = append(gyr, pt)
		case slGravity:
			gravPts = append(gravPts, pt)
		}
	}
	p.sc.slA, p.sc.slG, p.sc.slV = acc, gyr, gravPts
	p.BadLines = bad
	if len(acc) == 0 {
		if nAcc > 0 && len(bad) > 0 {
			// every acceleration entry bad: each is named (and counted)
			// in BadLines, as csv's lines of a message none of which
			// reads. The message's other entries cannot stand without
			// one (a sample is an acceleration entry, its rate the
			// gyroscope entry nearest it): the first bad acceleration
			// entry's error says so (each is reported, that one telling
			// why the entries that read are lost)
			return slNoneReads(bad, firstAcc, nAcc, haveTotal, len(gyr), len(gravPts))
		}
		p.BadLines = p.BadLines[:0]
		return perr(F, "payload", "no accelerometer or totalacceleration entries%s", slSkipped(bad))
	}
	if len(acc) > opt.MaxSamples {
		p.BadLines = p.BadLines[:0]
		return perr(F, "payload", "%d samples, more than the limit of %d", len(acc), opt.MaxSamples)
	}
	if !haveTotal && len(gravPts) == 0 && !opt.AccIncludesGravity {
		p.BadLines = p.BadLines[:0]
		return pwrap(F, "payload", ErrPayloadFormat, ErrNoGravity,
			`"accelerometer" entries are user acceleration without gravity and the message has no "gravity" or "totalacceleration" entries`+slSkipped(bad))
	}
	byTime := func(a, b slPoint) int {
		switch {
		case a.ns < b.ns:
			return -1
		case a.ns > b.ns:
			return 1
		}
		return 0
	}
	for _, s := range [][]slPoint{acc, gyr, gravPts} {
		if !slices.IsSortedFunc(s, byTime) {
			slices.SortStableFunc(s, byTime)
		}
	}
	addGravity := !haveTotal && len(gravPts) > 0
	p.Samples = growSamples(p.Samples, len(acc))
	gi, vi, j := 0, 0, 0
	for _, a := range acc {
		s := &p.Samples[j]
		s.T = secondsOf(a.ns, opt)
		s.Acc = a.v
		if addGravity {
			vi = nearestPoint(gravPts, vi, a.ns)
			g := gravPts[vi].v
			s.Acc = [3]float64{a.v[0] + g[0], a.v[1] + g[1], a.v[2] + g[2]}
			if !finite3(s.Acc) {
				// finite values whose sum is not (1e308 + 1e308): the
				// entry is skipped, the others read, as a bad value's
				k := 0
				for finite(s.Acc[k]) {
					k++
				}
				if firstAcc < 0 {
					firstAcc = len(p.BadLines)
				}
				p.BadLines = append(p.BadLines, perr(F, fmt.Sprintf("payload[%d].values.%c", a.i, "xyz"[k]), "overflows with gravity payload[%d]'s added", gravPts[vi].i))
				continue
			}
		}
		s.Gyr = [3]float64{}
		if len(gyr) > 0 {
			gi = nearestPoint(gyr, gi, a.ns)
			s.Gyr = gyr[gi].v
		}
		if j == 0 {
			p.T0 = a.ns
		}
		j++
	}
	p.Samples = p.Samples[:j]
	if j == 0 {
		// every accelerometer entry overflowing with gravity (or bad):
		// as above, each named and counted, the first saying why the
		// gyroscope entries that read are lost (the gravity entries
		// are those the values overflowed with: not said lost)
		return slNoneReads(p.BadLines, firstAcc, nAcc, haveTotal, len(gyr), 0)
	}
	g := len(gyr) > 0
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{g, g, g}}
	if !g {
		p.GyrAllBad = firstGyr // (-1: no gyroscope entry)
	}
	return nil
}

// nearest returns the index of the point of sorted pts nearest to ns,
// searching forward from from (callers pass increasing ns).
func nearestPoint(pts []slPoint, from int, ns int64) int {
	i := from
	for i+1 < len(pts) && absDiffNS(pts[i+1].ns, ns) <= absDiffNS(pts[i].ns, ns) {
		i++
	}
	return i
}

func absDiffNS(a, b int64) uint64 {
	if a > b {
		return uint64(a) - uint64(b)
	}
	return uint64(b) - uint64(a)
}

// slEntries decodes the entries of m, which json.Unmarshal refused with a
// type error (an entry, or its "values", not an object), one by one: an
// entry that does not decode keeps its error in bad. It returns an error
// when the message's "payload" is no array of JSON values.
func slEntries(m *slMessage, data []byte) error {
	var raw struct {
		Payload []json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if len(m.vals) < len(raw.Payload) {
		m.vals = make([]slValues, len(raw.Payload))
	}
	m.Payload = slices.Grow(m.Payload[:0], len(raw.Payload))[:len(raw.Payload)]
	for i, r := range raw.Payload {
		m.vals[i] = slValues{}
		e := &m.Payload[i]
		*e = slEntry{Values: &m.vals[i]}
		e.bad = decodeElement(PayloadSensorLogger, "payload", i, true, r, e)
	}
	return nil
}

// slMore says how many more entries than the first were bad.
func slMore(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (and %d more)", n-1)
	}
	return ""
}

// slNoSample is the error err of the first bad acceleration entry of a
// message none of whose nAcc acceleration entries (total: of
// totalacceleration) reads, saying why the message has no sample: its
// gyroscope (nGyr) and gravity (nGrav) entries that read are lost with
// it (err itself when the entry was the message's only one read). more
// ends it (" (and 2 more)").
func slNoSample(err error, nAcc int, total bool, nGyr, nGrav int, more string) error {
	pe, ok := err.(*PayloadError)
	if !ok || nAcc == 1 && nGyr == 0 && nGrav == 0 {
		return err // (the entry is the message: its error says it all)
	}
	kind := "accelerometer"
	if total {
		kind = "totalacceleration"
	}
	what, it := fmt.Sprintf("the message's only %s entry", kind), "it"
	if nAcc > 1 {
		what, it = fmt.Sprintf("none of the message's %d %s entries reads", nAcc, kind), "them"
	}
	lost := ""
	switch {
	case nGyr > 0 && nGrav > 0:
		lost = fmt.Sprintf(": its %d gyroscope and %d gravity entries, which read, are lost with %s", nGyr, nGrav, it)
	case nGyr == 1:
		lost = ": its gyroscope entry, which reads, is lost with " + it
	case nGyr > 1:
		lost = fmt.Sprintf(": its %d gyroscope entries, which read, are lost with %s", nGyr, it)
	case nGrav == 1:
		lost = ": its gravity entry, which reads, is lost with " + it
	case nGrav > 1:
		lost = fmt.Sprintf(": its %d gravity entries, which read, are lost with %s", nGrav, it)
	}
	return perr(PayloadSensorLogger, pe.Where, "%s; %s, so no sample (a sample is an acceleration entry, with the nearest gyroscope entry's rate)%s%s", pe.Err.Error(), what, lost, more)
}

// slNoneReads is the error of a message none of whose nAcc acceleration
// entries reads, bad its bad entries (each counted), bad[firstAcc] the
// first acceleration one's: that entry's error says why the entries that
// read are lost (slNoSample), and so does the message's, with how many
// more are bad.
func slNoneReads(bad []error, firstAcc, nAcc int, total bool, nGyr, nGrav int) error {
	first := bad[firstAcc]
	bad[firstAcc] = slNoSample(first, nAcc, total, nGyr, nGrav, "")
	if len(bad) == 1 {
		return bad[0]
	}
	return slNoSample(first, nAcc, total, nGyr, nGrav, slMore(len(bad)))
}

// slSkipped names the bad entries of a message refused for another
// reason: its error is the one counted.
func slSkipped(bad []error) string {
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf("; %d bad entries skipped, the first %s", len(bad), strings.TrimPrefix(bad[0].Error(), PayloadSensorLogger+": "))
}

func slPointOf(e *slEntry, i int) (slPoint, error) {
	const F = PayloadSensorLogger
	switch {
	case e.bad != nil:
		return slPoint{}, e.bad
	case e.Name == slNone:
		return slPoint{}, perr(F, fmt.Sprintf("payload[%d]", i), `null or no "name": not a sensor entry`)
	case e.Name == slBadName:
		return slPoint{}, perr(F, fmt.Sprintf("payload[%d].name", i), "not a string: not a sensor entry")
	case e.Time.bad:
		return slPoint{}, perr(F, fmt.Sprintf("payload[%d].time", i), "not an integer (epoch ns)")
	case !e.Time.ok:
		return slPoint{}, perr(F, fmt.Sprintf("payload[%d].time", i), "missing")
	case e.Values == nil || *e.Values == (slValues{}):
		// (an entry decoded into a reused one keeps its Values pointer
		// when the message has no "values": said alike either way)
		return slPoint{}, perr(F, fmt.Sprintf("payload[%d].values", i), "missing or null")
	}
	pt := slPoint{ns: e.Time.v, i: i}
	for k, f := range [3]*jsonFloat{&e.Values.X, &e.Values.Y, &e.Values.Z} {
		switch {
		case f.null:
			return slPoint{}, perr(F, fmt.Sprintf("payload[%d].values.%c", i, "xyz"[k]), "null (JSON.stringify writes NaN as null)")
		case f.bad:
			return slPoint{}, perr(F, fmt.Sprintf("payload[%d].values.%c", i, "xyz"[k]), "not a finite number")
		case !f.ok:
			return slPoint{}, perr(F, fmt.Sprintf("payload[%d].values", i), "missing %q", "xyz"[k:k+1])
		}
		pt.v[k] = f.v
	}
	return pt, nil
}
