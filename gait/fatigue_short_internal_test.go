package gait

import (
	"math"
	"testing"
)

// TestChangeSEShortPart: a compared part of two values (MinSteps 4 lets
// fatigue judge parts of MinSteps/2) has a spread, and the standard error
// of the change is read from it. A line through two values fits them
// exactly, so their residuals about it (changeSE) summed to 0: with both
// parts of two, the error was 0 and any change, however small against the
// scatter, counted as infinitely many standard errors.
func TestChangeSEShortPart(t *testing.T) {
	e, l := []float64{0.35, 0.45}, []float64{0.36, 0.46}
	se, _, _ := changeSE(e, l, 2)
	// f is 1 (fewer than 8 values): the plain σ²/n of each part
	_, ve := meanVar(e)
	_, vl := meanVar(l)
	want := math.Sqrt(ve/2 + vl/2)
	if !(math.Abs(se-want) <= 1e-12) {
		t.Errorf("changeSE(%v, %v) = %v, want %v", e, l, se, want)
	}

	// through fatigue: a cadence change of 11 % is 0.7 standard errors of two steps
	cfg := SignalConfig{MinSteps: 4}.WithDefaults()
	mk := func(t0 float64, steps ...float64) []Contact {
		var cs []Contact
		for i, s := range steps {
			cs = append(cs, Contact{IC: t0 + float64(i), Step: s, GCT: math.NaN(), VO: math.NaN()})
		}
		return cs
	}
	in := sigInput{cfg: cfg, early: mk(0, 0.35, 0.45), late: mk(100, 0.40, 0.50)}
	s := fatigue(in)
	for _, ev := range s.Evidence {
		if ev.Name == "cadence change" && ev.Fired {
			t.Errorf("cadence change of %.1f %% between two steps each fired: %s", *ev.Value, ev.Note)
		}
	}
}
