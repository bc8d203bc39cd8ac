package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeCfgKeyTypoHint: an unknown key is refused (as before) and the
// error says the key probably meant — a typo, a swap, a flag's spelling,
// a shortened name of the same mapping — or where a key of that name
// belongs; the password, which has no key, is said to come from a file or
// the environment. They named the unknown key alone.
func TestServeCfgKeyTypoHint(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"placment: waist\n", `line 1: placment: unknown key "placment", did you mean "placement"?`},
		{"idel: 30s\n", `line 1: idel: unknown key "idel", did you mean "idle"?`},
		{"max-devices: 8\n", `line 1: max-devices: unknown key "max-devices", did you mean "max_devices"?`},
		{"forget: 5m\n", `line 1: forget: unknown key "forget", did you mean "forget_after"?`},
		{"mqtt:\n  topic: gait/+/imu\n", `line 2: mqtt.topic: unknown key "topic", did you mean "topics"?`},
		{"broker:\n  users: /etc/gaitd/users\n", `line 2: broker.users: unknown key "users", did you mean "users_file"?`},
		{"serial:\n  - device: /dev/ttyUSB0\n    baudrate: 9600\n", `line 3: serial[0].baudrate: unknown key "baudrate", did you mean "baud"?`},
		{"serial:\n  - device: /dev/ttyUSB0\n    text:\n      colums: [t, ax, ay, az]\n", `line 4: serial[0].text.colums: unknown key "colums", did you mean "columns"?`},
		{"devices:\n  belt.1:\n    palcement: shoe\n", `line 3: devices.belt.1.palcement: unknown key "palcement", did you mean "placement"?`},
		// the right name in the wrong mapping
		{"topics: [gait/+/imu]\n", `line 1: topics: unknown key "topics" at this level (the key is mqtt.topics)`},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: text\n    acc_unit: g\n", `line 4: serial[0].acc_unit: unknown key "acc_unit" at this level (the key is serial[].text.acc_unit or mqtt.acc_unit)`},
		{"users_file: /etc/gaitd/users\n", `line 1: users_file: unknown key "users_file" at this level (the key is broker.users_file)`},
		{"mqtt:\n  password: hunter2\n", `line 2: mqtt.password: unknown key "password" (the MQTT password is read from mqtt.password_file or $GAITD_MQTT_PASSWORD, never from this file)`},
		// nothing near: the key alone
		{"colour: blue\n", `line 1: colour: unknown key "colour" (deploy/gaitd.yaml lists every key)`},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
		err := loadConfig(path, &o, nil)
		if err == nil || !strings.HasPrefix(err.Error(), path+": "+tc.want) {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestServeCfgQuotedValue: a number or boolean in quotes is refused
// saying the quotes make it a string; it said "`8` is not a whole number",
// which it looks like. A word in quotes, or not, is still not a number.
func TestServeCfgQuotedValue(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"max_devices: \"8\"\n", "line 1: max_devices: `8` is in quotes, which makes it a string: write it without them (a whole number)"},
		{"log_json: 'true'\n", "line 1: log_json: `true` is in quotes, which makes it a string: write it without them (true or false)"},
		{"serial:\n  - {device: /dev/ttyUSB0, rate: \"100.5\"}\n", "line 2: serial[0].rate: `100.5` is in quotes, which makes it a string: write it without them (a number)"},
		{"max_devices: \"eight\"\n", "line 1: max_devices: `eight` is not a whole number"},
		{"max_devices: eight\n", "line 1: max_devices: `eight` is not a whole number"},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
		err := loadConfig(path, &o, nil)
		if err == nil || err.Error() != path+": "+tc.want {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
