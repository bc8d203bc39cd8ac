package runs

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gaitd/gaitd/gait"
)

// TestRecorderWriteFailureNoMerge: a run whose write fails (a full disk;
// here a file where the device's folder goes) ends where it ended — at the
// pause, the stop, the clock restart — and is written later as it was; the
// contacts after its end go to the next run. The failed run was kept open
// instead, and took every contact until the write succeeded: the 60 s and
// 30 s bouts 40 s apart (Idle 10 s) came out as one run of 255 steps and
// 130 s, a stop's run took the steps after the stop, and a clock restart
// refused the new clock's samples for as long as the disk stayed full.
func TestRecorderWriteFailureNoMerge(t *testing.T) {
	ss, layout := session(t) // 60 s run, 40 s standing, 30 s run
	for _, tc := range []struct {
		name string
		// broken tells whether the device's folder is unwritable at the
		// i-th sample; stopAt, when > 0, stops the run before that
		// sample, quietAt tells the Recorder of a silence of Idle there
		// (a device that buffered through an outage, then sent on)
		broken          func(i int, t float64) bool
		stopAt, quietAt int
		shift           func(i int) float64 // added to sample i's time
		// want: the steps of each run, oldest first (±5)
		want []int
	}{
		{name: "pause", broken: func(i int, t float64) bool { return t < 105 }, want: []int{170, 85}},
		{name: "stop", broken: func(i int, t float64) bool { return t < 45 }, stopAt: 3000, want: []int{85, 85, 85}},
		{name: "silence", broken: func(i int, t float64) bool { return t < 45 }, quietAt: 3000, want: []int{85, 85, 85}},
		{name: "clock restart", broken: func(i int, t float64) bool { return i < 2000+1500 }, shift: func(i int) float64 {
			if i < 2000 {
				return 3600
			}
			return 0
		}, want: []int{57, 170, 85}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			wall := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
			r, err := NewRecorder(Config{DataDir: dir, Device: "d", Engine: gait.Config{Placement: gait.Waist}, Layout: layout, Idle: 10 * time.Second,
				Clock: clock(), Now: func() time.Time { return wall }})
			if err != nil {
				t.Fatal(err)
			}
			blocker := filepath.Join(dir, "d")
			input := ss
			if tc.shift != nil {
				// 20 s on a clock at 3600 s, then the device reboots:
				// the whole session on a clock from 0
				input = append(append(input[:0:0], ss[:2000]...), ss...)
			}
			for i, s := range input {
				if tc.shift != nil {
					s.T += tc.shift(i)
				}
				if tc.broken(i, s.T) {
					os.WriteFile(blocker, nil, 0o644)
				} else {
					os.Remove(blocker)
				}
				if i == tc.stopAt && tc.stopAt > 0 {
					r.Stop() // (fails: kept for a retry)
				}
				if i == tc.quietAt && tc.quietAt > 0 {
					r.Quiet(10 * time.Second) // (fails: kept for a retry)
				}
				wall = wall.Add(10 * time.Millisecond)
				r.Push(s) // (write errors: kept for a retry)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			recs, err := List(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for i := len(recs) - 1; i >= 0; i-- {
				got = append(got, recs[i].Steps)
			}
			ok := len(got) == len(tc.want)
			for i := range got {
				ok = ok && i < len(tc.want) && got[i] >= tc.want[i]-5 && got[i] <= tc.want[i]+5
			}
			if !ok {
				t.Errorf("runs of %v steps, want %v (±5)", got, tc.want)
			}
			if st := r.Stats(); st.Rejected != 0 {
				t.Errorf("%d samples refused", st.Rejected)
			}
			if r.WriteFailures() == 0 {
				t.Error("no write failed: the test does not test")
			}
		})
	}
}
