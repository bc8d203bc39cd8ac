package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestREADMEAccuracy: README's accuracy table is `gaitd eval`'s output on
// the reference recordings (and with --acc-only for the accelerometer-only
// side labels; the healthy subject's straight walks scored alone): each
// row's contacts, P, R, F1, IC and GCT bias / MAE, cadence error, side
// agreement and VO error are the pooled figures eval prints. The bars are
// enforced elsewhere (TestDavisRunning, TestMobgapSides); this keeps the
// figures the table shows from going stale unnoticed. Skipped without the
// datasets beside the clone.
func TestREADMEAccuracy(t *testing.T) {
	const datasets = "../../../shared/datasets"
	ha := []string{"HA001_Test5_Trial1", "HA001_Test5_Trial2"}
	for _, d := range append([]string{"davis/run0021"}, "mobgap/"+ha[0], "mobgap/"+ha[1]) {
		if _, err := os.Stat(filepath.Join(datasets, d, "truth.csv")); err != nil {
			t.Skipf("no %s in %s", d, datasets)
		}
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## Accuracy\n")
	sec, _, _ = strings.Cut(sec, "\n## ")
	if !ok {
		t.Fatal("README.md: no Accuracy section")
	}
	row := func(prefix string) []string {
		for _, l := range strings.Split(sec, "\n") {
			if strings.HasPrefix(l, "| "+prefix) {
				var cells []string
				for _, c := range strings.Split(strings.Trim(l, "|"), " | ") {
					cells = append(cells, strings.TrimSpace(c))
				}
				if len(cells) == 10 {
					return cells
				}
			}
		}
		t.Fatalf("README.md: no accuracy row %q of 10 cells", prefix)
		return nil
	}
	// the pooled line of a set, and the trial lines, of eval's output
	evalOut := func(args ...string) string {
		out, stderr, err := runCmd(t, append([]string{"eval"}, args...)...)
		if err != nil {
			t.Fatalf("eval %v: %v\n%s", args, err, stderr)
		}
		return out
	}
	pooled := func(out, set string) []string {
		_, p, _ := strings.Cut(out, "\nset (pooled)")
		for _, l := range strings.Split(p, "\n") {
			if f := strings.Fields(l); len(f) >= 13 && f[0] == set {
				return f
			}
		}
		t.Fatalf("eval: no pooled line of %s:\n%s", set, out)
		return nil
	}
	num := regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)
	// same: the README figure is the eval figure at the README's decimals
	// (a cadence error by its size: eval pools the largest |error|)
	same := func(what, readme string, v float64) {
		t.Helper()
		m := num.FindString(readme)
		if m == "" {
			t.Errorf("%s: README cell %q holds no number", what, readme)
			return
		}
		dec := 0
		if _, frac, ok := strings.Cut(m, "."); ok {
			dec = len(frac)
		}
		r, _ := strconv.ParseFloat(m, 64)
		if strings.HasPrefix(readme, "−") || strings.HasPrefix(readme, "-") {
			r = -r
		}
		if strings.HasSuffix(what, "cadence") {
			r, v = math.Abs(r), math.Abs(v)
		}
		show := func(x float64) string {
			return strings.TrimPrefix(fmt.Sprintf("%.*f", dec, x), "-") + fmt.Sprint(math.Round(x*math.Pow10(dec)) < 0)
		}
		if show(r) != show(v) {
			t.Errorf("%s: README %q, eval reads %.*f", what, readme, dec+1, v)
		}
	}
	f := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			t.Fatalf("eval figure %q: %v", s, err)
		}
		return v
	}
	biasMAE := func(what, readme, evalCell string) {
		t.Helper()
		rb, rm, ok := strings.Cut(readme, " / ")
		eb, em, ok2 := strings.Cut(evalCell, "/")
		if !ok || !ok2 {
			t.Errorf("%s: README %q, eval %q", what, readme, evalCell)
			return
		}
		same(what+" bias", rb, f(eb))
		same(what+" MAE", rm, f(em))
	}
	check := func(name string, cells, p []string, accOnly []string, trials string) {
		n, r := f(p[4]), f(p[2])
		same(name+" contacts", cells[1], math.Round(n/r))
		same(name+" P", cells[2], f(p[1]))
		same(name+" R", cells[3], f(p[2]))
		same(name+" F1", cells[4], f(p[3]))
		biasMAE(name+" IC", cells[5], p[5])
		biasMAE(name+" GCT", cells[6], p[9])
		same(name+" cadence", cells[7], f(p[11]))
		if p[12] == "—" {
			if !strings.HasPrefix(cells[8], "—") {
				t.Errorf("%s side: README %q, eval —", name, cells[8])
			}
		} else {
			same(name+" side", cells[8], f(p[12]))
			// "96.5 % with gyro (…), 93.8 % accelerometer only (…)": the figure before it
			if gyro, _, ok := strings.Cut(cells[8], "accelerometer only"); ok {
				_, acc, _ := strings.Cut(gyro, ", ")
				same(name+" side, accelerometer only", acc, f(accOnly[12]))
			}
		}
		if !strings.HasPrefix(cells[9], "—") {
			// the one trial's VO error: its row's last cell, "+0.1 mm"
			for _, l := range strings.Split(trials, "\n") {
				if fl := strings.Fields(l); len(fl) >= 2 && fl[len(fl)-1] == "mm" {
					same(name+" VO", cells[9], f(fl[len(fl)-2]))
				}
			}
		}
	}
	all, allAcc := evalOut(datasets), evalOut("--acc-only", datasets)
	davisTrials, _, _ := strings.Cut(all, "\nset (pooled)")
	var davis []string
	for _, l := range strings.Split(davisTrials, "\n") {
		if strings.HasPrefix(l, "davis/") {
			davis = append(davis, l)
		}
	}
	check("davis", row("davis"), pooled(all, "davis"), pooled(allAcc, "davis"), strings.Join(davis, "\n"))
	check("mobgap", row("mobgap (lower back"), pooled(all, "mobgap"), pooled(allAcc, "mobgap"), "")

	// the healthy subject's straight walks alone in a datasets tree
	tree := filepath.Join(t.TempDir(), "mobgap")
	if err := os.MkdirAll(tree, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range ha {
		abs, _ := filepath.Abs(filepath.Join(datasets, "mobgap", d))
		if err := os.Symlink(abs, filepath.Join(tree, d)); err != nil {
			t.Fatal(err)
		}
	}
	root := filepath.Dir(tree)
	check("mobgap HA Test5", row("mobgap straight walks"), pooled(evalOut(root), "mobgap"), pooled(evalOut("--acc-only", root), "mobgap"), "")
}
