package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cfgFlag is a serve flag whose value a config file key also gives: the
// file's value (yaml, a document setting key to it) and the flag's
// (args), each read back by get.
type cfgFlag struct {
	flag, key               string
	yaml                    string
	args                    []string
	get                     func(o *serveOptions) string
	def, fromFile, fromFlag string
}

// cfgFlags lists every serve flag with a config key of its own (the
// --serial, --phyphox and --sensorserver sources' flags aside: their keys
// are a serial:, phyphox: or sensorserver: list entry's, another source,
// not the flag's value).
func cfgFlags(t *testing.T) []cfgFlag {
	dir := t.TempDir()
	sig1, sig2 := filepath.Join(dir, "s1.json"), filepath.Join(dir, "s2.json")
	os.WriteFile(sig1, []byte(`{"Sustain": 20}`), 0o644)
	os.WriteFile(sig2, []byte(`{"Sustain": 30}`), 0o644)
	s := func(f func(o *serveOptions) any) func(o *serveOptions) string {
		return func(o *serveOptions) string { return fmt.Sprint(f(o)) }
	}
	return []cfgFlag{
		{"listen", "listen", "listen: 127.0.0.1:1111\n", []string{"--listen", "127.0.0.1:2222"}, s(func(o *serveOptions) any { return o.listen }), "127.0.0.1:9464", "127.0.0.1:1111", "127.0.0.1:2222"},
		{"data", "data", "data: /srv/a\n", []string{"--data", "/srv/b"}, s(func(o *serveOptions) any { return o.dataDir }), "gaitd-data", "/srv/a", "/srv/b"},
		{"idle", "idle", "idle: 45s\n", []string{"--idle", "1m"}, s(func(o *serveOptions) any { return o.idle }), "30s", "45s", "1m0s"},
		{"max-devices", "max_devices", "max_devices: 5\n", []string{"--max-devices", "7"}, s(func(o *serveOptions) any { return o.maxDevices }), "64", "5", "7"},
		{"window", "window", "window: 10\n", []string{"--window", "12"}, s(func(o *serveOptions) any { return o.window }), "20", "10", "12"},
		{"reorder", "reorder", "reorder: 100ms\n", []string{"--reorder", "0"}, s(func(o *serveOptions) any { return o.reorder }), "250ms", "100ms", "0s"},
		{"forget-after", "forget_after", "forget_after: 5m\n", []string{"--forget-after", "0"}, s(func(o *serveOptions) any { return o.forget }), "10m0s", "5m0s", "0s"},
		{"log-json", "log_json", "log_json: true\n", []string{"--log-json=false"}, s(func(o *serveOptions) any { return o.logJSON }), "false", "true", "false"},
		{"placement", "placement", "placement: shoe\n", []string{"--placement", "shank"}, s(func(o *serveOptions) any { return o.engine.placement }), "waist", "shoe", "shank"},
		{"activity", "activity", "activity: walking\n", []string{"--activity", "running"}, s(func(o *serveOptions) any { return o.engine.activity }), "auto", "walking", "running"},
		{"side", "side", "placement: shoe\nside: L\n", []string{"--side", "R"}, s(func(o *serveOptions) any { return o.engine.side }), "", "L", "R"},
		{"signals", "signals", "signals: " + sig1 + "\n", []string{"--signals", sig2}, s(func(o *serveOptions) any { return o.signals }), "", sig1, sig2},
		{"http-push", "http_push", "http_push: true\n", []string{"--http-push=false"}, s(func(o *serveOptions) any { return o.mqtt.httpPush }), "false", "true", "false"},
		{"mqtt", "mqtt.broker", "mqtt:\n  broker: tcp://a:1883\n", []string{"--mqtt", "tcp://b:1883"}, s(func(o *serveOptions) any { return o.mqtt.broker }), "", "tcp://a:1883", "tcp://b:1883"},
		{"topic", "mqtt.topics", "mqtt:\n  topics: [a/+/x, b/+/x]\n", []string{"--topic", "c/+/x"}, s(func(o *serveOptions) any { return o.mqtt.topics.String() }), "", "a/+/x,b/+/x", "c/+/x"},
		{"device-from", "mqtt.device_from", "mqtt:\n  device_from: a/{device}/x\n", []string{"--device-from", "b/{device}/x"}, s(func(o *serveOptions) any { return o.mqtt.deviceFrom }), "", "a/{device}/x", "b/{device}/x"},
		{"payload-device", "mqtt.payload_device", "mqtt:\n  payload_device: true\n", []string{"--payload-device=false"}, s(func(o *serveOptions) any { return o.mqtt.payloadDevice }), "false", "true", "false"},
		{"client-id", "mqtt.client_id", "mqtt:\n  client_id: gaitd-a\n", []string{"--client-id", "gaitd-b"}, s(func(o *serveOptions) any { return o.mqtt.clientID }), "", "gaitd-a", "gaitd-b"},
		{"username", "mqtt.username", "mqtt:\n  username: a\n", []string{"--username", "b"}, s(func(o *serveOptions) any { return o.mqtt.username }), "", "a", "b"},
		{"password-file", "mqtt.password_file", "mqtt:\n  password_file: /etc/a\n", []string{"--password-file", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.passwordFile }), "", "/etc/a", "/etc/b"},
		{"ca-file", "mqtt.ca_file", "mqtt:\n  ca_file: /etc/a\n", []string{"--ca-file", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.caFile }), "", "/etc/a", "/etc/b"},
		{"cert-file", "mqtt.cert_file", "mqtt:\n  cert_file: /etc/a\n", []string{"--cert-file", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.certFile }), "", "/etc/a", "/etc/b"},
		{"key-file", "mqtt.key_file", "mqtt:\n  key_file: /etc/a\n", []string{"--key-file", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.keyFile }), "", "/etc/a", "/etc/b"},
		{"mqtt-max-queued-mib", "mqtt.max_queued_mib", "mqtt:\n  max_queued_mib: 16\n", []string{"--mqtt-max-queued-mib", "32"}, s(func(o *serveOptions) any { return o.mqtt.maxQueuedMiB }), "0", "16", "32"},
		{"mqtt-acc-unit", "mqtt.acc_unit", "mqtt:\n  acc_unit: g\n", []string{"--mqtt-acc-unit", "mg"}, s(func(o *serveOptions) any { return o.mqtt.accUnit }), "", "g", "mg"},
		{"mqtt-gyro-unit", "mqtt.gyro_unit", "mqtt:\n  gyro_unit: dps\n", []string{"--mqtt-gyro-unit", "rads"}, s(func(o *serveOptions) any { return o.mqtt.gyroUnit }), "", "dps", "rads"},
		{"mqtt-acc-mirrored", "mqtt.acc_mirrored", "mqtt:\n  acc_mirrored: true\n", []string{"--mqtt-acc-mirrored=false"}, s(func(o *serveOptions) any { return o.mqtt.mirrored }), "false", "true", "false"},
		{"broker", "broker.listen", "broker:\n  listen: :1883\n", []string{"--broker", ":1884"}, s(func(o *serveOptions) any { return o.mqtt.listen }), "", ":1883", ":1884"},
		{"broker-ws", "broker.websocket", "broker:\n  websocket: :8083\n", []string{"--broker-ws", ":8084"}, s(func(o *serveOptions) any { return o.mqtt.wsListen }), "", ":8083", ":8084"},
		{"broker-users", "broker.users_file", "broker:\n  users_file: /etc/a\n", []string{"--broker-users", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.usersFile }), "", "/etc/a", "/etc/b"},
		{"broker-tls-cert", "broker.tls_cert", "broker:\n  tls_cert: /etc/a\n", []string{"--broker-tls-cert", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.tlsCert }), "", "/etc/a", "/etc/b"},
		{"broker-tls-key", "broker.tls_key", "broker:\n  tls_key: /etc/a\n", []string{"--broker-tls-key", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.tlsKey }), "", "/etc/a", "/etc/b"},
		{"broker-wss", "broker.websocket_tls", "broker:\n  websocket_tls: true\n", []string{"--broker-wss=false"}, s(func(o *serveOptions) any { return o.mqtt.wss }), "false", "true", "false"},
		{"broker-client-ca", "broker.client_ca", "broker:\n  client_ca: /etc/a\n", []string{"--broker-client-ca", "/etc/b"}, s(func(o *serveOptions) any { return o.mqtt.clientCA }), "", "/etc/a", "/etc/b"},
	}
}

// TestServeCfgPrecedence: for every flag with a config key, the flag's
// default applies without either, the file's key over the default, and
// the flag given on the command line over the key — also a boolean flag
// given false over the key's true (docs/serve.md's table of keys and
// flags).
func TestServeCfgPrecedence(t *testing.T) {
	for _, c := range cfgFlags(t) {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(c.yaml), 0o644)
		for _, step := range []struct {
			args []string
			want string
		}{{nil, c.def}, {[]string{"--config", path}, c.fromFile}, {append([]string{"--config", path}, c.args...), c.fromFlag}} {
			o, err := serveArgs(step.args, io.Discard)
			if err != nil {
				t.Errorf("--%s (%s) %q: %v", c.flag, c.key, step.args, err)
				continue
			}
			if got := c.get(&o); got != step.want {
				t.Errorf("--%s (%s) %q: %s, want %s", c.flag, c.key, step.args, got, step.want)
			}
		}
	}
}

// TestServeCfgKeysDocumented: docs/serve.md's table of config keys and
// flags names every flag with a key, by both, and every key of the file
// (fileConfig's, lists and mappings by their entries' keys).
func TestServeCfgKeysDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/serve.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "| key | flag |")
	if start < 0 {
		t.Fatal("docs/serve.md: no table of config keys and flags (| key | flag | …)")
	}
	end := strings.Index(doc[start:], "\n\n")
	if end < 0 {
		end = len(doc) - start
	}
	table := doc[start : start+end]
	rows := map[string]string{} // key → its row
	for _, line := range strings.Split(table, "\n")[2:] {
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			t.Errorf("docs/serve.md: table row %q", line)
			continue
		}
		for _, k := range strings.Split(cells[1], ",") {
			rows[strings.Trim(strings.TrimSpace(k), "`")] = line
		}
	}
	for _, c := range cfgFlags(t) {
		row, ok := rows[c.key]
		if !ok || !strings.Contains(row, "`--"+c.flag+"`") {
			t.Errorf("docs/serve.md: key %s with --%s: row %q", c.key, c.flag, row)
		}
	}
	var walk func(rt reflect.Type, at string)
	walk = func(rt reflect.Type, at string) {
		for i := range rt.NumField() {
			k, _, _ := strings.Cut(rt.Field(i).Tag.Get("yaml"), ",")
			k = at + k
			switch ft := rt.Field(i).Type; {
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), k+"[].")
			case ft.Kind() == reflect.Map:
				walk(ft.Elem(), k+".<name>.")
			case ft.Kind() == reflect.Struct:
				walk(ft, k+".")
			default:
				if _, ok := rows[k]; !ok {
					t.Errorf("docs/serve.md: key %s not in the table of keys and flags", k)
				}
			}
		}
	}
	walk(reflect.TypeFor[fileConfig](), "")
}
