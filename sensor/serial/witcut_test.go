package serial

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestWitGyroCutAtEnd: a WitMotion port closed mid-cycle — the cycle's
// acceleration frame read, its gyro frame cut — by serve stopping or by an
// unplug. The cycle's sample came out at the end with the previous
// cycle's angular rate (wrong by a tenth of a stride's swing here) and its
// gyro frame counted lost, at every stop. Now the cycle cut gives no
// sample: not reported at a shutdown (as the frame cut short is not), and
// reported (ErrCycleCut at its acceleration frame) at an unplug; no frame
// is counted lost either way, and the samples before it are the device's.
func TestWitGyroCutAtEnd(t *testing.T) {
	const n = 100
	var whole []byte
	for i := range n + 1 {
		whole = append(whole, witCycle(i)...)
	}
	want, _ := reference(t, sensor.NewWitReader(bytes.NewReader(whole), sensor.BinaryOptions{Rate: 100}))
	if len(want) != n+1 {
		t.Fatalf("reference: %d samples, want %d", len(want), n+1)
	}
	for _, unplug := range []bool{false, true} {
		t.Run(map[bool]string{true: "unplug", false: "shutdown"}[unplug], func(t *testing.T) {
			m, path := mustPTY(t)
			r := mustRun(t, Config{Device: path, Format: FormatWitMotion, Rate: 100})
			stream := whole[:len(whole)-len(witCycle(n))+11+5] // cycle n: its acc frame and 5 bytes of its gyro frame
			if err := <-writeAll(t, m, stream); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "the stream read", func() bool { return r.src.Stats().Bytes == int64(len(stream)) })
			if unplug {
				m.Close()
				waitFor(t, 3*time.Second, "the port lost", func() bool { return !r.src.Stats().Connected })
			}
			r.stop(t)
			got := r.c.collected()
			if len(got) != n {
				t.Fatalf("%d samples, want %d (the cycle cut gives none); last %+v, cycle %d's rate %v", len(got), n, got[len(got)-1], n, want[n].Gyr)
			}
			for i, s := range got {
				if s != want[i] {
					t.Fatalf("sample %d: %+v, want %+v", i, s, want[i])
				}
			}
			st := r.src.Stats()
			if st.LostFrames != 0 {
				t.Errorf("%d frames counted lost, want 0: the gyro frame was cut, not lost in transit", st.LostFrames)
			}
			r.c.mu.Lock()
			defer r.c.mu.Unlock()
			if !unplug {
				if st.BadFrames != 0 || len(r.c.bad) != 0 {
					t.Errorf("shutdown: %d bad frames, reported %v; want none", st.BadFrames, r.c.bad)
				}
				return
			}
			if len(r.c.bad) != 2 || !errors.Is(r.c.bad[0], sensor.ErrCycleCut) || !errors.Is(r.c.bad[1], sensor.ErrSync) {
				t.Fatalf("unplug: reported %v; want the cycle cut, then the frame cut short", r.c.bad)
			}
			if fe := r.c.bad[0].(*sensor.FrameError); fe.Offset != int64(n*22) {
				t.Errorf("cycle cut reported at byte %d, want %d (its acceleration frame)", fe.Offset, n*22)
			}
		})
	}
}
