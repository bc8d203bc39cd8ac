package serial

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestTextUnreadableReportedOnce: a text stream that cannot be read as
// configured (no time column, no --rate) is reported once for each header
// it prints, not twice for its first: the retry began again at the header
// the failed try had started from, read the same lines and failed again
// (a review).
func TestTextUnreadableReportedOnce(t *testing.T) {
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("ax,ay,az\n")
		for i := range n {
			fmt.Fprintf(&b, "%.2f,0.1,1.0\n", float64(i%50)/100)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"one header", block(600), 1},
		{"header printed again", block(600) + block(600), 2},
		{"banner, then header", "boot v1.2\nready\n" + block(600), 1},
	} {
		r, src := runSession(t, Config{Device: "tty", Format: FormatText}, [][]byte{[]byte(tc.text)}, nil)
		if len(r.bad) != tc.want || src.Stats().BadFrames != int64(tc.want) {
			t.Errorf("%s: %d bad reports (%d counted), want %d: %q", tc.name, len(r.bad), src.Stats().BadFrames, tc.want, r.bad)
		}
		for _, b := range r.bad {
			if !strings.Contains(b, "tty: "+sensor.ErrNoRate.Error()) {
				t.Errorf("%s: %q does not say the rate is missing", tc.name, b)
			}
		}
		if len(r.samples) != 0 {
			t.Errorf("%s: %d samples from a stream without a rate", tc.name, len(r.samples))
		}
	}
}
