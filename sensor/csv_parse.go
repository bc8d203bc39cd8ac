package sensor

import (
	"bytes"
	"math"
	"strconv"
)

// Number parsing for the CSV reader. The hot path parses plain decimals in
// place, without allocating; anything unusual (NaN, Inf, hex floats, very
// long mantissas, large exponents) falls back to strconv.ParseFloat. Both
// paths give bit-identical results (FuzzFastFloat checks this). A line is
// tried first whole by plainRow (csv.go: every field [-]digits[.digits],
// 15 digits at most), then field by field by plainNumber (the same form,
// or with an exponent), fastFloat and strconv (FuzzPlainRow,
// FuzzPlainNumber).

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// fastFloat parses the plain decimal number at the start of b:
// [+-]digits[<dec>digits][(e|E)[+-]digits], with dec as the decimal mark.
// It returns the value and the number of bytes consumed.
//
// ok is false when b does not start with such a number or when the value
// cannot be computed exactly by this path; the caller then falls back to
// strconv. When ok, f is bit-identical to strconv.ParseFloat(b[:n]) (with
// dec replaced by '.'): the mantissa is an exact integer below 2⁵³ and the
// power of ten is at most 10²², so one IEEE multiplication or division
// rounds correctly (Clinger's fast path); integers up to 19 digits with no
// fraction convert directly, which also rounds once. More than 19 digits
// (leading zeros included) take the slow path.
func fastFloat(b []byte, dec byte) (f float64, n int, ok bool) {
	i := 0
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	// Accumulate all digits; more than 19 (leading zeros included) could
	// overflow and go to the slow path.
	var mant uint64
	j := i
	for ; i < len(b) && b[i]-'0' <= 9; i++ {
		mant = mant*10 + uint64(b[i]-'0')
	}
	digits, frac := i-j, 0
	if i < len(b) && b[i] == dec {
		i++
		j = i
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			mant = mant*10 + uint64(b[i]-'0')
		}
		frac = i - j
		digits += frac
	}
	if digits == 0 || digits > 19 {
		return 0, 0, false
	}
	exp := 0
	if i < len(b) && b[i]|0x20 == 'e' {
		j := i + 1
		eneg := false
		if j < len(b) && (b[j] == '-' || b[j] == '+') {
			eneg = b[j] == '-'
			j++
		}
		if j >= len(b) || b[j]-'0' > 9 {
			return 0, 0, false // "1e", "1e+": let strconv report it
		}
		for ; j < len(b) && b[j]-'0' <= 9; j++ {
			if exp < 100000 {
				exp = exp*10 + int(b[j]-'0')
			}
		}
		if eneg {
			exp = -exp
		}
		i = j
	}
	switch e10 := exp - frac; {
	case mant == 0:
		f = 0
	case mant <= 1<<53 && e10 >= -22 && e10 <= 22:
		f = float64(mant)
		if e10 < 0 {
			f /= pow10[-e10]
		} else {
			f *= pow10[e10]
		}
	case e10 == 0:
		f = float64(mant) // ≤ 19 digits: one rounding
	default:
		return 0, 0, false
	}
	if neg {
		f = -f
	}
	return f, i, true
}

// plainNumber parses the common field at the start of b: [-]digits
// [<dec>digits][(e|E)[+-]digits], 15 digits at most, ended by sep or by
// b's end. It returns the value and the index of the end; f is
// fastFloat's (Clinger's fast path: an exact mantissa below 10¹⁵ divided
// or multiplied by an exact power of ten, 10²² at most, one rounding). ok
// is false for anything else, blanks and quotes included: the caller then
// tries fastField, which reads all of fastFloat's forms.
// A leaf of its own, its loop keeps the mantissa in a register (inside
// parseRow it was spilled on every digit).
func plainNumber(b []byte, sep, dec byte) (f float64, n int, ok bool) {
	i := 0
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		i = 1
	}
	var mant uint64
	j := i
	for ; i < len(b) && b[i]-'0' <= 9; i++ {
		mant = mant*10 + uint64(b[i]-'0')
	}
	digits, frac := i-j, 0
	if i < len(b) && b[i] == dec {
		i++
		j = i
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			mant = mant*10 + uint64(b[i]-'0')
		}
		frac = i - j
		digits += frac
	}
	if digits == 0 || digits > 15 {
		return 0, 0, false
	}
	e10 := -frac
	if i < len(b) && b[i]|0x20 == 'e' {
		// an exponent (phyphox's 4.832080000E-02): [eE][+-]digits
		i++
		eneg := i < len(b) && b[i] == '-'
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			i++
		}
		j, exp := i, 0
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			if exp < 100000 {
				exp = exp*10 + int(b[i]-'0')
			}
		}
		if i == j {
			return 0, 0, false
		}
		if eneg {
			exp = -exp
		}
		e10 += exp
	}
	if i < len(b) && b[i] != sep || e10 < -22 || e10 > 22 {
		return 0, 0, false
	}
	f = float64(mant)
	if e10 < 0 {
		f /= pow10[-e10]
	} else {
		f *= pow10[e10]
	}
	if neg {
		f = -f
	}
	return f, i, true
}

// slowFloat parses a whole field with strconv, after replacing a decimal
// comma. It allocates for long fields and for errors.
func slowFloat(b []byte, dec byte) (float64, error) {
	if dec != '.' && bytes.IndexByte(b, dec) >= 0 {
		var buf [64]byte
		c := append(buf[:0], b...)
		for i, x := range c {
			if x == dec {
				c[i] = '.'
			}
		}
		b = c
	}
	return strconv.ParseFloat(string(b), 64)
}

// parseNumber parses a trimmed field: fast path first, then strconv.
func parseNumber(b []byte, dec byte) (float64, error) {
	if f, n, ok := fastFloat(b, dec); ok && n == len(b) {
		return f, nil
	}
	return slowFloat(b, dec)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
