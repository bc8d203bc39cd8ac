package sensor

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestPayloadCSVDecimalCommaAllocs: a csv message of integer (ms) times
// and decimal-comma values ("1000;0,12;-0,34;9,81", a ';' or tab between
// them) decodes without allocating in the steady state. laterFraction,
// looking for a fraction in the later lines' times, copied each line's
// decimal commas into a buffer of its own, allocated per line.
func TestPayloadCSVDecimalCommaAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	for _, sep := range []string{";", "\t"} {
		var b strings.Builder
		for i := range 20 {
			b.WriteString(strconv.Itoa(1000 + 10*i))
			for _, v := range []string{"0,12", "-0,34", "9,81"} {
				b.WriteString(sep + v)
			}
			b.WriteString("\n")
		}
		data := []byte(b.String())
		var p Payload
		if err := DecodePayload(&p, "dev", data, PayloadOptions{}); err != nil {
			t.Fatal(err)
		}
		if p.SecondsTime || len(p.Samples) != 20 || math.Abs(p.Samples[1].T-p.Samples[0].T-0.01) > 1e-9 {
			t.Fatalf("sep %q: SecondsTime %v, %d samples", sep, p.SecondsTime, len(p.Samples))
		}
		n := testing.AllocsPerRun(50, func() {
			if err := DecodePayload(&p, "dev", data, PayloadOptions{}); err != nil {
				t.Fatal(err)
			}
		})
		if n > 0 {
			t.Errorf("sep %q: %.0f allocs per message, want 0", sep, n)
		}
	}
}

// TestPayloadCSVLaterFractionForms: a whole second "1" before "1.01" is
// read in seconds whatever the line's separator, a decimal comma, a
// byte-order mark, a header or a separator that ends the line.
func TestPayloadCSVLaterFractionForms(t *testing.T) {
	for name, msg := range map[string]string{
		"comma":           "1,1,2,3\n1.01,1,2,3\n",
		"semicolon":       "1;1;2;3\n1.01;1;2;3\n",
		"semicolon dec":   "1;1,0;2,0;3,0\n1,01;1,0;2,0;3,0\n",
		"tab dec":         "1\t1,0\t2,0\t3,0\n1,01\t1,0\t2,0\t3,0\n",
		"blanks":          "1 1 2 3\n1.01 1 2 3\n",
		"bom":             "\ufeff1,1,2,3\n1.01,1,2,3\n",
		"header":          "t,ax,ay,az\n1,1,2,3\n1.01,1,2,3\n",
		"bom header semi": "\ufefft;ax;ay;az\n1;1,0;2,0;3,0\n1,01;1,0;2,0;3,0\n",
		"trailing semi":   "1;1,0;2,0;3,0;\n1,01;1,0;2,0;3,0;\n",
	} {
		var p Payload
		if err := DecodePayload(&p, "dev", []byte(msg), PayloadOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(p.Samples) != 2 || p.Samples[0].T != 1 || p.Samples[1].T != 1.01 || !p.SecondsTime {
			t.Errorf("%s: samples %+v, SecondsTime %v; want t 1, 1.01 in s", name, p.Samples, p.SecondsTime)
		}
	}
}
