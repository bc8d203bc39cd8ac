package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRunsStopSignalTwoDevices runs `gaitd serve` as a process following
// two serial sensors at once (two runners, pseudo-terminals) and stops it
// with one SIGTERM (systemd's stop) or SIGINT (Ctrl-C) while both runs are
// open: it exits 0, and each device's folder holds exactly one run — its
// own, every step as `gaitd analyze` finds it in that sensor's bytes, none
// of the other's — and no temporary run folder is left. When one device's
// run cannot be written (a file where its folder goes), the other's is
// still written, the lost run is said with its path, and the exit status
// is 1 (systemd shows the unit failed).
func TestRunsStopSignalTwoDevices(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary as gaitd")
	}
	type dev struct {
		name   string
		wit    []byte
		n      int
		sum    map[string]any
		events string
	}
	var devs []*dev
	for i, seed := range []uint64{21, 22} {
		ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 60 + 10*float64(i), Rate: 100, Gyro: true, Seed: seed, Speed: 2.8 + 0.6*float64(i)})
		if err != nil {
			t.Fatal(err)
		}
		wit, sum, events := witAnalyzed(t, ss)
		devs = append(devs, &dev{name: fmt.Sprintf("runner-%d", i+1), wit: wit, n: len(ss), sum: sum, events: events})
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		// blocked names the device whose folder is a file (its run
		// cannot be written: lost at the stop, said with its path, exit
		// status 1), "" for none
		blocked string
	}{
		{"SIGTERM", syscall.SIGTERM, ""},
		{"SIGINT", syscall.SIGINT, ""},
		{"SIGTERM one folder blocked", syscall.SIGTERM, "runner-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			if tc.blocked != "" {
				if err := os.WriteFile(filepath.Join(data, tc.blocked), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := "serial:\n"
			var masters []*os.File
			for _, d := range devs {
				master, path := serialtest.PTY(t)
				masters = append(masters, master)
				cfg += fmt.Sprintf("  - device: %s\n    name: %s\n    format: witmotion\n    rate: 100\n", path, d.name)
			}
			cfgFile := filepath.Join(t.TempDir(), "gaitd.yaml")
			if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "serve", "--config", cfgFile, "--listen", "127.0.0.1:0", "--data", data, "--idle", "5m")
			cmd.Env = append(os.Environ(), "GAITD_TEST_MAIN=1")
			sc := startServeChild(t, cmd, 10*time.Second)
			h, exited := sc.addr, sc.exited
			// both sensors at once, interleaved, about 20× real time
			for i, d := range devs {
				go func() {
					for k := 0; k < len(d.wit); k += 2200 {
						if _, err := masters[i].Write(d.wit[k:min(k+2200, len(d.wit))]); err != nil {
							return
						}
						time.Sleep(50 * time.Millisecond)
					}
				}()
			}
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				got := map[string]int64{}
				running := 0
				for _, s := range devices(t, h) {
					got[s.Device] = s.Samples
					if s.Running {
						running++
					}
				}
				all := running == len(devs)
				for _, d := range devs {
					all = all && got[d.name] >= int64(d.n)-1 // (the decoder holds the last frame until the stop)
				}
				if all {
					t.Logf("samples %v (sent %d, %d)", got, devs[0].n, devs[1].n)
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("samples %v, %d runs open", got, running)
				}
			}
			cmd.Process.Signal(tc.sig)
			select {
			case err := <-exited:
				if tc.blocked == "" && err != nil {
					t.Errorf("exit: %v\n%s", err, sc.Logs())
				}
				if code := cmd.ProcessState.ExitCode(); tc.blocked != "" && code != 1 {
					t.Errorf("exit status %d with a run lost, want 1\n%s", code, sc.Logs())
				}
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 20 s after the signal")
			}
			for _, d := range devs {
				if d.name == tc.blocked {
					// the run lost, by its path, and the folder left
					if want := "lost at shutdown, not written"; !strings.Contains(sc.Logs(), filepath.Join(data, d.name)+"/") || !strings.Contains(sc.Logs(), want) {
						t.Errorf("%s: the stop does not say its run was lost, with its path:\n%s", d.name, sc.Logs())
					}
					if b, err := os.ReadFile(filepath.Join(data, d.name)); err != nil || len(b) != 0 {
						t.Errorf("%s: the file there: %v, %d bytes", d.name, err, len(b))
					}
					t.Logf("%s: %s", d.name, grepLines(sc.Logs(), "lost at shutdown"))
					continue
				}
				ents, err := os.ReadDir(filepath.Join(data, d.name))
				if err != nil {
					t.Fatalf("%s: %v\n%s", d.name, err, sc.Logs())
				}
				if len(ents) != 1 || !ents[0].IsDir() || strings.HasPrefix(ents[0].Name(), ".") {
					var names []string
					for _, e := range ents {
						names = append(names, e.Name())
					}
					t.Fatalf("%s: folder holds %v, want one run", d.name, names)
				}
				rec, err := runs.Load(data, d.name, ents[0].Name())
				if err != nil {
					t.Fatal(err)
				}
				if rec.Device != d.name {
					t.Errorf("%s: run of device %q", d.name, rec.Device)
				}
				steps, err := os.ReadFile(filepath.Join(data, d.name, rec.ID, "steps.csv"))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: run %s, %d steps", d.name, rec.ID, rec.Steps)
				sameEvents(t, rec, string(steps), d.sum, d.events)
			}
			if tc.blocked == "" && strings.Contains(sc.Logs(), "level=ERROR") {
				t.Errorf("errors logged:\n%s", sc.Logs())
			}
		})
	}
}
