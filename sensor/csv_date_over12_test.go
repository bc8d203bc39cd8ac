package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestCSVDateOrderDayOver12: dates d/M/yyyy the lookahead cannot order,
// read month first, whose change of day makes the day 13 (12/11/2021
// 23:59:59 → 13/11/2021 00:00:00) are read on day first from there, on
// the time base of the lines before, as a change of day to 12 or under
// is (TestCSVDateOrderAtMidnight). Read month first, 13/11/2021 was no
// date: the file ended there, "unparsable value".
func TestCSVDateOrderDayOver12(t *testing.T) {
	for _, base := range []time.Time{time.Date(2021, 11, 12, 23, 59, 50, 0, time.UTC), time.Date(2021, 12, 12, 23, 59, 50, 0, time.UTC)} {
		var b strings.Builder
		b.WriteString("Timestamp,ax,ay,az\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "%s,%.3f,%.3f,0.02\n", base.Add(time.Duration(i)*10*time.Millisecond).Format("02/01/2006 15:04:05.000"), 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "dates.csv"})
		if err != nil {
			t.Fatal(err)
		}
		var s Sample
		last, worst, n := math.NaN(), 0.0, 0
		for {
			if err = r.Read(&s); err != nil {
				break
			}
			if n > 0 {
				worst = max(worst, math.Abs(s.T-last-0.01))
			}
			last = s.T
			n++
		}
		if n != 2000 || worst > 1e-3 || r.Stats().DayFirstAt != 1002 {
			t.Errorf("%v: %d samples (%v), a step off by %.3f s, DayFirstAt %d; want 2000, none, 1002", base, n, err, worst, r.Stats().DayFirstAt)
		}
	}
}
