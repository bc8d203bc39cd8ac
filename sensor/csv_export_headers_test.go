package sensor

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// exportRecording writes 400 rows at 100 Hz of a sensor whose
// acceleration (g) and angular rate (deg/s) are known, under header hdr:
// row gives a row's fields from its index, time (s from the start) and
// channels. want returns the channels of row i, for the samples.
func exportRecording(hdr, pre, sep string, row func(i int, t float64, a, g [3]float64) []string) string {
	var b strings.Builder
	b.WriteString(pre)
	b.WriteString(hdr + "\n")
	for i := range 400 {
		t, a, g := exportChannels(i)
		b.WriteString(strings.Join(row(i, t, a, g), sep) + "\n")
	}
	return b.String()
}

func exportChannels(i int) (t float64, a, g [3]float64) {
	x := float64(i) / 9
	return float64(i) / 100, [3]float64{1 + 0.3*math.Sin(x), 0.1 * math.Cos(x), 0.05 + 0.01*math.Sin(3*x)},
		[3]float64{10 * math.Sin(x), 5 * math.Cos(x), 2 + math.Sin(2*x)}
}

var exportStart = time.Date(2024, 5, 17, 9, 0, 0, 0, time.UTC)

// stamp is time t (s from the start) written with layout, ms three digits.
func stamp(t float64, layout string) string {
	return exportStart.Add(time.Duration(math.Round(t*1000)) * time.Millisecond).Format(layout)
}

// TestCSVExportHeaders reads apps' and devices' exports whose headers
// were misread or refused: each must give its samples on their axes, in
// their units, timed by the column named. Before: Polar Sensor Logger's
// "sensor timestamp [ns]" was no time column (refused: rate unknown);
// WitMotion's PC software's "T(°)", a temperature, was read as the time
// column and its ChipTime not (refused: the time does not increase);
// "unix_timestamp" was no time column; "Time (s),Vertical (m/s^2),…"
// was taken for a phyphox export; GENEActiv's times (hh:mm:ss:SSS) and
// MATLAB's (dd-MMM-yyyy) and a time of day alone (09:00:00.125) were no
// times (refused); AndroSensor's "Time
// since start in ms " was no time column (refused: rate unknown); and
// Delsys's "X[s]" time columns and
// "Sensor 1: ACC.X 1 [g]" channels were not recognised (no acceleration
// columns).
func TestCSVExportHeaders(t *testing.T) {
	f := func(v float64, n int) string { return fmt.Sprintf("%.*f", n, v) }
	tests := []struct {
		name, hdr, pre, sep string
		row                 func(i int, t float64, a, g [3]float64) []string
		desc                []string // in Describe
		gyro                bool
		anat                bool
	}{
		{name: "Polar Sensor Logger", hdr: "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]", sep: ";",
			row: func(i int, t float64, a, g [3]float64) []string {
				// the phone's clock as packets of 9 rows came
				return []string{stamp(float64(i/9*9+9)/100+0.02, "2006-01-02T15:04:05.000"), fmt.Sprint(768000000000000000 + int64(math.Round(t*1e9))),
					f(a[0]*1000, 3), f(a[1]*1000, 3), f(a[2]*1000, 3)}
			},
			desc: []string{"time=sensor timestamp(ns)", "acc=X,Y,Z(mg)", "format=csv"}},
		{name: "WitMotion PC software", hdr: "Time\tChipTime\tax(g)\tay(g)\taz(g)\twx(deg/s)\twy(deg/s)\twz(deg/s)\tAngleX(deg)\tAngleY(deg)\tAngleZ(deg)\tT(°)", sep: "\t",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{stamp(t, "15:04:05.000"), stamp(t, "2006-1-2 15:04:05.000"), f(a[0], 4), f(a[1], 4), f(a[2], 4),
					f(g[0], 3), f(g[1], 3), f(g[2], 3), "1.5", "-2.25", "30.5", "25.5"}
			},
			desc: []string{"time=ChipTime(s", "acc=ax,ay,az(g)", "gyro=wx,wy,wz(deg/s)"}, gyro: true},
		{name: "Delsys EMGworks", hdr: "X[s],Sensor 1: ACC.X 1 [g],X[s],Sensor 1: ACC.Y 1 [g],X[s],Sensor 1: ACC.Z 1 [g]",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{f(t, 4), f(a[0], 5), f(t, 4), f(a[1], 5), f(t, 4), f(a[2], 5)}
			},
			desc: []string{"time=X(s)", "acc=Sensor 1: ACC.X 1,Sensor 1: ACC.Y 1,Sensor 1: ACC.Z 1(g)"}},
		{name: "Delsys Trigno IM", hdr: "X [s],Trigno IM sensor 1: Acc 1.X (IM) [g],X [s],Trigno IM sensor 1: Acc 1.Y (IM) [g],X [s],Trigno IM sensor 1: Acc 1.Z (IM) [g]," +
			"X [s],Trigno IM sensor 1: Gyro 1.X (IM) [deg/s],X [s],Trigno IM sensor 1: Gyro 1.Y (IM) [deg/s],X [s],Trigno IM sensor 1: Gyro 1.Z (IM) [deg/s]",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{f(t, 4), f(a[0], 5), f(t, 4), f(a[1], 5), f(t, 4), f(a[2], 5), f(t, 4), f(g[0], 4), f(t, 4), f(g[1], 4), f(t, 4), f(g[2], 4)}
			},
			desc: []string{"time=X(s)", "(g) gyro=Trigno IM sensor 1: Gyro 1.X (IM)"}, gyro: true},
		{name: "Delsys Avanti, two sensors", hdr: "X[s],Avanti sensor 1: ACC X (g),Avanti sensor 1: ACC Y (g),Avanti sensor 1: ACC Z (g),X[s],Avanti sensor 2: ACC X (g),Avanti sensor 2: ACC Y (g),Avanti sensor 2: ACC Z (g)",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{f(t, 4), f(a[0], 5), f(a[1], 5), f(a[2], 5), f(t, 4), f(-a[2], 5), f(a[0]*2, 5), f(a[1], 5)}
			},
			desc: []string{"acc=Avanti sensor 1: ACC X,Avanti sensor 1: ACC Y,Avanti sensor 1: ACC Z(g)", "Avanti sensor 2's columns not read"}},
		{name: "GENEActiv (headerless, its preamble)", hdr: "Calibration Data\nx gain,25548\nx offset,-119\n\nMemory Status\nNumber of Pages,100",
			pre: "Device Identity\nDevice Type,GENEActiv\nDevice Model,1.1\nDevice Unique Serial Code,012345\nDevice Location Code,lower back\n\nMeasurement Frequency,100 Hz\nStart Time,2024-05-17 09:00:00:000\n\n",
			row: func(i int, t float64, a, g [3]float64) []string {
				// time, x, y, z, light, button, temperature
				return []string{strings.Replace(stamp(t, "2006-01-02 15:04:05.000"), ".", ":", 1), f(a[0], 4), f(a[1], 4), f(a[2], 4), fmt.Sprint(100 + i%7*3), "0", "21.5"}
			},
			desc: []string{"time=t(s detected)", "acc=ax,ay,az(g detected) gyro=none (columns 5–7 not read"}},
		{name: "MATLAB Mobile (writetable)", hdr: "Timestamp,X,Y,Z",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{stamp(t, "02-Jan-2006 15:04:05.000"), f(a[0]*G0, 4), f(a[1]*G0, 4), f(a[2]*G0, 4)}
			},
			desc: []string{"time=Timestamp(s detected)", "acc=X,Y,Z(m/s² detected)"}},
		{name: "AndroSensor", hdr: "ACCELEROMETER X (m/s²);ACCELEROMETER Y (m/s²);ACCELEROMETER Z (m/s²);GRAVITY X (m/s²);GRAVITY Y (m/s²);GRAVITY Z (m/s²);" +
			"LINEAR ACCELERATION X (m/s²);LINEAR ACCELERATION Y (m/s²);LINEAR ACCELERATION Z (m/s²);GYROSCOPE X (rad/s);GYROSCOPE Y (rad/s);GYROSCOPE Z (rad/s);" +
			"LIGHT (lux);MAGNETIC FIELD X (μT);MAGNETIC FIELD Y (μT);MAGNETIC FIELD Z (μT);ORIENTATION Z (azimuth °);ORIENTATION X (pitch °);ORIENTATION Y (roll °);" +
			"LOCATION Latitude : ;LOCATION Longitude : ;LOCATION Speed ( Kmh);Satellites in range;Time since start in ms ;YYYY-MO-DD HH-MI-SS_SSS", sep: ";",
			row: func(i int, t float64, a, g [3]float64) []string {
				r := []string{f(a[0]*G0, 4), f(a[1]*G0, 4), f(a[2]*G0, 4), "9.8", "0", "0", f(a[0]*G0-9.8, 4), f(a[1]*G0, 4), f(a[2]*G0, 4),
					f(g[0]*math.Pi/180, 5), f(g[1]*math.Pi/180, 5), f(g[2]*math.Pi/180, 5), "120", "20", "30", "40", "10", "20", "30", "51.5", "-0.1", "0", "8"}
				return append(r, fmt.Sprint(math.Round(t*1000)), strings.Replace(stamp(t, "2006-01-02 15-04-05.000"), ".", "_", 1))
			},
			desc: []string{"time=Time since start in ms(ms)", "acc=ACCELEROMETER X,ACCELEROMETER Y,ACCELEROMETER Z(m/s²)", "gyro=GYROSCOPE X,GYROSCOPE Y,GYROSCOPE Z(rad/s)"}, gyro: true},
		{name: "a time of day alone", hdr: "Time,Acc_X,Acc_Y,Acc_Z,Gyro_X,Gyro_Y,Gyro_Z",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{stamp(t, "15:04:05.000"), f(a[0], 5), f(a[1], 5), f(a[2], 5), f(g[0], 4), f(g[1], 4), f(g[2], 4)}
			},
			desc: []string{"time=Time(s detected)", "acc=Acc_X,Acc_Y,Acc_Z(g detected)"}, gyro: true},
		{name: "unix_timestamp", hdr: "unix_timestamp,x_acc,y_acc,z_acc",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{f(1715936400+t, 3), f(a[0], 5), f(a[1], 5), f(a[2], 5)}
			},
			desc: []string{"time=unix_timestamp(s", "acc=x_acc,y_acc,z_acc(g"}},
		{name: "anatomical m/s² under Time (s)", hdr: "Time (s),Vertical (m/s^2),Anteroposterior (m/s^2),Mediolateral (m/s^2)",
			row: func(i int, t float64, a, g [3]float64) []string {
				return []string{f(t, 3), f(a[0]*G0, 5), f(a[1]*G0, 5), f(a[2]*G0, 5)}
			},
			desc: []string{"format=csv", "time=Time(s)", "acc=Vertical,Anteroposterior,Mediolateral(m/s²)", "frame=anatomical"}, anat: true},
	}
	for _, tt := range tests {
		if tt.sep == "" {
			tt.sep = ","
		}
		in := exportRecording(tt.hdr, tt.pre, tt.sep, tt.row)
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "export.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		res := readAll(t, r)
		d := r.Describe()
		for _, w := range tt.desc {
			if !strings.Contains(d, w) {
				t.Errorf("%s: %s, want %q", tt.name, d, w)
			}
		}
		if len(res.errs) > 0 || len(res.samples) != 400 {
			t.Errorf("%s: %d samples, errors %v", tt.name, len(res.samples), res.errs)
			continue
		}
		if l := r.Layout(); (l.Frame == FrameAnatomical) != tt.anat || l.HasGyro() != tt.gyro {
			t.Errorf("%s: layout %+v (%s)", tt.name, l, d)
		}
		for _, i := range []int{0, 1, 137, 399} {
			ti, a, g := exportChannels(i)
			s := res.samples[i]
			if dt := s.T - res.samples[0].T; math.Abs(dt-ti) > 1e-6 {
				t.Errorf("%s: sample %d at %.6f s from the first, want %.6f", tt.name, i, dt, ti)
			}
			for k := range 3 {
				if math.Abs(s.Acc[k]-a[k]*G0) > 2e-3 {
					t.Errorf("%s: sample %d acc[%d] %.5f m/s², want %.5f", tt.name, i, k, s.Acc[k], a[k]*G0)
				}
				if tt.gyro && math.Abs(s.Gyr[k]-g[k]*math.Pi/180) > 1e-4 {
					t.Errorf("%s: sample %d gyr[%d] %.5f rad/s, want %.5f", tt.name, i, k, s.Gyr[k], g[k]*math.Pi/180)
				}
			}
		}
	}
}

// TestClassifyTimeNames checks the time columns' names added for
// exports, and that a T with a unit not of time is a temperature.
func TestClassifyTimeNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		role role
		rank int
		unit string
	}{
		{"sensor timestamp [ns]", roleTime, 2, "ns"},
		{"Phone timestamp", roleTime, 3, ""},
		{"ChipTime", roleTime, 1, ""},
		{"unix_timestamp", roleTime, 2, ""},
		{"EpochTime", roleTime, 2, ""},
		{"DateTime", roleTime, 2, ""},
		{"T(°)", roleNone, 0, "other"},
		{"T (°C)", roleNone, 0, "other"},
		{"t_g", roleNone, 0, "g"},
		{"T (s)", roleTime, 1, "s"},
		{"t_ms", roleTime, 1, "ms"},
		{"t", roleTime, 1, ""},
		{"Time since start in ms ", roleTime, 2, "ms"},
		{"X[s]", roleTime, 1, "s"},
		{"X [ms]", roleTime, 1, "ms"},
		{"X [g]", roleAcc, 2, "g"},
		{"x_s", roleNone, 0, "s"}, // (a suffix is no plot's axis)
	} {
		c := classifyColumn(tt.name)
		if c.role != tt.role || c.unit != tt.unit || c.role != roleNone && c.rank != tt.rank {
			t.Errorf("classifyColumn(%q) = role %d rank %d unit %q; want %d %d %q", tt.name, c.role, c.rank, c.unit, tt.role, tt.rank, tt.unit)
		}
	}
}

// TestClassifyDeviceChannels checks Delsys's channel names: a device, a
// colon, the channel with its numbers and tags.
func TestClassifyDeviceChannels(t *testing.T) {
	for _, tt := range []struct {
		name, device string
		role         role
		axis         int
		unit         string
	}{
		{"Sensor 1: ACC.X 1 [g]", "Sensor 1", roleAcc, 0, "g"},
		{"Trigno IM sensor 2: Acc 2.Z (IM) [g]", "Trigno IM sensor 2", roleAcc, 2, "g"},
		{"Trigno IM sensor 1: Gyro 1.Y (IM) [deg/s]", "Trigno IM sensor 1", roleGyr, 1, "dps"},
		{"Avanti sensor 1: GYRO X (deg/s)", "Avanti sensor 1", roleGyr, 0, "dps"},
		{"R Shank: ACC Y", "R Shank", roleAcc, 1, ""},
		{"Sacrum: Acc V [g]", "Sacrum", roleAccAnat, AxisV, "g"},
		{"Sensor 1: EMG 1 [V]", "", roleNone, 0, "other"},
		{"Sensor 1: 1 [g]", "", roleNone, 0, "g"},
	} {
		c := classifyColumn(tt.name)
		if c.role != tt.role || c.device != tt.device || c.unit != tt.unit || c.role != roleNone && c.axis != tt.axis || c.name != tt.name {
			t.Errorf("classifyColumn(%q) = %+v; want role %d axis %d unit %q device %q", tt.name, c, tt.role, tt.axis, tt.unit, tt.device)
		}
	}
}

// TestCSVDelsysEMGBeside checks that EMG at its own rate beside the
// accelerometer's channels, each with its X[s] column, is refused saying
// so and what to export (it named phyphox).
func TestCSVDelsysEMGBeside(t *testing.T) {
	var b strings.Builder
	b.WriteString("X[s],Sensor 1: EMG 1 [V],X[s],Sensor 1: ACC.X 1 [g],X[s],Sensor 1: ACC.Y 1 [g],X[s],Sensor 1: ACC.Z 1 [g]\n")
	for j := range 4000 {
		fmt.Fprintf(&b, "%.4f,%.6f", float64(j)/1000, 1e-5*float64(j%13-6))
		if j < 400 {
			tt, a, _ := exportChannels(j)
			fmt.Fprintf(&b, ",%.4f,%.5f,%.4f,%.5f,%.4f,%.5f", tt, a[0], tt, a[1], tt, a[2])
		} else {
			b.WriteString(",,,,,,")
		}
		b.WriteString("\n")
	}
	_, err := NewCSVReader(strings.NewReader(b.String()), CSVOptions{Name: "trigno.csv"})
	if err == nil || !errors.Is(err, ErrNotRecording) || !strings.Contains(err.Error(), "Delsys") || !strings.Contains(err.Error(), "export the accelerometer's channels") {
		t.Errorf("error %v, want one naming Delsys's export of EMG beside ACC", err)
	}
}

// TestParseDateTimeExports: GENEActiv's milliseconds after a colon and
// MATLAB's dd-MMM-yyyy read as the same instant as the ISO form; near
// misses are not read.
func TestParseDateTimeExports(t *testing.T) {
	want := float64(time.Date(2021, 5, 7, 9, 3, 4, 0, time.UTC).Unix()) + 0.25
	for _, text := range []string{"2021-05-07 09:03:04:250", "07-May-2021 09:03:04.250", "7-may-2021 09:03:04.250", "07-MAY-2021 09:03:04,25"} {
		if got, ok := parseDateTime([]byte(text), false); !ok || math.Abs(got-want) > 1e-6 {
			t.Errorf("parseDateTime(%q) = %.3f, %v; want %.3f", text, got, ok, want)
		}
	}
	if got, ok := parseDateTime([]byte("01-Dec-2021 00:00:00"), true); !ok || got != float64(time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC).Unix()) {
		t.Errorf("01-Dec-2021: %v, %v", got, ok)
	}
	for _, bad := range []string{"2021-05-07 09:03:04:25", "2021-05-07 09:03:04:2500", "2021-05-07 09:03:04:250Z", "2021-05-07 09:03:04.250:250",
		"07-Mai-2021 09:03:04", "07-Ma-2021 09:03:04", "31-Feb-2021 09:03:04", "07-May-21 09:03:04", "07/May/2021 09:03:04", "May-07-2021 09:03:04"} {
		if _, ok := parseDateTime([]byte(bad), false); ok {
			t.Errorf("parseDateTime(%q) read", bad)
		}
	}
	tod := 9*3600 + 3*60 + 4.25
	// (09:03:04:250: Physics Toolbox's Android time, ms after a colon)
	for _, text := range []string{"09:03:04.250", "9:03:04,25", "9:03:04.250 AM", "09:03:04:250"} {
		if got, ok := parseDateTime([]byte(text), false); !ok || math.Abs(got-tod) > 1e-6 {
			t.Errorf("parseDateTime(%q) = %.3f, %v; want %.3f (a time of day alone)", text, got, ok, tod)
		}
	}
	for _, bad := range []string{"09:03:04:25", "09:03:04:2500", "09:03", "9:3:04", "25:00:00", "09:03:04 XM", "09:03:04.", "109:03:04", "09:03:04 2021-05-07"} {
		if _, ok := parseDateTime([]byte(bad), false); ok {
			t.Errorf("parseDateTime(%q) read", bad)
		}
	}
	cell := []byte("07-May-2021 09:03:04:250")
	if n := testing.AllocsPerRun(100, func() { parseDateTime(cell, false) }); n != 0 {
		t.Errorf("parseDateTime allocates %v times a cell", n)
	}
}

// TestClassifyLocatedNames checks names that carry a body location (and
// side) before or after the channel's: the channel's role, the location
// its device. A bare axis after a location is none ("rx": no right x
// acceleration), and so are names whose rest is none or linear.
func TestClassifyLocatedNames(t *testing.T) {
	for _, tt := range []struct {
		name, device string
		role         role
		axis         int
		unit         string
	}{
		{"L_Shank_Acc_X", "lshank", roleAcc, 0, ""},
		{"LeftShankAccY", "leftshank", roleAcc, 1, ""},
		{"acc_z_shank", "shank", roleAcc, 2, ""},
		{"shank_l_ax", "shankl", roleAcc, 0, ""},
		{"Lumbar Accelerometer X", "lumbar", roleAcc, 0, ""},
		{"R_Shank_Gyr_Z (deg/s)", "rshank", roleGyr, 2, "dps"},
		{"L_Shank_Acc_X_g", "lshank", roleAcc, 0, "g"},
		{"Pelvis Acc V", "pelvis", roleAccAnat, AxisV, ""},
		{"Sacrum_acc_si", "sacrum", roleAccAnat, AxisV, ""},
		{"Shank time (s)", "", roleTime, 0, "s"},
		{"rx", "", roleNone, 0, ""},
		{"heel_x", "", roleNone, 0, ""},
		{"armx", "", roleNone, 0, ""},
		{"Right Foot Linear Acc X", "", roleNone, 0, ""},
		{"FreeAcc_X", "", roleNone, 0, ""},
		{"raw_x", "", roleNone, 0, ""},
		{"acc_x_raw", "", roleNone, 0, ""},
		{"headingx", "", roleNone, 0, ""},
		{"left_speed", "", roleNone, 0, ""},
	} {
		c := classifyColumn(tt.name)
		if c.role != tt.role || c.device != tt.device || c.unit != tt.unit || c.role != roleNone && c.axis != tt.axis {
			t.Errorf("classifyColumn(%q) = %+v; want role %d axis %d unit %q device %q", tt.name, c, tt.role, tt.axis, tt.unit, tt.device)
		}
	}
}

// TestCSVLocatedColumns reads lab exports whose names carry the sensor's
// location: one sensor's, and two shanks' side by side, of which the
// first is read and the other named as not read (refused before: no
// acceleration columns).
func TestCSVLocatedColumns(t *testing.T) {
	f := func(v float64) string { return fmt.Sprintf("%.5f", v) }
	for _, tt := range []struct {
		hdr  string
		row  func(t float64, a, g [3]float64) []string
		desc []string
	}{
		{"Time,Lumbar Accelerometer X,Lumbar Accelerometer Y,Lumbar Accelerometer Z,Lumbar Gyroscope X (deg/s),Lumbar Gyroscope Y (deg/s),Lumbar Gyroscope Z (deg/s)",
			func(t float64, a, g [3]float64) []string {
				return []string{fmt.Sprintf("%.2f", t), f(a[0]), f(a[1]), f(a[2]), f(g[0]), f(g[1]), f(g[2])}
			},
			[]string{"acc=Lumbar Accelerometer X,Lumbar Accelerometer Y,Lumbar Accelerometer Z(g detected) gyro=Lumbar Gyroscope X,"}},
		{"time_s,L_Shank_Acc_X,L_Shank_Acc_Y,L_Shank_Acc_Z,L_Shank_Gyr_X_dps,L_Shank_Gyr_Y_dps,L_Shank_Gyr_Z_dps,R_Shank_Acc_X,R_Shank_Acc_Y,R_Shank_Acc_Z,R_Shank_Gyr_X_dps,R_Shank_Gyr_Y_dps,R_Shank_Gyr_Z_dps",
			func(t float64, a, g [3]float64) []string {
				return []string{fmt.Sprintf("%.2f", t), f(a[0]), f(a[1]), f(a[2]), f(g[0]), f(g[1]), f(g[2]), f(a[2]), f(-a[0]), f(a[1]), f(g[2]), f(g[1]), f(g[0])}
			},
			[]string{"time=time_s(s)", "acc=L_Shank_Acc_X,L_Shank_Acc_Y,L_Shank_Acc_Z(g detected) gyro=L_Shank_Gyr_X_dps,", "(deg/s)", "rshank's columns not read"}},
	} {
		in := exportRecording(tt.hdr, "", ",", func(i int, t float64, a, g [3]float64) []string { return tt.row(t, a, g) })
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "lab.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		res := readAll(t, r)
		for _, w := range tt.desc {
			if !strings.Contains(r.Describe(), w) {
				t.Errorf("%s: %s, want %q", tt.hdr, r.Describe(), w)
			}
		}
		if len(res.samples) != 400 || len(res.errs) > 0 {
			t.Errorf("%s: %d samples, errors %v", tt.hdr, len(res.samples), res.errs)
			continue
		}
		for _, i := range []int{0, 211} {
			_, a, g := exportChannels(i)
			for k := range 3 {
				if math.Abs(res.samples[i].Acc[k]-a[k]*G0) > 1e-3 || math.Abs(res.samples[i].Gyr[k]-g[k]*math.Pi/180) > 1e-5 {
					t.Errorf("%s: sample %d axis %d: acc %.5f gyr %.5f, want %.5f %.5f", tt.hdr, i, k, res.samples[i].Acc[k], res.samples[i].Gyr[k], a[k]*G0, g[k]*math.Pi/180)
				}
			}
		}
	}
}
