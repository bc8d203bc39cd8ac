package sensor_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestCSVBurstClock reads a 143 Hz shank written as a phone app logs a
// Bluetooth sensor: six samples a packet, each stamped in whole ms as the
// app's loop reaches it when the packet arrives (3–13 ms after its last
// sample), so a packet's stamps lie 0 or 1 ms apart and the next packet's
// 40-odd ms later. The repeats and small steps are samples: none may be
// skipped as a duplicate, the rate is the samples' own and their times
// are evenly spaced. It was read as a 1000 Hz clock: half the rows were
// skipped as duplicate timestamps and the rest interpolated (a simulated
// shank's GCT MAE 2.8 → 15.5 ms).
func TestCSVBurstClock(t *testing.T) {
	const rate = 143.0
	samples, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 4, Rate: rate,
		Duration: 30, Gyro: true, Frame: sensor.FrameSensor, Tilt: [3]float64{0.3, -0.2, 1.1}, Seed: 177})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name   string
		per    int     // samples a packet
		inc    float64 // the app loop's time per sample, s
		jitter float64 // ± each stamp, s
		lost   bool    // a packet lost now and then
	}{
		{name: "6 a packet, 0.4 ms a sample", per: 6, inc: 0.0004},
		{name: "4 a packet, 0.3 ms a sample", per: 4, inc: 0.0003},
		{name: "8 a packet, 0.5 ms a sample", per: 8, inc: 0.0005},
		{name: "6 a packet, 0.4 ms a sample, ±2 ms", per: 6, inc: 0.0004, jitter: 0.002},
		{name: "6 a packet, 0.4 ms a sample, packets lost", per: 6, inc: 0.0004, lost: true},
	} {
		t.Run(v.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(1))
			var b strings.Builder
			b.WriteString("t,ax,ay,az,gx,gy,gz\n")
			var truth []float64 // the kept samples' true times
			last := math.Inf(-1)
			for i := 0; i < len(samples); i += v.per {
				j := min(i+v.per, len(samples)) - 1
				if v.lost && i > 1000 && rng.Float64() < 0.02 {
					continue
				}
				arrive := samples[j].T + 0.003 + 0.01*rng.Float64()
				for k := i; k <= j; k++ {
					st := arrive + float64(k-i)*v.inc + v.jitter*(2*rng.Float64()-1)
					st = max(math.Round(st*1000)/1000, last) // a logger's clock never goes back
					last = st
					s := samples[k]
					fmt.Fprintf(&b, "%.3f,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f\n", st, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0,
						s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
					truth = append(truth, s.T)
				}
			}
			r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "burst.csv"})
			if err != nil {
				t.Fatal(err)
			}
			var got []float64
			bad := 0
			for {
				var s sensor.Sample
				err := r.Read(&s)
				if err == io.EOF {
					break
				}
				if err != nil {
					var le *sensor.LineError
					if !errors.As(err, &le) {
						t.Fatal(err)
					}
					bad++
					continue
				}
				got = append(got, s.T)
			}
			if bad > 0 || len(got) != len(truth) {
				t.Fatalf("%d samples read, %d bad lines; want all %d, none bad", len(got), bad, len(truth))
			}
			if lr := r.Layout().Rate; math.Abs(lr-rate) > 0.005*rate {
				t.Errorf("rate %.1f Hz, want %g within 0.5 %%", lr, rate)
			}
			// after the first 2 s the times lie off the true ones by
			// a steady offset (the stamps' latency), each within 3 ms
			// of it: evenly spaced, not a packet's samples bunched;
			// after a lost packet within a period more (the samples
			// after it ran a packet, ~40 ms, late for half a second)
			var off []float64
			for i := range got {
				if truth[i]-truth[0] > 2 {
					off = append(off, got[i]-truth[i])
				}
			}
			s := append([]float64(nil), off...)
			sort.Float64s(s)
			med := s[len(s)/2]
			worst := 0.0
			for _, o := range off {
				worst = max(worst, math.Abs(o-med))
			}
			limit := 0.003
			if v.lost {
				limit += 1 / rate
			}
			if worst > limit {
				t.Errorf("sample times off their median offset (%.1f ms) by up to %.1f ms, want ≤ %.1f ms", 1000*med, 1000*worst, 1000*limit)
			}
		})
	}
}
