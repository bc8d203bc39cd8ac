package serial

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestTextShortSessionReported: a text session that ends (an unplug, a
// device that sends a few lines and disconnects) before its data lines
// could be read as configured — fewer lines than the lookahead — says why
// as a bad line, as a longer one does: it ended with io.EOF alone, its
// lines neither samples nor counted (FuzzSession). A session of no data
// line (a boot banner, a header alone) is no such failure.
func TestTextShortSessionReported(t *testing.T) {
	lines := func(head string, n int, row string) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			fmt.Fprintf(&b, row, float64(i)/100)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, text string
		want       error // nil: no bad line
	}{
		{"no rate, 50 lines", lines("ax,ay,az\n", 50, "%.2f,0.1,1.0\n"), sensor.ErrNoRate},
		{"no rate, 99 lines", lines("ax,ay,az\n", 99, "%.2f,0.1,1.0\n"), sensor.ErrNoRate},
		{"unit unknown, 3 lines", lines("t,ax,ay,az\n", 3, "%.2f,0.1,0.2,0.3\n"), sensor.ErrUnit},
		{"headerless, no rate", lines("", 5, "%.2f,0.1,1.0\n"), sensor.ErrNoRate},
		{"banner alone", "boot v1.2\nready\n", nil},
		{"header alone", "t,ax,ay,az\n", nil},
		{"blank", "\n\r\n", nil},
		{"readable", lines("t,ax,ay,az\n", 20, "%.2f,0.1,0.2,1.0\n"), nil},
	} {
		r, src := runSession(t, Config{Device: "tty", Format: FormatText}, [][]byte{[]byte(tc.text)}, nil)
		switch {
		case tc.want == nil && len(r.bad) > 0:
			t.Errorf("%s: bad lines %q, want none", tc.name, r.bad)
		case tc.want != nil && (len(r.bad) != 1 || !strings.Contains(r.bad[0], "tty: "+tc.want.Error())):
			t.Errorf("%s: bad lines %q, want one saying %q", tc.name, r.bad, tc.want)
		case src.Stats().BadFrames != int64(len(r.bad)):
			t.Errorf("%s: %d bad lines counted, %d reported", tc.name, src.Stats().BadFrames, len(r.bad))
		}
	}
}
