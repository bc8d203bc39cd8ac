package eval_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/eval"
)

// Detections are matched to reference contacts within a quarter of the
// median reference step (at most 100 ms).
func ExampleMatch() {
	truth := []eval.Truth{{IC: 1.00, FC: 1.24}, {IC: 1.35, FC: 1.59}, {IC: 1.70, FC: 1.94}, {IC: 2.05, FC: 2.29}}
	det := []gait.Contact{
		{IC: 1.01, FC: 1.24},
		{IC: 1.52, FC: math.NaN()}, // 170 ms off: a false positive, and 1.35 is missed
		{IC: 1.69, FC: 1.95},
		{IC: 2.06, FC: 2.28},
	}
	s := eval.Match(det, truth, eval.Options{})
	ic := eval.Agree(s.ICErr)
	fmt.Printf("TP %d FP %d FN %d, F1 %.2f, IC bias %+.1f ms, MAE %.1f ms\n", s.TP, s.FP, s.FN, s.F1(), 1e3*ic.Bias, 1e3*ic.MAE)
	// Output:
	// TP 3 FP 1 FN 1, F1 0.75, IC bias +3.3 ms, MAE 10.0 ms
}

// A truth.csv as a spreadsheet in a decimal-comma locale writes it:
// semicolons, a comment, an unknown toe-off as NA. Rows are sorted by IC;
// errors name the file and line.
func ExampleReadTruth() {
	csv := "# reference: force plate\nic_s;fc_s;side\n1,35;1,59;R\n1,00;NA;L\n"
	truth, err := eval.ReadTruth(strings.NewReader(csv), "truth.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range truth {
		fmt.Printf("IC %.2f s, FC %.2f s, side %v\n", c.IC, c.FC, c.Side)
	}
	fmt.Printf("median step %.2f s\n", eval.MedianStep(truth))

	_, err = eval.ReadTruth(strings.NewReader("ic_s,side\n1.0,L\n1.5,X\n"), "truth.csv")
	fmt.Println(err)
	// Output:
	// IC 1.00 s, FC NaN s, side L
	// IC 1.35 s, FC 1.59 s, side R
	// median step 0.35 s
	// truth.csv:3: side "X": want L, R or empty
}
