package sensor

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A csv payload's header places its columns by name, as a CSV file's
// header does for analyze: they were taken by position whatever the
// header said, so t,gx,gy,gz,ax,ay,az swapped acceleration and rates,
// Sensor Logger's z,y,x order mirrored the sensor (58 of 63 sides of a
// mobgap walk swapped against analyze — a black-box round), and
// acc_v,acc_ap,acc_ml were read as sensor axes.
func TestCSVPayloadHeaderOrder(t *testing.T) {
	acc, gyr := [3]float64{1.5, 9.5, -0.5}, [3]float64{0.25, -0.75, 2}
	dps := [3]float64{gyr[0] * 180 / math.Pi, gyr[1] * 180 / math.Pi, gyr[2] * 180 / math.Pi}
	g := func(v float64) float64 { return v / G0 }
	num := func(vs ...float64) string {
		var b strings.Builder
		for i, v := range vs {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		return b.String()
	}
	sensor3 := Layout{Acc: [3]bool{true, true, true}}
	sensor6 := Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}}
	for _, tc := range []struct {
		header, line string
		layout       Layout
		gyro         bool // want gyr in Gyr
		given        bool // the header gave the units
	}{
		{"t,ax,ay,az,gx,gy,gz", num(0.01, acc[0], acc[1], acc[2], gyr[0], gyr[1], gyr[2]), sensor6, true, false},
		{"t,gx,gy,gz,ax,ay,az", num(0.01, gyr[0], gyr[1], gyr[2], acc[0], acc[1], acc[2]), sensor6, true, false},
		{"t,az,ay,ax,gz,gy,gx", num(0.01, acc[2], acc[1], acc[0], gyr[2], gyr[1], gyr[0]), sensor6, true, false},
		{"time,z,y,x", num(0.01, acc[2], acc[1], acc[0]), sensor3, false, false},
		{"ax,ay,az,t", num(acc[0], acc[1], acc[2], 0.01), sensor3, false, false},
		{"t,acc_v,acc_ap,acc_ml", num(0.01, acc[0], acc[1], acc[2]), Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, true}}, false, false},
		{"t,acc_ml,acc_v,acc_ap", num(0.01, acc[2], acc[0], acc[1]), Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, true}}, false, false},
		{"t,acc_v,acc_ap,acc_ml,gyr_v,gyr_ap,gyr_ml", num(0.01, acc[0], acc[1], acc[2], gyr[0], gyr[1], gyr[2]), Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}}, true, false},
		// rates about the sensor's axes beside aligned acceleration: a
		// shoe's engine reads them, a waist's ignores them
		{"t,acc_v,acc_ap,acc_ml,gz,gy,gx", num(0.01, acc[0], acc[1], acc[2], gyr[2], gyr[1], gyr[0]), Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}, GyrOwnFrame: true}, true, false},
		// units in the names still scale the right columns
		{"t,gz_dps,gy_dps,gx_dps,az_g,ay_g,ax_g", num(0.01, dps[2], dps[1], dps[0], g(acc[2]), g(acc[1]), g(acc[0])), sensor6, true, true},
		{"timestamp,Gyroscope z (deg/s),Gyroscope y (deg/s),Gyroscope x (deg/s),Acceleration z (g),Acceleration y (g),Acceleration x (g)", num(0.01, dps[2], dps[1], dps[0], g(acc[2]), g(acc[1]), g(acc[0])), sensor6, true, true},
	} {
		var p Payload
		msg := tc.header + "\n" + tc.line + "\n"
		if err := DecodePayload(&p, "dev", []byte(msg), PayloadOptions{}); err != nil {
			t.Errorf("%s: %v", tc.header, err)
			continue
		}
		wantGyr := [3]float64{}
		if tc.gyro {
			wantGyr = gyr
		}
		s := p.Samples[0]
		if !near3(s.Acc, acc) || !near3(s.Gyr, wantGyr) || s.T != 0.01 || p.Layout != tc.layout || p.AccGiven != tc.given || p.GyrGiven != (tc.given && tc.gyro) || p.CSVHeader != tc.header {
			t.Errorf("%s:\n got acc %v gyr %v t %v layout %+v given %v,%v header %q\nwant acc %v gyr %v t 0.01 layout %+v given %v", tc.header,
				s.Acc, s.Gyr, s.T, p.Layout, p.AccGiven, p.GyrGiven, p.CSVHeader, acc, wantGyr, tc.layout, tc.given)
		}
	}
}

func near3(a, b [3]float64) bool {
	for k := range 3 {
		if math.Abs(a[k]-b[k]) > 1e-9*max(1, math.Abs(b[k])) {
			return false
		}
	}
	return true
}

// A header whose names cannot all be placed refuses the message, naming
// the column (it was read by position: mx as a rate, temp as az); names
// of no time, acceleration or rate are not read (TestCSVPayloadHeaderIgnored),
// so a header of them alone lacks an axis or the time.
func TestCSVPayloadHeaderRefused(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"t,ax,ay,temp", `no column for the acceleration's z axis`},
		{"idx,ax,ay,az", `no time column`},
		{"t,ax,ay,ax", `field 4 (ax) cannot be placed: its axis is named twice`},
		{"t,ax,ay,az,gx,gy,gyr_ml", `field 7 (gyr_ml) cannot be placed: an anatomical rate beside sensor-frame acceleration`},
		{"t,acc_v,acc_ap,ax", `field 4 (ax) cannot be placed: sensor-frame acceleration beside anatomical acceleration`},
		{"t,lin_x,lin_y,lin_z", `field 2 (lin_x) cannot be placed: linear acceleration`},
		{"t,gx,gy,gz", `field 2 (gx) cannot be placed: angular rate without acceleration`},
		{"t,ax,ay,gx", `no column for the acceleration's z axis`},
		{"t,ax,ay,az,gx,gy,ms", `field 7 (ms) cannot be placed: a second time column`},
		{"ax,ay,az,gx", `no time column`},
	} {
		var p Payload
		msg := tc.header + "\n0.01,1,2,3" + strings.Repeat(",4", strings.Count(tc.header, ",")-3) + "\n"
		err := DecodePayload(&p, "dev", []byte(msg), PayloadOptions{})
		want := fmt.Sprintf("csv: line 1: header %q: %s", tc.header, tc.want)
		if err == nil || !errors.Is(err, ErrPayloadFormat) || !strings.HasPrefix(err.Error(), want) || len(p.Samples) != 0 {
			t.Errorf("%s: %v (%d samples), want %s…", tc.header, err, len(p.Samples), want)
		}
		if p.CSVHeader != tc.header {
			t.Errorf("%s: Payload.CSVHeader %q", tc.header, p.CSVHeader)
		}
	}
}

// A device's header places the columns of its later messages without one
// (PayloadOptions.CSVHeader, which the MQTT source keeps per device), with
// its units; a refused one refuses them; without one ever seen they are
// read by position. A Payload reused decodes them as a fresh one does.
func TestCSVPayloadHeaderRemembered(t *testing.T) {
	const hdr = "t,az,ay,ax,gz_dps,gy_dps,gx_dps"
	var p Payload
	if err := DecodePayload(&p, "dev", []byte(hdr+"\n0.00,3,2,1,180,90,45\n"), PayloadOptions{}); err != nil || p.CSVHeader != hdr {
		t.Fatalf("%v, header %q", err, p.CSVHeader)
	}
	later := []byte("0.01,3.5,2.5,1.5,-180,-90,-45\n0.02,4,3,2,0,0,0\n")
	for _, reuse := range []bool{true, false} {
		q := &p
		if !reuse {
			q = new(Payload)
		}
		if err := DecodePayload(q, "dev", later, PayloadOptions{CSVHeader: hdr}); err != nil {
			t.Fatal(err)
		}
		s := q.Samples[0]
		if !near3(s.Acc, [3]float64{1.5, 2.5, 3.5}) || !near3(s.Gyr, [3]float64{-math.Pi / 4, -math.Pi / 2, -math.Pi}) || q.AccGiven || !q.GyrGiven || q.CSVHeader != "" || len(q.Samples) != 2 {
			t.Errorf("reused %v: %+v given %v,%v header %q", reuse, q.Samples, q.AccGiven, q.GyrGiven, q.CSVHeader)
		}
	}
	// never a header: by position
	if err := DecodePayload(&p, "dev", later, PayloadOptions{}); err != nil || !near3(p.Samples[0].Acc, [3]float64{3.5, 2.5, 1.5}) || p.AccGiven {
		t.Errorf("positional: %v %+v", err, p.Samples)
	}
	// a message's own header wins over the device's
	if err := DecodePayload(&p, "dev", []byte("t,ax,ay,az\n0.01,1,2,3\n"), PayloadOptions{CSVHeader: hdr}); err != nil || !near3(p.Samples[0].Acc, [3]float64{1, 2, 3}) || p.Layout.HasGyro() {
		t.Errorf("own header: %v %+v %+v", err, p.Samples, p.Layout)
	}
	// lines of another field count than the header's are bad lines
	err := DecodePayload(&p, "dev", []byte("0.01,1,2,3\n"), PayloadOptions{CSVHeader: hdr})
	if err == nil || !strings.Contains(err.Error(), `line 1: 4 fields, the header "t,az,ay,ax,gz_dps,gy_dps,gx_dps" names 7`) {
		t.Errorf("4 fields under a header of 7: %v", err)
	}
	// a refused header refuses the messages read by it
	err = DecodePayload(&p, "dev", later, PayloadOptions{CSVHeader: "t,ax,ay,az,gx,gy,ms"})
	if err == nil || !errors.Is(err, ErrPayloadFormat) || !strings.Contains(err.Error(), `csv: the device's header "t,ax,ay,az,gx,gy,ms" (of an earlier message; this one has none): field 7 (ms) cannot be placed`) || len(p.Samples) != 0 {
		t.Errorf("refused header: %v", err)
	}
}

// PayloadUnits on a device that sends Sensor Logger's order in g and deg/s,
// its header in its first message only: the samples delivered are the
// recording's, axes and units.
func TestPayloadUnitsHeaderOrder(t *testing.T) {
	want := walkSamples(300, 100)
	var units PayloadUnits
	var p Payload
	var got []Sample
	hdr := ""
	for k := 0; k < len(want); k += 10 {
		var b strings.Builder
		if k == 0 {
			b.WriteString("t,az,ay,ax,gz,gy,gx\n")
		}
		for _, s := range want[k : k+10] {
			fmt.Fprintf(&b, "%.2f", s.T)
			for _, v := range []float64{s.Acc[2] / G0, s.Acc[1] / G0, s.Acc[0] / G0, s.Gyr[2] * 180 / math.Pi, s.Gyr[1] * 180 / math.Pi, s.Gyr[0] * 180 / math.Pi} {
				b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
		if err := DecodePayload(&p, "dev", []byte(b.String()), PayloadOptions{CSVHeader: hdr}); err != nil {
			t.Fatal(err)
		}
		if p.CSVHeader != "" {
			hdr = p.CSVHeader
		}
		units.Add(&p, func(q *Payload) { got = append(got, q.Samples...) })
	}
	if len(got) != len(want) {
		t.Fatalf("%d samples delivered, want %d", len(got), len(want))
	}
	for i := range want {
		if !near3(got[i].Acc, want[i].Acc) || !near3(got[i].Gyr, want[i].Gyr) {
			t.Fatalf("sample %d: acc %v gyr %v, want %v %v", i, got[i].Acc, got[i].Gyr, want[i].Acc, want[i].Gyr)
		}
	}
}

// A message whose first line is not a header, read by the device's header
// (in g), then its own (no units): the values are not in the device's
// header's units.
func TestCSVPayloadHeaderAfterBadLine(t *testing.T) {
	var p Payload
	err := DecodePayload(&p, "dev", []byte("oops\nt,az,ay,ax\n0.01,3,2,1\n"), PayloadOptions{Format: PayloadCSV, CSVHeader: "t,ax_g,ay_g,az_g"})
	if err != nil || !near3(p.Samples[0].Acc, [3]float64{1, 2, 3}) || p.AccGiven || p.CSVHeader != "t,az,ay,ax" || len(p.BadLines) != 1 {
		t.Errorf("%v: %+v given %v header %q bad %v", err, p.Samples, p.AccGiven, p.CSVHeader, p.BadLines)
	}
}

// TestCSVPayloadHeaderTimeUnit: a header's time column names its unit
// (t_ms, millis, t_us, micros, time_s), which counts before the time's
// magnitude, and a device's later headerless messages keep it. By
// magnitude a fraction of a ms (an ESP32's micros()/1000.0) read as
// seconds and micros() in 8–10 digits as ms or s: 100 Hz read 0.1 Hz or
// 100 kHz.
func TestCSVPayloadHeaderTimeUnit(t *testing.T) {
	for _, tc := range []struct {
		header string
		t0, dt float64 // the time column's first value and step, in its unit
	}{
		{"t_ms,ax,ay,az", 1234.5, 10},
		{"millis,ax,ay,az", 123456, 10},
		{"t_us,ax,ay,az", 12345678, 10000},
		{"micros,ax,ay,az", 1234567890, 10000},
		{"time_s,ax,ay,az", 1700000000, 0.01},
		{"t,ax,ay,az", 1.5, 0.01}, // no unit: the magnitude's (a fraction: s)
	} {
		var b strings.Builder
		b.WriteString(tc.header + "\n")
		for i := range 5 {
			fmt.Fprintf(&b, "%s,0.1,0.2,9.8\n", strconv.FormatFloat(tc.t0+float64(i)*tc.dt, 'f', -1, 64))
		}
		var p Payload
		if err := DecodePayload(&p, "dev", []byte(b.String()), PayloadOptions{}); err != nil {
			t.Errorf("%s: %v", tc.header, err)
			continue
		}
		if len(p.Samples) != 5 {
			t.Errorf("%s: %d samples", tc.header, len(p.Samples))
			continue
		}
		if dt := p.Samples[1].T - p.Samples[0].T; math.Abs(dt-0.01) > 1e-6 { // an epoch in s: float64 to 0.2 µs
			t.Errorf("%s: samples %.6g s apart, want 0.01", tc.header, dt)
		}
		// the device's next message without a header: the same unit
		var q Payload
		next := strconv.FormatFloat(tc.t0+5*tc.dt, 'f', -1, 64) + ",0.1,0.2,9.8\n" + strconv.FormatFloat(tc.t0+6*tc.dt, 'f', -1, 64) + ",0.1,0.2,9.8\n"
		if err := DecodePayload(&q, "dev", []byte(next), PayloadOptions{CSVHeader: p.CSVHeader}); err != nil {
			t.Errorf("%s, next message: %v", tc.header, err)
			continue
		}
		if dt := q.Samples[0].T - p.Samples[4].T; math.Abs(dt-0.01) > 1e-6 {
			t.Errorf("%s, next message: %.6g s after the last, want 0.01", tc.header, dt)
		}
	}
}

// TestCSVPayloadHeaderIgnored: a header's names of no time, acceleration
// or rate (a temperature, a magnetometer, a counter) are not read, as a
// CSV file's are not: their cells may hold anything, the message reads as
// without them, and Payload.CSVIgnored names them, for the device's later
// headerless messages too. They refused the message (an ESP32 printing
// its temperature was never read).
func TestCSVPayloadHeaderIgnored(t *testing.T) {
	for _, tc := range []struct {
		header, line string
		gyro         bool
		ignored      []string
	}{
		{"t,ax,ay,az,temp", "0.01,1,2,3,nan", false, []string{"temp"}},
		{"idx,t,ax,ay,az,mx,my,mz", "7,0.01,1,2,3,,x,-", false, []string{"idx", "mx", "my", "mz"}},
		{"t,ax,ay,az,gx,gy,gz,temp,mx,my,mz,batt", "0.01,1,2,3,0.5,0.25,0.125,31.5,1,2,3,3.7", true, []string{"temp", "mx", "my", "mz", "batt"}},
	} {
		for _, later := range []bool{false, true} {
			var p Payload
			msg, opt := tc.header+"\n"+tc.line+"\n", PayloadOptions{}
			if later {
				msg, opt.CSVHeader = tc.line+"\n", tc.header
			}
			if err := DecodePayload(&p, "dev", []byte(msg), opt); err != nil || len(p.Samples) != 1 || len(p.BadLines) != 0 {
				t.Errorf("%s (later %v): %v, %d samples, bad %v", tc.header, later, err, len(p.Samples), p.BadLines)
				continue
			}
			s := p.Samples[0]
			if !near3(s.Acc, [3]float64{1, 2, 3}) || s.T != 0.01 || p.Layout.HasGyro() != tc.gyro || tc.gyro && !near3(s.Gyr, [3]float64{0.5, 0.25, 0.125}) {
				t.Errorf("%s (later %v): %+v, layout %+v", tc.header, later, s, p.Layout)
			}
			if !slices.Equal(p.CSVIgnored, tc.ignored) {
				t.Errorf("%s (later %v): ignored %q, want %q", tc.header, later, p.CSVIgnored, tc.ignored)
			}
		}
	}
	// lines under such a header keep its field count
	var p Payload
	err := DecodePayload(&p, "dev", []byte("t,ax,ay,az,temp\n0.01,1,2,3\n0.02,1,2,3,20\n"), PayloadOptions{})
	if err != nil || len(p.Samples) != 1 || len(p.BadLines) != 1 || !strings.Contains(p.BadLines[0].Error(), `line 2: 4 fields, the header "t,ax,ay,az,temp" names 5`) {
		t.Errorf("a line short of the header: %v, %d samples, bad %v", err, len(p.Samples), p.BadLines)
	}
}

// A device that publishes its csv header once, as a message of its own
// (an ESP32 sketch's setup() sending "t,az,ay,ax"), then data lines
// without it: the header-only message is detected as csv, its header
// kept (Payload.CSVHeader) and said with ErrCSVHeaderOnly rather than
// refused as an unrecognised format, so the later messages are read by
// it, not by position. A quoted header ("t","ax",…, as a csv writer
// quoting every field writes it) is detected as one too. Both were
// refused as "unrecognised format", and the data after a header alone
// read by position: Sensor Logger's z,y,x order delivered mirrored.
func TestCSVPayloadHeaderAlone(t *testing.T) {
	for _, hdr := range []string{"t,az,ay,ax", "t,az,ay,ax\r\n", "\"t\",\"az\",\"ay\",\"ax\"\n", "  t, az, ay, ax\n\n"} {
		var p Payload
		err := DecodePayload(&p, "dev", []byte(hdr), PayloadOptions{})
		if !errors.Is(err, ErrCSVHeaderOnly) || !errors.Is(err, ErrPayloadFormat) || p.Format != PayloadCSV || p.CSVHeader == "" || len(p.Samples) != 0 {
			t.Fatalf("%q: %v, format %q, header %q, %d samples", hdr, err, p.Format, p.CSVHeader, len(p.Samples))
		}
		if !strings.Contains(err.Error(), "csv: line 1: header") {
			t.Errorf("%q: %v", hdr, err)
		}
		if err := DecodePayload(&p, "dev", []byte("0.01,3,2,1\n0.02,3,2,1\n"), PayloadOptions{CSVHeader: p.CSVHeader}); err != nil || len(p.Samples) != 2 || p.Samples[0].Acc != [3]float64{1, 2, 3} {
			t.Errorf("%q: the data after it: %v %+v", hdr, err, p.Samples)
		}
	}
	// a quoted header with data lines in the same message
	var p Payload
	if err := DecodePayload(&p, "dev", []byte("\"t\",\"az\",\"ay\",\"ax\"\n0.01,3,2,1\n"), PayloadOptions{}); err != nil || len(p.Samples) != 1 || p.Samples[0].Acc != [3]float64{1, 2, 3} {
		t.Errorf("quoted header: %v %+v", err, p.Samples)
	}
	// a line of names that is not a header (too few fields, or prose)
	// stays an unrecognised format (InfluxDB line protocol, once one too,
	// is read: TestPayloadInflux)
	for _, m := range []string{"hello,world\n", "hello world\n", "status: ok", "imu,device=esp32-01 ax=0.01,ay=0.02 17000x"} {
		if err := DecodePayload(&p, "dev", []byte(m), PayloadOptions{}); err == nil || errors.Is(err, ErrCSVHeaderOnly) || !strings.Contains(err.Error(), "unrecognised format") {
			t.Errorf("%q: %v", m, err)
		}
	}
}

// A sketch that prints a comma after every value ends each line with one
// (protocols §3; a CSV file's lines with a bare comma at the end are read
// so): the comma opens no field, with a header or without, 4 or 7 values.
// Every such line was a bad line ("5 fields, want 4 … or 7"), every
// message refused.
func TestCSVPayloadTrailingComma(t *testing.T) {
	for _, c := range []struct {
		msg string
		hdr string
		acc [3]float64
		gyr [3]float64
	}{
		{"1,0.1,0.2,9.8,\r\n2,0.1,0.2,9.8,\r\n", "", [3]float64{0.1, 0.2, 9.8}, [3]float64{}},
		{"1,0.1,0.2,9.8,1,2,3,\n2,0.1,0.2,9.8,1,2,3,\n", "", [3]float64{0.1, 0.2, 9.8}, [3]float64{1, 2, 3}},
		{"t,az,ay,ax,\n1,9.8,0.2,0.1,\n2,9.8,0.2,0.1\n", "t,az,ay,ax,", [3]float64{0.1, 0.2, 9.8}, [3]float64{}},
		{"1, 9.8, 0.2, 0.1, \n2, 9.8, 0.2, 0.1 ,\n", "", [3]float64{9.8, 0.2, 0.1}, [3]float64{}},
		// a ';' after every value (decimal commas), and a tab
		{"1;0,1;0,2;9,8;\r\n2;0,1;0,2;9,8;\n", "", [3]float64{0.1, 0.2, 9.8}, [3]float64{}},
		{"1\t0,1\t0,2\t9,8\t\n2\t0,1\t0,2\t9,8\t\n", "", [3]float64{0.1, 0.2, 9.8}, [3]float64{}},
	} {
		var p Payload
		if err := DecodePayload(&p, "dev", []byte(c.msg), PayloadOptions{}); err != nil || len(p.Samples) != 2 || len(p.BadLines) != 0 || p.CSVHeader != c.hdr {
			t.Errorf("%q: %v, %d samples, bad lines %v, header %q", c.msg, err, len(p.Samples), p.BadLines, p.CSVHeader)
			continue
		}
		for _, s := range p.Samples {
			if s.Acc != c.acc || s.Gyr != c.gyr {
				t.Errorf("%q: %+v, want acc %v gyr %v", c.msg, s, c.acc, c.gyr)
			}
		}
	}
	// a second comma at the end is an empty field: the line is bad
	var p Payload
	err := DecodePayload(&p, "dev", []byte("1,0.1,0.2,9.8,,\n2,0.1,0.2,9.8\n3,0.1,0.2,9.8\n"), PayloadOptions{})
	if err != nil || len(p.Samples) != 2 || len(p.BadLines) != 1 || !strings.Contains(p.BadLines[0].Error(), "line 1: 5 fields") {
		t.Errorf("two commas: %v %d samples, bad %v", err, len(p.Samples), p.BadLines)
	}
}

// A csv message's lines separated as an Arduino sketch or a spreadsheet
// locale writes them (protocols §3: ',' ';' tab or space; §6: ';' or a
// tab with decimal commas) read as the comma's, header or not. They were
// "1 fields, want 4", every line, or a decimal comma split a value in two.
func TestCSVPayloadSeparators(t *testing.T) {
	want := [2][3]float64{{0.12, -0.34, 9.81}, {0.13, -0.35, 9.8}}
	for _, msg := range []string{
		"1000;0,12;-0,34;9,81\r\n1010;0,13;-0,35;9,8\r\n",
		"1000;0.12;-0.34;9.81\n1010;0.13;-0.35;9.8\n",
		"1000\t0.12\t-0.34\t9.81\n1010\t0.13\t-0.35\t9.8\n",
		"1000\t0,12\t-0,34\t9,81\n1010\t0,13\t-0,35\t9,8\n",
		"1000 0.12 -0.34 9.81\n1010  0.13 -0.35 9.8 \n",
		"t;az;ay;ax\n1000;9,81;-0,34;0,12\n1010;9,8;-0,35;0,13\n",
		"\"t\"\t\"az\"\t\"ay\"\t\"ax\"\n1000\t9.81\t-0.34\t0.12\n1010\t9.8\t-0.35\t0.13\n",
		"t az ay ax\n1000 9.81 -0.34 0.12\n1010 9.8 -0.35 0.13\n",
		// a comma and a tab between values (Serial.print(",\t")): commas
		"1000,\t0.12,\t-0.34,\t9.81\n1010 ,\t0.13\t,-0.35,\t9.8,\t\n",
	} {
		var p Payload
		err := DecodePayload(&p, "dev", []byte(msg), PayloadOptions{TimeUnit: "ms"})
		if err != nil || len(p.Samples) != 2 || len(p.BadLines) != 0 {
			t.Errorf("%q: %v, %d samples, bad %v", msg, err, len(p.Samples), p.BadLines)
			continue
		}
		for i, s := range p.Samples {
			if !near3(s.Acc, want[i]) || s.T != 1+0.01*float64(i) {
				t.Errorf("%q: sample %d %+v, want %v at %v s", msg, i, s, want[i], 1+0.01*float64(i))
			}
		}
	}
	// a header sent alone with ';' places the columns of the lines after
	var p Payload
	if err := DecodePayload(&p, "dev", []byte("t;az;ay;ax\n"), PayloadOptions{}); !errors.Is(err, ErrCSVHeaderOnly) {
		t.Fatalf("header alone: %v", err)
	}
	if err := DecodePayload(&p, "dev", []byte("1000;9,81;-0,34;0,12\n"), PayloadOptions{CSVHeader: p.CSVHeader, TimeUnit: "ms"}); err != nil || !near3(p.Samples[0].Acc, want[0]) {
		t.Errorf("after a header alone: %v %+v", err, p.Samples)
	}
}

// TestCSVPayloadStatusLine: a line of words that names no time,
// acceleration or rate (a device's status line, "imu,ready,fw,1.2.0") is
// not a header: a bad line, and not kept as the device's header
// (Payload.CSVHeader stays empty), so its later messages are read. It was
// kept as a refused header, and every later message without a header was
// refused by it (a review).
func TestCSVPayloadStatusLine(t *testing.T) {
	var p Payload
	for _, m := range []string{"imu,ready,fw,1.2.0\n", "imu;ready;fw;1.2.0"} {
		err := DecodePayload(&p, "dev", []byte(m), PayloadOptions{})
		if p.CSVHeader != "" || errors.Is(err, ErrCSVHeaderOnly) {
			t.Errorf("%q: header %q kept (%v)", m, p.CSVHeader, err)
		}
		if err == nil || !strings.Contains(err.Error(), "names no time, acceleration or rate") {
			t.Errorf("%q: %v", m, err)
		}
	}
	// a header with a name it cannot place is still a header, refused
	// and kept (its device's lines are not read by position), and so is
	// one of names gaitd does not know above data lines: read by
	// position, "Zeit,Beschl_Z,…"'s axes would be reversed (a review)
	for m, hdr := range map[string]string{"t,ax,ay,temp\n": "t,ax,ay,temp", "Zeit,Beschl_Z,Beschl_Y,Beschl_X\n1,0.1,0.2,9.8\n": "Zeit,Beschl_Z,Beschl_Y,Beschl_X"} {
		err := DecodePayload(&p, "dev", []byte(m), PayloadOptions{})
		if err == nil || p.CSVHeader != hdr || len(p.Samples) != 0 {
			t.Errorf("%q: %v, header %q, %d samples", m, err, p.CSVHeader, len(p.Samples))
		}
	}
	// lines of words after the message's own header are refused, not
	// taken for its header (the first version of this check left the
	// message's columns a status line's, and indexed a time column of
	// -1: serve crashed on one 33-byte message — a review)
	for _, m := range []string{"t,ax,ay,az\n1\nok,1,2,3\n0.01,0,0,1\n", "t;AX;AY;AZ\nA;;;0\n;;;0"} {
		if err := DecodePayload(&p, "dev", []byte(m), PayloadOptions{Format: PayloadCSV}); err == nil || len(p.Samples) != 0 {
			t.Errorf("%q: %v, %d samples", m, err, len(p.Samples))
		}
	}
}

// TestCSVPayloadHeaderAsFile: a csv payload's header is read as a CSV
// file's: SensorLog's Core Motion accelerometer columns read negated, a
// time in minutes (t_min) as minutes, as the CSV reader reads them (the
// payload read SensorLog's as sent, every side swapped in serve against
// analyze, and minutes by magnitude: 100 Hz as 6 kHz — a review); Xsens
// SampleTimeFine, whose tick a message cannot tell, is refused naming it.
func TestCSVPayloadHeaderAsFile(t *testing.T) {
	for _, tc := range []struct{ header, t0, t1 string }{
		{"accelerometerTimestamp_sinceReboot(s),accelerometerAccelerationX(G),accelerometerAccelerationY(G),accelerometerAccelerationZ(G)", "1000.00", "1000.01"},
		{"t_min,ax,ay,az", "1", "1.000166666666667"},
	} {
		lines := []string{tc.header}
		for i, tt := range []string{tc.t0, tc.t1} {
			lines = append(lines, fmt.Sprintf("%s,0.%d2,-0.98,0.1", tt, i))
		}
		text := strings.Join(lines, "\n") + "\n"
		// mirrored given too: negated once, as the CSV reader does (the
		// payload negated SensorLog's twice — a review)
		for _, mirrored := range []bool{false, true} {
			var p Payload
			err := DecodePayload(&p, "d", []byte(text), PayloadOptions{Format: PayloadCSV, AccUnit: "g", Mirrored: mirrored})
			if err != nil {
				t.Errorf("%s: %v", tc.header, err)
				continue
			}
			r, err := NewCSVReader(strings.NewReader(text), CSVOptions{Name: "f.csv", AccUnit: "g", Rate: 100, Mirrored: mirrored})
			if err != nil {
				t.Fatalf("%s: %v", tc.header, err)
			}
			var s Sample
			n := 0
			for i := 0; r.Read(&s) == nil; i++ {
				n++
				if i >= len(p.Samples) {
					t.Fatalf("%s: the file has more samples than the payload's %d", tc.header, len(p.Samples))
				}
				ps := p.Samples[i]
				if math.Abs(ps.Acc[1]-s.Acc[1]) > 1e-9 || math.Abs(ps.Acc[0]-s.Acc[0]) > 1e-9 {
					t.Errorf("%s: sample %d: payload acc %v, file %v", tc.header, i, ps.Acc, s.Acc)
				}
				if i == 1 && math.Abs((ps.T-p.Samples[0].T)-0.01) > 1e-6 {
					t.Errorf("%s: payload step %v s, want 0.01", tc.header, ps.T-p.Samples[0].T)
				}
			}
			if n != 2 || len(p.Samples) != 2 {
				t.Errorf("%s: %d samples from the file, %d from the payload; want 2", tc.header, n, len(p.Samples))
			}
			if p.Mirrored != (mirrored || strings.HasPrefix(tc.header, "accelerometer")) {
				t.Errorf("%s, mirrored %v: Payload.Mirrored %v", tc.header, mirrored, p.Mirrored)
			}
		}
	}
	var p Payload
	if err := DecodePayload(&p, "d", []byte("SampleTimeFine,Acc_X,Acc_Y,Acc_Z\n100,0,0,9.8\n200,0,0,9.8\n"), PayloadOptions{}); err == nil || !strings.Contains(err.Error(), "SampleTimeFine") {
		t.Errorf("SampleTimeFine: %v", err)
	}
}
