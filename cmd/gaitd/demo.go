package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/internal/sockerr"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

const demoUsage = `Usage: gaitd demo [flags]

Runs gaitd serve with the embedded MQTT broker and publishes simulated
runners (waist sensors, 100 Hz, gaitd-binary batches of 10 samples, QoS 1)
through it over real MQTT, and says what each runner is simulated with.
Watch /metrics and /api/runs while it runs; at the end (or at Ctrl-C)
every run is written to --data and listed.

Flags:
`

// maxDemoDuration is the longest --duration: the simulator's longest
// recording (sim.Config.Duration).
const maxDemoDuration = 48 * time.Hour

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) (retErr error) {
	checked := false // (markUsage: exit 2 for an error in the flags)
	defer markUsage(&retErr, &checked)
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	// the usage when asked for (-h); a bad flag is said in one line, as
	// serve does (the whole usage came first, and the flag package's
	// message twice)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	runners := fs.Int("runners", 3, "simulated runners, 1–500")
	var dur, linger time.Duration
	durationVar(fs, &dur, "duration", 40*time.Second, "length of each simulated run, a `duration` of 5s to 48h")
	speed := fs.Float64("speed", 1, "replay speed, 0.01–1000 (1 = real time; not the runners' speed)")
	listen := fs.String("listen", "127.0.0.1:9464", "HTTP address for /metrics and /api")
	broker := fs.String("broker", "127.0.0.1:0", "embedded broker address (port 0: any free port)")
	data := fs.String("data", "", "data directory (default: a new temporary directory)")
	durationVar(fs, &linger, "linger", 0, "keep serving this long (a `duration`: 15s) after the runners finish: the runs close after 5 s of silence while served, so a Prometheus scrape sees gaitd_runs_total (0: stop at once; the runs are then written at shutdown, after the last scrape)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stderr)
		fmt.Fprint(stderr, demoUsage)
		fs.PrintDefaults()
		return err
	} else if err != nil {
		return fmt.Errorf("demo: %v%s", err, strings.Replace(flagHint(fs, err), "gaitd serve -h", "gaitd demo -h", 1))
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("demo: unexpected argument %q", fs.Arg(0))
	case *runners < 1 || *runners > 500:
		return fmt.Errorf("demo: --runners %d: want 1 to 500", *runners)
	case dur < 5*time.Second || dur > maxDemoDuration:
		// (the simulator makes at most 48 h: a longer one was taken,
		// and the demo, started, ended on the simulator's error)
		return fmt.Errorf("demo: --duration %v: want 5s to 48h (a run needs steps to summarise; the simulator makes at most 48 h)", dur)
	case !(*speed >= 0.01 && *speed <= 1000):
		return fmt.Errorf("demo: --speed %v: want a replay speed of 0.01 to 1000 (1 = real time)", *speed)
	case linger < 0:
		return fmt.Errorf("demo: --linger %v: want a duration of 0 or more", linger)
	}
	checked = true
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
	// every runner's simulation is checked before anything starts (one
	// refused would end the demo started)
	for i := range *runners {
		if _, err := demoRunner(uint64(i+1), dur.Seconds()); err != nil {
			return fmt.Errorf("demo: runner-%d: %v", i+1, err)
		}
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
		return demoStartError(err, *listen, *broker)
	}
	// addresses to open and connect to: all interfaces (":9464") are
	// said, and connected to, as 127.0.0.1
	a.http, a.broker = localAddr(a.http), localAddr(a.broker)
	fmt.Fprintf(stdout, "gaitd demo: %d simulated runners for %v at %g× speed (Ctrl-C stops it; the runs so far are written)\n  metrics  http://%s/metrics\n  devices  http://%s/api/devices\n  runs     http://%s/api/runs\n  broker   tcp://%s (topic gait/<runner>/imu)\n  data     %s\n  grafana  docker compose -f deploy/compose.yaml -f deploy/compose.demo.yaml up --build (in the repository; then http://localhost:3000)\n",
		*runners, dur, *speed, a.http, a.http, a.http, a.broker, *data)
	// what the figures are to be compared with
	fmt.Fprintf(stdout, "\nsimulated (waist, 100 Hz):\n")
	for i := range min(*runners, demoKinds) {
		s, _ := demoRunner(uint64(i+1), dur.Seconds()) // checked above
		c := s.Config()
		fmt.Fprintf(stdout, "  %-10s %.1f m/s  cadence %.1f spm  GCT %.0f ms  balance %.1f %%L\n", fmt.Sprintf("runner-%d", i+1), c.Speed, c.Cadence, c.GCT*1000, c.GCTBalance)
	}
	if *runners > demoKinds {
		fmt.Fprintf(stdout, "  runner-%d to runner-%d repeat these in turn (runner-%d as runner-1), each with its own noise\n", demoKinds+1, *runners, demoKinds+1)
	}

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
	// in runner order (runs.List's is newest first): runner-10 after
	// runner-9
	slices.SortStableFunc(recs, func(a, b runs.Record) int {
		return cmp.Or(cmp.Compare(runnerNumber(a.Device), runnerNumber(b.Device)), strings.Compare(a.Device, b.Device), strings.Compare(a.ID, b.ID))
	})
	fmt.Fprintf(stdout, "\n%d runs written:\n", len(recs))
	for _, r := range recs {
		fmt.Fprintf(stdout, "  %-10s %s  %4d steps  %s\n", r.Device, r.ID, r.Steps, briefFigures(r))
	}
	return nil
}

// localAddr is addr (host:port) with an unspecified host (empty, 0.0.0.0,
// ::) replaced by 127.0.0.1: a listener on all interfaces answers there,
// and the unspecified address is no address to connect to (Windows
// refuses it) or to open in a browser.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip, err := netip.ParseAddr(host); host == "" || err == nil && ip.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}

// demoStartError is err, serve's refusal to start, with what to do when
// the --listen or --broker address is taken: the default --listen is
// serve's too, so a gaitd serve running on the machine has it.
func demoStartError(err error, listen, broker string) error {
	if !sockerr.AddrInUse(err) {
		return err
	}
	flag, addr := "--listen", listen
	if strings.HasPrefix(err.Error(), "--broker") {
		flag, addr = "--broker", broker
	}
	cause := err // without serve's "--listen: "
	if u := errors.Unwrap(err); u != nil {
		cause = u
	}
	return fmt.Errorf("demo: %s %s is in use (%w) — another gaitd (serve or demo) may have it: stop it, or give the demo another address; %s 127.0.0.1:0 takes any free port",
		flag, addr, cause, flag)
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

// demoKinds is how many runners differ in speed and GCT balance; the
// others repeat them (demoRunner).
const demoKinds = 5

// runnerNumber is n of "runner-n", else 0.
func runnerNumber(device string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(device, "runner-"))
	return n
}

// demoRunner is the simulation of runner-seed (from 1), dur seconds long:
// a waist sensor at 100 Hz with a gyroscope, running at one of five speeds
// with one of five GCT balances (48–52 % left), its noise its own.
func demoRunner(seed uint64, dur float64) (*sim.Stream, error) {
	return sim.New(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Seed: seed,
		Speed: 2.8 + 0.3*float64(seed%demoKinds), GCTBalance: 48 + float64(seed%demoKinds)})
}

// publishRunner publishes simulated runner-seed (demoRunner) as gaitd-binary batches of 10
// samples at QoS 1, paced at speed × real time. The samples are made as
// they are published (a whole run made first took 56 bytes a sample: 240
// MB for 12 hours, each runner). A stop (ctx) ends it without an error.
func publishRunner(ctx context.Context, broker, name string, seed uint64, dur, speed float64) error {
	ss, err := demoRunner(seed, dur)
	if err != nil {
		return err
	}
	opts := paho.NewClientOptions().AddBroker(broker).SetClientID("gaitd-demo-" + name).SetCleanSession(false).
		SetAutoReconnect(true).SetConnectRetry(true).SetConnectRetryInterval(time.Second)
	c := paho.NewClient(opts)
	// wait is tok's outcome: nil when done, or when the demo is stopped
	// (stopped true) — a stop during a connect ended the demo on
	// "connect …: <nil>" after 10 s, the broker being gone
	wait := func(tok paho.Token, what string) (stopped bool, err error) {
		select {
		case <-tok.Done():
			if err := tok.Error(); err != nil {
				return false, fmt.Errorf("demo: %s: %s: %v", name, what, err)
			}
			return false, nil
		case <-ctx.Done():
			return true, nil
		case <-time.After(10 * time.Second):
			return false, fmt.Errorf("demo: %s: %s: no answer in 10 s", name, what)
		}
	}
	stopped, err := wait(c.Connect(), "connect "+broker)
	if stopped || err != nil {
		c.Disconnect(0)
		return err
	}
	defer c.Disconnect(250)
	layout := ss.Layout()
	start := time.Now()
	t0 := start.UnixNano()
	topic := "gait/" + name + "/imu"
	var buf []byte
	const batch = 10
	b := make([]sensor.Sample, 0, batch)
	for seq := int64(0); ; seq++ {
		b = b[:0]
		for len(b) < batch {
			var x sensor.Sample
			if err := ss.Read(&x); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
			b = append(b, x)
		}
		if len(b) == 0 {
			return nil
		}
		// pace: publish a batch once its last sample is due
		due := start.Add(time.Duration(b[len(b)-1].T / speed * float64(time.Second)))
		if d := time.Until(due); d > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(d):
			}
		} else if ctx.Err() != nil {
			return nil
		}
		buf, err = sensor.AppendBinaryPayload(buf[:0], sensor.BinaryPayloadHeader{T0: t0 + int64(b[0].T*1e9), Rate: layout.Rate, Gyro: true, Float32: true, Seq: seq}, b)
		if err != nil {
			return err
		}
		if stopped, err := wait(c.Publish(topic, 1, false, buf), "publish"); stopped || err != nil {
			return err
		}
	}
}
