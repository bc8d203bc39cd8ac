package sensor

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodePayload: no input panics, errors leave no samples, and decoded
// samples are finite. Seeds: every file of testdata/payloads, once
// auto-detected and once with each format forced, and hand-written
// messages (SenML, a truncated gaitd-binary header, csv with a header, and
// csv in each separator and form the csv decoder reads).
func FuzzDecodePayload(f *testing.F) {
	formats := fuzzPayloadFormats
	for _, b := range payloadFixtures(f) {
		for i := range formats { // 0: auto-detected
			f.Add(b, uint8(i))
		}
	}
	f.Add([]byte(`[{"bt":1700000000,"n":"ax","v":0},{"n":"ay","v":9.8},{"n":"az","v":0}]`), uint8(5))
	f.Add([]byte(`[{"bt":1700000000,"bu":true,"n":"ax","v":0},{"n":"ay","u":"m/s2","v":9.8},{"bu":null,"n":"az","v":0},{"n":"gx","v":"x"},{"n":"gy","v":"x"},{"n":"gz","v":"x"}]`), uint8(5))
	f.Add([]byte("GDB1\x01\x00\x00"), uint8(2))
	f.Add([]byte("t,az,ay,ax,gz_dps,gy_dps,gx_dps\n0.01,9.8,0,0,1,2,3\n"), uint8(4))
	// csv as sketches and spreadsheet locales write it: ';' or a tab with
	// decimal commas, blanks, a comma ending each line, ",\t", a header
	// alone (quoted), a byte-order mark, epoch ms as a float, millis() of 10
	// digits
	for _, m := range []string{
		"t;ax;ay;az\n1000;0,12;-0,34;9,81\n1010;0,13;-0,33;9,80\n",
		"1000\t0,12\t-0,34\t9,81\n",
		"1000 0.12  -0.34\t9.81\n1010 0.1 0.2 9.8\n",
		"1000,0.12,-0.34,9.81,\n1010,0.1,0.2,9.8,\n",
		"1000,\t0.12,\t-0.34,\t9.81\n",
		"\"t\",\"az\",\"ay\",\"ax\"\n",
		"t,az,ay,ax",
		"\ufefft,ax,ay,az\n0.01,0,0,9.8\n",
		"1.700000000123e12,0,0,9.8\n1700000000133.5,0,0,9.8\n",
		"1000000000,0,0,9.8\n1000000010,0,0,9.8\n", // millis() of 10 digits (stepUnit)
		// words after the message's own header (a panic a review found)
		"t,ax,ay,az\n1\nok,1,2,3\n0.01,0,0,1\n",
		"t;AX;AY;AZ\nA;;;0\n;;;0",
		"imu,ready,fw,1.2.0",
		// InfluxDB line protocol (Telegraf): escapes, quoted strings,
		// integers, no timestamp, another measurement, a missing field
		"imu,device=a\\ b ax=0.1,ay=0i,az=9.8 1700000000000000000\n",
		"my\\ imu,device=x note=\"a, b=c \\\" d\",ax=1,ay=2,az=3,gx=1u,gy=t,gz=0\n",
		"imu ax=1,ay=2,az=3 1700000000000\nacc ax=1,ay=2,az=3 1700000000010\nimu ax=1,ay=2 1700000000020\n",
		"imu ax_g=0,ay_g=0,az_g=1,gx_dps=1,gy_dps=2,gz_dps=3,temp=21.5 1\n",
	} {
		f.Add([]byte(m), uint8(0))
		f.Add([]byte(m), uint8(4))
	}
	var p Payload // reused, as in the daemon
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		opt := PayloadOptions{Format: formats[int(format)%len(formats)], Now: 1700000000000000000, MaxSamples: 4096}
		err := DecodePayload(&p, "topic", data, opt)
		if err != nil {
			if len(p.Samples) != 0 {
				t.Fatalf("%d samples after error %v", len(p.Samples), err)
			}
			return
		}
		if len(p.Samples) == 0 || len(p.Samples) > 4096 {
			t.Fatalf("%d samples without error", len(p.Samples))
		}
		for i, s := range p.Samples {
			if !payloadFinite(s.T) || !finite3(s.Acc) || !finite3(s.Gyr) {
				t.Fatalf("sample %d not finite: %+v", i, s)
			}
		}
	})
}

// fuzzPayloadFormats are the formats a fuzz input's format byte picks
// (modulo its length); "" detects.
var fuzzPayloadFormats = [...]string{"", PayloadGaitdJSON, PayloadGaitdBinary, PayloadSensorLogger, PayloadCSV, PayloadSenML, PayloadSingleJSON, PayloadInflux}

// payloadFixtures returns every message in testdata/payloads (the fuzz
// targets' seeds).
func payloadFixtures(f *testing.F) [][]byte {
	files, err := filepath.Glob(filepath.Join(payloadDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, name := range files {
		if filepath.Ext(name) == ".md" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
