package gait

import (
	"math"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestClipVertex: a toe-off trough made of two parabolas with their own
// curvature, cut off by the gyroscope's range, has its hidden vertex found
// from its flanks (clipVertex) at 50–1000 Hz, to within a tenth of the
// plateau's width (a quarter of a sample at least; found within 0.22),
// where the plateau's middle is off by up to a quarter of its width when
// one flank is three times as steep as the other. A flank at the level (a plateau that began before
// the level was known: not marked) gives c back.
func TestClipVertex(t *testing.T) {
	for _, rate := range []float64{50, 143, 500, 1000} {
		e, err := New(Config{Placement: Shank}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}})
		if err != nil {
			t.Fatal(err)
		}
		n := int64(0.6 * rate)
		for _, tc := range []struct{ aL, aR, depth float64 }{
			{1, 1, 0.5},  // symmetric, clipped at half its depth
			{1, 9, 0.5},  // right flank three times as steep
			{9, 1, 0.6},  // left flank three times as steep
			{2, 5, 0.15}, // barely clipped
			{4, 1, 0.75}, // deeply clipped
		} {
			// y = −8 + a·u² rad/s (u in s from the vertex), clipped at
			// the level −8·(1 − depth)
			t0 := 0.2913 * rate
			level := -8 * (1 - tc.depth)
			e.n = n
			e.gsign = 1
			for i := int64(0); i < n; i++ {
				u := (float64(i) - t0) / rate
				a := tc.aL
				if u > 0 {
					a = tc.aR
				}
				y, sat := -8+8*a*u*u/0.01, 0.0
				if y <= level {
					y, sat = level, 1
				}
				e.ap.set(i, y)
				e.gsatR.set(i, sat)
			}
			// the plateau's ends, for its width and middle
			s0, s1 := int64(-1), int64(-1)
			for i := int64(0); i < n; i++ {
				if e.gsatR.at(i) != 0 {
					if s0 < 0 {
						s0 = i
					}
					s1 = i
				}
			}
			w := float64(s1 - s0 + 1)
			c := float64(s1) // the filtered argmin can lie anywhere on it
			got := e.clipVertex(c, int64(c)-3, int64(c)+3)
			mid := float64(s0+s1) / 2
			tol := math.Max(0.25, 0.1*w)
			t.Logf("%4.0f Hz, curvatures %v/%v, depth %.2f: plateau %.0f samples, vertex %.2f found %.2f (middle %.2f)", rate, tc.aL, tc.aR, tc.depth, w, t0, got, mid)
			if math.Abs(got-t0) > tol {
				t.Errorf("%.0f Hz, curvatures %v/%v, depth %.2f: vertex %.2f, found %.2f (tolerance %.2f)", rate, tc.aL, tc.aR, tc.depth, t0, got, tol)
			}
		}
		// a flank at the level: c back
		for i := int64(0); i < n; i++ {
			e.ap.set(i, -3)
			e.gsatR.set(i, 0)
		}
		for i := n / 2; i < n/2+int64(0.1*rate); i++ {
			e.gsatR.set(i, 1)
		}
		for i := n/2 + int64(0.1*rate); i < n; i++ {
			e.ap.set(i, -3+float64(i-n/2-int64(0.1*rate))/rate*40)
		}
		if c := float64(n/2 + 3); e.clipVertex(c, n/2, n/2+5) != c {
			t.Errorf("%.0f Hz: a flat flank moved the toe-off", rate)
		}
	}
}
