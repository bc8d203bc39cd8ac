package sensor

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// A device's csv messages without units are read in the units its first
// samples' gravity tells, held until then and delivered in order; a header
// that names the units decides at once, also for the device's later
// messages without one. (An ESP32 printing g over MQTT was read as m/s²:
// 1 g as 0.1 g, no step, nothing said — a black-box round.)
func TestPayloadUnits(t *testing.T) {
	want := walkSamples(300, 100)
	const perMsg = 10
	msgs := func(accDiv, gyrDiv float64, header string, headerEvery bool, gravityFree bool) [][]byte {
		var out [][]byte
		for k := 0; k < len(want); k += perMsg {
			var b strings.Builder
			if header != "" && (k == 0 || headerEvery) {
				b.WriteString(header + "\n")
			}
			for _, s := range want[k : k+perMsg] {
				a := s.Acc
				if gravityFree {
					a[1] -= G0
				}
				b.WriteString(strconv.FormatFloat(s.T, 'f', 2, 64))
				for _, v := range []float64{a[0] / accDiv, a[1] / accDiv, a[2] / accDiv, s.Gyr[0] / gyrDiv, s.Gyr[1] / gyrDiv, s.Gyr[2] / gyrDiv} {
					b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
				}
				b.WriteByte('\n')
			}
			out = append(out, []byte(b.String()))
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		msgs     [][]byte
		flushAt  int    // messages given before Flush (0: all)
		heldFor  int    // messages that deliver nothing
		decided  string // in the note
		noGrav   bool   // want ErrNoGravity, values read as m/s²
		gravFree bool
		opt      PayloadOptions
		wantErr  error      // instead of ErrNoGravity
		scale    [2]float64 // factors on the values delivered (0: 1)
	}{
		{"g and deg/s", msgs(G0, math.Pi/180, "", false, false), 0, 9, "acceleration in g (detected from gravity over 100 samples), angular rate in deg/s (detected over 100 samples)", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"m/s² and rad/s", msgs(1, 1, "", false, false), 0, 9, "acceleration in m/s² (detected from gravity over 100 samples), angular rate in rad/s (detected over 100 samples)", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"a header in the first message", msgs(G0, math.Pi/180, "t,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps", false, false), 0, 0, "", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"a header in every message", msgs(G0/1000, 1, "t,ax (mg),ay (mg),az (mg),gx (rad/s),gy (rad/s),gz (rad/s)", true, false), 0, 0, "", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"a unitless header", msgs(G0, math.Pi/180, "t,ax,ay,az,gx,gy,gz", false, false), 0, 9, "acceleration in g (detected", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"silent after 3 messages", msgs(G0, math.Pi/180, "", false, false), 3, 3, "acceleration in g (detected from gravity over 30 samples)", false, false, PayloadOptions{}, nil, [2]float64{}},
		{"user acceleration", msgs(1, 1, "", false, true), 0, 9, "acceleration in m/s² (assumed: not detected over 100 samples)", true, true, PayloadOptions{}, nil, [2]float64{}},
		// a header's units count before the options' (which are for
		// payloads that give none: a header in m/s² was read as g)
		{"a header and --mqtt-acc-unit", msgs(1, math.Pi/180, "t,ax_mps2,ay_mps2,az_mps2,gx_dps,gy_dps,gz_dps", false, false), 0, 0, "", false, false, PayloadOptions{AccUnit: "g", GyrUnit: "rads"}, nil, [2]float64{}},
		// a unit forced on values in another is said once (g read as
		// m/s²: no step and no word)
		{"m/s² forced on g", msgs(G0, 1, "", false, false), 0, 0, "", false, false, PayloadOptions{AccUnit: "mps2", GyrUnit: "rads"}, ErrUnit, [2]float64{1 / G0, 1}},
		// mg is not told from gravity (nor by analyze): m/s² and a note;
		// the gyroscope's deg/s, plain without it, is still detected
		{"mg and deg/s", msgs(G0/1000, math.Pi/180, "", false, false), 0, 9, "acceleration in m/s² (assumed: not detected over 100 samples), angular rate in deg/s (detected over 100 samples)", false, false, PayloadOptions{}, ErrUnit, [2]float64{1000 / G0, 1}},
	} {
		var u PayloadUnits
		var got []Sample
		var notes []string
		var firstErr error
		deliver := func(q *Payload) { got = append(got, q.Samples...) }
		var p Payload
		n := len(tc.msgs)
		if tc.flushAt > 0 {
			n = tc.flushAt
		}
		held := 0
		for i, m := range tc.msgs[:n] {
			if err := DecodePayload(&p, "d", m, tc.opt); err != nil {
				t.Fatalf("%s: message %d: %v", tc.name, i, err)
			}
			before := len(got)
			note, err := u.Add(&p, deliver)
			if len(got) == before {
				held++
			}
			if note != "" {
				notes = append(notes, note)
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}
		if tc.flushAt > 0 {
			note, err := u.Flush(deliver)
			notes = append(notes, note)
			if firstErr == nil {
				firstErr = err
			}
		}
		if held != tc.heldFor || u.Holding() {
			t.Errorf("%s: %d messages delivered nothing, holding %v; want %d, false", tc.name, held, u.Holding(), tc.heldFor)
		}
		switch {
		case tc.wantErr != nil && !errors.Is(firstErr, tc.wantErr), tc.wantErr == nil && tc.noGrav != errors.Is(firstErr, ErrNoGravity):
			t.Errorf("%s: error %v", tc.name, firstErr)
		}
		switch {
		case tc.decided == "" && len(notes) != 0:
			t.Errorf("%s: decided %q, want the header's units", tc.name, notes)
		case tc.decided != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0], tc.decided)):
			t.Errorf("%s: decided %q, want %q", tc.name, notes, tc.decided)
		}
		if len(got) != n*perMsg {
			t.Fatalf("%s: %d samples delivered, want %d", tc.name, len(got), n*perMsg)
		}
		for i, s := range got {
			w := want[i]
			if tc.gravFree {
				w.Acc[1] -= G0
			}
			for k := range 3 {
				if tc.scale[0] != 0 {
					w.Acc[k] *= tc.scale[0]
				}
				if tc.scale[1] != 0 {
					w.Gyr[k] *= tc.scale[1]
				}
			}
			if d := maxDiff(s, w); s.T != w.T || d > 1e-9*(1+maxAbs(w)) {
				t.Fatalf("%s: sample %d: %+v, want %+v", tc.name, i, s, w)
			}
		}
	}
}

func maxAbs(s Sample) float64 {
	m := 0.0
	for k := range 3 {
		m = max(m, math.Abs(s.Acc[k]), math.Abs(s.Gyr[k]))
	}
	return m
}

func maxDiff(a, b Sample) float64 {
	d := 0.0
	for k := range 3 {
		d = max(d, math.Abs(a.Acc[k]-b.Acc[k]), math.Abs(a.Gyr[k]-b.Gyr[k]))
	}
	return d
}

// PayloadUnits reads a device's unitless values in the units its first
// samples' gravity tells: here g, from an ESP32 sketch.
func ExamplePayloadUnits() {
	var u PayloadUnits
	var p Payload
	deliver := func(q *Payload) {
		fmt.Printf("%d samples, first az %.2f m/s²\n", len(q.Samples), q.Samples[0].Acc[2])
	}
	for k := 0; k < 120; k += 20 {
		var b strings.Builder
		for i := k; i < k+20; i++ {
			fmt.Fprintf(&b, "%d,%.3f,%.3f,%.3f\n", 10*i, 0.1*math.Sin(float64(i)/3), 0.05, 1+0.3*math.Sin(float64(i)/5))
		}
		if err := DecodePayload(&p, "esp32-1", []byte(b.String()), PayloadOptions{}); err != nil {
			fmt.Println(err)
			return
		}
		if note, err := u.Add(&p, deliver); note != "" || err != nil {
			fmt.Println(note, err)
		}
	}
	// Output:
	// 100 samples, first az 9.81 m/s²
	// acceleration in g (detected from gravity over 100 samples) <nil>
	// 20 samples, first az 12.49 m/s²
}

// FuzzPayloadUnits: messages (split at NUL bytes) decoded and passed
// through one device's PayloadUnits come out in full after Flush, in the
// order they went in, never NaN, whatever their units say. (A value near
// the float64 limit can overflow to ±Inf when rescaled: the engine
// refuses and counts it, as it does an absurd value in a file.)
func FuzzPayloadUnits(f *testing.F) {
	f.Add([]byte("t,ax_g,ay_g,az_g\n0,0,0,1\n10,0,0.1,1.2\x0020,0,0,0.9\n30,0.1,0,1\x00{\"ts\":40,\"ax\":0,\"ay\":0,\"az\":9.8}"), false)
	f.Add([]byte("0,0,0,9.8,0,0,1\n10,0,0,9.7,0,0,2\x0020,0,0,9.9,0,0,3"), true)
	f.Fuzz(func(t *testing.T, data []byte, forced bool) {
		var u PayloadUnits
		var p Payload
		opt := PayloadOptions{}
		if forced {
			opt.AccUnit, opt.GyrUnit = "g", "dps"
		}
		var in, out []float64
		deliver := func(q *Payload) {
			for _, s := range q.Samples {
				for k := range 3 {
					if math.IsNaN(s.Acc[k]) || math.IsNaN(s.Gyr[k]) {
						t.Fatalf("sample %+v: NaN", s)
					}
				}
				out = append(out, s.T)
			}
		}
		for _, m := range strings.Split(string(data), "\x00") {
			if DecodePayload(&p, "d", []byte(m), opt) != nil {
				continue
			}
			for _, s := range p.Samples {
				in = append(in, s.T)
			}
			u.Add(&p, deliver)
		}
		u.Flush(deliver)
		if u.Holding() || len(in) != len(out) {
			t.Fatalf("%d samples in, %d out, holding %v", len(in), len(out), u.Holding())
		}
		for i := range in {
			if in[i] != out[i] && !(math.IsNaN(in[i]) && math.IsNaN(out[i])) {
				t.Fatalf("sample %d at %v, went in at %v", i, out[i], in[i])
			}
		}
	})
}

// TestPayloadUnitsVerticalDown: a device's csv messages naming acc_v,
// acc_ap, acc_ml whose acc_v averages −1 g (a sensor's z axis, positive
// down, sent as the vertical) are read with acc_v negated from the first
// sample, said in the decision, as analyze's CSV reader reads the same
// text; a waist sending them found no step live while analyze found them
// all. One pointing up is read as given; in either, the units given or
// detected.
func TestPayloadUnitsVerticalDown(t *testing.T) {
	const n, perMsg = 300, 10
	up := make([]Sample, n)
	for i := range up {
		ti := float64(i) / 100
		up[i] = Sample{T: ti, Acc: [3]float64{G0 + 2.1*math.Sin(2*math.Pi*2.8*ti), 0.35 * math.Sin(2*math.Pi*1.4*ti), 0.6 * math.Cos(2*math.Pi*1.4*ti)}}
	}
	for _, tc := range []struct {
		name    string
		sign    float64 // of acc_v sent
		opt     PayloadOptions
		decided string
	}{
		{"down, g given", -1, PayloadOptions{AccUnit: "g"}, "acc_v negated: it averages -1.01 g over 100 samples, positive down"},
		{"down, unit detected", -1, PayloadOptions{}, "acceleration in g (detected from gravity over 100 samples), acc_v negated: it averages -1.01 g over 100 samples, positive down"},
		{"up, g given", 1, PayloadOptions{AccUnit: "g"}, ""},
		{"up, unit detected", 1, PayloadOptions{}, "acceleration in g (detected from gravity over 100 samples)"},
	} {
		var u PayloadUnits
		var got []Sample
		var notes []string
		var p Payload
		for k := 0; k < n; k += perMsg {
			var b strings.Builder
			b.WriteString("t,acc_v,acc_ap,acc_ml\n")
			for _, s := range up[k : k+perMsg] {
				fmt.Fprintf(&b, "%.2f,%s,%s,%s\n", s.T, strconv.FormatFloat(tc.sign*s.Acc[0]/G0, 'g', -1, 64), strconv.FormatFloat(s.Acc[1]/G0, 'g', -1, 64), strconv.FormatFloat(s.Acc[2]/G0, 'g', -1, 64))
			}
			if err := DecodePayload(&p, "d", []byte(b.String()), tc.opt); err != nil {
				t.Fatalf("%s: message %d: %v", tc.name, k/perMsg, err)
			}
			note, err := u.Add(&p, func(q *Payload) { got = append(got, q.Samples...) })
			if err != nil {
				t.Errorf("%s: message %d: %v", tc.name, k/perMsg, err)
			}
			if note != "" {
				notes = append(notes, note)
			}
		}
		if want := []string{tc.decided}; tc.decided == "" && len(notes) != 0 || tc.decided != "" && fmt.Sprint(notes) != fmt.Sprint(want) {
			t.Errorf("%s: decided %q, want %q", tc.name, notes, tc.decided)
		}
		if len(got) != n || u.Holding() {
			t.Fatalf("%s: %d samples delivered, holding %v", tc.name, len(got), u.Holding())
		}
		for i, s := range got {
			if d := maxDiff(s, up[i]); s.T != up[i].T || d > 1e-9*(1+maxAbs(up[i])) {
				t.Fatalf("%s: sample %d: %+v, want %+v", tc.name, i, s, up[i])
			}
		}
	}
}

// TestPayloadUnitsZeroStart: a board that sends 0 on every axis before its
// IMU is read (2 s of zeros, then a walk in g) has its unit decided on the
// samples after the zeros, which are held and delivered first, none lost.
// Decided on the zeros, the unit was m/s², assumed, for the device's life
// (the walk's 1 g read as 0.1 g: no step), and the error spoke of a mean
// vector of NaN. A sensor that sends nothing else is said to be unread
// once UnitStillSpan has passed.
func TestPayloadUnitsZeroStart(t *testing.T) {
	zeros := func(n int, t0 float64) []Sample {
		ss := make([]Sample, n)
		for i := range ss {
			ss[i].T = t0 + float64(i)/100
		}
		return ss
	}
	run := func(ss []Sample) (got []Sample, notes []string, errs []error) {
		f := unitsFeed{t: t}
		for k := 0; k < len(ss); k += 10 {
			f.add(boardLines(ss[k:min(k+10, len(ss))], false))
		}
		f.flush()
		return f.got, f.notes, f.errs
	}

	walk := walkSamples(300, 100)
	for i := range walk {
		walk[i].T += 2
	}
	in := append(zeros(200, 0), walk...)
	got, notes, errs := run(in)
	if len(errs) != 0 || len(notes) != 1 || !strings.HasPrefix(notes[0], "acceleration in g (detected from gravity") {
		t.Errorf("zeros then a walk in g: decided %q, errors %v", notes, errs)
	}
	if len(got) != len(in) {
		t.Fatalf("%d samples delivered of %d", len(got), len(in))
	}
	for i := 200; i < len(got); i++ {
		if math.Abs(got[i].Acc[1]-walk[i-200].Acc[1]) > 1e-9 {
			t.Fatalf("sample %d: acc_y %g, want %g (read in g)", i, got[i].Acc[1], walk[i-200].Acc[1])
		}
	}

	got, _, errs = run(zeros(1200, 0)) // 12 s of zeros
	if len(got) != 1200 || len(errs) != 1 || !errors.Is(errs[0], ErrNotRecording) || !strings.Contains(errs[0].Error(), "0 on every axis") || strings.Contains(errs[0].Error(), "NaN") {
		t.Errorf("zeros only: %d samples delivered, errors %v", len(got), errs)
	}
}
