package eval

import (
	"os"
	"path/filepath"
	"testing"
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
