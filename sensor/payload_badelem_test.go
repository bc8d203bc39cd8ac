package sensor

import (
	"errors"
	"fmt"
	"strings"
	"testing"
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
			r := fmt.Sprintf(`{"n":%q,"t":0.0%d,"v":%s}`, c, i, v)
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
