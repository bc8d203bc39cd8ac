package sensor

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestCSVRowLine: RowLine is the line of the row whose result Read
// returned — from the lookahead, after blank and comment lines, for a bad
// line, and for a line held on a time jump and handed out a line late —
// not the lines the reader read past it (Lines), whatever the chunks it is
// read in.
func TestCSVRowLine(t *testing.T) {
	var b strings.Builder
	want := []int{} // the line of each result, in order
	line := 0
	w := func(s string, row bool) {
		b.WriteString(s)
		line++
		if row {
			want = append(want, line)
		}
	}
	w("# a logger's note\n", false)
	w("t,ax,ay,az\n", false)
	tt := 0.0
	for i := range 40 {
		switch i {
		case 3:
			w("\n", false)
		case 5:
			w("# battery 3.9 V\n", false)
			w("   \n", false)
		case 12:
			w(fmt.Sprintf("%.2f,0.1,oops,1.0\n", tt), true) // bad
			tt += 0.01
			continue
		case 30:
			tt += 1 // a gap: the line is held until the next goes on from it
		}
		w(fmt.Sprintf("%.2f,0.1,0.0,%.3f\n", tt, 1+0.2*float64(i%7)/7), true)
		tt += 0.01
	}
	for _, chunk := range []struct {
		name string
		r    func(io.Reader) io.Reader
	}{{"whole", func(r io.Reader) io.Reader { return r }}, {"one byte", iotest.OneByteReader}, {"half", iotest.HalfReader}} {
		t.Run(chunk.name, func(t *testing.T) {
			cr, err := NewCSVReader(chunk.r(strings.NewReader(b.String())), CSVOptions{Name: "rows.csv", Lookahead: 8})
			if err != nil {
				t.Fatal(err)
			}
			if cr.RowLine() != 0 {
				t.Errorf("RowLine before a Read = %d, want 0", cr.RowLine())
			}
			var got []int
			for {
				var s Sample
				err := cr.Read(&s)
				if err == io.EOF {
					break
				}
				var le *LineError
				if err != nil && !errors.As(err, &le) {
					t.Fatal(err)
				}
				if le != nil && le.Line != cr.RowLine() {
					t.Errorf("bad line %d, RowLine %d", le.Line, cr.RowLine())
				}
				got = append(got, cr.RowLine())
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("RowLine of each row\n got %v\nwant %v", got, want)
			}
		})
	}
}
