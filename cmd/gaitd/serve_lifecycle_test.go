package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runServeFor starts serve with the command line args (flags only), waits
// until it is ready, calls during with its addresses, stops it as SIGTERM
// does and returns its log.
func runServeFor(t *testing.T, args []string, during func(httpAddr, brokerAddr string)) string {
	t.Helper()
	var o serveOptions
	parseServe(t, "test", args, &o)
	type addrs struct{ h, b string }
	ready := make(chan addrs, 1)
	o.ready = func(h, b string) { ready <- addrs{h, b} }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logs := new(syncLog)
	go func() { done <- serve(ctx, o, logs) }()
	select {
	case a := <-ready:
		if during != nil {
			during(a.h, a.b)
		}
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, logs)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, logs)
		}
	case <-time.After(8 * time.Second):
		t.Fatalf("serve did not stop\n%s", logs)
	}
	return logs.String()
}

// "gaitd stopped" is the daemon's last line: it was logged before the
// embedded broker's own shutdown lines (the broker was closed by a defer
// after it), so a log said stopped and then went on.
func TestServeStoppedLogsLast(t *testing.T) {
	logs := runServeFor(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")},
		func(_, broker string) {
			// a client connected at shutdown: the broker logs its end
			if _, err := connect(t, broker, "phone-1", "", ""); err != nil {
				t.Fatal(err)
			}
		})
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if !strings.Contains(lines[len(lines)-1], `msg="gaitd stopped"`) {
		t.Errorf("last log line %q, want gaitd stopped\n%s", lines[len(lines)-1], logs)
	}
}

// serve removes, at start, the temporary run folders a serve killed while
// writing (a second signal) left, and says so; a folder of the pattern
// holding someone else's file is left, and said. They stayed hidden in the
// data directory for good.
func TestServeRemovesStaleRunFolders(t *testing.T) {
	data := t.TempDir()
	stale := filepath.Join(data, "phone-1", ".20261124T015500123Z.tmp2890142")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "summary.json"), []byte(`{"device":"phone-1"}`), 0o644)
	os.WriteFile(filepath.Join(stale, ".steps.csv.tmp77"), []byte("t_ic"), 0o644)
	foreign := filepath.Join(data, "phone-1", ".20261124T015501000Z.tmp5")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	userDot := filepath.Join(data, "phone-1", ".backup")
	os.MkdirAll(userDot, 0o755)

	logs := runServeFor(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", data}, nil)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want removed\n%s", stale, err, logs)
	}
	for _, p := range []string{filepath.Join(foreign, "notes.txt"), userDot} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v, want kept", p, err)
		}
	}
	if !strings.Contains(logs, `msg="removed a temporary run folder left by an interrupted write`) || !strings.Contains(logs, "path="+stale) {
		t.Errorf("the removal is not logged with its path:\n%s", logs)
	}
	if !strings.Contains(logs, "left a folder named as a temporary run folder") || !strings.Contains(logs, "path="+foreign) || strings.Contains(logs, ".backup") {
		t.Errorf("the folder left is not logged (or another is):\n%s", logs)
	}
}

// Over the embedded broker, MQTT devices that fall silent (a phone app
// putting a new device ID in the topic each session) free their places
// among --max-devices after --forget-after, with their metric series; a
// new device is then taken. They were never dropped: the third session
// was refused until restart.
func TestServeForgetsQuietDevices(t *testing.T) {
	data := t.TempDir()
	h, broker, logs := startServe(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", data,
		"--max-devices", "2", "--idle", "1s", "--forget-after", "3s", "--reorder", "0"})
	pub, err := connect(t, broker, "phone-app", "", "")
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := simRun(t, 3)
	send := func(device string) {
		var buf []byte
		for k := 0; k < len(ss); k += 10 {
			buf = binaryBatch(t, buf, layout, ss, k)
			publish(t, pub, "gait/"+device+"/imu", buf)
		}
	}
	names := func() string {
		var n []string
		for _, d := range devices(t, h) {
			n = append(n, d.Device)
		}
		return strings.Join(n, ",")
	}
	send("session-1")
	send("session-2")
	send("session-3") // beyond --max-devices: refused
	msgs := (len(ss) + 9) / 10
	for deadline := time.Now().Add(5 * time.Second); names() != "session-1,session-2" || !strings.Contains(metricsText(t, h), fmt.Sprintf("gaitd_mqtt_unrouted_messages_total %d\n", msgs)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("devices %q, %s, want sessions 1 and 2 and %d messages unrouted\n%s", names(), grepLines(metricsText(t, h), "unrouted"), msgs, logs)
		}
	}
	// silent for --forget-after: both go, with their series
	for deadline := time.Now().Add(8 * time.Second); names() != ""; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("devices %q still there after --forget-after\n%s", names(), logs)
		}
	}
	if m := metricsText(t, h); strings.Contains(m, `device="session-1"`) || strings.Contains(m, `device="session-2"`) {
		t.Errorf("series of forgotten devices left:\n%s", grepLines(m, "session-"))
	}
	send("session-3")
	for deadline := time.Now().Add(5 * time.Second); names() != "session-3" || deviceSamples(t, h) != int64(len(ss)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("devices %q, want session-3 taken with %d samples\n%s", names(), len(ss), logs)
		}
	}
	if l := logs.String(); strings.Count(l, `msg="device forgotten`) != 2 || !strings.Contains(l, "device=session-1") {
		t.Errorf("forgetting not logged once per device:\n%s", l)
	}
}

// --forget-after and forget_after: 0 is never, a negative value refused.
func TestServeForgetAfterFlag(t *testing.T) {
	err := run(context.Background(), []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--broker", "127.0.0.1:0", "--forget-after", "-1s"}, io.Discard, io.Discard)
	if err == nil || err.Error() != "serve: --forget-after -1s: want 0 (never) or more" {
		t.Errorf("--forget-after -1s: %v", err)
	}
	path := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(path, []byte("forget_after: 0\n"), 0o644)
	o := serveOptions{forget: time.Minute, engine: engineFlags{placement: "waist", activity: "auto"}}
	if err := loadConfig(path, &o, nil); err != nil || o.forget != 0 {
		t.Errorf("forget_after: 0: %v %v", o.forget, err)
	}
	os.WriteFile(path, []byte("forget_after: -5m\n"), 0o644)
	if err := loadConfig(path, &o, nil); err == nil || !strings.Contains(err.Error(), "line 1: forget_after: -5m0s is negative (0: never)") {
		t.Errorf("forget_after: -5m: %v", err)
	}
}

// A second serve on a data directory another one holds is refused before
// any source starts, naming the holder's pid; the directory's runs list
// reads past the lock file. Two ran side by side, and the second's start
// took the first's run folders being written for stale and removed them.
func TestServeDataDirLocked(t *testing.T) {
	data := t.TempDir()
	h, _, _ := startServe(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", data})
	var o serveOptions
	parseServe(t, "test", []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", data}, &o)
	err := serve(context.Background(), o, io.Discard)
	want := fmt.Sprintf("serve: --data %s: in use by another gaitd serve (pid %d; %s): one daemon per data directory", data, os.Getpid(), filepath.Join(data, lockName))
	if err == nil || err.Error() != want {
		t.Errorf("second serve: %v, want %s", err, want)
	}
	if code, body := httpGet(t, "http://"+h+"/api/runs"); code != 200 || !strings.HasPrefix(strings.TrimSpace(body), "[") {
		t.Errorf("/api/runs beside the lock file: %d %s", code, body)
	}
	// released, the directory is free again
	release, err := lockDataDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	release()
}

// lockDataDir holds one lock per directory until released, also against
// the same process.
func TestLockDataDir(t *testing.T) {
	dir := t.TempDir()
	release, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDataDir(dir); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("in use by another gaitd serve (pid %d;", os.Getpid())) {
		t.Errorf("second lock: %v", err)
	}
	release()
	again, err := lockDataDir(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

// httpGet returns the status and body of a GET of url.
func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeForgetsMQTTPipelineOfSerialName: MQTT messages under a serial
// device's name are refused, but they made a pipeline in the MQTT source,
// which holds one of its places until --forget-after. The hub holds the
// serial device for good, and the pipeline was kept as long as the hub
// held its name: one stray message locked a place out for good — with
// --max-devices 2 beside one serial port, the only MQTT place, and every
// real device refused. It is forgotten as any quiet pipeline is.
func TestServeForgetsMQTTPipelineOfSerialName(t *testing.T) {
	h, broker, logs := startServe(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", t.TempDir(),
		"--serial", "tcp-listen://127.0.0.1:0", "--device", "belt-serial",
		"--max-devices", "2", "--idle", "1s", "--forget-after", "3s", "--reorder", "0"})
	pub, err := connect(t, broker, "phone-app", "", "")
	if err != nil {
		t.Fatal(err)
	}
	ss, layout := simRun(t, 3)
	send := func(device string) {
		var buf []byte
		for k := 0; k < len(ss); k += 10 {
			buf = binaryBatch(t, buf, layout, ss, k)
			publish(t, pub, "gait/"+device+"/imu", buf)
		}
	}
	send("belt-serial") // refused: the serial device's name
	msgs := (len(ss) + 9) / 10
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metricsText(t, h), fmt.Sprintf("gaitd_mqtt_unrouted_messages_total %d\n", msgs)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s, want %d messages unrouted\n%s", grepLines(metricsText(t, h), "unrouted"), msgs, logs)
		}
	}
	time.Sleep(4500 * time.Millisecond) // beyond --forget-after, and a tick
	send("phone")
	samples := func() string {
		m := regexp.MustCompile(`gaitd_samples_total\{device="phone"\} (\d+)`).FindStringSubmatch(metricsText(t, h))
		if m == nil {
			return ""
		}
		return m[1]
	}
	for deadline := time.Now().Add(5 * time.Second); samples() != fmt.Sprint(len(ss)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("phone: %q samples, want %d (%s)\n%s", samples(), len(ss), grepLines(metricsText(t, h), "unrouted"), logs)
		}
	}
}

// TestServeForgetsMQTTPipelineOfSerialNamePayloadDevice is the same with
// --payload-device, the serial device's name in the payloads: the
// pipeline their refused messages made is dropped after the silence (it
// was kept for good, the hub holding that name, and a new device refused).
func TestServeForgetsMQTTPipelineOfSerialNamePayloadDevice(t *testing.T) {
	h, broker, logs := startServe(t, []string{"--broker", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--data", t.TempDir(),
		"--serial", "tcp-listen://127.0.0.1:0", "--device", "belt-serial", "--payload-device",
		"--max-devices", "2", "--idle", "1s", "--forget-after", "3s", "--reorder", "0"})
	pub, err := connect(t, broker, "phone-app", "", "")
	if err != nil {
		t.Fatal(err)
	}
	ss, _ := simRun(t, 3)
	send := func(topic, device string) {
		for k := 0; k < len(ss); k += 10 {
			var acc, gyr []string
			for _, s := range ss[k:min(k+10, len(ss))] {
				acc = append(acc, fmt.Sprintf("[%g,%g,%g]", s.Acc[0], s.Acc[1], s.Acc[2]))
				gyr = append(gyr, fmt.Sprintf("[%g,%g,%g]", s.Gyr[0], s.Gyr[1], s.Gyr[2]))
			}
			publish(t, pub, "gait/"+topic+"/imu", fmt.Appendf(nil, `{"device":%q,"t0_ns":%d,"rate_hz":100,"unit":"mps2","gyr_unit":"rads","acc":[%s],"gyr":[%s]}`,
				device, int64(k)*1e7, strings.Join(acc, ","), strings.Join(gyr, ",")))
		}
	}
	send("pod-1", "belt-serial") // refused: the serial device's name
	msgs := (len(ss) + 9) / 10
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metricsText(t, h), fmt.Sprintf("gaitd_mqtt_unrouted_messages_total %d\n", msgs)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s, want %d messages unrouted\n%s", grepLines(metricsText(t, h), "unrouted"), msgs, logs)
		}
	}
	time.Sleep(4500 * time.Millisecond) // beyond --forget-after, and a tick
	send("pod-2", "phone")
	samples := func() string {
		m := regexp.MustCompile(`gaitd_samples_total\{device="phone"\} (\d+)`).FindStringSubmatch(metricsText(t, h))
		if m == nil {
			return ""
		}
		return m[1]
	}
	for deadline := time.Now().Add(5 * time.Second); samples() != fmt.Sprint(len(ss)); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("phone: %q samples, want %d (%s)\n%s", samples(), len(ss), grepLines(metricsText(t, h), "unrouted"), logs)
		}
	}
}
