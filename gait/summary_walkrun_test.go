package gait

import (
	"math"
	"strings"
	"testing"
)

// TestWindowsKeepOtherActivityGCT: a walk with running intervals (a
// run/walk programme: the walking steps the main activity) whose waist
// sensor found the walking toe-offs of too few steps has no contact time
// for the run; its running intervals' windows keep theirs. They read
// gct_ms null in every window, "the run's: toe-off found for only 6 of 300
// steps" (the walking steps') beside 90 running steps with a toe-off each.
func TestWindowsKeepOtherActivityGCT(t *testing.T) {
	// walking 0–60 s and 120–210 s (step 0.6 s, a toe-off for one step in
	// 50), running 60–~91 s (step 0.34 s, GCT 240 ms each)
	var cs []Contact
	tt := 0.0
	add := func(n int, step, gct float64, a Activity, every int) {
		for i := range n {
			side := Left
			if len(cs)%2 == 1 {
				side = Right
			}
			c := Contact{IC: tt, Step: step, Side: side, SideConf: 0.9, Activity: a,
				FC: math.NaN(), GCT: math.NaN(), Flight: math.NaN(), VO: 0.05, ImpactG: 1.5, Braking: math.NaN()}
			if every > 0 && i%every == 0 {
				c.GCT = gct
				c.FC, c.Flight = c.IC+gct, max(step-gct, 0)
			}
			cs = append(cs, c)
			tt += step
		}
	}
	add(100, 0.6, 0.65, Walking, 50)
	add(90, 0.34, 0.24, Running, 1)
	add(200, 0.6, 0.65, Walking, 50)
	walkOnly := append([]Contact(nil), cs[:100]...)

	for _, tc := range []struct {
		name string
		cs   []Contact
		// window start → want a GCT (ms) there, 0 for null with the run's reason
		want map[float64]float64
	}{
		{"walk with a running interval", cs, map[float64]float64{0: 0, 30: 0, 60: 240, 120: 0, 150: 0}},
		{"walk alone", walkOnly, map[float64]float64{0: 0, 30: 0}},
	} {
		s := NewSummary(Waist)
		for _, c := range tc.cs {
			s.Add(c)
		}
		last := tc.cs[len(tc.cs)-1]
		s.Span(0, last.IC+last.Step)
		r := s.Report()
		if r.Activity != "walking" || r.GCTms != nil || r.GCTReason == "" {
			t.Fatalf("%s: activity %s, gct_ms %v (%q): the recording no longer probes this", tc.name, r.Activity, r.GCTms, r.GCTReason)
		}
		seen := 0
		for _, w := range r.Windows {
			want, ok := tc.want[w.StartS]
			if !ok {
				continue
			}
			seen++
			switch {
			case want == 0 && (w.GCTms != nil || !strings.HasPrefix(w.GCTReason, "the run's: ")):
				t.Errorf("%s: window at %.0f s: gct_ms %v, reason %q; want null, the run's reason", tc.name, w.StartS, w.GCTms, w.GCTReason)
			case want > 0 && (w.GCTms == nil || math.Abs(*w.GCTms-want) > 1e-6 || w.GCTReason != "" || w.BalancePct == nil):
				t.Errorf("%s: window at %.0f s: gct_ms %v, balance %v, reason %q; want %.0f ms, a balance, no reason", tc.name, w.StartS, w.GCTms, w.BalancePct, w.GCTReason, want)
			}
		}
		if seen != len(tc.want) {
			t.Errorf("%s: %d of the %d windows looked for", tc.name, seen, len(tc.want))
		}
	}
}
