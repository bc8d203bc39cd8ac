package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// unitService returns the directives of gaitd.service's [Service] section,
// key → values in order (comments left out).
func unitService(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	section := ""
	for _, l := range strings.Split(string(readDeploy(t, "gaitd.service")), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";"):
		case strings.HasPrefix(l, "["):
			section = l
		case section == "[Service]":
			k, v, ok := strings.Cut(l, "=")
			if !ok {
				t.Errorf("gaitd.service: %q is not key=value", l)
				continue
			}
			out[k] = append(out[k], v)
		}
	}
	return out
}

// unitForAnalyze writes a copy of gaitd.service that systemd-analyze can
// verify here: ExecStart runs an executable that exists (this test binary
// stands in for /usr/local/bin/gaitd) and the commented LoadCredential=
// examples are in.
func unitForAnalyze(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := string(readDeploy(t, "gaitd.service"))
	unit = strings.ReplaceAll(unit, "ExecStart=/usr/local/bin/gaitd ", "ExecStart="+exe+" ")
	unit = regexp.MustCompile(`(?m)^#\s*(LoadCredential=)`).ReplaceAllString(unit, "$1")
	file := filepath.Join(t.TempDir(), "gaitd.service")
	if err := os.WriteFile(file, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestDeploySystemdHardening: gaitd.service confines the daemon (no
// capabilities, a read-only system, kernel and namespaces out of reach, a
// system call filter) without taking away what serve needs: the serial
// ports (the dialout group, and no device access list: PrivateDevices=,
// DevicePolicy=, DeviceAllow= and ProtectClock=, which implies
// DeviceAllow=char-rtc, would each close /dev/ttyUSB* to it), the network
// (broker, HTTP) and its state directory. systemd-analyze, when installed,
// verifies the unit without a word and scores its exposure at most 2.5
// (it was 8.3, "EXPOSED", with NoNewPrivileges, ProtectSystem, ProtectHome
// and PrivateTmp alone).
func TestDeploySystemdHardening(t *testing.T) {
	u := unitService(t)
	one := func(k string) string {
		if len(u[k]) != 1 {
			return strings.Join(u[k], " | ")
		}
		return u[k][0]
	}
	for k, want := range map[string]string{
		"DynamicUser": "yes", "CapabilityBoundingSet": "", "NoNewPrivileges": "yes",
		"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
		"ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes",
		"ProtectControlGroups": "yes", "ProtectHostname": "yes", "ProtectProc": "invisible",
		"RestrictNamespaces": "yes", "RestrictRealtime": "yes", "LockPersonality": "yes",
		"MemoryDenyWriteExecute": "yes", "SystemCallArchitectures": "native", "SystemCallErrorNumber": "EPERM",
		"UMask": "0077", "KillSignal": "SIGTERM", "StateDirectory": "gaitd",
	} {
		if _, ok := u[k]; !ok || one(k) != want {
			t.Errorf("gaitd.service: %s=%s, want %s=%s", k, one(k), k, want)
		}
	}
	if f := u["SystemCallFilter"]; len(f) == 0 || f[0] != "@system-service" {
		t.Errorf("gaitd.service: SystemCallFilter=%q, want @system-service first", f)
	}
	// the serial ports: opened through the dialout group, no device list
	if !slices.Contains(strings.Fields(strings.Join(u["SupplementaryGroups"], " ")), "dialout") {
		t.Errorf("gaitd.service: SupplementaryGroups=%q: the serial ports (group dialout) cannot be opened", u["SupplementaryGroups"])
	}
	for _, k := range []string{"PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock"} {
		if v, ok := u[k]; ok && !(len(v) == 1 && slices.Contains([]string{"no", "false", "auto"}, v[0])) {
			t.Errorf("gaitd.service: %s=%q closes the serial ports (/dev/ttyUSB*, ttyACM*, ttyAMA*, rfcomm*) to the service", k, v)
		}
	}
	// the network: the broker and HTTP listen on it
	fams := strings.Fields(strings.Join(u["RestrictAddressFamilies"], " "))
	for _, f := range []string{"AF_INET", "AF_INET6"} {
		if len(fams) > 0 && (!slices.Contains(fams, f) || strings.HasPrefix(fams[0], "~")) {
			t.Errorf("gaitd.service: RestrictAddressFamilies=%q: no %s for the broker and HTTP", fams, f)
		}
	}
	for _, k := range []string{"PrivateNetwork", "IPAddressDeny"} {
		if v, ok := u[k]; ok && !(len(v) == 1 && (v[0] == "no" || v[0] == "")) {
			t.Errorf("gaitd.service: %s=%q: phones and boards on the LAN reach the broker", k, v)
		}
	}
	// the state directory: writable under ProtectSystem=strict
	for _, k := range []string{"ReadOnlyPaths", "InaccessiblePaths"} {
		for _, v := range u[k] {
			for _, p := range strings.Fields(v) {
				if p = strings.TrimLeft(p, "-+"); strings.HasPrefix("/var/lib/gaitd/", strings.TrimSuffix(p, "/")+"/") {
					t.Errorf("gaitd.service: %s=%s covers the state directory /var/lib/gaitd", k, p)
				}
			}
		}
	}

	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: the unit is not verified")
		return
	}
	file := unitForAnalyze(t)
	// verify exits 0 with unknown keys and unparsable values: any output fails
	if out, err := exec.Command(sa, "verify", "--man=no", file).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify gaitd.service: %v\n%s", err, out)
	}
	out, err := exec.Command(sa, "security", "--offline=yes", "--threshold=25", "--no-pager", file).CombinedOutput()
	if bytes.Contains(out, []byte("Unknown option")) || bytes.Contains(out, []byte("unrecognized option")) {
		t.Logf("systemd-analyze security --offline unavailable: %s", out)
		return
	}
	if err != nil {
		t.Errorf("systemd-analyze security: exposure above 2.5 (%v):\n%s", err, grepLines(string(out), "✗")+grepLines(string(out), "Overall"))
	}
}
