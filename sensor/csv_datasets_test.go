package sensor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// datasetsDir holds the shared reference recordings (see its README); the
// test is skipped where they are absent.
const datasetsDir = "../../shared/datasets"

// TestCSVDatasets reads every reference recording: the sample count must
// match meta.json, acceleration must be detected as g, and the layout must
// be anatomical V+AP for davis and sensor frame with gyro (deg/s) for
// mobgap.
func TestCSVDatasets(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(datasetsDir, "*", "*", "input.csv"))
	if len(files) == 0 {
		t.Skipf("no recordings in %s", datasetsDir)
	}
	for _, f := range files {
		dir := filepath.Dir(f)
		name := strings.TrimPrefix(dir, datasetsDir+"/")
		t.Run(name, func(t *testing.T) {
			var meta struct {
				Samples int     `json:"samples"`
				FS      float64 `json:"fs"`
			}
			b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &meta); err != nil {
				t.Fatal(err)
			}
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			r, err := NewCSVReader(fh, CSVOptions{Name: f})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if len(res.samples) != meta.Samples || len(res.errs) != 0 {
				t.Errorf("%d samples, want %d; errors %q", len(res.samples), meta.Samples, res.errs)
			}
			st := r.Stats()
			if st.AccUnit != "g" || st.AccUnitBy != "detected" {
				t.Errorf("acceleration unit %s by %s, want g detected", st.AccUnit, st.AccUnitBy)
			}
			l := r.Layout()
			if l.Rate != meta.FS {
				t.Errorf("rate %v, want %v", l.Rate, meta.FS)
			}
			switch set := strings.Split(name, "/")[0]; set {
			case "davis":
				if l.Frame != FrameAnatomical || l.Acc != [3]bool{true, true, false} || l.Gyr != [3]bool{} {
					t.Errorf("layout %+v, want anatomical V+AP without gyro", l)
				}
			case "mobgap":
				if l.Frame != FrameSensor || l.AccAxes() != 3 || !l.HasGyro() || st.GyroUnit != "deg/s" {
					t.Errorf("layout %+v gyro %s, want sensor frame with gyro in deg/s", l, st.GyroUnit)
				}
			}
			t.Log(r.Describe())
		})
	}
}
