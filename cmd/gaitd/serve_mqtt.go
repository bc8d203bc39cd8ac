package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/mqtt"
	"github.com/prometheus/client_golang/prometheus"
)

// topicList is a repeatable string flag.
type topicList []string

func (t *topicList) String() string     { return strings.Join(*t, ",") }
func (t *topicList) Set(v string) error { *t = append(*t, v); return nil }

type mqttOptions struct {
	broker        string // client: broker URL
	topics        topicList
	deviceFrom    string
	payloadDevice bool
	clientID      string
	username      string
	passwordFile  string
	caFile        string
	certFile      string
	keyFile       string
	maxQueuedMiB  int           // byte budget of the hand-off queues; 0: mqtt.DefaultMaxQueuedBytes
	forget        time.Duration // serve's --forget-after: the client's pipelines go too
	accUnit       string        // csv and single-json values without a unit: "" detects
	gyroUnit      string
	mirrored      bool // every payload's acceleration negated (--mqtt-acc-mirrored)
	// devices whose payloads' acceleration is negated (devices.<name>.acc_mirrored)
	mirroredDevices map[string]bool

	listen    string // embedded broker TCP address
	wsListen  string // embedded broker WebSocket address
	usersFile string
	tlsCert   string // embedded broker: serve TLS with this certificate
	tlsKey    string
	wss       bool   // embedded broker: TLS on the WebSocket listener too
	clientCA  string // embedded broker: require client certificates of this CA

	// httpPush: messages POSTed to /api/push/{device} on serve's
	// listener go into the same device pipelines (without --mqtt or
	// --broker, those of a client-less Source)
	httpPush bool

	// ownedNames are the devices of serial ports and phone apps (name →
	// source): MQTT messages and HTTP pushes under those names are
	// refused as unrouted, and logged
	ownedNames map[string]string

	// named names an option in errors: a flag, or the config file's key
	// that set it (serveOptions.named); nil: the flag
	named func(flag string) string

	// per device: the last time its refusal was logged, its last payload
	// format (set by sources)
	warn *deviceNotes

	// unrouted counts messages refused for their device name (set by
	// start: the hub's Unrouted)
	unrouted func(int)

	// the hub the source's devices go to (set by start, before the
	// source runs: read by its Keep)
	hub *live.Hub

	// with --payload-device, the devices each pipeline's payloads named
	// (read by Keep: the hub holds those, not the topic's name)
	payloadNames *pipelineDevices

	// set by sources
	src    *mqtt.Source
	brk    *mqtt.Broker
	cancel context.CancelFunc
	log    *slog.Logger
}

// PasswordEnv is the environment variable holding the MQTT password.
const passwordEnv = "GAITD_MQTT_PASSWORD"

func (o *mqttOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.broker, "mqtt", "", "external MQTT broker to subscribe at: tcp://host:1883, ssl://host:8883, ws://host:8083/mqtt (not with --broker, whose embedded broker gaitd subscribes to itself)")
	fs.Var(&o.topics, "topic", "MQTT topic `filter` (repeatable; default gait/+/imu)")
	fs.StringVar(&o.deviceFrom, "device-from", "", "topic pattern naming the device, e.g. 'gait/{device}/imu' (default: the second topic level)")
	fs.BoolVar(&o.payloadDevice, "payload-device", false, "name devices by the payload's device field when it has one, not by the topic")
	fs.StringVar(&o.clientID, "client-id", "", "MQTT client ID, stable across restarts: the broker keeps the persistent session under it (default gaitd-<hostname>; with --broker a random gaitd-self-…)")
	fs.StringVar(&o.username, "username", "", "MQTT user name at the --mqtt broker; the password comes from --password-file or $"+passwordEnv)
	fs.StringVar(&o.passwordFile, "password-file", "", "file holding the MQTT password")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM CA bundle to verify a TLS broker")
	fs.StringVar(&o.certFile, "cert-file", "", "PEM client certificate for a TLS broker")
	fs.StringVar(&o.keyFile, "key-file", "", "PEM client key for a TLS broker")
	fs.IntVar(&o.maxQueuedMiB, "mqtt-max-queued-mib", 0, fmt.Sprintf("MiB of MQTT messages all devices' hand-off queues may hold together, at most %d; beyond it messages are dropped and counted (0 or unset: %d)", maxQueuedMiB, mqtt.DefaultMaxQueuedBytes>>20))
	fs.StringVar(&o.accUnit, "mqtt-acc-unit", "", "acceleration unit of MQTT csv, single-json and influx payloads that give none: g, mps2 or mg (default: detected from gravity over each device's first 100 samples)")
	fs.BoolVar(&o.mirrored, "mqtt-acc-mirrored", false, "MQTT publishers' accelerometers read -1 g up, as Apple's Core Motion does (iOS Sensor Logger without \"Standardise Units & Frames\"): read every axis negated, or every left/right label comes out swapped")
	fs.StringVar(&o.gyroUnit, "mqtt-gyro-unit", "", "angular-rate unit of MQTT csv, single-json and influx payloads that give none: dps or rads (default: detected with the acceleration)")
	fs.StringVar(&o.listen, "broker", "", "run the embedded MQTT broker on this TCP address (e.g. :1883)")
	fs.StringVar(&o.wsListen, "broker-ws", "", "also accept MQTT over WebSocket on this address (e.g. :8083, for phones)")
	fs.StringVar(&o.tlsCert, "broker-tls-cert", "", "PEM certificate: the embedded broker's TCP listener speaks TLS (clients use ssl://)")
	fs.StringVar(&o.tlsKey, "broker-tls-key", "", "PEM key of --broker-tls-cert")
	fs.BoolVar(&o.wss, "broker-wss", false, "serve --broker-ws over TLS too (clients use wss://), with --broker-tls-cert/--broker-tls-key")
	fs.StringVar(&o.clientCA, "broker-client-ca", "", "PEM CA bundle: the embedded broker requires client certificates signed by it (mutual TLS)")
	fs.BoolVar(&o.httpPush, "http-push", false, "accept samples POSTed to http://<--listen>/api/push/<device>: Sensor Logger's HTTP push, or a message in any MQTT payload format (anyone who can reach --listen can push)")
	fs.StringVar(&o.usersFile, "broker-users", "", "file of user:password lines for the embedded broker (default: anyone may connect); gaitd's own client gets in with an in-process credential")
}

// readUsers reads user:password lines; blank lines and # comments are
// skipped.
func readUsers(path string) (map[string]string, error) {
	return readUsersAs(path, "--broker-users")
}

// readUsersAs is readUsers with its errors named by name (the flag, or
// the config file's key). A line that is not user:password is an error of
// the configuration (a usageError: exit status 2); a file that cannot be
// read is not.
func readUsersAs(path, name string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	users := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, p, ok := strings.Cut(line, ":")
		if !ok || u == "" || p == "" {
			return nil, usageErrorf("%s: %s:%d: want user:password", name, path, n)
		}
		users[u] = p
	}
	if err := sc.Err(); err != nil {
		// (a line over 64 KiB: "bufio.Scanner: token too long" named
		// neither the flag nor the file)
		return nil, fmt.Errorf("%s: %s: %w", name, path, err)
	}
	return users, nil
}

// twoBrokers refuses an external broker and the embedded one when the
// config file set either, naming them by the file's line and key as the
// other values serve refuses are (mqttOptions.check names the flags).
func (o *serveOptions) twoBrokers() error {
	_, f1 := o.from["mqtt"]
	_, f2 := o.from["broker"]
	if o.mqtt.listen == "" || o.mqtt.broker == "" || !f1 && !f2 {
		return nil
	}
	name := func(flag, v string) string {
		if w, ok := o.from[flag]; ok {
			return w + ": " + v
		}
		return "--" + flag + " " + v
	}
	both := name("mqtt", mqtt.RedactURL(o.mqtt.broker)) + " and " + name("broker", o.mqtt.listen)
	if !f1 {
		both = "serve: " + both
	}
	return fmt.Errorf("%s: choose one: gaitd has one MQTT client; broker.listen (--broker) runs the embedded broker and gaitd subscribes to it itself, mqtt.broker (--mqtt) subscribes to an external broker", both)
}

// check refuses option combinations that cannot work, before anything
// starts.
func (o *mqttOptions) check() error {
	if o.listen != "" && o.broker != "" {
		// gaitd has one MQTT client: with both, what is published to the
		// embedded broker would be silently ignored
		return fmt.Errorf("--mqtt %s and --broker %s (or the config's mqtt.broker and broker.listen): choose one: --broker runs the embedded broker and gaitd subscribes to it itself; --mqtt subscribes to an external broker", mqtt.RedactURL(o.broker), o.listen)
	}
	// a value the config file set is named by its file, line and key
	// (these said "(or the config's …)", neither the file nor the line)
	fromFile := func(flag string) (string, bool) {
		n := o.name(flag)
		return n, !strings.HasPrefix(n, "--")
	}
	if o.listen == "" && o.usersFile != "" {
		// the users file is the embedded broker's: ignoring it would leave
		// the user believing something is locked
		if n, ok := fromFile("broker-users"); ok {
			return fmt.Errorf("%s: %s needs broker.listen (or --broker): it lists who may use the embedded broker", n, o.usersFile)
		}
		return fmt.Errorf("--broker-users %s (or the config's broker.users_file) needs --broker: it lists who may use the embedded broker", o.usersFile)
	}
	if o.listen == "" && (o.tlsCert != "" || o.tlsKey != "" || o.clientCA != "") {
		// as for the users file: a certificate nobody serves
		for _, f := range []struct{ flag, v string }{{"broker-tls-cert", o.tlsCert}, {"broker-tls-key", o.tlsKey}, {"broker-client-ca", o.clientCA}} {
			if n, ok := fromFile(f.flag); ok && f.v != "" {
				return fmt.Errorf("%s: %s: the embedded broker's TLS file: it needs broker.listen (or --broker)", n, f.v)
			}
		}
		return errors.New("--broker-tls-cert, --broker-tls-key and --broker-client-ca (or the config's broker.tls_cert, tls_key, client_ca) are the embedded broker's: they need --broker")
	}
	if msg := queuedMiBProblem(o.maxQueuedMiB); msg != "" {
		return fmt.Errorf("--mqtt-max-queued-mib: %s", msg)
	}
	if o.broker == "" && o.listen == "" {
		// the MQTT client's options with no broker to subscribe at:
		// taken and ignored, in silence (a config's mqtt: section left
		// when its broker was commented out), as the --serial port's
		// flags without it are refused
		push := ""
		if o.httpPush {
			push = " (HTTP push names each device by its URL)"
		}
		for _, f := range []struct {
			flag string
			set  bool
		}{{"topic", len(o.topics) > 0}, {"device-from", o.deviceFrom != ""}, {"client-id", o.clientID != ""}, {"username", o.username != ""},
			{"password-file", o.passwordFile != ""}, {"ca-file", o.caFile != ""}, {"cert-file", o.certFile != ""}, {"key-file", o.keyFile != ""}} {
			if f.set {
				return fmt.Errorf("%s: for the MQTT client, and there is no broker: give --mqtt or --broker (config mqtt.broker, broker.listen)%s", o.name(f.flag), push)
			}
		}
	}
	// named by the flag (the client's checks name its Config fields:
	// "mqtt: Topics[0]", "--mqtt: …" for a --broker)
	for _, t := range o.topics {
		if err := mqtt.CheckFilter(t); err != nil {
			return fmt.Errorf("--topic (or the config's mqtt.topics): %w", err)
		}
	}
	if err := mqtt.CheckDeviceFrom(o.deviceFrom); err != nil {
		return fmt.Errorf("--device-from (or the config's mqtt.device_from): %w", err)
	}
	if o.deviceFrom != "" && (o.broker != "" || o.listen != "") {
		// a filter none of whose topics the pattern reads delivers
		// messages that are all refused, "the topic names no device",
		// one log line every 10 s: said now instead
		topics, tn := o.topics, o.name("topic")
		if len(topics) == 0 {
			topics, tn = topicList{mqtt.DefaultTopic}, "the default --topic"
		}
		for _, t := range topics {
			if !topicsMeet(strings.Split(deliveredFilter(t), "/"), strings.Split(o.deviceFrom, "/")) {
				return fmt.Errorf("%s: %q reads no topic of the filter %s (%s): each of its messages would be refused as naming no device", o.name("device-from"), o.deviceFrom, t, tn)
			}
		}
	}
	if err := sensor.CheckPayloadUnits(o.accUnit, o.gyroUnit); err != nil {
		return fmt.Errorf("--mqtt-acc-unit, --mqtt-gyro-unit (or the config's mqtt.acc_unit, mqtt.gyro_unit): %w", err)
	}
	if o.listen == "" && o.passwordFile != "" && o.username == "" {
		if n, ok := fromFile("password-file"); ok {
			return fmt.Errorf("%s: %s needs mqtt.username (or --username): the broker checks the pair", n, o.passwordFile)
		}
		return fmt.Errorf("--password-file %s (or the config's mqtt.password_file) needs --username: the broker checks the pair", o.passwordFile)
	}
	return nil
}

// maxQueuedMiB is the largest --mqtt-max-queued-mib (mqtt.max_queued_mib)
// taken: 1 TiB. A larger one overflowed in bytes, and the client refused
// it at start as "mqtt: MaxQueuedBytes: -5822864442258358272 is
// negative", named by the broker's flag or key.
const maxQueuedMiB = 1 << 20

// queuedMiBProblem says what is wrong with a queue budget in MiB, "" when
// nothing (0: the default).
func queuedMiBProblem(n int) string {
	switch {
	case n < 0:
		return fmt.Sprintf("%d is negative", n)
	case n > maxQueuedMiB:
		return fmt.Sprintf("%d: want at most %d (1 TiB; 0: the default, %d)", n, maxQueuedMiB, mqtt.DefaultMaxQueuedBytes>>20)
	}
	return ""
}

// deliveredFilter is the filter of the topics a subscription to f
// delivers: a shared subscription's ($share/<group>/gait/+/imu, EMQX's
// $queue/gait/+/imu) messages come on their own topics, which its filter
// after the prefix matches. Compared whole, "$share" met no --device-from
// and such a filter, taken before, was refused at start.
func deliveredFilter(f string) string {
	if rest, ok := strings.CutPrefix(f, "$share/"); ok {
		if _, after, ok := strings.Cut(rest, "/"); ok {
			return after
		}
		return rest
	}
	if rest, ok := strings.CutPrefix(f, "$queue/"); ok {
		return rest
	}
	return f
}

// topicsMeet reports whether some topic matches both a and b, topic
// filters or --device-from patterns split at '/': '+', '#' and {device}
// match any level ('#' the rest, its parent too), other levels
// themselves.
func topicsMeet(a, b []string) bool {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] == "#" || b[i] == "#" {
			return true
		}
		wild := func(l string) bool { return l == "+" || l == "{device}" }
		if !wild(a[i]) && !wild(b[i]) && a[i] != b[i] {
			return false
		}
	}
	switch {
	case len(a) == len(b):
		return true
	case len(a) == n+1:
		return a[n] == "#"
	case len(b) == n+1:
		return b[n] == "#"
	}
	return false
}

// clientError names an mqtt.New error by serve's flag of the mqtt.Config
// field it is about (mqtt.FieldError): --mqtt for the broker URL and the
// fields without a flag of their own, named by the config file's key
// when the file set it. It said the Go field too: "--mqtt: mqtt: Broker:
// scheme …", "mqtt.broker: mqtt: Broker: …".
func (o *mqttOptions) clientError(err error) error {
	var fe *mqtt.FieldError
	if !errors.As(err, &fe) {
		return fmt.Errorf("%s: %w", o.name("mqtt"), err)
	}
	flag := "mqtt"
	for _, f := range [][2]string{{"CAFile", "ca-file"}, {"CertFile", "cert-file"}, {"KeyFile", "key-file"},
		{"PasswordFile", "password-file"}, {"Username", "username"}, {"ClientID", "client-id"}, {"Topics", "topic"}, {"DeviceFrom", "device-from"}} {
		if strings.HasPrefix(fe.Field, f[0]) {
			flag = f[1]
			break
		}
	}
	return fmt.Errorf("%s: %w", o.name(flag), fe.Err)
}

// name is how an error names the option of flag.
func (o *mqttOptions) name(flag string) string {
	if o.named != nil {
		return o.named(flag)
	}
	return "--" + flag
}

// otherNames lists the options an error about the option of flag says are
// needed: by the config file's keys (broker.websocket) when the file set
// that option, else by their flags.
func (o *mqttOptions) otherNames(flag string, needs ...string) string {
	fromFile := !strings.HasPrefix(o.name(flag), "--")
	var out []string
	for _, f := range needs {
		if fromFile {
			out = append(out, brokerKey[f])
		} else {
			out = append(out, "--"+f)
		}
	}
	if fromFile {
		return strings.Join(out, ", ") + " (or their flags)"
	}
	return strings.Join(out, ", ")
}

// brokerKey is the config file's key of an embedded-broker flag.
var brokerKey = map[string]string{"broker": "broker.listen", "broker-ws": "broker.websocket", "broker-wss": "broker.websocket_tls",
	"broker-tls-cert": "broker.tls_cert", "broker-tls-key": "broker.tls_key"}

// deviceNotes is what serve notes per MQTT device: the last time its
// refusal was logged and its last payload format (under mu: devices run
// in parallel).
type deviceNotes struct {
	mu         sync.Mutex
	lastWarnAt map[string]time.Time
	formats    map[string]string
}

// sources starts the embedded broker (when asked) and prepares the client.
func (o *mqttOptions) sources(log *slog.Logger, maxDevices int) (*mqttOptions, error) {
	o.log = log
	o.warn = &deviceNotes{lastWarnAt: map[string]time.Time{}, formats: map[string]string{}}
	if err := o.check(); err != nil {
		return nil, err
	}
	internal := false
	if o.listen != "" {
		var users map[string]string
		if o.usersFile != "" {
			var err error
			if users, err = readUsersAs(o.usersFile, o.name("broker-users")); err != nil {
				return nil, err
			}
			if len(users) == 0 {
				log.Warn("--broker-users lists no user yet: only gaitd itself can connect to the embedded broker", "file", o.usersFile)
			}
		} else {
			log.Warn("embedded broker without --broker-users: any client may connect and publish")
		}
		tc, err := o.brokerTLS()
		if err != nil {
			return nil, err
		}
		if o.wss && (tc == nil || o.wsListen == "") {
			return nil, usageErrorf("%s: needs %s", o.name("broker-wss"), o.otherNames("broker-wss", "broker-ws", "broker-tls-cert", "broker-tls-key"))
		}
		// a connection a device (a sensor, or a phone for several), and
		// gaitd's own and a few subscribers: 500 devices found 244 of
		// their connections closed at the broker's default 256
		b, err := mqtt.StartBroker(mqtt.BrokerConfig{TCP: o.listen, WebSocket: o.wsListen, Users: users, TLS: tc, WebSocketTLS: o.wss, InternalClientID: o.clientID,
			MaxConns: max(256, maxDevices+16)}, log)
		if err != nil {
			f := "broker"
			if strings.Contains(err.Error(), "broker WebSocket") {
				f = "broker-ws"
			}
			return nil, addrError(fmt.Errorf("%s: %w", o.name(f), err))
		}
		o.brk = b
		log.Info("embedded MQTT broker", "tcp", b.Addr(), "websocket", b.WebSocketAddr())
		// the source is named by the address publishers use; gaitd's own
		// client connects to the broker's loopback listener in plain
		// MQTT (no certificate to check or present)
		o.broker = "tcp://" + b.Addr()
		if tc != nil {
			o.broker = "ssl://" + b.Addr()
		}
		internal = true
		if o.username != "" || o.passwordFile != "" {
			log.Warn("--username and --password-file apply to an external --mqtt broker: gaitd's own client of the embedded broker uses an in-process credential")
		}
		if o.caFile != "" || o.certFile != "" || o.keyFile != "" {
			// (they were ignored in silence)
			log.Warn("--ca-file, --cert-file and --key-file apply to an external --mqtt broker: gaitd's own client of the embedded broker connects in-process; the broker's listeners take --broker-tls-cert and --broker-tls-key")
		}
	} else if o.wss {
		return nil, usageErrorf("%s: needs %s", o.name("broker-wss"), o.otherNames("broker-wss", "broker", "broker-ws", "broker-tls-cert", "broker-tls-key"))
	} else if o.wsListen != "" {
		return nil, usageErrorf("%s: needs %s", o.name("broker-ws"), o.otherNames("broker-ws", "broker"))
	}
	if o.broker == "" && !o.httpPush {
		return o, nil
	}
	o.payloadNames = newPipelineDevices(maxDevices)
	cfg := mqtt.Config{Broker: o.broker, NoClient: o.broker == "", Name: cmp.Or(o.broker, "http"), ClientID: o.clientID, Topics: o.topics, DeviceFrom: o.deviceFrom, Username: o.username,
		PasswordFile: o.passwordFile, CAFile: o.caFile, CertFile: o.certFile, KeyFile: o.keyFile, MaxDevices: maxDevices, Forget: o.forget,
		// a name the hub refuses takes no pipeline (and none of maxDevices)
		ValidDevice: runs.ValidDevice,
		// a device the hub holds (its run not yet written) keeps its
		// pipeline and its place: forgotten first, its place went to a
		// new device the hub then refused (a push answered 200 ok). Not
		// a serial device's or phone's name: the hub holds it for good,
		// and the pipeline its refused messages made held a place for
		// good too
		Keep: func(name string) bool {
			if o.payloadDevice {
				return o.payloadNames.held(name, o.hub)
			}
			if _, owned := o.ownedNames[name]; owned {
				return false
			}
			return o.hub != nil && o.hub.Holds(name)
		}}
	cfg.MaxQueuedBytes = o.maxQueuedMiB << 20
	cfg.Payload.AccUnit, cfg.Payload.GyrUnit = o.accUnit, o.gyroUnit
	cfg.Payload.Mirrored = o.mirrored
	if m := o.mirroredDevices; len(m) > 0 && !o.payloadDevice {
		// (with --payload-device the device is the payload's name,
		// known once decoded: its samples are negated in start's
		// callback)
		cfg.Mirrored = func(device string) bool { return m[device] }
	}
	switch {
	case internal:
		// always let in, whatever --broker-users holds; never logged
		cfg.Username, cfg.Password = o.brk.InternalCredential()
		cfg.PasswordFile = ""
		cfg.ClientID = o.brk.InternalClientID() // reserved for it by the broker
		cfg.Broker = "tcp://" + o.brk.InternalAddr()
		cfg.CAFile, cfg.CertFile, cfg.KeyFile = "", "", ""
	case o.passwordFile == "" && os.Getenv(passwordEnv) != "":
		cfg.PasswordEnv = passwordEnv
	case o.passwordFile != "" && os.Getenv(passwordEnv) != "":
		// (a password changed in the environment, an old file still
		// named: the broker's refusal would not say which was used)
		log.Warn("$"+passwordEnv+" is set and not used: the MQTT password is read from the password file", "file", o.passwordFile)
	}
	if err := cfg.Validate(); err != nil {
		// (the values alone: exit status 2; the files New reads, a
		// password or a certificate, are checked there)
		o.close()
		return nil, usageError{o.clientError(err)}
	}
	src, err := mqtt.New(cfg, log)
	if err != nil {
		o.close()
		return nil, o.clientError(err)
	}
	o.src = src
	return o, nil
}

func (o *mqttOptions) names() []string {
	if o.src == nil || o.broker == "" {
		return nil // (HTTP push has no connection to say)
	}
	return []string{"mqtt:" + o.broker}
}

// sourceName names the messages' source in logs and run summaries:
// mqtt:<broker> (the embedded broker by the address its publishers use),
// with " or http" when HTTP pushes come too, or "http".
func (o *mqttOptions) sourceName() string {
	switch {
	case o.broker == "":
		return "http"
	case o.httpPush:
		return "mqtt:" + o.broker + " or http"
	}
	return "mqtt:" + o.broker
}

// start runs the client until stop.
func (o *mqttOptions) start(ctx context.Context, wg *sync.WaitGroup, hub *live.Hub, errs chan<- error) error {
	if o.src == nil {
		return nil
	}
	// stopped by stop alone, not by serve's signal: with the embedded
	// broker, its publishers go first (quiesce), and what the broker
	// acknowledged to them meanwhile would be lost with the client gone
	ctx, o.cancel = context.WithCancel(context.WithoutCancel(ctx))
	o.unrouted, o.hub = hub.Unrouted, hub
	name, source := "mqtt:"+o.broker, o.sourceName()
	if b := o.brk; b != nil {
		registerBrokerMetrics(hub.Registry(), b.Drops)
	}
	src := o.src
	warnMu, lastWarnAt, formats := &o.warn.mu, o.warn.lastWarnAt, o.warn.formats
	wg.Go(func() {
		// (one rate limit for every refusal of a serial device's name)
		owned := func(device string) bool {
			ser, ok := o.ownedNames[device]
			if !ok {
				return false
			}
			hub.Unrouted(1)
			warnMu.Lock()
			if now := time.Now(); now.Sub(lastWarnAt["\x00serial"]) >= 10*time.Second {
				lastWarnAt["\x00serial"] = now
				o.log.Warn("MQTT message refused (logged at most every 10 s): its device name is another source's (a serial port, a phyphox phone)", "device", device, "source", ser)
			}
			warnMu.Unlock()
			return true
		}
		err := src.Run(ctx, func(device string, p *sensor.Payload) {
			pipeline := device
			if o.payloadDevice && p.Device != "" {
				device = p.Device
			}
			if o.payloadDevice && o.mirroredDevices[device] && !p.Mirrored {
				// devices.<name>.acc_mirrored names the device the hub
				// runs: the payload's name here, not the topic's the
				// source decodes by (it mirrored none of them); once,
				// as a SensorLog header's columns are already negated
				for i := range p.Samples {
					a := &p.Samples[i].Acc
					a[0], a[1], a[2] = -a[0], -a[1], -a[2]
				}
			}
			if owned(device) {
				return
			}
			if o.payloadDevice {
				// (after owned: a serial device's or phone's name, which
				// the hub holds for good, would keep the pipeline of its
				// refused messages for good)
				o.payloadNames.add(pipeline, device)
			}
			if err := hub.PushUnordered(device, p.Layout, p.Samples); err != nil && !errors.Is(err, runs.ErrNotWritten) {
				// (a run that could not be written is the hub's to log:
				// the samples were analysed, not refused — said "device
				// refused" beside the hub's error, a black-box round with
				// a full disk)
				// one rate limit per device the hub runs, one shared by the
				// names it refuses (invalid, beyond the limit: with
				// --payload-device any name can come), so the map stays
				// bounded
				key := device
				if errors.Is(err, live.ErrTooManyDevices) || !runs.ValidDevice(device) {
					key = ""
				}
				warnMu.Lock()
				if now := time.Now(); now.Sub(lastWarnAt[key]) >= 10*time.Second {
					lastWarnAt[key] = now
					o.log.Warn("device refused (logged at most every 10 s)", "device", device, "err", err)
				}
				warnMu.Unlock()
			} else {
				// the payload format, detected per message: said when a
				// device's first message is taken and when it changes
				warnMu.Lock()
				// (the map is bounded: devices past 4096 are not said)
				f, known := formats[device]
				changed := f != p.Format && (known || len(formats) < 4096)
				if changed {
					formats[device] = p.Format
					o.log.Info("MQTT payload format", "device", device, "format", p.Format)
				}
				warnMu.Unlock()
				if changed {
					// the run summaries' input names it (called
					// after the push that made the device, holding no
					// lock of serve's)
					hub.SetSource(device, source+" format="+p.Format)
				}
			}
		}, func(device string, err error) {
			if o.payloadDevice {
				// the device the pipeline's payloads name, as its samples
				// go to: the topic's name is none the hub runs (counted
				// under "unknown", and not in the device's run)
				if d := o.payloadNames.latest(device); d != "" {
					device = d
				}
			}
			if owned(device) {
				return
			}
			hub.DecodeError(device, err)
		})
		if err != nil {
			select {
			case errs <- fmt.Errorf("mqtt: %w", err):
			default:
			}
		}
	})
	// pushes are taken once start returns (serve's ready): Run, in its
	// goroutine, may not have begun — the first ones were refused, 503
	// "not running"
	for deadline := time.Now().Add(5 * time.Second); !src.Started() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	// connection state and hand-off drops, every half second
	wg.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		seen := map[string]uint64{}
		for {
			select {
			case <-ctx.Done():
				if o.broker != "" {
					hub.SetConnected(name, false)
				}
				return
			case <-t.C:
				st := src.Stats()
				if o.broker != "" {
					hub.SetConnected(name, st.Connected && st.Subscribed)
				}
				for dev := range seen {
					if _, ok := st.Devices[dev]; !ok {
						delete(seen, dev) // a pipeline forgotten
					}
				}
				for dev, ds := range st.Devices {
					if ds.Dropped < seen[dev] {
						seen[dev] = 0 // a new pipeline of the name, from 0
					}
					if d := ds.Dropped - seen[dev]; d > 0 {
						if _, owned := o.ownedNames[dev]; dev == mqtt.UnknownDevice || owned {
							// beyond the device limit, a topic that names no
							// device, or a serial device's name (refused)
							hub.Unrouted(int(d))
						} else {
							hub.DroppedMessages(dev, int(d))
						}
					}
					seen[dev] = ds.Dropped
				}
			}
		}
	})
	return nil
}

// forgotten drops what serve keeps about a device the hub forgot (see
// live.Config.Forget): its next message is a new device's, its payload
// format said again.
func (o *mqttOptions) forgotten(device string) {
	if o.warn == nil {
		return
	}
	o.warn.mu.Lock()
	delete(o.warn.lastWarnAt, device)
	delete(o.warn.formats, device)
	o.warn.mu.Unlock()
}

// stop ends the client (its Run returns once the queued messages are
// delivered) and the embedded broker.
func (o *mqttOptions) stop() {
	if o.cancel != nil {
		o.cancel()
	}
}

// quiesce stops the embedded broker's publishers and lets gaitd's client
// take what the broker acknowledged to them (Broker.StopPublishers),
// before stop disconnects that client.
func (o *mqttOptions) quiesce() {
	if o.brk != nil {
		o.brk.StopPublishers(2 * time.Second)
	}
}

func (o *mqttOptions) close() {
	if o.brk != nil {
		o.brk.Close()
		o.brk = nil
	}
}

// brokerTLS builds the embedded broker's TLS configuration from the flags;
// nil without --broker-tls-cert.
func (o *mqttOptions) brokerTLS() (*tls.Config, error) {
	if o.tlsCert == "" && o.tlsKey == "" {
		if o.clientCA != "" {
			return nil, usageError{errors.New("--broker-client-ca needs --broker-tls-cert and --broker-tls-key")}
		}
		return nil, nil
	}
	// each file's error names its own flag or config key (both were
	// named by the flags, also when the config file had set them)
	if o.tlsCert == "" || o.tlsKey == "" {
		missing, given := "broker-tls-key", "broker-tls-cert"
		if o.tlsCert == "" {
			missing, given = given, missing
		}
		return nil, usageErrorf("%s: needs %s too", o.name(given), o.otherNames(given, missing))
	}
	certPEM, err := os.ReadFile(o.tlsCert)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.name("broker-tls-cert"), err)
	}
	keyPEM, err := os.ReadFile(o.tlsKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.name("broker-tls-key"), err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s, %s: %w", o.name("broker-tls-cert"), o.name("broker-tls-key"), err)
	}
	tc := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if o.clientCA != "" {
		b, err := os.ReadFile(o.clientCA)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.name("broker-client-ca"), err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("%s: %s: no PEM certificate", o.name("broker-client-ca"), o.clientCA)
		}
		tc.ClientCAs, tc.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

// registerBrokerMetrics exports the embedded broker's drops, by reason
// (mqtt.DropReasons): of messages on their way to gaitd's own client (it
// fell behind, or they were discarded unacknowledged: their device is not
// known before decoding, so they are not in gaitd_dropped_messages_total),
// and of packets refused as over the broker's size limit.
func registerBrokerMetrics(reg prometheus.Registerer, drops func() [len(mqtt.DropReasons)]uint64) {
	for r, name := range mqtt.DropReasons {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "gaitd_broker_dropped_messages_total",
			Help:        "MQTT messages the embedded broker dropped before gaitd's own client read them, by reason: writes_pending (it fell 8192 writes behind), inflight_full (8192 messages unacknowledged), discarded (held unacknowledged, then expired or its session ended), disconnected (QoS 0 while it was away), too_large (a packet over the broker's size limit, refused as its header was read).",
			ConstLabels: prometheus.Labels{"reason": name},
		}, func() float64 { return float64(drops()[r]) }))
	}
}

// pipelineDevices are, with --payload-device, the devices each MQTT
// pipeline's payloads named (pipeline: the topic's device, or the push
// URL's): the pipeline is kept while the hub holds one of them.
type pipelineDevices struct {
	mu  sync.Mutex
	by  map[string][]string // pipeline → device names, the latest last
	max int                 // names kept per pipeline
}

func newPipelineDevices(max int) *pipelineDevices {
	return &pipelineDevices{by: map[string][]string{}, max: max}
}

// add notes that pipeline's payload named device.
func (p *pipelineDevices) add(pipeline, device string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := p.by[pipeline]
	if n := len(names); n > 0 && names[n-1] == device {
		return
	}
	names = slices.DeleteFunc(names, func(d string) bool { return d == device })
	if len(names) == p.max {
		names = names[1:]
	}
	p.by[pipeline] = append(names, device)
}

// latest returns the device pipeline's payloads named last, "" when none.
func (p *pipelineDevices) latest(pipeline string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if names := p.by[pipeline]; len(names) > 0 {
		return names[len(names)-1]
	}
	return ""
}

// held reports whether hub holds a device pipeline's payloads named; a
// pipeline for which it holds none is forgotten here (Forget forgets it).
func (p *pipelineDevices) held(pipeline string, hub *live.Hub) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range p.by[pipeline] {
		if hub != nil && hub.Holds(d) {
			return true
		}
	}
	delete(p.by, pipeline)
	return false
}
