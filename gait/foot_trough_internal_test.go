package gait

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// TestToeOffLastTrough: a gyro shank's toe-off is the trough that ends
// the stance, before the swing. A stride of the sagittal rate (swing
// positive, rad/s, 143 Hz) from a mid-swing peak through the contact dip
// to a stance and the next swing's rise: with a toe-off trough deeper than
// the stance, toe-off is that trough; with a level stance plateau up to the
// toe-off (a weak push-off: no trough deeper than the plateau), the
// deepest point lay wherever the plateau's noise put it, mid-stance (an
// independent shank model's 1.2 m/s walk: toe-off 165 ms early), and is
// now the plateau's end. A trough in the stance deeper than the plateau
// after it by more than a twentieth of the rise is kept.
func TestToeOffLastTrough(t *testing.T) {
	const rate = 143.0
	e, err := New(Config{Placement: Shank}, sensor.Layout{Rate: rate, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}})
	if err != nil {
		t.Fatal(err)
	}
	const prev, dip, plateau, end, cur = 5, 45, 70, 110, 155
	// stride builds the rate: the mid-swing peak at prev, a smooth fall
	// into the contact dip (−4 rad/s) at dip, up to −0.7 at plateau − 10,
	// the stance level −1.5 (noise sd 0.03) from plateau to end, trough
	// added to it at at (end: a toe-off trough), and a rise to the next
	// peak at cur.
	stride := func(seed uint64, trough float64, at int) []float64 {
		r := rand.New(rand.NewPCG(seed, 1))
		x := make([]float64, cur+20)
		seg := func(i0, i1 int, v0, v1 float64) {
			for i := i0; i <= i1; i++ {
				u := float64(i-i0) / float64(i1-i0)
				x[i] = v0 + (v1-v0)*(1-math.Cos(math.Pi*u))/2
			}
		}
		seg(0, prev, 5, 6)
		seg(prev, dip, 6, -4)
		seg(dip, plateau-10, -4, -0.7)
		seg(plateau-10, plateau, -0.7, -1.5)
		for i := plateau; i <= end; i++ {
			x[i] = -1.5 + 0.03*r.NormFloat64()
		}
		if trough != 0 {
			seg(at-8, at, x[at-8], -1.5+trough)
			if at < end {
				seg(at, at+8, -1.5+trough, x[at+8])
			}
		}
		seg(end, cur, x[end], 6)
		seg(cur, len(x)-1, 6, 4)
		return x
	}
	for _, tc := range []struct {
		name   string
		trough float64 // added to the stance level (negative: deeper)
		at     int     // where
		want   float64 // toe-off index
		tol    float64
	}{
		{"toe-off trough", -1.0, end, end, 1},
		{"level plateau to the toe-off", 0, 0, end, 4},
		{"a deeper trough mid-stance", -1.0, 90, 90, 1},
	} {
		for seed := uint64(1); seed <= 8; seed++ {
			x := stride(seed, tc.trough, tc.at)
			ic, fc, _, _, _, ok := e.swingContact(x, 0, prev, cur, true)
			if !ok || math.Abs(ic-dip) > 1 {
				t.Fatalf("%s, seed %d: contact ok %v, IC %.1f, want %d", tc.name, seed, ok, ic, dip)
			}
			if math.Abs(fc-tc.want) > tc.tol {
				t.Errorf("%s, seed %d: toe-off at %.1f, want %.0f ± %.0f", tc.name, seed, fc, tc.want, tc.tol)
			}
		}
	}
}
