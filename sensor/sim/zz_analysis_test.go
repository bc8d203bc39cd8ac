package sim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gaitd/gaitd/sensor"
)

const mobDir = "/work/shared/datasets/mobgap"

type rec struct {
	t       []float64
	acc     [][3]float64
	gyr     [][3]float64
	ic, fc  []float64
	side    []byte
	bouts   [][2]float64
}

func readRec(t *testing.T, name string) rec {
	var r rec
	f, err := os.Open(filepath.Join(mobDir, name, "input.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		p := strings.Split(sc.Text(), ",")
		var x [7]float64
		for i := range 7 {
			x[i], _ = strconv.ParseFloat(p[i], 64)
		}
		r.t = append(r.t, x[0])
		r.acc = append(r.acc, [3]float64{x[1], x[2], x[3]})
		r.gyr = append(r.gyr, [3]float64{x[4], x[5], x[6]})
	}
	b, _ := os.ReadFile(filepath.Join(mobDir, name, "truth.csv"))
	for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		p := strings.Split(l, ",")
		a, _ := strconv.ParseFloat(p[0], 64)
		c, _ := strconv.ParseFloat(p[1], 64)
		r.ic = append(r.ic, a)
		r.fc = append(r.fc, c)
		r.side = append(r.side, p[2][0])
	}
	var meta struct{ Bouts [][2]float64 }
	mb, _ := os.ReadFile(filepath.Join(mobDir, name, "meta.json"))
	json.Unmarshal(mb, &meta)
	r.bouts = meta.Bouts
	return r
}

func inBout(r *rec, t float64) bool {
	for _, b := range r.bouts {
		if t >= b[0] && t <= b[1] {
			return true
		}
	}
	return len(r.bouts) == 0
}

const (
	pre  = 30
	post = 60
	nw   = pre + post + 1
)

// channels: V, AP, ML (g), pitch gyro (deg/s)
type wave struct {
	n   int
	sum [4][nw]float64
	sq  [4][nw]float64
	// other-foot toe-off relative to IC, own next IC
	oto, nic []float64
}

func (w *wave) add(ch [4][]float64, k int) {
	for c := range 4 {
		for i := -pre; i <= post; i++ {
			v := ch[c][k+i]
			w.sum[c][i+pre] += v
			w.sq[c][i+pre] += v * v
		}
	}
	w.n++
}

func (w *wave) mean(c int) []float64 {
	out := make([]float64, nw)
	for i := range out {
		out[i] = w.sum[c][i] / float64(w.n)
	}
	return out
}

func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// realWave projects on gravity, aligns at ICs inside bouts.
func realWave(t *testing.T, name string, w *wave) {
	r := readRec(t, name)
	// gravity over bouts
	var g [3]float64
	var n int
	for i, tt := range r.t {
		if inBout(&r, tt) {
			for k := range 3 {
				g[k] += r.acc[i][k]
			}
			n++
		}
	}
	gn := math.Sqrt(dot(g, g))
	for k := range 3 {
		g[k] /= gn
	}
	// horizontal: AP axis = z projected horizontally (mobgap: z ≈ anterior?)
	ap := [3]float64{0, 0, 1}
	d := dot(ap, g)
	for k := range 3 {
		ap[k] -= d * g[k]
	}
	an := math.Sqrt(dot(ap, ap))
	for k := range 3 {
		ap[k] /= an
	}
	ml := [3]float64{g[1]*ap[2] - g[2]*ap[1], g[2]*ap[0] - g[0]*ap[2], g[0]*ap[1] - g[1]*ap[0]}
	N := len(r.t)
	var ch [4][]float64
	for c := range 4 {
		ch[c] = make([]float64, N)
	}
	cal := float64(n) / gn // 1/|mean acc|: calibrate so that the mean is 1 g
	for i := range N {
		ch[0][i] = dot(r.acc[i], g) * cal
		ch[1][i] = dot(r.acc[i], ap) * cal
		ch[2][i] = dot(r.acc[i], ml) * cal
		ch[3][i] = dot(r.gyr[i], ml) // rate about ML axis
	}
	if testing.Verbose() {
		fmt.Printf("%s: g dir %.3f %.3f %.3f (|g| %.3f), ap %.3f %.3f %.3f, mean AP %.3f\n", name, g[0], g[1], g[2], gn/float64(n), ap[0], ap[1], ap[2], 0.0)
	}
	for j, ic := range r.ic {
		if !inBout(&r, ic) {
			continue
		}
		k := int(math.Round(ic * 100))
		if k-pre < 0 || k+post >= N || math.Abs(r.t[k]-ic) > 1e-6 {
			continue
		}
		w.add(ch, k)
		// opposite toe-off: FC of the previous contact of the other side
		for i := j - 1; i >= 0; i-- {
			if r.side[i] != r.side[j] {
				w.oto = append(w.oto, r.fc[i]-ic)
				break
			}
		}
		if j+1 < len(r.ic) {
			w.nic = append(w.nic, r.ic[j+1]-ic)
		}
	}
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	return y[len(y)/2]
}

// smooth20 applies a zero-phase 2nd-order Butterworth 20 Hz low-pass (fwd-bwd) at 100 Hz.
func smooth(x []float64, fc, fs float64) []float64 {
	k := math.Tan(math.Pi * fc / fs)
	q := math.Sqrt2 / 2
	norm := 1 / (1 + k/q + k*k)
	b0 := k * k * norm
	b1 := 2 * b0
	b2 := b0
	a1 := 2 * (k*k - 1) * norm
	a2 := (1 - k/q + k*k) * norm
	run := func(in []float64) []float64 {
		out := make([]float64, len(in))
		x1, x2, y1, y2 := in[0], in[0], in[0], in[0]
		for i, v := range in {
			y := b0*v + b1*x1 + b2*x2 - a1*y1 - a2*y2
			x2, x1 = x1, v
			y2, y1 = y1, y
			out[i] = y
		}
		return out
	}
	y := run(x)
	for i, j := 0, len(y)-1; i < j; i, j = i+1, j-1 {
		y[i], y[j] = y[j], y[i]
	}
	y = run(y)
	for i, j := 0, len(y)-1; i < j; i, j = i+1, j-1 {
		y[i], y[j] = y[j], y[i]
	}
	return y
}

func features(label string, v []float64, dt float64) {
	// index 0 = -0.3 s
	at := func(i int) float64 { return float64(i)*dt - 0.3 }
	idx := func(s float64) int { return int(math.Round((s + 0.3) / dt)) }
	arg := func(a, b float64, sgn float64) int {
		best := idx(a)
		for i := idx(a); i <= idx(b) && i < len(v); i++ {
			if sgn*v[i] > sgn*v[best] {
				best = i
			}
		}
		return best
	}
	s := smooth(v, 20, 1/dt)
	dr := idx(-0.15)
	for i := idx(-0.15); i <= idx(0.1); i++ {
		if s[i+1]-s[i-1] > s[dr+1]-s[dr-1] {
			dr = i
		}
	}
	lp := arg(-0.02, 0.1, 1)
	tr := arg(0.08, 0.22, -1)
	bp := arg(at(tr)+0.02, 0.32, 1)
	vl := arg(0.3, 0.55, -1)
	fmt.Printf("%-22s steepest rise(20Hz) %+4.0f ms | V(IC) %.3f | load peak %+4.0f ms %.3f g | trough %+4.0f ms %.3f | bump %+4.0f ms %.3f | valley %+4.0f ms %.3f\n",
		label, 1e3*at(dr), v[idx(0)], 1e3*at(lp), v[lp], 1e3*at(tr), v[tr], 1e3*at(bp), v[bp], 1e3*at(vl), v[vl])
}

func printWave(label string, ws []*wave, c int) {
	fmt.Printf("\n%s  (t ms:", label)
	for _, w := range ws {
		_ = w
	}
	fmt.Println(")")
	ms := make([][]float64, len(ws))
	for i, w := range ws {
		ms[i] = w.mean(c)
	}
	for i := 0; i < nw; i += 2 {
		fmt.Printf("%+5d", (i-pre)*10)
		for k := range ws {
			fmt.Printf(" %8.3f", ms[k][i])
		}
		fmt.Println()
	}
}

func simWave(t *testing.T, cfg Config) *wave {
	xs, _, truth := mustGenerate(t, cfg)
	N := len(xs)
	var ch [4][]float64
	for c := range 4 {
		ch[c] = make([]float64, N)
	}
	for i, x := range xs {
		ch[0][i] = x.Acc[sensor.AxisV] / g0
		ch[1][i] = x.Acc[sensor.AxisAP] / g0
		ch[2][i] = x.Acc[sensor.AxisML] / g0
		ch[3][i] = x.Gyr[2] * 180 / math.Pi
	}
	w := &wave{}
	for j, c := range truth {
		k := int(math.Round(c.IC * cfg.Rate))
		if math.Abs(xs[k].T-c.IC) > 1e-9 {
			// IC not on a sample; take nearest
		}
		if k-pre < 0 || k+post >= N {
			continue
		}
		w.add(ch, k)
		if j > 0 {
			w.oto = append(w.oto, truth[j-1].FC-c.IC)
		}
		if j+1 < len(truth) {
			w.nic = append(w.nic, truth[j+1].IC-c.IC)
		}
	}
	return w
}

func TestZZWaveforms(t *testing.T) {
	var ha, ms wave
	realWave(t, "HA001_Test5_Trial1", &ha)
	realWave(t, "HA001_Test5_Trial2", &ha)
	realWave(t, "MS001_Test5_Trial1", &ms)
	realWave(t, "MS001_Test5_Trial2", &ms)
	var ha11, ms11 wave
	realWave(t, "HA001_Test11_Trial1", &ha11)
	realWave(t, "MS001_Test11_Trial1", &ms11)
	speed := 1.3
	if s := os.Getenv("SIMV"); s != "" {
		speed, _ = strconv.ParseFloat(s, 64)
	}
	cfg := Config{Activity: Walking, Duration: 60, Rate: 100, Speed: speed, Frame: sensor.FrameAnatomical, Gyro: true, Variability: -1, Seed: 1}
	if s := os.Getenv("SIMCAD"); s != "" {
		cfg.Cadence, _ = strconv.ParseFloat(s, 64)
	}
	sw := simWave(t, cfg)
	fmt.Printf("n: HA %d MS %d HA11 %d MS11 %d sim %d\n", ha.n, ms.n, ha11.n, ms11.n, sw.n)
	fmt.Printf("opp toe-off after IC (median): HA %.3f MS %.3f sim %.3f; step: HA %.3f MS %.3f sim %.3f\n",
		median(ha.oto), median(ms.oto), median(sw.oto), median(ha.nic), median(ms.nic), median(sw.nic))
	for c, name := range []string{"V (g)", "AP (g)", "ML (g)", "gyro ML (deg/s)"} {
		if c == 2 || c == 3 {
			continue
		}
		printWave(name+": HA5, MS5, HA11, MS11, sim", []*wave{&ha, &ms, &ha11, &ms11, sw}, c)
	}
	fmt.Println()
	features("HA001 Test5", ha.mean(0), 0.01)
	features("MS001 Test5", ms.mean(0), 0.01)
	features("HA001 Test11", ha11.mean(0), 0.01)
	features("MS001 Test11", ms11.mean(0), 0.01)
	features("sim", sw.mean(0), 0.01)
}

// modelMean evaluates the clean model at 100 Hz sample times aligned at
// the sample nearest each truth IC. ch 0: V (g), 1: AP (g).
func modelMean(t *testing.T, cfg Config, ch int) ([]float64, float64) {
	c, err := normalize(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(c)
	sc := newScheduler(m)
	var st []step
	for {
		s := sc.next()
		st = append(st, s)
		if s.ic > c.Duration+1 {
			break
		}
	}
	out := make([]float64, nw)
	n := 0
	var vo float64
	for i := range st {
		s := &st[i]
		if !s.real || s.ic < 1 || s.ic > c.Duration-1 {
			continue
		}
		k0 := math.Round(s.ic * 100)
		for k := -pre; k <= post; k++ {
			tt := (k0 + float64(k)) / 100
			j := findStep(st, tt)
			var v float64
			if ch == 0 {
				v = m.vert(st, j, tt)
			} else {
				v = m.ap(st, j, tt)
			}
			out[k+pre] += v / g0
		}
		n++
		var a, vv [truthN + 1]float64
		h := s.T / truthN
		for k := range a {
			a[k] = m.vert(st, i, s.ic+float64(k)*h)
		}
		vo += excursion(a[:], vv[:], h)
	}
	for i := range out {
		out[i] /= float64(n)
	}
	return out, vo / float64(n)
}

func rms(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(a)))
}

func TestZZFitV(t *testing.T) {
	var ha wave
	realWave(t, "HA001_Test5_Trial1", &ha)
	realWave(t, "HA001_Test5_Trial2", &ha)
	target := ha.mean(0)
	cfg := Config{Activity: Walking, Duration: 120, Cadence: 103.4, GCT: 0.80, Speed: 1.04, Seed: 3}
	type par struct {
		name string
		p    *float64
		step float64
		lo, hi float64
	}
	ps := []par{
		{"speed", &cfg.Speed, 0.05, 0.6, 1.8},
		{"phase", &wp.phase, 0.02, -0.2, 0.2},
		{"rise", &wp.rise, 0.005, 0.005, 0.05},
		{"on", &wp.on, 0.005, -0.05, 0},
		{"fall", &wp.fall, 0.01, 0.04, 0.2},
		{"load", &wp.load, 0.1, 0, 5},
		{"bump", &wp.bump, 0.05, 0, 3},
		{"bumpW", &wp.bumpW, 0.005, 0.02, 0.1},
		{"bumpOff", &wp.bumpOff, 0.005, -0.05, 0.05},
		{"v0", &wp.v0, 0.05, 0, 1},
		{"vMin", &wp.vMin, 0.05, 0.02, 0.9},
	}
	cost := func() float64 {
		for _, p := range ps {
			if *p.p < p.lo || *p.p > p.hi {
				return math.Inf(1)
			}
		}
		v, _ := modelMean(t, cfg, 0)
		return rms(v, target)
	}
	best := cost()
	for it := 0; it < 40; it++ {
		sc := 1.0
		if it > 20 {
			sc = 0.3
		}
		for _, p := range ps {
			for _, d := range []float64{p.step * sc, -p.step * sc, p.step / 3 * sc, -p.step / 3 * sc} {
				old := *p.p
				*p.p = old + d
				if c := cost(); c < best {
					best = c
				} else {
					*p.p = old
				}
			}
		}
	}
	fmt.Printf("rms %.4f g\n", best)
	for _, p := range ps {
		fmt.Printf("%s=%.4f ", p.name, *p.p)
	}
	fmt.Println()
	v, vo := modelMean(t, cfg, 0)
	fmt.Printf("VO %.1f mm, h %.1f mm\n", vo*1e3, zijlstra(cfg.Speed*60/cfg.Cadence)*1e3)
	for i := 0; i < nw; i += 2 {
		fmt.Printf("%+5d %7.3f %7.3f\n", (i-pre)*10, target[i], v[i])
	}
	features("HA5", target, 0.01)
	features("fit", v, 0.01)
}
