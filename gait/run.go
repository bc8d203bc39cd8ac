package gait

import (
	"errors"
	"io"
	"math"

	"github.com/gaitd/gaitd/sensor"
)

// Analyze streams every sample of src through a new Engine and returns the
// run summary. Each contact is also passed to onContact (may be nil) as it
// becomes final. Bad records (errors other than io.EOF that the source
// marks recoverable, *sensor.LineError or *sensor.FrameError) are passed to
// onBad (may be nil) and skipped; any other error ends the analysis: the
// contacts still pending are flushed as at the end of the stream, and the
// summary of what was read before it is returned with the error (nil
// summary and engine only when the engine cannot be built, e.g. for a
// sample rate out of range).
//
// This is the one code path for files and live streams alike.
func Analyze(src sensor.Source, cfg Config, onContact func(Contact), onBad func(error)) (*Summary, *Engine, error) {
	layout := src.Layout()
	e, err := New(cfg, layout)
	if err != nil {
		return nil, nil, err
	}
	sum := NewSummary(cfg.Placement)
	sum.SetRunInfo(NewRunInfo(cfg, layout))
	buf := make([]Contact, 0, 16)
	// Samples are read into a block and pushed together (PushBatch): the
	// engine then reads each sample long after the source wrote it, not
	// straight after, which on amd64 stalls the loads on the stores
	// (≈ 7 ns a sample). The block is pushed before a bad record is
	// reported and at the end, so onBad and onContact come in stream order.
	var block [blockLen]sensor.Sample
	n := 0
	deliver := func(cs []Contact) {
		for _, c := range cs {
			sum.Add(c)
			if onContact != nil {
				onContact(c)
			}
		}
	}
	push := func() {
		buf = e.PushBatch(buf[:0], block[:n])
		n = 0
		deliver(buf)
	}
	first, last := math.NaN(), math.NaN()
	var readErr error
	for {
		s := &block[n]
		err := src.Read(s)
		if err == io.EOF {
			break
		}
		if err != nil {
			push()
			var le *sensor.LineError
			var fe *sensor.FrameError
			if errors.As(err, &le) || errors.As(err, &fe) {
				if onBad != nil {
					onBad(err)
				}
				continue
			}
			readErr = err
			break
		}
		// the span of the times the engine can take: a source that hands
		// over a NaN or a backward time (the engine refuses and counts
		// it) made the duration NaN, which no JSON can hold, or negative
		if t := s.T; !math.IsNaN(t) && !math.IsInf(t, 0) {
			if math.IsNaN(first) {
				first = t
			}
			if !(t <= last) {
				last = t
			}
		}
		if n++; n == blockLen {
			push()
		}
	}
	push()
	deliver(e.Flush(buf[:0]))
	if !math.IsNaN(first) {
		sum.Span(first, last)
	}
	sum.SetStats(e.Stats())
	return sum, e, readErr
}

// blockLen is the number of samples Analyze reads before it pushes them to
// the engine: 128 samples are 7 KiB, well inside the L1 cache.
const blockLen = 128
