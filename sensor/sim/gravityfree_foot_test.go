package sim

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// A shoe-mounted phone walking briskly, exported as iOS Sensor Logger
// writes Accelerometer.csv: specific force minus the true gravity vector in
// the sensor frame (plus 0.05 m/s² noise). It is user acceleration and must
// be accepted with GravityFree.
// TestGravityFreeFootUserAcc: a foot's user acceleration (gravity removed,
// as iOS writes Accelerometer.csv) is read with CSVOptions.GravityFree: its
// mean vector, the swing's centripetal part, reaches 0.75 g walking briskly,
// but its median |a| is far shorter than a gravity-included trunk's, so it
// is not refused as including gravity (it was, at 1.8 m/s).
func TestGravityFreeFootUserAcc(t *testing.T) {
	for _, cad := range []float64{140, 150} {
		s, err := New(Config{Activity: Walking, Placement: Shoe, Duration: 20, Rate: 100, Speed: 1.8, Cadence: cad,
			Frame: sensor.FrameSensor, Tilt: [3]float64{0.1, 0.2, 0.3}, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		var b bytes.Buffer
		b.WriteString("time,seconds_elapsed,z,y,x\n")
		var x sensor.Sample
		for s.Read(&x) == nil {
			acc, _ := s.clean(x.T)
			th, _, _ := s.cyc.angle(x.T) // the shoe's pitch: gravity in its frame
			sn, co := math.Sincos(th)
			g, _ := s.output(vec3{co * g0, sn * g0, 0}, vec3{}, false)
			var u [3]float64
			for k := range 3 {
				u[k] = acc[k] - g[k] + 0.05*rng.NormFloat64()
			}
			fmt.Fprintf(&b, "%d,%.5f,%.6f,%.6f,%.6f\n", 1698501144000000000+int64(x.T*1e9), x.T, u[2], u[1], u[0])
		}
		if _, err := sensor.NewCSVReader(&b, sensor.CSVOptions{Name: "Accelerometer.csv", GravityFree: true}); err != nil {
			t.Errorf("cadence %g: %v", cad, err)
		}
	}
}
