package sensor

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVGyroOnly reads gyroscope files of their own: bare axes are angular
// rates, the unit comes from the option, the header or the format, and a
// file without one (or without gyroscope columns) is refused with the reason.
func TestCSVGyroOnly(t *testing.T) {
	all3 := [3]bool{true, true, true}
	for _, tc := range []struct {
		name, data string // data: a fixture file name, or the content itself
		opt        CSVOptions
		describe   string // "" when an error is wanted
		err        error
		msg        string
		first      [3]float64 // first sample's angular rate, rad/s
	}{
		{name: "metabase_Gyroscope.csv", describe: "format=metabase time=elapsed(s) gyro=x-axis,y-axis,z-axis(deg/s) rate=100.0Hz frame=sensor",
			first: [3]float64{11.281 * math.Pi / 180, -0.479 * math.Pi / 180, 2.605 * math.Pi / 180}},
		{name: "sensorlogger_Gyroscope.csv", describe: "format=sensorlogger time=seconds_elapsed(s) gyro=x,y,z(rad/s) rate=100.0Hz frame=sensor",
			first: [3]float64{0.079364, 0.170375, 0.139423}},
		{name: "plain_dps", data: "t,x,y,z\n0.00,10,20,30\n0.01,11,21,31\n0.02,12,22,32\n", opt: CSVOptions{GyroUnit: "dps"},
			describe: "format=csv time=t(s detected) gyro=x,y,z(deg/s) rate=100.0Hz frame=sensor",
			first:    [3]float64{10 * math.Pi / 180, 20 * math.Pi / 180, 30 * math.Pi / 180}},
		{name: "plain_gyr_prefix", data: "t,gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)\n0.00,1,2,3\n0.01,-1,-2,-3\n0.02,1,2,3\n0.03,-1,-2,-3\n",
			describe: "format=csv time=t(s detected) gyro=gyr_x,gyr_y,gyr_z(rad/s) rate=100.0Hz frame=sensor", first: [3]float64{1, 2, 3}},
		{name: "gravity", data: "t,x (rad/s),y (rad/s),z (rad/s)\n0.00,0.1,9.8,0.2\n0.01,0.1,9.7,0.2\n0.02,0.2,9.8,0.1\n", err: ErrNotRecording,
			msg: "gravity:1: not an IMU recording: not an angular rate: the vector averages 9.77 rad/s in one direction over 3 lines (t,x (rad/s),y (rad/s),z (rad/s)), which no body segment keeps up; gravity, a magnetic field or an accelerometer file with the same columns, or the wrong unit?"},
		{name: "deg_as_rad", data: "t,x,y,z\n0.00,100,-80,50\n0.01,-100,80,-50\n0.02,100,-80,50\n0.03,-100,80,-50\n", opt: CSVOptions{GyroUnit: "rads"}, err: ErrUnit,
			msg: "deg_as_rad:1: unit unknown: the median angular rate is 137 rad/s over 4 lines, beyond a gyroscope's 2000 °/s: the unit looks wrong"},
		{name: "full_recording", data: "t,ax,ay,az,gx,gy,gz\n0.00,0,0,1,1,2,3\n0.01,0,0,1,1,2,3\n0.02,0,0,1,1,2,3\n", err: ErrUnit,
			msg: "full_recording:1: unit unknown: the gyroscope's unit is not in the header (t,ax,ay,az,gx,gy,gz), and the file has acceleration columns: give it as the recording itself, not as a gyroscope file"},
		{name: "no_unit", data: "t,x,y,z\n0.00,10,20,30\n0.01,11,21,31\n0.02,12,22,32\n", err: ErrUnit,
			msg: "no_unit:1: unit unknown: the gyroscope's unit is not in the header (t,x,y,z): set it (dps or rads); without acceleration it cannot be detected"},
		{name: "acc_only", data: "t,acc_x,acc_y,acc_z\n0.00,0,0,1\n0.01,0,0,1\n0.02,0,0,1\n", err: ErrNotRecording,
			msg: "acc_only:1: not an IMU recording: no gyroscope columns in header: t,acc_x,acc_y,acc_z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.GyroOnly = true
			var r *CSVReader
			var err error
			if tc.data == "" {
				r, err = mustOpen(t, tc.name, tc.opt), nil
			} else {
				tc.opt.Name = tc.name
				r, err = NewCSVReader(strings.NewReader(tc.data), tc.opt)
			}
			if tc.err != nil {
				if !errors.Is(err, tc.err) || err.Error() != tc.msg {
					t.Fatalf("err %v, want %v: %q", err, tc.err, tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := r.Describe(); d != tc.describe {
				t.Errorf("describe %q, want %q", d, tc.describe)
			}
			if l := r.Layout(); l.AccAxes() != 0 || l.Gyr != all3 {
				t.Errorf("layout %+v: want gyroscope only", l)
			}
			res := readAll(t, r)
			if len(res.samples) == 0 || len(res.errs) > 0 {
				t.Fatalf("%d samples, errors %v", len(res.samples), res.errs)
			}
			for k := range 3 {
				if !near(res.samples[0].Gyr[k], tc.first[k]) {
					t.Errorf("first sample %v rad/s, want %v", res.samples[0].Gyr, tc.first)
				}
			}
		})
	}
}

// sliceSource is a recorded stream in memory for the merge tests: samples,
// and record errors returned before the sample of the same index.
type sliceSource struct {
	layout  Layout
	samples []Sample
	errs    map[int]error
	i       int
}

func (s *sliceSource) Layout() Layout { return s.layout }

func (s *sliceSource) Read(out *Sample) error {
	if err, ok := s.errs[s.i]; ok {
		delete(s.errs, s.i)
		return err
	}
	if s.i >= len(s.samples) {
		return io.EOF
	}
	*out = s.samples[s.i]
	s.i++
	return nil
}

// stream makes n samples from t0 at the given rate; f fills each.
func stream(t0, rate float64, n int, f func(s *Sample)) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i].T = t0 + float64(i)/rate
		f(&out[i])
	}
	return out
}

// omega is the test's angular rate, linear in time so that linear
// interpolation must give it exactly, rad/s.
func omega(t float64) [3]float64 { return [3]float64{2*t + 1, -0.5 * t, 3} }

func readMerged(t *testing.T, m Source) (out []Sample, errs []error) {
	t.Helper()
	for {
		var s Sample
		err := m.Read(&s)
		if err == io.EOF {
			return out, errs
		}
		if err != nil {
			errs = append(errs, err)
			var le *LineError
			if !errors.As(err, &le) {
				return out, errs
			}
			continue
		}
		out = append(out, s)
	}
}

// TestGyroMerge: the angular rate is interpolated at each accelerometer
// time (exact for a rate linear in time), held within MaxGap of the
// gyroscope's ends, and accelerometer samples further out or inside a longer
// gyroscope gap are left out and counted, never given a made-up rate. A
// bad gyroscope record is returned as its own error and loses nothing.
func TestGyroMerge(t *testing.T) {
	accL := Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	gyrL := Layout{Gyr: [3]bool{true, true, true}, Rate: 50}
	// accelerometer 0–6 s at 100 Hz; gyroscope 1.003–5.003 s at 50 Hz
	// with 2.0–2.5 s missing, and one bad record
	acc := stream(0, 100, 600, func(s *Sample) { s.Acc = [3]float64{0, 0, G0} })
	var gyr []Sample
	for _, s := range stream(1.003, 50, 201, func(s *Sample) { s.Gyr = omega(s.T) }) {
		if s.T > 2.0 && s.T < 2.5 {
			continue
		}
		gyr = append(gyr, s)
	}
	bad := &LineError{File: "gyro.csv", Line: 40, Err: ErrParse}
	m, err := NewGyroMerge(&sliceSource{layout: accL, samples: acc}, &sliceSource{layout: gyrL, samples: gyr, errs: map[int]error{30: bad}}, GyroMergeOptions{AccName: "acc.csv", GyroName: "gyro.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if g := m.MaxGap(); g != 0.1 {
		t.Fatalf("MaxGap %v, want 0.1 s (2.5 periods of 50 Hz are 0.05 s)", g)
	}
	if l := m.Layout(); l.Acc != accL.Acc || l.Gyr != gyrL.Gyr || l.Rate != 100 {
		t.Fatalf("layout %+v", l)
	}
	out, errs := readMerged(t, m)
	if len(errs) != 1 || !errors.Is(errs[0], bad) {
		t.Fatalf("errors %v, want the bad gyroscope record", errs)
	}
	st := m.Stats()
	// gyro span 1.003–5.003 s; held from 0.91 (≥ 1.003−0.1) and up to 5.10
	// (≤ 5.003+0.1); the gap's samples are 1.983 and 2.503 s apart by more
	// than 0.1 s: 1.99–2.50 is left out
	want := MergeStats{Before: 91, After: 89, InGaps: 52, Held: 20, Joined: len(gyr), JoinedStart: 1.003, JoinedEnd: 5.003}
	want.Merged = 600 - want.LeftOut()
	if st.Before != want.Before || st.After != want.After || st.InGaps != want.InGaps || st.Held != want.Held ||
		st.Merged != want.Merged || st.Joined != want.Joined || !near(st.JoinedStart, want.JoinedStart) || !near(st.JoinedEnd, want.JoinedEnd) {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if len(out) != want.Merged {
		t.Fatalf("%d samples, want %d", len(out), want.Merged)
	}
	for _, s := range out {
		w := omega(s.T)
		switch {
		case s.T < 1.003:
			w = omega(1.003)
		case s.T > 5.003:
			w = omega(5.003)
		case s.T > 1.98 && s.T < 2.51:
			t.Fatalf("sample at %.2f s inside the gyroscope gap", s.T)
		}
		for k := range 3 {
			if math.Abs(s.Gyr[k]-w[k]) > 1e-12 {
				t.Fatalf("t=%.2f s: ω %v, want %v", s.T, s.Gyr, w)
			}
		}
		if s.Acc != [3]float64{0, 0, G0} {
			t.Fatalf("acceleration changed: %v", s.Acc)
		}
	}
	d := m.Describe()
	if !strings.Contains(d, "232 accelerometer samples without angular rate left out (91 before the gyroscope starts, 89 after it ends, 52 in its gaps over 0.10 s)") ||
		!strings.Contains(d, "gyroscope from gyro.csv: gyro.csv (1.00–5.00 s)") {
		t.Errorf("describe %q", d)
	}
}

// TestGyroMergeOwnFrame: aligned (anatomical) acceleration joined, with
// OwnFrameRates (a shoe or shank), to a gyroscope recording in the
// sensor's own frame keeps the rates, marked as the sensor's own
// (Layout.GyrOwnFrame); without it (a waist, which needs the rates in the
// acceleration's frame) the frames are refused as before.
func TestGyroMergeOwnFrame(t *testing.T) {
	acc := stream(0, 100, 10, func(s *Sample) {})
	gyr := stream(0, 100, 10, func(s *Sample) { s.Gyr = [3]float64{1, 2, 3} })
	accL := Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, true}, Rate: 100}
	gyrL := Layout{Gyr: [3]bool{true, true, true}, Rate: 100}
	_, err := NewGyroMerge(&sliceSource{layout: accL, samples: acc}, &sliceSource{layout: gyrL, samples: gyr}, GyroMergeOptions{AccName: "a.csv", GyroName: "g.csv"})
	if !errors.Is(err, ErrGyroMerge) || !strings.Contains(err.Error(), "axes in different frames (anatomical and sensor)") {
		t.Errorf("without OwnFrameRates: %v, want the frames refused", err)
	}
	m, err := NewGyroMerge(&sliceSource{layout: accL, samples: acc}, &sliceSource{layout: gyrL, samples: gyr}, GyroMergeOptions{AccName: "a.csv", GyroName: "g.csv", OwnFrameRates: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := m.Layout(); l.Frame != FrameAnatomical || !l.HasGyro() || !l.GyrOwnFrame {
		t.Errorf("layout %+v, want anatomical acceleration with the sensor's own rates", l)
	}
	ss, errs := readMerged(t, m)
	if len(errs) > 0 || len(ss) == 0 {
		t.Fatalf("%d samples, errors %v", len(ss), errs)
	}
	if ss[0].Gyr != [3]float64{1, 2, 3} {
		t.Errorf("first rates %v, want [1 2 3]", ss[0].Gyr)
	}
}

// TestGyroMergeRefuses: layouts that cannot be joined, an empty gyroscope
// recording and time bases that do not meet are errors naming the files.
func TestGyroMergeRefuses(t *testing.T) {
	accL := Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	gyrL := Layout{Gyr: [3]bool{true, true, true}, Rate: 100}
	acc := stream(0, 100, 10, func(s *Sample) {})
	for _, tc := range []struct {
		name    string
		acc     Layout
		gyr     Layout
		gyrData []Sample
		msg     string
	}{
		{"acc has gyro", Layout{Acc: accL.Acc, Gyr: gyrL.Gyr}, gyrL, nil, "a.csv: cannot join the gyroscope recording: the recording has gyroscope channels of its own"},
		{"no acc", Layout{}, gyrL, nil, "a.csv: cannot join the gyroscope recording: no acceleration channels"},
		{"no gyro", accL, Layout{}, nil, "g.csv: cannot join the gyroscope recording: no gyroscope channels"},
		{"gyro has acc", accL, Layout{Acc: accL.Acc, Gyr: gyrL.Gyr}, nil, "g.csv: cannot join the gyroscope recording: the gyroscope recording has acceleration channels (read it gyroscope-only)"},
		{"frames", Layout{Frame: FrameAnatomical, Acc: accL.Acc}, gyrL, nil, "a.csv, g.csv: cannot join the gyroscope recording: axes in different frames (anatomical and sensor)"},
		{"frames, the other way", accL, Layout{Frame: FrameAnatomical, Gyr: gyrL.Gyr}, nil, "a.csv, g.csv: cannot join the gyroscope recording: axes in different frames (sensor and anatomical)"},
		{"empty gyro", accL, gyrL, nil, "g.csv: cannot join the gyroscope recording: no gyroscope samples"},
		{"epoch vs elapsed", accL, gyrL, stream(1.7e9, 100, 10, func(s *Sample) {}),
			"a.csv, g.csv: cannot join the gyroscope recording: the accelerometer starts at 0.000 s, the gyroscope at 1700000000.000 s (+1700000000.0 s): not on one time base"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := NewGyroMerge(&sliceSource{layout: tc.acc, samples: acc}, &sliceSource{layout: tc.gyr, samples: tc.gyrData}, GyroMergeOptions{AccName: "a.csv", GyroName: "g.csv"})
			if err == nil {
				_, errs := readMerged(t, m)
				if len(errs) > 0 {
					err = errs[0]
				}
			}
			if !errors.Is(err, ErrGyroMerge) || err.Error() != tc.msg {
				t.Fatalf("err %v, want %q", err, tc.msg)
			}
		})
	}
}

// TestGyroMergeFiles joins the app fixtures: Sensor Logger's
// TotalAcceleration.csv and Gyroscope.csv share their timestamps, so every
// sample gets its own row's rate; MetaBase's gyroscope file is shorter than
// its accelerometer file, whose later samples are left out and counted.
func TestGyroMergeFiles(t *testing.T) {
	open := func(acc, gyr string) *GyroMerge {
		t.Helper()
		a := mustOpen(t, acc, CSVOptions{})
		g := mustOpen(t, gyr, CSVOptions{GyroOnly: true})
		m, err := NewGyroMerge(a, g, GyroMergeOptions{AccName: acc, GyroName: gyr, Offset: g.Stats().EpochOffset - a.Stats().EpochOffset})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := open("sensorlogger_TotalAcceleration.csv", "sensorlogger_Gyroscope.csv")
	out, errs := readMerged(t, m)
	want := readAll(t, mustOpen(t, "sensorlogger_Gyroscope.csv", CSVOptions{GyroOnly: true}))
	accs := readAll(t, mustOpen(t, "sensorlogger_TotalAcceleration.csv", CSVOptions{}))
	if len(errs) > 0 || len(out) != len(want.samples) || len(out) != len(accs.samples) {
		t.Fatalf("%d samples (errors %v), want %d", len(out), errs, len(want.samples))
	}
	for i, s := range out {
		if s.T != accs.samples[i].T || s.Acc != accs.samples[i].Acc || s.Gyr != want.samples[i].Gyr {
			t.Fatalf("sample %d: %+v, want acc %+v gyro %+v", i, s, accs.samples[i], want.samples[i])
		}
	}
	if st := m.Stats(); st.LeftOut() != 0 || st.Held != 0 {
		t.Errorf("stats %+v: nothing left out or held", st)
	}

	m = open("metabase_Accelerometer.csv", "metabase_Gyroscope.csv")
	out, errs = readMerged(t, m)
	st := m.Stats()
	if len(errs) > 0 || st.Joined != 20 || st.After != 200-20-10 || len(out) != 30 || st.Held != 10 {
		t.Errorf("metabase: %d samples, errors %v, stats %+v; want 30 (20 interpolated, 10 held), 170 after the gyroscope's end", len(out), errs, st)
	}
}

// TestGyroMergeEpochAligned: MetaBase restarts elapsed (s) in each file;
// a gyroscope started 1 s after the accelerometer is aligned by the two
// files' epoch columns (CSVStats.EpochOffset), not by elapsed time.
func TestGyroMergeEpochAligned(t *testing.T) {
	var acc, gyr strings.Builder
	acc.WriteString("epoch (ms),time (-05:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n")
	gyr.WriteString("epoch (ms),time (-05:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)\n")
	for i := range 300 {
		fmt.Fprintf(&acc, "%d,2023-02-21T12.20.00.000,%.3f,0.000,1.000,0.000\n", int64(1677000000000)+10*int64(i), float64(i)/100)
		if i >= 100 { // the gyroscope from 1 s on; its rate about x is the accelerometer's time in s
			fmt.Fprintf(&gyr, "%d,2023-02-21T12.20.01.000,%.3f,%.4f,0,0\n", int64(1677000000000)+10*int64(i), float64(i-100)/100, float64(i)/100*180/math.Pi)
		}
	}
	a, err := NewCSVReader(strings.NewReader(acc.String()), CSVOptions{Name: "acc"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewCSVReader(strings.NewReader(gyr.String()), CSVOptions{Name: "gyr", GyroOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ea, eg := a.Stats().EpochOffset, g.Stats().EpochOffset
	if ea != 1677000000 || eg != 1677000001 {
		t.Fatalf("epoch offsets %v, %v", ea, eg)
	}
	m, err := NewGyroMerge(a, g, GyroMergeOptions{AccName: "acc", GyroName: "gyr", Offset: eg - ea})
	if err != nil {
		t.Fatal(err)
	}
	out, errs := readMerged(t, m)
	if len(errs) > 0 || len(out) != 210 || m.Stats().Before != 90 {
		t.Fatalf("%d samples, errors %v, stats %+v", len(out), errs, m.Stats())
	}
	for _, s := range out {
		if s.T >= 1 && math.Abs(s.Gyr[0]-s.T) > 1e-3 {
			t.Fatalf("t=%.2f s: ω %v rad/s, want %.2f (the gyroscope sample of the same moment)", s.T, s.Gyr[0], s.T)
		}
	}
}

// gravityAt is the test's gravity vector, linear in time so that linear
// interpolation must give it exactly, m/s².
func gravityAt(t float64) [3]float64 { return [3]float64{0.1 * t, G0 - 0.05*t, -0.2 * t} }

// TestGravityMerge: gravity is interpolated at each accelerometer time and
// added to the user acceleration (exact for gravity linear in time), held
// within MaxGap of the gravity recording's ends; accelerometer samples
// further out or inside a longer gap are left out and counted. The
// samples' own angular rate is kept, and a bad gravity record is returned
// as its own error and loses nothing.
func TestGravityMerge(t *testing.T) {
	accL := Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}, Rate: 100}
	gL := Layout{Acc: [3]bool{true, true, true}, Rate: 50}
	user := func(t float64) [3]float64 { return [3]float64{math.Sin(9 * t), math.Cos(7 * t), 0.3} }
	acc := stream(0, 100, 600, func(s *Sample) { s.Acc, s.Gyr = user(s.T), omega(s.T) })
	var grav []Sample
	for _, s := range stream(1.003, 50, 201, func(s *Sample) { s.Acc = gravityAt(s.T) }) {
		if s.T > 2.0 && s.T < 2.5 {
			continue
		}
		grav = append(grav, s)
	}
	bad := &LineError{File: "Gravity.csv", Line: 40, Err: ErrParse}
	m, err := NewGravityMerge(&sliceSource{layout: accL, samples: acc}, &sliceSource{layout: gL, samples: grav, errs: map[int]error{30: bad}}, GyroMergeOptions{AccName: "Accelerometer.csv", GyroName: "Gravity.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if l := m.Layout(); l != accL {
		t.Fatalf("layout %+v, want the accelerometer recording's %+v", l, accL)
	}
	out, errs := readMerged(t, m)
	if len(errs) != 1 || !errors.Is(errs[0], bad) {
		t.Fatalf("errors %v, want the bad gravity record", errs)
	}
	st := m.Stats()
	want := MergeStats{Before: 91, After: 89, InGaps: 52, Held: 20, Joined: len(grav), JoinedStart: 1.003, JoinedEnd: 5.003}
	want.Merged = 600 - want.LeftOut()
	if st.Before != want.Before || st.After != want.After || st.InGaps != want.InGaps || st.Held != want.Held ||
		st.Merged != want.Merged || st.Joined != want.Joined || !near(st.JoinedStart, want.JoinedStart) || !near(st.JoinedEnd, want.JoinedEnd) {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if len(out) != want.Merged {
		t.Fatalf("%d samples, want %d", len(out), want.Merged)
	}
	for _, s := range out {
		g := gravityAt(min(max(s.T, 1.003), 5.003))
		if s.T > 1.98 && s.T < 2.51 {
			t.Fatalf("sample at %.2f s inside the gravity gap", s.T)
		}
		u := user(s.T)
		for k := range 3 {
			if math.Abs(s.Acc[k]-(u[k]+g[k])) > 1e-12 {
				t.Fatalf("t=%.2f s: a %v, want %v + %v", s.T, s.Acc, u, g)
			}
		}
		if s.Gyr != omega(s.T) {
			t.Fatalf("t=%.2f s: angular rate changed: %v", s.T, s.Gyr)
		}
	}
	d := m.Describe()
	if !strings.Contains(d, "232 accelerometer samples without gravity left out (91 before the gravity recording starts, 89 after it ends, 52 in its gaps over 0.10 s)") ||
		!strings.Contains(d, "gravity from Gravity.csv: Gravity.csv (1.00–5.00 s)") {
		t.Errorf("describe %q", d)
	}
}

// TestGravityMergeRefuses: recordings that cannot be joined, an empty
// gravity recording and time bases that do not meet are errors naming the
// files.
func TestGravityMergeRefuses(t *testing.T) {
	acc3 := Layout{Acc: [3]bool{true, true, true}, Rate: 100}
	acc := stream(0, 100, 10, func(s *Sample) {})
	for _, tc := range []struct {
		name     string
		acc, g   Layout
		gData    []Sample
		opt      GyroMergeOptions
		msg      string
		refusedE bool // refused by NewGravityMerge (else on the first Read)
	}{
		{"no acc", Layout{Gyr: [3]bool{true, true, true}}, acc3, nil, GyroMergeOptions{}, "a.csv: cannot join the gravity recording: no acceleration channels", true},
		{"gravity without acc", acc3, Layout{}, nil, GyroMergeOptions{}, "g.csv: cannot join the gravity recording: no acceleration channels (gravity is read as acceleration)", true},
		{"gravity with gyro", acc3, Layout{Acc: acc3.Acc, Gyr: [3]bool{true, true, true}}, nil, GyroMergeOptions{}, "g.csv: cannot join the gravity recording: the gravity recording has gyroscope channels", true},
		{"axes", acc3, Layout{Acc: [3]bool{true, true, false}}, nil, GyroMergeOptions{}, "a.csv, g.csv: cannot join the gravity recording: the two recordings have different axes (sensor frame, axes x,y,z and sensor frame, axes x,y)", true},
		{"frames", acc3, Layout{Frame: FrameAnatomical, Acc: acc3.Acc}, nil, GyroMergeOptions{}, "a.csv, g.csv: cannot join the gravity recording: the two recordings have different axes (sensor frame, axes x,y,z and anatomical frame, axes v,ap,ml)", true},
		{"own frame rates", acc3, acc3, nil, GyroMergeOptions{OwnFrameRates: true}, "a.csv, g.csv: cannot join the gravity recording: OwnFrameRates is for a gyroscope", true},
		{"offset", acc3, acc3, nil, GyroMergeOptions{Offset: math.NaN()}, "a.csv, g.csv: cannot join the gravity recording: offset NaN", true},
		{"empty gravity", acc3, acc3, nil, GyroMergeOptions{}, "g.csv: cannot join the gravity recording: no gravity samples", false},
		{"epoch vs elapsed", acc3, acc3, stream(1.7e9, 100, 10, func(s *Sample) { s.Acc[2] = G0 }), GyroMergeOptions{},
			"a.csv, g.csv: cannot join the gravity recording: the accelerometer starts at 0.000 s, the gravity recording at 1700000000.000 s (+1700000000.0 s): not on one time base", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.AccName, tc.opt.GyroName = "a.csv", "g.csv"
			m, err := NewGravityMerge(&sliceSource{layout: tc.acc, samples: acc}, &sliceSource{layout: tc.g, samples: tc.gData}, tc.opt)
			if (err != nil) != tc.refusedE {
				t.Fatalf("NewGravityMerge: %v", err)
			}
			if err == nil {
				_, errs := readMerged(t, m)
				if len(errs) > 0 {
					err = errs[0]
				}
			}
			if !errors.Is(err, ErrGravityMerge) || err.Error() != tc.msg {
				t.Fatalf("err %v, want %q", err, tc.msg)
			}
		})
	}
}

// TestCSVGravityFree reads user acceleration with CSVOptions.GravityFree:
// iOS Sensor Logger's Accelerometer.csv (refused without the option) is
// read in the format's unit; a plain file takes its unit from the option,
// the header or GravityUnit, and without any is refused (the unit cannot
// be detected without gravity); a file that includes gravity is refused,
// since gravity would be added twice; and the options that contradict it
// are errors.
func TestCSVGravityFree(t *testing.T) {
	// a trunk's user acceleration in g: zero mean, swinging
	var user, total strings.Builder
	user.WriteString("t,ax,ay,az\n")
	total.WriteString("t,ax,ay,az\n")
	for i := range 300 {
		tt := float64(i) / 100
		x, y, z := 0.2*math.Sin(2*math.Pi*2.8*tt), 0.1*math.Cos(2*math.Pi*1.4*tt), 0.5*math.Sin(2*math.Pi*2.8*tt+1)
		fmt.Fprintf(&user, "%.2f,%.5f,%.5f,%.5f\n", tt, x, y, z)
		fmt.Fprintf(&total, "%.2f,%.5f,%.5f,%.5f\n", tt, x+0.1, y+0.2, z+0.97)
	}
	ios, err := os.ReadFile(filepath.Join(formatsDir, "sensorlogger_Accelerometer_ios.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, data string
		opt        CSVOptions
		unit, by   string // the unit read, when no error is wanted
		err        error
		msg        string
	}{
		{name: "ios", data: string(ios), unit: "m/s²", by: "format"},
		{name: "ios, gravity unit ignored", data: string(ios), opt: CSVOptions{GravityUnit: "g"}, unit: "m/s²", by: "format"},
		{name: "plain, option", data: user.String(), opt: CSVOptions{AccUnit: "g"}, unit: "g", by: "option"},
		{name: "plain, the gravity recording's unit", data: user.String(), opt: CSVOptions{GravityUnit: "g"}, unit: "g", by: "gravity recording"},
		{name: "plain, no unit", data: user.String(), err: ErrUnit,
			msg: "plain, no unit: unit unknown: acceleration without gravity: its unit cannot be told from gravity; set the acceleration unit"},
		{name: "includes gravity", data: total.String(), opt: CSVOptions{GravityUnit: "g"}, err: ErrHasGravity,
			msg: "includes gravity: acceleration includes gravity: the mean acceleration is 1.01 g over 300 lines (with unit g), nearly the median |a|: gravity is there already and would be added twice; analyse it without a gravity recording"},
		{name: "gyro only", data: user.String(), opt: CSVOptions{GyroOnly: true},
			msg: "gyro only: GravityFree reads acceleration, GyroOnly a gyroscope alone: not both"},
		{name: "bad gravity unit", data: user.String(), opt: CSVOptions{GravityUnit: "furlongs"},
			msg: `bad gravity unit: gravity unit: unknown acceleration unit "furlongs" (want g, mps2, mg or raw:<lsb_per_g>)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Name, tc.opt.GravityFree = tc.name, true
			r, err := NewCSVReader(strings.NewReader(tc.data), tc.opt)
			if tc.msg != "" {
				if err == nil || err.Error() != tc.msg || (tc.err != nil && !errors.Is(err, tc.err)) {
					t.Fatalf("err %v, want %q", err, tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st := r.Stats(); st.AccUnit != tc.unit || st.AccUnitBy != tc.by {
				t.Errorf("unit %s by %s, want %s by %s", st.AccUnit, st.AccUnitBy, tc.unit, tc.by)
			}
			if res := readAll(t, r); len(res.samples) == 0 || len(res.errs) > 0 {
				t.Fatalf("%d samples, errors %v", len(res.samples), res.errs)
			}
		})
	}
	if _, err := NewCSVReader(strings.NewReader(user.String()), CSVOptions{Name: "x", GravityUnit: "g"}); err == nil || err.Error() != "x: GravityUnit is for a GravityFree recording" {
		t.Errorf("GravityUnit without GravityFree: %v", err)
	}
}
