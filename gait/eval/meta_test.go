package eval

import (
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
		{`{"speed": "NaN"}`, `"speed": "NaN" is not a number`},
		{`{"placement": 3}`, "cannot unmarshal number"},
		{`{"fs": 100`, "unexpected end of JSON input"},
	} {
		_, err := LoadTrial(write(tc.meta, "ic_s\n1.0\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "meta.json") {
			t.Errorf("%s: error %v, want one naming meta.json and %q", tc.meta, err, tc.want)
		}
	}
}
