package main

import (
	"bytes"
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
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

// hyperIMUPackets writes samples (SI units) as the HyperIMU app's CSV
// packets: epoch ms, the MAC address, accelerometer m/s², gyroscope rad/s,
// each ended by '#'.
func hyperIMUPackets(ss []sensor.Sample) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = fmt.Appendf(nil, "%d,a4:cf:12:0b:9e:31,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f#", int64(math.Round(1.7e12+s.T*1000)),
			s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2])
	}
	return out
}

// A recording sent as HyperIMU packets over UDP (--serial
// udp-listen://addr --format hyperimu; 10 packets a datagram, each
// datagram from a new socket, as a phone's app may send them) gives
// exactly the events and summary of `gaitd analyze --format hyperimu` on
// the same bytes.
func TestServeHyperIMUOverUDP(t *testing.T) {
	ss, _ := simRun(t, 60)
	packets := hyperIMUPackets(ss)
	file := filepath.Join(t.TempDir(), "himu.txt")
	if err := os.WriteFile(file, bytes.Join(packets, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, events := analyzed(t, "--format", "hyperimu", file)
	free, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.LocalAddr().String()
	free.Close()

	var o serveOptions
	o.serial.cfg.Device, o.serial.cfg.Format = "udp-listen://"+addr, "hyperimu"
	rec, steps := servedRun(t, o, deviceName(o.serial.cfg.Device), int64(len(ss))-2, func(string, string) {
		// (serve binds the socket before it is ready: bound in the
		// serial source's own goroutine, the first datagram, sent
		// before, was lost now and then — 5991 samples of 5999 under
		// load)
		go func() {
			for k := 0; k < len(packets); k += 10 {
				c, err := net.Dial("udp", addr)
				if err != nil {
					t.Error(err)
					return
				}
				c.Write(bytes.Join(packets[k:min(k+10, len(packets))], nil))
				c.Close()
				time.Sleep(5 * time.Millisecond) // (20× real time: no datagram lost on loopback)
			}
		}()
	})
	sameEvents(t, rec, steps, sum, events)
	if want := "serial:udp-listen://" + addr + " format=hyperimu"; !strings.HasPrefix(rec.Input, want) {
		t.Errorf("run input %q, want it to start %q", rec.Input, want)
	}
}

// TestServeListenAddressInUse: a tcp-listen:// or udp-listen:// address
// that cannot be bound stops serve at its start, saying so, before it
// serves; and the sockets of the devices bound before it are released.
func TestServeListenAddressInUse(t *testing.T) {
	busy, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	first := free.Addr().String()
	free.Close()
	var o serveOptions
	o.engine = engineFlags{placement: "waist", activity: "auto"}
	o.dataDir, o.listen, o.maxDevices, o.window, o.idle = t.TempDir(), "127.0.0.1:0", 4, 20, time.Minute
	o.serial.cfg.Device, o.serial.cfg.Format = "tcp-listen://"+first, "witmotion"
	o.extra = []serialOptions{o.serial}
	o.extra[0].cfg.Device, o.extra[0].cfg.Format = "udp-listen://"+busy.LocalAddr().String(), "text"
	var logs strings.Builder
	start := time.Now()
	err = serve(t.Context(), o, &logs)
	want := "serial: udp-listen://" + busy.LocalAddr().String() + ": listen udp " + busy.LocalAddr().String() + ": bind: address already in use"
	if err == nil || err.Error() != want || time.Since(start) > 2*time.Second {
		t.Fatalf("serve: %v after %v, want %q at once", err, time.Since(start), want)
	}
	if strings.Contains(logs.String(), "gaitd serving") {
		t.Errorf("said it serves:\n%s", logs.String())
	}
	ln, err := net.Listen("tcp", first)
	if err != nil {
		t.Fatalf("the first device's address is still bound: %v", err)
	}
	ln.Close()
}
