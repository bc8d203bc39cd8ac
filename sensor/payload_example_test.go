package sensor_test

import (
	"errors"
	"fmt"

	"github.com/gaitd/gaitd/sensor"
)

func ExampleDecodePayload() {
	msg := []byte(`{"device":"shoe-l","t0_ns":1700000000000000000,"rate_hz":100,"unit":"g",
		"acc":[[0.01,1.02,-0.03],[0.02,0.98,-0.01]],"gyr":[[0.1,0,0],[0.2,0,0]],"seq":7}`)
	var p sensor.Payload // reuse one Payload per stream
	opt := sensor.PayloadOptions{Epoch: 1700000000000000000}
	if err := sensor.DecodePayload(&p, "from-topic", msg, opt); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Format, p.Device, p.Seq, p.T0, p.Layout.Rate, p.Layout.HasGyro())
	for _, s := range p.Samples {
		fmt.Printf("t=%.2fs acc=[%.3f %.3f %.3f] m/s² gyr=%.1f rad/s\n", s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0])
	}

	// A Sensor Logger message missing a value:
	bad := []byte(`{"messageId":3,"payload":[{"name":"totalacceleration","time":1698501144401773000,"values":{"x":0.1,"y":9.8}}]}`)
	fmt.Println(sensor.DecodePayload(&p, "", bad, opt))
	// Output:
	// gaitd-json shoe-l 7 1700000000000000000 100 true
	// t=0.00s acc=[0.098 10.003 -0.294] m/s² gyr=0.1 rad/s
	// t=0.01s acc=[0.196 9.611 -0.098] m/s² gyr=0.2 rad/s
	// sensorlogger: payload[0].values: missing "z"
}

// A device (or a test) sends samples as gaitd-binary: int16 mg and
// 0.01 rad/s after a header with the device, first sample time and rate.
func ExampleAppendBinaryPayload() {
	samples := []sensor.Sample{
		{Acc: [3]float64{0.1, 9.81, -0.2}, Gyr: [3]float64{1.234, 0, 0}},
		{Acc: [3]float64{0.2, 9.79, -0.1}, Gyr: [3]float64{1.5, 0, 0}},
	}
	h := sensor.BinaryPayloadHeader{Device: "shoe-l", T0: 1700000000000000000, Rate: 100, Gyro: true, Seq: 42}
	msg, err := sensor.AppendBinaryPayload(nil, h, samples)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d bytes, magic %q\n", len(msg), msg[:4])

	var p sensor.Payload
	if err := sensor.DecodePayload(&p, "", msg, sensor.PayloadOptions{Epoch: h.T0}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Format, p.Device, p.Seq, p.Layout.Rate, p.Layout.HasGyro())
	for _, s := range p.Samples {
		fmt.Printf("t=%.2fs acc=[%.3f %.3f %.3f] m/s² gyr=%.2f rad/s\n", s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0])
	}

	// Out of the int16 range (±32.767 g):
	_, err = sensor.AppendBinaryPayload(nil, h, []sensor.Sample{{Acc: [3]float64{0, 40 * sensor.G0, 0}}})
	fmt.Println(err)
	// Output:
	// 55 bytes, magic "GDB1"
	// gaitd-binary shoe-l 42 100 true
	// t=0.00s acc=[0.098 9.807 -0.196] m/s² gyr=1.23 rad/s
	// t=0.01s acc=[0.196 9.787 -0.098] m/s² gyr=1.50 rad/s
	// cannot encode gaitd-binary payload: sample 0: acc[1] = 392.266 m/s²: out of the int16 range ±321.3 m/s²
}

// A device that publishes its csv header once, as a message of its own
// (an ESP32 sketch's setup()), then data lines without it: the header
// alone is ErrCSVHeaderOnly, its names in Payload.CSVHeader, which the
// caller passes on as PayloadOptions.CSVHeader for the later messages.
func ExampleDecodePayload_csvHeaderOnly() {
	var p sensor.Payload
	var opt sensor.PayloadOptions
	err := sensor.DecodePayload(&p, "esp32", []byte("t_ms,az,ay,ax\n"), opt)
	fmt.Println(errors.Is(err, sensor.ErrCSVHeaderOnly), p.CSVHeader)
	opt.CSVHeader = p.CSVHeader
	if err := sensor.DecodePayload(&p, "esp32", []byte("1000;9,81;0,12;-0,34\n"), opt); err != nil {
		fmt.Println(err)
		return
	}
	s := p.Samples[0]
	fmt.Printf("t=%.3f s acc=[%.2f %.2f %.2f] m/s²\n", s.T, s.Acc[0], s.Acc[1], s.Acc[2])
	// Output:
	// true t_ms,az,ay,ax
	// t=1.000 s acc=[-0.34 0.12 9.81] m/s²
}

// Telegraf's MQTT output in InfluxDB line protocol: one line a sample,
// the device in a tag, fields by name (units from their suffixes), other
// fields not read, and a bad line skipped and named.
func ExampleDecodePayload_influx() {
	msg := []byte(`imu,device=shoe-l,host=pi ax_g=0.01,ay_g=1.02,az_g=-0.03,gx_dps=90,gy_dps=0,gz_dps=0,seq=1i 1700000000000000000
imu,device=shoe-l,host=pi ax_g=0.02,ay_g=0.98,az_g=-0.01,gx_dps=45,gy_dps=0,gz_dps=0,seq=2i 1700000000010000000
imu,device=shoe-l,host=pi ax_g=0.02,ay_g=0.98,gx_dps=45,gy_dps=0,gz_dps=0,seq=3i 1700000000020000000
`)
	var p sensor.Payload
	if err := sensor.DecodePayload(&p, "from-topic", msg, sensor.PayloadOptions{Epoch: 1700000000000000000}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Format, p.Device, len(p.Samples), p.CSVIgnored)
	for _, s := range p.Samples {
		fmt.Printf("t=%.2fs acc=[%.3f %.3f %.3f] m/s² gyr=%.3f rad/s\n", s.T, s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0])
	}
	fmt.Println(p.BadLines)
	// Output:
	// influx shoe-l 2 [seq]
	// t=0.00s acc=[0.098 10.003 -0.294] m/s² gyr=1.571 rad/s
	// t=0.01s acc=[0.196 9.611 -0.098] m/s² gyr=0.785 rad/s
	// [influx: line 3: no field az_g (the message's first line has ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps)]
}
