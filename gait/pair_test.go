package gait_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairFeet: one shoe sensor per foot of a runner with a 48/52 GCT
// balance; paired, they give both legs' cadence and the balance.
func TestPairFeet(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 60, Rate: 200, Gyro: true,
		GCTBalance: 48, Noise: 0.2, Seed: 61}
	left, truthL := shoeFoot(t, cfg, 'L', 0, 60)
	right, truthR := shoeFoot(t, cfg, 'R', 0, 60)
	truth := bothTruths(truthL, truthR)
	var gl, gr []float64
	for _, c := range truth {
		if c.Side == gait.Left {
			gl = append(gl, c.FC-c.IC)
		} else {
			gr = append(gr, c.FC-c.IC)
		}
	}
	trueBal := 100 * mean(gl) / (mean(gl) + mean(gr))
	run := gait.Pair(left, right, 0)
	t.Logf("L %.3f %.3f %.3f | truthL %.3f %.3f %.3f | R %.3f %.3f | truthR %.3f %.3f", left[0].IC, left[1].IC, left[2].IC, truthL[0].IC, truthL[1].IC, truthL[2].IC, right[0].IC, right[1].IC, truthR[0].IC, truthR[1].IC)
	sum := gait.NewSummary(gait.Waist) // both legs: steps are contacts
	for _, c := range run {
		sum.Add(c)
	}
	r := sum.Report()
	s := eval.Match(run, truth, eval.Options{})
	t.Logf("paired: F1 %.3f, cadence %.1f (truth %.1f), balance %.2f (truth %.2f)", s.F1(), *r.CadenceSPM, s.TrueCadence, *r.GCTBalancePct, trueBal)
	if s.F1() < 0.98 || math.Abs(*r.CadenceSPM-s.TrueCadence) > 1 {
		t.Errorf("F1 %.3f, cadence %.1f vs %.1f", s.F1(), *r.CadenceSPM, s.TrueCadence)
	}
	if r.GCTBalancePct == nil || math.Abs(*r.GCTBalancePct-trueBal) > 0.5 {
		t.Errorf("balance %v, truth %.2f", r.GCTBalancePct, trueBal)
	}

	// the right sensor's clock runs 0.2 s ahead: Align finds it
	shifted := slices.Clone(right)
	for i := range shifted {
		shifted[i].IC += 0.2
		shifted[i].FC += 0.2
	}
	off, ok := gait.Align(left, shifted)
	if !ok || math.Abs(off+0.2) > 0.02 {
		t.Errorf("Align: offset %.3f s (ok %v), want -0.200", off, ok)
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// TestPairedStretchSteps: two foot sensors that recorded different
// stretches of one run (left 0–50 s, right 10–70 s). Where one foot alone
// was recorded, each contact stands for two steps, as from one foot's
// sensor, so the run's steps and time in gait are the whole run's.
func TestPairedStretchSteps(t *testing.T) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 70, Rate: 200, Gyro: true, Noise: 0.2, Seed: 62}
	left, truthL := shoeFoot(t, cfg, 'L', 0, 50)
	right, truthR := shoeFoot(t, cfg, 'R', 10, 70)
	steps := len(truthL) + len(truthR) // both feet's contacts over the whole 70 s
	sum := gait.NewSummary(gait.Shoe)
	sum.Paired = true
	sum.Span(0, 70)
	for _, c := range gait.Pair(left, right, 0) {
		sum.Add(c)
	}
	r := sum.Report()
	inWindows := 0
	for _, w := range r.Windows {
		inWindows += w.Steps
	}
	t.Logf("%d steps (truth %d), %.1f s of gait, windows %d", r.Steps, steps, r.GaitS, inWindows)
	if d := r.Steps - steps; d < -3 || d > 3 {
		t.Errorf("%d steps, truth %d", r.Steps, steps)
	}
	if r.GaitS < 68 {
		t.Errorf("%.1f s of gait in a 70 s run", r.GaitS)
	}
	if inWindows != r.Steps {
		t.Errorf("windows hold %d steps, the run %d", inWindows, r.Steps)
	}
}

// pairedStretch detects both feet of a simulated 240 s shoe run whose
// cadence falls by up to drift·100 % over its last third (FatigueDrift),
// the right foot's sensor recording its first 150 s alone, and returns the
// paired contacts with both feet's truth and the left foot's contacts as
// its sensor alone gives them.
func pairedStretch(t *testing.T, drift float64) ([]gait.Contact, []eval.Truth, []gait.Contact) {
	cfg := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 240, Rate: 200, Gyro: true,
		FatigueDrift: drift, Noise: 0.1, Seed: 13}
	left, truthL := shoeFoot(t, cfg, 'L', 0, 240)
	right, truthR := shoeFoot(t, cfg, 'R', 0, 150)
	return gait.Pair(left, right, 0), bothTruths(truthL, truthR), left
}

// shoeFoot detects the contacts of the shoe sensor on foot side ('L' or
// 'R') of the simulated run cfg over its samples from from to to s, and
// returns them with that foot's truth (the whole run's).
func shoeFoot(t *testing.T, cfg sim.Config, side byte, from, to float64) ([]gait.Contact, []eval.Truth) {
	t.Helper()
	cfg.Side = side
	ss, layout, truth := simulate(t, cfg)
	var kept []sensor.Sample
	for _, s := range ss {
		if s.T >= from && s.T < to {
			kept = append(kept, s)
		}
	}
	g := gait.Left
	if side == 'R' {
		g = gait.Right
	}
	cs, _ := detect(t, gait.Config{Placement: gait.Shoe, Side: g}, layout, kept)
	return cs, truth
}

// bothTruths is the two feet's truth in IC order.
func bothTruths(l, r []eval.Truth) []eval.Truth {
	truth := append(append([]eval.Truth(nil), l...), r...)
	sort.Slice(truth, func(i, j int) bool { return truth[i].IC < truth[j].IC })
	return truth
}

// pairedReport is the report of a paired run's contacts over [0, span] s.
func pairedReport(run []gait.Contact, span float64) gait.Report {
	sum := gait.NewSummary(gait.Shoe)
	sum.Paired = true
	sum.Span(0, span)
	for _, c := range run {
		sum.Add(c)
	}
	return sum.Report()
}

// TestPairedStretchCadence: the right foot's sensor recorded the first
// 150 s of a 240 s run whose cadence falls by up to 20 % over its last
// third (FatigueDrift). Where the left foot alone was recorded each of its
// contacts stands for two steps, in the cadence too: counted once, that
// stretch weighed half as much and the pair read 166.2 steps/min where the
// left foot's sensor alone read the true 164.0 (a black-box round).
func TestPairedStretchCadence(t *testing.T) {
	run, truth, _ := pairedStretch(t, 0.2)
	r := pairedReport(run, 240)
	want := eval.Match(run, truth, eval.Options{}).TrueCadence
	t.Logf("cadence %.2f, truth %.2f", *r.CadenceSPM, want)
	if r.CadenceSPM == nil || math.Abs(*r.CadenceSPM-want) > 1 {
		t.Errorf("cadence %.2f, truth %.2f", *r.CadenceSPM, want)
	}
}

// TestPairedStretchBalance: the same symmetric runner, tiring harder (a
// 30 % cadence fall, longer contacts), the right foot recorded for its
// first 150 s. The GCT balance, the per-side figures and the symmetry
// indices compare the feet over the stretch both were recorded: they
// compared the left foot's tired last 90 s with no right contact there
// and read a balance of 51.0 % (uneven load at watch) for the 50.0 % of
// the pair over its first 150 s (a black-box round).
func TestPairedStretchBalance(t *testing.T) {
	run, _, _ := pairedStretch(t, 0.3)
	r := pairedReport(run, 240)
	var common []gait.Contact
	for _, c := range run {
		if c.IC < 150 {
			common = append(common, c)
		}
	}
	want := pairedReport(common, 150)
	if r.GCTBalancePct == nil || want.GCTBalancePct == nil {
		t.Fatalf("balance %s, over both feet's stretch %s", fmtPct(r.GCTBalancePct), fmtPct(want.GCTBalancePct))
	}
	t.Logf("balance %.2f %%, over both feet's stretch %.2f %%; L %d R %d steps", *r.GCTBalancePct, *want.GCTBalancePct, r.Sides["L"].Steps, r.Sides["R"].Steps)
	if math.Abs(*r.GCTBalancePct-*want.GCTBalancePct) > 0.2 || math.Abs(*r.GCTBalancePct-50) > 0.5 {
		t.Errorf("balance %.2f %%, want %.2f %% (both feet's stretch; the runner is symmetric)", *r.GCTBalancePct, *want.GCTBalancePct)
	}
	if l, rt := r.Sides["L"].Steps, r.Sides["R"].Steps; l-rt > 2 || rt-l > 2 {
		t.Errorf("per-side steps L %d, R %d: the left foot's stretch alone counted", l, rt)
	}
	if a := r.Asymmetry.SIGCTPct; a == nil || math.Abs(*a) > 1 {
		t.Errorf("SI GCT %s, want within 1 %% of 0", fmtPct(a))
	}
}

// TestPairedStretchFatigue: the same runner, its right foot recorded for
// the first 150 s. Fatigue compares the first and last thirds; the last
// (160–240 s) holds the left foot alone, whose contacts had no step time
// in the pair, and the cadence change read "too few values" though the
// runner's cadence fell by up to 30 % there (a black-box round). It reads
// now within 1 point of the left foot's sensor analysed alone.
func TestPairedStretchFatigue(t *testing.T) {
	run, _, left := pairedStretch(t, 0.3)
	change := func(r gait.Report) (float64, string) {
		for _, s := range r.Signals {
			if s.Name != gait.SignalFatigue {
				continue
			}
			for _, e := range s.Evidence {
				if e.Name == "cadence change" {
					if e.Value == nil {
						return math.NaN(), e.Note
					}
					return *e.Value, ""
				}
			}
			return math.NaN(), "no cadence change: " + s.Reason
		}
		return math.NaN(), "no fatigue signal"
	}
	one := gait.NewSummary(gait.Shoe)
	one.Span(0, 240)
	for _, c := range left {
		one.Add(c)
	}
	want, why := change(one.Report())
	if math.IsNaN(want) {
		t.Fatalf("the left foot alone: %s", why)
	}
	got, why := change(pairedReport(run, 240))
	t.Logf("cadence change %.1f %% (%s), the left foot alone %.1f %%", got, why, want)
	if math.IsNaN(got) || math.Abs(got-want) > 1 {
		t.Errorf("cadence change %.1f %% (%s), want %.1f %% as the left foot alone reads", got, why, want)
	}
}

func fmtPct(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.2f", *p)
}

// TestPairWalkThenRun: a step is counted up to 0.75 of its own foot's
// stride there, not of the whole recording's median stride: a 60 s walk
// (0.55 s steps) before 120 s of running (0.353 s) had its walking steps
// dropped by the run's 0.53 s limit (110 of 450 contacts without a step,
// 120 s of gait in 180). The contact before one the other foot missed
// still has none.
func TestPairWalkThenRun(t *testing.T) {
	feet := func(t0, st float64, n int, gct float64, a gait.Activity) (l, r []gait.Contact) {
		for i := 0; i < n; i++ {
			ic := t0 + float64(i)*st
			c := gait.Contact{IC: ic, FC: ic + gct, GCT: gct, Step: st, Activity: a}
			if i%2 == 0 {
				l = append(l, c)
			} else {
				r = append(r, c)
			}
		}
		return l, r
	}
	wl, wr := feet(0, 0.55, 110, 0.67, gait.Walking)
	rl, rr := feet(110*0.55, 0.353, 340, 0.22, gait.Running)
	left, right := append(wl, rl...), append(wr, rr...)
	right = append(right[:200], right[201:]...) // one right contact missed, mid-run
	run := gait.Pair(left, right, 0)
	var none []float64
	for _, c := range run[:len(run)-1] {
		if math.IsNaN(c.Step) {
			none = append(none, c.IC)
		}
	}
	if len(none) != 1 || math.Abs(none[0]-162.87) > 1e-9 {
		t.Errorf("contacts without a step at %v, want only the one before the missed contact (162.87 s)", none)
	}
	s := gait.NewSummary(gait.Shoe)
	s.Paired = true
	for _, c := range run {
		s.Add(c)
	}
	if r := s.Report(); r.GaitS < 179 {
		t.Errorf("%.1f s of gait in %.1f", r.GaitS, run[len(run)-1].IC)
	}
}

// TestPairDoubleMiss: a foot's stride is the shorter of those to its next
// and from its previous contact, so a stride that spans a contact it
// missed does not let a step of one and a half strides through when the
// other foot missed one too (strides 0.70 s; the left misses 2.10 s, the
// right 2.45 and 3.15: 1.75 → 2.80 read as a 1.05 s step).
func TestPairDoubleMiss(t *testing.T) {
	mk := func(ics ...float64) []gait.Contact {
		var out []gait.Contact
		for _, ic := range ics {
			out = append(out, gait.Contact{IC: ic, FC: ic + 0.22, GCT: 0.22, Activity: gait.Running})
		}
		return out
	}
	left := mk(0, 0.7, 1.4, 2.8, 3.5, 4.2)
	right := mk(0.35, 1.05, 1.75, 3.85, 4.55)
	for _, c := range gait.Pair(left, right, 0) {
		if c.Step > 0.5 {
			t.Errorf("%v contact at %.2f s: step %.3f s", c.Side, c.IC, c.Step)
		}
	}
}

// TestAlignDrift: two feet 0.7 s a stride for 20 min (ICs ±8 ms), the
// right landing mid-stride, its clock off by an offset under half a stride
// and fast or slow by 0 to 3000 ppm (a logger's crystal: 20–100 ppm; 0.25 %
// swept a 10-minute run's right foot round the whole stride). AlignDrift
// finds the rate within 2 % of it (or 2 ppm), and its map puts every right
// contact within 30 ms of mid-stride (the ICs' own scatter, 8 ms each).
func TestAlignDrift(t *testing.T) {
	const stride, n = 0.7, 1700
	jit := func(i int) float64 { return 0.008 * math.Sin(float64(i)*2.3) }
	for _, tc := range []struct{ ppm, off float64 }{{0, 0.1}, {20, -0.2}, {-100, 0.3}, {1000, 0}, {-3000, 0.15}, {2500, -0.3}} {
		var l, r []gait.Contact
		for i := range n {
			ic := float64(i)*stride + jit(i)
			l = append(l, gait.Contact{IC: ic, FC: ic + 0.25})
			ric := float64(i)*stride + stride/2 + jit(i+n)
			ric = ric*(1+tc.ppm*1e-6) - tc.off // the right clock
			r = append(r, gait.Contact{IC: ric, FC: ric + 0.25})
		}
		m, ok := gait.AlignDrift(l, r)
		if !ok {
			t.Fatalf("%+v: not aligned", tc)
		}
		want := 1/(1+tc.ppm*1e-6) - 1
		if d := math.Abs(m.Drift - want); d > math.Max(0.02*math.Abs(want), 2e-6) {
			t.Errorf("%+v: drift %.1f ppm, want %.1f", tc, 1e6*m.Drift, 1e6*want)
		}
		worst := 0.0
		for i, c := range r {
			if i == 0 || i == n-1 {
				continue
			}
			ic := m.At(c.IC)
			j := sort.Search(n, func(k int) bool { return l[k].IC > ic }) - 1
			if j < 0 || j+1 >= n {
				continue
			}
			worst = math.Max(worst, math.Abs(ic-(l[j].IC+l[j+1].IC)/2))
		}
		if worst > 0.03 {
			t.Errorf("%+v: a right contact %.0f ms off mid-stride after the map", tc, 1000*worst)
		}
	}
}

// TestAlignDriftChangingStride: an hour's run (5100 strides) whose stride
// length wanders ±3 % over ten minutes, the right clock 0.5 % fast or
// slow: 18 s, 25 strides, over the run. The right contacts are unwrapped
// by the strides they are carried past; measured as this stride's length
// times their count, 25 strides 3 % longer or shorter put them most of a
// stride off: the drift read 3327 ppm for 5000, contacts 365 ms off
// mid-stride (a simulated 1 h pair of shoes: 3211 ppm, and the feet said
// to fall at 37 % of the stride).
func TestAlignDriftChangingStride(t *testing.T) {
	const n = 5100
	stride := func(i int) float64 { return 0.7 * (1 + 0.03*math.Sin(2*math.Pi*float64(i)/850)) }
	jit := func(i int) float64 { return 0.008 * math.Sin(float64(i)*2.3) }
	for _, ppm := range []float64{5000, -5000, 2000} {
		var l, r []gait.Contact
		t0 := 0.0
		for i := range n {
			s := stride(i)
			ic := t0 + jit(i)
			l = append(l, gait.Contact{IC: ic, FC: ic + 0.25})
			ric := (t0+s/2+jit(i+n))*(1+ppm*1e-6) + 0.1 // the right clock
			r = append(r, gait.Contact{IC: ric, FC: ric + 0.25})
			t0 += s
		}
		m, ok := gait.AlignDrift(l, r)
		if !ok {
			t.Fatalf("%g ppm: not aligned", ppm)
		}
		want := 1/(1+ppm*1e-6) - 1
		if d := math.Abs(m.Drift - want); d > 0.02*math.Abs(want) {
			t.Errorf("%g ppm: drift %.1f ppm, want %.1f", ppm, 1e6*m.Drift, 1e6*want)
		}
		worst := 0.0
		for _, c := range r[1 : n-1] {
			ic := m.At(c.IC)
			j := sort.Search(n, func(k int) bool { return l[k].IC > ic }) - 1
			if j >= 0 && j+1 < n {
				worst = math.Max(worst, math.Abs(ic-(l[j].IC+l[j+1].IC)/2))
			}
		}
		if worst > 0.03 {
			t.Errorf("%g ppm: a right contact %.0f ms off mid-stride after the map", ppm, 1000*worst)
		}
	}
}
