package sensor_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"math"

	"github.com/gaitd/gaitd/sensor"
)

func ExampleNewWitBLEReader() {
	// A WitMotion Bluetooth 5.0 sensor notifies 20-byte frames with no
	// checksum: 55 61, then acceleration, angular rate and angles as
	// int16 little-endian (±16 g, ±2000 °/s, ±180°). AppendWitBLE writes
	// one for a sample.
	var stream []byte
	up := sensor.Sample{Acc: [3]float64{0, 0, sensor.G0}}
	turning := sensor.Sample{Acc: [3]float64{0, 0, sensor.G0}, Gyr: [3]float64{0, 0, math.Pi / 2}} // 90 °/s
	stream = sensor.AppendWitBLE(stream, up, 16)
	stream = append(stream, 0x55, 0x62, 0x01) // bytes that are no frame
	stream = sensor.AppendWitBLE(stream, turning, 16)

	// The frames carry no time: the sensor's output rate (set on it, 10 Hz
	// by default) times them.
	r := sensor.NewWitBLEReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: "rfcomm0", Rate: 50})
	for {
		var s sensor.Sample
		err := r.Read(&s)
		if err == io.EOF {
			break
		}
		var fe *sensor.FrameError
		if errors.As(err, &fe) {
			fmt.Println("skipped:", err)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("t=%.2f s acc=%.3f m/s² yaw rate=%.1f °/s\n", s.T, s.Acc, s.Gyr[2]*180/math.Pi)
	}
	st := r.Stats()
	fmt.Printf("frames=%d samples=%d skipped bytes=%d\n", st.Frames, st.Samples, st.SkippedBytes)

	// Output:
	// t=0.00 s acc=[0.000 0.000 9.807] m/s² yaw rate=0.0 °/s
	// skipped: rfcomm0: byte 20: lost frame sync
	// t=0.02 s acc=[0.000 0.000 9.807] m/s² yaw rate=90.0 °/s
	// frames=2 samples=2 skipped bytes=3
}
