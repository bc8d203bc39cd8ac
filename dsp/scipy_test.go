package dsp_test

// Cross-check of the Butterworth designs, causal filtering and FiltFilt
// against scipy.signal (butter(…, output='sos'), sosfreqz, sosfilt and
// sosfiltfilt). The golden data lives in testdata/scipy and is regenerated,
// with a Python that has scipy, by
//
//	/usr/bin/python3 dsp/testdata/scipy/gen.py
//
// run from the repository root; gen.py documents what each file holds. The
// test reads only the JSON files: Python is not needed to run it.
//
// Tolerances. The Go package and scipy compute the same quantities by
// different but equally exact formulas, so they differ only by rounding; the
// tolerances below are first-order rounding-error bounds built from the unit
// roundoff u = 2⁻⁵³ and the conditioning of each design, not fitted to the
// observed differences (those are logged with -v: below 0.13 of the
// bound). The conditioning matters: for a corner at 1e-4·fs the poles sit
// within 3e-4 of z = 1, and a rounding of one ulp in a denominator
// coefficient moves |H| near the corner by ~1e-8 relative. A fixed
// relative tolerance would either hide errors in the well-conditioned
// designs or reject correct ill-conditioned ones.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"testing"

	"github.com/gaitd/gaitd/dsp"
)

const scipyDir = "testdata/scipy"

// u is the unit roundoff of float64.
const u = 0x1p-53

// coefEps is the relative accuracy assumed for every designed coefficient,
// on each side: the coefficients come out of ~10–20 floating-point
// operations (tan, a complex bilinear map, a product of two conjugate
// roots, a gain normalisation), each contributing at most u relative to the
// O(1) quantities involved. The exception is scipy's lp2bp_zpk, which takes
// the band-pass poles from the textbook quadratic formula with
// cancellation: for band 1–119 Hz at fs 240 Hz its a1 of the middle row,
// exactly 0 by symmetry, comes out as −6.6e-15 (the dsp package, which
// takes the smaller root from the product, gives −1.1e-16). 64·u ≈ 7.1e-15
// covers that up to order 4; TestScipySections allows scipy's denominators
// more where the cancellation is worse (see scipyDenEps).
const coefEps = 64 * u

type scipyDesign struct {
	Name  string       `json:"name"`
	Kind  string       `json:"kind"`
	Order int          `json:"order"`
	Fs    float64      `json:"fs"`
	Lo    float64      `json:"lo"`
	Hi    float64      `json:"hi"`
	SOS   [][6]float64 `json:"sos"`
	Freqs []float64    `json:"freqs"`
	H     [][2]float64 `json:"h"`
}

func (d scipyDesign) build() (*dsp.Cascade, error) {
	switch d.Kind {
	case "low":
		return dsp.LowPass(d.Order, d.Fs, d.Lo)
	case "high":
		return dsp.HighPass(d.Order, d.Fs, d.Lo)
	case "band":
		return dsp.BandPass(d.Order, d.Fs, d.Lo, d.Hi)
	}
	return nil, fmt.Errorf("unknown kind %q", d.Kind)
}

type scipyFilterCase struct {
	scipyDesign
	SOSFilt     []float64 `json:"sosfilt"`
	SOSFiltFilt []struct {
		N       int       `json:"n"`
		Padlen  int       `json:"padlen"`
		Clamped bool      `json:"padlen_clamped"`
		Y       []float64 `json:"y"`
	} `json:"sosfiltfilt"`
}

// loadScipy reads testdata/scipy/name into v; it skips the test if the
// folder is absent and fails it if the folder is there but the file is not
// readable.
func loadScipy(t *testing.T, name string, v any) {
	t.Helper()
	if _, err := os.Stat(scipyDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s absent: no scipy golden data", scipyDir)
	}
	b, err := os.ReadFile(filepath.Join(scipyDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func loadDesigns(t *testing.T) []scipyDesign {
	var f struct {
		Designs []scipyDesign `json:"designs"`
	}
	loadScipy(t, "designs.json", &f)
	if len(f.Designs) == 0 {
		t.Fatal("designs.json holds no designs")
	}
	return f.Designs
}

// builtDesign is a golden design with the dsp package's cascade for it and
// the rows of both.
type builtDesign struct {
	d    scipyDesign
	c    *dsp.Cascade
	g, s []row // the dsp package's, scipy's
}

// builtDesigns builds every golden design; one that the dsp package
// refuses is an error of the test and left out.
func builtDesigns(t *testing.T) []builtDesign {
	var out []builtDesign
	for _, d := range loadDesigns(t) {
		c, err := d.build()
		if err != nil {
			t.Errorf("%s: %v", d.Name, err)
			continue
		}
		out = append(out, builtDesign{d, c, goRows(c), scipyRows(t, d)})
	}
	return out
}

// row is one section as [b0, b1, b2, a1, a2] (a0 = 1).
type row [5]float64

func goRows(c *dsp.Cascade) []row {
	var r []row
	for _, s := range c.Sections() {
		r = append(r, row{s.B0, s.B1, s.B2, s.A1, s.A2})
	}
	return r
}

func scipyRows(t *testing.T, d scipyDesign) []row {
	var r []row
	for i, s := range d.SOS {
		if s[3] != 1 {
			t.Fatalf("%s: scipy section %d has a0 = %g, want 1", d.Name, i, s[3])
		}
		r = append(r, row{s[0], s[1], s[2], s[4], s[5]})
	}
	return r
}

// ntaps is scipy.signal.sosfiltfilt's filter length for the padding rule
// padlen = 3·ntaps.
func ntaps(rows []row) int {
	var b2, a2 int
	for _, r := range rows {
		if r[2] == 0 {
			b2++
		}
		if r[4] == 0 {
			a2++
		}
	}
	return 2*len(rows) + 1 - min(b2, a2)
}

// radius returns the larger pole radius of r, the largest root magnitude
// of z² + a1·z + a2.
func radius(r row) float64 {
	a1, a2 := r[3], r[4]
	if disc := a1*a1 - 4*a2; disc < 0 {
		return math.Sqrt(a2)
	} else {
		sq := math.Sqrt(disc)
		return math.Max(math.Abs((-a1+sq)/2), math.Abs((-a1-sq)/2))
	}
}

// scipyDenEps is the relative accuracy of scipy's denominator
// coefficients for design d: coefEps, except for band-passes, whose poles
// scipy's lp2bp_zpk takes from r = (p·B ± √((p·B)² − 4ω0²))/2 for each
// prototype pole p. The smaller root loses to cancellation an absolute
// ≈ u·|p·B| (a few roundings: 4u is taken), which the bilinear map
// z = (1+r)/(1−r) scales by |dz/dr| = 2/|1−r|², and a1 = −2·Re z,
// a2 = |z|² take at most 2·(1 + |z|) times that. For band 1–119 Hz at
// 240 Hz (|p·B| ≈ 76, r ≈ 0.013) this is ≈ 600u, and scipy's a2 for
// order 7 is 2.1e-14 from the value computed with 50 digits (mpmath),
// the dsp package's within 1 ulp.
func scipyDenEps(d scipyDesign) float64 {
	if d.Kind != "band" {
		return coefEps
	}
	wl, wh := math.Tan(math.Pi*d.Lo/d.Fs), math.Tan(math.Pi*d.Hi/d.Fs)
	w0sq, bw := wl*wh, wh-wl
	eps := coefEps
	for k := range d.Order {
		p := cmplx.Exp(complex(0, math.Pi*float64(2*k+d.Order+1)/float64(2*d.Order)))
		pb := p * complex(bw, 0)
		sq := cmplx.Sqrt(pb*pb - complex(4*w0sq, 0))
		for _, r := range []complex128{(pb + sq) / 2, (pb - sq) / 2} {
			z := (1 + r) / (1 - r)
			dz := 4 * u * cmplx.Abs(pb) * 2 / math.Pow(cmplx.Abs(1-r), 2)
			eps = math.Max(eps, 2*(1+cmplx.Abs(z))*dz)
		}
	}
	return eps
}

// sameDen reports whether the denominators of a (the dsp package's row)
// and b (scipy's) agree to coefEps + sEps relative, sEps being
// scipyDenEps.
func sameDen(a, b row, sEps float64) bool {
	for c := 3; c < 5; c++ {
		if math.Abs(a[c]-b[c]) > (coefEps+sEps)*math.Max(1, math.Abs(b[c])) {
			return false
		}
	}
	return true
}

func (r row) eval(zi complex128) (num, den complex128) {
	num = complex(r[0], 0) + zi*(complex(r[1], 0)+zi*complex(r[2], 0))
	den = 1 + zi*(complex(r[3], 0)+zi*complex(r[4], 0))
	return num, den
}

// response evaluates ∏ num/den of rows at f Hz, and a first-order bound on
// the error of that value when the b coefficients of row k carry a relative
// error bEps[k] and every a coefficient an error coefEps·max(1, |a|) (which
// also covers the rounding in evaluating the polynomials): with
// Hₖ = numₖ/denₖ,
//
//	|ΔH| ≤ Σₖ |∏_{j≠k} Hⱼ|·(bEpsₖ·Σ|bₖ|·|denₖ| + coefEps·|numₖ|·(1 + |a1ₖ| + |a2ₖ|))/|denₖ|²
//
// A nil bEps means exact rows (the bound is then meaningless).
func response(rows []row, f, fs float64, bEps []float64) (h complex128, bound float64) {
	zi := cmplx.Exp(complex(0, -2*math.Pi*f/fs))
	nums := make([]complex128, len(rows))
	dens := make([]complex128, len(rows))
	h = 1
	for k, r := range rows {
		nums[k], dens[k] = r.eval(zi)
		h *= nums[k] / dens[k]
	}
	if bEps == nil {
		return h, 0
	}
	for k, r := range rows {
		others := complex(1, 0)
		for j := range rows {
			if j != k {
				others *= nums[j] / dens[j]
			}
		}
		dn := cmplx.Abs(dens[k])
		bound += cmplx.Abs(others) * (bEps[k]*sumB(r)*dn + coefEps*cmplx.Abs(nums[k])*sumA(r)) / (dn * dn)
	}
	return h, bound
}

func sumB(r row) float64 { return math.Abs(r[0]) + math.Abs(r[1]) + math.Abs(r[2]) }
func sumA(r row) float64 { return 1 + math.Max(1, math.Abs(r[3])) + math.Max(1, math.Abs(r[4])) }

// scipyBEps is the relative error of scipy's b coefficients: scipy computes
// the overall gain from the analog prototype and puts it in the first row,
// the other rows have b = [1, ±2, 1], [1, 0, −1], [1, ±1, 0] exactly.
func scipyBEps(rows []row) []float64 {
	e := make([]float64, len(rows))
	for k := range e {
		e[k] = coefEps
	}
	return e
}

// goBEps is the relative error of the dsp package's b coefficients: each
// row is scaled by 1/|Hₖ(ref)| at its reference frequency (DC, Nyquist or
// the band centre), so the rounding of numₖ(ref) and denₖ(ref) is
// amplified by Σ|bₖ|/|numₖ(ref)| and (1 + |a1ₖ| + |a2ₖ|)/|denₖ(ref)|. For a
// corner at 1e-4·fs, denₖ(1) = 1 + a1 + a2 ≈ 4e-7 and the gain of the
// section is fixed only to ~1e-10 relative (it is exactly 1 at DC for the
// rounded coefficients, while scipy's realised filter is off there by as
// much instead: both are the same ill-conditioning, placed differently).
func goBEps(rows []row, ref, fs float64) []float64 {
	zi := cmplx.Exp(complex(0, -2*math.Pi*ref/fs))
	e := make([]float64, len(rows))
	for k, r := range rows {
		num, den := r.eval(zi)
		e[k] = coefEps * (1 + sumB(r)/cmplx.Abs(num) + sumA(r)/cmplx.Abs(den))
	}
	return e
}

func (d scipyDesign) refFreq() float64 {
	switch d.Kind {
	case "high":
		return d.Fs / 2
	case "band":
		wl, wh := math.Tan(math.Pi*d.Lo/d.Fs), math.Tan(math.Pi*d.Hi/d.Fs)
		return d.Fs / math.Pi * math.Atan(math.Sqrt(wl*wh))
	}
	return 0
}

// TestScipySections compares the designed sections with scipy's rows: the
// same number of sections, the same sosfiltfilt padding length (its ntaps
// rule counts the rows with b2 = 0 and with a2 = 0), and the same
// denominators (a1, a2) in the same order, which checks the pole placement
// and scipy's section ordering (poles nearest the unit circle last; rows
// whose pole radii agree to 1e-12 count as a tie and may be swapped: the
// order of tied rows is decided by rounding, on both sides). Each a
// coefficient may differ by (coefEps + scipyDenEps)·max(1, |a|): coefEps
// for this side, scipyDenEps for scipy's (larger for band-passes).
// Numerators are compared in TestScipySectionNumerators, the overall
// response in TestScipyResponse.
//
// scipy pairs zeros with poles differently: for an odd order its real pole
// shares a row with an added pole at z = 0 (a2 = 0, b2 ≠ 0), and the
// complex pair nearest the unit circle gets the added zero at 0 (b2 = 0,
// a2 ≠ 0) when that zero is nearer to it than ±1; the dsp package makes
// the real pole a true first-order row instead. Either way exactly one row
// has b2 = 0 and one a2 = 0, so the padding length is the same.
func TestScipySections(t *testing.T) {
	var worst float64
	var worstName string
	for _, b := range builtDesigns(t) {
		d, g, s := b.d, b.g, b.s
		sEps := scipyDenEps(d)
		if len(g) != len(s) {
			t.Errorf("%s: %d sections, scipy has %d", d.Name, len(g), len(s))
			continue
		}
		if a, b := ntaps(g), ntaps(s); a != b {
			t.Errorf("%s: sosfiltfilt's ntaps rule gives %d for the Go sections, %d for scipy's", d.Name, a, b)
		}
		used := make([]bool, len(s))
		for i := range g {
			// Row i must have the denominator of scipy's row i, except
			// that rows whose poles have the same radius (a tie, such as
			// the mirror-image pole pairs of a band symmetric about fs/4)
			// may come in either order: match row i to the first unused
			// scipy row with that radius.
			ri := radius(g[i])
			j := -1
			for k := range s {
				if !used[k] && math.Abs(radius(s[k])-ri) <= 1e-12 && sameDen(g[i], s[k], sEps) {
					j = k
					break
				}
			}
			if j < 0 {
				j = i // report against the row in the same place
			}
			used[j] = true
			if j != i && math.Abs(radius(s[i])-ri) > 1e-12 {
				t.Errorf("%s: section %d (pole radius %.17g) is scipy's section %d; scipy's section %d has radius %.17g",
					d.Name, i, ri, j, i, radius(s[i]))
			}
			for c := 3; c < 5; c++ {
				tol := (coefEps + sEps) * math.Max(1, math.Abs(s[j][c]))
				diff := math.Abs(g[i][c] - s[j][c])
				if diff/tol > worst {
					worst, worstName = diff/tol, d.Name
				}
				if diff > tol {
					t.Errorf("%s: section %d a%d = %.17g, scipy section %d %.17g (diff %.3g, tol %.3g)",
						d.Name, i, c-2, g[i][c], j, s[j][c], diff, tol)
				}
			}
		}
	}
	t.Logf("worst a-coefficient difference: %.3g of its tolerance (%s)", worst, worstName)
}

// TestScipySectionNumerators checks the claim of Cascade.Sections that, for
// even-order low- and high-passes and for order 1, each row differs from
// scipy's only by a constant factor on b0, b1, b2: both numerators are
// scaled to unit largest magnitude (sign included) and compared to
// 4·coefEps. The other designs pair zeros and poles differently (scipy
// 1.10.1: odd-order low/high-passes whose pole pair nearest the unit circle
// is nearer to z = 0 than to the zeros at ∓1 get b = [1, ±1, 0] on that row
// and b ∝ [1, ±2, 1] on the real pole's, with a pole at 0; band-passes of
// order ≥ 2 get b ∝ [1, ±2, 1] on every row where the dsp package has
// [1, 0, −1]); their overall response is checked by TestScipyResponse.
func TestScipySectionNumerators(t *testing.T) {
	norm := func(r row) [3]float64 {
		m := r[0]
		for _, v := range r[1:3] {
			if math.Abs(v) > math.Abs(m) {
				m = v
			}
		}
		return [3]float64{r[0] / m, r[1] / m, r[2] / m}
	}
	n := 0
	for _, b := range builtDesigns(t) {
		d, g, s := b.d, b.g, b.s
		if d.Order > 1 && (d.Kind == "band" || d.Order%2 == 1) {
			continue // zeros paired differently: see above
		}
		n++
		if len(g) != len(s) {
			continue // reported by TestScipySections
		}
		var msg string
		for i := range g {
			gn, sn := norm(g[i]), norm(s[i])
			for j := range gn {
				if math.Abs(gn[j]-sn[j]) > 4*coefEps {
					msg += fmt.Sprintf("\n\tsection %d: b ∝ %.6g, scipy's ∝ %.6g", i, gn, sn)
					break
				}
			}
		}
		if msg != "" {
			t.Errorf("%s: numerators not a constant factor apart:%s", d.Name, msg)
		}
	}
	if n == 0 {
		t.Fatal("no design of even order or order 1 in the golden data")
	}
	t.Logf("%d designs compared row by row", n)
}

// TestScipyResponse compares Response with scipy.signal.sosfreqz at the
// recorded frequencies, and with scipy's rows evaluated here on a grid of
// 61 frequencies from DC to Nyquist (dense near both ends and around the
// corners). The tolerance is the sum of the error bounds of the two sets
// of rows (see response, scipyBEps and goBEps).
func TestScipyResponse(t *testing.T) {
	var worstFreqz, worstGrid, worstRel float64
	var worstRelName string
	for _, b := range builtDesigns(t) {
		d, c, g, s := b.d, b.c, b.g, b.s
		goEps, spEps := goBEps(g, d.refFreq(), d.Fs), scipyBEps(s)
		check := func(f float64, want complex128, what string) float64 {
			got := c.Response(f)
			_, bg := response(g, f, d.Fs, goEps)
			_, bs := response(s, f, d.Fs, spEps)
			tol := bg + bs
			diff := cmplx.Abs(got - want)
			if diff > tol {
				t.Errorf("%s: H(%g Hz) = %.17g, %s %.17g (|diff| %.3g, tol %.3g)",
					d.Name, f, got, what, want, diff, tol)
			}
			if a := cmplx.Abs(want); a > 1e-3 && diff/a > worstRel {
				worstRel, worstRelName = diff/a, fmt.Sprintf("%s at %g Hz", d.Name, f)
			}
			if tol == 0 {
				return 0
			}
			return diff / tol
		}
		if len(d.Freqs) != len(d.H) || len(d.Freqs) == 0 {
			t.Fatalf("%s: %d frequencies, %d responses", d.Name, len(d.Freqs), len(d.H))
		}
		for i, f := range d.Freqs {
			worstFreqz = math.Max(worstFreqz, check(f, complex(d.H[i][0], d.H[i][1]), "sosfreqz"))
		}
		var grid []float64
		for i := 0; i <= 40; i++ {
			grid = append(grid, d.Fs/2*float64(i)/40)
		}
		grid = append(grid, 1e-6*d.Fs, 1e-4*d.Fs, (0.5-1e-4)*d.Fs, (0.5-1e-6)*d.Fs)
		for _, fc := range []float64{d.Lo, d.Hi} {
			if fc > 0 {
				for _, m := range []float64{0.5, 0.9, 0.99, 1, 1.01, 1.1, 2, 4} {
					if f := m * fc; f < d.Fs/2 {
						grid = append(grid, f)
					}
				}
			}
		}
		for _, f := range grid {
			want, _ := response(s, f, d.Fs, nil)
			worstGrid = math.Max(worstGrid, check(f, want, "scipy sos"))
		}
	}
	t.Logf("worst |ΔH| vs sosfreqz: %.3g of tolerance; vs scipy sos on the grid: %.3g of tolerance; worst |ΔH|/|H| where |H| > 1e-3: %.3g (%s)",
		worstFreqz, worstGrid, worstRel, worstRelName)
}

// noiseGain is Σₖ ‖1/denₖ‖₁ over the sections of c: the ℓ1 norm of the
// impulse response of the recursive part of section k bounds how much an
// error injected there (a rounding of its state, or a coefficient error
// times its signal) is amplified at that section's output. The norm is
// summed until the remaining tail, bounded by Σ_{m>n} (m+1)·rᵐ for the pole
// radius r, is below 1e-3 of the sum.
func noiseGain(t *testing.T, c *dsp.Cascade) float64 {
	var total float64
	for _, s := range c.Sections() {
		r := radius(row{s.B0, s.B1, s.B2, s.A1, s.A2})
		if r >= 1 {
			t.Fatalf("unstable section %+v (pole radius %g)", s, r)
		}
		var l1, y1, y2 float64
		x := 1.0
		for n := 0; ; n++ {
			y := x - s.A1*y1 - s.A2*y2
			x, y2, y1 = 0, y1, y
			l1 += math.Abs(y)
			// Σ_{m>n} (m+1)·rᵐ ≤ rⁿ⁺¹·(n+2)/(1−r)²
			if tail := math.Pow(r, float64(n+1)) * float64(n+2) / ((1 - r) * (1 - r)); tail < 1e-3*l1 {
				break
			}
		}
		total += l1
	}
	return total
}

func loadFilters(t *testing.T) ([]float64, []scipyFilterCase) {
	var f struct {
		X     []float64         `json:"x"`
		Cases []scipyFilterCase `json:"cases"`
	}
	loadScipy(t, "filters.json", &f)
	if len(f.Cases) == 0 || len(f.X) == 0 {
		t.Fatal("filters.json holds no cases")
	}
	return f.X, f.Cases
}

func maxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// outputTol is the tolerance for a filtered signal of peak magnitude scale
// through c, passes times (1 causal, 2 forward-backward). In each pass the
// coefficient errors (coefEps on each side) and the rounding of each
// operation (a few u, well under coefEps) are injected in every section and
// amplified by at most noiseGain; the downstream sections of a Butterworth
// cascade have an ℓ1 gain of a few units at most, taken as 4. On top of
// that, the overall gain of the Go rows is fixed only to Σ goBEps (see
// goBEps). FiltFilt's priming divides by 1 + a1 + a2 = denₖ(1), whose
// relative error is covered by goBEps too.
func outputTol(t *testing.T, c *dsp.Cascade, ref, scale float64, passes int) float64 {
	g := goRows(c)
	var gain float64
	for _, e := range goBEps(g, ref, c.SampleRate()) {
		gain += e
	}
	return float64(passes) * scale * (4*2*coefEps*noiseGain(t, c) + gain)
}

// TestScipySosfilt compares causal filtering from a cleared state (a new
// Cascade, ProcessBlock) with scipy.signal.sosfilt, whose default initial
// state is zero.
func TestScipySosfilt(t *testing.T) {
	x, cases := loadFilters(t)
	var worst, worstAbs float64
	var worstName string
	for _, tc := range cases {
		c, err := tc.build()
		if err != nil {
			t.Errorf("%s: %v", tc.Name, err)
			continue
		}
		n := len(tc.SOSFilt)
		if n == 0 || n > len(x) {
			t.Fatalf("%s: sosfilt output of length %d for an input of %d", tc.Name, n, len(x))
		}
		got := c.ProcessBlock(nil, x[:n])
		tol := outputTol(t, c, tc.refFreq(), maxAbs(x[:n]), 1)
		for i, want := range tc.SOSFilt {
			diff := math.Abs(got[i] - want)
			if diff/tol > worst {
				worst, worstName = diff/tol, tc.Name
			}
			worstAbs = math.Max(worstAbs, diff)
			if diff > tol {
				t.Errorf("%s: sample %d of %d = %.17g, sosfilt %.17g (diff %.3g, tol %.3g)",
					tc.Name, i, n, got[i], want, diff, tol)
				break
			}
		}
	}
	t.Logf("worst sosfilt difference: %.3g; worst fraction of tolerance %.3g (%s)", worstAbs, worst, worstName)
}

// TestScipyFiltFilt compares FiltFilt and ZeroPhase.Apply with
// scipy.signal.sosfiltfilt(padtype='odd') at scipy's default padlen, or,
// for inputs too short for it (scipy raises there, dsp clamps), at the
// clamped padlen len(x)−1. A single ZeroPhase is reused across lengths, in
// an order that makes it shrink and grow, to check that reused buffers do
// not leak between calls.
func TestScipyFiltFilt(t *testing.T) {
	x, cases := loadFilters(t)
	var worst, worstAbs float64
	var worstName string
	var nClamped, nDefault int
	for _, tc := range cases {
		c, err := tc.build()
		if err != nil {
			t.Errorf("%s: %v", tc.Name, err)
			continue
		}
		zp := dsp.NewZeroPhase(c)
		// longest first, then the short ones
		runs := tc.SOSFiltFilt
		order := make([]int, 0, len(runs))
		for i := len(runs) - 1; i >= 0; i-- {
			order = append(order, i)
		}
		for _, i := range order {
			r := runs[i]
			if r.N != len(r.Y) || r.N > len(x) {
				t.Fatalf("%s: run of length %d with %d outputs", tc.Name, r.N, len(r.Y))
			}
			if r.Clamped {
				nClamped++
			} else {
				nDefault++
			}
			src := x[:r.N]
			tol := outputTol(t, c, tc.refFreq(), maxAbs(src), 2)
			for _, impl := range []struct {
				name string
				y    []float64
			}{
				{"FiltFilt", dsp.FiltFilt(c, nil, src)},
				{"ZeroPhase.Apply", zp.Apply(nil, src)},
			} {
				for j, want := range r.Y {
					diff := math.Abs(impl.y[j] - want)
					if diff/tol > worst {
						worst, worstName = diff/tol, fmt.Sprintf("%s n=%d", tc.Name, r.N)
					}
					worstAbs = math.Max(worstAbs, diff)
					if diff > tol {
						t.Errorf("%s n=%d (padlen %d, clamped %v): %s sample %d = %.17g, sosfiltfilt %.17g (diff %.3g, tol %.3g)",
							tc.Name, r.N, r.Padlen, r.Clamped, impl.name, j, impl.y[j], want, diff, tol)
						break
					}
				}
			}
		}
	}
	t.Logf("%d runs at scipy's default padlen, %d clamped; worst difference: %.3g; worst fraction of tolerance %.3g (%s)",
		nDefault, nClamped, worstAbs, worst, worstName)
}
