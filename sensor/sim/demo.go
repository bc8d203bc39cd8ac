package sim

import "github.com/gaitd/gaitd/sensor"

// DemoConfig returns the configuration of the demo recording
// testdata/demo/run_waist.csv (with its truth run_waist_truth.csv): one
// minute of running at 3.3 m/s, sensor on the waist, 100 Hz, sensor frame
// with a small mounting tilt and trunk lean, three accelerometer axes and
// gyro, with noise. Regenerate with
//
//	go test ./sensor/sim -run TestWriteDemo -demo
func DemoConfig() Config {
	return Config{
		Activity:  Running,
		Placement: Waist,
		Duration:  60,
		Rate:      100,
		Speed:     3.3,
		Frame:     sensor.FrameSensor,
		Tilt:      [3]float64{0.05, 0.12, -0.08},
		Lean:      0.08,
		Gyro:      true,
		Noise:     0.05,
		GyroNoise: 0.005,
		Seed:      2026,
	}
}
