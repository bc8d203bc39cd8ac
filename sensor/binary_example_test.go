package sensor_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"

	"github.com/gaitd/gaitd/sensor"
)

func ExampleNewWitReader() {
	// Two output cycles of a WitMotion module at 100 Hz (acc, gyro, angle),
	// with line noise between them. A serial port, pty or dump file works
	// the same way: any io.Reader.
	stream := []byte{
		0x55, 0x51, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0xc4, 0x09, 0x7b, // az = 1 g
		0x55, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0xa8, // wz = 2000·256/32768 °/s
		0x55, 0x53, 0x1c, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xcb, // roll = 10°
		0x00, 0xff, 0x55, 0x12, // noise
		0x55, 0x51, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0xc4, 0x09, 0x7b,
		0x55, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa7,
		0x55, 0x53, 0x1c, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xcb,
	}
	r := sensor.NewWitReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: "ttyUSB0", Rate: 100})
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
		fmt.Printf("t=%.2f s acc=%.3f m/s² gyr=%.3f rad/s\n", s.T, s.Acc, s.Gyr)
	}
	st := r.Stats()
	fmt.Printf("frames=%d samples=%d checksum=%d sync=%d skipped=%d bytes\n",
		st.Frames, st.Samples, st.ChecksumErrors, st.SyncErrors, st.SkippedBytes)
	// A sample is returned once the next cycle starts, so the noise is
	// reported before the first sample.

	// Output:
	// skipped: ttyUSB0: byte 33: lost frame sync
	// t=0.00 s acc=[0.000 0.000 9.807] m/s² gyr=[0.000 0.000 0.273] rad/s
	// t=0.01 s acc=[0.000 0.000 9.807] m/s² gyr=[0.000 0.000 0.000] rad/s
	// frames=6 samples=2 checksum=0 sync=1 skipped=4 bytes
}
