package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/serial/serialtest"
)

// TestServeSerialPlotterLines: an Arduino printing Serial Plotter lines
// (AccelX:0.01,AccelY:-0.98,… in g and deg/s, no time: --rate), as
// Adafruit's plotter.ino does, streamed over a pseudo-terminal, gives
// exactly the events of `gaitd analyze --rate 100` on the same lines. Such
// lines did not count among the lookahead's data lines (they hold no
// plain number, and rows of NaN cells were kept out of the count), so the
// text reader waited for 1 MiB of them — nearly two minutes at 100 Hz —
// before its first sample: a 70 s stream gave no sample and no word (a
// black-box round).
func TestServeSerialPlotterLines(t *testing.T) {
	master, path := serialtest.PTY(t)
	ss, _ := simRun(t, 60)
	var text strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&text, "AccelX:%.4f,AccelY:%.4f,AccelZ:%.4f,GyroX:%.3f,GyroY:%.3f,GyroZ:%.3f\r\n",
			s.Acc[0]/sensor.G0, s.Acc[1]/sensor.G0, s.Acc[2]/sensor.G0, s.Gyr[0]*180/math.Pi, s.Gyr[1]*180/math.Pi, s.Gyr[2]*180/math.Pi)
	}
	b := []byte(text.String())
	sum, events := analyzed(t, "--rate", "100", writeTemp(t, "plotter.txt", text.String()))

	var o serveOptions
	o.serial.cfg.Device, o.serial.cfg.Format, o.serial.cfg.Rate = path, "text", 100
	rec, steps := servedRun(t, o, deviceName(path), int64(len(ss)), func(string, string) {
		go func() {
			// about 20× real time
			for k := 0; k < len(b); k += 9000 {
				if _, err := master.Write(b[k:min(k+9000, len(b))]); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	})
	sameAsAnalyze(t, rec, steps, sum, events)
}
