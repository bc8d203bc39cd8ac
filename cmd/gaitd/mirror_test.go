package main

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestMirroredAccelerometer: an accelerometer whose axes are all negated
// and a gyroscope that is not (iOS Sensor Logger without "Standardise
// Units & Frames", protocols.md §4) is a mirror image of the sensor, which
// nothing in the data tells apart: the vertical — the mean vector, wherever
// it points — and so every contact is the same, but every left/right label
// is swapped, with or without the gyroscope. docs/input-formats.md (Sensor Logger input)
// says so; this holds the statement to the code.
func TestMirroredAccelerometer(t *testing.T) {
	for _, act := range []sim.Activity{sim.Walking, sim.Running} {
		ss, _, _, err := sim.Generate(sim.Config{Activity: act, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.7}, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		write := func(sign float64, gyro bool) string {
			var b strings.Builder
			b.WriteString("t,ax,ay,az")
			if gyro {
				b.WriteString(",gx,gy,gz")
			}
			b.WriteString("\n")
			for _, s := range ss {
				fmt.Fprintf(&b, "%.5f,%.9g,%.9g,%.9g", s.T, sign*s.Acc[0]/sensor.G0, sign*s.Acc[1]/sensor.G0, sign*s.Acc[2]/sensor.G0)
				if gyro {
					fmt.Fprintf(&b, ",%.9g,%.9g,%.9g", s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
				}
				b.WriteString("\n")
			}
			return writeTemp(t, fmt.Sprintf("%v_%v_%v.csv", act, sign, gyro), b.String())
		}
		for _, gyro := range []bool{true, false} {
			a, m := analyzeFile(t, write(1, gyro)), analyzeFile(t, write(-1, gyro))
			if len(a.events) < 100 || len(m.events) != len(a.events) {
				t.Fatalf("%v, gyro %v: %d contacts mirrored, %d not", act, gyro, len(m.events), len(a.events))
			}
			swapped, sided := 0, 0
			for i, e := range m.events {
				if math.Abs(e.IC-a.events[i].IC) > 1e-9 {
					t.Fatalf("%v, gyro %v: contact %d at %v mirrored, %v not", act, gyro, i, e.IC, a.events[i].IC)
				}
				if a.events[i].Side != "" {
					sided++
					if e.Side != a.events[i].Side && e.Side != "" {
						swapped++
					}
				}
			}
			t.Logf("%v, gyro %v: %d contacts, %d of %d sides swapped", act, gyro, len(a.events), swapped, sided)
			if sided < len(a.events)*9/10 || swapped < sided*95/100 {
				t.Errorf("%v, gyro %v: %d of %d sides swapped (of %d contacts): docs/input-formats.md's statement no longer holds", act, gyro, swapped, sided, len(a.events))
			}
		}
	}
}
