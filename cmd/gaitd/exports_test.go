package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
)

// TestRobustResearchExports writes one simulated run as research devices'
// software exports it — ActiGraph ActiLife raw CSV (a preamble giving the
// rate, no time column; or a Timestamp column in the preamble's date
// format, here day first across midnight), an Axivity AX6 CSV (no header,
// a date and time first) and a Shimmer Consensys CSV (device-prefixed
// names, a units row, tabs, a ±2 g low-noise accelerometer beside the
// wide-range one), an Xsens MT Manager export (SampleTimeFine in ticks of
// 100 µs wrapping round, or a packet counter and the preamble's rate) and
// a Movella DOT CSV (SampleTimeFine in µs), SensorLog on an iPhone (Core
// Motion's mirrored accelerometer, whose sides came out swapped once read)
// — and checks each gives the run of the plain CSV, its
// events on the file's own time base. All four were refused before:
// "sample rate unknown", "time column is not numeric", "no header line,
// and data line has non-numeric fields", "no acceleration columns".
// Likewise Xsens MT Manager and Movella DOT exports, whose SampleTimeFine
// column was not a time ("sample rate unknown").
func TestRobustResearchExports(t *testing.T) {
	header, rows, acc, clean, accOnly, t0, at := researchRun(t)
	if strings.Join(header, ",") != "t,ax,ay,az,gx,gy,gz" {
		t.Fatalf("sim header %v", header)
	}
	for _, r := range []robustResult{clean, accOnly} {
		if r.sum.Steps < 80 || r.sum.CadenceSPM == nil || r.sum.GCTms == nil {
			t.Fatalf("plain run: %+v", r.sum)
		}
	}
	const agPreamble = "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format %s at 100 Hz  Filter Normal -----------\r\n" +
		"Serial Number: MOS2E22180349\r\nStart Time %s\r\nStart Date %s\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n" +
		"Download Time 10:12:31\r\nDownload Date 5/17/2021\r\nCurrent Memory Address: 0\r\nCurrent Battery Voltage: 4.21     Mode = 12\r\n" +
		"--------------------------------------------------\r\n"

	t.Run("actigraph_raw", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(strings.NewReplacer("%s", "M/d/yyyy").Replace(agPreamble[:strings.Index(agPreamble, "Serial")]))
		b.WriteString("Serial Number: MOS2E22180349\r\nStart Time 09:00:00\r\nStart Date 5/17/2021\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n")
		b.WriteString("Download Time 10:12:31\r\nDownload Date 5/17/2021\r\nCurrent Memory Address: 0\r\nCurrent Battery Voltage: 4.21     Mode = 12\r\n")
		b.WriteString("--------------------------------------------------\r\n")
		b.WriteString(robustJoin([]string{"Accelerometer X", "Accelerometer Y", "Accelerometer Z"}, dropFirst(acc), ",", "\r\n"))
		res := analyzeFile(t, writeTemp(t, "actigraph_RAW.csv", b.String()))
		sameRun(t, accOnly.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(accOnly), -t0, 0.002)
		if !strings.Contains(res.sum.Input, "time=none(index/100.0Hz from the ActiGraph header, line 1)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("actigraph_timestamp_day_first", func(t *testing.T) {
		base := time.Date(2021, 11, 3, 23, 59, 50, 0, time.UTC) // midnight 10 s in: 3 → 4 November
		var b strings.Builder
		b.WriteString(strings.Replace(strings.Replace(strings.Replace(agPreamble, "%s", "dd/MM/yyyy", 1), "%s", "23:59:50", 1), "%s", "03/11/2021", 1))
		b.WriteString("Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
		for k, r := range acc {
			b.WriteString(at(base, k).Format("02/01/2006 15:04:05.000") + "," + strings.Join(r[1:], ",") + "\r\n")
		}
		res := analyzeFile(t, writeTemp(t, "actigraph_ts.csv", b.String()))
		sameRun(t, accOnly.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(accOnly), float64(base.Unix())-t0, 0.002)
		if res.sum.Gaps != 0 {
			t.Errorf("%d gaps: midnight read as a jump", res.sum.Gaps)
		}
	})
	t.Run("axivity_ax6", func(t *testing.T) {
		base := time.Date(2014, 5, 7, 9, 37, 29, 0, time.UTC)
		var b strings.Builder
		for k, r := range rows {
			b.WriteString(at(base, k).Format("2006-01-02 15:04:05.000") + "," + strings.Join(r[1:], ",") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "ax6.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), float64(base.Unix())-t0, 0.002)
		if !strings.Contains(res.sum.Input, "format=csv time=t(") || !strings.Contains(res.sum.Input, "gyro=gx,gy,gz(deg/s") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("shimmer_consensys", func(t *testing.T) {
		const dev = "Shimmer_D0C4_"
		names := []string{"Timestamp_Unix_CAL", "Accel_LN_X_CAL", "Accel_LN_Y_CAL", "Accel_LN_Z_CAL", "Accel_WR_X_CAL", "Accel_WR_Y_CAL", "Accel_WR_Z_CAL",
			"Gyro_X_CAL", "Gyro_Y_CAL", "Gyro_Z_CAL", "Mag_X_CAL", "Mag_Y_CAL", "Mag_Z_CAL", "Battery_CAL"}
		units := []string{"ms", "m/(s^2)", "m/(s^2)", "m/(s^2)", "m/(s^2)", "m/(s^2)", "m/(s^2)", "deg/s", "deg/s", "deg/s", "local_flux", "local_flux", "local_flux", "mV"}
		const baseMs = 1621242000000.0
		var b strings.Builder
		b.WriteString("\"sep=\t\"\n")
		for i := range names {
			b.WriteString(dev + names[i] + "\t")
		}
		b.WriteString("\n" + strings.Join(units, "\t") + "\t\n")
		for _, r := range rows {
			cells := []string{robustFmt(baseMs+(robustFloat(r[0])-t0)*1000, 3)}
			for i := 1; i <= 3; i++ { // the low-noise part saturates at ±2 g
				cells = append(cells, robustFmt(max(-2, min(2, robustFloat(r[i])))*sensor.G0, 4))
			}
			for i := 1; i <= 3; i++ {
				cells = append(cells, robustFmt(robustFloat(r[i])*sensor.G0, 4))
			}
			cells = append(cells, r[4:7]...)
			cells = append(cells, "0.31", "-0.12", "0.52", "3950")
			b.WriteString(strings.Join(cells, "\t") + "\t\n")
		}
		res := analyzeFile(t, writeTemp(t, "shimmer.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), baseMs/1000-t0, 0.002)
		if !strings.Contains(res.sum.Input, "acc="+dev+"Accel_WR_X_CAL") || !strings.Contains(res.sum.Input, "(m/s²)") || !strings.Contains(res.sum.Input, "(deg/s)") {
			t.Errorf("input %q", res.sum.Input)
		}
		if res.sum.BadLines != 0 {
			t.Errorf("%d bad lines (the units row?)", res.sum.BadLines)
		}
	})
	t.Run("xsens_mt_manager", func(t *testing.T) {
		// SampleTimeFine in ticks of 100 µs, m/s² and rad/s, tabs; and
		// the same without it, timed by the preamble's update rate
		const pre = "// Start Time: Unknown\n// Update Rate: 100.0Hz\n// Filter Profile: human (46.1)\n// Option Flags: AHS Disabled, ICC Disabled\n// Firmware Version: 4.0.2\n"
		var fine, counter strings.Builder
		fine.WriteString(pre + "PacketCounter\tSampleTimeFine\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\n")
		counter.WriteString(pre + "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\n")
		const tick0 = 4294000000 // wraps at 2^32 ticks (about 100 s in)
		for k, r := range rows {
			cells := []string{fmt.Sprintf("%05d", (k+60000)%65536)}
			for i := 1; i <= 3; i++ {
				cells = append(cells, robustFmt(robustFloat(r[i])*sensor.G0, 6))
			}
			for i := 4; i <= 6; i++ {
				cells = append(cells, robustFmt(robustFloat(r[i])*math.Pi/180, 6))
			}
			tick := (tick0 + int64(math.Round((robustFloat(r[0])-t0)*1e4))) % (1 << 32)
			fine.WriteString(cells[0] + "\t" + strconv.FormatInt(tick, 10) + "\t" + strings.Join(cells[1:], "\t") + "\n")
			counter.WriteString(strings.Join(cells, "\t") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "MT_012005D6_000.txt", fine.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), tick0/1e4-t0, 0.002)
		if !strings.Contains(res.sum.Input, "time=SampleTimeFine(100us detected)") || !strings.Contains(res.sum.Input, "gyro=Gyr_X,Gyr_Y,Gyr_Z(rad/s") {
			t.Errorf("input %q", res.sum.Input)
		}
		res = analyzeFile(t, writeTemp(t, "MT_counter.txt", counter.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), -t0, 0.002)
		if !strings.Contains(res.sum.Input, `time=none(index/100.0Hz from line 2, "Update Rate: 100.0Hz")`) {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("movella_dot", func(t *testing.T) {
		// SampleTimeFine in µs, a preamble of key,value lines
		var b strings.Builder
		b.WriteString("DOT Data Exporter,v2023.6.0,\nDevice tag:,D422CD0012AB,\nFirmware version:,2.6.0,\nFilter profile:,General,\nOutput rate:,100Hz,\n\n")
		b.WriteString("PacketCounter,SampleTimeFine,Euler_X,Euler_Y,Euler_Z,Acc_X,Acc_Y,Acc_Z,Gyr_X,Gyr_Y,Gyr_Z\n")
		const us0 = 3_000_000
		for k, r := range rows {
			cells := []string{strconv.Itoa(k), strconv.FormatInt(us0+int64(math.Round((robustFloat(r[0])-t0)*1e6)), 10), "1.5", "-2.5", "90.0"}
			for i := 1; i <= 3; i++ {
				cells = append(cells, robustFmt(robustFloat(r[i])*sensor.G0, 6))
			}
			cells = append(cells, r[4:7]...)
			b.WriteString(strings.Join(cells, ",") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "dot.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), us0/1e6-t0, 0.002)
		if !strings.Contains(res.sum.Input, "time=SampleTimeFine(us detected)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("sensorlog_ios", func(t *testing.T) {
		// SensorLog on an iPhone: Core Motion's accelerometer reads −1 g
		// up (every axis negated), its gyroscope right-handed; read as
		// given the sides would all be swapped (TestMirroredAccelerometer)
		var b strings.Builder
		b.WriteString("loggingTime(txt),loggingSample(N),identifierForVendor(txt),deviceID(txt),locationTimestamp_since1970(s),locationLatitude(WGS84)," +
			"accelerometerTimestamp_sinceReboot(s),accelerometerAccelerationX(G),accelerometerAccelerationY(G),accelerometerAccelerationZ(G)," +
			"gyroTimestamp_sinceReboot(s),gyroRotationX(rad/s),gyroRotationY(rad/s),gyroRotationZ(rad/s)," +
			"motionTimestamp_sinceReboot(s),motionUserAccelerationX(G),motionUserAccelerationY(G),motionUserAccelerationZ(G),motionGravityX(G),motionGravityY(G),motionGravityZ(G)\n")
		const boot = 84211.25 // s since the phone's reboot
		base := time.Date(2019, 4, 1, 10, 0, 0, 0, time.UTC)
		for k, r := range rows {
			ts := robustFmt(boot+robustFloat(r[0])-t0, 6)
			cells := []string{at(base, k).Format("2006-01-02 15:04:05.000 -0700"), strconv.Itoa(k), "5E1B0C2A", "iPhone", "1554112800.0", "47.3769", ts}
			for i := 1; i <= 3; i++ {
				cells = append(cells, robustFmt(-robustFloat(r[i]), 6))
			}
			cells = append(cells, ts)
			for i := 4; i <= 6; i++ {
				cells = append(cells, robustFmt(robustFloat(r[i])*math.Pi/180, 6))
			}
			cells = append(cells, ts, "0.01", "0.02", "-0.01", "0.0", "-0.99", "-0.1")
			b.WriteString(strings.Join(cells, ",") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "2019-04-01_10-00-00_iPhone.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), boot-t0, 0.002)
		if len(res.events) != len(clean.events) {
			t.Fatalf("%d contacts, clean %d", len(res.events), len(clean.events))
		}
		same := 0
		for i, e := range res.events {
			if e.Side != "" && e.Side == clean.events[i].Side {
				same++
			}
		}
		if same < len(clean.events)*95/100 {
			t.Errorf("%d of %d sides those of the sensor's own frame", same, len(clean.events))
		}
		if !strings.Contains(res.sum.Input, "time=accelerometerTimestamp_sinceReboot(s)") || !strings.Contains(res.sum.Input, "(negated: Apple Core Motion reads -1 g up)") ||
			!strings.Contains(res.sum.Input, "gyro=gyroRotationX,gyroRotationY,gyroRotationZ(rad/s)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
	t.Run("actigraph_epochs_refused", func(t *testing.T) {
		text := strings.Replace(strings.Replace(strings.Replace(agPreamble, "%s", "M/d/yyyy", 1), "%s", "09:00:00", 1), "%s", "5/17/2021", 1)
		text = strings.Replace(text, "00:00:00\r\nDownload", "00:00:10\r\nDownload", 1)
		text += "Date,Time,Axis1,Axis2,Axis3,Steps,Lux,Inclinometer Off,Inclinometer Standing,Inclinometer Sitting,Inclinometer Lying,Vector Magnitude\r\n"
		for s := 10; s < 60; s += 10 {
			text += "5/17/2021,09:00:" + robustFmt(float64(s), 0) + ",123,45,67,2,0,0,10,0,0,145.3\r\n"
		}
		_, _, err := runCmd(t, "analyze", writeTemp(t, "epochs.csv", text))
		if err == nil || !strings.Contains(err.Error(), "epochs.csv:11: not an IMU recording: no acceleration columns in header (an ActiGraph epoch export: activity counts per epoch, not acceleration") {
			t.Errorf("error %v", err)
		}
	})
}

func dropFirst(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for k, r := range rows {
		out[k] = r[1:]
	}
	return out
}

// researchRun is the simulated run TestRobustResearchExports and
// TestAnalyzeCoarseAndExcelTime write as devices' exports: its CSV table
// (header and rows; acc, the rows' time and acceleration columns), the
// plain CSV's results with every column (clean) and with acceleration
// alone (accOnly), the first row's time t0, and at, row k's time on a
// clock started at base.
func researchRun(t *testing.T) (header []string, rows, acc [][]string, clean, accOnly robustResult, t0 float64, at func(base time.Time, k int) time.Time) {
	t.Helper()
	text, _ := simCSV(t, runningCfg(23, 30))
	header, rows = robustTable(text)
	clean = analyzeFile(t, writeTemp(t, "clean.csv", text))
	acc = make([][]string, len(rows))
	for k, r := range rows {
		acc[k] = r[:4]
	}
	accOnly = analyzeFile(t, writeTemp(t, "acc.csv", robustJoin(header[:4], acc, ",", "\n")))
	t0 = robustFloat(rows[0][0])
	at = func(base time.Time, k int) time.Time {
		return base.Add(time.Duration(math.Round((robustFloat(rows[k][0])-t0)*1e6)) * time.Microsecond)
	}
	return header, rows, acc, clean, accOnly, t0, at
}

// icsOf returns the initial contacts of r's events, s.
func icsOf(r robustResult) []float64 {
	out := make([]float64, len(r.events))
	for i, e := range r.events {
		out[i] = e.IC
	}
	return out
}

// TestAnalyzeCoarseAndExcelTime: a simulated run exported as ActiLife
// does without milliseconds (Timestamp in whole seconds, 100 rows a
// second) and as OmGui does with Excel time (days since 1899-12-30) gives
// the plain CSV's contacts on the file's own clock. The first was timed
// from 0 by the preamble's rate (its Timestamp passed over as not
// increasing), the second read in seconds at 8.64 MHz and refused.
func TestAnalyzeCoarseAndExcelTime(t *testing.T) {
	_, rows, acc, clean, accOnly, t0, at := researchRun(t)
	t.Run("actigraph_whole_seconds", func(t *testing.T) {
		base := time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)
		var b strings.Builder
		b.WriteString("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format dd/MM/yyyy at 100 Hz  Filter Normal -----------\r\n" +
			"Serial Number: MOS2E22180349\r\nStart Time 10:00:00\r\nStart Date 10/03/2025\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n" +
			"--------------------------------------------------\r\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
		for k, r := range acc {
			b.WriteString(at(base, k).Format("02/01/2006 15:04:05") + "," + strings.Join(r[1:], ",") + "\r\n")
		}
		res := analyzeFile(t, writeTemp(t, "actigraph_s.csv", b.String()))
		sameRun(t, accOnly.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(accOnly), float64(base.Unix())-t0, 0.002)
		if !strings.Contains(res.sum.Input, "time=Timestamp(s detected)") || res.sum.Gaps != 0 {
			t.Errorf("input %q, %d gaps", res.sum.Input, res.sum.Gaps)
		}
	})
	t.Run("omgui_excel_days", func(t *testing.T) {
		const day0 = 45579.0 // 2024-10-14
		var b strings.Builder
		for _, r := range rows {
			d := day0 + (robustFloat(r[0])-t0)/86400
			b.WriteString(fmt.Sprintf("%.10f", d) + "," + strings.Join(r[1:], ",") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "ax6_excel.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, icsOf(clean), (day0-25569)*86400-t0, 0.002)
		if !strings.Contains(res.sum.Input, "(day detected)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
}
