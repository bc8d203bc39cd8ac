package gait_test

import (
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
	"github.com/gaitd/gaitd/sensor"
)

// ownLeg returns the contacts of truth on the instrumented leg side ('L'
// or 'R').
func ownLeg(truth []eval.Truth, side byte) []eval.Truth {
	var own []eval.Truth
	for _, x := range truth {
		if x.Side == gait.Side(side) {
			own = append(own, x)
		}
	}
	return own
}

// cutEnd returns the index after the last sample of ss within dur s of
// ss[i0]'s time.
func cutEnd(ss []sensor.Sample, i0 int, dur float64) int {
	i1 := i0
	for i1 < len(ss) && ss[i1].T <= ss[i0].T+dur {
		i1++
	}
	return i1
}

// cutTrial detects the contacts of the trial of the samples from i0, 6 s
// long, and scores it as gaitd eval scores a trial: against the contacts of
// own whose stance lies in it, with the whole recording's median step. It
// returns the score, the contacts and the truth judged.
func cutTrial(t *testing.T, cfg gait.Config, layout sensor.Layout, ss []sensor.Sample, i0 int, own []eval.Truth, step float64) (*eval.Score, []gait.Contact, []eval.Truth) {
	t.Helper()
	sub := ss[i0:cutEnd(ss, i0, 6)]
	t0, t1 := sub[0].T, sub[len(sub)-1].T
	cs, _ := detect(t, cfg, layout, sub)
	var tr []eval.Truth
	for _, x := range own {
		if x.IC >= t0 && x.FC <= t1 {
			tr = append(tr, x)
		}
	}
	return eval.Match(cs, tr, eval.Options{Step: step}), cs, tr
}
