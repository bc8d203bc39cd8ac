package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestMatchNearestFirst: two detections whose nearest reference contact is
// the same one. The nearer detection takes it, and the other takes its own
// next nearest unmatched contact within the tolerance. Taken in time order,
// the earlier detection (60 ms off) took the contact at 1.0 s. The later
// one, 20 ms from it, became a false positive, and the contact at 0.85 s,
// 90 ms from the earlier detection, was missed: TP 5, FP 1, FN 1 where
// every contact has a detection within the tolerance.
func TestMatchNearestFirst(t *testing.T) {
	// median step 0.4 s: tolerance 0.1 s; 0.85 s is a short, irregular step
	tr := truth(0.5, 0.85, 1.0, 1.4, 1.8, 2.2)
	det := contacts(0.5, 0.94, 1.02, 1.4, 1.8, 2.2)
	s := Match(det, tr, Options{})
	if s.TP != 6 || s.FP != 0 || s.FN != 0 {
		t.Fatalf("TP/FP/FN = %d/%d/%d, want 6/0/0 (IC errors %v)", s.TP, s.FP, s.FN, s.ICErr)
	}
	// two detections near one contact: the nearer one is matched (its
	// error is the one reported), whichever comes first
	tr = truth(0.6, 1.0, 1.4, 1.8, 2.2)
	for _, det := range [][]gait.Contact{contacts(0.6, 0.95, 1.01, 1.4, 1.8, 2.2), contacts(0.6, 0.99, 1.05, 1.4, 1.8, 2.2)} {
		s := Match(det, tr, Options{})
		if s.TP != 5 || s.FP != 1 || math.Abs(s.ICErr[1]) > 0.0100001 {
			t.Errorf("detections %.2f, %.2f for the contact at 1.0 s: TP %d FP %d, IC errors %v: want the one 10 ms off matched", det[1].IC, det[2].IC, s.TP, s.FP, s.ICErr)
		}
	}
}

// TestMatchTies: a detection as far from two reference contacts takes the
// earlier, which no later detection can reach first; two detections as far
// from one contact, the earlier takes it. Times on a binary grid, so that
// the distances are exactly equal (the 10 ms grid of a 100 Hz recording
// gives ties that rounding alone decides: they are compared to the
// nanosecond).
func TestMatchTies(t *testing.T) {
	// median step 0.5 s: tolerance 0.1 s
	tr := truth(0.5, 1.0, 1.125, 1.5, 2.0, 2.5, 3.0)
	det := contacts(0.5, 1.0625, 1.1875, 1.5, 2.0, 2.5, 3.0)
	if s := Match(det, tr, Options{}); s.TP != 7 || s.FP != 0 || s.FN != 0 {
		t.Errorf("a detection midway between 1.0 and 1.125 s, another 62.5 ms after 1.125 s: TP/FP/FN = %d/%d/%d, want 7/0/0", s.TP, s.FP, s.FN)
	}
	// the same on a 100 Hz grid, where 1.08−1.00 and 1.16−1.08 differ in
	// their last bits
	tr = truth(0.5, 1.0, 1.16, 1.5, 2.0, 2.5, 3.0)
	det = contacts(0.5, 1.08, 1.22, 1.5, 2.0, 2.5, 3.0)
	if s := Match(det, tr, Options{}); s.TP != 7 || s.FP != 0 || s.FN != 0 {
		t.Errorf("a detection midway between 1.00 and 1.16 s, another 60 ms after 1.16 s: TP/FP/FN = %d/%d/%d, want 7/0/0", s.TP, s.FP, s.FN)
	}
	tr = truth(1.0, 1.5, 2.0, 2.5)
	if s := Match(contacts(0.96, 1.04, 1.5, 2.0, 2.5), tr, Options{}); s.TP != 4 || s.FP != 1 || math.Abs(s.ICErr[0]+0.04) > 1e-9 {
		t.Errorf("detections 40 ms before and after the contact at 1.0 s: TP %d FP %d, IC errors %v: want the earlier matched", s.TP, s.FP, s.ICErr)
	}
}

// TestMatchTimeReversed: the rule has no direction of time. Scored
// backwards (every time negated, both lists reversed), random detections
// give the same counts, and IC errors of the opposite sign.
func TestMatchTimeReversed(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		var tr []Truth
		var det []gait.Contact
		x := 0.0
		for range 12 {
			x += 0.2 + 0.5*rng.Float64()
			tr = append(tr, Truth{IC: x, FC: math.NaN()})
			for range rng.IntN(3) {
				det = append(det, gait.Contact{IC: x + 0.24*(rng.Float64()-0.5), FC: math.NaN(), VO: math.NaN()})
			}
		}
		sortContacts(det)
		fwd := Match(det, tr, Options{})
		rtr := make([]Truth, len(tr))
		for i, c := range tr {
			rtr[len(tr)-1-i] = Truth{IC: -c.IC, FC: math.NaN()}
		}
		rdet := make([]gait.Contact, len(det))
		for i, c := range det {
			rdet[len(det)-1-i] = gait.Contact{IC: -c.IC, FC: math.NaN(), VO: math.NaN()}
		}
		bwd := Match(rdet, rtr, Options{})
		if fwd.TP != bwd.TP || fwd.FP != bwd.FP || fwd.FN != bwd.FN {
			t.Fatalf("trial %d: forwards TP/FP/FN %d/%d/%d, backwards %d/%d/%d", trial, fwd.TP, fwd.FP, fwd.FN, bwd.TP, bwd.FP, bwd.FN)
		}
		if a, b := Agree(fwd.ICErr), Agree(bwd.ICErr); math.Abs(a.Bias+b.Bias) > 1e-12 || math.Abs(a.MAE-b.MAE) > 1e-12 {
			t.Fatalf("trial %d: forwards IC bias/MAE %g/%g, backwards %g/%g", trial, a.Bias, a.MAE, b.Bias, b.MAE)
		}
	}
}

func sortContacts(c []gait.Contact) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].IC < c[j-1].IC; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}
