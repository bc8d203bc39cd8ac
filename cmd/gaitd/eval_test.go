package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// writeTrial writes a trial folder: the simulated recording, its truth
// (with or without the side column) and meta.json.
func writeTrial(t *testing.T, dir string, cfg sim.Config, sides bool, meta map[string]any) {
	t.Helper()
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var in, truth bytes.Buffer
	if err := sim.WriteCSV(&in, s); err != nil {
		t.Fatal(err)
	}
	tc := s.Truth()
	if cfg.Placement != sim.Waist {
		// a reference (force plate, insoles) sees both feet: the other
		// foot's contacts are those of the same run instrumented there
		other := cfg
		other.Side = 'L' + 'R' - cfg.Side
		o, err := sim.New(other)
		if err != nil {
			t.Fatal(err)
		}
		tc = append(tc, o.Truth()...)
		sort.Slice(tc, func(i, j int) bool { return tc[i].IC < tc[j].IC })
	}
	if err := sim.WriteTruthCSV(&truth, tc); err != nil {
		t.Fatal(err)
	}
	tr := truth.String()
	if !sides {
		var b strings.Builder
		for _, l := range strings.Split(strings.TrimRight(tr, "\n"), "\n") {
			b.WriteString(l[:strings.LastIndexByte(l, ',')] + "\n")
		}
		tr = b.String()
	}
	mj, _ := json.Marshal(meta)
	for name, text := range map[string]string{"input.csv": in.String(), "truth.csv": tr, "meta.json": string(mj)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// evalRows runs `gaitd eval root` and returns its per-trial rows by name
// (fields split on blanks), and stderr.
func evalRows(t *testing.T, root string) (map[string][]string, string, error) {
	t.Helper()
	stdout, stderr, err := runCmd(t, "eval", root)
	rows := map[string][]string{}
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) > 8 && f[0] != "trial" && f[0] != "set" {
			rows[f[0]] = f
		}
	}
	return rows, stderr, err
}

// TestEvalFootTruth: a shoe trial scored against truth of both feet, with
// and without the side column: the instrumented foot's contacts are found
// either way (alternate contacts when sides are not given), the true
// cadence counts both legs, and the tolerance is a quarter of a step, not
// of a stride.
func TestEvalFootTruth(t *testing.T) {
	root := t.TempDir()
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 30, Rate: 200, Gyro: true, Noise: 0.2, Side: 'L', Seed: 17}
	writeTrial(t, filepath.Join(root, "shoe", "sides"), cfg, true, map[string]any{"placement": "shoe", "side": "L"})
	writeTrial(t, filepath.Join(root, "shoe", "nosides"), cfg, false, map[string]any{"placement": "shoe"})
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, name := range []string{"shoe/sides", "shoe/nosides"} {
		f := rows[name]
		if f == nil {
			t.Fatalf("no row %s in %v", name, rows)
		}
		rec, _ := strconv.ParseFloat(f[2], 64)
		cad, _ := strconv.ParseFloat(f[8], 64)
		if rec < 0.95 || math.Abs(cad) > 1 {
			t.Errorf("%s: recall %v, cadence error %v (row %v)", name, rec, cad, f)
		}
	}
}

// TestEvalSidesColumn: a V+AP trial whose reference gives sides reads
// "none" in the side column (no contact could be labelled; the scoring
// rule's 0 % read as every label wrong), a reference without sides "—",
// and a 3-axis + gyro trial a percentage.
func TestEvalSidesColumn(t *testing.T) {
	root := t.TempDir()
	vap := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Frame: sensor.FrameAnatomical, Axes: [3]bool{true, true, false}, Noise: 0.2, Seed: 23}
	full := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Gyro: true, Tilt: [3]float64{0.1, 0.2, 0.5}, Noise: 0.2, Seed: 23}
	meta := map[string]any{"placement": "sacrum"}
	writeTrial(t, filepath.Join(root, "s", "vap_sides"), vap, true, meta)
	writeTrial(t, filepath.Join(root, "s", "vap_nosides"), vap, false, meta)
	writeTrial(t, filepath.Join(root, "s", "full_sides"), full, true, meta)
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for name, want := range map[string]string{"s/vap_sides": "none", "s/vap_nosides": "—", "s/full_sides": "%"} {
		f := rows[name]
		if len(f) < 10 {
			t.Fatalf("no row %s in %v", name, rows)
		}
		if got := f[len(f)-2]; !strings.Contains(got, want) || (want == "%" && got == "0.0%") { // …, side, VO
			t.Errorf("%s: side column %q, want %q (row %v)", name, got, want, f)
		}
	}
}

func TestTrialNames(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct{ root, dir, set, name string }{
		{root, root + "/davis/run1", "davis", "run1"},
		{root + "/", root + "/davis/run1", "davis", "run1"},
		{root + "/davis", root + "/davis/run1", "davis", "run1"},
		{root + "/davis/run1/", root + "/davis/run1/", "davis", "run1"},
		{root, root + "/clinicA/walk/t1", "clinicA/walk", "t1"},
		{root, root + "/clinicB/walk/t1", "clinicB/walk", "t1"},
	} {
		if set, name := trialNames(tc.root, tc.dir); set != tc.set || name != tc.name {
			t.Errorf("trialNames(%q, %q) = %q, %q; want %q, %q", tc.root, tc.dir, set, name, tc.set, tc.name)
		}
	}
}

// TestEvalTrialProblems: the per-step vo_mm list is a VO reference, bad
// input lines are reported per trial, and a trial the engine refuses is
// named with its file.
func TestEvalTrialProblems(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, filepath.Join(root, "set", "vo"), run, true, map[string]any{"placement": "waist", "vo_mm": []float64{70, 80, 90}})
	writeTrial(t, filepath.Join(root, "set", "bad"), run, true, map[string]any{"placement": "waist"})
	in := filepath.Join(root, "set", "bad", "input.csv")
	b, _ := os.ReadFile(in)
	lines := strings.Split(string(b), "\n")
	lines[500] = "garbage"
	os.WriteFile(in, []byte(strings.Join(lines, "\n")), 0o644)
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if f := rows["set/vo"]; f == nil || f[len(f)-1] != "mm" {
		t.Errorf("no VO error from the vo_mm list: %v", f)
	}
	if !strings.Contains(stderr, "set/bad: 1 bad input lines skipped (first: "+in+":501:") {
		t.Errorf("stderr %q", stderr)
	}
	// a trial where nothing is detected (the sensor lay still): P, R and
	// F1 are 0, not NaN, its cadence error "—", and the set's line counts
	// it as a trial without a cadence beside the other trials' worst error
	// (a NaN there hid theirs)
	still := filepath.Join(root, "set", "still")
	writeTrial(t, still, run, true, map[string]any{"placement": "waist"})
	var sb strings.Builder
	sb.WriteString("t,acc_v\n")
	for i := range 2000 {
		fmt.Fprintf(&sb, "%.2f,1.0\n", float64(i)/100)
	}
	os.WriteFile(filepath.Join(still, "input.csv"), []byte(sb.String()), 0o644)
	stdout, _, _ := runCmd(t, "eval", root)
	seen := 0
	for _, l := range strings.Split(stdout, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) > 4 && f[0] == "set/still":
			seen++
			if f[1] != "0.000" || f[2] != "0.000" || f[3] != "0.000" || !strings.Contains(l, " — ") || strings.Contains(l, "NaN") {
				t.Errorf("still trial: %q", l)
			}
		case len(f) > 10 && f[0] == "set" && f[1] != "(pooled)":
			seen++
			i := slices.Index(f, "(1")
			if !strings.HasSuffix(l, "(1 trial(s) without a cadence)") || i < 2 || strings.Contains(l, "NaN") {
				t.Errorf("set line %q: want the worst cadence error and one trial without a cadence", l)
			} else if v, err := strconv.ParseFloat(f[i-2], 64); err != nil || v > 1 {
				t.Errorf("set line %q: worst cadence error %q of the trials with one", l, f[i-2])
			}
		}
	}
	if seen != 2 {
		t.Errorf("trial and set lines not found in\n%s", stdout)
	}
	os.RemoveAll(still)
	// the time column's rate, not a nominal fs it contradicts, is used
	// (and the contradiction said); fs serves a file without a time
	// column, and one out of range is an error naming the file
	slow := run
	slow.Rate = 25
	writeTrial(t, filepath.Join(root, "set", "slow"), slow, true, map[string]any{"placement": "waist", "fs": 10})
	rows, stderr, err = evalRows(t, root)
	if f := rows["set/slow"]; err != nil || f == nil || f[3] == "0.000" || !strings.Contains(stderr, "set/slow: meta.json's fs 10 Hz, the time column's 25 Hz: the time column's used") {
		t.Errorf("fs against the time column: row %v, error %v, stderr %q", f, err, stderr)
	}
	noTime := filepath.Join(root, "set", "slow", "input.csv")
	b, _ = os.ReadFile(noTime)
	var nt strings.Builder
	for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		_, rest, _ := strings.Cut(l, ",")
		if i == 0 && !strings.HasPrefix(l, "t,") {
			t.Fatalf("header %q", l)
		}
		nt.WriteString(rest + "\n")
	}
	os.WriteFile(noTime, []byte(nt.String()), 0o644)
	_, stderr, err = evalRows(t, root)
	want := noTime + ": gait: sample rate 10 Hz out of range"
	if err == nil || !strings.Contains(stderr, want) {
		t.Errorf("error %v, stderr %q; want %q", err, stderr, want)
	}
}

// TestEvalTimeBase: a reference on another time base than input.csv (epoch
// time in the input, seconds from the start in truth.csv) is an error
// saying so, not a row of zeros; a trial whose input holds no contact
// (3 s of a still sensor) says why, and one of five samples that it is too
// short (not that it is on another time base); a meta.json without a
// placement says that; and
// meta.json's acc_unit reads an input in mg whose header cannot say so.
func TestEvalTimeBase(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	for _, n := range []string{"epoch", "short", "noplace", "mg", "g", "tiny"} {
		writeTrial(t, filepath.Join(root, "set", n), run, true, map[string]any{"placement": "waist"})
	}
	rewrite := func(n string, f func(i int, l string) string) {
		p := filepath.Join(root, "set", n, "input.csv")
		b, _ := os.ReadFile(p)
		var out strings.Builder
		for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if s := f(i, l); s != "" {
				out.WriteString(s + "\n")
			}
		}
		os.WriteFile(p, []byte(out.String()), 0o644)
	}
	rewrite("epoch", func(i int, l string) string {
		if i == 0 {
			return l
		}
		t0, rest, _ := strings.Cut(l, ",")
		v, _ := strconv.ParseFloat(t0, 64)
		return fmt.Sprintf("%.4f,%s", 1.7e9+v, rest)
	})
	// the first n samples' times, the sensor standing still
	still := func(n int) func(int, string) string {
		return func(i int, l string) string {
			switch {
			case i == 0:
				return l
			case i > n:
				return ""
			}
			t0, _, _ := strings.Cut(l, ",")
			return t0 + ",0,0,1"
		}
	}
	rewrite("short", still(300)) // 3 s
	rewrite("tiny", still(5))
	rewrite("mg", func(i int, l string) string {
		f := strings.Split(l, ",")
		if i == 0 {
			return l // t,ax,ay,az: no unit
		}
		for k := 1; k < len(f); k++ {
			v, _ := strconv.ParseFloat(f[k], 64)
			f[k] = fmt.Sprintf("%.2f", v*1000) // (the simulator writes g)
		}
		return strings.Join(f, ",")
	})
	os.WriteFile(filepath.Join(root, "set", "noplace", "meta.json"), []byte(`{"fs": 100}`), 0o644)
	os.WriteFile(filepath.Join(root, "set", "mg", "meta.json"), []byte(`{"placement": "waist", "acc_unit": "mg"}`), 0o644)
	rows, stderr, err := evalRows(t, root)
	if err == nil {
		t.Error("eval: no error for the trials that cannot be run")
	}
	for _, want := range []string{
		filepath.Join(root, "set", "epoch") + ": the reference contacts (",
		") lie outside input.csv's samples (1700000000.000–1700000020.000 s): not on one time base?",
		"set/short: no contacts: ",
		filepath.Join(root, "set", "noplace", "meta.json") + ": no placement (want waist, shoe or shank)",
		filepath.Join(root, "set", "tiny") + ": input.csv holds 5 sample(s) over 0.040 s: too short to score",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if mg, g := rows["set/mg"], rows["set/g"]; mg == nil || g == nil || strings.Join(mg[1:8], " ") != strings.Join(g[1:8], " ") || g[3] == "0.000" {
		t.Errorf("input in mg with acc_unit: %v; in g: %v", mg, g)
	}
}

// TestAnalyzeOneFootDead: with a sensor on each foot and one of them
// finding no contact (dead, still), the run is the other foot's alone, as
// with --side, and says so.
func TestAnalyzeOneFootDead(t *testing.T) {
	left, truth := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 30, Rate: 100, Gyro: true, Noise: 0.2, Side: 'L', Seed: 29})
	var still strings.Builder
	still.WriteString("t,ax,ay,az,gx,gy,gz\n")
	for i := range 3000 {
		fmt.Fprintf(&still, "%.2f,0.01,0.02,0.99,0.1,-0.2,0.1\n", float64(i)/100)
	}
	l, r := writeTemp(t, "left.csv", left), writeTemp(t, "right.csv", still.String())
	dir := t.TempDir()
	sumName := filepath.Join(dir, "s.json")
	stdout, stderr, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", sumName, l, r)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	sum := readSummary(t, sumName)
	trueCad := 60 / ((truth[len(truth)-1].IC - truth[0].IC) / float64(len(truth)-1))
	if truth[0].Side == truth[1].Side {
		trueCad *= 2 // the instrumented foot's contacts only: a stride apart
	}
	if !strings.Contains(stderr, "right.csv: no foot contacts found; the run is the left foot's alone") ||
		!strings.Contains(sum.Reason, "the run is the left foot's alone") || sum.CadenceSPM == nil || math.Abs(*sum.CadenceSPM-trueCad) > 1 {
		t.Errorf("stderr %q, reason %q, cadence %s (truth %.1f)\n%s", stderr, sum.Reason, fmtPtr(sum.CadenceSPM), trueCad, stdout)
	}
}

// TestAlternate: the instrumented foot's contacts are picked from a
// truth of both feet without sides per stretch of alternating steps, so a
// second pass that starts on the other foot, or a contact the reference
// missed, does not swap the feet for the rest of the trial.
func TestAlternate(t *testing.T) {
	var truth []eval.Truth
	var det []gait.Contact
	var want []float64
	add := func(ic float64, left bool) {
		truth = append(truth, eval.Truth{IC: ic, FC: math.NaN()})
		if left {
			det = append(det, gait.Contact{IC: ic + 0.01})
			want = append(want, ic)
		}
	}
	for i := range 20 { // pass 1 starts left; right contact 9 not in the reference
		if i != 9 {
			add(0.35*float64(i), i%2 == 0)
		}
	}
	for i := range 20 { // pass 2, after a pause, starts right
		add(12+0.35*float64(i), i%2 == 1)
	}
	own := alternate(truth, det, 0.35)
	var got []float64
	for _, o := range own {
		got = append(got, o.IC)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("picked %v\nwant   %v", got, want)
	}
	// a labelled truth of the instrumented foot only: the tolerance is a
	// quarter of the step, half its interval
	var left []eval.Truth
	for i := range 10 {
		left = append(left, eval.Truth{IC: 0.7 * float64(i), Side: gait.Left})
	}
	if _, step := footTruths(left, gait.Left, det); math.Abs(step-0.35) > 1e-9 {
		t.Errorf("step %v from a one-foot truth, want 0.35", step)
	}
}

// TestEvalAccOnly: --acc-only scores the same trials with the gyroscope
// hidden (a review found it failing every trial's time-base check: the
// samples were read past the span counter).
func TestEvalAccOnly(t *testing.T) {
	root := t.TempDir()
	writeTrial(t, filepath.Join(root, "set", "walk"), sim.Config{Activity: sim.Walking, Duration: 30, Rate: 100, Gyro: true, Noise: 0.2, Seed: 29}, true, map[string]any{"placement": "waist"})
	for _, args := range [][]string{{"eval", root}, {"eval", "--acc-only", root}} {
		stdout, stderr, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		var f1 float64
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) > 4 && f[0] == "set/walk" {
				f1, _ = strconv.ParseFloat(f[3], 64)
			}
		}
		if f1 < 0.95 {
			t.Errorf("%v: F1 %.3f\n%s", args, f1, stdout)
		}
	}
}

// TestEvalUnitFlags: an --acc-unit or --gyro-unit that names no unit is
// refused at once, naming the flag, before the table's header: it was an
// error per trial, each naming its input.csv.
func TestEvalUnitFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ flag, value, want string }{
		{"--acc-unit", "kg", `--acc-unit: unknown acceleration unit "kg"`},
		{"--gyro-unit", "raw:-5", `--gyro-unit: gyro unit "raw:-5": want raw:<lsb_per_dps>`},
	} {
		out, _, err := runCmd(t, "eval", tc.flag, tc.value, dir)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || out != "" {
			t.Errorf("eval %s %s: error %v, stdout %q; want %q and nothing printed", tc.flag, tc.value, err, out, tc.want)
		}
	}
}

// TestEvalReferenceChecks: what a reference can get wrong is said, not
// scored silently (a black-box round of eval): bouts on another time base
// than truth.csv (every contact outside them: a row of NaN, exit 0) are an
// error; one foot's contacts as a waist trial's truth (a stride apart:
// P 0.5 and a cadence error of 88 steps/min) get a note; a placement the
// run's figures do not fit gets analyze's warning (pointing to meta.json's
// placement: eval has no --placement); and a trial without a
// time column or fs is told of fs, not of a flag eval lacks.
func TestEvalReferenceChecks(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	set := filepath.Join(root, "set")
	writeTrial(t, filepath.Join(set, "bouts"), run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1000, 1020}}})
	writeTrial(t, filepath.Join(set, "onefoot"), run, true, map[string]any{"placement": "waist"})
	writeTrial(t, filepath.Join(set, "shank"), run, true, map[string]any{"placement": "shank"})
	writeTrial(t, filepath.Join(set, "ok"), run, true, map[string]any{"placement": "waist"})
	tp := filepath.Join(set, "onefoot", "truth.csv")
	b, _ := os.ReadFile(tp)
	var keep []string
	for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 || i%2 == 1 {
			keep = append(keep, l)
		}
	}
	os.WriteFile(tp, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
	rows, stderr, err := evalRows(t, root)
	if err == nil || rows["set/bouts"] != nil || !strings.Contains(stderr, "set/bouts: meta.json's 1 bout(s) (1000.000–1020.000 s) hold none of truth.csv's") {
		t.Errorf("bouts on another time base: error %v, row %v, stderr %q", err, rows["set/bouts"], stderr)
	}
	if !strings.Contains(stderr, "set/onefoot: truth.csv's contacts are a stride apart") || strings.Contains(stderr, "set/ok: truth.csv") {
		t.Errorf("one foot's truth: stderr %q", stderr)
	}
	if !strings.Contains(stderr, "set/shank: analyze warns: ") || strings.Contains(stderr, "set/ok: analyze warns") ||
		!strings.Contains(stderr, "meta.json's placement") || strings.Contains(stderr, "--placement") {
		t.Errorf("a waist recording as a shank's: stderr %q", stderr)
	}
	if rows["set/ok"] == nil || rows["set/onefoot"] == nil {
		t.Errorf("rows %v", rows)
	}
	os.RemoveAll(filepath.Join(set, "bouts"))
	in := filepath.Join(set, "ok", "input.csv")
	b, _ = os.ReadFile(in)
	var nt strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		_, rest, _ := strings.Cut(l, ",")
		nt.WriteString(rest + "\n")
	}
	os.WriteFile(in, []byte(nt.String()), 0o644)
	_, stderr, err = evalRows(t, root)
	if err == nil || !strings.Contains(stderr, "set the sample rate (for eval: fs in meta.json)") {
		t.Errorf("no time column, no fs: error %v, stderr %q", err, stderr)
	}
}

// TestEvalVOReferenceUnit: a VO reference that no trunk moves — in metres
// (0.08), or 0 for unknown — is said and not scored; it was scored as
// 0.08 mm, the trial's VO error reading +80 mm (a black-box round). One in
// mm is scored as before.
func TestEvalVOReferenceUnit(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	for name, ref := range map[string]any{"mm": 80.0, "metres": 0.08, "zero": 0, "list_m": []float64{0.079, 0.081, 0.08}} {
		meta := map[string]any{"placement": "waist"}
		if l, ok := ref.([]float64); ok {
			meta["vo_mm"] = l
		} else {
			meta["vo_mm_median"] = ref
		}
		writeTrial(t, filepath.Join(root, "set", name), run, true, meta)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for name, want := range map[string]string{"metres": "0.08", "zero": "0", "list_m": "0.08"} {
		if f := rows["set/"+name]; f == nil || f[len(f)-1] != "—" {
			t.Errorf("%s: VO column %v, want —", name, f)
		}
		if !strings.Contains(stderr, "set/"+name+": meta.json's VO reference "+want+" mm is no vertical oscillation of a trunk") {
			t.Errorf("%s: not said; stderr %q", name, stderr)
		}
	}
	if f := rows["set/mm"]; f == nil || f[len(f)-1] != "mm" || strings.Contains(stderr, "set/mm: meta.json") {
		t.Errorf("mm: row %v, stderr %q", f, stderr)
	}
}

// TestEvalFootWrongSide: a foot trial whose meta.json names the other foot
// than the one the sensor was on — a clinic's most likely slip. Against a
// reference of both feet it scored P = R = 0 without a word; against the
// instrumented foot's contacts alone, a row of NaN. The first is now
// scored as given with a note that the other foot's contacts match, the
// second an error naming the side (a black-box round).
func TestEvalFootWrongSide(t *testing.T) {
	root := t.TempDir()
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 30, Rate: 200, Gyro: true, Noise: 0.2, Side: 'L', Seed: 17}
	writeTrial(t, filepath.Join(root, "shoe", "right"), cfg, true, map[string]any{"placement": "shoe", "side": "L"})
	writeTrial(t, filepath.Join(root, "shoe", "wrong"), cfg, true, map[string]any{"placement": "shoe", "side": "R"})
	writeTrial(t, filepath.Join(root, "shoe", "wrongonefoot"), cfg, true, map[string]any{"placement": "shoe", "side": "R"})
	tp := filepath.Join(root, "shoe", "wrongonefoot", "truth.csv")
	b, _ := os.ReadFile(tp)
	var keep []string
	for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 || strings.HasSuffix(l, ",L") {
			keep = append(keep, l)
		}
	}
	os.WriteFile(tp, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
	rows, stderr, err := evalRows(t, root)
	if err == nil || rows["shoe/wrongonefoot"] != nil || !strings.Contains(stderr, "wrongonefoot: truth.csv has no contact of the R foot, which meta.json's side names (its contacts: 0 R, ") {
		t.Errorf("one foot's truth, the other side named: error %v, row %v, stderr %q", err, rows["shoe/wrongonefoot"], stderr)
	}
	if f := rows["shoe/wrong"]; f == nil || !strings.Contains(stderr, "shoe/wrong: the detections match the L foot's reference contacts (") || strings.Contains(stderr, "shoe/right: the detections") {
		t.Errorf("both feet's truth, the other side named: row %v, stderr %q", f, stderr)
	}
	if f := rows["shoe/right"]; f == nil || f[3] != "1.000" {
		t.Errorf("the right side: row %v", f)
	}
}

// TestEvalSideFromPlacement: a foot trial whose placement names its side
// ("left shoe", "RightFoot") and whose meta.json has no side is read as
// that foot's, its contacts labelled (the side column read "none"); a
// placement and a side naming different feet are an error.
func TestEvalSideFromPlacement(t *testing.T) {
	root := t.TempDir()
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 30, Rate: 200, Gyro: true, Noise: 0.2, Side: 'L', Seed: 17}
	writeTrial(t, filepath.Join(root, "shoe", "words"), cfg, true, map[string]any{"placement": "left shoe"})
	writeTrial(t, filepath.Join(root, "shoe", "camel"), cfg, true, map[string]any{"placement": "LeftFoot"})
	writeTrial(t, filepath.Join(root, "shoe", "both"), cfg, true, map[string]any{"placement": "left shoe", "side": "L"})
	writeTrial(t, filepath.Join(root, "shoe", "clash"), cfg, true, map[string]any{"placement": "right shoe", "side": "L"})
	rows, stderr, err := evalRows(t, root)
	for _, name := range []string{"shoe/words", "shoe/camel", "shoe/both"} {
		if f := rows[name]; f == nil || f[3] != "1.000" || f[len(f)-2] != "100.0%" {
			t.Errorf("%s: row %v, want F1 1.000 and sides 100.0%%", name, f)
		}
	}
	if err == nil || rows["shoe/clash"] != nil || !strings.Contains(stderr, `clash/meta.json: placement "right shoe" and side "L" name different feet`) {
		t.Errorf("clash: error %v, row %v, stderr %q", err, rows["shoe/clash"], stderr)
	}
}

// shiftTruth rewrites the truth.csv at path with every contact's IC and FC
// shift s later: a reference on a clock a steady offset from the input's.
func shiftTruth(t *testing.T, path string, shift float64) {
	t.Helper()
	tr, err := eval.ReadTruth(strings.NewReader(mustRead(t, path)), path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("ic_s,fc_s,side\n")
	for _, c := range tr {
		fmt.Fprintf(&b, "%.4f,%.4f,%v\n", c.IC+shift, c.FC+shift, c.Side)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEvalClockOffset: a reference on a clock a steady offset from the
// input's (a force plate's or insoles' recording started 0.2 s apart from
// the IMU's), its contacts within the input's span, scored F1 0 without a
// word (davis with truth.csv 0.2 s late: P = R = 0; a black-box round). A
// trial that matches under half its reference and over a quarter of it
// more when the reference is shifted is now said, with the shift; scored
// as given. A reference on the input's clock gets no note.
func TestEvalClockOffset(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, filepath.Join(root, "set", "ok"), run, true, map[string]any{"placement": "waist"})
	writeTrial(t, filepath.Join(root, "set", "late"), run, true, map[string]any{"placement": "waist"})
	shiftTruth(t, filepath.Join(root, "set", "late", "truth.csv"), 0.2)
	rows, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if f := rows["set/late"]; f == nil || f[3] != "0.000" {
		t.Errorf("late: row %v, want F1 0.000 (scored as given)", f)
	}
	// (the shift with the smallest IC error: the detector's own IC bias,
	// −7 ms here, is in it)
	_, note, ok := strings.Cut(stderr, "set/late: truth.csv's contacts match ")
	if !ok || strings.Contains(stderr, "set/ok: truth.csv") {
		t.Fatalf("stderr %q, want a note of the late reference's shift only", stderr)
	}
	_, num, _ := strings.Cut(note, "shifted by ")
	var shift float64
	if _, err := fmt.Sscanf(num, "%f s", &shift); err != nil || math.Abs(shift+0.2) > 0.015 {
		t.Errorf("note %q: shift %v (%v), want −0.2 s within 15 ms", note, shift, err)
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEvalMetaUnits: meta.json's acc_unit in its common spellings reads
// the input as meant — an input in mg with "mG", one in g with "G" scored
// as with "g" — and one that names no unit is an error naming meta.json
// and the key (it was "unknown acceleration unit", blamed on input.csv;
// a black-box round).
func TestEvalMetaUnits(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	units := map[string]string{"plain": "g", "upper": "G", "milli": "mG", "kg": "kg"}
	for n, u := range units {
		writeTrial(t, filepath.Join(root, "set", n), run, true, map[string]any{"placement": "waist", "acc_unit": u})
	}
	p := filepath.Join(root, "set", "milli", "input.csv")
	var out strings.Builder
	for i, l := range strings.Split(strings.TrimSpace(mustRead(t, p)), "\n") {
		f := strings.Split(l, ",")
		for k := 1; k < len(f) && i > 0; k++ {
			v, _ := strconv.ParseFloat(f[k], 64)
			f[k] = fmt.Sprintf("%.2f", v*1000) // (the simulator writes g)
		}
		out.WriteString(strings.Join(f, ",") + "\n")
	}
	os.WriteFile(p, []byte(out.String()), 0o644)
	rows, stderr, err := evalRows(t, root)
	want := filepath.Join(root, "set", "kg", "meta.json") + `: acc_unit: unknown acceleration unit "kg"`
	if err == nil || rows["set/kg"] != nil || !strings.Contains(stderr, want) {
		t.Errorf("acc_unit kg: error %v, row %v, stderr %q; want %q", err, rows["set/kg"], stderr, want)
	}
	g := rows["set/plain"]
	if g == nil || g[3] == "0.000" {
		t.Fatalf("acc_unit g: row %v\n%s", g, stderr)
	}
	for _, n := range []string{"upper", "milli"} {
		if f := rows["set/"+n]; f == nil || strings.Join(f[1:8], " ") != strings.Join(g[1:8], " ") {
			t.Errorf("acc_unit %q: row %v, want as g's %v", units[n], f, g)
		}
	}
}

// TestEvalLongNames: a trial name longer than the name column's 34
// characters ("clinicA/subject_012_treadmill_3.5ms_incline5") widens the
// column for every line, so the columns stay in line: it pushed its own
// row's columns right of the others' (a black-box round). The column of
// short names stays 34 wide.
func TestEvalLongNames(t *testing.T) {
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	f1End := regexp.MustCompile(`^\s+\S+\s+\S+\s+\S+`) // P, R and F1 after the name
	for _, tc := range []struct {
		trials []string
		width  int // of the name column
	}{
		{[]string{"clinicA/short", "clinicA/subject_012_treadmill_3.5ms_incline5"}, len("clinicA/subject_012_treadmill_3.5ms_incline5")},
		{[]string{"clinicA/short", "clinicB/t1"}, 34},
	} {
		root := t.TempDir()
		for _, n := range tc.trials {
			writeTrial(t, filepath.Join(root, filepath.FromSlash(n)), run, true, map[string]any{"placement": "waist"})
		}
		stdout, stderr, err := runCmd(t, "eval", root)
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		rows := 0
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if l == "" {
				continue
			}
			label := strings.Fields(l)[0]
			if strings.HasPrefix(l, "set (pooled)") {
				label = "set (pooled)"
			}
			if slices.Contains(tc.trials, label) {
				rows++
			}
			// (names and labels are ASCII: bytes are columns)
			if end := len(label) + len(f1End.FindString(l[len(label):])); end != tc.width+1+3*6-1 {
				t.Errorf("%v: F1 column of %q ends at %d, want %d:\n%s", tc.trials, label, end, tc.width+1+3*6-1, stdout)
			}
		}
		if rows != len(tc.trials) {
			t.Errorf("%v: %d trial rows in\n%s", tc.trials, rows, stdout)
		}
	}
}

// TestEvalFootClockOffset: a shank trial whose reference (both feet's
// contacts) is on a clock 0.2 s from the input's scored 0 without a word;
// the clock-offset note covered waist trials only. A foot trial is now
// judged by the same rule against its own foot's contacts, at the trial's
// step: said with the shift, scored as given; one on the input's clock
// gets no note.
func TestEvalFootClockOffset(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 30, Rate: 200, Gyro: true, Noise: 0.2, Side: 'L', Seed: 17}
	for _, tc := range []struct {
		name  string
		meta  map[string]any
		shift float64 // added to truth.csv's times, s
		note  string  // "" for none
	}{
		{"ontime", map[string]any{"placement": "shank", "side": "L"}, 0, ""},
		{"late", map[string]any{"placement": "shank", "side": "L"}, 0.2, "truth.csv's contacts of the L foot match "},
		{"early", map[string]any{"placement": "shank", "side": "L"}, -0.15, "truth.csv's contacts of the L foot match "},
		{"noside", map[string]any{"placement": "shank"}, 0.2, "truth.csv's contacts of the instrumented foot match "},
	} {
		root := t.TempDir()
		writeTrial(t, filepath.Join(root, "shank", tc.name), cfg, true, tc.meta)
		shiftTruth(t, filepath.Join(root, "shank", tc.name, "truth.csv"), tc.shift)
		rows, stderr, err := evalRows(t, root)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, stderr)
		}
		f := rows["shank/"+tc.name]
		if f == nil {
			t.Fatalf("%s: no row in %v\n%s", tc.name, rows, stderr)
		}
		_, note, said := strings.Cut(stderr, "shank/"+tc.name+": truth.csv's contacts")
		if tc.note == "" {
			if said || f[3] != "1.000" {
				t.Errorf("%s: row %v, stderr %q; want F1 1.000 and no note", tc.name, f, stderr)
			}
			continue
		}
		if f[3] == "1.000" || !strings.Contains(stderr, "shank/"+tc.name+": "+tc.note) {
			t.Errorf("%s: row %v, stderr %q; want the note %q (scored as given)", tc.name, f, stderr, tc.note)
			continue
		}
		_, num, _ := strings.Cut(note, "shifted by ")
		var shift float64
		if _, err := fmt.Sscanf(num, "%f s", &shift); err != nil || math.Abs(shift+tc.shift) > 0.015 {
			t.Errorf("%s: note %q: shift %v (%v), want %+.3f s within 15 ms", tc.name, note, shift, err, -tc.shift)
		}
	}
}

// TestEvalTruthRowsWithoutIC: truth.csv's rows without an IC (empty, NA,
// NaN) are skipped, as a reference writes a contact it could not time, and
// said per trial (a typo's NaN lowered precision without a word — an
// audit); so is a foot's side in a waist trial's meta.json.
func TestEvalTruthRowsWithoutIC(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	set := filepath.Join(root, "set")
	writeTrial(t, filepath.Join(set, "gaps"), run, true, map[string]any{"placement": "waist", "side": "L"})
	writeTrial(t, filepath.Join(set, "ok"), run, true, map[string]any{"placement": "waist"})
	tp := filepath.Join(set, "gaps", "truth.csv")
	lines := strings.Split(strings.TrimSpace(mustRead(t, tp)), "\n")
	lines[5], lines[9] = "NaN,NaN,", ",0.9,L"
	if err := os.WriteFile(tp, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil || rows["set/gaps"] == nil || rows["set/ok"] == nil {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	if !strings.Contains(stderr, "set/gaps: truth.csv has 2 row(s) without an initial contact") || strings.Contains(stderr, "set/ok: truth.csv has") {
		t.Errorf("stderr %q", stderr)
	}
	// (and a foot's side on a waist's trial is said, not used)
	if !strings.Contains(stderr, `set/gaps: meta.json's side "L" names a foot sensor's foot: not used for a waist sensor`) || strings.Contains(stderr, "set/ok: meta.json's side") {
		t.Errorf("side on a waist: stderr %q", stderr)
	}
}

// TestEvalNothingRun: a folder that is not there is named as given (it
// said "lstat DIR: …", a system call's name), and when no trial could be
// run no set's table is printed — its header stood over nothing (an
// audit).
func TestEvalNothingRun(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	if _, _, err := runCmd(t, "eval", missing); err == nil || err.Error() != missing+": no such file or directory" {
		t.Errorf("missing folder: %v", err)
	}
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 10, Rate: 100, Seed: 3}
	writeTrial(t, filepath.Join(root, "set", "bad"), run, true, map[string]any{"placement": "waist"})
	tp := filepath.Join(root, "set", "bad", "truth.csv")
	if err := os.WriteFile(tp, []byte("ic_s\n1.0\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "eval", root)
	if err == nil || strings.Contains(stdout, "set (pooled)") || !strings.Contains(stderr, `truth.csv:3: ic_s: "x" is not a number`) {
		t.Errorf("no trial run: error %v, stdout %q, stderr %q", err, stdout, stderr)
	}
}

// TestEvalActivityCompared: meta.json's activity is not given to the
// engine, but a trial the engine reads as the other gait is said beside
// its row ("jogging" is running, "stairs" is neither and said not to be
// compared); a trial that agrees, in any wording, says nothing.
func TestEvalActivityCompared(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	walk := sim.Config{Activity: sim.Walking, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	set := filepath.Join(root, "set")
	for name, tc := range map[string]struct {
		cfg sim.Config
		act string
	}{
		"run-as-walk": {run, "walking"}, "walk-as-run": {walk, "Treadmill running"},
		"jog": {run, "jogging"}, "stairs": {walk, "stairs"}, "run": {run, "running"}, "walk": {walk, "walk"},
	} {
		writeTrial(t, filepath.Join(set, name), tc.cfg, true, map[string]any{"placement": "waist", "activity": tc.act})
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil || len(rows) != 6 {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	for _, want := range []string{
		`set/run-as-walk: meta.json's activity "walking", but the engine found running (a flight phase) in `,
		`set/walk-as-run: meta.json's activity "Treadmill running", but the engine found walking (no flight phase) in `,
		`set/stairs: meta.json's activity "stairs" is neither walking nor running: not compared with the activity found`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, quiet := range []string{"set/jog:", "set/run:", "set/walk:"} {
		if strings.Contains(stderr, quiet) {
			t.Errorf("%s said something:\n%s", quiet, stderr)
		}
	}
}

// TestEvalUnreadableFolder: a folder below DIR that cannot be read (no
// permission) is named on standard error with why and makes eval exit
// non-zero; the other trials are still scored. The scan stopped at it
// before: "open …/locked: permission denied" and no trial scored (a
// black-box round).
func TestEvalUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	run := sim.Config{Activity: sim.Running, Duration: 10, Rate: 100, Seed: 3}
	for _, locked := range []string{"set/locked", "other"} {
		root := t.TempDir()
		writeTrial(t, filepath.Join(root, "set", "ok"), run, true, map[string]any{"placement": "waist"})
		dir := filepath.Join(root, filepath.FromSlash(locked))
		writeTrial(t, filepath.Join(dir, "trial"), run, true, map[string]any{"placement": "waist"})
		if err := os.Chmod(dir, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		rows, stderr, err := evalRows(t, root)
		if rows["set/ok"] == nil {
			t.Errorf("%s locked: set/ok not scored: error %v, stderr %q", locked, err, stderr)
		}
		if want := dir + ": cannot be read: permission denied"; err == nil || !strings.Contains(stderr, want) {
			t.Errorf("%s locked: error %v, stderr %q; want %q and an error", locked, err, stderr, want)
		}
	}
}

// TestEvalInputGaps: reference contacts that fall in a gap of input.csv
// (a radio dropout: no samples) are scored as missed, as the rule says, but
// said beside the trial's row with the gaps' extent: the recall of a trial
// with a 1 s dropout fell from 1 to 0.86 without a word (a black-box round).
// A trial without gaps says nothing of them; one whose clock restarts says
// that.
func TestEvalInputGaps(t *testing.T) {
	root := t.TempDir()
	cases := []struct {
		name  string
		drops []sim.Gap
		want  string // regexp of the note, "" for none
	}{
		{"none", nil, ""},
		{"one", []sim.Gap{{Start: 8, Dur: 2}}, `set/one: input\.csv has 1 gap\(s\) without samples \(2\.0\d s in all, the longest 7\.99–10\.00 s\): [5-7] of the reference's contacts lie in them, scored as missed`},
		{"two", []sim.Gap{{Start: 4, Dur: 1}, {Start: 12, Dur: 3}}, `set/two: input\.csv has 2 gap\(s\) without samples \(4\.0\d s in all, the longest 11\.99–15\.00 s\): \d+ of the reference's contacts lie in them, scored as missed`},
	}
	for _, tc := range cases {
		run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23, Dropouts: tc.drops}
		writeTrial(t, filepath.Join(root, "set", tc.name), run, true, map[string]any{"placement": "waist"})
	}
	// a clock that restarts (a device reset: the time column back to 0
	// at 10 s) is read on 3 s after the old clock, a gap; it is said as
	// analyze says it, or the gap read as a dropout the file does not have
	reset := filepath.Join(root, "set", "reset")
	writeTrial(t, reset, sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}, true, map[string]any{"placement": "waist"})
	b, _ := os.ReadFile(filepath.Join(reset, "input.csv"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for i, l := range lines[1:] {
		if ts, rest, _ := strings.Cut(l, ","); i >= 1000 {
			v, _ := strconv.ParseFloat(ts, 64)
			lines[i+1] = fmt.Sprintf("%.6f,%s", v-10, rest)
		}
	}
	os.WriteFile(filepath.Join(reset, "input.csv"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	rows, stderr, err := evalRows(t, root)
	if err != nil || len(rows) != len(cases)+1 {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	if want := "set/reset: input.csv: the clock restarted 1 time(s)"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	// the 3 s the reader put between the clocks is not a gap of the file
	// (it was said as one too: a review)
	if strings.Contains(stderr, "set/reset: input.csv has") {
		t.Errorf("a restarted clock said as a gap:\n%s", stderr)
	}
	for _, tc := range cases {
		said := strings.Contains(stderr, "set/"+tc.name+": input.csv has")
		if tc.want == "" {
			if said {
				t.Errorf("%s: gaps said:\n%s", tc.name, stderr)
			}
			continue
		}
		if !regexp.MustCompile(tc.want).MatchString(stderr) {
			t.Errorf("%s: stderr lacks %s:\n%s", tc.name, tc.want, stderr)
		}
	}
}

// TestEvalInputGapsBouts: with bouts in meta.json, a gap outside every
// bout changes no score and is not said; one inside a bout is, with the
// contacts in it that are judged (a review: the note counted every
// contact in a gap).
func TestEvalInputGapsBouts(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23, Dropouts: []sim.Gap{{Start: 8, Dur: 2}}}
	writeTrial(t, filepath.Join(root, "set", "outside"), run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1, 7}, {11, 19}}})
	writeTrial(t, filepath.Join(root, "set", "inside"), run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1, 9}}})
	_, stderr, err := evalRows(t, root)
	if err != nil {
		t.Fatalf("error %v, stderr %q", err, stderr)
	}
	if strings.Contains(stderr, "set/outside: input.csv has") {
		t.Errorf("a gap outside the bouts said:\n%s", stderr)
	}
	// the gap 7.99–10.00 s, of which 7.99–9 is judged: 2 or 3 contacts
	if !regexp.MustCompile(`set/inside: input\.csv has 1 gap\(s\) without samples \(2\.0\d s in all, the longest 7\.99–10\.00 s\): [2-3] of the reference's contacts`).MatchString(stderr) {
		t.Errorf("the gap inside a bout, its judged contacts:\n%s", stderr)
	}
}

// TestEvalContactsOutsideInput: reference contacts outside input.csv's
// samples (an input cut shorter than the reference) cannot be detected and
// are scored as missed; they are said, however little outside they lie.
// Only those more than 1 s outside were: davis with its input cut to
// 0.5–9.2 s scored R 0.862 without a word (a black-box round).
func TestEvalContactsOutsideInput(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	cases := []struct {
		name     string
		from, to float64 // the input's samples kept, s
		want     string  // regexp of the note, "" for none
	}{
		{"whole", 0, 20, ""},
		{"cut", 0.5, 19.2, `set/cut: [2-5] of \d+ reference contacts lie outside input\.csv's samples \(0\.500–19\.200 s\): scored as missed`},
		{"short", 3, 17, `set/short: (1[0-9]|[89]) of \d+ reference contacts lie outside input\.csv's samples \(3\.000–17\.000 s\): scored as missed`},
	}
	for _, tc := range cases {
		dir := filepath.Join(root, "set", tc.name)
		writeTrial(t, dir, run, true, map[string]any{"placement": "waist"})
		in := filepath.Join(dir, "input.csv")
		b, _ := os.ReadFile(in)
		var keep []string
		for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			ts, _, _ := strings.Cut(l, ",")
			if v, err := strconv.ParseFloat(ts, 64); i == 0 || err == nil && v >= tc.from-1e-9 && v <= tc.to+1e-9 {
				keep = append(keep, l)
			}
		}
		os.WriteFile(in, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil || len(rows) != len(cases) {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	for _, tc := range cases {
		said := strings.Contains(stderr, "set/"+tc.name+": ") && strings.Contains(stderr, "outside input.csv's samples")
		if tc.want == "" {
			if strings.Contains(stderr, "set/"+tc.name+": ") {
				t.Errorf("%s: said:\n%s", tc.name, stderr)
			}
			continue
		}
		if !said || !regexp.MustCompile(tc.want).MatchString(stderr) {
			t.Errorf("%s: stderr lacks %s:\n%s", tc.name, tc.want, stderr)
		}
	}
}

// TestEvalSparseTruth: a reference of a few contacts per pass, as a
// clinic's force plate records them, far apart: the detections between
// them are judged as false positives by the rule and the reference's
// cadence is not the gait's (one contact per pass read as 6 steps/min: a
// cadence error of +110), and that is said beside the row; it was not (a
// black-box round: P 0.143 and no word). A reference of every step, or
// of one foot's (said as a stride apart), is not said to be sparse.
func TestEvalSparseTruth(t *testing.T) {
	root := t.TempDir()
	walk := sim.Config{Activity: sim.Walking, Duration: 30, Rate: 100, Noise: 0.2, Seed: 5}
	shoe := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: 'L', Duration: 30, Rate: 100, Noise: 0.2, Gyro: true, Seed: 5}
	cases := []struct {
		name   string
		cfg    sim.Config
		keep   func(i int) bool // the truth rows kept, from 0
		sparse bool
	}{
		{"all", walk, func(int) bool { return true }, false},
		{"onefoot", walk, func(i int) bool { return i%2 == 0 }, false},
		{"pairs", walk, func(i int) bool { return i%20 == 8 || i%20 == 9 }, true},
		{"single", walk, func(i int) bool { return i%20 == 8 }, true},
		{"shoe-all", shoe, func(int) bool { return true }, false},
		{"shoe-pairs", shoe, func(i int) bool { return i%20 == 8 || i%20 == 9 }, true},
	}
	for _, tc := range cases {
		dir := filepath.Join(root, "set", tc.name)
		meta := map[string]any{"placement": "waist"}
		if tc.cfg.Placement == sim.Shoe {
			meta = map[string]any{"placement": "shoe", "side": "L"}
		}
		writeTrial(t, dir, tc.cfg, true, meta)
		tp := filepath.Join(dir, "truth.csv")
		b, _ := os.ReadFile(tp)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		keep := lines[:1]
		for i, l := range lines[1:] {
			if tc.keep(i) {
				keep = append(keep, l)
			}
		}
		os.WriteFile(tp, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil || len(rows) != len(cases) {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	for _, tc := range cases {
		re := regexp.MustCompile(`set/` + tc.name + `: truth\.csv's contacts leave \d+\.\d s of the \d+\.\d s judged without a contact \(\d gap\(s\) over 2\.5 of the detections' steps, 0\.\d+ s\): a force plate's contacts of separate passes\? the detections in them are judged, as false positives, and the reference's cadence may not be the gait's \(give each pass as a bout in meta\.json\)`)
		if got := re.MatchString(stderr); got != tc.sparse {
			t.Errorf("%s: sparse said %v, want %v:\n%s", tc.name, got, tc.sparse, stderr)
		}
	}
}

// TestEvalWrongFs: an input.csv without a time column is timed by
// meta.json's fs; a wrong fs (typed by hand: 80 for 100 Hz) scales every
// detection's time, and the trial scored F1 0.3 without a word (a
// black-box round). The cadence the detections then have against the
// reference's is said, with the rate that would fit; a right fs says
// nothing.
func TestEvalWrongFs(t *testing.T) {
	root := t.TempDir()
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	cases := []struct {
		name string
		fs   float64
		want string // regexp of the note, "" for none
	}{
		{"right", 100, ""},
		{"slow", 80, `set/slow: input\.csv has no time column: at meta\.json's fs 80 Hz the detections' cadence is 8\d\.\d % of the reference's \(F1 0\.\d+\): is fs right\? (9[89]|10[0-2]) Hz would fit`},
		{"fast", 125, `set/fast: input\.csv has no time column: at meta\.json's fs 125 Hz the detections' cadence is 12\d\.\d % of the reference's \(F1 0\.\d+\): is fs right\? (9[89]|10[0-2]) Hz would fit`},
	}
	for _, tc := range cases {
		dir := filepath.Join(root, "set", tc.name)
		writeTrial(t, dir, run, true, map[string]any{"placement": "waist", "fs": tc.fs})
		in := filepath.Join(dir, "input.csv")
		b, _ := os.ReadFile(in)
		var nt strings.Builder
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			_, rest, _ := strings.Cut(l, ",")
			nt.WriteString(rest + "\n")
		}
		os.WriteFile(in, []byte(nt.String()), 0o644)
	}
	rows, stderr, err := evalRows(t, root)
	if err != nil || len(rows) != len(cases) {
		t.Fatalf("error %v, rows %v, stderr %q", err, rows, stderr)
	}
	for _, tc := range cases {
		said := strings.Contains(stderr, "set/"+tc.name+": input.csv has no time column")
		if tc.want == "" {
			if said {
				t.Errorf("%s: said:\n%s", tc.name, stderr)
			}
			continue
		}
		if !regexp.MustCompile(tc.want).MatchString(stderr) {
			t.Errorf("%s: stderr lacks %s:\n%s", tc.name, tc.want, stderr)
		}
	}
}

// TestEvalRightFsNotBlamed: a trial timed by a right fs whose detections
// simply match poorly (mobgap's MS001_Test5_Trial1 without its time
// column: F1 0.571, cadence 88.8 % of the reference's) is not told its fs
// may be wrong: re-timed at the rate that "would fit", its detections
// match no better.
func TestEvalRightFsNotBlamed(t *testing.T) {
	src := "../../../shared/datasets/mobgap/MS001_Test5_Trial1"
	if _, err := os.Stat(src); err != nil {
		t.Skip("datasets not available")
	}
	dir := filepath.Join(t.TempDir(), "set", "trial")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"meta.json", "truth.csv", "input.csv"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "input.csv" {
			var nt strings.Builder
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				_, rest, _ := strings.Cut(l, ",")
				nt.WriteString(rest + "\n")
			}
			b = []byte(nt.String())
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stderr, err := evalRows(t, filepath.Dir(filepath.Dir(dir)))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.Contains(stderr, "is fs right?") {
		t.Errorf("a right fs blamed:\n%s", stderr)
	}
}

// TestPlus: eval's signed figures read +0 for a value that rounds to zero
// from either side, never -0 (limits of agreement of −0.3 ms printed "-0").
func TestPlus(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{
		{-0.3, 0, "+0"}, {0.3, 0, "+0"}, {-0.6, 0, "-1"}, {14.2, 0, "+14"}, {-15, 0, "-15"},
		{-0.04, 1, "+0.0"}, {-0.05001, 1, "-0.1"}, {0.04, 1, "+0.0"}, {-10.4, 1, "-10.4"},
		{-0.004, 2, "+0.00"}, {-0.04, 2, "-0.04"}, {math.Copysign(0, -1), 2, "+0.00"},
		{math.NaN(), 1, "+NaN"}, {math.Inf(-1), 1, "-Inf"}, {math.Inf(1), 0, "+Inf"},
	} {
		if got := plus(tc.v, tc.prec); got != tc.want {
			t.Errorf("plus(%v, %d) = %q, want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

// TestEvalBoutSpan: a reference whose first bout runs on 2 s past its
// last listed contact (as mobgap's do) judges the detections there as
// false positives; --bout-span judges each bout only between its own
// first and last contacts.
func TestEvalBoutSpan(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "tail")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, dir, run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1, 9}, {11, 19}}})
	// the reference lists no contact from 7 s until the second bout
	dropTruth(t, dir, 7, 11)
	prec := func(args ...string) float64 {
		stdout, stderr, err := runCmd(t, append([]string{"eval"}, append(args, root)...)...)
		if err != nil {
			t.Fatalf("eval %v: %v\n%s", args, err, stderr)
		}
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) > 3 && f[0] == "set/tail" {
				v, _ := strconv.ParseFloat(f[1], 64)
				return v
			}
		}
		t.Fatalf("eval %v: no row set/tail in\n%s", args, stdout)
		return 0
	}
	t.Logf("precision %.3f as given, %.3f with --bout-span", prec(), prec("--bout-span"))
	// 7–9 s holds about 6 of the run's 46 judged detections
	if p := prec(); p > 0.95 {
		t.Errorf("bouts as given: precision %.3f, want the tail's detections false (< 0.95)", p)
	}
	if p := prec("--bout-span"); p != 1 {
		t.Errorf("--bout-span: precision %.3f, want 1", p)
	}
}

// TestEvalBoutSpanNoContact: a bout that holds no reference contact
// itself but lies within 0.1 s of one holds nothing to judge: Match
// judges the contacts inside the bouts as given (the tolerance's margin
// serves the matching only), and BoutSpans, which takes the contacts
// inside a bout only, leaves every bout out — no bouts, and Match judged
// the whole trial (every contact of the run) where the bouts hold at most
// one. With and without --bout-span such a trial is an error naming the
// bouts, as a trial whose bouts hold none. (The check that the bouts hold
// a contact widened them by 0.1 s, as Match judged before; the trial was
// scored as given, with nothing judged but the detections in the bout.)
func TestEvalBoutSpanNoContact(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "edge")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23}
	writeTrial(t, dir, run, true, nil)
	b, err := os.ReadFile(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	// a bout from 20 ms after a contact in the middle of the run to 60 ms
	// after it: none inside, one within 0.1 s
	l := lines[len(lines)/2]
	ic, err := strconv.ParseFloat(l[:strings.IndexByte(l, ',')], 64)
	if err != nil {
		t.Fatal(err)
	}
	mj, _ := json.Marshal(map[string]any{"placement": "waist", "bouts": [][2]float64{{ic + 0.02, ic + 0.06}}})
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), mj, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{nil, {"--bout-span"}} {
		stdout, stderr, err := runCmd(t, append(append([]string{"eval"}, flags...), root)...)
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) > 4 && f[0] == "set/edge" {
				t.Errorf("eval %v scored the trial whose bouts hold no contact: %s", flags, l)
			}
		}
		if err == nil || !strings.Contains(stderr, "hold none of truth.csv's") {
			t.Errorf("eval %v: err %v, stderr %q; want an error that the bouts hold none of truth.csv's contacts", flags, err, stderr)
		}
	}
}

// TestEvalBoutSpanGap: --bout-span judges a bout only up to its last
// reference contact, and a gap in input.csv after it, before the bout's
// end, changes no score: it is not said, as a gap outside every bout is
// not (TestEvalInputGapsBouts). gapNote was given meta.json's bouts as
// written and said it.
func TestEvalBoutSpanGap(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "tailgap")
	run := sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Seed: 23, Dropouts: []sim.Gap{{Start: 7, Dur: 1.5}}}
	writeTrial(t, dir, run, true, map[string]any{"placement": "waist", "bouts": [][2]float64{{1, 9}, {11, 19}}})
	// the reference lists no contact of the first bout after 6 s
	dropTruth(t, dir, 6, 11)
	said := func(args ...string) bool {
		_, stderr, err := runCmd(t, append([]string{"eval"}, append(args, root)...)...)
		if err != nil {
			t.Fatalf("eval %v: %v\n%s", args, err, stderr)
		}
		return strings.Contains(stderr, "set/tailgap: input.csv has")
	}
	if !said() {
		t.Errorf("bouts as given: the gap 7–8.5 s inside the first bout not said")
	}
	if said("--bout-span") {
		t.Errorf("--bout-span: the gap after the first bout's last contact (6 s), which is not judged, said")
	}
}

// dropTruth removes from the trial's truth.csv the contacts whose IC lies
// in [from, to] s: a reference that does not list them.
func dropTruth(t *testing.T, dir string, from, to float64) {
	t.Helper()
	p := filepath.Join(dir, "truth.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	kept := lines[:1]
	for _, l := range lines[1:] {
		ic, err := strconv.ParseFloat(l[:strings.IndexByte(l, ',')], 64)
		if err != nil {
			t.Fatal(err)
		}
		if ic < from || ic > to {
			kept = append(kept, l)
		}
	}
	if err := os.WriteFile(p, []byte(strings.Join(kept, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
