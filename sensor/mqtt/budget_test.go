package mqtt

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestQueuedBytesBudget: with consumers stuck, the queues of all devices
// together hold at most MaxQueuedBytes; messages beyond it are dropped and
// counted like those of a full queue, the budget is given back as messages
// are decoded, and every message that was queued is delivered.
func TestQueuedBytesBudget(t *testing.T) {
	b := mustBroker(t, BrokerConfig{})
	broker := "tcp://" + b.Addr()
	col := newCollector()
	col.block = make(chan struct{})
	released := false
	defer func() {
		if !released {
			close(col.block)
		}
	}()

	const (
		samples = 200 // per message: a few KiB, well over the pool's 512 bytes
		perDev  = 20
		queue   = 64 // never full: only the byte budget drops
	)
	devs := []string{"b0", "b1", "b2"}
	t0 := int64(1_700_000_000_000_000_000)
	msgs := map[string][][]byte{}
	lmin, lmax := int(^uint(0)>>1), 0
	for _, d := range devs {
		for i := range perDev {
			m := gaitdBatch("", i, samples, t0+int64(i)*2_000_000_000)
			msgs[d] = append(msgs[d], m)
			lmin, lmax = min(lmin, len(m)), max(lmax, len(m))
		}
	}
	budget := 10*lmax + lmax/2 // room for 10 messages, not 11
	src, stop := runSource(t, Config{Broker: broker, ClientID: "gaitd-test-budget", Queue: queue, MaxQueuedBytes: budget}, col, nil)
	waitSubscribed(t, src)

	// Watch the budget while publishing.
	var peak atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			if q := src.Stats().QueuedBytes; q > peak.Load() {
				peak.Store(q)
			}
			select {
			case <-done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	})

	pub := mustPublisher(t, broker, "pub-budget", nil)
	for i := range perDev {
		for _, d := range devs {
			publish(t, pub, "gait/"+d+"/imu", 1, msgs[d][i])
		}
	}
	total := uint64(len(devs) * perDev)
	waitFor(t, "all messages counted", 5*time.Second, func() bool {
		var n uint64
		for _, ds := range src.Stats().Devices {
			n += ds.Messages
		}
		return n == total
	})
	close(done)
	wg.Wait()

	st := src.Stats()
	var accepted, dropped uint64
	for _, d := range devs {
		ds := st.Devices[d]
		if ds.DecodeErrors != 0 {
			t.Errorf("%s: %+v: decode errors", d, ds)
		}
		accepted += ds.Messages - ds.Dropped
		dropped += ds.Dropped
	}
	if p := peak.Load(); p > int64(budget) || st.QueuedBytes > int64(budget) {
		t.Errorf("queued bytes peaked at %d (now %d), budget %d", p, st.QueuedBytes, budget)
	}
	// Each device's goroutine holds one decoded message in the blocked out;
	// its bytes are given back after decoding. The rest wait in the queues.
	if lo, hi := uint64(budget/lmax), uint64(budget/lmin+len(devs)); accepted < lo || accepted > hi {
		t.Errorf("%d messages accepted with budget %d (messages of %d–%d bytes), want %d…%d", accepted, budget, lmin, lmax, lo, hi)
	}
	if dropped != total-accepted || dropped == 0 {
		t.Errorf("dropped %d of %d, accepted %d", dropped, total, accepted)
	}
	// A drop happens only with more than budget-lmax queued; a goroutine
	// that took its first message after that gave back at most lmax.
	if st.QueuedBytes < int64(budget-(1+len(devs))*lmax) {
		t.Errorf("queued bytes %d: the budget %d is not used up", st.QueuedBytes, budget)
	}

	// Released: everything queued is delivered and the budget is free.
	close(col.block)
	released = true
	waitFor(t, "delivery", 5*time.Second, func() bool {
		var n int
		for _, d := range devs {
			n += col.count(d)
		}
		return n == int(accepted)*samples
	})
	waitFor(t, "budget given back", 5*time.Second, func() bool { return src.Stats().QueuedBytes == 0 })
	for _, d := range devs {
		publish(t, pub, "gait/"+d+"/imu", 1, gaitdBatch("", perDev, samples, t0+perDev*2_000_000_000))
	}
	waitFor(t, "delivery after release", 5*time.Second, func() bool {
		for _, d := range devs {
			if ds := src.Stats().Devices[d]; ds.Messages != perDev+1 || ds.Samples != (ds.Messages-ds.Dropped)*samples {
				return false
			}
		}
		return true
	})
	stop()
	if q := src.Stats().QueuedBytes; q != 0 {
		t.Errorf("%d bytes still charged after Run returned", q)
	}
}

// TestMaxQueuedBytesConfig: the default and a negative value.
func TestMaxQueuedBytesConfig(t *testing.T) {
	if c := (Config{}).withDefaults(); c.MaxQueuedBytes != DefaultMaxQueuedBytes || DefaultMaxQueuedBytes != 64<<20 {
		t.Errorf("default MaxQueuedBytes %d", c.MaxQueuedBytes)
	}
	err := Config{Broker: "tcp://localhost:1883", MaxQueuedBytes: -1}.Validate()
	if err == nil || !strings.Contains(err.Error(), "MaxQueuedBytes") {
		t.Errorf("negative MaxQueuedBytes: %v", err)
	}
}

// TestLargeBuffersNotPooled: a message too large for the pool is copied to
// an exact buffer (so it is charged at its size) that is not pooled.
func TestLargeBuffersNotPooled(t *testing.T) {
	big := make([]byte, 0, maxPooled+1)
	putBuf(&big)
	for range 100 {
		if bp := bufPool.Get().(*[]byte); cap(*bp) > maxPooled {
			t.Fatalf("a %d-byte buffer was pooled", cap(*bp))
		}
	}
}
