package sensor

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Errors of the CSV reader, besides the line-level sentinels of sample.go.
var (
	// ErrTooManyBadLines is returned by CSVReader.Read, and from then on,
	// once more than CSVOptions.MaxBadLines data lines in a row were bad
	// and the bad lines make up more than 10 % of the data lines read.
	ErrTooManyBadLines = errors.New("too many bad lines")
	// ErrNoGravity is returned by NewCSVReader for acceleration with gravity
	// removed (iOS Sensor Logger Accelerometer.csv, phyphox linear
	// acceleration): gaitd needs gravity to find the vertical.
	ErrNoGravity = errors.New("acceleration lacks gravity")
	// ErrHasGravity is returned by NewCSVReader for a CSVOptions.GravityFree
	// recording that includes gravity already (it would be added twice).
	ErrHasGravity = errors.New("acceleration includes gravity")
	// ErrUnit is returned by NewCSVReader when a unit cannot be told from
	// the header or the data, or contradicts the data.
	ErrUnit = errors.New("unit unknown")
	// ErrNoRate is returned by NewCSVReader when the file has no usable
	// time column and CSVOptions.Rate is not set.
	ErrNoRate = errors.New("sample rate unknown")
	// ErrFormatMismatch is returned by NewCSVReader when CSVOptions.Format
	// names a format the header does not have.
	ErrFormatMismatch = errors.New("header does not match format")
	// ErrTimeOrder is returned by NewCSVReader for a time column that
	// mostly decreases (rows in reverse order): read by line index and a
	// given rate, the recording would run backwards.
	ErrTimeOrder = errors.New("time column out of order")
)

// MaxLine is the longest line NewCSVReader reads, bytes; longer lines are
// bad lines. A *bufio.Reader at least this big given to NewCSVReader is
// read directly (not wrapped in another buffer), so a caller can try again
// on what a failed NewCSVReader left unread.
const MaxLine = 64 << 10 // 64 KiB

// Limits of the reader.
const (
	// maxLine is the longest line read; longer lines are bad lines.
	maxLine = MaxLine
	// lookaheadRows is how many data lines NewCSVReader buffers to detect
	// separators, units, rate and clipping (≈ 2 s at 256 Hz, 5 s at 100 Hz).
	lookaheadRows = MaxLookahead
	// MaxLookahead is the longest CSVOptions.Lookahead, and the default.
	MaxLookahead = 512
	// MinLookahead is the shortest CSVOptions.Lookahead: enough lines to
	// skip a line cut by the start of a capture, and to have intervals for
	// the time unit and rate.
	MinLookahead = 8
	// lookaheadBytes bounds the memory of the lookahead.
	lookaheadBytes = 1 << 20
	// maxPreamble is how many text lines may precede the first data line
	// (Arduino boot messages, a logger's "calibrating…" lines, empty rows)
	// before the file is rejected: as many as the bad lines allowed in a
	// row (64 refused a file whose sensor printed 64 lines before its
	// data).
	maxPreamble = defaultMaxBadLines
	// maxAbsAcc is the largest plausible acceleration on one axis, 50 g.
	maxAbsAcc = 50 * G0
	// defaultMaxBadLines is CSVOptions.MaxBadLines when zero.
	defaultMaxBadLines = 1000
)

// CSVOptions configures a CSVReader. The zero value detects everything.
type CSVOptions struct {
	// Name is the file name or device used in errors; "input" if empty.
	Name string
	// Format is "auto" (or ""), "csv", "sensorlogger", "phyphox",
	// "metabase", "arduino" or "hyperimu" (FormatHyperIMU: given, never
	// detected). An explicit format whose header does not match gives
	// ErrFormatMismatch.
	Format string
	// Rate is the sample rate in Hz. It is required when the file has no
	// time column (then T = data line index / Rate) and for headerless
	// files; when set it overrides the rate estimated from the time
	// column in Layout.Rate. Timestamps are still taken from the column.
	Rate float64
	// AccUnit is "" (detect from gravity, the mean acceleration vector:
	// ≈ 1 → g, ≈ 9.8 → m/s², see CSVReader; a unit in the header wins),
	// "g", "mps2", "mg" or "raw:<lsb_per_g>" for raw counts.
	AccUnit string
	// GyroUnit is "" (header hint such as (deg/s), (rad/s) or _dps, else
	// the format's unit, else detected), "dps", "rads" or
	// "raw:<lsb_per_dps>".
	GyroUnit string
	// TimeUnit is "" (header hint, else detected from magnitude and step),
	// "s", "ms", "us", "ns", or "none" to ignore the time column and use
	// T = data line index / Rate.
	TimeUnit string
	// MaxBadLines is how many bad data lines in a row are tolerated
	// before Read fails with ErrTooManyBadLines, provided the bad lines are
	// also more than 10 % of the data lines read: a file that turned
	// unreadable part way (another log appended, a changed layout).
	// Shorter runs (a gyroscope that starts late, the NaN rows phyphox
	// writes before its sensors deliver, a burst of corruption) are skipped
	// and counted however many there are in all, and so are the bad lines
	// before the first good one, however long (a channel that starts
	// seconds late). 0 means 1000; negative means never fail.
	MaxBadLines int
	// Columns names the fields of headerless lines, in order, with the
	// names a header would have ("t_ms", "ax", "acc_v", "gz (deg/s)" …; see
	// classifyColumn); "-" or "" skips a field. When set, no header is
	// looked for: lines before the first data line with len(Columns)
	// fields are preamble, and a device that prints its own header does
	// not change the mapping — Columns replaces a header that is not
	// recognised (TestCSVColumnsReplaceHeader). It must name at least one acceleration
	// column, and every other name must be recognised. Key:value lines
	// (Serial Plotter) name their own fields and are rejected.
	Columns []string
	// Lookahead is how many data lines NewCSVReader buffers before its
	// first sample to detect the line shape, units, time unit, rate and
	// clipping: MinLookahead (8) to 512, 0 means 512. A live stream can use
	// a few lines so that samples flow at once (at 100 Hz, 8 lines are
	// 80 ms); a short lookahead makes detected units and rate less
	// certain, so give them when they are known.
	Lookahead int
	// GyroOnly reads a file that holds the gyroscope alone, as the apps
	// that export one file per sensor write it (Sensor Logger
	// Gyroscope.csv, a MetaBase or phyphox gyroscope export): bare axis
	// columns (x, y, z) are angular rates, no acceleration column is
	// looked for and the layout has none. The unit must be known from
	// GyroUnit, the header or the format (with no acceleration to scale
	// rotation against, it cannot be detected), and a vector that averages
	// over 2 rad/s one way (gravity, a magnetic field: Sensor Logger's
	// Gravity.csv and Magnetometer.csv share Gyroscope.csv's columns) or
	// a median over 35 rad/s is refused. The file needs a header (not
	// Columns or a headerless layout). Join the result to the
	// accelerometer recording with NewGyroMerge.
	GyroOnly bool
	// IgnoreGyro leaves the gyroscope columns unread: the layout has no
	// gyroscope and their cells are not checked, so a gyroscope that
	// stops delivering part way (empty or NaN cells, as phyphox writes a
	// shorter buffer) does not make its lines bad lines and the
	// acceleration is read whole. Describe names the columns; the count is
	// CSVStats.GyroIgnored. Not with GyroOnly.
	IgnoreGyro bool
	// ClockResets reads on through a clock that restarted in the file
	// (a board's reset or watchdog while a capture ran on: millis() back
	// to 0): a line whose time goes back, and matches no counter's wrap,
	// followed by resetLines−1 data lines that run on from it (each
	// within two periods of the one before, all behind the old clock),
	// starts a new clock. Its lines are timed on from the old clock's
	// last line plus resetGap (the time the device was away is not in
	// the file: the gap makes the engine start afresh rather than join
	// two strides), counted in CSVStats.ClockResets. Without it such
	// lines are refused as going backwards until the new clock passes the
	// old one. A live stream, which can time the reset by the lines'
	// arrival, leaves it off (the serial source restarts its session).
	ClockResets bool
	// GravityFree reads user (linear) acceleration, gravity removed, as
	// iOS Sensor Logger writes Accelerometer.csv (with Gravity.csv beside
	// it): NewGravityMerge adds the gravity recording back. The checks that
	// the acceleration includes gravity are left out, and since its unit
	// cannot be told from gravity it comes from AccUnit, the header or the
	// format, or else GravityUnit. Not with GyroOnly.
	GravityFree bool
	// GravityUnit is a GravityFree recording's acceleration unit when
	// AccUnit, the header and the format give none: the gravity
	// recording's (its reader's CSVStats.AccUnit, e.g. "g" or "m/s²"), as
	// one app writes both files in one unit.
	GravityUnit string
	// AccRange is the accelerometer's full scale, g (±AccRange), when the
	// user knows it: Layout.ClipAcc is AccRange·G0 from the first sample
	// (or a saturation plateau the lookahead shows under it: the part was
	// set to a smaller range than given), where otherwise it is found in
	// the lookahead (a saturation plateau)
	// or, for a foot, by the engine in the stream, and contacts before it
	// went unflagged. 0: found from the data. A lookahead value beyond it
	// (by over 1 %: a part's rails read a count or two past its nominal
	// range) is an error naming the line, as a range set wrong would flag
	// every contact reaching it. With GravityFree it bounds the sum with
	// gravity: a value refuses the file over 1 % and 1 g beyond it, and
	// no limit is found in the lookahead. Not with GyroOnly.
	AccRange float64
	// Mirrored reads every acceleration axis negated: the file's
	// accelerometer reads −1 g along the axis that points up at rest, as
	// Apple's Core Motion does (iOS Sensor Logger without "Standardise
	// Units & Frames"), beside a right-handed gyroscope. Read as given it
	// is the sensor's mirror image, whose contacts are the same but every
	// left/right label swapped. SensorLog's Core Motion columns are read
	// negated without it (CSVStats.Mirrored either way).
	Mirrored bool
	// OwnFrameRates reads rate columns named for the sensor frame (gx, gy,
	// gz …) beside anatomical acceleration (acc_v, acc_ap, acc_ml) as
	// rates about the sensor's own axes (Layout.GyrOwnFrame), for a
	// consumer that reads only their principal axis (a shoe or shank
	// engine). Otherwise they are not read (nor their cells checked) and
	// Describe names them.
	OwnFrameRates bool
}

// BadLineCounts counts skipped data lines by reason.
type BadLineCounts struct {
	Parse      int // ErrParse: unparsable cell, line too long
	NonFinite  int // ErrNonFinite: NaN or Inf cell
	Backwards  int // ErrBackwards
	Ahead      int // ErrAhead: one line's time ahead of both its neighbours
	Duplicate  int // ErrDuplicateTS
	Magnitude  int // ErrMagnitude: |a| above 50 g on an axis
	FieldCount int // ErrFieldCount
}

// LineRun is a run of consecutive data lines: the first's line number and
// how many.
type LineRun struct{ Line, Lines int }

// CSVStats describes what a CSVReader has read and how it understood it.
type CSVStats struct {
	Format  string // format used: given or detected
	Mapping string // column → channel mapping with units, for logging
	// AccUnit, GyroUnit and TimeUnit are the units read ("g", "m/s²",
	// "deg/s", "ms", "day" (Excel serial days), "raw:16384", "none" …); the …By fields say how each
	// was decided: "option", "header", "format", "detected", "gravity
	// recording" (CSVOptions.GravityUnit) or "".
	AccUnit, AccUnitBy   string
	GyroUnit, GyroUnitBy string
	TimeUnit, TimeUnitBy string
	// TimeRate is the rate the time column shows, Hz (0 without one); the
	// layout's rate differs when CSVOptions.Rate sets the analysis grid.
	TimeRate float64
	// GyroIgnored is the number of gyroscope columns left unread by
	// CSVOptions.IgnoreGyro.
	GyroIgnored int
	// NegatedV tells that the anatomical vertical channel (acc_v)
	// averaged MeanV g, under −0.5 g, over the lookahead: it points down,
	// and is read negated (positive up, as Layout's AxisV is).
	NegatedV bool
	MeanV    float64
	// Mirrored tells that the acceleration was read negated on every
	// axis: Apple Core Motion's convention (SensorLog's
	// accelerometerAcceleration columns), −1 g along the axis that
	// points up at rest, beside a right-handed gyroscope. Read as given,
	// it is the mirror image of the sensor: every left/right label swapped.
	Mirrored bool
	// EpochOffset is, for a relative time column beside an absolute one
	// (MetaBase's elapsed (s) and epoch (ms), Sensor Logger's
	// seconds_elapsed and time), epoch time − T at the first sample, s:
	// T + EpochOffset is Unix time. NaN without both.
	EpochOffset float64

	// LeadZeros counts the data lines at the start whose acceleration is
	// 0 on every axis: a logger that wrote before its sensor was read.
	// They are not samples (their zeros would pull the mean vertical and
	// the gravity estimate toward 0); their times are kept off the rest's.
	LeadZeros int

	Lines    int // lines read from the input so far, header, comments and lookahead included
	Skipped  int // blank, comment and preamble lines among them
	Rows     int // data lines read past by Read so far, good, bad and LeadZeros (a count-timed stream's clock counts them)
	Samples  int // samples returned by Read
	BadLines int // bad data lines skipped (the sum of Bad)
	Bad      BadLineCounts
	// GyroGap is the longest run of consecutive data lines refused for a
	// gyroscope cell (empty, NaN, unparsable): a gyroscope that stops
	// part way, whose lines would be read whole without it.
	GyroGap LineRun
	// ClockWraps counts the time column's counter wrapping round (a
	// millis() or micros() held in 16, 24 or 32 bits): read on unwrapped.
	ClockWraps int
	// ClockResets counts the clocks that restarted (CSVOptions.ClockResets).
	ClockResets int
	// DayFirstAt is the line where dates the lookahead could not order
	// (d/M/yyyy or M/d/yyyy, both numbers 12 or under) showed themselves
	// day first: the date changed there by a day read so, by about a
	// month read month first. The lines on are read day first, on the
	// time base of the lines before (their dates taken month first). 0
	// when it did not happen.
	DayFirstAt int
}

// resetLines is how many consecutive data lines running on from a time
// that went back show a clock that restarted (as the serial source's
// clockResetLines), rather than a wrong time.
const resetLines = 3

// resetGap is the time put between the last line of a clock and the first
// of the clock that restarted after it, s: longer than the longest hole
// the engine bridges (gait.Config.MaxGap, at most 2.5 s).
const resetGap = 3.0

// colKind is what the reader does with a field.
type colKind uint8

const (
	colIgnore colKind = iota
	colTime
	colAcc0
	colAcc1
	colAcc2
	colGyr0
	colGyr1
	colGyr2
	// colGrav0–2: SensorLog's device-motion gravity, added to the user
	// acceleration of colAcc0–2 (addGrav)
	colGrav0
	colGrav1
	colGrav2
	nKinds
)

// pendingLine is a line held in the lookahead.
type pendingLine struct {
	off, end int // bytes in arena
	no       int // 1-based line number
	tooLong  bool
	// skipped: the blank and comment lines read just before it (Unread
	// gives them back as blank lines, keeping every line's place)
	skipped int
	info    lineInfo
}

// CSVReader reads IMU samples from delimited text: CSV with or without a
// header, app exports (Sensor Logger, phyphox, MetaBase) and Arduino
// Serial Plotter lines. It streams: besides a 64 KiB bufio buffer it keeps
// only the first lines (at most 512 data lines, 1 MiB; up to 4 MiB more
// while the sensor stands still, for the gyroscope's unit) for detection,
// and Read does not allocate.
//
// Samples are in SI units, gravity included. T is in seconds on the
// file's own time base: the numbers of a relative time column (converted
// from ms, µs or ns), epoch seconds for an epoch column (a float64, so
// about 0.2 µs resolution at 1.7e9 s; an epoch-ns cell is itself parsed
// into a float64, within 128 ns), or data line index / Rate without a
// time column (bad lines keep their index). Lines are numbered from 1,
// counting header, comment and blank lines.
//
// Detection, on the lookahead (see also formats.go):
//   - Lines: "\n" or "\r\n" ends (CR-only files are rejected), a UTF-8
//     BOM is dropped, blank lines and lines starting with '#' are skipped.
//     Text lines before the header (or, without a header, before the
//     first data line that the next one matches: boot messages, a line cut
//     by the start of a serial capture) are skipped as preamble.
//   - Separator: tab, ';' or ',', whichever occurs first in that order
//     outside quotes in the first data line, else runs of blanks. With tab
//     or ';' and commas in the numbers, the decimal mark is ','.
//     "Key:value" tokens make a Serial Plotter line.
//   - Header: the first text line before the data with as many fields as
//     the data and an acceleration column; else a '#' comment line just
//     before the data that qualifies (numpy.savetxt); else the file is
//     headerless.
//   - Headerless files need Rate; their columns are taken as
//     ax,ay,az[,gx,gy,gz] (3 or 6 columns), or t,ax,ay,az[,gx,gy,gz] (4 or
//     7 columns) when the first column strictly increases over the
//     lookahead; other shapes are rejected.
//   - Columns: see classifyColumn. Anatomical acc_v/acc_ap/acc_ml (any
//     subset with the vertical axis; without it the file is refused)
//     give FrameAnatomical and win over sensor-frame columns; bare
//     anatomical names (vertical, AP, SI …) are read only without
//     sensor-frame acceleration.
//   - Time: among time columns that are numeric and increasing, a relative
//     seconds one (seconds_elapsed, elapsed (s), t, "(s)") is preferred.
//     Its unit comes from TimeUnit, the name (_ms, (ms), millis …), or
//     detectTimeUnit.
//   - Acceleration unit: AccUnit, else a unit in the header, else (m/s²
//     for Sensor Logger) the length of the mean acceleration vector over
//     the lookahead, which is gravity: still (90 % of |a| within ±5 % of its
//     median) 0.75–1.3 → g, 7.5–12.5 → m/s²; moving ≤ 2.5 → g (≤ 5 when
//     it swings hard, the interquartile range of |a| at least half its
//     median: a foot's centripetal acceleration), 6–24.5 → m/s²; otherwise
//     ErrUnit (see the comments in decide). Then gravity must be there: a
//     mean vector under 0.3 g (user or linear acceleration averages to
//     zero) gives ErrNoGravity; a median |a| over 8 g or a mean vector over
//     5 g in the unit taken gives ErrUnit, and so does a steady |a| outside
//     0.6–1.6 g (another sensor's file: a magnetometer).
//   - Gyro unit: GyroUnit, else the header, else rad/s for Sensor Logger
//     and phyphox, else detectDPS (past a lookahead through which the
//     sensor is still, on the lines after it: dpsPastStill).
//   - Rate: Rate, else from the time column (estimateRate).
//   - ClipAcc: a saturation plateau in the lookahead (detectClip).
//     Saturated values are not bad lines; saturation that only starts
//     after the lookahead is not reported.
//
// Bad lines (unparsable or NaN/Inf cells in a used column, wrong field
// count, |a| above 50 g on an axis, a timestamp that repeats or goes
// backwards) are skipped and counted; see Read. Unused columns are not
// parsed.
//
// A CSVReader implements Source.
type CSVReader struct {
	name     string
	header   string // see HeaderLine
	opt      CSVOptions
	maxBad   int
	badRun   int  // bad data lines since the last good one
	cutLine  int  // line number of a first data line cut at its start or ahead (markCutLine), 0: none
	cutAhead bool // ahead of the lines after it, not cut
	rowNo    int  // line number of the row parseRow reads
	outNo    int  // RowLine
	lineOff  int  // NumberLinesFrom
	br       *bufio.Reader
	offset   int64 // bytes consumed by readLine
	eof      bool
	detect   bool // scanning for control bytes
	ctlAt    int64
	ctlLine  int

	arena   []byte
	pending []pendingLine
	next    int

	sep byte // ',', ';', '\t', or ' ' for runs of blanks
	dec byte // decimal mark
	nf  int  // fields per data line
	// minNF > 0: the header names more columns than the data lines fill
	// (see unfilledTail); lines of minNF to nf fields are read
	minNF     int
	emptyCols []string // the unfilled columns that name channels (not read)
	// extraCols says which columns of a headerless date-led file
	// (dateLedColumns) are not read, and why; "" when all are
	extraCols string
	// otherDevices are the devices of a Shimmer export of several whose
	// columns are not read (oneDevice)
	otherDevices []string
	ignored      []string      // gyroscope columns left unread (IgnoreGyro)
	zeroCols     []string      // gyroscope columns that read 0 throughout the lookahead (not read)
	lookRows     int           // the lookahead's rows with their acceleration read (zeroCols' note)
	head         *headRecorder // the input's first bytes, to say what binary data is
	longCR       bool          // a line too long to read held CR bytes (classic Mac line ends)
	longHash     bool          // a line too long to read held many '#' (HyperIMU packets)
	cols         []colKind
	names        []string // per field, for errors
	keys         [][]byte // Serial Plotter keys per field; nil for CSV
	kindCol      [nKinds]int

	timeDiv  float64    // seconds = raw / timeDiv; 0 without a time column
	timeRate float64    // the time column's rate, Hz; 0 without one
	accScale [3]float64 // per axis: the unit's scale, negated for a vertical read negated (CSVStats.NegatedV)
	// addGrav: the acceleration is SensorLog's device motion, user
	// acceleration plus the gravity of colGrav0–2 (deviceMotion)
	addGrav bool
	// plateauUnder: the lookahead's saturation plateau lies under
	// CSVOptions.AccRange, and is the layout's ClipAcc
	plateauUnder bool
	epochOff     float64 // epoch − relative time column, s; NaN without one
	gyrScale     float64
	rate         float64 // for T without a time column
	lastT        float64 // raw units, tOff included
	haveT        bool
	// added to the time column's raw values: the counter's wraps so far
	// (unwrap)
	tOff float64
	// the line a restarted clock (restart) began on: timed resetGap after
	// the line before, a gap that is not held as a jump
	resetNo int
	// the times (raw, tOff included) and accelerations of the last
	// len(recent) samples read, in a ring at nRecent: a line going back to
	// one of them with the same acceleration is a replay, not a clock that
	// restarted (restart)
	recent [1024]struct {
		t   float64
		acc [3]float64
	}
	nRecent int
	// plainRow's copy of the line (plainLen), 8 bytes to spare
	pbuf [plainLen + 8]byte
	// a read error met while looking ahead of a line (peekRows), returned
	// once the lines read before it are served (unnumbered: finishRow
	// numbers it)
	peekErr error
	// fields whose cells were a date and time of day in the lookahead
	// (parseDateTime), and whether the time column is one: read as Unix
	// time, s
	dateCols []int
	timeText bool
	// dayFirst reads a date d/M/yyyy rather than M/d/yyyy (dateOrder)
	dayFirst bool
	// while the date order is not known, the last date read in the
	// order taken and in the other (settleDateOrder); dateOffset is
	// added to the dates once the other order is found
	lastDate, lastAlt, dateOffset float64
	haveDate                      bool
	// the last time of day alone read (nearestDay), s from the first
	// line's midnight
	lastTOD float64
	haveTOD bool
	// headerRate is a sample rate a preamble states (ActiGraph's "at 100
	// Hz"), Hz; 0 without one. It times a file without a time column
	// when no rate is given.
	headerRate   float64
	headerRateBy string
	// rateBy says where a rate not given came from (headerRateBy), ""
	// for a rate given or read from the time column
	rateBy string
	// dateKnown: a preamble gave the date order
	dateKnown bool
	// countEpochs: an ActiGraph preamble gives a non-zero epoch period
	// (activity counts, not raw samples)
	countEpochs bool
	// data lines of another shape (ErrFieldCount) so far: without a time
	// column they take no sample's place (a banner a board prints at a
	// reset comes besides its samples)
	shapeless int
	// a clock coarser than the samples (coarseClock): its period and
	// tick, s (cPeriod 0: not coarse), and the last sample's time
	cPeriod, cQuant, cT float64
	cPrev               float64 // cT before the last sample
	// cLong: ticks of more than four samples (whole seconds), timed by
	// the period within their tick's bounds (coarseTime); cTick is the
	// last sample's tick (stamp), s, and cLead the period a first tick
	// cut short starts into it
	cLong        bool
	cTick, cLead float64
	// bad lines since the last sample that held a sample's place (a NaN
	// cell, not a line of another shape), and how many the last sample's
	// timing counted
	cSlots, cSlotsUsed int
	// the last sample's raw time and values, to refuse a row written again
	cStamp     float64
	cAcc, cGyr [3]float64
	// a line whose time is more than jumpRaw (raw units; +Inf: never) past
	// the line before it is held (pend…) until a later line shows whether
	// the jump was real (see Read); the lines after it are read on the
	// time before it, pendFrom, meanwhile
	jumpRaw   float64
	pend      bool
	pendS     Sample
	pendNo    int
	pendFrom  float64
	pendTo    float64
	pendCT    float64 // cT before the held line (a coarse clock)
	pendSlots int     // the slots its timing counted
	pendLine  []byte  // its text (Unread)
	gyroRun   LineRun // the current run of lines refused for a gyroscope cell
	gyroRow   int     // the Rows count at its last line
	// slow sends Read to readHeld: queued, pend, fatal, a coarse clock or
	// zeroLead
	slow bool
	// zeroLead: the data lines start with acceleration 0 on every axis
	// (a logger writing before its sensor was read), skipped until the
	// first line that is not (CSVStats.LeadZeros)
	zeroLead bool
	// a line's result waiting behind the one Read hands out first
	queued   bool
	queueS   Sample
	queueNo  int
	queueErr error

	layout Layout
	stats  CSVStats
	desc   string
	fatal  error
}

var _ Source = (*CSVReader)(nil)

// NewCSVReader reads the header and up to 512 data lines of r to detect
// the format, separator, columns, units, rate and clipping, and returns a
// reader positioned at the first data line.
//
// It fails with an error wrapping ErrNotRecording (naming the file and,
// where it applies, the line: "walk.csv:1: not an IMU recording: no
// acceleration columns in header: a,b,c", "empty file", "binary data at
// byte N"), ErrNoGravity, ErrUnit, ErrNoRate or ErrFormatMismatch, or an
// error for invalid options or a failing reader.
func NewCSVReader(r io.Reader, opt CSVOptions) (*CSVReader, error) {
	cr := &CSVReader{name: opt.Name, opt: opt, dec: '.', ctlAt: -1, lastT: math.Inf(1), jumpRaw: math.Inf(1)}
	if cr.name == "" {
		cr.name = "input"
	}
	if err := cr.checkOptions(); err != nil {
		return nil, err
	}
	cr.maxBad = opt.MaxBadLines
	if cr.maxBad == 0 {
		cr.maxBad = defaultMaxBadLines
	}
	if opt.Format == FormatHyperIMU {
		r = newHyperIMULines(r)
	}
	cr.head = &headRecorder{r: r}
	cr.br = bufio.NewReaderSize(cr.head, maxLine)
	if err := cr.detectLayout(); err != nil {
		return nil, err
	}
	return cr, nil
}

// Layout returns the channels: frame, axes present, rate (given or
// estimated from the lookahead) and ClipAcc when a saturation plateau was
// seen in the lookahead.
func (r *CSVReader) Layout() Layout { return r.layout }

// Stats returns counts so far and the detected format, units and mapping.
func (r *CSVReader) Stats() CSVStats { return r.stats }

// RowLine returns the line number (1-based, counted as Stats().Lines
// counts them: header, blank and comment lines included) of the data line
// whose result the last Read returned, a sample or a *LineError; 0 before
// one. A live source dates each row by its own line's arrival: the lines
// read past it (the lookahead, a blank or comment line after it, a line
// held on a time jump) are not its.
func (r *CSVReader) RowLine() int { return r.outNo }

// NumberLinesFrom makes the line numbers of Read's errors (a bad line's
// *LineError, the error that ends the reader) count the reader's line
// first as line 1: a live source numbers its bad lines among the lines it
// read, with first 2 when it put a line in front of them (an earlier
// session's header), 1 − k when the reader began k lines into them (lines
// skipped to a header). RowLine and Stats keep the reader's own count.
func (r *CSVReader) NumberLinesFrom(first int) { r.lineOff = 1 - first }

// HeaderLine returns the header line the columns were mapped from (a
// commented header without its '#'), without its line end; "" when the
// input had none (CSVOptions.Columns, Key:value lines, a headerless
// file). A live text source that loses its device keeps it, so that a
// device that prints its header once, at boot, can be read again after a
// reconnection.
func (r *CSVReader) HeaderLine() string { return r.header }

// Unread returns, as text, what the reader has taken from its input but
// not handed out: a line held on a time jump (see Read), the lookahead
// lines not yet served (each ending in "\n"; the blank and comment lines
// among them, and a line over the length limit, as blank lines, so that
// every line after them keeps its place) and the bytes waiting in its
// buffer. A caller that starts another reader mid-stream (a live
// device that restarted its clock) puts them in front of the rest of the
// input. The reader is finished after it: Read returns io.EOF.
func (r *CSVReader) Unread() []byte {
	var out []byte
	if r.pend {
		// a line held on a time jump, read but not handed out
		out = append(append(out, bytes.TrimRight(r.pendLine, "\r\n")...), '\n')
	}
	if r.next < len(r.pending) {
		for _, p := range r.pending[r.next:] {
			// (left out, the lines after them were numbered, and
			// dated by their arrival, as many lines early: a live
			// source's restarted session)
			out = append(out, bytes.Repeat([]byte{'\n'}, p.skipped)...)
			if !p.tooLong {
				out = append(out, bytes.TrimRight(r.arena[p.off:p.end], "\r\n")...)
			}
			out = append(out, '\n')
		}
	}
	if !r.eof {
		b, _ := r.br.Peek(r.br.Buffered())
		out = append(out, b...)
		r.br.Discard(len(b))
	}
	r.pending, r.arena, r.next, r.eof, r.pend, r.queued = nil, nil, 0, true, false, false
	return out
}

// Describe returns one line for logs, such as
// "format=sensorlogger time=seconds_elapsed(s) acc=x,y,z(m/s²) gyro=none
// rate=100.0Hz frame=sensor". Units decided from the data are marked
// "detected".
func (r *CSVReader) Describe() string { return r.desc }

// Read fills s with the next sample. It returns io.EOF at the end of the
// input, and a *LineError (file, line, column and one of ErrParse,
// ErrFieldCount, ErrNonFinite, ErrBackwards, ErrAhead, ErrDuplicateTS,
// ErrMagnitude) for a bad line, which is skipped and counted: the caller
// may call Read again. Once the bad lines exceed the limit (see
// CSVOptions.MaxBadLines), or the underlying reader fails, Read returns
// that error (wrapping ErrTooManyBadLines, or the reader's error) from
// then on.
//
// A line whose time is more than two sample periods after the line
// before it is held until a later line tells whether the jump was real:
// one that goes on from it (a gap: the held sample is handed out, one line
// late), or one that comes back between the two times (the held line is
// the bad one, ErrAhead, and the lines after it are read on the time
// before it). Lines bad either way meanwhile are reported as they come.
func (r *CSVReader) Read(s *Sample) error {
	if r.slow {
		return r.readHeld(s)
	}
	// the common case alone here: readHeld holds the rest (in one
	// function, the whole of it made every row's read 3–5 % slower)
	prev, hadT := r.lastT, r.haveT
	line, no, tooLong, err := r.nextRow()
	if err != nil || tooLong || no == r.cutLine {
		if no, err = r.finishRow(s, line, no, tooLong, err, hadT); err == r.fatal {
			return err
		}
		return r.tally(err, no)
	}
	r.stats.Rows++
	if err := r.parseRow(line, no, s); err != nil {
		return r.tally(err, no)
	}
	if r.lastT-prev > r.jumpRaw && no != r.resetNo { // (lastT is +Inf before the first time)
		r.hold(s, no, prev, line)
		return r.readHeld(s)
	}
	r.stats.Samples++
	r.badRun = 0
	r.outNo = no
	return nil
}

// finishRow turns the next data line (nextRow's results) into sample s and
// returns its number; hadT tells whether a time was read before it. An
// input that ended or failed sets r.fatal and returns it.
func (r *CSVReader) finishRow(s *Sample, line []byte, no int, tooLong bool, err error, hadT bool) (int, error) {
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("%s:%d: %w", r.name, r.lineOff+r.stats.Lines+1, err)
		}
		r.fatal, r.slow = err, true
		return 0, err
	}
	r.stats.Rows++
	switch {
	case tooLong:
		return no, r.lineErr(no, -1, fmt.Errorf("%w: line longer than %d bytes", ErrParse, maxLine))
	case no == r.cutLine && r.cutAhead:
		return no, r.lineErr(no, r.kindCol[colTime], fmt.Errorf("%w: the first data line's time is ahead of the lines after it, which run on steadily from before it", ErrAhead))
	case no == r.cutLine:
		return no, r.lineErr(no, -1, fmt.Errorf("%w: the first data line looks cut at its start (its first field jumps to the next line's by over 100 steps: a capture or connection that began mid-line)", ErrParse))
	}
	if err := r.parseRow(line, no, s); err != nil {
		return no, err
	}
	if r.cPeriod > 0 {
		if hadT && r.lastT == r.cStamp && s.Acc == r.cAcc && s.Gyr == r.cGyr {
			// a coarse clock's repeat of the same row: written twice
			// (as a sample, 1200 Hz written twice read as 2400)
			return no, r.lineErr(no, r.kindCol[colTime], fmt.Errorf("%w: %v, the line before's values", ErrDuplicateTS, r.rawT(r.lastT)))
		}
		r.cStamp, r.cAcc, r.cGyr = r.lastT, s.Acc, s.Gyr
		s.T = r.coarseTime(s.T, hadT)
	}
	return no, nil
}

// readHeld is Read off its common case (r.slow): a line held on a time
// jump (see Read), a line's result waiting behind the one handed out, the
// end of the input, or a coarse clock.
func (r *CSVReader) readHeld(s *Sample) error {
	err := r.readSlow(s)
	r.slow = r.queued || r.pend || r.fatal != nil || r.cPeriod > 0 || r.zeroLead
	return err
}

func (r *CSVReader) readSlow(s *Sample) error {
	if r.queued {
		r.queued = false
		*s = r.queueS
		return r.tally(r.queueErr, r.queueNo)
	}
	for {
		if r.fatal != nil {
			return r.fatal
		}
		prev, hadT := r.lastT, r.haveT
		line, no, tooLong, err := r.nextRow()
		no, err = r.finishRow(s, line, no, tooLong, err, hadT)
		switch {
		case err != nil && err == r.fatal && r.pend:
			// the input ended (or failed) after a jump: it stands
			r.pend = false
			*s = r.pendS
			return r.tally(nil, r.pendNo)
		case err != nil && err == r.fatal:
			return err
		case err != nil:
			// (bad either way while a jump is pending)
			if err = r.tally(err, no); err == r.fatal && r.pend {
				// the reader gives up: the held line first (it read
				// well), the error from the next Read on
				r.pend = false
				*s = r.pendS
				r.stats.Samples++
				r.outNo = r.pendNo
				return nil
			}
			return err
		case !r.pend:
			if r.zeroLead {
				if s.Acc == [3]float64{} {
					r.stats.LeadZeros++ // not read yet: no sample
					continue
				}
				r.zeroLead = false
			}
			if r.lastT-prev > r.jumpRaw && no != r.resetNo {
				r.hold(s, no, prev, line)
				continue
			}
			return r.tally(nil, no)
		}
		// A jump is pending, and this line came after the time before it.
		t, from, to := r.lastT, r.pendFrom, r.pendTo
		jumped, jumpedNo := r.pendS, r.pendNo
		r.pend = false
		switch {
		case t > to:
			// the lines go on from the jump: it was real (a gap)
			if t-to > r.jumpRaw {
				r.hold(s, no, to, line) // and this line jumps again
			} else {
				r.queued, r.queueS, r.queueNo, r.queueErr = true, *s, no, nil
			}
			*s = jumped
			return r.tally(nil, jumpedNo)
		case t == to && r.cPeriod > 0:
			// a coarse clock's next sample on the jumped tick: real
			r.queued, r.queueS, r.queueNo, r.queueErr = true, *s, no, nil
			*s = jumped
			return r.tally(nil, jumpedNo)
		case t == to:
			// two lines at the jumped time: it was real, and this line
			// repeats it
			r.queued, r.queueNo = true, no
			r.queueErr = r.lineErr(no, r.kindCol[colTime], fmt.Errorf("%w: %v", ErrDuplicateTS, r.rawT(t)))
			*s = jumped
			return r.tally(nil, jumpedNo)
		}
		// back between the two: the jumped line was the wrong one (a
		// logger that wrote one wrong time: 4162.49583 for 4.16249583,
		// one line 60 s ahead). Refusing the lines after it as going
		// backwards lost the rest of the file.
		bad := r.lineErr(jumpedNo, r.kindCol[colTime], fmt.Errorf("%w: %v after %v, and line %d comes back to %v", ErrAhead, r.rawT(to), r.rawT(from), no, r.rawT(t)))
		if r.cPeriod > 0 {
			// a coarse clock: this line's time again, from the sample
			// before the held line, counting the held line's place (a
			// sample whose time was wrong) and the places around it
			r.cT, r.cSlots = r.pendCT, r.pendSlots+1+r.cSlotsUsed
			s.T = r.coarseTime(t/r.timeDiv, true)
		}
		if t-from > r.jumpRaw {
			r.hold(s, no, from, line)
		} else {
			r.queued, r.queueS, r.queueNo, r.queueErr = true, *s, no, nil
		}
		return r.tally(bad, jumpedNo)
	}
}

// hold keeps sample s of line no (text line), whose time jumped from prev
// (raw), until a later line decides on it, and reads the lines after it on
// prev. The line read well: it ends a run of bad lines, whatever it turns
// out to be (two runs of 600 around it were one of 1201, over the limit).
func (r *CSVReader) hold(s *Sample, no int, prev float64, line []byte) {
	r.pend, r.pendS, r.pendNo, r.pendFrom, r.pendTo = true, *s, no, prev, r.lastT
	r.pendLine = append(r.pendLine[:0], line...)
	r.slow = true
	r.pendCT, r.pendSlots = r.cPrev, r.cSlotsUsed
	r.lastT = prev
	r.badRun = 0
}

// rawT formats a time column value as the file wrote it (raw units; t
// with the wraps so far, tOff).
func (r *CSVReader) rawT(t float64) string { return strconv.FormatFloat(t-r.tOff, 'g', -1, 64) }

// restart tells whether time t (raw, tOff included) of line no, whose
// acceleration is acc, behind the line before and no counter's wrap,
// begins a clock that restarted (see CSVOptions.ClockResets), looking at
// the data lines after it without taking them. It then returns the line's
// time resetGap after the line before and moves every later line's time by
// the same amount (tOff).
func (r *CSVReader) restart(t float64, acc [3]float64, no int) (float64, bool) {
	if !r.opt.ClockResets || r.pend || r.keys != nil || !(r.jumpRaw > 0) || math.IsInf(r.jumpRaw, 1) {
		return t, false
	}
	// a time read before with the same acceleration: lines written again
	// (a logger that replayed its buffer), refused as going backwards, not
	// a new clock (read as one, the rest of the file moved 3 s on and the
	// replay was analysed twice — a review). The same time alone is not
	// one: a clock from 0 that restarts within the ring's reach (10 s at
	// 100 Hz) comes back on the times it began with, and its lines were
	// all refused (an audit: 1000 lines lost).
	for _, x := range r.recent[:min(r.nRecent, len(r.recent))] {
		if x.t == t && x.acc == acc {
			return t, false
		}
	}
	rows := r.peekRows(resetLines - 1)
	if len(rows) < resetLines-1 {
		return t, false
	}
	prev := t
	for _, l := range rows {
		x, ok := r.timeOf(l)
		if x += r.tOff; !ok || !(x > prev && x-prev <= r.jumpRaw && x < r.lastT) {
			return t, false
		}
		prev = x
	}
	off := r.lastT + resetGap*r.timeDiv - t
	r.tOff += off
	r.resetNo = no
	r.stats.ClockResets++
	return t + off, true
}

// peekRows returns up to k data lines after the one being read, leaving
// them to nextRow: from the lookahead, then read from the input into a
// lookahead of their own. It stops at a line too long, the end of the
// input, or a read error (kept for nextRow: peekErr).
func (r *CSVReader) peekRows(k int) [][]byte {
	if r.next >= len(r.pending) {
		r.pending, r.arena, r.next = nil, nil, 0
	}
	skipped := 0
	for len(r.pending)-r.next < k && r.peekErr == nil {
		line, tooLong, err := r.readLine()
		if err != nil {
			if err != io.EOF {
				// (numbered when nextRow returns it, by finishRow: no
				// line is read after it. Numbered here too, it read
				// "tty:552: tty:552: …", the inner number without
				// NumberLinesFrom when the lookahead read on past a
				// still or zero start)
				r.peekErr = err
			}
			break
		}
		if !tooLong && isBlankLine(line) {
			r.stats.Skipped++
			skipped++
			continue
		}
		off := len(r.arena)
		r.arena = append(r.arena, line...)
		r.pending = append(r.pending, pendingLine{off: off, end: len(r.arena), no: r.stats.Lines, tooLong: tooLong, skipped: skipped})
		skipped = 0
		if tooLong {
			break
		}
	}
	var rows [][]byte
	for _, p := range r.pending[r.next:] {
		if p.tooLong || len(rows) == k {
			break
		}
		rows = append(rows, r.arena[p.off:p.end])
	}
	return rows
}

// timeOf reads the time cell of a data line (raw, without tOff); ok is
// false when it holds no number.
func (r *CSVReader) timeOf(line []byte) (t float64, ok bool) {
	tc := r.kindCol[colTime]
	if tc < 0 {
		return 0, false
	}
	n, p := len(line), 0
	for nf := 0; ; nf++ {
		if r.sep == ' ' {
			for p < n && (line[p] == ' ' || line[p] == '\t') {
				p++
			}
		}
		e := r.fieldEnd(line, p)
		if nf == tc {
			f, err := r.slowField(line[p:e], nf)
			return f, err == nil
		}
		if e >= n {
			return 0, false
		}
		p = e + 1
	}
}

// clockWraps are the counter sizes a time column may wrap at, raw units:
// an int16 or uint16 (65.5 s of ms), 24 bits (a sensor's own counter), an
// int32 or uint32 (micros() after 71.6 min, millis() after 49.7 days).
var clockWraps = [...]float64{1 << 16, 1 << 24, 1 << 32}

// unwrap tells whether time t (raw, before this line's wrap), behind the
// line before, is a counter that wrapped round: t plus one of clockWraps
// goes on from the line before within the jump threshold (two periods; a
// coarse clock's three ticks, its tick repeated too). It then returns t
// with the wrap added, and adds it to every later line's time (tOff). A
// wrong time matches one of three exact continuations by chance only.
func (r *CSVReader) unwrap(t float64) (float64, bool) {
	for _, w := range clockWraps {
		if d := t + w - r.lastT; (d > 0 || d == 0 && r.cPeriod > 0) && d <= r.jumpRaw {
			r.tOff += w
			r.stats.ClockWraps++
			return t + w, true
		}
	}
	return t, false
}

// tally counts the result of a row handed out and stops the reader when
// too many bad lines come in a row.
func (r *CSVReader) tally(err error, no int) error {
	r.outNo = no
	if err == nil {
		r.stats.Samples++
		r.badRun = 0
		return nil
	}
	r.count(err)
	r.badRun++
	var le *LineError
	gyroBad := errors.As(err, &le) && le.Column != "" && r.gyroColumn(le.Column)
	if r.cPeriod > 0 && !errors.Is(err, ErrFieldCount) && !errors.Is(err, ErrDuplicateTS) && !errors.Is(err, ErrAhead) {
		r.cSlots++ // a sample's place (ErrAhead's is counted where it is found)
	}
	if gyroBad && r.stats.Samples > 0 {
		// (a gyroscope that starts late, before any sample, is not one
		// that stops)
		if r.gyroRow != r.stats.Rows-1 || r.gyroRun.Lines == 0 {
			r.gyroRun = LineRun{Line: no}
		}
		r.gyroRun.Lines++
		r.gyroRow = r.stats.Rows
		if r.gyroRun.Lines > r.stats.GyroGap.Lines {
			r.stats.GyroGap = r.gyroRun
		}
	}
	if r.maxBad >= 0 && r.badRun > r.maxBad && r.stats.BadLines*10 > r.stats.Rows && r.stats.Samples > 0 {
		hint := ""
		if gyroBad {
			// a gyroscope that stopped delivering: the acceleration
			// can still be read whole (a gyroscope file of its own has
			// none: it ends there)
			hint = "; a gyroscope that stops part way: read the acceleration alone (CSVOptions.IgnoreGyro, gaitd analyze --acc-only)"
			if r.opt.GyroOnly {
				hint = "; the gyroscope stops part way: cut the file there, or analyse the acceleration without it"
			}
		}
		r.fatal = fmt.Errorf("%s:%d: %w: %d in a row, %d of %d data lines (last: %v)%s",
			r.name, r.lineOff+no, ErrTooManyBadLines, r.badRun, r.stats.BadLines, r.stats.Rows, err, hint)
		r.queued, r.slow = false, true // the reader gives up here (a held line is handed out first: readSlow)
		return r.fatal
	}
	return err
}

// gyroColumn tells whether the named column is read as an angular rate.
func (r *CSVReader) gyroColumn(name string) bool {
	for k := colGyr0; k <= colGyr2; k++ {
		if c := r.kindCol[k]; c >= 0 && r.names[c] == name {
			return true
		}
	}
	return false
}

func (r *CSVReader) count(err error) {
	r.stats.BadLines++
	b := &r.stats.Bad
	switch {
	case errors.Is(err, ErrFieldCount):
		b.FieldCount++
		r.shapeless++
	case errors.Is(err, ErrNonFinite):
		b.NonFinite++
	case errors.Is(err, ErrMagnitude):
		b.Magnitude++
	case errors.Is(err, ErrBackwards):
		b.Backwards++
	case errors.Is(err, ErrAhead):
		b.Ahead++
	case errors.Is(err, ErrDuplicateTS):
		b.Duplicate++
	default:
		b.Parse++
	}
}

// nextRow returns the next data line: from the lookahead, then from the
// input, skipping blank and comment lines. The line is valid until the
// next call.
func (r *CSVReader) nextRow() (line []byte, no int, tooLong bool, err error) {
	if r.next < len(r.pending) {
		p := &r.pending[r.next]
		r.next++
		return r.arena[p.off:p.end], p.no, p.tooLong, nil
	}
	if r.pending != nil {
		// The lookahead has been served: let it go.
		r.pending, r.arena, r.next = nil, nil, 0
	}
	if err := r.peekErr; err != nil {
		r.peekErr = nil
		return nil, 0, false, err
	}
	for {
		line, tooLong, err = r.readLine()
		if err != nil {
			return nil, 0, false, err
		}
		if !tooLong && isBlankLine(line) {
			r.stats.Skipped++
			continue
		}
		return line, r.stats.Lines, tooLong, nil
	}
}

// isBlankLine reports whether b is empty, blank or a # comment.
func isBlankLine(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return c == '#'
		}
	}
	return true
}

// readLine reads one physical line and strips its line end and trailing
// blanks. A line longer than maxLine is consumed and reported tooLong.
func (r *CSVReader) readLine() (line []byte, tooLong bool, err error) {
	if r.eof {
		return nil, false, io.EOF
	}
	b, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.scanControl(b)
		if bytes.IndexByte(b, '\r') >= 0 {
			r.longCR = true // CR-only line ends, most likely
		}
		if bytes.Count(b, []byte{'#'}) >= 8 {
			r.longHash = true // packets ended by '#' (HyperIMU)
		}
		n := len(b)
		for err == bufio.ErrBufferFull {
			b, err = r.br.ReadSlice('\n')
			n += len(b)
		}
		r.offset += int64(n)
		r.stats.Lines++
		if err == io.EOF {
			r.eof = true
			err = nil
		}
		return nil, true, err
	}
	if err != nil {
		if err != io.EOF || len(b) == 0 {
			if err == io.EOF {
				r.eof = true
			}
			return nil, false, err
		}
		r.eof = true
	}
	r.stats.Lines++
	if r.detect {
		r.scanControl(b)
	}
	r.offset += int64(len(b))
	n := len(b)
	if n >= 2 && b[n-1] == '\n' && b[n-2] > ' ' {
		return b[:n-1], false, nil // (the common line end)
	}
	for n > 0 && (b[n-1] == '\n' || b[n-1] == '\r' || b[n-1] == ' ' || b[n-1] == '\t') {
		n--
	}
	return b[:n], false, nil
}

// scanControl records the first control byte (binary data) of b.
func (r *CSVReader) scanControl(b []byte) {
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			if r.ctlAt < 0 {
				r.ctlAt = r.offset + int64(i)
			}
			r.ctlLine++
			return
		}
	}
}

func (r *CSVReader) lineErr(no, field int, err error) *LineError {
	le := &LineError{File: r.name, Line: r.lineOff + no, Err: err}
	if field >= 0 && field < len(r.names) {
		le.Column = r.names[field]
	}
	return le
}

// isSep reports whether c ends a field.
func (r *CSVReader) isSep(c byte) bool {
	if r.sep == ' ' {
		return c == ' ' || c == '\t'
	}
	return c == r.sep
}

// fieldEnd returns the index of the separator ending the field that
// starts at p, or len(line). Quotes protect separators; inside them a
// doubled quote ("") is a quote (RFC 4180), as splitFields reads the
// header.
func (r *CSVReader) fieldEnd(line []byte, p int) int {
	n := len(line)
	if r.sep == ' ' {
		for p < n && line[p] != ' ' && line[p] != '\t' {
			p++
		}
		return p
	}
	q := p
	for q < n && line[q] == ' ' {
		q++
	}
	if q < n && line[q] == '"' {
		for c := q + 1; c < n; c++ {
			if line[c] != '"' {
				continue
			}
			if c+1 < n && line[c+1] == '"' {
				c++ // an escaped quote
				continue
			}
			p = c + 1 // the closing quote
			break
		}
	}
	if e := bytes.IndexByte(line[p:], r.sep); e >= 0 {
		return p + e
	}
	return n
}

// parseRow turns one data line into a sample; s is left alone on error.
// It allocates only on error.
func (r *CSVReader) parseRow(line []byte, no int, s *Sample) error {
	r.rowNo = no
	var v [nKinds]float64
	nf, errField, errVal, ok := 0, -1, error(nil), false
	if r.sep != ' ' && r.keys == nil {
		nf, ok = r.plainRow(line, &v)
	}
	if !ok {
		v = [nKinds]float64{}
		nf, errField, errVal = r.fields(line, &v)
	}
	if nf != r.nf && !(r.minNF > 0 && nf >= r.minNF && nf < r.nf) {
		want := fmt.Sprint(r.nf)
		if r.minNF > 0 {
			want = fmt.Sprintf("%d to %d", r.minNF, r.nf)
		}
		return r.lineErr(no, -1, fmt.Errorf("%w: have %d, want %s", ErrFieldCount, nf, want))
	}
	if errField >= 0 {
		return r.lineErr(no, errField, errVal)
	}
	// the three axes written out (the loop's control was a tenth of
	// parseRow's instructions), the sample in locals (registers) until
	// it is written; the first axis beyond 50 g is reported
	x0, x1, x2 := v[colAcc0], v[colAcc1], v[colAcc2]
	if r.addGrav {
		x0 += v[colGrav0]
		x1 += v[colGrav1]
		x2 += v[colGrav2]
	}
	a0, a1, a2 := x0*r.accScale[0], x1*r.accScale[1], x2*r.accScale[2]
	if !(math.Abs(a0) <= maxAbsAcc && math.Abs(a1) <= maxAbsAcc && math.Abs(a2) <= maxAbsAcc) {
		return r.magnitudeErr(no, [3]float64{x0, x1, x2}, [3]float64{a0, a1, a2})
	}
	g0, g1, g2 := v[colGyr0]*r.gyrScale, v[colGyr1]*r.gyrScale, v[colGyr2]*r.gyrScale
	var st float64
	switch t := v[colTime] + r.tOff; {
	case r.timeDiv == 0:
		st = float64(r.stats.Rows-1-r.shapeless) / r.rate
	case r.haveT && t == r.lastT && r.cPeriod == 0:
		return r.lineErr(no, r.kindCol[colTime], fmt.Errorf("%w: %v", ErrDuplicateTS, r.rawT(t)))
	case r.haveT && t < r.lastT:
		// (t's address is not taken: the common path keeps it in a
		// register)
		nt, ok := r.unwrap(t)
		if !ok {
			nt, ok = r.restart(t, [3]float64{a0, a1, a2}, no)
		}
		if !ok {
			return r.lineErr(no, r.kindCol[colTime], fmt.Errorf("%w: %v after %v", ErrBackwards, r.rawT(t), r.rawT(r.lastT)))
		}
		t = nt
		fallthrough
	default:
		// (a coarse clock's repeated stamps pass: its caller times them)
		r.lastT, r.haveT = t, true
		x := &r.recent[r.nRecent&(len(r.recent)-1)]
		x.t, x.acc[0], x.acc[1], x.acc[2] = t, a0, a1, a2
		r.nRecent++
		st = t
		if r.timeDiv != 1 {
			st = t / r.timeDiv
		}
	}
	// field by field (a whole-struct copy of a local Sample loaded it in
	// 16-byte pieces straight after it was stored in 8-byte ones, which
	// stalls on amd64)
	s.T = st
	s.Acc[0], s.Acc[1], s.Acc[2] = a0, a1, a2
	s.Gyr[0], s.Gyr[1], s.Gyr[2] = g0, g1, g2
	return nil
}

// magnitudeErr reports the first axis of acc, an acceleration in m/s² (x
// as written in the file), beyond 50 g.
func (r *CSVReader) magnitudeErr(no int, x, acc [3]float64) error {
	for i, a := range acc {
		if math.Abs(a) <= maxAbsAcc {
			continue
		}
		if math.IsInf(a, 0) {
			// the value overflows in m/s² (1e308 g): said as written,
			// not as "+Inf m/s²"
			return r.lineErr(no, r.kindCol[colAcc0+colKind(i)],
				fmt.Errorf("%w: %g in the file's unit (limit %.1f m/s², 50 g)", ErrMagnitude, x[i], maxAbsAcc))
		}
		return r.lineErr(no, r.kindCol[colAcc0+colKind(i)],
			fmt.Errorf("%w: %.1f m/s² (limit %.1f m/s², 50 g)", ErrMagnitude, a, maxAbsAcc))
	}
	return nil
}

// fields reads line's fields into v by their kinds (r.cols) and returns
// their count and the first unreadable one (-1 if none) with its error.
// It is parseRow's general reader: plainRow reads the common lines.
func (r *CSVReader) fields(line []byte, v *[nKinds]float64) (nf, errField int, errVal error) {
	n := len(line)
	errField = -1
	p := 0
	blanks := r.sep == ' '
	plain := !blanks && r.keys == nil
	sep, dec := r.sep, r.dec
	for {
		if blanks {
			for p < n && (line[p] == ' ' || line[p] == '\t') {
				p++
			}
			if p == n {
				break
			}
		}
		kind := colIgnore
		if nf < len(r.cols) {
			kind = r.cols[nf]
		}
		var e int
		if kind == colIgnore {
			e = r.fieldEnd(line, p)
		} else {
			f, m, ok := 0.0, 0, false
			if plain {
				f, m, ok = plainNumber(line[p:], sep, dec)
			}
			q := p + m
			if !ok {
				f, q, ok = r.fastField(line, p, nf)
			}
			if ok {
				e = q
			} else {
				e = r.fieldEnd(line, p)
				var err error
				f, err = r.slowField(line[p:e], nf)
				if err != nil && errField < 0 {
					errField, errVal = nf, err
				}
			}
			v[kind] = f
		}
		nf++
		if e >= n {
			break
		}
		p = e + 1
		if p == n && !blanks && nf != r.nf-1 {
			// a trailing separator does not open a field, unless that
			// field is the line's last: "…,0.99,,," under
			// t,ax,ay,az,gx,gy,gz is its gyro left empty (reported at
			// its first empty column), not a line one field short
			break
		}
	}
	return nf, errField, errVal
}

// plainLen bounds the lines plainRow reads: a line is copied into
// CSVReader.pbuf with a '\n' after it (a line holds none), which ends
// every one of plainRow's scans, so that they test neither the line's end
// nor (their indices masked by plainLen−1) the buffer's bounds. Longer
// lines are read by fields.
const plainLen = 4096

// plainRow reads a common line's fields into v by their kinds (r.cols)
// and returns their count: every field read [-]digits[.digits] of at most
// 15 digits (plainNumber's form without its exponent), and a column not
// read anything without a quote; a separator ending the line opens no
// field. ok is false for any other line, for one a field short whose
// separator ends it (an empty last field), and for one of plainLen bytes
// or more: fields reads those. What it reads is what fields reads,
// without a call per field (every call in Go's register ABI makes the
// loop reload its state from memory). The separator and decimal mark are
// read from r where they are used: kept in registers they left too few
// for the loops (4 % more instructions); the kinds' slice is kept in
// registers.
func (r *CSVReader) plainRow(line []byte, v *[nKinds]float64) (nf int, ok bool) {
	n := len(line)
	if n >= plainLen {
		return 0, false
	}
	b := &r.pbuf
	copy(b[:], line)
	b[n] = '\n' // (the scans stop at it: i ≤ n < plainLen, i&m is i)
	const m = plainLen - 1
	cols := r.cols
	for p := 0; ; {
		kind := colIgnore
		if nf < len(cols) {
			kind = cols[nf]
		}
		i := p
		if kind == colIgnore {
			for {
				c := b[i&m]
				if c == r.sep || c == '\n' {
					break
				}
				if c == '"' {
					return 0, false // (quotes protect separators: fieldEnd)
				}
				i++
			}
		} else {
			// plainNumber, written out
			neg := b[i&m] == '-'
			if neg {
				i++
			}
			var mant uint64
			j := i
			for ; b[i&m]-'0' <= 9; i++ {
				mant = mant*10 + uint64(b[i&m]-'0')
			}
			digits, frac := i-j, 0
			if b[i&m] == r.dec {
				i++
				k := i
				for ; b[i&m]-'0' <= 9; i++ {
					mant = mant*10 + uint64(b[i&m]-'0')
				}
				frac = i - k
				digits += frac
			}
			if digits == 0 || digits > 15 {
				return 0, false
			}
			// (an integer of 15 digits at most, below 2⁵³, over an
			// exact power of ten: one rounding, as strconv)
			f := float64(int64(mant)) / pow10[frac&15]
			if neg {
				f = -f
			}
			v[kind] = f
		}
		nf++
		if b[i&m] != r.sep {
			if i != n {
				return 0, false // (a field that does not end at a separator)
			}
			return nf, true
		}
		p = i + 1
		if p == n {
			// a trailing separator opens no field, unless the line
			// is a field short (fields)
			if nf != r.nf-1 {
				return nf, true
			}
			return 0, false
		}
	}
}

// coarseTime times a sample of a coarse clock (coarseClock) whose tick
// reads stamp, s: one period after the sample before it (and one more for
// each bad line between them that held a sample's place), moved a 64th of
// the way toward its stamp (at most half a period: the time keeps
// increasing). The ticks, off the true times by up to a tick, are
// averaged into a phase within a few ms; a rate off by 0.1 % stays within
// 0.07 periods of the stamps. The first sample, and one more than two
// ticks past its predicted time (a gap), start at their stamp.
//
// Ticks of more than four samples (cLong: ActiGraph's whole seconds, 100
// samples a tick) would swing each sample by up to a 64th of a tick; their
// samples are timed one period after the one before within their tick's
// bounds instead: at or after the stamp (a clock that truncates), and
// before the next tick — the first of a tick within a period of it, as the
// sample before was in an earlier tick. A tick's samples are then spaced
// at the rate from the stamp on: exact for a clock that truncates, half a
// tick late for one that rounds.
func (r *CSVReader) coarseTime(stamp float64, started bool) float64 {
	t := stamp
	pred := r.cT + float64(1+r.cSlots)*r.cPeriod
	switch {
	case r.cLong && started && stamp-pred <= 2*r.cQuant:
		hi := stamp + r.cQuant
		if stamp > r.cTick {
			hi = stamp + r.cPeriod
		}
		t = max(clampF(pred, stamp, hi), r.cT+0.5*r.cPeriod)
	case r.cLong && !started:
		t = stamp + r.cLead // (a first tick cut short: its samples are its last)
	case started && stamp-pred > r.cQuant && stamp-pred <= 2*r.cQuant:
		// more than a tick ahead of its prediction: samples missing (a
		// Bluetooth packet lost) — moved on by the whole periods that
		// bring it back to where a tick's first sample lies, half a tick
		// less a period behind its stamp; nudged a 64th at a time, the
		// samples after a lost packet ran a packet (~40 ms) late for
		// half a second
		n := math.Round((stamp - pred - (r.cQuant-r.cPeriod)/2) / r.cPeriod)
		t = pred + max(n, 0)*r.cPeriod
	case started && stamp-pred <= 2*r.cQuant:
		t = pred + clampF((stamp-pred)/64, -0.5*r.cPeriod, 0.5*r.cPeriod)
	}
	r.cTick = stamp
	r.cPrev, r.cT = r.cT, t
	r.cSlotsUsed, r.cSlots = r.cSlots, 0
	return t
}

func clampF(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

// fastField parses the number of field nf starting at p without
// allocating. It returns the index of the separator ending the field; ok
// is false when the slow path must decide.
func (r *CSVReader) fastField(line []byte, p, nf int) (f float64, end int, ok bool) {
	n := len(line)
	q := p
	for q < n && line[q] == ' ' {
		q++
	}
	if r.keys != nil {
		k := r.keys[nf]
		if n-q <= len(k) || line[q+len(k)] != ':' || string(line[q:q+len(k)]) != string(k) {
			return 0, 0, false
		}
		q += len(k) + 1
		for q < n && line[q] == ' ' {
			q++
		}
	}
	quoted := q < n && line[q] == '"'
	if quoted {
		q++
	}
	f, m, ok := fastFloat(line[q:], r.dec)
	if !ok {
		return 0, 0, false
	}
	q += m
	if quoted {
		if q >= n || line[q] != '"' {
			return 0, 0, false
		}
		q++
	}
	if r.sep != ' ' {
		for q < n && line[q] == ' ' {
			q++
		}
	}
	if q < n && !r.isSep(line[q]) {
		return 0, 0, false
	}
	return f, q, true
}

// settleDateOrder watches dates whose order the lookahead could not tell
// (dateOrder: both numbers 12 or under, read M/d/yyyy) for the first
// change of day: t is cell read in the order taken. When it jumps from
// the date before by over a day and the other order steps on by under
// one, the dates are the other order: it is taken from this line on
// (DayFirstAt), offset to run on from the time before (dateOffset), and
// the time so read is returned. Year-first dates settle it at once.
//
// ok says whether the order taken read the cell at all: a date that only
// the other order reads (13/11/2021 after 12/11/2021 23:59:59, read month
// first) shows the order as a jump does, when that order steps on from
// the date before by under a day; it was refused as unparsable, the file
// read no further. It returns the time and whether it was read.
func (r *CSVReader) settleDateOrder(cell []byte, t float64, ok bool) (float64, bool) {
	c := trimCell(cell)
	if ok && len(c) > 4 && (c[4] == '-' || c[4] == '/') && c[1] >= '0' && c[1] <= '9' && c[2] >= '0' && c[2] <= '9' {
		r.dateKnown = true // yyyy-MM-dd: no order to tell
		return t, true
	}
	alt, altOK := parseDateTime(c, !r.dayFirst)
	const day = 86400
	// the other order from this line on, run on from the time before
	flip := func() (float64, bool) {
		r.dayFirst, r.dateKnown = !r.dayFirst, true
		if r.haveDate {
			r.dateOffset = r.lastDate - r.lastAlt
		}
		// the row's own line: the lookahead's rows are read again
		// after stats.Lines has counted them all
		r.stats.DayFirstAt = r.rowNo
		return alt, true
	}
	if !ok {
		if !altOK || r.haveDate && !(alt-r.lastAlt >= 0 && alt-r.lastAlt < day) {
			return 0, false
		}
		return flip()
	}
	if !altOK {
		alt = t
	}
	if r.haveDate && math.Abs(t-r.lastDate) > day && alt-r.lastAlt >= 0 && alt-r.lastAlt < day {
		return flip()
	}
	r.lastDate, r.lastAlt, r.haveDate = t, alt, true
	return t, true
}

// timeOfDayEnd bounds the times parseDateTime reads from a time of day
// alone (seconds since 1970-01-01's midnight, up to 24:00:00 and a leap
// second): no date a recording carries lies on that first day.
const timeOfDayEnd = 86401

// nearestDay puts a time of day alone, t s since midnight, on the day
// that brings it nearest the time of day read before it: t + 86 400·k, k =
// round((last − t) / 86 400). A logger's clock without a date runs on over
// midnight, 23:59:59.990 then 00:00:00.000 read 10 ms on, not a clock
// reset 86 400 s back (read so before: a restart, a 3 s gap). A line read
// again lands on the day it was first read on. A pause of over 12 h in
// such a file cannot be told from a clock set back: it is read as the
// nearest.
func (r *CSVReader) nearestDay(t float64) float64 {
	if r.haveTOD {
		t = dayNearest(t, r.lastTOD)
	}
	r.lastTOD, r.haveTOD = t, true
	return t
}

// dayNearest returns t + 86 400·k s nearest last (nearestDay).
func dayNearest(t, last float64) float64 {
	return t + math.Round((last-t)/86400)*86400
}

// slowField parses a field the fast path refused, classifying errors.
func (r *CSVReader) slowField(field []byte, nf int) (float64, error) {
	cell := trimCell(field)
	if r.keys != nil {
		k := r.keys[nf]
		rest, ok := bytes.CutPrefix(cell, k)
		if !ok || len(rest) == 0 || rest[0] != ':' {
			return 0, fmt.Errorf("%w: %q", ErrParse, field)
		}
		cell = trimCell(rest[1:])
	}
	if r.timeText && nf == r.kindCol[colTime] {
		t, ok := parseDateTime(cell, r.dayFirst)
		if !r.dateKnown {
			t, ok = r.settleDateOrder(cell, t, ok)
		}
		if ok {
			if t < timeOfDayEnd {
				t = r.nearestDay(t)
			}
			return t + r.dateOffset, nil
		}
	}
	f, err := slowFloat(cell, r.dec)
	switch {
	case err == nil && finite(f):
		return f, nil
	case err == nil || isRangeErr(err):
		return 0, fmt.Errorf("%w: %q", ErrNonFinite, cell)
	}
	return 0, fmt.Errorf("%w: %q", ErrParse, cell)
}

func isRangeErr(err error) bool { return errors.Is(err, strconv.ErrRange) }

// trimCell strips blanks and one pair of quotes.
func trimCell(b []byte) []byte {
	b = bytes.Trim(b, " \t")
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = bytes.Trim(b[1:len(b)-1], " \t")
	}
	return b
}

// where formats a location for construction errors.
func (r *CSVReader) where(line int) string {
	if line <= 0 {
		return r.name
	}
	return fmt.Sprintf("%s:%d", r.name, line)
}

func (r *CSVReader) checkOptions() error {
	o := r.opt
	if !validFormat(o.Format) {
		return fmt.Errorf("%s: unknown format %q (want auto, csv, sensorlogger, phyphox, metabase, arduino or hyperimu)", r.name, o.Format)
	}
	if o.Lookahead != 0 && (o.Lookahead < MinLookahead || o.Lookahead > lookaheadRows) {
		return fmt.Errorf("%s: invalid lookahead %d lines (want %d to %d, or 0 for %d)", r.name, o.Lookahead, MinLookahead, lookaheadRows, lookaheadRows)
	}
	if len(o.Columns) > 0 {
		switch o.Format {
		case "", FormatAuto, FormatCSV, FormatArduino, FormatHyperIMU:
		default:
			return fmt.Errorf("%s: columns name headerless lines; format %q has its own header (use auto, csv, arduino or hyperimu)", r.name, o.Format)
		}
		var names []string
		for i, n := range o.Columns {
			if n = strings.TrimSpace(n); n == "" || n == "-" {
				continue
			}
			if c := classifyColumn(n); c.role == roleNone {
				return fmt.Errorf("%s: column %d %q: unknown name (want a time, acceleration or gyro name such as t, t_ms, ax, acc_v, gz (deg/s), or - to skip)", r.name, i+1, n)
			}
			names = append(names, n)
		}
		if !hasAcc(names) {
			why := ""
			for _, n := range names {
				if c := classifyColumn(n); c.role == roleAccAnat && c.rank == rankWeakAnat {
					why = fmt.Sprintf(" (%s alone is not read as the vertical acceleration: name it acc_v)", n)
				}
			}
			return fmt.Errorf("%s: columns %s: no acceleration column%s", r.name, strings.Join(o.Columns, ","), why)
		}
	}
	if o.Rate != 0 && !(o.Rate >= 0.01 && o.Rate <= 1e6) {
		return fmt.Errorf("%s: invalid sample rate %v Hz (want 0.01 to 1e6)", r.name, o.Rate)
	}
	if o.AccRange != 0 && !(o.AccRange >= 1 && o.AccRange <= maxAbsAcc/G0) {
		return fmt.Errorf("%s: invalid accelerometer range ±%v g (want 1 to %g)", r.name, o.AccRange, maxAbsAcc/G0)
	}
	if _, _, err := accUnitScale(o.AccUnit); err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	if _, _, err := gyroUnitScale(o.GyroUnit); err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	if _, _, err := accUnitScale(o.GravityUnit); err != nil {
		return fmt.Errorf("%s: gravity unit: %w", r.name, err)
	}
	if o.IgnoreGyro && o.GyroOnly {
		return fmt.Errorf("%s: IgnoreGyro with GyroOnly: nothing would be read", r.name)
	}
	if o.GravityFree && o.GyroOnly {
		return fmt.Errorf("%s: GravityFree reads acceleration, GyroOnly a gyroscope alone: not both", r.name)
	}
	if o.GravityUnit != "" && !o.GravityFree {
		return fmt.Errorf("%s: GravityUnit is for a GravityFree recording", r.name)
	}
	switch o.TimeUnit {
	case "", "s", "ms", "us", "ns", "none":
	default:
		return fmt.Errorf("%s: unknown time unit %q (want s, ms, us, ns or none)", r.name, o.TimeUnit)
	}
	return nil
}

// accUnitScale returns the factor to m/s² and a display name.
func accUnitScale(u string) (scale float64, name string, err error) {
	switch u {
	case "":
		return 0, "", nil
	case "g":
		return G0, "g", nil
	case "mps2", "m/s2", "m/s^2", "m/s²":
		return 1, "m/s²", nil
	case "mg":
		return G0 / 1000, "mg", nil
	}
	if lsb, ok := strings.CutPrefix(u, "raw:"); ok {
		if v, err := parseNumber([]byte(lsb), '.'); err == nil && v > 0 && finite(v) {
			return G0 / v, u, nil
		}
		return 0, "", fmt.Errorf("acceleration unit %q: want raw:<lsb_per_g>, a positive number of counts per g (e.g. raw:4096)", u)
	}
	return 0, "", fmt.Errorf("unknown acceleration unit %q (want g, mps2, mg or raw:<lsb_per_g>)", u)
}

// CheckAccUnit returns an error when u is not an acceleration unit that
// CSVOptions.AccUnit accepts ("" is: detected), so that a flag can be
// refused before any file is opened.
func CheckAccUnit(u string) error {
	_, _, err := accUnitScale(u)
	return err
}

// CheckGyroUnit is CheckAccUnit for CSVOptions.GyroUnit.
func CheckGyroUnit(u string) error {
	_, _, err := gyroUnitScale(u)
	return err
}

// gyroUnitScale returns the factor to rad/s and a display name.
func gyroUnitScale(u string) (scale float64, name string, err error) {
	switch u {
	case "":
		return 0, "", nil
	case "dps", "deg/s":
		return math.Pi / 180, "deg/s", nil
	case "rads", "rad/s":
		return 1, "rad/s", nil
	}
	if lsb, ok := strings.CutPrefix(u, "raw:"); ok {
		if v, err := parseNumber([]byte(lsb), '.'); err == nil && v > 0 && finite(v) {
			return math.Pi / 180 / v, u, nil
		}
		return 0, "", fmt.Errorf("gyro unit %q: want raw:<lsb_per_dps>, a positive number of counts per °/s (e.g. raw:16.4)", u)
	}
	return 0, "", fmt.Errorf("unknown gyro unit %q (want dps, rads or raw:<lsb_per_dps>)", u)
}

// headRecorder keeps the first bytes read through it (headLen), so that
// binary input can be named whatever the chunks it arrives in.
type headRecorder struct {
	r    io.Reader
	head []byte
}

const headLen = 256

func (h *headRecorder) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if len(h.head) < headLen {
		h.head = append(h.head, p[:min(n, headLen-len(h.head))]...)
	}
	return n, err
}
