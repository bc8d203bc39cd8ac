package serial

import (
	"reflect"
	"testing"
)

// TestPortInfosBlankDetails: a port the enumeration gives no details for —
// a Bluetooth /dev/rfcomm0, which has no /sys/class/tty/rfcomm0/device, for
// which go.bug.st/serial's detailed list holds an entry without a name — is
// listed by its name, without USB details; `gaitd devices` listed it
// blank. The others keep their details, matched by name, in the names'
// order.
func TestPortInfosBlankDetails(t *testing.T) {
	names := []string{"/dev/ttyUSB0", "/dev/rfcomm0", "/dev/ttyS0"}
	details := []*portDetails{
		{Name: "/dev/ttyUSB0", IsUSB: true, VID: "1a86", PID: "7523", Product: "USB Serial", SerialNumber: "A1"},
		{}, // rfcomm0's
		{Name: "/dev/ttyS0"},
	}
	links := map[string][]string{"/dev/ttyUSB0": {"/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0"}}
	got := portInfos(names, details, links)
	want := []PortInfo{
		{Name: "/dev/ttyUSB0", IsUSB: true, VID: "1a86", PID: "7523", Product: "USB Serial", SerialNumber: "A1", Links: links["/dev/ttyUSB0"]},
		{Name: "/dev/rfcomm0"},
		{Name: "/dev/ttyS0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("portInfos:\n got %+v\nwant %+v", got, want)
	}
	// the detailed list failed whole: the names alone
	if got := portInfos(names, nil, nil); len(got) != 3 || got[1].Name != "/dev/rfcomm0" || got[0].IsUSB {
		t.Errorf("without details: %+v", got)
	}
}
