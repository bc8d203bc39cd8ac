package mqtt

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/sensor"
)

// ---- helpers ----

func mustBroker(tb testing.TB, cfg BrokerConfig) *Broker {
	tb.Helper()
	return startBroker(tb, cfg, nil)
}

// mustBrokerLog is mustBroker with its log kept, to be read.
func mustBrokerLog(tb testing.TB, cfg BrokerConfig) (*Broker, *lockedBuffer) {
	tb.Helper()
	logs := new(lockedBuffer)
	return startBroker(tb, cfg, slog.New(slog.NewTextHandler(logs, nil))), logs
}

func startBroker(tb testing.TB, cfg BrokerConfig, log *slog.Logger) *Broker {
	tb.Helper()
	if cfg.TCP == "" {
		cfg.TCP = "127.0.0.1:0"
	}
	b, err := StartBroker(cfg, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = b.Close() })
	return b
}

// mustPublisher connects a paho client; extra adjusts its options.
func mustPublisher(tb testing.TB, broker, id string, extra func(*paho.ClientOptions)) paho.Client {
	tb.Helper()
	o := paho.NewClientOptions().AddBroker(broker).SetClientID(id).SetConnectTimeout(5 * time.Second)
	if extra != nil {
		extra(o)
	}
	c := paho.NewClient(o)
	if t := c.Connect(); !t.WaitTimeout(5*time.Second) || t.Error() != nil {
		tb.Fatalf("publisher connect %s: %v", broker, t.Error())
	}
	tb.Cleanup(func() { c.Disconnect(50) })
	return c
}

func publish(tb testing.TB, c paho.Client, topic string, qos byte, payload []byte) {
	tb.Helper()
	t := c.Publish(topic, qos, false, payload)
	if !t.WaitTimeout(5*time.Second) || t.Error() != nil {
		tb.Fatalf("publish %s: %v", topic, t.Error())
	}
}

// collector records what a Source delivers.
type collector struct {
	mu      sync.Mutex
	samples map[string][]sensor.Sample
	devs    map[string][]string // payload device names per topic device
	bad     map[string][]error
	block   chan struct{} // when non-nil, out waits on it
}

func newCollector() *collector {
	return &collector{samples: map[string][]sensor.Sample{}, devs: map[string][]string{}, bad: map[string][]error{}}
}

func (c *collector) out(dev string, p *sensor.Payload) {
	if c.block != nil {
		<-c.block
	}
	c.mu.Lock()
	c.samples[dev] = append(c.samples[dev], p.Samples...)
	c.devs[dev] = append(c.devs[dev], p.Device)
	c.mu.Unlock()
}

func (c *collector) badf(dev string, err error) {
	c.mu.Lock()
	c.bad[dev] = append(c.bad[dev], err)
	c.mu.Unlock()
}

func (c *collector) count(dev string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.samples[dev])
}

func (c *collector) get(dev string) []sensor.Sample {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]sensor.Sample(nil), c.samples[dev]...)
}

// runSource runs a Source until the test ends; the returned stop ends it
// and waits for Run to return.
func runSource(tb testing.TB, cfg Config, col *collector, tweak func(*Source)) (*Source, func()) {
	tb.Helper()
	s, err := New(cfg, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if tweak != nil {
		tweak(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, col.out, col.badf) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					tb.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				tb.Errorf("Run did not return within 5 s of cancel")
			}
		})
	}
	tb.Cleanup(stop)
	return s, stop
}

func waitFor(tb testing.TB, what string, d time.Duration, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timeout after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitSubscribed(tb testing.TB, s *Source) {
	tb.Helper()
	waitFor(tb, "subscription", 5*time.Second, func() bool { return s.Stats().Subscribed })
}

// gaitdBatch builds a gaitd-json message (sensor/payload_json.go): n
// samples at 100 Hz from t0, acc = (seq, i, 9.8).
func gaitdBatch(device string, seq, n int, t0 int64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"device":%q,"t0_ns":%d,"rate_hz":100,"unit":"mps2","seq":%d,"acc":[`, device, t0, seq)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%d,%d,9.8]", seq, i)
	}
	b.WriteString(`],"gyr":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[0.5,%d,-0.25]", i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// decodeAll decodes messages locally: the samples a Source must deliver.
func decodeAll(tb testing.TB, msgs [][]byte) []sensor.Sample {
	tb.Helper()
	var p sensor.Payload
	var all []sensor.Sample
	for _, m := range msgs {
		if err := sensor.DecodePayload(&p, "", m, sensor.PayloadOptions{}); err != nil {
			tb.Fatalf("test message does not decode: %v", err)
		}
		all = append(all, p.Samples...)
	}
	return all
}

func checkSamples(tb testing.TB, dev string, got, want []sensor.Sample) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%s: %d samples, want %d", dev, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			tb.Fatalf("%s: sample %d = %+v, want %+v", dev, i, got[i], want[i])
		}
	}
}

// ---- (1) gaitd JSON over TCP, two devices, in order ----

func TestGaitdJSONTwoDevices(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	testGaitdJSONTwoDevices(t, "tcp://"+b.Addr())
}

func testGaitdJSONTwoDevices(t *testing.T, broker string) {
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-1"}, col, nil)
	waitSubscribed(t, src)

	pub := mustPublisher(t, broker, "pub-1", nil)
	const msgs, per = 50, 10
	t0 := int64(1_700_000_000_000_000_000)
	want := map[string][][]byte{}
	for seq := 0; seq < msgs; seq++ {
		for _, dev := range []string{"dev1", "dev2"} {
			m := gaitdBatch("shoe-"+dev, seq, per, t0+int64(seq)*per*10_000_000)
			want[dev] = append(want[dev], m)
			publish(t, pub, "gait/"+dev+"/imu", 1, m)
		}
	}
	// A topic outside the filter is not received.
	publish(t, pub, "other/dev3/imu", 1, gaitdBatch("x", 0, 1, t0))

	for _, dev := range []string{"dev1", "dev2"} {
		waitFor(t, dev+" samples", 5*time.Second, func() bool { return col.count(dev) >= msgs*per })
	}
	stop()
	for _, dev := range []string{"dev1", "dev2"} {
		got := col.get(dev)
		checkSamples(t, dev, got, decodeAll(t, want[dev]))
		for i, s := range got { // order: acc = (seq, i)
			if s.Acc[0] != float64(i/per) || s.Acc[1] != float64(i%per) {
				t.Fatalf("%s: sample %d out of order: acc %v", dev, i, s.Acc)
			}
		}
		if d := col.devs[dev][0]; d != "shoe-"+dev {
			t.Errorf("%s: payload device %q, want shoe-%s", dev, d, dev)
		}
		st := src.Stats().Devices[dev]
		if st != (DeviceStats{Messages: msgs, Samples: msgs * per}) {
			t.Errorf("%s: stats %+v", dev, st)
		}
	}
	if n := len(src.Stats().Devices); n != 2 {
		t.Errorf("stats for %d devices, want 2: %v", n, src.Stats().Devices)
	}
}

// ---- (2) Sensor Logger over WebSocket ----

func TestSensorLoggerWebSocket(t *testing.T) {
	b := mustBroker(t, BrokerConfig{WebSocket: "127.0.0.1:0"})
	col := newCollector()
	src, stop := runSource(t, Config{
		Broker:     "tcp://" + b.Addr(),
		ClientID:   "gaitd-test-2",
		Topics:     []string{"sensor-logger"},
		DeviceFrom: "{device}",
	}, col, nil)
	waitSubscribed(t, src)

	// Sensor Logger publishes QoS 0 over WebSocket (protocols.md §4).
	pub := mustPublisher(t, "ws://"+b.WebSocketAddr()+"/mqtt", "phone", nil)
	msg := []byte(`{"messageId":12,"sessionId":"s1","deviceId":"phone-7","payload":[
	 {"name":"totalacceleration","time":1698501144401773001,"values":{"x":0.061,"y":-0.001,"z":9.81}},
	 {"name":"gyroscope","time":1698501144402000000,"values":{"x":0.01,"y":0.02,"z":-0.03}},
	 {"name":"totalacceleration","time":1698501144411773999,"values":{"x":0.07,"y":0.002,"z":9.79}},
	 {"name":"orientation","time":1698501144402000000,"values":{"qz":0,"qy":0,"qx":0,"qw":1,"roll":0,"pitch":0,"yaw":0}}]}`)
	publish(t, pub, "sensor-logger", 0, msg)
	waitFor(t, "sensor logger samples", 5*time.Second, func() bool { return col.count("sensor-logger") >= 2 })
	stop()

	got := col.get("sensor-logger")
	if len(got) != 2 {
		t.Fatalf("%d samples, want 2", len(got))
	}
	// Exact ns: the default Epoch is 0, so T is ns/1e9; check through the
	// same conversion with an Epoch that keeps every digit.
	var p sensor.Payload
	if err := sensor.DecodePayload(&p, "", msg, sensor.PayloadOptions{Epoch: 1698501144401773001}); err != nil {
		t.Fatal(err)
	}
	if p.T0 != 1698501144401773001 || p.Samples[1].T != 10_000_998e-9 {
		t.Fatalf("local decode: T0 %d, T1 %v", p.T0, p.Samples[1].T)
	}
	want := decodeAll(t, [][]byte{msg})
	checkSamples(t, "sensor-logger", got, want)
	if got[0].Acc != [3]float64{0.061, -0.001, 9.81} || got[0].Gyr != [3]float64{0.01, 0.02, -0.03} {
		t.Errorf("sample 0 = %+v", got[0])
	}
	if d := col.devs["sensor-logger"][0]; d != "phone-7" {
		t.Errorf("payload device %q, want phone-7", d)
	}
}

// TestSensorLoggerExactNS checks that the ns time reaches out exactly: the
// Source's PayloadOptions.Epoch is applied by DecodePayload.
func TestSensorLoggerExactNS(t *testing.T) {
	b := mustBroker(t, BrokerConfig{WebSocket: "127.0.0.1:0"})
	col := newCollector()
	var mu sync.Mutex
	var t0s []int64
	src, err := New(Config{
		Broker: "ws://" + b.WebSocketAddr(), ClientID: "gaitd-test-2b",
		Topics: []string{"sensor-logger"}, DeviceFrom: "{device}",
		Payload: sensor.PayloadOptions{Epoch: 1698501144401773000},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- src.Run(ctx, func(dev string, p *sensor.Payload) {
			mu.Lock()
			t0s = append(t0s, p.T0)
			mu.Unlock()
			col.out(dev, p)
		}, col.badf)
	}()
	defer func() { cancel(); <-done }()
	waitSubscribed(t, src)
	pub := mustPublisher(t, "ws://"+b.WebSocketAddr(), "phone-2", nil)
	publish(t, pub, "sensor-logger", 0, []byte(`{"messageId":1,"payload":[
	 {"name":"totalacceleration","time":1698501144401773001,"values":{"x":0,"y":0,"z":9.8}},
	 {"name":"totalacceleration","time":1698501144401773999,"values":{"x":0,"y":0,"z":9.8}}]}`))
	waitFor(t, "samples", 5*time.Second, func() bool { return col.count("sensor-logger") >= 2 })
	got := col.get("sensor-logger")
	mu.Lock()
	defer mu.Unlock()
	if t0s[0] != 1698501144401773001 {
		t.Errorf("T0 = %d, want 1698501144401773001", t0s[0])
	}
	if got[0].T != 1e-9 || got[1].T != 999e-9 {
		t.Errorf("T = %v, %v; want 1e-9, 999e-9", got[0].T, got[1].T)
	}
}

// ---- (3) malformed payloads ----

func TestMalformedPayloads(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-3", MaxMessage: 64 << 10}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-3", nil)
	t0 := int64(1_700_000_000_000_000_000)
	bad := [][]byte{
		[]byte(`{"acc":[[1,2`),                     // truncated
		[]byte("\x00\x01garbage"),                  // unknown format
		[]byte(`{"t0_ns":1,"rate_hz":100}`),        // no samples
		[]byte(`{"hello":"world"}`),                // unrecognised JSON
		[]byte(strings.Repeat("x", 65<<10)),        // too large
		[]byte(`[{"n":"ax","u":"g","v":1,"t":1}]`), // SenML gram
	}
	var good [][]byte
	for i, m := range bad {
		g := gaitdBatch("", i, 5, t0+int64(i)*50_000_000)
		good = append(good, g)
		publish(t, pub, "gait/devA/imu", 1, g)
		publish(t, pub, "gait/devA/imu", 1, m)
	}
	waitFor(t, "all messages", 5*time.Second, func() bool {
		st := src.Stats().Devices["devA"]
		return st.Samples == uint64(5*len(good)) && st.DecodeErrors == uint64(len(bad))
	})
	stop()
	checkSamples(t, "devA", col.get("devA"), decodeAll(t, good))
	errs := col.bad["devA"]
	if len(errs) != len(bad) {
		t.Fatalf("bad called %d times, want %d", len(errs), len(bad))
	}
	for i, err := range errs {
		if !errors.Is(err, sensor.ErrPayloadFormat) && !errors.Is(err, sensor.ErrPayloadUnit) {
			t.Errorf("error %d %v wraps neither ErrPayloadFormat nor ErrPayloadUnit", i, err)
		}
	}
	if !errors.Is(errs[5], sensor.ErrPayloadUnit) {
		t.Errorf("SenML gram: %v, want ErrPayloadUnit", errs[5])
	}
	if st := src.Stats().Devices["devA"]; st.Messages != uint64(2*len(bad)) || st.Dropped != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestCSVPayloadBadLine: a csv message with one bad line delivers its
// other lines and counts the one (it cost the whole message); the log of
// it names the topic.
func TestCSVPayloadBadLine(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-csv"}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-csv", nil)
	publish(t, pub, "gait/devB/imu", 1, []byte("1700000000.00,0,9.8,0\n1700000000.01,0,9.8,0\n1700000000.02,0,NaN,0\n1700000000.03,0,9.8,0\n1700000000.04,0,9.8,0\n"))
	// a message whose first line is garbage (its format cannot be
	// detected: read as the device's earlier ones), and one none of
	// whose two lines reads (each counted, as analyze counts them)
	publish(t, pub, "gait/devB/imu", 1, []byte("garbage here !!\n1700000000.05,0,9.8,0\n1700000000.06,0,9.8,0\n"))
	publish(t, pub, "gait/devB/imu", 1, []byte("1700000000.07,0,NaN,0\n1700000000.08,0,x,0\n"))
	waitFor(t, "the messages", 5*time.Second, func() bool {
		st := src.Stats().Devices["devB"]
		return st.Samples == 6 && st.DecodeErrors == 4
	})
	stop()
	if errs := col.bad["devB"]; len(errs) != 4 || !strings.Contains(errs[0].Error(), `csv: line 3: field 3 (ay): not a finite number: "NaN"`) {
		t.Errorf("bad: %v", errs)
	}
	if ss := col.get("devB"); len(ss) != 6 || ss[2].T-ss[1].T < 0.019 {
		t.Errorf("samples %+v", ss)
	}
}

// ---- (4) MaxDevices ----

func TestMaxDevices(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-4", Queue: 4}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-4", nil)
	msg := gaitdBatch("", 0, 1, 1_700_000_000_000_000_000)
	const extra = 36 // 100 devices in all
	for i := 0; i < DefaultMaxDevices+extra; i++ {
		publish(t, pub, fmt.Sprintf("gait/d%03d/imu", i), 1, msg)
	}
	// Known devices keep working after the cap is reached.
	publish(t, pub, "gait/d000/imu", 1, msg)
	waitFor(t, "all messages", 5*time.Second, func() bool {
		st := src.Stats()
		return st.Devices[UnknownDevice].Messages == extra && st.Devices["d000"].Samples == 2
	})
	stop()
	st := src.Stats()
	if n := len(src.DeviceNames()); n != DefaultMaxDevices {
		t.Errorf("%d pipelines, want %d", n, DefaultMaxDevices)
	}
	if len(st.Devices) != DefaultMaxDevices+1 {
		t.Errorf("stats for %d names, want %d (+ unknown)", len(st.Devices), DefaultMaxDevices)
	}
	if u := st.Devices[UnknownDevice]; u.Dropped != extra {
		t.Errorf("unknown: %+v, want %d dropped", u, extra)
	}
	if col.count(fmt.Sprintf("d%03d", DefaultMaxDevices)) != 0 {
		t.Error("the 65th device got samples")
	}
	// The default rule: a single-level topic names itself.
	if _, ok := src.pattern.device("gait"); !ok {
		t.Error("single-level topic should name itself")
	}
}

// ---- (5) auth ----

func TestAuth(t *testing.T) {
	b := mustBroker(t, BrokerConfig{Users: map[string]string{"gaitd": "s3cret", "phone": "pw2"}, Subscribers: []string{"gaitd"}})
	broker := "tcp://" + b.Addr()

	// Raw clients: anonymous and wrong password are refused, right one accepted.
	for _, tc := range []struct {
		user, pw string
		ok       bool
	}{{"", "", false}, {"gaitd", "wrong", false}, {"nobody", "s3cret", false}, {"phone", "pw2", true}} {
		o := paho.NewClientOptions().AddBroker(broker).SetClientID("auth-" + tc.user + tc.pw).
			SetUsername(tc.user).SetPassword(tc.pw).SetConnectTimeout(2 * time.Second)
		c := paho.NewClient(o)
		tok := c.Connect()
		tok.WaitTimeout(3 * time.Second)
		if (tok.Error() == nil) != tc.ok {
			t.Errorf("user %q password %q: connect error %v, want ok=%v", tc.user, tc.pw, tok.Error(), tc.ok)
		}
		c.Disconnect(10)
	}

	// A Source with the wrong password (from a file) stays unconnected and
	// says why; one with the right password (from the environment) works.
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badCol := newCollector()
	badSrc, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-bad", Username: "gaitd", PasswordFile: pwFile}, badCol, nil)
	t.Setenv("GAITD_TEST_MQTT_PW", "s3cret")
	col := newCollector()
	src, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-good", Username: "gaitd", PasswordEnv: "GAITD_TEST_MQTT_PW"}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-5", func(o *paho.ClientOptions) { o.SetUsername("phone").SetPassword("pw2") })
	publish(t, pub, "gait/x/imu", 1, gaitdBatch("", 0, 3, 1_700_000_000_000_000_000))
	waitFor(t, "samples", 5*time.Second, func() bool { return col.count("x") == 3 })
	waitFor(t, "refusal", 5*time.Second, func() bool { return badSrc.Stats().LastError != "" })
	if st := badSrc.Stats(); st.Connected || st.Connects != 0 || badCol.count("x") != 0 {
		t.Errorf("wrong password: %+v", st)
	} else {
		t.Logf("wrong password: %s", st.LastError)
	}
}

// ---- (6) broker restart ----

// TestBrokerRestart restarts the embedded broker on the same address while
// a QoS 1 publisher keeps publishing. The restarted broker has no memory
// of the Source's persistent session (mochi keeps sessions in memory), so
// what holds is: the Source reconnects and resubscribes by itself, the
// reconnect is counted, the publisher's QoS 1 messages queued while the
// broker was down are delivered once the publisher reconnects after the
// Source's resubscription (the test holds the publisher's reconnect until
// then), and every message published afterwards arrives: no sample lost.
func TestBrokerRestart(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	addr := b.Addr()
	broker := "tcp://" + addr
	col := newCollector()
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-6"}, col, nil)
	waitSubscribed(t, src)

	resubscribed := make(chan struct{})
	pub := mustPublisher(t, broker, "pub-6", func(o *paho.ClientOptions) {
		o.SetCleanSession(false).SetAutoReconnect(true).SetMaxReconnectInterval(time.Second)
		o.SetReconnectingHandler(func(paho.Client, *paho.ClientOptions) { <-resubscribed })
	})
	t0 := int64(1_700_000_000_000_000_000)
	var all [][]byte
	seq := 0
	send := func(n int, wait bool) {
		for i := 0; i < n; i++ {
			m := gaitdBatch("", seq, 10, t0+int64(seq)*100_000_000)
			seq++
			all = append(all, m)
			tok := pub.Publish("gait/run/imu", 1, false, m)
			if wait && (!tok.WaitTimeout(5*time.Second) || tok.Error() != nil) {
				t.Fatalf("publish: %v", tok.Error())
			}
		}
	}
	send(20, true)
	waitFor(t, "first samples", 5*time.Second, func() bool { return col.count("run") == 200 })

	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "connection loss", 5*time.Second, func() bool { return !src.Stats().Connected })
	waitFor(t, "publisher offline", 5*time.Second, func() bool { return !pub.IsConnectionOpen() })
	send(20, false) // queued by the publisher while the broker is down

	b2, err := StartBroker(BrokerConfig{TCP: addr}, nil)
	if err != nil {
		t.Fatalf("restart on %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = b2.Close() })
	// (an attempt that reached the closing broker waits out the connect
	// timeout, 5 s, before the backoff retries)
	deadline := time.Now().Add(15 * time.Second)
	for {
		st := src.Stats()
		if st.Subscribed && st.Reconnects == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no resubscription within 15 s of the restart: %+v", st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(resubscribed)
	waitFor(t, "publisher reconnect", 15*time.Second, pub.IsConnectionOpen)
	send(20, true)
	waitFor(t, "all samples", 10*time.Second, func() bool { return col.count("run") >= 600 })
	stop()
	// paho's in-memory store resends the queued messages in no particular
	// order: compare in time order (the pipeline must sort by timestamp).
	got, want := col.get("run"), decodeAll(t, all)
	inOrder := slices.EqualFunc(got, want, func(a, b sensor.Sample) bool { return a == b })
	byTime := func(a, b sensor.Sample) int { return cmp.Compare(a.T, b.T) }
	slices.SortStableFunc(got, byTime)
	// QoS 1 is at least once: a message in flight when the publisher's
	// connection dropped may come twice (once in 15 CI runs under load);
	// the hub drops such repeats (gaitd_duplicate_samples_total,
	// TestHubReorder). Here no sample may be lost or altered.
	n := len(got)
	got = slices.CompactFunc(got, func(a, b sensor.Sample) bool { return a == b })
	checkSamples(t, "run", got, want)
	t.Logf("%d samples, none lost (%d repeated by QoS 1 redelivery); arrival order preserved: %v", len(got), n-len(got), inOrder)
	st := src.Stats()
	if st.Reconnects != 1 || st.ConnectionsLost != 1 {
		t.Errorf("reconnects %d, lost %d; want 1, 1", st.Reconnects, st.ConnectionsLost)
	}
}

// ---- (7) slow consumer ----

func TestSlowConsumerDrops(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	col.block = make(chan struct{})
	const queue = 8
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-7", Queue: queue}, col,
		// 2 s: mochi's read deadline is keepalive + keepalive/2 in whole
		// seconds, so a 1 s keep-alive is cut off at 1 s, before paho pings.
		func(s *Source) { s.keepAlive = 2 * time.Second })
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-7", nil)
	const n = 100
	t0 := int64(1_700_000_000_000_000_000)
	for i := 0; i < n; i++ {
		publish(t, pub, "gait/slow/imu", 1, gaitdBatch("", i, 2, t0+int64(i)*20_000_000))
	}
	waitFor(t, "all messages counted", 5*time.Second, func() bool { return src.Stats().Devices["slow"].Messages == n })
	// The consumer is stuck for two keep-alive periods: pings go on.
	time.Sleep(4500 * time.Millisecond)
	st := src.Stats()
	ds := st.Devices["slow"]
	// One message is held by the blocked out, queue more wait in the channel.
	if ds.Dropped < n-queue-1 || ds.Dropped > n-queue {
		t.Errorf("dropped %d of %d with queue %d", ds.Dropped, n, queue)
	}
	if !st.Connected || st.ConnectionsLost != 0 {
		t.Errorf("connection suffered from the slow consumer: %+v", st)
	}
	close(col.block)
	// the queue drains before the next message comes (else, on a loaded
	// machine, it can find the queue still full and be dropped, as it
	// should be: the test flaked so under -race with other work running)
	waitFor(t, "queue drained after release", 5*time.Second, func() bool {
		d := src.Stats().Devices["slow"]
		return d.Samples == 2*(d.Messages-d.Dropped)
	})
	dropped := src.Stats().Devices["slow"].Dropped
	publish(t, pub, "gait/slow/imu", 1, gaitdBatch("", n, 2, t0+n*20_000_000))
	waitFor(t, "delivery after release", 5*time.Second, func() bool {
		d := src.Stats().Devices["slow"]
		return d.Messages == n+1 && d.Samples == 2*(d.Messages-d.Dropped)
	})
	if d := src.Stats().Devices["slow"].Dropped; d != dropped {
		t.Errorf("the message after release was dropped (%d → %d) with the queue drained", dropped, d)
	}
	stop()
	if got := col.get("slow"); got[len(got)-1].Acc[0] != n {
		t.Errorf("last sample %+v, want seq %d", got[len(got)-1], n)
	}
}

// ---- (8) Debian mosquitto ----

func TestMosquitto(t *testing.T) {
	addr := startMosquitto(t, "127.0.0.1:0", "persistence false\n")
	testGaitdJSONTwoDevices(t, "tcp://"+addr)
}

// TestMosquittoRetained: a broker's retained copy of a message — sent
// with the retain flag when a subscription is made, at start and on every
// reconnect's resubscription — is not live data and is not delivered.
// Delivered, a device that publishes with the retain flag had its last
// batch from before gaitd started analysed as the first of its stream (a
// gap to the live samples, or a run of stale data), and after every
// reconnect its latest batch came twice (the queued copy and the
// retained one; or, from a device gone quiet, an old batch refused as
// behind the clock). mosquitto clears the flag on live and queued
// messages (MQTT 3.1.1 §3.3.1.3), so every live batch still arrives once.
func TestMosquittoRetained(t *testing.T) {
	addr := startMosquitto(t, "127.0.0.1:0", "persistence false\n")
	pub := mustPublisher(t, "tcp://"+addr, "pub-retained", nil)
	t0 := int64(1_700_000_000_000_000_000)
	send := func(seq int) {
		t.Helper()
		if tok := pub.Publish("gait/ret/imu", 1, true, gaitdBatch("", seq, 10, t0+int64(seq)*100_000_000)); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("publish %d: %v", seq, tok.Error())
		}
	}
	send(0) // before the source starts: retained, stale
	g := newGate(t, addr)
	col := newCollector()
	src, _ := runSource(t, Config{Broker: "tcp://" + g.addr(), ClientID: "gaitd-retained"}, col, nil)
	waitSubscribed(t, src)
	send(1) // live
	waitFor(t, "the live batch", 5*time.Second, func() bool { return col.count("ret") >= 10 })

	g.shut()
	waitFor(t, "the source to lose the broker", 5*time.Second, func() bool { return !src.Stats().Connected })
	send(2) // queued for the source's session
	connects := src.Stats().Connects
	g.open()
	waitFor(t, "the reconnection", 15*time.Second, func() bool { st := src.Stats(); return st.Connects > connects && st.Subscribed })
	waitFor(t, "the queued batch", 5*time.Second, func() bool { return col.count("ret") >= 20 })
	time.Sleep(500 * time.Millisecond) // the retained copy of batch 2 comes after the subscription
	var seqs []float64
	got := col.get("ret")
	for i := 0; i < len(got); i += 10 {
		seqs = append(seqs, got[i].Acc[0])
	}
	// QoS 1 is at least once: a live batch may come twice (its PUBACK on
	// its way when the gate cut the connection, or a slow reconnect
	// subscribing again), and the hub drops such repeats by their
	// timestamps (gaitd_duplicate_samples_total). Under -race in CI
	// batch 1 came twice once, and once a third live message and a third
	// retained copy came. What must hold: the live batches, in order,
	// each at least once, batch 0's stored copy never, and at least the
	// two retained copies (batch 0 at start, batch 2 after the reconnect)
	// ignored rather than delivered.
	if !slices.Equal(slices.Compact(slices.Clone(seqs)), []float64{1, 2}) {
		t.Errorf("batches delivered %v, want 1 then 2 (each live batch, a repeat allowed; no retained copy)", seqs)
	}
	if len(seqs) > 2 {
		t.Logf("batches delivered %v: a live batch redelivered", seqs)
	}
	if st := src.Stats(); st.Retained < 2 || st.Devices["ret"].Messages < 2 {
		t.Errorf("retained copies ignored %d, want 2 or more (batch 0 at start, batch 2 after the reconnect); messages %+v", st.Retained, st.Devices)
	}
}

// mosquitto is a Debian mosquitto process started by startMosquitto.
type mosquitto struct {
	cmd  *exec.Cmd
	logs *lockedBuffer
	done chan struct{} // closed when the process has exited
}

// lockedBuffer is an io.Writer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startMosquitto runs mosquitto on addr (port 0: a free port) with the
// extra configuration lines, until the test ends; it returns the address.
// It fails the test when mosquitto is missing and GAITD_REQUIRE_MOSQUITTO
// is set (CI), and skips it otherwise.
func startMosquitto(t *testing.T, addr, extra string) string {
	t.Helper()
	addr, _ = startMosquittoProc(t, addr, extra, t.TempDir())
	return addr
}

func startMosquittoProc(t *testing.T, addr, extra, dir string) (string, *mosquitto) {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		// Debian installs it in /usr/sbin, off a normal user's PATH
		if _, serr := os.Stat("/usr/sbin/mosquitto"); serr == nil {
			bin, err = "/usr/sbin/mosquitto", nil
		}
	}
	if err != nil {
		if os.Getenv("GAITD_REQUIRE_MOSQUITTO") != "" {
			t.Fatal("mosquitto not installed, but GAITD_REQUIRE_MOSQUITTO is set (.ci/run installs it)")
		}
		t.Skip("mosquitto not installed (apt-get install mosquitto; .ci/run does)")
	}
	if addr, err = freeAddr(addr); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	conf := filepath.Join(dir, "mosquitto.conf")
	if err := os.WriteFile(conf, []byte("listener "+port+" 127.0.0.1\nallow_anonymous true\n"+extra), 0o600); err != nil {
		t.Fatal(err)
	}
	m := &mosquitto{cmd: exec.Command(bin, "-c", conf), logs: &lockedBuffer{}, done: make(chan struct{})}
	m.cmd.Stdout, m.cmd.Stderr = m.logs, m.logs
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = m.cmd.Wait(); close(m.done) }()
	t.Cleanup(func() {
		_ = m.cmd.Process.Kill()
		<-m.done
		if t.Failed() {
			t.Logf("mosquitto output:\n%s", m.logs.String())
		}
	})
	if err := waitListening(addr, 5*time.Second); err != nil {
		t.Fatalf("mosquitto: %v\n%s", err, m.logs.String())
	}
	return addr, m
}

// stop ends mosquitto with SIGTERM, as systemctl stop does: with
// persistence on, it saves its sessions and queued messages first.
func (m *mosquitto) stop(t *testing.T) {
	t.Helper()
	if err := m.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		t.Fatal("mosquitto did not stop within 10 s of SIGTERM")
	}
}

// TestMosquittoRestart restarts a mosquitto with persistence (as Debian
// ships it) mid-stream while a QoS 1 publisher keeps publishing. The source
// reaches the broker through a gate the test holds shut after the restart,
// so the publisher's queued messages reach the restarted broker while the
// source is away, every time: the broker kept the source's persistent
// session and subscription and queues them for it, and every sample
// arrives once the gate opens. (With persistence off the same test loses
// those samples.)
func TestMosquittoRestart(t *testing.T) {
	dir := t.TempDir()
	// user root: run as root (CI), mosquitto would switch to its own user,
	// which cannot write the test's directory; as another user it is a no-op.
	extra := "persistence true\npersistence_location " + dir + "/\nuser root\n"
	addr, m := startMosquittoProc(t, "127.0.0.1:0", extra, dir)
	broker := "tcp://" + addr
	g := newGate(t, addr)

	col := newCollector()
	src, _ := runSource(t, Config{Broker: "tcp://" + g.addr(), ClientID: "gaitd-restart"}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-restart", func(o *paho.ClientOptions) {
		o.SetCleanSession(false).SetAutoReconnect(true).SetConnectRetry(true).
			SetConnectRetryInterval(50 * time.Millisecond).SetMaxReconnectInterval(100 * time.Millisecond)
	})
	const batches = 60
	t0 := int64(1_700_000_000_000_000_000)
	send := func(i int) paho.Token {
		return pub.Publish("gait/persist/imu", 1, false, gaitdBatch("", i, 10, t0+int64(i)*100_000_000))
	}
	for i := range batches / 3 {
		if tok := send(i); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("publish %d: %v", i, tok.Error())
		}
	}
	waitFor(t, "the first third", 5*time.Second, func() bool { return col.count("persist") >= 10*batches/3 })

	g.shut()
	m.stop(t)
	waitFor(t, "the source to see the broker go", 5*time.Second, func() bool { return !src.Stats().Connected })
	// (a publish racing the publisher's own discovery of the lost
	// connection fails its token instead of waiting in the store)
	waitFor(t, "the publisher to see the broker go", 5*time.Second, func() bool { return !pub.IsConnectionOpen() })
	var pending []paho.Token
	for i := batches / 3; i < 2*batches/3; i++ { // queued by the publisher while the broker is down
		pending = append(pending, send(i))
	}
	reconnects := src.Stats().Reconnects
	if addr2, _ := startMosquittoProc(t, addr, extra, dir); addr2 != addr {
		t.Fatalf("restarted on %s, want %s", addr2, addr)
	}
	for i, tok := range pending {
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("queued publish %d: %v", i, tok.Error())
		}
	}
	for i := 2 * batches / 3; i < batches; i++ { // published to the restarted broker
		if tok := send(i); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("publish %d: %v", i, tok.Error())
		}
	}
	// the broker has every message; the source has not been back
	if st := src.Stats(); st.Connected || st.Reconnects != reconnects {
		t.Fatalf("the source reached the broker through a shut gate: %+v", st)
	}
	g.open()
	waitFor(t, "every sample", 15*time.Second, func() bool { return distinctT(col.get("persist")) == 10*batches })
	if src.Stats().Reconnects <= reconnects {
		t.Errorf("source reconnects %d → %d", reconnects, src.Stats().Reconnects)
	}
}

// gate is a TCP relay to a broker that the test can shut: while shut it
// drops new connections and the ones it carries.
type gate struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	closed bool
	conns  []net.Conn
}

func newGate(t *testing.T, target string) *gate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); g.shut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			g.mu.Lock()
			closed := g.closed
			g.mu.Unlock()
			if closed {
				c.Close()
				continue
			}
			b, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			g.mu.Lock()
			g.conns = append(g.conns, c, b)
			g.mu.Unlock()
			go func() { io.Copy(b, c); b.Close() }()
			go func() { io.Copy(c, b); c.Close() }()
		}
	}()
	return g
}

func (g *gate) addr() string { return g.ln.Addr().String() }

func (g *gate) shut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	for _, c := range g.conns {
		c.Close()
	}
	g.conns = nil
}

func (g *gate) open() {
	g.mu.Lock()
	g.closed = false
	g.mu.Unlock()
}

// distinctT counts samples with distinct timestamps (QoS 1 may deliver a
// message twice).
func distinctT(ss []sensor.Sample) int {
	seen := map[float64]bool{}
	for _, s := range ss {
		seen[s.T] = true
	}
	return len(seen)
}

// ---- config ----

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string // substring naming the field; "" = valid
	}{
		{Config{Broker: "tcp://h:1883"}, ""},
		{Config{Broker: "ws://h:8000/mqtt", QoS: QoS0}, ""},
		{Config{}, "Broker"},
		{Config{Broker: "http://h"}, "Broker"},
		{Config{Broker: "tcp://h", Topics: []string{"a/#/b"}}, "Topics[0]"},
		{Config{Broker: "tcp://h", Topics: []string{"a/b+"}}, "Topics[0]"},
		{Config{Broker: "tcp://h", DeviceFrom: "gait/imu"}, "DeviceFrom"},
		{Config{Broker: "tcp://h", QoS: 3}, "QoS"},
		{Config{Broker: "tcp://h", Username: "u", PasswordFile: "f", PasswordEnv: "E"}, "PasswordFile"},
		{Config{Broker: "tcp://h", PasswordEnv: "E"}, "Username"},
		{Config{Broker: "tcp://h", CertFile: "c"}, "KeyFile"},
		{Config{Broker: "tcp://h", MaxDevices: -1}, "MaxDevices"},
		{Config{Broker: "tcp://h", Forget: -time.Second}, "Forget"},
		{Config{Broker: "tcp://h", Queue: -1}, "Queue"},
		// a user name in the URL is fine; a password would be shown
		// wherever the URL is (logs, metrics labels): refused, and not
		// repeated in the error
		{Config{Broker: "tcp://alice@h:1883"}, ""},
		{Config{Broker: "tcp://alice:s3cretpw@h:1883"}, "Broker: tcp://alice@h:1883: a password in the URL is refused"},
		// the errors the URL's other faults give do not show it either
		{Config{Broker: "tcp://alice:s3cretpw@"}, `Broker: "tcp://alice:xxxxx@" has no host`},
		{Config{Broker: "tcp://alice:s3cretpw@h:abc"}, `Broker: "tcp://alice:xxxxx@h:abc" is not a URL`},
	} {
		if err := tc.cfg.Validate(); err != nil && strings.Contains(err.Error(), "s3cretpw") {
			t.Errorf("%s: the error shows the password: %v", tc.cfg.Broker, err)
		}
		err := tc.cfg.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.cfg, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one naming %s", tc.cfg, err, tc.want)
		}
	}
	d := Config{}.withDefaults()
	host, _ := os.Hostname()
	if d.ClientID != "gaitd-"+host || !reflect.DeepEqual(d.Topics, []string{DefaultTopic}) ||
		d.QoS != 1 || d.MaxDevices != 64 || d.Queue != 256 || d.CleanSession {
		t.Errorf("defaults: %+v", d)
	}
}

func TestDeviceFrom(t *testing.T) {
	for _, tc := range []struct {
		pattern, topic, want string
		ok                   bool
	}{
		{"", "gait/shoe-l/imu", "shoe-l", true},
		{"", "sensor-logger", "sensor-logger", true},
		{"gait/{device}/imu", "gait/shoe-l/imu", "shoe-l", true},
		{"gait/{device}/imu", "gait/shoe-l/raw", "", false},
		{"gait/{device}/imu", "gait/shoe-l/imu/x", "", false},
		{"gait/{device}/imu", "gait/shoe-l", "", false},
		{"+/{device}/#", "x/esp32/a/b", "esp32", true},
		// a final # matches its parent level (MQTT 3.1.1 §4.7.1.2)
		{"+/{device}/#", "x/esp32", "esp32", true},
		{"gait/{device}/#", "gait/shoe", "shoe", true},
		{"{device}/#", "shoe", "shoe", true},
		{"gait/{device}/#", "gait", "", false},
		{"gait/{device}/#", "gait/", "", false},
		{"{device}", "sensor-logger", "sensor-logger", true},
		{"sensors/{device}", "sensors/", "", false},
	} {
		p, err := parseDeviceFrom(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := p.device(tc.topic)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q on %q = %q, %v; want %q, %v", tc.pattern, tc.topic, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStartBrokerErrors(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	if _, err := StartBroker(BrokerConfig{TCP: b.Addr()}, nil); err == nil {
		t.Error("second broker on a taken TCP address started")
	}
	if _, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0", WebSocket: b.Addr()}, nil); err == nil {
		t.Error("broker with a taken WebSocket address started")
	}
	if _, err := StartBroker(BrokerConfig{TCP: "127.0.0.1:0", Users: map[string]string{"u": ""}}, nil); err == nil {
		t.Error("user without password accepted")
	}
}

// freeAddr checks that addr can be listened on and resolves port 0 to a
// free port. (A port resolved so could be taken by another process before
// it is bound.)
func freeAddr(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	a := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", err
	}
	return a, nil
}

// waitListening dials addr until it accepts or the timeout passes.
func waitListening(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not listening: %w", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
