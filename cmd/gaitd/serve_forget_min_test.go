package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeForgetAfterMinimum: a --forget-after under 3 s is refused, from
// the flag or the config file. At 1 s a device whose first unitless csv
// message was held for its units (up to 2 s) had its pipeline forgotten
// meanwhile: a second device's push took the place and was answered 200
// ok, the first's samples were then delivered and took the hub's place,
// and the second's 10 samples were refused (measured before the
// refusal). At 3 s the same pushes keep the first device's place: the
// second is refused at the door (503), nothing refused after a 200.
func TestServeForgetAfterMinimum(t *testing.T) {
	// (a value taken would start serve: given up after a second)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for v, said := range map[string]string{"1s": "1s", "2500ms": "2.5s"} {
		err := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--http-push", "--forget-after", v}, io.Discard, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), "serve: --forget-after "+said+": ") || !strings.Contains(err.Error(), "want 0 (never) or at least 3s: an MQTT or pushed device's first samples wait up to 2 s for their units") {
			t.Errorf("--forget-after %s: %v", v, err)
		}
	}
	cfg := filepath.Join(t.TempDir(), "gaitd.yaml")
	os.WriteFile(cfg, []byte("forget_after: 2s\n"), 0o644)
	err := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--http-push", "--config", cfg}, io.Discard, io.Discard)
	// named by the file, line and key (it was named by the flag)
	if err == nil || !strings.HasPrefix(err.Error(), cfg+": line 1: forget_after: 2s: want 0 (never) or at least 3s") {
		t.Errorf("forget_after: 2s: %v", err)
	}

	ss, _, _, _ := float32Run(t)
	h, _, logs := startServe(t, []string{"--max-devices", "1", "--idle", "1s", "--forget-after", "3s",
		"--http-push", "--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")})
	csv := func() []byte { // 10 samples without units: held for them
		b := []byte("t,ax,ay,az\n")
		for i, s := range ss[:10] {
			b = fmt.Appendf(b, "%.2f,%g,%g,%g\n", float64(i)/100, s.Acc[0], s.Acc[1], s.Acc[2])
		}
		return b
	}
	base := "http://" + h + "/api/push/"
	if code, text := post(t, base+"belt-a", csv()); code != http.StatusOK {
		t.Fatalf("belt-a: %d %q", code, text)
	}
	time.Sleep(3500 * time.Millisecond) // beyond --forget-after
	code, text := post(t, base+"belt-b", csv())
	time.Sleep(2500 * time.Millisecond) // belt-b's units, had it been taken
	m := metricsText(t, h)
	if code != http.StatusServiceUnavailable || !strings.Contains(m, "gaitd_device_rejected_samples_total 0\n") || strings.Contains(logs.String(), "device refused") {
		t.Errorf("belt-b: %d %q, want 503 while belt-a holds the place; %s\n%s", code, text, grepLines(m, "rejected"), logs)
	}
}
