package sensor

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCSVDatasetsGyroUnitStillStart: the real waist walks from their very
// start, standing included, with the gyroscope in deg/s (as recorded) and
// in rad/s, no unit in the header, at their 100 Hz and at 1000 Hz (each
// row pair interpolated), keep their unit. A lookahead of 512 rows is
// 0.5 s at 1000 Hz, still on three of the four walks that start moving
// within 5 s, and a standing start of over 5 s (MS001's) is still at 100 Hz:
// their small rates in rad/s were read as deg/s, 57 times too small
// (pelvic roll and yaw asymmetries, the uneven-load signal read on them).
func TestCSVDatasetsGyroUnitStillStart(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(datasetsDir, "mobgap", "*", "input.csv"))
	if len(files) == 0 {
		t.Skipf("no recordings in %s", datasetsDir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r", ""), "\n"), "\n")
		if lines[0] != "t,ax,ay,az,gx,gy,gz" {
			t.Fatalf("%s: header %q", f, lines[0])
		}
		var rows [][7]float64
		for _, l := range lines[1:] {
			var v [7]float64
			for k, c := range strings.Split(l, ",") {
				if v[k], err = strconv.ParseFloat(c, 64); err != nil {
					t.Fatal(err)
				}
			}
			if v[0] > 30 { // the first 30 s decide
				break
			}
			rows = append(rows, v)
		}
		for _, up := range []int{1, 10} {
			for _, unit := range []struct {
				name string
				div  float64
			}{{"deg/s", 1}, {"rad/s", 180 / math.Pi}} {
				var sb strings.Builder
				sb.WriteString(lines[0] + "\n")
				for i := 0; i+1 < len(rows); i++ {
					for j := range up {
						w := float64(j) / float64(up)
						sb.WriteString(strconv.FormatFloat(rows[i][0]+w*(rows[i+1][0]-rows[i][0]), 'f', 4, 64))
						for k := 1; k < 7; k++ {
							x := rows[i][k] + w*(rows[i+1][k]-rows[i][k])
							if k >= 4 {
								x /= unit.div
							}
							sb.WriteString("," + strconv.FormatFloat(x, 'f', 6, 64))
						}
						sb.WriteString("\n")
					}
				}
				r, err := NewCSVReader(strings.NewReader(sb.String()), CSVOptions{Name: f})
				if err != nil {
					t.Fatal(err)
				}
				if st := r.Stats(); st.GyroUnit != unit.name || st.GyroUnitBy != "detected" {
					t.Errorf("%s at %d Hz in %s: gyro %s by %s", f, 100*up, unit.name, st.GyroUnit, st.GyroUnitBy)
				}
				// every line is served, none lost to the longer lookahead
				res := readAll(t, r)
				if want := (len(rows) - 1) * up; len(res.samples) != want || len(res.errs) != 0 {
					t.Errorf("%s at %d Hz in %s: %d samples, want %d; errors %q", f, 100*up, unit.name, len(res.samples), want, res.errs)
				}
			}
		}
	}
}

// TestCSVStillLookaheadBound: a file still from end to end, gyroscope
// without a unit, at 2000 Hz (a window of 5.12 s is 10 240 lines, ≈ 0.6
// MiB): the lines held to look for movement stay within the lookahead and
// the 4 MiB more it may hold, and every line is still read, in order. The
// bound was checked only between windows, and the last went past it by
// up to one window.
func TestCSVStillLookaheadBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az,gx,gy,gz\n")
	const n = 200000 // 100 s
	for i := range n {
		// still: gravity and a noise of a few mg and mrad/s
		e := 0.003 * math.Sin(float64(i)*1.7)
		fmt.Fprintf(&b, "%.4f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", float64(i)/2000, 0.01+e, -0.02-e, 0.9998+e, 0.001+e, -0.002+e, 0.0015-e)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "still.csv"})
	if err != nil {
		t.Fatal(err)
	}
	// the lookahead: the header and 512 data lines (within 1 MiB)
	text := b.String()
	look := 0
	for range 1 + lookaheadRows {
		look += strings.IndexByte(text[look:], '\n') + 1
	}
	if held := len(r.arena); held > look+4*lookaheadBytes {
		t.Errorf("%d bytes held to decide the gyroscope's unit: %d past the lookahead's %d, over 4 MiB", held, held-look, look)
	}
	var s Sample
	for i := range n {
		if err := r.Read(&s); err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		if want := float64(i) / 2000; math.Abs(s.T-want) > 1e-9 {
			t.Fatalf("sample %d at %g s, want %g", i, s.T, want)
		}
	}
	if err := r.Read(&s); err != io.EOF {
		t.Errorf("after the last line: %v", err)
	}
}

// TestCSVZerosBeforeTheSensor: a logger that wrote 0 on every axis until
// its sensor was read — 3 s of zeros before the davis run (720 lines at
// 240 Hz, past the 512-line lookahead; and 100, within it) — is read: its
// unit told by the lines after the zeros, the zeros counted
// (CSVStats.LeadZeros) and not handed out as samples, every other sample
// its own values at its own time. Past the lookahead it was refused ("the
// acceleration is 0 on every axis over 512 lines"); within it, the zeros
// were samples, and pulled the run's mean vertical to 0.76 g ("read at the
// wrong scale").
func TestCSVZerosBeforeTheSensor(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(datasetsDir, "davis", "run0021", "input.csv"))
	if err != nil {
		t.Skipf("datasets not available: %v", err)
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r", ""), "\n"), "\n")
	var want []Sample
	plain, err := NewCSVReader(strings.NewReader(string(b)), CSVOptions{Name: "davis"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		var s Sample
		if plain.Read(&s) != nil {
			break
		}
		want = append(want, s)
	}
	for _, zeros := range []int{720, 100} {
		var sb strings.Builder
		sb.WriteString(lines[0] + "\n") // t,acc_v,acc_ap
		for i := range zeros {
			fmt.Fprintf(&sb, "%.6f,0,0\n", float64(i)/240)
		}
		shift := float64(zeros) / 240
		for _, l := range lines[1:] {
			f := strings.SplitN(l, ",", 2)
			tt, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&sb, "%.6f,%s\n", tt+shift, f[1])
		}
		r, err := NewCSVReader(strings.NewReader(sb.String()), CSVOptions{Name: "zeros-then-davis"})
		if err != nil {
			t.Fatalf("%d zeros: %v", zeros, err)
		}
		if l := r.Layout(); l.Frame != FrameAnatomical || !l.Acc[AxisV] || !l.Acc[AxisAP] {
			t.Fatalf("%d zeros: layout %+v", zeros, l)
		}
		var got []Sample
		for {
			var s Sample
			if err := r.Read(&s); err != nil {
				if err != io.EOF {
					t.Fatal(err)
				}
				break
			}
			got = append(got, s)
		}
		if st := r.Stats(); len(got) != len(want) || st.LeadZeros != zeros || st.BadLines != 0 {
			t.Fatalf("%d zeros: %d samples, %d leading zeros counted, %d bad lines; want %d samples", zeros, len(got), st.LeadZeros, st.BadLines, len(want))
		}
		for i, w := range want {
			if g := got[i]; math.Abs(g.T-shift-w.T) > 1e-6 || g.Acc != w.Acc {
				t.Fatalf("%d zeros: sample %d: %+v, want %+v (%.3f s on)", zeros, i, g, w, shift)
			}
		}
	}
}
