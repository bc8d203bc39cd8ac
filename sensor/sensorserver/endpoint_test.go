package sensorserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// TestSingleSensorEndpoint: the app's one-sensor endpoint,
// /sensor/connect?type=…, sends events without "type" (protocols.md §5).
// Such a URL was used as is and its events read as the accelerometer's,
// whatever the sensor: a gyroscope's rad/s (or linear acceleration,
// gravity left out) went to the engine as acceleration with gravity.
// The events are now the type the URL asks for, and a URL that does not
// ask for the accelerometer (or, with Config.Gyro, for the gyroscope) is
// refused, naming what it asks for.
func TestSingleSensorEndpoint(t *testing.T) {
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sensor/connect" {
			http.NotFound(w, r)
			return
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for i := range 100 {
			// untyped, as the one-sensor endpoint sends them
			msg := fmt.Sprintf(`{"values":[0.5,-0.25,0.125],"timestamp":%d,"accuracy":3}`, int64(5e12)+int64(i)*10_000_000)
			if c.WriteMessage(websocket.TextMessage, []byte(msg)) != nil {
				return
			}
		}
		c.ReadMessage()
	}))
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	one := func(typ string) string { return base + "/sensor/connect?type=" + typ }
	many := func(types ...string) string {
		return base + "/sensors/connect?types=" + url.QueryEscape(`["`+strings.Join(types, `","`)+`"]`)
	}
	for _, tc := range []struct {
		url  string
		gyro bool
		want string // in the error; "" none
	}{
		{one(Gyroscope), false, `asks for android.sensor.gyroscope, not android.sensor.accelerometer`},
		{one("android.sensor.linear_acceleration"), false, `asks for android.sensor.linear_acceleration, not android.sensor.accelerometer`},
		{one(Accelerometer), true, `asks for android.sensor.accelerometer, not android.sensor.gyroscope (Gyro)`},
		{many("android.sensor.linear_acceleration", Gyroscope), true, `not android.sensor.accelerometer`},
		{base + "/sensors/connect?types=accelerometer", false, `types "accelerometer": not a JSON list of sensor types`},
		{base + "/sensor/connect", false, `no type: want type=android.sensor.accelerometer`},
		{one(Accelerometer), false, ""},
		{many(Accelerometer, Gyroscope), true, ""},
		{base + "/other/path", false, ""}, // (used as is)
	} {
		err := Config{URL: tc.url, Gyro: tc.gyro}.Validate()
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s (gyro %v): %v, want %q", tc.url, tc.gyro, err, tc.want)
		}
	}

	// the accelerometer's one-sensor endpoint is read
	src, g, stop := run(t, Config{URL: one(Accelerometer)})
	waitFor(t, "100 samples", func() bool { return g.n() == 100 })
	stop()
	if s := g.ss[0]; s.Acc != [3]float64{0.5, -0.25, 0.125} || s.T != 5000 || len(g.bad) != 0 || src.Stats().Samples != 100 {
		t.Errorf("first sample %+v, bad %v, stats %+v", s, g.bad, src.Stats())
	}
}
