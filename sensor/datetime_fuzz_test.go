package sensor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseDateTime: a date and time written in each form parseDateTime
// documents reads as time.Date gives it (the fraction and offset too),
// and one that does not exist (31/02, hour 24, minute 60) is refused; any
// text it reads gives a finite time. The fraction is the digits of frac
// (at most 9).
func FuzzParseDateTime(f *testing.F) {
	f.Add(uint16(2018), uint8(10), uint8(3), uint8(17), uint8(23), uint8(55), "464", int16(0), uint8(0), false)
	f.Add(uint16(2021), uint8(5), uint8(17), uint8(13), uint8(0), uint8(0), "010", int16(-300), uint8(6), false)
	f.Add(uint16(2021), uint8(2), uint8(13), uint8(23), uint8(59), uint8(59), "99", int16(60), uint8(3), true)
	f.Add(uint16(2020), uint8(2), uint8(29), uint8(0), uint8(0), uint8(0), "", int16(0), uint8(4), false)
	f.Add(uint16(2021), uint8(2), uint8(29), uint8(0), uint8(0), uint8(0), "", int16(0), uint8(4), false)
	f.Add(uint16(2021), uint8(12), uint8(31), uint8(12), uint8(0), uint8(60), "5", int16(0), uint8(6), false)
	f.Fuzz(func(t *testing.T, y16 uint16, mo, d, h, mi, s uint8, frac string, offMin int16, form uint8, dayFirst bool) {
		y := 1000 + int(y16)%9000
		if len(frac) > 9 || strings.Trim(frac, "0123456789") != "" {
			return
		}
		mo, d, h, mi, s = mo%14, d%33, h%26, mi%62, s%62
		off := int(offMin) % (24 * 60)
		form %= 8
		if form == 6 || form == 7 {
			h %= 24 // (a 12-hour clock has no hour 24)
		}
		exists := mo >= 1 && mo <= 12 && d >= 1 && time.Date(y, time.Month(mo), int(d), 0, 0, 0, 0, time.UTC).Day() == int(d) && h <= 23 && mi <= 59 && s <= 60
		clock := fmt.Sprintf("%02d:%02d:%02d", h, mi, s)
		if form == 6 || form == 7 {
			// a 12-hour clock: hours 1 to 12
			h12 := int(h) % 12
			if h12 == 0 {
				h12 = 12
			}
			clock = fmt.Sprintf("%d:%02d:%02d", h12, mi, s)
		}
		if frac != "" {
			sep := "."
			if form == 5 {
				sep = ","
			}
			clock += sep + frac
		}
		if form == 6 || form == 7 {
			clock += map[bool]string{false: " AM", true: " PM"}[h >= 12]
		}
		zone := ""
		switch {
		case form == 1:
			zone = "Z"
			off = 0
		case off != 0 && form != 3 && form != 7:
			a := off
			sign := "+"
			if a < 0 {
				sign, a = "-", -a
			}
			zone = fmt.Sprintf("%s%02d:%02d", sign, a/60, a%60)
			if form == 6 {
				zone = " " + zone
			}
		default:
			off = 0
		}
		first, second := int(mo), int(d)
		if dayFirst {
			first, second = second, first
		}
		var text string
		switch form {
		case 0:
			text = fmt.Sprintf("%04d-%02d-%02d %s%s", y, mo, d, clock, zone)
		case 1:
			text = fmt.Sprintf("%04d-%02d-%02dT%s%s", y, mo, d, clock, zone)
		case 2:
			text = fmt.Sprintf("%04d/%d/%d %s%s", y, mo, d, clock, zone)
		case 3, 6, 7:
			text = fmt.Sprintf("%d/%d/%04d %s%s", first, second, y, clock, zone)
		case 4:
			text = fmt.Sprintf("%d.%d.%04d %s%s", d, mo, y, clock, zone) // day first always
		case 5:
			text = fmt.Sprintf("%02d-%02d-%04d %s%s", first, second, y, clock, zone)
		}
		text = map[bool]string{false: text, true: `"` + text + `" `}[y%7 == 0]
		got, ok := parseDateTime([]byte(text), dayFirst)
		if ok && (math.IsNaN(got) || math.IsInf(got, 0)) {
			t.Fatalf("parseDateTime(%q) = %v", text, got)
		}
		if ok != exists {
			t.Fatalf("parseDateTime(%q, dayFirst %v): ok %v, want %v", text, dayFirst, ok, exists)
		}
		if !ok {
			return
		}
		fr := 0.0
		if frac != "" {
			fr, _ = strconv.ParseFloat("0."+frac, 64)
		}
		want := float64(time.Date(y, time.Month(mo), int(d), int(h), int(mi), int(s), 0, time.UTC).Unix()-int64(off)*60) + fr
		if math.Abs(got-want) > 1e-6 {
			t.Fatalf("parseDateTime(%q, dayFirst %v) = %.6f, want %.6f", text, dayFirst, got, want)
		}
	})
}
