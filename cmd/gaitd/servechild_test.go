package main

import (
	"bufio"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveChild is `gaitd serve` started as a child process (the test binary
// with GAITD_TEST_MAIN=1, or a tool such as strace running it).
type serveChild struct {
	cmd    *exec.Cmd
	addr   string     // host:port of its metrics, from its start-up log line
	exited chan error // its Wait's result, once its stderr is read to the end
	mu     sync.Mutex
	logs   strings.Builder
}

var metricsAddr = regexp.MustCompile(`metrics=http://(\S+)/metrics`)

// startServeChild starts cmd and waits, up to within, for it to log its
// metrics address; it fails the test (killing cmd) when it ends or stays
// silent instead.
func startServeChild(t *testing.T, cmd *exec.Cmd, within time.Duration) *serveChild {
	t.Helper()
	c := &serveChild{cmd: cmd, exited: make(chan error, 1)}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			c.mu.Lock()
			c.logs.WriteString(sc.Text() + "\n")
			c.mu.Unlock()
			if m := metricsAddr.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		c.exited <- cmd.Wait()
	}()
	select {
	case c.addr = <-addr:
	case err := <-c.exited:
		t.Fatalf("serve ended: %v\n%s", err, c.Logs())
	case <-time.After(within):
		cmd.Process.Kill()
		t.Fatalf("serve did not start in %v\n%s", within, c.Logs())
	}
	return c
}

// Logs returns what the child has written to stderr so far.
func (c *serveChild) Logs() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logs.String()
}
