//go:build !darwin || cgo

package serial

import "go.bug.st/serial/enumerator"

// portDetails is a port's entry in the enumeration of serial ports with
// their USB details.
type portDetails = enumerator.PortDetails

// detailedPorts enumerates the serial ports with their USB details.
func detailedPorts() ([]*portDetails, error) {
	return enumerator.GetDetailedPortsList()
}
