package serial

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestTextLookaheadByTime: a 1 kHz text stream with the default lookahead
// is read as a file of the same lines is (sensor's 512-line lookahead):
// every line a sample, the same samples. The lookahead was 100 lines, 0.1
// s at 1 kHz, too little to tell a running shoe's m/s² from raw counts:
// such a stream was refused ("unit unknown … over 100 lines") unless its
// lookahead was set; one in g was read on 0.1 s.
func TestTextLookaheadByTime(t *testing.T) {
	for _, tc := range []struct {
		name   string
		acc    float64 // unit of the lines' acceleration, in m/s²
		rate   float64
		header string
	}{
		{"1 kHz m/s²", 1, 1000, "t,ax,ay,az,gx,gy,gz"},
		{"1 kHz g", sensor.G0, 1000, "t,ax,ay,az,gx,gy,gz"},
		{"400 Hz m/s²", 1, 400, "t,ax,ay,az,gx,gy,gz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 3, Rate: tc.rate, Gyro: true, Frame: sensor.FrameSensor, Noise: 0.05, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "%s\r\n", tc.header)
			for _, s := range ss {
				fmt.Fprintf(&b, "%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\r\n", s.T, s.Acc[0]/tc.acc, s.Acc[1]/tc.acc, s.Acc[2]/tc.acc, s.Gyr[0], s.Gyr[1], s.Gyr[2])
			}
			stream := b.Bytes()
			m, path := mustPTY(t)
			opt := Config{Device: path, Format: FormatText}.withDefaults().Text
			opt.Lookahead = 0 // a file's: 512 lines
			cr, err := sensor.NewCSVReader(bytes.NewReader(stream), opt)
			if err != nil {
				t.Fatal(err)
			}
			want, wantBad := reference(t, cr)
			if len(want) != len(ss) || wantBad != 0 {
				t.Fatalf("reference: %d samples of %d, %d bad", len(want), len(ss), wantBad)
			}
			r := mustRun(t, Config{Device: path, Format: FormatText})
			if err := <-writeAll(t, m, stream); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 10*time.Second, fmt.Sprintf("%d samples", len(ss)), func() bool { return r.c.count() >= len(ss) || r.src.Stats().BadFrames > 0 })
			time.Sleep(50 * time.Millisecond)
			r.stop(t)
			if st := r.src.Stats(); st.BadFrames != 0 {
				t.Fatalf("%d bad: %v", st.BadFrames, r.c.bad)
			}
			if !reflect.DeepEqual(r.c.samples, want) {
				t.Errorf("%d samples over the pty differ from a file reader's %d on the same lines", len(r.c.samples), len(want))
			}
		})
	}
}
