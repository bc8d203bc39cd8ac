package sensor

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// GyroMerge joins a gyroscope recording kept in a file of its own to the
// accelerometer recording it was made with, as the apps that export one file
// per sensor write them (Sensor Logger TotalAcceleration.csv and
// Gyroscope.csv, MetaBase's Accelerometer and Gyroscope files, phyphox). The
// two must share a time base (Sensor Logger's seconds_elapsed does; MetaBase's
// elapsed (s) starts each file at its own first sample, which for sensors
// started together is within one sample period).
//
// Every accelerometer sample is a merged sample; its angular rate is the
// gyroscope's linearly interpolated at the sample's time:
// ω(t) = ω₀ + (t − t₀)/(t₁ − t₀) · (ω₁ − ω₀) between the gyroscope samples
// t₀ ≤ t ≤ t₁. Within MaxGap of the gyroscope's first or last sample the edge
// value is held. Accelerometer samples further outside the gyroscope's span,
// or inside a gyroscope gap longer than MaxGap, have no angular rate to give:
// they are left out and counted (Stats, Describe), so the engine sees a gap
// there. Bad records of either file are returned by Read as the files' own
// errors (naming file and line); the stream goes on after them.
type GyroMerge struct{ j join }

// GravityMerge adds the gravity an app exports in a file of its own back
// to the user (linear) acceleration it exports without it: iOS Sensor
// Logger writes Accelerometer.csv without gravity and Gravity.csv beside
// it, and has no TotalAcceleration.csv. Read the acceleration with
// CSVOptions.GravityFree and the gravity file as an ordinary acceleration
// recording (it holds gravity alone: |g| ≈ 1 g), in one unit and frame;
// every accelerometer sample then gets the gravity vector linearly
// interpolated at its time, a = a_user + g(t), with the same rules for
// the gravity recording's edges and gaps as GyroMerge's for a gyroscope
// (held within MaxGap of its ends; samples further out, or inside a longer
// gap, left out and counted). The samples' angular rate, when the
// acceleration recording has one, is kept; a gyroscope file of its own is
// joined to the result with NewGyroMerge.
type GravityMerge struct{ j join }

// join interpolates a second recording's three channels (a gyroscope's
// rates, or gravity) at the first recording's sample times.
type join struct {
	acc, gyr      Source // gyr: the joined recording (gyroscope or gravity)
	accN, gyrN    string
	gravity       bool   // add the joined acceleration; else set the angular rate
	noun, lack    string // "gyroscope", "angular rate" / "gravity recording", "gravity"
	errJoin       error  // ErrGyroMerge or ErrGravityMerge
	layout        Layout
	maxGap        float64
	a             Sample // accelerometer sample waiting for the joined recording
	pend          bool
	g0, g1        Sample // joined samples around a: g0.T < a.T ≤ g1.T
	ng            int    // joined samples read
	gEOF, checked bool
	offset        float64 // added to the joined recording's times, s
	stats         MergeStats
	fatal         error
}

// MergeStats counts what a GyroMerge or GravityMerge has done.
type MergeStats struct {
	Merged int // samples returned
	Held   int // of those, given the joined recording's first or last value (within MaxGap of its span)
	// Accelerometer samples left out: before the joined recording's first
	// sample, after its last, or inside one of its gaps, by more than
	// MaxGap.
	Before, After, InGaps int
	Joined                int     // samples of the joined recording (gyroscope or gravity) read
	JoinedStart           float64 // time of its first sample read (with the offset), s
	JoinedEnd             float64 // time of its last sample read (with the offset), s
}

// LeftOut is the number of accelerometer samples left out.
func (s MergeStats) LeftOut() int { return s.Before + s.After + s.InGaps }

// ErrGyroMerge is wrapped by the errors that stop a GyroMerge: layouts that
// cannot be joined, an empty gyroscope file, time bases that do not meet.
var ErrGyroMerge = errors.New("cannot join the gyroscope recording")

// ErrGravityMerge is ErrGyroMerge's counterpart for a GravityMerge.
var ErrGravityMerge = errors.New("cannot join the gravity recording")

// MaxStartOffset is how far apart, in seconds, the first accelerometer and the
// first gyroscope (or gravity) sample may be: one hour. Beyond it the files
// are taken to be on different time bases (epoch against elapsed time, or
// not of one session), which is an error.
const MaxStartOffset = 3600.0

// GyroMergeOptions configures NewGyroMerge (and NewGravityMerge, where
// GyroName, Offset and GyroRate are the gravity recording's).
type GyroMergeOptions struct {
	// AccName and GyroName name the two recordings in messages.
	AccName, GyroName string
	// Offset, s, is added to the gyroscope's times to put them on the
	// accelerometer's time base: for files that each restart a relative
	// time column, the difference of their CSVStats.EpochOffset
	// (gyroscope − accelerometer).
	Offset float64
	// GyroRate is the gyroscope's own sample rate, Hz, for MaxGap (0: its
	// layout's, which a rate option may have set to the analysis grid;
	// CSVStats.TimeRate is the rate its time column shows).
	GyroRate float64
	// OwnFrameRates joins rates about the sensor's own axes to anatomical
	// acceleration (see CSVOptions.OwnFrameRates): for a consumer that
	// reads only their principal axis (a shoe or shank engine). Not for
	// NewGravityMerge.
	OwnFrameRates bool
}

// NewGyroMerge joins gyr's angular rate to acc's samples. acc must have
// acceleration and no gyroscope, gyr a gyroscope (a CSVReader with
// CSVOptions.GyroOnly), both in the same frame — or, with
// opt.OwnFrameRates, the acceleration anatomical and the rates about the
// sensor's own axes, which the joined layout marks GyrOwnFrame. MaxGap is the larger of
// 0.1 s and 2.5 gyroscope sample periods (when the gyroscope's rate is
// known: GyroRate, or its layout's).
func NewGyroMerge(acc, gyr Source, opt GyroMergeOptions) (*GyroMerge, error) {
	accName, gyrName := opt.AccName, opt.GyroName
	la, lg := acc.Layout(), gyr.Layout()
	switch {
	case la.AccAxes() == 0:
		return nil, fmt.Errorf("%s: %w: no acceleration channels", accName, ErrGyroMerge)
	case la.HasGyro():
		return nil, fmt.Errorf("%s: %w: the recording has gyroscope channels of its own", accName, ErrGyroMerge)
	case !lg.HasGyro():
		return nil, fmt.Errorf("%s: %w: no gyroscope channels", gyrName, ErrGyroMerge)
	case lg.AccAxes() > 0:
		return nil, fmt.Errorf("%s: %w: the gyroscope recording has acceleration channels (read it gyroscope-only)", gyrName, ErrGyroMerge)
	case la.Frame != lg.Frame && !(opt.OwnFrameRates && la.Frame == FrameAnatomical && lg.Frame == FrameSensor):
		return nil, fmt.Errorf("%s, %s: %w: axes in different frames (%s and %s)", accName, gyrName, ErrGyroMerge, la.Frame, lg.Frame)
	}
	if math.IsNaN(opt.Offset) || math.IsInf(opt.Offset, 0) {
		return nil, fmt.Errorf("%s, %s: %w: offset %v", accName, gyrName, ErrGyroMerge, opt.Offset)
	}
	m := &GyroMerge{join{acc: acc, gyr: gyr, accN: accName, gyrN: gyrName, noun: "gyroscope", lack: "angular rate", errJoin: ErrGyroMerge,
		layout: la, maxGap: 0.1, offset: opt.Offset}}
	m.j.layout.Gyr = lg.Gyr
	// aligned acceleration, rates about the sensor's own axes
	m.j.layout.GyrOwnFrame = la.Frame != lg.Frame
	if r := cmp.Or(opt.GyroRate, lg.Rate); r > 0 {
		m.j.maxGap = max(m.j.maxGap, 2.5/r)
	}
	return m, nil
}

// NewGravityMerge adds grav's gravity to acc's user acceleration (see
// GravityMerge). Both must have the same acceleration axes in the same
// frame, and grav no gyroscope; acc's angular rate, if any, is kept.
// opt.GyroName, Offset and GyroRate are the gravity recording's; MaxGap is
// the larger of 0.1 s and 2.5 of its sample periods.
func NewGravityMerge(acc, grav Source, opt GyroMergeOptions) (*GravityMerge, error) {
	accName, gName := opt.AccName, opt.GyroName
	la, lg := acc.Layout(), grav.Layout()
	switch {
	case la.AccAxes() == 0:
		return nil, fmt.Errorf("%s: %w: no acceleration channels", accName, ErrGravityMerge)
	case lg.AccAxes() == 0:
		return nil, fmt.Errorf("%s: %w: no acceleration channels (gravity is read as acceleration)", gName, ErrGravityMerge)
	case lg.HasGyro():
		return nil, fmt.Errorf("%s: %w: the gravity recording has gyroscope channels", gName, ErrGravityMerge)
	case la.Acc != lg.Acc || la.Frame != lg.Frame:
		return nil, fmt.Errorf("%s, %s: %w: the two recordings have different axes (%s and %s)", accName, gName, ErrGravityMerge, axesName(la), axesName(lg))
	case opt.OwnFrameRates:
		return nil, fmt.Errorf("%s, %s: %w: OwnFrameRates is for a gyroscope", accName, gName, ErrGravityMerge)
	}
	if math.IsNaN(opt.Offset) || math.IsInf(opt.Offset, 0) {
		return nil, fmt.Errorf("%s, %s: %w: offset %v", accName, gName, ErrGravityMerge, opt.Offset)
	}
	m := &GravityMerge{join{acc: acc, gyr: grav, accN: accName, gyrN: gName, gravity: true, noun: "gravity recording", lack: "gravity", errJoin: ErrGravityMerge,
		layout: la, maxGap: 0.1, offset: opt.Offset}}
	if r := cmp.Or(opt.GyroRate, lg.Rate); r > 0 {
		m.j.maxGap = max(m.j.maxGap, 2.5/r)
	}
	return m, nil
}

// axesName names a layout's acceleration axes and frame for messages.
func axesName(l Layout) string {
	names := [3]string{"x", "y", "z"}
	if l.Frame == FrameAnatomical {
		names = [3]string{"v", "ap", "ml"}
	}
	var ax []string
	for k, on := range l.Acc {
		if on {
			ax = append(ax, names[k])
		}
	}
	return fmt.Sprintf("%s frame, axes %s", l.Frame, strings.Join(ax, ","))
}

// Layout is the accelerometer's layout with the gyroscope's channels.
func (m *GyroMerge) Layout() Layout { return m.j.layout }

// MaxGap is the longest stretch, s, without a gyroscope sample across which
// (or beyond whose ends) an angular rate is still given.
func (m *GyroMerge) MaxGap() float64 { return m.j.maxGap }

// Stats returns the counts so far.
func (m *GyroMerge) Stats() MergeStats { return m.j.stats }

// Read returns the next accelerometer sample with its angular rate; see
// GyroMerge. It returns io.EOF when the accelerometer recording ends.
func (m *GyroMerge) Read(s *Sample) error { return m.j.read(s) }

// Describe says how the two recordings are read and joined: the readers'
// own descriptions (when they have one) and the samples left out so far.
func (m *GyroMerge) Describe() string { return m.j.describe() }

// Layout is the accelerometer recording's layout.
func (m *GravityMerge) Layout() Layout { return m.j.layout }

// MaxGap is the longest stretch, s, without a gravity sample across which
// (or beyond whose ends) gravity is still added.
func (m *GravityMerge) MaxGap() float64 { return m.j.maxGap }

// Stats returns the counts so far.
func (m *GravityMerge) Stats() MergeStats { return m.j.stats }

// Read returns the next accelerometer sample with gravity added; see
// GravityMerge. It returns io.EOF when the accelerometer recording ends.
func (m *GravityMerge) Read(s *Sample) error { return m.j.read(s) }

// Describe says how the two recordings are read and joined, as
// GyroMerge.Describe does.
func (m *GravityMerge) Describe() string { return m.j.describe() }

// joinedOf is the channels the join takes from a sample of the joined
// recording: its gravity (acceleration) or its angular rate.
func (m *join) joinedOf(g *Sample) *[3]float64 {
	if m.gravity {
		return &g.Acc
	}
	return &g.Gyr
}

// put gives s the joined recording's value v: its angular rate, or its
// gravity added to s's acceleration.
func (m *join) put(s *Sample, v [3]float64) {
	if m.gravity {
		for k := range 3 {
			s.Acc[k] += v[k]
		}
		return
	}
	s.Gyr = v
}

func (m *join) read(s *Sample) error {
	if m.fatal != nil {
		return m.fatal
	}
	for {
		if !m.pend {
			if err := m.acc.Read(&m.a); err != nil {
				return err // end, a bad record, or a failure: as the file says
			}
			m.pend = true
		}
		t := m.a.T
		for !m.gEOF && (m.ng == 0 || m.g1.T < t) {
			var g Sample
			err := m.gyr.Read(&g)
			switch {
			case err == io.EOF:
				m.gEOF = true
				continue
			case err != nil:
				var le *LineError
				var fe *FrameError
				if !errors.As(err, &le) && !errors.As(err, &fe) {
					m.fatal = err
				}
				return err // a bad record of the joined recording; the sample stays pending
			}
			g.T += m.offset
			m.g0, m.g1 = m.g1, g
			if m.ng == 0 {
				m.stats.JoinedStart = g.T
			}
			m.ng++
			m.stats.Joined++
			m.stats.JoinedEnd = g.T
		}
		if m.ng == 0 {
			m.fatal = fmt.Errorf("%s: %w: no %s samples", m.gyrN, m.errJoin, strings.TrimSuffix(m.noun, " recording"))
			return m.fatal
		}
		if !m.checked {
			m.checked = true
			if d := m.stats.JoinedStart - t; math.Abs(d) > MaxStartOffset {
				m.fatal = fmt.Errorf("%s, %s: %w: the accelerometer starts at %.3f s, the %s at %.3f s (%+.1f s): not on one time base",
					m.accN, m.gyrN, m.errJoin, t, m.noun, m.stats.JoinedStart, d)
				return m.fatal
			}
		}
		m.pend = false
		*s = m.a
		switch {
		case t > m.g1.T: // after the joined recording's last sample
			if t-m.g1.T > m.maxGap {
				m.stats.After++
				continue
			}
			m.put(s, *m.joinedOf(&m.g1))
			m.stats.Held++
		case m.ng == 1 || t <= m.g0.T: // before its first (g0 is then unset)
			if m.g1.T-t > m.maxGap {
				m.stats.Before++
				continue
			}
			m.put(s, *m.joinedOf(&m.g1))
			if t < m.g1.T {
				m.stats.Held++
			}
		case t == m.g1.T:
			m.put(s, *m.joinedOf(&m.g1)) // shared timestamps: the row's own values
		default: // g0.T < t < g1.T
			d := m.g1.T - m.g0.T
			if d > m.maxGap {
				m.stats.InGaps++
				continue
			}
			w := (t - m.g0.T) / d
			v0, v1 := m.joinedOf(&m.g0), m.joinedOf(&m.g1)
			var v [3]float64
			for k := range 3 {
				v[k] = Lerp(v0[k], v1[k], w) // only the channels joined
			}
			m.put(s, v)
		}
		m.stats.Merged++
		return nil
	}
}

// Lerp is v₀ + w·(v₁ − v₀), exact for v₀ = v₁; where v₁ − v₀ overflows
// (finite values of opposite sign near ±1.8e308) it is (1 − w)·v₀ + w·v₁,
// which cannot. The joins of two streams by time interpolate with it.
func Lerp(v0, v1, w float64) float64 {
	if d := v1 - v0; !math.IsInf(d, 0) {
		return v0 + w*d
	}
	return (1-w)*v0 + w*v1
}

func (m *join) describe() string {
	desc := func(src Source, name string) string {
		if d, ok := src.(interface{ Describe() string }); ok {
			return d.Describe()
		}
		return name
	}
	var b strings.Builder
	what := strings.TrimSuffix(m.noun, " recording")
	fmt.Fprintf(&b, "%s; %s from %s: %s", desc(m.acc, m.accN), what, m.gyrN, desc(m.gyr, m.gyrN))
	st := m.stats
	if st.Joined > 0 {
		fmt.Fprintf(&b, " (%.2f–%.2f s", st.JoinedStart, st.JoinedEnd)
		if m.offset != 0 {
			fmt.Fprintf(&b, ", its times shifted %+.3f s by the files' epoch columns", m.offset)
		}
		b.WriteString(")")
	}
	if n := st.LeftOut(); n > 0 {
		var why []string
		for _, c := range []struct {
			n    int
			what string
		}{{st.Before, "before the " + m.noun + " starts"}, {st.After, "after it ends"}, {st.InGaps, fmt.Sprintf("in its gaps over %.2f s", m.maxGap)}} {
			if c.n > 0 {
				why = append(why, fmt.Sprintf("%d %s", c.n, c.what))
			}
		}
		fmt.Fprintf(&b, "; %d accelerometer samples without %s left out (%s)", n, m.lack, strings.Join(why, ", "))
	}
	return b.String()
}
