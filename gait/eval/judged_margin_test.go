package eval

import "testing"

// TestMatchJudgedMargin: the judged span and bouts are widened by the
// tolerance only so that a judged contact's detection slightly outside
// them is matched. A detection there that matches no judged contact is
// not judged (the README: only detections between the first and last true
// contacts, and inside the bouts, are), and a true contact outside every
// bout is not missed, nor judged when detected outside the bout (a
// detection inside a bout is judged, and matches it). Both were judged: a detection 50 ms after a bout's
// end was a false positive (mobgap's bouts end at the last toe-off, and
// seven steps found just after it, none a listed contact, read as false
// positives), and a contact 50 ms after it a miss.
func TestMatchJudgedMargin(t *testing.T) {
	tr := truth(1.0, 1.4, 1.8, 2.2, 2.6) // median step 0.4 s: tolerance 0.1 s
	for _, tc := range []struct {
		name       string
		det        []float64
		bouts      [][2]float64
		tp, fp, fn int
	}{
		{"a detection after the bout's end, matching nothing", []float64{1.0, 1.4, 1.8, 1.95}, [][2]float64{{0.9, 1.9}}, 3, 0, 0},
		{"a detection before the bout's start, matching nothing", []float64{1.25, 1.4, 1.8}, [][2]float64{{1.3, 1.9}}, 2, 0, 0},
		{"a contact after the bout's end, not detected", []float64{1.0, 1.4, 1.8}, [][2]float64{{0.9, 2.15}}, 3, 0, 0},
		{"a contact after the bout's end, detected after it", []float64{1.0, 1.4, 1.8, 2.2}, [][2]float64{{0.9, 2.15}}, 3, 0, 0},
		{"a contact after the bout's end, detected inside it", []float64{1.0, 1.4, 1.8, 2.13}, [][2]float64{{0.9, 2.15}}, 4, 0, 0},
		{"a judged contact's detection before the bout's start", []float64{0.95, 1.4, 1.8}, [][2]float64{{1.0, 1.9}}, 3, 0, 0},
		{"a detection before the first contact, matching nothing", []float64{0.92, 1.0, 1.4, 1.8, 2.2, 2.6}, nil, 5, 0, 0},
		{"a detection after the last contact, matching nothing", []float64{1.0, 1.4, 1.8, 2.2, 2.6, 2.67}, nil, 5, 0, 0},
		{"the first contact's detection before it", []float64{0.93, 1.4, 1.8, 2.2, 2.6}, nil, 5, 0, 0},
	} {
		s := Match(contacts(tc.det...), tr, Options{Bouts: tc.bouts})
		if s.TP != tc.tp || s.FP != tc.fp || s.FN != tc.fn {
			t.Errorf("%s: TP/FP/FN = %d/%d/%d, want %d/%d/%d", tc.name, s.TP, s.FP, s.FN, tc.tp, tc.fp, tc.fn)
		}
	}
}
