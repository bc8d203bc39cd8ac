package sensor

import (
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
