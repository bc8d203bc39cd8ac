package serial

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestTextReplayHeaderAtBufferEnd: a text stream reopened after its
// header was learned, starting with a boot banner of whole lines that
// fill the decoder's 64 KiB buffer exactly (1024 lines of 64 bytes), is
// read with the earlier header put after the banner; when that fails
// too, what was read is given back less the header. The second attempt
// had stopped inside the header (its buffer's fill ended at the banner's
// end) and the give-back sliced past what it had read: a panic
// (slice bounds out of range [65547:65536]) that ended gaitd serve.
func TestTextReplayHeaderAtBufferEnd(t *testing.T) {
	for _, width := range []int{63, 64, 65} {
		line := "boot " + strings.Repeat("x", width-6) + "\n"
		banner := strings.Repeat(line, 70000/width+1)
		second := append([]byte(banner), textStream(30)[12:]...)
		r, src := runSession(t, Config{Device: "tty", Format: FormatText}, [][]byte{textStream(50), second}, nil)
		if len(r.samples) != 80 || !errors.Is(r.err[1], io.EOF) || r.n[1] != int64(len(second)) {
			t.Errorf("lines of %d bytes: %d samples, want 80; second session read %d bytes of %d, ended %v", width, len(r.samples), r.n[1], len(second), r.err[1])
		}
		if st := src.Stats(); st.BadFrames != int64(len(r.bad)) || len(r.bad) == 0 {
			t.Errorf("lines of %d bytes: %d bad lines reported, %d counted: want the banner's", width, len(r.bad), st.BadFrames)
		}
	}
}
