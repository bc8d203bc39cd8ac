package main

import (
	"context"
	"io"
	"os"
	"sync"
)

// interruptible returns a reader of f that ends (io.EOF) as soon as ctx is
// done, for inputs whose reads can wait without end: a pipe, a FIFO, a
// terminal, a character device. A read already waiting on such an input
// is not woken by a signal, so Ctrl-C left `gaitd analyze` waiting until
// the writer wrote again or closed (a named pipe held open: 18 s, or for
// ever). Their reads go through a goroutine (the I/O edge), in chunks of
// 64 KiB; a regular file is read directly. stop ends the goroutine at its
// next wait for a buffer or a reader (it may read one more chunk first; a
// read blocked on the input ends with the process).
func interruptible(ctx context.Context, f *os.File) (r io.Reader, stop func()) {
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		return f, func() {}
	}
	p := &pumpReader{ctx: ctx, full: make(chan chunk, 2), free: make(chan []byte, 3), done: make(chan struct{})}
	for range cap(p.free) {
		p.free <- make([]byte, 64<<10)
	}
	go p.pump(f)
	return p, func() { p.once.Do(func() { close(p.done) }) }
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
			p.cur.b = nil
		}
		if p.err != nil {
			return 0, p.err
		}
		if p.ctx.Err() != nil {
			return 0, io.EOF
		}
		select {
		case c := <-p.full:
			p.cur, p.off, p.err = c, 0, c.err
		case <-p.ctx.Done():
			return 0, io.EOF
		}
	}
	n := copy(out, p.cur.b[p.off:])
	p.off += n
	return n, nil
}
