package sensor

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestCSVNumberLinesFrom: with NumberLinesFrom, a bad line's LineError and
// the error that ends the reader (too many bad lines) count from the line
// given as line 1 — the header put in front of a live device's lines is
// not one of them — while RowLine and Stats keep the reader's count.
func TestCSVNumberLinesFrom(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 40 {
		if i == 20 {
			b.WriteString("0.20,0.1,oops,1.0\n") // the reader's line 22
			continue
		}
		fmt.Fprintf(&b, "%.2f,0.1,0.0,1.0\n", float64(i)/100)
	}
	for range 4 {
		// the reader's lines 42 to 45: over 10 % of the rows bad, and
		// over 2 in a row, at the fourth
		b.WriteString("x,y,z,w\n")
	}
	for _, tc := range []struct {
		first      int
		bad, fatal int // the line numbers reported
	}{
		{1, 22, 45},
		{2, 21, 44},  // a header put in front of the lines
		{-2, 25, 48}, // 3 lines read before the reader's first
	} {
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "tty", Lookahead: 8, MaxBadLines: 2})
		if err != nil {
			t.Fatal(err)
		}
		r.NumberLinesFrom(tc.first)
		var s Sample
		var errs []error
		for {
			err := r.Read(&s)
			if err == io.EOF || errors.Is(err, ErrTooManyBadLines) {
				errs = append(errs, err)
				break
			}
			if err != nil {
				errs = append(errs, err)
				if len(errs) == 1 && r.RowLine() != 22 {
					t.Errorf("first %d: RowLine %d at the bad line, want the reader's 22", tc.first, r.RowLine())
				}
			}
		}
		var le *LineError
		if len(errs) != 5 || !errors.As(errs[0], &le) || le.Line != tc.bad || !strings.HasPrefix(errs[0].Error(), fmt.Sprintf("tty:%d: ", tc.bad)) {
			t.Fatalf("first %d: errors %v, want the bad line at line %d first, of 5", tc.first, errs, tc.bad)
		}
		if got, want := errs[4].Error(), fmt.Sprintf("tty:%d: %v", tc.fatal, ErrTooManyBadLines); !strings.HasPrefix(got, want) {
			t.Errorf("first %d: the reader ended with %q, want it to start %q", tc.first, got, want)
		}
		if n := r.Stats().Lines; n != 45 {
			t.Errorf("first %d: Stats().Lines %d, want the reader's 45", tc.first, n)
		}
	}
}

// TestCSVUnreadKeepsPlaces: Unread gives back the blank and comment lines
// of the lookahead not served, and a line over the length limit, as blank
// lines: a caller that reads on from them (a live device's restarted
// session) numbers each line after them at its place. They were left out,
// the lines after them as many lines early.
func TestCSVUnreadKeepsPlaces(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 40 {
		switch i {
		case 10:
			b.WriteString("# a comment\n")
		case 12:
			b.WriteString("\n\n")
		case 15:
			b.WriteString(strings.Repeat("1", MaxLine+10) + "\n")
		}
		fmt.Fprintf(&b, "%.2f,0.1,0.0,1.0\n", float64(i)/100)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "tty", Lookahead: 32})
	if err != nil {
		t.Fatal(err)
	}
	var s Sample
	for range 5 {
		if err := r.Read(&s); err != nil {
			t.Fatal(err)
		}
	}
	// the lines after the fifth data line (the reader's line 6), as read
	want := strings.Join(strings.SplitAfter(b.String(), "\n")[6:], "")
	got := string(r.Unread())
	if n, w := strings.Count(got, "\n"), strings.Count(want, "\n"); n != w {
		t.Errorf("Unread gave back %d lines, want the %d after the last served", n, w)
	}
	for i, line := range strings.Split(got, "\n") {
		if w := strings.Split(want, "\n")[i]; line != w && (line != "" || !strings.HasPrefix(w, "#") && len(w) <= MaxLine) {
			t.Errorf("line %d given back as %.40q, want %.40q", i+1, line, w)
		}
	}
}

// failingReader returns err where r ends.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		err = f.err
	}
	return n, err
}

// TestCSVReadErrorNumbered: an input that fails while the reader looks
// ahead of the line it reads (peekRows: reading on past a lookahead of
// zeros, inside NewCSVReader; a time that went back, looking for a
// restarted clock) ends the reader with the error once, at the line after
// the last read, counted as NumberLinesFrom says. It was numbered twice
// ("tty:550: tty:552: boom"), the inner number as the reader counts when
// the lookahead read on before NumberLinesFrom.
func TestCSVReadErrorNumbered(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		text  func(b *strings.Builder)
		opt   CSVOptions
		lines int // the input's lines
	}{
		{"past a lookahead of zeros", func(b *strings.Builder) {
			for i := range 520 {
				fmt.Fprintf(b, "%.2f,0,0,0\n", float64(i)/100)
			}
			for i := range 30 {
				fmt.Fprintf(b, "%.2f,0.1,0.0,%.2f\n", float64(520+i)/100, 1+0.1*float64(i%5))
			}
		}, CSVOptions{Name: "tty"}, 551},
		{"a restarted clock looked for", func(b *strings.Builder) {
			for i := range 300 {
				fmt.Fprintf(b, "%.2f,0.1,0.0,1.0\n", float64(i)/100)
			}
			b.WriteString("0.00,0.3,0.0,1.0\n0.01,0.3,0.0,1.0\n")
		}, CSVOptions{Name: "tty", Lookahead: 8, ClockResets: true}, 303},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("t,ax,ay,az\n")
			tc.text(&b)
			r, err := NewCSVReader(&failingReader{strings.NewReader(b.String()), boom}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			r.NumberLinesFrom(3) // two lines read before the reader's first
			var s Sample
			for {
				err := r.Read(&s)
				if err == nil || !errors.Is(err, boom) && !errors.Is(err, ErrTooManyBadLines) && err != io.EOF {
					continue
				}
				if want := fmt.Sprintf("tty:%d: boom", tc.lines+1-2); err == nil || err.Error() != want {
					t.Errorf("the reader ended with %v, want %q", err, want)
				}
				break
			}
		})
	}
}
