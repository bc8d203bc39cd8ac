package serial_test

import (
	"fmt"

	"github.com/gaitd/gaitd/sensor/serial"
)

// Open checks the configuration and applies the defaults; it does not
// touch the device (Run opens it, and reopens it after an unplug).
func ExampleOpen() {
	src, err := serial.Open(serial.Config{Device: "/dev/serial/by-id/usb-WitMotion-if00", Format: serial.FormatWitMotion, Rate: 100}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := src.Config()
	fmt.Println(c.Baud, c.DataBits, c.Reconnect)
	_, err = serial.Open(serial.Config{Device: "/dev/ttyUSB0", Format: "nmea"}, nil)
	fmt.Println(err != nil)
	// Output:
	// 115200 8 200ms
	// true
}
