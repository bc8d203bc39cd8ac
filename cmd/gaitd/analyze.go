package main

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/output"
	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor"
)

// inputFlags are the flags that say how to read a recording.
type inputFlags struct {
	format, accUnit, gyroUnit, timeUnit string
	rate                                float64
	// ownFrameRates: gx, gy, gz beside acc_v… are read (a shoe or shank
	// placement; see sensor.CSVOptions.OwnFrameRates)
	ownFrameRates bool
	// ignoreGyro: the gyroscope columns are not read (--acc-only; see
	// sensor.CSVOptions.IgnoreGyro)
	ignoreGyro bool
	// gravityFree, gravityUnit: the recording is user acceleration to
	// which --gravity's file is added (sensor.CSVOptions.GravityFree)
	gravityFree bool
	gravityUnit string
	// accRange: the accelerometer's full scale, g (--acc-range; see
	// sensor.CSVOptions.AccRange)
	accRange float64
	// mirrored: every acceleration axis is read negated (--acc-mirrored,
	// or an iOS export's Metadata.csv; sensor.CSVOptions.Mirrored)
	mirrored bool
	// columns name a headerless file's fields (--columns; see
	// sensor.CSVOptions.Columns); not a joined file's (--gyro, --gravity)
	columns []string
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, "format", "auto", "input format: auto, csv, sensorlogger, phyphox, metabase, arduino, hyperimu (packets ended by #); binary serial dumps: witmotion, witmotion-ble (needs --rate), rvc")
	fs.Float64Var(&f.rate, "rate", 0, "sample rate in Hz (needed when the file has no time column; with one, the grid its samples are resampled to, shown in the input line)")
	fs.StringVar(&f.accUnit, "acc-unit", "", "acceleration unit: g, mps2, mg or raw:<LSB per g> (default: detected from gravity)")
	fs.StringVar(&f.gyroUnit, "gyro-unit", "", "gyro unit: dps, rads or raw:<LSB per °/s> (default: from the header, else detected)")
	fs.StringVar(&f.timeUnit, "time-unit", "", "time column unit: s, ms, us or ns, or none to ignore the time column and use --rate (default: detected)")
	fs.BoolVar(&f.mirrored, "acc-mirrored", false, "the accelerometer reads -1 g up, as Apple's Core Motion does (iOS Sensor Logger without \"Standardise Units & Frames\"): read every axis negated, or every left/right label comes out swapped")
	fs.Func("columns", "the file's fields, comma-separated, in order: t_ms,ax,ay,az,gx,gy,gz or t,acc_v,acc_ap (names as a header's; - skips a field): for a headerless file whose fields cannot be told from their values (a HyperIMU stream with a magnetometer or GPS), or a file whose header is not recognised — they replace its header, which is then not read", func(v string) error {
		f.columns = strings.Split(v, ",")
		return nil
	})
	fs.Float64Var(&f.accRange, "acc-range", 0, "the accelerometer's full scale in g (8 for ±8 g), when known: contacts that reach it are flagged clipped from the first sample (default: found from the data)")
}

// check refuses unit flags that no file could be read with, naming the
// flag, before any file is opened.
//
// Binary dumps carry their own units: --time-unit and --gyro-unit are
// refused with them, and --acc-unit too except WitMotion's raw:<counts per
// g>, its range set on the device (raw:4096 for ±8 g; ±16 g, raw:2048, by
// default). They were accepted and did nothing: a ±8 g WitMotion read 2 g
// of gravity and double impacts, and nothing said so (a black-box round).
func (f *inputFlags) check() error {
	if f.accRange != 0 && !(f.accRange >= 1 && f.accRange <= 50) {
		return fmt.Errorf("--acc-range %g: the accelerometer's full scale in g, 1 to 50 (8 for ±8 g)", f.accRange)
	}
	if f.accRange != 0 && f.format == "rvc" {
		return errors.New("--acc-range: --format rvc frames come from a BNO08x, whose range is fixed at ±8 g")
	}
	if r := f.accRange; r != 0 && (f.format == "witmotion" || f.format == "witmotion-ble") && r != 2 && r != 4 && r != 8 && r != 16 {
		// the range scales every count: one the part cannot be set to
		// reads every value wrong
		return fmt.Errorf("--acc-range %g: a WitMotion accelerometer is set to ±2, 4, 8 or 16 g", r)
	}
	switch f.format {
	case "witmotion", "witmotion-ble", "rvc", "sensorlogger", "phyphox", "metabase":
		if len(f.columns) > 0 {
			return fmt.Errorf("--columns names a headerless file's fields: --format %s has its own (use auto, csv, arduino or hyperimu)", f.format)
		}
	}
	if frames(f.format) {
		switch {
		case f.mirrored:
			return fmt.Errorf("--acc-mirrored is for CSV files: --format %s frames come from a sensor's own right-handed axes", f.format)
		case f.timeUnit != "":
			return fmt.Errorf("--time-unit is for CSV time columns: --format %s frames carry their own time (or --rate)", f.format)
		case f.gyroUnit != "" && f.format == "rvc":
			return errors.New("--gyro-unit: --format rvc frames carry no angular rate (UART-RVC sends no gyroscope)")
		case f.gyroUnit != "":
			return fmt.Errorf("--gyro-unit: --format %s frames carry their own gyro unit (±2000 °/s)", f.format)
		case f.accUnit != "" && f.format == "rvc":
			return errors.New("--acc-unit: --format rvc frames carry their acceleration in mg")
		case f.accUnit != "":
			rng, err := f.witRange()
			if err != nil {
				return err
			}
			if f.accRange != 0 && f.accRange != rng {
				return fmt.Errorf("--acc-range %g and --acc-unit %s (±%g g) disagree: give one", f.accRange, f.accUnit, rng)
			}
		}
	}
	return checkUnits(f.accUnit, f.gyroUnit)
}

// frames reports whether format is a binary frame format (a serial dump)
// rather than text.
func frames(format string) bool {
	return format == "witmotion" || format == "witmotion-ble" || format == "rvc"
}

// witRange is the WitMotion accelerometer range in g that --acc-unit
// raw:<counts per g> or --acc-range gives (0: not given, ±16 g): 32768
// counts per range.
func (f *inputFlags) witRange() (float64, error) {
	if f.accUnit == "" {
		return f.accRange, nil
	}
	n, ok := strings.CutPrefix(f.accUnit, "raw:")
	v, err := strconv.ParseFloat(n, 64)
	if !ok || err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("--acc-unit %s: --format %s takes raw:<counts per g>, its range set on the device: raw:16384 (±2 g), raw:8192 (±4 g), raw:4096 (±8 g) or raw:2048 (±16 g, the default)", f.accUnit, f.format)
	}
	return 32768 / v, nil
}

// checkUnits refuses an --acc-unit or --gyro-unit value that names no unit.
func checkUnits(acc, gyro string) error {
	if err := sensor.CheckAccUnit(acc); err != nil {
		return fmt.Errorf("--acc-unit: %w", err)
	}
	if err := sensor.CheckGyroUnit(gyro); err != nil {
		return fmt.Errorf("--gyro-unit: %w", err)
	}
	return nil
}

func (f *inputFlags) options(name string) sensor.CSVOptions {
	return sensor.CSVOptions{Name: name, Format: f.format, Rate: f.rate, AccUnit: f.accUnit, GyroUnit: f.gyroUnit, TimeUnit: f.timeUnit, OwnFrameRates: f.ownFrameRates,
		GravityFree: f.gravityFree, GravityUnit: f.gravityUnit, IgnoreGyro: f.ignoreGyro, AccRange: f.accRange, Mirrored: f.mirrored,
		Columns: f.columns, ClockResets: true} // a recorded file: a restarted clock is read on (serve times it by arrival)
}

// engineFlags are the flags that set up the gait engine.
type engineFlags struct {
	placement, activity, side string
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.placement, "placement", "waist", "sensor placement: waist (belt, sacrum, lower back), shoe or shank")
	fs.StringVar(&f.activity, "activity", "auto", "auto, walking or running")
	fs.StringVar(&f.side, "side", "", "instrumented foot for shoe and shank sensors: L or R")
}

func (f *engineFlags) config() (gait.Config, error) {
	var cfg gait.Config
	var err error
	if cfg.Placement, err = gait.ParsePlacement(f.placement); err != nil {
		return cfg, fmt.Errorf("--placement: %w", err)
	}
	if cfg.Activity, err = gait.ParseActivity(f.activity); err != nil {
		return cfg, fmt.Errorf("--activity: %w", err)
	}
	switch strings.ToUpper(f.side) {
	case "":
	case "L", "LEFT":
		cfg.Side = gait.Left
	case "R", "RIGHT":
		cfg.Side = gait.Right
	default:
		return cfg, fmt.Errorf("--side: want L or R, not %q", f.side)
	}
	return cfg, nil
}

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) (retErr error) {
	// evErr: the events file's failure (a full disk), which no longer
	// ends the command before the summary, the metrics and the report
	// are written: it is returned first beside whatever they return
	var evErr error
	defer func() {
		if evErr != nil {
			retErr = errors.Join(evErr, retErr)
		}
	}()
	// the flags and arguments are checked first: an error until then is a
	// usage error (exit 2)
	checked := false
	defer markUsage(&retErr, &checked)
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var in inputFlags
	var ef engineFlags
	in.register(fs)
	ef.register(fs)
	events := fs.String("events", "", "write one CSV row per contact to this file")
	summary := fs.String("summary", "", "write the run summary JSON to this file")
	speed := fs.Float64("speed", 0, "running speed in m/s when known (treadmill), 0.2–15 (0: unknown): enables step length and vertical ratio, and matches --history by speed")
	window := fs.Float64("window", 30, "length of the over-time windows in the summary, s")
	signals := fs.String("signals", "", "JSON file of form-signal thresholds (gait.SignalConfig field names; unset fields keep their defaults)")
	history := fs.String("history", "", "folder of earlier runs' summary JSON files (from --summary, or serve's data folder; subfolders are searched): judges this run's impact against earlier runs of the same placement and activity, and with --speed its cadence against runs at the same speed")
	metrics := fs.String("metrics", "", "write the run's Prometheus gauges (text format, for node_exporter's textfile collector) to this file")
	device := fs.String("device", "default", "device label of the --metrics series")
	align := fs.Bool("align", false, "with two foot recordings: estimate the offset between their clocks (up to a minute, from the cadence changes, stops and step-to-step variation the feet share; within half a stride, said so, when the run is too steady to tell), and their drift when they drift apart")
	gyro := fs.String("gyro", "", "the gyroscope's own file, for apps that export one file per sensor (Sensor Logger Gyroscope.csv, MetaBase, phyphox): joined to RECORDING by time")
	gravity := fs.String("gravity", "", "the gravity's own file, for acceleration exported without gravity (iOS Sensor Logger Accelerometer.csv, with its Gravity.csv): added to RECORDING by time")
	quiet := fs.Bool("q", false, "print nothing on stdout")
	accOnly := fs.Bool("acc-only", false, "ignore the gyroscope channels (a foot's or shank's gyroscope that saturates: use the accelerometer-only method)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: gaitd analyze [flags] RECORDING
       gaitd analyze --placement shoe|shank [flags] LEFT RIGHT

RECORDING is a CSV file (gzip-compressed or not), - for standard input,
or an app's export of one file per sensor as its folder or zip archive
(Sensor Logger: the accelerometer file with its gravity and gyroscope
files joined). With a shoe or shank
sensor on each foot, give both recordings (left first): their contacts
are merged into one run of both legs.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := ef.config()
	if err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	if r := in.rate; r != 0 && !(r >= gait.MinRate && r <= gait.MaxRate) {
		// the analysis grid's (and an input without a time column's):
		// refused now, by its flag, not by the engine after the
		// recording was opened and detected
		return fmt.Errorf("--rate %v: want %d to %d Hz (0, the default: the input's own rate)", r, gait.MinRate, gait.MaxRate)
	}
	if *metrics != "" && !runs.ValidDevice(*device) {
		return fmt.Errorf("--device %q: the --metrics series' device label: want 1–64 letters, digits, '.', '-' or '_'", *device)
	}
	if !(*window >= gait.MinWindow) || math.IsInf(*window, 0) {
		return fmt.Errorf("--window: want a number of seconds, at least %g, not %v", gait.MinWindow, *window)
	}
	if *speed < 0 || math.IsNaN(*speed) || math.IsInf(*speed, 0) {
		return fmt.Errorf("--speed %v: want 0.2–15 m/s (0, the default: unknown)", *speed)
	}
	foot := cfg.Placement.Foot()
	in.ownFrameRates = foot
	// --acc-only: a CSV file's gyroscope columns are not even read, so a
	// gyroscope that stops part way does not cost the acceleration
	in.ignoreGyro = *accOnly
	if a := flagAfterArgs(fs, args); a != "" {
		// the flag package stops at the first recording: a flag after
		// it was read as a second recording
		return fmt.Errorf("analyze: %s after the recording: flags go before it (gaitd analyze [flags] RECORDING)", a)
	}
	switch {
	case fs.NArg() == 2 && !foot:
		return errors.New("analyze: two recordings are paired only for shoe or shank sensors (--placement)")
	case fs.NArg() != 1 && fs.NArg() != 2:
		fs.Usage()
		return errors.New("analyze: want one recording (or two foot recordings)")
	case *align && fs.NArg() != 2:
		return errors.New("analyze: --align aligns the clocks of two foot recordings (LEFT RIGHT); one was given")
	}
	sigCfg, err := loadSignalConfig(*signals)
	if err != nil {
		return err
	}
	switch in.format {
	case "auto", "csv", "sensorlogger", "phyphox", "metabase", "arduino", "hyperimu", "witmotion", "witmotion-ble", "rvc":
	default:
		return fmt.Errorf("--format %q: want auto, csv, sensorlogger, phyphox, metabase, arduino, hyperimu, witmotion, witmotion-ble or rvc", in.format)
	}
	if *speed > 15 {
		return fmt.Errorf("--speed %v m/s: faster than any runner (want m/s, e.g. 3.5)", *speed)
	}
	if *speed > 0 && *speed < 0.2 {
		return fmt.Errorf("--speed %v m/s: slower than any walk (want m/s, e.g. 1.3 walking or 3.5 running)", *speed)
	}
	if ef.side != "" && !foot {
		return fmt.Errorf("--side %s: the instrumented foot of a shoe or shank sensor; a %s sensor sees both feet", ef.side, cfg.Placement)
	}
	if ef.side != "" && fs.NArg() == 2 {
		return fmt.Errorf("--side %s: with two foot recordings the first is the left foot and the second the right", ef.side)
	}
	// from here on an error is of the work (a file that cannot be read,
	// exit 1), save the arguments' own, marked usageErr (exit 2)
	checked = true
	// the recording, or one of two foot recordings' names: fs.Args()
	recs := slices.Clone(fs.Args())
	if fs.NArg() == 1 && recs[0] != "-" && !frames(in.format) {
		// an app's export of one file per sensor, as a folder or a zip
		// archive: its recording, with its gravity and gyroscope files
		ex, ok, err := resolveExport(recs[0])
		if err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		if ok {
			recs[0] = ex.rec
			var with []string
			if ex.gravity != "" && *gravity == "" {
				*gravity = ex.gravity
				with = append(with, "--gravity "+ex.gravity)
			}
			if ex.gyro != "" && *gyro == "" && !*accOnly {
				*gyro = ex.gyro
				with = append(with, "--gyro "+ex.gyro)
			}
			if ex.noGyro != "" && *gyro == "" && !*accOnly {
				with = append(with, "(not "+ex.noGyro+": it holds no samples)")
			}
			if ex.mirrored != "" && !in.mirrored {
				in.mirrored = true
				with = append(with, "--acc-mirrored ("+ex.mirrored+")")
			}
			left := ""
			if len(ex.left) > 0 {
				left = fmt.Sprintf(" (the phone's; the watch's %s left: give them to analyze the watch)", strings.Join(ex.left, ", "))
				if ex.watch {
					left = fmt.Sprintf(" (the watch's; the phone's %s left: give them to analyze the phone)", strings.Join(ex.left, ", "))
				}
			}
			fmt.Fprintf(stderr, "gaitd: %s: %s: reading %s%s\n", fs.Arg(0), ex.what(), strings.Join(append([]string{ex.rec}, with...), " "), left)
		}
	}
	if fs.NArg() == 2 && !frames(in.format) {
		// two foot recordings: each may be a zip archive or folder of
		// one recording, or an export whose acceleration file holds all
		// that is read, as one recording may ("extract the recording
		// first", said of a zip that the same command read alone); a
		// gravity or gyroscope file is joined to one recording only
		for k, r := range recs {
			if r == "-" {
				continue
			}
			ex, ok, err := resolveExport(r)
			if err != nil {
				return fmt.Errorf("analyze: %w", err)
			}
			if !ok {
				continue
			}
			switch {
			case ex.gravity != "":
				return usageErr(fmt.Errorf("analyze: %s: an export whose gravity is in a file of its own (%s), which is added to one recording only (--gravity), not to two foot recordings", r, ex.gravity))
			case ex.gyro != "" && !*accOnly:
				return usageErr(fmt.Errorf("analyze: %s: an export whose gyroscope is in a file of its own (%s), which is joined to one recording only (--gyro), not to two foot recordings; --acc-only reads both feet's acceleration alone", r, ex.gyro))
			case ex.mirrored != "" && !in.mirrored:
				return usageErr(fmt.Errorf("analyze: %s: its acceleration is mirrored (%s): give --acc-mirrored when both recordings are", r, ex.mirrored))
			}
			recs[k] = ex.rec
			fmt.Fprintf(stderr, "gaitd: %s: %s: reading %s\n", r, ex.what(), ex.rec)
		}
	}
	inputs := recs
	if *gyro != "" {
		switch {
		case fs.NArg() == 2:
			return usageErr(errors.New("--gyro: joins a gyroscope file to one recording, not to two foot recordings"))
		case frames(in.format):
			return usageErr(fmt.Errorf("--gyro: --format %s frames carry their own gyroscope (or none)", in.format))
		case *gyro == "-" && recs[0] == "-":
			return usageErr(errors.New("--gyro -: the recording is already read from standard input"))
		case *accOnly:
			return usageErr(errors.New("--gyro with --acc-only: the gyroscope would be joined and then ignored"))
		}
		inputs = append(slices.Clip(inputs), *gyro)
	}
	if *gravity != "" {
		switch {
		case fs.NArg() == 2:
			return usageErr(errors.New("--gravity: joins a gravity file to one recording, not to two foot recordings"))
		case frames(in.format):
			return usageErr(fmt.Errorf("--gravity: --format %s frames carry acceleration with gravity", in.format))
		case *gravity == "-" && (recs[0] == "-" || *gyro == "-"):
			return usageErr(errors.New("--gravity -: standard input is already read for another file"))
		}
		inputs = append(slices.Clip(inputs), *gravity)
	}
	outs := map[string]string{"--events": *events, "--summary": *summary, "--metrics": *metrics}
	for _, f := range []string{"--events", "--summary", "--metrics"} {
		if outs[f] == "-" {
			// "-" is standard input for a recording; as an output it was
			// a file named "-"
			return usageErr(fmt.Errorf("%s -: give a file name (standard output: /dev/stdout, with -q to keep the report off it)", f))
		}
	}
	// the report's standard output when it is a file: the recording
	// itself (analyze run.csv >> run.csv) is refused
	var report os.FileInfo
	if f, ok := stdout.(*os.File); ok && !*quiet {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			report = fi
		}
	}
	if err := distinctPaths(inputs, outs, *signals, report); err != nil {
		return usageErr(err)
	}
	if *history != "" {
		// a folder that is not there is found now, not after the analysis
		if fi, err := os.Stat(*history); err != nil {
			return fmt.Errorf("--history: %w", err)
		} else if !fi.IsDir() {
			return usageErr(fmt.Errorf("--history: %s: not a folder", *history))
		}
	}
	var ev *output.EventsWriter
	var evFile *output.AtomicFile
	if *events != "" {
		if evFile, err = output.CreateAtomic(*events); err != nil {
			return fmt.Errorf("--events: %w", err)
		}
		defer evFile.Abort()
		if ev, err = output.NewEventsWriter(evFile); err != nil {
			return err
		}
	}
	var sumFile *output.AtomicFile
	if *summary != "" {
		// fail now, not after the analysis, when the path is unusable
		if sumFile, err = output.CreateAtomic(*summary); err != nil {
			return fmt.Errorf("--summary: %w", err)
		}
		defer sumFile.Abort()
	}
	var metFile *output.AtomicFile
	if *metrics != "" {
		if metFile, err = output.CreateAtomic(*metrics); err != nil {
			return fmt.Errorf("--metrics: %w", err)
		}
		defer metFile.Abort()
	}
	var werr error
	write := func(c gait.Contact) {
		if ev != nil && werr == nil {
			werr = ev.Write(c)
		}
	}
	bad := 0
	onBad := func(err error) {
		bad++
		if bad <= 5 {
			fmt.Fprintln(stderr, "gaitd: skipped:", err)
		} else if bad == 6 {
			// a binary dump's bad records are frames
			fmt.Fprintf(stderr, "gaitd: more bad %s skipped; all are counted (the report's problems line, the summary's bad_lines)\n", badUnit(in.format))
		}
	}
	// the line that made the reader give up is a bad line too (the
	// summary said 1000 where the error said 1001)
	countFatal := func(err error) {
		if errors.Is(err, sensor.ErrTooManyBadLines) {
			bad++
		}
	}

	// the binary frame readers' counts (a pair: both feet's) that the bad
	// frames do not cover, for the problems line
	var binSt sensor.BinaryStats

	var sum *gait.Summary
	var footKinds map[string]bool // a pair's feet's own warnings, by kind
	var rate float64
	var name, desc string
	var readErr error  // an input that failed after some of it was read
	var covered string // what the results cover when readErr is set
	if fs.NArg() == 1 {
		// one recording: contacts are written as they become final
		name = recs[0]
		rin := in
		var grav *sensor.CSVReader
		var gravLabel string
		if *gravity != "" {
			// read first: the recording takes its unit when it states none
			g, gcloser, label, err := openGravity(ctx, *gravity, in)
			if err != nil {
				return err
			}
			defer gcloser()
			grav, gravLabel = g, label
			rin.gravityFree, rin.gravityUnit = true, g.Stats().AccUnit
		}
		src, closer, err := openRecording(ctx, name, rin)
		if err != nil {
			return err
		}
		defer closer()
		recEpoch := epochOffset(src)
		csvIn, _ := src.(*sensor.CSVReader)
		src = hideGyro(src, *accOnly)
		if name == "-" {
			name = "stdin"
		}
		var joins []joined
		if grav != nil {
			mo := sensor.GyroMergeOptions{AccName: name, GyroName: gravLabel, GyroRate: grav.Stats().TimeRate, Offset: epochGap(recEpoch, grav)}
			m, err := sensor.NewGravityMerge(src, grav, mo)
			if err != nil {
				return fmt.Errorf("--gravity: %w", err)
			}
			src = m
			joins = append(joins, joined{"--gravity", *gravity, "gravity recording", m})
		}
		if *gyro != "" {
			m, gcloser, err := joinGyro(ctx, src, recEpoch, name, *gyro, in)
			if err != nil {
				return err
			}
			defer gcloser()
			src = m
			joins = append(joins, joined{"--gyro", *gyro, "gyroscope", m})
		}
		var eng *gait.Engine
		if sum, eng, err = gait.Analyze(src, cfg, write, onBad); err != nil {
			if sum == nil {
				return fmt.Errorf("%s: %w%s", name, err, rateHint(src, "give --time-unit or --rate"))
			}
			// the input failed part way: what was read before is written
			// (events, summary, report), then the error is returned
			readErr = err
			countFatal(err)
		}
		rate, desc = eng.Rate(), src.Describe()
		addBinaryStats(&binSt, src)
		for _, j := range joins {
			if gs := j.m.Stats(); gs.Merged == 0 && gs.LeftOut() > 0 {
				var where []string
				if gs.Before > 0 {
					where = append(where, fmt.Sprintf("%d before the %s starts at %.2f s", gs.Before, j.what, gs.JoinedStart))
				}
				if gs.After > 0 {
					where = append(where, fmt.Sprintf("%d after it ends at %.2f s", gs.After, gs.JoinedEnd))
				}
				if gs.InGaps > 0 {
					where = append(where, fmt.Sprintf("%d in its gaps", gs.InGaps))
				}
				return fmt.Errorf("%s, %s: no accelerometer sample lies within %.2f s of a %s sample (%s): not of one session, or not on one time base?",
					name, j.file, j.m.MaxGap(), j.what, strings.Join(where, ", "))
			}
		}
		if st := eng.Stats(); st.Samples == 0 && readErr == nil && ctx.Err() == nil {
			// nothing decoded: not a recording in this format
			return fmt.Errorf("%s: no samples decoded (%d bad %s): not a recording in this format? (%s)", name, bad, badUnit(in.format), desc)
		} else if st.Samples == 0 && readErr != nil {
			// failed before its first sample: nothing to write
			if strings.HasPrefix(readErr.Error(), name+":") {
				return readErr // (the reader's error names the file)
			}
			return fmt.Errorf("%s: %w", name, readErr)
		}
		var partial []string
		for _, j := range joins {
			st := j.m.Stats()
			if ctx.Err() != nil {
				// interrupted, the two files were read to different
				// points: the samples after the joined one's end are not
				// missing from it
				st.After = 0
			}
			if st.LeftOut() > 0 {
				why := fmt.Sprintf("%.1f s of the accelerometer recording had no %s sample within %.2f s and were left out (%d samples: %d before the %s starts, %d after it ends, %d in its gaps)",
					float64(st.LeftOut())/rate, j.what, j.m.MaxGap(), st.LeftOut(), st.Before, j.what, st.After, st.InGaps)
				if j.flag == "--gyro" {
					why += "; analyse without --gyro to use all of it"
				}
				fmt.Fprintf(stderr, "gaitd: %s: %s\n", j.flag, why)
				partial = append(partial, why)
			}
		}
		if csvIn != nil && !*accOnly {
			// a gyroscope that stops part way costs the samples after
			// it, under the bad-line limit without a word (a black-box
			// round: 3 of 11 steps, exit 0)
			st := csvIn.Stats()
			g, fs := st.GyroGap, st.TimeRate
			if fs <= 0 {
				fs = rate
			}
			if g.Lines > 0 && float64(g.Lines) >= fs {
				why := fmt.Sprintf("the gyroscope gave no value on %d lines in a row from line %d (%.1f s, empty or bad cells): their samples were skipped; --acc-only reads the acceleration alone", g.Lines, g.Line, float64(g.Lines)/fs)
				fmt.Fprintf(stderr, "gaitd: %s\n", why)
				partial = append(partial, why)
			}
		}
		if n := binSt.GyroMissing; n > 0 && !*accOnly && float64(n) >= rate && float64(n) >= 0.02*float64(eng.Stats().Samples) {
			// a WitMotion whose gyro frames stopped (or were lost) for a
			// second or more of its samples: its stale rate analysed, as
			// a CSV gyroscope that stops is said (a black-box round)
			why := fmt.Sprintf("%d samples came without their gyro frame (%.1f s): the last angular rate was carried over them; --acc-only reads the acceleration alone", n, float64(n)/rate)
			fmt.Fprintf(stderr, "gaitd: %s\n", why)
			partial = append(partial, why)
		}
		if csvIn != nil {
			clockNotes(stderr, name, csvIn.Stats())
			if st := csvIn.Stats(); st.NegatedV {
				sum.Warn = append(sum.Warn, fmt.Sprintf("acc_v averages %.2f g: it points down, and was read negated (positive up) — acc_ap and acc_ml are read as given; check their signs too", st.MeanV))
			}
		}
		if strings.EqualFold(filepath.Base(name), "Gravity.csv") && eng.Stats().Contacts == 0 {
			// Sensor Logger's gravity vector alone: read as a still
			// accelerometer, "no gait found" said nothing of why
			sum.Warn = append(sum.Warn, "this looks like Sensor Logger's Gravity.csv, the gravity vector alone (no steps in it): analyse TotalAcceleration.csv, or Accelerometer.csv with --gravity Gravity.csv")
		}
		if partial != nil {
			sum.Partial = strings.Join(partial, "; and ")
		}
		if readErr != nil || ctx.Err() != nil { // (Report is not cheap: only then)
			covered = fmt.Sprintf("the %.1f s read before it", sum.Report().DurationS)
		}
	} else {
		// one sensor per foot: analyse each, then merge the two feet
		var feet [2][]gait.Contact
		var descs [2]string
		var layout sensor.Layout
		var st gait.Stats
		var spans [2][2]float64 // first and last sample time of each foot
		var fsums [2]*gait.Summary
		var footWarn [2][]string // each foot's own warnings, for the pair
		var rates [2]float64
		var inRates [2]float64                       // each recording's own rate (its time column's), Hz
		var footImpact [2]*float64                   // each foot's median impact, g
		epochs := [2]float64{math.NaN(), math.NaN()} // each file's epoch − its time column, s
		var stats [2]gait.Stats
		var gyros [2]bool  // each recording's gyroscope, before any is hidden
		var failed [2]bool // its input failed part way
		var layouts [2]sensor.Layout
		var reErr error            // the re-read's own failure (it is then not used)
		var badOf [2]int           // each recording's bad lines
		var firstFI [2]os.FileInfo // each file as it was when first read
		var clockWarn []string     // a foot's clock restarted
		// foot analyses recording k; again, quiet and without its
		// gyroscope, when noGyro (each file is opened in turn: both open
		// at once would hang on two named pipes written one after the
		// other)
		foot := func(k int, noGyro bool) error {
			if !noGyro && recs[k] != "-" {
				firstFI[k], _ = statRecording(recs[k])
			}
			ink := in
			if noGyro {
				ink.ignoreGyro = true // its cells unread, as --acc-only
			}
			src, closer, err := openRecording(ctx, recs[k], ink)
			if err != nil {
				return err
			}
			defer closer()
			csvSrc, _ := src.(*sensor.CSVReader)
			if c := csvSrc; c != nil {
				epochs[k] = c.Stats().EpochOffset
				if !noGyro {
					defer func() {
						clockNotes(stderr, fs.Arg(k), c.Stats())
						if n := c.Stats().ClockResets; n > 0 {
							// its time after the restart is a guess (3 s
							// on): the other foot's is not (a black-box
							// round: the right foot at 30 % of the left
							// stride for half the run, 175 steps for 170,
							// nothing said)
							clockWarn = append(clockWarn, fmt.Sprintf("%s: its clock restarted %d time(s): its contacts after a restart are placed 3 s after its previous line, not on the other foot's clock, so the two feet are out of step from there; analyse the stretches before and after apart", fs.Arg(k), n))
						}
					}()
				}
			}
			gyros[k] = gyros[k] || hideGyro(src, *accOnly).Layout().HasGyro()
			src = hideGyro(src, *accOnly || noGyro)
			if a, ok := src.(accOnlyRecording); ok && noGyro && !*accOnly {
				a.why = "the other foot has none"
				src = a
			}
			c := cfg
			c.Side = []gait.Side{gait.Left, gait.Right}[k]
			var got []gait.Contact
			bad1, reBad := onBad, 0
			if noGyro {
				// shown the first time; counted again: a row whose
				// gyroscope cell was bad is read now
				bad1 = func(error) { reBad++ }
			}
			before := bad
			fsum, eng, err := gait.Analyze(src, c, func(ct gait.Contact) { got = append(got, ct) }, bad1)
			if noGyro && (err != nil || ctx.Err() != nil) {
				reErr = errors.Join(err, ctx.Err())
				return nil
			}
			if noGyro {
				if fi, err := statRecording(recs[k]); err != nil || firstFI[k] == nil || fi.Size() != firstFI[k].Size() || !fi.ModTime().Equal(firstFI[k].ModTime()) {
					reErr = errors.New("the file changed after it was first read")
					return nil
				}
			}
			if err != nil {
				if fsum == nil {
					return fmt.Errorf("%s: %w%s", fs.Arg(k), err, rateHint(src, "give --time-unit or --rate"))
				}
				if !noGyro {
					readErr = errors.Join(readErr, err)
					countFatal(err)
					failed[k] = true
				}
			}
			if eng.Stats().Samples == 0 && err == nil && ctx.Err() == nil {
				return fmt.Errorf("%s: no samples decoded (%s): not a recording in this format?", fs.Arg(k), src.Describe())
			}
			if noGyro {
				bad += reBad - badOf[k] // this read's bad lines replace the first's
				badOf[k] = reBad
			} else {
				badOf[k] = bad - before
			}
			feet[k] = got
			fsums[k], rates[k] = fsum, eng.Rate()
			r := fsum.Report()
			footWarn[k] = r.Warnings
			footImpact[k] = r.ImpactG
			inRates[k] = eng.Rate()
			if csvSrc != nil && csvSrc.Stats().TimeRate > 0 {
				inRates[k] = csvSrc.Stats().TimeRate // (not --rate's grid)
			}
			spans[k] = [2]float64{r.StartS, r.StartS + r.DurationS}
			descs[k] = src.Describe()
			if !noGyro {
				addBinaryStats(&binSt, src)
			}
			layouts[k] = src.Layout()
			stats[k] = eng.Stats()
			return nil
		}
		notRead := -1 // the right recording, not opened after an interrupt
		for k := range feet {
			if k == 1 && ctx.Err() != nil && len(feet[0]) > 0 {
				// (opening it could wait for ever on a pipe whose writer
				// is gone)
				notRead = 1
				descs[1] = "not read (interrupted)"
				break
			}
			if err := foot(k, false); err != nil {
				return err
			}
		}
		var pairNotes []string
		if k := slices.Index(gyros[:], true); gyros[0] != gyros[1] && len(feet[0]) > 0 && len(feet[1]) > 0 {
			// one foot with a gyroscope, the other without: their contact
			// times come from two methods (the accelerometer-only one
			// reads GCT shorter), and the balance would compare the
			// methods (57.6 % for a true 48 %): the gyroscope's foot is
			// read again as the other is, when its file can be read twice
			// (and only when both found contacts: a pair with one dead
			// foot is the other foot's alone, with its gyroscope)
			why := ""
			switch fi, err := statRecording(recs[k]); {
			case recs[k] == "-" || err != nil || !fi.Mode().IsRegular():
				why = "it cannot be read twice"
			case failed[k]:
				why = "its reading failed part way"
			case ctx.Err() != nil:
				why = "interrupted"
			default:
				if err := foot(k, true); err != nil {
					return err
				}
				switch {
				case ctx.Err() != nil:
					why = "its second reading was interrupted"
				case reErr != nil:
					why = "its second reading: " + reErr.Error()
				}
			}
			if why == "" {
				pairNotes = append(pairNotes, fmt.Sprintf("%s: its gyroscope is not used: %s has none, and both feet are read alike, with the accelerometer-only method (as --acc-only), for their balance", fs.Arg(k), fs.Arg(1-k)))
			} else {
				pairNotes = append(pairNotes, fmt.Sprintf("%s has a gyroscope and %s none: their contact times come from two methods, and the balance compares them; give --acc-only (%s: %s)", fs.Arg(k), fs.Arg(1-k), fs.Arg(k), why))
			}
			fmt.Fprintf(stderr, "gaitd: %s\n", pairNotes[0])
		}
		for k, es := range stats {
			st.Samples += es.Samples
			st.Rejected += es.Rejected
			st.Gaps += es.Gaps
			st.Bridged += es.Bridged
			st.Contacts += es.Contacts
			st.Dropped += es.Dropped
			st.Clipped += es.Clipped
			// the feet's gyroscopes are judged apart: the run carries
			// the larger share of saturated samples
			if es.GyroSamples > 0 && (st.GyroSamples == 0 || float64(es.GyroSaturated)/float64(es.GyroSamples) > float64(st.GyroSaturated)/float64(st.GyroSamples)) {
				st.GyroSamples, st.GyroSaturated, st.GyroLimit = es.GyroSamples, es.GyroSaturated, es.GyroLimit
			}
			st.GyroStuck = max(st.GyroStuck, es.GyroStuck)
			layout = layouts[k] // (the right recording's, as before)
		}
		// the left recording's rate (the input line shows both)
		rate = rates[0]
		covered = fmt.Sprintf("%.1f s of %s and %.1f s of %s", spans[0][1]-spans[0][0], fs.Arg(0), spans[1][1]-spans[1][0], fs.Arg(1))
		desc = "left: " + descs[0] + "; right: " + descs[1]
		name = fs.Arg(0) + " + " + fs.Arg(1)
		// a foot with fewer contacts than a pair needs (a right file of
		// 1.5 s: two contacts) refused the whole run, the other foot's
		// minutes of gait with it, where one with none gave that foot's
		dead := slices.IndexFunc(feet[:], func(f []gait.Contact) bool { return len(f) == 0 })
		if few := slices.IndexFunc(feet[:], func(f []gait.Contact) bool { return len(f) < minPairContacts }); dead < 0 && few >= 0 && len(feet[1-few]) >= minPairContacts {
			dead = few
		}
		if dead >= 0 && len(feet[1-dead]) > 0 {
			// one sensor found nothing (dead, still, misplaced) or too
			// little to pair: the run is the other foot's, as if it had
			// been given alone
			live := 1 - dead
			why := fmt.Sprintf("%s: no foot contacts found; the run is the %s foot's alone", fs.Arg(dead), []string{"left", "right"}[live])
			if n := len(feet[dead]); n > 0 {
				why = fmt.Sprintf("%s: %d foot contact(s) found, too few to pair (%d needed); the run is the %s foot's alone", fs.Arg(dead), n, minPairContacts, []string{"left", "right"}[live])
			}
			if dead == notRead {
				why = fmt.Sprintf("%s: not read (interrupted); the run is the %s foot's alone", fs.Arg(dead), []string{"left", "right"}[live])
			}
			fmt.Fprintf(stderr, "gaitd: %s\n", why)
			sum = fsums[live]
			sum.Partial = why
			for _, c := range feet[live] {
				write(c)
			}
			rate = rates[live]
		} else if sum, err = mergeFeet(cfg, feet, spans, [2]string{fs.Arg(0), fs.Arg(1)}, layout, st, epochs[1]-epochs[0], *align, stderr, write); err != nil {
			// refused: what a foot's recording warns of alone may be
			// why (a shank file given as a shoe: its contacts mostly
			// refused, the rest off mid-stride, and the refusal said
			// only that the clocks differ, pointing to --align)
			for k, ws := range footWarn {
				for _, w := range ws {
					fmt.Fprintf(stderr, "gaitd: %s: warning: %s\n", fs.Arg(k), w)
				}
			}
			return err
		} else {
			// what each foot's recording warns of alone (a waist file
			// given as a shoe) holds paired too: summed with a right
			// foot, its refused candidates no longer outnumbered the
			// contacts. Named by their files, they replace the pair's own
			// warnings of the same kind (the gyroscope's saturation, which
			// the pair gives for the larger share of the two feet only)
			footKinds = map[string]bool{}
			for k, ws := range footWarn {
				for _, w := range ws {
					sum.Warn = append(sum.Warn, fs.Arg(k)+": "+w)
					footKinds[warningKind(w)] = true
				}
			}
			sum.Warn = append(sum.Warn, pairNotes...)
			sum.Warn = append(sum.Warn, clockWarn...)
			if w := pairRatesWarning([2]string{fs.Arg(0), fs.Arg(1)}, inRates, footImpact); w != "" {
				sum.Warn = append(sum.Warn, w)
			}
		}
	}
	sum.Speed = *speed
	sum.Window = *window
	sum.SignalConfig = sigCfg
	if readErr != nil {
		// the summary says it is not the whole recording
		note := fmt.Sprintf("the input failed part way; these results cover %s: %v", covered, readErr)
		if sum.Partial != "" {
			note = sum.Partial + "; " + note
		}
		sum.Partial = note
	} else if ctx.Err() != nil {
		// Ctrl-C or SIGTERM ended the input early: the summary says so
		note := "interrupted; these results cover " + covered
		if sum.Partial != "" {
			note = sum.Partial + "; " + note
		}
		sum.Partial = note
	}
	if ev != nil {
		if werr == nil {
			werr = ev.Flush()
		}
		if werr != nil {
			evErr = output.WriteError(*events, werr)
			evFile.Abort()
		} else if err := evFile.Commit(); err != nil {
			evErr = err
		}
		// (on a failure the contacts are still in sum: the summary
		// and the report below are written from them)
	}
	// an empty result says why on stderr when -q keeps the report's
	// result line off stdout (a script's -q --events got a header alone,
	// status 0, and not a word); an input failure or an interrupt says it
	// in the error
	emptyWhy := func(r gait.Report) {
		if *quiet && r.Steps == 0 && r.Reason != "" && readErr == nil && ctx.Err() == nil {
			fmt.Fprintf(stderr, "gaitd: %s: %s\n", name, r.Reason)
		}
	}
	if sumFile == nil && *metrics == "" && *quiet {
		// the report (signals, asymmetry) is not needed, but for an
		// empty result's reason (cheap)
		if len(sum.Contacts()) == 0 {
			emptyWhy(sum.Report())
		}
		if readErr != nil {
			return fmt.Errorf("%w (what was written covers %s)", readErr, covered)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: what was written covers %s", covered)
		}
		return nil
	}
	if *history != "" {
		runs, err := readHistory(*history, cfg.Placement, historyActivity(sum.Contacts()), *summary, stderr)
		if err != nil {
			return fmt.Errorf("--history: %w", err)
		}
		info := sum.RunInfo()
		info.PastRuns = runs
		sum.SetRunInfo(info)
	}
	rep := sum.Report()
	if footKinds != nil {
		// a pair's own warning that a foot gives too, named (see above)
		added := map[string]bool{}
		for _, w := range sum.Warn {
			added[w] = true
		}
		rep.Warnings = slices.DeleteFunc(rep.Warnings, func(w string) bool { return !added[w] && footKinds[warningKind(w)] })
	}
	if metFile != nil {
		m := newRunMetrics()
		m.set(*device, rep)
		if err := m.writeText(metFile); err != nil {
			return fmt.Errorf("--metrics: %w", err)
		}
		if err := metFile.Commit(); err != nil {
			return fmt.Errorf("--metrics: %w", err)
		}
	}
	out := struct {
		gait.Report
		Input    string  `json:"input"`
		BadLines int     `json:"bad_lines"`
		RateHz   float64 `json:"rate_hz"`
	}{rep, desc, bad, rate}
	if sumFile != nil {
		if err := sumFile.WriteJSON(out); err != nil {
			return err
		}
	}
	var outErr error // the report's own write (stdout redirected to a full disk)
	if !*quiet {
		w := &stickyWriter{w: stdout}
		printReport(w, name, desc, bad, badUnit(in.format), binaryProblems(binSt), rep)
		outErr = w.err
	}
	emptyWhy(rep)
	for _, m := range rep.Warnings {
		fmt.Fprintf(stderr, "gaitd: %s: warning: %s\n", name, m)
	}
	if outErr != nil {
		outErr = fmt.Errorf("the report on standard output: %w", outErr)
	}
	what := "the results above cover" // (with -q nothing is printed above)
	if *quiet {
		what = "what was written covers"
	}
	if readErr != nil {
		return errors.Join(fmt.Errorf("%w (%s %s)", readErr, what, covered), outErr)
	}
	if ctx.Err() != nil {
		return errors.Join(fmt.Errorf("interrupted: %s %s", what, covered), outErr)
	}
	return outErr
}

// stickyWriter keeps the first error of the writes to w and skips the
// writes after it.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// badUnit names what a source's bad records are: frames for the binary
// serial dumps, lines for text.
func badUnit(format string) string {
	if frames(format) {
		return "frames"
	}
	return "lines"
}

// resolved is p made absolute with the links of its folder resolved (p
// itself may not exist yet).
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	for range 40 {
		// a link to a file not there yet: the outputs create the file
		// it names (output.CreateAtomic), so that is the path (--events
		// out.csv --summary link-to-out.csv wrote both into out.csv)
		l, err := os.Readlink(abs)
		if err != nil {
			break
		}
		if !filepath.IsAbs(l) {
			l = filepath.Join(filepath.Dir(abs), l)
		}
		abs = l
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(d, filepath.Base(abs))
	}
	return abs
}

// historyActivity is the run's activity as summaries name it, "" when
// unknown (then past runs of any activity count).
func historyActivity(cs []gait.Contact) string {
	if a, _, _ := gait.MainActivity(cs); a != gait.Unknown {
		return a.String()
	}
	return ""
}

// distinctPaths refuses an output file that is one of the input
// recordings (it would be overwritten), the --signals file signals (its
// thresholds were replaced by the summary, exit 0), or that two outputs
// share, and a report on standard output (report, nil when it is no
// regular file or -q prints none) that is a recording: `analyze run.csv
// >> run.csv` appended the report to the recording.
func distinctPaths(inputs []string, outputs map[string]string, signals string, report os.FileInfo) error {
	stat := func(p string) (os.FileInfo, error) {
		if p == "-" {
			return os.Stdin.Stat()
		}
		return os.Stat(p)
	}
	same := func(a, b string) bool {
		if a == b {
			return true
		}
		fa, errA := stat(a)
		fb, errB := stat(b)
		if errA == nil && errB == nil {
			return os.SameFile(fa, fb)
		}
		return resolved(a) == resolved(b)
	}
	for i, a := range inputs {
		for _, b := range inputs[i+1:] {
			if a == "-" && b == "-" {
				return errors.New("standard input (-) given twice: it can be read once")
			}
			if same(a, b) {
				name := a
				if a == "-" {
					name = "standard input"
				}
				return fmt.Errorf("%s is given twice (as %s and %s): each recording is a different sensor", name, a, b)
			}
		}
	}
	flags := make([]string, 0, len(outputs))
	for f, p := range outputs {
		if p != "" {
			flags = append(flags, f)
		}
	}
	sort.Strings(flags)
	// the files read: each input, and the zip archive a member is read
	// from (--events b.zip of b.zip, a zip of one recording read as
	// b.zip#run.csv, replaced the archive with the events, exit 0)
	type file struct{ path, of string } // of: the member read from the archive path
	var read []file
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		read = append(read, file{in, ""})
		if isZipMember(in) {
			if a, _, ok := splitZipMember(in); ok {
				read = append(read, file{a, in})
			}
		}
	}
	// standard input redirected from a file (--events run.csv - <
	// run.csv renamed the events over the recording, exit 0); a pipe or
	// a terminal (which /dev/stdout may be too) is no file to refuse
	var stdin os.FileInfo
	if slices.Contains(inputs, "-") {
		if fi, err := os.Stdin.Stat(); err == nil && fi.Mode().IsRegular() {
			stdin = fi
		}
	}
	if report != nil {
		if stdin != nil && os.SameFile(report, stdin) {
			return errors.New("standard output is the file standard input is read from, the recording being analysed: the report would be written into it (give -q, or another file for the report)")
		}
		for _, in := range read {
			if fi, err := os.Stat(in.path); err == nil && os.SameFile(fi, report) {
				return fmt.Errorf("standard output is %s, the recording being analysed: the report would be written into it (give -q, or another file for the report)", in.path)
			}
		}
	}
	for i, f := range flags {
		if fi, err := os.Stat(outputs[f]); err == nil && stdin != nil && os.SameFile(fi, stdin) {
			return fmt.Errorf("%s %s: that is the recording being analysed (standard input is read from it); it would be overwritten", f, outputs[f])
		}
		for _, in := range read {
			if !same(outputs[f], in.path) {
				continue
			}
			if in.of != "" {
				return fmt.Errorf("%s %s: that is the recording being analysed (the zip archive %s is read from); it would be overwritten", f, outputs[f], in.of)
			}
			return fmt.Errorf("%s %s: that is the recording being analysed; it would be overwritten", f, outputs[f])
		}
		if signals != "" && same(outputs[f], signals) {
			return fmt.Errorf("%s %s: that is the --signals file, whose thresholds are read; it would be overwritten", f, outputs[f])
		}
		for _, g := range flags[i+1:] {
			if same(outputs[f], outputs[g]) {
				return fmt.Errorf("%s and %s are both %s: give each its own file", f, g, outputs[f])
			}
		}
	}
	return nil
}

// implausiblePPM is the largest drift between two feet's clocks that
// --align takes out unremarked, ppm: crystal clocks drift tens of ppm, a
// cheap RC oscillator some hundreds, and an IMU's own oscillator that
// times a file by its sample count may be off by a percent or two; more
// is a rate given wrong, or two recordings of different runs (merged at
// −36 759 ppm, the drift the only word of it).
const implausiblePPM = 10000

// minPairContacts is the fewest contacts of a foot that a pair is made
// with: Align and mergeFeet need four within the other foot's strides.
const minPairContacts = 4

// pairRatesWarning warns of two foot recordings read at rates apart by a
// quarter or more: a foot's impact peak and loading rate read lower at a
// lower rate (its samples fall further from the peak), so the per-side
// impact and its symmetry indices compare the rates as well as the feet
// (a symmetric simulated runner's shoes at 200 and 100 Hz: SI impact
// −11 to −16 %, SI loading rate −13 to −21 %, impact and uneven load
// flagged). "" when the rates are near, or one is unknown.
func pairRatesWarning(names [2]string, rates [2]float64, impact [2]*float64) string {
	lo, hi := min(rates[0], rates[1]), max(rates[0], rates[1])
	if !(lo > 0) || hi < 1.25*lo {
		return ""
	}
	imp := ""
	if impact[0] != nil && impact[1] != nil {
		imp = fmt.Sprintf(" (median impact %.1f g left, %.1f g right)", *impact[0], *impact[1])
	}
	return fmt.Sprintf("%s is sampled at %s Hz and %s at %s Hz: a foot's impact peak and loading rate read lower at a lower rate%s, so the per-side impact, the impact and loading-rate symmetry indices and the signals that use them compare the two rates as well as the feet; record both feet at one rate",
		names[0], gait.FormatHz(rates[0]), names[1], gait.FormatHz(rates[1]), imp)
}

// pairPhaseNote is how far from mid-stride (phase 0.5) the right foot's
// contacts may fall before mergeFeet says so. At phase φ the steps are φ
// and 1−φ of the stride, a step-time asymmetry (SI) of 4·|φ − 0.5|: 0.025
// is the 10 % at which the uneven-load signal flags it (gait.SignalConfig
// SIFlag). Two clocks 50 ms apart (φ 0.57 at 170 steps/min) read 28 % and
// flagged uneven load with nothing said while the note waited for 40–60 %
// (a black-box round); from 18 ms apart at that cadence it is said now.
const pairPhaseNote = 0.025

// driftMin is the drift over a pair's run, s, from which --align takes
// out the right clock's drift (gait.AlignDrift) rather than its offset
// alone: a few ms of a step's scatter.
const driftMin = 0.01

// mergeFeet merges the contacts of a sensor on each foot into one run
// (see gait.Pair), with --align estimating the right clock's offset; spans
// are each recording's first and last sample time, names the two files.
//
// Two recordings that cannot be one run are refused: no time in common,
// the same contacts twice (one file copied), or right contacts that fall
// outside 25–75 % of the left stride, where no gait puts them (clocks that
// differ: without --align the merged steps would be nonsense, thousands a
// minute). Within that, right contacts away from mid-stride (outside
// 47.5–52.5 %: pairPhaseNote) and recordings that cover different stretches of the run are
// reported in the summary's reason and on stderr.
func mergeFeet(cfg gait.Config, feet [2][]gait.Contact, spans [2][2]float64, names [2]string, layout sensor.Layout, st gait.Stats, epoch float64, align bool, stderr io.Writer, write func(gait.Contact)) (*gait.Summary, error) {
	left, right := feet[0], feet[1]
	cfg.Side = gait.SideUnknown
	if !math.IsNaN(epoch) && epoch != 0 {
		// both files carry epoch time beside a time column of their own
		// (MetaBase's elapsed (s) and Sensor Logger's seconds_elapsed
		// restart in each file): the right foot goes on the left's
		// clock by the difference of their epochs, as --gyro joins a
		// file (before, the right foot started 1.3 s later paired on
		// its own clock, and --align, modulo a stride, put it two
		// strides early)
		right = slices.Clone(right)
		for i := range right {
			right[i].IC += epoch
			right[i].FC += epoch
		}
		spans[1][0] += epoch
		spans[1][1] += epoch
		fmt.Fprintf(stderr, "gaitd: right clock shifted by %+.3f s (the two files' epoch time)\n", ms(epoch))
	} else {
		epoch = 0
	}
	// newSum is the paired run's summary, the right clock shifted by offset
	newSum := func(offset float64) *gait.Summary {
		sum := gait.NewSummary(cfg.Placement)
		sum.Paired = true
		sum.SetRunInfo(gait.NewRunInfo(cfg, layout))
		sum.SetStats(st)
		// the right foot's span on the left foot's clock
		sum.Span(math.Min(spans[0][0], spans[1][0]+offset), math.Max(spans[0][1], spans[1][1]+offset))
		return sum
	}
	if len(left) == 0 || len(right) == 0 {
		// neither foot has contacts (one alone is handled before): the
		// empty run says why
		return newSum(0), nil
	}
	fit := gait.FitPair(left, right, 0)
	if fit.Coincident*10 >= 9*len(right) {
		return nil, fmt.Errorf("analyze: %s and %s hold the same contacts (%d of %d within 2 ms): one recording given twice?", names[0], names[1], fit.Coincident, len(right))
	}
	offset := 0.0
	var notes []string
	var drift *float64
	if align {
		a := gait.AlignWide(left, right, gait.AlignSpan)
		if !a.OK {
			if fit.InStrides == 0 {
				return nil, noOverlap(names, fit)
			}
			return nil, errors.New("analyze: --align needs at least four contacts of each foot")
		}
		offset = a.Offset
		if a.Ambiguous {
			// the whole strides are a guess (a steady pace, or a short
			// recording): said, as the clocks' drift is
			notes = append(notes, "--align: "+a.Reason)
		} else if a.Strides != 0 {
			fmt.Fprintf(stderr, "gaitd: --align: the clocks differ by about %d whole strides (the two feet's cadence changes fit there with %.1f ms rms, %.1f ms at %+.3f s)\n", a.Strides, 1e3*a.Fit, 1e3*a.Next, a.NextOffset)
		}
		cm, _ := gait.AlignDriftFrom(left, right, a)
		if span := right[len(right)-1].IC - right[0].IC; math.Abs(cm.Drift)*span >= driftMin {
			// the two clocks drift apart: the right foot's times go
			// on the left clock by the line AlignDrift fitted
			right = slices.Clone(right)
			for i := range right {
				right[i].IC, right[i].FC = cm.At(right[i].IC), cm.At(right[i].FC)
				if !math.IsNaN(right[i].GCT) {
					// on the left clock too: FC − IC of the events
					// (it stayed the right clock's, 0.5 % fast 1.2 ms
					// longer, and the balance with it)
					right[i].GCT = right[i].FC - right[i].IC
				}
			}
			spans[1] = [2]float64{cm.At(spans[1][0]), cm.At(spans[1][1])}
			epoch = cm.At(epoch) // the shift at the right file's time 0 (right_clock_shift_s)
			offset = 0
			ppm := -1e6 * cm.Drift
			drift = &ppm
			notes = append(notes, fmt.Sprintf("the right clock runs %+.0f ppm against the left (%.0f ms over its %.0f s of contacts): --align took it out as a linear drift, which also takes out a step-time asymmetry that changes over the run",
				ppm, 1000*math.Abs(cm.Drift)*span, span))
			if math.Abs(ppm) > implausiblePPM {
				// two runs' files were merged at −36 759 ppm, nothing
				// said but the drift (helper 258)
				notes = append(notes, fmt.Sprintf("a drift of %.1f %% is more than a clock drifts (a crystal's is tens of ppm): the rate of a recording timed by its sample count is off by that much (an IMU's own oscillator, or a rate given wrong), or these are recordings of different runs",
					math.Abs(ppm)/1e4))
			}
			fmt.Fprintf(stderr, "gaitd: right clock shifted by %+.3f s at its first contact, %+.0f ppm\n", ms(cm.Offset), ppm)
		} else {
			fmt.Fprintf(stderr, "gaitd: right clock shifted by %+.3f s\n", ms(offset))
		}
		fit = gait.FitPair(left, right, offset)
	}
	if fit.InStrides == 0 || fit.Overlap == 0 {
		return nil, noOverlap(names, fit)
	}
	if fit.InStrides < minPairContacts || fit.Overlap < 2 {
		return nil, fmt.Errorf("analyze: %s and %s have %.1f s of gait in common (%d right contacts within left strides): too little to pair them (at least 2 s and %d contacts)",
			names[0], names[1], fit.Overlap, fit.InStrides, minPairContacts)
	}
	if fit.Phase < 0.25 || fit.Phase > 0.75 {
		one := ""
		if math.Abs(math.Remainder(fit.Phase, 1)) < 0.1 {
			// with the left contacts: --align would move them half a
			// stride and merge one foot as two, with nothing said (a
			// balance of 49.9 %, every figure plausible)
			one = "; or both recordings are of one foot (the right contacts fall with the left ones: two sensors on one foot, or one foot's file at two rates), which --align would merge as two feet"
		}
		return nil, fmt.Errorf("analyze: the right foot's contacts fall at %.0f %% of the left stride (steady gait: about 50 %%): the two recordings' clocks differ; --align estimates the offset (up to a minute where the cadence changes over the run, within half a stride at a steady pace)%s", 100*fit.Phase, one)
	}
	if math.Abs(fit.Phase-0.5) > pairPhaseNote {
		notes = append(notes, fmt.Sprintf("the right foot's contacts fall at %.1f %% of the left stride (step-time asymmetry %.0f %%): a gait this asymmetric, or clocks %.0f ms apart (--align)",
			100*fit.Phase, 400*math.Abs(fit.Phase-0.5), 1000*math.Abs(fit.Phase-0.5)*medianStride(left)))
	}
	if a, b := fit.Lo, fit.Hi; !math.IsNaN(a.Phase) && math.Abs(math.Remainder(b.Phase-a.Phase, 1)) > 0.15 {
		// the run's mean phase hides stretches where the feet part: a
		// clock drifting (0.25 % fast swept the whole stride and read
		// 50 % over the run) or one foot's clock restarted — a black-box
		// round: flight 0 in 9 of 21 windows and fatigue flagged, and
		// nothing said
		notes = append(notes, fmt.Sprintf("the right foot's contacts fall at %.0f %% of the left stride from %.1f to %.1f s and at %.0f %% from %.1f to %.1f s: the two clocks drift apart (a logger's clock fast or slow) or one restarted; step, flight and balance figures are not reliable",
			100*a.Phase, a.From, a.To, 100*b.Phase, b.From, b.To))
	}
	union := math.Max(fit.Left[1], fit.Right[1]) - math.Min(fit.Left[0], fit.Right[0])
	if fit.Overlap < 0.9*union {
		notes = append(notes, fmt.Sprintf("both feet were recorded for %.1f s of the run's %.1f s (left %.1f–%.1f s, right %.1f–%.1f s): step and flight times come from that stretch; outside it each contact counts as two steps and the cadence comes from its foot's own strides",
			fit.Overlap, union, fit.Left[0], fit.Left[1], fit.Right[0], fit.Right[1]))
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "gaitd: %s\n", n)
	}
	sum := newSum(offset)
	sum.Partial = strings.Join(notes, "; ")
	if align || epoch != 0 {
		shift := epoch + offset // on the right file's own clock
		sum.RightShift = &shift
	}
	sum.RightDrift = drift
	for _, c := range gait.Pair(left, right, offset) {
		sum.Add(c)
		write(c)
	}
	return sum, nil
}

// clockNotes says on stderr how a CSV file's lines were read where its
// first lines were not read from the sensor (all 0) or its time column
// wrapped round or restarted.
func clockNotes(stderr io.Writer, name string, st sensor.CSVStats) {
	if n := st.LeadZeros; n > 0 {
		fmt.Fprintf(stderr, "gaitd: %s: the first %d data line(s) read 0 on every acceleration axis (a logger writing before its sensor was read): skipped, not samples\n", name, n)
	}
	if w := st.ClockWraps; w > 0 {
		fmt.Fprintf(stderr, "gaitd: %s: the time column wrapped round %d time(s) (a 16-, 24- or 32-bit counter, such as millis() or micros()): read on unwrapped, the times after a wrap past the counter's top\n", name, w)
	}
	if n := st.DayFirstAt; n > 0 {
		fmt.Fprintf(stderr, "gaitd: %s:%d: the dates are day first (d/M/yyyy): the date changed here by a day read so, by a month read month first as the lines before were (no number over 12 to tell); read day first from here, on the time base of the lines before (their dates, and the events' times, stay read month first)\n", name, n)
	}
	if n := st.ClockResets; n > 0 {
		fmt.Fprintf(stderr, "gaitd: %s: the clock restarted %d time(s) (lines whose time went back and ran on: a device reset): each new clock read on 3 s after the old one's last line (a gap), the times after it on that continued time base\n", name, n)
	}
}

// warningKind is a warning's text with its figures left out: the same
// check on other counts reads the same.
func warningKind(w string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '.' {
			return -1
		}
		return r
	}, w)
}

// noOverlap is the error of two foot recordings without time in common.
func noOverlap(names [2]string, fit gait.PairFit) error {
	why := "not one run, or clocks that differ by more than --align looks for (a minute, from where both feet have contacts on their own clocks)"
	if epoch := [2]bool{fit.Left[0] > epochLike, fit.Right[0] > epochLike}; epoch[0] != epoch[1] {
		// one file's times are epoch seconds (a phone app), the other's
		// from its start
		k := 0
		if epoch[1] {
			k = 1
		}
		why = fmt.Sprintf("%s has epoch time and %s time from its start: give both files epoch time, or both time from one start", names[k], names[1-k])
	}
	return fmt.Errorf("analyze: %s (contacts %.1f–%.1f s) and %s (%.1f–%.1f s) have no stretch of gait in common on their clocks: %s",
		names[0], fit.Left[0], fit.Left[1], names[1], fit.Right[0], fit.Right[1], why)
}

// epochLike: contact times beyond it are epoch seconds (1e8 s is 1973),
// not seconds from a recording's start (3 years).
const epochLike = 1e8

// medianStride is the median interval between a foot's ICs, s.
func medianStride(cs []gait.Contact) float64 {
	d := make([]float64, 0, len(cs))
	for i := 1; i < len(cs); i++ {
		d = append(d, cs[i].IC-cs[i-1].IC)
	}
	if len(d) == 0 {
		return math.NaN()
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// rateHint explains a sample rate the engine refuses: the rate came from
// the time column, whose unit may have been misread.
func rateHint(src recording, fix string) string {
	if r := src.Layout().Rate; r > 0 && (r < 20 || r > 2000) {
		return fmt.Sprintf(" (the rate was read as %s Hz from %s; %s if that is wrong)", gait.FormatHz(r), src.Describe(), fix)
	}
	return ""
}

// readHistory reads, from the summary JSON files in dir and its subfolders
// (serve's DATA/<device>/<run>/summary.json too), the impact of earlier
// runs with the same placement and activity (the impact trend across runs)
// and their speed and cadence (the speed-matched cadence baseline). Files
// that are not summaries are skipped with a warning, and so is own, the
// summary this run is writing (an earlier version of it would be this very
// run). A folder that is not there is an error (checked at start); folders
// or files that cannot be read, and a folder without a usable summary, are
// warnings.
func readHistory(dir string, p gait.Placement, activity string, own string, stderr io.Writer) (runs []gait.PastRun, err error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	var ownFI os.FileInfo // this run's summary, if an earlier version exists
	if own != "" {
		ownFI, _ = os.Stat(own)
	}
	var names []string
	root := dir
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		root = r // WalkDir does not enter a linked root
	}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			// a folder that went away (serve renaming a run into
			// place) or cannot be read: skip it, say so
			fmt.Fprintf(stderr, "gaitd: --history: %v (skipped)\n", err)
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir() && path != root && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir // serve's temporary run folders
		case !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json"):
			if len(names) == 100000 {
				fmt.Fprintf(stderr, "gaitd: --history: more than %d JSON files in %s; the rest are not read\n", len(names), dir)
				return filepath.SkipAll
			}
			names = append(names, path)
		}
		return nil
	})
	used := 0
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && ownFI != nil && os.SameFile(fi, ownFI) {
			continue // this run's own summary, however the paths are written
		}
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "gaitd: --history: %v (skipped)\n", err)
			continue
		}
		var r struct {
			Placement string   `json:"placement"`
			Activity  string   `json:"activity"`
			ImpactG   *float64 `json:"impact_g"`
			Cadence   *float64 `json:"cadence_spm"`
			Speed     *float64 `json:"speed_m_s"`
		}
		if err := json.Unmarshal(b, &r); err != nil || r.Placement == "" {
			fmt.Fprintf(stderr, "gaitd: --history: %s is not a run summary, skipped\n", name)
			continue
		}
		if r.Placement != p.String() || activity != "" && r.Activity != "" && r.Activity != activity {
			continue // another sensor, or walks beside runs
		}
		used++
		val := func(p *float64) float64 {
			if p == nil || !(*p > 0) {
				return 0
			}
			return *p
		}
		runs = append(runs, gait.PastRun{Speed: val(r.Speed), Cadence: val(r.Cadence), Impact: val(r.ImpactG)})
	}
	if used == 0 {
		fmt.Fprintf(stderr, "gaitd: --history: no earlier %s %s summaries in %s\n", p, activity, dir)
	}
	return runs, nil
}

// recording is a source that can describe how it reads its input.
type recording interface {
	sensor.Source
	Describe() string
}

// accOnlyRecording hides the gyroscope of a recording (analyze --acc-only);
// why says why in Describe ("--acc-only" when empty).
type accOnlyRecording struct {
	recording
	why string
}

func (a accOnlyRecording) Layout() sensor.Layout {
	l := a.recording.Layout()
	l.Gyr, l.GyrOwnFrame = [3]bool{}, false
	return l
}

func (a accOnlyRecording) Describe() string {
	if a.why != "" {
		return a.recording.Describe() + "; gyroscope ignored (" + a.why + ")"
	}
	return a.recording.Describe() + "; gyroscope ignored (--acc-only)"
}

// hideGyro returns src with its gyroscope hidden when on is set (and it
// has one, or is a CSV file whose gyroscope columns were left unread).
func hideGyro(src recording, on bool) recording {
	if c, ok := src.(*sensor.CSVReader); ok && on && c.Stats().GyroIgnored > 0 {
		return accOnlyRecording{src, ""}
	}
	if !on || !src.Layout().HasGyro() {
		return src
	}
	return accOnlyRecording{src, ""}
}

// binaryRecording adds a description to a binary frame reader.
type binaryRecording struct {
	sensor.Source
	desc string
}

// Describe is the reader's description and, for WitMotion, whether it
// found gyro frames and how often its time frames were shifted onto the
// stream's time base.
func (b binaryRecording) Describe() string {
	d := b.desc
	if _, wit := b.Source.(*sensor.WitReader); wit && !b.Source.Layout().HasGyro() {
		d = strings.Replace(d, "0x52 gyro", "no 0x52 gyro frames: acceleration only", 1)
	}
	if st, ok := b.Source.(interface{ Stats() sensor.BinaryStats }); ok && st.Stats().Rebased > 0 {
		return fmt.Sprintf("%s; %d time frames did not continue the stream's time (starting part way, or the device clock going back): later times shifted onto it", d, st.Stats().Rebased)
	}
	return d
}

// addBinaryStats adds to st the counts of src's binary frame reader, when
// src is one (as openRecording returns it, its gyroscope hidden or not).
func addBinaryStats(st *sensor.BinaryStats, src sensor.Source) {
	if a, ok := src.(accOnlyRecording); ok {
		src = a.recording
	}
	b, ok := src.(binaryRecording)
	if !ok {
		return
	}
	if r, ok := b.Source.(interface{ Stats() sensor.BinaryStats }); ok {
		bs := r.Stats()
		st.Dropped += bs.Dropped
		st.GyroMissing += bs.GyroMissing
	}
}

// binaryProblems words the counts of st that the bad frames do not
// cover, for the problems line: BNO08x RVC frames missing from the
// rolling index (lost in transit or to corruption) and WitMotion cycles
// without their gyro frame (the last rate carried).
func binaryProblems(st sensor.BinaryStats) []string {
	var p []string
	if st.Dropped > 0 {
		p = append(p, fmt.Sprintf("%d frames missing from the frame index (lost)", st.Dropped))
	}
	if st.GyroMissing > 0 {
		p = append(p, fmt.Sprintf("%d samples without their gyro frame (the last rate carried)", st.GyroMissing))
	}
	return p
}

// statRecording stats a recording's file: for a zip archive's member
// (ARCHIVE.zip#MEMBER) the archive, which can be read twice as a file can
// (a mixed-gyroscope pair's zipped foot "cannot be read twice").
func statRecording(name string) (os.FileInfo, error) {
	if isZipMember(name) {
		archive, _, _ := splitZipMember(name)
		return os.Stat(archive)
	}
	return os.Stat(name)
}

// openRecording opens a recording ("-": standard input): CSV text, or a
// serial dump of WitMotion or BNO08x UART-RVC frames with --format.
func openRecording(ctx context.Context, name string, in inputFlags) (recording, func(), error) {
	r, closer, label, err := openInput(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	bo := sensor.BinaryOptions{Name: label, Rate: in.rate}
	switch in.format {
	case "witmotion", "witmotion-ble", "rvc":
		if in.format == "witmotion-ble" && in.rate == 0 {
			closer()
			return nil, nil, errors.New("--format witmotion-ble: set --rate, the sensor's output rate in Hz (set on it, e.g. 100): the frames carry no time")
		}
		if in.format == "witmotion" && in.rate == 0 {
			closer()
			return nil, nil, errors.New("--format witmotion: set --rate, the sensor's output rate in Hz (its RRATE register, e.g. 100): the analysis grid; 0x50 time frames, when present, time the samples on it")
		}
		if in.format == "rvc" && in.rate != 0 && in.rate != 100 {
			closer()
			return nil, nil, fmt.Errorf("--format rvc: --rate %g: the BNO08x UART-RVC output rate is fixed at 100 Hz", in.rate)
		}
	}
	switch in.format {
	case "witmotion", "witmotion-ble":
		rng, err := in.witRange()
		if err != nil {
			closer()
			return nil, nil, err
		}
		bo.AccRange = rng
		if in.format == "witmotion-ble" {
			return binaryRecording{sensor.NewWitBLEReader(r, bo), fmt.Sprintf("format=witmotion-ble frames (55 61: acc ±%g g, gyro), time from --rate %g Hz", cmp.Or(rng, 16), in.rate)}, closer, nil
		}
		return binaryRecording{sensor.NewWitReader(r, bo), fmt.Sprintf("format=witmotion frames (0x51 acc ±%g g, 0x52 gyro), time from 0x50 frames or --rate %g Hz", cmp.Or(rng, 16), in.rate)}, closer, nil
	case "rvc":
		return binaryRecording{sensor.NewRVCReader(r, bo), "format=bno08x-rvc frames (acc mg, 100 Hz, time from the frame index)"}, closer, nil
	}
	src, err := sensor.NewCSVReader(newLineReader(ctx, r), in.options(label))
	if err != nil {
		closer()
		return nil, nil, interruptedOpen(ctx, label, err)
	}
	return src, closer, nil
}

// interruptedOpen is the error of a CSV file that could not be opened,
// err, or, when Ctrl-C came first (before its header and first lines),
// one saying so: not a verdict on the input ("not an IMU recording: empty
// file").
// A unit or rate the reader asks for is named by its flag.
func interruptedOpen(ctx context.Context, label string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: interrupted before a recording was read (%v): nothing written", label, err)
	}
	if errors.Is(err, sensor.ErrUnit) && !strings.Contains(err.Error(), "--acc-unit") {
		return fmt.Errorf("%w (--acc-unit, --gyro-unit)", err)
	}
	if errors.Is(err, sensor.ErrNoRate) && !strings.Contains(err.Error(), "--rate") {
		return fmt.Errorf("%w (--rate, or --time-unit for a time column)", err)
	}
	if errors.Is(err, sensor.ErrNotRecording) && strings.Contains(err.Error(), "headerless file with") {
		return fmt.Errorf("%w (--columns names its fields)", err)
	}
	if errors.Is(err, sensor.ErrNotRecording) && strings.Contains(err.Error(), "no acceleration columns in header: ") {
		// a header whose names gaitd does not know (the names seen end
		// the message): say how to name them
		return fmt.Errorf("%w (if some are acceleration, name the fields with --columns, which replaces the header: --columns t,acc_v,acc_ap or t_ms,ax,ay,az,gx,gy,gz; - skips a field)", err)
	}
	return err
}

// joined is a recording joined to the analysed one by time (--gravity,
// --gyro), for the messages on the samples it left out.
type joined struct {
	flag, file, what string
	m                interface {
		Stats() sensor.MergeStats
		MaxGap() float64
	}
}

// epochOffset is a recording's CSVStats.EpochOffset (NaN when it is not a
// CSV file or has no epoch beside a relative time).
func epochOffset(src recording) float64 {
	if a, ok := src.(*sensor.CSVReader); ok {
		return a.Stats().EpochOffset
	}
	return math.NaN()
}

// epochGap is the offset that puts other's times on the recording's time
// base when both are files that each restart a relative time beside an
// epoch column (MetaBase's elapsed (s)): the difference of their epochs
// (recEpoch is the recording's epochOffset); else 0.
func epochGap(recEpoch float64, other *sensor.CSVReader) float64 {
	if eo := other.Stats().EpochOffset; !math.IsNaN(recEpoch) && !math.IsNaN(eo) {
		return eo - recEpoch
	}
	return 0
}

// openJoined opens a file that is joined to the recording by time
// (--gyro, --gravity: flag), read with the recording's input flags as
// adjusted by set. --rate is the recording's analysis grid; the joined file
// is read at its own rate (interpolated at the recording's times) and
// takes --rate only when it has no time column (standard input cannot be
// read twice: it takes --rate at once).
func openJoined(ctx context.Context, name, flag string, in inputFlags, set func(*sensor.CSVOptions)) (*sensor.CSVReader, func(), string, error) {
	if fi, err := os.Stat(name); err == nil && fi.IsDir() && name != "-" {
		return nil, nil, "", fmt.Errorf("%s %s: a folder, not a file", flag, name)
	}
	open := func(rate float64) (*sensor.CSVReader, func(), string, error) {
		r, closer, label, err := openInput(ctx, name)
		if err != nil {
			return nil, nil, "", err
		}
		opt := in.options(label)
		set(&opt)
		opt.Rate, opt.Columns = rate, nil // (a joined file has its header)
		g, err := sensor.NewCSVReader(newLineReader(ctx, r), opt)
		if err != nil {
			closer()
			return nil, nil, "", interruptedOpen(ctx, label, err)
		}
		return g, closer, label, nil
	}
	rate := in.rate
	if name != "-" {
		rate = 0
	}
	g, closer, label, err := open(rate)
	if errors.Is(err, sensor.ErrNoRate) && rate == 0 && in.rate > 0 {
		g, closer, label, err = open(in.rate)
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", flag, err)
	}
	return g, closer, label, nil
}

// openGravity opens the gravity file name (read as acceleration: see
// openJoined).
func openGravity(ctx context.Context, name string, in inputFlags) (*sensor.CSVReader, func(), string, error) {
	// --acc-range is the recording's accelerometer's: gravity alone never
	// reaches it
	g, closer, label, err := openJoined(ctx, name, "--gravity", in, func(o *sensor.CSVOptions) { o.AccRange = 0 })
	if errors.Is(err, sensor.ErrNoGravity) {
		return nil, nil, "", fmt.Errorf("--gravity %s: user acceleration, not gravity: the recording and the gravity file swapped? (gaitd analyze --gravity Gravity.csv Accelerometer.csv)", name)
	}
	if err != nil {
		return nil, nil, "", err
	}
	if g.Layout().HasGyro() {
		closer()
		return nil, nil, "", fmt.Errorf("--gravity %s: the file has gyroscope channels: not a gravity recording", label)
	}
	return g, closer, label, nil
}

// joinGyro opens the gyroscope file gyrName (read gyroscope-only: see
// openJoined) and joins it to the recording src by time.
func joinGyro(ctx context.Context, src recording, recEpoch float64, name, gyrName string, in inputFlags) (*sensor.GyroMerge, func(), error) {
	g, closer, label, err := openJoined(ctx, gyrName, "--gyro", in, func(o *sensor.CSVOptions) { o.GyroOnly = true })
	if err != nil {
		return nil, nil, err
	}
	// files that each restart a relative time (MetaBase's elapsed (s))
	// are aligned by their epoch columns
	mo := sensor.GyroMergeOptions{AccName: name, GyroName: label, GyroRate: g.Stats().TimeRate, OwnFrameRates: in.ownFrameRates, Offset: epochGap(recEpoch, g)}
	m, err := sensor.NewGyroMerge(src, g, mo)
	if err != nil {
		closer()
		return nil, nil, fmt.Errorf("--gyro: %w", err)
	}
	return m, closer, nil
}

// openInput opens a recording for reading: standard input for "-" (named
// "stdin" in messages), a zip archive's member ("archive.zip#member"),
// else the file (openRaw) — decompressed when it starts with gzip's magic
// bytes (gunzip, whose buffer is the only one below the CSV and frame
// readers' own).
func openInput(ctx context.Context, name string) (r io.Reader, closer func(), label string, err error) {
	if r, closer, label, err = openRaw(ctx, name); err != nil {
		return nil, nil, "", err
	}
	if r, err = gunzip(r, label); err != nil {
		closer()
		return nil, nil, "", err
	}
	return r, closer, label, nil
}

// openRaw opens what openInput reads, before decompressing: standard
// input, a member of a zip archive ("archive.zip#member"), or a file.
func openRaw(ctx context.Context, name string) (r io.Reader, closer func(), label string, err error) {
	if name == "-" {
		r, stop := interruptible(ctx, os.Stdin)
		return r, stop, "stdin", nil
	}
	if isZipMember(name) {
		r, closer, err := openZipMember(ctx, name)
		return r, closer, name, err
	}
	f, err := openWaiting(ctx, name)
	if err != nil {
		return nil, nil, "", err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, nil, "", fmt.Errorf("%s: a folder, not a recording: give the file%s", name, folderHint(name))
	}
	r, stop := interruptible(ctx, f)
	return r, func() { stop(); f.Close() }, name, nil
}

// gunzip returns r decompressed when it starts with gzip's magic bytes (a
// recording.csv.gz): line numbers in messages are then the decompressed
// text's. Else r as it is (buffered).
func gunzip(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(2); len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return gzReader{z}, nil
	}
	return br, nil
}

// gzReader says that a read error came from decompressing: a file cut
// short ended with a bare "unexpected EOF". An error of package gzip's own
// (gzip.ErrChecksum, gzip.ErrHeader) already says "gzip: ".
type gzReader struct{ z *gzip.Reader }

func (g gzReader) Read(p []byte) (int, error) {
	n, err := g.z.Read(p)
	if err != nil && err != io.EOF {
		prefix := "gzip: "
		if strings.HasPrefix(err.Error(), prefix) {
			prefix = ""
		}
		err = fmt.Errorf("%s%w (the compressed file is cut short or damaged)", prefix, err)
	}
	return n, err
}

// folderHint names the recordings in folder dir, as an app's export
// folder holds them (" (it holds TotalAcceleration.csv, …)"), or "".
func folderHint(dir string) string {
	var names []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".csv" || ext == ".txt" || ext == ".tsv" || ext == ".bin") {
			names = append(names, e.Name())
		}
	}
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 6:
		names = append(names[:6], "…")
	}
	return " (it holds " + strings.Join(names, ", ") + ")"
}

// loadSignalConfig reads form-signal thresholds from a JSON file; fields
// not in the file keep their defaults, unknown fields are an error.
func loadSignalConfig(name string) (gait.SignalConfig, error) {
	var c gait.SignalConfig
	if name == "" {
		return c, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return c, fmt.Errorf("--signals: %w", err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return c, fmt.Errorf("--signals %s: empty file (want a JSON object of gait.SignalConfig fields)", name)
	}
	if err := signalKeys(b); err != nil {
		return c, fmt.Errorf("--signals %s:%w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return c, fmt.Errorf("--signals %s:%s: %w", name, lineCol(b, se.Offset-1), err) // Offset is after the bad byte
		case errors.As(err, &te):
			return c, fmt.Errorf("--signals %s:%s: %w", name, lineCol(b, te.Offset), err)
		}
		return c, fmt.Errorf("--signals %s: %w", name, err)
	}
	if rest := b[dec.InputOffset():]; len(bytes.Trim(rest, " \t\r\n")) > 0 { // JSON's white space only
		off := dec.InputOffset() + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
		return c, fmt.Errorf("--signals %s:%s: more after the JSON object", name, lineCol(b, off))
	}
	if err := c.WithDefaults().Validate(); err != nil {
		return c, fmt.Errorf("--signals %s: %w", name, err)
	}
	return c, nil
}

// signalKeys checks the names of a --signals file's object against
// gait.SignalConfig's fields as written: Go's JSON matches them in any
// letter case, so "balancewatch" was taken for BalanceWatch and a name
// given twice (in two cases, or one) kept the last silently. The error
// starts with the key's line:column. A file that is not an object is left
// to the decoder's error.
func signalKeys(b []byte) error {
	fields := map[string]string{} // lower case → as written
	t := reflect.TypeFor[gait.SignalConfig]()
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			fields[strings.ToLower(f.Name)] = f.Name
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		// the key's own offset: past the comma and white space before it
		at := off + int64(bytes.IndexByte(b[off:], '"'))
		switch f, ok := fields[strings.ToLower(key)]; {
		case ok && f != key:
			return fmt.Errorf("%s: %q: field names are case-sensitive: %s", lineCol(b, at), key, f)
		case ok && seen[f]:
			return fmt.Errorf("%s: %q given twice", lineCol(b, at), key)
		case ok:
			seen[f] = true
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
	}
	return nil
}

// lineCol gives a byte offset of b as line:column, both from 1.
func lineCol(b []byte, off int64) string {
	off = min(max(off, 0), int64(len(b)))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(b[:off], '\n'))
	return fmt.Sprintf("%d:%d", line, col)
}

// fmtOpt formats *v by format (its unit in it: "%.0f ms"), or "—" alone
// when v is unknown (a unit after it, "GCT — ms", read as a value).
func fmtOpt(v *float64, format string) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf(format, *v)
}

// printReport writes the readable summary; unit names the recording's bad
// records ("lines", "frames"); more are further problems of the input
// (binaryProblems), added to the problems line.
func printReport(w io.Writer, name, input string, bad int, unit string, more []string, r gait.Report) {
	fmt.Fprintf(w, "%s\n  input      %s\n", name, input)
	if bad > 0 || r.Gaps > 0 || r.Bridged > 0 || r.Rejected > 0 || len(more) > 0 {
		fmt.Fprintf(w, "  problems   %d bad %s skipped, %d gaps, %d short holes bridged, %d samples refused (time not after the last, or a value not finite or absurd)", bad, unit, r.Gaps, r.Bridged, r.Rejected)
		for _, m := range more {
			fmt.Fprintf(w, ", %s", m)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  placement  %s   activity %s\n", r.Placement, r.Activity)
	if r.TiltDeg != nil && *r.TiltDeg >= 0.5 {
		fmt.Fprintf(w, "  levelled   the anatomical axes were tilted %.0f° from vertical (tilt correction)\n", *r.TiltDeg)
	}
	fmt.Fprintf(w, "  steps      %d in %.1f s of gait (recording %.1f s)\n", r.Steps, r.GaitS, r.DurationS)
	if r.FilledSteps > 0 {
		fmt.Fprintf(w, "             (%d of them found in the step rhythm: a loading peak under the thresholds mid-way through a two-step interval)\n", r.FilledSteps)
	}
	if r.ActivityNote != "" {
		fmt.Fprintf(w, "             (%s)\n", r.ActivityNote)
	}
	if r.Reason != "" {
		fmt.Fprintf(w, "  result     %s\n", r.Reason)
		if r.Steps == 0 {
			return
		}
	}
	fmt.Fprintf(w, "  cadence    %s\n", fmtOpt(r.CadenceSPM, "%.1f steps/min"))
	iqr := func(d *gait.Dist, f string) string {
		if d == nil {
			return ""
		}
		return fmt.Sprintf("  (IQR "+f+"–"+f+")", d.Q1, d.Q3)
	}
	fmt.Fprintf(w, "  GCT        %s%s\n", fmtOpt(r.GCTms, "%.0f ms"), iqr(r.GCTDist, "%.0f"))
	fmt.Fprintf(w, "  flight     %s%s\n", fmtOpt(r.FlightMs, "%.0f ms"), iqr(r.FlightDist, "%.0f"))
	fmt.Fprintf(w, "  duty       %s%s\n", fmtOpt(r.DutyFactor, "%.2f"), iqr(r.DutyDist, "%.2f"))
	if r.GCTReason != "" {
		fmt.Fprintf(w, "             (GCT, flight, duty: %s)\n", r.GCTReason)
	}
	if r.Placement == "waist" {
		fmt.Fprintf(w, "  VO         %s%s\n", fmtOpt(r.VOmm, "%.0f mm"), iqr(r.VODist, "%.0f"))
		if r.VerticalRatioPct != nil {
			fmt.Fprintf(w, "  vert ratio %.1f %% (step length %.2f m at %.2f m/s)\n", *r.VerticalRatioPct, *r.StepLengthM, *r.SpeedMS)
		} else if r.SpeedMS != nil {
			// --speed given: the VO or the step time is unknown
			fmt.Fprintf(w, "  vert ratio — (no VO or step time at %.2f m/s)\n", *r.SpeedMS)
		} else {
			fmt.Fprintf(w, "  vert ratio — (give --speed)\n")
		}
	}
	if r.ImpactG == nil && r.ImpactReason != "" {
		fmt.Fprintf(w, "  impact     — (%s)\n", r.ImpactReason)
	} else {
		fmt.Fprintf(w, "  impact     %s\n", fmtOpt(r.ImpactG, "%.2f g"))
	}
	if r.GCTBalancePct != nil {
		fmt.Fprintf(w, "  balance    %.1f %% L / %.1f %% R (GCT)\n", *r.GCTBalancePct, 100-*r.GCTBalancePct)
	} else {
		fmt.Fprintf(w, "  balance    — (%s)\n", r.BalanceReason)
	}
	if r.ClippedSteps > 0 {
		fmt.Fprintf(w, "  note       accelerometer saturated in %d contacts\n", r.ClippedSteps)
	}
	for _, m := range r.Warnings {
		fmt.Fprintf(w, "  warning    %s\n", m)
	}
	printSignals(w, r.Signals)
}

// oneDecimal formats v with one decimal, a value that rounds to zero as
// "0.0" whatever its sign ("-0.0 deg" read as a lean backwards).
func oneDecimal(v float64) string {
	if math.Abs(v) < 0.05 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// printSignals writes one line per form signal: name, state, value and
// what fired (or why the signal is unavailable).
func printSignals(w io.Writer, sigs []gait.Signal) {
	if len(sigs) == 0 {
		return
	}
	fmt.Fprintf(w, "  signals\n")
	for _, s := range sigs {
		val := "—"
		if s.Value != nil {
			val = oneDecimal(*s.Value) + " " + s.Unit
		}
		var what []string
		for _, e := range s.Evidence {
			if !e.Fired || e.Value == nil {
				continue
			}
			what = append(what, fmt.Sprintf("%s %s %s (%s)", e.Name, oneDecimal(*e.Value), e.Unit, e.Level))
		}
		detail := strings.Join(what, ", ")
		if s.State == gait.StateUnavailable || (detail == "" && s.Value == nil) {
			detail = s.Reason
		}
		line := fmt.Sprintf("    %-20s %-11s %-12s %s", strings.ReplaceAll(s.Name, "_", " "), s.State, val, detail)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// ms rounds seconds x to whole milliseconds, without a negative zero (a
// shift of −0.0002 s read "-0.000 s").
func ms(x float64) float64 {
	return math.Round(x*1000)/1000 + 0
}

// flagAfterArgs returns the first argument after fs's first positional one
// that looks like a flag ("-q"; "-" is standard input), which the flag
// package, stopping there, took as another name; "" when there is none or
// the names came after "--".
func flagAfterArgs(fs *flag.FlagSet, args []string) string {
	if fs.NArg() < len(args) && args[len(args)-fs.NArg()-1] == "--" {
		return "" // names after -- are names
	}
	for _, a := range fs.Args()[min(1, fs.NArg()):] {
		if strings.HasPrefix(a, "-") && a != "-" {
			return a
		}
	}
	return ""
}
