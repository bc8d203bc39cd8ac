package sim_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// WriteCSV writes a simulated recording as the reference recordings are
// laid out (t in s, acceleration in g, angular rate in deg/s), which
// gaitd analyze and sensor.NewCSVReader read back.
func ExampleWriteCSV() {
	s, err := sim.New(sim.Config{Activity: sim.Walking, Duration: 5, Rate: 50, Frame: sensor.FrameAnatomical, Gyro: true, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := sim.WriteCSV(&b, s); err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	fmt.Println(strings.Join(lines[:3], "\n"))
	fmt.Println(len(lines)-1, "samples")

	r, err := sensor.NewCSVReader(&b, sensor.CSVOptions{Name: "walk.csv"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Describe())
	// Output:
	// t,acc_v,acc_ap,acc_ml,gyr_v,gyr_ap,gyr_ml
	// 0.000000,1.14361,0.11332,-0.05988,-23.1084,15.9350,9.3508
	// 0.020000,1.20529,0.11480,-0.04702,-23.7038,16.3444,5.8339
	// 251 samples
	// format=csv time=t(s detected) acc=acc_v,acc_ap,acc_ml(g detected) gyro=gyr_v,gyr_ap,gyr_ml(deg/s detected) rate=50.0Hz frame=anatomical
}

// Generate gives a short recording whole, with its ground truth, which
// WriteTruthCSV writes as the reference truth files are laid out.
func ExampleWriteTruthCSV() {
	_, _, truth, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 2, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	if err := sim.WriteTruthCSV(os.Stdout, truth); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ic_s,fc_s,side
	// 0.050000,0.289155,L
	// 0.386842,0.611091,R
	// 0.733795,0.971132,L
	// 1.089881,1.326234,R
	// 1.435569,1.670867,L
	// 1.781108,2.020141,R
}
