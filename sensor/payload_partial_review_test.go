package sensor

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
)

// TestSingleJSONBadSampleOverflow: a batched single-json sample whose
// value is finite as sent but overflows in m/s² (1e308 in g) is skipped and named, the others read, as gaitd-json's is
// ("acc[4]: value overflows") and as single-json's 1e999 is. Before, the
// whole message was refused (its other samples lost, one error).
func TestSingleJSONBadSampleOverflow(t *testing.T) {
	msg := func(unit, key string) func(n, at int) []byte { // (n samples, the bad one at at)
		return func(n, at int) []byte {
			var b strings.Builder
			fmt.Fprintf(&b, `{"device":"d","t0":%d,"dt_ms":10,%s`, partialT0, unit)
			for _, k := range []string{"ax", "ay", "az", "gx", "gy", "gz"} {
				var vs []string
				for i := range n {
					v := "0"
					if k == "ax" {
						v = fmt.Sprint(i)
					}
					if k == key && i == at {
						v = "1e308"
					}
					vs = append(vs, v)
				}
				fmt.Fprintf(&b, `,%q:[%s]`, k, strings.Join(vs, ","))
			}
			b.WriteString("}")
			return []byte(b.String())
		}
	}
	// in g: each sample's x is i·g; compare what is kept and named
	for _, pos := range []int{0, 2, 4} {
		var p Payload
		if err := DecodePayload(&p, "t", msg(`"unit":"g"`, "ay")(5, pos), PayloadOptions{Epoch: partialT0}); err != nil {
			t.Fatalf("ay 1e308 g at %d: message refused: %v", pos, err)
		}
		if len(p.Samples) != 4 || len(p.BadLines) != 1 || p.BadLines[0].Error() != fmt.Sprintf("single-json: ay[%d]: value overflows", pos) {
			t.Fatalf("ay 1e308 g at %d: %d samples, BadLines %q; want 4 and one ay[%d]: value overflows", pos, len(p.Samples), p.BadLines, pos)
		}
		for k, s := range p.Samples {
			i := k
			if k >= pos {
				i++
			}
			if want := float64(i) / 100; fmt.Sprintf("%.2f", s.T) != fmt.Sprintf("%.2f", want) {
				t.Errorf("ay 1e308 g at %d: sample %d at %.3f s, want %.2f", pos, k, s.T, want)
			}
		}
	}
	// a single (not batched) sample that overflows is still the message's error
	var p Payload
	err := DecodePayload(&p, "t", []byte(`{"t0":1700000000000,"unit":"g","ax":1e308,"ay":0,"az":0}`), PayloadOptions{})
	if err == nil || err.Error() != "single-json: ax: value overflows" || len(p.BadLines) != 0 {
		t.Fatalf("single sample 1e308 g: %v, BadLines %q; want the message refused, ax: value overflows", err, p.BadLines)
	}
}

// TestGaitdJSONOverLimitNotReread: a gaitd-json message of more triples
// than PayloadOptions.MaxSamples, every one bad, is refused whole as too
// large without its triples being re-read one by one: before, the slow
// path made a decoder, a slice and an error for each of the 70 000
// triples only to drop them (1.6 M allocations, 60 MB, for a 770 kB
// message; a MiB push: 97 MB, 3.5× the decoder before 5c53d47).
func TestGaitdJSONOverLimitNotReread(t *testing.T) {
	// (allocations: encoding/json's own, a few a message for nulls, one a
	// value of another type; before, a decoder, a slice and an error more
	// for each triple)
	for _, tc := range []struct {
		name, triple string
		allocs       float64
	}{{"null", "[null,0,0]", 1000}, {"string", `"x"`, 1.5 * 70000}} {
		m := []byte(`{"t0_ns":1700000000000000000,"rate_hz":100,"acc":[` + strings.Repeat(tc.triple+",", 70000) + `[0,0,0]]}`)
		var p Payload
		err := DecodePayload(&p, "t", m, PayloadOptions{})
		if err == nil || !strings.Contains(err.Error(), "70001 samples, more than the limit of 65536") || len(p.BadLines) != 0 {
			t.Fatalf("%s: %v, %d BadLines; want refused whole, too many samples", tc.name, err, len(p.BadLines))
		}
		if a := testing.AllocsPerRun(2, func() { DecodePayload(&p, "t", m, PayloadOptions{}) }); a > tc.allocs {
			t.Errorf("%s: %.0f allocations a message, want < %.0f", tc.name, a, tc.allocs)
		}
	}
}

// TestBatchNonObjectElementAllocs: a Sensor Logger entry or SenML record
// that is a number, string, bool or array is named without a JSON decoder
// made for it: 8 allocations each (its error), not 14 — a MiB push of
// "1," entries made 524 000 decoders (sensorlogger 561 MB, 1.4 s; 406 MB,
// 0.6 s after).
func TestBatchNonObjectElementAllocs(t *testing.T) {
	const n = 2000
	for _, tc := range []struct {
		name string
		msg  []byte
		want string
	}{
		{"sensorlogger", []byte(`{"payload":[` + strings.Repeat(`1,"s",true,[1],`, n/4) + `{"name":"totalacceleration","time":1700000000000000000,"values":{"x":0,"y":0,"z":0}}]}`),
			"sensorlogger: payload[0]: number where an object expected|sensorlogger: payload[1]: string where an object expected|sensorlogger: payload[2]: bool where an object expected|sensorlogger: payload[3]: array where an object expected"},
		{"senml", []byte(`[{"bn":"d:","bt":1700000000},` + strings.Repeat(`1,"s",true,[1],`, n/4) + `{"n":"ax","v":0},{"n":"ay","v":0},{"n":"az","v":0}]`),
			"senml: [1]: number where an object expected|senml: [2]: string where an object expected|senml: [3]: bool where an object expected|senml: [4]: array where an object expected"},
	} {
		var p Payload
		if err := DecodePayload(&p, "t", tc.msg, PayloadOptions{}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(p.Samples) != 1 || len(p.BadLines) != n {
			t.Fatalf("%s: %d samples, %d BadLines; want 1, %d", tc.name, len(p.Samples), len(p.BadLines), n)
		}
		var got []string
		for _, e := range p.BadLines[:4] {
			got = append(got, e.Error())
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s: BadLines %q, want %q", tc.name, got, tc.want)
		}
		if a := testing.AllocsPerRun(2, func() { DecodePayload(&p, "t", tc.msg, PayloadOptions{}) }); a > 10*n {
			t.Errorf("%s: %.0f allocations for %d bad elements, want ≤ 10 each", tc.name, a, n)
		}
	}
}

// TestSecondsOfBeyondInt64: a sample time whose difference from
// PayloadOptions.Epoch is beyond int64 (a gaitd-binary t0 of -7.5e18 ns,
// the year 1731, against a 2023 epoch) is converted in order, as math/big
// gives it: before, ns-Epoch wrapped and the samples of one message read
// 9.19e9 s then -8.86e9 s, out of time order (FuzzPayloadInvariants,
// testdata d0b388faba693a83; present before 05c7945 too).
func TestSecondsOfBeyondInt64(t *testing.T) {
	const min, max = math.MinInt64, math.MaxInt64
	for _, c := range []struct{ ns, epoch int64 }{
		{0, 0}, {1700000000123456789, 1700000000000000000}, {-7_550_000_000_000_000_000, 1700000000000000000},
		{min, 1}, {min + 1, 1}, {min, max}, {max, min}, {max - 1, -1}, {max, -1}, {5, -3},
	} {
		want, _ := new(big.Float).Quo(new(big.Float).Sub(new(big.Float).SetInt64(c.ns), new(big.Float).SetInt64(c.epoch)), big.NewFloat(1e9)).Float64()
		if got := secondsOf(c.ns, &PayloadOptions{Epoch: c.epoch}); math.Abs(got-want) > math.Abs(want)*1e-15 {
			t.Errorf("secondsOf(%d, epoch %d) = %v, want %v", c.ns, c.epoch, got, want)
		}
	}
	// in order across the wrap
	opt := &PayloadOptions{Epoch: 1700000000000000000}
	prev := math.Inf(-1)
	for ns := int64(min + opt.Epoch - 5000); ns < min+opt.Epoch+5000; ns += 7 {
		if s := secondsOf(ns, opt); s < prev {
			t.Fatalf("secondsOf(%d) = %v after %v", ns, s, prev)
		} else {
			prev = s
		}
	}
	m := []byte("GDB1\x01\x00\x000000000\x970001\b\x00000000000000000000000000000000000000000000000000")
	var p Payload
	if err := DecodePayload(&p, "t", m, PayloadOptions{Format: PayloadGaitdBinary, Epoch: 1700000000000000000, AccUnit: "g", GyrUnit: "dps", TimeUnit: "ms", Now: 1700000000000000000, MaxSamples: 4096}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(p.Samples); i++ {
		if p.Samples[i].T < p.Samples[i-1].T {
			t.Fatalf("sample %d at %v s after %v s", i, p.Samples[i].T, p.Samples[i-1].T)
		}
	}
}
