package mqtt_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/mqtt"
)

// An embedded broker, a Source subscribed to it, and a device publishing
// one gaitd-json batch.
func Example() {
	b, err := mqtt.StartBroker(mqtt.BrokerConfig{TCP: "127.0.0.1:0"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer b.Close()
	src, err := mqtt.New(mqtt.Config{Broker: "tcp://" + b.Addr(), ClientID: "gaitd-example", Topics: []string{"gait/+/imu"}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 1)
	done := make(chan error)
	go func() {
		done <- src.Run(ctx, func(device string, p *sensor.Payload) {
			got <- fmt.Sprintf("%s: %d samples, %s, first at %.2f s", device, len(p.Samples), p.Format, p.Samples[0].T)
		}, nil)
	}()
	for !src.Stats().Subscribed {
		time.Sleep(10 * time.Millisecond)
	}
	pub := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + b.Addr()).SetClientID("esp32-belt"))
	pub.Connect().Wait()
	pub.Publish("gait/belt-1/imu", 1, false, `{"t0_ns":1500000000,"rate_hz":100,"unit":"g","acc":[[0,0,1],[0,0.1,1.2]]}`).Wait()
	fmt.Println(<-got)
	pub.Disconnect(50)
	cancel()
	<-done
	// Output:
	// belt-1: 2 samples, gaitd-json, first at 1.50 s
}

// A Source without an MQTT client takes messages from another transport,
// such as an HTTP handler, through Deliver: the same per-device pipelines,
// decoders and limits.
func ExampleSource_Deliver() {
	src, err := mqtt.New(mqtt.Config{NoClient: true, Name: "http"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 1)
	done := make(chan error)
	go func() {
		done <- src.Run(ctx, func(device string, p *sensor.Payload) {
			got <- fmt.Sprintf("%s: %d samples, %s", device, len(p.Samples), p.Format)
		}, nil)
	}()
	msg := []byte(`{"messageId":1,"sessionId":"s","payload":[` +
		`{"name":"totalacceleration","time":1700000000000000000,"values":{"x":0,"y":0,"z":9.8}},` +
		`{"name":"totalacceleration","time":1700000000010000000,"values":{"x":0,"y":0.5,"z":9.9}}]}`)
	for {
		err = src.Deliver("phone-1", "http", msg)
		if !errors.Is(err, mqtt.ErrRefused) { // (until Run has started)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(err, <-got)
	cancel()
	<-done
	// Output:
	// <nil> phone-1: 2 samples, sensorlogger
}
