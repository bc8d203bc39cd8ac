package sensor

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestClassifyLocatedSideWords checks that a side alone (l, r, lt, rt)
// before or after two letters, or before or after a time's name, is no
// body location: "rax", "gyr" (gy and r), "rms" (r and ms) are words, read
// as none as before locations were read — "gyr", a rate's magnitude, was
// read as a right sensor's y rate, "rms" as a time column in ms.
func TestClassifyLocatedSideWords(t *testing.T) {
	for _, name := range []string{"rax", "ray", "lgx", "rgz", "gyr", "gzl", "rms", "RMS (g)", "lms", "rts", "usr", "timer", "rtime", "rsec"} {
		if c := classifyColumn(name); c.role != roleNone {
			t.Errorf("classifyColumn(%q) = %+v; want none", name, c)
		}
	}
	// a side with a channel's longer name, or a location of three
	// letters or more, is one
	for _, tt := range []struct{ name, device string }{
		{"LAccX", "l"}, {"r_gyr_z", "r"}, {"rt_acc_x", "rt"}, {"left_ax", "left"}, {"heel_ax", "heel"}, {"shank_l_ax", "shankl"},
	} {
		if c := classifyColumn(tt.name); c.role == roleNone || c.device != tt.device {
			t.Errorf("classifyColumn(%q) = %+v; want a channel of device %q", tt.name, c, tt.device)
		}
	}
}

// TestCSVLocatedSideWords reads files with such a word beside their
// channels as they were read: "Time (s),X (g),Y (g),Z (g),rax" read rax
// alone as the acceleration (one axis), "t,ax,ay,az,gyr" gyr as the y
// rate.
func TestCSVLocatedSideWords(t *testing.T) {
	for _, tt := range []struct{ hdr, want string }{
		{"Time (s),X (g),Y (g),Z (g),rax", "acc=X,Y,Z(g) gyro=none"},
		{"t,rax,ax,ay,az", "acc=ax,ay,az(g detected) gyro=none"},
		{"t,ax,ay,az,gyr", "acc=ax,ay,az(g detected) gyro=none"},
		{"t,ax,ay,az,lgx", "acc=ax,ay,az(g detected) gyro=none"},
	} {
		word := slices.IndexFunc(strings.Split(tt.hdr, ","), func(n string) bool { return n == "rax" || n == "gyr" || n == "lgx" })
		in := exportRecording(tt.hdr, "", ",", func(i int, t float64, a, g [3]float64) []string {
			row := []string{fmt.Sprintf("%.2f", t), fmt.Sprintf("%.5f", a[0]), fmt.Sprintf("%.5f", a[1]), fmt.Sprintf("%.5f", a[2])}
			return slices.Insert(row, word, fmt.Sprintf("%.3f", 0.2+g[1]/100))
		})
		r, err := NewCSVReader(strings.NewReader(in), CSVOptions{Name: "w.csv"})
		if err != nil {
			t.Errorf("%s: %v", tt.hdr, err)
			continue
		}
		if res := readAll(t, r); len(res.samples) != 400 || !strings.Contains(r.Describe(), tt.want) {
			t.Errorf("%s: %d samples, %s; want %q", tt.hdr, len(res.samples), r.Describe(), tt.want)
		}
	}
}
