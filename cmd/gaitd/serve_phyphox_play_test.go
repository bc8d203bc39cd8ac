package main

import (
	"math"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// TestServePhyphoxPlayAfterLocate: phyphox's clear empties the buffers
// and stops the experiment; its clock reads 0 from when play is pressed
// again, not from when serve found it empty. The gap between two
// experiments is the time between the last sample of the one and the
// first of the other: a rest after a clear (found empty at once) was
// lost — the new experiment dated from the poll that found it empty, its
// samples spliced onto the old ones —, and a first experiment found
// empty and started later made the next gap longer by that wait.
func TestServePhyphoxPlayAfterLocate(t *testing.T) {
	for _, tc := range []struct {
		name        string
		before, gap time.Duration // wait before the first play; rest between clear and the second play
	}{
		{"rest after a clear", 0, 3 * time.Second},
		{"first played late", 3 * time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			phone := phyphoxtest.New(t, phyphox.DefaultBuffers)
			src, err := phyphox.New(phyphox.Config{URL: phone.URL, Interval: 10 * time.Millisecond}, nil)
			if err != nil {
				t.Fatal(err)
			}
			pr := runPhoneTest(t, src, 15*time.Second, nil)
			wait := pr.wait
			// play: 1 s of samples as the phone measures them (the
			// experiment's clock from 0 at play); it returns the wall
			// time of the first and last samples
			play := func(n int) (first, last time.Time) {
				phone.SetMeasuring(true)
				start := time.Now()
				for i := range n {
					time.Sleep(time.Until(start.Add(time.Duration(i) * 10 * time.Millisecond)))
					phone.Add(float64(i)/100, 0, 0, 9.81)
					if i == 0 {
						first = time.Now()
					}
				}
				return first, time.Now()
			}
			if tc.before > 0 {
				// found empty and stopped, as phyphox opens an
				// experiment, and played a while later
				phone.SetMeasuring(false)
				wait("the empty experiment located", func() bool { return src.Stats().Polls >= 2 })
				time.Sleep(tc.before)
			}
			_, last1 := play(100)
			wait("the first experiment", func() bool { return pr.count() == 100 })
			// clear: empty and stopped; found empty, then played again
			phone.SetMeasuring(false)
			phone.Clear()
			wait("the clear found", func() bool { return src.Stats().Sessions == 2 })
			time.Sleep(tc.gap)
			first2, _ := play(100)
			wait("the second experiment", func() bool { return pr.count() == 200 })
			got := pr.samples()
			gap := got[100].T - got[99].T
			want := first2.Sub(last1).Seconds()
			t.Logf("gap %.3f s, want %.3f s", gap, want)
			if math.Abs(gap-want) > 1.2 {
				t.Errorf("gap %.3f s between the experiments, want the %.3f s between the last sample of the first and the first of the second (±1.2)", gap, want)
			}
		})
	}
}
