package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// A phone running phyphox ("Acceleration with g", m/s², remote access on)
// polled by serve while it records gives exactly the events and summary
// of `gaitd analyze` on the same samples as a CSV; the run names the phone.
func TestServePhyphoxMatchesAnalyze(t *testing.T) {
	ss, _ := simRun(t, 60)
	var csv strings.Builder
	csv.WriteString("t,ax,ay,az\n")
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i := range ss {
		ss[i].T = float64(i) / 100
		fmt.Fprintf(&csv, "%s,%s,%s,%s\n", f(ss[i].T), f(ss[i].Acc[0]), f(ss[i].Acc[1]), f(ss[i].Acc[2]))
	}
	sum, events := analyzedSI(t, csv.String())

	phone := phyphoxtest.New(t, phyphox.DefaultBuffers)
	var o serveOptions
	o.phone.cfg.URL, o.phone.device = phone.URL, "phone-1"
	rec, steps, logs := servedRunLogs(t, o, "phone-1", int64(len(ss)), func(h, _ string) {
		// about 20× real time: 20 samples every 10 ms
		for k := 0; k < len(ss); k += 20 {
			for _, s := range ss[k:min(k+20, len(ss))] {
				phone.Add(s.T, s.Acc[0], s.Acc[1], s.Acc[2])
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	sameEvents(t, rec, steps, sum, events)
	if want := "phyphox:" + phone.URL + " buffers=acc_time,accX,accY,accZ acc=x,y,z gyro=none rate=100.0Hz frame=sensor"; rec.Input != want || rec.BadLines != 0 {
		t.Errorf("run input %q, want %q; bad lines %d", rec.Input, want, rec.BadLines)
	}
	if !strings.Contains(logs, `msg="phyphox connected"`) {
		t.Errorf("no connection logged:\n%s", logs)
	}
}

// With --phyphox-gyro, the experiment's gyroscope buffers come with the
// acceleration (here at the accelerometer's times, filled in chunks of
// their own): serve's run is exactly analyze's on a CSV with the rates.
func TestServePhyphoxGyroMatchesAnalyze(t *testing.T) {
	ss, _ := simRun(t, 60)
	var csv strings.Builder
	csv.WriteString("t,ax,ay,az,gx,gy,gz\n")
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i := range ss {
		ss[i].T = float64(i) / 100
		s := ss[i]
		fmt.Fprintf(&csv, "%s,%s,%s,%s,%s,%s,%s\n", f(s.T), f(s.Acc[0]), f(s.Acc[1]), f(s.Acc[2]), f(s.Gyr[0]), f(s.Gyr[1]), f(s.Gyr[2]))
	}
	sum, events := analyzedSI(t, csv.String())

	phone := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	var o serveOptions
	o.phone.cfg.URL, o.phone.device, o.phone.cfg.Gyro = phone.URL, "phone-1", phyphox.DefaultGyro
	rec, steps, _ := servedRunLogs(t, o, "phone-1", int64(len(ss)), func(h, _ string) {
		// the gyroscope's chunks 7 samples behind the accelerometer's,
		// each added first: a poll between the two adds, the
		// accelerometer's first, saw it 27 samples ahead, past the 0.1 s
		// a sample waits for its gyroscope reading, and the rate held
		// made serve's pelvis angles differ from analyze's (CI, under
		// load, once)
		for k := 0; k < len(ss)+7; k += 20 {
			for _, s := range ss[max(k-7, 0):min(k+13, len(ss))] {
				phone.AddGyro(s.T, s.Gyr[0], s.Gyr[1], s.Gyr[2])
			}
			for _, s := range ss[min(k, len(ss)):min(k+20, len(ss))] {
				phone.Add(s.T, s.Acc[0], s.Acc[1], s.Acc[2])
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	sameEvents(t, rec, steps, sum, events)
	if want := "phyphox:" + phone.URL + " buffers=acc_time,accX,accY,accZ gyro=gyr_time,gyrX,gyrY,gyrZ acc=x,y,z gyro=x,y,z rate=100.0Hz frame=sensor"; rec.Input != want || rec.BadLines != 0 {
		t.Errorf("run input %q, want %q; bad lines %d", rec.Input, want, rec.BadLines)
	}
}

// TestServePhyphoxOptions: a phone's options are checked before serve
// starts, named by the flag or the config file's key; its default device
// name comes from its address.
func TestServePhyphoxOptions(t *testing.T) {
	for _, tc := range []struct {
		url, device string
		buffers     [4]string
		want        string
	}{
		{"192.168.1.20:8080", "", [4]string{}, `serve: --phyphox: URL "192.168.1.20:8080": want the address the app shows, such as http://192.168.1.20:8080`},
		{"http://phone:8080", "bad name", [4]string{}, `serve: --phyphox: device name "bad name": want 1–64 letters, digits, '.', '-' or '_'`},
		// the flag given (it said "serve: --phyphox: phyphox: Buffers[1]")
		{"http://phone:8080", "", [4]string{"acc_time", " accX", "accY", "accZ"}, `serve: --phyphox-buffers: Buffers[1] " accX": want a buffer name of the experiment, such as accX`},
		{"http://phone:8080", "", [4]string{}, `serve: --phyphox-gyro: Gyro[0] "acc_time": Buffers[0]'s name too: the gyroscope's buffers are its own, such as gyr_time,gyrX,gyrY,gyrZ`},
	} {
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		o.dataDir, o.listen, o.maxDevices, o.window, o.idle = t.TempDir(), "127.0.0.1:0", 4, 20, time.Minute
		o.phone.cfg.URL, o.phone.device, o.phone.cfg.Buffers = tc.url, tc.device, tc.buffers
		if strings.Contains(tc.want, "--phyphox-gyro") {
			o.phone.cfg.Gyro = [4]string{"acc_time", "gyrX", "gyrY", "gyrZ"}
		}
		if err := serve(t.Context(), o, &strings.Builder{}); err == nil || err.Error() != tc.want {
			t.Errorf("%s %q: %v, want %q", tc.url, tc.device, err, tc.want)
		}
	}
	// each phone takes a device's place, and its own name
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	o.dataDir, o.listen, o.maxDevices, o.window, o.idle = t.TempDir(), "127.0.0.1:0", 1, 20, time.Minute
	o.phone.cfg.URL = "http://10.0.0.2:8080"
	o.phones = []phoneOptions{{cfg: phyphox.Config{URL: "http://10.0.0.3:8080"}}}
	if err := serve(t.Context(), o, &strings.Builder{}); err == nil || err.Error() != "serve: --max-devices 1: fewer than the 2 phones, which each take one" {
		t.Errorf("two phones, one place: %v", err)
	}
	o.maxDevices = 4
	o.phones[0].device = "phyphox-10.0.0.2"
	if err := serve(t.Context(), o, &strings.Builder{}); err == nil || !strings.Contains(err.Error(), `phyphox[0]: device name "phyphox-10.0.0.2" is http://10.0.0.2:8080's too`) {
		t.Errorf("one name twice: %v", err)
	}
	for url, want := range map[string]string{"http://192.168.1.20:8080": "phyphox-192.168.1.20", "http://[fe80::1]:80/": "phyphox-fe80--1"} {
		if got := phoneName(url); got != want {
			t.Errorf("phoneName(%s) = %s, want %s", url, got, want)
		}
	}
}
