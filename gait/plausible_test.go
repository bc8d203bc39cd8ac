package gait_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPlacementWarnings analyses simulated recordings of each placement
// as each placement: the right one gives no warning (TestSimulatedSweep
// checks the same over its 101 recordings, and the real recordings below)
// but, for a running shoe without a gyro, that its contact times end at
// heel-off; a wrong one the warning that names the evidence. Where nothing is
// wanted, the wrong placement gives the same result (a shoe and a shank
// are read alike without a gyro, and walking with one) or no gait at all,
// which the report already says.
func TestPlacementWarnings(t *testing.T) {
	const (
		rate   = "angular rate peaks"
		foot   = "sagittal angular rate peaks at only"
		gct    = "contact time of"
		slow   = "running cadence of"
		trunk  = "are a trunk's"
		limb   = "are a foot's or shank's"
		nothin = ""
		// most candidates refused: the wrong placement's contact shape
		refused = "candidate contacts were refused"
		// not the placement's: a running shoe without a gyro
		// (TestShoeAccOnlyToeOffWarned)
		heelOff = "end where the heel lifts"
		// nor a shank's without a gyro: its toe-off is unverified
		shankOff = "shank without a gyroscope are unverified"
	)
	waistRun := sim.Config{Activity: sim.Running, Placement: sim.Waist, Rate: 100, Gyro: true, Tilt: [3]float64{0.1, 0.2, 0.6}, Noise: 0.2}
	waistWalk := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Rate: 100, Gyro: true, Noise: 0.2}
	shoeRun := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Rate: 200, Gyro: true, Noise: 0.2}
	shoeWalk := sim.Config{Activity: sim.Walking, Placement: sim.Shoe, Rate: 200, Gyro: true, Noise: 0.2}
	shankRun := sim.Config{Activity: sim.Running, Placement: sim.Shank, Rate: 143, Gyro: true, ClipG: 8, Noise: 0.2}
	shankWalk := sim.Config{Activity: sim.Walking, Placement: sim.Shank, Rate: 143, Gyro: true, ClipG: 8, Noise: 0.2}
	accOnly := func(c sim.Config) sim.Config { c.Gyro = false; return c }
	tests := []struct {
		name string
		sim  sim.Config
		as   gait.Placement
		want []string // substrings, one warning each; none for the right placement
	}{
		{"waist running as waist", waistRun, gait.Waist, nil},
		{"waist running as shoe", waistRun, gait.Shoe, []string{refused}},
		{"waist running as shank", waistRun, gait.Shank, []string{refused}},
		{"waist running acc-only as shoe", accOnly(waistRun), gait.Shoe, []string{trunk}},
		{"waist walking as waist", waistWalk, gait.Waist, nil},
		{"shoe running as shoe", shoeRun, gait.Shoe, nil},
		{"shoe running as shank", shoeRun, gait.Shank, []string{trunk}},
		{"shoe running as waist", shoeRun, gait.Waist, []string{rate, limb}},
		{"shoe running acc-only as shoe", accOnly(shoeRun), gait.Shoe, []string{heelOff}},
		{"shoe running acc-only as waist", accOnly(shoeRun), gait.Waist, []string{limb}},
		{"shoe walking as shoe", shoeWalk, gait.Shoe, nil},
		// its cadence is warned of from most starting phases, not from
		// this one: one contact a stride, 58 steps/min, a slow walker's
		// (TestPlacementWarningsStart)
		{"shoe walking as waist", shoeWalk, gait.Waist, []string{rate}},
		{"shank running as shank", shankRun, gait.Shank, nil},
		{"shank running as shoe", shankRun, gait.Shoe, []string{refused}},
		{"shank running as waist", shankRun, gait.Waist, []string{rate, slow}},
		{"shank running acc-only as shank", accOnly(shankRun), gait.Shank, []string{shankOff}},
		{"shank walking as shank", shankWalk, gait.Shank, nil},
		{"shank walking acc-only as shank", accOnly(shankWalk), gait.Shank, []string{shankOff}},
		// what is not the placement's fault is not blamed on it (reviews)
		{"waist sprint 7 m/s, 240 steps/min, GCT 85 ms", sim.Config{Activity: sim.Running, Placement: sim.Waist, Speed: 7, Cadence: 240, GCT: 0.085, Rate: 500, Gyro: true, Standing: 3, Noise: 0.2}, gait.Waist, nil},
		{"shoe running, ±2 g accelerometer", sim.Config{Activity: sim.Running, Placement: sim.Shoe, Rate: 200, Gyro: true, ClipG: 2, Noise: 0.2}, gait.Shoe, nil},
		{"shank running at 40 Hz", sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 2, Rate: 40, Gyro: true, Noise: 0.2}, gait.Shank, nil},
		{"waist walking forced to running", waistWalk, gait.Waist, nil},
		{"waist walking, one axis and a gyro", sim.Config{Activity: sim.Walking, Placement: sim.Waist, Rate: 100, Gyro: true, Axes: [3]bool{true, false, false}, Noise: 0.2}, gait.Waist, nil},
		// a wrong placement whose contacts alternate running and walking:
		// the rate samples fall on both
		{"shank running ±4 g as waist", sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 3.3, Rate: 200, Gyro: true, ClipG: 4, Standing: 3, Noise: 0.2, GyroNoise: 0.02}, gait.Waist, []string{rate, slow}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.sim.Duration, tc.sim.Seed = 60, uint64(40+i)
			ss, layout, _ := simulate(t, tc.sim)
			cfg := gait.Config{Placement: tc.as}
			if strings.Contains(tc.name, "forced to running") {
				cfg.Activity = gait.Running
			}
			cs, st := detect(t, cfg, layout, ss)
			sum := gait.NewSummary(tc.as)
			for _, c := range cs {
				sum.Add(c)
				// a waist read on one axis has no levelled rates: no
				// peak rate (it was read as 0 from empty rings)
				if tc.sim.Axes == [3]bool{true, false, false} && !math.IsNaN(c.PeakRate) {
					t.Fatalf("one axis: contact at %.2f s has a peak rate %v", c.IC, c.PeakRate)
				}
			}
			sum.SetStats(st)
			sum.SetRunInfo(gait.NewRunInfo(cfg, layout))
			w := sum.Report().Warnings
			if len(w) != len(tc.want) {
				t.Fatalf("%d warnings, want %d (%q):\n%s", len(w), len(tc.want), tc.want, strings.Join(w, "\n"))
			}
			for k, s := range tc.want {
				if !strings.Contains(w[k], s) || strings.HasSuffix(w[k], "(check --placement)") == (s == heelOff || s == shankOff) {
					t.Errorf("warning %d: %q, want it to name %q", k, w[k], s)
				}
			}
		})
	}
}

// TestPlacementWarningsStart: a foot or shank sensor read as a waist is
// warned of wherever in the stride the data starts. Its contacts come one
// a stride or two (swing and impact), as the picker's first strides set
// its thresholds, so its cadence alone (a walk over 180 steps/min, a run
// under 120) warns of it only from some starting phases. Two contacts a
// stride come alternately near and far (notSteps), which warns of them at
// any cadence; one contact a stride keeps a step's even rhythm, and the
// evidence is then the angular rate of a foot's swing (with a gyro) or a
// foot's impacts (running). Each case is cut at 15 phases a tenth of a
// second apart, two seeds.
func TestPlacementWarningsStart(t *testing.T) {
	for _, tc := range []struct {
		sim sim.Config
		// wantCadence: every cut's cadence warned of (its contacts
		// alternate near and far, or its cadence is out of range)
		wantCadence bool
	}{
		{sim.Config{Activity: sim.Walking, Placement: sim.Shoe, Rate: 200, Gyro: true, Noise: 0.2}, false},
		{sim.Config{Activity: sim.Running, Placement: sim.Shank, Rate: 143, Gyro: true, ClipG: 8, Noise: 0.2}, true},
		{sim.Config{Activity: sim.Running, Placement: sim.Shank, Rate: 143, ClipG: 8, Noise: 0.2}, true},
		{sim.Config{Activity: sim.Running, Placement: sim.Shoe, Rate: 200, Gyro: true, Noise: 0.2}, false},
		{sim.Config{Activity: sim.Running, Placement: sim.Shoe, Rate: 200, Noise: 0.2}, false},
	} {
		for _, seed := range []uint64{1, 5} {
			tc.sim.Duration, tc.sim.Seed = 61.5, seed
			all, layout, _ := simulate(t, tc.sim)
			var cads []string
			cadWarned := 0
			for k := range 15 {
				t0 := 0.1 * float64(k)
				var ss []sensor.Sample
				for _, s := range all {
					if s.T >= t0 && s.T < t0+60 {
						ss = append(ss, s)
					}
				}
				cfg := gait.Config{Placement: gait.Waist}
				cs, st := detect(t, cfg, layout, ss)
				sum := gait.NewSummary(gait.Waist)
				for _, c := range cs {
					sum.Add(c)
				}
				sum.SetStats(st)
				sum.SetRunInfo(gait.NewRunInfo(cfg, layout))
				r := sum.Report()
				placement := func(w string) bool { return strings.HasSuffix(w, "(check --placement)") }
				cadence := slices.ContainsFunc(r.Warnings, func(w string) bool { return placement(w) && strings.Contains(w, " cadence of ") })
				if cadence {
					cadWarned++
				}
				if r.CadenceSPM != nil {
					cads = append(cads, fmt.Sprintf("%.0f", *r.CadenceSPM))
				}
				if !slices.ContainsFunc(r.Warnings, placement) {
					t.Errorf("%v %v, gyro %v, seed %d, from %.1f s, as a waist: no placement warning (%d contacts): %q", tc.sim.Activity, tc.sim.Placement, tc.sim.Gyro, seed, t0, len(cs), r.Warnings)
				}
				if tc.wantCadence && !cadence {
					t.Errorf("%v %v, gyro %v, seed %d, from %.1f s, as a waist: no cadence warning (%d contacts): %q", tc.sim.Activity, tc.sim.Placement, tc.sim.Gyro, seed, t0, len(cs), r.Warnings)
				}
			}
			t.Logf("%v %v, gyro %v, seed %d: cadences %s, cadence warned in %d of 15 cuts", tc.sim.Activity, tc.sim.Placement, tc.sim.Gyro, seed, strings.Join(cads, " "), cadWarned)
		}
	}
}

// TestPlacementWarningsReal: the real recordings analysed as what they
// are raise no warning; the sacral running trial analysed as a shoe or a
// shank does (a trunk's impacts).
func TestPlacementWarningsReal(t *testing.T) {
	trials, _ := filepath.Glob("../../shared/datasets/*/*/input.csv")
	if len(trials) == 0 {
		t.Skip("datasets not available")
	}
	analyse := func(name string, p gait.Placement) []string {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		cfg := gait.Config{Placement: p}
		sum, _, err := gait.Analyze(r, cfg, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return sum.Report().Warnings
	}
	for _, name := range trials {
		if w := analyse(name, gait.Waist); len(w) > 0 {
			t.Errorf("%s as waist: %q", name, w)
		}
		if !strings.Contains(name, "davis") {
			continue
		}
		for _, p := range []gait.Placement{gait.Shoe, gait.Shank} {
			if w := analyse(name, p); len(w) != 1 || !strings.Contains(w[0], "are a trunk's") {
				t.Errorf("%s as %v: %q, want the trunk's impacts", name, p, w)
			}
		}
	}
}

// TestGyroSaturation: a ±250 °/s gyroscope on a fast runner's shank
// saturates for 50–100 ms a stride; the engine finds the level from the
// plateaus (an axis reading exactly its largest |rate| for 20 ms, three
// times) and the summary warns. A gyroscope within its range does not warn,
// also one read in whole °/s at 1000 Hz (a smooth swing peak repeats a
// value for a few ms) or updated at an eighth of the row rate (a logger
// repeating its last value). A review's cases: one corrupt 600 °/s sample
// (it cleared the level for good, and the warning read "±0 °/s"); an int16
// part's asymmetric limits (−32768 and +32767 counts: half the saturated
// samples went uncounted); an axis stuck at one value (it read as
// saturation "in 100 %"; now a warning of its own, which ends when the
// axis moves again).
func TestGyroSaturation(t *testing.T) {
	const dps250 = 250 * math.Pi / 180
	round := func(ss []sensor.Sample) {
		for i := range ss {
			for k := range ss[i].Gyr {
				ss[i].Gyr[k] = math.Round(ss[i].Gyr[k]*180/math.Pi) * math.Pi / 180
			}
		}
	}
	for _, tc := range []struct {
		name       string
		clip, rate float64
		mod        func([]sensor.Sample)
		sat, stuck bool
	}{
		{"±250 °/s, 143 Hz", dps250, 143, nil, true, false},
		{"±250 °/s, 1000 Hz", dps250, 1000, nil, true, false},
		{"±2000 °/s", 2000 * math.Pi / 180, 143, nil, false, false},
		{"no limit, whole °/s at 1000 Hz", 0, 1000, round, false, false},
		{"no limit, gyro updated every 8th row", 0, 1000, func(ss []sensor.Sample) {
			for i := range ss {
				ss[i].Gyr = ss[i-i%8].Gyr
			}
		}, false, false},
		{"±250 °/s, one corrupt 600 °/s sample early", dps250, 143, func(ss []sensor.Sample) {
			ss[50].Gyr = [3]float64{10.5, -10.5, 10.5}
		}, true, false},
		{"±250 °/s, one corrupt 600 °/s sample late", dps250, 143, func(ss []sensor.Sample) {
			ss[2000].Gyr = [3]float64{10.5, -10.5, 10.5}
		}, true, false},
		{"±250 °/s, int16 limits", dps250, 143, func(ss []sensor.Sample) {
			for i := range ss {
				for k, v := range ss[i].Gyr {
					if v >= dps250 {
						ss[i].Gyr[k] = dps250 * 32767 / 32768
					}
				}
			}
		}, true, false},
		{"±250 °/s, an axis stuck for 3 s, then moving", dps250, 143, func(ss []sensor.Sample) {
			for i := range ss[:429] {
				ss[i].Gyr[2] = 2.0
			}
		}, true, false},
		{"an axis stuck at 115 °/s", 0, 143, func(ss []sensor.Sample) {
			for i := range ss {
				ss[i].Gyr[2] = 2.0
			}
		}, false, true},
	} {
		c := sim.Config{Activity: sim.Running, Placement: sim.Shank, Speed: 5, Rate: tc.rate, Gyro: true, Duration: 20,
			Noise: 0.3, GyroNoise: 0.01, Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: 4, Side: 'L', GyroClip: tc.clip}
		ss, layout, _ := simulate(t, c)
		if tc.mod != nil {
			tc.mod(ss)
		}
		e, err := gait.New(gait.Config{Placement: gait.Shank, Side: 'L'}, layout)
		if err != nil {
			t.Fatal(err)
		}
		sum := gait.NewSummary(gait.Shank)
		for _, s := range ss {
			for _, x := range e.Push(nil, s) {
				sum.Add(x)
			}
		}
		for _, x := range e.Flush(nil) {
			sum.Add(x)
		}
		st := e.Stats()
		sum.SetStats(st)
		sum.Span(ss[0].T, ss[len(ss)-1].T)
		r := sum.Report()
		has := func(p string) bool {
			return slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, p) })
		}
		sat, stuck := has("gyroscope saturated at ±250 °/s"), has("read a constant 115 °/s")
		t.Logf("%s: %d of %d samples saturated, limit %.1f °/s, stuck %.1f °/s; warnings %q", tc.name, st.GyroSaturated, st.GyroSamples, st.GyroLimit*180/math.Pi, st.GyroStuck*180/math.Pi, r.Warnings)
		if sat != tc.sat || stuck != tc.stuck || has("±0 °/s") {
			t.Errorf("%s: saturation warned %v (want %v), stuck axis warned %v (want %v): %q", tc.name, sat, tc.sat, stuck, tc.stuck, r.Warnings)
		}
		if tc.sat && float64(st.GyroSaturated) < 0.3*float64(st.GyroSamples) {
			t.Errorf("%s: %d of %d samples counted saturated, want the run's 40 %% or more", tc.name, st.GyroSaturated, st.GyroSamples)
		}
		if !tc.sat && st.GyroSaturated != 0 {
			t.Errorf("%s: %d samples counted saturated at %.3f rad/s", tc.name, st.GyroSaturated, st.GyroLimit)
		}
	}
}

// TestShoeAccOnlyToeOffWarned: a running shoe without a gyroscope has its
// contact times read to heel-off, 75–90 ms short on the simulator, which
// the summary says; with a gyroscope, on a shank, or walking (each within
// 4 ms) it says nothing of it. A shank without a gyroscope, running or
// walking, is said to have unverified contact times instead (an
// independent model's toe-offs read 57–112 ms early), and not with one.
func TestShoeAccOnlyToeOffWarned(t *testing.T) {
	for _, tc := range []struct {
		act       sim.Activity
		pl        sim.Placement
		speed     float64
		gyro      bool
		want      bool
		wantShank bool
	}{
		{sim.Running, sim.Shoe, 3.5, false, true, false},
		{sim.Running, sim.Shoe, 3.5, true, false, false},
		{sim.Running, sim.Shank, 3.5, false, false, true},
		{sim.Walking, sim.Shank, 1.2, false, false, true},
		{sim.Running, sim.Shank, 3.5, true, false, false},
		{sim.Walking, sim.Shoe, 1.2, false, false, false},
	} {
		name := fmt.Sprintf("%v %v gyro=%v", tc.act, tc.pl, tc.gyro)
		src, err := sim.New(sim.Config{Activity: tc.act, Placement: tc.pl, Speed: tc.speed, Duration: 40, Rate: 200, Gyro: tc.gyro, Noise: 0.3, Side: 'L', Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		p := gait.Shoe
		if tc.pl == sim.Shank {
			p = gait.Shank
		}
		sum, _, err := gait.Analyze(src, gait.Config{Placement: p, Side: gait.Left}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := sum.Report()
		got := slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "heel lifts") })
		gotShank := slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "shank without a gyroscope are unverified") })
		if got != tc.want || gotShank != tc.wantShank || r.GCTms == nil {
			t.Errorf("%s: GCT %v ms, warned of the heel-off %v (want %v), of a shank's toe-off %v (want %v): %q", name, show(r.GCTms), got, tc.want, gotShank, tc.wantShank, r.Warnings)
		}
	}
}
