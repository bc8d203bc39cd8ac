package gait_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

var running = sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.05, 0.15, 0.4}, Seed: 11}

func TestPushDoesNotAllocate(t *testing.T) {
	ss, layout, _ := simulate(t, running)
	e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]gait.Contact, 0, 8)
	i := 0
	// warm up past the first contacts, then count
	for ; i < 1000; i++ {
		dst = e.Push(dst[:0], ss[i])
	}
	allocs := testing.AllocsPerRun(4000, func() {
		dst = e.Push(dst[:0], ss[i%len(ss)])
		i++
	})
	if allocs != 0 {
		t.Fatalf("Push allocates %.3f times per sample", allocs)
	}
}

// TestLatency checks that every contact is emitted at most one stride after
// its initial contact (the engine serves live streams).
func TestLatency(t *testing.T) {
	for _, cfg := range []sim.Config{
		running,
		{Activity: sim.Walking, Placement: sim.Waist, Duration: 60, Rate: 100, Gyro: true, Seed: 12},
		{Activity: sim.Running, Placement: sim.Shank, Duration: 60, Rate: 143, Gyro: true, Seed: 13},
		{Activity: sim.Walking, Placement: sim.Shank, Duration: 60, Rate: 143, Seed: 14},
		{Activity: sim.Running, Placement: sim.Shank, Duration: 60, Rate: 143, ClipG: 8, Seed: 15},
	} {
		ss, layout, _ := simulate(t, cfg)
		p := gait.Waist
		if cfg.Placement == sim.Shank {
			p = gait.Shank
		}
		e, err := gait.New(gait.Config{Placement: p}, layout)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		var out []gait.Contact
		for _, s := range ss {
			out = e.Push(out[:0], s)
			for _, c := range out {
				// a stride of this runner: twice the median step so far
				if stride := 2 * c.Step; !math.IsNaN(stride) {
					worst = math.Max(worst, (s.T-c.IC)/stride)
				}
			}
		}
		t.Logf("%v %v: worst latency %.2f strides", cfg.Placement, cfg.Activity, worst)
		if worst > 1 {
			t.Errorf("%v %v: a contact was emitted %.2f strides after it happened", cfg.Placement, cfg.Activity, worst)
		}
	}
}

func TestGapsResetWithoutInventingSteps(t *testing.T) {
	cfg := running
	cfg.Dropouts = []sim.Gap{{Start: 20, Dur: 3}, {Start: 40, Dur: 0.1}}
	cfg.Jitter = 0.002
	ss, layout, truth := simulate(t, cfg)
	cs, st := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	if st.Gaps != 1 {
		t.Errorf("gaps %d, want 1 (the 0.1 s hole is bridged)", st.Gaps)
	}
	for _, c := range cs {
		if c.IC > 20 && c.IC < 23 {
			t.Errorf("contact invented inside the 3 s gap at %.2f s", c.IC)
		}
		if c.IC < 20 && !math.IsNaN(c.Step) && c.IC+c.Step > 20 {
			t.Errorf("step of contact %.2f s bridges the gap", c.IC)
		}
	}
	var kept []eval.Truth
	for _, tr := range truth {
		if tr.IC < 20 || tr.IC > 23.5 {
			kept = append(kept, tr)
		}
	}
	s := eval.Match(cs, kept, eval.Options{})
	t.Logf("F1 %.3f TP %d FP %d FN %d", s.F1(), s.TP, s.FP, s.FN)
	if s.F1() < 0.98 {
		t.Errorf("F1 %.3f around gaps, want ≥ 0.98", s.F1())
	}
}

func TestShortTrialFindsFirstStep(t *testing.T) {
	cfg := running
	cfg.Duration = 5
	ss, layout, truth := simulate(t, cfg)
	cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	if len(cs) == 0 {
		t.Fatal("no contacts in a 5 s trial")
	}
	// the first contact whose stance lies wholly in the recording is found
	var first eval.Truth
	for _, tr := range truth {
		if tr.IC > 0.02 {
			first = tr
			break
		}
	}
	if math.Abs(cs[0].IC-first.IC) > 0.03 {
		t.Errorf("first contact at %.3f s, want %.3f", cs[0].IC, first.IC)
	}
	s := eval.Match(cs, truth, eval.Options{})
	if s.F1() < 0.97 {
		t.Errorf("F1 %.3f on a 5 s trial", s.F1())
	}
}

func TestStandingIsNotGait(t *testing.T) {
	cfg := running
	cfg.Standing = 20
	cfg.Duration = 30
	ss, layout, _ := simulate(t, cfg)
	cs, _ := detect(t, gait.Config{Placement: gait.Waist}, layout, ss)
	for _, c := range cs {
		if c.IC < 19.9 {
			t.Fatalf("contact at %.2f s while standing still", c.IC)
		}
	}
}

// TestMemoryFlat runs three hours of samples through one engine: its heap
// must not grow with the recording.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("long: three hours of samples (run without -race and -short)")
	}
	cfg := running
	cfg.Duration = 3 * 3600
	st, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := gait.New(gait.Config{Placement: gait.Waist}, st.Layout())
	if err != nil {
		t.Fatal(err)
	}
	var s sensor.Sample
	dst := make([]gait.Contact, 0, 8)
	var ms runtime.MemStats
	var after10min uint64
	n, contacts := 0, 0
	for st.Read(&s) == nil {
		dst = e.Push(dst[:0], s)
		contacts += len(dst)
		n++
		if n == 60000 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			after10min = ms.HeapAlloc
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("%d samples, %d contacts, heap %d kB after 10 min, %d kB after 3 h", n, contacts, after10min>>10, ms.HeapAlloc>>10)
	if ms.HeapAlloc > after10min+256<<10 {
		t.Errorf("heap grew from %d to %d bytes", after10min, ms.HeapAlloc)
	}
	if contacts < 30000 {
		t.Errorf("only %d contacts in 3 h", contacts)
	}
}

func BenchmarkEngine(b *testing.B) {
	cfg := running
	cfg.Duration = 600
	benchEngine(b, cfg)
}

// BenchmarkEngineRates runs the engine benchmark at other sample rates:
// the per-contact work is mostly over windows of fixed duration, so its
// share per sample changes little with the rate.
func BenchmarkEngineRates(b *testing.B) {
	for _, rate := range []float64{50, 200, 500} {
		b.Run(fmt.Sprintf("%.0fHz", rate), func(b *testing.B) {
			cfg := running
			cfg.Duration, cfg.Rate = 300, rate
			benchEngine(b, cfg)
		})
	}
}

// BenchmarkEngineStanding measures the per-sample path alone: a sensor
// standing still, so no contact is refined.
func BenchmarkEngineStanding(b *testing.B) {
	cfg := running
	cfg.Duration = 120
	cfg.Standing = 120
	benchEngine(b, cfg)
}

// benchEngine pushes the simulated recording through one engine, over and
// over with the time base shifted on, and reports samples per second.
func benchEngine(b *testing.B, cfg sim.Config) {
	ss, layout, _ := simulate(b, cfg)
	e, err := gait.New(gait.Config{Placement: gait.Waist}, layout)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]gait.Contact, 0, 8)
	b.ReportAllocs()
	b.ResetTimer()
	off := 0.0
	for n := 0; n < b.N; {
		// whole passes over the recording, time base shifted on each
		// (no per-sample modulo: the loop should cost nothing beside Push)
		m := min(len(ss), b.N-n)
		for _, s := range ss[:m] {
			s.T += off
			dst = e.Push(dst[:0], s)
		}
		n += m
		off += ss[len(ss)-1].T + 0.01
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkEngineLayouts runs the engine benchmark on other channel sets:
// the sacral vertical + anteroposterior pair of the acceptance recordings
// (anatomical frame, no gyro) and vertical only.
func BenchmarkEngineLayouts(b *testing.B) {
	for _, l := range []struct {
		name string
		axes [3]bool
	}{{"V+AP", [3]bool{true, true, false}}, {"V", [3]bool{true, false, false}}} {
		b.Run(l.name, func(b *testing.B) {
			cfg := running
			cfg.Duration, cfg.Gyro, cfg.Frame, cfg.Axes = 300, false, sensor.FrameAnatomical, l.axes
			benchEngine(b, cfg)
		})
	}
}

// TestBridgedHoleCount: a hole is two or more missing input samples. One
// missing sample is not counted (its interval of two periods sits on the
// threshold's rounding edge otherwise), and an input slower than the
// engine's grid (40 Hz resampled to 100 Hz) is not a stream of holes.
func TestBridgedHoleCount(t *testing.T) {
	cfg := running
	cfg.Duration = 30
	ss, layout, _ := simulate(t, cfg)
	for _, tc := range []struct {
		name string
		skip func(i int) bool
		rate float64
		want int64
	}{
		{"one sample missing, 60 times", func(i int) bool { return i%47 == 20 }, 0, 0},
		{"two samples missing, 10 times", func(i int) bool { return i%250 == 20 || i%250 == 21 }, 0, 12},
		{"40 Hz input on a 100 Hz grid", func(i int) bool { return false }, 0, 0},
	} {
		in, l := ss, layout
		if tc.name == "40 Hz input on a 100 Hz grid" {
			l.Rate = 40
			in = nil
			for i := 0; i < len(ss); i += 5 {
				s := ss[i]
				in = append(in, s)
				if i+3 < len(ss) {
					s = ss[i+3] // 40 Hz: 0, 25, 50 … ms
					s.T = ss[i].T + 0.025
					in = append(in, s)
				}
			}
		} else {
			var kept []sensor.Sample
			for i, s := range ss {
				if !tc.skip(i) {
					kept = append(kept, s)
				}
			}
			in = kept
		}
		_, st := detect(t, gait.Config{Placement: gait.Waist, Rate: 100}, l, in)
		if st.Bridged != tc.want {
			t.Errorf("%s: %d holes bridged, want %d", tc.name, st.Bridged, tc.want)
		}
	}
}
