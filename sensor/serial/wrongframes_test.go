package serial

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestWrongFramesHint: a port configured for one binary format that
// receives another's frames (a BNO08x in UART-RVC mode on a witmotion
// port, a WitMotion BLE bridge on an rvc one) said only "lost frame sync"
// every few seconds, as line noise would: the log now names the frames it
// sends, once, as it does for text lines.
func TestWrongFramesHint(t *testing.T) {
	frames := map[string]func(int) []byte{FormatWitMotion: witCycle, FormatRVC: rvcFrame, FormatWitBLE: witBLEFrame}
	for _, tc := range []struct{ port, sends string }{
		{FormatWitMotion, FormatRVC},
		{FormatWitMotion, FormatWitBLE},
		{FormatRVC, FormatWitMotion},
		{FormatWitBLE, FormatWitMotion},
		{FormatWitMotion, FormatWitMotion},
	} {
		t.Run(tc.port+"/"+tc.sends, func(t *testing.T) {
			m, path := mustPTY(t)
			logs := new(lockedLog)
			src, err := Open(Config{Device: path, Format: tc.port, Rate: 100}, slog.New(slog.NewTextHandler(logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- src.Run(ctx, func(sensor.Sample) {}, nil) }()
			var stream []byte
			for i := range 600 {
				stream = append(stream, frames[tc.sends](i)...)
			}
			if err := <-writeAll(t, m, stream); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 3*time.Second, "the stream read", func() bool { return src.Stats().Bytes >= int64(len(stream)) })
			time.Sleep(50 * time.Millisecond)
			cancel()
			<-done
			got := logs.String()
			hint := "the port sends " + tc.sends + " frames, not " + tc.port + " frames: is it --format " + tc.sends + "?"
			want := 1
			if tc.port == tc.sends {
				want, hint = 0, "the port sends"
			}
			if n := strings.Count(got, hint); n != want {
				t.Errorf("%q logged %d times, want %d:\n%s", hint, n, want, got)
			}
		})
	}
}
