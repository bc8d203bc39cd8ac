package main

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// zipSep joins an archive's path and a member's name in the name of a
// recording inside a zip archive ("export.zip#TotalAcceleration.csv"):
// openInput reads such a name from the archive when no file has it.
const zipSep = "#"

// exportFiles are the files of one recording that an app exports one per
// sensor, as resolveExport picks them: the acceleration recording, and
// the gravity and gyroscope files to join to it ("" when absent).
type exportFiles struct {
	rec, gravity, gyro string
	// mirrored says why the acceleration is to be read negated (an iOS
	// export without "Standardise Units & Frames", from its Metadata.csv),
	// "" when it is not
	mirrored string
	// left are the files of an Apple Watch's sensors (Sensor Logger's
	// WatchAccelerometer.csv …) passed over for the phone's, or the
	// phone's beside a watch's recording (watch)
	left  []string
	watch bool
	// single: a zip archive or folder (dir) of one recording, not an
	// export
	single, dir bool
	// noGyro is a gyroscope file left out for holding no samples (empty,
	// or a header alone)
	noGyro string
}

// what says what the path resolved was, for analyze's note.
func (ex exportFiles) what() string {
	switch {
	case ex.single && ex.dir:
		return "a folder of one recording"
	case ex.single:
		return "a zip archive of one recording"
	}
	return "an export of one file per sensor"
}

// resolveExport picks the files of a recording from an app's export: a
// folder, or a zip archive (Sensor Logger's CSV export), whose files hold
// one sensor each. The acceleration recording is TotalAcceleration.csv
// (Sensor Logger on Android: gravity included), else the one file whose
// name has "accelerometer" (Sensor Logger on iOS, MetaBase's
// …_Accelerometer_….csv), with Gravity.csv joined when there is one (iOS
// exports user acceleration and gravity apart); the gyroscope is the one
// file whose name has "gyroscope". Uncalibrated copies
// (AccelerometerUncalibrated.csv) are not taken, nor an Apple Watch's
// (WatchAccelerometer.csv …) beside the phone's (exportFiles.left). A zip
// archive or folder of one CSV or text file (gzip-compressed or not) and
// no such names is that recording (a phyphox export's meta/device.csv and
// meta/time.csv are no recordings: its Raw Data.csv is read). A
// folder that holds one subfolder and no file is read as that subfolder;
// other subfolders are not looked into (they are named when no recording
// is found). ok is false for a path that is neither a folder nor a zip
// archive.
func resolveExport(p string) (files exportFiles, ok bool, err error) {
	fi, err := os.Stat(p)
	if err != nil {
		return files, false, nil // openInput says what is wrong
	}
	var names []string // members' paths, as openInput opens them
	var bases []string // their file names
	switch {
	case fi.IsDir():
		ents, err := os.ReadDir(p)
		if err != nil {
			return files, true, err
		}
		var subs []string // subfolders, not hidden
		for _, e := range ents {
			switch {
			case strings.HasPrefix(e.Name(), "."):
				// hidden (macOS's .DS_Store): no part of an export
			case !e.IsDir():
				names = append(names, filepath.Join(p, e.Name()))
				bases = append(bases, e.Name())
			case e.Name() != "__MACOSX":
				subs = append(subs, e.Name())
			}
		}
		if len(names) == 0 && len(subs) == 1 {
			// a folder that holds the export's folder alone (an
			// archive extracted into a folder of its name; hidden
			// files beside it, as Finder's .DS_Store): that one
			return resolveExport(filepath.Join(p, subs[0]))
		}
		for _, d := range subs {
			bases = append(bases, d+"/") // named when nothing is found
		}
	case fi.Mode().IsRegular() && isZip(p):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return files, true, fmt.Errorf("%s: %w", p, err)
		}
		defer zr.Close()
		if kind := officeDocument(zr.File); kind != "" {
			// a zip archive by its bytes; "without an accelerometer
			// file (it holds [Content_Types].xml, sheet1.xml)" left the
			// user guessing (an audit)
			return files, true, fmt.Errorf("%s: %s, not a recording: save its sheet as CSV (comma-separated, UTF-8) and give that file", p, kind)
		}
		for _, f := range zr.File {
			if !f.FileInfo().IsDir() && !phyphoxMeta(f.Name) {
				names = append(names, p+zipSep+f.Name)
				bases = append(bases, path.Base(f.Name))
			}
		}
	default:
		return files, false, nil
	}
	watch := func(base string) bool { return strings.HasPrefix(strings.ToLower(base), "watch") }
	// once the recording is picked (recSet), the files joined to it are
	// its device's: a phone's (recWatch false) or an Apple Watch's
	// (WatchAccelerometer.csv …); the other device's are left
	recSet, recWatch := false, false
	pick := func(what string, match func(base string) bool) (string, error) {
		var got, gotBase []string
		for i, n := range names { // (bases beyond names: subfolders)
			base := strings.ToLower(bases[i])
			if strings.HasPrefix(base, ".") || strings.Contains(n, "__MACOSX/") {
				continue // a macOS archive's resource forks
			}
			// (gzip-compressed: openInput reads it, and its name is
			// matched as the plain file's: Gravity.csv.gz)
			text := strings.TrimSuffix(base, ".gz")
			if (strings.HasSuffix(text, ".csv") || strings.HasSuffix(text, ".txt") || strings.HasSuffix(text, ".tsv")) && !strings.Contains(base, "uncalibrated") && match(text) {
				if recSet && watch(bases[i]) != recWatch {
					// the other device's file beside the recording (a
					// watch's gyroscope beside the phone's
					// acceleration, the phone's gyroscope off; the
					// phone's gravity beside a watch's): left, never
					// joined to it
					if !slices.Contains(files.left, bases[i]) {
						files.left = append(files.left, bases[i])
					}
					continue
				}
				got, gotBase = append(got, n), append(gotBase, bases[i])
			}
		}
		if len(got) > 1 {
			// an Apple Watch's files beside the phone's (Sensor
			// Logger's WatchAccelerometer.csv): the phone's are the
			// recording, the watch's are said to be left
			var phone, phoneBase, watchs []string
			for i, b := range gotBase {
				if watch(b) {
					watchs = append(watchs, b)
				} else {
					phone, phoneBase = append(phone, got[i]), append(phoneBase, b)
				}
			}
			if len(phone) > 0 && len(watchs) > 0 {
				files.left = append(files.left, watchs...)
				got, gotBase = phone, phoneBase
			}
		}
		if len(got) > 1 {
			return "", fmt.Errorf("%s: %d %s files (%s): give the recording itself", p, len(got), what, strings.Join(gotBase, ", "))
		}
		if len(got) == 1 {
			return got[0], nil
		}
		return "", nil
	}
	has := func(s string) func(string) bool { return func(b string) bool { return strings.Contains(b, s) } }
	setRec := func() {
		for i, n := range names {
			if n == files.rec {
				recSet, recWatch = true, watch(bases[i])
			}
		}
	}
	if files.rec, err = pick("total acceleration", has("totalacceleration")); err != nil {
		return files, true, err
	}
	setRec()
	if files.rec == "" {
		if files.rec, err = pick("accelerometer", has("accelerometer")); err != nil {
			return files, true, err
		}
		setRec()
		if files.rec != "" {
			if files.gravity, err = pick("gravity", func(b string) bool { return b == "gravity.csv" || b == "watchgravity.csv" }); err != nil {
				return files, true, err
			}
		}
	}
	if files.rec == "" {
		// a zip archive or folder of one recording (a large CSV zipped
		// to be sent, macOS's "Compress" adding __MACOSX; a folder of a
		// run.csv.gz and notes): that file
		if files.rec, err = pick("data", func(string) bool { return true }); err != nil {
			if fi.IsDir() {
				return files, true, fmt.Errorf("%s: a folder without an accelerometer file (an export's TotalAcceleration.csv, Accelerometer.csv or …Accelerometer….csv) and of more than one data file: give the recording itself (it holds %s)", p, strings.Join(firstNames(bases, 8), ", "))
			}
			members := make([]string, len(names)) // (their paths in the archive, as ARCHIVE#MEMBER names them)
			for i, n := range names {
				members[i] = strings.TrimPrefix(n, p+zipSep)
			}
			return files, true, fmt.Errorf("%s: a zip archive without an accelerometer file (an export's TotalAcceleration.csv, Accelerometer.csv or …Accelerometer….csv) and of more than one data file: give the recording itself (ARCHIVE%sMEMBER reads one member; it holds %s)", p, zipSep, strings.Join(firstNames(members, 8), ", "))
		}
		files.dir = fi.IsDir()
		if files.rec != "" {
			files.single = true
			return files, true, nil
		}
	}
	if files.rec == "" {
		kind := "a folder"
		if !fi.IsDir() {
			kind = "a zip archive"
		}
		return files, true, fmt.Errorf("%s: %s without an accelerometer file (an export's TotalAcceleration.csv, Accelerometer.csv or …Accelerometer….csv): give the recording itself (it holds %s)", p, kind, strings.Join(firstNames(bases, 8), ", "))
	}
	files.watch = recWatch
	if !recWatch {
		// the watch's accelerometer beside the phone's total
		// acceleration, not looked for among accelerometers: said too
		for _, b := range bases[:len(names)] {
			l := strings.ToLower(strings.TrimSuffix(b, ".gz"))
			if watch(b) && strings.HasSuffix(l, ".csv") && (strings.Contains(l, "accelerometer") || strings.Contains(l, "totalacceleration")) && !strings.Contains(l, "uncalibrated") && !slices.Contains(files.left, b) {
				files.left = append(files.left, b)
			}
		}
	}
	if files.gyro, err = pick("gyroscope", has("gyroscope")); err != nil {
		return files, true, err
	}
	if files.gyro != "" && !hasSamples(files.gyro) {
		// the gyroscope off while recording: an empty or header-only
		// Gyroscope.csv, not a reason to refuse the accelerometer's
		files.noGyro, files.gyro = files.gyro, ""
	}
	recSet = false // (the export's metadata, whichever device's recording)
	meta, err := pick("metadata", func(b string) bool { return b == "metadata.csv" })
	if err != nil || meta == "" {
		return files, true, nil
	}
	files.mirrored = iosMirrored(meta)
	return files, true, nil
}

// phyphoxMeta reports whether a zip member is a phyphox export's metadata
// (meta/device.csv, meta/time.csv beside the experiment's "<set
// name>.csv" files, protocols.md §6): no recording. An extracted export's
// meta folder is a subfolder, not looked into.
func phyphoxMeta(member string) bool {
	dir, base := path.Split(member)
	return path.Base(dir) == "meta" && (base == "device.csv" || base == "time.csv")
}

// iosMirrored reads a Sensor Logger export's Metadata.csv (a header and
// one row) and says why its acceleration is mirrored when its platform is
// iOS and its "standardisation" is off: Sensor Logger then writes Apple's
// Core Motion values, −1 g along the axis that points up at rest, every
// acceleration axis the negative of Android's beside the same gyroscope
// (protocols.md §4). "" otherwise, also when the file cannot be read or
// lacks either column.
func iosMirrored(name string) string {
	r, closer, err := openExportFile(name)
	if err != nil {
		return ""
	}
	defer closer()
	cr := csv.NewReader(io.LimitReader(r, 1<<16))
	cr.FieldsPerRecord = -1
	head, err1 := cr.Read()
	row, err2 := cr.Read()
	if err1 != nil || err2 != nil {
		return ""
	}
	var platform, std string
	stdSeen := false
	for i, h := range head {
		if i >= len(row) {
			break
		}
		switch h = strings.ToLower(strings.TrimSpace(h)); {
		case h == "platform":
			platform = strings.ToLower(strings.TrimSpace(row[i]))
		case strings.HasPrefix(h, "standardis") || strings.HasPrefix(h, "standardiz"):
			std, stdSeen = strings.ToLower(strings.TrimSpace(row[i])), true
		}
	}
	if platform != "ios" || !stdSeen {
		return ""
	}
	switch std {
	case "false", "0", "no", "off":
		return filepath.Base(name) + ": iOS without \"Standardise Units & Frames\""
	}
	return ""
}

// hasSamples reports whether file name (or "archive.zip#member") holds a
// line after its first: an export's file of a sensor that was off is
// empty or its header alone. A file that cannot be read has, for its
// reader to say what is wrong.
func hasSamples(name string) bool {
	r, closer, err := openExportFile(name)
	if err != nil {
		return true
	}
	defer closer()
	b, _ := io.ReadAll(io.LimitReader(r, 1<<16))
	lines := 0
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	return lines > 1
}

// openExportFile opens an export's file name (or "archive.zip#member")
// as openInput reads it, decompressed when it is gzip-compressed: a
// Gyroscope.csv.gz's lines are counted in its text, not its compressed
// bytes.
func openExportFile(name string) (io.Reader, func(), error) {
	r, closer, _, err := openInput(context.Background(), name)
	return r, closer, err
}

func firstNames(names []string, n int) []string {
	if len(names) > n {
		return append(slices.Clip(names[:n]), "…")
	}
	return names
}

// isZip reports whether file p starts with a zip archive's signature.
func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	n, _ := io.ReadFull(f, b[:])
	return n == 4 && string(b[:]) == "PK\x03\x04"
}

// isZipMember reports whether name is a member of a zip archive as
// resolveExport names them: it has a zipSep, no file has the name, and a
// part of it before a zipSep is an archive (splitZipMember). A name
// without zipSep is not looked up.
func isZipMember(name string) bool {
	if !strings.Contains(name, zipSep) {
		return false
	}
	if _, err := os.Stat(name); err == nil {
		return false
	}
	_, _, ok := splitZipMember(name)
	return ok
}

// splitZipMember splits "archive.zip#member" at the first zipSep whose
// part before it is a zip archive: an archive's path ("runs #2/x.zip")
// and a member's name ("Run #1/Gyroscope.csv") may both hold zipSep.
func splitZipMember(name string) (archive, member string, ok bool) {
	for i := 0; i < len(name); i++ {
		j := strings.Index(name[i:], zipSep)
		if j < 0 {
			break
		}
		i += j
		if isZip(name[:i]) {
			return name[:i], name[i+len(zipSep):], true
		}
	}
	return "", "", false
}

// openZipMember opens member name ("archive.zip#member") for reading
// until ctx is done.
func openZipMember(ctx context.Context, name string) (io.Reader, func(), error) {
	a, m, ok := splitZipMember(name)
	if !ok {
		return nil, nil, fmt.Errorf("%s: no zip archive in the name", name)
	}
	zr, err := zip.OpenReader(a)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", a, err)
	}
	// the member by its path in the archive, else by its file name when
	// one member alone has it ("a.csv" for "rec/a.csv")
	var member *zip.File
	var all, same []string
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if f.Name == m {
			member = f
			break
		}
		all = append(all, f.Name)
		if path.Base(f.Name) == m {
			same = append(same, f.Name)
			if len(same) == 1 {
				member = f
			}
		}
	}
	if member == nil || member.Name != m && len(same) > 1 {
		zr.Close()
		if len(same) > 1 {
			return nil, nil, fmt.Errorf("%s: %d members are named %s (%s): give one's path", a, len(same), m, strings.Join(same, ", "))
		}
		return nil, nil, fmt.Errorf("%s: no member %s (it holds %s)", a, m, strings.Join(firstNames(all, 8), ", "))
	}
	rc, err := member.Open()
	if err != nil {
		zr.Close()
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return ctxReader{ctx, rc}, func() { rc.Close(); zr.Close() }, nil
}

// officeDocument names the office document a zip archive is — an Office
// Open XML workbook, document or presentation ([Content_Types].xml and its
// xl/, word/ or ppt/ part), an OpenDocument file (META-INF/manifest.xml
// and content.xml) or an Apple Numbers document (Index/Document.iwa) — or
// returns "" for any other archive.
func officeDocument(members []*zip.File) string {
	has := map[string]bool{}
	for _, f := range members {
		has[f.Name] = true
		if dir, _, ok := strings.Cut(f.Name, "/"); ok {
			has[dir+"/"] = true
		}
	}
	switch {
	case has["[Content_Types].xml"] && has["xl/"]:
		return "an Excel workbook"
	case has["[Content_Types].xml"] && has["word/"]:
		return "a Word document"
	case has["[Content_Types].xml"] && has["ppt/"]:
		return "a PowerPoint presentation"
	case has["META-INF/manifest.xml"] && has["content.xml"]:
		return "an OpenDocument file (LibreOffice, OpenOffice)"
	case has["Index/Document.iwa"]:
		return "an Apple Numbers document"
	}
	return ""
}
