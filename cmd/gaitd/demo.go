package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

const demoUsage = `Usage: gaitd demo [flags]

Runs gaitd serve with the embedded MQTT broker and publishes simulated
runners (waist sensors, 100 Hz, gaitd-binary batches of 10 samples, QoS 1)
through it over real MQTT. Watch /metrics and /api/runs while it runs; at
the end every run is written to --data and listed.

Flags:
`

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, demoUsage); fs.PrintDefaults() }
	runners := fs.Int("runners", 3, "simulated runners, 1–500")
	var dur, linger time.Duration
	durationVar(fs, &dur, "duration", 40*time.Second, "length of each simulated run, a `duration` of at least 5s")
	speed := fs.Float64("speed", 1, "replay speed, 0.01–1000 (1 = real time; not the runners' speed)")
	listen := fs.String("listen", "127.0.0.1:9464", "HTTP address for /metrics and /api")
	broker := fs.String("broker", "127.0.0.1:0", "embedded broker address (port 0: any free port)")
	data := fs.String("data", "", "data directory (default: a new temporary directory)")
	durationVar(fs, &linger, "linger", 0, "keep serving this long (a `duration`: 15s) after the runners finish: the runs close after 5 s of silence while served, so a Prometheus scrape sees gaitd_runs_total (0: stop at once; the runs are then written at shutdown, after the last scrape)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("demo: unexpected argument %q", fs.Arg(0))
	case *runners < 1 || *runners > 500:
		return fmt.Errorf("demo: --runners %d: want 1 to 500", *runners)
	case dur < 5*time.Second:
		return fmt.Errorf("demo: --duration %v: want at least 5s (a run needs steps to summarise)", dur)
	case !(*speed >= 0.01 && *speed <= 1000):
		return fmt.Errorf("demo: --speed %v: want a replay speed of 0.01 to 1000 (1 = real time)", *speed)
	case linger < 0:
		return fmt.Errorf("demo: --linger %v: want a duration of 0 or more", linger)
	}
	if *data == "" {
		d, err := os.MkdirTemp("", "gaitd-demo-")
		if err != nil {
			return err
		}
		*data = d
		defer func() {
			// a demo that could not start (a --listen port in use)
			// leaves no empty folder behind; one with runs keeps them
			// (its serve has returned: its lock file goes too)
			os.Remove(filepath.Join(d, lockName))
			os.Remove(d) // only if empty
		}()
	}
	o := serveOptions{listen: *listen, dataDir: *data, idle: 5 * time.Second, maxDevices: *runners, window: 20, reorder: 250 * time.Millisecond}
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	o.mqtt.listen = *broker
	type addrs struct{ http, broker string }
	ready := make(chan addrs, 1)
	o.ready = func(h, b string) { ready <- addrs{h, b} }
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- serve(sctx, o, stderr) }()
	var a addrs
	select {
	case a = <-ready:
	case err := <-served:
		return err
	}
	fmt.Fprintf(stdout, "gaitd demo: %d simulated runners for %v at %g× speed\n  metrics  http://%s/metrics\n  devices  http://%s/api/devices\n  runs     http://%s/api/runs\n  broker   tcp://%s (topic gait/<runner>/imu)\n  data     %s\n",
		*runners, dur, *speed, a.http, a.http, a.http, a.broker, *data)

	// runs already in the data folder (an earlier demo) are not this one's
	before := map[string]bool{}
	if old, err := runs.List(*data); err == nil {
		for _, r := range old {
			before[r.Device+"/"+r.ID] = true
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, *runners)
	for i := range *runners {
		wg.Go(func() {
			if err := publishRunner(sctx, "tcp://"+a.broker, fmt.Sprintf("runner-%d", i+1), uint64(i+1), dur.Seconds(), *speed); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		stop()
		<-served
		return err
	}
	if ctx.Err() == nil {
		// let the last messages through, and with --linger the runs close
		// by silence while /metrics is still served
		if linger > 0 {
			fmt.Fprintf(stdout, "runners done; serving for %v more (--linger)\n", linger)
		}
		select {
		case <-time.After(max(500*time.Millisecond, linger)):
		case <-ctx.Done():
		}
	}
	stop()
	if err := <-served; err != nil {
		return err
	}
	all, err := runs.List(*data)
	if err != nil {
		return err
	}
	var recs []runs.Record
	for _, r := range all {
		if !before[r.Device+"/"+r.ID] {
			recs = append(recs, r)
		}
	}
	fmt.Fprintf(stdout, "\n%d runs written:\n", len(recs))
	for _, r := range recs {
		fmt.Fprintf(stdout, "  %-10s %s  %4d steps  %s\n", r.Device, r.ID, r.Steps, briefFigures(r))
	}
	return nil
}

func briefFigures(r runs.Record) string {
	f := func(p *float64, format string) string {
		if p == nil {
			return "–"
		}
		return fmt.Sprintf(format, *p)
	}
	return fmt.Sprintf("cadence %s  GCT %s  VO %s  balance %s",
		f(r.CadenceSPM, "%.1f spm"), f(r.GCTms, "%.0f ms"), f(r.VOmm, "%.0f mm"), f(r.GCTBalancePct, "%.1f %%L"))
}

// publishRunner publishes a simulated runner as gaitd-binary batches of 10
// samples at QoS 1, paced at speed × real time.
func publishRunner(ctx context.Context, broker, name string, seed uint64, dur, speed float64) error {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Seed: seed,
		Speed: 2.8 + 0.3*float64(seed%5), GCTBalance: 48 + float64(seed%5)})
	if err != nil {
		return err
	}
	opts := paho.NewClientOptions().AddBroker(broker).SetClientID("gaitd-demo-" + name).SetCleanSession(false).
		SetAutoReconnect(true).SetConnectRetry(true).SetConnectRetryInterval(time.Second)
	c := paho.NewClient(opts)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		return fmt.Errorf("demo: %s: connect %s: %v", name, broker, tok.Error())
	}
	defer c.Disconnect(250)
	start := time.Now()
	t0 := start.UnixNano()
	topic := "gait/" + name + "/imu"
	var buf []byte
	const batch = 10
	for k, seq := 0, int64(0); k < len(ss); k, seq = k+batch, seq+1 {
		end := min(k+batch, len(ss))
		// pace: publish a batch once its last sample is due
		due := start.Add(time.Duration(ss[end-1].T / speed * float64(time.Second)))
		if d := time.Until(due); d > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(d):
			}
		} else if ctx.Err() != nil {
			return nil
		}
		buf, err = sensor.AppendBinaryPayload(buf[:0], sensor.BinaryPayloadHeader{T0: t0 + int64(ss[k].T*1e9), Rate: layout.Rate, Gyro: true, Float32: true, Seq: seq}, ss[k:end])
		if err != nil {
			return err
		}
		tok := c.Publish(topic, 1, false, buf)
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			return fmt.Errorf("demo: %s: publish: %v", name, tok.Error())
		}
	}
	return nil
}
