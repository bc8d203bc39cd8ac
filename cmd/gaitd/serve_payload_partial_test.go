package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeHTTPPushBadEntryKept: 5 s of Sensor Logger batches of 10
// samples POSTed to --http-push, one of them with a null value in one
// entry: its 9 other samples reach the device's run (gaitd_samples_total
// 499 of the 500 sent) and the bad entry is one decode error, logged with
// its index in the message. Before, the decoder refused the whole batch:
// 490 samples, its 10 lost (the hole bridged), one decode error.
func TestServeHTTPPushBadEntryKept(t *testing.T) {
	h, _, logs := startServe(t, []string{"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	const (
		batches  = 50
		badBatch = 20
		bad      = 4 // the entry of batch badBatch with a null
	)
	for m := range batches {
		var msg strings.Builder
		fmt.Fprintf(&msg, `{"messageId":%d,"sessionId":"s1","deviceId":"p","payload":[`, m)
		for i := range 10 {
			if i > 0 {
				msg.WriteString(",")
			}
			x := "0.1"
			if m == badBatch && i == bad {
				x = "null" // (JSON.stringify's NaN)
			}
			fmt.Fprintf(&msg, `{"name":"totalacceleration","time":%d,"values":{"x":%s,"y":0.2,"z":9.8}}`, int64(1_700_000_000_000_000_000)+int64(10*m+i)*10_000_000, x)
		}
		msg.WriteString("]}")
		if code, text := post(t, "http://"+h+"/api/push/phone", []byte(msg.String())); code != 200 {
			t.Fatalf("batch %d: %d %q", m, code, text)
		}
	}
	samples := regexp.MustCompile(`gaitd_samples_total\{device="phone"\} (\d+)`)
	errs := regexp.MustCompile(`gaitd_decode_errors_total\{device="phone"\} (\d+)`)
	var m string
	for deadline := time.Now().Add(4 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m = metricsText(t, h)
		if s, e := samples.FindStringSubmatch(m), errs.FindStringSubmatch(m); s != nil && s[1] == "499" && e != nil && e[1] == "1" {
			break
		}
	}
	s, e := samples.FindStringSubmatch(m), errs.FindStringSubmatch(m)
	if s == nil || s[1] != "499" || e == nil || e[1] != "1" {
		t.Fatalf("samples %q, decode errors %q; want 499 (500 sent, 1 bad), 1:\n%s\n%s", s, e, m, logs)
	}
	if want := fmt.Sprintf("payload[%d].values.x: null", bad); !strings.Contains(logs.String(), want) {
		t.Errorf("log does not name the bad entry (%s):\n%s", want, logs)
	}
}
