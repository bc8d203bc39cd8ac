package phyphox_test

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// collector gathers what Run delivers.
type collector struct {
	mu       sync.Mutex
	ss       []sensor.Sample
	sessions int
	errs     []error
}

func (c *collector) out(ss []sensor.Sample) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ss = append(c.ss, ss...)
}
func (c *collector) session() { c.mu.Lock(); c.sessions++; c.mu.Unlock() }
func (c *collector) bad(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, err)
}
func (c *collector) snapshot() ([]sensor.Sample, int, []error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]sensor.Sample(nil), c.ss...), c.sessions, append([]error(nil), c.errs...)
}

// run starts a Source on url until the test ends (or stop).
func run(t *testing.T, cfg phyphox.Config) (*phyphox.Source, *collector, func()) {
	t.Helper()
	if cfg.Interval == 0 {
		cfg.Interval = 5 * time.Millisecond
	}
	src, err := phyphox.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &collector{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, c.out, c.session, c.bad) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("Run did not return within 5 s")
			}
		})
	}
	t.Cleanup(stop)
	return src, c, stop
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// sample i of a 100 Hz stream from t0: distinct values, sample 37 with a
// NaN x (sent as null).
func add(p *phyphoxtest.Phone, t0 float64, from, to int) {
	for i := from; i < to; i++ {
		x := float64(i) * 0.01
		if i == 37 {
			x = math.NaN()
		}
		p.Add(t0+float64(i)/100, x, -float64(i), 9.81)
	}
}

// TestRunReadsEverySample: an experiment younger than phyphox.Young is read
// from its start; samples the phone adds while it is polled all arrive
// once, in order, a null value as NaN.
func TestRunReadsEverySample(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 500) // 5 s recorded before gaitd polls
	src, c, stop := run(t, phyphox.Config{URL: p.URL})
	for k := 500; k < 2000; k += 20 { // about 10× real time
		add(p, 0, k, k+20)
		time.Sleep(2 * time.Millisecond)
	}
	waitFor(t, "2000 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 2000 })
	stop()
	ss, sessions, errs := c.snapshot()
	if len(ss) != 2000 || sessions != 0 || len(errs) != 0 {
		t.Fatalf("%d samples, %d new sessions, errors %v", len(ss), sessions, errs)
	}
	for i, s := range ss {
		want := sensor.Sample{T: float64(i) / 100, Acc: [3]float64{float64(i) * 0.01, -float64(i), 9.81}}
		if i == 37 {
			if !math.IsNaN(s.Acc[0]) || s.Acc[1] != -37 {
				t.Errorf("sample 37 (null x): %+v", s)
			}
			continue
		}
		if s != want {
			t.Fatalf("sample %d: %+v, want %+v", i, s, want)
		}
	}
	if st := src.Stats(); !st.Connected || st.Samples != 2000 || st.Errors != 0 || st.Sessions != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TestRunOldExperiment: an experiment older than phyphox.Young is read from
// its last value on (its buffers are not fetched whole).
func TestRunOldExperiment(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 4000) // 40 s
	_, c, stop := run(t, phyphox.Config{URL: p.URL})
	time.Sleep(50 * time.Millisecond)
	add(p, 0, 4000, 4100)
	waitFor(t, "100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 100 })
	stop()
	ss, _, _ := c.snapshot()
	if len(ss) != 100 || ss[0].T != 40 || ss[99].T != 40.99 {
		t.Errorf("%d samples from %v to %v, want 100 from 40 to 40.99", len(ss), ss[0].T, ss[len(ss)-1].T)
	}
}

// TestRunNewExperiment: another experiment (a new session id) and one
// cleared in the app (same session, its time back to 0) are each said
// through newSession and read from their start.
func TestRunNewExperiment(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 300)
	_, c, stop := run(t, phyphox.Config{URL: p.URL})
	waitFor(t, "the first experiment", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 300 })
	p.NewSession("s2")
	add(p, 0, 0, 200)
	waitFor(t, "the second experiment", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 500 })
	p.Clear()
	time.Sleep(30 * time.Millisecond)
	add(p, 0, 0, 100)
	waitFor(t, "the cleared one", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 600 })
	stop()
	ss, sessions, errs := c.snapshot()
	if sessions != 2 || len(errs) != 0 || ss[300].T != 0 || ss[500].T != 0 || ss[599].T != 0.99 {
		t.Errorf("%d new sessions, errors %v, times %v %v %v", sessions, errs, ss[300].T, ss[500].T, ss[599].T)
	}
}

// TestRunErrors: a phone that does not answer, and an experiment without
// the buffers asked for, are said (with the buffers it has) and counted.
func TestRunErrors(t *testing.T) {
	p := phyphoxtest.New(t, [4]string{"lin_time", "linX", "linY", "linZ"})
	add(p, 0, 0, 10)
	src, c, stop := run(t, phyphox.Config{URL: p.URL})
	waitFor(t, "an error", func() bool { _, _, errs := c.snapshot(); return len(errs) > 0 })
	stop()
	_, _, errs := c.snapshot()
	// the reply holds none of the buffers asked for: the list is /config's
	if want := `phyphox: reply not understood: the experiment has no buffer "acc_time" (time; its buffers: linX, linY, linZ, lin_time)`; !strings.Contains(errs[0].Error(), want) {
		t.Errorf("error %v, want %q", errs[0], want)
	}
	if len(errs) > 1 && p.Configs != 1 {
		t.Errorf("/config asked %d times for %d errors of one experiment, want once", p.Configs, len(errs))
	}
	if st := src.Stats(); st.Connected || st.Errors == 0 || !strings.Contains(st.LastError, "acc_time") {
		t.Errorf("stats %+v", st)
	}

	// a phone whose /config cannot be read: the error says so, and does
	// not say it has no buffers
	q := phyphoxtest.New(t, [4]string{"lin_time", "linX", "linY", "linZ"}).WithoutConfig()
	_, c, stop = run(t, phyphox.Config{URL: q.URL})
	waitFor(t, "two errors", func() bool { _, _, errs := c.snapshot(); return len(errs) > 1 })
	stop()
	_, _, errs = c.snapshot()
	if want := `phyphox: reply not understood: the experiment has no buffer "acc_time" (time; it has none of the buffers asked for; its list (/config) could not be read)`; !strings.Contains(errs[0].Error(), want) {
		t.Errorf("without /config: error %v, want %q", errs[0], want)
	}
	// asked once for the experiment, as a list that was read: not again
	// with every poll's error (a phone slow to answer it waited Timeout
	// more each time)
	if q.Configs != 1 {
		t.Errorf("without /config: /config asked %d times for %d errors of one experiment, want once", q.Configs, len(errs))
	}

	// the same phone read through its own buffer names
	_, c, stop = run(t, phyphox.Config{URL: p.URL, Buffers: [4]string{"lin_time", "linX", "linY", "linZ"}})
	waitFor(t, "10 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 10 })
	stop()

	// a phone that does not answer is no bad reply: in the stats
	src, c, stop = run(t, phyphox.Config{URL: "http://127.0.0.1:1", Timeout: time.Second})
	waitFor(t, "a failed poll", func() bool { return src.Stats().Errors > 0 })
	stop()
	if _, _, errs := c.snapshot(); len(errs) != 0 || src.Stats().Connected || !strings.Contains(src.Stats().LastError, "phyphox: ") {
		t.Errorf("phone down: errors %v, stats %+v", errs, src.Stats())
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		cfg  phyphox.Config
		want string
	}{
		{phyphox.Config{URL: "192.168.1.20:8080"}, `phyphox: URL "192.168.1.20:8080": want the address the app shows, such as http://192.168.1.20:8080`},
		{phyphox.Config{URL: "http://phone", Buffers: [4]string{"t", "x", "y", "a=b"}}, `phyphox: Buffers[3] "a=b": want a buffer name of the experiment, such as accZ`},
		{phyphox.Config{URL: "http://phone:8080"}, ""},
		{phyphox.Config{URL: "http://phone:8080", Gyro: phyphox.DefaultGyro}, ""},
		{phyphox.Config{URL: "http://phone", Gyro: [4]string{"gyr_time", "gyrX", "", "gyrZ"}}, `phyphox: Gyro[2] "": want a buffer name of the experiment, such as gyrY`},
		{phyphox.Config{URL: "http://phone", Gyro: [4]string{"acc_time", "gyrX", "gyrY", "gyrZ"}}, `phyphox: Gyro[0] "acc_time": Buffers[0]'s name too: the gyroscope's buffers are its own, such as gyr_time,gyrX,gyrY,gyrZ`},
		{phyphox.Config{URL: "http://phone", Gyro: [4]string{"gyr_time", "gyrX", "gyrX", "gyrZ"}}, `phyphox: Gyro[2] "gyrX": Gyro[1]'s name too: the gyroscope's buffers are its own, such as gyr_time,gyrX,gyrY,gyrZ`},
	} {
		err := tc.cfg.Validate()
		if (err == nil) != (tc.want == "") || (err != nil && err.Error() != tc.want) {
			t.Errorf("%+v: %v, want %q", tc.cfg, err, tc.want)
		}
	}
}

// TestRunBacklogTooLarge: a phone out of reach for long while it kept
// measuring has more samples since the last read than a reply may hold
// (MaxBody): they are skipped, with a warning, and the samples from then
// on are read (it retried the same poll for ever, reading nothing again).
func TestRunBacklogTooLarge(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 100)
	src, c, stop := run(t, phyphox.Config{URL: p.URL, MaxBody: 16 << 10})
	waitFor(t, "the first second", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	p.SetDown(true)
	add(p, 0, 100, 3100) // 30 s while out of reach: about 100 KB of reply
	waitFor(t, "a failed poll", func() bool { return src.Stats().Errors > 0 })
	p.SetDown(false)
	waitFor(t, "a reply too large", func() bool { return strings.Contains(src.Stats().LastError, "over 16384 bytes") })
	// the phone measures on: what it gains after the backlog is read
	for k, deadline := 3100, time.Now().Add(10*time.Second); ; k += 10 {
		add(p, 0, k, k+10)
		if ss, _, _ := c.snapshot(); len(ss) > 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing read after the backlog; stats %+v", src.Stats())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	ss, sessions, errs := c.snapshot()
	if sessions != 0 || len(errs) != 0 {
		t.Errorf("%d new sessions, errors %v", sessions, errs)
	}
	for i := 1; i < len(ss); i++ {
		if !(ss[i].T > ss[i-1].T) {
			t.Fatalf("sample %d at %v after %v", i, ss[i].T, ss[i-1].T)
		}
	}
}

// TestRunBacklogTooSlow: a backlog the phone cannot send within Timeout,
// twice while it answers the small locate poll before each, is skipped
// too.
func TestRunBacklogTooSlow(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	// a slow link: a reply over 16 KB takes longer than the timeout
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(p.URL + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(body) > 16<<10 {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(resp.StatusCode)
		w.Write(body)
	}))
	t.Cleanup(slow.Close)
	add(p, 0, 0, 100)
	src, c, stop := run(t, phyphox.Config{URL: slow.URL, Timeout: 200 * time.Millisecond})
	waitFor(t, "the first second", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	p.SetDown(true)
	add(p, 0, 100, 3100)
	waitFor(t, "a failed poll", func() bool { return src.Stats().Errors > 0 })
	p.SetDown(false)
	for k, deadline := 3100, time.Now().Add(15*time.Second); ; k += 10 {
		add(p, 0, k, k+10)
		if ss, _, _ := c.snapshot(); len(ss) > 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing read after the backlog; stats %+v", src.Stats())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	ss, sessions, _ := c.snapshot()
	for i := 1; i < len(ss); i++ {
		if !(ss[i].T > ss[i-1].T) {
			t.Fatalf("sample %d at %v after %v", i, ss[i].T, ss[i-1].T)
		}
	}
	if sessions != 0 {
		t.Errorf("%d new sessions", sessions)
	}
}

// TestRunClearedWhileOutOfReach: an experiment cleared in the app while
// the phone was out of reach, and measuring again for longer than the
// time read before, is still found and read from its start (its times
// were over the last one read: the poll took them as more of the same
// experiment, the new one's first seconds lost and no new session said).
func TestRunClearedWhileOutOfReach(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 300)
	src, c, stop := run(t, phyphox.Config{URL: p.URL})
	waitFor(t, "the first 3 s", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 300 })
	p.SetDown(true)
	waitFor(t, "a failed poll", func() bool { return src.Stats().Errors > 0 })
	p.Clear()
	add(p, 0.0042, 0, 800) // 8 s measured again (a sensor's times: not those of before)
	p.SetDown(false)
	waitFor(t, "the new experiment", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 1100 })
	time.Sleep(50 * time.Millisecond)
	stop()
	ss, sessions, _ := c.snapshot()
	if len(ss) != 1100 || sessions != 1 || ss[300].T != 0.0042 || ss[1099].T != 0.0042+7.99 {
		t.Errorf("%d samples, %d new sessions, the new experiment from %v", len(ss), sessions, ss[300].T)
	}
}

// TestRunPaused: a paused experiment (status.measuring false) is asked
// about once a second, not every Interval; what it gains once resumed is
// read whole.
func TestRunPaused(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(p, 0, 0, 100)
	p.SetMeasuring(false)
	_, c, stop := run(t, phyphox.Config{URL: p.URL, Interval: 5 * time.Millisecond})
	waitFor(t, "the first 100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	n0 := p.GetCount()
	time.Sleep(1500 * time.Millisecond)
	if n := p.GetCount() - n0; n > 3 {
		t.Errorf("%d polls in 1.5 s of a paused experiment, want at most 3", n)
	}
	p.SetMeasuring(true)
	add(p, 0, 100, 300)
	waitFor(t, "300 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 300 })
	n1 := p.GetCount()
	time.Sleep(200 * time.Millisecond)
	if n := p.GetCount() - n1; n < 10 {
		t.Errorf("%d polls in 0.2 s of a measuring experiment at 5 ms", n)
	}
	stop()
}

// addGyro adds gyroscope readings i of a 200 Hz stream from t0-0.0025
// (between the accelerometer's ticks) whose rates are linear in time
// (x = t, y = -2t, z = 0.5): interpolated at an accelerometer sample's
// time they are exact.
func addGyro(p *phyphoxtest.Phone, t0 float64, from, to int) {
	for i := from; i < to; i++ {
		t := t0 - 0.0025 + float64(i)/200
		p.AddGyro(t, t, -2*t, 0.5)
	}
}

// gyroAt is what addGyro's rates are at t.
func gyroAt(t float64) [3]float64 { return [3]float64{t, -2 * t, 0.5} }

func checkGyro(t *testing.T, ss []sensor.Sample) {
	t.Helper()
	for i, s := range ss {
		w := gyroAt(s.T)
		for k := range w {
			if math.Abs(s.Gyr[k]-w[k]) > 1e-9 {
				t.Fatalf("sample %d at %v s: rates %v, want %v", i, s.T, s.Gyr, w)
			}
		}
	}
}

// TestRunGyro: with Config.Gyro, the gyroscope's buffers (their own
// times, 200 Hz against the accelerometer's 100 Hz, and ahead of it or
// behind it as the phone fills them) are read with the acceleration: every
// sample comes once, in order, with the rate at its time.
func TestRunGyro(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 500)
	addGyro(p, 0, 0, 1000)
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	if src.Layout() != phyphox.LayoutGyro {
		t.Errorf("layout %+v", src.Layout())
	}
	// (in chunks of 50 ms, less than the 100 ms a sample waits for a
	// rate: a phone fills both buffers as it goes)
	for k := 500; k < 2000; k += 5 {
		// the gyroscope's buffers behind, then ahead
		if k%200 < 100 {
			add(p, 0, k, k+5)
			time.Sleep(time.Millisecond)
			addGyro(p, 0, 2*k, 2*k+10)
		} else {
			addGyro(p, 0, 2*k, 2*k+10)
			time.Sleep(time.Millisecond)
			add(p, 0, k, k+5)
		}
	}
	waitFor(t, "2000 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 2000 })
	stop()
	ss, sessions, errs := c.snapshot()
	if len(ss) != 2000 || sessions != 0 || len(errs) != 0 {
		t.Fatalf("%d samples, %d new sessions, errors %v", len(ss), sessions, errs)
	}
	for i, s := range ss {
		if s.T != float64(i)/100 || s.Acc[1] != -float64(i) {
			t.Fatalf("sample %d: %+v", i, s)
		}
	}
	checkGyro(t, ss)
	if st := src.Stats(); st.Samples != 2000 || st.GyroHeld != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestRunGyroOldExperiment: an experiment older than phyphox.Young is read
// from the last values on, the gyroscope's from its own last value; a new
// experiment is read from its start with the rates of its own.
func TestRunGyroOldExperiment(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 4000)
	addGyro(p, 0, 0, 7990) // to 39.9425 s: the accelerometer's last ones wait
	_, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	time.Sleep(50 * time.Millisecond)
	add(p, 0, 4000, 4100)
	addGyro(p, 0, 7990, 8210)
	waitFor(t, "100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 100 })
	p.NewSession("s2")
	add(p, 0, 0, 50)
	addGyro(p, 0, 0, 100)
	waitFor(t, "the new experiment's 50", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 150 })
	stop()
	ss, sessions, errs := c.snapshot()
	if len(ss) != 150 || sessions != 1 || len(errs) != 0 || ss[0].T != 40 || ss[99].T != 40.99 || ss[100].T != 0 || ss[149].T != 0.49 {
		t.Fatalf("%d samples (%d new sessions, errors %v), times %v…%v, %v…%v", len(ss), sessions, errs, ss[0].T, ss[min(99, len(ss)-1)].T, ss[min(100, len(ss)-1)].T, ss[len(ss)-1].T)
	}
	checkGyro(t, ss)
}

// TestRunGyroPausedAndMissing: a paused experiment's last samples, for
// which no later gyroscope reading comes until it measures again, are
// given with the last rate held (counted); an experiment without the
// gyroscope buffers is said, with those it has.
func TestRunGyroPausedAndMissing(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 100)     // to 0.99 s
	addGyro(p, 0, 0, 197) // to 0.9775 s
	p.SetMeasuring(false)
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	stop()
	ss, _, _ := c.snapshot()
	checkGyro(t, ss[:98])
	if w := gyroAt(0.9775); ss[98].Gyr != w || ss[99].Gyr != w {
		t.Errorf("last two: rates %v %v, want the last held %v", ss[98].Gyr, ss[99].Gyr, w)
	}
	if st := src.Stats(); st.GyroHeld != 2 {
		t.Errorf("stats %+v, want 2 held", st)
	}

	q := phyphoxtest.New(t, phyphox.DefaultBuffers)
	add(q, 0, 0, 10)
	src, c, stop = run(t, phyphox.Config{URL: q.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "an error", func() bool { _, _, errs := c.snapshot(); return len(errs) > 0 })
	stop()
	_, _, errs := c.snapshot()
	if want := `phyphox: reply not understood: the experiment has no buffer "gyr_time" (gyroscope time; its buffers: accX, accY, accZ, acc_time): run an experiment that records the gyroscope too, or name its buffers`; errs[0].Error() != want {
		t.Errorf("error %v, want %q", errs[0], want)
	}
	if ss, _, _ := c.snapshot(); len(ss) != 0 || src.Stats().Connected {
		t.Errorf("%d samples without the gyroscope; stats %+v", len(ss), src.Stats())
	}

	// without /config, the buffers asked for that the reply holds
	r := phyphoxtest.New(t, phyphox.DefaultBuffers).WithoutConfig()
	add(r, 0, 0, 10)
	_, c, stop = run(t, phyphox.Config{URL: r.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "an error", func() bool { _, _, errs := c.snapshot(); return len(errs) > 0 })
	stop()
	_, _, errs = c.snapshot()
	if want := `(gyroscope time; of the buffers asked for it has accX, accY, accZ, acc_time; its list (/config) could not be read)`; !strings.Contains(errs[0].Error(), want) {
		t.Errorf("without /config: error %v, want %q", errs[0], want)
	}
}

// TestRunGyroSwitchedToNone: when the phone switches to an experiment
// without the gyroscope's buffers, the samples that waited for a
// gyroscope reading are given (the last rate held), not kept until
// serve stops.
func TestRunGyroSwitchedToNone(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 100)     // to 0.99 s
	addGyro(p, 0, 0, 197) // to 0.9775 s: the last two wait
	src, c, _ := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "98 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 98 })
	p.NewSession("s2")
	p.WithGyro([4]string{})
	add(p, 0, 0, 10)
	waitFor(t, "the two that waited", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 100 })
	if st := src.Stats(); st.GyroHeld != 2 || st.Errors == 0 {
		t.Errorf("stats %+v, want 2 held and the missing buffers counted", st)
	}
}

// TestRunGyroOldExperimentAhead: an experiment older than phyphox.Young
// whose gyroscope buffers are ahead of the accelerometer's when it is
// found: the gyroscope readings after the acceleration's last time (before
// the gyroscope's last one) are read too, so the samples after it take the
// rate at their time (they took the rate of the reading after the
// gyroscope's last one: the readings between were never asked for).
func TestRunGyroOldExperimentAhead(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 4000)     // to 39.99 s
	addGyro(p, 0, 0, 8040) // to 40.1975 s: ahead
	_, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	time.Sleep(50 * time.Millisecond)
	add(p, 0, 4000, 4100)
	addGyro(p, 0, 8040, 8210)
	waitFor(t, "100 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 100 })
	stop()
	ss, _, _ := c.snapshot()
	if len(ss) != 100 || ss[0].T != 40 || ss[99].T != 40.99 {
		t.Fatalf("%d samples from %v to %v, want 100 from 40 to 40.99", len(ss), ss[0].T, ss[len(ss)-1].T)
	}
	checkGyro(t, ss)
}

// TestRunGyroStopFlushes: the samples waiting for a gyroscope reading
// when Run stops are given with the last rate held, as SensorServer's are
// when its connection closes (they were lost).
func TestRunGyroStopFlushes(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	add(p, 0, 0, 100)     // to 0.99 s
	addGyro(p, 0, 0, 197) // to 0.9775 s: the last two wait (measuring)
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "98 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 98 })
	time.Sleep(30 * time.Millisecond)
	stop()
	ss, _, _ := c.snapshot()
	if len(ss) != 100 || ss[99].T != 0.99 {
		t.Fatalf("%d samples after Run stopped, want 100", len(ss))
	}
	checkGyro(t, ss[:98])
	if w := gyroAt(0.9775); ss[98].Gyr != w || ss[99].Gyr != w {
		t.Errorf("last two: rates %v %v, want the last held %v", ss[98].Gyr, ss[99].Gyr, w)
	}
	if st := src.Stats(); st.GyroHeld != 2 || st.Samples != 100 {
		t.Errorf("stats %+v, want 100 samples, 2 held", st)
	}
}

// TestRunPauseIsAGap: phyphox's experiment time stands still while the
// experiment is paused (its time buffer goes on from the pause's last
// value when it measures again), so the samples after a pause came on
// the clock right after those before it: a walker's stop spliced into
// one stride, no gap for the engine to see. The samples after a pause of
// 2 s of wall time come 2 s on. A 100 Hz experiment filled in real time.
func TestRunPauseIsAGap(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers)
	feed := func(from, to int) { // sample i at experiment time i/100, in real time
		start := time.Now()
		for i := from; i < to; {
			for n := from + int(time.Since(start)/(10*time.Millisecond)); i < min(n, to); i++ {
				p.Add(float64(i)/100, 0, 0, 9.81)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Interval: 20 * time.Millisecond})
	feed(0, 150)
	p.SetMeasuring(false)
	waitFor(t, "150 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 150 })
	time.Sleep(2 * time.Second)
	p.SetMeasuring(true)
	feed(150, 300)
	waitFor(t, "300 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) == 300 })
	stop()
	ss, sessions, _ := c.snapshot()
	for i, s := range ss {
		if i > 0 && !(s.T > ss[i-1].T) {
			t.Fatalf("sample %d at %v after %v", i, s.T, ss[i-1].T)
		}
	}
	if gap := ss[150].T - ss[149].T; gap < 1.7 || gap > 2.5 || ss[149].T != 1.49 || sessions != 0 {
		t.Errorf("samples after the pause %.3f s after those before it (want about 2 s), the last before at %v, %d new sessions", gap, ss[149].T, sessions)
	}
	if d := ss[299].T - ss[150].T; math.Abs(d-1.49) > 1e-9 {
		t.Errorf("the samples after the pause span %v s, want 1.49", d)
	}
	if st := src.Stats(); st.Pauses != 1 {
		t.Errorf("stats %+v, want 1 pause", st)
	}
}
