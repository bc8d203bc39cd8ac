package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

// TestAnalyzeExport: an app's export of one file per sensor, given as its
// folder or its zip archive (Sensor Logger's CSV export), is analysed as
// its recording with its gravity and gyroscope files joined: Android's
// TotalAcceleration.csv + Gyroscope.csv, iOS's Accelerometer.csv +
// Gravity.csv + Gyroscope.csv — the contacts and sides of the files given
// one by one, exactly. Both were refused before ("a folder, not a
// recording"; "a zip archive: extract the recording first").
func TestAnalyzeExport(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 30, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.7}, Seed: 31})
	if err != nil {
		t.Fatal(err)
	}
	f := writeIOS(t, ss, 1, 0, 0)
	want := analyzeFile(t, f.total, "--gyro", f.gyr)
	wantAcc := analyzeFile(t, f.total)
	if len(want.events) < 60 {
		t.Fatalf("%d contacts", len(want.events))
	}
	same := func(t *testing.T, got, want robustResult) {
		t.Helper()
		if len(got.events) != len(want.events) {
			t.Fatalf("%d contacts, want %d", len(got.events), len(want.events))
		}
		for i, e := range got.events {
			if w := want.events[i]; math.Abs(e.IC-w.IC) > 1e-6 || e.Side != w.Side {
				t.Fatalf("contact %d: %+v, want %+v", i, e, w)
			}
		}
	}
	android := []string{f.total, f.gyr, f.acc} // Android exports its user acceleration too
	ios := []string{f.acc, f.grav, f.gyr}
	// an Apple Watch's files beside the phone's: the phone's are read, the
	// watch's said to be left (they were refused as two accelerometer
	// files, a black-box round)
	watchOf := func(src, name string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		return writeTemp(t, name, string(b))
	}
	iosWatch := append(append([]string(nil), ios...), watchOf(f.acc, "WatchAccelerometer.csv"), watchOf(f.gyr, "WatchGyroscope.csv"))
	for _, tc := range []struct {
		name   string
		files  []string
		reads  string
		flags  []string
		expect robustResult
	}{
		{"android", android, "TotalAcceleration.csv --gyro ", nil, want},
		{"ios", ios, "Accelerometer.csv --gravity ", nil, want},
		{"ios_watch", iosWatch, "(the phone's; the watch's WatchAccelerometer.csv, WatchGyroscope.csv left: give them to analyze the watch)", nil, want},
		{"android_acc_only", android, "TotalAcceleration.csv\n", []string{"--acc-only"}, wantAcc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "Run-2026-11-24_07-12-00")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			zipPath := filepath.Join(t.TempDir(), "Run-2026-11-24_07-12-00.zip")
			zf, err := os.Create(zipPath)
			if err != nil {
				t.Fatal(err)
			}
			zw := zip.NewWriter(zf)
			for _, src := range append(tc.files, writeTemp(t, "Metadata.csv", "version,device name,platform\n3,Pixel,android\n")) {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
					t.Fatal(err)
				}
				w, err := zw.Create(filepath.Base(src))
				if err != nil {
					t.Fatal(err)
				}
				w.Write(b)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			zf.Close()
			for _, p := range []string{dir, zipPath} {
				got := analyzeFile(t, p, tc.flags...)
				same(t, got, tc.expect)
				if !strings.Contains(got.stderr, "gaitd: "+p+": an export of one file per sensor: reading ") || !strings.Contains(got.stderr, tc.reads) {
					t.Errorf("%s: stderr %q", p, got.stderr)
				}
			}
		})
	}
	t.Run("ios_mirrored", func(t *testing.T) {
		// iOS without "Standardise Units & Frames": Core Motion's
		// acceleration and gravity, every axis negated, beside the same
		// gyroscope. Its Metadata.csv says so and the export is read
		// negated; given file by file, --acc-mirrored does it; an export
		// that says it is standardised is read as it is (its sides then
		// all swapped, as this one is not)
		mirror := make([]sensor.Sample, len(ss))
		for i, s := range ss {
			mirror[i] = s
			for k := range 3 {
				mirror[i].Acc[k] = -s.Acc[k]
			}
		}
		m := writeIOS(t, mirror, 1, 0, 0)
		export := func(meta string) string {
			dir := t.TempDir()
			for _, src := range []string{m.acc, m.grav, m.gyr} {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644)
			}
			os.WriteFile(filepath.Join(dir, "Metadata.csv"), []byte(meta), 0o644)
			return dir
		}
		off := export("version,device name,recording epoch time,platform,appVersion,standardisation\n3,iPhone,1698501144000,ios,1.30.1,false\n")
		got := analyzeFile(t, off)
		same(t, got, want)
		if !strings.Contains(got.stderr, "--acc-mirrored (Metadata.csv: iOS without \"Standardise Units & Frames\")") || !strings.Contains(got.sum.Input, "(negated: given as mirrored)") {
			t.Errorf("stderr %q input %q", got.stderr, got.sum.Input)
		}
		same(t, analyzeFile(t, m.acc, "--acc-mirrored", "--gravity", m.grav, "--gyro", m.gyr), want)
		on := analyzeFile(t, export("platform,standardisation\nios,true\n"))
		swapped := 0
		for i, e := range on.events {
			if i < len(want.events) && e.Side != "" && e.Side != want.events[i].Side {
				swapped++
			}
		}
		if swapped < len(want.events)*95/100 {
			t.Errorf("standardised: %d of %d sides swapped, want all (read as given)", swapped, len(want.events))
		}
	})
	t.Run("errors", func(t *testing.T) {
		two := t.TempDir()
		for _, n := range []string{"MetaWear_a_Accelerometer.csv", "MetaWear_b_Accelerometer.csv"} {
			os.WriteFile(filepath.Join(two, n), []byte("t,ax,ay,az\n"), 0o644)
		}
		for _, tc := range []struct{ dir, want string }{
			{two, two + ": 2 accelerometer files (MetaWear_a_Accelerometer.csv, MetaWear_b_Accelerometer.csv): give the recording itself"},
		} {
			if _, err := tryAnalyze(t, tc.dir); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: error %v, want %q", tc.dir, err, tc.want)
			}
		}
	})
}

// TestAnalyzeGzip: a gzip-compressed recording (recording.csv.gz) is read
// decompressed, from a file or standard input, giving the contacts of the
// plain file exactly (it was
// refused: "gzip-compressed: decompress it first"); one cut short says so,
// naming the file, and one whose header is damaged is refused.
func TestAnalyzeGzip(t *testing.T) {
	text, _ := simCSV(t, runningCfg(5, 30))
	plain := analyzeFile(t, writeTemp(t, "run.csv", text))
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	zw.Close()
	got := analyzeFile(t, writeTemp(t, "run.csv.gz", b.String()))
	if len(got.events) < 60 || len(got.events) != len(plain.events) {
		t.Fatalf("%d contacts, plain %d", len(got.events), len(plain.events))
	}
	for i, e := range got.events {
		if w := plain.events[i]; e.IC != w.IC || e.FC != w.FC || e.GCTms != w.GCTms || e.Side != w.Side {
			t.Fatalf("contact %d: %+v, plain %+v", i, e, plain.events[i])
		}
	}
	// from standard input (cat run.csv.gz | gaitd analyze -)
	f, err := os.Open(writeTemp(t, "stdin.csv.gz", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	stdin := analyzeFile(t, "-")
	os.Stdin = old
	if len(stdin.events) != len(plain.events) {
		t.Errorf("stdin: %d contacts, plain %d", len(stdin.events), len(plain.events))
	}
	cut := writeTemp(t, "cut.csv.gz", b.String()[:b.Len()/2])
	ev := filepath.Join(t.TempDir(), "events.csv")
	_, _, err = runCmd(t, "analyze", "--events", ev, cut)
	if err == nil || !strings.Contains(err.Error(), cut+":") || !strings.Contains(err.Error(), "gzip: unexpected EOF (the compressed file is cut short or damaged)") {
		t.Errorf("cut short: error %v", err)
	}
	if n := len(readEvents(t, ev)); n == 0 || n >= len(plain.events) {
		t.Errorf("cut short: %d contacts written, want those read before the cut (of %d)", n, len(plain.events))
	}
	// a damaged checksum (the CRC-32 in the last 8 bytes): said once as
	// gzip's, not "gzip: gzip: invalid checksum"
	crc := bytes.Clone(b.Bytes())
	crc[len(crc)-8] ^= 0xff
	badCRC := writeTemp(t, "crc.csv.gz", string(crc))
	if _, err := tryAnalyze(t, badCRC); err == nil || !strings.Contains(err.Error(), badCRC+":") ||
		!strings.Contains(err.Error(), "gzip: invalid checksum (the compressed file is cut short or damaged)") || strings.Contains(err.Error(), "gzip: gzip:") {
		t.Errorf("damaged checksum: error %v", err)
	}
	bad := writeTemp(t, "bad.csv.gz", "\x1f\x8bnot gzip at all")
	if _, err := tryAnalyze(t, bad); err == nil || !strings.Contains(err.Error(), bad+": gzip: invalid header") {
		t.Errorf("damaged header: error %v", err)
	}
}

// TestAnalyzeExportHash: a zip archive whose path holds a '#' (a folder
// "runs #2") and whose members sit in a folder with one ("Run #1/") is
// read as the files given one by one: the '#' that joins archive and
// member is the first after which the archive is one. Cut at the first
// '#' of the path, neither was found ("no such file").
func TestAnalyzeExportHash(t *testing.T) {
	f, want := exportRun(t, 37)
	dir := filepath.Join(t.TempDir(), "runs #2")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ zip, member string }{{"Run#.zip", ""}, {"Run#1.zip", "Run #1/"}} {
		zipPath := filepath.Join(dir, tc.zip)
		writeZip(t, zipPath, tc.member, f.total, f.gyr)
		got, err := tryAnalyze(t, zipPath)
		if err != nil {
			t.Errorf("%s (members %q): %v", zipPath, tc.member, err)
			continue
		}
		sameContacts(t, zipPath, got, want)
	}
}

// TestAnalyzeExportSubfolder: a folder that holds an export's folder
// alone (an archive extracted into a folder of its name) is read as that
// folder; one of several subfolders names them. It said "without an
// accelerometer file … (it holds )", naming nothing.
func TestAnalyzeExportSubfolder(t *testing.T) {
	f, want := exportRun(t, 41)
	outer := t.TempDir()
	inner := filepath.Join(outer, "Run-2026-11-24_07-12-00")
	if err := os.MkdirAll(filepath.Join(outer, ".cache"), 0o755); err != nil { // hidden: not counted
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outer, ".DS_Store"), []byte{0, 0, 0, 1}, 0o644); err != nil { // nor a hidden file (macOS's Finder)
		t.Fatal(err)
	}
	if err := os.Mkdir(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{f.total, f.gyr} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inner, filepath.Base(src)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := tryAnalyze(t, outer)
	if err != nil {
		t.Fatalf("%s: %v", outer, err)
	}
	sameContacts(t, outer, got, want)
	if !strings.Contains(got.stderr, "reading "+filepath.Join(inner, "TotalAcceleration.csv")+" --gyro "+filepath.Join(inner, "Gyroscope.csv")) {
		t.Errorf("stderr %q", got.stderr)
	}
	if err := os.Mkdir(filepath.Join(outer, "Run-2"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantErr := outer + ": a folder without an accelerometer file (an export's TotalAcceleration.csv, Accelerometer.csv or …Accelerometer….csv): give the recording itself (it holds Run-2/, Run-2026-11-24_07-12-00/)"
	if _, err := tryAnalyze(t, outer); err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Errorf("two subfolders: error %v, want %q", err, wantErr)
	}
}

// exportRun simulates a 20 s waist run (seed) written as Sensor Logger's
// files, and analyses its TotalAcceleration.csv with its Gyroscope.csv
// given one by one: what an export of them is to give.
func exportRun(t *testing.T, seed uint64) (iosFiles, robustResult) {
	t.Helper()
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Gyro: true, Noise: 0.2, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	f := writeIOS(t, ss, 1, 0, 0)
	want := analyzeFile(t, f.total, "--gyro", f.gyr)
	if len(want.events) < 40 {
		t.Fatalf("%d contacts", len(want.events))
	}
	return f, want
}

// writeZip writes a zip archive at zipPath holding files, each under
// prefix + its base name.
func writeZip(t *testing.T, zipPath, prefix string, files ...string) {
	t.Helper()
	zf, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zf.Close()
	zw := zip.NewWriter(zf)
	for _, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(prefix + filepath.Base(src))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// sameContacts checks that got has want's contacts: their ICs (to 1 µs)
// and sides.
func sameContacts(t *testing.T, name string, got, want robustResult) {
	t.Helper()
	if len(got.events) != len(want.events) {
		t.Errorf("%s: %d contacts, want %d", name, len(got.events), len(want.events))
		return
	}
	for i, e := range got.events {
		if w := want.events[i]; math.Abs(e.IC-w.IC) > 1e-6 || e.Side != w.Side {
			t.Errorf("%s: contact %d: %+v, want %+v", name, i, e, w)
			return
		}
	}
}

// TestAnalyzeZipOneRecording: a zip archive of one recording (a large
// ActiGraph CSV zipped to be sent, macOS's "Compress" adding __MACOSX) is
// that recording, read as the file itself; it was refused as an export
// without an accelerometer file. Two data files and no accelerometer's
// are refused naming them and the ARCHIVE#MEMBER form (a black-box round).
func TestAnalyzeZipOneRecording(t *testing.T) {
	text, _ := simCSV(t, runningCfg(23, 20))
	plain := analyzeFile(t, writeTemp(t, "run.csv", text))
	mkZip := func(members map[string]string) string { return zipOf(t, "sent.zip", members) }
	p := mkZip(map[string]string{"subject 3/RAW.csv": text, "__MACOSX/subject 3/._RAW.csv": "\x00\x05\x16\x07"})
	got := analyzeFile(t, p)
	if len(got.events) != len(plain.events) || len(got.events) == 0 || got.events[0].IC != plain.events[0].IC {
		t.Errorf("%d contacts, want %d", len(got.events), len(plain.events))
	}
	if !strings.Contains(got.stderr, "a zip archive of one recording: reading "+p+"#subject 3/RAW.csv") {
		t.Errorf("stderr %q", got.stderr)
	}
	p = mkZip(map[string]string{"a.csv": text, "b.csv": text})
	if _, err := tryAnalyze(t, p); err == nil || !strings.Contains(err.Error(), "ARCHIVE#MEMBER reads one member; it holds") {
		t.Errorf("two files: %v", err)
	}
	// members in a folder: the refusal names their paths, which
	// ARCHIVE#MEMBER takes, and a file name that one member alone has
	// reads it too (the refusal named "a.csv, b.csv", and "#a.csv" was
	// "no member a.csv" without naming any — a review)
	p = mkZip(map[string]string{"rec/a.csv": text, "rec/b.csv": text, "old/b.csv": text})
	if _, err := tryAnalyze(t, p); err == nil || !strings.Contains(err.Error(), "it holds ") || !strings.Contains(err.Error(), "rec/a.csv") || !strings.Contains(err.Error(), "old/b.csv") {
		t.Errorf("members in folders: %v", err)
	}
	for _, m := range []string{"rec/a.csv", "a.csv", "old/b.csv"} {
		if got, err := tryAnalyze(t, p+"#"+m); err != nil || len(got.events) != len(plain.events) {
			t.Errorf("#%s: %v", m, err)
		}
	}
	for m, want := range map[string]string{"b.csv": "2 members are named b.csv (", "c.csv": "no member c.csv (it holds "} {
		if _, err := tryAnalyze(t, p+"#"+m); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("#%s: %v, want %q", m, err, want)
		}
	}
}

// TestAnalyzeDateOrderNote: a date column found day first at midnight
// (sensor.CSVStats.DayFirstAt) is said on stderr with its line, and the
// run keeps the plain CSV's contacts, its clock running on.
func TestAnalyzeDateOrderNote(t *testing.T) {
	text, _ := simCSV(t, runningCfg(23, 20))
	header, rows := robustTable(text)
	plain := analyzeFile(t, writeTemp(t, "run.csv", robustJoin(header[:4], func() [][]string {
		out := make([][]string, len(rows))
		for k, r := range rows {
			out[k] = r[:4]
		}
		return out
	}(), ",", "\n")))
	base := time.Date(2021, 11, 3, 23, 59, 50, 0, time.UTC)
	var b strings.Builder
	b.WriteString("Timestamp,ax,ay,az\n")
	for _, r := range rows {
		at := base.Add(time.Duration(math.Round(robustFloat(r[0])*1e6)) * time.Microsecond)
		b.WriteString(at.Format("02/01/2006 15:04:05.000") + "," + strings.Join(r[1:4], ",") + "\n")
	}
	got := analyzeFile(t, writeTemp(t, "dates.csv", b.String()))
	if !strings.Contains(got.stderr, "dates.csv:1002: the dates are day first (d/M/yyyy)") {
		t.Errorf("stderr %q", got.stderr)
	}
	if got.sum.Gaps != 0 || len(got.events) != len(plain.events) {
		t.Errorf("%d gaps, %d contacts; want 0, %d", got.sum.Gaps, len(got.events), len(plain.events))
	}
}

// TestAnalyzeExportEmptyGyroscope: an export whose Gyroscope.csv holds no
// samples (empty, or its header alone: the gyroscope off) is read without
// a gyroscope and stderr says why; it was refused for that file (a
// black-box round).
func TestAnalyzeExportEmptyGyroscope(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 20, Rate: 100, Gyro: true, Noise: 0.2, Tilt: [3]float64{0.1, 0.2, 0.7}, Seed: 31})
	if err != nil {
		t.Fatal(err)
	}
	f := writeIOS(t, ss, 1, 0, 0)
	want := analyzeFile(t, f.total)
	total, err := os.ReadFile(f.total)
	if err != nil {
		t.Fatal(err)
	}
	for _, gyro := range []string{"", "time,seconds_elapsed,z,y,x\n"} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "TotalAcceleration.csv"), total, 0o644)
		os.WriteFile(filepath.Join(dir, "Gyroscope.csv"), []byte(gyro), 0o644)
		got := analyzeFile(t, dir)
		if len(got.events) != len(want.events) || !strings.Contains(got.stderr, "(not "+filepath.Join(dir, "Gyroscope.csv")+": it holds no samples)") {
			t.Errorf("gyroscope %q: %d contacts (want %d), stderr %q", gyro, len(got.events), len(want.events), got.stderr)
		}
	}
}

// TestAnalyzeExportSingle: a folder or zip archive holding one recording,
// gzip-compressed (a folder of run.csv.gz and notes; a zip of the same
// file) is read as that recording; a folder was refused ("give the
// recording itself"), and a compressed member was not taken for a
// recording.
func TestAnalyzeExportSingle(t *testing.T) {
	text, _ := simCSV(t, runningCfg(7, 20))
	want := analyzeFile(t, writeTemp(t, "run.csv", text))
	dir := t.TempDir()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	zw.Close()
	gz := filepath.Join(dir, "run.csv.gz")
	if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("treadmill, 3.3 m/s\n"), 0o644)
	zipPath := filepath.Join(t.TempDir(), "run.zip")
	writeZip(t, zipPath, "", gz)
	for p, what := range map[string]string{dir: "a folder of one recording", zipPath: "a zip archive of one recording"} {
		got := analyzeFile(t, p)
		sameContacts(t, p, got, want)
		if !strings.Contains(got.stderr, "gaitd: "+p+": "+what+": reading ") {
			t.Errorf("%s: stderr %q", p, got.stderr)
		}
	}
	// a tab-separated recording named .tsv is one too (it was not
	// counted: the folder refused as holding no recording — a review)
	tsv := t.TempDir()
	os.WriteFile(filepath.Join(tsv, "run.tsv"), []byte(strings.ReplaceAll(text, ",", "\t")), 0o644)
	os.WriteFile(filepath.Join(tsv, "notes.md"), []byte("treadmill\n"), 0o644)
	sameContacts(t, "run.tsv", analyzeFile(t, tsv), want)
}

// TestAnalyzePhyphoxZip: phyphox's CSV export (a zip of the experiment's
// "Raw Data.csv" and its meta/device.csv and meta/time.csv, protocols.md
// §6; here inside a folder named for the experiment) is the recording in
// Raw Data.csv, read as that file itself; it was refused as a zip of more
// than one data file.
func TestAnalyzePhyphoxZip(t *testing.T) {
	ss, _, _, err := sim.Generate(sim.Config{Activity: sim.Running, Duration: 20, Rate: 100, Noise: 0.2, Tilt: [3]float64{0.05, 0.1, 0.3}, Seed: 29})
	if err != nil {
		t.Fatal(err)
	}
	var raw strings.Builder
	raw.WriteString(`"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"` + "\n")
	for _, s := range ss {
		a := s.Acc
		fmt.Fprintf(&raw, "%.9E,%.9E,%.9E,%.9E,%.9E\n", s.T, a[0], a[1], a[2], math.Sqrt(a[0]*a[0]+a[1]*a[1]+a[2]*a[2]))
	}
	plain := analyzeFile(t, writeTemp(t, "Raw Data.csv", raw.String()))
	if len(plain.events) < 40 {
		t.Fatalf("%d contacts", len(plain.events))
	}
	p := zipOf(t, "phyphox.zip", map[string]string{
		"Acceleration with g 2026-11-24 06-00-00/Raw Data.csv":    raw.String(),
		"Acceleration with g 2026-11-24 06-00-00/meta/device.csv": "\"property\",\"value\"\n\"version\",\"1.1.16\"\n\"deviceModel\",\"Pixel 7\"\n",
		"Acceleration with g 2026-11-24 06-00-00/meta/time.csv":   "\"event\",\"experiment time\",\"system time\",\"system time text\"\n\"START\",0.000000000E0,1.764E9,\"2026-11-24 06:00:00.000 UTC+00:00\"\n",
	})
	sameContacts(t, "phyphox zip", analyzeFile(t, p), plain)
	if !phyphoxMeta("x/meta/time.csv") || phyphoxMeta("meta.csv") || phyphoxMeta("x/time.csv") {
		t.Error("phyphoxMeta")
	}
}

// zipOf writes a zip archive of members (path in the archive → content)
// named name in a temporary folder, and returns its path.
func zipOf(t *testing.T, name string, members map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for n, body := range members {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAnalyzeOfficeDocument: a spreadsheet saved as a workbook (a zip
// archive of XML) is named as what it is, with what to do, rather than
// "a zip archive without an accelerometer file (it holds
// [Content_Types].xml, sheet1.xml)" (an audit); any other archive is read
// as before.
func TestAnalyzeOfficeDocument(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		members []string
		want    string
	}{
		{"book.xlsx", []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}, "book.xlsx: an Excel workbook, not a recording: save its sheet as CSV"},
		{"book.ods", []string{"mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml"}, "book.ods: an OpenDocument file (LibreOffice, OpenOffice), not a recording"},
		{"book.numbers", []string{"Index/Document.iwa", "Metadata/Properties.plist"}, "book.numbers: an Apple Numbers document, not a recording"},
		{"notes.zip", []string{"a.txt", "b.txt"}, "a zip archive without an accelerometer file"},
	} {
		p := filepath.Join(dir, tc.name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		for _, m := range tc.members {
			w, err := zw.Create(m)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("<x/>\n"))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		_, _, err = runCmd(t, "analyze", p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
