package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestServeMQTTInflux: InfluxDB line protocol as Telegraf's MQTT output
// publishes it (protocols §11: a measurement, tags, the fields ax … gz,
// a timestamp in epoch ns; ten lines a message, batch = true) is read
// live, its units detected from gravity, and the run has exactly the
// events of `gaitd analyze` on the same samples. Before, every message
// was refused as an unrecognised format.
func TestServeMQTTInflux(t *testing.T) {
	ss, _ := simRun(t, 60)
	var rows, lines []string
	for i, s := range ss {
		v := fmt.Sprintf("%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2])
		rows = append(rows, fmt.Sprintf("%d.%02d,%s", 1700000000+i/100, i%100, v)) // epoch s, as serve keeps them
		var f []string
		for k, x := range strings.Split(v, ",") {
			f = append(f, []string{"ax", "ay", "az", "gx", "gy", "gz"}[k]+"="+x)
		}
		lines = append(lines, fmt.Sprintf("imu,device=esp32-05,host=telegraf-pi %s,seq=%di %d", strings.Join(f, ","), i, 1700000000000000000+int64(i)*10000000))
	}
	sum, events := analyzedSI(t, "t,ax,ay,az,gx,gy,gz\n"+strings.Join(rows, "\n")+"\n")
	var o serveOptions
	o.mqtt.listen = "127.0.0.1:0"
	rec, steps, logs := servedRunLogs(t, o, "esp32-05", int64(len(ss)), func(_, broker string) {
		c := mqttPublisher(t, broker, "telegraf")
		defer c.Disconnect(100)
		for k := 0; k < len(lines); k += 10 {
			publish(t, c, "gait/esp32-05/imu", []byte(strings.Join(lines[k:min(k+10, len(lines))], "\n")+"\n"))
			time.Sleep(time.Millisecond)
		}
	})
	sameAsAnalyze(t, rec, steps, sum, events)
	if !strings.Contains(logs, "device=esp32-05 format=influx") || !strings.Contains(logs, "acceleration in m/s² (detected from gravity") {
		t.Errorf("the format and units are not said:\n%s", logs)
	}
}
