package runs

import (
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestRecorderClockBackShort: a device clock that goes back by 0.6–3 s (a
// phone's NTP correction, a sensor rebooting) loses nothing: the run of
// the old clock is closed and the new clock starts the next, counted as a
// restart. The new clock's samples were held only while over ClockBack
// behind the newest analysed; it reached that time before it had the 2 s
// a restart needs, and the whole jump's worth was refused: 60, 100, 150,
// 200 and 300 samples at 100 Hz. The last 1.5 s sent again (a QoS 1
// redelivery) and the stream going on after them is no new clock: they are
// refused, and the run goes on as one analysis.
func TestRecorderClockBackShort(t *testing.T) {
	a, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Gyro: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	cfg := gait.Config{Placement: gait.Waist}
	for _, back := range []float64{0.6, 1, 1.5, 2, 3} {
		wall := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
		dir := t.TempDir()
		r, err := NewRecorder(Config{DataDir: dir, Device: "phone", Engine: cfg, Layout: layout, Idle: 10 * time.Second,
			Clock: clock(), Now: func() time.Time { return wall }})
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range a { // in real time; the clock goes back at 10 s
			if i >= 1000 {
				s.T -= back
			}
			wall = wall.Add(10 * time.Millisecond)
			if err := r.Push(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		recs, err := List(dir)
		if err != nil {
			t.Fatal(err)
		}
		st := r.Stats()
		t.Logf("back %v s: %d refused, %d restarts, %d runs", back, st.Rejected, r.Restarts(), len(recs))
		if st.Rejected != 0 || r.Restarts() != 1 || len(recs) != 2 {
			t.Errorf("back %v s: %d samples refused, %d restarts, %d runs; want 0, 1 and 2", back, st.Rejected, r.Restarts(), len(recs))
		}
	}

	// the last 1.5 s sent again, then the stream goes on
	want := analyzeAll(t, cfg, layout, a)
	for _, burst := range []bool{true, false} {
		wall := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
		var n int
		r, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "phone", Engine: cfg, Layout: layout, Idle: time.Minute,
			Clock: clock(), Now: func() time.Time { return wall }, OnContact: func(gait.Contact) { n++ }})
		if err != nil {
			t.Fatal(err)
		}
		push := func(ss []sensor.Sample, burst bool) {
			for _, s := range ss {
				if !burst {
					wall = wall.Add(10 * time.Millisecond)
				}
				if err := r.Push(s); err != nil {
					t.Fatal(err)
				}
			}
		}
		push(a[:1000], false)
		push(a[850:1000], burst)
		push(a[1000:], false)
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if st := r.Stats(); st.Rejected != 150 || r.Restarts() != 0 || n != len(want) {
			t.Errorf("redelivered (at once %v): %d refused, %d restarts, %d contacts; want 150, 0 and %d", burst, st.Rejected, r.Restarts(), n, len(want))
		}
	}
}

// TestRecorderLateFillNotHeld: late samples that fill a hole of the stream
// analysed (a broker restart's backlog, resent out of order), the last of
// them just before the newest analysed, are refused, and the on-time stream
// after them is analysed in the run: it goes on from them, and was held
// with them as a clock gone back, 2 s of it then taken for a restart (the
// run closed, the late second analysed again as the new clock's start).
func TestRecorderLateFillNotHeld(t *testing.T) {
	a, layout, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Gyro: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	cfg := gait.Config{Placement: gait.Waist}
	want := analyzeAll(t, cfg, layout, append(append([]sensor.Sample(nil), a[:900]...), a[1000:]...))
	wall := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	var n int
	r, err := NewRecorder(Config{DataDir: t.TempDir(), Device: "phone", Engine: cfg, Layout: layout, Idle: time.Minute,
		Clock: clock(), Now: func() time.Time { return wall }, OnContact: func(gait.Contact) { n++ }})
	if err != nil {
		t.Fatal(err)
	}
	push := func(ss []sensor.Sample) {
		for _, s := range ss {
			wall = wall.Add(10 * time.Millisecond)
			if err := r.Push(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	push(a[:900])
	push(a[1000:1002]) // 1 s missing: a gap
	push(a[900:1000])  // the missing second, late
	push(a[1002:])     // the stream goes on
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.Rejected != 100 || r.Restarts() != 0 || n != len(want) {
		t.Errorf("%d refused, %d restarts, %d contacts; want 100 (the late second), 0 and %d", st.Rejected, r.Restarts(), n, len(want))
	}
}
