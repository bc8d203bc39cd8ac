package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeHeaderHint checks that a header whose names gaitd does not
// know is refused naming them and --columns, and that --columns then
// reads the file, its header replaced.
func TestAnalyzeHeaderHint(t *testing.T) {
	var b strings.Builder
	b.WriteString("time,ch1,ch2\n")
	for i := range 1000 {
		x := 2 * math.Pi * 2.9 * float64(i) / 100
		fmt.Fprintf(&b, "%.2f,%.4f,%.4f\n", float64(i)/100, 1+0.8*math.Sin(x), 0.2*math.Cos(x))
	}
	path := filepath.Join(t.TempDir(), "sacral.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, "analyze", path)
	if err == nil || !strings.Contains(err.Error(), "no acceleration columns in header: time,ch1,ch2 (") || !strings.Contains(err.Error(), "--columns, which replaces the header") {
		t.Errorf("error %v, want the names seen and --columns", err)
	}
	out, _, err := runCmd(t, "analyze", "--columns", "t,acc_v,acc_ap", path)
	if err != nil || !strings.Contains(out, "acc=acc_v,acc_ap") || !strings.Contains(out, "frame=anatomical") {
		t.Errorf("with --columns: %v\n%s", err, out)
	}
}
