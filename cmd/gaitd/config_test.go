package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor/mqtt"
	"github.com/gaitd/gaitd/sensor/phyphox"
)

// The example in deploy/ loads and means what its comments say.
func TestExampleConfig(t *testing.T) {
	t.Setenv("CREDENTIALS_DIRECTORY", "/run/credentials/gaitd.service")
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig("../../deploy/gaitd.yaml", &o, map[string]bool{"listen": true}); err != nil {
		t.Fatal(err)
	}
	if o.reorder != 250*time.Millisecond {
		t.Errorf("reorder %v", o.reorder)
	}
	if o.listen != "" || o.dataDir != "/var/lib/gaitd" || o.idle != 30*time.Second || o.maxDevices != 64 || !o.logJSON {
		t.Errorf("top level: %+v", o)
	}
	if len(o.extra) != 4 || o.extra[3].device != "waist-esp32" || len(o.extra[3].cfg.Text.Columns) != 7 || o.extra[3].cfg.Text.Lookahead != 20 || o.extra[3].cfg.Text.TimeUnit != "ms" || o.extra[3].cfg.Text.GyroUnit != "dps" || o.extra[2].cfg.Text.Format != "arduino" || o.extra[2].cfg.Text.AccUnit != "g" || o.extra[0].device != "belt-1" || o.extra[0].cfg.Rate != 100 || o.extra[1].cfg.Format != "rvc" {
		t.Errorf("serial: %+v", o.extra)
	}
	// (a) the embedded broker, with its users as a systemd credential
	if o.mqtt.broker != "" || o.mqtt.deviceFrom != "gait/{device}/imu" || o.mqtt.listen != ":1883" || o.mqtt.wsListen != ":8083" || o.mqtt.maxQueuedMiB != 64 ||
		o.mqtt.usersFile != "/run/credentials/gaitd.service/broker-users" || o.mqtt.clientID != "gaitd-clinic-1" {
		t.Errorf("mqtt: %+v", o.mqtt)
	}
	if err := o.mqtt.check(); err != nil {
		t.Errorf("the example's MQTT choice: %v", err)
	}
	// (b) the external broker, as its comment says: uncomment mqtt.broker and
	// its credentials, delete the broker: section
	b, err := os.ReadFile("../../deploy/gaitd.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^  # ((?:broker|username|password_file|ca_file|cert_file|key_file): )`).ReplaceAllString(string(b), "  $1")
	text = regexp.MustCompile(`(?ms)^broker:\n.*?\n\n`).ReplaceAllString(text, "")
	alt := filepath.Join(t.TempDir(), "gaitd-external.yaml")
	os.WriteFile(alt, []byte(text), 0o644)
	o = serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
	if err := loadConfig(alt, &o, nil); err != nil {
		t.Fatalf("the example with (b): %v", err)
	}
	if o.mqtt.broker != "ssl://mqtt.clinic.lan:8883" || o.mqtt.username != "gaitd" || o.mqtt.passwordFile != "/run/credentials/gaitd.service/mqtt.pass" ||
		o.mqtt.keyFile != "/run/credentials/gaitd.service/gaitd.key" || o.mqtt.caFile != "/etc/gaitd/broker-ca.pem" || o.mqtt.listen != "" || o.mqtt.usersFile != "" {
		t.Errorf("the example with (b): mqtt %+v", o.mqtt)
	}
	if err := o.mqtt.check(); err != nil {
		t.Errorf("the example with (b): %v", err)
	}
	// its TLS files with its broker URL (with tcp:// they are refused)
	if err := (mqtt.Config{Broker: o.mqtt.broker, CAFile: o.mqtt.caFile, CertFile: o.mqtt.certFile, KeyFile: o.mqtt.keyFile, Topics: o.mqtt.topics}).Validate(); err != nil {
		t.Errorf("the example with (b): %v", err)
	}
	if d := o.devices["shoe-l"]; d.Placement != gait.Shoe || d.Side != gait.Left {
		t.Errorf("devices.shoe-l: %+v", d)
	}
	if d := o.devices["shank-r"]; d.Placement != gait.Shank || d.Rate != 143 {
		t.Errorf("devices.shank-r: %+v", d)
	}
}

// TestConfigDefaultSide: a top-level side is the default of the foot
// devices (docs/serve.md: --side, "the default for every device, overridden per
// device"); a waist device does not take it.
func TestConfigDefaultSide(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("placement: shoe\nside: R\ndevices:\n  belt-1:\n    placement: waist\n  shoe-x:\n    activity: running\n  shoe-l:\n    side: L\nbroker:\n  listen: 127.0.0.1:0\n"), 0o644)
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(path, &o, nil); err != nil {
		t.Fatal(err)
	}
	if o.engine.side != "R" || o.devices["belt-1"].Side != gait.SideUnknown || o.devices["shoe-x"].Side != gait.Right || o.devices["shoe-l"].Side != gait.Left {
		t.Errorf("side %q; devices %+v", o.engine.side, o.devices)
	}
}

// TestConfigBareZeroDuration: a bare 0 is a duration of zero in every
// duration key — `reorder: 0` turns reordering off, as the docs say (it was
// refused, "`0` is not a duration", as yaml.v3 takes only strings for
// time.Duration); a quoted "0" and 0s are the same; 0.0 too.
func TestConfigBareZeroDuration(t *testing.T) {
	for _, y := range []string{"reorder: 0\n", "reorder: \"0\"\n", "reorder: 0s\n", "reorder: 0.0\n", "idle: 1m\nreorder: 0\n", "reorder: &z 0\nidle: 45s\n"} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(y), 0o644)
		o := serveOptions{reorder: 250 * time.Millisecond, idle: 30 * time.Second, engine: engineFlags{placement: "waist", activity: "auto"}}
		if err := loadConfig(path, &o, nil); err != nil {
			t.Errorf("%q: %v", y, err)
			continue
		}
		if o.reorder != 0 {
			t.Errorf("%q: reorder %v, want 0 (off)", y, o.reorder)
		}
	}
	// the flag given on the command line still wins
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("reorder: 0\nidle: 0.0\n"), 0o644)
	o := serveOptions{reorder: 100 * time.Millisecond, engine: engineFlags{placement: "waist", activity: "auto"}}
	if err := loadConfig(path, &o, map[string]bool{"reorder": true}); err == nil || !strings.Contains(err.Error(), "line 2: idle: 0s: want a duration over 0") {
		t.Errorf("idle: 0.0: %v, want refused for its meaning", err)
	}
	os.WriteFile(path, []byte("reorder: 0\n"), 0o644)
	if err := loadConfig(path, &o, map[string]bool{"reorder": true}); err != nil || o.reorder != 100*time.Millisecond {
		t.Errorf("--reorder 100ms with reorder: 0: %v, %v", o.reorder, err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"idle: 30s\nplacment: waist\n", `line 2: placment: unknown key "placment"`},
		{"idle: soon\n", "line 1: idle: `soon` is not a duration"},
		{"serial:\n  - device: /dev/ttyUSB0\n    baud: fast\n", "line 3: serial[0].baud: `fast` is not a whole number"},
		{"serial:\n  - device: /dev/ttyUSB0\n    baudrate: 9600\n", `line 3: serial[0].baudrate: unknown key "baudrate"`},
		{"serial:\n  - {device: /dev/a, baud: fast}\n", "line 2: serial[0].baud: `fast` is not a whole number"},
		{"serial:\n  device: /dev/a\n", "line 2: serial: a mapping is not a list"},
		{"idle:\n  - 5\n", "line 2: idle: a list is not a duration"},
		{"serial:\n  - device: /dev/a\n    baud: fastest-possible\n", "line 3: serial[0].baud: `fastest...` is not a whole number"},
		{"idle: \"go into it\"\n", "line 1: idle: `go into it` is not a duration"},
		{"serial:\n  - [a]\n", "line 2: a list is not a mapping of keys"}, // two lists start on the line: no key named rather than a wrong one
		{"serial: {device: /dev/a, text: {format: csv}}\n", "line 1: a mapping is not a list"},
		{"idle: -5s\n", "line 1: idle: -5s: want a duration over 0"},
		{"idle: 0s\n", "idle: 0s: want a duration over 0"},        // (was the default, in silence)
		{"idle: 0\n", "line 1: idle: 0s: want a duration over 0"}, // (a bare 0 is zero: refused for its meaning, not its form)
		{"idle: 30\n", "line 1: idle: `30` has no unit: write it with one, such as 30s or 30ms (a bare 0 is zero)"},
		{"reorder: 0.25\n", "line 1: reorder: `0.25` has no unit: write it with one, such as 0.25s"},
		{"reorder: 12345678901\n", "line 1: reorder: `1234567...` has no unit: write it with one, such as 30s or 250ms"},
		{"reorder: -0.5s\n", "line 1: reorder: -500ms is negative"},
		{"window: 0\n", "window: 0: want at least 1 step"},
		{"max_devices: 0\n", "max_devices: 0: want at least 1"},
		{"placement: wrist\n", `placement: unknown placement "wrist"`},
		{"side: X\n", "side: want L or R"},
		{"devices:\n  belt-1:\n    side: L\n", "devices.belt-1.side: L: the instrumented foot of a shoe or shank sensor; a waist sensor sees both feet"},
		{"devices:\n  bad!name:\n    placement: shoe\n", "devices.bad!name: not a device name"},
		{"devices:\n  belt-1:\n    rate: 5\n", "line 3: devices.belt-1.rate: 5 Hz: want 20 to 2000"},
		{"devices:\n  belt.1:\n    placement: shoe\n  belt:\n    rate: 50\n  belt.1.x:\n    rate: 5\n", "line 7: devices.belt.1.x.rate: 5 Hz"}, // names with dots: the longest key
		{"serial:\n  - name: x\n", "serial[0].device: missing"},
		// the key named, not serial.Config's field ("serial config: Baud")
		{"serial:\n  - device: /dev/ttyUSB9\n    baud: -5\n", "line 3: serial[0].baud: -5 bit/s out of range"},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: nmea\n", `serial[0].format: unknown format "nmea"`},
		{"serial:\n  - device: /dev/ttyUSB0\n  - device: /dev/x/ttyUSB0\n", `line 3: serial[1].name: device name "ttyUSB0" used twice`}, // (no name key: the entry's line)
		{"serial:\n  - device: /dev/ttyUSB0\n    name: belt 1\n", `line 3: serial[0].name: "belt 1": want 1–64 letters`},
		{"side: L\n", "line 1: side: L: the instrumented foot of a shoe or shank sensor; a waist sensor sees both feet"},
		{"serial:\n  - device: /dev/ttyUSB0\n    name: a\n  - device: /dev//ttyUSB0\n    name: b\n", "serial[1].device: /dev//ttyUSB0 is the port of serial[0] too"},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: text\n    text:\n      columns: [t, acx, ay, az]\n", `serial[0].text: /dev/ttyUSB0: column 2 "acx": unknown name`},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: text\n    text:\n      lookahead: 1000\n", `serial[0].text.lookahead: 1000: want 8 to 512 lines (0, the default: about 1 s of lines, 100 to 512)`},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: text\n    text:\n      lookahead: 5\n", `serial[0].text.lookahead: 5: want 8 to 512 lines (0, the default: about 1 s of lines, 100 to 512)`},
		{"devices:\n  shoe-l:\n    side: X\n", `line 3: devices.shoe-l.side: want L or R, not "X"`},
		{"devices:\n  s1:\n    placement: shoe\n    side: L\n    activity: jogging\n", "line 5: devices.s1.activity: "},
		{"devices:\n  s1:\n    placement: knee\n", "line 3: devices.s1.placement: "},
		{"serial:\n\t- device: /dev/ttyUSB0\n", "line 2: found character that cannot start any token (a tab: YAML indents with spaces only)"},
		// whole-number keys: yaml.v3 truncated a fraction (8.9 ran as 8)
		{"window: 20.5\n", "line 1: window: `20.5` is not a whole number"},
		{"max_devices: 8.9\n", "line 1: max_devices: `8.9` is not a whole number"},
		{"serial:\n  - device: /dev/ttyUSB0\n    baud: 9600.7\n", "line 3: serial[0].baud: `9600.7` is not a whole number"},
		{"mqtt:\n  max_queued_mib: 1.5\n", "line 2: mqtt.max_queued_mib: `1.5` is not a whole number"},
		// through an alias (the anchor on a fraction key): 100.5 ran as 100
		{"serial:\n  - device: /dev/ttyUSB0\n    rate: &r 100.5\nmax_devices: *r\n", "line 4: max_devices: `100.5` is not a whole number"},
		{"max_devices: -1\n", "max_devices: -1: want at least 1"},
		// with no MQTT source, a devices: entry that names no serial device
		// applies to nothing: a typo left a shoe analysed as a waist sensor
		{"serial:\n  - device: /dev/ttyUSB0\n    name: shoe-l\ndevices:\n  shoe-1:\n    placement: shoe\n", "line 5: devices.shoe-1: no serial device or phone is named shoe-1 and there is no MQTT source or HTTP push (mqtt.broker, broker.listen, http_push): its settings would apply to no device (serial devices and phones: shoe-l)"},
		{"serial:\n  - device: /dev/ttyUSB0\n    name: shank-r\n    rate: 100\ndevices:\n  shank-r:\n    rate: 143\n", "line 7: devices.shank-r.rate: 143 Hz, and serial[0].rate says 100 Hz: give the rate once"},
		{"devices:\n  shoe-l:\n    placement: shoe\n", "line 2: devices.shoe-l: no serial device or phone is named shoe-l and there is no MQTT source or HTTP push (mqtt.broker, broker.listen, http_push): its settings would apply to no device (serial devices and phones: none)"},
		{"mqtt:\n  max_queued_mib: -1\n", "line 2: mqtt.max_queued_mib: -1 is negative"},
		{"mqtt:\n  max_queued_mib: lots\n", "line 2: mqtt.max_queued_mib: `lots` is not a whole number"},
		{"serial:\n  - device: /dev/ttyUSB0\n    acc_range: 6\n", "serial[0].acc_range: 6 g: a WitMotion accelerometer is set to ±2, 4, 8 or 16 g"},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: rvc\n    acc_range: 8\n", "serial[0].acc_range: 8 g: a BNO08x's range is fixed at ±8 g"},
		{"serial:\n  - device: /dev/ttyUSB0\n    format: text\n    acc_range: 100\n", "serial[0].acc_range: 100 g: the accelerometer's full scale in g, 1 to 50"},
		{"mqtt:\n  acc_unit: m/s\n", `mqtt.acc_unit: "m/s" (want g, mps2 or mg)`},
		{"mqtt:\n  gyro_unit: rpm\n", `mqtt.gyro_unit: "rpm" (want dps or rads)`},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		err := loadConfig(path, &o, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), path) {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// A port given twice — two entries, a stable link and the node it names, or
// the --serial flag and an entry — is refused: each pipeline read part of
// its bytes (a black-box round: two devices of half a stream, with stalls).
func TestConfigSamePort(t *testing.T) {
	dir := t.TempDir()
	node := filepath.Join(dir, "ttyUSB0")
	os.WriteFile(node, nil, 0o644)
	link := filepath.Join(dir, "usb-WitMotion-if00")
	if err := os.Symlink(node, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flag, yaml, want string
	}{
		{"", "serial:\n  - device: " + link + "\n    name: a\n  - device: " + node + "\n    name: b\n", "serial[1].device: " + node + " is the port of serial[0] too"},
		{node, "serial:\n  - device: " + link + "\n    name: b\n", "serial[0].device: " + link + " is the port of --serial " + node + " too"},
		{"", "serial:\n  - device: " + link + "\n    name: a\n  - device: " + filepath.Join(dir, "ttyUSB1") + "\n    name: b\n", ""},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		o.serial.cfg.Device = tc.flag
		err := loadConfig(path, &o, nil)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("--serial %q, %q: %v, want %q", tc.flag, tc.yaml, err, tc.want)
		}
	}
}

// The signals key names a thresholds file in the format of analyze
// --signals; it is read and checked when the config loads, and a bad one
// is an error naming the key. --signals overrides it.
func TestConfigSignals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"Sustain": 5, "BalanceFlag": 1.5}`)
	load := func(sigFile string, set map[string]bool) (serveOptions, error) {
		path := write("gaitd.yaml", "signals: "+sigFile+"\n")
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		err := loadConfig(path, &o, set)
		if err != nil && !strings.HasPrefix(err.Error(), path+": line 1: signals: ") {
			t.Errorf("%s: error %q does not name the file and key", sigFile, err)
		}
		return o, err
	}
	o, err := load(good, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err := o.signalConfig(); err != nil || sc.Sustain != 5 || sc.BalanceFlag != 1.5 || o.signals != good {
		t.Errorf("signals: %+v %v (file %q)", sc, err, o.signals)
	}
	for _, tc := range []struct{ file, want string }{
		{write("unknown.json", `{"Sustian": 5}`), `json: unknown field "Sustian"`},
		{write("bad.json", `{"Sustain": -1}`), "SignalConfig.Sustain = -1"},
		{write("broken.json", `{"Sustain": `), "unexpected EOF"},
		{filepath.Join(dir, "missing.json"), "no such file"},
	} {
		_, err := load(tc.file, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.file, err, tc.want)
		}
	}
	// the flag wins: the file's key is not read
	o, err = load(filepath.Join(dir, "missing.json"), map[string]bool{"signals": true})
	if err != nil || o.signalCfg != nil {
		t.Errorf("--signals given: %v %+v", err, o.signalCfg)
	}
	// the flag's own file: the same loader, errors name the flag
	o = serveOptions{signals: filepath.Join(dir, "unknown.json")}
	if _, err := o.signalConfig(); err == nil || !strings.HasPrefix(err.Error(), "--signals ") {
		t.Errorf("--signals bad file: %v", err)
	}
	o = serveOptions{signals: filepath.Join(dir, "missing.json")}
	if _, err := o.signalConfig(); err == nil || !strings.HasPrefix(err.Error(), "--signals: ") {
		t.Errorf("--signals missing file: %v", err)
	}
}

// mqtt.max_queued_mib sets the byte budget of the MQTT hand-off queues
// unless --mqtt-max-queued-mib is given; a negative flag is refused before
// anything starts.
func TestConfigMQTTMaxQueued(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	if err := os.WriteFile(path, []byte("mqtt:\n  broker: tcp://localhost:1883\n  max_queued_mib: 8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		set  map[string]bool
		flag int
		want int
	}{
		{nil, 0, 8},
		{map[string]bool{"mqtt-max-queued-mib": true}, 16, 16},
	} {
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		o.mqtt.maxQueuedMiB = tc.flag
		if err := loadConfig(path, &o, tc.set); err != nil {
			t.Fatal(err)
		}
		if o.mqtt.maxQueuedMiB != tc.want {
			t.Errorf("flag set %v: max queued %d MiB, want %d", tc.set, o.mqtt.maxQueuedMiB, tc.want)
		}
	}
	o := mqttOptions{broker: "tcp://localhost:1883", maxQueuedMiB: -1}
	if _, err := o.sources(slog.New(slog.DiscardHandler), 0); err == nil || !strings.Contains(err.Error(), "--mqtt-max-queued-mib: -1 is negative") {
		t.Errorf("negative flag: %v", err)
	}
	o = mqttOptions{broker: "tcp://localhost:1883", maxQueuedMiB: 8}
	if _, err := o.sources(slog.New(slog.DiscardHandler), 0); err != nil || o.src == nil {
		t.Errorf("8 MiB: %v", err)
	}
}

// ${CREDENTIALS_DIRECTORY} (systemd's LoadCredential=) is expanded in the
// path-valued keys, and only there; a path using it while it is not set is
// an error naming the file and key; a flag that overrides the key is not
// affected.
func TestConfigCredentials(t *testing.T) {
	dir := t.TempDir()
	sig := filepath.Join(dir, "signals.json")
	os.WriteFile(sig, []byte(`{"Sustain": 5}`), 0o644)
	path := filepath.Join(dir, "gaitd.yaml")
	os.WriteFile(path, []byte(`data: /var/lib/${CREDENTIALS_DIRECTORY}
signals: ${CREDENTIALS_DIRECTORY}/signals.json
mqtt:
  broker: tcp://mqtt.lan:1883
  username: gaitd
  password_file: ${CREDENTIALS_DIRECTORY}/mqtt.pass
  ca_file: ${CREDENTIALS_DIRECTORY}/ca.pem
  cert_file: ${CREDENTIALS_DIRECTORY}/c.pem
  key_file: ${CREDENTIALS_DIRECTORY}/c.key
broker:
  users_file: ${CREDENTIALS_DIRECTORY}/users
  tls_cert: ${CREDENTIALS_DIRECTORY}/b.pem
  tls_key: ${CREDENTIALS_DIRECTORY}/b.key
  client_ca: ${CREDENTIALS_DIRECTORY}/clients.pem
`), 0o644)
	load := func(set map[string]bool) (serveOptions, error) {
		o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
		return o, loadConfig(path, &o, set)
	}
	t.Setenv("CREDENTIALS_DIRECTORY", dir+"/")
	o, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := o.mqtt
	for key, got := range map[string]string{"signals": o.signals, "mqtt.password_file": m.passwordFile, "mqtt.ca_file": m.caFile,
		"mqtt.cert_file": m.certFile, "mqtt.key_file": m.keyFile, "broker.users_file": m.usersFile, "broker.tls_cert": m.tlsCert,
		"broker.tls_key": m.tlsKey, "broker.client_ca": m.clientCA} {
		if !strings.HasPrefix(got, dir+"/") || strings.Contains(got, "$") || strings.Contains(got, "//") {
			t.Errorf("%s: %q, want it under %s", key, got, dir)
		}
	}
	if o.signalCfg == nil || o.signalCfg.Sustain != 5 {
		t.Errorf("signals read from the credentials directory: %+v", o.signalCfg)
	}
	if o.dataDir != "/var/lib/${CREDENTIALS_DIRECTORY}" {
		t.Errorf("data %q: only path keys of secrets are expanded", o.dataDir)
	}

	t.Setenv("CREDENTIALS_DIRECTORY", "")
	if _, err := load(nil); err == nil || !strings.HasPrefix(err.Error(), path+": line 2: signals: ${CREDENTIALS_DIRECTORY}/signals.json: ${CREDENTIALS_DIRECTORY} is not set") {
		t.Errorf("unset: %v", err)
	}
	set := map[string]bool{"signals": true}
	if _, err := load(set); err == nil || !strings.Contains(err.Error(), ": mqtt.password_file: ") || !strings.Contains(err.Error(), "LoadCredential=") {
		t.Errorf("unset, --signals given: %v", err)
	}
	for _, f := range []string{"password-file", "ca-file", "cert-file", "key-file", "broker-users", "broker-tls-cert", "broker-tls-key", "broker-client-ca"} {
		set[f] = true
	}
	if _, err := load(set); err != nil {
		t.Errorf("every path key overridden by a flag: %v", err)
	}
}

// TestConfigHTTPPush: http_push: true turns HTTP push on (a flag given
// overrides the key), and is a source a devices: entry can name devices
// of, as an MQTT source is; without it the entry names no device.
func TestConfigHTTPPush(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	if err := os.WriteFile(path, []byte("http_push: true\ndevices:\n  phone-1:\n    placement: waist\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(path, &o, nil); err != nil || !o.mqtt.httpPush {
		t.Errorf("http_push: %v, on %v", err, o.mqtt.httpPush)
	}
	o = serveOptions{}
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	// (and with it off, the devices: entry names no device)
	if err := loadConfig(path, &o, map[string]bool{"http-push": true}); o.mqtt.httpPush || err == nil || !strings.Contains(err.Error(), "devices.phone-1: no serial device or phone is named phone-1 and there is no MQTT source or HTTP push") {
		t.Errorf("--http-push=false over the key: %v, on %v", err, o.mqtt.httpPush)
	}
}

// TestConfigPhyphox: the phyphox: list gives phones with their names
// (default phyphox-<host>) and buffers; a missing url, a buffers list
// that is not four names, a bad name or a name used twice are errors at
// their key and line; a devices: entry may name a phone.
func TestConfigPhyphox(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gaitd.yaml")
	good := "phyphox:\n  - url: http://192.168.1.20:8080\n  - url: http://10.0.0.7\n    name: belt-phone\n    buffers: [lin_time, linX, linY, linZ]\n    gyro: [gyr_time, gyrX, gyrY, gyrZ]\ndevices:\n  belt-phone:\n    placement: waist\n"
	os.WriteFile(path, []byte(good), 0o644)
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(path, &o, nil); err != nil {
		t.Fatal(err)
	}
	if len(o.phones) != 2 || o.phones[0].device != "phyphox-192.168.1.20" || o.phones[1].device != "belt-phone" || o.phones[1].cfg.Buffers != [4]string{"lin_time", "linX", "linY", "linZ"} || o.phones[1].cfg.Gyro != phyphox.DefaultGyro || o.phones[0].cfg.Gyro != [4]string{} {
		t.Errorf("phones %+v", o.phones)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"phyphox:\n  - name: p\n", "line 2: phyphox[0].url: missing"},
		{"phyphox:\n  - url: http://p\n    buffers: [t, x, y]\n", "line 3: phyphox[0].buffers: 3 names: want four"},
		{"phyphox:\n  - url: p:8080\n", `line 2: phyphox[0].url: URL "p:8080": want the address the app shows`},
		{"phyphox:\n  - url: http://p\n    gyro: [t]\n", "line 3: phyphox[0].gyro: 1 names: want four, the gyroscope's time, x, y and z buffers (such as gyr_time, gyrX, gyrY, gyrZ)"},
		{"phyphox:\n  - url: http://p\n    gyro: [gyr_time, accX, gyrY, gyrZ]\n", `line 3: phyphox[0].gyro: Gyro[1] "accX": Buffers[1]'s name too`},
		// (four empty names were no gyroscope, silently)
		{"phyphox:\n  - url: http://p\n    gyro: [\"\", \"\", \"\", \"\"]\n", `line 3: phyphox[0].gyro: Gyro[0] "": want a buffer name of the experiment, such as gyr_time`},
		{"phyphox:\n  - url: http://p\n    name: a b\n", `line 3: phyphox[0].name: "a b": want 1–64 letters`},
		{"serial:\n  - device: /dev/ttyUSB0\n    name: p\nphyphox:\n  - url: http://p\n    name: p\n", `line 6: phyphox[0].name: device name "p" used twice`},
	} {
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		if err := loadConfig(path, &o, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestConfigSensorServer: the sensorserver: list gives phones with their
// names (default sensorserver-<host>) and gyroscope choice; a missing or
// wrong url and a name used twice are errors at their key and line.
func TestConfigSensorServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("sensorserver:\n  - url: ws://192.168.1.21:8080\n  - url: ws://10.0.0.9:8080\n    name: belt\n    gyro: true\n"), 0o644)
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(path, &o, nil); err != nil {
		t.Fatal(err)
	}
	if len(o.servers) != 2 || o.servers[0].device != "sensorserver-192.168.1.21" || o.servers[1].device != "belt" || !o.servers[1].cfg.Gyro || o.servers[0].cfg.Gyro {
		t.Errorf("servers %+v", o.servers)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"sensorserver:\n  - name: p\n", "line 2: sensorserver[0].url: missing"},
		{"sensorserver:\n  - url: http://p:8080\n", `line 2: sensorserver[0].url: URL "http://p:8080": want the address the app shows`},
		{"phyphox:\n  - url: http://p\n    name: p\nsensorserver:\n  - url: ws://p\n    name: p\n", `line 6: sensorserver[0].name: device name "p" used twice`},
	} {
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		if err := loadConfig(path, &o, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestConfigWitBLERateFromDevices: a witmotion-ble serial: entry takes its
// rate from its devices: entry, as serve gives it (it was refused when
// the config was read, "serial[0].rate: missing"); with neither, the
// entry's rate is said missing.
func TestConfigWitBLERateFromDevices(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("serial:\n  - device: /dev/ttyUSB0\n    name: belt\n    format: witmotion-ble\ndevices:\n  belt:\n    rate: 100\n"), 0o644)
	o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
	if err := loadConfig(path, &o, nil); err != nil {
		t.Fatal(err)
	}
	if len(o.extra) != 1 || o.extra[0].cfg.Format != "witmotion-ble" || o.devices["belt"].Rate != 100 {
		t.Errorf("serial %+v, devices %+v", o.extra, o.devices)
	}
	os.WriteFile(path, []byte("serial:\n  - device: /dev/ttyUSB0\n    name: belt\n    format: witmotion-ble\ndevices:\n  belt:\n    placement: waist\n"), 0o644)
	o = serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
	want := "line 2: serial[0].rate: missing: witmotion-ble frames carry no time; give the sensor's output rate in Hz (set on it, e.g. 100), here or as devices.belt.rate"
	if err := loadConfig(path, &o, nil); err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("no rate: %v, want %q", err, want)
	}
}
