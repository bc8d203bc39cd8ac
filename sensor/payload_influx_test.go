package sensor

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestPayloadInflux: InfluxDB line protocol as Telegraf's MQTT output
// publishes it (protocols §11) is detected and read — device tag, fields
// by name in any order, units from their names, integers, strings and
// booleans, escapes, the timestamp's unit by magnitude, a line without
// one — and a message's bad lines are named by line and skipped. Before,
// every such message was refused as an unrecognised format.
func TestPayloadInflux(t *testing.T) {
	const now = 1700000009000000000
	type smp struct {
		t        float64 // s after 1.7e9
		acc, gyr [3]float64
	}
	for _, tc := range []struct {
		name, msg string
		opt       PayloadOptions
		device    string
		frame     Frame
		gyro      bool
		accGiven  bool
		want      []smp
		bad       []string // each bad line's error contains this, in order
		ignored   []string
		err       string // the message is refused with this
	}{
		{name: "protocols example", msg: "imu,device=esp32-01 ax=0.01,ay=0.02,az=9.81,gx=0.1,gy=0,gz=0 1700000000123000000",
			device: "esp32-01", gyro: true, want: []smp{{0.123, [3]float64{0.01, 0.02, 9.81}, [3]float64{0.1, 0, 0}}}},
		{name: "batch, fields in another order, device from the topic",
			msg:    "imu ax=1,ay=2,az=3 1700000000000000000\r\nimu az=6,ax=4,ay=5 1700000000010000000\r\n",
			device: "topic", want: []smp{{0, [3]float64{1, 2, 3}, [3]float64{}}, {0.01, [3]float64{4, 5, 6}, [3]float64{}}}},
		{name: "units from the keys, integers, strings, booleans, other fields",
			msg: `imu,host=pi,device=shoe-l ax_g=0i,ay_g=1i,az_g=0.5,gx_dps=90,gy_dps=-180,gz_dps=0u,temp=21.5,status="a, b c",moving=true 1700000000000` + "\n" +
				`imu,host=pi,device=shoe-l ax_g=1,ay_g=0,az_g=0,gx_dps=0,gy_dps=0,gz_dps=45,temp=21.5,status="x",moving=f 1700000000010`,
			device: "shoe-l", gyro: true, accGiven: true, ignored: []string{"temp"},
			want: []smp{{0, [3]float64{0, G0, 0.5 * G0}, [3]float64{math.Pi / 2, -math.Pi, 0}}, {0.01, [3]float64{G0, 0, 0}, [3]float64{0, 0, math.Pi / 4}}}},
		{name: "escapes", msg: `my\ imu,device=left\ shoe,site=a\,b ax=1,ay=2,az=3,note="say \"hi\", then go" 1700000000000000000`,
			device: "left shoe", want: []smp{{0, [3]float64{1, 2, 3}, [3]float64{}}}},
		{name: "anatomical axes, ms", msg: "trunk acc_v=9.8,acc_ap=0.1,acc_ml=-0.2 1700000000000\ntrunk acc_v=9.7,acc_ap=0.2,acc_ml=-0.1 1700000000010\n",
			device: "topic", frame: FrameAnatomical, want: []smp{{0, [3]float64{9.8, 0.1, -0.2}, [3]float64{}}, {0.01, [3]float64{9.7, 0.2, -0.1}, [3]float64{}}}},
		{name: "one line without a timestamp: received now", msg: "imu ax=1,ay=2,az=3\n", opt: PayloadOptions{Now: now},
			device: "topic", want: []smp{{9, [3]float64{1, 2, 3}, [3]float64{}}}},
		// with a time unit given: the receive time in it (it was
		// written in ns and read in ms: out of range — a review)
		{name: "received now, time unit ms", msg: "imu ax=1,ay=2,az=3\n", opt: PayloadOptions{Now: now, TimeUnit: "ms"},
			device: "topic", want: []smp{{9, [3]float64{1, 2, 3}, [3]float64{}}}},
		{name: "bad lines skipped", msg: strings.Join([]string{
			"imu ax=1,ay=2,az=3 1700000000000000000",
			"imu ax=1,ay=2 1700000000010000000",
			"gyro ax=1,ay=2,az=3 1700000000020000000",
			"imu ax=1,ay=2,az=3",
			"imu ax=1,ay=2,az=3 17000000000x",
			"# a comment",
			"imu ax=\"x\",ay=2,az=3 1700000000030000000",
			"imu ax=4,ay=5,az=6 1700000000040000000"}, "\n"),
			device: "topic", want: []smp{{0, [3]float64{1, 2, 3}, [3]float64{}}, {0.04, [3]float64{4, 5, 6}, [3]float64{}}},
			bad: []string{`influx: line 2: no field az (the message's first line has ax,ay,az)`,
				`influx: line 3: measurement "gyro" after lines of "imu"`,
				`influx: line 4: no timestamp: in a message of several lines every line needs one`,
				`influx: line 5: timestamp "17000000000x" is not an integer`,
				`influx: line 7: key ax: not a finite number: "\"x\""`}},
		{name: "two axes", msg: "imu ax=1,ay=2,temp=3 1700000000000000000", err: "influx: line 1: fields ax,ay: no column for the acceleration's z axis"},
		{name: "no line reads", msg: "imu ax=1,ay=2,az=3\nimu ax=1,ay=2,az=3\n",
			err: "influx: no line reads: line 1: no timestamp: in a message of several lines every line needs one (and 1 more)"},
		{name: "no line reads, the csv lines' and its own", msg: "imu ax=1e999,ay=2,az=3 1\nimu ax=1,ay=2 2\n",
			err: "influx: no line reads: line 2: no field az (the message's first line has ax,ay,az) (and 1 more)"},
		{name: "no field read", msg: "imu temp=1,seq=2i 1700000000000000000", err: "influx: line 1: no field of acceleration or rate (temp,seq not read; want ax=…,ay=…,az=…)"},
		{name: "no numbers", msg: `imu status="ok" 1700000000000000000`, err: "influx: line 1: no numeric field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p Payload
			opt := tc.opt
			opt.Epoch = 1700000000000000000
			err := DecodePayload(&p, "topic", []byte(tc.msg), opt)
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) || !errors.Is(err, ErrPayloadFormat) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != PayloadInflux || p.Device != tc.device || p.Layout.Frame != tc.frame || p.Layout.Gyr[0] != tc.gyro || p.AccGiven != tc.accGiven || p.GyrGiven != (tc.accGiven && tc.gyro) {
				t.Errorf("format %q device %q layout %+v given %v/%v", p.Format, p.Device, p.Layout, p.AccGiven, p.GyrGiven)
			}
			if len(p.Samples) != len(tc.want) {
				t.Fatalf("%d samples, want %d: %+v (bad %v)", len(p.Samples), len(tc.want), p.Samples, p.BadLines)
			}
			for i, w := range tc.want {
				s := p.Samples[i]
				if math.Abs(s.T-w.t) > 1e-9 {
					t.Errorf("sample %d at %v s, want %v", i, s.T, w.t)
				}
				for k := range 3 {
					if math.Abs(s.Acc[k]-w.acc[k]) > 1e-12 || math.Abs(s.Gyr[k]-w.gyr[k]) > 1e-12 {
						t.Errorf("sample %d: %+v, want %+v", i, s, w)
						break
					}
				}
			}
			if len(p.BadLines) != len(tc.bad) {
				t.Fatalf("bad lines %v, want %d", p.BadLines, len(tc.bad))
			}
			for i, b := range tc.bad {
				if got := p.BadLines[i].Error(); !strings.HasPrefix(got, b) {
					t.Errorf("bad line %d: %q, want %q", i, got, b)
				}
			}
			if !slices.Equal(p.CSVIgnored, tc.ignored) {
				t.Errorf("ignored %q, want %q", p.CSVIgnored, tc.ignored)
			}
		})
	}
}

// TestPayloadInfluxNotCSV: csv headers and lines are not taken for line
// protocol, nor line protocol for csv.
func TestPayloadInfluxNotCSV(t *testing.T) {
	for msg, want := range map[string]string{
		"t,ax,ay,az\n0.01,0,0,9.8\n":                       PayloadCSV,
		"t ax ay az\n0.01 0 0 9.8\n":                       PayloadCSV,
		"time;ax;ay;az\n0,01;0;0;9,8\n":                    PayloadCSV,
		"imu ax=0,ay=0,az=9.8 1700000000000000000\n":       PayloadInflux,
		"imu,device=x ax=0,ay=0,az=9.8 1700000000000000\n": PayloadInflux,
	} {
		var p Payload
		if err := DecodePayload(&p, "d", []byte(msg), PayloadOptions{}); err != nil || p.Format != want {
			t.Errorf("%q: format %q, err %v; want %s", msg, p.Format, err, want)
		}
	}
}

// TestPayloadInfluxAllocs: a device's messages decode without allocating
// once its keys have been read.
func TestPayloadInfluxAllocs(t *testing.T) {
	msg := []byte(strings.Repeat("imu,device=esp32-01,host=pi ax=0.01,ay=0.02,az=9.81,gx=0.1,gy=0i,gz=0,temp=20 1700000000123000000\n", 10))
	var p Payload
	if err := DecodePayload(&p, "topic", msg, PayloadOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(50, func() {
		if err := DecodePayload(&p, "topic", msg, PayloadOptions{}); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per message", n)
	}
}
