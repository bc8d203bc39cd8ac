package sim

import (
	"strings"
	"testing"
)

// TestGCTErrorSaysDerived: when the contact time that fails the step time
// was derived (GCT 0), the error says so and names the balance it was
// split with, instead of naming an unrounded GCT the caller never set
// ("sim: GCT 0.6393013100436681: walking needs double support …" for a
// walk with GCTBalance 40).
func TestGCTErrorSaysDerived(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want []string
	}{
		{Config{Activity: Walking, Duration: 10, GCTBalance: 40},
			[]string{"sim: GCT 0.639 s (derived from Cadence", "GCTBalance 40", "walking needs double support"}},
		{Config{Activity: Running, Duration: 10, Speed: 2, Cadence: 240},
			[]string{"sim: GCT 0.260 s (derived from Speed)", "running needs a flight phase"}},
		{Config{Activity: Running, Duration: 10, GCT: 0.5},
			[]string{"sim: GCT 0.5: running needs a flight phase"}},
	} {
		_, err := New(tc.cfg)
		if err == nil {
			t.Errorf("%+v: no error", tc.cfg)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
}
