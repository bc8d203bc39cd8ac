package gait_test

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestParsePlacement: the names the flag takes, and the longer names
// datasets write into meta.json, with the side some of them carry; a name
// that holds no placement word, or words of two placements, is refused.
func TestParsePlacement(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want gait.Placement
		side gait.Side
	}{
		{"waist", gait.Waist, gait.SideUnknown},
		{"Sacrum", gait.Waist, gait.SideUnknown},
		{"lowerback", gait.Waist, gait.SideUnknown},
		{"lower back", gait.Waist, gait.SideUnknown},
		{"Lumbar L4/L5", gait.Waist, gait.SideUnknown},
		{"L5", gait.Waist, gait.SideUnknown},
		{"pelvis (PSIS midpoint)", gait.Waist, gait.SideUnknown},
		{"shoe", gait.Shoe, gait.SideUnknown},
		{"LeftFoot", gait.Shoe, gait.Left},
		{"dorsal foot, right", gait.Shoe, gait.Right},
		{"heel-L", gait.Shoe, gait.Left},
		{"shank", gait.Shank, gait.SideUnknown},
		{"right_shank", gait.Shank, gait.Right},
		{"RightShank", gait.Shank, gait.Right},
		{"shank (L)", gait.Shank, gait.Left},
		{"distal tibia", gait.Shank, gait.SideUnknown},
		{"lower-leg", gait.Shank, gait.SideUnknown},
		{"left and right shank", gait.Shank, gait.SideUnknown},
	} {
		p, err := gait.ParsePlacement(tc.in)
		if err != nil || p != tc.want {
			t.Errorf("ParsePlacement(%q) = %v, %v; want %v", tc.in, p, err, tc.want)
		}
		if s := gait.PlacementSide(tc.in); s != tc.side {
			t.Errorf("PlacementSide(%q) = %v, want %v", tc.in, s, tc.side)
		}
	}
	for _, in := range []string{"", "thigh", "wrist", "foot/ankle", "chest"} {
		if p, err := gait.ParsePlacement(in); err == nil {
			t.Errorf("ParsePlacement(%q) = %v, want an error", in, p)
		}
	}
}
