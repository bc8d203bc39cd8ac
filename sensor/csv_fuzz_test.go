package sensor

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCSVReader feeds arbitrary bytes to NewCSVReader and Read: they must
// not panic, must end, and every sample they return must be finite, in
// time order and below 50 g. mode picks the options: the lookahead
// (mode%4: default, 8, 9 or 16 lines), Columns (mode/4%4: none, or one
// of three namings of headerless lines) and GyroOnly (mode/16%2; then no
// sample may carry acceleration), OwnFrameRates (mode/32%2) and
// ClockResets (mode/64%2).
func FuzzCSVReader(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(formatsDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, 0.0, uint8(0))
		f.Add(b, 100.0, uint8(1))
	}
	f.Add([]byte("1,2,3\n4,5,6\n"), 1e-320, uint8(0))
	f.Add([]byte("boot\n1,0,0,1\n2,0,0,1\n"), 0.0, uint8(6))
	f.Add([]byte("0,0,1,5\n0,0,1,6\n"), 50.0, uint8(11))
	f.Add([]byte("t,ax,ay,az,note\n0,0,0,1,\"a,b \"\"c\"\", d\"\n0.01,0,0,1,\"\"\"\n0.02,0,\"0\",1,x\n"), 0.0, uint8(0))
	f.Add([]byte("0.1;0;0;9,8;1;2;3\n0.2;0;0;9,8;1;2;3\n"), 0.0, uint8(13))
	f.Add([]byte("t,x,y,z (deg/s)\n0,1,2,3\n0.01,1,2,3\n"), 0.0, uint8(16))
	f.Add([]byte("t,acc_v,acc_ap,note\n0,1,0,\n0.01,1,0,x\n0.02,1,0,\n"), 0.0, uint8(0))
	f.Add([]byte("t,acc_v,acc_ap,acc_ml,gx,gy,gz\n0,1,0,0,1,2,3\n0.01,1,0,0,1,2,3\n"), 0.0, uint8(32))
	f.Add([]byte("t_ms,ax,ay,az\n100,0,0,1\n110,0,0,1\n120,0,0,1\n0,0,0,1\n10,0,0,1\n20,0,0,1\n"), 0.0, uint8(64))
	f.Add([]byte("65510,0,0,1\n65520,0,0,1\n65530,0,0,1\n4,0,0,1\n14,0,0,1\n"), 0.0, uint8(64))
	// preamble rates (a unit, a period), a units row, dates day-first,
	// one that does not exist, headerless date-led lines, ",\t"
	f.Add([]byte("# Sampling rate: 1.6kHz\ncount,ax,ay,az\n0,0,0,1\n1,0,0,1\n"), 0.0, uint8(0))
	f.Add([]byte("# Sample rate (ms): 10\ncount,ax,ay,az\n0,0,0,1\n1,0,0,1\n"), 0.0, uint8(0))
	f.Add([]byte("t,ax,ay,az\nms,g,g,g\nCAL,RAW,CAL,CAL\n0,0,0,1\n10,0,0,1\n"), 0.0, uint8(0))
	f.Add([]byte("Timestamp,ax,ay,az\n13/02/2021 23:59:59.990,0,0,1\n13/02/2021 23:59:59.995,0,0,1\n31/02/2021 00:00:00.000,0,0,1\n"), 0.0, uint8(0))
	f.Add([]byte("2014-05-07 09:37:29.000,0.1,0.9,0\n2014-05-07 09:37:29.010,0.1,0.9,0\n"), 0.0, uint8(0))
	f.Add([]byte("t,\tax,\tay,\taz\n0,\t0,\t0,\t1\n0.01,\t0,\t0,\t1\n"), 0.0, uint8(0))
	// key,value preamble lines of the data's field count before a
	// header naming no acceleration (a gyroscope's file)
	f.Add([]byte("Device,AX6,serial,1\nSample rate,100,Hz,\ntime,gx,gy,gz\n0,0,0,1\n0.01,0,0,1\n"), 0.0, uint8(16))
	// SensorLog's device motion alone: user acceleration plus gravity
	f.Add([]byte("motionTimestamp_sinceReboot(s),motionUserAccelerationX(G),motionUserAccelerationY(G),motionUserAccelerationZ(G),motionGravityX(G),motionGravityY(G),motionGravityZ(G)\n1.00,0,0.1,0,0,-1,0\n1.01,0,0.2,0,0,-1,0\n"), 0.0, uint8(0))
	// Excel serial days (OmGui)
	f.Add([]byte("45579.4168000000,0,0,1\n45579.4168001157,0,0,1\n45579.4168002315,0,0,1\n"), 0.0, uint8(0))
	// a clock of whole seconds, ticks of 5 rows
	f.Add([]byte("t,ax,ay,az\n9,0,0,1\n10,0,0,1\n10,0,1,1\n10,0,2,1\n10,0,3,1\n10,0,4,1\n11,0,0,1\n11,0,1,1\n11,0,2,1\n11,0,3,1\n11,0,4,1\n12,0,0,1\n"), 0.0, uint8(0))
	columns := [][]string{nil, {"t_ms", "ax", "ay", "az"}, {"ax", "ay", "az", "-"}, {"t", "acc_v", "acc_ap", "-", "gx", "gy", "gz (deg/s)"}}
	f.Fuzz(func(t *testing.T, data []byte, rate float64, mode uint8) {
		opt := CSVOptions{Name: "fuzz", Rate: rate, Lookahead: []int{0, 8, 9, 16}[mode%4], Columns: columns[mode/4%4], GyroOnly: mode/16%2 == 1, OwnFrameRates: mode/32%2 == 1, ClockResets: mode/64%2 == 1}
		r, err := NewCSVReader(bytes.NewReader(data), opt)
		if err != nil {
			return
		}
		var prev float64
		have := false // a sample has been returned (prev is its time)
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatal("Read does not end")
			}
			var s Sample
			err := r.Read(&s)
			if err == io.EOF {
				break
			}
			var le *LineError
			if errors.As(err, &le) {
				continue
			}
			if err != nil {
				break
			}
			if !finite(s.T) || have && s.T < prev && r.timeDiv != 0 {
				t.Fatalf("bad time %v after %v", s.T, prev)
			}
			prev, have = s.T, true
			for k := range 3 {
				if !finite(s.Acc[k]) || math.Abs(s.Acc[k]) > maxAbsAcc || math.IsNaN(s.Gyr[k]) || opt.GyroOnly && s.Acc[k] != 0 {
					t.Fatalf("bad sample %+v", s)
				}
			}
		}
		st := r.Stats()
		if st.Rows != st.Samples+st.BadLines+st.LeadZeros {
			t.Fatalf("stats do not add up: %+v", st)
		}
	})
}
