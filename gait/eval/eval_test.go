package eval

import (
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

func contacts(ics ...float64) []gait.Contact {
	out := make([]gait.Contact, len(ics))
	for i, t := range ics {
		out[i] = gait.Contact{IC: t, FC: t + 0.25, VO: math.NaN()}
	}
	return out
}

func truth(ics ...float64) []Truth {
	out := make([]Truth, len(ics))
	for i, t := range ics {
		out[i] = Truth{IC: t, FC: t + 0.24}
	}
	return out
}

func TestMatch(t *testing.T) {
	tr := truth(1.0, 1.4, 1.8, 2.2, 2.6) // median step 0.4 s: tolerance 0.1 s
	tests := []struct {
		name       string
		det        []gait.Contact
		bouts      [][2]float64
		tp, fp, fn int
		icBias     float64
	}{
		{"exact", contacts(1.0, 1.4, 1.8, 2.2, 2.6), nil, 5, 0, 0, 0},
		{"late 20 ms", contacts(1.02, 1.42, 1.82, 2.22, 2.62), nil, 5, 0, 0, 0.02},
		{"one missed", contacts(1.0, 1.4, 2.2, 2.6), nil, 4, 0, 1, 0},
		{"one extra in between", contacts(1.0, 1.2, 1.4, 1.8, 2.2, 2.6), nil, 5, 1, 0, 0},
		{"outside tolerance", contacts(1.0, 1.4, 1.8+0.11, 2.2, 2.6), nil, 4, 1, 1, 0},
		{"outside judged span ignored", contacts(0.2, 1.0, 1.4, 1.8, 2.2, 2.6, 3.5), nil, 5, 0, 0, 0},
		{"two detections, one truth", contacts(1.0, 1.38, 1.42, 1.8, 2.2, 2.6), nil, 5, 1, 0, -0.004},
		{"bouts limit judging", contacts(1.0, 1.4, 1.65, 2.2, 2.6), [][2]float64{{0.9, 1.5}}, 2, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Match(tc.det, tr, Options{Bouts: tc.bouts})
			if s.TP != tc.tp || s.FP != tc.fp || s.FN != tc.fn {
				t.Fatalf("TP/FP/FN = %d/%d/%d, want %d/%d/%d", s.TP, s.FP, s.FN, tc.tp, tc.fp, tc.fn)
			}
			if b := Agree(s.ICErr).Bias; math.Abs(b-tc.icBias) > 1e-9 {
				t.Errorf("IC bias %.4f, want %.4f", b, tc.icBias)
			}
		})
	}
}

func TestScoreRatios(t *testing.T) {
	s := &Score{TP: 8, FP: 2, FN: 0}
	if s.Precision() != 0.8 || s.Recall() != 1 {
		t.Fatalf("P %v R %v", s.Precision(), s.Recall())
	}
	if f := s.F1(); math.Abs(f-2*0.8/1.8) > 1e-12 {
		t.Fatalf("F1 %v", f)
	}
	if !math.IsNaN((&Score{}).Recall()) {
		t.Fatal("recall of nothing should be NaN")
	}
}

func TestAgree(t *testing.T) {
	a := Agree([]float64{-0.01, 0.01, 0.03})
	if math.Abs(a.Bias-0.01) > 1e-12 || math.Abs(a.MAE-(0.05/3)) > 1e-12 {
		t.Fatalf("bias %v MAE %v", a.Bias, a.MAE)
	}
	// sd of {-0.01, 0.01, 0.03} is 0.02; LoA = bias ± 1.96·sd
	if math.Abs(a.LoAHigh-(0.01+1.96*0.02)) > 1e-12 || math.Abs(a.LoALow-(0.01-1.96*0.02)) > 1e-12 {
		t.Fatalf("LoA %v %v", a.LoALow, a.LoAHigh)
	}
	if n := Agree(nil); !math.IsNaN(n.MAE) {
		t.Fatal("empty agreement should be NaN")
	}
	// one pair: a bias and an error, but no spread and no limits (they
	// read as the bias itself)
	if o := Agree([]float64{0.02}); o.Bias != 0.02 || o.MAE != 0.02 || !math.IsNaN(o.SD) || !math.IsNaN(o.LoALow) || !math.IsNaN(o.LoAHigh) {
		t.Errorf("one pair: %+v", o)
	}
}

func TestCadence(t *testing.T) {
	// 0.35 s steps with a 3 s break between bouts: the break is ignored
	ics := []float64{0, 0.35, 0.7, 1.05, 4.05, 4.4, 4.75}
	if c := Cadence(ics); math.Abs(c-60/0.35) > 1e-9 {
		t.Fatalf("cadence %v, want %v", c, 60/0.35)
	}
	// a repeated row is not a step: once (−6 steps/min before) or
	// throughout (−Inf before)
	dup := []float64{0, 0.35, 0.35, 0.7, 1.05, 1.4}
	all := []float64{0, 0, 0.35, 0.35, 0.7, 0.7, 1.05, 1.05}
	for _, ics := range [][]float64{dup, all} {
		if c := Cadence(ics); math.Abs(c-60/0.35) > 1e-9 {
			t.Errorf("%v: cadence %v, want %v", ics, c, 60/0.35)
		}
		// nor does it set the matching tolerance (every row twice made
		// the median step 0, and nothing matched)
		tr := make([]Truth, len(ics))
		for i, x := range ics {
			tr[i] = Truth{IC: x, FC: math.NaN()}
		}
		if s := MedianStep(tr); math.Abs(s-0.35) > 1e-9 {
			t.Errorf("%v: median step %v, want 0.35", ics, s)
		}
		if n, want := Repeated(tr), len(ics)-len(slices.Compact(slices.Clone(ics))); n != want {
			t.Errorf("%v: %d repeated, want %d", ics, n, want)
		}
	}
}

func TestReadTruth(t *testing.T) {
	in := "ic_s,fc_s,side\n1.5,1.8,R\n1.0,1.3,L\n2.0,,\n"
	tr, err := ReadTruth(strings.NewReader(in), "truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr) != 3 || tr[0].IC != 1.0 || tr[0].Side != gait.Left || tr[1].Side != gait.Right || !math.IsNaN(tr[2].FC) {
		t.Fatalf("got %+v", tr)
	}
	for _, tc := range []struct{ in, want string }{
		{"ic_s\n1.0\nx\n", `truth.csv:3: ic_s: "x" is not a number`},
		{"ic_s\n1.0\n1e999\n", `truth.csv:3: ic_s: "1e999" is out of range`},
		// +Inf would break the sort and the matching (NaN is "unknown")
		{"ic_s\n1.0\n+Inf\n", `truth.csv:3: ic_s: "+Inf" is not a finite time`},
		{"ic_s,fc_s\n1.0,+Inf\n", `truth.csv:2: fc_s: "+Inf" is not a finite time`},
		{"ic_s,side\n1.0,X\n", `truth.csv:2: side "X": want L, R or empty`},
		{"fc_s,ic_s\n1.0\n", `truth.csv:2: no ic_s field`},
		// a row whose toe-off is not after its initial contact is no
		// contact (columns swapped, or each row's FC the one before its
		// IC): scored, every GCT error was a stride (a black-box round)
		{"ic_s,fc_s\n1.0,1.3\n1.8,1.5\n", `truth.csv:3: fc_s 1.5 is not after ic_s 1.8: each row is one contact, its initial then its final contact`},
		{"ic_ms,fc_ms\n1000,1000\n", `truth.csv:2: fc_ms 1000 is not after ic_ms 1000: each row is one contact, its initial then its final contact`},
		// an empty file, or one of comments alone, has no header
		{"", `truth.csv: empty: no header (want ic_s, and fc_s and side where known)`},
		{"# force plate\n\n", `truth.csv: empty: no header (want ic_s, and fc_s and side where known)`},
		// Excel's "Unicode Text" (UTF-16, tabs): said as input.csv's is
		// (it was "no ic_s column (header \"\xff\xfei\x00c\x00…\")")
		{"\xff\xfei\x00c\x00_\x00s\x00\r\x00\n\x001\x00\r\x00\n\x00", `truth.csv:1: UTF-16 text (save the file as UTF-8)`},
		{"\xfe\xff\x00i\x00c\x00_\x00s\x00\n", `truth.csv:1: UTF-16 text (save the file as UTF-8)`},
		// a quoted time whose comma may be a thousands separator
		{"ic_ms,fc_ms\n\"1,000\",\"1,300\"\n", `truth.csv:2: ic_s: "1,000" is not a number`},
	} {
		if _, err := ReadTruth(strings.NewReader(tc.in), "truth.csv"); err == nil || err.Error() != tc.want {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}

// TestReadTruthDecimalComma: a decimal comma where the separator is no
// semicolon or tab — a one-column file (a European spreadsheet's IC times
// alone have no separator to find), or quoted cells under commas (Google
// Sheets in a decimal-comma locale) — is read as one. The one-column file
// was split at its decimal commas, every IC a whole second (0, 0, 1, …), and
// scored with only a note of repeated contacts (F1 0.143 and a cadence error
// of 116 steps/min on davis; a black-box round).
func TestReadTruthDecimalComma(t *testing.T) {
	for _, tc := range []struct {
		in     string
		ic, fc []float64
	}{
		{"ic_s\r\n0,0358\r\n0,3792\r\n1,2\r\n", []float64{0.0358, 0.3792, 1.2}, nil},
		{"\ufeffIC_s\n0,5\n1\n1,5\n", []float64{0.5, 1, 1.5}, nil},
		{"\"ic_s\",\"fc_s\",\"side\"\n\"0,0358\",\"0,2783\",\"L\"\n\"1,5\",\"1,8\",\"R\"\n", []float64{0.0358, 1.5}, []float64{0.2783, 1.8}},
		// (a lone column's bare trailing comma; a point stays a point)
		{"ic_s\n0.5,\n1,\n", []float64{0.5, 1}, nil},
		{"ic_s,fc_s\n\"0.5\",\"0.8\"\n", []float64{0.5}, []float64{0.8}},
	} {
		got, err := ReadTruth(strings.NewReader(tc.in), "truth.csv")
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if len(got) != len(tc.ic) {
			t.Errorf("%q: %d contacts %+v, want %d", tc.in, len(got), got, len(tc.ic))
			continue
		}
		for i, c := range got {
			fc := math.NaN()
			if tc.fc != nil {
				fc = tc.fc[i]
			}
			if math.Abs(c.IC-tc.ic[i]) > 1e-9 || math.IsNaN(fc) != math.IsNaN(c.FC) || !math.IsNaN(fc) && math.Abs(c.FC-fc) > 1e-9 {
				t.Errorf("%q: contact %d = %+v, want IC %g FC %g", tc.in, i, c, tc.ic[i], fc)
			}
		}
	}
	// a one-column file's line with a comma and a point is an error at
	// its line, not two fields
	if _, err := ReadTruth(strings.NewReader("ic_s\n0.5\n1.0,1.3\n"), "truth.csv"); err == nil || !strings.HasPrefix(err.Error(), "truth.csv:3: ic_s:") {
		t.Errorf("one column, two values: %v", err)
	}
}

// TestMatchStep: a foot sensor's truth is one foot's contacts, a stride
// apart; Options.Step gives the trial's step, so the tolerance stays a
// quarter step (here 0.085 s: a detection 0.09 s off does not match).
func TestMatchStep(t *testing.T) {
	var truth []Truth
	var det []gait.Contact
	for i := range 20 {
		ic := 0.68 * float64(i)
		truth = append(truth, Truth{IC: ic, FC: math.NaN()})
		det = append(det, gait.Contact{IC: ic + 0.09, FC: math.NaN(), Step: math.NaN(), VO: math.NaN()})
	}
	if s := Match(det, truth, Options{}); s.TP != 20 {
		t.Errorf("tolerance from the stride: %d matched, want 20", s.TP)
	}
	if s := Match(det, truth, Options{Step: 0.34}); s.TP != 0 {
		t.Errorf("tolerance from the step: %d matched, want 0", s.TP)
	}
}

// TestReadTruthVariants: truth.csv as spreadsheets and scripts write it —
// semicolons (a European Excel) or tabs, '#' comments, other column names
// and units, NA for an unknown value — reads as the plain file does.
func TestReadTruthVariants(t *testing.T) {
	want := []Truth{{IC: 1.0, FC: 1.3, Side: gait.Left}, {IC: 1.5, FC: math.NaN(), Side: gait.Right}, {IC: 2.0, FC: 2.3}}
	for _, in := range []string{
		"ic_s,fc_s,side\n1.0,1.3,L\n1.5,,R\n2.0,2.3,\n",
		"ic_s;fc_s;side\n1.0;1.3;L\n1.5;;R\n2.0;2.3;\n",
		"ic_s\tfc_s\tside\n1.0\t1.3\tL\n1.5\tNA\tR\n2.0\t2.3\tNA\n",
		"# reference: force plate\n# exported 2024-05-01\nIC_s,FC_s,Foot\n1.0,1.3,left\n# a comment\n1.5,NaN,right\n2.0,2.3,\n",
		"hs_s,to_s,leg\n1.0,1.3,L\n1.5,null,R\n2.0,2.3,-\n",
		"ic_ms,fc_ms,side\n1000,1300,L\n1500,,R\n2000,2300,\n",
		"\"initial contact (s)\",\"toe-off (s)\",\"side\"\n1.0,1.3,L\n1.5,,R\n2.0,2.3,\nNA,NA,L\n",
		// a blank line and an indented comment; a quoted name with a comma
		"\n\"note, free text\";ic_s;fc_s;side\n  # checked by hand\na;1.0;1.3;L\n\nb, c;1.5;;R\n;2.0;2.3;\n",
		// Vicon's names; decimal commas under semicolons; a units row
		"Foot Strike;Foot Off;Side\ns;s;\n1,0;1,3;Left\n1,5;;Right\n2,0;2,3;\n",
		// a comment longer than a read buffer
		"# " + strings.Repeat("x", 9000) + "\nic_s,fc_s,side\n1.0,1.3,L\n1.5,,R\n2.0,2.3,\n",
	} {
		got, err := ReadTruth(strings.NewReader(in), "truth.csv")
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d contacts, want %d", in, len(got), len(want))
			continue
		}
		for i, w := range want {
			g := got[i]
			if math.Abs(g.IC-w.IC) > 1e-9 || g.Side != w.Side || math.IsNaN(g.FC) != math.IsNaN(w.FC) || !math.IsNaN(w.FC) && math.Abs(g.FC-w.FC) > 1e-9 {
				t.Errorf("%q: contact %d = %+v, want %+v", in, i, g, w)
			}
		}
	}
	// a time that is no number is an error at its own line, not taken
	// for a units row
	if _, err := ReadTruth(strings.NewReader("ic_s\n10:00:01.5\n"), "truth.csv"); err == nil || !strings.HasPrefix(err.Error(), "truth.csv:2: ic_s:") {
		t.Errorf("hh:mm:ss: %v", err)
	}
	// a line number counts the comment lines before the header
	if _, err := ReadTruth(strings.NewReader("# note\nic_s\n1.0\nx\n"), "truth.csv"); err == nil || !strings.HasPrefix(err.Error(), "truth.csv:4: ic_s:") {
		t.Errorf("error %v, want one at line 4", err)
	}
}

// rows is an endless truth.csv body: the same contact line over and over.
type rows struct{ off int }

func (r *rows) Read(p []byte) (int, error) {
	const line = "1.00,1.25\n"
	n := 0
	for n < len(p) {
		c := copy(p[n:], line[r.off:])
		n += c
		r.off = (r.off + c) % len(line)
	}
	return n, nil
}

// TestReadTruthTooLong: a truth.csv past the size it is read whole to is
// refused, not read up to the limit with the contacts after it missing.
func TestReadTruthTooLong(t *testing.T) {
	_, err := ReadTruth(io.MultiReader(strings.NewReader("ic_s,fc_s\n"), io.LimitReader(&rows{}, maxTruthBytes+100)), "truth.csv")
	if err == nil || !strings.Contains(err.Error(), "truth.csv: over 64 MiB") {
		t.Fatalf("error %v, want truth.csv over 64 MiB", err)
	}
}
