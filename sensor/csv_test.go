package sensor

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const formatsDir = "../testdata/formats"

// result is everything a reader produced.
type result struct {
	samples []Sample
	errs    []string
	stats   CSVStats
}

// readAll reads r to the end, collecting samples and per-line errors. A
// non-line error ends the read and is the last entry of errs.
// readString reads text as a whole CSV file with opt: the reader's
// construction error, or everything it returns.
func readString(tb testing.TB, text string, opt CSVOptions) (result, error) {
	tb.Helper()
	r, err := NewCSVReader(strings.NewReader(text), opt)
	if err != nil {
		return result{}, err
	}
	return readAll(tb, r), nil
}

func readAll(tb testing.TB, r *CSVReader) result {
	tb.Helper()
	var res result
	for {
		var s Sample
		err := r.Read(&s)
		if err == io.EOF {
			break
		}
		if err != nil {
			res.errs = append(res.errs, err.Error())
			var le *LineError
			if !errors.As(err, &le) {
				break
			}
			continue
		}
		res.samples = append(res.samples, s)
	}
	res.stats = r.Stats()
	return res
}

func mustOpen(tb testing.TB, name string, opt CSVOptions) *CSVReader {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(formatsDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	if opt.Name == "" {
		opt.Name = name
	}
	r, err := NewCSVReader(bytes.NewReader(data), opt)
	if err != nil {
		tb.Fatalf("NewCSVReader(%s): %v", name, err)
	}
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func sameSample(a, b Sample) bool {
	if !near(a.T, b.T) {
		return false
	}
	for i := range 3 {
		if !near(a.Acc[i], b.Acc[i]) || !near(a.Gyr[i], b.Gyr[i]) {
			return false
		}
	}
	return true
}

const dps = math.Pi / 180

// TestCSVFormats reads one hand-written fixture per format.
func TestCSVFormats(t *testing.T) {
	all3 := [3]bool{true, true, true}
	tests := []struct {
		file     string
		opt      CSVOptions
		describe string
		layout   Layout
		n        int // samples
		bad      BadLineCounts
		skipped  int
		first    Sample
	}{
		{
			file:     "sensorlogger_TotalAcceleration.csv",
			describe: "format=sensorlogger time=seconds_elapsed(s) acc=x,y,z(m/s²) gyro=none rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100},
			n:        250, skipped: 1,
			first: Sample{T: 0.041779323, Acc: [3]float64{-0.059688, 10.201875, 1.139625}},
		},
		{
			file:     "phyphox_Accelerometer.csv",
			describe: "format=phyphox time=Time(s) acc=Acceleration x,Acceleration y,Acceleration z(m/s²) gyro=none rate=199.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 199},
			n:        199, skipped: 1, bad: BadLineCounts{NonFinite: 1},
			first: Sample{T: 8.12e-3, Acc: [3]float64{3.030621340e-02, 1.075929040, 1.064631517e+01}},
		},
		{
			file:     "phyphox_semicolon_decimal_comma.csv",
			describe: "format=phyphox time=Time(s) acc=Acceleration x,Acceleration y,Acceleration z(m/s²) gyro=Gyroscope x,Gyroscope y,Gyroscope z(rad/s) rate=100.0Hz frame=sensor decimal=comma",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150, skipped: 1,
			first: Sample{T: 2.1e-3, Acc: [3]float64{3.439237152e-02, 1.130541215, 1.017013837e+01},
				Gyr: [3]float64{2.069112033e-01, 3.454820069e-02, -8.451160328e-03}},
		},
		{
			file:     "metabase_Accelerometer.csv",
			describe: "format=metabase time=elapsed(s) acc=x-axis,y-axis,z-axis(g) gyro=none rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100},
			n:        200, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{0.003 * G0, 1.028 * G0, 0.110 * G0}},
		},
		{
			file:     "arduino_plotter.txt",
			opt:      CSVOptions{Rate: 100},
			describe: "format=arduino time=none(index/100.0Hz) acc=AccelX,AccelY,AccelZ(m/s² detected) gyro=GyroX,GyroY,GyroZ(rad/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{1.15, 0.12, 9.96}, Gyr: [3]float64{0.03, -0.20, 0.01}},
		},
		{
			// A capture cut mid-line, then boot messages: 1 partial line,
			// 5 messages and a blank line are skipped.
			file:     "arduino_plotter_capture.txt",
			opt:      CSVOptions{Rate: 100},
			describe: "format=arduino time=none(index/100.0Hz) acc=AccelX,AccelY,AccelZ(m/s² detected) gyro=GyroX,GyroY,GyroZ(rad/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        100, skipped: 7,
			first: Sample{T: 0, Acc: [3]float64{1.07, -0.02, 10.06}, Gyr: [3]float64{0.04, -0.21, 0}},
		},
		{
			file:     "arduino_csv_noheader.csv",
			opt:      CSVOptions{Rate: 100},
			describe: "format=arduino time=t(ms detected) acc=ax,ay,az(g detected) gyro=gx,gy,gz(deg/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150,
			first: Sample{T: 52.31, Acc: [3]float64{1.031 * G0, 0.105 * G0, -0.005 * G0},
				Gyr: [3]float64{-0.13 * dps, 2.16 * dps, 11.40 * dps}},
		},
		{
			// the rate from its time column (millis), as with a header
			file:     "arduino_csv_noheader.csv",
			describe: "format=arduino time=t(ms detected) acc=ax,ay,az(g detected) gyro=gx,gy,gz(deg/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150,
			first: Sample{T: 52.31, Acc: [3]float64{1.031 * G0, 0.105 * G0, -0.005 * G0},
				Gyr: [3]float64{-0.13 * dps, 2.16 * dps, 11.40 * dps}},
		},
		{
			file:     "arduino_csv_header.csv",
			describe: "format=csv time=time(ms detected) acc=accelx,accely,accelz(m/s² detected) gyro=gyrox,gyroy,gyroz(rad/s detected) rate=50.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 50},
			n:        150, skipped: 1,
			first: Sample{T: 1.003, Acc: [3]float64{0.005, 1.087, 9.946}, Gyr: [3]float64{0.2035, 0.0427, 0.0038}},
		},
		{
			file:     "picoquake.csv",
			opt:      CSVOptions{Rate: 100},
			describe: "format=csv time=none(index/100.0Hz) acc=a_x,a_y,a_z(g detected) gyro=g_x,g_y,g_z(deg/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150, skipped: 6,
			first: Sample{T: 0, Acc: [3]float64{0.10417 * G0, -0.00698 * G0, 1.03015 * G0},
				Gyr: [3]float64{2.6772 * dps, 11.5507 * dps, -0.6311 * dps}},
		},
		{
			// Android's time of day, ms after a colon (17:23:55:464):
			// seconds since midnight, no rate needed
			file:     "physics_toolbox_gforce.csv",
			describe: "format=csv time=time(s detected) acc=gFx,gFy,gFz(g) gyro=none rate=50.0Hz frame=sensor decimal=comma",
			layout:   Layout{Acc: all3, Rate: 50},
			n:        120, skipped: 1,
			first: Sample{T: 17*3600 + 23*60 + 55.464, Acc: [3]float64{0.0151 * G0, 1.0398 * G0, 0.1128 * G0}},
		},
		{
			// a preamble giving the rate ("at 100 Hz"), no time column
			file:     "actigraph_raw.csv",
			describe: "format=csv time=none(index/100.0Hz from the ActiGraph header, line 1) acc=Accelerometer X,Accelerometer Y,Accelerometer Z(g detected) gyro=none rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100},
			n:        150, skipped: 11,
			first: Sample{T: 0, Acc: [3]float64{0.089 * G0, 0.997 * G0, -0.002 * G0}},
		},
		{
			// "date format dd/MM/yyyy", 23:59:58 on 3 November onwards
			file:     "actigraph_timestamp_dmy.csv",
			describe: "format=csv time=Timestamp(s detected) acc=Accelerometer X,Accelerometer Y,Accelerometer Z(g detected) gyro=none rate=30.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 30},
			n:        150, skipped: 11,
			first: Sample{T: 1635983998, Acc: [3]float64{0.075 * G0, 1.011 * G0, -0.002 * G0}},
		},
		{
			file:     "axivity_ax6.csv",
			describe: "format=csv time=t(s detected) acc=ax,ay,az(g detected) gyro=gx,gy,gz(deg/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150,
			first:    Sample{T: 1399455449, Acc: [3]float64{0.096097 * G0, 0.995062 * G0, -0.006473 * G0}, Gyr: [3]float64{0, 5 * dps, 0}},
		},
		{
			// a sep= line and a units row; the wide-range accelerometer
			// preferred to the low-noise one, Mag and Battery not read
			file:     "shimmer_consensys.csv",
			describe: "format=csv time=Shimmer_D0C4_Timestamp_Unix_CAL(ms) acc=Shimmer_D0C4_Accel_WR_X_CAL,Shimmer_D0C4_Accel_WR_Y_CAL,Shimmer_D0C4_Accel_WR_Z_CAL(m/s²) gyro=Shimmer_D0C4_Gyro_X_CAL,Shimmer_D0C4_Gyro_Y_CAL,Shimmer_D0C4_Gyro_Z_CAL(deg/s) rate=102.4Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 102.40001718121073}, // times written to µs
			n:        150, skipped: 3,
			first: Sample{T: 1621242000, Acc: [3]float64{0.9525, 9.7534, 0.0836}, Gyr: [3]float64{0, 5 * dps, 0}},
		},
		{
			// a RAW timestamp beside the CAL one (a CAL/RAW row), then
			// units: mSecs, m/(sec^2), deg/sec
			file:     "shimmercapture.csv",
			describe: "format=csv time=Shimmer_9B6C_Timestamp(ms) acc=Shimmer_9B6C_Accel_LN_X,Shimmer_9B6C_Accel_LN_Y,Shimmer_9B6C_Accel_LN_Z(m/s²) gyro=Shimmer_9B6C_Gyro_X,Shimmer_9B6C_Gyro_Y,Shimmer_9B6C_Gyro_Z(deg/s) rate=51.2Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 51.20000439838973}, // times written to µs
			n:        150, skipped: 3,
			first: Sample{T: 0, Acc: [3]float64{0.8112, 9.7998, -0.0132}, Gyr: [3]float64{0, 5 * dps, 0}},
		},
		{
			// a "//" preamble stating the rate; SampleTimeFine in ticks
			// of 100 µs, rad/s
			file:     "xsens_mtmanager.txt",
			describe: "format=csv time=SampleTimeFine(100us detected) acc=Acc_X,Acc_Y,Acc_Z(m/s² detected) gyro=Gyr_X,Gyr_Y,Gyr_Z(rad/s detected) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150, skipped: 6,
			first: Sample{T: 170, Acc: [3]float64{0.810748, 9.886635, -0.044873}, Gyr: [3]float64{0, 0.087266, 0}},
		},
		{
			// key,value preamble lines and a blank line; SampleTimeFine
			// in µs, Euler angles not read
			file:     "movella_dot.csv",
			describe: "format=csv time=SampleTimeFine(us detected) acc=Acc_X,Acc_Y,Acc_Z(m/s² detected) gyro=Gyr_X,Gyr_Y,Gyr_Z(deg/s detected) rate=60.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 60},
			n:        150, skipped: 7,
			first: Sample{T: 3, Acc: [3]float64{0.952062, 9.797013, -0.242137}, Gyr: [3]float64{0, 5 * dps, 0}},
		},
		{
			// Core Motion's accelerometer negated; the raw gyroscope
			// read, the device motion's rates and user acceleration not
			file:     "sensorlog_ios.csv",
			describe: "format=csv time=accelerometerTimestamp_sinceReboot(s) acc=accelerometerAccelerationX,accelerometerAccelerationY,accelerometerAccelerationZ(g)(negated: Apple Core Motion reads -1 g up) gyro=gyroRotationX,gyroRotationY,gyroRotationZ(rad/s) rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Gyr: all3, Rate: 100},
			n:        150, skipped: 1,
			first: Sample{T: 84211.25, Acc: [3]float64{0.086711 * G0, 1.003450 * G0, 0.000268 * G0}, Gyr: [3]float64{0, 0.087266, 0}},
		},
		{
			file:     "davis_like.csv",
			describe: "format=csv time=t(s detected) acc=acc_v,acc_ap(g detected) gyro=none rate=240.0Hz frame=anatomical",
			layout:   Layout{Frame: FrameAnatomical, Acc: [3]bool{true, true, false}, Rate: 240},
			n:        240, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{1.03184 * G0, 0.11059 * G0, 0}},
		},
		{
			file:     "anatomical_v_only.tsv",
			describe: "format=csv time=t(s detected) acc=acc_v(g detected) gyro=none rate=50.0Hz frame=anatomical",
			layout:   Layout{Frame: FrameAnatomical, Acc: [3]bool{true, false, false}, Rate: 50},
			n:        100, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{1.0296 * G0, 0, 0}},
		},
		{
			file:     "numpy_savetxt.txt",
			describe: "format=csv time=t_us(us) acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100},
			n:        100, skipped: 1,
			first: Sample{T: 1, Acc: [3]float64{1.026131 * G0, 1.081136e-01 * G0, -2.663779e-02 * G0}},
		},
		{
			file:     "clipped_8g.csv",
			describe: "format=csv time=t(s detected) acc=ax,ay,az(g detected) gyro=none rate=200.0Hz frame=sensor clip=±8g",
			layout:   Layout{Acc: all3, Rate: 200, ClipAcc: 8 * G0},
			n:        300, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{0, 0, 0.05 * G0}},
		},
		{
			file:     "bad_lines.csv",
			describe: "format=csv time=t(s detected) acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100},
			n:        5, skipped: 3,
			bad:   BadLineCounts{Parse: 1, NonFinite: 1, Backwards: 1, Duplicate: 1, Magnitude: 1, FieldCount: 1},
			first: Sample{T: 0, Acc: [3]float64{0.01 * G0, 0.02 * G0, G0}},
		},
		{
			// An explicit format that matches, and a rate that overrides.
			file:     "sensorlogger_TotalAcceleration.csv",
			opt:      CSVOptions{Format: "sensorlogger", Rate: 99.5},
			describe: "format=sensorlogger time=seconds_elapsed(s) acc=x,y,z(m/s²) gyro=none rate=99.5Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 99.5},
			n:        250, skipped: 1,
			first: Sample{T: 0.041779323, Acc: [3]float64{-0.059688, 10.201875, 1.139625}},
		},
		{
			// Units forced by options; the epoch column instead of seconds_elapsed.
			file:     "metabase_Accelerometer.csv",
			opt:      CSVOptions{Format: "csv", AccUnit: "g", TimeUnit: "ms"},
			describe: "format=csv time=elapsed(ms) acc=x-axis,y-axis,z-axis(g) gyro=none rate=100000.0Hz frame=sensor",
			layout:   Layout{Acc: all3, Rate: 100000},
			n:        200, skipped: 1,
			first: Sample{T: 0, Acc: [3]float64{0.003 * G0, 1.028 * G0, 0.110 * G0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := mustOpen(t, tt.file, tt.opt)
			if got := r.Describe(); got != tt.describe {
				t.Errorf("Describe:\n got %s\nwant %s", got, tt.describe)
			}
			l := r.Layout()
			if l.Frame != tt.layout.Frame || l.Acc != tt.layout.Acc || l.Gyr != tt.layout.Gyr ||
				!near(l.Rate, tt.layout.Rate) || !near(l.ClipAcc, tt.layout.ClipAcc) {
				t.Errorf("Layout = %+v, want %+v", l, tt.layout)
			}
			res := readAll(t, r)
			if len(res.samples) != tt.n {
				t.Errorf("%d samples, want %d (errors %q)", len(res.samples), tt.n, res.errs)
			}
			if len(res.samples) > 0 && !sameSample(res.samples[0], tt.first) {
				t.Errorf("first sample %+v, want %+v", res.samples[0], tt.first)
			}
			st := res.stats
			if st.Bad != tt.bad || st.Skipped != tt.skipped || st.Samples != tt.n || st.BadLines != len(res.errs) {
				t.Errorf("stats %+v; want bad %+v, skipped %d", st, tt.bad, tt.skipped)
			}
			if st.Rows != st.Samples+st.BadLines {
				t.Errorf("rows %d != samples %d + bad %d", st.Rows, st.Samples, st.BadLines)
			}
			if st.Mapping == "" || st.Format == "" {
				t.Errorf("stats lack mapping or format: %+v", st)
			}
			for i := 1; i < len(res.samples); i++ {
				if !(res.samples[i].T > res.samples[i-1].T) {
					t.Fatalf("sample %d: T %v not after %v", i, res.samples[i].T, res.samples[i-1].T)
				}
			}
		})
	}
}

func TestCSVMapping(t *testing.T) {
	r := mustOpen(t, "sensorlogger_TotalAcceleration.csv", CSVOptions{})
	st := r.Stats()
	want := "time: unused; seconds_elapsed: t (s); z: acc z (m/s²); y: acc y (m/s²); x: acc x (m/s²)"
	if st.Mapping != want {
		t.Errorf("Mapping:\n got %s\nwant %s", st.Mapping, want)
	}
	if st.AccUnit != "m/s²" || st.AccUnitBy != "format" || st.TimeUnit != "s" || st.TimeUnitBy != "header" || st.GyroUnit != "none" {
		t.Errorf("units %+v", st)
	}
}

// TestCSVBadLines checks the exact text of each kind of bad line.
func TestCSVBadLines(t *testing.T) {
	r := mustOpen(t, "bad_lines.csv", CSVOptions{})
	var got []string
	var sentinels []error
	for {
		var s Sample
		err := r.Read(&s)
		if err == io.EOF {
			break
		}
		if err == nil {
			continue
		}
		var le *LineError
		if !errors.As(err, &le) {
			t.Fatalf("not a *LineError: %v", err)
		}
		if le.File != "bad_lines.csv" {
			t.Errorf("File = %q", le.File)
		}
		got = append(got, err.Error())
		sentinels = append(sentinels, le.Err)
	}
	want := []string{
		`bad_lines.csv:5: column "ax": unparsable value: "abc"`,
		`bad_lines.csv:6: wrong number of fields: have 3, want 4`,
		`bad_lines.csv:7: column "ax": value is NaN or Inf: "NaN"`,
		`bad_lines.csv:8: column "az": absurd magnitude: 588.4 m/s² (limit 490.3 m/s², 50 g)`,
		`bad_lines.csv:10: column "t": duplicate timestamp: 0.06`,
		`bad_lines.csv:11: column "t": timestamp goes backwards: 0.05 after 0.06`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantIs := []error{ErrParse, ErrFieldCount, ErrNonFinite, ErrMagnitude, ErrDuplicateTS, ErrBackwards}
	for i, s := range sentinels {
		if i < len(wantIs) && !errors.Is(s, wantIs[i]) {
			t.Errorf("error %d wraps %v, want %v", i, s, wantIs[i])
		}
	}
}

// TestCSVLineNumbers counts header, comments and blank lines.
func TestCSVLineNumbers(t *testing.T) {
	in := "# recorded 2024-03-01\r\nt,ax,ay,az\r\n0.00,0,0,1\r\n\r\n# pause\r\n0.01,0,0,1\r\n0.02,0,0,x\r\n0.03,0,0,1"
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "walk.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if len(res.samples) != 3 || len(res.errs) != 1 || res.errs[0] != `walk.csv:7: column "az": unparsable value: "x"` {
		t.Errorf("samples %d, errors %q", len(res.samples), res.errs)
	}
	if st := r.Stats(); st.Lines != 8 || st.Skipped != 4 || st.Rows != 4 {
		t.Errorf("stats %+v", st)
	}
}

func TestCSVLongLine(t *testing.T) {
	in := "t,ax,ay,az\n0,0,0,1\n0.01," + strings.Repeat("1", 70000) + ",0,1\n0.02,0,0,1\n"
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "long.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	want := "long.csv:3: unparsable value: line longer than 65536 bytes"
	if len(res.samples) != 2 || len(res.errs) != 1 || res.errs[0] != want {
		t.Errorf("samples %d, errors %q; want one error %q", len(res.samples), res.errs, want)
	}
}

// TestCSVTooManyBadLines: a run of more than MaxBadLines bad lines that
// are also over 10 % of the lines read stops the reader (a file that
// turned unreadable part way); a shorter run is skipped and counted
// wherever it is, however large its share of the lines so far (a
// gyroscope that starts late, phyphox's NaN rows before its sensors
// deliver: 150 such lines at the start of a file used to stop it, the
// same lines in its middle did not).
func TestCSVTooManyBadLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%.2f,0.01,0.02,0.99\n", float64(i)/100)
	}
	for range 1500 {
		b.WriteString("x,y,z,w\n")
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "many.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	want := `many.csv:1202: too many bad lines: 1001 in a row, 1001 of 1201 data lines (last: many.csv:1202: column "t": unparsable value: "x")`
	if len(res.samples) != 200 || len(res.errs) != 1001 || res.errs[1000] != want {
		t.Fatalf("samples %d, %d errors, last %q; want %q", len(res.samples), len(res.errs), res.errs[len(res.errs)-1], want)
	}
	var s Sample
	err = r.Read(&s)
	if !errors.Is(err, ErrTooManyBadLines) || err.Error() != want {
		t.Errorf("Read after fatal = %v; want the same error", err)
	}
	var le *LineError
	if errors.As(err, &le) {
		t.Error("fatal error must not be a *LineError: callers would continue")
	}

	// Negative MaxBadLines never gives up.
	r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "many.csv", MaxBadLines: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, r); len(res.errs) != 1500 || res.stats.Bad.Parse != 1500 {
		t.Errorf("MaxBadLines -1: %d errors, stats %+v", len(res.errs), res.stats)
	}

	// A burst of 150 bad lines (gyro cells still empty, NaN rows) at the
	// start, after 20 lines, or in the middle of 6000: skipped, the rest
	// read.
	for _, at := range []int{0, 20, 3000} {
		b.Reset()
		b.WriteString("t,ax,ay,az,gx,gy,gz\n")
		for i := range 6000 {
			if i >= at && i < at+150 {
				fmt.Fprintf(&b, "%.2f,0.01,0.02,0.99,NaN,NaN,NaN\n", float64(i)/100)
				continue
			}
			fmt.Fprintf(&b, "%.2f,0.01,0.02,0.99,1.5,-2,0.5\n", float64(i)/100)
		}
		r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "burst.csv", Lookahead: 512})
		if err != nil {
			t.Fatalf("burst at %d: %v", at, err)
		}
		if res := readAll(t, r); len(res.samples) != 5850 || len(res.errs) != 150 || res.stats.Bad.NonFinite != 150 {
			t.Errorf("burst at %d: %d samples, %d errors (last %q), stats %+v", at, len(res.samples), len(res.errs), res.errs[len(res.errs)-1], res.stats.Bad)
		}
	}

	// Over MaxBadLines but below 10 % of the lines: go on.
	b.Reset()
	b.WriteString("t,ax,ay,az\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "%.2f,0.01,0.02,0.99\n", float64(i)/100)
		if i%20 == 19 {
			b.WriteString("oops\n")
		}
	}
	r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "some.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, r); len(res.samples) != 3000 || len(res.errs) != 150 {
		t.Errorf("5 %% bad: %d samples, %d errors", len(res.samples), len(res.errs))
	}
}

// TestCSVConstructionErrors checks the exact text of every error
// NewCSVReader returns for files it cannot read.
// storedZip is a zip archive holding text as name, uncompressed.
func storedZip(t *testing.T, name, text string) string {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err == nil {
		_, err = w.Write([]byte(text))
	}
	if err == nil {
		err = z.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCSVConstructionErrors(t *testing.T) {
	fixture := func(name string) string {
		b, err := os.ReadFile(filepath.Join(formatsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	frame := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(formatsDir, "..", "frames", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	headerless := func(n, cols int, increasing bool) string {
		var b strings.Builder
		for i := range n {
			row := []string{"0.01", "0.02", "0.99", "1.5", "2.5", "-3.5", "0.4"}[:cols]
			if increasing {
				row[0] = fmt.Sprint(i * 10)
			} else {
				row[0] = fmt.Sprint(i % 3)
			}
			b.WriteString(strings.Join(row, ",") + "\n")
		}
		return b.String()
	}
	gravity := func(hdr string, scale float64) string {
		var b strings.Builder
		b.WriteString(hdr + "\n")
		for i := range 100 {
			fmt.Fprintf(&b, "%.2f,%g,%g,%g\n", float64(i)/100, 0.01*scale, 0.02*scale, (0.99+0.1*math.Sin(float64(i)))*scale)
		}
		return b.String()
	}
	// Sensor Logger's Magnetometer.csv: Accelerometer.csv's columns, a
	// field of 45 µT turning with the phone
	magnetometer := func() string {
		var b strings.Builder
		b.WriteString("time,seconds_elapsed,z,y,x\n")
		for i := range 200 {
			a := 0.05 * float64(i)
			fmt.Fprintf(&b, "%d,%.3f,%.3f,%.3f,%.3f\n", 1700000000000000000+int64(i)*10000000, float64(i)/100, 45*math.Cos(a)*0.8, 45*math.Sin(a)*0.8, 45*0.6)
		}
		return b.String()
	}
	tests := []struct {
		name string
		in   string
		opt  CSVOptions
		is   error
		want string
	}{
		{"notrec_empty.csv", fixture("notrec_empty.csv"), CSVOptions{}, ErrNotRecording,
			"notrec_empty.csv: not an IMU recording: empty file"},
		{"notrec_witmotion.bin", fixture("notrec_witmotion.bin"), CSVOptions{}, ErrNotRecording,
			"notrec_witmotion.bin: not an IMU recording: binary data at byte 2: WitMotion frames: read them with --format witmotion --rate <the sensor's output rate>"},
		{"mac.csv", "t,ax,ay,az\r" + strings.Repeat("0.01,0.01,0.02,0.99\r", 5000), CSVOptions{}, ErrNotRecording,
			"mac.csv:1: not an IMU recording: line longer than 65536 bytes, with CR bytes inside: lines end in CR only (classic Mac)? convert them to LF or CRLF"},
		{"walk.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x01\x02", CSVOptions{}, ErrNotRecording,
			"walk.csv.gz: not an IMU recording: binary data at byte 0: gzip-compressed: decompress it first (gunzip)"},
		{"export.zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00", CSVOptions{}, ErrNotRecording,
			"export.zip: not an IMU recording: binary data at byte 0: a zip archive: extract the recording first"},
		// a zip that stores a recording uncompressed reads as that
		// recording after a line of binary: it was analysed (one bad
		// line), or refused for another reason (a black-box round)
		{"stored.zip", storedZip(t, "TotalAcceleration.csv", "time,seconds_elapsed,z,y,x\n"+strings.Repeat("1698501144401773000,0.01,9.8,0.1,0.2\n", 600)), CSVOptions{}, ErrNotRecording,
			"stored.zip: not an IMU recording: binary data at byte 0: a zip archive: extract the recording first"},
		// binary dumps gaitd reads with --format
		// (notrec_witmotion.bin above: WitMotion frames; these after
		// garbage)
		{"rvc.bin", string(frame("rvc_garbage.bin")), CSVOptions{}, ErrNotRecording,
			"rvc.bin: not an IMU recording: binary data at byte 1: BNO08x UART-RVC frames: read them with --format rvc"},
		{"witble.bin", string(frame("witble_garbage.bin")), CSVOptions{}, ErrNotRecording,
			"witble.bin: not an IMU recording: binary data at byte 3: WitMotion Bluetooth 5.0 frames: read them with --format witmotion-ble --rate <the sensor's output rate>"},
		{"notrec_page.html", fixture("notrec_page.html"), CSVOptions{}, ErrNotRecording,
			"notrec_page.html:1: not an IMU recording: HTML or XML document, not CSV"},
		{"notrec_sensorlogger.json", fixture("notrec_sensorlogger.json"), CSVOptions{}, ErrNotRecording,
			"notrec_sensorlogger.json:1: not an IMU recording: JSON document, not CSV"},
		{"notrec_no_acc.csv", fixture("notrec_no_acc.csv"), CSVOptions{}, ErrNotRecording,
			"notrec_no_acc.csv:1: not an IMU recording: no acceleration columns in header: a,b,c"},
		{"notrec_header_only.csv", fixture("notrec_header_only.csv"), CSVOptions{}, ErrNotRecording,
			"notrec_header_only.csv:1: not an IMU recording: no numeric data lines after the header"},
		{"notrec_sensorlogger_Orientation.csv", fixture("notrec_sensorlogger_Orientation.csv"), CSVOptions{}, ErrNotRecording,
			"notrec_sensorlogger_Orientation.csv:1: not an IMU recording: no acceleration columns in header: time,seconds_elapsed,qz,qy,qx,qw,roll,pitch,yaw"},
		{"metabase_Gyroscope.csv", fixture("metabase_Gyroscope.csv"), CSVOptions{}, ErrNotRecording,
			"metabase_Gyroscope.csv:1: not an IMU recording: no acceleration columns in header (gyroscope only: gaitd analyze takes it with --gyro beside the accelerometer's file): epoch (ms),time (-05:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)"},
		{"comments.csv", "# only\n\n# comments\n", CSVOptions{}, ErrNotRecording,
			"comments.csv: not an IMU recording: no data: only blank or comment lines"},
		{"utf16.csv", "\xff\xfet\x00,\x00a\x00x\x00\n\x00", CSVOptions{}, ErrNotRecording,
			"utf16.csv:1: not an IMU recording: UTF-16 text (save the file as UTF-8)"},
		{"prose.txt", "Dear diary,\ntoday I walked.\n", CSVOptions{}, ErrNotRecording,
			"prose.txt:1: not an IMU recording: no acceleration columns in header: Dear diary"},
		{"long.csv", strings.Repeat("x", 70000), CSVOptions{}, ErrNotRecording,
			"long.csv:1: not an IMU recording: line longer than 65536 bytes"},
		{"headerless5.csv", headerless(20, 5, true), CSVOptions{Rate: 100}, ErrNotRecording,
			"headerless5.csv:1: not an IMU recording: headerless file with 5 columns (want ax,ay,az[,gx,gy,gz] or t,ax,ay,az[,gx,gy,gz])"},
		{"headerless4.csv", headerless(20, 4, false), CSVOptions{Rate: 100}, ErrNotRecording,
			"headerless4.csv:1: not an IMU recording: headerless file with 4 columns whose first column does not increase (down in 6 of 19 steps; want ax,ay,az[,gx,gy,gz] or t,ax,ay,az[,gx,gy,gz])"},
		{"cr.csv", "t,ax,ay,az\r0,0,0,1\r0.01,0,0,1\r", CSVOptions{}, ErrNotRecording,
			"cr.csv:1: not an IMU recording: lines end in CR only (classic Mac); convert them to LF or CRLF"},
		{"mixed.csv", "2024-01-01,0.1,0.2,0.9\n2024-01-01,0.1,0.2,0.9\n", CSVOptions{Rate: 100}, ErrNotRecording,
			"mixed.csv:1: not an IMU recording: no header line, and data line has non-numeric fields"},

		{"Magnetometer.csv", magnetometer(), CSVOptions{}, ErrUnit,
			"Magnetometer.csv: unit unknown: |a| is steady at 4.59 g over 200 lines (with acceleration unit m/s²), where a still accelerometer reads 1 g: not acceleration including gravity (another sensor's file with the same columns, such as a magnetometer's?), or the unit is wrong (a Sensor Logger header: m/s² assumed)"},
		// (rows 0.02, 0.99, 1.5: 1.8 g)
		{"still_given_g.csv", "t,ax,ay,az\n" + headerless(50, 4, true), CSVOptions{AccUnit: "g"}, ErrUnit,
			"still_given_g.csv: unit unknown: |a| is steady at 1.8 g over 50 lines (with acceleration unit g), where a still accelerometer reads 1 g: not acceleration including gravity (another sensor's file with the same columns, such as a magnetometer's?), or the unit is wrong"},
		{"phyphox_Linear_Acceleration.csv", fixture("phyphox_Linear_Acceleration.csv"), CSVOptions{}, ErrNoGravity,
			`phyphox_Linear_Acceleration.csv:1: acceleration lacks gravity: columns Linear Acceleration x (m/s^2),Linear Acceleration y (m/s^2),Linear Acceleration z (m/s^2) are linear acceleration (gravity removed); pass acceleration including gravity (phyphox "Acceleration with g", Sensor Logger TotalAcceleration.csv)`},
		{"sensorlogger_Accelerometer_ios.csv", fixture("sensorlogger_Accelerometer_ios.csv"), CSVOptions{}, ErrNoGravity,
			`sensorlogger_Accelerometer_ios.csv: acceleration lacks gravity: median |a| is 1.9 m/s² over 120 lines and the mean vector is only 0.07 of it: this is user (linear) acceleration, such as iOS Sensor Logger Accelerometer.csv (gaitd analyze adds its Gravity.csv with --gravity), or another sensor with the same columns (such as Gyroscope.csv, which gaitd analyze takes with --gyro), or the unit is wrong; else pass acceleration including gravity (Sensor Logger TotalAcceleration.csv, phyphox "Acceleration with g") (a Sensor Logger header: m/s² assumed; give --acc-unit g if this file is in g)`},
		// every acceleration cell 0 (an I2C sensor that was never read:
		// not connected or not initialised) is no recording; it was
		// called user acceleration, its "mean vector NaN"
		{"zeros.csv", gravity("t,ax,ay,az", 0), CSVOptions{}, ErrNotRecording,
			"zeros.csv: not an IMU recording: the acceleration is 0 on every axis over 100 lines: a sensor that was not read (not connected, or not initialised)"},
		{"zeros_g.csv", gravity("t,ax,ay,az", 0), CSVOptions{AccUnit: "g"}, ErrNotRecording,
			"zeros_g.csv: not an IMU recording: the acceleration is 0 on every axis over 100 lines: a sensor that was not read (not connected, or not initialised)"},
		{"still_linear.csv", gravity("t,ax,ay,az", 0.01), CSVOptions{}, ErrNoGravity,
			`still_linear.csv: acceleration lacks gravity: median |a| is 0.00991 over 100 lines and the mean vector 0.00991: this is user (linear) acceleration, such as iOS Sensor Logger Accelerometer.csv (gaitd analyze adds its Gravity.csv with --gravity), or another sensor with the same columns (such as Gyroscope.csv, which gaitd analyze takes with --gyro), or the unit is wrong; else pass acceleration including gravity (Sensor Logger TotalAcceleration.csv, phyphox "Acceleration with g")`},
		// a median |a| of 1 g, but a mean vector of 0.29 g: it says so
		// (it said "median |a| is 1 g" and no more; found by sim's
		// FuzzWriteCSVRoundTrip)
		{"mean_off.csv", "t,acc_v,acc_ap,acc_ml\n0,-2.99414,1.50586,1.50586\n0.02,-2.99414,0,0\n" + strings.Repeat("0.04,1,0,0\n", 8), CSVOptions{AccUnit: "g", TimeUnit: "none", Rate: 50}, ErrNoGravity,
			`mean_off.csv: acceleration lacks gravity: median |a| is 1 g over 10 lines and the mean vector 0.293 g: this is user (linear) acceleration, such as iOS Sensor Logger Accelerometer.csv (gaitd analyze adds its Gravity.csv with --gravity), or another sensor with the same columns (such as Gyroscope.csv, which gaitd analyze takes with --gyro), or the unit is wrong; else pass acceleration including gravity (Sensor Logger TotalAcceleration.csv, phyphox "Acceleration with g")`},
		// gravity there, at the wrong size: the unit given is wrong (it
		// was called user acceleration)
		{"wrong_unit_given.csv", gravity("t,ax,ay,az", 1), CSVOptions{AccUnit: "mps2"}, ErrUnit,
			"wrong_unit_given.csv: unit unknown: with acceleration unit m/s² the mean acceleration is 0.101 g over 100 lines, where gravity reads 1 g: the unit looks wrong"},
		{"wrong_raw_given.csv", gravity("t,ax,ay,az", 4096), CSVOptions{AccUnit: "raw:16384"}, ErrUnit,
			"wrong_raw_given.csv: unit unknown: with acceleration unit raw:16384 the mean acceleration is 0.248 g over 100 lines, where gravity reads 1 g: the unit looks wrong (raw:4096 would make it about 1 g)"},

		{"raw.csv", gravity("t,ax,ay,az", 16384), CSVOptions{}, ErrUnit,
			"raw.csv: unit unknown: mean acceleration 1.623e+04 over 100 lines: raw counts or mg? set the acceleration unit (mg or raw:<lsb_per_g>)"},
		{"ambiguous.csv", gravity("t,ax,ay,az", 3), CSVOptions{}, ErrUnit,
			"ambiguous.csv: unit unknown: mean acceleration 2.972 over 100 lines, neither ≈1 (g) nor ≈9.8 (m/s²); set the acceleration unit"},
		{"mps2_as_g.csv", gravity("t,ax,ay,az", G0), CSVOptions{AccUnit: "g"}, ErrUnit,
			"mps2_as_g.csv: unit unknown: with acceleration unit g the median |a| is 9.72 g over 100 lines; the unit looks wrong"},

		{"plotter.txt", "AccelX:0.1,AccelY:0.2,AccelZ:9.8\nAccelX:0.1,AccelY:0.2,AccelZ:9.8\n", CSVOptions{}, ErrNoRate,
			"plotter.txt: sample rate unknown: no time column; set the sample rate"},
		{"constant_time.csv", "t,ax,ay,az\n" + strings.Repeat("5,0.01,0.02,0.99\n", 20), CSVOptions{}, ErrNoRate,
			`constant_time.csv: sample rate unknown: time column "t" does not increase; set the sample rate`},
		// rows in reverse order: an error even with a rate to fall back
		// on (by line index the recording would run backwards)
		{"reversed_time.csv", "t,ax,ay,az\n" + strings.Repeat("0.05,0.01,0.02,0.99\n0.04,0.01,0.02,0.99\n0.03,0.01,0.02,0.99\n0.02,0.01,0.02,0.99\n", 5), CSVOptions{Rate: 100}, ErrTimeOrder,
			`reversed_time.csv: time column out of order: time column "t" decreases in 15 of 19 steps: rows in reverse order? sort them by time`},
		{"one_line.csv", "t,ax,ay,az\n0.01,0.01,0.02,0.99\n", CSVOptions{}, ErrNoRate,
			`one_line.csv: sample rate unknown: time column "t": 1 data line(s), too few to read a rate from; set the sample rate`},
		{"ignored_time.csv", gravity("t,ax,ay,az", 1), CSVOptions{TimeUnit: "none"}, ErrNoRate,
			`ignored_time.csv: sample rate unknown: time column ignored (time unit "none"); set the sample rate`},
		{"phyphox_two_clocks.csv", "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\",\"Time (s)\",\"Gyroscope x (rad/s)\",\"Gyroscope y (rad/s)\",\"Gyroscope z (rad/s)\"\n" +
			"0.00,0.1,9.8,0.2,0.000,0.1,0.2,0.3\n0.01,0.1,9.8,0.2,0.020,0.1,0.2,0.3\n0.02,0.1,9.8,0.2,0.040,0.1,0.2,0.3\n0.03,0.1,9.8,0.2,0.060,0.1,0.2,0.3\n" +
			"0.04,0.1,9.8,0.2,0.080,0.1,0.2,0.3\n0.05,0.1,9.8,0.2,0.100,0.1,0.2,0.3\n0.06,0.1,9.8,0.2,0.120,0.1,0.2,0.3\n0.07,0.1,9.8,0.2,0.140,0.1,0.2,0.3\n", CSVOptions{}, ErrNotRecording,
			`phyphox_two_clocks.csv:1: not an IMU recording: two time columns "Time (s)" (fields 1 and 5) differ (0.01 and 0.02 on one line): two sensors' buffers side by side, each with its own time (as phyphox exports a set of several sensors); export each sensor on its own (gaitd analyze joins a gyroscope file with --gyro)`},
		{"sl_no_x.csv", "time,seconds_elapsed,z,y\n1698501144401773013,0.01,0.44,-0.89\n1698501144411773013,0.02,0.45,-0.88\n", CSVOptions{}, ErrNotRecording,
			"sl_no_x.csv:1: not an IMU recording: a Sensor Logger header without column x (it writes time,seconds_elapsed,z,y,x): time,seconds_elapsed,z,y"},
		{"noheader_notime.csv", "1.031,0.105,-0.005\n1.064,0.129,-0.000\n1.126,0.129,0.004\n0.98,0.1,0.01\n1.0,0.1,0.0\n1.02,0.12,0.0\n0.99,0.1,0.01\n1.01,0.11,0.0\n", CSVOptions{}, ErrNoRate,
			"noheader_notime.csv: sample rate unknown: headerless file without a time column: set the sample rate (columns are taken as ax,ay,az[,gx,gy,gz], or t,ax,ay,az[,gx,gy,gz] when the first column increases)"},

		{"sensorlogger_TotalAcceleration.csv", fixture("sensorlogger_TotalAcceleration.csv"), CSVOptions{Format: "phyphox"}, ErrFormatMismatch,
			`sensorlogger_TotalAcceleration.csv:1: header does not match format "phyphox": want a phyphox header: "Time (s)","Acceleration x (m/s^2)",…; have a sensorlogger header: time,seconds_elapsed,z,y,x`},
		{"davis_like.csv", fixture("davis_like.csv"), CSVOptions{Format: "sensorlogger"}, ErrFormatMismatch,
			`davis_like.csv:1: header does not match format "sensorlogger": want a Sensor Logger header: time,seconds_elapsed,z,y,x; have t,acc_v,acc_ap`},
		{"metabase_Accelerometer.csv", fixture("metabase_Accelerometer.csv"), CSVOptions{Format: "arduino"}, ErrFormatMismatch,
			`metabase_Accelerometer.csv:1: header does not match format "arduino": want Key:value lines, a headerless numeric CSV or a plain CSV header; have a metabase header: epoch (ms),time (-05:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)`},
		{"arduino_plotter.txt", fixture("arduino_plotter.txt"), CSVOptions{Format: "csv", Rate: 100}, ErrFormatMismatch,
			`arduino_plotter.txt:2: header does not match format "csv": want a delimited file (Key:value lines are format arduino); have Key:value lines AccelX,AccelY,AccelZ,GyroX,GyroY,GyroZ`},
		{"arduino_csv_noheader.csv", fixture("arduino_csv_noheader.csv"), CSVOptions{Format: "metabase", Rate: 100}, ErrFormatMismatch,
			`arduino_csv_noheader.csv: header does not match format "metabase": want a MetaBase header: epoch (ms),time (…),elapsed (s),x-axis (g),…; have a headerless file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Name = tt.name
			r, err := NewCSVReader(strings.NewReader(tt.in), opt)
			if err == nil {
				t.Fatalf("no error; reader %s", r.Describe())
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error does not wrap %v: %v", tt.is, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestCSVOptionErrors(t *testing.T) {
	tests := []struct {
		opt  CSVOptions
		want string
	}{
		{CSVOptions{Format: "xlsx"}, `input: unknown format "xlsx" (want auto, csv, sensorlogger, phyphox, metabase, arduino or hyperimu)`},
		{CSVOptions{Rate: -1}, "input: invalid sample rate -1 Hz (want 0.01 to 1e6)"},
		{CSVOptions{Rate: 1e-320}, "input: invalid sample rate 1e-320 Hz (want 0.01 to 1e6)"},
		{CSVOptions{AccUnit: "raw:0"}, `input: acceleration unit "raw:0": want raw:<lsb_per_g>, a positive number of counts per g (e.g. raw:4096)`},
		{CSVOptions{GyroUnit: "raw:NaN"}, `input: gyro unit "raw:NaN": want raw:<lsb_per_dps>, a positive number of counts per °/s (e.g. raw:16.4)`},
		{CSVOptions{GyroUnit: "rpm"}, `input: unknown gyro unit "rpm" (want dps, rads or raw:<lsb_per_dps>)`},
		{CSVOptions{TimeUnit: "min"}, `input: unknown time unit "min" (want s, ms, us, ns or none)`},
		{CSVOptions{Lookahead: -1}, "input: invalid lookahead -1 lines (want 8 to 512, or 0 for 512)"},
		{CSVOptions{Lookahead: 4}, "input: invalid lookahead 4 lines (want 8 to 512, or 0 for 512)"},
		{CSVOptions{Lookahead: 513}, "input: invalid lookahead 513 lines (want 8 to 512, or 0 for 512)"},
		{CSVOptions{Format: "phyphox", Columns: []string{"t", "ax", "ay", "az"}}, `input: columns name headerless lines; format "phyphox" has its own header (use auto, csv, arduino or hyperimu)`},
		{CSVOptions{Columns: []string{"t", "acx", "ay", "az"}}, `input: column 2 "acx": unknown name (want a time, acceleration or gyro name such as t, t_ms, ax, acc_v, gz (deg/s), or - to skip)`},
		{CSVOptions{Columns: []string{"t", "gx", "gy", "-"}}, "input: columns t,gx,gy,-: no acceleration column"},
	}
	for _, tt := range tests {
		_, err := NewCSVReader(strings.NewReader("t,ax,ay,az\n0,0,0,1\n"), tt.opt)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%+v: error %v, want %s", tt.opt, err, tt.want)
		}
	}
}

// TestCSVReaderChunking reads every fixture through readers that return
// one byte, half the request or data with EOF: samples, errors and stats
// must not change.
func TestCSVReaderChunking(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(formatsDir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures", err)
	}
	wraps := map[string]func(io.Reader) io.Reader{
		"OneByteReader": iotest.OneByteReader,
		"HalfReader":    iotest.HalfReader,
		"DataErrReader": iotest.DataErrReader,
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		opt := CSVOptions{Name: name, Rate: 100}
		run := func(r io.Reader) (string, result) {
			cr, err := NewCSVReader(r, opt)
			if err != nil {
				return err.Error(), result{}
			}
			return cr.Describe(), readAll(t, cr)
		}
		wantDesc, want := run(bytes.NewReader(data))
		for wname, wrap := range wraps {
			gotDesc, got := run(wrap(bytes.NewReader(data)))
			if gotDesc != wantDesc {
				t.Errorf("%s via %s: %s, want %s", name, wname, gotDesc, wantDesc)
				continue
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s via %s: results differ", name, wname)
			}
		}
	}
}

func TestCSVTimeUnits(t *testing.T) {
	tests := []struct {
		name   string
		header string
		t0     float64
		step   float64
		opt    CSVOptions
		unit   string
		by     string
		rate   float64
		firstT float64
	}{
		{"epoch ns", "time", 1.7e18, 1e7, CSVOptions{}, "ns", "detected", 100, 1.7e9},
		{"epoch us", "timestamp", 1.7e15, 1e4, CSVOptions{}, "us", "detected", 100, 1.7e9},
		{"epoch ms", "ts", 1.7e12, 5, CSVOptions{}, "ms", "detected", 200, 1.7e9},
		{"epoch s", "time", 1.7e9, 0.01, CSVOptions{}, "s", "detected", 100, 1.7e9},
		{"relative s", "t", 0, 0.004, CSVOptions{}, "s", "detected", 250, 0},
		{"millis", "time", 52310, 10, CSVOptions{}, "ms", "detected", 100, 52.31},
		{"micros", "t", 1e6, 2500, CSVOptions{}, "us", "detected", 400, 1},
		{"millis at 1000 Hz", "t", 0, 1, CSVOptions{}, "ms", "detected", 1000, 0},
		{"micros at 1000 Hz", "t", 0, 1000, CSVOptions{}, "us", "detected", 1000, 0},
		{"boot ns", "timestamp", 3925657519043709, 1e7, CSVOptions{}, "ns", "detected", 100, 3925657.519043709},
		{"suffix", "time_ms", 0, 0.5, CSVOptions{}, "ms", "header", 2000, 0},
		{"millis name", "millis", 0, 0.5, CSVOptions{}, "ms", "header", 2000, 0},
		{"option", "t", 0, 1, CSVOptions{TimeUnit: "ms"}, "ms", "option", 1000, 0},
	}
	for _, tt := range tests {
		var b strings.Builder
		b.WriteString(tt.header + ",ax,ay,az\n")
		for i := range 50 {
			fmt.Fprintf(&b, "%.17g,0.01,0.02,%.3f\n", tt.t0+float64(i)*tt.step, 0.98+0.05*math.Sin(float64(i)))
		}
		opt := tt.opt
		opt.Name = tt.name
		r, err := NewCSVReader(strings.NewReader(b.String()), opt)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		st := r.Stats()
		if st.TimeUnit != tt.unit || st.TimeUnitBy != tt.by || !near(r.Layout().Rate, tt.rate) {
			t.Errorf("%s: unit %s by %s, rate %v; want %s by %s, %v", tt.name, st.TimeUnit, st.TimeUnitBy, r.Layout().Rate, tt.unit, tt.by, tt.rate)
		}
		res := readAll(t, r)
		if len(res.samples) != 50 || math.Abs(res.samples[0].T-tt.firstT) > 1e-6*math.Max(1, tt.firstT) {
			t.Errorf("%s: %d samples, first T %v, want 50 and %v; errors %q", tt.name, len(res.samples), res.samples[0].T, tt.firstT, res.errs)
		}
	}
}

func TestCSVPreferredTimeColumn(t *testing.T) {
	in := "epoch (ms),timestamp,elapsed (s),ax,ay,az\n" +
		"1700000000000,5,0.000,0,0,1\n1700000000010,6,0.010,0,0,1\n1700000000020,7,0.020,0,0,1\n"
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Describe(), "time=elapsed(s)") {
		t.Errorf("Describe %s: want the elapsed (s) column", r.Describe())
	}
}

func TestCSVAccUnits(t *testing.T) {
	tests := []struct {
		header string
		scale  float64 // file unit per g
		opt    CSVOptions
		unit   string
		by     string
	}{
		{"t,ax,ay,az", 1, CSVOptions{}, "g", "detected"},
		{"t,ax,ay,az", G0, CSVOptions{}, "m/s²", "detected"},
		{"t,ax (g),ay (g),az (g)", 1, CSVOptions{}, "g", "header"},
		{"t,ax_mg,ay_mg,az_mg", 1000, CSVOptions{}, "mg", "header"},
		{"t,acc_x [m/s^2],acc_y [m/s^2],acc_z [m/s^2]", G0, CSVOptions{}, "m/s²", "header"},
		{"t,ax,ay,az", 16384, CSVOptions{AccUnit: "raw:16384"}, "raw:16384", "option"},
		{"t,ax,ay,az", 1000, CSVOptions{AccUnit: "mg"}, "mg", "option"},
	}
	for _, tt := range tests {
		var b strings.Builder
		b.WriteString(tt.header + "\n")
		for i := range 100 {
			fmt.Fprintf(&b, "%.2f,%.6g,%.6g,%.6g\n", float64(i)/100, 0.1*tt.scale, -0.2*tt.scale, (0.95+0.2*math.Sin(float64(i)/3))*tt.scale)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), tt.opt)
		if err != nil {
			t.Errorf("%s %+v: %v", tt.header, tt.opt, err)
			continue
		}
		if st := r.Stats(); st.AccUnit != tt.unit || st.AccUnitBy != tt.by {
			t.Errorf("%s %+v: unit %s by %s, want %s by %s", tt.header, tt.opt, st.AccUnit, st.AccUnitBy, tt.unit, tt.by)
		}
		var s Sample
		if err := r.Read(&s); err != nil || !near(s.Acc[0], 0.1*G0) || !near(s.Acc[1], -0.2*G0) {
			t.Errorf("%s %+v: first sample %+v, %v", tt.header, tt.opt, s, err)
		}
	}
}

func TestCSVGyroUnits(t *testing.T) {
	tests := []struct {
		name   string
		header string
		accG   float64 // acceleration unit per g
		w      float64 // angular rate amplitude in the file's unit
		dyn    float64 // amplitude of the vertical acceleration's swing, g
		opt    CSVOptions
		unit   string
		by     string
	}{
		{"hint dps", "t,ax,ay,az,gx_dps,gy_dps,gz_dps", 1, 1, 0.3, CSVOptions{}, "deg/s", "header"},
		{"hint rad/s", "t,ax,ay,az,gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)", 1, 100, 0.3, CSVOptions{}, "rad/s", "header"},
		{"suffix _rad_s", "t,ax,ay,az,gx_rad_s,gy_rad_s,gz_rad_s", 1, 100, 0.3, CSVOptions{}, "rad/s", "header"},
		{"suffix _rad", "t,ax,ay,az,gx_rad,gy_rad,gz_rad", 1, 100, 0.3, CSVOptions{}, "rad/s", "header"},
		{"suffix _deg_s", "t,ax,ay,az,gx_deg_s,gy_deg_s,gz_deg_s", 1, 1, 0.3, CSVOptions{}, "deg/s", "header"},
		{"large", "t,ax,ay,az,gx,gy,gz", G0, 120, 0.3, CSVOptions{}, "deg/s", "detected"},
		{"still but turning", "t,ax,ay,az,gx,gy,gz", G0, 2, 0, CSVOptions{}, "deg/s", "detected"},
		{"small with m/s²", "t,ax,ay,az,gx,gy,gz", G0, 2, 0.3, CSVOptions{}, "rad/s", "detected"},
		// |ω| 2.2 over a spread of |a| of 0.31 g: too little rotation for deg/s
		{"small while moving, with g", "t,ax,ay,az,gx,gy,gz", 1, 2, 0.3, CSVOptions{}, "rad/s", "detected"},
		// |ω| 4.5 over a spread of 0.052 g: a gentle sway in deg/s
		{"slow with g", "t,ax,ay,az,gx,gy,gz", 1, 4, 0.05, CSVOptions{}, "deg/s", "detected"},
		{"option", "t,ax,ay,az,gx,gy,gz", 1, 2, 0.3, CSVOptions{GyroUnit: "rads"}, "rad/s", "option"},
		{"raw option", "t,ax,ay,az,gx,gy,gz", 1, 2, 0.3, CSVOptions{GyroUnit: "raw:131"}, "raw:131", "option"},
	}
	for _, tt := range tests {
		var b strings.Builder
		b.WriteString(tt.header + "\n")
		for i := range 200 {
			x := float64(i) / 7
			dyn := tt.dyn * math.Sin(x)
			fmt.Fprintf(&b, "%.2f,%.5g,%.5g,%.5g,%.5g,%.5g,%.5g\n", float64(i)/100,
				0.05*tt.accG, 0.1*tt.accG, (1+dyn)*tt.accG, tt.w*math.Sin(x), tt.w*math.Cos(x), 0.5*tt.w)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), tt.opt)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if st := r.Stats(); st.GyroUnit != tt.unit || st.GyroUnitBy != tt.by {
			t.Errorf("%s: gyro %s by %s, want %s by %s", tt.name, st.GyroUnit, st.GyroUnitBy, tt.unit, tt.by)
		}
		if !r.Layout().HasGyro() {
			t.Errorf("%s: layout lacks gyro", tt.name)
		}
	}
}

func TestCSVSeparators(t *testing.T) {
	rows := [][]string{{"t", "ax", "ay", "az"}, {"0", "0.1", "0.2", "0.95"}, {"0.01", "0.1", "0.2", "1.05"}, {"0.02", "0.1", "0.2", "0.99"}}
	// ",\t", "\t,": a sketch's Serial.print(",\t") between values (the tab
	// was taken for the separator, the commas for decimal commas: "not an
	// IMU recording", its header names "t," and "ax,")
	for _, sep := range []string{",", ";", "\t", " ", "  ", ", ", ",\t", ", \t", "\t,"} {
		var b strings.Builder
		for i, r := range rows {
			b.WriteString(strings.Join(r, sep))
			if i > 0 && strings.HasPrefix(sep, ",") {
				b.WriteString(sep) // (and after the last value)
			}
			b.WriteString("\r\n")
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{})
		if err != nil {
			t.Errorf("sep %q: %v", sep, err)
			continue
		}
		res := readAll(t, r)
		if len(res.samples) != 3 || len(res.errs) != 0 || !near(res.samples[2].Acc[2], 0.99*G0) {
			t.Errorf("sep %q: %d samples %v, errors %q", sep, len(res.samples), res.samples, res.errs)
		}
	}
	// Quoted cells, a trailing separator and a UTF-8 BOM.
	in := "\xef\xbb\xbf\"t\",\"ax\",\"ay\",\"az\",\n\"0\",\"0.1\",\"0.2\",\"0.95\",\n\"0.01\",\"0.1\",\"0.2\",\"1.05\",\n"
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, r); len(res.samples) != 2 || len(res.errs) != 0 {
		t.Errorf("quoted: %d samples, errors %q", len(res.samples), res.errs)
	}
}

func TestClassifyColumn(t *testing.T) {
	tests := []struct {
		name string
		role role
		axis int
		unit string
	}{
		{"ax", roleAcc, 0, ""},
		{"acc_y", roleAcc, 1, ""},
		{"accZ", roleAcc, 2, ""},
		{"accel_x", roleAcc, 0, ""},
		{"a_x", roleAcc, 0, ""},
		{"accelx", roleAcc, 0, ""},
		{"AccelY", roleAcc, 1, ""},
		{"x_accel", roleAcc, 0, ""},
		{"x", roleAcc, 0, ""},
		{"z", roleAcc, 2, ""},
		{"x-axis (g)", roleAcc, 0, "g"},
		{"gFx", roleAcc, 0, "g"},
		{"Acceleration x (m/s^2)", roleAcc, 0, "mps2"},
		{"acc_forward", roleAccAnat, AxisAP, ""},
		{"acc_fwd", roleAccAnat, AxisAP, ""},
		{"acc_anteroposterior", roleAccAnat, AxisAP, ""},
		{"acc_mediolateral", roleAccAnat, AxisML, ""},
		{"acc_vertical", roleAccAnat, AxisV, ""},
		{"acc_v_ms2", roleAccAnat, AxisV, "mps2"},
		{"ax_m_s2", roleAcc, 0, "mps2"},
		{"Linear Acceleration y (m/s^2)", roleLinAcc, 1, "mps2"},
		{"acc_v", roleAccAnat, AxisV, ""},
		{"acc_ap", roleAccAnat, AxisAP, ""},
		{"acc_ml", roleAccAnat, AxisML, ""},
		{"gyr_v", roleGyrAnat, AxisV, ""},
		{"gx", roleGyr, 0, ""},
		{"gyr_y", roleGyr, 1, ""},
		{"gyro_z", roleGyr, 2, ""},
		{"gyrox", roleGyr, 0, ""},
		{"wx", roleGyr, 0, ""},
		{"g_x", roleGyr, 0, ""},
		{"Gyroscope x (rad/s)", roleGyr, 0, "rads"},
		{"x-axis (deg/s)", roleGyr, 0, "dps"},
		{"gx_dps", roleGyr, 0, "dps"},
		{"t", roleTime, 0, ""},
		{"time", roleTime, 0, ""},
		{"timestamp", roleTime, 0, ""},
		{"seconds_elapsed", roleTime, 0, "s"},
		{"elapsed (s)", roleTime, 0, "s"},
		{"epoch (ms)", roleTime, 0, "ms"},
		{"Time (s)", roleTime, 0, "s"},
		{"millis", roleTime, 0, "ms"},
		{"ts", roleTime, 0, ""},
		{"time_us", roleTime, 0, "us"},
		{"x (number)", roleNone, 0, "other"},
		{"qx", roleNone, 0, ""},
		{"yaw", roleNone, 0, ""},
		{"Absolute acceleration (m/s^2)", roleNone, 0, "mps2"},
		{"TgF", roleNone, 0, ""},
		{"count", roleNone, 0, ""},
		{"mx", roleNone, 0, ""},
		// research devices' exports
		{"Shimmer_D0C4_Accel_WR_Y_CAL", roleAcc, 1, ""},
		{"RightAnkle_Accel_LN_Z_CAL", roleAcc, 2, ""},
		{"Shimmer_D0C4_Gyro_X_CAL", roleGyr, 0, ""},
		{"Shimmer_D0C4_Timestamp_Unix_CAL", roleTime, 0, "ms"},
		{"Shimmer_9B6C_Timestamp", roleTime, 0, "ms"},
		{"Shimmer_D0C4_Accel_LN_X_RAW", roleAcc, 0, ""}, // (rank after calibrated columns: read only without one)
		{"Shimmer_D0C4_Gyro_X_RAW", roleNone, 0, ""},
		{"Shimmer_D0C4_Timestamp_RAW", roleNone, 0, ""},
		{"Shimmer_D0C4_Mag_X_CAL", roleNone, 0, ""},
		{"Shimmer_D0C4_Battery_CAL", roleNone, 0, ""},
		{"acc_x_raw", roleNone, 0, ""},
		{"Wide Range Accelerometer X", roleAcc, 0, ""},
		{"Low Noise Accelerometer Z", roleAcc, 2, ""},
		{"Accelerometer Y", roleAcc, 1, ""},
		{"SampleTimeFine", roleTime, 0, "fine"},
		{"PacketCounter", roleNone, 0, ""},
		{"Acc_X", roleAcc, 0, ""},
		{"Gyr_Z", roleGyr, 2, ""},
		{"accelerometerAccelerationX(G)", roleAcc, 0, "g"},
		{"accelerometerTimestamp_sinceReboot(s)", roleTime, 0, "s"},
		{"gyroRotationY(rad/s)", roleGyr, 1, "rads"},
		{"motionRotationRateZ(rad/s)", roleGyr, 2, "rads"},
		{"motionUserAccelerationX(G)", roleLinAcc, 0, "g"},
		{"motionGravityX(G)", roleNone, 0, "g"},
		{"gyroTimestamp_sinceReboot(s)", roleNone, 0, "s"},
		{"t_min", roleTime, 0, "min"},
		{"Time (minutes)", roleTime, 0, "min"},
	}
	for _, tt := range tests {
		c := classifyColumn(tt.name)
		if c.role != tt.role || c.axis != tt.axis || c.unit != tt.unit {
			t.Errorf("classifyColumn(%q) = role %d axis %d unit %q; want %d %d %q", tt.name, c.role, c.axis, c.unit, tt.role, tt.axis, tt.unit)
		}
		if c.mirror != strings.HasPrefix(tt.name, "accelerometerAcceleration") {
			t.Errorf("classifyColumn(%q): mirror %v", tt.name, c.mirror)
		}
	}
}

// TestCSVZeroAlloc checks that Read does not allocate in steady state.
func TestCSVZeroAlloc(t *testing.T) {
	inputs := map[string]string{
		"csv":          string(benchCSV(3000)),
		"sensorlogger": repeatRows("time,seconds_elapsed,z,y,x\n", "%d,%.9f,0.1234,9.8123,-0.5", 3000, func(i int) []any { return []any{1698501144401773000 + int64(i)*10000000, float64(i) / 100} }),
		"plotter":      repeatRows("", "AccelX:0.12,AccelY:-0.34,AccelZ:9.%02d, GyroX:0.00,GyroY:-0.01,GyroZ:0.02", 3000, func(i int) []any { return []any{i % 100} }),
		"comma":        repeatRows("t;ax;ay;az\n", "%d,%02d;0,01;0,02;0,99", 3000, func(i int) []any { return []any{i / 100, i % 100} }),
		"blanks":       repeatRows("t ax ay az\n", "%d.%02d  0.01 0.02  0.99", 3000, func(i int) []any { return []any{i / 100, i % 100} }),
	}
	for name, in := range inputs {
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Rate: 100})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var s Sample
		for range 600 { // past the lookahead
			if err := r.Read(&s); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if n := testing.AllocsPerRun(1000, func() {
			if err := r.Read(&s); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per Read", name, n)
		}
	}
}

func repeatRows(header, format string, n int, args func(int) []any) string {
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, format+"\n", args(i)...)
	}
	return b.String()
}

// TestCSVLookaheadBounded checks that NewCSVReader reads no more than the
// lookahead from a long input.
func TestCSVLookaheadBounded(t *testing.T) {
	data := benchCSV(100000)
	cr := &countingReader{r: bytes.NewReader(data)}
	if _, err := NewCSVReader(cr, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if cr.n > lookaheadRows*80+2*maxLine {
		t.Errorf("NewCSVReader read %d bytes of %d", cr.n, len(data))
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestCSVReadError(t *testing.T) {
	boom := errors.New("boom")
	// During the lookahead: NewCSVReader fails.
	in := io.MultiReader(strings.NewReader("t,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n"), iotest.ErrReader(boom))
	if _, err := NewCSVReader(in, CSVOptions{Name: "dev"}); !errors.Is(err, boom) || err.Error() != "dev:4: boom" {
		t.Errorf("NewCSVReader = %v, want dev:4: boom", err)
	}
	// Later: Read fails, for good.
	in = io.MultiReader(bytes.NewReader(benchCSV(1000)), iotest.ErrReader(boom))
	r, err := NewCSVReader(in, CSVOptions{Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if len(res.samples) != 1000 || len(res.errs) != 1 || res.errs[0] != "dev:1002: boom" {
		t.Errorf("samples %d, errors %q", len(res.samples), res.errs)
	}
	var s Sample
	if err := r.Read(&s); !errors.Is(err, boom) {
		t.Errorf("Read after failure = %v", err)
	}
}

// TestCSVAccUnitVigorous: a shank while running has a median |a| of 2–3 g
// (swing and impacts), but its mean vector is still about gravity; the unit
// must be found in g and in m/s².
func TestCSVAccUnitVigorous(t *testing.T) {
	for _, tc := range []struct {
		scale float64
		unit  string
	}{{1, "g"}, {G0, "m/s²"}} {
		var b strings.Builder
		b.WriteString("t,ax,ay,az\n")
		for i := range 400 {
			ph := 2 * math.Pi * float64(i) / 70 // a 0.7 s stride at 100 Hz
			// gravity tilted by the swinging shank plus a centripetal
			// hump and a brief impact every stride
			tilt := 0.7 * math.Sin(ph)
			ax := math.Sin(tilt) + 3*math.Max(0, math.Sin(ph))
			az := math.Cos(tilt) + 2.5*math.Max(0, -math.Sin(ph))
			if i%70 == 0 {
				az += 6
			}
			fmt.Fprintf(&b, "%.2f,%.5f,%.5f,%.5f\n", float64(i)/100, ax*tc.scale, 0.2*tc.scale, az*tc.scale)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "shank.csv"})
		if err != nil {
			t.Fatalf("%s: %v", tc.unit, err)
		}
		if st := r.Stats(); st.AccUnit != tc.unit {
			t.Errorf("unit %s, want %s", st.AccUnit, tc.unit)
		}
	}
}

// TestCSVColumns reads headerless lines named by CSVOptions.Columns: the
// device's own header and boot lines are preamble, "-" skips a field, and
// the units come from the names.
func TestCSVColumns(t *testing.T) {
	in := "booting v1.2\nms,x,y,z,temp\n" +
		"1000,0.10,-0.20,9.81,25.1\n" +
		"1010,0.20,-0.10,9.70,25.1\n" +
		"1020,0.30,0.00,9.90,25.2\n"
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "/dev/ttyACM0", Columns: []string{"t_ms", "ax", "ay", "az", "-"}})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if len(res.errs) != 0 {
		t.Fatalf("errors: %v", res.errs)
	}
	want := []Sample{
		{T: 1.00, Acc: [3]float64{0.10, -0.20, 9.81}},
		{T: 1.01, Acc: [3]float64{0.20, -0.10, 9.70}},
		{T: 1.02, Acc: [3]float64{0.30, 0.00, 9.90}},
	}
	if len(res.samples) != len(want) {
		t.Fatalf("%d samples, want %d", len(res.samples), len(want))
	}
	for i := range want {
		if !sameSample(res.samples[i], want[i]) {
			t.Errorf("sample %d = %+v, want %+v", i, res.samples[i], want[i])
		}
	}
	if res.stats.Skipped != 2 || res.stats.TimeUnit != "ms" || res.stats.AccUnit != "m/s²" {
		t.Errorf("stats %+v: want 2 skipped lines, time in ms, acceleration in m/s²", res.stats)
	}

	// numeric lines of another shape before the data (calibration offsets
	// a device prints) are preamble too
	r, err = NewCSVReader(strings.NewReader("5,6\n6,7\n1010,0.1,0.2,0.98\n1020,0.1,0.2,0.99\n1030,0.1,0.2,0.97\n"), CSVOptions{Columns: []string{"t_ms", "ax", "ay", "az"}, AccUnit: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, r); len(res.samples) != 3 || res.samples[0].T != 1.01 || len(res.errs) != 0 {
		t.Errorf("numeric preamble: %d samples (%+v), errors %v", len(res.samples), res.samples, res.errs)
	}

	// Columns that do not fit the lines are an error naming the line.
	for _, tt := range []struct {
		in   string
		cols []string
		want string
	}{
		{"1,0,0,1\n2,0,0,1\n", []string{"t", "ax", "ay", "az", "gz"}, "dev:1: not an IMU recording: lines have 4 fields; columns name 5 (t,ax,ay,az,gz)"},
		{"ax:0,ay:0,az:1\nax:0,ay:0,az:1\n", []string{"ax", "ay", "az"}, "dev:1: not an IMU recording: columns are given but the lines are Key:value pairs, which name their own fields"},
		{"0,0,1\n0,0,1\n", []string{"ax", "ay", "az"}, "dev: sample rate unknown"},
	} {
		_, err := NewCSVReader(strings.NewReader(tt.in), CSVOptions{Name: "dev", Columns: tt.cols})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q with %v: error %v, want %s…", tt.in, tt.cols, err, tt.want)
		}
	}
}

// TestCSVShortLookahead checks that with Lookahead n the reader returns
// its first sample once n data lines have arrived, as a live stream needs,
// and that the rest of the stream reads as with the full lookahead.
func TestCSVShortLookahead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		head   string // before the 8 data lines
		opt    CSVOptions
		firstT float64
	}{
		{"header, units given", "t,ax,ay,az\n", CSVOptions{Lookahead: 8, TimeUnit: "ms", AccUnit: "g"}, 0},
		// a capture opened mid-line, on a device printing millis()
		// without a header: the cut line is preamble, and the time unit
		// is detected from the lookahead's intervals
		{"headerless, cut first line, columns", "0.02,0.98\n", CSVOptions{Lookahead: 8, Columns: []string{"t", "ax", "ay", "az"}, AccUnit: "g"}, 0},
	} {
		pr, pw := io.Pipe()
		go func() {
			fmt.Fprint(pw, tc.head)
			for i := range 8 {
				fmt.Fprintf(pw, "%d,0.01,0.02,%.2f\n", 10*i, 0.98+0.01*float64(i))
			}
			// The stream then stalls, as a sensor between lines does.
		}()
		type out struct {
			s   Sample
			err error
		}
		done := make(chan out, 1)
		go func() {
			r, err := NewCSVReader(pr, tc.opt)
			if err != nil {
				done <- out{err: err}
				return
			}
			var s Sample
			err = r.Read(&s)
			done <- out{s, err}
		}()
		select {
		case o := <-done:
			if o.err != nil {
				t.Fatalf("%s: %v", tc.name, o.err)
			}
			if o.s.T != tc.firstT || !near(o.s.Acc[2], 0.98*G0) {
				t.Errorf("%s: first sample %+v", tc.name, o.s)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no sample after 8 lines with Lookahead 8: the reader waits for more", tc.name)
		}
		pw.Close()
		pr.Close()
	}

	// the second sample of the millis() stream is 10 ms later
	r := mustReader(t, []byte("0.02,0.98\n1000,0,0,1\n1010,0,0,1\n1020,0,0,1\n1030,0,0,1\n1040,0,0,1\n1050,0,0,1\n1060,0,0,1\n1070,0,0,1\n"),
		CSVOptions{Lookahead: 8, Columns: []string{"t", "ax", "ay", "az"}})
	if res := readAll(t, r); len(res.samples) != 8 || !near(res.samples[1].T-res.samples[0].T, 0.01) {
		t.Errorf("millis() stream: %d samples, first two %+v, errors %v", len(res.samples), res.samples[:min(2, len(res.samples))], res.errs)
	}

	// Same samples as the full lookahead on a whole file.
	data := benchCSV(2000)
	full := readAll(t, mustReader(t, data, CSVOptions{}))
	short := readAll(t, mustReader(t, data, CSVOptions{Lookahead: 8}))
	if len(full.samples) != len(short.samples) || len(full.samples) == 0 {
		t.Fatalf("%d samples with lookahead 8, %d with the default", len(short.samples), len(full.samples))
	}
	for i := range full.samples {
		if !sameSample(full.samples[i], short.samples[i]) {
			t.Fatalf("sample %d: %+v with lookahead 8, %+v with the default", i, short.samples[i], full.samples[i])
		}
	}
}

func mustReader(tb testing.TB, data []byte, opt CSVOptions) *CSVReader {
	tb.Helper()
	r, err := NewCSVReader(bytes.NewReader(data), opt)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestCSVGyroUnitCorruptRow: one corrupt acceleration row in the lookahead
// does not decide the gyro unit (the spread of |a| is robust to it).
func TestCSVGyroUnitCorruptRow(t *testing.T) {
	for _, tc := range []struct {
		w, dyn float64 // gyro amplitude (file unit), |a| sway (g)
		want   string
	}{
		// a gentle sway in deg/s: with the plain sd of |a| (2.3 g with
		// the corrupt row) it read as rad/s
		{2.5, 0.02, "deg/s"},
		{30 * math.Pi / 180, 0.15, "rad/s"},
	} {
		var b strings.Builder
		b.WriteString("t,ax,ay,az,gx,gy,gz\n")
		for i := range 300 {
			x := float64(i) / 7
			az := 1 + tc.dyn*math.Sin(x)
			if i == 150 {
				az = 40 // a corrupt row
			}
			fmt.Fprintf(&b, "%.2f,0.02,0.05,%.5g,%.5g,%.5g,%.5g\n", float64(i)/100, az, tc.w*math.Sin(x), 0.5*tc.w*math.Cos(x), 0.2*tc.w)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if st := r.Stats(); st.GyroUnit != tc.want {
			t.Errorf("|ω| up to %.3g: gyro %s by %s, want %s", tc.w, st.GyroUnit, st.GyroUnitBy, tc.want)
		}
	}
}

// TestCSVSensorLoggerAlwaysMps2: Sensor Logger writes m/s². A gravity-free
// Accelerometer.csv whose dynamic mean happens to be about 1 (a walk, a
// tilted phone) must not pass for a file in g.
func TestCSVSensorLoggerAlwaysMps2(t *testing.T) {
	var b strings.Builder
	b.WriteString("time,seconds_elapsed,z,y,x\n")
	for i := range 300 {
		x := float64(i) / 9
		fmt.Fprintf(&b, "%d,%.2f,%.4f,%.4f,%.4f\n", 1700000000000000000+int64(i)*10000000, float64(i)/100, 0.9+0.6*math.Sin(x), 0.3*math.Cos(x), 0.2)
	}
	_, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "Accelerometer.csv"})
	if err == nil || !strings.Contains(err.Error(), "acceleration lacks gravity") || !strings.Contains(err.Error(), "TotalAcceleration.csv") {
		t.Errorf("error %v, want the no-gravity refusal", err)
	}
}

// TestAnatomicalSensorGyro: rate columns named for a sensor frame beside
// anatomical acceleration (the datasets' layout names rates gx, gy, gz
// whatever the acceleration's frame) are read, with OwnFrameRates (a shoe
// or shank engine, which needs only their principal axis), as rates about
// the sensor's own axes, Layout.GyrOwnFrame, and Describe says so. Without
// it (a waist needs them in the acceleration's frame) they are not read —
// a bad cell in them skips no line — and Describe names them. Anatomical
// rates beside them are read instead, and the others named (a review's
// harness once lost its gyroscope unmentioned).
func TestAnatomicalSensorGyro(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,acc_v,acc_ap,acc_ml,gx,gy,gz\n")
	for i := range 200 {
		g := "50,-30,20"
		if i%50 == 49 {
			g = "nan,nan,nan"
		}
		fmt.Fprintf(&b, "%.2f,%.3f,%.3f,0.01,%s\n", float64(i)/100, 1+0.3*math.Sin(float64(i)*0.2), 0.2*math.Sin(float64(i)*0.2), g)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Layout(); l.HasGyro() || l.GyrOwnFrame {
		t.Errorf("gx,gy,gz beside acc_v… read without OwnFrameRates: %+v", l)
	}
	if d := r.Describe(); !strings.Contains(d, "gyro=none(gx,gy,gz ignored: beside acc_v… a waist needs anatomical rates gyr_v,gyr_ap,gyr_ml; a shoe or shank reads them)") {
		t.Errorf("Describe %q does not name the ignored columns", d)
	}
	n := 0
	for s := (Sample{}); ; n++ {
		if err := r.Read(&s); err != nil {
			if err != io.EOF {
				t.Errorf("line %d: %v (a bad cell in a column not read)", n+2, err)
			}
			break
		}
	}
	if n != 200 {
		t.Errorf("%d samples read, want 200", n)
	}
	if r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{OwnFrameRates: true}); err != nil {
		t.Fatal(err)
	}
	if l := r.Layout(); !l.HasGyro() || !l.GyrOwnFrame || l.Frame != FrameAnatomical {
		t.Errorf("gx,gy,gz beside acc_v…: layout %+v, want anatomical acceleration and the sensor's own rates", l)
	}
	var s Sample
	if err := r.Read(&s); err != nil {
		t.Fatal(err)
	}
	if want := [3]float64{50, -30, 20}; math.Abs(s.Gyr[0]*180/math.Pi-want[0]) > 1e-9 || math.Abs(s.Gyr[1]*180/math.Pi-want[1]) > 1e-9 || math.Abs(s.Gyr[2]*180/math.Pi-want[2]) > 1e-9 {
		t.Errorf("rates %v rad/s, want %v deg/s in gx, gy, gz order", s.Gyr, want)
	}
	if d := r.Describe(); !strings.Contains(d, "gyro=gx,gy,gz(") || !strings.Contains(d, "(the sensor's own axes beside aligned acceleration)") {
		t.Errorf("Describe %q does not say how the rates are read", d)
	}
	b.Reset()
	b.WriteString("t,acc_v,acc_ap,acc_ml,gyr_v,gyr_ap,gyr_ml\n0,1,0,0,5,-3,2\n0.01,1,0,0,5,-3,2\n0.02,1,0,0,5,-3,2\n")
	if r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := r.Describe(); !r.Layout().HasGyro() || r.Layout().GyrOwnFrame || strings.Contains(d, "ignored") {
		t.Errorf("anatomical rates: %s", d)
	}
	// both kinds: the anatomical rates are read, the others named
	b.Reset()
	b.WriteString("t,acc_v,acc_ap,acc_ml,gyr_v,gyr_ap,gyr_ml,gx,gy,gz\n0,1,0,0,5,-3,2,1,1,1\n0.01,1,0,0,5,-3,2,1,1,1\n0.02,1,0,0,5,-3,2,1,1,1\n")
	if r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := r.Describe(); !r.Layout().HasGyro() || r.Layout().GyrOwnFrame || !strings.Contains(d, "gyro=gyr_v,gyr_ap,gyr_ml(") || !strings.Contains(d, "(gx,gy,gz ignored: beside the anatomical rates)") {
		t.Errorf("both kinds of rates: %s", d)
	}
}

// TestCSVEmptyLastColumn: a header whose last columns the data lines leave
// unfilled ("…,note" over lines ending in a bare comma, as spreadsheets
// write an unused column; a tab-separated one, whose trailing tab is
// stripped; a sketch's "t,ax,ay,az,gx,gy,gz" over lines without the gyro)
// used not to match the data, and the file was read as headerless — its
// time column taken as ax, every figure wrong. Now those columns are not
// read: an empty channel (acc_ml, the gyro) is absent, said in Describe,
// and a note filled on some lines (the first ones too) and left off on
// others makes no line bad. A header naming acceleration with fewer
// columns than the data lines is an error rather than a headerless
// reading; a boot banner with one more comma than the data lines is not a
// header; a bare trailing comma under a header of as many columns still
// opens no field.
func TestCSVEmptyLastColumn(t *testing.T) {
	rows := func(header string, sep string, cell func(i int) string) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range 300 {
			fmt.Fprintf(&b, "%.3f%s%.4f%s%.4f%s%s\n", float64(i)/100, sep, 1+0.3*math.Sin(float64(i)*0.3), sep, 0.2*math.Cos(float64(i)*0.3), sep, cell(i))
		}
		return b.String()
	}
	read := func(text string, opt CSVOptions) (*CSVReader, int, error) {
		r, err := NewCSVReader(strings.NewReader(text), opt)
		if err != nil {
			return nil, 0, err
		}
		n := 0
		for s := (Sample{}); ; n++ {
			if err := r.Read(&s); err != nil {
				if err != io.EOF {
					return r, n, err
				}
				return r, n, nil
			}
			if math.Abs(s.T-float64(n)/100) > 1e-9 || math.Abs(s.Acc[0]/G0-(1+0.3*math.Sin(float64(n)*0.3))) > 1e-3 {
				return r, n, fmt.Errorf("sample %d: %+v", n, s)
			}
		}
	}
	empty := func(int) string { return "" }
	for _, tc := range []struct {
		name, header, sep string
		cell              func(i int) string
		desc              string
	}{
		{"empty note", "t,acc_v,acc_ap,note", ",", empty, "acc=acc_v,acc_ap("},
		{"note on a few lines", "t,acc_v,acc_ap,note", ",", func(i int) string {
			if i%40 == 7 {
				return "turn"
			}
			return ""
		}, "acc=acc_v,acc_ap("},
		{"note on the first lines", "t,acc_v,acc_ap,note", ",", func(i int) string {
			if i < 5 {
				return "start"
			}
			return ""
		}, "acc=acc_v,acc_ap("},
		{"empty channel", "t,acc_v,acc_ap,acc_ml", ",", empty, "(acc_ml empty: not read)"},
		{"tab-separated", "t\tacc_v\tacc_ap\tnote", "\t", empty, "acc=acc_v,acc_ap("},
		{"no gyro on the lines", "t,acc_v,acc_ap,acc_ml,gx,gy,gz", ",", func(int) string { return "0.01" }, "(gx,gy,gz empty: not read)"},
	} {
		r, n, err := read(rows(tc.header, tc.sep, tc.cell), CSVOptions{})
		if err != nil || n != 300 {
			t.Errorf("%s: %d samples, %v", tc.name, n, err)
			continue
		}
		wantAcc := [3]bool{true, true, false}
		if tc.name == "no gyro on the lines" {
			wantAcc = [3]bool{true, true, true}
		}
		if l := r.Layout(); l.Frame != FrameAnatomical || l.Acc != wantAcc || l.HasGyro() || l.Rate != 100 {
			t.Errorf("%s: layout %+v", tc.name, l)
		}
		if d := r.Describe(); !strings.Contains(d, tc.desc) || !strings.Contains(d, "time=t(") {
			t.Errorf("%s: Describe %q, want %q", tc.name, d, tc.desc)
		}
		if st := r.Stats(); st.BadLines != 0 {
			t.Errorf("%s: %d bad lines", tc.name, st.BadLines)
		}
	}
	_, _, err := read(rows("t,acc_v", ",", empty), CSVOptions{})
	if !errors.Is(err, ErrNotRecording) || !strings.Contains(err.Error(), "the header names 2 columns (t,acc_v) but the data lines have 3 fields") {
		t.Errorf("header of 2 over 3 fields: %v", err)
	}
	// a boot banner with a comma more than the headerless lines
	var b strings.Builder
	b.WriteString("MPU6050 ready, range 2g, 100 Hz, ok\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%.4f,%.4f,0.05,\n", 1+0.3*math.Sin(float64(i)*0.3), 0.01)
	}
	if r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Rate: 100}); err != nil || r.Layout().AccAxes() != 3 {
		t.Errorf("banner over headerless lines: %v", err)
	}
	// three columns, lines ending in a comma: the comma opens no field
	b.Reset()
	b.WriteString("ax,ay,az\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%.4f,0.01,0.02,\n", 1+0.3*math.Sin(float64(i)*0.3))
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Rate: 100})
	if err != nil {
		t.Fatal(err)
	}
	var s Sample
	if err := r.Read(&s); err != nil || r.Layout().AccAxes() != 3 {
		t.Errorf("trailing comma under three columns: %v, layout %+v", err, r.Layout())
	}
}

// TestCSVTimeOrder: a time column that runs backwards is refused
// (ErrTimeOrder, in the construction table) only when no other time column
// is usable and it has steps enough to tell; a frozen clock (constant
// time) with a rate given is read by line index as before.
func TestCSVTimeOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("elapsed,t,ax,ay,az\n")
	for i := range 50 {
		fmt.Fprintf(&b, "%.2f,%.2f,0.01,0.02,0.99\n", 10-float64(i)/100, float64(i)/100)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{})
	if err != nil || r.Stats().TimeUnit == "none" || r.Layout().Rate != 100 {
		t.Errorf("a reversed column beside an increasing one: %v", err)
	}
	for _, in := range []string{
		"t,ax,ay,az\n0.02,0.01,0.02,0.99\n0.01,0.01,0.02,0.99\n",  // one step: too few to tell
		"t,ax,ay,az\n" + strings.Repeat("5,0.01,0.02,0.99\n", 20), // a frozen clock
	} {
		if _, err := NewCSVReader(strings.NewReader(in), CSVOptions{Rate: 100}); err != nil {
			t.Errorf("%q with a rate: %v", in[:30], err)
		}
	}
}

// TestCSVLateGyro: a gyroscope that delivers after the accelerometer, its
// cells left empty on the first lines as loggers write them ("…,0.99,,,":
// the trailing separators). The lines without gyro are bad lines, skipped
// and counted at their first empty column; the gyroscope is read whole
// from the first line that has it; leading bad lines, however many, never
// stop the reader. Before, a template line without gyro dropped gz as an
// unfilled column and read the file as two gyro axes, and 101 such lines
// at the start stopped it. A gyroscope empty throughout the lookahead is
// absent, all three axes, and said.
func TestCSVLateGyro(t *testing.T) {
	text := func(late, n int, none string) string {
		var b strings.Builder
		b.WriteString("t,ax,ay,az,gx,gy,gz\n")
		for i := range n {
			az := 1 + 0.3*math.Sin(float64(i)*0.3)
			if i >= 508 && i < 512 {
				az = 2.2 // an impact
			}
			fmt.Fprintf(&b, "%.2f,0.01,0.02,%.4f,", float64(i)/100, az)
			if i < late {
				b.WriteString(none)
			} else {
				fmt.Fprintf(&b, "%.1f,-2,0.5\n", 10*math.Cos(float64(i)*0.3))
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		name       string
		late, n    int
		none       string // the gyro cells before it starts, after "az,"
		gyro       [3]bool
		samples    int
		empty      string // the description's note
		firstError string
	}{
		{"gyro after 1.5 s", 150, 3000, ",,\n", [3]bool{true, true, true}, 2850, "", `late.csv:2: column "gx": unparsable value: ""`},
		{"no gyro in the lookahead", 600, 3000, ",,\n", [3]bool{}, 3000, "(gx,gy,gz empty: not read)", ""},
		// starting at the lookahead's end: its lines with empty cells
		// decide the acceleration's unit too (they were left out, and the
		// 4 lines with a gyroscope, at an impact's 2.2 g, refused the
		// file as of no unit)
		{"gyro after 5.08 s", 508, 3000, ",,\n", [3]bool{true, true, true}, 2492, "", `late.csv:2: column "gx": unparsable value: ""`},
		// phyphox writes NaN until a sensor delivers
		{"NaN gyro for 1.5 s", 150, 3000, "NaN,NaN,NaN\n", [3]bool{true, true, true}, 2850, "", `late.csv:2: column "gx": value is NaN or Inf: "NaN"`},
		// NaN through the lookahead (and beyond): absent, as empty cells
		// are (read, every line was bad: no sample at all when the
		// gyroscope never delivers)
		{"NaN gyro for 15 s", 1500, 3000, "NaN,NaN,NaN\n", [3]bool{}, 3000, "(gx,gy,gz empty: not read)", ""},
		{"NaN gyro throughout", 3000, 3000, "NaN,NaN,NaN\n", [3]bool{}, 3000, "(gx,gy,gz empty: not read)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(text(tc.late, tc.n, tc.none)), CSVOptions{Name: "late.csv", GyroUnit: "dps"})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if l := r.Layout(); l.Gyr != tc.gyro {
				t.Errorf("gyro axes %v, want %v (%s)", l.Gyr, tc.gyro, r.Describe())
			}
			if len(res.samples) != tc.samples || res.stats.BadLines != tc.n-tc.samples {
				t.Errorf("%d samples, %d bad lines, want %d and %d (errors %q…)", len(res.samples), res.stats.BadLines, tc.samples, tc.n-tc.samples, res.errs[:min(3, len(res.errs))])
			}
			if tc.firstError != "" && (len(res.errs) == 0 || res.errs[0] != tc.firstError) {
				t.Errorf("first error %q, want %q", res.errs[:min(1, len(res.errs))], tc.firstError)
			}
			if !strings.Contains(r.Describe(), tc.empty) {
				t.Errorf("description %q, want %q in it", r.Describe(), tc.empty)
			}
			if tc.gyro[2] && len(res.samples) > 0 {
				if s := res.samples[len(res.samples)-1]; s.Gyr[2] != 0.5*math.Pi/180 {
					t.Errorf("last sample's gz %v rad/s, want 0.5 °/s", s.Gyr[2])
				}
			}
		})
	}
}

// TestCSVCutFirstLine: a first data line cut at its start, as a capture or
// a replugged serial device delivers it ("29960,…" from "129960,…"), is a
// bad line — not a sample 100 s before the rest (it split a live run) —
// with or without a header; first lines that merely start a clock (0, or
// a step before the rest) are samples.
func TestCSVCutFirstLine(t *testing.T) {
	lines := func(first string) string {
		var b strings.Builder
		b.WriteString(first)
		for i := 1; i < 50; i++ {
			fmt.Fprintf(&b, "%d,0.01,0.02,%.3f\n", 129960+10*i, 0.98+0.01*math.Sin(float64(i)))
		}
		return b.String()
	}
	// from a whole second (the first line's time, cut): 129000 ms, or
	// 129 s with five decimals
	whole := func(first, format string, t0, step float64) string {
		var b strings.Builder
		b.WriteString(first)
		for i := 1; i < 50; i++ {
			fmt.Fprintf(&b, format+",0.01,0.02,%.3f\n", t0+step*float64(i), 0.98+0.01*math.Sin(float64(i)))
		}
		return b.String()
	}
	ms := func(first string) string { return whole(first, "%.0f", 129000, 10) }
	secs := func(first string) string { return whole(first, "%.5f", 129, 0.01) }
	for _, tc := range []struct {
		name, text string
		opt        CSVOptions
		cut        bool
	}{
		{"headerless, cut", lines("29960,0.01,0.02,0.99\n"), CSVOptions{Columns: []string{"t_ms", "ax", "ay", "az"}, AccUnit: "g"}, true},
		{"header, cut", "t_ms,ax,ay,az\n" + lines("9960,0.01,0.02,0.99\n"), CSVOptions{}, true},
		{"header, whole", "t_ms,ax,ay,az\n" + lines("129960,0.01,0.02,0.99\n"), CSVOptions{}, false},
		// a whole second cut off: the digits left end in zeros
		{"ms, a whole second cut", "t_ms,ax,ay,az\n" + ms("9000,0.01,0.02,0.99\n"), CSVOptions{}, true},
		{"s, a whole second cut", "t,ax,ay,az\n" + secs("9.00000,0.01,0.02,0.99\n"), CSVOptions{}, true},
		{"s, the decimal point cut", "t,ax,ay,az\n" + secs("00000,0.01,0.02,0.99\n"), CSVOptions{}, true},
		{"s, two zeros left", "t,ax,ay,az\n" + secs("00,0.01,0.02,0.99\n"), CSVOptions{}, true},
		{"s, a clock from 0", "t,ax,ay,az\n" + secs("0.00000,0.01,0.02,0.99\n"), CSVOptions{}, false},
		{"a clock from 0", "t_ms,ax,ay,az\n0,0.01,0.02,0.99\n10,0.01,0.02,0.99\n20,0.01,0.02,0.99\n30,0.01,0.02,0.98\n40,0.01,0.02,0.97\n50,0.01,0.02,0.99\n", CSVOptions{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tc.text), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if got := len(res.errs) == 1 && strings.Contains(res.errs[0], "the first data line looks cut at its start"); got != tc.cut {
				t.Errorf("errors %q, want the cut line refused: %v", res.errs, tc.cut)
			}
			first := 129.97 // the second line's time
			if strings.Contains(tc.name, "whole second") || strings.HasPrefix(tc.name, "s,") {
				first = 129.01
			}
			if tc.cut && (len(res.samples) == 0 || math.Abs(res.samples[0].T-first) > 1e-9 || res.stats.BadLines != 1) {
				t.Errorf("first sample %+v, %d bad lines", res.samples[:min(1, len(res.samples))], res.stats.BadLines)
			}
			if !tc.cut && len(res.errs) != 0 {
				t.Errorf("errors %q", res.errs)
			}
		})
	}
}

// TestCSVCutFirstLineNot: first lines the cut rule must leave alone (a
// review found the first two refused): a clock started at 0 before a
// pause, a first column that is not the time, a first sample well before
// the rest whose digits are not the end of its expected time.
func TestCSVCutFirstLineNot(t *testing.T) {
	rows := func(first string, from, step int) string {
		var b strings.Builder
		b.WriteString(first)
		for i := range 40 {
			fmt.Fprintf(&b, "%d,0.01,0.02,%.3f\n", from+step*i, 0.98+0.01*math.Sin(float64(i)))
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, text string
		opt        CSVOptions
	}{
		{"setup() at 0, then a pause", rows("t_ms,ax,ay,az\n0,0.01,0.02,0.99\n", 2000, 10), CSVOptions{}},
		{"first column not the time", "ax,ay,az\n" + func() string {
			var b strings.Builder
			fmt.Fprintf(&b, "0.001,0.02,0.99\n")
			for i := range 40 {
				fmt.Fprintf(&b, "%.4f,0.02,0.99\n", 0.5+0.001*float64(i))
			}
			return b.String()
		}(), CSVOptions{Rate: 1000, AccUnit: "g"}},
		{"an early first sample", rows("t_ms,ax,ay,az\n1234,0.01,0.02,0.99\n", 50000, 10), CSVOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tc.text), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if res := readAll(t, r); len(res.errs) != 0 || len(res.samples) != 41 {
				t.Errorf("%d samples, errors %q", len(res.samples), res.errs)
			}
		})
	}
}

// TestCSVIgnoreGyro: a gyroscope whose cells stop part way (phyphox writes a
// shorter buffer's cells empty) makes every later line a bad line, and the
// reader gives up saying so and how to read the acceleration alone; with
// IgnoreGyro the gyroscope columns are not read and every line's
// acceleration is.
func TestCSVIgnoreGyro(t *testing.T) {
	var b strings.Builder
	b.WriteString("\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\",\"Gyroscope x (rad/s)\",\"Gyroscope y (rad/s)\",\"Gyroscope z (rad/s)\"\n")
	const n = 3000
	for i := range n {
		tt := float64(i) / 100
		fmt.Fprintf(&b, "%.2f,%.4f,%.4f,9.81", tt, math.Sin(17*tt), math.Cos(11*tt))
		if i < 1000 {
			fmt.Fprintf(&b, ",%.4f,0.1,-0.2\n", math.Sin(3*tt))
		} else {
			b.WriteString(",,,\n") // the gyroscope's buffer ended at 10 s
		}
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "phyphox.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	var last Sample
	if err := r.Read(&last); !errors.Is(err, ErrTooManyBadLines) || !strings.Contains(err.Error(), `column "Gyroscope x (rad/s)"`) ||
		!strings.HasSuffix(err.Error(), "; a gyroscope that stops part way: read the acceleration alone (CSVOptions.IgnoreGyro, gaitd analyze --acc-only)") {
		t.Errorf("without IgnoreGyro: %v", err)
	}
	if len(res.samples) != 1000 {
		t.Errorf("without IgnoreGyro: %d samples, want the 1000 with a gyroscope", len(res.samples))
	}

	r, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "phyphox.csv", IgnoreGyro: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Layout(); l.HasGyro() || l.AccAxes() != 3 {
		t.Errorf("layout %+v: want acceleration alone", l)
	}
	if d := r.Describe(); !strings.Contains(d, "gyro=none (Gyroscope x (rad/s),Gyroscope y (rad/s),Gyroscope z (rad/s) ignored)") {
		t.Errorf("describe %q", d)
	}
	res = readAll(t, r)
	if len(res.samples) != n || len(res.errs) != 0 || r.Stats().GyroIgnored != 3 {
		t.Errorf("IgnoreGyro: %d samples, errors %v, %d columns ignored; want %d, none, 3", len(res.samples), res.errs, r.Stats().GyroIgnored, n)
	}
	if _, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "x", IgnoreGyro: true, GyroOnly: true}); err == nil || err.Error() != "x: IgnoreGyro with GyroOnly: nothing would be read" {
		t.Errorf("IgnoreGyro with GyroOnly: %v", err)
	}
}

// TestCSVGyroOnlyStopsHint: a gyroscope file of its own (GyroOnly) that
// stops part way is not told to use IgnoreGyro or --acc-only, which GyroOnly
// and --gyro refuse, but to cut the file or analyse without it.
func TestCSVGyroOnlyStopsHint(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,gx (deg/s),gy (deg/s),gz (deg/s)\n")
	for i := range 3000 {
		if i < 1500 {
			fmt.Fprintf(&b, "%.2f,%d,1,2\n", float64(i)/100, i%7)
		} else {
			fmt.Fprintf(&b, "%.2f,,,\n", float64(i)/100)
		}
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "Gyroscope.csv", GyroOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var s Sample
	for {
		if err = r.Read(&s); err == io.EOF || errors.Is(err, ErrTooManyBadLines) {
			break
		}
	}
	if !errors.Is(err, ErrTooManyBadLines) || strings.Contains(err.Error(), "IgnoreGyro") || !strings.HasSuffix(err.Error(), "; the gyroscope stops part way: cut the file there, or analyse the acceleration without it") {
		t.Errorf("error %v", err)
	}
}

// TestCSVHeaderlessCounter: a headerless first column that counts up by 1
// is a sample counter or millis() at 1 kHz — a guess either way. Without
// a rate or time unit it is refused saying so (it was read as ms: a 1 kHz
// recording); with a rate it is a counter (T = line / rate); with the time
// unit ms it is a time.
func TestCSVHeaderlessCounter(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "%d,%.3f,%.3f,0.98\n", 1000+i, 0.1*math.Sin(float64(i)/5), 0.05*math.Cos(float64(i)/7))
	}
	for _, tc := range []struct {
		opt      CSVOptions
		describe string // "" when refused
	}{
		{CSVOptions{}, ""},
		{CSVOptions{Rate: 100}, "format=arduino time=none(index/100.0Hz) acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor"},
		{CSVOptions{TimeUnit: "ms"}, "format=arduino time=t(ms) acc=ax,ay,az(g detected) gyro=none rate=1000.0Hz frame=sensor"},
		{CSVOptions{TimeUnit: "none", Rate: 100}, "format=arduino time=none(index/100.0Hz) acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor"},
	} {
		tc.opt.Name = "counter.csv"
		r, err := NewCSVReader(strings.NewReader(b.String()), tc.opt)
		if tc.describe == "" {
			if !errors.Is(err, ErrNoRate) || !strings.Contains(err.Error(), "first column counts up by 1 (a sample counter, or millis() at 1 kHz?)") {
				t.Errorf("%+v: %v, want the rate asked for", tc.opt, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%+v: %v", tc.opt, err)
		}
		if d := r.Describe(); d != tc.describe {
			t.Errorf("%+v: describe %q, want %q", tc.opt, d, tc.describe)
		}
		if res := readAll(t, r); len(res.samples) != 200 || len(res.errs) > 0 {
			t.Errorf("%+v: %d samples, errors %v", tc.opt, len(res.samples), res.errs)
		}
	}
}

// TestCSVTimeJumpAhead: one line whose time jumps ahead of both its
// neighbours (a logger that wrote one wrong time) is the bad line, and the
// lines after it are read on the time before it. Refusing them as going
// backwards lost the rest of the file: every line until the clock passed
// the wrong time (an hour's file ended with "too many bad lines" five
// minutes in; in epoch ms the rest went silently). A real gap, where the
// lines after the jump go on from it, stands.
func TestCSVTimeJumpAhead(t *testing.T) {
	const n = 2000 // lines at 100 Hz
	// lines writes the n lines from t0 s (its times written × scale); the
	// rows in fixed get those times as written, and the rows from `from`
	// on (0: none) are by s later
	lines := func(t0, scale float64, fixed map[int]string, from int, by float64) string {
		var b strings.Builder
		b.WriteString("t,ax,ay,az\n")
		for i := range n {
			ts := t0 + float64(i)*0.01
			f := strconv.FormatFloat(ts*scale, 'f', -1, 64)
			if from > 0 && i >= from {
				f = strconv.FormatFloat(ts+by, 'f', 2, 64)
			}
			if e, ok := fixed[i]; ok {
				f = e
			}
			fmt.Fprintf(&b, "%s,0.1,0.2,0.97\n", f)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name     string
		in       string
		samples  int
		errs     []string
		ahead    int
		lastT    float64 // the last sample's time, s
		maxGapAt float64 // the longest interval between samples, s
	}{
		{"one line 60 s ahead", lines(0, 1, map[int]string{1200: "72.0"}, 0, 0),
			n - 1, []string{`jump.csv:1202: column "t": timestamp jumps ahead of the lines around it: 72 after 11.99, and line 1203 comes back to 12.01`}, 1, 19.99, 0.02},
		{"a misplaced decimal point", lines(0, 1, map[int]string{416: "416.0"}, 0, 0), // 4.16
			n - 1, []string{`jump.csv:418: column "t": timestamp jumps ahead of the lines around it: 416 after 4.15, and line 419 comes back to 4.17`}, 1, 19.99, 0.02},
		{"epoch ms, one line 1000 s ahead", lines(1.7e9, 1000, map[int]string{700: strconv.FormatFloat((1.7e9+7+1000)*1000, 'f', -1, 64)}, 0, 0),
			n - 1, nil, 1, 0, 0.02},
		// the first line's time ahead of the lines after it, which run on
		// steadily: it is the bad one (it stood, and the rest of the file
		// went backwards; a review)
		{"the first line 72 s ahead", lines(0, 1, map[int]string{0: "72.0"}, 0, 0),
			n - 1, []string{`jump.csv:2: column "t": timestamp jumps ahead of the lines around it: the first data line's time is ahead of the lines after it, which run on steadily from before it`}, 1, 19.98, 0.01},
		{"a real gap of 5 s", lines(0, 1, nil, 1000, 5), n, nil, 0, 24.99, 5.01},
		{"a gap at the last line", lines(0, 1, map[int]string{n - 1: "30"}, 0, 0), n, nil, 0, 30, 10.02},
		{"a gap, and the line after it repeats its time", lines(0, 1, map[int]string{500: "20", 501: "20"}, 502, 15.01), // two lines agree: the gap was real
			n - 1, []string{`jump.csv:503: column "t": duplicate timestamp: 20`}, 0, 35, 15.01},
		{"a wrong time inside a real gap", lines(0, 1, map[int]string{800: "90"}, 801, 3),
			n - 1, []string{`jump.csv:802: column "t": timestamp jumps ahead of the lines around it: 90 after 7.99, and line 803 comes back to 11.01`}, 1, 22.99, 3.02},
		{"gaps one after another", lines(0, 1, map[int]string{300: "10"}, 301, 17), n, nil, 0, 36.99, 10.01},
		{"a real gap, then a wrong time", lines(0, 1, map[int]string{1500: "60"}, 1401, 10),
			n - 1, []string{`jump.csv:1502: column "t": timestamp jumps ahead of the lines around it: 60 after 24.99, and line 1503 comes back to 25.01`}, 1, 29.99, 10.01},
		{"a real gap, and the line after it a wrong time", lines(0, 1, map[int]string{300: "10", 301: "20"}, 302, 7),
			n - 1, []string{`jump.csv:303: column "t": timestamp jumps ahead of the lines around it: 20 after 10, and line 304 comes back to 10.02`}, 1, 26.99, 7.01},
		// a line bad either way is reported as it comes, before the
		// jumped line's verdict (8.98: before 8.99, the line before the
		// jump, is not evidence)
		{"one line ahead, then one going back before it", lines(0, 1, map[int]string{900: "50", 901: "8.98"}, 0, 0),
			n - 2, []string{`jump.csv:903: column "t": timestamp goes backwards: 8.98 after 8.99`,
				`jump.csv:902: column "t": timestamp jumps ahead of the lines around it: 50 after 8.99, and line 904 comes back to 9.02`}, 1, 19.99, 0.03},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tc.in), CSVOptions{Name: "jump.csv"})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if len(res.samples) != tc.samples {
				t.Errorf("%d samples, want %d", len(res.samples), tc.samples)
			}
			if tc.errs != nil || len(res.errs) != 1 {
				if strings.Join(res.errs[:min(len(res.errs), 3)], "\n") != strings.Join(tc.errs, "\n") {
					t.Errorf("errors (%d):\n%s\nwant:\n%s", len(res.errs), strings.Join(res.errs[:min(len(res.errs), 3)], "\n"), strings.Join(tc.errs, "\n"))
				}
			}
			if st := res.stats; st.Bad.Ahead != tc.ahead || st.BadLines != n-tc.samples || st.Rows != n || st.Samples != tc.samples {
				t.Errorf("stats: ahead %d (want %d), bad %d, rows %d, samples %d", st.Bad.Ahead, tc.ahead, st.BadLines, st.Rows, st.Samples)
			}
			gap := 0.0
			for i := 1; i < len(res.samples); i++ {
				d := res.samples[i].T - res.samples[i-1].T
				if d <= 0 {
					t.Fatalf("sample %d: time %v after %v", i, res.samples[i].T, res.samples[i-1].T)
				}
				gap = max(gap, d)
			}
			if math.Abs(gap-tc.maxGapAt) > 1e-6 {
				t.Errorf("longest interval %.4f s, want %.4f", gap, tc.maxGapAt)
			}
			if last := res.samples[len(res.samples)-1].T - res.samples[0].T; tc.lastT > 0 && math.Abs(last-tc.lastT) > 1e-6 {
				t.Errorf("the samples span %.4f s, want %.4f", last, tc.lastT)
			}
		})
	}
}

// TestCSVJitterUnchanged: a stream whose intervals reach three to five
// periods one time in ten (a phone's logger) holds each such line on the
// two-period jump check, and
// every one is handed out in order, each as it was: the same samples as a
// reader that never holds one (jumpRaw +Inf).
func TestCSVJitterUnchanged(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	ts := 0.0
	for i := range 5000 {
		// mostly 8–12 ms, one in ten 30–50 ms
		if k := (i * 7919) % 97; k < 10 {
			ts += 0.03 + 0.002*float64(k)
		} else {
			ts += 0.008 + 0.004*float64(k)/96
		}
		fmt.Fprintf(&b, "%.6f,%.3f,0.2,0.97\n", ts, 0.001*float64(i%100))
	}
	read := func(noHold bool) result {
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "jitter.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if noHold {
			r.jumpRaw = math.Inf(1)
		} else if math.IsInf(r.jumpRaw, 1) {
			t.Fatal("no jump check")
		}
		return readAll(t, r)
	}
	got, want := read(false), read(true)
	held := 0
	for i := 1; i < len(got.samples); i++ {
		if got.samples[i].T-got.samples[i-1].T > 0.025 {
			held++
		}
	}
	if held < 400 {
		t.Errorf("%d intervals over 25 ms: the test holds too few lines", held)
	}
	if len(got.errs) != 0 || len(got.samples) != 5000 {
		t.Fatalf("%d samples, errors %q", len(got.samples), got.errs[:min(3, len(got.errs))])
	}
	for i := range got.samples {
		if got.samples[i] != want.samples[i] {
			t.Fatalf("sample %d: %+v, want %+v", i, got.samples[i], want.samples[i])
		}
	}
}

// TestCSVJunkBeforeData: lines a sensor writes after the header before its
// data — text ("calibrating…"), empty rows, a time with NaN cells (phyphox,
// for a sensor that has not started) — are bad lines, counted, however
// many up to the limit of bad lines in a row; the data after them is read
// whole at its own rate. 64 text lines refused the file as "not an IMU
// recording: no numeric data lines after the header", and 512 NaN rows
// filled the lookahead and refused it as well (a black-box round).
func TestCSVJunkBeforeData(t *testing.T) {
	data := func(t0 float64, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%.5f,%.4f,%.4f\n", t0+float64(i)/240, 1+0.3*math.Sin(float64(i)/10), 0.1*math.Cos(float64(i)/10))
		}
		return b.String()
	}
	for _, tc := range []struct {
		name   string
		junk   func(i int) string
		n      int
		bad    BadLineCounts
		errMsg string
	}{
		{"200 text lines", func(int) string { return "calibrating,please,wait" }, 200, BadLineCounts{Parse: 200}, ""},
		{"900 one-field lines", func(int) string { return "MPU6050 ready" }, 900, BadLineCounts{FieldCount: 900}, ""},
		{"900 empty rows", func(int) string { return ",," }, 900, BadLineCounts{Parse: 900}, ""},
		{"1000 text lines", func(int) string { return "calibrating,please,wait" }, 1000, BadLineCounts{Parse: 1000}, ""},
		{"600 rows of NaN", func(i int) string { return fmt.Sprintf("%.5f,NaN,NaN", float64(i)/240) }, 600, BadLineCounts{NonFinite: 600}, ""},
		{"1001 text lines", func(int) string { return "calibrating,please,wait" }, 1001, BadLineCounts{},
			"junk.csv:1: not an IMU recording: no numeric data lines in the 1001 lines after the header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("t,acc_v,acc_ap\n")
			for i := range tc.n {
				b.WriteString(tc.junk(i) + "\n")
			}
			b.WriteString(data(float64(tc.n)/240, 2000))
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "junk.csv"})
			if tc.errMsg != "" {
				if err == nil || err.Error() != tc.errMsg || !errors.Is(err, ErrNotRecording) {
					t.Fatalf("err %v, want %q", err, tc.errMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if len(res.samples) != 2000 || res.stats.Bad != tc.bad {
				t.Errorf("%d samples, bad lines %+v; want 2000, %+v (first errors %q)", len(res.samples), res.stats.Bad, tc.bad, res.errs[:min(2, len(res.errs))])
			}
			if l := r.Layout(); l.Rate != 240 {
				t.Errorf("rate %g Hz, want 240", l.Rate)
			}
		})
	}
}

// TestCSVQuotedDecimalComma: numbers with a decimal comma in quotes, every
// field quoted, with ";" or "," between them, are read as such. With the
// comma inside quotes the decimal mark was taken as ".", and the file was
// refused as having no numeric data lines (a black-box round).
func TestCSVQuotedDecimalComma(t *testing.T) {
	for _, tc := range []struct{ name, head, sep string }{
		{"semicolon", `"t";"acc_v";"acc_ap"`, ";"},
		{"semicolon, bare header", `t;acc_v;acc_ap`, ";"},
		{"comma", `"t","acc_v","acc_ap"`, ","},
		{"tab", `"t"	"acc_v"	"acc_ap"`, "\t"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(tc.head + "\n")
			for i := range 600 {
				v := []string{fmt.Sprintf("%.5f", float64(i)/100), fmt.Sprintf("%.5f", 1+0.3*math.Sin(float64(i)/10)), "-0.11149"}
				for k := range v {
					v[k] = `"` + strings.Replace(v[k], ".", ",", 1) + `"`
				}
				b.WriteString(strings.Join(v, tc.sep) + "\n")
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "eu.csv"})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if len(res.samples) != 600 || len(res.errs) != 0 {
				t.Fatalf("%d samples, errors %q", len(res.samples), res.errs[:min(2, len(res.errs))])
			}
			if s := res.samples[7]; math.Abs(s.T-0.07) > 1e-9 || math.Abs(s.Acc[1]-(-0.11149*G0)) > 1e-9 {
				t.Errorf("sample 7: %+v", s)
			}
		})
	}
}

func TestCommaDecimals(t *testing.T) {
	for _, tc := range []struct {
		fields []string
		want   bool
	}{
		{[]string{"0,78094", "-0,11149"}, true},
		{[]string{"12", "9,81"}, true},
		{[]string{"0,780"}, true}, // a zero integer part: no thousands
		{[]string{"1,234"}, false},
		{[]string{"16,384", "-2,048"}, false}, // raw counts with thousands separators
		{[]string{"1,5,2"}, false},
		{[]string{"a,5"}, false},
		{[]string{"0.5", "1.25"}, false},
	} {
		if got := commaDecimals(tc.fields); got != tc.want {
			t.Errorf("commaDecimals(%q) = %v, want %v", tc.fields, got, tc.want)
		}
	}
}

// TestCSVClipHeldValues: a logger that writes each value several times (a
// sensor read at 1000 Hz with a 240 Hz output rate) repeats its peak as it
// repeats every value; that is not a saturation plateau (every contact at
// its peak was flagged clipped). Clipped before being held, its plateau
// outlasts the holds and is found.
func TestCSVClipHeldValues(t *testing.T) {
	run := func(clip float64, hold int) float64 {
		var b strings.Builder
		b.WriteString("t,acc_v,acc_ap\n")
		for i := range 3000 {
			k := i / hold * hold // the value held from sample k
			x := float64(k) / 1000
			// a running trunk: a stance peak at 2.6 g at 2.9 steps/s
			v := 1 + 1.6*math.Max(0, math.Sin(2*math.Pi*2.9*x))*(1+0.01*float64(k%7)) - 0.6*math.Max(0, -math.Sin(2*math.Pi*2.9*x))
			if clip > 0 {
				v = math.Min(v, clip)
			}
			fmt.Fprintf(&b, "%.3f,%.4f,%.4f\n", float64(i)/1000, v, 0.2*math.Cos(2*math.Pi*2.9*x))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "held.csv"})
		if err != nil {
			t.Fatal(err)
		}
		return r.Layout().ClipAcc / G0
	}
	for _, tc := range []struct {
		clip float64
		hold int
		want float64
	}{
		{0, 1, 0}, {0, 4, 0}, {0, 5, 0}, {2, 1, 2}, {2, 4, 2}, {2, 5, 2},
	} {
		if got := run(tc.clip, tc.hold); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("clipped at %g g, each value held %d times: ClipAcc %g g, want %g", tc.clip, tc.hold, got, tc.want)
		}
	}
}

// TestCSVCoarseClock: a time column coarser than the sample period (240 Hz
// written to 0.01 s, 1200 or 2000 Hz in whole ms, rounded or cut) repeats
// on rows that differ: they are samples, timed one period apart at the
// rate the clock shows, and locked to its ticks. They were refused ("time
// column does not increase"), or read at the tick rate with the repeats
// dropped as duplicate timestamps (a sixth of them at 1200 Hz). Rows
// written twice are the other case: a time column whose repeats are bad
// lines.
func TestCSVCoarseClock(t *testing.T) {
	type variant struct {
		name       string
		rate, tick float64 // Hz; s
		floor      bool    // ticks cut, not rounded
		twice      bool    // every row written twice
		gapAt      int     // a 2 s gap before this row (0: none)
		wrongAt    int     // this row's time 60 s ahead (0: none)
		twiceEvery int     // every so many rows written twice (0: none)
		nanEvery   int     // every so many rows' cells NaN, from row 1000 (0: none)
	}
	for _, v := range []variant{
		{name: "240 Hz in 0.01 s", rate: 240, tick: 0.01},
		{name: "200 Hz in 0.01 s", rate: 200, tick: 0.01},
		{name: "120 Hz in 0.01 s", rate: 120, tick: 0.01},
		{name: "1200 Hz in whole ms, cut", rate: 1200, tick: 0.001, floor: true},
		{name: "2000 Hz in whole ms, cut", rate: 2000, tick: 0.001, floor: true},
		{name: "240 Hz in 0.01 s, a 2 s gap", rate: 240, tick: 0.01, gapAt: 1500},
		{name: "240 Hz, every row twice", rate: 240, tick: 0, twice: true},
		{name: "240 Hz in 0.01 s, one time 60 s ahead", rate: 240, tick: 0.01, wrongAt: 1800},
		// a row written again on a coarse clock is a duplicate, not a
		// sample (1200 Hz written twice read as 2400)
		{name: "1200 Hz in whole ms, cut, every row twice", rate: 1200, tick: 0.001, floor: true, twiceEvery: 1},
		{name: "240 Hz in 0.01 s, one row in 50 twice", rate: 240, tick: 0.01, twiceEvery: 50},
		// a bad line holds a sample's place (one NaN line put the next
		// samples a period early, every 97th shifted the whole timing)
		{name: "240 Hz in 0.01 s, a NaN line every 97", rate: 240, tick: 0.01, nanEvery: 97},
	} {
		t.Run(v.name, func(t *testing.T) {
			const n = 3000
			var b strings.Builder
			b.WriteString("t,acc_v,acc_ap\n")
			var truth []float64
			for i := range n {
				ts := 0.1234 + float64(i)/v.rate // (no tick exactly halfway)
				if v.gapAt > 0 && i >= v.gapAt {
					ts += 2
				}
				if i != v.wrongAt || i == 0 {
					truth = append(truth, ts)
				} else {
					ts += 60
				}
				stamp := strconv.FormatFloat(ts, 'f', 5, 64)
				if v.tick > 0 {
					k := math.Round(ts / v.tick)
					if v.floor {
						k = math.Floor(ts/v.tick + 1e-9)
					}
					stamp = strconv.FormatFloat(k*v.tick, 'f', 3, 64)
				}
				line := fmt.Sprintf("%s,%.5f,%.5f\n", stamp, 1+0.5*math.Sin(float64(i)/7), 0.2*math.Cos(float64(i)/5))
				if v.nanEvery > 0 && i >= 1000 && i%v.nanEvery == 0 {
					line = stamp + ",NaN,NaN\n"
					truth = truth[:len(truth)-1]
				}
				b.WriteString(line)
				if v.twice || v.twiceEvery > 0 && i%v.twiceEvery == 0 {
					b.WriteString(line)
				}
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "coarse.csv"})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if r.Layout().Rate != v.rate {
				t.Errorf("rate %g Hz, want %g", r.Layout().Rate, v.rate)
			}
			want := BadLineCounts{}
			switch {
			case v.twice:
				want.Duplicate = n
			case v.twiceEvery > 0:
				want.Duplicate = (n + v.twiceEvery - 1) / v.twiceEvery
			}
			if v.nanEvery > 0 {
				want.NonFinite = n - len(truth)
			}
			if v.wrongAt > 0 {
				want.Ahead = 1
			}
			if len(res.samples) != len(truth) || res.stats.Bad != want {
				t.Fatalf("%d samples, bad lines %+v; want %d, %+v", len(res.samples), res.stats.Bad, len(truth), want)
			}
			// times increase and lie near the true ones: within a tick
			// (the first sample starts at its tick); once the phase has
			// settled, off by a constant, the ticks' own mean offset
			// (within half a tick rounded, up to a tick early cut),
			// give or take a twentieth of a tick
			settledAt := func(i int) bool { return i >= 600 && (v.gapAt == 0 || i < v.gapAt || i >= v.gapAt+600) }
			bias, nb := 0.0, 0
			for i, s := range res.samples {
				if i > 0 && !(s.T > res.samples[i-1].T) {
					t.Fatalf("sample %d: time %v after %v", i, s.T, res.samples[i-1].T)
				}
				if settledAt(i) {
					bias += s.T - truth[i]
					nb++
				}
			}
			bias /= float64(nb)
			worst, settled := 0.0, 0.0
			for i, s := range res.samples {
				worst = max(worst, math.Abs(s.T-truth[i]))
				if settledAt(i) {
					settled = max(settled, math.Abs(s.T-truth[i]-bias))
				}
			}
			lo, hi := -v.tick/2, v.tick/2
			if v.floor {
				lo, hi = -v.tick, 0
			}
			switch {
			case v.tick == 0 && worst > 1e-5: // (written to 10 µs)
				t.Errorf("time off the truth by up to %.3f ms", 1e3*worst)
			case v.tick > 0 && (worst > v.tick+1e-9 || bias < lo-1e-9 || bias > hi+1e-9 || settled > 0.05*v.tick):
				t.Errorf("time off the truth by up to %.3f ms, by %+.3f ± %.3f ms once settled; want ≤ %.3f, %+.3f…%+.3f ± %.3f ms",
					1e3*worst, 1e3*bias, 1e3*settled, 1e3*v.tick, 1e3*lo, 1e3*hi, 50*v.tick)
			}
		})
	}
}

// TestCSVGyroGap: Stats.GyroGap is the longest run of consecutive lines
// refused for a gyroscope cell — a gyroscope that stops for a while, under
// the bad-line limit, whose lines a caller can read whole without it.
func TestCSVGyroGap(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az,gx,gy,gz\n")
	for i := range 3000 {
		tt := float64(i) / 100
		fmt.Fprintf(&b, "%.2f,%.4f,%.4f,9.81", tt, math.Sin(17*tt), math.Cos(11*tt))
		switch {
		case i >= 1200 && i < 1800, i%500 == 7: // 6 s without, and a few lone cells
			b.WriteString(",NaN,0.1,-0.2\n")
		case i == 2100:
			b.WriteString(",0.2,0.1,x\n")
		default:
			fmt.Fprintf(&b, ",%.4f,0.1,-0.2\n", math.Sin(3*tt))
		}
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "g.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	// lines 1202–1801 (600), and 5 lone cells outside them and 1 more
	if want := (LineRun{Line: 1202, Lines: 600}); r.Stats().GyroGap != want || len(res.samples) != 3000-600-5-1 {
		t.Errorf("gyro gap %+v, %d samples; want %+v, %d", r.Stats().GyroGap, len(res.samples), want, 3000-606)
	}
}

// TestCSVClipRails: an int16 range's two rails differ by one count
// (+32767 and −32768: +15.99951 and −16 g at 2048 per g); a run on the
// positive rail longer than the negative rail's was taken for the runs of
// held values and hid the clipping (a review). Both rails are the plateau.
func TestCSVClipRails(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 2000 {
		x := float64(i) / 200
		// impacts every 0.7 s, up and down by turns, the upward ones
		// wider: a longer run on the positive rail than the negative
		k, u := i/140, float64(i%140-20)
		v := 0.98 + 30*math.Exp(-u*u/40)
		if k%2 == 1 {
			v = 0.98 - 30*math.Exp(-u*u/8)
		}
		switch {
		case v > 15.99951:
			v = 15.99951
		case v < -16:
			v = -16
		}
		fmt.Fprintf(&b, "%.3f,%.5f,%.4f,0.98\n", x, v, 0.1*math.Cos(float64(i)/7))
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "rails.csv", AccUnit: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Layout().ClipAcc / G0; math.Abs(got-16) > 1e-9 {
		t.Errorf("ClipAcc %g g, want 16", got)
	}
}

// TestCSVFrozenClockNotCoarse: a clock that stops for 60 lines and goes on
// repeats its time in one long run, not tick by tick: its repeats are
// duplicate bad lines, every other time the file's own. Read as a coarse
// clock it made a 100 Hz file 115 Hz, samples off by up to 0.26 s (a
// review).
func TestCSVFrozenClockNotCoarse(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 3000 {
		ts := float64(i) * 0.01
		if i >= 200 && i < 260 {
			ts = 2
		}
		fmt.Fprintf(&b, "%.2f,%.4f,0.2,%.4f\n", ts, 0.1*math.Sin(float64(i)/7), 0.98+0.3*math.Cos(float64(i)/5))
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "frozen.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if r.Layout().Rate != 100 || len(res.samples) != 3000-59 || res.stats.Bad.Duplicate+res.stats.Bad.Backwards != 59 {
		t.Errorf("rate %g Hz, %d samples, bad %+v; want 100 Hz, %d samples, 59 repeats", r.Layout().Rate, len(res.samples), res.stats.Bad, 3000-59)
	}
	for _, s := range res.samples {
		if k := math.Round(s.T * 100); math.Abs(s.T-k/100) > 1e-9 {
			t.Fatalf("sample at %v s: off the file's 0.01 s times", s.T)
		}
	}
}

// TestCSVJumpEndsBadRun: a line held on a time jump read well and ends a
// run of bad lines: two runs of 600 around it are two, not one of 1201
// that stopped the reader (a review).
func TestCSVJumpEndsBadRun(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	ts := 0.0
	for i := range 5201 {
		ts += 0.01
		switch {
		case i >= 2000 && i < 2600, i >= 2601 && i < 3201:
			fmt.Fprintf(&b, "%.2f,NaN,0.2,0.98\n", ts)
		default:
			fmt.Fprintf(&b, "%.2f,0.1,0.2,%.4f\n", ts, 0.98+0.3*math.Cos(float64(i)/5))
		}
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "runs.csv"})
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if st := r.Stats(); len(res.samples) != 4001 || st.BadLines != 1200 || st.Rows != st.Samples+st.BadLines {
		t.Errorf("%d samples, stats %+v; want 4001, 1200 bad lines (last error %q)", len(res.samples), st, res.errs[len(res.errs)-1])
	}
}

// TestCSVUnreadHeld: a line held on a time jump when the caller restarts on
// lines that went back (a device's clock restarted, sensor/serial) is
// handed back by Unread, not lost.
func TestCSVUnreadHeld(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 600 {
		fmt.Fprintf(&b, "%.2f,0.1,0.2,%.4f\n", float64(i)/100, 0.98+0.3*math.Cos(float64(i)/5))
	}
	b.WriteString("9.00,0.1,0.2,0.5\n")
	for i := range 10 {
		fmt.Fprintf(&b, "%.2f,0.1,0.2,0.98\n", float64(i)/100)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "restart.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var s Sample
	samples, back := 0, 0
	for back < 3 {
		switch err := r.Read(&s); {
		case err == nil:
			samples++
		case errors.Is(err, ErrBackwards):
			back++
		default:
			t.Fatal(err)
		}
	}
	rest := string(r.Unread())
	if samples != 600 || !strings.HasPrefix(rest, "9.00,0.1,0.2,0.5\n0.03,") {
		t.Errorf("%d samples, then Unread %q", samples, rest[:min(len(rest), 60)])
	}
}

// TestCSVClockWrap: a time column held in a 16-, 24- or 32-bit counter
// (an Arduino's millis() or micros(), signed or not) wraps round; the
// lines after the wrap are read on, unwrapped, with no line lost and no
// gap. Refused as going backwards, they lost the rest of the file (an
// hour's micros() log after 71.6 minutes). One wrong time that matches no
// wrap is still the one bad line.
func TestCSVClockWrap(t *testing.T) {
	const n = 3000 // lines at 100 Hz
	for _, tc := range []struct {
		name   string
		header string
		start  float64 // raw time of line 0
		step   float64 // raw time per line
		wrap   func(x float64) float64
		wraps  int
		bad    int // line whose time is 5 (raw), -1 none
	}{
		{"millis uint32 after the lookahead", "millis,ax,ay,az", 1<<32 - 10000, 10, func(x float64) float64 { return math.Mod(x, 1<<32) }, 1, -1},
		{"millis uint32 in the lookahead", "millis,ax,ay,az", 1<<32 - 3000, 10, func(x float64) float64 { return math.Mod(x, 1<<32) }, 1, -1},
		{"millis int32", "time_ms,ax,ay,az", 1<<31 - 10000, 10, func(x float64) float64 { return math.Mod(x+1<<31, 1<<32) - 1<<31 }, 1, -1},
		{"micros uint32", "time_us,ax,ay,az", 1<<32 - 5_000_000, 10000, func(x float64) float64 { return math.Mod(x, 1<<32) }, 1, -1},
		{"ms uint16, twice", "ms,ax,ay,az", 60000, 40, func(x float64) float64 { return math.Mod(x, 1<<16) }, 2, -1},
		{"headerless in the lookahead", "", 1<<32 - 3000, 10, func(x float64) float64 { return math.Mod(x, 1<<32) }, 1, -1},
		{"a wrong time is no wrap", "millis,ax,ay,az", 100000, 10, func(x float64) float64 { return x }, 0, 2000},
	} {
		var b strings.Builder
		if tc.header != "" {
			b.WriteString(tc.header + "\n")
		}
		for i := range n {
			raw := tc.wrap(tc.start + float64(i)*tc.step)
			if i == tc.bad {
				raw = 5
			}
			fmt.Fprintf(&b, "%.0f,%.3f,%.3f,0.98\n", raw, 0.1*math.Sin(float64(i)/5), 0.05*math.Cos(float64(i)/7))
		}
		res, err := readString(t, b.String(), CSVOptions{Name: "wrap.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		wantBad := 0
		if tc.bad >= 0 {
			wantBad = 1
		}
		if len(res.samples) != n-wantBad || res.stats.BadLines != wantBad || res.stats.Bad.Backwards != wantBad || res.stats.ClockWraps != tc.wraps {
			t.Errorf("%s: %d samples, %d bad lines (%d backwards), %d wraps, errors %v; want %d, %d, %d wraps", tc.name, len(res.samples), res.stats.BadLines, res.stats.Bad.Backwards, res.stats.ClockWraps, res.errs, n-wantBad, wantBad, tc.wraps)
			continue
		}
		for i := 1; i < len(res.samples); i++ {
			want := 0.01
			if tc.step == 40 {
				want = 0.04
			}
			if i == tc.bad {
				want = 0.02 // the wrong line's place
			}
			if d := res.samples[i].T - res.samples[i-1].T; math.Abs(d-want) > 1e-9 {
				t.Errorf("%s: sample %d at %.6f s, %.6f s after the one before; want %.2f", tc.name, i, res.samples[i].T, d, want)
				break
			}
		}
		if tc.bad >= 0 && (len(res.errs) != 1 || !strings.Contains(res.errs[0], fmt.Sprintf("wrap.csv:%d: column \"millis\": timestamp goes backwards: 5 after 119990", tc.bad+2))) {
			t.Errorf("%s: errors %v", tc.name, res.errs)
		}
	}
}

// TestCSVClockReset: with ClockResets, a clock that restarts in a file (a
// board's reset during a capture: millis() back to 0, a banner before)
// is read on: the new clock's lines are timed resetGap after the old
// clock's last, none refused but the banner. Without the option, or for
// one or two wrong times, the lines going back are refused as before.
func TestCSVClockReset(t *testing.T) {
	const n = 3000 // lines at 100 Hz
	// file writes n lines of millis from 500000, the clock restarting at
	// 0 on line reset (-1: never) after a banner; wrong lines (index →
	// time) replace those lines' times
	file := func(header bool, reset int, wrong map[int]int) string {
		var b strings.Builder
		if header {
			b.WriteString("millis,ax,ay,az\n")
		}
		ms := 500000
		for i := range n {
			if i == reset {
				b.WriteString("MPU6050 Found!\n")
				ms = 0
			}
			tw := ms
			if w, ok := wrong[i]; ok {
				tw = w
			}
			fmt.Fprintf(&b, "%d,%.3f,%.3f,0.98\n", tw, 0.1*math.Sin(float64(i)/5), 0.05*math.Cos(float64(i)/7))
			ms += 10
		}
		return b.String()
	}
	for _, tc := range []struct {
		name             string
		header, resets   bool
		reset            int
		wrong            map[int]int
		samples, back    int // samples read, lines refused as going backwards
		clockResets, gap int // resets counted, sample index after the gap (0: none)
	}{
		{"after the lookahead", true, true, 2000, nil, n, 0, 1, 2000},
		{"in the lookahead, headerless", false, true, 300, nil, n, 0, 1, 300},
		{"three lines from the end", true, true, n - 3, nil, n, 0, 1, n - 3},
		{"two lines from the end", true, true, n - 2, nil, n - 2, 2, 0, 0},
		{"without the option", true, false, 2000, nil, 2000, 1000, 0, 0},
		{"one wrong time", true, true, -1, map[int]int{1500: 20}, n - 1, 1, 0, 0},
		{"two wrong times in a row", true, true, -1, map[int]int{1500: 20, 1501: 30}, n - 2, 2, 0, 0},
		{"one line after the restart at the end", true, true, n - 1, nil, n - 1, 1, 0, 0},
		{"the clock not read", false, false, 300, nil, n, 0, 0, 0},
		// lines written again (a logger replaying its buffer): refused
		// as going backwards, not a new clock (read as one, the rest of
		// the file was 3 s on and the replay analysed twice — a review)
		{"50 lines written again", true, true, -1, map[int]int{-50: 0}, n, 50, 0, 0},
	} {
		opt := CSVOptions{Name: "reset.csv", ClockResets: tc.resets, MaxBadLines: -1}
		if tc.name == "the clock not read" {
			// (the first column left unread: the rate times the lines,
			// and the banner, a line of another shape, takes no
			// sample's place)
			opt.TimeUnit, opt.Rate = "none", 100
		}
		text := file(tc.header, tc.reset, tc.wrong)
		if _, ok := tc.wrong[-50]; ok {
			tc.wrong = nil
			text = file(tc.header, tc.reset, nil)
			lines := strings.SplitAfter(text, "\n")
			// data lines 1950–1999 (line 0 the header) again after
			// data line 2000
			text = strings.Join(lines[:2002], "") + strings.Join(lines[1951:2001], "") + strings.Join(lines[2002:], "")
		}
		res, err := readString(t, text, opt)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		banner := 0
		if tc.reset >= 0 {
			banner = 1
		}
		if len(res.samples) != tc.samples || res.stats.Bad.Backwards != tc.back || res.stats.BadLines != tc.back+banner || res.stats.ClockResets != tc.clockResets {
			t.Errorf("%s: %d samples, %d bad lines (%d backwards), %d resets; want %d, %d (%d), %d", tc.name, len(res.samples), res.stats.BadLines, res.stats.Bad.Backwards, res.stats.ClockResets, tc.samples, tc.back+banner, tc.back, tc.clockResets)
			continue
		}
		for i := 1; i < len(res.samples); i++ {
			want := 0.01
			switch {
			case i == tc.gap:
				want = resetGap
			case tc.wrong != nil && i == 1500:
				want = 0.01 * float64(1+len(tc.wrong)) // the wrong lines' places
			}
			if d := res.samples[i].T - res.samples[i-1].T; math.Abs(d-want) > 1e-9 {
				t.Errorf("%s: sample %d at %.6f s, %.6f s after the one before; want %.2f", tc.name, i, res.samples[i].T, d, want)
				break
			}
		}
	}
}

// TestCSVDateTimeColumn: a time column of date and time text (Physics
// Toolbox's g-force meter on iOS, ISO 8601 with an offset) is read as Unix
// time; it was refused as not numeric, and --rate lost the phone's
// irregular timing (a black-box round).
func TestCSVDateTimeColumn(t *testing.T) {
	base := time.Date(2018, 10, 3, 17, 23, 55, 0, time.UTC)
	for _, tc := range []struct {
		name, layout string
		shift        time.Duration // the UTC time is the text's minus shift
	}{
		{"physics toolbox", "2006-01-02 15:04:05.0000", 0},
		{"ISO 8601 UTC", "2006-01-02T15:04:05.000Z07:00", 0},
		{"ISO 8601 offset", "2006-01-02T15:04:05.000000-07:00", 2 * time.Hour},
	} {
		var b strings.Builder
		b.WriteString("time,gFx,gFy,gFz,gFTotal\n")
		var want []float64
		for i := range 600 {
			d := time.Duration(i)*10*time.Millisecond + time.Duration(i%3)*time.Millisecond // 100 Hz, 1 ms jitter
			tt := base.Add(d)
			want = append(want, float64(tt.Unix())+float64(tt.Nanosecond())/1e9)
			fmt.Fprintf(&b, "%s,0.01,0.98,%.3f,0.98\n", tt.In(time.FixedZone("", int(tc.shift/time.Second))).Format(tc.layout), 0.1*math.Sin(float64(i)/5))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "ptb.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		res := readAll(t, r)
		if len(res.samples) != 600 || len(res.errs) > 0 {
			t.Errorf("%s: %d samples, errors %v", tc.name, len(res.samples), res.errs)
			continue
		}
		for i, s := range res.samples {
			if math.Abs(s.T-want[i]) > 1e-6 {
				t.Errorf("%s: sample %d at %.6f, want %.6f", tc.name, i, s.T, want[i])
				break
			}
		}
	}
	for _, bad := range []string{"2018-10-03 17:23:55.", "2018-13-03 17:23:55", "2018-10-03 17:23:55+0200", "2018/10-03 17:23:55", "2018-10-03 17:23",
		"13/17/2021 09:00:00", "5/17/21 09:00:00", "5/17-2021 09:00:00", "17.5/2021 09:00:00", "5/17/2021 13:00:00 PM", "5/17/2021 0:00:00 AM",
		"5/17/2021 09:00:00 XM", "5/17/2021 09:00:00 AMX", "5/17/2021 09:0:00", "5/17/2021 24:00:00", "123/5/2021 09:00:00", "20181-10-03 17:23:55", "5/17/2021"} {
		if _, ok := parseDateTime([]byte(bad), false); ok {
			t.Errorf("parseDateTime(%q) read", bad)
		}
	}
}

// TestParseDateTimeForms: the date forms research exports write —
// ActiGraph's M/d/yyyy (d/M/yyyy when its preamble or a day over 12 says
// so), yyyy/MM/dd, Axivity's yyyy-MM-dd — each read as the same instant.
func TestParseDateTimeForms(t *testing.T) {
	want := float64(time.Date(2021, 5, 7, 9, 3, 4, 0, time.UTC).Unix()) + 0.25
	for _, tc := range []struct {
		text     string
		dayFirst bool
	}{
		{"2021-05-07 09:03:04.250", false},
		{"2021-05-07T09:03:04,25Z", false},
		{"2021/05/07 09:03:04.250", false},
		{"5/7/2021 09:03:04.250", false},
		{"05/07/2021 9:03:04.250", false},
		{"7/5/2021 09:03:04.250", true},
		{`"07/05/2021 09:03:04.250"`, true},
		{"2021-05-07T11:03:04.250+02:00", false},
		{"07.05.2021 09:03:04.250", false},
		{"7.5.2021 09:03:04,250", true},
		{"07-05-2021 09:03:04.250", true},
		{"5-7-2021 09:03:04.250", false},
		{"5/7/2021 9:03:04.250 AM", false},
		{"5/7/2021 9:03:04.250 am", false},
	} {
		got, ok := parseDateTime([]byte(tc.text), tc.dayFirst)
		if !ok || math.Abs(got-want) > 1e-6 {
			t.Errorf("parseDateTime(%q, dayFirst %v) = %.3f, %v; want %.3f", tc.text, tc.dayFirst, got, ok, want)
		}
	}
	// dates that do not exist are not read (time.Date would carry them
	// into the next month); the 29th of February of a leap year is
	for _, tc := range []struct {
		text     string
		dayFirst bool
		ok       bool
	}{
		{"2021-02-31 00:00:00", false, false},
		{"2/31/2021 00:00:00", false, false},
		{"31/02/2021 00:00:00", true, false},
		{"2021-04-31T00:00:00Z", false, false},
		{"2021-02-29 00:00:00", false, false},
		{"1900-02-29 00:00:00", false, false},
		{"2020-02-29 00:00:00", false, true},
		{"2000-02-29 00:00:00", false, true},
		{"2021-12-31 23:59:59", false, true},
	} {
		if _, ok := parseDateTime([]byte(tc.text), tc.dayFirst); ok != tc.ok {
			t.Errorf("parseDateTime(%q, dayFirst %v): ok %v, want %v", tc.text, tc.dayFirst, ok, tc.ok)
		}
	}
	for text, h := range map[string]float64{"5/7/2021 9:03:04.250 PM": 12, "5/7/2021 12:03:04.250 PM": 3, "5/7/2021 12:03:04.250 AM": -9} {
		if got, ok := parseDateTime([]byte(text), false); !ok || math.Abs(got-want-3600*h) > 1e-6 {
			t.Errorf("parseDateTime(%q) = %.3f, %v; want %.3f", text, got, ok, want+3600*h)
		}
	}
	cell := []byte("5/7/2021 09:03:04.250")
	if n := testing.AllocsPerRun(100, func() { parseDateTime(cell, false) }); n != 0 {
		t.Errorf("parseDateTime allocates %v times a cell", n)
	}
}

// TestCSVAccRange: a range the user gives sets ClipAcc whatever the
// lookahead shows (a recording that starts standing: none found), and
// Describe says it was given; a lookahead value beyond it by over 1 %
// refuses the file naming the line and column (every contact reaching the
// wrong range would be flagged clipped); a range out of 1–50 g is refused.
func TestCSVAccRange(t *testing.T) {
	file := func(peak float64) string {
		var b strings.Builder
		b.WriteString("t,ax,ay,az\n")
		for i := range 600 {
			v := 0.98
			if i == 500 {
				v = peak // line 502
			}
			fmt.Fprintf(&b, "%.3f,0.01,%.4f,%.4f\n", float64(i)/100, 0.02*math.Sin(float64(i)), v)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name   string
		peak   float64 // g
		rng    float64 // g
		clip   float64 // g, want
		errHas string
	}{
		{"standing, none given", 0.98, 0, 0, ""},
		{"standing, 8 given", 0.98, 8, 8, ""},
		{"a rail's count past 8 g", 8.002, 8, 8, ""},
		{"12 g in a ±8 g part", 12, 8, 0, `accel.csv:502: the acceleration reads 12.00 g in column "az", beyond the accelerometer range given, ±8 g`},
		{"range under 1 g", 0.98, 0.5, 0, "invalid accelerometer range ±0.5 g"},
		{"range over 50 g", 0.98, 64, 0, "invalid accelerometer range ±64 g"},
	} {
		r, err := NewCSVReader(strings.NewReader(file(tc.peak)), CSVOptions{Name: "accel.csv", AccRange: tc.rng})
		switch {
		case tc.errHas != "":
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.errHas)
			}
			continue
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := r.Layout().ClipAcc / G0; math.Abs(got-tc.clip) > 1e-9 {
			t.Errorf("%s: ClipAcc %g g, want %g", tc.name, got, tc.clip)
		}
		if given := strings.Contains(r.Describe(), "(given)"); given != (tc.rng > 0) {
			t.Errorf("%s: Describe %q", tc.name, r.Describe())
		}
	}
	// a gyroscope's own file (GyroOnly, analyze --gyro) has no
	// accelerometer to limit: its description said "clip=78.5m/s²(given)"
	var b strings.Builder
	b.WriteString("t,gx,gy,gz\n")
	for i := range 600 {
		fmt.Fprintf(&b, "%.3f,%.2f,%.2f,%.2f\n", float64(i)/100, 100*math.Sin(float64(i)/10), 5.0, -3.0)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "gyro.csv", GyroOnly: true, GyroUnit: "dps", AccRange: 8})
	if err != nil {
		t.Fatal(err)
	}
	if r.Layout().ClipAcc != 0 || strings.Contains(r.Describe(), "clip") {
		t.Errorf("gyroscope file: ClipAcc %g, Describe %q", r.Layout().ClipAcc, r.Describe())
	}
	// a user acceleration (GravityFree) over the range by gravity's share
	// of the axis is read: the range bounds the sum with gravity
	user := func(peak float64) string {
		return strings.ReplaceAll(file(peak), ",0.9800\n", ",0.0000\n")
	}
	r, err = NewCSVReader(strings.NewReader(user(8.9)), CSVOptions{Name: "accel.csv", GravityFree: true, AccUnit: "g", AccRange: 8})
	if err != nil {
		t.Errorf("user acceleration 8.9 g, ±8 g part: %v", err)
	} else if r.Layout().ClipAcc != 8*G0 {
		t.Errorf("user acceleration: ClipAcc %g", r.Layout().ClipAcc)
	}
	if _, err := NewCSVReader(strings.NewReader(user(9.2)), CSVOptions{Name: "accel.csv", GravityFree: true, AccUnit: "g", AccRange: 8}); err == nil || !strings.Contains(err.Error(), "accel.csv:502: the acceleration reads 9.20 g") {
		t.Errorf("user acceleration 9.2 g, ±8 g part: %v", err)
	}
}

// TestCSVNegatedVertical: an anatomical acc_v that averages under −0.5 g
// over the lookahead points down and is read negated, said in Stats and
// Describe; one that points up, and a sensor-frame axis at −1 g (levelled
// by the engine from gravity), are read as given.
func TestCSVNegatedVertical(t *testing.T) {
	file := func(header string, v float64) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range 600 {
			fmt.Fprintf(&b, "%.2f,%.4f,%.4f\n", float64(i)/100, v+0.3*math.Sin(float64(i)/5), 0.05*math.Cos(float64(i)/5))
		}
		return b.String()
	}
	for _, tc := range []struct {
		header string
		v      float64 // g, the first channel's mean
		neg    bool
	}{
		{"t,acc_v,acc_ap", -1, true},
		{"t,acc_v,acc_ap", 1, false},
		{"t,az,ax", -1, false},
	} {
		r, err := NewCSVReader(strings.NewReader(file(tc.header, tc.v)), CSVOptions{Name: "v.csv", AccUnit: "g"})
		if err != nil {
			t.Fatal(err)
		}
		var s Sample
		if err := r.Read(&s); err != nil {
			t.Fatal(err)
		}
		col := 0 // the first value column's channel
		if r.Layout().Frame == FrameSensor {
			col = 2
		}
		want := tc.v * G0
		if tc.neg {
			want = -want
		}
		if st := r.Stats(); st.NegatedV != tc.neg || math.Abs(s.Acc[col]-want) > 1e-9 || strings.Contains(r.Describe(), "negated") != tc.neg {
			t.Errorf("%s at %g g: negated %v (mean %.2f), first sample %.3f m/s² (want %.3f), %q", tc.header, tc.v, st.NegatedV, st.MeanV, s.Acc[col], want, r.Describe())
		}
	}
}

// TestCSVAccRangeOverPlateau: a range given over the saturation plateau
// the lookahead shows (±16 g given, the part set to ±8 g) keeps the
// plateau as the limit, said in Describe: the contacts at it are flagged
// (none were, and their impacts read as the runner's); a range at the
// plateau is the range.
func TestCSVAccRangeOverPlateau(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 1000 {
		u := float64(i%70 - 10)
		v := math.Min(1+12*math.Exp(-u*u/6), 8) // impacts held at 8 g
		fmt.Fprintf(&b, "%.2f,0.05,%.3f,%.4f\n", float64(i)/100, 0.1*math.Sin(float64(i)/9), v)
	}
	for _, tc := range []struct {
		rng, clip float64
		plateau   bool
	}{{16, 8, true}, {8, 8, false}, {0, 8, false}} {
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "shank.csv", AccRange: tc.rng})
		if err != nil {
			t.Fatal(err)
		}
		said := strings.Contains(r.Describe(), "a saturation plateau under the range given, ±16 g")
		if got := r.Layout().ClipAcc / G0; math.Abs(got-tc.clip) > 1e-6 || said != tc.plateau {
			t.Errorf("range %g: ClipAcc %.3f g, want %g; %q", tc.rng, got, tc.clip, r.Describe())
		}
	}
}

// TestCSVOverflowNamed: a value that overflows in m/s² (1e308 g) is a bad
// line that names it as written; it read "absurd magnitude: +Inf m/s²".
func TestCSVOverflowNamed(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\n")
	for i := range 700 {
		az := "0.98"
		if i == 600 {
			az = "1e308"
		}
		fmt.Fprintf(&b, "%.2f,0.01,0.02,%s\n", float64(i)/100, az)
	}
	res, err := readString(t, b.String(), CSVOptions{Name: "big.csv", AccUnit: "g"})
	if err != nil {
		t.Fatal(err)
	}
	bad := res.errs
	want := `big.csv:602: column "az": absurd magnitude: 1e+308 in the file's unit (limit 490.3 m/s², 50 g)`
	if len(bad) != 1 || bad[0] != want {
		t.Errorf("bad lines %q, want %q", bad, want)
	}
}

// TestCSVTimeMinutes: a time column named in minutes (t_min, "time
// (min)") is read as such; it was refused ("set the sample rate": a step
// of 0.000167 read as seconds is 6000 Hz, a black-box round).
func TestCSVTimeMinutes(t *testing.T) {
	for _, head := range []string{"t_min", "time (min)"} {
		var b strings.Builder
		b.WriteString(head + ",ax,ay,az\n")
		for i := range 600 {
			fmt.Fprintf(&b, "%.8f,0.01,0.02,%.4f\n", float64(i)/100/60, 1+0.3*math.Sin(float64(i)/5))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "min.csv"})
		if err != nil {
			t.Fatalf("%s: %v", head, err)
		}
		res := readAll(t, r)
		if len(res.samples) != 600 || math.Abs(res.samples[599].T-5.99) > 1e-6 || math.Abs(r.Layout().Rate-100) > 0.01 {
			t.Errorf("%s: %d samples, last at %v s, rate %v Hz", head, len(res.samples), res.samples[len(res.samples)-1].T, r.Layout().Rate)
		}
	}
}

// TestCSVPlotterLookahead: Serial Plotter lines count among the
// lookahead's data lines. They did not (their finite values were not
// counted, and lines without two were kept out since rows of NaN cells
// are), so a reader of a stream that stays open — a serial port — read
// 1 MiB of them before its first sample; lines of NaN values still do not
// count.
func TestCSVPlotterLookahead(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		for i := range 300 {
			fmt.Fprintf(pw, "AccelX:%.3f,AccelY:0.02,AccelZ:%.3f\r\n", 0.01*float64(i%7), 1+0.05*float64(i%5))
		}
	}()
	done := make(chan error, 1)
	var r *CSVReader
	go func() {
		var err error
		r, err = NewCSVReader(pr, CSVOptions{Name: "tty", Rate: 100, Lookahead: 100})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the reader waits for more than 100 plotter lines (the stream stays open)")
	}
	var s Sample
	if err := r.Read(&s); err != nil || s.T != 0 || math.Abs(s.Acc[2]-G0) > 1e-9 {
		t.Errorf("first sample %+v, %v", s, err)
	}
	for _, c := range []struct {
		line string
		fin  int
	}{{"AccelX:0.1,AccelY:0.2,AccelZ:1", 3}, {"a:nan,b:NaN,c:1", 1}, {"x:1e999,y:2", 1}} {
		if got := classifyLine([]byte(c.line)); got.kind != linePlotter || got.finite != c.fin {
			t.Errorf("%q: kind %v, %d finite; want plotter, %d", c.line, got.kind, got.finite, c.fin)
		}
	}
}

// TestCSVStatedRate: a rate the lines before the data state times a file
// without a time column, in each form statedRate's doc lists, in Hz
// whether it says so or not, in kHz as such; a number in a unit of time
// (a period) or in baud is no sample rate, and the file then asks for one
// (ErrNoRate).
func TestCSVStatedRate(t *testing.T) {
	var b strings.Builder
	b.WriteString("count,ax,ay,az\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%d,0.01,%.3f,0.98\n", i, 0.02*math.Sin(float64(i)))
	}
	data := b.String()
	for _, tc := range []struct {
		pre  string
		rate float64 // 0: no rate stated
	}{
		{"# data_rate: 100 Hz\n", 100},
		{"// Update Rate: 100.0Hz\n", 100},
		{"Output rate:,60Hz,\n", 60},
		{"# Sampling rate (Hz): 50\n", 50},
		{"# sample rate: 200\n", 200},
		{"# Sample rate: 100 samples/s\n", 100},
		{"# sample rate: 1 kHz\n", 1000},
		{"# Sampling rate: 1.6kHz\n", 1600},
		{"# Sampling rate (kHz): 0.5\n", 500},
		{"# Sample rate (ms): 10\n", 0},
		{"# data rate: 10 ms\n", 0},
		{"# sample rate: 0.02 s\n", 0},
		{"# data rate: 115200 baud\n", 0},
		{"# Data rate: 921600 bps\n", 0},
	} {
		r, err := NewCSVReader(strings.NewReader(tc.pre+data), CSVOptions{})
		if tc.rate == 0 {
			if !errors.Is(err, ErrNoRate) {
				t.Errorf("%q: err %v, want ErrNoRate (not a sample rate)", tc.pre, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.pre, err)
			continue
		}
		if got := r.Layout().Rate; math.Abs(got-tc.rate) > 1e-9 {
			t.Errorf("%q: rate %v Hz, want %v (%s)", tc.pre, got, tc.rate, r.Describe())
		}
	}
}

// TestCSVUnitsRowRaw: a units row that marks a channel's only columns
// RAW (ADC counts) keeps them: their unit is found from gravity, or given
// (raw:<LSB per g>). They were dropped, and the file refused as "no
// acceleration columns in header: t,ax,ay,az" even with --acc-unit. A RAW
// column beside a calibrated one of its channel is not read (TestCSVFormats:
// ShimmerCapture's RAW timestamp).
func TestCSVUnitsRowRaw(t *testing.T) {
	var b strings.Builder
	b.WriteString("t,ax,ay,az\nms,RAW,RAW,RAW\n")
	for i := range 100 {
		fmt.Fprintf(&b, "%d,%d,%d,%d\n", i*10, 100+i%7, 200, 16384)
	}
	_, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{})
	if !errors.Is(err, ErrUnit) || !strings.Contains(err.Error(), "raw:<lsb_per_g>") {
		t.Errorf("no unit given: %v, want ErrUnit asking for raw:<lsb_per_g>", err)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{AccUnit: "raw:16384"})
	if err != nil {
		t.Fatal(err)
	}
	var s Sample
	if err := r.Read(&s); err != nil {
		t.Fatal(err)
	}
	want := [3]float64{100 * G0 / 16384, 200 * G0 / 16384, G0}
	for k := range 3 {
		if math.Abs(s.Acc[k]-want[k]) > 1e-9 {
			t.Errorf("acc %v, want %v (%s)", s.Acc, want, r.Describe())
			break
		}
	}
}

// TestCSVActiGraphNoColumnHeader: an ActiLife raw export written without
// its column header (the export's "column headers" unchecked) is timed by
// its preamble's "at 100 Hz", as with the header; it was refused as a
// headerless file without a time column (a black-box round).
func TestCSVActiGraphNoColumnHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format M/d/yyyy at 100 Hz  Filter Normal -----------\r\n" +
		"Serial Number: MOS2E22180349\r\nStart Time 09:00:00\r\nStart Date 5/17/2021\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n" +
		"Download Time 10:12:31\r\nDownload Date 5/17/2021\r\nCurrent Memory Address: 0\r\nCurrent Battery Voltage: 4.21     Mode = 12\r\n" +
		"--------------------------------------------------\r\n")
	for i := range 600 {
		fmt.Fprintf(&b, "%.3f,%.3f,%.3f\r\n", 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "RAW.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Describe(), "time=none(index/100.0Hz from the ActiGraph header, line 1)"; !strings.Contains(got, want) {
		t.Errorf("describe %q, want %q", got, want)
	}
	if l := r.Layout(); l.Rate != 100 {
		t.Errorf("rate %v, want 100", l.Rate)
	}
}

// TestCSVActiGraphLocaleDates: an ActiLife export's Timestamp column in
// the date format of a German (dd.MM.yyyy) or Dutch (dd-MM-yyyy) locale,
// or on a 12-hour clock, is its time column, read on its own time base
// across midnight; it was passed over as not numeric and the samples
// timed by the preamble's rate from 0, the file's time base lost without
// a word (a black-box round).
func TestCSVActiGraphLocaleDates(t *testing.T) {
	base := time.Date(2021, 11, 3, 23, 59, 58, 0, time.UTC) // 3 → 4 November
	for _, tc := range []struct{ format, layout string }{
		{"dd.MM.yyyy", "02.01.2006 15:04:05.000"},
		{"dd-MM-yyyy", "02-01-2006 15:04:05.000"},
		{"M/d/yyyy", "1/2/2006 3:04:05.000 PM"},
	} {
		var b strings.Builder
		b.WriteString("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format " + tc.format + " at 100 Hz  Filter Normal -----------\r\n" +
			"Serial Number: MOS2E22180349\r\nStart Time 23:59:58\r\nStart Date 03.11.2021\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n" +
			"--------------------------------------------------\r\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
		for i := range 600 {
			at := base.Add(time.Duration(i) * 10 * time.Millisecond)
			fmt.Fprintf(&b, "%s,%.3f,%.3f,%.3f\r\n", at.Format(tc.layout), 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "RAW.csv"})
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		if got := r.Describe(); !strings.Contains(got, "time=Timestamp(s detected)") {
			t.Errorf("%s: describe %q", tc.format, got)
		}
		var s Sample
		var first, last float64
		n := 0
		for {
			if err := r.Read(&s); err != nil {
				break
			}
			if n == 0 {
				first = s.T
			}
			last = s.T
			n++
		}
		if n != 600 || math.Abs(first-float64(base.Unix())) > 1e-3 || math.Abs(last-first-5.99) > 1e-3 {
			t.Errorf("%s: %d samples, T %.3f … %.3f; want 600 from %d over 5.99 s", tc.format, n, first, last, base.Unix())
		}
	}
}

// TestCSVStatedRateUnreadTime: a time column that cannot be read (a date
// form not known), passed over for the rate a preamble states, is named
// in the description: the samples are timed from 0, not on the file's
// clock. It was passed over without a word (a black-box round).
func TestCSVStatedRateUnreadTime(t *testing.T) {
	var b strings.Builder
	b.WriteString("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format yyyy.MM.dd at 100 Hz  Filter Normal -----------\r\n" +
		"Epoch Period (hh:mm:ss) 00:00:00\r\n--------------------------------------------------\r\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
	for i := range 600 {
		fmt.Fprintf(&b, "2021.11.03 10:00:%06.3f,%.3f,%.3f,%.3f\r\n", float64(i)/100, 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5), 0.02)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "RAW.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Describe(), `time=none(index/100.0Hz from the ActiGraph header, line 1; time column "Timestamp" is not numeric, not read)`; !strings.Contains(got, want) {
		t.Errorf("describe %q, want %q", got, want)
	}
}

// TestCSVAxivityExtraColumns: cwa-convert's -light, -temp and -batt add
// columns after an Axivity export's channels. An AX3's three (light,
// temperature, battery) were read as a gyroscope in deg/s; two of them
// had the date read as ax, or the file refused as lacking a rate; an
// AX6's were refused as 10 columns (a black-box round). Now the
// accelerometer (and the AX6's gyroscope) are read and the rest said not
// read; a still AX6's gyroscope, offsets and noise, is still a gyroscope.
func TestCSVAxivityExtraColumns(t *testing.T) {
	base := time.Date(2014, 5, 7, 9, 37, 29, 0, time.UTC)
	file := func(gyro bool, extra func(i int) string) string {
		var b strings.Builder
		for i := range 700 {
			x := float64(i)
			fmt.Fprintf(&b, "%s,%.6f,%.6f,%.6f", base.Add(time.Duration(i)*10*time.Millisecond).Format("2006-01-02 15:04:05.000"),
				0.1*math.Sin(x/9), 1+0.4*math.Sin(x/6), 0.05*math.Cos(x/11))
			if gyro {
				fmt.Fprintf(&b, ",%.3f,%.3f,%.3f", 1.2+0.3*math.Sin(x*1.7), -0.8+0.25*math.Cos(x*2.3), 0.4+0.2*math.Sin(x*3.1))
			}
			b.WriteString(extra(i) + "\n")
		}
		return b.String()
	}
	light := func(i int) string { return fmt.Sprintf(",%d", 200+i%7) }
	ltb := func(i int) string { return fmt.Sprintf(",%d,%.1f,%.2f", 200+i%7, 25.3+float64(i%5)/1000, 4.05) }
	lt := func(i int) string { return fmt.Sprintf(",%d,%.1f", 200+i%7, 25.3) }
	none := func(int) string { return "" }
	for _, tc := range []struct {
		name string
		text string
		gyro bool
		note string
	}{
		{"ax3 light temp batt", file(false, ltb), false, "(columns 5–7 not read: column 6 is steady at 25.3, not an angular rate: light, temperature, battery?)"},
		{"ax3 light temp", file(false, lt), false, "(columns 5–6 not read: light, temperature, battery?)"},
		{"ax3 light", file(false, light), false, "(column 5 not read: light, temperature, battery?)"},
		{"ax6 light temp batt", file(true, ltb), true, "(columns 8–10 not read: light, temperature, battery?)"},
		{"ax6 still", file(true, none), true, ""},
	} {
		r, err := NewCSVReader(strings.NewReader(tc.text), CSVOptions{Name: "ax.csv"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		d := r.Describe()
		if !strings.Contains(d, "time=t(s detected) acc=ax,ay,az(g detected)") || r.Layout().HasGyro() != tc.gyro ||
			tc.note != "" && !strings.Contains(d, tc.note) || tc.note == "" && strings.Contains(d, "not read") {
			t.Errorf("%s: %q, gyro %v; want gyro %v and %q", tc.name, d, r.Layout().HasGyro(), tc.gyro, tc.note)
		}
		var s Sample
		if err := r.Read(&s); err != nil || math.Abs(s.T-float64(base.Unix())) > 1e-3 {
			t.Errorf("%s: first sample at %.3f (%v), want %d", tc.name, s.T, err, base.Unix())
		}
	}
}

// TestCSVFreeAccRefused: an Xsens/Movella export holding free acceleration
// only (a DOT's "Complete" measurement mode: Euler or quaternion and
// FreeAcc_X…, gravity removed in the Earth frame) is refused saying what
// it holds and what to record instead; it was refused as having no
// acceleration columns (a black-box round).
func TestCSVFreeAccRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("DOT Data Exporter,v2023.6.0,\nOutput rate:,60Hz,\n\nPacketCounter,SampleTimeFine,Euler_X,Euler_Y,Euler_Z,FreeAcc_X,FreeAcc_Y,FreeAcc_Z\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%d,%d,1.5,-2.5,90.0,%.4f,%.4f,%.4f\n", i, 3000000+16667*i, 0.3*math.Sin(float64(i)/5), 0.1, 2*math.Sin(float64(i)/7))
	}
	_, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "dot.csv"})
	if err == nil || !strings.Contains(err.Error(), "FreeAcc_X… is free acceleration: gravity removed, in the Earth frame; record or export the sensor's acceleration, Acc_X,Acc_Y,Acc_Z") {
		t.Errorf("err %v", err)
	}
}

// TestCSVSensorLogMotionOnly: SensorLog logging Core Motion's device
// motion without its accelerometer is read as user acceleration plus
// gravity, negated as the accelerometer's columns are (Core Motion reads
// −1 g up), on device motion's clock; it was refused saying to log the
// accelerometer too. User acceleration without gravity is still refused.
func TestCSVSensorLogMotionOnly(t *testing.T) {
	const hdr = "loggingTime(txt),loggingSample(N),motionTimestamp_sinceReboot(s),motionUserAccelerationX(G),motionUserAccelerationY(G),motionUserAccelerationZ(G)"
	user := func(i int) [3]float64 {
		return [3]float64{0.3 * math.Sin(float64(i)/5), 0.01, 0.02 + 0.1*math.Cos(float64(i)/3)}
	}
	grav := func(i int) [3]float64 { return [3]float64{0.05 * math.Sin(float64(i)/50), -0.99, -0.1} }
	var b strings.Builder
	b.WriteString(hdr + ",motionGravityX(G),motionGravityY(G),motionGravityZ(G),motionRotationRateX(rad/s),motionRotationRateY(rad/s),motionRotationRateZ(rad/s)\n")
	for i := range 300 {
		u, g := user(i), grav(i)
		fmt.Fprintf(&b, "2019-04-01 10:00:00.000 +0200,%d,%.2f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,0.1,0.2,0.3\n", i, 84211.25+float64(i)/100, u[0], u[1], u[2], g[0], g[1], g[2])
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "sensorlog.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Describe(), "time=motionTimestamp_sinceReboot(s) acc=motionUserAccelerationX,motionUserAccelerationY,motionUserAccelerationZ(g)(plus gravity, motionGravityX,motionGravityY,motionGravityZ)(negated: Apple Core Motion reads -1 g up) gyro=motionRotationRateX,motionRotationRateY,motionRotationRateZ(rad/s)"; !strings.Contains(got, want) {
		t.Errorf("describe %q, want %q in it", got, want)
	}
	res := readAll(t, r)
	if len(res.samples) != 300 || len(res.errs) != 0 || !res.stats.Mirrored {
		t.Fatalf("%d samples, errors %v, mirrored %v; want 300, none, true", len(res.samples), res.errs, res.stats.Mirrored)
	}
	for i, s := range res.samples {
		u, g := user(i), grav(i)
		for k := range 3 {
			want := -(math.Round(u[k]*1e4) + math.Round(g[k]*1e4)) / 1e4 * G0
			if math.Abs(s.Acc[k]-want) > 1e-9 {
				t.Fatalf("sample %d acc[%d] %v, want %v", i, k, s.Acc[k], want)
			}
		}
		if math.Abs(s.T-(84211.25+float64(i)/100)) > 1e-6 || s.Gyr != [3]float64{0.1, 0.2, 0.3} {
			t.Fatalf("sample %d: T %v gyr %v", i, s.T, s.Gyr)
		}
	}

	b.Reset()
	b.WriteString(hdr + "\n")
	for i := range 300 {
		u := user(i)
		fmt.Fprintf(&b, "2019-04-01 10:00:00.000 +0200,%d,%.2f,%.4f,%.4f,%.4f\n", i, 84211.25+float64(i)/100, u[0], u[1], u[2])
	}
	_, err = NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "sensorlog.csv"})
	if !errors.Is(err, ErrNoGravity) || !strings.Contains(err.Error(), "log SensorLog's accelerometer too") {
		t.Errorf("user acceleration alone: err %v", err)
	}
}

// TestCSVShimmerDevices: a Consensys export of two devices side by side
// (one's low-noise accelerometer and gyroscope, the other's wide-range
// accelerometer and gyroscope) reads one device's channels, the first
// with an accelerometer, and says the other's are not read. Read by role,
// its time and gyroscope came from the first device and its accelerometer
// from the second (a black-box round).
func TestCSVShimmerDevices(t *testing.T) {
	const a, b = "Shimmer_D0C4_", "Shimmer_5F29_"
	names := []string{a + "Timestamp_Unix_CAL", a + "Accel_LN_X_CAL", a + "Accel_LN_Y_CAL", a + "Accel_LN_Z_CAL", a + "Gyro_X_CAL", a + "Gyro_Y_CAL", a + "Gyro_Z_CAL",
		b + "Timestamp_Unix_CAL", b + "Accel_WR_X_CAL", b + "Accel_WR_Y_CAL", b + "Accel_WR_Z_CAL", b + "Gyro_X_CAL", b + "Gyro_Y_CAL", b + "Gyro_Z_CAL"}
	var sb strings.Builder
	sb.WriteString("\"sep=,\"\n" + strings.Join(names, ",") + "\n" + strings.Repeat("ms,m/(s^2),m/(s^2),m/(s^2),deg/s,deg/s,deg/s,", 2) + "\n")
	for i := range 600 {
		x := float64(i)
		fmt.Fprintf(&sb, "%.3f,%.4f,9.6,0.3,%.3f,5,1,%.3f,%.4f,-9.6,-0.3,%.3f,-5,-1\n", 1621242000000+10*x, 3*math.Sin(x/5), 40*math.Sin(x/7), 1621242000000+10*x, -3*math.Sin(x/5), -40*math.Sin(x/7))
	}
	r, err := NewCSVReader(strings.NewReader(sb.String()), CSVOptions{Name: "consensys.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := "time=Shimmer_D0C4_Timestamp_Unix_CAL(ms) acc=Shimmer_D0C4_Accel_LN_X_CAL,Shimmer_D0C4_Accel_LN_Y_CAL,Shimmer_D0C4_Accel_LN_Z_CAL(m/s²) gyro=Shimmer_D0C4_Gyro_X_CAL,Shimmer_D0C4_Gyro_Y_CAL,Shimmer_D0C4_Gyro_Z_CAL(deg/s) (Shimmer_5F29's columns not read: one device a recording)"
	if got := r.Describe(); !strings.Contains(got, want) {
		t.Errorf("describe %q, want %q", got, want)
	}
}

// TestCSVDateOrderAtMidnight: dates d/M/yyyy whose numbers are all 12 or
// under in the lookahead are read month first; at the first change of day
// they show their order (a day apart read day first, a month read month
// first) and are read on day first, on the time base of the lines
// before: the clock runs on. The day's change was read as a month's
// jump, a recording of 30 s lasting 30 days with a gap (a black-box
// round). Dates month first across midnight are left as they are.
func TestCSVDateOrderAtMidnight(t *testing.T) {
	for _, tc := range []struct {
		layout string
		at     int // DayFirstAt, want
		base   time.Time
	}{
		{"02/01/2006 15:04:05.000", 1002, time.Date(2021, 11, 3, 23, 59, 50, 0, time.UTC)},
		{"01/02/2006 15:04:05.000", 0, time.Date(2021, 11, 3, 23, 59, 50, 0, time.UTC)},
		{"2/1/2006 15:04:05.000", 1002, time.Date(2021, 11, 3, 23, 59, 50, 0, time.UTC)},
		// midnight inside the lookahead: its own line (it named the
		// lookahead's end, line 513 — a review)
		{"02/01/2006 15:04:05.000", 52, time.Date(2021, 11, 3, 23, 59, 59, 500e6, time.UTC)},
	} {
		base := tc.base
		var b strings.Builder
		b.WriteString("Timestamp,ax,ay,az\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "%s,%.3f,%.3f,0.02\n", base.Add(time.Duration(i)*10*time.Millisecond).Format(tc.layout), 0.05*math.Sin(float64(i)/7), 1+0.3*math.Sin(float64(i)/5))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "dates.csv"})
		if err != nil {
			t.Fatal(err)
		}
		var s Sample
		last, worst, n := math.NaN(), 0.0, 0
		for r.Read(&s) == nil {
			if n > 0 {
				worst = max(worst, math.Abs(s.T-last-0.01))
			}
			last = s.T
			n++
		}
		if n != 2000 || worst > 1e-3 || r.Stats().DayFirstAt != tc.at {
			t.Errorf("%s: %d samples, a step off by %.3f s, DayFirstAt %d; want 2000, none, %d", tc.layout, n, worst, r.Stats().DayFirstAt, tc.at)
		}
	}
}

// TestCSVQuotedEscapes: a quoted field holding doubled quotes ("", RFC
// 4180's escaped quote) and separators — a note column a logging app
// writes — is one field wherever it stands: the reader ended it at the
// first of the doubled quotes, found the separators after it, and
// refused the line ("wrong number of fields").
func TestCSVQuotedEscapes(t *testing.T) {
	for _, tc := range []struct{ name, head, row string }{
		{"last column", "t,ax,ay,az,note", `%s,0.1,0.2,%s,"a,b ""c"", d"`},
		{"middle column", "t,note,ax,ay,az", `%s,"say ""hi"", then ""bye"",",0.1,0.2,%s`},
		{"escaped quotes only", "t,ax,ay,az,note", `%s,0.1,0.2,%s,"""q"""`},
		{"semicolons", "t;ax;ay;az;note", `%s;0.1;0.2;%s;"x;""y"";z"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(tc.head + "\n")
			sep := tc.head[1:2]
			for i := range 300 {
				row := tc.row
				if sep == ";" {
					row = strings.ReplaceAll(row, ",", "\x00") // keep the format's commas out of the verbs
				}
				line := fmt.Sprintf(strings.ReplaceAll(row, "\x00", ","), fmt.Sprintf("%.2f", float64(i)/100), fmt.Sprintf("%.3f", 1+0.3*math.Sin(float64(i)/10)))
				b.WriteString(line + "\n")
			}
			r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "notes.csv"})
			if err != nil {
				t.Fatal(err)
			}
			res := readAll(t, r)
			if len(res.samples) != 300 || len(res.errs) != 0 {
				t.Fatalf("%d samples, errors %q", len(res.samples), res.errs[:min(2, len(res.errs))])
			}
			if s := res.samples[7]; math.Abs(s.T-0.07) > 1e-9 || math.Abs(s.Acc[2]-(1+0.3*math.Sin(0.7))*G0) > 0.001*G0 {
				t.Errorf("sample 7: %+v", s)
			}
		})
	}
}

// TestCSVClockResetEarly: a clock from 0 that restarts within the reach of
// the replay check (the last 1024 lines) comes back on the very times it
// began with; with other accelerations it is a new clock, its lines all
// read (an audit found a restart 10 s into a 100 Hz file refused line by
// line as going backwards: 1000 lines lost), while the same lines written
// again are still a replay, refused.
func TestCSVClockResetEarly(t *testing.T) {
	const first, second = 500, 1000 // lines before and after the restart
	line := func(b *strings.Builder, ms int, phase float64) {
		fmt.Fprintf(b, "%d,%.4f,%.4f,0.98\n", ms, 0.1*math.Sin(phase), 0.05*math.Cos(phase/1.3))
	}
	for _, tc := range []struct {
		name          string
		replay        bool // the restarted lines repeat the first lines' values
		samples, back int  // samples read, lines refused
		resets        int
	}{
		{"new clock, other values", false, first + second, 0, 1},
		{"the first lines written again", true, first, second, 0},
	} {
		var b strings.Builder
		b.WriteString("millis,ax,ay,az\n")
		for i := range first {
			line(&b, 10*i, float64(i)/5)
		}
		for i := range second {
			ph := float64(i)/5 + 0.7
			if tc.replay {
				ph = float64(i%first) / 5
			}
			ms := 10 * i
			if tc.replay {
				ms = 10 * (i % first)
			}
			line(&b, ms, ph)
		}
		res, err := readString(t, b.String(), CSVOptions{Name: "early.csv", ClockResets: true, MaxBadLines: -1})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// (a replayed line on the time of the line before it is a
		// duplicate time, the others go backwards)
		if back := res.stats.Bad.Backwards + res.stats.Bad.Duplicate; len(res.samples) != tc.samples || back != tc.back || res.stats.ClockResets != tc.resets {
			t.Errorf("%s: %d samples, %d refused as going backwards or repeated, %d resets; want %d, %d, %d",
				tc.name, len(res.samples), back, res.stats.ClockResets, tc.samples, tc.back, tc.resets)
		}
	}
}

// TestCSVSensorLoggerAnatomical: Sensor Logger's time columns kept beside
// anatomical axes computed from its export (time,seconds_elapsed,acc_v,
// acc_ap) are no Sensor Logger file, which writes z,y,x: their unit is
// detected from gravity, not taken for m/s² by the format. V+AP was
// refused as "a Sensor Logger header without column z", and all three
// axes in g as lacking gravity.
func TestCSVSensorLoggerAnatomical(t *testing.T) {
	for _, tc := range []struct {
		hdr   string
		scale float64
		unit  string
	}{
		{"time,seconds_elapsed,acc_v,acc_ap", 1, "g"},
		{"time,seconds_elapsed,acc_v,acc_ap,acc_ml", 1, "g"},
		{"time,seconds_elapsed,acc_v,acc_ap", G0, "m/s²"},
	} {
		var b strings.Builder
		b.WriteString(tc.hdr + "\n")
		n := strings.Count(tc.hdr, ",") - 1
		for i := range 300 {
			x := float64(i) / 9
			v := []float64{1 + 0.5*math.Sin(x), 0.2 * math.Cos(x), 0.05}
			fmt.Fprintf(&b, "%d,%.2f", 1700000000000000000+int64(i)*10000000, float64(i)/100)
			for _, a := range v[:n] {
				fmt.Fprintf(&b, ",%.4f", a*tc.scale)
			}
			b.WriteString("\n")
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "derived.csv"})
		if err != nil {
			t.Errorf("%s in %s: %v", tc.hdr, tc.unit, err)
			continue
		}
		if st, l := r.Stats(), r.Layout(); st.AccUnit != tc.unit || st.AccUnitBy != "detected" || l.Frame != FrameAnatomical || st.Format != FormatCSV {
			t.Errorf("%s in %s: %s", tc.hdr, tc.unit, r.Describe())
		}
	}
}

// TestClassifyCoreMotionAnatomical: Core Motion's mirrored accelerometer
// prefix is no anatomical acceleration's, before the axis or after it
// (accelerometerAccelerationV, V_accelerometerAcceleration): no app writes
// it, and read as an anatomical axis it was not mirrored, upside down.
// The prefix-after-the-axis form was left out before the tidy that shared
// anatPrefixed between the two loops; the prefix-before form since.
func TestClassifyCoreMotionAnatomical(t *testing.T) {
	for _, name := range []string{"accelerometerAccelerationV(G)", "accelerometerAccelerationAP", "accelerometerAcceleration_vertical", "V_accelerometerAcceleration", "ml accelerometerAcceleration (G)"} {
		if c := classifyColumn(name); c.role != roleNone {
			t.Errorf("classifyColumn(%q) = role %d axis %d, want none", name, c.role, c.axis)
		}
	}
	// the other acceleration prefixes are read so, either side
	for _, name := range []string{"acc_v", "accelerationV", "V_acceleration", "ap_acc"} {
		if c := classifyColumn(name); c.role != roleAccAnat {
			t.Errorf("classifyColumn(%q) = role %d, want an anatomical acceleration", name, c.role)
		}
	}
}
