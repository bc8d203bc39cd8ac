package gait_test

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestPairedSpeedMatchedCadence: the speed-matched cadence baseline
// compares a pair's cadence as its summary states it (cadence_spm, from
// each foot's strides, a contact the other foot's sensor did not record
// around counted twice) with earlier runs' cadence_spm. It took the
// contacts' steps, such a contact's once: the run of
// TestPairedStretchCadence (right foot recorded for 150 of 240 s, cadence
// falling over the last third) read a cadence drop of −1.25 % against three
// summaries of itself.
func TestPairedSpeedMatchedCadence(t *testing.T) {
	run, _, _ := pairedStretch(t, 0.2)
	report := func(past []gait.PastRun) gait.Report {
		sum := gait.NewSummary(gait.Shoe)
		sum.Paired = true
		sum.Speed = 3.3
		sum.Span(0, 240)
		info := sum.RunInfo()
		info.PastRuns = past
		sum.SetRunInfo(info)
		for _, c := range run {
			sum.Add(c)
		}
		return sum.Report()
	}
	first := report(nil)
	if first.CadenceSPM == nil {
		t.Fatal("no cadence")
	}
	p := gait.PastRun{Speed: 3.3, Cadence: *first.CadenceSPM}
	r := report([]gait.PastRun{p, p, p})
	found := false
	for _, s := range r.Signals {
		if s.Name != gait.SignalOverstriding {
			continue
		}
		for _, e := range s.Evidence {
			if e.Name != "cadence drop vs runs at this speed" {
				continue
			}
			found = true
			if e.Value == nil || math.Abs(*e.Value) > 1e-9 {
				v := math.NaN()
				if e.Value != nil {
					v = *e.Value
				}
				t.Errorf("cadence_spm %.2f; against three summaries of itself: %s %.2f %% (%s)", *r.CadenceSPM, e.Name, v, e.Note)
			}
		}
		if !found {
			t.Fatalf("overstriding %s without the speed-matched cadence: %s", s.State, s.Reason)
		}
	}
}
