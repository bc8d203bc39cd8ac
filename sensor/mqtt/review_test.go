package mqtt

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// runSourceLog is runSource with the Source's log captured.
func runSourceLog(tb testing.TB, cfg Config, col *collector) (*Source, *lockedBuffer) {
	tb.Helper()
	logs := new(lockedBuffer)
	s, err := New(cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, col.out, col.badf) }()
	tb.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			tb.Errorf("Run did not return within 5 s of cancel")
		}
	})
	return s, logs
}

// The broker's in-process credential gets a client in whatever the users
// file holds (the file's users still get in, others do not), is random
// per broker, is none of the file's names, and works on an open broker
// too.
func TestInternalCredential(t *testing.T) {
	users := map[string]string{"phone": "pw2", "gaitd": "s3cret"}
	b := mustBroker(t, BrokerConfig{Users: users})
	broker := "tcp://" + b.Addr()
	user, pw := b.InternalCredential()
	if user == "" || len(pw) < 32 || users[user] != "" {
		t.Fatalf("internal credential %q (%d-byte password), want a new name and a long password", user, len(pw))
	}
	b2 := mustBroker(t, BrokerConfig{Users: users})
	if u2, p2 := b2.InternalCredential(); u2 == user || p2 == pw {
		t.Errorf("two brokers share a credential part: %q/%q", user, u2)
	}
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: "tcp://" + b.InternalAddr(), ClientID: "gaitd-internal-test", Username: user, Password: pw}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-int", func(o *paho.ClientOptions) { o.SetUsername("phone").SetPassword("pw2") })
	publish(t, pub, "gait/x/imu", 1, gaitdBatch("", 0, 3, 1_700_000_000_000_000_000))
	waitFor(t, "samples", 5*time.Second, func() bool { return col.count("x") == 3 })
	if strings.Contains(logs.String(), pw) {
		t.Errorf("the password is in the log:\n%s", logs)
	}
	// the credential is not a wildcard: a wrong password with its name fails
	o := paho.NewClientOptions().AddBroker(broker).SetClientID("thief").SetUsername(user).SetPassword("x").SetConnectTimeout(2 * time.Second)
	c := paho.NewClient(o)
	if tok := c.Connect(); tok.WaitTimeout(3*time.Second) && tok.Error() == nil {
		t.Error("the internal user name with a wrong password was accepted")
	}
	c.Disconnect(10)

	open := mustBroker(t, BrokerConfig{})
	if u, p := open.InternalCredential(); u == "" || p == "" {
		t.Error("an open broker has no internal credential")
	}

	// Password is one of three ways, and needs a user name
	for _, cfg := range []Config{
		{Broker: broker, Password: "x"},
		{Broker: broker, Username: "u", Password: "x", PasswordEnv: "X"},
		{Broker: broker, Username: "u", Password: "x", PasswordFile: "/x"},
	} {
		if err := cfg.Validate(); err == nil {
			t.Errorf("%+v: valid", cfg)
		}
	}
}

// A client whose credentials the broker refuses logs an error saying so
// (once, not at every retry), without the password.
func TestRefusedAuthLogged(t *testing.T) {
	b := mustBroker(t, BrokerConfig{Users: map[string]string{"gaitd": "s3cret"}})
	t.Setenv("GAITD_TEST_MQTT_PW", "wrong-password")
	src, logs := runSourceLog(t, Config{Broker: "tcp://" + b.Addr(), ClientID: "gaitd-refused", Username: "gaitd", PasswordEnv: "GAITD_TEST_MQTT_PW"}, newCollector())
	waitFor(t, "the refusal logged", 5*time.Second, func() bool { return strings.Contains(logs.String(), "refused the client's authentication") })
	time.Sleep(2500 * time.Millisecond) // another attempt (every 2 s)
	l := logs.String()
	if n := strings.Count(l, "refused the client's authentication"); n != 1 || !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "username=gaitd") {
		t.Errorf("%d refusal lines, want one error naming the user:\n%s", n, l)
	}
	if strings.Contains(l, "wrong-password") {
		t.Errorf("the password is in the log:\n%s", l)
	}
	if st := src.Stats(); st.Connected || st.LastError == "" {
		t.Errorf("stats %+v", st)
	}
}

// Messages no device takes are logged (rate-limited, with the topic and
// the reason); a topic naming a device the consumer refuses takes no
// pipeline, so it cannot lock real devices out of MaxDevices.
func TestUnroutedAndInvalidNames(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	valid := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`).MatchString // as runs.ValidDevice
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-unrouted", Topics: []string{"gait/+/+"},
		DeviceFrom: "gait/{device}/imu", MaxDevices: 2, ValidDevice: valid}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-unrouted", nil)
	msg := gaitdBatch("", 0, 1, 1_700_000_000_000_000_000)
	for _, topic := range []string{"gait/bad!name/imu", "gait/.hidden/imu", "gait/-x/imu", "gait/belt-1/other"} {
		publish(t, pub, topic, 1, msg)
	}
	// the invalid names took no slot: both real devices get one
	publish(t, pub, "gait/belt-1/imu", 1, msg)
	publish(t, pub, "gait/belt-2/imu", 1, msg)
	publish(t, pub, "gait/belt-3/imu", 1, msg) // beyond the limit of 2
	waitFor(t, "the real devices' samples", 5*time.Second, func() bool { return col.count("belt-1") == 1 && col.count("belt-2") == 1 })
	waitFor(t, "the unrouted count", 5*time.Second, func() bool { return src.Stats().Devices[UnknownDevice].Dropped == 5 })
	if names := src.DeviceNames(); len(names) != 2 || names[0] != "belt-1" || names[1] != "belt-2" {
		t.Errorf("pipelines %v, want belt-1 and belt-2", names)
	}
	// the first unrouted message is logged with its topic and reason; the
	// next ones within 10 s are counted in the next line
	l := logs.String()
	if n := strings.Count(l, "taken by no device"); n != 1 || !strings.Contains(l, "topic=gait/bad!name/imu") || !strings.Contains(l, `reason="the device name is not valid"`) {
		t.Errorf("%d unrouted lines, want one about gait/bad!name/imu:\n%s", n, l)
	}

	// after the interval: logged again, with the messages in between
	src.unroutedLog.at.Store(time.Now().Add(-11 * time.Second).UnixNano())
	publish(t, pub, "gait/belt-4/imu", 1, msg)
	waitFor(t, "the second line", 5*time.Second, func() bool { return strings.Count(logs.String(), "taken by no device") == 2 })
	l = logs.String()
	if !strings.Contains(l, "topic=gait/belt-4/imu") || !strings.Contains(l, `reason="a new device beyond the limit of 2 devices" messages=5`) {
		t.Errorf("second unrouted line:\n%s", l)
	}
	if col.count("belt-3") != 0 || col.count("belt-4") != 0 {
		t.Error("a device beyond the limit got samples")
	}
}

// A broker that accepts the TCP connection and never answers (no CONNACK
// within the connect timeout: a host half up, a port forwarded to nothing)
// is retried and each failed attempt is logged, as a refused connection's
// is; it was retried in silence.
func TestStalledBrokerLogged(t *testing.T) {
	addr, _, _ := stalledBroker(t)
	src, logs := runSourceLog(t, Config{Broker: "tcp://" + addr, ClientID: "gaitd-stalled"}, newCollector())
	// (an attempt is the 3.1.1 CONNECT and paho's fallback to 3.1, each
	// waiting connectTimeout)
	waitFor(t, "the failed attempt logged", 2*connectTimeout+4*time.Second, func() bool { return strings.Contains(logs.String(), "mqtt connect failed") })
	if st := src.Stats(); st.Connected || st.LastError == "" {
		t.Errorf("stats %+v", st)
	}
}

// A broker that is down (the connection refused) is logged once per
// attempt: the failed dial, not again as the attempt's failure (each
// attempt logged two lines after the stalled-broker change; a review).
func TestRefusedConnectionLoggedOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, logs := runSourceLog(t, Config{Broker: "tcp://" + addr, ClientID: "gaitd-down"}, newCollector())
	time.Sleep(connectRetryInterval + time.Second) // two attempts
	l := logs.String()
	if n := strings.Count(l, "mqtt connect failed"); n < 1 || strings.Count(l, "network Error") > 0 {
		t.Errorf("%d lines, want one per attempt (the dial's), none repeating it as the attempt's failure:\n%s", n, l)
	}
}

// A csv header's columns that are not read (a temperature) are said once
// per header in the log, and the message's samples delivered (such a
// header refused every message).
func TestCSVHeaderIgnoredLogged(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-csvtemp", Topics: []string{"gait/+/imu"}, DeviceFrom: "gait/{device}/imu"}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-csvtemp", nil)
	msg := func(from int, header bool) []byte {
		var sb strings.Builder
		if header {
			sb.WriteString("t,ax,ay,az,temp\n")
		}
		for i := from; i < from+100; i++ {
			fmt.Fprintf(&sb, "%.2f,0.01,0.02,%.3f,31.5\n", float64(i)/100, 1+0.1*math.Sin(float64(i)/5))
		}
		return []byte(sb.String())
	}
	publish(t, pub, "gait/esp/imu", 1, msg(0, true))
	publish(t, pub, "gait/esp/imu", 1, msg(100, true))
	publish(t, pub, "gait/esp/imu", 1, msg(200, false))
	waitFor(t, "the samples", 5*time.Second, func() bool { return col.count("esp") == 300 })
	l := logs.String()
	if n := strings.Count(l, `msg="mqtt csv header: columns not read"`); n != 1 || !strings.Contains(l, `device=esp header=t,ax,ay,az,temp columns=temp`) {
		t.Errorf("%d log lines of the columns not read, want 1:\n%s", n, l)
	}
}

// A device's angular rates are set by its first message, as its frame is:
// rates that stop (csv lines of 4 fields after lines of 7) refuse the
// message, counted and said — they were delivered as rates of zero, a
// sensor held still, under a device analysed with its gyroscope — and
// rates that start are not read, the acceleration delivered and the
// change logged once.
func TestGyroPresenceChange(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-gyrochange", Topics: []string{"gait/+/imu"}, DeviceFrom: "gait/{device}/imu"}, col)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-gyrochange", nil)
	msg := func(from int, gyro bool) []byte {
		var sb strings.Builder
		for i := from; i < from+150; i++ {
			x := float64(i) / 5
			fmt.Fprintf(&sb, "%.2f,%.3f,0.02,%.3f", float64(i)/100, 0.3*math.Sin(x), 1+0.5*math.Sin(x))
			if gyro {
				fmt.Fprintf(&sb, ",%.2f,%.2f,%.2f", 80*math.Cos(x), 20*math.Sin(x), 5.0)
			}
			sb.WriteByte('\n')
		}
		return []byte(sb.String())
	}
	publish(t, pub, "gait/lost/imu", 1, msg(0, true))
	publish(t, pub, "gait/lost/imu", 1, msg(150, false))
	publish(t, pub, "gait/lost/imu", 1, msg(300, true))
	publish(t, pub, "gait/gained/imu", 1, msg(0, false))
	publish(t, pub, "gait/gained/imu", 1, msg(150, true))
	publish(t, pub, "gait/gained/imu", 1, msg(300, true))
	waitFor(t, "the samples", 5*time.Second, func() bool { return col.count("lost") == 300 && col.count("gained") == 450 })
	if n := src.Stats().Devices["lost"].DecodeErrors; n != 1 {
		t.Errorf("lost: %d decode errors, want 1", n)
	}
	col.mu.Lock()
	bad := col.bad["lost"]
	col.mu.Unlock()
	if len(bad) != 1 || !strings.Contains(bad[0].Error(), "no angular rates where the device's first message had them") {
		t.Errorf("lost: errors %v", bad)
	}
	for _, s := range col.get("gained") {
		if s.Gyr != [3]float64{} {
			t.Fatalf("gained: rates %v delivered for a device without them", s.Gyr)
		}
	}
	if n := strings.Count(logs.String(), "angular rates not read"); n != 1 {
		t.Errorf("gained: %d log lines of the rates not read, want 1:\n%s", n, logs)
	}
}

// TestClientIDTakeoverLogged: two sources with one client ID (two gaitd
// serve on one host, both gaitd-<hostname>) take the connection from each
// other at the broker, again and again. Each said only "mqtt connection
// lost" with err=EOF; now a warning names the client ID and the likely
// cause.
func TestClientIDTakeoverLogged(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	var logs [2]*lockedBuffer
	for i := range logs {
		logs[i] = &lockedBuffer{}
		s, err := New(Config{Broker: "tcp://" + b.Addr(), ClientID: "gaitd-same-host"}, slog.New(slog.NewTextHandler(logs[i], nil)))
		if err != nil {
			t.Fatal(err)
		}
		// both reconnecting within a millisecond left both saying
		// connected and no more losses for 40 s (1 run in 10 or so):
		// the connection taken over is found by the keep-alive, 30 s by
		// default; 40 runs of 40 pass with 1 s
		s.keepAlive = time.Second
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx, nil, nil); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	const want = "is another client connected with the same client ID?"
	waitFor(t, "the warning", 40*time.Second, func() bool {
		return strings.Contains(logs[0].String(), want) || strings.Contains(logs[1].String(), want)
	})
	for _, l := range logs {
		if s := l.String(); strings.Contains(s, want) && !strings.Contains(s, "client_id=gaitd-same-host") {
			t.Errorf("the warning does not name the client ID:\n%s", s)
		}
	}
}
