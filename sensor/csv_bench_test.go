package sensor

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"testing"
)

// benchCSV returns an n-line CSV "t,ax,ay,az,gx,gy,gz" at 100 Hz with five
// decimals, in g and deg/s, like the mobgap recordings.
func benchCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("t,ax,ay,az,gx,gy,gz\n")
	var buf []byte
	for i := range n {
		t := float64(i) / 100
		ph := 2 * math.Pi * 1.8 * t
		v := [...]float64{
			t,
			0.98 + 0.3*math.Sin(ph), -0.05 + 0.1*math.Cos(ph), 0.02 + 0.05*math.Sin(2*ph),
			20 * math.Sin(ph), 10 * math.Cos(ph), 5 * math.Sin(ph/2),
		}
		buf = buf[:0]
		for j, x := range v {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendFloat(buf, x, 'f', 5, 64)
		}
		buf = append(buf, '\n')
		b.Write(buf)
	}
	return b.Bytes()
}

func BenchmarkCSVReader(b *testing.B) {
	const lines = 1_000_000
	data := benchCSV(lines)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		r, err := NewCSVReader(bytes.NewReader(data), CSVOptions{Name: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		var s Sample
		for {
			err := r.Read(&s)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(0, "ns/op")
}
