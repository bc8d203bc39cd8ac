package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// trialResult is the score of one trial.
type trialResult struct {
	trial    *eval.Trial
	score    *eval.Score
	err      error
	bad      int   // input lines skipped
	firstBad error // the first of them
	notes    []string
}

// evalUnits are eval's --acc-unit and --gyro-unit: the units of every
// trial's input.csv that its meta.json (acc_unit, gyro_unit) does not give.
type evalUnits struct{ acc, gyro string }

// spanSource records the time span of the samples read through it, and
// the holes between them longer than maxGap (gaps the engine does not
// bridge), [last sample before, first after]. With resets (the reader's
// count of clocks that restarted), a hole that begins a restarted clock is
// not one: the reader put it there (resetGap), the file has none, and it
// is said as a restart (clockNotes), not as a dropout too.
type spanSource struct {
	sensor.Source
	first, last float64
	n           int
	maxGap      float64
	holes       [][2]float64
	resets      func() int
	seenResets  int
}

func (s *spanSource) Read(x *sensor.Sample) error {
	err := s.Source.Read(x)
	if err == nil {
		if s.n == 0 {
			s.first = x.T
		} else if s.maxGap > 0 && x.T-s.last > s.maxGap {
			if r := s.restarts(); r != s.seenResets {
				s.seenResets = r
			} else {
				s.holes = append(s.holes, [2]float64{s.last, x.T})
			}
		}
		s.last = x.T
		s.n++
	}
	return err
}

// restarts is the reader's count of restarted clocks so far, 0 without
// resets.
func (s *spanSource) restarts() int {
	if s.resets == nil {
		return 0
	}
	return s.resets()
}

// gapNote says the holes in input.csv's samples and how many reference
// contacts lie in them: they are scored as missed, as the rule says, and a
// dropout lowered recall without a word (a black-box round). With bouts
// (meta.json), only the holes and contacts inside them count: the rest is
// not judged. "" when there are none.
func gapNote(holes [][2]float64, truth []eval.Truth, bouts [][2]float64) string {
	if len(bouts) > 0 {
		// (a hole or contact outside every bout was said too, though it
		// changes no score: a review)
		holes = slices.DeleteFunc(slices.Clone(holes), func(h [2]float64) bool { return !(judgedSpan(h[0], h[1], bouts) > 0) })
		truth = slices.DeleteFunc(slices.Clone(truth), func(c eval.Truth) bool { return !inBouts(c.IC, bouts, 0) })
	}
	if len(holes) == 0 {
		return ""
	}
	total, longest, in := 0.0, holes[0], 0
	for _, h := range holes {
		total += h[1] - h[0]
		if h[1]-h[0] > longest[1]-longest[0] {
			longest = h
		}
	}
	for _, c := range truth {
		if slices.ContainsFunc(holes, func(h [2]float64) bool { return c.IC > h[0] && c.IC < h[1] }) {
			in++
		}
	}
	return fmt.Sprintf("input.csv has %d gap(s) without samples (%.2f s in all, the longest %.2f–%.2f s): %d of the reference's contacts lie in them, scored as missed",
		len(holes), total, longest[0], longest[1], in)
}

// inBouts reports whether time t lies in one of bouts, each widened by tol
// on both sides, s; true without bouts (all of the trial judged).
func inBouts(t float64, bouts [][2]float64, tol float64) bool {
	return len(bouts) == 0 || slices.ContainsFunc(bouts, func(w [2]float64) bool { return t >= w[0]-tol && t <= w[1]+tol })
}

// repeatedWhere says the lines of truth.csv's repeated contacts
// (eval.RepeatedLines), the first five: " (line 21 repeats line 11, line
// 31 line 30)"; "" when their lines are unknown.
func repeatedWhere(rep [][2]int) string {
	var parts []string
	for i, r := range rep {
		if r[0] == 0 || r[1] == 0 {
			return ""
		}
		switch {
		case i == 5:
			parts = append(parts, "…")
		case i > 5:
		case i == 0:
			parts = append(parts, fmt.Sprintf("line %d repeats line %d", r[0], r[1]))
		default:
			parts = append(parts, fmt.Sprintf("line %d line %d", r[0], r[1]))
		}
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// unorderedNote says whether truth.csv's rows (truth, sorted by IC, each
// with its line) were out of time order in the file: how many rows have an
// IC before the row above them, and the first such; "" when none are (or
// the lines are not known).
func unorderedNote(truth []eval.Truth) string {
	byLine := slices.Clone(truth)
	slices.SortStableFunc(byLine, func(a, b eval.Truth) int { return a.Line - b.Line })
	n, first := 0, -1
	for i := 1; i < len(byLine); i++ {
		if byLine[i].Line == 0 {
			return ""
		}
		if byLine[i].IC < byLine[i-1].IC {
			if n == 0 {
				first = i
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	a, b := byLine[first], byLine[first-1]
	ta, tb := fmt.Sprintf("%.3f", a.IC), fmt.Sprintf("%.3f", b.IC)
	if ta == tb {
		// under half a millisecond apart: "ic_s 1.000, under line 3,
		// 1.000" read as rows in order
		ta, tb = strconv.FormatFloat(a.IC, 'f', -1, 64), strconv.FormatFloat(b.IC, 'f', -1, 64)
	}
	return fmt.Sprintf("truth.csv's rows are not in time order (%d row(s) before the row above them; first line %d, ic_s %s, under line %d, %s): read sorted by ic_s", n, a.Line, ta, b.Line, tb)
}

// boutsRange is the span bouts cover, s: the earliest start and the latest
// end, whatever their order in meta.json (its first start and last end
// as listed said "1000.000–960.000 s" of bouts out of order).
func boutsRange(bouts [][2]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, b := range bouts {
		lo, hi = min(lo, b[0]), max(hi, b[1])
	}
	return lo, hi
}

// judgedSpan is the part of [a, b] that bouts judge, s: all of it without
// bouts. Bouts that overlap judge their common time once (it was added
// for each, and a bout listed twice doubled the span and the holes in it
// that sparseTruth weighs).
func judgedSpan(a, b float64, bouts [][2]float64) float64 {
	if len(bouts) == 0 {
		return b - a
	}
	ws := slices.Clone(bouts)
	slices.SortFunc(ws, func(x, y [2]float64) int { return cmp.Compare(x[0], y[0]) })
	sum, end := 0.0, a // end: how far [a, b] is counted
	for _, w := range ws {
		lo, hi := max(end, w[0]), min(b, w[1])
		if hi > lo {
			sum += hi - lo
			end = hi
		}
	}
	return sum
}

// evaluate runs the engine on one trial folder, with placement and side
// taken from its meta.json; the activity is detected, as in analyze
// (meta.json's activity describes the trial, it is not given to the engine).
func evaluate(dir string, accOnly, boutSpan bool, units evalUnits) trialResult {
	tr, err := eval.LoadTrial(dir)
	if err != nil {
		return trialResult{err: err}
	}
	res := trialResult{trial: tr}
	var cfg gait.Config
	if strings.TrimSpace(tr.Meta.Placement) == "" {
		res.err = fmt.Errorf("%s: no placement (want waist, shoe or shank)", filepath.Join(dir, "meta.json"))
		return res
	}
	if cfg.Placement, err = gait.ParsePlacement(tr.Meta.Placement); err != nil {
		res.err = fmt.Errorf("%s: %w", filepath.Join(dir, "meta.json"), err)
		return res
	}
	switch v := strings.TrimSpace(tr.Meta.Side); strings.ToUpper(v) {
	case "L", "LEFT":
		cfg.Side = gait.Left
	case "R", "RIGHT":
		cfg.Side = gait.Right
	case "":
	default:
		res.err = fmt.Errorf("%s: side %q: want L, R or none", filepath.Join(dir, "meta.json"), v)
		return res
	}
	if !cfg.Placement.Foot() && cfg.Side != gait.SideUnknown {
		// a foot sensor's key on a waist's trial (analyze refuses
		// --side for a waist; eval took it without a word — an audit)
		res.notes = append(res.notes, fmt.Sprintf("meta.json's side %q names a foot sensor's foot: not used for a %s sensor", strings.TrimSpace(tr.Meta.Side), cfg.Placement))
		cfg.Side = gait.SideUnknown
	}
	if ps := placementSide(tr.Meta.Placement); cfg.Placement.Foot() && ps != gait.SideUnknown {
		// "right_shank", "LeftFoot": the side the placement names, where
		// side does not (its contacts went unlabelled: side "none")
		switch cfg.Side {
		case gait.SideUnknown:
			cfg.Side = ps
		case ps:
		default:
			res.err = fmt.Errorf("%s: placement %q and side %q name different feet", filepath.Join(dir, "meta.json"), tr.Meta.Placement, tr.Meta.Side)
			return res
		}
	}
	for _, u := range []struct {
		key, v string
		check  func(string) error
	}{{"acc_unit", tr.Meta.AccUnit, sensor.CheckAccUnit}, {"gyro_unit", tr.Meta.GyroUnit, sensor.CheckGyroUnit}} {
		// (an acc_unit the reader does not know was blamed on input.csv)
		if err := u.check(u.v); err != nil {
			res.err = fmt.Errorf("%s: %s: %w", filepath.Join(dir, "meta.json"), u.key, err)
			return res
		}
	}
	f, err := os.Open(tr.Input())
	if err != nil {
		res.err = err
		return res
	}
	defer f.Close()
	// gx, gy, gz beside acc_v… are read for a foot (it needs only their
	// principal axis), not for a waist
	foot := cfg.Placement.Foot()
	csvOpt := sensor.CSVOptions{Name: tr.Input(), AccUnit: cmp.Or(tr.Meta.AccUnit, units.acc), GyroUnit: cmp.Or(tr.Meta.GyroUnit, units.gyro), OwnFrameRates: foot, ClockResets: true}
	// the samples' own time column sets the rate; meta.json's fs serves a
	// file without one (a nominal fs that the timestamps contradict is
	// said, not used)
	src, err := sensor.NewCSVReader(f, csvOpt)
	if errors.Is(err, sensor.ErrNoRate) && tr.Meta.Fs > 0 {
		if _, err = f.Seek(0, io.SeekStart); err == nil {
			csvOpt.Rate = tr.Meta.Fs
			src, err = sensor.NewCSVReader(f, csvOpt)
		}
	}
	switch {
	case errors.Is(err, sensor.ErrNoRate):
		// (the reader's advice names analyze's flags; eval has neither)
		res.err = fmt.Errorf("%w (for eval: fs in meta.json)", err)
		return res
	case errors.Is(err, sensor.ErrUnit):
		res.err = fmt.Errorf("%w (for eval: acc_unit or gyro_unit in meta.json, or --acc-unit, --gyro-unit)", err)
		return res
	case err != nil:
		res.err = err
		return res
	}
	if r := src.Layout().Rate; csvOpt.Rate == 0 && tr.Meta.Fs > 0 && math.Abs(r-tr.Meta.Fs) > 0.02*tr.Meta.Fs {
		res.notes = append(res.notes, fmt.Sprintf("meta.json's fs %g Hz, the time column's %.4g Hz: the time column's used", tr.Meta.Fs, r))
	}
	// (the engine's MaxGap by default: longer holes are not bridged)
	span := &spanSource{Source: src, maxGap: math.Max(0.25, 5/src.Layout().Rate), resets: func() int { return src.Stats().ClockResets }}
	var in sensor.Source = span
	if accOnly {
		in = accOnlySource{span}
	}
	var cs []gait.Contact
	onBad := func(err error) {
		if res.bad == 0 {
			res.firstBad = err
		}
		res.bad++
	}
	sum, _, err := gait.Analyze(in, cfg, func(c gait.Contact) { cs = append(cs, c) }, onBad)
	if err != nil {
		hint := ""
		if sum == nil {
			hint = rateHint(src, "meta.json's fs sets it") // the engine refused the rate read
		}
		res.err = fmt.Errorf("%s: %w%s", tr.Input(), err, hint)
		return res
	}
	// the reference on another time base (epoch time in input.csv,
	// seconds from the start in truth.csv) would score as all missed
	first, last := tr.Truth[0].IC, tr.Truth[len(tr.Truth)-1].IC
	if span.n < 2 || span.last-span.first < 1 {
		res.err = fmt.Errorf("%s: input.csv holds %d sample(s) over %.3f s: too short to score", dir, span.n, span.last-span.first)
		return res
	}
	if last < span.first || first > span.last {
		res.err = fmt.Errorf("%s: the reference contacts (%.3f–%.3f s) lie outside input.csv's samples (%.3f–%.3f s): not on one time base?", dir, first, last, span.first, span.last)
		return res
	}
	out := 0
	for _, c := range tr.Truth {
		// (however little: only those more than 1 s outside were
		// said, and an input cut 0.5 s short lowered recall without a
		// word — a black-box round)
		if c.IC < span.first || c.IC > span.last {
			out++
		}
	}
	if out > 0 {
		res.notes = append(res.notes, fmt.Sprintf("%d of %d reference contacts lie outside input.csv's samples (%.3f–%.3f s): scored as missed (another time base, or a cut input?)", out, len(tr.Truth), span.first, span.last))
	}
	// how the time column was read (a clock that restarted, read on
	// 3 s after the old one: its gap is none of the file's), as analyze
	// says it
	var cn strings.Builder
	clockNotes(&cn, "input.csv", src.Stats())
	for _, l := range strings.Split(strings.TrimSpace(cn.String()), "\n") {
		if l != "" {
			res.notes = append(res.notes, strings.TrimPrefix(l, "gaitd: "))
		}
	}
	// the bouts judged: with --bout-span each cut to its own contacts,
	// so that a gap after a bout's last contact, not judged, is not
	// said (TestEvalBoutSpanGap)
	judged := tr.Meta.Bouts
	if boutSpan && len(judged) > 0 {
		judged = eval.BoutSpans(judged, tr.Truth) // (none: an error below)
	}
	if note := gapNote(span.holes, tr.Truth, judged); note != "" {
		res.notes = append(res.notes, note)
	}
	if tr.NoIC > 0 {
		// (skipped, as a reference writes a contact it could not time;
		// said, or a typo's NaN lowered recall without a word — an audit)
		res.notes = append(res.notes, fmt.Sprintf("truth.csv has %d row(s) without an initial contact (empty, NA or NaN): skipped, not contacts to match", tr.NoIC))
	}
	if rep := eval.RepeatedLines(tr.Truth); len(rep) > 0 {
		// where, so that the reference's copy can be found (the count
		// alone was said)
		res.notes = append(res.notes, fmt.Sprintf("truth.csv repeats %d contact(s) within 1 ms of another%s: each counts as a contact to match", len(rep), repeatedWhere(rep)))
	}
	if note := unorderedNote(tr.Truth); note != "" {
		// (read sorted, as documented; said, as a clinic's export whose
		// rows came out of order may have lost or mixed up others)
		res.notes = append(res.notes, note)
	}
	if b := tr.Meta.Bouts; len(b) > 0 && !slices.ContainsFunc(tr.Truth, func(c eval.Truth) bool { return inBouts(c.IC, b, 0) }) {
		// every contact outside the judged bouts: a row of NaN, and the
		// trial gone from its set without a word (a review). The bouts
		// as given: Match judges the contacts inside them only (it
		// widened them by its tolerance, and this check by 0.1 s)
		lo, hi := boutsRange(b)
		res.err = fmt.Errorf("%s: meta.json's %d bout(s) (%.3f–%.3f s) hold none of truth.csv's %d contacts (%.3f–%.3f s): not on one time base?", dir, len(b), lo, hi, len(tr.Truth), first, last)
		return res
	}
	for _, w := range sum.Report().Warnings {
		// what analyze would say of the run (a placement its figures
		// do not fit: meta.json's placement wrong?)
		// (eval takes the placement from meta.json, not --placement)
		w = strings.ReplaceAll(w, "--placement", "meta.json's placement")
		res.notes = append(res.notes, "analyze warns: "+w)
	}
	if note := activityNote(tr.Meta.Activity, cs); note != "" {
		res.notes = append(res.notes, note)
	}
	if len(cs) == 0 {
		if r := sum.Report().Reason; r != "" {
			// (eval takes the placement from meta.json, as above)
			res.notes = append(res.notes, "no contacts: "+strings.ReplaceAll(r, "--placement", "meta.json's placement"))
		}
	}
	opt := eval.Options{Bouts: judged}
	if b := tr.Meta.Bouts; len(b) > 0 && len(judged) == 0 {
		// (--bout-span) BoutSpans takes the contacts inside a bout
		// only, and with none it leaves every bout out: no bouts, and
		// Match judged the whole trial (TestEvalBoutSpanNoContact). The
		// check above, now of the bouts as given, leaves none such; kept
		// for BoutSpans' sake
		lo, hi := boutsRange(b)
		res.err = fmt.Errorf("%s: meta.json's %d bout(s) (%.3f–%.3f s) hold none of truth.csv's %d contacts (%.3f–%.3f s) inside them: nothing for --bout-span to judge", dir, len(b), lo, hi, len(tr.Truth), first, last)
		return res
	}
	if note := sparseTruth(tr.Truth, cs, foot, opt.Bouts); note != "" {
		res.notes = append(res.notes, note)
	}
	if !foot {
		res.score = eval.Match(cs, tr.Truth, opt)
		if note := oneFootTruth(tr.Truth, cs); note != "" {
			res.notes = append(res.notes, note)
		}
		if note := clockOffset(cs, tr.Truth, opt, res.score, "contacts"); note != "" {
			res.notes = append(res.notes, note)
		}
		if note := fsNote(res.score, csvOpt.Rate, func(r float64) *eval.Score { return eval.Match(retimed(cs, r), tr.Truth, opt) }); note != "" {
			res.notes = append(res.notes, note)
		}
		return res
	}
	// A foot sensor sees its own foot: judge against that foot's
	// contacts, with the matching tolerance of the trial's step (half the
	// stride between one foot's contacts).
	feet, step := footTruths(tr.Truth, cfg.Side, cs)
	named := cfg.Side != gait.SideUnknown && hasSide(tr.Truth)
	if named && len(feet[0]) == 0 {
		// (a row of NaN before, said nowhere)
		n := map[gait.Side]int{}
		for _, c := range tr.Truth {
			n[c.Side]++
		}
		res.err = fmt.Errorf("%s: truth.csv has no contact of the %v foot, which meta.json's side names (its contacts: %d %v, %d %v): the sensor on the other foot, or side wrong?",
			dir, cfg.Side, n[cfg.Side], cfg.Side, n[cfg.Side.Opposite()], cfg.Side.Opposite())
		return res
	}
	opt.Step = step
	var own []eval.Truth // the foot's contacts scored
	for _, o := range feet {
		if sc := eval.Match(cs, o, opt); res.score == nil || sc.TP > res.score.TP {
			res.score, own = sc, o
		}
	}
	whose := "contacts of the instrumented foot"
	if cfg.Side != gait.SideUnknown {
		whose = fmt.Sprintf("contacts of the %v foot", cfg.Side)
	}
	if note := clockOffset(cs, own, opt, res.score, whose); note != "" {
		// as for a waist: its own foot's contacts, with the trial's step
		// (a shank's reference 0.2 s late scored 0 without a word)
		res.notes = append(res.notes, note)
	}
	if named {
		// the foot meta.json names against the other: a sensor on the
		// other foot scored P = R = 0 without a word (a black-box
		// round); scored as named, and said
		other := cfg.Side.Opposite()
		if sc := eval.Match(cs, ownFoot(tr.Truth, other), opt); sc.TP >= 3 && sc.TP > 2*res.score.TP {
			res.notes = append(res.notes, fmt.Sprintf("the detections match the %v foot's reference contacts (F1 %.3f), not the %v foot's that meta.json's side names (F1 %.3f): the sensor on the other foot, or side wrong? scored as named",
				other, sc.F1(), cfg.Side, res.score.F1()))
		}
	}
	// one foot's contacts are a stride apart: steps/min is twice that
	res.score.Cadence *= 2
	res.score.TrueCadence *= 2
	if note := fsNote(res.score, csvOpt.Rate, func(r float64) *eval.Score { return eval.Match(retimed(cs, r), own, opt) }); note != "" {
		res.notes = append(res.notes, note)
	}
	return res
}

// clockOffset says when a trial's reference looks to be on a clock a
// steady offset from input.csv's (a force plate's or insoles' recording
// started apart from the IMU's, its contacts still within the input's
// span: scored F1 0 without a word before): under half its judged contacts
// matched, and with the reference and its bouts shifted by one amount
// within ±2 s (5 ms steps) at least 60 % of them, a quarter of them more.
// truth is a waist trial's, or a foot trial's contacts of the foot scored
// with opt.Step the trial's step (footTruths): the same rule; whose names
// them in the note ("contacts", "contacts of the L foot").
// Of shifts matching as many, the one whose sides agree best, then the
// smallest IC error, then the smallest shift is named. "" otherwise.
func clockOffset(det []gait.Contact, truth []eval.Truth, opt eval.Options, sc *eval.Score, whose string) string {
	n := sc.TP + sc.FN
	if n < 6 || len(det) < 6 || 2*sc.TP >= n {
		return ""
	}
	meanAbs := func(e []float64) float64 {
		m := 0.0
		for _, x := range e {
			m += math.Abs(x) / float64(len(e))
		}
		return m
	}
	var best *eval.Score
	bestShift := 0.0
	shifted := make([]eval.Truth, len(truth))
	for k := -400; k <= 400; k++ {
		if k == 0 {
			continue
		}
		s := float64(k) * 0.005
		for i, c := range truth {
			shifted[i] = eval.Truth{IC: c.IC + s, FC: c.FC + s, Side: c.Side}
		}
		o := opt
		o.Bouts = nil
		for _, b := range opt.Bouts {
			o.Bouts = append(o.Bouts, [2]float64{b[0] + s, b[1] + s})
		}
		x := eval.Match(det, shifted, o)
		better := best == nil || x.TP > best.TP
		if !better && x.TP == best.TP {
			switch {
			case x.SideRight != best.SideRight:
				better = x.SideRight > best.SideRight
			case meanAbs(x.ICErr) != meanAbs(best.ICErr):
				better = meanAbs(x.ICErr) < meanAbs(best.ICErr)
			default:
				better = math.Abs(s) < math.Abs(bestShift)
			}
		}
		if better {
			best, bestShift = x, s
		}
	}
	if best == nil || 10*best.TP < 6*n || 4*(best.TP-sc.TP) < n {
		return ""
	}
	return fmt.Sprintf("truth.csv's %s match %d of its %d shifted by %+.3f s, %d as given: the reference's clock a steady offset from input.csv's? (scored as given; in steady gait a shift by whole steps matches alike)",
		whose, best.TP, n, bestShift, sc.TP)
}

// placementSide returns the foot a placement's words name ("right_shank",
// "LeftFoot", "ankle (left)"), SideUnknown when they name none or both.
func placementSide(p string) gait.Side {
	n := strings.ToLower(p)
	l, r := strings.Contains(n, "left"), strings.Contains(n, "right")
	switch {
	case l && !r:
		return gait.Left
	case r && !l:
		return gait.Right
	}
	return gait.SideUnknown
}

// oneFootTruth says when a waist trial's reference looks like one foot's
// contacts: a median interval 1.7–2.3 times the detections' median step
// (a stride), or one side only in its side column. Scored as both feet's,
// such a reference reads as a detector making up every other contact,
// with a cadence error of 50–90 steps/min (a review). "" otherwise.
func oneFootTruth(truth []eval.Truth, det []gait.Contact) string {
	ts := eval.MedianStep(truth)
	var d []float64
	for i := 1; i < len(det); i++ {
		if x := det[i].IC - det[i-1].IC; x > 0 && x < 2 {
			d = append(d, x)
		}
	}
	sides := map[gait.Side]int{}
	for _, c := range truth {
		sides[c.Side]++
	}
	oneSide := len(truth) >= 4 && len(sides) == 1 && sides[gait.SideUnknown] == 0
	if len(d) < 4 || ts <= 0 {
		if oneSide {
			return "truth.csv gives one side only: one foot's contacts? a waist sensor sees both feet's"
		}
		return ""
	}
	slices.Sort(d)
	step := d[len(d)/2]
	switch r := ts / step; {
	case r >= 1.7 && r <= 2.3:
		return fmt.Sprintf("truth.csv's contacts are a stride apart (median %.3f s, the detections' step %.3f s): one foot's contacts? a waist sensor sees both feet's", ts, step)
	case oneSide:
		return "truth.csv gives one side only: one foot's contacts? a waist sensor sees both feet's"
	}
	return ""
}

// fsNote says when an input.csv timed by meta.json's fs (no time column)
// gives detections whose cadence is more than 3 % off the reference's and
// that match poorly (F1 under 0.9): a wrong fs scales every detection's
// time (80 for 100 Hz scored F1 0.3 without a word; a black-box round).
// The rate that would fit is fs times the reference's cadence over the
// detections'; the note is said only when the detections re-timed at it
// (rescore, their times times r) match better, by 0.1 in F1: a trial
// timed right whose detections match poorly (mobgap's MS001_Test5_Trial1
// without its time column, cadence 88.8 %, F1 0.571) was told "is fs
// right? 113 Hz would fit". "" otherwise, and for fs 0 (timed by its time
// column).
func fsNote(sc *eval.Score, fs float64, rescore func(r float64) *eval.Score) string {
	if fs == 0 || sc == nil || math.IsNaN(sc.Cadence) || math.IsNaN(sc.TrueCadence) || !(sc.TrueCadence > 0) {
		return ""
	}
	r := sc.Cadence / sc.TrueCadence
	if math.Abs(r-1) <= 0.03 || sc.F1() >= 0.9 {
		return ""
	}
	if f := rescore(r).F1(); !(f >= sc.F1()+0.1) {
		return "" // no better at that rate: not the fs
	}
	return fmt.Sprintf("input.csv has no time column: at meta.json's fs %g Hz the detections' cadence is %.1f %% of the reference's (F1 %.3f): is fs right? %.0f Hz would fit",
		fs, 100*r, sc.F1(), fs/r)
}

// retimed returns the contacts with their times scaled by r, as if read
// at the rate fs/r from a file timed by fs from t = 0 (fsNote).
func retimed(cs []gait.Contact, r float64) []gait.Contact {
	out := slices.Clone(cs)
	for i := range out {
		c := &out[i]
		c.IC, c.FC, c.GCT, c.Step, c.Flight = c.IC*r, c.FC*r, c.GCT*r, c.Step*r, c.Flight*r
	}
	return out
}

// sparseTruth says when the reference leaves much of the time it judges
// without a contact: intervals between its contacts over 2.5 steps of the
// detections (a foot sensor's: half its stride), inside the bouts where
// given, adding up to over half the judged span (MS001_Test11's reference,
// with pauses and bout ends in its bouts, leaves a third). A clinic's force
// plate records a contact or two per pass: the rule judges the detections
// between the passes, as false positives (P 0.143 for pairs of contacts
// 10 s apart), and one contact per pass made a reference cadence of 6
// steps/min — both without a word (a black-box round). "" otherwise.
func sparseTruth(truth []eval.Truth, det []gait.Contact, foot bool, bouts [][2]float64) string {
	var d []float64
	for i := 1; i < len(det); i++ {
		if x := det[i].IC - det[i-1].IC; x > 0 && x < 4 {
			d = append(d, x)
		}
	}
	if len(d) < 4 || len(truth) < 2 {
		return ""
	}
	slices.Sort(d)
	step := d[len(d)/2]
	if foot {
		step /= 2 // one foot's contacts: a stride apart
	}
	span := judgedSpan(truth[0].IC, truth[len(truth)-1].IC, bouts)
	holes, n := 0.0, 0
	for i := 1; i < len(truth); i++ {
		if truth[i].IC-truth[i-1].IC > 2.5*step {
			if h := judgedSpan(truth[i-1].IC, truth[i].IC, bouts); h > 0 {
				holes += h
				n++
			}
		}
	}
	if n == 0 || holes <= span/2 {
		return ""
	}
	return fmt.Sprintf("truth.csv's contacts leave %.1f s of the %.1f s judged without a contact (%d gap(s) over 2.5 of the detections' steps, %.3f s): a force plate's contacts of separate passes? the detections in them are judged, as false positives, and the reference's cadence may not be the gait's (give each pass as a bout in meta.json)",
		holes, span, n, step)
}

// footTruths returns the candidate contact lists of the instrumented foot
// and the trial's median step interval, s. With sides in the truth: the
// side meta.json names, else each side (the caller keeps the one the
// detections match best). Without sides: the truth itself if its contacts
// are a stride apart like the detections, else (both feet, a step apart)
// the instrumented foot's contacts picked by alternation (see alternate).
// A truth of one foot only (labelled or not) has a stride between its
// contacts: the step is half its median interval.
func footTruths(truth []eval.Truth, side gait.Side, det []gait.Contact) ([][]eval.Truth, float64) {
	ts := eval.MedianStep(truth)
	if hasSide(truth) {
		step := ts
		if !hasSide(ownFoot(truth, gait.Left)) || !hasSide(ownFoot(truth, gait.Right)) {
			step = ts / 2 // one foot's contacts only
		}
		if side != gait.SideUnknown {
			return [][]eval.Truth{ownFoot(truth, side)}, step
		}
		return [][]eval.Truth{ownFoot(truth, gait.Left), ownFoot(truth, gait.Right)}, step
	}
	var d []float64
	for i := 1; i < len(det); i++ {
		d = append(d, det[i].IC-det[i-1].IC)
	}
	sort.Float64s(d)
	if len(d) == 0 || ts > 0.75*d[len(d)/2] {
		// the truth's contacts are as far apart as the detected
		// strides: the instrumented foot's only
		return [][]eval.Truth{truth}, ts / 2
	}
	return [][]eval.Truth{alternate(truth, det, ts)}, ts
}

// alternate picks one foot's contacts from a truth of both feet without
// sides: within each stretch of alternating steps (broken where an
// interval exceeds 1.5 median steps: a pause, a new pass, a contact the
// reference missed) the even or the odd contacts, whichever more
// detections lie near (within a quarter step, at most 0.1 s).
func alternate(truth []eval.Truth, det []gait.Contact, step float64) []eval.Truth {
	tol := math.Min(0.1, 0.25*step)
	near := func(t eval.Truth) bool {
		i := sort.Search(len(det), func(i int) bool { return det[i].IC >= t.IC-tol })
		return i < len(det) && det[i].IC <= t.IC+tol
	}
	var own []eval.Truth
	for a := 0; a < len(truth); {
		b := a + 1
		for b < len(truth) && truth[b].IC-truth[b-1].IC <= 1.5*step {
			b++
		}
		var n [2]int
		for i := a; i < b; i++ {
			if near(truth[i]) {
				n[(i-a)%2]++
			}
		}
		k := 0
		if n[1] > n[0] {
			k = 1
		}
		for i := a + k; i < b; i += 2 {
			own = append(own, truth[i])
		}
		a = b
	}
	return own
}

// ownFoot keeps the contacts of one side, and those whose side the truth
// does not give.
func ownFoot(truth []eval.Truth, side gait.Side) []eval.Truth {
	var own []eval.Truth
	for _, t := range truth {
		if t.Side == side || t.Side == gait.SideUnknown {
			own = append(own, t)
		}
	}
	return own
}

func hasSide(truth []eval.Truth) bool {
	for _, t := range truth {
		if t.Side != gait.SideUnknown {
			return true
		}
	}
	return false
}

// accOnlySource hides the gyroscope of a source, to score the
// accelerometer-only methods on recordings that have both.
type accOnlySource struct{ sensor.Source }

func (a accOnlySource) Layout() sensor.Layout {
	l := a.Source.Layout()
	l.Gyr, l.GyrOwnFrame = [3]bool{}, false
	return l
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) (retErr error) {
	checked := false // (markUsage: exit 2 for an error in the arguments)
	defer markUsage(&retErr, &checked)
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	accOnly := fs.Bool("acc-only", false, "ignore gyroscope channels (score the accelerometer-only methods)")
	boutSpan := fs.Bool("bout-span", false, "judge each of meta.json's bouts only between its own first and last reference contacts (default: between the trial's first and last, inside the bouts)")
	var units evalUnits
	fs.StringVar(&units.acc, "acc-unit", "", "acceleration unit of every input.csv whose meta.json gives no acc_unit: g, mps2, mg or raw:<LSB per g> (default: detected)")
	fs.StringVar(&units.gyro, "gyro-unit", "", "gyro unit of every input.csv whose meta.json gives no gyro_unit: dps, rads or raw:<LSB per °/s> (default: header, else detected)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: gaitd eval [--acc-only] [--bout-span] [--acc-unit U] [--gyro-unit U] DIR

Runs the engine on every trial below DIR (folders holding input.csv,
truth.csv and meta.json) and prints, per set and per trial, precision,
recall and F1 of the contacts, the bias, mean absolute error and 95 % limits
of agreement of IC, FC and GCT in ms, the cadence error in steps/min, the
side agreement and the VO error where the trial gives vo_mm_median (or a
per-step vo_mm list, whose median is taken).`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if a := flagAfterArgs(fs, args); a != "" {
		// the flag package stops at DIR: a flag after it read as a
		// second directory, "want one directory" (an audit)
		return fmt.Errorf("eval: %s after the directory: flags go before it (gaitd eval [flags] DIR)", a)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("eval: want one directory")
	}
	if err := checkUnits(units.acc, units.gyro); err != nil {
		return err
	}
	checked = true
	root := fs.Arg(0)
	dirs, skipped, err := eval.Scan(root)
	if err != nil {
		return err
	}
	failed, unread := 0, 0
	for _, s := range skipped {
		if s.Err != nil {
			// a folder that could not be read: its trials unscored
			fmt.Fprintf(stderr, "gaitd: %s: %s\n", s.Dir, s.Why)
			unread++
			continue
		}
		fmt.Fprintf(stderr, "gaitd: %s: not a trial: %s\n", s.Dir, s.Why)
	}
	sets := map[string]*eval.Score{}
	cadErr := map[string][]float64{}
	var order []string
	// the name column: 34 wide, or the longest name's (a longer name
	// pushed its row's columns out of line with the others')
	nameW := 34
	for _, d := range dirs {
		set, name := trialNames(root, d)
		nameW = max(nameW, utf8.RuneCountInString(set+"/"+name), utf8.RuneCountInString(set))
	}
	// The rows are printed once every trial has run, so that the three
	// agreement columns can be as wide as their widest cell: at a fixed 22
	// a trial's "+47.8/123.7 [-540,+635]" (23) pushed the rest of its row
	// out of line (TestEvalWideCells). Notes go to stderr as they come.
	type row struct {
		name          string
		p, r, f1      float64
		n             int
		ic, fc, gct   string
		cad, side, vo string
	}
	var trialRows, setRows []row
	aw := [3]int{22, 22, 22}
	widen := func(r row) row {
		for i, c := range [3]string{r.ic, r.fc, r.gct} {
			aw[i] = max(aw[i], utf8.RuneCountInString(c))
		}
		return r
	}
	printTrials := func() {
		if len(trialRows) == 0 {
			return // (no header over nothing: interrupted before a trial ran)
		}
		fmt.Fprintf(stdout, "%-*s %5s %5s %5s %6s  %-*s %-*s %-*s %8s %6s %8s\n", nameW, "trial", "P", "R", "F1", "n", aw[0], "IC bias/MAE [LoA] ms", aw[1], "FC bias/MAE [LoA] ms", aw[2], "GCT bias/MAE [LoA] ms", "cad err", "side", "VO err")
		for _, r := range trialRows {
			fmt.Fprintf(stdout, "%-*s %5.3f %5.3f %5.3f %6d  %s %s %s %8s %6s %8s\n", nameW, r.name,
				r.p, r.r, r.f1, r.n, pad(r.ic, aw[0]), pad(r.fc, aw[1]), pad(r.gct, aw[2]), r.cad, r.side, r.vo)
		}
	}
	for _, d := range dirs {
		if ctx.Err() != nil {
			// (the trials that ran are still shown)
			printTrials()
			return ctx.Err()
		}
		r := evaluate(d, *accOnly, *boutSpan, units)
		if r.err != nil {
			fmt.Fprintf(stderr, "gaitd: %v\n", r.err)
			failed++
			continue
		}
		s, t := r.score, r.trial
		t.Set, t.Name = trialNames(root, d)
		for _, n := range r.notes {
			fmt.Fprintf(stderr, "gaitd: %s: %s\n", t.Set+"/"+t.Name, n)
		}
		if r.bad > 0 {
			fmt.Fprintf(stderr, "gaitd: %s: %d bad input lines skipped (first: %v)\n", t.Set+"/"+t.Name, r.bad, r.firstBad)
		}
		if sets[t.Set] == nil {
			sets[t.Set] = &eval.Score{}
			order = append(order, t.Set)
		}
		sets[t.Set].Add(s)
		ce := s.Cadence - s.TrueCadence
		cadErr[t.Set] = append(cadErr[t.Set], ce)
		vo := "—"
		if ref, ok := t.Meta.VOReference(); ok {
			switch {
			case !(ref >= 5 && ref <= 500):
				// a reference in m (0.082) or left at 0 was scored
				// as one of 0.08 mm: "+82.0 mm" (a black-box round)
				fmt.Fprintf(stderr, "gaitd: %s: meta.json's VO reference %.4g mm is no vertical oscillation of a trunk (5–500 mm; in m?): VO not scored\n", t.Set+"/"+t.Name, ref)
			case !math.IsNaN(s.VO):
				vo = plus(1000*s.VO-ref, 1) + " mm"
			}
		}
		trialRows = append(trialRows, widen(row{t.Set + "/" + t.Name, s.Precision(), s.Recall(), s.F1(), s.TP,
			agree(s.ICErr), agree(s.FCErr), agree(s.GCTErr), signed(ce), sides(s), vo}))
	}
	sort.Strings(order)
	for _, name := range order {
		s := sets[name]
		// the worst trial's; trials without a cadence (fewer than three
		// contacts detected or in the reference) are counted apart, so that they do not hide
		// the others' errors
		worst, none := math.NaN(), 0
		for _, c := range cadErr[name] {
			switch {
			case math.IsNaN(c):
				none++
			case math.IsNaN(worst) || math.Abs(c) > worst:
				worst = math.Abs(c)
			}
		}
		note := ""
		if none > 0 {
			note = fmt.Sprintf("  (%d trial(s) without a cadence)", none)
		}
		w := "—"
		if !math.IsNaN(worst) {
			w = fmt.Sprintf("%.2f", worst)
		}
		setRows = append(setRows, widen(row{name, s.Precision(), s.Recall(), s.F1(), s.TP,
			agree(s.ICErr), agree(s.FCErr), agree(s.GCTErr), w, sides(s), note}))
	}
	printTrials()
	if len(setRows) > 0 {
		// (no set's table when no trial ran: a header over nothing)
		fmt.Fprintln(stdout)
		fmt.Fprintf(stdout, "%-*s %5s %5s %5s %6s  %-*s %-*s %-*s %8s %6s\n", nameW, "set (pooled)", "P", "R", "F1", "n", aw[0], "IC bias/MAE [LoA] ms", aw[1], "FC bias/MAE [LoA] ms", aw[2], "GCT bias/MAE [LoA] ms", "|cad|max", "side")
	}
	for _, r := range setRows {
		// (r.vo: the note on trials without a cadence)
		fmt.Fprintf(stdout, "%-*s %5.3f %5.3f %5.3f %6d  %s %s %s %8s %6s%s\n", nameW, r.name, r.p, r.r, r.f1, r.n,
			pad(r.ic, aw[0]), pad(r.fc, aw[1]), pad(r.gct, aw[2]), r.cad, r.side, r.vo)
	}
	switch {
	case failed > 0 && unread > 0:
		return fmt.Errorf("eval: %d trial(s) could not be run, %d folder(s) could not be read", failed, unread)
	case failed > 0:
		return fmt.Errorf("eval: %d trial(s) could not be run", failed)
	case unread > 0:
		return fmt.Errorf("eval: %d folder(s) could not be read", unread)
	}
	return nil
}

// trialNames names a trial by its folder and its set by the folders
// between root and it, so that trials of two clinics' sets of the same name
// stay apart and the names do not depend on how root is written (a
// trailing slash, "."). A trial that is root itself, or lies directly in
// it, takes the name of the folder above as its set.
func trialNames(root, dir string) (set, name string) {
	absRoot, err1 := filepath.Abs(root)
	absDir, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return filepath.Base(filepath.Dir(dir)), filepath.Base(dir)
	}
	name = filepath.Base(absDir)
	parent := filepath.Dir(absDir)
	if rel, err := filepath.Rel(absRoot, parent); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel), name
	}
	return filepath.Base(parent), name
}

// pad left-aligns s in a column w runes wide ("—" is one rune, three
// bytes: fmt's %-*s counts runes too, but says so nowhere near here).
func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func agree(e []float64) string {
	a := eval.Agree(e)
	if a.N == 0 {
		return "—"
	}
	if a.N == 1 {
		return plus(1e3*a.Bias, 1) + fmt.Sprintf("/%.1f [—]", 1e3*a.MAE) // one pair: no limits of agreement
	}
	return plus(1e3*a.Bias, 1) + fmt.Sprintf("/%.1f [%s,%s]", 1e3*a.MAE, plus(1e3*a.LoALow, 0), plus(1e3*a.LoAHigh, 0))
}

// plus formats v signed with prec decimals; a value that rounds to zero
// reads +0 (+0.0…), not -0: a limit of −0.3 ms printed "-0" beside "+0"
// of +0.3 ms, two signs for one figure (a review).
func plus(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	if !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "+") {
		s = "+" + s // (FormatFloat signs +Inf itself)
	}
	return s
}

// sides is the side agreement column: "—" when the reference has no
// sides, "none" when it has and no matched contact was labelled (a layout
// that cannot tell the feet apart, such as V+AP: 0 % by the scoring rule,
// which would read as every label wrong).
func sides(s *eval.Score) string {
	if s.SideJudged > 0 && s.SideUnknown == s.SideJudged {
		return "none"
	}
	return pct(s.SideAccuracy())
}

// signed formats a cadence error, "—" when unknown.
func signed(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return plus(v, 2)
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// activityNote compares meta.json's activity with the one the engine found
// in most contacts (gait.MainActivity): the engine is not told it, and a
// trial it reads as the other gait is scored with that gait's contact
// rules — worth a word beside its row. Running is read from "run", "jog"
// or "sprint" in the text, walking from "walk"; anything else (a "sit to
// stand", a "stairs") is said not to be compared.
func activityNote(meta string, cs []gait.Contact) string {
	m := strings.ToLower(strings.TrimSpace(meta))
	var want gait.Activity
	switch {
	case m == "":
		return ""
	case strings.Contains(m, "run") || strings.Contains(m, "jog") || strings.Contains(m, "sprint"):
		want = gait.Running
	case strings.Contains(m, "walk"):
		want = gait.Walking
	default:
		return fmt.Sprintf("meta.json's activity %q is neither walking nor running: not compared with the activity found", meta)
	}
	got, running, walking := gait.MainActivity(cs)
	if got == gait.Unknown || got == want {
		return ""
	}
	how := "a flight phase"
	if got == gait.Walking {
		how = "no flight phase"
	}
	return fmt.Sprintf("meta.json's activity %q, but the engine found %v (%s) in %d of %d contacts: scored as found; meta.json wrong, or a gait the engine misreads?",
		meta, got, how, max(running, walking), running+walking)
}
