package output_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/output"
)

// One row per contact; unknown values are empty cells.
func ExampleEventsWriter() {
	w, _ := output.NewEventsWriter(os.Stdout)
	nan := math.NaN()
	w.Write(gait.Contact{IC: 12.5, FC: 12.74, Side: gait.Left, SideConf: 0.97, GCT: 0.24, Step: 0.35, Flight: 0.11, VO: 0.082, ImpactG: 1.7, Braking: 0.31,
		Activity: gait.Running, PeakDecel: 0.8, LoadingRate: 65, Pitch: nan, Roll: nan, Yaw: nan, StrikeAngle: nan, Turn: nan})
	w.Flush()
	// Output:
	// ic_s,fc_s,side,gct_ms,flight_ms,step_ms,vo_mm,impact_g,side_conf,braking_m_s,activity,clipped,peak_decel_g,loading_rate_g_s,pitch_deg,roll_deg,yaw_deg,strike_angle_deg,turn_deg
	// 12.5000,12.7400,L,240.0,110.0,350.0,82.0,1.70,0.97,0.310,running,0,0.800,65.0,,,,,
}

// A run's events and summary, as gaitd writes them: the events go to a
// temporary file that appears under its name only on Commit (an
// interrupted run leaves the previous file as it was; Abort removes the
// temporary one); WriteJSON does the same for a summary in one call.
func ExampleCreateAtomic() {
	dir, err := os.MkdirTemp("", "gaitd-output")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "run.events.csv")

	f, err := output.CreateAtomic(name)
	if err != nil {
		log.Fatal(err)
	}
	w, _ := output.NewEventsWriter(f)
	w.Write(gait.Contact{IC: 1.25, FC: 1.49, Side: gait.Right, GCT: 0.24, Step: math.NaN(), Flight: math.NaN(),
		VO: math.NaN(), Braking: math.NaN(), PeakDecel: math.NaN(), LoadingRate: math.NaN(), Pitch: math.NaN(),
		Roll: math.NaN(), Yaw: math.NaN(), StrikeAngle: math.NaN(), Turn: math.NaN()})
	w.Flush()
	_, err = os.Stat(name)
	fmt.Println("before Commit:", errors.Is(err, fs.ErrNotExist))
	if err := f.Commit(); err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(name)
	fmt.Printf("after: %d lines\n", strings.Count(string(b), "\n"))

	if err := output.WriteJSON(filepath.Join(dir, "run.summary.json"), map[string]int{"steps": 1}); err != nil {
		log.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "run.summary.json"))
	fmt.Print(string(b))
	entries, _ := os.ReadDir(dir)
	fmt.Println(len(entries), "files")
	// Output:
	// before Commit: true
	// after: 2 lines
	// {
	//   "steps": 1
	// }
	// 2 files
}
