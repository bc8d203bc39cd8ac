package serial

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestAccRange: a WitMotion sensor set to ±8 g sends a[g]·32768/8; read
// at the protocol's default ±16 g every acceleration came out doubled
// (a 1 g stand read 2 g), and serve had no way to say the range (only
// analyze's --acc-range). Config.AccRange gives the frames' scale, over a
// real pseudo-terminal; 0 keeps ±16 g.
func TestAccRange(t *testing.T) {
	// 1 g on z at ±8 g: 4096 counts; BLE frames of 1 g written at ±8 g
	witFrames := func() []byte {
		var b []byte
		for range 50 {
			b = sensor.AppendWitFrame(b, 0x51, [4]int16{0, 0, 4096, 2500})
			b = sensor.AppendWitFrame(b, 0x52, [4]int16{})
		}
		return b
	}
	bleFrames := func() []byte {
		var b []byte
		for range 50 {
			b = sensor.AppendWitBLE(b, sensor.Sample{Acc: [3]float64{0, 0, sensor.G0}}, 8)
		}
		return b
	}
	for _, tc := range []struct {
		name   string
		format string
		frames func() []byte
		rng    float64
		wantG  float64
	}{
		{"witmotion ±8 g", FormatWitMotion, witFrames, 8, 1},
		{"witmotion default ±16 g", FormatWitMotion, witFrames, 0, 2},
		{"witmotion-ble ±8 g", FormatWitBLE, bleFrames, 8, 1},
		{"witmotion-ble default ±16 g", FormatWitBLE, bleFrames, 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, path := mustPTY(t)
			src, err := Open(Config{Device: path, Format: tc.format, Rate: 100, AccRange: tc.rng}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var got []sensor.Sample
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- src.Run(ctx, func(s sensor.Sample) { mu.Lock(); got = append(got, s); mu.Unlock() }, nil)
			}()
			if _, err := m.Write(tc.frames()); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				mu.Lock()
				n := len(got)
				mu.Unlock()
				if n >= 40 {
					break
				}
			}
			cancel()
			<-done
			mu.Lock()
			defer mu.Unlock()
			if len(got) < 40 {
				t.Fatalf("%d samples of 50", len(got))
			}
			for _, s := range got {
				if g := s.Acc[2] / sensor.G0; math.Abs(g-tc.wantG) > 1e-3 {
					t.Fatalf("az %.4f g, want %.0f g", g, tc.wantG)
				}
			}
		})
	}
	// text lines: the range is the clipping level from the first sample
	t.Run("text ±8 g", func(t *testing.T) {
		m, path := mustPTY(t)
		cfg := stallConfig(path, FormatText)
		cfg.AccRange = 8
		src, err := Open(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		n := 0
		go func() { done <- src.Run(ctx, func(sensor.Sample) { n++ }, nil) }()
		for k := range 30 {
			m.Write(textLine(k))
		}
		var l sensor.Layout
		var ok bool
		for deadline := time.Now().Add(5 * time.Second); !ok && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			l, ok = src.Layout()
		}
		cancel()
		<-done
		if !ok || math.Abs(l.ClipAcc-8*sensor.G0) > 1e-9 {
			t.Errorf("layout known %v, ClipAcc %v m/s², want %v", ok, l.ClipAcc, 8*sensor.G0)
		}
	})
	// the range must be one a WitMotion can be set to; a BNO08x's is fixed
	for _, c := range []Config{
		{Device: "/dev/ttyUSB0", Format: FormatWitMotion, Rate: 100, AccRange: 6},
		{Device: "/dev/ttyUSB0", Format: FormatRVC, AccRange: 8},
		{Device: "/dev/ttyUSB0", Format: FormatText, Rate: 100, AccRange: 0.5},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%s AccRange %v: valid", c.Format, c.AccRange)
		}
	}
}
