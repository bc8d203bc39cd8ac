// Package gait finds foot contacts in a stream of IMU samples and turns them
// into running and walking metrics: cadence, ground-contact time (GCT),
// flight time, vertical oscillation (VO), duty factor and left/right balance.
//
// The Engine is plain synchronous code: samples are pushed in one at a time
// and contacts come out at most one stride after they happened, so the same
// code serves a live sensor and a file replay with identical results.
// Summary accumulates contacts into a run report, like hash.Hash: Add
// accumulates, Report reads without changing state.
//
// Definitions (gait-methods.md §1): a step is the interval from the initial
// contact (IC) of one foot to the IC of the other; a stride is two steps. GCT
// is the time from IC to final contact (FC, toe-off) of the same foot; flight
// time is step time minus GCT; duty factor is GCT / stride time.
package gait

import (
	"fmt"
	"strings"
	"unicode"
)

// Placement is where the sensor is worn.
type Placement uint8

const (
	// Waist covers belt, sacrum and lower back sensors.
	Waist Placement = iota
	// Shoe is a foot pod on the laces, heel or in the sole.
	Shoe
	// Shank is a sensor on the ankle or tibia.
	Shank
)

// ParsePlacement reads "waist" (also "sacrum", "lowerback", "pelvis",
// "belt", "trunk", "l5", "hip"), "shoe" (also "foot", "instep", "heel") or
// "shank" (also "ankle", "tibia", "lowerleg", "leg"), case-insensitive, and
// the longer names datasets write ("lower back", "Lumbar L4/L5",
// "right_shank", "LeftFoot", "dorsal foot", "back of shoe") by their words:
// a name is read when its words name one placement — a word of a segment
// (shoe, foot, heel, shank, tibia, ankle, sacrum, lumbar, pelvis …) before
// a word that only suggests one (back, hip, trunk, leg, belt) — and refused
// when they name none, two, or another segment (upper, thigh, knee, chest,
// arm, wrist, head, neck, shoulder).
func ParsePlacement(s string) (Placement, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	switch strings.NewReplacer("-", "_", " ", "_").Replace(n) {
	case "waist", "sacrum", "sacral", "lowerback", "lower_back", "pelvis", "belt", "trunk", "l5", "hip", "back":
		return Waist, nil
	case "shoe", "foot", "instep", "heel", "foot_pod", "footpod":
		return Shoe, nil
	case "shank", "ankle", "tibia", "lowerleg", "lower_leg", "leg", "shin":
		return Shank, nil
	}
	bad := fmt.Errorf("unknown placement %q (want waist, shoe or shank)", s)
	var strong, weak [3]bool
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		// "rightshank", "footleft": the side is not part of the segment
		for _, side := range []string{"left", "right"} {
			if t := strings.TrimPrefix(w, side); t != w && t != "" {
				w = t
			} else if t := strings.TrimSuffix(w, side); t != w && t != "" {
				w = t
			}
		}
		switch w {
		case "upper", "thigh", "knee", "chest", "sternum", "arm", "forearm", "wrist", "hand", "head", "neck", "shoulder", "thoracic", "t12", "c7":
			return 0, bad
		case "waist", "sacrum", "sacral", "lumbar", "lowerback", "pelvis", "pelvic", "psis", "l3", "l4", "l5", "s1", "s2":
			strong[Waist] = true
		case "back", "hip", "hips", "trunk", "belt":
			weak[Waist] = true
		case "shoe", "shoes", "foot", "feet", "instep", "heel", "laces", "dorsum", "forefoot", "midfoot", "rearfoot", "footpod":
			strong[Shoe] = true
		case "shank", "shin", "tibia", "tibial", "ankle", "malleolus", "lowerleg":
			strong[Shank] = true
		case "leg":
			weak[Shank] = true
		}
	}
	for _, set := range [][3]bool{strong, weak} {
		found, p := 0, Waist
		for k, on := range set {
			if on {
				found++
				p = Placement(k)
			}
		}
		switch found {
		case 1:
			return p, nil
		case 0:
			continue
		}
		return 0, bad
	}
	return 0, bad
}

// Foot reports whether p is a sensor on one foot or leg (shoe, shank): its
// contacts are that foot's, its swing read from the gyro's principal axis.
func (p Placement) Foot() bool { return p == Shoe || p == Shank }

// String returns "waist", "shoe" or "shank", the names ParsePlacement
// reads.
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

// Activity is the kind of gait.
type Activity uint8

const (
	// Unknown: not enough contacts to tell.
	Unknown Activity = iota
	// Walking has no flight phase (duty factor above 0.5).
	Walking
	// Running has a flight phase.
	Running
)

// String returns "walking", "running" or "unknown".
func (a Activity) String() string {
	switch a {
	case Walking:
		return "walking"
	case Running:
		return "running"
	}
	return "unknown"
}

// ParseActivity reads "auto" (Unknown: detect), "walking" or "running".
func ParseActivity(s string) (Activity, error) {
	switch s {
	case "", "auto":
		return Unknown, nil
	case "walking", "walk":
		return Walking, nil
	case "running", "run":
		return Running, nil
	}
	return 0, fmt.Errorf("unknown activity %q (want auto, walking or running)", s)
}

// Side is the foot of a contact.
type Side byte

const (
	SideUnknown Side = 0   // not told (or too unsure to tell)
	Left        Side = 'L' // the left foot
	Right       Side = 'R' // the right foot
)

// String returns "L", "R", or "" for SideUnknown: the side column of the
// events CSV.
func (s Side) String() string {
	switch s {
	case Left:
		return "L"
	case Right:
		return "R"
	}
	return ""
}

// Opposite returns the other foot; SideUnknown stays unknown.
func (s Side) Opposite() Side {
	switch s {
	case Left:
		return Right
	case Right:
		return Left
	}
	return SideUnknown
}

// Contact is one foot contact as the engine reports it. Times are seconds on
// the input's own time base. Fields that cannot be measured are NaN.
type Contact struct {
	IC float64 // initial contact (foot strike), s
	FC float64 // final contact (toe-off), s; NaN when not found

	// Step is the time from this IC to the next IC of either foot, s. For
	// shoe and shank sensors, which see one foot, it is half the stride
	// that ends at this IC (the time since that foot's previous IC), so the
	// contact can be reported as soon as it is found. NaN where unknown
	// (last waist contact of a bout, first foot contact of a bout).
	Step float64
	// GCT is FC − IC, s.
	GCT float64
	// Flight is Step − GCT, s: the time with no foot on the ground after
	// this contact. Negative values (walking: double support) are reported
	// as 0. NaN when unknown.
	Flight float64

	Side     Side
	SideConf float64 // 0…1; 0 when Side is unknown

	// ImpactG is the peak vertical acceleration (gravity included; |a| on
	// a shoe or shank) in the first 50 ms after IC (at most half the
	// contact), in g.
	ImpactG float64
	// VO is the peak-to-peak vertical displacement of the sensor from this IC
	// to the next IC, m (waist only).
	VO float64
	// Braking is the forward speed lost during the contact, m/s: the minimum
	// of the integral of the forward acceleration (gravity removed) from IC
	// to FC or the next IC, whichever comes first (a walking toe-off comes
	// after the other foot's strike), negated (waist only).
	Braking float64

	// PeakDecel is the peak forward deceleration, g, positive (gait-methods
	// §9 "braking g"): of the trunk in the first 40 % of the contact
	// (waist), of the foot around foot strike (shoe with gyro).
	PeakDecel float64
	// LoadingRate is the steepest rise of vertical acceleration over 20 ms
	// (the same span at any sample rate), ending between IC and the first
	// third of the contact, g/s (waist: trunk; shoe/shank: |a|); NaN when
	// nothing rises there.
	LoadingRate float64
	// Pitch is the forward lean of the trunk over the step, rad, positive
	// forward (waist): relative to a standing calibration when PitchRef,
	// else relative to the sensor's mounting for anatomical channels (a
	// 20° mount reads −19.7°) and, in a sensor frame, to the trunk's
	// attitude over the first 0.5 s of gait (only its changes mean
	// something).
	Pitch float64
	// PitchRef tells that Pitch is relative to a standing calibration.
	PitchRef bool
	// Roll and Yaw are the ranges (max − min) of the pelvis rotation about
	// the forward and the vertical axis from this IC to the next, rad
	// (waist with gyro): pelvic drop and pelvic rotation.
	Roll, Yaw float64
	// Turn is the change of heading from this IC to the next, rad,
	// positive to the left (waist with gyro: the yaw rate integrated over
	// the step); NaN when unknown.
	Turn float64
	// StrikeAngle is, for a shoe with gyro, the sole pitch at IC relative
	// to the flat stance, rad, toe up positive (gaitmap ic_angle); for a
	// shank with gyro, the shank's forward tilt at IC, rad, the foot ahead
	// of the knee positive, taking the sensor axis nearest the vertical as
	// the tibia's (a mounting turned in the sagittal plane shifts every
	// angle by its turn); NaN otherwise.
	StrikeAngle float64
	// HarmonicRatio is the vertical harmonic ratio of the stride from the
	// previous IC to the next (Roche 2013: even over odd harmonics of the
	// stride frequency, first 10 of each; waist), computed on every 32nd
	// contact and NaN on the others.
	HarmonicRatio float64
	// StepReg and StrideReg are the unbiased autocorrelations of vertical
	// acceleration at the step and stride lags over the last 4 s
	// (Moe-Nilssen 2004; waist), first on a bout's 16th contact (NaN
	// before it: a pause or a gap starts a bout) and then every 32nd.
	StepReg, StrideReg float64
	// PeakRate is the largest angular rate over the step, rad/s: |ω| from
	// this IC to the next (waist), or the sagittal rate over the stride
	// that ends at this IC (shoe, shank). Measured with a gyro on one
	// contact in 8, NaN on the others: it tells a trunk (turning at most
	// ≈ 2 rad/s) from a foot or shank (swinging at 3.5–20 rad/s), see
	// Report.Warnings.
	PeakRate float64

	Activity Activity
	Clipped  bool // the accelerometer saturated during the contact
}
