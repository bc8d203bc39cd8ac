package sensor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// MQTT payload decoders: pure functions from one message's bytes to a batch
// of samples. The MQTT client lives elsewhere; it hands each message's
// topic-derived device name and payload to DecodePayload.
//
//	Format        Recognised by (auto)            Time                          Units
//	gaitd-json    '{' with "acc" or "t0_ns"        t0_ns (int64 ns) + i/rate_hz  "unit" mps2|g|mg, "gyr_unit" rads|dps
//	gaitd-binary  magic "GDB1"                     t0 int64 ns + i/rate          int16 mg and 0.01 rad/s, or float32 SI
//	sensorlogger  '{' with "payload"               "time" epoch ns per entry     m/s², rad/s
//	single-json   '{' with "ax" or "ts"            "ts" (batch: "t0" + i·"dt_ms") PayloadOptions (default m/s², rad/s)
//	senml         '['                              bt+t, decimal s               "u"/"bu": m/s2, rad/s ("g" = gram: error)
//	csv           a digit, sign, '.' or '#', or a  the header's time column, else PayloadOptions (default m/s², rad/s)
//	              "name,…" line (names quoted or   the first; unit by magnitude
//	              not) then a number, or alone
//	influx        "name[,tag=v] key=value…" line   integer timestamp, unit by     as csv, fields named as its
//	                                               magnitude (ns: 19 digits)      header's columns
//
// A csv header places the columns by name, in any order (see csv), and
// PayloadOptions.CSVHeader does for a message without one.
//
// csv and single-json values that come with no unit (none in the message,
// a csv header or PayloadOptions) are read as m/s² and rad/s, and say so
// in Payload.AccGiven and GyrGiven; a PayloadUnits per device decides
// their units from gravity.
//
// Device identity, first match wins: the payload's own field ("device" for
// gaitd-json, single-json and gaitd-binary, "deviceId" for Sensor Logger,
// the base name "bn" for SenML, the tag "device" for influx), then the
// topicDevice argument, else "".
//
// Times: every format's timestamps are first brought to int64 nanoseconds,
// exactly where the input is a decimal literal (no float64 detour, so
// 1698501144401773000 survives), and Payload.T0 keeps the first sample's
// time in ns. Sample.T is (ns − PayloadOptions.Epoch) / 1e9 seconds; set
// Epoch to the first message's T0 to keep sub-microsecond resolution in T.

// Payload format names for PayloadOptions.Format.
const (
	PayloadGaitdJSON    = "gaitd-json"
	PayloadGaitdBinary  = "gaitd-binary"
	PayloadSensorLogger = "sensorlogger"
	PayloadCSV          = "csv"
	PayloadSenML        = "senml"
	PayloadSingleJSON   = "single-json"
	PayloadInflux       = "influx"
)

// Errors wrapped by every error DecodePayload returns, for errors.Is.
var (
	// ErrPayloadFormat: the message is malformed, truncated, of an unknown
	// format or carries no samples.
	ErrPayloadFormat = errors.New("malformed payload")
	// ErrPayloadUnit: a unit is unknown or not a unit of acceleration or
	// angular rate (SenML "g" is gram).
	ErrPayloadUnit = errors.New("unsupported unit in payload")
	// ErrCSVHeaderOnly: a csv message that is a header line alone (a
	// device sending its header once, as a message of its own). Its
	// header is in Payload.CSVHeader, to be passed as
	// PayloadOptions.CSVHeader for the device's later messages; the error
	// also wraps ErrPayloadFormat (no samples).
	ErrCSVHeaderOnly = errors.New("a header alone, no data lines: it places the columns of the device's later messages")
)

// DefaultMaxPayloadSamples is PayloadOptions.MaxSamples when zero.
const DefaultMaxPayloadSamples = 1 << 16

// PayloadOptions configures DecodePayload. The zero value auto-detects the
// format, reads text values without units as m/s² and rad/s, and leaves
// timestamps on the epoch (T in Unix seconds for epoch-stamped payloads).
type PayloadOptions struct {
	// Format forces one format ("gaitd-json", "gaitd-binary",
	// "sensorlogger", "csv", "senml", "single-json", "influx"); "" or
	// "auto" detects.
	Format string
	// Epoch in ns is subtracted from every timestamp before it is converted
	// to seconds in Sample.T. Payload.T0 is not affected.
	Epoch int64
	// AccUnit is the acceleration unit of csv and single-json payloads and
	// of SenML records without a unit, and the default of gaitd-json when
	// it has no "unit": "mps2" (default), "g" or "mg".
	AccUnit string
	// GyrUnit likewise for angular rate: "rads" (default) or "dps".
	GyrUnit string
	// TimeUnit of the csv time column and the single-json "ts": "s", "ms",
	// "us" or "ns"; "" decides by magnitude (see csv and single-json).
	TimeUnit string
	// SecondsTime tells that the device's earlier messages were timed in
	// seconds by magnitude, a fraction in their times
	// (Payload.SecondsTime): a time without one that magnitude would read
	// as ms since boot (an integer of fewer than 10 digits, "1", "37") is
	// in seconds too — a publisher printing seconds writes a whole second
	// as "1" (JavaScript, %g, strconv's shortest form).
	SecondsTime bool
	// Now is the receive time in epoch ns. SenML times below 2^28 s are
	// relative to it (RFC 8428 §4.5.3); without Now they are an error.
	// single-json without "ts" uses it too.
	Now int64
	// MaxSamples bounds the samples of one message (DefaultMaxPayloadSamples
	// when 0); larger messages are errors.
	MaxSamples int
	// CSVHeader is the header line of a device's earlier csv message
	// (Payload.CSVHeader): a csv message without a header line of its own
	// is read by it, its columns placed by their names and its units
	// taken from them, as if it began with that line.
	CSVHeader string
	// AccIncludesGravity tells that Sensor Logger "accelerometer" entries
	// include gravity (a standardised watch, a modified app). By default
	// they are user acceleration and need "gravity" entries in the same
	// message, or "totalacceleration" entries are used instead.
	AccIncludesGravity bool
	// Mirrored negates every acceleration sample decoded: the publisher's
	// accelerometer reads −1 g along the axis that points up at rest, as
	// Apple's Core Motion does (iOS Sensor Logger without "Standardise
	// Units & Frames"), beside a right-handed gyroscope. Read as sent it is
	// the sensor's mirror image: its contacts right, every left/right
	// label swapped (see CSVOptions.Mirrored).
	Mirrored bool
}

// Payload is one decoded MQTT message.
//
// A Payload keeps scratch buffers between calls: decode successive messages
// into the same Payload (one goroutine at a time, do not copy it while in
// use) and the steady state allocates only what the format's doc lists.
type Payload struct {
	// Device is the device name, the first that is set of: the payload's
	// own field ("device" for gaitd-json, single-json and gaitd-binary,
	// "deviceId" for Sensor Logger, the base name "bn" for SenML, the tag
	// "device" for influx), the
	// topicDevice argument of DecodePayload, else "".
	Device string
	// Session is the Sensor Logger sessionId, "" when absent and for other
	// formats. Messages from HTTP pushes can arrive out of order: sort and
	// de-duplicate by Seq per Session.
	Session string
	// Samples holds the message's samples in time order. DecodePayload
	// reuses its backing array: copy samples you keep past the next call.
	Samples []Sample
	// Layout gives the channels present; Rate is the declared rate of
	// gaitd payloads and batched single-json, 0 (unknown) for the others.
	Layout Layout
	// Seq is the message sequence number (Sensor Logger messageId, the
	// gaitd "seq"), -1 when the message has none.
	Seq int64
	// T0 is the exact time of Samples[0] in ns on the payload's own time
	// base (Unix epoch for gaitd, Sensor Logger and absolute SenML times).
	T0 int64
	// Format is the format that was decoded.
	Format string
	// AccGiven and GyrGiven tell whether the acceleration and angular-rate
	// values came with a unit: from the format, the message ("unit",
	// "gyr_unit"), a csv header (ax_g, "gx (deg/s)") or PayloadOptions.
	// Without one — csv and single-json only — they were read as m/s² and
	// rad/s; PayloadUnits decides them from the device's first samples.
	AccGiven, GyrGiven bool
	accScale, gyrScale float64 // a text message's scales to m/s², rad/s (given units)
	accOpt, gyrOpt     bool    // given by PayloadOptions alone, not the message
	// CSVHeader is the header line of a csv message, "" when it has none:
	// pass it as PayloadOptions.CSVHeader for the device's later messages
	// (it is set also when the message is refused, its header among the
	// reasons).
	CSVHeader string
	// SecondsTime tells that the message's time was read in seconds by
	// magnitude, not counting from an epoch: a fraction in it (csv: in any
	// of its lines' times), or PayloadOptions.SecondsTime. Pass it as that
	// option for the device's later messages.
	SecondsTime bool
	// CSVIgnored names the columns of the header a csv message was read
	// by (its own or PayloadOptions.CSVHeader) that are not read: names
	// of no time, acceleration or rate (temp, mx), as a CSV file's.
	CSVIgnored []string
	// Mirrored tells that the acceleration was read negated: a csv
	// header's Core Motion columns (SensorLog's
	// accelerometerAcceleration…), or PayloadOptions.Mirrored — once,
	// either way.
	Mirrored bool
	// BadLines holds the lines of a csv or influx message, and the
	// samples of a batch (Sensor Logger entries, gaitd-json and
	// single-json samples, gaitd-binary records, SenML records and
	// times), that were skipped, each a *PayloadError naming its line or
	// element and problem (a bad cell, another field count, a time out of
	// line with the lines around it; "payload[4].values.x: null",
	// "acc[4][0]: null"); Samples holds the rest. A message none of whose
	// lines (samples) reads is an error, and BadLines still names them.
	// Count one decode error per element of BadLines, and the error alone
	// when BadLines is empty.
	BadLines []error
	// GyrAllBad is the index in BadLines of the first angular-rate
	// element of a SenML or Sensor Logger message that had some (gx, gy,
	// gz records; gyroscope entries) none of which read, each bad and in
	// BadLines: its samples are then the acceleration alone, Layout without
	// rates, as a message's that has none. -1 otherwise. A reader
	// analysing the device with its gyroscope refuses them knowing why.
	GyrAllBad int

	sc *payloadScratch
}

// payloadScratch holds per-format decoding state reused across messages.
type payloadScratch struct {
	g       gaitdJSON
	one     singleJSON
	sl      slMessage
	slA     []slPoint // acceleration entries
	slG     []slPoint // gyroscope entries
	slV     []slPoint // gravity entries
	rec     []senmlRecord
	pts     []senmlPoint
	dev     []byte
	csvLine []int   // the message line of each csv sample
	csvNS   []int64 // and its time, ns
	csvDrop []int   // the samples whose time is out of line
	csvHdr  csvMap  // the last csv header read
	csvNum  []byte  // csv fields with a decimal comma, rewritten with '.'
	csvNum2 []byte  // likewise for laterFraction (the line csvNum holds is still read)
	// influx: the message as csv lines, a line's numeric keys and the
	// columns read among them, and the cached classification of the last
	// first line's keys (see decodeInflux, influxColumns)
	inflCSV, inflRaw, inflLast, inflHdr []byte
	inflNum, inflKeys                   [][]byte
	inflKeep                            []bool
	inflIgnored                         []string
	inflHdrStr, inflBad                 string
}

// PayloadError is the error DecodePayload returns: which format, where in
// the message, and what. Err wraps ErrPayloadFormat or ErrPayloadUnit and,
// where there is one, the underlying cause.
type PayloadError struct {
	Format string // format name, or "payload" before detection
	Where  string // e.g. `payload[3].values`, "byte 17", "line 2"; may be empty
	Err    error
}

// Error returns "format: where: what" ("format: what" without Where).
func (e *PayloadError) Error() string {
	if e.Where == "" {
		return e.Format + ": " + e.Err.Error()
	}
	return e.Format + ": " + e.Where + ": " + e.Err.Error()
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *PayloadError) Unwrap() error { return e.Err }

// payloadReason is a message that wraps a sentinel (and maybe a cause) without
// repeating the sentinel's text.
type payloadReason struct {
	msg   string
	kind  error
	cause error
}

func (r *payloadReason) Error() string {
	if r.cause != nil {
		if r.msg == "" {
			return r.cause.Error()
		}
		return r.msg + ": " + r.cause.Error()
	}
	return r.msg
}

func (r *payloadReason) Unwrap() []error {
	if r.cause != nil {
		return []error{r.kind, r.cause}
	}
	return []error{r.kind}
}

func perr(format, where, msg string, args ...any) error {
	return &PayloadError{Format: format, Where: where, Err: &payloadReason{msg: fmt.Sprintf(msg, args...), kind: ErrPayloadFormat}}
}

func punit(format, where, msg string, args ...any) error {
	return &PayloadError{Format: format, Where: where, Err: &payloadReason{msg: fmt.Sprintf(msg, args...), kind: ErrPayloadUnit}}
}

// pwrap wraps a cause (a json error, ErrNoGravity) as a format error.
func pwrap(format, where string, kind, cause error, msg string) error {
	return &PayloadError{Format: format, Where: where, Err: &payloadReason{msg: msg, kind: kind, cause: cause}}
}

// jsonErr turns an encoding/json error into a PayloadError naming the byte
// offset and, for type errors, the field.
func jsonErr(format string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return pwrap(format, fmt.Sprintf("byte %d", se.Offset), ErrPayloadFormat, nil, "invalid JSON: "+se.Error())
	case errors.As(err, &te):
		where := fmt.Sprintf("byte %d", te.Offset)
		if te.Field != "" {
			where = te.Field + " (" + where + ")"
		}
		return pwrap(format, where, ErrPayloadFormat, nil, fmt.Sprintf("%s where %s expected", te.Value, jsonKind(te.Type.Kind().String())))
	}
	return pwrap(format, "", ErrPayloadFormat, err, "invalid JSON")
}

func jsonKind(k string) string {
	switch k {
	case "slice", "array":
		return "an array"
	case "struct":
		return "an object"
	case "float64", "int64", "int", "uint16":
		return "a number"
	}
	return k
}

// DecodePayload decodes one message into dst, replacing its contents. It
// detects the format unless opt.Format names one, takes the device name
// from the payload or else topicDevice, and reuses dst.Samples' backing
// array and dst's scratch buffers.
//
// Allocation in the steady state (same device, message size not growing):
// gaitd-binary, csv and influx (once the keys of its first line are read)
// allocate nothing; the JSON formats allocate a fixed
// handful of objects per message inside encoding/json (4–8 as measured by
// TestDecodePayloadAllocs, whatever the sample count), plus one string
// when the device name or session
// changes or contains JSON escapes. Errors allocate.
//
// A malformed or unknown payload gives a *PayloadError wrapping
// ErrPayloadFormat or ErrPayloadUnit; dst.Samples is then empty, and
// dst.Device and dst.Session too (not an earlier message's).
// DecodePayload never panics on any input.
func DecodePayload(dst *Payload, topicDevice string, data []byte, opt PayloadOptions) error {
	if dst.sc == nil {
		dst.sc = new(payloadScratch)
	}
	dst.Samples = dst.Samples[:0]
	dst.Layout = Layout{}
	dst.Seq = -1
	dst.T0 = 0
	dst.Format = ""
	dst.BadLines = dst.BadLines[:0]
	dst.GyrAllBad = -1
	dst.CSVHeader, dst.CSVIgnored = "", nil
	dst.SecondsTime, dst.Mirrored = false, false
	dst.AccGiven, dst.GyrGiven = opt.AccUnit != "", opt.GyrUnit != ""
	dst.accOpt, dst.gyrOpt = dst.AccGiven, dst.GyrGiven
	dst.sc.dev = dst.sc.dev[:0]
	// a UTF-8 byte-order mark (a Windows or .NET publisher) is no part
	// of any format: detection skipped it and the decoders did not, so a
	// csv header's first name read "\ufefft" and JSON was invalid. Byte
	// offsets in errors are the message's, the mark counted
	bom := 0
	if bytes.HasPrefix(data, utf8BOM) {
		data, bom = data[len(utf8BOM):], len(utf8BOM)
	}
	// fail leaves nothing of an earlier message to be taken for this
	// one's: every error path goes through it (a detection error, an
	// unknown format and an empty message kept the earlier device)
	fail := func(err error) error {
		dst.Samples = dst.Samples[:0]
		dst.Layout = Layout{}
		dst.Device, dst.Session = "", ""
		if pe := (*PayloadError)(nil); bom > 0 && errors.As(err, &pe) {
			pe.Where = shiftByteOffset(pe.Where, bom)
		}
		return err
	}
	format := opt.Format
	if format == "" || format == "auto" {
		var err error
		if format, err = detectPayload(data); err != nil {
			return fail(err)
		}
	}
	if opt.MaxSamples <= 0 {
		opt.MaxSamples = DefaultMaxPayloadSamples
	}
	dst.Format = format
	if format != PayloadSensorLogger {
		dst.Session = ""
	}
	var err error
	switch format {
	case PayloadGaitdJSON:
		err = decodeGaitdJSON(dst, data, &opt)
	case PayloadGaitdBinary:
		err = decodeGaitdBinary(dst, data, &opt)
	case PayloadSensorLogger:
		err = decodeSensorLogger(dst, data, &opt)
	case PayloadCSV:
		err = decodePayloadCSV(dst, data, &opt)
	case PayloadSenML:
		err = decodeSenML(dst, data, &opt)
	case PayloadSingleJSON:
		err = decodeSingleJSON(dst, data, &opt)
	case PayloadInflux:
		err = decodeInflux(dst, data, &opt)
	default:
		dst.Format = ""
		return fail(perr("payload", "", "unknown format %q (want %s, %s, %s, %s, %s, %s or %s)", format,
			PayloadGaitdJSON, PayloadGaitdBinary, PayloadSensorLogger, PayloadCSV, PayloadSenML, PayloadSingleJSON, PayloadInflux))
	}
	if err != nil {
		return fail(err)
	}
	if len(dst.Samples) == 0 {
		return fail(perr(format, "", "no samples"))
	}
	if format != PayloadCSV && format != PayloadSingleJSON && format != PayloadInflux {
		dst.AccGiven, dst.GyrGiven = true, true // (the format's own units, or SenML's, or m/s² and rad/s)
		dst.accOpt, dst.gyrOpt = false, false
	}
	if opt.Mirrored && !dst.Mirrored {
		// (a csv header's Core Motion columns were read negated
		// already: once, as the CSV reader negates them once)
		for i := range dst.Samples {
			a := &dst.Samples[i].Acc
			a[0], a[1], a[2] = -a[0], -a[1], -a[2]
		}
		dst.Mirrored = true
	}
	// Device: the payload's own name, else the topic's.
	if len(dst.sc.dev) > 0 {
		if string(dst.sc.dev) != dst.Device {
			dst.Device = string(dst.sc.dev)
		}
	} else {
		dst.Device = topicDevice
	}
	return nil
}

// shiftByteOffset adds by to the offset of a PayloadError's Where that
// names one ("byte 17", "acc (byte 17)"), for a message whose decoders
// were given it without its first by bytes.
func shiftByteOffset(where string, by int) string {
	i := strings.Index(where, "byte ")
	if i < 0 {
		return where
	}
	j := i + len("byte ")
	k := j
	for k < len(where) && where[k] >= '0' && where[k] <= '9' {
		k++
	}
	n, err := strconv.Atoi(where[j:k])
	if err != nil {
		return where
	}
	return where[:j] + strconv.Itoa(n+by) + where[k:]
}

// detectPayload tells the format from the first bytes and, for JSON
// objects, from the keys present.
func detectPayload(data []byte) (string, error) {
	if bytes.HasPrefix(data, gdbMagic[:]) {
		return PayloadGaitdBinary, nil
	}
	i := 0
	if bytes.HasPrefix(data, utf8BOM) {
		i = 3
	}
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	if i == len(data) {
		return "", perr("payload", "", "empty message")
	}
	switch c := data[i]; {
	case c == '[':
		return PayloadSenML, nil
	case c == '{':
		switch {
		case bytes.Contains(data, []byte(`"payload"`)):
			return PayloadSensorLogger, nil
		case bytes.Contains(data, []byte(`"acc"`)) || bytes.Contains(data, []byte(`"t0_ns"`)):
			return PayloadGaitdJSON, nil
		case bytes.Contains(data, []byte(`"ax"`)) || bytes.Contains(data, []byte(`"ts"`)):
			return PayloadSingleJSON, nil
		}
		return "", perr("payload", "", `unrecognised JSON object (no "payload", "acc", "t0_ns", "ax" or "ts" key)`)
	case c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == '#':
		return PayloadCSV, nil
	case c|0x20 >= 'a' && c|0x20 <= 'z' && influxFirstLine(data[i:]):
		return PayloadInflux, nil
	case (c|0x20 >= 'a' && c|0x20 <= 'z' || c == '"') && csvHeaderLine(data[i:]):
		return PayloadCSV, nil
	}
	return "", perr("payload", fmt.Sprintf("byte %d", i), "unrecognised format (starts with %q)", quoteStart(data[i:]))
}

// csvHeaderLine reports whether b starts with a line of names separated
// by ',', ';' or tabs (or 4 or more between blanks) followed by a line
// starting like a number, or is such a line of 4 or more names, not
// between blanks, alone (a header sent as a message of its own).
func csvHeaderLine(b []byte) bool {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		nl = len(b)
	}
	sep := csvSep(b[:nl])
	rest := bytes.TrimLeft(b[min(nl+1, len(b)):], " \t\r\n")
	if sep == ' ' && (len(rest) == 0 || len(bytes.Fields(b[:nl])) < 4) {
		return false // (prose: "status ok"; names between blanks only before numbers)
	}
	if len(rest) == 0 {
		// names, not key=value pairs (an Influx line is no header)
		return bytes.Count(b[:nl], []byte{sep}) >= 3 && bytes.IndexByte(b[:nl], '=') < 0
	}
	return rest[0]-'0' <= 9 || rest[0] == '-' || rest[0] == '+' || rest[0] == '.'
}

func quoteStart(b []byte) string {
	if len(b) > 8 {
		b = b[:8]
	}
	return string(b)
}

// ---- units ----

func payloadAccScale(u string) (float64, bool) {
	switch u {
	case "", "mps2", "m/s2", "m/s^2", "m/s²":
		return 1, true
	case "g":
		return G0, true
	case "mg":
		return G0 / 1000, true
	}
	return 0, false
}

func payloadGyrScale(u string) (float64, bool) {
	switch u {
	case "", "rads", "rad/s":
		return 1, true
	case "dps", "deg/s":
		return math.Pi / 180, true
	}
	return 0, false
}

// CheckPayloadUnits returns an error when acc or gyr is not a unit
// PayloadOptions takes ("" is: the default).
func CheckPayloadUnits(acc, gyr string) error {
	if _, ok := payloadAccScale(acc); !ok {
		return fmt.Errorf("unknown acceleration unit %q (want g, mps2 or mg)", acc)
	}
	if _, ok := payloadGyrScale(gyr); !ok {
		return fmt.Errorf("unknown gyro unit %q (want dps or rads)", gyr)
	}
	return nil
}

// optScales resolves the option units for text formats.
func optScales(format string, opt *PayloadOptions) (acc, gyr float64, err error) {
	acc, ok := payloadAccScale(opt.AccUnit)
	if !ok {
		return 0, 0, punit(format, "", "unknown acceleration unit %q in options (want mps2, g or mg)", opt.AccUnit)
	}
	gyr, ok = payloadGyrScale(opt.GyrUnit)
	if !ok {
		return 0, 0, punit(format, "", "unknown gyro unit %q in options (want rads or dps)", opt.GyrUnit)
	}
	return acc, gyr, nil
}

// ---- times ----

// nsPerUnit returns the nanoseconds of a time unit name.
func nsPerUnit(u string) (int64, bool) {
	switch u {
	case "s":
		return 1e9, true
	case "ms":
		return 1e6, true
	case "us", "µs":
		return 1e3, true
	case "ns":
		return 1, true
	}
	return 0, false
}

var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// literalNS converts a JSON/CSV number literal in a unit of per ns to
// nanoseconds. Plain decimals ([-]digits[.digits]) convert exactly (the
// fraction is truncated below 1 ns); exponent forms go through float64.
// ok is false for anything that is not a finite number in int64 range.
func literalNS(lit []byte, per int64) (ns int64, ok bool) {
	i, neg := 0, false
	if i < len(lit) && (lit[i] == '-' || lit[i] == '+') {
		neg = lit[i] == '-'
		i++
	}
	var ip uint64
	j := i
	for ; i < len(lit) && lit[i]-'0' <= 9; i++ {
		d := uint64(lit[i] - '0')
		if ip > (math.MaxUint64-d)/10 {
			return 0, false
		}
		ip = ip*10 + d
	}
	digits := i - j
	var fr uint64
	k := 0
	if i < len(lit) && lit[i] == '.' {
		i++
		j = i
		for ; i < len(lit) && lit[i]-'0' <= 9; i++ {
			if k < 19 {
				fr = fr*10 + uint64(lit[i]-'0')
				k++
			}
		}
		digits += i - j
	}
	if digits == 0 {
		return 0, false
	}
	if i != len(lit) {
		if lit[i]|0x20 != 'e' {
			return 0, false
		}
		f, err := strconv.ParseFloat(string(lit), 64)
		if err != nil || !payloadFinite(f) {
			return 0, false
		}
		v := f * float64(per)
		if v >= 9.2e18 || v <= -9.2e18 {
			return 0, false
		}
		return int64(math.Round(v)), true
	}
	hi, lo := bits.Mul64(ip, uint64(per))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	u := lo
	if k > 0 {
		h, l := bits.Mul64(fr, uint64(per))
		q, _ := bits.Div64(h, l, pow10u[k]) // fr < 10^k, so h < 10^k
		if u+q > math.MaxInt64 {
			return 0, false
		}
		u += q
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// timeUnitByMagnitude picks the unit of a device timestamp from its value:
// a fraction means seconds; integers ≥ 1e17 are ns, ≥ 1e14 µs, ≥ 1e11 ms
// (epoch ms), ≥ 1e9 s (epoch s), and smaller ones ms (millis() since boot).
// A fraction of 1e11 or more (beyond the year 5000 in seconds) is in the
// integers' units: epoch ms as a float, time.time()*1000 in Python or
// 1.700000000123e12, is ms.
func timeUnitByMagnitude(lit []byte) int64 {
	n := len(lit)
	if n > 0 && (lit[0] == '-' || lit[0] == '+') {
		n--
	}
	if bytes.ContainsAny(lit, "eE") {
		f, err := strconv.ParseFloat(string(lit), 64)
		switch f = math.Abs(f); {
		case err != nil || f < 1e11:
			return 1e9
		case f >= 1e17:
			return 1
		case f >= 1e14:
			return 1e3
		}
		return 1e6
	}
	if i := bytes.IndexByte(lit, '.'); i >= 0 {
		// the integer part's digits decide, from 1e11 on
		if n -= len(lit) - i; n < 12 {
			return 1e9
		}
	}
	switch {
	case n >= 18:
		return 1
	case n >= 15:
		return 1e3
	case n >= 12:
		return 1e6
	case n >= 10:
		return 1e9
	}
	return 1e6
}

// magnitudeSeconds is timeUnitByMagnitude for the time lit of a device
// whose times, by magnitude, had a fraction (frac: earlier in the message,
// or in the device's earlier messages): an integer that would be ms since
// boot is in seconds. It returns the unit and whether the time is in
// seconds since a device's start (not an epoch): by a fraction, or frac.
func magnitudeSeconds(lit []byte, frac bool) (per int64, secs bool) {
	per = timeUnitByMagnitude(lit)
	if bootInteger(lit) {
		if frac {
			return 1e9, true
		}
		return per, false
	}
	return per, per == 1e9 && epochDigits(lit) < 10
}

// bootInteger tells a time literal magnitude reads as ms since boot: an
// integer of fewer than 10 digits.
func bootInteger(lit []byte) bool {
	return !bytes.ContainsAny(lit, ".eE") && epochDigits(lit) < 10
}

// epochDigits is the number of digits of a time literal before its
// fraction.
func epochDigits(lit []byte) int {
	if i := bytes.IndexAny(lit, ".eE"); i >= 0 {
		lit = lit[:i]
	}
	if len(lit) > 0 && (lit[0] == '-' || lit[0] == '+') {
		lit = lit[1:]
	}
	return len(lit)
}

// secondsOf converts a ns timestamp to Sample.T: exact for a difference
// from the epoch within int64, and in order beyond it (a time of the
// 1700s against a 2023 epoch wrapped to one of the 2200s before, the
// samples after it read as 585 years earlier).
func secondsOf(ns int64, opt *PayloadOptions) float64 {
	d := ns - opt.Epoch
	switch {
	case opt.Epoch > 0 && d > ns: // below math.MinInt64
		return (float64(d) - 0x1p64) / 1e9
	case opt.Epoch < 0 && d < ns: // above math.MaxInt64
		return (float64(d) + 0x1p64) / 1e9
	}
	return float64(d) / 1e9
}

// rawString returns the contents of a JSON string literal. Literals without
// escapes are returned in place; escaped ones are unquoted into buf.
func rawString(raw json.RawMessage, buf []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	s := raw[1 : len(raw)-1]
	if bytes.IndexByte(s, '\\') < 0 {
		return s, true
	}
	var str string
	if json.Unmarshal(raw, &str) != nil {
		return nil, false
	}
	return append(buf[:0], str...), true
}

// setDevice records a device name from a JSON string (null or absent is
// ignored).
func setDevice(format, field string, sc *payloadScratch, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	s, ok := rawString(raw, nil)
	if !ok {
		return perr(format, field, "not a string")
	}
	sc.dev = append(sc.dev[:0], s...)
	return nil
}

func payloadFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func finite3(a [3]float64) bool {
	return payloadFinite(a[0]) && payloadFinite(a[1]) && payloadFinite(a[2])
}

// jsonInt is a JSON integer decoded exactly, also from a quoted string
// (Sensor Logger's JSON export quotes its times). It never fails to
// decode; ok and bad tell what was there.
type jsonInt struct {
	v       int64
	ok, bad bool
}

func (n *jsonInt) UnmarshalJSON(b []byte) error {
	*n = jsonInt{}
	if string(b) == "null" {
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	v, ok := literalNS(b, 1)
	if !ok || bytes.ContainsAny(b, ".eE") {
		n.bad = true
		return nil
	}
	n.v, n.ok = v, true
	return nil
}

// jsonFloat is a JSON number that records presence instead of failing
// (null: it was there, as null; neither ok nor bad).
type jsonFloat struct {
	v             float64
	ok, bad, null bool
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	*f = jsonFloat{}
	if string(b) == "null" {
		f.null = true
		return nil
	}
	if len(b) == 0 || b[0] == '"' || b[0] == '{' || b[0] == '[' || b[0] == 't' || b[0] == 'f' {
		f.bad = true
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || !payloadFinite(v) {
		f.bad = true
		return nil
	}
	f.v, f.ok = v, true
	return nil
}

// jsonNums is a JSON number, or an array of numbers (arr set; v holds
// them, its backing array reused), recording presence instead of failing:
// a single value that is a string, an object, null or not finite sets
// bad; so does an array that is not one. An array's element that is no
// finite number (a null: JSON.stringify writes NaN as null; a string, an
// object) is NaN in v and named in holes, the array still ok.
type jsonNums struct {
	one          jsonFloat
	v            []float64
	holes        []jsonHole
	arr, bad, ok bool
}

// jsonHole is an element of a jsonNums array that is no finite number.
type jsonHole struct {
	i    int
	null bool
}

// why says what is wrong with the element at i of a jsonNums array, ""
// when it is a finite number.
func (f *jsonNums) why(i int) string {
	for _, h := range f.holes {
		if h.i == i {
			if h.null {
				return "null (JSON.stringify writes NaN as null)"
			}
			return "not a finite number"
		}
	}
	return ""
}

func (f *jsonNums) UnmarshalJSON(b []byte) error {
	f.v, f.holes, f.arr, f.bad, f.ok = f.v[:0], f.holes[:0], false, false, false
	if len(b) == 0 || b[0] != '[' {
		err := f.one.UnmarshalJSON(b)
		f.ok, f.bad = f.one.ok, f.one.bad
		return err
	}
	f.arr = true
	// '[' [value {',' value}] ']', read in place (json.Unmarshal into
	// the slice allocated its decoder for every array); encoding/json
	// has checked it is valid JSON
	ws := func(i int) int {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
		return i
	}
	i := ws(1)
	if i < len(b) && b[i] == ']' {
		f.ok = ws(i+1) == len(b)
		f.bad = !f.ok
		return nil
	}
	for i < len(b) {
		j := skipJSONValue(b, i)
		var v jsonFloat
		v.UnmarshalJSON(b[i:j])
		if v.ok {
			f.v = append(f.v, v.v)
		} else {
			f.holes = append(f.holes, jsonHole{i: len(f.v), null: v.null})
			f.v = append(f.v, math.NaN())
		}
		if i = ws(j); i < len(b) && b[i] == ']' {
			f.ok = ws(i+1) == len(b)
			f.bad = !f.ok
			return nil
		}
		if i >= len(b) || b[i] != ',' {
			break
		}
		i = ws(i + 1)
	}
	f.bad = true
	return nil
}

// skipJSONValue returns the end of the JSON value of valid JSON b that
// starts at i: a string, an array or an object whole, else up to the next
// ',', ']', '}' or blank.
func skipJSONValue(b []byte, i int) int {
	depth, str := 0, false
	for j := i; j < len(b); j++ {
		c := b[j]
		switch {
		case str:
			switch c {
			case '\\':
				j++
			case '"':
				str = false
				if depth == 0 {
					return j + 1
				}
			}
		case c == '"':
			str = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return j
			}
			if depth--; depth == 0 {
				return j + 1
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return j
		}
	}
	return len(b)
}

// jsonLit keeps a number literal's bytes (for exact time conversion).
type jsonLit struct {
	b       []byte
	ok, bad bool
}

func (l *jsonLit) UnmarshalJSON(b []byte) error {
	l.b, l.ok, l.bad = l.b[:0], false, false
	if string(b) == "null" {
		return nil
	}
	if len(b) == 0 || !(b[0] == '-' || b[0]-'0' <= 9) {
		l.bad = true
		return nil
	}
	l.b = append(l.b, b...)
	l.ok = true
	return nil
}

func (f jsonFloat) check(format, where string) (float64, error) {
	switch {
	case f.bad:
		return 0, perr(format, where, "not a finite number")
	case !f.ok:
		return 0, perr(format, where, "missing")
	}
	return f.v, nil
}
