package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
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

// seccompSet returns the system calls in the named sets and calls of
// systemd's SystemCallFilter= syntax, as systemd-analyze syscall-filter
// expands them.
func seccompSet(t *testing.T, sa string, names []string) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	seen := map[string]bool{}
	var add func(string)
	add = func(n string) {
		if !strings.HasPrefix(n, "@") {
			set[n] = true
			return
		}
		if seen[n] {
			return
		}
		seen[n] = true
		out, err := exec.Command(sa, "syscall-filter", "--no-pager", n).Output()
		if err != nil {
			t.Fatalf("systemd-analyze syscall-filter %s: %v", n, err)
		}
		lines := strings.Split(string(out), "\n")
		for _, l := range lines[1:] { // the first line is the set's name
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				add(l)
			}
		}
	}
	for _, n := range names {
		add(n)
	}
	return set
}

// TestDeploySystemdSyscalls: every system call serve makes, run as the unit
// runs it (the installed config; a serial sensor, the embedded broker,
// /metrics scraped, SIGTERM writing the open run), is one gaitd.service's
// SystemCallFilter= allows, and its sockets are of the families
// RestrictAddressFamilies= allows: under the filter it would get EPERM
// (SystemCallErrorNumber=) and fail. The calls are traced with strace.
func TestDeploySystemdSyscalls(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary as gaitd under strace")
	}
	strace, err1 := exec.LookPath("strace")
	sa, err2 := exec.LookPath("systemd-analyze")
	if err1 != nil || err2 != nil {
		t.Skipf("needs strace and systemd-analyze: %v, %v", err1, err2)
	}
	if out, err := exec.Command(strace, "-f", "-qq", "-o", os.DevNull, os.Args[0], "-test.run=^$").CombinedOutput(); err != nil {
		t.Skipf("strace cannot trace here (ptrace refused?): %v\n%s", err, out)
	}
	u := unitService(t)
	var allow, deny []string
	for _, f := range u["SystemCallFilter"] {
		if rest, ok := strings.CutPrefix(f, "~"); ok {
			deny = append(deny, strings.Fields(rest)...)
		} else {
			allow = append(allow, strings.Fields(f)...)
		}
	}
	if f := u["SystemCallFilter"]; len(f) == 0 || strings.HasPrefix(f[0], "~") {
		t.Fatalf("gaitd.service: SystemCallFilter=%q is no allow list", u["SystemCallFilter"])
	}
	allowed, denied := seccompSet(t, sa, allow), seccompSet(t, sa, deny)
	families := strings.Fields(strings.Join(u["RestrictAddressFamilies"], " "))

	installed := regexp.MustCompile(`(?m)^#\s+install -D -m 0644 deploy/(\S+) \S+$`).FindStringSubmatch(string(readDeploy(t, "gaitd.service")))
	if installed == nil {
		t.Fatal("gaitd.service: no install line of the config")
	}
	ss, _ := simRun(t, 20)
	var wit []byte
	for _, s := range ss {
		wit = sensor.AppendWit(wit, s, 16)
	}
	master, path := serialtest.PTY(t)
	data := t.TempDir()
	trace := filepath.Join(t.TempDir(), "trace")
	cmd := exec.Command(strace, "-f", "-qq", "-o", trace, os.Args[0], "serve", "--config", filepath.Join(deployDir, installed[1]),
		"--listen", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--broker-ws", "127.0.0.1:0", "--data", data,
		"--serial", path, "--rate", "100", "--device", "belt-1", "--idle", "1m")
	cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1", "CREDENTIALS_DIRECTORY=")
	sc := startServeChild(t, cmd, 20*time.Second)
	h, exited := sc.addr, sc.exited
	go master.Write(wit)
	for deadline := time.Now().Add(20 * time.Second); deviceSamples(t, h) < int64(len(ss))-2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%d samples\n%s", deviceSamples(t, h), sc.Logs())
		}
	}
	// strace blocks fatal signals (-o FILE PROGRAM): the stop goes to
	// gaitd, its child, as systemd's would
	pid := childOf(t, cmd.Process.Pid)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, sc.Logs())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 20 s after SIGTERM")
	}
	if recs, err := runs.List(data); err != nil || len(recs) != 1 {
		t.Errorf("runs %v %+v: SIGTERM did not write the open run\n%s", err, recs, sc.Logs())
	}

	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`^\d+\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]`)
	socket := regexp.MustCompile(`\bsocket\((AF_[A-Z0-9]+)`)
	used := map[string]int{}
	for _, l := range strings.Split(string(b), "\n") {
		// the test binary's own start, before it runs gaitd's main, is
		// traced too: a superset of the daemon's calls
		if m := call.FindStringSubmatch(l); m != nil {
			used[m[1]]++
		}
		if m := socket.FindStringSubmatch(l); m != nil && len(families) > 0 && !slices.Contains(families, m[1]) {
			t.Errorf("serve opened a socket of family %s, not in RestrictAddressFamilies=%s: %s", m[1], strings.Join(families, " "), l)
		}
	}
	if used["ioctl"] == 0 || used["openat"] == 0 || used["accept4"] == 0 {
		t.Fatalf("the trace has no ioctl, openat or accept4 (%d calls): not serve's", len(used))
	}
	for c, n := range used {
		if !allowed[c] || denied[c] {
			t.Errorf("serve calls %s (%d times), which SystemCallFilter=%q refuses", c, n, u["SystemCallFilter"])
		}
	}
	if !t.Failed() {
		t.Logf("%d system calls traced, all allowed", len(used))
	}
}

// childOf returns the process id of a child of process ppid (from /proc).
func childOf(t *testing.T, ppid int) int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses
		i := bytes.LastIndexByte(b, ')')
		fields := strings.Fields(string(b[i+1:]))
		if i < 0 || len(fields) < 2 || fields[1] != strconv.Itoa(ppid) {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		if err == nil {
			return pid
		}
	}
	t.Fatalf("process %d has no child", ppid)
	return 0
}
