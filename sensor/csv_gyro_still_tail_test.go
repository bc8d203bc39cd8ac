package sensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestGyroUnitStillButTail: a recording still from its start but for its
// last seconds (a standing start of 20.5 s, then 3 s of walking before the
// logger was stopped), acceleration in g, gyroscope in rad/s or deg/s
// without a unit, keeps its gyroscope's unit. Past a still lookahead the
// unit is judged in windows of 5.12 s, and the last lines, short of a
// window, were not judged: every window still, the rule for a still sensor
// took its rad/s for deg/s (with g), its rates 57 times too small. The
// last window of the file is judged whole: the lines before the tail with
// it.
func TestGyroUnitStillButTail(t *testing.T) {
	// still through the lookahead (512 rows) and three windows of 512
	// more: the movement only in the lines after the last whole window
	const still = 20.48
	for _, tail := range []float64{3, 1.5} {
		for _, unit := range []struct {
			name  string
			scale float64 // the file's value of 1 rad/s
		}{{"rad/s", 1}, {"deg/s", 180 / math.Pi}} {
			var b strings.Builder
			b.WriteString("t,ax,ay,az,gx,gy,gz\n")
			n := int((still + tail) * 100)
			for i := range n {
				tt := float64(i) / 100
				e := 0.002 * math.Sin(float64(i)*1.7) // noise
				a := [3]float64{0.02 + e, -0.01 - e, 1 + e}
				g := [3]float64{0.004 + e, -0.003 - e, 0.002 + e} // rad/s
				if i >= int(still*100) {
					ph := 2 * math.Pi * 0.9 * (tt - still)
					a[0] += 0.25 * math.Sin(2*ph)
					a[2] += 0.4 * math.Sin(2*ph+0.5)
					g[1] += 2.5 * math.Sin(ph)
					g[0] += 0.8 * math.Sin(2*ph)
					g[2] += 0.6 * math.Cos(ph)
				}
				fmt.Fprintf(&b, "%.2f,%.4f,%.4f,%.4f,%.5f,%.5f,%.5f\n", tt, a[0], a[1], a[2], g[0]*unit.scale, g[1]*unit.scale, g[2]*unit.scale)
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "still-tail.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if st := r.Stats(); st.GyroUnit != unit.name || st.GyroUnitBy != "detected" {
				t.Errorf("%.1f s moving at the end, in %s: gyro read as %s by %s", tail, unit.name, st.GyroUnit, st.GyroUnitBy)
			}
			if res := readAll(t, r); len(res.samples) != n || len(res.errs) != 0 {
				t.Errorf("%.1f s moving at the end, in %s: %d samples of %d, errors %q", tail, unit.name, len(res.samples), n, res.errs)
			}
		}
	}
}
