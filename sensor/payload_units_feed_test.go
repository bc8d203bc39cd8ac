package sensor

import (
	"strconv"
	"strings"
	"testing"
)

// unitsFeed passes a device's messages through one PayloadUnits, as the
// device's pipeline does, and keeps what it delivers, its notes and its
// errors.
type unitsFeed struct {
	t     *testing.T
	opt   PayloadOptions
	u     PayloadUnits
	p     Payload
	got   []Sample
	notes []string
	errs  []error
}

func (f *unitsFeed) deliver(q *Payload) { f.got = append(f.got, q.Samples...) }

func (f *unitsFeed) keep(note string, err error) {
	if note != "" {
		f.notes = append(f.notes, note)
	}
	if err != nil {
		f.errs = append(f.errs, err)
	}
}

// add decodes msg and adds it.
func (f *unitsFeed) add(msg string) {
	f.t.Helper()
	if err := DecodePayload(&f.p, "d", []byte(msg), f.opt); err != nil {
		f.t.Fatal(err)
	}
	f.keep(f.u.Add(&f.p, f.deliver))
}

// flush is the device's silence.
func (f *unitsFeed) flush() { f.keep(f.u.Flush(f.deliver)) }

// boardLines are samples as a board prints them, without a header: t, the
// acceleration in g and, with gyro, the rates as they are (rad/s).
func boardLines(ss []Sample, gyro bool) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(strconv.FormatFloat(s.T, 'f', 2, 64))
		vs := []float64{s.Acc[0] / G0, s.Acc[1] / G0, s.Acc[2] / G0}
		if gyro {
			vs = append(vs, s.Gyr[0], s.Gyr[1], s.Gyr[2])
		}
		for _, v := range vs {
			b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
