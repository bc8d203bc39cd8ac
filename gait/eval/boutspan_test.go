package eval

import (
	"slices"
	"testing"
)

func TestBoutSpans(t *testing.T) {
	truth := []Truth{{IC: 1.0}, {IC: 1.5}, {IC: 2.0}, {IC: 6.0}, {IC: 6.5}, {IC: 9.0}}
	for _, tc := range []struct {
		name  string
		bouts [][2]float64
		want  [][2]float64
	}{
		{"each cut to its contacts", [][2]float64{{0.5, 3}, {5.8, 8}}, [][2]float64{{1, 2}, {6, 6.5}}},
		{"an empty bout left out", [][2]float64{{0.5, 3}, {3.5, 5}, {8.5, 9.5}}, [][2]float64{{1, 2}, {9, 9}}},
		{"edges inclusive", [][2]float64{{1, 2}}, [][2]float64{{1, 2}}},
		{"none holds a contact", [][2]float64{{3, 4}}, nil},
		{"no bouts", nil, nil},
	} {
		if got := BoutSpans(tc.bouts, truth); !slices.Equal(got, tc.want) {
			t.Errorf("%s: BoutSpans = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestBoutSpanJudging: a detection after a bout's last reference contact,
// before the bout's end, is a false positive as the bout is given and not
// judged once it is cut to its contacts.
func TestBoutSpanJudging(t *testing.T) {
	truth := []Truth{{IC: 1.0}, {IC: 1.5}, {IC: 2.0}, {IC: 6.0}, {IC: 6.5}, {IC: 7.0}}
	det := contacts(1.0, 1.5, 2.0, 2.5, 6.0, 6.5, 7.0)
	bouts := [][2]float64{{0.9, 3.2}, {5.9, 7.5}}
	whole := Match(det, truth, Options{Bouts: bouts})
	cut := Match(det, truth, Options{Bouts: BoutSpans(bouts, truth)})
	if whole.TP != 6 || whole.FP != 1 || whole.FN != 0 {
		t.Errorf("bouts as given: TP %d FP %d FN %d, want 6 1 0", whole.TP, whole.FP, whole.FN)
	}
	if cut.TP != 6 || cut.FP != 0 || cut.FN != 0 {
		t.Errorf("bouts cut to their contacts: TP %d FP %d FN %d, want 6 0 0", cut.TP, cut.FP, cut.FN)
	}
}
