package sensor

import (
	"slices"
	"strings"
	"testing"
)

// TestPayloadBareAnatomicalNames checks bare anatomical names in csv and
// line-protocol payloads: read as a header's, and, when not read (a v
// beside ax,ay,az: a voltage), ignored as before, not refused ("key v
// cannot be placed").
func TestPayloadBareAnatomicalNames(t *testing.T) {
	for _, tc := range []struct {
		msg     string
		frame   Frame
		acc     [3]bool
		first   [3]float64
		ignored []string
	}{
		// (v goes to the csv header that line protocol becomes, whose
		// unread names are not listed: only lat, which is no name)
		{"imu ax=1,ay=2,az=3,v=3.7,lat=51.5 1700000000000000000", FrameSensor, [3]bool{true, true, true}, [3]float64{1, 2, 3}, []string{"lat"}},
		{"t,ax,ay,az,v\n1700000000.00,1,2,3,3.7\n1700000000.01,1,2,3,3.7\n", FrameSensor, [3]bool{true, true, true}, [3]float64{1, 2, 3}, []string{"v"}},
		{"t,vertical,ap,ml\n1700000000.00,9.8,0.5,0.1\n1700000000.01,9.7,0.4,0.1\n", FrameAnatomical, [3]bool{true, true, true}, [3]float64{9.8, 0.5, 0.1}, nil},
		{"t,v,ap,ml,speed\n1700000000.00,9.8,0.5,0.1,3\n1700000000.01,9.7,0.4,0.1,3\n", FrameAnatomical, [3]bool{true, true, true}, [3]float64{9.8, 0.5, 0.1}, []string{"speed"}},
	} {
		var p Payload
		if err := DecodePayload(&p, "topic", []byte(tc.msg), PayloadOptions{Epoch: 1700000000000000000}); err != nil {
			t.Errorf("%q: %v", tc.msg, err)
			continue
		}
		if p.Layout.Frame != tc.frame || p.Layout.Acc != tc.acc || len(p.Samples) == 0 || p.Samples[0].Acc != tc.first || !slices.Equal(p.CSVIgnored, tc.ignored) {
			t.Errorf("%q: layout %+v, samples %+v, ignored %q; want frame %v axes %v first %v ignored %q", strings.TrimSpace(tc.msg), p.Layout, p.Samples, p.CSVIgnored, tc.frame, tc.acc, tc.first, tc.ignored)
		}
	}
}
