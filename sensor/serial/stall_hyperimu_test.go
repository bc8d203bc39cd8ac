package serial

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// hyperIMUPacket is a HyperIMU packet with the device's MAC address and
// no time (timed by its count), m/s².
func hyperIMUPacket(n int) []byte {
	return fmt.Appendf(nil, "aa:bb:cc:dd:ee:ff,0.1,-0.2,%.3f#", 9.8+3*math.Sin(2*math.Pi*float64(n)/55))
}

// TestStallHoldHyperIMUSerial: a HyperIMU stream on a serial port (count
// timed) whose reads stop within stallHold of a silence has its hold
// released when the hold ends by the wall time, even when bytes that
// make no line come in between (the start of the next packet, its MAC
// address: the line reader above the port reads again for the rest).
// The serial read timeout was relative to each read of the port and set
// once for the session's read, so the line reader's second read waited
// the whole timeout again from the bytes' arrival: the hold ran on that
// much past its end.
func TestStallHoldHyperIMUSerial(t *testing.T) {
	m, path := mustPTY(t)
	cfg := stallConfig(path, FormatHyperIMU)
	cfg.Text.Columns, cfg.Text.Lookahead = []string{"ax", "ay", "az"}, 8
	r := mustRun(t, cfg)
	f := &stallFeeder{t: t, m: m, frame: hyperIMUPacket}
	f.paced(150)
	time.Sleep(time.Second)
	resumed := f.paced(30)
	// the next packet's start, just before the hold's end (stallHold
	// after the silence)
	time.Sleep(time.Until(resumed.Add(stallHold - 100*time.Millisecond)))
	f.write([]byte("aa:bb:cc:dd:ee:ff,"))
	want := 180
	for r.c.count() < want && time.Since(resumed) < 4*time.Second {
		time.Sleep(5 * time.Millisecond)
	}
	took := time.Since(resumed)
	t.Logf("%d of %d samples delivered %.2f s after the silence", r.c.count(), want, took.Seconds())
	if r.c.count() < want || took > stallHold+250*time.Millisecond {
		t.Errorf("%d of %d samples delivered %.2f s after the silence, want all within %v", r.c.count(), want, took.Seconds(), stallHold+250*time.Millisecond)
	}
	if st := r.src.Stats(); st.Stalls != 1 || st.Reconnects != 0 {
		t.Errorf("Stats %+v, want 1 stall, no reconnection", st)
	}
}
