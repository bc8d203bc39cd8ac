package sensor

import (
	"slices"
	"strings"
)

// Text formats read by CSVReader, and the header rules that recognise them.
//
//	Format        Recognised by                                  Time column used         Units
//	sensorlogger  columns time and seconds_elapsed (z,y,x order,  seconds_elapsed (s)      m/s² (checked against
//	              read by name)                                                            gravity), gyro rad/s
//	phyphox       first column "Time (s)" and "… (m/s^2)" or      Time (s)                 from the header
//	              "… (rad/s)" columns; ',' or ';' with decimal ','
//	metabase      columns "epoch (ms)" and "elapsed (s)"         elapsed (s)              from the header (g, deg/s)
//	arduino       Key:value lines (Serial Plotter), or a          a time key/column if     detected
//	              headerless numeric CSV (Rate required)         any, else index / Rate
//	csv           any other delimited file with a header         see CSVReader            header hint, else detected
//
// Sensor Logger exports one file per sensor: pass the acceleration file
// that includes gravity, TotalAcceleration.csv (or Accelerometer.csv where
// it includes gravity). iOS Accelerometer.csv and phyphox "Linear
// Acceleration" have gravity removed and are rejected with ErrNoGravity,
// unless read with CSVOptions.GravityFree and joined to the gravity file
// (iOS Gravity.csv) with NewGravityMerge; orientation files are not
// recordings (ErrNotRecording), and gyroscope files are joined with
// NewGyroMerge (CSVOptions.GyroOnly).

// Format names accepted in CSVOptions.Format.
const (
	FormatAuto         = "auto"
	FormatCSV          = "csv"
	FormatSensorLogger = "sensorlogger"
	FormatPhyphox      = "phyphox"
	FormatMetaBase     = "metabase"
	FormatArduino      = "arduino"
	// FormatHyperIMU: see its declaration
)

func validFormat(f string) bool {
	switch f {
	case "", FormatAuto, FormatCSV, FormatSensorLogger, FormatPhyphox, FormatMetaBase, FormatArduino, FormatHyperIMU:
		return true
	}
	return false
}

// role is what a column carries.
type role uint8

const (
	roleNone    role = iota
	roleTime         // a time column
	roleAcc          // sensor-frame acceleration, axis 0..2 = x, y, z
	roleAccAnat      // anatomical acceleration, axis 0..2 = V, AP, ML
	roleLinAcc       // acceleration with gravity removed
	roleGyr          // sensor-frame angular rate
	roleGyrAnat      // anatomical angular rate
)

// column is a classified header name.
type column struct {
	name string // as written in the header, trimmed and unquoted
	role role
	axis int
	rank int    // lower is preferred among columns of the same role
	unit string // unit hint: s ms us ns min g mg mps2 dps rads, "other" or ""
	// mirror: acceleration in Apple Core Motion's convention, to be
	// negated (CSVStats.Mirrored)
	mirror bool
	// device is a Shimmer export's device prefix ("Shimmer_D0C4"), a
	// body location (locatedColumn) or a device before a colon
	// (deviceChannel), "" for other names: a file of several devices
	// reads one (oneDevice)
	device string
	// soft: a name read only when the header has nothing plainer — a
	// body location's or a device's channel (locatedColumn,
	// deviceChannel), not read beside acceleration or rates of no
	// device (shadowSoft); a time an app names its own way (softTimes,
	// X[s], a location's), read after a plain time of its rank — and,
	// not placed, ignored by a csv payload rather than refused: names
	// that were not read before they were known ("t,x,y,z,heel_ax",
	// "t,ax,ay,az,unix_timestamp" are read as they were)
	soft bool
}

var (
	accPrefixes = map[string]int{ // prefix → rank
		"gf": 0, // Physics Toolbox g-force: gravity included, in g
		"a":  1, "acc": 1, "accel": 1, "accl": 1, "accelerometer": 1, "acceleration": 1,
		"totalacc": 1, "totalaccel": 1, "totalacceleration": 1,
		// ShimmerCapture: "Wide Range Accelerometer X" (preferred),
		// "Low Noise Accelerometer X" (±2 g on a Shimmer3)
		"widerangeaccelerometer": 1, "lownoiseaccelerometer": 2,
		// SensorLog (iOS, watchOS): Core Motion's raw accelerometer,
		// accelerometerAccelerationX(G) — mirrored (column.mirror)
		coreMotionAcc: 1,
	}
	linPrefixes = map[string]bool{
		"lin": true, "linacc": true, "linaccel": true, "linear": true, "linearacc": true,
		"linearaccel": true, "linearacceleration": true, "la": true,
		"useracc": true, "useraccel": true, "useracceleration": true,
		"motionuseracceleration": true, // SensorLog
	}
	gyrPrefixes = map[string]bool{
		"g": true, "gyr": true, "gyro": true, "gyroscope": true, "w": true, "omega": true,
		"angvel": true, "angularvelocity": true, "rot": true, "rotationrate": true,
		"gyrorotation": true, "motionrotationrate": true, // SensorLog: raw, then bias-corrected
	}
	// anatAxes are the anatomical axes' names after an acceleration or
	// gyro prefix (acc_v, gyr_si, AccAP), or before one ("Vertical
	// acceleration"). SI (superior–inferior, cranio-caudal) is the
	// trunk literature's vertical; lat (lateral) is read only with a
	// prefix, bare it is a GPS latitude. Longitudinal is not an axis
	// here: a vehicle's forward, a body segment's long (vertical) one.
	anatAxes = map[string]int{
		"v": AxisV, "vt": AxisV, "vert": AxisV, "vertical": AxisV,
		"si": AxisV, "superiorinferior": AxisV, "inferiorsuperior": AxisV, "superoinferior": AxisV,
		"craniocaudal": AxisV, "caudocranial": AxisV, "cephalocaudal": AxisV,
		"ap": AxisAP, "fwd": AxisAP, "forward": AxisAP, "anteroposterior": AxisAP,
		"anteriorposterior": AxisAP, "antpost": AxisAP, "posteroanterior": AxisAP,
		"ml": AxisML, "mediolateral": AxisML, "mediallateral": AxisML, "lateromedial": AxisML,
		"lateral": AxisML, "lat": AxisML,
	}
	// bareAnat are the anatomical axes' names read without a prefix, as
	// bare x, y, z are (rankBareAnat): anatAxes but lat. v and si are
	// also a velocity, a voltage, a speed index: read bare only beside
	// another anatomical acceleration column (t,v,ap) or with an
	// acceleration or rate unit, "v (g)" (rankWeakAnat).
	bareAnat = func() map[string]int {
		m := make(map[string]int, len(anatAxes))
		for k, ax := range anatAxes {
			if k != "lat" {
				m[k] = ax
			}
		}
		return m
	}()
	// anatSuffixes are anatAxes' keys, longest first: a name is matched
	// the same way whatever the map's order
	anatSuffixes = func() []string {
		ks := make([]string, 0, len(anatAxes))
		for k := range anatAxes {
			ks = append(ks, k)
		}
		slices.SortFunc(ks, func(a, b string) int {
			if len(a) != len(b) {
				return len(b) - len(a)
			}
			return strings.Compare(a, b)
		})
		return ks
	}()
	// softTimes are timeNames' apps' own names, read after a plain time
	// name of their rank (column.soft)
	softTimes = map[string]bool{
		"unixtimestamp": true, "epochtime": true, "datetime": true, "sensortimestamp": true,
		"phonetimestamp": true, "chiptime": true, "timesincestart": true, "timesincestartinms": true,
	}
	timeNames = map[string]string{ // compact name → implied unit
		"t": "", "time": "", "timestamp": "", "ts": "", "epoch": "", "unix": "", "unixtime": "",
		"secondselapsed": "s", "elapsed": "s", "elapsedtime": "s", "sec": "s", "seconds": "s",
		"millis": "ms", "ms": "ms", "micros": "us", "us": "us", "nanos": "ns",
		"unixtimestamp": "", "epochtime": "", "datetime": "",
		// Polar Sensor Logger: "sensor timestamp [ns]", the sensor's
		// clock, and "Phone timestamp", the phone's as each Bluetooth
		// packet came (rank 3: read without the sensor's)
		"sensortimestamp": "", "phonetimestamp": "",
		// WitMotion's PC software: the sensor's clock, a date and time
		"chiptime": "",
		// AndroSensor: "Time since start in ms "
		"timesincestart": "", "timesincestartinms": "ms",
		// Xsens/Movella: ticks of 100 µs (MT Manager) or µs (DOT), told
		// apart by their step (fineUnit)
		"sampletimefine": "fine",
		// SensorLog: its accelerometer's clock (the gyroscope's and
		// device motion's beside it are not read)
		"accelerometertimestampsincereboot": "s",
		// and device motion's, read after the accelerometer's (rank 3):
		// the clock of a file of device motion alone
		"motiontimestampsincereboot": "s",
	}
	// suffixUnits are unit suffixes on a bare name, as in time_ms or gx_dps.
	// The two-part ones come first: gx_rad_s must not lose just its _s.
	suffixUnits = []string{"_rad_s", "_deg_s", "_m_s2", "_mps2", "_ms2", "_rads", "_dps", "_rad", "_deg", "_ms", "_us", "_ns", "_mg", "_min", "_s", "_g"}
)

// coreMotionAcc is the prefix of SensorLog's raw accelerometer columns,
// accelerometerAccelerationX(G): Apple Core Motion reads −1 g along the
// axis that points up at rest, the negative of other accelerometers,
// beside a right-handed gyroscope (gyroRotationX).
const coreMotionAcc = "accelerometeracceleration"

// classifyColumn maps a header name to its role, axis and unit hint.
//
// A unit in parentheses or brackets, or a suffix _s _ms _us _ns _g _mg
// _mps2 _ms2 _m_s2 _dps _rads _rad _rad_s _deg _deg_s, is split off; the rest is lower-cased and stripped of
// blanks, '_', '-' and '.', then matched:
//   - a device, a colon and its channel (Delsys: "Sensor 1: ACC.X 1 [g]")
//     is classified as the channel without its numbers and tags, "ACC X
//     (g)", the device kept (deviceChannel); "X[s]", a plot's x axis in a
//     unit of time, is a time column (Delsys's before each channel);
//   - time: t time timestamp ts epoch unix seconds_elapsed elapsed sec
//     seconds millis ms micros us nanos (millis, micros imply their unit),
//     unix_timestamp epochtime datetime, Polar Sensor Logger's "sensor
//     timestamp [ns]" (its "Phone timestamp" ranked after it), WitMotion's
//     ChipTime, AndroSensor's "Time since start in ms"; a t with a
//     temperature's unit, T(°), T (°C), is a temperature, and with an
//     acceleration's, t_g, none (with another, "t (UTC)", a time);
//   - acceleration: a prefix a acc accel accl accelerometer acceleration
//     totalacc gf (Physics Toolbox, g) before or after the axis x, y or z
//     (ax, acc_x, AccelX, x_accel, gFx, "Acceleration x (m/s^2)"); a bare
//     x, y, z or x-axis is acceleration unless its unit is deg/s or rad/s;
//   - linear acceleration (gravity removed): lin linacc linear
//     linearacceleration la useracc … (gives ErrNoGravity);
//   - angular rate: g gyr gyro gyroscope w omega angvel rot rotationrate
//     with the axis (gx, gyr_x, gyro_x, GyroX, wx, g_x, "Gyroscope x
//     (rad/s)"), or a bare axis with a deg/s or rad/s unit;
//   - anatomical: an acceleration or gyro prefix, before or after the
//     axis, with v (vt, vert, vertical; si, superior-inferior,
//     inferior-superior, cranio-caudal: the trunk literature's
//     vertical), ap (fwd, forward, anteroposterior, anterior-posterior,
//     antpost) or ml (mediolateral, lateral, lat): acc_v, acc_ap,
//     acc_ml, gyr_v, gyr_ap, gyr_ml, acc_forward, acc_si, AccAP,
//     "Vertical acceleration (g)";
//   - a bare anatomical axis (vertical, VT, AP, ML, SI, forward,
//     anteroposterior …, not lat: a latitude) is acceleration unless its
//     unit is deg/s or rad/s, as a bare x is, and neither with another
//     unit ("v (m/s)"); it ranks after sensor-frame columns and prefixed
//     anatomical ones (read only without them), and a bare v or si
//     without a unit — a velocity, a voltage — only beside another
//     anatomical acceleration column (t,v,ap; placeColumns).
//
// A name not known otherwise may carry a body location and side before or
// after it (locations): L_Shank_Acc_X, LeftShankAccX, acc_x_shank,
// "Lumbar Accelerometer X" are acc x of that device (a file of several
// sensors reads one, oneDevice); what is left must not be a bare axis.
// Such channels, and a device's before a colon, are not read beside
// acceleration or rates of no device (shadowSoft).
//
// A sensor axis with an anatomical axis's name in parentheses, "Z
// (vertical)", "Acc_X (AP)", is that anatomical axis.
//
// Longitudinal names no axis (a vehicle's forward, a segment's long axis).
func classifyColumn(name string) column {
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), `"'`))
	if c, ok := shimmerColumn(name); ok {
		return c
	}
	c := column{name: name}
	base, unit := splitUnit(name)
	if i := strings.LastIndexByte(base, ':'); i > 0 {
		if c, ok := deviceChannel(name, base[:i], base[i+1:], unit); ok {
			return c
		}
	}
	bracketed := unit != ""
	if ax, ok := anatAxes[compact(strings.ToLower(unit))]; ok && normUnit(unit) == "other" {
		// "Z (vertical)", "Acc_X (AP)": a sensor axis the header says
		// is an anatomical one
		switch b := classifyColumn(base); b.role {
		case roleAcc:
			b.role, b.axis, b.name = roleAccAnat, ax, name
			return b
		case roleGyr:
			b.role, b.axis, b.name = roleGyrAnat, ax, name
			return b
		}
	}
	lower := strings.ToLower(strings.TrimSpace(base))
	if unit == "" {
		for _, s := range suffixUnits {
			if len(lower) > len(s) && strings.HasSuffix(lower, s) {
				unit = s[1:]
				lower = lower[:len(lower)-len(s)]
				break
			}
		}
	}
	c.unit = normUnit(unit)
	key := compact(lower)
	if key == "" {
		return c
	}
	if key == "x" && bracketed && timeDiv(c.unit) != 0 {
		// "X[s]": a plot's x axis in a unit of time, Delsys EMGworks'
		// and Trigno Discover's time column before each channel
		c.role, c.rank, c.soft = roleTime, 1, true
		return c
	}
	if key == "t" && temperatureUnit(unit) {
		// T(°), T (°C): a temperature (WitMotion's PC software). Not
		// any unit but time's: "t (UTC)", "t (epoch)", "T (local)" are
		// times, read before as the others
		return c
	}
	if l := classifyKey(c, key); l.role != roleNone {
		return l
	}
	// a body location before or after a name: L_Shank_Acc_X,
	// LeftShankAccX, acc_x_shank, "Lumbar Accelerometer X"
	return locatedColumn(c, key)
}

// classifyKey classifies a compact lower-case name key, its unit hint in
// c.unit (classifyColumn).
func classifyKey(c column, key string) column {
	if u, ok := timeNames[key]; ok {
		c.soft = softTimes[key]
		switch c.unit {
		case "g", "mg", "mps2", "dps", "rads":
			// t_g: a unit of acceleration or rate is no time's
			// (a temperature's, T(°): classifyColumn)
			if key == "t" {
				return c
			}
		}
		c.role = roleTime
		if c.unit == "" {
			c.unit = u
		}
		switch {
		case strings.Contains(key, "elapsed"):
			c.rank = 0
		case key == "motiontimestampsincereboot" || key == "phonetimestamp":
			c.rank = 3
		case key == "t" || c.unit == "s" || key == "chiptime":
			// (WitMotion's ChipTime before its Time, the PC's clock
			// as lines came)
			c.rank = 1
		default:
			c.rank = 2
		}
		return c
	}

	// Anatomical axes: acc_v, acc_ap, gyr_ml …, and with the prefix
	// after the axis, "Vertical acceleration", ap_acc, si_gyro
	for _, suf := range anatSuffixes {
		if p, ok := strings.CutSuffix(key, suf); ok && p != "" {
			if a, ok := anatPrefixed(c, p, anatAxes[suf]); ok {
				return a
			}
		}
	}
	for _, pre := range anatSuffixes {
		// (a one- or two-letter prefix after the axis, vg, apa, is no
		// name of an axis's acceleration)
		if p, ok := strings.CutPrefix(key, pre); ok && len(p) >= 3 {
			if a, ok := anatPrefixed(c, p, anatAxes[pre]); ok {
				return a
			}
		}
	}
	// A bare anatomical axis, as a bare x: its unit tells acceleration
	// from angular rate; another unit (a velocity's m/s, a voltage's V)
	// is neither
	if ax, ok := bareAnat[key]; ok {
		switch c.unit {
		case "":
			c.role, c.axis, c.rank = roleAccAnat, ax, rankBareAnat
			if key == "v" || key == "si" {
				c.rank = rankWeakAnat
			}
		case "g", "mg", "mps2":
			c.role, c.axis, c.rank = roleAccAnat, ax, rankBareAnat
		case "dps", "rads":
			c.role, c.axis, c.rank = roleGyrAnat, ax, rankBareAnat
		}
		return c
	}

	// Sensor axes: ax, acc_x, AccelX, gFx, x_accel, x-axis, x …
	var prefix string
	axis := -1
	switch {
	case len(key) == 1 && isAxis(key[0]):
		axis = int(key[0] - 'x')
	case len(key) == 5 && isAxis(key[0]) && key[1:] == "axis":
		axis = int(key[0] - 'x')
	case isAxis(key[len(key)-1]):
		prefix, axis = key[:len(key)-1], int(key[len(key)-1]-'x')
	case len(key) > 2 && isAxis(key[0]):
		prefix, axis = key[1:], int(key[0]-'x') // x_accel, x_gyro
		if len(prefix) < 3 {
			return c
		}
	default:
		return c
	}
	c.axis = axis
	switch {
	case prefix == "":
		// A bare axis name: its unit tells acceleration from angular rate.
		switch c.unit {
		case "", "g", "mg", "mps2":
			c.role, c.rank = roleAcc, 2
		case "dps", "rads":
			c.role, c.rank = roleGyr, 2
		}
	case linPrefixes[prefix]:
		c.role, c.rank = roleLinAcc, 3
		c.unit = keepUnit(c.unit, "g", "mg", "mps2")
	case gyrPrefixes[prefix]:
		c.role = roleGyr
		c.unit = keepUnit(c.unit, "dps", "rads")
	default:
		r, ok := accPrefixes[prefix]
		if !ok {
			return c
		}
		c.role, c.rank = roleAcc, r
		c.unit = keepUnit(c.unit, "g", "mg", "mps2")
		c.mirror = prefix == coreMotionAcc
		if prefix == "gf" && c.unit == "" {
			c.unit = "g"
		}
	}
	return c
}

// temperatureUnit reports whether a unit hint names a temperature's unit:
// a degree sign (°, °C, ºC), C, F, K, degC, degF, Celsius, Fahrenheit,
// Kelvin.
func temperatureUnit(u string) bool {
	if strings.ContainsAny(u, "°º") || strings.Contains(u, "\xb0") {
		return true
	}
	switch compact(strings.ToLower(u)) {
	case "c", "f", "k", "degc", "degf", "degreesc", "degreesf", "celsius", "fahrenheit", "kelvin":
		return true
	}
	return false
}

// anatPrefixed classifies c as anatomical axis ax when p, the rest of its
// name, is an acceleration or angular-rate prefix (acc, gyr …; not Core
// Motion's mirrored one); ok is false otherwise.
func anatPrefixed(c column, p string, ax int) (column, bool) {
	if _, ok := accPrefixes[p]; ok && p != coreMotionAcc {
		c.role, c.axis = roleAccAnat, ax
		c.unit = keepUnit(c.unit, "g", "mg", "mps2")
		return c, true
	}
	if gyrPrefixes[p] {
		c.role, c.axis = roleGyrAnat, ax
		c.unit = keepUnit(c.unit, "dps", "rads")
		return c, true
	}
	return c, false
}

// deviceChannel classifies a channel named after its device and a colon,
// as Delsys EMGworks and Trigno Discover name a sensor's channels: "Sensor
// 1: ACC.X 1 [g]", "Trigno IM sensor 1: Acc 1.X (IM) [g]", "Avanti sensor
// 1: GYRO Y (deg/s)". The channel's numbers and parenthesised tags are left
// out ("ACC X", "Acc X"); the device (its name before the colon) keeps one
// sensor's channels of a file of several (oneDevice). ok is false when the
// channel is no acceleration or angular rate (EMG 1: not read, as other
// names).
func deviceChannel(name, dev, ch, unit string) (c column, ok bool) {
	for {
		i := strings.IndexByte(ch, '(')
		j := strings.IndexByte(ch, ')')
		if i < 0 || j < i {
			break
		}
		ch = ch[:i] + " " + ch[j+1:]
	}
	var kept []string
	for _, f := range strings.Fields(strings.ReplaceAll(ch, ".", " ")) {
		if strings.Trim(f, "0123456789") != "" {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return c, false
	}
	n := strings.Join(kept, " ")
	if unit != "" {
		n += " (" + unit + ")"
	}
	if strings.ContainsRune(n, ':') {
		return c, false
	}
	c = classifyColumn(n)
	switch c.role {
	case roleAcc, roleGyr, roleAccAnat, roleGyrAnat:
	default:
		return c, false
	}
	c.name, c.device, c.soft = name, strings.TrimSpace(dev), true
	return c, true
}

// locations are the body locations (and sides) a column's name may carry
// before or after its channel's name, as lab exports of several sensors
// write them (compact, lower case).
// Longest first: "lumbar" is not "l" and "umbar".
var locations = func() []string {
	l := []string{
		"left", "right", "lt", "rt", "l", "r",
		"shank", "shin", "tibia", "tibial", "lowerleg", "leg", "thigh", "foot", "shoe", "ankle", "heel", "toe",
		"pelvis", "pelvic", "sacrum", "sacral", "lumbar", "lowerback", "back", "trunk", "waist", "hip", "chest", "sternum", "torso",
		"wrist", "arm", "head", "imu", "sensor",
	}
	slices.SortStableFunc(l, func(a, b string) int { return len(b) - len(a) })
	return l
}()

// locatedColumn classifies a name key that classifyKey does not know as
// the name left when body locations (locations) are taken off its start,
// its end, or both — "lshankaccx" is acc x of device "lshank" — so that
// a file of several sensors reads one (oneDevice). What is left must be a
// prefixed name (acc x, gyr v, time), not a bare axis: "rx" is no right
// x acceleration; and a side alone is read only before or after a name
// of three letters or more, not a time's: "rax", "gyr", "rms" are words.
func locatedColumn(c column, key string) column {
	strip := func(k string, front bool) (rest, loc string) {
		rest = k
		for {
			found := false
			for _, w := range locations {
				if len(w) >= len(rest) {
					continue
				}
				if front && strings.HasPrefix(rest, w) {
					rest, found = rest[len(w):], true
				} else if !front && strings.HasSuffix(rest, w) {
					rest, found = rest[:len(rest)-len(w)], true
				}
				if found {
					break
				}
			}
			switch {
			case found:
			case front:
				return rest, k[:len(k)-len(rest)]
			default:
				return rest, k[len(rest):]
			}
		}
	}
	front, floc := strip(key, true)
	back, bloc := strip(key, false)
	both, _ := strip(front, false)
	for _, try := range [...]struct{ rest, dev string }{{front, floc}, {back, bloc}, {both, key[:len(key)-len(front)] + key[len(key)-(len(front)-len(both)):]}} {
		if try.rest == key || try.rest == "" || bareName(try.rest) {
			continue
		}
		l := classifyKey(c, try.rest)
		if l.role == roleNone || l.role == roleLinAcc {
			continue
		}
		if len(try.dev) < 3 && (len(try.rest) < 3 || l.role == roleTime) {
			// a side alone (l, r, lt, rt) before or after two
			// letters, or a time's name: a word, no location —
			// "rax", "lgx", "gyr" (gy and r), "rms" (r and ms),
			// "timer"
			continue
		}
		l.soft = true
		if l.role != roleTime {
			// (a time column is every device's: not dropped with
			// another device's channels)
			l.device = try.dev
		}
		return l
	}
	return c
}

// bareName reports whether key is a bare axis: x, x-axis, an anatomical
// axis's name alone.
func bareName(key string) bool {
	_, anat := bareAnat[key]
	return anat || len(key) == 1 || len(key) == 5 && isAxis(key[0]) && key[1:] == "axis"
}

// shimmerTokens are the channels of a Shimmer export (Consensys,
// ShimmerCapture) gaitd reads: DEVICE_SENSOR[_AXIS][_CAL|_RAW|_UNCAL], as
// Shimmer_D0C4_Accel_WR_X_CAL. The wide-range accelerometer is preferred
// to the low-noise one (±2 g on a Shimmer3: a runner's impacts saturate
// it); CAL timestamps are ms, Timestamp_Unix Unix time.
var shimmerTokens = []struct {
	tok  string
	role role
	rank int
	unit string
}{
	{"_timestamp_unix", roleTime, 2, "ms"},
	{"_timestamp", roleTime, 1, "ms"},
	{"_accel_wr_", roleAcc, 0, ""},
	{"_accel_ln_", roleAcc, 1, ""},
	{"_accel_", roleAcc, 1, ""},
	{"_gyro_", roleGyr, 0, ""},
}

// shimmerColumn maps a Shimmer export's column name (shimmerTokens): one
// with a _CAL, _RAW or _UNCAL suffix, a "Shimmer" device prefix or a
// low-noise or wide-range accelerometer's name. A raw or uncalibrated
// channel (ADC counts) is not read, but for an accelerometer's when no
// calibrated one is there (rawRank); other names of such a file (Mag,
// Pressure, Battery …) are not read either. ok is false for names that
// are not a Shimmer export's.
func shimmerColumn(name string) (c column, ok bool) {
	l := strings.ToLower(name)
	c = column{name: name}
	raw, marked := false, true
	switch {
	case strings.HasSuffix(l, "_cal"):
		l = l[:len(l)-4]
	case strings.HasSuffix(l, "_raw"):
		l, raw = l[:len(l)-4], true
	case strings.HasSuffix(l, "_uncal"):
		l, raw = l[:len(l)-6], true
	default:
		marked = strings.HasPrefix(l, "shimmer_") || strings.Contains(l, "_accel_ln_") || strings.Contains(l, "_accel_wr_")
	}
	if !marked {
		return c, false
	}
	for _, t := range shimmerTokens {
		i := strings.LastIndex(l, t.tok)
		if i <= 0 {
			continue
		}
		rest := l[i+len(t.tok):]
		switch {
		case t.role == roleTime && rest != "":
			continue
		case t.role != roleTime:
			if len(rest) != 1 || !isAxis(rest[0]) {
				continue
			}
			c.axis = int(rest[0] - 'x')
		}
		switch {
		case !raw:
			c.role, c.rank, c.unit = t.role, t.rank, t.unit
		case t.role == roleAcc:
			// an accelerometer's ADC counts: read only when no
			// calibrated channel is there (placeColumns takes the
			// best rank), in a unit found from gravity or given as
			// raw:<LSB per g>, as a units row's RAW column is. Raw
			// rates and times stay unread: nothing would tell their
			// scale
			c.role, c.rank = t.role, t.rank+rawRank
		}
		if i <= len(name) {
			c.device = name[:i]
		}
		return c, true
	}
	// a Shimmer device's other channels are not read; a suffixed name of
	// another kind (acc_x_raw) is left to the general rules
	return c, strings.HasPrefix(l, "shimmer_")
}

// Ranks of bare anatomical names (bareAnat): such a column is read only
// when the header names no sensor-frame acceleration (x, acc_x …) nor a
// prefixed anatomical column of its axis; a weak one (v, si without a
// unit) only beside another anatomical acceleration column, which says
// the file's columns are anatomical axes (placeColumns). Both are past
// rawRank: one not placed is ignored, not refused, by a csv payload's
// header (csvMap.read: "t,ax,ay,az,v", a v that is a voltage, was read
// before bare anatomical names were, and still is).
const (
	rankBareAnat = rawRank + 2
	rankWeakAnat = rawRank + 3
)

// rawRank is added to the rank of a Shimmer accelerometer's _RAW or
// _UNCAL column: after every calibrated one.
const rawRank = 10

func isAxis(b byte) bool { return b == 'x' || b == 'y' || b == 'z' }

// keepUnit returns u if it is one of ok, else "".
func keepUnit(u string, ok ...string) string {
	for _, o := range ok {
		if u == o {
			return u
		}
	}
	return ""
}

// splitUnit splits "Acceleration x (m/s^2)" into "Acceleration x" and
// "m/s^2"; brackets work too.
func splitUnit(s string) (base, unit string) {
	for _, p := range [...][2]byte{{'(', ')'}, {'[', ']'}} {
		if strings.HasSuffix(s, string(p[1])) {
			if i := strings.LastIndexByte(s, p[0]); i >= 0 {
				return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : len(s)-1])
			}
		}
	}
	return s, ""
}

func compact(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '_', '-', '.', '"', '\'', '\t':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normUnit normalises a unit hint.
func normUnit(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if strings.ContainsAny(u, "()") {
		u = strings.NewReplacer("(", "", ")", "").Replace(u) // Shimmer's m/(s^2)
	}
	switch u {
	case "":
		return ""
	case "min", "mins", "minute", "minutes":
		return "min"
	case "s", "sec", "secs", "second", "seconds":
		return "s"
	case "ms", "msec", "msecs", "millis", "millisecond", "milliseconds":
		return "ms"
	case "us", "µs", "μs", "usec", "micros", "microsecond", "microseconds":
		return "us"
	case "ns", "nsec", "nanos", "nanosecond", "nanoseconds":
		return "ns"
	case "g", "gs", "g0":
		return "g"
	case "mg", "milli-g":
		return "mg"
	case "m/s^2", "m/s²", "m/s2", "ms^-2", "ms-2", "m s^-2", "m*s^-2", "mps2", "m/s/s", "m/sec^2", "m/s**2", "ms2", "m_s2":
		return "mps2"
	case "dps", "deg_s", "deg": // the last two from gx_deg_s, gx_deg
		return "dps"
	case "rads", "rad_s", "rad":
		return "rads"
	}
	perSecond := strings.Contains(u, "/s") || strings.HasSuffix(u, "ps") || strings.Contains(u, "s^-1") || strings.Contains(u, "s-1")
	switch {
	case perSecond && strings.Contains(u, "rad"):
		return "rads"
	case perSecond && (strings.Contains(u, "deg") || strings.Contains(u, "°") || strings.Contains(u, "\xb0")):
		return "dps"
	}
	return "other"
}

// sniffFormat names the app that wrote a header, or FormatCSV.
func sniffFormat(names []string) string {
	has := func(n string) bool {
		for _, s := range names {
			if s == n {
				return true
			}
		}
		return false
	}
	anatomical := func() bool {
		for _, n := range names {
			if r := classifyColumn(n).role; r == roleAccAnat || r == roleGyrAnat {
				return true
			}
		}
		return false
	}
	switch {
	case has("seconds_elapsed") && has("time") && !anatomical():
		// (its time columns kept beside anatomical axes computed from
		// its export are no file of Sensor Logger's, which writes z,y,x
		// in m/s²: their unit is detected)
		return FormatSensorLogger
	case has("epoch (ms)") && has("elapsed (s)"):
		return FormatMetaBase
	case len(names) > 0 && names[0] == "Time (s)" && !anatomical():
		// (phyphox names sensor axes: "Time (s),Vertical (m/s^2)" is
		// another tool's export of anatomical axes)
		for _, n := range names[1:] {
			if strings.HasSuffix(n, "(m/s^2)") || strings.HasSuffix(n, "(rad/s)") {
				return FormatPhyphox
			}
		}
	}
	return FormatCSV
}

// formatWant describes what a format's header looks like, for errors.
var formatWant = map[string]string{
	FormatSensorLogger: "want a Sensor Logger header: time,seconds_elapsed,z,y,x",
	FormatPhyphox:      `want a phyphox header: "Time (s)","Acceleration x (m/s^2)",…`,
	FormatMetaBase:     "want a MetaBase header: epoch (ms),time (…),elapsed (s),x-axis (g),…",
	FormatArduino:      "want Key:value lines, a headerless numeric CSV or a plain CSV header",
	FormatHyperIMU:     "want headerless numeric packets (or a plain CSV header)",
	FormatCSV:          "want a delimited file (Key:value lines are format arduino)",
}
