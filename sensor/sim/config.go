package sim

import (
	"fmt"
	"math"

	"github.com/gaitd/gaitd/sensor"
)

// Activity is the kind of gait simulated.
type Activity uint8

const (
	Running Activity = iota
	Walking
)

func (a Activity) String() string {
	switch a {
	case Running:
		return "running"
	case Walking:
		return "walking"
	}
	return fmt.Sprintf("Activity(%d)", uint8(a))
}

// Placement is where the simulated sensor is worn.
type Placement uint8

const (
	// Waist: lower back / sacrum, on the trunk; sees both legs' contacts.
	Waist Placement = iota
	// Shoe: on the instrumented foot (dorsum or sole); sees Side's contacts.
	Shoe
	// Shank: on the tibia of the instrumented leg; sees Side's contacts.
	Shank
)

func (p Placement) String() string {
	switch p {
	case Waist:
		return "waist"
	case Shoe:
		return "shoe"
	case Shank:
		return "shank"
	}
	return fmt.Sprintf("Placement(%d)", uint8(p))
}

// Gap is an interval without samples (a radio dropout): no sample has a
// timestamp t with Start ≤ t < Start+Dur. Both are in seconds.
type Gap struct{ Start, Dur float64 }

// Config describes a simulated recording. The zero value of most fields
// selects the default named in the field's comment. New validates the
// configuration and names the offending field in its error.
type Config struct {
	Activity  Activity
	Placement Placement

	// Duration is the length of the recording in seconds, > 0 and ≤ 48 h.
	Duration float64
	// Rate is the nominal sample rate in Hz, 25..1000; 0 means 100.
	Rate float64
	// Speed in m/s: walking 0.6–1.8, running 2–7. 0 means 1.3 (walking)
	// or 3.3 (running).
	Speed float64
	// Cadence in steps per minute, both legs. 0 derives it from speed:
	// running 150 + 6·v, walking 95 + 15·v (v in m/s). Accepted: running
	// 120–240, walking 60–150.
	Cadence float64
	// GCT is the mean ground contact time in seconds (initial contact to
	// toe-off of the same foot). 0 derives it from speed: running
	// 0.30 − 0.02·v clamped to 0.14–0.32 s; walking 61 % of the stride
	// (2 step times). Running must keep a flight phase; walking must keep
	// double support and swing.
	GCT float64
	// GCTBalance is the left share of GCT_L + GCT_R in percent, 35–65; 0
	// means 50. The left foot's mean contact time is 2·GCT·B/100 and the
	// right foot's 2·GCT·(100−B)/100. Both must still fit the step time
	// (see GCT): walking with the default GCT allows about 42.6–57.4.
	GCTBalance float64
	// ImpactAsym is the relative extra impact amplitude of right contacts
	// (0.1 = +10 %), −0.9..2. Running waist: refused where the right
	// contacts' impact bump would leave their stance peak under 1 g
	// (ImpactAsym 1 and more at high speed and cadence, downhill).
	ImpactAsym float64
	// RollAsym and YawAsym are the relative extra trunk roll (pelvic drop)
	// and yaw (rotation) amplitudes of right steps (0.3 = +30 %), −0.9..2
	// (waist only: refused for shoe and shank).
	RollAsym, YawAsym float64
	// Braking scales the fore-aft braking (1 = normal, 2 = overstriding);
	// 0 means 1. For shoe and shank it also scales the strike angle (toe-up
	// angle of the foot, forward tilt of the shank at contact) and the
	// fore-aft impact.
	Braking float64
	// Grade is the slope of the ground as rise over run (0.1 = a 10 %
	// treadmill incline, −0.1 a 10 % decline), −0.2..+0.2 (±11.3°); 0 is
	// level ground, and level output does not depend on this field. Waist
	// only (shoe and shank must be level): the ground reaction is built
	// normal and parallel to the surface and turned into the earth frame,
	// and running's impact, braking, propulsion and contact time follow
	// Gottschall & Kram (2005) — see "Waist on a grade" in the package
	// documentation for what is and is not modelled. The trunk does not
	// lean with the grade by itself: set Lean for that.
	Grade float64
	// Lean is the forward pitch of the trunk in radians (waist only:
	// refused for shoe and shank; |Lean| < 0.6). A forward lean tilts the
	// sensor's forward axis down, so the anteroposterior channel reads
	// −g0·sin(Lean) on average.
	Lean float64
	// Tilt is the rotation (roll, pitch, yaw) in radians of the sensor
	// relative to the body or segment, applied to acceleration and gyro
	// when Frame is FrameSensor (ignored for FrameAnatomical). See the
	// package documentation for the axis conventions.
	Tilt [3]float64
	// Frame selects the output frame. FrameAnatomical: index 0 vertical
	// (up), 1 anteroposterior (forward), 2 mediolateral (right), Tilt
	// ignored. FrameSensor: x, y, z of a right-handed sensor (see package
	// documentation), rotated by Tilt.
	Frame sensor.Frame
	// Axes tells which accelerometer axes carry data; all false means all
	// three. Absent axes read 0.
	Axes [3]bool
	// Gyro adds the three gyroscope axes.
	Gyro bool
	// Noise is the standard deviation of white accelerometer noise in m/s²
	// per axis; GyroNoise that of the gyroscope in rad/s.
	Noise     float64
	GyroNoise float64
	// Bias is a constant accelerometer offset in m/s², per output axis.
	Bias [3]float64
	// Jitter is the standard deviation of timestamp jitter in seconds:
	// t_k = k/Rate + e_k with e_k ~ N(0, Jitter²) clamped to ±0.45/Rate, so
	// timestamps stay strictly increasing.
	Jitter float64
	// Dropouts are intervals without samples. The motion and the truth
	// continue through them.
	Dropouts []Gap
	// ClipG saturates every accelerometer channel at ±ClipG·g0 (0 = none,
	// otherwise ≥ 1).
	ClipG float64
	// GyroClip saturates every gyroscope channel at ±GyroClip rad/s (0 =
	// none; 4.36 is a ±250 °/s part, the default range of some MEMS
	// gyroscopes).
	GyroClip float64
	// Side is the instrumented foot for shoe and shank placements, 'L' or
	// 'R'; 0 means 'L'.
	Side byte
	// StartSide is the side of the first contact, 'L' or 'R'; 0 means 'L'.
	StartSide byte
	// FatigueDrift is the fractional change over the last third of
	// Duration: contact time rises and cadence falls linearly from 0 at
	// 2/3·Duration to FatigueDrift at Duration; 0..0.5. The step time grows
	// faster than the contact (×1/(1 − F) against ×(1 + F)), so walking
	// must keep double support at the end: with the default GCT and
	// GCTBalance up to about 0.38.
	FatigueDrift float64
	// Variability is the step-to-step standard deviation of step time,
	// contact time, impact and strike angle as a fraction (draws clamped to
	// ±3 sd); 0 means 0.02, a negative value means none, at most 0.2.
	Variability float64
	// Standing is the number of seconds of quiet standing (gravity only,
	// plus noise) before gait starts; the first contact follows 50 ms later.
	Standing float64
	// AntiAlias makes each sample the mean of the clean signal over the
	// sample period that ends at its time (8 sub-samples), as an IMU's
	// output filter low-passes before its output rate (a boxcar of one
	// period: −3 dB at about 0.44·Rate). Without it samples are taken at
	// an instant, and at low rates a 20 ms impact can fall between two
	// samples. Bias, noise and clipping are applied after the mean.
	AntiAlias bool
	// Seed seeds the generators (schedule, noise, jitter).
	Seed uint64
}

const (
	maxDuration = 48 * 3600
	defRate     = 100
	maxGrade    = 0.2
)

// normalize applies defaults and validates c.
func normalize(c Config) (Config, error) {
	bad := func(field string, v any, why string) (Config, error) {
		return c, fmt.Errorf("sim: %s %v: %s", field, v, why)
	}
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	if c.Activity > Walking {
		return bad("Activity", c.Activity, "unknown activity")
	}
	if c.Placement > Shank {
		return bad("Placement", c.Placement, "unknown placement")
	}
	if c.Frame != sensor.FrameSensor && c.Frame != sensor.FrameAnatomical {
		return bad("Frame", c.Frame, "unknown frame")
	}
	if !finite(c.Duration) || c.Duration <= 0 || c.Duration > maxDuration {
		return bad("Duration", c.Duration, "must be in (0, 172800] s")
	}
	if c.Rate == 0 {
		c.Rate = defRate
	}
	if !finite(c.Rate) || c.Rate < 25 || c.Rate > 1000 {
		return bad("Rate", c.Rate, "out of range 25..1000 Hz")
	}
	run := c.Activity == Running
	if c.Speed == 0 {
		c.Speed = 3.3
		if !run {
			c.Speed = 1.3
		}
	}
	if run && !(c.Speed >= 2 && c.Speed <= 7) {
		return bad("Speed", c.Speed, "running speed out of range 2..7 m/s")
	}
	if !run && !(c.Speed >= 0.6 && c.Speed <= 1.8) {
		return bad("Speed", c.Speed, "walking speed out of range 0.6..1.8 m/s")
	}
	v := c.Speed
	if c.Cadence == 0 {
		c.Cadence = 150 + 6*v
		if !run {
			c.Cadence = 95 + 15*v
		}
	}
	if run && !(c.Cadence >= 120 && c.Cadence <= 240) {
		return bad("Cadence", c.Cadence, "running cadence out of range 120..240 steps/min")
	}
	if !run && !(c.Cadence >= 60 && c.Cadence <= 150) {
		return bad("Cadence", c.Cadence, "walking cadence out of range 60..150 steps/min")
	}
	if c.GCTBalance == 0 {
		c.GCTBalance = 50
	}
	if !(c.GCTBalance >= 35 && c.GCTBalance <= 65) {
		return bad("GCTBalance", c.GCTBalance, "out of range 35..65 %")
	}
	if !(c.FatigueDrift >= 0 && c.FatigueDrift <= 0.5) {
		return bad("FatigueDrift", c.FatigueDrift, "out of range 0..0.5")
	}
	if !(c.Grade >= -maxGrade && c.Grade <= maxGrade) {
		return bad("Grade", c.Grade, "out of range -0.2..0.2 (rise over run)")
	}
	if c.Grade != 0 && c.Placement != Waist {
		return bad("Grade", c.Grade, "slopes are modelled for the waist only")
	}
	T0 := 60 / c.Cadence
	gctFrom := "" // how GCT was derived, when it was not given
	if c.GCT == 0 {
		gctFrom = "derived from Speed"
		if !run {
			gctFrom = "derived from Cadence: 61 % of the stride"
		}
		if run {
			c.GCT = math.Min(math.Max(0.30-0.02*v, 0.14), 0.32)
			if c.Grade != 0 {
				gctFrom = "derived from Speed and Grade"
				c.GCT *= gradeContact(c.Grade, v, T0)
			}
		} else {
			c.GCT = 0.61 * 2 * T0
		}
	}
	if !finite(c.GCT) || c.GCT <= 0 {
		return bad("GCT", c.GCT, "must be > 0 s")
	}
	// badGCT names GCT for a contact time the step time cannot hold,
	// saying when it was derived and the balance it was split with.
	badGCT := func(why string) (Config, error) {
		var v any = c.GCT
		if gctFrom != "" {
			v = fmt.Sprintf("%.3f s (%s)", c.GCT, gctFrom)
		}
		if c.GCTBalance != 50 {
			why = fmt.Sprintf("with GCTBalance %v, %s", c.GCTBalance, why)
		}
		return bad("GCT", v, why)
	}
	hi := 2 * c.GCT * math.Max(c.GCTBalance, 100-c.GCTBalance) / 100
	lo := 2 * c.GCT * math.Min(c.GCTBalance, 100-c.GCTBalance) / 100
	if run {
		if hi > T0-0.03 {
			return badGCT(fmt.Sprintf("running needs a flight phase: longest side contact %.3f s, step time %.3f s", hi, T0))
		}
		if lo < 0.3*T0 {
			return badGCT(fmt.Sprintf("shortest side contact %.3f s is under 30 %% of the step time %.3f s", lo, T0))
		}
	} else {
		if lo < 1.04*T0 || hi*(1+c.FatigueDrift) > 1.85*T0 {
			return badGCT(fmt.Sprintf("walking needs double support and swing: side contacts %.3f..%.3f s, step time %.3f s", lo, hi, T0))
		}
	}
	if F := c.FatigueDrift; F > 0 {
		// At the end of the drift contact time has grown by 1 + F and the
		// step time by 1/(1 − F): the shorter side's contact must still
		// meet the bounds above, or the schedule's clamp, not the drift,
		// sets it there.
		lo1, T1 := lo*(1+F), T0/(1-F)
		if run && lo1 < 0.3*T1 {
			return bad("FatigueDrift", F, fmt.Sprintf("at the end of the drift the shortest side contact %.3f s is under 30 %% of the step time %.3f s", lo1, T1))
		}
		if !run && lo1 < 1.04*T1 {
			return bad("FatigueDrift", F, fmt.Sprintf("walking needs double support at the end of the drift: shortest side contact %.3f s, step time %.3f s", lo1, T1))
		}
	}
	if c.Braking == 0 {
		c.Braking = 1
	}
	if !(c.Braking > 0 && c.Braking <= 5) {
		return bad("Braking", c.Braking, "out of range (0, 5]")
	}
	if !(c.ImpactAsym >= -0.9 && c.ImpactAsym <= 2) {
		return bad("ImpactAsym", c.ImpactAsym, "out of range -0.9..2")
	}
	if run && c.Placement == Waist && c.ImpactAsym > 0 {
		// The running waist's stance half-sine carries what the impact
		// bump leaves of the step's vertical impulse g0·cos θ·T. Its peak,
		// the active peak, must stay above 1 g (Morin's F_max/m =
		// g0·(π/2)·T/tc is always more): a bump carrying most of the
		// impulse would leave a stance force near or below 0 g.
		ki := 1.0
		if c.Grade != 0 {
			ki, _, _ = gradeFactors(c.Grade)
		}
		_, gc := gradeAngle(c.Grade)
		bump := runImpact(v) * ki * (1 + c.ImpactAsym) * 2 * impDur / math.Pi
		tcR := 2 * c.GCT * (100 - c.GCTBalance) / 100
		if peak := (g0*gc*T0 - bump) * math.Pi / (2 * tcR); peak < g0 {
			return bad("ImpactAsym", c.ImpactAsym, fmt.Sprintf("a right contact's impact bump would take %.0f %% of the step's vertical impulse, leaving a stance peak of %.2f g (under 1 g) at %v m/s and %.1f steps/min",
				100*bump/(g0*gc*T0), peak/g0, v, c.Cadence))
		}
	}
	if !(c.RollAsym >= -0.9 && c.RollAsym <= 2) {
		return bad("RollAsym", c.RollAsym, "out of range -0.9..2")
	}
	if !(c.YawAsym >= -0.9 && c.YawAsym <= 2) {
		return bad("YawAsym", c.YawAsym, "out of range -0.9..2")
	}
	if !(math.Abs(c.Lean) < 0.6) {
		return bad("Lean", c.Lean, "out of range (-0.6, 0.6) rad")
	}
	if c.Placement != Waist {
		// the trunk's lean, roll and yaw move a waist sensor only: a
		// foot's or shank's stream was generated without them, its
		// truth as if they were asked for
		for _, f := range []struct {
			name string
			v    float64
		}{{"Lean", c.Lean}, {"RollAsym", c.RollAsym}, {"YawAsym", c.YawAsym}} {
			if f.v != 0 {
				return bad(f.name, f.v, "the trunk's motion is modelled for the waist only")
			}
		}
	}
	if !finite(c.Tilt[:]...) {
		return bad("Tilt", c.Tilt, "not finite")
	}
	if c.Axes == [3]bool{} {
		c.Axes = [3]bool{true, true, true}
	}
	if !(c.Noise >= 0) || math.IsInf(c.Noise, 0) {
		return bad("Noise", c.Noise, "must be >= 0")
	}
	if !(c.GyroNoise >= 0) || math.IsInf(c.GyroNoise, 0) {
		return bad("GyroNoise", c.GyroNoise, "must be >= 0")
	}
	if !finite(c.Bias[:]...) {
		return bad("Bias", c.Bias, "not finite")
	}
	if !(c.Jitter >= 0) || math.IsInf(c.Jitter, 0) {
		return bad("Jitter", c.Jitter, "must be >= 0")
	}
	for i, g := range c.Dropouts {
		if !finite(g.Start, g.Dur) || g.Start < 0 || g.Dur <= 0 {
			return bad(fmt.Sprintf("Dropouts[%d]", i), g, "needs Start >= 0 and Dur > 0")
		}
	}
	if c.GyroClip != 0 && !(c.GyroClip > 0 && c.GyroClip < 1e6) {
		return bad("GyroClip", c.GyroClip, "must be 0 or > 0 rad/s")
	}
	if c.ClipG != 0 && !(c.ClipG >= 1 && c.ClipG < 1e6) {
		return bad("ClipG", c.ClipG, "must be 0 or >= 1")
	}
	if c.Side == 0 {
		c.Side = 'L'
	}
	if c.Side != 'L' && c.Side != 'R' {
		return bad("Side", fmt.Sprintf("%q", c.Side), "must be 'L' or 'R'")
	}
	if c.StartSide == 0 {
		c.StartSide = 'L'
	}
	if c.StartSide != 'L' && c.StartSide != 'R' {
		return bad("StartSide", fmt.Sprintf("%q", c.StartSide), "must be 'L' or 'R'")
	}
	if c.Variability == 0 {
		c.Variability = 0.02
	}
	if !finite(c.Variability) || c.Variability > 0.2 {
		return bad("Variability", c.Variability, "must be at most 0.2 (negative disables)")
	}
	if c.Variability < 0 {
		c.Variability = -1
	}
	if !finite(c.Standing) || c.Standing < 0 {
		return bad("Standing", c.Standing, "must be >= 0 s")
	}
	return c, nil
}
