package sensor

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchPayloads builds one message of n samples per format.
func benchPayloads(b *testing.B, n int) map[string][]byte {
	s := walkSamples(n, 100)
	m := map[string][]byte{}
	bin, err := AppendBinaryPayload(nil, BinaryPayloadHeader{Device: "shoe-l", T0: 1700000000000000000, Rate: 100, Gyro: true, Seq: 1}, s)
	if err != nil {
		b.Fatal(err)
	}
	m["gaitd-binary-int16"] = bin
	if m["gaitd-binary-float32"], err = AppendBinaryPayload(nil, BinaryPayloadHeader{Device: "shoe-l", T0: 1700000000000000000, Rate: 100, Gyro: true, Float32: true, Seq: 1}, s); err != nil {
		b.Fatal(err)
	}
	acc, gyr := make([][]float64, n), make([][]float64, n)
	for i := range s {
		acc[i] = s[i].Acc[:]
		gyr[i] = s[i].Gyr[:]
	}
	g, _ := json.Marshal(map[string]any{"device": "shoe-l", "t0_ns": int64(1700000000000000000), "rate_hz": 100, "unit": "mps2", "acc": acc, "gyr": gyr})
	m["gaitd-json"] = g
	var sl, csv, senml strings.Builder
	sl.WriteString(`{"messageId":1,"sessionId":"s","deviceId":"phone","payload":[`)
	senml.WriteString(`[{"bn":"urn:dev:mac:0024befffe804ff1:","bt":1700000000,"bu":"m/s2","n":"ax","v":0}`)
	for i, x := range s {
		if i > 0 {
			sl.WriteByte(',')
		}
		ns := 1698501144401773000 + int64(i)*10000000
		fmt.Fprintf(&sl, `{"name":"totalacceleration","time":%d,"values":{"z":%.4f,"y":%.4f,"x":%.4f}},`, ns, x.Acc[2], x.Acc[1], x.Acc[0])
		fmt.Fprintf(&sl, `{"name":"gyroscope","time":%d,"values":{"z":%.4f,"y":%.4f,"x":%.4f}}`, ns+200000, x.Gyr[2], x.Gyr[1], x.Gyr[0])
		fmt.Fprintf(&csv, "%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n", 123450+10*i, x.Acc[0], x.Acc[1], x.Acc[2], x.Gyr[0], x.Gyr[1], x.Gyr[2])
		t := float64(i) / 100
		for k, name := range [6]string{"ax", "ay", "az", "gx", "gy", "gz"} {
			if i == 0 && k == 0 {
				continue
			}
			v, u := x.Acc[k%3], ""
			if k >= 3 {
				v, u = x.Gyr[k-3], `"u":"rad/s",`
			}
			fmt.Fprintf(&senml, `,{"n":"%s",%s"t":%g,"v":%.4f}`, name, u, t, v)
		}
	}
	sl.WriteString("]}")
	senml.WriteString("]")
	m["sensorlogger"] = []byte(sl.String())
	m["csv"] = []byte(csv.String())
	m["senml"] = []byte(senml.String())
	return m
}

// BenchmarkDecodePayload reports samples/s per format for 100-sample
// messages (1 s at 100 Hz), and single-json for one sample.
func BenchmarkDecodePayload(b *testing.B) {
	const n = 100
	msgs := benchPayloads(b, n)
	msgs["single-json"] = []byte(`{"ts":1700000000123,"ax":0.12,"ay":9.79,"az":-0.31,"gx":0.01,"gy":-0.02,"gz":0.5}`)
	for _, name := range []string{"gaitd-binary-int16", "gaitd-binary-float32", "gaitd-json", "sensorlogger", "csv", "senml", "single-json"} {
		data := msgs[name]
		b.Run(name, func(b *testing.B) {
			var p Payload
			if err := DecodePayload(&p, "dev", data, PayloadOptions{}); err != nil {
				b.Fatal(err)
			}
			samples := len(p.Samples)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := DecodePayload(&p, "dev", data, PayloadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
