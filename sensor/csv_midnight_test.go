package sensor

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// A logger's time of day without a date runs on over midnight: the
// samples after 00:00:00 follow those before it by one sample period.
// Before, the time going back 86 400 s was read as a clock reset (a 3 s
// gap, ClockResets 1) or, inside the lookahead, unreadable times.
func TestCSVTimeOfDayOverMidnight(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start float64 // s since midnight of the first line
		n     int     // lines at 100 Hz
	}{
		{"midnight after the lookahead", 23*3600 + 59*60 + 50, 2000},
		{"midnight inside the lookahead", 23*3600 + 59*60 + 59.5, 2000},
		{"midnight at the second line", 86399.99, 500},
		{"no midnight", 9 * 3600, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("time,ax,ay,az\n")
			for i := range tc.n {
				s := math.Mod(tc.start+float64(i)/100, 86400)
				ms := int(math.Round(s * 1000))
				fmt.Fprintf(&b, "%02d:%02d:%02d.%03d,%.3f,0.05,0.1\n",
					ms/3600000, ms/60000%60, ms/1000%60, ms%1000, 1+0.3*math.Sin(2*math.Pi*1.8*float64(i)/100))
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "tod.csv"})
			if err != nil {
				t.Fatal(err)
			}
			var s Sample
			prev, n := math.NaN(), 0
			for {
				err := r.Read(&s)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("line %d: %v", n+2, err)
				}
				if n == 0 && math.Abs(s.T-tc.start) > 1e-6 {
					t.Errorf("first sample at %.3f s; want %.3f", s.T, tc.start)
				}
				if n > 0 && math.Abs(s.T-prev-0.01) > 1e-6 {
					t.Fatalf("sample %d at %.3f s, %.3f s after the one before; want 0.010", n, s.T, s.T-prev)
				}
				prev = s.T
				n++
			}
			st := r.Stats()
			if n != tc.n || st.ClockResets != 0 || st.BadLines != 0 || st.TimeRate < 99.9 || st.TimeRate > 100.1 {
				t.Errorf("%d samples, %d clock resets, %d bad lines, rate %.2f Hz; want %d, 0, 0, 100", n, st.ClockResets, st.BadLines, st.TimeRate, tc.n)
			}
		})
	}
}
