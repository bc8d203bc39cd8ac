package main

import (
	"encoding/json"
	"testing"

	"github.com/gaitd/gaitd/sensor/sim"
)

// TestSummaryActivityStepsOneFoot: running_steps and walking_steps count
// steps as steps does — two per contact of one foot's sensor. They counted
// contacts: one shoe's 60 s walk read steps 116, walking_steps 57.
func TestSummaryActivityStepsOneFoot(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       sim.Config
		placement string
		field     string
	}{
		{"shoe walk", sim.Config{Activity: sim.Walking, Placement: sim.Shoe, Duration: 60, Speed: 1.3, Seed: 1}, "shoe", "walking_steps"},
		{"shank run", sim.Config{Activity: sim.Running, Placement: sim.Shank, Duration: 40, Gyro: true, Seed: 2}, "shank", "running_steps"},
		{"waist run", sim.Config{Activity: sim.Running, Duration: 40, Gyro: true, Seed: 3}, "waist", "running_steps"},
	} {
		text, _ := simCSV(t, tc.cfg)
		res := analyzeFile(t, writeTemp(t, "rec.csv", text), "--placement", tc.placement)
		var n int
		if err := json.Unmarshal(res.sum.raw[tc.field], &n); err != nil {
			t.Fatal(err)
		}
		if n > res.sum.Steps || n < res.sum.Steps-2 {
			t.Errorf("%s: %s %d of steps %d", tc.name, tc.field, n, res.sum.Steps)
		}
	}
}
