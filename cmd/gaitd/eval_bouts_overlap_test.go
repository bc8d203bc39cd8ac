package main

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
)

// TestJudgedSpanOverlap: bouts that overlap (one listed twice, or one
// inside another) judge their common time once. judgedSpan added each
// bout's part, and sparseTruth, weighing the reference's holes against the
// judged span, said a hole of 6 s in 20 s judged (under half: no note) as
// over half when the bout around the hole was listed twice (18 of 32 s).
func TestJudgedSpanOverlap(t *testing.T) {
	for _, tc := range []struct {
		a, b  float64
		bouts [][2]float64
		want  float64
	}{
		{0, 20, [][2]float64{{0, 20}}, 20},
		{0, 20, [][2]float64{{4, 10}, {0, 20}, {4, 10}}, 20},
		{4, 10, [][2]float64{{0, 20}, {4, 10}}, 6},
		{0, 20, [][2]float64{{5, 9}, {1, 6}}, 8},
		{0, 20, [][2]float64{{1, 3}, {5, 9}}, 6},
		{2, 6, [][2]float64{{1, 3}, {5, 9}, {2.5, 5.5}}, 4},
		{0, 20, nil, 20},
	} {
		if got := judgedSpan(tc.a, tc.b, tc.bouts); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("judgedSpan(%g, %g, %v) = %g, want %g", tc.a, tc.b, tc.bouts, got, tc.want)
		}
	}
	var truth []eval.Truth
	var det []gait.Contact
	for x := 0.0; x <= 20; x += 0.5 {
		det = append(det, gait.Contact{IC: x})
		if x <= 4 || x >= 10 {
			truth = append(truth, eval.Truth{IC: x, FC: math.NaN()})
		}
	}
	if note := sparseTruth(truth, det, false, [][2]float64{{0, 20}}); note != "" {
		t.Fatalf("a 6 s hole in 20 s judged: %q", note)
	}
	if note := sparseTruth(truth, det, false, [][2]float64{{0, 20}, {4, 10}, {4, 10}}); note != "" {
		t.Errorf("the same, the bout around the hole listed twice more: %q", note)
	}
}
