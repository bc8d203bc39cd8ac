package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/runs"
)

// TestBuildVersion: -ldflags' version stands; else the module version the
// go command stamped, else dev+ the commit (and -dirty), else dev.
func TestBuildVersion(t *testing.T) {
	info := func(main string, settings ...string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			bi := &debug.BuildInfo{Main: debug.Module{Version: main}}
			for i := 0; i+1 < len(settings); i += 2 {
				bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
			}
			return bi, true
		}
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, tc := range []struct {
		name, v string
		info    func() (*debug.BuildInfo, bool)
		want    string
	}{
		{"ldflags", "1.4.0", info("v0.0.0-2026", "vcs.revision", "abc"), "1.4.0"},
		{"go install @version", "dev", info("v1.2.3"), "v1.2.3"},
		{"go build in a checkout", "dev", info("(devel)", "vcs.revision", "83bbe90e86b8aa77", "vcs.modified", "false"), "dev+83bbe90e86b8"},
		{"uncommitted changes", "dev", info("(devel)", "vcs.revision", "83bbe90e86b8aa77", "vcs.modified", "true"), "dev+83bbe90e86b8-dirty"},
		{"no build info", "dev", none, "dev"},
		{"go run", "dev", info("(devel)"), "dev"},
	} {
		if got := buildVersion(tc.v, tc.info); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	out, _, err := runCmd(t, "version")
	if err != nil || !strings.HasPrefix(out, "gaitd ") {
		t.Errorf("gaitd version: %q, %v", out, err)
	}
	// gaitd --version, as most tools take it, is the version command (it
	// was an unknown command, after the whole usage)
	for _, arg := range []string{"--version", "-version"} {
		if vout, verr, err := runCmd(t, arg); err != nil || vout != out || verr != "" {
			t.Errorf("gaitd %s: %q, stderr %q, %v; want %q", arg, vout, verr, err, out)
		}
	}
	if _, _, err := runCmd(t, "version", "x"); err == nil {
		t.Error("gaitd version x: no error")
	}
	if out, _, err := runCmd(t, "help", "analyze"); err != nil || !strings.HasPrefix(out, "Usage: gaitd analyze") {
		t.Errorf("gaitd help analyze: %q, %v", out, err)
	}
}

// TestMessageFormats: a clock shift rounding to zero reads +0.000 s (it
// read -0.000), and the demo's list says an unknown balance without a
// unit ("balance – %L").
func TestMessageFormats(t *testing.T) {
	for _, x := range []float64{-0.0002, -0.0004999, 0, 0.0004} {
		if got := fmt.Sprintf("%+.3f", ms(x)); got != "+0.000" {
			t.Errorf("shift %v s printed %s", x, got)
		}
	}
	if got := fmt.Sprintf("%+.3f", ms(-0.0126)); got != "-0.013" {
		t.Errorf("shift -0.0126 s printed %s", got)
	}
	cad := 170.04
	got := briefFigures(runs.Record{Report: gait.Report{CadenceSPM: &cad}})
	if want := "cadence 170.0 spm  GCT –  VO –  balance –"; got != want {
		t.Errorf("briefFigures: %q, want %q", got, want)
	}
}

// TestCommandHelp: COMMAND -h prints the command's usage on standard
// output (it went to standard error, and could not be paged), with the
// flags before -h still parsed (an unknown one refused); gaitd help
// COMMAND does the same.
func TestCommandHelp(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"analyze", "eval", "serve", "demo", "devices", "version"} {
		var out, errb strings.Builder
		err := run(context.Background(), []string{cmd, "-h"}, &out, &errb)
		if !errors.Is(err, flag.ErrHelp) || !strings.HasPrefix(out.String(), "Usage: gaitd "+cmd) || errb.Len() != 0 {
			t.Errorf("gaitd %s -h: %v, stdout %.40q, stderr %.40q", cmd, err, out.String(), errb.String())
		}
		hout, _, err := runCmd(t, "help", cmd)
		if err != nil || !strings.HasPrefix(hout, "Usage: gaitd "+cmd) {
			t.Errorf("gaitd help %s: %v, %.40q", cmd, err, hout)
		}
	}
	var out, errb strings.Builder
	if err := run(context.Background(), []string{"analyze", "--bogus", "-h"}, &out, &errb); err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("analyze --bogus -h: %v, want the flag refused", err)
	}
	// "-h" as a flag's value is not a help request: the analysis runs,
	// its messages on stderr (they went to stdout, -q or not; a review)
	dir := t.TempDir()
	t.Chdir(dir)
	src, err := os.ReadFile(filepath.Join(wd, "../../testdata/demo/run_waist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(strings.Join(lines[:200], "")+"garbage,line\n"+strings.Join(lines[200:], "")), 0o644)
	if sout, serr, err := runCmd(t, "analyze", "-q", "--summary", "-h", bad); err != nil || sout != "" || !strings.Contains(serr, "skipped") {
		t.Errorf("analyze -q --summary -h FILE: %v, stdout %.60q, stderr %.60q", err, sout, serr)
	}
}
