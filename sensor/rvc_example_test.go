package sensor_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"

	"github.com/gaitd/gaitd/sensor"
)

func ExampleNewRVCReader() {
	// A BNO08x in UART-RVC mode sends 19-byte frames at 100 Hz: AA AA,
	// a rolling index, yaw, pitch, roll (0.01°) and x, y, z acceleration
	// (mg) as int16 little-endian, 3 reserved bytes and a checksum (the
	// low byte of the sum of bytes 2…17).
	frame := func(index byte, acc [3]int16) []byte {
		f := []byte{0xAA, 0xAA, index, 0, 0, 0, 0, 0, 0}
		for _, a := range acc {
			f = append(f, byte(uint16(a)), byte(uint16(a)>>8))
		}
		f = append(f, 0, 0, 0)
		var sum byte
		for _, b := range f[2:] {
			sum += b
		}
		return append(f, sum)
	}
	var stream []byte
	stream = append(stream, frame(254, [3]int16{0, 0, 1000})...) // 1 g up
	stream = append(stream, frame(255, [3]int16{0, 0, 1000})...)
	corrupt := frame(0, [3]int16{0, 0, 1000})
	corrupt[18]++ // bad checksum: frame 0 is lost
	stream = append(stream, corrupt...)
	stream = append(stream, frame(1, [3]int16{500, 0, 1000})...) // the index wraps

	r := sensor.NewRVCReader(bytes.NewReader(stream), sensor.BinaryOptions{Name: "ttyS1"})
	fmt.Printf("rate %v Hz, gyro %v\n", r.Layout().Rate, r.Layout().HasGyro())
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
		fmt.Printf("t=%.2f s acc=%.3f m/s²\n", s.T, s.Acc)
	}
	st := r.Stats()
	fmt.Printf("frames=%d samples=%d dropped=%d checksum=%d\n", st.Frames, st.Samples, st.Dropped, st.ChecksumErrors)
	// The index tells the lost frame: T moves on by two periods.

	// Output:
	// rate 100 Hz, gyro false
	// t=0.00 s acc=[0.000 0.000 9.807] m/s²
	// t=0.01 s acc=[0.000 0.000 9.807] m/s²
	// skipped: ttyS1: byte 38: checksum mismatch
	// t=0.03 s acc=[4.903 0.000 9.807] m/s²
	// frames=3 samples=3 dropped=1 checksum=1
}
