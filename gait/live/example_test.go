package live_test

import (
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/live"
	"github.com/gaitd/gaitd/sensor/sim"
)

// A Hub takes the samples of any number of devices and serves their
// metrics and runs over HTTP.
func ExampleHub() {
	dir, _ := os.MkdirTemp("", "gaitd-live")
	defer os.RemoveAll(dir)
	h, err := live.New(live.Config{DataDir: dir, Engine: gait.Config{Placement: gait.Waist}})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()

	samples, layout, _, _ := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Seed: 3})
	for k := 0; k < len(samples); k += 10 { // batches, as a source delivers them
		h.Push("belt-1", layout, samples[k:min(k+10, len(samples))])
	}
	id, _ := h.Stop("belt-1") // as POST /api/devices/belt-1/stop does
	fmt.Println("run written:", id != "")

	res, _ := srv.Client().Get(srv.URL + "/metrics")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, "gaitd_runs_total") || strings.HasPrefix(l, "gaitd_samples_total") {
			fmt.Println(l)
		}
	}
	// Output:
	// run written: true
	// gaitd_runs_total{device="belt-1"} 1
	// gaitd_samples_total{device="belt-1"} 2001
}
