package serial

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestRateMismatchLogged: a stream timed by its count whose samples arrive
// at another rate than the one given — a WitMotion set to 10 Hz read
// with --rate 100, a link that loses a fifth of its frames —
// has every time and duration off by that factor. It went unsaid (only
// silences of the port were weighed); the session now logs it once, with
// the rate the samples arrive at. A device paced at 100 Hz read at 100 Hz
// (and at 90: within 0.8–1.25) is not logged; read at 50 Hz or 200 Hz,
// WitMotion or text lines, it is, once.
func TestRateMismatchLogged(t *testing.T) {
	const msg = "serial stream's samples arrive at a rate other than the one they are timed at"
	for _, tc := range []struct {
		name   string
		format string
		rate   float64
		frame  func(n int) []byte
		warned bool
		look   int // the text decoder's lookahead, lines (0: its default)
	}{
		{"witmotion at its rate", FormatWitMotion, 100, witCycle, false, 0},
		{"witmotion at 90 Hz", FormatWitMotion, 90, witCycle, false, 0},
		{"witmotion at 50 Hz", FormatWitMotion, 50, witCycle, true, 0},
		{"witmotion-ble at 200 Hz", FormatWitBLE, 200, witBLEFrame, true, 0},
		{"text at 50 Hz", FormatText, 50, textLine, true, 0},
		// 3 s of lines held and handed out in one burst at the start: the
		// first window's T ran 8 s in 5 s of wall time
		{"text at its rate, 3 s lookahead", FormatText, 100, textLine, false, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			paced(t, func() func() {
				m, path := mustPTY(t)
				cfg := stallConfig(path, tc.format)
				cfg.Rate = tc.rate
				cfg.Text.Lookahead = tc.look
				logs := new(lockedLog)
				src, err := Open(cfg, slog.New(slog.NewTextHandler(logs, nil)))
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				n := 0
				go func() { done <- src.Run(ctx, func(sensor.Sample) { n++ }, nil) }()
				device(t, m, 1300, 1300, 1300, 0, tc.frame) // 13 s at 100 Hz, no silence
				return func() {
					time.Sleep(100 * time.Millisecond)
					cancel()
					<-done
					got := logs.String()
					want := map[bool]int{true: 1, false: 0}[tc.warned]
					if c := strings.Count(got, msg); c != want {
						t.Errorf("logged %d times, want %d:\n%s", c, want, got)
					}
					if tc.warned && !strings.Contains(got, "arriving_hz=100") && !strings.Contains(got, "arriving_hz=99.") && !strings.Contains(got, "arriving_hz=100.") {
						t.Errorf("arriving rate not about 100 Hz:\n%s", got)
					}
					if st := src.Stats(); st.Stalls != 0 || n < 1200 {
						t.Errorf("%d stalls, %d samples: want none, every sample", st.Stalls, n)
					}
				}
			})
		})
	}
}
