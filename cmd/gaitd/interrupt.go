package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/gaitd/gaitd/sensor"
)

// interruptible returns a reader of f that ends (io.EOF) as soon as ctx is
// done, for inputs whose reads can wait without end: a pipe, a FIFO, a
// terminal, a character device. A read already waiting on such an input
// is not woken by a signal, so Ctrl-C left `gaitd analyze` waiting until
// the writer wrote again or closed (a named pipe held open: 18 s, or for
// ever). Their reads go through a goroutine (the I/O edge), in chunks of
// 64 KiB; a regular file is read directly. stop ends the goroutine at its
// next wait for a buffer or a reader (it may read one more chunk first; a
// read blocked on the input ends with the process). A regular file, whose
// reads do not wait, is read directly, each read ending the input once ctx
// is done (ctxReader). Either way what was read before ctx was done —
// also what the readers above hold in their buffers — is still analysed:
// a recording interrupted while its format was being detected lost the
// seconds already read (a review: "results cover the 0.0 s read").
func interruptible(ctx context.Context, f *os.File) (r io.Reader, stop func()) {
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		return ctxReader{ctx, f}, func() {}
	}
	p := &pumpReader{ctx: ctx, full: make(chan chunk, 2), free: make(chan []byte, 3), done: make(chan struct{}), left: -1}
	for range cap(p.free) {
		p.free <- make([]byte, 64<<10)
	}
	go p.pump(f)
	return p, func() { p.once.Do(func() { close(p.done) }) }
}

// openWaiting opens file name for reading. Opening a FIFO waits for a
// writer to open it, in the kernel, where a signal does not end the wait:
// Ctrl-C did nothing until a second one killed the process (a review). A
// FIFO is therefore opened by a goroutine (the I/O edge), and when ctx is
// done first the open is abandoned with an error saying nothing was read
// (the goroutine closes the file if a writer comes later).
func openWaiting(ctx context.Context, name string) (*os.File, error) {
	if fi, err := os.Stat(name); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return os.Open(name)
	}
	type opened struct {
		f   *os.File
		err error
	}
	res := make(chan opened, 1)
	go func() {
		f, err := os.Open(name)
		res <- opened{f, err}
	}()
	select {
	case o := <-res:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-res; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("%s: interrupted while waiting for a writer to open the FIFO: nothing read, nothing written", name)
	}
}

// lineReader hands over r's text in whole lines: the bytes after the last
// line end it has read are held until the line is complete. When r ends
// (io.EOF) because ctx is done, an incomplete last line is dropped — an
// interrupt ends the input between two reads, mid-line, and the CSV reader
// parsed the rest of the line as a line: a "wrong number of fields" line
// skipped, or a value cut short (…,9.4725 read as …,9.4) taken silently (a
// review). At a true end of input the last line is handed over complete
// or not (a file without a final line end).
type lineReader struct {
	ctx   context.Context
	r     io.Reader
	buf   []byte // read, not yet handed over
	ready int    // buf[:ready] ends with a line end
	err   error  // r's, once reached
}

// newLineReader returns a lineReader of r for ctx.
func newLineReader(ctx context.Context, r io.Reader) *lineReader {
	return &lineReader{ctx: ctx, r: r, buf: make([]byte, 0, sensor.MaxLine)}
}

func (l *lineReader) Read(p []byte) (int, error) {
	for l.ready == 0 {
		if l.err != nil {
			if l.err == io.EOF && len(l.buf) > 0 && l.ctx.Err() == nil {
				l.ready = len(l.buf) // the last line, without its end
				break
			}
			return 0, l.err
		}
		if len(l.buf) == cap(l.buf) {
			// 64 KiB without a line end: handed over as it is (the CSV
			// reader refuses a line over sensor.MaxLine, so a binary or
			// zero-filled file is not read whole into memory first)
			l.ready = len(l.buf)
			break
		}
		n, err := l.r.Read(l.buf[len(l.buf):cap(l.buf)])
		l.buf = l.buf[:len(l.buf)+n]
		l.err = err
		if i := bytes.LastIndexByte(l.buf, '\n'); i >= 0 {
			l.ready = i + 1
		}
	}
	n := copy(p, l.buf[:l.ready])
	l.ready -= n
	// keep the rest at the front (one copy of at most a buffer a read)
	l.buf = l.buf[:copy(l.buf, l.buf[n:])]
	return n, nil
}

// ctxReader reads r until ctx is done, then ends (io.EOF).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, io.EOF
	}
	return c.r.Read(p)
}

type chunk struct {
	b   []byte
	err error
}

// pumpReader hands over what pump read, or io.EOF once ctx is done.
type pumpReader struct {
	ctx  context.Context
	full chan chunk
	free chan []byte
	done chan struct{}
	once sync.Once
	cur  chunk // being read from
	off  int
	err  error // the input's own error, once reached
	// left: once ctx is done, how many of the chunks the pump had read
	// by then are still to be handed over (-1 before)
	left int
}

func (p *pumpReader) pump(f *os.File) {
	for {
		var b []byte
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		n, err := f.Read(b[:cap(b)])
		select {
		case p.full <- chunk{b[:n], err}:
		case <-p.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (p *pumpReader) Read(out []byte) (int, error) {
	for p.off == len(p.cur.b) {
		if p.cur.b != nil {
			p.free <- p.cur.b[:0] // (room: the pump takes one before it fills one)
			p.cur.b, p.off = nil, 0
		}
		if p.err != nil {
			return 0, p.err
		}
		if p.ctx.Err() != nil {
			// the chunks the pump had read when this reader saw the
			// interrupt (about those read before it), not later ones
			if p.left < 0 {
				p.left = len(p.full)
			}
			if p.left == 0 {
				return 0, io.EOF
			}
			p.left--
			c := <-p.full
			p.cur, p.off, p.err = c, 0, c.err
			continue
		}
		select {
		case c := <-p.full:
			p.cur, p.off, p.err = c, 0, c.err
		case <-p.ctx.Done():
		}
	}
	n := copy(out, p.cur.b[p.off:])
	p.off += n
	return n, nil
}
