package main

import (
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairedLeftDropoutNotDrift: the left shoe's recording has a 20 s
// dropout (a radio link lost), the two on one clock. The right contacts
// inside the dropout have no left stride to fall in: the "stride" across
// it held some 28 of them spread round it, and the pair read "the right
// foot's contacts fall at 33 % of the left stride from 56.8 to 70.2 s and
// at 67 % from 70.9 to 84.4 s: the two clocks drift apart … step, flight
// and balance figures are not reliable" of a pair whose figures were
// right. Now nothing is said, with --align neither, and the contacts and
// the balance are as before.
func TestPairedLeftDropoutNotDrift(t *testing.T) {
	foot := func(side byte, drops []sim.Gap) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 150, Rate: 200, Gyro: true,
			Noise: 0.1, GCTBalance: 48, Seed: 21, Dropouts: drops})
		return text
	}
	left := writeTemp(t, "L.csv", foot('L', []sim.Gap{{Start: 60, Dur: 20}}))
	right := writeTemp(t, "R.csv", foot('R', nil))
	for _, flags := range [][]string{{"--placement", "shoe", left}, {"--placement", "shoe", "--align", left}} {
		res := analyzeFile(t, right, flags...)
		if strings.Contains(res.sum.Reason, "drift apart") {
			t.Errorf("%v: reason %q: a dropout of the left file read as clocks drifting apart", strings.Join(flags[:len(flags)-1], " "), res.sum.Reason)
		}
		if b := res.sum.GCTBalancePct; b == nil || *b < 47.5 || *b > 48.5 {
			t.Errorf("%v: balance %s, injected 48", strings.Join(flags[:len(flags)-1], " "), fmtPtr(b))
		}
	}
}
