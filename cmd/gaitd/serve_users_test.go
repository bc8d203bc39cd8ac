package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/sensor"
)

// syncLog is a goroutine-safe log sink for a running serve.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe parses a serve command line as runServe does (config file
// included), starts serve and returns the HTTP and broker addresses once it
// is ready (subscribed); the daemon stops when the test ends, which must
// return no error.
func startServe(t *testing.T, args []string) (httpAddr, brokerAddr string, logs *syncLog) {
	t.Helper()
	var o serveOptions
	parseServe(t, "test", args, &o)
	if o.configFile != "" {
		set := map[string]bool{}
		for _, a := range args {
			if strings.HasPrefix(a, "--") {
				set[strings.SplitN(strings.TrimPrefix(a, "--"), "=", 2)[0]] = true
			}
		}
		if err := loadConfig(o.configFile, &o, set); err != nil {
			t.Fatal(err)
		}
	}
	type addrs struct{ h, b string }
	ready := make(chan addrs, 1)
	o.ready = func(h, b string) { ready <- addrs{h, b} }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs = new(syncLog)
	go func() { done <- serve(ctx, o, logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v\n%s", err, logs)
		}
	})
	select {
	case a := <-ready:
		return a.h, a.b, logs
	case err := <-done:
		done <- err
		t.Fatalf("serve: %v\n%s", err, logs)
	}
	return "", "", nil
}

// connect connects a paho client as user (none when ""), returning the
// client or the connection error.
func connect(t *testing.T, broker, id, user, pw string) (paho.Client, error) {
	t.Helper()
	o := paho.NewClientOptions().AddBroker("tcp://" + broker).SetClientID(id).SetConnectTimeout(3 * time.Second)
	if user != "" {
		o.SetUsername(user).SetPassword(pw)
	}
	c := paho.NewClient(o)
	tok := c.Connect()
	if !tok.WaitTimeout(5 * time.Second) {
		return nil, io.ErrNoProgress
	}
	if tok.Error() != nil {
		return nil, tok.Error()
	}
	t.Cleanup(func() { c.Disconnect(50) })
	return c, nil
}

// With --broker-users (and no --mqtt), gaitd's own client gets into its
// embedded broker (an in-process credential, never logged) while the
// broker refuses clients not in the file: a listed user's samples arrive.
// A topic naming an invalid device is logged with its topic, counted as
// unrouted and takes none of --max-devices' slots.
func TestServeBrokerUsers(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users.txt")
	if err := os.WriteFile(users, []byte("# clinic phones\nphone:pw-phone\nesp32:pw-esp\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h, broker, logs := startServe(t, []string{"--broker", "127.0.0.1:0", "--broker-users", users, "--listen", "127.0.0.1:0",
		"--data", filepath.Join(dir, "data"), "--max-devices", "1", "--reorder", "0"})
	source := `gaitd_source_connected{source="mqtt:tcp://` + broker + `"} `
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metricsText(t, h), source+"1"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gaitd's client is not connected and subscribed to its own broker:\n%s\n%s", grepLines(metricsText(t, h), "source"), logs)
		}
	}

	// clients not in the file are refused
	for _, c := range []struct{ user, pw string }{{"", ""}, {"nobody", "pw-phone"}, {"phone", "wrong"}} {
		if _, err := connect(t, broker, "refused-"+c.user+c.pw, c.user, c.pw); err == nil {
			t.Errorf("user %q password %q: connected, want refused", c.user, c.pw)
		}
	}

	pub, err := connect(t, broker, "phone-1", "phone", "pw-phone")
	if err != nil {
		t.Fatalf("listed user refused: %v", err)
	}
	ss, layout := simRun(t, 5)
	buf, _ := sensor.AppendBinaryPayload(nil, sensor.BinaryPayloadHeader{T0: 1_700_000_000_000_000_000, Rate: layout.Rate, Gyro: true, Float32: true, Seq: -1}, ss[:10])
	for _, topic := range []string{"gait/bad!name/imu", "gait/.hidden/imu"} {
		if tok := pub.Publish(topic, 1, false, buf); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatal(tok.Error())
		}
	}
	var k int
	for k = 0; k+10 <= len(ss); k += 10 {
		buf, _ = sensor.AppendBinaryPayload(buf[:0], sensor.BinaryPayloadHeader{T0: 1_700_000_000_000_000_000 + int64(k)*1e7, Rate: layout.Rate, Gyro: true, Float32: true, Seq: -1}, ss[k:k+10])
		if tok := pub.Publish("gait/belt-1/imu", 1, false, buf); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatal(tok.Error())
		}
	}
	for deadline := time.Now().Add(10 * time.Second); deviceSamples(t, h) != int64(k); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("device state %+v, want %d samples of belt-1\n%s", devices(t, h), k, logs)
		}
	}
	if devs := devices(t, h); len(devs) != 1 || devs[0].Device != "belt-1" {
		t.Errorf("devices %+v, want belt-1 only", devs)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metricsText(t, h), "gaitd_mqtt_unrouted_messages_total 2\n"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("unrouted: %s", grepLines(metricsText(t, h), "unrouted"))
		}
	}
	l := logs.String()
	if !strings.Contains(l, "taken by no device") || !strings.Contains(l, "topic=gait/bad!name/imu") {
		t.Errorf("the unrouted message is not logged with its topic:\n%s", l)
	}
	if strings.Contains(l, "gaitd-internal") || strings.Contains(l, "refused the client's authentication") || strings.Contains(l, "without --broker-users") {
		t.Errorf("log:\n%s", l)
	}
}

// --mqtt (an external broker) with --broker (the embedded one) is refused
// at start, from flags or the config file: gaitd has one client, and what
// is published to the embedded broker would be ignored.
func TestServeRefusesTwoBrokers(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(cfg, []byte("mqtt:\n  broker: tcp://localhost:1883\nbroker:\n  listen: \":1883\"\n"), 0o644)
	for _, args := range [][]string{
		{"--mqtt", "tcp://127.0.0.1:1", "--broker", "127.0.0.1:0"},
		{"--config", cfg},
	} {
		args = append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, args...)
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--mqtt") || !strings.Contains(err.Error(), "--broker") || !strings.Contains(err.Error(), "choose one") {
			t.Errorf("%q: %v, want an error asking to choose one", args, err)
		}
	}
}

// --broker-users without --broker (it lists who may use the embedded
// broker) is refused at start instead of being silently ignored.
func TestServeRefusesUsersWithoutBroker(t *testing.T) {
	users := filepath.Join(t.TempDir(), "users.txt")
	os.WriteFile(users, []byte("phone:pw\n"), 0o600)
	args := []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--mqtt", "tcp://127.0.0.1:1", "--broker-users", users}
	err := run(context.Background(), args, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--broker-users "+users+" (or the config's broker.users_file) needs --broker") {
		t.Errorf("%v", err)
	}
}

// serve's --lookahead is checked with serve's own default in the message
// (the CSV reader's would say 0 means 512; serve's 0 is 100).
func TestServeLookaheadFlag(t *testing.T) {
	args := []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--serial", "/dev/null", "--format", "text", "--lookahead", "4"}
	err := run(context.Background(), args, io.Discard, io.Discard)
	if err == nil || err.Error() != "serve: --lookahead 4: want 8 to 512 lines (0, the default: about 1 s of lines, 100 to 512)" {
		t.Errorf("%v", err)
	}
}
