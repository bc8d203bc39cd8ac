// Package phyphox reads a phone running the phyphox app live, through the
// app's remote-access interface (protocols.md §6): the app serves HTTP
// (Android port 8080, iOS 80) once "Allow remote access" is on, and a
// client polls /get for the values its buffers gained since a time.
//
// A poll asks for the time buffer and the three acceleration buffers,
// each with the threshold "T|time" (values whose time is over T, the time
// read before the last one): the reply holds the last value read, as a
// witness that the buffers were not cleared, and the new ones. Run first asks
// for the last values alone, so a long experiment's buffers are not
// fetched whole: an experiment younger than Young is read from its start,
// an older one from then on. A new status.session (another experiment) or
// an experiment cleared in the app starts the times again, and Run says so.
// Values phyphox reports as null (NaN on the phone) come through as NaN,
// for the engine to refuse and count.
//
// With Config.Gyro, the gyroscope's buffers are read too, each poll from
// the last gyroscope time read on; the two sensors keep their own times,
// so each acceleration sample takes the angular rate interpolated between
// the two gyroscope readings around its time. A sample waits for the
// gyroscope reading after it (the next poll brings it) for 0.1 s of the
// experiment's clock at most, then takes the last rate held, counted in
// Stats.GyroHeld.
package phyphox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/internal/join"
	"github.com/gaitd/gaitd/sensor/internal/link"
)

// Config says where the phone is and which buffers hold the acceleration.
type Config struct {
	// URL is the app's remote-access address, as it shows it:
	// http://192.168.1.20:8080.
	URL string
	// Buffers are the names of the time buffer (s since the experiment
	// started) and of the x, y, z acceleration buffers (m/s², gravity
	// included) in the experiment; default acc_time, accX, accY, accZ
	// (phyphox's "Acceleration with g").
	Buffers [4]string
	// Gyro, when set, are the names of the gyroscope's time buffer (s
	// since the experiment started) and x, y, z angular rate buffers
	// (rad/s) in the experiment, such as DefaultGyro; zero: none read.
	Gyro [4]string
	// Interval is the time between polls, default 100 ms.
	Interval time.Duration
	// Timeout bounds one poll, default 5 s.
	Timeout time.Duration
	// MaxBody bounds a reply's size in bytes, default 8 MiB.
	MaxBody int64
}

// DefaultBuffers are phyphox's "Acceleration with g" buffers.
var DefaultBuffers = [4]string{"acc_time", "accX", "accY", "accZ"}

// DefaultGyro are the buffers of phyphox's "Gyroscope (rotation rate)"
// experiment, the names an experiment of one's own that records both
// sensors takes from it.
var DefaultGyro = [4]string{"gyr_time", "gyrX", "gyrY", "gyrZ"}

func (c Config) withDefaults() Config {
	if c.Buffers == [4]string{} {
		c.Buffers = DefaultBuffers
	}
	if c.Interval == 0 {
		c.Interval = 100 * time.Millisecond
	}
	if c.Timeout == 0 {
		c.Timeout = 5 * time.Second
	}
	if c.MaxBody == 0 {
		c.MaxBody = 8 << 20
	}
	return c
}

// Validate checks the configuration and returns an error naming the field.
func (c Config) Validate() error {
	c = c.withDefaults()
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("phyphox: URL %q: want the address the app shows, such as http://192.168.1.20:8080", c.URL)
	}
	for i, b := range c.Buffers {
		if b == "" || strings.ContainsAny(b, "&=|#? ") {
			return fmt.Errorf("phyphox: Buffers[%d] %q: want a buffer name of the experiment, such as %s", i, b, DefaultBuffers[i])
		}
	}
	if c.Gyro != [4]string{} {
		seen := map[string]string{}
		for i, b := range c.Buffers {
			seen[b] = fmt.Sprintf("Buffers[%d]", i)
		}
		for i, b := range c.Gyro {
			if b == "" || strings.ContainsAny(b, "&=|#? ") {
				return fmt.Errorf("phyphox: Gyro[%d] %q: want a buffer name of the experiment, such as %s", i, b, DefaultGyro[i])
			}
			if prev, ok := seen[b]; ok {
				// (the two sensors have their own times: a poll asks
				// each time buffer from its own last time)
				return fmt.Errorf("phyphox: Gyro[%d] %q: %s's name too: the gyroscope's buffers are its own, such as %s", i, b, prev, strings.Join(DefaultGyro[:], ","))
			}
			seen[b] = fmt.Sprintf("Gyro[%d]", i)
		}
	}
	if c.Interval < 0 || c.Timeout < 0 || c.MaxBody < 0 {
		return errors.New("phyphox: Interval, Timeout, MaxBody: negative")
	}
	return nil
}

// Layout is the layout of the samples a Source without Config.Gyro
// delivers: three sensor-frame acceleration axes, the rate from the
// timestamps.
var Layout = sensor.Layout{Acc: [3]bool{true, true, true}}

// LayoutGyro is the layout with Config.Gyro: Layout and three sensor-frame
// angular rate axes.
var LayoutGyro = sensor.Layout{Acc: [3]bool{true, true, true}, Gyr: [3]bool{true, true, true}}

// Layout is the layout of the samples s delivers: LayoutGyro with
// Config.Gyro, Layout without.
func (s *Source) Layout() sensor.Layout {
	if s.gyro() {
		return LayoutGyro
	}
	return Layout
}

func (s *Source) gyro() bool { return s.cfg.Gyro != [4]string{} }

// Source polls one phone.
type Source struct {
	cfg    Config
	base   *url.URL
	client *http.Client
	log    *slog.Logger

	polls, samples, sessions, skips, held, pauses atomic.Uint64
	link                                          link.State
	began                                         atomic.Int64 // Began, Unix ns; 0 before an experiment is located

	// Run's alone: the buffers /config listed (buffersOf) for the
	// experiment namesFor, "" when it could not be read; namesAsked once
	// it was asked
	names, namesFor string
	namesAsked      bool
}

// Began returns the wall time at which the current experiment's clock read
// 0, as the poll that located it found it: that reply's arrival less the
// experiment's last time then (the reply's arrival for an empty
// experiment); zero before an experiment was located. An experiment
// located empty (phyphox's clear empties and stops it; its clock reads 0
// from when it is started again) is dated again by the reply that brings
// its first samples: that reply's arrival less its last time. It is set
// before Run calls newSession, and before Run gives the samples of each
// poll, so a caller continuing its clock across experiments dates the new
// one by it as its first samples come: an experiment cleared and started
// again while the phone was out of reach was measuring for a while before
// its samples arrive, and one found empty was started later. An
// experiment paused before it was located began earlier by the pause (its
// clock stood still).
func (s *Source) Began() time.Time {
	if ns := s.began.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// New returns a Source for cfg; it does not connect before Run.
func New(cfg Config, logger *slog.Logger) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	u, _ := url.Parse(cfg.URL)
	u.Path = strings.TrimSuffix(u.Path, "/") + "/get"
	u.RawQuery = ""
	// its own transport, whose idle connection Run closes when it ends
	// (on the shared default one it outlived Run for a server that keeps
	// connections alive)
	client := &http.Client{Timeout: cfg.Timeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	return &Source{cfg: cfg, base: u, client: client, log: logger.With("source", "phyphox", "url", cfg.URL)}, nil
}

// Config returns the configuration with its defaults.
func (s *Source) Config() Config { return s.cfg }

// Stats are a Source's counters.
type Stats struct {
	Connected bool   // the last poll was answered
	Polls     uint64 // polls answered
	Samples   uint64 // samples delivered
	Errors    uint64 // polls failed or replies not understood
	Sessions  uint64 // experiments seen (a new status.session, a cleared buffer)
	Skips     uint64 // backlogs skipped: more than the phone could send in one reply
	GyroHeld  uint64 // samples given the last rate held: no gyroscope reading after them in 0.1 s
	Pauses    uint64 // pauses of the experiment its times were moved on by (see PauseGap)
	LastError string
}

// Stats returns the counters; it is safe to call concurrently with Run.
func (s *Source) Stats() Stats {
	return Stats{Connected: s.link.Up(), Polls: s.polls.Load(), Samples: s.samples.Load(), Errors: s.link.Errors(), Sessions: s.sessions.Load(), Skips: s.skips.Load(), GyroHeld: s.held.Load(), Pauses: s.pauses.Load(), LastError: s.link.LastError()}
}

// reply is the part of /get's JSON that is read.
type reply struct {
	Buffer map[string]struct {
		Buffer []*float64 `json:"buffer"` // null: NaN on the phone
	} `json:"buffer"`
	Status struct {
		Session   string `json:"session"`
		Measuring bool   `json:"measuring"`
	} `json:"status"`
}

// PausedInterval is the time between polls while the experiment is not
// measuring (status.measuring false), when Config.Interval is shorter.
const PausedInterval = time.Second

// PauseGap is the least time (s) an experiment's clock must have fallen
// behind the wall clock's over a pause for the samples after it to be
// moved on. phyphox's experiment time stands still while the experiment
// is paused: measuring again, its times go on from the pause's last one.
const PauseGap = 0.5

// Young is the age (s on the experiment's clock) under which an experiment
// found — at the start, or a new one — is read from its start; an older one
// is read from its last value on.
const Young = 30.0

// ErrReply is wrapped by the errors of replies that are not phyphox's
// JSON or lack a buffer asked for.
var ErrReply = errors.New("phyphox: reply not understood")

// errTooLarge is wrapped by the error of a reply over MaxBody.
var errTooLarge = errors.New("a reply over MaxBody")

// Run polls until ctx ends and returns nil then (what waits for a
// gyroscope reading is given then, with the last rate held). out receives
// the samples of each poll in time order (T in s on the experiment's
// clock, moved on by its pauses: see below); newSession
// is called before the samples of every experiment after the first (their
// times start again). bad receives each reply not understood (wrapping
// ErrReply); a phone that does not answer is logged (once, then at most
// once a minute) and in Stats, and polled again, backing off to 10 s. All
// three are called from Run's goroutine.
//
// Run first asks for the buffers' last values (the "locate" poll): an
// experiment younger than Young is then read from its start, an older one
// from that value on. Once two times were read, each poll asks for the
// values after the one before the last read, so that the last comes again:
// when it does not, the experiment was cleared in the app (found even when
// it measured again past that time while the phone was out of reach). With
// Config.Gyro the gyroscope's last reading is asked again the same way, so
// that a clear before any acceleration was read is found too (its
// readings, then, were joined to the new experiment's samples).
// Until then, a poll that brought nothing new is followed by a locate
// poll, which finds a cleared experiment by its last time fallen below the
// one read. A new status.session is a new experiment.
//
// After a failed poll Run locates again before it asks for the values
// since the last time read. Values the phone cannot send in one reply —
// one over MaxBody, or two in a row not sent within Timeout while the
// locate poll before each was answered: the backlog of a phone out of
// reach for minutes while it measured — are skipped, with a warning, to
// the buffers' last value (the same poll was retried for ever, reading
// nothing again).
//
// phyphox's experiment time stands still while the experiment is paused,
// so the samples after a pause would come right after those before it, a
// stop spliced into a stride. An experiment seen paused (status.measuring
// false) whose first samples once it measures again fall behind the
// wall-clock time since the pause began by PauseGap or more has its
// times from then on moved on by the difference: the engine sees a gap
// of the pause's length (counted in Stats.Pauses). A clock that went on
// through the pause is left as it is. The pause began when the clock read
// its last time, dated by the clock's wall time as the polls that saw it
// measure tell it (a pause while the phone was out of reach is not
// shortened to the time since it was seen); an experiment never seen
// measuring (found paused) is taken to have paused when it was seen so:
// /get does not tell when its clock stopped.
func (s *Source) Run(ctx context.Context, out func([]sensor.Sample), newSession func(), bad func(error)) error {
	if bad == nil {
		bad = func(error) {}
	}
	defer s.client.CloseIdleConnections()
	var (
		session string
		seen    bool // an experiment was located
		locate  = true
		last    float64        // the last time read
		prev    = math.Inf(-1) // the time read before last (-Inf: none)
		gone    bool           // the value at last is no more: the experiment was cleared
		ss      []sensor.Sample
		located bool // the last poll was an answered locate poll
		behind  int  // data polls in a row the phone could not send (too large, too slow) after it answered a locate poll
		// the gyroscope's (Config.Gyro): the last time read (-Inf:
		// from the start), the one read before it (its witness, as
		// prev is the acceleration's), the last time the last locate
		// poll found
		glast, gprev, glocated = math.Inf(-1), math.Inf(-1), math.Inf(-1)
		j                      = join.Joiner{Gyro: s.gyro()}
		ready                  []sensor.Sample
		// the pause (PauseGap): when it began, the last time read
		// then; the time added to the samples after the pauses
		pausedAt time.Time
		pausedT  float64
		shift    float64
		// zero is the wall time the experiment's clock (moved on by
		// shift) read 0, as its polls while it measured tell it
		// (zeroClock); unknown before one, and from each pause on until
		// it measures again
		zero zeroClock
		// unstarted: the experiment was located empty, its clock not
		// started (phyphox's clear stops it): Began is dated again by
		// the reply that brings its first samples
		unstarted bool
	)
	// give delivers the samples the joiner has joined from a poll's
	// acceleration and gyroscope values (joinPoll), and all that wait
	// when flush
	give := func(acc, rates []sensor.Sample, flush bool) {
		var held int
		ready, held = joinPoll(&j, ready[:0], acc, rates, flush)
		s.held.Add(uint64(held))
		for i := range ready {
			ready[i].T += shift
		}
		if len(ready) > 0 {
			s.samples.Add(uint64(len(ready)))
			out(ready)
		}
	}
	// flush delivers what waits for a gyroscope reading: the experiment
	// ends here
	flush := func() { give(nil, nil, true) }
	fail := func(err error) {
		s.link.Failed(s.log, "phyphox poll failed (retrying)", err)
		if errors.Is(err, ErrReply) {
			bad(err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			flush() // (as SensorServer's at the end of its connection)
			return nil
		case <-time.After(s.link.Wait()):
		}
		threshold, gthreshold := "", "" // the last values alone
		switch {
		case locate:
		case math.IsInf(last, -1):
			threshold = "full" // a young experiment, from its start
		case prev > math.Inf(-1):
			// from the value before last: last comes again as the
			// witness that the buffers were not cleared meanwhile
			threshold = strconv.FormatFloat(prev, 'g', -1, 64)
		default:
			threshold = strconv.FormatFloat(last, 'g', -1, 64)
		}
		switch {
		case locate:
		case math.IsInf(glast, -1):
			gthreshold = "full"
		case gprev > math.Inf(-1):
			// from the reading before last, as the acceleration's: its
			// witness tells a clear before any acceleration was read
			// (the gyroscope's readings of the experiment before were
			// joined to the new one's samples)
			gthreshold = strconv.FormatFloat(gprev, 'g', -1, 64)
		default:
			gthreshold = strconv.FormatFloat(glast, 'g', -1, 64)
		}
		r, err := s.poll(ctx, threshold, gthreshold)
		replied := time.Now()
		if err != nil {
			if ctx.Err() != nil {
				flush()
				return nil
			}
			fail(err)
			var ne net.Error
			switch {
			case locate || !located:
			case errors.Is(err, errTooLarge):
				behind = 2 // it only grows
			case errors.As(err, &ne) && ne.Timeout():
				behind++
			default:
				behind = 0
			}
			locate, located = true, false // a small reply first
			continue
		}
		wasLocate := locate
		located = false
		if err := s.check(ctx, r); err != nil {
			fail(err)
			// another experiment, without the buffers: what waits for
			// a gyroscope reading gets none from this one
			flush()
			locate = true
			continue
		}
		wait := s.cfg.Interval
		if !r.Status.Measuring {
			// a paused experiment gains nothing: asked once a second
			// (what it gains once resumed comes with the next poll)
			wait = max(wait, PausedInterval)
		}
		s.link.SetWait(wait)
		s.polls.Add(1)
		if s.link.SetUp() {
			s.log.Info("phyphox connected", "session", r.Status.Session, "measuring", r.Status.Measuring)
		}
		ts := r.Buffer[s.cfg.Buffers[0]].Buffer
		if !locate && r.Status.Session != session {
			locate = true // another experiment: locate it first
			continue
		}
		if locate {
			tl, have := lastTime(ts)
			glocated = math.Inf(-1)
			if s.gyro() {
				glocated, _ = lastTime(r.Buffer[s.cfg.Gyro[0]].Buffer)
			}
			// (an empty experiment is a cleared one if something was
			// read from it; the gyroscope's last time fallen back tells
			// a clear before any acceleration was read, which the
			// acceleration's cannot)
			gcleared := s.gyro() && !math.IsInf(glast, -1) && glocated < glast
			cleared := seen && r.Status.Session == session && (gone || have && tl < last || !have && !math.IsInf(last, -1) || gcleared)
			fresh := !seen || r.Status.Session != session || cleared
			if fresh {
				s.sessions.Add(1)
				// what waited for a gyroscope reading ends the
				// experiment before
				flush()
				j.Reset()
				began := replied
				if have {
					began = replied.Add(-time.Duration(tl * float64(time.Second)))
				}
				s.began.Store(began.UnixNano())
				unstarted = !have
				if seen {
					s.log.Info("phyphox: a new experiment", "session", r.Status.Session, "cleared", cleared)
					if newSession != nil {
						newSession()
					}
				}
				seen, session = true, r.Status.Session
				// (the gyroscope's from the acceleration's last time
				// when it is ahead: the samples after it need the
				// readings after it)
				last, prev, glast, gprev = tl, math.Inf(-1), min(glocated, tl), math.Inf(-1)
				pausedAt, shift, zero = time.Time{}, 0, zeroClock{}
				if !have || tl < Young {
					last, glast = math.Inf(-1), math.Inf(-1) // read from its start
				}
			} else if behind >= 2 && have && tl > last {
				s.log.Warn("phyphox: the values since the last time read are more than the phone can send in one reply: skipped", "from", last, "to", tl, "max_body", s.cfg.MaxBody, "timeout", s.cfg.Timeout)
				s.skips.Add(1)
				flush()
				j.Reset()
				last, prev, glast, gprev = tl, math.Inf(-1), min(glocated, tl), math.Inf(-1)
			}
			gone = false
			if fresh {
				behind = 0
			}
			locate, located = false, wasLocate
			continue
		}
		behind = 0
		if prev > math.Inf(-1) && !has(ts, last) || s.gyro() && gprev > math.Inf(-1) && !has(r.Buffer[s.cfg.Gyro[0]].Buffer, glast) {
			// the witness is gone: cleared, and maybe measuring again
			// past the last time read (while the phone was out of reach)
			locate, gone = true, true
			continue
		}
		witness := prev > math.Inf(-1)
		before := last
		ss, last = samples(ss[:0], r, s.cfg.Buffers, last)
		switch n := len(ss); {
		case n >= 2:
			prev = ss[n-2].T
		case n == 1 && before > math.Inf(-1):
			prev = before
		}
		var gs []sensor.Sample
		if s.gyro() {
			gbefore := glast
			gs, glast = samples(ss[len(ss):], r, s.cfg.Gyro, glast)
			switch n := len(gs); {
			case n >= 2:
				gprev = gs[n-2].T
			case n == 1 && gbefore > math.Inf(-1):
				gprev = gbefore
			}
		}
		switch now := time.Now(); {
		case !r.Status.Measuring:
			if pausedAt.IsZero() && !math.IsInf(last, -1) {
				// it paused when its clock read last: by the clock's
				// wall time when it was seen measuring (a pause while
				// the phone was out of reach, or between two polls,
				// began before this reply; taken for its start, the
				// pause was understated by that much and spliced when
				// it measured again within PauseGap), else now
				pausedAt = now
				if z, ok := zero.at(); ok && z.Add(secs(last+shift)).Before(now) {
					pausedAt = z.Add(secs(last + shift))
				}
			}
			pausedT = last
		case !pausedAt.IsZero() && len(ss) > 0:
			// measuring again: its clock stood still through the pause
			// if its samples fall behind the wall clock's time since
			if behind := pausedT + now.Sub(pausedAt).Seconds() - last; behind >= PauseGap {
				shift += behind
				s.pauses.Add(1)
				s.log.Info("phyphox: the experiment measures again after a pause: its times moved on by the pause", "pause_s", math.Round(behind*1000)/1000, "at", pausedT)
			}
			pausedAt, zero = time.Time{}, zeroClock{} // (a pause not moved on left the clock behind)
		}
		if unstarted && len(ss) > 0 {
			// an experiment located empty began when its clock was
			// started, after it was located: by this reply, the first
			// to bring its samples (the caller reads Began as they come)
			unstarted = false
			s.began.Store(replied.Add(-secs(last)).UnixNano())
		}
		if r.Status.Measuring && len(ss) > 0 {
			zero.add(replied, last+shift)
		}
		// (a paused experiment's last samples get no gyroscope reading
		// after them before it measures again)
		give(ss, gs, !r.Status.Measuring)
		if len(ss) == 0 && !witness {
			locate = true // nothing new: cleared, or another experiment?
		}
	}
}

// joinPoll gives j a poll's acceleration samples acc and gyroscope
// readings rates (their values in Acc), each in time order, and appends to
// dst the samples j has joined (and all that wait, when flush), with the
// number given the last rate held. They go to j in time order, the joined
// ones taken as they come: a young experiment read whole holds more rates
// than j keeps.
func joinPoll(j *join.Joiner, dst, acc, rates []sensor.Sample, flush bool) (out []sensor.Sample, held int) {
	i, h := 0, 0
	for _, g := range rates {
		for ; i < len(acc) && acc[i].T <= g.T; i++ {
			j.Acc(acc[i].T, acc[i].Acc)
		}
		j.Rate(g.T, g.Acc)
		dst, h = j.Ready(dst)
		held += h
	}
	for ; i < len(acc); i++ {
		j.Acc(acc[i].T, acc[i].Acc)
	}
	dst, h = j.Ready(dst)
	held += h
	if flush {
		dst, h = j.Flush(dst)
		held += h
	}
	return dst, held
}

// zeroClock tells the wall time an experiment's clock read 0 from the
// polls that saw it measure: each reply arrived after its last sample was
// measured, so its arrival less that sample's time is the clock's zero
// plus the reply's delay. The earliest over the last one to two seconds
// of replies is taken (over all of them, the drift between the phone's
// clock and the host's, 0.2 s an hour at 50 ppm, would add up).
type zeroClock struct {
	cur, prev time.Time // the earliest of the current bucket and of the one before
	since     time.Time // the current bucket's first reply
}

// add takes a reply that arrived at replied, its last sample at time t (s).
func (z *zeroClock) add(replied time.Time, t float64) {
	at := replied.Add(-secs(t))
	switch {
	case z.since.IsZero():
		z.cur, z.prev, z.since = at, at, replied
	case replied.Sub(z.since) >= time.Second:
		z.prev, z.cur, z.since = z.cur, at, replied
	case at.Before(z.cur):
		z.cur = at
	}
}

// at returns the clock's zero, ok false before a reply was taken.
func (z *zeroClock) at() (time.Time, bool) {
	if z.since.IsZero() {
		return time.Time{}, false
	}
	if z.prev.Before(z.cur) {
		return z.prev, true
	}
	return z.cur, true
}

// secs is t seconds as a Duration.
func secs(t float64) time.Duration { return time.Duration(t * float64(time.Second)) }

// has tells whether time buffer ts holds t.
func has(ts []*float64, t float64) bool {
	return slices.ContainsFunc(ts, func(v *float64) bool { return v != nil && *v == t })
}

// lastTime is a time buffer's last value, if it has one.
func lastTime(ts []*float64) (float64, bool) {
	if n := len(ts); n > 0 && ts[n-1] != nil {
		return *ts[n-1], true
	}
	return math.Inf(-1), false
}

// check says what a reply lacks: one of the configured buffers.
func (s *Source) check(ctx context.Context, r *reply) error {
	b, what, advice := lacks(r, s.cfg.Buffers, "time", " acceleration", `run "Acceleration with g"`)
	if b == "" && s.gyro() {
		b, what, advice = lacks(r, s.cfg.Gyro, "gyroscope time", " angular rate", "run an experiment that records the gyroscope too")
	}
	if b == "" {
		return nil
	}
	return fmt.Errorf("%w: the experiment has no buffer %q (%s; %s): %s, or name its buffers", ErrReply, b, what, s.buffersOf(ctx, r), advice)
}

// lacks returns the first of the buffers names (time, x, y, z) that r
// lacks, what it is (time, or the axis and values) and the advice for the
// error; "" when r has them all.
func lacks(r *reply, names [4]string, time, values, advice string) (b, what, adv string) {
	for i, b := range names {
		if _, ok := r.Buffer[b]; !ok {
			what := time
			if i > 0 {
				what = string("xyz"[i-1]) + values
			}
			return b, what, advice
		}
	}
	return "", "", ""
}

// buffersOf says which buffers the experiment that sent r has, for an
// error: a /get reply holds only the buffers it was asked for that the
// experiment has, so they are asked of /config (its "buffers": [{"name":
// …, "size": …}], as phyphox-android's RemoteServer writes it; that
// layout is not in protocols.md and unverified on a phone: a reply of
// another shape reads as a list that could not be read, and the error
// says so), once for each experiment (status.session), whether it could
// be read or not: asked again with every poll's error, a phone without
// the page was asked twice each time, and one slow to answer it kept Run
// waiting up to Timeout more on each.
func (s *Source) buffersOf(ctx context.Context, r *reply) string {
	if !s.namesAsked || s.namesFor != r.Status.Session {
		s.namesAsked, s.namesFor, s.names = true, r.Status.Session, s.config(ctx)
	}
	if s.names != "" {
		return "its buffers: " + s.names
	}
	if n := bufferNames(r); n != "" {
		return "of the buffers asked for it has " + n + "; its list (/config) could not be read"
	}
	return "it has none of the buffers asked for; its list (/config) could not be read"
}

// config reads the names of the experiment's buffers from /config, sorted
// and joined by ", "; "" when it cannot (no such page, not JSON, no
// buffers).
func (s *Source) config(ctx context.Context) string {
	u := *s.base
	u.Path = strings.TrimSuffix(u.Path, "get") + "config"
	u.RawQuery = ""
	body, err := s.get(ctx, &u)
	var c struct {
		Buffers []struct {
			Name string `json:"name"`
		} `json:"buffers"`
	}
	if err != nil || json.Unmarshal(body, &c) != nil {
		return ""
	}
	var n []string
	for _, b := range c.Buffers {
		if b.Name != "" {
			n = append(n, b.Name)
		}
	}
	slices.Sort(n)
	return strings.Join(n, ", ")
}

// samples appends to dst the samples of r's buffers (names: time, x, y,
// z; the three values go in Acc) whose time is over last, in order, and
// returns them with the last time read. A null time is skipped; a null value is NaN. The buffers can
// be cut apart as the phone writes: the rest comes with the next poll,
// asked from the last time read.
func samples(dst []sensor.Sample, r *reply, names [4]string, last float64) ([]sensor.Sample, float64) {
	ts, ax, ay, az := r.Buffer[names[0]].Buffer, r.Buffer[names[1]].Buffer, r.Buffer[names[2]].Buffer, r.Buffer[names[3]].Buffer
	for i := range min(len(ts), len(ax), len(ay), len(az)) {
		if ts[i] == nil || !(*ts[i] > last) {
			continue // a time the phone could not give, or one read
		}
		dst = append(dst, sensor.Sample{T: *ts[i], Acc: [3]float64{val(ax[i]), val(ay[i]), val(az[i])}})
		last = *ts[i]
	}
	return dst, last
}

// parse reads a /get reply.
func parse(body []byte) (*reply, error) {
	r := new(reply)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("%w: not phyphox's JSON (%v): %.60q", ErrReply, err, body)
	}
	return r, nil
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// query is the part of /get's query that asks for buffers b (time, x, y,
// z) after threshold: time=T&x=T|time&…, or each buffer's last value
// (threshold "") or all (threshold "full").
func query(b [4]string, threshold string) string {
	q := url.QueryEscape
	switch threshold {
	case "":
		return q(b[0]) + "&" + q(b[1]) + "&" + q(b[2]) + "&" + q(b[3])
	case "full":
		return q(b[0]) + "=full&" + q(b[1]) + "=full&" + q(b[2]) + "=full&" + q(b[3]) + "=full"
	}
	rel := q(threshold + "|" + b[0])
	return q(b[0]) + "=" + q(threshold) + "&" + q(b[1]) + "=" + rel + "&" + q(b[2]) + "=" + rel + "&" + q(b[3]) + "=" + rel
}

func bufferNames(r *reply) string {
	var n []string
	for k := range r.Buffer {
		n = append(n, k)
	}
	slices.Sort(n)
	return strings.Join(n, ", ")
}

// poll asks /get for the acceleration's values after threshold ("": the
// last ones, "full": all) and, with Config.Gyro, the gyroscope's after
// gthreshold.
func (s *Source) poll(ctx context.Context, threshold, gthreshold string) (*reply, error) {
	u := *s.base
	u.RawQuery = query(s.cfg.Buffers, threshold)
	if s.gyro() {
		u.RawQuery += "&" + query(s.cfg.Gyro, gthreshold)
	}
	body, err := s.get(ctx, &u)
	if err != nil {
		return nil, err
	}
	return parse(body)
}

// get asks the phone for u and returns the reply's body, at most
// Config.MaxBody bytes (errTooLarge over it).
func (s *Source) get(ctx context.Context, u *url.URL) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("phyphox: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return nil, fmt.Errorf("phyphox: %s: %s (is remote access on, and the URL the app shows?)", u.Redacted(), resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.cfg.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("phyphox: reading the reply: %w", err)
	}
	if int64(len(body)) > s.cfg.MaxBody {
		return nil, fmt.Errorf("phyphox: %w: over %d bytes", errTooLarge, s.cfg.MaxBody)
	}
	return body, nil
}
