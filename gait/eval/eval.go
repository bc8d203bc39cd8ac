// Package eval scores detected foot contacts against reference contacts
// (force plate, pressure insoles, motion capture) and reads trials in the
// layout of ../shared/datasets: one folder per trial holding input.csv,
// truth.csv and meta.json.
//
// Matching rule (the datasets' README): a detected contact matches the
// nearest unmatched true contact whose initial contact lies within a quarter
// of the trial's median true step interval, at most 100 ms. The pairs are
// taken nearest first (ties: the earlier detection, then the earlier
// contact), so that the score does not depend on the direction of time and
// a detection does not lose its contact to a farther one. Only detections
// between the first and last true contacts, and inside the reference's
// walking bouts where given, are judged, and the true contacts inside them.
// For the matching both are widened by the tolerance, so that a detection
// slightly before the first contact of a bout is matched (and judged)
// rather than ignored; a detection in that margin that matches no judged
// contact is not judged.
package eval

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gaitd/gaitd/gait"
)

// Truth is one reference contact.
type Truth struct {
	// IC and FC are the initial contact and the final contact (toe-off),
	// s, on the time base of the trial's input.csv; FC is NaN when the
	// reference has none.
	IC, FC float64
	// Side is the contact's foot, SideUnknown when the reference does not
	// say.
	Side gait.Side
	// Line is the contact's line in truth.csv, 0 when it was not read
	// from one (for the notes on the file: rows written twice).
	Line int
}

// Meta is what a trial's meta.json says. Unknown fields are ignored.
type Meta struct {
	Name      string  `json:"name"`
	Placement string  `json:"placement"` // as gait.ParsePlacement reads it
	Activity  string  `json:"activity"`  // what the subject did (walking, running); not used by the scores
	Fs        float64 `json:"fs"`        // input.csv's sample rate, Hz, 0 when not given
	Speed     float64 `json:"speed"`     // m/s, 0 when unknown
	Side      string  `json:"side"`      // instrumented foot for shoe/shank
	// Bouts are the [start, end] intervals of the recording to score
	// (Options.Bouts), s on input.csv's time base; nil scores all of it.
	Bouts [][2]float64 `json:"bouts"`
	// VOmmMedian is the reference vertical oscillation, mm, nil when not
	// given; VOmm the per-step values it may be the median of, mm (see
	// VOReference).
	VOmmMedian *float64  `json:"vo_mm_median"`
	VOmm       []float64 `json:"vo_mm"`
	// SubjectHeight is meta.json's "height" (the subject's, as the
	// dataset gives it), 0 when absent; not used by the scores.
	SubjectHeight float64 `json:"height"`
	// AccUnit and GyroUnit give input.csv's units when its header and
	// data cannot ("g", "mps2", "mg", "raw:<lsb_per_g>"; "dps", "rads",
	// "raw:<lsb_per_dps>": sensor.CSVOptions), "" to detect them.
	// meta.json's common spellings are read as those, in any case
	// ("G", "m/s^2", "milli-g", "deg/s", "RAD/S": see accUnitName);
	// others are kept as written (the reader refuses them).
	AccUnit  string `json:"acc_unit"`
	GyroUnit string `json:"gyro_unit"`
}

// UnmarshalJSON reads meta.json as its own type would, except that the
// numbers fs, speed, height and vo_mm_median (keys in any case, as
// encoding/json matches them) may also be written as strings ("fs": "100",
// as spreadsheets and some exporters write them; "" reads as absent),
// bouts as objects ({"start": 1.2, "end": 9.8}, or start_s/end_s), with
// their times as strings (["12.5", "30.1"]) or as "12.5-30.1" (readBouts),
// or under a longer name ending in _bouts (walking_bouts) when there is no
// "bouts", vo_mm as one value or with its values as strings (readVO),
// and placement and side as a list of one. A string
// that is not a finite number is an error naming the field.
func (m *Meta) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// (said in Go's types before: "cannot unmarshal array into
			// Go value of type map[string]json.RawMessage"; a review)
			return fmt.Errorf("want an object of fields ({\"placement\": \"waist\", …}), not %s", clipJSON(bytes.TrimSpace(b)))
		}
		return err
	}
	for k, v := range raw {
		// the keys as encoding/json matches them: any case
		if !slices.ContainsFunc([]string{"fs", "speed", "height", "vo_mm_median"}, func(n string) bool { return strings.EqualFold(n, k) }) ||
			len(v) == 0 || v[0] != '"' {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		if s = strings.TrimSpace(s); s == "" {
			delete(raw, k)
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%q: %q is not a number", k, s)
		}
		raw[k] = json.RawMessage(strconv.FormatFloat(f, 'g', -1, 64))
	}
	for k, v := range raw {
		var one []string
		if (strings.EqualFold(k, "placement") || strings.EqualFold(k, "side")) && string(v) != "null" && json.Unmarshal(v, &one) == nil {
			// ["sacrum"]: one sensor's placement, as a list
			if len(one) != 1 {
				return fmt.Errorf("%q: %d values; one sensor's, please (one trial folder per sensor)", k, len(one))
			}
			raw[k], _ = json.Marshal(one[0])
		}
	}
	// bouts under a longer name ("walking_bouts", "gait_bouts"), when
	// there is no "bouts" and one such key
	var boutKeys []string
	for k := range raw {
		if l := strings.ToLower(k); l == "bouts" {
			boutKeys = nil
			break
		} else if strings.HasSuffix(l, "_bouts") {
			boutKeys = append(boutKeys, k)
		}
	}
	if len(boutKeys) == 1 {
		raw["bouts"] = raw[boutKeys[0]]
		delete(raw, boutKeys[0])
	}
	for k, v := range raw {
		if !strings.EqualFold(k, "bouts") {
			continue
		}
		pairs, err := readBouts(v)
		if err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		if pairs == nil {
			continue // null
		}
		for i, p := range pairs {
			// (start and end swapped: the bout held nothing, and
			// its contacts were left out without a word)
			if !(p[1] > p[0]) {
				return fmt.Errorf("%q: bout %d: its end %g s is not after its start %g s", k, i+1, p[1], p[0])
			}
		}
		raw[k], _ = json.Marshal(pairs)
	}
	for k, v := range raw {
		if !strings.EqualFold(k, "vo_mm") {
			continue
		}
		vals, err := readVO(v)
		if err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		raw[k], _ = json.Marshal(vals)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	type metaFields Meta // the same fields without this method
	if err := json.Unmarshal(b, (*metaFields)(m)); err != nil {
		return err
	}
	m.AccUnit, m.GyroUnit = accUnitName(m.AccUnit), gyroUnitName(m.GyroUnit)
	return nil
}

// unitSpelling is a unit written in lower case without blanks, with sec,
// ², ⁻², ° and the words degree and radian written as s, ^2, ^-2, deg and
// rad ("M/S²" → "m/s^2", "Degrees / sec" → "deg/s").
var unitSpelling = strings.NewReplacer(" ", "", "\t", "", "·", "", "*", "", "seconds", "s", "second", "s", "sec", "s",
	"²", "^2", "⁻²", "^-2", "⁻¹", "^-1", "°", "deg", "degrees", "deg", "degree", "deg", "radians", "rad", "radian", "rad")

// accUnitName returns meta.json's acc_unit as sensor.CSVOptions names it
// — g ("G", "g0"), mg ("mG", "milli-g": milli-g in any case, as G alone
// is g), mps2 ("m/s^2", "m/s2", "M/S²", "m s^-2", "m/sec²"),
// raw:<lsb_per_g> ("RAW: 4096") — and any other as written, for the reader
// to refuse. They were refused unless written as the flag's values
// (acc_unit "G": "unknown acceleration unit", a black-box round).
func accUnitName(u string) string {
	l := unitSpelling.Replace(strings.ToLower(strings.TrimSpace(u)))
	if n, ok := strings.CutPrefix(l, "raw:"); ok {
		return "raw:" + n
	}
	switch l {
	case "g", "gs", "g0":
		return "g"
	case "mg", "millig", "milli-g", "milli_g":
		return "mg"
	case "mps2", "m/s^2", "m/s2", "ms^-2", "ms-2", "m/s/s", "m/s**2", "ms2", "m_s2", "m_s^2", "m/s^(2)":
		return "mps2"
	}
	return u
}

// gyroUnitName is accUnitName for gyro_unit: dps ("deg/s", "°/s", "DPS",
// "degrees/sec"), rads ("rad/s", "RAD/S", "rad s^-1"), raw:<lsb_per_dps>.
func gyroUnitName(u string) string {
	l := unitSpelling.Replace(strings.ToLower(strings.TrimSpace(u)))
	if n, ok := strings.CutPrefix(l, "raw:"); ok {
		return "raw:" + n
	}
	switch l {
	case "dps", "deg/s", "degps", "deg_s", "degs^-1", "degs-1":
		return "dps"
	case "rads", "rad/s", "radps", "rad_s", "rads^-1", "rads-1":
		return "rads"
	}
	return u
}

// boutShape is the shape of meta.json's bouts, for the errors.
const boutShape = `want [[start_s, end_s], …] (or [{"start": start_s, "end": end_s}, …])`

// boutRange is a bout written as one string of two plain decimals,
// "12.5-30.1" (or with an en dash): no sign, no exponent, so the dash can
// only be the range's.
var boutRange = regexp.MustCompile(`^\s*(\d+(?:\.\d*)?|\.\d+)\s*[-–]\s*(\d+(?:\.\d*)?|\.\d+)\s*$`)

// readBouts reads meta.json's bouts: a list whose items are [start, end]
// pairs, each time a number or a string holding one ("12.5", as a
// spreadsheet exports it), a "12.5-30.1" string (boutRange), or objects
// {"start": …, "end": …} (start_s, end_s; other keys ignored); nil for
// null. A flat list of numbers ([12.5, 30.1, 40, 55]) is refused with the
// shape wanted, not paired: it may as well be every start then every end
// (a 2×n array flattened), which pairs into other bouts. Any other shape is
// an error naming the bout and the shape wanted (the decoder's "cannot
// unmarshal … metaFields.bouts" before).
func readBouts(v json.RawMessage) ([][2]float64, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, fmt.Errorf("%s, not %s", boutShape, clipJSON(v))
	}
	if items == nil {
		return nil, nil // null
	}
	pairs := make([][2]float64, 0, len(items))
	flat := 0
	for i, it := range items {
		switch it = bytes.TrimSpace(it); it[0] {
		case '[':
			var se []json.RawMessage
			if err := json.Unmarshal(it, &se); err != nil || len(se) != 2 {
				return nil, fmt.Errorf("bout %d: %s holds %d values: %s", i+1, clipJSON(it), len(se), boutShape)
			}
			var p [2]float64
			for j, x := range se {
				t, ok, err := boutTime(x)
				if err != nil {
					return nil, fmt.Errorf("bout %d: its %s %w: %s", i+1, [2]string{"start", "end"}[j], err, boutShape)
				}
				if !ok {
					// a null (Python's NaN) is no time
					return nil, fmt.Errorf("bout %d: a start and an end, not null", i+1)
				}
				p[j] = t
			}
			pairs = append(pairs, p)
		case '{':
			// {"start": …, "end": …}, other keys ignored
			var o map[string]json.RawMessage
			if err := json.Unmarshal(it, &o); err != nil {
				return nil, fmt.Errorf("bout %d: %w", i+1, err)
			}
			var se [2]float64
			for j, names := range [2][]string{{"start", "start_s"}, {"end", "end_s"}} {
				found := false
				for n, r := range o {
					if !slices.ContainsFunc(names, func(m string) bool { return strings.EqualFold(m, n) }) {
						continue
					}
					t, ok, err := boutTime(r)
					if err != nil {
						return nil, fmt.Errorf("bout %d: its %s %w: %s", i+1, n, err, boutShape)
					}
					if ok {
						se[j], found = t, true
					}
				}
				if !found {
					return nil, fmt.Errorf("bout %d: want start and end (s)", i+1)
				}
			}
			pairs = append(pairs, se)
		case '"':
			var s string
			if err := json.Unmarshal(it, &s); err != nil {
				return nil, fmt.Errorf("bout %d: %w", i+1, err)
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				flat++ // one time, not a bout
				continue
			}
			m := boutRange.FindStringSubmatch(s)
			if m == nil {
				return nil, fmt.Errorf("bout %d: %q: %s", i+1, s, boutShape)
			}
			var p [2]float64
			for j := range p {
				if p[j], _ = strconv.ParseFloat(m[j+1], 64); math.IsInf(p[j], 0) {
					return nil, fmt.Errorf("bout %d: %q: %s is not a finite time", i+1, s, m[j+1])
				}
			}
			pairs = append(pairs, p)
		case 'n', 't', 'f':
			return nil, fmt.Errorf("bout %d: %s: %s", i+1, it, boutShape)
		default:
			flat++ // a number
		}
	}
	if flat > 0 {
		return nil, fmt.Errorf("a flat list of times (%d of its %d items), not paired — start, end, start, end and every start then every end read as other bouts: %s",
			flat, len(items), boutShape)
	}
	return pairs, nil
}

// voShape is the shape of meta.json's vo_mm, for the errors.
const voShape = "want the per-step values in mm, [82.1, 80.4, …]"

// readVO reads meta.json's per-step vo_mm: a list of numbers, each may be
// a string holding one ("82.1", as vo_mm_median may be) and null or ""
// for a step without a value (read as 0, left out by VOReference), or one
// value alone (82: the trial's VO, its own median); nil for null. Another
// shape is an error saying the shape wanted (the decoder's "cannot
// unmarshal … metaFields.vo_mm" before, and the trial was not scored).
func readVO(v json.RawMessage) ([]float64, error) {
	var items []json.RawMessage
	switch t := bytes.TrimSpace(v); {
	case len(t) == 0 || string(t) == "null":
		return nil, nil
	case t[0] == '[':
		if err := json.Unmarshal(t, &items); err != nil {
			return nil, fmt.Errorf("%s, not %s", voShape, clipJSON(t))
		}
	default:
		items = []json.RawMessage{t}
	}
	vals := make([]float64, 0, len(items))
	for k, it := range items {
		var x *float64
		if json.Unmarshal(it, &x) == nil {
			if x == nil {
				vals = append(vals, 0) // null: no value for the step
			} else {
				vals = append(vals, *x)
			}
			continue
		}
		var s string
		if json.Unmarshal(it, &s) != nil {
			return nil, fmt.Errorf("%s, not %s", voShape, clipJSON(it))
		}
		if s = strings.TrimSpace(s); s == "" {
			vals = append(vals, 0)
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("value %d, %q, is not a number", k+1, s) // (which of a long list: a review)
		}
		vals = append(vals, f)
	}
	return vals, nil
}

// boutTime reads one time of a bout, s: a number, or a string holding one
// ("12.5"); false for null. Anything else, or not finite, is an error.
func boutTime(x json.RawMessage) (float64, bool, error) {
	var t *float64
	if err := json.Unmarshal(x, &t); err == nil {
		if t == nil {
			return 0, false, nil
		}
		return *t, true, nil
	}
	var s string
	if json.Unmarshal(x, &s) == nil {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true, nil
		}
	}
	return 0, false, fmt.Errorf("%s is not a number of seconds", clipJSON(x))
}

// clipJSON is a JSON value for an error message, cut to 40 bytes.
func clipJSON(v []byte) string {
	v = bytes.TrimSpace(v)
	if len(v) > 40 {
		return strings.ToValidUTF8(string(v[:37]), "") + "…"
	}
	return string(v)
}

// jsonNulls returns b with the bare tokens NaN, Infinity and -Infinity
// (outside strings) written as null.
func jsonNulls(b []byte) []byte {
	var out []byte
	inStr, esc := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		default:
			if tok := nonFinite(b[i:]); tok > 0 {
				if out == nil {
					out = append(out, b[:i]...)
				}
				out = append(out, "null"...)
				i += tok - 1
				continue
			}
		}
		if out != nil {
			out = append(out, c)
		}
	}
	if out == nil {
		return b
	}
	return out
}

// nonFinite returns the length of the NaN, Infinity or -Infinity token b
// starts with, 0 for none.
func nonFinite(b []byte) int {
	for _, tok := range []string{"-Infinity", "Infinity", "NaN"} {
		if bytes.HasPrefix(b, []byte(tok)) {
			return len(tok)
		}
	}
	return 0
}

// Trial is one folder of a dataset.
type Trial struct {
	Set   string  // parent folder name
	Name  string  // folder name
	Dir   string  // the folder's path, as given to LoadTrial
	Meta  Meta    // its meta.json
	Truth []Truth // its truth.csv, sorted by IC
	// NoIC counts truth.csv's rows skipped for an unknown IC (empty, NA,
	// NaN, null, None or -): not contacts the reference timed, but said
	NoIC int
}

// VOReference is the trial's reference vertical oscillation, mm:
// vo_mm_median, else the median of the per-step vo_mm list (its null
// entries, read as 0, left out); false when the trial gives neither.
func (m Meta) VOReference() (float64, bool) {
	if m.VOmmMedian != nil {
		return *m.VOmmMedian, true
	}
	var v []float64
	for _, x := range m.VOmm {
		if x > 0 {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0, false
	}
	sort.Float64s(v)
	return median(v), true
}

// Input returns the path of the trial's recording.
func (t *Trial) Input() string { return filepath.Join(t.Dir, "input.csv") }

// LoadTrial reads meta.json and truth.csv of one trial folder.
func LoadTrial(dir string) (*Trial, error) {
	t := &Trial{Dir: dir, Name: filepath.Base(dir), Set: filepath.Base(filepath.Dir(dir))}
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, err
	}
	if t.Meta, err = parseMeta(b); err != nil {
		sep := " " // name:line:col: as ReadTruth's name:line:
		if _, ok := err.(*metaSyntaxError); ok {
			sep = ""
		}
		return nil, fmt.Errorf("%s:%s%w", filepath.Join(dir, "meta.json"), sep, err)
	}
	f, err := os.Open(filepath.Join(dir, "truth.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t.Truth, t.NoIC, err = readTruth(f, filepath.Join(dir, "truth.csv"))
	if err != nil {
		return nil, err
	}
	if len(t.Truth) == 0 {
		return nil, fmt.Errorf("%s: no reference contacts to score against", filepath.Join(dir, "truth.csv"))
	}
	return t, nil
}

// parseMeta reads the bytes of a meta.json. A byte-order mark, which
// editors on Windows write, is not JSON; nor are Python's NaN and Infinity,
// which json.dump writes: they read as null. A JSON syntax error is a
// *metaSyntaxError that says where.
func parseMeta(b []byte) (Meta, error) {
	var m Meta
	if utf16(b) {
		return m, errors.New("UTF-16 text (save the file as UTF-8)")
	}
	text := bytes.TrimPrefix(b, []byte("\ufeff"))
	conv := jsonNulls(text)
	err := json.Unmarshal(conv, &m)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset is just past the offending byte, or the end of the
		// input. NaN and Infinity replaced by null move the columns
		// after them, not the lines.
		off := se.Offset
		if se.Error() != "unexpected end of JSON input" {
			off--
		}
		off = min(max(off, 0), int64(len(conv)))
		e := &metaSyntaxError{Line: 1 + bytes.Count(conv[:off], []byte("\n")), Err: err}
		if bytes.Equal(conv, text) {
			e.Col = int(off) - bytes.LastIndexByte(conv[:off], '\n')
		}
		return m, e
	}
	return m, err
}

// metaSyntaxError is a JSON syntax error in a meta.json at a line and,
// unless NaN or Infinity were read as null in the file, a column (bytes,
// from 1; one past the line's last byte for its end).
type metaSyntaxError struct {
	Line, Col int
	Err       error
}

func (e *metaSyntaxError) Error() string {
	if e.Col == 0 {
		return fmt.Sprintf("%d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("%d:%d: %v", e.Line, e.Col, e.Err)
}

func (e *metaSyntaxError) Unwrap() error { return e.Err }

// utf16 reports whether b starts with a UTF-16 byte-order mark (Excel's
// "Unicode Text", a Windows editor's "Unicode"): refused as input.csv's
// reader refuses it, rather than read as bytes ("no ic_s column (header
// "\xff\xfei\x00c…")", "invalid character 'ÿ'").
func utf16(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff})
}

// ReadTruth reads a truth.csv: columns ic_s, fc_s (optional) and side
// (optional), rows sorted or not (they are sorted by IC). As spreadsheets
// and analysis scripts write it, it may also be separated by semicolons or
// tabs (found from the header), hold '#' comment lines, name the columns
// ic/hs/initial_contact, fc/tc/to/toe_off/final_contact and foot/leg, give
// times in ms (a _ms or (ms) suffix: ic_ms), and write an unknown FC or
// side as NA, NaN, null, None or - (R and pandas write NA and NaN); a row
// whose IC is unknown so is skipped (not a contact the reference timed).
func ReadTruth(r io.Reader, name string) ([]Truth, error) {
	out, _, err := readTruth(r, name)
	return out, err
}

// maxTruthBytes bounds a truth.csv, read whole: 64 MiB, a million
// contacts and more.
const maxTruthBytes = 64 << 20

// readTruth is ReadTruth that also counts the rows skipped for an unknown
// IC.
func readTruth(r io.Reader, name string) (out []Truth, noIC int, err error) {
	// (a truth.csv is small: read whole, so that comment and blank lines
	// can be blanked out before the csv reader sees them and the line
	// numbers stay the file's)
	b, err := io.ReadAll(io.LimitReader(r, maxTruthBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxTruthBytes {
		// (cut at the limit before, its contacts past it silently
		// missing from the reference)
		return nil, 0, fmt.Errorf("%s: over %d MiB: not a reference's contacts (a recording?)", name, maxTruthBytes>>20)
	}
	if utf16(b) {
		return nil, 0, fmt.Errorf("%s:1: UTF-16 text (save the file as UTF-8)", name)
	}
	// a byte-order mark (Excel's "CSV UTF-8", R's fileEncoding =
	// "UTF-8-BOM") is not part of the header, quoted or not
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	lines := bytes.SplitAfter(b, []byte("\n"))
	sep, found, oneCol := ',', false, false
	for i, l := range lines {
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] == '#' {
			// a comment, indented or not: an empty line keeps the count
			lines[i] = []byte("\n")
			continue
		}
		if len(t) == 0 || found {
			continue
		}
		// the header: its most frequent of ',', ';' and tab outside
		// quotes is the separator
		found = true
		best := 0
		for _, c := range []rune{',', ';', '\t'} {
			n, inQ := 0, false
			for _, x := range t {
				switch {
				case x == '"':
					inQ = !inQ
				case rune(x) == c && !inQ:
					n++
				}
			}
			if n > best {
				best, sep = n, c
			}
		}
		// one column (IC times alone): a comma in its lines can only
		// be a decimal comma, as a European spreadsheet writes it
		oneCol = best == 0
	}
	if !found {
		return nil, 0, fmt.Errorf("%s: empty: no header (want ic_s, and fc_s and side where known)", name)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.Join(lines, nil)))
	cr.Comma = sep
	if oneCol {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("%s: header: %w", name, err)
	}
	ic, fc, side := -1, -1, -1
	icScale, fcScale := 1.0, 1.0
	for i, h := range head {
		base, scale := truthColumn(h)
		switch base {
		case "ic", "hs", "heel_strike", "initial_contact", "foot_strike", "footstrike", "fs_time":
			if ic < 0 {
				ic, icScale = i, scale
			}
		case "fc", "tc", "to", "toe_off", "final_contact", "terminal_contact", "foot_off", "footoff", "fo":
			if fc < 0 {
				fc, fcScale = i, scale
			}
		case "side", "foot", "leg", "limb":
			if side < 0 {
				side = i
			}
		}
	}
	if ic < 0 {
		// the header's own line, after the comment and blank lines
		// above it (it was said at line 1)
		hl, _ := cr.FieldPos(0)
		return nil, 0, fmt.Errorf("%s:%d: no ic_s column (header %q)", name, hl, strings.Join(head, string(sep)))
	}
	units := false // a units row under the header was skipped
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, fmt.Errorf("%s:%d: %w", name, pe.Line, pe.Err)
			}
			return nil, 0, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		t := Truth{FC: math.NaN()}
		if ic >= len(rec) {
			return nil, 0, fmt.Errorf("%s:%d: no ic_s field", name, line)
		}
		if unknown(rec[ic]) {
			noIC++
			continue
		}
		switch {
		case sep != ',' || oneCol:
			// a decimal comma ("0,358" under ';' or tabs, or alone; a
			// lone column's line may end in a bare comma)
			for i := range rec {
				if oneCol {
					rec[i] = strings.TrimRight(strings.TrimSpace(rec[i]), ",")
				}
				rec[i] = strings.Replace(rec[i], ",", ".", 1)
			}
		default:
			// under commas a comma in a cell was quoted: a decimal
			// comma ("0,358") unless it can be a thousands separator
			for _, i := range []int{ic, fc} {
				if i >= 0 && i < len(rec) && decimalComma(rec[i]) {
					rec[i] = strings.Replace(rec[i], ",", ".", 1)
				}
			}
		}
		if t.IC, err = parseTime(rec[ic]); err != nil {
			if len(out) == 0 && !units && !strings.ContainsAny(rec[ic], "0123456789") {
				// a row of units under the header ("s", "s", "")
				units = true
				continue
			}
			return nil, 0, fmt.Errorf("%s:%d: ic_s: %w", name, line, err)
		}
		t.IC *= icScale
		if fc >= 0 && fc < len(rec) && !unknown(rec[fc]) {
			if t.FC, err = parseTime(rec[fc]); err != nil {
				return nil, 0, fmt.Errorf("%s:%d: fc_s: %w", name, line, err)
			}
			t.FC *= fcScale
			if !(t.FC > t.IC) {
				return nil, 0, fmt.Errorf("%s:%d: %s %s is not after %s %s: each row is one contact, its initial then its final contact",
					name, line, strings.TrimSpace(head[fc]), strings.TrimSpace(rec[fc]), strings.TrimSpace(head[ic]), strings.TrimSpace(rec[ic]))
			}
		}
		if side >= 0 && side < len(rec) && !unknown(rec[side]) {
			switch v := strings.TrimSpace(rec[side]); strings.ToUpper(v) {
			case "L", "LEFT":
				t.Side = gait.Left
			case "R", "RIGHT":
				t.Side = gait.Right
			default:
				return nil, 0, fmt.Errorf("%s:%d: side %q: want L, R or empty", name, line, v)
			}
		}
		t.Line = line
		out = append(out, t)
	}
	// (stable: of rows at one time, the file's first stays first)
	sort.SliceStable(out, func(i, j int) bool { return out[i].IC < out[j].IC })
	return out, noIC, nil
}

// decimalComma reports whether a cell is a number with a decimal comma
// that cannot be a thousands separator: digits, one comma, then other than
// three digits, or a zero integer part ("0,358", "1,5" — not "1,000"); the
// rule the CSV reader applies to quoted cells of input.csv.
func decimalComma(cell string) bool {
	i, frac, ok := strings.Cut(strings.TrimLeft(strings.TrimSpace(cell), "+-"), ",")
	if !ok || i == "" || frac == "" || strings.Trim(i, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return false
	}
	return len(frac) != 3 || strings.Trim(i, "0") == ""
}

// truthColumn returns a truth.csv header name without its time unit, in
// lower case with '_' for blanks and '-', and the factor to seconds of that
// unit ("IC_s" → "ic", 1; "ic (ms)" → "ic", 0.001; "Side" → "side", 1).
func truthColumn(h string) (base string, scale float64) {
	n := strings.ToLower(strings.TrimSpace(h))
	n = strings.NewReplacer(" ", "_", "-", "_").Replace(n)
	scale = 1
	for _, u := range []struct {
		suffix string
		scale  float64
	}{{"_(ms)", 1e-3}, {"(ms)", 1e-3}, {"_ms", 1e-3}, {"_(s)", 1}, {"(s)", 1}, {"_s", 1}, {"_sec", 1}} {
		if strings.HasSuffix(n, u.suffix) && len(n) > len(u.suffix) {
			return n[:len(n)-len(u.suffix)], u.scale
		}
	}
	return n, scale
}

// unknown reports whether a truth.csv cell says "no value": empty, or NA,
// NaN, null, None or - as R, pandas and spreadsheets write it.
func unknown(cell string) bool {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "", "na", "nan", "null", "none", "-", "n/a":
		return true
	}
	return false
}

// parseTime reads a time in seconds; NaN and ±Inf are errors (a NaN would
// break the sorting and the matching).
func parseTime(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		// (strconv's own words, `strconv.ParseFloat: parsing "abc":
		// invalid syntax`, said more of Go than of the file)
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is out of range", strings.TrimSpace(s))
		}
		return 0, fmt.Errorf("%q is not a number", strings.TrimSpace(s))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite time", strings.TrimSpace(s))
	}
	return v, nil
}

// FindTrials returns every trial folder below root (a folder holding
// input.csv and truth.csv), sorted by path; see Scan.
func FindTrials(root string) ([]string, error) {
	dirs, _, err := Scan(root)
	return dirs, err
}

// Skipped is a folder that looks like a trial but is not one, and why; or
// a folder that could not be read (Err set: its trials, if any, are not
// scored).
type Skipped struct {
	Dir, Why string
	Err      error
}

// Scan returns the trial folders below root (each holding input.csv and
// truth.csv; the folders in a trial are searched too), sorted by path, and
// the folders that look like trials but miss a file — input.csv without
// truth.csv or the reverse, a compressed input.csv.gz, a file named in
// another case (Input.csv) — so that a set is not scored short without a
// word. Symbolic links to folders are followed, each real folder once.
func Scan(root string) ([]string, []Skipped, error) {
	var dirs []string
	var skipped []Skipped
	seen := map[string]bool{}
	// absolute before the links are resolved: a relative root resolves
	// to a relative path, a link to an absolute one, and the same folder
	// was scored twice (a review)
	realPath := func(p string) (string, error) {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		return filepath.EvalSymlinks(a)
	}
	realRoot, err := realPath(root)
	if err != nil {
		// the folder named as given ("lstat /x: …" named a system call)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("%s: %w", root, err)
	}
	var walk func(dir string) error
	walk = func(dir string) error {
		real, err := realPath(dir)
		if err != nil {
			return err
		}
		if seen[real] {
			return nil
		}
		if dir != root && (real == realRoot || strings.HasPrefix(realRoot, real+string(filepath.Separator))) {
			return nil // a link up to root or above it: not below root
		}
		seen[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil && dir != root {
			// (one folder without permission stopped the scan:
			// no trial scored; a black-box round)
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			skipped = append(skipped, Skipped{Dir: dir, Why: "cannot be read: " + err.Error(), Err: err})
			return nil
		}
		if err != nil {
			return err
		}
		files := map[string]string{} // lower-case name → name, regular files (or links to them)
		var subs, links []string     // folders, and links to folders (visited after: a trial is named by its own folder)
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			fi, err := os.Stat(p) // follows a link
			if err != nil {
				continue // a dangling link
			}
			switch {
			case fi.IsDir() && e.Type()&os.ModeSymlink != 0:
				links = append(links, p)
			case fi.IsDir():
				subs = append(subs, p)
			default:
				files[strings.ToLower(e.Name())] = e.Name()
			}
		}
		subs = append(subs, links...)
		in, tr := files["input.csv"] == "input.csv", files["truth.csv"] == "truth.csv"
		var why []string
		switch {
		case in && tr:
			// a trial; the folders in it are searched too (a retest
			// kept inside its trial, a trial beside the set's folders):
			// they were left out without a word
			dirs = append(dirs, dir)
		case files["input.csv"] != "" && !in:
			why = append(why, files["input.csv"]+": name it input.csv")
		case files["input.csv.gz"] != "":
			why = append(why, files["input.csv.gz"]+": compressed (decompress it to input.csv)")
		case tr:
			why = append(why, "truth.csv without input.csv")
		}
		switch {
		case in && tr:
		case files["truth.csv"] != "" && !tr:
			why = append(why, files["truth.csv"]+": name it truth.csv")
		case in:
			why = append(why, "input.csv without truth.csv")
		}
		if why != nil {
			skipped = append(skipped, Skipped{Dir: dir, Why: strings.Join(why, "; ")})
		}
		for _, p := range subs {
			if err := walk(p); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, nil, err
	}
	if len(dirs) == 0 {
		msg := root + ": no trial folders (with input.csv and truth.csv) found"
		if len(skipped) > 0 {
			msg += fmt.Sprintf(" (%s: %s)", skipped[0].Dir, skipped[0].Why)
		}
		return nil, skipped, errors.New(msg)
	}
	sort.Strings(dirs)
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Dir < skipped[j].Dir })
	return dirs, skipped, nil
}

// Score is the result of matching detections against the reference.
type Score struct {
	TP, FP, FN int
	// Per matched pair, detected − true, in seconds. FC and GCT errors only
	// where both sides have an FC.
	ICErr, FCErr, GCTErr []float64
	// Side agreement among matched pairs where the reference knows the
	// side: SideRight of SideJudged; a detection labelled unknown counts as
	// judged and not right, and is also counted in SideUnknown.
	SideRight, SideJudged, SideUnknown int
	// Cadence in steps/min from the judged detections and from the truth;
	// NaN when fewer than two intervals.
	Cadence, TrueCadence float64
	// Median VO of matched detections, m; NaN when none.
	VO float64
}

// Precision is TP / (TP + FP); 0 when nothing was detected although there
// was something to detect (a failed trial must not print NaN and vanish
// from a set's view), NaN when there was neither.
func (s *Score) Precision() float64 {
	if s.TP+s.FP == 0 && s.FN > 0 {
		return 0
	}
	return ratio(s.TP, s.TP+s.FP)
}

// Recall is TP / (TP + FN).
func (s *Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s *Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 || s.TP == 0 && s.FP+s.FN > 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SideAccuracy is the share of matched contacts whose side is right,
// among those whose true side is known; unlabelled detections are wrong.
func (s *Score) SideAccuracy() float64 { return ratio(s.SideRight, s.SideJudged) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Add merges o into s (pooling the errors of several trials).
func (s *Score) Add(o *Score) {
	s.TP += o.TP
	s.FP += o.FP
	s.FN += o.FN
	s.ICErr = append(s.ICErr, o.ICErr...)
	s.FCErr = append(s.FCErr, o.FCErr...)
	s.GCTErr = append(s.GCTErr, o.GCTErr...)
	s.SideRight += o.SideRight
	s.SideJudged += o.SideJudged
	s.SideUnknown += o.SideUnknown
}

// Agreement summarises paired errors: bias (mean), mean absolute error and
// Bland–Altman 95 % limits of agreement (bias ± 1.96·sd, sd with n − 1;
// NaN for a single pair), all in seconds.
type Agreement struct {
	N                 int
	Bias, MAE, SD     float64
	LoALow, LoAHigh   float64
	RMSE              float64
	MedianAbs, MaxAbs float64
}

// Agree computes the Agreement of a list of errors.
func Agree(e []float64) Agreement {
	a := Agreement{N: len(e)}
	if len(e) == 0 {
		nan := math.NaN()
		return Agreement{Bias: nan, MAE: nan, SD: nan, LoALow: nan, LoAHigh: nan, RMSE: nan, MedianAbs: nan, MaxAbs: nan}
	}
	abs := make([]float64, len(e))
	var sum, sq float64
	for i, v := range e {
		sum += v
		sq += v * v
		abs[i] = math.Abs(v)
		a.MAE += abs[i]
		a.MaxAbs = math.Max(a.MaxAbs, abs[i])
	}
	n := float64(len(e))
	a.Bias = sum / n
	a.MAE /= n
	a.RMSE = math.Sqrt(sq / n)
	a.SD = math.NaN() // one difference has no spread, nor limits of agreement
	if len(e) > 1 {
		var ss float64
		for _, v := range e {
			ss += (v - a.Bias) * (v - a.Bias)
		}
		a.SD = math.Sqrt(ss / (n - 1))
	}
	a.LoALow, a.LoAHigh = a.Bias-1.96*a.SD, a.Bias+1.96*a.SD
	sort.Float64s(abs)
	a.MedianAbs = median(abs)
	return a
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Options for Match.
type Options struct {
	// Bouts limits judging to these [start, end] intervals, s; nil judges
	// the whole span between the first and last true contacts.
	Bouts [][2]float64
	// MaxTol caps the matching tolerance, s (default 0.1).
	MaxTol float64
	// Step is the trial's median true step interval, s, when the truth
	// given to Match is not the trial's whole truth (one foot's contacts,
	// a stride apart); 0 takes it from the truth given.
	Step float64
}

// Match scores detected contacts against the truth with the datasets'
// matching rule. Both lists must be sorted by IC.
func Match(det []gait.Contact, truth []Truth, opt Options) *Score {
	s := &Score{Cadence: math.NaN(), TrueCadence: math.NaN(), VO: math.NaN()}
	if opt.MaxTol == 0 {
		opt.MaxTol = 0.1
	}
	if len(truth) == 0 {
		return s
	}
	step := opt.Step
	if step <= 0 {
		step = MedianStep(truth)
	}
	tol := math.Min(opt.MaxTol, 0.25*step)
	first, last := truth[0].IC, truth[len(truth)-1].IC
	// inside: t lies between the first and last true contacts, and in a
	// bout where given, each widened by w
	inside := func(t, w float64) bool {
		if t < first-w || t > last+w {
			return false
		}
		if len(opt.Bouts) == 0 {
			return true
		}
		for _, b := range opt.Bouts {
			if t >= b[0]-w && t <= b[1]+w {
				return true
			}
		}
		return false
	}
	// The span and bouts are judged as given (the README's rule), and
	// widened by tol for the matching only: a judged contact's detection
	// slightly outside them is matched (and judged), not ignored with the
	// contact missed. A detection there that matches no judged contact is
	// not judged. (It was judged, a false positive: mobgap's bouts end at
	// the last toe-off, and steps found just after it read as false
	// positives; and a contact there, outside the bouts, as missed.)
	judged := func(t float64) bool { return inside(t, 0) }
	candidate := func(t float64) bool { return inside(t, tol) }
	// The candidate pairs, a candidate detection and a true contact within
	// tol of it, are taken nearest first: each match is then the nearest
	// unmatched true contact of its detection, and the nearest unmatched
	// detection of its contact. (Taken in time order, an earlier detection
	// farther from a contact took it from a later, nearer one, which became
	// a false positive, and the contact the earlier one could have taken
	// was missed: the score depended on the direction of time.) Distances
	// are compared to the nanosecond: on a sampled grid (10 ms at 100 Hz)
	// equal distances differ in their last bits. Of equal distances, the
	// earlier detection, then the earlier contact, goes first: a later
	// contact is the one a later detection can still reach.
	type pair struct {
		d, t int
		ns   float64 // distance, ns
	}
	var pairs []pair
	var jdi []int // candidate detections' indices
	for i, d := range det {
		if !candidate(d.IC) {
			continue
		}
		jdi = append(jdi, i)
		j := sort.Search(len(truth), func(k int) bool { return truth[k].IC >= d.IC-tol })
		for ; j < len(truth) && truth[j].IC <= d.IC+tol; j++ {
			if dist := math.Abs(truth[j].IC - d.IC); dist <= tol {
				pairs = append(pairs, pair{i, j, math.Round(dist * 1e9)})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		p, q := pairs[a], pairs[b]
		if p.ns != q.ns {
			return p.ns < q.ns
		}
		if p.d != q.d {
			return p.d < q.d
		}
		return p.t < q.t
	})
	used := make([]bool, len(truth))
	match := make(map[int]int, len(jdi)) // detection → true contact
	for _, p := range pairs {
		if _, ok := match[p.d]; ok || used[p.t] {
			continue
		}
		used[p.t], match[p.d] = true, p.t
	}
	var jd []float64 // judged detection ICs
	var vos []float64
	for _, i := range jdi {
		d := det[i]
		best, ok := match[i]
		if !judged(d.IC) && !(ok && judged(truth[best].IC)) {
			continue // outside, and no judged contact's detection
		}
		jd = append(jd, d.IC)
		if !ok {
			s.FP++
			continue
		}
		s.TP++
		tr := truth[best]
		s.ICErr = append(s.ICErr, d.IC-tr.IC)
		if !math.IsNaN(d.FC) && !math.IsNaN(tr.FC) {
			s.FCErr = append(s.FCErr, d.FC-tr.FC)
			s.GCTErr = append(s.GCTErr, (d.FC-d.IC)-(tr.FC-tr.IC))
		}
		if tr.Side != gait.SideUnknown {
			s.SideJudged++
			switch d.Side {
			case tr.Side:
				s.SideRight++
			case gait.SideUnknown:
				s.SideUnknown++
			}
		}
		if !math.IsNaN(d.VO) && d.VO > 0 {
			vos = append(vos, d.VO)
		}
	}
	for j, u := range used {
		if !u && judged(truth[j].IC) {
			s.FN++
		}
	}
	tics := make([]float64, 0, len(truth))
	for _, t := range truth {
		if judged(t.IC) {
			tics = append(tics, t.IC)
		}
	}
	s.TrueCadence = Cadence(tics)
	s.Cadence = Cadence(jd)
	if len(vos) > 0 {
		sort.Float64s(vos)
		s.VO = median(vos)
	}
	return s
}

// Cadence returns steps per minute from sorted contact times of alternating
// feet: gait.Cadence of the intervals (60 / mean interval, ignoring
// intervals longer than 1.5 × the median: breaks between bouts). A contact
// within 1 ms of the previous one is a repeated row, not a step (a
// duplicated truth.csv row made a true cadence of −Inf). NaN when fewer
// than two intervals.
func Cadence(ics []float64) float64 {
	d := make([]float64, 0, len(ics))
	for i := 1; i < len(ics); i++ {
		if iv := ics[i] - ics[i-1]; iv > 0.001 {
			d = append(d, iv)
		}
	}
	if len(d) < 2 {
		return math.NaN()
	}
	return gait.Cadence(d)
}

// BoutSpans cuts each bout to the span of its own reference contacts:
// [first IC, last IC] of the true contacts whose IC lies in [start, end].
// A bout holding none is left out (nil when none holds one: to Match, no
// bouts, the whole trial judged; a caller says so instead). It reads the
// datasets' rule "only detections between the first and last true
// contacts are judged" per bout rather than over the whole trial: a
// reference whose bouts run on past their last listed contact (mobgap's
// walking bouts end up to 3 s after it) then does not judge the steps
// there, which it did not list.
func BoutSpans(bouts [][2]float64, truth []Truth) [][2]float64 {
	var out [][2]float64
	for _, b := range bouts {
		first, last := math.Inf(1), math.Inf(-1)
		for _, t := range truth {
			if t.IC >= b[0] && t.IC <= b[1] {
				first, last = math.Min(first, t.IC), math.Max(last, t.IC)
			}
		}
		if first <= last {
			out = append(out, [2]float64{first, last})
		}
	}
	return out
}

// MedianStep is the median interval between consecutive true ICs, s (0.4
// with fewer than two contacts: the matching tolerance's 0.1 s cap).
func MedianStep(truth []Truth) float64 {
	d := make([]float64, 0, len(truth))
	for i := 1; i < len(truth); i++ {
		// a contact within 1 ms of the previous one is a repeated row,
		// not a step (every row written twice made the median 0 and the
		// matching tolerance 0: nothing matched)
		if iv := truth[i].IC - truth[i-1].IC; iv > 0.001 {
			d = append(d, iv)
		}
	}
	if len(d) == 0 {
		return 0.4 // not enough contacts: 0.25·0.4 = 0.1 s, the cap
	}
	sort.Float64s(d)
	return median(d)
}

// Repeated counts the reference contacts within 1 ms of the previous one:
// rows written twice. The scores count them as given (each a contact to
// match), so a caller says how many there are (RepeatedLines: where).
func Repeated(truth []Truth) int {
	return len(RepeatedLines(truth))
}

// RepeatedLines returns, for each reference contact within 1 ms of the
// previous one (Repeated), its truth.csv line and that of the contact it
// repeats, the later line first; lines are 0 for contacts not read from a
// file.
func RepeatedLines(truth []Truth) [][2]int {
	var out [][2]int
	for i := 1; i < len(truth); i++ {
		if truth[i].IC-truth[i-1].IC <= 0.001 {
			a, b := truth[i].Line, truth[i-1].Line
			out = append(out, [2]int{max(a, b), min(a, b)})
		}
	}
	return out
}
