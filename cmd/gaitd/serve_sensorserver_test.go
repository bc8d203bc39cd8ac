package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// An Android phone running SensorServer (its WebSocket server answered
// here as the app does: one JSON message per accelerometer event, m/s²,
// ns since boot) read by serve while it records gives exactly the events
// and summary of `gaitd analyze` on the same samples as a CSV.
func TestServeSensorServerMatchesAnalyze(t *testing.T) {
	ss, _ := simRun(t, 60)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var csv strings.Builder
	csv.WriteString("t,ax,ay,az\n")
	msgs := make([]string, len(ss))
	for i, s := range ss {
		ns := int64(7_200_000_000_000) + int64(i)*10_000_000 // two hours after boot
		tt := float64(ns) / 1e9
		fmt.Fprintf(&csv, "%s,%s,%s,%s\n", f(tt), f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]))
		msgs[i] = fmt.Sprintf(`{"values":[%s,%s,%s],"timestamp":%d,"accuracy":3,"type":"android.sensor.accelerometer"}`, f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), ns)
	}
	sum, events := analyzedSI(t, csv.String())

	up := websocket.Upgrader{}
	phone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sensors/connect" || r.URL.Query().Get("types") != `["android.sensor.accelerometer"]` {
			http.NotFound(w, r)
			return
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for k := 0; k < len(msgs); k += 20 { // about 20× real time
			for _, m := range msgs[k:min(k+20, len(msgs))] {
				if c.WriteMessage(websocket.TextMessage, []byte(m)) != nil {
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		c.ReadMessage() // (until serve goes)
	}))
	defer phone.Close()
	url := "ws" + strings.TrimPrefix(phone.URL, "http")

	var o serveOptions
	o.server.cfg.URL = url
	device := appName("sensorserver", url)
	rec, steps, logs := servedRunLogs(t, o, device, int64(len(ss)), func(string, string) {})
	sameEvents(t, rec, steps, sum, events)
	if want := "sensorserver:" + url + "/sensors/connect?types=%5B%22android.sensor.accelerometer%22%5D acc=x,y,z gyro=none rate=100.0Hz frame=sensor"; rec.Input != want || rec.BadLines != 0 {
		t.Errorf("run input %q, want %q; bad lines %d", rec.Input, want, rec.BadLines)
	}
	if !strings.Contains(logs, `msg="sensorserver connected"`) || device != "sensorserver-127.0.0.1" {
		t.Errorf("device %s; no connection logged:\n%s", device, logs)
	}
}
