package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial"
)

// serveOptions is what `gaitd serve` runs; flags fill it (tests too).
type serveOptions struct {
	listen     string
	dataDir    string
	idle       time.Duration
	maxDevices int
	window     int
	reorder    time.Duration
	forget     time.Duration
	logJSON    bool
	engine     engineFlags

	serial  serialOptions   // the --serial flags
	extra   []serialOptions // more serial sensors (config file)
	phone   phoneOptions    // the --phyphox flags
	phones  []phoneOptions  // more phones (config file)
	server  serverOptions   // the --sensorserver flags
	servers []serverOptions // more SensorServer phones (config file)
	mqtt    mqttOptions
	// devices holds per-device engine settings (config file).
	devices map[string]gait.Config
	// signals is the JSON file of form-signal thresholds (--signals, the
	// format of analyze --signals); signalCfg holds it when the config
	// file's signals key has already read it.
	signals   string
	signalCfg *gait.SignalConfig
	// configFile is read by runServe before the flags apply.
	configFile string
	// from names the config file's key (file, line, key) of the values
	// it set that are checked when serve starts, by flag name
	from map[string]string

	// ready, when set, receives the HTTP address once it listens and the
	// embedded broker's TCP address ("" without one).
	ready func(httpAddr, brokerAddr string)
}

type serialOptions struct {
	cfg    serial.Config
	device string // device name in metrics and the data directory
	// key names a config file's entry in errors serve meets when it
	// starts ("FILE: line N: serial[0].device"); "" for the flag's
	key string
}

// lockName is the file in serve's data directory that one daemon holds
// locked while it runs (lockDataDir).
const lockName = ".gaitd.lock"

// named is how an error names the option of flag: the config file's key
// that set it, else the flag.
func (o *serveOptions) named(flag string) string {
	if w, ok := o.from[flag]; ok {
		return w
	}
	return "--" + flag
}

// namedValue names the option of flag with its value v, as serve's errors
// do: "serve: --data DIR", or "FILE: line N: data: DIR" when the config
// file set it.
func (o *serveOptions) namedValue(flag string, v any) string {
	if w, ok := o.from[flag]; ok {
		return fmt.Sprintf("%s: %v", w, v)
	}
	return fmt.Sprintf("serve: --%s %v", flag, v)
}

func (o *serveOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.listen, "listen", "127.0.0.1:9464", "HTTP address for /metrics and /api")
	fs.StringVar(&o.dataDir, "data", "gaitd-data", "directory for run summaries (one folder per device and run)")
	durationVar(fs, &o.idle, "idle", 30*time.Second, "a run ends after this long without foot contacts (a `duration` with its unit: 30s, 2m)")
	fs.IntVar(&o.maxDevices, "max-devices", live.DefaultMaxDevices, "most devices followed at once; samples of further devices are refused and counted")
	fs.IntVar(&o.window, "window", 20, "steps behind the live gauges")
	durationVar(fs, &o.reorder, "reorder", 250*time.Millisecond, "MQTT samples wait this long (a `duration` with its unit: 250ms) to be put in time order and de-duplicated (QoS 1 redelivery); 0 turns it off")
	durationVar(fs, &o.forget, "forget-after", 10*time.Minute, "a device with no sample for this long (a `duration` with its unit: 10m) and no open run is forgotten: its place among --max-devices and its metric series are freed (serial devices never); 0: never, else at least 3s")
	fs.BoolVar(&o.logJSON, "log-json", false, "log JSON lines instead of text")
	fs.Func("config", "YAML configuration `file` (see deploy/gaitd.yaml); flags given on the command line override its keys", func(v string) error {
		if o.configFile != "" {
			// one file is read: the second replaced the first, in
			// silence, where an overlay might have been meant
			return fmt.Errorf("given twice (%s, %s): serve reads one config file", o.configFile, v)
		}
		if v == "" {
			return errors.New(`"": want a file`)
		}
		o.configFile = v
		return nil
	})
	fs.StringVar(&o.signals, "signals", "", "JSON file of form-signal thresholds and hold time (Sustain) for the live signals and the run summaries, as for analyze --signals (gait.SignalConfig field names; unset fields keep their defaults)")
	o.engine.register(fs)
	fs.Func("serial", "serial `device` to read (e.g. /dev/ttyUSB0 or /dev/serial/by-id/…); several go in the config file's serial: list", func(v string) error {
		if o.serial.cfg.Device != "" {
			// a second --serial would silently replace the first
			return fmt.Errorf("given twice (%s, %s): one port here; list several in the config file's serial: section", o.serial.cfg.Device, v)
		}
		o.serial.cfg.Device = v
		return nil
	})
	fs.StringVar(&o.serial.cfg.Format, "format", "witmotion", "serial byte format: witmotion, witmotion-ble (a WitMotion Bluetooth 5.0 sensor's notifications as a bridge relays them; needs --rate), rvc, text or hyperimu (the HyperIMU app's packets, ended by #)")
	fs.StringVar(&o.serial.cfg.Format, "serial-format", "witmotion", "the same as --format")
	fs.IntVar(&o.serial.cfg.Baud, "baud", serial.DefaultBaud, "serial bit rate")
	fs.StringVar(&o.serial.cfg.Parity, "parity", "none", "serial parity: none, even or odd")
	fs.IntVar(&o.serial.cfg.DataBits, "data-bits", serial.DefaultDataBits, "serial data bits (5–8)")
	fs.IntVar(&o.serial.cfg.StopBits, "stop-bits", 1, "serial stop bits (1 or 2)")
	fs.Float64Var(&o.serial.cfg.Rate, "rate", 0, "sample rate in Hz (WitMotion without time frames; text without a time column)")
	fs.Float64Var(&o.serial.cfg.AccRange, "acc-range", 0, "the accelerometer's full scale in g, as set on the device: WitMotion 2, 4, 8 or 16 (the frames' scale; default 16), text lines 1 to 50 (contacts that reach it are flagged clipped from the first sample; default: found from the data)")
	fs.StringVar(&o.serial.device, "device", "", "device name for the serial sensor (default: from the device path)")
	fs.StringVar(&o.serial.cfg.Text.Format, "text-format", "auto", "text lines: auto, csv, arduino (Serial Plotter key:value), or an app's header: sensorlogger, phyphox, metabase")
	fs.StringVar(&o.serial.cfg.Text.AccUnit, "acc-unit", "", "text lines: acceleration unit g, mps2, mg or raw:<LSB per g> (default: detected from gravity)")
	fs.StringVar(&o.serial.cfg.Text.GyroUnit, "gyro-unit", "", "text lines: gyro unit dps, rads or raw:<LSB per dps> (default: header, else detected)")
	fs.StringVar(&o.serial.cfg.Text.TimeUnit, "time-unit", "", "text lines: time column unit s, ms, us, ns, or none (default: detected)")
	fs.Func("columns", "text lines' fields: comma-separated column `names`, e.g. t_ms,ax,ay,az,gx_dps,gy_dps,gz_dps (- skips a field), for lines without a header or with one that is not recognised: a header the device prints is then not read", func(v string) error {
		o.serial.cfg.Text.Columns = strings.Split(v, ",")
		return nil
	})
	fs.IntVar(&o.serial.cfg.Text.Lookahead, "lookahead", 0, fmt.Sprintf("text lines: data lines read to detect units and rate before the first sample (8–512; default about 1 s of lines: %d, more for a faster stream, up to 512)", serial.DefaultTextLookahead))
	o.mqtt.register(fs)
	o.phone.register(fs)
	o.server.register(fs)
}

const serveUsage = `Usage: gaitd serve [flags]

Follows live sensors, writes a summary of every run to --data, and serves
Prometheus metrics on /metrics and the runs on /api/runs.

  gaitd serve --serial /dev/ttyUSB0 --format witmotion --rate 100
  gaitd serve --mqtt tcp://localhost:1883 --topic 'gait/+/imu'
  gaitd serve --broker :1883 --broker-ws :8083   (embedded MQTT broker)
  gaitd serve --serial tcp-listen://:5555 --format text   (a WiFi device connects)
  gaitd serve --http-push            (phones POST to /api/push/<device>)
  gaitd serve --phyphox http://192.168.1.20:8080
  gaitd serve --sensorserver ws://192.168.1.21:8080 --sensorserver-gyro
  gaitd serve --config /etc/gaitd/gaitd.yaml   (many sources, per-device settings)

A flag given overrides the config file's key (deploy/gaitd.yaml lists them;
docs/serve.md#keys-and-flags pairs them with the flags), which overrides the
flag's default. A bad flag, key or value stops serve at start (status 1).
SIGINT, SIGTERM and SIGHUP write every open run before exit (no reload:
restart to apply a changed config).

Flags:
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := serveArgs(args, stderr)
	if err != nil {
		err = usageErr(err)
	} else {
		err = serve(ctx, o, stderr)
	}
	if errors.As(err, new(usageError)) {
		err = configError{err} // (exit status exConfig: the unit does not restart it)
	}
	return o.logged(err, stderr)
}

// logged returns err, and under --log-json (as far as the flags and the
// config file were read) writes it first as a JSON record on w, level
// ERROR, msg "gaitd failed", and returns it as a loggedError: main then
// prints no plain-text line, which broke a log pipeline that parses every
// line of stderr as JSON.
func (o *serveOptions) logged(err error, w io.Writer) error {
	if err == nil || errors.Is(err, flag.ErrHelp) || !o.logJSON {
		return err
	}
	slog.New(slog.NewJSONHandler(w, nil)).Error("gaitd failed", "err", err.Error(), "exit_status", exitStatus(err))
	return loggedError{err}
}

// serveArgs parses serve's command line (the usage, when asked for with
// -h, goes to stderr; a bad flag is the error alone) and reads the
// --config file under it: a flag given overrides the file's key, which
// overrides the flag's default.
func serveArgs(args []string, stderr io.Writer) (serveOptions, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	// the usage when asked for (-h); a bad flag is said in one line: the
	// whole usage, 130 lines, came before it, and under systemd's
	// restarts filled the journal with it
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var o serveOptions
	o.register(fs)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stderr)
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
		return o, err
	} else if err != nil {
		return o, fmt.Errorf("serve: %v%s", err, flagHint(fs, err))
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := checkSerialFlags(set, o.serial.cfg); err != nil {
		return o, err
	}
	for _, app := range []struct {
		flag string
		own  []string
		keys string
	}{{"phyphox", []string{"phyphox-device", "phyphox-buffers", "phyphox-gyro"}, "name, buffers, gyro"}, {"sensorserver", []string{"sensorserver-device", "sensorserver-gyro"}, "name, gyro"}} {
		if set[app.flag] {
			continue
		}
		for _, f := range app.own {
			if set[f] {
				return o, fmt.Errorf("serve: --%s is for the --%s phone, and none is given (a config file's %s: entries take their own keys: %s)", f, app.flag, app.flag, app.keys)
			}
		}
	}
	if o.configFile != "" {
		if err := loadConfig(o.configFile, &o, set); err != nil {
			return o, err
		}
	}
	return o, nil
}

// flagHint suggests, for an error of a flag not defined, the flag of fs
// probably meant (--lisen, --max_devices, --brokers): ", did you mean
// --listen?"; "" when none is near.
func flagHint(fs *flag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	n := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, "-")), "_", "-")
	best, bestD := "", 0
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(n, f.Name)
		if d > max(1, len(f.Name)/4) {
			return
		}
		if best == "" || d < bestD {
			best, bestD = f.Name, d
		}
	})
	if best == "" {
		return " (gaitd serve -h lists the flags)"
	}
	return ", did you mean --" + best + "?"
}

// serialFlag and serialKey name serial.Config's fields (a FieldError's) as
// the --serial port's flags and a config file's serial: entry's keys.
var (
	serialFlag = map[string]string{"Device": "--serial", "Baud": "--baud", "DataBits": "--data-bits", "Parity": "--parity", "StopBits": "--stop-bits",
		"Format": "--format", "Rate": "--rate", "AccRange": "--acc-range", "Reconnect": "reconnect", "Text": "text lines (--text-format, --columns, --lookahead, --acc-unit, --gyro-unit, --time-unit)"}
	serialKey = map[string]string{"Device": "device", "Baud": "baud", "DataBits": "data_bits", "Parity": "parity", "StopBits": "stop_bits",
		"Format": "format", "Rate": "rate", "AccRange": "acc_range", "Reconnect": "reconnect", "Text": "text"}
)

// serialOnly are serve's flags for the --serial port alone (the config
// file's serial: entries have their own keys).
var serialOnly = []string{"format", "serial-format", "baud", "parity", "data-bits", "stop-bits", "rate", "acc-range", "device", "text-format", "acc-unit", "gyro-unit", "time-unit", "columns", "lookahead"}

// checkSerialFlags refuses flags given on the command line (set) that
// would do nothing or contradict each other: a --serial flag without
// --serial (they were accepted and ignored: --acc-unit kg, --baud -5),
// --format and --serial-format both (the last one won), and units no
// line could be read in.
func checkSerialFlags(set map[string]bool, c serial.Config) error {
	if !set["serial"] {
		for _, f := range serialOnly {
			if set[f] {
				hint := ""
				if f == "acc-unit" || f == "gyro-unit" {
					hint = "; MQTT payloads take --mqtt-" + f
				}
				return fmt.Errorf("serve: --%s is for the --serial port, and none is given (a config file's serial: entries take their own keys%s)", f, hint)
			}
		}
		return nil
	}
	if set["format"] && set["serial-format"] {
		return errors.New("serve: --format and --serial-format are the same flag: give one")
	}
	if msg := serialRateProblem(c.Rate); msg != "" {
		return fmt.Errorf("serve: --rate: %s", msg)
	}
	return checkUnits(c.Text.AccUnit, c.Text.GyroUnit)
}

// serialRateProblem says what is wrong with a serial port's rate, "" when
// nothing: 0 (from the data) or the engine's 20–2000 Hz. One outside was
// taken at start and every sample refused once the port sent them ("device
// refused: its stream cannot be analysed"), as devices.<name>.rate is
// refused at start.
func serialRateProblem(rate float64) string {
	if rate != 0 && !(rate >= gait.MinRate && rate <= gait.MaxRate) {
		return fmt.Sprintf("%g Hz: want %d to %d (or 0: from the data)", rate, gait.MinRate, gait.MaxRate)
	}
	return ""
}

// signalConfig returns the form-signal thresholds: the ones the config
// file's signals key read, else the --signals file (analyze's loader),
// else the defaults.
func (o *serveOptions) signalConfig() (gait.SignalConfig, error) {
	if o.signalCfg != nil {
		return *o.signalCfg, nil
	}
	c, err := loadSignalConfig(o.signals)
	if err != nil && !strings.HasPrefix(err.Error(), "--signals") {
		err = fmt.Errorf("--signals: %w", err) // the file could not be read
	}
	return c, err
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// deviceName makes a device name from a serial path: /dev/ttyUSB0 →
// ttyUSB0, /dev/serial/by-id/usb-WIT_…-if00 → usb-WIT_…-if00.
func deviceName(path string) string {
	base := filepath.Base(path)
	if serial.IsNetwork(path) {
		// tcp://esp32.local:23 → tcp-esp32.local-23 (a path's base
		// would be its port alone)
		scheme, addr, _ := strings.Cut(path, "://")
		base = scheme + "-" + strings.ReplaceAll(strings.Trim(addr, "/:"), ":", "-")
	}
	n := strings.Trim(unsafeChars.ReplaceAllString(base, "_"), "._-")
	if len(n) > 64 {
		n = n[:64]
	}
	if n == "" {
		n = "serial"
	}
	return n
}

// serialError names serial.Open's error for serials[i] (serve) by what
// the user gave: the flag, or the config file's entry.
func (o *serveOptions) serialError(i int, so serialOptions, err error) error {
	// the flag the user gave, not the Go field (a config file's
	// entries were checked, by key, when it was read)
	var fe *serial.FieldError
	isFlag := o.serial.cfg.Device != "" && i == 0
	k := i // the config file's serial: entry
	if o.serial.cfg.Device != "" {
		k--
	}
	switch {
	case isFlag && errors.As(err, &fe):
		return fmt.Errorf("serve: %s: %w", serialFlag[fe.Field], fe.Err)
	case isFlag:
		return fmt.Errorf("--serial: %w", err)
	}
	if so.key != "" {
		return fmt.Errorf("%s: %w", so.key, err)
	}
	return fmt.Errorf("serial[%d]: %w", k, err)
}

// serve runs the daemon until ctx ends, then stops the sources, writes the
// open runs and shuts the HTTP server down.
//
// Its errors up to the data folder's creation are in the options (a value
// out of range, two sources of one name, no source), marked as usage
// errors (exit status 2: systemd does not restart a daemon whose
// configuration is wrong); from there on they are of the work (a folder,
// a port, a lock), which a restart may cure.
func serve(ctx context.Context, o serveOptions, logw io.Writer) (retErr error) {
	checked := false
	defer markUsage(&retErr, &checked)
	var handler slog.Handler = slog.NewTextHandler(logw, nil)
	if o.logJSON {
		handler = slog.NewJSONHandler(logw, nil)
	}
	log := slog.New(handler)
	ecfg, err := o.engine.config()
	if err != nil {
		return err
	}
	if ecfg.Side != gait.SideUnknown && !ecfg.Placement.Foot() && len(o.devices) == 0 {
		// (with per-device settings it is the default of the foot devices)
		return fmt.Errorf("serve: --side %s: the instrumented foot of a shoe or shank sensor; a %s sensor sees both feet", o.engine.side, ecfg.Placement)
	}
	sigCfg, err := o.signalConfig()
	if err != nil {
		return err
	}
	if la := o.serial.cfg.Text.Lookahead; la != 0 && (la < sensor.MinLookahead || la > sensor.MaxLookahead) {
		return fmt.Errorf("serve: --lookahead %d: want %d to %d lines (0, the default: about 1 s of lines, %d to %d)", la, sensor.MinLookahead, sensor.MaxLookahead, serial.DefaultTextLookahead, sensor.MaxLookahead)
	}
	if o.window < 1 {
		return fmt.Errorf("serve: --window %d: want at least 1 step", o.window)
	}
	// an empty value (--listen "$UNSET"): net.Listen took "" for every
	// interface on a port of the system's choosing, HTTP push open to the
	// network on a port nobody knew; MkdirAll("") said "mkdir : no such
	// file or directory"
	if o.listen == "" {
		return errors.New(`serve: --listen "": want an address, host:port (default 127.0.0.1:9464; :9464 for every interface)`)
	}
	if o.dataDir == "" {
		return errors.New(`serve: --data "": want a directory (default gaitd-data)`)
	}
	// (0 read as the default underneath: said instead of taken silently)
	if o.idle <= 0 {
		return fmt.Errorf("serve: --idle %v: want a duration over 0 (a run ends after this long without contacts)", o.idle)
	}
	if o.maxDevices < 1 {
		return fmt.Errorf("serve: --max-devices %d: want at least 1", o.maxDevices)
	}
	if o.reorder < 0 {
		return fmt.Errorf("serve: --reorder %v: want 0 (off) or more", o.reorder)
	}
	if o.forget < 0 {
		return fmt.Errorf("serve: --forget-after %v: want 0 (never) or more", o.forget)
	}
	if o.forget > 0 && o.forget < minForget {
		return fmt.Errorf("%s: want 0 (never) or at least %v: an MQTT or pushed device's first samples wait up to 2 s for their units, and one forgotten meanwhile lost its place while it held them (a new device's push then answered 200 ok and its samples refused)", o.namedValue("forget-after", o.forget), minForget)
	}
	if err := o.twoBrokers(); err != nil {
		return err
	}
	o.mqtt.named = o.named
	if err := o.mqtt.check(); err != nil {
		if strings.HasPrefix(err.Error(), "--") {
			return fmt.Errorf("serve: %w", err) // (named by its flag)
		}
		return err // named by the config file's key
	}
	serials := o.extra
	if o.serial.cfg.Device != "" {
		serials = append([]serialOptions{o.serial}, serials...)
	}
	seen := map[string]string{}
	for i := range serials {
		if serials[i].device == "" {
			serials[i].device = deviceName(serials[i].cfg.Device)
		}
		if !runs.ValidDevice(serials[i].device) {
			return fmt.Errorf("serve: serial %s: device name %q: want 1–64 letters, digits, '.', '-' or '_'", serials[i].cfg.Device, serials[i].device)
		}
		if prev, ok := seen[serials[i].device]; ok {
			return fmt.Errorf("serve: serial devices %s and %s would both be named %q: give each a name (--device, serial[].name)", prev, serials[i].cfg.Device, serials[i].device)
		}
		seen[serials[i].device] = serials[i].cfg.Device
	}
	phones := o.phones
	if o.phone.cfg.URL != "" {
		phones = append([]phoneOptions{o.phone}, phones...)
	}
	err = appDevices("phyphox", o.phone.cfg.URL != "", len(phones), seen, func(i int, key string) (string, string, error) {
		err := phones[i].check(key)
		return phones[i].device, phones[i].cfg.URL, err
	})
	if err != nil {
		return err
	}
	servers := o.servers
	if o.server.cfg.URL != "" {
		servers = append([]serverOptions{o.server}, servers...)
	}
	err = appDevices("sensorserver", o.server.cfg.URL != "", len(servers), seen, func(i int, key string) (string, string, error) {
		err := servers[i].check(key)
		return servers[i].device, servers[i].cfg.URL, err
	})
	if err != nil {
		return err
	}
	// (a phone app is a device as a serial port is)
	phones2 := len(phones) + len(servers)
	if len(serials)+phones2 > o.maxDevices {
		// each serial device takes its place from the start (it said
		// `live: too many devices: device "b" refused, 1 devices already`)
		what := "serial devices"
		switch {
		case phones2 > 0 && len(serials) > 0:
			what = "serial devices and phones"
		case phones2 > 0:
			what = "phones"
		}
		return fmt.Errorf("%s: fewer than the %d %s, which each take one", o.namedValue("max-devices", o.maxDevices), len(serials)+phones2, what)
	}
	if len(serials) == 0 && o.mqtt.broker == "" && o.mqtt.listen == "" && o.mqtt.wsListen != "" {
		// (it said "no source: give --serial, --mqtt or --broker")
		return fmt.Errorf("%s: the embedded broker's WebSocket listener needs the broker's TCP listener too (broker.listen, --broker)", o.namedValue("broker-ws", o.mqtt.wsListen))
	}
	if len(serials) == 0 && phones2 == 0 && o.mqtt.broker == "" && o.mqtt.listen == "" && !o.mqtt.httpPush {
		if o.configFile != "" {
			// (a config file emptied, or its sources under a key of
			// the wrong name were refused: said "or a --config file
			// with sources", the file given)
			return fmt.Errorf("serve: no source: %s has no serial:, phyphox: or sensorserver: entry, mqtt.broker, broker.listen or http_push: true, and no flag gives one (--serial, --phyphox, --sensorserver, --mqtt, --broker, --http-push)", o.configFile)
		}
		return errors.New("serve: no source: give --serial, --phyphox, --sensorserver, --mqtt, --broker or --http-push (or a --config file with sources)")
	}
	checked = true
	// one daemon per data directory, before any source starts: a second
	// one would write its runs beside the first's, and take the first's
	// run folders being written for stale (runs.RemoveStale, below)
	if err := os.MkdirAll(o.dataDir, 0o755); err != nil {
		return fmt.Errorf("%s: data directory: %w", o.namedValue("data", o.dataDir), err)
	}
	release, err := lockDataDir(o.dataDir)
	if err != nil {
		return fmt.Errorf("%s: %w", o.namedValue("data", o.dataDir), err)
	}
	defer release()
	var sources []string
	type serialSource struct {
		src  *serial.Source
		name string
		key  string // serialOptions.key
	}
	var sers []serialSource
	for i, so := range serials {
		if so.device == "" {
			so.device = deviceName(so.cfg.Device)
		}
		// text lines with gx,gy,gz beside acc_v…: read for a shoe or
		// shank (see sensor.CSVOptions.OwnFrameRates)
		p := ecfg.Placement
		if d, ok := o.devices[so.device]; ok {
			p = d.Placement
			// the device's rate given under devices: and not in its
			// serial entry times its samples, as the entry's would:
			// WitMotion without time frames (or text without a time
			// column) had every frame refused, "no rate given"
			if so.cfg.Rate == 0 && d.Rate > 0 && so.cfg.Format != serial.FormatRVC {
				so.cfg.Rate = d.Rate
			}
		}
		so.cfg.Text.OwnFrameRates = p.Foot()
		src, err := serial.Open(so.cfg, log)
		if err != nil {
			// (Open checks the configuration alone: a usage error)
			return usageError{o.serialError(i, so, err)}
		}
		sers = append(sers, serialSource{src, so.device, so.key})
		sources = append(sources, "serial:"+so.device)
	}
	o.mqtt.forget = o.forget
	// serial devices and phones hold their places among --max-devices for
	// good: the pipelines of MQTT and HTTP push get the rest, so a device
	// beyond them is refused there (a push answered 503) — it was taken,
	// a push answered 200 ok, and its samples refused by the hub (at least
	// one: the source's 0 is its default, 64)
	mq, err := o.mqtt.sources(log, max(1, o.maxDevices-len(sers)-phones2))
	if err != nil {
		return err
	}
	// a serial device's or phone's name is its own: MQTT messages and
	// pushes under it are not mixed into its stream
	mq.ownedNames = map[string]string{}
	for _, so := range sers {
		mq.ownedNames[so.name] = "serial:" + so.name
	}
	for _, p := range phones {
		mq.ownedNames[p.device] = "phyphox:" + p.device
		sources = append(sources, "phyphox:"+p.device)
	}
	for _, p := range servers {
		mq.ownedNames[p.device] = "sensorserver:" + p.device
		sources = append(sources, "sensorserver:"+p.device)
	}
	defer mq.close() // on an early return; else closed before "gaitd stopped"
	sources = append(sources, mq.names()...)
	hub, err := live.New(live.Config{DataDir: o.dataDir, MaxDevices: o.maxDevices, Idle: o.idle, Engine: ecfg, Devices: o.devices, Window: o.window, Reorder: o.reorder,
		Signals: sigCfg, Sources: sources, Version: version, Logger: log, Forget: o.forget, OnForget: mq.forgotten})
	if err != nil {
		return fmt.Errorf("%s: %w", o.namedValue("data", o.dataDir), err)
	}
	// run folders a killed serve was writing (a second signal during
	// shutdown) stayed hidden in the data directory for good
	removed, recovered, kept, err := runs.RemoveStale(o.dataDir)
	for _, p := range removed {
		log.Warn("removed a temporary run folder left by an interrupted write (serve was stopped while writing a run)", "path", p)
	}
	for _, p := range recovered {
		log.Warn("put in place a run whose write was complete when serve was stopped (before its folder's rename)", "path", p)
	}
	for _, p := range kept {
		log.Warn("left a folder named as a temporary run folder: it holds files a run write does not make", "path", p)
	}
	if err != nil {
		log.Warn("temporary run folders not removed", "err", err)
	}
	for _, ss := range sers {
		// known from the start: what its port sends that cannot be
		// decoded is counted and logged under its name
		if err := hub.AddDevice(ss.name); err != nil {
			return err
		}
		c := ss.src.Config()
		src := fmt.Sprintf("serial:%s format=%s baud=%d", c.Device, c.Format, c.Baud)
		if serial.IsNetwork(c.Device) {
			src = fmt.Sprintf("serial:%s format=%s", c.Device, c.Format) // (no baud rate)
		}
		hub.SetSource(ss.name, src)
	}

	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return addrError(fmt.Errorf("%s: %w", o.named("listen"), err))
	}
	// a tcp-listen:// or udp-listen:// device's socket is bound before
	// serve says it serves: what is sent from then on is read (a datagram
	// sent before was lost), and an address in use is said now
	for i, ss := range sers {
		if err := ss.src.Listen(ctx); err != nil {
			for _, bound := range sers[:i] {
				bound.src.Close()
			}
			ln.Close()
			if ss.key != "" {
				// a config file's entry: named by its line (it said
				// "serial: udp-listen://…", the file left to search)
				return fmt.Errorf("%s: %w", ss.key, err)
			}
			return err
		}
	}
	api := hub.Handler()
	if mq.httpPush {
		api = withPush(api, mq.pushHandler(hub.Registry()))
		log.Warn("HTTP push on: anyone who can reach the listener can push samples", "url", "http://"+ln.Addr().String()+"/api/push/<device>")
		if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			// (--http-push alone: the default --listen is loopback, and a
			// phone's pushes never arrived, nothing said why)
			log.Warn("HTTP push listens on a loopback address: only this host can push; phones on the network need --listen (listen) on an address they reach, such as :9464", "listen", ln.Addr().String())
		}
	}
	// (a body sent slowly, a pushed message, holds its connection for
	// 30 s at most)
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	srvDone := make(chan error, 1)
	go func() { srvDone <- srv.Serve(ln) }()
	log.Info("gaitd serving", "metrics", "http://"+ln.Addr().String()+"/metrics", "runs", "http://"+ln.Addr().String()+"/api/runs", "data", o.dataDir)

	// The sources stop when ctx ends (a signal) or when serving fails.
	ctx, stopSources := context.WithCancel(ctx)
	defer stopSources()
	hubCtx, hubStop := context.WithCancel(context.Background())
	hubDone := make(chan error, 1)
	go func() { hubDone <- hub.Run(hubCtx) }()

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for _, ss := range sers {
		ser, name, src, key := ss.src, ss.name, "serial:"+ss.name, ss.key
		wg.Go(func() {
			var one [1]sensor.Sample
			var tc timeContinuer
			var reconnects int64 = -1
			err := ser.Run(ctx, func(s sensor.Sample) {
				now := time.Now()
				// a new session: the port reopened, or a text device
				// restarted its clock on an open port
				if st := ser.Stats(); st.Reconnects+st.Restarts != reconnects {
					if reconnects >= 0 {
						tc.restart(st.Paused, st.FirstByte)
					}
					reconnects = st.Reconnects + st.Restarts
					hub.SetConnected(src, true)
				}
				layout, _ := ser.Layout()
				one[0] = s
				one[0].T = tc.time(s.T, now)
				hub.Push(name, layout, one[:])
			}, func(err error) {
				hub.DecodeError(name, err)
			})
			hub.SetConnected(src, false)
			if err != nil && !errors.Is(err, context.Canceled) {
				err = fmt.Errorf("serial %s: %w", ser.Config().Device, err)
				if key != "" {
					err = fmt.Errorf("%s: %w", key, err) // (its entry's line)
				}
				select {
				case errs <- err:
				default: // another source failed first; serve is stopping
				}
			}
		})
		// the connection gauge also follows a port that is lost while
		// idle; frames the decoder found lost go to their counter
		wg.Go(func() {
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			var lost int64
			for {
				select {
				case <-ctx.Done():
					st := ser.Stats()
					hub.LostFrames(name, st.LostFrames-lost)
					return
				case <-t.C:
					st := ser.Stats()
					hub.SetConnected(src, st.Connected)
					hub.LostFrames(name, st.LostFrames-lost)
					lost = st.LostFrames
				}
			}
		})
	}
	if err := startServers(ctx, &wg, hub, servers, log); err != nil {
		hubStop()
		srv.Close()
		return err
	}
	if err := startPhones(ctx, &wg, hub, phones, log); err != nil {
		hubStop()
		srv.Close()
		return err
	}
	if err := mq.start(ctx, &wg, hub, errs); err != nil {
		hubStop()
		srv.Close()
		return err
	}
	if o.ready != nil {
		// ready means subscribed: what is published from now on arrives
		baddr := ""
		if mq.brk != nil {
			baddr = mq.brk.Addr()
		}
		if mq.src != nil && mq.broker != "" {
			for deadline := time.Now().Add(5 * time.Second); !mq.src.Stats().Subscribed && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
		}
		o.ready(ln.Addr().String(), baddr)
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
		log.Error("source failed", "err", runErr)
	case err := <-srvDone:
		runErr = fmt.Errorf("http: %w", err)
	}
	// Stop the sources first (they flush what their decoders hold), then
	// write the open runs, then stop serving. The embedded broker's
	// publishers go before gaitd's client: what the broker acknowledged
	// to them reaches the runs (mqttOptions.quiesce).
	mq.quiesce()
	stopSources()
	mq.stop()
	wg.Wait()
	hubStop()
	if err := <-hubDone; err != nil && runErr == nil {
		runErr = err
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	// the embedded broker last (its clients are gone), before the last
	// line: its own shutdown lines came after "gaitd stopped"
	mq.close()
	log.Info("gaitd stopped")
	return runErr
}

// runDevices lists the serial ports.
func runDevices(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devices", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: gaitd devices [--json]\n\nLists the serial ports with USB vendor:product IDs, product names, serial numbers\nand their stable /dev/serial/by-id links (the names to use in --serial or the config).\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("devices: unexpected argument %q", fs.Arg(0))}
	}
	ports, err := serial.Ports()
	if err != nil {
		return fmt.Errorf("devices: %w", err)
	}
	return writePorts(stdout, ports, *asJSON)
}

// writePorts prints ports as a table (one line per port, then its links
// indented) or as JSON.
func writePorts(w io.Writer, ports []serial.PortInfo, asJSON bool) error {
	if asJSON {
		type port struct {
			Name         string   `json:"name"`
			USB          bool     `json:"usb"`
			VID          string   `json:"vid,omitempty"`
			PID          string   `json:"pid,omitempty"`
			Product      string   `json:"product,omitempty"`
			SerialNumber string   `json:"serial_number,omitempty"`
			Links        []string `json:"links"`
		}
		out := make([]port, 0, len(ports))
		for _, p := range ports {
			out = append(out, port{p.Name, p.IsUSB, p.VID, p.PID, p.Product, p.SerialNumber, append([]string{}, p.Links...)})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(ports) == 0 {
		_, err := fmt.Fprintln(w, "no serial ports found")
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-28s %-9s %s\n", "PORT", "VID:PID", "PRODUCT")
	for _, p := range ports {
		id := "-"
		if p.IsUSB {
			id = p.VID + ":" + p.PID
		}
		prod := p.Product
		if p.SerialNumber != "" {
			prod += " (serial " + p.SerialNumber + ")"
		}
		fmt.Fprintln(bw, strings.TrimRight(fmt.Sprintf("%-28s %-9s %s", p.Name, id, prod), " "))
		for _, l := range p.Links {
			fmt.Fprintf(bw, "  %s\n", l)
		}
	}
	return bw.Flush()
}

// minForget is the shortest --forget-after taken (0, never, aside). The MQTT
// and HTTP-push pipelines hold a device's first unitless samples until its
// units are decided, up to 2 s after its last message (sensor/mqtt's
// unitWait), and forget a pipeline quiet for --forget-after at a check
// every second, consulting the hub, which knows nothing of samples not yet
// delivered: under 2 s a pipeline was forgotten while it held samples,
// its place given to a new device (a push answered 200 ok) and its samples
// then delivered, taking the hub's place, and the new device's refused; at
// 2 s a check falling as the held samples are delivered still could. A
// second more leaves the check a whole tick after them.
const minForget = 3 * time.Second

// timeContinuer keeps a serial device's time base increasing across
// reconnections: a stream timed by sample count (or a device that
// rebooted) starts again near 0 after a replug, which the engine would
// refuse as time going backwards. After restart, a first sample not later
// than the last one is moved to the last time plus the time the device was
// away — from paused, the arrival of the last data before, to resumed, the
// arrival of the first data after (a text decoder hands out its lookahead
// in a burst, so the samples' delivery would say a second less, or
// nothing for a restart inside a lookahead); without those, the wall-clock
// time between the last sample and this one — so the engine sees a gap of
// the real length (and the run continues or a new one starts, as the idle
// time says).
//
// A source that knows when a session's clock read 0 on the wall clock (a
// phyphox experiment, which may have measured for a while before its
// samples arrive) gives it with restartAt, and the first session's with
// setZero: the first sample after restartAt is placed after the last by
// the wall time between the two samples' own measurements, whether or not
// its time goes back (a new experiment's clock is its own).
type timeContinuer struct {
	offset          float64
	last            float64
	lastWall        time.Time
	paused, resumed time.Time
	check           bool
	started         bool
	zero            time.Time // the wall time the current session's clock read 0 (zero: unknown)
	next            time.Time // restartAt's: the next session's
}

// setZero gives the wall time the current session's clock read 0.
func (c *timeContinuer) setZero(zero time.Time) { c.zero = zero }

// restartAt marks a new session whose clock read 0 at wall time zero.
func (c *timeContinuer) restartAt(zero time.Time) {
	c.restart(time.Time{}, time.Time{})
	c.next = zero
}

// restart marks a new session whose data stopped at paused and began
// arriving again at resumed (zero: unknown).
func (c *timeContinuer) restart(paused, resumed time.Time) {
	c.check, c.paused, c.resumed, c.next = true, paused, resumed, time.Time{}
}

func (c *timeContinuer) time(t float64, now time.Time) float64 {
	if c.check && !c.next.IsZero() {
		c.check = false
		if c.started {
			// from the last sample's measurement (its delivery, when
			// its session's zero is unknown) to this one's, at most now
			from := c.lastWall
			if !c.zero.IsZero() {
				from = c.zero.Add(time.Duration((c.last - c.offset) * float64(time.Second)))
			}
			at := c.next.Add(time.Duration(t * float64(time.Second)))
			if at.After(now) {
				at = now
			}
			c.offset = c.last + max(at.Sub(from), 0).Seconds() - t
		}
		c.zero, c.next = c.next, time.Time{}
	}
	if c.check {
		c.check = false
		c.zero = time.Time{}
		if t+c.offset <= c.last {
			away := now.Sub(c.lastWall)
			switch {
			case !c.paused.IsZero() && !c.resumed.IsZero() && !c.resumed.Before(c.paused) && !c.resumed.After(now):
				away = c.resumed.Sub(c.paused)
			case !c.resumed.IsZero() && c.resumed.After(c.lastWall) && !c.resumed.After(now):
				away = c.resumed.Sub(c.lastWall)
			}
			c.offset = c.last + away.Seconds() - t
		}
	}
	t += c.offset
	if !c.started || t > c.last {
		c.last = t
	}
	c.started, c.lastWall = true, now
	return t
}

// withPush serves push (--http-push) at POST /api/push/{device} beside
// the hub's API. Another method there is answered 405 with "Allow: POST"
// (in text, as push's refusals: a phone app shows it); it went to the API
// under "/" and was a 404 (TestServeMethodNotAllowed).
func withPush(api, push http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", api)
	mux.Handle("POST /api/push/{device}", push)
	mux.HandleFunc("/api/push/{device}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "POST")
		http.Error(w, "gaitd: "+r.Method+" "+r.URL.Path+": method not allowed, POST a message", http.StatusMethodNotAllowed)
	})
	return mux
}
