package sensor

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestPayloadSoftNames checks csv payloads whose header names, beside a
// time and the channels it places, a time an app names its own way
// (unix_timestamp, ChipTime, DateTime …) or a body location's channel:
// ignored as before those names were read, not refused ("a second time
// column", "its axis is named twice"). Alone, such a time is the time.
func TestPayloadSoftNames(t *testing.T) {
	for _, tc := range []struct {
		hdr     string
		ignored []string
	}{
		{"millis,ax,ay,az,unix_timestamp", []string{"unix_timestamp"}},
		{"t,ax,ay,az,ChipTime", []string{"ChipTime"}},
		{"t,ax,ay,az,DateTime", []string{"DateTime"}},
		{"ts,EpochTime,ax,ay,az", []string{"EpochTime"}},
		{"t,ax,ay,az,Phone timestamp", []string{"Phone timestamp"}},
		{"t,ax,ay,az,imu_time", []string{"imu_time"}},
		{"t,ax,ay,az,left_ax", []string{"left_ax"}},
		{"t,ax,ay,az,gx,gy,gz,heel_gx", []string{"heel_gx"}},
		{"t,ax,ay,az,X[s]", []string{"X[s]"}},
		{"unix_timestamp,ax,ay,az", nil},
	} {
		names := strings.Split(tc.hdr, ",")
		var b strings.Builder
		b.WriteString(tc.hdr + "\n")
		for k := range 3 {
			v := make([]string, len(names))
			for i, n := range names {
				switch {
				case classifyColumn(n).role == roleTime:
					v[i] = fmt.Sprintf("%.2f", 1700000000+0.01*float64(k))
				default:
					v[i] = fmt.Sprintf("%.2f", 0.1*float64(i)+0.01*float64(k))
				}
			}
			b.WriteString(strings.Join(v, ",") + "\n")
		}
		var p Payload
		if err := DecodePayload(&p, "topic", []byte(b.String()), PayloadOptions{Epoch: 1700000000000000000}); err != nil {
			t.Errorf("%q: %v", tc.hdr, err)
			continue
		}
		if p.Layout.Acc != [3]bool{true, true, true} || len(p.Samples) != 3 || !slices.Equal(p.CSVIgnored, tc.ignored) {
			t.Errorf("%q: layout %+v, %d samples, ignored %q; want %q", tc.hdr, p.Layout, len(p.Samples), p.CSVIgnored, tc.ignored)
		}
	}
}

// TestCSVSoftTimeAfterPlain reads files with two time columns of one
// rank, an app's own name or a location's first: the plain one is read,
// as before those names were read.
func TestCSVSoftTimeAfterPlain(t *testing.T) {
	for _, tt := range []struct{ hdr, want string }{
		{"DateTime,ax,ay,az,time_ms", "time=time_ms(ms)"},
		{"sensor_time,ax,ay,az,timestamp", "time=timestamp("},
	} {
		in := exportRecording(tt.hdr, "", ",", func(i int, t float64, a, g [3]float64) []string {
			first := fmt.Sprintf("%.3f", 5+t)
			if strings.HasPrefix(tt.hdr, "DateTime") {
				first = stamp(t, "2006-01-02 15:04:05.000")
			}
			return []string{first, fmt.Sprintf("%.5f", a[0]), fmt.Sprintf("%.5f", a[1]), fmt.Sprintf("%.5f", a[2]), fmt.Sprintf("%.0f", 1000*t)}
		})
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "s.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		if res := readAll(t, r); len(res.samples) != 400 || !strings.Contains(r.Describe(), tt.want) {
			t.Errorf("%s: %d samples, %s; want %q", tt.hdr, len(res.samples), r.Describe(), tt.want)
		}
	}
}
