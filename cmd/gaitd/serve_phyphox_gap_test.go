package main

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// TestServePhyphoxClearedOutOfReachGap: an experiment cleared and started
// again while the phone was out of reach had measured for a while when
// the phone came back; its samples, read from its start, were placed
// after the last ones by the wall time until they arrived, so the gap was
// overstated by the new experiment's age and every sample of it dated
// that much late. The gap is now the time between the last sample before
// and the new experiment's start (when its clock read 0: the locate
// reply's arrival less its last time).
func TestServePhyphoxClearedOutOfReachGap(t *testing.T) {
	phone := phyphoxtest.New(t, phyphox.DefaultBuffers)
	src, err := phyphox.New(phyphox.Config{URL: phone.URL, Interval: 10 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lastAt time.Time // the delivery of the last sample of the first experiment
	pr := runPhoneTest(t, src, 10*time.Second, func(n int) {
		if n == 100 {
			lastAt = time.Now()
		}
	})
	count, wait := pr.count, pr.wait
	// 1 s measured as it is read
	start := time.Now()
	for i := range 100 {
		time.Sleep(time.Until(start.Add(time.Duration(i) * 10 * time.Millisecond)))
		phone.Add(float64(i)/100, 0, 0, 9.81)
	}
	wait("the first experiment", func() bool { return count() == 100 })
	phone.SetDown(true)
	wait("a failed poll", func() bool { return src.Stats().Errors > 0 })
	time.Sleep(300 * time.Millisecond)
	// cleared and started again out of reach: it measures on, and is
	// back after 2 s
	cleared := time.Now()
	phone.Clear()
	measured := make(chan int)
	go func() {
		i := 0
		down := true
		for ; count() < 300; i++ {
			due := cleared.Add(time.Duration(i) * 10 * time.Millisecond)
			time.Sleep(time.Until(due))
			phone.Add(0.0042+float64(i)/100, 0, 0, 9.81) // (a sensor's times: not those of before)
			// back after 2 s, once this feed is on its schedule: a feed
			// descheduled under load (0.7 s behind in one CI run) and
			// then catching up left the phone's clock that far behind the
			// wall clock when it came back, and its experiment's start,
			// read as the reply's arrival less its last time, that much
			// late — a delay of this writer, not of the source
			if down && i >= 200 && time.Since(due) < 10*time.Millisecond {
				phone.SetDown(false)
				down = false
			}
		}
		measured <- i
	}()
	n := <-measured
	wait("the new experiment", func() bool { return count() == 100+n })
	got := pr.samples()
	if src.Stats().Sessions != 2 {
		t.Fatalf("stats %+v; want 2 sessions", src.Stats())
	}
	gap := got[100].T - got[99].T
	// the last sample was delivered a poll after it was measured at most
	want := cleared.Sub(lastAt).Seconds() + 0.0042
	t.Logf("gap %.3f s; the phone cleared %.3f s after the last sample's delivery, back %.3f s after it", gap, want, time.Since(lastAt).Seconds())
	// (dated by their arrival, the samples were 2 s late: the new
	// experiment's age when the phone came back. The start read from a
	// reply's arrival is as late as the source's goroutine is in taking
	// it: 0.9 s once at a load of 7 on two cores with the race detector,
	// against 0.15 s allowed before. Half that age tells the two apart.)
	if math.Abs(gap-want) > 1 {
		t.Errorf("gap %.3f s between the experiments, want the %.3f s between the last sample and the new experiment's start (±1; dated by the samples' arrival it is 2 s longer)", gap, want)
	}
	for i := 101; i < len(got); i++ {
		if d := got[i].T - got[i-1].T; math.Abs(d-0.01) > 1e-9 {
			t.Fatalf("sample %d: step %v", i, d)
		}
	}
}

// phoneTest runs a phyphox source through runPhone, as serve does, for a
// test: the samples it pushes are kept; wait polls a condition.
type phoneTest struct {
	t     *testing.T
	src   *phyphox.Source
	limit time.Duration // how long wait waits
	mu    sync.Mutex
	got   []sensor.Sample
}

// runPhoneTest starts src through runPhone until the test ends (a bad
// record fails it); pushed, when not nil, is called with the number of
// samples after each push, under the lock.
func runPhoneTest(t *testing.T, src *phyphox.Source, limit time.Duration, pushed func(n int)) *phoneTest {
	p := &phoneTest{t: t, src: src, limit: limit}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runPhone(ctx, phoneStream{run: src.Run, began: src.Began}, func(ss []sensor.Sample) {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.got = append(p.got, ss...)
			if pushed != nil {
				pushed(len(p.got))
			}
		}, func(err error) { t.Errorf("bad: %v", err) })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return p
}

// count is the number of samples pushed so far.
func (p *phoneTest) count() int { p.mu.Lock(); defer p.mu.Unlock(); return len(p.got) }

// samples is a copy of the samples pushed so far.
func (p *phoneTest) samples() []sensor.Sample {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sensor.Sample(nil), p.got...)
}

// wait polls cond every 5 ms and fails the test, naming what, when it has
// not held within the limit.
func (p *phoneTest) wait(what string, cond func() bool) {
	p.t.Helper()
	for deadline := time.Now().Add(p.limit); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %s: %d samples, stats %+v", what, p.count(), p.src.Stats())
		}
	}
}
