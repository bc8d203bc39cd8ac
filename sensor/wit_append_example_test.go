package sensor_test

import (
	"bytes"
	"fmt"
	"io"
	"log"

	"github.com/gaitd/gaitd/sensor"
)

// AppendWit encodes samples as a WitMotion sensor sends them (to replay a
// recording to a serial port or a test); WitReader reads them back, timed
// by the rate since no time frames are sent. Values come back rounded to
// the raw units: 16/32768 g and 2000/32768 °/s.
func ExampleAppendWit() {
	in := []sensor.Sample{ // m/s², rad/s
		{T: 0.00, Acc: [3]float64{0.1, -0.2, 9.81}, Gyr: [3]float64{0, 0, 1}},
		{T: 0.01, Acc: [3]float64{0.5, -0.1, 12.3}, Gyr: [3]float64{0.2, 0, 0.5}},
		{T: 0.02, Acc: [3]float64{0.4, 0.0, 11.0}, Gyr: [3]float64{0.1, 0, 0}},
	}
	var stream []byte
	for _, s := range in {
		stream = sensor.AppendWit(stream, s, 16)
	}
	// 11-byte frames, acceleration and angular rate per sample; FrameFormat
	// names the format a port's bytes are in (what gaitd's --format takes).
	fmt.Printf("%d bytes, %s\n", len(stream), sensor.FrameFormat(stream))

	r := sensor.NewWitReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: "replay", Rate: 100, AccRange: 16})
	for {
		var s sensor.Sample
		err := r.Read(&s)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("t=%.2f s acc=%.3f m/s² gyr=%.3f rad/s\n", s.T, s.Acc, s.Gyr)
	}
	// Output:
	// 66 bytes, witmotion
	// t=0.00 s acc=[0.101 -0.201 9.811] m/s² gyr=[0.000 0.000 1.000] rad/s
	// t=0.01 s acc=[0.498 -0.101 12.301] m/s² gyr=[0.200 0.000 0.500] rad/s
	// t=0.02 s acc=[0.402 0.000 10.999] m/s² gyr=[0.100 0.000 0.000] rad/s
}
