package sensor

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
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

// TestCSVDatasetsGyroUnit: the real waist recordings' gyro is told apart in
// deg/s (as recorded) and converted to rad/s, with acceleration in g and no
// unit in the header, from the default lookahead and from the serial
// reader's shorter one. The recordings are cut to start with their first
// walking bout: a sensor that is still through the whole lookahead cannot
// tell a small rate in rad/s from a calibrated one in deg/s (docs/input-formats.md).
func TestCSVDatasetsGyroUnit(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(datasetsDir, "mobgap", "*", "input.csv"))
	if len(files) == 0 {
		t.Skipf("no recordings in %s", datasetsDir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var meta struct {
			Bouts [][2]float64 `json:"bouts"`
		}
		mb, err := os.ReadFile(filepath.Join(filepath.Dir(f), "meta.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(mb, &meta); err != nil || len(meta.Bouts) == 0 {
			t.Fatalf("%s: meta.json bouts: %v", f, err)
		}
		lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r", ""), "\n"), "\n")
		if lines[0] != "t,ax,ay,az,gx,gy,gz" {
			t.Fatalf("%s: header %q", f, lines[0])
		}
		// from the first bout, and from the file's start when its first
		// 512 rows are not a still sensor (|a| varying by 0.03 g or more:
		// a standing start with a few steps, which the interquartile range
		// of |a| read as still and took for deg/s)
		from := []float64{meta.Bouts[0][0]}
		var n, sum, sq float64
		for _, l := range lines[1:min(len(lines), 513)] {
			v := strings.Split(l, ",")
			var a float64
			for k := 1; k < 4; k++ {
				x, _ := strconv.ParseFloat(v[k], 64)
				a += x * x
			}
			a = math.Sqrt(a)
			n, sum, sq = n+1, sum+a, sq+a*a
		}
		if math.Sqrt(sq/n-(sum/n)*(sum/n)) >= 0.03 {
			from = append(from, math.Inf(-1))
		}
		for _, start := range from {
			var dps, rads strings.Builder
			dps.WriteString(lines[0] + "\n")
			rads.WriteString(lines[0] + "\n")
			for _, l := range lines[1:] {
				v := strings.Split(l, ",")
				if tv, err := strconv.ParseFloat(v[0], 64); err != nil || tv < start {
					continue
				}
				dps.WriteString(l + "\n")
				for k := 4; k < 7; k++ {
					x, err := strconv.ParseFloat(v[k], 64)
					if err != nil {
						t.Fatal(err)
					}
					v[k] = strconv.FormatFloat(x*math.Pi/180, 'f', 6, 64)
				}
				rads.WriteString(strings.Join(v, ",") + "\n")
			}
			for _, tc := range []struct {
				text, want string
			}{{dps.String(), "deg/s"}, {rads.String(), "rad/s"}} {
				looks := []int{0, 100}
				if math.IsInf(start, -1) {
					looks = looks[:1] // (the first 100 rows are the standing start)
				}
				for _, look := range looks {
					r, err := NewCSVReader(strings.NewReader(tc.text), CSVOptions{Name: f, Lookahead: look})
					if err != nil {
						t.Fatal(err)
					}
					if st := r.Stats(); st.GyroUnit != tc.want || st.GyroUnitBy != "detected" {
						t.Errorf("%s from %.1f s (%s, lookahead %d): gyro %s by %s", f, max(start, 0), tc.want, look, st.GyroUnit, st.GyroUnitBy)
					}
				}
			}
		}
	}
}
