package sensor

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestClassifyAnatomicalNames checks the anatomical axes' names: with a
// prefix before or after them, and bare, as bare x, y, z are read
// (acceleration unless the unit is a rate's; another unit is neither).
func TestClassifyAnatomicalNames(t *testing.T) {
	tests := []struct {
		name string
		role role
		axis int
		rank int
		unit string
	}{
		// prefixed (rank 0, as acc_v always was)
		{"acc_si", roleAccAnat, AxisV, 0, ""},
		{"Acc_SI (g)", roleAccAnat, AxisV, 0, "g"},
		{"gyr_si", roleGyrAnat, AxisV, 0, ""},
		{"acc_craniocaudal", roleAccAnat, AxisV, 0, ""},
		{"acc_superior_inferior", roleAccAnat, AxisV, 0, ""},
		{"acc_lat", roleAccAnat, AxisML, 0, ""},
		{"acc_lateral", roleAccAnat, AxisML, 0, ""},
		{"acc_antpost", roleAccAnat, AxisAP, 0, ""},
		{"AccAnteriorPosterior", roleAccAnat, AxisAP, 0, ""},
		{"gyro_ml (deg/s)", roleGyrAnat, AxisML, 0, "dps"},
		{"Vertical acceleration (g)", roleAccAnat, AxisV, 0, "g"},
		{"AP acceleration [m/s^2]", roleAccAnat, AxisAP, 0, "mps2"},
		{"si_acc", roleAccAnat, AxisV, 0, ""},
		{"ml_gyro", roleGyrAnat, AxisML, 0, ""},
		// a sensor axis named as an anatomical one (bare: as bare x)
		{"Acc_Z (vertical)", roleAccAnat, AxisV, 1, ""},
		{"Z (vertical)", roleAccAnat, AxisV, 2, ""},
		{"X [AP]", roleAccAnat, AxisAP, 2, ""},
		{"gyr_y (ML)", roleGyrAnat, AxisML, 0, ""},
		{"x (number)", roleNone, 0, 0, "other"},
		{"speed (AP)", roleNone, 0, 0, "other"},
		// bare (rankBareAnat)
		{"vertical", roleAccAnat, AxisV, rankBareAnat, ""},
		{"Vertical(g)", roleAccAnat, AxisV, rankBareAnat, "g"},
		{"VT", roleAccAnat, AxisV, rankBareAnat, ""},
		{"vert", roleAccAnat, AxisV, rankBareAnat, ""},
		{"superior-inferior", roleAccAnat, AxisV, rankBareAnat, ""},
		{"Cranio-caudal", roleAccAnat, AxisV, rankBareAnat, ""},
		{"AP", roleAccAnat, AxisAP, rankBareAnat, ""},
		{"anteroposterior", roleAccAnat, AxisAP, rankBareAnat, ""},
		{"anterior-posterior", roleAccAnat, AxisAP, rankBareAnat, ""},
		{"forward", roleAccAnat, AxisAP, rankBareAnat, ""},
		{"fwd [m/s^2]", roleAccAnat, AxisAP, rankBareAnat, "mps2"},
		{"ML", roleAccAnat, AxisML, rankBareAnat, ""},
		{"mediolateral", roleAccAnat, AxisML, rankBareAnat, ""},
		{"lateral", roleAccAnat, AxisML, rankBareAnat, ""},
		{"vertical (deg/s)", roleGyrAnat, AxisV, rankBareAnat, "dps"},
		{"ap_rad_s", roleGyrAnat, AxisAP, rankBareAnat, "rads"},
		// one or two letters that name other things too: weak without
		// a unit, plain with an acceleration or rate unit, none with
		// another
		{"v", roleAccAnat, AxisV, rankWeakAnat, ""},
		{"SI", roleAccAnat, AxisV, rankWeakAnat, ""},
		{"v (g)", roleAccAnat, AxisV, rankBareAnat, "g"},
		{"V [m/s^2]", roleAccAnat, AxisV, rankBareAnat, "mps2"},
		{"v (m/s)", roleNone, 0, 0, "other"},
		{"v (V)", roleNone, 0, 0, "other"},
		{"ap (km/h)", roleNone, 0, 0, "other"},
		// not anatomical axes
		{"lat", roleNone, 0, 0, ""}, // latitude
		{"latitude", roleNone, 0, 0, ""},
		{"lon", roleNone, 0, 0, ""},
		{"longitudinal", roleNone, 0, 0, ""},
		{"speed", roleNone, 0, 0, ""},
		{"velocity", roleNone, 0, 0, ""},
		{"acc", roleNone, 0, 0, ""},
		{"accuracy", roleNone, 0, 0, ""},
		{"verticalAccuracy", roleNone, 0, 0, ""},
		{"vx", roleNone, 0, 0, ""},
		{"psi", roleNone, 0, 0, ""},
	}
	for _, tt := range tests {
		c := classifyColumn(tt.name)
		if c.role != tt.role || c.unit != tt.unit || c.role != roleNone && (c.axis != tt.axis || c.rank != tt.rank) {
			t.Errorf("classifyColumn(%q) = role %d axis %d rank %d unit %q; want %d %d %d %q", tt.name, c.role, c.axis, c.rank, c.unit, tt.role, tt.axis, tt.rank, tt.unit)
		}
	}
}

// anatRecording is a waist recording in g at 100 Hz under header hdr:
// time, then the columns of cols, each "V", "AP", "ML" (an anatomical
// axis's acceleration), "x", "y", "z" (a sensor axis's), or "-" (a
// column of other values, a speed of 3 m/s).
func anatRecording(hdr string, cols ...string) string {
	var b strings.Builder
	b.WriteString(hdr + "\n")
	for i := range 400 {
		x := float64(i) / 9
		val := map[string]float64{
			"V": 1 + 0.5*math.Sin(x), "AP": 0.2 * math.Cos(x), "ML": 0.05 * math.Sin(2*x),
			"x": 0.1, "y": 0.98 + 0.3*math.Sin(x), "z": 0.05, "-": 3,
		}
		fmt.Fprintf(&b, "%.2f", float64(i)/100)
		for _, c := range cols {
			fmt.Fprintf(&b, ",%.4f", val[c])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestCSVAnatomicalHeaders reads a waist recording's anatomical channels
// under the names sacral and trunk exports give them, bare (as bare x, y,
// z are read) or prefixed: each channel must come out on its axis, and
// names that are not acceleration must not take an axis. Before bare
// anatomical names were read, "time,vertical,anteroposterior",
// "timestamp,VT,AP", "t,v,ap" and "Time(s),Vertical(g),AP(g)" were
// refused (no acceleration columns), and "t,acc_si,acc_ap" was read as AP
// alone and refused as lacking gravity.
func TestCSVAnatomicalHeaders(t *testing.T) {
	tests := []struct {
		hdr   string
		cols  []string
		frame Frame
		// want: which column (index into cols) each axis reads, -1 none
		want [3]int
	}{
		{"time,vertical,anteroposterior", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"timestamp,VT,AP", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,v,ap", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,ap,v", []string{"AP", "V"}, FrameAnatomical, [3]int{1, 0, -1}},
		{"Time(s),Vertical(g),AP(g)", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,acc_si,acc_ap", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,SI,AP,ML", []string{"V", "AP", "ML"}, FrameAnatomical, [3]int{0, 1, 2}},
		{"time,superior-inferior,anterior-posterior,medio-lateral", []string{"V", "AP", "ML"}, FrameAnatomical, [3]int{0, 1, 2}},
		{"time,Vertical acceleration (g),AP acceleration (g)", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,vertical", []string{"V"}, FrameAnatomical, [3]int{0, -1, -1}},
		{"t,Z (vertical),X (AP)", []string{"V", "AP"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,v (g)", []string{"V"}, FrameAnatomical, [3]int{0, -1, -1}},
		{"t,acc_v,acc_ap,lateral", []string{"V", "AP", "ML"}, FrameAnatomical, [3]int{0, 1, 2}},
		// a prefixed column is preferred to a bare one of its axis
		{"t,vertical,acc_v,ap", []string{"-", "V", "AP"}, FrameAnatomical, [3]int{1, 2, -1}},
		// bare anatomical names beside sensor-frame acceleration are
		// not read: a v there is a velocity
		{"t,ax,ay,az,v", []string{"x", "y", "z", "-"}, FrameSensor, [3]int{0, 1, 2}},
		{"t,x,y,z,v", []string{"x", "y", "z", "-"}, FrameSensor, [3]int{0, 1, 2}},
		{"t,x,y,z,ap", []string{"x", "y", "z", "-"}, FrameSensor, [3]int{0, 1, 2}},
		// prefixed anatomical columns without the vertical beside the
		// sensor's own acceleration: its axes are read (refused before
		// as anatomical without a vertical column)
		{"t,ax,ay,az,acc_lat", []string{"x", "y", "z", "-"}, FrameSensor, [3]int{0, 1, 2}},
		{"t,acc_ap,acc_x,acc_y,acc_z", []string{"-", "x", "y", "z"}, FrameSensor, [3]int{1, 2, 3}},
		// with the vertical, the anatomical ones win, as before
		{"t,ax,ay,az,acc_v,acc_ap", []string{"-", "-", "-", "V", "AP"}, FrameAnatomical, [3]int{3, 4, -1}},
		// latitude is no lateral axis
		{"t,acc_v,acc_ap,lat,lon", []string{"V", "AP", "-", "-"}, FrameAnatomical, [3]int{0, 1, -1}},
		{"t,vertical,lat", []string{"V", "-"}, FrameAnatomical, [3]int{0, -1, -1}},
	}
	for _, tt := range tests {
		r, err := NewCSVReader(strings.NewReader(anatRecording(tt.hdr, tt.cols...)), CSVOptions{Name: "names.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		res := readAll(t, r)
		if len(res.errs) > 0 || len(res.samples) != 400 {
			t.Errorf("%s: %d samples, errors %v", tt.hdr, len(res.samples), res.errs)
			continue
		}
		if l := r.Layout(); l.Frame != tt.frame {
			t.Errorf("%s: frame %v, want %v (%s)", tt.hdr, l.Frame, tt.frame, r.Describe())
			continue
		}
		// the values of the file's first line, in m/s²
		first := strings.Split(strings.SplitN(anatRecording(tt.hdr, tt.cols...), "\n", 3)[1], ",")[1:]
		for ax, ci := range tt.want {
			want := 0.0
			if ci >= 0 {
				var v float64
				fmt.Sscan(first[ci], &v)
				want = v * G0
			}
			if got := res.samples[0].Acc[ax]; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: axis %d reads %.4f m/s², want %.4f (column %d; %s)", tt.hdr, ax, got, want, ci, r.Describe())
			}
			if r.Layout().Acc[ax] != (ci >= 0) {
				t.Errorf("%s: axis %d present %v, want %v", tt.hdr, ax, r.Layout().Acc[ax], ci >= 0)
			}
		}
	}
}

// TestCSVAnatomicalHeadersRefused checks the headers still refused, and
// that the refusal says why: a v alone may be a velocity, and anatomical
// axes without the vertical one (a vertical column under a name not read)
// cannot be analysed — it was refused as lacking gravity.
func TestCSVAnatomicalHeadersRefused(t *testing.T) {
	tests := []struct {
		hdr  string
		cols []string
		want string
	}{
		{"t,v", []string{"V"}, `no acceleration columns in header ("v" alone is not read as the vertical acceleration`},
		{"t,v,speed", []string{"V", "-"}, `"v" alone is not read`},
		{"t,SI", []string{"V"}, `"SI" alone is not read`},
		{"t,lat,ap", []string{"V", "AP"}, "anatomical acceleration (ap) without a vertical column: name it acc_v, vertical, VT or SI, or name the columns with --columns: t,lat,ap"},
		{"t,v (m/s),ap", []string{"V", "AP"}, "anatomical acceleration (ap) without a vertical column"},
		{"t,gyr_si,acc_ap", []string{"V", "AP"}, "anatomical acceleration (acc_ap) without a vertical column"},
		{"t,longitudinal,ap,ml", []string{"V", "AP", "ML"}, "anatomical acceleration (ap,ml) without a vertical column"},
	}
	for _, tt := range tests {
		_, err := NewCSVReader(strings.NewReader(anatRecording(tt.hdr, tt.cols...)), CSVOptions{Name: "names.csv"})
		if err == nil || !errors.Is(err, ErrNotRecording) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want ErrNotRecording containing %q", tt.hdr, err, tt.want)
		}
	}
}

// TestCSVColumnsReplaceHeader checks that Columns (analyze --columns)
// names the fields of a file that has a header, in its place: a header
// not recognised, and one recognised otherwise (sensor axes renamed as
// anatomical ones, as a file whose x, y, z were aligned to the body).
func TestCSVColumnsReplaceHeader(t *testing.T) {
	for _, tt := range []struct {
		hdr  string
		cols []string
	}{
		{"time,ch1,ch2", []string{"t", "acc_v", "acc_ap"}},
		{"t,x,y", []string{"t", "acc_v", "acc_ap"}},
	} {
		in := anatRecording(tt.hdr, "V", "AP")
		if _, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "h.csv"}); tt.hdr == "time,ch1,ch2" && !errors.Is(err, ErrNotRecording) {
			t.Errorf("%s without Columns: error %v, want ErrNotRecording", tt.hdr, err)
		}
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "h.csv", Columns: tt.cols})
		if err != nil {
			t.Errorf("%s with %v: %v", tt.hdr, tt.cols, err)
			continue
		}
		res := readAll(t, r)
		first := strings.Split(strings.SplitN(in, "\n", 3)[1], ",")
		var v, ap float64
		fmt.Sscan(first[1], &v)
		fmt.Sscan(first[2], &ap)
		if l := r.Layout(); l.Frame != FrameAnatomical || l.Acc != [3]bool{true, true, false} || len(res.samples) != 400 || res.stats.Skipped != 1 ||
			math.Abs(res.samples[0].Acc[AxisV]-v*G0) > 1e-9 || math.Abs(res.samples[0].Acc[AxisAP]-ap*G0) > 1e-9 || r.HeaderLine() != "" {
			t.Errorf("%s with %v: %d samples, %d skipped, first %+v, header line %q (%s)", tt.hdr, tt.cols, len(res.samples), res.stats.Skipped, res.samples[0], r.HeaderLine(), r.Describe())
		}
	}
}

// TestCSVColumnsWeakV checks that Columns naming a bare v alone is refused
// saying to name it acc_v, and that t,v,ap is read.
func TestCSVColumnsWeakV(t *testing.T) {
	in := anatRecording("time,ch1,ch2", "V", "AP")
	_, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "h.csv", Columns: []string{"t", "v", "-"}})
	if err == nil || !strings.Contains(err.Error(), "columns t,v,-: no acceleration column (v alone is not read as the vertical acceleration: name it acc_v)") {
		t.Errorf("t,v,-: error %v", err)
	}
	r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "h.csv", Columns: []string{"t", "v", "ap"}})
	if err != nil || r.Layout().Acc != [3]bool{true, true, false} || r.Layout().Frame != FrameAnatomical {
		t.Errorf("t,v,ap: %v", err)
	}
}
