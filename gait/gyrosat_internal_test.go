package gait

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

// satPlain is gyroSat as it read before its common case got a cached
// threshold (satAxis.quiet): the saturation state of three axes, with the
// statistics it keeps.
type satPlain struct {
	ax                 [3]satAxis
	satNeed, stuckNeed int
	saturated          int64
	limit, stuckAt     float64
}

func (p *satPlain) stats() {
	p.limit, p.stuckAt = 0, 0
	for _, a := range p.ax {
		p.limit = math.Max(p.limit, a.level)
		p.stuckAt = math.Max(p.stuckAt, a.stuck)
	}
}

func (p *satPlain) push(w *[3]float64) bool {
	sat := false
	for k := range w {
		a := &p.ax[k]
		v := math.Abs(w[k])
		if a.stuck > 0 {
			if math.Abs(v-a.stuck) <= looseTol*a.stuck {
				continue
			}
			*a = satAxis{max: v, run: 1}
			p.stats()
			continue
		}
		if a.level > 0 {
			switch {
			case v > a.level*(1+looseTol):
				if a.beyond++; a.beyond >= 2 {
					*a = satAxis{max: v, run: 1}
					p.stats()
				}
			case v >= a.level*(1-looseTol):
				a.beyond = 0
				sat = true
				if a.run++; a.run > p.stuckNeed {
					*a = satAxis{stuck: v}
					p.stats()
				}
			default:
				a.beyond, a.run = 0, 0
			}
			continue
		}
		switch {
		case v > a.max*(1+looseTol):
			if a.beyond++; a.beyond >= 2 || a.max == 0 {
				a.max, a.run, a.plats, a.beyond = v, 1, 0, 0
			}
		case v >= a.max*(1-looseTol) && v >= gyroSatMin:
			a.beyond = 0
			if a.run++; a.run == p.satNeed {
				if a.plats++; a.plats >= gyroSatPlateaus {
					a.level = a.max
					p.stats()
				}
			} else if a.run > p.stuckNeed {
				*a = satAxis{stuck: v}
				p.stats()
			}
		default:
			a.beyond, a.run = 0, 0
		}
	}
	if sat {
		p.saturated++
	}
	return sat
}

// TestGyroSatMatchesPlain runs gyroSat and its plain form side by side on
// random rates with the events it tracks: clipping at a range limit (the
// level found, then left by a larger reading), an axis stuck at one value
// and moving again, single outliers and new largest values.
func TestGyroSatMatchesPlain(t *testing.T) {
	l := sensor.Layout{Rate: 143, Frame: sensor.FrameSensor, Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}}
	e, err := New(Config{Placement: Shank}, l)
	if err != nil {
		t.Fatal(err)
	}
	p := satPlain{satNeed: e.satNeed, stuckNeed: e.stuckNeed}
	r := rand.New(rand.NewPCG(3, 4))
	var w [3]float64
	limit, held := [3]float64{4.36, 6, 8.7}, [3]int{}
	found, stuck := false, false
	for i := range 200000 {
		for k := range w {
			switch {
			case held[k] > 0: // stuck: the same value
				held[k]--
			case r.IntN(20000) == 0:
				// held at the limit: over stuckNeed samples it is stuck
				held[k] = r.IntN(3 * e.stuckNeed)
				w[k] = limit[k]
			default:
				w[k] = 7 * math.Sin(float64(i)*0.05*float64(k+1)+r.Float64()*0.3)
				if r.IntN(5000) == 0 {
					w[k] *= 3 // a reading beyond the limit
				}
				w[k] = max(-limit[k], min(limit[k], w[k]))
			}
		}
		if i == 100000 {
			limit = [3]float64{9, 9, 12} // a larger range: the levels are left
		}
		got, want := e.gyroSat(&w), p.push(&w)
		if got != want {
			t.Fatalf("sample %d: saturated %v, plain %v", i, got, want)
		}
		for k := range w {
			a, b := e.gsat[k], p.ax[k]
			a.quiet = 0
			if a != b {
				t.Fatalf("sample %d axis %d: state %+v, plain %+v", i, k, a, b)
			}
		}
		found = found || p.limit > 0
		stuck = stuck || p.stuckAt > 0
	}
	if e.stats.GyroSaturated != p.saturated || e.stats.GyroLimit != p.limit || e.stats.GyroStuck != p.stuckAt {
		t.Errorf("stats %d %v %v, plain %d %v %v", e.stats.GyroSaturated, e.stats.GyroLimit, e.stats.GyroStuck, p.saturated, p.limit, p.stuckAt)
	}
	if !found || !stuck || p.saturated == 0 {
		t.Errorf("the rates never reached a level (%v), a stuck axis (%v) or saturation (%d samples)", found, stuck, p.saturated)
	}
}
