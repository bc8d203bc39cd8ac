package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNotTheSignalsFile: an output path that is the --signals
// thresholds file is refused before anything is written. `--signals
// sig.json --summary sig.json` replaced the user's thresholds with the
// summary, exit 0 (a black-box round).
func TestOutputNotTheSignalsFile(t *testing.T) {
	text, _ := simCSV(t, runningCfg(46, 10))
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.csv")
	os.WriteFile(rec, []byte(text), 0o644)
	sig := filepath.Join(dir, "sig.json")
	const cfg = `{"BalanceWatch": 0.5}`
	os.WriteFile(sig, []byte(cfg), 0o644)
	link := filepath.Join(dir, "link.json")
	os.Symlink("sig.json", link)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--summary", sig}, "--summary " + sig + ": that is the --signals file"},
		{[]string{"--events", link}, "--events " + link + ": that is the --signals file"},
		{[]string{"--metrics", sig}, "--metrics " + sig + ": that is the --signals file"},
	} {
		_, _, err := runCmd(t, append(append([]string{"analyze", "-q", "--signals", sig}, tc.args...), rec)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		if b, _ := os.ReadFile(sig); string(b) != cfg {
			t.Fatalf("%v: the --signals file was changed: %.60q", tc.args, b)
		}
	}
}
