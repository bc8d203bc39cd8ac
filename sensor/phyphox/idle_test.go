package phyphox

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestRunClosesIdleConnection: a server that keeps connections alive (the
// real app closes each) kept gaitd's idle connection open after Run
// returned, on the process's shared transport. Run now closes it.
func TestRunClosesIdleConnection(t *testing.T) {
	var mu sync.Mutex
	open := map[net.Conn]bool{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"buffer":{"accX":{"size":0,"updateMode":"partial","buffer":[]},"accY":{"size":0,"updateMode":"partial","buffer":[]},"accZ":{"size":0,"updateMode":"partial","buffer":[]},"acc_time":{"size":0,"updateMode":"partial","buffer":[]}},"status":{"session":"s1","measuring":true,"timedRun":false,"countDown":0}}`))
	}))
	srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch st {
		case http.StateNew:
			open[c] = true
		case http.StateClosed, http.StateHijacked:
			delete(open, c)
		}
	}
	srv.Start()
	defer srv.Close()
	src, err := New(Config{URL: srv.URL, Interval: 10 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	src.Run(ctx, func([]sensor.Sample) {}, nil, nil)
	if src.Stats().Polls == 0 {
		t.Fatal("no poll answered")
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		mu.Lock()
		n := len(open)
		mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connection(s) still open 2 s after Run returned", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
