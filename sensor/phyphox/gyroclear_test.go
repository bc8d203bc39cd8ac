package phyphox_test

import (
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor/phyphox"
	"github.com/gaitd/gaitd/sensor/phyphox/phyphoxtest"
)

// TestRunGyroClearedBeforeAcc: an experiment whose gyroscope had readings
// and whose accelerometer had none yet (the two sensors start apart)
// cleared in the app and started again: the gyroscope's cursor stayed at
// the last reading of the experiment before, so the new one's readings
// up to that time were skipped, and its first samples took no rate of
// their own. The clear is found by the gyroscope's last time fallen back,
// a new session said, and every sample takes its rate.
func TestRunGyroClearedBeforeAcc(t *testing.T) {
	p := phyphoxtest.New(t, phyphox.DefaultBuffers).WithGyro(phyphox.DefaultGyro)
	for i := range 400 { // 2 s of the gyroscope, no acceleration yet
		p.AddGyro(float64(i)/200, 7, 7, 7)
	}
	src, c, stop := run(t, phyphox.Config{URL: p.URL, Gyro: phyphox.DefaultGyro})
	waitFor(t, "a few polls", func() bool { return src.Stats().Polls >= 5 })
	p.Clear()
	addGyro(p, 0, 0, 100) // the new experiment's first 0.5 s, both sensors
	add(p, 0, 0, 40)
	time.Sleep(50 * time.Millisecond)
	addGyro(p, 0, 100, 400)
	add(p, 0, 40, 190)
	waitFor(t, "190 samples", func() bool { ss, _, _ := c.snapshot(); return len(ss) >= 190 })
	time.Sleep(50 * time.Millisecond)
	stop()
	ss, sessions, errs := c.snapshot()
	t.Logf("%d samples, %d new sessions, errors %v, stats %+v", len(ss), sessions, errs, src.Stats())
	if len(ss) != 190 || len(errs) != 0 {
		t.Fatalf("%d samples, errors %v", len(ss), errs)
	}
	checkGyro(t, ss)
	if st := src.Stats(); st.GyroHeld != 0 || sessions != 1 {
		t.Errorf("%d given the last rate held, %d new sessions; want 0, 1", st.GyroHeld, sessions)
	}
}
