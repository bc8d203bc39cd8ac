package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeCfgDevicesNotMQTT: devices.<name>.acc_mirrored names an MQTT
// or pushed device; for a phone (a phyphox or SensorServer entry, or the
// flags' phone) or the --serial port's device it was taken and ignored,
// in silence, as a serial entry's is refused. And devices.<name>.rate
// against the --serial port's --rate: the flag's timed the samples, the
// key's was ignored, where a serial entry's rate and the key's are
// refused ("give the rate once").
func TestServeCfgDevicesNotMQTT(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string // "" : loads
	}{
		{"http_push: true\ndevices:\n  belt:\n    acc_mirrored: true\n", []string{"--serial", "/dev/ttyUSB0", "--device", "belt"},
			"PATH: line 4: devices.belt.acc_mirrored: for MQTT devices and HTTP pushes: belt is the --serial device, whose samples it does not apply to"},
		{"http_push: true\ndevices:\n  belt:\n    acc_mirrored: true\n", []string{"--phyphox", "http://10.0.0.2:8080", "--phyphox-device", "belt"},
			"PATH: line 4: devices.belt.acc_mirrored: for MQTT devices and HTTP pushes: belt is the --phyphox phone, whose samples it does not apply to"},
		{"http_push: true\ndevices:\n  sensorserver-10.0.0.3:\n    acc_mirrored: true\n", []string{"--sensorserver", "ws://10.0.0.3:8080"},
			"PATH: line 4: devices.sensorserver-10.0.0.3.acc_mirrored: for MQTT devices and HTTP pushes: sensorserver-10.0.0.3 is the --sensorserver phone"},
		{"http_push: true\nphyphox:\n  - url: http://10.0.0.2:8080\n    name: belt-phone\ndevices:\n  belt-phone:\n    acc_mirrored: true\n", nil,
			"PATH: line 7: devices.belt-phone.acc_mirrored: for MQTT devices and HTTP pushes: belt-phone is the phone of phyphox[0], whose samples it does not apply to"},
		{"http_push: true\nsensorserver:\n  - url: ws://10.0.0.3:8080\ndevices:\n  sensorserver-10.0.0.3:\n    acc_mirrored: true\n", nil,
			"PATH: line 6: devices.sensorserver-10.0.0.3.acc_mirrored: for MQTT devices and HTTP pushes: sensorserver-10.0.0.3 is the phone of sensorserver[0]"},
		{"devices:\n  belt:\n    rate: 143\n", []string{"--serial", "/dev/ttyUSB0", "--device", "belt", "--rate", "100"},
			"PATH: line 3: devices.belt.rate: 143 Hz, and --rate says 100 Hz: give the rate once"},
		// taken: an MQTT device's, the same rate twice, a rate for the
		// port without --rate
		{"http_push: true\ndevices:\n  iphone-1:\n    acc_mirrored: true\n", []string{"--serial", "/dev/ttyUSB0", "--device", "belt"}, ""},
		{"devices:\n  belt:\n    rate: 100\n", []string{"--serial", "/dev/ttyUSB0", "--device", "belt", "--rate", "100"}, ""},
		{"devices:\n  belt:\n    rate: 143\n", []string{"--serial", "/dev/ttyUSB0", "--device", "belt"}, ""},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		want := strings.ReplaceAll(tc.want, "PATH", path)
		_, err := serveArgs(append([]string{"--config", path}, tc.args...), io.Discard)
		if want == "" && err != nil || want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)) {
			t.Errorf("%q %v: %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
}
