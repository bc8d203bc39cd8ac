package sensor

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// senmlMsg is a SenML message of n samples 10 ms apart from 1700000000 s
// (ax = i, the other channels 0.5), with the records repl names replaced
// ("1.ay": sample 1's ay record; "" drops it) and extra records appended.
func senmlMsg(n int, repl map[string]string, extra ...string) []byte {
	var rs []string
	for i := range n {
		for k, c := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
			v := "0.5"
			if c == "ax" {
				v = fmt.Sprint(i)
			}
			r := fmt.Sprintf(`{"n":%q,"t":%g,"v":%s}`, c, float64(i)/100, v)
			if i == 0 && k == 0 {
				r = `{"bn":"urn:dev:d:","bt":1700000000,` + r[1:]
			}
			if x, ok := repl[fmt.Sprintf("%d.%s", i, c)]; ok {
				r = x
			}
			if r != "" {
				rs = append(rs, r)
			}
		}
	}
	return []byte("[" + strings.Join(append(rs, extra...), ",") + "]")
}

// TestSenMLBadTimeCountedOnce: a SenML record whose time does not read
// (or that is no object, or whose name is no string) and the sample it
// leaves without its channel are one bad element: one error naming the
// record, its problem and the sample skipped for it. Before, each was two
// errors ("[13].t: not a number" and "[12]: no ay at time …"), counted
// twice in gaitd_decode_errors_total for one bad record.
func TestSenMLBadTimeCountedOnce(t *testing.T) {
	tests := []struct {
		name  string
		msg   []byte
		xs    string   // the samples' ax
		wants []string // BadLines, exactly
	}{
		{"t a string", senmlMsg(3, map[string]string{"1.ay": `{"n":"ay","t":"soon","v":0.5}`}), "[0 2]",
			[]string{"senml: [7].t: not a number, so the sample at time 1700000000.010000000 s lacks ay and is skipped"}},
		{"t out of range", senmlMsg(3, map[string]string{"2.az": `{"n":"az","t":1e400,"v":0.5}`}), "[0 1]",
			[]string{"senml: [14].t: time 1e400 out of range, so the sample at time 1700000000.020000000 s lacks az and is skipped"}},
		{"gyro t", senmlMsg(3, map[string]string{"0.gz": `{"n":"gz","t":null,"v":0.5}`, "0.gx": `{"n":"gx","t":{},"v":0.5}`}), "[1 2]",
			[]string{"senml: [3].t: not a number, so the sample at time 1700000000.000000000 s lacks gx and is skipped"}},
		{"record a string", senmlMsg(3, map[string]string{"1.gy": `"gy"`}), "[0 2]",
			[]string{"senml: [10]: string where an object expected, so the sample at time 1700000000.010000000 s lacks gy and is skipped"}},
		{"n a number", senmlMsg(3, map[string]string{"1.ax": `{"n":7,"t":0.01,"v":1}`}), "[0 2]",
			[]string{"senml: [6].n: not a string"}}, // (its time reads: TestSenMLBadFieldKnownTime)
		{"n a number, t not", senmlMsg(3, map[string]string{"1.ax": `{"n":7,"t":"x","v":1}`}), "[0 2]",
			[]string{"senml: [6].n: not a string, so the sample at time 1700000000.010000000 s lacks ax and is skipped"}},
		{"bad t record at the end", senmlMsg(3, map[string]string{"1.ay": ""}, `{"n":"ay","t":"x","v":0.5}`), "[0 2]",
			[]string{"senml: [17].t: not a number, so the sample at time 1700000000.010000000 s lacks ay and is skipped"}},
		{"two bad t in one sample", senmlMsg(3, map[string]string{"1.ay": `{"n":"ay","t":"x","v":0.5}`, "1.az": `{"n":"az","t":"y","v":0.5}`}), "[0 2]",
			[]string{"senml: [7].t: not a number, so the sample at time 1700000000.010000000 s lacks ay and is skipped", "senml: [8].t: not a number"}},
		{"a string between whole samples", senmlMsg(3, nil, `"status ok"`), "[0 1 2]",
			[]string{"senml: [18]: string where an object expected"}},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := DecodePayload(&p, "topic", tc.msg, PayloadOptions{}); err != nil {
				t.Fatalf("message refused: %v", err)
			}
			var xs []float64
			for _, s := range p.Samples {
				xs = append(xs, s.Acc[0])
			}
			var got []string
			for _, e := range p.BadLines {
				got = append(got, e.Error())
				if !errors.Is(e, ErrPayloadFormat) {
					t.Errorf("%q does not wrap ErrPayloadFormat", e)
				}
			}
			if fmt.Sprint(xs) != tc.xs || strings.Join(got, "\n") != strings.Join(tc.wants, "\n") {
				t.Errorf("samples %v, BadLines (%d)\n%s\nwant %s, (%d)\n%s", xs, len(got), strings.Join(got, "\n"), tc.xs, len(tc.wants), strings.Join(tc.wants, "\n"))
			}
		})
	}
}

// TestSensorLoggerAccBadOthersFine: a Sensor Logger message whose only
// acceleration entry (or every one) is bad, its gyroscope, gravity and
// orientation entries fine, has no sample — a sample is an acceleration
// entry, with the nearest gyroscope entry's rate; a gyroscope entry alone
// makes none — so it is refused, each bad entry counted once, and the
// first bad acceleration entry's error (the one logged) says why the
// entries that read are lost. Before, the error named the bad value alone
// ("payload[1].values.x: not a finite number"), or a null entry's
// ("no accelerometer or totalacceleration entry reads: payload[0]: null
// …"), the gyroscope entries lost unsaid.
func TestSensorLoggerAccBadOthersFine(t *testing.T) {
	join := func(es ...string) []byte { return []byte(`{"payload":[` + strings.Join(es, ",") + `]}`) }
	bad := func(name string, i int) string {
		return fmt.Sprintf(`{"name":%q,"time":%d,"values":{"x":null,"y":9.8,"z":0.5}}`, name, slTime(i))
	}
	orient := fmt.Sprintf(`{"name":"orientation","time":%d,"values":{"qx":0,"qy":0,"qz":0,"qw":1}}`, slTime(0))
	const why = ", so no sample (a sample is an acceleration entry, with the nearest gyroscope entry's rate)"
	tests := []struct {
		name string
		msg  []byte
		err  string   // the message's error
		bad  []string // BadLines
	}{
		{"only totalacceleration bad", join(slGood("gyroscope", 0), bad("totalacceleration", 1), orient, slGood("gyroscope", 1), slGood("gyroscope", 2)),
			"sensorlogger: payload[1].values.x: null (JSON.stringify writes NaN as null); the message's only totalacceleration entry" + why + ": its 3 gyroscope entries, which read, are lost with it",
			[]string{"sensorlogger: payload[1].values.x: null (JSON.stringify writes NaN as null); the message's only totalacceleration entry" + why + ": its 3 gyroscope entries, which read, are lost with it"}},
		{"both totalacceleration bad", join(bad("totalacceleration", 0), slGood("gyroscope", 0), `{"name":"totalacceleration","time":"soon","values":{"x":1,"y":9.8,"z":0.5}}`, slGood("gyroscope", 1)),
			"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null); none of the message's 2 totalacceleration entries reads" + why + ": its 2 gyroscope entries, which read, are lost with them (and 1 more)",
			[]string{"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null); none of the message's 2 totalacceleration entries reads" + why + ": its 2 gyroscope entries, which read, are lost with them",
				"sensorlogger: payload[2].time: not an integer (epoch ns)"}},
		{"only accelerometer bad", join(slGood("gravity", 0), `{"name":"accelerometer","time":1}`, slGood("gyroscope", 0)),
			"sensorlogger: payload[1].values: missing or null; the message's only accelerometer entry" + why + ": its 1 gyroscope and 1 gravity entries, which read, are lost with it",
			[]string{"sensorlogger: payload[1].values: missing or null; the message's only accelerometer entry" + why + ": its 1 gyroscope and 1 gravity entries, which read, are lost with it"}},
		{"only totalacceleration bad, nothing else read", join(bad("totalacceleration", 0), orient),
			"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null)",
			[]string{"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null)"}},
		{"both totalacceleration bad, nothing else read", join(bad("totalacceleration", 0), bad("totalacceleration", 1)),
			"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null); none of the message's 2 totalacceleration entries reads" + why + " (and 1 more)",
			[]string{"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null); none of the message's 2 totalacceleration entries reads" + why,
				"sensorlogger: payload[1].values.x: null (JSON.stringify writes NaN as null)"}},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := DecodePayload(&p, "topic", tc.msg, PayloadOptions{})
			var got []string
			for _, e := range p.BadLines {
				got = append(got, e.Error())
			}
			if err == nil || err.Error() != tc.err || !errors.Is(err, ErrPayloadFormat) || len(p.Samples) != 0 {
				t.Errorf("error %v (%d samples)\nwant %s", err, len(p.Samples), tc.err)
			}
			if strings.Join(got, "\n") != strings.Join(tc.bad, "\n") {
				t.Errorf("BadLines (%d)\n%s\nwant (%d)\n%s", len(got), strings.Join(got, "\n"), len(tc.bad), strings.Join(tc.bad, "\n"))
			}
		})
	}
}

// TestSensorLoggerGravityOverflowSkipped: an accelerometer entry whose
// finite values overflow with the nearest gravity entry's added (1e308 +
// 1e308) is one bad entry, skipped and named with both entries, the
// message's other samples read. Before, the whole message was refused
// ("acceleration plus gravity overflows at time …": ~10 samples lost, one
// error naming no entry).
func TestSensorLoggerGravityOverflowSkipped(t *testing.T) {
	big := func(name string, i int, axis string) string {
		return strings.Replace(slGood(name, i), `"`+axis+`":`, `"`+axis+`":1e308,"_":`, 1)
	}
	tests := []struct {
		name string
		msg  []string
		xs   string
		bad  []string
	}{
		{"middle", []string{slGood("accelerometer", 0), slGood("gravity", 0), big("accelerometer", 1, "y"), big("gravity", 1, "y"), slGood("accelerometer", 2), slGood("gravity", 2)},
			"[0 4]", []string{"sensorlogger: payload[2].values.y: overflows with gravity payload[3]'s added"}},
		{"first, z", []string{big("accelerometer", 0, "z"), big("gravity", 0, "z"), slGood("accelerometer", 1), slGood("gravity", 1)},
			"[2]", []string{"sensorlogger: payload[0].values.z: overflows with gravity payload[1]'s added"}},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := DecodePayload(&p, "topic", []byte(`{"payload":[`+strings.Join(tc.msg, ",")+`]}`), PayloadOptions{})
			if err != nil {
				t.Fatalf("message refused: %v", err)
			}
			var xs []float64
			for _, s := range p.Samples {
				xs = append(xs, s.Acc[0])
				if !finite3(s.Acc) {
					t.Errorf("sample %+v not finite", s)
				}
			}
			var got []string
			for _, e := range p.BadLines {
				got = append(got, e.Error())
			}
			if fmt.Sprint(xs) != tc.xs || strings.Join(got, "\n") != strings.Join(tc.bad, "\n") {
				t.Errorf("x %v, BadLines %q; want %s, %q", xs, got, tc.xs, tc.bad)
			}
			if first := p.Samples[0]; p.T0 != slTime(int(first.Acc[0])/2) {
				t.Errorf("T0 %d, want the first sample's, %d", p.T0, slTime(int(first.Acc[0])/2))
			}
		})
	}
	// every one overflowing: refused, the entry counted
	msg := `{"payload":[` + big("accelerometer", 0, "x") + "," + big("gravity", 0, "x") + `]}`
	err := DecodePayload(&p, "topic", []byte(msg), PayloadOptions{})
	if want := "sensorlogger: payload[0].values.x: overflows with gravity payload[1]'s added"; err == nil || err.Error() != want || len(p.BadLines) != 1 {
		t.Errorf("error %v, BadLines %q; want %q, 1", err, p.BadLines, want)
	}
}

// TestPayloadOverflowSkipped: in every batch format, a value finite as
// sent that overflows once its unit is applied — in g (1e308 × 9.80665),
// SenML's bv + v, or, for a csv, influx or single-json value without a
// unit, in g should PayloadUnits decide it (5e307: finite read as m/s²,
// +Inf once the device's unit is decided g) — is one bad element, skipped
// and named with its index, the message's other samples read. Before, the
// unitless ones reached PayloadUnits and were delivered +Inf, uncounted
// (the other cases were fixed before, and are checked here all together).
// A float32 gaitd-binary record is in m/s² and rad/s already, an int16
// one within ±32.767 g: neither can overflow.
func TestPayloadOverflowSkipped(t *testing.T) {
	csvLines := func(hdr, v string) []byte {
		return []byte(hdr + "1700000000.00,0,9.8,0\n1700000000.01," + v + ",9.8,0\n1700000000.02,2,9.8,0\n")
	}
	tests := []struct {
		name string
		msg  string
		opt  PayloadOptions
		n    int    // samples read
		bad  string // the one BadLines error
	}{
		{"gaitd-json g", `{"t0_ns":1700000000000000000,"rate_hz":100,"unit":"g","acc":[[0,1,0],[1e308,1,0],[2,1,0]]}`, PayloadOptions{}, 2,
			"gaitd-json: acc[1]: value overflows"},
		{"gaitd-json g by the options", `{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[[0,1,0],[0,-1e308,0],[2,1,0]]}`, PayloadOptions{AccUnit: "g"}, 2,
			"gaitd-json: acc[1]: value overflows"},
		{"single-json g", `{"t0":1700000000000,"dt_ms":10,"unit":"g","ax":[0,1e308,2],"ay":[1,1,1],"az":[0,0,0]}`, PayloadOptions{}, 2,
			"single-json: ax[1]: value overflows"},
		{"single-json without a unit", `{"t0":1700000000000,"dt_ms":10,"ax":[0,5e307,2],"ay":[9.8,9.8,9.8],"az":[0,0,0]}`, PayloadOptions{}, 2,
			"single-json: ax[1]: value 5e+307 overflows in m/s² if read in g (its unit is decided from gravity)"},
		{"senml g by the options", `[{"bn":"d:","bt":1700000000,"n":"ax","v":0},{"n":"ay","v":1},{"n":"az","v":0},` +
			`{"n":"ax","t":0.01,"v":1e308},{"n":"ay","t":0.01,"v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, PayloadOptions{AccUnit: "g"}, 2,
			"senml: [3].v: value overflows"},
		{"senml bv plus v", `[{"bn":"d:","bt":1700000000,"bu":"m/s2","n":"ax","v":0},{"n":"ay","v":1},{"n":"az","v":0},` +
			`{"bv":1e308,"n":"ax","t":0.01,"v":1e308},{"bv":0,"n":"ay","t":0.01,"v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, PayloadOptions{}, 2,
			"senml: [3].v: value overflows"},
		{"csv header in g", string(csvLines("t,ax_g,ay_g,az_g\n", "1e308")), PayloadOptions{}, 2,
			"csv: line 3: field 2 (ax_g): value overflows"},
		{"csv g by the options", string(csvLines("", "-1e308")), PayloadOptions{AccUnit: "g"}, 2,
			"csv: line 2: field 2 (ax): value overflows"},
		{"csv without a unit", string(csvLines("", "5e307")), PayloadOptions{}, 2,
			`csv: line 2: field 2 (ax): value "5e307" overflows in m/s² if read in g (its unit is decided from gravity)`},
		{"influx without a unit", "imu ax=0,ay=9.8,az=0 1700000000000000000\nimu ax=5e307,ay=9.8,az=0 1700000000010000000\nimu ax=2,ay=9.8,az=0 1700000000020000000\n", PayloadOptions{}, 2,
			`influx: line 2: key ax: value "5e307" overflows in m/s² if read in g (its unit is decided from gravity)`},
		{"influx in g", "imu ax_g=0,ay_g=1,az_g=0 1700000000000000000\nimu ax_g=0,ay_g=1,az_g=1e308 1700000000010000000\nimu ax_g=2,ay_g=1,az_g=0 1700000000020000000\n", PayloadOptions{}, 2,
			"influx: line 2: key az_g: value overflows"},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := DecodePayload(&p, "topic", []byte(tc.msg), tc.opt); err != nil {
				t.Fatalf("message refused: %v", err)
			}
			var got []string
			for _, e := range p.BadLines {
				got = append(got, e.Error())
			}
			if len(p.Samples) != tc.n || strings.Join(got, "\n") != tc.bad {
				t.Errorf("%d samples, BadLines %q; want %d, [%q]", len(p.Samples), got, tc.n, tc.bad)
			}
		})
	}
}

// TestPayloadUnitsNoInf: a csv device's values without a unit, decided g
// by PayloadUnits, are all delivered finite: a value of 5e307, finite as
// m/s², is a bad line of its message (TestPayloadOverflowSkipped), not a
// sample delivered +Inf once ×9.80665, uncounted, as before.
func TestPayloadUnitsNoInf(t *testing.T) {
	var u PayloadUnits
	var p Payload
	delivered, inf, bad := 0, 0, 0
	count := func(q *Payload) {
		for _, s := range q.Samples {
			delivered++
			if !finite3(s.Acc) || !finite3(s.Gyr) {
				inf++
			}
		}
	}
	for m := range 30 {
		var b strings.Builder
		for i := range 10 {
			k := m*10 + i
			v := "1.0"
			if k == 55 {
				v = "5e307"
			}
			fmt.Fprintf(&b, "%d,0.01,0.02,%s,0.1,0.2,0.3\n", 1000+10*k, v)
		}
		if err := DecodePayload(&p, "d", []byte(b.String()), PayloadOptions{}); err != nil {
			t.Fatal(err)
		}
		bad += len(p.BadLines)
		if _, err := u.Add(&p, count); err != nil {
			t.Fatal(err)
		}
	}
	u.Flush(count)
	if inf != 0 || delivered != 299 || bad != 1 {
		t.Errorf("%d samples delivered, %d not finite, %d bad lines; want 299, 0, 1", delivered, inf, bad)
	}
}

// TestBadElementNotLostOrUncounted: one record's bad own field refused
// a SenML message whole ("u": null, as JavaScript writes a unit it has
// not, or a number), and a Sensor Logger entry whose "name" is no string
// was dropped uncounted (taken for a sensor not read). Now a null u is
// none, a u of another type makes its record one bad element, and such a
// name one bad entry; the others are read.
func TestBadElementNotLostOrUncounted(t *testing.T) {
	sl := func(es ...string) string { return `{"payload":[` + strings.Join(es, ",") + `]}` }
	tests := []struct {
		name string
		msg  string
		xs   string
		bad  []string
	}{
		{"senml u null", string(senmlMsg(3, map[string]string{"1.ay": `{"n":"ay","u":null,"t":0.01,"v":0.5}`})), "[0 1 2]", nil},
		{"senml u a number", string(senmlMsg(3, map[string]string{"1.ay": `{"n":"ay","u":5,"t":0.01,"v":0.5}`})), "[0 2]",
			[]string{"senml: [7].u: not a string"}},
		{"senml u a number, channel not read", string(senmlMsg(3, nil, `{"n":"temp","u":5,"v":21}`)), "[0 1 2]", nil},
		{"sensorlogger name a number", sl(slGood("totalacceleration", 0), strings.Replace(slGood("totalacceleration", 1), `"totalacceleration"`, "5", 1), slGood("totalacceleration", 2)), "[0 2]",
			[]string{"sensorlogger: payload[1].name: not a string: not a sensor entry"}},
		{"sensorlogger name an object", sl(slGood("totalacceleration", 0), strings.Replace(slGood("gyroscope", 1), `"gyroscope"`, `{"s":"gyroscope"}`, 1), slGood("totalacceleration", 2)), "[0 2]",
			[]string{"sensorlogger: payload[1].name: not a string: not a sensor entry"}},
		{"sensorlogger name another sensor", sl(slGood("totalacceleration", 0), slGood("magnetometer", 1), slGood("totalacceleration", 2)), "[0 2]", nil},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xs, got := readBad(t, &p, tc.msg)
			if xs != tc.xs || strings.Join(got, "\n") != strings.Join(tc.bad, "\n") {
				t.Errorf("x %v, BadLines %q; want %s, %q", xs, got, tc.xs, tc.bad)
			}
		})
	}
}

// TestSenMLBadTimeManyLinear: a message of 20 000 samples, each lacking
// its ay, whose ay records (time unreadable) are all at the end: each
// sample is claimed by one, one error a sample, in linear time (each
// sample searched every record: 4·10⁸ steps).
func TestSenMLBadTimeManyLinear(t *testing.T) {
	const n = 20000
	repl := map[string]string{}
	var extra []string
	for i := range n {
		repl[fmt.Sprintf("%d.ay", i)] = ""
		extra = append(extra, `{"n":"ay","t":"?","v":1}`)
	}
	msg := senmlMsg(n, repl, extra...)
	var p Payload
	start := time.Now()
	err := DecodePayload(&p, "topic", msg, PayloadOptions{})
	took := time.Since(start)
	if err == nil || len(p.BadLines) != n {
		t.Fatalf("error %v, %d BadLines; want the message refused, %d", err, len(p.BadLines), n)
	}
	if want := fmt.Sprintf("senml: [%d].t: not a number, so the sample at time 1700000000.000000000 s lacks ay and is skipped", 5*n); p.BadLines[0].Error() != want {
		t.Errorf("BadLines[0] %q, want %q", p.BadLines[0], want)
	}
	t.Logf("%d records decoded in %v", 6*n, took)
}

// TestSenMLBadFieldKnownTime: a SenML record whose name or unit is no
// string but whose time reads is a bad record at that time, as one with a
// bad value is: the sample at its time is skipped for it, and another
// sample lacking the same channel is named on its own. Before, the record
// was taken for one whose time did not read and matched to a sample by
// its place or channel: the first sample lacking its channel (another
// time's: "[3].u: not a string, so the sample at time …000 s lacks ay"),
// the sample it belongs to then named as lacking ay for no reason given.
// A record whose time does not read, next to a sample lacking its
// channel, is that sample's, also when an earlier sample lacks the
// channel too (before, the earlier one took it, the first in the message
// of that channel, and the sample it lies in was named as lacking it).
func TestSenMLBadFieldKnownTime(t *testing.T) {
	head := `[{"bn":"d:","bt":1700000000,"n":"ax","t":0,"v":0},{"n":"az","t":0,"v":0},`
	tests := []struct {
		name string
		msg  string
		xs   string
		bad  []string
	}{
		{"u a number, an earlier sample lacking its channel", head +
			`{"n":"ax","t":0.01,"v":1},{"n":"ay","u":5,"t":0.01,"v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, "[2]",
			[]string{"senml: [3].u: not a string", "senml: [0]: no ay at time 1700000000.000000000 s"}},
		{"n a number next to an earlier sample lacking a channel", head +
			`{"n":7,"t":0.01,"v":1},{"n":"ax","t":0.01,"v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, "[2]",
			[]string{"senml: [2].n: not a string", "senml: [0]: no ay at time 1700000000.000000000 s"}},
		{"u a number, t not a number: matched by its place", head +
			`{"n":"ax","t":0.01,"v":1},{"n":"ay","u":5,"t":"x","v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, "[2]",
			[]string{"senml: [3].u: not a string, so the sample at time 1700000000.010000000 s lacks ay and is skipped", "senml: [0]: no ay at time 1700000000.000000000 s"}},
		{"t not a number, an earlier sample lacking its channel", head +
			`{"n":"ax","t":0.01,"v":1},{"n":"ay","t":"soon","v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0}]`, "[2]",
			[]string{"senml: [3].t: not a number, so the sample at time 1700000000.010000000 s lacks ay and is skipped", "senml: [0]: no ay at time 1700000000.000000000 s"}},
		{"t not a number, no sample next to it", head +
			`{"n":"ax","t":0.01,"v":1},{"n":"az","t":0.01,"v":0},` +
			`{"n":"ax","t":0.02,"v":2},{"n":"ay","t":0.02,"v":1},{"n":"az","t":0.02,"v":0},{"n":"ay","t":"soon","v":1}]`, "[2]",
			[]string{"senml: [7].t: not a number, so the sample at time 1700000000.000000000 s lacks ay and is skipped", "senml: [2]: no ay at time 1700000000.010000000 s"}},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xs, got := readBad(t, &p, tc.msg)
			if xs != tc.xs || strings.Join(got, "\n") != strings.Join(tc.bad, "\n") {
				t.Errorf("x %v, BadLines\n%s\nwant %s,\n%s", xs, strings.Join(got, "\n"), tc.xs, strings.Join(tc.bad, "\n"))
			}
		})
	}
}

// TestSensorLoggerAllOverflowSaysWhy: a Sensor Logger message none of
// whose accelerometer entries reads because each overflows with gravity
// added is refused as one whose entries are bad otherwise: its error is
// the first bad acceleration entry's, saying that the gyroscope entries
// that read are lost with it. Before, it was "no sample
// reads: " and the message's first bad entry, a gyroscope entry's here,
// the entries lost unsaid.
func TestSensorLoggerAllOverflowSaysWhy(t *testing.T) {
	big := func(name string, i int) string {
		return strings.Replace(slGood(name, i), `"x":`, `"x":1e308,"_":`, 1)
	}
	badGyr := fmt.Sprintf(`{"name":"gyroscope","time":%d,"values":{"x":null,"y":0,"z":0}}`, slTime(0))
	msg := `{"payload":[` + strings.Join([]string{badGyr, big("accelerometer", 0), big("gravity", 0), slGood("gyroscope", 1)}, ",") + `]}`
	const why = ", so no sample (a sample is an acceleration entry, with the nearest gyroscope entry's rate)"
	first := "sensorlogger: payload[1].values.x: overflows with gravity payload[2]'s added; the message's only accelerometer entry" + why + ": its gyroscope entry, which reads, is lost with it"
	var p Payload
	err := DecodePayload(&p, "topic", []byte(msg), PayloadOptions{})
	var got []string
	for _, e := range p.BadLines {
		got = append(got, e.Error())
	}
	want := []string{"sensorlogger: payload[0].values.x: null (JSON.stringify writes NaN as null)", first}
	if err == nil || err.Error() != first+" (and 1 more)" || len(p.Samples) != 0 {
		t.Errorf("error %v (%d samples)\nwant %s", err, len(p.Samples), first+" (and 1 more)")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("BadLines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPayloadOverflowOptionsUnit: a csv or single-json acceleration in
// the options' unit (mg) that would overflow in g is a bad element, as
// one without a unit is — an earlier csv header or single-json "unit" of
// the device (g) is used over the options' (PayloadUnits) — and its error
// says so. Before, it said the unit was decided from gravity, which the
// options' unit never is.
func TestPayloadOverflowOptionsUnit(t *testing.T) {
	const why = "overflows in m/s² if read in g (its unit, the options', gives way to one an earlier message of the device gave)"
	tests := []struct{ name, msg, bad string }{
		{"csv", "1700000000.00,0,9.8,0\n1700000000.01,5e307,9.8,0\n", `csv: line 2: field 2 (ax): value "5e307" ` + why},
		{"single-json", `{"t0":1700000000000,"dt_ms":10,"ax":[0,5e307],"ay":[9.8,9.8],"az":[0,0]}`, "single-json: ax[1]: value 5e+307 " + why},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := DecodePayload(&p, "topic", []byte(tc.msg), PayloadOptions{AccUnit: "mg"}); err != nil {
				t.Fatalf("message refused: %v", err)
			}
			if len(p.Samples) != 1 || len(p.BadLines) != 1 || p.BadLines[0].Error() != tc.bad {
				t.Errorf("%d samples, BadLines %q; want 1, [%q]", len(p.Samples), p.BadLines, tc.bad)
			}
		})
	}
}

// readBad decodes msg into p, which must read, and returns xsAndBad's.
func readBad(t *testing.T, p *Payload, msg string) (string, []string) {
	t.Helper()
	if err := DecodePayload(p, "topic", []byte(msg), PayloadOptions{}); err != nil {
		t.Fatalf("message refused: %v", err)
	}
	return xsAndBad(p)
}

// xsAndBad returns a decoded payload's samples' x accelerations (as
// fmt.Sprint writes them) and its BadLines' messages.
func xsAndBad(p *Payload) (string, []string) {
	var xs []float64
	for _, s := range p.Samples {
		xs = append(xs, s.Acc[0])
	}
	var got []string
	for _, e := range p.BadLines {
		got = append(got, e.Error())
	}
	return fmt.Sprint(xs), got
}

// TestSenMLBaseUnitBad: a SenML "bu" (base unit) that is null or no
// string is read as a record's "u" is. A null bu is none: the base unit
// of the records before it still applies (as a null bt or bv is absent;
// RFC 8428 has no null). One of another type is the unit of no record:
// each record of a channel read that it applies to — its own and the later
// ones without a u of their own, up to the next bu that is a string — is
// a bad element, skipped and named ("[6].u: none, and its base unit
// [0].bu is not a string"); records with a u of their own are read.
// Before, each of these messages was refused whole at the bu ("[0].bu:
// not a string"), its good samples lost and one error counted.
func TestSenMLBaseUnitBad(t *testing.T) {
	// acc is sample i's three acceleration records at t = i/100 s (ax = i),
	// the first's fields first
	acc := func(i int, first string) string {
		return fmt.Sprintf(`{%s"n":"ax","t":%g,"v":%d},{"n":"ay","t":%g,"v":0},{"n":"az","t":%g,"v":9.8}`,
			first, float64(i)/100, i, float64(i)/100, float64(i)/100)
	}
	head := `"bn":"d:","bt":1700000000,`
	tests := []struct {
		name    string
		accUnit string // PayloadOptions.AccUnit
		msg     string
		xs      string
		bad     []string
		refused string // the error, "" when read
	}{
		{"bu null", "", "[" + acc(0, head+`"bu":null,`) + "," + acc(1, "") + "]", "[0 1]", nil, ""},
		{"bu null after a bu: that bu still applies", "g",
			"[" + acc(0, head+`"bu":"m/s2",`) + "," + acc(1, `"bu":null,`) + "," + acc(2, "") + "]", "[0 1 2]", nil, ""},
		{"bu null on a gyroscope message", "", string(senmlMsg(3, map[string]string{"0.ax": `{"bn":"urn:dev:d:","bt":1700000000,"bu":null,"n":"ax","t":0,"v":0}`})), "[0 1 2]", nil, ""},
		{"bu a number, a later bu a string", "",
			"[" + acc(0, head+`"bu":5,`) + "," + acc(1, `"bu":"m/s2",`) + "," + acc(2, "") + "]", "[1 2]",
			[]string{"senml: [0].bu: not a string", "senml: [1].u: none, and its base unit [0].bu is not a string", "senml: [2].u: none, and its base unit [0].bu is not a string"}, ""},
		{"bu true on a record not read", "",
			`[{` + head + `"bu":true,"n":"temp","v":21},` + acc(0, "") + `,{"n":"ax","u":"m/s2","t":0.01,"v":1},{"n":"ay","u":"m/s2","t":0.01,"v":0},{"n":"az","u":"m/s2","t":0.01,"v":9.8}]`, "[1]",
			[]string{"senml: [1].u: none, and its base unit [0].bu is not a string", "senml: [2].u: none, and its base unit [0].bu is not a string", "senml: [3].u: none, and its base unit [0].bu is not a string"}, ""},
		{"bu an object, every record with its own u", "",
			`[{` + head + `"bu":{"u":"m/s2"},"n":"ax","u":"m/s2","t":0,"v":0},{"n":"ay","u":"m/s2","t":0,"v":0},{"n":"az","u":"m/s2","t":0,"v":9.8}]`, "[0]", nil, ""},
		{"bu a number, one record's u null", "",
			"[" + acc(0, head+`"bu":"m/s2",`) + `,{"bu":7,"n":"ax","u":"m/s2","t":0.01,"v":1},{"n":"ay","u":null,"t":0.01,"v":0},{"n":"az","u":"m/s2","t":0.01,"v":9.8},` + acc(2, `"bu":"m/s2",`) + "]", "[0 2]",
			[]string{"senml: [4].u: none, and its base unit [3].bu is not a string"}, ""},
		{"bu a number on a gyroscope message: no sample reads", "", string(senmlMsg(2, map[string]string{"0.ax": `{"bn":"urn:dev:d:","bt":1700000000,"bu":5,"n":"ax","t":0,"v":0}`})), "[]",
			[]string{"senml: [0].bu: not a string", "senml: [1].u: none, and its base unit [0].bu is not a string", "senml: [2].u: none, and its base unit [0].bu is not a string",
				"senml: [3].u: none, and its base unit [0].bu is not a string", "senml: [4].u: none, and its base unit [0].bu is not a string", "senml: [5].u: none, and its base unit [0].bu is not a string",
				"senml: [6].u: none, and its base unit [0].bu is not a string", "senml: [7].u: none, and its base unit [0].bu is not a string", "senml: [8].u: none, and its base unit [0].bu is not a string",
				"senml: [9].u: none, and its base unit [0].bu is not a string", "senml: [10].u: none, and its base unit [0].bu is not a string", "senml: [11].u: none, and its base unit [0].bu is not a string"},
			"senml: no sample reads: [0].bu: not a string (and 11 more)"},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := DecodePayload(&p, "topic", []byte(tc.msg), PayloadOptions{AccUnit: tc.accUnit})
			if got := fmt.Sprint(err); tc.refused == "" && err != nil || tc.refused != "" && got != tc.refused {
				t.Fatalf("error %v, want %q", err, tc.refused)
			}
			xs, got := xsAndBad(&p)
			if xs != tc.xs || strings.Join(got, "\n") != strings.Join(tc.bad, "\n") {
				t.Errorf("x %v, BadLines\n%s\nwant %s,\n%s", xs, strings.Join(got, "\n"), tc.xs, strings.Join(tc.bad, "\n"))
			}
		})
	}
}

// TestGyrAllBad: a SenML or Sensor Logger message that had angular-rate
// elements, none of which reads, keeps its samples, the acceleration
// alone (Layout without rates), each bad element named, and says so in
// Payload.GyrAllBad: the index in BadLines of the first — a reader
// analysing the device with its gyroscope refuses the message knowing
// why (sensor/mqtt). Before, nothing told it from a message without
// rates. -1 for a message without rate elements or with some that read.
func TestGyrAllBad(t *testing.T) {
	sl := func(es ...string) string { return `{"payload":[` + strings.Join(es, ",") + `]}` }
	gyroBad := func(i int) string { return strings.Replace(slGood("gyroscope", i), `"x":`, `"x":"NaN","_":`, 1) }
	tests := []struct {
		name string
		msg  string
		xs   string
		nBad int
		at   int // GyrAllBad
	}{
		{"senml every rate bad", string(senmlMsg(2, map[string]string{"0.gx": `{"n":"gx","t":0,"v":"x"}`, "0.gy": `{"n":"gy","t":0,"v":null}`, "0.gz": `{"n":"gz","t":0,"v":1e999}`,
			"1.gx": `{"n":"gx","t":0.01,"u":5,"v":1}`, "1.gy": `{"n":"gy","t":"?","v":1}`, "1.gz": `{"n":"gz","t":0.01,"v":true}`})), "[0 1]", 6, 0},
		{"senml every rate bad after a bad acceleration", string(senmlMsg(2, map[string]string{"0.ay": `{"n":"ay","t":0,"v":null}`,
			"0.gx": `{"n":"gx","t":0,"v":"x"}`, "0.gy": `{"n":"gy","t":0,"v":"x"}`, "0.gz": `{"n":"gz","t":0,"v":"x"}`,
			"1.gx": `{"n":"gx","t":0.01,"v":"x"}`, "1.gy": `{"n":"gy","t":0.01,"v":"x"}`, "1.gz": `{"n":"gz","t":0.01,"v":"x"}`})), "[1]", 7, 1},
		{"senml one rate bad", string(senmlMsg(2, map[string]string{"0.gx": `{"n":"gx","t":0,"v":"x"}`})), "[1]", 1, -1},
		{"senml no rates", string(senmlMsg(2, map[string]string{"0.gx": "", "0.gy": "", "0.gz": "", "1.gx": "", "1.gy": "", "1.gz": ""})), "[0 1]", 0, -1},
		{"sensorlogger every rate bad", sl(slGood("totalacceleration", 0), gyroBad(0), slGood("totalacceleration", 1), gyroBad(1)), "[0 1]", 2, 0},
		{"sensorlogger one rate bad", sl(slGood("totalacceleration", 0), gyroBad(0), slGood("totalacceleration", 1), slGood("gyroscope", 1)), "[0 1]", 1, -1},
		{"sensorlogger no rates", sl(slGood("totalacceleration", 0), slGood("totalacceleration", 1)), "[0 1]", 0, -1},
	}
	var p Payload
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xs, got := readBad(t, &p, tc.msg)
			if xs != tc.xs || len(got) != tc.nBad || p.GyrAllBad != tc.at || p.Layout.HasGyro() != (tc.at < 0 && tc.nBad > 0) {
				t.Errorf("x %v, GyrAllBad %d, rates %v, BadLines\n%s\nwant %s, %d, %d BadLines", xs, p.GyrAllBad, p.Layout.HasGyro(), strings.Join(got, "\n"), tc.xs, tc.at, tc.nBad)
			}
		})
	}
}
