package serial

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// witAccOnly is a WitMotion cycle set to acceleration alone: one frame.
func witAccOnly(n int) []byte { return witCycle(n)[:11] }

// TestStallEarly: a count-timed stream whose device pauses 1.5 s right at
// the start — after its first frame, inside WitMotion's look-ahead for
// gyro frames (up to 8 cycles of a sensor set to acceleration alone), or
// inside a text decoder's lookahead (the first second of lines by
// default) — resumes after a gap of the pause, as a later pause does. The
// samples before the pause came out only after it (a frame is taken once
// the next header arrives; the look-ahead and the lookahead hold theirs),
// so the watcher had no sample before the silence and spliced the two
// sides. And an acceleration-only WitMotion cycle comes out two frames
// after its own (its frame confirmed by the next header, its cycle closed
// by the next frame): its last sample before any pause was dated after it,
// the gap put one sample early. Samples are now dated by the arrival of
// their own bytes (the binary decoder's SampleEnd; a text row's line).
func TestStallEarly(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format string
		from   int // frames before the pause
		frame  func(n int) []byte
	}{
		{"witmotion after the first cycle", FormatWitMotion, 1, witCycle},
		{"witmotion acc-only in the look-ahead", FormatWitMotion, 4, witAccOnly},
		{"witmotion acc-only later", FormatWitMotion, 150, witAccOnly},
		{"witmotion-ble after the first frame", FormatWitBLE, 1, witBLEFrame},
		{"text in the default lookahead", FormatText, 30, textLine},
		{"text in a lookahead of 8 lines", FormatText, 4, textLine},
		{"text after the first line", FormatText, 1, textLine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				cfg := stallConfig(path, tc.format)
				if tc.from == 30 {
					cfg.Text.Lookahead = 0 // about 1 s of lines
				}
				r := mustRun(t, cfg)
				const silent = 150
				total := 300 + silent
				at := device(t, m, total, tc.from, tc.from+silent, 0, tc.frame)
				return func() {
					waitFor(t, 3*time.Second, "the samples", func() bool { return r.c.count() >= 295 })
					time.Sleep(50 * time.Millisecond)
					ss := r.c.collected()
					wall := at[tc.from+silent].Sub(at[tc.from-1]).Seconds()
					var jump float64
					for i, d := range jumps(ss) {
						if i != tc.from {
							t.Errorf("sample %d (T %.3f): T step %.3f s", i, ss[i].T, d)
							continue
						}
						jump = d
					}
					t.Logf("T moved on by %.3f s across a silence of %.3f s", jump, wall)
					if math.Abs(jump-wall) > 0.15 {
						t.Errorf("T after sample %d moved on by %.3f s, want the silence, %.3f s ± 0.15", tc.from-1, jump, wall)
					}
					if st := r.src.Stats(); st.Stalls != 1 {
						t.Errorf("Stalls = %d, want 1", st.Stalls)
					}
				}
			})
		})
	}
}

// TestStallEarlyTextOrder: a text lookahead held to be dated keeps a bad
// line among its samples in its place: out and bad are called in stream
// order (the bad line was reported before the samples of the lines before
// it).
func TestStallEarlyTextOrder(t *testing.T) {
	m, path := mustPTY(t)
	src, err := Open(stallConfig(path, FormatText), nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- src.Run(ctx, func(s sensor.Sample) {
			mu.Lock()
			events = append(events, fmt.Sprintf("%.2f", s.T))
			mu.Unlock()
		}, func(err error) {
			mu.Lock()
			events = append(events, "bad")
			mu.Unlock()
		})
	}()
	defer func() { cancel(); <-done }()
	device(t, m, 40, 40, 40, 0, func(n int) []byte {
		if n == 3 {
			return []byte("0.01,oops,1\r\n")
		}
		return textLine(n)
	})
	waitFor(t, 3*time.Second, "the samples", func() bool { mu.Lock(); defer mu.Unlock(); return len(events) >= 38 })
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(events[:6], " "); got != "0.00 0.01 0.02 bad 0.04 0.05" {
		t.Errorf("events %s, want the bad line in its place: 0.00 0.01 0.02 bad 0.04 0.05", got)
	}
}
