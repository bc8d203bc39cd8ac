package sensor_test

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/gaitd/gaitd/sensor"
)

// The HyperIMU app sends one packet a sample: epoch ms, the phone's MAC
// address when asked to, then the accelerometer (m/s²) and gyroscope
// (rad/s), each packet ended by '#' (or a line end). NewHyperIMULines
// turns them into text lines; NewCSVReader with FormatHyperIMU reads the
// packets directly (T is the epoch time the app sent, s).
func ExampleNewHyperIMULines() {
	const packets = "1700000000000,a4:cf:12:0b:9e:31,0.12,9.79,0.40,0.010,-0.020,0.000#" +
		"1700000000010,a4:cf:12:0b:9e:31,0.15,9.85,0.38,0.012,-0.018,0.001#" +
		"1700000000020,a4:cf:12:0b:9e:31,0.11,9.80,0.41,0.011,-0.021,0.000#"
	io.Copy(os.Stdout, sensor.NewHyperIMULines(strings.NewReader(packets)))

	r, err := sensor.NewCSVReader(strings.NewReader(packets), sensor.CSVOptions{Name: "udp", Format: sensor.FormatHyperIMU})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Describe())
	var s sensor.Sample
	for r.Read(&s) == nil {
		fmt.Printf("t=%.2f s acc=%.2f m/s² gyr=%.3f rad/s\n", s.T, s.Acc, s.Gyr)
	}
	// Output:
	// 1700000000000,0.12,9.79,0.40,0.010,-0.020,0.000
	// 1700000000010,0.15,9.85,0.38,0.012,-0.018,0.001
	// 1700000000020,0.11,9.80,0.41,0.011,-0.021,0.000
	// format=hyperimu time=t(ms detected) acc=ax,ay,az(m/s² detected) gyro=gx,gy,gz(rad/s detected) rate=100.0Hz frame=sensor
	// t=1700000000.00 s acc=[0.12 9.79 0.40] m/s² gyr=[0.010 -0.020 0.000] rad/s
	// t=1700000000.01 s acc=[0.15 9.85 0.38] m/s² gyr=[0.012 -0.018 0.001] rad/s
	// t=1700000000.02 s acc=[0.11 9.80 0.41] m/s² gyr=[0.011 -0.021 0.000] rad/s
}
