package gait

import (
	"math"
	"strings"
	"testing"
)

// TestSideFreeReasons: each side-free measure that is missing says what it
// needs. The regularity is first measured on a bout's 16th contact, the
// harmonic ratio (one stride's) on its 32nd; the davis trial's 29 contacts
// had the regularity and a null harmonic ratio whose reason said "needs 16
// contacts".
func TestSideFreeReasons(t *testing.T) {
	mk := func(n int, reg bool) []Contact {
		cs := make([]Contact, n)
		for i := range cs {
			cs[i] = Contact{IC: 0.34 * float64(i), Step: 0.34, GCT: 0.24, Side: SideUnknown,
				StepReg: math.NaN(), StrideReg: math.NaN(), HarmonicRatio: math.NaN()}
			if reg && i >= 15 {
				cs[i].StepReg, cs[i].StrideReg = 0.96, 0.98
			}
		}
		return cs
	}
	for _, tc := range []struct {
		name string
		cs   []Contact
		want map[string]string // key → a phrase its reason holds; "" for a value
	}{
		{"15 contacts", mk(15, false), map[string]string{"step_regularity": "needs 16 contacts", "regularity_index": "needs 16 contacts", "harmonic_ratio": "needs 32 contacts"}},
		{"29 contacts", mk(29, true), map[string]string{"step_regularity": "", "regularity_index": "", "harmonic_ratio": "needs 32 contacts"}},
	} {
		a := MeasureAsymmetry(tc.cs, 0.6)
		vals := map[string]*float64{"step_regularity": a.StepRegularity, "regularity_index": a.RegularityIndex, "harmonic_ratio": a.HarmonicRatio}
		for key, want := range tc.want {
			why := a.Reasons[key]
			switch {
			case want == "" && (vals[key] == nil || why != ""):
				t.Errorf("%s: %s %v, reason %q; want a value", tc.name, key, vals[key], why)
			case want != "" && (vals[key] != nil || !strings.Contains(why, want)):
				t.Errorf("%s: %s %v, reason %q; want null, the reason saying %q", tc.name, key, vals[key], why, want)
			}
		}
	}
}
