package main

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExitStatus: gaitd exits 2 for an error in its command line found
// before it does anything, serve 78 (EX_CONFIG) for one in its flags or
// configuration — so that systemd's RestartPreventExitStatus=78
// (deploy/gaitd.service) does not restart a daemon whose config is wrong
// every 2 s, as it did when every error exited 1 — and 1 for an error of
// the work itself (a file that cannot be read, a data folder that cannot
// be made), which a restart may cure; 0 for -h.
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	badCfg := filepath.Join(dir, "bad.yaml")
	typo := filepath.Join(dir, "typo.yaml")
	badUsers := filepath.Join(dir, "users")
	for p, s := range map[string]string{file: "", badCfg: "mqtt: [1\n", typo: "listne: 127.0.0.1:0\n", badUsers: "alice\n"} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	junk := filepath.Join(dir, "junk.csv")
	if err := os.WriteFile(junk, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
		says string
	}{
		{[]string{"nosuch"}, 2, "unknown command"},
		{[]string{"version", "x"}, 2, "unexpected argument"},
		{[]string{"devices", "x"}, 2, "unexpected argument"},
		{[]string{"analyze", "--bogus", "x.csv"}, 2, "not defined"},
		{[]string{"analyze", "--placement", "wrist", "x.csv"}, 2, "placement"},
		{[]string{"analyze", "--speed", "-1", "x.csv"}, 2, "--speed"},
		{[]string{"analyze", "--events", "-", "x.csv"}, 2, "--events -"},
		{[]string{"analyze", filepath.Join(dir, "missing.csv")}, 1, "no such file"},
		{[]string{"analyze", "--acc-only", "--gyro", "g.csv", "x.csv"}, 2, "--gyro with --acc-only"},
		{[]string{"analyze", "--history", file, "x.csv"}, 2, "not a folder"},
		{[]string{"analyze", "--history", filepath.Join(dir, "missing"), "x.csv"}, 1, "no such file"},
		{[]string{"analyze", "--summary", junk, junk}, 2, "junk.csv"},
		{[]string{"analyze", junk}, 1, "junk.csv"},
		{[]string{"eval"}, 2, "want one directory"},
		{[]string{"eval", filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"demo", "--runners", "0"}, 2, "--runners"},
		{[]string{"serve"}, exConfig, "no source"},
		{[]string{"serve", "--lisen", ":0"}, exConfig, "did you mean"},
		{[]string{"serve", "--config", badCfg}, exConfig, "bad.yaml"},
		{[]string{"serve", "--config", typo}, exConfig, "listne"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--idle", "-1s"}, exConfig, "--idle"},
		{[]string{"serve", "--serial", "/dev/ttyNONE", "--baud", "-3"}, exConfig, "--baud"},
		// mqtt.Config's values, checked as the client is made (after
		// serve's own checks): exit 2 as well
		{[]string{"serve", "--mqtt", "ftp://x:1", "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d1")}, exConfig, `scheme "ftp"`},
		{[]string{"serve", "--mqtt", "tcp://x:1", "--client-id", strings.Repeat("a", 70000), "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d2")}, exConfig, "--client-id: too long"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--broker-tls-cert", file, "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d3")}, exConfig, "needs --broker-tls-key"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--broker-client-ca", file, "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d4")}, exConfig, "--broker-client-ca needs"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--broker-users", badUsers, "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d6")}, exConfig, "want user:password"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--broker-users", filepath.Join(dir, "nousers"), "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d7")}, 1, "no such file"},
		{[]string{"serve", "--http-push", "--listen", "127.0.0.1:99999", "--data", filepath.Join(dir, "d8")}, exConfig, "invalid port"},
		{[]string{"serve", "--broker", "nohostport", "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d9")}, exConfig, "missing port"},
		{[]string{"serve", "--http-push", "--listen", busy.Addr().String(), "--data", filepath.Join(dir, "d10")}, 1, "address already in use"},
		{[]string{"serve", "--mqtt", "ssl://x:1", "--ca-file", filepath.Join(dir, "missing.pem"), "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "d5")}, 1, "no such file"},
		{[]string{"serve", "--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", filepath.Join(file, "sub")}, 1, "not a directory"},
		{[]string{"analyze", "-h"}, 0, ""},
	} {
		name := strings.Join(tc.args, " ")
		if len(name) > 120 {
			name = name[:120] // (a --client-id of 70 000 letters)
		}
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tc.args...)
			cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1")
			cmd.Dir = dir
			out, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != tc.want || !strings.Contains(string(out), tc.says) {
				t.Errorf("exit status %d, want %d; output (want %q in it):\n%s", code, tc.want, tc.says, out)
			}
		})
	}
}

// TestPrintErrorJoined: each line of a joined error (the events file's
// failure beside the summary's) is gaitd's: its second line came without
// the prefix.
func TestPrintErrorJoined(t *testing.T) {
	var b strings.Builder
	printError(&b, errors.Join(errors.New("--events: steps.csv: no space left on device"), errors.New("interrupted: these results cover the 12.0 s read before it")))
	want := "gaitd: --events: steps.csv: no space left on device\ngaitd: interrupted: these results cover the 12.0 s read before it\n"
	if b.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", b.String(), want)
	}
}

// TestServeLogJSONError: under --log-json, serve's error is a JSON record
// like its other lines, and the only line about it: it was a plain-text
// "gaitd: …" line, which broke a pipeline parsing stderr as JSON lines.
func TestServeLogJSONError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
		says string
	}{
		{[]string{"serve", "--log-json"}, exConfig, "no source"},
		{[]string{"serve", "--log-json", "--idle", "-1s", "--broker", "127.0.0.1:0"}, exConfig, "--idle"},
		{[]string{"serve", "--log-json", "--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", filepath.Join(file, "sub")}, 1, "not a directory"},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != tc.want {
			t.Errorf("%v: exit status %d, want %d", tc.args, code, tc.want)
		}
		var last map[string]any
		for line := range strings.SplitSeq(strings.TrimSpace(stderr.String()), "\n") {
			last = nil
			if err := json.Unmarshal([]byte(line), &last); err != nil {
				t.Errorf("%v: a line that is not JSON: %q", tc.args, line)
			}
		}
		if e, _ := last["err"].(string); last["level"] != "ERROR" || last["msg"] != "gaitd failed" || !strings.Contains(e, tc.says) || last["exit_status"] != float64(tc.want) {
			t.Errorf("%v: last record %v, want the error (%q) at ERROR with its exit status", tc.args, last, tc.says)
		}
	}
}

// TestUnitRestartsCrashes: the unit prevents restarts on serve's
// configuration status alone. Go exits 2 for an unrecovered panic or a
// fatal runtime error: RestartPreventExitStatus=2, as the unit had, left a
// crashed daemon down for good (a review).
func TestUnitRestartsCrashes(t *testing.T) {
	unit, err := os.ReadFile("../../deploy/gaitd.service")
	if err != nil {
		t.Fatal(err)
	}
	var prevent []string
	for line := range strings.SplitSeq(string(unit), "\n") {
		if v, ok := strings.CutPrefix(line, "RestartPreventExitStatus="); ok {
			prevent = append(prevent, strings.Fields(v)...)
		}
	}
	if len(prevent) != 1 || prevent[0] != strconv.Itoa(exConfig) {
		t.Errorf("RestartPreventExitStatus %v, want %d alone", prevent, exConfig)
	}
	// what Go exits with for a panic: a child that panics
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnitRestartsCrashes$")
	cmd.Env = append(os.Environ(), "GAITD_TEST_PANIC=1")
	if os.Getenv("GAITD_TEST_PANIC") == "1" {
		panic("a crash")
	}
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code == exConfig || code == 0 {
		t.Errorf("a panic exits %d: the unit would not restart it", code)
	}
}
