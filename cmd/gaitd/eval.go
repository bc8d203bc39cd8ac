package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// trialResult is the score of one trial.
type trialResult struct {
	trial *eval.Trial
	score *eval.Score
	err   error
}

// evaluate runs the engine on one trial folder, with placement, activity
// and side taken from its meta.json.
func evaluate(dir string, accOnly bool) trialResult {
	tr, err := eval.LoadTrial(dir)
	if err != nil {
		return trialResult{err: err}
	}
	res := trialResult{trial: tr}
	var cfg gait.Config
	if cfg.Placement, err = gait.ParsePlacement(tr.Meta.Placement); err != nil {
		res.err = fmt.Errorf("%s/meta.json: %w", dir, err)
		return res
	}
	switch strings.ToUpper(tr.Meta.Side) {
	case "L", "LEFT":
		cfg.Side = gait.Left
	case "R", "RIGHT":
		cfg.Side = gait.Right
	}
	f, err := os.Open(tr.Input())
	if err != nil {
		res.err = err
		return res
	}
	defer f.Close()
	src, err := sensor.NewCSVReader(f, sensor.CSVOptions{Name: tr.Input(), Rate: tr.Meta.Fs})
	if err != nil {
		res.err = err
		return res
	}
	var in sensor.Source = src
	if accOnly {
		in = accOnlySource{src}
	}
	var cs []gait.Contact
	_, _, err = gait.Analyze(in, cfg, func(c gait.Contact) { cs = append(cs, c) }, nil)
	if err != nil {
		res.err = err
		return res
	}
	opt := eval.Options{Bouts: tr.Meta.Bouts}
	foot := cfg.Placement == gait.Shoe || cfg.Placement == gait.Shank
	switch {
	case foot && cfg.Side != gait.SideUnknown:
		// a foot sensor sees its own foot: judge against that foot's contacts
		res.score = eval.Match(cs, ownFoot(tr.Truth, cfg.Side), opt)
	case foot && hasBothSides(tr.Truth):
		// meta.json does not say which foot wears the sensor: judge
		// against the foot whose contacts the detections match best
		l, r := eval.Match(cs, ownFoot(tr.Truth, gait.Left), opt), eval.Match(cs, ownFoot(tr.Truth, gait.Right), opt)
		res.score = l
		if r.TP > l.TP {
			res.score = r
		}
	default:
		res.score = eval.Match(cs, tr.Truth, opt)
	}
	if foot {
		// one foot's contacts are a stride apart: steps/min is twice that
		res.score.Cadence *= 2
		res.score.TrueCadence *= 2
	}
	return res
}

func ownFoot(truth []eval.Truth, side gait.Side) []eval.Truth {
	var own []eval.Truth
	for _, t := range truth {
		if t.Side == side || t.Side == gait.SideUnknown {
			own = append(own, t)
		}
	}
	return own
}

func hasBothSides(truth []eval.Truth) bool {
	var l, r bool
	for _, t := range truth {
		l = l || t.Side == gait.Left
		r = r || t.Side == gait.Right
	}
	return l && r
}

// accOnlySource hides the gyroscope of a source, to score the
// accelerometer-only methods on recordings that have both.
type accOnlySource struct{ sensor.Source }

func (a accOnlySource) Layout() sensor.Layout {
	l := a.Source.Layout()
	l.Gyr = [3]bool{}
	return l
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	accOnly := fs.Bool("acc-only", false, "ignore gyroscope channels (score the accelerometer-only methods)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: gaitd eval [--acc-only] DIR

Runs the engine on every trial below DIR (folders holding input.csv,
truth.csv and meta.json) and prints, per set and per trial, precision,
recall and F1 of the contacts, the bias, mean absolute error and 95 % limits
of agreement of IC, FC and GCT in ms, the cadence error in steps/min, the
side agreement and the VO error where the trial gives vo_mm_median.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("eval: want one directory")
	}
	dirs, err := eval.FindTrials(fs.Arg(0))
	if err != nil {
		return err
	}
	sets := map[string]*eval.Score{}
	cadErr := map[string][]float64{}
	var order []string
	fmt.Fprintf(stdout, "%-34s %5s %5s %5s %6s  %-22s %-22s %-22s %8s %6s %8s\n", "trial", "P", "R", "F1", "n", "IC bias/MAE [LoA] ms", "FC bias/MAE [LoA] ms", "GCT bias/MAE [LoA] ms", "cad err", "side", "VO err")
	failed := 0
	for _, d := range dirs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r := evaluate(d, *accOnly)
		if r.err != nil {
			fmt.Fprintf(stderr, "gaitd: %v\n", r.err)
			failed++
			continue
		}
		s, t := r.score, r.trial
		if sets[t.Set] == nil {
			sets[t.Set] = &eval.Score{}
			order = append(order, t.Set)
		}
		sets[t.Set].Add(s)
		ce := s.Cadence - s.TrueCadence
		cadErr[t.Set] = append(cadErr[t.Set], ce)
		vo := "—"
		if t.Meta.VOmmMedian != nil && !math.IsNaN(s.VO) {
			vo = fmt.Sprintf("%+.1f mm", 1000*s.VO-*t.Meta.VOmmMedian)
		}
		fmt.Fprintf(stdout, "%-34s %5.3f %5.3f %5.3f %6d  %-22s %-22s %-22s %+8.2f %6s %8s\n", t.Set+"/"+t.Name,
			s.Precision(), s.Recall(), s.F1(), s.TP, agree(s.ICErr), agree(s.FCErr), agree(s.GCTErr), ce, pct(s.SideAccuracy()), vo)
	}
	sort.Strings(order)
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-34s %5s %5s %5s %6s  %-22s %-22s %-22s %8s %6s\n", "set (pooled)", "P", "R", "F1", "n", "IC bias/MAE [LoA] ms", "FC bias/MAE [LoA] ms", "GCT bias/MAE [LoA] ms", "|cad|max", "side")
	for _, name := range order {
		s := sets[name]
		var worst float64
		for _, c := range cadErr[name] {
			if !math.IsNaN(c) {
				worst = math.Max(worst, math.Abs(c))
			}
		}
		fmt.Fprintf(stdout, "%-34s %5.3f %5.3f %5.3f %6d  %-22s %-22s %-22s %8.2f %6s\n", name, s.Precision(), s.Recall(), s.F1(), s.TP,
			agree(s.ICErr), agree(s.FCErr), agree(s.GCTErr), worst, pct(s.SideAccuracy()))
	}
	if failed > 0 {
		return fmt.Errorf("eval: %d trial(s) could not be run", failed)
	}
	return nil
}

func agree(e []float64) string {
	a := eval.Agree(e)
	if a.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%+.1f/%.1f [%+.0f,%+.0f]", 1e3*a.Bias, 1e3*a.MAE, 1e3*a.LoALow, 1e3*a.LoAHigh)
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}
