package sensor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// slT0 is the time of the first sample of the Sensor Logger messages of
// TestSensorLoggerBadEntry.
const slT0 = int64(1698501144401773000)

func slTime(i int) int64 { return slT0 + int64(i)*10_000_000 }

// slGood is the entry of sample i of sensor name (x = i).
func slGood(name string, i int) string {
	return fmt.Sprintf(`{"name":%q,"time":%d,"values":{"x":%d,"y":9.8,"z":0.5}}`, name, slTime(i), i)
}

// slBadEntries are entries a Sensor Logger message can hold in place of
// sample i's, each bad in one way, and what their error says after
// "payload[k]".
var slBadEntries = []struct {
	name string
	elem func(i int) string
	want string
}{
	{"null entry", func(int) string { return `null` }, `: null or no "name"`},
	{"no name", func(i int) string { return fmt.Sprintf(`{"time":%d,"values":{"x":1,"y":2,"z":3}}`, slTime(i)) }, `: null or no "name"`},
	{"null value", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":null,"y":9.8,"z":0.5}}`, slTime(i))
	}, ".values.x: null (JSON.stringify writes NaN as null)"},
	{"NaN string", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":0,"y":"NaN","z":0.5}}`, slTime(i))
	}, ".values.y: not a finite number"},
	{"Inf", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":0,"y":9.8,"z":1e999}}`, slTime(i))
	}, ".values.z: not a finite number"},
	{"missing axis", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":0,"y":9.8}}`, slTime(i))
	}, `.values: missing "z"`},
	{"values null", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":null}`, slTime(i))
	}, ".values: missing or null"},
	{"missing time", func(int) string { return `{"name":"totalacceleration","values":{"x":0,"y":9.8,"z":0.5}}` }, ".time: missing"},
	{"bad time", func(int) string {
		return `{"name":"totalacceleration","time":"soon","values":{"x":0,"y":9.8,"z":0.5}}`
	}, ".time: not an integer"},
	{"float time", func(int) string {
		return `{"name":"totalacceleration","time":1.6985011444017731e18,"values":{"x":0,"y":9.8,"z":0.5}}`
	}, ".time: not an integer"},
	{"entry a string", func(int) string { return `"totalacceleration"` }, ": string where an object expected"},
	{"entry an array", func(i int) string { return fmt.Sprintf(`[%d,0,9.8,0]`, slTime(i)) }, ": array where an object expected"},
	{"values a string", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":"0,9.8,0.5"}`, slTime(i))
	}, ".values: string where an object expected"},
	{"values an array", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":[0,9.8,0.5]}`, slTime(i))
	}, ".values: array where an object expected"},
	{"value an object", func(i int) string {
		return fmt.Sprintf(`{"name":"totalacceleration","time":%d,"values":{"x":{},"y":9.8,"z":0.5}}`, slTime(i))
	}, ".values.x: not a finite number"},
}

// TestSensorLoggerBadEntry: one bad entry in a Sensor Logger batch of 5
// samples, at its start, middle or end, is skipped and named in BadLines
// (one error, "sensorlogger: payload[k]…: what"); the message's 4 other
// samples are decoded, in order. Before, the whole message was refused:
// its good samples lost, one decode error counted for them all.
func TestSensorLoggerBadEntry(t *testing.T) {
	const n = 5
	var p Payload // reused across the cases, as serve does
	for _, b := range slBadEntries {
		for _, at := range []int{0, n / 2, n - 1} {
			t.Run(fmt.Sprintf("%s at %d", b.name, at), func(t *testing.T) {
				elems := make([]string, n)
				for i := range elems {
					elems[i] = slGood("totalacceleration", i)
				}
				elems[at] = b.elem(at)
				msg := `{"messageId":7,"deviceId":"phone","payload":[` + strings.Join(elems, ",") + `]}`
				if err := DecodePayload(&p, "topic", []byte(msg), PayloadOptions{}); err != nil {
					t.Fatalf("message refused: %v", err)
				}
				var xs, want []float64
				for _, s := range p.Samples {
					xs = append(xs, s.Acc[0])
				}
				for i := range n {
					if i != at {
						want = append(want, float64(i))
					}
				}
				if fmt.Sprint(xs) != fmt.Sprint(want) {
					t.Errorf("samples x %v, want %v", xs, want)
				}
				if first := int(want[0]); p.Device != "phone" || p.Seq != 7 || p.T0 != slTime(first) {
					t.Errorf("device %q seq %d T0 %d, want phone 7 %d", p.Device, p.Seq, p.T0, slTime(first))
				}
				if len(p.BadLines) != 1 {
					t.Fatalf("BadLines %q, want 1", p.BadLines)
				}
				wantErr := fmt.Sprintf("sensorlogger: payload[%d]%s", at, b.want)
				if err := p.BadLines[0]; !strings.HasPrefix(err.Error(), wantErr) || !errors.Is(err, ErrPayloadFormat) {
					t.Errorf("BadLines[0] %q, want %q… wrapping ErrPayloadFormat", err, wantErr)
				}
			})
		}
	}
}

// TestSensorLoggerBadEntryOthers: a bad gyroscope or gravity entry is
// skipped and counted, every acceleration sample kept (with the nearest
// good rate or gravity); a bad entry of a sensor the message does not read
// (orientation, accelerometer beside totalacceleration) is ignored as
// before, uncounted; several bad entries are each named.
func TestSensorLoggerBadEntryOthers(t *testing.T) {
	join := func(es ...string) string { return `{"payload":[` + strings.Join(es, ",") + `]}` }
	badValues := func(name string, i int) string {
		return fmt.Sprintf(`{"name":%q,"time":%d,"values":{"x":null,"y":0,"z":0}}`, name, slTime(i))
	}
	tests := []struct {
		name string
		msg  string
		xs   string   // the samples' Acc[0]
		gyr  string   // their Gyr[0]
		bad  []string // BadLines
	}{
		{"bad gyroscope", join(slGood("totalacceleration", 0), slGood("gyroscope", 0), slGood("totalacceleration", 1), badValues("gyroscope", 1), slGood("totalacceleration", 2), slGood("gyroscope", 2)),
			"[0 1 2]", "[0 2 2]", []string{"sensorlogger: payload[3].values.x: null"}}, // (a tie takes the later)
		{"bad gravity", join(slGood("accelerometer", 0), slGood("gravity", 0), slGood("accelerometer", 1), badValues("gravity", 1), slGood("accelerometer", 2), slGood("gravity", 2)),
			"[0 3 4]", "[0 0 0]", []string{"sensorlogger: payload[3].values.x: null"}}, // (1 + gravity 2)
		{"bad orientation", join(slGood("totalacceleration", 0), `{"name":"orientation","values":"?"}`, slGood("totalacceleration", 1), badValues("orientation", 1)),
			"[0 1]", "[0 0]", nil},
		{"bad accelerometer beside totalacceleration", join(slGood("totalacceleration", 0), badValues("accelerometer", 0), `{"name":"accelerometer","values":7}`, slGood("totalacceleration", 1)),
			"[0 1]", "[0 0]", nil},
		{"three bad", join(`null`, slGood("totalacceleration", 0), `7`, slGood("totalacceleration", 1), badValues("totalacceleration", 2), slGood("totalacceleration", 3)),
			"[0 1 3]", "[0 0 0]", []string{`sensorlogger: payload[0]: null or no "name"`, "sensorlogger: payload[2]: number where an object expected", "sensorlogger: payload[4].values.x: null"}},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := DecodePayload(&p, "topic", []byte(tc.msg), PayloadOptions{}); err != nil {
				t.Fatalf("message refused: %v", err)
			}
			var xs, gs []float64
			for _, s := range p.Samples {
				xs = append(xs, s.Acc[0])
				gs = append(gs, s.Gyr[0])
			}
			if fmt.Sprint(xs) != tc.xs || (strings.Contains(tc.msg, "gyroscope") && fmt.Sprint(gs) != tc.gyr) {
				t.Errorf("samples x %v gyr x %v, want %s %s", xs, gs, tc.xs, tc.gyr)
			}
			if len(p.BadLines) != len(tc.bad) {
				t.Fatalf("BadLines %q, want %q", p.BadLines, tc.bad)
			}
			for i, w := range tc.bad {
				if !strings.HasPrefix(p.BadLines[i].Error(), w) {
					t.Errorf("BadLines[%d] %q, want %q…", i, p.BadLines[i], w)
				}
			}
		})
	}
}

// TestSensorLoggerAllBad: a message none of whose acceleration entries
// reads is refused, each entry named in BadLines (serve counts each, as a
// csv message's lines); one refused for another reason (no gravity) is one
// error, its bad entries said in it, BadLines empty; a message that is no
// Sensor Logger message at all is refused as before.
func TestSensorLoggerAllBad(t *testing.T) {
	var p Payload
	msg := `{"payload":[null,{"name":"totalacceleration","time":1,"values":{"x":"NaN","y":0,"z":0}},` + slGood("gyroscope", 0) + `]}`
	err := DecodePayload(&p, "topic", []byte(msg), PayloadOptions{})
	want := `sensorlogger: payload[1].values.x: not a finite number; the message's only totalacceleration entry, so no sample (a sample is an acceleration entry, with the nearest gyroscope entry's rate): its gyroscope entry, which reads, is lost with it (and 1 more)`
	if err == nil || err.Error() != want || len(p.BadLines) != 2 || len(p.Samples) != 0 {
		t.Errorf("error %v, BadLines %q, %d samples; want %q, 2, 0", err, p.BadLines, len(p.Samples), want)
	}
	msg = `{"payload":[` + slGood("accelerometer", 0) + `,` + badValues0("gravity") + `]}`
	err = DecodePayload(&p, "topic", []byte(msg), PayloadOptions{})
	if err == nil || !errors.Is(err, ErrNoGravity) || !strings.Contains(err.Error(), "1 bad entries skipped, the first payload[1].values.x: null") || len(p.BadLines) != 0 {
		t.Errorf("error %v, BadLines %q; want ErrNoGravity naming payload[1], none", err, p.BadLines)
	}
	for _, m := range []string{`{"payload":"x"}`, `{"payload":[1,2`, `{"payload":[]}`} {
		if err := DecodePayload(&p, "topic", []byte(m), PayloadOptions{Format: PayloadSensorLogger}); err == nil || len(p.BadLines) != 0 {
			t.Errorf("%s: error %v, BadLines %q; want an error, none", m, err, p.BadLines)
		}
	}
}

func badValues0(name string) string {
	return fmt.Sprintf(`{"name":%q,"time":%d,"values":{"x":null,"y":0,"z":0}}`, name, slTime(0))
}

// partialCase is one bad sample kind of a format: the message of n
// samples (x = i, 10 ms apart from partialT0) with sample at bad, and what
// its BadLines error says.
type partialCase struct {
	name string
	msg  func(n, at int) []byte
	want func(at int) string
}

const partialT0 = int64(1700000000000000000)

// checkPartial decodes each case's message with the bad sample at the
// start, middle and end of 5: the other 4 samples decoded in order at
// their own times, one BadLines error naming the sample; before, the
// message was refused (all 5 lost, one error).
func checkPartial(t *testing.T, cases []partialCase) { t.Helper(); checkPartialErrs(t, cases, nil) }

// checkPartialErrs is checkPartial with errs[name] errors in BadLines
// for the cases it names (1 for the others), the first the case's.
func checkPartialErrs(t *testing.T, cases []partialCase, errs map[string]int) {
	t.Helper()
	const n = 5
	var p Payload
	for _, c := range cases {
		for _, at := range []int{0, n / 2, n - 1} {
			t.Run(fmt.Sprintf("%s at %d", c.name, at), func(t *testing.T) {
				if err := DecodePayload(&p, "topic", c.msg(n, at), PayloadOptions{Epoch: partialT0}); err != nil {
					t.Fatalf("message refused: %v", err)
				}
				var got, want []string
				for _, s := range p.Samples {
					got = append(got, fmt.Sprintf("%g@%.2f", s.Acc[0], s.T))
				}
				for i := range n {
					if i != at {
						want = append(want, fmt.Sprintf("%d@%.2f", i, float64(i)/100))
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("samples %v, want %v", got, want)
				}
				first := int64(0)
				if at == 0 {
					first = 1
				}
				if p.T0 != partialT0+first*10_000_000 {
					t.Errorf("T0 %d, want the first sample's, %d", p.T0, partialT0+first*10_000_000)
				}
				w := c.want(at)
				if errs := max(errs[c.name], 1); len(p.BadLines) != errs {
					t.Fatalf("BadLines %q, want %d, the first %q…", p.BadLines, errs, w)
				}
				if !strings.HasPrefix(p.BadLines[0].Error(), w) || !errors.Is(p.BadLines[0], ErrPayloadFormat) {
					t.Fatalf("BadLines %q, want one %q… wrapping ErrPayloadFormat", p.BadLines, w)
				}
			})
		}
	}
}

// TestGaitdJSONBadSample: a gaitd-json batch's sample whose acc or gyr
// triple holds a null, a string, an infinite value, two values or another
// type is skipped and named ("acc[2][0]: null"), the others read.
func TestGaitdJSONBadSample(t *testing.T) {
	msg := func(acc, gyr string) func(n, at int) []byte {
		return func(n, at int) []byte {
			var a, g []string
			for i := range n {
				a = append(a, fmt.Sprintf("[%d,9.8,0]", i))
				g = append(g, "[0.1,0.2,0.3]")
			}
			if acc != "" {
				a[at] = acc
			}
			if gyr != "" {
				g[at] = gyr
			}
			return fmt.Appendf(nil, `{"device":"d","t0_ns":%d,"rate_hz":100,"acc":[%s],"gyr":[%s]}`, partialT0, strings.Join(a, ","), strings.Join(g, ","))
		}
	}
	at := func(f string) func(int) string {
		return func(i int) string { return fmt.Sprintf("gaitd-json: "+f, i) }
	}
	checkPartial(t, []partialCase{
		{"acc null", msg("[null,9.8,0]", ""), at("acc[%d][0]: null (JSON.stringify writes NaN as null)")},
		{"gyr null", msg("", "[0.1,null,0.3]"), at("gyr[%d][1]: null")},
		{"acc NaN string", msg(`[0,"NaN",0]`, ""), at(`acc[%d][1]: string "NaN" where a number expected`)},
		{"acc Inf", msg("[0,9.8,1e999]", ""), at("acc[%d][2]: not a finite number")},
		{"acc missing axis", msg("[0,9.8]", ""), at("acc[%d]: 2 values, want 3")},
		{"acc triple a string", msg(`"0,9.8,0"`, ""), at("acc[%d]: not an array of numbers")},
		{"acc triple an object", msg(`{"x":0,"y":9.8,"z":0}`, ""), at("acc[%d]: not an array of numbers")},
		{"acc value true", msg("[0,true,0]", ""), at("acc[%d][1]: not a finite number")},
		{"acc value an object", msg(`[0,{},0]`, ""), at("acc[%d][1]: not a finite number")},
	})
}

// TestSingleJSONBadSample: a sample of a batched single-json message with
// a value that is null, a string, infinite or of another type is skipped
// and named ("ax[2]: null"), the others read.
func TestSingleJSONBadSample(t *testing.T) {
	msg := func(key, bad string) func(n, at int) []byte {
		return func(n, at int) []byte {
			vals := map[string][]string{}
			for _, k := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				for i := range n {
					v := "0.5"
					if k == "ax" {
						v = fmt.Sprint(i)
					}
					vals[k] = append(vals[k], v)
				}
			}
			vals[key][at] = bad
			var b strings.Builder
			fmt.Fprintf(&b, `{"device":"d","t0":%d,"dt_ms":10`, partialT0)
			for _, k := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				fmt.Fprintf(&b, `,%q:[%s]`, k, strings.Join(vals[k], ","))
			}
			b.WriteString("}")
			return []byte(b.String())
		}
	}
	at := func(f string) func(int) string {
		return func(i int) string { return fmt.Sprintf("single-json: "+f, i) }
	}
	checkPartial(t, []partialCase{
		{"ax null", msg("ax", "null"), at("ax[%d]: null (JSON.stringify writes NaN as null)")},
		{"gz null", msg("gz", "null"), at("gz[%d]: null")},
		{"ay NaN string", msg("ay", `"NaN"`), at("ay[%d]: not a finite number")},
		{"az Inf", msg("az", "1e999"), at("az[%d]: not a finite number")},
		{"gx a string with a comma", msg("gx", `"1,]"`), at("gx[%d]: not a finite number")},
		{"ay an array", msg("ay", "[1,2]"), at("ay[%d]: not a finite number")},
		{"ay an object", msg("ay", `{"v":[1,2]}`), at("ay[%d]: not a finite number")},
		{"az true", msg("az", "true"), at("az[%d]: not a finite number")},
	})
}

// TestBinaryBadSample: a float32 gaitd-binary record with a NaN or an
// infinite value is skipped and named ("byte 45: sample 2: NaN or Inf"),
// the others read.
func TestBinaryBadSample(t *testing.T) {
	msg := func(gyr bool, v float64) func(n, at int) []byte {
		return func(n, at int) []byte {
			ss := make([]Sample, n)
			for i := range ss {
				ss[i] = Sample{Acc: [3]float64{float64(i), 9.8, 0}, Gyr: [3]float64{0.1, 0.2, 0.3}}
			}
			if gyr {
				ss[at].Gyr[1] = v
			} else {
				ss[at].Acc[2] = v
			}
			b, err := AppendBinaryPayload(nil, BinaryPayloadHeader{Device: "d", T0: partialT0, Rate: 100, Gyro: true, Float32: true}, ss)
			if err != nil {
				// (the encoder refuses NaN: write it in place)
				ss[at].Acc[2], ss[at].Gyr[1] = 0, 0
				if b, err = AppendBinaryPayload(nil, BinaryPayloadHeader{Device: "d", T0: partialT0, Rate: 100, Gyro: true, Float32: true}, ss); err != nil {
					t.Fatal(err)
				}
				off := len(b) - (n-at)*24 + 8
				if gyr {
					off = len(b) - (n-at)*24 + 16
				}
				binary.LittleEndian.PutUint32(b[off:], math.Float32bits(float32(v)))
			}
			return b
		}
	}
	at := func(i int) string {
		return fmt.Sprintf("gaitd-binary: byte %d: sample %d: NaN or Inf", 26+24*i, i) // (a 26-byte header, seq included)
	}
	checkPartial(t, []partialCase{
		{"acc NaN", msg(false, math.NaN()), at},
		{"acc Inf", msg(false, math.Inf(1)), at},
		{"gyr -Inf", msg(true, math.Inf(-1)), at},
	})
}

// TestSenMLBadSample: a SenML record of a sample with a value null, a
// string or infinite, or a time that does not read, or of another type, and
// a sample missing a channel or with one twice, are skipped and named (a
// bad record by its index, "[14].v: null"; a sample by its first record's),
// the other samples read. A record whose time does not read cannot be
// told from its sample: both are named (2 errors).
func TestSenMLBadSample(t *testing.T) {
	chans := []string{"ax", "ay", "az", "gx", "gy", "gz"}
	msg := func(ch, rec string) func(n, at int) []byte {
		return func(n, at int) []byte {
			var rs []string
			for i := range n {
				for k, c := range chans {
					v := "0.5"
					if c == "ax" {
						v = fmt.Sprint(i)
					}
					r := fmt.Sprintf(`{"n":%q,"u":"m/s2","t":%.2f,"v":%s}`, c, float64(i)/100, v)
					if k >= 3 {
						r = fmt.Sprintf(`{"n":%q,"u":"rad/s","t":%.2f,"v":%s}`, c, float64(i)/100, v)
					}
					if i == at && c == ch {
						r = fmt.Sprintf(rec, float64(i)/100)
					}
					if i == 0 && k == 0 {
						r = `{"bn":"urn:dev:d:","bt":1700000000,` + r[1:]
					}
					rs = append(rs, r)
				}
			}
			return []byte("[" + strings.Join(rs, ",") + "]")
		}
	}
	rec := func(off int, f string) func(int) string {
		return func(i int) string { return fmt.Sprintf("senml: [%d]"+f, 6*i+off) }
	}
	checkPartialErrs(t, []partialCase{
		{"v null", msg("az", `{"n":"az","t":%.2f,"v":null}`), rec(2, ".v: null (JSON.stringify writes NaN as null)")},
		{"v NaN string", msg("gy", `{"n":"gy","t":%.2f,"v":"NaN"}`), rec(4, ".v: not a finite number")},
		{"v Inf", msg("ay", `{"n":"ay","t":%.2f,"v":1e999}`), rec(1, ".v: not a finite number")},
		{"v missing", msg("gz", `{"n":"gz","t":%.2f}`), rec(5, ".v: missing")},
		{"az missing", msg("az", `{"n":"temp","t":%.2f,"v":21}`), rec(0, ": no az at time")},
		{"ay twice", msg("ay", `{"n":"ay","t":%.2f,"v":1},{"n":"ay","t":%.2[1]f,"v":2}`), rec(2, ": second value of ay at the same time")},
		{"t not a number", msg("ay", `{"n":"ay","t":"soon%.2f","v":1}`), rec(1, ".t: not a number")},
		{"record a string", msg("ay", `"ay %.2f"`), rec(1, ": string where an object expected")},
		{"n a number", msg("ay", `{"n":7,"t":%.2f,"v":1}`), rec(1, ".n: not a string")},
	}, nil)
}
