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
	fs.Func("phyphox-buffers", "the --phyphox experiment's time, x, y and z acceleration buffers (default acc_time,accX,accY,accZ: \"Acceleration with g\")", func(v string) error {
		b := strings.Split(v, ",")
		if len(b) != 4 {
			return fmt.Errorf("%q: want four names, time,x,y,z", v)
		}
		copy(p.cfg.Buffers[:], b)
		return nil
	})
}

// phoneName is a phone's default device name: phyphox-<host> with the
// characters a device name cannot hold replaced by '-'.
func phoneName(raw string) string {
	host := raw
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	name := []byte("phyphox-" + host)
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			name[i] = '-'
		}
	}
	return string(name[:min(len(name), 64)])
}

// check fills the default name and checks the phone's options; key names
// them in errors (--phyphox, phyphox[0]).
func (p *phoneOptions) check(key string) error {
	if err := p.cfg.Validate(); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	if p.device == "" {
		p.device = phoneName(p.cfg.URL)
	}
	if !runs.ValidDevice(p.device) {
		return fmt.Errorf("%s: device name %q: want 1–64 letters, digits, '.', '-' or '_'", key, p.device)
	}
	return nil
}

// startPhones polls each phone until ctx ends: its samples go to the hub
// on a clock continued across experiments (a new one's time starts at 0:
// it continues after the wall-clock time between them), replies not
// understood count as the device's decode errors, and its connection
// state is the source "phyphox:<device>".
func startPhones(ctx context.Context, wg *sync.WaitGroup, hub *live.Hub, phones []phoneOptions, log *slog.Logger) error {
	for _, p := range phones {
		src, err := phyphox.New(p.cfg, log)
		if err != nil {
			return err
		}
		name, source := p.device, "phyphox:"+p.device
		if err := hub.AddDevice(name); err != nil {
			return err
		}
		buffers := src.Config().Buffers
		hub.SetSource(name, "phyphox:"+p.cfg.URL+" buffers="+strings.Join(buffers[:], ","))
		wg.Go(func() {
			var tc timeContinuer
			err := src.Run(ctx, func(ss []sensor.Sample) {
				now := time.Now()
				for i := range ss {
					ss[i].T = tc.time(ss[i].T, now)
				}
				hub.Push(name, phyphox.Layout, ss)
			}, func() {
				tc.restart(time.Time{}, time.Time{})
			}, func(err error) {
				hub.DecodeError(name, err)
			})
			if err != nil && !errors.Is(err, context.Canceled) {
				log.Error("phyphox source stopped", "device", name, "err", err)
			}
		})
		wg.Go(func() {
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					hub.SetConnected(source, false)
					return
				case <-t.C:
					hub.SetConnected(source, src.Stats().Connected)
				}
			}
		})
	}
	return nil
}
