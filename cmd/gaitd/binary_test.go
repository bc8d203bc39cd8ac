package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

func clamp16(x float64) int16 {
	return int16(math.Max(-32768, math.Min(32767, math.Round(x))))
}

// TestAnalyzeWitMotionDump: a simulated run sent as WitMotion frames (as a
// WT901 at 100 Hz would, recorded from its serial port) gives the same
// contacts as the same run written as CSV.
func TestAnalyzeWitMotionDump(t *testing.T) {
	dir := t.TempDir()
	cfg := sim.Config{Activity: sim.Running, Duration: 30, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.5}, Seed: 101}
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var dump, csv bytes.Buffer
	csv.WriteString("t,ax,ay,az,gx,gy,gz\n")
	var x sensor.Sample
	for s.Read(&x) == nil {
		var a, g [4]int16
		for k := 0; k < 3; k++ {
			a[k] = clamp16(x.Acc[k] / sensor.G0 / 16 * 32768)
			g[k] = clamp16(x.Gyr[k] * 180 / math.Pi / 2000 * 32768)
		}
		a[3] = 2500 // temperature
		dump.Write(sensor.AppendWitFrame(nil, 0x51, a))
		dump.Write(sensor.AppendWitFrame(nil, 0x52, g))
		dump.Write(sensor.AppendWitFrame(nil, 0x53, [4]int16{}))
		// the CSV carries the same quantised values
		csv.WriteString(strings.Join([]string{
			ftoa(x.T), ftoa(float64(a[0]) * 16 / 32768), ftoa(float64(a[1]) * 16 / 32768), ftoa(float64(a[2]) * 16 / 32768),
			ftoa(float64(g[0]) * 2000 / 32768), ftoa(float64(g[1]) * 2000 / 32768), ftoa(float64(g[2]) * 2000 / 32768)}, ",") + "\n")
	}
	// a little line noise before and between frames
	raw := append([]byte{0x00, 0x55, 0x13}, dump.Bytes()...)
	bin, txt := filepath.Join(dir, "wt901.bin"), filepath.Join(dir, "wt901.csv")
	os.WriteFile(bin, raw, 0o644)
	os.WriteFile(txt, csv.Bytes(), 0o644)
	evB, evC := filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
	if _, stderr, err := runCmd(t, "analyze", "-q", "--format", "witmotion", "--rate", "100", "--events", evB, bin); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, stderr, err := runCmd(t, "analyze", "-q", "--events", evC, txt); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, _ := os.ReadFile(evB)
	c, _ := os.ReadFile(evC)
	lb, lc := strings.Split(string(b), "\n"), strings.Split(string(c), "\n")
	if len(lb) < 80 || len(lb) != len(lc) {
		t.Fatalf("%d contacts from the frames, %d from the CSV", len(lb)-2, len(lc)-2)
	}
	for i := 1; i < len(lb); i++ {
		ib, _, _ := strings.Cut(lb[i], ",")
		ic, _, _ := strings.Cut(lc[i], ",")
		if ib != ic {
			t.Errorf("row %d: IC %s from the frames, %s from the CSV", i, ib, ic)
			break
		}
	}
	if _, _, err := runCmd(t, "analyze", "-q", "--format", "witmotion", bin); err == nil || !strings.Contains(err.Error(), "set --rate") {
		t.Errorf("witmotion without --rate: %v", err)
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// TestAnalyzeWitBLEDump: a simulated run as a WitMotion Bluetooth 5.0
// sensor notifies it (20-byte 55 61 frames, ±8 g, no time; as a bridge
// wrote them), with line noise and register replies between, gives
// exactly the events of the same quantised values written as CSV; without
// --rate it is refused, and given as CSV it is said to be such frames.
func TestAnalyzeWitBLEDump(t *testing.T) {
	dir := t.TempDir()
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 30, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.5}, Seed: 103})
	if err != nil {
		t.Fatal(err)
	}
	var dump, csv bytes.Buffer
	csv.WriteString("t,ax,ay,az,gx,gy,gz\n")
	for i, x := range ss {
		f := sensor.AppendWitBLE(nil, x, 8)
		dump.Write(f)
		if i%100 == 50 {
			dump.Write(append([]byte{0x55, 0x71, 0x3a, 0x00}, make([]byte, 16)...)) // a register reply
		}
		v := func(k int) int16 { return int16(uint16(f[k]) | uint16(f[k+1])<<8) }
		csv.WriteString(strings.Join([]string{ftoa(float64(i) / 100),
			ftoa(float64(v(2)) * 8 / 32768), ftoa(float64(v(4)) * 8 / 32768), ftoa(float64(v(6)) * 8 / 32768),
			ftoa(float64(v(8)) * 2000 / 32768), ftoa(float64(v(10)) * 2000 / 32768), ftoa(float64(v(12)) * 2000 / 32768)}, ",") + "\n")
	}
	raw := append([]byte{0x00, 0x55, 0x13}, dump.Bytes()...)
	bin, txt := filepath.Join(dir, "wt901ble.bin"), filepath.Join(dir, "wt901ble.csv")
	os.WriteFile(bin, raw, 0o644)
	os.WriteFile(txt, csv.Bytes(), 0o644)
	evB, evC := filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
	out, stderr, err := runCmd(t, "analyze", "--format", "witmotion-ble", "--rate", "100", "--acc-range", "8", "--events", evB, bin)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(out, "format=witmotion-ble frames (55 61: acc ±8 g, gyro), time from --rate 100 Hz") {
		t.Errorf("input line not said:\n%s", out)
	}
	if _, stderr, err := runCmd(t, "analyze", "-q", "--acc-unit", "g", "--gyro-unit", "dps", "--events", evC, txt); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, _ := os.ReadFile(evB)
	c, _ := os.ReadFile(evC)
	if n := bytes.Count(b, []byte("\n")); n < 80 || !bytes.Equal(b, c) {
		t.Errorf("events from the frames (%d lines) differ from the CSV's (%d lines)", n, bytes.Count(c, []byte("\n")))
	}
	if _, _, err := runCmd(t, "analyze", "-q", "--format", "witmotion-ble", bin); err == nil || !strings.Contains(err.Error(), "--format witmotion-ble: set --rate") {
		t.Errorf("witmotion-ble without --rate: %v", err)
	}
	if _, _, err := runCmd(t, "analyze", "-q", bin); err == nil || !strings.Contains(err.Error(), "WitMotion Bluetooth 5.0 frames: read them with --format witmotion-ble --rate") {
		t.Errorf("witmotion-ble frames read as CSV: %v", err)
	}
}

// TestAnalyzeLeadingZeros: a logger that wrote 0 on every axis for 3 s
// before its sensor was read: analyze says so on stderr, and its events are
// those of the file without the zeros, 3 s later (the zeros were samples:
// the run's mean vertical pulled down — "read at the wrong scale" at 3 s of
// 13 — and every contact moved by the levelling).
func TestAnalyzeLeadingZeros(t *testing.T) {
	dir := t.TempDir()
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 10, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.5}, Seed: 104})
	if err != nil {
		t.Fatal(err)
	}
	var plain, zeros bytes.Buffer
	plain.WriteString("t,ax,ay,az,gx,gy,gz\n")
	zeros.WriteString("t,ax,ay,az,gx,gy,gz\n")
	for i := range 300 {
		zeros.WriteString(ftoa(float64(i)/100) + ",0,0,0,0,0,0\n")
	}
	for _, s := range ss {
		row := func(t float64) string {
			return strings.Join([]string{ftoa(t), ftoa(s.Acc[0] / sensor.G0), ftoa(s.Acc[1] / sensor.G0), ftoa(s.Acc[2] / sensor.G0),
				ftoa(s.Gyr[0] * 180 / math.Pi), ftoa(s.Gyr[1] * 180 / math.Pi), ftoa(s.Gyr[2] * 180 / math.Pi)}, ",") + "\n"
		}
		plain.WriteString(row(s.T))
		zeros.WriteString(row(s.T + 3))
	}
	p, z := filepath.Join(dir, "plain.csv"), filepath.Join(dir, "zeros.csv")
	os.WriteFile(p, plain.Bytes(), 0o644)
	os.WriteFile(z, zeros.Bytes(), 0o644)
	evP, evZ := filepath.Join(dir, "p.csv"), filepath.Join(dir, "z.csv")
	if _, stderr, err := runCmd(t, "analyze", "-q", "--events", evP, p); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out, stderr, err := runCmd(t, "analyze", "--events", evZ, z)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "the first 300 data line(s) read 0 on every acceleration axis") || strings.Contains(out+stderr, "wrong scale") {
		t.Errorf("not said, or a wrong scale said:\n%s\n%s", out, stderr)
	}
	ics := func(name string) []float64 {
		b, _ := os.ReadFile(name)
		var v []float64
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
			x, err := strconv.ParseFloat(strings.SplitN(l, ",", 2)[0], 64)
			if err != nil {
				t.Fatal(err)
			}
			v = append(v, x)
		}
		return v
	}
	a, b := ics(evP), ics(evZ)
	if len(a) < 20 || len(a) != len(b) {
		t.Fatalf("%d contacts without the zeros, %d with", len(a), len(b))
	}
	for i := range a {
		if math.Abs(b[i]-3-a[i]) > 1e-6 {
			t.Errorf("contact %d: IC %.4f s, want %.4f + 3", i, b[i], a[i])
		}
	}
}
