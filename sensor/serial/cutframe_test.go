package serial

import (
	"testing"
	"time"
)

// TestFrameCutByShutdown: serve stopped while a device streams closes its
// port mid-frame more often than not; the frame cut short by that is not
// the device's: it was reported as lost frame sync, a decode error in the
// metrics and the last run at every stop. A frame cut by an unplug still
// is one (the bytes the device sent are lost).
func TestFrameCutByShutdown(t *testing.T) {
	for _, tc := range []struct {
		format string
		frame  func(n int) []byte
	}{
		{FormatWitMotion, witCycle},
		{FormatRVC, rvcFrame},
		{FormatWitBLE, witBLEFrame},
	} {
		for _, unplug := range []bool{false, true} {
			t.Run(tc.format+map[bool]string{true: "/unplug", false: "/shutdown"}[unplug], func(t *testing.T) {
				m, path := mustPTY(t)
				r := mustRun(t, Config{Device: path, Format: tc.format, Rate: 100})
				var stream []byte
				for i := range 100 {
					stream = append(stream, tc.frame(i)...)
				}
				next := tc.frame(100)
				stream = append(stream, next[:len(next)-4]...) // cut 4 bytes short
				if err := <-writeAll(t, m, stream); err != nil {
					t.Fatal(err)
				}
				waitFor(t, 3*time.Second, "the stream read", func() bool { return r.src.Stats().Bytes == int64(len(stream)) })
				if unplug {
					m.Close()
					waitFor(t, 3*time.Second, "the port lost", func() bool { return !r.src.Stats().Connected })
				}
				r.stop(t)
				want := 0
				if unplug {
					want = 1
					if tc.format == FormatWitMotion {
						want = 2 // the cycle cut (its gyro frame is the one cut), then the frame's bytes
					}
				}
				if st := r.src.Stats(); st.BadFrames != int64(want) || len(r.c.bad) != want || st.Samples < 99 {
					t.Errorf("%d bad frames counted, reported %v, %d samples; want %d bad", st.BadFrames, r.c.bad, st.Samples, want)
				}
			})
		}
	}
}
