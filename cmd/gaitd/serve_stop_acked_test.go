package main

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
)

// TestServeStopKeepsAcked: at an orderly stop (SIGTERM: serve's context
// done) the embedded broker acknowledges nothing it then loses. serve's
// MQTT client left at the signal, while the broker went on acknowledging
// QoS 1 batches from the phones until it closed, after the runs were
// written: those batches, acknowledged to their publishers (which then
// drop them), were in no run — a black-box round with 20 publishers at
// 10 batches/s lost the last acknowledged batch of 7 of them, 3 in
// another. Now the broker's publishers are disconnected first and serve's
// client takes what was acknowledged to them before it leaves; a batch not
// acknowledged stays with its publisher for the next serve.
func TestServeStopKeepsAcked(t *testing.T) {
	ss, layout := simRun(t, 30)
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.dataDir = t.TempDir()
	o.listen = "127.0.0.1:0"
	o.idle = time.Minute
	o.maxDevices = 16
	o.window = 20
	o.reorder = 250 * time.Millisecond
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	ready := make(chan string, 1)
	o.ready = func(_, b string) { ready <- b }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() { done <- serve(ctx, o, &logs) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	const phones = 8
	acked := make([]int, phones) // samples acknowledged, per phone
	var wg sync.WaitGroup
	started := make(chan struct{}, phones)
	for p := range phones {
		c := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + addr).SetClientID(fmt.Sprintf("phone-%d", p)).SetAutoReconnect(false))
		if tok := c.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("connect: %v", tok.Error())
		}
		wg.Go(func() {
			defer c.Disconnect(0)
			var buf []byte
			// 10× real time, until the broker is gone
			for k := 0; k+10 <= len(ss); k += 10 {
				buf, _ = sensor.AppendBinaryPayload(buf[:0], sensor.BinaryPayloadHeader{T0: 1_700_000_000_000_000_000 + int64(k)*1e7, Rate: layout.Rate, Gyro: true, Float32: true, Seq: -1}, ss[k:k+10])
				tok := c.Publish(fmt.Sprintf("gait/phone-%d/imu", p), 1, false, buf)
				if !tok.WaitTimeout(3*time.Second) || tok.Error() != nil {
					return
				}
				acked[p] = k + 10
				if k == 200 {
					started <- struct{}{}
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	for range phones {
		<-started
	}
	time.Sleep(300 * time.Millisecond)
	cancel() // SIGTERM
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	wg.Wait()
	recs, err := runs.List(o.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	end := map[string]float64{}
	for _, r := range recs {
		end[r.Device] = r.StartS + r.DurationS
	}
	lost := 0
	for p := range phones {
		dev := fmt.Sprintf("phone-%d", p)
		e, ok := end[dev]
		last := 1_700_000_000 + ss[acked[p]-1].T // the last sample acknowledged
		switch {
		case !ok:
			t.Errorf("%s: no run written", dev)
		case last > e+1e-3:
			lost++
			t.Errorf("%s: %d samples acknowledged to the publisher, up to %.2f s; the run ends at %.2f s: %.0f samples lost",
				dev, acked[p], last-1_700_000_000, e-1_700_000_000, (last-e)*layout.Rate)
		}
	}
	t.Logf("%d of %d phones lost acknowledged batches", lost, phones)
}
