package gait_test

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestSimulatedSweep runs the engine over a broad table of simulated
// recordings that stand in for the acceptance recordings we do not have:
// treadmill running from a sacral sensor with only vertical and
// anteroposterior channels (noise, bias, a mounting tilt, slopes emulated by
// trunk lean), the same from a 3-axis sensor-frame waist sensor, and shank
// (and shoe) sensors at 143 Hz clipped at ±8 g, with and without gyro,
// running and walking. Every case is held to the acceptance bar:
//
//	F1 ≥ 0.97; GCT MAE ≤ 20 ms running, ≤ 35 ms walking; cadence within
//	1 step/min (from the judged detections, as gaitd eval computes it, and
//	from the run summary's mean step over the whole recording).
//
// One line per case is logged (go test ./gait -run TestSimulatedSweep -v).
// The simulator is a test instrument: a case that fails here is a
// candidate problem of the engine unless diagnosed as a simulator artefact.
func TestSimulatedSweep(t *testing.T) {
	// (the race detector slows the engine about tenfold: a sample of the
	// table keeps the CI run short)
	sweepAll(t, sweepCases(), 3, func(t *testing.T, tc sweepCase) (line, skip string) {
		if why := knownGap(tc.name); why != "" && os.Getenv("GAITD_KNOWN_GAPS") == "" {
			// still run and log it, but do not fail the suite
			l := runSweepCase(t, tc, func(f string, a ...any) { t.Logf("(known gap) "+f, a...) })
			return l + " [known gap]", "known gap (GAITD_KNOWN_GAPS=1 enforces it): " + why
		}
		return runSweepCase(t, tc, t.Errorf), ""
	})
}

// sweepAll runs each case as a parallel subtest through run, which
// returns the case's line and, when not empty, why it is skipped, and logs
// one line per case in table order (the subtests run in parallel) with
// the time taken. Under the race detector only every every-th case runs.
func sweepAll(t *testing.T, cases []sweepCase, every int, run func(t *testing.T, tc sweepCase) (line, skip string)) {
	if raceEnabled {
		var sub []sweepCase
		for i := 0; i < len(cases); i += every {
			sub = append(sub, cases[i])
		}
		cases = sub
	}
	start := time.Now()
	var mu sync.Mutex
	lines := make([]string, len(cases))
	t.Cleanup(func() {
		for _, l := range lines {
			t.Log(l)
		}
		t.Logf("%d cases in %.1f s", len(cases), time.Since(start).Seconds())
	})
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, skip := run(t, tc)
			mu.Lock()
			lines[i] = l
			mu.Unlock()
			if skip != "" {
				t.Skip(skip)
			}
		})
	}
}

// sweepCase is one simulated recording and how to judge it.
type sweepCase struct {
	name string
	sim  sim.Config
	// mix rotates the vertical and anteroposterior channels of an
	// anatomical (V+AP) recording by this angle, rad: a sensor mounted
	// slightly pitched on the sacrum (V' = cos·V − sin·AP, AP' = sin·V +
	// cos·AP; positive tilts the sensor's top forward).
	mix  float64
	gait gait.Config
	// settle is the time after the end of each dropout, s, that is not
	// judged (the engine restarts: warm-up and the first step).
	settle float64
	// start drops the samples before this time, s, so that the recording
	// begins at another phase of the stride (the simulator's gait starts
	// with a left contact at 0.05 s); contacts before it are not judged.
	start float64
}

func (c sweepCase) walking() bool { return c.sim.Activity == sim.Walking }

const deg = math.Pi / 180

func sweepCases() []sweepCase {
	var cs []sweepCase
	seed := uint64(1000)
	next := func() uint64 { seed++; return seed }

	// Waist running: speeds × rates × channels, with noise, bias, runner
	// variability and tilt varied across the grid.
	noises := []float64{0.3, 0.45, 0.6}
	varis := []float64{0.02, 0.03, 0.04}
	mixes := []float64{5 * deg, -8 * deg, 10 * deg, -6 * deg}
	leans := []float64{0, 0.05, 0.1, -0.03} // slopes: uphill leans the trunk forward
	tilts := [][3]float64{{0.1, 0.2, 0.6}, {-0.3, 0.5, 2.0}, {0.2, -0.4, -1.2}, {1.4, 0.3, 0.3}}
	starts := []float64{0, 0.13, 0.27, 0.41, 0.55}
	k := 0
	for _, v := range []float64{2.2, 3, 4, 5.5} {
		for _, rate := range []float64{100, 200, 500} {
			n, va := noises[k%3], varis[(k/3)%3]
			b := 0.2 + 0.1*float64(k%4) // m/s²
			cs = append(cs, sweepCase{
				name:  fmt.Sprintf("waist run VAP %.1fm/s %gHz mix%+.0f lean%.2f noise%.2f bias%.1f var%.2f start%.2f", v, rate, mixes[k%4]/deg, leans[k%4], n, b, va, starts[k%5]),
				start: starts[k%5],
				sim: sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: rate, Speed: v,
					Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Lean: leans[k%4],
					Noise: n, Bias: [3]float64{b, -b, 0}, Variability: va, Seed: next()},
				mix:  mixes[k%4],
				gait: gait.Config{Placement: gait.Waist},
			})
			gyro := k%2 == 0
			cs = append(cs, sweepCase{
				name:  fmt.Sprintf("waist run 3ax %.1fm/s %gHz tilt%v gyro=%v noise%.2f bias%.1f var%.2f start%.2f", v, rate, tilts[k%4], gyro, n, b, va, starts[(k+2)%5]),
				start: starts[(k+2)%5],
				sim: sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 60, Rate: rate, Speed: v,
					Tilt: tilts[k%4], Gyro: gyro, Lean: leans[(k+1)%4],
					Noise: n, Bias: [3]float64{b, -0.5 * b, 0.7 * b}, Variability: va, Seed: next()},
				gait: gait.Config{Placement: gait.Waist},
			})
			k++
		}
	}

	// Waist running: the runner and the recording.
	vap := func(name string, c sim.Config, mix float64) sweepCase {
		c.Activity, c.Placement, c.Frame, c.Axes = sim.Running, sim.Waist, sensor.FrameAnatomical, [3]bool{true, true, false}
		if c.Duration == 0 {
			c.Duration = 60
		}
		if c.Noise == 0 {
			c.Noise = 0.4
		}
		if c.Bias == [3]float64{} {
			c.Bias = [3]float64{0.3, 0.2, 0}
		}
		c.Seed = next()
		return sweepCase{name: "waist run VAP " + name, sim: c, mix: mix, gait: gait.Config{Placement: gait.Waist}, settle: 1}
	}
	tri := func(name string, c sim.Config) sweepCase {
		c.Activity, c.Placement = sim.Running, sim.Waist
		if c.Duration == 0 {
			c.Duration = 60
		}
		if c.Noise == 0 {
			c.Noise = 0.4
		}
		if c.Tilt == [3]float64{} {
			c.Tilt = [3]float64{0.15, 0.3, 0.8}
		}
		c.Seed = next()
		return sweepCase{name: "waist run 3ax " + name, sim: c, gait: gait.Config{Placement: gait.Waist}, settle: 1}
	}
	for _, v := range []float64{3, 5.5} {
		for _, cad := range []float64{150, 195} {
			cs = append(cs,
				vap(fmt.Sprintf("%.1fm/s cadence %g 200Hz", v, cad), sim.Config{Speed: v, Cadence: cad, Rate: 200, Noise: 0.5}, 7*deg),
				tri(fmt.Sprintf("%.1fm/s cadence %g 100Hz gyro", v, cad), sim.Config{Speed: v, Cadence: cad, Rate: 100, Gyro: true, Noise: 0.5}))
		}
	}
	for _, va := range []float64{0.04} {
		for _, v := range []float64{2.2, 5.5} {
			cs = append(cs,
				vap(fmt.Sprintf("%.1fm/s variability %.2f 100Hz", v, va), sim.Config{Speed: v, Variability: va, Rate: 100, Noise: 0.6}, -8*deg),
				tri(fmt.Sprintf("%.1fm/s variability %.2f 100Hz", v, va), sim.Config{Speed: v, Variability: va, Rate: 100, Noise: 0.6}))
		}
	}
	for _, bal := range []float64{47, 53} {
		cs = append(cs,
			vap(fmt.Sprintf("3.0m/s balance %g 200Hz", bal), sim.Config{Speed: 3, GCTBalance: bal, Rate: 200, Variability: 0.03}, 6*deg),
			tri(fmt.Sprintf("4.0m/s balance %g 100Hz gyro", bal), sim.Config{Speed: 4, GCTBalance: bal, Rate: 100, Gyro: true, Variability: 0.03}))
	}
	cs = append(cs,
		vap("3.5m/s fatigue 0.3 90s 200Hz", sim.Config{Speed: 3.5, FatigueDrift: 0.3, Duration: 90, Rate: 200}, 8*deg),
		tri("3.5m/s fatigue 0.3 90s 100Hz", sim.Config{Speed: 3.5, FatigueDrift: 0.3, Duration: 90, Rate: 100}),
		vap("3.0m/s standing 5s 200Hz", sim.Config{Speed: 3, Standing: 5, Duration: 65, Rate: 200}, -7*deg),
		tri("3.0m/s standing 5s 100Hz gyro", sim.Config{Speed: 3, Standing: 5, Duration: 65, Rate: 100, Gyro: true}),
		vap("4.0m/s dropouts 200Hz", sim.Config{Speed: 4, Rate: 200, Dropouts: []sim.Gap{{Start: 20, Dur: 0.5}, {Start: 41.3, Dur: 2}}}, 5*deg),
		tri("4.0m/s dropouts 100Hz gyro", sim.Config{Speed: 4, Rate: 100, Gyro: true, Dropouts: []sim.Gap{{Start: 20, Dur: 0.5}, {Start: 41.3, Dur: 2}}}),
		vap("3.0m/s jitter 2ms 100Hz", sim.Config{Speed: 3, Rate: 100, Jitter: 0.002}, 9*deg),
		vap("5.5m/s cadence 195 var 0.04 noise 0.6 100Hz", sim.Config{Speed: 5.5, Cadence: 195, Variability: 0.04, Noise: 0.6, Rate: 100, Bias: [3]float64{-0.5, 0.5, 0}}, -10*deg),
	)

	// Shank at 143 Hz, clipped at ±8 g, with and without gyro, either leg
	// (the sensor's leg decides the phase of its stride at the start of
	// the recording, which begins in mid-gait).
	shank := func(name string, c sim.Config) sweepCase {
		c.Placement, c.Rate, c.ClipG = sim.Shank, 143, 8
		if c.Duration == 0 {
			c.Duration = 60
		}
		if c.Side == 0 {
			c.Side = 'L'
		}
		c.Seed = next()
		g := "acc"
		if c.Gyro {
			g = "gyro"
		}
		return sweepCase{name: fmt.Sprintf("shank %v %s %s side %c", c.Activity, g, name, c.Side), sim: c,
			gait: gait.Config{Placement: gait.Shank, Side: gait.Side(c.Side)}, settle: 2}
	}
	stilts := [][3]float64{{0, 0, 0}, {0.2, 0.3, 0.5}, {0, 0, math.Pi / 2}, {-0.3, 0.2, -1.0}, {math.Pi, 0.1, 0.2}}
	k = 0
	for _, gyro := range []bool{true, false} {
		for _, act := range []sim.Activity{sim.Running, sim.Walking} {
			speeds := []float64{2.5, 3.5, 5}
			if act == sim.Walking {
				speeds = []float64{0.8, 1.2, 1.6}
			}
			for _, v := range speeds {
				for _, side := range []byte{'L', 'R'} {
					n, tilt := noises[k%3], stilts[k%5]
					cs = append(cs, shank(fmt.Sprintf("%.1fm/s tilt%.2f noise%.2f var%.2f", v, tilt, n, varis[k%3]),
						sim.Config{Activity: act, Speed: v, Gyro: gyro, Tilt: tilt, Noise: n, GyroNoise: 0.02,
							Bias: [3]float64{0.3, -0.2, 0.4}, Side: side, Variability: varis[k%3]}))
					k++
				}
			}
		}
		for _, side := range []byte{'L', 'R'} {
			cs = append(cs,
				shank("3.5m/s cadence 150", sim.Config{Activity: sim.Running, Speed: 3.5, Cadence: 150, Gyro: gyro, Noise: 0.4, Side: side}),
				shank("3.5m/s cadence 195", sim.Config{Activity: sim.Running, Speed: 3.5, Cadence: 195, Gyro: gyro, Noise: 0.4, Side: side}),
				shank("5.0m/s cadence 150", sim.Config{Activity: sim.Running, Speed: 5, Cadence: 150, Gyro: gyro, Noise: 0.4, Side: side}),
				shank("3.0m/s standing 5s", sim.Config{Activity: sim.Running, Speed: 3, Standing: 5, Duration: 65, Gyro: gyro, Noise: 0.4, Side: side}),
				shank("1.2m/s standing 5s", sim.Config{Activity: sim.Walking, Speed: 1.2, Standing: 5, Duration: 65, Gyro: gyro, Noise: 0.3, Side: side}),
			)
		}
		cs = append(cs,
			shank("3.0m/s dropouts", sim.Config{Activity: sim.Running, Speed: 3, Gyro: gyro, Noise: 0.4, Dropouts: []sim.Gap{{Start: 20, Dur: 0.5}, {Start: 41.3, Dur: 2}}}),
			shank("4.0m/s fatigue 0.3 90s var 0.04", sim.Config{Activity: sim.Running, Speed: 4, FatigueDrift: 0.3, Duration: 90, Variability: 0.04, Gyro: gyro, Noise: 0.5, Side: 'R'}),
		)
	}

	// Shoe with gyro.
	for i, v := range []float64{2.5, 4, 5.5} {
		cs = append(cs, sweepCase{
			name: fmt.Sprintf("shoe running gyro %.1fm/s 200Hz noise 0.5 side %c", v, "RL"[i%2]),
			sim: sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 60, Rate: 200, Speed: v, Gyro: true,
				Tilt: stilts[i+1], Noise: 0.5, GyroNoise: 0.02, ClipG: 16, Side: byte("RL"[i%2]), Seed: next()},
			gait: gait.Config{Placement: gait.Shoe, Side: gait.Side("RL"[i%2])}, settle: 2,
		})
	}
	for i, v := range []float64{0.9, 1.5} {
		cs = append(cs, sweepCase{
			name: fmt.Sprintf("shoe walking gyro %.1fm/s 100Hz noise 0.3 side %c", v, "LR"[i%2]),
			sim: sim.Config{Activity: sim.Walking, Placement: sim.Shoe, Duration: 60, Rate: 100, Speed: v, Gyro: true,
				Tilt: stilts[i+2], Noise: 0.3, GyroNoise: 0.02, Side: byte("LR"[i%2]), Seed: next()},
			gait: gait.Config{Placement: gait.Shoe, Side: gait.Side("LR"[i%2])}, settle: 2,
		})
	}
	return cs
}

// runSweepCase judges one case and returns its summary line.
func runSweepCase(t *testing.T, tc sweepCase, errorf func(format string, args ...any)) string {
	ss, layout, truth := simulate(t, tc.sim)
	if tc.start > 0 {
		i := 0
		for i < len(ss) && ss[i].T < tc.start {
			i++
		}
		ss = ss[i:]
		j := 0
		for j < len(truth) && truth[j].IC < tc.start {
			j++
		}
		truth = truth[j:]
	}
	if tc.mix != 0 {
		c, s := math.Cos(tc.mix), math.Sin(tc.mix)
		for i := range ss {
			v, ap := ss[i].Acc[sensor.AxisV], ss[i].Acc[sensor.AxisAP]
			ss[i].Acc[sensor.AxisV], ss[i].Acc[sensor.AxisAP] = c*v-s*ap, s*v+c*ap
		}
	}
	foot := tc.gait.Placement != gait.Waist
	all := truth // both feet (waist) or the instrumented foot (shoe, shank)
	if foot {
		truth = nil
		for _, c := range all {
			if c.Side == tc.gait.Side {
				truth = append(truth, c)
			}
		}
	}
	cs, st := detect(t, tc.gait, layout, ss)

	// judge everything except the dropouts and the restart after them
	var opt eval.Options
	if len(tc.sim.Dropouts) > 0 {
		lo := 0.0
		for _, g := range tc.sim.Dropouts {
			opt.Bouts = append(opt.Bouts, [2]float64{lo, g.Start - 0.3})
			lo = g.Start + g.Dur + tc.settle
		}
		opt.Bouts = append(opt.Bouts, [2]float64{lo, tc.sim.Duration + 1})
	}
	s := eval.Match(cs, truth, opt)
	// contacts detected while standing (before the first true contact,
	// which Match does not judge) are false positives too
	for _, c := range cs {
		if c.IC < truth[0].IC-0.1 && tc.sim.Standing > 0 {
			s.FP++
		}
	}
	if foot {
		s.Cadence *= 2
		s.TrueCadence *= 2
	}
	ic, gct := eval.Agree(s.ICErr), eval.Agree(s.GCTErr)
	cadErr := s.Cadence - s.TrueCadence

	// the run summary's cadence (60 / mean step of the contacts) against
	// the truth's mean step interval over the whole recording
	sum := gait.NewSummary(tc.gait.Placement)
	for _, c := range cs {
		sum.Add(c)
	}
	sum.SetStats(st)
	sum.SetRunInfo(gait.NewRunInfo(tc.gait, layout))
	rep := sum.Report()
	// (the truth of a shoe or shank holds the instrumented foot only: its
	// intervals are strides)
	per, maxD := 1.0, 1.5
	if foot {
		per, maxD = 2, 3
	}
	var steps []float64
	for i := 1; i < len(all); i++ {
		if d := all[i].IC - all[i-1].IC; d <= maxD {
			steps = append(steps, d/per)
		}
	}
	trueSPM := 60 / meanOf(steps)
	sumErr := math.NaN()
	if rep.CadenceSPM != nil {
		sumErr = *rep.CadenceSPM - trueSPM
	}

	want := gait.Running
	if tc.walking() {
		want = gait.Walking
	}
	wrong := 0
	for _, c := range cs {
		if c.Activity != want && c.Activity != gait.Unknown {
			wrong++
		}
	}
	line := fmt.Sprintf("F1 %.3f (TP %d FP %d FN %d) | IC bias %+.1f MAE %.1f ms | GCT n %d bias %+.1f MAE %.1f ms | cadence %+.2f spm (summary %+.2f) | other activity %d | dropped %d gaps %d clipped %d",
		s.F1(), s.TP, s.FP, s.FN, 1e3*ic.Bias, 1e3*ic.MAE, gct.N, 1e3*gct.Bias, 1e3*gct.MAE, cadErr, sumErr, wrong, st.Dropped, st.Gaps, st.Clipped)
	t.Log(line)

	gctBar := 0.020
	if tc.walking() {
		gctBar = 0.035
	}
	if !(s.F1() >= 0.97) {
		errorf("F1 %.3f < 0.97", s.F1())
	}
	if !(gct.MAE <= gctBar) {
		errorf("GCT MAE %.1f ms > %.0f ms", 1e3*gct.MAE, 1e3*gctBar)
	}
	if gct.N < s.TP*4/5 {
		errorf("GCT measured on %d of %d matched contacts", gct.N, s.TP)
	}
	if !(math.Abs(cadErr) <= 1) {
		errorf("cadence error %+.2f steps/min (detections %.2f, truth %.2f)", cadErr, s.Cadence, s.TrueCadence)
	}
	if !(math.Abs(sumErr) <= 1) {
		errorf("summary cadence error %+.2f steps/min", sumErr)
	}
	// the right placement raises no plausibility warning (wrong ones do:
	// TestPlacementWarnings); a shank without a gyroscope is told its
	// contact times are unverified (TestShoeAccOnlyToeOffWarned)
	warns := slices.DeleteFunc(slices.Clone(rep.Warnings), func(w string) bool {
		return !tc.sim.Gyro && tc.gait.Placement == gait.Shank && strings.Contains(w, "shank without a gyroscope are unverified")
	})
	if len(warns) > 0 {
		errorf("warnings on the right placement: %q", warns)
	}
	verdict := "ok  "
	if t.Failed() {
		verdict = "FAIL"
	}
	return fmt.Sprintf("%s %-90s %s", verdict, tc.name, line)
}

func meanOf(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// knownGap names the sweep cases that fail the bar for a diagnosed reason
// stated in docs/accuracy.md; GAITD_KNOWN_GAPS=1 makes them fail the suite.
// (None now: shoe walking with a gyro, whose gyro minimum the simulator
// places 30 ms after heel strike, read IC +33 ms and GCT −38 ms until IC
// was moved to the impact, anchorIC.)
func knownGap(string) string {
	return ""
}
