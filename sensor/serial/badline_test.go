package serial

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// timedLine is data line i of a stream with a time column (t,ax,ay,az in
// g at 100 Hz) whose clock starts at t0 s.
func timedLine(i int, t0 float64) string {
	ph := 2 * math.Pi * float64(i) / 55
	return fmt.Sprintf("%.2f,%.3f,%.3f,%.3f\r\n", t0+float64(i)/100, 0.2*math.Cos(ph), 0.05*math.Sin(3*ph), 1+0.5*math.Sin(ph))
}

// parseErrors returns the bad lines of c that are unparsable cells.
func parseErrors(c *collector) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, err := range c.bad {
		var le *sensor.LineError
		if errors.As(err, &le) && errors.Is(err, sensor.ErrParse) {
			out = append(out, err.Error())
		}
	}
	return out
}

// TestTextBadLineNumbers: a bad line is reported at its line among the
// lines the session read from the port (the session's first line is line
// 1), whatever the session put in front of them or skipped: a session that
// put in the earlier session's header (a device that prints it once, at
// boot, replugged) reported its bad lines one line late — the header put
// in counted as a line of the port — and a session that skipped lines to
// a header it could read, as many lines early as it skipped. A session
// restarted on an open port (the device's clock went back) numbers its
// lines from the first it reads after the ones the session before it
// refused.
func TestTextBadLineNumbers(t *testing.T) {
	const bad = 150 // the data line made unparsable (0-based)
	// data is 300 data lines, the bad one among them; with temp, a fifth
	// field (a temperature), which a headerless stream cannot have
	data := func(t0 float64, temp bool) string {
		var b strings.Builder
		for i := range 300 {
			line := timedLine(i, t0)
			if i == bad {
				line = "0.01,oops,0.0,1.0\r\n"
			}
			if temp {
				line = strings.TrimSuffix(line, "\r\n") + ",25.0\r\n"
			}
			b.WriteString(line)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name   string
		replug bool
		temp   bool
		first  string // written before the data lines
		line   int    // the bad line's, among the session's lines
	}{
		{"the earlier header put in", true, false, "", bad + 1},
		{"blank lines, the earlier header put in", true, false, "\r\n\r\n", bad + 3},
		{"a boot banner, read without a header", true, false, "ESP-ROM:esp32s3-20210327\r\nIMU ready\r\n", bad + 3},
		// (unreadable without a header: read again with the earlier
		// one put before the first data line)
		{"a boot banner, the earlier header put in", true, true, "ESP-ROM:esp32s3-20210327\r\nIMU ready\r\n", bad + 3},
		{"the header printed again", true, false, "t,ax,ay,az\r\n", bad + 2},
		{"lines skipped to a header", false, false, "foo,bar,baz\r\n1,2,3\r\n4,5,6\r\nt,ax,ay,az\r\n", bad + 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, link := mustLinkedPTY(t)
			r := mustRun(t, Config{Device: link, Format: FormatText})
			name := link
			if tc.replug {
				hdr := "t,ax,ay,az\r\n"
				if tc.temp {
					hdr = "t,ax,ay,az,temp\r\n"
				}
				if err := <-writeAll(t, m, []byte(hdr+data(0, tc.temp))); err != nil {
					t.Fatal(err)
				}
				waitFor(t, 3*time.Second, "the first session", func() bool { return r.c.count() >= 299 })
				m.Close()
				waitFor(t, 2*time.Second, "disconnect", func() bool { return !r.src.Stats().Connected })
				m = replug(t, link)
				waitFor(t, 3*time.Second, "reconnect", func() bool { return r.src.Stats().Connected })
				name = link + " (session 2)"
			}
			before := r.c.count()
			if err := <-writeAll(t, m, []byte(tc.first+data(10, tc.temp))); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "the session's samples", func() bool { return r.c.count() >= before+299 })
			want := fmt.Sprintf("%s:%d: column %q: %v", name, tc.line, "ax", sensor.ErrParse)
			got := parseErrors(r.c)
			if tc.replug {
				// (the first session's own bad line)
				first := fmt.Sprintf("%s:%d: ", link, bad+2)
				if len(got) == 0 || !strings.HasPrefix(got[0], first) {
					t.Errorf("the first session's bad lines %q, want one starting %q", got, first)
				}
				got = got[min(1, len(got)):]
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], want) {
				t.Errorf("bad lines %q, want one starting %q", got, want)
			}
		})
	}
}

// TestTextBadLineNumbersAfterRestart: a session restarted on an open port
// (three lines whose time went back: the device's clock restarted) is read
// with the header put in before the lines given back, and numbers its
// lines from the first of those: its bad line and a line cut by an unplug
// were reported one line late.
func TestTextBadLineNumbersAfterRestart(t *testing.T) {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText})
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	for i := range 300 {
		b.WriteString(timedLine(i, 0))
	}
	for i := range 300 { // the clock restarts at 0
		if i == 150 {
			b.WriteString("0.01,oops,0.0,1.0\r\n")
			continue
		}
		b.WriteString(timedLine(i, 0))
	}
	b.WriteString("3.00,0.100,0.000,0.") // cut by the unplug
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 596 && r.src.Stats().Restarts == 1 })
	m.Close()
	waitFor(t, 3*time.Second, "the port lost", func() bool { return !r.src.Stats().Connected })
	r.stop(t)
	// session 1 is the header, 300 lines and the three lines of the new
	// clock that showed the restart (refused): session 2's line 1 is the
	// new clock's fourth line
	name := path + " (session 2)"
	want := []string{
		fmt.Sprintf("%s:%d: column %q: %v", name, 150-3+1, "ax", sensor.ErrParse),
		fmt.Sprintf("%s:%d: %v: a line cut short", name, 300-3+1, sensor.ErrParse),
	}
	got := parseErrors(r.c)
	if len(got) != len(want) {
		t.Fatalf("bad lines %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("bad line %q, want it to start %q", got[i], want[i])
		}
	}
}

// TestTextBadLineNumbersRestartInLookahead: a device that restarts its
// clock within the decoder's lookahead (a reset in the session's first
// second) gives the session after it the lookahead's lines not served,
// blank and comment lines among them: those were left out, and the bad
// lines after them numbered as many lines early as there were.
func TestTextBadLineNumbersRestartInLookahead(t *testing.T) {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText, Text: sensor.CSVOptions{Lookahead: 64}})
	var b strings.Builder
	b.WriteString("t,ax,ay,az\r\n")
	for i := range 20 {
		b.WriteString(timedLine(i, 5))
	}
	// the clock restarts at 0: its first three lines refused, session 2's
	// line 1 is its fourth (i == 3)
	for i := range 300 {
		switch i {
		case 5:
			b.WriteString("# status: ok\r\n") // session 2's line 3
		case 7:
			b.WriteString("\r\n") // its line 6
		}
		if i == 10 {
			b.WriteString("0.01,oops,0.0,1.0\r\n") // its line 10
			continue
		}
		b.WriteString(timedLine(i, 0))
	}
	if err := <-writeAll(t, m, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 315 && r.src.Stats().Restarts == 1 })
	r.stop(t)
	want := fmt.Sprintf("%s (session 2):%d: column %q: %v", path, 10, "ax", sensor.ErrParse)
	if got := parseErrors(r.c); len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("bad lines %q, want one starting %q", got, want)
	}
}
