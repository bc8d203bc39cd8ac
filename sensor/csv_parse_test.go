package sensor

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestFastFloat(t *testing.T) {
	tests := []struct {
		in   string
		n    int  // bytes consumed
		ok   bool // fast path taken
		want float64
	}{
		{"0", 1, true, 0},
		{"-0.12345", 8, true, -0.12345},
		{"+1.5", 4, true, 1.5},
		{"1.234567890E-2", 14, true, 1.234567890e-2},
		{"9.81,", 4, true, 9.81},
		{".5", 2, true, 0.5},
		{"5.", 2, true, 5},
		{"-0.0", 4, true, math.Copysign(0, -1)},
		{"1698501144401773000", 19, true, 1698501144401773000},
		{"1e22", 4, true, 1e22},
		{"1E+05x", 5, true, 1e5},
		{"0.00012345", 10, true, 0.00012345},
		{"9007199254740993", 16, true, 9007199254740993}, // > 2⁵³, integer: one rounding
		{"1e23", 0, false, 0},                            // exponent beyond the exact powers
		{"12345678901234567890", 0, false, 0},            // 20 digits
		{"NaN", 0, false, 0},
		{"Inf", 0, false, 0},
		{"1e", 0, false, 0},
		{"1e+", 0, false, 0},
		{"-", 0, false, 0},
		{".", 0, false, 0},
		{"", 0, false, 0},
		{"abc", 0, false, 0},
	}
	for _, tt := range tests {
		f, n, ok := fastFloat([]byte(tt.in), '.')
		if ok != tt.ok || n != tt.n || math.Float64bits(f) != math.Float64bits(tt.want) {
			t.Errorf("fastFloat(%q) = %v, %d, %v; want %v, %d, %v", tt.in, f, n, ok, tt.want, tt.n, tt.ok)
		}
	}
	if f, n, ok := fastFloat([]byte("1,25;"), ','); !ok || n != 4 || f != 1.25 {
		t.Errorf("fastFloat(1,25 with decimal comma) = %v, %d, %v", f, n, ok)
	}
}

// FuzzFastFloat checks that the fast path, when taken, agrees bit for bit
// with strconv.ParseFloat, and that parseNumber always does.
func FuzzFastFloat(f *testing.F) {
	for _, s := range []string{
		"0", "-0.12345", "1.234567890E-2", "1698501144401773000", "9007199254740993",
		"0.1", "123456789012345678", "4.9e-324", "1.7976931348623157e308", "1e-22", "3.0e22",
		"NaN", "-Inf", "0x1p-2", "1_000", "00000000000000000001.5", "1.", "+.5e+1",
		"0000000000000000000000000000000000000000000000000000000.000000000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := strconv.ParseFloat(s, 64)
		if v, n, ok := fastFloat([]byte(s), '.'); ok {
			if n > len(s) {
				t.Fatalf("fastFloat(%q) consumed %d bytes", s, n)
			}
			w, err := strconv.ParseFloat(s[:n], 64)
			if err != nil || math.Float64bits(v) != math.Float64bits(w) {
				t.Fatalf("fastFloat(%q) = %v (%d bytes); strconv gives %v, %v", s, v, n, w, err)
			}
		}
		got, gerr := parseNumber([]byte(s), '.')
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("parseNumber(%q) error %v; strconv error %v", s, gerr, werr)
		}
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseNumber(%q) = %v; strconv gives %v", s, got, want)
		}
		// Decimal comma: the same number with ',' for '.'.
		if !strings.ContainsRune(s, ',') {
			c := strings.ReplaceAll(s, ".", ",")
			got, gerr := parseNumber([]byte(c), ',')
			if (gerr == nil) != (werr == nil) || werr == nil && math.Float64bits(got) != math.Float64bits(want) && !math.IsNaN(want) {
				t.Fatalf("parseNumber(%q, decimal comma) = %v, %v; want %v, %v", c, got, gerr, want, werr)
			}
		}
	})
}

// TestEstimateRate: the rate from a lookahead's time cells, with gaps left
// out and timestamps quantized as loggers write them (millis(), MetaBase's
// elapsed (s) with three decimals): 800 Hz in whole ms (1, 1, 1, 2 ms)
// read 1000 Hz before quantizedPair; 1000 Hz with a missing sample now
// and then stays 1000.
func TestEstimateRate(t *testing.T) {
	ms := func(rate float64, n int, skip func(i int) bool) []float64 {
		var ts []float64
		for i := range n {
			if skip != nil && skip(i) {
				continue
			}
			ts = append(ts, math.Floor(float64(i)*1000/rate)) // ms
		}
		return ts
	}
	for _, tc := range []struct {
		name string
		t    []float64
		div  float64
		want float64
	}{
		{"100 Hz in s", ms(100, 512, nil), 1000, 100},
		{"800 Hz in whole ms", ms(800, 513, nil), 1000, 800},
		{"900 Hz in whole ms", ms(900, 514, nil), 1000, 900},
		{"600 Hz in whole ms", ms(600, 513, nil), 1000, 600},
		{"1000 Hz, one sample in 50 missing", ms(1000, 512, func(i int) bool { return i%50 == 25 }), 1000, 1000},
		// 15 % lost, some two in a row: losses, not quantization (a
		// review: read 870 Hz)
		{"1000 Hz, 15 % missing", ms(1000, 600, func(i int) bool { return i%7 == 3 || i%40 == 4 || i%40 == 5 }), 1000, 1000},
		{"100 Hz with a gap", ms(100, 512, func(i int) bool { return i > 200 && i < 260 }), 1000, 100},
	} {
		if got := estimateRate(tc.t, tc.div); math.Abs(got-tc.want) > 0.002*tc.want {
			t.Errorf("%s: %.2f Hz, want %g", tc.name, got, tc.want)
		}
	}
}
