package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// hyperIMUText converts s whole, and a byte at a time.
func hyperIMUText(t *testing.T, s string) string {
	t.Helper()
	whole, err := io.ReadAll(newHyperIMULines(strings.NewReader(s)))
	if err != nil {
		t.Fatal(err)
	}
	bytewise, err := io.ReadAll(newHyperIMULines(iotest.OneByteReader(strings.NewReader(s))))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, bytewise) {
		t.Fatalf("%q: %q whole, %q a byte at a time", s, whole, bytewise)
	}
	return string(whole)
}

func TestHyperIMULines(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1,2,3#4,5,6#", "1,2,3\n4,5,6\n"},
		{"1,2,3\r\n4,5,6\r\n", "1,2,3\n4,5,6\n"},
		{"1,2,3\r4,5,6\r", "1,2,3\n4,5,6\n"},
		{"1,2,3#\r\n4,5,6#\r\n", "1,2,3\n4,5,6\n"}, // ('#' and the line end: one end)
		{"1,2,3#\n4,5,6#\r4,5,6#", "1,2,3\n4,5,6\n4,5,6\n"},
		{"1,2,3#\r\r\n\n#\n##4", "1,2,3\n\n\n\n\n\n4"}, // (more ends: blank lines, skipped by the reader)
		{"1,2,3#4,5,6", "1,2,3\n4,5,6"},
		// the MAC address, wherever it is, with its comma
		{"1700000000000,aa:bb:cc:dd:ee:ff,0.1,0.2,9.8#", "1700000000000,0.1,0.2,9.8\n"},
		{"AA-BB-CC-DD-EE-FF,0.1,0.2,9.8#", "0.1,0.2,9.8\n"},
		{"0.1,0.2,9.8, aa:bb:cc:dd:ee:ff #", "0.1,0.2,9.8\n"},
		{"0.1,0.2,9.8,aa:bb:cc:dd:ee:ff", "0.1,0.2,9.8"},
		// hex numbers, times and longer fields are not MAC addresses
		{"aa:bb:cc:dd:ee,1#", "aa:bb:cc:dd:ee,1\n"},
		{"aa:bb:cc:dd:ee:ff:00,1#", "aa:bb:cc:dd:ee:ff:00,1\n"},
		{"12:34:56.789,1e-3,-0.5#", "12:34:56.789,1e-3,-0.5\n"},
		{"aabbccddeeff00112,1#", "aabbccddeeff00112,1\n"},
		{"1,,3#", "1,,3\n"},
	} {
		if got := hyperIMUText(t, tc.in); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
		// what comes out reads the same again (a live source feeds
		// lines it has read to the next reader)
		if got := hyperIMUText(t, tc.want); got != tc.want {
			t.Errorf("%q read again: %q", tc.want, got)
		}
	}
}

// hyperIMUPackets writes a recording's samples (SI units) as HyperIMU
// packets: epoch ms, optionally the MAC address, the accelerometer in m/s²
// and the gyroscope in rad/s, each ended by end.
func hyperIMUPackets(ss []Sample, mac bool, end string) []byte {
	var b bytes.Buffer
	for _, s := range ss {
		fmt.Fprintf(&b, "%d,", int64(math.Round(1.7e12+s.T*1000)))
		if mac {
			b.WriteString("a4:cf:12:0b:9e:31,")
		}
		fmt.Fprintf(&b, "%.5f,%.5f,%.5f,%.5f,%.5f,%.5f%s", s.Acc[0], s.Acc[1], s.Acc[2], s.Gyr[0], s.Gyr[1], s.Gyr[2], end)
	}
	return b.Bytes()
}

// TestCSVHyperIMU: a real walk (mobgap's healthy Test5) sent as HyperIMU
// packets — ended by '#', by CRLF, with the MAC address — reads as format
// hyperimu to the same samples as the same lines ended by LF, read as
// headerless text; without the format, the '#'-ended stream is one long
// line, and the error says what to do.
func TestCSVHyperIMU(t *testing.T) {
	f, err := os.Open(filepath.Join(datasetsDir, "mobgap", "HA001_Test5_Trial1", "input.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	ss := readAllCSV(t, f, CSVOptions{})
	if len(ss) < 1000 {
		t.Fatalf("%d samples", len(ss))
	}
	plain := readAllCSV(t, bytes.NewReader(hyperIMUPackets(ss, false, "\n")), CSVOptions{})
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"#", hyperIMUPackets(ss, false, "#")},
		{"CRLF", hyperIMUPackets(ss, false, "\r\n")},
		{"MAC #", hyperIMUPackets(ss, true, "#")},
		{"MAC # CRLF", hyperIMUPackets(ss, true, "#\r\n")},
	} {
		got := readAllCSV(t, iotest.HalfReader(bytes.NewReader(tc.data)), CSVOptions{Format: FormatHyperIMU, Name: "himu"})
		if len(got) != len(plain) {
			t.Fatalf("%s: %d samples, want %d", tc.name, len(got), len(plain))
		}
		for i := range got {
			if got[i] != plain[i] {
				t.Fatalf("%s: sample %d: %+v, want %+v", tc.name, i, got[i], plain[i])
			}
		}
	}
	_, err = NewCSVReader(bytes.NewReader(hyperIMUPackets(ss, false, "#")), CSVOptions{Name: "himu"})
	if err == nil || !strings.Contains(err.Error(), "packets ended by '#' (HyperIMU)? read them with format hyperimu") {
		t.Errorf("'#'-ended packets without the format: %v", err)
	}
	// a short stream (one line under the length limit) is said so too
	_, err = NewCSVReader(bytes.NewReader(hyperIMUPackets(ss[:30], false, "#")), CSVOptions{Name: "himu"})
	if err == nil || !strings.Contains(err.Error(), "non-numeric fields, with '#' bytes inside: packets ended by '#' (HyperIMU)? read them with format hyperimu") {
		t.Errorf("30 '#'-ended packets without the format: %v", err)
	}
	// a MAC address needs the format too: it is not a number
	cr, err := NewCSVReader(bytes.NewReader(hyperIMUPackets(ss[:20], true, "#")), CSVOptions{Name: "himu", Format: FormatHyperIMU})
	if err != nil {
		t.Fatal(err)
	}
	if d := cr.Describe(); !strings.Contains(d, "format=hyperimu") {
		t.Errorf("described as %q", d)
	}
}

// readAllCSV reads every sample of a CSV stream (readAll), failing on any
// error.
func readAllCSV(t *testing.T, r io.Reader, opt CSVOptions) []Sample {
	t.Helper()
	cr, err := NewCSVReader(r, opt)
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, cr)
	if len(res.errs) > 0 {
		t.Fatal(res.errs)
	}
	return res.samples
}

// FuzzHyperIMU: the packet reader's output does not depend on how its
// input is split into reads, holds no '#' or CR, and reads the same again;
// the CSV reader with format hyperimu gives the same samples and errors in
// any chunks.
func FuzzHyperIMU(f *testing.F) {
	f.Add([]byte("1700000000000,a4:cf:12:0b:9e:31,0.1,0.2,9.8,0.01,0.02,0.03#1700000000010,a4:cf:12:0b:9e:31,0.1,0.2,9.8,0.01,0.02,0.03#"), uint64(1))
	f.Add([]byte("0.1,0.2,9.8\r\n0.1,0.2,9.7\r\n"), uint64(2))
	f.Add([]byte("aa:bb:cc:dd:ee:ff#,#\r\r\n#"), uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		whole, err := io.ReadAll(newHyperIMULines(bytes.NewReader(data)))
		if err != nil {
			t.Fatal(err)
		}
		chunks, err := io.ReadAll(newHyperIMULines(newFuzzChunkReader(bytes.NewReader(data), seed)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, chunks) {
			t.Fatalf("%q: %q whole, %q in chunks", data, whole, chunks)
		}
		if bytes.ContainsAny(whole, "#\r") {
			t.Fatalf("%q: %q holds '#' or CR", data, whole)
		}
		again, _ := io.ReadAll(newHyperIMULines(bytes.NewReader(whole)))
		if !bytes.Equal(again, whole) {
			t.Fatalf("%q: %q, read again %q", data, whole, again)
		}
		opt := CSVOptions{Name: "fuzz", Format: FormatHyperIMU, Lookahead: 8}
		limit := 4*len(data) + 10
		want := drainCSV(t, bytes.NewReader(data), opt, limit)
		compareCSVRuns(t, "OneByteReader", drainCSV(t, iotest.OneByteReader(bytes.NewReader(data)), opt, limit), want)
		compareCSVRuns(t, fmt.Sprintf("random chunks (seed %d)", seed), drainCSV(t, newFuzzChunkReader(bytes.NewReader(data), seed), opt, limit), want)
	})
}

// TestCSVHyperIMULineNumbers: a bad packet is reported at its packet's
// line, whatever ends the packets — '#', a line end, or '#' and a line
// end (as a file of packets one a line has them): there, the '#' and the
// line end after it are one end, not a packet and a blank line (which made
// the bad packet on line 21 of the file "line 41").
func TestCSVHyperIMULineNumbers(t *testing.T) {
	for _, end := range []string{"#", "\n", "\r\n", "#\n", "#\r\n", "#\r"} {
		var b strings.Builder
		for i := range 40 {
			ay := "0.2"
			if i == 20 {
				ay = "x"
			}
			fmt.Fprintf(&b, "%d,a4:cf:12:0b:9e:31,0.1,%s,%.3f,0.01,0.02,0.03%s", int64(1_700_000_000_000)+10*int64(i), ay, 9.8+math.Sin(float64(i)/3), end)
		}
		cr, err := NewCSVReader(iotest.HalfReader(strings.NewReader(b.String())), CSVOptions{Name: "himu", Format: FormatHyperIMU, Lookahead: 8})
		if err != nil {
			t.Fatalf("%q: %v", end, err)
		}
		var lines []int
		n := 0
		for {
			var s Sample
			err := cr.Read(&s)
			var le *LineError
			if errors.As(err, &le) {
				lines = append(lines, le.Line)
				continue
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q: %v", end, err)
			}
			n++
		}
		if n != 39 || len(lines) != 1 || lines[0] != 21 {
			t.Errorf("packets ended by %q: %d samples, bad lines at %v, want 39 and [21]", end, n, lines)
		}
	}
}
