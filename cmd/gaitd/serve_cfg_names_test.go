package main

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serveConfigError runs serve with the config file text y (and args) and
// returns its error, with PATH in want replaced by the file's path.
func serveConfigError(t *testing.T, y string, args []string, want string) (error, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	if err := os.WriteFile(path, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	a := append([]string{"serve", "--config", path, "--data", t.TempDir()}, args...)
	// (a configuration taken serves until this ends: nil, not an error)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := run(ctx, a, io.Discard, io.Discard)
	return err, strings.ReplaceAll(want, "PATH", path)
}

// TestServeCfgMQTTTopicsNamed: a bad topic filter or device_from pattern
// in the config file is named by the file, line and key (the list
// element for a topic); it was "serve: --topic (or the config's
// mqtt.topics): …", neither the file nor the line, and the flags given
// on the command line keep their own names.
func TestServeCfgMQTTTopicsNamed(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string
	}{
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics:\n    - gait/+/imu\n    - gait/#/imu\n", nil,
			`PATH: line 7: mqtt.topics[1]: "gait/#/imu": '#' must be the last level`},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics: [\"\"]\n", nil,
			"PATH: line 5: mqtt.topics[0]: empty topic filter"},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  device_from: gait/imu\n", nil,
			`PATH: line 5: mqtt.device_from: "gait/imu": no {device} level`},
		// the flags: named as before
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\n", []string{"--topic", "gait/#/imu"},
			`serve: --topic (or the config's mqtt.topics): "gait/#/imu": '#' must be the last level`},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\n", []string{"--device-from", "gait/imu"},
			`serve: --device-from (or the config's mqtt.device_from): "gait/imu": no {device} level`},
	} {
		err, want := serveConfigError(t, tc.yaml, tc.args, tc.want)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q %v: error %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
}

// TestServeCfgMQTTNeedsNamed: a config file's key that needs another
// option not given — mqtt.password_file without a user name,
// broker.users_file or the embedded broker's TLS files without
// broker.listen — is named by the file, line and key; it was named by the
// flags, "(or the config's …)", the operator left to find the line. The
// flags keep their names.
func TestServeCfgMQTTNeedsNamed(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string
	}{
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n  password_file: /etc/gaitd/mqtt.pass\n", nil,
			"PATH: line 4: mqtt.password_file: /etc/gaitd/mqtt.pass needs mqtt.username (or --username): the broker checks the pair"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nbroker:\n  users_file: /etc/gaitd/users\n", nil,
			"PATH: line 4: broker.users_file: /etc/gaitd/users needs broker.listen (or --broker): it lists who may use the embedded broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nbroker:\n  tls_key: /etc/gaitd/k.pem\n", nil,
			"PATH: line 4: broker.tls_key: /etc/gaitd/k.pem: the embedded broker's TLS file: it needs broker.listen (or --broker)"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nbroker:\n  client_ca: /etc/gaitd/ca.pem\n", nil,
			"PATH: line 4: broker.client_ca: /etc/gaitd/ca.pem: the embedded broker's TLS file: it needs broker.listen (or --broker)"},
		// given as flags: named by them, as before
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n", []string{"--password-file", "/etc/gaitd/mqtt.pass"},
			"serve: --password-file /etc/gaitd/mqtt.pass (or the config's mqtt.password_file) needs --username"},
		{"listen: 127.0.0.1:0\nhttp_push: true\n", []string{"--broker-users", "/etc/gaitd/users"},
			"serve: --broker-users /etc/gaitd/users (or the config's broker.users_file) needs --broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\n", []string{"--broker-tls-cert", "/etc/gaitd/c.pem"},
			"serve: --broker-tls-cert, --broker-tls-key and --broker-client-ca (or the config's broker.tls_cert, tls_key, client_ca) are the embedded broker's: they need --broker"},
	} {
		err, want := serveConfigError(t, tc.yaml, tc.args, tc.want)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q %v: error %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
}

// TestServeCfgMaxQueuedOverflow: a queue budget whose bytes overflow an
// int is refused by its own flag or key; it wrapped negative, and the
// client refused it as "mqtt: MaxQueuedBytes: -5822864442258358272 is
// negative", named by the broker's key (mqtt.broker) or flag.
func TestServeCfgMaxQueuedOverflow(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string
	}{
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n  max_queued_mib: 99999999999999\n", nil,
			"PATH: line 4: mqtt.max_queued_mib: 99999999999999: want at most 1048576 (1 TiB; 0: the default, 64)"},
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n", []string{"--mqtt-max-queued-mib", "99999999999999"},
			"serve: --mqtt-max-queued-mib: 99999999999999: want at most 1048576"},
		{"listen: 127.0.0.1:0\nhttp_push: true\n", []string{"--mqtt-max-queued-mib", "-1"},
			"serve: --mqtt-max-queued-mib: -1 is negative"},
	} {
		err, want := serveConfigError(t, tc.yaml, tc.args, tc.want)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q %v: error %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
}

// TestServeCfgEmptyListenData: an empty --listen or --data (a shell
// variable not set) is refused at start; --listen "" served every
// interface on a port of the system's choosing (HTTP push open to the
// network), --data "" said "mkdir : no such file or directory".
func TestServeCfgEmptyListenData(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--http-push", "--listen", "", "--data", t.TempDir()}, `serve: --listen "": want an address, host:port`},
		{[]string{"--http-push", "--listen", "127.0.0.1:0", "--data", ""}, `serve: --data "": want a directory`},
	} {
		// (served, it ran until this ends)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := run(ctx, append([]string{"serve"}, tc.args...), io.Discard, io.Discard)
		cancel()
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestServeCfgSerialEntryNamed: a serial entry's address in use, or a
// path that is not a serial port, stops serve naming the entry's file,
// line and key; it said "serial: udp-listen://…" or "serial /dev/null:
// …", the operator left to find which of the file's entries it was.
func TestServeCfgSerialEntryNamed(t *testing.T) {
	busy, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.LocalAddr().String()
	for _, tc := range []struct{ yaml, want string }{
		{"listen: 127.0.0.1:0\nserial:\n  - device: udp-listen://127.0.0.1:0\n    name: a\n    format: text\n  - device: udp-listen://" + addr + "\n    name: b\n    format: text\n",
			"PATH: line 6: serial[1].device: serial: udp-listen://" + addr + ": listen udp " + addr + ": bind: address already in use"},
		{"listen: 127.0.0.1:0\nserial:\n  - device: /dev/null\n",
			"PATH: line 3: serial[0].device: serial /dev/null: serial: open /dev/null: not a serial port"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		err := run(ctx, []string{"serve", "--config", path, "--data", t.TempDir()}, io.Discard, io.Discard)
		cancel()
		if want := strings.ReplaceAll(tc.want, "PATH", path); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", tc.yaml, err, want)
		}
	}
}

// TestServeCfgDeviceFromMeetsTopics: a --device-from pattern that reads
// no topic of a subscribed filter is refused at start, naming both; each
// message of that filter was refused as naming no device, and said once
// every 10 s while serve ran as if configured.
func TestServeCfgDeviceFromMeetsTopics(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string // "" : serves
	}{
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\n", []string{"--device-from", "sensors/{device}/imu"},
			`serve: --device-from: "sensors/{device}/imu" reads no topic of the filter gait/+/imu (the default --topic): each of its messages would be refused as naming no device`},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics: [gait/+/imu, phones/+]\n  device_from: gait/{device}/imu\n", nil,
			`PATH: line 6: mqtt.device_from: "gait/{device}/imu" reads no topic of the filter phones/+ (PATH: line 5: mqtt.topics): each of its messages would be refused`},
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n  device_from: a/b/{device}\n", []string{"--topic", "a/+"},
			`PATH: line 4: mqtt.device_from: "a/b/{device}" reads no topic of the filter a/+ (--topic)`},
		// patterns that meet their filters: served
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics: [gait/#]\n  device_from: gait/{device}/imu\n", nil, ""},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics: [gait/+/imu]\n  device_from: gait/{device}/imu/#\n", nil, ""},
		// a shared subscription's messages come on their own topics:
		// its filter after the prefix is what meets the pattern (the
		// prefix compared too, it was refused; a review)
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  topics: [$share/g/gait/+/imu, $queue/phones/+/imu]\n  device_from: +/{device}/imu\n", nil, ""},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		err := run(ctx, append([]string{"serve", "--config", path, "--data", t.TempDir()}, tc.args...), io.Discard, io.Discard)
		cancel()
		want := strings.ReplaceAll(tc.want, "PATH", path)
		if want == "" && err != nil || want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)) {
			t.Errorf("%q %v: %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
	for _, tc := range []struct {
		a, b string
		meet bool
	}{
		{"gait/+/imu", "gait/{device}/imu", true}, {"gait/+/imu", "gait/{device}", false}, {"#", "x/{device}", true},
		{"gait/#", "gait/{device}/imu", true}, {"gait/+/imu", "gait/{device}/imu/#", true}, {"gait/+", "gait/{device}/#", true},
		{"gait/a/imu", "gait/{device}/acc", false}, {"+/+", "{device}", false}, {"gait/+/imu", "+/{device}/+", true},
	} {
		if got := topicsMeet(strings.Split(tc.a, "/"), strings.Split(tc.b, "/")); got != tc.meet {
			t.Errorf("topicsMeet(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

// TestServeCfgMQTTClientWithoutBroker: the MQTT client's options with no
// broker to subscribe at (no --mqtt, no --broker: serial devices, phones,
// HTTP push only) are refused at start, as the --serial port's flags
// without it are; they were taken and ignored in silence — a config's
// mqtt: section left when its broker line was commented out.
func TestServeCfgMQTTClientWithoutBroker(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want string
	}{
		{"listen: 127.0.0.1:0\nhttp_push: true\n", []string{"--topic", "gait/+/imu"},
			"serve: --topic: for the MQTT client, and there is no broker: give --mqtt or --broker (config mqtt.broker, broker.listen) (HTTP push names each device by its URL)"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nmqtt:\n  # broker: tcp://mqtt.lan:1883\n  client_id: gaitd-clinic-1\n", nil,
			"PATH: line 5: mqtt.client_id: for the MQTT client, and there is no broker: give --mqtt or --broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nmqtt:\n  username: gaitd\n  password_file: /etc/gaitd/mqtt.pass\n", nil,
			"PATH: line 4: mqtt.username: for the MQTT client, and there is no broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nmqtt:\n  password_file: /etc/gaitd/mqtt.pass\n", nil,
			"PATH: line 4: mqtt.password_file: for the MQTT client, and there is no broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\n", []string{"--ca-file", "/etc/gaitd/ca.pem"},
			"serve: --ca-file: for the MQTT client, and there is no broker"},
		{"listen: 127.0.0.1:0\nhttp_push: true\nmqtt:\n  device_from: gait/{device}/imu\n", nil,
			"PATH: line 4: mqtt.device_from: for the MQTT client, and there is no broker"},
	} {
		err, want := serveConfigError(t, tc.yaml, tc.args, tc.want)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q %v: error %v, want %q", tc.yaml, tc.args, err, want)
		}
	}
	// with the embedded broker the client's TLS files are not used: said
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var logs strings.Builder
	if err := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--broker", "127.0.0.1:0", "--ca-file", "/etc/gaitd/ca.pem"}, io.Discard, &logs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "--ca-file, --cert-file and --key-file apply to an external --mqtt broker") {
		t.Errorf("--broker --ca-file: not said:\n%s", logs.String())
	}
}

// TestServeCfgNoSourceNamesFile: a config file that gives no source (an
// empty file, a truncated one, only settings) is named in the refusal;
// it said "give … (or a --config file with sources)", the file given.
func TestServeCfgNoSourceNamesFile(t *testing.T) {
	for _, y := range []string{"", "listen: 127.0.0.1:0\nidle: 45s\n", "---\n"} {
		err, want := serveConfigError(t, y, nil, "serve: no source: PATH has no serial:, phyphox: or sensorserver: entry, mqtt.broker, broker.listen or http_push: true, and no flag gives one")
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", y, err, want)
		}
	}
}
