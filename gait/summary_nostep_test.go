package gait

import (
	"math"
	"strings"
	"testing"
)

// TestSummaryNoStepSaysWhy: contacts without a step to a next one (a piece
// of 0.6 s: one walking and one running contact) leave cadence and every
// median null; the report says why instead of printing nothing.
func TestSummaryNoStepSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name string
		cs   []Contact
	}{
		{"one contact", run(1, 0.34, 0.24, 0.24)[:1]},
		{"walk and run", []Contact{
			{IC: 0.04, FC: math.NaN(), GCT: math.NaN(), Flight: math.NaN(), Step: math.NaN(), VO: math.NaN(), Activity: Walking, ImpactG: 1.2, Braking: math.NaN()},
			{IC: 0.39, FC: 0.63, GCT: 0.24, Flight: math.NaN(), Step: math.NaN(), VO: math.NaN(), Activity: Running, ImpactG: 1.6, Braking: math.NaN()},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSummary(Waist)
			for _, c := range tc.cs {
				c.Step = math.NaN()
				s.Add(c)
			}
			s.Span(0, 0.6)
			r := s.Report()
			if r.CadenceSPM != nil {
				t.Fatalf("cadence %v from contacts without a step", *r.CadenceSPM)
			}
			if !strings.Contains(r.Reason, "no step time") {
				t.Errorf("reason %q, want it to say no step time", r.Reason)
			}
		})
	}
	// a run with steps has no such reason
	s := NewSummary(Waist)
	for _, c := range run(40, 0.34, 0.24, 0.24) {
		s.Add(c)
	}
	s.Span(0, 40*0.34)
	if r := s.Report(); r.Reason != "" {
		t.Errorf("a 40-step run's reason %q", r.Reason)
	}
}
