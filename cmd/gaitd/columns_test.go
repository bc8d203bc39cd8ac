package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeColumns: --columns names the fields of a headerless file
// whose layout cannot be told from its values (a HyperIMU stream with the
// magnetometer after the gyroscope: 10 fields), which gives the events and
// summary of the same file without the extra fields; without it, the
// error says to name them. It is refused with a format that has its own
// header.
func TestAnalyzeColumns(t *testing.T) {
	ss, _ := simRun(t, 30)
	var plain, extra strings.Builder
	for _, s := range ss {
		line := fmt.Sprintf("%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f", int64(1.7e12+s.T*1000+0.5), s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2])
		plain.WriteString(line + "\n")
		extra.WriteString(line + ",21.5,-3.2,40.1#")
	}
	dir := t.TempDir()
	pf, ef := filepath.Join(dir, "plain.txt"), filepath.Join(dir, "extra.txt")
	if err := os.WriteFile(pf, []byte(plain.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ef, []byte(extra.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, events := analyzed(t, pf)
	sum2, events2 := analyzed(t, "--format", "hyperimu", "--columns", "t_ms,ax,ay,az,gx,gy,gz,-,-,-", ef)
	if events2 != events {
		t.Errorf("events differ:\n%.300s\nwant\n%.300s", events2, events)
	}
	for _, k := range []string{"steps", "cadence_spm", "gct_ms", "vo_mm", "gct_balance_pct"} {
		if fmt.Sprint(sum2[k]) != fmt.Sprint(sum[k]) {
			t.Errorf("%s: %v, want %v", k, sum2[k], sum[k])
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", "--format", "hyperimu", ef}, "headerless file with 10 columns (want ax,ay,az[,gx,gy,gz] or t,ax,ay,az[,gx,gy,gz]) (--columns names its fields)"},
		{[]string{"analyze", "--format", "phyphox", "--columns", "t,ax,ay,az", pf}, "--columns names a headerless file's fields: --format phyphox has its own"},
		{[]string{"analyze", "--format", "witmotion", "--rate", "100", "--columns", "t,ax,ay,az", pf}, "--columns names a headerless file's fields: --format witmotion has its own"},
		{[]string{"analyze", "--columns", "t_ms,ax,ay,speed", pf}, `column 4 "speed": unknown name`},
	} {
		_, _, err := runCmd(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args[1:], err, tc.want)
		}
	}
}
