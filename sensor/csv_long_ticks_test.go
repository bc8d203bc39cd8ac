package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestCSVLongTicks: a time column whose ticks hold more than four samples
// (an ActiGraph export's Timestamp in whole seconds, 100 rows of
// "3/10/2025 10:00:01"; a clock in tenths of a second; epoch seconds as
// integers) is read on the file's own clock, each tick's samples spaced
// at the rate from its stamp: the rate a preamble states, else the rows of
// a whole tick. Such columns were passed over as not increasing: the
// samples timed from 0 by the ActiGraph preamble's rate, or refused for
// want of a rate. A first tick cut short (a file that starts mid-second)
// has its samples as the tick's last; a sample clock not locked to the
// time's (100.4 Hz in whole seconds: ticks of 100 and 101 rows) stays
// within a period of the truth.
func TestCSVLongTicks(t *testing.T) {
	base := time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)
	const actiGraph = "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format M/d/yyyy at 100 Hz  Filter Normal -----------\r\n" +
		"Serial Number: MOS2E22180349\r\nStart Time 10:00:00\r\nStart Date 3/10/2025\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n--------------------------------------------------\r\n"
	for _, tc := range []struct {
		name, pre string
		cell      func(time.Time) string
		rate      float64 // the samples'
		skip      int     // samples before the file's first
		wantRate  float64 // the layout's (within 0.5 %: the lookahead's whole ticks)
		tol       float64 // s, from the truth
	}{
		{"ActiGraph, whole seconds", actiGraph, func(at time.Time) string { return at.Format("1/2/2006 15:04:05") }, 100, 0, 100, 1e-6},
		{"ISO, whole seconds, from mid-second", "", func(at time.Time) string { return at.Format("2006-01-02 15:04:05") }, 50, 20, 50, 1e-6},
		{"tenths of a second", "", func(at time.Time) string { return at.Format("2006-01-02 15:04:05.0") }, 100, 0, 100, 1e-6},
		{"epoch seconds", "", func(at time.Time) string { return fmt.Sprint(at.Unix()) }, 100, 0, 100, 1e-6},
		{"sample clock not locked", "", func(at time.Time) string { return fmt.Sprint(at.Unix()) }, 100.4, 0, 100.4, 0.01},
	} {
		var b strings.Builder
		b.WriteString(tc.pre + "Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
		const n = 1500
		for i := range n {
			at := base.Add(time.Duration(math.Round(float64(i+tc.skip) / tc.rate * 1e9)))
			fmt.Fprintf(&b, "%s,%.3f,%.3f,%.3f\r\n", tc.cell(at), 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "RAW.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := r.Describe(); !strings.Contains(got, "time=Timestamp(s detected)") || math.Abs(r.Layout().Rate-tc.wantRate) > 0.005*tc.wantRate {
			t.Errorf("%s: describe %q, rate %v; want the Timestamp column in s, %v Hz", tc.name, got, r.Layout().Rate, tc.wantRate)
		}
		res := readAll(t, r)
		if len(res.samples) != n || len(res.errs) != 0 {
			t.Errorf("%s: %d samples, errors %v; want %d, none", tc.name, len(res.samples), res.errs, n)
			continue
		}
		for i, s := range res.samples {
			want := float64(base.Unix()) + float64(i+tc.skip)/tc.rate
			if math.Abs(s.T-want) > tc.tol || i > 0 && !(s.T > res.samples[i-1].T) {
				t.Errorf("%s: sample %d at %.4f s from the start, want %.4f", tc.name, i, s.T-float64(base.Unix()), want-float64(base.Unix()))
				break
			}
		}
	}
}

// TestCSVLongTicksFallback: a clock of whole seconds is read only when no
// other time column is usable: an RTC's epoch seconds beside millis()
// (an Arduino logger) is timed by the millis, whose steps show a drop of
// 25 samples; the whole seconds spread the samples evenly over each
// second, hiding it, and won when they came first (a review).
func TestCSVLongTicksFallback(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,millis,ax,ay,az\n")
	for i := range 1500 {
		k := i
		if i >= 700 {
			k += 25 // 250 ms lost
		}
		fmt.Fprintf(&b, "%d,%d,%.3f,%.3f,0.02\n", 1700000000+(k+37)/100, 5000+10*k, 0.05*math.Sin(float64(k)/7), 1+0.3*math.Sin(float64(k)/5))
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "rtc.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Describe(); !strings.Contains(d, "time=millis") {
		t.Errorf("describe %q, want the millis column", d)
	}
	var s Sample
	prev, maxStep, n := 0.0, 0.0, 0
	for ; r.Read(&s) == nil; n++ {
		if n > 0 {
			maxStep = max(maxStep, s.T-prev)
		}
		prev = s.T
	}
	if n != 1500 {
		t.Errorf("%d samples, want 1500", n)
	}
	if math.Abs(maxStep-0.26) > 1e-9 {
		t.Errorf("largest step %v s, want the drop's 0.26", maxStep)
	}
}
