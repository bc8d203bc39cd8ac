package dsp_test

// Cross-check of the Resampler against a numpy reference of its documented
// behaviour (numpy.interp on the grid t0 + k/rate of each gap-free segment,
// after dropping non-finite, duplicate and backward timestamps). The golden
// data is regenerated, with a Python that has numpy, by
//
//	/usr/bin/python3 dsp/testdata/numpy/gen_resample.py
//
// run from the repository root; the script documents the reference.

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gaitd/gaitd/dsp"
	"github.com/gaitd/gaitd/sensor"
)

// TestNumpyResampler pushes every case's input one sample at a time and
// compares with the reference: the same rejections (by error), the same
// gaps, the same output times bit for bit, and values within
//
//	64·u·(1 + |v|) + S·16·u·|t|
//
// where S = 60 bounds the test signal's slope (units/s): the first term is
// rounding, the second how far from a grid time Push may take a sample as
// it is instead of interpolating (its documented allowance is 1e-9 of the
// interval, which no jittered input here comes near, plus 8 ulps of t):
// with epoch seconds ≈ 3 µs, ≈ 2e-4 of a value here.
func TestNumpyResampler(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "numpy", "resample.json"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("no numpy golden data")
	}
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []struct {
			Name   string
			Rate   float64
			MaxGap *float64 `json:"max_gap"`
			In     [][]json.RawMessage
			Status []string
			Gaps   []int
			Out    [][7]float64
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("no cases")
	}
	const slope, u = 60.0, 0x1p-53
	for _, c := range f.Cases {
		maxGap := math.Inf(1)
		if c.MaxGap != nil {
			maxGap = *c.MaxGap
		}
		r, err := dsp.NewResampler(c.Rate, maxGap)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		var out []sensor.Sample
		var gaps []int
		for i, row := range c.In {
			var s sensor.Sample
			var v [7]float64
			for j, raw := range row {
				if err := json.Unmarshal(raw, &v[j]); err != nil {
					var str string
					if err := json.Unmarshal(raw, &str); err != nil {
						t.Fatalf("%s: input %d cell %d: %s", c.Name, i, j, raw)
					}
					if v[j], err = strconv.ParseFloat(str, 64); err != nil {
						t.Fatalf("%s: input %d cell %d: %v", c.Name, i, j, err)
					}
				}
			}
			s.T = v[0]
			copy(s.Acc[:], v[1:4])
			copy(s.Gyr[:], v[4:7])
			n := len(out)
			var gap bool
			out, gap, err = r.Push(out, s)
			want := map[string]error{"ok": nil, "nonfinite": sensor.ErrNonFinite,
				"duplicate": sensor.ErrDuplicateTS, "backwards": sensor.ErrBackwards}[c.Status[i]]
			if !errors.Is(err, want) || (want != nil && len(out) != n) {
				t.Errorf("%s: input %d (t %v): error %v (+%d samples), want %s", c.Name, i, s.T, err, len(out)-n, c.Status[i])
			}
			if gap {
				gaps = append(gaps, i)
			}
		}
		if len(gaps) != len(c.Gaps) {
			t.Errorf("%s: gaps at %v, want %v", c.Name, gaps, c.Gaps)
		} else {
			for i := range gaps {
				if gaps[i] != c.Gaps[i] {
					t.Errorf("%s: gaps at %v, want %v", c.Name, gaps, c.Gaps)
					break
				}
			}
		}
		if len(out) != len(c.Out) {
			t.Errorf("%s: %d output samples, numpy %d", c.Name, len(out), len(c.Out))
			continue
		}
		var worst float64
		for k, want := range c.Out {
			got := out[k]
			if got.T != want[0] {
				t.Errorf("%s: sample %d at t = %.17g, numpy grid %.17g", c.Name, k, got.T, want[0])
				break
			}
			dt := 16 * u * math.Abs(want[0])
			vals := [6]float64{got.Acc[0], got.Acc[1], got.Acc[2], got.Gyr[0], got.Gyr[1], got.Gyr[2]}
			for j, g := range vals {
				w := want[1+j]
				tol := 64*u*(1+math.Abs(w)) + slope*dt
				d := math.Abs(g - w)
				worst = math.Max(worst, d/tol)
				if d > tol {
					t.Errorf("%s: sample %d (t %.17g) axis %d = %.17g, numpy.interp %.17g (diff %.3g, tol %.3g)",
						c.Name, k, want[0], j, g, w, d, tol)
				}
			}
		}
		t.Logf("%s: %d in, %d out, gaps %v; worst difference %.3g of tolerance", c.Name, len(c.In), len(out), gaps, worst)
	}
}
