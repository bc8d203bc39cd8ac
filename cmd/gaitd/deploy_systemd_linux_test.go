//go:build linux

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
