package gait_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// Analyze reads a whole recording: here 20 s of a simulated runner with a
// waist sensor, written as CSV (the layout of the reference recordings)
// with one line damaged, and read back with sensor.NewCSVReader. The bad
// line goes to onBad and is skipped; every contact goes to onContact as it
// becomes final; the summary comes back at the end.
func ExampleAnalyze() {
	stream, err := sim.New(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Gyro: true, Seed: 7})
	if err != nil {
		log.Fatal(err)
	}
	var csv bytes.Buffer
	if err := sim.WriteCSV(&csv, stream); err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(csv.String(), "\n")
	lines[1000] = "9.99,oops" // a line garbled in transit
	src, err := sensor.NewCSVReader(strings.NewReader(strings.Join(lines, "\n")), sensor.CSVOptions{Name: "run.csv"})
	if err != nil {
		log.Fatal(err)
	}

	sides := map[gait.Side]int{}
	sum, eng, err := gait.Analyze(src, gait.Config{Placement: gait.Waist},
		func(c gait.Contact) { sides[c.Side]++ },
		func(err error) { fmt.Println("bad record:", err) })
	if err != nil {
		log.Fatal(err)
	}
	r := sum.Report()
	fmt.Printf("%d samples, %d contacts: %d left, %d right\n", eng.Stats().Samples, r.Steps, sides[gait.Left], sides[gait.Right])
	fmt.Printf("%s: cadence %.0f steps/min, GCT %.0f ms, VO %.0f mm\n", r.Activity, *r.CadenceSPM, *r.GCTms, *r.VOmm)
	// Output:
	// bad record: run.csv:1001: wrong number of fields: have 2, want 7
	// 2000 samples, 56 contacts: 28 left, 28 right
	// running: cadence 170 steps/min, GCT 241 ms, VO 72 mm
}
