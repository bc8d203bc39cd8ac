package sensor

import "testing"

// frameFormatRef is FrameFormat the slow way: the first format, in
// FrameFormat's order, with three whole valid frames one after another at
// any offset of data.
func frameFormatRef(data []byte) string {
	for _, c := range []struct {
		name string
		ff   *frameFormat
	}{{"witmotion", &witFormat}, {"rvc", &rvcFormat}, {"witmotion-ble", &witBLEFormat}} {
		ff := c.ff
	next:
		for p := 0; p+3*ff.size <= len(data); p++ {
			for n := range 3 {
				f := data[p+n*ff.size : p+(n+1)*ff.size]
				for i := range ff.nsync {
					if f[i] != ff.sync {
						continue next
					}
				}
				if !ff.valid(f) {
					continue next
				}
			}
			return c.name
		}
	}
	return ""
}

// FuzzFrameFormat: FrameFormat (the binary hint of a text file or a port
// configured for other frames) names the format whose three valid frames
// follow each other somewhere in data, as a scan of every offset does.
func FuzzFrameFormat(f *testing.F) {
	var wit, ble, rvc []byte
	for i := range 4 {
		s := Sample{T: float64(i) / 100, Acc: [3]float64{0, 0, G0}, Gyr: [3]float64{0.1, 0, 0}}
		wit = AppendWit(wit, s, 16)
		ble = AppendWitBLE(ble, s, 16)
		rvc = appendRVC(rvc, byte(i), [3]int16{1, 2, 3}, [3]int16{0, 0, 1000})
	}
	f.Add(wit)
	f.Add(ble)
	f.Add(rvc)
	f.Add(append([]byte{0x55, 0xAA, 0xAA, 0x55, 1, 2}, rvc...))
	f.Add(append([]byte("t,ax,ay,az\n0,0,0,1\n"), wit[5:]...))
	f.Add([]byte("t,ax,ay,az\n0,0,0,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := FrameFormat(data), frameFormatRef(data); got != want {
			t.Errorf("FrameFormat(% x) = %q, want %q", data, got, want)
		}
	})
}
