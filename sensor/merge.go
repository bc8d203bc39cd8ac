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
type GyroMerge struct {
	acc, gyr      Source
	accN, gyrN    string
	layout        Layout
	maxGap        float64
	a             Sample // accelerometer sample waiting for the gyroscope
	pend          bool
	g0, g1        Sample // gyroscope samples around a: g0.T < a.T ≤ g1.T
	ng            int    // gyroscope samples read
	gEOF, checked bool
	offset        float64 // added to gyroscope times, s
	stats         MergeStats
	fatal         error
}

// MergeStats counts what a GyroMerge has done.
type MergeStats struct {
	Merged int // samples returned
	Held   int // of those, given the gyroscope's first or last value (within MaxGap of its span)
	// Accelerometer samples left out: before the gyroscope's first sample,
	// after its last, or inside one of its gaps, by more than MaxGap.
	Before, After, InGaps int
	Gyro                  int     // gyroscope samples read
	GyroStart, GyroEnd    float64 // time of the first and last gyroscope sample read (with the offset), s
}

// LeftOut is the number of accelerometer samples left out.
func (s MergeStats) LeftOut() int { return s.Before + s.After + s.InGaps }

// ErrGyroMerge is wrapped by the errors that stop a GyroMerge: layouts that
// cannot be joined, an empty gyroscope file, time bases that do not meet.
var ErrGyroMerge = errors.New("cannot join the gyroscope recording")

// MaxStartOffset is how far apart, in seconds, the first accelerometer and the
// first gyroscope sample may be: one hour. Beyond it the files are taken to
// be on different time bases (epoch against elapsed time, or not of one
// session), which is an error.
const MaxStartOffset = 3600.0

// GyroMergeOptions configures NewGyroMerge.
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
	// reads only their principal axis (a shoe or shank engine).
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
	m := &GyroMerge{acc: acc, gyr: gyr, accN: accName, gyrN: gyrName, layout: la, maxGap: 0.1, offset: opt.Offset}
	m.layout.Gyr = lg.Gyr
	// aligned acceleration, rates about the sensor's own axes
	m.layout.GyrOwnFrame = la.Frame != lg.Frame
	if r := cmp.Or(opt.GyroRate, lg.Rate); r > 0 {
		m.maxGap = max(m.maxGap, 2.5/r)
	}
	return m, nil
}

// Layout is the accelerometer's layout with the gyroscope's channels.
func (m *GyroMerge) Layout() Layout { return m.layout }

// MaxGap is the longest stretch, s, without a gyroscope sample across which
// (or beyond whose ends) an angular rate is still given.
func (m *GyroMerge) MaxGap() float64 { return m.maxGap }

// Stats returns the counts so far.
func (m *GyroMerge) Stats() MergeStats { return m.stats }

// Read returns the next accelerometer sample with its angular rate; see
// GyroMerge. It returns io.EOF when the accelerometer recording ends.
func (m *GyroMerge) Read(s *Sample) error {
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
				return err // a bad gyroscope record; the sample stays pending
			}
			g.T += m.offset
			m.g0, m.g1 = m.g1, g
			if m.ng == 0 {
				m.stats.GyroStart = g.T
			}
			m.ng++
			m.stats.Gyro++
			m.stats.GyroEnd = g.T
		}
		if m.ng == 0 {
			m.fatal = fmt.Errorf("%s: %w: no gyroscope samples", m.gyrN, ErrGyroMerge)
			return m.fatal
		}
		if !m.checked {
			m.checked = true
			if d := m.stats.GyroStart - t; math.Abs(d) > MaxStartOffset {
				m.fatal = fmt.Errorf("%s, %s: %w: the accelerometer starts at %.3f s, the gyroscope at %.3f s (%+.1f s): not on one time base",
					m.accN, m.gyrN, ErrGyroMerge, t, m.stats.GyroStart, d)
				return m.fatal
			}
		}
		m.pend = false
		*s = m.a
		switch {
		case t > m.g1.T: // after the gyroscope's last sample
			if t-m.g1.T > m.maxGap {
				m.stats.After++
				continue
			}
			s.Gyr = m.g1.Gyr
			m.stats.Held++
		case m.ng == 1 || t <= m.g0.T: // before its first (g0 is then unset)
			if m.g1.T-t > m.maxGap {
				m.stats.Before++
				continue
			}
			s.Gyr = m.g1.Gyr
			if t < m.g1.T {
				m.stats.Held++
			}
		case t == m.g1.T:
			s.Gyr = m.g1.Gyr // shared timestamps: the row's own values
		default: // g0.T < t < g1.T
			d := m.g1.T - m.g0.T
			if d > m.maxGap {
				m.stats.InGaps++
				continue
			}
			w := (t - m.g0.T) / d
			for k := range 3 {
				s.Gyr[k] = m.g0.Gyr[k] + w*(m.g1.Gyr[k]-m.g0.Gyr[k])
			}
		}
		m.stats.Merged++
		return nil
	}
}

// Describe says how the two recordings are read and joined: the readers'
// own descriptions (when they have one) and the samples left out so far.
func (m *GyroMerge) Describe() string {
	desc := func(src Source, name string) string {
		if d, ok := src.(interface{ Describe() string }); ok {
			return d.Describe()
		}
		return name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; gyroscope from %s: %s", desc(m.acc, m.accN), m.gyrN, desc(m.gyr, m.gyrN))
	st := m.stats
	if st.Gyro > 0 {
		fmt.Fprintf(&b, " (%.2f–%.2f s", st.GyroStart, st.GyroEnd)
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
		}{{st.Before, "before the gyroscope starts"}, {st.After, "after it ends"}, {st.InGaps, fmt.Sprintf("in its gaps over %.2f s", m.maxGap)}} {
			if c.n > 0 {
				why = append(why, fmt.Sprintf("%d %s", c.n, c.what))
			}
		}
		fmt.Fprintf(&b, "; %d accelerometer samples without angular rate left out (%s)", n, strings.Join(why, ", "))
	}
	return b.String()
}
