package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// A run that cannot be written (a full disk; here a file where the
// device's folder should be) is logged by the hub as an ERROR "writing
// run"; the MQTT source also logged "device refused" for it, though every
// sample was analysed and the run kept open for the retry (a black-box
// round with a full disk: one "device refused" warning beside 23 write
// errors).
func TestServeMQTTWriteErrorNotRefused(t *testing.T) {
	ss, layout := simRun(t, 30)
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.dataDir = t.TempDir()
	o.listen = "127.0.0.1:0"
	o.idle = 2 * time.Second
	o.maxDevices = 4
	o.window = 20
	o.reorder = 0 // samples go to the engine in the push that brings them
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := os.WriteFile(filepath.Join(o.dataDir, "belt-5"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	type addrs struct{ h, b string }
	ready := make(chan addrs, 1)
	o.ready = func(h, b string) { ready <- addrs{h, b} }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncLog
	done := make(chan error, 1)
	go func() { done <- serve(ctx, o, &logs) }()
	var a addrs
	select {
	case a = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	c := mqttPublisher(t, a.b, "test-publisher")
	defer c.Disconnect(100)
	var buf []byte
	for k := 0; k < len(ss); k += 10 {
		// 5 s on after 15 s, more than --idle: the run closes, and its
		// write fails
		t0 := int64(k) * 1e7
		if k >= 1500 {
			t0 += 5e9
		}
		var err error
		buf, err = sensor.AppendBinaryPayload(buf[:0], sensor.BinaryPayloadHeader{T0: t0, Rate: layout.Rate, Gyro: true, Float32: true, Seq: -1}, ss[k:min(k+10, len(ss))])
		if err != nil {
			t.Fatal(err)
		}
		publish(t, c, "gait/belt-5/imu", buf)
		time.Sleep(time.Millisecond / 2)
	}
	deadline := time.Now().Add(20 * time.Second)
	for deviceSamples(t, a.h) < int64(len(ss))-10 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d samples\n%s", deviceSamples(t, a.h), len(ss), logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	m := metricsText(t, a.h)
	cancel()
	<-done // (the run is lost at shutdown: an error)
	out := logs.String()
	if !strings.Contains(out, `msg="writing run" device=belt-5`) {
		t.Errorf("no write error logged:\n%s", out)
	}
	if strings.Contains(out, "device refused") {
		t.Errorf("a write error logged as the device refused:\n%s", grepLines(out, "device refused"))
	}
	if !strings.Contains(m, `gaitd_rejected_samples_total{device="belt-5"} 0`) || strings.Contains(m, `gaitd_run_write_errors_total{device="belt-5"} 0`) {
		t.Errorf("metrics:\n%s", grepLines(m, "belt-5"))
	}
}
