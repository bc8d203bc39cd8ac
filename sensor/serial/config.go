// Package serial reads IMU samples from a serial port (USB-serial adapter,
// USB-CDC device, Bluetooth SPP rfcomm node, pseudo-terminal) with one of
// the byte-stream decoders of package sensor, and keeps reading across
// unplug and replug of the device.
//
// It is the only package of gaitd that imports go.bug.st/serial.
package serial

import (
	"errors"
	"fmt"
	"math"
	"net"
	"strings"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// Formats accepted in Config.Format.
const (
	FormatWitMotion = "witmotion" // WitMotion binary frames (protocols.md §1)
	FormatRVC       = "rvc"       // BNO08x UART-RVC frames (protocols.md §2)
	// FormatWitBLE is a WitMotion Bluetooth 5.0 sensor's 20-byte 55 61
	// notifications (protocols.md §1), as a bridge relays them: no time,
	// so Rate is required.
	FormatWitBLE = "witmotion-ble"
	FormatText   = "text" // CSV or Serial Plotter text lines (protocols.md §3)
	// FormatHyperIMU is the HyperIMU app's CSV packets (protocols.md §8),
	// over udp-listen:// or tcp-listen://: text lines ended by '#' or a line
	// end, the MAC address left out (sensor.FormatHyperIMU); everything
	// else as FormatText.
	FormatHyperIMU = "hyperimu"
)

// Defaults applied by Open to zero fields.
const (
	DefaultBaud      = 115200
	DefaultDataBits  = 8
	DefaultReconnect = 200 * time.Millisecond
	// DefaultTextLookahead is the lookahead of the text decoder
	// (sensor.CSVOptions.Lookahead) when Text.Lookahead is 0: 1 s of lines
	// at 100 Hz before the first sample, after each (re)opening, instead of
	// the 512 lines a file reader takes. A faster stream, or one whose
	// units these lines cannot decide, is read again with about 1 s of
	// lines, up to 512 (see Source.Run).
	DefaultTextLookahead = 100
	// MaxReconnect caps the reconnection backoff: a device that comes back
	// is found again at most this long after its node reappears.
	MaxReconnect = 2 * time.Second
)

// Config describes one serial sensor. The zero values of Baud, DataBits,
// Parity, StopBits and Reconnect mean the defaults (115200 8N1, 200 ms).
type Config struct {
	// Device is the device node, such as /dev/ttyUSB0 or, better, a stable
	// udev link such as /dev/serial/by-id/usb-…; it is resolved again on
	// every (re)open, so a link that moves to a new node is followed.
	//
	// The same byte stream over a network: tcp://host:port connects to a
	// serial-over-TCP server (ser2net, ESP-Link, an ESP32's WiFiServer),
	// again after a lost connection (one whose peer vanished without
	// closing it is lost 17 s after its last byte, by TCP keepalive; see
	// keepAlive in source.go); tcp-listen://addr:port waits for the
	// device to connect (a WitMotion WiFi sensor, an app or an ESP32
	// sending to a server), one connection at a time (a new one takes
	// the place of one silent for 2 s, and is closed while the first
	// sends; see tcpListener), each a session as
	// a reopened port is; udp-listen://addr:port reads the datagrams sent
	// to it as one stream (one sender at a time, a sender being an IP
	// address whatever its source port — unless it keeps one port: then
	// another port is another device behind its address —, each
	// sender's datagrams a session; see datagrams). Baud, DataBits, Parity
	// and StopBits do not apply.
	Device string
	// Baud is the bit rate in bit/s; 0 means 115200.
	Baud int
	// DataBits is 5 to 8; 0 means 8.
	DataBits int
	// Parity is "none" (or ""), "even" or "odd".
	Parity string
	// StopBits is 1 or 2; 0 means 1.
	StopBits int
	// Format is "witmotion", "witmotion-ble", "rvc", "text" or
	// "hyperimu".
	Format string
	// Rate is the sample rate in Hz. WitMotion: needed when the device
	// sends no 0x50 time frames (then T = cycle index / Rate). WitMotion
	// BLE: required, the sensor's output rate (T = frame index / Rate). RVC: 0
	// means the protocol's 100 Hz. Text: needed when the lines have no
	// time column; it overrides Text.Rate when non-zero.
	Rate float64
	// AccRange is the accelerometer's full scale in g (±AccRange), as set
	// on the device. WitMotion and WitMotion BLE: 2, 4, 8 or 16, the
	// frames' scale, a[g] = v/32768·AccRange (0 means the protocol's
	// default ±16 g: a sensor set to ±8 g read without it reads every
	// acceleration halved). Text: 1 to 50, the clipping level from the
	// first sample (sensor.CSVOptions.AccRange; 0: found from the data).
	// RVC: 0 (a BNO08x's range is fixed at ±8 g).
	AccRange float64
	// Text configures the text decoder (column names for headerless
	// lines, units, time unit, lookahead); used when Format is "text" or
	// "hyperimu".
	// Text.Name defaults to Device. Text.MaxBadLines 0 means "never give
	// up" here (-1), unlike files: a live stream must not stop because a
	// device was noisy for a while. Text.Lookahead 0 means
	// DefaultTextLookahead.
	Text sensor.CSVOptions
	// Reconnect is the initial delay between attempts to reopen a lost or
	// absent port; it doubles after each failure up to MaxReconnect.
	// 0 means 200 ms. It must not exceed MaxReconnect.
	Reconnect time.Duration
}

// FieldError is returned by Config.Validate; Field is the Go field name
// ("Baud", "Text.AccUnit" …) so that callers can map it to their own key.
type FieldError struct {
	Field string
	Err   error
}

// Error returns "serial config: Field: what".
func (e *FieldError) Error() string { return "serial config: " + e.Field + ": " + e.Err.Error() }

// Unwrap returns Err, for errors.Is and errors.As.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, format string, a ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, a...)}
}

// Validate checks c without touching any device. It returns a *FieldError
// naming the first bad field.
func (c Config) Validate() error {
	if nw, addr := network(c.Device); nw != "" {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || port == "" || (nw == "tcp" && host == "") {
			want := "tcp://host:port"
			if nw != "tcp" {
				want = nw + "://:port or " + nw + "://address:port"
			}
			return fieldErr("Device", "%s: want %s", c.Device, want)
		}
	}
	switch {
	case strings.TrimSpace(c.Device) == "":
		return fieldErr("Device", "empty device path")
	case c.Baud < 0 || c.Baud > 16_000_000:
		return fieldErr("Baud", "%d bit/s out of range (want 1 to 16000000, 0 for %d)", c.Baud, DefaultBaud)
	case c.DataBits != 0 && (c.DataBits < 5 || c.DataBits > 8):
		return fieldErr("DataBits", "%d (want 5, 6, 7 or 8)", c.DataBits)
	}
	if _, err := parity(c.Parity); err != nil {
		return &FieldError{Field: "Parity", Err: err}
	}
	if c.StopBits != 0 && c.StopBits != 1 && c.StopBits != 2 {
		return fieldErr("StopBits", "%d (want 1 or 2)", c.StopBits)
	}
	switch c.Format {
	case FormatWitMotion, FormatWitBLE, FormatRVC, FormatText, FormatHyperIMU:
	case "":
		return fieldErr("Format", "missing (want witmotion, witmotion-ble, rvc, text or hyperimu)")
	default:
		return fieldErr("Format", "unknown format %q (want witmotion, witmotion-ble, rvc, text or hyperimu)", c.Format)
	}
	if math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) || c.Rate < 0 || c.Rate > 1e6 {
		return fieldErr("Rate", "%v Hz (want 0 to 1e6)", c.Rate)
	}
	if c.Format == FormatWitBLE && c.Rate == 0 {
		return fieldErr("Rate", "missing: witmotion-ble frames carry no time; give the sensor's output rate in Hz (set on it, e.g. 100)")
	}
	switch r := c.AccRange; {
	case r == 0:
	case c.Format == FormatRVC:
		return fieldErr("AccRange", "%v g: a BNO08x's range is fixed at ±8 g (leave it unset)", r)
	case (c.Format == FormatWitMotion || c.Format == FormatWitBLE) && r != 2 && r != 4 && r != 8 && r != 16:
		return fieldErr("AccRange", "%v g: a WitMotion accelerometer is set to ±2, 4, 8 or 16 g", r)
	case !(r >= 1 && r <= 50):
		return fieldErr("AccRange", "%v g: the accelerometer's full scale in g, 1 to 50 (8 for ±8 g)", r)
	}
	if c.Format == FormatRVC && c.Rate != 0 && c.Rate != 100 {
		return fieldErr("Rate", "%v Hz: the BNO08x UART-RVC output rate is fixed at 100 Hz (leave it unset)", c.Rate)
	}
	if c.Reconnect < 0 || c.Reconnect > MaxReconnect {
		return fieldErr("Reconnect", "%v (want 0 to %v)", c.Reconnect, MaxReconnect)
	}
	if t := c.Text; !c.text() && (len(t.Columns) > 0 || t.Lookahead != 0 || t.AccUnit != "" || t.GyroUnit != "" || t.TimeUnit != "") {
		return fieldErr("Text", "columns, lookahead and units are for text lines; format is %s", c.Format)
	}
	if c.Text.Format == sensor.FormatHyperIMU {
		// (the text reader would hold packet bytes that a restart's
		// unread lines leave out: the port's bytes are converted first)
		return fieldErr("Text", "text format hyperimu: set the port's format to hyperimu instead")
	}
	if c.text() {
		// NewCSVReader checks its options before reading anything; on an
		// empty input, valid options fail with ErrNotRecording instead.
		_, err := sensor.NewCSVReader(strings.NewReader(""), c.textOptions())
		if err != nil && !errors.Is(err, sensor.ErrNotRecording) {
			return &FieldError{Field: "Text", Err: err}
		}
	}
	return nil
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Baud == 0 {
		c.Baud = DefaultBaud
	}
	if c.DataBits == 0 {
		c.DataBits = DefaultDataBits
	}
	if c.Parity == "" {
		c.Parity = "none"
	}
	if c.StopBits == 0 {
		c.StopBits = 1
	}
	if c.Reconnect == 0 {
		c.Reconnect = DefaultReconnect
	}
	c.Text = c.textOptions()
	return c
}

// text reports whether Format is read as text lines: "text" or
// "hyperimu".
func (c Config) text() bool { return c.Format == FormatText || c.Format == FormatHyperIMU }

// textOptions returns the CSV options for Format "text" (and "hyperimu").
func (c Config) textOptions() sensor.CSVOptions {
	o := c.Text
	if o.Name == "" {
		o.Name = c.Device
	}
	if c.Rate != 0 {
		o.Rate = c.Rate
	}
	if o.MaxBadLines == 0 {
		o.MaxBadLines = -1
	}
	if o.Lookahead == 0 {
		o.Lookahead = DefaultTextLookahead
	}
	return o
}

// network returns the network ("tcp", "tcp-listen" or "udp-listen") and
// address of a network Device, "" for a device path.
func network(device string) (nw, addr string) {
	for _, p := range []string{"tcp://", "tcp-listen://", "udp-listen://"} {
		if a, ok := strings.CutPrefix(device, p); ok {
			return strings.TrimSuffix(p, "://"), strings.TrimSuffix(a, "/")
		}
	}
	return "", ""
}

// IsNetwork reports whether device is a tcp://, tcp-listen:// or
// udp-listen:// address rather than a device path.
func IsNetwork(device string) bool {
	nw, _ := network(device)
	return nw != ""
}
