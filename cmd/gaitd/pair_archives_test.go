package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzePairArchives: two foot recordings may each be a zip archive
// or a folder of one recording, as one recording may. `analyze --placement
// shoe L.zip R.zip` was refused ("binary data at byte 0: a zip archive:
// extract the recording first") and two folders were "a folder, not a
// recording", while `analyze --placement shoe L.zip` read the same zip.
// An export whose gyroscope is in a file of its own is refused by name (it
// is joined to one recording only), and read with --acc-only.
func TestAnalyzePairArchives(t *testing.T) {
	var files [2]string
	for k, side := range []byte{'L', 'R'} {
		text, _ := simCSV(t, sim.Config{Activity: sim.Running, Placement: sim.Shoe, Side: side, Duration: 30, Rate: 143, Gyro: true, ClipG: 8, Seed: 7})
		files[k] = writeTemp(t, string(side)+".csv", text)
	}
	want := analyzeFile(t, files[1], "--placement", "shoe", files[0])
	if want.sum.Steps < 80 {
		t.Fatalf("the pair's files: %d steps", want.sum.Steps)
	}
	dir := t.TempDir()
	var zips, dirs [2]string
	for k, f := range files {
		zips[k] = filepath.Join(dir, []string{"left.zip", "right.zip"}[k])
		writeZip(t, zips[k], "", f)
		dirs[k] = filepath.Join(dir, []string{"left", "right"}[k])
		if err := os.Mkdir(dirs[k], 0o755); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(f)
		if err := os.WriteFile(filepath.Join(dirs[k], "run.csv"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		in   [2]string
	}{
		{"zips", zips},
		{"folders", dirs},
		{"zip and file", [2]string{zips[0], files[1]}},
	} {
		got, err := tryAnalyze(t, c.in[1], "--placement", "shoe", c.in[0])
		if err != nil {
			t.Errorf("%s: %v\n%s", c.name, err, got.stderr)
			continue
		}
		sameContacts(t, c.name, got, want)
		if !strings.Contains(got.stderr, "of one recording: reading") {
			t.Errorf("%s: stderr does not say what it read:\n%s", c.name, got.stderr)
		}
	}
	// an export with its gyroscope in a file of its own
	var exps [2]string
	for k, f := range files {
		exps[k] = filepath.Join(dir, []string{"expL", "expR"}[k])
		if err := os.Mkdir(exps[k], 0o755); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(exps[k], "TotalAcceleration.csv"), b, 0o644)
		os.WriteFile(filepath.Join(exps[k], "Gyroscope.csv"), []byte("time,seconds_elapsed,z,y,x\n1698501144401778886,0.04,0.1,0.2,0.3\n"), 0o644)
	}
	got, err := tryAnalyze(t, exps[1], "--placement", "shoe", exps[0])
	if err == nil || !strings.Contains(err.Error(), "Gyroscope.csv") || !strings.Contains(err.Error(), "--acc-only") {
		t.Errorf("an export with a gyroscope file: err %v, want it refused naming the file and --acc-only\n%s", err, got.stderr)
	}
	if _, err := tryAnalyze(t, exps[1], "--placement", "shoe", "--acc-only", exps[0]); err != nil {
		t.Errorf("an export with a gyroscope file, --acc-only: %v", err)
	}
}
