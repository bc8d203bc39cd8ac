package gait_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestParsePlacement: the names the flag takes, and the longer names
// datasets write into meta.json, read by their words; a name whose words
// name no placement, two, or another segment is refused (substrings are
// not words: "necklace" holds no lace, "chip" no hip).
func TestParsePlacement(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want gait.Placement
	}{
		{"waist", gait.Waist},
		{"Sacrum", gait.Waist},
		{"lowerback", gait.Waist},
		{"lower back", gait.Waist},
		{"Lumbar L4/L5", gait.Waist},
		{"L5", gait.Waist},
		{"sacrum S2", gait.Waist},
		{"pelvis (PSIS midpoint)", gait.Waist},
		{"belt clip", gait.Waist},
		{"trunk", gait.Waist},
		{"shoe", gait.Shoe},
		{"LeftFoot", gait.Shoe},
		{"foot_left", gait.Shoe},
		{"dorsal foot, right", gait.Shoe},
		{"heel-L", gait.Shoe},
		{"back of shoe", gait.Shoe},
		{"back of heel", gait.Shoe},
		{"foot (left leg)", gait.Shoe},
		{"shank", gait.Shank},
		{"right_shank", gait.Shank},
		{"RightShank", gait.Shank},
		{"shank (L)", gait.Shank},
		{"sensor placement: shank", gait.Shank},
		{"ankle (right)", gait.Shank},
		{"lateral malleolus", gait.Shank},
		{"distal tibia", gait.Shank},
		{"lower-leg", gait.Shank},
		{"lower leg", gait.Shank},
	} {
		if p, err := gait.ParsePlacement(tc.in); err != nil || p != tc.want {
			t.Errorf("ParsePlacement(%q) = %v, %v; want %v", tc.in, p, err, tc.want)
		}
	}
	for _, in := range []string{"", "thigh", "upper leg", "thigh (upper leg)", "leg (thigh)", "upper back", "upper trunk", "chest belt",
		"wrist", "necklace", "chip", "foot/ankle", "shank and foot", "chest"} {
		if p, err := gait.ParsePlacement(in); err == nil {
			t.Errorf("ParsePlacement(%q) = %v, want an error", in, p)
		}
	}
}

// FuzzParsePlacement: no name panics ParsePlacement; a name read is one of
// the three placements, whose own name reads back as it, and reads the
// same in upper-case ASCII and with a side word added; a name refused is
// quoted in the error.
func FuzzParsePlacement(f *testing.F) {
	for _, s := range []string{"waist", "Lumbar L4/L5", "dorsal foot, right", "RightShank", "lower-leg", "back of shoe", "thigh (upper leg)", "necklace", "", "ſhoe", "foot/ankle"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := gait.ParsePlacement(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParsePlacement(%q): error %q does not quote the name", s, err)
			}
			return
		}
		if p != gait.Waist && p != gait.Shoe && p != gait.Shank {
			t.Fatalf("ParsePlacement(%q) = %v", s, p)
		}
		if q, err := gait.ParsePlacement(p.String()); err != nil || q != p {
			t.Fatalf("ParsePlacement(%q) = %v, but its name %q reads as %v, %v", s, p, p.String(), q, err)
		}
		upper := strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' {
				return r - 'a' + 'A'
			}
			return r
		}, s)
		for _, v := range []string{upper, s + " left", "right " + s} {
			if q, err := gait.ParsePlacement(v); err != nil || q != p {
				t.Fatalf("ParsePlacement(%q) = %v, but ParsePlacement(%q) = %v, %v", s, p, v, q, err)
			}
		}
	})
}

// FuzzParseActivity: no text panics ParseActivity (--activity, the
// config's activity); an activity read is one of the three, and the name
// of walking or running reads back as it; a text refused is quoted in the
// error.
func FuzzParseActivity(f *testing.F) {
	for _, s := range []string{"", "auto", "walking", "walk", "running", "run", "Running", "unknown", "jog"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := gait.ParseActivity(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseActivity(%q): error %q does not quote the text", s, err)
			}
			return
		}
		switch a {
		case gait.Unknown:
			if s != "" && s != "auto" {
				t.Fatalf("ParseActivity(%q) = %v", s, a)
			}
		case gait.Walking, gait.Running:
			if b, err := gait.ParseActivity(a.String()); err != nil || b != a {
				t.Fatalf("ParseActivity(%q) = %v, but its name %q reads as %v, %v", s, a, a.String(), b, err)
			}
		default:
			t.Fatalf("ParseActivity(%q) = %v", s, a)
		}
	})
}
