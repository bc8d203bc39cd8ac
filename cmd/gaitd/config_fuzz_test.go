package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gaitd/gaitd/gait/runs"
)

// unsafeFuzzPath: a config that names device or proc files (signals:
// /dev/zero) would make the loader read them; not what is fuzzed here.
func unsafeFuzzPath(b []byte) bool {
	s := string(b)
	return strings.Contains(s, "/dev") || strings.Contains(s, "/proc") || strings.Contains(s, "/sys") || strings.Contains(s, "..")
}

var (
	yamlSeg    = regexp.MustCompile(`^line (\d+): (.*)$`)
	configSeed = []string{
		"listen: 127.0.0.1:9464\ndata: /var/lib/gaitd\nidle: 30s\nmax_devices: 64\nreorder: 250ms\nlog_json: true\nplacement: waist\n",
		"serial:\n  - device: /x/ttyUSB0\n    name: belt-1\n    format: witmotion\n    rate: 100\n  - device: /x/ttyACM0\n    format: text\n    text:\n      columns: [t_ms, ax, ay, az]\n      lookahead: 20\n      acc_unit: g\n",
		"mqtt:\n  broker: tcp://localhost:1883\n  topics: [gait/+/imu]\n  device_from: gait/{device}/imu\n  max_queued_mib: 64\nbroker:\n  listen: :1883\n",
		"placement: shoe\nside: R\ndevices:\n  belt-1:\n    placement: waist\n  shoe-x:\n    activity: running\n  shoe-l:\n    side: L\n    rate: 143\n",
		"serial:\n  - device: a\n    baud: fast\n",
		"idle: 0s\n", "window: [1]\n", "devices: {a b: {}, c: {rate: 1}}\n", "serial: [{device: x, baud: [1]}]\n",
		"mqtt: {password_file: ${CREDENTIALS_DIRECTORY}/p}\n", "unknown: 1\nserial:\n  - device: x\n    bogus: 2\n",
	}
)

// FuzzLoadConfig: no YAML panics loadConfig or makes it hang; an error
// names the file; the same file gives the same result every time; and a
// YAML error about a key's value or an unknown key names the line and the
// key (loadConfig: "errors that name the file, line and key").
func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile("../../deploy/gaitd.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range configSeed {
		f.Add([]byte(s))
	}
	f.Setenv("CREDENTIALS_DIRECTORY", "/run/credentials/gaitd.service")
	dir := f.TempDir()
	path := filepath.Join(dir, "gaitd.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if unsafeFuzzPath(data) || len(data) > 16<<10 {
			return
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		load := func() (serveOptions, error) {
			o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
			err := loadConfig(path, &o, nil)
			return o, err
		}
		o1, err1 := load()
		for range 3 {
			o2, err2 := load()
			if fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("same file, different errors:\n%v\n%v", err1, err2)
			}
			if err1 == nil && (!reflect.DeepEqual(o1.devices, o2.devices) || len(o1.extra) != len(o2.extra)) {
				t.Fatalf("same file, different options")
			}
		}
		if err1 == nil {
			return
		}
		var root yaml.Node
		if yaml.Unmarshal(data, &root) == nil && len(root.Content) == 1 && root.Content[0].Kind != yaml.MappingNode {
			return // the file itself is not a mapping: no key to name
		}
		if oddYAML(&root) {
			// known, not fixed: keyAt cannot place a message about a
			// mapping or list used as a key, or a value reached through
			// an alias (docs/serve.md's config section)
			return
		}
		msg := err1.Error()
		if !strings.HasPrefix(msg, path+": ") {
			t.Fatalf("error does not name the file: %v", err1)
		}
		for _, seg := range strings.Split(strings.TrimPrefix(msg, path+": "), "; ") {
			m := yamlSeg.FindStringSubmatch(seg)
			if m == nil {
				continue
			}
			// YAML breaks lines at LF, CRLF and a lone CR
			lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r") + 1
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("line %d of a %d-line file: %v", n, lines, err1)
			}
			rest := m[2]
			unknownKey := strings.HasPrefix(rest, "unknown key ")
			// without a key the message starts with the value: `x`, a mapping, a list
			typeErr := strings.Contains(rest, " is not ") && (strings.HasPrefix(rest, "`") || strings.HasPrefix(rest, "a mapping ") || strings.HasPrefix(rest, "a list "))
			if strings.HasPrefix(rest, "a mapping is not") || strings.HasPrefix(rest, "a list is not") {
				continue // keyAt's documented ambiguity (a list or mapping in a flow on one line)
			}
			if unknownKey || typeErr {
				t.Fatalf("segment %q does not name the key (file %q)", seg, data)
			}
		}
	})
}

// FuzzLoadSignalConfig: a --signals file either loads, its values valid
// and read back the same after json.Marshal, or gives an error that starts
// with "--signals FILE" and, for JSON errors, a line:column inside the file.
func FuzzLoadSignalConfig(f *testing.F) {
	for _, s := range []string{
		`{"Sustain": 20, "MinSteps": 10}`, `{"SideFloor": 0.7, "TurnMax": 12.5}`, "{\n  \"Sustain\": \"x\"\n}", `{"Nope": 1}`,
		`{"Sustain": 20} {}`, `{"BaselineFraction": 0.9}`, "\n\n  ", `{"ZWatch": 1e400}`, `{"MinSteps": 4.5}`, `[1]`, "{\"Sustain\":\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "signals.json")
	lc := regexp.MustCompile(`^--signals ` + regexp.QuoteMeta(path) + `:(\d+):(\d+): `)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := loadSignalConfig(path)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "--signals "+path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			if m := lc.FindStringSubmatch(msg); m != nil {
				line, _ := strconv.Atoi(m[1])
				col, _ := strconv.Atoi(m[2])
				lines := strings.Split(string(data), "\n")
				if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1])+1 {
					t.Fatalf("position %d:%d outside the file (%d lines): %v", line, col, len(lines), err)
				}
			}
			return
		}
		if err := c.WithDefaults().Validate(); err != nil {
			t.Fatalf("loaded an invalid config: %v", err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c2, err := loadSignalConfig(path)
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("round trip: %+v, %v; want %+v", c2, err, c)
		}
	})
}

// FuzzDeviceName: the name made from any serial path is a valid device
// name (the data directory and metrics take it).
func FuzzDeviceName(f *testing.F) {
	for _, s := range []string{"/dev/ttyUSB0", "/dev/serial/by-id/usb-WIT_Motion-if00", "", "/", "..", "/dev/tty é", strings.Repeat("ab.", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if n := deviceName(p); !runs.ValidDevice(n) {
			t.Fatalf("deviceName(%q) = %q: not a valid device name", p, n)
		}
	})
}

// FuzzReadUsers: a --broker-users file loads, and what loads is what a
// user:password line per user writes back, or the error names the flag.
func FuzzReadUsers(f *testing.F) {
	for _, s := range []string{"alice:secret\n# comment\n\nbob: pw with spaces \n", "nocolon\n", ":pw\n", "u:\n", "a:b:c\r\n", "  # x:y\n"} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "users")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		users, err := readUsers(path)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--broker-users") {
				t.Fatalf("error does not name the flag: %v", err)
			}
			return
		}
		var b strings.Builder
		for u, p := range users {
			if u == "" || p == "" || strings.ContainsAny(u, ":\n") || strings.Contains(p, "\n") {
				t.Fatalf("user %q password %q", u, p)
			}
			b.WriteString(u + ":" + p + "\n")
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		again, err := readUsers(path)
		if err != nil || !reflect.DeepEqual(again, users) {
			t.Fatalf("written back %q: %v, %v; want %v", b.String(), again, err, users)
		}
	})
}

// TestReadUsersLongLine: a users file with a line over 64 KiB fails with
// bufio's "token too long", naming neither the flag, the file nor the line.
func TestReadUsersLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users")
	os.WriteFile(path, []byte("alice:"+strings.Repeat("x", 70000)+"\n"), 0o600)
	_, err := readUsers(path)
	if err == nil || !strings.HasPrefix(err.Error(), "--broker-users") {
		t.Errorf("error %v", err)
	}
}

// TestConfigSecondDocument: keys after a "---" line (a second YAML
// document) were neither read nor refused: an unknown key there, and the
// serial section too, passed in silence. A second document with content is
// an error naming its line; an empty one (nothing, ~, {}, a comment) and a
// leading "---" are not.
func TestConfigSecondDocument(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	for _, tc := range []struct{ file, err string }{
		{"idle: 30s\n---\nbogus: 1\nserial:\n  - device: /x/ttyUSB0\n", path + ": line 3: a second YAML document (after ---) with content: gaitd reads one document; put every key in one"},
		{"---\nidle: 30s\n", ""},
		{"idle: 30s\n---\n", ""},
		{"idle: 30s\n--- {}\n", ""},
		{"idle: 30s\n--- ~\n", ""},
		{"idle: 30s\n...\n---\n# nothing more\n", ""},
	} {
		os.WriteFile(path, []byte(tc.file), 0o644)
		o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
		err := loadConfig(path, &o, nil)
		if fmt.Sprint(err) != tc.err && !(err == nil && tc.err == "") {
			t.Errorf("%q: error %v, want %q", tc.file, err, tc.err)
		}
	}
}

// TestConfigErrorDeterministic: with two bad devices the error names one
// of them at random (map order).
func TestConfigErrorDeterministic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("devices:\n  a:\n    rate: 1\n  b:\n    rate: 1\n  c:\n    rate: 1\n"), 0o644)
	seen := map[string]bool{}
	for range 50 {
		o := serveOptions{engine: engineFlags{placement: "waist", activity: "auto"}}
		seen[fmt.Sprint(loadConfig(path, &o, nil))] = true
	}
	if len(seen) > 1 {
		t.Errorf("%d different errors for one file: %v", len(seen), seen)
	}
}

// oddYAML reports a mapping key that is not a scalar, or an alias.
func oddYAML(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind != yaml.ScalarNode {
			return true
		}
		if oddYAML(c) {
			return true
		}
	}
	return false
}
