package mqtt

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// Defaults applied by New for zero Config fields.
const (
	DefaultTopic      = "gait/+/imu"
	DefaultQoS        = 1
	DefaultMaxDevices = 64
	DefaultQueue      = 256
	// DefaultMaxMessage is Config.MaxMessage when zero: 1 MiB.
	DefaultMaxMessage = 1 << 20
	// DefaultMaxQueuedBytes is Config.MaxQueuedBytes when zero: 64 MiB.
	DefaultMaxQueuedBytes = 64 << 20
)

// UnknownDevice is the device name under which Stats counts messages that
// belong to no pipeline: messages for devices beyond Config.MaxDevices,
// messages whose topic does not match Config.DeviceFrom or none of
// Config.Topics (a subscription the broker's persistent session kept from
// an earlier run with other topics), and messages
// naming a device Config.ValidDevice refuses. They are logged (at most
// once per 10 s, with the topic and the reason).
const UnknownDevice = "unknown"

// Config configures a Source. The zero value of every field but Broker has
// a default (see each field); Validate reports the first bad field by name.
//
// Secrets never come from flags: the password is read from PasswordFile or
// from the environment variable named by PasswordEnv.
type Config struct {
	// Broker is the broker URL: tcp://host:1883, ssl://host:8883 (also
	// tls://, mqtts://), ws://host:8000/mqtt or wss://….
	Broker string
	// Name is how the logs name the broker; default Broker. gaitd serve's
	// embedded broker gives the address its publishers use (the one in the
	// metrics' source label) while the client connects to the broker's
	// internal listener: the "mqtt connected" line then names that one as
	// "via".
	Name string
	// NoClient makes a Source without an MQTT client: Broker and the
	// connection's fields are not used, and messages come only through
	// Source.Deliver (gaitd serve's HTTP push without a broker). The
	// device pipelines, limits and Stats are as with a client.
	NoClient bool
	// ClientID must be stable across restarts (the persistent session is
	// keyed on it) and unique on the broker (duplicate IDs kick each other
	// off). Default "gaitd-" + hostname.
	ClientID string
	// Topics are the subscription filters, default ["gait/+/imu"]. A
	// filter another one covers (gait/+/imu beside gait/#) is not
	// subscribed: a broker may send a message once per matching
	// subscription.
	Topics []string
	// DeviceFrom is the topic pattern that names the device, one level of
	// which is "{device}", e.g. "gait/{device}/imu"; "+" matches any level
	// and a final "#" any rest. Default: the second topic level (the whole
	// topic when it has a single level). Messages on topics that do not
	// match are dropped and counted under UnknownDevice.
	DeviceFrom string
	// QoS of the subscriptions: 1 (the default, also for 0), 2, or QoS0
	// for QoS 0. Delivery is at the lower of this and the publisher's QoS.
	QoS byte
	// CleanSession false (the default) asks the broker for a persistent
	// session: QoS ≥ 1 messages published while gaitd is offline are kept
	// for it, if the broker keeps sessions (protocols.md §13).
	CleanSession bool
	// Username for broker authentication; empty for none.
	Username string
	// Password is the password itself, for a credential made in process
	// (Broker.InternalCredential), never one from a flag. At most one of
	// Password, PasswordFile and PasswordEnv.
	Password string
	// PasswordFile is a file holding the password (a trailing newline is
	// removed).
	PasswordFile string
	// PasswordEnv names an environment variable holding the password.
	PasswordEnv string
	// CAFile is a PEM bundle of CAs to verify the broker with (default: the
	// system pool). CertFile and KeyFile, both or neither, are the PEM
	// client certificate and key. TLS is used for ssl://, tls://, mqtts://
	// and wss:// brokers; with a tcp://, mqtt:// or ws:// broker the files
	// are an error (the connection would be plain text).
	CAFile, CertFile, KeyFile string
	// Payload configures sensor.DecodePayload. Its Now field is set to each
	// message's receive time.
	Payload sensor.PayloadOptions
	// MaxDevices bounds the number of device pipelines, default 64. Messages
	// for further devices are dropped and counted under UnknownDevice, so a
	// publisher inventing device names cannot grow the number of
	// goroutines, queues and counters. The memory the queues hold is
	// bounded by MaxQueuedBytes.
	MaxDevices int
	// Forget removes the pipeline of a device that has sent no message for
	// this long, freeing its place among MaxDevices (a phone app that puts
	// a new device ID in the topic each session filled them until
	// restart): its goroutine delivers what it still holds and ends, its
	// counters leave Stats, and a later message of the device starts a new
	// pipeline (payload units, csv header and frame found afresh). Checked
	// every second, and at once when a new device finds MaxDevices taken.
	// 0: never.
	Forget time.Duration
	// Keep, when set, tells which devices the consumer still holds: Forget
	// leaves their pipelines alone however long they have been quiet.
	// gaitd's hub holds a device until its run is written and it is
	// forgotten in turn: a pipeline forgotten before that gave a new
	// device a place the hub could not give it (its messages taken, its
	// samples then refused). Called under the Source's lock: it must not
	// call back into the Source. Nil: Forget alone decides.
	Keep func(name string) bool
	// ValidDevice, when set, tells which device names the consumer takes
	// (gaitd: runs.ValidDevice). Messages of a topic naming another device
	// are dropped and counted under UnknownDevice, and take no pipeline:
	// an invalid name cannot use up one of MaxDevices. Nil accepts every
	// name.
	ValidDevice func(name string) bool
	// Mirrored, when set, tells which devices' payloads are decoded with
	// sensor.PayloadOptions.Mirrored (their accelerometer reads −1 g up),
	// besides Payload.Mirrored for all.
	Mirrored func(device string) bool
	// Queue is the capacity of each device's message channel, default 256
	// messages. A full queue drops the message and counts it in the
	// device's DeviceStats.Dropped (a message given to Deliver: refused,
	// DeviceStats.Refused).
	Queue int
	// MaxMessage bounds a message's size in bytes, default 1 MiB. Larger
	// messages are not queued; they count as decode errors and bad sees
	// an error wrapping sensor.ErrPayloadFormat.
	MaxMessage int
	// MaxQueuedBytes bounds the payload bytes held by all devices' queues
	// together, from the copy made on arrival until the message is
	// decoded; default 64 MiB. (Queue × MaxMessage × MaxDevices alone
	// would allow 16 GiB.) A message that would exceed it is dropped and
	// counted in the device's DeviceStats.Dropped, as for a full queue.
	// A message is charged at the capacity of the buffer holding its copy
	// (its size, or more when a pooled buffer is reused).
	MaxQueuedBytes int
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.ClientID == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "localhost"
		}
		c.ClientID = "gaitd-" + host
	}
	if len(c.Topics) == 0 {
		c.Topics = []string{DefaultTopic}
	}
	if c.QoS == 0 {
		c.QoS = DefaultQoS
	}
	if c.MaxDevices == 0 {
		c.MaxDevices = DefaultMaxDevices
	}
	if c.Queue == 0 {
		c.Queue = DefaultQueue
	}
	if c.MaxMessage == 0 {
		c.MaxMessage = DefaultMaxMessage
	}
	if c.MaxQueuedBytes == 0 {
		c.MaxQueuedBytes = DefaultMaxQueuedBytes
	}
	return c
}

// QoS0 requests QoS 0 subscriptions: Config.QoS = QoS0. (The zero value of
// Config.QoS means the default, QoS 1.)
const QoS0 byte = 0x80

// RedactURL returns raw with the password of its user information (the text
// between "://user:" and the authority's last "@") written as "xxxxx", for
// an error about a URL that may not parse.
func RedactURL(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	auth := raw[i+3:]
	if j := strings.IndexAny(auth, "/?#"); j >= 0 {
		auth = auth[:j]
	}
	at := strings.LastIndex(auth, "@")
	if at < 0 {
		return raw
	}
	colon := strings.Index(auth[:at], ":")
	if colon < 0 {
		return raw
	}
	return raw[:i+3+colon+1] + "xxxxx" + raw[i+3+at:]
}

// FieldError is an error of one Config field, returned by Validate and
// New; Field is the Go field name ("Broker", "Topics[2]", "CertFile,
// KeyFile" …) so that a caller can name it by its own flag or key.
type FieldError struct {
	Field string
	Err   error
}

// Error returns "mqtt: Field: what".
func (e *FieldError) Error() string { return "mqtt: " + e.Field + ": " + e.Err.Error() }

// Unwrap returns Err, for errors.Is and errors.As.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, format string, a ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, a...)}
}

// Validate checks c after defaults are applied and returns a *FieldError
// naming the first bad field.
func (c Config) Validate() error {
	c = c.withDefaults()
	return c.validate()
}

func (c Config) validate() error {
	if c.NoClient {
		return c.validateLocal()
	}
	if c.Broker == "" {
		return fieldErr("Broker", "missing (e.g. tcp://localhost:1883)")
	}
	u, err := url.Parse(c.Broker)
	if err != nil {
		// (url's error quotes the whole URL, a password in it too)
		return fieldErr("Broker", "%q is not a URL", RedactURL(c.Broker))
	}
	switch u.Scheme {
	case "tcp", "mqtt", "ssl", "tls", "mqtts", "ws", "wss":
	default:
		return fieldErr("Broker", "scheme %q not supported (want tcp, ssl, tls, mqtts, ws or wss)", u.Scheme)
	}
	if u.Host == "" {
		return fieldErr("Broker", "%q has no host", RedactURL(c.Broker))
	}
	if _, set := u.User.Password(); set {
		// the URL names the source in logs and metrics labels: a
		// password there would be shown to anyone who reads them
		u.User = url.User(u.User.Username())
		return fieldErr("Broker", "%s: a password in the URL is refused (the URL is shown in logs and metrics); give it by file or environment (PasswordFile, PasswordEnv; gaitd serve: --password-file or $GAITD_MQTT_PASSWORD)", u.Redacted())
	}
	if len(c.ClientID) > 65535 {
		return fieldErr("ClientID", "too long")
	}
	for i, t := range c.Topics {
		if err := checkFilter(t); err != nil {
			return &FieldError{Field: fmt.Sprintf("Topics[%d]", i), Err: err}
		}
	}
	if c.DeviceFrom != "" {
		if _, err := parseDeviceFrom(c.DeviceFrom); err != nil {
			return fieldErr("DeviceFrom", "%w", err)
		}
	}
	if q := c.QoS &^ QoS0; q > 2 || (c.QoS&QoS0 != 0 && q != 0) {
		return fieldErr("QoS", "%d not in 0…2", c.QoS)
	}
	if n := btoi(c.Password != "") + btoi(c.PasswordFile != "") + btoi(c.PasswordEnv != ""); n > 1 {
		return fieldErr("Password, PasswordFile, PasswordEnv", "set at most one")
	}
	if (c.Password != "" || c.PasswordFile != "" || c.PasswordEnv != "") && c.Username == "" {
		return fieldErr("Username", "required with a password")
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return fieldErr("CertFile, KeyFile", "set both or neither")
	}
	if (c.CAFile != "" || c.CertFile != "") && (u.Scheme == "tcp" || u.Scheme == "mqtt" || u.Scheme == "ws") {
		// paho uses the TLS configuration for the TLS schemes only: the
		// files were ignored and the connection made in plain text
		f := "CAFile"
		if c.CAFile == "" {
			f = "CertFile"
		}
		return fieldErr(f, "a TLS file for %s, a plain-text broker URL: the connection would not be encrypted and the file not used (use ssl://host:8883, or wss:// for WebSocket)", u.Redacted())
	}
	return c.validateLocal()
}

// validateLocal checks the fields of the device pipelines, which a
// NoClient Source has too.
func (c Config) validateLocal() error {
	if c.MaxDevices < 0 {
		return fieldErr("MaxDevices", "%d is negative", c.MaxDevices)
	}
	if c.Forget < 0 {
		return fieldErr("Forget", "%v is negative", c.Forget)
	}
	if c.Queue < 0 {
		return fieldErr("Queue", "%d is negative", c.Queue)
	}
	if c.MaxMessage < 0 {
		return fieldErr("MaxMessage", "%d is negative", c.MaxMessage)
	}
	if c.MaxQueuedBytes < 0 {
		return fieldErr("MaxQueuedBytes", "%d is negative", c.MaxQueuedBytes)
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// qos returns the wire QoS.
func (c Config) qos() byte { return c.QoS &^ QoS0 }

// CheckFilter returns an error when f is not a valid MQTT topic filter
// (as Config.Topics are checked), for a caller to name its own flag.
func CheckFilter(f string) error { return checkFilter(f) }

// CheckDeviceFrom returns an error when p is not a valid
// Config.DeviceFrom pattern, for a caller to name its own flag.
func CheckDeviceFrom(p string) error {
	_, err := parseDeviceFrom(p)
	return err
}

// checkFilter validates an MQTT topic filter.
func checkFilter(f string) error {
	if f == "" {
		return errors.New("empty topic filter")
	}
	levels := strings.Split(f, "/")
	for i, l := range levels {
		switch {
		case l == "#" && i != len(levels)-1:
			return fmt.Errorf("%q: '#' must be the last level", f)
		case l != "#" && l != "+" && strings.ContainsAny(l, "#+"):
			return fmt.Errorf("%q: wildcards must fill a whole level", f)
		}
	}
	return nil
}

// filterMatches reports whether topic matches the subscription filter f
// (MQTT 3.1.1 §4.7): "+" matches one level, a final "#" the rest and its
// parent level, and a topic starting with "$" is matched by no wildcard at
// its first level. A shared subscription's prefix ("$share/<group>/", and
// "$queue/" of some brokers) is not part of the filter the topic matches.
func filterMatches(f, topic string) bool {
	if rest, ok := strings.CutPrefix(f, "$share/"); ok {
		if _, f, ok = strings.Cut(rest, "/"); !ok {
			return false
		}
	} else if rest, ok := strings.CutPrefix(f, "$queue/"); ok {
		f = rest
	}
	if strings.HasPrefix(topic, "$") && (f == "#" || f == "+" || strings.HasPrefix(f, "+/")) {
		return false
	}
	for {
		fl, frest, fmore := strings.Cut(f, "/")
		if fl == "#" {
			return true
		}
		tl, trest, tmore := strings.Cut(topic, "/")
		if fl != "+" && fl != tl {
			return false
		}
		switch {
		case !fmore:
			return !tmore
		case !tmore:
			return frest == "#"
		}
		f, topic = frest, trest
	}
}

// subscriptions are the filters of topics to subscribe to: each once, and
// none that another covers (every topic it matches, the other matches), in
// their order. A broker may send a message once per matching subscription
// (MQTT 3.1.1 §3.3.5; mosquitto, whose allow_duplicate_messages is on for
// good since 2.0, does): overlapping filters delivered a
// device's every message twice. Shared subscriptions ($share/, $queue/)
// are kept as they are.
func subscriptions(topics []string) []string {
	var out []string
	for i, f := range topics {
		keep := true
		for j, g := range topics {
			if i == j || !filterCovers(g, f) {
				continue
			}
			if !filterCovers(f, g) || j < i {
				// (two that cover each other, a repeat: the first
				// is kept)
				keep = false
				break
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// filterCovers reports whether every topic that filter b matches, filter
// a matches too.
func filterCovers(a, b string) bool {
	shared := func(f string) bool { return strings.HasPrefix(f, "$share/") || strings.HasPrefix(f, "$queue/") }
	if shared(a) || shared(b) {
		return a == b
	}
	for level := 0; ; level++ {
		al, arest, amore := strings.Cut(a, "/")
		bl, brest, bmore := strings.Cut(b, "/")
		if level == 0 && (al == "#" || al == "+") && strings.HasPrefix(bl, "$") {
			return false // a wildcard first level matches no $ topic
		}
		switch {
		case al == "#":
			return true
		case bl == "#":
			return false
		case al != "+" && al != bl:
			return false
		case !amore:
			return !bmore
		case !bmore:
			return arest == "#" // (b's topic is a's parent level)
		}
		a, b = arest, brest
	}
}

// matchesSome reports whether some topic matches both filter f and the
// pattern (false: every message of the filter names no device). The
// default rule matches any topic.
func (d devicePattern) matchesSome(f string) bool {
	if d.at < 0 {
		return true
	}
	if rest, ok := strings.CutPrefix(f, "$share/"); ok {
		_, f, _ = strings.Cut(rest, "/")
	} else if rest, ok := strings.CutPrefix(f, "$queue/"); ok {
		f = rest
	}
	fl := strings.Split(f, "/")
	for i := 0; ; i++ {
		fEnd, pEnd := i >= len(fl), i >= len(d.levels)
		switch {
		case fEnd && pEnd:
			return true
		case !fEnd && fl[i] == "#", !pEnd && d.levels[i] == "#":
			return true // (a final # matches its parent level too)
		case fEnd || pEnd:
			return false
		}
		a, b := fl[i], d.levels[i]
		if a != "+" && b != "+" && b != "{device}" && a != b {
			return false
		}
	}
}

// devicePattern extracts the device name from a topic.
type devicePattern struct {
	levels []string
	at     int // index of "{device}"; -1 for the default rule
}

func parseDeviceFrom(p string) (devicePattern, error) {
	if p == "" {
		return devicePattern{at: -1}, nil
	}
	d := devicePattern{levels: strings.Split(p, "/"), at: -1}
	for i, l := range d.levels {
		switch {
		case l == "{device}":
			if d.at >= 0 {
				return d, fmt.Errorf("%q: more than one {device} level", p)
			}
			d.at = i
		case l == "#" && i != len(d.levels)-1:
			return d, fmt.Errorf("%q: '#' must be the last level", p)
		case strings.Contains(l, "{device}"):
			return d, fmt.Errorf("%q: {device} must fill a whole level", p)
		}
	}
	if d.at < 0 {
		return d, fmt.Errorf("%q: no {device} level (e.g. gait/{device}/imu)", p)
	}
	return d, nil
}

// device returns the device named by topic, false if topic does not match.
func (d devicePattern) device(topic string) (string, bool) {
	if d.at < 0 {
		first, rest, ok := strings.Cut(topic, "/")
		if !ok {
			return first, first != ""
		}
		second, _, _ := strings.Cut(rest, "/")
		return second, second != ""
	}
	var dev string
	for i, l := range d.levels {
		if l == "#" {
			return dev, dev != ""
		}
		var level string
		var ok bool
		level, topic, ok = strings.Cut(topic, "/")
		// a final # matches its parent level too (MQTT 3.1.1 §4.7.1.2:
		// gait/+/# delivers gait/shoe)
		if !ok && i != len(d.levels)-1 && !(i+2 == len(d.levels) && d.levels[i+1] == "#") {
			return "", false
		}
		switch l {
		case "{device}":
			dev = level
		case "+":
		default:
			if l != level {
				return "", false
			}
		}
		if i == len(d.levels)-1 && ok {
			return "", false // topic has more levels
		}
	}
	return dev, dev != ""
}

// password reads the password from Password, PasswordFile or PasswordEnv.
func (c Config) password() (string, error) {
	switch {
	case c.Password != "":
		return c.Password, nil
	case c.PasswordFile != "":
		b, err := os.ReadFile(c.PasswordFile)
		if err != nil {
			return "", fieldErr("PasswordFile", "%w", err)
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			// (an empty file — one the secret never reached — sent an
			// empty password, and the broker's refusal said only "not
			// authorized")
			return "", fieldErr("PasswordFile", "%s is empty: want the password on its first line", c.PasswordFile)
		}
		return pw, nil
	case c.PasswordEnv != "":
		v, ok := os.LookupEnv(c.PasswordEnv)
		if !ok {
			return "", fieldErr("PasswordEnv", "variable %s is not set", c.PasswordEnv)
		}
		return v, nil
	}
	return "", nil
}

// tlsConfig builds the TLS configuration, nil when no TLS file is set.
func (c Config) tlsConfig() (*tls.Config, error) {
	if c.CAFile == "" && c.CertFile == "" {
		return nil, nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fieldErr("CAFile", "%w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fieldErr("CAFile", "%s holds no PEM certificate", c.CAFile)
		}
		t.RootCAs = pool
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fieldErr("CertFile, KeyFile", "%w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}
