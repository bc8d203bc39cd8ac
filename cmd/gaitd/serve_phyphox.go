package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/phyphox"
)

// phoneOptions is one phone running phyphox with remote access on: the
// --phyphox flags, or an entry of the config file's phyphox: list.
type phoneOptions struct {
	cfg    phyphox.Config
	device string // device name in metrics and the data directory
}

func (p *phoneOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cfg.URL, "phyphox", "", "poll a phone running phyphox with remote access on, at the address the app shows (http://192.168.1.20:8080); several go in the config file's phyphox: list")
	fs.StringVar(&p.device, "phyphox-device", "", "device name for the --phyphox phone (default: phyphox-<host>)")
	fs.Func("phyphox-buffers", "the --phyphox experiment's time, x, y and z acceleration buffers, four comma-separated `names` (default acc_time,accX,accY,accZ: \"Acceleration with g\")", func(v string) error {
		return fourNames(&p.cfg.Buffers, v)
	})
	fs.Func("phyphox-gyro", "read the --phyphox experiment's gyroscope too, from its time, x, y and z angular rate buffers (rad/s), four comma-separated `names` such as "+strings.Join(phyphox.DefaultGyro[:], ",")+" (\"Gyroscope (rotation rate)\"'s names)", func(v string) error {
		if err := fourNames(&p.cfg.Gyro, v); err != nil || p.cfg.Gyro != [4]string{} {
			return err
		}
		return fmt.Errorf("%q: want four names, time,x,y,z", v) // (four empty names: none read)
	})
}

// fourNames sets names from a flag's comma-separated time,x,y,z buffer
// names.
func fourNames(names *[4]string, v string) error {
	b := strings.Split(v, ",")
	if len(b) != 4 {
		return fmt.Errorf("%q: want four names, time,x,y,z", v)
	}
	copy(names[:], b)
	return nil
}

// phoneName is a phone's default device name: phyphox-<host> with the
// characters a device name cannot hold replaced by '-'.
func phoneName(raw string) string { return appName("phyphox", raw) }

// appName is an app's default device name, <app>-<host>, with the
// characters a device name cannot hold replaced by '-'.
func appName(app, raw string) string {
	host := raw
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	name := []byte(app + "-" + host)
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			name[i] = '-'
		}
	}
	return string(name[:min(len(name), 64)])
}

// phoneFlagKey names the --phyphox phone in errors.
const phoneFlagKey = "serve: --phyphox"

// check fills the default name and checks the phone's options; key names
// them in errors (--phyphox, phyphox[0]).
func (p *phoneOptions) check(key string) error {
	if err := p.cfg.Validate(); err != nil {
		// the flag given, not phyphox.Config's field: --phyphox-buffers
		// a,b,c,d e said "serve: --phyphox: phyphox: Buffers[3]"
		msg := strings.TrimPrefix(err.Error(), "phyphox: ")
		if key == phoneFlagKey && strings.HasPrefix(msg, "Buffers[") {
			key = "serve: --phyphox-buffers"
		}
		if key == phoneFlagKey && strings.HasPrefix(msg, "Gyro[") {
			key = "serve: --phyphox-gyro"
		}
		return fmt.Errorf("%s: %s", key, msg)
	}
	return appDevice(key, &p.device, "phyphox", p.cfg.URL)
}

// appDevice gives a phone app's device its default name, <app>-<host>,
// when it has none, and checks it; key names it in errors.
func appDevice(key string, device *string, app, url string) error {
	if *device == "" {
		*device = appName(app, url)
	}
	if !runs.ValidDevice(*device) {
		return fmt.Errorf("%s: device name %q: want 1–64 letters, digits, '.', '-' or '_'", key, *device)
	}
	return nil
}

// appDevices checks the n phones of an app, the --<app> flag's first when
// fromFlag: check checks the i-th, named key in errors (serve: --phyphox,
// phyphox[0]), and returns its device name and address; a name another
// device has (seen: name → its address or path) is an error.
func appDevices(app string, fromFlag bool, n int, seen map[string]string, check func(i int, key string) (device, addr string, err error)) error {
	for i := range n {
		key := fmt.Sprintf("%s[%d]", app, i)
		if fromFlag {
			key = fmt.Sprintf("%s[%d]", app, i-1)
			if i == 0 {
				key = "serve: --" + app
			}
		}
		device, addr, err := check(i, key)
		if err != nil {
			return err
		}
		if prev, ok := seen[device]; ok {
			return fmt.Errorf("%s: device name %q is %s's too: give each a name (--%s-device, %s[].name)", key, device, prev, app, app)
		}
		seen[device] = addr
	}
	return nil
}

// startPhones polls each phone until ctx ends (see streamPhone), its
// connection state the source "phyphox:<device>".
func startPhones(ctx context.Context, wg *sync.WaitGroup, hub *live.Hub, phones []phoneOptions, log *slog.Logger) error {
	for _, p := range phones {
		src, err := phyphox.New(p.cfg, log)
		if err != nil {
			return err
		}
		c := src.Config()
		input := "phyphox:" + c.URL + " buffers=" + strings.Join(c.Buffers[:], ",")
		if c.Gyro != [4]string{} {
			input += " gyro=" + strings.Join(c.Gyro[:], ",")
		}
		err = streamPhone(ctx, wg, hub, log, phoneStream{name: p.device, source: "phyphox:" + p.device,
			input: input, layout: src.Layout(),
			run: src.Run, began: src.Began, connected: func() bool { return src.Stats().Connected }})
		if err != nil {
			return err
		}
	}
	return nil
}

// phoneStream is a phone app's source as serve runs it.
type phoneStream struct {
	name, source string // device name; connection state's source label
	input        string // how the run summaries name it
	layout       sensor.Layout
	run          func(ctx context.Context, out func([]sensor.Sample), newSession func(), bad func(error)) error
	// began, when the source knows it, is the wall time the current
	// session's clock read 0 (phyphox.Source.Began), read as its first
	// samples and a new session's come
	began     func() time.Time
	connected func() bool
}

// runPhone runs p's source until ctx ends, its samples given to push on a
// clock continued across sessions (see streamPhone) and the messages not
// understood to bad.
func runPhone(ctx context.Context, p phoneStream, push func([]sensor.Sample), bad func(error)) error {
	var tc timeContinuer
	restart := false // a new session whose start to read at its first samples
	return p.run(ctx, func(ss []sensor.Sample) {
		now := time.Now()
		if !tc.started && p.began != nil {
			tc.setZero(p.began())
		}
		if restart {
			// read as its samples come, not when it was found: an
			// experiment found empty (cleared) began when it was
			// started again, which the source dates by the reply that
			// brings its first samples — read when it was found, a rest
			// between a clear and the next start was lost
			restart = false
			tc.restartAt(p.began())
		}
		for i := range ss {
			ss[i].T = tc.time(ss[i].T, now)
		}
		push(ss)
	}, func() {
		if p.began != nil {
			// the new session's own start, read at its first samples:
			// one cleared and started again while the phone was out of
			// reach measured before its samples arrive (now less the
			// time before it: a gap overstated by the new experiment's
			// age)
			restart = true
			return
		}
		tc.restart(time.Time{}, time.Time{})
	}, bad)
}

// streamPhone runs a phone's source until ctx ends: its samples go to the
// hub on a clock continued across sessions (an experiment's or a
// reconnected phone's time that starts again continues after the
// wall-clock time between them: for a phyphox experiment, between the
// last sample's measurement and the new experiment's first, dated by when
// its clock began), messages not understood count as the
// device's decode errors, and its connection state is p.source's. The
// device is known to the hub from the start, as a serial port's is.
func streamPhone(ctx context.Context, wg *sync.WaitGroup, hub *live.Hub, log *slog.Logger, p phoneStream) error {
	if err := hub.AddDevice(p.name); err != nil {
		return err
	}
	hub.SetSource(p.name, p.input)
	wg.Go(func() {
		err := runPhone(ctx, p, func(ss []sensor.Sample) { hub.Push(p.name, p.layout, ss) }, func(err error) { hub.DecodeError(p.name, err) })
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Error("source stopped", "device", p.name, "source", p.source, "err", err)
		}
	})
	wg.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				hub.SetConnected(p.source, false)
				return
			case <-t.C:
				hub.SetConnected(p.source, p.connected())
			}
		}
	})
	return nil
}
