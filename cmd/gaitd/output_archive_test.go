package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNotTheArchive: an output path that is the zip archive the
// recording (or its --gyro or --gravity file) is read from is refused
// before anything is written, as the recording's own path is. The archive
// was replaced by the summary or the events, exit 0: `--events b.zip b.zip`
// of a zip of one recording, `--summary a.zip a.zip#r1.csv` (a black-box
// round) — every recording in it lost.
func TestOutputNotTheArchive(t *testing.T) {
	text, _ := simCSV(t, runningCfg(45, 10))
	dir := t.TempDir()
	mk := func(name string, members ...string) (string, []byte) {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, m := range members {
			w, err := zw.Create(m)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(text))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p, b.Bytes()
	}
	one, oneBytes := mk("one.zip", "run.csv")
	two, twoBytes := mk("two.zip", "r1.csv", "r2.csv")
	link := filepath.Join(dir, "link.zip")
	os.Symlink("two.zip", link)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--events", one, one}, "--events " + one + ": that is the recording being analysed"},
		{[]string{"--summary", one, one + "#run.csv"}, "--summary " + one + ": that is the recording being analysed"},
		{[]string{"--summary", two, two + "#r1.csv"}, "--summary " + two + ": that is the recording being analysed"},
		{[]string{"--metrics", link, two + "#r2.csv"}, "--metrics " + link + ": that is the recording being analysed"},
		{[]string{"--events", two, "--gyro", two + "#r2.csv", two + "#r1.csv"}, "--events " + two + ": that is the recording being analysed"},
	} {
		_, _, err := runCmd(t, append([]string{"analyze", "-q"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		for p, want := range map[string][]byte{one: oneBytes, two: twoBytes} {
			if b, _ := os.ReadFile(p); !bytes.Equal(b, want) {
				t.Fatalf("%v: %s was changed", tc.args, filepath.Base(p))
			}
		}
	}
	// another output beside it is written
	ev := filepath.Join(dir, "ev.csv")
	if _, _, err := runCmd(t, "analyze", "-q", "--events", ev, two+"#r1.csv"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(ev); !strings.HasPrefix(string(b), "ic_s,") {
		t.Errorf("events: %.40q", b)
	}
}
