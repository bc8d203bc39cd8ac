package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// part is one stretch of a spliced recording: a simulated configuration
// and how many seconds of it to keep (standing: that many seconds of the
// configuration's quiet standing).
type part struct {
	cfg      sim.Config
	dur      float64
	standing bool
}

// spliced is a recording joined from parts: samples (SI units, times
// from 0), the reference contacts that lie whole inside a part, and the
// spans judged: each part's but a standing one's, less margin s on either
// side of a splice where the gait changes (changes).
type spliced struct {
	ss     []sensor.Sample
	layout sensor.Layout
	truth  []sim.Contact
	bouts  [][2]float64
}

// splicePoint is where a part is cut at or after t: the middle of a flight
// (running, waist), of a step (walking, waist), or of a stance of the
// instrumented foot (shoe, shank), so that neighbouring parts meet where
// their signals are alike (free fall, single support, a still shank).
func splicePoint(cfg sim.Config, tr []sim.Contact, t float64) float64 {
	for i := 0; i+1 < len(tr); i++ {
		c := tr[i]
		switch {
		case cfg.Placement == sim.Shoe || cfg.Placement == sim.Shank:
			if c.Side == cfg.Side && c.IC >= t {
				return (c.IC + c.FC) / 2
			}
		case cfg.Activity == sim.Running:
			if c.FC >= t {
				return (c.FC + tr[i+1].IC) / 2
			}
		default:
			if c.IC >= t {
				return (c.IC + tr[i+1].IC) / 2
			}
		}
	}
	return t
}

// changes reports whether the gait changes between parts a and b: standing
// on either side, or running on one and walking on the other.
func changes(a, b part) bool {
	return a.standing || b.standing || a.cfg.Activity != b.cfg.Activity
}

// splice joins the parts, each cut at splicePoint from 1.5 s into its own
// simulation (a standing part from its start, a part after a standing one
// too, from its standing start), the next sample one period after the last.
func splice(t *testing.T, margin float64, parts ...part) spliced {
	t.Helper()
	var r spliced
	off := 0.0
	for k, p := range parts {
		cfg := p.cfg
		cfg.Duration = p.dur + 6
		if p.standing {
			cfg.Standing = p.dur + 5
		}
		ss, layout, tr, err := sim.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		r.layout = layout
		start, end := 0.0, p.dur
		switch {
		case p.standing:
			tr = nil
		case cfg.Standing > 0:
			end = splicePoint(cfg, tr, p.dur)
		default:
			start = splicePoint(cfg, tr, 1.5)
			end = splicePoint(cfg, tr, start+p.dur)
		}
		shift, first := 0.0, true
		for _, s := range ss {
			if s.T < start || s.T >= end {
				continue
			}
			if first {
				shift, first = off-s.T, false
				if k > 0 {
					shift += 1 / cfg.Rate
				}
			}
			s.T += shift
			r.ss = append(r.ss, s)
		}
		for _, c := range tr {
			if c.IC >= start && c.FC < end {
				c.IC += shift
				c.FC += shift
				r.truth = append(r.truth, c)
			}
		}
		b := [2]float64{start + shift, end + shift}
		if k > 0 && changes(parts[k-1], p) {
			b[0] += margin
		}
		if k < len(parts)-1 && changes(p, parts[k+1]) {
			b[1] -= margin
		}
		if !p.standing {
			r.bouts = append(r.bouts, b)
		}
		off = r.ss[len(r.ss)-1].T
	}
	return r
}

// writeSpliced writes r as a trial folder: input.csv with the header hdr
// (its first column the time, in ms when named time_ms or timestamp, else
// in s) and the columns cols of each sample — "v", "ap" (acceleration in
// g) or "ax".."az" (m/s², clipped at ±clip when clip > 0), "gx".."gz"
// (rad/s) — the reference contacts (with their sides), and meta.json with
// the bouts judged.
func writeSpliced(t *testing.T, dir string, r spliced, hdr string, clip float64, meta map[string]any) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	names := strings.Split(hdr, ",")
	ms := names[0] == "time_ms" || names[0] == "timestamp"
	var in, tr strings.Builder
	in.WriteString(hdr + "\n")
	for _, s := range r.ss {
		if ms {
			fmt.Fprintf(&in, "%d", int64(math.Round(1000*s.T)))
		} else {
			fmt.Fprintf(&in, "%.6f", s.T)
		}
		for _, c := range names[1:] {
			switch c {
			case "acc_v", "acc_ap":
				fmt.Fprintf(&in, ",%.5f", s.Acc[map[string]int{"acc_v": 0, "acc_ap": 1}[c]]/sensor.G0)
			case "ax", "ay", "az":
				a := s.Acc[c[1]-'x']
				if clip > 0 {
					a = max(-clip, min(clip, a))
				}
				fmt.Fprintf(&in, ",%.4f", a)
			case "gx", "gy", "gz":
				fmt.Fprintf(&in, ",%.4f", s.Gyr[c[1]-'x'])
			default:
				t.Fatalf("column %q", c)
			}
		}
		in.WriteString("\n")
	}
	tr.WriteString("ic_s,fc_s,side\n")
	for _, c := range r.truth {
		fmt.Fprintf(&tr, "%.6f,%.6f,%c\n", c.IC, c.FC, c.Side)
	}
	meta["bouts"] = r.bouts
	mj, _ := json.Marshal(meta)
	for name, text := range map[string]string{"input.csv": in.String(), "truth.csv": tr.String(), "meta.json": string(mj)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkBar scores root with gaitd eval and holds every trial row to the
// acceptance bar (F1 ≥ 0.97, GCT MAE ≤ 20 ms, cadence within 1 step/min);
// want is the number of rows.
func checkBar(t *testing.T, root string, want int) {
	t.Helper()
	if d := os.Getenv("GAITD_KEEP_TRIALS"); d != "" {
		os.CopyFS(filepath.Join(d, t.Name()), os.DirFS(root)) // to look into a failure
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	n := 0
	for name, f := range rows {
		if !strings.Contains(name, "/") || len(f) < 12 {
			continue
		}
		n++
		gct := strings.Split(f[9], "/")
		f1, _ := strconv.ParseFloat(f[3], 64)
		mae, _ := strconv.ParseFloat(gct[len(gct)-1], 64)
		cad, _ := strconv.ParseFloat(f[11], 64)
		t.Logf("%s: F1 %.3f, GCT MAE %.1f ms, cadence error %+.2f step/min", name, f1, mae, cad)
		if f1 < 0.97 || !(mae <= 20) || !(math.Abs(cad) <= 1) {
			t.Errorf("%s: F1 %.3f, GCT MAE %.1f ms, cadence error %+.2f (bar: 0.97, 20 ms, 1 step/min)\n%s", name, f1, mae, cad, strings.Join(f, " "))
		}
	}
	if n != want {
		t.Errorf("%d trial rows, want %d: %v", n, want, rows)
	}
}

// TestEvalShankWalkRunSwitching: a left shank recorded at 143 Hz as a
// logger writes it — time in whole ms (steps of 7 and 8 ms), acceleration in
// m/s² clipped at ±78.45 (±8 g), gyro in rad/s, under `time_ms` or
// `timestamp` — switching between walking and running inside one file
// (walk 1.2 m/s, run 4.5, walk 0.9, run 5.5, walk 1.3, 10–12 s each), with
// and without the gyro, scored by `gaitd eval` over each part (the
// contacts cut by a splice, 0.8 s either side, not judged). Every file
// meets the bar: F1 1.000, GCT MAE 3.8 ms without the gyro and 3.9 with it,
// cadence within 0.04 step/min. Without the gyro the first one or two
// contacts of each walk after a run read their toe-offs 73–100 ms after
// IC, GCT 0.5–0.6 s short (the toe-off looked for within 0.75 of a run's
// stride: GCT MAE 21.7 ms over the file), and a contact was made up in the
// swing of the walk after the 4.5 m/s run, its true one lost (F1 0.992,
// cadence +0.61): accToeOffHump, fillTail, and
// TestShankAccOnlyWalkAfterRunToeOff, TestShankAccOnlyWalkAfterRunNoSwingStance.
func TestEvalShankWalkRunSwitching(t *testing.T) {
	root := t.TempDir()
	for _, gyro := range []bool{false, true} {
		seed := uint64(40)
		mk := func(act sim.Activity, v, dur float64) part {
			seed++
			return part{cfg: sim.Config{Activity: act, Placement: sim.Shank, Speed: v, Rate: 143, Gyro: gyro, Noise: 0.3, GyroNoise: 0.02,
				Side: 'L', Tilt: [3]float64{0.2, 0.3, 0.5}, Seed: seed}, dur: dur}
		}
		r := splice(t, 0.8, mk(sim.Walking, 1.2, 12), mk(sim.Running, 4.5, 12), mk(sim.Walking, 0.9, 12),
			mk(sim.Running, 5.5, 10), mk(sim.Walking, 1.3, 10))
		for _, tc := range []string{"time_ms", "timestamp"} {
			hdr := tc + ",ax,ay,az"
			if gyro {
				hdr += ",gx,gy,gz"
			}
			writeSpliced(t, filepath.Join(root, "shank", fmt.Sprintf("%s_gyro%v", tc, gyro)), r, hdr, 8*sensor.G0,
				map[string]any{"placement": "shank", "side": "L"})
		}
	}
	checkBar(t, root, 4)
}

// TestEvalTreadmillProtocol: one long file of a treadmill protocol from a
// sacral sensor with vertical and anteroposterior channels only (in g,
// 100 Hz, noise 0.4 m/s²): 8 s standing, a 12 s walk at 1.2 m/s, speeds
// stepping 2.5 → 3.5 → 4.5 → 5.5 m/s with 3–4 s accelerations between (0.8 s
// parts 0.2 m/s apart), grades changing mid-speed (+5 %, −5 %, +10 %, the
// trunk leaning with them), a 4 s slow-down to a 15 s walk and 8 s
// standing: about 3 min. Scored by `gaitd eval` over the parts (0.4 s
// either side of a splice where the gait changes not judged; the
// accelerations' parts are) it meets the bar: F1 1.000, GCT MAE 7.2 ms,
// cadence −0.01 step/min (200 Hz, reversed: 1.000, 6.9 ms, −0.24; GCT MAE
// 4.6 and 3.9 ms before 2026-11-26's toe-off change). Until
// the waist's search back after a run (2026-11-26) the walk's first two
// contacts after the run were missed (0.999, +0.21; 0.999, −0.02).
// GAITD_LONG=1 adds the same file at 200 Hz with V and AP reversed (the
// sensor worn upside down and backwards: −1 g at rest).
func TestEvalTreadmillProtocol(t *testing.T) {
	root := t.TempDir()
	rates := []float64{100}
	if os.Getenv("GAITD_LONG") != "" {
		rates = append(rates, 200)
	}
	for _, rate := range rates {
		seed := uint64(7)
		mk := func(act sim.Activity, v, grade, dur float64) part {
			seed++
			return part{cfg: sim.Config{Activity: act, Placement: sim.Waist, Speed: v, Rate: rate, Grade: grade, Lean: 0.05 + grade/2,
				Noise: 0.4, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Seed: seed}, dur: dur}
		}
		parts := []part{{cfg: mk(sim.Running, 2.5, 0, 0).cfg, dur: 8, standing: true}, mk(sim.Walking, 1.2, 0, 12)}
		for v := 2.0; v < 2.5; v += 0.25 {
			parts = append(parts, mk(sim.Running, v, 0, 1.2))
		}
		for i, v := range []float64{2.5, 3.5, 4.5, 5.5} {
			grades := [][2]float64{{0, 0.05}, {0.05, 0}, {0, -0.05}, {0.1, 0}}[i]
			parts = append(parts, mk(sim.Running, v, grades[0], 12), mk(sim.Running, v, grades[1], 12))
			for w := v + 0.2; i < 3 && w < v+1; w += 0.2 {
				parts = append(parts, mk(sim.Running, w, 0, 0.8))
			}
		}
		for w := 5.3; w > 2; w -= 0.8 {
			parts = append(parts, mk(sim.Running, w, 0, 1))
		}
		parts = append(parts, mk(sim.Walking, 1.4, 0, 15), part{cfg: mk(sim.Walking, 1, 0, 0).cfg, dur: 8, standing: true})
		r := splice(t, 0.4, parts...)
		if rate == 200 {
			for i := range r.ss {
				r.ss[i].Acc[0], r.ss[i].Acc[1] = -r.ss[i].Acc[0], -r.ss[i].Acc[1]
			}
		}
		writeSpliced(t, filepath.Join(root, "sacral", fmt.Sprintf("protocol_%.0fHz", rate)), r, "t,acc_v,acc_ap", 0,
			map[string]any{"placement": "sacrum"})
	}
	checkBar(t, root, len(rates))
}
