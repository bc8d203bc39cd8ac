package sensor_test

import (
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAccUnitMovingSensors: the acceleration unit is detected right for
// recordings that start mid-run, in g and in m/s² — a shoe or shank whose
// mean vector grows with the swing's centripetal acceleration (2–4.5 g at
// 3.3–7 m/s: a rule of "about 1 g" read the fast ones as m/s², impacts ten
// times too small, or refused them as neither unit), and a sprinter's
// trunk that is in flight, near 0 g, more than half the time (its contacts
// were left out of the mean as outliers, and the file refused as lacking
// gravity).
func TestAccUnitMovingSensors(t *testing.T) {
	tests := []struct {
		name string
		cfg  sim.Config
	}{
		{"shoe 3.3 m/s", sim.Config{Placement: sim.Shoe, Speed: 3.3, Rate: 200}},
		{"shoe 5.5 m/s", sim.Config{Placement: sim.Shoe, Speed: 5.5, Rate: 200}},
		{"shoe 7 m/s", sim.Config{Placement: sim.Shoe, Speed: 7, Rate: 200}},
		{"shank 4.5 m/s 143 Hz ±8 g", sim.Config{Placement: sim.Shank, Speed: 4.5, Rate: 143, ClipG: 8}},
		{"shank 7 m/s 143 Hz ±8 g", sim.Config{Placement: sim.Shank, Speed: 7, Rate: 143, ClipG: 8}},
		{"shank walking 1.8 m/s", sim.Config{Placement: sim.Shank, Activity: sim.Walking, Speed: 1.8, Rate: 100}},
		{"waist 6 m/s, cadence 200, GCT 140 ms", sim.Config{Placement: sim.Waist, Speed: 6, Cadence: 200, GCT: 0.14, Rate: 100}},
		{"waist walking", sim.Config{Placement: sim.Waist, Activity: sim.Walking, Rate: 100}},
	}
	for i, tc := range tests {
		tc.cfg.Duration, tc.cfg.Noise, tc.cfg.Seed, tc.cfg.Tilt = 30, 0.2, uint64(60+i), [3]float64{0.2, 0.3, 0.5}
		ss, _, _, err := sim.Generate(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		ss = ss[int(10*tc.cfg.Rate):] // mid-run: no standing start
		for _, unit := range []struct {
			name  string
			scale float64
		}{{"g", sensor.G0}, {"m/s²", 1}} {
			t.Run(tc.name+" in "+unit.name, func(t *testing.T) {
				var b strings.Builder
				b.WriteString("t,ax,ay,az\n")
				for _, s := range ss {
					fmt.Fprintf(&b, "%.5f,%.5f,%.5f,%.5f\n", s.T, s.Acc[0]/unit.scale, s.Acc[1]/unit.scale, s.Acc[2]/unit.scale)
				}
				r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "run.csv"})
				if err != nil {
					t.Fatal(err)
				}
				if d := r.Describe(); !strings.Contains(d, "("+unit.name+" detected)") {
					t.Fatalf("%s", d)
				}
				var s sensor.Sample
				for k := 0; ; k++ {
					if err := r.Read(&s); err == io.EOF {
						break
					} else if err != nil {
						t.Fatal(err)
					}
					if d := math.Abs(s.Acc[2] - ss[k].Acc[2]); d > 1e-3*math.Max(1, math.Abs(ss[k].Acc[2])) {
						t.Fatalf("sample %d: az %.4f m/s², want %.4f", k, s.Acc[2], ss[k].Acc[2])
					}
				}
			})
		}
	}
}
