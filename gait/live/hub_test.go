package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

func runner(t *testing.T, seed uint64, dur float64) ([]sensor.Sample, sensor.Layout) {
	t.Helper()
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: dur, Rate: 100, Gyro: true, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return ss, layout
}

func get(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return res.StatusCode
}

func TestHub(t *testing.T) {
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, MaxDevices: 2, Engine: gait.Config{Placement: gait.Waist}, Sources: []string{"mqtt"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()

	// two devices pushed concurrently, in batches of 10 samples
	var wg sync.WaitGroup
	pushed := map[string]int{}
	for i, name := range []string{"belt-1", "belt-2"} {
		ss, layout := runner(t, uint64(i+1), 40)
		pushed[name] = len(ss)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < len(ss); k += 10 {
				if err := h.Push(name, layout, ss[k:min(k+10, len(ss))]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	h.refresh() // what Run's ticker does
	h.SetConnected("mqtt", true)
	h.SetConnected("rogue", true) // not a configured source: ignored
	h.DecodeError("belt-1", errors.New("bad checksum"))
	h.DecodeError("nobody", errors.New("bad"))

	// a third device is refused and counted
	ss, layout := runner(t, 3, 5)
	if err := h.Push("belt-3", layout, ss); !errors.Is(err, ErrTooManyDevices) {
		t.Errorf("third device: %v", err)
	}
	if v := testutil.ToFloat64(h.m.devRejected); v != float64(len(ss)) {
		t.Errorf("rejected samples %v, want %d", v, len(ss))
	}

	for _, name := range []string{"belt-1", "belt-2"} {
		cad := testutil.ToFloat64(h.m.cadence.WithLabelValues(name)) * 60
		if math.Abs(cad-170) > 5 {
			t.Errorf("%s: cadence gauge %.1f spm, want ≈ 170", name, cad)
		}
		gct := testutil.ToFloat64(h.m.gct.WithLabelValues(name))
		if gct < 0.2 || gct > 0.3 {
			t.Errorf("%s: GCT gauge %.3f s", name, gct)
		}
		if v := testutil.ToFloat64(h.m.samples.WithLabelValues(name)); v != float64(pushed[name]) {
			t.Errorf("%s: samples_total %v, want %d", name, v, pushed[name])
		}
		steps := testutil.ToFloat64(h.m.steps.WithLabelValues(name, "L")) + testutil.ToFloat64(h.m.steps.WithLabelValues(name, "R")) +
			testutil.ToFloat64(h.m.steps.WithLabelValues(name, "unknown"))
		if steps < 105 || steps > 115 {
			t.Errorf("%s: steps_total %v, want ≈ 110", name, steps)
		}
		if v := testutil.ToFloat64(h.m.active.WithLabelValues(name)); v != 1 {
			t.Errorf("%s: run_active %v", name, v)
		}
	}
	if v := testutil.ToFloat64(h.m.decodeErrs.WithLabelValues("belt-1")); v != 1 {
		t.Errorf("decode errors %v", v)
	}
	if v := testutil.ToFloat64(h.m.decodeErrs.WithLabelValues("unknown")); v != 1 {
		t.Errorf("decode errors of unknown devices %v", v)
	}
	if v := testutil.ToFloat64(h.m.connected.WithLabelValues("mqtt")); v != 1 {
		t.Errorf("connected %v", v)
	}
	if n := testutil.CollectAndCount(h.m.connected); n != 1 {
		t.Errorf("%d connection series, want 1 (unknown sources ignored)", n)
	}
	probs, err := testutil.GatherAndLint(h.reg)
	if err != nil || len(probs) > 0 {
		t.Errorf("lint: %v %+v", err, probs)
	}

	// the API
	var devs []DeviceState
	if code := get(t, srv.URL+"/api/devices", &devs); code != 200 || len(devs) != 2 || !devs[0].Running || devs[0].CadenceSPM == nil {
		t.Fatalf("/api/devices %d %+v", code, devs)
	}
	res, err := http.Post(srv.URL+"/api/devices/belt-1/stop", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var stopped struct{ Run *string }
	json.NewDecoder(res.Body).Decode(&stopped)
	res.Body.Close()
	if res.StatusCode != 200 || stopped.Run == nil {
		t.Fatalf("stop: %d %v", res.StatusCode, stopped.Run)
	}
	if res, _ := http.Post(srv.URL+"/api/devices/nope/stop", "", nil); res.StatusCode != 404 {
		t.Errorf("stop of an unknown device: %d", res.StatusCode)
	}
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("belt-1")); v != 1 {
		t.Errorf("runs_total %v", v)
	}
	if v := testutil.ToFloat64(h.m.active.WithLabelValues("belt-1")); v != 0 {
		t.Errorf("run_active after stop %v", v)
	}
	var rec runs.Record
	if code := get(t, srv.URL+"/api/runs/"+*stopped.Run, &rec); code != 200 || rec.Device != "belt-1" || rec.Steps < 105 {
		t.Errorf("/api/runs/{id}: %d %+v", code, rec.Steps)
	}
	if code := get(t, srv.URL+"/api/runs/19990101T000000000Z", nil); code != 404 {
		t.Errorf("missing run: %d", code)
	}

	// shutdown flushes the open run of belt-2
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var recs []runs.Record
	if code := get(t, srv.URL+"/api/runs", &recs); code != 200 || len(recs) != 2 {
		t.Fatalf("/api/runs: %d, %d runs", code, len(recs))
	}
	b, _ := http.Get(srv.URL + "/metrics")
	body, _ := io.ReadAll(b.Body)
	b.Body.Close()
	for _, want := range []string{`gaitd_runs_total{device="belt-2"} 1`, `gaitd_build_info{`, `gaitd_step_ground_contact_seconds_bucket{device="belt-1"`, `gaitd_signal_state{device="belt-1",signal="uneven_load"}`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// A device that stops sending is closed after the idle time of wall-clock
// silence.
func TestHubQuiet(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 20)
	if err := h.Push("d", layout, ss); err != nil {
		t.Fatal(err)
	}
	h.quiet(time.Now().Add(time.Second))
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("d")); v != 0 {
		t.Fatalf("closed after 1 s of silence")
	}
	h.quiet(time.Now().Add(6 * time.Second))
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("d")); v != 1 {
		t.Fatalf("not closed after 6 s of silence")
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("no data dir accepted")
	}
	// a data directory of its own: New creates it (a relative "x" was
	// left in the package's folder)
	dir := filepath.Join(t.TempDir(), "x")
	if _, err := New(Config{DataDir: dir, MaxDevices: -1}); err == nil {
		t.Error("negative MaxDevices accepted")
	}
	if _, err := New(Config{DataDir: dir, Idle: -time.Second}); err == nil {
		t.Error("negative idle accepted")
	}
}

// Batches that arrive out of order and twice (QoS 1 redelivery) are put
// back in time order: the run is the one an in-order stream gives.
func TestHubReorder(t *testing.T) {
	ss, layout := runner(t, 5, 30)
	var batches [][]sensor.Sample
	for k := 0; k < len(ss); k += 10 {
		batches = append(batches, ss[k:min(k+10, len(ss))])
	}
	rng := rand.New(rand.NewPCG(3, 4))
	// shuffle within windows of 20 batches (2 s) and redeliver every 7th
	var mixed [][]sensor.Sample
	dups := 0
	for w := 0; w < len(batches); w += 20 {
		win := append([][]sensor.Sample(nil), batches[w:min(w+20, len(batches))]...)
		rng.Shuffle(len(win), func(i, j int) { win[i], win[j] = win[j], win[i] })
		for i, b := range win {
			mixed = append(mixed, b)
			if i%7 == 0 {
				mixed = append(mixed, b)
				dups += len(b)
			}
		}
	}
	result := func(reorder time.Duration, in [][]sensor.Sample, unordered bool) (runs.Record, float64, float64) {
		h, err := New(Config{DataDir: t.TempDir(), Reorder: reorder, Engine: gait.Config{Placement: gait.Waist},
			Clock: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range in {
			if unordered {
				err = h.PushUnordered("d", layout, b)
			} else {
				err = h.Push("d", layout, b)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.Stop("d"); err != nil { // drains the buffer
			t.Fatal(err)
		}
		recs, err := runs.List(h.cfg.DataDir)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%v %d runs", err, len(recs))
		}
		return recs[0], testutil.ToFloat64(h.m.dups.WithLabelValues("d")), testutil.ToFloat64(h.m.rejected.WithLabelValues("d"))
	}
	want, _, _ := result(0, batches, false)
	got, dup, rej := result(time.Minute, mixed, true)
	if dup != float64(dups) || rej != 0 {
		t.Errorf("duplicates %v (want %d), rejected %v (want 0)", dup, dups, rej)
	}
	if got.Steps != want.Steps || *got.GCTms != *want.GCTms || *got.CadenceSPM != *want.CadenceSPM {
		t.Errorf("reordered run: %d steps, GCT %v, cadence %v; in order: %d, %v, %v", got.Steps, *got.GCTms, *got.CadenceSPM, want.Steps, *want.GCTms, *want.CadenceSPM)
	}
	// without the buffer the same arrival order loses samples
	_, _, rej = result(0, mixed, true)
	if rej == 0 {
		t.Error("no sample refused without the reorder buffer: the test does not test")
	}
}

// A sample without a valid time in an unordered batch is refused and
// counted, not a panic.
func TestHubReorderNaNTime(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Reorder: time.Second, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 2)
	batch := append([]sensor.Sample(nil), ss[:10]...)
	batch[4].T = math.NaN()
	for i := 0; i < 2; i++ {
		if err := h.PushUnordered("d", layout, batch); err != nil {
			t.Fatal(err)
		}
	}
	h.Stop("d")
	if v := testutil.ToFloat64(h.m.rejected.WithLabelValues("d")); v != 2 {
		t.Errorf("rejected %v, want 2", v)
	}
	if v := testutil.ToFloat64(h.m.dups.WithLabelValues("d")); v != 9 {
		t.Errorf("duplicates %v, want 9", v)
	}
}

// The live form signals follow Config.Signals and describe the open run:
// when a run closes, a device's signal gauges read as before its first run
// (unavailable, no value), and the next run is judged afresh.
func TestHubSignals(t *testing.T) {
	ss, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 40, Rate: 100, Gyro: true, Seed: 7, GCTBalance: 48})
	if err != nil {
		t.Fatal(err)
	}
	state := func(h *Hub, sig string) float64 { return testutil.ToFloat64(h.m.sigState.WithLabelValues("d", sig)) }
	value := func(h *Hub, sig string) float64 { return testutil.ToFloat64(h.m.sigValue.WithLabelValues("d", sig)) }
	feed := func(cfg gait.SignalConfig) *Hub {
		h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}, Signals: cfg})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < len(ss); k += 10 {
			if err := h.Push("d", layout, ss[k:min(k+10, len(ss))]); err != nil {
				t.Fatal(err)
			}
		}
		h.refresh()
		return h
	}
	// defaults: |balance − 50| ≈ 2 points is watch (0.7), short of flag (2.2)
	def := feed(gait.SignalConfig{})
	if v := value(def, gait.SignalUnevenLoad); math.Abs(v-2) > 0.5 {
		t.Fatalf("uneven load value %v, want ≈ 2 points", v)
	}
	if s := state(def, gait.SignalUnevenLoad); s != 1 {
		t.Errorf("default bands: uneven load state %v, want 1 (watch)", s)
	}
	// configured bands and hold time: flag
	h := feed(gait.SignalConfig{BalanceWatch: 0.5, BalanceFlag: 1, Sustain: 2})
	if s := state(h, gait.SignalUnevenLoad); s != 2 {
		t.Errorf("configured bands: uneven load state %v, want 2 (flag)", s)
	}
	var devs []DeviceState
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	get(t, srv.URL+"/api/devices", &devs)
	if len(devs) != 1 || len(devs[0].Signals) != 7 {
		t.Fatalf("/api/devices: %+v", devs)
	}
	for _, s := range devs[0].Signals {
		if s.Name == gait.SignalUnevenLoad && (s.State != gait.StateFlag || s.Flag == nil || *s.Flag != 1) {
			t.Errorf("/api/devices: %s %s, flag band %v, want flag at 1", s.Name, s.State, s.Flag)
		}
	}
	// the run closes: the gauges read as for a device with no open run
	if id, err := h.Stop("d"); err != nil || id == "" {
		t.Fatalf("stop: %q %v", id, err)
	}
	for _, s := range devs[0].Signals {
		if st, v := state(h, s.Name), value(h, s.Name); st != -1 || !math.IsNaN(v) {
			t.Errorf("%s after the run: state %v, value %v; want -1 and NaN", s.Name, st, v)
		}
	}
	get(t, srv.URL+"/api/devices", &devs)
	for _, s := range devs[0].Signals {
		if s.State != gait.StateUnavailable || s.Value != nil {
			t.Errorf("/api/devices after the run: %s %s %v", s.Name, s.State, s.Value)
		}
	}
}

// TestHubWriteErrors: a run that cannot be written is counted in
// gaitd_run_write_errors_total, kept as it closed, and written by the
// next stop once the data directory is writable.
func TestHubWriteErrors(t *testing.T) {
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ss, layout := runner(t, 7, 20)
	if err := h.Push("belt-9", layout, ss); err != nil {
		t.Fatal(err)
	}
	// a file where the device's folder should be
	if err := os.WriteFile(filepath.Join(dir, "belt-9"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if id, err := h.Stop("belt-9"); err == nil || id != "" {
		t.Fatalf("stop on a broken data dir: %q %v", id, err)
	}
	c := h.m.writeErrs.WithLabelValues("belt-9")
	if v := testutil.ToFloat64(c); v != 1 {
		t.Errorf("gaitd_run_write_errors_total = %v, want 1", v)
	}
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("belt-9")); v != 0 {
		t.Errorf("gaitd_runs_total = %v before the retry", v)
	}
	os.Remove(filepath.Join(dir, "belt-9"))
	if id, err := h.Stop("belt-9"); err != nil || id == "" {
		t.Fatalf("retry: %q %v", id, err)
	}
	if v := testutil.ToFloat64(c); v != 1 {
		t.Errorf("gaitd_run_write_errors_total = %v after a good write, want 1", v)
	}
	if v := testutil.ToFloat64(h.m.runs.WithLabelValues("belt-9")); v != 1 {
		t.Errorf("gaitd_runs_total = %v after the retry, want 1", v)
	}
}

// TestHubHoles: a short hole in a device's stream is bridged and counted
// in gaitd_bridged_holes_total, a long one in gaitd_gaps_total, and the
// run's record carries both.
func TestHubHoles(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ss, layout := runner(t, 8, 30)
	var in []sensor.Sample
	for _, s := range ss {
		// 0.1 s missing at 10 s (bridged), 1 s missing at 20 s (a gap)
		if s.T >= 10 && s.T < 10.1 || s.T >= 20 && s.T < 21 {
			continue
		}
		in = append(in, s)
	}
	if err := h.Push("belt-3", layout, in); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Stop("belt-3"); err != nil {
		t.Fatal(err)
	}
	if v := testutil.ToFloat64(h.m.bridged.WithLabelValues("belt-3")); v != 1 {
		t.Errorf("gaitd_bridged_holes_total = %v, want 1", v)
	}
	if v := testutil.ToFloat64(h.m.gaps.WithLabelValues("belt-3")); v != 1 {
		t.Errorf("gaitd_gaps_total = %v, want 1", v)
	}
	recs, err := runs.List(h.cfg.DataDir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v %d runs", err, len(recs))
	}
	if r := recs[0].Report; r.Bridged != 1 || r.Gaps != 1 {
		t.Errorf("run record: bridged %d, gaps %d; want 1 and 1", r.Bridged, r.Gaps)
	}
}

// TestHubAddDevice: a configured device is known before its first sample,
// so what its port sends that cannot be decoded is counted under its name
// (not "unknown"), and an unusable data directory is refused at once.
func TestHubAddDevice(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.AddDevice("belt"); err != nil {
		t.Fatal(err)
	}
	h.DecodeError("belt", errors.New("no time base"))
	if v := testutil.ToFloat64(h.m.decodeErrs.WithLabelValues("belt")); v != 1 {
		t.Errorf("decode errors under belt = %v, want 1", v)
	}
	// the live figures are unknown (NaN) until the first steps, as after a
	// run: a 0 balance would read "0 % left"
	for name, g := range map[string]prometheus.Gauge{"cadence": h.m.cadence.WithLabelValues("belt"), "balance": h.m.balance.WithLabelValues("belt"),
		"gct": h.m.gct.WithLabelValues("belt"), "vo": h.m.vo.WithLabelValues("belt")} {
		if v := testutil.ToFloat64(g); !math.IsNaN(v) {
			t.Errorf("%s = %v before any step, want NaN", name, v)
		}
	}
	if err := h.AddDevice("belt 1"); err == nil {
		t.Error("invalid name accepted")
	}
	file := filepath.Join(t.TempDir(), "afile")
	os.WriteFile(file, nil, 0o644)
	if _, err := New(Config{DataDir: filepath.Join(file, "sub"), Engine: gait.Config{Placement: gait.Waist}}); err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Errorf("data directory under a file: %v", err)
	}
}

// TestReorderRelease: a sample that sorts before one whose hold has ended
// goes out with it, though it arrived later (held back it would come after
// it and be refused); later samples wait for their own hold.
func TestReorderRelease(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	var d device
	d.hold([]sensor.Sample{{T: 1.0}, {T: 1.01}}, t0)
	d.hold([]sensor.Sample{{T: 0.9}, {T: 0.91}}, t0.Add(200*time.Millisecond))
	d.hold([]sensor.Sample{{T: 1.1}}, t0.Add(200*time.Millisecond))
	var got []float64
	for _, s := range d.ready(t0.Add(10 * time.Millisecond)) {
		got = append(got, s.T)
	}
	if fmt.Sprint(got) != "[0.9 0.91 1 1.01]" || len(d.ro) != 1 || d.ro[0].s.T != 1.1 {
		t.Errorf("released %v, kept %d", got, len(d.ro))
	}
}

// TestHubLogs: decode errors within 10 s of a logged one are not lost from
// the log — their count and the last one are logged once the 10 s have
// passed or at Close — and a run closed by idle time is logged as written,
// as one written at shutdown is.
func TestHubLogs(t *testing.T) {
	var logs strings.Builder // the hub logs on the calling goroutine: no Run here
	h, err := New(Config{DataDir: t.TempDir(), Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.AddDevice("belt"); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		h.DecodeError("belt", fmt.Errorf("line %d: bad", 10+i))
	}
	if got := logs.String(); strings.Count(got, "bad input") != 1 || !strings.Contains(got, "line 10") {
		t.Fatalf("first error not logged alone:\n%s", got)
	}
	h.quiet(time.Now().Add(11 * time.Second))
	if got := logs.String(); !strings.Contains(got, `msg="bad input not logged yet" device=belt count=3 last="line 13: bad"`) {
		t.Fatalf("suppressed errors not logged after 10 s:\n%s", got)
	}
	h.DecodeError("belt", errors.New("line 20: bad"))
	ss, layout := runner(t, 1, 20)
	if err := h.Push("belt", layout, ss); err != nil {
		t.Fatal(err)
	}
	// the settings it is analysed with are said (a devices: key spelt
	// otherwise left a device on the defaults, in silence)
	if got := logs.String(); !strings.Contains(got, `msg="device started" device=belt placement=waist activity=auto acc_axes=`) {
		t.Errorf("device started without its settings:\n%s", got)
	}
	h.quiet(time.Now().Add(6 * time.Second)) // idle: the run closes
	if got := logs.String(); !strings.Contains(got, `msg="run written" device=belt run=`) {
		t.Fatalf("idle-closed run not logged:\n%s", got)
	}
	if err := h.Push("belt", layout, ss[:500]); err != nil { // clock restart: held, then refused
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if got := logs.String(); !strings.Contains(got, `count=1 last="line 20: bad"`) {
		t.Errorf("suppressed error not logged at Close:\n%s", got)
	}
	if got := logs.String(); strings.Count(got, `msg="run written"`) != 1 {
		t.Errorf("a run logged twice:\n%s", got)
	}
}

// One-sample MQTT messages through the reorder buffer, one of them with a
// time 0.3 s or 80 ms ahead (a real sample's time, or between two), or
// 60 s: it is refused and counted, and the run is the stream's without it.
// Sorted in, it went to the engine after the samples that came within the
// hold, which were refused with the ones after it, or it took a later real
// sample's place, which was dropped as a duplicate (a black-box round).
func TestHubReorderOneAhead(t *testing.T) {
	ss, layout := runner(t, 6, 20)
	result := func(in []sensor.Sample, hold time.Duration) (runs.Record, float64, float64) {
		h, err := New(Config{DataDir: t.TempDir(), Reorder: hold, Engine: gait.Config{Placement: gait.Waist},
			Clock: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		for i := range in {
			if i == 900 {
				// the hold ends for the first 9 s (the run is open):
				// the rest comes within it
				time.Sleep(2 * hold)
			}
			if err := h.PushUnordered("d", layout, in[i:i+1]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.Stop("d"); err != nil {
			t.Fatal(err)
		}
		recs, err := runs.List(h.cfg.DataDir)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%v %d runs", err, len(recs))
		}
		st := recs[0]
		return st, testutil.ToFloat64(h.m.dups.WithLabelValues("d")), float64(st.Rejected)
	}
	const hold = 500 * time.Millisecond
	want, _, _ := result(ss, hold)
	for _, ahead := range []float64{0.3, 0.08, 0.305, 60} {
		in := slices.Clone(ss[:1000])
		bad := ss[1000]
		bad.T += ahead
		in = append(in, bad)
		in = append(in, ss[1000:]...)
		got, dup, rej := result(in, hold)
		if dup != 0 || rej != 1 || got.Steps != want.Steps || *got.GCTms != *want.GCTms || *got.CadenceSPM != *want.CadenceSPM {
			t.Errorf("+%v s: %v duplicates, %v rejected, %d steps, GCT %v, cadence %v; want 0, 1, %d, %v, %v",
				ahead, dup, rej, got.Steps, *got.GCTms, *got.CadenceSPM, want.Steps, *want.GCTms, *want.CadenceSPM)
		}
	}
}

// A device that sends fewer samples than the rate estimate needs (and no
// rate) has them refused and counted at shutdown, not lost unsaid.
func TestHubTooFewSamplesCounted(t *testing.T) {
	h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 2, 1)
	layout.Rate = 0
	if err := h.Push("d", layout, ss[:30]); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if v := testutil.ToFloat64(h.m.rejected.WithLabelValues("d")); v != 30 {
		t.Errorf("gaitd_rejected_samples_total = %v, want 30", v)
	}
}

// TestHubRefusedSamplesLogged: samples the engine refuses (here NaN
// accelerations) are said in the log with the device and their count, not
// only counted (an audit: 593 refused with no line), one line a minute at
// most, and what is left when the run ends.
func TestHubRefusedSamplesLogged(t *testing.T) {
	var logs strings.Builder // the hub logs on the calling goroutine: no Run here
	h, err := New(Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := runner(t, 1, 20)
	for i := 500; i < 520; i++ {
		ss[i].Acc[0] = math.NaN()
	}
	for i := 800; i < 805; i++ {
		ss[i].Acc[1] = math.Inf(1)
	}
	for _, part := range [][]sensor.Sample{ss[:700], ss[700:]} {
		if err := h.Push("belt", layout, part); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if v := testutil.ToFloat64(h.m.rejected.WithLabelValues("belt")); v != 25 {
		t.Errorf("rejected %v, want 25", v)
	}
	// the first 20 said at once, the 5 within the minute when the run ends
	got := logs.String()
	if n := strings.Count(got, "samples refused by the analysis"); n != 2 || !strings.Contains(got, "device=belt samples=20") || !strings.Contains(got, "device=belt samples=5") {
		t.Errorf("%d lines about refused samples, want 2 naming the device and 20, then 5:\n%s", n, got)
	}
}

// TestHubWriteErrorLoggedOnce: a run that cannot be written when the
// reordered samples that close it are released by the hub's own tick
// (refresh: an MQTT or HTTP-push device) is one ERROR line, as the
// failure is one in gaitd_run_write_errors_total. drain logged the error
// ingest had logged already: two identical lines for each such failure.
func TestHubWriteErrorLoggedOnce(t *testing.T) {
	var logs strings.Builder // no Run: the hub logs on this goroutine
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist}, Reorder: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// (the run closes 5 s after its last contact: one write)
	ss, layout := twoBouts(t)
	// a file where the device's folder should be: the write fails
	if err := os.WriteFile(filepath.Join(dir, "belt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.PushUnordered("belt", layout, ss); err != nil {
		t.Fatal(err) // (held for reordering: nothing analysed yet)
	}
	time.Sleep(100 * time.Millisecond)
	h.refresh() // the samples waited the reorder time: released, analysed
	fails := testutil.ToFloat64(h.m.writeErrs.WithLabelValues("belt"))
	if n := strings.Count(logs.String(), `msg="writing run"`); fails != 1 || n != 1 {
		t.Errorf("%v write failures, %d ERROR lines; want 1 and 1:\n%s", fails, n, logs.String())
	}
}

// twoBouts is 20 s of running, 8 s standing, 20 s of running.
func twoBouts(t *testing.T) ([]sensor.Sample, sensor.Layout) {
	a, layout := runner(t, 1, 20)
	b, _ := runner(t, 2, 20)
	ss := slices.Clone(a)
	t0 := a[len(a)-1].T
	for i := 1; i <= 800; i++ {
		ss = append(ss, sensor.Sample{T: t0 + float64(i)/100, Acc: [3]float64{sensor.G0, 0, 0}})
	}
	t0 = ss[len(ss)-1].T + 0.01
	for _, s := range b {
		s.T += t0
		ss = append(ss, s)
	}
	return ss, layout
}

// TestHubCloseLogsEveryRun: every run written at shutdown is logged with
// its id. The samples a device's reorder buffer still holds (a backlog
// that came as serve stopped) are analysed at Close and can end a run by
// idle time before the last one is written: Close logged only the last
// run End wrote, and the idle-closed one was written without a line
// (update leaves the runs of a Close to Close).
func TestHubCloseLogsEveryRun(t *testing.T) {
	var logs strings.Builder
	dir := t.TempDir()
	h, err := New(Config{DataDir: dir, Idle: 5 * time.Second, Engine: gait.Config{Placement: gait.Waist}, Reorder: time.Minute,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := twoBouts(t)
	if err := h.PushUnordered("belt", layout, ss); err != nil {
		t.Fatal(err) // (held for reordering: nothing analysed yet)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := runs.List(dir)
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d runs written (%v), want 2", len(recs), err)
	}
	for _, rec := range recs {
		if !strings.Contains(logs.String(), "device=belt run="+rec.ID+"\n") {
			t.Errorf("run %s written at shutdown, not logged:\n%s", rec.ID, logs.String())
		}
	}
}
