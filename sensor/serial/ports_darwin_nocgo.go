//go:build darwin && !cgo

package serial

import "errors"

// portDetails is a port's entry in the enumeration of serial ports with
// their USB details (the fields of go.bug.st/serial/enumerator's
// PortDetails that Ports reads).
type portDetails struct {
	Name         string
	IsUSB        bool
	VID, PID     string
	SerialNumber string
	Product      string
}

// detailedPorts fails: on macOS the USB details come from IOKit, through
// cgo, and this gaitd was built without it (CGO_ENABLED=0, or no C
// compiler: the Xcode command-line tools). Ports then lists the names
// alone.
func detailedPorts() ([]*portDetails, error) {
	return nil, errors.New("USB details need a gaitd built with cgo on macOS")
}
