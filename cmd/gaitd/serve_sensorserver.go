package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/sensor/sensorserver"
)

// serverOptions is one Android phone running SensorServer: the
// --sensorserver flags, or an entry of the config file's sensorserver:
// list.
type serverOptions struct {
	cfg    sensorserver.Config
	device string // device name in metrics and the data directory
}

func (p *serverOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cfg.URL, "sensorserver", "", "read an Android phone running SensorServer, at the WebSocket address the app shows (ws://192.168.1.20:8080); several go in the config file's sensorserver: list")
	fs.StringVar(&p.device, "sensorserver-device", "", "device name for the --sensorserver phone (default: sensorserver-<host>)")
	fs.BoolVar(&p.cfg.Gyro, "sensorserver-gyro", false, "ask the --sensorserver phone for its gyroscope too")
}

// check fills the default name and checks the options; key names them in
// errors (serve: --sensorserver, sensorserver[0]).
func (p *serverOptions) check(key string) error {
	if err := p.cfg.Validate(); err != nil {
		// (the key names the app: "serve: --sensorserver: sensorserver:
		// URL …" said it twice, as the config's key does not)
		return fmt.Errorf("%s: %s", key, strings.TrimPrefix(err.Error(), "sensorserver: "))
	}
	return appDevice(key, &p.device, "sensorserver", p.cfg.URL)
}

// startServers reads each SensorServer phone until ctx ends (see
// streamPhone), its connection state the source "sensorserver:<device>".
func startServers(ctx context.Context, wg *sync.WaitGroup, hub *live.Hub, servers []serverOptions, log *slog.Logger) error {
	for _, p := range servers {
		src, err := sensorserver.New(p.cfg, log)
		if err != nil {
			return err
		}
		err = streamPhone(ctx, wg, hub, log, phoneStream{name: p.device, source: "sensorserver:" + p.device,
			input: "sensorserver:" + src.Stats().Endpoint, layout: src.Layout(),
			run: src.Run, connected: func() bool { return src.Stats().Connected }})
		if err != nil {
			return err
		}
	}
	return nil
}
