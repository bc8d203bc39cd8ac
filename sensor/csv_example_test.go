package sensor_test

import (
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/gaitd/gaitd/sensor"
)

func ExampleNewCSVReader() {
	// A Sensor Logger TotalAcceleration.csv: z,y,x order, m/s², one bad line.
	const in = `time,seconds_elapsed,z,y,x
1698501144401773000,0.010,0.11,9.79,-0.21
1698501144411773000,0.020,0.13,9.95,-0.18
1698501144421773000,0.030,0.12,NaN,-0.20
1698501144431773000,0.040,0.10,9.62,-0.25
`
	r, err := sensor.NewCSVReader(strings.NewReader(in), sensor.CSVOptions{Name: "TotalAcceleration.csv"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Describe())
	for {
		var s sensor.Sample
		err := r.Read(&s)
		if err == io.EOF {
			break
		}
		var le *sensor.LineError
		if errors.As(err, &le) {
			fmt.Println("skipped:", err)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("t=%.3f s acc=%.2f m/s²\n", s.T, s.Acc)
	}
	st := r.Stats()
	fmt.Printf("%d samples, %d bad lines\n", st.Samples, st.BadLines)
	// Output:
	// format=sensorlogger time=seconds_elapsed(s) acc=x,y,z(m/s²) gyro=none rate=100.0Hz frame=sensor
	// t=0.010 s acc=[-0.21 9.79 0.11] m/s²
	// t=0.020 s acc=[-0.18 9.95 0.13] m/s²
	// skipped: TotalAcceleration.csv:4: column "y": value is NaN or Inf: "NaN"
	// t=0.040 s acc=[-0.25 9.62 0.10] m/s²
	// 3 samples, 1 bad lines
}

func ExampleNewGyroMerge() {
	// Sensor Logger writes one file per sensor: TotalAcceleration.csv
	// (m/s²) and Gyroscope.csv (rad/s), on one seconds_elapsed time base.
	const acc = `time,seconds_elapsed,z,y,x
1698501144400000000,0.000,0.11,9.79,-0.21
1698501144410000000,0.010,0.13,9.95,-0.18
1698501144420000000,0.020,0.12,9.90,-0.20
`
	const gyr = `time,seconds_elapsed,z,y,x
1698501144405000000,0.005,0.30,0.10,0.01
1698501144415000000,0.015,0.50,0.20,0.03
`
	a, err := sensor.NewCSVReader(strings.NewReader(acc), sensor.CSVOptions{Name: "TotalAcceleration.csv"})
	if err != nil {
		log.Fatal(err)
	}
	g, err := sensor.NewCSVReader(strings.NewReader(gyr), sensor.CSVOptions{Name: "Gyroscope.csv", GyroOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	m, err := sensor.NewGyroMerge(a, g, sensor.GyroMergeOptions{AccName: "TotalAcceleration.csv", GyroName: "Gyroscope.csv"})
	if err != nil {
		log.Fatal(err)
	}
	for {
		var s sensor.Sample
		if err := m.Read(&s); err == io.EOF {
			break
		} else if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("t=%.3f s gyro=%.2f rad/s\n", s.T, s.Gyr)
	}
	st := m.Stats()
	fmt.Printf("%d samples, %d held at the gyroscope's ends\n", st.Merged, st.Held)
	// Output:
	// t=0.000 s gyro=[0.01 0.10 0.30] rad/s
	// t=0.010 s gyro=[0.02 0.15 0.40] rad/s
	// t=0.020 s gyro=[0.03 0.20 0.50] rad/s
	// 3 samples, 2 held at the gyroscope's ends
}

func ExampleNewGravityMerge() {
	// iOS Sensor Logger writes user acceleration (gravity removed) to
	// Accelerometer.csv and gravity to Gravity.csv, both in m/s², on one
	// seconds_elapsed time base; gravity here at half the rate.
	const acc = `time,seconds_elapsed,z,y,x
1698501144400000000,0.000,0.50,-0.20,0.10
1698501144410000000,0.010,0.70,-0.10,0.00
1698501144420000000,0.020,0.30,0.20,-0.10
`
	const grav = `time,seconds_elapsed,z,y,x
1698501144400000000,0.000,0.00,9.80,0.00
1698501144420000000,0.020,0.20,9.70,0.00
`
	g, err := sensor.NewCSVReader(strings.NewReader(grav), sensor.CSVOptions{Name: "Gravity.csv"})
	if err != nil {
		log.Fatal(err)
	}
	a, err := sensor.NewCSVReader(strings.NewReader(acc), sensor.CSVOptions{Name: "Accelerometer.csv", GravityFree: true, GravityUnit: g.Stats().AccUnit})
	if err != nil {
		log.Fatal(err)
	}
	m, err := sensor.NewGravityMerge(a, g, sensor.GyroMergeOptions{AccName: "Accelerometer.csv", GyroName: "Gravity.csv"})
	if err != nil {
		log.Fatal(err)
	}
	for {
		var s sensor.Sample
		if err := m.Read(&s); err == io.EOF {
			break
		} else if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("t=%.3f s a=%.2f m/s²\n", s.T, s.Acc)
	}
	// Output:
	// t=0.000 s a=[0.10 9.60 0.50] m/s²
	// t=0.010 s a=[0.00 9.65 0.80] m/s²
	// t=0.020 s a=[-0.10 9.90 0.50] m/s²
}

// An iPhone's accelerometer as Apple's Core Motion gives it (Sensor
// Logger on iOS without "Standardise Units & Frames"): −1 g along the
// axis that points up. CSVOptions.Mirrored reads every axis negated,
// CSVStats.Mirrored and Describe say so; SensorLog's
// accelerometerAcceleration columns are read so without it.
func ExampleNewCSVReader_mirrored() {
	const in = `seconds_elapsed,x,y,z
0.00,0.02,-0.98,0.05
0.01,0.03,-1.01,0.04
0.02,0.01,-0.99,0.06
0.03,0.02,-1.00,0.05
`
	r, err := sensor.NewCSVReader(strings.NewReader(in), sensor.CSVOptions{AccUnit: "g", Mirrored: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Describe())
	var s sensor.Sample
	if err := r.Read(&s); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("acc=[%.2f %.2f %.2f] m/s², mirrored %v\n", s.Acc[0], s.Acc[1], s.Acc[2], r.Stats().Mirrored)
	// Output:
	// format=csv time=seconds_elapsed(s) acc=x,y,z(g)(negated: given as mirrored) gyro=none rate=100.0Hz frame=sensor
	// acc=[-0.20 9.61 -0.49] m/s², mirrored true
}
