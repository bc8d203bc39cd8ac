package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestCSVKeyValuePreamble: key,value lines before the header (a device's
// name and rate, as Shimmer, ActiGraph or a spreadsheet write them,
// padded to the data's field count) are preamble; the header is the line
// that names the columns read. The first such line of the data's field
// count was taken for the header of a file whose header names no
// acceleration: a gyroscope's file for --gyro was refused as having no
// gyroscope columns, and an accelerometer file of a gyroscope alone was
// refused naming the preamble line rather than the gyroscope.
func TestCSVKeyValuePreamble(t *testing.T) {
	rows := func(nf int, g float64) string {
		var b strings.Builder
		for i := range 600 {
			x := float64(i)
			vals := []float64{x / 100, 0.5 * math.Sin(x/7), 0.3 * math.Sin(x/5), g + 0.02 + 0.01*math.Cos(x/3)}
			vals = vals[4-nf:]
			for j, v := range vals {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "%.3f", v)
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, head string
		nf         int
		gyroOnly   bool
		hdr, desc  string // want: header line, in the description
		err        string // want: construction error containing
	}{
		{"gyro file, device line", "Device,AX6,serial,123\nSample rate,100,Hz,\ntime,gx,gy,gz\n", 4, true,
			"time,gx,gy,gz", "time=time(s detected) gyro=gx,gy,gz(rad/s)", ""},
		{"gyro file without time, stated rate", "Device,AX6,serial\nSample rate,50,Hz\ngx,gy,gz\n", 3, true,
			"gx,gy,gz", `time=none(index/50.0Hz from line 2, "Sample rate,50")`, ""},
		{"accelerometer after device lines", "Device,AX3,serial,123\nSample rate,100,Hz,\nt,ax,ay,az\n", 4, false,
			"t,ax,ay,az", "time=t(s detected) acc=ax,ay,az", ""},
		{"gyroscope given as accelerometer", "Device,AX6,serial,123\ntime,gx,gy,gz\n", 4, false,
			"", "", "gyroscope only: gaitd analyze takes it with --gyro beside the accelerometer's file): time,gx,gy,gz"},
	} {
		opt, g := CSVOptions{Name: "p.csv", GyroOnly: tc.gyroOnly}, 1.0 // (an accelerometer's gravity along z)
		if tc.gyroOnly {
			opt.GyroUnit, g = "rad/s", 0
		}
		r, err := NewCSVReader(strings.NewReader(tc.head+rows(tc.nf, g)), opt)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := r.HeaderLine(); got != tc.hdr {
			t.Errorf("%s: header %q, want %q", tc.name, got, tc.hdr)
		}
		if got := r.Describe(); !strings.Contains(got, tc.desc) {
			t.Errorf("%s: describe %q, want %q in it", tc.name, got, tc.desc)
		}
		if res := readAll(t, r); len(res.samples) != 600 || len(res.errs) != 0 {
			t.Errorf("%s: %d samples, %d errors (%v); want 600, none", tc.name, len(res.samples), len(res.errs), res.errs)
		}
	}
}
