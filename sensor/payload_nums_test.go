package sensor

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// checkNums compares jsonNums with encoding/json on one JSON text: an
// array is read element by element, each finite number as encoding/json
// reads it and any other element (a null, a string, an array, an object,
// a number out of range) a hole, NaN in v and named in holes, null or not.
func checkNums(t *testing.T, in string) {
	t.Helper()
	var raws []json.RawMessage
	werr := json.Unmarshal([]byte(in), &raws)
	var f jsonNums
	if gerr := json.Unmarshal([]byte(in), &f); gerr != nil {
		t.Errorf("%q: jsonNums error %v", in, gerr)
		return
	}
	if werr != nil || raws == nil {
		// not an array: a single value, never read as one
		if f.arr && f.ok {
			t.Errorf("%q: jsonNums read an array %v; encoding/json: %v", in, f.v, werr)
		}
		return
	}
	if !f.arr || !f.ok || f.bad || len(f.v) != len(raws) {
		t.Errorf("%q: jsonNums arr=%v ok=%v bad=%v %v, want %d elements", in, f.arr, f.ok, f.bad, f.v, len(raws))
		return
	}
	for i, r := range raws {
		var want float64
		werr := json.Unmarshal(r, &want)
		num := len(r) > 0 && (r[0] == '-' || r[0] >= '0' && r[0] <= '9')
		if werr == nil && num && !math.IsInf(want, 0) {
			if f.v[i] != want || math.Signbit(f.v[i]) != math.Signbit(want) || f.why(i) != "" {
				t.Errorf("%q: [%d] %v (%q), want %v", in, i, f.v[i], f.why(i), want)
			}
			continue
		}
		why := "not a finite number"
		if string(r) == "null" {
			why = "null (JSON.stringify writes NaN as null)"
		}
		if !math.IsNaN(f.v[i]) || f.why(i) != why {
			t.Errorf("%q: [%d] %v (%q), want a hole: %s", in, i, f.v[i], f.why(i), why)
		}
	}
}

// TestJSONNums compares the in-place array reader of batched single-json
// payloads with encoding/json decoding into []float64: the same values
// where an element is a finite number, a hole where it is not (a null,
// which encoding/json reads as 0, included), and a bracket or comma in a
// string or nested value no end of an element.
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
