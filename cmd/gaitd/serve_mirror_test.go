package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestServeMQTTMirrored: a publisher whose accelerometer reads −1 g up
// (iOS Sensor Logger without "Standardise Units & Frames": every
// acceleration axis the negative of the sensor's, the gyroscope as it is)
// is read negated with --mqtt-acc-mirrored, or devices.<name>.acc_mirrored
// for it alone: the live run has exactly the
// events of `gaitd analyze` on the sensor's own samples, sides included —
// every side was swapped without it (TestMirroredAccelerometer), which
// serve had no way to undo.
func TestServeMQTTMirrored(t *testing.T) {
	ss, _ := simRun(t, 60)
	var own, mirrored []string
	for _, s := range ss {
		own = append(own, fmt.Sprintf("%.3f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]))
		mirrored = append(mirrored, fmt.Sprintf("%.3f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", s.T, -s.Acc[0], -s.Acc[1], -s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]))
	}
	sum, events := analyzedSI(t, "t,ax,ay,az,gx,gy,gz\n"+strings.Join(own, "\n")+"\n")
	for _, how := range []string{"flag", "device", "none"} {
		flag := how != "none"
		var o serveOptions
		o.mqtt.listen = "127.0.0.1:0"
		o.mqtt.accUnit, o.mqtt.gyroUnit = "mps2", "rads" // as analyzedSI reads them
		switch how {
		case "flag":
			o.mqtt.mirrored = true
		case "device":
			o.mqtt.mirroredDevices = map[string]bool{"iphone": true, "android": false}
		}
		rec, steps := servedRun(t, o, "iphone", int64(len(ss)), func(h, broker string) {
			c := mqttPublisher(t, broker, "test-publisher-mirror")
			defer c.Disconnect(100)
			for k := 0; k < len(mirrored); k += 10 {
				publish(t, c, "gait/iphone/imu", []byte(strings.Join(mirrored[k:min(k+10, len(mirrored))], "\n")+"\n"))
				time.Sleep(time.Millisecond)
			}
		})
		if flag {
			sameAsAnalyze(t, rec, steps, sum, events)
			continue
		}
		// without it: the contacts of the sensor, every side swapped
		a, b := strings.Split(strings.TrimSpace(steps), "\n"), strings.Split(strings.TrimSpace(events), "\n")
		if len(a) != len(b) || len(a) < 150 {
			t.Fatalf("without the flag: %d events, analyze %d", len(a), len(b))
		}
		swapped := 0
		for i := 1; i < len(a); i++ {
			fa, fb := strings.Split(a[i], ","), strings.Split(b[i], ",")
			if fa[0] != fb[0] {
				t.Fatalf("without the flag: event %d at %s, analyze %s", i, fa[0], fb[0])
			}
			if fa[2] != "" && fb[2] != "" && fa[2] != fb[2] {
				swapped++
			}
		}
		if swapped < (len(a)-1)*9/10 {
			t.Errorf("without the flag: %d of %d sides swapped, want nearly all", swapped, len(a)-1)
		}
	}
}

// TestConfigAccMirrored: mqtt.acc_mirrored sets --mqtt-acc-mirrored (the
// flag given on the command line wins); devices.<name>.acc_mirrored names
// one MQTT device, and is refused for a serial one, naming the key.
func TestConfigAccMirrored(t *testing.T) {
	dev := writeTemp(t, "dev.yaml", "devices:\n  iphone:\n    acc_mirrored: true\n  pixel:\n    placement: waist\nbroker:\n  listen: 127.0.0.1:0\n")
	var od serveOptions
	od.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(dev, &od, nil); err != nil {
		t.Fatal(err)
	}
	if !od.mqtt.mirroredDevices["iphone"] || od.mqtt.mirroredDevices["pixel"] || od.mqtt.mirrored {
		t.Errorf("devices: mirrored %v, all %v", od.mqtt.mirroredDevices, od.mqtt.mirrored)
	}
	ser := writeTemp(t, "ser.yaml", "serial:\n  - device: /dev/ttyUSB0\n    name: shoe-l\n    format: witmotion\n    rate: 100\ndevices:\n  shoe-l:\n    acc_mirrored: true\n")
	var so serveOptions
	so.engine = engineFlags{placement: "waist", activity: "auto"}
	if err := loadConfig(ser, &so, nil); err == nil || !strings.Contains(err.Error(), "devices.shoe-l.acc_mirrored: for MQTT devices: shoe-l is a serial device") {
		t.Errorf("serial device mirrored: %v", err)
	}
	path := writeTemp(t, "gaitd.yaml", "mqtt:\n  acc_mirrored: true\nbroker:\n  listen: 127.0.0.1:0\n")
	for _, tc := range []struct {
		set  map[string]bool
		flag bool
		want bool
	}{{nil, false, true}, {map[string]bool{"mqtt-acc-mirrored": true}, false, false}} {
		var o serveOptions
		o.engine = engineFlags{placement: "waist", activity: "auto"}
		o.mqtt.mirrored = tc.flag
		if err := loadConfig(path, &o, tc.set); err != nil {
			t.Fatal(err)
		}
		if o.mqtt.mirrored != tc.want {
			t.Errorf("flags set %v: mirrored %v, want %v", tc.set, o.mqtt.mirrored, tc.want)
		}
	}
}

// TestServeMQTTMirroredPayloadDevice: with --payload-device the device
// devices.<name>.acc_mirrored names is the payload's (a relay publishing
// an iPhone's batches under its own topic): its acceleration is read
// negated, the run has analyze's events of the sensor's own samples. The
// source decided by the topic's name, and mirrored nothing: every side
// swapped (a review).
func TestServeMQTTMirroredPayloadDevice(t *testing.T) {
	ss, _ := simRun(t, 60)
	var own []string
	for _, s := range ss {
		own = append(own, fmt.Sprintf("%.3f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2]))
	}
	sum, events := analyzedSI(t, "t,ax,ay,az,gx,gy,gz\n"+strings.Join(own, "\n")+"\n")
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	o.mqtt.accUnit, o.mqtt.gyroUnit = "mps2", "rads"
	o.mqtt.payloadDevice = true
	o.mqtt.mirroredDevices = map[string]bool{"iphone": true}
	rec, steps := servedRun(t, o, "iphone", int64(len(ss)), func(h, broker string) {
		c := mqttPublisher(t, broker, "test-publisher-relay")
		defer c.Disconnect(100)
		const per = 10
		for k := 0; k < len(ss); k += per {
			var b strings.Builder
			fmt.Fprintf(&b, `{"device":"iphone","t0":%d,"dt_ms":10`, 10*k)
			for a, key := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				fmt.Fprintf(&b, `,"%s":[`, key)
				for j := k; j < min(k+per, len(ss)); j++ {
					if j > k {
						b.WriteByte(',')
					}
					v := ss[j].Gyr[a%3]
					if a < 3 {
						v = -ss[j].Acc[a] // the iPhone's Core Motion sign
					}
					fmt.Fprintf(&b, "%.6g", v)
				}
				b.WriteByte(']')
			}
			b.WriteByte('}')
			publish(t, c, "gait/relay/imu", []byte(b.String()))
			time.Sleep(time.Millisecond)
		}
	})
	sameAsAnalyze(t, rec, steps, sum, events)
}
