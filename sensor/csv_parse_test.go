package sensor

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
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

// TestPlainNumber: a field's first try reads [-]digits[.digits] of up to
// 15 digits, with or without an exponent, ended by the separator or the
// field's end, bit for bit as strconv; anything else is left to fastField
// (ok false).
func TestPlainNumber(t *testing.T) {
	for _, tt := range []struct {
		in       string
		sep, dec byte
		n        int // bytes read; -1: refused
	}{
		{"-0.12345", ',', '.', 8},
		{"0.98000,1", ',', '.', 7},
		{"12", ',', '.', 2},
		{"-0", ',', '.', 2},
		{"-0.0", ',', '.', 4},
		{".5", ',', '.', 2},
		{"5.", ',', '.', 2},
		{"123456789012345", ',', '.', 15},
		{"9.99999999999999;", ';', '.', 16},
		{"0,00112;-0,01", ';', ',', 7},
		{"1.5\t2", '\t', '.', 3},
		{"1234567890123456", ',', '.', -1},  // 16 digits
		{"0.000000000000001", ',', '.', -1}, // 16 digits, leading zeros counted
		{"4.832080000E-02,1", ',', '.', 15},
		{"-1,5e+3;", ';', ',', 7},
		{"1e22", ',', '.', 4},
		{"0.5e-21", ',', '.', 7},
		{"1e23", ',', '.', -1}, // beyond the exact powers of ten
		{"1e-23", ',', '.', -1},
		{"1e", ',', '.', -1},
		{"1e+,", ',', '.', -1},
		{"1e3x", ',', '.', -1},
		{"+1.5", ',', '.', -1},
		{"1.5 ,", ',', '.', -1},
		{" 1.5", ',', '.', -1},
		{`"1.5"`, ',', '.', -1},
		{"1.5;", ',', '.', -1},
		{"1.2.3", ',', '.', -1},
		{"-", ',', '.', -1},
		{".", ',', '.', -1},
		{"-.", ',', '.', -1},
		{"", ',', '.', -1},
		{",", ',', '.', -1},
		{"NaN", ',', '.', -1},
	} {
		f, n, ok := plainNumber([]byte(tt.in), tt.sep, tt.dec)
		if !ok {
			if tt.n >= 0 {
				t.Errorf("plainNumber(%q) refused; want %d bytes read", tt.in, tt.n)
			}
			continue
		}
		want, err := strconv.ParseFloat(strings.ReplaceAll(tt.in[:min(n, len(tt.in))], string(tt.dec), "."), 64)
		if n != tt.n || err != nil || math.Float64bits(f) != math.Float64bits(want) {
			t.Errorf("plainNumber(%q) = %v, %d bytes; want %v (%v), %d bytes", tt.in, f, n, want, err, tt.n)
		}
	}
}

// checkPlainNumber holds plainNumber to strconv and fastFloat on field b
// (the bytes of a line from a field's start on): taken, it must stop at
// the separator or the line's end, give strconv's bits and agree with
// fastFloat. It reports whether the field was taken.
func checkPlainNumber(t *testing.T, b []byte, sep, dec byte) bool {
	t.Helper()
	f, n, ok := plainNumber(b, sep, dec)
	if !ok {
		return false
	}
	if n > len(b) || n < len(b) && b[n] != sep {
		t.Fatalf("plainNumber(%q, %q, %q) stopped at %d", b, sep, dec, n)
	}
	want, err := strconv.ParseFloat(strings.ReplaceAll(string(b[:n]), string(dec), "."), 64)
	if err != nil || math.Float64bits(f) != math.Float64bits(want) {
		t.Fatalf("plainNumber(%q, %q, %q) = %v; strconv gives %v, %v", b[:n], sep, dec, f, want, err)
	}
	if g, m, ok := fastFloat(b, dec); !ok || m != n || math.Float64bits(g) != math.Float64bits(f) {
		t.Fatalf("plainNumber(%q, %q, %q) = %v, %d bytes; fastFloat %v, %d bytes, %v", b, sep, dec, f, n, g, m, ok)
	}
	return true
}

// FuzzPlainNumber: plainNumber, when it takes a field, agrees bit for bit
// with strconv.ParseFloat and with fastFloat, under each separator and
// decimal mark the reader uses.
func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{
		"-0.12345,1", "0.98000", "123456789012345", "1234567890123456", "9007199254740993",
		"-0", ".5", "5.", "0.000000000000001", "1e5", "+1", "1.5 ", "999999999999999.", "-.0;",
		"4.832080000E-02", "1e22,", "1e-22", "9.99e+99", "1e", "1e+",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, mode uint8) {
		sep := [...]byte{',', ';', '\t'}[mode%3]
		dec := byte('.')
		if sep == ';' && mode&4 != 0 {
			dec = ','
		}
		checkPlainNumber(t, []byte(s), sep, dec)
	})
}

// TestPlainNumberCells runs every cell of the repository's CSV files and
// the shared datasets through checkPlainNumber; every data cell of the
// datasets' recordings (plain five-decimal numbers) must take the path.
func TestPlainNumberCells(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/*/*", "testdata/*", datasetsDir + "/*/*/*.csv"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	cells := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			continue // (folders)
		}
		input := strings.HasPrefix(name, datasetsDir) && filepath.Base(name) == "input.csv"
		for no, line := range bytes.Split(b, []byte("\n")) {
			line = bytes.TrimRight(line, "\r")
			for _, m := range [][2]byte{{',', '.'}, {';', '.'}, {';', ','}, {'\t', '.'}, {'\t', ','}} {
				sep, dec := m[0], m[1]
				for p := 0; p <= len(line); {
					taken := checkPlainNumber(t, line[p:], sep, dec)
					if taken {
						cells++
					} else if input && no > 0 && sep == ',' && len(line) > 0 {
						t.Errorf("%s:%d: field %q not taken", name, no+1, line[p:])
					}
					e := bytes.IndexByte(line[p:], sep)
					if e < 0 {
						break
					}
					p += e + 1
				}
			}
		}
	}
	if cells == 0 {
		t.Fatal("no cell taken")
	}
	t.Logf("%d cells from %d files", cells, len(files))
}

// checkPlainRow holds plainRow to fields, the general reader, on line
// under r's layout: when plainRow takes the line, both must read the same
// field count and the same bits into every kind, and fields no error. It
// reports whether the line was taken.
func checkPlainRow(t *testing.T, r *CSVReader, line []byte) bool {
	t.Helper()
	var pv, fv [nKinds]float64
	nf, ok := r.plainRow(line, &pv)
	if !ok {
		return false
	}
	fnf, errField, err := r.fields(line, &fv)
	if nf != fnf || errField >= 0 {
		t.Fatalf("line %q: plainRow read %d fields; fields %d, error at %d: %v", line, nf, fnf, errField, err)
	}
	for k := range pv {
		if math.Float64bits(pv[k]) != math.Float64bits(fv[k]) {
			t.Fatalf("line %q, kind %d: plainRow %v, fields %v", line, k, pv[k], fv[k])
		}
	}
	// and each field read is strconv.ParseFloat's, bit for bit (a line
	// taken has no quotes: its fields are what lies between separators)
	for i, cell := range bytes.Split(line, []byte{r.sep}) {
		if i >= nf || i >= len(r.cols) || r.cols[i] == colIgnore {
			continue
		}
		want, err := strconv.ParseFloat(strings.ReplaceAll(string(cell), string(r.dec), "."), 64)
		if err != nil || math.Float64bits(pv[r.cols[i]]) != math.Float64bits(want) {
			t.Fatalf("line %q, field %d %q: plainRow %v; strconv gives %v, %v", line, i, cell, pv[r.cols[i]], want, err)
		}
	}
	return true
}

// FuzzPlainRow: plainRow, when it takes a line, reads what fields reads,
// under each separator and decimal mark, with and without columns that
// are not read.
func FuzzPlainRow(f *testing.F) {
	for _, s := range []string{
		"0.01,0.97492,-0.02409,0.08951,-1.31080,0.15540,-0.76270",
		"1,2,3", "1,2,3,4,5,6,7,8", "1,,3", "1,2,", `1,"2,3",4`, "1, 2,3", "-.5,5.,0",
		"12345678901234567,1,2", "1e3,2,3", "0,00112;-0,01;5", "1\t2\t3\t4", "x,1,2,3,4",
		`"x,1,2,y",1,2,3,4,5`, // a quoted separator in a column not read
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(5))
		f.Add(s, uint8(9)) // (',', with columns not read)
	}
	f.Fuzz(func(t *testing.T, line string, mode uint8) {
		if strings.ContainsAny(line, "\r\n") {
			return // (one line)
		}
		sep := [...]byte{',', ';', '\t'}[mode%3]
		dec := byte('.')
		if sep == ';' && mode&4 != 0 {
			dec = ','
		}
		cols := []colKind{colTime, colAcc0, colAcc1, colAcc2, colGyr0, colGyr1, colGyr2}
		if mode&8 != 0 {
			cols = []colKind{colIgnore, colTime, colAcc0, colIgnore, colAcc1, colAcc2}
		}
		r := &CSVReader{sep: sep, dec: dec, cols: cols, nf: len(cols)}
		checkPlainRow(t, r, []byte(line))
	})
}

// TestPlainRowLines runs every line of the repository's CSV files and the
// shared datasets, under the layout the reader finds for each, through
// checkPlainRow; every data line of the datasets' recordings must take
// the path.
func TestPlainRowLines(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/*/*", "testdata/*", datasetsDir + "/*/*/*.csv"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	lines := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			continue // (folders)
		}
		r, err := NewCSVReader(bytes.NewReader(b), CSVOptions{Name: name})
		if err != nil || r.sep == ' ' || r.keys != nil {
			continue // (not a CSV file, or not plainRow's)
		}
		input := strings.HasPrefix(name, datasetsDir) && filepath.Base(name) == "input.csv"
		for no, line := range bytes.Split(b, []byte("\n")) {
			line = bytes.TrimRight(line, "\r \t")
			if checkPlainRow(t, r, line) {
				lines++
			} else if input && no > 0 && len(line) > 0 {
				t.Errorf("%s:%d: line not taken", name, no+1)
			}
		}
	}
	if lines == 0 {
		t.Fatal("no line taken")
	}
	t.Logf("%d lines from %d files", lines, len(files))
}

// TestPlainRowTrailingSeparator: an Arduino sketch's lines that end with
// a comma are plainRow's (the separator opens no field: fields reads them
// so), unless the line is a field short, where fields reads an empty last
// field and reports it. Before, plainRow read such a line whole and gave
// it up at its end, and fields read it again.
func TestPlainRowTrailingSeparator(t *testing.T) {
	r := &CSVReader{sep: ',', dec: '.', nf: 7,
		cols: []colKind{colTime, colAcc0, colAcc1, colAcc2, colGyr0, colGyr1, colGyr2}}
	for _, tt := range []struct {
		line  string
		taken bool
		nf    int
	}{
		{"1163,0.642,0.431,11.603,0.3200,0.1127,0.1635,", true, 7},
		{"1163,0.642,0.431,11.603,0.3200,0.1127,0.1635", true, 7},
		{"1163,0.642,0.431,", true, 3},
		{"1163,0.642,0.431,11.603,0.3200,0.1127,", false, 0}, // its gyro z empty
	} {
		var v [nKinds]float64
		nf, ok := r.plainRow([]byte(tt.line), &v)
		if ok != tt.taken || nf != tt.nf {
			t.Errorf("%q: plainRow %d fields, %v; want %d, %v", tt.line, nf, ok, tt.nf, tt.taken)
		}
		checkPlainRow(t, r, []byte(tt.line))
	}
}
