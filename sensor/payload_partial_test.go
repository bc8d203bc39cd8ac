package sensor

import (
	"errors"
	"fmt"
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
	want := `sensorlogger: payload: no accelerometer or totalacceleration entry reads: payload[0]: null or no "name": not a sensor entry (and 1 more)`
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
