package output_test

import (
	"math"
	"os"

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
