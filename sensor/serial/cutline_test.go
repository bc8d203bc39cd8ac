package serial

import (
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestTextLineCutByUnplug: a text device unplugged mid-line (or serve
// stopped then) leaves the start of a line: it is not read as a line — it
// was, as a file's last line without its line end is, and its last value
// cut short made a sample ("0." of 0.98: 0 g). Cut by an unplug it is
// refused and counted as a bad line; at shutdown it is dropped.
func TestTextLineCutByUnplug(t *testing.T) {
	for _, unplug := range []bool{true, false} {
		name := map[bool]string{true: "unplug", false: "shutdown"}[unplug]
		t.Run(name, func(t *testing.T) {
			m, path := mustPTY(t)
			r := mustRun(t, Config{Device: path, Format: FormatText})
			stream := append(textStream(300), "3.00,0.100,0.000,0."...)
			if err := <-writeAll(t, m, stream); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "the stream read", func() bool {
				return r.c.count() >= 300 && r.src.Stats().Bytes == int64(len(stream))
			})
			if unplug {
				m.Close()
				waitFor(t, 3*time.Second, "the port lost", func() bool { return !r.src.Stats().Connected })
			}
			r.stop(t)
			if n := len(r.c.samples); n != 300 {
				t.Errorf("%d samples, want the 300 whole lines'; the last: %+v", n, r.c.samples[n-1])
			}
			if st := r.src.Stats(); unplug && st.BadFrames != 1 || !unplug && st.BadFrames != 0 {
				t.Errorf("%d bad lines counted, want %d", st.BadFrames, map[bool]int{true: 1}[unplug])
			}
			if unplug {
				want := path + ":302: " + sensor.ErrParse.Error() + ": a line cut short by the end of the session (19 bytes"
				if len(r.c.bad) != 1 || !strings.HasPrefix(r.c.bad[0].Error(), want) {
					t.Errorf("bad lines reported %v, want one starting %q", r.c.bad, want)
				}
			}
		})
	}
}

// TestTextLongLineCutByUnplug: a line too long (64 KiB without a line end:
// a device sending at the wrong baud rate) cut by an unplug is one bad
// line, refused as too long at its place: the bytes of it held back when
// the port was lost were reported again as a line cut short, at a line
// after it that the port never sent, and counted twice.
func TestTextLongLineCutByUnplug(t *testing.T) {
	m, path := mustPTY(t)
	r := mustRun(t, Config{Device: path, Format: FormatText})
	stream := append(textStream(300), strings.Repeat("1", sensor.MaxLine+100)...)
	if err := <-writeAll(t, m, stream); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the stream read", func() bool {
		return r.c.count() >= 300 && r.src.Stats().Bytes == int64(len(stream))
	})
	m.Close()
	waitFor(t, 3*time.Second, "the port lost", func() bool { return !r.src.Stats().Connected })
	r.stop(t)
	if st := r.src.Stats(); st.BadFrames != 1 {
		t.Errorf("%d bad lines counted, want 1", st.BadFrames)
	}
	want := path + ":302: " + sensor.ErrParse.Error() + ": line longer than"
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if len(r.c.bad) != 1 || !strings.HasPrefix(r.c.bad[0].Error(), want) {
		t.Errorf("bad lines reported %v, want one starting %q", r.c.bad, want)
	}
}
