package sensor

import (
	"fmt"
	"strings"
	"testing"
)

// TestSingleJSONBadSampleOverflow: a batched single-json sample whose
// value is finite as sent but overflows in m/s² (1e308 in g) is skipped and named, the others read, as gaitd-json's is
// ("acc[4]: value overflows") and as single-json's 1e999 is. Before, the
// whole message was refused (its other samples lost, one error).
func TestSingleJSONBadSampleOverflow(t *testing.T) {
	msg := func(unit, key string) func(n, at int) []byte { // (n samples, the bad one at at)
		return func(n, at int) []byte {
			var b strings.Builder
			fmt.Fprintf(&b, `{"device":"d","t0":%d,"dt_ms":10,%s`, partialT0, unit)
			for _, k := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				var vs []string
				for i := range n {
					v := "0"
					if k == "ax" {
						v = fmt.Sprint(i)
					}
					if k == key && i == at {
						v = "1e308"
					}
					vs = append(vs, v)
				}
				fmt.Fprintf(&b, `,%q:[%s]`, k, strings.Join(vs, ","))
			}
			b.WriteString("}")
			return []byte(b.String())
		}
	}
	// in g: each sample's x is i·g; compare what is kept and named
	for _, pos := range []int{0, 2, 4} {
		var p Payload
		if err := DecodePayload(&p, "t", msg(`"unit":"g"`, "ay")(5, pos), PayloadOptions{Epoch: partialT0}); err != nil {
			t.Fatalf("ay 1e308 g at %d: message refused: %v", pos, err)
		}
		if len(p.Samples) != 4 || len(p.BadLines) != 1 || p.BadLines[0].Error() != fmt.Sprintf("single-json: ay[%d]: value overflows", pos) {
			t.Fatalf("ay 1e308 g at %d: %d samples, BadLines %q; want 4 and one ay[%d]: value overflows", pos, len(p.Samples), p.BadLines, pos)
		}
		for k, s := range p.Samples {
			i := k
			if k >= pos {
				i++
			}
			if want := float64(i) / 100; fmt.Sprintf("%.2f", s.T) != fmt.Sprintf("%.2f", want) {
				t.Errorf("ay 1e308 g at %d: sample %d at %.3f s, want %.2f", pos, k, s.T, want)
			}
		}
	}
	// a single (not batched) sample that overflows is still the message's error
	var p Payload
	err := DecodePayload(&p, "t", []byte(`{"t0":1700000000000,"unit":"g","ax":1e308,"ay":0,"az":0}`), PayloadOptions{})
	if err == nil || err.Error() != "single-json: ax: value overflows" || len(p.BadLines) != 0 {
		t.Fatalf("single sample 1e308 g: %v, BadLines %q; want the message refused, ax: value overflows", err, p.BadLines)
	}
}
