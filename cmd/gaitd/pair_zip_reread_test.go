package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzePairedMixedGyroZip: one foot's recording with a gyroscope, in
// a zip archive (ARCHIVE.zip#MEMBER, or a zip of one recording), beside one
// without is read again without its gyroscope, as a plain file is: a zip
// member can be read twice. It was said "it cannot be read twice", and the
// balance compared two methods (TestAnalyzePairedMixedGyro).
func TestAnalyzePairedMixedGyroZip(t *testing.T) {
	foot := func(side byte, gyro bool) string {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 60, Gyro: gyro, Noise: 0.1, GCTBalance: 48, Seed: 5})
		return writeTemp(t, string(side)+".csv", text)
	}
	left, right := foot('L', true), foot('R', false)
	zipped := filepath.Join(t.TempDir(), "left.zip")
	writeZip(t, zipped, "", left)
	for _, l := range []string{zipped + "#L.csv", zipped} {
		sum := filepath.Join(t.TempDir(), "run.json")
		_, stderr, err := runCmd(t, "analyze", "--placement", "shoe", "--summary", sum, l, right)
		if err != nil {
			t.Fatalf("%s: %v\n%s", l, err, stderr)
		}
		js := readSummary(t, sum)
		if w := strings.Join(js.Warnings, "\n"); !strings.Contains(w, "its gyroscope is not used") || strings.Contains(w, "cannot be read twice") {
			t.Errorf("%s: warnings %q, want the gyroscope's foot read again without it", l, js.Warnings)
		}
	}
}
