package sensor_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAccUnitMovingSensors: the acceleration unit is detected right for
// recordings that start mid-run, in g and in m/s² — a shoe or shank whose
// mean vector grows with the swing's centripetal acceleration (2–4.5 g at
// 3.3–7 m/s: a rule of "about 1 g" read the fast ones as m/s², impacts ten
// times too small, or refused them as neither unit), and a sprinter's
// trunk that is in flight, near 0 g, more than half the time (its contacts
// were left out of the mean as outliers, and the file refused as lacking
// gravity).
func TestAccUnitMovingSensors(t *testing.T) {
	tests := []struct {
		name string
		cfg  sim.Config
	}{
		{"shoe 3.3 m/s", sim.Config{Placement: sim.Shoe, Speed: 3.3, Rate: 200}},
		{"shoe 5.5 m/s", sim.Config{Placement: sim.Shoe, Speed: 5.5, Rate: 200}},
		{"shoe 7 m/s", sim.Config{Placement: sim.Shoe, Speed: 7, Rate: 200}},
		{"shank 4.5 m/s 143 Hz ±8 g", sim.Config{Placement: sim.Shank, Speed: 4.5, Rate: 143, ClipG: 8}},
		{"shank 7 m/s 143 Hz ±8 g", sim.Config{Placement: sim.Shank, Speed: 7, Rate: 143, ClipG: 8}},
		{"shank walking 1.8 m/s", sim.Config{Placement: sim.Shank, Activity: sim.Walking, Speed: 1.8, Rate: 100}},
		{"waist 6 m/s, cadence 200, GCT 140 ms", sim.Config{Placement: sim.Waist, Speed: 6, Cadence: 200, GCT: 0.14, Rate: 100}},
		{"waist walking", sim.Config{Placement: sim.Waist, Activity: sim.Walking, Rate: 100}},
	}
	for i, tc := range tests {
		tc.cfg.Duration, tc.cfg.Noise, tc.cfg.Seed, tc.cfg.Tilt = 30, 0.2, uint64(60+i), [3]float64{0.2, 0.3, 0.5}
		ss, _, _, err := sim.Generate(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		ss = ss[int(10*tc.cfg.Rate):] // mid-run: no standing start
		for _, unit := range []struct {
			name  string
			scale float64
		}{{"g", sensor.G0}, {"m/s²", 1}} {
			t.Run(tc.name+" in "+unit.name, func(t *testing.T) {
				var b strings.Builder
				b.WriteString("t,ax,ay,az\n")
				for _, s := range ss {
					fmt.Fprintf(&b, "%.5f,%.5f,%.5f,%.5f\n", s.T, s.Acc[0]/unit.scale, s.Acc[1]/unit.scale, s.Acc[2]/unit.scale)
				}
				r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "run.csv"})
				if unit.scale == 1 && meanG(ss[:512]) > 2.5 {
					// a fast foot in m/s² reads like raw counts of a
					// running trunk: refused with both, read as told
					if err == nil || !errors.Is(err, sensor.ErrUnit) || !strings.Contains(err.Error(), "m/s² from a fast foot or shank, or raw counts?") {
						t.Fatalf("mean %.1f g in m/s²: %v", meanG(ss[:512]), err)
					}
					r, err = sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "run.csv", AccUnit: "mps2"})
					if err != nil {
						t.Fatal(err)
					}
				} else if err != nil {
					t.Fatal(err)
				} else if d := r.Describe(); !strings.Contains(d, "("+unit.name+" detected)") {
					t.Fatalf("%s", d)
				}
				var s sensor.Sample
				for k := 0; ; k++ {
					if err := r.Read(&s); err == io.EOF {
						break
					} else if err != nil {
						t.Fatal(err)
					}
					if d := math.Abs(s.Acc[2] - ss[k].Acc[2]); d > 1e-3*math.Max(1, math.Abs(ss[k].Acc[2])) {
						t.Fatalf("sample %d: az %.4f m/s², want %.4f", k, s.Acc[2], ss[k].Acc[2])
					}
				}
			})
		}
	}
}

// meanG is the length of the mean acceleration vector of ss, g.
func meanG(ss []sensor.Sample) float64 {
	var m [3]float64
	for _, s := range ss {
		for k := range m {
			m[k] += s.Acc[k] / sensor.G0 / float64(len(ss))
		}
	}
	return math.Hypot(math.Hypot(m[0], m[1]), m[2])
}

// TestAccUnitNotFooled: files the widened limits must still refuse or read
// right (a black-box round found both accepted in the wrong unit): an m/s²
// walk with 3 s of 0,0,0 rows ahead of it (a sensor not yet awake) and
// with zero rows scattered through it, read as g (impacts of 16 g); a
// running trunk in raw counts of 32 per g, read as m/s².
func TestAccUnitNotFooled(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Placement: sim.Waist, Activity: sim.Walking, Rate: 100, Duration: 20, Noise: 0.2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	write := func(scale float64, zeros func(i int) bool) string {
		var b strings.Builder
		b.WriteString("t,ax,ay,az\n")
		for i, s := range ss {
			if zeros(i) {
				fmt.Fprintf(&b, "%.2f,0,0,0\n", s.T)
				continue
			}
			fmt.Fprintf(&b, "%.2f,%.4f,%.4f,%.4f\n", s.T, s.Acc[0]/scale, s.Acc[1]/scale, s.Acc[2]/scale)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		csv  string
	}{
		{"3 s of zero rows ahead", write(1, func(i int) bool { return i < 300 })},
		{"every other row zero", write(1, func(i int) bool { return i%2 == 0 })},
	} {
		r, err := sensor.NewCSVReader(strings.NewReader(tc.csv), sensor.CSVOptions{Name: "walk.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if d := r.Describe(); !strings.Contains(d, "(m/s² detected)") {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
	run, _, _, err := sim.Generate(sim.Config{Placement: sim.Waist, Activity: sim.Running, Speed: 5, Rate: 100, Duration: 20, Noise: 0.2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for _, s := range run {
		fmt.Fprintf(&b, "%.2f,%.0f,%.0f,%.0f\n", s.T, s.Acc[0]/sensor.G0*32, s.Acc[1]/sensor.G0*32, s.Acc[2]/sensor.G0*32)
	}
	if _, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "counts.csv"}); err == nil || !errors.Is(err, sensor.ErrUnit) {
		t.Errorf("raw counts at 32 per g: %v, want the unit refused", err)
	}
}

// TestAccUnitStandingThenRun: the first 512 lines of a shank recording
// mostly standing (2.8 s of 3.6), then a run at 4.3 m/s: the interquartile
// range of |a| called the window still, and its 1.35 g mean was neither
// unit — refused (a randomized acceptance-like sweep, 9 of 515 such
// trials). Still now means 90 % of |a| within ±5 % of its median.
func TestAccUnitStandingThenRun(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 42.9, Rate: 143, Speed: 4.31744499531732,
		Tilt: [3]float64{0.34416533077663103, -0.4265212993517652, 0.7754304140401418}, Noise: 0.17775165609542706,
		Bias: [3]float64{0.029519018288950427, -0.25972951639867714, 0.19160932899625271}, Jitter: 0.0009679085028511586, ClipG: 8,
		Side: 'R', Variability: 0.053615062905134875, Standing: 3.865723471813707, Seed: 100165})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for _, s := range ss {
		if s.T >= 1.0918 {
			fmt.Fprintf(&b, "%.6f,%.5f,%.5f,%.5f\n", s.T-1.0918, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0)
		}
	}
	r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "shank.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Describe(); !strings.Contains(d, "(g detected)") {
		t.Errorf("%s", d)
	}
}

// TestGyroUnitStandingStart: the gyro's unit is told from a window that is
// mostly a standing start (4.5 s of the 5.12 s lookahead), in rad/s and in
// deg/s, with the acceleration in g, for a waist, shoe and shank, running
// and walking: rotation is judged against the active part of |a| (its 95th
// percentile distance from the median). The interquartile range of |a|
// that judged it before read such windows as nearly still (p95 |ω| over
// it 130–231 in rad/s on the shoe and shank runs: over 80, deg/s).
func TestGyroUnitStandingStart(t *testing.T) {
	for i, pl := range []sim.Placement{sim.Waist, sim.Shoe, sim.Shank} {
		for j, act := range []sim.Activity{sim.Running, sim.Walking} {
			cfg := sim.Config{Placement: pl, Activity: act, Rate: 100, Gyro: true, Duration: 20, Noise: 0.3, Standing: 4.5, Seed: uint64(90 + 2*i + j), Tilt: [3]float64{0.2, 0.3, 0.5}}
			ss, _, _, err := sim.Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, unit := range []struct {
				name  string
				scale float64
			}{{"rad/s", 1}, {"deg/s", 180 / math.Pi}} {
				var b strings.Builder
				b.WriteString("t,ax,ay,az,gx,gy,gz\n")
				for _, s := range ss {
					fmt.Fprintf(&b, "%.4f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0, s.Gyr[0]*unit.scale, s.Gyr[1]*unit.scale, s.Gyr[2]*unit.scale)
				}
				r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "start.csv"})
				if err != nil {
					t.Fatal(err)
				}
				if st := r.Stats(); st.GyroUnit != unit.name {
					t.Errorf("%v %v from standing, %s: read as %s", pl, act, unit.name, st.GyroUnit)
				}
			}
		}
	}
}

// TestGyroUnitNoisyStill: a recording that starts standing still for the
// whole lookahead, its accelerometer noisy (0.05 g a sample: a cheap part,
// or one read at 1 kHz), its gyroscope in deg/s with a still sensor's
// ≈ 1 °/s of noise. The noise varied |a| by 0.05 g, over the 0.03 g a
// still sensor was allowed, so the sensor was judged moving, and its rates
// — 1 °/s against 0.1 g of spread, a ratio of about 19 — were read as
// rad/s (a real mobgap walk with that noise added: 3686 °/s "a step",
// warned of as a deg/s gyroscope read as rad/s). Noise does not carry
// from one sample to the next, movement does.
func TestGyroUnitNoisyStill(t *testing.T) {
	for _, c := range []struct {
		rate, standing float64
		act            sim.Activity
	}{{100, 6, sim.Walking}, {100, 6, sim.Running}, {1000, 1, sim.Walking}, {1000, 1, sim.Running}} {
		for _, noise := range []float64{0.3, 0.5, 0.8} { // m/s²: 0.03–0.08 g
			cfg := sim.Config{Placement: sim.Waist, Activity: c.act, Rate: c.rate, Gyro: true, Duration: c.standing + 5, Noise: noise, GyroNoise: 0.01, Standing: c.standing, Seed: 7, Tilt: [3]float64{0.2, 0.3, 0.5}}
			ss, _, _, err := sim.Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString("t,ax,ay,az,gx,gy,gz\n")
			for _, s := range ss {
				fmt.Fprintf(&b, "%.4f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", s.T, s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0, s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
			}
			r, err := sensor.NewCSVReader(strings.NewReader(b.String()), sensor.CSVOptions{Name: "still.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if st := r.Stats(); st.GyroUnit != "deg/s" {
				t.Errorf("%v Hz, %v after %v s still, noise %.2f g: gyro read as %s, want deg/s", c.rate, c.act, c.standing, noise/sensor.G0, st.GyroUnit)
			}
		}
	}
}
