package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestPairOneFootTwiceSaid: two sensors on the left foot (one at 200 Hz,
// one at 100 Hz and noisier), given as LEFT RIGHT. Their contacts fall
// together, at 100 % of the left stride: refused, as it was, but the
// refusal said only that the clocks differ and that --align estimates
// the offset — which merges the one foot as two with nothing said (a
// balance of 49.9 %). It now names one foot's recordings given twice.
// Two feet whose clocks differ by a third of a stride are refused as
// before, without it.
func TestPairOneFootTwiceSaid(t *testing.T) {
	foot := func(side byte, rate, noise float64) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 60, Rate: rate, Gyro: true, Noise: noise, Seed: 21})
		return text
	}
	// shift moves text's time column by d s
	shift := func(text string, d float64) string {
		lines := strings.Split(text, "\n")
		for i := 1; i < len(lines); i++ {
			if ts, rest, ok := strings.Cut(lines[i], ","); ok {
				lines[i] = shiftTime(t, ts, d) + "," + rest
			}
		}
		return strings.Join(lines, "\n")
	}
	left := writeTemp(t, "L.csv", foot('L', 200, 0.1))
	// the second sensor's clock 8 ms behind: not the same file
	_, err := tryAnalyze(t, writeTemp(t, "R.csv", shift(foot('L', 100, 0.3), 0.008)), "--placement", "shoe", left)
	if err == nil || !strings.Contains(err.Error(), "of one foot") {
		t.Errorf("the left foot twice: %v, want it refused naming one foot's recordings", err)
	}
	// the right foot's clock 0.25 s (a third of a stride) behind
	_, err = tryAnalyze(t, writeTemp(t, "R.csv", shift(foot('R', 200, 0.1), -0.25)), "--placement", "shoe", left)
	if err == nil || strings.Contains(err.Error(), "of one foot") {
		t.Errorf("two feet, clocks a third of a stride apart: %v, want refused as clocks that differ only", err)
	}
}

// shiftTime is the time cell ts moved by d seconds.
func shiftTime(t *testing.T, ts string, d float64) string {
	t.Helper()
	v, err := strconv.ParseFloat(ts, 64)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatFloat(v+d, 'f', 6, 64)
}
