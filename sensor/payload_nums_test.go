package sensor

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// checkNums compares jsonNums with encoding/json on one JSON text.
func checkNums(t *testing.T, in string) {
	t.Helper()
	var want []float64
	werr := json.Unmarshal([]byte(in), &want)
	var f jsonNums
	gerr := json.Unmarshal([]byte(in), &f)
	if gerr != nil {
		if werr == nil {
			t.Errorf("%q: jsonNums error %v, encoding/json %v", in, gerr, want)
		}
		return
	}
	finiteAll := true
	for _, v := range want {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			finiteAll = false
		}
	}
	ok := f.arr && f.ok && !f.bad
	// null elements: encoding/json leaves 0; jsonNums must say bad
	hasNull := strings.Contains(in, "null")
	switch {
	case werr == nil && finiteAll && !hasNull:
		if !ok || len(f.v) != len(want) {
			t.Errorf("%q: jsonNums ok=%v bad=%v %v, want %v", in, f.ok, f.bad, f.v, want)
			return
		}
		for i := range want {
			if f.v[i] != want[i] || math.Signbit(f.v[i]) != math.Signbit(want[i]) {
				t.Errorf("%q: [%d] %v, want %v", in, i, f.v[i], want[i])
			}
		}
	default:
		if ok {
			t.Errorf("%q: jsonNums accepted %v; encoding/json: %v %v", in, f.v, want, werr)
		}
	}
}

// TestJSONNums compares the in-place array reader of batched single-json
// payloads with encoding/json decoding into []float64: the same values
// where every element is a finite number, refused otherwise (a null, which
// encoding/json reads as 0, included).
func TestJSONNums(t *testing.T) {
	big := "[" + strings.Repeat("1.5e-3, ", 100000) + "-0]"
	for _, in := range []string{
		`[]`, `[ ]`, "[\n\t1 ,\r\n2 ]", `[1,2,3]`, `[-0]`, `[-0.0, 0e0, -0E-5]`, `[1e308, -1.7976931348623157e308]`, `[1e309]`, `[4.9e-324, 1e-400]`,
		`[1E+2,2e-2, 3.25E2]`, `[[1,2]]`, `[1,[2]]`, `[{"a":1}]`, `[{"a":[1,2]}]`, `["1,2"]`, `["]"]`, `["1", 2]`, `[" 1 "]`, `[true]`, `[false, 1]`,
		`[null]`, `[1, null]`, `["a]b", 1]`, `[1,"x",2]`, `["\u005d"]`, `[1]`, `[123456789012345678901234567890]`, big, `1`, `"1"`, `null`,
	} {
		checkNums(t, in)
	}
}

// FuzzJSONNums is TestJSONNums on any valid JSON array.
func FuzzJSONNums(f *testing.F) {
	for _, s := range []string{`[1,2]`, `[ -0 , 1e5 ]`, `[[1],2]`, `["a,]",1]`, `[{"x":[1,]}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) || len(in) == 0 || strings.TrimSpace(in)[0] != '[' {
			return
		}
		checkNums(t, in)
	})
}
