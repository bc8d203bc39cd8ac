package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/serial"
)

// TestWritePorts prints a fixed set of ports (a WitMotion CH340 adapter
// with two links, an ESP32-S3 CDC device, a built-in UART) as the table
// and as JSON, compared with testdata/golden/devices.txt and
// devices.json (regenerate with -update).
func TestWritePorts(t *testing.T) {
	ports := []serial.PortInfo{
		{Name: "/dev/ttyUSB0", IsUSB: true, VID: "1a86", PID: "7523", Product: "USB Serial",
			Links: []string{"/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0", "/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0"}},
		{Name: "/dev/ttyACM0", IsUSB: true, VID: "303a", PID: "1001", Product: "USB JTAG/serial debug unit", SerialNumber: "7C:DF:A1:00:11:22",
			Links: []string{"/dev/serial/by-id/usb-Espressif_USB_JTAG_serial_debug_unit_7C:DF:A1:00:11:22-if00"}},
		{Name: "/dev/ttyS0"},
	}
	for _, tc := range []struct {
		json   bool
		golden string
	}{{false, "devices.txt"}, {true, "devices.json"}} {
		var b bytes.Buffer
		if err := writePorts(&b, ports, tc.json); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, tc.golden, b.Bytes())
	}

	var b bytes.Buffer
	if err := writePorts(&b, nil, false); err != nil || b.String() != "no serial ports found\n" {
		t.Errorf("no ports: %q, %v", b.String(), err)
	}
	b.Reset()
	if err := writePorts(&b, nil, true); err != nil || b.String() != "[]\n" {
		t.Errorf("no ports as JSON: %q, %v", b.String(), err)
	}
}

// TestDevicesCommand runs `gaitd devices --json` on this machine: every
// port it lists must exist, and the table lists the same ports.
func TestDevicesCommand(t *testing.T) {
	stdout, stderr, err := runCmd(t, "devices", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var ports []struct {
		Name  string   `json:"name"`
		Links []string `json:"links"`
	}
	if err := json.Unmarshal([]byte(stdout), &ports); err != nil {
		t.Fatalf("devices --json: %v\n%s", err, stdout)
	}
	table, _, err := runCmd(t, "devices")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ports {
		if _, err := os.Stat(p.Name); err != nil {
			t.Errorf("listed port %s: %v", p.Name, err)
		}
		if !strings.Contains(table, "\n"+p.Name+" ") && !strings.Contains(table, "\n"+p.Name+"\n") {
			t.Errorf("table does not list %s:\n%s", p.Name, table)
		}
	}
	if len(ports) == 0 && table != "no serial ports found\n" {
		t.Errorf("no ports, table %q", table)
	}
	if _, _, err := runCmd(t, "devices", "extra"); err == nil || !strings.Contains(err.Error(), `unexpected argument "extra"`) {
		t.Errorf("devices extra: %v", err)
	}
}
