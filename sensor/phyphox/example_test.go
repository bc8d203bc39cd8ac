package phyphox_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// Polling a phone: here a test server that answers as phyphox does, with
// an experiment 2 s old (read from its start).
func Example() {
	phone := phyphoxtest.Start(phyphox.DefaultBuffers)
	defer phone.Close()
	for i := range 200 {
		phone.Add(float64(i)/100, 0.1, 0.2, 9.8)
	}
	src, err := phyphox.New(phyphox.Config{URL: phone.URL, Interval: 10 * time.Millisecond}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan []sensor.Sample, 1)
	go src.Run(ctx, func(ss []sensor.Sample) {
		got <- append([]sensor.Sample(nil), ss...)
		cancel()
	}, nil, nil)
	ss := <-got
	fmt.Printf("%d samples, %.2f to %.2f s, first %v m/s²\n", len(ss), ss[0].T, ss[len(ss)-1].T, ss[0].Acc)
	// Output:
	// 200 samples, 0.00 to 1.99 s, first [0.1 0.2 9.8] m/s²
}
