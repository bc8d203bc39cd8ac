package main

import (
	"runtime/debug"
	"strings"
	"testing"
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
	if _, _, err := runCmd(t, "version", "x"); err == nil {
		t.Error("gaitd version x: no error")
	}
	if out, _, err := runCmd(t, "help", "analyze"); err != nil || !strings.HasPrefix(out, "Usage: gaitd analyze") {
		t.Errorf("gaitd help analyze: %q, %v", out, err)
	}
}
