package sensorserver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gorilla/websocket"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sensorserver"
)

// Reading a phone: here a WebSocket server that sends two accelerometer
// events as SensorServer does.
func Example() {
	up := websocket.Upgrader{}
	phone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte(`{"values":[0.31,-0.97,9.79],"timestamp":3925657519043709,"accuracy":3}`))
		c.WriteMessage(websocket.TextMessage, []byte(`{"values":[0.33,-0.95,9.83],"timestamp":3925657529043709,"accuracy":3}`))
		c.ReadMessage()
	}))
	defer phone.Close()
	src, err := sensorserver.New(sensorserver.Config{URL: "ws" + strings.TrimPrefix(phone.URL, "http")}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	var got []sensor.Sample
	done := make(chan error)
	go func() {
		done <- src.Run(ctx, func(ss []sensor.Sample) {
			got = append(got, ss...)
			if len(got) == 2 {
				cancel()
			}
		}, nil, nil)
	}()
	<-done
	fmt.Printf("%d samples, %.2f s apart, first %v m/s²\n", len(got), got[1].T-got[0].T, got[0].Acc)
	// Output:
	// 2 samples, 0.01 s apart, first [0.31 -0.97 9.79] m/s²
}
