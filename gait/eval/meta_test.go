package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// LoadTrial reads meta.json's "height" into Meta.SubjectHeight.
func TestLoadTrialMeta(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "set", "trial1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	meta := `{"name": "set/trial1", "placement": "lowerback", "activity": "walking", "fs": 100, "height": 1.78, "note": "ignored"}`
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truth.csv"), []byte("ic_s,fc_s,side\n1.0,1.6,L\n1.5,2.1,R\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrial(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Meta.SubjectHeight != 1.78 || tr.Meta.Fs != 100 || tr.Set != "set" || tr.Name != "trial1" || len(tr.Truth) != 2 {
		t.Errorf("trial %+v", tr)
	}
}

// TestLoadTrialLenient: what other tools write into a trial folder — a
// byte-order mark before meta.json and truth.csv (Windows editors, Excel's
// "CSV UTF-8", R's write.csv with its quoted header), numbers written as
// strings ("fs": "100", "Fs": "100"), an empty string
// for an unknown value — is read as meant; a string that is no number is an
// error naming the field, and other type errors still fail.
func TestLoadTrialLenient(t *testing.T) {
	write := func(meta, truth string) string {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "set", "trial1")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "meta.json"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "truth.csv"), []byte(truth), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	const bom = "\ufeff"
	tr, err := LoadTrial(write(bom+`{"placement": "shank", "Fs": "143", "speed": " 3.5 ", "height": "", "vo_mm_median": "82.5", "bouts": [[0, 9]]}`,
		bom+"\"ic_s\",\"fc_s\",\"side\"\r\n1.0,1.3,L\r\n1.7,2.0,L\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m := tr.Meta; m.Placement != "shank" || m.Fs != 143 || m.Speed != 3.5 || m.SubjectHeight != 0 || m.VOmmMedian == nil || *m.VOmmMedian != 82.5 || len(m.Bouts) != 1 {
		t.Errorf("meta %+v", m)
	}
	if len(tr.Truth) != 2 || tr.Truth[1].IC != 1.7 || tr.Truth[1].FC != 2.0 || tr.Truth[0].Side != gait.Left {
		t.Errorf("truth %+v", tr.Truth)
	}
	for _, tc := range []struct{ meta, want string }{
		{`{"fs": "240 Hz"}`, `"fs": "240 Hz" is not a number`},
		{`[{"placement": "waist"}]`, `want an object of fields ({"placement": "waist", …}), not [{"placement": "waist"}]`},
		{`"waist"`, `want an object of fields ({"placement": "waist", …}), not "waist"`},
		{`{"speed": "NaN"}`, `"speed": "NaN" is not a number`},
		{`{"placement": 3}`, "cannot unmarshal number"},
		{`{"fs": 100`, "meta.json:1:11: unexpected end of JSON input"},
		// a syntax error says where, as truth.csv's errors do; after a
		// NaN (read as null, one byte longer) by its line alone
		{"{\"fs\": 100,\n \"speed\": x}", `meta.json:2:11: invalid character 'x' looking for beginning of value`},
		{"\ufeff{\"fs\": 100 \"speed\": 3}", `meta.json:1:12: invalid character '"' after object key:value pair`},
		{"{\"fs\": NaN,\n\n \"bouts\": [1,]}", `meta.json:3: invalid character ']' looking for beginning of value`},
		// UTF-16 (a Windows editor's "Unicode"): said as input.csv's is
		// (it was "invalid character 'ÿ' looking for beginning of value")
		{"\xff\xfe{\x00}\x00", "meta.json: UTF-16 text (save the file as UTF-8)"},
	} {
		_, err := LoadTrial(write(tc.meta, "ic_s\n1.0\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "meta.json") {
			t.Errorf("%s: error %v, want one naming meta.json and %q", tc.meta, err, tc.want)
		}
	}
}

// TestMetaVariants: meta.json as Python's json.dump writes it (NaN for an
// unknown number) and with bouts as objects reads as meant; units for the
// input may be given.
func TestMetaVariants(t *testing.T) {
	var m Meta
	in := `{"placement": "shank", "speed": NaN, "height": -Infinity, "note": "NaN stays a string", "bouts": [{"start": 1.5, "end": 9.5}, {"start_s": 12, "end_s": 20}], "acc_unit": "mg", "gyro_unit": "rads"}`
	if err := json.Unmarshal(jsonNulls([]byte(in)), &m); err != nil {
		t.Fatal(err)
	}
	if m.Placement != "shank" || m.Speed != 0 || m.SubjectHeight != 0 || len(m.Bouts) != 2 || m.Bouts[0] != [2]float64{1.5, 9.5} || m.Bouts[1] != [2]float64{12, 20} || m.AccUnit != "mg" || m.GyroUnit != "rads" {
		t.Errorf("meta %+v", m)
	}
	if err := json.Unmarshal([]byte(`{"bouts": [{"begin": 1, "stop": 2}]}`), &m); err == nil || !strings.Contains(err.Error(), "bout 1: want start and end") {
		t.Errorf("bout without start/end: %v", err)
	}
	// a bout's end that Python wrote as NaN is no time (it read as 0 and
	// judged nothing after the start)
	for _, in := range []string{`{"bouts": [[0.5, NaN]]}`, `{"bouts": [{"start": 1, "end": NaN}]}`} {
		if err := json.Unmarshal(jsonNulls([]byte(in)), &m); err == nil || !strings.Contains(err.Error(), "bout 1:") {
			t.Errorf("%s: %v", in, err)
		}
	}
	// a bout that ends before (or as) it starts — start and end swapped, a
	// typo — is an error naming it: it held nothing, and its contacts and
	// detections were left out without a word (HA001 Test11 with its third
	// bout swapped scored 26 contacts of 38; a black-box round)
	for _, in := range []string{`{"bouts": [[6.33, 9.88], [50.85, 38.54]]}`, `{"bouts": [{"start": 6.33, "end": 9.88}, {"start": 50.85, "end": 38.54}]}`, `{"bouts": [[6.33, 9.88], [38.54, 38.54]]}`} {
		if err := json.Unmarshal([]byte(in), &m); err == nil || !strings.Contains(err.Error(), `"bouts": bout 2: its end 38.54 s is not after its start`) {
			t.Errorf("%s: %v", in, err)
		}
	}
	m = Meta{}
	if err := json.Unmarshal([]byte(`{"bouts": [{"Start": 1, "End": 2, "label": "walk"}]}`), &m); err != nil || len(m.Bouts) != 1 || m.Bouts[0] != [2]float64{1, 2} {
		t.Errorf("bout object with a label: %+v, %v", m.Bouts, err)
	}
	m = Meta{}
	if err := json.Unmarshal([]byte(`{"walking_bouts": [[1, 2], [5, 9]]}`), &m); err != nil || len(m.Bouts) != 2 || m.Bouts[1] != [2]float64{5, 9} {
		t.Errorf("walking_bouts: %+v, %v", m.Bouts, err)
	}
	m = Meta{}
	if err := json.Unmarshal([]byte(`{"bouts": [[1, 2]], "turning_bouts": [[3, 4]]}`), &m); err != nil || len(m.Bouts) != 1 || m.Bouts[0] != [2]float64{1, 2} {
		t.Errorf("bouts beside turning_bouts: %+v, %v", m.Bouts, err)
	}
	m = Meta{}
	if err := json.Unmarshal([]byte(`{"placement": ["sacrum"], "side": ["L"]}`), &m); err != nil || m.Placement != "sacrum" || m.Side != "L" {
		t.Errorf("placement as a list of one: %+v, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`{"placement": ["sacrum", "shank"]}`), &m); err == nil || !strings.Contains(err.Error(), `"placement": 2 values`) {
		t.Errorf("two placements: %v", err)
	}
	m = Meta{}
	if err := json.Unmarshal([]byte(`{"placement": null}`), &m); err != nil || m.Placement != "" {
		t.Errorf("placement null: %+v, %v", m, err)
	}
	if got := string(jsonNulls([]byte(`{"a": "x\"NaN", "b": NaN}`))); got != `{"a": "x\"NaN", "b": null}` {
		t.Errorf("jsonNulls: %s", got)
	}
}

// TestScan: trial folders below a root, through symbolic links (a shared
// dataset linked in; a link back up is followed once), and the folders
// that look like trials but miss a file, each with why.
func TestScan(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	mk := func(dir string, files ...string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk(filepath.Join(root, "set", "a"), "input.csv", "truth.csv", "meta.json")
	mk(filepath.Join(outside, "b"), "input.csv", "truth.csv", "meta.json")
	mk(filepath.Join(root, "set", "c"), "input.csv", "meta.json")
	mk(filepath.Join(root, "set", "d"), "Input.csv", "truth.csv")
	mk(filepath.Join(root, "set", "e"), "input.csv.gz", "truth.csv")
	mk(filepath.Join(root, "set", "zz"), "input.csv", "truth.csv")
	mk(filepath.Join(outside, "x"), "input.csv", "truth.csv") // beside root's parent's other child: not below root
	for _, l := range [][2]string{
		{filepath.Join(outside, "b"), filepath.Join(root, "set", "b")},
		{root, filepath.Join(root, "set", "loop")},
		{filepath.Dir(root), filepath.Join(root, "set", "up")},               // a link above root
		{filepath.Join(root, "set", "zz"), filepath.Join(root, "set", "aa")}, // listed before its target
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	dirs, skipped, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range dirs {
		names = append(names, filepath.Base(d))
	}
	if strings.Join(names, ",") != "a,b,zz" {
		t.Errorf("trials %v, want a,b,zz (not aa, a link to zz; nothing through the link above root)", names)
	}
	var whys []string
	for _, s := range skipped {
		whys = append(whys, filepath.Base(s.Dir)+": "+s.Why)
	}
	want := "c: input.csv without truth.csv|d: Input.csv: name it input.csv|e: input.csv.gz: compressed (decompress it to input.csv)"
	if strings.Join(whys, "|") != want {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(whys, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	if _, _, err := Scan(filepath.Join(root, "set", "c")); err == nil || !strings.Contains(err.Error(), "input.csv without truth.csv") {
		t.Errorf("no trial: %v", err)
	}
}

// TestScanNested: a trial folder's own folders are searched — a retest kept
// inside its trial, a set's trials below a folder that is a trial itself
// (a trial copied to the top of DIR). They were left out without a word:
// eval of a folder holding one trial's files and three trial folders scored
// the one (a black-box round).
func TestScanNested(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"", "t1", filepath.Join("t1", "retest"), "t2", filepath.Join("t2", "raw")} {
		files := []string{"input.csv", "truth.csv", "meta.json"}
		if d == filepath.Join("t2", "raw") {
			files = files[:1] // a folder of raw data in a trial: named, not scored
		}
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(root, d, f), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	dirs, skipped, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, d := range dirs {
		r, _ := filepath.Rel(root, d)
		rel = append(rel, filepath.ToSlash(r))
	}
	if want := ".,t1,t1/retest,t2"; strings.Join(rel, ",") != want {
		t.Errorf("trials %v, want %s", rel, want)
	}
	if len(skipped) != 1 || filepath.Base(skipped[0].Dir) != "raw" || skipped[0].Why != "input.csv without truth.csv" {
		t.Errorf("skipped %+v, want raw: input.csv without truth.csv", skipped)
	}
}

// TestScanRelativeRoot: a root given as a relative path and a link to a
// trial below it with an absolute target: each real folder once (the link
// resolved to an absolute path, the trial to a relative one, and it was
// scored twice; a black-box round).
func TestScanRelativeRoot(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "set", "real")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"input.csv", "truth.csv"} {
		os.WriteFile(filepath.Join(dir, f), []byte("x\n"), 0o644)
	}
	for _, l := range [][2]string{{dir, filepath.Join(root, "set", "alias")}, {root, filepath.Join(root, "set", "up")}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, root)
	if err != nil {
		t.Skip(err)
	}
	dirs, _, err := Scan(rel)
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != 1 {
		t.Errorf("trials %v, want the one real folder once", dirs)
	}
}

// TestMetaBoutShapes: meta.json's bouts as exporters write them. Pairs of
// numeric strings and "start-end" strings read as the bouts they name; a
// flat list ([12.5, 30.1, 40, 55]: start, end, start, end, or every start
// then every end?) and other shapes are errors naming meta.json, the key
// and the shape wanted. They were the decoder's "cannot unmarshal … into Go
// struct field metaFields.bouts" (a black-box round).
func TestMetaBoutShapes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "set", "trial1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truth.csv"), []byte("ic_s\n13.0\n13.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const shape = `want [[start_s, end_s], …]`
	for _, tc := range []struct {
		bouts string
		want  [][2]float64 // nil: an error
		err   string       // what the error says beside meta.json, the key and the shape
	}{
		{`[[12.5, 30.1], [40, 55]]`, [][2]float64{{12.5, 30.1}, {40, 55}}, ""},
		{`[["12.5", "30.1"], [" 40 ", "55"]]`, [][2]float64{{12.5, 30.1}, {40, 55}}, ""},
		{`["12.5-30.1", "40 – 55"]`, [][2]float64{{12.5, 30.1}, {40, 55}}, ""},
		{`[{"start": "12.5", "end": 30.1}]`, [][2]float64{{12.5, 30.1}}, ""},
		{`[12.5, 30.1, 40, 55]`, nil, "a flat list of times (4 of its 4 items)"},
		{`["12.5", "30.1"]`, nil, "a flat list of times (2 of its 2 items)"},
		{`[[12.5, 30.1], 40, 55]`, nil, "a flat list of times (2 of its 3 items)"},
		{`[[12.5, 30.1, 40]]`, nil, "bout 1: [12.5, 30.1, 40] holds 3 values"},
		{`[["12.5", "soon"]]`, nil, `bout 1: its end "soon" is not a number of seconds`},
		{`["12.5 to 30.1"]`, nil, `bout 1: "12.5 to 30.1"`},
		{`["-1-5"]`, nil, `bout 1: "-1-5"`},
		{`"12.5-30.1"`, nil, `, not "12.5-30.1"`},
		{`{"start": 1, "end": 2}`, nil, `, not {"start": 1, "end": 2}`},
		{`[true]`, nil, "bout 1: true"},
	} {
		meta := `{"placement": "waist", "bouts": ` + tc.bouts + `}`
		if err := os.WriteFile(filepath.Join(dir, "meta.json"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
		tr, err := LoadTrial(dir)
		switch {
		case tc.want != nil && err != nil:
			t.Errorf("%s: %v", tc.bouts, err)
		case tc.want != nil && fmt.Sprint(tr.Meta.Bouts) != fmt.Sprint(tc.want):
			t.Errorf("%s: bouts %v, want %v", tc.bouts, tr.Meta.Bouts, tc.want)
		case tc.want == nil && (err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "meta.json")+`: "bouts": `) ||
			!strings.Contains(err.Error(), shape) || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "metaFields")):
			t.Errorf("%s: error %v; want one naming meta.json, \"bouts\", %q and %q", tc.bouts, err, shape, tc.err)
		}
	}
}

// TestMetaUnitSpellings: meta.json's acc_unit and gyro_unit as people
// write them read as the reader's units, in any case — "G" is g, "mG" and
// "mg" milli-g (never mega), m/s² in its spellings — and what names no unit
// is kept as written, for the reader to refuse. "G" was refused as an
// unknown acceleration unit, blamed on input.csv (a black-box round).
func TestMetaUnitSpellings(t *testing.T) {
	for _, tc := range []struct{ key, in, want string }{
		{"acc_unit", "g", "g"},
		{"acc_unit", "G", "g"},
		{"acc_unit", " g0 ", "g"},
		{"acc_unit", "mg", "mg"},
		{"acc_unit", "mG", "mg"},
		{"acc_unit", "MG", "mg"},
		{"acc_unit", "milli-g", "mg"},
		{"acc_unit", "m/s^2", "mps2"},
		{"acc_unit", "m/s2", "mps2"},
		{"acc_unit", "M/S²", "mps2"},
		{"acc_unit", "mps2", "mps2"},
		{"acc_unit", "MPS2", "mps2"},
		{"acc_unit", "m s^-2", "mps2"},
		{"acc_unit", "m/sec^2", "mps2"},
		{"acc_unit", "RAW: 4096", "raw:4096"},
		{"acc_unit", "kg", "kg"},
		{"acc_unit", "", ""},
		{"ACC_UNIT", "G", "g"},
		{"gyro_unit", "DPS", "dps"},
		{"gyro_unit", "deg/s", "dps"},
		{"gyro_unit", "°/s", "dps"},
		{"gyro_unit", "Degrees/sec", "dps"},
		{"gyro_unit", "rad/s", "rads"},
		{"gyro_unit", "RAD/S", "rads"},
		{"gyro_unit", "raw:16.4", "raw:16.4"},
		{"gyro_unit", "rpm", "rpm"},
	} {
		b, _ := json.Marshal(map[string]string{tc.key: tc.in})
		m, err := parseMeta(b)
		got := m.AccUnit
		if strings.EqualFold(tc.key, "gyro_unit") {
			got = m.GyroUnit
		}
		if err != nil || got != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.key, tc.in, got, err, tc.want)
		}
	}
}

// TestMetaVOShapes: meta.json's per-step vo_mm as exporters write it — one
// value (the trial's VO), numbers as strings as vo_mm_median may be — is
// the VO reference meant; another shape is an error naming the key and the
// shape wanted. They were the decoder's "cannot unmarshal number into Go
// struct field metaFields.vo_mm", and the trial was not scored at all (a
// black-box round).
func TestMetaVOShapes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ref  float64 // the VO reference, mm; 0 for none
		want string  // the error, "" for none
	}{
		{`{"vo_mm": [80, 82, 84]}`, 82, ""},
		{`{"vo_mm": [80, null, 84, NaN]}`, 82, ""},
		{`{"vo_mm": 82}`, 82, ""},
		{`{"VO_mm": 82}`, 82, ""},
		{`{"vo_mm": "82.5"}`, 82.5, ""},
		{`{"vo_mm": ["80", "82.5", " 84 "]}`, 82.5, ""},
		{`{"vo_mm": ["80", "", "84"]}`, 82, ""},
		{`{"vo_mm": null}`, 0, ""},
		{`{"vo_mm": []}`, 0, ""},
		{`{"vo_mm": {"median": 82}}`, 0, `"vo_mm": want the per-step values in mm, [82.1, 80.4, …], not {"median": 82}`},
		{`{"vo_mm": ["82 mm"]}`, 0, `"vo_mm": value 1, "82 mm", is not a number`},
		{`{"vo_mm": [80, "81", 82, "x83"]}`, 0, `"vo_mm": value 4, "x83", is not a number`},
		{`{"vo_mm": [[80, 82]]}`, 0, `"vo_mm": want the per-step values in mm, [82.1, 80.4, …], not [80, 82]`},
		{`{"vo_mm": true}`, 0, `"vo_mm": want the per-step values in mm`},
	} {
		m, err := parseMeta([]byte(tc.in))
		if tc.want != "" {
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: error %v, want %q", tc.in, err, tc.want)
			}
			continue
		}
		ref, ok := m.VOReference()
		if err != nil || ok != (tc.ref != 0) || ref != tc.ref {
			t.Errorf("%s: reference %v %v, error %v; want %v", tc.in, ref, ok, err, tc.ref)
		}
	}
}
