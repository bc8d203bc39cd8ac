package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeWitAccOnly: a WitMotion set to send acceleration only (no
// 0x52 frames) is analysed as the same acceleration in a CSV file is, and
// its input line says there is no gyro; it was read as a gyroscope stuck
// at 0, and a shoe found no steps.
func TestAnalyzeWitAccOnly(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 30, Rate: 100, Gyro: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var bin []byte
	var csv strings.Builder
	csv.WriteString("t,ax,ay,az\n")
	for i, s := range ss {
		var a [4]int16
		for k := range 3 {
			a[k] = clamp16(s.Acc[k] / sensor.G0 / 16 * 32768)
		}
		bin = sensor.AppendWitFrame(bin, 0x51, a)
		fmt.Fprintf(&csv, "%s,%s,%s,%s\n", ftoa(float64(i)/100), ftoa(float64(a[0])*16/32768), ftoa(float64(a[1])*16/32768), ftoa(float64(a[2])*16/32768))
	}
	dir := t.TempDir()
	pb, pc := filepath.Join(dir, "acc.bin"), filepath.Join(dir, "acc.csv")
	os.WriteFile(pb, bin, 0o644)
	os.WriteFile(pc, []byte(csv.String()), 0o644)
	fromBin := analyzeFile(t, pb, "--placement", "shoe", "--format", "witmotion", "--rate", "100")
	fromCSV := analyzeFile(t, pc, "--placement", "shoe")
	if len(fromCSV.events) < 30 || len(fromBin.events) != len(fromCSV.events) || fromBin.sum.Steps != fromCSV.sum.Steps {
		t.Fatalf("%d contacts from the frames, %d from the CSV", len(fromBin.events), len(fromCSV.events))
	}
	if !strings.Contains(fromBin.sum.Input, "no 0x52 gyro frames") {
		t.Errorf("input %q", fromBin.sum.Input)
	}
}

// TestAnalyzeBinaryProblems: WitMotion gyro frames missing part way and
// BNO08x RVC frames lost in transit (index jumps) are counted on the
// report's problems line; both went unsaid.
func TestAnalyzeBinaryProblems(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Walking, Duration: 30, Rate: 100, Gyro: true, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var wit, rvc []byte
	lost := 0
	for i, s := range ss {
		var a, g [4]int16
		for k := range 3 {
			a[k] = clamp16(s.Acc[k] / sensor.G0 / 16 * 32768)
			g[k] = clamp16(s.Gyr[k] * 180 / math.Pi / 2000 * 32768)
		}
		wit = sensor.AppendWitFrame(wit, 0x51, a)
		if i < 1000 || i >= 1250 { // 250 cycles without a gyro frame
			wit = sensor.AppendWitFrame(wit, 0x52, g)
		}
		if i%50 == 25 {
			lost++ // lost in transit: its index is skipped
			continue
		}
		f := []byte{0xAA, 0xAA, byte(i), 0, 0, 0, 0, 0, 0}
		for k := range 3 {
			v := uint16(clamp16(s.Acc[k] / sensor.G0 * 1000))
			f = append(f, byte(v), byte(v>>8))
		}
		f = append(f, 0, 0, 0)
		var sum byte
		for _, b := range f[2:] {
			sum += b
		}
		rvc = append(rvc, append(f, sum)...)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		file  string
		data  []byte
		flags []string
		want  string
	}{
		{"gyrohole.bin", wit, []string{"--format", "witmotion", "--rate", "100"}, "250 samples without their gyro frame (the last rate carried)"},
		{"lost.rvc", rvc, []string{"--format", "rvc"}, fmt.Sprintf("%d frames missing from the frame index (lost)", lost)},
	} {
		p := filepath.Join(dir, tc.file)
		os.WriteFile(p, tc.data, 0o644)
		res := analyzeFile(t, p, tc.flags...)
		if !strings.Contains(res.stdout, "  problems   0 bad frames skipped, ") || !strings.Contains(res.stdout, ", "+tc.want+"\n") {
			t.Errorf("%s: want %q on the problems line:\n%s", tc.file, tc.want, res.stdout)
		}
		// 2.5 s of a stale rate is said, as a CSV gyroscope that stops
		const stale = "250 samples came without their gyro frame (2.5 s): the last angular rate was carried over them; --acc-only reads the acceleration alone"
		if said := strings.Contains(res.stderr, stale) && strings.Contains(res.sum.Reason, stale); said != (tc.file == "gyrohole.bin") {
			t.Errorf("%s: stale gyro said %v: stderr %q, reason %q", tc.file, said, res.stderr, res.sum.Reason)
		}
	}
}

// TestAnalyzeBinaryMoreBadFrames: after the first five bad records, analyze
// says more were skipped and counted; for a binary dump it said "more bad
// lines", where the problems line and the errors count frames.
func TestAnalyzeBinaryMoreBadFrames(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Gyro: true, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var wit []byte
	for i, s := range ss {
		var a, g [4]int16
		for k := range 3 {
			a[k] = clamp16(s.Acc[k] / sensor.G0 / 16 * 32768)
			g[k] = clamp16(s.Gyr[k] * 180 / math.Pi / 2000 * 32768)
		}
		f := sensor.AppendWitFrame(nil, 0x51, a)
		if i%200 == 100 {
			f[10]++ // ten frames with a bad checksum
		}
		wit = append(wit, f...)
		wit = sensor.AppendWitFrame(wit, 0x52, g)
	}
	p := filepath.Join(t.TempDir(), "bad.bin")
	os.WriteFile(p, wit, 0o644)
	res := analyzeFile(t, p, "--format", "witmotion", "--rate", "100")
	if !strings.Contains(res.stderr, "gaitd: more bad frames skipped; all are counted") || strings.Contains(res.stderr, "bad lines") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
	if !strings.Contains(res.stdout, "  problems   10 bad frames skipped, ") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
}
