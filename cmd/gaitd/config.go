package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/mqtt"
	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/serial"
)

// fileConfig is the YAML configuration of `gaitd serve --config FILE`;
// deploy/gaitd.yaml documents every key. Durations are Go durations
// ("30s", "2m"), or a bare 0 (configDuration).
type fileConfig struct {
	Listen     string          `yaml:"listen"`
	Data       string          `yaml:"data"`
	Idle       *configDuration `yaml:"idle"`
	MaxDevices *int            `yaml:"max_devices"`
	Window     *int            `yaml:"window"`
	Reorder    *configDuration `yaml:"reorder"`
	Forget     *configDuration `yaml:"forget_after"`
	LogJSON    bool            `yaml:"log_json"`
	Placement  string          `yaml:"placement"`
	Activity   string          `yaml:"activity"`
	Side       string          `yaml:"side"`
	Signals    string          `yaml:"signals"`
	HTTPPush   bool            `yaml:"http_push"`
	Serial     []struct {
		Device   string  `yaml:"device"`
		Name     string  `yaml:"name"`
		Format   string  `yaml:"format"`
		Baud     int     `yaml:"baud"`
		DataBits int     `yaml:"data_bits"`
		Parity   string  `yaml:"parity"`
		StopBits int     `yaml:"stop_bits"`
		Rate     float64 `yaml:"rate"`
		AccRange float64 `yaml:"acc_range"`
		Text     struct {
			Format    string   `yaml:"format"`
			AccUnit   string   `yaml:"acc_unit"`
			GyroUnit  string   `yaml:"gyro_unit"`
			TimeUnit  string   `yaml:"time_unit"`
			Columns   []string `yaml:"columns"`
			Lookahead int      `yaml:"lookahead"`
		} `yaml:"text"`
	} `yaml:"serial"`
	Phyphox []struct {
		URL     string   `yaml:"url"`
		Name    string   `yaml:"name"`
		Buffers []string `yaml:"buffers"`
		Gyro    []string `yaml:"gyro"`
	} `yaml:"phyphox"`
	SensorServer []struct {
		URL  string `yaml:"url"`
		Name string `yaml:"name"`
		Gyro bool   `yaml:"gyro"`
	} `yaml:"sensorserver"`
	MQTT struct {
		Broker        string   `yaml:"broker"`
		Topics        []string `yaml:"topics"`
		DeviceFrom    string   `yaml:"device_from"`
		PayloadDevice bool     `yaml:"payload_device"`
		ClientID      string   `yaml:"client_id"`
		Username      string   `yaml:"username"`
		PasswordFile  string   `yaml:"password_file"`
		CAFile        string   `yaml:"ca_file"`
		CertFile      string   `yaml:"cert_file"`
		KeyFile       string   `yaml:"key_file"`
		MaxQueuedMiB  int      `yaml:"max_queued_mib"`
		AccUnit       string   `yaml:"acc_unit"`
		GyroUnit      string   `yaml:"gyro_unit"`
		AccMirrored   bool     `yaml:"acc_mirrored"`
	} `yaml:"mqtt"`
	Broker struct {
		Listen    string `yaml:"listen"`
		WebSocket string `yaml:"websocket"`
		UsersFile string `yaml:"users_file"`
		TLSCert   string `yaml:"tls_cert"`
		TLSKey    string `yaml:"tls_key"`
		WSS       bool   `yaml:"websocket_tls"`
		ClientCA  string `yaml:"client_ca"`
	} `yaml:"broker"`
	Devices map[string]struct {
		Placement string  `yaml:"placement"`
		Activity  string  `yaml:"activity"`
		Side      string  `yaml:"side"`
		Rate      float64 `yaml:"rate"`
		// an MQTT device whose accelerometer reads −1 g up
		// (--mqtt-acc-mirrored for it alone)
		AccMirrored bool `yaml:"acc_mirrored"`
	} `yaml:"devices"`
}

// configDuration is a duration key of the config file (idle, reorder,
// forget_after): a Go duration with
// its unit ("30s", "250ms", "2m"), or a bare 0 — zero needs no unit, and
// `reorder: 0` is how the docs say to turn reordering off (yaml.v3 refused
// it: "`0` is not a duration"). Another bare number is refused, as by the
// flags (--idle 30), with the unit to add: 30 could be seconds or
// milliseconds, and a guess would be silent.
type configDuration time.Duration

func (c *configDuration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		var f float64
		if err := n.Decode(&f); err == nil && f == 0 {
			*c = 0
			return nil
		}
	}
	var d time.Duration
	if err := n.Decode(&d); err != nil {
		return err // yaml.v3's type error, worded by yamlError
	}
	*c = configDuration(d)
	return nil
}

// fractionInt returns the first value with a fraction (`8.9`) under n whose
// key is a whole number in Go type t (walked with n: struct fields by
// their yaml names, map values, slice elements), and its key's path as the
// config's errors name it (serial[0].baud); nil when there is none. yaml.v3
// truncates such a value into an int without a word: `max_devices: 8.9`
// ran with 8, where `--max-devices 8.9` and `baud: fast` are refused (an
// audit). Types with their own UnmarshalYAML decide for themselves.
func fractionInt(n *yaml.Node, t reflect.Type, path string) (*yaml.Node, string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[yaml.Unmarshaler]()) {
		return nil, ""
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return fractionInt(n.Content[0], t, path)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			var vt reflect.Type
			switch t.Kind() {
			case reflect.Map:
				vt = t.Elem()
			case reflect.Struct:
				for j := range t.NumField() {
					if name, _, _ := strings.Cut(t.Field(j).Tag.Get("yaml"), ","); name == k {
						vt = t.Field(j).Type
					}
				}
			}
			if vt != nil {
				if bad, key := fractionInt(v, vt, join(k)); bad != nil {
					return bad, key
				}
			}
		}
	case yaml.AliasNode:
		// the anchor's value, read in this key's type (`max_devices: *r`
		// on `rate: &r 100.5` ran with 100), said at the alias's line
		if n.Alias != nil {
			if bad, key := fractionInt(n.Alias, t, path); bad != nil {
				return &yaml.Node{Kind: bad.Kind, Tag: bad.Tag, Value: bad.Value, Line: n.Line, Column: n.Column}, key
			}
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, c := range n.Content {
				if bad, key := fractionInt(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); bad != nil {
					return bad, key
				}
			}
		}
	case yaml.ScalarNode:
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if n.ShortTag() == "!!float" {
				if f, err := strconv.ParseFloat(n.Value, 64); err != nil || f != math.Trunc(f) {
					return n, path
				}
			}
		}
	}
	return nil, ""
}

// credentialsVar is the one variable expanded in path-valued config keys:
// systemd sets $CREDENTIALS_DIRECTORY for a unit with LoadCredential= (the
// files there are readable by the service's user, also a DynamicUser).
const credentialsVar = "${CREDENTIALS_DIRECTORY}"

// expandCredentials replaces ${CREDENTIALS_DIRECTORY} in a path from the
// config file with the environment variable's value; nothing else is
// expanded. It is an error when the path uses it and it is not set.
func expandCredentials(p string) (string, error) {
	if !strings.Contains(p, credentialsVar) {
		return p, nil
	}
	dir := os.Getenv("CREDENTIALS_DIRECTORY")
	if dir == "" {
		return "", fmt.Errorf("%s: %s is not set (systemd sets it for a unit with LoadCredential=, see deploy/gaitd.service)", p, credentialsVar)
	}
	return strings.ReplaceAll(p, credentialsVar, strings.TrimRight(dir, "/")), nil
}

// loadConfig reads a YAML file into o. Unknown keys and bad values are
// errors that name the file, line and key. Flags set on the command line
// (set) are not overridden.
func loadConfig(path string, o *serveOptions, set map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--config: %w", err)
	}
	var c fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %v", path, yamlError(b, err))
	}
	// one document: keys after a "---" line were neither read nor refused
	// (an empty document after it is harmless)
	for {
		var more yaml.Node
		err := dec.Decode(&more)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("%s: %v", path, yamlError(b, err))
		}
		if len(more.Content) == 0 {
			continue
		}
		n := more.Content[0]
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" || (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && len(n.Content) == 0 {
			continue // an empty document: ~, {} or []
		}
		return fmt.Errorf("%s: line %d: a second YAML document (after ---) with content: gaitd reads one document; put every key in one", path, n.Line)
	}
	// the document's nodes, for the line of a key named in an error
	var root yaml.Node
	yaml.Unmarshal(b, &root)
	if n, key := fractionInt(&root, reflect.TypeOf(c), ""); n != nil {
		return fmt.Errorf("%s: line %d: %s: `%s` is not a whole number", path, n.Line, key, n.Value)
	}
	at := func(key string) string {
		if line := lineOf(&root, key); line > 0 {
			return fmt.Sprintf("%s: line %d: %s", path, line, key)
		}
		return path + ": " + key
	}
	bad := func(key, format string, args ...any) error {
		return fmt.Errorf("%s: %s", at(key), fmt.Sprintf(format, args...))
	}
	// a value serve checks when it starts (an address, the data
	// directory) is named there by its key, not by a flag not given
	from := func(flag, key, v string) {
		if v != "" && !set[flag] {
			if o.from == nil {
				o.from = map[string]string{}
			}
			o.from[flag] = at(key)
		}
	}
	from("listen", "listen", c.Listen)
	from("data", "data", c.Data)
	from("mqtt", "mqtt.broker", c.MQTT.Broker)
	from("broker", "broker.listen", c.Broker.Listen)
	from("broker-ws", "broker.websocket", c.Broker.WebSocket)
	from("ca-file", "mqtt.ca_file", c.MQTT.CAFile)
	from("cert-file", "mqtt.cert_file", c.MQTT.CertFile)
	from("key-file", "mqtt.key_file", c.MQTT.KeyFile)
	from("password-file", "mqtt.password_file", c.MQTT.PasswordFile)
	from("username", "mqtt.username", c.MQTT.Username)
	from("client-id", "mqtt.client_id", c.MQTT.ClientID)
	from("device-from", "mqtt.device_from", c.MQTT.DeviceFrom)
	from("topic", "mqtt.topics", strings.Join(c.MQTT.Topics, ","))
	from("broker-users", "broker.users_file", c.Broker.UsersFile)
	from("broker-client-ca", "broker.client_ca", c.Broker.ClientCA)
	from("broker-tls-cert", "broker.tls_cert", c.Broker.TLSCert)
	from("broker-tls-key", "broker.tls_key", c.Broker.TLSKey)
	if c.Broker.WSS {
		from("broker-wss", "broker.websocket_tls", "set")
	}
	if c.MaxDevices != nil {
		from("max-devices", "max_devices", "set")
	}
	str := func(flag string, dst *string, v string) {
		if v != "" && !set[flag] {
			*dst = v
		}
	}
	// a path-valued key: ${CREDENTIALS_DIRECTORY} is expanded
	var pathErr error
	pathKey := func(flag, key string, dst *string, v string) {
		if v == "" || set[flag] || pathErr != nil {
			return
		}
		e, err := expandCredentials(v)
		if err != nil {
			pathErr = bad(key, "%v", err)
			return
		}
		*dst = e
	}
	str("listen", &o.listen, c.Listen)
	str("data", &o.dataDir, c.Data)
	str("placement", &o.engine.placement, c.Placement)
	str("activity", &o.engine.activity, c.Activity)
	str("side", &o.engine.side, c.Side)
	// a value given is taken or refused, as on the command line (0 was
	// read as "the default" in silence)
	if c.Idle != nil {
		idle := time.Duration(*c.Idle)
		if idle <= 0 {
			return bad("idle", "%v: want a duration over 0 (a run ends after this long without contacts)", idle)
		}
		if !set["idle"] {
			o.idle = idle
		}
	}
	if c.MaxDevices != nil {
		if *c.MaxDevices < 1 {
			return bad("max_devices", "%d: want at least 1", *c.MaxDevices)
		}
		if !set["max-devices"] {
			o.maxDevices = *c.MaxDevices
		}
	}
	if c.Window != nil {
		if *c.Window < 1 {
			return bad("window", "%d: want at least 1 step", *c.Window)
		}
		if !set["window"] {
			o.window = *c.Window
		}
	}
	if c.Reorder != nil {
		reorder := time.Duration(*c.Reorder)
		if reorder < 0 {
			return bad("reorder", "%v is negative", reorder)
		}
		if !set["reorder"] {
			o.reorder = reorder
		}
	}
	if c.Forget != nil {
		forget := time.Duration(*c.Forget)
		if forget < 0 {
			return bad("forget_after", "%v is negative (0: never)", forget)
		}
		if !set["forget-after"] {
			o.forget = forget
			from("forget-after", "forget_after", "set") // (its minimum is serve's check)
		}
	}
	if c.LogJSON && !set["log-json"] {
		o.logJSON = true
	}
	if _, err := (&engineFlags{placement: o.engine.placement, activity: o.engine.activity, side: o.engine.side}).config(); err != nil {
		// "--placement: …": the key is the flag's name
		flag, msg, _ := strings.Cut(err.Error(), ": ")
		return bad(strings.TrimPrefix(flag, "--"), "%s", msg)
	}
	if c.Side != "" && !set["side"] && len(c.Devices) == 0 {
		// (with per-device settings it is the default of the foot
		// devices; serve refuses it otherwise, naming --side)
		if ecfg, _ := (&engineFlags{placement: o.engine.placement, activity: o.engine.activity, side: o.engine.side}).config(); !ecfg.Placement.Foot() {
			return bad("side", "%s: the instrumented foot of a shoe or shank sensor; a %s sensor sees both feet", c.Side, ecfg.Placement)
		}
	}
	if c.Signals != "" && !set["signals"] {
		// read and checked now, so that a bad file stops the start with
		// the key named; the format is that of analyze --signals
		file, err := expandCredentials(c.Signals)
		if err != nil {
			return bad("signals", "%v", err)
		}
		sc, err := loadSignalConfig(file)
		if err != nil {
			// ("signals: --signals: open …" for a missing file)
			msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "--signals "), "--signals: ")
			return bad("signals", "%s", msg)
		}
		o.signals, o.signalCfg = file, &sc
	}
	names := map[string]bool{}
	type entryRate struct {
		key  string
		rate float64
	}
	serialRate := map[string]entryRate{} // device → its serial: entry's key and rate
	var noRate []string                  // devices of witmotion-ble entries without a rate
	// the entries' ports, and the --serial flag's: the same port twice
	// was opened twice, each pipeline reading part of its bytes — two
	// devices of half a stream each, with stalls and gaps, nothing said
	ports := map[string]string{}
	if d := o.serial.cfg.Device; d != "" {
		ports[portID(d)] = "--serial " + d
	}
	for i, s := range c.Serial {
		key := fmt.Sprintf("serial[%d]", i)
		if s.Device == "" {
			return bad(key+".device", "missing")
		}
		if prev, ok := ports[portID(s.Device)]; ok {
			return bad(key+".device", "%s is the port of %s too: each would read part of its bytes (one entry per sensor)", s.Device, prev)
		}
		ports[portID(s.Device)] = key
		so := serialOptions{device: s.Name, key: at(key + ".device")}
		so.cfg.Device, so.cfg.Format, so.cfg.Baud, so.cfg.DataBits = s.Device, s.Format, s.Baud, s.DataBits
		so.cfg.Parity, so.cfg.StopBits, so.cfg.Rate, so.cfg.AccRange = s.Parity, s.StopBits, s.Rate, s.AccRange
		so.cfg.Text.Format, so.cfg.Text.AccUnit, so.cfg.Text.GyroUnit, so.cfg.Text.TimeUnit = s.Text.Format, s.Text.AccUnit, s.Text.GyroUnit, s.Text.TimeUnit
		so.cfg.Text.Columns, so.cfg.Text.Lookahead = s.Text.Columns, s.Text.Lookahead
		if so.cfg.Format == "" {
			so.cfg.Format = "witmotion"
		}
		if la := s.Text.Lookahead; la != 0 && (la < sensor.MinLookahead || la > sensor.MaxLookahead) {
			return bad(key+".text.lookahead", "%d: want %d to %d lines (0, the default: about 1 s of lines, %d to %d)", la, sensor.MinLookahead, sensor.MaxLookahead, serial.DefaultTextLookahead, sensor.MaxLookahead)
		}
		if msg := serialRateProblem(s.Rate); msg != "" {
			return bad(key+".rate", "%s", msg)
		}
		vc := so.cfg
		if vc.Format == serial.FormatWitBLE && vc.Rate == 0 {
			// (its devices: entry may give it, as serve does: checked
			// below)
			vc.Rate = 100
		}
		if err := vc.Validate(); err != nil {
			// the key, not serial.Config's Go field ("serial config:
			// Baud:")
			var fe *serial.FieldError
			if errors.As(err, &fe) {
				return bad(key+"."+serialKey[fe.Field], "%v", fe.Err)
			}
			return bad(key, "%v", err)
		}
		if so.device == "" {
			so.device = deviceName(s.Device)
		} else if !runs.ValidDevice(so.device) {
			return bad(key+".name", "%q: want 1–64 letters, digits, '.', '-' or '_'", so.device)
		}
		if names[so.device] {
			return bad(key+".name", "device name %q used twice", so.device)
		}
		names[so.device] = true
		serialRate[so.device] = entryRate{key, s.Rate}
		if so.cfg.Format == serial.FormatWitBLE && s.Rate == 0 {
			noRate = append(noRate, so.device)
		}
		o.extra = append(o.extra, so)
	}
	// a phone app's entry's device name: its name, checked, or the
	// default from its address; one another device has is an error
	appEntryName := func(key, name, app, url string) (string, error) {
		if name != "" && !runs.ValidDevice(name) {
			return "", bad(key+".name", "%q: want 1–64 letters, digits, '.', '-' or '_'", name)
		}
		if name == "" {
			name = appName(app, url)
		}
		if names[name] {
			return "", bad(key+".name", "device name %q used twice", name)
		}
		names[name] = true
		return name, nil
	}
	for i, p := range c.Phyphox {
		key := fmt.Sprintf("phyphox[%d]", i)
		if p.URL == "" {
			return bad(key+".url", "missing (the address the app shows, such as http://192.168.1.20:8080)")
		}
		po := phoneOptions{device: p.Name}
		po.cfg.URL = p.URL
		switch len(p.Buffers) {
		case 0:
		case 4:
			copy(po.cfg.Buffers[:], p.Buffers)
		default:
			return bad(key+".buffers", "%d names: want four, the time, x, y and z buffers (default %s)", len(p.Buffers), strings.Join(phyphox.DefaultBuffers[:], ", "))
		}
		switch len(p.Gyro) {
		case 0:
		case 4:
			copy(po.cfg.Gyro[:], p.Gyro)
			if po.cfg.Gyro == [4]string{} {
				// (four empty names: none read, silently)
				return bad(key+".gyro", "Gyro[0] \"\": want a buffer name of the experiment, such as %s", phyphox.DefaultGyro[0])
			}
		default:
			return bad(key+".gyro", "%d names: want four, the gyroscope's time, x, y and z buffers (such as %s)", len(p.Gyro), strings.Join(phyphox.DefaultGyro[:], ", "))
		}
		if err := po.cfg.Validate(); err != nil {
			k := key + ".url"
			switch msg := strings.TrimPrefix(err.Error(), "phyphox: "); {
			case strings.HasPrefix(msg, "Buffers["):
				k = key + ".buffers"
			case strings.HasPrefix(msg, "Gyro["):
				k = key + ".gyro"
			}
			return bad(k, "%s", strings.TrimPrefix(err.Error(), "phyphox: "))
		}
		if po.device, err = appEntryName(key, p.Name, "phyphox", p.URL); err != nil {
			return err
		}
		o.phones = append(o.phones, po)
	}
	for i, p := range c.SensorServer {
		key := fmt.Sprintf("sensorserver[%d]", i)
		if p.URL == "" {
			return bad(key+".url", "missing (the WebSocket address the app shows, such as ws://192.168.1.20:8080)")
		}
		so := serverOptions{device: p.Name}
		so.cfg.URL, so.cfg.Gyro = p.URL, p.Gyro
		if err := so.cfg.Validate(); err != nil {
			return bad(key+".url", "%s", strings.TrimPrefix(err.Error(), "sensorserver: "))
		}
		if so.device, err = appEntryName(key, p.Name, "sensorserver", p.URL); err != nil {
			return err
		}
		o.servers = append(o.servers, so)
	}
	m := c.MQTT
	// checked here, by key and line, as the units are: refused when
	// serve started, they were named "--topic (or the config's
	// mqtt.topics)", neither the file nor the line
	for i, t := range m.Topics {
		if err := mqtt.CheckFilter(t); err != nil {
			return bad(fmt.Sprintf("mqtt.topics[%d]", i), "%v", err)
		}
	}
	if err := mqtt.CheckDeviceFrom(m.DeviceFrom); err != nil {
		return bad("mqtt.device_from", "%v", err)
	}
	str("mqtt", &o.mqtt.broker, m.Broker)
	if len(m.Topics) > 0 && !set["topic"] {
		o.mqtt.topics = m.Topics
	}
	str("device-from", &o.mqtt.deviceFrom, m.DeviceFrom)
	if m.PayloadDevice && !set["payload-device"] {
		o.mqtt.payloadDevice = true
	}
	str("client-id", &o.mqtt.clientID, m.ClientID)
	str("username", &o.mqtt.username, m.Username)
	pathKey("password-file", "mqtt.password_file", &o.mqtt.passwordFile, m.PasswordFile)
	pathKey("ca-file", "mqtt.ca_file", &o.mqtt.caFile, m.CAFile)
	pathKey("cert-file", "mqtt.cert_file", &o.mqtt.certFile, m.CertFile)
	pathKey("key-file", "mqtt.key_file", &o.mqtt.keyFile, m.KeyFile)
	if msg := queuedMiBProblem(m.MaxQueuedMiB); msg != "" {
		return bad("mqtt.max_queued_mib", "%s", msg)
	} else if m.MaxQueuedMiB > 0 && !set["mqtt-max-queued-mib"] {
		o.mqtt.maxQueuedMiB = m.MaxQueuedMiB
	}
	if err := sensor.CheckPayloadUnits(m.AccUnit, ""); err != nil {
		return bad("mqtt.acc_unit", "%s", strings.TrimPrefix(err.Error(), "unknown acceleration unit "))
	}
	if err := sensor.CheckPayloadUnits("", m.GyroUnit); err != nil {
		return bad("mqtt.gyro_unit", "%s", strings.TrimPrefix(err.Error(), "unknown gyro unit "))
	}
	str("mqtt-acc-unit", &o.mqtt.accUnit, m.AccUnit)
	if m.AccMirrored && !set["mqtt-acc-mirrored"] {
		o.mqtt.mirrored = true
	}
	str("mqtt-gyro-unit", &o.mqtt.gyroUnit, m.GyroUnit)
	str("broker", &o.mqtt.listen, c.Broker.Listen)
	str("broker-ws", &o.mqtt.wsListen, c.Broker.WebSocket)
	pathKey("broker-users", "broker.users_file", &o.mqtt.usersFile, c.Broker.UsersFile)
	pathKey("broker-tls-cert", "broker.tls_cert", &o.mqtt.tlsCert, c.Broker.TLSCert)
	pathKey("broker-tls-key", "broker.tls_key", &o.mqtt.tlsKey, c.Broker.TLSKey)
	pathKey("broker-client-ca", "broker.client_ca", &o.mqtt.clientCA, c.Broker.ClientCA)
	if pathErr != nil {
		return pathErr
	}
	if c.Broker.WSS && !set["broker-wss"] {
		o.mqtt.wss = true
	}
	if c.HTTPPush && !set["http-push"] {
		o.mqtt.httpPush = true
	}
	if len(c.Devices) > 0 {
		o.devices = map[string]gait.Config{}
	}
	// the devices of the --serial, --phyphox and --sensorserver flags
	// and of the phone entries, whose streams acc_mirrored does not
	// touch (it was taken for theirs and ignored, in silence)
	flagSerial := ""
	if d := o.serial.cfg.Device; d != "" {
		flagSerial = cmp.Or(o.serial.device, deviceName(d))
	}
	notMQTT := map[string]string{}
	if flagSerial != "" {
		notMQTT[flagSerial] = "the --serial device"
	}
	if u := o.phone.cfg.URL; u != "" {
		notMQTT[cmp.Or(o.phone.device, phoneName(u))] = "the --phyphox phone"
	}
	if u := o.server.cfg.URL; u != "" {
		notMQTT[cmp.Or(o.server.device, appName("sensorserver", u))] = "the --sensorserver phone"
	}
	for i, p := range o.phones {
		notMQTT[p.device] = fmt.Sprintf("the phone of phyphox[%d]", i)
	}
	for i, p := range o.servers {
		notMQTT[p.device] = fmt.Sprintf("the phone of sensorserver[%d]", i)
	}
	// in name order: with two bad devices the error named one at random
	for _, name := range slices.Sorted(maps.Keys(c.Devices)) {
		d := c.Devices[name]
		key := "devices." + name
		if !runs.ValidDevice(name) {
			return bad(key, "not a device name: want 1–64 letters, digits, '.', '-' or '_'")
		}
		ef := engineFlags{placement: o.engine.placement, activity: o.engine.activity, side: o.engine.side}
		if d.Side != "" {
			ef.side = d.Side
		}
		if d.Placement != "" {
			ef.placement = d.Placement
		}
		if d.Activity != "" {
			ef.activity = d.Activity
		}
		ecfg, err := ef.config()
		if err != nil {
			// named by its own key and line (it read "line 2:
			// devices.s1: side: …", the device's line, an audit)
			msg := strings.TrimPrefix(err.Error(), "--")
			for _, k := range []string{"side", "placement", "activity"} {
				if rest, ok := strings.CutPrefix(msg, k+": "); ok {
					return bad(key+"."+k, "%s", rest)
				}
			}
			return bad(key, "%s", msg)
		}
		if !ecfg.Placement.Foot() {
			if d.Side != "" {
				return bad(key+".side", "%s: the instrumented foot of a shoe or shank sensor; a %s sensor sees both feet", d.Side, ecfg.Placement)
			}
			ecfg.Side = gait.SideUnknown // (the default side is the foot devices')
		}
		if d.Rate != 0 && !(d.Rate >= 20 && d.Rate <= 2000) {
			return bad(key+".rate", "%g Hz: want 20 to 2000 (or 0: from the data)", d.Rate)
		}
		if sr, ok := serialRate[name]; ok && d.Rate != 0 && sr.rate != 0 && sr.rate != d.Rate {
			// the serial entry's timed the samples and this one was
			// ignored, in silence
			return bad(key+".rate", "%g Hz, and %s.rate says %g Hz: give the rate once", d.Rate, sr.key, sr.rate)
		}
		if r := o.serial.cfg.Rate; name == flagSerial && d.Rate != 0 && r != 0 && r != d.Rate {
			// (--rate timed the samples: this one was ignored)
			return bad(key+".rate", "%g Hz, and --rate says %g Hz: give the rate once", d.Rate, r)
		}
		ecfg.Rate = d.Rate
		o.devices[name] = ecfg
		if d.AccMirrored {
			if _, ok := serialRate[name]; ok {
				return bad(key+".acc_mirrored", "for MQTT devices: %s is a serial device (WitMotion and BNO08x frames come from a sensor's own right-handed axes)", name)
			}
			if what, ok := notMQTT[name]; ok {
				return bad(key+".acc_mirrored", "for MQTT devices and HTTP pushes: %s is %s, whose samples it does not apply to", name, what)
			}
			if o.mqtt.mirroredDevices == nil {
				o.mqtt.mirroredDevices = map[string]bool{}
			}
			o.mqtt.mirroredDevices[name] = true
		}
	}
	for _, name := range noRate {
		if o.devices[name].Rate == 0 {
			return bad(serialRate[name].key+".rate", "missing: witmotion-ble frames carry no time; give the sensor's output rate in Hz (set on it, e.g. 100), here or as devices.%s.rate", name)
		}
	}
	// With no MQTT source a devices: entry can only be a serial device's
	// or a phone's:
	// one that names none applies to nothing — a typo (shoe-1 for shoe-l)
	// had the shoe analysed as a waist sensor, and nothing said so.
	if len(c.Devices) > 0 && o.mqtt.broker == "" && o.mqtt.listen == "" && !o.mqtt.httpPush {
		if d := o.serial.cfg.Device; d != "" {
			n := o.serial.device
			if n == "" {
				n = deviceName(d)
			}
			names[n] = true
		}
		if u := o.phone.cfg.URL; u != "" {
			names[cmp.Or(o.phone.device, phoneName(u))] = true
		}
		if u := o.server.cfg.URL; u != "" {
			names[cmp.Or(o.server.device, appName("sensorserver", u))] = true
		}
		for _, name := range slices.Sorted(maps.Keys(c.Devices)) {
			if !names[name] {
				have := "none"
				if len(names) > 0 {
					have = strings.Join(slices.Sorted(maps.Keys(names)), ", ")
				}
				return bad("devices."+name, "no serial device or phone is named %s and there is no MQTT source or HTTP push (mqtt.broker, broker.listen, http_push): its settings would apply to no device (serial devices and phones: %s)", name, have)
			}
		}
	}
	return nil
}

// lineOf returns the line of the key at path (serial[1].name,
// devices.belt-1.side, mqtt.broker) in the document root, or of the
// deepest part of the path that is there (serial[1] for a missing name);
// 0 when none is. A mapping key may hold dots (a device name): the longest
// key that the path goes on from is taken.
func lineOf(root *yaml.Node, path string) int {
	n, line := root, 0
	for n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for path != "" && n != nil {
		var next *yaml.Node
		rest := ""
		switch n.Kind {
		case yaml.MappingNode:
			best := -1
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				r, ok := strings.CutPrefix(path, k)
				if ok && (r == "" || r[0] == '.' || r[0] == '[') && len(k) > best {
					best, next, rest = len(k), n.Content[i+1], strings.TrimPrefix(r, ".")
					line = n.Content[i].Line
				}
			}
		case yaml.SequenceNode:
			var i int
			if _, err := fmt.Sscanf(path, "[%d]", &i); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				_, rest, _ = strings.Cut(path, "]")
				rest = strings.TrimPrefix(rest, ".")
				line = next.Line
			}
		}
		n, path = next, rest
	}
	return line
}

// portID identifies a serial port: its path with the links resolved (a
// /dev/serial/by-id link and the node it names are one port), or the
// cleaned path where it does not resolve (a device not plugged in yet).
func portID(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	return filepath.Clean(path)
}

var (
	yamlLine     = regexp.MustCompile(`^line (\d+): `)
	yamlType     = regexp.MustCompile(`(?s)cannot unmarshal !!(\w+)(?: (.*))? into (.*)$`)
	yamlNotFound = regexp.MustCompile(`field (\S+) not found in type .*$`)
)

// yamlError rewrites a YAML decoding error for a person editing the file:
// each line names the key (as a path such as serial[0].baud) and says what
// its value should be, instead of the Go types it was decoded into.
func yamlError(src []byte, err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		// a tab where YAML wants spaces: "found character that cannot
		// start any token" named no tab (an audit)
		if m := yamlLine.FindStringSubmatch(msg); m != nil && strings.Contains(msg, "found character that cannot start any token") {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= bytes.Count(src, []byte("\n"))+1 {
				if line := bytes.Split(src, []byte("\n"))[n-1]; bytes.ContainsRune(line, '\t') {
					msg += " (a tab: YAML indents with spaces only)"
				}
			}
		}
		return msg
	}
	var root yaml.Node
	yaml.Unmarshal(src, &root) // decodes, since Decode got as far as types
	var out []string
	used := map[*yaml.Node]bool{} // each offending value is named once
	for _, e := range te.Errors {
		m := yamlLine.FindStringSubmatch(e)
		if m == nil {
			out = append(out, e)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		msg := strings.TrimPrefix(e, m[0])
		var key string
		if t := yamlType.FindStringSubmatch(msg); t != nil {
			// tag, value (backquoted, absent for a mapping or list), type
			key = keyAt(&root, line, t[1], strings.Trim(t[2], "`"), used)
			what := "a " + map[string]string{"map": "mapping", "seq": "list"}[t[1]]
			if t[2] != "" {
				what = t[2]
			}
			msg = fmt.Sprintf("%s is not %s", what, goTypeName(t[3]))
			if v := strings.Trim(t[2], "`"); t[1] == "str" && quotedOn(src, line, v) && !strings.HasSuffix(v, "...") {
				// "8" for a number, "true" for a boolean: said "`8` is
				// not a whole number", which it looks like
				if _, err := strconv.ParseFloat(v, 64); err == nil || v == "true" || v == "false" {
					msg = fmt.Sprintf("%s is in quotes, which makes it a string: write it without them (%s)", what, goTypeName(t[3]))
				}
			}
			if t[3] == "time.Duration" && (t[1] == "int" || t[1] == "float") {
				// a bare number: seconds or milliseconds? (0 is taken)
				msg = fmt.Sprintf("%s has no unit: write it with one, such as %ss or %sms (a bare 0 is zero)", what, strings.Trim(what, "`"), strings.Trim(what, "`"))
				if strings.HasSuffix(what, "...`") {
					msg = fmt.Sprintf("%s has no unit: write it with one, such as 30s or 250ms (a bare 0 is zero)", what)
				}
			}
		} else if t := yamlNotFound.FindStringSubmatch(msg); t != nil {
			key = keyAt(&root, line, "key", t[1], used)
			msg = fmt.Sprintf("unknown key %q%s (deploy/gaitd.yaml lists every key)", t[1], keyHint(key, t[1]))
		}
		if key != "" {
			msg = key + ": " + msg
		}
		out = append(out, "line "+m[1]+": "+msg)
	}
	return strings.Join(out, "; ")
}

// quotedOn reports whether line n (from 1) of src holds value v in
// double or single quotes.
func quotedOn(src []byte, n int, v string) bool {
	lines := bytes.Split(src, []byte("\n"))
	if n < 1 || n > len(lines) {
		return false
	}
	l := string(lines[n-1])
	return strings.Contains(l, `"`+v+`"`) || strings.Contains(l, "'"+v+"'")
}

// goTypeName says in words what a value of a Go type looks like.
func goTypeName(t string) string {
	switch {
	case t == "time.Duration":
		return "a duration (such as 30s or 2m)"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a mapping of keys"
}

// keyAt returns the path (serial[0].baud) of the key a decoding error on a
// line is about, "" when none: tag is the YAML tag of the offending value
// ("map", "seq", a scalar's, or "key" for an unknown key) and value its
// text (the key's name for "key"). Of the keys on that line (several in a
// flow mapping) it takes the one whose value matches.
func keyAt(root *yaml.Node, line int, tag, value string, used map[*yaml.Node]bool) string {
	type cand struct {
		path string
		k, v *yaml.Node
	}
	var cs []cand
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				if k.Line == line || v.Line == line {
					cs = append(cs, cand{p, k, v})
				}
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				if c.Line == line {
					cs = append(cs, cand{p, nil, c})
				}
				walk(c, p)
			}
		}
	}
	walk(root, "")
	// yaml.v3 shortens long values in its messages to 7 bytes and "..."
	short, prefix := strings.CutSuffix(value, "...")
	matches := func(v string) bool { return v == value || prefix && strings.HasPrefix(v, short) }
	if tag == "map" || tag == "seq" {
		// a mapping or list where another kind belongs: named only when
		// one candidate on the line is of that kind (inline nesting
		// could blame the inner or the outer one wrongly)
		kind := map[string]yaml.Kind{"map": yaml.MappingNode, "seq": yaml.SequenceNode}[tag]
		var found []cand
		for _, c := range cs {
			if c.v.Kind == kind && !used[c.v] {
				found = append(found, c)
			}
		}
		if len(found) != 1 {
			return ""
		}
		used[found[0].v] = true
		return found[0].path
	}
	// scalars and keys in document order, as the errors come
	for _, c := range cs {
		if used[c.v] {
			continue
		}
		if tag == "key" && c.k != nil && c.k.Value == value && c.k.Line == line ||
			tag != "key" && c.v.Kind == yaml.ScalarNode && matches(c.v.Value) {
			used[c.v] = true
			return c.path
		}
	}
	return ""
}

// keyHint suggests, for an unknown key name at path (serial[0].baudrate;
// "" when its place is not known), the key meant: one of the same
// mapping a typo or a flag's spelling away (placment, max-devices), else
// the same name where it belongs (topics at the top level, acc_unit in a
// serial entry: mqtt.topics, serial[].text.acc_unit); "" when none. A typo
// was refused naming the key alone, the operator left to search the
// reference for the spelling or the section.
func keyHint(path, name string) string {
	if name == "password" {
		return " (the MQTT password is read from mqtt.password_file or $" + passwordEnv + ", never from this file)"
	}
	cfg := reflect.TypeFor[fileConfig]()
	if path != "" {
		if t := keyParent(cfg, path); t != nil {
			n := strings.ReplaceAll(strings.ToLower(name), "-", "_")
			best, bestD := "", 0
			for _, k := range structKeys(t) {
				d := editDistance(n, k)
				short, long := min(len(n), len(k)), max(len(n), len(k))
				if d > max(1, len(k)/4) && short >= 4 && (strings.HasPrefix(n, k) || strings.HasPrefix(k, n)) {
					d = long - short // (users for users_file, baudrate for baud)
				} else if d > max(1, len(k)/4) {
					continue
				}
				if best == "" || d < bestD {
					best, bestD = k, d
				}
			}
			if best != "" {
				return fmt.Sprintf(", did you mean %q?", best)
			}
		}
	}
	var where []string
	var walk func(t reflect.Type, at string)
	walk = func(t reflect.Type, at string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			if t.Kind() == reflect.Slice {
				at += "[]"
			} else if t.Kind() == reflect.Map {
				at += ".<name>"
			}
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := range t.NumField() {
			k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			p := k
			if at != "" {
				p = at + "." + k
			}
			if k == name {
				where = append(where, p)
			}
			walk(t.Field(i).Type, p)
		}
	}
	walk(cfg, "")
	if len(where) == 0 {
		return ""
	}
	return " at this level (the key is " + strings.Join(where, " or ") + ")"
}

// keyParent returns the struct type holding the last key of path in t
// (fileConfig), nil when the path does not lead to one. A map's key (a
// device name, which may hold dots) is the path up to its last key.
func keyParent(t reflect.Type, path string) reflect.Type {
	parts := strings.Split(path, ".")
	parts = parts[:len(parts)-1]
	for len(parts) > 0 {
		p, _, _ := strings.Cut(parts[0], "[")
		parts = parts[1:]
		if t.Kind() != reflect.Struct {
			return nil
		}
		var next reflect.Type
		for i := range t.NumField() {
			if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k == p {
				next = t.Field(i).Type
			}
		}
		if next == nil {
			return nil
		}
		for next.Kind() == reflect.Pointer || next.Kind() == reflect.Slice {
			next = next.Elem()
		}
		if next.Kind() == reflect.Map {
			if len(parts) == 0 {
				return nil // the key is a map's own (a device name)
			}
			next, parts = next.Elem(), nil // the rest is the map's key
		}
		t = next
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// structKeys lists the yaml keys of struct type t.
func structKeys(t reflect.Type) []string {
	var ks []string
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			ks = append(ks, k)
		}
	}
	return ks
}

// editDistance is the edit distance of a and b (bytes): insertions,
// deletions, substitutions and swaps of two neighbours (idel for idle)
// count one each.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
