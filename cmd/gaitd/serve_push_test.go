package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/serial/serialtest"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
)

// post POSTs body to url and returns the status and the reply's text.
func post(t *testing.T, url string, body []byte, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The recording of TestServeMQTTMatchesAnalyze POSTed to --http-push with
// no broker at all (gaitd-binary batches of 10 samples, each pair of
// batches sent in the wrong order, as HTTP requests can arrive) gives
// exactly the events and summary of `gaitd analyze` on its CSV, and the
// run names its source.
func TestServeHTTPPushMatchesAnalyze(t *testing.T) {
	ss, layout, sum, events := float32Run(t)
	var o serveOptions
	o.mqtt.httpPush = true
	rec, steps, logs := servedRunLogs(t, o, "belt-7", int64(len(ss)), func(h, broker string) {
		if broker != "" {
			t.Errorf("a broker at %s", broker)
		}
		url := "http://" + h + "/api/push/belt-7"
		var batches [][]byte
		for k := 0; k < len(ss); k += 10 {
			batches = append(batches, binaryBatch(t, nil, layout, ss, k))
		}
		for i := 0; i < len(batches); i += 2 {
			for _, j := range []int{i + 1, i} {
				if j >= len(batches) {
					continue
				}
				if code, text := post(t, url, batches[j]); code != http.StatusOK || text != "ok\n" {
					t.Fatalf("batch %d: %d %q", j, code, text)
				}
			}
			time.Sleep(time.Millisecond)
		}
	})
	sameAsAnalyze(t, rec, steps, sum, events)
	if want := "http format=gaitd-binary acc="; !strings.HasPrefix(rec.Input, want) {
		t.Errorf("run input %q, want it to start %q", rec.Input, want)
	}
	if !strings.Contains(logs, `msg="HTTP push on: anyone who can reach the listener can push samples"`) {
		t.Errorf("the open endpoint is not said:\n%s", logs)
	}
}

// TestServeHTTPPushRefusals: what --http-push refuses gets a status and a
// reason a phone app can show (a bad name, a serial device's name, a
// message over 1 MiB, a compressed body); a message that does not decode
// is taken, then counted as the device's decode error; Sensor Logger's
// JSON is read; without --http-push there is no such endpoint.
func TestServeHTTPPushRefusals(t *testing.T) {
	master, path := serialtest.PTY(t)
	ss, _ := simRun(t, 20)
	wit, _, _ := witAnalyzed(t, ss)
	var o serveOptions
	o.serial.cfg.Device, o.serial.cfg.Format, o.serial.cfg.Rate = path, "witmotion", 100
	o.mqtt.httpPush = true
	serialName := deviceName(path)
	servedRunBeside(t, o, serialName, []string{"phone"}, int64(len(ss))-2, func(h, _ string) {
		go master.Write(wit)
		base := "http://" + h + "/api/push/"
		// Sensor Logger's push, 5 messages of 1 s: m/s², ns since the
		// epoch, 100 Hz (first: the device's decode errors count under
		// its name once it has sent samples, as over MQTT)
		for m := range 5 {
			var msg strings.Builder
			fmt.Fprintf(&msg, `{"messageId":%d,"sessionId":"s1","deviceId":"p","payload":[`, m)
			for i := range 100 {
				if i > 0 {
					msg.WriteString(",")
				}
				fmt.Fprintf(&msg, `{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":0.2,"z":9.8}}`, int64(1_700_000_000_000_000_000)+int64(100*m+i)*10_000_000)
			}
			msg.WriteString("]}")
			if code, text := post(t, base+"phone", []byte(msg.String())); code != 200 {
				t.Errorf("sensor logger: %d %q", code, text)
			}
		}
		samples := regexp.MustCompile(`gaitd_samples_total\{device="phone"\} (\d+)`)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if m := samples.FindStringSubmatch(metricsText(t, h)); m != nil && m[1] != "0" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no sample of the phone analysed:\n%s", metricsText(t, h))
			}
		}
		for _, tc := range []struct {
			device string
			body   []byte
			header []string
			code   int
			text   string
		}{
			{"bad!name", []byte("{}"), nil, 400, `gaitd: device name "bad!name": want 1–64 letters`},
			{strings.Repeat("a", 65), []byte("{}"), nil, 400, "want 1–64 letters"},
			{serialName, []byte("{}"), nil, 409, fmt.Sprintf("gaitd: device %q is the source serial:%s: push under another name", serialName, serialName)},
			{"phone", make([]byte, 1<<20+1), nil, 413, "gaitd: message over 1048576 bytes: send smaller batches"},
			{"phone", []byte("x"), []string{"Content-Encoding", "gzip"}, 415, `gaitd: Content-Encoding "gzip": send the message uncompressed`},
			{"phone", []byte(`{"messageId":1,"payload":[`), nil, 200, "ok"},
			// Sensor Logger shows the text of a 499 alone
			{serialName, []byte(`{"messageId":3,"sessionId":"s","payload":[]}`), nil, 499, fmt.Sprintf("gaitd: device %q is the source serial:%s", serialName, serialName)},
		} {
			code, text := post(t, base+tc.device, tc.body, tc.header...)
			if code != tc.code || !strings.Contains(text, tc.text) {
				t.Errorf("%.20s: %d %q, want %d %q", tc.device, code, text, tc.code, tc.text)
			}
		}
		// the two bad names and the serial device's name (twice) are
		// unrouted, as over MQTT
		m := metricsText(t, h)
		if !strings.Contains(m, "gaitd_mqtt_unrouted_messages_total 4\n") {
			t.Errorf("want 4 unrouted messages:\n%s", m)
		}
		if problems, err := promlint.New(strings.NewReader(m)).Lint(); err != nil || len(problems) > 0 {
			t.Errorf("/metrics lint: %v %+v", err, problems)
		}
		// every reply counted by its status (the 5 messages of 1 s and
		// the malformed one taken)
		for code, n := range map[int]int{200: 6, 400: 2, 409: 1, 413: 1, 415: 1, 499: 1, 503: 0} {
			if want := fmt.Sprintf("gaitd_http_push_requests_total{code=\"%d\"} %d\n", code, n); !strings.Contains(m, want) {
				t.Errorf("want %s in:\n%s", want, m)
			}
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			m := metricsText(t, h)
			if strings.Contains(m, `gaitd_decode_errors_total{device="phone"} 2`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("want the phone's 2 decode errors (the message over 1 MiB, the malformed one):\n%s", m)
			}
		}
		// (the serial device's run is the one servedRun reads: the phone's
		// 0.5 s make no run)
	})

	// without --http-push, no endpoint
	o = serveOptions{}
	o.mqtt.listen = "127.0.0.1:0"
	servedRun(t, o, "belt-1", 100, func(h, broker string) {
		if code, _ := post(t, "http://"+h+"/api/push/belt-1", []byte("{}")); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
			t.Errorf("POST without --http-push: %d", code)
		}
		c := mqttPublisher(t, broker, "test-publisher")
		defer c.Disconnect(100)
		ss, layout := simRun(t, 20)
		for k := 0; k < len(ss); k += 10 {
			publish(t, c, "gait/belt-1/imu", binaryBatch(t, nil, layout, ss, k))
		}
	})
}

// TestServeHTTPPushReady: once serve is ready (o.ready) a push is taken.
// The client-less source's Run, started in a goroutine, had often not
// begun yet (beside a serial device, 6 starts in 20): the first push was
// refused, 503 "not running".
func TestServeHTTPPushReady(t *testing.T) {
	for i := range 20 {
		_, path := serialtest.PTY(t)
		h, _, logs := startServe(t, []string{"--serial", path, "--format", "witmotion", "--rate", "100",
			"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
		body := fmt.Appendf(nil, `{"messageId":0,"sessionId":"s1","deviceId":"p","payload":[{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":0.2,"z":9.8}}]}`, int64(1_700_000_000_000_000_000))
		if code, text := post(t, "http://"+h+"/api/push/phone", body); code != http.StatusOK {
			t.Fatalf("start %d: the first push after ready: %d %q\n%s", i, code, text, logs)
		}
	}
}

// TestServeHTTPPushDeviceLimitSerial: serial devices take their places
// among --max-devices from the start, so a push of a device beyond the
// places left is refused with 503: it was taken (200 ok) and its samples
// then refused by the hub ("device refused" in the log only).
func TestServeHTTPPushDeviceLimitSerial(t *testing.T) {
	_, path := serialtest.PTY(t)
	h, _, logs := startServe(t, []string{"--serial", path, "--format", "witmotion", "--rate", "100", "--max-devices", "2",
		"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	msg := func(m int) []byte {
		var b strings.Builder
		fmt.Fprintf(&b, `{"messageId":%d,"sessionId":"s1","deviceId":"p","payload":[`, m)
		for i := range 10 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":0.2,"z":9.8}}`, int64(1_700_000_000_000_000_000)+int64(10*m+i)*10_000_000)
		}
		b.WriteString("]}")
		return []byte(b.String())
	}
	base := "http://" + h + "/api/push/"
	if code, text := post(t, base+"phone-a", msg(0)); code != http.StatusOK {
		t.Fatalf("first phone: %d %q", code, text)
	}
	code, text := post(t, base+"phone-b", msg(0))
	if code != statusSensorLogger || !strings.Contains(text, "limit") {
		t.Errorf("a phone beyond --max-devices 2 (one serial device): %d %q, want 499 (Sensor Logger's) and the device limit\n%s", code, text, logs)
	}
}

// TestServeHTTPPushTooLargeRefused: a message over 1 MiB is answered 413
// whatever else refuses it: beyond the device limit it was answered 503
// with Retry-After, asking for the same message again, which can never be
// taken.
func TestServeHTTPPushTooLargeRefused(t *testing.T) {
	h, _, logs := startServe(t, []string{"--max-devices", "1", "--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	base := "http://" + h + "/api/push/"
	body := fmt.Appendf(nil, `{"messageId":0,"sessionId":"s1","deviceId":"p","payload":[{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":0.2,"z":9.8}}]}`, int64(1_700_000_000_000_000_000))
	if code, text := post(t, base+"phone-a", body); code != http.StatusOK {
		t.Fatalf("first phone: %d %q", code, text)
	}
	if code, text := post(t, base+"phone-b", make([]byte, 1<<20+1)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a message over 1 MiB of a device beyond the limit: %d %q, want 413\n%s", code, text, logs)
	}
}

// TestServeHTTPPushRefusalLogged: the log line of a push no device takes
// (beyond the device limit) names where it came from, the device's URL:
// it said topic=http, with no device named.
func TestServeHTTPPushRefusalLogged(t *testing.T) {
	h, _, logs := startServe(t, []string{"--max-devices", "1", "--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	base := "http://" + h + "/api/push/"
	body := fmt.Appendf(nil, `{"messageId":0,"sessionId":"s1","deviceId":"p","payload":[{"name":"totalacceleration","time":%d,"values":{"x":0.1,"y":0.2,"z":9.8}}]}`, int64(1_700_000_000_000_000_000))
	if code, text := post(t, base+"phone-a", body); code != http.StatusOK {
		t.Fatalf("first phone: %d %q", code, text)
	}
	// (a Sensor Logger message: refused with 499, the status the app
	// shows the text of; any other would be 503)
	if code, text := post(t, base+"phone-b", body); code != statusSensorLogger || !strings.Contains(text, "beyond the limit of 1 devices") {
		t.Fatalf("second phone: %d %q, want 499", code, text)
	}
	if code, _ := post(t, base+"phone-b", []byte("t,ax,ay,az\n0,0,0,9.8\n")); code != http.StatusServiceUnavailable {
		t.Fatalf("second phone, csv: %d, want 503", code)
	}
	if l := logs.String(); !strings.Contains(l, `topic=/api/push/phone-b reason="a new device beyond the limit of 1 devices"`) {
		t.Errorf("the refusal does not name the device's URL:\n%s", l)
	}
}

// TestServeHTTPPushForgetAfterShorterThanIdle: with --forget-after shorter
// than --idle, a device gone quiet with its run still open keeps its
// pipeline as long as the hub holds it: a new device beyond the limit is
// refused (503) until the run is written and the device forgotten, then
// taken — before, the pipeline was forgotten first and the new device's
// push answered 200 ok while the hub, still holding the old device,
// refused its samples.
func TestServeHTTPPushForgetAfterShorterThanIdle(t *testing.T) {
	ss, layout, _, _ := float32Run(t)
	h, _, logs := startServe(t, []string{"--max-devices", "1", "--idle", "5s", "--forget-after", "3s",
		"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	pushHeldThenNew(t, h, logs, len(ss), "belt-a", func(k int) []byte { return binaryBatch(t, nil, layout, ss, k) },
		"belt-b", binaryBatch(t, nil, layout, ss, 0))
}

// pushHeldThenNew pushes n samples (20 s at most, as batches of 10 samples
// from k) to /api/push/urlA, device belt-a, on serve h run with
// --max-devices 1, --idle 5s and --forget-after 3s; waits 4 s, beyond
// --forget-after, within --idle; and checks that a push of one batch b
// to /api/push/urlB (device belt-b) is refused 503 until belt-a's run is
// written and the device forgotten, then taken and analysed, no samples
// of a push answered 200 refused.
func pushHeldThenNew(t *testing.T, h string, logs *syncLog, n int, urlA string, batchA func(k int) []byte, urlB string, b []byte) {
	t.Helper()
	base := "http://" + h + "/api/push/"
	n = min(n, 2000) // 20 s: a run is open
	for k := 0; k < n; k += 10 {
		if code, text := post(t, base+urlA, batchA(k)); code != http.StatusOK {
			t.Fatalf("belt-a batch %d: %d %q", k/10, code, text)
		}
	}
	samples := func(device string) string {
		m := regexp.MustCompile(`gaitd_samples_total\{device="` + device + `"\} (\d+)`).FindStringSubmatch(metricsText(t, h))
		if m == nil {
			return ""
		}
		return m[1]
	}
	for deadline := time.Now().Add(10 * time.Second); samples("belt-a") != fmt.Sprint(n); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("belt-a: %q samples analysed, want %d\n%s", samples("belt-a"), n, logs)
		}
	}
	if devs := devices(t, h); len(devs) != 1 || devs[0].Device != "belt-a" || !devs[0].Running {
		t.Fatalf("devices: %+v, want belt-a running", devs)
	}
	start := time.Now()
	time.Sleep(4 * time.Second) // beyond --forget-after, within --idle
	code, text := post(t, base+urlB, b)
	if time.Since(start) < 5*time.Second && code != http.StatusServiceUnavailable {
		t.Fatalf("a new device while belt-a's run is open: %d %q, want 503 (the device limit)\n%s", code, text, logs)
	}
	// once belt-a's run is written (5 s without contacts) and belt-a
	// forgotten, belt-b is taken and analysed
	for deadline := time.Now().Add(15 * time.Second); code != http.StatusOK; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("belt-b never taken: %d %q\n%s", code, text, logs)
		}
		code, text = post(t, base+urlB, b)
	}
	for deadline := time.Now().Add(10 * time.Second); samples("belt-b") != "10"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("belt-b: %q samples analysed, want 10\n%s", samples("belt-b"), logs)
		}
	}
	if l := logs.String(); strings.Contains(l, "device refused") {
		t.Errorf("samples of a push answered 200 refused:\n%s", l)
	}
}

// TestServeHTTPPushPayloadDeviceForgetAfter is the same with
// --payload-device: the hub holds the payload's device, not the URL's, and
// a pipeline whose payloads named a device the hub holds is kept (it was
// forgotten, the URL's name not held: a new device's push was answered
// 200 and its samples refused).
func TestServeHTTPPushPayloadDeviceForgetAfter(t *testing.T) {
	ss, _, _, _ := float32Run(t)
	h, _, logs := startServe(t, []string{"--max-devices", "1", "--idle", "5s", "--forget-after", "3s", "--payload-device",
		"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	// gaitd-json batches of 10 samples from k, naming device
	batch := func(device string, k int) []byte {
		var acc, gyr []string
		for _, s := range ss[k:min(k+10, len(ss))] {
			acc = append(acc, fmt.Sprintf("[%g,%g,%g]", s.Acc[0], s.Acc[1], s.Acc[2]))
			gyr = append(gyr, fmt.Sprintf("[%g,%g,%g]", s.Gyr[0], s.Gyr[1], s.Gyr[2]))
		}
		return fmt.Appendf(nil, `{"device":%q,"t0_ns":%d,"rate_hz":100,"unit":"mps2","gyr_unit":"rads","acc":[%s],"gyr":[%s]}`,
			device, int64(k)*1e7, strings.Join(acc, ","), strings.Join(gyr, ","))
	}
	pushHeldThenNew(t, h, logs, len(ss), "pod-1", func(k int) []byte { return batch("belt-a", k) }, "pod-2", batch("belt-b", 0))
}

// TestPipelineDevices: a pipeline keeps the last max devices its payloads
// named, the latest last, each once; held forgets a pipeline whose devices
// the hub holds none of.
func TestPipelineDevices(t *testing.T) {
	p := newPipelineDevices(2)
	for _, d := range []string{"a", "b", "a", "a", "c"} {
		p.add("pod", d)
	}
	if got := p.by["pod"]; !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("pod's devices %v, want [a c]", got)
	}
	if p.held("pod", nil) || len(p.by) != 0 {
		t.Errorf("held with no hub; left %v", p.by)
	}
}
