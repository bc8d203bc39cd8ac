package sensor

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestRVCSampleEnd: SampleEnd is the offset just past the frame of the
// sample Read returned — past corrupt bytes and a repeated index, read a
// byte at a time — so that a live port dates each frame by its own bytes
// (a frame comes out once the next one's header has arrived).
func TestRVCSampleEnd(t *testing.T) {
	var b []byte
	var want []int64
	for i := range 6 {
		if i == 2 {
			b = append(b, 0x01, 0x02, 0x03) // noise
		}
		idx := byte(i)
		if i == 4 {
			idx = 3 // repeated: ignored
		}
		b = appendRVC(b, idx, [3]int16{}, [3]int16{0, 0, 1000})
		if i != 4 {
			want = append(want, int64(len(b)))
		}
	}
	for _, r := range []io.Reader{bytes.NewReader(b), iotest.OneByteReader(bytes.NewReader(b))} {
		d := NewRVCReader(r, BinaryOptions{})
		if d.SampleEnd() != 0 {
			t.Errorf("SampleEnd before a Read = %d, want 0", d.SampleEnd())
		}
		var got []int64
		for {
			var s Sample
			err := d.Read(&s)
			if err == io.EOF {
				break
			}
			var fe *FrameError
			if errors.As(err, &fe) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, d.SampleEnd())
		}
		if len(got) != len(want) {
			t.Fatalf("SampleEnd of each sample %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("SampleEnd of each sample %v, want %v", got, want)
				break
			}
		}
	}
}
