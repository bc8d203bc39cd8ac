package sensor

import (
	"fmt"
	"strings"
	"testing"
)

// TestCSVLocatedBesidePlain reads files whose channels of no device (x,
// ax, acc_v …) are beside a body location's or a device's channels: the
// plain ones are read, as before located names were read. A located
// column ranked before a bare x (heel_ax) was read alone, one axis; one
// with an anatomical name (Pelvis Acc V) made the file anatomical with
// its vertical axis alone; another sensor's rates were paired with this
// one's acceleration.
func TestCSVLocatedBesidePlain(t *testing.T) {
	f := func(v float64) string { return fmt.Sprintf("%.5f", v) }
	for _, tt := range []struct{ hdr, want string }{
		{"t,x,y,z,heel_ax", "acc=x,y,z(g detected) gyro=none rate=100.0Hz frame=sensor"},
		{"Time (s),X (g),Y (g),Z (g),Sensor 1: ACC.X 1 [g]", "acc=X,Y,Z(g) gyro=none rate=100.0Hz frame=sensor"},
		{"t,ax,ay,az,Pelvis Acc V", "acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor"},
		{"t,ax,ay,az,Sacrum_acc_si", "acc=ax,ay,az(g detected) gyro=none rate=100.0Hz frame=sensor"},
		{"t,acc_v,acc_ap,acc_ml,Lumbar Acc X", "acc=acc_v,acc_ap,acc_ml(g detected) gyro=none rate=100.0Hz frame=anatomical"},
	} {
		in := exportRecording(tt.hdr, "", ",", func(i int, t float64, a, g [3]float64) []string {
			return []string{fmt.Sprintf("%.2f", t), f(a[0]), f(a[1]), f(a[2]), f(a[0] / 2)}
		})
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "p.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		if res := readAll(t, r); len(res.samples) != 400 || !strings.Contains(r.Describe(), tt.want) {
			t.Errorf("%s: %d samples, %s; want %q", tt.hdr, len(res.samples), r.Describe(), tt.want)
		}
	}
	// another sensor's rates beside this one's acceleration: not read
	hdr := "t,ax,ay,az,L_Shank_Gyr_X_dps,L_Shank_Gyr_Y_dps,L_Shank_Gyr_Z_dps"
	in := exportRecording(hdr, "", ",", func(i int, t float64, a, g [3]float64) []string {
		return []string{fmt.Sprintf("%.2f", t), f(a[0]), f(a[1]), f(a[2]), f(g[0]), f(g[1]), f(g[2])}
	})
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "p.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, r); len(res.samples) != 400 || !strings.Contains(r.Describe(), "acc=ax,ay,az(g detected) gyro=none") {
		t.Errorf("%s: %d samples, %s", hdr, len(res.samples), r.Describe())
	}
}
