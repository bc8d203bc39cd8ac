package serial

import (
	"fmt"
	"io"
	"math"
	"net"
	"strings"
	"testing"
	"time"
)

// TestStallTailReleased: a count-timed stream whose reads stop within
// stallHold of a silence, the port staying open — a device that stalls,
// sends 0.3 s and goes quiet again (once, or twice within the hold); a
// writer that pauses just before its last 0.3 s (paced, or catching up in
// one burst); a stream that ends there — has the samples after the
// silence released stallHold after it by the wall time (the hold's last
// silence), decided on the samples held (a gap of each stall's excess,
// counted), none lost or repeated. They were held until more bytes came
// or the port closed: the 29–30 samples after the silence (20 after the
// second) never came out while the port stayed open. The samples a
// decoder keeps itself (a binary frame waits for the next frame's header)
// are the control's, with no pause.
func TestStallTailReleased(t *testing.T) {
	type part struct {
		silent time.Duration // before its samples
		n      int
		burst  bool // its samples at once (a writer catching up)
	}
	for _, tc := range []struct {
		name  string
		parts []part    // after 150 samples paced
		gaps  []float64 // the gaps wanted, s, before samples at
		at    []int
	}{
		{"control, no pause", []part{{0, 30, false}}, nil, nil},
		{"stall 1 s, 0.3 s, quiet", []part{{time.Second, 30, false}}, []float64{1}, []int{150}},
		{"writer paused 0.6 s before its last 0.3 s", []part{{600 * time.Millisecond, 30, false}}, []float64{0.6}, []int{150}},
		{"writer paused 0.8 s, its last 0.3 s in a burst", []part{{800 * time.Millisecond, 30, true}}, []float64{0.5}, []int{150}},
		{"stalls of 0.8 and 0.6 s in the hold, quiet", []part{{800 * time.Millisecond, 30, false}, {600 * time.Millisecond, 20, false}}, []float64{0.8, 0.6}, []int{150, 180}},
	} {
		for _, format := range []string{FormatWitMotion, FormatRVC, FormatText} {
			t.Run(format+", "+tc.name, func(t *testing.T) {
				t.Parallel()
				m, path := mustPTY(t)
				r := mustRun(t, stallConfig(path, format))
				f := &stallFeeder{t: t, m: m, frame: map[string]func(int) []byte{FormatWitMotion: witCycle, FormatRVC: rvcFrame, FormatText: textLine}[format]}
				f.paced(150)
				want := 150
				for _, p := range tc.parts {
					time.Sleep(p.silent)
					if p.burst {
						f.burst(p.n)
					} else {
						f.paced(p.n)
					}
					want += p.n
				}
				last := f.last
				if format != FormatText {
					want-- // what the decoder keeps itself: its last frame
				}
				limit := last.Add(stallHold + 500*time.Millisecond)
				for r.c.count() < want && time.Now().Before(limit) {
					time.Sleep(5 * time.Millisecond)
				}
				got, took := r.c.count(), time.Since(last)
				if got < want {
					time.Sleep(time.Until(last.Add(4 * time.Second)))
					t.Errorf("%d of %d samples delivered %.1f s after the last bytes (port open), %d within %v: %d held",
						r.c.count(), want, time.Since(last).Seconds(), got, stallHold+500*time.Millisecond, want-r.c.count())
				} else {
					t.Logf("%d samples delivered %.2f s after the last bytes", got, took.Seconds())
				}
				time.Sleep(50 * time.Millisecond)
				if n := r.c.count(); n > want {
					t.Errorf("%d samples delivered, want %d", n, want)
				}
				r.stop(t)
				ss := r.c.collected()
				if len(ss) < want {
					t.Fatalf("%d samples at the close, want %d at least", len(ss), want)
				}
				j, at := bigSteps(ss)
				ok := len(j) == len(tc.gaps)
				for i := range j {
					ok = ok && at[i] == tc.at[i] && math.Abs(j[i]-tc.gaps[i]) <= 0.15
				}
				if !ok {
					t.Errorf("time steps %.3f s before samples %d, want %.2f s ± 0.15 before %d", j, at, tc.gaps, tc.at)
				}
				for i := 1; i < len(ss); i++ {
					if d := ss[i].T - ss[i-1].T; d < 0.0099 {
						t.Errorf("sample %d: T step %.4f s (repeated or reordered)", i, d)
					}
				}
				if st := r.src.Stats(); st.Stalls != int64(len(tc.gaps)) || st.LostFrames != 0 {
					t.Errorf("Stats %+v, want %d stalls, no frames lost", st, len(tc.gaps))
				}
			})
		}
	}
}

// TestStallTailReleasedNetwork: the same over a connection (tcp://,
// tcp-listen://: a read deadline) and a UDP session (udp-listen://): a
// stall of 1 s, 0.3 s of samples, then nothing with the connection open —
// the 30 samples after the stall come out within stallHold of it, a gap
// of the stall before them.
func TestStallTailReleasedNetwork(t *testing.T) {
	for _, tc := range []struct {
		network, format string
		frame           func(int) []byte
	}{
		{"tcp", FormatWitMotion, witCycle},
		{"tcp-listen", FormatWitMotion, witCycle},
		{"udp-listen", FormatText, textLine},
	} {
		t.Run(tc.network, func(t *testing.T) {
			var r *running
			var w io.Writer
			switch tc.network {
			case "tcp":
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				defer ln.Close()
				r = mustRun(t, stallConfig("tcp://"+ln.Addr().String(), tc.format))
				c, err := ln.Accept()
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				w = c
			default:
				r = mustRun(t, stallConfig(tc.network+"://127.0.0.1:0", tc.format))
				waitFor(t, 5*time.Second, "the listener", func() bool { return r.src.Addr() != "" })
				c, err := net.Dial(strings.TrimSuffix(tc.network, "-listen"), r.src.Addr())
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				w = c
			}
			f := &stallFeeder{t: t, m: w, frame: tc.frame}
			f.paced(150)
			a := f.last
			time.Sleep(time.Second)
			b := f.paced(30)
			want := 180
			if tc.format != FormatText {
				want-- // (the last frame waits for the next one's header)
			}
			waitFor(t, time.Until(f.last.Add(stallHold+500*time.Millisecond)), fmt.Sprintf("%d samples, the port open", want), func() bool { return r.c.count() >= want })
			t.Logf("%d samples delivered %.2f s after the last bytes", r.c.count(), time.Since(f.last).Seconds())
			time.Sleep(50 * time.Millisecond)
			ss := r.c.collected()
			if len(ss) != want {
				t.Errorf("%d samples, want %d", len(ss), want)
			}
			if j, at := bigSteps(ss); len(j) != 1 || at[0] != 150 || math.Abs(j[0]-b.Sub(a).Seconds()) > 0.15 {
				t.Errorf("time steps %.3f s before samples %d, want the silence, %.3f s ± 0.15, before 150", j, at, b.Sub(a).Seconds())
			}
			if st := r.src.Stats(); st.Stalls != 1 || st.Reconnects != 0 {
				t.Errorf("Stats %+v, want 1 stall, no reconnection", st)
			}
		})
	}
}
