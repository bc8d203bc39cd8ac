package sensor

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestCSVShimmerDevicesRaw: a units row's RAW column is dropped only
// beside a calibrated column of the same channel of the same device: in a
// Shimmer export of two devices whose names carry no _CAL/_RAW suffix
// (the units row says which), the first device's accelerometer written
// RAW alone is read (in counts) as that device's. It was dropped for the
// second device's calibrated one, which left the first without an
// accelerometer: the second device was read instead, and --acc-unit raw:
// applied to its m/s².
func TestCSVShimmerDevicesRaw(t *testing.T) {
	const a, b = "Shimmer_D0C4_", "Shimmer_5F29_"
	names := []string{a + "Timestamp_Unix", a + "Accel_LN_X", a + "Accel_LN_Y", a + "Accel_LN_Z",
		b + "Timestamp_Unix", b + "Accel_WR_X", b + "Accel_WR_Y", b + "Accel_WR_Z"}
	var sb strings.Builder
	sb.WriteString("\"sep=,\"\n" + strings.Join(names, ",") + "\nCAL,RAW,RAW,RAW,CAL,CAL,CAL,CAL\n")
	for i := range 600 {
		x := float64(i)
		fmt.Fprintf(&sb, "%.3f,%.0f,%.0f,%.0f,%.3f,%.4f,-9.6,-0.3\n", 1621242000000+10*x, 300*math.Sin(x/5), 1600.0, 30*math.Cos(x/7), 1621242000000+10*x, -3*math.Sin(x/5))
	}
	r, err := NewCSVReader(strings.NewReader(sb.String()), CSVOptions{Name: "consensys.csv", AccUnit: "raw:1600"})
	if err != nil {
		t.Fatal(err)
	}
	want := "acc=Shimmer_D0C4_Accel_LN_X,Shimmer_D0C4_Accel_LN_Y,Shimmer_D0C4_Accel_LN_Z"
	if got := r.Describe(); !strings.Contains(got, want) || !strings.Contains(got, "Shimmer_5F29's columns not read") {
		t.Errorf("describe %q, want %q and Shimmer_5F29 not read", got, want)
	}
}

// TestCSVShimmerRawSuffix: a Shimmer export whose accelerometer is
// written only in _RAW columns (ADC counts) reads them, in a unit found
// from gravity or given as raw:<LSB per g> (a units row's RAW column is
// read so); beside _CAL columns of the same accelerometer the calibrated
// ones are read. The _RAW-only file was refused as "no acceleration
// columns in header", even with --acc-unit raw: (a review).
func TestCSVShimmerRawSuffix(t *testing.T) {
	const d = "Shimmer_D0C4_"
	file := func(cal bool) string {
		var sb strings.Builder
		cols := []string{d + "Timestamp_Unix_CAL", d + "Accel_WR_X_RAW", d + "Accel_WR_Y_RAW", d + "Accel_WR_Z_RAW", d + "Gyro_X_RAW", d + "Gyro_Y_RAW", d + "Gyro_Z_RAW"}
		if cal {
			cols = append(cols, d+"Accel_WR_X_CAL", d+"Accel_WR_Y_CAL", d+"Accel_WR_Z_CAL")
		}
		sb.WriteString(strings.Join(cols, ",") + "\n")
		for i := range 600 {
			x := float64(i)
			fmt.Fprintf(&sb, "%.3f,%.0f,%.0f,%.0f,12,-40,7", 1621242000000+10*x, 300*math.Sin(x/5), 2048.0, 30*math.Cos(x/7))
			if cal {
				fmt.Fprintf(&sb, ",%.4f,%.4f,%.4f", 300*math.Sin(x/5)/2048*G0, G0, 30*math.Cos(x/7)/2048*G0)
			}
			sb.WriteByte('\n')
		}
		return sb.String()
	}
	if _, err := NewCSVReader(strings.NewReader(file(false)), CSVOptions{Name: "raw.csv"}); !errors.Is(err, ErrUnit) || !strings.Contains(err.Error(), "raw:") {
		t.Errorf("no unit given: %v, want ErrUnit asking for raw:", err)
	}
	for _, tc := range []struct {
		cal bool
		opt CSVOptions
		acc string
	}{{false, CSVOptions{AccUnit: "raw:2048"}, "acc=" + d + "Accel_WR_X_RAW"}, {true, CSVOptions{}, "acc=" + d + "Accel_WR_X_CAL"}} {
		tc.opt.Name = "shimmer.csv"
		r, err := NewCSVReader(strings.NewReader(file(tc.cal)), tc.opt)
		if err != nil {
			t.Fatalf("cal %v: %v", tc.cal, err)
		}
		var s Sample
		if err := r.Read(&s); err != nil || math.Abs(s.Acc[1]-G0) > 1e-3 || r.Layout().HasGyro() {
			t.Errorf("cal %v: %+v %v gyro %v: want 1 g up, no gyroscope (its raw counts unread)", tc.cal, s, err, r.Layout().HasGyro())
		}
		if got := r.Describe(); !strings.Contains(got, tc.acc) {
			t.Errorf("cal %v: describe %q, want %q", tc.cal, got, tc.acc)
		}
	}
}
