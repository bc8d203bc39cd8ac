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

// TestTextHeaderAfterBadOne: a header the device prints right after one
// that cannot be read (its columns unknown) is read, whatever the chunks
// the port gives: the retry that skips the bad header dropped all it had
// read, the good header and the lines after it with it when they came in
// the same read — every line after it skipped as data, for good.
func TestTextHeaderAfterBadOne(t *testing.T) {
	var b strings.Builder
	b.WriteString("foo,bar,baz\n1,2,3\n4,5,6\nax,ay,az\n")
	for i := range 300 {
		fmt.Fprintf(&b, "0.01,-0.02,%.3f\n", 1+0.1*float64(i%7))
	}
	for _, sizes := range [][]byte{nil, {1}, {7, 200, 3}} {
		cfg := Config{Device: "tty", Format: FormatText, Rate: 100}
		cfg.Text.AccUnit = "g"
		cfg.Text.Lookahead = 8
		r, _ := runSession(t, cfg, [][]byte{[]byte(b.String())}, sizes)
		if len(r.samples) != 300 || len(r.bad) != 1 {
			t.Errorf("chunks %v: %d samples, %d bad %q; want 300 samples after the good header, the bad one reported once", sizes, len(r.samples), len(r.bad), r.bad)
		}
	}
}

// TestTextUnreadableAfterBannerReportedOnce: a header that cannot be read
// (its columns unknown) after a boot banner is reported once for each time
// it is printed. The retries drop the lines they start from one at a time
// — the banner's, then the header — and the try from the header failed
// as the one from the banner had, at another line ("tty:1:" for
// "tty:2:"): reported again, though no data line had come between.
func TestTextUnreadableAfterBannerReportedOnce(t *testing.T) {
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("foo,bar,baz\n")
		for i := range n {
			fmt.Fprintf(&b, "0.01,-0.02,%.3f\n", 1+0.1*float64(i%7))
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"banner, then header", "boot v1.2\nready\n" + block(300), 1},
		{"banner, then header, printed again", "boot v1.2\n" + block(300) + "boot v1.2\n" + block(300), 2},
	} {
		for _, sizes := range [][]byte{nil, {1}, {7, 200, 3}} {
			cfg := Config{Device: "tty", Format: FormatText, Rate: 100}
			cfg.Text.AccUnit = "g"
			cfg.Text.Lookahead = 8
			r, src := runSession(t, cfg, [][]byte{[]byte(tc.text)}, sizes)
			if len(r.bad) != tc.want || src.Stats().BadFrames != int64(tc.want) {
				t.Errorf("%s, chunks %v: %d bad reports (%d counted), want %d: %q", tc.name, sizes, len(r.bad), src.Stats().BadFrames, tc.want, r.bad)
			}
			if len(r.samples) != 0 {
				t.Errorf("%s, chunks %v: %d samples from a stream without acceleration columns", tc.name, sizes, len(r.samples))
			}
		}
	}
}
