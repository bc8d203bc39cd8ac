package gait

import (
	"strings"
	"testing"
)

// TestClippedImpactPairMedian: a pair of shank sensors, 81 contacts, the
// right ones (40: under half) saturating. The run's impact_g is a median
// of both feet's means, and it is exact only when every value a saturated
// contact enters sorts above it. A right sensor of a lower range (±8 g,
// the left's 11 g unclipped) or a left foot that lands on its range (the
// pair mean of each stride holds one clipped peak) put the median under
// the runner's: impact_g read 9.5 g and 10.2 g for 11 g and 10.7 g. It is
// null, saying why, and the impact signal unavailable; the left foot's own
// figure stays. A few saturated contacts whose means sort above the median
// leave it as it was.
func TestClippedImpactPairMedian(t *testing.T) {
	report := func(mod func(i int, c *Contact)) Report {
		sum := NewSummary(Shank)
		sum.Paired = true
		for _, c := range steady(81, func(i int, c *Contact) {
			c.Step = 0.35 // each contact's step to the next: a mean of both feet per step
			c.ImpactG *= 11 / 2.5
			c.LoadingRate *= 11 / 2.5
			mod(i, c)
		}) {
			sum.Add(c)
		}
		return sum.Report()
	}
	impactSignal := func(r Report) Signal {
		for _, s := range r.Signals {
			if s.Name == SignalImpact {
				return s
			}
		}
		t.Fatal("no impact signal")
		return Signal{}
	}
	clip := func(c *Contact, limit float64) {
		if c.ImpactG >= limit {
			c.LoadingRate *= limit / c.ImpactG
			c.ImpactG, c.Clipped = limit, true
		}
	}
	for _, tc := range []struct {
		name string
		mod  func(i int, c *Contact)
	}{
		{"right ±8 g", func(i int, c *Contact) {
			if c.Side == Right {
				clip(c, 8)
			}
		}},
		{"right on the range", func(i int, c *Contact) {
			if c.Side == Right {
				c.ImpactG *= 1.1
				clip(c, 11.3)
			} else {
				c.ImpactG *= 0.9
			}
		}},
	} {
		r := report(tc.mod)
		if r.ImpactG != nil || !strings.Contains(r.ImpactReason, "saturated") {
			t.Errorf("%s: impact_g %v (%q), want null and why", tc.name, show(r.ImpactG), r.ImpactReason)
		}
		if s := impactSignal(r); s.State != StateUnavailable || !strings.Contains(s.Reason, "saturated") {
			t.Errorf("%s: impact signal %s %v (%s), want unavailable for the saturation", tc.name, s.State, show(s.Value), s.Reason)
		}
		if l, rt := r.Sides["L"], r.Sides["R"]; l == nil || l.ImpactG == nil || rt == nil || rt.ImpactG != nil {
			t.Errorf("%s: sides L %+v R %+v, want the left's impact alone", tc.name, l, rt)
		}
	}
	// a few hard landings, read at a range above the rest
	clean := report(func(i int, c *Contact) {
		if i%10 == 3 {
			c.ImpactG = 13
		}
	})
	few := report(func(i int, c *Contact) {
		if i%10 == 3 {
			c.ImpactG = 13
			clip(c, 12)
		}
	})
	if few.ImpactG == nil || clean.ImpactG == nil || *few.ImpactG != *clean.ImpactG {
		t.Errorf("8 of 81 contacts clipped above the rest: impact_g %v (%q), unclipped %v", show(few.ImpactG), few.ImpactReason, show(clean.ImpactG))
	}
	// one sensor is judged by the share alone: a waist flags contacts whose
	// raw axes reached the range while its impact, off the levelled
	// vertical, stays under it (a simulated run at ±2.25 g: 95 of 339
	// flagged, impact_g 1.667 g as unclipped)
	waist := func(flag bool) Report {
		sum := NewSummary(Waist)
		for _, c := range steady(81, func(i int, c *Contact) {
			c.Step = 0.35
			c.Clipped = flag && i%3 == 0
		}) {
			sum.Add(c)
		}
		return sum.Report()
	}
	if w, w0 := waist(true), waist(false); w.ImpactG == nil || w0.ImpactG == nil || *w.ImpactG != *w0.ImpactG {
		t.Errorf("waist, a third of the contacts flagged: impact_g %v (%q), unflagged %v", show(w.ImpactG), w.ImpactReason, show(w0.ImpactG))
	}
}
