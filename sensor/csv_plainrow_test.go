package sensor

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestPlainRowRandom holds plainRow to fields and to strconv.ParseFloat
// (checkPlainRow) on random lines of numbers made to cross its runs of
// 8 digits read at once: integer parts and fractions of 0 to 17 digits,
// leading and trailing zeros, signs, the digits' limit of 15, decimal
// commas, fields that are not plain numbers, columns not read, trailing
// separators, and lines on either side of plainLen. Lines of plain
// numbers of 15 digits at most must be taken.
func TestPlainRowRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	digits := func(k int) string {
		var b strings.Builder
		for range k {
			switch rng.IntN(4) {
			case 0:
				b.WriteByte('0')
			case 1:
				b.WriteByte('9')
			default:
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		return b.String()
	}
	runLen := func() int {
		if rng.IntN(4) == 0 {
			return rng.IntN(18)
		}
		return rng.IntN(10)
	}
	odd := []string{"", "-", ".", "-.", "+1", "1e5", "1.5e-3", "NaN", "Inf", "0x10", " 1", "1 ", "--1", "1..2",
		"1.2.3", "\"1\"", "1\x00", "\x001", "1/2", "1:2", "١", "\xff", "1,5", "9" + strings.Repeat("0", 20)}
	layouts := [][]colKind{
		{colTime, colAcc0, colAcc1, colAcc2, colGyr0, colGyr1, colGyr2},
		{colIgnore, colTime, colAcc0, colIgnore, colAcc1, colAcc2},
		{colAcc0, colAcc1, colAcc2},
	}
	taken, plain := 0, 0
	for iter := range 100000 {
		cols := layouts[iter%len(layouts)]
		sep, dec := byte(','), byte('.')
		switch iter % 7 {
		case 1:
			sep = ';'
		case 2:
			sep, dec = ';', ','
		case 3:
			sep = '\t'
		}
		r := &CSVReader{sep: sep, dec: dec, cols: cols, nf: len(cols)}
		nf := len(cols)
		if rng.IntN(20) == 0 {
			nf += rng.IntN(3) - 1
		}
		var line []byte
		isPlain := true
		for f := range nf {
			if f > 0 {
				line = append(line, sep)
			}
			if rng.IntN(50) == 0 {
				c := odd[rng.IntN(len(odd))]
				line = append(line, c...)
				isPlain = false
				continue
			}
			neg := rng.IntN(3) == 0
			ip, fp := runLen(), runLen()
			hasDec := rng.IntN(8) != 0
			if !hasDec {
				fp = 0
			}
			if neg {
				line = append(line, '-')
			}
			line = append(line, digits(ip)...)
			if hasDec {
				line = append(line, dec)
				line = append(line, digits(fp)...)
			}
			if ip+fp == 0 || ip+fp > 15 {
				isPlain = false
			}
		}
		if rng.IntN(10) == 0 {
			line = append(line, sep) // (a trailing separator)
		}
		if rng.IntN(500) == 0 {
			// a line about plainLen long: a column of padding
			pad := plainLen - len(line) - 2 + rng.IntN(5)
			if pad > 0 {
				line = append(append(line, sep), bytes.Repeat([]byte{'1'}, pad)...)
				isPlain = false
			}
		}
		if checkPlainRow(t, r, line) {
			taken++
		} else if isPlain && nf == len(cols) && len(line) < plainLen && line[len(line)-1] != sep {
			t.Fatalf("line %q (sep %q, dec %q) not taken", line, sep, dec)
		}
		if isPlain {
			plain++
		}
	}
	t.Logf("%d of 100000 lines taken (%d plain)", taken, plain)
}

// TestPlainRowEdges: fields at the edges of the 8-byte reads, each alone
// and in a line, against strconv.ParseFloat (checkPlainRow), and lines
// plainRow must take.
func TestPlainRowEdges(t *testing.T) {
	var cells []string
	for ip := 0; ip <= 16; ip++ {
		for fp := -1; ip+fp <= 17; fp++ {
			for _, d := range []string{"0", "1", "9", "5", "123456789"} {
				c := strings.Repeat(d, 17)[:ip]
				if fp >= 0 {
					c += "." + strings.Repeat("7"+d, 17)[:fp]
				}
				cells = append(cells, c, "-"+c)
			}
		}
	}
	cells = append(cells, "999999999999999", "999999999.999999", "0.000000000000001", "100000000000000.0",
		"9007199254740993", "0.1", "0.2", "0.3", "-0", "-0.0", "00000000.00000001", "12345678.1234567")
	r := &CSVReader{sep: ',', dec: '.', nf: 3, cols: []colKind{colAcc0, colAcc1, colAcc2}}
	for _, c := range cells {
		digits := len(strings.Trim(strings.TrimPrefix(c, "-"), "."))
		if strings.Contains(c, ".") {
			digits = len(strings.TrimPrefix(c, "-")) - 1
		}
		wantTaken := digits >= 1 && digits <= 15
		for _, line := range []string{c + ",1,2", "1," + c + ",2", "1,2," + c} {
			if got := checkPlainRow(t, r, []byte(line)); got != wantTaken {
				t.Errorf("line %q: taken %v, want %v", line, got, wantTaken)
			}
		}
		if wantTaken {
			var v [nKinds]float64
			r.plainRow([]byte("1,2,"+c), &v)
			if want, _ := strconv.ParseFloat(c, 64); v[colAcc2] != want {
				t.Errorf("%q: %v, want %v", c, v[colAcc2], want)
			}
		}
	}
}
