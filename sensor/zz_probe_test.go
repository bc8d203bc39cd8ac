package sensor

import "testing"

func TestZZErrs(t *testing.T) {
	for _, m := range []string{
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1,2,3],[1,2]]}`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1,2,3],[1,2,x]]}`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1,2,3]`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":0,"unit":"mps2","acc":[[1,2,3]]}`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"furlong","acc":[[1,2,3]]}`,
		`{"messageId":1,"sessionId":"s","deviceId":"d","payload":[{"name":"accelerometer","time":1698501144401773000,"values":{"x":1,"y":2}}]}`,
		`{"messageId":1,"sessionId":"s","deviceId":"d","payload":[{"name":"totalacceleration","time":1698501144401773000,"values":{"x":1,"y":2,"z":"a"}}]}`,
		`{"ts":123,"ax":1,"ay":2}`,
		`{"ts":123,"ax":1,"ay":2,"az":"q"}`,
		`[{"bn":"x","bt":1.7e9,"bu":"m/s2","n":"ax","v":0.12},{"n":"ay","t":0.01,"v":}]`,
		"imu,device=e ax=0.01,ay=0.02,az=9.81 1700000000123000000\nimu,device=e ax=0.01,ay=0.02 1700000000133000000\n",
		"1,2,3,4\n5,6,7\n",
		"GDB1\x01\x00",
		"\x00\x01\x02",
		"",
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1,2,3]],"gyr":[[1,2,3],[4,5,6]]}`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1,2,3]],"gyr":[]}`,
		`{"device":"a","t0_ns":1700000000000000000,"rate_hz":100,"unit":"mps2","acc":[[1e999,2,3]]}`,
	} {
		var p Payload
		err := DecodePayload(&p, "dev", []byte(m), PayloadOptions{Now: 1700000000000000000})
		t.Logf("%.60q\n   -> err=%v n=%d bad=%v fmt=%s", m, err, len(p.Samples), p.BadLines, p.Format)
	}
}
