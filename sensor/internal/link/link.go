// Package link keeps the state of a phone app's link that a source polls
// or connects to (sensor/phyphox, sensor/sensorserver): whether it is up,
// its failures counted and the last one kept, the failures logged without
// flooding the log, and the wait before the next attempt.
package link

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// State is a link's state. Up and Errors may be read from any goroutine;
// Failed, Wait and the rest belong to the source's Run.
type State struct {
	up      atomic.Bool
	errs    atomic.Uint64
	mu      sync.Mutex
	lastErr string
	logged  time.Time     // the last failure logged
	wait    time.Duration // before the next attempt
}

// SetUp says the link answered; it reports whether it was down before.
func (l *State) SetUp() (wasDown bool) { return !l.up.Swap(true) }

// Up reports whether the link answered last.
func (l *State) Up() bool { return l.up.Load() }

// Count counts a failure that is not the link's (a message not understood).
func (l *State) Count() { l.errs.Add(1) }

// Errors returns the failures counted, LastError the last Failed's text.
func (l *State) Errors() uint64 { return l.errs.Load() }

// LastError returns the text of the last failure of the link.
func (l *State) LastError() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// Failed records a failure of the link: counted, kept as the last error,
// the link down, and logged as a warning msg when the link was up until
// now or the last such line is a minute old; the next attempt waits twice
// as long as the last one did, 1 to 10 s.
func (l *State) Failed(log *slog.Logger, msg string, err error) {
	l.errs.Add(1)
	l.mu.Lock()
	l.lastErr = err.Error()
	l.mu.Unlock()
	if l.up.Swap(false) || time.Since(l.logged) > time.Minute {
		log.Warn(msg, "err", err)
		l.logged = time.Now()
	}
	l.wait = min(max(2*l.wait, time.Second), 10*time.Second)
}

// Wait returns the time to wait before the next attempt.
func (l *State) Wait() time.Duration { return l.wait }

// SetWait sets the time to wait before the next attempt.
func (l *State) SetWait(d time.Duration) { l.wait = d }

// SetDown says the link is down without a failure (the source stopping).
func (l *State) SetDown() { l.up.Store(false) }
