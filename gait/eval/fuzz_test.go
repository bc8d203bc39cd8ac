package eval

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// truthSeeds are truth.csv files as labs write them (TestReadTruthVariants'
// layouts and its error cases), plus the datasets' own when present.
func truthSeeds(f *testing.F) {
	for _, s := range []string{
		"ic_s,fc_s,side\n1.0,1.3,L\n1.5,,R\n2.0,2.3,\n",
		"ic_s;fc_s;side\n1,0;1,3;L\n1,5;;R\n",
		"ic_s\tfc_s\tside\n1.0\t1.3\tL\n1.5\tNA\tR\n",
		"\ufeff# reference\nIC_s,FC_s,Foot\n1.0,1.3,left\n# c\n1.5,NaN,right\n",
		"ic_ms,fc_ms,side\n1000,1300,L\n1000,1300,L\n",
		"\"initial contact (s)\",\"toe-off (s)\",\"side\"\n1.0,1.3,L\nNA,NA,L\n",
		"Foot Strike;Foot Off;Side\ns;s;\n1,0;1,3;Left\n",
		"ic_s\n10:00:01.5\n",
		"ic_s,side\n1.0,X\n",
		"ic_s,fc_s\n1e308,1e309\n",
		"fc_s\n1\n",
		"ic_s\r\n0,0358\r\n1,\r\n",
		"\"ic_s\",\"fc_s\"\n\"0,5\",\"0,8\"\n\"1,000\",\"1,3\"\n",
		"ic_s,fc_s\n1.8,1.5\n",
		"\xff\xfei\x00c\x00_\x00s\x00\n\x00",
	} {
		f.Add([]byte(s))
	}
	if files, _ := filepath.Glob(filepath.Join("../../../shared/datasets", "*", "*", "truth.csv")); len(files) > 0 {
		for _, name := range files[:min(len(files), 3)] {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
}

// FuzzReadTruth: no truth.csv panics; an error names the file, and the
// line it names (truth.csv:N:), if any, is one the file has; the contacts
// read are sorted, with finite ICs, an FC that is NaN or finite and a
// known side value. Each is then scored against itself and against
// itself 30 ms late: every contact matches when the shift is within the
// tolerance and under half the gap between contacts (each detection's
// nearest contact is then its own; repeated rows included: the tolerance
// is never 0), and the scores are counts that add up.
func FuzzReadTruth(f *testing.F) {
	truthSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		truth, err := ReadTruth(strings.NewReader(string(data)), "truth.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "truth.csv") {
				t.Fatalf("error without the file's name: %v", err)
			}
			var line int
			if _, serr := fmt.Sscanf(err.Error(), "truth.csv:%d:", &line); serr == nil && (line < 1 || line > lineCount(data)) {
				t.Fatalf("error names line %d of a %d-line file: %v", line, lineCount(data), err)
			}
			return
		}
		if !sort.SliceIsSorted(truth, func(i, j int) bool { return truth[i].IC < truth[j].IC }) {
			t.Fatalf("not sorted: %+v", truth)
		}
		for i, c := range truth {
			if math.IsNaN(c.IC) || math.IsInf(c.IC, 0) || math.IsInf(c.FC, 0) {
				t.Fatalf("contact %d not finite: %+v", i, c)
			}
			if c.Side != gait.SideUnknown && c.Side != gait.Left && c.Side != gait.Right {
				t.Fatalf("contact %d: side %v", i, c.Side)
			}
		}
		if len(truth) == 0 || truth[len(truth)-1].IC-truth[0].IC > 1e6 {
			return // (a million seconds of contacts is no gait to score)
		}
		for _, shift := range []float64{0, 0.03} {
			det := make([]gait.Contact, len(truth))
			for i, c := range truth {
				det[i] = gait.Contact{IC: c.IC + shift, FC: c.FC + shift, Side: c.Side}
			}
			s := Match(det, truth, Options{})
			// (detections beyond the truth's span by more than the
			// tolerance are not judged)
			if s.TP+s.FP > len(det) || s.TP+s.FN != len(truth) {
				t.Fatalf("shift %g: TP %d FP %d FN %d for %d contacts", shift, s.TP, s.FP, s.FN, len(truth))
			}
			if tol := math.Min(0.1, 0.25*MedianStep(truth)); shift+ulpMargin(truth) <= tol && 2*shift < minGap(truth)-0.002 && s.TP != len(truth) {
				t.Fatalf("shift %g (tolerance %g): %d of %d matched", shift, tol, s.TP, len(truth))
			}
			for _, x := range []float64{s.Precision(), s.Recall(), s.F1()} {
				if x < 0 || x > 1 {
					t.Fatalf("shift %g: score %g out of [0, 1]", shift, x)
				}
			}
		}
	})
}

// FuzzMeta: no meta.json panics; a syntax error names a line the file has
// and a column of that line (none only where NaN or Infinity were read as
// null); and what reads without error holds finite numbers (JSON has no
// others; NaN and Infinity read as null).
func FuzzMeta(f *testing.F) {
	for _, s := range []string{
		`{"placement": "sacrum", "activity": "running", "fs": 240, "vo_mm_median": 82.1, "vo_mm": [85.9, NaN]}`,
		"\ufeff" + `{"placement": ["lower back"], "fs": "100", "bouts": [[5.05, 9.88], [NaN, 12]]}`,
		`{"FS": " 100 ", "walking_bouts": [{"start": 1.2, "end_s": 9.8}], "speed": "", "height": "-Infinity"}`,
		`{"bouts": [{"start": 1}], "side": ["L", "R"], "acc_unit": "raw:4096"}`,
		`{"vo_mm_median": Infinity, "bouts": null, "a_bouts": [], "b_bouts": [[1, 2]]}`,
		`{"bouts": [["12.5", "30.1"], "40-55", {"start": "60", "end": 70}]}`, `{"bouts": [12.5, 30.1, 40, 55]}`, `{"bouts": ["1e400-2", [1, 2, 3], true]}`,
		`{"acc_unit": "M/S²", "gyro_unit": "Degrees/sec"}`, `{"ACC_UNIT": "RAW: 4096", "gyro_unit": "raw:"}`,
		`[]`, `"NaN"`, `{"fs": "1e400"}`,
	} {
		f.Add([]byte(s))
	}
	if files, _ := filepath.Glob(filepath.Join("../../../shared/datasets", "*", "*", "meta.json")); len(files) > 0 {
		if b, err := os.ReadFile(files[0]); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseMeta(data)
		var se *metaSyntaxError
		if errors.As(err, &se) {
			lines := strings.Split(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\n")
			if se.Line < 1 || se.Line > len(lines) || se.Col < 0 || se.Col > len(lines[se.Line-1])+1 || se.Col == 0 && !nonFiniteIn(data) {
				t.Fatalf("%q: syntax error at %d:%d, in a file of %d lines: %v", data, se.Line, se.Col, len(lines), err)
			}
		}
		if err != nil {
			return
		}
		nums := append([]float64{m.Fs, m.Speed, m.SubjectHeight}, m.VOmm...)
		if m.VOmmMedian != nil {
			nums = append(nums, *m.VOmmMedian)
		}
		for _, b := range m.Bouts {
			nums = append(nums, b[0], b[1])
		}
		for _, x := range nums {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%q read a non-finite number: %+v", data, m)
			}
		}
		if vo, ok := m.VOReference(); ok && (math.IsNaN(vo) || math.IsInf(vo, 0)) {
			t.Fatalf("%q: VO reference %g", data, vo)
		}
	})
}

// lineCount bounds the number of lines of data, whether they end in LF,
// CRLF or CR alone.
func lineCount(data []byte) int {
	return bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
}

// nonFiniteIn reports whether parseMeta reads a NaN or Infinity in data
// as null.
func nonFiniteIn(data []byte) bool {
	b := bytes.TrimPrefix(data, []byte("\ufeff"))
	return !bytes.Equal(jsonNulls(b), b)
}

// minGap is the shortest interval between consecutive contacts that are
// not repeated rows (over 1 ms apart), +Inf when there is none.
func minGap(truth []Truth) float64 {
	g := math.Inf(1)
	for i := 1; i < len(truth); i++ {
		if d := truth[i].IC - truth[i-1].IC; d > 0.001 {
			g = math.Min(g, d)
		}
	}
	return g
}

// ulpMargin bounds the rounding of c.IC+shift−c.IC: a detection shifted by
// exactly the tolerance may land an ulp outside it.
func ulpMargin(truth []Truth) float64 {
	return 4e-16*math.Max(math.Abs(truth[0].IC), math.Abs(truth[len(truth)-1].IC)) + 1e-15
}
