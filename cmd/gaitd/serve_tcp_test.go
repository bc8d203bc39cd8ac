package main

import (
	"net"
	"strings"
	"testing"
	"time"
)

// The recording of TestServeSerialMatchesAnalyze sent as WitMotion frames
// by a device that connects to serve over TCP (--serial
// tcp-listen://addr, as a WitMotion WiFi sensor does) gives exactly the
// events and summary of `gaitd analyze` on the same bytes; the device is
// named from the address and its run names the stream.
func TestServeTCPMatchesAnalyze(t *testing.T) {
	ss, _ := simRun(t, 60)
	wit, sum, events := witAnalyzed(t, ss)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()

	var o serveOptions
	o.serial.cfg.Device, o.serial.cfg.Format, o.serial.cfg.Rate = "tcp-listen://"+addr, "witmotion", 100
	device := deviceName(o.serial.cfg.Device)
	if want := "tcp-listen-127.0.0.1-" + addr[strings.LastIndex(addr, ":")+1:]; device != want {
		t.Fatalf("device name %q, want %q", device, want)
	}
	rec, steps := servedRun(t, o, device, int64(len(ss))-2, func(string, string) {
		var c net.Conn
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if c, err = net.Dial("tcp", addr); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal(err)
			}
		}
		go func() {
			defer c.Close()
			for k := 0; k < len(wit); k += 2200 {
				if _, err := c.Write(wit[k:min(k+2200, len(wit))]); err != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(time.Second) // (serve ends the session)
		}()
	})
	sameAsAnalyze(t, rec, steps, sum, events)
	if want := "serial:tcp-listen://" + addr + " format=witmotion acc="; !strings.HasPrefix(rec.Input, want) {
		t.Errorf("run input %q, want it to start %q", rec.Input, want)
	}
}

// TestDeviceNameNetwork: a network device's default name comes from its
// address (a path's base would be its port alone).
func TestDeviceNameNetwork(t *testing.T) {
	for path, want := range map[string]string{
		"/dev/ttyUSB0":                   "ttyUSB0",
		"tcp://esp32.local:23":           "tcp-esp32.local-23",
		"tcp-listen://:5555":             "tcp-listen-5555",
		"tcp-listen://0.0.0.0:5555/":     "tcp-listen-0.0.0.0-5555",
		"tcp://[fe80::1%eth0]:23":        "tcp-_fe80--1_eth0_-23",
		"/dev/serial/by-id/usb-WIT-if00": "usb-WIT-if00",
	} {
		if got := deviceName(path); got != want {
			t.Errorf("deviceName(%s) = %s, want %s", path, got, want)
		}
	}
}
