package sensor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// gaitd-json, the canonical daemon schema (protocols.md §11), topic
// gait/<device>/imu:
//
//	{"device":"shoe-l","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2",
//	 "acc":[[ax,ay,az],…],"gyr":[[gx,gy,gz],…],"gyr_unit":"rads","seq":17}
//
// t0_ns (required) is an integer decoded exactly as int64 (a quoted integer
// is accepted too); sample i is at t0_ns + round(i·1e9/rate_hz) ns.
// rate_hz (required) is in (0, 100000]. unit is "mps2" (default, or
// PayloadOptions.AccUnit when absent), "g" or "mg"; gyr_unit "rads"
// (default, or PayloadOptions.GyrUnit when absent) or "dps". A null among
// the acc or gyr values (JSON.stringify writes NaN as null) is an error. acc (required, non-empty) holds triples; gyr is
// optional and, when present, has as many triples as acc. device and seq
// are optional. Unknown keys are ignored.

type gaitdJSON struct {
	Device  json.RawMessage `json:"device"`
	T0      jsonInt         `json:"t0_ns"`
	Rate    jsonFloat       `json:"rate_hz"`
	Unit    json.RawMessage `json:"unit"`
	GyrUnit json.RawMessage `json:"gyr_unit"`
	Seq     jsonInt         `json:"seq"`
	Acc     [][]float64     `json:"acc"`
	Gyr     [][]float64     `json:"gyr"`
}

func (g *gaitdJSON) reset() {
	*g = gaitdJSON{Device: g.Device[:0], Unit: g.Unit[:0], GyrUnit: g.GyrUnit[:0], Acc: g.Acc[:0], Gyr: g.Gyr[:0]}
}

const maxPayloadRate = 100000

// gaitdJSONTriples re-reads the acc and gyr triples of a message one by
// one (the slow path, taken only when "null" occurs in data or a value is
// of another type): g.Acc and g.Gyr get every triple, a bad one nil, and
// bad the error of each sample with a bad triple (nil for the others).
// It returns an error when acc or gyr is not an array.
func gaitdJSONTriples(g *gaitdJSON, data []byte) (bad []error, err error) {
	var v struct {
		Acc []json.RawMessage `json:"acc"`
		Gyr []json.RawMessage `json:"gyr"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	bad = make([]error, max(len(v.Acc), len(v.Gyr)))
	g.Acc, g.Gyr = g.Acc[:0], g.Gyr[:0]
	for _, k := range []struct {
		name string
		raw  []json.RawMessage
		out  *[][]float64
	}{{"acc", v.Acc, &g.Acc}, {"gyr", v.Gyr, &g.Gyr}} {
		for i, r := range k.raw {
			t, why := gaitdJSONTriple(r)
			if why != "" && bad[i] == nil {
				bad[i] = perr(PayloadGaitdJSON, fmt.Sprintf("%s[%d]%s", k.name, i, why[:strings.IndexByte(why, ':')]), "%s", why[strings.IndexByte(why, ':')+2:])
			}
			*k.out = append(*k.out, t)
		}
	}
	return bad, nil
}

// gaitdJSONTriple reads one triple, or says what is wrong with it: the
// place within it ("", "[1]") and the problem, separated by ": ".
func gaitdJSONTriple(r json.RawMessage) ([]float64, string) {
	var vs []json.RawMessage
	if json.Unmarshal(r, &vs) != nil || vs == nil {
		return nil, ": not an array of numbers"
	}
	t := make([]float64, len(vs))
	for j, x := range vs {
		var f jsonFloat
		f.UnmarshalJSON(x)
		switch {
		case f.null:
			return nil, fmt.Sprintf("[%d]: null (JSON.stringify writes NaN as null)", j)
		case len(x) > 0 && x[0] == '"':
			return nil, fmt.Sprintf("[%d]: string %s where a number expected", j, x)
		case !f.ok:
			return nil, fmt.Sprintf("[%d]: not a finite number", j)
		}
		t[j] = f.v
	}
	return t, ""
}

func decodeGaitdJSON(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadGaitdJSON
	g := &p.sc.g
	g.reset()
	var bad []error // per sample, on the slow path
	err := json.Unmarshal(data, g)
	// a message of more samples than the limit is refused below, whole:
	// its triples are not re-read one by one (an error made for each of
	// up to a MiB's worth of bad triples only to be dropped)
	tooMany := len(g.Acc) > opt.MaxSamples || len(g.Gyr) > opt.MaxSamples
	if err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			return jsonErr(F, err)
		}
		// a value of another type ("NaN", an object): the triples one by one
		if !tooMany {
			if bad, err = gaitdJSONTriples(g, data); err != nil {
				return jsonErr(F, err)
			}
		}
	} else if !tooMany && bytes.Contains(data, []byte("null")) {
		// encoding/json leaves a float64 unchanged for null: in the
		// reused triples that was an earlier message's value
		bad, _ = gaitdJSONTriples(g, data) // (decoded once already: cannot fail)
	}
	if err := setDevice(F, "device", p.sc, g.Device); err != nil {
		return err
	}
	switch {
	case g.T0.bad:
		return perr(F, "t0_ns", "not an integer (ns since the epoch)")
	case !g.T0.ok:
		return perr(F, "t0_ns", "missing")
	}
	rate, err := g.Rate.check(F, "rate_hz")
	if err != nil {
		return err
	}
	if !(rate > 0 && rate <= maxPayloadRate) {
		return perr(F, "rate_hz", "%g out of range (0, %d]", rate, maxPayloadRate)
	}
	ascale, ok := payloadAccScale(opt.AccUnit)
	if !ok {
		return punit(F, "", "unknown acceleration unit %q in options (want mps2, g or mg)", opt.AccUnit)
	}
	if len(g.Unit) > 0 {
		s, sok := rawString(g.Unit, nil)
		if ascale, ok = payloadAccScale(string(s)); !sok || !ok || len(s) == 0 {
			return punit(F, "unit", "unknown acceleration unit %s (want mps2, g or mg)", g.Unit)
		}
	}
	gscale, ok := payloadGyrScale(opt.GyrUnit)
	if !ok {
		return punit(F, "", "unknown gyro unit %q in options (want rads or dps)", opt.GyrUnit)
	}
	if len(g.GyrUnit) > 0 {
		s, sok := rawString(g.GyrUnit, nil)
		if gscale, ok = payloadGyrScale(string(s)); !sok || !ok || len(s) == 0 {
			return punit(F, "gyr_unit", "unknown gyro unit %s (want rads or dps)", g.GyrUnit)
		}
	}
	n := len(g.Acc)
	switch {
	case n == 0:
		return perr(F, "acc", "missing or empty")
	case n > opt.MaxSamples:
		return perr(F, "acc", "%d samples, more than the limit of %d", n, opt.MaxSamples)
	case len(g.Gyr) != 0 && len(g.Gyr) != n:
		return perr(F, "gyr", "%d triples for %d acc triples", len(g.Gyr), n)
	}
	hasGyr := len(g.Gyr) == n
	if g.Seq.bad {
		return perr(F, "seq", "not an integer")
	}
	if g.Seq.ok {
		p.Seq = g.Seq.v
	}
	p.T0 = g.T0.v
	p.Samples = growSamples(p.Samples, n)
	j := 0 // samples kept
	for i := range n {
		ns, ok := rateTime(g.T0.v, i, rate)
		if !ok {
			p.BadLines = p.BadLines[:0] // (the message's time base: refused whole)
			return perr(F, "t0_ns", "sample %d's time overflows int64", i)
		}
		if err := gaitdJSONSample(&p.Samples[j], g, i, hasGyr, ascale, gscale, bad); err != nil {
			// skipped, the others read (their times are their own)
			p.BadLines = append(p.BadLines, err)
			continue
		}
		if j == 0 {
			p.T0 = ns
		}
		p.Samples[j].T = secondsOf(ns, opt)
		j++
	}
	p.Samples = p.Samples[:j]
	if j == 0 {
		return noneReads(F, p) // (each sample named in BadLines, and counted)
	}
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{hasGyr, hasGyr, hasGyr}, Rate: rate}
	return nil
}

// gaitdJSONSample reads sample i of g into s (its time aside), or returns
// what is wrong with it: bad[i] from the slow path, a triple of other
// than 3 values, a value that overflows in m/s² or rad/s.
func gaitdJSONSample(s *Sample, g *gaitdJSON, i int, hasGyr bool, ascale, gscale float64, bad []error) error {
	const F = PayloadGaitdJSON
	if i < len(bad) && bad[i] != nil {
		return bad[i]
	}
	var err error
	if s.Acc, err = gaitdTriple("acc", i, g.Acc[i], ascale); err != nil {
		return err
	}
	s.Gyr = [3]float64{}
	if hasGyr {
		s.Gyr, err = gaitdTriple("gyr", i, g.Gyr[i], gscale)
	}
	return err
}

// gaitdTriple scales the triple v, element i of gaitd-json's array key,
// into SI units; an error when it holds other than 3 values or a value
// overflows.
func gaitdTriple(key string, i int, v []float64, scale float64) ([3]float64, error) {
	if len(v) != 3 {
		return [3]float64{}, perr(PayloadGaitdJSON, fmt.Sprintf("%s[%d]", key, i), "%d values, want 3", len(v))
	}
	x := [3]float64{v[0] * scale, v[1] * scale, v[2] * scale}
	if !finite3(x) {
		return x, perr(PayloadGaitdJSON, fmt.Sprintf("%s[%d]", key, i), "value overflows")
	}
	return x, nil
}

// rateTime returns t0 + round(i·1e9/rate) ns, false on overflow.
func rateTime(t0 int64, i int, rate float64) (int64, bool) {
	d := math.Round(float64(i) * 1e9 / rate)
	if d > math.MaxInt64/2 {
		return 0, false
	}
	off := int64(d)
	if t0 > math.MaxInt64-off {
		return 0, false
	}
	return t0 + off, true
}

// grow returns s with length n, reusing its backing array when it can.
func growSamples(s []Sample, n int) []Sample {
	if cap(s) < n {
		return make([]Sample, n, n+n/4)
	}
	return s[:n]
}

// single-json: one sample per message, the ad-hoc ESP32 form of
// protocols.md §11:
//
//	{"ts":123456,"ax":0.01,"ay":0.02,"az":0.98,"gx":0.1,"gy":0,"gz":0}
//
// ax, ay, az are required, gx, gy, gz optional (all three or none). "ts"
// (or "t", or "t0") is in PayloadOptions.TimeUnit, or by magnitude when
// that is "": a fraction means seconds (under 1e11: a larger one, epoch ms
// as a float, takes the integers' rule); integers with ≥ 18 digits are ns,
// ≥ 15 µs, ≥ 12 ms (epoch ms), ≥ 10 s (epoch s) and shorter ones ms
// (millis() since boot) — seconds for a device whose earlier times had a
// fraction (PayloadOptions.SecondsTime: {"t":1} after {"t":0.99}). Without a time, PayloadOptions.Now is used, else
// it is an error. Units come from "unit"/"gyr_unit" when present, else
// from PayloadOptions. "device" and "seq" are optional.
//
// The batched form the same section gives for a device at 100 Hz behind a
// small MQTT buffer (PubSubClient's 256 bytes) has arrays instead, one per
// axis, of equal length, and the sample spacing as "dt_ms" (ms) or
// "rate_hz"; the time (here usually "t0") is the first sample's:
//
//	{"t0":123456,"dt_ms":10,"ax":[0.01,0.02],"ay":[0.02,0.01],"az":[0.98,0.99]}
//
// Sample i is at t0 + round(i·dt). A sample with a value that is not a
// finite number (a null element: JSON.stringify's NaN; a string), or that
// overflows in its unit's m/s² or rad/s — or, an acceleration without a
// unit from the message, in g, a unit PayloadUnits may decide for it
// (5e307) — is skipped and named in
// Payload.BadLines ("ax[4]: null …"), the other
// samples read at their own times; a message none of whose samples reads
// is an error, BadLines naming each. Arrays of other lengths, and a
// single sample's bad value, refuse the message.
type singleJSON struct {
	Device  json.RawMessage `json:"device"`
	TS      jsonLit         `json:"ts"`
	T       jsonLit         `json:"t"`
	T0      jsonLit         `json:"t0"`
	DtMs    jsonFloat       `json:"dt_ms"`
	RateHz  jsonFloat       `json:"rate_hz"`
	Seq     jsonInt         `json:"seq"`
	Unit    json.RawMessage `json:"unit"`
	GyrUnit json.RawMessage `json:"gyr_unit"`
	Ax      jsonNums        `json:"ax"`
	Ay      jsonNums        `json:"ay"`
	Az      jsonNums        `json:"az"`
	Gx      jsonNums        `json:"gx"`
	Gy      jsonNums        `json:"gy"`
	Gz      jsonNums        `json:"gz"`
}

func decodeSingleJSON(p *Payload, data []byte, opt *PayloadOptions) error {
	const F = PayloadSingleJSON
	o := &p.sc.one
	*o = singleJSON{Device: o.Device[:0], TS: jsonLit{b: o.TS.b[:0]}, T: jsonLit{b: o.T.b[:0]}, T0: jsonLit{b: o.T0.b[:0]},
		Unit: o.Unit[:0], GyrUnit: o.GyrUnit[:0],
		Ax: jsonNums{v: o.Ax.v[:0], holes: o.Ax.holes[:0]}, Ay: jsonNums{v: o.Ay.v[:0], holes: o.Ay.holes[:0]}, Az: jsonNums{v: o.Az.v[:0], holes: o.Az.holes[:0]},
		Gx: jsonNums{v: o.Gx.v[:0], holes: o.Gx.holes[:0]}, Gy: jsonNums{v: o.Gy.v[:0], holes: o.Gy.holes[:0]}, Gz: jsonNums{v: o.Gz.v[:0], holes: o.Gz.holes[:0]}}
	if err := json.Unmarshal(data, o); err != nil {
		return jsonErr(F, err)
	}
	if err := setDevice(F, "device", p.sc, o.Device); err != nil {
		return err
	}
	ascale, gscale, err := optScales(F, opt)
	if err != nil {
		return err
	}
	if len(o.Unit) > 0 {
		s, sok := rawString(o.Unit, nil)
		var ok bool
		if ascale, ok = payloadAccScale(string(s)); !sok || !ok || len(s) == 0 {
			return punit(F, "unit", "unknown acceleration unit %s (want mps2, g or mg)", o.Unit)
		}
		p.AccGiven, p.accOpt = true, false
	}
	if len(o.GyrUnit) > 0 {
		s, sok := rawString(o.GyrUnit, nil)
		var ok bool
		if gscale, ok = payloadGyrScale(string(s)); !sok || !ok || len(s) == 0 {
			return punit(F, "gyr_unit", "unknown gyro unit %s (want rads or dps)", o.GyrUnit)
		}
		p.GyrGiven, p.gyrOpt = true, false
	}
	p.accScale, p.gyrScale = ascale, gscale
	ts, key := o.TS, "ts"
	if !ts.ok && !ts.bad {
		ts, key = o.T, "t"
	}
	if !ts.ok && !ts.bad {
		ts, key = o.T0, "t0"
	}
	var ns int64
	switch {
	case ts.bad:
		return perr(F, key, "not a number")
	case ts.ok:
		per, ok := nsPerUnit(opt.TimeUnit)
		if opt.TimeUnit == "" {
			per, p.SecondsTime = magnitudeSeconds(ts.b, opt.SecondsTime)
			ok = true
		}
		if !ok {
			return perr(F, "", "unknown time unit %q in options (want s, ms, us or ns)", opt.TimeUnit)
		}
		if ns, ok = literalNS(ts.b, per); !ok {
			return perr(F, key, "time %s out of range", ts.b)
		}
	case opt.Now != 0:
		ns = opt.Now
	default:
		return perr(F, "ts", "missing (and no receive time in PayloadOptions.Now)")
	}
	acc := [3]*jsonNums{&o.Ax, &o.Ay, &o.Az}
	gyr := [3]*jsonNums{&o.Gx, &o.Gy, &o.Gz}
	nGyr := 0
	for _, f := range gyr {
		if f.ok || f.bad {
			nGyr++
		}
	}
	for i, f := range acc {
		if f.bad {
			return perr(F, accKeys[i], "not a finite number")
		} else if !f.ok {
			return perr(F, accKeys[i], "missing")
		}
	}
	// one sample, or arrays of n
	n, batch := 1, false
	for i, f := range acc {
		if f.arr {
			if !batch && i > 0 {
				return perr(F, accKeys[i], "an array where %s is a number", accKeys[0])
			}
			if batch && len(f.v) != n {
				return perr(F, accKeys[i], "%d values, want %d as %s", len(f.v), n, accKeys[0])
			}
			n, batch = len(f.v), true
		} else if batch {
			return perr(F, accKeys[i], "a number where %s is an array", accKeys[0])
		}
	}
	if nGyr != 0 {
		for i, f := range gyr {
			switch {
			case f.bad:
				return perr(F, gyrKeys[i], "not a finite number")
			case !f.ok:
				return perr(F, gyrKeys[i], "missing")
			case f.arr != batch:
				return perr(F, gyrKeys[i], "an array and a number mixed with %s", accKeys[0])
			case batch && len(f.v) != n:
				return perr(F, gyrKeys[i], "%d values, want %d as %s", len(f.v), n, accKeys[0])
			}
		}
	}
	if o.Seq.bad {
		return perr(F, "seq", "not an integer")
	}
	if o.Seq.ok {
		p.Seq = o.Seq.v
	}
	rate := 0.0
	if batch {
		switch {
		case n == 0:
			return perr(F, accKeys[0], "no samples")
		case n > opt.MaxSamples:
			return perr(F, accKeys[0], "%d samples, over the limit of %d", n, opt.MaxSamples)
		case o.DtMs.bad || (o.DtMs.ok && !(o.DtMs.v > 0)):
			return perr(F, "dt_ms", "want a positive number of ms")
		case o.RateHz.bad || (o.RateHz.ok && !(o.RateHz.v > 0)):
			return perr(F, "rate_hz", "want a positive rate")
		case o.DtMs.ok && o.RateHz.ok:
			return perr(F, "dt_ms", "and rate_hz both given: give one")
		case o.DtMs.ok:
			rate = 1000 / o.DtMs.v
		case o.RateHz.ok:
			rate = o.RateHz.v
		case n > 1:
			return perr(F, "dt_ms", "missing: a batch needs its sample spacing (dt_ms, or rate_hz)")
		}
		if rate > maxPayloadRate {
			k := "rate_hz"
			if o.DtMs.ok {
				k = "dt_ms"
			}
			return perr(F, k, "a rate of %.4g Hz, out of range (0, %d]", rate, maxPayloadRate)
		}
	}
	p.T0 = ns
	p.Samples = growSamples(p.Samples, n)
	// an acceleration whose unit the message does not give may be read
	// in g yet (PayloadUnits)
	undecided := !p.AccGiven || p.accOpt
	holes := false
	for k := range 3 {
		holes = holes || len(acc[k].holes) > 0 || len(gyr[k].holes) > 0
	}
	j := 0 // samples kept
	for i := range n {
		if holes {
			if where, why := singleJSONHole(acc, gyr, nGyr != 0, i); why != "" {
				// skipped, the others read (their times are their own)
				p.BadLines = append(p.BadLines, perr(F, where, "%s", why))
				continue
			}
		}
		s := &p.Samples[j]
		*s = Sample{}
		var raw [3]float64 // the acceleration as sent
		for k, f := range acc {
			v := f.one.v
			if batch {
				v = f.v[i]
			}
			raw[k] = v
			s.Acc[k] = v * ascale
		}
		if nGyr != 0 {
			for k, f := range gyr {
				v := f.one.v
				if batch {
					v = f.v[i]
				}
				s.Gyr[k] = v * gscale
			}
		}
		var where, why string
		switch {
		case !finite3(s.Acc) || !finite3(s.Gyr):
			where, why = overflowAt(s, i, batch), "value overflows"
		case undecided && !finite3(scaled(raw, G0)):
			// finite in m/s², but not in g, a unit PayloadUnits may
			// decide for it: delivered +Inf then, uncounted
			k := 0
			for finite(raw[k] * G0) {
				k++
			}
			where = overflowAt(&Sample{Acc: scaled(raw, G0)}, i, batch)
			why = fmt.Sprintf("value %g overflows in m/s² if read in g (%s)", raw[k], undecidedWhy(p.accOpt))
		}
		if why != "" {
			if batch {
				// a value finite as sent that overflows in m/s² or
				// rad/s (1e308 in g): skipped as gaitd-json's is, the
				// others read
				p.BadLines = append(p.BadLines, perr(F, where, "%s", why))
				continue
			}
			return perr(F, where, "%s", why)
		}
		t := ns
		if i > 0 {
			var ok bool
			if t, ok = rateTime(ns, i, rate); !ok {
				p.BadLines = p.BadLines[:0]
				return perr(F, key, "sample %d's time overflows int64", i)
			}
		}
		if j == 0 {
			p.T0 = t
		}
		s.T = secondsOf(t, opt)
		j++
	}
	p.Samples = p.Samples[:j]
	if j == 0 {
		return noneReads(F, p) // (each sample named in BadLines, and counted)
	}
	g := nGyr != 0
	p.Layout = Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{g, g, g}, Rate: rate}
	return nil
}

// singleJSONHole names the first value of sample i of a single-json batch
// that is no finite number, and what it is ("" when none).
func singleJSONHole(acc, gyr [3]*jsonNums, hasGyr bool, i int) (where, why string) {
	for k, f := range acc {
		if why = f.why(i); why != "" {
			return fmt.Sprintf("%s[%d]", accKeys[k], i), why
		}
	}
	if hasGyr {
		for k, f := range gyr {
			if why = f.why(i); why != "" {
				return fmt.Sprintf("%s[%d]", gyrKeys[k], i), why
			}
		}
	}
	return "", ""
}

// overflowAt names the first value of a single-json sample s (the i-th of
// a batch) that is not finite, its unit scale applied: its key, and its
// index in a batch.
func overflowAt(s *Sample, i int, batch bool) string {
	key := ""
	for k := 2; k >= 0; k-- {
		if !finite(s.Gyr[k]) {
			key = gyrKeys[k]
		}
	}
	for k := 2; k >= 0; k-- {
		if !finite(s.Acc[k]) {
			key = accKeys[k]
		}
	}
	if batch {
		return fmt.Sprintf("%s[%d]", key, i)
	}
	return key
}

// undecidedWhy says why an acceleration the message gives no unit for may
// be read in g (PayloadUnits): decided from gravity, or, in the options'
// unit (opt), one an earlier csv header or single-json "unit" of the
// device gave is used over it.
func undecidedWhy(opt bool) string {
	if opt {
		return "its unit, the options', gives way to one an earlier message of the device gave"
	}
	return "its unit is decided from gravity"
}

// scaled is v times f.
func scaled(v [3]float64, f float64) [3]float64 { return [3]float64{v[0] * f, v[1] * f, v[2] * f} }

var (
	accKeys = [3]string{"ax", "ay", "az"}
	gyrKeys = [3]string{"gx", "gy", "gz"}
)
